#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# cli-sheet.sh: the sheet view (issue 15, item 1) without a terminal. The sum on
# screen (the sheet's own loss, row by row) is n times the mean fitplay shows, for
# tables and x,y data, MSE and MAE, at the start, after descent and after the
# solver; at the start it is n times --info's loss; the Titanic's first row reads as
# the file and the sheet have it (Age 22, Age/80 = 0.275, prediction -0.104 from the
# seeded start, computed apart); J K ^ $ ( ) move the cursor and the columns.
# Usage: tests/cli/sheet.sh BIN
. "$(dirname "$0")/lib.inc"
export LC_ALL=C.UTF-8
titanic=$reference/titanic/titanic-712.csv
[ -f "$titanic" ] || die "no fixture $titanic"

# shot KEYS OPTIONS...: replay KEYS on the sheet, the screen into $tmp/out
shot() {
	printf '%s\n' "$1" >"$tmp/k"
	shift
	"$bin" --show sheet "$@" --keys "$tmp/k" --dump "$tmp/out" 2>"$tmp/err" ||
		fail "$*: exit status $?: $(cat "$tmp/err")"
}
# sum_is_n_mean N WHAT: the screen's "sum of squares S = N × MSE M" (or "sum of
# |errors| S = N × MAE M") has N rows and S = N x M to the digits shown (S has 7
# significant digits, M 6: 1e-5 relative); prints S.
sum_is_n_mean() {
	line=$(grep -o "sum of [a-z|]* [0-9.e+-]* = [0-9]* × M[SA]E [0-9.e+-]*" "$tmp/out")
	[ -n "$line" ] || { fail "$2: no sum on screen: $(sed -n 3p "$tmp/out")"; return 0; }
	echo "$line" | awk -v n="$1" -v what="$2" '{
		s = $4; rows = $6; m = $9
		if (rows != n) { print "FAIL: " what ": " rows " rows, wanted " n; exit 1 }
		d = s - rows * m; if (d < 0) d = -d
		if (d > 1e-5 * s) { print "FAIL: " what ": sum " s " != " rows " x " m; exit 1 }
		print s }' || fail "$2: $line"
}

# The Titanic rows at the linear start: the sum equals 712 x --info's loss (17
# digits), so the sum is the sheet's own and not the header's number again.
"$bin" --preset titanic "$titanic" --info >"$tmp/info" 2>&1 || fail "--info"
loss=$(sed -n 's/^loss: //p' "$tmp/info")
shot "" --preset titanic "$titanic" --size 100x30
s=$(sum_is_n_mean 712 "titanic start")
awk -v s="$s" -v l="$loss" 'BEGIN { d = s - 712 * l; if (d < 0) d = -d; exit !(d <= 1e-6 * s) }' ||
	fail "titanic start: the sheet's sum $s is not 712 x --info's loss $loss"
grep -q "425 of 712 right (59.7%)" "$tmp/out" || fail "titanic start: no share right"
# the first passenger as the file has him, then as the model sees him
grep -q "│▶    1│1     0     22  7.25    3      S        male" "$tmp/out" ||
	fail "row 1's raw values: $(grep '▶' "$tmp/out" | head -n 1)"
shot ") ) ) ) ) ) ) )" --preset titanic "$titanic" --size 120x30
grep -q "Age *Fare" "$tmp/out" || fail "): no inputs: $(sed -n 6p "$tmp/out")"
grep "▶    1│" "$tmp/out" | grep -q "0.275 *0.9165" || fail "row 1's inputs: $(grep '▶' "$tmp/out" | head -n 1)"
# at the end of the row: prediction, truth and squared error of row 1
shot ") ) ) ) ) ) ) ) ) ) ) ) ) ) ) ) ) ) ) )" --preset titanic "$titanic" --size 120x30
grep -q "pred *truth *err²" "$tmp/out" || fail "no pred truth err² columns: $(sed -n 6p "$tmp/out")"
grep "▶    1│" "$tmp/out" | grep -q -- "-0.104 *0 *0.01081" || fail "row 1's prediction: $(grep '▶' "$tmp/out" | head -n 1)"

# After descent, the solver, on nnet:2, with MAE, on x,y data: always n x the mean.
shot "Space Space Space Space Space" --preset titanic "$titanic" --model nnet:2 --size 100x30
sum_is_n_mean 712 "nnet:2 after 5 steps" >/dev/null
shot "s" --preset titanic "$titanic" --size 100x30
sum_is_n_mean 712 "linear after the solver" >/dev/null
grep -q "sum of squares 102.6897 = 712 × MSE 0.144227" "$tmp/out" || fail "solver: not the sheets' 0.1442271493"
shot "Space Space" --preset titanic "$titanic" --loss mae --size 100x30
grep -q "sum of |errors|" "$tmp/out" || fail "MAE: not a sum of |errors|"
sum_is_n_mean 712 "titanic MAE" >/dev/null
for m in quad relu relu2 relus:3; do
	shot "Space Space Space" --model "$m" --size 100x30
	sum_is_n_mean 20 "$m" >/dev/null
	shot "Space" --model "$m" --loss mae --size 80x24
	sum_is_n_mean 20 "$m MAE" >/dev/null
done
# A big table (over 65,536 rows: the sum from the model's matrix products) and many
# x,y points (row by row, a share a frame in a terminal): n x the mean all the same.
awk 'BEGIN { srand(5); print "y,a,b,c"; for (i = 0; i < 70000; i++)
	printf "%d,%.3f,%.3f,%s\n", rand() < 0.4, rand() * 4, rand() - 0.5, rand() < 0.5 ? "p" : "q" }' >"$tmp/big.csv"
"$bin" --table "$tmp/big.csv" --target y --model nnet:2 --info >"$tmp/info" 2>&1 || fail "big --info"
loss=$(sed -n 's/^loss: //p' "$tmp/info")
shot "" --table "$tmp/big.csv" --target y --model nnet:2 --size 100x30
s=$(sum_is_n_mean 70000 "big table")
awk -v s="$s" -v l="$loss" 'BEGIN { d = s - 70000 * l; if (d < 0) d = -d; exit !(d <= 1e-6 * s) }' ||
	fail "big table: the sheet's sum $s is not 70000 x --info's loss $loss"
shot "Space" --model relus:4 --points 100000 --size 100x30
sum_is_n_mean 100000 "100000 points" >/dev/null
# quad's features: x², x, 1 under a, b, c
shot "" --size 100x30
grep -q "│row   │ *x² *x *1│" "$tmp/out" || fail "quad: no x² x 1: $(grep '│row' "$tmp/out")"
grep -q "│coef  │ *1.5 *1.5 *1.5│" "$tmp/out" || fail "quad: no a b c above them"

# Keys: J K move the cursor, ^ $ jump, and the title says where it is.
shot "J J J" --preset titanic "$titanic" --size 100x30
grep -q "sheet: rows 1-[0-9]* of 712, row 4" "$tmp/out" || fail "J: $(sed -n 2p "$tmp/out")"
shot "J J J K" --preset titanic "$titanic" --size 100x30
grep -q "of 712, row 3 " "$tmp/out" || fail "K: $(sed -n 2p "$tmp/out")"
shot "\$" --preset titanic "$titanic" --size 100x30
grep -q "of 712, row 712 " "$tmp/out" || fail "\$: $(sed -n 2p "$tmp/out")"
grep -q "│▶  712│" "$tmp/out" || fail "\$: the last row is not marked"
shot "\$ ^" --preset titanic "$titanic" --size 100x30
grep -q "sheet: rows 1-[0-9]* of 712, row 1 " "$tmp/out" || fail "^: $(sed -n 2p "$tmp/out")"
# past the ends nothing moves
shot "K K" --preset titanic "$titanic" --size 100x30
grep -q "of 712, row 1 " "$tmp/out" || fail "K at the top: $(sed -n 2p "$tmp/out")"
shot "\$ J J" --preset titanic "$titanic" --size 100x30
grep -q "of 712, row 712 " "$tmp/out" || fail "J at the end: $(sed -n 2p "$tmp/out")"
# ( ) scroll the columns; ( at the left edge stays
shot ") ( (" --preset titanic "$titanic" --size 100x30
grep -q "│row   │SibSp Parch Age" "$tmp/out" || fail "(: $(grep '│row' "$tmp/out")"
# the help lists the sheet's keys while it is shown
shot "?" --preset titanic "$titanic" --size 120x45
grep -q "sheet: the cursor one row down / up" "$tmp/out" || fail "help: no J K"
grep -q "sheet: scroll the columns left / right" "$tmp/out" || fail "help: no ( )"
# small screens draw without failing, no nan or inf anywhere
for sz in 80x24 60x20 40x12; do
	shot "J \$ )" --preset titanic "$titanic" --model nnet:2 --size "$sz"
	grep -qiE 'nan|[^a-z]inf[^o]' "$tmp/out" && fail "$sz: nan or inf on screen"
done
finish
