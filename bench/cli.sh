#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# cli.sh: whole-program figures through the command line. Prints, never fails.
bin=${1:-./fitplay}
t0=$(date +%s.%N)
"$bin" --batch --steps 20000000 --every 20000000 >/dev/null
t1=$(date +%s.%N)
echo "fitplay --batch --steps 20000000 --every 20000000: $(echo "$t0 $t1" | awk '{printf "%.2f s, %.1f million steps/s", $2-$1, 20/($2-$1)}')"
tmp=$(mktemp -d)
awk 'BEGIN { srand(1); print "x,y"; for (i = 0; i < 1000000; i++) printf "%.17g,%.17g\n", -2 + 4*i/999999, rand()*10 }' >"$tmp/big.csv"
t0=$(date +%s.%N)
"$bin" --batch --steps 0 "$tmp/big.csv" >/dev/null
t1=$(date +%s.%N)
echo "load 1000000 CSV rows ($(du -h "$tmp/big.csv" | cut -f1)) + closed forms: $(echo "$t0 $t1" | awk '{printf "%.3f s", $2-$1}')"
rm -rf "$tmp"
