#!/bin/sh
# export-failures.sh: every export failure is one clear line on stderr and exit status
# 1, with no partial or temporary file left: gnuplot missing from PATH, a fake gnuplot
# that exits 3, one that hangs (killed after FITPLAY_GNUPLOT_TIMEOUT, its process
# gone), a missing directory, a file used as a directory, an unwritable directory,
# a path that is a directory, an unknown extension.
# Usage: tests/export-failures.sh BIN   (from the repo root)
set -u
bin=$1
t=$(mktemp -d "${TMPDIR:-/tmp}/fitplay-exx.XXXXXX")
trap 'rm -rf "$t"' EXIT
fail() {
	echo "FAIL: $*"
	exit 1
}
mkdir "$t/w" "$t/tmp" "$t/fake3" "$t/hang"
export TMPDIR="$t/tmp"
cd "$t/w" || exit 1
opts="--batch --model quad --steps 3"

# expect STATUS MESSAGE-PART OUTPUT [env assignments...]: run the export of OUTPUT.
expect() {
	want=$1 msg=$2 out=$3
	shift 3
	env "$@" "$bin" $opts --export "$out" >/dev/null 2>"$t/err"
	rc=$?
	[ "$rc" -eq "$want" ] || fail "$out: exit $rc, want $want ($(cat "$t/err"))"
	grep -qF -- "$msg" "$t/err" || fail "$out: message '$(cat "$t/err")' lacks '$msg'"
	[ "$(wc -l <"$t/err")" -eq 1 ] || fail "$out: more than one line: $(cat "$t/err")"
	[ -e "$out" ] && [ ! -d "$out" ] && fail "$out: a file was left"
	ls -A | grep -q '^\.fitplay-' && fail "$out: temporary output left"
	[ -z "$(ls -A "$t/tmp")" ] || fail "$out: left in TMPDIR: $(ls -A "$t/tmp")"
	echo "ok: $(cat "$t/err")"
}

expect 1 "gnuplot not found: install gnuplot-nox" out.png PATH=/nonexistent-fitplay

printf '#!/bin/sh\necho "fake: line 1: something is wrong"\necho second\nexit 3\n' \
	>"$t/fake3/gnuplot"
chmod +x "$t/fake3/gnuplot"
expect 1 "gnuplot failed (exit status 3): fake: line 1: something is wrong / second" \
	out.svg PATH="$t/fake3"

printf '#!/bin/sh\necho $$ >"%s/pid"\nexec /bin/sleep 1000\n' "$t" >"$t/hang/gnuplot"
chmod +x "$t/hang/gnuplot"
start=$(date +%s)
expect 1 "gnuplot took longer than 1 s: killed" out.pdf PATH="$t/hang" \
	FITPLAY_GNUPLOT_TIMEOUT=1
end=$(date +%s)
pid=$(cat "$t/pid")
kill -0 "$pid" 2>/dev/null && fail "the hanging gnuplot ($pid) is still running"
echo "hang: gave up after about $((end - start)) s"

expect 1 "nodir: no such directory" nodir/out.png
touch afile
expect 1 "afile: not a directory" afile/out.png
mkdir adir.png
expect 1 "adir.png: is a directory" adir.png
expect 1 "unknown format" out.bmp
expect 1 "unknown format" noext
expect 1 "no file name" "$t/w/"
if [ "$(id -u)" != 0 ]; then
	mkdir ro && chmod 555 ro
	expect 1 "ro: cannot write there" ro/out.png
	chmod 755 ro
elif [ -d /sys ]; then
	expect 1 "/sys: cannot write there" /sys/fitplay-test.png
fi
exit 0
