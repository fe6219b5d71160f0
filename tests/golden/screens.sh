#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# ui-golden.sh: golden screens. Each tests/golden/NAME.keys is a key script whose
# "# args:" line holds the options; --keys NAME.keys --dump must give exactly
# tests/golden/NAME.screen. FITPLAY_REGEN=1 rewrites the screens (on purpose only:
# read the diff before committing). Runs under LC_ALL=C.UTF-8.
# Usage: tests/golden/screens.sh BIN
bin=${1:-./fitplay}
export LC_ALL=C.UTF-8
# Screens must not depend on the CPU: OpenBLAS picks its kernels by CPU, and their last
# bits can move a dot or a rounded digit. Prescott's kernels run on every x86-64 CPU.
case $(uname -m) in x86_64) export OPENBLAS_CORETYPE=Prescott ;; esac
tmp=$(mktemp -d "${TMPDIR:-/tmp}/fitplay-golden.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
fail=0
n=0
for keys in tests/golden/*.keys; do
	name=$(basename "$keys" .keys)
	case $name in table-*) continue ;; esac # tests/golden/table.sh: they need the fixture
	args=$(sed -n 's/^# args://p' "$keys" | head -n 1)
	want="tests/golden/$name.screen"
	# shellcheck disable=SC2086
	if ! "$bin" $args --keys "$keys" --dump "$tmp/$name.screen" 2>"$tmp/err"; then
		echo "FAIL: $name: exit status $?: $(cat "$tmp/err")"
		fail=1
		continue
	fi
	n=$((n + 1))
	# (a refused typed value is quoted back: that line may say 'nan')
	if grep -v "is not a finite number" "$tmp/$name.screen" | grep -qiE 'nan|[^a-z]inf[^o]'; then
		echo "FAIL: $name: nan or inf on screen"
		fail=1
	fi
	if [ "${FITPLAY_REGEN:-0}" = 1 ]; then
		cp "$tmp/$name.screen" "$want"
		echo "rewrote $want"
		continue
	fi
	if [ ! -f "$want" ]; then
		echo "FAIL: $name: no $want (FITPLAY_REGEN=1 writes it)"
		fail=1
	elif ! cmp -s "$want" "$tmp/$name.screen"; then
		echo "FAIL: $name: the screen differs from $want:"
		diff "$want" "$tmp/$name.screen"
		fail=1
	fi
	# The same script twice gives the same screen (deterministic).
	"$bin" $args --keys "$keys" --dump "$tmp/again" 2>/dev/null
	cmp -s "$tmp/again" "$tmp/$name.screen" || { echo "FAIL: $name: not deterministic"; fail=1; }
done
[ "$n" -gt 0 ] || { echo "FAIL: no golden scripts found"; exit 1; }
# The ASCII screens are pure ASCII.
if LC_ALL=C grep -q '[^ -~]' "$tmp/lesson-ascii.screen"; then
	echo "FAIL: lesson-ascii has non-ASCII characters"
	fail=1
fi
# The Braille screen has Braille, the quadrant one blocks.
# (byte patterns: U+2800..U+28FF is E2 A0..A3 xx; U+2596..U+259F is E2 96 96..9F)
LC_ALL=C grep -q "$(printf '\342[\240-\243]')" "$tmp/lesson-braille.screen" ||
	{ echo "FAIL: no Braille"; fail=1; }
LC_ALL=C grep -q "$(printf '\342\226[\226-\237]')" "$tmp/quadrant.screen" ||
	{ echo "FAIL: no quadrant blocks"; fail=1; }
# What the lesson must show.
head -n 1 "$tmp/lesson-braille.screen" | grep -q "step 100" || { echo "FAIL: 100 steps"; fail=1; }
grep -q "DIVERGED at step" "$tmp/diverge.screen" || { echo "FAIL: no DIVERGED"; fail=1; }
grep -q "terminal too small" "$tmp/small.screen" || { echo "FAIL: too small"; fail=1; }
grep -q "not a finite number" "$tmp/typed.screen" || { echo "FAIL: abc accepted"; fail=1; }
grep -q "2.500" "$tmp/typed.screen" || { echo "FAIL: a = 2.5 not taken"; fail=1; }
# The sheet on x,y data (issue 15): relus:3's output weights and constant in the row
# "out", each unit's sum and ReLU, the sum of squares n x the MSE.
grep -q "sum of squares 268.3697 = 20 × MSE 13.4185" "$tmp/sheet-relus.screen" || { echo "FAIL: sheet-relus: no sum"; fail=1; }
grep -q "│relu2 │ -1.156 -0.5537│" "$tmp/sheet-relus.screen" &&
	grep -q "│out   │               │         1.945          0.2731" "$tmp/sheet-relus.screen" ||
	{ echo "FAIL: sheet-relus: no out row"; fail=1; }
# The learning-rate lab (issue 7).
g=$tmp
check() { grep -q -- "$2" "$g/$1.screen" || { echo "FAIL: $1: no '$2'"; fail=1; }; }
check landscape-zigzag "landscape: MSE over a → and c ↑, b held"
check landscape-zigzag "X now"
check landscape-zigzag "lr 0.2 = 90% of the limit 0.2215"
check landscape-outwards "lr 0.24 is above the limit"
check landscape-creep "o path"
LC_ALL=C grep -q '[^ -~]' "$g/landscape-creep.screen" && { echo "FAIL: landscape-creep not ASCII"; fail=1; }
# at lr 0.001 the path is one creeping line: 'o' cells in one run per row at most
awk 'NR > 2 && NR < 25 { s = substr($0, 7, 56); n = gsub(/o+/, "&", s); if (n > 1) bad = 1 } END { exit bad }' \
	"$g/landscape-creep.screen" || { echo "FAIL: landscape-creep path not a single line"; fail=1; }
check sweep "converges from 0.00833"
# Up to four kept runs (b), each named by its optimizer, rate and final loss, each
# curve or line with its number; a fifth b drops the oldest.
check ghosts-fit "ghosts 1-3 ·"
check ghosts-fit "kept runs (b):"
check ghosts-fit " 1 gd lr 0.25 MSE 6.908e+06"
check ghosts-fit " 2 gd lr 0.01 MSE 2.941"
check ghosts-fit " 3 gd lr 0.001 MSE 3.231"
check ghosts-history "loss history: MSE by step; ghosts 1-3"
for d in 2 3; do # (1, at lr 0.25, left the chart)
	sed -n '3,24p' "$g/ghosts-fit.screen" | sed 's/^│ *[0-9]*[┤│┼]//; s/││.*//' | grep -q "$d" ||
		{ echo "FAIL: ghosts-fit: no curve numbered $d"; fail=1; }
done
printf 'Space b Space Space b Space Space Space b Space Space Space Space b o Space b\n' >"$tmp/five"
"$bin" --size 100x30 --keys "$tmp/five" --dump "$tmp/five.screen"
grep -q " 1 momentum lr 0.01 MSE 10.11" "$tmp/five.screen" && grep -q " 4 gd lr 0.01 MSE 8.991" "$tmp/five.screen" &&
	! grep -q " 5 gd" "$tmp/five.screen" && ! grep -q "gd lr 0.01 MSE 10.11" "$tmp/five.screen" ||
	{ echo "FAIL: five runs kept: $(grep ghost "$tmp/five.screen")"; fail=1; }
# The slope view (issue 14): which coefficient, what is held, the tangent's slope,
# the legend; at 0.25 the numbered steps 0 1 2 3 all on screen, 3 highest.
check slope-creep "slope: MSE along a, b and c held"
check slope-creep "slope -10.51"
check slope-creep "X now  ⠒ tangent  ⠒ a − 0.001·slope \* lands"
check slope-land "a − 0.1·slope"
check slope-overshoot "rose\|diverging"
for d in 0 1 2 3; do
	sed -n '3,24p' "$g/slope-overshoot.screen" | sed 's/^│ *[0-9]*[┤│]//; s/││.*//' | grep -q "$d" ||
		{ echo "FAIL: slope-overshoot: no step $d"; fail=1; }
done
check sweep "diverges from 0.228"
check solve "LM: 4 iterations to MSE 2.93868 (from 11.4648); descent at lr 0.01 needs"
check replay "REPLAY step 35/40"
check ghost "ghost"
grep -q "·" "$g/ghost.screen" || { echo "FAIL: ghost path not drawn"; fail=1; }
check guides "plot: guides + truth · least sq.; 20 points, noise 0.3,1.5"
# the true function in its own glyph, apart from the least-squares fit's dots
sed -n '3,24p' "$g/guides.screen" | sed 's/││.*//' | grep -q "+" || { echo "FAIL: guides: no + for the true function"; fail=1; }
check relus "(estimate)"
# The matrix view on x,y data (issue 15 item 2): X = x and ones, W the slopes and
# offsets, the outputs' weights and constant; row 2's second unit half done.
check matrix-relus "│ x        1.340 -1.647 │ -1.789   2.947"
check matrix-relus "│ out v    0.988 -1.082 │      c   0.000"
check matrix-relus "Σ relu2 = 2.947 so far: 1 of 2 products"
check matrix-relus "│    2  -1.8    1 │ -0.529  2.947│  0.000      ·│      ·  7.111"
# The loss history (v v v). Before any descent: the one point, its value and what to
# press, and no line (no Braille on the screen: the sparkline is blocks).
check history-start "o MSE 11.46 at step 0"
check history-start "descent has not run yet:"
check history-start "press Space for one step, g to run descent"
check history-start "least squares 2.939"
LC_ALL=C grep -q "$(printf '\342[\240-\243]')" "$g/history-start.screen" &&
	{ echo "FAIL: history-start draws a line"; fail=1; }
# r: back to that screen (but the status line)
head -n 27 "$g/history-start.screen" >"$g/a"
head -n 27 "$g/history-reset.screen" >"$g/b"
cmp -s "$g/a" "$g/b" || { echo "FAIL: history-reset differs from history-start"; fail=1; }
# After three steps: the latest value, the hint gone, steps on the x axis as whole
# numbers (no "0.5"), the y axis from 0.
check history-steps "o now MSE 8.056 (11.46 at step 0)"
grep -q "descent has not run" "$g/history-steps.screen" && { echo "FAIL: history-steps hint"; fail=1; }
grep -q " 0┤" "$g/history-steps.screen" || { echo "FAIL: history-steps: y not from 0"; fail=1; }
grep -A1 '^│ *└' "$g/history-steps.screen" | tail -n 1 | grep -q '[0-9]\.[0-9]' &&
	{ echo "FAIL: history-steps: fractional steps"; fail=1; }
# Diverged: a log scale, the start still visible, no overflow on the axis.
check history-diverge "DIVERGED at step"
check history-diverge "log scale"
check history-diverge "1e+64┤"
grep -q "overflow" "$g/history-diverge.screen" && { echo "FAIL: history-diverge: overflow"; fail=1; }
check history-ascii "o now MSE 8.991 (11.46 at step 0)"
LC_ALL=C grep -q '[^ -~]' "$g/history-ascii.screen" && { echo "FAIL: history-ascii not ASCII"; fail=1; }
[ "$fail" = 0 ] && echo "ok: $n golden screens"
exit "$fail"
