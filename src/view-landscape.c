/* SPDX-License-Identifier: GPL-3.0-or-later */
/* view-landscape.c: the loss landscape view: the loss over two coefficients as a heat
 * map (the others held), computed a few cells a frame, with the descent path, the
 * ghost run's, the solver's jumps and the least-squares point. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "util.h"
#include "view.h"

/* ---- the loss landscape ---- */

static const char land_ramp[] = " .:-=+*#%@"; /* low to high */
#define LAND_LEVELS 10

static int spec_equal(const struct lab_land_spec *a, const struct lab_land_spec *b)
{
	return a->p == b->p && a->q == b->q && a->w == b->w && a->h == b->h && a->plo == b->plo &&
	       a->phi == b->phi && a->qlo == b->qlo && a->qhi == b->qhi;
}

/* The value shown in grid cell (c, row): the grid being computed where it is done,
 * else the last complete grid of the same spec; NULL when neither has it. */
static const double *land_value(const struct view *v, const struct lab_land_spec *sp, size_t c,
				size_t row)
{
	const struct lab_landscape *L = v->land;
	/* the grid under way only when it is this frame's (a resize: not yet) */
	if (row < L->rows_done && spec_equal(&L->spec, sp))
		return &L->v[row * sp->w + c];
	if (v->land_prev_ok && spec_equal(&v->land_prev_spec, sp))
		return &v->land_prev[row * sp->w + c];
	return NULL;
}

/* The heat level 0..LAND_LEVELS-1 of a loss on the scale lo..hi (log10 values
 * when logs). Not finite: the top. */
static int heat_level(double val, double lo, double hi, int logs)
{
	if (!isfinite(val))
		return LAND_LEVELS - 1;
	double t = logs ? log10(val) : val;
	double u = hi > lo ? (t - lo) / (hi - lo) : 0;
	int lev = (int)floor(u * LAND_LEVELS);
	return lev < 0 ? 0 : (lev >= LAND_LEVELS ? LAND_LEVELS - 1 : lev);
}

/* Compute what the frame's budget allows of the grid for spec sp. */
static int land_compute(struct view *v, const struct fit *f, const struct lab_land_spec *sp)
{
	char err[FP_ERRLEN];
	struct lab_landscape *L = v->land;
	int same = v->land_epoch_set == v->land_epoch && spec_equal(&L->spec, sp);
	/* A grid under way is finished first, so that a fast descent cannot keep it
	 * from ever completing; a complete one follows the session (a no-op when
	 * nothing changed). */
	if (!same || L->rows_done >= sp->h) {
		if (v->land_epoch_set != v->land_epoch)
			lab_landscape_invalidate(L);
		if (lab_landscape_set(L, f->model, &f->mcfg, f->data, f->loss, f->theta, sp, err) !=
		    FP_OK) {
			snprintf(v->land_err, sizeof v->land_err, "%.120s", err);
			v->land_epoch_set = v->land_epoch - 1; /* try again next time */
			return -1;
		}
		v->land_epoch_set = v->land_epoch;
	}
	size_t before = L->rows_done;
	if (v->land_budget > 0) {
		double t0 = fp_now();
		while (lab_landscape_cells(L, 4) > 0 && fp_now() - t0 < v->land_budget)
			;
	} else {
		lab_landscape_rows(L, (size_t)-1);
	}
	if (L->rows_done >= sp->h &&
	    (L->rows_done != before || !v->land_prev_ok || !spec_equal(&v->land_prev_spec, sp))) {
		size_t n = sp->w * sp->h;
		if (n > v->land_prev_cap) {
			double *b = fp_realloc(v->land_prev, n * sizeof *b);
			if (!b) {
				v->land_prev_ok = 0;
				return 0;
			}
			v->land_prev = b;
			v->land_prev_cap = n;
		}
		memcpy(v->land_prev, L->v, n * sizeof *v->land_prev);
		v->land_prev_spec = *sp;
		v->land_prev_ok = 1;
	}
	v->land_pending = L->rows_done < sp->h;
	v->land_err[0] = 0;
	return 0;
}

/* A path of coefficient vectors th[0..n-1] (np each) on the landscape canvas. */
static void land_path(struct raster *R, const double *th, size_t n, size_t np, size_t p, size_t q,
		      enum raster_role role)
{
	for (size_t i = 1; i < n; i++)
		raster_line(R, th[(i - 1) * np + p], th[(i - 1) * np + q], th[i * np + p],
			    th[i * np + q], role);
	if (n == 1)
		raster_line(R, th[p], th[q], th[p], th[q], role);
}

/* The box and its title: the loss over p across and q up, what is held. */
static void land_box(struct screen *s, const struct view *v, const struct fit *f,
		     const struct rect *r, size_t p, size_t q)
{
	char title[256], pn[MODEL_NAME_LEN], qn[MODEL_NAME_LEN], held[64];
	f->model->param_name(&f->mcfg, p, pn, sizeof pn);
	f->model->param_name(&f->mcfg, q, qn, sizeof qn);
	held[0] = 0;
	if (f->np == 3) {
		char hn[MODEL_NAME_LEN];
		f->model->param_name(&f->mcfg, 3 - p - q, hn, sizeof hn);
		snprintf(held, sizeof held, ", %s held", hn);
	} else if (f->np > 3) {
		snprintf(held, sizeof held, ", %zu others held", f->np - 2);
	}
	if (v->utf8)
		snprintf(title, sizeof title, "landscape: %s over %s → and %s ↑%s (p: next pair)",
			 loss_label(f->loss), pn, qn, held);
	else
		snprintf(title, sizeof title, "landscape: %s, %s across, %s up%s (p: next pair)",
			 loss_label(f->loss), pn, qn, held);
	screen_box(s, r->x, r->y, r->w, r->h, title, v->utf8, RA_ROLE(RR_AXIS));
}

/* The heat map of the grid on show (as far as it is computed); its scale (the
 * values on show; log10 when positive over a factor of 10) into lo, hi, logs. */
static void land_heat(struct screen *s, const struct view *v, const struct lab_land_spec *sp,
		      double *lo, double *hi, int *logs)
{
	const struct raster *R = &v->r;
	*lo = INFINITY;
	*hi = -INFINITY;
	for (size_t row = 0; row < sp->h; row++)
		for (size_t c = 0; c < sp->w; c++) {
			const double *val = land_value(v, sp, c, row);
			if (val && isfinite(*val)) {
				*lo = fmin(*lo, *val);
				*hi = fmax(*hi, *val);
			}
		}
	*logs = *lo > 0 && *hi / *lo > 10;
	double slo = *logs ? log10(*lo) : *lo, shi = *logs ? log10(*hi) : *hi;
	for (size_t row = 0; row < sp->h; row++)
		for (size_t c = 0; c < sp->w; c++) {
			const double *val = land_value(v, sp, c, row);
			if (!val)
				continue;
			int lev = heat_level(*val, slo, shi, *logs);
			screen_put(s, R->cx + (int)c, R->cy + (int)row,
				   isfinite(*val) ? (uint32_t)land_ramp[lev] : '!',
				   RA_ROLE(RR_HEAT0 + lev / 2));
		}
}

/* 1 when the solver's iterates belong to this session. */
static int land_has_lm(const struct view *v, const struct fit *f)
{
	return v->lm_path && v->lm_n > 1 && v->lm_model == f->model && v->lm_np == f->np;
}

/* The paths: the ghost's, faint, then this run's up to the step shown, then the
 * solver's jumps (Braille only: in ASCII its numbers alone); flushed, with
 * whole-cell marks where dots would read as shades or the ghost must differ
 * without colour. */
static void land_paths(struct screen *s, struct view *v, const struct fit *f, size_t p, size_t q)
{
	struct raster *R = &v->r;
	for (size_t k = 0; k < LAYOUT_GHOSTS; k++) { /* the kept runs' paths */
		const struct layout_ghost *g = layout_ghost_nth(v, f, k);
		if (!g)
			continue;
		land_path(R, g->tr, g->n, g->np, p, q, RR_GHOST);
		if (g->n)
			raster_line(R, g->tr[(g->n - 1) * g->np + p], g->tr[(g->n - 1) * g->np + q],
				    g->theta[p], g->theta[q], RR_GHOST);
	}
	unsigned long st;
	const double *th, *prev = NULL;
	for (size_t i = 0; fit_trace_get(f, i, &st, NULL, &th) == 0 && st <= f->step; i++) {
		if (prev)
			raster_line(R, prev[p], prev[q], th[p], th[q], RR_CURVE);
		prev = th;
	}
	if (prev)
		raster_line(R, prev[p], prev[q], f->theta[p], f->theta[q], RR_CURVE);
	int lm = land_has_lm(v, f);
	for (size_t k = 1; lm && R->glyphs != RASTER_ASCII && k < v->lm_n; k++) {
		const double *a = v->lm_path + (k - 1) * f->np, *b = a + f->np;
		raster_line(R, a[p], a[q], b[p], b[q], RR_GOOD);
	}
	raster_flush(R);
	uint32_t gm = layout_ghost_mark(v);
	for (int j = 0; j < R->ch; j++)
		for (int i = 0; i < R->cw; i++) {
			size_t k = (size_t)j * (size_t)R->cw + (size_t)i;
			if (!R->mask[k] || (R->role[k] != RR_GHOST && R->glyphs != RASTER_ASCII))
				continue;
			screen_put(s, R->cx + i, R->cy + j, R->role[k] == RR_GHOST ? gm : 'o',
				   RA_ROLE(R->role[k]) | RA_BOLD);
		}
}

/* The points: the least-squares M, the solver's iterates numbered from its start,
 * and the current point X (or a note that it is off the map). */
static void land_marks(struct screen *s, const struct view *v, const struct fit *f, size_t p,
		       size_t q)
{
	const struct raster *R = &v->r;
	int col, row;
	if (f->has_best && f->best && raster_cell(R, f->best[p], f->best[q], &col, &row))
		screen_put(s, R->cx + col, R->cy + row, 'M', RA_ROLE(RR_GOOD) | RA_BOLD);
	for (size_t k = 0; land_has_lm(v, f) && k < v->lm_n; k++) {
		const double *it = v->lm_path + k * f->np;
		if (raster_cell(R, it[p], it[q], &col, &row))
			screen_put(s, R->cx + col, R->cy + row, k < 10 ? (uint32_t)('0' + k) : '+',
				   RA_ROLE(RR_GOOD) | RA_BOLD | RA_UNDERLINE);
	}
	for (size_t k = 0; layout_ghost_count(v, f) > 1 && k < LAYOUT_GHOSTS; k++) {
		const struct layout_ghost *g =
		    layout_ghost_nth(v, f, k); /* its number, at its end */
		if (g && raster_cell(R, g->theta[p], g->theta[q], &col, &row))
			screen_put(s, R->cx + col, R->cy + row, layout_ghost_digit(k),
				   RA_ROLE(RR_GHOST) | RA_BOLD);
	}
	if (raster_cell(R, f->theta[p], f->theta[q], &col, &row))
		screen_put(s, R->cx + col, R->cy + row, 'X',
			   RA_ROLE(RR_CURVE) | RA_BOLD | RA_REVERSE);
	else if (R->cw > 30)
		screen_puts(s, R->cx + 1, R->cy, R->cw - 2,
			    "the current point is off the map: z re-fits",
			    RA_ROLE(RR_WARN) | RA_BOLD);
}

/* The legend on the box's last inner row: the scale, then what each mark means. */
static void land_legend(struct screen *s, const struct view *v, const struct fit *f,
			const struct rect *r, double lo, double hi, int logs)
{
	const struct raster *R = &v->r;
	const struct layout_ghost *g = layout_ghost_of(v, f);
	int lm = land_has_lm(v, f);
	int ly = r->y + r->h - 2, x = r->x + 2, maxx = r->x + r->w - 1;
	char lab[96], t1[32], t2[32];
	snprintf(lab, sizeof lab, "%s %s ", loss_label(f->loss),
		 fp_fmt(t1, sizeof t1, isfinite(lo) ? lo : 0, 4));
	layout_legend_put(s, &x, ly, maxx, lab, RA_ROLE(RR_AXIS));
	layout_legend_put(s, &x, ly, maxx, "[", RA_ROLE(RR_AXIS));
	for (int k = 0; k < LAND_LEVELS && x >= 0; k++) {
		char one[2] = {land_ramp[k], 0};
		layout_legend_put(s, &x, ly, maxx, one, RA_ROLE(RR_HEAT0 + k / 2));
	}
	snprintf(lab, sizeof lab, "] %s%s", fp_fmt(t2, sizeof t2, isfinite(hi) ? hi : 0, 4),
		 logs ? " log" : "");
	layout_legend_put(s, &x, ly, maxx, lab, RA_ROLE(RR_AXIS));
	layout_legend_put(s, &x, ly, maxx, " ", 0);
	layout_legend_put(s, &x, ly, maxx, "X", RA_ROLE(RR_CURVE) | RA_BOLD | RA_REVERSE);
	layout_legend_put(s, &x, ly, maxx, " now", 0);
	if (R->glyphs == RASTER_ASCII)
		layout_legend_put(s, &x, ly, maxx, " o", RA_ROLE(RR_CURVE) | RA_BOLD);
	else
		layout_legend_put(s, &x, ly, maxx, R->glyphs == RASTER_QUADRANT ? " ▀" : " ⠒",
				  RA_ROLE(RR_CURVE) | RA_BOLD);
	layout_legend_put(s, &x, ly, maxx, " path", 0);
	if (lm) {
		layout_legend_put(s, &x, ly, maxx, " 0 1",
				  RA_ROLE(RR_GOOD) | RA_BOLD | RA_UNDERLINE);
		layout_legend_put(s, &x, ly, maxx, " LM", 0);
	}
	if (f->has_best && f->best) {
		layout_legend_put(s, &x, ly, maxx, " M", RA_ROLE(RR_GOOD) | RA_BOLD);
		layout_legend_put(s, &x, ly, maxx, g || lm ? " least sq." : " least squares", 0);
	}
	if (g) {
		char gl[8];
		raster_utf8(layout_ghost_mark(v), gl);
		if (layout_ghost_count(v, f) > 1)
			snprintf(lab, sizeof lab, " ghosts 1-%zu", layout_ghost_count(v, f));
		else
			snprintf(lab, sizeof lab, " ghost %s", g->label);
		layout_legend_put(s, &x, ly, maxx, " ", 0);
		layout_legend_put(s, &x, ly, maxx, gl, RA_ROLE(RR_GHOST) | RA_BOLD);
		int x0 = x;
		layout_legend_put(s, &x, ly, maxx, lab, 0);
		if (x < 0 && x0 >= 0) /* no room for the label */
			layout_legend_put(s, &x0, ly, maxx, " ghost", 0);
	}
}

/* The landscape view: the heat map of the grid the tick computed, the paths, the
 * marks and the legend. The grid this frame wants is recorded for the tick. */
static int draw_landscape(struct screen *s, struct view *v, const struct fit *f,
			  const struct rect *r)
{
	if (f->np < 2 || !v->land) {
		screen_box(s, r->x, r->y, r->w, r->h, "landscape (v: next view)", v->utf8,
			   RA_ROLE(RR_AXIS));
		screen_puts(s, r->x + 2, r->y + 1, r->w - 4,
			    f->np < 2 ? "a landscape needs two coefficients"
				      : "no memory for a landscape",
			    RA_ROLE(RR_WARN) | RA_BOLD);
		return FP_OK;
	}
	if (v->land_p >= f->np || v->land_q >= f->np || v->land_p == v->land_q) {
		v->land_p = 0;
		v->land_q = 1;
		v->land_refit = 1;
	}
	size_t p = v->land_p, q = v->land_q;
	land_box(s, v, f, r, p, q);
	int ix = r->x + 2, iy = r->y + 1, iw = r->w - 3, ih = r->h - 3;
	if (iw < 4 || ih < 2)
		return FP_OK;
	if (v->land_refit) {
		struct lab_land_spec a;
		lab_landscape_auto(f, p, q, 1, 1, &a);
		v->land_plo = a.plo;
		v->land_phi = a.phi;
		v->land_qlo = a.qlo;
		v->land_qhi = a.qhi;
		v->land_refit = 0;
	}
	int rc = raster_begin(&v->r, s, ix, iy, iw, ih, v->land_plo, v->land_phi, v->land_qlo,
			      v->land_qhi, v->glyphs, v->utf8);
	if (rc)
		return rc;
	struct raster *R = &v->r;
	if (R->cw < 1 || R->ch < 1)
		return FP_OK;
	struct lab_land_spec sp = {p,	   q,	   R->xlo,	  R->xhi,
				   R->ylo, R->yhi, (size_t)R->cw, (size_t)R->ch};
	/* the grid this frame wants: the tick computes it (a few cells a frame) */
	if (!v->land_want_ok || !spec_equal(&v->land_want, &sp)) {
		v->land_want = sp;
		v->land_want_ok = 1;
		v->land_err[0] = 0;
		v->land_pending = 1;
	}
	if (v->land_err[0]) {
		screen_puts(s, R->cx, R->cy, R->cw, v->land_err, RA_ROLE(RR_WARN) | RA_BOLD);
		return FP_OK;
	}
	double lo, hi;
	int logs;
	land_heat(s, v, &sp, &lo, &hi, &logs);
	land_paths(s, v, f, p, q);
	land_marks(s, v, f, p, q);
	land_legend(s, v, f, r, lo, hi, logs);
	return FP_OK;
}

static int landscape_applies(const struct fit *f)
{
	return 1;
}

/* Between frames: the frame's budget (all of it when v->land_budget is 0) of the
 * grid the last frame wanted, for the session as it is now. */
static void landscape_tick(struct view *v, const struct fit *f)
{
	if (!v->land || f->np < 2 || !v->land_want_ok)
		return;
	if (v->land_want.p >= f->np || v->land_want.q >= f->np) {
		v->land_want_ok = 0;
		return;
	}
	land_compute(v, f, &v->land_want);
}

/* Arriving: choose the ranges around the session at the next draw. */
static void landscape_enter(struct view *v, const struct fit *f)
{
	v->land_refit = 1;
}

const struct view_type view_landscape = {
    .name = "landscape",
    .said = "landscape (p: next pair, z: re-fit its ranges)",
    .cycle = 1,
    .applies = landscape_applies,
    .draw = draw_landscape,
    .tick = landscape_tick,
    .enter = landscape_enter,
};
