#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# lsq-cli.sh: least squares on rank-deficient data from the command line (issue 12,
# item 4): the minimum-norm answer, its rank and the collinear inputs named in
# --info; slider ranges in the explorer stay sane (one l press, a small change).
# Usage: sh tests/cli/lsq.sh BIN   (the Titanic fixture from $FITPLAY_REF/titanic)
. "$(dirname "$0")/lib.inc"
all=$reference/titanic/titanic-all-rows.csv
[ -f "$all" ] || die "no fixture $all"
# near A B TOL: |A - B| <= TOL
near() { awk -v a="$1" -v b="$2" -v t="$3" 'BEGIN { d = a - b; if (d < 0) d = -d; exit !(a != "" && d <= t) }'; }

# 20 points all at x = 5, y = 1..20: the best a quadratic can do is the mean (MSE
# 33.25, the variance), with the smallest coefficients that give it.
{
	echo x,y
	i=1
	while [ $i -le 20 ]; do echo "5,$i"; i=$((i + 1)); done
} >"$tmp/same.csv"
expect 0 "$bin" --info "$tmp/same.csv"
near "$(key lsq_loss)" 33.25 1e-9 || fail "all x equal: lsq_loss $(key lsq_loss), not 33.25"
[ "$(key lsq_rank)" = "1 of 3 (collinear: a, b, c)" ] || fail "all x equal: lsq_rank '$(key lsq_rank)'"
# theta = (25, 5, 1) * 10.5 / 651: a = 0.40322580645...
near "$(key lsq | cut -d, -f1)" 0.403225806451613 1e-12 || fail "all x equal: lsq $(key lsq)"

# Titanic, every level of Sex plus the constant: male + female = Ones.
expect 0 "$bin" --table "$all" --inputs 'Sex=male,Sex=female,Age:max' --info
lsq=$(key lsq_loss)
[ "$(key lsq_rank)" = "3 of 4 (collinear: w_Sex_male, w_Sex_female, w_Ones)" ] ||
	fail "titanic dummies: lsq_rank '$(key lsq_rank)'"
key lsq | tr ',' '\n' | awk '{ v = $1 < 0 ? -$1 : $1; if (v > 10) bad = 1 } END { exit bad }' ||
	fail "titanic dummies: lsq $(key lsq)"
expect 0 "$bin" --table "$all" --inputs 'Sex=male,Sex=female,Age:max' --solve
near "$lsq" "$(key loss)" 1e-9 || fail "titanic dummies: lsq_loss $lsq, --solve reaches $(key loss)"
# the explorer: one l on the first slider moves the MSE a little, not to 1e21
printf 'l\n' >"$tmp/l.keys"
expect 0 "$bin" --table "$all" --inputs 'Sex=male,Sex=female,Age:max' --size 100x30 \
	--keys "$tmp/l.keys" --dump "$tmp/l.screen"
mse=$(sed -n '1s/.*MSE \([0-9.e+-]*\).*/\1/p' "$tmp/l.screen")
awk -v m="$mse" 'BEGIN { exit !(m != "" && m + 0 < 1) }' || fail "one l: MSE '$mse'"
grep -q 'rank 3 of 4 (collinear:' "$tmp/l.screen" || fail "the panel does not name the rank"

# Fewer rows than coefficients: the smallest answer through every row, not a refusal.
printf 'a,b,c,d,e,y\n1,2,3,4,5,1\n2,1,0,3,1,0\n0,1,1,2,2,1\n' >"$tmp/wide.csv"
expect 0 "$bin" --table "$tmp/wide.csv" --target y --info
[ "$(key lsq_rank)" = "3 of 6 (more coefficients than rows: the smallest answer)" ] ||
	fail "wide: lsq_rank '$(key lsq_rank)'"
near "$(key lsq_loss)" 0 1e-20 || fail "wide: lsq_loss $(key lsq_loss)"
finish
