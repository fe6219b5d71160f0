#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# tmux-explorer.sh: the explorer in a real terminal, tested the way tmux tests
# itself: a private server, a fixed size, send-keys, poll capture-pane for what
# should appear (with a deadline, never a bare sleep as the check). Checks: the
# lesson starts at MSE 11.4648; slider keys change it; g alone brings it below 3.0
# within 30 s; > until the rate passes 0.2215 gives DIVERGED, no crash, r
# recovers; q restores the terminal (stty -a before and after).
# Usage: tests/tmux/explorer.sh BIN
name=explorer
. "$(dirname "$0")/lib.inc"

# The loss in the header (MSE <value>).
mse() { screen | sed -n '1s/.*MSE \([0-9.e+-]*\).*/\1/p'; }

# wait_below LIMIT SECONDS: poll until the header's MSE < LIMIT.
wait_below() {
	end=$(($(date +%s) + $2))
	while :; do
		v=$(mse)
		if [ -n "$v" ] && awk -v v="$v" -v l="$1" 'BEGIN { exit !(v + 0 < l + 0) }'; then
			return 0
		fi
		if [ "$(date +%s)" -ge "$end" ]; then
			echo "FAIL: MSE did not fall below $1 within $2 s (last: '$v'); the screen:"
			screen
			exit 1
		fi
		sleep 0.1
	done
}

$T new-session -d -s t -x 100 -y 30 "env -u LINES -u COLUMNS PS1='$ ' sh" || exit 1
$T set-option -t t -g window-size manual 2>/dev/null
$T send-keys -t t "cd '$dir' && stty -a > before.txt; LC_ALL=C.UTF-8 '$bin'; echo \"exit=\$?\" > status.txt; stty -a > after.txt; echo fini\"\"shed-run" Enter

wait_for "MSE 11.4648"
wait_for "MANUAL"
screen | grep -qF "step 0" || { echo "FAIL: no 'step 0' at the start"; screen; exit 1; }

# Slider keys change the loss at once (a goes 1.5 -> 1.6 -> 1.7).
$T send-keys -t t l l
wait_for "1.700"
v=$(mse)
[ "$v" != "11.4648" ] || { echo "FAIL: the slider did not change the MSE"; screen; exit 1; }
echo "after l l: MSE $v"
$T send-keys -t t r
wait_for "MSE 11.4648"

# g alone: below 3.0 within 30 s.
$T send-keys -t t g
wait_for "AUTO"
wait_below 3.0 30
echo "after g: MSE $(mse)"
$T send-keys -t t g
wait_for "MANUAL"

# > until the rate passes the limit 0.2215 (0.23 just above it, then 0.5), then descent diverges.
$T send-keys -t t r
wait_for "MSE 11.4648"
for lr in 0.02 0.05 0.1 0.2 0.23 0.5; do
	$T send-keys -t t '>'
	wait_for "lr $lr "
done
wait_for "above the limit"
$T send-keys -t t g
wait_for "DIVERGED at step" 60
wait_for "MANUAL"
screen | grep -qiE "nan|inf[^o]" && { echo "FAIL: nan/inf on screen"; screen; exit 1; }
screen | grep -qF "r resets" || { echo "FAIL: no recovery hint"; screen; exit 1; }
# r recovers
$T send-keys -t t r
wait_for "MSE 11.4648"
wait_for "step 0"
screen | grep -qF "DIVERGED" && { echo "FAIL: DIVERGED still shown after r"; screen; exit 1; }

# A click on the left end of a's track sets a to the slider's low end, -1.5.
click_a_start() {
	row=$(screen | grep -n "▶a \[" | head -n 1 | cut -d: -f1)
	[ -n "$row" ] || { echo "FAIL: no slider a"; screen; exit 1; }
	prefix=$(screen | sed -n "${row}p" | sed 's/▶a \[.*//')
	x=$(($(printf '%s' "$prefix" | wc -m) + 4))
	y=$((row - 1))
	# xterm (X10) mouse reports: ESC [ M button+32 x+33 y+33, press then release
	$T send-keys -t t -H 1b 5b 4d 20 "$(printf '%x' $((x + 33)))" "$(printf '%x' $((y + 33)))"
	$T send-keys -t t -H 1b 5b 4d 23 "$(printf '%x' $((x + 33)))" "$(printf '%x' $((y + 33)))"
}
click_a_start
wait_for "-1.500"
$T send-keys -t t r
wait_for "MSE 11.4648"

# Help from the key table: at 100x30 it has two pages of whole sentences; ? turns
# the page, any other key closes it.
$T send-keys -t t '?'
wait_for "page 1/2: ? next page, any other key closes"
wait_for "select the coefficient above / below"
$T send-keys -t t '?'
wait_for "page 2/2"
wait_for "redraw the screen"
$T send-keys -t t x
wait_for "Space Step"

# q quits and restores the terminal.
$T send-keys -t t q
wait_for "finished-run"
grep -q "exit=0" "$dir/status.txt" || { echo "FAIL: exit status $(cat "$dir/status.txt")"; exit 1; }
if ! cmp -s "$dir/before.txt" "$dir/after.txt"; then
	echo "FAIL: stty -a differs after q"
	diff "$dir/before.txt" "$dir/after.txt"
	exit 1
fi

# --no-mouse: the same click does nothing. (--dump without --keys: the last screen
# is written when the explorer quits.)
$T send-keys -t t clear Enter
$T send-keys -t t "LC_ALL=C.UTF-8 '$bin' --no-mouse --dump last.txt; echo fini\"\"shed-nomouse" Enter
wait_for "MSE 11.4648"
click_a_start
$T send-keys -t t j
wait_for "▶b"
screen | grep -qF -- "-1.500" && { echo "FAIL: a click with --no-mouse moved a"; screen; exit 1; }
$T send-keys -t t q
wait_for "finished-nomouse"
grep -q "▶b" "$dir/last.txt" || { echo "FAIL: --dump did not write the last screen"; exit 1; }

# A key script in a terminal (make demo): captions show as it plays; any key stops
# it and hands over the controls; the explorer stays open.
$T send-keys -t t clear Enter
$T send-keys -t t "LC_ALL=C.UTF-8 '$bin' --keys '$(pwd)/assets/walkthrough.keys'; echo fini\"\"shed-demo" Enter
wait_for "Our first guess"
$T send-keys -t t j
wait_for "key script stopped"
wait_for "▶b"
$T send-keys -t t q
wait_for "finished-demo"
echo "ok: tmux explorer"
