#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# tmux-abuse-names.sh: hostile text that reaches the screen, in a real tty (issue 6,
# "Terminals"): data file names (in the plot title and in messages) and table
# headers and levels (in the coefficient names) holding control characters, escape
# codes, invalid and overlong UTF-8, C1 controls, wide, combining and zero-width
# characters, bidi overrides, emoji. Each run's screen must equal, byte for byte,
# the screen of a twin run whose text has a plain `?` for every such character
# (one cell, one column): so no escape code reaches the terminal, and no row of
# the layout shifts, wraps or loses its frame. In C.UTF-8 and in the C locale.
# Usage: tests/tmux/abuse-names.sh BIN
name=abuse-names
. "$(dirname "$0")/lib.inc"

# shot TAG DIR LOCALE ARGS...: run fitplay in DIR with the arguments (globs welcome:
# the pane's shell expands them, so no hostile byte is typed), press n (a message
# that names the data file), save the screen as TAG.txt, quit.
shot() {
	tag=$1 d=$2 loc=$3
	shift 3
	$T send-keys -t t "cd '$d'" Enter
	run_fit "$tag" "LC_ALL=$loc '$bin' $*"
	wait_for "q Quit"
	wait_for " MSE "
	$T send-keys -t t n
	wait_for "noise"
	# the screen once it holds still (two captures 0.1 s apart agree)
	screen >"$dir/$tag.txt"
	end=$(($(date +%s) + slow))
	while sleep 0.1 && screen >"$dir/$tag.again" && ! cmp -s "$dir/$tag.txt" "$dir/$tag.again"; do
		mv "$dir/$tag.again" "$dir/$tag.txt"
		[ "$(date +%s)" -ge "$end" ] && fail "$tag: the screen never holds still"
	done
	box_rows_ok 100 || { cat "$dir/$tag.txt"; fail "$tag: the frame broke"; }
	$T send-keys -t t q
	wait_for "finished-$tag"
	status_is 0
	same_tty || fail "$tag: stty differs"
	$T send-keys -t t "cd '$dir'" Enter
}
# same TAG1 TAG2: the two screens are identical.
same() {
	cmp -s "$dir/$1.txt" "$dir/$2.txt" && return 0
	echo "--- $1"
	cat "$dir/$1.txt"
	echo "--- $2"
	cat "$dir/$2.txt"
	diff "$dir/$1.txt" "$dir/$2.txt"
	fail "$1 and $2 differ"
}

start_session
wait_for '$ '
csv='x,y\n-1,2\n0,0.5\n1,3\n2,7\n'
mkdir "$dir/bad" "$dir/twin" "$dir/wide" "$dir/wtwin" "$dir/cbad" "$dir/ctwin"

# 1. A file name of everything at once. Each character's expected twin:
#   ESC -> ?  ([31m stays)  TAB ^A DEL -> ???  \200 \377 -> ??  \303( -> ?(
#   C1 CSI (U+009B) -> ?  wide 名前 -> ??  e + combining acute -> e?
#   RLO U+202E, ZWSP U+200B, BOM U+FEFF -> ???  emoji -> ?  overlong / (C0 AF) -> ?
#   a lone surrogate (ED A0 80) -> ?
bad=$(printf 'D\033[31m\t\001\177\200\377\303(\302\233x\345\220\215\345\211\215e\314\201\342\200\256\342\200\213\357\273\277\360\237\230\200\300\257\355\240\200Z.csv')
twin='D?[31m??????(?x??e???????Z.csv'
printf "$csv" >"$dir/bad/$bad"
printf "$csv" >"$dir/twin/$twin"
[ "$(ls "$dir/bad" | wc -l)" = 1 ] || fail "could not create the hostile file name"
shot bad "$dir/bad" C.UTF-8 "./D*.csv"
shot twin "$dir/twin" C.UTF-8 "./D*.csv"
same bad twin
echo "hostile file name: the same screen as its ?-twin"

# 2. A long name of wide characters: each one cell, a ?; the title is cut at the
# frame and the message line does not wrap onto the next row.
wide=$(awk 'BEGIN { for (i = 0; i < 70; i++) printf "\345\220\215"; printf ".csv" }')
wtwin=$(awk 'BEGIN { for (i = 0; i < 70; i++) printf "?"; printf ".csv" }')
printf "$csv" >"$dir/wide/$wide"
printf "$csv" >"$dir/wtwin/$wtwin"
shot wide "$dir/wide" C.UTF-8 "./*.csv"
shot wtwin "$dir/wtwin" C.UTF-8 "./*.csv"
same wide wtwin
echo "wide file name: the same screen as its ?-twin"

# 3. The C locale (no UTF-8 on the terminal): any non-ASCII character is a ?.
cbad=$(printf 'caf\303\251-\345\220\215-\342\224\200.csv')
printf "$csv" >"$dir/cbad/$cbad"
printf "$csv" >"$dir/ctwin/caf?-?-?.csv"
shot cbad "$dir/cbad" C "./caf*.csv"
shot ctwin "$dir/ctwin" C "./caf*.csv"
same cbad ctwin
LC_ALL=C grep -q '[^ -~]' "$dir/cbad.txt" && { cat "$dir/cbad.txt"; fail "non-ASCII on screen in the C locale"; }
echo "C locale: the same screen as its ?-twin, pure ASCII"

# 4. A table whose header and text levels are hostile: they become coefficient
# names (w_<column>, w_<column>_<level>) in the sliders (the table reader itself
# turns the ESC in a column name into _; the rest shows as ?).
mkdir "$dir/tbad" "$dir/ttwin"
printf 'id,b\033[7m\377\300z,c\345\220\215e\314\201,Survived\n1,2,x\033]0;pwn\007,1\n2,1,y\377,0\n3,5,x\033]0;pwn\007,1\n4,4,z,0\n5,3,y\377,1\n' >"$dir/tbad/t.csv"
printf 'id,b_[7m??z,c?e?,Survived\n1,2,x?]0;pwn?,1\n2,1,y?,0\n3,5,x?]0;pwn?,1\n4,4,z,0\n5,3,y?,1\n' >"$dir/ttwin/t.csv"
shot tbad "$dir/tbad" C.UTF-8 "--table t.csv --seed 1"
shot ttwin "$dir/ttwin" C.UTF-8 "--table t.csv --seed 1"
same tbad ttwin
grep -q "w_b" "$dir/tbad.txt" || { cat "$dir/tbad.txt"; fail "no w_b coefficient on screen"; }
echo "hostile table header and levels: the same screen as the ?-twin"
echo "ok: hostile names keep the layout"
