#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Run every test, by kind, each found by wildcard:
#   unit    cmocka unit tests: tests/unit/test-*.c, built as BUILD/tests/test-*
#   cli     the command line, no terminal: tests/cli/*.sh
#   tmux    the explorer in a real terminal (a private tmux server): tests/tmux/*.sh
#   golden  screens and files against tests/golden/: tests/golden/*.sh
# Shell tests get the binary as $1 and run from the repo root; a folder's lib.inc
# holds its shared helpers; tests/gif-frames.py is shared by the kinds.
# Usage: tests/run.sh BIN BUILD [FILTER]   (FILTER: part of "KIND/NAME", e.g. cli/export)
# Prints one line per test ("ok    KIND/NAME (Ns)") and closes with "N passed, N failed".
bin=${1:-./fitplay}
build=${2:-build}
filter=${3:-}
case "$bin" in /*) ;; *) bin="$(pwd)/$bin" ;; esac
export FITPLAY_BIN="$bin" FITPLAY_BUILD="$build" LC_ALL=C.UTF-8
export FITPLAY_REF="${FITPLAY_REF:-$(cd "$(dirname "$0")/.." && pwd)/../shared/reference}"
# Sanitizer builds (make SANITIZE=1): leaks inside third-party libraries are
# suppressed (tests/lsan.supp says which and why); the full unwinder lets a
# suppression see the library frames under an unloaded one. Ignored by other builds.
export LSAN_OPTIONS="${LSAN_OPTIONS:+$LSAN_OPTIONS:}suppressions=$(cd "$(dirname "$0")" && pwd)/lsan.supp"
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}fast_unwind_on_malloc=0"
pass=0
fail=0
failed=""
logdir=$(mktemp -d "${TMPDIR:-/tmp}/fitplay-tests.XXXXXX")
run_one() { # kind/name, command...
	name=$1
	shift
	case "$name" in *"$filter"*) ;; *) return 0 ;; esac
	start=$(date +%s)
	if "$@" >"$logdir/$(echo "$name" | tr / -).log" 2>&1; then
		pass=$((pass + 1))
		echo "ok    $name ($(($(date +%s) - start))s)"
	else
		fail=$((fail + 1))
		failed="$failed $name"
		echo "FAIL  $name ($(($(date +%s) - start))s)"
		tail -n 30 "$logdir/$(echo "$name" | tr / -).log" | sed 's/^/      /'
	fi
}
for t in "$build"/tests/test-*; do
	[ -x "$t" ] || continue
	run_one "unit/$(basename "$t")" "$t"
done
for kind in cli tmux golden; do
	for t in tests/$kind/*.sh; do
		[ -f "$t" ] || continue
		run_one "$kind/$(basename "$t" .sh)" sh "$t" "$bin"
	done
done
rm -rf "$logdir"
[ -n "$failed" ] && echo "failed:$failed"
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
