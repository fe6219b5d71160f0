#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# grid.sh: many coefficients on a small screen (issue 15, item 4), in a real terminal.
# nnet:2 on the 712 Titanic rows has 20 coefficients; at 80x24 and at 100x30 the
# panel shows them as a grid (inputs down, units across). For every coefficient in
# turn (Down walks them all): its full name and value appear enlarged under the grid
# and its value in its input's row; Right moves it, and both show the new value.
# Then the mouse: a click on a cell selects that coefficient, a press on the
# enlarged slider sets it. The terminal is restored after q.
# Usage: tests/tmux/grid.sh BIN   (fixtures from $FITPLAY_REF/titanic)
name=grid
. "$(dirname "$0")/lib.inc"
command -v python3 >/dev/null || fail "python3 missing"
t712=${FITPLAY_REF:-$repo/../shared/reference}/titanic/titanic-712.csv
[ -f "$t712" ] || fail "no fixture $t712"
names=$("$bin" --preset titanic "$t712" --model nnet:2 --info </dev/null | sed -n 's/^names: //p')
[ "$(echo "$names" | tr ',' '\n' | wc -l)" = 20 ] || fail "nnet:2 names: $names"

# big NAME: the value shown enlarged after "▶NAME = ", or nothing.
big() { screen | sed -n "s/.*│▶$1 = \([-0-9.e+]*\) .*/\1/p" | head -n 1; }
# row_has INPUT VALUE: the grid's selected row (marked ▶) is INPUT's and shows VALUE.
row_has() { screen | grep -qE "▶$1 +(.* )?$2[←→·]"; }
# wait_big NAME NOT: poll until NAME is shown enlarged with a value other than NOT.
wait_big() {
	end=$(($(date +%s) + slow))
	while v=$(big "$1") && { [ -z "$v" ] || [ "$v" = "$2" ]; }; do
		[ "$(date +%s)" -ge "$end" ] && { screen >&2; echo "FAIL: $1 not shown enlarged (or still $2)" >&2; return 1; }
		sleep 0.05
	done
	echo "$v"
}
# mouse press / release at cell (X, Y) (from 0), as ncurses asked for it.
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
# find TEXT: "ROW COL" (from 0, in characters) of the first TEXT on the screen.
find() {
	screen | python3 -c '
import sys
t = sys.argv[1]
for y, l in enumerate(sys.stdin.read().split("\n")):
    if t in l:
        print(y, l.index(t)); break' "$1"
}

start_session
wait_for '$ '
for sz in 80x24 100x30; do
	size "${sz%x*}" "${sz#*x}"
	run_fit "grid$sz" "'$bin'" --preset titanic "'$t712'" --model nnet:2
	wait_for "nnet:2"
	wait_for "relu2"
	i=0
	for n in $(echo "$names" | tr ',' ' '); do
		input=${n#*.w_}
		v0=$(wait_big "$n" "") || fail "$sz: $n"
		row_has "$input" "$v0" || { screen; fail "$sz: $n: the grid's row $input does not show $v0"; }
		$T send-keys -t t Right
		v1=$(wait_big "$n" "$v0") || fail "$sz: $n: Right did not move it"
		row_has "$input" "$v1" || { screen; fail "$sz: $n: the grid's row $input does not show $v1"; }
		i=$((i + 1))
		$T send-keys -t t Down
	done
	[ "$i" = 20 ] || fail "$sz: $i coefficients walked"
	echo "$sz: all 20 coefficients read and moved"
	wait_for "▶relu1.w_SibSp = " # Down from the last wraps to the first
	# the mouse: a click on relu2's cell in the Age row selects relu2.w_Age
	set -- $(find " relu2")
	hx=$(($2 + 5))
	set -- $(find " Age ")
	mouse 0 "$hx" "$1"
	mouse 3 "$hx" "$1"
	v=$(wait_big relu2.w_Age "") || fail "$sz: a click on relu2's Age cell did not select it"
	# a press at the left end of the enlarged slider sets it to the slider's low end
	set -- $(find "▶relu2.w_Age = ")
	mouse 0 $(($2 + 2)) $(($1 + 1))
	mouse 3 $(($2 + 2)) $(($1 + 1))
	w=$(wait_big relu2.w_Age "$v") || fail "$sz: a press on the slider did not set it"
	case "$w" in -*) ;; *) screen; fail "$sz: the slider's left end gave $w" ;; esac
	echo "$sz: mouse: click selects relu2.w_Age ($v), the slider's end sets $w"
	$T send-keys -t t q
	wait_for "finished-grid$sz"
	status_is 0
	same_tty || fail "$sz: terminal not restored"
done
echo "grid: all passed"
