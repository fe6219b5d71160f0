#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# title.sh: the plot's title names the data file by its name (basename), on the
# screen and in exports, however long the path to it: never a path cut short.
# Usage: sh tests/cli/title.sh ./fitplay
. "$(dirname "$0")/lib.inc"

deep="$tmp/a-long-directory-name-that-fills-the-title/and-one-more-level-down-here"
mkdir -p "$deep" || die "mkdir"
cp "$reference/lesson3-video.csv" "$deep/points-of-lesson3.csv" || die "no lesson3-video.csv"
cp "$reference/titanic/titanic-all-rows.csv" "$deep/titanic-train.csv" || die "no titanic-all-rows.csv"
echo q >"$tmp/q.keys"

# The screen: the fit view's title.
expect 0 "$bin" "$deep/points-of-lesson3.csv" --keys "$tmp/q.keys" --dump "$tmp/screen.txt"
line=$(sed -n 2p "$tmp/screen.txt")
case "$line" in
*"20 points, points-of-lesson3.csv "*) ;;
*) fail "screen title does not name the file: $line" ;;
esac
grep -q "a-long-directory\|and-one-more" "$tmp/screen.txt" && fail "screen shows the directories: $line"

# Exports: the curve's data title, and a table's x label.
expect 0 "$bin" --batch --steps 0 "$deep/points-of-lesson3.csv" --export "$tmp/fit.gp"
grep -q 'data\\072 points-of-lesson3\.csv' "$tmp/fit.gp" || fail "fit.gp: no 'data: points-of-lesson3.csv'"
grep -q "a-long-directory\|and-one-more" "$tmp/fit.gp" && fail "fit.gp shows the directories"
expect 0 "$bin" --batch --steps 0 "$deep/points-of-lesson3.csv" --export "$tmp/fit.txt"
grep -q "data: points-of-lesson3.csv (20 points)" "$tmp/fit.txt" || fail "fit.txt: no data title"
expect 0 "$bin" --preset titanic --batch --steps 0 "$deep/titanic-train.csv" --export "$tmp/t.gp"
grep -q 'titanic-train\.csv' "$tmp/t.gp" || fail "t.gp: no 'titanic-train.csv'"
grep -q "a-long-directory\|and-one-more" "$tmp/t.gp" && fail "t.gp shows the directories"
finish
