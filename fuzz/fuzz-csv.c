/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fuzz-csv.c: fuzz target for the CSV reader (data_csv_parse). Invariants: an
 * accepted file gives n >= 1 rows of finite x and y, no more rows than lines, an x
 * range holding every x, and its values written with %.17g read back bit for bit;
 * a refused one gives FP_EINPUT or FP_EFAIL, an empty *out and a one-line message. */
#include <math.h>
#include <string.h>

#include "data.h"
#include "util.h"

#include "fuzz.h"

/* Every x and y finite, the range right, the rows no more than the lines. */
static void fuzz_csv_check_ok(const uint8_t *buf, size_t size, const struct data *d)
{
	size_t lines = 1;
	for (size_t i = 0; i < size; i++)
		lines += buf[i] == '\n' || buf[i] == '\r';
	FUZZ_CHECK(d->n >= 1 && d->n <= lines);
	FUZZ_CHECK(d->d == 1 && d->x && d->y && d->source);
	FUZZ_CHECK(strcmp(d->source, "fuzz.csv") == 0);
	FUZZ_CHECK(isfinite(d->xlo) && isfinite(d->xhi) && d->xlo <= d->xhi);
	for (size_t i = 0; i < d->n; i++) {
		FUZZ_CHECK(isfinite(d->x[i]) && isfinite(d->y[i]));
		FUZZ_CHECK(d->x[i] >= d->xlo && d->x[i] <= d->xhi);
	}
}

/* Write the rows back as CSV with %.17g and read them again: the same numbers. */
static void fuzz_csv_roundtrip(const struct data *d)
{
	size_t cap = d->n * 52 + 16, len = 0;
	char *out = malloc(cap);
	FUZZ_CHECK(out != NULL);
	len += (size_t)snprintf(out, cap, "x,y\r\n");
	for (size_t i = 0; i < d->n; i++) {
		char a[40], b[40];
		fp_fmt17(a, sizeof a, d->x[i]);
		fp_fmt17(b, sizeof b, d->y[i]);
		len += (size_t)snprintf(out + len, cap - len, "%s,\"%s\"\n", a, b);
		FUZZ_CHECK(len < cap);
	}
	struct data e;
	char err[FP_ERRLEN] = "";
	FUZZ_CHECK(data_csv_parse(out, len, "fuzz.csv", &e, err) == FP_OK);
	FUZZ_CHECK(e.n == d->n);
	FUZZ_CHECK(memcmp(e.x, d->x, d->n * sizeof *d->x) == 0);
	FUZZ_CHECK(memcmp(e.y, d->y, d->n * sizeof *d->y) == 0);
	data_free(&e);
	free(out);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct data d;
	char err[FP_ERRLEN];
	memset(err, 0, sizeof err);
	int rc = data_csv_parse((const char *)data, size, "fuzz.csv", &d, err);
	if (rc == FP_OK) {
		fuzz_csv_check_ok(data, size, &d);
		fuzz_csv_roundtrip(&d);
		data_free(&d);
		FUZZ_CHECK(d.n == 0 && d.x == NULL && d.y == NULL && d.source == NULL);
	} else {
		FUZZ_CHECK(rc == FP_EINPUT || rc == FP_EFAIL);
		FUZZ_CHECK(d.n == 0 && d.x == NULL && d.y == NULL && d.source == NULL);
		FUZZ_CHECK(strlen(err) < FP_ERRLEN && fuzz_one_line(err));
		FUZZ_CHECK(strncmp(err, "fuzz.csv", 8) == 0);
	}
	return 0;
}
