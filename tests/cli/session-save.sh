#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# session-save.sh: saving a session never loses the old file. A write over the
# file-size limit (ulimit -f), a full disk (a 64 KiB tmpfs, as root), a read-only
# directory (the tmpfs remounted read-only) and a kill in the middle of a 30 MB save
# each leave the previous session byte for byte (after a kill: the old file or the
# complete new one, never a part), and the first three say why with exit status 1; the
# explorer's S says the error on its status line.
# Usage: sh tests/cli/session-save.sh ./fitplay
. "$(dirname "$0")/lib.inc"
cd "$tmp" || die "cd $tmp"
mkdir w && cd w || die "mkdir"
expect 0 "$bin" --batch --steps 2 --save s.fitplay || die "no first session"
cp s.fitplay ../old.copy
# kept WHAT: s.fitplay is still the previous one and no temporary is left.
kept() {
	cmp -s s.fitplay ../old.copy || fail "$1: the previous session was changed"
	left=$(ls -A | grep -v -x -F s.fitplay)
	[ -z "$left" ] || fail "$1: left behind: $left"
	return 0
}

# 1. the file-size limit: a session with its trace is over 1 block (512 or 1024 B)
expect 1 sh -c 'ulimit -f 1 && exec "$@" >/dev/null' sh "$bin" --batch --steps 50 --save s.fitplay
one_line "over the limit"
err_has "over the limit" "s.fitplay: file too large" -F
kept "over the limit"

# 2. the explorer: S to a name whose directory is missing, and over the limit
{ printf 'Space\nW\n'; printf 'n\no\n/\nx\nEnter\n'; } >../keys
expect 0 "$bin" --keys ../keys --dump ../screen --size 120x30
grep -q 'save: no: no such directory' ../screen || fail "W to a missing directory: $(sed -n 28p ../screen)"
grep -q 'saved ' ../screen && fail "the screen says saved"

# 3. a full disk and a read-only directory for real: a tmpfs, as root only
if [ "$(id -u)" = 0 ] && mkdir "$tmp/t" && mount -t tmpfs -o size=64k fitplay-test "$tmp/t" 2>/dev/null; then
	trap 'st=$?; cd / && umount "$tmp/t" 2>/dev/null; (exit $st); cl_cleanup' EXIT
	cp ../old.copy "$tmp/t/s.fitplay" && cd "$tmp/t" || die "cd $tmp/t"
	dd if=/dev/zero of=filler bs=4k 2>/dev/null
	expect 1 "$bin" --batch --steps 100 --save s.fitplay
	one_line "full disk"
	err_has "full disk" "s.fitplay: no space left on device" -F
	rm -f filler
	kept "full disk"
	printf 'g\nwait 5\ng\nS\n' >../keys
	dd if=/dev/zero of=filler bs=4k 2>/dev/null
	expect 0 "$bin" --keys ../keys --dump ../screen --size 120x30
	grep -q 'save: .*no space left on device' ../screen || fail "S on a full disk: $(sed -n 28p ../screen)"
	rm -f filler fitplay-*
	mount -o remount,ro "$tmp/t" || die "remount ro"
	expect 1 "$bin" --batch --steps 3 --save s.fitplay
	one_line "read-only"
	err_has "read-only" "cannot write there (read-only file system)" -F
	kept "read-only"
	cd "$tmp/w" && umount "$tmp/t"
else
	echo "(the tmpfs part needs root: not attempted)"
fi

# 4. killed in the middle: a big session (relus:200 after 2000 steps: its trace is
# about 24 MB of text) opened and saved again, SIGKILL at 10 moments: the old file,
# or the whole new one (it opens), never a part. A private directory left behind
# shows the kill came during the write.
"$bin" --batch --steps 2000 --model relus:200 --save ../big.fitplay >/dev/null 2>&1 || die "no big session"
i=0 during=0
while [ $i -lt 10 ]; do
	cp ../old.copy s.fitplay
	"$bin" --batch --steps 0 --save s.fitplay ../big.fitplay >/dev/null 2>&1 &
	pid=$!
	sleep "$(awk -v i=$i 'BEGIN { print i * 0.4 + 0.2 }')"
	kill -9 $pid 2>/dev/null
	wait $pid 2>/dev/null
	if ! cmp -s s.fitplay ../old.copy; then
		tail -1 s.fitplay | grep -qx 'end = fitplay-session' || fail "kill $i: a part of the new session is in place"
		"$bin" --batch --steps 0 s.fitplay >/dev/null 2>&1 || fail "kill $i: the new session does not open"
	fi
	ls -d .fitplay-* >/dev/null 2>&1 && during=$((during + 1))
	rm -rf .fitplay-*
	i=$((i + 1))
done
echo "killed during the write $during times of 10; the old session or a whole new one every time"
finish
