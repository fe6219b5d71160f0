/* SPDX-License-Identifier: GPL-3.0-or-later */
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

#define CSV_CELL_SHOW  24    /* bytes of a bad cell quoted in a message */
#define CSV_NAME_SHOW  200   /* bytes of a file name quoted in a message */
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
	fp_free(d->note);
	data_raw_free(d);
	if (d->valid) {
		data_free(d->valid);
		fp_free(d->valid);
	}
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
	dst->note = src->note ? dupstr(src->note) : NULL;
	dst->names = NULL;
	dst->raw = NULL;
	dst->nraw = 0;
	dst->valid = NULL;
	if (src->names) {
		dst->names = fp_calloc(src->d, sizeof(char *));
		for (size_t i = 0; dst->names && i < src->d; i++)
			if (!(dst->names[i] = dupstr(src->names[i]))) {
				dst->d = i;
				goto fail;
			}
	}
	if (!dst->x || !dst->y || (src->xt && !dst->xt) || (src->source && !dst->source) ||
	    (src->note && !dst->note) || (src->names && !dst->names) ||
	    data_raw_copy(dst, src) != FP_OK)
		goto fail;
	memcpy(dst->x, src->x, src->n * src->d * sizeof(double));
	if (src->xt)
		memcpy(dst->xt, src->xt, src->n * src->d * sizeof(double));
	memcpy(dst->y, src->y, src->n * sizeof(double));
	if (src->valid) {
		struct data *v = fp_calloc(1, sizeof *v);
		if (!v || data_copy(v, src->valid, err) != FP_OK) {
			fp_free(v);
			goto fail;
		}
		dst->valid = v;
	}
	return FP_OK;
fail:
	data_free(dst);
	return fp_err(err, FP_EFAIL, "out of memory copying %zu points", src->n);
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

/* Parse buf[0..len) (buf[len] writable; rewritten in place) as x,y rows. */
static int parse_owned(char *buf, size_t len, const char *name, struct data *out, char *err)
{
	memset(out, 0, sizeof *out);
	char shown[CSV_NAME_SHOW + 8];
	csv_show(name, strlen(name), CSV_NAME_SHOW, shown, sizeof shown);
	struct csv_tok c;
	int rc = csv_tok_init(&c, buf, len, shown, err);
	size_t cap = 0, n = 0, line;
	int header = 0;
	double *xs = NULL, *ys = NULL;
	while (rc == FP_OK && (rc = csv_tok_next(&c, &line, err)) == 1) {
		rc = FP_OK;
		const struct csv_field *f = c.f;
		size_t nf = c.nf;
		for (size_t i = 0; i < nf; i++) {
			const char *semi =
			    f[i].quoted ? NULL : memchr(buf + f[i].off, ';', f[i].len);
			if (semi) {
				rc = fp_err(
				    err, FP_EINPUT,
				    "%s:%zu: semicolons found at column %zu: fitplay reads "
				    "comma-separated x,y with '.' as the decimal point (1.5, "
				    "not 1,5)",
				    shown, f[i].line, f[i].col + (size_t)(semi - (buf + f[i].off)));
				goto fail;
			}
		}
		if (nf != 2) {
			rc = fp_err(err, FP_EINPUT,
				    "%s:%zu: %zu column%s where 2 (x,y) were "
				    "expected%s",
				    shown, line, nf, nf == 1 ? "" : "s",
				    nf == 4 ? " (decimal commas? write 1.5, not 1,5)" : "");
			goto fail;
		}
		double v[2];
		int ok[2];
		for (int i = 0; i < 2; i++)
			ok[i] = csv_number(buf + f[i].off, f[i].len, &v[i]) == CSV_NUM_OK;
		if (!ok[0] || !ok[1]) {
			if (n == 0 && !header && !ok[0] && !ok[1]) {
				header = 1; /* a header: two names, not numbers */
				continue;
			}
			int i = ok[0] ? 1 : 0;
			char cell[CSV_CELL_SHOW * 4 + 8];
			csv_show(buf + f[i].off, f[i].len, CSV_CELL_SHOW, cell, sizeof cell);
			rc = fp_err(err, FP_EINPUT, "%s:%zu: column %d (%s): '%s' is %s", shown,
				    f[i].line, i + 1, i ? "y" : "x", cell,
				    csv_why_not_number(buf + f[i].off, f[i].len));
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
	if (rc < 0)
		rc = -rc;
	if (rc)
		goto fail;
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
	csv_tok_done(&c);
	return FP_OK;
fail:
	csv_tok_done(&c);
	fp_free(xs);
	fp_free(ys);
	memset(out, 0, sizeof *out);
	return rc;
}

int data_csv_parse(const char *buf, size_t len, const char *name, struct data *out, char *err)
{
	memset(out, 0, sizeof *out);
	char *copy = fp_malloc(len + 1);
	if (!copy)
		return fp_err(err, FP_EFAIL, "%s: out of memory", name);
	memcpy(copy, buf, len);
	copy[len] = 0;
	int rc = parse_owned(copy, len, name, out, err);
	fp_free(copy);
	return rc;
}

int data_file_read(const char *path, char **bufp, size_t *lenp, char *err)
{
	*bufp = NULL;
	*lenp = 0;
	int is_stdin = strcmp(path, "-") == 0;
	char shown[CSV_NAME_SHOW + 8], lim[32];
	csv_show(is_stdin ? "stdin" : path, is_stdin ? 5 : strlen(path), CSV_NAME_SHOW, shown,
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
		if (S_ISREG(st.st_mode) && st.st_size > 0 &&
		    (unsigned long long)st.st_size > limit) {
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
				rc = fp_err(err, FP_EFAIL, "%s: out of memory after %zu bytes",
					    shown, len);
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
		rc = fp_err(err, FP_EINPUT, "%s: no data (a pipe with nothing writing to it)",
			    shown);
		goto done;
	}
	if (len == cap) { /* room for the NUL after the text */
		char *nb = fp_realloc(buf, cap + 1);
		if (!nb) {
			rc = fp_err(err, FP_EFAIL, "%s: out of memory after %zu bytes", shown, len);
			goto done;
		}
		buf = nb;
	}
	buf[len] = 0;
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
	rc = parse_owned(buf, len, strcmp(path, "-") == 0 ? "stdin" : path, out, err);
	fp_free(buf);
	return rc;
}
