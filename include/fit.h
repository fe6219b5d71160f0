/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fit.h: one fitting session: data + model + loss + optimizer + learning rate, the
 * coefficients, their loss and gradient, the step count, a bounded loss history, and
 * divergence/crawl detection. Everything the batch mode and the explorer show. */
#ifndef FITPLAY_FIT_H
#define FITPLAY_FIT_H

#include <stddef.h>

#include "data.h"
#include "loss.h"
#include "model.h"
#include "optim.h"

#define FIT_HIST_MAX  4096 /* loss values kept (the most recent ones) */
#define FIT_TRACE_MAX 2048 /* coefficient snapshots kept (thinned by halves when full) */
#define FIT_RISE_WARN 3	   /* losses rising this many steps in a row: "diverging" */

/* What descent is doing, in words (fit_trend_text). */
enum fit_trend {
	FIT_TREND_NONE = 0,    /* no steps yet, or sliders just moved */
	FIT_TREND_FALLING,     /* loss going down at a healthy pace */
	FIT_TREND_DIVERGING,   /* loss rose FIT_RISE_WARN steps in a row */
	FIT_TREND_CRAWLING,    /* loss falls by a tiny fraction per step, far from the best */
	FIT_TREND_CONVERGED,   /* at the best loss, or the gradient vanished there */
	FIT_TREND_NO_GRADIENT, /* gradient exactly zero away from the best (dead units) */
	FIT_TREND_DIVERGED,    /* a non-finite value: stopped, last finite state kept */
	FIT_TREND_RISING,      /* the last step raised the loss (fewer than FIT_RISE_WARN
				* in a row): never called "falling" */
};

/* A gradient below this fraction of the largest gradient at the start (theta0) is
 * rounding noise for its coefficient: the panel reads "flat" (fit_grad_flat). Tied
 * to the start, not to the loss now, so that a diverging run's huge loss cannot
 * raise the floor and hide its real gradients. */
#define FIT_FLAT_REL 1e-12

struct fit {
	const struct data *data;	/* not owned */
	const struct model_type *model; /* the model */
	struct model_cfg mcfg;		/* its configuration */
	enum loss_kind loss;		/* MSE or MAE */
	const struct optim_type *optim; /* gd, momentum, adam */
	struct optim_cfg ocfg;		/* optimizer settings */
	double lr;			/* learning rate (> 0, finite) */
	int accumulate;			/* 1: the notebook's rule, gradients add up */

	size_t np;	    /* number of coefficients */
	double *theta;	    /* coefficients now */
	double *theta0;	    /* the start, for fit_reset */
	double *grad;	    /* true gradient of the loss at theta */
	double *acc;	    /* accumulated gradient (accumulate rule) */
	double *ostate;	    /* optimizer state */
	double *work;	    /* scratch, np doubles */
	double loss_value;  /* loss at theta (always finite) */
	unsigned long step; /* updates applied since the start/reset */

	enum fit_trend trend;	     /* what descent is doing */
	unsigned rising;	     /* consecutive steps the loss rose */
	double last_rel_drop;	     /* relative loss decrease of the last step (< 0: it rose) */
	double grad_floor;	     /* FIT_FLAT_REL x the largest |gradient| at theta0 */
	unsigned long diverged_step; /* the update that produced a non-finite value */
	char diverged_what[64];	     /* "loss", "coefficient a", "gradient of b" */
	int overflow_data;	     /* 1: the loss is non-finite at the start (values too large) */

	int has_best;		      /* 1 when the best loss is known (closed form) */
	double best_loss;	      /* least-squares loss (MSE models linear in theta) */
	double *best;		      /* least-squares coefficients, np doubles, or NULL */
	int has_limit;		      /* 1 when the learning-rate limit is known exactly */
	double lr_limit;	      /* 2/lambda_max of the MSE Hessian */
	double lam_min;		      /* smallest eigenvalue of the MSE Hessian (when has_limit) */
	size_t rank;		      /* numerical rank of the design (when has_best) */
	unsigned char *collinear;     /* np flags (when has_best): 1 for a coefficient whose
				       * input is a combination of others, or NULL */
	int closed_pending;	      /* 1: the closed forms are still to come (fit_closed_poll) */
	struct solve_job *closed_job; /* computing them in the background, or NULL */

	double hist[FIT_HIST_MAX]; /* ring buffer of losses, hist[(step) % MAX] */
	unsigned long hist_first;  /* the oldest step still in hist */

	/* The validation set (--valid): the rows held back from the data (data->valid),
	 * never seen by descent; their loss follows every change of theta. */
	double valid_loss;	      /* the loss on them at theta (NAN: none, or not finite) */
	double vhist[FIT_HIST_MAX];   /* valid_loss step by step, as hist */
	double valid_low;	      /* the lowest valid_loss since the history began (NAN:
				       * none yet), older steps than vhist holds included */
	unsigned long valid_low_step; /* the step it was recorded at */

	/* The trace: snapshots of (step, loss, theta) every trace_stride steps since the
	 * last reset or manual change, at most trace_cap of them; when full every other
	 * one is dropped and the stride doubles, so memory stays flat on long runs. */
	size_t trace_cap;	    /* snapshots that fit */
	size_t trace_n;		    /* snapshots kept */
	unsigned long trace_stride; /* steps between snapshots (a power of two) */
	unsigned long *trace_step;  /* trace_cap steps */
	double *trace_loss;	    /* trace_cap losses */
	double *trace_theta;	    /* trace_cap * np coefficients */
};

/* Start a session on data with model type/cfg, loss, optimizer (NULL = gd), lr.
 * theta0 = NULL uses the model's init. Computes the loss, gradient and closed forms.
 * Returns FP_OK, FP_EINPUT (bad lr, bad sizes, or the loss is not finite at the
 * start: "values too large") or FP_EFAIL (no memory). On failure *f is left empty. */
int fit_init(struct fit *f, const struct data *data, const struct model_type *type,
	     const struct model_cfg *cfg, enum loss_kind loss, const struct optim_type *optim,
	     double lr, const double *theta0, char *err);
/* Free what the session owns. Safe on a zeroed or failed session. */
void fit_done(struct fit *f);

/* Run up to n updates. Each update: acc = grad (or acc += grad), theta -= optimizer,
 * then the loss and true gradient at the new theta. The first non-finite loss,
 * coefficient or gradient stops the run with the previous (finite) state kept.
 * Returns the number of updates applied; f->trend == FIT_TREND_DIVERGED tells a stop. */
size_t fit_step(struct fit *f, size_t n);

/* Coefficients were changed by hand (f->theta): recompute the loss and gradient,
 * clear the accumulated gradient and the trend. Returns FP_OK, or FP_EINPUT when
 * the loss is not finite there (the previous theta is restored). */
int fit_set_theta(struct fit *f, const double *theta, char *err);
/* Back to theta0, step 0, history cleared. */
void fit_reset(struct fit *f);
/* Change the learning rate (finite, > 0). Returns FP_OK or FP_EINPUT. */
int fit_set_lr(struct fit *f, double lr, char *err);
/* Change the loss; recomputes loss, gradient and closed forms. */
int fit_set_loss(struct fit *f, enum loss_kind loss, char *err);
/* Switch the update rule (0 correct, 1 the notebook's accumulating gradients). */
void fit_set_accumulate(struct fit *f, int on);
/* Change the optimizer (its state is cleared). */
void fit_set_optim(struct fit *f, const struct optim_type *o);
/* The data changed in place (same n, new noise): recompute loss, gradient, best. */
int fit_data_changed(struct fit *f, char *err);

/* Process-wide, off by default: when on, fit_init, fit_set_loss and
 * fit_data_changed leave closed forms that would take more than a moment
 * (solve_closed_cost above FIT_CLOSED_QUICK) pending (f->closed_pending) instead of
 * computing them at once; fit_closed_poll then computes them in the background. For
 * the explorer on a terminal; batch runs, --info and key scripts keep it off. */
#define FIT_CLOSED_QUICK 3e7
void fit_closed_defer(int on);
/* Pending closed forms: start their background job if none runs, take its answer
 * when it is there. Never blocks. Returns 1 when the answer (or its failure) just
 * arrived (has_best, has_limit, rank ... are now final), else 0. */
int fit_closed_poll(struct fit *f);
/* Pending closed forms computed now (a running job is cancelled first). */
void fit_closed_wait(struct fit *f);
/* One line for people on the design's rank when least squares knows the inputs are
 * collinear or too few: "rank 2 of 3 (collinear: a, b, c)"; "" when full rank or
 * unknown. */
void fit_rank_text(const struct fit *f, char *buf, size_t len);

/* Loss recorded at `step` (if still in the history). Returns 0 and *v, or -1. */
int fit_hist_get(const struct fit *f, unsigned long step, double *v);
/* 1 when the session's data has a validation set (held-back rows), else 0. */
int fit_has_valid(const struct fit *f);
/* The loss (f->loss) on the validation set at theta, without touching the session;
 * NAN when there is none or it is not finite. */
double fit_valid_loss_at(const struct fit *f, const double *theta);
/* The validation loss recorded at `step`, as fit_hist_get (-1 also when there is no
 * validation set). */
int fit_vhist_get(const struct fit *f, unsigned long step, double *v);
/* With a validation set whose loss has climbed more than FIT_OVERFIT_RISE above its
 * lowest since the history began (valid_low, at an earlier step): what that means, in words, into
 * buf
 * ("held-back loss up 115% from its lowest (3.26, step 632): learning the training
 * points, not the curve"); else "". */
#define FIT_OVERFIT_RISE 0.1
void fit_valid_explain(const struct fit *f, char *buf, size_t len);

/* Snapshot i (0 = oldest) of the trace: its step, loss and coefficients (a pointer
 * into the session, valid until the next step). Returns 0, or -1 when out of range. */
int fit_trace_get(const struct fit *f, size_t i, unsigned long *step, double *loss,
		  const double **theta);

/* A short phrase for the trend ("diverging", "crawling", ...); "" for NONE. */
const char *fit_trend_text(enum fit_trend t);
/* One line for people explaining the trend with numbers, into buf. */
void fit_trend_explain(const struct fit *f, char *buf, size_t len);

/* Learning-rate ladder 1-2-5: the next rate above/below lr (dir = +1 / -1). */
double fit_lr_ladder(double lr, int dir);
/* The ladder around a known limit (limit > 0 and finite; else fit_lr_ladder): the
 * 1-2-5 rungs plus one stop just above the limit, fit_lr_above(limit), so that one
 * `>` from the rung below the limit reaches a rate that overshoots a little more
 * each step (0.2 -> 0.23 -> 0.5 for the limit 0.2215). */
double fit_lr_ladder_limit(double lr, int dir, double limit);
/* The stop just above a limit: limit x 1.02 rounded up to 2 significant digits
 * (0.2215 -> 0.23; 2% at least, so that it visibly diverges). 0 when limit is not
 * a finite number > 0. */
double fit_lr_above(double limit);

/* 1 when coefficient i's gradient is exactly zero or below f->grad_floor (rounding
 * noise: no direction to show), else 0. */
int fit_grad_flat(const struct fit *f, size_t i);

#endif
