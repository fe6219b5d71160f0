#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# robust-cli.sh: numbers typed on the command line (--lr, --init, --true, --noise,
# --xrange, --points, --seed, --steps, --every, --view): nan, inf, negative rates,
# 1e400, abc, empty, hex and the like are refused with one line naming the option and
# the value, exit status 2, nothing printed on stdout; values holding control bytes
# or invalid UTF-8 never reach the terminal raw; a long run keeps its memory flat.
# Usage: sh tests/cli/robust-cli.sh ./fitplay
. "$(dirname "$0")/lib.inc"
limit=20

# refuse OPTION VALUE: --OPTION VALUE and --OPTION=VALUE both exit 2, one line on
# stderr naming the option and the value.
refuse() {
	for form in sep eq; do
		if [ $form = sep ]; then
			expect 2 "$bin" --batch --steps 2 "--$1" "$2" || continue
		else
			expect 2 "$bin" --batch --steps 2 "--$1=$2" || continue
		fi
		if printf '%s' "$2" | iconv -f UTF-8 -t UTF-8 >/dev/null 2>&1; then
			shown=$(printf '%s' "$2" | LC_ALL=C tr '\000-\037\177' '?')
		else
			shown=$(printf '%s' "$2" | LC_ALL=C tr '\000-\037\177-\377' '?')
		fi
		refused "--$1 '$2' ($form)" "--$1 '$shown'" -F
	done
}

for v in nan NaN -nan inf -inf Infinity 1e400 -1e400 abc 12abc '' ' ' 0x10 0X1p3 \
	1,5 '1 2' 0 -0 -1 -0.01 1e-400 +-1 1e 1.2.3 '٣' "$(printf '1\n2')" "$(printf '\033[2J')"; do
	refuse lr "$v"
done
for opt in init true noise xrange view; do
	for v in nan inf 1e400 abc '' 0x10 ',' '1,,2' 'nan,1' '1,inf' '1,1e999' '1;2' \
		"$(printf '1,\033]0;x\007')"; do
		refuse "$opt" "$v"
	done
done
for opt in points seed steps every; do
	for v in nan inf -1 1e3 1.5 abc '' 0x10 ' 5' '5 ' +5 99999999999999999999999 \
		"$(printf '\3772')"; do
		refuse "$opt" "$v"
	done
done
refuse points 0
refuse points 100000001
refuse seed 4294967296
refuse every 0
refuse noise -1,0
refuse noise 0,-1
refuse xrange 2,1
refuse xrange 1,1
refuse view 3,-3
refuse true 1,2
refuse true 1,2,3,4
refuse loss ''
refuse optim 'gd;rm'

# Refused later, once the model is known, or by the model parser: still one line.
for a in "--init 1,2" "--model quad:3" "--model=" "--model relus:0" "--model nope"; do
	# shellcheck disable=SC2086
	expect 2 "$bin" --batch $a
	refused "$a" "init|model" -E
done

# Good values in every form read: exponents, signs, spaces around are fine.
for a in "--lr 1e-3" "--lr=.5" "--lr +0.01" "--init 1.5,-2e-1,3" "--true 3,2,1" \
	"--noise 0,0" "--xrange -1e3,1e3" "--points 1" "--seed 0" "--seed 4294967295" \
	"--steps 0" "--every 7" "--view -5,5"; do
	# shellcheck disable=SC2086
	expect 0 "$bin" --batch --steps 2 $a
done

# Unknown options and missing values: one clean line, exit 2.
for a in --nope -x --lr "--$(printf '\033[31m')red" -; do
	expect 2 "$bin" --batch "$a"
	one_line "'$a'"
	LC_ALL=C grep -q "$(printf '\033')" "$tmp/err" && fail "'$a': an escape code reached stderr"
done

# Memory stays flat: the maximum RSS after 10^7 steps is close to the one after 10^5
# (histories are bounded). No timing asserted.
rss() { # steps -> max RSS in kB
	/usr/bin/time -f '%M' -o "$tmp/rss" "$bin" --batch --every 100000000 --steps "$1" \
		>/dev/null 2>&1
	cat "$tmp/rss"
}
if [ -x /usr/bin/time ] && [ -z "${FITPLAY_SKIP_LONG:-}" ]; then
	small=$(rss 100000)
	big=$(rss 10000000)
	echo "max RSS: $small kB after 1e5 steps, $big kB after 1e7 steps"
	[ "$big" -le $((small + small / 4 + 2048)) ] || fail "memory grows: $small kB -> $big kB"
else
	echo "skip: no /usr/bin/time (or FITPLAY_SKIP_LONG set) for the memory test"
fi

finish
