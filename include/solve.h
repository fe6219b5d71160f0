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

#endif
