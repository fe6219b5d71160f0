#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# session-hostile.sh: session files that must be refused, each with exit status 2, one
# line on stderr naming FILE:LINE (or FILE) and what is wrong, nothing on stdout and
# nothing run: a newer version, an unknown key, bad numbers, inf and nan, a truncated
# file, a repeated key, a wrong count of coefficients, a missing or changed data file, a
# line too long, NUL bytes, binary junk, an empty file, a directory, an unreadable file,
# a missing key, coefficients that do not give the saved loss.
# Usage: sh tests/cli/session-hostile.sh ./fitplay
. "$(dirname "$0")/lib.inc"
cd "$tmp" || die "cd $tmp"
expect 0 "$bin" --batch --steps 3 --optim adam --save good.fitplay || die "no session saved"
printf 'x,y\n0,1\n1,3\n2,2\n' >pts.csv
expect 0 "$bin" --batch --steps 2 --data pts.csv --save file.fitplay || die "no file session"

# bad NAME PATTERN: NAME.fitplay (made before) is refused with PATTERN, in batch and
# in the explorer's headless mode alike.
bad() {
	expect 2 "$bin" --batch "$1.fitplay" && refused "$1" "$2"
	expect 2 "$bin" --keys /dev/null --dump - --session "$1.fitplay" && refused "$1 (explorer)" "$2"
}
# edit NAME SED: NAME.fitplay from good.fitplay through sed.
edit() { sed "$2" good.fitplay >"$1.fitplay"; }

edit newer '1s/.*/fitplay-session 2/'
bad newer '^fitplay: newer.fitplay:1: written by a newer fitplay (session version 2; this one reads version 1)$'
edit unknown '/^lr = /a\
colour = blue'
bad unknown "^fitplay: unknown.fitplay:[0-9]*: unknown key 'colour'"
edit badnum 's/^lr = .*/lr = 0.0x1/'
bad badnum "^fitplay: badnum.fitplay:[0-9]*: lr: '0.0x1' is not a finite number$"
edit inf 's/^theta = \([^ ]*\) /theta = inf /'
bad inf "^fitplay: inf.fitplay:[0-9]*: theta: 'inf' is not a finite number$"
edit nan 's/^optim.state = \([^ ]*\) /optim.state = nan /'
bad nan "^fitplay: nan.fitplay:[0-9]*: optim.state: 'nan' is not a finite number$"
edit huge 's/^lr = .*/lr = 1e999/'
bad huge "^fitplay: huge.fitplay:[0-9]*: lr: '1e999' is not a finite number$"
head -c 600 good.fitplay >cut.fitplay
bad cut '^fitplay: cut.fitplay:[0-9]*: truncated'
sed '$d' good.fitplay >noend.fitplay
bad noend "^fitplay: noend.fitplay:[0-9]*: truncated: no 'end = fitplay-session' line"
edit twice '/^lr = /p'
bad twice "^fitplay: twice.fitplay:[0-9]*: 'lr' given twice (first on line [0-9]*)$"
edit count 's/^\(theta0* = [^ ]* [^ ]*\) [^ ]*$/\1/; /^trace = /d; /^acc = /d; /^optim.state = /d'
bad count '^fitplay: count.fitplay:[0-9]*: theta has 2 values, quad needs 3$'
edit count2 's/^\(theta = [^ ]* [^ ]*\) [^ ]*$/\1/; /^trace = /d'
bad count2 '^fitplay: count2.fitplay:[0-9]*: theta0 has 3 values, theta 2: they must be as many$'
edit nomodel '/^model = /d'
bad nomodel "^fitplay: nomodel.fitplay: the key 'model' is missing$"
edit moved 's/^\(theta = [^ ]*\)[0-9] /\10 /'
bad moved '^fitplay: moved.fitplay:[0-9]*: loss_value: the loss at theta is .* here, the session says .*: the data or the model is not the one saved$'
edit ostate 's/^\(optim.state = [^ ]* [^ ]*\) .*$/\1/'
bad ostate '^fitplay: ostate.fitplay:[0-9]*: optim.state has 2 values, adam needs 6$'
edit escape 's/^preset = .*/preset = a\\q/'
bad escape '^fitplay: escape.fitplay:[0-9]*: preset: a bad escape'
# the data file: gone, changed
cp file.fitplay gone.fitplay
sed "s|^data.file = .*|data.file = $tmp/nowhere.csv|" file.fitplay >gone.fitplay
bad gone "^fitplay: gone.fitplay:[0-9]*: data.file: .*nowhere.csv: No such file or directory$"
cp file.fitplay changed.fitplay
printf '3,5\n' >>pts.csv
bad changed '^fitplay: changed.fitplay:[0-9]*: data.file: .*pts.csv changed since the session was saved'
# bytes that are not a session
{ echo 'fitplay-session 1'; printf 'lr = '; head -c 4200000 /dev/zero | tr '\0' 1; echo; } >long.fitplay
bad long '^fitplay: long.fitplay:2: line longer than 4194304 bytes$'
{ head -3 good.fitplay; printf 'lr = 0.\0001\n'; tail -n +4 good.fitplay; } >nul.fitplay
bad nul '^fitplay: nul.fitplay:4: contains a NUL byte'
head -c 3000 /bin/sh | tr -d '\000' >junk.fitplay
bad junk '^fitplay: junk.fitplay:1: not a fitplay session'
head -c 3000 /bin/sh >elf.fitplay
bad elf '^fitplay: elf.fitplay:1: contains a NUL byte: not a text file$'
: >empty.fitplay
bad empty '^fitplay: empty.fitplay: empty file, not a fitplay session$'
printf 'x,y\n1,2\n' >csv.fitplay
bad csv "^fitplay: csv.fitplay:1: not a fitplay session (the first line is not 'fitplay-session 1')$"
mkdir dir.fitplay
bad dir '^fitplay: dir.fitplay: is a directory, not a session file$'
expect 2 "$bin" --batch missing.fitplay && refused missing '^fitplay: missing.fitplay: No such file or directory$'
# unreadable: as a user who cannot read it (root reads everything)
cp good.fitplay secret.fitplay
chmod 000 secret.fitplay
if [ "$(id -u)" = 0 ]; then
	command -v setpriv >/dev/null 2>&1 || die "no setpriv to try an unreadable file as another user"
	chmod 755 "$tmp"
	cp "$bin" fp && chmod 755 fp
	timeout "$limit" setpriv --reuid=nobody --regid=nogroup --clear-groups ./fp --batch secret.fitplay \
		>"$tmp/out" 2>"$tmp/err"
	[ $? = 2 ] && refused unreadable '^fitplay: secret.fitplay: Permission denied$' || fail "unreadable: $(cat "$tmp/err")"
else
	expect 2 "$bin" --batch secret.fitplay && refused unreadable '^fitplay: secret.fitplay: Permission denied$'
fi
# the good ones still open
expect 0 "$bin" --batch --steps 1 good.fitplay
two_sessions() { expect 2 "$bin" --batch good.fitplay --session good.fitplay && refused "two sessions" "two sessions given"; }
two_sessions
finish
