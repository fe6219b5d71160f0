# SPDX-License-Identifier: GPL-3.0-or-later
# tmux-abuse-keys.awk: a deterministic stream of random keyboard input for
# tests/tmux/abuse-keys.sh, as hex bytes for `tmux send-keys -H`, one key (or
# sequence) a line. Variables: seed (srand), n (lines). Mixes bound keys (e and E,
# a gnuplot export each, only as rare random printables), digits,
# control characters, known and random escape sequences (cursor, function keys,
# CSI with huge or truncated parameters, OSC, DCS, bracketed-paste markers), X10
# and SGR mouse reports, Alt-keys, UTF-8 (wide, combining) and invalid bytes.
# Never produced, anywhere in the stream: the bytes that would end or stop the
# test rather than abuse the explorer (^C INTR, ^Z SUSP, ^\ QUIT, ^Q/^S flow
# control, `q` and F10 = ESC [ 2 1 ~ which quit), `/` (so that a random export
# path typed after `E` stays inside the test's directory) and a backquote: the
# test uses `/` and the backquote as markers (unbound keys, "does nothing here").
# Usage: awk -v seed=1 -v n=1000 -f tests/tmux/abuse-keys.awk
function r(k) { return int(rand() * k) }
function pick(s) { return substr(s, r(length(s)) + 1, 1) }
function num(  k, s, i) {
	k = r(10)
	if (k == 0) return "99999999999999999999"
	if (k == 1) return ""
	s = ""
	for (i = 0; i < 1 + r(3); i++) s = s pick("0123456789")
	return s
}
# emit STRING: bytes as hex, through the filter
function emit(s,   i, c, b, out) {
	out = ""
	for (i = 1; i <= length(s); i++) {
		c = substr(s, i, 1)
		b = ord[c]
		if (b == 3 || b == 26 || b == 28 || b == 17 || b == 19)
			b = 7 # BEL instead
		else if (b == 113)
			b = 81 # q -> Q
		else if (b == 47 || b == 96)
			b = 92 # / and ` -> backslash
		# F10 (ESC [ 2 1 ~), also across lines: ~ after "[21" becomes }
		if (b == 126 && last3 == "[21")
			b = 125
		last3 = substr(last3 chr[b], length(last3 chr[b]) - 2)
		out = out sprintf("%s%02x", out == "" ? "" : " ", b)
	}
	print out
}
function utf8(cp) {
	if (cp < 128) return chr[cp]
	if (cp < 2048) return chr[192 + int(cp / 64)] chr[128 + cp % 64]
	if (cp < 65536) return chr[224 + int(cp / 4096)] chr[128 + int(cp / 64) % 64] chr[128 + cp % 64]
	return chr[240 + int(cp / 262144)] chr[128 + int(cp / 4096) % 64] chr[128 + int(cp / 64) % 64] chr[128 + cp % 64]
}
BEGIN {
	for (i = 0; i < 256; i++) {
		chr[i] = sprintf("%c", i)
		ord[chr[i]] = i
	}
	E = chr[27]
	srand(seed + 0)
	last3 = ""
	keys = " gjklhHL<>+-=uforntmaxvp[]bswGdcz?" chr[13] chr[9] # not e, E: exports are slow
	split("A B C D", arrows, " ")
	split("1~ 2~ 3~ 4~ 5~ 6~ 15~ 17~ 18~ 19~ 20~ 23~ 24~ H F Z", csis, " ")
	for (line = 0; line < n + 0; line++) {
		k = r(100)
		if (k < 30) emit(pick(keys))
		else if (k < 38) emit(pick("0123456789.-+,"))
		else if (k < 45) emit(chr[32 + r(95)])
		else if (k < 52) emit(chr[r(32)] ) # control characters, lone ESC, ^L, Tab, Enter
		else if (k < 54) emit(chr[127])
		else if (k < 64) emit(E (r(2) ? "[" : "O") arrows[1 + r(4)])
		else if (k < 67) emit(E "[1;" (2 + r(7)) arrows[1 + r(4)])
		else if (k < 72) emit(E "[" csis[1 + r(16)])
		else if (k < 74) emit(E "O" pick("PQRS"))
		else if (k < 78) { # random CSI: parameters, maybe intermediates, any final byte
			s = E "[" (r(4) ? "" : pick("<=>?")) num()
			for (j = r(4); j > 0; j--) s = s ";" num()
			if (r(5) == 0) s = s pick(" !\"#$%&'()*+,-.")
			emit(s chr[64 + r(63)])
		}
		else if (k < 81) emit(E "[M" chr[32 + r(96)] chr[33 + r(223)] chr[33 + r(223)])
		else if (k < 84) emit(E "[<" r(128) ";" r(300) ";" r(300) pick("Mm"))
		else if (k < 88) { # UTF-8: accented, wide, emoji, combining, C1, BOM
			split("233 21517 128512 769 8238 155 65279 10240 9472 8364 1114111", cps, " ")
			emit(utf8(cps[1 + r(11)] + 0))
		}
		else if (k < 91) emit(chr[128 + r(128)]) # a stray byte: invalid UTF-8
		else if (k < 93) emit(E chr[32 + r(95)]) # Alt-key
		else if (k < 95) emit(E "]0;" chr[33 + r(90)] chr[33 + r(90)] (r(2) ? chr[7] : E "\\"))
		else if (k < 96) emit(E "P" chr[33 + r(90)] E "\\")
		else if (k < 97) emit(E "[20" (r(2) ? "0" : "1") "~")
		else if (k < 98) emit(E pick("[O") (r(2) ? "1;" : ""))
		else emit(E E chr[33 + r(90)])
	}
}
