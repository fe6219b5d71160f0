#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# valid.sh: --valid FRACTION, a validation set: bad fractions refused naming the value
# (exit 2); the batch table's valid_loss column only with --valid; --info's valid_n,
# valid_loss (and a table's valid_accuracy) fields; the split reproducible from the seed;
# --solve's valid_loss; and the price of too many ReLUs on the lesson's 20 points
# (relus:32): the training loss falls all the way while the validation loss has its
# minimum before the end and then climbs. Usage: sh tests/cli/valid.sh BIN
. "$(dirname "$0")/lib.inc"

# Bad fractions: one line naming the option and the value, nothing on stdout, exit 2.
for v in 0 1 1.5 -0.25 abc nan 1e999; do
	expect 2 "$bin" --batch --valid "$v" --steps 1 && refused "--valid $v" "^fitplay: --valid '$v': expected a fraction between 0 and 1"
done
# A fraction that leaves a side empty: the counts and the fractions that would work.
expect 2 "$bin" --batch --valid 0.01 --steps 1 &&
	refused "--valid 0.01" "^fitplay: --valid 0.01: holds back 0 of the 20 points, leaving no validation set: .*from 0.05 to 0.95"
expect 2 "$bin" --batch --valid 0.99 --steps 1 &&
	refused "--valid 0.99" "holds back 20 of the 20 points, leaving nothing to train on"

# Without --valid: no new column, no new field.
expect 0 "$bin" --batch --steps 2
head -n 1 "$tmp/out" | grep -q valid && fail "valid_loss column without --valid: $(head -1 "$tmp/out")"
expect 0 "$bin" --info
grep -q '^valid' "$tmp/out" && fail "--info has valid fields without --valid"
[ "$(key n)" = 20 ] || fail "--info n without --valid: $(key n)"

# The table: step, loss, valid_loss, then the coefficients and gradients.
expect 0 "$bin" --batch --valid 0.25 --steps 3
[ "$(head -n 1 "$tmp/out")" = "$(printf 'step\tloss\tvalid_loss\ta\tb\tc\td_a\td_b\td_c')" ] ||
	fail "--valid table header: $(head -n 1 "$tmp/out")"
awk -F'\t' 'NF != 9 || (NR > 1 && ($3 + 0 <= 0)) { exit 1 }' "$tmp/out" ||
	fail "--valid table rows: $(cat "$tmp/out")"
row0=$(sed -n 2p "$tmp/out")
cp "$tmp/out" "$tmp/table1"
# --info: 15 points to train on, 5 held back, both losses; the same as the table's step 0.
expect 0 "$bin" --info --valid 0.25
[ "$(key n)" = 15 ] || fail "--valid 0.25: n should be 15: $(key n)"
[ "$(key valid_n)" = 5 ] || fail "--valid 0.25: valid_n should be 5: $(key valid_n)"
[ "$(printf '%s' "$row0" | cut -f2)" = "$(key loss)" ] || fail "table loss $(printf '%s' "$row0" | cut -f2) != --info loss $(key loss)"
[ "$(printf '%s' "$row0" | cut -f3)" = "$(key valid_loss)" ] || fail "table valid_loss != --info valid_loss $(key valid_loss)"
# The loss on 15 of the 20 points is not the loss on all 20 (11.4648 at the start).
case $(key loss) in 11.464*) fail "--valid: the training loss is the loss on every point" ;; esac
# Least squares sees the training points only: not the lesson's 2.9387.
case $(key lsq_loss) in 2.9387*) fail "--valid: least squares on every point: $(key lsq_loss)" ;; esac
grep -q '^lsq_loss: [0-9]' "$tmp/out" || fail "--valid: no lsq_loss"
# Reproducible from the seed, and another seed holds back other points.
expect 0 "$bin" --batch --valid 0.25 --steps 3
cmp -s "$tmp/out" "$tmp/table1" || fail "--valid: two runs differ"
expect 0 "$bin" --info --valid 0.25 --seed 7
v7=$(key valid_loss)
expect 0 "$bin" --info --valid 0.25 --seed 8
[ "$v7" != "$(key valid_loss)" ] || fail "--seed 7 and 8 give the same validation loss $v7"

# --solve: the solved fit's loss on the held-back points.
expect 0 "$bin" --solve --valid 0.25
grep -q '^valid_loss: [0-9]' "$tmp/out" || fail "--solve --valid: no valid_loss: $(cat "$tmp/out")"

# A table: 712 rows, 20% held back: 570 and 142; both shares right.
titanic=$reference/titanic/titanic-712.csv
[ -f "$titanic" ] || die "no $titanic"
expect 0 "$bin" --preset titanic "$titanic" --info --valid 0.2
[ "$(key n)" = 570 ] || fail "titanic --valid 0.2: n $(key n)"
[ "$(key valid_n)" = 142 ] || fail "titanic --valid 0.2: valid_n $(key valid_n)"
for k in accuracy valid_accuracy valid_loss; do
	key "$k" | grep -q '^0\.[0-9]' || fail "titanic --valid: $k: '$(key "$k")'"
done
expect 0 "$bin" --preset titanic "$titanic" --batch --steps 20 --every 10 --valid 0.2
[ "$(head -n 1 "$tmp/out" | cut -f1-3)" = "$(printf 'step\tloss\tvalid_loss')" ] ||
	fail "titanic --valid table header: $(head -n 1 "$tmp/out" | cut -f1-4)"
[ "$(wc -l <"$tmp/out")" -eq 4 ] || fail "titanic --valid: 4 lines wanted: $(wc -l <"$tmp/out")"

# Exports: the held-back points as their own datablock and crosses, both losses in the
# title, two lines in the loss panel; a script that gnuplot runs. Without --valid: none.
expect 0 "$bin" --batch --valid 0.25 --steps 50 --every 50 --export "$tmp/v.gp"
export_valid "$tmp/v.gp"
awk '/^\$VALID << EOD$/ { on = 1; next } on && /^EOD$/ { exit } on { n++ } END { exit n != 5 }' "$tmp/v.gp" ||
	fail "--valid export: \$VALID should hold the 5 held-back points"
grep -q '^\$VHIST << EOD$' "$tmp/v.gp" || fail "--valid export: no \$VHIST"
grep -q '^plot \$DATA .*\$VALID using 1:2 with points pt 2 .*held back\\072 5 points\\054 valid MSE' "$tmp/v.gp" ||
	fail "--valid export: the fit panel does not plot the held-back points"
grep -q 'MSE [0-9.]*   valid MSE [0-9.]*" noenhanced' "$tmp/v.gp" || fail "--valid export: the title lacks the validation loss"
grep -q '^plot \$HIST .*title "training", \$VHIST .*validation' "$tmp/v.gp" ||
	fail "--valid export: the loss panel lacks the validation line"
expect 0 "$bin" --batch --steps 50 --every 50 --export "$tmp/n.gp"
grep -q 'VALID\|VHIST\|valid' "$tmp/n.gp" && fail "export without --valid mentions a validation set"
expect 0 "$bin" --batch --valid 0.25 --steps 50 --every 50 --export "$tmp/v.png"
export_valid "$tmp/v.png"
expect 0 "$bin" --preset titanic "$titanic" --batch --steps 20 --every 20 --valid 0.2 --export "$tmp/t.gp"
grep -q 'held back\\072 MSE [0-9.]*   [0-9]* of 142 right at 0.5' "$tmp/t.gp" ||
	fail "titanic --valid export: no held-back line in the title"

# The price of too many ReLUs (the README's and man page's example): 32 units on the
# 15 training points. The training loss falls at every printed step; the validation
# loss is lowest strictly before the end, and ends well above that minimum.
expect 0 "$bin" --model relus:32 --valid 0.25 --optim momentum --lr 0.01 --batch --steps 2000 --every 100
[ "$(wc -l <"$tmp/out")" -eq 22 ] || fail "relus:32: 22 lines wanted: $(wc -l <"$tmp/out")"
awk -F'\t' 'NR == 1 { next }
	NR > 2 && !($2 < tr) { print "training loss rose at step " $1; bad = 1 }
	{ tr = $2; if (NR == 2 || $3 < vmin) { vmin = $3; vstep = $1 }; last = $1; vlast = $3 }
	END {
		if (vstep >= last) { print "validation minimum at the end (step " vstep ")"; bad = 1 }
		if (!(vlast > 1.5 * vmin)) { print "final validation loss " vlast " not well above its minimum " vmin; bad = 1 }
		if (!(tr < 0.5 * vmin)) { print "training loss " tr " not below the validation minimum"; bad = 1 }
		exit bad }' "$tmp/out" >"$tmp/shape" || fail "relus:32 --valid 0.25: $(cat "$tmp/shape")"

finish
