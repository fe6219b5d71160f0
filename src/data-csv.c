/* data-csv.c: x,y data from a CSV file or stdin, with messages that name the file,
 * line and column of every problem. Numbers are parsed in the C locale. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <locale.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "data.h"
#include "util.h"

#define CSV_FIELDS_KEPT 3   /* fields of a record remembered (x, y, the first extra) */
#define CSV_CELL_SHOW 24    /* bytes of a bad cell quoted in a message */
#define CSV_NAME_SHOW 200   /* bytes of a file name quoted in a message */
#define CSV_NUM_MAX 127     /* longest cell read as a number (fp_parse_double_n) */
#define CSV_READ_CHUNK 65536 /* first read buffer for a stream */

void data_free(struct data *d)
{
	if (d->names)
		for (size_t i = 0; i < d->d; i++)
			fp_free(d->names[i]);
	fp_free(d->names);
	fp_free(d->x);
	fp_free(d->xt);
	fp_free(d->y);
	fp_free(d->source);
	memset(d, 0, sizeof *d);
}

const double *data_columns(const struct data *d)
{
	return d->xt ? d->xt : d->d == 1 ? d->x : NULL;
}

int data_make_columns(struct data *d, char *err)
{
	if (d->xt || d->d <= 1 || d->n == 0)
		return FP_OK;
	double *xt = fp_malloc(d->n * d->d * sizeof *xt);
	if (!xt)
		return fp_err(err, FP_EFAIL, "out of memory for %zu rows x %zu inputs by column",
			      d->n, d->d);
	/* In blocks of rows, so that both sides stay in cache. */
	const size_t blk = 64;
	for (size_t i0 = 0; i0 < d->n; i0 += blk) {
		size_t i1 = d->n - i0 < blk ? d->n : i0 + blk;
		for (size_t j = 0; j < d->d; j++)
			for (size_t i = i0; i < i1; i++)
				xt[j * d->n + i] = d->x[i * d->d + j];
	}
	d->xt = xt;
	return FP_OK;
}

static char *dupstr(const char *s)
{
	size_t n = strlen(s) + 1;
	char *p = fp_malloc(n);
	if (p)
		memcpy(p, s, n);
	return p;
}

int data_copy(struct data *dst, const struct data *src, char *err)
{
	memset(dst, 0, sizeof *dst);
	*dst = *src;
	dst->x = fp_malloc(src->n * src->d * sizeof(double));
	dst->xt = src->xt ? fp_malloc(src->n * src->d * sizeof(double)) : NULL;
	dst->y = fp_malloc(src->n * sizeof(double));
	dst->source = src->source ? dupstr(src->source) : NULL;
	dst->names = NULL;
	if (src->names) {
		dst->names = fp_calloc(src->d, sizeof(char *));
		for (size_t i = 0; dst->names && i < src->d; i++)
			if (!(dst->names[i] = dupstr(src->names[i]))) {
				dst->d = i;
				goto fail;
			}
	}
	if (!dst->x || !dst->y || (src->xt && !dst->xt) || (src->source && !dst->source) || (src->names && !dst->names))
		goto fail;
	memcpy(dst->x, src->x, src->n * src->d * sizeof(double));
	if (src->xt)
		memcpy(dst->xt, src->xt, src->n * src->d * sizeof(double));
	memcpy(dst->y, src->y, src->n * sizeof(double));
	return FP_OK;
fail:
	data_free(dst);
	return fp_err(err, FP_EFAIL, "out of memory copying %zu points", src->n);
}

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

/* Make text printable on one line for a message: at most `show` bytes of s[0..len),
 * control bytes and invalid UTF-8 as '?', "..." when cut. Always NUL-terminates. */
static void show_text(const char *s, size_t len, size_t show, char *buf, size_t cap)
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

/* A limit lowered by the environment (FITPLAY_CSV_MAX_BYTES, for tests), never raised. */
static size_t csv_max_bytes(void)
{
	const char *e = getenv("FITPLAY_CSV_MAX_BYTES");
	size_t v;
	if (e && fp_parse_size(e, DATA_CSV_MAX_BYTES, &v) == 0 && v > 0)
		return v;
	return DATA_CSV_MAX_BYTES;
}

/* "1024 MiB" or "1000 bytes". */
static void show_size(size_t n, char *buf, size_t cap)
{
	if (n >= ((size_t)1 << 20) && n % ((size_t)1 << 20) == 0)
		snprintf(buf, cap, "%zu MiB", n >> 20);
	else
		snprintf(buf, cap, "%zu bytes", n);
}

struct field {
	const char *s; /* start of the text (inside the quotes when quoted) */
	size_t len;    /* its length */
	size_t line;   /* line of its first byte, from 1 */
	int quoted;    /* 1 when written in double quotes */
};

/* The reader's position: a cursor, its line and where that line starts. */
struct csv {
	const char *p, *end; /* cursor and end of the buffer */
	const char *bol;     /* first byte of the current line */
	size_t line;         /* current line, from 1 */
	const char *name;    /* file name as shown in messages */
	char *err;           /* message buffer */
};

static size_t col_of(const struct csv *c, const char *at)
{
	return (size_t)(at - c->bol) + 1;
}

/* Step over a line end at c->p (LF, CRLF or a lone CR); 1 if there was one. */
static int eat_eol(struct csv *c)
{
	if (c->p < c->end && (*c->p == '\n' || *c->p == '\r')) {
		if (*c->p == '\r' && c->p + 1 < c->end && c->p[1] == '\n')
			c->p++;
		c->p++;
		c->line++;
		c->bol = c->p;
		return 1;
	}
	return 0;
}

/* Read one record (RFC 4180: quoted fields may hold commas, "" and line ends) into
 * f[0..CSV_FIELDS_KEPT), its field count into *nf. Returns FP_OK or FP_EINPUT with
 * the message in c->err; the cursor ends after the record's line end. */
static int read_record(struct csv *c, struct field *f, size_t *nf)
{
	*nf = 0;
	for (;;) {
		const char *q = c->p;
		while (q < c->end && (*q == ' ' || *q == '\t'))
			q++;
		struct field cur = {q, 0, c->line, 0};
		if (q < c->end && *q == '"') {
			size_t oline = c->line, ocol = col_of(c, q);
			cur.quoted = 1;
			cur.s = q + 1;
			const char *r = q + 1;
			for (;;) {
				if (r >= c->end)
					return fp_err(c->err, FP_EINPUT,
						      "%s:%zu:%zu: unterminated quote (the field "
						      "opened here never closes)",
						      c->name, oline, ocol);
				if (*r == '"') {
					if (r + 1 < c->end && r[1] == '"') {
						r += 2;
						continue;
					}
					break;
				}
				if (*r == '\n' || (*r == '\r' && !(r + 1 < c->end && r[1] == '\n'))) {
					c->line++;
					c->bol = r + 1;
				}
				r++;
			}
			cur.len = (size_t)(r - cur.s);
			c->p = r + 1;
			while (c->p < c->end && (*c->p == ' ' || *c->p == '\t'))
				c->p++;
			if (c->p < c->end && *c->p != ',' && *c->p != '\n' && *c->p != '\r')
				return fp_err(c->err, FP_EINPUT,
					      "%s:%zu:%zu: text after a closing quote", c->name,
					      c->line, col_of(c, c->p));
		} else {
			const char *r = q;
			while (r < c->end && *r != ',' && *r != '\n' && *r != '\r') {
				if (*r == ';')
					return fp_err(c->err, FP_EINPUT,
						      "%s:%zu: semicolons found at column %zu: "
						      "fitplay reads comma-separated x,y with '.' as "
						      "the decimal point (1.5, not 1,5)",
						      c->name, c->line, col_of(c, r));
				r++;
			}
			while (r > q && (r[-1] == ' ' || r[-1] == '\t'))
				r--;
			cur.len = (size_t)(r - q);
			c->p = r;
			while (c->p < c->end && *c->p != ',' && *c->p != '\n' && *c->p != '\r')
				c->p++;
		}
		if (*nf < CSV_FIELDS_KEPT)
			f[*nf] = cur;
		(*nf)++;
		if (c->p < c->end && *c->p == ',') {
			c->p++;
			continue;
		}
		eat_eol(c);
		return FP_OK;
	}
}

/* 1 when [s, s+len) is a decimal number in form: [+-] digits [. digits] [e [+-] digits]
 * (blanks around allowed), whatever its size. */
static int number_syntax(const char *s, size_t len)
{
	const char *p = s, *end = s + len;
	while (p < end && (*p == ' ' || *p == '\t'))
		p++;
	while (end > p && (end[-1] == ' ' || end[-1] == '\t'))
		end--;
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

/* A cell as a number, as fp_parse_double_n reads it (finite, plain decimal, C locale),
 * faster: short decimals exactly by Clinger's fast path (at most 15 digits, so the
 * integer and the power of ten are exact and one division rounds correctly), the
 * rest by strtod in place when a delimiter follows the cell. Returns 0 or -1. */
static int cell_number(const char *s, size_t len, const char *bufend, double *out)
{
	static const double pow10[] = {1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7,
				       1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15};
	const char *p = s, *end = s + len;
	while (p < end && (*p == ' ' || *p == '\t'))
		p++;
	while (end > p && (end[-1] == ' ' || end[-1] == '\t'))
		end--;
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
		return 0;
	}
	size_t n = (size_t)(end - p);
	if (end >= bufend || n == 0 || n > CSV_NUM_MAX)
		return fp_parse_double_n(s, len, out);
	for (q = p; q < end; q++)
		if (!((*q >= '0' && *q <= '9') || *q == '.' || *q == '-' || *q == '+' ||
		      *q == 'e' || *q == 'E'))
			return -1;
	/* *end is a delimiter (, " blank CR LF), which no number extends into */
	static locale_t cloc;
	if (!cloc)
		cloc = newlocale(LC_ALL_MASK, "C", (locale_t)0);
	if (!cloc)
		return fp_parse_double_n(s, len, out);
	char *e;
	errno = 0;
	double v = strtod_l(p, &e, cloc);
	if (e != end)
		return -1;
	if (!isfinite(v) || (errno == ERANGE && fabs(v) > 1))
		return -1;
	*out = v;
	return 0;
}

/* Why a cell fp_parse_double_n refused is not a number, in words. */
static const char *why_not_number(const char *s, size_t len)
{
	while (len && (*s == ' ' || *s == '\t'))
		s++, len--;
	while (len && (s[len - 1] == ' ' || s[len - 1] == '\t'))
		len--;
	if (len == 0)
		return "an empty cell";
	if (len > CSV_NUM_MAX)
		return number_syntax(s, len) ? "too long for a number (over 127 characters)"
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
	if (number_syntax(s, len))
		return "out of range (too large for a double)";
	if (strncmp(p, "0x", 2) == 0)
		return "not a number (hexadecimal is not read)";
	if (memchr(low, ',', len) && strspn(p, "0123456789,") == strlen(p))
		return "not a number (a decimal comma? write 1.5, not 1,5)";
	return "not a number";
}

/* Where the first NUL byte is, as a message. */
static int nul_error(struct csv *c, const char *nul)
{
	struct csv at = *c;
	for (const char *q = at.p; q < nul;) {
		at.p = q;
		if (eat_eol(&at))
			q = at.p;
		else
			q++;
	}
	c->line = at.line;
	c->bol = at.bol;
	/* UTF-16 without a byte-order mark: ASCII text with every other byte zero. */
	size_t w = (size_t)(c->end - c->p) < 64 ? (size_t)(c->end - c->p) : 64;
	const char *b0 = c->p;
	c->p = nul;
	int utf16 = w >= 4;
	for (size_t i = 0; utf16 && i + 1 < w; i += 2)
		utf16 = (b0[i] != 0 && b0[i + 1] == 0) || (b0[i] == 0 && b0[i + 1] != 0);
	return fp_err(c->err, FP_EINPUT, "%s:%zu: contains a NUL byte at column %zu: not a text CSV file%s", c->name,
		      c->line, col_of(c, nul),
		      utf16 ? " (UTF-16? save it as UTF-8)" : " (binary data?)");
}

int data_csv_parse(const char *buf, size_t len, const char *name, struct data *out, char *err)
{
	memset(out, 0, sizeof *out);
	char shown[CSV_NAME_SHOW + 8];
	show_text(name, strlen(name), CSV_NAME_SHOW, shown, sizeof shown);
	struct csv c = {buf, buf + len, buf, 1, shown, err};
	if (len >= 2 && (((unsigned char)buf[0] == 0xFF && (unsigned char)buf[1] == 0xFE) ||
			 ((unsigned char)buf[0] == 0xFE && (unsigned char)buf[1] == 0xFF)))
		return fp_err(err, FP_EINPUT, "%s: looks like UTF-16 text (a byte-order mark); save it "
			      "as UTF-8", shown);
	if (len >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0)
		c.p = c.bol = buf + 3;
	const char *nul = len ? memchr(c.p, 0, (size_t)(c.end - c.p)) : NULL;
	if (nul)
		return nul_error(&c, nul);
	size_t cap = 0, n = 0;
	int header = 0, rc = FP_OK;
	double *xs = NULL, *ys = NULL;
	while (c.p < c.end) {
		/* Blank lines (only spaces and tabs) are skipped. */
		const char *q = c.p;
		while (q < c.end && (*q == ' ' || *q == '\t'))
			q++;
		if (q >= c.end)
			break;
		if (*q == '\n' || *q == '\r') {
			c.p = q;
			eat_eol(&c);
			continue;
		}
		struct field f[CSV_FIELDS_KEPT];
		size_t nf;
		size_t line = c.line;
		rc = read_record(&c, f, &nf);
		if (rc)
			goto fail;
		if (nf != 2) {
			rc = fp_err(err, FP_EINPUT, "%s:%zu: %zu column%s where 2 (x,y) were "
				    "expected%s", shown, line, nf, nf == 1 ? "" : "s",
				    nf == 4 ? " (decimal commas? write 1.5, not 1,5)" : "");
			goto fail;
		}
		double v[2];
		int ok[2];
		for (int i = 0; i < 2; i++)
			ok[i] = cell_number(f[i].s, f[i].len, c.end, &v[i]) == 0;
		if (!ok[0] || !ok[1]) {
			if (n == 0 && !header && !ok[0] && !ok[1]) {
				header = 1; /* a header: two names, not numbers */
				continue;
			}
			int i = ok[0] ? 1 : 0;
			char cell[CSV_CELL_SHOW * 4 + 8];
			show_text(f[i].s, f[i].len, CSV_CELL_SHOW, cell, sizeof cell);
			rc = fp_err(err, FP_EINPUT, "%s:%zu: column %d (%s): '%s' is %s", shown,
				    f[i].line, i + 1, i ? "y" : "x", cell,
				    why_not_number(f[i].s, f[i].len));
			goto fail;
		}
		if (n == cap) {
			size_t nc = cap ? cap * 2 : 1024;
			double *nx = fp_realloc(xs, nc * sizeof *xs);
			if (!nx) {
				rc = fp_err(err, FP_EFAIL, "%s:%zu: out of memory", shown, line);
				goto fail;
			}
			xs = nx;
			double *ny = fp_realloc(ys, nc * sizeof *ys);
			if (!ny) {
				rc = fp_err(err, FP_EFAIL, "%s:%zu: out of memory", shown, line);
				goto fail;
			}
			ys = ny;
			cap = nc;
		}
		xs[n] = v[0];
		ys[n] = v[1];
		n++;
	}
	if (n == 0) {
		rc = fp_err(err, FP_EINPUT, "%s: %s", shown,
			    header ? "header only, no data rows" : "empty file, no data rows");
		goto fail;
	}
	out->source = dupstr(name);
	if (!out->source) {
		rc = fp_err(err, FP_EFAIL, "%s: out of memory", shown);
		goto fail;
	}
	out->x = xs;
	out->y = ys;
	out->n = n;
	out->d = 1;
	out->xlo = out->xhi = xs[0];
	for (size_t i = 1; i < n; i++) {
		if (xs[i] < out->xlo)
			out->xlo = xs[i];
		if (xs[i] > out->xhi)
			out->xhi = xs[i];
	}
	return FP_OK;
fail:
	fp_free(xs);
	fp_free(ys);
	memset(out, 0, sizeof *out);
	return rc;
}

int data_file_read(const char *path, char **bufp, size_t *lenp, char *err)
{
	*bufp = NULL;
	*lenp = 0;
	int is_stdin = strcmp(path, "-") == 0;
	char shown[CSV_NAME_SHOW + 8], lim[32];
	show_text(is_stdin ? "stdin" : path, is_stdin ? 5 : strlen(path), CSV_NAME_SHOW, shown,
		  sizeof shown);
	size_t limit = csv_max_bytes();
	show_size(limit, lim, sizeof lim);
	/* Non-blocking open: a FIFO with no writer must not hang us. */
	int fd = is_stdin ? 0 : open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
	if (fd < 0)
		return fp_err(err, FP_EINPUT, "%s: %s", shown, strerror(errno));
	struct stat st;
	int fifo = 0;
	size_t cap = CSV_READ_CHUNK;
	if (fstat(fd, &st) == 0) {
		if (S_ISDIR(st.st_mode)) {
			if (!is_stdin)
				close(fd);
			return fp_err(err, FP_EINPUT, "%s: is a directory, not a CSV file", shown);
		}
		if (S_ISREG(st.st_mode) && st.st_size > 0 && (unsigned long long)st.st_size > limit) {
			if (!is_stdin)
				close(fd);
			return fp_err(err, FP_EINPUT, "%s: %lld bytes, over the limit of %s", shown,
				      (long long)st.st_size, lim);
		}
		if (S_ISREG(st.st_mode) && st.st_size > 0)
			cap = (size_t)st.st_size + 1; /* +1: see EOF without growing */
		fifo = S_ISFIFO(st.st_mode);
	}
	if (!is_stdin) {
		int fl = fcntl(fd, F_GETFL);
		if (fl >= 0)
			fcntl(fd, F_SETFL, fl & ~O_NONBLOCK);
	}
	size_t len = 0;
	char *buf = fp_malloc(cap);
	int rc = FP_OK;
	if (!buf) {
		rc = fp_err(err, FP_EFAIL, "%s: out of memory", shown);
		goto done;
	}
	for (;;) {
		if (len == cap) {
			if (len > limit) {
				rc = fp_err(err, FP_EINPUT, "%s: more than the limit of %s", shown,
					    lim);
				goto done;
			}
			size_t nc = cap * 2 > limit + 1 ? limit + 1 : cap * 2;
			if (nc <= cap)
				nc = cap + 1;
			char *nb = fp_realloc(buf, nc);
			if (!nb) {
				rc = fp_err(err, FP_EFAIL, "%s: out of memory after %zu bytes", shown,
					    len);
				goto done;
			}
			buf = nb;
			cap = nc;
		}
		ssize_t r = read(fd, buf + len, cap - len);
		if (r < 0) {
			if (errno == EINTR)
				continue;
			rc = fp_err(err, FP_EINPUT, "%s: %s", shown, strerror(errno));
			goto done;
		}
		if (r == 0)
			break;
		/* Binary input (/dev/zero, a picture): stop at the first NUL, the parser
		 * reports where it is. */
		int has_nul = memchr(buf + len, 0, (size_t)r) != NULL;
		len += (size_t)r;
		if (has_nul)
			break;
	}
	if (len > limit) {
		rc = fp_err(err, FP_EINPUT, "%s: more than the limit of %s", shown, lim);
		goto done;
	}
	if (len == 0 && fifo) {
		rc = fp_err(err, FP_EINPUT, "%s: no data (a pipe with nothing writing to it)", shown);
		goto done;
	}
	*bufp = buf;
	*lenp = len;
	buf = NULL;
done:
	fp_free(buf);
	if (!is_stdin)
		close(fd);
	return rc;
}

int data_csv_load(const char *path, struct data *out, char *err)
{
	memset(out, 0, sizeof *out);
	char *buf;
	size_t len;
	int rc = data_file_read(path, &buf, &len, err);
	if (rc)
		return rc;
	rc = data_csv_parse(buf, len, strcmp(path, "-") == 0 ? "stdin" : path, out, err);
	fp_free(buf);
	return rc;
}
