#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# robust-typed.sh: values typed in the explorer (Enter, L, E) are taken whole or
# refused with a message, never cut: a paste of 200 nines, 1 + 126 zeros + 5 and a
# 200-character rate are refused and change nothing; a path of more than 127 bytes
# after E is written whole; one over the input's 4095 bytes is refused, no file.
# Headless, through key scripts (--keys FILE --dump -).
# Usage: sh tests/cli/robust-typed.sh ./fitplay
. "$(dirname "$0")/lib.inc"
limit=60
export LC_ALL=C.UTF-8

# keys TEXT...: run the lines as a key script, the screen in $tmp/out.
keys() {
	printf '%s\n' "$@" >"$tmp/k"
	expect 0 "$bin" --keys "$tmp/k" --dump - --size 160x30
}
rep() { awk -v c="$1" -v n="$2" 'BEGIN { s = ""; for (i = 0; i < n; i++) s = s c; printf "%s", s }'; }

nines=$(rep 9 200)
keys Enter "type $nines" Enter
grep -q "' is too long for a number (over 127 characters); a stays 1.5" "$tmp/out" ||
	fail "200 nines: no refusal: $(grep -i "stays\|a " "$tmp/out" | head -3)"
head -n 1 "$tmp/out" | grep -q "MSE 11.4648" || fail "200 nines changed the fit: $(head -n 1 "$tmp/out")"
grep -q "e+127\|e+199" "$tmp/out" && fail "200 nines set a value"
keys Enter "type 1$(rep 0 126)5" Enter
grep -q "too long for a number" "$tmp/out" || fail "1 + 126 zeros + 5: not refused"
grep -q "e+126" "$tmp/out" && fail "1 + 126 zeros + 5 became 1e126"
head -n 1 "$tmp/out" | grep -q "MSE 11.4648" || fail "1 + 126 zeros + 5 changed the fit"
keys L "type 0.$(rep 0 200)1" Enter
grep -q "too long for a number" "$tmp/out" || fail "a 203-character rate: not refused"
head -n 1 "$tmp/out" | grep -q "lr 0.01 " || fail "a 203-character rate changed lr: $(head -n 1 "$tmp/out")"

# A path longer than 127 bytes is written whole.
dir="$tmp/$(rep d 100)"
mkdir "$dir" || die "mkdir"
path="$dir/$(rep f 100).txt"
keys E "type $path" Enter
[ -s "$path" ] || fail "E with a ${#path}-byte path: no file there: $(ls "$dir") $(tail -n 3 "$tmp/out")"
# One over the 4095 bytes fitplay takes is refused: nothing written.
long="$dir/$(rep g 200)/$(rep h 4000).txt"
keys E "type $long" Enter
grep -q "the path typed is over 4095 bytes, longer than fitplay takes: not used" "$tmp/out" ||
	fail "a 4000-byte path: no refusal: $(tail -n 3 "$tmp/out")"
[ "$(ls "$dir" | wc -l)" = 1 ] || fail "a 4000-byte path wrote something: $(ls "$dir")"

finish
