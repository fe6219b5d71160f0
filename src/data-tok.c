/* SPDX-License-Identifier: GPL-3.0-or-later */
/* data-tok.c: the one CSV tokenizer both readers share (x,y in data-csv.c, tables in
 * data-table.c): records split at LF, CRLF or a lone CR, RFC 4180 quotes unescaped in
 * place, a UTF-8 BOM skipped, UTF-16 and NUL bytes refused; and the one number parser
 * both use for cells, with the same refusals and the same words for them. */
#define _GNU_SOURCE
#include <errno.h>
#include <float.h>
#include <locale.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "data.h"
#include "util.h"

/* Length of the valid UTF-8 sequence at s (at most n bytes), or 0 if invalid. */
static size_t utf8_len(const unsigned char *s, size_t n)
{
	size_t k;
	unsigned min;
	unsigned c = s[0];
	if (c < 0x80)
		return 1;
	if (c >= 0xC2 && c <= 0xDF) {
		k = 2;
		min = 0x80;
	} else if (c >= 0xE0 && c <= 0xEF) {
		k = 3;
		min = 0x800;
	} else if (c >= 0xF0 && c <= 0xF4) {
		k = 4;
		min = 0x10000;
	} else {
		return 0;
	}
	if (n < k)
		return 0;
	unsigned v = c & (0x7F >> k);
	for (size_t i = 1; i < k; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0;
		v = (v << 6) | (s[i] & 0x3F);
	}
	if (v < min || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF))
		return 0;
	return k;
}

void csv_show(const char *s, size_t len, size_t show, char *buf, size_t cap)
{
	size_t j = 0, i = 0;
	while (i < len && i < show) {
		const unsigned char *u = (const unsigned char *)s + i;
		size_t k = utf8_len(u, len - i);
		if (k == 0 || (k == 1 && (u[0] < 32 || u[0] == 127)))
			k = 0;
		if (j + (k ? k : 1) + 4 > cap)
			break;
		if (k == 0) {
			buf[j++] = '?';
			i++;
		} else {
			memcpy(buf + j, u, k);
			j += k;
			i += k;
		}
	}
	if (i < len && j + 4 <= cap) {
		memcpy(buf + j, "...", 3);
		j += 3;
	}
	buf[j] = 0;
}

/* Where the first NUL byte is, as a message (line and column from `from`). */
static int nul_error(const struct csv_tok *t, size_t from, const char *nul, char *err)
{
	const char *b = t->buf, *q = b + from, *bol = q;
	size_t line = 1;
	while (q < nul) {
		if (*q == '\n' || *q == '\r') {
			if (*q == '\r' && q + 1 < nul && q[1] == '\n')
				q++;
			line++;
			bol = q + 1;
		}
		q++;
	}
	/* UTF-16 without a byte-order mark: ASCII text with every other byte zero. */
	size_t w = t->len - from < 64 ? t->len - from : 64;
	const char *b0 = b + from;
	int utf16 = w >= 4;
	for (size_t i = 0; utf16 && i + 1 < w; i += 2)
		utf16 = (b0[i] != 0 && b0[i + 1] == 0) || (b0[i] == 0 && b0[i + 1] != 0);
	return fp_err(err, FP_EINPUT,
		      "%s:%zu: contains a NUL byte at column %zu: not a text CSV file%s", t->name,
		      line, (size_t)(nul - bol) + 1,
		      utf16 ? " (UTF-16? save it as UTF-8)" : " (binary data?)");
}

int csv_tok_init(struct csv_tok *t, char *buf, size_t len, const char *name, char *err)
{
	memset(t, 0, sizeof *t);
	t->buf = buf;
	t->len = len;
	t->line = 1;
	t->name = name;
	if (len >= UINT32_MAX)
		return fp_err(err, FP_EINPUT, "%s: larger than 4 GiB", name);
	const unsigned char *u = (const unsigned char *)buf;
	if (len >= 2 && ((u[0] == 0xFF && u[1] == 0xFE) || (u[0] == 0xFE && u[1] == 0xFF)))
		return fp_err(err, FP_EINPUT,
			      "%s: looks like UTF-16 text (a byte-order mark); save it as UTF-8",
			      name);
	if (len >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0)
		t->pos = t->lstart = 3;
	const char *nul = memchr(buf + t->pos, 0, len - t->pos);
	if (nul)
		return nul_error(t, t->pos, nul, err);
	return FP_OK;
}

void csv_tok_done(struct csv_tok *t)
{
	fp_free(t->f);
	t->f = NULL;
	t->nf = t->fcap = 0;
}

static int push_field(struct csv_tok *t, size_t off, size_t len, size_t line, size_t col,
		      int quoted)
{
	if (t->nf == t->fcap) {
		size_t nc = t->fcap ? t->fcap * 2 : 64;
		struct csv_field *nf = fp_realloc(t->f, nc * sizeof *nf);
		if (!nf)
			return -1;
		t->f = nf;
		t->fcap = nc;
	}
	struct csv_field *f = &t->f[t->nf++];
	f->off = (uint32_t)off;
	f->len = (uint32_t)len;
	f->line = line;
	f->col = (uint32_t)col;
	f->quoted = quoted;
	t->buf[off + len] = 0;
	return 0;
}

/* A quoted field from the quote at b[*pp], unescaped in place; *pp ends after the
 * closing quote and the blanks after it. Returns FP_OK or an error status. */
static int quoted_field(struct csv_tok *t, size_t *pp, char *err)
{
	char *b = t->buf;
	size_t p = *pp, end = t->len, qline = t->line, qcol = p - t->lstart + 1;
	size_t start = p + 1, w = p + 1;
	for (p++;; p++) {
		if (p >= end)
			return fp_err(err, FP_EINPUT,
				      "%s:%zu:%zu: unterminated quote (the field opened here "
				      "never closes)",
				      t->name, qline, qcol);
		char ch = b[p];
		if (ch == '"') {
			if (p + 1 < end && b[p + 1] == '"') {
				b[w++] = '"';
				p++;
				continue;
			}
			break;
		}
		if (ch == '\n' || (ch == '\r' && !(p + 1 < end && b[p + 1] == '\n'))) {
			t->line++;
			t->lstart = p + 1;
		}
		b[w++] = ch;
	}
	/* p is at the closing quote; the text is [start, w), and w <= p */
	size_t after = p + 1;
	while (after < end && (b[after] == ' ' || b[after] == '\t'))
		after++;
	if (after < end && b[after] != ',' && b[after] != '\n' && b[after] != '\r')
		return fp_err(err, FP_EINPUT, "%s:%zu:%zu: text after a closing quote", t->name,
			      t->line, after - t->lstart + 1);
	if (push_field(t, start, w - start, qline, qcol, 1))
		return fp_err(err, FP_EFAIL, "%s: out of memory", t->name);
	*pp = after;
	return FP_OK;
}

int csv_tok_next(struct csv_tok *t, size_t *line0, char *err)
{
	char *b = t->buf;
	size_t end = t->len;
	for (;;) {
		if (t->pos >= end)
			return 0;
		*line0 = t->line;
		t->nf = 0;
		size_t p = t->pos;
		int blank = 1;
		for (;;) { /* one field */
			while (p < end && (b[p] == ' ' || b[p] == '\t'))
				p++;
			char delim;
			if (p < end && b[p] == '"') {
				int rc = quoted_field(t, &p, err);
				if (rc)
					return -rc;
				blank = 0;
				delim = p < end ? b[p] : 0;
			} else {
				size_t start = p;
				while (p < end && b[p] != ',' && b[p] != '\n' && b[p] != '\r')
					p++;
				size_t e = p;
				while (e > start && (b[e - 1] == ' ' || b[e - 1] == '\t'))
					e--;
				delim = p < end ? b[p] : 0;
				if (e > start || delim == ',')
					blank = 0;
				/* push_field writes a NUL at e, which may be the delimiter */
				if (push_field(t, start, e - start, t->line, start - t->lstart + 1,
					       0))
					return -fp_err(err, FP_EFAIL, "%s: out of memory", t->name);
			}
			if (delim == ',') {
				p++;
				continue;
			}
			if (delim == '\r' && p + 1 < end && b[p + 1] == '\n')
				p++;
			if (p < end) /* the line end */
				p++;
			t->line++;
			t->lstart = p;
			break;
		}
		t->pos = p;
		if (!blank)
			return 1;
	}
}

/* 1 when [s, s+len) is a decimal number in form: [+-] digits [. digits] [e [+-] digits],
 * whatever its size. */
static int number_syntax(const char *p, const char *end)
{
	if (p < end && (*p == '+' || *p == '-'))
		p++;
	size_t digits = 0;
	while (p < end && *p >= '0' && *p <= '9')
		p++, digits++;
	if (p < end && *p == '.') {
		p++;
		while (p < end && *p >= '0' && *p <= '9')
			p++, digits++;
	}
	if (!digits)
		return 0;
	if (p < end && (*p == 'e' || *p == 'E')) {
		p++;
		if (p < end && (*p == '+' || *p == '-'))
			p++;
		if (p >= end || *p < '0' || *p > '9')
			return 0;
		while (p < end && *p >= '0' && *p <= '9')
			p++;
	}
	return p == end;
}

int csv_number(const char *s, size_t len, double *out)
{
	static const double pow10[] = {1e0, 1e1, 1e2,  1e3,  1e4,  1e5,	 1e6,  1e7,
				       1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15};
	const char *p = s, *end = s + len;
	while (p < end && (*p == ' ' || *p == '\t'))
		p++;
	while (end > p && (end[-1] == ' ' || end[-1] == '\t'))
		end--;
	/* Short decimals exactly by Clinger's fast path (at most 15 digits: the integer
	 * and the power of ten are exact, one division rounds correctly). */
	const char *q = p;
	int neg = 0;
	if (q < end && (*q == '-' || *q == '+'))
		neg = *q++ == '-';
	unsigned long long m = 0;
	size_t digits = 0, frac = 0;
	int point = 0;
	for (; q < end; q++) {
		if (*q >= '0' && *q <= '9') {
			m = m * 10 + (unsigned long long)(*q - '0');
			digits++;
			frac += (size_t)point;
		} else if (*q == '.' && !point) {
			point = 1;
		} else {
			break;
		}
	}
	if (q == end && digits && digits <= 15) {
		double v = (double)m / pow10[frac];
		*out = neg ? -v : v;
		return CSV_NUM_OK;
	}
	size_t n = (size_t)(end - p);
	if (n == 0 || n > CSV_NUM_MAX || !number_syntax(p, end))
		return CSV_NUM_BAD;
	char tmp[CSV_NUM_MAX + 1];
	memcpy(tmp, p, n);
	tmp[n] = 0;
	static locale_t cloc;
	if (!cloc)
		cloc = newlocale(LC_ALL_MASK, "C", (locale_t)0);
	if (!cloc)
		return fp_parse_double_n(p, n, out) == 0 ? CSV_NUM_OK : CSV_NUM_BAD;
	char *e;
	errno = 0;
	double v = strtod_l(tmp, &e, cloc);
	if (e != tmp + n)
		return CSV_NUM_BAD;
	if (!isfinite(v))
		return CSV_NUM_RANGE;
	/* Below the smallest normal double (1e-400 read as 0, 1e-310 as a subnormal
	 * with few bits left): out of range too, never silently 0. */
	if (v != 0 ? fabs(v) < DBL_MIN : errno == ERANGE)
		return CSV_NUM_TINY;
	*out = v;
	return CSV_NUM_OK;
}

const char *csv_why_not_number(const char *s, size_t len)
{
	double v;
	switch (csv_number(s, len, &v)) {
	case CSV_NUM_OK:
		return "a number";
	case CSV_NUM_RANGE:
		return "out of range (too large for a double)";
	case CSV_NUM_TINY:
		return "out of range (not 0, but below 2.2e-308, the smallest normal double: "
		       "write 0, or scale the column)";
	default:
		break;
	}
	while (len && (*s == ' ' || *s == '\t'))
		s++, len--;
	while (len && (s[len - 1] == ' ' || s[len - 1] == '\t'))
		len--;
	if (len == 0)
		return "an empty cell";
	if (len > CSV_NUM_MAX)
		return number_syntax(s, s + len) ? "too long for a number (over 127 characters)"
						 : "not a number";
	char low[CSV_NUM_MAX + 1];
	for (size_t i = 0; i < len; i++)
		low[i] = (char)((s[i] >= 'A' && s[i] <= 'Z') ? s[i] + 32 : s[i]);
	low[len] = 0;
	const char *p = low;
	if (*p == '+' || *p == '-')
		p++;
	if (strncmp(p, "nan", 3) == 0 || strncmp(p, "inf", 3) == 0)
		return "not a finite number (nan and inf are not data)";
	if (strncmp(p, "0x", 2) == 0)
		return "not a number (hexadecimal is not read)";
	if (memchr(low, ',', len) && strspn(p, "0123456789,") == strlen(p))
		return "not a number (a decimal comma? write 1.5, not 1,5)";
	return "not a number";
}
