#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# tmux-pixels.sh: real pixels (key I, issue 18 item 7), in a fake terminal (a pty
# driven by tests/pty-sixel.py; tmux shows no sixel images) of 100x30 cells of
# 10x20 pixels. One that announces sixel (attribute 4 in its answer to ESC [ c)
# receives, after I, a well-formed sixel image that libsixel's sixel2png decodes to
# exactly the plot box's inside in pixels, written at the box's inside corner; the
# next key repaints the screen. One that does not announce sixel (tmux itself)
# receives none, and the status line says why and which terminals do. A key script with --dump says
# there is no terminal.
# Usage: tests/tmux/pixels.sh BIN
name=pixels
. "$(dirname "$0")/lib.inc"
command -v sixel2png >/dev/null || fail "no sixel2png (libsixel-bin: scripts/deps.sh test)"

# The plot box of the first screen at 100x30, from a --dump: its corner (0-based) and size.
printf 'wait 1\n' >"$dir/none.keys"
"$bin" --keys "$dir/none.keys" --dump "$dir/first.txt" --size 100x30 </dev/null ||
	fail "--dump of the first screen"
box=$(python3 -c '
import sys
rows = open(sys.argv[1], encoding="utf-8").read().split("\n")
y = next(i for i, r in enumerate(rows) if "\u250c\u2500 plot" in r)
x = rows[y].index("\u250c")
w = rows[y].index("\u2510", x) - x + 1
h = next(i for i in range(y + 1, len(rows)) if rows[i][x] == "\u2514") - y + 1
print(x, y, w, h)' "$dir/first.txt") || fail "no plot box in the first screen"
set -- $box
bx=$1 by=$2 bw=$3 bh=$4
want_w=$(((bw - 2) * 10))
want_h=$(((bh - 2) * 20))
echo "plot box at $bx,$by, $bw x $bh cells: the picture should be ${want_w}x$want_h"

# 1. A sixel terminal.
mkdir "$dir/six"
python3 "$here/pty-sixel.py" "$bin" sixel "$dir/six" || fail "fitplay in the sixel pty: exit $?: $(cat "$dir/six/err.txt")"
python3 - "$dir/six/tty.out" "$dir/six/got.six" "$((by + 2))" "$((bx + 2))" <<'PY' || fail "no sixel image where it belongs"
import sys
d = open(sys.argv[1], 'rb').read()
i = d.find(b'\x1bP')
assert i >= 0, 'no DCS (sixel) in the output'
assert d.count(b'\x1bP') == 1, 'more than one image'
j = d.find(b'\x1b\\', i)
assert j > i, 'the image does not end (no ST)'
at = b'\x1b[%d;%dH' % (int(sys.argv[3]), int(sys.argv[4]))
assert d[:i].endswith(b'\x1b7' + at), ('not written at the box corner', d[i - 20:i])
assert d[j + 2:].startswith(b'\x1b8'), 'the cursor is not restored after it'
assert b'\x1b[2J' in d[j:], 'the next key did not repaint the screen'
open(sys.argv[2], 'wb').write(d[i:j + 2])
PY
sixel2png <"$dir/six/got.six" >"$dir/six/got.png" 2>"$dir/six/s2p.err" ||
	fail "sixel2png cannot decode it: $(cat "$dir/six/s2p.err")"
size=$(python3 -c '
import struct, sys
d = open(sys.argv[1], "rb").read()
assert d[:8] == b"\x89PNG\r\n\x1a\n"
print("%dx%d" % struct.unpack(">II", d[16:24]))' "$dir/six/got.png") || fail "sixel2png wrote no PNG"
[ "$size" = "${want_w}x$want_h" ] || fail "the picture is $size, the plot box ${want_w}x$want_h"
# the picture has the plot's colours (the model's blue, the data's near-black)
python3 -c '
import re, sys
d = open(sys.argv[1], "rb").read()
pal = [tuple(map(int, m)) for m in re.findall(rb"#\d+;2;(\d+);(\d+);(\d+)", d)]
near = lambda c: any(all(abs(a - b) <= 3 for a, b in zip(c, p)) for p in pal)
assert near((0, 45, 70)), "no #0072B2 (the model) in the palette"
assert near((13, 13, 13)), "no #222222 (the data) in the palette"' "$dir/six/got.six" ||
	fail "the sixel image has not the plot's colours"
ls "$dir/six" | grep -q fitplay && fail "a temporary was left in TMPDIR: $(ls "$dir/six")"

# 2. A terminal that does not announce sixel (tmux answers ESC [ c with 1;2): no
# image, and the status line says why not and which terminals show one.
start_session
$T pipe-pane -t t -o "cat > '$dir/plain.log'"
run_fit plain "'$bin'"
wait_for "MSE 11.4648"
$T send-keys -t t I
wait_for "does not announce sixel images (attributes"
screen | grep -q "xterm -ti vt340, foot" || { screen; fail "no terminal suggested"; }
$T send-keys -t t q
wait_for "finished-plain"
status_is 0
$T pipe-pane -t t
grep -q "$(printf '\033')P" "$dir/plain.log" && fail "a DCS sequence sent to a terminal without sixel"

# 3. A key script with --dump: I says there is no terminal, and changes nothing else.
printf 'I\n' >"$dir/i.keys"
"$bin" --keys "$dir/i.keys" --dump "$dir/i.txt" </dev/null || fail "--keys with I"
grep -q "real pixels: no terminal here" "$dir/i.txt" || fail "--dump: $(tail -3 "$dir/i.txt")"
exit 0
