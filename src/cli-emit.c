/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cli-emit.c: the batch outputs' field emitter (include/cli-emit.h): one list of
 * fields per output, written as key: value lines or a tab-separated table, or as
 * JSON through json-c (a document, or JSON lines). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json.h>

#include "cli-emit.h"
#include "util.h"

#define EMIT_KEY_MAX 1024 /* bytes of a key with its "_why" or "#N" */

char *emit_fmt_short(char *buf, size_t len, double v)
{
	for (int sig = 6; sig < 17; sig++) {
		double back;
		fp_fmt(buf, len, v, sig);
		if (fp_parse_double(buf, &back) == 0 && back == v)
			return buf;
	}
	return fp_fmt17(buf, len, v);
}

/* Text: append s to a growing buffer. */
static void emit_cat(struct emit *e, char **buf, size_t *len, size_t *cap, const char *s)
{
	size_t n = strlen(s);
	if (*len + n + 1 > *cap) {
		size_t c = (*cap ? *cap * 2 : 256) + n;
		char *nb = fp_realloc(*buf, c);
		if (!nb) {
			e->oom = 1;
			return;
		}
		*buf = nb;
		*cap = c;
	}
	memcpy(*buf + *len, s, n + 1);
	*len += n;
}

/* JSON: a copy of s that is valid UTF-8: each byte that does not start a well-formed
 * sequence (overlong forms, surrogates and code points above U+10FFFF included)
 * becomes U+FFFD. Caller frees; NULL when out of memory. */
static char *emit_utf8(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	char *out = fp_malloc(strlen(s) * 3 + 1), *o = out;
	if (!out)
		return NULL;
	while (*p) {
		size_t k = 0;
		if (*p < 0x80)
			k = 1;
		else if (*p >= 0xc2 && *p <= 0xdf)
			k = 2;
		else if (*p >= 0xe0 && *p <= 0xef)
			k = 3;
		else if (*p >= 0xf0 && *p <= 0xf4)
			k = 4;
		for (size_t j = 1; j < k; j++)
			if ((p[j] & 0xc0) != 0x80) {
				k = 0; /* (a NUL ends the loop here too) */
				break;
			}
		if ((k == 3 && ((p[0] == 0xe0 && p[1] < 0xa0) || (p[0] == 0xed && p[1] > 0x9f))) ||
		    (k == 4 && ((p[0] == 0xf0 && p[1] < 0x90) || (p[0] == 0xf4 && p[1] > 0x8f))))
			k = 0;
		if (!k) {
			memcpy(o, "\xef\xbf\xbd", 3);
			o += 3;
			p++;
			continue;
		}
		memcpy(o, p, k);
		o += k;
		p += k;
	}
	*o = 0;
	return out;
}

static struct json_object *emit_jstr(struct emit *e, const char *s)
{
	char *u = emit_utf8(s ? s : "");
	struct json_object *j = u ? json_object_new_string(u) : NULL;
	fp_free(u);
	if (!j)
		e->oom = 1;
	return j;
}

static struct json_object *emit_jnum(struct emit *e, double v)
{
	char b[40];
	struct json_object *j = json_object_new_double_s(v, fp_fmt17(b, sizeof b, v));
	if (!j)
		e->oom = 1;
	return j;
}

/* JSON: add val under key (NULL val: null); a key already there gets "#2", "#3"... */
static void emit_jadd(struct emit *e, const char *key, struct json_object *val)
{
	char k[EMIT_KEY_MAX];
	if (!e->cur)
		return;
	char *u = emit_utf8(key);
	if (!u) {
		e->oom = 1;
		json_object_put(val);
		return;
	}
	snprintf(k, sizeof k, "%s", u);
	for (int n = 2; json_object_object_get_ex(e->cur, k, NULL); n++)
		snprintf(k, sizeof k, "%s#%d", u, n);
	fp_free(u);
	if (json_object_object_add(e->cur, k, val) != 0) {
		e->oom = 1;
		json_object_put(val);
	}
}

static void emit_why(struct emit *e, const char *key, const char *why)
{
	char k[EMIT_KEY_MAX];
	snprintf(k, sizeof k, "%s_why", key);
	emit_jadd(e, k, emit_jstr(e, why));
}

/* Why v is not a number ("CTX: inf"). */
static const char *emit_nonfinite(char *buf, size_t len, double v, const char *ctx)
{
	snprintf(buf, len, "%s: %s", ctx ? ctx : "overflow",
		 isnan(v) ? "nan"
		 : v > 0  ? "inf"
			  : "-inf");
	return buf;
}

/* Text: a field with its value: "key: value" line, or a table cell. */
static void emit_text(struct emit *e, const char *key, const char *val)
{
	if (!e->in_row) {
		fp_out("%s: %s\n", key, val);
		return;
	}
	if (e->nrows == 0) {
		if (e->head_len)
			emit_cat(e, &e->head, &e->head_len, &e->head_cap, "\t");
		emit_cat(e, &e->head, &e->head_len, &e->head_cap, key);
	}
	if (e->line_len)
		emit_cat(e, &e->line, &e->line_len, &e->line_cap, "\t");
	emit_cat(e, &e->line, &e->line_len, &e->line_cap, val);
}

void emit_begin(struct emit *e, int json, int doc)
{
	memset(e, 0, sizeof *e);
	e->json = json;
	if (json && doc) {
		e->doc = e->cur = json_object_new_object();
		e->oom = !e->doc;
	}
}

int emit_flush(struct emit *e)
{
	return e->json ? 0 : fp_out_flush();
}

void emit_abandon(struct emit *e)
{
	if (e->in_row && e->cur != e->doc)
		json_object_put(e->cur);
	json_object_put(e->doc);
	fp_free(e->head);
	fp_free(e->line);
	memset(e, 0, sizeof *e);
}

int emit_end(struct emit *e)
{
	int oom = e->oom;
	if (!oom && e->doc)
		fp_out("%s\n", json_object_to_json_string_ext(
				   e->doc, JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_SPACED |
					       JSON_C_TO_STRING_NOSLASHESCAPE));
	emit_abandon(e);
	if (oom) {
		fprintf(stderr, "fitplay: out of memory for the output\n");
		return FP_EFAIL;
	}
	return fp_out_flush() ? FP_EFAIL : FP_OK;
}

void emit_num(struct emit *e, const char *key, double v)
{
	char b[40];
	if (!e->json)
		emit_text(e, key, fp_fmt17(b, sizeof b, v));
	else if (isfinite(v))
		emit_jadd(e, key, emit_jnum(e, v));
	else {
		emit_jadd(e, key, NULL);
		emit_why(e, key, emit_nonfinite(b, sizeof b, v, NULL));
	}
}

void emit_num_short(struct emit *e, const char *key, double v, const char *ctx)
{
	char b[64];
	if (!e->json)
		emit_text(e, key, emit_fmt_short(b, sizeof b, v));
	else if (isfinite(v))
		emit_jadd(e, key, emit_jnum(e, v));
	else {
		emit_jadd(e, key, NULL);
		emit_why(e, key, emit_nonfinite(b, sizeof b, v, ctx));
	}
}

void emit_size(struct emit *e, const char *key, size_t v)
{
	char b[32];
	if (!e->json) {
		snprintf(b, sizeof b, "%zu", v);
		emit_text(e, key, b);
		return;
	}
	struct json_object *j = json_object_new_uint64((uint64_t)v);
	e->oom |= !j;
	emit_jadd(e, key, j);
}

void emit_str(struct emit *e, const char *key, const char *s)
{
	if (!e->json)
		emit_text(e, key, s ? s : "");
	else
		emit_jadd(e, key, emit_jstr(e, s));
}

void emit_nums(struct emit *e, const char *key, const double *v, size_t n)
{
	char b[40], why[80] = "";
	if (!e->json) {
		char *s = NULL;
		size_t len = 0, cap = 0;
		emit_cat(e, &s, &len, &cap, "");
		for (size_t i = 0; i < n; i++) {
			if (i)
				emit_cat(e, &s, &len, &cap, ",");
			emit_cat(e, &s, &len, &cap, fp_fmt17(b, sizeof b, v[i]));
		}
		emit_text(e, key, s ? s : "");
		fp_free(s);
		return;
	}
	struct json_object *a = json_object_new_array();
	e->oom |= !a;
	for (size_t i = 0; a && i < n; i++) {
		if (!isfinite(v[i]) && !why[0]) {
			snprintf(why, sizeof why, "element %zu: %s", i,
				 emit_nonfinite(b, sizeof b, v[i], NULL));
		}
		json_object_array_add(a, isfinite(v[i]) ? emit_jnum(e, v[i]) : NULL);
	}
	emit_jadd(e, key, a);
	if (why[0])
		emit_why(e, key, why);
}

void emit_strs(struct emit *e, const char *key, size_t n,
	       void (*name)(const void *ctx, size_t i, char *buf, size_t len), const void *ctx)
{
	char b[256];
	if (!e->json) {
		char *s = NULL;
		size_t len = 0, cap = 0;
		emit_cat(e, &s, &len, &cap, "");
		for (size_t i = 0; i < n; i++) {
			name(ctx, i, b, sizeof b);
			if (i)
				emit_cat(e, &s, &len, &cap, ",");
			emit_cat(e, &s, &len, &cap, b);
		}
		emit_text(e, key, s ? s : "");
		fp_free(s);
		return;
	}
	struct json_object *a = json_object_new_array();
	e->oom |= !a;
	for (size_t i = 0; a && i < n; i++) {
		name(ctx, i, b, sizeof b);
		json_object_array_add(a, emit_jstr(e, b));
	}
	emit_jadd(e, key, a);
}

void emit_none(struct emit *e, const char *key, const char *why)
{
	if (!e->json) {
		char *s = NULL;
		size_t len = 0, cap = 0;
		emit_cat(e, &s, &len, &cap, "none");
		if (why) {
			emit_cat(e, &s, &len, &cap, " (");
			emit_cat(e, &s, &len, &cap, why);
			emit_cat(e, &s, &len, &cap, ")");
		}
		emit_text(e, key, s ? s : "none");
		fp_free(s);
		return;
	}
	emit_jadd(e, key, NULL);
	if (why)
		emit_why(e, key, why);
}

void emit_rows_begin(struct emit *e, const char *key)
{
	if (!e->json || !e->doc)
		return;
	e->rows = json_object_new_array();
	e->oom |= !e->rows;
	emit_jadd(e, key, e->rows);
}

void emit_rows_end(struct emit *e)
{
	e->rows = NULL;
	e->cur = e->doc;
}

void emit_row_begin(struct emit *e)
{
	e->in_row = 1;
	e->line_len = 0;
	if (e->line)
		e->line[0] = 0;
	if (e->json) {
		e->cur = json_object_new_object();
		e->oom |= !e->cur;
	}
}

int emit_row_end(struct emit *e)
{
	int rc = 0;
	e->in_row = 0;
	if (e->oom) {
		fprintf(stderr, "fitplay: out of memory for the output\n");
		return -1;
	}
	if (!e->json) {
		if (e->nrows == 0)
			rc |= fp_out("%s\n", e->head ? e->head : "");
		rc |= fp_out("%s\n", e->line ? e->line : "");
	} else if (e->cur && e->rows) {
		json_object_array_add(e->rows, e->cur);
	} else if (e->cur) {
		rc = fp_out("%s\n",
			    json_object_to_json_string_ext(
				e->cur, JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE));
		json_object_put(e->cur);
	}
	e->cur = e->doc;
	e->nrows++;
	return rc ? -1 : 0;
}
