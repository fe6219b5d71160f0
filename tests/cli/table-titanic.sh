#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# table-titanic.sh: the spreadsheet half from the command line: --preset titanic FILE,
# --table with column specs, the sheets' losses, least squares, descent, LM, MAE.
# Usage: sh tests/cli/table-titanic.sh ./fitplay   (fixtures from $FITPLAY_REF/titanic)
. "$(dirname "$0")/lib.inc"
ref=$reference/titanic
all=$ref/titanic-all-rows.csv
# near A B TOL: |A - B| <= TOL
near() { awk -v a="$1" -v b="$2" -v t="$3" 'BEGIN { d = a - b; if (d < 0) d = -d; exit !(a != "" && d <= t) }'; }
# json KEY: the numbers of the first "KEY": [...] in titanic-expected.json, comma-joined
json() { tr -d ' \n' <"$ref/titanic-expected.json" | sed -n "s/.*\"$1\":\[\([^]]*\)\].*/\1/p"; }
lin=$(tr -d ' \n' <"$ref/titanic-expected.json" | sed -n 's/.*"linear":{"params":\[\([^]]*\)\].*/\1/p')
r1=$(json params_relu1)
r2=$(json params_relu2)

# The preset: 712 rows, the sheets' ten inputs in order, least squares.
expect 0 "$bin" --preset titanic "$all" --info
[ "$(key n)" = 712 ] || fail "preset rows: $(key n)"
[ "$(key dropped)" = 179 ] || fail "dropped: $(key dropped)"
[ "$(key names)" = "w_SibSp,w_Parch,w_Age,w_Fare,w_Pclass_1,w_Pclass_2,w_Embarked_S,w_Embarked_C,w_Sex_male,w_Ones" ] ||
	fail "names: $(key names)"
near "$(key lsq_loss)" 0.1442271493 1e-9 || fail "lsq_loss $(key lsq_loss)"
err_has "dropped rows not reported" '179 dropped for a blank'
# --table FILE with the preset is the same; so is the sheets' own 712-row file.
expect 0 "$bin" --preset titanic --table "$all" --info
[ "$(key n)" = 712 ] || fail "--preset titanic --table: $(key n)"
expect 0 "$bin" --preset titanic "$ref/titanic-712.csv" --info
[ "$(key n)" = 712 ] && [ "$(key dropped)" = 0 ] || fail "titanic-712: $(key n) $(key dropped)"

# The sheets' coefficients give the sheets' losses.
expect 0 "$bin" --preset titanic "$all" --init "$lin" --info
near "$(key loss)" 0.1442271493 1e-9 || fail "linear loss $(key loss)"
near "$(key params | cut -d, -f10)" 0.6944119448688815 1e-15 || fail "--init: $(key params)"
near "$(key accuracy)" 0.797752808988764 1e-12 || fail "accuracy at 0.5: $(key accuracy)"
expect 0 "$bin" --preset titanic "$all" --model nnet:2 --init "$r1,$r2" --info
near "$(key loss)" 0.1431520964 1e-9 || fail "nnet:2 loss $(key loss)"
grep -q '^names: relu1.w_SibSp,.*,relu2.w_Fare,' "$tmp/out" || fail "nnet names: $(key names)"
grep -q '^lsq: none' "$tmp/out" || fail "nnet has no least squares"

# Descent from the seeded random start: the table's last row.
expect 0 "$bin" --preset titanic "$all" --batch --optim momentum --lr 0.1 --steps 500 --every 500
last=$(tail -n 1 "$tmp/out" | cut -f2)
near "$last" 0.1442271493073191 1e-6 || fail "linear descent: $last"
head -n 1 "$tmp/out" | grep -q "^step	loss	w_SibSp	" || fail "table header: $(head -n 1 "$tmp/out")"
expect 0 "$bin" --preset titanic "$all" --model nnet:2 --batch --optim adam --lr 0.01 --steps 1000 --every 1000
last=$(tail -n 1 "$tmp/out" | cut -f2)
awk -v l="$last" 'BEGIN { exit !(l != "" && l <= 0.1445) }' || fail "nnet:2 descent: $last"
# The notebook's rule, MAE, the notebook log: they run.
expect 0 "$bin" --preset titanic "$all" --batch --accumulate --lr 0.001 --steps 20 --every 20
expect 0 "$bin" --preset titanic "$all" --batch --loss mae --steps 50 --every 50
[ "$(wc -l <"$tmp/out")" = 3 ] || fail "mae table rows"
expect 0 "$bin" --preset titanic "$all" --batch --log notebook --steps 3
grep -q '^step=2; loss=0\.' "$tmp/out" || fail "notebook log: $(cat "$tmp/out")"
# Levenberg-Marquardt, the sheets' Solver.
expect 0 "$bin" --preset titanic "$all" --solve
near "$(key loss)" 0.1442271493073191 1e-6 || fail "LM linear: $(key loss)"
expect 0 "$bin" --preset titanic "$all" --model nnet:2 --solve
awk -v l="$(key loss)" 'BEGIN { exit !(l != "" && l <= 0.1445) }' || fail "LM nnet:2: $(key loss)"

# Columns by hand: the same ten inputs, and the defaults.
expect 0 "$bin" --table "$all" --target Survived \
	--inputs 'SibSp, Parch, Age:max, Fare:log, Pclass=1, Pclass=2, Embarked=S, Embarked=C, Sex=male' --info
near "$(key lsq_loss)" 0.1442271493 1e-9 || fail "--inputs by hand: $(key lsq_loss)"
[ "$(key model)" = linear ] || fail "a table's default model: $(key model)"
expect 0 "$bin" --table "$all" --info
[ "$(key names)" = "w_Pclass,w_Sex_male,w_Age,w_SibSp,w_Parch,w_Fare,w_Embarked_Q,w_Embarked_S,w_Ones" ] ||
	fail "default inputs: $(key names)"
[ "$(key n)" = 712 ] || fail "default rows: $(key n)"
expect 0 "$bin" --table "$all" --inputs Pclass:dummies,Sex --no-constant --info
[ "$(key names)" = "w_Pclass_2,w_Pclass_3,w_Sex_male" ] || fail "dummies: $(key names)"
[ "$(key n)" = 891 ] || fail "no blanks in these columns: $(key n)"
# Kaggle's train.csv layout: more columns, quoted names with commas and quotes, CRLF.
awk -F, 'NR == 1 { print "PassengerId,Survived,Pclass,Name,Sex,Age,SibSp,Parch,Ticket,Fare,Cabin,Embarked"; next }
{ printf "%d,%s,%s,\"Doe%d, Mr. \"\"Nick\"\" Name\",%s,%s,%s,%s,A/5 %d,%s,%s,%s\r\n", NR - 1, $1, $2, NR,
	$3, $4, $5, $6, 20000 + NR, $7, (NR % 5 == 0 ? "C" NR : ""), $8 }' "$all" >"$tmp/train.csv"
expect 0 "$bin" --preset titanic "$tmp/train.csv" --info
[ "$(key n)" = 712 ] || fail "train.csv layout: $(key n)"
near "$(key lsq_loss)" 0.1442271493 1e-9 || fail "train.csv layout lsq: $(key lsq_loss)"
expect 0 "$bin" --table "$tmp/train.csv" --info
[ "$(key names)" = "w_Pclass,w_Sex_male,w_Age,w_SibSp,w_Parch,w_Fare,w_Embarked_Q,w_Embarked_S,w_Ones" ] ||
	fail "train.csv default inputs (no id, name, ticket, cabin): $(key names)"
# The target column can be any numeric column.
expect 0 "$bin" --table "$all" --target Fare --inputs Pclass:dummies --info
[ "$(key n)" = 891 ] || fail "--target Fare: $(key n)"
# --target keeps its old meaning without a table.
expect 0 "$bin" --batch --target sine --steps 1
# stdin as a table.
expect 0 sh -c "\"$bin\" --preset titanic - --info <\"$all\""
grep -q '^n: 712$' "$tmp/out" || fail "stdin table"

finish
