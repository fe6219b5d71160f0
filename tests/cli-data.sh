#!/bin/sh
# cli-data.sh: CSV data files: good ones read the same as the generated data, bad
# ones get one line naming the file, line and column, and exit status 2.
# Usage: sh tests/cli-data.sh ./fitplay
set -u
bin=$1
ref=${FITPLAY_REF:-../shared/reference}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }

# The reference CSV gives the lesson's numbers.
"$bin" --info "$ref/lesson3-video.csv" >"$tmp/out" 2>&1 || fail "reading the reference CSV"
grep -q '^loss: 11.46479232744322$' "$tmp/out" || fail "reference CSV loss: $(grep '^loss' "$tmp/out")"
"$bin" --info --data - <"$ref/lesson3-video.csv" >"$tmp/out" 2>&1 || fail "stdin"
grep -q '^loss: 11.46479232744322$' "$tmp/out" || fail "stdin loss"
# CRLF, BOM, quotes, blank lines read the same.
printf '\357\273\277"x","y"\r\n1,2\r\n\r\n"3", 4\r\n5,6.5e0\r\n' >"$tmp/crlf.csv"
"$bin" --info "$tmp/crlf.csv" >"$tmp/out" 2>&1 || fail "CRLF/BOM/quotes: $(cat "$tmp/out")"
grep -q '^n: 3$' "$tmp/out" || fail "CRLF/BOM/quotes n"
# Numbers in the C locale whatever LC_ALL says.
LC_ALL=de_DE.UTF-8 "$bin" --info "$tmp/crlf.csv" >"$tmp/out" 2>/dev/null || fail "LC_ALL=de_DE"

# bad FILE CONTENT EXPECTED-MESSAGE-REGEX
bad() {
	name=$1
	printf "$2" >"$tmp/$name"
	"$bin" --batch "$tmp/$name" >"$tmp/out" 2>"$tmp/err"
	st=$?
	[ "$st" = 2 ] || fail "$name: exit $st"
	[ "$(wc -l <"$tmp/err")" = 1 ] || fail "$name: not one line: $(cat "$tmp/err")"
	grep -q -E "$3" "$tmp/err" || fail "$name: message '$(cat "$tmp/err")' !~ $3"
	[ -s "$tmp/out" ] && fail "$name: printed a table"
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
"$bin" --batch "$tmp/missing.csv" >/dev/null 2>"$tmp/err"
[ $? = 2 ] && grep -q "missing.csv: No such file" "$tmp/err" || fail "missing file: $(cat "$tmp/err")"
"$bin" --batch "$tmp" >/dev/null 2>"$tmp/err"
[ $? = 2 ] && grep -q "a directory" "$tmp/err" || fail "directory: $(cat "$tmp/err")"

[ "$fails" = 0 ] && echo "cli-data: all passed"
exit "$fails"
