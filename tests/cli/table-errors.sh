#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# table-errors.sh: bad tables and bad table options get a message naming the file,
# line and column, and exit status 2; nothing is left half done.
# Usage: sh tests/cli/table-errors.sh ./fitplay
. "$(dirname "$0")/lib.inc"
all=$reference/titanic/titanic-all-rows.csv
# bad MESSAGE-FRAGMENT ARGS...: exit 2, one line containing the fragment, no output
bad() {
	msg=$1
	shift
	expect 2 "$bin" --batch --steps 1 "$@"
	refused "$*" "$msg" -F
}
t=$tmp/t.csv

printf 'a,b\n1,2\n' >"$t"
bad "$t: no target column 'Survived' in the header (columns: a, b)" --table "$t" --target Survived
bad "$all: no input column 'age' in the header (columns: Survived, Pclass, Sex, Age," \
	--table "$all" --inputs Pclass,age
printf 'Survived,Age\n1,22\n0,38\n1,old\n0,35\n' >"$t"
bad "$t:4: column 2 (Age): 'old' is text in a numeric column" --table "$t" --inputs Age:max
bad "$t:4: column 2 (Age): 'old' is text in a numeric column" --table "$t"
printf 'Survived,Age\n1,22\nyes,38\n' >"$t"
bad "$t:3: column 1 (Survived): 'yes' is text in a numeric column (the target must be numbers)" --table "$t"
printf 'Survived,Age\n1,\n,38\n' >"$t"
bad "$t: no rows left: each of the 2 rows has a blank cell in a used column" --table "$t"
printf 'Survived,Age\n1,2\n0\n' >"$t"
bad "$t:3: 1 field where the header has 2" --table "$t"
printf 'Survived,Name\n1,"Braund, Mr\n' >"$t"
bad "$t:2:3: unterminated quote" --table "$t"
# The same file reader as x,y data: binary input, a FIFO with no writer, a directory.
bad "/dev/zero:1: contains a NUL byte" --table /dev/zero
mkfifo "$tmp/fifo"
bad "$tmp/fifo: no data (a pipe with nothing writing to it)" --table "$tmp/fifo"
bad "$tmp: is a directory" --table "$tmp"
printf 'Survived,Age\n' >"$t"
bad "$t: header only, no data rows" --table "$t"
: >"$t"
bad "$t: empty file, no header line" --table "$t"
bad "column 'Embarked' has no value 'X' in the rows kept" --table "$all" --inputs Embarked=X
bad "expected NAME:raw, NAME:max, NAME:log or NAME:dummies" --table "$all" --inputs Age:sqrt
bad "column 'Survived' is the target" --table "$all" --inputs Survived
bad "--preset titanic needs a table" --preset titanic
bad "--inputs and --no-constant need --table FILE" --inputs Age
bad "--target 'Survived': expected quad, sine, abs or step (or a column, with --table)" --target Survived
bad "two data files given" --table "$all" "$all"
bad "$tmp/nope.csv: No such file or directory" --table "$tmp/nope.csv"
bad "model quad takes 1 input per row, the data has 10" --preset titanic "$all" --model quad
bad "--init has 3 values, model linear has 10 coefficients (w_SibSp,w_Parch," --preset titanic "$all" --init 1,2,3

finish
