#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# ui-slope.sh: the slope view (issue 14, item 1) without a terminal: --show slope
# and the v cycle reach it; its x axis stays put while descent runs and z chooses it
# again; selecting another coefficient redraws it at once for that one; the tangent
# is labelled with the gradient the panel shows; every model, MAE, momentum, adam
# and the notebook's rule draw it with no nan or inf.
# Usage: tests/cli/slope.sh BIN
. "$(dirname "$0")/lib.inc"
export LC_ALL=C.UTF-8

# shot KEYS OPTIONS...: replay KEYS, the screen into $tmp/out
shot() {
	printf '%s\n' "$1" >"$tmp/k"
	shift
	"$bin" "$@" --keys "$tmp/k" --dump "$tmp/out" 2>"$tmp/err" ||
		fail "$*: exit status $?: $(cat "$tmp/err")"
}
# the x axis's labels (the row under the plot's axis line)
xlabels() { grep -A1 '└─*┬' "$tmp/out" | tail -n 1 | sed 's/││.*//'; }

shot "Space" --lr 0.25 --show slope --size 100x30
grep -q "slope: MSE along a, b and c held" "$tmp/out" || fail "title: $(sed -n 2p "$tmp/out")"
grep -q "slope 13.37" "$tmp/out" || fail "no tangent label slope 13.37"
grep -q "dL/da 13.37" "$tmp/out" || fail "the panel's gradient differs"
one=$(xlabels)
shot "Space Space Space Space" --lr 0.25 --show slope --size 100x30
[ "$(xlabels)" = "$one" ] || fail "the x axis moved while descent ran: '$one' then '$(xlabels)'"
shot "Space Space Space Space z" --lr 0.25 --show slope --size 100x30
[ "$(xlabels)" != "$one" ] || fail "z did not re-fit the axes: $(xlabels)"
# j: the next coefficient, drawn at once
shot "Space j" --lr 0.1 --show slope --size 100x30
grep -q "slope: MSE along b, a and c held" "$tmp/out" || fail "j: $(sed -n 2p "$tmp/out")"
grep -q "b − 0.1·slope" "$tmp/out" || fail "j: legend: $(grep 'X now' "$tmp/out")"
# v from the fit reaches it
shot "v" --size 100x30
grep -q "slope: MSE along a" "$tmp/out" || fail "v: $(sed -n 2p "$tmp/out")"
grep -q "view: slope" "$tmp/out" || fail "v: no word: $(tail -n 3 "$tmp/out")"
# every model, losses, optimizers and the notebook's rule
for opts in "--model relu" "--model relu2" "--model relus:3" "--optim momentum" \
	"--optim adam --lr 0.3" "--lr 0.5"; do
	# shellcheck disable=SC2086
	shot "Space Space Space f Space u Space Space" $opts --show slope --size 100x30
	grep -q "slope: MAE along" "$tmp/out" || fail "$opts: $(sed -n 2p "$tmp/out")"
	grep -q "X now" "$tmp/out" || fail "$opts: no legend"
	grep -qiE 'nan|[^a-z]inf[^o]' "$tmp/out" && fail "$opts: nan or inf on screen"
done
shot "Space Space" --optim momentum --show slope --size 120x30
grep -q "next step (momentum)" "$tmp/out" || fail "momentum legend: $(grep 'X now' "$tmp/out")"
shot "u Space Space" --show slope --size 120x30
grep -q "next step (notebook's rule)" "$tmp/out" || fail "u legend: $(grep 'X now' "$tmp/out")"
# ASCII and 80x24
shot "Space Space" --show slope --ascii --size 80x24
LC_ALL=C grep -q '[^ -~]' "$tmp/out" && fail "ASCII slope view has non-ASCII"
grep -q "X now  o tangent" "$tmp/out" || fail "ASCII legend: $(grep 'X now' "$tmp/out")"
finish
