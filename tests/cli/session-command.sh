#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# session-command.sh: --print-command (and the explorer's Y) print the one-line
# command that sets a state up; running it gives the same coefficients, loss and
# plot. Values with spaces and quotes are quoted for a POSIX shell.
# Usage: sh tests/cli/session-command.sh ./fitplay   (Titanic from $FITPLAY_REF/titanic)
. "$(dirname "$0")/lib.inc"
reference=$(cd "$reference" && pwd) || die "no reference data (FITPLAY_REF)"
titanic=$reference/titanic/titanic-712.csv
cd "$tmp" || die "cd $tmp"
export LC_ALL=C.UTF-8
: >empty.keys

# info_of CMD...: the params, loss and grad lines of CMD --info.
info_of() { "$@" --info 2>/dev/null | grep -E '^(params|loss|grad|model|lr): '; }

# same_state NAME SESSION: the command printed for SESSION sets up its coefficients,
# loss and plot.
same_state() {
	expect 0 "$bin" --print-command "$2" || return 0
	cmd=$(cat "$tmp/out")
	[ "$(wc -l <"$tmp/out")" = 1 ] || fail "$1: not one line: $cmd"
	case $cmd in "fitplay "*) ;; *) fail "$1: does not start with fitplay: $cmd" ;; esac
	# run it with our binary (the same words after "fitplay")
	run="\"\$bin\"${cmd#fitplay}"
	info_of "$bin" "$2" >want.txt
	eval "info_of $run" >got.txt
	[ -s want.txt ] && cmp -s want.txt got.txt || fail "$1: $cmd gives another state: $(diff want.txt got.txt | head -6)"
	# the plot box: the same picture (the step count and history differ: a new run)
	"$bin" "$2" --keys empty.keys --dump want.screen 2>/dev/null
	eval "$run --keys empty.keys --dump got.screen" 2>/dev/null
	python3 - want.screen got.screen <<'PY' || fail "$1: the plot differs: $cmd"
import sys
a, b = (open(p, encoding='utf-8').read().split('\n') for p in sys.argv[1:3])
w = a[1].find('┐┌') + 1  # the plot box: its rows up to its right edge
sys.exit(0 if w > 10 and len(a) > 26 and [r[:w] for r in a[1:26]] == [r[:w] for r in b[1:26]] else 1)
PY
}

expect 0 "$bin" --batch --steps 7 --optim adam --lr 0.05 --save adam.fitplay
same_state adam adam.fitplay
"$bin" --print-command adam.fitplay | grep -q -- ' --optim adam --lr 0.05 \| --lr 0.05 .*--optim adam' ||
	fail "the command lacks the optimizer or rate: $("$bin" --print-command adam.fitplay)"
expect 0 "$bin" --batch --steps 4 --accumulate --target sine --model relus:3 --seed 9 --save relus.fitplay
same_state relus relus.fitplay
expect 0 "$bin" --batch --steps 20 --preset titanic "$titanic" --model nnet:2 --save nnet.fitplay
same_state nnet nnet.fitplay
# a file name with spaces and quotes: quoted for sh, read back the same
printf 'x,y\n-1,2\n0,1\n1,2.5\n2,5\n' >"my 'odd' \$pts.csv"
expect 0 "$bin" --batch --steps 3 --data "my 'odd' \$pts.csv" --loss mae --save odd.fitplay
same_state odd odd.fitplay
"$bin" --print-command odd.fitplay | grep -qF "'$tmp/my '\\''odd'\\'' \$pts.csv'" ||
	fail "not quoted for sh: $("$bin" --print-command odd.fitplay)"
# without a session: the options' state
expect 0 "$bin" --print-command --lr 0.25 --init 2.1,1.3,1.5
[ "$(cat "$tmp/out")" = "fitplay --lr 0.25 --init 2.1,1.3,1.5" ] || fail "plain: $(cat "$tmp/out")"
expect 0 "$bin" --print-command --preset lesson3-kaggle
[ "$(cat "$tmp/out")" = "fitplay --preset lesson3-kaggle --init 1.1,1.1,1.1" ] || fail "kaggle: $(cat "$tmp/out")"

# Y in the explorer: the same command on the status line (no clipboard headless)
printf 'o\no\nSpace\nSpace\nY\n' >y.keys
expect 0 "$bin" --keys y.keys --dump y.screen --size 300x30
grep -q 'not copied: no terminal clipboard here: fitplay --init [0-9.,]* --optim adam *$' y.screen ||
	fail "Y: $(sed -n 28p y.screen)"
finish
