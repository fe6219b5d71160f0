#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# cli-data.sh: CSV data files: good ones read the same as the generated data, bad
# ones get one line naming the file, line and column, and exit status 2.
# Usage: sh tests/cli/data.sh ./fitplay
. "$(dirname "$0")/lib.inc"

# The reference CSV gives the lesson's numbers.
expect 0 "$bin" --info "$reference/lesson3-video.csv"
grep -q '^loss: 11.46479232744322$' "$tmp/out" || fail "reference CSV loss: $(grep '^loss' "$tmp/out")"
expect_stdin 0 "$bin" --info --data - <"$reference/lesson3-video.csv"
grep -q '^loss: 11.46479232744322$' "$tmp/out" || fail "stdin loss"
# CRLF, BOM, quotes, blank lines read the same.
printf '\357\273\277"x","y"\r\n1,2\r\n\r\n"3", 4\r\n5,6.5e0\r\n' >"$tmp/crlf.csv"
expect 0 "$bin" --info "$tmp/crlf.csv"
grep -q '^n: 3$' "$tmp/out" || fail "CRLF/BOM/quotes n"
# Numbers in the C locale whatever LC_ALL says.
expect 0 env LC_ALL=de_DE.UTF-8 "$bin" --info "$tmp/crlf.csv"

# bad FILE CONTENT EXPECTED-MESSAGE-REGEX
bad() {
	printf "$2" >"$tmp/$1"
	expect 2 "$bin" --batch "$tmp/$1"
	refused "$1" "$3" -E
}
bad empty.csv '' "empty.csv(:[0-9:]+)?: .*empty"
bad header.csv 'x,y\n' "header.csv(:[0-9:]+)?: .*header"
bad text.csv 'x,y\n1,2\n3,abc\n' "text.csv:3(:[0-9]+)?: column 2 .*'abc' is not a number"
bad mixed.csv '1,2\n12abc,3\n' "mixed.csv:2(:[0-9]+)?: column 1 .*'12abc'"
bad nan.csv '1,2\nnan,3\n' "nan.csv:2(:[0-9]+)?: column 1 .*'nan' is not a finite number"
bad inf.csv '1,2\n2,inf\n' "inf.csv:2(:[0-9]+)?: column 2 .*'inf' is not a finite number"
bad huge.csv '1,2\n2,1e999\n' "huge.csv:2(:[0-9]+)?: column 2 .*'1e999' is out of range"
bad ragged.csv 'x,y\n1,2\n3\n' "ragged.csv:3(:[0-9]+)?: 1 column"
bad three.csv '1,2,3\n' "three.csv:1(:[0-9]+)?: 3 columns"
bad comma.csv 'x;y\n1,5;2,5\n' "comma.csv:1(:[0-9]+)?: .*semicolon"
bad comma2.csv '1,5,2,5\n' "comma2.csv:1(:[0-9]+)?: 4 columns.*decimal comma"
bad quote.csv '1,"2\n' "quote.csv:1:3: unterminated quote"
bad nul.csv '1,2\n3,\0004\n' "nul.csv:2(:[0-9]+)?: .*NUL byte"
bad utf16.csv '\377\376x\000,\000y\000\n\000' "utf16.csv(:[0-9:]+)?: .*UTF-16"
expect 2 "$bin" --batch "$tmp/missing.csv"
err_has "missing file" "missing.csv: No such file" -F
expect 2 "$bin" --batch "$tmp"
err_has directory "a directory" -F

finish
