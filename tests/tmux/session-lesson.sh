#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# tmux/session-lesson.sh: a session saved inside the lesson, in a real terminal (issue
# 17): chapter 5 of the built-in lesson, three Spaces at its pause (the teacher takes
# over: step 3, MSE 5.5253 under the notebook's rule), S; reopened with `fitplay
# FILE.fitplay` the header, plot, coefficients and caption are the same as when saved,
# Space goes on with the notebook's rule (step 4, MSE 3.85521, the console's step=3; loss=3.86), PgDn turns to chapter
# 6 and PgUp back to chapter 5, entered fresh (step 0, MSE 11.4648); q restores the
# terminal. A session whose lesson file is gone: FILE:LINE, exit status 2.
# Usage: sh tests/tmux/session-lesson.sh BIN
name=session-lesson
. "$(dirname "$0")/lib.inc"

header() { screen | head -n 1; }
start_session
run_fit save "$bin" --lesson --chapter 5
wait_for "chapter 5/14 The notebook's loop"
wait_for "pause: PgDn goes on"
$T send-keys -t t Space
wait_for "step 1 "
$T send-keys -t t Space
wait_for "step 2 "
$T send-keys -t t Space
wait_for "step 3 "
wait_for "MSE 5.5253 "
$T send-keys -t t S
wait_for "saved fitplay-quad-step3.fitplay at step 3"
screen >"$dir/saved.txt"
$T send-keys -t t q
wait_for "finished-save"
status_is 0
grep -qx 'lesson = lesson3' "$dir/fitplay-quad-step3.fitplay" || fail "no 'lesson = lesson3'"
grep -qx 'lesson.chapter = 5' "$dir/fitplay-quad-step3.fitplay" || fail "no 'lesson.chapter = 5'"

run_fit open "$bin" fitplay-quad-step3.fitplay
wait_for "session fitplay-quad-step3.fitplay: step 3"
screen >"$dir/opened.txt"
header | grep -q "chapter 5/14 The notebook's loop .*MSE 5.5253 .*step 3 " || { screen; fail "header"; }
# rows 1-17: header, plot, coefficients; 25-27: the caption
sed -n '1,17p;25,27p' "$dir/saved.txt" >"$dir/want"
sed -n '1,17p;25,27p' "$dir/opened.txt" >"$dir/got"
cmp -s "$dir/want" "$dir/got" || { diff "$dir/want" "$dir/got"; fail "the reopened screen differs"; }
grep -qF "Five steps print 10.11, 7.88, 5.53, 3.86, 3.42" "$dir/opened.txt" || fail "no caption"
$T send-keys -t t Space
wait_for "step 4 "
wait_for "MSE 3.85521 "
wait_for "step=3; loss=3.86"
$T send-keys -t t NPage
wait_for "chapter 6/14 A learning rate too big"
$T send-keys -t t PPage
wait_for "chapter 5/14 The notebook's loop"
header | grep -q "MSE 11.4648 .*step 0 " || { screen; fail "chapter 5 not entered fresh"; }
$T send-keys -t t q
wait_for "finished-open"
status_is 0
modes_restored 2>/dev/null || true

# The lesson file gone: refused before the screen opens.
cp "$repo/assets/lesson3.keys" "$dir/mine.keys"
run_fit mine "$bin" --lesson "$dir/mine.keys" --chapter 2
wait_for "chapter 2/14 "
$T send-keys -t t W
wait_for "save"
$T send-keys -t t C-u
$T send-keys -t t "mine.fitplay" Enter
wait_for "saved mine.fitplay"
$T send-keys -t t q
wait_for "finished-mine"
rm "$dir/mine.keys"
run_fit gone "$bin" mine.fitplay
wait_for "finished-gone"
status_is 2
wait_for "mine.fitplay:"
wait_for "lesson: $dir/mine.keys: No such file or directory"
echo "ok: saved in chapter 5, reopened the same, turned on; a missing lesson file refused"
