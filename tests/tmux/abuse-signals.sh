#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# tmux-abuse-signals.sh: the ways a student's explorer ends, or pauses, in a real tty
# (issue 6, "Terminals"; tmux-resize.sh has Ctrl-C in MANUAL and an outside SIGSEGV).
# 1. Ctrl-C in AUTO, and while typing a value: exit 130, the terminal restored
#    (stty -a, alternate screen, cursor, keypad and mouse modes).
# 2. SIGTERM and SIGHUP in AUTO: exit 143 and 129, restored.
# 3. tmux kill-session, with fitplay the pane's command in AUTO, and under a shell:
#    the process is gone within seconds (no spinning on the dead terminal).
# 4. A crash (FITPLAY_TEST_CRASH=segv: a real store into a read-only page, and
#    =abort): the terminal is restored and the process still dies of its signal
#    (the raw wait status says signalled, 11 and 6).
# 5. Ctrl-Z: the shell gets its terminal back as it was; fg redraws the explorer
#    (the alternate screen comes back empty: what shows is a redraw) and keys work,
#    in MANUAL and in AUTO (descent goes on).
# Usage: tests/tmux/abuse-signals.sh BIN
name=abuse-signals
. "$(dirname "$0")/lib.inc"


start_session
wait_for '$ '

# --- 1. Ctrl-C in AUTO, and in a prompt.
run_fit intr "'$bin'"
wait_for "MSE 11.4648"
$T send-keys -t t g
wait_for "AUTO"
wait_steps 10
$T send-keys -t t C-c
wait_for "finished-intr"
status_is 130
same_tty || fail "stty differs after Ctrl-C in AUTO"
modes_restored || fail "modes after Ctrl-C in AUTO"

run_fit intrprompt "'$bin'"
wait_for "MSE 11.4648"
$T send-keys -t t Enter
wait_for "a ="
$T send-keys -t t 1.2
wait_for "a = 1.2"
$T send-keys -t t C-c
wait_for "finished-intrprompt"
status_is 130
same_tty || fail "stty differs after Ctrl-C in a prompt"
modes_restored || fail "modes after Ctrl-C in a prompt"
echo "Ctrl-C: AUTO and prompt: exit 130, restored"

# --- 2. SIGTERM, SIGHUP in AUTO.
for sig in TERM HUP; do
	run_fit "$sig" "'$bin'"
	wait_for "MSE 11.4648"
	wait_file "$dir/$sig.pid"
	$T send-keys -t t g
	wait_for "AUTO"
	wait_steps 10
	kill -"$sig" "$(cat "$dir/$sig.pid")"
	wait_for "finished-$sig"
	case $sig in TERM) status_is 143 ;; HUP) status_is 129 ;; esac
	same_tty || fail "stty differs after SIG$sig"
	modes_restored || fail "modes after SIG$sig"
done
echo "SIGTERM, SIGHUP in AUTO: 143, 129, restored"

# --- 3. tmux kill-session: fitplay as the pane's command (AUTO), then under a shell.
$T new-session -d -s k1 -n k1 -x 100 -y 30 -c "$dir" \
	"sh -c 'echo \$\$ > k1.pid; exec \"\$1\"' sh '$bin'" || fail "new-session k1"
pane=k1 wait_for "MSE 11.4648"
wait_file "$dir/k1.pid"
$T send-keys -t k1 g
pane=k1 wait_for "AUTO"
k1=$(cat "$dir/k1.pid")
$T kill-session -t k1
wait_gone "$k1" 10

$T new-session -d -s k2 -n k2 -x 100 -y 30 -c "$dir" "env PS1='$ ' sh" || fail "new-session k2"
pane=k2 wait_for '$'
$T send-keys -t k2 "sh -c 'echo \$\$ > k2.pid; exec \"\$1\"' sh '$bin'" Enter
pane=k2 wait_for "MSE 11.4648"
wait_file "$dir/k2.pid"
k2=$(cat "$dir/k2.pid")
$T kill-session -t k2
wait_gone "$k2" 10
echo "kill-session: both gone"

# --- 4. Crashes: restored, and dead of the signal (perl reads the raw wait status).
for how in segv abort; do
	case $how in segv) want=11 ;; abort) want=6 ;; esac
	rm -f "$dir/sig.txt"
	run_fit "crash$how" "FITPLAY_TEST_CRASH=$how perl -e 'system @ARGV; open my \$f, \">\", \"sig.txt\"; printf \$f \"signal=%d\\n\", \$? & 127; exit(\$? & 127 ? 128 + (\$? & 127) : \$? >> 8)' '$bin'"
	wait_for "MSE 11.4648"
	$T send-keys -t t l
	wait_for "finished-crash$how"
	wait_file "$dir/sig.txt"
	grep -qx "signal=$want" "$dir/sig.txt" || fail "crash $how: $(cat "$dir/sig.txt"), wanted signal=$want"
	status_is $((128 + want))
	same_tty || fail "stty differs after the crash ($how)"
	modes_restored || fail "modes after the crash ($how)"
	echo "crash $how: died of signal $want, terminal restored"
done

# --- 5. Ctrl-Z, fg. fitplay is the shell's job itself (no list around it).
$T send-keys -t t clear Enter
rm -f "$dir/status.txt" "$dir/after.txt" "$dir/mid.txt"
$T send-keys -t t "stty -a > before.txt; '$bin'" Enter
wait_for "MSE 11.4648"
$T send-keys -t t l
wait_for "1.600"
$T send-keys -t t C-z
wait_flag '#{alternate_on}' 0
wait_for "Stopped"
$T send-keys -t t "stty -a > mid.txt" Enter
wait_file "$dir/mid.txt"
cp "$dir/mid.txt" "$dir/after.txt"
same_tty || fail "stty differs while suspended"
modes_restored || fail "modes while suspended"
$T send-keys -t t clear Enter
$T send-keys -t t "fg; echo \"exit=\$?\" > status.txt; stty -a > after.txt; echo fini\"\"shed-fg" Enter
wait_flag '#{alternate_on}' 1
wait_for "1.600"
wait_for "q Quit"
wait_frame 100 "not redrawn after fg"
$T send-keys -t t l
wait_for "1.700"
# in AUTO: suspended, resumed, descent goes on
$T send-keys -t t g
wait_for "AUTO"
wait_steps 5
$T send-keys -t t C-z
wait_flag '#{alternate_on}' 0
wait_for "Stopped"
$T send-keys -t t clear Enter
$T send-keys -t t "fg; echo \"exit=\$?\" > status.txt; stty -a > after.txt; echo fini\"\"shed-fg2" Enter
wait_for "AUTO"
s=$(step)
wait_steps "${s:-0}"
wait_frame 100 "not redrawn after fg in AUTO"
$T send-keys -t t q
wait_for "finished-fg2"
status_is 0
same_tty || fail "stty differs after Ctrl-Z, fg, q"
modes_restored || fail "modes after Ctrl-Z, fg, q"
echo "Ctrl-Z, fg: redrawn, keys work, AUTO goes on"
echo "ok: signals, kill-session, crashes, job control"
