#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# table-ids.sh: default inputs leave out only what is clearly an identifier (a column
# named like one and counting the rows 1..n or 0..n-1): a Year,Sales table fits Year
# (its least-squares loss is the closed form's), PassengerId is left out, and what is
# left out is said on stderr (batch, --info) and in the explorer's status at start,
# with how to keep it; --inputs keeps it. A table with CR line ends (no LF) reads as
# the same table with LF.
# Usage: sh tests/cli/table-ids.sh ./fitplay
. "$(dirname "$0")/lib.inc"
limit=60

# Year 2001..2020 and Sales: y = 2 * (Year - 2000) + 10 + a wobble.
awk 'BEGIN { print "Year,Sales"; for (i = 1; i <= 20; i++) printf "%d,%g\n", 2000 + i, 2 * i + 10 + ((i * 7) % 5) - 2 }' >"$tmp/ys.csv"
# The closed form: simple regression's MSE, sum of squared residuals / n.
want=$(awk -F, 'NR > 1 { n++; x[n] = $1; y[n] = $2; sx += $1; sy += $2 }
END { mx = sx / n; my = sy / n; for (i = 1; i <= n; i++) { sxy += (x[i] - mx) * (y[i] - my); sxx += (x[i] - mx) ^ 2 }
	b = sxy / sxx; a = my - b * mx; for (i = 1; i <= n; i++) s += (y[i] - a - b * x[i]) ^ 2; printf "%.12g", s / n }' "$tmp/ys.csv")
expect 0 "$bin" --table "$tmp/ys.csv" --target Sales --info
[ "$(key names)" = "w_Year,w_Ones" ] || fail "Year left out: names $(key names)"
got=$(key lsq_loss)
awk -v g="$got" -v w="$want" 'BEGIN { d = g - w; if (d < 0) d = -d; exit !(w > 0 && d <= 1e-6 * w) }' ||
	fail "Year,Sales lsq_loss $got, the closed form gives $want"
[ -s "$tmp/err" ] && fail "a note though nothing is left out: $(cat "$tmp/err")"

# PassengerId counting 1..n is left out, and said so; Year counting 1..n stays.
awk 'BEGIN { print "PassengerId,Year,Sales"; for (i = 1; i <= 20; i++) printf "%d,%d,%d\n", i, i, 3 * i + (i % 4) }' >"$tmp/pid.csv"
note="left out PassengerId (an identifier: 1, 2, 3, ...; keep it with --inputs)"
expect 0 "$bin" --table "$tmp/pid.csv" --target Sales --info
[ "$(key names)" = "w_Year,w_Ones" ] || fail "PassengerId: names $(key names)"
err_has "--info note" "fitplay: $tmp/pid.csv: $note" -F
expect 0 "$bin" --table "$tmp/pid.csv" --target Sales --batch --steps 1
err_has "batch note" "fitplay: $tmp/pid.csv: $note" -F
expect 0 "$bin" --table "$tmp/pid.csv" --target Sales --inputs PassengerId,Year --info
[ "$(key names)" = "w_PassengerId,w_Year,w_Ones" ] || fail "--inputs PassengerId: $(key names)"
[ -s "$tmp/err" ] && fail "a note with --inputs: $(cat "$tmp/err")"
# the explorer says it at start
printf '# nothing\n' >"$tmp/k"
expect 0 "$bin" --table "$tmp/pid.csv" --target Sales --keys "$tmp/k" --dump - --size 160x30
grep -qF "$note" "$tmp/out" || fail "explorer status at start: $(tail -n 3 "$tmp/out")"
# a text column with too many values is said too
awk 'BEGIN { print "Name,Age,Sales"; for (i = 1; i <= 80; i++) printf "Person %d,%d,%d\n", i, 20 + i % 30, i % 7 }' >"$tmp/names.csv"
expect 0 "$bin" --table "$tmp/names.csv" --target Sales --info
err_has "text note" "left out Name (text with more than 64 different values)" -F

# CR line ends only: the same table as with LF (once "header only").
printf 'Survived,Age,Sex\r1,22,male\r0,38,female\r1,26,female\r0,35,male\r' >"$tmp/cr.csv"
tr '\r' '\n' <"$tmp/cr.csv" >"$tmp/lf.csv"
expect 0 "$bin" --table "$tmp/cr.csv" --info && cp "$tmp/out" "$tmp/cr.out"
expect 0 "$bin" --table "$tmp/lf.csv" --info
[ "$(key n)" = 4 ] || fail "LF table: n $(key n)"
sed 's/cr\.csv/lf.csv/' "$tmp/cr.out" | cmp -s - "$tmp/out" || fail "CR table differs from LF: $(head -c 300 "$tmp/cr.out")"
# and the x,y reader with CR, CRLF, LF mixed
printf 'x,y\r1,2\r\n2,4.5\n3,6\r' >"$tmp/xy.csv"
expect 0 "$bin" --info "$tmp/xy.csv"
[ "$(key n)" = 3 ] || fail "x,y with mixed ends: n $(key n)"

finish
