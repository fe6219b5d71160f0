#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# tmux-term.sh: terminals the explorer must refuse or cope with, in a real tty:
# TERM unset, dumb or unknown: a clear message, exit status 2, not one escape code
# written; NO_COLOR and a monochrome terminal (vt100): it runs, without colour; the
# Linux console (TERM=linux, mouse through GPM): it runs and exits 0;
# a redirected stdout gets batch output, no escape codes.
# Usage: tests/tmux/term.sh BIN
name=term
. "$(dirname "$0")/lib.inc"

wait_file() {
	end=$(($(date +%s) + 10))
	while [ ! -s "$1" ]; do
		[ "$(date +%s)" -ge "$end" ] && { echo "FAIL: $1 never written"; screen; exit 1; }
		sleep 0.1
	done
}

$T new-session -d -s t -x 100 -y 30 -c "$dir" "env -u LINES -u COLUMNS PS1='$ ' sh" || exit 1

# Refused terminals: message on stderr, status 2, nothing on the terminal.
n=0
for how in "env -u TERM" "env TERM=dumb" "env TERM=no-such-terminal-xyz"; do
	n=$((n + 1))
	rm -f "$dir/pane.log"
	$T pipe-pane -t t -o "cat > '$dir/pane.log'"
	$T send-keys -t t "$how LC_ALL=C.UTF-8 '$bin' 2> err$n.txt; echo \"exit=\$?\" > st$n.txt" Enter
	wait_file "$dir/st$n.txt"
	$T pipe-pane -t t
	grep -q "exit=2" "$dir/st$n.txt" || { echo "FAIL: $how: $(cat "$dir/st$n.txt")"; cat "$dir/err$n.txt"; exit 1; }
	grep -q "terminal\|TERM" "$dir/err$n.txt" || { echo "FAIL: $how: no message"; cat "$dir/err$n.txt"; exit 1; }
	if grep -q "$esc" "$dir/err$n.txt"; then
		echo "FAIL: $how: escape codes in the message"
		exit 1
	fi
	# The pane saw our typed command and the shell's echo, never an escape code
	# from fitplay (the shell prompt is plain '$ ').
	if [ -f "$dir/pane.log" ] && grep -q "$esc\[?1049h\|$esc\[H\|$esc\[2J" "$dir/pane.log"; then
		echo "FAIL: $how: fitplay drew on the terminal"
		od -c "$dir/pane.log" | head -20
		exit 1
	fi
	echo "refused: $how: $(cat "$dir/err$n.txt")"
done

# No terminal at all: batch output, no escape codes.
LC_ALL=C.UTF-8 "$bin" </dev/null >"$dir/out.txt" 2>"$dir/err.txt"
grep -q "11.46479" "$dir/out.txt" || { echo "FAIL: no batch output without a tty"; exit 1; }
grep -q "$esc" "$dir/out.txt" && { echo "FAIL: escape codes in redirected output"; exit 1; }

# NO_COLOR: runs, and the pane has no colour attributes.
$T send-keys -t t clear Enter
$T send-keys -t t "NO_COLOR=1 LC_ALL=C.UTF-8 '$bin'; echo fini\"\"shed-nocolor" Enter
wait_for "MSE 11.4648"
if $T capture-pane -p -e -t t | grep -q "$esc\[[0-9;]*3[0-7]m\|$esc\[[0-9;]*38;"; then
	echo "FAIL: colours with NO_COLOR"
	$T capture-pane -p -e -t t | head -5 | od -c | head
	exit 1
fi
# the selected slider is marked without colour: reverse video
$T capture-pane -p -e -t t | grep -q "$esc\[[0-9;]*7m" || { echo "FAIL: no reverse video"; exit 1; }
$T send-keys -t t q
wait_for "finished-nocolor"

# Colour by default (tmux's default TERM has colours).
$T send-keys -t t clear Enter
$T send-keys -t t "LC_ALL=C.UTF-8 '$bin'; echo fini\"\"shed-colour" Enter
wait_for "MSE 11.4648"
$T capture-pane -p -e -t t | grep -q "$esc\[[0-9;]*3[0-7]m" || { echo "FAIL: no colours by default"; exit 1; }
$T send-keys -t t q
wait_for "finished-colour"

# A monochrome terminal (vt100): runs, readable, quits.
$T send-keys -t t clear Enter
$T send-keys -t t "TERM=vt100 LC_ALL=C.UTF-8 '$bin'; echo \"exit=\$?\" > mono.txt" Enter
wait_for "MSE 11.4648"
wait_for "MANUAL"
$T send-keys -t t l
wait_for "1.600"
$T send-keys -t t q
wait_file "$dir/mono.txt"
grep -q "exit=0" "$dir/mono.txt" || { echo "FAIL: vt100: $(cat "$dir/mono.txt")"; exit 1; }

# The Linux console (TERM=linux): runs and quits with status 0. Its mouse goes through
# GPM: ncurses loads libgpm at the start, which leaks a few bytes of its own when no
# gpm daemon answers: under `make SANITIZE=1 check` this is the run that shows
# tests/lsan.supp (set by tests/run.sh) keeps such third-party leaks from failing us.
$T send-keys -t t clear Enter
$T send-keys -t t "TERM=linux LC_ALL=C.UTF-8 '$bin' 2> linux-err.txt; echo \"exit=\$?\" > linux.txt" Enter
wait_for "MSE 11.4648"
wait_for "MANUAL"
$T send-keys -t t l
wait_for "1.600"
$T send-keys -t t q
wait_file "$dir/linux.txt"
grep -q "exit=0" "$dir/linux.txt" ||
	{ echo "FAIL: TERM=linux: $(cat "$dir/linux.txt")"; head -n 30 "$dir/linux-err.txt"; exit 1; }

# A non-UTF-8 locale: pure ASCII on screen.
$T send-keys -t t clear Enter
$T send-keys -t t "LC_ALL=C '$bin'; echo fini\"\"shed-ascii" Enter
wait_for "MSE 11.4648"
if screen | LC_ALL=C grep -q '[^ -~]'; then
	echo "FAIL: non-ASCII characters in the C locale"
	screen
	exit 1
fi
$T send-keys -t t q
wait_for "finished-ascii"
echo "ok: terminals"
