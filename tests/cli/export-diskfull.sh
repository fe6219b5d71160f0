#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# export-diskfull.sh: a write that fails part way (a full disk, the file-size limit,
# gnuplot exiting 0 after writing half a file) never looks like success and never
# harms the file already there. For every format (export_formats) and for
# --dump: exit status 1, one line naming the file and why ("file too large",
# "gnuplot wrote an incomplete PNG (no IEND)", ...), the previous file byte for
# byte, no temporary left (ls -A), nothing left in TMPDIR. The same in the
# explorer: e says the error, not "exported". As root, the same on a full 256 KiB
# tmpfs ("no space left on device"); without root that part is not attempted (the
# others always run).
# Usage: tests/cli/export-diskfull.sh BIN   (from the repo root)
. "$(dirname "$0")/lib.inc"
command -v gnuplot >/dev/null 2>&1 || die "gnuplot is not installed (scripts/deps.sh)"
mkdir "$tmp/w" "$tmp/tmp" "$tmp/good" "$tmp/fake" || die "mkdir"
export TMPDIR="$tmp/tmp"
opts="--batch --preset lesson3 --model quad --steps 20"
formats=$(export_formats)

# Complete files of every format from the real gnuplot: the fake's material.
for e in $formats; do
	(cd "$tmp/good" && "$bin" $opts --export "good.$e" >/dev/null 2>&1) ||
		die "the real export of good.$e failed"
done
cd "$tmp/w" || die "cd $tmp/w"

# A fake gnuplot: writes the first half of $FAKE_SRC to the name the script's
# `set output` gives (gnuplot's octal escapes decoded), then exits 0.
cat >"$tmp/fake/gnuplot" <<'EOF'
#!/bin/sh
q=$(sed -n 's/^set output "\(.*\)"$/\1/p' "$2" | head -n 1)
out=$(printf '%b' "$q")
n=$(($(wc -c <"$FAKE_SRC") / 2))
head -c "$n" "$FAKE_SRC" >"$out"
exit 0
EOF
chmod +x "$tmp/fake/gnuplot"

# old NAME: a previous file NAME with known bytes, and its copy to compare with.
old() {
	printf 'the previous %s, which must survive\n' "$1" >"$1"
	cp "$1" "$tmp/old.copy"
}
# kept NAME WHAT: NAME is still the previous file, and no temporary is left.
kept() {
	cmp -s "$1" "$tmp/old.copy" || fail "$2: the previous $1 was changed"
	left=$(ls -A | grep -v -x -F "$1")
	[ -z "$left" ] || fail "$2: left behind: $left"
	[ -z "$(ls -A "$tmp/tmp")" ] || fail "$2: left in TMPDIR: $(ls -A "$tmp/tmp")"
	rm -f "$1"
	return 0
}

# 1. gnuplot exits 0 after writing half the file (every format gnuplot writes; the
# script is our own write, checked in 2).
for e in $formats; do
	case $e in
	png) why="incomplete PNG (no IEND)" ;;
	svg) why="incomplete SVG (no </svg>)" ;;
	pdf) why="incomplete PDF (no %%EOF)" ;;
	gif) why="incomplete GIF (no trailer)" ;;
	txt) why="incomplete text plot (cut short)" ;;
	gp) continue ;;
	*)
		fail ".$e: no check of a half-written file"
		continue
		;;
	esac
	old "fit.$e"
	expect 1 env PATH="$tmp/fake:$PATH" FAKE_SRC="$tmp/good/good.$e" \
		"$bin" $opts --export "fit.$e"
	one_line "half a $e"
	err_has "half a $e" "fit.$e: gnuplot wrote an $why" -F
	kept "fit.$e" "half a $e"
	echo "half a $e: $(cat "$tmp/err")"
done

# 2. The file-size limit (ulimit -f, in blocks of 512 or 1024 bytes by shell): gnuplot
# or fitplay's own writes (the .gp script, --dump) go over it. (The table on stdout
# goes to /dev/null: under the limit it is a file like any other.)
for e in $formats dump; do
	case $e in
	gp) blocks=2 ;;	   # the script is about 3 KB
	dump) blocks=1 ;;  # the screen about 4 KB
	txt) blocks=4 ;;   # its script (about 3 KB) or the text (4.8 KB)
	*) blocks=12 ;;	   # more than the script, less than the picture
	esac
	if [ $e = dump ]; then
		old fit.txt
		printf 'Space\n' >"$tmp/keys"
		expect 1 sh -c 'ulimit -f "$1" && shift && exec "$@" >/dev/null' sh "$blocks" \
			"$bin" --preset lesson3 --keys "$tmp/keys" --dump fit.txt
		one_line "--dump over the limit"
		err_has "--dump over the limit" "--dump fit.txt: file too large" -F
		kept fit.txt "--dump over the limit"
	else
		old "fit.$e"
		expect 1 sh -c 'ulimit -f "$1" && shift && exec "$@" >/dev/null' sh "$blocks" \
			"$bin" $opts --export "fit.$e"
		one_line "$e over the limit"
		err_has "$e over the limit" "file too large" -F
		kept "fit.$e" "$e over the limit"
	fi
	echo "$e over the limit: $(cat "$tmp/err")"
done

# 3. The explorer's e (key scripts export in-line): the error, never "exported".
rm -f fit.*
printf 'e\n' >"$tmp/keys"
expect 0 env PATH="$tmp/fake:$PATH" FAKE_SRC="$tmp/good/good.png" \
	"$bin" --preset lesson3 --keys "$tmp/keys" --dump "$tmp/screen.txt"
grep -q "incomplete PNG (no IEND)" "$tmp/screen.txt" ||
	fail "e: the screen does not say the PNG was incomplete: $(grep -i export "$tmp/screen.txt")"
grep -q "exported" "$tmp/screen.txt" && fail "e: the screen says exported"
[ -z "$(ls -A)" ] || fail "e: left behind: $(ls -A)"

# 4. A full disk for real: a 256 KiB tmpfs, as root only (not attempted otherwise).
if [ "$(id -u)" = 0 ] && command -v mount >/dev/null 2>&1 && mkdir "$tmp/t" &&
	mount -t tmpfs -o size=256k fitplay-test "$tmp/t" 2>/dev/null; then
	# unmounted however the test ends, before lib.inc removes $tmp
	trap 'st=$?; cd / && umount "$tmp/t" 2>/dev/null; (exit $st); cl_cleanup' EXIT
	cd "$tmp/t" || die "cd $tmp/t"
	for e in $formats; do
		old "fit.$e"
		dd if=/dev/zero of=filler bs=4k 2>/dev/null
		# room for the script and part of the picture: gnuplot stops half way
		case $e in png | gif) truncate -s -40K filler ;; svg) truncate -s -24K filler ;;
		pdf) truncate -s -12K filler ;; esac
		expect 1 "$bin" $opts --export "fit.$e"
		one_line "$e on a full disk"
		err_has "$e on a full disk" "fit.$e: no space left on device" -F
		rm -f filler
		kept "fit.$e" "$e on a full disk"
		echo "$e on a full disk: $(cat "$tmp/err")"
	done
	old fit.txt
	dd if=/dev/zero of=filler bs=4k 2>/dev/null
	printf 'Space\n' >"$tmp/keys"
	expect 1 "$bin" --preset lesson3 --keys "$tmp/keys" --dump fit.txt
	err_has "--dump on a full disk" "--dump fit.txt: no space left on device" -F
	rm -f filler
	kept fit.txt "--dump on a full disk"
	cd "$tmp" && umount "$tmp/t"
else
	echo "(the tmpfs part needs root: not attempted)"
fi
finish
