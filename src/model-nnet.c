/* SPDX-License-Identifier: GPL-3.0-or-later */
/* model-nnet.c: the sheet's network, y = sum_k max(0, w_k . x): K linear combinations
 * of the inputs, each clipped at zero, added; over all rows at once as the `mmult`
 * sheet does it, H = X W^T by matrix multiply (GSL BLAS), ReLU, row sum. */
#include <stdio.h>
#include <string.h>

#include "model.h"
#include "util.h"

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

/* H = W X for all rows at once (the `mmult` sheet), each unit clipped at zero and the
 * units added; D = l'(r) where a unit is on, dL/dW = D X^T / n (model-matrix.c). */
static double nnet_loss_grad(const struct model_cfg *cfg, const double *t, const struct data *data,
			     enum loss_kind loss, double *grad)
{
	return model_matrix_pass(data, t, cfg->k, 1, loss, grad, NULL);
}

static void nnet_predict(const struct model_cfg *cfg, const double *t, const struct data *data,
			 double *out)
{
	model_matrix_pass(data, t, cfg->k, 1, LOSS_MSE, NULL, out);
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

static size_t nnet_relu_units(const struct model_cfg *cfg)
{
	return cfg->k;
}

/* Unit k is on at x when w_k . x > 0 (its output and its slope are 0 elsewhere). */
static int nnet_unit_on(const struct model_cfg *cfg, const double *t, size_t k, const double *x)
{
	return dot(t + k * cfg->d, x, cfg->d) > 0;
}

/* The sheet's start for one unit: every coefficient RAND() - 0.5. */
static void nnet_unit_random(const struct model_cfg *cfg, double *t, size_t k, uint64_t *rng)
{
	for (size_t j = 0; j < cfg->d; j++)
		t[k * cfg->d + j] = model_rng_uniform(rng) - 0.5;
}

static void nnet_unit_flip(const struct model_cfg *cfg, double *t, size_t k)
{
	for (size_t j = 0; j < cfg->d; j++)
		t[k * cfg->d + j] = -t[k * cfg->d + j];
}

/* The sheet (the `mmult` sheet): the inputs as they are times W, unit k's column the
 * coefficients theta[k*d .. k*d + d-1]; each unit clipped at zero; added (v_k = 1). */
static void nnet_sheet(const struct model_cfg *cfg, struct model_sheet *s)
{
	*s = (struct model_sheet){.nfeat = cfg->d,
				  .units = cfg->k,
				  .clip = 1,
				  .w_js = 1,
				  .w_ks = cfg->d,
				  .v_off = -1,
				  .c_off = -1};
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
    .predict = nnet_predict,
    .relu_units = nnet_relu_units,
    .unit_on = nnet_unit_on,
    .unit_random = nnet_unit_random,
    .unit_flip = nnet_unit_flip,
    .sheet = nnet_sheet,
    .sheet_features = model_table_features,
    .sheet_feature_name = model_table_feature_name,
};
