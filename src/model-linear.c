/* SPDX-License-Identifier: GPL-3.0-or-later */
/* model-linear.c: the spreadsheet's linear model, y = inputs . coefficients (SUMPRODUCT),
 * with the loss and gradient over all rows by matrix-vector products (GSL BLAS). */
#include <stdio.h>
#include <string.h>

#include "model.h"
#include "util.h"

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

/* r = X w - y for all rows at once, loss = mean l(r), grad = X^T l'(r) / n: matrix-vector
 * products over blocks of rows (model-matrix.c). */
static double linear_loss_grad(const struct model_cfg *cfg, const double *t,
			       const struct data *data, enum loss_kind loss, double *grad)
{
	return model_matrix_pass(data, t, 1, 0, loss, grad, NULL);
}

static void linear_predict(const struct model_cfg *cfg, const double *t, const struct data *data,
			   double *out)
{
	model_matrix_pass(data, t, 1, 0, LOSS_MSE, NULL, out);
}

static void linear_formula(const struct model_cfg *cfg, int utf8, char *buf, size_t len)
{
	snprintf(buf, len, "%s",
		 utf8 ? "y = Σ w_j·x_j (inputs · coefficients)"
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

/* The sheet: the inputs as they are (Ones included) times one column of W, the
 * coefficients; no clip, no output weight, no constant (Ones is the constant). */
static void linear_sheet(const struct model_cfg *cfg, struct model_sheet *s)
{
	*s = (struct model_sheet){.nfeat = cfg->d, .units = 1, .w_js = 1, .v_off = -1, .c_off = -1};
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
    .predict = linear_predict,
    .sheet = linear_sheet,
    .sheet_features = model_table_features,
    .sheet_feature_name = model_table_feature_name,
};
