/* SPDX-License-Identifier: GPL-3.0-or-later */
/* lab-sweep.c: the learning-rate sweep: the same steps from the same start for rates
 * on a log scale, each judged converged, crawling or diverged. */
#include <math.h>
#include <string.h>

#include "lab.h"
#include "util.h"

const char *lab_verdict_name(enum lab_verdict v)
{
	switch (v) {
	case LAB_CONVERGED:
		return "converged";
	case LAB_CRAWLING:
		return "crawling";
	case LAB_DIVERGED:
		return "diverged";
	}
	return "";
}

int lab_sweep_rates(double lo, double hi, size_t n, double *rate, char *err)
{
	if (!isfinite(lo) || !isfinite(hi) || !(lo > 0) || !(hi > 0))
		return fp_err(err, FP_EINPUT, "sweep rates must be finite numbers > 0");
	if (lo > hi)
		return fp_err(err, FP_EINPUT, "sweep: LO must not be above HI");
	if (n < 1 || n > LAB_SWEEP_MAX)
		return fp_err(err, FP_EINPUT, "sweep: the number of rates must be 1 to %d",
			      LAB_SWEEP_MAX);
	double a = log(lo), b = log(hi);
	for (size_t i = 0; i < n; i++)
		rate[i] = n == 1 ? lo : exp(a + (b - a) * (double)i / (double)(n - 1));
	rate[0] = lo;
	if (n > 1)
		rate[n - 1] = hi;
	return FP_OK;
}

int lab_sweep_begin(const struct fit *f, const double *start, double lr, struct fit *g,
		    struct lab_sweep_row *row, char *err)
{
	memset(row, 0, sizeof *row);
	row->lr = lr;
	int rc = fit_init(g, f->data, f->model, &f->mcfg, f->loss, f->optim, lr,
			  start ? start : f->theta, err);
	if (rc)
		return rc;
	g->ocfg = f->ocfg;
	g->accumulate = f->accumulate;
	row->start_loss = row->tail[0] = row->tail[1] = g->loss_value;
	return FP_OK;
}

/* Where a run of `steps` steps notes tail[j]: (2 - j) tenths of them (at least one
 * step each) before the end, or at the start. */
static size_t tail_mark(size_t steps, int j)
{
	size_t k = steps / LAB_TAIL_DIV;
	if (k < 1)
		k = 1;
	k *= (size_t)(2 - j);
	return steps > k ? steps - k : 0;
}

int lab_sweep_more(struct fit *g, struct lab_sweep_row *row, size_t steps, size_t most)
{
	size_t want = steps > row->steps ? steps - row->steps : 0;
	for (int j = 0; j < 2; j++) { /* stop at each mark to note the loss there */
		size_t mark = tail_mark(steps, j);
		if (row->steps < mark && want > mark - row->steps)
			want = mark - row->steps;
	}
	if (want > most)
		want = most;
	size_t did = fit_step(g, want);
	row->steps += did;
	for (int j = 0; j < 2 && did; j++)
		if (row->steps == tail_mark(steps, j))
			row->tail[j] = g->loss_value;
	return did < want || row->steps >= steps || g->trend == FIT_TREND_DIVERGED;
}

void lab_sweep_end(struct fit *g, struct lab_sweep_row *row)
{
	row->last_finite = g->loss_value;
	row->overflowed = g->trend == FIT_TREND_DIVERGED;
	row->loss = row->overflowed ? INFINITY : g->loss_value;
	row->verdict = row->overflowed ? LAB_DIVERGED : LAB_CRAWLING;
	fit_done(g);
}

int lab_sweep_run(const struct fit *f, const double *start, double lr, size_t steps,
		  struct lab_sweep_row *row, char *err)
{
	struct fit g;
	int rc = lab_sweep_begin(f, start, lr, &g, row, err);
	if (rc)
		return rc;
	while (!lab_sweep_more(&g, row, steps, steps))
		;
	lab_sweep_end(&g, row);
	return FP_OK;
}

void lab_sweep_judge(struct lab_sweep_row *rows, size_t n, int has_best, double best_loss,
		     double *best)
{
	double b = has_best ? best_loss : INFINITY;
	if (!has_best)
		for (size_t i = 0; i < n; i++)
			if (!rows[i].overflowed && rows[i].loss <= rows[i].start_loss &&
			    rows[i].loss < b)
				b = rows[i].loss;
	for (size_t i = 0; i < n; i++) {
		struct lab_sweep_row *r = &rows[i];
		/* Against the sweep's own best, the best run is within 1% of itself: it
		 * must also be near where its own fall is heading (see lab.h). */
		int settled = has_best;
		if (!has_best) {
			double f1 = fabs(r->tail[0] - r->tail[1]), f2 = fabs(r->tail[1] - r->loss);
			double q = f2 == 0 ? 0 : f1 > 0 ? f2 / f1 : INFINITY;
			double more = q < 1 ? f2 * q / (1 - q) : INFINITY;
			double fall = r->start_loss - r->loss;
			settled =
			    fall > 0 && (f2 <= LAB_FLAT_SHARE * fall ||
					 (q < 1 && more <= LAB_CONVERGED_GAP * (fall + more)));
		}
		if (r->overflowed || !(r->loss <= r->start_loss))
			r->verdict = LAB_DIVERGED;
		else if (r->loss - b <= LAB_CONVERGED_GAP * (r->start_loss - b) && settled)
			r->verdict = LAB_CONVERGED;
		else
			r->verdict = LAB_CRAWLING;
	}
	if (best)
		*best = b;
}

int lab_sweep(const struct fit *f, const double *start, double lo, double hi, size_t n,
	      size_t steps, struct lab_sweep_row *rows, char *err)
{
	double rate[LAB_SWEEP_MAX];
	int rc = lab_sweep_rates(lo, hi, n, rate, err);
	if (rc)
		return rc;
	for (size_t i = 0; i < n; i++) {
		rc = lab_sweep_run(f, start, rate[i], steps, &rows[i], err);
		if (rc)
			return rc;
	}
	lab_sweep_judge(rows, n, f->has_best, f->best_loss, NULL);
	return FP_OK;
}

int lab_sweep_diverge_from(const struct lab_sweep_row *rows, size_t n, double *lr)
{
	if (n == 0 || rows[n - 1].verdict != LAB_DIVERGED)
		return -1;
	size_t i = n - 1;
	while (i > 0 && rows[i - 1].verdict == LAB_DIVERGED)
		i--;
	*lr = rows[i].lr;
	return 0;
}

int lab_sweep_first_converged(const struct lab_sweep_row *rows, size_t n, double *lr)
{
	for (size_t i = 0; i < n; i++)
		if (rows[i].verdict == LAB_CONVERGED) {
			*lr = rows[i].lr;
			return 0;
		}
	return -1;
}

int lab_descent_steps_to(const struct fit *f, const double *start, double target, size_t max_steps,
			 size_t *steps, char *err)
{
	struct fit g;
	*steps = (size_t)-1;
	int rc = fit_init(&g, f->data, f->model, &f->mcfg, f->loss, f->optim, f->lr,
			  start ? start : f->theta, err);
	if (rc)
		return rc;
	g.ocfg = f->ocfg;
	g.accumulate = f->accumulate;
	size_t done = 0;
	while (g.loss_value > target && done < max_steps) {
		if (fit_step(&g, 1) != 1)
			break; /* diverged */
		done++;
	}
	if (g.loss_value <= target)
		*steps = done;
	fit_done(&g);
	return FP_OK;
}
