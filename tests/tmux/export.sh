#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# tmux-export.sh: e and E in a real terminal do not freeze the explorer. gnuplot is a
# wrapper on PATH that waits 4 s, then runs the real one (so the export is slow
# enough to watch, and its processes can be found and checked).
# 1. E + a .gif path + Enter: "exporting NAME" at once; keys act meanwhile (AUTO
#    steps on, r resets, a second e is refused); then "exported NAME (T s)"; the
#    file is a GIF of the state at Enter (step 12: 21 frames, though the session
#    was run on and reset since); the export child and gnuplot are reaped.
# 2. q during an export: says it waits, then quits when the file is written: exit
#    0, the terminal restored (stty -a, modes), no process left.
# 3. q twice during an export: quits at once; no file, no temporary, no process.
# 4. Ctrl-C during an export: exit 130, the same.
# 5. Figures with the real gnuplot (printed, not checked): time to the first
#    "exporting" frame, AUTO steps (frames, at pace 1) during a GIF export.
# Usage: tests/tmux/export.sh BIN
name=export
. "$(dirname "$0")/lib.inc"
real=$(command -v gnuplot) || fail "gnuplot is not installed (scripts/deps.sh)"
command -v python3 >/dev/null 2>&1 || fail "python3 is needed to check the GIF"
mkdir "$dir/bin" "$dir/tmp" || fail "mkdir"
cat >"$dir/bin/gnuplot" <<EOF
#!/bin/sh
echo \$\$ >>'$dir/gnuplot.pids'
sleep 4
exec '$real' "\$@"
EOF
chmod 755 "$dir/bin/gnuplot"

# still_exporting NAME WHAT: the export of NAME is still under way after WHAT.
still_exporting() {
	screen | grep -qF "exporting $1" || { screen; fail "'exporting $1' gone after $2"; }
}
# ended PID: the process is gone (or a zombie that is not fitplay's to reap).
ended() {
	s=$(ps -o stat= -p "$1" 2>/dev/null)
	[ -z "$s" ] || [ "${s#Z}" != "$s" ]
}
# export_procs PID: while an export runs, its processes (the child of fitplay, the
# gnuplot wrapper and its sleep) into $dir/procs.txt; at least a child and gnuplot.
export_procs() {
	wait_file "$dir/gnuplot.pids"
	: >"$dir/procs.txt"
	for c in $(ps -o pid= --ppid "$1"); do
		echo "$c" >>"$dir/procs.txt"
		ps -o pid= --ppid "$c" >>"$dir/procs.txt"
	done
	for g in $(cat "$dir/gnuplot.pids"); do
		echo "$g" >>"$dir/procs.txt"
		ps -o pid= --ppid "$g" >>"$dir/procs.txt"
	done
	[ "$(sort -u "$dir/procs.txt" | wc -l)" -ge 3 ] ||
		{ cat "$dir/procs.txt"; fail "no export child and gnuplot found under fitplay $1"; }
}
# procs_ended: every process export_procs saw has ended.
procs_ended() {
	for p in $(sort -u "$dir/procs.txt"); do
		end=$(($(date +%s) + 5))
		until ended "$p"; do
			[ "$(date +%s)" -ge "$end" ] && { ps -o pid,stat,cmd -p "$p"; fail "process $p left after $1"; }
			sleep 0.05
		done
	done
}
# no_partial: no temporary output in the directory, nothing left in TMPDIR.
no_partial() {
	[ -z "$(ls -A "$dir" | grep '^\.fitplay-')" ] || { ls -A "$dir"; fail "temporary file left after $1"; }
	[ -z "$(ls -A "$dir/tmp")" ] || { ls -A "$dir/tmp"; fail "TMPDIR not cleaned after $1"; }
}
# start TAG: the explorer with the slow gnuplot, at the lesson's start.
start() {
	rm -f "$dir/gnuplot.pids"
	run_fit "$1" "PATH='$dir/bin:$PATH'" "TMPDIR='$dir/tmp'" "'$bin'"
	wait_for "MSE 11.4648"
	wait_file "$dir/$1.pid"
	pid=$(cat "$dir/$1.pid")
}
ms() { echo $(($(date +%s%N) / 1000000)); }

start_session
wait_for '$ '

# --- 1. E to a GIF: feedback at once, keys act, the snapshot written, all reaped.
start gif
$T send-keys -t t Space Space Space Space Space Space Space Space Space Space Space Space
wait_for "step 12 "
$T send-keys -t t E
wait_for "export to"
$T send-keys -t t -l "descent.gif"
wait_for "descent.gif"
$T send-keys -t t Enter
wait_for "exporting descent.gif"
export_procs "$pid"
$T send-keys -t t g
wait_for "AUTO"
wait_steps 30
still_exporting descent.gif "AUTO ran"
$T send-keys -t t e
wait_for "descent.gif is still being written; one export at a time"
$T send-keys -t t g
wait_for "MANUAL"
$T send-keys -t t r
wait_for "step 0 "
still_exporting descent.gif "g, e, g, r"
wait_for "exported descent.gif (" 30
n=$(python3 "$here/gif-frames.py" "$dir/descent.gif") || fail "descent.gif is not a GIF"
[ "$n" -eq 21 ] || fail "descent.gif has $n frames, not 21 (the state at step 12)"
procs_ended "the export"
[ -z "$(ps -o pid=,stat= --ppid "$pid")" ] || { ps -o pid,stat,cmd --ppid "$pid"; fail "fitplay has children left"; }
no_partial "the export"
screen | grep -qF "step 0 " || fail "the export changed the session"
$T send-keys -t t q
wait_for "finished-gif"
status_is 0
same_tty || fail "stty differs after an export"
modes_restored || fail "modes after an export"
echo "E descent.gif: 'exporting' at once, AUTO/r/e acted meanwhile, GIF of step 12 ($n frames), reaped"

# --- 2. q during an export: waits for it, says so, then quits.
start qwait
$T send-keys -t t Space Space Space
wait_for "step 3 "
$T send-keys -t t e
wait_for "exporting fitplay-quad-step3.png"
export_procs "$pid"
$T send-keys -t t q
wait_for "waiting for the export of fitplay-quad-step3.png to end"
kill -0 "$pid" 2>/dev/null || fail "fitplay quit before the export ended"
wait_for "finished-qwait" 30
status_is 0
head -c 8 "$dir/fitplay-quad-step3.png" | od -An -c | grep -q 'P   N   G' || fail "q: no PNG written"
same_tty || fail "stty differs after q during an export"
modes_restored || fail "modes after q during an export"
procs_ended "q during an export"
no_partial "q during an export"
echo "q during an export: waited for it, PNG written, exit 0, restored, nothing left"

# --- 3. q twice: quit now, without the file.
start qq
$T send-keys -t t Space
wait_for "step 1 "
$T send-keys -t t e
wait_for "exporting fitplay-quad-step1.png"
export_procs "$pid"
$T send-keys -t t q
wait_for "waiting for the export"
$T send-keys -t t q
wait_for "finished-qq" 10
status_is 0
[ ! -e "$dir/fitplay-quad-step1.png" ] || fail "q q: the abandoned export was written"
same_tty || fail "stty differs after q q during an export"
modes_restored || fail "modes after q q during an export"
procs_ended "q q during an export"
no_partial "q q during an export"
echo "q q during an export: quit at once, no file, no temporary, no process"

# --- 4. Ctrl-C during an export.
start intr
$T send-keys -t t E
wait_for "export to"
$T send-keys -t t -l "intr.gif"
$T send-keys -t t Enter
wait_for "exporting intr.gif"
export_procs "$pid"
$T send-keys -t t g
wait_for "AUTO"
$T send-keys -t t C-c
wait_for "finished-intr" 10
status_is 130
[ ! -e "$dir/intr.gif" ] || fail "Ctrl-C: the export was written"
same_tty || fail "stty differs after Ctrl-C during an export"
modes_restored || fail "modes after Ctrl-C during an export"
procs_ended "Ctrl-C during an export"
no_partial "Ctrl-C during an export"
echo "Ctrl-C during an export: exit 130, no file, no temporary, no process"

# --- 5. Figures with the real gnuplot (not checked: timed assertions do not belong here).
run_fit real "TMPDIR='$dir/tmp'" "'$bin'"
wait_for "MSE 11.4648"
$T send-keys -t t g
wait_steps 60
$T send-keys -t t E
wait_for "export to"
$T send-keys -t t -l "real.gif"
wait_for "real.gif"
t0=$(ms)
$T send-keys -t t Enter g
wait_for "exporting real.gif"
t1=$(ms)
s0=$(step)
wait_for "exported real.gif (" 60
s1=$(step)
took=$(screen | sed -n 's/.*exported real.gif (\([0-9.]*\) s).*/\1/p')
n=$(python3 "$here/gif-frames.py" "$dir/real.gif") || fail "real.gif is not a GIF"
$T send-keys -t t q
wait_for "finished-real"
status_is 0
echo "figures: 'exporting' on screen $((t1 - t0)) ms after Enter (tmux polling included);" \
	"GIF ($n frames) in $took s, AUTO went on meanwhile: step $s0 -> $s1"
echo "ok: export in the background"
