# SPDX-License-Identifier: GPL-3.0-or-later
"""gif-frames.py FILE: print the number of images in a GIF; exit non-zero (with the
reason) when FILE is not a well-formed GIF ending in its trailer. Shared by the
export tests (tests/export-*.sh, tests/tmux/export.sh)."""
import sys

d = open(sys.argv[1], 'rb').read()
assert d[:6] in (b'GIF87a', b'GIF89a'), 'not a GIF'
i = 13 + (3 * (2 << (d[10] & 7)) if d[10] & 0x80 else 0)
n = 0
while i < len(d) and d[i] != 0x3b:
    if d[i] == 0x21:  # extension
        i += 2
    else:
        assert d[i] == 0x2c, 'bad GIF block at %d' % i
        n += 1
        fl = d[i + 9]
        i += 11 + (3 * (2 << (fl & 7)) if fl & 0x80 else 0)
    while d[i]:
        i += d[i] + 1
    i += 1
assert i < len(d) and d[i] == 0x3b, 'no trailer'
print(n)
