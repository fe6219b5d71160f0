#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# robust-messages.sh: messages that say what is wrong, with exit status 2: the
# key-script limit is the number it says and names FILE:LINE; a table too wide for
# linear names the 4,096 limit; nnet on many inputs names the coefficient limit and
# what to do; 1e-400 and subnormal values in a CSV (both readers) are refused with
# FILE:LINE, not read as 0 nor called "too large"; --range whose width overflows is
# refused naming the value; --keys - with the data from - is refused.
# Usage: sh tests/cli/robust-messages.sh ./fitplay
. "$(dirname "$0")/lib.inc"
limit=120

# The key-script limit: 1,000,000 events are taken (q first: the run ends at once),
# one more is refused at the line that passes it.
awk 'BEGIN { s = ""; for (i = 0; i < 1000; i++) s = s "l"; print "q"
	for (j = 0; j < 999; j++) print "type " s; print "type " substr(s, 2) }' >"$tmp/million.keys"
expect 0 "$bin" --keys "$tmp/million.keys" --dump "$tmp/screen"
awk 'BEGIN { s = ""; for (i = 0; i < 1000; i++) s = s "l"; print "q"
	for (j = 0; j < 999; j++) print "type " s; print "type " s }' >"$tmp/over.keys"
expect 2 "$bin" --keys "$tmp/over.keys" --dump "$tmp/screen"
refused "key-script limit" "^fitplay: $tmp/over.keys:1001: too many events (more than 1000000 in one script)$"

# A table wider than linear takes: the limit, not "takes 1 input".
awk 'BEGIN { for (j = 1; j <= 5000; j++) printf "c%d,", j; print "y"
	for (i = 0; i < 3; i++) { for (j = 1; j <= 5000; j++) printf "%d,", (i * j) % 7; print i } }' >"$tmp/wide.csv"
expect 2 "$bin" --table "$tmp/wide.csv" --target y --batch --steps 1
refused "5000 columns" "model linear takes at most 4096 inputs per row, the data has 5001 (choose fewer columns with --inputs)" -F
# nnet:3 on 2,000 inputs: the limit and what to do.
awk 'BEGIN { for (j = 1; j <= 2000; j++) printf "c%d,", j; print "y"
	for (i = 0; i < 3; i++) { for (j = 1; j <= 2000; j++) printf "%d,", (i * j) % 7; print i } }' >"$tmp/w2000.csv"
expect 2 "$bin" --table "$tmp/w2000.csv" --target y --model nnet:3 --batch --steps 1
refused "nnet:3 on 2000 inputs" "over the limit of 4096: use fewer units or fewer inputs (--inputs)" -F

# Values below the smallest double: refused with FILE:LINE in both readers.
printf 'x,y\n1,2\n2,1e-400\n3,4\n' >"$tmp/tiny.csv"
expect 2 "$bin" --batch --steps 1 "$tmp/tiny.csv"
refused "1e-400 x,y" "tiny.csv:3: column 2 (y): '1e-400' is out of range (not 0, but below 2.2e-308" -F
expect 2 "$bin" --table "$tmp/tiny.csv" --target y --batch --steps 1
refused "1e-400 table" "tiny.csv:3: column 2 (y): '1e-400' is out of range (not 0, but below 2.2e-308" -F
printf 'x,y\n1e-310,1\n2e-310,2\n3e-310,3\n' >"$tmp/sub.csv"
for mode in --info --batch; do
	expect 2 "$bin" $mode --steps 1 "$tmp/sub.csv"
	refused "subnormal x $mode" "sub.csv:2: column 1 (x): '1e-310' is out of range (not 0" -F
	grep -q "too large" "$tmp/err" && fail "subnormal x called too large"
	expect 2 "$bin" $mode --steps 1 --table "$tmp/sub.csv" --target y
	refused "subnormal table $mode" "sub.csv:2: column 1 (x): '1e-310' is out of range (not 0" -F
done

# --range whose width overflows: refused naming the value (batch and explorer alike).
for r in a=-1e308,1e308 -1.7e308,1.7e308; do
	expect 2 "$bin" --batch --steps 1 --range "$r"
	refused "--range $r" "--range '$r': HI - LO overflows a double" -F
done
expect 2 "$bin" --batch --steps 1 --range 2,1
refused "--range 2,1" "--range '2,1': expected [NAME=]LO,HI with LO below HI" -F
expect 0 "$bin" --batch --steps 1 --range a=-1e307,1e307

# --keys - and the data from -: both cannot read stdin.
rm -f "$tmp/screen"
printf 'x,y\n1,2\n2,3\n' >"$tmp/xy.csv"
for data in - "--table -"; do
	# shellcheck disable=SC2086
	expect_stdin 2 "$bin" --keys - --dump "$tmp/screen" $data <"$tmp/xy.csv"
	refused "--keys - with $data" "--keys - and the data from - cannot both read stdin" -F
done
[ -e "$tmp/screen" ] && fail "a screen was dumped with --keys - and data from -"

finish
