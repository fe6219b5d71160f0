#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# ui-points.sh: point editing from the keyboard (P; issue 14 item 7), headless key
# scripts: a point moved far up pulls the least-squares (MSE) fit far more than the
# MAE fit (each run to rest); i adds a point on the curve, x deletes one, Tab picks
# another, Esc ends the editing (the arrows are the sliders' again); r keeps the
# edited data, n draws fresh data; a table says its rows can't be edited.
# tmux-mouse.sh does the same with the mouse.
# Usage: sh tests/cli/points.sh BIN   (runs under LC_ALL=C.UTF-8)
bin=${1:-./fitplay}
export LC_ALL=C.UTF-8
case $(uname -m) in x86_64) export OPENBLAS_CORETYPE=Prescott ;; esac
all=${FITPLAY_REF:-../shared/reference}/titanic/titanic-all-rows.csv
tmp=$(mktemp -d "${TMPDIR:-/tmp}/fitplay-points.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
fail=0
bad() { echo "FAIL: $*"; fail=1; }

# run NAME ARGS... < keys: the final screen in $tmp/NAME.
run() {
	name=$1
	shift
	cat >"$tmp/$name.keys"
	"$bin" "$@" --keys "$tmp/$name.keys" --dump "$tmp/$name" 2>"$tmp/err" ||
		{ bad "$name: exit status $?: $(cat "$tmp/err")"; : >"$tmp/$name"; }
}
has() { grep -qF -- "$2" "$tmp/$1" || { bad "$1: no '$2' on the screen:"; cat "$tmp/$1"; }; }
hasnt() { ! grep -qF -- "$2" "$tmp/$1" || { bad "$1: '$2' on the screen:"; cat "$tmp/$1"; }; }
# abc NAME: the values shown after the sliders a, b and c.
abc() {
	for c in a b c; do
		sed -n "s/.*[ ▶]$c \[[^]]*\] *\([-0-9.e+]*\).*/\1/p" "$tmp/$1" | head -n 1
	done | tr '\n' ' '
}
up20="Up Up Up Up Up Up Up Up Up Up Up Up Up Up Up Up Up Up Up Up"
rest="+ + + + + + + + + + + + + +
g
wait 5
g"

# MSE (the solver) and MAE (descent to rest), before and after the middle point
# goes up by the plot's height.
run mse0 <<EOF
s
EOF
run mae0 <<EOF
f
$rest
EOF
run mse1 <<EOF
P
$up20
s
EOF
run mae1 <<EOF
P
$up20
f
$rest
EOF
has mse1 "20 points, noise 0.3,1.5, edited"
has mse1 "LM:"
has mae1 "   MAE "
python3 -c '
import sys
v = [list(map(float, s.split())) for s in sys.argv[1:5]]
dm = sum(abs(a - b) for a, b in zip(v[0], v[1]))
da = sum(abs(a - b) for a, b in zip(v[2], v[3]))
print("MSE fit %s -> %s, MAE fit %s -> %s: moved by %.3f and %.3f" % (
    sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4], dm, da))
sys.exit(0 if dm > 1.0 and dm > 5 * da else 1)' "$(abc mse0)" "$(abc mse1)" "$(abc mae0)" "$(abc mae1)" ||
	bad "the MSE fit did not move far more than the MAE fit"

# The status line after a move; Tab picks the next point; i adds, x deletes.
run move <<EOF
P
Up
EOF
has move "point 11 of 20 at (0.105,"
run tab <<EOF
P
Tab
EOF
has tab "point 12 of 20 at"
run add <<EOF
P
i
EOF
has add "21 points, noise 0.3,1.5, edited"
has add "point 12 of 21 added at"
run del <<EOF
P
x
x
EOF
has del "18 points, noise 0.3,1.5, edited"
has del "point deleted: 18 points"
# Esc ends it: Up selects a coefficient again
run esc <<EOF
P
Esc
Up
EOF
has esc "▶c ["
hasnt esc "edited"
# r keeps the edited data, n draws fresh data (20 points again)
run reset <<EOF
P
x
Esc
Space
r
EOF
has reset "19 points, noise 0.3,1.5, edited"
has reset "step 0 "
run noise <<EOF
P
x
Esc
n
EOF
has noise "20 points, noise 0.3,1.5"
hasnt noise "edited"
has noise "new noise"
# a table: its rows are not points
if [ -f "$all" ]; then
	run table --preset titanic "$all" <<EOF
P
EOF
	has table "can't be edited as points"
else
	bad "no fixture $all"
fi

[ "$fail" -eq 0 ] && echo "ok: point editing"
exit "$fail"
