#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# export-failures.sh: every export failure is one clear line on stderr and exit status
# 1, with no partial or temporary file left: gnuplot missing from PATH, a fake gnuplot
# that exits 3, one that hangs (killed after FITPLAY_GNUPLOT_TIMEOUT, its process
# gone), an unwritable directory. A name that cannot work (a missing directory, a
# file used as a directory, a path that is a directory, an unknown extension) is
# bad input: exit status 2, before any work.
# Usage: tests/cli/export-failures.sh BIN   (from the repo root)
. "$(dirname "$0")/lib.inc"
mkdir "$tmp/w" "$tmp/tmp" "$tmp/fake3" "$tmp/hang" || die "mkdir"
export TMPDIR="$tmp/tmp"
cd "$tmp/w" || die "cd $tmp/w"
opts="--batch --model quad --steps 3"

# export_fails STATUS MESSAGE-PART OUTPUT [env assignments...]: run the export of
# OUTPUT; it fails with STATUS, one line holding MESSAGE-PART, and leaves no file.
export_fails() {
	want=$1 msg=$2 out=$3
	shift 3
	before=$fails
	# shellcheck disable=SC2086
	expect "$want" env "$@" "$bin" $opts --export "$out"
	err_has "$out" "$msg" -F
	one_line "$out"
	[ -e "$out" ] && [ ! -d "$out" ] && fail "$out: a file was left"
	ls -A | grep -q '^\.fitplay-' && fail "$out: temporary output left"
	[ -z "$(ls -A "$tmp/tmp")" ] || fail "$out: left in TMPDIR: $(ls -A "$tmp/tmp")"
	[ "$fails" = "$before" ] && echo "ok: $(cat "$tmp/err")"
	return 0
}

export_fails 1 "gnuplot not found: install gnuplot-nox" out.png PATH=/nonexistent-fitplay

printf '#!/bin/sh\necho "fake: line 1: something is wrong"\necho second\nexit 3\n' \
	>"$tmp/fake3/gnuplot"
chmod +x "$tmp/fake3/gnuplot"
export_fails 1 "gnuplot failed (exit status 3): fake: line 1: something is wrong / second" \
	out.svg PATH="$tmp/fake3"

printf '#!/bin/sh\necho $$ >"%s/pid"\nexec /bin/sleep 1000\n' "$tmp" >"$tmp/hang/gnuplot"
chmod +x "$tmp/hang/gnuplot"
start=$(date +%s)
export_fails 1 "gnuplot took longer than 1 s: killed" out.pdf PATH="$tmp/hang" \
	FITPLAY_GNUPLOT_TIMEOUT=1
end=$(date +%s)
pid=$(cat "$tmp/pid")
[ -n "$pid" ] || fail "the hanging gnuplot never started"
kill -0 "$pid" 2>/dev/null && fail "the hanging gnuplot ($pid) is still running"
echo "hang: gave up after about $((end - start)) s"

export_fails 2 "nodir: no such directory" nodir/out.png
touch afile
export_fails 2 "afile: not a directory" afile/out.png
mkdir adir.png
export_fails 2 "adir.png: is a directory" adir.png
export_fails 2 "unknown format" out.bmp
export_fails 2 "unknown format" noext
export_fails 2 "no file name" "$tmp/w/"
if [ "$(id -u)" != 0 ]; then
	mkdir ro && chmod 555 ro
	export_fails 1 "ro: cannot write there" ro/out.png
	chmod 755 ro
elif [ -d /sys ]; then
	export_fails 1 "/sys: cannot write there" /sys/fitplay-test.png
fi
finish
