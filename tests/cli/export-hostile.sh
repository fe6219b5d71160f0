#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# export-hostile.sh: hostile strings never run anything. Data files whose names hold
# backticks, quotes (' '' "), @, $(...), newlines and enhanced-text markup are loaded
# and exported (PNG, and a .gp then run by gnuplot); output paths start with <, | or -;
# HOME holds a hostile .gnuplot and GNUTERM is set. The marker file MARK that any of
# these commands would create must never appear, and the output must be unchanged.
# Usage: tests/cli/export-hostile.sh BIN   (from the repo root)
. "$(dirname "$0")/lib.inc"
golden="$(pwd)/tests/golden/export-dumb.txt"
command -v gnuplot >/dev/null 2>&1 || die "gnuplot is not installed (scripts/deps.sh)"
mkdir "$tmp/w" "$tmp/home" || die "mkdir"
cd "$tmp/w" || die "cd $tmp/w"
nomark() {
	[ -e MARK ] && fail "MARK appeared after: $1"
	[ -e "$tmp/home/MARK" ] && fail "HOME/MARK appeared after: $1"
	return 0
}

# The threat is real: gnuplot runs backticks inside double quotes, and ~/.gnuplot
# without -d. (Control experiments: each must create its marker.)
gnuplot -d -e 'print "`touch CONTROL1`"' >/dev/null 2>&1
[ -e CONTROL1 ] || die "control: backticks did not run (the test would prove nothing)"
printf 'system("touch CONTROL2")\n' >"$tmp/home/.gnuplot"
HOME="$tmp/home" gnuplot -e 'exit' >/dev/null 2>&1
[ -e CONTROL2 ] || die "control: ~/.gnuplot was not read (the test would prove nothing)"
rm -f CONTROL1 CONTROL2

printf 'x,y\n-1,2\n0,1\n1,2.5\n2,5\n' >data.csv
nl='
'
i=0
for name in \
	'`touch MARK`.csv' \
	'$(touch MARK).csv' \
	"a'b''c\"d@e.csv" \
	"new${nl}line \`touch MARK\`.csv" \
	'"; system("touch MARK") #.csv' \
	"'; system('touch MARK'); '.csv" \
	'@MARK @@ {x}^_ \n \\ %s.csv' \
	'! touch MARK.csv' \
	'<touch MARK.csv' \
	'|touch MARK.csv'; do
	i=$((i + 1))
	cp data.csv "$name"
	expect 0 "$bin" --batch --model quad --steps 3 --data "./$name" --export "h$i.png"
	nomark "png export of data file $i"
	[ -s "h$i.png" ] || fail "no h$i.png"
	expect 0 "$bin" --batch --model quad --steps 3 --data "./$name" --export "h$i.gp"
	grep -q '`' "h$i.gp" && fail "a backtick reached h$i.gp"
	grep -qF '$(' "h$i.gp" && fail "\$( reached h$i.gp unescaped"
	grep -qF "'" "h$i.gp" && fail "a single quote reached h$i.gp unescaped"
	gnuplot -d "h$i.gp" >/dev/null 2>"$tmp/err" || fail "h$i.gp failed: $(cat "$tmp/err")"
	nomark "running h$i.gp"
	rm -f "$name"
done

# Output paths gnuplot would treat as commands, and one starting with '-'.
for out in '<touch MARK.png' '|touch MARK.png' '| touch MARK; x.svg' '-x.png' \
	'--export.txt' "\`touch MARK\`.pdf" '$(touch MARK).gp'; do
	expect 0 "$bin" --batch --model quad --steps 3 --export "$out"
	nomark "output '$out'"
	[ -s "./$out" ] || fail "output '$out' was not written under its own name"
	rm -f "./$out"
done

# A hostile ~/.gnuplot (and XDG rc) and GNUTERM change nothing: same dumb text.
printf 'system("touch MARK")\nset terminal svg\nset output "MARK"\n' >"$tmp/home/.gnuplot"
mkdir -p "$tmp/home/.config/gnuplot"
cp "$tmp/home/.gnuplot" "$tmp/home/.config/gnuplot/gnuplotrc"
expect 0 env HOME="$tmp/home" XDG_CONFIG_HOME="$tmp/home/.config" GNUTERM=svg \
	"$bin" --batch --preset lesson3 --model quad --loss mse --lr 0.01 --steps 20 --export plot.txt
nomark "hostile HOME and GNUTERM"
cmp -s plot.txt "$golden" || fail "hostile HOME or GNUTERM changed the output"
finish
