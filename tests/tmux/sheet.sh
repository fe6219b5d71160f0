#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# tmux-sheet.sh: the sheet view (issue 15, item 1) in a real terminal at 80x24, the
# Titanic table with two ReLUs: it opens with --show sheet, J moves the cursor row
# (the title follows), $ jumps to the last row and the rows scroll to it, ^ back to
# the first, ) scrolls the columns to the units and the prediction and ( back; the
# sum of squares falls while descent runs (g), staying n x the mean; a resize to
# 100x30 redraws it whole; q restores the terminal.
# Usage: tests/tmux/sheet.sh BIN
name=sheet
. "$(dirname "$0")/lib.inc"
titanic=${FITPLAY_REF:-$repo/../shared/reference}/titanic/titanic-712.csv
case "$titanic" in /*) ;; *) titanic="$repo/$titanic" ;; esac
[ -f "$titanic" ] || fail "no fixture $titanic"

# the sheet's sum on screen, and whether it is n x the mean shown beside it
sum() { screen | sed -n 's/.*sum of squares \([0-9.e+-]*\) = .*/\1/p' | head -n 1; }
sum_ok() {
	screen | grep -o "sum of squares [0-9.e+-]* = [0-9]* × MSE [0-9.e+-]*" | head -n 1 |
		awk '{ d = $4 - $6 * $9; if (d < 0) d = -d; ok = NF == 9 && d <= 1e-5 * $4 } END { exit !ok }'
}

$T new-session -d -s t -x 80 -y 24 "env -u LINES -u COLUMNS PS1='$ ' sh" || exit 1
$T set-option -t t -g window-size manual 2>/dev/null
$T send-keys -t t "cd '$dir' && stty -a > before.txt; LC_ALL=C.UTF-8 '$bin' --preset titanic '$titanic' --model nnet:2 --show sheet; echo \"exit=\$?\" > status.txt; stty -a > after.txt; echo fini\"\"shed-run" Enter

wait_for "sheet: rows 1-"
wait_for "of 712, row 1 "
wait_for "sum of squares 355.5914 = 712 × MSE 0.499426"
wait_frame 80 "the sheet's frame is not whole at 80x24"
screen | grep -qF "│▶    1│1     0     22" || { screen; fail "row 1 is not the cursor's"; }
# J: the cursor one row down, marked, the title says so
$T send-keys -t t J J
wait_for "of 712, row 3 "
screen | grep -qF "│▶    3│0     0     26" || { screen; fail "J J: row 3 is not marked"; }
# $: the last row, scrolled into view; ^: back to the first
$T send-keys -t t '$'
wait_for "of 712, row 712 "
wait_for "│▶  712│"
screen | grep -qF "│   701│" || { screen; fail "\$: the rows did not scroll to the end"; }
$T send-keys -t t '^'
wait_for "of 712, row 1 "
wait_for "│▶    1│"
# ): the columns scroll; far enough, the units and the prediction; ( back to the file
for i in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20; do $T send-keys -t t ')'; done
wait_for "pred truth"
screen | grep -qF "← (" || { screen; fail "): no sign of columns to the left"; }
for i in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20; do $T send-keys -t t '('; done
wait_for "│row   │SibSp Parch Age"
screen | grep -qF ") →" || { screen; fail "(: no sign of columns to the right"; }
# g: descent runs, the sum falls and stays n x the mean
s0=$(sum)
$T send-keys -t t g
wait_for "AUTO"
end=$(($(date +%s) + slow))
while :; do
	s=$(sum)
	[ -n "$s" ] && awk -v a="$s" -v b="$s0" 'BEGIN { exit !(a < b - 1) }' && break
	[ "$(date +%s)" -ge "$end" ] && { screen; fail "the sum did not fall from $s0 (now '$s')"; }
	sleep 0.1
done
$T send-keys -t t g
wait_for "MANUAL"
sleep 0.3 # the last frame of AUTO; then the sum is for the coefficients shown
end=$(($(date +%s) + slow))
until sum_ok; do
	[ "$(date +%s)" -ge "$end" ] && { screen; fail "the sum is not 712 x the mean"; }
	sleep 0.1
done
screen | grep -qiE "nan|[^a-z]inf[^o]" && { screen; fail "nan or inf on screen"; }
# a resize redraws the sheet whole
size 100 30
wait_frame 100 "the sheet's frame is not whole at 100x30"
wait_for "of 712, row 1 "
$T send-keys -t t q
wait_for "finished-run"
grep -qx "exit=0" "$dir/status.txt" || fail "exit status $(cat "$dir/status.txt")"
same_tty || fail "the terminal was not restored"
modes_restored || fail "terminal modes left on"
exit 0
