/* SPDX-License-Identifier: GPL-3.0-or-later */
/* view-fit.c: the fit view (the points and the model's curve, with guides,
 * residuals, the ghost run and ReLU kinks) and the units view (the same plus each
 * unit's own curve, faint). */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "util.h"
#include "view.h"

struct unit_ctx {
	const struct fit *f;
	size_t k;
};

static double unit_fn(void *ctx, double x)
{
	struct unit_ctx *u = ctx;
	return u->f->model->unit_eval(&u->f->mcfg, u->f->theta, u->k, x);
}

static double curve_eval(const struct fit *f, double x)
{
	return f->model->eval(&f->mcfg, f->theta, &x);
}

static double curve_fn(void *ctx, double x)
{
	return curve_eval(ctx, x);
}

static double ghost_fn(void *ctx, double x)
{
	const struct layout_ghost *g = ctx;
	return g->model->eval(&g->mcfg, g->theta, &x);
}

struct best_ctx {
	const struct fit *f;
};

static double best_fn(void *ctx, double x)
{
	const struct fit *f = ((struct best_ctx *)ctx)->f;
	return f->model->eval(&f->mcfg, f->best, &x);
}

static double truth_fn(void *ctx, double x)
{
	const struct data *d = ctx;
	return data_target_eval(d->target, d->truth, x);
}

/* The unit a coefficient belongs to, or -1. */
static long sel_unit(const struct fit *f, size_t sel)
{
	if (!f->model->param_unit || sel >= f->np)
		return -1;
	return f->model->param_unit(&f->mcfg, sel);
}

/* The points, the curve and what goes with it; each unit's curve too when units. */
static int fit_draw_curves(struct screen *s, struct view *v, const struct fit *f,
			   const struct rect *r, int units)
{
	char title[256];
	const struct data *d = f->data;
	const struct layout_ghost *g = layout_ghost_of(v, f);
	const char *gm = v->utf8 && v->glyphs != RASTER_ASCII ? " ·" : " ~";
	char gd[96] = "";
	if (v->guides) /* the guides' legend, a glyph each, first: narrow titles are cut */
		snprintf(gd, sizeof gd, "guides%s%s%s%s; ", d->has_truth ? " + truth" : "",
			 f->has_best ? gm : "", f->has_best ? " least sq." : "",
			 !d->has_truth && !f->has_best ? " (none here)" : "");
	if (fit_has_valid(f)) /* --valid: the legend of the two kinds of points */
		snprintf(title, sizeof title, "plot: %s%zu training points o, %zu held back x%s%s",
			 gd, d->n, d->valid->n, v->data_note ? ", " : "",
			 v->data_note ? v->data_note : "");
	else
		snprintf(title, sizeof title, "plot: %s%zu points%s%s", gd, d->n,
			 v->data_note ? ", " : "", v->data_note ? v->data_note : "");
	size_t ng = layout_ghost_count(v, f);
	if (g || v->residuals) {
		size_t n = strlen(title);
		char gl[32];
		snprintf(gl, sizeof gl, "; ghosts 1-%zu", ng);
		snprintf(title + n, sizeof title - n, "%s%s%s%s",
			 ng > 1 ? gl
			 : g	? "; ghost "
				: "",
			 ng > 1 ? ""
			 : g	? g->label
				: "",
			 g ? gm : "", v->residuals ? "; residuals" : "");
	}
	screen_box(s, r->x, r->y, r->w, r->h, title, v->utf8, RA_ROLE(RR_AXIS));
	int ix = r->x + 2, iy = r->y + 1, iw = r->w - 3, ih = r->h - 2;
	if (iw < 1 || ih < 1)
		return FP_OK;
	int rc = raster_begin(&v->r, s, ix, iy, iw, ih, v->xlo, v->xhi, v->ylo, v->yhi, v->glyphs,
			      v->utf8);
	if (rc)
		return rc;
	raster_hline(&v->r, 0);
	size_t nu = f->model->nunits ? f->model->nunits(&f->mcfg) : 0;
	if (units && f->model->unit_eval)
		for (size_t k = 0; k < nu; k++) {
			struct unit_ctx u = {f, k};
			raster_curve(&v->r, unit_fn, &u, RR_UNIT);
		}
	if (v->residuals)
		for (size_t i = 0; i < d->n; i++)
			raster_line(&v->r, d->x[i], d->y[i], d->x[i], curve_eval(f, d->x[i]),
				    RR_WARN);
	if (v->guides && d->has_truth) /* its own role: drawn as '+' below */
		raster_curve(&v->r, truth_fn, (void *)d, RR_GOOD);
	struct best_ctx bc = {f};
	if (v->guides && f->has_best && f->best)
		raster_curve(&v->r, best_fn, &bc, RR_GHOST);
	for (size_t k = 0; k < LAYOUT_GHOSTS; k++)
		if (layout_ghost_nth(v, f, k))
			raster_curve(&v->r, ghost_fn, (void *)layout_ghost_nth(v, f, k), RR_GHOST);
	raster_curve(&v->r, curve_fn, (void *)f, RR_CURVE);
	int seen = 0;
	for (size_t c = 0; c < (size_t)v->r.cw * (size_t)v->r.ch && !seen; c++)
		seen = v->r.mask[c] && v->r.role[c] == RR_CURVE;
	raster_flush(&v->r);
	layout_ghost_cells(s, v);
	if (v->guides) /* the true function: '+' cells, apart from the least squares' dots */
		for (int j = 0; j < v->r.ch; j++)
			for (int i = 0; i < v->r.cw; i++) {
				size_t k = (size_t)j * (size_t)v->r.cw + (size_t)i;
				if (v->r.mask[k] && v->r.role[k] == RR_GOOD)
					screen_put(s, v->r.cx + i, v->r.cy + j, '+',
						   RA_ROLE(RR_GOOD) | RA_BOLD);
			}
	if (!seen && v->r.cw > 20)
		screen_puts(s, v->r.cx + 1, v->r.cy, v->r.cw - 2,
			    "the curve is off the chart: z re-fits", RA_ROLE(RR_WARN) | RA_BOLD);
	if (f->model->unit_kink) {
		long su = sel_unit(f, v->sel);
		for (size_t k = 0; k < nu; k++) {
			double kx;
			if (f->model->unit_kink(&f->mcfg, f->theta, k, &kx) != 0)
				continue;
			int selected = su >= 0 && (size_t)su == k;
			raster_xmark(&v->r, kx, v->utf8 ? 0x25b2 : '^',
				     RA_ROLE(RR_UNIT) | (selected ? RA_BOLD | RA_REVERSE : 0));
		}
	}
	if (ng > 1) /* several kept runs: each curve carries its number, apart */
		for (size_t k = 0; k < LAYOUT_GHOSTS; k++) {
			const struct layout_ghost *gk = layout_ghost_nth(v, f, k);
			for (int j = 1; gk && j <= 3; j++) {
				double x =
				    v->xlo + (v->xhi - v->xlo) *
						 (j * (double)(LAYOUT_GHOSTS + 1) + (double)k) /
						 (4.0 * (LAYOUT_GHOSTS + 1));
				raster_point(&v->r, x, ghost_fn((void *)gk, x),
					     layout_ghost_digit(k), RA_ROLE(RR_GHOST) | RA_BOLD);
			}
		}
	for (size_t i = 0; fit_has_valid(f) && i < d->valid->n; i++) /* held back: 'x' */
		raster_point(&v->r, d->valid->x[i], d->valid->y[i], 'x',
			     RA_ROLE(RR_WARN) | RA_BOLD);
	for (size_t i = 0; i < d->n; i++) /* point editing (P) marks its point */
		raster_point(&v->r, d->x[i], d->y[i], v->pt_mode && i == v->pt_sel ? '@' : 'o',
			     RA_ROLE(RR_DATA) | RA_BOLD |
				 (v->pt_mode && i == v->pt_sel ? RA_REVERSE : 0));
	return FP_OK;
}

static int fit_draw(struct screen *s, struct view *v, const struct fit *f, const struct rect *r)
{
	return fit_draw_curves(s, v, f, r, 0);
}

static int units_draw(struct screen *s, struct view *v, const struct fit *f, const struct rect *r)
{
	return fit_draw_curves(s, v, f, r, 1);
}

/* x,y data: one input, a curve to draw. */
static int fit_applies(const struct fit *f)
{
	return f->data->d == 1;
}

/* Models with units (relus:K, relu2) on x,y data. */
static int units_applies(const struct fit *f)
{
	return f->data->d == 1 && f->model->unit_eval && f->model->nunits;
}

const struct view_type view_fit = {
    .name = "fit",
    .said = "fit",
    .cycle = 1,
    .applies = fit_applies,
    .draw = fit_draw,
};

const struct view_type view_units = {
    .name = "units",
    .said = "units (each unit's own curve, faint)",
    .cycle = 1,
    .applies = units_applies,
    .draw = units_draw,
};
