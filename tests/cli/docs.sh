#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# The docs cannot drift from the program:
# - every field --info and --solve print (on the lesson's data, a ReLU model and the
#   Titanic table, so that table-only and model-only fields show up) is documented
#   in the man page's paragraph for that option, as \fBfield\fR;
# - every input form (NAME:raw ...) the man page's --inputs lists is in --help;
# - the man page renders without a warning from groff (-ww) on every device, the
#   ASCII one included (a glyph without an ASCII stand-in vanishes under LANG=C),
#   from mandoc -Tlint (no source line over 80 bytes either), and no line of `man`
#   at 80 columns runs past them; the screens under LC_ALL=C hold ASCII only;
# - the version is one: the Makefile's VERSION, --version, the man page's title,
#   NEWS's newest entry and debian/changelog's.
# (tests/unit/test-docs.c checks the options in the completions and the keys in
# the man page and README; tests/cli/docs-examples.sh runs the examples.)
. "$(dirname "$0")/lib.inc"
all=$reference/titanic/titanic-all-rows.csv
man=man/fitplay.1

# the man page's paragraph for option $1 (its .TP entry, to the next .TP)
man_para() {
	awk -v opt="$1" '
		/^\.TP/ { if (on) exit; tp = 1; next }
		tp { tp = 0; l = $0; gsub(/\\-/, "-", l); if (l ~ "^\\.BI? +" opt "( |$)") on = 1 }
		on' "$man"
}
man_para --info >"$tmp/info.man"
man_para --solve >"$tmp/solve.man"
[ -s "$tmp/info.man" ] && [ -s "$tmp/solve.man" ] || die "no --info or --solve paragraph in $man"

fields() { sed -n 's/^\([a-z_][a-z0-9_]*\): .*/\1/p' "$tmp/out"; }
: >"$tmp/info.fields"
: >"$tmp/solve.fields"
expect 0 "$bin" --info && fields >>"$tmp/info.fields"
expect 0 "$bin" --info --model relus:3 && fields >>"$tmp/info.fields"
expect 0 "$bin" --preset titanic "$all" --info && fields >>"$tmp/info.fields"
expect 0 "$bin" --solve && fields >>"$tmp/solve.fields"
expect 0 "$bin" --preset titanic "$all" --solve && fields >>"$tmp/solve.fields"
for f in inputs accuracy lr_limit_estimate; do
	grep -qx "$f" "$tmp/info.fields" || fail "--info printed no $f here: the runs do not cover it"
done
grep -qx descent_steps "$tmp/solve.fields" || fail "--solve printed no descent_steps here"
for what in info solve; do
	for f in $(sort -u "$tmp/$what.fields"); do
		grep -qF "\\fB$f\\fR" "$tmp/$what.man" ||
			fail "--$what prints '$f:', which the man page's --$what paragraph does not name"
	done
done

# the input forms of --inputs: the man page's list, each in --help
expect 0 "$bin" --help
man_para --inputs | grep -o '\\fINAME\\fB[:=][a-z]*' | sed 's/\\f[IB]//g' | sort -u >"$tmp/forms"
[ "$(wc -l <"$tmp/forms")" -ge 5 ] || fail "the man page's --inputs lists few forms: $(cat "$tmp/forms")"
while read -r form; do
	grep -qF -- "$form" "$tmp/out" || fail "--help does not name the input form $form (the man page does)"
done <"$tmp/forms"

# the man page renders cleanly, every glyph with an ASCII stand-in
for dev in ps utf8 ascii latin1; do
	groff -man -T"$dev" -ww -z "$man" >"$tmp/groff" 2>&1
	[ -s "$tmp/groff" ] && fail "groff -man -T$dev -ww: $(head -n 5 "$tmp/groff")"
done
# mandoc -Tlint at every level, style included: source lines of at most 80 bytes
# (python3 scripts/man-wrap.py man/fitplay.1 rewraps them without changing the page)
mandoc -Tlint "$man" >"$tmp/mandoc" 2>&1
[ -s "$tmp/mandoc" ] && fail "mandoc -Tlint: $(head -n 5 "$tmp/mandoc")"
for locale in C C.UTF-8; do
	LC_ALL=$locale MANWIDTH=80 MANPAGER=cat man -l "$man" >"$tmp/man.txt" 2>"$tmp/man.err" ||
		fail "man -l $man ($locale): $(head -c 300 "$tmp/man.err")"
	[ -s "$tmp/man.err" ] && fail "man -l $man ($locale) warns: $(head -n 5 "$tmp/man.err")"
	wide=$(python3 -c 'import sys; [print(l) for l in open(sys.argv[1], encoding="utf-8").read().split("\n") if len(l) > 80]' \
		"$tmp/man.txt" | head -n 3)
	[ -z "$wide" ] || fail "man at 80 columns ($locale): lines past 80: $wide"
done
# the ▲ of the kinks and the ▶ of the selected slider are there in ASCII too
LC_ALL=C MANWIDTH=80 MANPAGER=cat man -l "$man" 2>/dev/null | tr '\n' ' ' | tr -s ' ' >"$tmp/man.txt"
grep -q 'relus:K) a ^ (^ in ASCII) on the x axis' "$tmp/man.txt" || fail "LANG=C man: the kink marker vanished"
grep -q 'marked with > (> in ASCII)' "$tmp/man.txt" || fail "LANG=C man: the selected slider's marker vanished"

# the screens have an ASCII stand-in for every glyph: outside a UTF-8 locale each
# view of --help's list (on ReLU units, whose kinks are marked, or on a table), the
# help screen and the key bar hold ASCII only
printf 'Space\nSpace\nb\nG\nd\n' >"$tmp/glyphs.keys"
printf '?\n' >"$tmp/help.keys"
views=$(sed -n 's/.*open on a view: //p' "$tmp/out" | tr -d ',')
[ -n "$views" ] || fail "no view list in --help"
for v in $views help; do
	keys=$tmp/glyphs.keys show="--show $v"
	[ "$v" = help ] && keys=$tmp/help.keys show=
	for src in relu titanic; do
		file=
		[ "$src" = titanic ] && file=$all
		# shellcheck disable=SC2086
		LC_ALL=C "$bin" --preset "$src" $file $show --keys "$keys" --dump "$tmp/screen" \
			</dev/null >/dev/null 2>&1 || continue
		LC_ALL=C grep -q "$(printf '[\200-\377]')" "$tmp/screen" &&
			fail "view $v ($src) under LC_ALL=C: non-ASCII: $(LC_ALL=C grep "$(printf '[\200-\377]')" "$tmp/screen" | head -n 2)"
		continue 2
	done
	fail "view $v opens on neither data"
done

# one version everywhere it is written
version=$(sed -n 's/^VERSION = //p' Makefile)
[ -n "$version" ] || fail "no VERSION in the Makefile"
expect 0 "$bin" --version
[ "$(head -n 1 "$tmp/out")" = "fitplay $version" ] || fail "--version says $(head -n 1 "$tmp/out"), the Makefile $version"
grep -q 'License GPLv3+: GNU GPL version 3 or later' "$tmp/out" || fail "--version states no licence"
grep -q 'There is NO WARRANTY' "$tmp/out" || fail "--version: no warranty line"
grep -q "^\\.TH FITPLAY 1 \"[0-9-]*\" \"fitplay $version\"" "$man" || fail "the man page's .TH is not version $version"
[ "$(grep -m 1 '^\* [0-9]' NEWS)" = "* $version ($(grep -m 1 '^\* [0-9]' NEWS | sed 's/.*(\(.*\))/\1/'))" ] &&
	grep -m 1 '^\* [0-9]' NEWS | grep -q "^\\* $version " || fail "NEWS's newest entry is not $version"
head -n 1 debian/changelog | grep -q "^fitplay ($version-[0-9]*)" ||
	fail "debian/changelog's newest entry is not $version: $(head -n 1 debian/changelog)"
finish
