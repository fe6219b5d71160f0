#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# tmux-lab.sh: the learning-rate lab in a real terminal: v opens the loss
# landscape; with AUTO running on 10,000 points and relus:16 the keys still answer
# at once (p picks a new pair, its map is drawn over the next frames; a key stops
# the solver there); s runs Levenberg-Marquardt, w the sweep, [ replays, b keeps a
# ghost; q quits with the terminal restored (stty -a before and after). Polls
# capture-pane with deadlines.
# Usage: tests/tmux/lab.sh BIN
name=lab
. "$(dirname "$0")/lib.inc"

no_nan() {
	screen | grep -v "is not a finite" | grep -qiE 'nan|[^a-z]inf[^o]' &&
		{ echo "FAIL: nan/inf on screen ($1)"; screen; exit 1; }
	return 0
}

$T new-session -d -s t -x 100 -y 30 "env -u LINES -u COLUMNS PS1='$ ' sh" || exit 1
$T set-option -t t -g window-size manual 2>/dev/null

# The lesson: landscape, AUTO at lr 0.2, the path moves; s, w, [ and b.
$T send-keys -t t "cd '$dir' && stty -a > before.txt; LC_ALL=C.UTF-8 '$bin'; echo \"exit=\$?\" > status.txt; stty -a > after.txt; echo fini\"\"shed-run" Enter
wait_for "MSE 11.4648"
$T send-keys -t t v v
wait_for "landscape: MSE over a → and b ↑"
wait_for "X now"
$T send-keys -t t '>' '>' '>' '>'
wait_for "lr 0.2 = 90% of the limit 0.2215"
$T send-keys -t t g
wait_for "AUTO"
wait_for "step 30" 20
$T send-keys -t t g
wait_for "MANUAL"
no_nan "landscape"
last=$(screen | sed -n '1s/.* step \([0-9]*\) .*/\1/p')
$T send-keys -t t '['
wait_for "REPLAY step $((last - 1))/$last"
$T send-keys -t t '[' '[' ']'
wait_for "REPLAY step $((last - 2))/$last"
$T send-keys -t t ']' ']'
wait_for "live again at step $last"
$T send-keys -t t b
wait_for "ghost kept"
wait_for "step 0"
$T send-keys -t t s
wait_for "LM: "
wait_for "iterations to MSE 2.93868"
$T send-keys -t t w
wait_for "sweep of 25 rates" 20
wait_for "diverges from"
no_nan "sweep"
$T send-keys -t t q
wait_for "finished-run"
grep -q "exit=0" "$dir/status.txt" || { echo "FAIL: exit status $(cat "$dir/status.txt")"; exit 1; }
cmp -s "$dir/before.txt" "$dir/after.txt" ||
	{ echo "FAIL: stty -a differs after q"; diff "$dir/before.txt" "$dir/after.txt"; exit 1; }

# Large data: relus:16 on 10,000 points, AUTO at full pace; keys answer at once.
$T send-keys -t t clear Enter
$T send-keys -t t "LC_ALL=C.UTF-8 '$bin' --model relus:16 --target sine --points 10000; echo fini\"\"shed-big" Enter
wait_for "relus:16"
$T send-keys -t t v v v
wait_for "landscape: MSE over m1 → and b1 ↑"
$T send-keys -t t + + + + + + + + + + g
wait_for "AUTO"
# p while descent runs: the title changes within the deadline (the key does not
# wait for the map), then the map and the point come.
start=$(date +%s)
$T send-keys -t t p
wait_for "landscape over m1 (across) and w1 (up)" 3
wait_for "X now" 5
echo "p answered in $(($(date +%s) - start)) s with AUTO running on 10,000 points"
$T send-keys -t t g
wait_for "MANUAL"
no_nan "big landscape"
# s on 10,000 points runs a few iterations a frame: any key stops it at once.
$T send-keys -t t s
wait_for "Levenberg-Marquardt running"
$T send-keys -t t j
wait_for "solver stopped after" 3
no_nan "big solver"
$T send-keys -t t q
wait_for "finished-big"
echo "ok: the learning-rate lab in tmux"
