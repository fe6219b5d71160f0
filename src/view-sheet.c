/* SPDX-License-Identifier: GPL-3.0-or-later */
/* view-sheet.c: the sheet view, the lecture's spreadsheet on screen (issue 15): per
 * row the raw values the file gives, the inputs as the model sees them (Ones
 * included), each unit's sum and ReLU, the prediction, the truth and the row's loss;
 * the coefficients above the columns they multiply (one row per unit); above the grid
 * the sheet's loss (the SUM of the rows' losses, as the lecture's sheet has it) beside
 * fitplay's mean, and the share right. Column headers stay put; J K move the cursor
 * row, ^ $ jump to the first and last row, ( ) scroll the columns. Only the rows on
 * screen are computed when drawing; the sum over every row is the tick's work, within
 * the frame's budget. No curses: it draws into the cell screen. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "layout.h"
#include "sheet.h"
#include "table.h"
#include "util.h"
#include "view.h"

#define SHEET_COL_MAX	 10    /* widest a column of numbers gets (fewer digits beyond) */
#define SHEET_NAME_MAX	 12    /* widest a column's header gets */
#define SHEET_CHUNK	 4096  /* rows the tick sums between looks at the clock */
#define SHEET_BATCH_ROWS 65536 /* more rows: the sum from the model's predict */
#define SHEET_DIGITS	 4     /* significant digits of the grid's numbers, as a sheet shows */

/* The sheet's sum for one set of coefficients, kept between frames: the tick adds
 * rows until every row is in (or the frame's budget is spent), the draw reads it. */
struct sheet_sum {
	double *theta;			/* the coefficients it is for */
	size_t np, cap;			/* their number, room for */
	const struct model_type *model; /* and the model, data and loss */
	size_t k, d;
	const struct data *data;
	const double *x, *y;
	size_t n;
	enum loss_kind loss;
	int keyed;    /* 1: the key above is set */
	size_t done;  /* rows summed so far */
	double sum;   /* the sum of their losses */
	size_t right; /* and how many are right at 0.5 */
	double *work; /* nfeat + 2 units doubles */
	size_t wcap;
	size_t sel_seen; /* the selected coefficient the last frame drew */
	int sel_set;	 /* 1: sel_seen is set */
	int at_end;	 /* 1: the last frame showed the last column ( ) stops there) */
	double *pred;	 /* a big table's predictions (sum_by_predict), or NULL */
	size_t pcap;	 /* rows pred holds */
};

void layout_sheet_done(struct view *v)
{
	if (!v->sheet_sum)
		return;
	fp_free(v->sheet_sum->theta);
	fp_free(v->sheet_sum->work);
	fp_free(v->sheet_sum->pred);
	fp_free(v->sheet_sum);
	v->sheet_sum = NULL;
}

/* 1 when the kept sum is for session f as it is now. */
static int sum_matches(const struct sheet_sum *c, const struct fit *f)
{
	const struct data *d = f->data;
	return c->keyed && c->model == f->model && c->k == f->mcfg.k && c->d == f->mcfg.d &&
	       c->np == f->np && c->data == d && c->x == d->x && c->y == d->y && c->n == d->n &&
	       c->loss == f->loss && memcmp(c->theta, f->theta, f->np * sizeof *c->theta) == 0;
}

/* Key the kept sum to f and start it again. FP_OK or FP_EFAIL (no memory). */
static int sum_rekey(struct sheet_sum *c, const struct fit *f, const struct model_sheet *s)
{
	size_t w = s->nfeat + 2 * s->units;
	if (f->np > c->cap || !c->theta) {
		fp_free(c->theta);
		c->cap = 0;
		if (!(c->theta = fp_malloc((f->np ? f->np : 1) * sizeof *c->theta)))
			return FP_EFAIL;
		c->cap = f->np;
	}
	if (w > c->wcap || !c->work) {
		fp_free(c->work);
		c->wcap = 0;
		if (!(c->work = fp_malloc((w ? w : 1) * sizeof *c->work)))
			return FP_EFAIL;
		c->wcap = w;
	}
	memcpy(c->theta, f->theta, f->np * sizeof *c->theta);
	c->np = f->np;
	c->model = f->model;
	c->k = f->mcfg.k;
	c->d = f->mcfg.d;
	c->data = f->data;
	c->x = f->data->x;
	c->y = f->data->y;
	c->n = f->data->n;
	c->loss = f->loss;
	c->keyed = 1;
	c->done = 0;
	c->sum = 0;
	c->right = 0;
	return FP_OK;
}

/* The sum of a big table from the model's predictions for every row (its matrix
 * products, in one pass: the tests show they equal the sheet's rows to 1e-12), so
 * that it keeps up with descent; row by row as before when there is no memory. */
static void sum_by_predict(struct sheet_sum *c, const struct fit *f)
{
	const struct data *d = f->data;
	if (c->pcap < d->n) {
		fp_free(c->pred);
		c->pcap = 0;
		if (!(c->pred = fp_malloc(d->n * sizeof *c->pred)))
			return;
		c->pcap = d->n;
	}
	f->model->predict(&f->mcfg, f->theta, d, c->pred);
	double sum = 0;
	size_t right = 0;
	for (size_t i = 0; i < d->n; i++) {
		sum += loss_point(f->loss, c->pred[i] - d->y[i]);
		right += table_side(c->pred[i]) == table_side(d->y[i]);
	}
	c->sum = sum;
	c->right = right;
	c->done = d->n;
}

/* Between frames: the sheet's sum over every row for the coefficients now, in
 * chunks within the frame's budget (v->land_budget; 0: all at once). */
static void sheet_tick(struct view *v, const struct fit *f)
{
	struct model_sheet s;
	if (sheet_shape(f->model, &f->mcfg, &s) != FP_OK)
		return;
	if (!v->sheet_sum && !(v->sheet_sum = fp_calloc(1, sizeof *v->sheet_sum)))
		return;
	struct sheet_sum *c = v->sheet_sum;
	if (!sum_matches(c, f) && sum_rekey(c, f, &s) != FP_OK) {
		c->keyed = 0;
		return;
	}
	if (c->done == 0 && c->n > SHEET_BATCH_ROWS && f->model->predict) {
		sum_by_predict(c, f); /* a big table: one pass of matrix products */
		return;
	}
	double t0 = fp_now();
	while (c->done < c->n) {
		size_t hi = c->n - c->done < SHEET_CHUNK ? c->n : c->done + SHEET_CHUNK;
		c->sum += sheet_loss_sum(f->model, &f->mcfg, &s, f->theta, f->data, c->done, hi,
					 f->loss, &c->right, c->work);
		c->done = hi;
		if (v->land_budget > 0 && fp_now() - t0 > v->land_budget)
			break;
	}
	if (c->done < c->n)
		v->land_pending = 1; /* the rest next frame (headless: at once) */
}

/* ---- the columns: row labels fixed at the left, then the groups ---- */

enum col_kind { COL_RAW, COL_FEAT, COL_Z, COL_H, COL_PRED, COL_TRUTH, COL_LOSS };

struct sheet_cols {
	const struct data *d;
	struct model_sheet s;
	size_t nraw;   /* raw columns (tables) */
	int unitcols;  /* 1: each unit's sum (and ReLU) has columns */
	size_t per;    /* columns per unit: 2 (sum, ReLU) or 1 (sum) */
	size_t total;  /* all columns */
	int outrow;    /* 1: a coefficient row for v and c */
	size_t nucoef; /* coefficient rows for the units */
};

static void cols_init(struct sheet_cols *C, const struct fit *f)
{
	memset(C, 0, sizeof *C);
	C->d = f->data;
	sheet_shape(f->model, &f->mcfg, &C->s);
	C->nraw = f->data->d > 1 ? f->data->nraw : 0;
	C->outrow = C->s.v_off >= 0 || C->s.c_off >= 0;
	/* A single sum that is the prediction (linear, quad) needs no column of its own. */
	C->unitcols = C->s.units > 1 || C->s.clip || C->outrow;
	C->per = C->s.clip ? 2 : 1;
	C->nucoef = C->s.units;
	C->total = C->nraw + C->s.nfeat + (C->unitcols ? C->per * C->s.units : 0) + 3;
}

/* Column i's kind and index (raw column, feature or unit). */
static enum col_kind col_of(const struct sheet_cols *C, size_t i, size_t *idx)
{
	*idx = 0;
	if (i < C->nraw) {
		*idx = i;
		return COL_RAW;
	}
	i -= C->nraw;
	if (i < C->s.nfeat) {
		*idx = i;
		return COL_FEAT;
	}
	i -= C->s.nfeat;
	size_t nu = C->unitcols ? C->per * C->s.units : 0;
	if (i < nu) {
		*idx = i / C->per;
		return C->per == 2 && i % 2 ? COL_H : COL_Z;
	}
	i -= nu;
	return i == 0 ? COL_PRED : i == 1 ? COL_TRUTH : COL_LOSS;
}

/* The group a kind belongs to: 0 file, 1 inputs, 2 units, 3 result. */
static int col_group(enum col_kind k)
{
	return k == COL_RAW ? 0 : k == COL_FEAT ? 1 : (k == COL_Z || k == COL_H) ? 2 : 3;
}

/* Column i's header. */
static void col_name(const struct sheet_cols *C, const struct fit *f, size_t i, int utf8, char *buf,
		     size_t len)
{
	size_t k;
	switch (col_of(C, i, &k)) {
	case COL_RAW:
		snprintf(buf, len, "%s", C->d->raw[k].name);
		break;
	case COL_FEAT:
		f->model->sheet_feature_name(&f->mcfg, k, utf8, buf, len);
		break;
	case COL_Z:
		snprintf(buf, len, C->s.units > 1 ? "sum%zu" : "sum", k + 1);
		break;
	case COL_H:
		snprintf(buf, len, C->s.units > 1 ? "relu%zu" : "relu", k + 1);
		break;
	case COL_PRED:
		snprintf(buf, len, "pred");
		break;
	case COL_TRUTH:
		snprintf(buf, len, "truth");
		break;
	case COL_LOSS:
		snprintf(buf, len, "%s", f->loss == LOSS_MAE ? "|err|" : (utf8 ? "err²" : "err^2"));
		break;
	}
	/* a name goes to the terminal whole or cut visibly, never cut silently */
	if (layout_text_cols(buf) > SHEET_NAME_MAX) {
		size_t at = 0, cols = 0;
		while (buf[at] && cols < SHEET_NAME_MAX - 1) {
			int n;
			raster_utf8_decode(buf + at, &n);
			at += (size_t)n;
			cols++;
		}
		snprintf(buf + at, len - at, "%s", utf8 ? "…" : "~");
	}
}

/* The theta index shown in coefficient row u (u == nucoef: the output row) above
 * column i, or -1 for none. */
static long coef_at(const struct sheet_cols *C, size_t u, size_t i)
{
	size_t k;
	enum col_kind kind = col_of(C, i, &k);
	if (u < C->nucoef)
		return kind == COL_FEAT ? (long)sheet_w_index(&C->s, k, u) : -1;
	if (kind == COL_H || (kind == COL_Z && C->per == 1))
		return sheet_v_index(&C->s, k);
	return kind == COL_PRED ? sheet_c_index(&C->s) : -1;
}

/* A number in at most w columns: SHEET_DIGITS significant digits, fewer when it does
 * not fit (never cut); "overflow" or "#" for what cannot be written. */
static char *fmt_fit(char *buf, size_t len, double x, int w)
{
	for (int sig = SHEET_DIGITS; sig >= 1; sig--) {
		fp_fmt(buf, len, x, sig);
		if ((int)strlen(buf) <= w)
			return buf;
	}
	snprintf(buf, len, "%.*s", w > 0 ? (w < 8 ? w : 8) : 1, "########");
	return buf;
}

/* The rows on screen, computed: for each, its sheet row (buffers from one block). */
struct sheet_vis {
	size_t top, nrows;   /* the first row shown, how many */
	struct sheet_row *r; /* nrows rows */
	double *buf;	     /* their f, z, h */
};

static int vis_compute(struct sheet_vis *V, const struct sheet_cols *C, const struct fit *f,
		       size_t top, size_t nrows)
{
	size_t per = C->s.nfeat + 2 * C->s.units;
	V->top = top;
	V->nrows = nrows;
	V->r = fp_calloc(nrows ? nrows : 1, sizeof *V->r);
	V->buf = fp_malloc((nrows ? nrows : 1) * (per ? per : 1) * sizeof *V->buf);
	if (!V->r || !V->buf)
		return FP_EFAIL;
	for (size_t q = 0; q < nrows; q++) {
		struct sheet_row *r = &V->r[q];
		r->f = V->buf + q * per;
		r->z = r->f + C->s.nfeat;
		r->h = r->z + C->s.units;
		sheet_row_eval(f->model, &f->mcfg, &C->s, f->theta, f->data, top + q, f->loss, r);
	}
	return FP_OK;
}

static void vis_free(struct sheet_vis *V)
{
	fp_free(V->r);
	fp_free(V->buf);
}

/* A raw cell wider than w columns: text cut visibly ("Southam…"), a number as "#"s
 * (a number is never cut into another number). */
static void cut_text(char *buf, size_t len, int w, int number)
{
	if (number || w < 2) {
		snprintf(buf, len, "%.*s", w > 0 ? (w < 8 ? w : 8) : 1, "########");
		return;
	}
	size_t at = 0;
	for (int cols = 0; buf[at] && cols < w - 1; cols++) {
		int n;
		raster_utf8_decode(buf + at, &n);
		at += (size_t)n;
	}
	snprintf(buf + at, len - at, "~");
}

/* Visible row q's cell in column i as text, fitted into w columns (w <= 0: natural). */
static char *cell_text(const struct sheet_cols *C, const struct sheet_vis *V, size_t q, size_t i,
		       int w, char *buf, size_t len)
{
	size_t k;
	const struct sheet_row *r = &V->r[q];
	double x = 0;
	int wf = w > 0 ? w : SHEET_COL_MAX;
	switch (col_of(C, i, &k)) {
	case COL_RAW:
		data_raw_text(C->d, k, V->top + q, buf, len);
		if (w > 0 && (int)layout_text_cols(buf) > w)
			cut_text(buf, len, w, C->d->raw[k].levels == NULL);
		return buf;
	case COL_FEAT:
		x = r->f[k];
		break;
	case COL_Z:
		x = r->z[k];
		break;
	case COL_H:
		x = r->h[k];
		break;
	case COL_PRED:
		x = r->p;
		break;
	case COL_TRUTH:
		x = r->y;
		break;
	case COL_LOSS:
		x = r->loss;
		break;
	}
	return fmt_fit(buf, len, x, wf);
}

/* Column i's width: its header, its coefficients and the rows on screen. */
static int col_width(const struct sheet_cols *C, const struct fit *f, const struct sheet_vis *V,
		     size_t i, int utf8)
{
	char buf[96];
	col_name(C, f, i, utf8, buf, sizeof buf);
	int w = (int)layout_text_cols(buf);
	for (size_t u = 0; u <= C->nucoef; u++) {
		long p = u < C->nucoef || C->outrow ? coef_at(C, u, i) : -1;
		if (p >= 0) {
			int n = (int)strlen(fmt_fit(buf, sizeof buf, f->theta[p], SHEET_COL_MAX));
			w = n > w ? n : w;
		}
	}
	for (size_t q = 0; q < V->nrows; q++) {
		int n = (int)layout_text_cols(cell_text(C, V, q, i, 0, buf, sizeof buf));
		w = n > w ? n : w;
	}
	size_t k;
	if (col_of(C, i, &k) == COL_RAW && w > SHEET_NAME_MAX)
		w = SHEET_NAME_MAX;
	return w;
}

/* ---- drawing ---- */

/* Where things go inside the box. */
struct sheet_geo {
	int x0, x1;	  /* the inner columns [x0, x1) */
	int ytot, ytot2;  /* the totals line, and a second one on narrow boxes (-1: none) */
	int ygrp;	  /* the group labels (-1: none) */
	int ycoef, ncoef; /* the first coefficient row, how many are shown */
	int yhead;	  /* the column headers */
	int yrows, nrows; /* the first data row, how many fit */
	int labw;	  /* the row labels' width */
	size_t first;	  /* the first column shown */
	size_t last;	  /* one past the last column shown */
	int colx[256];	  /* x of each column shown (at most 256) */
	int colw[256];	  /* and its width */
};

/* The totals above the grid: the sheet's sum, fitplay's mean, the share right. */
static void draw_totals(struct screen *s, const struct view *v, const struct fit *f,
			const struct sheet_geo *G)
{
	char line[256], a[32], b[32];
	const struct sheet_sum *c = v->sheet_sum;
	const char *what = f->loss == LOSS_MAE ? "sum of |errors|" : "sum of squares";
	size_t n = f->data->n;
	int ok = c && sum_matches(c, f) && c->done == c->n;
	if (ok)
		snprintf(line, sizeof line, "%s %s = %zu %s %s %s", what,
			 fp_fmt(a, sizeof a, c->sum, 7), n, v->utf8 ? "×" : "x",
			 loss_label(f->loss), fp_fmt(b, sizeof b, f->loss_value, 6));
	else
		snprintf(line, sizeof line, "%s: adding up rows (%zu%%)   %s %s", what,
			 c && c->n ? c->done * 100 / c->n : 0, loss_label(f->loss),
			 fp_fmt(b, sizeof b, f->loss_value, 6));
	int x = G->x0, maxx = G->x1;
	layout_legend_put(s, &x, G->ytot, maxx, line, RA_BOLD);
	if (ok && f->data->d > 1) {
		snprintf(line, sizeof line, "   %zu of %zu right (%.1f%%)", c->right, n,
			 n ? 100.0 * (double)c->right / (double)n : 0.0);
		for (char *p = line; *p; p++)
			if (*p == ',')
				*p = '.';
		if (x + (int)layout_text_cols(line) > maxx && G->ytot2 >= 0) {
			x = G->x0; /* the next line, without the three blanks */
			layout_legend_put(s, &x, G->ytot2, maxx, line + 3, 0);
		} else {
			layout_legend_put(s, &x, G->ytot, maxx, line, 0);
		}
	}
}

/* The columns that fit from v->sheet_col on, and their places. */
static void place_from(struct sheet_geo *G, const struct sheet_cols *C, const struct fit *f,
		       const struct sheet_vis *V, struct view *v)
{
	if (v->sheet_col >= C->total)
		v->sheet_col = C->total - 1;
	G->first = v->sheet_col;
	int x = G->x0 + G->labw + 1, prevg = -1;
	size_t i = G->first;
	for (; i < C->total && i - G->first < 256; i++) {
		size_t k;
		int g = col_group(col_of(C, i, &k));
		int w = col_width(C, f, V, i, v->utf8);
		int sep = prevg >= 0 ? 1 : 0; /* a space, or a bar between groups */
		if (x + sep + w > G->x1 - 1 && i > G->first)
			break; /* room for the "more" sign stays */
		if (x + sep + w > G->x1)
			w = G->x1 - x - sep; /* one column wider than the box: numbers refit */
		G->colx[i - G->first] = x + sep;
		G->colw[i - G->first] = w;
		x += sep + w;
		prevg = g;
	}
	G->last = i;
}

/* place_from, then scrolled back while the last column still shows: the grid never
 * ends in blank room while columns lie to the left (extra ')' presses do nothing). */
static void place_cols(struct sheet_geo *G, const struct sheet_cols *C, const struct fit *f,
		       const struct sheet_vis *V, struct view *v)
{
	place_from(G, C, f, V, v);
	while (G->last >= C->total && v->sheet_col > 0) {
		struct sheet_geo T = *G;
		v->sheet_col--;
		place_from(&T, C, f, V, v);
		if (T.last < C->total) {
			v->sheet_col++;
			return;
		}
		*G = T;
	}
}

/* The column the selected coefficient sits above, or SIZE_MAX. */
static size_t sel_col(const struct sheet_cols *C, size_t sel)
{
	size_t j = 0, k = 0;
	switch (sheet_param_cell(&C->s, sel, &j, &k)) {
	case SHEET_W:
		return C->nraw + j;
	case SHEET_V:
		return C->unitcols ? C->nraw + C->s.nfeat + k * C->per + (C->per - 1) : SIZE_MAX;
	case SHEET_C:
		return C->total - 3;
	default:
		return SIZE_MAX;
	}
}

/* When the selected coefficient changed since the last frame (arrows, Tab), scroll
 * the columns so that it is on screen. */
static void follow_sel(struct sheet_geo *G, const struct sheet_cols *C, const struct fit *f,
		       const struct sheet_vis *V, struct view *v)
{
	struct sheet_sum *c = v->sheet_sum;
	if (!c)
		return;
	int moved = c->sel_set && c->sel_seen != v->sel;
	c->sel_seen = v->sel;
	c->sel_set = 1;
	size_t col = sel_col(C, v->sel);
	if (!moved || col == SIZE_MAX || (col >= G->first && col < G->last))
		return;
	if (col < G->first) {
		v->sheet_col = col;
		place_cols(G, C, f, V, v);
		return;
	}
	while (col >= G->last && v->sheet_col < col) {
		v->sheet_col++;
		place_cols(G, C, f, V, v);
	}
}

/* A separator bar before column i when it starts a new group (or the first one). */
static void draw_bars(struct screen *s, const struct view *v, const struct sheet_geo *G,
		      const struct sheet_cols *C, int y0, int y1)
{
	uint32_t bar = v->utf8 ? 0x2502 : '|';
	int prevg = -1;
	for (size_t i = G->first; i < G->last; i++) {
		size_t k;
		int g = col_group(col_of(C, i, &k));
		if (i == G->first || g != prevg)
			for (int y = y0; y < y1; y++)
				screen_put(s, G->colx[i - G->first] - 1, y, bar, RA_ROLE(RR_AXIS));
		prevg = g;
	}
}

/* The group labels over the columns, and the signs that more columns lie left or right. */
static void draw_groups(struct screen *s, const struct view *v, const struct sheet_geo *G,
			const struct sheet_cols *C)
{
	static const char *const names[4][2] = {{"from the file", "file"},
						{"inputs as the model sees them", "inputs"},
						{"units: sum, ReLU", "units"},
						{"result", "out"}};
	const char *more = NULL;
	int limit = G->x1, n = 0;
	if (G->last < C->total) {
		int lastx = G->colx[G->last - 1 - G->first] + G->colw[G->last - 1 - G->first];
		more = v->utf8 ? ") →" : ") ->";
		if (G->ygrp < 0) /* no line of its own: one sign in the column kept free */
			more = v->utf8 ? "→" : ">";
		else if (G->x1 - lastx > 10) /* room: say it in words */
			more = v->utf8 ? "more ) →" : "more ) ->";
		n = (int)layout_text_cols(more);
		limit = G->x1 - n - 1;
		screen_puts(s, G->x1 - n, G->ygrp >= 0 ? G->ygrp : G->yhead, n, more,
			    RA_ROLE(RR_WARN) | RA_BOLD);
	}
	if (G->ygrp < 0)
		return;
	for (size_t i = G->first, j; i < G->last; i = j) {
		size_t k;
		int g = col_group(col_of(C, i, &k));
		for (j = i; j < G->last && col_group(col_of(C, j, &k)) == g;)
			j++;
		int x = G->colx[i - G->first];
		int w = G->colx[j - 1 - G->first] + G->colw[j - 1 - G->first] - x;
		if (x + w > limit)
			w = limit - x;
		const char *lab = g == 2 && !C->s.clip ? "units: sum" : names[g][0];
		if ((int)layout_text_cols(lab) > w)
			lab = names[g][1];
		if (w > 0 && (int)layout_text_cols(lab) <= w)
			screen_puts(s, x, G->ygrp, w, lab, RA_ROLE(RR_TITLE));
	}
	if (G->first > 0)
		screen_puts(s, G->x0, G->ygrp, G->labw, v->utf8 ? "← (" : "<- (",
			    RA_ROLE(RR_WARN) | RA_BOLD);
}

/* Text right-aligned (numbers) or left-aligned (text) in w columns at x. */
static void put_cell(struct screen *s, int x, int y, int w, const char *t, int right, uint16_t attr)
{
	int n = (int)layout_text_cols(t);
	screen_puts(s, right && n < w ? x + w - n : x, y, w, t, attr);
}

/* The coefficient rows: unit u's coefficients above the inputs they multiply, the
 * output weights and constant above the ReLUs and the prediction; the selected one
 * in reverse video. */
static void draw_coefs(struct screen *s, const struct view *v, const struct fit *f,
		       const struct sheet_geo *G, const struct sheet_cols *C)
{
	char buf[64];
	for (int q = 0; q < G->ncoef; q++) {
		size_t u = (size_t)q < C->nucoef ? (size_t)q : C->nucoef;
		int y = G->ycoef + q;
		if (u < C->nucoef)
			snprintf(buf, sizeof buf, C->s.units > 1 || C->s.clip ? "relu%zu" : "coef",
				 u + 1);
		else
			snprintf(buf, sizeof buf, "out");
		if (C->s.units == 1 && C->s.clip && u < C->nucoef)
			snprintf(buf, sizeof buf, "relu");
		screen_puts(s, G->x0, y, G->labw, buf, RA_ROLE(RR_TITLE));
		for (size_t i = G->first; i < G->last; i++) {
			long p = coef_at(C, u, i);
			if (p < 0)
				continue;
			int w = G->colw[i - G->first];
			uint16_t at = RA_ROLE(RR_CURVE);
			if ((size_t)p == v->sel)
				at = RA_REVERSE | RA_BOLD;
			put_cell(s, G->colx[i - G->first], y, w,
				 fmt_fit(buf, sizeof buf, f->theta[p], w), 1, at);
		}
	}
}

/* The column headers and the rows on screen, the cursor's row highlighted. */
static void draw_rows(struct screen *s, const struct view *v, const struct fit *f,
		      const struct sheet_geo *G, const struct sheet_cols *C,
		      const struct sheet_vis *V)
{
	char buf[96];
	screen_puts(s, G->x0, G->yhead, G->labw, "row", RA_BOLD);
	for (size_t i = G->first; i < G->last; i++) {
		size_t k;
		int raw = col_of(C, i, &k) == COL_RAW;
		col_name(C, f, i, v->utf8, buf, sizeof buf);
		put_cell(s, G->colx[i - G->first], G->yhead, G->colw[i - G->first], buf, !raw,
			 RA_BOLD | RA_UNDERLINE);
	}
	for (size_t q = 0; q < V->nrows; q++) {
		int y = G->yrows + (int)q;
		size_t row = V->top + q;
		int cur = row == v->sheet_row;
		snprintf(buf, sizeof buf, "%*zu", G->labw - 1, row + 1);
		screen_puts(s, G->x0 + 1, y, G->labw - 1, buf, RA_ROLE(RR_AXIS));
		for (size_t i = G->first; i < G->last; i++) {
			size_t k;
			int raw = col_of(C, i, &k) == COL_RAW;
			int w = G->colw[i - G->first];
			put_cell(s, G->colx[i - G->first], y, w,
				 cell_text(C, V, q, i, w, buf, sizeof buf), !raw, 0);
		}
		if (cur) {
			screen_attr(s, G->x0, y, G->x1 - G->x0, 1, RA_REVERSE);
			screen_put(s, G->x0, y, v->utf8 ? 0x25b6 : '>', RA_REVERSE | RA_BOLD);
		}
	}
}

/* Rows, coefficient rows and header lines into the box's height. */
static void place_rows(struct sheet_geo *G, const struct sheet_cols *C, const struct rect *r)
{
	int y = r->y + 1, ybot = r->y + r->h - 1; /* [y, ybot) inside the box */
	int wantcoef = (int)(C->nucoef + (C->outrow ? 1 : 0));
	G->ytot = y++;
	G->ytot2 = C->d->d > 1 && r->w < 72 && ybot - y >= wantcoef + 8 ? y++ : -1;
	G->ygrp = ybot - y >= wantcoef + 5 ? y++ : -1;
	int room = ybot - y - 1 - 3; /* the headers, and three rows at least */
	G->ncoef = wantcoef < room ? wantcoef : (room > 0 ? room : 0);
	G->ycoef = y;
	y += G->ncoef;
	G->yhead = y++;
	G->yrows = y;
	G->nrows = ybot - y > 0 ? ybot - y : 0;
}

static int sheet_draw(struct screen *s, struct view *v, const struct fit *f, const struct rect *r)
{
	struct sheet_cols C;
	struct sheet_geo G;
	struct sheet_vis V = {0};
	char title[128];
	const struct data *d = f->data;
	cols_init(&C, f);
	memset(&G, 0, sizeof G);
	if (d->n && v->sheet_row >= d->n)
		v->sheet_row = d->n - 1;
	G.x0 = r->x + 1;
	G.x1 = r->x + r->w - 1;
	place_rows(&G, &C, r);
	/* the cursor's row stays on screen */
	size_t nr = (size_t)G.nrows;
	if (v->sheet_row < v->sheet_top)
		v->sheet_top = v->sheet_row;
	if (nr && v->sheet_row >= v->sheet_top + nr)
		v->sheet_top = v->sheet_row - nr + 1;
	if (v->sheet_top + nr > d->n)
		v->sheet_top = d->n > nr ? d->n - nr : 0;
	size_t shown = d->n - v->sheet_top < nr ? d->n - v->sheet_top : nr;
	snprintf(title, sizeof title, "sheet: rows %zu-%zu of %zu, row %zu",
		 shown ? v->sheet_top + 1 : 0, v->sheet_top + shown, d->n, v->sheet_row + 1);
	if ((int)layout_text_cols(title) > r->w - 6)
		snprintf(title, sizeof title, "sheet: row %zu/%zu", v->sheet_row + 1, d->n);
	screen_box(s, r->x, r->y, r->w, r->h, title, v->utf8, RA_ROLE(RR_AXIS));
	if (r->w < 12 || r->h < 6)
		return FP_OK;
	char lab[32];
	snprintf(lab, sizeof lab, "%zu", d->n);
	G.labw = (int)strlen(lab) + 1;
	if (G.labw < 6)
		G.labw = 6; /* "relu12", "coef", "out" */
	if (vis_compute(&V, &C, f, v->sheet_top, shown) != FP_OK) {
		vis_free(&V);
		return FP_EFAIL;
	}
	place_cols(&G, &C, f, &V, v);
	follow_sel(&G, &C, f, &V, v);
	if (v->sheet_sum)
		v->sheet_sum->at_end = G.last >= C.total;
	draw_totals(s, v, f, &G);
	draw_groups(s, v, &G, &C);
	draw_bars(s, v, &G, &C, G.ycoef, G.yrows + (int)shown);
	draw_coefs(s, v, f, &G, &C);
	draw_rows(s, v, f, &G, &C, &V);
	vis_free(&V);
	return FP_OK;
}

/* ---- keys: J K rows, ^ $ first and last, ( ) columns ---- */

static int sheet_key(struct view *v, const struct fit *f, int key)
{
	size_t n = f->data->n;
	struct sheet_cols C;
	switch (key) {
	case 'J':
		if (v->sheet_row + 1 < n)
			v->sheet_row++;
		return 1;
	case 'K':
		if (v->sheet_row > 0)
			v->sheet_row--;
		return 1;
	case '^':
		v->sheet_row = 0;
		return 1;
	case '$':
		v->sheet_row = n ? n - 1 : 0;
		return 1;
	case '(':
		if (v->sheet_col > 0)
			v->sheet_col--;
		return 1;
	case ')':
		cols_init(&C, f);
		if (v->sheet_col + 1 < C.total && !(v->sheet_sum && v->sheet_sum->at_end))
			v->sheet_col++;
		return 1;
	default:
		return 0;
	}
}

static const char *const sheet_keys_help[] = {
    "J K\tsheet: the cursor one row down / up",
    "^ $\tsheet: the first / the last row",
    "( )\tsheet: scroll the columns left / right",
    NULL,
};

/* Every model has its sheet (sheet ops), on tables and x,y data alike. */
static int sheet_applies(const struct fit *f)
{
	return f->model->sheet != NULL && f->model->sheet_features != NULL && f->data->n > 0;
}

const struct view_type view_sheet = {
    .name = "sheet",
    .said = "sheet (J K rows, ^ $ first/last, ( ) columns)",
    .cycle = 1,
    .applies = sheet_applies,
    .draw = sheet_draw,
    .tick = sheet_tick,
    .key = sheet_key,
    .keys_help = sheet_keys_help,
};
