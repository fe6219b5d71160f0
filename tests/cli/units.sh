#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# units.sh: dead ReLU units (issue 15, item 3). The Titanic preset's nnet:2 start has
# both units alive and 200 steps of its descent train both; the solver from there
# reaches the sheet's two-ReLU loss; --info's dead_units; batch mode's one note per
# unit with the step it died at; every unit of relus:K dead is said, never
# "converged"; R in a key script gives the dead units (only) new, reproducible starts.
# Usage: sh tests/cli/units.sh ./fitplay   (fixtures from $FITPLAY_REF/titanic)
. "$(dirname "$0")/lib.inc"
t712=$reference/titanic/titanic-712.csv
[ -f "$t712" ] || die "no fixture $t712"
# col NAME: the value of column NAME in the last row of the batch table in $tmp/out
col() { awk -F'\t' -v c="$1" 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == c) k = i } END { print (k ? $k : "") }' "$tmp/out"; }
# unit_moves U: some d_U.* gradient in the last row of the table is not 0
unit_moves() {
	awk -F'\t' -v u="d_$1." 'NR == 1 { for (i = 1; i <= NF; i++) if (index($i, u) == 1) k[i] = 1; next }
		{ last = $0 } END { n = split(last, v, "\t"); for (i in k) if (v[i] + 0 != 0) m = 1; exit !m }' "$tmp/out"
}

# The preset's start: every unit alive.
expect 0 "$bin" --preset titanic "$t712" --model nnet:2 --info
[ "$(key dead_units)" = none ] || fail "preset start: dead_units $(key dead_units)"
start=$(key params)
# 200 steps of the preset's descent (gd, lr 0.1): both units still train.
expect 0 "$bin" --preset titanic "$t712" --model nnet:2 --batch --steps 200 --every 200
[ "$(col step)" = 200 ] || fail "200 steps: last row $(col step)"
unit_moves relu1 || fail "relu1's gradients all 0 at step 200"
unit_moves relu2 || fail "relu2's gradients all 0 at step 200"
grep -q 'dead\|died' "$tmp/err" && fail "a unit died in the preset's run: $(cat "$tmp/err")"
# ... and the final coefficients have no dead unit
fin=$(awk -F'\t' 'NR == 1 { for (i = 1; i <= NF; i++) if ($i ~ /^relu/) k[++n] = i; next }
	{ s = ""; for (j = 1; j <= n; j++) s = s (j > 1 ? "," : "") $k[j]; last = s } END { print last }' "$tmp/out")
expect 0 "$bin" --preset titanic "$t712" --model nnet:2 --init "$fin" --info
[ "$(key dead_units)" = none ] || fail "after 200 steps: dead_units $(key dead_units)"
# The solver from the preset's start: at or below the sheet's 0.1431520964.
expect 0 "$bin" --preset titanic "$t712" --model nnet:2 --solve
awk -v l="$(key loss)" 'BEGIN { exit !(l != "" && l <= 0.1431520964) }' ||
	fail "solver's loss $(key loss) above the sheet's 0.1431520964"

# The same start with relu2 mirrored (on for the few rows it was off): relu2 dies
# during descent; batch mode says so once, with the step.
mir=$(echo "$start" | awk -F, '{ for (i = 1; i <= NF; i++) printf "%s%s", (i > 1 ? "," : ""), (i > 10 ? -$i : $i) }')
expect 0 "$bin" --preset titanic "$t712" --model nnet:2 --init "$mir" --batch --steps 200 --every 10
[ "$(grep -c 'unit relu2 died at step [1-9][0-9]*: it is 0 on every row' "$tmp/err")" = 1 ] ||
	fail "relu2's death not said once: $(cat "$tmp/err")"
grep -q 'relu1' "$tmp/err" && fail "relu1 said dead: $(cat "$tmp/err")"
step=$(sed -n 's/.*unit relu2 died at step \([0-9]*\):.*/\1/p' "$tmp/err")
# the table agrees: relu2 moves before that step and never after
expect 0 "$bin" --preset titanic "$t712" --model nnet:2 --init "$mir" --batch --steps "$((step - 1))" --every "$((step - 1))"
unit_moves relu2 || fail "relu2 already dead at step $((step - 1))"
expect 0 "$bin" --preset titanic "$t712" --model nnet:2 --init "$mir" --batch --steps "$step" --every "$step"
unit_moves relu2 && fail "relu2 still moves at step $step"

# Dead from the start: --info names it, batch says "from the start", once.
dead="0,0,0,0,0,0,0,0,0,0.4,0,0,0,0,0,0,0,0,0,-1"
expect 0 "$bin" --preset titanic "$t712" --model nnet:2 --init "$dead" --info
[ "$(key dead_units)" = relu2 ] || fail "dead_units: $(key dead_units)"
expect 0 "$bin" --preset titanic "$t712" --model nnet:2 --init "$dead" --batch --steps 30 --every 1
[ "$(grep -c 'relu2' "$tmp/err")" = 1 ] || fail "not one note for relu2: $(cat "$tmp/err")"
err_has "dead at the start" 'unit relu2 is dead from the start (step 0)'
# a model without units: none
expect 0 "$bin" --info
[ "$(key dead_units)" = none ] || fail "quad: dead_units $(key dead_units)"

# relus:2 with every unit dead: said in words, with R, and never "converged".
expect 0 "$bin" --batch --model relus:2 --init 1,-3,1,1,-3,1,0 --steps 2000 --lr 0.1 --every 2000
err_has "all dead" 'every unit is dead (relu1, relu2'
err_has "all dead: R" 'R gives them new random starts'
grep -q 'converged' "$tmp/err" && fail "all dead relus:2 said converged: $(cat "$tmp/err")"
[ "$(grep -c 'unit relu1 is dead from the start' "$tmp/err")" = 1 ] || fail "relu1 note: $(cat "$tmp/err")"
expect 0 "$bin" --batch --model relus:2 --init 1,-3,1,1,-3,1,0 --info
[ "$(key dead_units)" = "relu1,relu2" ] || fail "relus:2 dead_units: $(key dead_units)"

# R in a key script: the dead unit gets a new start, the live one keeps its own, the
# same keys give the same start, and descent then trains it.
printf 'R\n' >"$tmp/r.keys"
printf 'R\nSpace\n' >"$tmp/rs.keys"
expect 0 "$bin" --preset titanic "$t712" --model nnet:2 --init "$dead" --size 100x30 --keys "$tmp/r.keys" --dump "$tmp/r1.screen"
grep -q 'R: new random start for relu2' "$tmp/r1.screen" || fail "R said nothing: $(tail -4 "$tmp/r1.screen")"
expect 0 "$bin" --preset titanic "$t712" --model nnet:2 --init "$dead" --size 100x30 --keys "$tmp/r.keys" --dump "$tmp/r2.screen"
cmp -s "$tmp/r1.screen" "$tmp/r2.screen" || fail "R is not reproducible"
# (the grid's Ones row: relu1's 0.400 kept; relu2's -1.000 replaced)
grep -qE '│ Ones +0\.400[←→·] ' "$tmp/r1.screen" || fail "R moved relu1: $(grep ' Ones ' "$tmp/r1.screen")"
grep -qE '│ Ones +0\.400[←→·] +-1\.000' "$tmp/r1.screen" && fail "R kept relu2's start: $(grep ' Ones ' "$tmp/r1.screen")"
expect 0 "$bin" --preset titanic "$t712" --model nnet:2 --init "$dead" --size 100x30 --keys "$tmp/rs.keys" --dump "$tmp/rs.screen"
grep -q 'is dead' "$tmp/rs.screen" && fail "relu2 still dead after R and a step: $(tail -4 "$tmp/rs.screen")"
grep -q 'relu2!' "$tmp/rs.screen" && fail "relu2 still marked dead in the grid after R"
# before R the status line names it, with the key
printf 'Space\n' >"$tmp/s.keys"
expect 0 "$bin" --preset titanic "$t712" --model nnet:2 --init "$dead" --size 100x30 --keys "$tmp/s.keys" --dump "$tmp/s.screen"
tr -d '\n' <"$tmp/s.screen" | grep -q 'unit relu2 is dead: it is 0 on every row, so its gradients are all 0 and descent cannot revive it; *R gives it a new random start' ||
	fail "status line: $(tail -4 "$tmp/s.screen")"
grep -q 'relu2!' "$tmp/s.screen" || fail "the grid does not mark relu2 dead"
grep -q 'DEAD: relu2 (R revives)' "$tmp/s.screen" || fail "the panel does not name relu2"
# with no dead unit, R says so and changes nothing
expect 0 "$bin" --preset titanic "$t712" --model nnet:2 --size 100x30 --keys "$tmp/r.keys" --dump "$tmp/n.screen"
grep -q 'no dead unit' "$tmp/n.screen" || fail "R with none dead: $(tail -4 "$tmp/n.screen")"
finish
