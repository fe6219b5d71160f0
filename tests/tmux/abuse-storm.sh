#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# tmux-abuse-storm.sh: a hundred resizes in two seconds while AUTO runs, through
# sizes from 1x1 to 300x100 (issue 6, "Terminals"; tmux-resize.sh has the orderly
# resizes); then a hundred more as fast as tmux goes, with a value prompt open.
# After each storm the explorer is alive, redrawn at 100x30 (the frame intact, the
# key bar on the last row), AUTO still runs (the step count moves) or the prompt is
# still open; q quits with status 0, nothing from the sanitizers on stderr, and the
# terminal is restored (stty -a, alternate screen, cursor, keypad, mouse).
# Usage: tests/tmux/abuse-storm.sh BIN
name=abuse-storm
. "$(dirname "$0")/lib.inc"

alive() {
	kill -0 "$pid" 2>/dev/null && return 0
	echo "FAIL: fitplay died $1; stderr:"
	head -c 3000 "$dir/stderr.txt"
	screen
	exit 1
}
# redrawn: poll until the pane, back at 100x30, shows the whole layout again.
redrawn() {
	end=$(($(date +%s) + slow))
	until box_rows_ok 100 >/dev/null && screen | sed -n 30p | grep -q "q Quit" &&
		screen | sed -n 1p | grep -q "fitplay"; do
		if [ "$(date +%s)" -ge "$end" ]; then
			box_rows_ok 100
			screen
			fail "not redrawn at 100x30 after the storm ($1)"
		fi
		sleep 0.05
	done
}
# storm PAUSE: 100 resizes through the sizes below, PAUSE seconds apart.
storm() {
	t0=$(date +%s.%N)
	i=0
	while [ $i -lt 100 ]; do
		for wh in 200x60 80x24 1x1 30x8 300x100 40x12 2x2 79x23 10x3 100x30; do
			$T resize-window -t t -x "${wh%x*}" -y "${wh#*x}" || fail "tmux resize-window $wh"
			i=$((i + 1))
			[ "$1" = 0 ] || sleep "$1"
		done
	done
	echo "100 resizes in $(echo "$(date +%s.%N) $t0" | awk '{ printf "%.2f", $1 - $2 }') s"
}

start_session
wait_for '$ '
run_fit storm "'$bin' 2> stderr.txt"
wait_for "MSE 11.4648"
wait_file "$dir/storm.pid"
pid=$(cat "$dir/storm.pid")

# --- 1. in AUTO, spread over about two seconds
$T send-keys -t t g
wait_for "AUTO"
wait_steps 5
storm 0.012
alive "in the resize storm"
size 100 30
redrawn AUTO
s=$(step)
wait_steps "$s"
screen | sed -n 1p | grep -q "AUTO" || fail "AUTO stopped in the storm"
$T send-keys -t t g
wait_for "MANUAL"

# --- 2. with a value prompt open, as fast as tmux goes
$T send-keys -t t Enter
wait_for "Esc cancels"
$T send-keys -t t 0.25
storm 0
alive "in the fast resize storm"
size 100 30
redrawn prompt
wait_for "a = 0.25"
$T send-keys -t t Enter
wait_for "0.250│"

$T send-keys -t t q
wait_for "finished-storm"
status_is 0
if grep -q "Sanitizer\|runtime error" "$dir/stderr.txt"; then
	head -c 3000 "$dir/stderr.txt"
	fail "sanitizer report"
fi
same_tty || fail "stty differs after the storms"
modes_restored || fail "modes after the storms"
echo "ok: resize storms"
