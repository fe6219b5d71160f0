#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# export-lab.sh: --export works beside --info (the start), --solve (the solved fit)
# and --lr-sweep (final loss against rate, log scales, each rate's verdict): each
# writes a real file, checked for its format (PNG signature through IEND, SVG that
# parses as XML, PDF from %PDF- to %%EOF, 48 rows of text, a .gp that gnuplot runs,
# a GIF through its trailer) while the usual output is still printed. A name that
# cannot work is refused with exit status 2 before any work (nothing printed);
# the sweep refuses .gif, naming the formats that work.
# Usage: tests/cli/export-lab.sh BIN   (from the repo root)
. "$(dirname "$0")/lib.inc"
command -v gnuplot >/dev/null 2>&1 || die "gnuplot is not installed (scripts/deps.sh)"
command -v python3 >/dev/null 2>&1 || die "python3 is needed to check the files"
mkdir "$tmp/w" "$tmp/tmp" || die "mkdir"
export TMPDIR="$tmp/tmp"
cd "$tmp/w" || die "cd $tmp/w"
base="--preset lesson3 --model quad"


# 1. --info --export: the start state, as --info describes it.
formats=$(export_formats)
for e in $formats; do
	expect 0 "$bin" $base --info --export "info.$e"
	[ "$(key loss_kind)" = mse ] || fail "--info --export $e: the info lines are missing"
	export_valid "info.$e"
done
grep -q ' model, step 0, ' info.gp || fail "--info --export: not the start (step 0)"
expect 0 "$bin" $base --info
start=$(key params)
a=${start%%,*}
grep -q "^model(x) = .*$a" info.gp || fail "--info --export: the model is not at the start ($start)"

# 2. --solve --export: the solved fit.
for e in $formats; do
	expect 0 "$bin" $base --solve --export "solve.$e"
	[ "$(key status)" = converged ] || fail "--solve --export $e: no solver output"
	export_valid "solve.$e"
done
params=$(key params)
a=${params%%,*}
grep -q "^model(x) = .*$a" solve.gp || fail "--solve --export: not the solved fit ($params)"
echo "solved: $params"

# 3. --lr-sweep --export: the chart in every format that draws one picture; the
# others (an animation: .gif) refused before any work, naming exactly the ones that work.
took="" refused_all="" named=""
for e in $formats; do
	if timeout "$limit" "$bin" $base --lr-sweep 1e-4,1,9 --steps 100 --export "sweep.$e" \
		>"$tmp/out" 2>"$tmp/err" </dev/null; then
		took="$took .$e"
		[ "$(head -n 1 "$tmp/out")" = "lr	final_loss	verdict" ] || fail "--lr-sweep --export $e: no table"
		export_valid "sweep.$e"
	else
		refused_all="$refused_all .$e"
		refused "--lr-sweep --export .$e" "sweep.$e: the sweep is one picture, not an animation: use " -F
		[ -e "sweep.$e" ] && fail "sweep.$e was written"
		named=$(sed -n 's/.*not an animation: use \(.*\)$/ \1/p' "$tmp/err" | sed 's/ or / /')
	fi
done
[ -z "$refused_all" ] || [ "$named" = "$took" ] ||
	fail "the sweep's refusal names '$named', not the formats that work: '$took'"
case "$refused_all " in *" .gif "*) ;; *) fail "the sweep took .gif (refused:$refused_all)" ;; esac
[ -n "$took" ] || fail "the sweep took no format"
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
ls -A | grep -q '^\.fitplay-' && fail "a temporary was left: $(ls -A)"
[ -z "$(ls -A "$tmp/tmp")" ] || fail "left in TMPDIR: $(ls -A "$tmp/tmp")"
finish
