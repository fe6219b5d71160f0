/* solve.h: closed forms through GSL: the least-squares optimum of a model linear in
 * its coefficients, the eigenvalues of its MSE Hessian and the learning-rate limit. */
#ifndef FITPLAY_SOLVE_H
#define FITPLAY_SOLVE_H

#include <stddef.h>

#include "data.h"
#include "model.h"

/* Least squares for a linear model: theta minimising the MSE into theta[0..np-1],
 * the MSE there into *mse. Returns FP_OK, FP_EINPUT (model not linear, too few
 * points) or FP_EFAIL (GSL or memory failure; message in err). */
int solve_lsq(const struct model_type *t, const struct model_cfg *cfg, const struct data *d,
	      double *theta, double *mse, char *err);

/* Eigenvalues (ascending) of the MSE Hessian H = (2/n) J^T J of a linear model into
 * eig[0..np-1]; *limit = 2 / max eigenvalue (the gradient-descent stability limit).
 * Returns FP_OK, FP_EINPUT or FP_EFAIL. */
int solve_hessian(const struct model_type *t, const struct model_cfg *cfg,
		  const struct data *d, double *eig, double *limit, char *err);

/* What solve_lm did. */
struct solve_lm_result {
	size_t iterations;  /* Levenberg-Marquardt iterations taken */
	size_t nfev, njev;  /* residual and Jacobian evaluations */
	double start_loss;  /* MSE at the starting coefficients */
	double loss;        /* MSE at the answer */
	int converged;      /* 1: a tolerance was met (small step or small gradient) */
	const char *reason; /* "small step", "small gradient", "iteration limit",
			     * "no progress" or "non-finite values" (static string) */
	size_t path_n;      /* iterates stored in path (start included) */
};

/* Levenberg-Marquardt (GSL's gsl_multifit_nlinear, trust region with the LM step,
 * modified Cholesky solves: quick on many points, and safe with the rank-deficient
 * Jacobians of dead ReLU units) minimising the MSE of any model from the
 * coefficients in theta[0..np-1], which receive the answer (the last finite iterate
 * if it stops early). At most maxiter iterations (0: 200); an iteration costs about
 * n*np^2 (40 ms at 10,000 points and 49 coefficients), so the explorer may call it
 * with a few iterations per frame, again from the answer while !res->converged. When path != NULL it receives up to path_cap iterates of np
 * values each, the start first (caller-owned, path_cap * np doubles).
 * Returns FP_OK with *res filled (res->converged tells whether a tolerance was met),
 * FP_EINPUT (fewer points than coefficients, non-finite start) or FP_EFAIL (GSL
 * failure or no memory), with a message in err. */
int solve_lm(const struct model_type *t, const struct model_cfg *cfg, const struct data *d,
	     double *theta, size_t maxiter, double *path, size_t path_cap,
	     struct solve_lm_result *res, char *err);

#endif
