#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# ui-keys.sh: key scripts and explorer options without a terminal: script errors
# name FILE:LINE and exit 2 before anything runs; --size and --range are checked
# and applied; slider ends, typed values, the learning-rate ladder, models and
# units through the keys; the shipped lesson script runs to its end.
# Usage: tests/cli/keys.sh BIN
bin=${1:-./fitplay}
export LC_ALL=C.UTF-8
tmp=$(mktemp -d "${TMPDIR:-/tmp}/fitplay-keys.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
fail() {
	echo "FAIL: $*"
	exit 1
}

# run SCRIPT-TEXT [OPTIONS...]: replay, screen into $tmp/out, stderr into $tmp/err.
run() {
	printf '%s\n' "$1" >"$tmp/k"
	shift
	"$bin" "$@" --keys "$tmp/k" --dump "$tmp/out" 2>"$tmp/err"
}

# Script errors: exit 2, FILE:LINE, nothing dumped.
run "l l
j nosuchkey"
[ $? -eq 2 ] || fail "unknown key: exit status not 2"
grep -q "k:2: unknown key 'nosuchkey'" "$tmp/err" || fail "unknown key message: $(cat "$tmp/err")"
[ ! -s "$tmp/out" ] || fail "a screen was dumped for a bad script"
run "wait lots"
[ $? -eq 2 ] && grep -q "k:1: wait needs a whole number" "$tmp/err" || fail "wait: $(cat "$tmp/err")"
run "size 80by24"
[ $? -eq 2 ] || fail "bad size directive accepted"
"$bin" --keys "$tmp/no-such-file" --dump "$tmp/out" 2>"$tmp/err"
[ $? -eq 2 ] && grep -q "no-such-file" "$tmp/err" || fail "missing script: $(cat "$tmp/err")"
printf 'l\0l\n' >"$tmp/bin.keys"
"$bin" --keys "$tmp/bin.keys" --dump "$tmp/out" 2>"$tmp/err"
[ $? -eq 2 ] || fail "a binary script was accepted"

# --size
for bad in 0x10 100 100x 10x0 2000x30 axb; do
	"$bin" --size "$bad" --keys "$tmp/k" --dump "$tmp/out" 2>"$tmp/err" && fail "--size $bad accepted"
	grep -q -- "--size" "$tmp/err" || fail "--size $bad: no message"
done
run "" --size 50x15 || fail "--size 50x15"
[ "$(wc -l <"$tmp/out")" -eq 15 ] || fail "--size 50x15 gave $(wc -l <"$tmp/out") rows"
sed 's/./x/g' "$tmp/out" | awk 'length($0) > 50 { bad = 1 } END { exit bad }' || fail "rows wider than 50"
run "size 30x8" || fail "size directive"
grep -q "terminal too small" "$tmp/out" || fail "size 30x8: no 'too small'"
run "" --size 1x1 || fail "--size 1x1"

# --range: applied, slider stops at its end with a message; a bad one is refused.
run "l l l l l l l l l l l l l l l l l l l l l l l l l l l l l l" --range a=1,2 || fail "--range run"
grep -q " 2.000" "$tmp/out" || fail "a did not stop at 2 with --range a=1,2"
grep -q "end of its slider" "$tmp/out" || fail "no end-of-slider message"
run "h h h h h h h h h h h h h h h h h h h h h h h h h h h h h h h h h h h h" || fail "default range run"
grep -q "1.500" "$tmp/out" && grep -q " -1.500" "$tmp/out" || fail "default range -1.5..4.5 not applied"
run "" --range z=1,2
[ $? -eq 2 ] && grep -q "no coefficient 'z'" "$tmp/err" || fail "--range z=: $(cat "$tmp/err")"
run "" --range 2,1
[ $? -eq 2 ] || fail "--range 2,1 accepted"

# Enter: exact values; nan, inf, 1e999 and abc refused, old value kept.
for badv in nan inf -inf 1e999 abc ""; do
	run "Enter
type $badv
Enter" || fail "typing '$badv'"
	grep -q "1.500" "$tmp/out" || fail "a changed after typing '$badv'"
	head -n 1 "$tmp/out" | grep -q "MSE 11.4648" || fail "MSE changed after '$badv'"
done
run "Enter
type 2.9765
Enter" || fail "typing 2.9765"
grep -q "2.977" "$tmp/out" || fail "a = 2.9765 not taken"
run "Enter
type 3
Esc" || fail "Esc"
grep -q "cancelled" "$tmp/out" || fail "Esc did not cancel"
grep -q "3.000" "$tmp/out" && fail "Esc still set the value"

# < and > along 1-2-5; L types a rate.
run "> > > < <" || fail "ladder"
head -n 1 "$tmp/out" | grep -q "lr 0.02 " || fail "0.01 > > > < < is not 0.02"
run "L
type 0.123
Enter" || fail "L"
head -n 1 "$tmp/out" | grep -q "lr 0.123 " || fail "L 0.123"

# u, f, o, r, m, a, x, v, c, z, n, t do what they say and never show nan/inf.
run "u" && grep -q "notebook rule" "$tmp/out" || fail "u"
run "f" && head -n 1 "$tmp/out" | grep -q "MAE 2.41302" || fail "f: $(head -n 1 "$tmp/out")"
run "o" && grep -q "momentum" "$tmp/out" || fail "o"
run "l l Space r" && head -n 1 "$tmp/out" | grep -q "MSE 11.4648   step 0" || fail "r"
run "m" && head -n 1 "$tmp/out" | grep -q "relu" || fail "m"
run "a" && grep -q "fixed number of units" "$tmp/out" || fail "a on quad"
run "a a x" --model relus:2 && head -n 1 "$tmp/out" | grep -q "relus:3" || fail "a a x on relus:2"
run "n" && grep -q "new noise: seed 43" "$tmp/out" || fail "n"
run "t" && grep -q "target sine" "$tmp/out" || fail "t"
for k in m m m m m m m a x v c c c z g; do
	run "$k
wait 50" --model relus:2 || fail "key $k"
	grep -v "is not a finite" "$tmp/out" | grep -qiE 'nan|[^a-z]inf[^o]' && fail "nan/inf after $k"
done

# The learning-rate lab's keys on every kind of model, after some descent: no
# nan/inf; the solver and the sweep say what they did.
for model in quad relu relus:2; do
	for k in v p s w '[' ']' b G d; do
		run "g
wait 30
g
$k
$k" --model "$model" || fail "key $k on $model"
		grep -v "is not a finite" "$tmp/out" | grep -qiE 'nan|[^a-z]inf[^o]' &&
			fail "nan/inf after $k $k on $model"
	done
done
run "s" --model relus:2 && grep -q "LM: " "$tmp/out" || fail "s on relus:2: $(tail -n 3 "$tmp/out")"
run "w" --model relu && grep -q "sweep of 25 rates" "$tmp/out" || fail "w on relu"
run "f
w" && grep -q "sweep of 25 rates" "$tmp/out" || fail "w with MAE"
run "[" && grep -q "nothing to replay yet" "$tmp/out" || fail "[ at step 0"
run "b" && grep -q "run descent first" "$tmp/out" || fail "b at step 0"
run "Space b b" && grep -q "ghosts dropped" "$tmp/out" || fail "b b: no 'ghosts dropped'"
run "Space [ l" && head -n 1 "$tmp/out" | grep -q "REPLAY" && fail "l did not leave the replay"
printf 'x,y\n0,1\n1,2\n' >"$tmp/two.csv"
run "s" "$tmp/two.csv" && grep -q "at least as many points" "$tmp/out" || fail "s on 2 points"
run "G" "$tmp/two.csv" --model relu && grep -q "no guides here" "$tmp/out" || fail "G without guides"

# Data from a file: n and t explain why not.
printf 'x,y\n0,1\n1,2\n2,5\n' >"$tmp/d.csv"
run "n" "$tmp/d.csv" && grep -q "no noise to draw" "$tmp/out" || fail "n on a file"

# A script may quit early; the screen is still dumped.
run "q
l l" || fail "q"
grep -q "1.500" "$tmp/out" || fail "keys after q were applied"

# --show opens on a view from the registry; one that does not apply, or no such
# view, is refused naming the choices; v then cycles on from there.
run "" --show history && grep -q "loss history: MSE by step" "$tmp/out" || fail "--show history"
run "" --show landscape && grep -q "landscape: MSE over a" "$tmp/out" || fail "--show landscape"
run "v" --show landscape && grep -q "loss history: MSE by step" "$tmp/out" || fail "v after --show"
run "" --model relus:3 && cp "$tmp/out" "$tmp/fit"
run "" --show units --model relus:3 && ! cmp -s "$tmp/out" "$tmp/fit" || fail "--show units draws the fit"
run "" --show units
[ $? -eq 2 ] && grep -q "does not apply.*(here: fit, slope, landscape, history, sweep, sheet, matrix)" "$tmp/err" ||
	fail "--show units on quad: $(cat "$tmp/err")"
run "" --show nope
[ $? -eq 2 ] && grep -q "no such view (views: fit, predictions, units, slope, landscape, history, sweep, sheet, matrix)" "$tmp/err" ||
	fail "--show nope: $(cat "$tmp/err")"

# The shipped lesson script runs to its end.
"$bin" --keys assets/lesson3.keys --dump "$tmp/out" 2>"$tmp/err" || fail "lesson3.keys: $(cat "$tmp/err")"
grep -q "Your turn" "$tmp/out" || fail "lesson3.keys did not reach its end"
echo "ok: key scripts"
