/* SPDX-License-Identifier: GPL-3.0-or-later */
/* view-sweep.c: the learning-rate sweep view (key w): the loss after a fixed number
 * of steps against the learning rate, both on log scales, each rate marked
 * converged, crawling or diverged, and where convergence and divergence begin. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "util.h"
#include "view.h"

/* ---- the learning-rate sweep ---- */

static int sweep_diverged(const struct lab_sweep_row *w)
{
	return w->overflowed || !isfinite(w->loss) || w->verdict == LAB_DIVERGED ||
	       w->loss > w->start_loss;
}

static int draw_sweep(struct screen *s, struct view *v, const struct fit *f, const struct rect *r)
{
	char title[192];
	const struct layout_sweep *w = v->sweep;
	if (!w)
		snprintf(title, sizeof title, "lr sweep: none yet (w runs one; v: back)");
	else if (!w->judged)
		snprintf(title, sizeof title, "lr sweep: %zu of %zu rates run", w->done, w->n);
	else
		snprintf(title, sizeof title,
			 "lr sweep: %s after %zu steps from the start (v: back)",
			 loss_label(f->loss), w->steps);
	screen_box(s, r->x, r->y, r->w, r->h, title, v->utf8, RA_ROLE(RR_AXIS));
	int ix = r->x + 2, iy = r->y + 1, iw = r->w - 3, ih = r->h - 3;
	if (!w || !w->done || iw < 4 || ih < 2)
		return FP_OK;
	double ylo = INFINITY, yhi = -INFINITY;
	int allpos = 1;
	for (size_t i = 0; i < w->done; i++) {
		const struct lab_sweep_row *row = &w->row[i];
		yhi = fmax(yhi, row->start_loss);
		if (sweep_diverged(row))
			continue;
		ylo = fmin(ylo, row->loss);
		yhi = fmax(yhi, row->loss);
		allpos &= row->loss > 0;
	}
	if (!(ylo <= yhi))
		ylo = yhi = isfinite(yhi) ? yhi : 1;
	int logs = allpos && ylo > 0 && yhi / ylo > 10;
	double y0 = logs ? log10(ylo) : ylo, y1 = logs ? log10(yhi) : yhi;
	double m = (y1 - y0) * 0.05;
	int rc = raster_begin_flags(&v->r, s, ix, iy, iw, ih, log10(w->row[0].lr),
				    log10(w->row[w->n - 1].lr), y0 - m, y1 + m, v->glyphs, v->utf8,
				    RASTER_XLOG | (logs ? RASTER_YLOG : 0));
	if (rc)
		return rc;
	struct raster *R = &v->r;
	double px = NAN, py = NAN;
	for (size_t i = 0; i < w->done; i++) {
		const struct lab_sweep_row *row = &w->row[i];
		if (sweep_diverged(row)) {
			px = NAN;
			continue;
		}
		double x = log10(row->lr), y = logs ? log10(row->loss) : row->loss;
		if (isfinite(px))
			raster_line(R, px, py, x, y, RR_CURVE);
		px = x;
		py = y;
	}
	raster_flush(R);
	/* where crawling ends and divergence begins: dotted verticals */
	int col, rw;
	struct {
		double lr;
		int role;
		const char *label;
	} marks[2] = {{w->conv_from, RR_GOOD, "converges from "},
		      {w->div_from, RR_BAD, "diverges from "}};
	for (int k = 0; k < 2 && w->judged; k++) {
		if (!(marks[k].lr > 0))
			continue;
		col = raster_col(R, log10(marks[k].lr));
		if (col < 0)
			continue;
		for (int j = 0; j < R->ch; j++)
			screen_put(s, R->cx + col, R->cy + j, v->utf8 ? 0x2506 : ':',
				   RA_ROLE(marks[k].role) | RA_BOLD);
		char lab[64], t[32];
		snprintf(lab, sizeof lab, "%s%s", marks[k].label,
			 fp_fmt(t, sizeof t, marks[k].lr, 3));
		int n = (int)strlen(lab), lx = k == 0 ? R->cx + col - n : R->cx + col + 1;
		if (lx < R->cx)
			lx = R->cx + col + 1;
		if (lx + n > R->cx + R->cw)
			lx = R->cx + col - n;
		screen_puts(s, lx, R->cy + k, n, lab, RA_ROLE(marks[k].role) | RA_BOLD);
	}
	for (size_t i = 0; i < w->done; i++) {
		const struct lab_sweep_row *row = &w->row[i];
		double x = log10(row->lr);
		if (sweep_diverged(row)) {
			col = raster_col(R, x);
			if (col >= 0)
				screen_put(s, R->cx + col, R->cy, '^', RA_ROLE(RR_BAD) | RA_BOLD);
			continue;
		}
		double y = logs ? log10(row->loss) : row->loss;
		int conv = w->judged && row->verdict == LAB_CONVERGED;
		if (raster_cell(R, x, y, &col, &rw))
			screen_put(s, R->cx + col, R->cy + rw, conv ? 'o' : 'c',
				   RA_ROLE(conv ? RR_GOOD : RR_WARN) | RA_BOLD);
	}
	raster_xmark(R, log10(f->lr), v->utf8 ? 0x25b2 : '^', RA_ROLE(RR_CURVE) | RA_BOLD);
	int ly = r->y + r->h - 2, x = ix, maxx = r->x + r->w - 1;
	layout_legend_put(s, &x, ly, maxx, "o", RA_ROLE(RR_GOOD) | RA_BOLD);
	layout_legend_put(s, &x, ly, maxx, " converged  ", 0);
	layout_legend_put(s, &x, ly, maxx, "c", RA_ROLE(RR_WARN) | RA_BOLD);
	layout_legend_put(s, &x, ly, maxx, " crawling  ", 0);
	layout_legend_put(s, &x, ly, maxx, "^", RA_ROLE(RR_BAD) | RA_BOLD);
	layout_legend_put(s, &x, ly, maxx, " diverged (off the top)  ", 0);
	layout_legend_put(s, &x, ly, maxx, v->utf8 ? "▲" : "^", RA_ROLE(RR_CURVE) | RA_BOLD);
	layout_legend_put(s, &x, ly, maxx, " lr now", 0);
	return FP_OK;
}

static int sweep_applies(const struct fit *f)
{
	return 1;
}

const struct view_type view_sweep = {
    .name = "sweep",
    .said = "lr sweep (w runs one)",
    .cycle = 0,
    .applies = sweep_applies,
    .draw = draw_sweep,
};
