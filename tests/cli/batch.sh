#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# cli-batch.sh: the batch mode as a user runs it: the lecture's printed loop, the
# table, --info, divergence (exit 3, no nan/inf), usage errors (exit 2).
# Usage: sh tests/cli/batch.sh ./fitplay
. "$(dirname "$0")/lib.inc"

# The lecture's loop, with the notebook's rule, to the digit.
expect 0 "$bin" --batch --steps 6 --accumulate --log notebook
printf 'step=0; loss=11.46\nstep=1; loss=10.11\nstep=2; loss=7.88\nstep=3; loss=5.53\nstep=4; loss=3.86\nstep=5; loss=3.42\n' >"$tmp/want"
cmp -s "$tmp/out" "$tmp/want" || fail "notebook log: $(cat "$tmp/out")"
# Correct descent: 10.11, 8.99, 8.06, 7.28, 6.63.
expect 0 "$bin" --batch --steps 6 --log notebook
grep -q '^step=5; loss=6.63$' "$tmp/out" || fail "correct descent log: $(cat "$tmp/out")"

# The table: header, rows 0..N, %.17g.
expect 0 "$bin" --batch --steps 10
head -n 1 "$tmp/out" | grep -q "^step	loss	a	b	c	d_a	d_b	d_c$" || fail "table header"
[ "$(wc -l <"$tmp/out")" = 12 ] || fail "table rows: $(wc -l <"$tmp/out")"
grep -q '^0	11.46479232744322	1.5	1.5	1.5	-10.98869425326' "$tmp/out" || fail "row 0: $(sed -n 2p "$tmp/out")"
grep -q '^10	4.67351426872' "$tmp/out" || fail "row 10: $(tail -n 1 "$tmp/out")"
# --every: first, every K-th and the last.
expect 0 "$bin" --batch --steps 25 --every 10
[ "$(cut -f1 "$tmp/out" | tr '\n' ' ')" = "step 0 10 20 25 " ] || fail "--every rows: $(cut -f1 "$tmp/out" | tr '\n' ' ')"

# --info
expect 0 "$bin" --info
for k in n model loss grad lsq lsq_loss hessian_eigs lr_limit; do
	grep -q "^$k: " "$tmp/out" || fail "--info lacks $k"
done
grep -q '^loss: 11.46479232744322$' "$tmp/out" || fail "--info loss: $(grep '^loss' "$tmp/out")"
grep -q '^lr_limit: 0.2215286478' "$tmp/out" || fail "--info lr_limit: $(grep lr_limit "$tmp/out")"
grep -q '^lsq: 2.97645901485' "$tmp/out" || fail "--info lsq"
expect 0 "$bin" --info --preset lesson3-kaggle
grep -q '^loss_kind: mae$' "$tmp/out" || fail "kaggle preset loss kind"
grep -q '^loss: 2.42185451565514' "$tmp/out" || fail "kaggle preset MAE: $(grep '^loss' "$tmp/out")"
grep -q "^lr_limit: none (the limit 2/lambda_max holds for the MSE" "$tmp/out" || fail "MAE lr_limit: $(grep lr_limit "$tmp/out")"

# Converges at 0.1 to the least-squares optimum.
expect 0 "$bin" --batch --lr 0.1 --steps 3000 --every 3000
tail -n 1 "$tmp/out" | grep -q '	2.93868076018' || fail "lr 0.1 does not reach the optimum: $(tail -n 1 "$tmp/out")"

# Diverges at 0.24 and 1e6: exit 3, rows up to the last finite state, no nan/inf.
for lr in 0.24 1e6; do
	expect 3 "$bin" --batch --lr "$lr" --steps 100000 --every 1000
	grep -qi 'nan\|inf' "$tmp/out" "$tmp/err" && fail "lr $lr printed nan/inf"
	grep -q '^fitplay: diverged at step [0-9]' "$tmp/err" || fail "lr $lr: $(cat "$tmp/err")"
	k=$(sed -n 's/^fitplay: diverged at step \([0-9]*\).*/\1/p' "$tmp/err")
	last=$(tail -n 1 "$tmp/out" | cut -f1)
	[ "$last" = $((k - 1)) ] || fail "lr $lr: last row $last, diverged at $k"
done
expect 3 "$bin" --batch --lr 1e6 --steps 50 --log notebook
grep -qi 'nan\|inf' "$tmp/out" && fail "notebook log printed nan/inf"

# Usage errors: exit 2 with one line naming the option and value.
for args in "--lr abc" "--lr -1" "--lr nan" "--lr inf" "--lr 1e400" "--lr 0x10" "--lr=" \
	"--steps -3" "--every 0" "--init 1,2" "--init 1,,2" "--loss l1" "--model cubic" \
	"--preset nope" "--points 0" "--xrange 2,1" "--noise -1,1" "--seed abc" \
	"--true 1,2" "--bogus" "--log csv" "--optim sgdx"; do
	# shellcheck disable=SC2086
	expect 2 "$bin" --batch $args
	one_line "$args"
	err_has "$args" '^fitplay: '
done
expect 2 "$bin" --batch --lr abc
err_has "--lr abc" "--lr 'abc'"
expect 2 "$bin" --batch --init 1,2
err_has "--init 1,2" "model quad has 3 coefficients (a,b,c)"

# --help, --version; every long option of --help is in the man page.
expect 0 "$bin" --help
grep -q -- "--batch" "$tmp/out" || fail "--help"
man=$(sed 's/\\-/-/g; s/\\f[BIRP]//g' man/fitplay.1)
for o in $(grep -o -E -- '--[a-z][a-z0-9-]+' "$tmp/out" | sort -u); do
	echo "$man" | grep -q -- "$o" || fail "$o is in --help but not in man/fitplay.1"
done
expect 0 "$bin" --version
grep -q '^fitplay [0-9]' "$tmp/out" || fail "--version"

# Generated data options.
expect 0 "$bin" --info --true 1,0,0 --noise 0,0 --points 7 --xrange 0,6
grep -q '^n: 7$' "$tmp/out" || fail "--points"
grep -q '^lsq_loss: [0-9.e-]*$' "$tmp/out" || fail "noise-free lsq"
awk -F'[:,]' '/^lsq:/ { if ($2 < 0.999999 || $2 > 1.000001) exit 1 }' "$tmp/out" || fail "noise-free lsq a != 1: $(grep ^lsq: "$tmp/out")"

# No terminal and no --batch: batch output with a note, no escape codes.
"$bin" --steps 3 >"$tmp/out" 2>"$tmp/err" </dev/null
grep -q 'batch' "$tmp/err" || fail "no-terminal note: $(cat "$tmp/err")"
grep -q "$(printf '\033')" "$tmp/out" && fail "escape codes in redirected output"
[ "$(wc -l <"$tmp/out")" = 5 ] || fail "no-terminal table"

finish
