#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# tmux-mouse.sh: the mouse in a real terminal (issue 14, item 7). The mouse reports
# are written into the pane as a terminal would send them, in the form ncurses asked
# for (SGR 1006 when tmux says its flag is on, else the X10 "ESC [ M" + 3 bytes,
# which ncurses uses under TERM=tmux-256color/screen), and the values that result
# are read off the screen:
# 1. the explorer turns on button-event tracking (1002: drags are reported);
# 2. a press on a slider's track sets the value under the pointer, motion with the
#    button held follows it, the release ends the drag;
# 3. the wheel over a slider moves it one step, up and down;
# 4. a click on a coefficient's name selects it; a click on a key-bar entry runs
#    its key (Step, Reset);
# 5. a point dragged far away: the least-squares (MSE) fit moves far more than the
#    MAE fit (descent run to rest before and after); r keeps the edited data, n
#    draws fresh data;
# 6. the terminal is left without a mouse mode after q, Ctrl-C and a crash (stty -a
#    and tmux's mode flags), also while suspended by Ctrl-Z (and 1002 is back after
#    fg); --no-mouse sends no mouse mode at all;
# 7. the same press, drag and wheel in the SGR form (TERM=xterm-256color).
# Usage: tests/tmux/mouse.sh BIN
name=mouse
. "$(dirname "$0")/lib.inc"
command -v python3 >/dev/null || fail "python3 missing"

# mouse CB X Y [m]: a mouse report for screen cell (X, Y) (from 0), button code CB
# (0 press, 32 motion with button 1 held, 3 release (X10), 64/65 wheel up/down);
# "m" ends an SGR release.
mouse() {
	if [ "$($T display-message -p -t "${pane:-t}" '#{mouse_sgr_flag}')" = 1 ]; then
		cb=$1
		[ "$cb" = 3 ] && { cb=0; set -- "$1" "$2" "$3" m; }
		$T send-keys -t "${pane:-t}" -l "$esc[<$cb;$(($2 + 1));$(($3 + 1))${4:-M}"
	else
		$T send-keys -t "${pane:-t}" -H 1b 5b 4d "$(printf '%x' $((32 + $1)))" \
			"$(printf '%x' $((33 + $2)))" "$(printf '%x' $((33 + $3)))"
	fi
}
click() { mouse 0 "$1" "$2"; mouse 3 "$1" "$2"; }

# find TEXT: "ROW COL" (from 0) of the first TEXT on the screen, in characters.
find() {
	screen | python3 -c '
import sys
t = sys.argv[1]
for y, l in enumerate(sys.stdin.read().split("\n")):
    if t in l:
        print(y, l.index(t)); break' "$1"
}
# track NAME: "ROW X0 X1", the cells of coefficient NAME's slider track.
track() {
	screen | python3 -c '
import sys
t = sys.argv[1] + " ["
for y, l in enumerate(sys.stdin.read().split("\n")):
    if t in l:
        i = l.index(t) + len(t)
        print(y, i, l.index("]", i) - 1); break' "$1"
}
# coef NAME: the value shown after NAME's slider.
coef() { screen | sed -n "s/.*[ ▶]$1 \[[^]]*\] *\([-0-9.e+]*\).*/\1/p" | head -n 1; }
# wait_coef NAME VALUE: poll until NAME's slider shows VALUE.
wait_coef() {
	end=$(($(date +%s) + slow))
	while [ "$(coef "$1")" != "$2" ]; do
		[ "$(date +%s)" -ge "$end" ] && { screen; fail "$1 shows '$(coef "$1")', not $2"; }
		sleep 0.05
	done
}

start_session
wait_for '$ '

# --- 1. 1002 on.
run_fit main "'$bin'"
wait_for "MSE 11.4648"
wait_flag '#{mouse_button_flag}' 1
echo "button-event tracking (1002) on; SGR: $($T display-message -p -t t '#{mouse_sgr_flag}')"

# --- 2. Press on a's track, drag, release.
set -- $(track a)
row=$1 x0=$2 x1=$3
[ -n "$x1" ] || { screen; fail "no slider track for a"; }
mouse 0 "$x0" "$row"
wait_coef a -1.500
mouse 32 $(((x0 + x1) / 2)) "$row"
mouse 32 "$x1" "$row"
wait_coef a 4.500
mouse 32 $((x1 + 30)) "$row" # past the end: held at the end
mouse 3 $((x1 + 30)) "$row"
wait_coef a 4.500
click $((x0 + 5)) "$row"
a1=$(coef a)
[ "$a1" != 4.500 ] || fail "a click on the track did not set a"
echo "slider: press -1.500, drag 4.500, click $a1"

# --- 3. The wheel over b's track.
set -- $(track b)
mouse 64 "$2" "$1"
wait_coef b 1.600
mouse 65 "$2" "$1"
mouse 65 "$2" "$1"
wait_coef b 1.400
echo "wheel: b 1.600 then 1.400"

# --- 4. A click on c's name selects it; key-bar entries run their keys.
set -- $(find "c [")
click "$2" "$1"
wait_for "▶c ["
set -- $(find "Space Step")
click "$(($2 + 2))" "$1"
wait_for "step 1 "
set -- $(find "r Reset")
click "$2" "$1"
wait_for "MSE 11.4648"
wait_for "step 0 "
echo "name click selects c; Step and Reset from the key bar"

# --- 5. MSE against MAE, a point dragged far away.
# fitted VALUE-NAME: a, b and c as shown.
abc() { echo "$(coef a) $(coef b) $(coef c)"; }
# rest: descent run at 10000 steps a frame past step 30000, then stopped.
rest() {
	$T send-keys -t t g
	wait_for " AUTO "
	wait_steps 30000
	$T send-keys -t t g
	wait_for "MANUAL"
}
$T send-keys -t t + + + + + + + + + + + + + +
wait_for "pace 10000 steps/frame"
$T send-keys -t t s
wait_for "LM:"
mse0=$(abc)
$T send-keys -t t f
wait_for "loss MAE"
rest
mae0=$(abc)
$T send-keys -t t f
wait_for "loss MSE"
# the middle point (the 'o' nearest the middle of the plot's row 0 axis) up to the top
set -- $(find "plot: 20 points")
prow=$1
screen >"$dir/pts.txt"
set -- $(python3 -c '
import sys
rows = open(sys.argv[1]).read().split("\n")
best = None
for y, l in enumerate(rows[2:26], 2):
    for x, ch in enumerate(l[:60]):
        if ch == "o":
            d = abs(x - 31)
            if best is None or d < best[0]:
                best = (d, y, x)
print(best[1], best[2])' "$dir/pts.txt")
py=$1 px=$2
mouse 0 "$px" "$py"
mouse 32 "$px" $(((py + prow) / 2))
mouse 32 "$px" $((prow + 1))
mouse 3 "$px" $((prow + 1))
wait_for "20 points, noise 0.3,1.5, edited"
wait_for "point "
screen | grep -q "^│ 20┤ *o" || screen | sed -n "$((prow + 2))p" | grep -q o || { screen; fail "the point is not at the top"; }
$T send-keys -t t s
wait_for "LM:"
mse1=$(abc)
$T send-keys -t t f
wait_for "loss MAE"
rest
mae1=$(abc)
echo "MSE fit: $mse0 -> $mse1; MAE fit: $mae0 -> $mae1"
python3 -c '
import sys
v = [list(map(float, s.split())) for s in sys.argv[1:5]]
dm = sum(abs(a - b) for a, b in zip(v[0], v[1]))
da = sum(abs(a - b) for a, b in zip(v[2], v[3]))
print("the coefficients moved by %.3f (MSE) and %.3f (MAE)" % (dm, da))
sys.exit(0 if dm > 1.0 and dm > 5 * da else 1)' "$mse0" "$mse1" "$mae0" "$mae1" ||
	fail "the MSE fit did not move far more than the MAE fit"
# r keeps the edited data; n draws fresh data
$T send-keys -t t r
wait_for "step 0 "
screen | grep -q "noise 0.3,1.5, edited" || fail "r dropped the edited data"
$T send-keys -t t n
wait_for "new noise"
screen | grep -q "20 points, noise 0.3,1.5" || fail "n did not draw fresh data"
screen | grep -q "edited" && fail "n kept the edit"

# --- 6. The terminal after q, Ctrl-C, a crash, Ctrl-Z; --no-mouse.
$T send-keys -t t q
wait_for "finished-main"
status_is 0
same_tty || fail "stty differs after q"
modes_restored || fail "modes after q"

run_fit intr "'$bin'"
wait_for "MSE 11.4648"
wait_flag '#{mouse_button_flag}' 1
set -- $(track a)
mouse 0 "$2" "$1" # in the middle of a drag
wait_coef a -1.500
$T send-keys -t t C-c
wait_for "finished-intr"
status_is 130
same_tty || fail "stty differs after Ctrl-C"
modes_restored || fail "modes after Ctrl-C"

rm -f "$dir/sig.txt"
run_fit crash "FITPLAY_TEST_CRASH=segv perl -e 'system @ARGV; open my \$f, \">\", \"sig.txt\"; printf \$f \"signal=%d\\n\", \$? & 127; exit(\$? & 127 ? 128 + (\$? & 127) : \$? >> 8)' '$bin'"
wait_for "MSE 11.4648"
wait_flag '#{mouse_button_flag}' 1
$T send-keys -t t l
wait_for "finished-crash"
wait_file "$dir/sig.txt"
grep -qx "signal=11" "$dir/sig.txt" || fail "crash: $(cat "$dir/sig.txt")"
same_tty || fail "stty differs after the crash"
modes_restored || fail "modes after the crash"
echo "q, Ctrl-C, crash: no mouse mode left"

$T send-keys -t t clear Enter
$T send-keys -t t "'$bin'; echo fini\"\"shed-fg" Enter
wait_for "MSE 11.4648"
wait_flag '#{mouse_button_flag}' 1
$T send-keys -t t C-z
wait_flag '#{alternate_on}' 0
wait_for "Stopped"
modes_restored || fail "modes while suspended"
$T send-keys -t t fg Enter
wait_flag '#{alternate_on}' 1
wait_flag '#{mouse_button_flag}' 1
wait_for "q Quit"
set -- $(track a)
mouse 0 "$2" "$1"
mouse 32 "$3" "$1"
mouse 3 "$3" "$1"
wait_coef a 4.500
$T send-keys -t t q
wait_for "finished-fg"
modes_restored || fail "modes after Ctrl-Z, fg, q"
echo "Ctrl-Z: no mouse mode while suspended, drags work after fg"

run_fit nomouse "'$bin' --no-mouse"
wait_for "MSE 11.4648"
wait_for "q Quit"
modes_restored >/dev/null 2>&1 || true
m=$($T display-message -p -t t '#{mouse_any_flag}#{mouse_standard_flag}#{mouse_button_flag}#{mouse_sgr_flag}')
[ "$m" = 0000 ] || fail "--no-mouse: mouse modes on: $m"
$T send-keys -t t q
wait_for "finished-nomouse"
status_is 0
modes_restored || fail "modes after --no-mouse"
echo "--no-mouse: no mouse mode sent"

# --- 7. The SGR form (1006), which ncurses asks for under TERM=xterm-256color.
run_fit sgr "TERM=xterm-256color '$bin'"
wait_for "MSE 11.4648"
wait_flag '#{mouse_sgr_flag}' 1
wait_flag '#{mouse_button_flag}' 1
set -- $(track a)
mouse 0 "$2" "$1"
wait_coef a -1.500
mouse 32 "$3" "$1"
mouse 3 "$3" "$1"
wait_coef a 4.500
set -- $(track b)
mouse 65 "$2" "$1"
wait_coef b 1.400
$T send-keys -t t q
wait_for "finished-sgr"
status_is 0
modes_restored || fail "modes after q (SGR)"
echo "SGR 1006: press, drag, release, wheel"
echo "ok: mouse"
