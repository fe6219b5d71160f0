/* SPDX-License-Identifier: GPL-3.0-or-later */
/* view-matrix.c: the matrix view (--show matrix): the model as the lecture's `mmult`
 * sheet computes it, Z = X W, then each unit's ReLU and their sum, for linear and
 * nnet:K on tables, relus:K (X = x and a column of ones) and quad on x,y data. Above,
 * W (inputs down, units across) with the active row of X laid beside it, each
 * product x_j * w_jk and the running sum; below, the rows of X with Z, the ReLUs,
 * the prediction and the truth. `.` steps the product one multiply-add at a time as
 * matrixmultiplication.xyz does, `;` runs it (src/matmul-step.c holds the state);
 * only the rows on screen are computed. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "layout.h"
#include "matmul-step.h"
#include "sheet.h"
#include "util.h"
#include "view.h"

#define MX_RUN_TERMS 3	/* multiply-adds a frame while `;` runs */
#define MX_CW	     7	/* a W, Z, ReLU, p or y cell: a space and six characters */
#define MX_NAME_MAX  12 /* the inputs' names beside W, at most */
#define MX_XW_MAX    9	/* an X cell below, at most */
#define MX_ACT	     (RA_REVERSE | RA_BOLD)

/* What one frame shows. */
struct mx_geo {
	int x, y, w, h;		   /* inside the box */
	size_t feats, units, n;	   /* inputs, units, data rows */
	int clip, out, zp;	   /* ReLU; outputs' weights; z is already p (no p column) */
	int nw;			   /* the names' column beside W */
	size_t u0, nu;		   /* units shown (W, Z, ReLU) */
	size_t f0, nf;		   /* inputs shown beside W (its rows) */
	size_t first, rows;	   /* data rows shown below */
	size_t xf0, xnf;	   /* inputs shown as X's columns below */
	int xw[64];		   /* their widths */
	int upper_h;		   /* rows of the W block */
	size_t arow, aunit, adone; /* the active cell (arow: a data row), products done */
	int stepping;		   /* 1: MM_STEP or MM_RUN (else every cell is shown) */
	enum sheet_part sel;	   /* where the selected coefficient sits (its slider) */
	size_t selj, selk;	   /* its cell: W[selj][selk], v_selk */
};

/* v in at most w columns: three decimals, fewer when they do not fit, then powers of
 * ten; "-0.000" is "0.000"; trim: trailing zeros dropped ("1", "0.25"). */
static void num(char *buf, size_t len, double v, int w, int trim)
{
	if (!isfinite(v)) {
		snprintf(buf, len, "%s", v > 0 ? "huge" : (v < 0 ? "-huge" : "?"));
		return;
	}
	for (int dec = 3; dec >= 0; dec--) {
		snprintf(buf, len, "%.*f", dec, v);
		if (buf[0] == '-' && strspn(buf + 1, "0.") == strlen(buf + 1))
			memmove(buf, buf + 1, strlen(buf));
		if (trim && strchr(buf, '.')) {
			char *e = buf + strlen(buf) - 1;
			while (*e == '0')
				*e-- = 0;
			if (*e == '.')
				*e = 0;
		}
		if ((int)strlen(buf) <= w)
			return;
	}
	snprintf(buf, len, "%.0e", v);
}

/* Text right-aligned in the w columns ending before column x + w. */
static void put_right(struct screen *s, int x, int y, int w, const char *t, uint16_t attr)
{
	int n = (int)layout_text_cols(t);
	if (n > w)
		n = w;
	screen_puts(s, x + w - n, y, n, t, attr);
}

/* A number right-aligned in a cell of w columns (its first column a space). */
static void put_num(struct screen *s, int x, int y, int w, double v, int trim, uint16_t attr)
{
	char b[32];
	num(b, sizeof b, v, w - 1, trim);
	put_right(s, x, y, w, b, attr);
}

/* A name cut to w columns with an ellipsis at its end when longer. */
static void put_name(struct screen *s, const struct view *v, int x, int y, int w, const char *t,
		     uint16_t attr)
{
	int n = (int)layout_text_cols(t);
	if (n <= w) {
		screen_puts(s, x, y, w, t, attr);
		return;
	}
	screen_puts(s, x, y, w - 1, t, attr);
	screen_puts(s, x + w - 1, y, 1, v->utf8 ? "…" : "~", attr);
}

/* The start of a window of `shown` out of `all` around `at`. */
static size_t window(size_t at, size_t shown, size_t all)
{
	if (shown >= all)
		return 0;
	size_t s = at > shown / 2 ? at - shown / 2 : 0;
	return s + shown > all ? all - shown : s;
}

/* The width the rows below take for nu units and no X column. */
static int lower_fixed(const struct mx_geo *g, size_t nu)
{
	int lab = 2 + (int)snprintf(NULL, 0, "%zu", g->n);
	int zc = (int)nu * MX_CW;
	return lab + 1 + zc + (g->clip ? 1 + zc : 0) + (g->zp ? 0 : MX_CW) + MX_CW + 2;
}

/* The width of the W block with nu units: names, W, the row of X, the products. */
static int upper_width(const struct mx_geo *g, size_t nu)
{
	return g->nw + 1 + 1 + (int)nu * MX_CW + 1 + 1 + MX_CW + MX_CW + 1;
}

/* Rows, units and inputs shown, and the active cell, for the rectangle and the
 * stepping state; the stepping state follows the rows on screen. */
static void geometry(struct mx_geo *g, struct view *v, const struct fit *f, const struct mm_row *r0)
{
	char name[MODEL_NAME_LEN];
	g->feats = r0->feats;
	g->units = r0->units;
	g->clip = r0->clip;
	g->out = r0->out;
	g->zp = r0->units == 1 && !r0->clip && !r0->out;
	g->n = f->data->n;
	g->nw = g->out ? 5 : 1; /* "out v" */
	for (size_t j = 0; j < g->feats; j++) {
		mm_feat_name(f, j, v->utf8, name, sizeof name);
		int n = (int)layout_text_cols(name);
		if (n > g->nw)
			g->nw = n > MX_NAME_MAX ? MX_NAME_MAX : n;
	}
	/* heights: the W block whole when the rows below keep three, else a window */
	int up = (int)g->feats + 2 + g->out, low = 1 + (int)(g->n < 3 ? g->n : 3);
	g->upper_h = up + low <= g->h ? up : g->h - low;
	if (g->upper_h < 3 + g->out)
		g->upper_h = 3 + g->out;
	g->nf = (size_t)(g->upper_h - 2 - g->out);
	if (g->nf > g->feats)
		g->nf = g->feats;
	int left = g->h - g->upper_h - 1;
	g->rows = left > 0 ? (size_t)left : 0;
	if (g->rows > g->n)
		g->rows = g->n;
	/* the rows: those around the sheet's cursor, kept while it stays among them */
	if (v->sheet_row >= g->n)
		v->sheet_row = g->n ? g->n - 1 : 0;
	g->first = v->mm.first;
	if (!g->rows || v->sheet_row < g->first || v->sheet_row >= g->first + g->rows ||
	    g->first + g->rows > g->n)
		g->first = window(v->sheet_row, g->rows, g->n);
	mm_step_shape(&v->mm, g->first, g->rows, g->units, g->feats);
	g->stepping = v->mm.mode != MM_FULL;
	size_t row, unit, done;
	mm_step_cell(&v->mm, &row, &unit, &done);
	struct model_sheet sh;
	g->sel = SHEET_NONE;
	if (sheet_shape(f->model, &f->mcfg, &sh) == FP_OK)
		g->sel = sheet_param_cell(&sh, v->sel, &g->selj, &g->selk);
	/* not stepping: the row under the cursor, the unit of the selected coefficient */
	g->arow = g->stepping ? g->first + row : v->sheet_row;
	g->aunit = g->stepping ? unit : (g->sel == SHEET_W || g->sel == SHEET_V ? g->selk : 0);
	g->adone = g->stepping ? done : g->feats;
	/* the input in focus: the newest product's, else the selected coefficient's */
	size_t aj = g->stepping ? (done ? done - 1 : 0) : (g->sel == SHEET_W ? g->selj : 0);
	g->f0 = window(aj, g->nf, g->feats);
	/* units: as many as both blocks hold */
	g->nu = g->units;
	while (g->nu > 1 && (upper_width(g, g->nu) > g->w || lower_fixed(g, g->nu) > g->w))
		g->nu--;
	g->u0 = window(g->aunit, g->nu, g->units);
	/* X's columns below: as many as are left, around the active input */
	int room = g->w - lower_fixed(g, g->nu) - 1, used = 0;
	g->xnf = 0;
	g->xf0 = 0;
	int wd[MODEL_MAX_PARAMS];
	size_t nwd = g->feats < sizeof wd / sizeof wd[0] ? g->feats : sizeof wd / sizeof wd[0];
	for (size_t j = 0; j < nwd; j++) {
		mm_feat_name(f, j, v->utf8, name, sizeof name);
		int n = (int)layout_text_cols(name);
		wd[j] = 1 + (n < 4 ? 4 : (n > MX_XW_MAX - 1 ? MX_XW_MAX - 1 : n));
	}
	size_t lo = aj < nwd ? aj : 0, hi = lo; /* [lo, hi) grows both ways */
	while (g->xnf < sizeof g->xw / sizeof g->xw[0]) {
		int grew = 0;
		if (hi < nwd && used + wd[hi] <= room) {
			used += wd[hi++];
			grew = 1;
		}
		if (lo > 0 && used + wd[lo - 1] <= room) {
			used += wd[--lo];
			grew = 1;
		}
		g->xnf = hi - lo;
		if (!grew || g->xnf >= sizeof g->xw / sizeof g->xw[0])
			break;
	}
	if (g->xnf > sizeof g->xw / sizeof g->xw[0])
		g->xnf = sizeof g->xw / sizeof g->xw[0];
	g->xf0 = lo;
	for (size_t j = 0; j < g->xnf; j++)
		g->xw[j] = wd[lo + j];
}

/* The W block: a header, one line per input (its W row, the active row's x, the
 * product with the active unit's weight), the outputs' weights, the running sum. */
static void draw_upper(struct screen *s, const struct view *v, const struct fit *f,
		       const struct mx_geo *g, const struct mm_row *a)
{
	char name[MODEL_NAME_LEN], b[192], z[32];
	int x = g->x, y = g->y, wx = x + g->nw + 1; /* W's first cell (after a mark) */
	int dx = wx + 2 + (int)g->nu * MX_CW;	    /* the detail: | x  x*w */
	const char *more_l = v->utf8 ? "‹" : "<", *more_r = v->utf8 ? "›" : ">";
	screen_puts(s, x, y, g->nw, "W", RA_BOLD);
	for (size_t u = 0; u < g->nu; u++) {
		size_t k = g->u0 + u;
		mm_unit_name(f, k, name, sizeof name);
		put_right(s, wx + 1 + (int)u * MX_CW, y, MX_CW, name,
			  k == g->aunit ? RA_BOLD | RA_UNDERLINE : 0);
	}
	if (g->u0 > 0)
		screen_puts(s, wx, y, 1, more_l, RA_BOLD);
	if (g->u0 + g->nu < g->units)
		screen_puts(s, dx - 1, y, 1, more_r, RA_BOLD);
	screen_puts(s, dx, y, 1, v->utf8 ? "│" : "|", RA_ROLE(RR_AXIS));
	snprintf(b, sizeof b, "row %zu", g->arow + 1);
	put_right(s, dx + 1, y, MX_CW, b, RA_BOLD);
	put_right(s, dx + 1 + MX_CW, y, MX_CW + 1, v->utf8 ? "x·w" : "x*w", RA_BOLD);
	for (size_t i = 0; i < g->nf; i++) {
		size_t j = g->f0 + i;
		int yy = y + 1 + (int)i, newest = g->stepping && j + 1 == g->adone;
		mm_feat_name(f, j, v->utf8, name, sizeof name);
		put_name(s, v, x, yy, g->nw, name, 0);
		for (size_t u = 0; u < g->nu; u++) {
			size_t k = g->u0 + u;
			uint16_t at = k == g->aunit ? (newest ? MX_ACT : RA_BOLD) : 0;
			if (g->sel == SHEET_W && g->selj == j && g->selk == k)
				at |= RA_UNDERLINE; /* the selected slider's coefficient */
			put_num(s, wx + 1 + (int)u * MX_CW, yy, MX_CW, a->w[j * a->units + k], 0,
				at);
		}
		screen_puts(s, dx, yy, 1, v->utf8 ? "│" : "|", RA_ROLE(RR_AXIS));
		put_num(s, dx + 1, yy, MX_CW, a->x[j], 1, newest ? MX_ACT : RA_BOLD);
		if (j < g->adone)
			put_num(s, dx + 1 + MX_CW, yy, MX_CW + 1, a->prod[j * a->units + g->aunit],
				0, newest ? MX_ACT : 0);
		if ((i == 0 && g->f0 > 0) || (i + 1 == g->nf && j + 1 < g->feats))
			screen_puts(s, x + g->nw, yy, 1, v->utf8 ? "⋮" : ":", RA_BOLD);
	}
	int yy = y + 1 + (int)g->nf;
	if (g->out) { /* relus: p = sum_k v_k h_k + c */
		put_name(s, v, x, yy, g->nw, "out v", 0);
		for (size_t u = 0; u < g->nu; u++)
			put_num(s, wx + 1 + (int)u * MX_CW, yy, MX_CW, a->v[g->u0 + u], 0,
				g->u0 + u == g->aunit ? RA_BOLD : 0);
		screen_puts(s, dx, yy, 1, v->utf8 ? "│" : "|", RA_ROLE(RR_AXIS));
		put_right(s, dx + 1, yy, MX_CW, "c", 0);
		put_num(s, dx + 1 + MX_CW, yy, MX_CW + 1, a->c, 0, 0);
		yy++;
	}
	/* the running sum of the active cell, and where it lands */
	size_t done = g->adone;
	double sum = done ? a->run[(done - 1) * a->units + g->aunit] : 0.0;
	num(z, sizeof z, sum, 9, 0);
	mm_unit_name(f, g->aunit, name, sizeof name);
	if (done < g->feats)
		snprintf(b, sizeof b, "%s%s%s = %s so far: %zu of %zu products",
			 v->utf8 ? "Σ" : "sum", g->units > 1 ? " " : "", g->units > 1 ? name : "",
			 z, done, g->feats);
	else if (g->clip)
		snprintf(b, sizeof b, "%s %s = %s %s Z, ReLU %s", v->utf8 ? "Σ" : "sum", name, z,
			 v->utf8 ? "→" : "->", a->h[g->aunit] > 0 ? "keeps it" : "gives 0");
	else
		snprintf(b, sizeof b, "%s = %s %s %s", v->utf8 ? "Σ" : "sum", z,
			 v->utf8 ? "→" : "->", g->zp ? "p" : "Z");
	screen_puts(s, x, yy, g->w, b, g->stepping ? RA_BOLD : 0);
}

/* One header cell group: names from fn for units u0.., with marks when more exist. */
static void unit_heads(struct screen *s, const struct view *v, const struct fit *f,
		       const struct mx_geo *g, int x, int y, const char *prefix)
{
	char name[MODEL_NAME_LEN + 8];
	for (size_t u = 0; u < g->nu; u++) {
		size_t k = g->u0 + u;
		if (g->zp)
			snprintf(name, sizeof name, "p = z");
		else
			snprintf(name, sizeof name, "%s%zu", prefix, k + 1);
		put_right(s, x + (int)u * MX_CW, y, MX_CW, name,
			  RA_BOLD | (k == g->aunit ? RA_UNDERLINE : 0));
	}
	if (g->u0 > 0)
		screen_puts(s, x, y, 1, v->utf8 ? "‹" : "<", RA_BOLD);
	if (g->u0 + g->nu < g->units)
		screen_puts(s, x + (int)g->nu * MX_CW, y, 1, v->utf8 ? "›" : ">", RA_BOLD);
}

/* A row's cell group (Z or ReLU) for units u0..: landed cells, the active one, dots. */
static void unit_cells(struct screen *s, const struct view *v, const struct mx_geo *g,
		       const struct mm_row *r, size_t i, int x, int y, int relu)
{
	for (size_t u = 0; u < g->nu; u++) {
		size_t k = g->u0 + u;
		int cx = x + (int)u * MX_CW, landed = mm_step_landed(&v->mm, i - g->first, k);
		int act = g->stepping && i == g->arow && k == g->aunit;
		if (act && !relu) {
			double run = g->adone ? r->run[(g->adone - 1) * r->units + k] : 0.0;
			put_num(s, cx, y, MX_CW, run, 0, MX_ACT);
		} else if (landed) {
			put_num(s, cx, y, MX_CW, relu ? r->h[k] : r->z[k], 0,
				act ? RA_BOLD | RA_UNDERLINE : 0);
		} else {
			put_right(s, cx, y, MX_CW, v->utf8 ? "·" : ".", RA_DIM);
		}
	}
}

/* The rows below: X (the inputs around the active one), Z, the ReLUs, p and y. */
static int draw_lower(struct screen *s, const struct view *v, const struct fit *f,
		      const struct mx_geo *g, struct mm_row *r)
{
	char name[MODEL_NAME_LEN], b[32];
	int y = g->y + g->upper_h, lab = 2 + (int)snprintf(NULL, 0, "%zu", g->n);
	int x = g->x + lab + 1;
	const char *bar = v->utf8 ? "│" : "|";
	screen_puts(s, g->x, y, lab, "X", RA_BOLD);
	for (size_t c = 0; c < g->xnf; c++) {
		mm_feat_name(f, g->xf0 + c, v->utf8, name, sizeof name);
		int w = g->xw[c];
		int n = (int)layout_text_cols(name);
		if (n > w - 1)
			put_name(s, v, x + 1, y, w - 1, name, RA_BOLD);
		else
			put_right(s, x, y, w, name, RA_BOLD);
		x += w;
	}
	if (g->xf0 > 0)
		screen_puts(s, g->x + lab, y, 1, v->utf8 ? "‹" : "<", RA_BOLD);
	if (g->xf0 + g->xnf < g->feats)
		screen_puts(s, x, y, 1, v->utf8 ? "›" : ">", RA_BOLD);
	int zx = x + 1;
	screen_puts(s, zx, y, 1, bar, RA_ROLE(RR_AXIS));
	unit_heads(s, v, f, g, zx + 1, y, "z");
	int hx = zx + 1 + (int)g->nu * MX_CW;
	if (g->clip) {
		screen_puts(s, hx, y, 1, bar, RA_ROLE(RR_AXIS));
		unit_heads(s, v, f, g, hx + 1, y, "h");
		hx += 1 + (int)g->nu * MX_CW;
	}
	int px = hx + 1;
	screen_puts(s, hx, y, 1, bar, RA_ROLE(RR_AXIS));
	if (!g->zp)
		put_right(s, px, y, MX_CW, "p", RA_BOLD);
	int yx = px + (g->zp ? 0 : MX_CW);
	put_right(s, yx, y, MX_CW, "y", RA_BOLD);
	for (size_t q = 0; q < g->rows; q++) {
		size_t i = g->first + q;
		int yy = y + 1 + (int)q, active = i == g->arow;
		if (mm_row_fill(r, f, i) != FP_OK)
			return FP_EFAIL;
		snprintf(b, sizeof b, "%s%zu", i == v->sheet_row ? (v->utf8 ? "▶" : ">") : " ",
			 i + 1);
		put_right(s, g->x, yy, lab, b,
			  active && g->stepping ? MX_ACT : (active ? RA_BOLD : 0));
		int cx = g->x + lab + 1;
		for (size_t c = 0; c < g->xnf; c++) {
			size_t j = g->xf0 + c;
			int newest = active && g->stepping && j + 1 == g->adone;
			put_num(s, cx, yy, g->xw[c], r->x[j], 1,
				newest ? MX_ACT : (active && g->stepping ? RA_BOLD : 0));
			cx += g->xw[c];
		}
		screen_puts(s, zx, yy, 1, bar, RA_ROLE(RR_AXIS));
		unit_cells(s, v, g, r, i, zx + 1, yy, 0);
		if (g->clip) {
			screen_puts(s, zx + 1 + (int)g->nu * MX_CW, yy, 1, bar, RA_ROLE(RR_AXIS));
			unit_cells(s, v, g, r, i, zx + 2 + (int)g->nu * MX_CW, yy, 1);
		}
		screen_puts(s, hx, yy, 1, bar, RA_ROLE(RR_AXIS));
		if (!g->zp) {
			if (mm_step_landed(&v->mm, q, g->units - 1))
				put_num(s, px, yy, MX_CW, r->p, 0, active ? RA_BOLD : 0);
			else
				put_right(s, px, yy, MX_CW, v->utf8 ? "·" : ".", RA_DIM);
		}
		put_num(s, yx, yy, MX_CW, r->y, 1, 0);
	}
	return FP_OK;
}

/* The box's title: what is multiplied, what follows, the rows shown. */
static void title_of(const struct mx_geo *g, const struct view *v, char *b, size_t len, int w)
{
	const char *dot = v->utf8 ? "·" : "*", *sum = v->utf8 ? "Σ" : "sum ";
	char rows[64] = "";
	if (g->rows)
		snprintf(rows, sizeof rows, "; rows %zu-%zu of %zu", g->first + 1,
			 g->first + g->rows, g->n);
	if (g->zp)
		snprintf(b, len, "matrix: X %s W = Z = p%s", dot, rows);
	else if (g->out)
		snprintf(b, len, "matrix: X %s W = Z; h = max(0, Z); p = %sv%sh + c%s", dot, sum,
			 dot, rows);
	else
		snprintf(b, len, "matrix: X %s W = Z; h = max(0, Z); p = %sh%s", dot, sum, rows);
	if ((int)layout_text_cols(b) > w - 6)
		snprintf(b, len, "matrix: X %s W = Z%s", dot, rows);
	if ((int)layout_text_cols(b) > w - 6)
		snprintf(b, len, "matrix: X %s W", dot);
}

static int matrix_draw(struct screen *s, struct view *v, const struct fit *f, const struct rect *r)
{
	struct mx_geo g;
	struct mm_row row = {0};
	char title[160];
	memset(&g, 0, sizeof g);
	g.x = r->x + 2;
	g.y = r->y + 1;
	g.w = r->w - 3;
	g.h = r->h - 2;
	if (!f->data->n || g.w < 20 || g.h < 5) {
		screen_box(s, r->x, r->y, r->w, r->h, "matrix", v->utf8, RA_ROLE(RR_AXIS));
		screen_puts(s, g.x, g.y, g.w, f->data->n ? "too small for the matrix" : "no rows",
			    RA_ROLE(RR_WARN));
		return FP_OK;
	}
	int rc = mm_row_fill(&row, f, v->sheet_row < f->data->n ? v->sheet_row : 0);
	if (rc == FP_OK) {
		geometry(&g, v, f, &row);
		rc = mm_row_fill(&row, f, g.arow);
	}
	if (rc != FP_OK) {
		mm_row_free(&row);
		screen_box(s, r->x, r->y, r->w, r->h, "matrix", v->utf8, RA_ROLE(RR_AXIS));
		return rc == FP_EFAIL ? FP_EFAIL : FP_OK;
	}
	title_of(&g, v, title, sizeof title, r->w);
	screen_box(s, r->x, r->y, r->w, r->h, title, v->utf8, RA_ROLE(RR_AXIS));
	draw_upper(s, v, f, &g, &row);
	rc = g.rows ? draw_lower(s, v, f, &g, &row) : FP_OK;
	mm_row_free(&row);
	return rc;
}

/* What the last `.` did, for the status line. */
static void say_step(struct view *v, const struct fit *f)
{
	char name[MODEL_NAME_LEN], un[MODEL_NAME_LEN], a[32], b[32], c[32], z[32];
	struct mm_row r = {0};
	size_t row, unit, done;
	mm_step_cell(&v->mm, &row, &unit, &done);
	if (v->mm.mode == MM_FULL) {
		snprintf(
		    v->msg, sizeof v->msg,
		    "X %s W done: %zu cells, each the model's own sum (. again: from the start)",
		    v->utf8 ? "·" : "*", v->mm.rows * v->mm.units);
		return;
	}
	if (!done || mm_row_fill(&r, f, v->mm.first + row) != FP_OK) {
		mm_row_free(&r);
		return;
	}
	mm_feat_name(f, done - 1, v->utf8, name, sizeof name);
	mm_unit_name(f, unit, un, sizeof un);
	size_t cell = (done - 1) * r.units + unit;
	num(a, sizeof a, r.x[done - 1], 9, 1);
	num(b, sizeof b, r.w[cell], 9, 0);
	num(c, sizeof c, r.prod[cell], 9, 0);
	num(z, sizeof z, r.run[cell], 9, 0);
	snprintf(v->msg, sizeof v->msg, "row %zu, %s: %s = %s, %s %s = %s; sum %s (%zu of %zu)%s",
		 v->mm.first + row + 1, un, name, a, v->utf8 ? "×" : "x", b, c, z, done, r.feats,
		 done == r.feats ? ": lands in Z" : "");
	mm_row_free(&r);
}

static int matrix_key(struct view *v, const struct fit *f, int key)
{
	v->msg_role = 0;
	if ((key == '.' || key == ';') && !mm_step_total(&v->mm)) {
		snprintf(v->msg, sizeof v->msg,
			 "no room for the product's rows: make the terminal larger");
		v->msg_role = RR_WARN;
		return 1;
	}
	if (key == '.') {
		mm_step_next(&v->mm);
		say_step(v, f);
		return 1;
	}
	if (key == ';') {
		enum mm_mode m = mm_step_run(&v->mm);
		if (m == MM_RUN)
			snprintf(v->msg, sizeof v->msg,
				 "running X %s W cell by cell (; pauses, any key stops)",
				 v->utf8 ? "·" : "*");
		else
			snprintf(v->msg, sizeof v->msg, "paused (. one multiply-add, ; runs on)");
		return 1;
	}
	if (key == 'J' || key == 'K') {
		size_t n = f->data->n;
		if (key == 'J' && v->sheet_row + 1 < n)
			v->sheet_row++;
		else if (key == 'K' && v->sheet_row > 0)
			v->sheet_row--;
		snprintf(v->msg, sizeof v->msg, "row %zu of %zu (J next, K previous)",
			 v->sheet_row + 1, n);
		return 1;
	}
	if (mm_step_pause(&v->mm))
		snprintf(v->msg, sizeof v->msg, "stopped (. one multiply-add, ; runs on)");
	return 0;
}

/* A run's frame: a few multiply-adds (headless, with no frame budget: all of them). */
static void matrix_tick(struct view *v, const struct fit *f)
{
	if (v->mm.mode != MM_RUN)
		return;
	size_t n = v->land_budget > 0 ? MX_RUN_TERMS : mm_step_total(&v->mm);
	if (mm_step_advance(&v->mm, n))
		say_step(v, f);
	else
		v->land_pending = 1; /* the next frame soon */
}

static int matrix_applies(const struct fit *f)
{
	return mm_applies(f);
}

static const char *const matrix_keys_help[] = {
    ".\tone multiply-add of X times W: the row of X times the column of W, the sum so far",
    ";\trun the product cell by cell, or pause it (any other key stops it)",
    "J K\tthe next / previous row (the sheet's cursor)",
    NULL,
};

const struct view_type view_matrix = {
    .name = "matrix",
    .said = "matrix: X times W, ReLU, sum (. one multiply-add, ; run)",
    .cycle = 1,
    .applies = matrix_applies,
    .draw = matrix_draw,
    .tick = matrix_tick,
    .key = matrix_key,
    .keys_help = matrix_keys_help,
};
