#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# run.sh: run each fuzz target for a while on a working copy of its committed corpus
# (fuzz/corpus/<target>), then print executions, corpus size and findings.
# Usage: sh fuzz/run.sh libfuzzer|afl SECONDS TARGET...   (from the repository root,
# after `make fuzz-build` or `make build-afl/fuzz-TARGET`). Exits 1 on any finding;
# findings are kept in build-fuzz/findings/ (libFuzzer) or build-afl/out-TARGET/.
set -u
engine=$1 secs=$2
shift 2
status=0
case "$engine" in
libfuzzer)
	mkdir -p build-fuzz/findings
	for t in "$@"; do
		work=build-fuzz/corpus/$t
		mkdir -p "$work"
		log=build-fuzz/fuzz-$t.log
		"build-fuzz/fuzz-$t" -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 \
			-max_len=8192 -print_final_stats=1 \
			-artifact_prefix="build-fuzz/findings/$t-" "$work" "fuzz/corpus/$t" >"$log" 2>&1
		rc=$?
		execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
		found=$(find build-fuzz/findings -name "$t-*" -newer "build-fuzz/fuzz-$t" | wc -l)
		echo "fuzz $t (libFuzzer): ${execs:-?} executions in ${secs} s," \
			"corpus $(ls "$work" | wc -l) + $(ls "fuzz/corpus/$t" | wc -l) inputs," \
			"$found findings"
		if [ "$rc" != 0 ] || [ "$found" != 0 ]; then
			status=1
			grep -E 'ERROR|invariant|SUMMARY|Test unit written' "$log" | head -n 8
		fi
	done
	;;
afl)
	for t in "$@"; do
		out=build-afl/out-$t
		rm -rf "$out"
		AFL_SKIP_CPUFREQ=1 AFL_NO_UI=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 \
			AFL_NO_AFFINITY=1 AFL_SKIP_CRASHES=1 \
			afl-fuzz -i "fuzz/corpus/$t" -o "$out" -V "$secs" -m none -t 5000 \
			-- "build-afl/fuzz-$t" >"build-afl/fuzz-$t.log" 2>&1
		stats=$out/default/fuzzer_stats
		execs=$(sed -n 's/^execs_done *: *//p' "$stats" 2>/dev/null)
		crashes=$(sed -n 's/^\(saved\|unique\)_crashes *: *//p' "$stats" 2>/dev/null | head -n 1)
		hangs=$(sed -n 's/^\(saved\|unique\)_hangs *: *//p' "$stats" 2>/dev/null | head -n 1)
		echo "fuzz $t (AFL++): ${execs:-?} executions in ${secs} s," \
			"${crashes:-?} crashes, ${hangs:-?} hangs"
		[ -f "$stats" ] || { status=1; tail -n 5 "build-afl/fuzz-$t.log"; }
		[ "${crashes:-0}" = 0 ] || status=1
	done
	;;
*)
	echo "run.sh: unknown engine '$engine' (libfuzzer or afl)" >&2
	exit 2
	;;
esac
exit "$status"
