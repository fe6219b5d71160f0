#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# tmux-abuse-term.sh: odd terminals and odd standard streams, in a real tty (issue 6,
# "Terminals"; tmux-term.sh has TERM unset/dumb/unknown and </dev/null >file).
# 1. TERM empty, TERM full of escape codes and 300 bytes long, TERM a path, and a
#    terminfo entry that exists but has no cursor addressing: exit 2, a message
#    without escape codes, nothing drawn; with --keys and --dump no TERM is needed.
# 2. stdin not a terminal (</dev/null, and closed: <&-) with stdout the terminal:
#    batch output, no cursor addressing, exits at once, little CPU.
# 3. stdout a file, stdin the terminal: no escape code in the file.
# 4. stdin a terminal that hangs up (not fitplay's controlling tty, so no SIGHUP):
#    the explorer exits (status 129), it does not spin on the dead stdin.
# 5. LINES and COLUMNS exported (and wrong): the real size is used, and resizing
#    still works; q then restores the terminal.
# Usage: tests/tmux/abuse-term.sh BIN
name=abuse-term
. "$(dirname "$0")/lib.inc"

start_session
wait_for '$ '

# cpu FILE: the children's CPU seconds from `times` output (second line).
cpu() { awk 'NR == 2 { split($1, u, "m"); split($2, s, "m"); print u[1] * 60 + u[2] + s[1] * 60 + s[2] }' "$1"; }
cpu_small() { # FILE WHAT: under a second of CPU
	c=$(cpu "$1")
	awk -v c="$c" 'BEGIN { exit !(c != "" && c < 1.0) }' || fail "$2: $c s of CPU"
	echo "$2: $c s CPU"
}

# drawn LOG: fitplay (not the shell) addressed the cursor or switched screens.
# The shell's own `clear` (ESC[H ESC[J ESC[3J) may land in the log when the machine is
# busy: it is taken out first, it is not ours.
drawn() {
	sed "s/$esc\[H$esc\[J$esc\[3J//g" "$1" |
		grep -q "$esc\[?1049h\|$esc\[H\|$esc\[2J\|$esc\[[0-9]*;[0-9]*H\|$esc\[?1h"
}

# --- 1. refused terminals
mkdir -p "$dir/ti"
printf 'nocup|a printing terminal with no cursor addressing,\n\tam, cols#80, bel=^G, cr=\\r, cud1=\\n, ind=\\n,\n' >"$dir/nocup.src"
tic -o "$dir/ti" "$dir/nocup.src" 2>"$dir/tic.err" || { cat "$dir/tic.err"; fail "tic"; }
longterm=$(awk 'BEGIN { for (i = 0; i < 30; i++) printf "\033[31mxterm\a"; }')
n=0
for how in empty escapes path nocup; do
	n=$((n + 1))
	case $how in
	empty) setterm="TERM=" ;;
	escapes) setterm="TERM=\"\$(cat longterm.txt)\"" ;;
	path) setterm="TERM=../../../../../bin/sh" ;;
	nocup) setterm="TERMINFO='$dir/ti' TERM=nocup" ;;
	esac
	printf '%s' "$longterm" >"$dir/longterm.txt"
	rm -f "$dir/pane.log"
	$T pipe-pane -t t -o "cat > '$dir/pane.log'"
	$T send-keys -t t "$setterm '$bin' 2> err$n.txt; echo \"exit=\$?\" > st$n.txt" Enter
	wait_file "$dir/st$n.txt"
	$T pipe-pane -t t
	grep -qx "exit=2" "$dir/st$n.txt" || { cat "$dir/err$n.txt"; fail "TERM $how: $(cat "$dir/st$n.txt")"; }
	grep -q "TERM\|terminal" "$dir/err$n.txt" || { cat "$dir/err$n.txt"; fail "TERM $how: no message"; }
	[ "$(wc -l <"$dir/err$n.txt")" -le 2 ] || { cat "$dir/err$n.txt"; fail "TERM $how: a long message"; }
	if LC_ALL=C grep -q "[$esc$(printf '\007')]" "$dir/err$n.txt"; then
		od -c "$dir/err$n.txt" | head
		fail "TERM $how: control characters in the message"
	fi
	if [ -f "$dir/pane.log" ] && drawn "$dir/pane.log"; then
		od -c "$dir/pane.log" | head -20
		fail "TERM $how: fitplay drew on the terminal"
	fi
	echo "refused TERM $how: $(cut -c1-100 "$dir/err$n.txt")"
done
grep -q "no cursor addressing" "$dir/err4.txt" || fail "nocup: $(cat "$dir/err4.txt")"

# A key script with --dump needs no terminal at all, whatever TERM says.
printf 'l\nl\n' >"$dir/k.keys"
for how in "env -u TERM" "env TERM=dumb" "env TERM=no-such-terminal"; do
	rm -f "$dir/dump.txt"
	$how "$bin" --keys "$dir/k.keys" --dump "$dir/dump.txt" </dev/null >"$dir/o" 2>&1 ||
		{ cat "$dir/o"; fail "$how --keys --dump failed"; }
	grep -q "1.700" "$dir/dump.txt" || fail "$how --keys --dump: no 1.700 in the dump"
done

# --- 2. stdin not a terminal, stdout the terminal: batch mode on the terminal.
for how in "</dev/null" "<&-"; do
	# clear first, and only then log the pane (clear's own escape codes are not ours)
	n=$((n + 1))
	$T send-keys -t t "clear; echo rea\"\"dy-$n" Enter
	wait_for "ready-$n"
	rm -f "$dir/pane.log" "$dir/status.txt" "$dir/times.txt"
	$T pipe-pane -t t -o "cat > '$dir/pane.log'"
	$T send-keys -t t "('$bin' $how 2> err.txt; echo \"exit=\$?\" > status.txt; times > times.txt)" Enter
	wait_file "$dir/times.txt"
	$T pipe-pane -t t
	status_is 0
	grep -q "no terminal" "$dir/err.txt" || fail "stdin $how: no note on stderr: $(cat "$dir/err.txt")"
	grep -q "11.46479" "$dir/pane.log" || fail "stdin $how: no batch output on the terminal"
	drawn "$dir/pane.log" && { od -c "$dir/pane.log" | head; fail "stdin $how: cursor addressing"; }
	modes_restored || fail "stdin $how: terminal modes"
	cpu_small "$dir/times.txt" "stdin $how"
done

# --- 3. stdout a file, stdin the terminal.
$T send-keys -t t clear Enter
rm -f "$dir/status.txt"
$T send-keys -t t "'$bin' > out.txt 2> err.txt; echo \"exit=\$?\" > status.txt" Enter
wait_file "$dir/status.txt"
status_is 0
grep -q "11.46479" "$dir/out.txt" || fail "stdout to a file: no batch output"
LC_ALL=C grep -q "$esc" "$dir/out.txt" && fail "stdout to a file: escape codes in it"
LC_ALL=C grep -q "$esc" "$dir/err.txt" && fail "stdout to a file: escape codes on stderr"
echo "stdout to a file: $(wc -l <"$dir/out.txt") lines, no escape codes"

# --- 4. stdin a terminal that hangs up. A second session's pane lends its tty (a
# sleep holds it); killing that session closes the tty under fitplay.
$T new-session -d -s lend -n lend -x 80 -y 24 "sleep 100000" || fail "tmux new-session lend"
tty2=$($T display-message -p -t lend '#{pane_tty}')
[ -c "$tty2" ] || fail "no tty for the second session ($tty2)"
$T send-keys -t t clear Enter
rm -f "$dir/status.txt" "$dir/times.txt" "$dir/hup.pid"
$T send-keys -t t "stty -a > before.txt; (sh -c 'echo \$\$ > hup.pid; exec \"\$1\"' sh '$bin' < $tty2; echo \"exit=\$?\" > status.txt; times > times.txt); stty -a > after.txt" Enter
wait_for "MSE 11.4648"
wait_file "$dir/hup.pid"
pid=$(cat "$dir/hup.pid")
$T kill-session -t lend
wait_gone "$pid" 10
wait_file "$dir/times.txt"
status_is 129
cpu_small "$dir/times.txt" "stdin hung up"
wait_for '$ '
same_tty || fail "stty differs after the stdin hang-up"
modes_restored || fail "modes after the stdin hang-up"

# --- 5. LINES and COLUMNS exported, and wrong: the real size counts, resizes work.
run_fit lines "LINES=10 COLUMNS=20 '$bin'"
wait_for "MSE 11.4648"
wait_for "q Quit"
screen | grep -q "too small" && fail "LINES=10 COLUMNS=20 was believed"
wait_frame 100 "layout at 100x30 with LINES/COLUMNS set"
size 140 40
wait_for "fitplay  quad"
end=$(($(date +%s) + slow))
until box_rows_ok 140 >/dev/null && [ "$(screen | sed -n 40p | grep -c 'q Quit')" = 1 ]; do
	[ "$(date +%s)" -ge "$end" ] && { box_rows_ok 140; screen; fail "not redrawn at 140x40"; }
	sleep 0.05
done
size 100 30
end=$(($(date +%s) + slow))
until box_rows_ok 100 >/dev/null && [ "$(screen | sed -n 30p | grep -c 'q Quit')" = 1 ]; do
	[ "$(date +%s)" -ge "$end" ] && { box_rows_ok 100; screen; fail "not redrawn at 100x30"; }
	sleep 0.05
done
$T send-keys -t t q
wait_for "finished-lines"
status_is 0
same_tty || fail "stty differs after LINES/COLUMNS run"
modes_restored || fail "modes after LINES/COLUMNS run"
echo "ok: abused terminals"
