#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# cli-write.sh: every write to standard output is checked. To a full disk
# (/dev/full) each output exits 1 with the reason on stderr; into a pipe whose reader
# goes away (`| head -1`) fitplay stops at the next write and ends, as a filter does,
# by SIGPIPE (status 141 in the shell), however long the run it was asked for.
# Usage: sh tests/cli/write.sh ./fitplay
. "$(dirname "$0")/lib.inc"

[ -w /dev/full ] || die "no /dev/full to write to"
msg='^fitplay: write error on standard output: No space left on device$'
full() { # WHAT ARGS...: run to /dev/full, expect exit 1 and the one-line reason
	cl_what=$1
	shift
	timeout 60 "$@" </dev/null >/dev/full 2>"$tmp/err"
	st=$?
	[ "$st" = 1 ] || fail "$cl_what > /dev/full: exit $st (wanted 1): $(head -c 300 "$tmp/err")"
	grep -q "$msg" "$tmp/err" || fail "$cl_what > /dev/full: message '$(head -c 300 "$tmp/err")'"
	one_line "$cl_what > /dev/full"
}
full --info "$bin" --info
full --version "$bin" --version
full --help "$bin" --help
full --batch "$bin" --batch
full "--batch --log notebook" "$bin" --batch --log notebook
full "--batch, diverging" "$bin" --batch --lr 1 --steps 500
full --solve "$bin" --solve
full --lr-sweep "$bin" --lr-sweep 0.01,0.1,3
full "--dump -" "$bin" --keys assets/walkthrough.keys --dump -
# A long run to a full disk stops at the first failed write, not after its steps
# (100 million steps take minutes; the time limit is a hang guard, not a timing).
full "--batch --steps 100000000" "$bin" --batch --steps 100000000

# A reader that goes away: fitplay's own status, from inside the pipeline.
piped() { # WHAT ARGS...: `ARGS | head -n 1`, expect 141 (SIGPIPE) and no message
	cl_what=$1
	shift
	timeout 60 sh -c '{ "$@" 2>"$0.err" </dev/null; echo $? >"$0.st"; } | head -n 1 >"$0.out"' \
		"$tmp/pipe" "$@"
	st=$(cat "$tmp/pipe.st" 2>/dev/null)
	[ "$st" = 141 ] || fail "$cl_what | head -1: fitplay exit '$st' (wanted 141, SIGPIPE)"
	[ -s "$tmp/pipe.err" ] && fail "$cl_what | head -1: said $(head -c 300 "$tmp/pipe.err")"
	[ "$(wc -l <"$tmp/pipe.out")" = 1 ] || fail "$cl_what | head -1: no line"
	rm -f "$tmp/pipe.st" "$tmp/pipe.err" "$tmp/pipe.out"
}
piped "--batch --steps 100000000" "$bin" --batch --steps 100000000
piped "--batch --log notebook --steps 100000000" "$bin" --batch --log notebook --steps 100000000

# A stdout fitplay does not write to may be closed; one it writes to may not.
"$bin" --keys assets/walkthrough.keys --dump "$tmp/screen" >&- 2>"$tmp/err" ||
	fail "closed stdout, nothing written: $(cat "$tmp/err")"
"$bin" --version >&- 2>"$tmp/err" && fail "--version to a closed stdout: exit 0"
grep -q '^fitplay: write error on standard output: Bad file descriptor$' "$tmp/err" ||
	fail "--version to a closed stdout: $(cat "$tmp/err")"

# Documented.
grep -q 'SIGPIPE' man/fitplay.1 || fail "the man page's EXIT STATUS lacks SIGPIPE"
finish
