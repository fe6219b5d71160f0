/* data-csv.c: x,y data from a CSV file or stdin, with messages that name the file,
 * line and column of every problem. Numbers are parsed in the C locale. */
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "data.h"
#include "util.h"

#define CSV_MAX_FIELDS 2
#define CSV_FIELD_SHOW 24 /* characters of a bad cell quoted in a message */

void data_free(struct data *d)
{
	if (d->names)
		for (size_t i = 0; i < d->d; i++)
			fp_free(d->names[i]);
	fp_free(d->names);
	fp_free(d->x);
	fp_free(d->y);
	fp_free(d->source);
	memset(d, 0, sizeof *d);
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
	if (!dst->x || !dst->y || (src->source && !dst->source) || (src->names && !dst->names))
		goto fail;
	memcpy(dst->x, src->x, src->n * src->d * sizeof(double));
	memcpy(dst->y, src->y, src->n * sizeof(double));
	return FP_OK;
fail:
	data_free(dst);
	return fp_err(err, FP_EFAIL, "out of memory copying %zu points", src->n);
}

/* Make a cell printable for a message: at most CSV_FIELD_SHOW bytes, controls as '?'. */
static void show_cell(const char *s, size_t len, char *buf, size_t cap)
{
	size_t j = 0;
	for (size_t i = 0; i < len && j + 4 < cap && i < CSV_FIELD_SHOW; i++) {
		unsigned char c = (unsigned char)s[i];
		buf[j++] = (c < 32 || c == 127) ? '?' : (char)c;
	}
	if (len > CSV_FIELD_SHOW && j + 4 < cap) {
		memcpy(buf + j, "...", 3);
		j += 3;
	}
	buf[j] = 0;
}

struct field {
	const char *s; /* start of the text (inside quotes when quoted) */
	size_t len;    /* its length */
	size_t col;    /* byte column of the field's first character, from 1 */
	int quoted;    /* 1 when written in double quotes */
};

/* Why a cell is not a number, in words. */
static const char *why_not_number(const char *s, size_t len)
{
	char tmp[64];
	size_t n = len < sizeof tmp - 1 ? len : sizeof tmp - 1;
	for (size_t i = 0; i < n; i++)
		tmp[i] = (char)((s[i] >= 'A' && s[i] <= 'Z') ? s[i] + 32 : s[i]);
	tmp[n] = 0;
	const char *p = tmp;
	while (*p == ' ' || *p == '\t' || *p == '+' || *p == '-')
		p++;
	if (len == 0 || !*p)
		return "an empty cell";
	if (strncmp(p, "nan", 3) == 0 || strncmp(p, "inf", 3) == 0)
		return "not a finite number";
	double v;
	char *e;
	if (strchr(tmp, '.') == NULL && strchr(tmp, ',') == NULL) {
		v = strtod(tmp, &e);
		if (e != tmp && !*e && !isfinite(v))
			return "out of range (too large for a double)";
	}
	if (strspn(p, "0123456789.eE+-") == strlen(p) && strlen(p) > 0)
		return "out of range (too large for a double)";
	return "not a number";
}

/* Split one line [p, end) into fields. Returns the number of fields, or -1 with
 * *bad set to the offending column (an unterminated quote). */
static long split_line(const char *line, const char *end, struct field *f, size_t maxf,
		       size_t *bad)
{
	size_t nf = 0;
	const char *p = line;
	for (;;) {
		struct field cur = {p, 0, (size_t)(p - line) + 1, 0};
		const char *q = p;
		while (q < end && (*q == ' ' || *q == '\t'))
			q++;
		if (q < end && *q == '"') {
			cur.quoted = 1;
			cur.s = q + 1;
			const char *r = q + 1;
			while (r < end) {
				if (*r == '"') {
					if (r + 1 < end && r[1] == '"') {
						r += 2;
						continue;
					}
					break;
				}
				r++;
			}
			if (r >= end) {
				*bad = (size_t)(q - line) + 1;
				return -1;
			}
			cur.len = (size_t)(r - cur.s);
			p = r + 1;
			while (p < end && (*p == ' ' || *p == '\t'))
				p++;
			if (p < end && *p != ',') {
				*bad = (size_t)(p - line) + 1;
				return -2;
			}
		} else {
			while (p < end && *p != ',')
				p++;
			cur.len = (size_t)(p - cur.s);
		}
		if (nf < maxf)
			f[nf] = cur;
		nf++;
		if (p >= end)
			break;
		p++; /* the comma */
	}
	return (long)nf;
}

static int is_blank(const char *p, const char *end)
{
	for (; p < end; p++)
		if (*p != ' ' && *p != '\t')
			return 0;
	return 1;
}

int data_csv_parse(const char *buf, size_t len, const char *name, struct data *out, char *err)
{
	memset(out, 0, sizeof *out);
	const char *p = buf, *end = buf + len;
	if (len >= 2 && (((unsigned char)buf[0] == 0xFF && (unsigned char)buf[1] == 0xFE) ||
			 ((unsigned char)buf[0] == 0xFE && (unsigned char)buf[1] == 0xFF)))
		return fp_err(err, FP_EINPUT, "%s: looks like UTF-16 text; save it as UTF-8", name);
	if (len >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0)
		p += 3;
	const char *nul = memchr(p, 0, (size_t)(end - p));
	if (nul) {
		size_t line = 1;
		for (const char *q = p; q < nul; q++)
			line += *q == '\n';
		return fp_err(err, FP_EINPUT, "%s:%zu: contains a NUL byte: not a text CSV file%s",
			      name, line,
			      (nul > p && nul[-1] != 0 && nul + 1 < end && nul[1] != 0) ? ""
			      : " (UTF-16?)");
	}
	size_t cap = 0, n = 0, lineno = 0, data_lines = 0;
	int header = 0;
	double *xs = NULL, *ys = NULL;
	int rc = FP_OK;
	while (p < end) {
		const char *eol = memchr(p, '\n', (size_t)(end - p));
		const char *next = eol ? eol + 1 : end;
		const char *lend = eol ? eol : end;
		if (lend > p && lend[-1] == '\r')
			lend--;
		lineno++;
		if (is_blank(p, lend)) {
			p = next;
			continue;
		}
		struct field f[CSV_MAX_FIELDS + 1];
		size_t bad = 0;
		long nf = split_line(p, lend, f, CSV_MAX_FIELDS + 1, &bad);
		if (nf == -1) {
			rc = fp_err(err, FP_EINPUT, "%s:%zu:%zu: unterminated quote", name, lineno,
				    bad);
			goto fail;
		}
		if (nf == -2) {
			rc = fp_err(err, FP_EINPUT, "%s:%zu:%zu: text after a closing quote", name,
				    lineno, bad);
			goto fail;
		}
		if (memchr(p, ';', (size_t)(lend - p)) && nf != 2) {
			rc = fp_err(err, FP_EINPUT,
				    "%s:%zu: semicolons found: fitplay reads comma-separated x,y "
				    "with '.' as the decimal point (1.5, not 1,5)",
				    name, lineno);
			goto fail;
		}
		if (nf != 2) {
			if (data_lines == 0 && !header && lineno == 1 && nf > 2) {
				rc = fp_err(err, FP_EINPUT,
					    "%s:%zu: %ld columns; fitplay reads two columns x,y",
					    name, lineno, nf);
			} else {
				rc = fp_err(err, FP_EINPUT,
					    "%s:%zu: %ld column%s where 2 (x,y) were expected%s", name,
					    lineno, nf, nf == 1 ? "" : "s",
					    nf == 4 ? " (decimal commas? write 1.5, not 1,5)" : "");
			}
			goto fail;
		}
		double v[2];
		int ok[2];
		for (int i = 0; i < 2; i++)
			ok[i] = fp_parse_double_n(f[i].s, f[i].len, &v[i]) == 0;
		if (!ok[0] || !ok[1]) {
			if (data_lines == 0 && !header && !ok[0] && !ok[1]) {
				header = 1; /* a header line: two non-numeric names */
				p = next;
				continue;
			}
			int i = ok[0] ? 1 : 0;
			char show[64];
			show_cell(f[i].s, f[i].len, show, sizeof show);
			rc = fp_err(err, FP_EINPUT, "%s:%zu: column %d (%s): '%s' is %s", name, lineno,
				    i + 1, i ? "y" : "x", show, why_not_number(f[i].s, f[i].len));
			goto fail;
		}
		if (n == cap) {
			size_t nc = cap ? cap * 2 : 1024;
			double *nx = fp_realloc(xs, nc * sizeof *xs);
			if (!nx) {
				rc = fp_err(err, FP_EFAIL, "%s: out of memory at line %zu", name, lineno);
				goto fail;
			}
			xs = nx;
			double *ny = fp_realloc(ys, nc * sizeof *ys);
			if (!ny) {
				rc = fp_err(err, FP_EFAIL, "%s: out of memory at line %zu", name, lineno);
				goto fail;
			}
			ys = ny;
			cap = nc;
		}
		xs[n] = v[0];
		ys[n] = v[1];
		n++;
		data_lines++;
		p = next;
	}
	if (n == 0) {
		rc = fp_err(err, FP_EINPUT, "%s: %s", name,
			    header ? "header only, no data rows" : "empty file, no data rows");
		goto fail;
	}
	out->x = xs;
	out->y = ys;
	out->n = n;
	out->d = 1;
	out->source = dupstr(name);
	if (!out->source) {
		out->x = out->y = NULL;
		rc = fp_err(err, FP_EFAIL, "%s: out of memory", name);
		goto fail;
	}
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

int data_csv_load(const char *path, struct data *out, char *err)
{
	memset(out, 0, sizeof *out);
	int is_stdin = strcmp(path, "-") == 0;
	const char *name = is_stdin ? "stdin" : path;
	int fd = is_stdin ? 0 : open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0)
		return fp_err(err, FP_EINPUT, "%s: %s", name, strerror(errno));
	struct stat st;
	if (fstat(fd, &st) == 0) {
		if (S_ISDIR(st.st_mode)) {
			if (!is_stdin)
				close(fd);
			return fp_err(err, FP_EINPUT, "%s: is a directory, not a CSV file", name);
		}
		if (S_ISREG(st.st_mode) && (size_t)st.st_size > DATA_CSV_MAX_BYTES) {
			if (!is_stdin)
				close(fd);
			return fp_err(err, FP_EINPUT, "%s: %lld bytes, over the limit of %zu MiB", name,
				      (long long)st.st_size, DATA_CSV_MAX_BYTES >> 20);
		}
	}
	if (!is_stdin) {
		/* Opened non-blocking so a FIFO with no writer does not hang; read blocking. */
		int fl = fcntl(fd, F_GETFL);
		if (fl >= 0)
			fcntl(fd, F_SETFL, fl & ~O_NONBLOCK);
	}
	size_t cap = 1 << 16, len = 0;
	char *buf = fp_malloc(cap);
	int rc = FP_OK;
	if (!buf) {
		rc = fp_err(err, FP_EFAIL, "%s: out of memory", name);
		goto done;
	}
	for (;;) {
		if (len == cap) {
			if (cap >= DATA_CSV_MAX_BYTES) {
				rc = fp_err(err, FP_EINPUT, "%s: larger than the limit of %zu MiB", name,
					    DATA_CSV_MAX_BYTES >> 20);
				goto done;
			}
			size_t nc = cap * 2 > DATA_CSV_MAX_BYTES ? DATA_CSV_MAX_BYTES : cap * 2;
			char *nb = fp_realloc(buf, nc);
			if (!nb) {
				rc = fp_err(err, FP_EFAIL, "%s: out of memory after %zu bytes", name, len);
				goto done;
			}
			buf = nb;
			cap = nc;
		}
		ssize_t r = read(fd, buf + len, cap - len);
		if (r < 0) {
			if (errno == EINTR)
				continue;
			if (errno == EAGAIN) { /* a FIFO with no writer yet */
				rc = fp_err(err, FP_EINPUT, "%s: no data (nothing is writing to it)",
					    name);
				goto done;
			}
			rc = fp_err(err, FP_EINPUT, "%s: %s", name, strerror(errno));
			goto done;
		}
		if (r == 0)
			break;
		len += (size_t)r;
	}
	rc = data_csv_parse(buf, len, name, out, err);
done:
	fp_free(buf);
	if (!is_stdin)
		close(fd);
	return rc;
}
