#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# export-formats.sh: --export writes a valid file in every format of the table: PNG signature and
# size, SVG that parses as XML, a PDF header, a .gp that gnuplot runs with status 0,
# dumb text equal to tests/golden/export-dumb.txt, a GIF of several (capped) frames;
# no temporary file is left. FITPLAY_UPDATE_GOLDEN=1 rewrites the golden text.
# Usage: tests/cli/export-formats.sh BIN   (from the repo root)
. "$(dirname "$0")/lib.inc"
golden="$(pwd)/tests/golden/export-dumb.txt"
command -v gnuplot >/dev/null 2>&1 || die "gnuplot is not installed (scripts/deps.sh)"
command -v python3 >/dev/null 2>&1 || die "python3 is needed to check the files"
mkdir "$tmp/tmp" "$tmp/files" || die "mkdir"
export TMPDIR="$tmp/tmp"
cd "$tmp/files" || die "cd $tmp/files"
opts="--batch --preset lesson3 --model quad --loss mse --lr 0.01 --steps 20"

# Every format of the table (each a complete file of its kind), those the man page
# promises among them; then each one's own checks.
formats=$(export_formats)
for e in $formats; do
	expect 0 "$bin" $opts --export "plot.$e"
	[ -s "plot.$e" ] || fail "$e: no file"
	export_valid "plot.$e"
done

# PNG: signature and the 1600x1200 IHDR.
python3 - plot.png <<'EOF' || fail "png is not a 1600x1200 PNG"
import struct, sys
d = open(sys.argv[1], 'rb').read()
assert d[:8] == b'\x89PNG\r\n\x1a\n' and d[12:16] == b'IHDR'
assert struct.unpack('>II', d[16:24]) == (1600, 1200), struct.unpack('>II', d[16:24])
assert len(d) > 10000
EOF

# SVG: well-formed XML with an <svg> root.
python3 - plot.svg <<'EOF' || fail "svg does not parse as XML"
import sys, xml.etree.ElementTree as ET
r = ET.parse(sys.argv[1]).getroot()
assert r.tag.endswith('svg'), r.tag
EOF

# PDF: header and trailer.
head -c 5 plot.pdf | grep -q '^%PDF-' || fail "pdf header"
tail -c 64 plot.pdf | grep -q '%%EOF' || fail "pdf trailer"

# Dumb text: the golden file.
if [ "${FITPLAY_UPDATE_GOLDEN:-0}" = 1 ]; then
	cp plot.txt "$golden"
	echo "rewrote $golden"
fi
cmp -s plot.txt "$golden" || {
	diff "$golden" plot.txt | head -20
	fail "dumb output differs from $golden"
}

# .gp: gnuplot -d runs it with status 0 and it writes plot.png beside it.
mkdir "$tmp/gp" && cp plot.gp "$tmp/gp/" && (cd "$tmp/gp" && gnuplot -d plot.gp) >"$tmp/gplog" 2>&1 ||
	fail ".gp did not run: $(head -3 "$tmp/gplog")"
[ -s "$tmp/gp/plot.png" ] || fail ".gp did not write plot.png"
head -c 8 "$tmp/gp/plot.png" | od -An -c | grep -q 'P   N   G' || fail ".gp wrote no PNG"
grep -q '^\$DATA << EOD' plot.gp || fail ".gp has no inline data"
grep -q '^model(x) = ' plot.gp || fail ".gp has no model function"
grep -iqE '(^|[^a-z])(nan|inf)([^a-z]|$)' plot.gp && fail ".gp contains nan or inf"

# GIF: more than one frame, whatever the number of steps, at most the cap.
n=$(python3 "$here/gif-frames.py" plot.gif) || fail "gif does not parse"
[ "$n" -gt 1 ] || fail "gif has $n frame(s)"
expect 0 "$bin" $opts --steps 3000 --export long.gif
n2=$(python3 "$here/gif-frames.py" long.gif) || fail "long gif does not parse"
[ "$n2" -gt 1 ] && [ "$n2" -le 70 ] || fail "3000 steps gave $n2 frames (cap 60 + 8)"
expect 0 "$bin" $opts --steps 0 --export still.gif
echo "gif frames: $n for 20 steps, $n2 for 3000 steps"

# Upper-case extensions, and an export over an existing file replaces it.
expect 0 "$bin" $opts --export UP.PNG
echo old >plot.png
expect 0 "$bin" $opts --export plot.png
head -c 4 plot.png | grep -q PNG || fail "plot.png not replaced"

# No temporary file left, here or in TMPDIR.
left=$(ls -A "$tmp/tmp")
[ -z "$left" ] || fail "left in TMPDIR: $left"
ls -A | grep -q '^\.fitplay-' && fail "temporary output left: $(ls -A)"
finish
