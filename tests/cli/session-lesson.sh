#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# session-lesson.sh: a session saved inside a lesson remembers it (issue 17): S in a
# lesson file's chapter 5 writes `lesson = ABSOLUTE PATH`, its checksum and size and
# `lesson.chapter = 5`; opened headless it shows chapter 5's header and caption with
# the saved numbers (step 7 of the notebook's rule, MSE 6.26952, not chapter 5's start);
# --batch continues it and --save keeps the lesson keys; the built-in lesson is saved
# by its name. Hostile: the lesson file gone, changed, a chapter it does not have, a
# lesson.chapter without `lesson`, an unknown lesson name: FILE:LINE on one line, exit status 2, nothing shown.
# Usage: sh tests/cli/session-lesson.sh ./fitplay
. "$(dirname "$0")/lib.inc"
rows=$(cd "$reference/titanic" 2>/dev/null && pwd)/titanic-all-rows.csv
[ -f "$rows" ] || die "no $reference/titanic/titanic-all-rows.csv"
cd "$tmp" || die "cd $tmp"
cp "$here/../assets/lesson3.keys" mine.keys || die "no assets/lesson3.keys"
# chapter 5 plays its five Spaces (headless: at once), two more, then S
printf 'Space Space\nS\n' >save.keys
printf '# nothing: the screen as it opens\n' >none.keys
expect 0 "$bin" --lesson mine.keys --chapter 5 --keys save.keys --dump saved.screen ||
	die "the lesson did not run"
s=fitplay-quad-step7.fitplay
[ -f "$s" ] || die "S did not write $s"
grep -qx "lesson = $tmp/mine.keys" "$s" || fail "no absolute lesson path in $s: $(grep '^lesson' "$s")"
grep -qx 'lesson.chapter = 5' "$s" || fail "no lesson.chapter = 5 in $s"
grep -qx 'lesson.checksum = fnv1a64w:[0-9a-f]\{16\}' "$s" || fail "no lesson.checksum in $s"
grep -qx "lesson.size = $(wc -c <mine.keys)" "$s" || fail "no lesson.size in $s"

# Reopened: the same header, plot, coefficients and caption as when it was saved.
expect 0 "$bin" "$s" --keys none.keys --dump opened.screen || die "the session did not open"
head -n 1 opened.screen | grep -q "^ chapter 5/14 The notebook's loop .*MSE 6.26952 .*step 7 " ||
	fail "header: $(head -n 1 opened.screen)"
grep -qF "Five steps print 10.11, 7.88, 5.53, 3.86, 3.42" opened.screen || fail "no caption"
sed -n '1,17p;25,27p' saved.screen >want
sed -n '1,17p;25,27p' opened.screen >got
cmp -s want got || fail "the reopened screen differs: $(diff want got | head -20)"
grep -qF "session $s: step 7" opened.screen || fail "no 'session ... step 7' line"
# PgDn then turns to chapter 6 (its own rate, its script played), PgUp to chapter 4
printf 'PgDn\n' >next.keys
expect 0 "$bin" --session "$s" --keys next.keys --dump next.screen
head -n 1 next.screen | grep -q "^ chapter 6/14 A learning rate too big .*lr 0.23 " ||
	fail "PgDn: $(head -n 1 next.screen)"
printf 'PgUp\n' >back.keys
expect 0 "$bin" --session "$s" --keys back.keys --dump back.screen
head -n 1 back.screen | grep -q "^ chapter 4/14 " || fail "PgUp: $(head -n 1 back.screen)"

# --batch: the run goes on (the notebook's rule: step 8's loss), --save keeps the lesson
expect 0 "$bin" --batch --steps 1 --save more.fitplay "$s"
tail -n 1 "$tmp/out" | grep -q '^8	8\.48354' || fail "batch: $(tail -n 1 "$tmp/out")"
grep -qx 'lesson.chapter = 5' more.fitplay || fail "--save lost the chapter"
grep -qx "lesson = $tmp/mine.keys" more.fitplay || fail "--save lost the lesson"

# The built-in lesson by its name (no checksum: it is installed with fitplay).
printf 'Space\nS\n' >one.keys
expect 0 "$bin" --lesson --chapter 3 --keys one.keys --dump one.screen
b=$(ls fitplay-*-step1.fitplay 2>/dev/null | head -n 1)
[ -n "$b" ] || die "no session from the built-in lesson"
grep -qx 'lesson = lesson3' "$b" || fail "built-in lesson not by name: $(grep '^lesson' "$b")"
grep -q '^lesson.checksum' "$b" && fail "a checksum for the built-in lesson"
expect 0 "$bin" "$b" --keys none.keys --dump b.screen
head -n 1 b.screen | grep -q "^ chapter 3/14 .*step 1 " || fail "built-in: $(head -n 1 b.screen)"

# fitplay --lesson train.csv: the data file is remembered (lesson.data) for the
# chapters that read one; opened elsewhere (no train.csv there), PgDn to chapter 12
# has its table and no "Give the file" notice.
ln -s "$rows" train.csv || die "no titanic rows"
mkdir lesson11 elsewhere
printf 'S\n' >s.keys
(cd lesson11 && expect 0 "$bin" --lesson ../train.csv --chapter 11 --keys ../s.keys --dump t.screen)
t=$(ls lesson11/fitplay-*.fitplay 2>/dev/null | head -n 1)
[ -n "$t" ] || die "no session saved in chapter 11"
grep -qx "lesson.data = $rows" "$t" ||
	fail "no lesson.data: $(grep '^lesson' "$t")"
cp "$t" elsewhere/t.fitplay
(cd elsewhere && expect 0 "$bin" t.fitplay --keys ../next.keys --dump t12.screen)
head -n 1 elsewhere/t12.screen | grep -q "^ chapter 12/14 .*MSE 0.965595" ||
	fail "chapter 12 after a chapter 11 session: $(head -n 1 elsewhere/t12.screen)"
grep -qF "Give the file" elsewhere/t12.screen && fail "chapter 12 lost the lesson's data file"

# Hostile.
line=$(grep -n '^lesson = ' "$s" | cut -d: -f1)
cp mine.keys keep.keys
printf '# changed\n' >>mine.keys
expect 2 "$bin" "$s" --keys none.keys --dump x.screen &&
	refused "changed lesson" "^fitplay: $s:$line: lesson: $tmp/mine.keys changed since the session was saved"
rm mine.keys
expect 2 "$bin" "$s" --keys none.keys --dump x.screen &&
	refused "missing lesson" "^fitplay: $s:$line: lesson: $tmp/mine.keys: No such file"
[ -f x.screen ] && fail "a screen was dumped for a refused session"
cp keep.keys mine.keys
sed 's/^lesson.chapter = 5/lesson.chapter = 99/' "$s" >far.fitplay
cl=$(grep -n '^lesson.chapter' far.fitplay | cut -d: -f1)
expect 2 "$bin" far.fitplay --keys none.keys --dump x.screen &&
	refused "chapter 99" "^fitplay: far.fitplay:$cl: lesson.chapter 99: .* has 14 chapters"
sed '/^lesson = /d' "$s" >orphan.fitplay
expect 2 "$bin" --batch orphan.fitplay &&
	refused "no lesson key" "^fitplay: orphan.fitplay: lesson.chapter, lesson.checksum and lesson.data need the key 'lesson'"
sed 's/^lesson = .*/lesson = nosuchlesson/; /^lesson.checksum/d; /^lesson.size/d' "$s" >noname.fitplay
expect 2 "$bin" noname.fitplay --keys none.keys --dump x.screen &&
	refused "unknown lesson" "^fitplay: noname.fitplay:$line: lesson: --lesson nosuchlesson: no lesson of that name"
finish
