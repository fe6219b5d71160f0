/* SPDX-License-Identifier: GPL-3.0-or-later */
/* data-raw.c: a table's columns as the file has them (Age 22, Fare 7.25, Sex male),
 * kept beside the inputs made from them so the sheet view can show both, as the
 * lecture's sheet does: numbers as floats, text as the index of its level. */
#include <stdio.h>
#include <string.h>

#include "data.h"
#include "util.h"

static char *dup_n(const char *s, size_t n)
{
	char *p = fp_malloc(n + 1);
	if (p) {
		memcpy(p, s, n);
		p[n] = 0;
	}
	return p;
}

static void raw_col_free(struct data_raw *c)
{
	for (size_t i = 0; i < c->nlev; i++)
		fp_free(c->levels[i]);
	fp_free(c->levels);
	fp_free(c->v);
	fp_free(c->name);
	memset(c, 0, sizeof *c);
}

long data_raw_add(struct data *d, const char *name, size_t len)
{
	struct data_raw *r = fp_realloc(d->raw, (d->nraw + 1) * sizeof *r);
	if (!r)
		return -1;
	d->raw = r;
	struct data_raw *c = &r[d->nraw];
	memset(c, 0, sizeof *c);
	c->name = dup_n(name, len);
	c->v = fp_calloc(d->n ? d->n : 1, sizeof *c->v);
	if (!c->name || !c->v) {
		raw_col_free(c);
		return -1;
	}
	for (char *q = c->name; *q; q++) /* it goes to a terminal */
		if ((unsigned char)*q < 32 || *q == 127)
			*q = '_';
	return (long)d->nraw++;
}

long data_raw_level(struct data_raw *c, const char *s, size_t len)
{
	for (size_t i = 0; i < c->nlev; i++)
		if (strlen(c->levels[i]) == len && memcmp(c->levels[i], s, len) == 0)
			return (long)i;
	if (c->nlev >= DATA_RAW_MAX_LEVELS)
		return -1;
	if (c->nlev % 8 == 0) {
		char **l = fp_realloc(c->levels, (c->nlev + 8) * sizeof *l);
		if (!l)
			return -1;
		c->levels = l;
	}
	char *t = dup_n(s, len);
	if (!t)
		return -1;
	for (char *q = t; *q; q++)
		if ((unsigned char)*q < 32 || *q == 127)
			*q = '?';
	c->levels[c->nlev] = t;
	return (long)c->nlev++;
}

void data_raw_drop(struct data *d, size_t c)
{
	if (c >= d->nraw)
		return;
	raw_col_free(&d->raw[c]);
	memmove(d->raw + c, d->raw + c + 1, (d->nraw - c - 1) * sizeof *d->raw);
	d->nraw--;
}

char *data_raw_text(const struct data *d, size_t c, size_t i, char *buf, size_t len)
{
	if (!len)
		return buf;
	buf[0] = 0;
	if (c >= d->nraw || i >= d->n)
		return buf;
	const struct data_raw *r = &d->raw[c];
	float v = r->v[i];
	if (r->levels) {
		size_t k = (size_t)v;
		snprintf(buf, len, "%s", k < r->nlev ? r->levels[k] : "?");
	} else {
		snprintf(buf, len, "%.7g", (double)v);
		for (char *p = buf; *p; p++) /* whatever LC_NUMERIC says */
			if (*p == ',')
				*p = '.';
	}
	return buf;
}

void data_raw_free(struct data *d)
{
	for (size_t c = 0; c < d->nraw; c++)
		raw_col_free(&d->raw[c]);
	fp_free(d->raw);
	d->raw = NULL;
	d->nraw = 0;
}

int data_raw_copy_rows(struct data *dst, const struct data *src, const unsigned char *flag,
		       int want)
{
	dst->raw = NULL;
	dst->nraw = 0;
	size_t n = dst->n, m = 0;
	for (size_t i = 0; i < src->n; i++)
		m += !flag || flag[i] == want;
	dst->n = m;
	for (size_t c = 0; c < src->nraw; c++) {
		const struct data_raw *s = &src->raw[c];
		long k = data_raw_add(dst, s->name, strlen(s->name));
		if (k < 0)
			goto fail;
		for (size_t i = 0, r = 0; i < src->n; i++)
			if (!flag || flag[i] == want)
				dst->raw[k].v[r++] = s->v[i];
		for (size_t l = 0; l < s->nlev; l++)
			if (data_raw_level(&dst->raw[k], s->levels[l], strlen(s->levels[l])) < 0)
				goto fail;
	}
	dst->n = n;
	return FP_OK;
fail:
	data_raw_free(dst);
	dst->n = n;
	return FP_EFAIL;
}

int data_raw_copy(struct data *dst, const struct data *src)
{
	return data_raw_copy_rows(dst, src, NULL, 0);
}
