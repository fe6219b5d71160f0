#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# tmux-closed.sh: a wide table's closed forms never freeze the explorer (issue 12,
# item 7): on 2,000 rows x 2,500 inputs (seconds of least squares) the first screen
# shows at once with "least squares: computing", keys work meanwhile, then the
# least-squares MSE appears; f twice (MAE, back to MSE) starts it again, and q
# during it quits at once, leaving no child behind.
# Usage: tests/tmux/closed.sh BIN
name=closed
. "$(dirname "$0")/lib.inc"

awk 'BEGIN { srand(3); printf "y"; for (j = 1; j <= 2500; j++) printf ",c%d", j; print ""
	for (i = 0; i < 2000; i++) { printf "%d", rand() < 0.4
		for (j = 1; j <= 2500; j++) printf ",%d", int(rand() * 10); print "" } }' >"$dir/wide.csv"

$T new-session -d -s t -x 120 -y 35 "env -u LINES -u COLUMNS PS1='$ ' sh" || exit 1
$T set-option -t t -g window-size manual 2>/dev/null
run() {
	$T send-keys -t t "cd '$dir' && sh -c 'echo \$\$ > fitplay.pid; exec \"\$0\" --table \"\$1\" --target y' '$bin' '$dir/wide.csv'; echo fini\"\"shed-run" Enter
}
run
wait_for "least squares: computing" 60
# keys work while it computes: the selection moves down
screen | grep -qF "▶w_c1 " || fail "the first coefficient is not selected"
$T send-keys -t t Down
wait_for "▶w_c2 " 5
screen | grep -qF "least squares: computing" || { screen
	fail "the closed forms ended before a key could be tried (too fast a machine for this size?)"; }
wait_for "least squares: MSE" 120
# f: MAE (no closed form), f: MSE again, computed again in the background
$T send-keys -t t f
wait_for "MAE " 5
$T send-keys -t t f
wait_for "least squares: computing" 10
# q does not wait for it, and the child goes with it
pid=$(cat "$dir/fitplay.pid")
$T send-keys -t t q
wait_for "finished-run" 5
wait_gone "$pid" 5
# the child ran with the same command line (the table's full path is ours alone)
pgrep -f "$dir/wide.csv" >/dev/null && fail "a child still runs: $(pgrep -af "$dir/wide.csv")"
exit 0
