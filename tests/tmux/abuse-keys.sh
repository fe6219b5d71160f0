#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# tmux-abuse-keys.sh: a class's worth of keyboard, in a real tty, with AUTO running
# (issue 6, "Terminals"); meant for the ASan build (make SANITIZE=1 check passes it).
# 1. FITPLAY_SOAK_SECONDS (default 8; the issue's soak is 60) of random keys from
#    tests/tmux/abuse-keys.awk (seed FITPLAY_SOAK_SEED, default 6): bound keys,
#    control characters, escape sequences known, random, huge and truncated, mouse
#    reports, UTF-8 and invalid bytes. The process must stay alive throughout.
# 2. A 10 kB paste in the main view, and a 10 kB paste into a value prompt.
# 3. After all that: Esc gets back to the main view, q quits with status 0, nothing
#    from the sanitizers on stderr, the frame of the layout intact before quitting,
#    and the terminal restored (stty -a, alternate screen, cursor, keypad, mouse).
# Usage: tests/tmux/abuse-keys.sh BIN
name=abuse-keys
soak=${FITPLAY_SOAK_SECONDS:-8}
seed=${FITPLAY_SOAK_SEED:-6}
export FITPLAY_GNUPLOT_TIMEOUT=5 # `e` exports run through gnuplot: keep them short
. "$(dirname "$0")/lib.inc"
keys_awk="$repo/tests/tmux/abuse-keys.awk"
[ -f "$keys_awk" ] || fail "no $keys_awk"

# alive: the explorer is still running; else show why it is not.
alive() {
	kill -0 "$pid" 2>/dev/null && return 0
	echo "FAIL: fitplay died $1; stderr:"
	head -c 3000 "$dir/stderr.txt"
	wait_file "$dir/status.txt" 5
	echo "$(cat "$dir/status.txt"); the screen:"
	screen
	exit 1
}

# to_main MARKER: Esc closes a prompt or the help; then the unbound key MARKER (/ or
# a backquote: never in the random keys or the pastes; alternate them, so that the
# last call's message is not taken for this one's) must say so. It only does in the
# main view, and after all the input queued before it. Retried: Esc may first end
# a half-sent escape sequence.
to_main() {
	t0=$(date +%s)
	give_up=$((t0 + slow + 2 * soak)) # input queued in the soak drains first
	while :; do
		$T send-keys -t t Escape
		$T send-keys -t t -l "$1"
		end=$(($(date +%s) + 3))
		while [ "$(date +%s)" -lt "$end" ]; do
			if screen | grep -qF "key $1 does nothing"; then
				echo "  back in the main view after $(($(date +%s) - t0)) s"
				return 0
			fi
			sleep 0.05
		done
		alive "while getting back to the main view"
		[ "$(date +%s)" -ge "$give_up" ] && { screen; fail "Esc does not get back to the main view"; }
	done
}

# paste_10k FILE NEWLINES: 10240 bytes, PASTE-START then printable ASCII and UTF-8
# (no q, no /, no backquote; no e or E: a gnuplot export for each is slow), with
# a newline now and then when NEWLINES is 1;
# loaded into the tmux buffer p.
paste_10k() {
	LC_ALL=C awk -v seed="$seed" -v nl="$2" 'BEGIN {
		srand(seed + 1000 * (nl + 1))
		s = "abcdfghijklmnoprstuvwxyzABCDFGHIJKLMNOPQRSTUVWXYZ0123456789 .,;:-+=<>[]{}()!?#@$%^&*_~|\\\"\x27"
		printf "PASTE-START"
		len = 11
		while (len < 10240) {
			k = int(rand() * 50)
			if (k == 0) c = "\303\251"
			else if (k == 1) c = "\345\220\215"
			else if (k == 2 && nl) c = "\n"
			else c = substr(s, int(rand() * length(s)) + 1, 1)
			printf "%s", c
			len += length(c)
		}
	}' >"$1"
	[ "$(wc -c <"$1")" -ge 10240 ] || fail "paste file too short"
	$T load-buffer -b p "$1" || fail "tmux load-buffer"
}

start_session
wait_for '$ '
LC_ALL=C awk -v seed="$seed" -v n=$((soak * 2500 + 2500)) -f "$keys_awk" |
	awk '{ b = b " " $0 } NR % 20 == 0 { print b; b = "" }' >"$dir/batches.hex"
[ -s "$dir/batches.hex" ] || fail "no keys generated"

run_fit keys "'$bin' 2> stderr.txt"
wait_for "MSE 11.4648"
wait_file "$dir/keys.pid"
pid=$(cat "$dir/keys.pid")
$T send-keys -t t g
wait_for "AUTO"

# --- 1. the soak
start=$(date +%s)
nb=0
while IFS= read -r batch; do
	[ $(($(date +%s) - start)) -ge "$soak" ] && break
	# shellcheck disable=SC2086 # one argument per byte
	$T send-keys -t t -H $batch || fail "tmux send-keys"
	nb=$((nb + 1))
	alive "after $nb batches of random keys (seed $seed)"
	sleep 0.01
done <"$dir/batches.hex"
bytes=$(head -n "$nb" "$dir/batches.hex" | wc -w)
echo "soak: $nb batches, $((nb * 20)) keys, $bytes bytes in $(($(date +%s) - start)) s (seed $seed)"
to_main /
alive "after the soak"

# --- 2. pastes: in the main view (newlines are Enter: prompts open and close), then
# into a value prompt (the input stays bounded, the frame intact).
paste_10k "$dir/paste1.txt" 1
$T paste-buffer -t t -b p
to_main '`'
alive "after a 10 kB paste"
$T send-keys -t t Enter
wait_for "Esc cancels"
paste_10k "$dir/paste2.txt" 0
$T paste-buffer -t t -b p
wait_for "PASTE-START"
alive "after a 10 kB paste into a prompt"
wait_frame 100 "the frame broke with a 10 kB value typed"
$T send-keys -t t Escape
wait_for "cancelled"
echo "pastes: 2 x 10 kB"

# --- 3. q still quits, cleanly
to_main /
$T send-keys -t t C-l
wait_frame 100 "the frame is broken after the soak"
$T send-keys -t t q
wait_for "finished-keys"
status_is 0
if grep -q "Sanitizer\|runtime error" "$dir/stderr.txt"; then
	head -c 3000 "$dir/stderr.txt"
	fail "sanitizer report"
fi
same_tty || fail "stty differs after the soak"
modes_restored || fail "modes after the soak"
echo "ok: random keys, escape sequences, pastes; q quits, terminal restored"
