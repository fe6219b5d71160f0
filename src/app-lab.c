/* SPDX-License-Identifier: GPL-3.0-or-later */
/* app-lab.c: the explorer's learning-rate lab actions: the rate gauge against the
 * limit, Levenberg-Marquardt in slices between frames (s), the learning-rate sweep
 * (w), replaying the run ([ ]) and keeping runs as ghosts (b). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app-int.h"
#include "solve.h"
#include "util.h"
#include "view.h"

/* ---- the learning-rate lab ---- */

#define APP_LM_MAXITER	200 /* Levenberg-Marquardt iterations in all */
#define APP_LM_WORK	5e6 /* n * np^2 per frame: a few ms of LM iterations */
#define APP_DESCENT_OPS 2e7 /* n * np * steps for "descent needs K steps" */
#define APP_LM_PATH	32  /* solver iterates kept for the landscape */
#define APP_LIM_EVERY	0.5 /* seconds between live re-estimates of the limit, at least */
#define APP_LIM_SHARE	20  /* and at least this many times what the last one took */
#define APP_LIM_WORK	2e7 /* rows * coefficients * gradients in one live estimate */

/* The gauge line: the rate against the limit, kept fresh (the estimate is redone
 * when the coefficients moved, at most every APP_LIM_EVERY seconds live). Live, an
 * estimate starts from the last one's direction and does at most APP_LIM_WORK of
 * gradients, and the next waits APP_LIM_SHARE times as long as it took: on a
 * million-row table the gauge costs a few percent of the time instead of freezing
 * the screen for seconds (up to 2 x 200 iterations of 2 gradients from cold). */
void app_gauge_update(struct app *a)
{
	char err[FP_ERRLEN];
	struct fit *f = a->f;
	int same = a->lim_state != 0 && a->lim_model == f->model && a->lim_loss == f->loss &&
		   a->lim_np == f->np && a->lim_epoch == a->v.land_epoch;
	int moved = !same || (a->lim_state == 1 && !a->lim.exact &&
			      memcmp(a->lim_theta, f->theta, f->np * sizeof *f->theta) != 0);
	a->lim_pending = 0;
	if (moved && same && a->budget > 0 &&
	    fp_now() - a->lim_time < fmax(APP_LIM_EVERY, APP_LIM_SHARE * a->lim_cost))
		a->lim_pending = 1; /* re-estimated at a later frame */
	else if (moved) {
		double *t = fp_realloc(a->lim_theta, (f->np ? f->np : 1) * sizeof *t);
		if (!t) {
			a->v.gauge[0] = 0;
			return;
		}
		a->lim_theta = t;
		memcpy(t, f->theta, f->np * sizeof *t);
		a->lim_np = f->np;
		a->lim_model = f->model;
		a->lim_loss = f->loss;
		a->lim_epoch = a->v.land_epoch;
		double t0 = fp_now();
		double *vec = a->budget > 0 && !f->has_limit
				  ? fp_realloc(a->lim_vec, (f->np ? f->np : 1) * sizeof *vec)
				  : NULL;
		if (vec) {
			if (!same || !a->lim_vec) /* another model: the fixed start again */
				memset(vec, 0, f->np * sizeof *vec);
			a->lim_vec = vec;
			double per = 2.0 * (double)f->data->n * (double)(f->np ? f->np : 1);
			double it = fmin(LAB_LIMIT_MAXITER, fmax(1, floor(APP_LIM_WORK / per)));
			a->lim_state =
			    lab_limit_estimate_from(f->model, &f->mcfg, f->data, f->loss, f->theta,
						    vec, (size_t)it, &a->lim, err) == FP_OK
				? 1
				: -1;
		} else { /* exact, or headless (the same estimate every run) */
			a->lim_state = lab_limit_for_fit(f, &a->lim, err) == FP_OK ? 1 : -1;
		}
		a->lim_time = fp_now();
		a->lim_cost = a->lim_time - t0;
	}
	if (a->lim_state != 1) {
		a->v.gauge[0] = 0;
		return;
	}
	double ratio = lab_limit_gauge(&a->lim, f->lr, a->v.gauge, sizeof a->v.gauge);
	a->v.gauge_role = ratio > 1 ? RR_BAD : (ratio > 0.5 ? RR_WARN : 0);
}

/* One share of Levenberg-Marquardt (at most maxiter iterations); at the end the
 * answer becomes the coefficients and the status line compares it with descent. */
void app_solve_chunk(struct app *a, size_t maxiter)
{
	char err[FP_ERRLEN], t1[32], t2[32], t3[32];
	struct fit *f = a->f;
	struct solve_lm_result res;
	if (!a->lm_active || a->lm_np != f->np)
		return;
	size_t np = f->np, pcap = maxiter + 1;
	double *path = fp_malloc(pcap * (np ? np : 1) * sizeof *path);
	if (!path || solve_lm(f->model, &f->mcfg, f->data, a->lm_theta, maxiter, path, pcap, &res,
			      err) != FP_OK) {
		a->lm_active = 0;
		app_say_role(a, RR_BAD, "solver: %s", path ? err : "out of memory");
		fp_free(path);
		return;
	}
	/* the iterates for the landscape (each share starts from the last one) */
	double *keep = a->lm_theta + 2 * np;
	for (size_t i = a->v.lm_n ? 1 : 0; i < res.path_n && a->v.lm_n < APP_LM_PATH; i++)
		memcpy(keep + a->v.lm_n++ * np, path + i * np, np * sizeof *path);
	fp_free(path);
	if (a->lm_iters == 0)
		a->lm_start_loss = res.start_loss;
	a->lm_iters += res.iterations;
	if (!res.converged && strcmp(res.reason, "iteration limit") == 0 &&
	    a->lm_iters < APP_LM_MAXITER)
		return; /* more next frame */
	a->lm_active = 0;
	if (fit_set_theta(f, a->lm_theta, err) != FP_OK) {
		app_say_role(a, RR_BAD, "solver: %s", err);
		return;
	}
	char tail[160] = "";
	double gap = a->lm_start_loss - res.loss;
	if (f->loss != LOSS_MSE) {
		snprintf(tail, sizeof tail, " (it minimises the MSE; f switches the loss)");
	} else if (!(gap > 1e-9 * fabs(a->lm_start_loss))) {
		snprintf(tail, sizeof tail, "; the start was already at the optimum");
	} else {
		size_t steps = 0, cap;
		double ops = (double)f->data->n * (double)(f->np ? f->np : 1);
		double c = APP_DESCENT_OPS / ops;
		cap = c < 100 ? 100 : (c > 200000 ? 200000 : (size_t)c);
		double target = res.loss + LAB_CONVERGED_GAP * gap;
		const double *start = a->lm_theta + f->np;
		if (lab_descent_steps_to(f, start, target, cap, &steps, err) != FP_OK)
			snprintf(tail, sizeof tail, "; descent: %.120s", err);
		else if (steps == (size_t)-1)
			snprintf(
			    tail, sizeof tail,
			    "; descent at lr %s does not get within 1%% in %zu steps (counting "
			    "stopped there)",
			    fp_fmt(t3, sizeof t3, f->lr, 4), cap);
		else
			snprintf(tail, sizeof tail,
				 "; descent at lr %s needs %zu steps to get within 1%%",
				 fp_fmt(t3, sizeof t3, f->lr, 4), steps);
	}
	app_say_role(a, res.converged ? RR_GOOD : RR_WARN,
		     "LM: %zu iteration%s to MSE %s (from %s)%s%s", a->lm_iters,
		     a->lm_iters == 1 ? "" : "s", fp_fmt(t1, sizeof t1, res.loss, 6),
		     fp_fmt(t2, sizeof t2, a->lm_start_loss, 6),
		     res.converged ? "" : ", not converged", tail);
}

void app_solve_start(struct app *a)
{
	struct fit *f = a->f;
	if (f->data->n < f->np) {
		app_say_role(a, RR_WARN,
			     "the solver needs at least as many points (%zu) as coefficients (%zu)",
			     f->data->n, f->np);
		return;
	}
	double *t = fp_realloc(a->lm_theta, (2 + APP_LM_PATH) * (f->np ? f->np : 1) * sizeof *t);
	if (!t) {
		app_say_role(a, RR_BAD, "out of memory");
		return;
	}
	a->lm_theta = t;
	memcpy(t, f->theta, f->np * sizeof *t);
	memcpy(t + f->np, f->theta, f->np * sizeof *t); /* the start, for the comparison */
	a->lm_np = f->np;
	a->lm_iters = 0;
	a->lm_active = 1;
	a->v.lm_path = t + 2 * f->np;
	a->v.lm_n = 0;
	a->v.lm_np = f->np;
	a->v.lm_model = f->model;
	a->v.autorun = 0;
	if (a->budget <= 0) {
		while (a->lm_active)
			app_solve_chunk(a, APP_LM_MAXITER);
		return;
	}
	app_say_role(a, 0, "Levenberg-Marquardt running (any key stops it)");
}

/* Iterations a frame may run: about APP_LM_WORK of n * np^2. */
size_t app_solve_share(const struct fit *f)
{
	double w = (double)f->data->n * (double)f->np * (double)f->np;
	double k = w > 0 ? APP_LM_WORK / w : APP_LM_MAXITER;
	return k < 1 ? 1 : (k > APP_LM_MAXITER ? APP_LM_MAXITER : (size_t)k);
}

/* Run sweep rates until the frame's budget is spent (all of them headless). Live, a
 * rate is run a step at a time, so that on big data a frame (and a key) never waits
 * for a whole rate's steps. */
void app_sweep_chunk(struct app *a)
{
	char err[FP_ERRLEN], t1[32], t2[32], t3[32];
	struct layout_sweep *w = a->sweep;
	struct fit *f = a->f;
	double t0 = fp_now();
	size_t most = a->budget > 0 ? 1 : w->steps;
	while (w->done < w->n) {
		struct lab_sweep_row *row = &w->row[w->done];
		double lr = row->lr;
		if (!a->sweep_fit_on) {
			if (lab_sweep_begin(f, f->theta0, lr, &a->sweep_fit, row, err) != FP_OK) {
				memset(row, 0, sizeof *row);
				row->lr = lr;
				row->start_loss = f->loss_value;
				row->loss = row->last_finite = INFINITY;
				row->overflowed = 1;
				w->done++;
				continue;
			}
			a->sweep_fit_on = 1;
		}
		if (lab_sweep_more(&a->sweep_fit, row, w->steps, most)) {
			lab_sweep_end(&a->sweep_fit, row);
			a->sweep_fit_on = 0;
			w->done++;
		}
		if (a->budget > 0 && fp_now() - t0 > a->budget)
			break;
	}
	if (w->done < w->n)
		return;
	a->sweep_active = 0;
	lab_sweep_judge(w->row, w->n, f->has_best, f->best_loss, &w->best);
	w->judged = 1;
	if (lab_sweep_first_converged(w->row, w->n, &w->conv_from) != 0)
		w->conv_from = 0;
	if (lab_sweep_diverge_from(w->row, w->n, &w->div_from) != 0)
		w->div_from = 0;
	char c[64] = "none converges", d[64] = "none diverges";
	if (w->conv_from > 0)
		snprintf(c, sizeof c, "crawling below %s", fp_fmt(t1, sizeof t1, w->conv_from, 3));
	if (w->div_from > 0)
		snprintf(d, sizeof d, "diverging from %s", fp_fmt(t2, sizeof t2, w->div_from, 3));
	app_say_role(a, 0, "sweep of %zu rates, %zu steps each from the start: %s, %s; lr now %s",
		     w->n, w->steps, c, d, fp_fmt(t3, sizeof t3, f->lr, 4));
}

void app_sweep_start(struct app *a)
{
	char err[FP_ERRLEN];
	struct fit *f = a->f;
	struct layout_sweep *w = a->sweep ? a->sweep : fp_calloc(1, sizeof *w);
	if (!w) {
		app_say_role(a, RR_BAD, "out of memory");
		return;
	}
	app_sweep_run_drop(a);
	memset(w, 0, sizeof *w);
	a->sweep = w;
	a->v.sweep = w;
	struct lab_limit lim;
	double lo = 1e-4, hi = 1, rate[LAYOUT_SWEEP_N];
	/* Live, the gauge's estimate will do for a range (a fresh one from cold takes
	 * seconds on a big table); headless, the same estimate every run. */
	int have = a->budget > 0 && a->lim_state == 1;
	if (have)
		lim = a->lim;
	else
		have = lab_limit_for_fit(f, &lim, err) == FP_OK;
	if (have && isfinite(lim.limit) && lim.limit > 0) {
		lo = lim.limit / 100; /* crawling, the valley, divergence */
		hi = lim.limit * 2;
	}
	w->n = LAYOUT_SWEEP_N;
	w->steps = a->cfg->output.steps ? a->cfg->output.steps : 100;
	if (lab_sweep_rates(lo, hi, w->n, rate, err) != FP_OK) {
		app_say_role(a, RR_BAD, "sweep: %s", err);
		w->n = 0;
		return;
	}
	for (size_t i = 0; i < w->n; i++)
		w->row[i].lr = rate[i];
	a->sweep_active = 1;
	a->v.autorun = 0;
	view_set(&a->v, a->f, &view_sweep);
	if (a->budget <= 0)
		app_sweep_chunk(a);
	else
		app_say_role(a, 0, "sweep: %zu rates, %zu steps each from the start...", w->n,
			     w->steps);
}

/* [ and ]: step through the run's snapshots; past the newest is live again. */
void app_scrub(struct app *a, int dir)
{
	struct fit *f = a->f;
	size_t n = f->trace_n, i;
	unsigned long st = 0;
	a->v.autorun = 0;
	if (n)
		fit_trace_get(f, n - 1, &st, NULL, NULL);
	size_t usable = n && st == f->step ? n - 1 : n; /* snapshots before "now" */
	if (!a->v.replay) {
		if (dir > 0) {
			app_say_role(a, 0, "this is the live run: [ goes back through it");
			return;
		}
		if (!usable) {
			app_say_role(a, RR_WARN,
				     "nothing to replay yet: take some steps first (Space, g)");
			return;
		}
		i = usable - 1;
	} else {
		i = a->v.replay - 1;
		if (dir < 0) {
			if (i == 0) {
				app_say_role(a, 0, "the start of the run: ] goes forward");
				return;
			}
			i--;
		} else if (i + 1 >= usable) {
			a->v.replay = 0;
			app_say_role(a, 0, "live again at step %lu", f->step);
			return;
		} else {
			i++;
		}
	}
	a->v.replay = i + 1;
	a->v.replay_n = n;
	a->v.replay_last = f->step;
}

/* The newest kept run becomes ghost 1; the oldest of LAYOUT_GHOSTS is dropped. */
static void ghost_push(struct app *a, const struct layout_ghost *g)
{
	app_ghost_free(&a->ghost[LAYOUT_GHOSTS - 1]);
	memmove(&a->ghost[1], &a->ghost[0], (LAYOUT_GHOSTS - 1) * sizeof a->ghost[0]);
	a->ghost[0] = *g;
}

/* b: keep the run as a ghost and start again from the start (at step 0: drop them). */
void app_ghost_keep(struct app *a)
{
	char t1[32], t2[32];
	struct fit *f = a->f;
	if (f->step == 0) {
		if (a->ghost[0].on) {
			for (size_t k = 0; k < LAYOUT_GHOSTS; k++)
				app_ghost_free(&a->ghost[k]);
			app_say_role(a, 0, "ghosts dropped");
		} else {
			app_say_role(a, RR_WARN,
				     "b keeps a run as a ghost to compare with: run descent first");
		}
		return;
	}
	struct layout_ghost g;
	memset(&g, 0, sizeof g);
	size_t nh = (size_t)(f->step - f->hist_first + 1);
	g.theta = fp_calloc(f->np ? f->np : 1, sizeof *g.theta);
	g.tr = fp_calloc(f->trace_n * f->np + 1, sizeof *g.tr);
	g.hist = fp_calloc(nh, sizeof *g.hist);
	if (!g.theta || !g.tr || !g.hist) {
		app_ghost_free(&g);
		app_say_role(a, RR_BAD, "out of memory");
		return;
	}
	g.on = 1;
	g.model = f->model;
	g.mcfg = f->mcfg;
	g.np = f->np;
	memcpy(g.theta, f->theta, f->np * sizeof *g.theta);
	const double *th;
	for (size_t i = 0; fit_trace_get(f, i, NULL, NULL, &th) == 0; i++)
		memcpy(g.tr + g.n++ * f->np, th, f->np * sizeof *th);
	g.hist_first = f->hist_first;
	for (size_t i = 0; i < nh; i++)
		if (fit_hist_get(f, f->hist_first + i, &g.hist[i]) != 0)
			g.hist[i] = NAN;
	g.hist_n = nh;
	g.steps = f->step;
	g.loss = f->loss_value;
	snprintf(g.label, sizeof g.label, "lr %s %s%s", fp_fmt(t1, sizeof t1, f->lr, 4),
		 f->optim ? f->optim->name : "gd", f->accumulate ? " notebook" : "");
	snprintf(g.said, sizeof g.said, "%s%s lr %s %s %s", f->optim ? f->optim->name : "gd",
		 f->accumulate ? " notebook" : "", t1, loss_label(f->loss),
		 fp_fmt(t2, sizeof t2, g.loss, 4));
	ghost_push(a, &g);
	a->v.lm_n = 0;
	a->v.autorun = 0;
	fit_reset(f);
	app_say_role(
	    a, RR_GOOD,
	    "ghost kept (%s, %lu steps, %s %s); back at the start: change the rate (< >) or "
	    "optimizer (o) and run again",
	    g.label, g.steps, loss_label(f->loss), fp_fmt(t2, sizeof t2, g.loss, 6));
}
