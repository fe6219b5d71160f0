/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fit.c: one fitting session: descent steps with divergence detection, the loss
 * history, the closed forms, and what descent is doing in words. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "fit.h"
#include "solve-job.h"
#include "solve.h"
#include "util.h"

#define FIT_CRAWL_GAP	  0.005 /* crawling: the gap to the best shrinks < 0.5% a step */
#define FIT_CRAWL_REL	  1e-4	/* crawling (best unknown): loss falls < 0.01% a step */
#define FIT_NEAR_BEST	  1e-4	/* converged: within this fraction of the best loss */
#define FIT_FAR_FROM_BEST 0.05	/* crawling only when the gap is above 5% of the best */

static int closed_defer;

void fit_closed_defer(int on)
{
	closed_defer = on != 0;
}

static void closed_cancel(struct fit *f)
{
	solve_job_cancel(f->closed_job);
	f->closed_job = NULL;
}

static void closed_take(struct fit *f, const struct solve_closed *r)
{
	f->closed_pending = 0;
	if (r->lsq_rc == FP_OK) {
		f->has_best = 1;
		f->best_loss = r->mse;
		f->rank = r->rank;
	}
	if (r->eig_rc == FP_OK) {
		f->has_limit = 1;
		f->lr_limit = r->limit;
		f->lam_min = r->lam_min;
	}
}

static void closed_compute(struct fit *f)
{
	char err[FP_ERRLEN];
	struct solve_closed r;
	closed_cancel(f);
	if (solve_closed(f->model, &f->mcfg, f->data, f->best, f->collinear, NULL, &r, err) !=
	    FP_OK)
		r.lsq_rc = r.eig_rc = FP_EFAIL;
	closed_take(f, &r);
}

static void closed_forms(struct fit *f)
{
	closed_cancel(f);
	f->has_best = f->has_limit = 0;
	f->closed_pending = 0;
	f->rank = 0;
	if (f->collinear)
		memset(f->collinear, 0, f->np);
	if (!f->model->linear || f->loss != LOSS_MSE || !f->best || !f->collinear)
		return;
	if (closed_defer && solve_closed_cost(f->data->n, f->np) > FIT_CLOSED_QUICK) {
		f->closed_pending = 1; /* fit_closed_poll starts it */
		return;
	}
	closed_compute(f);
}

int fit_closed_poll(struct fit *f)
{
	if (!f->closed_pending)
		return 0;
	if (!f->closed_job) {
		char err[FP_ERRLEN];
		f->closed_job = solve_job_start(f->model, &f->mcfg, f->data, f->np, err);
		if (!f->closed_job) { /* no fork: compute here, as without the explorer */
			closed_compute(f);
			return 1;
		}
		return 0;
	}
	struct solve_closed r;
	if (!solve_job_poll(f->closed_job, f->best, f->collinear, &r))
		return 0;
	f->closed_job = NULL; /* freed by the poll */
	closed_take(f, &r);
	return 1;
}

void fit_closed_wait(struct fit *f)
{
	if (f->closed_pending)
		closed_compute(f);
}

void fit_rank_text(const struct fit *f, char *buf, size_t len)
{
	buf[0] = 0;
	if (!f->has_best || f->rank >= f->np || len < 8)
		return;
	snprintf(buf, len, "rank ");
	solve_rank_text(f->model, &f->mcfg, f->data->n, f->np, f->rank, f->collinear, buf + 5,
			len - 5);
}

static void trace_push(struct fit *f)
{
	if (f->step % f->trace_stride != 0)
		return;
	if (f->trace_n && f->trace_step[f->trace_n - 1] == f->step)
		f->trace_n--; /* the same step again (a manual change): replace it */
	if (f->trace_n == f->trace_cap) {
		/* Keep every other snapshot, the first one included; double the stride. */
		size_t j = 0;
		for (size_t i = 0; i < f->trace_n; i += 2, j++) {
			f->trace_step[j] = f->trace_step[i];
			f->trace_loss[j] = f->trace_loss[i];
			memcpy(f->trace_theta + j * f->np, f->trace_theta + i * f->np,
			       f->np * sizeof(double));
		}
		f->trace_n = j;
		f->trace_stride *= 2;
		if (f->step % f->trace_stride != 0)
			return;
	}
	f->trace_step[f->trace_n] = f->step;
	f->trace_loss[f->trace_n] = f->loss_value;
	memcpy(f->trace_theta + f->trace_n * f->np, f->theta, f->np * sizeof(double));
	f->trace_n++;
}

static void trace_clear(struct fit *f)
{
	f->trace_n = 0;
	f->trace_stride = 1;
	trace_push(f);
}

int fit_trace_get(const struct fit *f, size_t i, unsigned long *step, double *loss,
		  const double **theta)
{
	if (i >= f->trace_n)
		return -1;
	if (step)
		*step = f->trace_step[i];
	if (loss)
		*loss = f->trace_loss[i];
	if (theta)
		*theta = f->trace_theta + i * f->np;
	return 0;
}

int fit_has_valid(const struct fit *f)
{
	return f->data && f->data->valid && f->data->valid->n > 0;
}

double fit_valid_loss_at(const struct fit *f, const double *theta)
{
	if (!fit_has_valid(f))
		return NAN;
	double v = model_loss_grad(f->model, &f->mcfg, theta, f->data->valid, f->loss, NULL);
	return isfinite(v) ? v : NAN;
}

/* The validation loss at f->theta into the session (before the history records it). */
static void valid_update(struct fit *f)
{
	f->valid_loss = fit_valid_loss_at(f, f->theta);
}

int fit_vhist_get(const struct fit *f, unsigned long step, double *v)
{
	if (!fit_has_valid(f) || step < f->hist_first || step > f->step)
		return -1;
	*v = f->vhist[step % FIT_HIST_MAX];
	return 0;
}

void fit_valid_explain(const struct fit *f, char *buf, size_t len)
{
	char up[32], lo[32];
	double low = f->valid_low;
	buf[0] = 0;
	if (!fit_has_valid(f) || !isfinite(low) || !(low > 0) || f->valid_low_step >= f->step ||
	    !(f->valid_loss > low * (1 + FIT_OVERFIT_RISE)))
		return;
	snprintf(buf, len,
		 "held-back loss up %s%% from its lowest (%s, step %lu): learning the training "
		 "points, not the curve",
		 fp_fmt(up, sizeof up, 100 * (f->valid_loss / low - 1), 3),
		 fp_fmt(lo, sizeof lo, low, 4), f->valid_low_step);
}

static void hist_clear(struct fit *f)
{
	f->hist_first = f->step;
	f->hist[f->step % FIT_HIST_MAX] = f->loss_value;
	f->vhist[f->step % FIT_HIST_MAX] = f->valid_loss;
	f->valid_low = f->valid_loss;
	f->valid_low_step = f->step;
}

static void hist_push(struct fit *f)
{
	f->hist[f->step % FIT_HIST_MAX] = f->loss_value;
	f->vhist[f->step % FIT_HIST_MAX] = f->valid_loss;
	if (f->valid_loss < f->valid_low || (isnan(f->valid_low) && isfinite(f->valid_loss))) {
		f->valid_low = f->valid_loss;
		f->valid_low_step = f->step;
	}
	if (f->step - f->hist_first >= FIT_HIST_MAX)
		f->hist_first = f->step - FIT_HIST_MAX + 1;
}

int fit_hist_get(const struct fit *f, unsigned long step, double *v)
{
	if (step < f->hist_first || step > f->step)
		return -1;
	*v = f->hist[step % FIT_HIST_MAX];
	return 0;
}

/* The flat floor from the gradient at theta0 (g: np scratch doubles, or the
 * gradient there already when at_start). */
static void grad_floor_set(struct fit *f, double *g, int at_start)
{
	double l, m = 0;
	f->grad_floor = 0;
	if (!at_start &&
	    (!isfinite(l = model_loss_grad(f->model, &f->mcfg, f->theta0, f->data, f->loss, g)) ||
	     !fp_all_finite(g, f->np)))
		return;
	for (size_t i = 0; i < f->np; i++)
		m = fmax(m, fabs(g[i]));
	f->grad_floor = FIT_FLAT_REL * m;
}

int fit_grad_flat(const struct fit *f, size_t i)
{
	return i < f->np && (f->grad[i] == 0 || fabs(f->grad[i]) < f->grad_floor);
}

static void clear_motion(struct fit *f)
{
	f->trend = FIT_TREND_NONE;
	f->rising = 0;
	f->last_rel_drop = 0;
	f->diverged_step = 0;
	f->diverged_what[0] = 0;
	if (f->acc)
		memset(f->acc, 0, f->np * sizeof *f->acc);
	size_t sl = f->optim->state_len(f->np);
	if (sl)
		memset(f->ostate, 0, sl * sizeof *f->ostate);
}

/* Loss and gradient at theta into f; returns 0 if all finite. */
static int evaluate(struct fit *f, const double *theta, double *loss, double *grad)
{
	*loss = model_loss_grad(f->model, &f->mcfg, theta, f->data, f->loss, grad);
	return isfinite(*loss) && fp_all_finite(grad, f->np) ? 0 : -1;
}

int fit_init(struct fit *f, const struct data *data, const struct model_type *type,
	     const struct model_cfg *cfg, enum loss_kind loss, const struct optim_type *optim,
	     double lr, const double *theta0, char *err)
{
	memset(f, 0, sizeof *f);
	if (!data || data->n < 1)
		return fp_err(err, FP_EINPUT, "no data points");
	if (data->d > type->max_d && type->max_d > type->min_d)
		return fp_err(err, FP_EINPUT,
			      "model %s takes at most %zu inputs per row, the data "
			      "has %zu (choose fewer columns with --inputs)",
			      type->name, type->max_d, data->d);
	if (data->d < type->min_d || data->d > type->max_d)
		return fp_err(err, FP_EINPUT,
			      "model %s takes %zu input%s per row, the data has %zu", type->name,
			      type->min_d, type->min_d == 1 ? "" : "s", data->d);
	if (!isfinite(lr) || lr <= 0)
		return fp_err(err, FP_EINPUT, "learning rate must be a finite number > 0");
	f->data = data;
	f->model = type;
	f->mcfg = *cfg;
	f->mcfg.d = data->d;
	f->loss = loss;
	f->optim = optim ? optim : &optim_gd;
	optim_cfg_default(&f->ocfg);
	f->lr = lr;
	f->np = type->nparams(&f->mcfg);
	if (f->np < 1)
		return fp_err(err, FP_EINPUT, "model %s has no coefficients", type->name);
	if (f->np > MODEL_MAX_PARAMS)
		return fp_err(err, FP_EINPUT,
			      "model %s has %zu coefficients with %zu inputs, over "
			      "the limit of %d: use fewer units or fewer inputs (--inputs)",
			      type->name, f->np, data->d, MODEL_MAX_PARAMS);
	size_t np = f->np;
	f->theta = fp_calloc(np, sizeof(double));
	f->theta0 = fp_calloc(np, sizeof(double));
	f->grad = fp_calloc(np, sizeof(double));
	f->acc = fp_calloc(np, sizeof(double));
	f->work = fp_calloc(2 * np, sizeof(double));
	f->ostate = fp_calloc(3 * np, sizeof(double));
	f->best = type->linear ? fp_calloc(np, sizeof(double)) : NULL;
	f->collinear = type->linear ? fp_calloc(np, 1) : NULL;
	f->trace_cap =
	    np <= ((size_t)1 << 22) / FIT_TRACE_MAX ? FIT_TRACE_MAX : ((size_t)1 << 22) / np;
	if (f->trace_cap < 16)
		f->trace_cap = 16;
	f->trace_step = fp_calloc(f->trace_cap, sizeof *f->trace_step);
	f->trace_loss = fp_calloc(f->trace_cap, sizeof *f->trace_loss);
	f->trace_theta = fp_calloc(f->trace_cap * np, sizeof *f->trace_theta);
	if (!f->trace_step || !f->trace_loss || !f->trace_theta || !f->theta || !f->theta0 ||
	    !f->grad || !f->acc || !f->work || !f->ostate ||
	    (type->linear && (!f->best || !f->collinear))) {
		fit_done(f);
		return fp_err(err, FP_EFAIL, "out of memory for a model of %zu coefficients", np);
	}
	if (theta0) {
		if (!fp_all_finite(theta0, np)) {
			fit_done(f);
			return fp_err(err, FP_EINPUT, "starting coefficients must be finite");
		}
		memcpy(f->theta0, theta0, np * sizeof(double));
	} else {
		type->init(&f->mcfg, f->theta0);
	}
	memcpy(f->theta, f->theta0, np * sizeof(double));
	if (evaluate(f, f->theta, &f->loss_value, f->grad) != 0) {
		fit_done(f);
		return fp_err(err, FP_EINPUT,
			      "values too large: the %s overflows at the starting coefficients "
			      "(scale the data down)",
			      loss_label(loss));
	}
	valid_update(f);
	grad_floor_set(f, f->grad, 1);
	closed_forms(f);
	hist_clear(f);
	trace_clear(f);
	return FP_OK;
}

void fit_done(struct fit *f)
{
	closed_cancel(f);
	fp_free(f->collinear);
	fp_free(f->theta);
	fp_free(f->theta0);
	fp_free(f->grad);
	fp_free(f->acc);
	fp_free(f->work);
	fp_free(f->ostate);
	fp_free(f->best);
	fp_free(f->trace_step);
	fp_free(f->trace_loss);
	fp_free(f->trace_theta);
	memset(f, 0, sizeof *f);
}

static int all_zero(const double *v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (v[i] != 0)
			return 0;
	return 1;
}

/* 1 when the model has units and the gradient of every unit's coefficient is exactly
 * zero: all units dead (flat over the data); only coefficients outside the units (a
 * constant) can still move, so a vanishing gradient there is no convergence. */
static int units_dead(const struct fit *f)
{
	size_t in_units = 0;
	if (!f->model->param_unit)
		return 0;
	for (size_t i = 0; i < f->np; i++)
		if (f->model->param_unit(&f->mcfg, i) >= 0) {
			if (f->grad[i] != 0)
				return 0;
			in_units++;
		}
	return in_units > 0;
}

static double norm2(const double *v, size_t n)
{
	double s = 0;
	for (size_t i = 0; i < n; i++)
		s += v[i] * v[i];
	return sqrt(s);
}

/* Name the first non-finite value for the message. */
static void name_bad(struct fit *f, const double *theta, double loss, const double *grad)
{
	char pn[MODEL_NAME_LEN];
	for (size_t i = 0; i < f->np; i++)
		if (!isfinite(theta[i])) {
			f->model->param_name(&f->mcfg, i, pn, sizeof pn);
			snprintf(f->diverged_what, sizeof f->diverged_what, "coefficient %s", pn);
			return;
		}
	if (!isfinite(loss)) {
		snprintf(f->diverged_what, sizeof f->diverged_what, "loss");
		return;
	}
	for (size_t i = 0; i < f->np; i++)
		if (!isfinite(grad[i])) {
			f->model->param_name(&f->mcfg, i, pn, sizeof pn);
			snprintf(f->diverged_what, sizeof f->diverged_what, "gradient of %s", pn);
			return;
		}
	snprintf(f->diverged_what, sizeof f->diverged_what, "value");
}

/* The fraction of the gap to the best loss that one step removes: exact for plain
 * descent on a model linear in theta (the slowest mode: 1 - (1 - lr*lambda_min)^2),
 * else the measured one. */
static double fit_gap_rate(const struct fit *f, double measured)
{
	if (f->has_limit && f->optim == &optim_gd && !f->accumulate && f->lam_min > 0) {
		double q = 1 - f->lr * f->lam_min;
		return 1 - q * q;
	}
	return measured;
}

/* 1 when the loss went from old to now by more than rounding: a real rise. */
static int loss_rose(double old, double now)
{
	return now - old > 1e-12 * fabs(old);
}

static void update_trend(struct fit *f, double old)
{
	double now = f->loss_value;
	int rose = loss_rose(old, now);
	f->rising = rose ? f->rising + 1 : 0;
	f->last_rel_drop = old > 0 ? (old - now) / old : 0;
	if (f->rising >= FIT_RISE_WARN) {
		f->trend = FIT_TREND_DIVERGING;
		return;
	}
	if (f->has_best) {
		double gap = now - f->best_loss, oldgap = old - f->best_loss;
		double tol = FIT_NEAR_BEST * f->best_loss + 1e-12;
		f->trend = now < old ? FIT_TREND_FALLING : FIT_TREND_CRAWLING;
		if (gap <= tol)
			f->trend = FIT_TREND_CONVERGED;
		else if (rose)
			f->trend = FIT_TREND_RISING;
		else if (now <= old && oldgap > 0 && gap > FIT_FAR_FROM_BEST * f->best_loss)
			if (fit_gap_rate(f, (oldgap - gap) / oldgap) < FIT_CRAWL_GAP)
				f->trend = FIT_TREND_CRAWLING;
		return;
	}
	double gn = norm2(f->grad, f->np);
	if ((all_zero(f->grad, f->np) || units_dead(f)) && now > 0)
		f->trend = FIT_TREND_NO_GRADIENT;
	else if (gn <= 1e-7 * (1 + now) || now == 0)
		f->trend = FIT_TREND_CONVERGED;
	else if (rose)
		f->trend = FIT_TREND_RISING;
	else if (!(now < old) || (f->last_rel_drop < FIT_CRAWL_REL && !f->accumulate))
		f->trend = FIT_TREND_CRAWLING;
	else
		f->trend = FIT_TREND_FALLING;
}

size_t fit_step(struct fit *f, size_t n)
{
	if (f->trend == FIT_TREND_DIVERGED)
		return 0;
	size_t np = f->np, done = 0;
	double *old = f->work, *newgrad = f->work + np;
	for (; done < n; done++) {
		const double *g = f->grad;
		if (f->accumulate) {
			for (size_t i = 0; i < np; i++)
				f->acc[i] += f->grad[i];
			g = f->acc;
		}
		memcpy(old, f->theta, np * sizeof *old);
		f->optim->step(&f->ocfg, f->ostate, f->theta, g, np, f->lr, f->step + 1);
		double loss = NAN;
		int bad = !fp_all_finite(f->theta, np);
		if (!bad)
			bad = evaluate(f, f->theta, &loss, newgrad) != 0;
		if (bad) {
			name_bad(f, f->theta, loss, newgrad);
			memcpy(f->theta, old, np * sizeof *old);
			if (f->accumulate)
				for (size_t i = 0; i < np; i++)
					f->acc[i] -= f->grad[i];
			f->trend = FIT_TREND_DIVERGED;
			f->diverged_step = f->step + 1;
			break;
		}
		double prev = f->loss_value;
		f->loss_value = loss;
		memcpy(f->grad, newgrad, np * sizeof *newgrad);
		valid_update(f);
		f->step++;
		hist_push(f);
		trace_push(f);
		update_trend(f, prev);
	}
	return done;
}

int fit_set_theta(struct fit *f, const double *theta, char *err)
{
	double loss;
	double *newgrad = f->work + f->np;
	if (!fp_all_finite(theta, f->np))
		return fp_err(err, FP_EINPUT, "coefficients must be finite");
	if (evaluate(f, theta, &loss, newgrad) != 0)
		return fp_err(err, FP_EINPUT, "values too large: the loss overflows there");
	if (theta != f->theta)
		memmove(f->theta, theta, f->np * sizeof *theta);
	memcpy(f->grad, newgrad, f->np * sizeof *newgrad);
	f->loss_value = loss;
	valid_update(f);
	clear_motion(f);
	hist_push(f);
	trace_clear(f);
	return FP_OK;
}

void fit_reset(struct fit *f)
{
	memcpy(f->theta, f->theta0, f->np * sizeof *f->theta);
	evaluate(f, f->theta, &f->loss_value, f->grad);
	valid_update(f);
	f->step = 0;
	clear_motion(f);
	hist_clear(f);
	trace_clear(f);
}

int fit_set_lr(struct fit *f, double lr, char *err)
{
	if (!isfinite(lr) || lr <= 0)
		return fp_err(err, FP_EINPUT, "learning rate must be a finite number > 0");
	f->lr = lr;
	if (f->trend == FIT_TREND_DIVERGED || f->trend == FIT_TREND_DIVERGING)
		f->trend = FIT_TREND_NONE;
	f->rising = 0;
	return FP_OK;
}

int fit_set_loss(struct fit *f, enum loss_kind loss, char *err)
{
	enum loss_kind old = f->loss;
	f->loss = loss;
	double v;
	double *newgrad = f->work + f->np;
	if (evaluate(f, f->theta, &v, newgrad) != 0) {
		f->loss = old;
		return fp_err(err, FP_EINPUT, "values too large: the %s overflows",
			      loss_label(loss));
	}
	f->loss_value = v;
	memcpy(f->grad, newgrad, f->np * sizeof *newgrad);
	valid_update(f);
	grad_floor_set(f, newgrad, 0);
	clear_motion(f);
	closed_forms(f);
	hist_clear(f);
	trace_clear(f);
	return FP_OK;
}

void fit_set_accumulate(struct fit *f, int on)
{
	f->accumulate = on != 0;
	memset(f->acc, 0, f->np * sizeof *f->acc);
	f->rising = 0;
	if (f->trend != FIT_TREND_DIVERGED)
		f->trend = FIT_TREND_NONE;
}

void fit_set_optim(struct fit *f, const struct optim_type *o)
{
	f->optim = o ? o : &optim_gd;
	clear_motion(f);
}

int fit_data_changed(struct fit *f, char *err)
{
	double v;
	double *newgrad = f->work + f->np;
	if (evaluate(f, f->theta, &v, newgrad) != 0)
		return fp_err(err, FP_EINPUT, "values too large: the loss overflows");
	f->loss_value = v;
	memcpy(f->grad, newgrad, f->np * sizeof *newgrad);
	valid_update(f);
	grad_floor_set(f, newgrad, 0);
	clear_motion(f);
	closed_forms(f);
	hist_clear(f);
	trace_clear(f);
	return FP_OK;
}

const char *fit_trend_text(enum fit_trend t)
{
	switch (t) {
	case FIT_TREND_FALLING:
		return "falling";
	case FIT_TREND_DIVERGING:
		return "diverging";
	case FIT_TREND_CRAWLING:
		return "crawling";
	case FIT_TREND_CONVERGED:
		return "converged";
	case FIT_TREND_NO_GRADIENT:
		return "zero gradient";
	case FIT_TREND_DIVERGED:
		return "DIVERGED";
	case FIT_TREND_RISING:
		return "rose";
	default:
		return "";
	}
}

/* Why the last step raised the loss: the rate against the limit where it is known
 * and plain descent ran, else what the rule or the optimizer does. */
static void fit_rise_explain(const struct fit *f, char *buf, size_t len)
{
	char lr[32], lim[32], up[32];
	fp_fmt(lr, sizeof lr, f->lr, 4);
	fp_fmt(lim, sizeof lim, f->lr_limit, 4);
	fp_fmt(up, sizeof up, -100 * f->last_rel_drop, 3);
	if (f->accumulate)
		snprintf(buf, len,
			 "rose: loss up %s%% in the last step; the notebook's rule adds up old "
			 "gradients, the steps grow and overshoot (u: correct descent)",
			 up);
	else if (f->optim != &optim_gd && f->has_limit)
		snprintf(buf, len,
			 "rose: loss up %s%% in the last step; %s at lr %s overshoots the "
			 "valley (plain descent's limit is %s); < lowers the rate",
			 up, f->optim->name, lr, lim);
	else if (f->optim != &optim_gd)
		snprintf(buf, len,
			 "rose: loss up %s%% in the last step; %s at lr %s overshoots the "
			 "valley; < lowers the rate",
			 up, f->optim->name, lr);
	else if (f->has_limit && f->lr > f->lr_limit)
		snprintf(buf, len,
			 "rose: loss up %s%%: lr %s is above the limit %s, each step overshoots "
			 "the valley; < lowers it",
			 up, lr, lim);
	else
		snprintf(buf, len,
			 "rose: loss up %s%% in the last step at lr %s: the step overshot; < "
			 "lowers the rate",
			 up, lr);
}

void fit_trend_explain(const struct fit *f, char *buf, size_t len)
{
	char lr[32], lim[32], v[32];
	fp_fmt(lr, sizeof lr, f->lr, 4);
	fp_fmt(lim, sizeof lim, f->lr_limit, 4);
	switch (f->trend) {
	case FIT_TREND_DIVERGED:
		if (f->has_limit)
			snprintf(buf, len,
				 "DIVERGED at step %lu (%s overflowed): lr %s %s the limit %s; "
				 "r resets, < lowers the rate",
				 f->diverged_step, f->diverged_what, lr,
				 f->lr > f->lr_limit ? "is above" : "is below", lim);
		else
			snprintf(
			    buf, len,
			    "DIVERGED at step %lu (%s overflowed) at lr %s; r resets, < lowers "
			    "the rate",
			    f->diverged_step, f->diverged_what, lr);
		break;
	case FIT_TREND_DIVERGING:
		if (f->has_limit && f->lr > f->lr_limit)
			snprintf(buf, len,
				 "diverging: loss rose %u steps in a row; lr %s is above the limit "
				 "%s, each step overshoots the valley; < lowers it",
				 f->rising, lr, lim);
		else if (f->accumulate)
			snprintf(buf, len,
				 "diverging: loss rose %u steps in a row; the notebook's rule adds "
				 "up old gradients and overshoots (u: correct descent)",
				 f->rising);
		else
			snprintf(buf, len,
				 "diverging: loss rose %u steps in a row at lr %s; < lowers it",
				 f->rising, lr);
		break;
	case FIT_TREND_CRAWLING:
		if (f->has_limit) {
			double rate = fit_gap_rate(f, f->last_rel_drop);
			double steps = rate > 0 && rate < 1 ? log(1e-3) / log(1 - rate) : 0;
			snprintf(buf, len,
				 "crawling: lr %s is far below the limit %s; about %s steps to "
				 "converge; > raises it",
				 lr, lim, fp_fmt(v, sizeof v, steps, 2));
		} else
			snprintf(buf, len,
				 "crawling: loss falls %s%% a step; the rate could be larger (>)",
				 fp_fmt(v, sizeof v, 100 * f->last_rel_drop, 2));
		break;
	case FIT_TREND_CONVERGED:
		if (f->has_best)
			snprintf(buf, len, "converged: at the least-squares %s %s",
				 loss_label(f->loss), fp_fmt(v, sizeof v, f->best_loss, 6));
		else
			snprintf(buf, len, "converged: the gradient is (almost) zero");
		break;
	case FIT_TREND_NO_GRADIENT:
		if (!all_zero(f->grad, f->np))
			snprintf(buf, len,
				 "zero gradient for every unit: all ReLUs are dead (0 over the "
				 "data), only the constant moves; r resets");
		else
			snprintf(buf, len,
				 "zero gradient: the loss is flat here (every ReLU unit dead?), "
				 "descent cannot move; r resets");
		break;
	case FIT_TREND_RISING:
		fit_rise_explain(f, buf, len);
		break;
	case FIT_TREND_FALLING:
		snprintf(buf, len, "falling: loss down %s%% in the last step",
			 fp_fmt(v, sizeof v, 100 * f->last_rel_drop, 3));
		break;
	default:
		buf[0] = 0;
	}
}

double fit_lr_ladder(double lr, int dir)
{
	static const double m[3] = {1, 2, 5};
	if (!(lr > 0) || !isfinite(lr))
		return 0.01;
	int e = (int)floor(log10(lr));
	/* Walk the 1-2-5 ladder from one decade below: the first rung beyond lr. */
	if (dir > 0) {
		for (int d = e - 1; d <= e + 1; d++)
			for (int i = 0; i < 3; i++) {
				double v = m[i] * pow(10, d);
				if (v > lr * (1 + 1e-9))
					return v;
			}
	} else {
		for (int d = e + 1; d >= e - 1; d--)
			for (int i = 2; i >= 0; i--) {
				double v = m[i] * pow(10, d);
				if (v < lr * (1 - 1e-9))
					return v;
			}
	}
	return lr;
}

double fit_lr_above(double limit)
{
	if (!(limit > 0) || !isfinite(limit))
		return 0;
	double v = limit * 1.02;
	int e = (int)floor(log10(v)) - 1; /* two significant digits: units of 10^e */
	double k = ceil(v / pow(10, e) * (1 - 1e-12));
	return e < 0 ? k / pow(10, -e) : k * pow(10, e);
}

double fit_lr_ladder_limit(double lr, int dir, double limit)
{
	double base = fit_lr_ladder(lr, dir), s = fit_lr_above(limit);
	if (!(s > 0) || !(lr > 0) || !isfinite(lr))
		return base;
	if (dir > 0 && s > lr * (1 + 1e-9) && s < base * (1 - 1e-9))
		return s;
	if (dir < 0 && s < lr * (1 - 1e-9) && s > base * (1 + 1e-9))
		return s;
	return base;
}
