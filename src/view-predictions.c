/* SPDX-License-Identifier: GPL-3.0-or-later */
/* view-predictions.c: the explorer for tables (data of more than one input, where an
 * x axis makes no sense), without curses: slider ranges that suit starts near zero,
 * the share of rows predicted right at 0.5 for the header, the predictions view
 * (each row's prediction, sorted, against its truth, with the 0.5 threshold; the
 * export draws the same, src/export.c), and the keys that mean nothing for a table
 * answered with a message. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "layout.h"
#include "view.h"
#include "table.h"
#include "util.h"

#define TABLE_PLOT_ROWS 50000 /* rows drawn at most (a systematic sample beyond) */

/* The smallest of 1, 2, 5 times a power of ten that is >= v (v > 0). */
static double nice_up(double v)
{
	double p = pow(10, floor(log10(v)));
	if (v <= p * (1 + 1e-12))
		return p;
	if (v <= 2 * p)
		return 2 * p;
	if (v <= 5 * p)
		return 5 * p;
	return 10 * p;
}

void layout_table_sliders(const struct fit *f, struct slider *sl)
{
	for (size_t i = 0; i < f->np; i++) {
		double m = 1;
		if (isfinite(f->theta0[i]))
			m = fmax(m, 2 * fabs(f->theta0[i]));
		if (f->has_best && f->best && isfinite(f->best[i]))
			m = fmax(m, 1.5 * fabs(f->best[i]));
		double r = nice_up(m);
		sl[i].lo = -r;
		sl[i].hi = r;
		sl[i].step = r / 100;
	}
}

/* A table's predictions, kept between frames: computed again only when the
 * coefficients, the model or the data differ from the last time (a frame asks for
 * them twice, for the header's share right and for the plot; a still frame of a
 * 1,000,000-row table then costs no pass at all). */
struct table_preds {
	double *p, *g;	 /* predictions; scratch for the plot's sorted groups */
	size_t cap;	 /* rows both hold */
	double *theta;	 /* the coefficients they were computed with */
	size_t np, k, d; /* and the model's size */
	const struct model_type *model;
	const struct data *data;
	const double *x, *y;
	size_t n, right; /* rows; rows right at 0.5 */
	int ok;
	/* the plot's groups in g, sorted (for predictions ok and plot range top yhi) */
	int sorted, binary;
	double sorted_yhi;
	size_t n1, n0, r1, r0, s1, s0; /* rows, rows right, rows drawn: truth 1, 0 */
};

void layout_table_init(struct view *v)
{
	v->tpred = fp_calloc(1, sizeof *v->tpred);
}

void layout_table_done(struct view *v)
{
	if (!v->tpred)
		return;
	fp_free(v->tpred->p);
	fp_free(v->tpred->g);
	fp_free(v->tpred->theta);
	fp_free(v->tpred);
	v->tpred = NULL;
}

/* The predictions of f for every row (c->right: how many are right at 0.5), or
 * NULL when out of memory. */
static const double *predictions(struct table_preds *c, const struct fit *f)
{
	const struct data *d = f->data;
	if (!c)
		return NULL;
	if (c->ok && c->model == f->model && c->k == f->mcfg.k && c->d == f->mcfg.d &&
	    c->np == f->np && c->data == d && c->x == d->x && c->y == d->y && c->n == d->n &&
	    memcmp(c->theta, f->theta, f->np * sizeof *c->theta) == 0)
		return c->p;
	c->ok = c->sorted = 0;
	size_t n = d->n ? d->n : 1;
	if (n > c->cap) {
		fp_free(c->p);
		fp_free(c->g);
		c->p = fp_malloc(n * sizeof *c->p);
		c->g = fp_malloc(n * sizeof *c->g);
		c->cap = c->p && c->g ? n : 0;
		if (!c->cap)
			return NULL;
	}
	if (f->np > c->np || !c->theta) {
		fp_free(c->theta);
		if (!(c->theta = fp_malloc((f->np ? f->np : 1) * sizeof *c->theta)))
			return NULL;
	}
	f->model->predict(&f->mcfg, f->theta, d, c->p);
	c->right = table_right(c->p, d);
	memcpy(c->theta, f->theta, f->np * sizeof *c->theta);
	c->model = f->model;
	c->k = f->mcfg.k;
	c->d = f->mcfg.d;
	c->np = f->np;
	c->data = d;
	c->x = d->x;
	c->y = d->y;
	c->n = d->n;
	c->ok = 1;
	return c->p;
}

char *layout_table_header(const struct view *v, const struct fit *f, char *buf, size_t len)
{
	size_t n = strlen(buf);
	if (f->data->d < 2 || n >= len || !predictions(v->tpred, f))
		return buf;
	double acc = f->data->n ? (double)v->tpred->right / (double)f->data->n : 0.0;
	snprintf(buf + n, len - n, "  %.1f%% right", 100 * acc);
	for (char *p = buf + n; *p; p++) /* whatever LC_NUMERIC says */
		if (*p == ',')
			*p = '.';
	return buf;
}

static int dbl_cmp(const void *a, const void *b)
{
	double s = *(const double *)a, t = *(const double *)b;
	return s < t ? -1 : (s > t);
}

void layout_table_yrange(const struct view *v, const struct fit *f, double *ylo, double *yhi)
{
	const double *p = predictions(v->tpred, f);
	for (size_t i = 0; p && i < f->data->n; i++)
		if (isfinite(p[i])) {
			*ylo = fmin(*ylo, p[i]);
			*yhi = fmax(*yhi, p[i]);
		}
	*ylo = fmin(*ylo, TABLE_CUT);
	*yhi = fmax(*yhi, TABLE_CUT);
}

static int text_cols(const char *t)
{
	int n = 0;
	for (const char *q = t; *q; n++) {
		int k;
		raster_utf8_decode(q, &k);
		q += k;
	}
	return n;
}

/* A legend entry at (*x, y): a mark in its attributes, then text; only when both
 * fit before maxx, else *x becomes -1 and the entries after it are left out. */
static void legend(struct screen *s, int *x, int y, int maxx, const char *mark, uint16_t attr,
		   const char *text)
{
	int a = text_cols(mark), b = text_cols(text);
	if (*x < 0 || *x + a + b > maxx) {
		*x = -1;
		return;
	}
	screen_puts(s, *x, y, a, mark, attr);
	screen_puts(s, *x + a, y, b, text, 0);
	*x += a + b;
}

/* The glyph of a cell holding survivors (bit 1), the others (bit 2) or both. */
static uint32_t mark_of(int bits)
{
	return bits == 3 ? '*' : (bits == 1 ? 'o' : '.');
}

static uint16_t mark_attr(int bits)
{
	return bits == 3 ? RA_ROLE(RR_WARN) | RA_BOLD
			 : (bits == 1 ? RA_ROLE(RR_DATA) | RA_BOLD : RA_ROLE(RR_UNIT));
}

/* Mark the cells of one group's sorted predictions g[0..n-1] with bit: point k at
 * x = 100 (k + 0.5) / n, y clamped into the canvas (counted in *beyond when
 * outside), consecutive points joined by a vertical run so the group reads as one
 * rising line. */
static void group_cells(const struct raster *R, const double *g, size_t n, int bit,
			unsigned char *cells, size_t *beyond)
{
	int pc = -1, pr = 0;
	for (size_t k = 0; k < n; k++) {
		double y = g[k];
		if (!(y >= R->ylo && y <= R->yhi)) {
			(*beyond)++;
			y = y > R->yhi ? R->yhi : R->ylo; /* (not finite: not sorted here) */
		}
		int col, row;
		if (!raster_cell(R, 100 * ((double)k + 0.5) / (double)n, y, &col, &row))
			continue;
		int r0 = row, r1 = row;
		if (pc >= 0 && col - pc <= 1) {
			r0 = pr < row ? pr : row;
			r1 = pr < row ? row : pr;
		}
		for (int j = r0; j <= r1; j++)
			cells[(size_t)j * (size_t)R->cw + (size_t)col] |= (unsigned char)bit;
		pc = col;
		pr = row;
	}
}

/* The predictions view in rectangle r: every row's prediction, sorted, along x
 * (a systematic sample beyond TABLE_PLOT_ROWS rows), y in v->ylo..v->yhi; rows with
 * y > 0.5 as 'o', the others '.', a cell holding both '*'; the 0.5 threshold as a
 * line; the count right in the title; a legend. Returns FP_OK or FP_EFAIL. */
static int predictions_draw(struct screen *s, struct view *v, const struct fit *f,
			    const struct rect *r)
{
	char title[256], lab[128];
	const struct data *d = f->data;
	size_t stride = d->n > TABLE_PLOT_ROWS ? (d->n + TABLE_PLOT_ROWS - 1) / TABLE_PLOT_ROWS : 1;
	const double *p = predictions(v->tpred, f);
	if (!p)
		return FP_EFAIL;
	struct table_preds *c = v->tpred;
	double *g = c->g; /* survivors up, others down */
	if (!c->sorted || c->sorted_yhi != v->yhi) {
		c->n1 = c->n0 = c->r1 = c->r0 = c->s1 = c->s0 = 0;
		c->binary = 1;
		for (size_t i = 0; i < d->n; i++) {
			int up = table_side(d->y[i]), said = table_side(p[i]);
			if (up) {
				c->n1++;
				c->r1 += said;
			} else {
				c->n0++;
				c->r0 += !said;
			}
			if (d->y[i] != 0 && d->y[i] != 1)
				c->binary = 0;
			if (i % stride == 0) /* the rows drawn: survivors first, others last */
				g[up ? c->s1++ : d->n - 1 - c->s0++] =
				    isfinite(p[i]) ? p[i] : v->yhi + 1;
		}
		qsort(g, c->s1, sizeof *g, dbl_cmp);
		qsort(g + d->n - c->s0, c->s0, sizeof *g, dbl_cmp);
		c->sorted = 1;
		c->sorted_yhi = v->yhi;
	}
	size_t n1 = c->n1, n0 = c->n0, r1 = c->r1, r0 = c->r0, s1 = c->s1, s0 = c->s0;
	int binary = c->binary;
	double *g0 = g + d->n - s0;
	snprintf(title, sizeof title,
		 "predictions by truth, each group sorted along x: %zu of %zu right at 0.5",
		 r1 + r0, d->n);
	if ((int)strlen(title) > r->w - 6) /* the x axis's meaning goes first */
		snprintf(title, sizeof title,
			 "predictions by truth, sorted: %zu of %zu right at 0.5", r1 + r0, d->n);
	if ((int)strlen(title) > r->w - 6)
		snprintf(title, sizeof title, "predictions: %zu/%zu right", r1 + r0, d->n);
	screen_box(s, r->x, r->y, r->w, r->h, title, v->utf8, RA_ROLE(RR_AXIS));
	int ix = r->x + 2, iy = r->y + 1, iw = r->w - 3, ih = r->h - 3;
	if (iw < 4 || ih < 2) {
		return FP_OK;
	}
	int rc = raster_begin(&v->r, s, ix, iy, iw, ih, 0, 100, v->ylo, v->yhi, v->glyphs, v->utf8);
	if (rc) {
		return rc;
	}
	struct raster *R = &v->r;
	raster_hline(R, TABLE_CUT);
	/* which groups each canvas cell holds (bit 1: y > 0.5, bit 2: the others) */
	size_t cells = (size_t)(R->cw > 0 ? R->cw : 0) * (size_t)(R->ch > 0 ? R->ch : 0);
	unsigned char *bits = cells ? fp_calloc(cells, 1) : NULL;
	if (cells && !bits) {
		return FP_EFAIL;
	}
	size_t beyond = 0;
	if (cells) {
		group_cells(R, g0, s0, 2, bits, &beyond);
		group_cells(R, g, s1, 1, bits, &beyond);
	}
	for (int j = 0; j < R->ch; j++)
		for (int i = 0; i < R->cw; i++) {
			int b = bits[(size_t)j * (size_t)R->cw + (size_t)i];
			if (b)
				screen_put(s, R->cx + i, R->cy + j, mark_of(b), mark_attr(b));
		}
	fp_free(bits);
	/* the legend: how many of each group are on the right side of the line */
	int ly = r->y + r->h - 2, x = ix, maxx = r->x + r->w - 1;
	char lab0[64];
	snprintf(lab, sizeof lab, " %s %zu/%zu above  ", binary ? "survived" : "y>0.5", r1, n1);
	snprintf(lab0, sizeof lab0, " %s %zu/%zu below  ", binary ? "did not" : "y<=0.5", r0, n0);
	if (x + text_cols(lab) + text_cols(lab0) + 6 > maxx) { /* narrow: the counts alone */
		snprintf(lab, sizeof lab, " %zu/%zu above  ", r1, n1);
		snprintf(lab0, sizeof lab0, " %zu/%zu below  ", r0, n0);
	}
	legend(s, &x, ly, maxx, "o", mark_attr(1), lab);
	legend(s, &x, ly, maxx, ".", mark_attr(2), lab0);
	legend(s, &x, ly, maxx, v->utf8 ? "──" : "--", RA_ROLE(RR_AXIS), " 0.5");
	if (beyond) {
		snprintf(lab, sizeof lab, " off the chart: z  ");
		char cnt[32];
		snprintf(cnt, sizeof cnt, "  %zu", beyond);
		legend(s, &x, ly, maxx, cnt, RA_ROLE(RR_WARN) | RA_BOLD, lab);
	}
	legend(s, &x, ly, maxx, "  *", mark_attr(3), " both");
	return FP_OK;
}

const char *layout_table_refusal(const struct fit *f, enum layout_action act)
{
	if (f->data->d < 2)
		return NULL;
	switch (act) {
	case UA_NOISE:
		return "the rows come from a table: there is no noise to draw again";
	case UA_TARGET:
		return "a table's target is one of its columns (--target COLUMN): t cycles "
		       "generated functions only";
	case UA_GUIDES:
	case UA_RESIDUALS:
		return "guides and residuals are drawn on a curve: a table of many inputs has "
		       "none (v: next view)";
	case UA_POINTS:
		return "a table's rows can't be edited as points: point editing (P) is for x,y "
		       "data";
	default:
		return NULL;
	}
}

int layout_table_key(struct view *v, const struct fit *f, enum layout_action act)
{
	char spec[64];
	const char *msg = layout_table_refusal(f, act);
	if (f->data->d < 2)
		return 0;
	model_spec(f->model, &f->mcfg, spec, sizeof spec);
	if (msg) {
		snprintf(v->msg, sizeof v->msg, "%s", msg);
		v->msg_role = RR_WARN;
		return 1;
	}
	switch (act) {
	case UA_ADD_UNIT:
	case UA_DEL_UNIT:
		if (f->model->param_unit)
			snprintf(v->msg, sizeof v->msg,
				 "%s keeps its %zu units here: start with --model nnet:K for "
				 "another K",
				 spec, f->mcfg.k);
		else
			snprintf(v->msg, sizeof v->msg,
				 "%s has no units: m switches to nnet (ReLUs of the inputs, added)",
				 spec);
		break;
	default:
		return 0;
	}
	v->msg_role = RR_WARN;
	return 1;
}

/* Tables: data of more than one input. */
static int predictions_applies(const struct fit *f)
{
	return f->data->d > 1;
}

const struct view_type view_predictions = {
    .name = "predictions",
    .said = "predictions against the truth",
    .cycle = 1,
    .applies = predictions_applies,
    .draw = predictions_draw,
};
