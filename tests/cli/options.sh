#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# cli-options.sh: option errors say what is wrong, on one line, with exit status 2
# and nothing on stdout: a value given to an option that takes none (--batch=1 once
# printed "unknown option '-" cut at a NUL), an ambiguous abbreviation (the options
# it could mean, listed), an unknown option (named), a missing value (the option and
# its value's name); abbreviations that are unique still work, --preset's too.
. "$(dirname "$0")/lib.inc"

# refuse MESSAGE ARG...: fitplay ARG... exits 2 with exactly MESSAGE on stderr.
refuse() {
	cl_msg=$1
	shift
	expect 2 "$bin" "$@" || return 0
	refused "$*" "fitplay: $cl_msg" -x -F
}

refuse "option '--batch' takes no value" --batch=1
refuse "option '--ascii' takes no value" --ascii=yes
refuse "option '--help' takes no value" --help=x
refuse "option '--no-constant' takes no value" --table x.csv --no-constant=1
refuse "option '--batch' takes no value" --batc=1 # a unique abbreviation, named in full
refuse "option '--s' is ambiguous: --seed, --steps, --solve, --save, --show, --session, --size" --s 3
refuse "option '--s' is ambiguous: --seed, --steps, --solve, --save, --show, --session, --size" --s=3
refuse "option '--e' is ambiguous: --every, --export, --export-deck" --batch --e 2
refuse "option '--no' is ambiguous: --no-constant, --noise, --no-mouse" --no
refuse "unknown option '--frobnicate' (try --help)" --frobnicate
refuse "unknown option '--frob' (try --help)" --frob=2
refuse "unknown option '-x' (try --help)" -x
refuse "option '--lr' needs a value (X)" --batch --lr
refuse "option '--steps' needs a value (N)" --batch --steps
refuse "option '--range' needs a value ([NAME=]LO,HI)" --range
refuse "option '--size' needs a value (WxH)" --size

# Unique abbreviations and --name=value still work.
expect 0 "$bin" --batch --steps 2 --lr 0.02 --points 5
cp "$tmp/out" "$tmp/full"
expect 0 "$bin" --bat --ste=2 --lr=0.02 --poi 5
cmp -s "$tmp/out" "$tmp/full" || fail "abbreviations read differently"
# --preset abbreviated is applied first like --preset (it was ignored)
expect 0 "$bin" --batch --steps 2 --preset relu
cp "$tmp/out" "$tmp/full"
expect 0 "$bin" --batch --steps 2 --pres relu
cmp -s "$tmp/out" "$tmp/full" || fail "--pres relu: not the relu preset: $(head -1 "$tmp/out")"
expect 0 "$bin" --batch --steps 2 --pre=relu
cmp -s "$tmp/out" "$tmp/full" || fail "--pre=relu: not the relu preset: $(head -1 "$tmp/out")"

# Every long option of the table in --help and in the man page (test-options checks
# the table itself; here, what a user reads).
man=$(sed 's/\\-/-/g; s/\\f[BIRP]//g' "$here/../man/fitplay.1")
expect 0 "$bin" --help
for o in $(grep -o -E -- '--[a-z][a-z0-9-]+' "$tmp/out" | sort -u); do
	echo "$man" | grep -q -- "$o" || fail "$o is in --help but not in man/fitplay.1"
done
finish
