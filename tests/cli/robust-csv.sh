#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# robust-csv.sh: every odd file a class can feed fitplay: a one-line message naming
# the file (and the line and column where there is one), exit status 2, no hang,
# no table printed; odd file names; the size limit; values too large; a German locale.
# Usage: sh tests/cli/robust-csv.sh ./fitplay
. "$(dirname "$0")/lib.inc"
limit=20

# check NAME EXPECTED-STATUS REGEX -- runs "$bin" --batch --steps 3 ARGS... on what
# is left in "$@" (stdin is the caller's); for a status other than 0, a clean refusal:
# nothing on stdout, one line on stderr matching REGEX.
check() {
	what=$1 want=$2 re=$3
	shift 3
	expect_stdin "$want" "$bin" --batch --steps 3 "$@" || { echo "      (check $what)"; return 0; }
	[ "$want" = 0 ] || refused "$what" "$re" -E
}
# bad NAME CONTENT(printf format) REGEX
bad() {
	printf "$2" >"$tmp/$1"
	check "$1" 2 "$3" "$tmp/$1"
}

bad empty.csv '' "empty.csv: empty file"
bad blank.csv '\n  \n\t\n' "blank.csv: empty file"
bad header.csv 'x,y\n' "header.csv: header only"
bad header2.csv '"x","y"\r\n\r\n' "header2.csv: header only"
bad utf16le.csv '\377\376x\000,\000y\000\n\0001\000,\0002\000\n\000' "utf16le.csv: looks like UTF-16"
bad utf16be.csv '\376\377\000x\000,\000y\000\n' "utf16be.csv: looks like UTF-16"
bad utf16nobom.csv 'x\000,\000y\000\n\000' "utf16nobom.csv:1: contains a NUL byte at column 2: .*UTF-16"
bad ragged.csv 'x,y\n1,2\n3\n4,5\n' "ragged.csv:3: 1 column where 2"
bad ragged3.csv 'x,y\n1,2\n3,4,5\n' "ragged3.csv:3: 3 columns where 2"
bad quote.csv 'x,y\n1,"2\n3,4\n' "quote.csv:2:3: unterminated quote"
bad afterquote.csv '1,"2"x\n' "afterquote.csv:1:6: text after a closing quote"
bad semi.csv 'x;y\n1,5;2,5\n' "semi.csv:1: semicolons found at column 2"
bad semi2.csv '1,5;2,5\n' "semi2.csv:1: semicolons found at column 4"
bad semi3.csv 'x,y\n1;2\n' "semi3.csv:2: semicolons found at column 2"
bad deccomma.csv '1,5,2,5\n' "deccomma.csv:1: 4 columns .*decimal commas"
bad qcomma2.csv '1,2\n"1,5","2,5"\n' "qcomma2.csv:2: column 1 \\(x\\): '1,5' is not a number \\(a decimal comma"
bad abc.csv 'x,y\n1,2\nabc,3\n' "abc.csv:3: column 1 \\(x\\): 'abc' is not a number"
bad 12abc.csv '1,2\n2,12abc\n' "12abc.csv:2: column 2 \\(y\\): '12abc' is not a number"
bad nan.csv '1,2\nnan,3\n' "nan.csv:2: column 1 \\(x\\): 'nan' is not a finite number"
bad mnan.csv '1,2\n3,-NaN\n' "mnan.csv:2: column 2 \\(y\\): '-NaN' is not a finite number"
bad inf.csv '1,2\n2,inf\n' "inf.csv:2: column 2 \\(y\\): 'inf' is not a finite number"
bad infinity.csv '1,2\n-Infinity,2\n' "infinity.csv:2: column 1 \\(x\\): '-Infinity' is not a finite"
bad e999.csv '1,2\n2,1e999\n' "e999.csv:2: column 2 \\(y\\): '1e999' is out of range"
bad hex.csv '1,2\n0x10,2\n' "hex.csv:2: column 1 \\(x\\): '0x10' is not a number \\(hexadecimal"
bad emptycell.csv '1,2\n3,\n' "emptycell.csv:2: column 2 \\(y\\): '' is an empty cell"
bad nul.csv '1,2\n3,\0004\n' "nul.csv:2: contains a NUL byte at column 3"
bad crlfnul.csv '1,2\r\n3,4\r\n\000' "crlfnul.csv:3: contains a NUL byte at column 1"
bad ctrl.csv '1,2\n3,\0334\n' "ctrl.csv:2: column 2 \\(y\\): '\\?4' is not a number"
bad badutf8.csv '1,2\n3,\3774\n' "badutf8.csv:2: column 2 \\(y\\): '\\?4' is not a number"
bad multiline.csv '1,2\n"3\n4",5\n' "multiline.csv:2: column 1 \\(x\\): '3\\?4' is not a number"
# Random binary: refused with a message, whatever the bytes (NUL or not).
for i in 1 2 3 4 5; do
	head -c 4096 /dev/urandom >"$tmp/random$i.bin"
	check "random$i.bin" 2 "random$i.bin" "$tmp/random$i.bin"
done
head -c 4096 /dev/urandom | tr -d '\000' >"$tmp/random-nonul.bin"
check random-nonul.bin 2 "random-nonul.bin" "$tmp/random-nonul.bin"

# A 50 MB line: refused quickly, the cell shown cut short.
head -c 50000000 /dev/zero | tr '\000' '7' >"$tmp/long.csv"
printf ',2\n' >>"$tmp/long.csv"
check long.csv 2 "long.csv:1: column 1 \\(x\\): '7{24}\\.\\.\\.' is too long for a number" "$tmp/long.csv"
head -c 50000000 /dev/zero | tr '\000' 'a' >"$tmp/longa.csv"
printf ',b\n' >>"$tmp/longa.csv"
check longa.csv 2 "longa.csv: header only" "$tmp/longa.csv"
printf '1,2\n' >>"$tmp/longa.csv"
head -c 50000000 /dev/zero | tr '\000' ',' >>"$tmp/longa.csv"
check longcommas.csv 2 "longa.csv:3: 50000001 columns where 2" "$tmp/longa.csv"
rm -f "$tmp/long.csv" "$tmp/longa.csv"

# Over the size limit: a sparse file over 1 GiB (no disk used), and a lowered limit
# (FITPLAY_CSV_MAX_BYTES, for tests) for a regular file and for a pipe.
if truncate -s 1100M "$tmp/sparse.csv" 2>/dev/null; then
	check sparse.csv 2 "sparse.csv: 1153433600 bytes, over the limit of 1024 MiB" "$tmp/sparse.csv"
	rm -f "$tmp/sparse.csv"
else
	echo "skip: truncate cannot make a sparse file here"
fi
awk 'BEGIN { for (i = 0; i < 100; i++) printf "%d,%d\n", i, 2 * i }' >"$tmp/hundred.csv"
size=$(wc -c <"$tmp/hundred.csv")
FITPLAY_CSV_MAX_BYTES=$size check limit-exact 0 "" "$tmp/hundred.csv"
FITPLAY_CSV_MAX_BYTES=$((size - 1)) check limit-file 2 "hundred.csv: $size bytes, over the limit of $((size - 1)) bytes" "$tmp/hundred.csv"
cat "$tmp/hundred.csv" |
	FITPLAY_CSV_MAX_BYTES=$((size - 1)) check limit-pipe 2 "stdin: more than the limit of $((size - 1)) bytes" -
cat "$tmp/hundred.csv" | FITPLAY_CSV_MAX_BYTES=$size check limit-pipe-exact 0 "" -
FITPLAY_CSV_MAX_BYTES=junk check limit-junk 0 "" "$tmp/hundred.csv"

# Not files: a directory, /dev/zero, a FIFO with no writer (no hang), missing.
check directory 2 ": is a directory" "$tmp"
check devzero 2 "/dev/zero:1: contains a NUL byte at column 1" /dev/zero
check devurandom 2 "/dev/urandom" /dev/urandom
check devzero-stdin 2 "stdin:1: contains a NUL byte at column 1" - </dev/zero
check dir-stdin 2 "stdin: is a directory" - <"$tmp"
mkfifo "$tmp/fifo"
check fifo 2 "fifo: no data \\(a pipe with nothing writing to it\\)" "$tmp/fifo"
check missing 2 "missing.csv: No such file or directory" "$tmp/missing.csv"
check stdin-empty 2 "stdin: empty file" - </dev/null

# An unreadable file, tried as a user who cannot read it.
printf '1,2\n3,4\n' >"$tmp/secret.csv"
chmod 000 "$tmp/secret.csv"
if [ "$(id -u)" = 0 ]; then
	if command -v setpriv >/dev/null 2>&1; then
		chmod 755 "$tmp"
		cp "$bin" "$tmp/fp"
		chmod 755 "$tmp/fp"
		timeout "$limit" setpriv --reuid=nobody --regid=nogroup --clear-groups "$tmp/fp" --batch \
			"$tmp/secret.csv" >/dev/null 2>"$tmp/err"
		st=$?
		[ "$st" = 2 ] && grep -q "secret.csv: Permission denied" "$tmp/err" ||
			fail "unreadable: exit $st: $(cat "$tmp/err")"
	else
		echo "skip: no setpriv to test an unreadable file as another user"
	fi
else
	check unreadable 2 "secret.csv: Permission denied" "$tmp/secret.csv"
fi

# Good files: a UTF-8 BOM, CRLF, a lone CR, quotes (RFC 4180), blanks, a header
# with quoted commas, doubled quotes and a line break read as the same numbers.
printf '1,2\n3,4\n5,6.5\n' >"$tmp/plain.csv"
"$bin" --info "$tmp/plain.csv" | grep -E '^(n|loss|grad|params|lsq|lr_limit):' >"$tmp/plain.info"
[ -s "$tmp/plain.info" ] || fail "plain.csv: no --info output"
for f in 'bom:\357\273\2771,2\n3,4\n5,6.5\n' 'crlf:1,2\r\n3,4\r\n5,6.5\r\n' \
	'cr:1,2\r3,4\r5,6.5' 'quoted:"1","2"\n"3", "4"\n 5 ,"6.5"\n' \
	'header:"x, the input","y ""out""\nput"\n1,2\n\n3,4\n5,0.65e1\n' \
	'noeol:x,y\n1,2\n3,4\n5,6.5' 'blanks:\n\n  1 ,\t2\t\n3,4\n\n5,6.5\n\n'; do
	name=${f%%:*}
	printf "${f#*:}" >"$tmp/$name.csv"
	expect 0 "$bin" --info "$tmp/$name.csv"
	grep -E '^(n|loss|grad|params|lsq|lr_limit):' "$tmp/out" | cmp -s - "$tmp/plain.info" || fail "$name reads differently"
done

# Odd file names: spaces, quotes, backticks, a newline, a leading '-'.
for n in 'with space.csv' "it's \"q\".csv" 'back`id`tick.csv' "$(printf 'new\nline.csv')" '-dash.csv' '$(echo x).csv'; do
	cp "$tmp/plain.csv" "$tmp/$n"
	expect 0 "$bin" --info "$tmp/$n"
	grep -E '^(n|loss|grad|params|lsq|lr_limit):' "$tmp/out" | cmp -s - "$tmp/plain.info" || fail "name '$n' reads differently"
	printf '1,2\nx,3\n' >"$tmp/$n"
	expect 2 "$bin" --batch "$tmp/$n"
	refused "bad '$n'" "$(printf '%s' "$n" | tr '\n' '?'):2: column 1 (x)" -F
done
(cd "$tmp" && cp plain.csv ./-lead.csv &&
	"$bin" --info -- -lead.csv >/dev/null && "$bin" --info ./-lead.csv >/dev/null &&
	"$bin" --info --data=-lead.csv >/dev/null) 2>"$tmp/err" || fail "leading '-': $(cat "$tmp/err")"
(cd "$tmp" && "$bin" --info -lead.csv) >/dev/null 2>"$tmp/err"
[ $? = 2 ] && grep -q "unknown option" "$tmp/err" || fail "bare -lead.csv: $(cat "$tmp/err")"

# Values so large the loss overflows: "values too large", exit 2 (not 3, diverged).
printf '1e200,1\n2e200,3\n' >"$tmp/toolarge.csv"
check toolarge.csv 2 "values too large" "$tmp/toolarge.csv"
printf '0,1e300\n1,-1e300\n' >"$tmp/toolarge-y.csv"
check toolarge-y.csv 2 "values too large" "$tmp/toolarge-y.csv"
# ... whereas data fine at the start that descent blows up is "diverged", exit 3.
printf '1e30,1\n2e30,3\n' >"$tmp/diverge.csv"
expect 3 "$bin" --batch --steps 50 "$tmp/diverge.csv"
err_has "diverging descent" "diverged"
grep -q "values too large" "$tmp/err" && fail "diverging descent says values too large"

finish
