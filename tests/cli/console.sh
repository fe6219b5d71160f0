#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# ui-console.sh: the notebook's console (C), per-view axes (z, r), and targets that
# can be seen (t, { }, m on x,y data), through key scripts without a terminal.
# Usage: tests/cli/console.sh BIN   (the lesson's numbers from $FITPLAY_REF)
bin=${1:-./fitplay}
export LC_ALL=C.UTF-8
ref=${FITPLAY_REF:-../shared/reference}/lesson3-expected.json
tmp=$(mktemp -d "${TMPDIR:-/tmp}/fitplay-console.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
fail() {
	echo "FAIL: $*"
	exit 1
}
[ -f "$ref" ] || fail "no reference $ref"

# run SCRIPT-TEXT [OPTIONS...]: replay, screen into $tmp/out.
run() {
	printf '%s\n' "$1" >"$tmp/k"
	shift
	"$bin" "$@" --keys "$tmp/k" --dump "$tmp/out" 2>"$tmp/err" || fail "exit $?: $(cat "$tmp/err")"
}

# --- The console: five Spaces under the notebook's rule print the lecture's loop.
# The reference's accumulate sequence, losses after updates 1..5, as %.2f.
awk '/"video"/ { v = 1 } v && /"mse_accumulate"/ { m = 1 } m && /loss_seq/ { s = 1; next }
     s && /\]/ { exit } s { gsub(/[ ,]/, ""); print }' "$ref" | sed -n 2,6p |
	while read -r l; do printf '%.2f\n' "$l"; done >"$tmp/want"
[ "$(wc -l <"$tmp/want")" -eq 5 ] || fail "reference: $(cat "$tmp/want")"
run 'C u Space Space Space Space Space'
grep -o 'step=[0-9]*; loss=[0-9.]*' "$tmp/out" >"$tmp/got"
i=0
while read -r l; do
	echo "step=$i; loss=$l"
	i=$((i + 1))
done <"$tmp/want" >"$tmp/want-lines"
cmp -s "$tmp/want-lines" "$tmp/got" || fail "console lines differ from the lecture's:
$(diff "$tmp/want-lines" "$tmp/got")"
grep -q 'step=0; loss=10.11 *a: 1.500 − 0.01 × (−10.99) = 1.610' "$tmp/out" ||
	fail "first update's arithmetic: $(grep step=0 "$tmp/out")"
# the sum of gradients under the notebook's rule: -10.99 + -10.01 = -21.00
grep -q 'a: 1.610 − 0.01 × (−21.00) = 1.820' "$tmp/out" || fail "accumulated gradient: $(grep step=1 "$tmp/out")"
# ASCII: no Unicode signs
run 'C Space' --ascii
grep -q 'step=0; loss=10.11 *a: 1.500 - 0.01 x (-10.99) = 1.610' "$tmp/out" || fail "ascii console: $(grep step= "$tmp/out")"
# off by default, C hides it again
run 'Space'
grep -q 'step=0' "$tmp/out" && fail "console shown by default"
run 'C Space C'
grep -q 'step=0' "$tmp/out" && fail "console not hidden by a second C"
# Adam: the step it took
run 'C o o Space'
grep -q 'a: 1.500 + 0.01000 = 1.510 (adam)' "$tmp/out" || fail "adam: $(grep step= "$tmp/out")"
# the selected coefficient
run 'C j Space'
grep -q 'b: 1.500 − 0.01 × (−2.123) = 1.521' "$tmp/out" || fail "b selected: $(grep step= "$tmp/out")"
# AUTO at 10000 steps a frame: the console shows the last steps, consecutive, up to
# the header's step (numbered from 0 as the lecture's loop).
run 'C + + + + + + + + + + + + + + + g
wait 3
g'
steps=$(sed -n 's/.*  step \([0-9]*\) .*/\1/p' "$tmp/out" | head -n 1)
[ "${steps:-0}" -ge 20000 ] || fail "AUTO ran $steps steps"
last=$(grep -o 'step=[0-9]*;' "$tmp/out" | tail -n 1 | tr -dc 0-9)
[ "$last" = $((steps - 1)) ] || fail "console's last line step=$last, header step $steps"
first=$(grep -o 'step=[0-9]*;' "$tmp/out" | head -n 1 | tr -dc 0-9)
n=$(grep -c 'step=[0-9]*;' "$tmp/out")
[ $((last - first + 1)) -eq "$n" ] || fail "console lines not consecutive ($first..$last, $n lines)"
# r: a new run starts the console again
run 'C Space Space r Space'
[ "$(grep -c 'step=[0-9]*;' "$tmp/out")" -eq 1 ] || fail "console after r: $(grep step= "$tmp/out")"

# --console opens with the strip; --target sine takes the target's own points and
# noise (as t does), unless --points or --noise say otherwise.
run 'Space' --console
grep -q 'step=0; loss=10.11' "$tmp/out" || fail "--console: $(grep -c step= "$tmp/out") lines"
[ "$("$bin" --target sine --info | sed -n 's/^n: //p')" = 40 ] || fail "--target sine: not 40 points"
[ "$("$bin" --target sine --points 25 --info | sed -n 's/^n: //p')" = 25 ] || fail "--points lost"
[ "$("$bin" --target quad --info | sed -n 's/^n: //p')" = 20 ] || fail "--target quad: not 20"

# --- Each view keeps its own axes: z in the landscape leaves the fit view's axes;
# r restores the axes the session started with.
run '' --lr 0.25
cut -c1-6 "$tmp/out" | sed -n 2,26p >"$tmp/axes0"
grep -q '│ 20' "$tmp/axes0" || fail "start axes: $(cat "$tmp/axes0")"
run 'Space Space Space Space Space Space Space Space v v z v v v v r' --lr 0.25
cut -c1-6 "$tmp/out" | sed -n 2,26p >"$tmp/axes1"
cmp -s "$tmp/axes0" "$tmp/axes1" || fail "the fit view's y axis after z in the landscape and r:
$(diff "$tmp/axes0" "$tmp/axes1")"
# z in the fit view re-fits it; r brings the start back
run 'Space Space Space Space Space Space Space Space z' --lr 0.25
cut -c1-6 "$tmp/out" | sed -n 2,26p | cmp -s - "$tmp/axes0" && fail "z in the fit view did not re-fit it"
run 'Space Space Space Space Space Space Space Space z r' --lr 0.25
cut -c1-6 "$tmp/out" | sed -n 2,26p | cmp -s - "$tmp/axes0" || fail "r did not restore the start axes"

# --- Targets that can be seen: t brings each target's own points and noise.
run 't'
grep -q 'plot: 40 points, sine, noise 0,0.15' "$tmp/out" || fail "sine: $(sed -n 2p "$tmp/out")"
grep -q '1.0┤' "$tmp/out" || fail "sine: y axis not the data's: $(cut -c1-8 "$tmp/out" | sed -n 2,30p)"
run 't t t t'
grep -q 'plot: 20 points, noise 0.3,1.5' "$tmp/out" || fail "back to quad: $(sed -n 2p "$tmp/out")"
grep -q 'MSE 11.4648' "$tmp/out" || fail "back to the lesson's data: $(head -n 1 "$tmp/out")"
# noise keys: } more, { less; the data changes and the title says the level
run '}'
grep -q 'noise 0.6,3 ' "$tmp/out" || fail "}: $(sed -n 2p "$tmp/out")"
grep -q 'MSE 11.4648' "$tmp/out" && fail "}: the data did not change"
run '{'
grep -q 'noise 0.15,0.75 ' "$tmp/out" || fail "{: $(sed -n 2p "$tmp/out")"
# down to zero: the points lie on the true function (least squares finds it exactly)
run '{ { { {'
grep -q 'noise 0,0 ' "$tmp/out" || fail "{ x4: $(sed -n 2p "$tmp/out")"
grep -q 'best MSE [0-9.]*e-1[0-9] ' "$tmp/out" || fail "noise 0: points off the curve: $(grep best "$tmp/out")"
run '{ { { { {'
grep -q 'noise is already zero' "$tmp/out" || fail "below zero: $(tail -n 3 "$tmp/out")"
run '{ n'
grep -q 'noise 0.15,0.75 ' "$tmp/out" || fail "n forgot the noise level: $(sed -n 2p "$tmp/out")"
printf 'x,y\n1,2\n2,3\n3,5\n' >"$tmp/d.csv"
run '}' --data "$tmp/d.csv"
grep -q 'not generated: no noise to change' "$tmp/out" || fail "} on a file: $(tail -n 3 "$tmp/out")"

# --- m on x,y data: only the models of one input (never linear, nnet).
seen=""
keys=""
for i in 1 2 3 4 5 6 7 8; do
	keys="$keys m"
	run "$keys"
	seen="$seen $(head -n 1 "$tmp/out" | sed 's/^ *//; s/^fitplay *//; s/ .*//')"
done
case $seen in *linear* | *nnet*) fail "m reached a table model on x,y data:$seen" ;; esac
case $seen in *relu:* | *relus*) ;; *) fail "m did not cycle the curve models:$seen" ;; esac
echo "ok: console, per-view axes, targets and noise"
