#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# lesson.sh: lessons from the command line (issue 16): bad lesson files stop fitplay
# before the screen with FILE:LINE and status 2 (unknown directives and settings, bad
# values, options that are not settings, chapters whose session cannot be made); a
# missing data file is the chapter's notice, not an error; settings are the options
# (a chapter's state is its own, whatever came before); the installed lessons are
# found ($FITPLAY_DATADIR, the source tree next to the binary) and installed by
# `make install`; the deck's pictures, each a whole PNG (or SVG) named after its
# chapter and titled with it.
# Usage: sh tests/cli/lesson.sh BIN   (fixtures from $FITPLAY_REF/titanic)
. "$(dirname "$0")/lib.inc"
all=$(cd "$reference/titanic" && pwd)/titanic-all-rows.csv
[ -f "$all" ] || die "no fixture $all"
cd "$tmp" || die "cd $tmp"
repo=$(cd "$here/.." && pwd)

# lesson NAME LINES...: a lesson file $tmp/NAME.keys from the lines.
lesson() {
	n=$1
	shift
	printf '%s\n' "$@" >"$tmp/$n.keys"
}
# bad NAME LINE PATTERN LINES...: the lesson is refused before the screen, status 2,
# one line naming NAME.keys:LINE and matching PATTERN.
bad() {
	n=$1 ln=$2 pat=$3
	shift 3
	lesson "$n" "$@"
	expect 2 "$bin" --lesson "$tmp/$n.keys" --dump - || return
	refused "$n" "^fitplay: $tmp/$n.keys:$ln: "
	err_has "$n" "$pat"
}
bad unknown 3 "unknown directive or setting 'colour'" "chapter One" "caption hi" "colour red"
bad option 2 "unknown model 'nope'" "chapter One" "model nope"
bad value 3 "--lr 'fast'" "chapter One" "caption hi" "lr fast"
bad novalue 2 "lr needs a value" "chapter One" "lr"
bad extra 2 "--console takes no value" "chapter One" "console yes"
bad batch 2 "--batch is not a chapter setting" "chapter One" "batch"
bad keys 2 "--keys is not a chapter setting" "chapter One" "keys x.keys"
bad lessonopt 1 "--lesson is not a chapter setting" "lesson" "chapter One"
bad before 1 "before the first chapter" "Space" "chapter One"
bad caption4 5 "more than 3 caption lines" "chapter One" "caption 1" "caption 2" "caption 3" "caption 4"
bad keyname 2 "unknown key 'Spcae'" "chapter One" "Spcae"
bad view 2 "--show 'nothing'" "chapter One" "show nothing"
bad notitle 1 "chapter title needs a text" "chapter"
# a session the chapter cannot make: named by the chapter's line
bad applies 3 "chapter 2 'Two': --show predictions" "chapter One" "" "chapter Two" "show predictions"
bad init 1 "--init has 2 values" "chapter One" "init 1,2"
# no chapters: a plain key script goes to --keys, and the other way round
lesson none "# settings only" "lr 0.1"
expect 2 "$bin" --lesson "$tmp/none.keys" --dump - && refused none "no chapter"
expect 2 "$bin" --keys "$repo/assets/lesson3.keys" --dump - &&
	refused "--keys LESSON" "belongs in a lesson (fitplay --lesson"
expect 2 "$bin" --lesson --chapter 15 --dump - && refused chapter15 "--chapter 15: .* has 14 chapters"
expect 2 "$bin" --chapter 2 && refused "--chapter alone" "--chapter needs --lesson"
expect 2 "$bin" --lesson --batch && refused "--lesson --batch" "not with --batch"

# Settings are the options, and each chapter starts from its own settings: chapter 2
# of this lesson is at lr 0.01 again whatever chapter 1 set, and keeps the base.
lesson mine "# base" "noise 0,0" "chapter Fast" "lr 0.5" "model relus:3" "caption fast" \
	"chapter Plain" "caption plain" "chapter Gone" "data $tmp/nothere.csv" \
	"needs Get it from the shop." "Space"
expect 0 "$bin" --lesson "$tmp/mine.keys" --dump - || die "mine.keys refused"
head -n 1 "$tmp/out" | grep -q "chapter 1/3 Fast .*lr 0.5" || fail "chapter 1: $(head -n 1 "$tmp/out")"
grep -q "relus:3" "$tmp/out" || grep -q "m1 \[" "$tmp/out" || fail "model relus:3 not applied"
expect 0 "$bin" --lesson "$tmp/mine.keys" --chapter 2 --dump -
head -n 1 "$tmp/out" | grep -q "chapter 2/3 Plain .*MSE .*lr 0.01" || fail "chapter 2: $(head -n 1 "$tmp/out")"
grep -q "noise 0,0" "$tmp/out" || fail "the base setting noise 0,0 not applied to chapter 2"
# PgUp from chapter 2 after keys: chapter 1 fresh; PgDn twice back to 2: fresh too
printf 'l l l\nPgUp\n' >"$tmp/k"
expect 0 "$bin" --lesson "$tmp/mine.keys" --chapter 2 --keys "$tmp/k" --dump -
head -n 1 "$tmp/out" | grep -q "chapter 1/3 Fast .*step 0 .*lr 0.5" || fail "PgUp: $(head -n 1 "$tmp/out")"
# a missing data file: the chapter says so (what to do, why), its keys do not run
expect 0 "$bin" --lesson "$tmp/mine.keys" --chapter 3 --dump -
grep -q "Get it from the shop." "$tmp/out" || fail "no needs text"
grep -q "nothere.csv: No such file or directory" "$tmp/out" || fail "no reason"
grep -q "step 1" "$tmp/out" && fail "the keys of a chapter without its data ran"
# the command line's data file replaces the chapter's
printf 'x,y\n0,1\n1,2\n2,5\n' >"$tmp/pts.csv"
expect 0 "$bin" --lesson "$tmp/mine.keys" "$tmp/pts.csv" --chapter 3 --dump -
grep -q "3 points" "$tmp/out" || fail "the command line's data: $(sed -n 2p "$tmp/out")"
grep -q "step 1" "$tmp/out" || fail "chapter 3's Space did not run on the given data"

# The data directory: $FITPLAY_DATADIR, then the source tree next to the binary.
mkdir -p "$tmp/dd" "$tmp/tree/assets"
cp "$tmp/mine.keys" "$tmp/dd/physics.keys"
FITPLAY_DATADIR=$tmp/dd expect 0 "$bin" --lesson=physics --dump - &&
	head -n 1 "$tmp/out" | grep -q "chapter 1/3 Fast" || fail "--lesson=physics from FITPLAY_DATADIR"
FITPLAY_DATADIR=$tmp/dd expect 0 "$bin" --lesson physics --dump - &&
	head -n 1 "$tmp/out" | grep -q "chapter 1/3 Fast" || fail "--lesson physics (bare name)"
expect 2 "$bin" --lesson=nosuch --dump - && refused nosuch "no lesson of that name (looked for nosuch.keys in "
cp "$bin" "$tmp/tree/fitplay"
expect 2 env -u FITPLAY_DATADIR "$tmp/tree/fitplay" --lesson --dump - &&
	err_has "no assets" "looked for lesson3.keys in .*$tmp/tree/assets"
cp "$repo/assets/lesson3.keys" "$tmp/tree/assets/"
expect 0 env -u FITPLAY_DATADIR "$tmp/tree/fitplay" --lesson --dump - &&
	head -n 1 "$tmp/out" | grep -q "chapter 1/14 A quadratic by hand" || fail "the source tree's assets/"
# make install puts the lessons in the data directory
if (cd "$repo" && make -q all 2>/dev/null); then
	(cd "$repo" && make --no-print-directory -s install DESTDIR="$tmp/inst") >"$tmp/mk" 2>&1 ||
		fail "make install: $(tail -3 "$tmp/mk")"
	for f in lesson3.keys walkthrough.keys; do
		[ -s "$tmp/inst/usr/local/share/fitplay/$f" ] || fail "make install: no share/fitplay/$f"
	done
	(cd "$repo" && make --no-print-directory -s uninstall DESTDIR="$tmp/inst") >"$tmp/mk" 2>&1
	[ -e "$tmp/inst/usr/local/share/fitplay" ] && fail "make uninstall left share/fitplay"
else
	echo "note: the build is not up to date: make install not tried"
fi

# The deck: without train.csv 10 pictures and the Titanic chapters named as left out;
# with it 14, each a whole PNG named after its chapter.
expect 0 "$bin" --lesson --export-deck "$tmp/deck" || die "deck"
err_has "deck without train.csv" "left out 11-titanic-a-linear-model, 12-matrix-multiplication"
[ "$(ls "$tmp/deck" | wc -l)" -eq 10 ] || fail "deck: $(ls "$tmp/deck")"
[ -s "$tmp/deck/01-a-quadratic-by-hand.png" ] || fail "no 01-a-quadratic-by-hand.png"
[ -s "$tmp/deck/05-the-notebook-s-loop.png" ] || fail "no 05-the-notebook-s-loop.png"
expect 0 "$bin" --lesson "$all" --export-deck "$tmp/deck2" || die "deck with the Titanic rows"
[ "$(ls "$tmp/deck2" | wc -l)" -eq 14 ] || fail "deck2: $(ls "$tmp/deck2")"
for f in "$tmp/deck2"/*; do
	case $f in *.png) export_valid "$f" ;; *) fail "deck2: $f" ;; esac
done
ls "$tmp/deck2" | grep -q '^14-the-solver-on-the-network.png$' || fail "no chapter 14's picture"
ls -a "$tmp/deck2" | grep -q '^\.' && ls -a "$tmp/deck2" | grep -v '^\.\.\?$' | grep -q '^\.' &&
	fail "a temporary left in the deck: $(ls -a "$tmp/deck2")"
# SVG: the chapter's title and caption are in the picture
expect 0 "$bin" --lesson --export-deck "$tmp/svg" --deck-format svg || die "svg deck"
export_valid "$tmp/svg/04-one-step-downhill.svg"
grep -q "One step downhill" "$tmp/svg/04-one-step-downhill.svg" || fail "svg: no chapter title"
grep -q "scaled by the learning rate 0.01" "$tmp/svg/04-one-step-downhill.svg" || fail "svg: no caption"
expect 2 "$bin" --lesson --export-deck "$tmp/x" --deck-format gif && refused gif "expected png, svg or pdf"
finish
