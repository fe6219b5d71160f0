/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fuzz-quote.c: fuzz target for gnuplot_quote, the one function every string takes
 * into a gnuplot script. Invariants: the output is "..." holding only the bytes
 * [A-Za-z0-9 ._-] and \ooo escapes, no octal digit right after an escape (gnuplot
 * would read it as part of the escape), its length is gnuplot_quoted_len, decoding
 * gives the input back, and a buffer one byte short is refused with "" in it. */
#include <string.h>

#include "gnuplot.h"

#include "fuzz.h"

static int fuzz_quote_plain(unsigned char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
	       c == ' ' || c == '.' || c == '_' || c == '-';
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);
	FUZZ_CHECK(s != NULL);
	memcpy(s, data, size);
	s[size] = 0; /* the string is what comes before the first NUL */
	size_t slen = strlen(s);
	size_t need = gnuplot_quoted_len(s);
	FUZZ_CHECK(need >= slen + 2 && need <= 4 * slen + 2);
	char *q = malloc(need + 1);
	FUZZ_CHECK(q != NULL);
	FUZZ_CHECK(gnuplot_quote(s, q, need + 1) == 0);
	FUZZ_CHECK(strlen(q) == need);
	FUZZ_CHECK(q[0] == '"' && q[need - 1] == '"');
	/* decode as gnuplot does, checking every byte on the way */
	char *back = malloc(slen + 1);
	FUZZ_CHECK(back != NULL);
	size_t n = 0;
	int after_escape = 0;
	for (size_t i = 1; i + 1 < need;) {
		unsigned char c = (unsigned char)q[i];
		if (c == '\\') {
			FUZZ_CHECK(i + 4 < need);
			for (int k = 1; k <= 3; k++)
				FUZZ_CHECK(q[i + k] >= '0' && q[i + k] <= '7');
			unsigned v = (unsigned)(q[i + 1] - '0') * 64 +
				     (unsigned)(q[i + 2] - '0') * 8 + (unsigned)(q[i + 3] - '0');
			FUZZ_CHECK(v >= 1 && v <= 255);
			FUZZ_CHECK(n < slen);
			back[n++] = (char)v;
			i += 4;
			after_escape = 1;
		} else {
			FUZZ_CHECK(fuzz_quote_plain(c));
			FUZZ_CHECK(!(after_escape && c >= '0' && c <= '7'));
			FUZZ_CHECK(n < slen);
			back[n++] = (char)c;
			i++;
			after_escape = 0;
		}
	}
	FUZZ_CHECK(n == slen && memcmp(back, s, slen) == 0);
	/* a buffer one byte short: refused, and it holds "" */
	memset(q, 'Z', need);
	FUZZ_CHECK(gnuplot_quote(s, q, need) == -1 && q[0] == 0);
	FUZZ_CHECK(gnuplot_quote(s, q, 0) == -1);
	free(back);
	free(q);
	free(s);
	return 0;
}
