/* SPDX-License-Identifier: GPL-3.0-or-later */
/* session.c: reading session files. A careful parser: the version line, then one
 * `key = value` a line from a table of keys (each with its kind and field), every
 * number a finite %.17g decimal, every repeated, unknown or missing key and every
 * wrong count named with FILE:LINE, an `end` line against truncation. On any error
 * the session is freed: nothing half-loaded reaches the caller. */
#include <ctype.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "session.h"
#include "util.h"

/* The parse under way. */
#define SKEYS_MAX 96 /* room in sparse.seen: at least the keys of session_keys[] */

struct sparse {
	struct session *s;
	const char *name; /* shown file name */
	unsigned line;	  /* the line being read */
	char *err;
	unsigned seen[SKEYS_MAX]; /* the line each key of session_keys[] was first given on */
	int ended;		  /* the `end` line was read */
};

enum skind {
	SK_STR = 0, /* an owned string (char *), escapes undone */
	SK_CHARS,   /* into a char array of size `n` */
	SK_ULONG,   /* unsigned long */
	SK_SIZE,    /* size_t */
	SK_INT01,   /* 0 or 1 into int */
	SK_INT,	    /* a small whole number (0..1000) into int */
	SK_DOUBLE,  /* one finite double */
	SK_FIXED,   /* `n` finite doubles into a double array */
	SK_LIST,    /* finite doubles into an owned double *, count at off_n */
	SK_SPECIAL, /* fn */
};

struct skey {
	const char *name;
	enum skind kind;
	size_t off;   /* the field in struct session */
	size_t off_n; /* SK_LIST: its count (size_t) */
	size_t n;     /* SK_CHARS: size; SK_FIXED: how many */
	int repeat;   /* may be given on several lines */
	int required; /* must be given */
	int (*fn)(struct sparse *p, char *val);
	size_t line_off; /* where to note the line (offset in struct session_lines), or -1 */
};

#define NOLINE ((size_t)-1)
#define F(x)   offsetof(struct session, x)
#define L(x)   offsetof(struct session_lines, x)

static int sbad(struct sparse *p, const char *fmt, const char *key, const char *what)
{
	return fp_err(p->err, FP_EINPUT, "%s:%u: %s: %s", p->name, p->line, key, what);
}

/* The next whitespace-separated token of *pp into [tok, tok+len). 0 at the end. */
static int next_tok(char **pp, char **tok, size_t *len)
{
	char *q = *pp;
	while (*q == ' ' || *q == '\t')
		q++;
	if (!*q)
		return 0;
	*tok = q;
	while (*q && *q != ' ' && *q != '\t')
		q++;
	*len = (size_t)(q - *tok);
	*pp = q;
	return 1;
}

static int num(struct sparse *p, const char *key, const char *t, size_t len, double *v)
{
	char show[48];
	if (fp_parse_double_n(t, len, v) == 0)
		return FP_OK;
	csv_show(t, len, 24, show, sizeof show);
	return fp_err(p->err, FP_EINPUT, "%s:%u: %s: '%s' is not a finite number", p->name, p->line,
		      key, show);
}

/* All the numbers of val into a new array. */
static int num_list(struct sparse *p, const char *key, char *val, double **out, size_t *n)
{
	size_t cap = 16, k = 0, len;
	char *t, *q = val;
	double *v = fp_malloc(cap * sizeof *v);
	if (!v)
		return fp_err(p->err, FP_EFAIL, "%s: out of memory", p->name);
	while (next_tok(&q, &t, &len)) {
		if (k == cap) {
			double *nv = fp_realloc(v, 2 * cap * sizeof *v);
			if (!nv) {
				fp_free(v);
				return fp_err(p->err, FP_EFAIL, "%s: out of memory", p->name);
			}
			v = nv;
			cap *= 2;
		}
		if (num(p, key, t, len, &v[k]) != FP_OK) {
			fp_free(v);
			return FP_EINPUT;
		}
		k++;
	}
	*out = v;
	*n = k;
	return FP_OK;
}

static int whole(struct sparse *p, const char *key, const char *val, size_t max, size_t *out)
{
	if (fp_parse_size(val, max, out) == 0)
		return FP_OK;
	char show[48];
	csv_show(val, strlen(val), 24, show, sizeof show);
	return fp_err(p->err, FP_EINPUT, "%s:%u: %s: '%s' is not a whole number 0 to %zu", p->name,
		      p->line, key, show, max);
}

/* Undo the writer's escapes (\\ and \xHH) in place. -1 on a bad escape. */
static int unescape(char *s)
{
	char *w = s;
	for (char *r = s; *r; r++) {
		if (*r != '\\') {
			*w++ = *r;
			continue;
		}
		if (r[1] == '\\') {
			*w++ = '\\';
			r++;
			continue;
		}
		if (r[1] != 'x' || !r[2] || !r[3])
			return -1;
		char hx[3] = {r[2], r[3], 0}, *e;
		long c = strtol(hx, &e, 16);
		if (*e || c <= 0)
			return -1;
		*w++ = (char)c;
		r += 3;
	}
	*w = 0;
	return 0;
}

static int sp_source(struct sparse *p, char *val)
{
	static const char *const names[] = {"generated", "file", "table"};
	for (int i = 0; i < 3; i++)
		if (strcmp(val, names[i]) == 0) {
			p->s->source = (enum session_source)i;
			return FP_OK;
		}
	return sbad(p, "", "source", "expected generated, file or table");
}

static int sp_target(struct sparse *p, char *val)
{
	if (data_target_find(val, &p->s->gen.target) != 0)
		return sbad(p, "", "gen.target", "expected quad, sine, abs or step");
	return FP_OK;
}

static int sp_loss(struct sparse *p, char *val)
{
	if (loss_find(val, &p->s->loss) != 0)
		return sbad(p, "", "loss", "expected mse or mae");
	return FP_OK;
}

static int sp_rule(struct sparse *p, char *val)
{
	if (strcmp(val, "correct") == 0 || strcmp(val, "notebook") == 0) {
		p->s->accumulate = val[0] == 'n';
		return FP_OK;
	}
	return sbad(p, "", "rule", "expected correct or notebook");
}

static int sp_optim(struct sparse *p, char *val)
{
	if (!optim_find(val))
		return sbad(p, "", "optim", "expected gd, momentum or adam");
	snprintf(p->s->optim, sizeof p->s->optim, "%s", val);
	return FP_OK;
}

static int sp_trend(struct sparse *p, char *val)
{
	size_t t;
	if (whole(p, "trend", val, FIT_TREND_RISING, &t))
		return FP_EINPUT;
	p->s->trend = (int)t;
	return FP_OK;
}

static int parse_sum(struct sparse *p, char *val, const char *key, uint64_t *out)
{
	char *e;
	if (strncmp(val, "fnv1a64w:", 9) != 0 || strlen(val) != 25 ||
	    !isxdigit((unsigned char)val[9]))
		return sbad(p, "", key, "expected fnv1a64w: and 16 hex digits");
	*out = strtoull(val + 9, &e, 16);
	if (*e)
		return sbad(p, "", key, "expected fnv1a64w: and 16 hex digits");
	return FP_OK;
}

static int sp_checksum(struct sparse *p, char *val)
{
	return parse_sum(p, val, "data.checksum", &p->s->checksum);
}

static int sp_lesson_checksum(struct sparse *p, char *val)
{
	p->s->lesson_is_file = 1;
	return parse_sum(p, val, "lesson.checksum", &p->s->lesson_sum);
}

static int sp_point(struct sparse *p, char *val)
{
	struct session *s = p->s;
	double *v;
	size_t n;
	int rc = num_list(p, "point", val, &v, &n);
	if (rc)
		return rc;
	if (n != 2) {
		fp_free(v);
		return sbad(p, "", "point", "expected two numbers x y");
	}
	if (s->npoints % 64 == 0) {
		double *np = fp_realloc(s->points, (s->npoints + 64) * 2 * sizeof *np);
		if (!np) {
			fp_free(v);
			return fp_err(p->err, FP_EFAIL, "%s: out of memory", p->name);
		}
		s->points = np;
	}
	s->points[2 * s->npoints] = v[0];
	s->points[2 * s->npoints + 1] = v[1];
	s->npoints++;
	fp_free(v);
	if (!s->line.points)
		s->line.points = p->line;
	return FP_OK;
}

/* trace = STEP LOSS THETA...: one snapshot a line, all with n_theta values. */
static int sp_trace(struct sparse *p, char *val)
{
	struct session *s = p->s;
	double *v;
	size_t n;
	int rc = num_list(p, "trace", val, &v, &n);
	if (rc)
		return rc;
	size_t np = n - 2;
	if (n < 3 || !s->n_theta || np != s->n_theta || v[0] < 0 || v[0] > 1e15 ||
	    v[0] != (double)(unsigned long)v[0]) {
		fp_free(v);
		return sbad(p, "", "trace",
			    "expected STEP LOSS and one value per coefficient (after theta)");
	}
	if (s->trace_n == s->trace_cap) {
		size_t nc = s->trace_cap ? 2 * s->trace_cap : 16;
		unsigned long *ns = fp_realloc(s->trace_step, nc * sizeof *ns);
		if (ns)
			s->trace_step = ns;
		double *nl = ns ? fp_realloc(s->trace_loss, nc * sizeof *nl) : NULL;
		if (nl)
			s->trace_loss = nl;
		double *nt = nl ? fp_realloc(s->trace_theta, nc * np * sizeof *nt) : NULL;
		if (!nt) {
			fp_free(v);
			return fp_err(p->err, FP_EFAIL, "%s: out of memory", p->name);
		}
		s->trace_theta = nt;
		s->trace_cap = nc;
	}
	s->trace_step[s->trace_n] = (unsigned long)v[0];
	s->trace_loss[s->trace_n] = v[1];
	memcpy(s->trace_theta + s->trace_n * np, v + 2, np * sizeof *v);
	s->trace_n++;
	fp_free(v);
	return FP_OK;
}

/* The ghost the ghost.* keys fill: the last `ghost` line's. */
static struct session_ghost *cur_ghost(struct sparse *p, const char *key)
{
	if (!p->s->nghost) {
		sbad(p, "", key, "comes before any 'ghost' line");
		return NULL;
	}
	return &p->s->ghost[p->s->nghost - 1];
}

static int sp_ghost(struct sparse *p, char *val)
{
	if (p->s->nghost == SESSION_GHOSTS)
		return sbad(p, "", "ghost", "more than 4 ghosts");
	if (!val[0] || strlen(val) >= sizeof p->s->ghost[0].model)
		return sbad(p, "", "ghost", "expected a model spec");
	struct session_ghost *g = &p->s->ghost[p->s->nghost++];
	strcpy(g->model, val);
	return FP_OK;
}

/* A whole number 0..max held in a double. */
static int whole_d(double v, double max)
{
	return v >= 0 && v <= max && v == (double)(unsigned long)v;
}

static int sp_ghost_cfg(struct sparse *p, char *val)
{
	struct session_ghost *g = cur_ghost(p, "ghost.cfg");
	double *v;
	size_t n;
	if (!g)
		return FP_EINPUT;
	int rc = num_list(p, "ghost.cfg", val, &v, &n);
	if (rc)
		return rc;
	int ok = n == 3 && whole_d(v[2], 4294967295.0);
	if (ok) {
		g->xlo = v[0];
		g->xhi = v[1];
		g->seed = (unsigned long)v[2];
	}
	fp_free(v);
	return ok ? FP_OK : sbad(p, "", "ghost.cfg", "expected XLO XHI SEED");
}

static int sp_ghost_run(struct sparse *p, char *val)
{
	struct session_ghost *g = cur_ghost(p, "ghost.run");
	double *v;
	size_t n;
	if (!g)
		return FP_EINPUT;
	int rc = num_list(p, "ghost.run", val, &v, &n);
	if (rc)
		return rc;
	int ok = n == 3 && whole_d(v[0], 1e15) && whole_d(v[2], v[0]);
	if (ok) {
		g->steps = (unsigned long)v[0];
		g->loss = v[1];
		g->hist_first = (unsigned long)v[2];
	}
	fp_free(v);
	return ok ? FP_OK : sbad(p, "", "ghost.run", "expected STEPS LOSS HISTORY_FIRST");
}

static int sp_ghost_text(struct sparse *p, char *val, const char *key, char *dst, size_t cap)
{
	if (unescape(val) != 0 || strlen(val) >= cap)
		return sbad(p, "", key, "a bad escape, or too long");
	strcpy(dst, val);
	return FP_OK;
}

static int sp_ghost_label(struct sparse *p, char *val)
{
	struct session_ghost *g = cur_ghost(p, "ghost.label");
	return g ? sp_ghost_text(p, val, "ghost.label", g->label, sizeof g->label) : FP_EINPUT;
}

static int sp_ghost_said(struct sparse *p, char *val)
{
	struct session_ghost *g = cur_ghost(p, "ghost.said");
	return g ? sp_ghost_text(p, val, "ghost.said", g->said, sizeof g->said) : FP_EINPUT;
}

/* ghost.theta, ghost.trace, ghost.history: a list each, once per ghost. */
static int sp_ghost_list(struct sparse *p, char *val, const char *key, double **dst, size_t *n)
{
	if (*dst)
		return sbad(p, "", key, "given twice for one ghost");
	int rc = num_list(p, key, val, dst, n);
	if (rc == FP_OK && !*n) {
		fp_free(*dst);
		*dst = NULL;
		return sbad(p, "", key, "no values");
	}
	return rc;
}

static int sp_ghost_theta(struct sparse *p, char *val)
{
	struct session_ghost *g = cur_ghost(p, "ghost.theta");
	return g ? sp_ghost_list(p, val, "ghost.theta", &g->theta, &g->np) : FP_EINPUT;
}

static int sp_ghost_trace(struct sparse *p, char *val)
{
	struct session_ghost *g = cur_ghost(p, "ghost.trace");
	return g ? sp_ghost_list(p, val, "ghost.trace", &g->tr, &g->ntr) : FP_EINPUT;
}

static int sp_ghost_hist(struct sparse *p, char *val)
{
	struct session_ghost *g = cur_ghost(p, "ghost.history");
	return g ? sp_ghost_list(p, val, "ghost.history", &g->hist, &g->hist_n) : FP_EINPUT;
}

static int sp_end(struct sparse *p, char *val)
{
	if (strcmp(val, SESSION_MAGIC) != 0)
		return sbad(p, "", "end", "expected 'end = " SESSION_MAGIC "'");
	p->ended = 1;
	return FP_OK;
}

#define STR(k, f)                                                                                  \
	{                                                                                          \
		k, SK_STR, F(f), 0, 0, 0, 0, NULL, NOLINE                                          \
	}
#define SPC(k, fn)                                                                                 \
	{                                                                                          \
		k, SK_SPECIAL, 0, 0, 0, 0, 0, fn, NOLINE                                           \
	}
#define REQ(k, fn)                                                                                 \
	{                                                                                          \
		k, SK_SPECIAL, 0, 0, 0, 0, 1, fn, NOLINE                                           \
	}
#define VAL(k, t, f)                                                                               \
	{                                                                                          \
		k, t, F(f), 0, 0, 0, 0, NULL, NOLINE                                               \
	}
#define LST(k, f, n, l, r)                                                                         \
	{                                                                                          \
		k, SK_LIST, F(f), F(n), 0, 0, r, NULL, L(l)                                        \
	}
/* Every key of version 1, in the order they are written. */
static const struct skey session_keys[] = {
    REQ("source", sp_source),
    STR("preset", preset),
    SPC("gen.target", sp_target),
    {"gen.true", SK_FIXED, F(gen.truth), 0, 3, 0, 0, NULL, NOLINE},
    VAL("gen.points", SK_SIZE, gen.n),
    {"gen.xrange", SK_FIXED, F(gen.xlo), 0, 2, 0, 0, NULL, NOLINE},
    {"gen.noise", SK_FIXED, F(gen.mult), 0, 2, 0, 0, NULL, NOLINE},
    VAL("gen.seed", SK_ULONG, gen.seed),
    VAL("gen.skip", SK_SIZE, gen.skip),
    VAL("gen.torch_grid", SK_INT01, gen.torch_grid),
    {"data.file", SK_STR, F(data_path), 0, 0, 0, 0, NULL, L(data)},
    SPC("data.checksum", sp_checksum),
    VAL("data.size", SK_ULONG, size),
    STR("table.target", table_target),
    STR("table.inputs", table_inputs),
    VAL("table.no_constant", SK_INT01, table_no_constant),
    VAL("data.valid", SK_DOUBLE, valid),
    VAL("data.valid_seed", SK_ULONG, valid_seed),
    VAL("data.edited", SK_INT01, edited),
    {"data.xrange", SK_FIXED, F(data_xlo), 0, 2, 0, 0, NULL, NOLINE},
    {"point", SK_SPECIAL, 0, 0, 0, 1, 0, sp_point, NOLINE},
    {"model", SK_CHARS, F(model), 0, sizeof(((struct session *)0)->model), 0, 1, NULL, NOLINE},
    REQ("loss", sp_loss),
    REQ("optim", sp_optim),
    {"lr", SK_DOUBLE, F(lr), 0, 0, 0, 1, NULL, NOLINE},
    REQ("rule", sp_rule),
    LST("theta0", theta0, n_theta0, theta0, 1),
    LST("theta", theta, n_theta, theta, 1),
    {"loss_value", SK_DOUBLE, F(loss_value), 0, 0, 0, 1, NULL, L(loss)},
    {"step", SK_ULONG, F(step), 0, 0, 0, 1, NULL, NOLINE},
    LST("acc", acc, n_acc, acc, 0),
    LST("optim.state", ostate, n_ostate, ostate, 0),
    SPC("trend", sp_trend),
    VAL("rising", SK_SIZE, rising),
    VAL("last_rel_drop", SK_DOUBLE, last_rel_drop),
    VAL("diverged_step", SK_ULONG, diverged_step),
    {"diverged_what", SK_CHARS, F(diverged_what), 0, 64, 0, 0, NULL, NOLINE},
    VAL("history.first", SK_ULONG, hist_first),
    LST("history", hist, n_hist, hist, 0),
    VAL("trace.stride", SK_ULONG, trace_stride),
    {"trace", SK_SPECIAL, 0, 0, 0, 1, 0, sp_trace, NOLINE},
    {"view", SK_CHARS, F(view), 0, sizeof(((struct session *)0)->view), 0, 0, NULL, NOLINE},
    VAL("view.sel", SK_SIZE, sel),
    {"view.axes", SK_FIXED, F(axes), 0, 4, 0, 0, NULL, NOLINE},
    {"view.axes0", SK_FIXED, F(axes0), 0, 4, 0, 0, NULL, NOLINE},
    VAL("view.axes0_set", SK_INT01, axes0_set),
    {"view.pair", SK_SPECIAL, 0, 0, 0, 0, 0, NULL, NOLINE}, /* set below */
    VAL("view.glyphs", SK_INT, glyphs),
    VAL("view.pace", SK_DOUBLE, pace),
    VAL("view.guides", SK_INT01, guides),
    VAL("view.residuals", SK_INT01, residuals),
    VAL("view.console", SK_INT01, console),
    VAL("view.noise_k", SK_INT, noise_k),
    {"view.noise_base", SK_FIXED, F(noise_base), 0, 2, 0, 0, NULL, NOLINE},
    {"view.x", SK_FIXED, F(view_x), 0, 2, 0, 0, NULL, NOLINE},
    {"ghost", SK_SPECIAL, 0, 0, 0, 1, 0, sp_ghost, NOLINE},
    {"ghost.cfg", SK_SPECIAL, 0, 0, 0, 1, 0, sp_ghost_cfg, NOLINE},
    {"ghost.run", SK_SPECIAL, 0, 0, 0, 1, 0, sp_ghost_run, NOLINE},
    {"ghost.label", SK_SPECIAL, 0, 0, 0, 1, 0, sp_ghost_label, NOLINE},
    {"ghost.said", SK_SPECIAL, 0, 0, 0, 1, 0, sp_ghost_said, NOLINE},
    {"ghost.theta", SK_SPECIAL, 0, 0, 0, 1, 0, sp_ghost_theta, NOLINE},
    {"ghost.trace", SK_SPECIAL, 0, 0, 0, 1, 0, sp_ghost_trace, NOLINE},
    {"ghost.history", SK_SPECIAL, 0, 0, 0, 1, 0, sp_ghost_hist, NOLINE},
    {"lesson", SK_STR, F(lesson), 0, 0, 0, 0, NULL, L(lesson)},
    SPC("lesson.checksum", sp_lesson_checksum),
    VAL("lesson.size", SK_ULONG, lesson_size),
    {"lesson.chapter", SK_SIZE, F(lesson_chapter), 0, 0, 0, 0, NULL, L(chapter)},
    STR("lesson.data", lesson_data),
    {"end", SK_SPECIAL, 0, 0, 0, 0, 1, sp_end, NOLINE},
    {NULL, 0, 0, 0, 0, 0, 0, NULL, NOLINE},
};
_Static_assert(sizeof session_keys / sizeof *session_keys <= SKEYS_MAX,
	       "sparse.seen must have room for every key");

static int sp_pair(struct sparse *p, char *val)
{
	char *q = val, *t;
	size_t len, k = 0, v;
	char b[32];
	while (next_tok(&q, &t, &len)) {
		if (k == 2 || len >= sizeof b)
			return sbad(p, "", "view.pair", "expected two coefficient numbers");
		memcpy(b, t, len);
		b[len] = 0;
		if (whole(p, "view.pair", b, MODEL_MAX_PARAMS, &v))
			return FP_EINPUT;
		p->s->pair[k++] = v;
	}
	if (k != 2)
		return sbad(p, "", "view.pair", "expected two coefficient numbers");
	return FP_OK;
}

static int set_value(struct sparse *p, const struct skey *k, char *val)
{
	char *base = (char *)p->s;
	size_t z;
	double *dv;
	size_t n;
	int rc;
	switch (k->kind) {
	case SK_STR:
		if (unescape(val) != 0)
			return sbad(p, "", k->name, "a bad escape (only \\\\ and \\xHH)");
		*(char **)(base + k->off) = fp_malloc(strlen(val) + 1);
		if (!*(char **)(base + k->off))
			return fp_err(p->err, FP_EFAIL, "%s: out of memory", p->name);
		strcpy(*(char **)(base + k->off), val);
		return FP_OK;
	case SK_CHARS:
		if (strlen(val) >= k->n || !val[0])
			return sbad(p, "", k->name, "empty or too long");
		strcpy(base + k->off, val);
		return FP_OK;
	case SK_ULONG:
		if (whole(p, k->name, val, 0xffffffffffffUL, &z))
			return FP_EINPUT;
		*(unsigned long *)(base + k->off) = (unsigned long)z;
		return FP_OK;
	case SK_SIZE:
	case SK_INT:
	case SK_INT01:
		if (whole(p, k->name, val,
			  k->kind == SK_INT01 ? 1
			  : k->kind == SK_INT ? 1000
					      : 100000000,
			  &z))
			return FP_EINPUT;
		if (k->kind == SK_SIZE && strcmp(k->name, "rising") == 0)
			*(unsigned *)(base + k->off) = (unsigned)z;
		else if (k->kind == SK_SIZE)
			*(size_t *)(base + k->off) = z;
		else
			*(int *)(base + k->off) = (int)z;
		return FP_OK;
	case SK_DOUBLE:
		return num(p, k->name, val, strlen(val), (double *)(base + k->off));
	case SK_FIXED:
	case SK_LIST:
		rc = num_list(p, k->name, val, &dv, &n);
		if (rc)
			return rc;
		if (k->kind == SK_LIST) {
			*(double **)(base + k->off) = dv;
			*(size_t *)(base + k->off_n) = n;
			return FP_OK;
		}
		if (n == k->n)
			memcpy(base + k->off, dv, n * sizeof *dv);
		fp_free(dv);
		if (n != k->n) {
			char want[64];
			snprintf(want, sizeof want, "expected %zu numbers, found %zu", k->n, n);
			return sbad(p, "", k->name, want);
		}
		return FP_OK;
	case SK_SPECIAL:
		return (k->fn ? k->fn : sp_pair)(p, val);
	}
	return FP_EFAIL;
}

/* One line: "key = value", a comment (#) or blank. */
static int parse_line(struct sparse *p, char *ln)
{
	while (*ln == ' ' || *ln == '\t')
		ln++;
	if (!*ln || *ln == '#')
		return FP_OK;
	if (p->ended)
		return fp_err(p->err, FP_EINPUT, "%s:%u: text after the 'end' line", p->name,
			      p->line);
	char *eq = strstr(ln, " = ");
	size_t ll = strlen(ln);
	if (!eq && ll > 2 && strcmp(ln + ll - 2, " =") == 0)
		eq = ln + ll - 2; /* "key =": an empty value */
	if (!eq)
		return fp_err(p->err, FP_EINPUT, "%s:%u: expected 'key = value'", p->name, p->line);
	char *val = eq[2] ? eq + 3 : eq + 2;
	*eq = 0;
	size_t vl = strlen(val);
	while (vl && (val[vl - 1] == ' ' || val[vl - 1] == '\t'))
		val[--vl] = 0;
	for (size_t i = 0; session_keys[i].name; i++) {
		const struct skey *k = &session_keys[i];
		if (strcmp(k->name, ln) != 0)
			continue;
		if (p->seen[i] && !k->repeat)
			return fp_err(p->err, FP_EINPUT,
				      "%s:%u: '%s' given twice (first on line %u)", p->name,
				      p->line, k->name, p->seen[i]);
		if (!p->seen[i])
			p->seen[i] = p->line;
		if (k->line_off != NOLINE)
			*(unsigned *)((char *)&p->s->line + k->line_off) = p->line;
		return set_value(p, k, val);
	}
	char show[48];
	csv_show(ln, strlen(ln), 32, show, sizeof show);
	return fp_err(p->err, FP_EINPUT, "%s:%u: unknown key '%s' (a newer fitplay's file?)",
		      p->name, p->line, show);
}

/* The first line: the format and its version. */
static int parse_magic(struct sparse *p, const char *ln)
{
	size_t ml = strlen(SESSION_MAGIC);
	if (strncmp(ln, SESSION_MAGIC " ", ml + 1) != 0)
		return fp_err(p->err, FP_EINPUT,
			      "%s:1: not a fitplay session (the first line is not '" SESSION_MAGIC
			      " %d')",
			      p->name, SESSION_VERSION);
	size_t v;
	if (fp_parse_size(ln + ml + 1, 1000000, &v) != 0)
		return fp_err(p->err, FP_EINPUT, "%s:1: bad version '%.20s'", p->name, ln + ml + 1);
	if (v > SESSION_VERSION)
		return fp_err(p->err, FP_EINPUT,
			      "%s:1: written by a newer fitplay (session version %zu; this one "
			      "reads version %d)",
			      p->name, v, SESSION_VERSION);
	if (v < 1)
		return fp_err(p->err, FP_EINPUT, "%s:1: bad version %zu", p->name, v);
	return FP_OK;
}

/* What the lines left to check: required keys, counts that must agree. */
static int parse_check(struct sparse *p)
{
	struct session *s = p->s;
	if (!p->ended)
		return fp_err(p->err, FP_EINPUT,
			      "%s:%u: truncated: no 'end = " SESSION_MAGIC "' line at the end",
			      p->name, p->line);
	for (size_t i = 0; session_keys[i].name; i++)
		if (session_keys[i].required && !p->seen[i])
			return fp_err(p->err, FP_EINPUT, "%s: the key '%s' is missing", p->name,
				      session_keys[i].name);
	if (s->n_theta0 != s->n_theta || !s->n_theta)
		return fp_err(p->err, FP_EINPUT,
			      "%s:%u: theta0 has %zu values, theta %zu: they must be as many",
			      p->name, s->line.theta0, s->n_theta0, s->n_theta);
	if (s->n_acc && s->n_acc != s->n_theta)
		return fp_err(p->err, FP_EINPUT, "%s:%u: acc has %zu values, theta %zu", p->name,
			      s->line.acc, s->n_acc, s->n_theta);
	if (!(s->lr > 0))
		return fp_err(p->err, FP_EINPUT, "%s: lr must be > 0", p->name);
	if (s->source != SESSION_GEN && !s->data_path)
		return fp_err(p->err, FP_EINPUT, "%s: the key 'data.file' is missing", p->name);
	if (s->n_hist && (s->hist_first > s->step || s->step - s->hist_first + 1 != s->n_hist))
		return fp_err(p->err, FP_EINPUT,
			      "%s:%u: history has %zu values, steps %lu to %lu need %lu", p->name,
			      s->line.hist, s->n_hist, s->hist_first, s->step,
			      s->step - s->hist_first + 1);
	if (s->npoints == 1 || (s->npoints && s->source == SESSION_TABLE))
		return fp_err(p->err, FP_EINPUT, "%s:%u: points: need 2 or more x,y points",
			      p->name, s->line.points);
	for (size_t i = 0; i < s->nghost; i++) {
		const struct session_ghost *g = &s->ghost[i];
		if (!g->theta || !g->np || !g->tr || g->ntr % g->np || !g->hist ||
		    g->hist_first + g->hist_n != g->steps + 1)
			return fp_err(
			    p->err, FP_EINPUT,
			    "%s: ghost %zu: needs ghost.theta, a ghost.trace of whole "
			    "snapshots and a ghost.history from ghost.run's first step to "
			    "its last",
			    p->name, i + 1);
	}
	if (s->lesson && (!s->lesson[0] || s->lesson_chapter < 1))
		return fp_err(
		    p->err, FP_EINPUT,
		    "%s:%u: lesson: needs a name or file and lesson.chapter = N (1 or more)",
		    p->name, s->line.lesson);
	if (!s->lesson && (s->lesson_chapter || s->lesson_is_file || s->lesson_data))
		return fp_err(
		    p->err, FP_EINPUT,
		    "%s: lesson.chapter, lesson.checksum and lesson.data need the key 'lesson'",
		    p->name);
	if (s->trace_stride == 0)
		s->trace_stride = 1;
	for (size_t i = 0; session_keys[i].name; i++)
		if (strcmp(session_keys[i].name, "view") == 0)
			s->has_view = p->seen[i] != 0;
	return FP_OK;
}

int session_parse(const char *buf, size_t len, const char *name, struct session *s, char *err)
{
	memset(s, 0, sizeof *s);
	struct sparse p = {.s = s, .name = name, .err = err};
	char *copy = fp_malloc(len + 1);
	if (!copy)
		return fp_err(err, FP_EFAIL, "%s: out of memory", name);
	memcpy(copy, buf, len);
	copy[len] = 0;
	int rc = FP_OK;
	char *q = copy, *end = copy + len;
	if (len == 0)
		rc = fp_err(err, FP_EINPUT, "%s: empty file, not a fitplay session", name);
	while (rc == FP_OK && q < end) {
		p.line++;
		char *nl = memchr(q, '\n', (size_t)(end - q));
		size_t ll = nl ? (size_t)(nl - q) : (size_t)(end - q);
		if (ll > SESSION_LINE_MAX) {
			rc = fp_err(err, FP_EINPUT, "%s:%u: line longer than %zu bytes", name,
				    p.line, SESSION_LINE_MAX);
			break;
		}
		if (memchr(q, 0, ll)) {
			rc = fp_err(err, FP_EINPUT, "%s:%u: contains a NUL byte: not a text file",
				    name, p.line);
			break;
		}
		if (!nl) {
			q[ll] = 0; /* the magic first: junk is "not a session" */
			rc = p.line == 1 ? parse_magic(&p, q) : FP_OK;
			if (rc == FP_OK)
				rc = fp_err(err, FP_EINPUT,
					    "%s:%u: truncated: the last line has no end", name,
					    p.line);
			break;
		}
		q[ll] = 0;
		if (ll && q[ll - 1] == '\r')
			q[ll - 1] = 0;
		rc = p.line == 1 ? parse_magic(&p, q) : parse_line(&p, q);
		q += ll + 1;
	}
	if (rc == FP_OK)
		rc = parse_check(&p);
	fp_free(copy);
	if (rc) {
		session_free(s);
		return rc;
	}
	return FP_OK;
}

const char *session_key_name(size_t i)
{
	return i < sizeof session_keys / sizeof *session_keys ? session_keys[i].name : NULL;
}

int session_load(const char *path, struct session *s, char *err)
{
	char *buf = NULL;
	size_t len = 0;
	memset(s, 0, sizeof *s);
	char shown[200];
	csv_show(path, strlen(path), 160, shown, sizeof shown);
	/* data_file_read refuses directories, FIFOs without a writer, unreadable files and
	 * sizes over the CSV limit; it stops at a NUL (checked below). */
	int rc = data_file_read(path, &buf, &len, err);
	if (rc) {
		if (strstr(err, "not a CSV file"))
			fp_err(err, FP_EINPUT, "%s: is a directory, not a session file", shown);
		return rc;
	}
	if (len > SESSION_MAX_BYTES) {
		fp_free(buf);
		return fp_err(err, FP_EINPUT, "%s: over %zu bytes: not a session file", shown,
			      SESSION_MAX_BYTES);
	}
	rc = session_parse(buf, len, shown, s, err);
	fp_free(buf);
	if (rc == FP_OK) {
		s->path = fp_malloc(strlen(path) + 1);
		if (!s->path) {
			session_free(s);
			return fp_err(err, FP_EFAIL, "out of memory");
		}
		strcpy(s->path, path);
	}
	return rc;
}

void session_free(struct session *s)
{
	fp_free(s->path);
	fp_free(s->preset);
	fp_free(s->data_path);
	fp_free(s->table_target);
	fp_free(s->table_inputs);
	fp_free(s->lesson);
	fp_free(s->lesson_data);
	fp_free(s->points);
	fp_free(s->theta0);
	fp_free(s->theta);
	fp_free(s->acc);
	fp_free(s->ostate);
	fp_free(s->hist);
	fp_free(s->trace_step);
	fp_free(s->trace_loss);
	fp_free(s->trace_theta);
	for (size_t i = 0; i < SESSION_GHOSTS; i++) {
		fp_free(s->ghost[i].theta);
		fp_free(s->ghost[i].tr);
		fp_free(s->ghost[i].hist);
	}
	memset(s, 0, sizeof *s);
}
