#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# relu-cli.sh: the batch table and --info for every model --help lists (NAME:K with
# K = 3), the relu and relu2 presets, relus:8 descent on sin(3x), dead units reported
# in words, and bad specs. Usage: sh tests/cli/relu.sh BIN
. "$(dirname "$0")/lib.inc"

models=$("$bin" --help | sed -n 's/.*--model SPEC *model: \(.*\) (quad)$/\1/p' | tr -d ',')
[ -n "$models" ] || fail "--help lists no models"
for want in quad relu relu2 relus:K; do
	case " $models " in *" $want "*) ;; *) fail "--help does not list $want ($models)" ;; esac
done
for m in $models; do
	spec=$(echo "$m" | sed 's/:K$/:3/')
	# the table: a header, rows 0..3, 2 + 2*np columns in every line
	expect 0 "$bin" --batch --model "$spec" --steps 3
	[ "$(wc -l <"$tmp/out")" -eq 5 ] || fail "$spec: expected 5 lines: $(cat "$tmp/out")"
	awk -F'\t' 'NR == 1 { n = NF; if ($1 != "step" || $2 != "loss" || n < 4 || n % 2) exit 1 }
		NF != n { exit 1 } NR > 1 && $1 != NR - 2 { exit 1 }' "$tmp/out" ||
		fail "$spec: malformed table: $(head -2 "$tmp/out")"
	# --info: every key; closed forms only for linear models, else "none (why)"
	expect 0 "$bin" --batch --model "$spec" --info
	for key in n source model formula names params loss_kind loss grad lr lsq lsq_loss \
		hessian_eigs lr_limit; do
		grep -q "^$key: ." "$tmp/out" || fail "$spec: --info has no '$key:' line: $(cat "$tmp/out")"
	done
	[ "$(key model)" = "$spec" ] || fail "$spec: --info model line: $(key model)"
	case $spec in
	quad | linear)
		grep -q '^lr_limit: [0-9]' "$tmp/out" || fail "$spec: no lr_limit number" ;;
	*)
		grep -q '^lsq: none (.*not linear' "$tmp/out" || fail "$spec: lsq should say none: $(key lsq)"
		grep -q '^lr_limit: none (' "$tmp/out" || fail "$spec: lr_limit should say none" ;;
	esac
done

# The relus table's columns, by name.
expect 0 "$bin" --batch --model relus:2 --steps 0
head -n 1 "$tmp/out" >"$tmp/h"
printf 'step\tloss\tm1\tb1\tw1\tm2\tb2\tw2\tc\td_m1\td_b1\td_w1\td_m2\td_b2\td_w2\td_c\n' |
	cmp -s - "$tmp/h" || fail "relus:2 header: $(cat "$tmp/h")"

# The notebook's cells: relu at 1.5,1.5 and the double relu at -1.5,-1.5,1.5,1.5 on
# the lecture's data (MSE 33.63 and 31.02 by an independent computation in test-relu).
expect 0 "$bin" --batch --preset relu --info
[ "$(key model)" = relu ] || fail "preset relu model"
[ "$(key params)" = 1.5,1.5 ] || fail "preset relu start: $(key params)"
grep -q '^loss: 33.6298' "$tmp/out" || fail "preset relu loss: $(key loss)"
expect 0 "$bin" --batch --preset relu2 --steps 3 --log notebook
[ "$(head -1 "$tmp/out")" = "step=0; loss=31.02" ] || fail "preset relu2 first line: $(head -1 "$tmp/out")"
expect 0 "$bin" --batch --preset relu2 --info
[ "$(key params)" = -1.5,-1.5,1.5,1.5 ] || fail "preset relu2 start: $(key params)"
# a preset's start is dropped when the model changes
expect 0 "$bin" --batch --preset relu --model relus:2 --steps 1

# relus:8 on sin(3x): the MSE falls by at least 90% in 3000 Adam steps.
expect 0 "$bin" --batch --target sine --noise 0,0.05 --points 40 --xrange -2,2 --seed 42 \
	--model relus:8 --optim adam --lr 0.02 --steps 3000 --every 3000
cp "$tmp/out" "$tmp/s"
awk -F'\t' 'NR == 2 { a = $2 } NR == 3 { b = $2 } END { exit !(NR == 3 && b <= 0.1 * a) }' "$tmp/s" ||
	fail "relus:8 sine: MSE not cut by 90%: $(cut -f1,2 "$tmp/s" | tr '\n' ' ')"
# the same run twice gives the same bits
expect 0 "$bin" --batch --target sine --noise 0,0.05 --points 40 --xrange -2,2 --seed 42 \
	--model relus:8 --optim adam --lr 0.02 --steps 3000 --every 3000
cmp -s "$tmp/out" "$tmp/s" || fail "relus:8 descent is not deterministic"

# Every unit dead: zero gradient in words, not "converged", exit 0.
expect 0 "$bin" --batch --model relus:2 --init 1,-3,1,1,-3,1,0 --steps 200 --lr 0.1
err_has "dead units: no zero-gradient note" 'zero gradient'
grep -q 'converged' "$tmp/err" && fail "dead units reported as converged"
expect 0 "$bin" --batch --model relu --init 0,-1 --steps 5
err_has "dead relu: no zero-gradient note" 'zero gradient'

# The kink convention end to end: one point exactly on the kink (1*0.5 - 0.5 = 0),
# y = 1, so r = -1: the slope counts as 1, dL/dm = 2*r*x = -1, dL/db = 2*r = -2.
printf 'x,y\n0.5,1\n' >"$tmp/kink.csv"
expect 0 "$bin" --batch --model relu --init 1,-0.5 --info "$tmp/kink.csv"
[ "$(key loss)" = 1 ] || fail "kink loss: $(key loss)"
[ "$(key grad)" = -1,-2 ] || fail "kink gradient: $(key grad)"
expect 0 "$bin" --batch --model relus:1 --init 1,-0.5,3,0 --info "$tmp/kink.csv"
[ "$(key grad)" = -3,-6,0,-2 ] || fail "relus kink gradient: $(key grad)"

# Bad specs and sizes are usage errors that name the problem.
expect 2 "$bin" --batch --model relus:0
err_has "relus:0" 'number of units'
expect 2 "$bin" --batch --model relu:2
expect 2 "$bin" --batch --model relu --init 1,2,3
err_has "--init message names the coefficients" 'm,b'
# the largest K runs
expect 0 "$bin" --batch --model relus:256 --steps 2
finish
