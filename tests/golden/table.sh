#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# ui-table.sh: the explorer on a table (issue 8), headless: golden screens from
# tests/golden/table-*.keys (their "# args:" line says TITANIC for the fixture
# $FITPLAY_REF/titanic/titanic-all-rows.csv; FITPLAY_REGEN=1 rewrites the screens),
# then the sliders' names and ranges, the share predicted right, the predictions
# view, the views that v cycles, and the keys that make no sense for a table.
# Usage: sh tests/golden/table.sh BIN   (runs under LC_ALL=C.UTF-8)
bin=${1:-./fitplay}
export LC_ALL=C.UTF-8
# Screens must not depend on the CPU: OpenBLAS picks its kernels by CPU, and their last
# bits can move a dot or a rounded digit. Prescott's kernels run on every x86-64 CPU.
case $(uname -m) in x86_64) export OPENBLAS_CORETYPE=Prescott ;; esac
all=${FITPLAY_REF:-../shared/reference}/titanic/titanic-all-rows.csv
tmp=$(mktemp -d "${TMPDIR:-/tmp}/fitplay-table.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
fail=0
bad() { echo "FAIL: $*"; fail=1; }
[ -f "$all" ] || { echo "FAIL: no fixture $all"; exit 1; }

# Golden screens.
n=0
for keys in tests/golden/table-*.keys; do
	name=$(basename "$keys" .keys)
	args=$(sed -n 's/^# args://p' "$keys" | head -n 1)
	want="tests/golden/$name.screen"
	set -f
	# shellcheck disable=SC2086
	set -- $args
	set +f
	for a; do
		shift
		[ "$a" = TITANIC ] && a=$all
		set -- "$@" "$a"
	done
	if ! "$bin" "$@" --keys "$keys" --dump "$tmp/$name.screen" 2>"$tmp/err"; then
		bad "$name: exit status: $(cat "$tmp/err")"
		continue
	fi
	n=$((n + 1))
	grep -qiE 'nan|[^a-z]inf[^o]' "$tmp/$name.screen" && bad "$name: nan or inf on screen"
	"$bin" "$@" --keys "$keys" --dump "$tmp/again" 2>/dev/null
	cmp -s "$tmp/again" "$tmp/$name.screen" || bad "$name: not deterministic"
	if [ "${FITPLAY_REGEN:-0}" = 1 ]; then
		cp "$tmp/$name.screen" "$want"
		echo "rewrote $want"
	elif [ ! -f "$want" ]; then
		bad "$name: no $want (FITPLAY_REGEN=1 writes it)"
	elif ! cmp -s "$want" "$tmp/$name.screen"; then
		bad "$name: the screen differs from $want:"
		diff "$want" "$tmp/$name.screen"
	fi
done
want=$(ls tests/golden/table-*.keys | wc -l)
[ "$n" = "$want" ] && [ "$n" -ge 6 ] || bad "$n golden table screens, wanted $want (6 at least)"
g=$tmp
has() { grep -q -- "$2" "$g/$1.screen" || bad "$1: no '$2'"; }
# The sheets' answer: 79.8% right (568 of 712), split by the truth.
has table-linear "MSE 0.144227  79.8% right"
has table-linear "568 of 712 right at 0.5"
has table-linear "o survived 204/288 above"
has table-linear ". did not 364/424 below"
has table-linear "best MSE 0.144227"
has table-linear "▶w_SibSp"
# the threshold line crosses the plot, survivors above it and the others below
awk '/0\.5┼─/ { t = NR } END { exit !t }' "$g/table-linear.screen" || bad "no 0.5 line"
# ASCII: sliders named after the inputs, five steps; the legend's counts alone
LC_ALL=C grep -q '[^ -~]' "$g/table-ascii.screen" && bad "table-ascii is not ASCII"
has table-ascii ">w_Sex_male"
has table-ascii "step 5"
has table-ascii "% right"
has table-ascii "o 120/288 above  . 331/424 below  -- 0.5"
# nnet:2: coefficients unit by unit, Braille loss history, the units message
has table-nnet "relu1.w_SibSp"
has table-nnet "loss history: MSE by step"
has table-nnet "nnet:2 keeps its 2 units here"
has table-nnet "step 1500"
LC_ALL=C grep -q "$(printf '\342[\240-\243]')" "$g/table-nnet.screen" || bad "table-nnet: no Braille"

# The sheet (issue 15): after the Solver the sum of squares is 712 x the sheets' MSE,
# the raw values beside the inputs, the coefficients above them, the cursor row.
has table-sheet-linear "sum of squares 102.6897 = 712 × MSE 0.144227"
has table-sheet-linear "568 of 712 right (79.8%)"
has table-sheet-linear "│coef  │ .*│-0.05493 -0.01393 -0.5121"
has table-sheet-linear "│▶    3│3      S        female│       0        0   0.325"
has table-sheet-nnet "sheet: rows 701-712 of 712, row 712"
has table-sheet-nnet "│row   │   sum2 relu2│   pred truth     err²"
has table-sheet-nnet "│▶  712│"
# The matrix view (issue 15 item 2): X · W run to the end; stepped (row 2's fourth
# product, the sum so far in Z's cell, the rows after it not computed); nnet:2's two
# columns, ReLUs and sum, the cursor's row beside W; at 80x24 the column of W being
# multiplied with a sign that another exists.
has table-matrix-linear "matrix: X · W = Z = p; rows 1-11 of 712"
has table-matrix-linear "X · W done: 11 cells"
has table-matrix-linear "│     2      1     0 0.47 1.86        1 │  0.398│      1"
has table-matrix-step "row 2, z: Fare = 1.859, × 0.099 = 0.183; sum 0.168 (4 of 10)"
has table-matrix-step "Σ = 0.168 so far: 4 of 10 products"
has table-matrix-step "│     2      0 0.47 1.86        1        0 │  0.168│      1"
has table-matrix-step "│     3      0 0.33 0.95        0        0 │      ·│      1"
has table-matrix-nnet "h = max(0, Z); p = Σh"
has table-matrix-nnet "│    ▶3      0 │  0.590 -3.019│  0.590  0.000│  0.590      1"
has table-matrix-nnet "Σ relu1 = 0.590 → Z, ReLU keeps it"
has table-matrix-nnet-step "│ W          ‹  relu2 │  row 1"
has table-matrix-nnet-step "Σ relu2 = -0.388 so far: 3 of 10 products"
# The help lists the view's own keys while it is shown.
printf '?\n' >"$tmp/k"
"$bin" --preset titanic "$all" --show matrix --size 120x40 --keys "$tmp/k" --dump "$tmp/out"
grep -q "one multiply-add of X times W" "$tmp/out" || bad "the matrix view's help lacks ."
grep -q "run the product cell by cell" "$tmp/out" || bad "the matrix view's help lacks ;"

# run SCRIPT-TEXT [OPTIONS...]: replay on the fixture, the screen into $tmp/out.
run() {
	printf '%s\n' "$1" >"$tmp/k"
	shift
	"$bin" --preset titanic "$all" "$@" --keys "$tmp/k" --dump "$tmp/out" 2>"$tmp/err" ||
		bad "exit status: $(cat "$tmp/err")"
}
says() { grep -q -- "$1" "$tmp/out" || { bad "no '$1' after: $(cat "$tmp/k")"; sed -n '26,29p' "$tmp/out"; }; }
# Slider ranges: -1..1 in steps of 0.01 (the start is RAND()-0.5): ten steps of
# Right from 0 give 0.1, and l at the end of the track says so.
run "Enter
0
Enter
l l l l l l l l l l" --size 100x30
says "▶w_SibSp .* 0.100"
run "Enter
1
Enter
l" --size 100x30
says "w_SibSp is at the end of its slider"
# The sheets' coefficients: 79.8% right, as --info's accuracy says.
lin=$(tr -d ' \n' <"$(dirname "$all")/titanic-expected.json" | sed -n 's/.*"linear":{"params":\[\([^]]*\)\].*/\1/p')
run "" --init "$lin" --size 100x30
says "MSE 0.144227  79.8% right"
# v: predictions, slope, landscape, loss history, sheet, matrix, predictions.
run "v" --size 100x30
says "slope: MSE along w_SibSp, 9 others held"
says "X now"
run "v
v" --size 100x30
says "landscape: MSE over w_SibSp"
run "v
v
v" --size 100x30
says "loss history: MSE by step"
run "v
v
v
v" --size 100x30
says "view: sheet (J K rows"
run "v
v
v
v
v" --size 100x30
says "view: matrix: X times W, ReLU, sum"
says "matrix: X · W = Z = p; rows 1-11 of 712"
run "v
v
v
v
v
v" --size 100x30
says "view: predictions against the truth"
says "predictions by truth"
# Keys that make no sense for a table say so, and change nothing. (e and E export the
# predictions: tests/cli/export-table.sh, which runs them in a temporary directory.)
for k in n t a x G d; do
	run "$k" --size 120x30
	grep -q "MSE 0.513093  59.7% right   step 0" "$tmp/out" || bad "$k changed the session"
	grep -q "predictions by truth" "$tmp/out" || bad "$k left the predictions view"
done
run "n" --size 120x30
says "no noise to draw"
run "t" --size 120x30
says "t cycles generated functions only"
run "a" --size 120x30
says "linear has no units: m switches to nnet"
run "G" --size 120x30
says "guides and residuals are drawn on a curve"
run "E" --size 120x30
# the prompt lists the formats of the table, as the message for an unknown one does
formats=$("$bin" --batch --preset lesson3 --steps 0 --export x.none 2>&1 </dev/null |
	sed -n 's/.*: unknown format (use \(.*\))$/\1/p')
case "$formats" in *.png*.gif*) ;; *) bad "no export formats in '$formats'" ;; esac
says "export to ($formats):"
# The help lists what a table's keys do, and leaves out the refused ones, as the
# key bar does; on a curve the same help has them.
run "?" --size 120x40
says "export through gnuplot"
says "one gradient-descent step"
for gone in "new noise sample" "next target function" "guides: true function" "residuals: point"; do
	grep -q -- "$gone" "$tmp/out" && bad "the table's help lists '$gone'"
done
"$bin" --keys "$tmp/k" --dump "$tmp/curve" --size 120x40 >/dev/null 2>&1
grep -q "new noise sample" "$tmp/curve" || bad "the curve's help lacks 'new noise sample'"
# m: linear -> nnet:2 -> linear, sliders renamed.
run "m" --size 100x30
says "model nnet:2: 20 coefficients"
says "relu1.w_SibSp"
run "m
m" --size 100x30
says "model linear: 10 coefficients"
# --range still sets a slider.
run "l" --range w_SibSp=-5,5 --size 100x30
says "w_SibSp .* 0.000"
# Narrow and tiny terminals draw without failing.
run "" --size 60x20
says "predictions"
run "" --size 40x12
says "right"

[ "$fail" = 0 ] && echo "ok: $n golden table screens"
exit "$fail"
