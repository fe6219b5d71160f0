#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Every example in the README and the man page runs and does what its text says.
# The examples are read from the docs at run time: the README's `$ fitplay ...`
# lines in its code blocks and its inline `fitplay --...` commands (those without
# a placeholder such as NAME, or a pipe), and the man page's EXAMPLES. Each runs in
# a scratch directory (train.csv: the lesson's Titanic table; data.csv: the lesson's
# points; my.keys: the built-in lesson; demo.keys: an empty key script), without a terminal; one that would open the explorer runs it headless
# (an empty key script, --dump) so that its first screen is part of its output.
# What the text claims is checked: the exit status ("exit N" in its comment, else
# 0), the output lines the README shows under it, every number of three or more
# significant digits in its comment (e.g. "MSE 0.1442271493", "step 658") somewhere
# in what it printed, and every --export file written.
. "$(dirname "$0")/lib.inc"
repo=$(pwd)
reference=$(cd "$reference" && pwd) || die "no reference data"
ex="$tmp/examples"
ln -s "$repo/assets" "$tmp/assets" && ln -s "$reference/titanic/titanic-all-rows.csv" "$tmp/train.csv" &&
	cp "$reference/lesson3-video.csv" "$tmp/data.csv" && : >"$tmp/empty.keys" &&
	cp "$repo/assets/lesson3.keys" "$tmp/my.keys" && : >"$tmp/demo.keys" &&
	mkdir "$tmp/bin" && ln -s "$bin" "$tmp/bin/fitplay" || die "setup"
PATH="$tmp/bin:$PATH"
export PATH

# The examples, one record each: "CMD<TAB>COMMENT" then the expected output lines
# (README blocks), each as "OUT<TAB>line".
awk '
	/^```/ { inblock = !inblock; cmd = 0; next }
	inblock && /^\$ fitplay/ {
		line = substr($0, 3); comment = ""
		if ((i = index(line, "#")) > 0) { comment = substr(line, i + 1); line = substr(line, 1, i - 1) }
		sub(/[ \t]+$/, "", line)
		print "CMD\t" line "\t" comment; cmd = 1; next
	}
	inblock && /^\$/ { cmd = 0; next }
	inblock && cmd { print "OUT\t" $0; next }
	!inblock {
		s = $0
		while (match(s, /`fitplay --[^`]*`/)) {
			c = substr(s, RSTART + 1, RLENGTH - 2); s = substr(s, RSTART + RLENGTH)
			if (c !~ /[A-Z][A-Z]|[|<>]/) print "CMD\t" c "\t"
		}
	}' README.md >"$ex"
awk '/^\.SH EXAMPLES/ { on = 1; next } /^\.SH / { on = 0 }
	on && /^\.B fitplay/ { l = substr($0, 4); gsub(/\\-/, "-", l); print "CMD\t" l "\t" }' \
	man/fitplay.1 >>"$ex"
nreadme=$(grep -c '^CMD' "$ex")
[ "$nreadme" -ge 15 ] || die "only $nreadme examples found in README.md and man/fitplay.1"

# run_example CMD COMMENT EXPECTED-FILE
run_example() {
	cmd=$1 comment=$2 want=$3
	case " $cmd " in
	*" --batch "* | *" --info "* | *" --solve "* | *" --lr-sweep "* | *" --dump "* | *" --version "* | \
		*" --help "* | *" --completion "* | *" --export-deck "* | *" --json "*)
		run=$cmd screen= ;;
	*" --keys "*) run="$cmd --dump screen.txt" screen=screen.txt ;;
	*) run="$cmd --keys empty.keys --dump screen.txt" screen=screen.txt ;;
	esac
	status=0
	case "$comment" in *"exit "[0-9]*) status=$(echo "$comment" | sed 's/.*exit \([0-9]*\).*/\1/') ;; esac
	rm -f "$tmp/screen.txt"
	(cd "$tmp" && eval "timeout 300 $run" </dev/null >"$tmp/out" 2>"$tmp/err")
	got=$?
	[ "$got" = "$status" ] || { fail "'$cmd': exit $got, its text says $status: $(head -c 300 "$tmp/err")"; return; }
	cat "$tmp/out" "$tmp/err" ${screen:+"$tmp/$screen"} >"$tmp/all" 2>/dev/null
	[ -z "$screen" ] || grep -q '[a-z]' "$tmp/$screen" || fail "'$cmd': no screen"
	if [ -s "$want" ]; then
		cmp -s "$want" "$tmp/out" || fail "'$cmd': prints $(head -c 300 "$tmp/out"), the README shows $(cat "$want")"
	fi
	for n in $(echo "$comment" | grep -o '[0-9][0-9.]*[0-9]' | grep -E '[1-9][0-9]*\.?[0-9]*[0-9]{2}|[0-9]{3}'); do
		grep -qF -- "$n" "$tmp/all" || fail "'$cmd': its comment says $n, not in its output"
	done
	for f in $(echo "$cmd" | grep -o -- '--export [^ ]*' | cut -d' ' -f2); do
		[ -s "$tmp/$f" ] || fail "'$cmd': wrote no $f"
		rm -f "$tmp/$f"
	done
	echo "ok    $cmd"
}

count=0
cmd=
: >"$tmp/want"
while IFS="	" read -r kind a b; do
	if [ "$kind" = OUT ]; then
		printf '%s\n' "$a${b:+	$b}" >>"$tmp/want"
		continue
	fi
	[ -n "$cmd" ] && run_example "$cmd" "$comment" "$tmp/want" && count=$((count + 1))
	cmd=$a comment=$b
	: >"$tmp/want"
done <"$ex"
[ -n "$cmd" ] && run_example "$cmd" "$comment" "$tmp/want" && count=$((count + 1))
echo "$count examples run"
finish
