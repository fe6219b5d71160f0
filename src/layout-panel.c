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

/* Coefficient i's slider track of tw cells between brackets at (tx, y), the knob
 * where its value lies (an arrow at the end when it is beyond); a mouse target. */
static void draw_track(struct screen *s, struct view *v, const struct fit *f, size_t i, int tx,
		       int y, int tw, uint16_t a)
{
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

/* Which way descent moves coefficient i, as words ("→ increase") and one cell. */
static const char *grad_way(const struct view *v, const struct fit *f, size_t i, uint32_t *cell)
{
	double gr = f->grad[i];
	if (fit_grad_flat(f, i) || gr == 0) {
		*cell = v->utf8 ? 0xb7 : '=';
		return "flat";
	}
	*cell = gr < 0 ? (v->utf8 ? 0x2192 : '>') : (v->utf8 ? 0x2190 : '<');
	return gr < 0 ? (v->utf8 ? "→ increase" : "-> increase")
		      : (v->utf8 ? "← decrease" : "<- decrease");
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
	if (tw >= 3)
		draw_track(s, v, f, i, tx, y, tw, a);
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

/* ---- the grid: a table model's coefficients, inputs down and units across ---- */

#define GRID_MAX_NAME 14 /* widest input-name column */
#define GRID_BELOW    4	 /* rows under the grid: a rule and the selected one enlarged */

/* 1 when f is a table model whose coefficients are units x inputs, unit by unit
 * (coefficient i is input i % d of unit i / d): linear (one unit), nnet:K. */
static int grid_applies(const struct fit *f)
{
	size_t d = f->data->d;
	return d > 1 && f->np >= d && f->np % d == 0;
}

/* Column k's name: the unit's ("relu2"), "w" for a single column. */
static void grid_unit_name(const struct fit *f, size_t k, char *buf, size_t len)
{
	if (model_units(f->model, &f->mcfg) == f->np / f->data->d)
		model_unit_name(f->model, &f->mcfg, k, buf, len);
	else if (f->np == f->data->d)
		snprintf(buf, len, "w");
	else
		snprintf(buf, len, "#%zu", k + 1);
}

/* name in at most w columns: whole, or its first columns, an ellipsis and its last
 * two characters (the level of a dummy: Embarked_S -> Embar…_S), the same cut for
 * every name of that length. */
static void grid_abbrev(const char *name, int w, int utf8, char *out, size_t len)
{
	int n = (int)layout_text_cols(name);
	if (n <= w || w < 4) {
		snprintf(out, len, "%s", name);
		return;
	}
	size_t used = 0;
	const char *p = name;
	for (int c = 0; c < w - 3 && *p; c++) { /* head: w - 3 characters */
		int b;
		raster_utf8_decode(p, &b);
		if (used + (size_t)b + 1 >= len)
			break;
		memcpy(out + used, p, (size_t)b);
		used += (size_t)b;
		p += b;
	}
	for (int c = 0; c < n - 2; c++) { /* skip to the last two */
		int b;
		raster_utf8_decode(name, &b);
		name += b;
	}
	snprintf(out + used, len - used, "%s%s", utf8 ? "…" : "~", name);
}

/* A cell: the value and which way descent moves it, cellw columns. */
static void grid_cell(struct screen *s, const struct view *v, const struct fit *f, size_t i, int x,
		      int y, int cellw, uint16_t a)
{
	char val[32];
	uint32_t way;
	fmt_value(f->theta[i], val, sizeof val);
	grad_way(v, f, i, &way);
	screen_fill(s, x, y, cellw, 1, ' ', a);
	int n = (int)strlen(val);
	screen_puts(s, x + cellw - 1 - (n < cellw - 1 ? n : cellw - 1), y, cellw - 1, val, a);
	screen_put(s, x + cellw - 1, y, way, a | (a ? 0 : RA_ROLE(RR_AXIS)));
}

/* The window of `shown` out of `all` around `at`. */
static size_t grid_window(size_t at, size_t shown, size_t all)
{
	size_t first = at >= shown / 2 ? at - shown / 2 : 0;
	return first + shown > all ? all - shown : first;
}

/* The selected coefficient enlarged under the grid: its full name and value, its
 * slider (a mouse target), its gradient and the way it says to go. */
static void grid_selected(struct screen *s, struct view *v, const struct fit *f, int x, int y,
			  int w)
{
	char name[MODEL_NAME_LEN], val[32], g[32], line[160];
	size_t i = v->sel < f->np ? v->sel : 0;
	uint32_t cell;
	f->model->param_name(&f->mcfg, i, name, sizeof name);
	fmt_value(f->theta[i], val, sizeof val);
	screen_fill(s, x, y, w, 1, v->utf8 ? 0x2500 : '-', RA_ROLE(RR_AXIS));
	snprintf(line, sizeof line, "%s%s = %s", v->utf8 ? "▶" : ">", name, val);
	screen_puts(s, x, y + 1, w, line, RA_BOLD);
	if (v->nhit < LAYOUT_MAX_HITS)
		v->hit[v->nhit++] = (struct layout_hit){y + 1, x, x + w - 1, i, LH_NAME, 0};
	if (w >= 6)
		draw_track(s, v, f, i, x + 1, y + 2, w - 3, RA_BOLD);
	const char *way = grad_way(v, f, i, &cell);
	fp_fmt(g, sizeof g, f->grad[i] == 0 ? 0.0 : f->grad[i], 4);
	if (f->grad[i] != 0 && fit_grad_flat(f, i))
		snprintf(g, sizeof g, "%s", v->utf8 ? "≈0" : "~0");
	snprintf(line, sizeof line, " gradient %s  %s", g, way);
	screen_puts(s, x, y + 3, w, line, RA_ROLE(RR_AXIS));
}

/* The header row: the input column's title, each shown unit's name (a dead one
 * marked), arrows where columns are hidden. */
static void grid_header(struct screen *s, const struct view *v, const struct fit *f, int x, int y,
			int namew, int cellw, size_t c0, size_t cn, size_t k)
{
	char un[MODEL_NAME_LEN + 2];
	size_t su = v->sel / f->data->d;
	screen_puts(s, x + 1, y, namew, c0 > 0 ? (v->utf8 ? "◀ input" : "< input") : "input",
		    RA_ROLE(RR_AXIS));
	for (size_t c = c0; c < c0 + cn; c++) {
		int dead = f->ndead && c < f->nunits && f->dead[c];
		grid_unit_name(f, c, un, sizeof un);
		if (dead)
			strcat(un, "!");
		int n = (int)layout_text_cols(un),
		    cx = x + 1 + namew + 1 + (int)(c - c0) * (cellw + 1);
		uint16_t a = dead      ? RA_ROLE(RR_WARN) | RA_BOLD
			     : c == su ? RA_BOLD
				       : RA_ROLE(RR_AXIS);
		screen_puts(s, cx + (n < cellw ? cellw - n : 0), y, cellw, un, a);
	}
	if (c0 + cn < k)
		screen_put(s, x + 1 + namew + 1 + (int)cn * (cellw + 1), y, v->utf8 ? 0x25b6 : '>',
			   RA_BOLD);
}

/* The grid in (x, y, w, h); returns the rows it took. Cells are mouse targets that
 * select; the enlarged slider under it moves the selected one. */
static int draw_grid(struct screen *s, struct view *v, const struct fit *f, int x, int y, int w,
		     int h)
{
	size_t d = f->data->d, k = f->np / d;
	size_t sr = v->sel % d, su = v->sel / d;
	char val[32], nm[64];
	int cellw = 6, namew = 4;
	for (size_t i = 0; i < f->np; i++) {
		fmt_value(f->theta[i], val, sizeof val);
		if ((int)strlen(val) + 1 > cellw)
			cellw = (int)strlen(val) + 1;
	}
	for (size_t j = 0; j < d; j++) {
		int n = f->data->names && f->data->names[j]
			    ? (int)layout_text_cols(f->data->names[j])
			    : 3;
		if (n > namew)
			namew = n;
	}
	if (namew > GRID_MAX_NAME)
		namew = GRID_MAX_NAME;
	size_t cn = (size_t)((w - 2 - namew) / (cellw + 1)); /* a cell column for ▶ */
	if (cn < 1) {
		cn = 1;
		namew = w - 3 - cellw;
	}
	if (cn > k)
		cn = k;
	if (namew < 1)
		return 0;
	size_t rn = h - 1 - GRID_BELOW > 0 ? (size_t)(h - 1 - GRID_BELOW) : 1;
	if (rn > d)
		rn = d;
	size_t c0 = grid_window(su, cn, k), r0 = grid_window(sr, rn, d);
	grid_header(s, v, f, x, y, namew, cellw, c0, cn, k);
	for (size_t r = r0; r < r0 + rn; r++) {
		int ry = y + 1 + (int)(r - r0);
		if (r == sr) /* the selected row, as the sliders mark it */
			screen_put(s, x, ry, v->utf8 ? 0x25b6 : '>', RA_BOLD);
		else if ((r == r0 && r0 > 0) || (r + 1 == r0 + rn && r + 1 < d))
			screen_put(s, x, ry,
				   r == r0 ? (v->utf8 ? 0x25b2 : '^') : (v->utf8 ? 0x25bc : 'v'),
				   RA_BOLD);
		if (f->data->names && f->data->names[r])
			grid_abbrev(f->data->names[r], namew, v->utf8, nm, sizeof nm);
		else
			snprintf(nm, sizeof nm, "x%zu", r + 1);
		screen_puts(s, x + 1, ry, namew, nm, r == sr ? RA_BOLD : 0);
		for (size_t c = c0; c < c0 + cn; c++) {
			size_t i = c * d + r;
			int cx = x + 1 + namew + 1 + (int)(c - c0) * (cellw + 1);
			grid_cell(s, v, f, i, cx, ry, cellw,
				  i == v->sel ? RA_REVERSE | RA_BOLD : 0);
			if (v->nhit < LAYOUT_MAX_HITS) /* a click selects it */
				v->hit[v->nhit++] =
				    (struct layout_hit){ry, cx - 1, cx + cellw - 1, i, LH_NAME, 0};
		}
	}
	int gx = x + 1 + namew + 1 + cellw + 2; /* one column of room: the gradients too */
	if (k == 1 && x + w - gx >= 9) {
		screen_puts(s, gx + 4, y, x + w - gx, "dL/dw", RA_ROLE(RR_AXIS));
		for (size_t r = r0; r < r0 + rn; r++) {
			double g = f->grad[r] == 0 ? 0.0 : f->grad[r]; /* no "-0" */
			fp_fmt(val, sizeof val, g, 3);
			if (g != 0 && fit_grad_flat(f, r))
				snprintf(val, sizeof val, "%s", v->utf8 ? "≈0" : "~0");
			int n = (int)layout_text_cols(val); /* right-aligned in 9 columns */
			screen_puts(s, gx + (n < 9 ? 9 - n : 0), y + 1 + (int)(r - r0), x + w - gx,
				    val, RA_ROLE(RR_AXIS));
		}
	}
	if (h >= (int)rn + 1 + GRID_BELOW) {
		grid_selected(s, v, f, x, y + 1 + (int)rn, w);
		return (int)rn + 1 + GRID_BELOW;
	}
	return (int)rn + 1;
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
	struct panel_lines pl;
	panel_extras(&pl, v, f, w);
	/* A table model whose sliders do not all fit, or whose names would be cut: the
	 * grid, inputs down and units across, the selected one enlarged under it. */
	if (grid_applies(f) && ((int)f->np * per > h - 1 || namew > w - 20)) {
		v->nhit = 0;
		int used = draw_grid(s, v, f, x, y, w, h);
		for (int k = 0; k < pl.n && y + used + k < y + h; k++) {
			int n = screen_puts(s, x + 1, y + used + k, w - 1, pl.text[k], pl.attr[k]);
			if (k == pl.spark)
				panel_spark(s, v, f, x + 1 + n, y + used + k, w - 1 - n);
		}
		return;
	}
	if (namew > w - 20)
		namew = w - 20 > 4 ? w - 20 : 4;
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
