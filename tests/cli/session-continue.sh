#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# session-continue.sh: continuing is exact. For every optimizer, the notebook's rule,
# relus:K and nnet:K on the Titanic table: 7 steps, --save, open the session, 3 steps
# more gives the table of 10 uninterrupted steps bit for bit (every number %.17g).
# Usage: sh tests/cli/session-continue.sh ./fitplay   (Titanic from $FITPLAY_REF/titanic)
. "$(dirname "$0")/lib.inc"
reference=$(cd "$reference" && pwd) || die "no reference data (FITPLAY_REF)"
titanic=$reference/titanic/titanic-712.csv
[ -f "$titanic" ] || die "no $titanic (FITPLAY_REF)"
cd "$tmp" || die "cd $tmp"

# continues NAME OPTION...: the check, for one setup.
continues() {
	name=$1
	shift
	expect 0 "$bin" --batch --steps 10 "$@" || return 0
	cp "$tmp/out" full.txt
	expect 0 "$bin" --batch --steps 7 --save "$name.fitplay" "$@" || return 0
	cp "$tmp/out" first.txt
	[ -s "$name.fitplay" ] || { fail "$name: no session written"; return 0; }
	head -1 "$name.fitplay" | grep -qx 'fitplay-session 1' || fail "$name: first line $(head -1 "$name.fitplay")"
	# the session alone: no setup options again
	expect 0 "$bin" --batch --steps 3 "$name.fitplay" || return 0
	cp "$tmp/out" second.txt
	[ "$(sed -n 2p second.txt | cut -f1)" = 7 ] || fail "$name: the session opens at step $(sed -n 2p second.txt | cut -f1), not 7"
	sed -n 2p second.txt | cmp -s - "$(sed -n 9p first.txt >row7.txt && echo row7.txt)" ||
		fail "$name: step 7 as opened differs from step 7 as saved"
	{ cat first.txt; tail -n +3 second.txt; } >joined.txt
	[ "$(wc -l <full.txt)" = 12 ] || fail "$name: the full run has $(wc -l <full.txt) lines"
	cmp -s joined.txt full.txt || fail "$name: 7 + 3 steps differ from 10: $(diff joined.txt full.txt | head -4)"
	# --session FILE is the same as the bare FILE.fitplay
	expect 0 "$bin" --batch --steps 3 --session "$name.fitplay" && cmp -s "$tmp/out" second.txt ||
		fail "$name: --session differs from the bare file"
}

continues gd --optim gd
continues momentum --optim momentum --lr 0.02
continues adam --optim adam --lr 0.05
continues notebook --accumulate
continues mae --loss mae --optim momentum
continues relus --model relus:4 --optim adam --lr 0.02
continues sine --target sine --model relus:8 --optim momentum --seed 7
continues nnet --preset titanic "$titanic" --model nnet:3 --optim adam --lr 0.01
continues linear --preset titanic "$titanic" --optim momentum
continues points --data "$reference/lesson3-video.csv" --optim adam

# The notebook's log continues too: 4 lines, then 3 more from the session.
expect 0 "$bin" --batch --steps 4 --accumulate --log notebook --save nb.fitplay
expect 0 "$bin" --batch --steps 3 --log notebook nb.fitplay
printf 'step=4; loss=3.86\nstep=5; loss=3.42\n' >want.txt
tail -n 2 "$tmp/out" | cmp -s - want.txt || fail "notebook continued: $(cat "$tmp/out")"

# A saved session gives the same --info (coefficients, loss, gradient) as the run.
expect 0 "$bin" --batch --steps 5 --optim adam --save five.fitplay
expect 0 "$bin" --info five.fitplay
grep -q '^params: ' "$tmp/out" || fail "no params from --info on a session"
[ "$(key loss)" = "$(sed -n 7p first.txt >/dev/null; "$bin" --batch --steps 5 --optim adam | tail -1 | cut -f2)" ] ||
	fail "--info loss $(key loss) is not step 5's"
finish
