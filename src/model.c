/* SPDX-License-Identifier: GPL-3.0-or-later */
/* model.c: the model registry, spec parsing and the generic loss/gradient loop. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model.h"
#include "util.h"

const struct model_type *const model_types[] = {
    &model_quad, &model_relu, &model_relu2, &model_relus, &model_linear, &model_nnet, NULL,
};

int model_parse(const char *spec, const struct model_type **type, struct model_cfg *cfg, char *err)
{
	const char *colon = strchr(spec, ':');
	size_t nlen = colon ? (size_t)(colon - spec) : strlen(spec);
	for (size_t i = 0; model_types[i]; i++) {
		const struct model_type *t = model_types[i];
		if (strlen(t->name) != nlen || strncmp(t->name, spec, nlen) != 0)
			continue;
		size_t k = 0;
		if (t->takes_k) {
			if (!colon)
				k = t->default_k ? t->default_k : 4;
			else if (fp_parse_size(colon + 1, MODEL_MAX_UNITS, &k) != 0 || k < 1)
				return fp_err(err, FP_EINPUT,
					      "model '%s': the number of units must be 1 to %d",
					      spec, MODEL_MAX_UNITS);
		} else if (colon) {
			return fp_err(err, FP_EINPUT, "model '%s' takes no ':K'", t->name);
		}
		*type = t;
		cfg->k = k;
		cfg->d = 1;
		return FP_OK;
	}
	char list[256] = "";
	for (size_t i = 0; model_types[i]; i++) {
		strncat(list, i ? ", " : "", sizeof list - strlen(list) - 1);
		strncat(list, model_types[i]->name, sizeof list - strlen(list) - 1);
		if (model_types[i]->takes_k)
			strncat(list, ":K", sizeof list - strlen(list) - 1);
	}
	return fp_err(err, FP_EINPUT, "unknown model '%s' (models: %s)", spec, list);
}

void model_spec(const struct model_type *t, const struct model_cfg *cfg, char *buf, size_t len)
{
	if (t->takes_k)
		snprintf(buf, len, "%s:%zu", t->name, cfg->k);
	else
		snprintf(buf, len, "%s", t->name);
}

double model_loss_grad_generic(const struct model_type *t, const struct model_cfg *cfg,
			       const double *theta, const struct data *data, enum loss_kind loss,
			       double *grad, double *work)
{
	size_t np = t->nparams(cfg), n = data->n, d = data->d;
	double s = 0;
	if (grad)
		memset(grad, 0, np * sizeof *grad);
	for (size_t i = 0; i < n; i++) {
		const double *x = data->x + i * d;
		double r = t->eval(cfg, theta, x) - data->y[i];
		s += loss_point(loss, r);
		if (grad) {
			double dr = loss_dpoint(loss, r);
			t->grad(cfg, theta, x, work);
			for (size_t j = 0; j < np; j++)
				grad[j] += dr * work[j];
		}
	}
	double inv = 1.0 / (double)n;
	if (grad)
		for (size_t j = 0; j < np; j++)
			grad[j] *= inv;
	return s * inv;
}

double model_loss_grad(const struct model_type *t, const struct model_cfg *cfg, const double *theta,
		       const struct data *data, enum loss_kind loss, double *grad)
{
	if (t->loss_grad)
		return t->loss_grad(cfg, theta, data, loss, grad);
	double stack[64];
	size_t np = t->nparams(cfg);
	double *work = np <= 64 ? stack : fp_malloc(np * sizeof *work);
	if (!work)
		return NAN;
	double v = model_loss_grad_generic(t, cfg, theta, data, loss, grad, work);
	if (work != stack)
		fp_free(work);
	return v;
}

void model_table_features(const struct model_cfg *cfg, const double *x, double *f)
{
	memcpy(f, x, cfg->d * sizeof *f);
}

void model_table_feature_name(const struct model_cfg *cfg, size_t j, int utf8, char *buf,
			      size_t len)
{
	if (cfg->names && j < cfg->d && cfg->names[j])
		snprintf(buf, len, "%s", cfg->names[j]);
	else if (cfg->d == 1)
		snprintf(buf, len, "x");
	else
		snprintf(buf, len, "x%zu", j + 1);
}
