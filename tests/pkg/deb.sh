#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# The Debian package on this machine, as a teacher installs it on a lab machine:
# `apt-get install ./fitplay_VERSION-1_ARCH.deb`, then the installed fitplay (stripped,
# with the licence in --version) opens its first screen in tmux and plays the
# installed walk-through key script, opens --lesson at its first chapter, `man fitplay` shows the page, bash completes
# `fitplay --opt` from the installed completion; then the package is purged and
# none of its files is left. Needs root (it installs for real) and a .deb built by
# `make deb`: without root it says so and stops with status 0, without touching
# anything; with fitplay already installed it refuses rather than remove it.
# Not a part of make check (the .deb takes minutes to build): .ci/run runs it.
# Usage: sh tests/pkg/deb.sh [DEB]   (default: build-deb/fitplay_*_*.deb)
set -u
cd "$(dirname "$0")/../.."
deb=${1:-$(ls build-deb/fitplay_*_*.deb 2>/dev/null | grep -v dbgsym | head -n 1)}
fails=0
fail() {
	echo "FAIL: $*"
	fails=$((fails + 1))
}
die() {
	echo "FAIL: $*"
	exit 1
}
if [ "$(id -u)" != 0 ]; then
	echo "deb: SKIPPED: not root (installing a package needs root; CI runs this as root)"
	exit 0
fi
[ -n "$deb" ] && [ -f "$deb" ] || die "no .deb (make deb writes build-deb/fitplay_*.deb)"
case "$deb" in /*) ;; *) deb="$(pwd)/$deb" ;; esac
if dpkg-query -W -f='${Status}' fitplay 2>/dev/null | grep -q 'install ok installed'; then
	die "fitplay is already installed here: not replacing it (apt-get purge fitplay first)"
fi
version=$(dpkg-deb -f "$deb" Version) || die "dpkg-deb -f $deb"
upstream=${version%-*}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/fitplay-deb.XXXXXX")
sock="fitplay-deb-$$"
T="tmux -L $sock -f /dev/null"
installed=0
cleanup() {
	$T kill-server 2>/dev/null
	if [ "$installed" = 1 ]; then
		DEBIAN_FRONTEND=noninteractive apt-get purge -y -qq fitplay >/dev/null 2>&1
	fi
	rm -rf "$tmp"
}
trap cleanup EXIT INT TERM

echo "== apt-get install $deb"
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$deb" \
	>"$tmp/apt.log" 2>&1 || { cat "$tmp/apt.log"; die "apt-get install failed"; }
installed=1
dpkg -L fitplay >"$tmp/files" || die "dpkg -L fitplay"
[ "$(command -v fitplay)" = /usr/bin/fitplay ] || fail "fitplay on PATH is '$(command -v fitplay)'"

# the binary: the version and the licence; stripped
fitplay --version >"$tmp/version" 2>&1 || fail "fitplay --version: exit $?"
[ "$(head -n 1 "$tmp/version")" = "fitplay $upstream" ] || fail "--version: $(head -n 1 "$tmp/version") (package $version)"
grep -q 'GPLv3+' "$tmp/version" || fail "--version names no licence: $(cat "$tmp/version")"
readelf -S /usr/bin/fitplay | grep -q '\.symtab' && fail "/usr/bin/fitplay is not stripped"
readelf -S /usr/bin/fitplay | grep -q '\.debug_info' && fail "/usr/bin/fitplay carries debug information"

# what it installs
for f in /usr/share/man/man1/fitplay.1.gz /usr/share/fitplay/lesson3.keys /usr/share/fitplay/walkthrough.keys \
	/usr/share/bash-completion/completions/fitplay /usr/share/zsh/vendor-completions/_fitplay \
	/usr/share/doc/fitplay/copyright /usr/share/doc/fitplay/NEWS.gz /usr/share/doc/fitplay/README.md.gz; do
	grep -qx "$f" "$tmp/files" || fail "the package lacks $f"
done

# man fitplay: the page of this version
MANWIDTH=80 MANPAGER=cat PAGER=cat man fitplay >"$tmp/man" 2>"$tmp/man.err" || fail "man fitplay: $(cat "$tmp/man.err")"
grep -q 'fit curves by hand and by gradient descent' "$tmp/man" || fail "man fitplay: no NAME line"
grep -q "fitplay $upstream" "$tmp/man" || fail "man fitplay: not the page of $upstream"

# bash completion from the installed file, loaded on demand as bash-completion does
got=$(bash --norc --noprofile -c '
	. /usr/share/bash-completion/bash_completion
	_completion_loader fitplay
	COMP_WORDS=(fitplay --opt); COMP_CWORD=1; COMP_LINE="fitplay --opt"; COMP_POINT=13
	_fitplay fitplay --opt fitplay
	printf "%s\n" "${COMPREPLY[@]}"' 2>&1)
[ "$got" = "--optim" ] || fail "installed bash completion: fitplay --opt<Tab> gives '$got'"

# the installed explorer in a terminal: its first screen, then the installed lesson
wait_for() { # TEXT: poll the pane until TEXT shows (20 s)
	end=$(($(date +%s) + 20))
	while ! $T capture-pane -p -t t | grep -qF -- "$1"; do
		[ "$(date +%s)" -ge "$end" ] && { $T capture-pane -p -t t; fail "'$1' did not show"; return 1; }
		sleep 0.1
	done
}
cd "$tmp" || die "cd $tmp"
$T new-session -d -s t -x 100 -y 30 "env LC_ALL=C.UTF-8 TERM=xterm-256color fitplay; echo exit=\$?; sleep 30" ||
	die "tmux new-session"
wait_for 'MSE 11.46' && wait_for 'MANUAL' && echo "ok    the explorer's first screen"
$T send-keys -t t q
wait_for 'exit=0'
$T kill-session -t t 2>/dev/null
$T new-session -d -s t -x 100 -y 30 "env LC_ALL=C.UTF-8 TERM=xterm-256color fitplay --keys /usr/share/fitplay/walkthrough.keys; echo exit=\$?; sleep 30" ||
	die "tmux new-session"
wait_for 'The data: 20 noisy points' && echo "ok    the installed walkthrough.keys plays"
$T send-keys -t t q
wait_for 'exit=0'
# lesson mode: the built-in lesson found in the installed data directory, at its
# first chapter, and the clicker's PgDn turns to the second
fitplay --help | grep -q -- '--lesson' || fail "the installed fitplay has no --lesson"
{
	$T kill-session -t t 2>/dev/null
	$T new-session -d -s t -x 100 -y 30 "env LC_ALL=C.UTF-8 TERM=xterm-256color fitplay --lesson; echo exit=\$?; sleep 30" ||
		die "tmux new-session"
	wait_for 'chapter 1/14 A quadratic by hand' && wait_for 'MSE 11.4648' &&
		echo "ok    fitplay --lesson opens at chapter 1"
	$T send-keys -t t NPage
	wait_for 'chapter 2/14 How wrong are we' && echo "ok    PgDn turns to chapter 2"
	$T send-keys -t t q
	wait_for 'exit=0'
}
$T kill-server 2>/dev/null
cd - >/dev/null || die "cd back"

echo "== apt-get purge fitplay"
DEBIAN_FRONTEND=noninteractive apt-get purge -y -qq fitplay >"$tmp/apt.log" 2>&1 ||
	{ cat "$tmp/apt.log"; die "apt-get purge failed"; }
installed=0
dpkg-query -W -f='${Status}' fitplay 2>/dev/null | grep -q 'installed' && fail "still installed after purge"
while read -r f; do
	[ -f "$f" ] && fail "left behind after purge: $f"
done <"$tmp/files"
[ -e /usr/bin/fitplay ] && fail "/usr/bin/fitplay left behind after purge"
[ -d /usr/share/fitplay ] && fail "left behind after purge: /usr/share/fitplay/"

if [ "$fails" -eq 0 ]; then
	echo "deb: all passed ($deb)"
	exit 0
fi
echo "deb: $fails check(s) failed"
exit 1
