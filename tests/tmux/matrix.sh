#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# tmux-matrix.sh: the matrix view in a real terminal (issue 15 item 2): `.` steps X · W
# one multiply-add at a time; `;` runs it, frame by frame (its running sum seen on the
# way, in the second unit's column), `;` pauses it where it is (a `.` then adds exactly
# one product), any other key stops it, and a run goes on to the end; J moves the
# sheet's cursor; q leaves the terminal as it was.
# Usage: tests/tmux/matrix.sh BIN
name=matrix
. "$(dirname "$0")/lib.inc"
all=${FITPLAY_REF:-$repo/../shared/reference}/titanic/titanic-all-rows.csv
[ -f "$all" ] || fail "no fixture $all"

start_session
run_fit m "$bin" --preset titanic "'$all'" --model nnet:2 --show matrix
wait_for "matrix: X · W = Z"
wait_for "rows 1-11 of 712"
# four multiply-adds: row 1, relu1, SibSp Parch Age Fare
$T send-keys -t t . . . .
wait_for "row 1, relu1: Fare = 0.916, × 0.099 = 0.090; sum 0.029 (4 of 10)"
wait_for "Σ relu1 = 0.029 so far: 4 of 10 products"
# the rows after it are not computed yet
screen | grep -q "│     2 .*│      ·      ·│" || { screen; fail "row 2 computed before its turn"; }
# ; runs on from there, a few products a frame: seen mid-way in relu2's column
$T send-keys -t t '\;'
wait_for "running X · W cell by cell"
wait_for "Σ relu2 = " 30
# ; pauses; one . then adds exactly one product to the paused count
$T send-keys -t t '\;'
wait_for "paused (. one multiply-add, ; runs on)"
# (paused mid-cell: "so far: N of 10"; or just as a cell landed: the next . is 1 of 10)
n=$(screen | sed -n 's/.*so far: \([0-9]*\) of 10 products.*/\1/p')
[ -n "$n" ] || { screen | grep -q " → Z, ReLU" && n=0; }
[ -n "$n" ] || { screen; fail "no sum of the active cell after pausing"; }
$T send-keys -t t .
wait_for "($((n + 1)) of 10)"
# ; again, then another key (Down selects the next coefficient) stops it
$T send-keys -t t '\;'
wait_for "running X · W cell by cell"
$T send-keys -t t Down
wait_for "▶relu1.w_Parch"
wait_for "stopped (. one multiply-add, ; runs on)"
screen | grep -q "│      ·" || { screen; fail "the run did not stop before the end"; }
# a run to the end: every cell landed, p on every row
$T send-keys -t t '\;'
wait_for "X · W done: 22 cells" 60
screen | grep -q "│      ·" && { screen; fail "a cell left uncomputed"; }
# J: the sheet's cursor to row 2
$T send-keys -t t J
wait_for "row 2 of 712 (J next, K previous)"
wait_for "│    ▶2 "
$T send-keys -t t q
wait_for "finished-m"
status_is 0
same_tty || fail "terminal settings not restored"
modes_restored || fail "terminal modes not restored"
exit 0
