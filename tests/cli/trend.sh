#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# ui-trend.sh: honest words in the explorer's status line (issue 14, items 3 and 4),
# replayed without a terminal: after every Space the line says "falling" only when
# the header's loss fell and "rose"/"diverging" when it rose, at lr 0.25, under the
# notebook's rule, with momentum and with Adam; one `>` from 0.2 reaches 0.23, just
# above the limit 0.2215, and says so; the lesson script's lr chapter.
# Usage: tests/cli/trend.sh BIN
. "$(dirname "$0")/lib.inc"
export LC_ALL=C.UTF-8

# steps OPTIONS...: Space one to 12 times; each screen's loss against the last one's
# and the status word (the status line is the screen's second-to-last row or two).
steps() {
	prev=
	k=0
	keys=
	while [ $k -lt 12 ]; do
		k=$((k + 1))
		keys="$keys Space"
		printf '%s\n' "$keys" >"$tmp/k"
		"$bin" "$@" --size 120x30 --keys "$tmp/k" --dump "$tmp/out" 2>"$tmp/err" ||
			{ fail "$*: $k steps: exit status $?: $(cat "$tmp/err")"; return; }
		loss=$(head -n 1 "$tmp/out" | sed -n 's/.*MSE \([^ ]*\) .*/\1/p')
		status=$(tail -n 3 "$tmp/out" | head -n 2 | tr '\n' ' ')
		if [ -n "$prev" ]; then
			dir=$(awk -v a="$prev" -v b="$loss" 'BEGIN { print (b < a) ? "down" : (b > a * (1 + 1e-9)) ? "up" : "same" }')
			case "$dir:$status" in
			down:*rose:* | down:*diverging:*) fail "$*: step $k: the loss fell ($prev -> $loss) but: $status" ;;
			up:*falling* | up:*crawling*) fail "$*: step $k: the loss rose ($prev -> $loss) but: $status" ;;
			up:*rose:\ loss\ up* | up:*diverging:\ loss\ rose* | up:*converged*) rises=$((rises + 1)) ;;
			up:*) fail "$*: step $k: the loss rose ($prev -> $loss), no word for it: $status" ;;
			esac
			case "$status" in *"down -"*) fail "$*: step $k: a negative fall: $status" ;; esac
		fi
		prev=$loss
	done
}

rises=0
steps --lr 0.25
[ $rises -ge 3 ] || fail "lr 0.25: $rises rises seen"
printf 'Space\n' >"$tmp/k"
"$bin" --lr 0.25 --size 120x30 --keys "$tmp/k" --dump "$tmp/out"
grep -q "rose: loss up 31.4%: lr 0.25 is above the limit 0.2215, each step overshoots the valley" "$tmp/out" ||
	fail "lr 0.25, one Space: $(tail -n 3 "$tmp/out")"
grep -q "falling" "$tmp/out" && fail "lr 0.25, one Space: says falling"
rises=0
rises=0
for opts in "--optim momentum --lr 0.05" "--optim adam --lr 0.3"; do
	# shellcheck disable=SC2086
	steps $opts
done
[ $rises -ge 1 ] || fail "momentum/adam: no rise seen ($rises)"

# the notebook's rule: u first, then Spaces
prev=
k=0
keys=u
rises=0
while [ $k -lt 12 ]; do
	k=$((k + 1))
	keys="$keys Space"
	printf '%s\n' "$keys" >"$tmp/k"
	"$bin" --lr 0.25 --size 120x30 --keys "$tmp/k" --dump "$tmp/out" 2>"$tmp/err" || fail "u: exit status $?"
	loss=$(head -n 1 "$tmp/out" | sed -n 's/.*MSE \([^ ]*\) .*/\1/p')
	status=$(tail -n 3 "$tmp/out" | head -n 2 | tr '\n' ' ')
	if [ -n "$prev" ] && awk -v a="$prev" -v b="$loss" 'BEGIN { exit !(b > a) }'; then
		rises=$((rises + 1))
		case "$status" in *falling*) fail "u, lr 0.25, step $k: rose but: $status" ;; esac
		case "$status" in *"rose: loss up"*"notebook's rule"* | *diverging* | *DIVERGED*) ;;
		*) fail "u, lr 0.25, step $k: rose, no word: $status" ;; esac
	fi
	prev=$loss
done
[ $rises -ge 1 ] || fail "u, lr 0.25: no rise"

# item 4: from 0.2 one > reaches 0.23, just above the limit, and says where it stands
printf '> > > >\n>\n' >"$tmp/k"
"$bin" --size 120x30 --keys "$tmp/k" --dump "$tmp/out"
head -n 1 "$tmp/out" | grep -q "lr 0.23 " || fail "> x5 from 0.01: $(head -n 1 "$tmp/out")"
grep -q "lr 0.23 = 104% of the limit 0.2215: just above it" "$tmp/out" || fail "0.23: no word: $(tail -n 3 "$tmp/out")"
printf '> > > > > >\n' >"$tmp/k"
"$bin" --size 120x30 --keys "$tmp/k" --dump "$tmp/out"
head -n 1 "$tmp/out" | grep -q "lr 0.5 " || fail "> x6 from 0.01: $(head -n 1 "$tmp/out")"
printf '> > > > > > <\n' >"$tmp/k"
"$bin" --size 120x30 --keys "$tmp/k" --dump "$tmp/out"
head -n 1 "$tmp/out" | grep -q "lr 0.23 " || fail "< from 0.5: $(head -n 1 "$tmp/out")"
# a model without an exact limit (relu): the plain 1-2-5 ladder
printf '> > > > >\n' >"$tmp/k"
"$bin" --model relu --size 120x30 --keys "$tmp/k" --dump "$tmp/out"
head -n 1 "$tmp/out" | grep -q "lr 0.5 " || fail "relu: > x5: $(head -n 1 "$tmp/out")"

# the lesson script's lr chapter: three Spaces at 0.23, each "rose"/"diverging"
sed -n '1,/^# 3\. A learning rate too large/p' assets/walkthrough.keys | grep -v '^delay' >"$tmp/k"
sed -n '/^# 3\. A learning rate too large/,/^say > once more/p' assets/walkthrough.keys >>"$tmp/k"
"$bin" --keys "$tmp/k" --dump "$tmp/out" 2>"$tmp/err" || fail "lesson: exit status $?: $(cat "$tmp/err")"
head -n 1 "$tmp/out" | grep -q "step 3 .*lr 0.23" || fail "lesson: $(head -n 1 "$tmp/out")"
grep -q "diverging: loss rose 3 steps in a row; lr 0.23 is above the limit" "$tmp/out" ||
	fail "lesson at 0.23: $(tail -n 3 "$tmp/out")"
finish
