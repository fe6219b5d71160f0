#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# json.sh: --json. --info, --solve and --lr-sweep print one JSON document, the batch
# table JSON lines, each read by Python's json module; they hold the same fields as
# the text outputs (one list of fields each), numbers at full precision (equal to
# the text's %.17g), values that are not finite numbers as null with KEY_why beside
# them; names with quotes, control characters and invalid UTF-8 (a table's columns,
# a data path) still make valid JSON.
# Usage: sh tests/cli/json.sh ./fitplay
. "$(dirname "$0")/lib.inc"

# same TEXT JSON KIND: the JSON output holds exactly the text output's fields, equal
# (KIND doc: key: value lines; table: a tab-separated table against JSON lines;
# sweep: a table against {"rows": [...]}).
same() {
	python3 - "$@" <<'PY' || fail "$3: text and JSON differ ($1, $2)"
import json, sys
text = open(sys.argv[1], 'rb').read().decode('utf-8')
raw = open(sys.argv[2], 'rb').read()
kind = sys.argv[3]

def num(t, j):
    if t == 'overflow':
        return j is None
    return j is not None and float(t) == j and type(j) in (int, float)

def check_doc(lines, d):
    keys = []
    for ln in lines:
        k, v = ln.split(': ', 1)
        keys.append(k)
        j = d[k]
        if v == 'none' or v.startswith('none ('):
            assert j is None, (k, j)
            if v != 'none':
                assert d[k + '_why'] == v[6:-1], (k, d.get(k + '_why'))
        elif isinstance(j, list):
            parts = v.split(',') if v else []
            assert len(parts) == len(j), (k, v, j)
            for t, x in zip(parts, j):
                assert (t == x) if isinstance(x, str) else num(t, x), (k, t, x)
        elif isinstance(j, str):
            assert j == v, (k, v, j)
        else:
            assert num(v, j), (k, v, j)
    rest = [k for k in d if k not in keys and not k.endswith('_why')]
    assert not rest, ('only in JSON', rest)

def check_rows(lines, rows):
    head = lines[0].split('\t')
    assert len(rows) == len(lines) - 1, (len(rows), len(lines))
    for ln, r in zip(lines[1:], rows):
        assert [k for k in r if not k.endswith('_why')] == head, (head, list(r))
        for k, t in zip(head, ln.split('\t')):
            if k == 'verdict':
                assert r[k] == t
            else:
                assert num(t, r[k]), (k, t, r[k])
                if r[k] is None:
                    assert r[k + '_why'].endswith((': inf', ': -inf', ': nan'))

lines = text.splitlines()
try:
    if kind == 'table':
        check_rows(lines, [json.loads(l) for l in raw.decode('utf-8').splitlines()])
    elif kind == 'sweep':
        d = json.loads(raw)
        assert list(d) == ['rows'], list(d)
        check_rows(lines, d['rows'])
    else:
        check_doc(lines, json.loads(raw))
except Exception as e:
    print('json.sh:', repr(e), file=sys.stderr)
    sys.exit(1)
PY
}

# both NAME KIND ARGS...: the text and the JSON output of ARGS, compared.
both() {
	cl_n=$1 cl_k=$2
	shift 2
	expect 0 "$bin" "$@" && cp "$tmp/out" "$tmp/$cl_n.txt"
	expect 0 "$bin" --json "$@" && cp "$tmp/out" "$tmp/$cl_n.json"
	same "$tmp/$cl_n.txt" "$tmp/$cl_n.json" "$cl_k"
}

ref="$reference"
titanic="$ref/titanic/titanic-all-rows.csv"
both info doc --info
both info-mae doc --info --loss mae
both info-relus doc --info --model relus:3
both info-titanic doc --preset titanic "$titanic" --info
both solve doc --solve
both solve-titanic doc --preset titanic "$titanic" --model nnet:2 --solve
both sweep sweep --lr-sweep 0.001,0.3,6 --steps 200
both sweep-over sweep --lr-sweep 1,100,3 --steps 1000
both table table --batch --steps 20 --every 5
both table-titanic table --preset titanic "$titanic" --batch --steps 3

# The lesson's numbers, read as a notebook would.
python3 - "$tmp/info.json" "$tmp/sweep-over.json" "$tmp/table.json" <<'PY' || fail "JSON numbers"
import json, sys
d = json.load(open(sys.argv[1]))
assert round(d['loss'], 4) == 11.4648 and round(d['lr_limit'], 4) == 0.2215, d
assert round(d['lsq_loss'], 4) == 2.9387 and d['names'] == ['a', 'b', 'c'], d
assert d['loss'] == 11.46479232744322, repr(d['loss'])  # every digit
s = json.load(open(sys.argv[2]))['rows']
over = [r for r in s if r['final_loss'] is None]
assert over and all(r['verdict'] == 'diverged' and r['final_loss_why'] == 'diverged: inf'
                    for r in over), s
rows = [json.loads(l) for l in open(sys.argv[3])]
assert [r['step'] for r in rows] == [0, 5, 10, 15, 20], rows
PY

# A diverging table: the rows up to the last finite state, exit 3, still JSON lines.
expect 3 "$bin" --json --lr 0.3 --steps 700 --every 100
python3 -c '
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
assert rows[-1]["step"] == 657 and rows[-1]["loss"] > 1e300, rows[-1]' "$tmp/out" ||
	fail "diverging JSON table"

# Hostile names: quotes, backslashes, control characters, invalid UTF-8 (a lone
# 0xff, a cut sequence, a UTF-16 surrogate) in a directory, a file and a table's
# columns; every output is still one valid JSON text, with the names in it.
python3 - "$tmp" "$ref/lesson3-video.csv" <<'PY' || die "hostile files"
import os, sys
d = sys.argv[1].encode() + b'/h\x01"q\\\xff\xc3(\xe2\x82'
os.makedirs(d)
open(d + b'/p"\x1b[31m\xfe.csv', 'wb').write(open(sys.argv[2], 'rb').read())
open(d + b'/t\t".csv', 'wb').write(
    b'x"q,y\\b,c\x07,\xff\xfeu,\xed\xa0\x80s,Survived\n' +
    b''.join(b'%d,%d,%d,%d,%d,%d\n' % (i, (i * 7) % 5, i % 3, (i * 3) % 7, i % 2, i % 2)
             for i in range(12)))
PY
hd=$(ls -d "$tmp"/h*)
hp=$(ls "$hd"/p*)
ht=$(ls "$hd"/t*)
for args in "--info" "--solve" "--lr-sweep 0.01,0.1,2" "--steps 2"; do
	# shellcheck disable=SC2086
	expect 0 "$bin" --json $args "$hp" || continue
	python3 -c '
import json, sys
raw = open(sys.argv[1], "rb").read()
docs = [json.loads(raw)] if raw.startswith(b"{\n") else [json.loads(l) for l in raw.splitlines()]
src = docs[0].get("source")
assert src is None or (src.endswith(".csv") and "\"q\\" in src and "\x01" in src), src' "$tmp/out" ||
		fail "--json $args on a hostile path: $(head -c 300 "$tmp/out")"
	# shellcheck disable=SC2086
	expect 0 "$bin" --json $args --table "$ht" || continue
	python3 -c '
import json, sys
raw = open(sys.argv[1], "rb").read()
docs = [json.loads(raw)] if raw.startswith(b"{\n") else [json.loads(l) for l in raw.splitlines()]
d = docs[0]
names = d.get("names") or [k for k in d if k.startswith("w_")]
if "rows" not in d:
    assert "w_x\"q" in names and "w_y\\b" in names and "w_Ones" in names, names
    assert any("\ufffd" in n for n in names), names' "$tmp/out" ||
		fail "--json $args on hostile columns: $(head -c 300 "$tmp/out")"
done

# Every JSON output's write is checked as the text's: a full disk is exit 1 and why.
if [ -w /dev/full ]; then
	for args in "--info" "--solve" "--lr-sweep 0.01,0.1,3" "--steps 5"; do
		# shellcheck disable=SC2086
		timeout 60 "$bin" --json $args </dev/null >/dev/full 2>"$tmp/err"
		st=$?
		[ "$st" = 1 ] || fail "--json $args > /dev/full: exit $st"
		grep -q "write error on standard output: No space left on device" "$tmp/err" ||
			fail "--json $args > /dev/full: $(cat "$tmp/err")"
	done
fi

# Refused: the notebook's lines are not a table.
expect 2 "$bin" --json --log notebook && refused "--json --log notebook" "^fitplay: --json and --log notebook"
finish
