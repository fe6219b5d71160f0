/* SPDX-License-Identifier: GPL-3.0-or-later */
/* layout-panel.c: the coefficients panel: one slider per coefficient with its
 * gradient and the way it says to move, the best loss, the learning-rate gauge, the
 * loss sparkline, the rule, optimizer, pace and kept runs. */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "layout.h"
#include "util.h"
#include "view.h"

/* A value for a slider readout: 3 decimals, or 4 significant digits when huge. */
static void fmt_value(double v, char *buf, size_t len)
{
	if (!isfinite(v))
		snprintf(buf, len, "overflow");
	else if (fabs(v) < 1e5) {
		snprintf(buf, len, "%.3f", fabs(v) < 0.0005 ? 0.0 : v);
		for (char *p = buf; *p; p++) /* whatever LC_NUMERIC says */
			if (*p == ',')
				*p = '.';
	} else
		fp_fmt(buf, len, v, 3); /* at most 10 columns: -8.02e+152 */
}

/* Rows the panel needs inside its box, for the layout: sliders and extras. */
int layout_panel_rows(const struct fit *f, int two_rows)
{
	return (int)f->np * (two_rows ? 2 : 1) + 8;
}

static void draw_slider(struct screen *s, struct view *v, const struct fit *f, size_t i, int x,
			int y, int w, int two_rows, int namew)
{
	char name[MODEL_NAME_LEN], val[32], g[32], line[160];
	int sel = i == v->sel;
	uint16_t a = sel ? RA_REVERSE | RA_BOLD : 0;
	f->model->param_name(&f->mcfg, i, name, sizeof name);
	fmt_value(f->theta[i], val, sizeof val);
	/* marker + name */
	screen_fill(s, x, y, w, 1, ' ', a);
	screen_put(s, x, y, sel ? (v->utf8 ? 0x25b6 : '>') : ' ', a);
	if (v->nhit < LAYOUT_MAX_HITS) /* a click on the name selects it */
		v->hit[v->nhit++] = (struct layout_hit){y, x, x + namew, i, LH_NAME, 0};
	size_t nl = layout_text_cols(name);
	if ((int)nl > namew && namew >= 2) {
		/* keep the end, where names differ (w_Embarked_S, w_Embarked_C) */
		const char *p = name;
		for (size_t k = 0; k < nl - (size_t)(namew - 1); k++) {
			int b;
			raster_utf8_decode(p, &b);
			p += b;
		}
		screen_put(s, x + 1, y, v->utf8 ? 0x2026 : '~', a);
		screen_puts(s, x + 2, y, namew - 1, p, a);
	} else {
		screen_puts(s, x + 1, y, namew, name, a);
	}
	int valw = 10;
	int gradw = two_rows ? 0 : 26;
	int tw = w - 1 - namew - 1 - 2 - 1 - valw - gradw;
	int tx = x + 1 + namew + 1;
	if (tw >= 3) {
		const struct slider *sl = i < v->nsl ? &v->sl[i] : NULL;
		double lo = sl ? sl->lo : -1, hi = sl ? sl->hi : 1, t = f->theta[i];
		int pos;
		uint32_t knob = v->utf8 ? 0x25a0 : '#';
		if (!isfinite(t) || t < lo) {
			pos = 0;
			knob = v->utf8 ? 0x25c0 : '<';
		} else if (t > hi) {
			pos = tw - 1;
			knob = v->utf8 ? 0x25b6 : '>';
		} else {
			pos = (int)floor((t - lo) / (hi - lo) * (tw - 1) + 0.5);
		}
		screen_put(s, tx, y, '[', a);
		screen_fill(s, tx + 1, y, tw, 1, v->utf8 ? 0x2500 : '-', a);
		screen_put(s, tx + 1 + pos, y, knob, a);
		screen_put(s, tx + 1 + tw, y, ']', a);
		if (v->nhit < LAYOUT_MAX_HITS)
			v->hit[v->nhit++] = (struct layout_hit){y, tx + 1, tx + tw, i, LH_TRACK, 0};
	}
	int vx = x + w - gradw - (int)strlen(val);
	screen_puts(s, vx, y, (int)strlen(val), val, a);
	/* the gradient and which way it says to go */
	double gr = f->grad[i] == 0 ? 0.0 : f->grad[i]; /* no "-0" */
	const char *way;
	if (fit_grad_flat(f, i)) /* rounding noise: no direction to show */
		way = "flat";
	else if (gr < 0)
		way = v->utf8 ? "→ increase" : "-> increase";
	else if (gr > 0)
		way = v->utf8 ? "← decrease" : "<- decrease";
	else
		way = "flat";
	fp_fmt(g, sizeof g, gr, 4);
	if (gr != 0 && fit_grad_flat(f, i)) /* rounding noise: say so, not its digits */
		snprintf(g, sizeof g, "%s", v->utf8 ? "≈0" : "~0");
	if (two_rows) {
		snprintf(line, sizeof line, "dL/d%s %s  %s", name, g, way);
		if ((int)layout_text_cols(line) > w - 3) /* too long: the arrow alone */
			snprintf(line, sizeof line, "dL/d%s %s %.3s", name, g,
				 fit_grad_flat(f, i) ? "flat"
				 : v->utf8	     ? way
						     : (gr < 0 ? "->" : "<-"));
		screen_puts(s, x + 3, y + 1, w - 3, line, RA_ROLE(RR_AXIS));
	} else {
		snprintf(line, sizeof line, " dL/d%s %s %s", name, g, way);
		screen_puts(s, x + w - gradw, y, gradw, line, RA_ROLE(RR_AXIS));
	}
}

/* The panel's lines below the sliders: up to PANEL_LINES of them, with attributes. */
#define PANEL_LINES 16
struct panel_lines {
	char text[PANEL_LINES][200];
	uint16_t attr[PANEL_LINES];
	int n;	   /* lines */
	int spark; /* the line the loss sparkline follows */
};

/* Add text as up to three lines of at most w - 1 columns (the rest indented),
 * broken at spaces. */
static void panel_wrap(struct panel_lines *pl, const char *g, int w, uint16_t attr)
{
	for (int part = 0; *g && part < 3 && pl->n < PANEL_LINES; part++) {
		int room = w - 1 - (part ? 2 : 0);
		const char *cut = NULL;
		if ((int)layout_text_cols(g) > room && part < 2)
			for (const char *q = g; *q && q - g <= room; q++)
				if (*q == ' ')
					cut = q;
		snprintf(pl->text[pl->n], sizeof pl->text[0], "%s%.*s", part ? "  " : "",
			 cut ? (int)(cut - g) : 190, g);
		pl->attr[pl->n++] = attr;
		g = cut ? cut + 1 : "";
	}
}

/* Add one line (when there is room for it). */
static void panel_add(struct panel_lines *pl, uint16_t attr, const char *fmt, ...)
{
	if (pl->n >= PANEL_LINES)
		return;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(pl->text[pl->n], sizeof pl->text[0], fmt, ap);
	va_end(ap);
	pl->attr[pl->n++] = attr;
}

/* The extras below the sliders: the best loss and the rank, the learning-rate gauge
 * (or the exact limit), the kept runs, the loss sparkline, the rule and optimizer,
 * the pace. */
static void panel_extras(struct panel_lines *pl, const struct view *v, const struct fit *f, int w)
{
	char t1[32], t2[32], rk[200];
	pl->n = 0;
	if (f->has_best) {
		panel_add(pl, RA_ROLE(RR_GOOD), "best %s %s%s", loss_label(f->loss),
			  fp_fmt(t1, sizeof t1, f->best_loss, 6),
			  w >= 34 ? " (least squares)" : "");
		fit_rank_text(f, rk, sizeof rk); /* collinear inputs, if any */
		panel_wrap(pl, rk, w, RA_ROLE(RR_WARN));
	}
	if (v->gauge[0])
		panel_wrap(pl, v->gauge, w,
			   RA_ROLE(v->gauge_role) | (v->gauge_role == RR_BAD ? RA_BOLD : 0));
	else if (f->has_limit)
		panel_add(pl, f->lr > f->lr_limit ? RA_ROLE(RR_BAD) | RA_BOLD : 0,
			  "lr limit %s (2/%s max)", fp_fmt(t1, sizeof t1, f->lr_limit, 4),
			  v->utf8 ? "λ" : "lambda");
	if (f->ndead) { /* the status line says why, and what R does */
		char names[160], line[200];
		fit_dead_list(f, names, sizeof names);
		snprintf(line, sizeof line, "DEAD: %s (R revives)", names);
		panel_wrap(pl, line, w, RA_ROLE(RR_WARN) | RA_BOLD);
	}
	if (layout_ghost_count(v, f) > 0) /* the kept runs, by their number */
		panel_add(pl, RA_ROLE(RR_GHOST) | RA_BOLD, "kept runs (b):");
	for (size_t k = 0; k < LAYOUT_GHOSTS; k++) {
		const struct layout_ghost *gk = layout_ghost_nth(v, f, k);
		if (gk)
			panel_add(pl, RA_ROLE(RR_GHOST) | RA_BOLD, " %c %s",
				  (char)layout_ghost_digit(k), gk->said);
	}
	pl->spark = pl->n;
	panel_add(pl, 0, "loss ");
	panel_add(pl, f->accumulate ? RA_ROLE(RR_WARN) : 0, "%s  %s",
		  f->accumulate ? "notebook rule (adds up)" : "correct descent",
		  f->optim ? f->optim->name : "gd");
	panel_add(pl, 0, "pace %s", layout_pace_text(v->pace, t2, sizeof t2));
}

/* The loss history as a sparkline of sw cells at (x, y). */
static void panel_spark(struct screen *s, const struct view *v, const struct fit *f, int x, int y,
			int sw)
{
	double hv[256];
	size_t cnt = 0;
	unsigned long first = f->hist_first, last = f->step;
	unsigned long span = last - first + 1;
	if (sw > 256)
		sw = 256;
	for (int c = 0; c < sw && (unsigned long)c < span; c++) {
		unsigned long st = span <= (unsigned long)sw
				       ? first + (unsigned long)c
				       : first + (unsigned long)((double)(c + 1) * span / sw) - 1;
		double val;
		if (fit_hist_get(f, st, &val) == 0)
			hv[cnt++] = val;
	}
	raster_spark(s, x, y, sw, hv, cnt, v->utf8, RA_ROLE(RR_CURVE));
}

void layout_panel_draw(struct screen *s, struct view *v, const struct fit *f, const struct rect *r)
{
	/* the closed forms still to come: said where it shows whatever the sliders' count */
	screen_box(s, r->x, r->y, r->w, r->h,
		   !f->closed_pending ? "coefficients"
		   : v->utf8	      ? "least squares: computing…"
				      : "least squares: computing...",
		   v->utf8, RA_ROLE(RR_AXIS));
	int x = r->x + 1, y = r->y + 1, w = r->w - 2, h = r->h - 2;
	if (w < 8 || h < 1)
		return;
	int two_rows = w < 50;
	int per = two_rows ? 2 : 1;
	int namew = 1;
	char name[MODEL_NAME_LEN];
	for (size_t i = 0; i < f->np; i++) {
		f->model->param_name(&f->mcfg, i, name, sizeof name);
		int n = (int)layout_text_cols(name);
		if (n > namew)
			namew = n;
	}
	if (namew > w - 20)
		namew = w - 20 > 4 ? w - 20 : 4;
	struct panel_lines pl;
	panel_extras(&pl, v, f, w);
	/* Sliders first; the extras take the rows left after a blank one. */
	int vis = h / per;
	if (vis < 1)
		vis = 1;
	if ((size_t)vis > f->np)
		vis = (int)f->np;
	size_t top = 0;
	if (v->sel >= (size_t)vis / 2)
		top = v->sel - (size_t)vis / 2;
	if (top + (size_t)vis > f->np)
		top = f->np - (size_t)vis;
	v->nhit = 0;
	for (int k = 0; k < vis; k++) {
		size_t i = top + (size_t)k;
		if (i >= f->np || k * per >= h)
			break;
		draw_slider(s, v, f, i, x, y + k * per, w, two_rows && k * per + 1 < h, namew);
	}
	if (top > 0)
		screen_puts(s, r->x + r->w - 4, r->y, 3, v->utf8 ? "▲" : "^", RA_BOLD);
	if (top + (size_t)vis < f->np)
		screen_puts(s, r->x + r->w - 4, r->y + r->h - 1, 3, v->utf8 ? "▼" : "v", RA_BOLD);
	int ey = y + vis * per + 1;
	for (int k = 0; k < pl.n && ey + k < y + h; k++) {
		int n = screen_puts(s, x + 1, ey + k, w - 1, pl.text[k], pl.attr[k]);
		if (k == pl.spark)
			panel_spark(s, v, f, x + 1 + n, ey + k, w - 1 - n);
	}
}
