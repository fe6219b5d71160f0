/* SPDX-License-Identifier: GPL-3.0-or-later */
/* solve-lm.c: Levenberg-Marquardt on the MSE of any model through GSL's nonlinear
 * least squares (gsl_multifit_nlinear, trust region with the LM step, modified
 * Cholesky): the spreadsheet Solver's answer, in a handful of iterations. */
#include <gsl/gsl_errno.h>
#include <gsl/gsl_multifit_nlinear.h>
#include <math.h>
#include <string.h>

#include "solve.h"
#include "util.h"

/* Relative step size that counts as converged: sqrt(machine epsilon), MINPACK's
 * choice. Tighter, the last iterations are decided by rounding: the lesson took 4 or 5
 * depending on which CPU kernels the BLAS picked; at 1e-8 it takes 4 on all of them. */
#define LM_XTOL 1e-8
#define LM_GTOL 1e-12 /* scaled gradient that counts as converged */
#define LM_FTOL 0.0   /* not used: ftol stops too early on flat stretches */

struct lm_ctx {
	const struct model_type *t;
	const struct model_cfg *cfg;
	const struct data *d;
	size_t np;
	double *path;	 /* caller's iterates, or NULL */
	size_t path_cap; /* iterates that fit */
	size_t path_n;	 /* iterates stored */
};

/* Residuals r_i = y(x_i; theta) - y_i. */
static int lm_f(const gsl_vector *x, void *params, gsl_vector *f)
{
	const struct lm_ctx *c = params;
	const struct data *d = c->d;
	int all = c->t->predict && f->stride == 1; /* tables: every row in one pass */
	if (all)
		c->t->predict(c->cfg, x->data, d, f->data);
	for (size_t i = 0; i < d->n; i++) {
		double r =
		    (all ? f->data[i] : c->t->eval(c->cfg, x->data, d->x + i * d->d)) - d->y[i];
		if (!isfinite(r))
			return GSL_EDOM;
		gsl_vector_set(f, i, r);
	}
	return GSL_SUCCESS;
}

/* Jacobian rows dr_i/dtheta = dy/dtheta at x_i. */
static int lm_df(const gsl_vector *x, void *params, gsl_matrix *J)
{
	const struct lm_ctx *c = params;
	const struct data *d = c->d;
	for (size_t i = 0; i < d->n; i++) {
		double *row = gsl_matrix_ptr(J, i, 0);
		c->t->grad(c->cfg, x->data, d->x + i * d->d, row);
		if (!fp_all_finite(row, c->np))
			return GSL_EDOM;
	}
	return GSL_SUCCESS;
}

static void path_push(struct lm_ctx *c, const double *theta)
{
	if (!c->path || c->path_n >= c->path_cap)
		return;
	memcpy(c->path + c->path_n * c->np, theta, c->np * sizeof *theta);
	c->path_n++;
}

static void lm_callback(const size_t iter, void *params, const gsl_multifit_nlinear_workspace *w)
{
	struct lm_ctx *c = params;
	path_push(c, gsl_multifit_nlinear_position(w)->data);
}

int solve_lm(const struct model_type *t, const struct model_cfg *cfg, const struct data *d,
	     double *theta, size_t maxiter, double *path, size_t path_cap,
	     struct solve_lm_result *res, char *err)
{
	gsl_set_error_handler_off();
	memset(res, 0, sizeof *res);
	res->reason = "no progress";
	size_t np = t->nparams(cfg);
	if (d->n < 1)
		return fp_err(err, FP_EINPUT, "no data");
	if (d->n < np)
		return fp_err(err, FP_EINPUT,
			      "Levenberg-Marquardt needs at least %zu points for %zu coefficients, "
			      "have %zu",
			      np, np, d->n);
	if (!fp_all_finite(theta, np))
		return fp_err(err, FP_EINPUT, "starting coefficients must be finite");
	res->start_loss = model_loss_grad(t, cfg, theta, d, LOSS_MSE, NULL);
	if (!isfinite(res->start_loss))
		return fp_err(err, FP_EINPUT, "values too large: the MSE overflows at the start");
	if (maxiter == 0)
		maxiter = 200;

	struct lm_ctx ctx = {t, cfg, d, np, path, path_cap, 0};
	gsl_multifit_nlinear_parameters params = gsl_multifit_nlinear_default_parameters();
	params.trs = gsl_multifit_nlinear_trs_lm;
	params.solver = gsl_multifit_nlinear_solver_mcholesky;
	gsl_multifit_nlinear_workspace *w =
	    gsl_multifit_nlinear_alloc(gsl_multifit_nlinear_trust, &params, d->n, np);
	if (!w)
		return fp_err(err, FP_EFAIL, "out of memory for Levenberg-Marquardt on %zu points",
			      d->n);
	gsl_multifit_nlinear_fdf fdf;
	memset(&fdf, 0, sizeof fdf);
	fdf.f = lm_f;
	fdf.df = lm_df;
	fdf.fvv = NULL;
	fdf.n = d->n;
	fdf.p = np;
	fdf.params = &ctx;
	gsl_vector_view x0 = gsl_vector_view_array(theta, np);
	int rc = FP_OK;
	int st = gsl_multifit_nlinear_init(&x0.vector, &fdf, w);
	if (st != GSL_SUCCESS) {
		rc = fp_err(err, st == GSL_EDOM ? FP_EINPUT : FP_EFAIL,
			    "Levenberg-Marquardt could not start: %s",
			    st == GSL_EDOM ? "values too large" : gsl_strerror(st));
		goto done;
	}
	int info = 0; /* the driver calls lm_callback on the start too */
	st = gsl_multifit_nlinear_driver(maxiter, LM_XTOL, LM_GTOL, LM_FTOL, lm_callback, &ctx,
					 &info, w);
	const gsl_vector *x = gsl_multifit_nlinear_position(w);
	res->iterations = gsl_multifit_nlinear_niter(w);
	res->nfev = fdf.nevalf;
	res->njev = fdf.nevaldf;
	switch (st) {
	case GSL_SUCCESS:
		res->converged = 1;
		res->reason = info == 2 ? "small gradient" : "small step";
		break;
	case GSL_EMAXITER:
		res->reason = "iteration limit";
		break;
	case GSL_ENOPROG:
		res->reason = "no progress";
		break;
	case GSL_EDOM:
		res->reason = "non-finite values";
		break;
	default:
		rc = fp_err(err, FP_EFAIL, "Levenberg-Marquardt failed: %s", gsl_strerror(st));
		goto done;
	}
	if (fp_all_finite(x->data, np)) {
		double loss = model_loss_grad(t, cfg, x->data, d, LOSS_MSE, NULL);
		if (isfinite(loss)) {
			memcpy(theta, x->data, np * sizeof *theta);
			res->loss = loss;
		} else {
			res->loss = res->start_loss;
			res->converged = 0;
			res->reason = "non-finite values";
		}
	} else {
		res->loss = res->start_loss;
		res->converged = 0;
		res->reason = "non-finite values";
	}
	res->path_n = ctx.path_n;
done:
	gsl_multifit_nlinear_free(w);
	return rc;
}
