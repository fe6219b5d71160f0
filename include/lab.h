/* SPDX-License-Identifier: GPL-3.0-or-later */
/* lab.h: the learning-rate lab (issue 7), core half: the learning-rate sweep, the
 * learning-rate limit (exact, or estimated from Hessian-vector products), and the
 * loss landscape over two coefficients with the descent path mapped onto it.
 * Pure: no curses, no printing; the explorer and the batch mode draw the results. */
#ifndef FITPLAY_LAB_H
#define FITPLAY_LAB_H

#include <stddef.h>

#include "data.h"
#include "fit.h"
#include "loss.h"
#include "model.h"

/* ---- Learning-rate sweep (src/lab-sweep.c) ---------------------------------------
 * The same number of steps from the same start for n rates spaced evenly on a log
 * scale from lo to hi, with the session's model, loss, optimizer (and settings) and
 * update rule. Each run gets a verdict:
 *   diverged   the run met a non-finite value (stopped), or ended above its start;
 *   converged  it closed at least 99% of the gap from the start to the best loss
 *              (final - best <= LAB_CONVERGED_GAP * (start - best)), and, when the
 *              best is not known but only the sweep's own, it has settled: the same
 *              holds for the floor its own fall is heading for, extrapolated from
 *              its last two tenths of steps as a geometric tail (falls f1 then f2,
 *              q = |f2/f1|: still to come |f2| q/(1 - q); none to come only when
 *              q < 1), or its last tenth fell by at most LAB_FLAT_SHARE of its
 *              whole fall (a floor with jitter). A run that barely moved, still
 *              falling as fast as it started, is not converged for being the
 *              sweep's lowest;
 *   crawling   anything else: still on its way down.
 * The best loss is the closed-form least-squares one when the session knows it
 * (f->has_best), else the lowest final loss of the sweep's runs that did not diverge.
 * For the explorer (which must not block) the sweep can be run one rate at a time:
 * lab_sweep_rates, then lab_sweep_run per rate (one per frame), then
 * lab_sweep_judge once; lab_sweep does the three in one call. */

#define LAB_CONVERGED_GAP 0.01 /* converged: within 1% of the start's gap to the best */
#define LAB_TAIL_DIV	  10   /* settled: judged on the last two tenths of the steps */
#define LAB_FLAT_SHARE                                                                             \
	1e-3		   /* ... or flat: the last tenth fell <= 0.1% of the fall                 \
				      (so as many steps again, falling as fast, would              \
				      bring it 1% further at most) */
#define LAB_SWEEP_MAX 1000 /* most rates in one sweep */

enum lab_verdict {
	LAB_CONVERGED = 0, /* reached (almost) the best loss */
	LAB_CRAWLING,	   /* still falling, far from the best */
	LAB_DIVERGED,	   /* overflowed or ended above the start */
};
/* "converged", "crawling", "diverged"; "" when out of range. */
const char *lab_verdict_name(enum lab_verdict v);

/* One run of a sweep. */
struct lab_sweep_row {
	double lr;		  /* the learning rate */
	double start_loss;	  /* loss at the start */
	double loss;		  /* final loss; INFINITY when the run overflowed */
	double last_finite;	  /* the last finite loss (= loss unless overflowed) */
	double tail[2];		  /* the loss two tenths and a tenth of the steps (at
				     least one step each) before the end, or at the start
				     for short runs: the falls that say if it settled */
	size_t steps;		  /* updates applied (fewer than asked when overflowed) */
	int overflowed;		  /* 1: stopped at a non-finite value */
	enum lab_verdict verdict; /* set by lab_sweep_judge */
};

/* n rates evenly spaced in log from lo to hi into rate[0..n-1] (lo when n == 1).
 * Returns FP_OK, or FP_EINPUT (lo, hi not finite > 0, lo > hi, n < 1 or n >
 * LAB_SWEEP_MAX) with a message in err. */
int lab_sweep_rates(double lo, double hi, size_t n, double *rate, char *err);

/* One run: `steps` updates at rate lr from `start` (np coefficients; NULL: the
 * session's current ones) on a private copy of the session's set-up (f is not
 * changed). Fills *row except its verdict. Returns FP_OK, or FP_EINPUT / FP_EFAIL
 * from fit_init (bad rate, overflow at the start, no memory) with a message. */
int lab_sweep_run(const struct fit *f, const double *start, double lr, size_t steps,
		  struct lab_sweep_row *row, char *err);
/* The same run in pieces, for a caller on a time budget: begin sets up *g (a private
 * session) and *row; more applies up to `most` of the `steps` updates and returns 1
 * when the run is over (all done, or diverged); end fills *row and frees *g. Run in
 * pieces or at once, the row is the same. */
int lab_sweep_begin(const struct fit *f, const double *start, double lr, struct fit *g,
		    struct lab_sweep_row *row, char *err);
int lab_sweep_more(struct fit *g, struct lab_sweep_row *row, size_t steps, size_t most);
void lab_sweep_end(struct fit *g, struct lab_sweep_row *row);

/* Verdicts for rows[0..n-1] (see above). *best receives the best loss used (may be
 * NULL; INFINITY when has_best is 0 and no run ended below its start). When has_best
 * is 0 the best is taken from the rows and a converged run must have settled. */
void lab_sweep_judge(struct lab_sweep_row *rows, size_t n, int has_best, double best_loss,
		     double *best);

/* The whole sweep: rates, runs, verdicts into rows[0..n-1] (caller-owned).
 * Returns FP_OK or the first error (message in err). */
int lab_sweep(const struct fit *f, const double *start, double lo, double hi, size_t n,
	      size_t steps, struct lab_sweep_row *rows, char *err);

/* Where divergence begins: the smallest rate of a judged sweep (rows in increasing
 * rate) from which every rate diverges, into *lr. Returns 0, or -1 when the last
 * rate does not diverge. Likewise crawling ends at the first rate that converges:
 * lab_sweep_first_converged returns 0 and *lr, or -1 when none converges. */
int lab_sweep_diverge_from(const struct lab_sweep_row *rows, size_t n, double *lr);
int lab_sweep_first_converged(const struct lab_sweep_row *rows, size_t n, double *lr);

/* How many updates the session's descent (its rate, optimizer, rule) needs from
 * `start` (NULL: the current coefficients) to bring the loss to target or below:
 * "Levenberg-Marquardt took 4 iterations, descent takes 530 steps". Runs on a
 * private copy, at most max_steps updates. Returns FP_OK with *steps set, or with
 * *steps = (size_t)-1 when descent diverges or does not get there; FP_EINPUT /
 * FP_EFAIL from fit_init with a message. */
int lab_descent_steps_to(const struct fit *f, const double *start, double target, size_t max_steps,
			 size_t *steps, char *err);

/* ---- Learning-rate limit (src/lab-hessian.c) -------------------------------------
 * Plain gradient descent is stable below 2/lambda_max, lambda_max the largest
 * eigenvalue of the loss Hessian. For models linear in their coefficients with MSE
 * it is exact (solve_hessian, cached in the session as f->lr_limit). For the others
 * lab_limit_estimate runs power iteration on Hessian-vector products from central
 * gradient differences, H v ~ (g(theta + e v) - g(theta - e v)) / 2e, at the given
 * coefficients: a local estimate, to be labelled as such. With MAE the Hessian is
 * zero almost everywhere, so there is usually no limit (limit = INFINITY). */

#define LAB_LIMIT_MAXITER 200  /* power iterations at most */
#define LAB_LIMIT_TOL	  1e-7 /* stop when the Rayleigh quotient moves less (relative) */

struct lab_limit {
	double lambda_max; /* largest eigenvalue of the Hessian (estimated unless exact) */
	double limit;	   /* 2 / lambda_max; INFINITY when lambda_max <= 0 (no limit) */
	int exact;	   /* 1: from the closed form; 0: an estimate */
	int converged;	   /* estimate: 1 when the power iteration settled */
	size_t iterations; /* estimate: power iterations used (each costs 2 gradients) */
};

/* Estimate at theta (np = t->nparams(cfg) coefficients) for `loss` on d. When the
 * dominant eigenvalue is negative (not a valley here), a shifted second iteration
 * finds the largest one. Returns FP_OK with *out filled (exact = 0), FP_EINPUT (theta
 * not finite, non-finite gradients there) or FP_EFAIL (no memory), message in err. */
int lab_limit_estimate(const struct model_type *t, const struct model_cfg *cfg,
		       const struct data *d, enum loss_kind loss, const double *theta,
		       struct lab_limit *out, char *err);

/* The same, from the direction vec[0..np-1] (the last estimate's, kept by the caller:
 * near the last coefficients a few iterations settle it; NULL or a zero vector: the
 * fixed start) with at most maxiter power iterations (2 gradients each; at least 1),
 * for callers on a time budget. On return vec holds the direction reached, to start
 * the next estimate from (out->converged says whether it settled). */
int lab_limit_estimate_from(const struct model_type *t, const struct model_cfg *cfg,
			    const struct data *d, enum loss_kind loss, const double *theta,
			    double *vec, size_t maxiter, struct lab_limit *out, char *err);

/* The session's limit: exact when f->has_limit, else lab_limit_estimate at f->theta
 * with f->loss. Returns as lab_limit_estimate. */
int lab_limit_for_fit(const struct fit *f, struct lab_limit *out, char *err);

/* The learning-rate gauge for people, into buf (C-locale numbers, 4 digits), e.g.
 * "lr 0.01 = 4.5% of the limit 0.2215", "lr 0.24 is above the limit 0.2215: descent
 * diverges", "lr 0.01 = 23% of the limit ~0.04334 (estimate)", or "no lr limit here
 * (the loss does not curve up)". Returns lr / limit, 0 when there is no limit. */
double lab_limit_gauge(const struct lab_limit *lim, double lr, char *buf, size_t len);

/* ---- Loss landscape (src/lab-landscape.c) ----------------------------------------
 * The loss over two coefficients p (across) and q (up), the others held at their
 * current values, sampled at the centres of a w x h grid of cells: cell (c, r)
 * covers theta_p in [plo + c*dp, plo + (c+1)*dp], dp = (phi - plo)/w, and theta_q
 * in [qhi - (r+1)*dq, qhi - r*dq], dq = (qhi - qlo)/h: row 0 is the top (highest
 * theta_q), as a screen draws it. Only what changed is recomputed: the grid is
 * cached on the model, its configuration, the loss, the data (pointer, size and a
 * checksum of the values), the spec and the held coefficients. How a cell is
 * computed (the fastest exact way the model allows):
 *   QUADFORM  models linear in theta with MSE: the loss is quadratic in theta, one
 *             loss-and-gradient pass plus the cached Gram matrix, O(1) per cell;
 *   SEPARABLE p and q move different units (model_type nunits/unit_eval/param_unit,
 *             one of them may be a coefficient of no unit, such as relus' c): the
 *             predictions split into a column part plus a row part, precomputed,
 *             O(n) additions per cell;
 *   UNIT      p and q belong to the same unit: only that unit is re-evaluated;
 *   RELU      the same, for the ReLU family (relu, relu2, relus:K, whose unit k is
 *             theta[k*stride..] = m_k, b_k[, w_k], see model-relu.c): with the
 *             points sorted by x, a unit w*max(m*x + b, 0) is active on one side
 *             of its kink, so the MSE of a cell comes from prefix sums in
 *             O(log n) (MAE: one tight pass over the points);
 *   RELU_PAIR the ReLU family with MSE when p and q are in different units (or one
 *             in none): SEPARABLE's cross term from prefix sums, O(1) a cell;
 *   GENERIC   a full loss evaluation per cell.
 * The unit strategies are checked against full evaluations at the corner and centre
 * cells before use, and fall back to GENERIC (or UNIT) on any mismatch. */

enum lab_land_strategy {
	LAB_LAND_NONE = 0,
	LAB_LAND_QUADFORM,
	LAB_LAND_SEPARABLE,
	LAB_LAND_UNIT,
	LAB_LAND_RELU,
	LAB_LAND_RELU_PAIR,
	LAB_LAND_GENERIC,
};
/* "quadform", "separable", "unit", "relu", "relu-pair", "generic" ("" for NONE). */
const char *lab_land_strategy_name(enum lab_land_strategy s);

/* What to draw. */
struct lab_land_spec {
	size_t p, q;	 /* coefficient indices, p != q, both < np */
	double plo, phi; /* theta_p range across the grid, plo < phi */
	double qlo, qhi; /* theta_q range up the grid, qlo < qhi */
	size_t w, h;	 /* cells across and up, 1 to LAB_LAND_MAX_SIDE */
};
#define LAB_LAND_MAX_SIDE 4096

/* The grid and its cache. Fields above `priv` are the result, read-only. */
struct lab_landscape {
	struct lab_land_spec spec;	 /* the spec of the values in v */
	double *v;			 /* h*w losses, v[r*w + c]; INFINITY = overflow */
	size_t rows_done;		 /* rows of v computed so far (from the top) */
	double vmin, vmax;		 /* smallest and largest finite value computed */
	enum lab_land_strategy strategy; /* how the cells are computed */
	unsigned long computes;		 /* grids started (cache misses), for tests */
	struct lab_land_priv *priv;	 /* the cache (private) */
};

/* A new, empty landscape (NULL on no memory). Free with lab_landscape_free. */
struct lab_landscape *lab_landscape_alloc(void);
void lab_landscape_free(struct lab_landscape *L);

/* Point the landscape at a model, data, loss and coefficients theta (np values) with
 * spec s. When nothing changed since the last call the cached grid stays (rows_done
 * kept); otherwise the precomputation is done and rows_done is 0. Nothing is
 * retained from the arguments but copies, except the data pointer, which must stay
 * valid until the next call. Returns FP_OK, FP_EINPUT (bad spec, theta not finite)
 * or FP_EFAIL (no memory), with a message in err. */
int lab_landscape_set(struct lab_landscape *L, const struct model_type *t,
		      const struct model_cfg *cfg, const struct data *d, enum loss_kind loss,
		      const double *theta, const struct lab_land_spec *s, char *err);
/* Compute up to max_rows more rows (the explorer spreads a slow grid over frames).
 * Returns the number of rows still missing (0: the grid is complete). */
size_t lab_landscape_rows(struct lab_landscape *L, size_t max_rows);
/* The same by cells, row by row (a grid row of a big table is many loss passes):
 * up to max_cells more. Returns the number of cells still missing. */
size_t lab_landscape_cells(struct lab_landscape *L, size_t max_cells);
/* set, then every row. Returns as lab_landscape_set. */
int lab_landscape_compute(struct lab_landscape *L, const struct model_type *t,
			  const struct model_cfg *cfg, const struct data *d, enum loss_kind loss,
			  const double *theta, const struct lab_land_spec *s, char *err);
/* The same for a session: its model, data, loss and current coefficients. */
int lab_landscape_compute_fit(struct lab_landscape *L, const struct fit *f,
			      const struct lab_land_spec *s, char *err);
/* Forget the cached grid (e.g. the data changed in place and kept its checksum). */
void lab_landscape_invalidate(struct lab_landscape *L);

/* Where theta lands on the grid: *fx in [0, w) across (cell c spans [c, c+1)), *fy in
 * [0, h) down from the top. Returns 1 when inside the grid, 0 outside (the
 * coordinates are still set, possibly outside the ranges, or +-HUGE_VAL). */
int lab_landscape_map(const struct lab_land_spec *s, const double *theta, double *fx, double *fy);
/* The inverse: the coefficient values at grid coordinates (fx, fy). */
void lab_landscape_unmap(const struct lab_land_spec *s, double fx, double fy, double *tp,
			 double *tq);

/* One point of the descent path on the grid. */
struct lab_land_point {
	unsigned long step; /* the step of the snapshot */
	double loss;	    /* its loss */
	double fx, fy;	    /* grid coordinates (lab_landscape_map) */
	int inside;	    /* 1 when on the grid */
};
/* The session's recorded path (fit_trace_get, oldest first), then its current point
 * when the trace does not end on it, mapped into out[0..max-1]. Returns how many
 * points were written. */
size_t lab_landscape_path(const struct lab_land_spec *s, const struct fit *f,
			  struct lab_land_point *out, size_t max);

/* A spec for pair (p, q) of a session, w x h cells: ranges covering the start, the
 * current point, the least-squares point when known, and the recorded path (capped
 * at LAB_LAND_MAX_ZOOM times the start-to-current distance, so that a diverging run
 * does not shrink the valley to a dot), with margins; never narrower than 1 or 20%
 * of the values' size. */
#define LAB_LAND_MAX_ZOOM 8.0
void lab_landscape_auto(const struct fit *f, size_t p, size_t q, size_t w, size_t h,
			struct lab_land_spec *s);
/* The next pair after (*p, *q) in the order (0,1), (0,2), ..., (0,np-1), (1,2), ...,
 * wrapping to (0,1); np >= 2. */
void lab_landscape_next_pair(size_t np, size_t *p, size_t *q);

#endif
