#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# export-table.sh: plots of tables (the Titanic fixture) through gnuplot, as the
# explorer's predictions view shows them: every format (PNG signature and size, SVG
# that parses as XML with all 288 survivors and 424 others drawn as two kinds of
# points, a PDF header, dumb text with the 0.5 line, both groups and the counts, a .gp
# that gnuplot turns into the same PNG, a GIF of several frames); a bad export refused
# (exit 2) before the batch runs; hostile file and column names; the explorer's e and
# E keys.
# Prints the time each format took (figures, never checked).
# Usage: tests/cli/export-table.sh BIN   (from the repo root; fixture from $FITPLAY_REF)
. "$(dirname "$0")/lib.inc"
all=$reference/titanic/titanic-all-rows.csv
case "$all" in /*) ;; *) all="$(pwd)/$all" ;; esac
[ -f "$all" ] || die "no fixture $all"
command -v gnuplot >/dev/null 2>&1 || die "gnuplot is not installed (scripts/deps.sh)"
command -v python3 >/dev/null 2>&1 || die "python3 is needed to check the files"
mkdir "$tmp/tmp" "$tmp/w" "$tmp/home" || die "mkdir"
export TMPDIR="$tmp/tmp"
cd "$tmp/w" || die "cd $tmp/w"
# The sheets' coefficients: 568 of 712 right at 0.5 (204 of 288 survivors above the
# line, 364 of 424 others below it), as the explorer's legend says.
lin=$(tr -d ' \n' <"$(dirname "$all")/titanic-expected.json" |
	sed -n 's/.*"linear":{"params":\[\([^]]*\)\].*/\1/p')
[ -n "$lin" ] || die "no linear params in titanic-expected.json"
sheet="--preset titanic $all --batch --init $lin --steps 0"

# A bad export is refused before any descent: a billion steps would take hours.
limit=30
mkdir adir.png
for bad in "out.bmp:unknown format" "nodir/out.png:nodir: no such directory" \
	"adir.png:is a directory" "noext:unknown format" "out/:no file name"; do
	expect 2 "$bin" --preset titanic "$all" --batch --steps 1000000000 --export "${bad%%:*}"
	refused "${bad%%:*}" "${bad#*:}" -F
done
limit=300

# Every format, timed.
times=""
formats=$(export_formats)
for e in $formats; do
	steps=$([ "$e" = gif ] && echo 300 || echo 0)
	init=$([ "$e" = gif ] && echo "" || echo "--init $lin")
	t0=$(date +%s%N)
	# shellcheck disable=SC2086
	expect 0 "$bin" --preset titanic "$all" --batch $init --steps "$steps" --every 1000 \
		--export "plot.$e"
	t1=$(date +%s%N)
	times="$times $e $(((t1 - t0) / 1000000)) ms,"
	[ -s "plot.$e" ] || fail "$e: no file"
	export_valid "plot.$e"
done
echo "712 rows, export times:${times%,}"

# PNG: signature, a 1600x1200 IHDR, a real picture.
python3 - plot.png <<'EOF' || fail "png is not a 1600x1200 PNG"
import struct, sys
d = open(sys.argv[1], 'rb').read()
assert d[:8] == b'\x89PNG\r\n\x1a\n' and d[12:16] == b'IHDR'
assert struct.unpack('>II', d[16:24]) == (1600, 1200), struct.unpack('>II', d[16:24])
assert len(d) > 20000, len(d)
EOF

# SVG: XML; the key's counts; every survivor a filled circle (gnuplot's pt 7, gpPt6),
# every other a triangle (pt 11, gpPt10); the title's count.
python3 - plot.svg <<'EOF' || fail "svg: wrong groups or counts"
import sys, xml.etree.ElementTree as ET
r = ET.parse(sys.argv[1]).getroot()
assert r.tag.endswith('svg'), r.tag
ns = '{http://www.w3.org/2000/svg}'
href = '{http://www.w3.org/1999/xlink}href'
text = ''.join(r.itertext())
assert '568 of 712 right at 0.5' in text, 'title'
want = {'survived (truth 1): 204 of 288 above 0.5': ('#gpPt6', 288),
        'did not survive (truth 0): 364 of 424 below 0.5': ('#gpPt10', 424)}
seen = {}
for g in r.iter(ns + 'g'):
    t = g.find(ns + 'title')
    if t is not None and t.text in want:
        pt, n = want[t.text]
        k = sum(1 for u in g.iter(ns + 'use') if u.get(href) == pt)
        seen[t.text] = max(seen.get(t.text, 0), k)
for t, (pt, n) in want.items():
    assert seen.get(t, 0) >= n, (t, seen.get(t))
assert 'threshold 0.5: above it says survived' in text
EOF

# PDF: header and trailer.
head -c 5 plot.pdf | grep -q '^%PDF-' || fail "pdf header"
tail -c 64 plot.pdf | grep -q '%%EOF' || fail "pdf trailer"

# Dumb text: the title's count, the key (both groups and the line), and in the plot
# the survivors' o and the others' . runs.
for s in "568 of 712 right at 0.5" "survived (truth 1): 204 of 288 above 0.5" \
	"did not survive (truth 0): 364 of 424 below 0.5" "threshold 0.5" "loss history"; do
	grep -qF "$s" plot.txt || fail "txt: no '$s'"
done
grep -q '^ *[-0-9.]* |.*ooo' plot.txt || fail "txt: no survivors (o) in the plot"
grep -q '^ *[-0-9.]* |.*\.\.\.' plot.txt || fail "txt: no others (.) in the plot"
grep -iqE '(^|[^a-z])(nan|inf)([^a-z]|$)' plot.gp && fail ".gp contains nan or inf"

# .gp: gnuplot -d runs it and draws the same picture as the PNG export.
grep -q '^\$UP << EOD' plot.gp && grep -q '^\$DOWN << EOD' plot.gp || fail ".gp: no groups"
mkdir "$tmp/gp" && cp plot.gp "$tmp/gp/" && (cd "$tmp/gp" && gnuplot -d plot.gp) >"$tmp/gplog" 2>&1 ||
	fail ".gp did not run: $(head -3 "$tmp/gplog")"
python3 - plot.png "$tmp/gp/plot.png" <<'EOF' || fail ".gp did not redraw plot.png"
import sys, zlib
def pixels(p):
    d = open(p, 'rb').read()
    i, ihdr, idat = 8, None, b''
    while i < len(d):
        n = int.from_bytes(d[i:i + 4], 'big')
        kind, body = d[i + 4:i + 8], d[i + 8:i + 8 + n]
        if kind == b'IHDR':
            ihdr = body
        elif kind == b'IDAT':
            idat += body
        i += 12 + n
    return ihdr, zlib.decompress(idat)
a, b = pixels(sys.argv[1]), pixels(sys.argv[2])
assert a[0] == b[0], 'IHDR differs'
assert a[1] == b[1], 'pixels differ'
EOF

# GIF: the descent, more than one frame, at most the cap (60 + 8 held).
n=$(python3 "$here/gif-frames.py" plot.gif) || fail "gif: does not parse"
echo "gif frames: $n"
[ "${n:-0}" -gt 1 ] && [ "${n:-0}" -le 68 ] || fail "gif: $n frames, not 2 to 68"

# In a GIF the loss panel's marker (label 1) is not drawn again in the next frame's
# upper panel (it was, for curves, before tables were exported): the scripts are
# caught on their way to gnuplot.
real=$(command -v gnuplot)
mkdir "$tmp/fake" || die "mkdir"
printf '#!/bin/sh
for a; do case "$a" in *.gp) cp "$a" "%s/caught.gp";; esac; done
exec "%s" "$@"
' \
	"$tmp" "$real" >"$tmp/fake/gnuplot"
chmod +x "$tmp/fake/gnuplot"
for what in "--preset titanic $all" "--preset lesson3"; do
	rm -f "$tmp/caught.gp"
	# shellcheck disable=SC2086
	expect 0 env PATH="$tmp/fake:$PATH" "$bin" $what --batch --steps 30 --export caught.gif
	awk '/^set label 1 / { on = 1 } /^unset label 1/ { on = 0 }
		/^plot \$(UP|DATA) / && on { bad = 1 } END { exit bad }' "$tmp/caught.gp" ||
		fail "$what: a GIF frame draws the previous frame's loss marker in its upper panel"
done
rm -f caught.gif

# Hostile file names, column names and output paths run nothing (MARK never appears).
nomark() {
	[ -e MARK ] || [ -e "$tmp/home/MARK" ] || return 0
	fail "MARK appeared after: $1"
	rm -f MARK "$tmp/home/MARK"
}
nl='
'
i=0
for name in '`touch MARK`.csv' '$(touch MARK).csv' "a'b''c\"d@e.csv" \
	"new${nl}line \`touch MARK\`.csv" '<touch MARK.csv' '|touch MARK.csv'; do
	i=$((i + 1))
	cp "$all" "$name"
	# shellcheck disable=SC2086
	expect 0 "$bin" --preset titanic "./$name" --batch --steps 3 --export "h$i.png"
	nomark "png of table file $i"
	# shellcheck disable=SC2086
	expect 0 "$bin" --preset titanic "./$name" --batch --steps 3 --export "h$i.gp"
	grep -q '`' "h$i.gp" && fail "a backtick reached h$i.gp"
	grep -qF '$(' "h$i.gp" && fail "\$( reached h$i.gp unescaped"
	grep -qF "'" "h$i.gp" && fail "a single quote reached h$i.gp"
	HOME="$tmp/home" gnuplot -d "h$i.gp" >/dev/null 2>"$tmp/err" || fail "h$i.gp: $(cat "$tmp/err")"
	nomark "running h$i.gp"
	rm -f "$name"
done
# Column names become coefficient names in the title.
printf '%s\n' 'Survived,"`touch MARK`","$(touch MARK)","a""; system(""touch MARK"") @b"' \
	'1,1,0,2' '0,0,1,3' '1,1,1,1' '0,0,0,4' >cols.csv
expect 0 "$bin" --table cols.csv --batch --steps 3 --export cols.gp
grep -q '`' cols.gp && fail "a backtick from a column name reached cols.gp"
grep -qF 'system(' cols.gp && fail "system( from a column name reached cols.gp"
grep -qF 'w_\140touch MARK\140' cols.gp || fail "cols.gp: the column name is not in the title"
expect 0 "$bin" --table cols.csv --batch --steps 3 --export cols.png
nomark "hostile column names"
for out in '<touch MARK.png' '|touch MARK.svg' '-x.txt' "\`touch MARK\`.pdf"; do
	expect 0 "$bin" $sheet --export "$out"
	nomark "output '$out'"
	[ -s "./$out" ] || fail "output '$out' was not written under its own name"
	rm -f "./$out"
done

# The explorer: e writes fitplay-linear-step0.png, E a typed path (after 3 steps, a
# GIF), and the key bar offers e.
mkdir "$tmp/ex" && cd "$tmp/ex" || die "cd $tmp/ex"
printf 'e\n' >e.keys
expect 0 "$bin" --preset titanic "$all" --keys e.keys --dump e.screen --size 100x30
grep -q "exported fitplay-linear-step0.png" e.screen || fail "e: $(tail -n 3 e.screen)"
grep -q " e Export " e.screen || fail "e: the key bar has no 'e Export'"
head -c 8 fitplay-linear-step0.png | od -An -c | grep -q 'P   N   G' || fail "e wrote no PNG"
printf 'Space Space Space\nE\ntype slides 1.gif\nEnter\nE\ntype table.txt\nEnter\n' >E.keys
expect 0 "$bin" --preset titanic "$all" --keys E.keys --dump E.screen --size 100x30
grep -q "exported table.txt" E.screen || fail "E: $(tail -n 3 E.screen)"
head -c 6 "slides 1.gif" | grep -q GIF8 || fail "E wrote no GIF"
grep -q "step 3 .* right at 0.5" table.txt || fail "E: table.txt is not the table at step 3"

# No temporary file left, here or in TMPDIR.
left=$(ls -A "$tmp/tmp")
[ -z "$left" ] || fail "left in TMPDIR: $left"
ls -A "$tmp/w" "$tmp/ex" | grep -q '^\.fitplay-' && fail "temporary output left"
finish
