/* SPDX-License-Identifier: GPL-3.0-or-later */
/* view-slope.c: the slope view, the lecture's drawing of the learning rate: the loss
 * along the selected coefficient with the others held, as a curve; the current
 * point X; the tangent there, labelled with its slope (the gradient); the next step
 * as the jump to where the optimizer's update lands on the curve (theta - lr*slope
 * for plain descent); the last steps as numbered points joined by their jumps. The
 * axes stay frozen while descent runs, so that the jumps can be watched (a small
 * rate creeps, a good one lands near the bottom, one above the limit jumps across
 * the valley, further each time); z re-fits them. The tick computes, draw reads. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "util.h"
#include "view.h"

/* Scratch for one tick: a coefficient vector to move along p, and the optimizer's
 * copies for the next step. */
struct slope_work {
	const struct fit *f;
	size_t p;
	double *th;  /* np: theta with coefficient p moved */
	double *nt;  /* np: the next step's coefficients */
	double *g;   /* np: the gradient the rule uses */
	double *gc;  /* np: the true gradient along the way */
	double *acc; /* np: the accumulated gradient, copied */
	double *st;  /* 3 np: the optimizer's state, copied */
};

/* The loss along p at coefficient value x (the others as they are now). */
static double along(struct slope_work *w, double x)
{
	w->th[w->p] = x;
	return model_loss_grad(w->f->model, &w->f->mcfg, w->th, w->f->data, w->f->loss, NULL);
}

/* The parabola through (x0, q0), (mid, q1), (x1, q2) at x (Lagrange). */
static double quad_at(const struct layout_slope *S, double x)
{
	double a = S->kxlo, c = S->kxhi, b = 0.5 * (a + c);
	return S->q[0] * (x - b) * (x - c) / ((a - b) * (a - c)) +
	       S->q[1] * (x - a) * (x - c) / ((b - a) * (b - c)) +
	       S->q[2] * (x - a) * (x - b) / ((c - a) * (c - b));
}

/* The loss on the curve at x: the parabola when the curve is one, else computed. */
static double on_curve(const struct layout_slope *S, struct slope_work *w, double x)
{
	return S->quad ? quad_at(S, x) : along(w, x);
}

/* Where the session's next update takes coefficient p (the optimizer and the rule
 * as they are, on copies). Returns 0 and *x, or -1. */
static int next_landing(struct slope_work *w, double *x)
{
	const struct fit *f = w->f;
	size_t np = f->np, sl = f->optim->state_len(np);
	memcpy(w->nt, f->theta, np * sizeof *w->nt);
	for (size_t i = 0; i < np; i++)
		w->g[i] = f->accumulate ? f->acc[i] + f->grad[i] : f->grad[i];
	if (sl)
		memcpy(w->st, f->ostate, sl * sizeof *w->st);
	f->optim->step(&f->ocfg, w->st, w->nt, w->g, np, f->lr, f->step + 1);
	*x = w->nt[w->p];
	return isfinite(*x) ? 0 : -1;
}

/* Coefficient p after each of the next k updates of the session (its optimizer and
 * rule, on copies, the gradient computed again after each). Returns how many stayed
 * finite. */
static size_t slope_future(struct slope_work *w, double *xs, size_t k)
{
	const struct fit *f = w->f;
	size_t np = f->np, sl = f->optim->state_len(np), n = 0;
	memcpy(w->nt, f->theta, np * sizeof *w->nt);
	memcpy(w->gc, f->grad, np * sizeof *w->gc);
	memcpy(w->acc, f->acc, np * sizeof *w->acc);
	if (sl)
		memcpy(w->st, f->ostate, sl * sizeof *w->st);
	for (; n < k; n++) {
		for (size_t i = 0; i < np; i++) {
			w->acc[i] = f->accumulate ? w->acc[i] + w->gc[i] : 0;
			w->g[i] = f->accumulate ? w->acc[i] : w->gc[i];
		}
		f->optim->step(&f->ocfg, w->st, w->nt, w->g, np, f->lr, f->step + 1 + n);
		xs[n] = w->nt[w->p];
		if (!isfinite(xs[n]) ||
		    !isfinite(model_loss_grad(f->model, &f->mcfg, w->nt, f->data, f->loss, w->gc)))
			break;
	}
	return n;
}

static unsigned long held_hash(const struct fit *f, size_t p)
{
	unsigned long h = 1469598103934665603UL ^ f->np;
	for (size_t i = 0; i < f->np; i++) {
		if (i == p)
			continue;
		unsigned char b[sizeof(double)];
		memcpy(b, &f->theta[i], sizeof b);
		for (size_t k = 0; k < sizeof b; k++)
			h = (h ^ b[k]) * 1099511628211UL;
	}
	return h;
}

/* Choose the frozen axes around the current point: the valley's bottom along p
 * (from the curvature there), the point mirrored across it, and the next landing;
 * y from the lowest to the highest loss on show. */
static void slope_axes(struct view *v, struct slope_work *w)
{
	struct layout_slope *S = &v->slope;
	const struct fit *f = w->f;
	size_t p = w->p;
	double t = f->theta[p], g = f->grad[p], L = f->loss_value;
	/* the curvature over a tenth of the coefficient's size (exact for a parabola,
	 * an average one for MAE's kinks); the bottom at most five sizes away */
	double size = fmax(fabs(t), 1), h = 0.05 * size;
	double c = (along(w, t + h) - 2 * L + along(w, t - h)) / (h * h);
	double star = isfinite(c) && c > 0 ? t - g / c : t, nx;
	if (!(fabs(star - t) <= 5 * size))
		star = t;
	double lo = fmin(t, 2 * star - t), hi = fmax(t, 2 * star - t);
	if (next_landing(w, &nx) == 0) {
		lo = fmin(lo, nx);
		hi = fmax(hi, nx);
	}
	/* the next few steps of the real run (all coefficients move): where p goes,
	 * while it stays within four times the distance to the bottom (a run above
	 * the limit: its jumps across the valley, growing) */
	double fx[4], reach = 4 * fmax(fabs(t - star), 1e-9);
	size_t nf = slope_future(w, fx, 4);
	for (size_t k = 0; k < nf && fabs(fx[k] - star) <= reach; k++) {
		lo = fmin(lo, fx[k]);
		hi = fmax(hi, fx[k]);
	}
	for (size_t i = f->trace_n > LAYOUT_SLOPE_PTS ? f->trace_n - LAYOUT_SLOPE_PTS : 0;
	     i < f->trace_n; i++) { /* and the last steps, to see where it came from */
		const double *th;
		if (fit_trace_get(f, i, NULL, NULL, &th) == 0 && fabs(th[p] - star) <= reach) {
			lo = fmin(lo, th[p]);
			hi = fmax(hi, th[p]);
		}
	}
	double mid = 0.5 * (lo + hi), half = 0.5 * (hi - lo);
	if (!isfinite(half) || !isfinite(mid)) {
		mid = t;
		half = 0;
	}
	if (!(half > 1e-6 * fmax(1, fabs(mid)))) /* at the bottom: show the valley around */
		half = isfinite(c) && c > 0 ? fmax(sqrt(2 * fmax(L, 1e-3) / c), 1e-3)
					    : fmax(0.5 * fabs(t), 0.5);
	half *= 1.2;
	S->xlo = mid - half;
	S->xhi = mid + half;
	double ylo = INFINITY, yhi = -INFINITY;
	const double xs[] = {S->xlo, S->xhi, star, t, mid};
	for (size_t k = 0; k < sizeof xs / sizeof xs[0]; k++) {
		if (xs[k] < S->xlo || xs[k] > S->xhi)
			continue;
		double y = along(w, xs[k]);
		if (isfinite(y)) {
			ylo = fmin(ylo, y);
			yhi = fmax(yhi, y);
		}
	}
	if (!(ylo <= yhi)) {
		ylo = 0;
		yhi = fmax(1, 2 * L);
	}
	double pad = 0.08 * (yhi - ylo);
	S->ylo = ylo - pad;
	S->yhi = yhi + pad;
	if (ylo >= 0 && S->ylo < 0)
		S->ylo = 0;
	raster_fix_range(&S->xlo, &S->xhi);
	raster_fix_range(&S->ylo, &S->yhi);
	S->p = p;
	S->epoch = v->land_epoch;
	S->axes_ok = 1;
	S->refit = 0;
	S->kmodel = NULL; /* the curve again */
}

/* The curve for the frame: computed again when the coefficient, the held ones, the
 * loss, the model or the axes changed; exactly from three losses when it is a
 * parabola (MSE of a model linear in its coefficients), else sample by sample
 * within the frame's budget (v->land_budget; 0: all). */
static void slope_curve(struct view *v, struct slope_work *w)
{
	struct layout_slope *S = &v->slope;
	const struct fit *f = w->f;
	unsigned long hh = held_hash(f, w->p);
	if (S->kmodel != f->model || S->kp != w->p || S->knp != f->np || S->khash != hh ||
	    S->kloss != f->loss || S->kepoch != v->land_epoch || S->kxlo != S->xlo ||
	    S->kxhi != S->xhi) {
		S->kmodel = f->model;
		S->kp = w->p;
		S->knp = f->np;
		S->khash = hh;
		S->kloss = f->loss;
		S->kepoch = v->land_epoch;
		S->kxlo = S->xlo;
		S->kxhi = S->xhi;
		S->n = LAYOUT_SLOPE_N;
		S->done = 0;
		S->quad = f->model->linear && f->loss == LOSS_MSE;
		if (S->quad) {
			S->q[0] = along(w, S->xlo);
			S->q[1] = along(w, 0.5 * (S->xlo + S->xhi));
			S->q[2] = along(w, S->xhi);
			for (size_t i = 0; i < S->n; i++)
				S->y[i] = quad_at(S, S->xlo + (S->xhi - S->xlo) * (double)i /
								  (double)(S->n - 1));
			S->done = S->n;
		}
	}
	double t0 = fp_now();
	while (S->done < S->n) {
		double x = S->xlo + (S->xhi - S->xlo) * (double)S->done / (double)(S->n - 1);
		S->y[S->done++] = along(w, x);
		if (v->land_budget > 0 && (S->done & 7) == 0 && fp_now() - t0 > v->land_budget)
			break;
	}
	if (S->done < S->n)
		v->land_pending = 1; /* the rest next frame (headless: at once) */
}

/* The next landing and the last steps on the curve as it is now. */
static void slope_steps(struct view *v, struct slope_work *w)
{
	struct layout_slope *S = &v->slope;
	const struct fit *f = w->f;
	S->at_step = f->step;
	S->next_ok = next_landing(w, &S->next_x) == 0;
	if (S->next_ok)
		S->next_y = on_curve(S, w, S->next_x);
	S->npts = 0;
	size_t tn = f->trace_n, from = tn > LAYOUT_SLOPE_PTS + 1 ? tn - LAYOUT_SLOPE_PTS - 1 : 0;
	for (size_t i = from; i < tn && S->npts < LAYOUT_SLOPE_PTS; i++) {
		unsigned long st;
		const double *th;
		if (fit_trace_get(f, i, &st, NULL, &th) != 0 || st >= f->step)
			continue;
		S->px[S->npts] = th[w->p];
		S->py[S->npts] = on_curve(S, w, th[w->p]);
		S->pstep[S->npts++] = st;
	}
}

/* The others move while descent runs, and the whole curve with them: when the
 * current point leaves the frozen y range, the range grows (never shrinks) to hold
 * it and the curve's bottom; x stays, so that the jumps can still be compared. */
static void slope_widen(struct layout_slope *S, double now)
{
	if (!isfinite(now) || (now >= S->ylo && now <= S->yhi))
		return;
	double lo = fmin(S->ylo, now), hi = fmax(S->yhi, now);
	for (size_t i = 0; i < S->done; i++)
		if (isfinite(S->y[i]))
			lo = fmin(lo, S->y[i]);
	double pad = 0.08 * (hi - lo);
	S->ylo = lo < S->ylo ? lo - pad : S->ylo;
	S->yhi = hi > S->yhi ? hi + pad : S->yhi;
	if (lo >= 0 && S->ylo < 0)
		S->ylo = 0;
	raster_fix_range(&S->ylo, &S->yhi);
}

/* Between frames: the axes when they are to be chosen, the curve, the steps. */
static void slope_tick(struct view *v, const struct fit *f)
{
	struct layout_slope *S = &v->slope;
	size_t np = f->np, p = v->sel < np ? v->sel : 0;
	double *buf = fp_malloc(8 * (np ? np : 1) * sizeof *buf);
	if (!buf)
		return;
	struct slope_work w = {
	    f, p, buf, buf + np, buf + 2 * np, buf + 3 * np, buf + 4 * np, buf + 5 * np};
	memcpy(w.th, f->theta, np * sizeof *w.th);
	if (S->refit || !S->axes_ok || S->p != p || S->epoch != v->land_epoch)
		slope_axes(v, &w);
	memcpy(w.th, f->theta, np * sizeof *w.th);
	slope_curve(v, &w);
	slope_steps(v, &w);
	fp_free(buf);
	slope_widen(S, f->loss_value);
}

/* Arriving: the axes are chosen around the session at the next tick. */
static void slope_enter(struct view *v, const struct fit *f)
{
	v->slope.refit = 1;
}

/* The curve as drawn: the samples joined, nothing beyond those computed. */
static double curve_fn(void *ctx, double x)
{
	const struct layout_slope *S = ctx;
	if (S->done < 2 || !(x >= S->kxlo && x <= S->kxhi))
		return NAN;
	double u = (x - S->kxlo) / (S->kxhi - S->kxlo) * (double)(S->n - 1);
	size_t i = (size_t)floor(u);
	if (i >= S->n - 1)
		i = S->n - 2;
	if (i + 1 >= S->done)
		return NAN;
	double fr = u - (double)i;
	return S->y[i] + fr * (S->y[i + 1] - S->y[i]);
}

/* The box and its title: which coefficient, what is held. */
static void slope_box(struct screen *s, const struct view *v, const struct fit *f,
		      const struct rect *r, size_t p)
{
	char title[256], pn[MODEL_NAME_LEN], held[96];
	f->model->param_name(&f->mcfg, p, pn, sizeof pn);
	held[0] = 0;
	if (f->np == 2 || f->np == 3) {
		size_t n = 0;
		for (size_t i = 0; i < f->np; i++) {
			char hn[MODEL_NAME_LEN];
			if (i == p)
				continue;
			f->model->param_name(&f->mcfg, i, hn, sizeof hn);
			n += (size_t)snprintf(held + n, sizeof held - n, "%s%s", n ? " and " : ", ",
					      hn);
		}
		snprintf(held + n, sizeof held - n, " held");
	} else if (f->np > 3) {
		snprintf(held, sizeof held, ", %zu others held", f->np - 1);
	}
	snprintf(title, sizeof title, "slope: %s along %s%s", loss_label(f->loss), pn, held);
	screen_box(s, r->x, r->y, r->w, r->h, title, v->utf8, RA_ROLE(RR_AXIS));
}

/* The lines: the curve, the jumps between the last steps, the tangent at X and the
 * next jump; flushed. */
static void slope_lines(struct view *v, const struct fit *f, size_t p)
{
	struct raster *R = &v->r;
	struct layout_slope *S = &v->slope;
	raster_curve(R, curve_fn, S, RR_CURVE);
	for (size_t i = 0; i < S->npts; i++) {
		double x1 = i + 1 < S->npts ? S->px[i + 1] : f->theta[p];
		double y1 = i + 1 < S->npts ? S->py[i + 1] : f->loss_value;
		raster_line(R, S->px[i], S->py[i], x1, y1, RR_UNIT);
	}
	double t = f->theta[p], L = f->loss_value, g = f->grad[p];
	double span = 0.14 * (S->xhi - S->xlo);
	double dy = g * span, ymax = 0.35 * (S->yhi - S->ylo);
	if (fabs(dy) > ymax) /* steep: as long as the same height */
		span *= ymax / fabs(dy);
	raster_line(R, t - span, L - g * span, t + span, L + g * span, RR_WARN);
	if (S->next_ok)
		raster_line(R, t, L, S->next_x, S->next_y, RR_GOOD);
	raster_flush(R);
}

/* The marks: the earlier steps numbered (their step's last digit), where the next
 * step lands (*), the current point X, and the tangent's slope beside it. */
static void slope_marks(struct screen *s, const struct view *v, const struct fit *f, size_t p)
{
	const struct raster *R = &v->r;
	const struct layout_slope *S = &v->slope;
	int col, row;
	for (size_t i = 0; i < S->npts; i++)
		if (raster_cell(R, S->px[i], S->py[i], &col, &row))
			screen_put(s, R->cx + col, R->cy + row, (uint32_t)('0' + S->pstep[i] % 10),
				   RA_ROLE(RR_UNIT) | RA_BOLD);
	if (S->next_ok && raster_cell(R, S->next_x, S->next_y, &col, &row))
		screen_put(s, R->cx + col, R->cy + row, '*', RA_ROLE(RR_GOOD) | RA_BOLD);
	if (raster_cell(R, f->theta[p], f->loss_value, &col, &row)) {
		screen_put(s, R->cx + col, R->cy + row, 'X',
			   RA_ROLE(RR_CURVE) | RA_BOLD | RA_REVERSE);
		char lab[48], g[32];
		snprintf(lab, sizeof lab, "slope %s", fp_fmt(g, sizeof g, f->grad[p], 4));
		int n = (int)layout_text_cols(lab);
		/* beside X, above it if it can, on the side with room */
		int xs[2] = {R->cx + col + 2, R->cx + col - 1 - n};
		int ys[3] = {R->cy + row - 1, R->cy + row + 1, R->cy + row};
		int done = 0;
		for (int a = 0; a < 3 && !done; a++)
			for (int b = 0; b < 2 && !done; b++)
				done = layout_put_on_blank(s, R, xs[b], ys[a], lab,
							   RA_ROLE(RR_WARN) | RA_BOLD);
	} else if (R->cw > 30) {
		screen_puts(s, R->cx + 1, R->cy, R->cw - 2,
			    "the current point is off the chart: z re-fits",
			    RA_ROLE(RR_WARN) | RA_BOLD);
	}
}

/* The legend on the box's last inner row: what each mark and line means. */
static void slope_legend(struct screen *s, const struct view *v, const struct fit *f,
			 const struct rect *r, size_t p)
{
	const struct layout_slope *S = &v->slope;
	int ly = r->y + r->h - 2, x = r->x + 2, maxx = r->x + r->w - 1;
	char lab[96], pn[MODEL_NAME_LEN], t[32];
	const char *line = v->glyphs == RASTER_ASCII	  ? "o"
			   : v->glyphs == RASTER_QUADRANT ? "▀"
							  : "⠒";
	f->model->param_name(&f->mcfg, p, pn, sizeof pn);
	layout_legend_put(s, &x, ly, maxx, "X", RA_ROLE(RR_CURVE) | RA_BOLD | RA_REVERSE);
	layout_legend_put(s, &x, ly, maxx, " now  ", 0);
	layout_legend_put(s, &x, ly, maxx, line, RA_ROLE(RR_WARN) | RA_BOLD);
	snprintf(lab, sizeof lab, " tangent  ");
	layout_legend_put(s, &x, ly, maxx, lab, 0);
	layout_legend_put(s, &x, ly, maxx, line, RA_ROLE(RR_GOOD) | RA_BOLD);
	int ascii = !v->utf8 || v->glyphs == RASTER_ASCII;
	if (f->optim == &optim_gd && !f->accumulate)
		snprintf(lab, sizeof lab, " %s %s %s%sslope ", pn, ascii ? "-" : "−",
			 fp_fmt(t, sizeof t, f->lr, 3), ascii ? " x " : "·");
	else
		snprintf(lab, sizeof lab, " next step (%s) ",
			 f->accumulate ? "notebook's rule" : f->optim->name);
	layout_legend_put(s, &x, ly, maxx, lab, 0);
	layout_legend_put(s, &x, ly, maxx, "*", RA_ROLE(RR_GOOD) | RA_BOLD);
	layout_legend_put(s, &x, ly, maxx, " lands", 0);
	if (S->npts) { /* how the numbers read: the latest one's step */
		unsigned long st = S->pstep[S->npts - 1];
		snprintf(lab, sizeof lab, "  %lu", st % 10);
		layout_legend_put(s, &x, ly, maxx, lab, RA_ROLE(RR_UNIT) | RA_BOLD);
		snprintf(lab, sizeof lab, ": step %lu", st);
		layout_legend_put(s, &x, ly, maxx, lab, 0);
	}
}

/* The slope view: the curve the tick computed, the lines, the marks, the legend. */
static int slope_draw(struct screen *s, struct view *v, const struct fit *f, const struct rect *r)
{
	size_t p = v->sel < f->np ? v->sel : 0;
	const struct layout_slope *S = &v->slope;
	slope_box(s, v, f, r, p);
	int ix = r->x + 2, iy = r->y + 1, iw = r->w - 3, ih = r->h - 3;
	if (iw < 4 || ih < 2)
		return FP_OK;
	if (!S->axes_ok || S->p != p) { /* no tick yet (it comes before every draw) */
		v->land_pending = 1;
		return FP_OK;
	}
	int rc = raster_begin(&v->r, s, ix, iy, iw, ih, S->xlo, S->xhi, S->ylo, S->yhi, v->glyphs,
			      v->utf8);
	if (rc)
		return rc;
	if (v->r.cw < 1 || v->r.ch < 1)
		return FP_OK;
	slope_lines(v, f, p);
	slope_marks(s, v, f, p);
	slope_legend(s, v, f, r, p);
	return FP_OK;
}

/* Every session has coefficients to slide along: tables and every model. */
static int slope_applies(const struct fit *f)
{
	return 1;
}

const struct view_type view_slope = {
    .name = "slope",
    .said = "slope (the loss along the selected coefficient, the others held; z re-fits its axes)",
    .cycle = 1,
    .applies = slope_applies,
    .draw = slope_draw,
    .tick = slope_tick,
    .enter = slope_enter,
};
