#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# tmux/lesson.sh: the built-in lesson in a real terminal, turned as a presenter's
# clicker turns it (issue 16): PgDn through every chapter (a pause takes a press
# too), PgUp back to the first, each time the header "chapter k/14 Title" and the
# first caption line from assets/lesson3.keys (chapters 11-14 without train.csv:
# their notice, and the clicker moves past them); # N Enter, Home; a key at a
# pause takes the chapter over (the next PgDn turns, the chapter comes back fresh);
# --play turns chapters by itself; q restores the terminal.
# Usage: sh tests/tmux/lesson.sh BIN
name=lesson
. "$(dirname "$0")/lib.inc"

lesson=$repo/assets/lesson3.keys
title() { sed -n 's/^chapter //p' "$lesson" | sed -n "${1}p"; }
caption() { awk -v k="$1" '/^chapter /{c++} c==k && /^caption /{sub(/^caption /, ""); print; exit}' "$lesson"; }
pauses() { awk -v k="$1" '/^chapter /{c++} c==k && /^pause/{n++} END {print n + 0}' "$lesson"; }
header() { screen | head -n 1; }

# check K: the header names chapter K and its caption shows.
check() {
	wait_for "chapter $1/14 $(title "$1")"
	wait_for "$(caption "$1")"
	case $1 in 11 | 12 | 13 | 14) wait_for "this chapter needs its data" ;; esac
}

# forward K: PgDn until chapter K shows (a pause waiting for the presenter takes
# one press; at most its pauses + 1 presses are needed).
forward() {
	tries=$(($(pauses $(($1 - 1))) + 1))
	while :; do
		$T send-keys -t t NPage
		end=$(($(date +%s) + 3))
		while [ "$(date +%s)" -lt "$end" ]; do
			header | grep -qF "chapter $1/14 " && { check "$1"; return 0; }
			sleep 0.05
		done
		tries=$((tries - 1))
		[ "$tries" -gt 0 ] || { screen; fail "PgDn did not reach chapter $1"; }
	done
}

start_session
run_fit lesson "$bin" --lesson
check 1
screen | grep -qF "PgDn Next  PgUp Back" || { screen; fail "no PgDn/PgUp on the key bar"; }
k=2
while [ "$k" -le 14 ]; do
	forward "$k"
	k=$((k + 1))
done
$T send-keys -t t NPage
wait_for "the last chapter"
k=13
while [ "$k" -ge 1 ]; do
	$T send-keys -t t PPage
	check "$k"
	k=$((k - 1))
done

# A chapter by number, a number that is not one, Home.
$T send-keys -t t '#' 7 Enter
check 7
$T send-keys -t t '#' 9 9 Enter
wait_for "no chapter '99' (1 to 14)"
$T send-keys -t t Home
check 1

# Take over chapter 4 at its pause: the key acts (a moves), the script stops; the
# next PgDn turns; PgUp brings chapter 4 back as it starts, whatever was done.
$T send-keys -t t '#' 4 Enter
check 4
wait_for "pause: PgDn goes on"
$T send-keys -t t Right
wait_for "1.600"
screen | grep -qF "step 0" || { screen; fail "the chapter's Space ran after the teacher took over"; }
$T send-keys -t t Space
wait_for "step 1 "
$T send-keys -t t NPage
check 5
$T send-keys -t t PPage
check 4
wait_for "MSE 11.4648   step 0"
screen | grep -qF "1.600" && { screen; fail "chapter 4 kept the teacher's a = 1.6"; }

$T send-keys -t t q
wait_for "finished-lesson"
status_is 0
same_tty || fail "terminal settings not restored"
modes_restored || fail "terminal modes not restored"

# A plain key script's pause: the next key goes on with the script (and is not
# acted on itself).
printf 'delay 50\nl\nsay at the pause\npause\nl l\n' >"$dir/p.keys"
run_fit pause "$bin" --keys "$dir/p.keys"
wait_for "at the pause"
wait_for "1.600"
$T send-keys -t t Space
wait_for "1.800"
screen | grep -qF "step 0" || { screen; fail "the key that ended the pause was acted on"; }
$T send-keys -t t q
wait_for "finished-pause"
status_is 0

# --play (make demo): a chapter without keys turns to the next by itself.
run_fit play "$bin" --lesson --play --chapter 8
check 8
check 9
$T send-keys -t t q
wait_for "finished-play"
status_is 0
echo "ok: 14 chapters forwards and back, by number, taken over, played"
