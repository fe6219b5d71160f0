/* SPDX-License-Identifier: GPL-3.0-or-later */
/* data-gen.c: generated data: the lesson's noisy quadratic (NumPy's legacy normal
 * generator on GSL's MT19937, draw for draw) and other targets. */
#include <gsl/gsl_rng.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "data.h"
#include "util.h"

struct npy_rng {
	gsl_rng *r;    /* MT19937, seeded as NumPy's init_genrand */
	int has_spare; /* a cached second normal draw */
	double spare;  /* its value */
};

struct npy_rng *npy_rng_alloc(unsigned long seed)
{
	struct npy_rng *r = fp_calloc(1, sizeof *r);
	if (!r)
		return NULL;
	r->r = gsl_rng_alloc(gsl_rng_mt19937);
	if (!r->r) {
		fp_free(r);
		return NULL;
	}
	gsl_rng_set(r->r, seed);
	return r;
}

void npy_rng_free(struct npy_rng *r)
{
	if (!r)
		return;
	gsl_rng_free(r->r);
	fp_free(r);
}

/* random_sample(): 53 bits from two 32-bit outputs, as NumPy's rk_double. */
double npy_rng_uniform(struct npy_rng *r)
{
	unsigned long a = gsl_rng_get(r->r) >> 5, b = gsl_rng_get(r->r) >> 6;
	return ((double)a * 67108864.0 + (double)b) / 9007199254740992.0;
}

/* NumPy's legacy gauss: polar Box-Muller, the spare value cached. */
double npy_rng_normal(struct npy_rng *r)
{
	if (r->has_spare) {
		r->has_spare = 0;
		return r->spare;
	}
	double x1, x2, r2;
	do {
		x1 = 2.0 * npy_rng_uniform(r) - 1.0;
		x2 = 2.0 * npy_rng_uniform(r) - 1.0;
		r2 = x1 * x1 + x2 * x2;
	} while (r2 >= 1.0 || r2 == 0.0);
	double f = sqrt(-2.0 * log(r2) / r2);
	r->spare = f * x1;
	r->has_spare = 1;
	return f * x2;
}

static const char *const target_names[DATA_TARGET_COUNT] = {"quad", "sine", "abs", "step"};

const char *data_target_name(enum data_target t)
{
	return (unsigned)t < DATA_TARGET_COUNT ? target_names[t] : NULL;
}

int data_target_find(const char *name, enum data_target *t)
{
	for (int i = 0; i < DATA_TARGET_COUNT; i++)
		if (name && strcmp(name, target_names[i]) == 0) {
			*t = (enum data_target)i;
			return 0;
		}
	return -1;
}

double data_target_eval(enum data_target t, const double abc[3], double x)
{
	switch (t) {
	case DATA_TARGET_SINE:
		return sin(3 * x);
	case DATA_TARGET_ABS:
		return fabs(x);
	case DATA_TARGET_STEP:
		return x < 0 ? 0.0 : 1.0;
	default:
		return (abc[0] * x + abc[1]) * x + abc[2];
	}
}

void data_gen_cfg_lesson(struct data_gen_cfg *cfg)
{
	memset(cfg, 0, sizeof *cfg);
	cfg->target = DATA_TARGET_QUAD;
	cfg->truth[0] = 3;
	cfg->truth[1] = 2;
	cfg->truth[2] = 1;
	cfg->n = 20;
	cfg->xlo = -2;
	cfg->xhi = 2;
	cfg->mult = 0.3;
	cfg->add = 1.5;
	cfg->seed = 42;
	cfg->skip = 40;
	cfg->torch_grid = 1;
}

void data_gen_target_defaults(enum data_target t, struct data_gen_cfg *cfg)
{
	switch (t) {
	case DATA_TARGET_SINE:
	case DATA_TARGET_ABS:
		cfg->n = 40;
		cfg->mult = 0;
		cfg->add = 0.15;
		break;
	case DATA_TARGET_STEP:
		cfg->n = 40;
		cfg->mult = 0;
		cfg->add = 0.1;
		break;
	default: /* the lesson's */
		cfg->n = 20;
		cfg->mult = 0.3;
		cfg->add = 1.5;
		break;
	}
}

/* torch.linspace in float32, as PyTorch 1.13's CPU kernel computes it: whole
 * vectors of 8 as base + k*step with base = start + step*v (no fused multiply-add),
 * the scalar tail with fused multiply-adds, counting down from the end past the
 * middle. Reproduces the lesson's 20 x values bit for bit. */
static double torch_linspace(double lo, double hi, size_t n, size_t i)
{
	if (n == 1)
		return (double)(float)lo;
	float start = (float)lo, end = (float)hi;
	float step = (end - start) / (float)(n - 1);
	if (i < n - n % 8) {
		float base = step * (float)(i - i % 8);
		base = start + base;
		float k = (float)(i % 8) * step;
		return (double)(base + k);
	}
	if (i < n / 2)
		return (double)fmaf(step, (float)i, start);
	return (double)fmaf(-step, (float)(n - 1 - i), end);
}

int data_gen(const struct data_gen_cfg *cfg, struct data *out, char *err)
{
	memset(out, 0, sizeof *out);
	if (cfg->n < 1 || cfg->n > 100000000)
		return fp_err(err, FP_EINPUT, "number of points must be 1 to 100000000, not %zu",
			      cfg->n);
	if (!isfinite(cfg->xlo) || !isfinite(cfg->xhi) || !(cfg->xlo < cfg->xhi))
		return fp_err(err, FP_EINPUT, "x range must be LO,HI with LO < HI");
	if (!(cfg->mult >= 0) || !(cfg->add >= 0) || !isfinite(cfg->mult) || !isfinite(cfg->add))
		return fp_err(err, FP_EINPUT, "noise must be two finite values >= 0");
	if ((unsigned)cfg->target >= DATA_TARGET_COUNT)
		return fp_err(err, FP_EINPUT, "unknown target");
	if (!fp_all_finite(cfg->truth, 3))
		return fp_err(err, FP_EINPUT, "true coefficients must be finite");
	size_t n = cfg->n;
	out->x = fp_malloc(n * sizeof *out->x);
	out->y = fp_malloc(n * sizeof *out->y);
	out->source = fp_malloc(16);
	struct npy_rng *r = npy_rng_alloc(cfg->seed);
	if (!out->x || !out->y || !out->source || !r) {
		npy_rng_free(r);
		data_free(out);
		return fp_err(err, FP_EFAIL, "out of memory generating %zu points", n);
	}
	strcpy(out->source, "generated");
	out->n = n;
	out->d = 1;
	for (size_t i = 0; i < n; i++) {
		if (cfg->torch_grid)
			out->x[i] = torch_linspace(cfg->xlo, cfg->xhi, n, i);
		else
			out->x[i] =
			    n == 1 ? cfg->xlo
				   : cfg->xlo + (cfg->xhi - cfg->xlo) * (double)i / (double)(n - 1);
	}
	for (size_t i = 0; i < cfg->skip; i++)
		npy_rng_normal(r);
	/* y = f(x) * (1 + N(0, mult)) + N(0, add): all multiplicative draws first. */
	for (size_t i = 0; i < n; i++) {
		double fx = data_target_eval(cfg->target, cfg->truth, out->x[i]);
		if (cfg->torch_grid && cfg->target == DATA_TARGET_QUAD) {
			/* The notebook evaluates f on a float32 tensor: a*x**2 + b*x + c. */
			float x = (float)out->x[i], x2 = x * x;
			float t1 = (float)cfg->truth[0] * x2, t2 = (float)cfg->truth[1] * x;
			fx = (double)((t1 + t2) + (float)cfg->truth[2]);
		}
		out->y[i] = fx * (1.0 + cfg->mult * npy_rng_normal(r));
	}
	for (size_t i = 0; i < n; i++)
		out->y[i] += cfg->add * npy_rng_normal(r);
	npy_rng_free(r);
	out->has_truth = 1;
	out->target = cfg->target;
	memcpy(out->truth, cfg->truth, sizeof out->truth);
	out->xlo = cfg->xlo;
	out->xhi = cfg->xhi;
	return FP_OK;
}
