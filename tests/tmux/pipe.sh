#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# tmux-pipe.sh: data from a pipe, keys from the terminal (issue 18, item 4), as less
# does: `cat points.csv | fitplay -` in a terminal opens the explorer on the piped
# points and reads its keys from /dev/tty (a key moves a slider, q quits, exit 0,
# the terminal restored); a table on stdin too. Without a terminal on /dev/tty (a
# new session, setsid) it runs the batch mode as before, and says what was missing.
# Usage: tests/tmux/pipe.sh BIN
name=pipe
. "$(dirname "$0")/lib.inc"

ref=${FITPLAY_REF:-$repo/../shared/reference}
cp "$ref/lesson3-video.csv" "$dir/points.csv" || fail "no lesson3-video.csv"
cp "$ref/titanic/titanic-all-rows.csv" "$dir/train.csv" || fail "no titanic-all-rows.csv"
start_session

# 1. Points on stdin: the explorer, on the pipe's points, keys from the terminal.
rm -f "$dir/status.txt"
$T send-keys -t t "stty -a > before.txt; cat points.csv | '$bin' - 2> err.txt; echo \"exit=\$?\" > status.txt; stty -a > after.txt" Enter
wait_for "MSE 11.4648"
screen | grep -qF "20 points, stdin" || { screen; fail "the plot's title does not name stdin"; }
$T send-keys -t t l
wait_for "1.600"
$T send-keys -t t q
wait_file "$dir/status.txt"
status_is 0
[ -s "$dir/err.txt" ] && fail "a message on stderr: $(cat "$dir/err.txt")"
wait_file "$dir/after.txt"
same_tty || fail "the terminal was not restored (stty -a differs)"
modes_restored || fail "terminal modes after the pipe"

# 2. A table on stdin: its predictions view, then q.
rm -f "$dir/status.txt"
$T send-keys -t t clear Enter
$T send-keys -t t "'$bin' --preset titanic - < train.csv 2> err.txt; echo \"exit=\$?\" > status.txt" Enter
wait_for "right at 0.5"
$T send-keys -t t q
wait_file "$dir/status.txt"
status_is 0

# 3. No terminal on /dev/tty (setsid: a session without a controlling terminal),
# stdout still the pane: the batch mode, and a message that says what was missing.
rm -f "$dir/status.txt"
$T send-keys -t t clear Enter
$T send-keys -t t "cat points.csv | setsid -w '$bin' - --steps 2 2> err.txt; echo \"exit=\$?\" > status.txt" Enter
wait_file "$dir/status.txt"
status_is 0
grep -q "no terminal on /dev/tty" "$dir/err.txt" || fail "no /dev/tty: message '$(cat "$dir/err.txt")'"
grep -q "running the batch mode" "$dir/err.txt" || fail "no /dev/tty: message '$(cat "$dir/err.txt")'"
screen | grep -q "^2	\|^2 .*2\.9\|^2 " || { screen; fail "no batch table on the pane"; }
screen | grep -q "11.46479" || { screen; fail "no batch table on the pane"; }
modes_restored || fail "terminal modes after the batch run"
exit 0
