/* solve.c: closed forms for models linear in their coefficients, through GSL:
 * least squares (gsl_multifit_linear) and the MSE Hessian's eigenvalues
 * (gsl_eigen_symm), hence the gradient-descent learning-rate limit 2/lambda_max. */
#include <gsl/gsl_eigen.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_linalg.h>
#include <gsl/gsl_multifit.h>
#include <gsl/gsl_sort_vector.h>
#include <math.h>
#include <string.h>

#include "solve.h"
#include "util.h"

/* Rows of the Jacobian J (n x np): for a linear model y = J theta. */
static int fill_jacobian(const struct model_type *t, const struct model_cfg *cfg,
			 const struct data *d, gsl_matrix *J)
{
	size_t np = J->size2;
	for (size_t i = 0; i < d->n; i++) {
		double *row = gsl_matrix_ptr(J, i, 0);
		t->grad(cfg, NULL, d->x + i * d->d, row);
		for (size_t j = 0; j < np; j++)
			if (!isfinite(row[j]))
				return -1;
	}
	return 0;
}

static int check_linear(const struct model_type *t, const struct model_cfg *cfg,
			const struct data *d, size_t *np, char *err)
{
	gsl_set_error_handler_off();
	if (!t->linear)
		return fp_err(err, FP_EINPUT, "model %s is not linear in its coefficients: no "
				  "closed form", t->name);
	*np = t->nparams(cfg);
	if (d->n < 1)
		return fp_err(err, FP_EINPUT, "no data");
	return FP_OK;
}

#define SOLVE_QR_MAX_N 20000 /* above this many points, the normal equations */

/* Least squares through the normal equations J^T J theta = J^T y, solved by SVD
 * (rank-deficient safe): one pass over the points, no n x np matrix. */
static int lsq_normal(const struct model_type *t, const struct model_cfg *cfg,
		      const struct data *d, size_t np, double *theta, char *err)
{
	gsl_matrix *A = gsl_matrix_calloc(np, np), *V = gsl_matrix_alloc(np, np);
	gsl_vector *b = gsl_vector_calloc(np), *S = gsl_vector_alloc(np);
	gsl_vector *work = gsl_vector_alloc(np), *x = gsl_vector_alloc(np);
	double *g = fp_malloc(np * sizeof *g);
	int rc = FP_OK;
	if (!A || !V || !b || !S || !work || !x || !g) {
		rc = fp_err(err, FP_EFAIL, "out of memory for least squares");
		goto done;
	}
	for (size_t i = 0; i < d->n; i++) {
		t->grad(cfg, NULL, d->x + i * d->d, g);
		for (size_t a = 0; a < np; a++) {
			b->data[a] += g[a] * d->y[i];
			for (size_t c = a; c < np; c++)
				A->data[a * np + c] += g[a] * g[c];
		}
	}
	for (size_t a = 0; a < np; a++)
		for (size_t c = 0; c < a; c++)
			A->data[a * np + c] = A->data[c * np + a];
	if (!fp_all_finite(A->data, np * np) || !fp_all_finite(b->data, np)) {
		rc = fp_err(err, FP_EINPUT, "values too large for least squares");
		goto done;
	}
	int st = gsl_linalg_SV_decomp(A, V, S, work);
	if (st == GSL_SUCCESS) {
		/* Drop singular values below the noise floor, as a pseudo-inverse does. */
		double smax = gsl_vector_get(S, 0);
		for (size_t j = 0; j < np; j++)
			if (gsl_vector_get(S, j) <= smax * 1e-13 * (double)np)
				gsl_vector_set(S, j, 0);
		st = gsl_linalg_SV_solve(A, V, S, b, x);
	}
	if (st != GSL_SUCCESS) {
		rc = fp_err(err, FP_EFAIL, "least squares failed: %s", gsl_strerror(st));
		goto done;
	}
	for (size_t j = 0; j < np; j++)
		theta[j] = gsl_vector_get(x, j);
done:
	fp_free(g);
	gsl_vector_free(x);
	gsl_vector_free(work);
	gsl_vector_free(S);
	gsl_vector_free(b);
	gsl_matrix_free(V);
	gsl_matrix_free(A);
	return rc;
}

int solve_lsq(const struct model_type *t, const struct model_cfg *cfg, const struct data *d,
	      double *theta, double *mse, char *err)
{
	size_t np;
	int rc = check_linear(t, cfg, d, &np, err);
	if (rc)
		return rc;
	if (d->n < np)
		return fp_err(err, FP_EINPUT, "least squares needs at least %zu points, have %zu",
			      np, d->n);
	if (d->n > SOLVE_QR_MAX_N) {
		rc = lsq_normal(t, cfg, d, np, theta, err);
		if (rc)
			return rc;
		*mse = model_loss_grad(t, cfg, theta, d, LOSS_MSE, NULL);
		if (!isfinite(*mse))
			return fp_err(err, FP_EINPUT, "values too large for least squares");
		return FP_OK;
	}
	gsl_matrix *J = gsl_matrix_alloc(d->n, np), *cov = gsl_matrix_alloc(np, np);
	gsl_vector *c = gsl_vector_alloc(np);
	gsl_multifit_linear_workspace *w = gsl_multifit_linear_alloc(d->n, np);
	rc = FP_OK;
	if (!J || !cov || !c || !w) {
		rc = fp_err(err, FP_EFAIL, "out of memory for least squares on %zu points", d->n);
		goto done;
	}
	if (fill_jacobian(t, cfg, d, J) != 0) {
		rc = fp_err(err, FP_EINPUT, "values too large for least squares");
		goto done;
	}
	gsl_vector_const_view y = gsl_vector_const_view_array(d->y, d->n);
	double chisq;
	int st = gsl_multifit_linear(J, &y.vector, c, cov, &chisq, w);
	if (st != GSL_SUCCESS) {
		rc = fp_err(err, FP_EFAIL, "least squares failed: %s", gsl_strerror(st));
		goto done;
	}
	for (size_t j = 0; j < np; j++)
		theta[j] = gsl_vector_get(c, j);
	/* The loss recomputed from the residuals, exactly as descent computes it. */
	*mse = model_loss_grad(t, cfg, theta, d, LOSS_MSE, NULL);
	if (!isfinite(*mse) || !fp_all_finite(theta, np))
		rc = fp_err(err, FP_EINPUT, "values too large for least squares");
done:
	gsl_multifit_linear_free(w);
	gsl_vector_free(c);
	gsl_matrix_free(cov);
	gsl_matrix_free(J);
	return rc;
}

int solve_hessian(const struct model_type *t, const struct model_cfg *cfg,
		  const struct data *d, double *eig, double *limit, char *err)
{
	size_t np;
	int rc = check_linear(t, cfg, d, &np, err);
	if (rc)
		return rc;
	gsl_matrix *H = gsl_matrix_calloc(np, np);
	gsl_vector *ev = gsl_vector_alloc(np);
	gsl_eigen_symm_workspace *w = gsl_eigen_symm_alloc(np);
	double stack[64];
	double *g = np <= 64 ? stack : fp_malloc(np * sizeof *g);
	if (!H || !ev || !w || !g) {
		rc = fp_err(err, FP_EFAIL, "out of memory for the Hessian");
		goto done;
	}
	/* H = (2/n) sum_i g_i g_i^T, g_i = dy_i/dtheta (upper triangle, then mirrored). */
	for (size_t i = 0; i < d->n; i++) {
		t->grad(cfg, NULL, d->x + i * d->d, g);
		for (size_t a = 0; a < np; a++)
			for (size_t b = a; b < np; b++)
				*gsl_matrix_ptr(H, a, b) += g[a] * g[b];
	}
	double s = 2.0 / (double)d->n;
	for (size_t a = 0; a < np; a++)
		for (size_t b = a; b < np; b++) {
			double v = gsl_matrix_get(H, a, b) * s;
			gsl_matrix_set(H, a, b, v);
			gsl_matrix_set(H, b, a, v);
		}
	if (!fp_all_finite(H->data, np * np)) {
		rc = fp_err(err, FP_EINPUT, "values too large for the Hessian");
		goto done;
	}
	int st = gsl_eigen_symm(H, ev, w);
	if (st != GSL_SUCCESS) {
		rc = fp_err(err, FP_EFAIL, "eigenvalues failed: %s", gsl_strerror(st));
		goto done;
	}
	gsl_sort_vector(ev);
	for (size_t j = 0; j < np; j++)
		eig[j] = gsl_vector_get(ev, j);
	double lmax = eig[np - 1];
	*limit = lmax > 0 ? 2.0 / lmax : INFINITY;
	if (!isfinite(*limit))
		rc = fp_err(err, FP_EINPUT, "the Hessian is zero: no learning-rate limit");
done:
	if (g != stack)
		fp_free(g);
	gsl_eigen_symm_free(w);
	gsl_vector_free(ev);
	gsl_matrix_free(H);
	return rc;
}
