#!/bin/sh
# export-lab.sh: --export works beside --info (the start), --solve (the solved fit)
# and --lr-sweep (final loss against rate, log scales, each rate's verdict): each
# writes a real file, checked for its format (PNG signature through IEND, SVG that
# parses as XML, PDF from %PDF- to %%EOF, 48 rows of text, a .gp that gnuplot runs,
# a GIF through its trailer) while the usual output is still printed. A name that
# cannot work is refused with exit status 2 before any work (nothing printed);
# the sweep refuses .gif, naming the formats that work.
# Usage: tests/export-lab.sh BIN   (from the repo root)
. "$(dirname "$0")/cli-lib.inc"
command -v gnuplot >/dev/null 2>&1 || die "gnuplot is not installed (scripts/deps.sh)"
command -v python3 >/dev/null 2>&1 || die "python3 is needed to check the files"
mkdir "$tmp/w" "$tmp/tmp" || die "mkdir"
export TMPDIR="$tmp/tmp"
cd "$tmp/w" || die "cd $tmp/w"
base="--preset lesson3 --model quad"

# valid FILE: the file is complete for its extension.
valid() {
	case $1 in
	*.gp)
		rm -rf "$tmp/run" && mkdir "$tmp/run" && cp "$1" "$tmp/run/" &&
			(cd "$tmp/run" && gnuplot -d "$(basename "$1")") >"$tmp/gplog" 2>&1 ||
			fail "$1 did not run: $(head -3 "$tmp/gplog")"
		ls "$tmp/run"/*.png >/dev/null 2>&1 || fail "$1 drew no PNG"
		return 0
		;;
	*.gif)
		python3 "$here/gif-frames.py" "$1" >/dev/null || fail "$1 is not a whole GIF"
		return 0
		;;
	esac
	python3 - "$1" <<'EOF' || fail "$1 is not a whole file of its format"
import struct, sys, xml.etree.ElementTree as ET
p = sys.argv[1]
d = open(p, 'rb').read()
if p.endswith('.png'):
    assert d[:8] == b'\x89PNG\r\n\x1a\n', 'signature'
    i = 8
    while True:
        n, = struct.unpack('>I', d[i:i + 4])
        t = d[i + 4:i + 8]
        i += 12 + n
        if t == b'IEND':
            break
        assert i < len(d), 'no IEND'
    assert i == len(d), 'bytes after IEND'
elif p.endswith('.svg'):
    assert ET.fromstring(d).tag.endswith('svg')
elif p.endswith('.pdf'):
    assert d[:5] == b'%PDF-' and d.rstrip().endswith(b'%%EOF')
elif p.endswith('.txt'):
    assert d.count(b'\n') >= 47 and len(d) >= 4800, len(d)
EOF
}

# 1. --info --export: the start state, as --info describes it.
for e in png svg txt gp; do
	expect 0 "$bin" $base --info --export "info.$e"
	[ "$(key loss_kind)" = mse ] || fail "--info --export $e: the info lines are missing"
	valid "info.$e"
done
grep -q ' model, step 0, ' info.gp || fail "--info --export: not the start (step 0)"
expect 0 "$bin" $base --info
start=$(key params)
a=${start%%,*}
grep -q "^model(x) = .*$a" info.gp || fail "--info --export: the model is not at the start ($start)"

# 2. --solve --export: the solved fit.
for e in png svg pdf txt gp gif; do
	expect 0 "$bin" $base --solve --export "solve.$e"
	[ "$(key status)" = converged ] || fail "--solve --export $e: no solver output"
	valid "solve.$e"
done
params=$(key params)
a=${params%%,*}
grep -q "^model(x) = .*$a" solve.gp || fail "--solve --export: not the solved fit ($params)"
echo "solved: $params"

# 3. --lr-sweep --export: the chart, in every format it takes.
for e in png svg pdf txt gp; do
	expect 0 "$bin" $base --lr-sweep 1e-4,1,9 --steps 100 --export "sweep.$e"
	[ "$(head -n 1 "$tmp/out")" = "lr	final_loss	verdict" ] || fail "--lr-sweep --export $e: no table"
	valid "sweep.$e"
done
grep -q 'set logscale x' sweep.gp || fail "sweep: x is not on a log scale"
grep -q 'set logscale y' sweep.gp || fail "sweep: y is not on a log scale"
for v in converged crawling diverged; do
	grep -q "$v" sweep.txt || fail "sweep: no '$v' in the text chart"
done
grep -q 'learning rate' sweep.txt || fail "sweep: no x label"

# 4. Names that cannot work: exit 2 before any work, nothing printed, no file.
for mode in --info --solve "--lr-sweep 1e-3,1e-1,3"; do
	# shellcheck disable=SC2086
	expect 2 "$bin" $base $mode --export /nonexistent/q.png
	refused "$mode --export /nonexistent/q.png" "/nonexistent: no such directory" -F
	# shellcheck disable=SC2086
	expect 2 "$bin" $base $mode --export q.bmp
	refused "$mode --export q.bmp" "q.bmp: unknown format" -F
done
expect 2 "$bin" $base --lr-sweep 1e-3,1e-1,3 --export sweep.gif
refused "--lr-sweep --export .gif" "sweep.gif: the sweep is one picture, not an animation: use .png .svg .pdf .txt or .gp" -F
[ -e sweep.gif ] && fail "sweep.gif was written"
ls -A | grep -q '^\.fitplay-' && fail "a temporary was left: $(ls -A)"
[ -z "$(ls -A "$tmp/tmp")" ] || fail "left in TMPDIR: $(ls -A "$tmp/tmp")"
finish
