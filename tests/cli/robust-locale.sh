#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# robust-locale.sh: under LC_ALL=de_DE.UTF-8 (decimal comma) fitplay reads 1.5 as
# 1.5 in files, options and typed values, and writes '.' everywhere: the batch table,
# --info, an exported gnuplot script and a dumped screen are byte for byte the ones
# written under C.UTF-8. The German locale is built with localedef into a temporary
# LOCPATH when the system lacks it; skipped (with a message) when that is impossible.
# Usage: sh tests/cli/robust-locale.sh ./fitplay
. "$(dirname "$0")/lib.inc"

de=de_DE.UTF-8
if ! LC_ALL=$de /usr/bin/printf '%.1f' 1.5 2>/dev/null | grep -q '1,5'; then
	mkdir -p "$tmp/loc"
	if localedef -i de_DE -f UTF-8 "$tmp/loc/$de" >/dev/null 2>&1; then
		export LOCPATH="$tmp/loc"
	fi
fi
if ! LC_ALL=$de /usr/bin/printf '%.1f' 1.5 2>/dev/null | grep -q '1,5'; then
	echo "skip: no $de locale and localedef cannot build one (install 'locales')"
	exit 0
fi

printf 'x,y\n1.5,2.25\n-0.5,0.75\n2.5,7.125\n-1.25,3.5\n' >"$tmp/data.csv"
printf 'l l\nEnter\ntype 1.5\nEnter\nSpace Space\nL\ntype 0.05\nEnter\nSpace\n' >"$tmp/keys"
# run LOCALE NAME ARGS...: in $tmp/LOCALE/, stdout to NAME.out, status to NAME.st
run() {
	loc=$1 name=$2
	shift 2
	mkdir -p "$tmp/$loc"
	(cd "$tmp/$loc" && LC_ALL=$loc timeout 30 "$bin" "$@" >"$name.out" 2>"$name.err"
	 echo $? >"$name.st")
}
for loc in C.UTF-8 $de; do
	run "$loc" info --info ../data.csv
	run "$loc" batch --batch --steps 5 --lr 0.05 --init 1.5,-0.5,0.25 ../data.csv
	run "$loc" gen --batch --steps 3 --true 1.5,2.5,-0.5 --noise 0.5,0.25 --xrange -1.5,1.5
	run "$loc" notebook --batch --log notebook --steps 4 ../data.csv
	run "$loc" export --batch --steps 2 --export plot.gp ../data.csv
	run "$loc" dump --keys ../keys --dump screen.txt ../data.csv
done
for name in info batch gen notebook export dump; do
	[ "$(cat "$tmp/C.UTF-8/$name.st")" = "$(cat "$tmp/$de/$name.st")" ] ||
		fail "$name: exit $(cat "$tmp/C.UTF-8/$name.st") in C.UTF-8, $(cat "$tmp/$de/$name.st") in $de: $(cat "$tmp/$de/$name.err")"
	cmp -s "$tmp/C.UTF-8/$name.out" "$tmp/$de/$name.out" || fail "$name: stdout differs under $de"
done
for st in info batch gen notebook; do
	[ "$(cat "$tmp/C.UTF-8/$st.st")" = 0 ] || fail "$st: exit $(cat "$tmp/C.UTF-8/$st.st"): $(cat "$tmp/C.UTF-8/$st.err")"
done
grep -q '^n: 4$' "$tmp/$de/info.out" || fail "info under $de: $(head -3 "$tmp/$de/info.out")"
for f in plot.gp screen.txt; do
	if [ -f "$tmp/C.UTF-8/$f" ]; then
		cmp -s "$tmp/C.UTF-8/$f" "$tmp/$de/$f" || fail "$f differs under $de: $(diff "$tmp/C.UTF-8/$f" "$tmp/$de/$f" | head -5)"
	fi
done
for f in plot.gp screen.txt; do
	[ -f "$tmp/$de/$f" ] || fail "$f not written under $de"
done
finish
