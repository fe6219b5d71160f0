/* SPDX-License-Identifier: GPL-3.0-or-later */
/* model-relu.c: rectified linear units: relu, y = max(m*x + b, 0); relu2, the notebook's
 * sum of two; relus:K, y = c + sum_k w_k*max(m_k*x + b_k, 0). One fused, vectorizable
 * loss-and-gradient pass serves all three, on two threads when the work is large. */
#include <math.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "model.h"

#define RELU_LANES 4		   /* units per vector step of the fused pass */
#define RELU_KMAX  MODEL_MAX_UNITS /* most units (a multiple of RELU_LANES) */
#ifndef RELU_PAR_WORK
#define RELU_PAR_WORK ((size_t)1 << 17) /* points x units from which two threads run */
#endif
/* The fused pass is compiled twice, for AVX2 (4 doubles a vector) and for the
 * baseline (SSE2), and the loader picks one for the running CPU (GCC, x86-64). Both
 * do the same operations in the same order (no FMA contraction in ISO C mode), so
 * they give the same bits. */
#if defined(__GNUC__) && !defined(__clang__) && defined(__x86_64__) && defined(__linux__)
#define RELU_CLONES __attribute__((target_clones("avx2", "default")))
#else
#define RELU_CLONES
#endif
/* The fused pass's helpers are inlined into both versions. */
#if defined(__GNUC__)
#define RELU_INLINE static inline __attribute__((always_inline))
#else
#define RELU_INLINE static inline
#endif

/* The kink convention, the notebook's torch.clip(z, 0.): the unit's output is
 * max(z, 0) and its slope is 1 for z >= 0, the kink (z exactly 0) included. */
static inline double relu_act(double z)
{
	return z > 0 ? z : 0;
}

static inline double relu_slope(double z)
{
	return z >= 0 ? 1 : 0;
}

/* Where a member keeps its coefficients: unit k is theta[k*stride + 0..stride-1] =
 * m_k, b_k (and w_k when has_w); with has_w the constant c closes the vector.
 * relu: k 1, stride 2; relu2: k 2, stride 2; relus:K: k K, stride 3, has_w. */
struct relu_shape {
	size_t k;      /* units */
	size_t stride; /* coefficients per unit */
	int has_w;     /* 1: units carry a weight w_k and there is a constant c */
};

static double relu_m(const struct relu_shape *s, const double *t, size_t k)
{
	return t[k * s->stride];
}

static double relu_b(const struct relu_shape *s, const double *t, size_t k)
{
	return t[k * s->stride + 1];
}

static double relu_w(const struct relu_shape *s, const double *t, size_t k)
{
	return s->has_w ? t[k * s->stride + 2] : 1.0;
}

static double relu_c(const struct relu_shape *s, const double *t)
{
	return s->has_w ? t[s->k * s->stride] : 0.0;
}

static size_t relu_np(const struct relu_shape *s)
{
	return s->k * s->stride + (s->has_w ? 1 : 0);
}

/* y = c + sum_k w_k * max(m_k*x + b_k, 0)  (c = 0, w_k = 1 for relu and relu2) */
static double relu_shape_eval(const struct relu_shape *s, const double *t, double x)
{
	double y = relu_c(s, t);
	for (size_t k = 0; k < s->k; k++)
		y += relu_w(s, t, k) * relu_act(relu_m(s, t, k) * x + relu_b(s, t, k));
	return y;
}

/* dy/dm_k = w_k*x*[z_k >= 0], dy/db_k = w_k*[z_k >= 0], dy/dw_k = max(z_k, 0),
 * dy/dc = 1, where z_k = m_k*x + b_k. */
static void relu_shape_grad(const struct relu_shape *s, const double *t, double x, double *g)
{
	for (size_t k = 0; k < s->k; k++) {
		double z = relu_m(s, t, k) * x + relu_b(s, t, k);
		double ws = relu_w(s, t, k) * relu_slope(z);
		g[k * s->stride] = ws * x;
		g[k * s->stride + 1] = ws;
		if (s->has_w)
			g[k * s->stride + 2] = relu_act(z);
	}
	if (s->has_w)
		g[s->k * s->stride] = 1;
}

/* The units unpacked into separate, padded arrays for the fused pass. Padding units
 * have m = b = w = 0: they add exactly 0 to y and their sums are ignored. */
struct relu_units {
	size_t kp;			  /* units padded to a multiple of RELU_LANES */
	double c;			  /* the constant */
	_Alignas(32) double m[RELU_KMAX]; /* slopes */
	_Alignas(32) double b[RELU_KMAX]; /* intercepts */
	_Alignas(32) double w[RELU_KMAX]; /* weights */
};

/* One slice of the points and its partial sums: loss, sum of dL/dy (sc), and per unit
 * sum dL/dy*[z >= 0]*x (sm), sum dL/dy*[z >= 0] (sb), sum dL/dy*max(z, 0) (sw). */
struct relu_slice {
	const struct relu_units *u; /* the units (shared, read only) */
	const double *x, *y;	    /* the data */
	size_t lo, hi;		    /* points [lo, hi) */
	int mse;		    /* 1: MSE, 0: MAE */
	int want_grad;		    /* 0: the loss only */
	double loss, sc;	    /* sums */
	_Alignas(32) double sm[RELU_KMAX];
	_Alignas(32) double sb[RELU_KMAX];
	_Alignas(32) double sw[RELU_KMAX];
};

/* Unit l's share of the gradient sums of four points (d_j = dL/dy at x_j); inlined,
 * four units in a row become vector instructions. */
RELU_INLINE void relu_unit_sums(const double *restrict m, const double *restrict b,
				double *restrict sm, double *restrict sb, double *restrict sw,
				size_t l, const double *x, const double *d)
{
	const double z0 = m[l] * x[0] + b[l], z1 = m[l] * x[1] + b[l];
	const double z2 = m[l] * x[2] + b[l], z3 = m[l] * x[3] + b[l];
	/* one test per point: t = d * relu_slope(z), a = relu_act(z) (z where z >= 0:
	 * at z == 0 that is 0 too) */
	const int o0 = z0 >= 0, o1 = z1 >= 0, o2 = z2 >= 0, o3 = z3 >= 0;
	const double t0 = o0 ? d[0] : 0, t1 = o1 ? d[1] : 0;
	const double t2 = o2 ? d[2] : 0, t3 = o3 ? d[3] : 0;
	const double a0 = o0 ? z0 : 0, a1 = o1 ? z1 : 0, a2 = o2 ? z2 : 0, a3 = o3 ? z3 : 0;
	sw[l] += (d[0] * a0 + d[1] * a1) + (d[2] * a2 + d[3] * a3);
	sb[l] += (t0 + t1) + (t2 + t3);
	sm[l] += (t0 * x[0] + t1 * x[1]) + (t2 * x[2] + t3 * x[3]);
}

/* Every unit's share of four points' gradient sums, four units a step (kp is a
 * multiple of RELU_LANES). A point with d = 0 adds exactly 0. */
RELU_INLINE void relu_point_sums(const double *restrict m, const double *restrict b,
				 double *restrict sm, double *restrict sb, double *restrict sw,
				 size_t kp, const double *x, const double *d)
{
	for (size_t k = 0; k < kp; k += RELU_LANES) {
		relu_unit_sums(m, b, sm, sb, sw, k, x, d);
		relu_unit_sums(m, b, sm, sb, sw, k + 1, x, d);
		relu_unit_sums(m, b, sm, sb, sw, k + 2, x, d);
		relu_unit_sums(m, b, sm, sb, sw, k + 3, x, d);
	}
}

/* One point's four partial sums over units k..k+3: p[l] += w*max(m*x + b, 0). */
RELU_INLINE void relu_lane_eval(const double *restrict m, const double *restrict b,
				const double *restrict w, size_t k, double x, double *p)
{
	p[0] += w[k] * relu_act(m[k] * x + b[k]);
	p[1] += w[k + 1] * relu_act(m[k + 1] * x + b[k + 1]);
	p[2] += w[k + 2] * relu_act(m[k + 2] * x + b[k + 2]);
	p[3] += w[k + 3] * relu_act(m[k + 3] * x + b[k + 3]);
}

/* sum_k w_k*max(m_k*x + b_k, 0) at four points: RELU_LANES independent partial sums
 * per point (lanes, no reassociation), added pairwise at the end; four independent
 * chains keep the adder busy. */
RELU_INLINE void relu_point_eval(const double *restrict m, const double *restrict b,
				 const double *restrict w, size_t kp, const double *x, double *y)
{
	double p0[4] = {0, 0, 0, 0}, p1[4] = {0, 0, 0, 0};
	double p2[4] = {0, 0, 0, 0}, p3[4] = {0, 0, 0, 0};
	for (size_t k = 0; k < kp; k += RELU_LANES) {
		relu_lane_eval(m, b, w, k, x[0], p0);
		relu_lane_eval(m, b, w, k, x[1], p1);
		relu_lane_eval(m, b, w, k, x[2], p2);
		relu_lane_eval(m, b, w, k, x[3], p3);
	}
	y[0] = (p0[0] + p0[1]) + (p0[2] + p0[3]);
	y[1] = (p1[0] + p1[1]) + (p1[2] + p1[3]);
	y[2] = (p2[0] + p2[1]) + (p2[2] + p2[3]);
	y[3] = (p3[0] + p3[1]) + (p3[2] + p3[3]);
}

/* The loss of residual r into *loss, and returns dL/dr (MAE's is 0 at r = 0). */
RELU_INLINE double relu_point_loss(int mse, double r, double *loss)
{
	if (mse) {
		*loss += r * r;
		return 2 * r;
	}
	*loss += fabs(r);
	return (r > 0) - (r < 0);
}

/* The fused pass over points [lo, hi) of (xs, ys) for kp units (m, b, w; a multiple of
 * RELU_LANES) and the constant c, four points at a time (independent chains, the
 * units' coefficients and sums loaded once for all four; past hi the last point is
 * repeated with d = 0): the predictions, residuals and loss derivatives d, then every
 * unit's gradient sums into sm, sb, sw (zeroed here). The compiler turns each group
 * of four units into vector instructions: GCC's -O2 vectorizer only takes loops whose
 * groups fill vectors exactly and whose pointers cannot alias, hence the explicit
 * four-unit groups and the restrict parameters (check with -fopt-info-vec after a
 * change; bench/bench-relu.c shows the cost). The loss sum and the sum of d go to
 * *loss_out and *sc_out. No calls, no allocation. */
RELU_CLONES static void relu_pass(const double *restrict m, const double *restrict b,
				  const double *restrict w, size_t kp, double c,
				  const double *restrict xs, const double *restrict ys, size_t lo,
				  size_t hi, int mse, int want_grad, double *restrict sm,
				  double *restrict sb, double *restrict sw, double *loss_out,
				  double *sc_out)
{
	double loss = 0, sc = 0;
	for (size_t k = 0; k < kp; k++)
		sm[k] = sb[k] = sw[k] = 0;
	for (size_t i = lo; i < hi; i += 4) {
		double x[4], y[4], d[4] = {0, 0, 0, 0};
		const size_t nb = hi - i < 4 ? hi - i : 4;
		for (size_t j = 0; j < 4; j++)
			x[j] = xs[j < nb ? i + j : hi - 1];
		relu_point_eval(m, b, w, kp, x, y);
		for (size_t j = 0; j < nb; j++)
			d[j] = relu_point_loss(mse, c + y[j] - ys[i + j], &loss);
		sc += (d[0] + d[1]) + (d[2] + d[3]);
		if (want_grad)
			relu_point_sums(m, b, sm, sb, sw, kp, x, d);
	}
	*loss_out = loss;
	*sc_out = sc;
}

static void relu_slice_run(struct relu_slice *sl)
{
	const struct relu_units *u = sl->u;
	relu_pass(u->m, u->b, u->w, u->kp, u->c, sl->x, sl->y, sl->lo, sl->hi, sl->mse,
		  sl->want_grad, sl->sm, sl->sb, sl->sw, &sl->loss, &sl->sc);
}

static void *relu_slice_thread(void *arg)
{
	relu_slice_run(arg);
	return NULL;
}

/* Mean loss and gradient of a shape over the data: the points split in two halves
 * on two threads when n*K is large (the second half inline if no thread starts),
 * summed in a fixed order, so the result is the same on every run. */
static double relu_shape_loss_grad(const struct relu_shape *s, const double *t,
				   const struct data *data, enum loss_kind loss, double *grad)
{
	struct relu_units u;
	struct relu_slice part[2];
	size_t n = data->n, k = s->k;
	u.kp = (k + RELU_LANES - 1) / RELU_LANES * RELU_LANES;
	u.c = relu_c(s, t);
	for (size_t j = 0; j < u.kp; j++) {
		u.m[j] = j < k ? relu_m(s, t, j) : 0;
		u.b[j] = j < k ? relu_b(s, t, j) : 0;
		u.w[j] = j < k ? relu_w(s, t, j) : 0;
	}
	size_t nparts = n >= 2 && n * (u.kp ? u.kp : 1) >= RELU_PAR_WORK ? 2 : 1;
	for (size_t p = 0; p < nparts; p++) {
		part[p].u = &u;
		part[p].x = data->x;
		part[p].y = data->y;
		part[p].lo = p == 0 ? 0 : n / 2;
		part[p].hi = nparts == 1 || p == 1 ? n : n / 2;
		part[p].mse = loss != LOSS_MAE;
		part[p].want_grad = grad != NULL;
	}
	pthread_t th;
	int threaded = nparts == 2 && pthread_create(&th, NULL, relu_slice_thread, &part[1]) == 0;
	relu_slice_run(&part[0]);
	if (nparts == 2) {
		if (threaded)
			pthread_join(th, NULL);
		else
			relu_slice_run(&part[1]);
		part[0].loss += part[1].loss;
		part[0].sc += part[1].sc;
		for (size_t j = 0; j < k; j++) {
			part[0].sm[j] += part[1].sm[j];
			part[0].sb[j] += part[1].sb[j];
			part[0].sw[j] += part[1].sw[j];
		}
	}
	const double inv = 1.0 / (double)n;
	if (grad) {
		for (size_t j = 0; j < k; j++) {
			grad[j * s->stride] = u.w[j] * part[0].sm[j] * inv;
			grad[j * s->stride + 1] = u.w[j] * part[0].sb[j] * inv;
			if (s->has_w)
				grad[j * s->stride + 2] = part[0].sw[j] * inv;
		}
		if (s->has_w)
			grad[k * s->stride] = part[0].sc * inv;
	}
	return part[0].loss * inv;
}

/* Unit k's own contribution at x: w_k * max(m_k*x + b_k, 0). */
static double relu_shape_unit_eval(const struct relu_shape *s, const double *t, size_t k, double x)
{
	if (k >= s->k)
		return 0;
	return relu_w(s, t, k) * relu_act(relu_m(s, t, k) * x + relu_b(s, t, k));
}

/* Unit k's kink, x = -b_k/m_k; -1 when m_k is 0 (no kink) or it is not finite. */
static int relu_shape_unit_kink(const struct relu_shape *s, const double *t, size_t k, double *x)
{
	if (k >= s->k)
		return -1;
	double m = relu_m(s, t, k);
	if (m == 0)
		return -1;
	double v = -relu_b(s, t, k) / m;
	if (!isfinite(v))
		return -1;
	*x = v;
	return 0;
}

/* Append to buf at *pos; -1 once it no longer fits. */
static int relu_put(char *buf, size_t len, size_t *pos, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 4, 5)))
#endif
    ;

static int relu_put(char *buf, size_t len, size_t *pos, const char *fmt, ...)
{
	if (*pos >= len)
		return -1;
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(buf + *pos, len - *pos, fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= len - *pos)
		return -1;
	*pos += (size_t)n;
	return 0;
}

/* gnuplot: (c)+(w1)*(((m1)*x+(b1))>0?((m1)*x+(b1)):0)+... with %.17g numbers. */
static int relu_shape_describe(const struct relu_shape *s, const double *t, char *buf, size_t len)
{
	size_t pos = 0;
	if (len)
		buf[0] = 0;
	if (s->has_w && relu_put(buf, len, &pos, "(%.17g)", relu_c(s, t)) != 0)
		return -1;
	for (size_t k = 0; k < s->k; k++) {
		double m = relu_m(s, t, k), b = relu_b(s, t, k);
		if (pos && relu_put(buf, len, &pos, "+") != 0)
			return -1;
		if (s->has_w && relu_put(buf, len, &pos, "(%.17g)*", relu_w(s, t, k)) != 0)
			return -1;
		if (relu_put(buf, len, &pos, "(((%.17g)*x+(%.17g))>0?((%.17g)*x+(%.17g)):0)", m, b,
			     m, b) != 0)
			return -1;
	}
	return 0;
}

/* The sheet of a shape: features x, 1; unit k's column of W is m_k, b_k; clipped;
 * v_k = w_k and the constant c when has_w, else 1 and 0. */
static void relu_shape_sheet(const struct relu_shape *s, struct model_sheet *out)
{
	*out = (struct model_sheet){.nfeat = 2,
				    .units = s->k,
				    .clip = 1,
				    .w_js = 1,
				    .w_ks = s->stride,
				    .v_off = s->has_w ? 2 : -1,
				    .v_ks = s->has_w ? s->stride : 0,
				    .c_off = s->has_w ? (long)(s->k * s->stride) : -1};
}

static void relu_sheet_features(const struct model_cfg *cfg, const double *x, double *f)
{
	f[0] = x[0];
	f[1] = 1;
}

static void relu_sheet_feature_name(const struct model_cfg *cfg, size_t j, int utf8, char *buf,
				    size_t len)
{
	snprintf(buf, len, "%s", j == 0 ? "x" : "1");
}

/* ---- relu: y = max(m*x + b, 0) ---- */

static const struct relu_shape relu_one = {1, 2, 0};

static size_t relu_nparams(const struct model_cfg *cfg)
{
	return 2;
}

static void relu_param_name(const struct model_cfg *cfg, size_t i, char *buf, size_t len)
{
	snprintf(buf, len, "%s", i == 0 ? "m" : i == 1 ? "b" : "?");
}

/* The notebook's sliders: m = b = 1.5. */
static void relu_init(const struct model_cfg *cfg, double *theta)
{
	theta[0] = theta[1] = 1.5;
}

static double relu_eval(const struct model_cfg *cfg, const double *t, const double *x)
{
	return relu_shape_eval(&relu_one, t, x[0]);
}

static void relu_grad(const struct model_cfg *cfg, const double *t, const double *x, double *g)
{
	relu_shape_grad(&relu_one, t, x[0], g);
}

static double relu_loss_grad(const struct model_cfg *cfg, const double *t, const struct data *data,
			     enum loss_kind loss, double *grad)
{
	return relu_shape_loss_grad(&relu_one, t, data, loss, grad);
}

static void relu_formula(const struct model_cfg *cfg, int utf8, char *buf, size_t len)
{
	snprintf(buf, len, "%s", utf8 ? "y = max(m·x + b, 0)" : "y = max(m*x + b, 0)");
}

static int relu_describe(const struct model_cfg *cfg, const double *t, char *buf, size_t len)
{
	return relu_shape_describe(&relu_one, t, buf, len);
}

static size_t relu_nunits(const struct model_cfg *cfg)
{
	return 1;
}

static double relu_unit_eval(const struct model_cfg *cfg, const double *t, size_t k, double x)
{
	return relu_shape_unit_eval(&relu_one, t, k, x);
}

static int relu_unit_kink(const struct model_cfg *cfg, const double *t, size_t k, double *x)
{
	return relu_shape_unit_kink(&relu_one, t, k, x);
}

static long relu_param_unit(const struct model_cfg *cfg, size_t i)
{
	return i < 2 ? 0 : -1;
}

static void relu_sheet(const struct model_cfg *cfg, struct model_sheet *s)
{
	relu_shape_sheet(&relu_one, s);
}

const struct model_type model_relu = {
    .name = "relu",
    .takes_k = 0,
    .linear = 0,
    .min_d = 1,
    .max_d = 1,
    .nparams = relu_nparams,
    .param_name = relu_param_name,
    .init = relu_init,
    .eval = relu_eval,
    .grad = relu_grad,
    .loss_grad = relu_loss_grad,
    .formula = relu_formula,
    .describe = relu_describe,
    .nunits = relu_nunits,
    .unit_eval = relu_unit_eval,
    .unit_kink = relu_unit_kink,
    .param_unit = relu_param_unit,
    .relu_stride = 2,
    .sheet = relu_sheet,
    .sheet_features = relu_sheet_features,
    .sheet_feature_name = relu_sheet_feature_name,
};

/* ---- relu2: y = max(m1*x + b1, 0) + max(m2*x + b2, 0) ---- */

static const struct relu_shape relu_two = {2, 2, 0};

static size_t relu2_nparams(const struct model_cfg *cfg)
{
	return 4;
}

static void relu2_param_name(const struct model_cfg *cfg, size_t i, char *buf, size_t len)
{
	if (i < 4)
		snprintf(buf, len, "%c%zu", i % 2 ? 'b' : 'm', i / 2 + 1);
	else
		snprintf(buf, len, "?");
}

/* The notebook's sliders: m1 = b1 = -1.5, m2 = b2 = 1.5. */
static void relu2_init(const struct model_cfg *cfg, double *theta)
{
	theta[0] = theta[1] = -1.5;
	theta[2] = theta[3] = 1.5;
}

static double relu2_eval(const struct model_cfg *cfg, const double *t, const double *x)
{
	return relu_shape_eval(&relu_two, t, x[0]);
}

static void relu2_grad(const struct model_cfg *cfg, const double *t, const double *x, double *g)
{
	relu_shape_grad(&relu_two, t, x[0], g);
}

static double relu2_loss_grad(const struct model_cfg *cfg, const double *t, const struct data *data,
			      enum loss_kind loss, double *grad)
{
	return relu_shape_loss_grad(&relu_two, t, data, loss, grad);
}

static void relu2_formula(const struct model_cfg *cfg, int utf8, char *buf, size_t len)
{
	snprintf(buf, len, "%s",
		 utf8 ? "y = max(m1·x + b1, 0) + max(m2·x + b2, 0)"
		      : "y = max(m1*x + b1, 0) + max(m2*x + b2, 0)");
}

static int relu2_describe(const struct model_cfg *cfg, const double *t, char *buf, size_t len)
{
	return relu_shape_describe(&relu_two, t, buf, len);
}

static size_t relu2_nunits(const struct model_cfg *cfg)
{
	return 2;
}

static double relu2_unit_eval(const struct model_cfg *cfg, const double *t, size_t k, double x)
{
	return relu_shape_unit_eval(&relu_two, t, k, x);
}

static int relu2_unit_kink(const struct model_cfg *cfg, const double *t, size_t k, double *x)
{
	return relu_shape_unit_kink(&relu_two, t, k, x);
}

static long relu2_param_unit(const struct model_cfg *cfg, size_t i)
{
	return i < 4 ? (long)(i / 2) : -1;
}

static void relu2_sheet(const struct model_cfg *cfg, struct model_sheet *s)
{
	relu_shape_sheet(&relu_two, s);
}

const struct model_type model_relu2 = {
    .name = "relu2",
    .takes_k = 0,
    .linear = 0,
    .min_d = 1,
    .max_d = 1,
    .nparams = relu2_nparams,
    .param_name = relu2_param_name,
    .init = relu2_init,
    .eval = relu2_eval,
    .grad = relu2_grad,
    .loss_grad = relu2_loss_grad,
    .formula = relu2_formula,
    .describe = relu2_describe,
    .nunits = relu2_nunits,
    .unit_eval = relu2_unit_eval,
    .unit_kink = relu2_unit_kink,
    .param_unit = relu2_param_unit,
    .relu_stride = 2,
    .sheet = relu2_sheet,
    .sheet_features = relu_sheet_features,
    .sheet_feature_name = relu_sheet_feature_name,
};

/* ---- relus:K: y = c + sum_k w_k * max(m_k*x + b_k, 0), theta = m1 b1 w1 ... c ---- */

static struct relu_shape relus_shape(const struct model_cfg *cfg)
{
	struct relu_shape s = {cfg->k <= RELU_KMAX ? cfg->k : RELU_KMAX, 3, 1};
	return s;
}

static size_t relus_nparams(const struct model_cfg *cfg)
{
	struct relu_shape s = relus_shape(cfg);
	return relu_np(&s);
}

static void relus_param_name(const struct model_cfg *cfg, size_t i, char *buf, size_t len)
{
	struct relu_shape s = relus_shape(cfg);
	if (i < 3 * s.k)
		snprintf(buf, len, "%c%zu", "mbw"[i % 3], i / 3 + 1);
	else
		snprintf(buf, len, "%s", i == 3 * s.k ? "c" : "?");
}

/* splitmix64 (Steele, Lea, Flood 2014): a small seeded generator for the start. */
static uint64_t relus_mix(uint64_t *state)
{
	uint64_t z = (*state += UINT64_C(0x9e3779b97f4a7c15));
	z = (z ^ (z >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
	z = (z ^ (z >> 27)) * UINT64_C(0x94d049bb133111eb);
	return z ^ (z >> 31);
}

/* Uniform in [0, 1), 53 bits. */
static double relus_uniform(uint64_t *state)
{
	return (double)(relus_mix(state) >> 11) * 0x1p-53;
}

/* The x range units are spread over: [xlo, xhi], or a unit range around it when it is
 * empty or unknown. */
static void relus_range(const struct model_cfg *cfg, double *lo, double *hi)
{
	*lo = cfg->xlo;
	*hi = cfg->xhi;
	if (!isfinite(*lo) || !isfinite(*hi) || !(*lo < *hi)) {
		double mid = isfinite(*lo) && isfinite(*hi) ? (*lo + *hi) / 2 : 0;
		*lo = mid - 1;
		*hi = mid + 1;
	}
}

/* A seeded start that descent can work from: unit k's kink q_k lies in the k-th of K
 * equal slices of [xlo, xhi] (jittered), its slope is (2.5..3.5)*2/(xhi - xlo),
 * rising to the right for even k and to the left for odd k, b_k = -m_k*q_k, its
 * weight +-(1.5..2)/sqrt(K), and c = 0. Every unit is alive on part of the data,
 * both directions are covered, and the curve starts with bends of the size descent
 * needs (smaller starts leave units stranded in flat, dead regions more often: with
 * relus:8 on sin(3x), 8 seeds out of 8 cut the MSE by 90% with this start). */
static void relus_init(const struct model_cfg *cfg, double *theta)
{
	struct relu_shape s = relus_shape(cfg);
	uint64_t st = (uint64_t)cfg->seed ^ UINT64_C(0x72656c7573); /* "relus" */
	double lo, hi;
	relus_range(cfg, &lo, &hi);
	double span = hi - lo, ws = 1 / sqrt(s.k ? (double)s.k : 1);
	for (size_t k = 0; k < s.k; k++) {
		double q = lo + span * ((double)k + 0.25 + 0.5 * relus_uniform(&st)) / (double)s.k;
		double m = (2.5 + relus_uniform(&st)) * 2 / span;
		if (k % 2)
			m = -m;
		double w = (1.5 + 0.5 * relus_uniform(&st)) * ws;
		if (relus_uniform(&st) < 0.5)
			w = -w;
		theta[3 * k] = m;
		theta[3 * k + 1] = -m * q;
		theta[3 * k + 2] = w;
	}
	theta[3 * s.k] = 0;
}

static double relus_eval(const struct model_cfg *cfg, const double *t, const double *x)
{
	struct relu_shape s = relus_shape(cfg);
	return relu_shape_eval(&s, t, x[0]);
}

static void relus_grad(const struct model_cfg *cfg, const double *t, const double *x, double *g)
{
	struct relu_shape s = relus_shape(cfg);
	relu_shape_grad(&s, t, x[0], g);
}

static double relus_loss_grad(const struct model_cfg *cfg, const double *t, const struct data *data,
			      enum loss_kind loss, double *grad)
{
	struct relu_shape s = relus_shape(cfg);
	return relu_shape_loss_grad(&s, t, data, loss, grad);
}

static void relus_formula(const struct model_cfg *cfg, int utf8, char *buf, size_t len)
{
	if (utf8)
		snprintf(buf, len, "y = c + Σ wₖ·max(mₖ·x + bₖ, 0), k = 1..%zu", cfg->k);
	else
		snprintf(buf, len, "y = c + sum_k w_k*max(m_k*x + b_k, 0), k = 1..%zu", cfg->k);
}

static int relus_describe(const struct model_cfg *cfg, const double *t, char *buf, size_t len)
{
	struct relu_shape s = relus_shape(cfg);
	return relu_shape_describe(&s, t, buf, len);
}

static size_t relus_nunits(const struct model_cfg *cfg)
{
	return relus_shape(cfg).k;
}

static double relus_unit_eval(const struct model_cfg *cfg, const double *t, size_t k, double x)
{
	struct relu_shape s = relus_shape(cfg);
	return relu_shape_unit_eval(&s, t, k, x);
}

static int relus_unit_kink(const struct model_cfg *cfg, const double *t, size_t k, double *x)
{
	struct relu_shape s = relus_shape(cfg);
	return relu_shape_unit_kink(&s, t, k, x);
}

static long relus_param_unit(const struct model_cfg *cfg, size_t i)
{
	return i < 3 * relus_shape(cfg).k ? (long)(i / 3) : -1;
}

/* One unit more, appended before c with w = 0 so the curve does not move; its kink
 * sits in the middle of the widest gap between the kinks inside [xlo, xhi] (the range
 * ends count as kinks), its slope +-2/(xhi - xlo), alternating with K, so descent
 * (through dL/dw) puts it to work where the curve has no bend yet. */
static int relus_add_unit(const struct model_cfg *cfg, const double *t, double *out)
{
	struct relu_shape s = relus_shape(cfg);
	if (cfg->k >= RELU_KMAX)
		return -1;
	double lo, hi, q[RELU_KMAX + 2];
	relus_range(cfg, &lo, &hi);
	size_t nq = 0;
	q[nq++] = lo;
	q[nq++] = hi;
	for (size_t k = 0; k < s.k; k++) {
		double v;
		if (relu_shape_unit_kink(&s, t, k, &v) == 0 && v > lo && v < hi)
			q[nq++] = v;
	}
	/* insertion sort: at most RELU_KMAX + 2 values */
	for (size_t i = 1; i < nq; i++)
		for (size_t j = i; j > 0 && q[j - 1] > q[j]; j--) {
			double tmp = q[j];
			q[j] = q[j - 1];
			q[j - 1] = tmp;
		}
	size_t widest = 0;
	for (size_t i = 1; i + 1 < nq; i++)
		if (q[i + 1] - q[i] > q[widest + 1] - q[widest])
			widest = i;
	double kink = (q[widest] + q[widest + 1]) / 2;
	double m = (s.k % 2 ? -2.0 : 2.0) / (hi - lo);
	memmove(out, t, 3 * s.k * sizeof *out);
	out[3 * s.k + 3] = t[3 * s.k]; /* c, written before its old place is overwritten */
	out[3 * s.k] = m;
	out[3 * s.k + 1] = -m * kink;
	out[3 * s.k + 2] = 0;
	return 0;
}

/* The same model without unit `unit` (K - 1 units; at least one stays). */
static int relus_remove_unit(const struct model_cfg *cfg, const double *t, size_t unit, double *out)
{
	struct relu_shape s = relus_shape(cfg);
	if (s.k < 2 || unit >= s.k)
		return -1;
	memmove(out, t, 3 * unit * sizeof *out);
	memmove(out + 3 * unit, t + 3 * (unit + 1), (3 * (s.k - unit - 1) + 1) * sizeof *out);
	return 0;
}

static void relus_sheet(const struct model_cfg *cfg, struct model_sheet *s)
{
	struct relu_shape sh = relus_shape(cfg);
	relu_shape_sheet(&sh, s);
}

const struct model_type model_relus = {
    .name = "relus",
    .takes_k = 1,
    .linear = 0,
    .min_d = 1,
    .max_d = 1,
    .nparams = relus_nparams,
    .param_name = relus_param_name,
    .init = relus_init,
    .eval = relus_eval,
    .grad = relus_grad,
    .loss_grad = relus_loss_grad,
    .formula = relus_formula,
    .describe = relus_describe,
    .nunits = relus_nunits,
    .unit_eval = relus_unit_eval,
    .unit_kink = relus_unit_kink,
    .param_unit = relus_param_unit,
    .relu_stride = 3,
    .relu_has_w = 1,
    .add_unit = relus_add_unit,
    .remove_unit = relus_remove_unit,
    .sheet = relus_sheet,
    .sheet_features = relu_sheet_features,
    .sheet_feature_name = relu_sheet_feature_name,
};
