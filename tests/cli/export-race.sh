#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# export-race.sh: in a directory everyone may write (mode 0777, no sticky bit), no
# other user can make an export write anywhere else. gnuplot is a fake that says
# where it was told to write (the script's `set output`, its working directory, that
# directory's mode) and then plays the other user: it swaps whatever it can reach
# from the shared directory for a symlink to a victim file (the output name itself
# if it sits in the shared directory; else the private directory, renamed away and
# replaced by one holding the symlink), and only then writes, by the name it was
# given, as gnuplot does. The output must be inside a 0700 directory fitplay made
# (not a predictable name in the shared one), the victim unchanged, the export the
# fake's picture. Then, with the real gnuplot: symlinks to the victim planted at
# every fixed name fitplay uses (out.*, plot.gp, gnuplot.log, dump.txt) in the
# shared directory, TMPDIR and the working directory, and at the destination
# itself, change nothing but the destination (a regular file now).
# Usage: tests/cli/export-race.sh BIN   (from the repo root)
. "$(dirname "$0")/lib.inc"
command -v gnuplot >/dev/null 2>&1 || die "gnuplot is not installed (scripts/deps.sh)"
mkdir "$tmp/pub" "$tmp/tmp" "$tmp/fake" "$tmp/w" || die "mkdir"
chmod 0777 "$tmp/pub" || die "chmod"
export TMPDIR="$tmp/tmp"
pub=$(cd "$tmp/pub" && pwd -P)
printf 'SECRET: a file only its owner may write\n' >"$tmp/victim"
chmod 600 "$tmp/victim"
cp "$tmp/victim" "$tmp/victim.copy"
# The smallest PNG the completeness check takes: the signature and an IEND chunk.
printf '\211PNG\r\n\032\n\000\000\000\000IEND\256B`\202' >"$tmp/tiny.png"
cd "$tmp/w" || die "cd $tmp/w"
opts="--batch --preset lesson3 --model quad --steps 5"

cat >"$tmp/fake/gnuplot" <<'EOF'
#!/bin/sh
q=$(sed -n 's/^set output "\(.*\)"$/\1/p' "$2" | head -n 1)
out=$(printf '%b' "$q")
case $out in /*) abs=$out ;; *) abs=$(pwd -P)/$out ;; esac
d=$(dirname "$abs")
mode=$(stat -c %a "$d")
printf '%s\n%s\n%s\n' "$out" "$d" "$mode" >"$FAKE_LOG"
if [ "$FAKE_ATTACK" = 1 ]; then
	if [ "$mode" = 777 ]; then
		rm -f "$abs" && ln -s "$FAKE_VICTIM" "$abs"
	else
		mv "$d" "$d.moved" && mkdir "$d" && ln -s "$FAKE_VICTIM" "$abs"
	fi
fi
cat "$FAKE_PNG" >"$out"
EOF
chmod +x "$tmp/fake/gnuplot"
fake() {
	expect "$1" env PATH="$tmp/fake:$PATH" FAKE_LOG="$tmp/log" FAKE_ATTACK="$2" \
		FAKE_VICTIM="$tmp/victim" FAKE_PNG="$tmp/tiny.png" "$bin" $opts --export "$pub/fit.png"
}

# 1. Where gnuplot writes: a relative name in its working directory, a 0700
# directory fitplay made in the destination's directory (it was empty before),
# removed afterwards.
[ -z "$(ls -A "$pub")" ] || die "the shared directory is not empty"
fake 0 0
out=$(sed -n 1p "$tmp/log") d=$(sed -n 2p "$tmp/log") mode=$(sed -n 3p "$tmp/log")
echo "gnuplot was told to write '$out' in $d (mode $mode)"
case $out in */*) fail "gnuplot got a path, not a name in its private directory: $out" ;; esac
[ "$mode" = 700 ] || fail "gnuplot's output directory has mode $mode, not 700"
[ "$(dirname "$d")" = "$pub" ] || fail "the private directory $d is not beside the destination"
case $(basename "$d") in .fitplay-??????) ;; *) fail "unexpected private directory $d" ;; esac
cmp -s "$pub/fit.png" "$tmp/tiny.png" || fail "fit.png is not gnuplot's picture"
[ "$(ls -A "$pub")" = fit.png ] || fail "left in the shared directory: $(ls -A "$pub")"
[ -z "$(ls -A "$tmp/tmp")" ] || fail "left in TMPDIR: $(ls -A "$tmp/tmp")"
rm -f "$pub/fit.png"

# 2. The other user's swap while gnuplot starts.
fake 0 1
cmp -s "$tmp/victim" "$tmp/victim.copy" || fail "the swap made the export overwrite the victim"
[ -L "$pub/fit.png" ] && fail "fit.png is the other user's symlink"
cmp -s "$pub/fit.png" "$tmp/tiny.png" || fail "fit.png is not gnuplot's picture after the swap"
moved=$(ls -d "$pub"/.fitplay-*.moved 2>/dev/null)
[ -n "$moved" ] && [ -n "$(ls -A "$moved")" ] && fail "our moved directory still holds: $(ls -A "$moved")"
echo "after the swap: $(ls -A "$pub" | tr '\n' ' ')"
chmod -R u+rwx "$pub" && rm -rf "$pub"/.fitplay-* "$pub/fit.png"

# 3. Symlinks at every fixed name, and at the destination, with the real gnuplot.
for dir in "$pub" "$tmp/tmp" "$tmp/w"; do
	for n in out.png out.gp out.svg plot.gp gnuplot.log dump.txt; do
		ln -s "$tmp/victim" "$dir/$n"
	done
done
for e in png gp; do
	ln -s "$tmp/victim" "$pub/fit.$e"
	expect 0 "$bin" $opts --export "$pub/fit.$e"
	[ -L "$pub/fit.$e" ] && fail "$e: the destination is still the symlink"
	[ -f "$pub/fit.$e" ] || fail "$e: no file written"
done
head -c 8 "$pub/fit.png" | od -An -c | grep -q 'P   N   G' || fail "fit.png is no PNG"
ln -s "$tmp/victim" "$pub/screen.txt"
printf 'Space\n' >"$tmp/keys"
expect 0 "$bin" --preset lesson3 --keys "$tmp/keys" --dump "$pub/screen.txt"
[ -L "$pub/screen.txt" ] && fail "--dump: the destination is still the symlink"
grep -q MANUAL "$pub/screen.txt" || fail "--dump wrote no screen"
cmp -s "$tmp/victim" "$tmp/victim.copy" || fail "a planted symlink made fitplay write the victim"
ls -A "$pub" | grep -q '^\.fitplay-' && fail "a private directory was left: $(ls -A "$pub")"
finish
