#!/bin/sh
# Run every test: unit tests (BUILD/tests/test-*), then the shell tests
# (tests/*.sh but this one), each given the binary as $1 and run from the repo root.
# Usage: tests/run.sh BIN BUILD [NAME-FILTER]
# Prints one line per test file and closes with "N passed, N failed".
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
run_one() { # name, command...
	name=$1
	shift
	case "$name" in *"$filter"*) ;; *) return 0 ;; esac
	start=$(date +%s)
	if "$@" >"$logdir/$name.log" 2>&1; then
		pass=$((pass + 1))
		echo "ok    $name ($(($(date +%s) - start))s)"
	else
		fail=$((fail + 1))
		failed="$failed $name"
		echo "FAIL  $name ($(($(date +%s) - start))s)"
		tail -n 30 "$logdir/$name.log" | sed 's/^/      /'
	fi
}
for t in "$build"/tests/test-*; do
	[ -x "$t" ] || continue
	run_one "$(basename "$t")" "$t"
done
for t in tests/*.sh; do
	[ "$(basename "$t")" = run.sh ] && continue
	run_one "$(basename "$t" .sh)" sh "$t" "$bin"
done
rm -rf "$logdir"
[ -n "$failed" ] && echo "failed:$failed"
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
