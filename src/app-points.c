/* SPDX-License-Identifier: GPL-3.0-or-later */
/* app-points.c: editing the data points (key P: arrows, Tab, i, x) and the mouse
 * (sliders dragged, the wheel, key-bar clicks, points dragged, added, deleted). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app-int.h"
#include "util.h"
#include "view.h"

/* ---- point editing: the keys of P and the mouse in the fit view ---- */

/* The data changed by hand: the session's loss, gradient and closed forms follow,
 * work under way for the old data stops, the plot's title says "edited". */
static int points_changed(struct app *a)
{
	char err[FP_ERRLEN];
	app_changed(a);
	a->v.autorun = 0;
	if (fit_data_changed(a->f, err) != FP_OK) {
		app_say_role(a, RR_BAD, "%s", err);
		return -1;
	}
	a->v.data_note = fp_basename(a->data->source);
	app_noise_note(a); /* generated: its noise level */
	snprintf(a->data_note, sizeof a->data_note, "%s, edited",
		 a->v.data_note ? a->v.data_note : "data");
	a->v.data_note = a->data_note;
	a->edited = 1;
	if (a->v.pt_sel >= a->data->n)
		a->v.pt_sel = a->data->n ? a->data->n - 1 : 0;
	return 0;
}

/* The status line after an edit: where the point is, the loss now and the best. */
static void points_say(struct app *a, const char *what, size_t i)
{
	char t1[32], t2[32], t3[32], t4[32], best[64] = "";
	const struct fit *f = a->f;
	if (f->has_best)
		snprintf(best, sizeof best, ", least squares %s",
			 fp_fmt(t4, sizeof t4, f->best_loss, 4));
	if (i < a->data->n)
		app_say_role(a, RR_TITLE, "point %zu of %zu %s (%s, %s): %s %s%s", i + 1,
			     a->data->n, what, fp_fmt(t1, sizeof t1, a->data->x[i], 3),
			     fp_fmt(t2, sizeof t2, a->data->y[i], 3), loss_label(f->loss),
			     fp_fmt(t3, sizeof t3, f->loss_value, 4), best);
	else
		app_say_role(a, RR_TITLE, "%s: %zu points: %s %s%s", what, a->data->n,
			     loss_label(f->loss), fp_fmt(t3, sizeof t3, f->loss_value, 4), best);
}

static int points_editable(struct app *a)
{
	if (a->data->d == 1)
		return 1;
	app_say_role(a, RR_WARN, "a table's rows can't be edited as points (x,y data only)");
	return 0;
}

static void point_move(struct app *a, size_t i, double x, double y)
{
	char err[FP_ERRLEN];
	double ox = a->data->x[i], oy = a->data->y[i];
	if (data_point_move(a->data, i, x, y, err) != FP_OK) {
		app_say_role(a, RR_BAD, "%s", err);
		return;
	}
	if (points_changed(a) != 0) { /* the loss overflows there: put it back */
		data_point_move(a->data, i, ox, oy, err);
		fit_data_changed(a->f, err);
		return;
	}
	a->v.pt_sel = i;
	points_say(a, "at", i);
}

static void point_add(struct app *a, double x, double y)
{
	char err[FP_ERRLEN];
	size_t k;
	if (data_point_add(a->data, x, y, &k, err) != FP_OK) {
		app_say_role(a, RR_BAD, "%s", err);
		return;
	}
	a->v.pt_sel = k;
	if (points_changed(a) == 0)
		points_say(a, "added at", k);
}

static void point_delete(struct app *a, size_t i)
{
	char err[FP_ERRLEN];
	if (data_point_delete(a->data, i, err) != FP_OK) {
		app_say_role(a, RR_WARN, "%s", err);
		return;
	}
	if (points_changed(a) == 0)
		points_say(a, "point deleted", (size_t)-1);
}

/* A key of point editing (layout_point_keys) on the marked point. */
void app_point_key(struct app *a, enum layout_point_action act)
{
	const struct data *d = a->data;
	struct fit *f = a->f;
	size_t i = a->v.pt_sel < d->n ? a->v.pt_sel : 0;
	double dx = (a->v.xhi - a->v.xlo) / 50, dy = (a->v.yhi - a->v.ylo) / 20;
	a->v.autorun = 0;
	switch (act) {
	case UP_LEFT:
	case UP_RIGHT:
		point_move(a, i, d->x[i] + (act == UP_LEFT ? -dx : dx), d->y[i]);
		break;
	case UP_DOWN:
	case UP_UP:
		point_move(a, i, d->x[i], d->y[i] + (act == UP_DOWN ? -dy : dy));
		break;
	case UP_PREV:
	case UP_NEXT:
		a->v.pt_sel = act == UP_NEXT ? (i + 1 < d->n ? i + 1 : 0) : (i ? i - 1 : d->n - 1);
		points_say(a, "at", a->v.pt_sel);
		break;
	case UP_ADD: {
		/* halfway to the next point (past the last: a step on), on the curve */
		double x = i + 1 < d->n ? (d->x[i] + d->x[i + 1]) / 2 : d->x[i] + 2 * dx;
		double y = f->model->eval(&f->mcfg, f->theta, &x);
		if (!isfinite(y))
			app_say_role(a, RR_WARN,
				     "the curve is not finite at x = %g: no point added", x);
		else
			point_add(a, x, y);
		break;
	}
	case UP_DELETE:
		point_delete(a, i);
		break;
	default:
		a->v.pt_mode = 0;
		app_say_role(a, 0, "point editing off (P turns it on again)");
		break;
	}
}

/* P: point editing on or off. */
void app_act_points(struct app *a, int key)
{
	if (!points_editable(a))
		return;
	a->v.pt_mode = !a->v.pt_mode;
	if (!a->v.pt_mode) {
		app_say_role(a, 0, "point editing off (P turns it on again)");
		return;
	}
	if (a->v.pt_sel >= a->data->n)
		a->v.pt_sel = a->data->n / 2;
	if (a->v.vt != &view_units)
		a->v.vt = &view_fit;
	app_say_role(a, RR_TITLE, "%s", layout_point_hint(a->v.utf8));
}

/* The hit area of the last frame at cell (x, y), or NULL. */
static const struct layout_hit *hit_at(const struct app *a, int x, int y)
{
	for (size_t k = 0; k < a->v.nhit; k++) {
		const struct layout_hit *h = &a->v.hit[k];
		if (h->row == y && x >= h->x0 && x <= h->x1)
			return h;
	}
	return NULL;
}

/* The slider of track h to the value under column x (held to the track). */
static void slider_to(struct app *a, const struct layout_hit *h, int x)
{
	size_t i = h->param;
	if (i >= a->f->np || i >= a->v.nsl)
		return;
	if (x < h->x0)
		x = h->x0;
	if (x > h->x1)
		x = h->x1;
	const struct slider *s = &a->sl[i];
	double u = h->x1 > h->x0 ? (double)(x - h->x0) / (h->x1 - h->x0) : 0.5;
	double val = s->lo + u * (s->hi - s->lo);
	val = floor(val / s->step + 0.5) * s->step;
	if (val < s->lo)
		val = s->lo;
	if (val > s->hi)
		val = s->hi;
	if (fabs(val) < s->step * 1e-6)
		val = 0;
	a->v.sel = i;
	a->v.autorun = 0;
	a->lm_active = 0;
	if (val != a->f->theta[i]) /* a drag reports every cell: only real moves count */
		app_set_coef(a, i, val);
}

/* 1 when cell (x, y) is on the fit view's canvas (x,y data), with the canvas cell. */
static int plot_cell(const struct app *a, int x, int y, int *col, int *row)
{
	const struct view_type *t = view_current(&a->v, a->f);
	const struct raster *r = &a->v.r;
	if ((t != &view_fit && t != &view_units) || a->data->d != 1 || a->v.lo.too_small ||
	    r->cw <= 0 || r->ch <= 0 || x < r->cx || x >= r->cx + r->cw || y < r->cy ||
	    y >= r->cy + r->ch)
		return 0;
	*col = x - r->cx;
	*row = y - r->cy;
	return 1;
}

/* The data coordinates of the middle of canvas cell (col, row), held to the canvas. */
static void plot_xy(const struct app *a, int col, int row, double *x, double *y)
{
	const struct raster *r = &a->v.r;
	col = col < 0 ? 0 : (col >= r->cw ? r->cw - 1 : col);
	row = row < 0 ? 0 : (row >= r->ch ? r->ch - 1 : row);
	*x = r->xlo + (col + 0.5) / r->cw * (r->xhi - r->xlo);
	*y = r->yhi - (row + 0.5) / r->ch * (r->yhi - r->ylo);
}

/* The point drawn at canvas cell (col, row) or next to it (the nearest), or -1. */
static long plot_point(const struct app *a, int col, int row)
{
	long best = -1;
	int bd = 1 << 30;
	for (size_t i = 0; i < a->data->n; i++) {
		int c, r;
		if (!raster_cell(&a->v.r, a->data->x[i], a->data->y[i], &c, &r))
			continue;
		int dc = abs(c - col), dr = abs(r - row);
		if (dc > 1 || dr > 1 || dc * dc + dr * dr >= bd)
			continue;
		bd = dc * dc + dr * dr;
		best = (long)i;
	}
	return best;
}

/* A press in the plot: drag a point, delete it (button 3 or a modifier), or add one. */
static void plot_press(struct app *a, enum app_mouse_ev ev, int col, int row, int mods)
{
	long i = plot_point(a, col, row);
	double x, y;
	a->v.autorun = 0;
	if (i >= 0 && (ev == APP_MOUSE_PRESS3 || (mods & APP_MOUSE_MOD))) {
		point_delete(a, (size_t)i);
	} else if (i >= 0 && ev == APP_MOUSE_PRESS) {
		a->drag = 2;
		a->drag_pt = (size_t)i;
		plot_xy(a, col, row, &x, &y); /* the point keeps its place under the pointer */
		a->drag_dx = a->data->x[i] - x;
		a->drag_dy = a->data->y[i] - y;
		a->v.pt_sel = (size_t)i;
		points_say(a, "at", (size_t)i);
	} else if (ev == APP_MOUSE_PRESS && ((mods & APP_MOUSE_MOD) || a->v.pt_mode)) {
		plot_xy(a, col, row, &x, &y);
		point_add(a, x, y);
	} else if (ev == APP_MOUSE_PRESS) {
		app_say_role(a, 0,
			     "drag a point to move it; Ctrl-click (or P, then a click) adds one, a "
			     "right click deletes one");
	}
}

void app_mouse(struct app *a, enum app_mouse_ev ev, int x, int y, int mods)
{
	int col, row;
	if (a->prompt != APP_PROMPT_NONE)
		return;
	if (ev == APP_MOUSE_RELEASE || ev == APP_MOUSE_DRAG) {
		if (a->drag == 1 && ev == APP_MOUSE_DRAG) {
			slider_to(a, &a->drag_hit, x);
		} else if (a->drag == 2 && a->drag_pt < a->data->n &&
			   plot_cell(a, a->v.r.cx, a->v.r.cy, &col, &row)) {
			/* (still the fit view) */
			const struct raster *r = &a->v.r;
			double px, py;
			plot_xy(a, x - r->cx, y - r->cy, &px, &py);
			px += a->drag_dx;
			py += a->drag_dy;
			if (px != a->data->x[a->drag_pt] || py != a->data->y[a->drag_pt])
				point_move(a, a->drag_pt, px, py);
		}
		if (ev == APP_MOUSE_RELEASE)
			a->drag = 0;
		return;
	}
	a->drag = 0;
	if (a->v.help) { /* a press closes the help, as a key does */
		a->v.help = 0;
		return;
	}
	a->v.replay = 0;
	const struct layout_hit *h = hit_at(a, x, y);
	if (ev == APP_MOUSE_WHEEL_UP || ev == APP_MOUSE_WHEEL_DOWN) {
		if (!h || h->kind == LH_KEY || h->param >= a->f->np)
			return;
		a->v.msg[0] = 0;
		a->v.sel = h->param;
		a->lm_active = 0;
		app_slider_move(a, ev == APP_MOUSE_WHEEL_UP ? 1 : -1);
		return;
	}
	if (h && ev == APP_MOUSE_PRESS) {
		a->v.msg[0] = 0;
		if (h->kind == LH_KEY) {
			app_key(a, h->key);
		} else if (h->kind == LH_NAME) {
			if (h->param < a->f->np)
				a->v.sel = h->param;
		} else {
			a->drag = 1;
			a->drag_hit = *h;
			slider_to(a, h, x);
		}
		return;
	}
	if (plot_cell(a, x, y, &col, &row)) {
		a->v.msg[0] = 0;
		plot_press(a, ev, col, row, mods);
	}
}

void app_click(struct app *a, int x, int y)
{
	app_mouse(a, APP_MOUSE_PRESS, x, y, 0);
	app_mouse(a, APP_MOUSE_RELEASE, x, y, 0);
}
