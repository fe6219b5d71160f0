/* SPDX-License-Identifier: GPL-3.0-or-later */
/* solve.h: closed forms through GSL: the least-squares optimum of a model linear in
 * its coefficients, the eigenvalues of its MSE Hessian and the learning-rate limit. */
#ifndef FITPLAY_SOLVE_H
#define FITPLAY_SOLVE_H

#include <stddef.h>

#include "data.h"
#include "model.h"
#include "util.h"

/* Both closed forms of a model linear in its coefficients (design J, n x np, row i
 * the model's gradient at row i; for the linear model J is the inputs themselves):
 *  - least squares: the minimum-norm theta minimising |J theta - y|^2, from a
 *    rank-revealing decomposition (singular values below SOLVE_RCOND_EPS * max(n,np)
 *    times the largest count as zero, as numpy's lstsq; on the Gram path the Gram
 *    matrix's eigenvalues, the columns scaled to unit norm for the rank; fewer rows
 *    than coefficients give the smallest of the many answers);
 *  - the MSE Hessian H = (2/n) J^T J: its eigenvalues, hence the gradient-descent
 *    limit 2 / lambda_max.
 * The method suits the shape: a small design (n <= SOLVE_SMALL_ROWS and
 * solve_closed_cost <= SOLVE_SMALL_COST) is copied and decomposed by SVD (the accurate path);
 * a bigger one never is: its Gram matrix J^T J (or J J^T when np > n) is formed by
 * BLAS (dsyrk) straight from the table's rows, and symmetric eigendecompositions
 * (LAPACK dsyevd) of it give the rank, the answer and the Hessian's eigenvalues. */
#define SOLVE_SMALL_ROWS 20000
#define SOLVE_SMALL_COST 2e6
#define SOLVE_RCOND_EPS	 2.220446049250313e-16

/* What solve_closed found (scalars; the arrays are the caller's). */
struct solve_closed {
	int lsq_rc;		 /* FP_OK when theta, mse and rank hold; else lsq_err says why */
	double mse;		 /* MSE at theta (recomputed as descent computes it) */
	size_t rank;		 /* numerical rank of the design */
	size_t ncollinear;	 /* coefficients flagged in collinear[] (n >= np only) */
	int eig_rc;		 /* FP_OK when eig, lam_min, lam_max and limit hold */
	double lam_min, lam_max; /* extreme eigenvalues of the MSE Hessian */
	double limit;		 /* 2 / lam_max */
	const char *method;	 /* "svd" or "gram" (static) */
	char lsq_err[FP_ERRLEN], eig_err[FP_ERRLEN];
};

/* The closed forms of a linear model on d. theta (np doubles) receives the
 * least-squares answer, collinear (np bytes) 1 for each coefficient whose input is a
 * combination of others (in the design's null space: those least squares cannot tell
 * apart), eig (np doubles) the Hessian's eigenvalues ascending; any may be NULL to
 * skip it (theta NULL: no least squares; eig NULL: the extremes only). Returns FP_OK
 * with the outcome of each part in *out, or FP_EINPUT (model not linear, no data) /
 * FP_EFAIL (no memory) with a message in err. */
int solve_closed(const struct model_type *t, const struct model_cfg *cfg, const struct data *d,
		 double *theta, unsigned char *collinear, double *eig, struct solve_closed *out,
		 char *err);

/* Roughly the floating-point operations solve_closed takes on n rows of np
 * coefficients (for choosing to run it in the background). */
double solve_closed_cost(size_t n, size_t np);

/* One line on the design's rank for people: "3 of 3", "2 of 3 (collinear: a, b, c)"
 * (names of the flagged coefficients, the list cut with "..." to fit), or "20 of 30
 * (more coefficients than rows: the smallest answer)". */
void solve_rank_text(const struct model_type *t, const struct model_cfg *cfg, size_t n, size_t np,
		     size_t rank, const unsigned char *collinear, char *buf, size_t len);

/* Least squares for a linear model (solve_closed's): the minimum-norm theta
 * minimising the MSE into theta[0..np-1], the MSE there into *mse. Returns FP_OK,
 * FP_EINPUT (model not linear, values too large) or FP_EFAIL (GSL or memory
 * failure; message in err). */
int solve_lsq(const struct model_type *t, const struct model_cfg *cfg, const struct data *d,
	      double *theta, double *mse, char *err);

/* Eigenvalues (ascending) of the MSE Hessian H = (2/n) J^T J of a linear model into
 * eig[0..np-1]; *limit = 2 / max eigenvalue (the gradient-descent stability limit).
 * Returns FP_OK, FP_EINPUT or FP_EFAIL. */
int solve_hessian(const struct model_type *t, const struct model_cfg *cfg, const struct data *d,
		  double *eig, double *limit, char *err);

/* What solve_lm did. */
struct solve_lm_result {
	size_t iterations;  /* Levenberg-Marquardt iterations taken */
	size_t nfev, njev;  /* residual and Jacobian evaluations */
	double start_loss;  /* MSE at the starting coefficients */
	double loss;	    /* MSE at the answer */
	int converged;	    /* 1: a tolerance was met (small step or small gradient) */
	const char *reason; /* "small step", "small gradient", "iteration limit",
			     * "no progress" or "non-finite values" (static string) */
	size_t path_n;	    /* iterates stored in path (start included) */
};

/* Levenberg-Marquardt (GSL's gsl_multifit_nlinear, trust region with the LM step,
 * modified Cholesky solves: quick on many points, and safe with the rank-deficient
 * Jacobians of dead ReLU units) minimising the MSE of any model from the
 * coefficients in theta[0..np-1], which receive the answer (the last finite iterate
 * if it stops early). At most maxiter iterations (0: 200); an iteration costs about
 * n*np^2 (40 ms at 10,000 points and 49 coefficients), so the explorer may call it
 * with a few iterations per frame, again from the answer while !res->converged. When path != NULL
 * it receives up to path_cap iterates of np values each, the start first (caller-owned, path_cap *
 * np doubles). Returns FP_OK with *res filled (res->converged tells whether a tolerance was met),
 * FP_EINPUT (fewer points than coefficients, non-finite start) or FP_EFAIL (GSL
 * failure or no memory), with a message in err. */
int solve_lm(const struct model_type *t, const struct model_cfg *cfg, const struct data *d,
	     double *theta, size_t maxiter, double *path, size_t path_cap,
	     struct solve_lm_result *res, char *err);

#endif
