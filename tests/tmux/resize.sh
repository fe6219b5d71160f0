#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# tmux-resize.sh: resizing at any time, in AUTO too, through 200x60, 80x24, 30x8
# (below the minimum: "terminal too small", q still works) and back to 100x30;
# then Ctrl-C quits and the terminal is as it was (stty -a before and after); and
# SIGTERM, SIGHUP and a crash (SIGSEGV) do the same.
# Usage: tests/tmux/resize.sh BIN
name=resize
. "$(dirname "$0")/lib.inc"

# same_tty: stty -a before and after agree (the window size aside).
same_tty() {
	sed 's/rows [0-9]*; columns [0-9]*;//' "$dir/before.txt" > "$dir/b"
	sed 's/rows [0-9]*; columns [0-9]*;//' "$dir/after.txt" > "$dir/a"
	cmp -s "$dir/b" "$dir/a" && return 0
	diff "$dir/b" "$dir/a"
	return 1
}

# size W H: resize the window and wait until the pane has that size.
size() {
	$T resize-window -t t -x "$1" -y "$2"
	end=$(($(date +%s) + 10))
	while [ "$($T display-message -p -t t '#{pane_width}x#{pane_height}')" != "$1x$2" ]; do
		[ "$(date +%s)" -ge "$end" ] && { echo "FAIL: tmux did not resize to $1x$2"; exit 1; }
		sleep 0.1
	done
}

$T new-session -d -s t -x 100 -y 30 -c "$dir" "env -u LINES -u COLUMNS PS1='$ ' sh" || exit 1
$T set-option -t t -g window-size manual 2>/dev/null

# 1. Resizes, in MANUAL and AUTO, then Ctrl-C.
$T send-keys -t t "stty -a > before.txt; LC_ALL=C.UTF-8 '$bin'; echo \"exit=\$?\" > status.txt; stty -a > after.txt; echo fini\"\"shed-intr" Enter
wait_for "MSE 11.4648"
size 200 60
wait_for "fitplay  quad"
screen | awk 'length($0) > 150 { long = 1 } END { exit !long }' || { echo "FAIL: not redrawn at 200 columns"; screen; exit 1; }
$T send-keys -t t g
wait_for "AUTO"
size 80 24
wait_for "Quit"
size 30 8
wait_for "terminal too small"
size 100 30
wait_for "Space Step"
$T send-keys -t t g
wait_for "MANUAL"
size 30 8
wait_for "terminal too small"
size 100 30
wait_for "MSE"
$T send-keys -t t C-c
wait_for "finished-intr"
grep -q "exit=130" status.txt 2>/dev/null || grep -q "exit=130" "$dir/status.txt" ||
	{ echo "FAIL: Ctrl-C exit status: $(cat "$dir/status.txt")"; exit 1; }
same_tty || { echo "FAIL: stty differs after Ctrl-C"; exit 1; }

# 2. q works when the terminal is too small.
$T send-keys -t t clear Enter
$T send-keys -t t "stty -a > before.txt; LC_ALL=C.UTF-8 '$bin'; echo \"exit=\$?\" > status.txt; stty -a > after.txt; echo fini\"\"shed-small" Enter
wait_for "MSE 11.4648"
size 30 8
wait_for "terminal too small"
$T send-keys -t t q
wait_for "finished-small"
size 100 30
grep -q "exit=0" "$dir/status.txt" || { echo "FAIL: q when small: $(cat "$dir/status.txt")"; exit 1; }
same_tty || { echo "FAIL: stty differs after q"; exit 1; }

# 3. SIGTERM and SIGHUP from outside restore the terminal too; so does a crash
# (SIGSEGV: the crash handler restores the tty, then the process dies of it).
$T send-keys -t t "ulimit -c 0" Enter
for sig in TERM HUP SEGV; do
	$T send-keys -t t clear Enter
	$T send-keys -t t "stty -a > before.txt; LC_ALL=C.UTF-8 sh -c 'echo \$\$ > pid.txt; exec \"\$1\"' sh '$bin'; echo \"exit=\$?\" > status.txt; stty -a > after.txt; echo fini\"\"shed-$sig" Enter
	wait_for "MSE 11.4648"
	kill -"$sig" "$(cat "$dir/pid.txt")"
	wait_for "finished-$sig"
	same_tty || { echo "FAIL: stty differs after SIG$sig"; exit 1; }
	grep -q "exit=0" "$dir/status.txt" && { echo "FAIL: SIG$sig gave exit 0"; exit 1; }
done
echo "ok: tmux resize and signals"
