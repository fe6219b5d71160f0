#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# lesson.sh: the built-in lesson's golden screens (issue 16), one per chapter, from
# `--lesson --chapter N --keys K --dump`: tests/golden/lesson/NAME.keys holds the
# options on its "# args:" line (TITANIC stands for the fixture
# $FITPLAY_REF/titanic/titanic-all-rows.csv) and tests/golden/lesson/NAME.screen the
# screen (FITPLAY_REGEN=1 rewrites them: look at each before committing). Then the
# lecture's numbers on each chapter's screen, the header and the caption.
# Usage: sh tests/golden/lesson.sh BIN   (runs under LC_ALL=C.UTF-8)
bin=${1:-./fitplay}
export LC_ALL=C.UTF-8
case $(uname -m) in x86_64) export OPENBLAS_CORETYPE=Prescott ;; esac
all=${FITPLAY_REF:-../shared/reference}/titanic/titanic-all-rows.csv
tmp=$(mktemp -d "${TMPDIR:-/tmp}/fitplay-lesson.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
fail=0
bad() { echo "FAIL: $*"; fail=1; }
[ -f "$all" ] || { echo "FAIL: no fixture $all"; exit 1; }
# (the chapters read train.csv from the current directory: run where there is none)
[ ! -e train.csv ] || { echo "FAIL: a train.csv here would change the screens"; exit 1; }

n=0
for keys in tests/golden/lesson/*.keys; do
	name=$(basename "$keys" .keys)
	args=$(sed -n 's/^# args://p' "$keys" | head -n 1)
	want="tests/golden/lesson/$name.screen"
	set -f
	# shellcheck disable=SC2086
	set -- $args
	set +f
	for a; do
		shift
		[ "$a" = TITANIC ] && a=$all
		set -- "$@" "$a"
	done
	if ! "$bin" "$@" --keys "$keys" --dump "$tmp/$name.screen" 2>"$tmp/err"; then
		bad "$name: exit status: $(cat "$tmp/err")"
		continue
	fi
	n=$((n + 1))
	grep -qiE 'nan|[^a-z]inf[^o]' "$tmp/$name.screen" && bad "$name: nan or inf on screen"
	if [ "${FITPLAY_REGEN:-0}" = 1 ]; then
		cp "$tmp/$name.screen" "$want"
		echo "rewrote $want"
	elif [ ! -f "$want" ]; then
		bad "$name: no $want (FITPLAY_REGEN=1 writes it)"
	elif ! cmp -s "$want" "$tmp/$name.screen"; then
		bad "$name: the screen differs from $want:"
		diff "$want" "$tmp/$name.screen"
	fi
	"$bin" "$@" --keys "$keys" --dump "$tmp/again" 2>/dev/null
	cmp -s "$tmp/again" "$tmp/$name.screen" || bad "$name: not deterministic"
done
[ "$n" -eq 20 ] || bad "$n lesson screens, expected 20"

g=$tmp
has() { grep -qF -- "$2" "$g/$1.screen" || bad "$1: no '$2'"; }
# Every chapter: its header and the first line of its caption, from the lesson file.
k=0
while IFS= read -r title; do
	k=$((k + 1))
	f=$(printf '%02d' "$k")
	head -n 1 "$g/$f.screen" | grep -qF "chapter $k/14 $title" || bad "$f: header '$(head -n 1 "$g/$f.screen")'"
	cap=$(awk -v k="$k" '/^chapter /{c++} c==k && /^caption /{sub(/^caption /, ""); print; exit}' assets/lesson3.keys)
	has "$f" "$cap"
done <<EOT
$(sed -n 's/^chapter //p' assets/lesson3.keys)
EOT
[ "$k" -eq 14 ] || bad "$k chapters in assets/lesson3.keys"
# The lecture's numbers (../shared/reference/README.md), computed on each screen.
has 01 "MSE 11.4648   step 0   lr 0.01"
has 02 "MAE "
has 02 "edited"
has 03 "dL/da -10.99"
has 03 "dL/db -2.123"
has 03 "dL/dc -4.001"
has 03 "slope: MSE along a, b and c held"
has 03 "slope -10.99"
has 04 "MSE 10.1144   step 1"
has 04 "step=0; loss=10.11    a: 1.500 − 0.01 × (−10.99) = 1.610"
has 05 "notebook rule (adds up)"
i=0
for l in 10.11 7.88 5.53 3.86 3.42; do
	has 05 "step=$i; loss=$l "
	i=$((i + 1))
done
has 06 "lr 0.23"
has 06 "above the limit 0.2215"
has 06 "diverging: loss rose 3 steps in a row"
has 07 "step 60   lr 0.001"
has 07 "crawling"
has 08 "max(m·x + b, 0)"
has 08 "m ["
has 09 "m2 ["
has 10 "15 training points o, 5 held back x, sine"
has 10 "· valid 0.107315   step 2000   lr 0.01"
has 11-titanic "MSE 0.144227"
has 11-titanic "LM: 6 iterations to MSE 0.144227"
has 11-titanic "sum of squares 102.6897 = 712 × MSE 0.144227"
has 11-titanic "568 of 712 right (79.8%)"
has 12-titanic "MSE 0.965595"
has 12-titanic "│ W             relu1  relu2 │  row 1     x·w"
has 12-titanic "Σ relu1 = -0.104 → Z, ReLU gives 0"
has 13-titanic "step 100   lr 0.02"
has 14-titanic "LM: "
for c in 11 12 13 14; do
	has "$c" "this chapter needs its data"
	has "$c" "https://www.kaggle.com/c/titanic/data"
	has "$c" "train.csv: No such file or directory"
	has "$c" "fitplay --lesson train.csv"
	grep -q "LM:" "$g/$c.screen" && bad "$c: the chapter's keys ran without its data"
done
# 80x24: the three caption lines whole, the key bar with the clicker's keys.
has 04-80x24 "The console shows the arithmetic: a - 0.01 × (-10.99) and so on."
tail -n 1 "$g/04-80x24.screen" | grep -q "PgDn Next  PgUp Back" || bad "04-80x24: key bar"
[ "$(wc -l <"$g/04-80x24.screen")" -eq 24 ] || bad "04-80x24: not 24 rows"
# The help: the clicker's keys first; PgDn/PgUp no longer listed as slider keys.
has help "PgDn PgUp"
has help "lesson: next / previous chapter"
has help "# N Enter"
grep -q "PgDn PgUp S-← S-→" "$g/help.screen" && bad "help: PgDn still a slider key"
[ "$fail" = 0 ] && echo "ok: $n lesson screens"
exit "$fail"
