#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Install the Debian packages fitplay needs to build, test and run, when missing.
# Usage: scripts/deps.sh [build|test|all|fuzz|deb]   (default: all; fuzz adds AFL++,
# deb what `make deb` and tests/pkg/deb.sh need: debhelper, lintian, man)
# Says what it installs; uses sudo when not root; does nothing when all is there.
set -eu
what=${1:-all}
build="make gcc pkg-config libncurses-dev libgsl-dev libopenblas-serial-dev liblapack-dev libjson-c-dev"
runtime="gnuplot-nox"
test="libcmocka-dev tmux valgrind clang clang-format libclang-rt-14-dev locales python3
	libsixel-bin bash-completion zsh groff-base mandoc git"
deb="debhelper dpkg-dev fakeroot lintian man-db"
case "$what" in
build) pkgs="$build $runtime" ;;
test | all) pkgs="$build $runtime $test" ;;
fuzz) pkgs="$build $runtime $test afl++" ;;
deb) pkgs="$build $deb" ;;
*) echo "deps.sh: unknown set '$what' (build, test, all, fuzz or deb)" >&2; exit 2 ;;
esac
missing=""
for p in $pkgs; do
	if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
		missing="$missing $p"
	fi
done
[ -z "$missing" ] && exit 0
if ! command -v apt-get >/dev/null 2>&1; then
	echo "deps.sh: missing packages:$missing (no apt-get here: install them by hand)" >&2
	exit 1
fi
sudo=""
if [ "$(id -u)" != 0 ]; then
	if command -v sudo >/dev/null 2>&1; then sudo=sudo; else
		echo "deps.sh: missing packages:$missing; run as root or install sudo" >&2
		exit 1
	fi
fi
echo "deps.sh: installing:$missing"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq >/dev/null
# shellcheck disable=SC2086
$sudo apt-get install -y -qq --no-install-recommends $missing >/dev/null
echo "deps.sh: installed:$missing"
