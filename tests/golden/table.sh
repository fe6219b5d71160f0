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
[ "$n" = 6 ] || bad "$n golden table screens, wanted 6"
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
# v: predictions, slope, landscape, loss history, predictions.
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
