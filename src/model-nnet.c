/* model-nnet.c: the sheet's network, y = sum_k max(0, w_k . x): K linear combinations
 * of the inputs, each clipped at zero, added; over all rows at once as the `mmult`
 * sheet does it, H = X W^T by matrix multiply (GSL BLAS), ReLU, row sum. */
#include <gsl/gsl_blas.h>
#include <stdio.h>
#include <string.h>

#include "model.h"
#include "util.h"

#define NNET_CHUNK_CELLS 4096 /* rows per block * K: the block's H stays on the stack */

static size_t nnet_nparams(const struct model_cfg *cfg)
{
	return cfg->k * cfg->d;
}

/* Coefficients unit by unit: theta[k*d + j] is "relu<k+1>.w_<input j>". */
static void nnet_param_name(const struct model_cfg *cfg, size_t i, char *buf, size_t len)
{
	size_t d = cfg->d ? cfg->d : 1, k = i / d, j = i % d;
	if (cfg->names && cfg->names[j])
		snprintf(buf, len, "relu%zu.w_%s", k + 1, cfg->names[j]);
	else
		snprintf(buf, len, "relu%zu.w%zu", k + 1, j + 1);
}

/* The sheet's start: every coefficient RAND() - 0.5, seeded by cfg->seed. */
static void nnet_init(const struct model_cfg *cfg, double *theta)
{
	struct npy_rng *r = npy_rng_alloc(cfg->seed);
	for (size_t i = 0; i < cfg->k * cfg->d; i++)
		theta[i] = r ? npy_rng_uniform(r) - 0.5 : 0.0;
	npy_rng_free(r);
}

static double dot(const double *a, const double *b, size_t n)
{
	double s = 0;
	for (size_t j = 0; j < n; j++)
		s += a[j] * b[j];
	return s;
}

/* y = sum_k max(0, w_k . x) */
static double nnet_eval(const struct model_cfg *cfg, const double *t, const double *x)
{
	double y = 0;
	for (size_t k = 0; k < cfg->k; k++) {
		double h = dot(t + k * cfg->d, x, cfg->d);
		if (h > 0)
			y += h;
	}
	return y;
}

/* dy/dw_kj = x_j where w_k . x > 0, else 0 (a ReLU's slope at 0 is taken as 0) */
static void nnet_grad(const struct model_cfg *cfg, const double *t, const double *x, double *g)
{
	size_t d = cfg->d;
	for (size_t k = 0; k < cfg->k; k++) {
		if (dot(t + k * d, x, d) > 0)
			memcpy(g + k * d, x, d * sizeof *g);
		else
			memset(g + k * d, 0, d * sizeof *g);
	}
}

/* Per block of rows X_B (B x d), with W the K x d coefficients:
 *   H = X_B W^T (dgemm), p_b = sum_k max(0, H_bk), r = p - y_B, loss += sum l(r);
 *   D_bk = l'(r_b) [H_bk > 0], dL/dW += D^T X_B (dgemm); both divided by n. */
static double nnet_loss_grad(const struct model_cfg *cfg, const double *t,
			     const struct data *data, enum loss_kind loss, double *grad)
{
	size_t n = data->n, d = data->d, K = cfg->k;
	double h[NNET_CHUNK_CELLS], s = 0;
	if (K < 1 || K > NNET_CHUNK_CELLS || n < 1)
		return NAN;
	size_t rows = NNET_CHUNK_CELLS / K;
	gsl_matrix_const_view W = gsl_matrix_const_view_array(t, K, d);
	gsl_matrix_view G = gsl_matrix_view_array(grad ? grad : h, K, d);
	if (grad)
		memset(grad, 0, K * d * sizeof *grad);
	for (size_t i0 = 0; i0 < n; i0 += rows) {
		size_t b = n - i0 < rows ? n - i0 : rows;
		gsl_matrix_const_view X = gsl_matrix_const_view_array(data->x + i0 * d, b, d);
		gsl_matrix_view H = gsl_matrix_view_array(h, b, K);
		if (gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, &X.matrix, &W.matrix, 0.0,
				   &H.matrix)) {
			s = NAN;
			break;
		}
		for (size_t i = 0; i < b; i++) {
			double *hr = h + i * K, p = 0;
			for (size_t k = 0; k < K; k++)
				if (hr[k] > 0)
					p += hr[k];
			double r = p - data->y[i0 + i];
			s += loss_point(loss, r);
			double dr = loss_dpoint(loss, r);
			for (size_t k = 0; k < K; k++)
				hr[k] = hr[k] > 0 ? dr : 0.0;
		}
		if (grad && gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, &H.matrix, &X.matrix,
					   1.0, &G.matrix)) {
			s = NAN;
			break;
		}
	}
	double inv = 1.0 / (double)n;
	if (grad)
		for (size_t j = 0; j < K * d; j++)
			grad[j] *= inv;
	return s * inv;
}

static void nnet_formula(const struct model_cfg *cfg, int utf8, char *buf, size_t len)
{
	snprintf(buf, len,
		 utf8 ? "y = Σ_k max(0, w_k·x), k = 1..%zu (ReLUs of the inputs, added)"
		      : "y = sum_k max(0, w_k . x), k = 1..%zu (ReLUs of the inputs, added)",
		 cfg->k);
}

/* A gnuplot expression in x: only for one input; -1 otherwise. */
static int nnet_describe(const struct model_cfg *cfg, const double *t, char *buf, size_t len)
{
	if (cfg->d != 1 || len == 0)
		return -1;
	size_t used = 0;
	buf[0] = 0;
	for (size_t k = 0; k < cfg->k; k++) {
		int n = snprintf(buf + used, len - used, "%s((%.17g)*x > 0 ? (%.17g)*x : 0)",
				 k ? " + " : "", t[k], t[k]);
		if (n < 0 || (size_t)n >= len - used)
			return -1;
		used += (size_t)n;
	}
	return 0;
}

static long nnet_param_unit(const struct model_cfg *cfg, size_t i)
{
	return cfg->d ? (long)(i / cfg->d) : -1;
}

const struct model_type model_nnet = {
	.name = "nnet",
	.takes_k = 1,
	.linear = 0,
	.min_d = 1,
	.max_d = MODEL_MAX_PARAMS,
	.nparams = nnet_nparams,
	.param_name = nnet_param_name,
	.init = nnet_init,
	.eval = nnet_eval,
	.grad = nnet_grad,
	.loss_grad = nnet_loss_grad,
	.formula = nnet_formula,
	.describe = nnet_describe,
	.param_unit = nnet_param_unit,
	.default_k = 2, /* the lesson's two ReLUs */
};
