/* SPDX-License-Identifier: GPL-3.0-or-later */
/* data-table.c: a CSV table with a header into inputs and a target: columns by name,
 * dummies for text, scaling, a constant column, rows with blanks dropped; messages name
 * the file, line and column of every problem. Numbers are parsed in the C locale. */
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "table.h"
#include "util.h"

#define TABLE_SHOW 24 /* characters of a cell quoted in a message */
#define STR_(x)	   #x
#define STR(x)	   STR_(x)

enum tkind { TK_AUTO = 0, TK_RAW, TK_MAX, TK_LOG, TK_DUMMIES, TK_LEVEL };

struct span {
	uint32_t off, len; /* a cell's text in the (unescaped) buffer */
};

struct tspec {
	char *name;	  /* column name (owned) */
	char *level;	  /* TK_LEVEL: the level (owned) */
	enum tkind kind;  /* what to make of the column */
	size_t col;	  /* its index in the header */
	size_t slot;	  /* its index among the columns kept per row */
	size_t nout;	  /* output columns it makes */
	struct span *lev; /* TK_DUMMIES: the levels, sorted (owned) */
	double *levv;	  /* their values, NAN for text (owned) */
	size_t nlev;	  /* how many */
	double levelv;	  /* TK_LEVEL: the level's value, NAN for text */
};

struct table {
	const char *name;   /* for messages */
	char *buf;	    /* the text, unescaped in place, cells NUL-terminated (owned) */
	struct csv_tok tok; /* the tokenizer over buf (data-tok.c) */
	size_t ncols;	    /* header columns */
	struct span *head;  /* header names (owned) */
	struct tspec *spec; /* input specs (owned) */
	size_t nspec;
	size_t target;	  /* header index of the target */
	size_t *slot_col; /* header index of each kept column (owned) */
	size_t nslot;	  /* columns kept per row (slot 0 is the target) */
	uint32_t *cells;  /* rows * nslot cells, each its text's offset in buf (owned) */
	size_t *lines;	  /* line of each row (owned) */
	size_t rows, rcap;
	unsigned char *keep; /* 1 per row kept (owned) */
};

void table_cfg_default(struct table_cfg *c)
{
	c->target = NULL;
	c->inputs = NULL;
	c->constant = 1;
}

static char *dupn(const char *s, size_t n)
{
	char *p = fp_malloc(n + 1);
	if (p) {
		memcpy(p, s, n);
		p[n] = 0;
	}
	return p;
}

static const char *kind_words[] = {"", "raw", "max", "log", "dummies", ""};

static void trim(const char **s, size_t *n)
{
	while (*n && (**s == ' ' || **s == '\t')) {
		(*s)++;
		(*n)--;
	}
	while (*n && ((*s)[*n - 1] == ' ' || (*s)[*n - 1] == '\t'))
		(*n)--;
}

static void specs_free(struct tspec *s, size_t n)
{
	for (size_t i = 0; s && i < n; i++) {
		fp_free(s[i].name);
		fp_free(s[i].level);
		fp_free(s[i].lev);
		fp_free(s[i].levv);
	}
	fp_free(s);
}

/* Parse the spec list into *out (owned, *n entries). */
static int specs_parse(const char *inputs, struct tspec **out, size_t *n, char *err)
{
	*out = NULL;
	*n = 0;
	size_t cap = 1;
	for (const char *p = inputs; *p; p++)
		cap += *p == ',';
	if (cap > TABLE_MAX_SPECS)
		return fp_err(err, FP_EINPUT, "--inputs: %zu specs, at most %d", cap,
			      TABLE_MAX_SPECS);
	struct tspec *s = fp_calloc(cap, sizeof *s);
	if (!s)
		return fp_err(err, FP_EFAIL, "out of memory");
	const char *p = inputs;
	size_t k = 0;
	for (;;) {
		const char *e = strchr(p, ',');
		size_t len = e ? (size_t)(e - p) : strlen(p);
		const char *item = p, *eq, *colon;
		trim(&item, &len);
		if (len == 0) {
			specs_free(s, k);
			return fp_err(err, FP_EINPUT, "--inputs '%s': an empty entry", inputs);
		}
		struct tspec *t = &s[k++];
		eq = memchr(item, '=', len);
		colon = NULL;
		for (size_t i = 0; !eq && i < len; i++)
			if (item[i] == ':')
				colon = item + i;
		size_t nlen = eq ? (size_t)(eq - item) : colon ? (size_t)(colon - item) : len;
		const char *nm = item;
		trim(&nm, &nlen);
		if (nlen == 0) {
			specs_free(s, k);
			return fp_err(err, FP_EINPUT, "--inputs: '%.*s' has no column name",
				      (int)len, item);
		}
		t->name = dupn(nm, nlen);
		if (!t->name) {
			specs_free(s, k);
			return fp_err(err, FP_EFAIL, "out of memory");
		}
		if (eq) {
			const char *lv = eq + 1;
			size_t llen = len - (size_t)(lv - item);
			trim(&lv, &llen);
			t->kind = TK_LEVEL;
			t->level = dupn(lv, llen);
			if (!t->level) {
				specs_free(s, k);
				return fp_err(err, FP_EFAIL, "out of memory");
			}
			if (llen == 0) {
				specs_free(s, k);
				return fp_err(
				    err, FP_EINPUT,
				    "--inputs: '%.*s' has no level after '=' (NAME=LEVEL)",
				    (int)len, item);
			}
		} else if (colon) {
			const char *kw = colon + 1;
			size_t klen = len - (size_t)(kw - item);
			trim(&kw, &klen);
			t->kind = TK_AUTO;
			for (int j = TK_RAW; j <= TK_DUMMIES; j++)
				if (strlen(kind_words[j]) == klen &&
				    memcmp(kind_words[j], kw, klen) == 0)
					t->kind = (enum tkind)j;
			if (t->kind == TK_AUTO) {
				specs_free(s, k);
				return fp_err(
				    err, FP_EINPUT,
				    "--inputs: '%.*s': expected NAME:raw, NAME:max, NAME:log "
				    "or NAME:dummies",
				    (int)len, item);
			}
		}
		if (!e)
			break;
		p = e + 1;
	}
	*out = s;
	*n = k;
	return FP_OK;
}

int table_spec_check(const char *inputs, char *err)
{
	struct tspec *s;
	size_t n;
	int rc = specs_parse(inputs, &s, &n, err);
	specs_free(s, n);
	return rc;
}

/* ---- cells ---- */

static const char *cell_s(const struct table *t, struct span c)
{
	return t->buf + c.off;
}

static int cell_num(const struct table *t, struct span c, double *v)
{
	return csv_number(cell_s(t, c), c.len, v);
}

/* Row r's cell in a slot (its text is NUL-terminated in the buffer). */
static struct span cell_at(const struct table *t, size_t r, size_t slot)
{
	struct span c;
	c.off = t->cells[r * t->nslot + slot];
	c.len = (uint32_t)strlen(t->buf + c.off);
	return c;
}

/* 1 when row r's cell in a slot is blank. */
static int cell_blank(const struct table *t, size_t r, size_t slot)
{
	return t->buf[t->cells[r * t->nslot + slot]] == 0;
}

/* 1 when a cell is made of a number's characters only (digits, sign, point, exponent,
 * blanks around): a cheap test before the real parse, which may still refuse it. */
static int looks_number(const struct table *t, struct span c)
{
	const char *p = cell_s(t, c);
	int digit = 0;
	for (size_t i = 0; i < c.len; i++) {
		char ch = p[i];
		if (ch >= '0' && ch <= '9')
			digit = 1;
		else if (ch != '.' && ch != '-' && ch != '+' && ch != 'e' && ch != 'E' &&
			 ch != ' ' && ch != '\t')
			return 0;
	}
	return digit;
}

/* The value of a cell that is a number, else NAN (which equals nothing). */
static double cell_value(const struct table *t, struct span c)
{
	double v;
	return looks_number(t, c) && cell_num(t, c, &v) == 0 ? v : NAN;
}

/* Index of cell c among the levels lev[0..n-1] (same text, or both numbers of the same
 * value; levv[i] is lev[i]'s value or NAN), or n when absent. Parses c at most once. */
static size_t level_find(const struct table *t, const struct span *lev, const double *levv,
			 size_t n, struct span c)
{
	for (size_t i = 0; i < n; i++)
		if (lev[i].len == c.len && memcmp(cell_s(t, lev[i]), cell_s(t, c), c.len) == 0)
			return i;
	double v = cell_value(t, c);
	for (size_t i = 0; i < n && !isnan(v); i++)
		if (levv[i] == v)
			return i;
	return n;
}

/* 1 when cell c is the level s (same text, or the same number; sv is s's value). */
static int cell_is(const struct table *t, struct span c, const char *s, double sv)
{
	size_t n = strlen(s);
	if (c.len == n && memcmp(cell_s(t, c), s, n) == 0)
		return 1;
	return !isnan(sv) && cell_value(t, c) == sv;
}

/* A cell's text fit for a message (at most TABLE_SHOW bytes, controls as '?'). */
static void show(const struct table *t, struct span c, char *out, size_t cap)
{
	size_t j = 0;
	const char *s = cell_s(t, c);
	for (size_t i = 0; i < c.len && i < TABLE_SHOW && j + 4 < cap; i++) {
		unsigned char ch = (unsigned char)s[i];
		out[j++] = (ch < 32 || ch == 127) ? '?' : (char)ch;
	}
	if (c.len > TABLE_SHOW && j + 4 < cap) {
		memcpy(out + j, "...", 3);
		j += 3;
	}
	out[j] = 0;
}

static int head_find(const struct table *t, const char *name, size_t *col)
{
	for (size_t i = 0; i < t->ncols; i++)
		if (t->head[i].len == strlen(name) &&
		    memcmp(cell_s(t, t->head[i]), name, t->head[i].len) == 0) {
			*col = i;
			return 0;
		}
	return -1;
}

/* "no column 'X' (columns: a, b, c)" */
static int no_column(const struct table *t, const char *what, const char *name, char *err)
{
	char list[256] = "";
	size_t used = 0;
	for (size_t i = 0; i < t->ncols && used + 8 < sizeof list; i++) {
		int n = snprintf(list + used, sizeof list - used, "%s%.*s", i ? ", " : "",
				 (int)t->head[i].len, cell_s(t, t->head[i]));
		if (n < 0 || (size_t)n >= sizeof list - used) {
			snprintf(list + sizeof list - 5, 5, "...");
			break;
		}
		used += (size_t)n;
	}
	return fp_err(err, FP_EINPUT, "%s: no %s column '%s' in the header (columns: %s)", t->name,
		      what, name, list);
}

static size_t slot_of(struct table *t, size_t col)
{
	for (size_t i = 0; i < t->nslot; i++)
		if (t->slot_col[i] == col)
			return i;
	t->slot_col[t->nslot] = col;
	return t->nslot++;
}

static int append_row(struct table *t, size_t line)
{
	if (t->rows == t->rcap) {
		size_t nc = t->rcap ? t->rcap * 2 : 1024;
		uint32_t *c = fp_realloc(t->cells, nc * t->nslot * sizeof *c);
		if (!c)
			return -1;
		t->cells = c;
		size_t *l = fp_realloc(t->lines, nc * sizeof *l);
		if (!l)
			return -1;
		t->lines = l;
		t->rcap = nc;
	}
	uint32_t *dst = t->cells + t->rows * t->nslot;
	const struct csv_field *f = t->tok.f;
	for (size_t i = 0; i < t->nslot; i++)
		dst[i] = f[t->slot_col[i]].off;
	t->lines[t->rows++] = line;
	return 0;
}

/* Distinct non-blank values of a slot over the rows (kept ones when keep != NULL),
 * up to max + 1 of them into lev. Returns the count. */
static size_t collect_levels(const struct table *t, size_t slot, const unsigned char *keep,
			     struct span *lev, double *levv, size_t max)
{
	size_t n = 0;
	for (size_t r = 0; r < t->rows; r++) {
		if (keep && !keep[r])
			continue;
		struct span c = cell_at(t, r, slot);
		if (c.len == 0 || level_find(t, lev, levv, n, c) < n)
			continue;
		lev[n] = c;
		levv[n++] = cell_value(t, c);
		if (n > max)
			return n;
	}
	return n;
}

/* Level a before level b: by value when both are numbers, else bytewise. */
static int level_before(const struct table *t, struct span a, double av, struct span b, double bv,
			int numeric)
{
	if (numeric)
		return av < bv;
	size_t m = a.len < b.len ? a.len : b.len;
	int c = memcmp(cell_s(t, a), cell_s(t, b), m);
	return c < 0 || (c == 0 && a.len < b.len);
}

/* Sort levels (at most TABLE_MAX_LEVELS, insertion sort): as numbers when every one
 * is a number, else bytewise. */
static void sort_levels(const struct table *t, struct span *lev, double *levv, size_t n)
{
	int numeric = 1;
	for (size_t i = 0; i < n; i++)
		if (isnan(levv[i]))
			numeric = 0;
	for (size_t i = 1; i < n; i++) {
		struct span x = lev[i];
		double xv = levv[i];
		size_t j = i;
		while (j > 0 && level_before(t, x, xv, lev[j - 1], levv[j - 1], numeric)) {
			lev[j] = lev[j - 1];
			levv[j] = levv[j - 1];
			j--;
		}
		lev[j] = x;
		levv[j] = xv;
	}
}

/* The first kept row where a slot's cell does not look like a number; -1 when none.
 * *nnum and *ntext count the number-like and the text cells (build() parses for real
 * and names a cell that only looked like a number). */
static long first_text(const struct table *t, size_t slot, size_t *nnum, size_t *ntext)
{
	long first = -1;
	*nnum = *ntext = 0;
	for (size_t r = 0; r < t->rows; r++) {
		if (!t->keep[r])
			continue;
		if (looks_number(t, cell_at(t, r, slot))) {
			(*nnum)++;
		} else {
			(*ntext)++;
			if (first < 0)
				first = (long)r;
		}
	}
	return first;
}

/* "FILE:LINE: column K (NAME): 'cell' <why><what>" for row r of a slot. */
static int cell_error(const struct table *t, size_t r, size_t slot, const char *why,
		      const char *what, char *err)
{
	char s[64];
	size_t col = t->slot_col[slot];
	show(t, cell_at(t, r, slot), s, sizeof s);
	return fp_err(err, FP_EINPUT, "%s:%zu: column %zu (%.*s): '%s' %s%s", t->name, t->lines[r],
		      col + 1, (int)t->head[col].len, cell_s(t, t->head[col]), s, why, what);
}

/* "... 'cell' is out of range (...)": a cell that looks like a number but is refused. */
static int number_error(const struct table *t, size_t r, size_t slot, const char *what, char *err)
{
	struct span c = cell_at(t, r, slot);
	char why[160];
	snprintf(why, sizeof why, "is %s", csv_why_not_number(cell_s(t, c), c.len));
	return cell_error(t, r, slot, why, what, err);
}

static int text_error(const struct table *t, size_t r, size_t slot, const char *what, char *err)
{
	return cell_error(t, r, slot, "is text in a numeric column", what, err);
}

/* Decide the AUTO specs: numbers as they are; mostly text: dummies; mostly numbers
 * with some text: an error naming the first text cell. One pass, row by row. */
static int resolve_auto(struct table *t, char *err)
{
	size_t na = 0;
	for (size_t i = 0; i < t->nspec; i++)
		na += t->spec[i].kind == TK_AUTO;
	if (na == 0)
		return FP_OK;
	size_t *cnt = fp_calloc(3 * t->nspec, sizeof *cnt); /* numbers, text, first text + 1 */
	if (!cnt)
		return fp_err(err, FP_EFAIL, "out of memory");
	for (size_t r = 0; r < t->rows; r++) {
		if (!t->keep[r])
			continue;
		for (size_t i = 0; i < t->nspec; i++) {
			if (t->spec[i].kind != TK_AUTO)
				continue;
			size_t *k = cnt + 3 * i;
			if (looks_number(t, cell_at(t, r, t->spec[i].slot))) {
				k[0]++;
			} else {
				k[1]++;
				if (!k[2])
					k[2] = r + 1;
			}
		}
	}
	int rc = FP_OK;
	for (size_t i = 0; i < t->nspec && rc == FP_OK; i++) {
		struct tspec *s = &t->spec[i];
		const size_t *k = cnt + 3 * i;
		if (s->kind != TK_AUTO)
			continue;
		if (k[1] && k[0] > k[1])
			rc = text_error(t, k[2] - 1, s->slot,
					" (write NAME:dummies for categories)", err);
		s->kind = k[1] ? TK_DUMMIES : TK_RAW;
	}
	fp_free(cnt);
	return rc;
}

/* Decide each spec's kind and output columns on the kept rows. */
static int resolve_specs(struct table *t, size_t *d, char *err)
{
	*d = 0;
	int rc = resolve_auto(t, err);
	if (rc)
		return rc;
	for (size_t i = 0; i < t->nspec; i++) {
		struct tspec *s = &t->spec[i];
		switch (s->kind) {
		case TK_AUTO:
		case TK_RAW:
		case TK_MAX:
		case TK_LOG: /* build() parses each cell and names the first that is not a number */
			s->nout = 1;
			break;
		case TK_DUMMIES: {
			s->lev = fp_malloc((TABLE_MAX_LEVELS + 1) * sizeof *s->lev);
			s->levv = fp_malloc((TABLE_MAX_LEVELS + 1) * sizeof *s->levv);
			if (!s->lev || !s->levv)
				return fp_err(err, FP_EFAIL, "out of memory");
			s->nlev =
			    collect_levels(t, s->slot, t->keep, s->lev, s->levv, TABLE_MAX_LEVELS);
			if (s->nlev > TABLE_MAX_LEVELS)
				return fp_err(
				    err, FP_EINPUT,
				    "%s: column '%s' has more than %d different values: too "
				    "many for dummy columns",
				    t->name, s->name, TABLE_MAX_LEVELS);
			sort_levels(t, s->lev, s->levv, s->nlev);
			s->nout = s->nlev ? s->nlev - 1 : 0;
			break;
		}
		case TK_LEVEL: {
			int found = 0;
			double v;
			s->levelv = fp_parse_double(s->level, &v) == 0 ? v : NAN;
			for (size_t k = 0; k < t->rows && !found; k++)
				found = t->keep[k] &&
					cell_is(t, cell_at(t, k, s->slot), s->level, s->levelv);
			if (!found)
				return fp_err(err, FP_EINPUT,
					      "%s: column '%s' has no value '%s' in the rows kept",
					      t->name, s->name, s->level);
			s->nout = 1;
			break;
		}
		}
		*d += s->nout;
	}
	return FP_OK;
}

static char *name_join(const char *a, const char *b, size_t blen)
{
	size_t la = strlen(a);
	char *p = fp_malloc(la + blen + 2);
	if (p) {
		memcpy(p, a, la);
		p[la] = '_';
		memcpy(p + la + 1, b, blen);
		p[la + 1 + blen] = 0;
	}
	return p;
}

/* Value of row r of a numeric spec into *val (log applied); an error names the cell. */
static int spec_value(const struct table *t, const struct tspec *s, size_t r, double *val,
		      char *err)
{
	struct span v = cell_at(t, r, s->slot);
	if (cell_num(t, v, val) != 0)
		return looks_number(t, v) ? number_error(t, r, s->slot, "", err)
					  : text_error(t, r, s->slot, "", err);
	if (s->kind == TK_LOG) {
		if (!(*val > -1))
			return cell_error(t, r, s->slot,
					  "is not above -1: log10(x + 1) needs x > -1", "", err);
		*val = log10(*val + 1);
	}
	return FP_OK;
}

/* The inputs' names into out->names (the constant's last), and where each spec's
 * columns start into at[], its running maximum mx[] set to -inf. 0, or -1 (no memory). */
static int build_names(const struct table *t, int constant, struct data *out, size_t *at,
		       double *mx)
{
	size_t c = 0;
	for (size_t i = 0; i < t->nspec; i++) {
		const struct tspec *s = &t->spec[i];
		at[i] = c;
		mx[i] = -INFINITY;
		for (size_t j = 1; s->kind == TK_DUMMIES && j < s->nlev; j++)
			if (!(out->names[c++] =
				  name_join(s->name, cell_s(t, s->lev[j]), s->lev[j].len)))
				return -1;
		if (s->kind == TK_DUMMIES)
			continue;
		if (s->kind == TK_LEVEL)
			out->names[c] = name_join(s->name, s->level, strlen(s->level));
		else
			out->names[c] = dupn(s->name, strlen(s->name));
		if (!out->names[c++])
			return -1;
	}
	if (constant && !(out->names[c] = dupn(TABLE_CONST_NAME, strlen(TABLE_CONST_NAME))))
		return -1;
	return 0;
}

/* Row r's inputs into row[] (spec i's columns from at[i]; mx[i] raised to the
 * largest plain value). FP_OK or an error naming the cell. */
static int build_row(struct table *t, size_t r, double *row, const size_t *at, double *mx,
		     char *err)
{
	for (size_t i = 0; i < t->nspec; i++) {
		const struct tspec *s = &t->spec[i];
		struct span v = cell_at(t, r, s->slot);
		if (s->kind == TK_DUMMIES) {
			size_t lv = level_find(t, s->lev, s->levv, s->nlev, v);
			for (size_t j = 1; j < s->nlev; j++)
				row[at[i] + j - 1] = lv == j ? 1.0 : 0.0;
		} else if (s->kind == TK_LEVEL) {
			row[at[i]] = cell_is(t, v, s->level, s->levelv) ? 1.0 : 0.0;
		} else {
			int rc = spec_value(t, s, r, &row[at[i]], err);
			if (rc != FP_OK)
				return rc;
			if (row[at[i]] > mx[i])
				mx[i] = row[at[i]];
		}
	}
	return FP_OK;
}

/* Fill out (x, y, names) from the kept rows, row by row (the cells of a row sit
 * together in memory and in the text). */
static int build(struct table *t, size_t d, int constant, struct data *out, char *err)
{
	size_t n = 0;
	for (size_t r = 0; r < t->rows; r++)
		n += t->keep[r];
	if (n && d > SIZE_MAX / sizeof(double) / n)
		return fp_err(err, FP_EINPUT, "%s: %zu inputs: too many", t->name, d);
	out->n = n;
	out->d = d;
	out->x = fp_malloc(n * d * sizeof *out->x);
	out->y = fp_malloc(n * sizeof *out->y);
	out->names = fp_calloc(d, sizeof *out->names);
	double *mx = fp_malloc((t->nspec ? t->nspec : 1) * sizeof *mx);
	size_t *at = fp_malloc((t->nspec ? t->nspec : 1) * sizeof *at);
	int rc = FP_OK;
	if (!out->x || !out->y || !out->names || !mx || !at) {
		rc = fp_err(err, FP_EFAIL, "%s: out of memory for %zu rows x %zu inputs", t->name,
			    n, d);
		goto done;
	}
	/* The names, and where each spec's columns start. */
	if (build_names(t, constant, out, at, mx) != 0)
		goto nomem;
	/* The values. */
	size_t k = 0;
	for (size_t r = 0; r < t->rows; r++) {
		if (!t->keep[r])
			continue;
		if (cell_num(t, cell_at(t, r, 0), &out->y[k]) != 0) {
			rc = number_error(t, r, 0, " (the target must be numbers)", err);
			goto done;
		}
		double *row = out->x + k * d;
		if ((rc = build_row(t, r, row, at, mx, err)) != FP_OK)
			goto done;
		if (constant)
			row[d - 1] = 1.0;
		k++;
	}
	for (size_t i = 0; i < t->nspec; i++) {
		const struct tspec *s = &t->spec[i];
		if (s->kind != TK_MAX)
			continue;
		if (!(mx[i] > 0) || !isfinite(mx[i])) {
			rc = fp_err(err, FP_EINPUT,
				    "%s: column '%s': its maximum is %g, cannot divide by it "
				    "(NAME:max needs a positive maximum)",
				    t->name, s->name, mx[i]);
			goto done;
		}
		for (size_t j = 0; j < n; j++)
			out->x[j * d + at[i]] /= mx[i];
	}
	/* Names go into tab-separated headers and onto the screen: no control bytes. */
	for (size_t j = 0; j < d; j++)
		for (char *q = out->names[j]; *q; q++)
			if ((unsigned char)*q < 32 || *q == 127)
				*q = '_';
	if (!fp_all_finite(out->x, n * d) || !fp_all_finite(out->y, n)) {
		rc = fp_err(err, FP_EINPUT, "%s: values too large", t->name);
		goto done;
	}
	out->xlo = out->xhi = (n > 0 && d > 0) ? out->x[0] : 0;
	for (size_t j = 0; j < n * d; j++) {
		if (out->x[j] < out->xlo)
			out->xlo = out->x[j];
		if (out->x[j] > out->xhi)
			out->xhi = out->x[j];
	}
	goto done;
nomem:
	rc = fp_err(err, FP_EFAIL, "out of memory");
done:
	fp_free(mx);
	fp_free(at);
	return rc;
}

/* Keep the raw cells of the columns the inputs come from, each column once, for the
 * sheet view (data-raw.c): a column whose every kept cell is a number as numbers, else
 * as text levels (a column of more than DATA_RAW_MAX_LEVELS is left out). Not fatal:
 * without memory the sheet shows the inputs alone. */
static void keep_raw(const struct table *t, struct data *out)
{
	for (size_t i = 0; i < t->nspec; i++) {
		const struct tspec *s = &t->spec[i];
		int seen = 0, text = 0;
		for (size_t q = 0; q < i; q++)
			seen |= t->spec[q].col == s->col;
		if (seen)
			continue;
		for (size_t r = 0; r < t->rows && !text; r++)
			text = t->keep[r] && isnan(cell_value(t, cell_at(t, r, s->slot)));
		long c = data_raw_add(out, cell_s(t, t->head[s->col]), t->head[s->col].len);
		if (c < 0)
			return;
		struct data_raw *col = &out->raw[c];
		size_t k = 0;
		for (size_t r = 0; r < t->rows; r++) {
			if (!t->keep[r])
				continue;
			struct span v = cell_at(t, r, s->slot);
			long lv = text ? data_raw_level(col, cell_s(t, v), v.len) : 0;
			if (lv < 0) {
				data_raw_drop(out, (size_t)c);
				break;
			}
			col->v[k++] = text ? (float)lv : (float)cell_value(t, v);
		}
	}
}

/* Free what *t owns and zero it (so a second call does nothing). */
static void table_free(struct table *t)
{
	csv_tok_done(&t->tok);
	fp_free(t->buf);
	fp_free(t->head);
	specs_free(t->spec, t->nspec);
	fp_free(t->slot_col);
	fp_free(t->cells);
	fp_free(t->lines);
	fp_free(t->keep);
	memset(t, 0, sizeof *t);
}

/* 1 when a column's name reads as an identifier's: id, index, idx, row, rowid, row_id,
 * rownum, row_number, no, #, "" or pandas' "Unnamed: 0" (any case), or a name ending
 * in "Id" or "ID" (PassengerId, CustomerID) or in "_id", "-id", ".id", " id". */
static int id_name(const char *s, size_t n)
{
	static const char *const names[] = {"",		  "id",	   "index",  "idx",
					    "row",	  "rowid", "row_id", "rownum",
					    "row_number", "no",	   "#",	     "unnamed: 0"};
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
		if (strlen(names[i]) == n && strncasecmp(names[i], s, n) == 0)
			return 1;
	if (n > 2 && s[n - 2] == 'I' && (s[n - 1] == 'd' || s[n - 1] == 'D'))
		return 1;
	return n > 3 && strchr("_-. ", s[n - 3]) && strncasecmp(s + n - 2, "id", 2) == 0;
}

/* 1 when a slot counts the rows, 1..n or 0..n-1 in order in every row. */
static int row_counter(const struct table *t, size_t slot)
{
	double v, first = 0;
	if (t->rows < 3)
		return 0;
	for (size_t r = 0; r < t->rows; r++) {
		if (cell_num(t, cell_at(t, r, slot), &v) != 0)
			return 0;
		if (r == 0)
			first = v;
		if ((first != 0 && first != 1) || v != first + (double)r)
			return 0;
	}
	return 1;
}

/* Append ", NAME" (or "NAME" first) to the growing list *s; -1 on no memory. */
static int list_add(char **s, const char *name, size_t n)
{
	size_t old = *s ? strlen(*s) : 0;
	char *p = fp_realloc(*s, old + n + 3);
	if (!p)
		return -1;
	if (old)
		memcpy(p + old, ", ", 2), old += 2;
	for (size_t i = 0; i < n; i++) /* it goes to a terminal: no control bytes */
		p[old + i] = ((unsigned char)name[i] < 32 || name[i] == 127) ? '_' : name[i];
	p[old + n] = 0;
	*s = p;
	return 0;
}

/* The note on what default_specs left out, into *note (owned), or NULL when nothing. */
static int left_out_note(const char *ids, const char *texts, char **note)
{
	*note = NULL;
	if (!ids && !texts)
		return 0;
	size_t n = (ids ? strlen(ids) : 0) + (texts ? strlen(texts) : 0) + 200;
	char *p = fp_malloc(n);
	if (!p)
		return -1;
	snprintf(p, n, "left out %s%s%s%s%s", ids ? ids : "",
		 ids ? " (an identifier: 1, 2, 3, ...; keep it with --inputs)" : "",
		 ids && texts ? " and " : "", texts ? texts : "",
		 texts ? " (text with more than " STR(TABLE_MAX_LEVELS) " different values)" : "");
	*note = p;
	return 0;
}

/* Default inputs: every column but the target, except text columns with too many
 * levels, and identifiers: a column named like one (id_name) counting the rows 1..n or
 * 0..n-1 (decided on every row, before blanks are dropped). What is left out is said
 * in *note (owned; NULL when nothing). */
static int default_specs(struct table *t, char **note, char *err)
{
	struct span lev[TABLE_MAX_LEVELS + 1];
	double levv[TABLE_MAX_LEVELS + 1];
	char *ids = NULL, *texts = NULL;
	int rc = FP_OK;
	*note = NULL;
	t->spec = fp_calloc(t->ncols, sizeof *t->spec);
	size_t *cnt = fp_calloc(2 * t->nslot, sizeof *cnt); /* numbers, text per slot */
	if (!t->spec || !cnt)
		goto nomem;
	for (size_t r = 0; r < t->rows; r++) /* row by row: the text is read in order */
		for (size_t j = 1; j < t->nslot; j++)
			if (!cell_blank(t, r, j))
				cnt[2 * j + !looks_number(t, cell_at(t, r, j))]++;
	for (size_t c = 0; c < t->ncols; c++) {
		if (c == t->target)
			continue;
		/* All columns are kept here, the target first, then the others in order. */
		size_t slot = c < t->target ? c + 1 : c;
		size_t nnum = cnt[2 * slot], ntext = cnt[2 * slot + 1];
		const char *name = cell_s(t, t->head[c]);
		size_t nlen = t->head[c].len;
		if (ntext > nnum &&
		    collect_levels(t, slot, NULL, lev, levv, TABLE_MAX_LEVELS) > TABLE_MAX_LEVELS) {
			if (list_add(&texts, name, nlen))
				goto nomem;
			continue;
		}
		if (ntext == 0 && id_name(name, nlen) && row_counter(t, slot)) {
			if (list_add(&ids, name, nlen))
				goto nomem;
			continue;
		}
		struct tspec *s = &t->spec[t->nspec++];
		s->name = dupn(name, nlen);
		if (!s->name)
			goto nomem;
		s->kind = ntext ? TK_AUTO : TK_RAW; /* numbers in every row: numbers */
		s->col = c;
		s->slot = slot;
	}
	if (left_out_note(ids, texts, note))
		goto nomem;
	goto done;
nomem:
	rc = fp_err(err, FP_EFAIL, "out of memory");
done:
	fp_free(ids);
	fp_free(texts);
	fp_free(cnt);
	return rc;
}

/* The header line: t->ncols and t->head, then the target column (cfg's, else
 * TABLE_DEFAULT_TARGET when there is one, else the last). FP_OK or an error. */
static int table_header(struct table *t, const struct table_cfg *cfg, char *err)
{
	size_t line0;
	int rc = csv_tok_next(&t->tok, &line0, err);
	if (rc != 1)
		return rc ? -rc : fp_err(err, FP_EINPUT, "%s: empty file, no header line", t->name);
	t->ncols = t->tok.nf;
	t->head = fp_malloc(t->ncols * sizeof *t->head);
	if (!t->head)
		return fp_err(err, FP_EFAIL, "%s: out of memory", t->name);
	for (size_t i = 0; i < t->ncols; i++) {
		t->head[i].off = t->tok.f[i].off;
		t->head[i].len = t->tok.f[i].len;
	}
	const char *target = cfg->target;
	if (!target && head_find(t, TABLE_DEFAULT_TARGET, &t->target) == 0)
		target = TABLE_DEFAULT_TARGET;
	if (!target)
		t->target = t->ncols - 1;
	else if (head_find(t, target, &t->target) != 0)
		return no_column(t, "target", target, err);
	return FP_OK;
}

/* The inputs: their columns (cfg's --inputs, else every column but the target),
 * and the slots kept per row (target first). FP_OK or an error. */
static int table_inputs(struct table *t, const struct table_cfg *cfg, char *err)
{
	t->slot_col = fp_malloc((t->ncols + 1) * sizeof *t->slot_col);
	if (!t->slot_col)
		return fp_err(err, FP_EFAIL, "%s: out of memory", t->name);
	t->slot_col[t->nslot++] = t->target;
	if (!cfg->inputs) {
		for (size_t c = 0; c < t->ncols; c++)
			if (c != t->target)
				t->slot_col[t->nslot++] = c;
		return FP_OK;
	}
	int rc = specs_parse(cfg->inputs, &t->spec, &t->nspec, err);
	if (rc)
		return rc;
	for (size_t i = 0; i < t->nspec; i++) {
		if (head_find(t, t->spec[i].name, &t->spec[i].col) != 0)
			return no_column(t, "input", t->spec[i].name, err);
		if (t->spec[i].col == t->target)
			return fp_err(err, FP_EINPUT,
				      "%s: column '%s' is the target; it cannot "
				      "be an input too",
				      t->name, t->spec[i].name);
		t->spec[i].slot = slot_of(t, t->spec[i].col);
	}
	return FP_OK;
}

/* The data rows, each with the header's number of fields. FP_OK or an error. */
static int table_rows(struct table *t, char *err)
{
	size_t line0;
	int rc;
	while ((rc = csv_tok_next(&t->tok, &line0, err)) == 1) {
		if (t->tok.nf != t->ncols)
			return fp_err(err, FP_EINPUT,
				      "%s:%zu: %zu field%s where the header has %zu", t->name,
				      line0, t->tok.nf, t->tok.nf == 1 ? "" : "s", t->ncols);
		if (append_row(t, line0))
			return fp_err(err, FP_EFAIL, "%s: out of memory at line %zu", t->name,
				      line0);
	}
	if (rc)
		return -rc;
	if (t->rows == 0)
		return fp_err(err, FP_EINPUT, "%s: header only, no data rows", t->name);
	return FP_OK;
}

/* Mark the rows kept (t->keep): those with no blank in a used column (with default
 * inputs only the columns kept as inputs count); their number into *kept. FP_OK or
 * an error (none left). */
static int table_keep(struct table *t, size_t *kept, char *err)
{
	t->keep = fp_malloc(t->rows);
	if (!t->keep)
		return fp_err(err, FP_EFAIL, "%s: out of memory", t->name);
	*kept = 0;
	for (size_t r = 0; r < t->rows; r++) {
		int ok = !cell_blank(t, r, 0);
		for (size_t i = 0; ok && i < t->nspec; i++)
			ok = !cell_blank(t, r, t->spec[i].slot);
		t->keep[r] = (unsigned char)ok;
		*kept += (size_t)ok;
	}
	if (*kept == 0)
		return fp_err(
		    err, FP_EINPUT,
		    "%s: no rows left: each of the %zu rows has a blank cell in a used column",
		    t->name, t->rows);
	return FP_OK;
}

/* Parse buf[0..len) (owned: freed here, as soon as the numbers are out of it; buf[len]
 * writable). The peak is the text, one offset per cell kept, and x; then x and xt. */
static int parse_owned(char *buf, size_t len, const char *name, const struct table_cfg *cfg,
		       struct data *out, char *err)
{
	struct table t;
	memset(&t, 0, sizeof t);
	t.name = name;
	t.buf = buf;
	char *note = NULL;
	size_t kept, nnum, ntext, d;
	int rc = csv_tok_init(&t.tok, buf, len, name, err);
	if (rc || (rc = table_header(&t, cfg, err)) || (rc = table_inputs(&t, cfg, err)) ||
	    (rc = table_rows(&t, err)))
		goto fail;
	if (!cfg->inputs && (rc = default_specs(&t, &note, err)) != FP_OK)
		goto fail;
	if ((rc = table_keep(&t, &kept, err)) != FP_OK)
		goto fail;
	long r = first_text(&t, 0, &nnum, &ntext);
	if (r >= 0) {
		rc = text_error(&t, (size_t)r, 0, " (the target must be numbers)", err);
		goto fail;
	}
	if ((rc = resolve_specs(&t, &d, err)) != FP_OK)
		goto fail;
	d += cfg->constant != 0;
	if (d == 0) {
		rc = fp_err(err, FP_EINPUT,
			    "%s: no inputs (every input column has one value "
			    "only, and no constant column)",
			    name);
		goto fail;
	}
	memset(out, 0, sizeof *out);
	if ((rc = build(&t, d, cfg->constant, out, err)) != FP_OK)
		goto fail;
	keep_raw(&t, out);
	size_t rows = t.rows;
	table_free(&t); /* the text and the cells: x holds the numbers now */
	if ((rc = data_make_columns(out, err)) != FP_OK)
		goto fail;
	out->dropped = rows - kept;
	out->note = note;
	note = NULL;
	out->source = dupn(name, strlen(name));
	if (!out->source) {
		rc = fp_err(err, FP_EFAIL, "%s: out of memory", name);
		goto fail;
	}
	table_free(&t);
	return FP_OK;
fail:
	fp_free(note);
	table_free(&t);
	data_free(out);
	return rc;
}

int data_table_parse(const char *buf, size_t len, const char *name, const struct table_cfg *cfg,
		     struct data *out, char *err)
{
	memset(out, 0, sizeof *out);
	char *copy = fp_malloc(len + 1);
	if (!copy)
		return fp_err(err, FP_EFAIL, "%s: out of memory", name);
	memcpy(copy, buf, len);
	copy[len] = 0;
	return parse_owned(copy, len, name, cfg, out, err);
}

int data_table_load(const char *path, const struct table_cfg *cfg, struct data *out, char *err)
{
	memset(out, 0, sizeof *out);
	char *buf;
	size_t len;
	int rc = data_file_read(path, &buf, &len, err);
	if (rc)
		return rc;
	return parse_owned(buf, len, strcmp(path, "-") == 0 ? "stdin" : path, cfg, out, err);
}

size_t table_right(const double *p, const struct data *d)
{
	size_t right = 0;
	for (size_t i = 0; i < d->n; i++)
		right += table_side(p[i]) == table_side(d->y[i]);
	return right;
}

double table_accuracy(const struct model_type *t, const struct model_cfg *cfg, const double *theta,
		      const struct data *d)
{
	size_t right = 0;
	double *p = fp_malloc((d->n ? d->n : 1) * sizeof *p);
	if (p) {
		t->predict(cfg, theta, d, p);
		right = table_right(p, d);
	} else { /* no memory for the predictions: the model's rows one by one */
		for (size_t i = 0; i < d->n; i++)
			right +=
			    table_side(t->eval(cfg, theta, d->x + i * d->d)) == table_side(d->y[i]);
	}
	fp_free(p);
	return d->n ? (double)right / (double)d->n : 0.0;
}
