/* SPDX-License-Identifier: GPL-3.0-or-later */
/* model-quad.c: the lesson's quadratic, y = a*x^2 + b*x + c, linear in (a, b, c). */
#include <stdio.h>

#include "model.h"

static size_t quad_nparams(const struct model_cfg *cfg)
{
	return 3;
}

static void quad_param_name(const struct model_cfg *cfg, size_t i, char *buf, size_t len)
{
	snprintf(buf, len, "%c", i < 3 ? "abc"[i] : '?');
}

static void quad_init(const struct model_cfg *cfg, double *theta)
{
	theta[0] = theta[1] = theta[2] = 1.5; /* the lesson's sliders */
}

/* y = a*x^2 + b*x + c */
static double quad_eval(const struct model_cfg *cfg, const double *t, const double *x)
{
	return (t[0] * x[0] + t[1]) * x[0] + t[2];
}

/* dy/da = x^2, dy/db = x, dy/dc = 1 */
static void quad_grad(const struct model_cfg *cfg, const double *t, const double *x, double *g)
{
	g[0] = x[0] * x[0];
	g[1] = x[0];
	g[2] = 1;
}

/* One fused pass over the points: loss and its gradient, no per-point calls. */
static double quad_loss_grad(const struct model_cfg *cfg, const double *t, const struct data *data,
			     enum loss_kind loss, double *grad)
{
	const double *xs = data->x, *ys = data->y;
	const double a = t[0], b = t[1], c = t[2];
	size_t n = data->n;
	double s = 0, ga = 0, gb = 0, gc = 0;
	if (loss == LOSS_MSE) {
		for (size_t i = 0; i < n; i++) {
			double x = xs[i], r = (a * x + b) * x + c - ys[i];
			s += r * r;
			ga += r * x * x;
			gb += r * x;
			gc += r;
		}
		ga *= 2;
		gb *= 2;
		gc *= 2;
	} else {
		for (size_t i = 0; i < n; i++) {
			double x = xs[i], r = (a * x + b) * x + c - ys[i];
			double sg = (r > 0) - (r < 0);
			s += sg * r;
			ga += sg * x * x;
			gb += sg * x;
			gc += sg;
		}
	}
	double inv = 1.0 / (double)n;
	if (grad) {
		grad[0] = ga * inv;
		grad[1] = gb * inv;
		grad[2] = gc * inv;
	}
	return s * inv;
}

static void quad_formula(const struct model_cfg *cfg, int utf8, char *buf, size_t len)
{
	snprintf(buf, len, "%s", utf8 ? "y = a·x² + b·x + c" : "y = a*x^2 + b*x + c");
}

static int quad_describe(const struct model_cfg *cfg, const double *t, char *buf, size_t len)
{
	int n = snprintf(buf, len, "(%.17g)*x**2 + (%.17g)*x + (%.17g)", t[0], t[1], t[2]);
	return n < 0 || (size_t)n >= len ? -1 : 0;
}

/* The sheet: features x^2, x, 1; one unit whose column of W is a, b, c; no clip. */
static void quad_sheet(const struct model_cfg *cfg, struct model_sheet *s)
{
	*s = (struct model_sheet){.nfeat = 3, .units = 1, .w_js = 1, .v_off = -1, .c_off = -1};
}

static void quad_sheet_features(const struct model_cfg *cfg, const double *x, double *f)
{
	f[0] = x[0] * x[0];
	f[1] = x[0];
	f[2] = 1;
}

static void quad_sheet_feature_name(const struct model_cfg *cfg, size_t j, int utf8, char *buf,
				    size_t len)
{
	snprintf(buf, len, "%s", j == 0 ? (utf8 ? "x²" : "x^2") : j == 1 ? "x" : "1");
}

const struct model_type model_quad = {
    .name = "quad",
    .takes_k = 0,
    .linear = 1,
    .min_d = 1,
    .max_d = 1,
    .nparams = quad_nparams,
    .param_name = quad_param_name,
    .init = quad_init,
    .eval = quad_eval,
    .grad = quad_grad,
    .loss_grad = quad_loss_grad,
    .formula = quad_formula,
    .describe = quad_describe,
    .sheet = quad_sheet,
    .sheet_features = quad_sheet_features,
    .sheet_feature_name = quad_sheet_feature_name,
};
