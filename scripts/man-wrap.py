#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""man-wrap.py: rewrap the text lines of a man page source to at most 80 bytes, so
that `mandoc -Tlint` is clean ("input text line longer than 80 bytes"); what the
page says and how it renders stay the same. Request lines (starting with . or '),
the tag line after .TP, no-fill blocks (.nf to .fi, .EX to .EE) and comments are
left alone; a line is broken only at a blank outside an escape, never before a word
that would start a line with . or ' (a request), nor after a word ending a sentence
(roff would add a second blank there). Long words stay whole.
Usage: python3 scripts/man-wrap.py man/fitplay.1   (rewrites the file in place;
tests/cli/docs.sh checks the result with mandoc -Tlint)."""
import sys

WIDTH = 80


def ends_sentence(text):
    """1 when text ends a sentence (roff puts two blanks after one at a line's end)."""
    return text.rstrip(")]\"'*").endswith((".", "?", "!"))


def breaks(line):
    """Byte offsets of the blanks where line may be broken."""
    out, i = [], 0
    while i < len(line):
        c = line[i]
        if c == "\\":  # an escape: skip it whole (\fB, \(ua, \[u25B2], \*(xx, \- ...)
            j = i + 1
            if j < len(line) and line[j] in "(":
                i = j + 3
            elif j < len(line) and line[j] == "[":
                k = line.find("]", j)
                i = k + 1 if k > 0 else j + 1
            elif j < len(line) and line[j] in "f*n" and j + 1 < len(line):
                if line[j + 1] == "(":
                    i = j + 4
                elif line[j + 1] == "[":
                    k = line.find("]", j + 1)
                    i = k + 1 if k > 0 else j + 2
                else:
                    i = j + 2
            else:
                i = j + 1
            continue
        if c == " " and i + 1 < len(line) and line[i + 1] not in ".' " and not ends_sentence(line[:i]):
            out.append(i)
        i += 1
    return out


def wrap(line):
    """line as lines of at most WIDTH bytes where it can be broken."""
    pieces = []
    while len(line.encode()) > WIDTH:
        cands = [b for b in breaks(line) if len(line[:b].encode()) <= WIDTH]
        if not cands:
            later = breaks(line)
            if not later:
                break
            cands = [later[0]]
        cut = cands[-1]
        pieces.append(line[:cut])
        line = line[cut + 1:]
    pieces.append(line)
    return pieces


def main(path):
    src = open(path, encoding="utf-8").read().split("\n")
    out, nofill, after_tp = [], False, False
    for line in src:
        req = line[:1] in (".", "'")
        name = line[1:].split(" ")[0] if req else ""
        if req:
            if name in ("nf", "EX"):
                nofill = True
            elif name in ("fi", "EE"):
                nofill = False
            out.append(line)
            after_tp = name == "TP"
            continue
        if nofill or after_tp or line.startswith('.\\"'):
            out.append(line)
            after_tp = False
            continue
        out.extend(wrap(line))
    open(path, "w", encoding="utf-8").write("\n".join(out))


if __name__ == "__main__":
    for p in sys.argv[1:]:
        main(p)
