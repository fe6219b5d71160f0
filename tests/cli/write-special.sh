#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# A destination that is a device or a pipe is written into, never replaced: every
# file fitplay writes goes through a private directory and a rename (src/outfile.c),
# and a rename over /dev/null would put a regular file in its place (as root: the
# machine's /dev/null). Checked on a FIFO always, and on a character device made
# with mknod (the same as /dev/null) where that is allowed (root).
. "$(dirname "$0")/lib.inc"
cd "$tmp" || die "cd"

# kind PATH: "c" (character device), "p" (FIFO), "-" (regular) or "?" (none)
kind() { [ -e "$1" ] || [ -p "$1" ] || { echo '?'; return; }; ls -ld "$1" | cut -c1; }

# into_fifo NAME ARGS...: run fitplay writing to the FIFO NAME (read by cat into
# NAME.got); it must exit 0, leave NAME a FIFO and deliver what it wrote.
into_fifo() {
	name=$1
	shift
	rm -f "$name" "$name.got"
	mkfifo "$name" || die "mkfifo"
	timeout 20 cat "$name" >"$name.got" & # the old code replaced the FIFO: no writer came
	reader=$!
	"$bin" "$@" >/dev/null 2>"$tmp/err" || fail "fitplay $*: exit $? ($(cat "$tmp/err"))"
	wait "$reader"
	[ "$(kind "$name")" = p ] || fail "fitplay $*: $name is no longer a FIFO ($(kind "$name"))"
	[ -s "$name.got" ] || fail "fitplay $*: nothing came through $name"
}

into_fifo s.fitplay --batch --steps 2 --save s.fitplay
head -1 s.fitplay.got | grep -q '^fitplay-session 1$' || fail "--save into a FIFO: $(head -1 s.fitplay.got)"
: >empty.keys
into_fifo screen.txt --keys empty.keys --dump screen.txt
grep -q 'MSE 11.4648' screen.txt.got || fail "--dump into a FIFO: no screen"
into_fifo fit.gp --batch --steps 2 --export fit.gp
grep -q 'plot' fit.gp.got || fail "--export .gp into a FIFO: no script"
ls -a | grep -q '^\.fitplay-' && fail "a private directory was left: $(ls -a)"

if mknod null c 1 3 2>/dev/null; then
	for args in "--batch --steps 1 --save null" "--keys empty.keys --dump null"; do
		# shellcheck disable=SC2086
		"$bin" $args >/dev/null 2>"$tmp/err" || fail "fitplay $args: exit $? ($(cat "$tmp/err"))"
		[ "$(kind null)" = c ] || fail "fitplay $args: the device became '$(kind null)'"
		[ -e null ] || mknod null c 1 3
	done
	mknod dev.gp c 1 3 || die "mknod"
	"$bin" --batch --steps 1 --export dev.gp >/dev/null 2>"$tmp/err" || fail "--export dev.gp: $(cat "$tmp/err")"
	[ "$(kind dev.gp)" = c ] || fail "--export dev.gp: the device became '$(kind dev.gp)'"
else
	echo "note: mknod not allowed here (not root): the FIFO checks stand for the device"
fi
finish
