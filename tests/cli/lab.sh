#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# lab-cli.sh: the learning-rate lab in batch mode: --solve (Levenberg-Marquardt's
# key: value lines, the least-squares optimum in a few iterations) and --lr-sweep
# (the table, its verdicts, the lesson's divergence boundary, overflow, no nan/inf),
# usage errors (exit 2), and both options in --help and the man page.
# Usage: sh tests/cli/lab.sh ./fitplay
. "$(dirname "$0")/lib.inc"
# close A B REL: |A - B| <= REL * |B|
close() { awk -v a="$1" -v b="$2" -v r="$3" 'BEGIN { d = a - b; if (d < 0) d = -d; m = b < 0 ? -b : b; exit !(d <= r * m) }'; }

# --solve on the lesson: the least-squares optimum (2.9765, 2.2201, 1.3249; MSE 2.9387)
expect 0 "$bin" --solve
for k in solver status reason iterations evaluations loss_kind start_loss loss descent_steps names start params; do
	grep -q "^$k: " "$tmp/out" || fail "--solve: no $k line: $(cat "$tmp/out")"
done
[ "$(key status)" = converged ] || fail "--solve status: $(key status)"
it=$(key iterations)
[ "$it" -ge 1 ] && [ "$it" -le 10 ] || fail "--solve iterations: $it"
# ... against hundreds of descent steps at --lr 0.01; none at a rate that diverges
ds=$(key descent_steps)
[ "$ds" -ge 100 ] && [ "$ds" -le 1000 ] || fail "--solve descent_steps: $ds"
expect 0 "$bin" --solve --lr 0.3
key descent_steps | grep -q '^none (not within' || fail "--solve --lr 0.3 descent_steps: $(key descent_steps)"
close "$(key loss)" 2.9386807601822724 1e-9 || fail "--solve loss: $(key loss)"
close "$(key start_loss)" 11.46479232744322 1e-12 || fail "--solve start_loss: $(key start_loss)"
set -- $(key params | tr ',' ' ') '' '' ''
close "$1" 2.9764590148500267 1e-6 || fail "--solve a: $1"
close "$2" 2.2201491809604246 1e-6 || fail "--solve b: $2"
close "$3" 1.324893046405807 1e-6 || fail "--solve c: $3"
[ "$(key names)" = a,b,c ] || fail "--solve names: $(key names)"
# It compares with --info's closed form.
lsq=$("$bin" --info | sed -n 's/^lsq_loss: //p')
close "$(key loss)" "$lsq" 1e-9 || fail "--solve loss $(key loss) vs lsq_loss $lsq"
# From another start, the same answer; the kaggle preset too.
expect 0 "$bin" --solve --init 10,-10,5
close "$(key loss)" 2.9386807601822724 1e-9 || fail "--solve from 10,-10,5: $(key loss)"
expect 0 "$bin" --solve --preset lesson3-kaggle
close "$(key loss)" 1.6923677146552674 1e-9 || fail "--solve kaggle: $(key loss)"
# ReLU models (when present): it runs and improves on the start.
for m in relu relu2 relus:4; do
	"$bin" --help | grep -q "${m%%:*}" || continue
	expect 0 "$bin" --solve --model "$m" --target sine --points 60
	awk -v a="$(key loss)" -v b="$(key start_loss)" 'BEGIN { exit !(a <= b) }' ||
		fail "--solve $m: loss $(key loss) above start $(key start_loss)"
	[ "$(key params | tr ',' '\n' | wc -l)" -ge 2 ] || fail "--solve $m params"
done
# The spreadsheet half: Excel's Solver on the Titanic table, linear model, 0.14423.
ref=$reference/titanic/titanic-712.csv
if [ -f "$ref" ] && "$bin" --help | grep -q titanic; then
	expect 0 "$bin" --preset titanic "$ref" --solve
	close "$(key loss)" 0.1442271493085148 1e-9 || fail "--solve titanic: $(key loss)"
	[ "$(key status)" = converged ] || fail "--solve titanic status: $(key status)"
fi
# Too few points for the coefficients: a clear error, exit 2.
if "$bin" --help | grep -q 'relus:K'; then
	expect 2 "$bin" --solve --model relus:10 --points 20
	err_has "--solve too few points" "at least"
fi

# --lr-sweep: header, N rows, three tab-separated columns, verdicts.
expect 0 "$bin" --lr-sweep 0.001,0.3,12 --steps 200
[ "$(head -n 1 "$tmp/out")" = "lr	final_loss	verdict" ] || fail "sweep header: $(head -n 1 "$tmp/out")"
[ "$(wc -l <"$tmp/out")" = 13 ] || fail "sweep rows: $(wc -l <"$tmp/out")"
awk -F'\t' 'NR > 1 && (NF != 3 || $3 !~ /^(converged|crawling|diverged)$/) { exit 1 }' "$tmp/out" ||
	fail "sweep row format: $(cat "$tmp/out")"
grep -q '^0.001	3.525' "$tmp/out" || fail "sweep 0.001: MSE 3.53 after 200 steps: $(sed -n 2p "$tmp/out")"
grep -q '^0.001	.*	crawling$' "$tmp/out" || fail "sweep 0.001 crawls"
grep -q '^0.3	8.3[0-9]*e+93	diverged$' "$tmp/out" || fail "sweep 0.3: about 1e94: $(tail -n 1 "$tmp/out")"
grep -qi 'nan\|inf' "$tmp/out" && fail "sweep prints nan/inf"
# The lesson's boundary: every rate up to 0.2 holds, every rate from 0.25 diverges.
expect 0 "$bin" --lr-sweep 0.15,0.3,16 --steps 100
awk -F'\t' 'NR > 1 && $1 <= 0.2 && $3 == "diverged" { exit 1 }
	NR > 1 && $1 >= 0.25 && $3 != "diverged" { exit 1 }' "$tmp/out" ||
	fail "boundary not between 0.2 and 0.25: $(cat "$tmp/out")"
first=$(awk -F'\t' 'NR > 1 && $3 == "diverged" { print $1; exit }' "$tmp/out")
awk -v f="$first" 'BEGIN { exit !(f > 0.2 && f <= 0.25) }' || fail "first diverged rate $first"
# A run that overflows prints "overflow", never nan/inf; the sweep itself exits 0.
expect 0 "$bin" --lr-sweep 1,1000,4 --steps 2000
[ "$(grep -c '	overflow	diverged$' "$tmp/out")" = 4 ] || fail "overflow rows: $(cat "$tmp/out")"
grep -qi 'nan\|inf' "$tmp/out" && fail "overflow sweep prints nan/inf"
# One rate; other optimizers; rates print short (0.1, not 0.10000000000000001).
expect 0 "$bin" --lr-sweep 0.1,0.1,1
[ "$(sed -n 2p "$tmp/out" | cut -f1)" = 0.1 ] || fail "one rate: $(cat "$tmp/out")"
expect 0 "$bin" --lr-sweep 0.01,0.1,3 --optim momentum --steps 300
[ "$(cut -f3 "$tmp/out" | tail -n 3 | sort -u)" = converged ] || fail "momentum sweep: $(cat "$tmp/out")"
# The lesson's verdicts are against its least-squares MSE, and stderr says so.
expect 0 "$bin" --lr-sweep 0.01,0.1,3
err_has "sweep reference (lesson)" "^fitplay: --lr-sweep: reference: the least-squares MSE 2.93868 "
# Without a closed form (a ReLU model, or MAE) the reference is the sweep's lowest loss,
# and a run is converged only when it has also settled: rates that barely moved in 10
# steps (72.1665 -> 72.1378) crawl, as does 0.01, still falling fast at 16.17; with
# 3000 steps 0.01 reaches the floor (2.46; MAE 1.70) and converges, 1e-6 still crawls.
for loss in mse mae; do
	expect 0 "$bin" --lr-sweep 1e-7,1e-6,3 --steps 10 --model relus:4 --loss $loss
	[ "$(cut -f3 "$tmp/out" | tail -n 3 | sort -u)" = crawling ] ||
		fail "barely moved, $loss: $(cat "$tmp/out")"
	err_has "sweep reference ($loss)" "reference: the sweep's lowest $(echo $loss | tr a-z A-Z) [0-9.]*, no closed form here"
	one_line "sweep reference ($loss)"
	expect 0 "$bin" --lr-sweep 1e-6,0.01,3 --steps 10 --model relus:4 --loss $loss
	[ "$(cut -f3 "$tmp/out" | tail -n 3 | sort -u)" = crawling ] ||
		fail "10 steps, $loss: $(cat "$tmp/out")"
	expect 0 "$bin" --lr-sweep 1e-6,0.01,3 --steps 3000 --model relus:4 --loss $loss
	grep -q '^1e-06	.*	crawling$' "$tmp/out" || fail "1e-6, 3000 steps, $loss: $(cat "$tmp/out")"
	grep -q '^0.01	.*	converged$' "$tmp/out" || fail "0.01, 3000 steps, $loss: $(cat "$tmp/out")"
done
grep -q '^0.01	1.696' "$tmp/out" || fail "MAE 0.01 after 3000 steps: $(cat "$tmp/out")"
# A huge curvature is a tiny limit, not "the loss does not curve up": x up to 2e76
# makes the largest eigenvalue 7.2e304, and the estimate agrees with the exact 2.77e-305.
awk 'BEGIN { print "x,y"; for (i = 1; i <= 20; i++) printf "%.17g,%.17g\n", i * 1e75, 3 * (i * 1e75)^2 }' >"$tmp/huge.csv"
expect 0 "$bin" --info "$tmp/huge.csv"
grep -q '^lr_limit: 2.76753022834' "$tmp/out" || fail "huge exact limit: $(grep lr_limit "$tmp/out")"
grep -q '^lr_limit_estimate: 2.767530228[0-9]*e-305$' "$tmp/out" ||
	fail "huge estimate: $(grep lr_limit_estimate "$tmp/out")"
# The sweep works without a terminal and without --batch (it implies it).
"$bin" --lr-sweep 0.01,0.1,2 </dev/null 2>"$tmp/err" | head -n 1 | grep -q '^lr	' || fail "sweep without --batch"

# Usage errors: exit 2 with one line naming the option.
for bad in 0,1,3 1,0.5,3 1,2,0 1,2,2.5 1,2 x 1,2,1001 -1,2,3 nan,1,2; do
	expect 2 "$bin" --lr-sweep "$bad"
	err_has "--lr-sweep $bad" "--lr-sweep '$bad'"
done

# Documented: --help and the man page.
for o in --solve --lr-sweep; do
	"$bin" --help | grep -q -- "$o" || fail "$o missing from --help"
	grep -q -- "$(echo "$o" | sed 's/-/\\\\-/g')" man/fitplay.1 || fail "$o missing from man/fitplay.1"
done

finish
