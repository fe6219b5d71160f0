#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# session.sh: a session saved in the explorer (S, W) and opened again shows the same
# screen: the lesson at step 5 (a coefficient selected), the landscape view after
# Adam's steps, two ghosts (b) on the history view, points edited by hand, and the
# Titanic table with nnet:2 (fixture $FITPLAY_REF/titanic).
# Each reopened screen is also kept as tests/golden/session-NAME.screen
# (FITPLAY_REGEN=1 rewrites them: look at each before committing).
# Usage: sh tests/golden/session.sh BIN   (runs under LC_ALL=C.UTF-8)
bin=${1:-./fitplay}
case "$bin" in /*) ;; *) bin="$(pwd)/$bin" ;; esac
export LC_ALL=C.UTF-8
case $(uname -m) in x86_64) export OPENBLAS_CORETYPE=Prescott ;; esac
ref=${FITPLAY_REF:-../shared/reference}
all=$(cd "$ref/titanic" 2>/dev/null && pwd)/titanic-all-rows.csv
golden=$(pwd)/tests/golden
tmp=$(mktemp -d "${TMPDIR:-/tmp}/fitplay-session.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
fail=0
bad() { echo "FAIL: $*"; fail=1; }
[ -f "$all" ] || { echo "FAIL: no fixture $all"; exit 1; }
cd "$tmp" || exit 1

# case NAME FILE KEYS OPTION...: run KEYS (script lines split at ';', _ for Space, ending with the save that
# writes FILE), dump the screen; open FILE alone, dump it; the two screens are the
# same but for the status rows (28, 29: "saved ..." and "session ...").
case_() {
	name=$1 file=$2 keys=$3
	shift 3
	printf '%s\n' "$keys" | tr ';' '\n' | sed 's/^_$/Space/' >"$name.keys"
	"$bin" "$@" --keys "$name.keys" --dump "$name.saved" 2>err || { bad "$name: $(cat err)"; return; }
	[ -f "$file" ] || { bad "$name: no $file"; return; }
	grep -q "saved $file at step" "$name.saved" || bad "$name: no 'saved' message: $(sed -n 28p "$name.saved")"
	: >empty.keys
	"$bin" "$file" --keys empty.keys --dump "$name.opened" 2>err || { bad "$name: open: $(cat err)"; return; }
	grep -q "session $file: step" "$name.opened" || bad "$name: no 'session' message"
	sed '28,29d' "$name.saved" >a.txt
	sed '28,29d' "$name.opened" >b.txt
	cmp -s a.txt b.txt || { bad "$name: the reopened screen differs:"; diff a.txt b.txt; }
	if [ "${FITPLAY_REGEN:-0}" = 1 ]; then
		cp "$name.opened" "$golden/session-$name.screen"
		echo "rewrote tests/golden/session-$name.screen"
	elif ! cmp -s "$name.opened" "$golden/session-$name.screen"; then
		bad "$name: differs from tests/golden/session-$name.screen:"
		diff "$golden/session-$name.screen" "$name.opened"
	fi
}

# the lesson's step 5, b selected: S saves under the default name
case_ lesson fitplay-quad-step5.fitplay '_;_;_;_;_;j;S'
# the landscape after 30 Adam steps, the pair a,c, then W and a name typed
case_ landscape land.fitplay 'o;o;g;wait 30;g;p;p;W;l;a;n;d;.;f;i;t;p;l;a;y;Enter' --size 100x30
sed -n 's/^view = //p' land.fitplay | grep -qx landscape || bad "landscape: view not saved"
# two ghosts (b) and the history view comparing them with the run
case_ ghosts fitplay-quad-step15.fitplay 'g;wait 20;g;b;>;>;g;wait 10;g;b;o;g;wait 15;g;v;v;v;S'
[ "$(grep -c '^ghost = ' fitplay-quad-step15.fitplay)" = 2 ] || bad "ghosts: not two in the session"
# points edited by hand (P): embedded, the title still says edited
case_ edited fitplay-quad-step1.fitplay 'P;Up;Up;Up;P;_;S'
grep -q '^data.edited = 1' fitplay-quad-step1.fitplay || bad "edited: not marked edited"
# the table: nnet:2 with Adam, the history view
case_ table fitplay-nnet-2-step300.fitplay '+;+;+;g;wait 30;g;v;v;v;S' --preset titanic "$all" --model nnet:2 --optim adam --lr 0.01
[ "$fail" = 0 ] && echo "session screens: all passed"
exit "$fail"
