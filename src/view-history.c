/* SPDX-License-Identifier: GPL-3.0-or-later */
/* view-history.c: the loss history view: the loss against the step, each step
 * joined, the least-squares floor dashed, a log scale after a divergence. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "util.h"
#include "view.h"

/* ---- the loss history ---- */

/* One run's losses on the history canvas: this session's, or the ghost's when g is
 * set; log10 of them when logs; the validation losses (--valid) when valid. */
struct hist_ctx {
	const struct fit *f;
	const struct layout_ghost *g;
	int logs;
	int valid;
};

/* The loss recorded at step k as drawn, or -1 when there is none. */
static int hist_at(const struct hist_ctx *h, double k, double *v)
{
	if (!(k >= 0) || k > 4e18)
		return -1;
	unsigned long st = (unsigned long)k;
	if (h->g) {
		if (st < h->g->hist_first || st - h->g->hist_first >= h->g->hist_n)
			return -1;
		*v = h->g->hist[st - h->g->hist_first];
	} else if (h->valid ? fit_vhist_get(h->f, st, v) != 0 : fit_hist_get(h->f, st, v) != 0) {
		return -1;
	}
	if (!isfinite(*v) || (h->logs && !(*v > 0)))
		return -1;
	if (h->logs)
		*v = log10(*v);
	return 0;
}

/* The history as a line: straight segments from step to step (not stairs), every
 * step drawn (no sampling: spikes and zig-zags show). */
static void hist_line(struct raster *R, const struct hist_ctx *h, unsigned long from,
		      unsigned long to, enum raster_role role)
{
	double a, b;
	int ha = hist_at(h, (double)from, &a) == 0;
	if (ha && from == to)
		raster_line(R, (double)from, a, (double)from, a, role);
	for (unsigned long k = from; k < to; k++) {
		int hb = hist_at(h, (double)(k + 1), &b) == 0;
		if (ha && hb)
			raster_line(R, (double)k, a, (double)(k + 1), b, role);
		ha = hb;
		a = b;
	}
}

/* A piece of a legend line. */
struct legend_piece {
	char text[96];
	uint16_t attr;
	int prio; /* 0: always shown; higher: left out earlier when the line is short */
};

/* The first of n texts that fits the canvas width, centred on canvas row y, if the
 * cells there are blank. Returns 1 when written (or when there is none to write). */
static int put_centred(struct screen *s, const struct raster *R, int y, const char *const *texts,
		       size_t n, uint16_t attr, int dry)
{
	for (size_t i = 0; i < n; i++) {
		int len = (int)layout_text_cols(texts[i]), x = R->cx + (R->cw - len) / 2;
		if (len > R->cw)
			continue;
		if (y < R->cy || y >= R->cy + R->ch)
			return 0;
		for (int k = -1; k <= len; k++) /* and a blank either side */
			if (x + k >= R->cx && x + k < R->cx + R->cw &&
			    screen_at(s, x + k, y)->ch != ' ')
				return 0;
		if (!dry)
			screen_puts(s, x, y, len, texts[i], attr);
		return 1;
	}
	return 1;
}

/* What a frame of the history draws from: the steps, the losses' range and scale. */
struct hist_frame {
	unsigned long first, last; /* the steps on show (the ghost's may reach further) */
	size_t npts;		   /* finite losses of this run */
	int logs;		   /* 1: a log10 scale */
	double ylo, yhi;	   /* the y range (log10 values when logs) */
};

/* The range of the losses on show (this run's and the ghost's): from 0, or log10
 * when they span more than a factor of 100. */
static void hist_frame_set(struct hist_frame *hf, const struct fit *f, const struct view *v)
{
	double lo = INFINITY, hi = -INFINITY, val;
	hf->first = f->hist_first;
	hf->last = f->step;
	hf->npts = 0;
	for (unsigned long k = hf->first; k <= f->step; k++) {
		if (fit_hist_get(f, k, &val) == 0 && isfinite(val)) {
			lo = fmin(lo, val);
			hi = fmax(hi, val);
			hf->npts++;
		}
		if (fit_vhist_get(f, k, &val) == 0 && isfinite(val)) { /* --valid: theirs too */
			lo = fmin(lo, val);
			hi = fmax(hi, val);
		}
	}
	for (size_t j = 0; j < LAYOUT_GHOSTS; j++) { /* and every kept run's */
		const struct layout_ghost *g = layout_ghost_nth(v, f, j);
		if (!g)
			continue;
		for (size_t k = 0; k < g->hist_n; k++)
			if (isfinite(g->hist[k])) {
				lo = fmin(lo, g->hist[k]);
				hi = fmax(hi, g->hist[k]);
			}
		unsigned long gl = g->hist_first + (g->hist_n ? g->hist_n - 1 : 0);
		if (gl > hf->last)
			hf->last = gl;
	}
	if (!(lo <= hi))
		lo = hi = isfinite(f->loss_value) ? f->loss_value : 0;
	hf->logs = lo > 0 && hi / lo > 100;
	if (hf->logs) {
		hf->ylo = log10(lo);
		hf->yhi = log10(hi);
		double m = (hf->yhi - hf->ylo) * 0.05;
		hf->ylo = fmax(hf->ylo - m, -300);
		hf->yhi = fmin(hf->yhi + m, 308.2); /* 10^yhi stays finite: no "overflow" tick */
	} else {
		hf->ylo = fmin(lo, 0);
		hf->yhi = hi > hf->ylo ? hi : hf->ylo + 1;
		double top = hf->yhi + (hf->yhi - hf->ylo) * 0.06;
		hf->yhi = isfinite(top) ? top : hf->yhi;
	}
}

/* The floor: the least-squares loss as a dashed row; its canvas row, or -1. */
static int hist_floor(struct screen *s, const struct view *v, const struct fit *f, int logs)
{
	const struct raster *R = &v->r;
	double floor_y = NAN;
	if (f->has_best && isfinite(f->best_loss))
		floor_y = logs ? (f->best_loss > 0 ? log10(f->best_loss) : NAN) : f->best_loss;
	int floor_row = -1, col;
	if (isfinite(floor_y) && raster_cell(R, R->xlo, floor_y, &col, &floor_row))
		for (int i = 0; i < R->cw; i++)
			screen_put(s, R->cx + i, R->cy + floor_row,
				   v->utf8 ? 0x2504 : (i % 2 ? ' ' : '-'), RA_ROLE(RR_GOOD));
	return floor_row;
}

/* The floor's name on its line, left or right, where the curve is not: 1 if named. */
static int hist_floor_name(struct screen *s, const struct view *v, const struct fit *f,
			   int floor_row)
{
	const struct raster *R = &v->r;
	char lab[160], t1[32];
	if (floor_row < 0)
		return 0;
	snprintf(lab, sizeof lab, " least squares %s ", fp_fmt(t1, sizeof t1, f->best_loss, 4));
	int n = (int)layout_text_cols(lab);
	for (int k = 0; k < 2 && n + 4 <= R->cw; k++) {
		int c0 = k ? R->cw - n - 2 : 2, free = 1;
		for (int i = c0; i < c0 + n; i++)
			free &= !R->mask[(size_t)floor_row * (size_t)R->cw + (size_t)i];
		if (free) {
			screen_puts(s, R->cx + c0, R->cy + floor_row, n, lab, RA_ROLE(RR_GOOD));
			return 1;
		}
	}
	return 0;
}

/* Every step an 'o' while at least 3 cells apart, else the start alone. */
static void hist_steps(struct view *v, const struct fit *f, const struct hist_ctx *hc,
		       const struct hist_frame *hf)
{
	struct raster *R = &v->r;
	double per_step = R->cw / (R->xhi - R->xlo), val;
	for (unsigned long k = hf->first; k < f->step; k += per_step >= 3 ? 1 : f->step - hf->first)
		if (hist_at(hc, (double)k, &val) == 0)
			raster_point(R, (double)k, val, 'o', RA_ROLE(RR_CURVE) | RA_BOLD);
}

/* The latest step reversed, its value beside it (right, else left just below or
 * above, where blank). */
static void hist_now(struct screen *s, const struct view *v, const struct fit *f,
		     const struct hist_ctx *hc, const struct hist_frame *hf)
{
	const struct raster *R = &v->r;
	uint16_t pa = RA_ROLE(RR_CURVE) | RA_BOLD;
	double val;
	int col, row;
	if (hist_at(hc, (double)f->step, &val) != 0 ||
	    !raster_cell(R, (double)f->step, val, &col, &row))
		return;
	screen_put(s, R->cx + col, R->cy + row, 'o', pa | RA_REVERSE);
	char lab[160], t1[32];
	const char *ll = loss_label(f->loss);
	if (hf->npts <= 1)
		snprintf(lab, sizeof lab, "%s %s at step %lu", ll,
			 fp_fmt(t1, sizeof t1, f->loss_value, 4), f->step);
	else
		snprintf(lab, sizeof lab, "%s %s", ll, fp_fmt(t1, sizeof t1, f->loss_value, 4));
	int n = (int)layout_text_cols(lab), x = R->cx + col, y = R->cy + row;
	int done = layout_put_on_blank(s, R, x + 2, y, lab, RA_BOLD);
	for (int d = 1; d <= 3 && !done; d++)
		done = layout_put_on_blank(s, R, x - n, y + d, lab, RA_BOLD) ||
		       layout_put_on_blank(s, R, x - n, y - d, lab, RA_BOLD);
}

/* --valid: the validation curve's cells as whole-cell 'x' marks (its role owns the
 * cells it crosses), so that it differs from the training curve without colour. */
static void hist_valid_cells(struct screen *s, const struct view *v)
{
	const struct raster *R = &v->r;
	for (int j = 0; j < R->ch; j++)
		for (int i = 0; i < R->cw; i++) {
			size_t k = (size_t)j * (size_t)R->cw + (size_t)i;
			if (R->mask[k] && R->role[k] == RR_WARN)
				screen_put(s, R->cx + i, R->cy + j, 'x', RA_ROLE(RR_WARN));
		}
}

/* The latest validation loss reversed, "valid 3.51" beside it where blank. */
static void hist_valid_now(struct screen *s, const struct view *v, const struct fit *f,
			   const struct hist_ctx *vc)
{
	const struct raster *R = &v->r;
	double val;
	int col, row;
	char lab[64], t1[32];
	if (hist_at(vc, (double)f->step, &val) != 0 ||
	    !raster_cell(R, (double)f->step, val, &col, &row))
		return;
	screen_put(s, R->cx + col, R->cy + row, 'x', RA_ROLE(RR_WARN) | RA_BOLD | RA_REVERSE);
	snprintf(lab, sizeof lab, "valid %s", fp_fmt(t1, sizeof t1, f->valid_loss, 4));
	int n = (int)layout_text_cols(lab), x = R->cx + col, y = R->cy + row;
	int done = layout_put_on_blank(s, R, x + 2, y, lab, RA_ROLE(RR_WARN) | RA_BOLD);
	for (int d = 1; d <= 3 && !done; d++)
		done = layout_put_on_blank(s, R, x - n, y - d, lab, RA_ROLE(RR_WARN) | RA_BOLD) ||
		       layout_put_on_blank(s, R, x - n, y + d, lab, RA_ROLE(RR_WARN) | RA_BOLD);
}

/* Before any descent: what to press, on two rows around the middle that the point
 * and the floor leave blank. */
static void hist_hint(struct screen *s, const struct view *v)
{
	const struct raster *R = &v->r;
	static const char *const l1[] = {"descent has not run yet:", "no descent yet"};
	static const char *const l2[] = {"press Space for one step, g to run descent",
					 "Space: one step, g: run", "g runs descent"};
	for (int d = 0; d < R->ch; d++) {
		int y = R->cy + R->ch / 2 + (d % 2 ? (d + 1) / 2 : -d / 2);
		if (put_centred(s, R, y, l1, 2, 0, 1) && put_centred(s, R, y + 1, l2, 3, 0, 1)) {
			put_centred(s, R, y, l1, 2, RA_BOLD, 0);
			put_centred(s, R, y + 1, l2, 3, RA_BOLD, 0);
			break;
		}
	}
}

/* The legend: the pieces that fit, the least needed left out first. */
static void hist_legend(struct screen *s, const struct view *v, const struct fit *f,
			const struct rect *r, const struct hist_frame *hf, int floor_unnamed)
{
	char t1[32], t2[32];
	const char *ll = loss_label(f->loss);
	int ix = r->x + 2;
	struct legend_piece lp[8] = {{"o", RA_ROLE(RR_CURVE) | RA_BOLD | RA_REVERSE, 0}};
	int np = 1;
	double v0 = 0;
	snprintf(lp[np].text, sizeof lp[np].text, " now %s %s", ll,
		 fp_fmt(t1, sizeof t1, f->loss_value, 4));
	lp[np].attr = RA_BOLD;
	lp[np++].prio = 0;
	if (hf->npts > 1 && fit_hist_get(f, hf->first, &v0) == 0 && isfinite(v0)) {
		snprintf(lp[np].text, sizeof lp[np].text, " (%s at step %lu)",
			 fp_fmt(t2, sizeof t2, v0, 4), hf->first);
		lp[np].attr = 0;
		lp[np++].prio = 3;
	}
	if (fit_has_valid(f)) { /* --valid: which curve is which, and where it was lowest */
		snprintf(lp[np].text, sizeof lp[np].text, "  x valid %s",
			 fp_fmt(t1, sizeof t1, f->valid_loss, 4));
		lp[np].attr = RA_ROLE(RR_WARN) | RA_BOLD;
		lp[np++].prio = 0;
		if (isfinite(f->valid_low) && f->valid_low_step < f->step) {
			snprintf(lp[np].text, sizeof lp[np].text, " (lowest %s, step %lu)",
				 fp_fmt(t2, sizeof t2, f->valid_low, 4), f->valid_low_step);
			lp[np].attr = RA_ROLE(RR_WARN);
			lp[np++].prio = 1;
		}
	}
	if (f->trend == FIT_TREND_DIVERGED) {
		snprintf(lp[np].text, sizeof lp[np].text, "  DIVERGED at step %lu",
			 f->diverged_step);
		lp[np].attr = RA_ROLE(RR_BAD) | RA_BOLD;
		lp[np++].prio = 0;
	}
	if (hf->logs) {
		snprintf(lp[np].text, sizeof lp[np].text, "  log scale");
		lp[np].attr = RA_BOLD;
		lp[np++].prio = fit_has_valid(f) ? 2 : 1;
	}
	if (floor_unnamed) {
		snprintf(lp[np].text, sizeof lp[np].text, "  %s least squares %s",
			 v->utf8 ? "┄" : "-", fp_fmt(t1, sizeof t1, f->best_loss, 4));
		lp[np].attr = RA_ROLE(RR_GOOD);
		lp[np++].prio = 2;
	}
	int room = r->x + r->w - 1 - ix, keep = 3;
	for (; keep > 0; keep--) {
		int wsum = 0;
		for (int i = 0; i < np; i++)
			wsum += lp[i].prio <= keep ? (int)layout_text_cols(lp[i].text) : 0;
		if (wsum <= room)
			break;
	}
	int x = ix, ly = r->y + r->h - 2;
	for (int i = 0; i < np; i++)
		if (lp[i].prio <= keep)
			layout_legend_put(s, &x, ly, ix + room, lp[i].text, lp[i].attr);
}

/* The loss against the step. Straight segments between the steps, each step an 'o'
 * while they are far enough apart, the latest one in reverse video with its value
 * beside it; the x axis spans at least a few steps (whole-number ticks, and room to
 * grow into); the y axis starts at 0, or is logarithmic when the losses span more
 * than a factor of 100 (as the sparkline), so a divergence to 1e+306 still shows
 * its start. Before any descent: the one point and what to press. */
static int draw_history(struct screen *s, struct view *v, const struct fit *f, const struct rect *r)
{
	int ix = r->x + 2, iy = r->y + 1, iw = r->w - 3, ih = r->h - 3;
	if (ih < 3) /* no room for a legend row */
		ih = r->h - 2;
	if (iw < 1 || ih < 1)
		return FP_OK;
	struct hist_frame hf;
	hist_frame_set(&hf, f, v);
	/* whole-number steps on the x axis: at least 10 of them, and at least one
	 * tick's worth of room per step label (see raster_begin's tick spacing) */
	unsigned long span = hf.last - hf.first, minspan = iw / 7 > 10 ? (unsigned long)iw / 7 : 10;
	if (span < minspan)
		span = minspan;
	double pad = (double)span * 0.03;
	int rc = raster_begin_flags(&v->r, s, ix, iy, iw, ih, (double)hf.first - pad,
				    (double)hf.first + (double)span + pad, hf.ylo, hf.yhi,
				    v->glyphs, v->utf8, hf.logs ? RASTER_YLOG : 0);
	if (rc)
		return rc;
	struct raster *R = &v->r;
	if (R->cw < 1 || R->ch < 1)
		return FP_OK;
	int floor_row = hist_floor(s, v, f, hf.logs);
	struct hist_ctx hc = {f, NULL, hf.logs, 0};
	size_t ng = layout_ghost_count(v, f);
	for (size_t k = 0; k < LAYOUT_GHOSTS; k++) {
		struct hist_ctx gc = {f, layout_ghost_nth(v, f, k), hf.logs, 0};
		if (gc.g && gc.g->hist_n)
			hist_line(R, &gc, gc.g->hist_first, gc.g->hist_first + gc.g->hist_n - 1,
				  RR_GHOST);
	}
	hist_line(R, &hc, hf.first, f->step, RR_CURVE);
	struct hist_ctx vc = {f, NULL, hf.logs, 1};
	if (fit_has_valid(f)) /* --valid: the held-back points' loss, 'x' cells */
		hist_line(R, &vc, hf.first, f->step, RR_WARN);
	raster_flush(R);
	layout_ghost_cells(s, v);
	if (fit_has_valid(f))
		hist_valid_cells(s, v);
	for (size_t k = 0; ng > 1 && k < LAYOUT_GHOSTS; k++) { /* each kept run's number */
		const struct layout_ghost *gk = layout_ghost_nth(v, f, k);
		struct hist_ctx gc = {f, gk, hf.logs, 0};
		double val;
		unsigned long last = gk && gk->hist_n ? gk->hist_first + gk->hist_n - 1 : 0;
		while (gk && last > gk->hist_first && hist_at(&gc, (double)last, &val) != 0)
			last--;
		if (gk && hist_at(&gc, (double)last, &val) == 0)
			raster_point(R, (double)last, val, layout_ghost_digit(k),
				     RA_ROLE(RR_GHOST) | RA_BOLD);
	}
	hist_steps(v, f, &hc, &hf);
	int floor_named = hist_floor_name(s, v, f, floor_row);
	if (fit_has_valid(f))
		hist_valid_now(s, v, f, &vc);
	hist_now(s, v, f, &hc, &hf);
	if (hf.npts <= 1 && !v->replay && R->ch >= 4)
		hist_hint(s, v);
	if (ih != r->h - 2)
		hist_legend(s, v, f, r, &hf, floor_row >= 0 && !floor_named);
	return FP_OK;
}

static int history_view_draw(struct screen *s, struct view *v, const struct fit *f,
			     const struct rect *r)
{
	char title[256];
	const struct layout_ghost *g = layout_ghost_of(v, f);
	size_t ng = layout_ghost_count(v, f);
	char gl[32];
	snprintf(gl, sizeof gl, "; ghosts 1-%zu", ng);
	snprintf(title, sizeof title, "loss history: %s by step%s%s%s%s", loss_label(f->loss),
		 fit_has_valid(f) ? ", o training, x held back" : "",
		 ng > 1 ? gl
		 : g	? "; ghost "
			: " (v: next view)",
		 ng > 1 ? ""
		 : g	? g->label
			: "",
		 g ? (v->utf8 ? " ·" : " ~") : "");
	screen_box(s, r->x, r->y, r->w, r->h, title, v->utf8, RA_ROLE(RR_AXIS));
	if (r->w - 3 < 1 || r->h - 2 < 1)
		return FP_OK;
	return draw_history(s, v, f, r);
}

static int history_applies(const struct fit *f)
{
	return 1;
}

const struct view_type view_history = {
    .name = "history",
    .said = "loss history",
    .cycle = 1,
    .applies = history_applies,
    .draw = history_view_draw,
};
