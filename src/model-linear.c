/* model-linear.c: the spreadsheet's linear model, y = inputs . coefficients (SUMPRODUCT),
 * with the loss and gradient over all rows by matrix-vector products (GSL BLAS). */
#include <gsl/gsl_blas.h>
#include <stdio.h>
#include <string.h>

#include "model.h"
#include "util.h"

#define LINEAR_CHUNK 512 /* rows per block: residuals stay on the stack, X is read once */

static size_t linear_nparams(const struct model_cfg *cfg)
{
	return cfg->d;
}

/* "w_<input>", or "w1", "w2", ... when the inputs have no names. */
static void linear_param_name(const struct model_cfg *cfg, size_t i, char *buf, size_t len)
{
	if (cfg->names && i < cfg->d && cfg->names[i])
		snprintf(buf, len, "w_%s", cfg->names[i]);
	else
		snprintf(buf, len, "w%zu", i + 1);
}

/* The sheet's start: every coefficient RAND() - 0.5, seeded by cfg->seed. */
static void linear_init(const struct model_cfg *cfg, double *theta)
{
	struct npy_rng *r = npy_rng_alloc(cfg->seed);
	for (size_t i = 0; i < cfg->d; i++)
		theta[i] = r ? npy_rng_uniform(r) - 0.5 : 0.0;
	npy_rng_free(r);
}

/* y = sum_j w_j x_j */
static double linear_eval(const struct model_cfg *cfg, const double *t, const double *x)
{
	double s = 0;
	for (size_t j = 0; j < cfg->d; j++)
		s += t[j] * x[j];
	return s;
}

/* dy/dw_j = x_j (theta is not read: the closed forms pass NULL) */
static void linear_grad(const struct model_cfg *cfg, const double *t, const double *x, double *g)
{
	memcpy(g, x, cfg->d * sizeof *g);
}

/* Per block of rows X_B: r = X_B w - y_B (dgemv), loss += sum l(r),
 * grad += X_B^T l'(r) (dgemv), then both divided by n. */
static double linear_loss_grad(const struct model_cfg *cfg, const double *t,
			       const struct data *data, enum loss_kind loss, double *grad)
{
	size_t n = data->n, d = data->d;
	double r[LINEAR_CHUNK], s = 0;
	gsl_vector_const_view w = gsl_vector_const_view_array(t, d);
	gsl_vector_view g = gsl_vector_view_array(grad ? grad : r, d);
	if (grad)
		memset(grad, 0, d * sizeof *grad);
	for (size_t i0 = 0; i0 < n; i0 += LINEAR_CHUNK) {
		size_t b = n - i0 < LINEAR_CHUNK ? n - i0 : LINEAR_CHUNK;
		gsl_matrix_const_view X = gsl_matrix_const_view_array(data->x + i0 * d, b, d);
		gsl_vector_view rv = gsl_vector_view_array(r, b);
		memcpy(r, data->y + i0, b * sizeof *r);
		/* r = X w - y */
		if (gsl_blas_dgemv(CblasNoTrans, 1.0, &X.matrix, &w.vector, -1.0, &rv.vector))
			return NAN;
		for (size_t i = 0; i < b; i++) {
			s += loss_point(loss, r[i]);
			r[i] = loss_dpoint(loss, r[i]);
		}
		if (grad &&
		    gsl_blas_dgemv(CblasTrans, 1.0, &X.matrix, &rv.vector, 1.0, &g.vector))
			return NAN;
	}
	double inv = 1.0 / (double)n;
	if (grad)
		for (size_t j = 0; j < d; j++)
			grad[j] *= inv;
	return s * inv;
}

static void linear_formula(const struct model_cfg *cfg, int utf8, char *buf, size_t len)
{
	snprintf(buf, len, "%s", utf8 ? "y = Σ w_j·x_j (inputs · coefficients)"
				      : "y = sum_j w_j*x_j (inputs . coefficients)");
}

/* A gnuplot expression in x: only for one input (y = w*x); -1 otherwise. */
static int linear_describe(const struct model_cfg *cfg, const double *t, char *buf, size_t len)
{
	if (cfg->d != 1)
		return -1;
	int n = snprintf(buf, len, "(%.17g)*x", t[0]);
	return n < 0 || (size_t)n >= len ? -1 : 0;
}

const struct model_type model_linear = {
	.name = "linear",
	.takes_k = 0,
	.linear = 1,
	.min_d = 1,
	.max_d = MODEL_MAX_PARAMS,
	.nparams = linear_nparams,
	.param_name = linear_param_name,
	.init = linear_init,
	.eval = linear_eval,
	.grad = linear_grad,
	.loss_grad = linear_loss_grad,
	.formula = linear_formula,
	.describe = linear_describe,
};
