#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# tmux-record.sh: --record FILE writes a live session as a key script: keys, the
# AUTO frames between them (wait), pauses (delay), and a slider dragged with the
# mouse as its effect (the coefficient selected and its value typed). Replaying the
# script with --keys FILE --dump gives the screen the live session ended on
# (--dump at its exit); the script replays in a terminal too, and S, Y in the
# live session: Y sends the command by OSC 52, which tmux (set-clipboard on) keeps
# as its paste buffer.
# Usage: tests/tmux/record.sh BIN
name=record
. "$(dirname "$0")/lib.inc"
command -v python3 >/dev/null || fail "python3 missing"
mouse() {
	if [ "$($T display-message -p -t t '#{mouse_sgr_flag}')" = 1 ]; then
		cb=$1
		[ "$cb" = 3 ] && { cb=0; set -- "$1" "$2" "$3" m; }
		$T send-keys -t t -l "$esc[<$cb;$(($2 + 1));$(($3 + 1))${4:-M}"
	else
		$T send-keys -t t -H 1b 5b 4d "$(printf '%x' $((32 + $1)))" \
			"$(printf '%x' $((33 + $2)))" "$(printf '%x' $((33 + $3)))"
	fi
}
track() {
	screen | python3 -c '
import sys
t = sys.argv[1] + " ["
for y, l in enumerate(sys.stdin.read().split("\n")):
    if t in l:
        i = l.index(t) + len(t)
        print(y, i, l.index("]", i) - 1); break' "$1"
}
coef() { screen | sed -n "s/.*[ ▶]$1 \[[^]]*\] *\([-0-9.e+]*\).*/\1/p" | head -n 1; }

start_session
$T set-option -s set-clipboard on
wait_for '$ '
run_fit live "'$bin'" --record "'$dir/demo.keys'" --dump "'$dir/live.txt'"
wait_for "MSE 11.4648"
wait_flag '#{mouse_button_flag}' 1
$T send-keys -t t Space
wait_for "step 1 "
$T send-keys -t t j l l
wait_for "b [" # (the slider moved: read below)
# drag c's slider with the mouse: press, move, release
set -- $(track c)
row=$1 x0=$2 x1=$3
[ -n "$x1" ] || { screen; fail "no slider track for c"; }
mouse 0 $((x0 + 3)) "$row"
mouse 32 $((x0 + 7)) "$row"
mouse 3 $((x0 + 7)) "$row"
sleep 0.3
$T send-keys -t t o g
wait_steps 20
$T send-keys -t t g
sleep 0.3
$T send-keys -t t '>' Space Y
wait_for "copied (OSC 52"
buf=$($T show-buffer 2>/dev/null)
case $buf in "fitplay --lr 0.02 --init "*" --optim momentum"*) ;; *) fail "tmux's buffer is not the command: '$buf'" ;; esac
$T send-keys -t t q
wait_for "finished-live"
status_is 0
[ -s "$dir/demo.keys" ] || fail "no recording"
grep -q '^wait [0-9]' "$dir/demo.keys" || fail "no wait in the recording: $(cat "$dir/demo.keys")"
grep -q '^delay [0-9]' "$dir/demo.keys" || fail "no delay in the recording"
grep -q '^type ' "$dir/demo.keys" || fail "the mouse's value is not typed: $(cat "$dir/demo.keys")"
# the same final screen from the script alone
"$bin" --keys "$dir/demo.keys" --dump "$dir/replay.txt" 2>"$dir/err" || fail "replay: $(cat "$dir/err")"
sed 28,29d "$dir/live.txt" >"$dir/a.txt"
sed 28,29d "$dir/replay.txt" >"$dir/b.txt"
cmp -s "$dir/a.txt" "$dir/b.txt" || { diff "$dir/a.txt" "$dir/b.txt"; cat "$dir/demo.keys"; fail "the replayed screen differs from the live one"; }
cp "$dir/demo.keys" "${RECORD_KEEP:-/dev/null}" 2>/dev/null
echo "recorded $(grep -vc '^#' "$dir/demo.keys") lines; replayed to the same screen"
exit 0
