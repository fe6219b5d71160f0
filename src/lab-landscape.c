/* SPDX-License-Identifier: GPL-3.0-or-later */
/* lab-landscape.c: the loss over a grid of two coefficients (the others held), by the
 * fastest exact route the model allows, cached, computed by rows on request; and the
 * descent path mapped onto the grid. */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "lab.h"
#include "util.h"

#define LAB_LAND_MAX_CACHE ((size_t)1 << 24) /* doubles of row/column parts at most */
#define LAB_LAND_QF_MAXNP  64		     /* quadform up to this many coefficients */
#define LAB_LAND_CHECK_TOL 1e-9		     /* unit decompositions: relative mismatch */

/* The cache behind a landscape. */
struct lab_land_priv {
	int valid;		    /* 1: the key below describes v */
	size_t col;		    /* cells of row rows_done computed so far */
	const struct model_type *t; /* key: model */
	struct model_cfg cfg;	    /* key: its configuration */
	const struct data *d;	    /* key: data (pointer) */
	size_t n;		    /* key: its size */
	uint64_t dsum;		    /* key: checksum of its values */
	enum loss_kind loss;	    /* key: loss */
	size_t np;		    /* coefficients */
	double *theta;		    /* key: the coefficients (np, capacity thcap) */
	size_t thcap;
	double *tw; /* scratch coefficients (np, capacity twcap) */
	size_t twcap;

	int gram_valid; /* 1: G belongs to gt/gcfg/gd/gn/gsum */
	const struct model_type *gt;
	struct model_cfg gcfg;
	const struct data *gd;
	size_t gn;
	uint64_t gsum;
	double G[LAB_LAND_QF_MAXNP * LAB_LAND_QF_MAXNP]; /* J^T J / n of a linear model */
	double L0, gp, gq; /* quadform: loss and gradient (p, q) at theta */

	double *A, *B; /* separable: w*n column parts, h*n row parts */
	size_t acap, bcap;
	double *rest; /* unit: n residuals without the unit */
	double *hold; /* separable: n values of the held unit (scratch) */
	size_t holdcap;
	size_t rcap;
	long unit;   /* unit: the unit of p and q */
	size_t vcap; /* capacity of v */

	double *SA, *SB; /* separable MSE: sum of A^2 per column, B^2 per row */
	size_t sacap, sbcap;

	/* relu: the data sorted by x (cached on the data), prefix sums over it */
	int sort_valid;
	const struct data *sort_d;
	size_t sort_n;
	uint64_t sort_sum;
	size_t *perm; /* sorted position -> point */
	double *xs;   /* sorted x */
	size_t permcap, xscap;
	double *pre; /* 5 * (n+1): prefix counts of r*x, r, x^2, x (and R2) */
	size_t precap;
	double r2;	    /* sum of the residuals without the unit, squared */
	double um, ub, uw;  /* the unit's held m, b, w */
	int role_p, role_q; /* 0 m, 1 b, 2 w */

	/* relu pair: the unit side (R) and the other side (A) of a separable grid */
	int r_is_q;	 /* 1: rows move the ReLU unit, 0: columns do */
	double *ra, *rv; /* per A value: sum A^2, T(old); per R value: SU2, m, b, w, lo, hi */
	size_t racap, rvcap;
};

const char *lab_land_strategy_name(enum lab_land_strategy s)
{
	switch (s) {
	case LAB_LAND_QUADFORM:
		return "quadform";
	case LAB_LAND_SEPARABLE:
		return "separable";
	case LAB_LAND_UNIT:
		return "unit";
	case LAB_LAND_RELU:
		return "relu";
	case LAB_LAND_RELU_PAIR:
		return "relu-pair";
	case LAB_LAND_GENERIC:
		return "generic";
	default:
		return "";
	}
}

struct lab_landscape *lab_landscape_alloc(void)
{
	struct lab_landscape *L = fp_calloc(1, sizeof *L);
	if (!L)
		return NULL;
	L->priv = fp_calloc(1, sizeof *L->priv);
	if (!L->priv) {
		fp_free(L);
		return NULL;
	}
	L->vmin = INFINITY;
	L->vmax = -INFINITY;
	return L;
}

void lab_landscape_free(struct lab_landscape *L)
{
	if (!L)
		return;
	struct lab_land_priv *P = L->priv;
	if (P) {
		fp_free(P->theta);
		fp_free(P->tw);
		fp_free(P->A);
		fp_free(P->B);
		fp_free(P->rest);
		fp_free(P->hold);
		fp_free(P->ra);
		fp_free(P->rv);
		fp_free(P->SA);
		fp_free(P->SB);
		fp_free(P->perm);
		fp_free(P->xs);
		fp_free(P->pre);
		fp_free(P);
	}
	fp_free(L->v);
	fp_free(L);
}

void lab_landscape_invalidate(struct lab_landscape *L)
{
	L->priv->valid = 0;
	L->priv->gram_valid = 0;
	L->priv->sort_valid = 0;
}

/* Grow *buf to hold n doubles. Returns 0 or -1. */
static int reserve(double **buf, size_t *cap, size_t n)
{
	if (n <= *cap && *buf)
		return 0;
	double *b = fp_realloc(*buf, (n ? n : 1) * sizeof *b);
	if (!b)
		return -1;
	*buf = b;
	*cap = n;
	return 0;
}

/* FNV-1a over the 64-bit words of the inputs and outputs. */
static uint64_t data_sum(const struct data *d)
{
	uint64_t h = 1469598103934665603ULL ^ (uint64_t)d->n;
	size_t m = d->n * d->d;
	for (size_t i = 0; i < m; i++) {
		uint64_t u;
		memcpy(&u, &d->x[i], sizeof u);
		h = (h ^ u) * 1099511628211ULL;
	}
	for (size_t i = 0; i < d->n; i++) {
		uint64_t u;
		memcpy(&u, &d->y[i], sizeof u);
		h = (h ^ u) * 1099511628211ULL;
	}
	return h;
}

static int same_cfg(const struct model_cfg *a, const struct model_cfg *b)
{
	return a->k == b->k && a->d == b->d && a->xlo == b->xlo && a->xhi == b->xhi &&
	       a->seed == b->seed && a->names == b->names;
}

static int same_spec(const struct lab_land_spec *a, const struct lab_land_spec *b)
{
	return a->p == b->p && a->q == b->q && a->plo == b->plo && a->phi == b->phi &&
	       a->qlo == b->qlo && a->qhi == b->qhi && a->w == b->w && a->h == b->h;
}

/* theta_p of column c and theta_q of row r: the cell centres. */
static double col_value(const struct lab_land_spec *s, size_t c)
{
	return s->plo + ((double)c + 0.5) * (s->phi - s->plo) / (double)s->w;
}

static double row_value(const struct lab_land_spec *s, size_t r)
{
	return s->qhi - ((double)r + 0.5) * (s->qhi - s->qlo) / (double)s->h;
}

/* The Gram matrix J^T J / n of a linear model, cached on model, cfg and data. */
static void gram(struct lab_land_priv *P, const struct model_type *t, const struct model_cfg *cfg,
		 const struct data *d, uint64_t dsum, size_t np)
{
	if (P->gram_valid && P->gt == t && same_cfg(&P->gcfg, cfg) && P->gd == d && P->gn == d->n &&
	    P->gsum == dsum)
		return;
	double g[LAB_LAND_QF_MAXNP];
	memset(P->G, 0, np * np * sizeof *P->G);
	for (size_t i = 0; i < d->n; i++) {
		t->grad(cfg, NULL, d->x + i * d->d, g);
		for (size_t a = 0; a < np; a++)
			for (size_t b = a; b < np; b++)
				P->G[a * np + b] += g[a] * g[b];
	}
	double inv = 1.0 / (double)d->n;
	for (size_t a = 0; a < np; a++)
		for (size_t b = a; b < np; b++) {
			P->G[a * np + b] *= inv;
			P->G[b * np + a] = P->G[a * np + b];
		}
	P->gram_valid = 1;
	P->gt = t;
	P->gcfg = *cfg;
	P->gd = d;
	P->gn = d->n;
	P->gsum = dsum;
}

/* The parts of a separable grid, as changes from the held coefficients so that the
 * terms stay small: for each of `count` values of coefficient idx, into
 * out[j*n + i], either unit `unit`'s change at x_i (full = 0), or the whole residual
 * y(x_i) - y_i with the coefficient set (full = 1); plus add[i] when add != NULL. */
static void fill_part(struct lab_land_priv *P, const struct data *d, double *out, size_t count,
		      const double *values, size_t idx, long unit, int full, const double *add)
{
	const struct model_type *t = P->t;
	size_t n = d->n;
	double *base = P->hold; /* add - the held unit, once for all values */
	if (!full)
		for (size_t i = 0; i < n; i++)
			base[i] = (add ? add[i] : 0) -
				  t->unit_eval(&P->cfg, P->theta, (size_t)unit, d->x[i]);
	memcpy(P->tw, P->theta, P->np * sizeof *P->tw);
	for (size_t j = 0; j < count; j++) {
		double *o = out + j * n;
		P->tw[idx] = values[j];
		if (full)
			for (size_t i = 0; i < n; i++)
				o[i] = t->eval(&P->cfg, P->tw, d->x + i) - d->y[i] +
				       (add ? add[i] : 0);
		else
			for (size_t i = 0; i < n; i++)
				o[i] =
				    t->unit_eval(&P->cfg, P->tw, (size_t)unit, d->x[i]) + base[i];
	}
}

/* With four partial sums (no reassociation needed): mode 1 sum (a[i] + b[i])^2,
 * mode 0 sum |a[i] + b[i]|, mode 2 sum a[i]*b[i]. */
static double sum_pair(const double *a, const double *b, size_t n, int mode)
{
	double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
	size_t i = 0;
	if (mode == 1) {
		for (; i + 4 <= n; i += 4) {
			double r0 = a[i] + b[i], r1 = a[i + 1] + b[i + 1];
			double r2 = a[i + 2] + b[i + 2], r3 = a[i + 3] + b[i + 3];
			s0 += r0 * r0;
			s1 += r1 * r1;
			s2 += r2 * r2;
			s3 += r3 * r3;
		}
		for (; i < n; i++) {
			double r = a[i] + b[i];
			s0 += r * r;
		}
	} else if (mode == 2) {
		for (; i + 4 <= n; i += 4) {
			s0 += a[i] * b[i];
			s1 += a[i + 1] * b[i + 1];
			s2 += a[i + 2] * b[i + 2];
			s3 += a[i + 3] * b[i + 3];
		}
		for (; i < n; i++)
			s0 += a[i] * b[i];
	} else {
		for (; i + 4 <= n; i += 4) {
			s0 += fabs(a[i] + b[i]);
			s1 += fabs(a[i + 1] + b[i + 1]);
			s2 += fabs(a[i + 2] + b[i + 2]);
			s3 += fabs(a[i + 3] + b[i + 3]);
		}
		for (; i < n; i++)
			s0 += fabs(a[i] + b[i]);
	}
	return (s0 + s1) + (s2 + s3);
}

/* Row r of a separable MSE grid: sum A^2 + sum B^2 + 2 A.B, four columns at a time
 * (one pass over B's row for four dot products). */
static void sep_row_mse(struct lab_landscape *L, size_t r, double *out)
{
	const struct lab_land_priv *P = L->priv;
	size_t n = P->n, w = L->spec.w, c = 0;
	const double *b = P->B + r * n;
	double inv = 1.0 / (double)n;
	for (; c + 4 <= w; c += 4) {
		const double *a0 = P->A + c * n, *a1 = a0 + n, *a2 = a1 + n, *a3 = a2 + n;
		double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
		for (size_t i = 0; i < n; i++) {
			double bi = b[i];
			s0 += a0[i] * bi;
			s1 += a1[i] * bi;
			s2 += a2[i] * bi;
			s3 += a3[i] * bi;
		}
		out[c] = (P->SA[c] + P->SB[r] + 2 * s0) * inv;
		out[c + 1] = (P->SA[c + 1] + P->SB[r] + 2 * s1) * inv;
		out[c + 2] = (P->SA[c + 2] + P->SB[r] + 2 * s2) * inv;
		out[c + 3] = (P->SA[c + 3] + P->SB[r] + 2 * s3) * inv;
	}
	for (; c < w; c++)
		out[c] = (P->SA[c] + P->SB[r] + 2 * sum_pair(P->A + c * n, b, n, 2)) * inv;
	for (c = 0; c < w; c++)
		if (out[c] < 0)
			out[c] = 0; /* rounding below an exact zero */
}

/* The residual of point i at cell (c, r) as the strategy computes it. */
static double cell_residual(const struct lab_landscape *L, size_t c, size_t r, size_t i)
{
	const struct lab_land_priv *P = L->priv;
	size_t n = P->n;
	if (L->strategy == LAB_LAND_SEPARABLE)
		return P->A[c * n + i] + P->B[r * n + i];
	/* UNIT: rest holds the residuals without the unit */
	return P->rest[i] + P->t->unit_eval(&P->cfg, P->tw, (size_t)P->unit, P->d->x[i]);
}

/* Check a unit decomposition against full evaluations at the corners and the centre.
 * Returns 0 when every residual matches. */
static int check_units(struct lab_landscape *L)
{
	struct lab_land_priv *P = L->priv;
	const struct lab_land_spec *s = &L->spec;
	const struct data *d = P->d;
	size_t cs[5] = {0, s->w - 1, 0, s->w - 1, s->w / 2};
	size_t rs[5] = {0, 0, s->h - 1, s->h - 1, s->h / 2};
	for (int k = 0; k < 5; k++) {
		memcpy(P->tw, P->theta, P->np * sizeof *P->tw);
		P->tw[s->p] = col_value(s, cs[k]);
		P->tw[s->q] = row_value(s, rs[k]);
		for (size_t i = 0; i < d->n; i++) {
			double yy = P->t->eval(&P->cfg, P->tw, d->x + i);
			double direct = yy - d->y[i];
			double got = cell_residual(L, cs[k], rs[k], i);
			if (!isfinite(direct) || !isfinite(got))
				continue; /* overflow either way: the cell says so */
			if (fabs(got - direct) >
			    LAB_LAND_CHECK_TOL * (1 + fabs(yy) + fabs(d->y[i])))
				return -1;
		}
	}
	return 0;
}

/* The ReLU family's layout, as the model gives it (model.h: relu_stride): unit k's
 * output is w_k*max(m_k*x + b_k, 0), w = 1 when there is no w. Returns 0 for a
 * member, -1 for any other model. */
static int relu_layout(const struct model_type *t, const struct model_cfg *cfg, size_t *stride,
		       int *has_w)
{
	if (!t->relu_stride)
		return -1;
	*stride = t->relu_stride;
	*has_w = t->relu_has_w;
	return 0;
}

struct xi {
	double x; /* the input */
	size_t i; /* its point */
};

static int xi_cmp(const void *a, const void *b)
{
	const struct xi *u = a, *v = b;
	if (u->x != v->x)
		return u->x < v->x ? -1 : 1;
	return u->i < v->i ? -1 : u->i > v->i;
}

/* The data sorted by x, cached on the data. Returns 0 or -1 (no memory). */
static int sort_data(struct lab_land_priv *P, const struct data *d)
{
	size_t n = d->n;
	if (P->sort_valid && P->sort_d == d && P->sort_n == n && P->sort_sum == P->dsum)
		return 0;
	P->sort_valid = 0;
	struct xi *tmp = fp_malloc(n * sizeof *tmp);
	if (!tmp)
		return -1;
	if (n > P->permcap) {
		size_t *pm = fp_realloc(P->perm, n * sizeof *pm);
		if (!pm) {
			fp_free(tmp);
			return -1;
		}
		P->perm = pm;
		P->permcap = n;
	}
	if (reserve(&P->xs, &P->xscap, n)) {
		fp_free(tmp);
		return -1;
	}
	for (size_t i = 0; i < n; i++) {
		tmp[i].x = d->x[i];
		tmp[i].i = i;
	}
	qsort(tmp, n, sizeof *tmp, xi_cmp);
	for (size_t j = 0; j < n; j++) {
		P->xs[j] = tmp[j].x;
		P->perm[j] = tmp[j].i;
	}
	fp_free(tmp);
	P->sort_valid = 1;
	P->sort_d = d;
	P->sort_n = n;
	P->sort_sum = P->dsum;
	return 0;
}

/* First j with xs[j] > t (upper = 1) or xs[j] >= t (upper = 0). */
static size_t xs_bound(const double *xs, size_t n, double t, int upper)
{
	size_t lo = 0, hi = n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (upper ? xs[mid] <= t : xs[mid] < t)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* Where w*max(m*x + b, 0) is active (m*x + b > 0) among the sorted xs: [*lo, *hi). */
static void relu_active(const double *xs, size_t n, double m, double b, size_t *lo, size_t *hi)
{
	if (m > 0) {
		*lo = xs_bound(xs, n, -b / m, 1);
		*hi = n;
	} else if (m < 0) {
		*lo = 0;
		*hi = xs_bound(xs, n, -b / m, 0);
	} else {
		*lo = 0;
		*hi = b > 0 ? n : 0;
	}
}

/* Loss at cell (u, v) of a ReLU unit: rest[j] are the residuals without the unit in
 * sorted order, pre the prefix sums of rest*x, rest, x^2, x over them. */
static double relu_cell(const struct lab_land_priv *P, const struct lab_land_spec *s, double u,
			double v)
{
	double k3[3] = {P->um, P->ub, P->uw};
	k3[P->role_p] = u;
	k3[P->role_q] = v;
	const double m = k3[0], b = k3[1], w = k3[2];
	size_t n = P->n;
	if (P->loss == LOSS_MAE) {
		const double *xs = P->xs, *rest = P->rest;
		double s0 = 0, s1 = 0;
		size_t j = 0;
		for (; j + 2 <= n; j += 2) {
			double z0 = m * xs[j] + b, z1 = m * xs[j + 1] + b;
			s0 += fabs(rest[j] + w * (z0 > 0 ? z0 : 0));
			s1 += fabs(rest[j + 1] + w * (z1 > 0 ? z1 : 0));
		}
		for (; j < n; j++) {
			double z = m * xs[j] + b;
			s0 += fabs(rest[j] + w * (z > 0 ? z : 0));
		}
		return (s0 + s1) / (double)n;
	}
	size_t lo, hi; /* the active points, [lo, hi) in sorted order */
	relu_active(P->xs, n, m, b, &lo, &hi);
	const double *pre = P->pre;
	size_t st = n + 1;
	double srx = pre[hi] - pre[lo], sr = pre[st + hi] - pre[st + lo];
	double sxx = pre[2 * st + hi] - pre[2 * st + lo], sx = pre[3 * st + hi] - pre[3 * st + lo];
	double cnt = (double)(hi - lo);
	double sum = P->r2 + 2 * w * (m * srx + b * sr) +
		     w * w * (m * m * sxx + 2 * m * b * sx + b * b * cnt);
	return sum > 0 ? sum / (double)n : 0;
}

/* Prepare RELU for unit k of a ReLU model; 0, or -1 when it does not apply. */
static int setup_relu(struct lab_landscape *L, long k, size_t stride, int has_w)
{
	struct lab_land_priv *P = L->priv;
	const struct lab_land_spec *s = &L->spec;
	const struct data *d = P->d;
	const struct model_type *t = P->t;
	size_t n = d->n, base = (size_t)k * stride, st = n + 1;
	if (s->p < base || s->p >= base + stride || s->q < base || s->q >= base + stride)
		return -1;
	if (sort_data(P, d) || reserve(&P->rest, &P->rcap, n) ||
	    reserve(&P->pre, &P->precap, 4 * st))
		return -1;
	double *pre = P->pre, r2 = 0;
	pre[0] = pre[st] = pre[2 * st] = pre[3 * st] = 0;
	for (size_t j = 0; j < n; j++) {
		size_t i = P->perm[j];
		double x = P->xs[j];
		double r = t->eval(&P->cfg, P->theta, d->x + i) -
			   t->unit_eval(&P->cfg, P->theta, (size_t)k, x) - d->y[i];
		P->rest[j] = r;
		r2 += r * r;
		pre[j + 1] = pre[j] + r * x;
		pre[st + j + 1] = pre[st + j] + r;
		pre[2 * st + j + 1] = pre[2 * st + j] + x * x;
		pre[3 * st + j + 1] = pre[3 * st + j] + x;
	}
	P->r2 = r2;
	P->um = P->theta[base];
	P->ub = P->theta[base + 1];
	P->uw = has_w ? P->theta[base + 2] : 1;
	P->role_p = (int)(s->p - base);
	P->role_q = (int)(s->q - base);
	L->strategy = LAB_LAND_RELU;
	/* Check whole cells against full evaluations. */
	size_t cs[5] = {0, s->w - 1, 0, s->w - 1, s->w / 2};
	size_t rs[5] = {0, 0, s->h - 1, s->h - 1, s->h / 2};
	for (int c = 0; c < 5; c++) {
		memcpy(P->tw, P->theta, P->np * sizeof *P->tw);
		P->tw[s->p] = col_value(s, cs[c]);
		P->tw[s->q] = row_value(s, rs[c]);
		double want = model_loss_grad(t, &P->cfg, P->tw, d, P->loss, NULL);
		double got = relu_cell(P, s, P->tw[s->p], P->tw[s->q]);
		if (!isfinite(want) || !isfinite(got))
			continue;
		if (fabs(got - want) > LAB_LAND_CHECK_TOL * (fabs(want) + 1e-12))
			return -1;
	}
	return 0;
}

/* Loss at cell (c, r) of a RELU_PAIR grid: with a the A side's value and v the unit
 * side's, n*loss = sum A_a^2 + 2 sum A_a*dU_v + sum dU_v^2, where the cross term is
 * T_a(new unit) - T_a(held unit), T = w*(m*sum A*x + b*sum A) over the unit's active
 * points, from prefix sums of A_a in sorted order: O(1) a cell. */
static double relu_pair_cell(const struct lab_land_priv *P, size_t c, size_t r)
{
	size_t n = P->n, st = n + 1;
	size_t a = P->r_is_q ? c : r, v = P->r_is_q ? r : c;
	const double *pa = P->A + a * 2 * st, *pax = pa + st, *rv = P->rv + 6 * v;
	size_t lo = (size_t)rv[4], hi = (size_t)rv[5];
	double tn = rv[3] * (rv[1] * (pax[hi] - pax[lo]) + rv[2] * (pa[hi] - pa[lo]));
	double sum = P->ra[2 * a] + 2 * (tn - P->ra[2 * a + 1]) + rv[0];
	return sum > 0 ? sum / (double)n : 0;
}

/* Prepare RELU_PAIR (MSE, a ReLU model, p and q in different units or one of them
 * in none): 0, or -1 when it does not apply. */
static int setup_relu_pair(struct lab_landscape *L, long up, long uq, size_t stride, int has_w)
{
	struct lab_land_priv *P = L->priv;
	const struct lab_land_spec *s = &L->spec;
	const struct data *d = P->d;
	const struct model_type *t = P->t;
	size_t n = d->n, st = n + 1;
	if (P->loss != LOSS_MSE || up == uq || (up < 0 && uq < 0))
		return -1;
	/* The unit side's values cost an inline pass each, the other side's a pass of
	 * model calls: when both move units, the unit side is the longer axis. */
	P->r_is_q = uq >= 0 && (up < 0 || s->h >= s->w);
	size_t ir = P->r_is_q ? s->q : s->p, ia = P->r_is_q ? s->p : s->q;
	long kr = P->r_is_q ? uq : up, ka = P->r_is_q ? up : uq;
	size_t nv = P->r_is_q ? s->h : s->w, na = P->r_is_q ? s->w : s->h;
	size_t base = (size_t)kr * stride;
	if (ir < base || ir >= base + stride || na > LAB_LAND_MAX_CACHE / (2 * st))
		return -1;
	if (sort_data(P, d) || reserve(&P->A, &P->acap, na * 2 * st) ||
	    reserve(&P->ra, &P->racap, 2 * na) || reserve(&P->rv, &P->rvcap, 6 * nv) ||
	    reserve(&P->rest, &P->rcap, n) || reserve(&P->hold, &P->holdcap, n))
		return -1;
	const double *xs = P->xs;
	double m0 = P->theta[base], b0 = P->theta[base + 1], w0 = has_w ? P->theta[base + 2] : 1;
	size_t lo0, hi0;
	relu_active(xs, n, m0, b0, &lo0, &hi0);
	for (size_t j = 0; j < n; j++) {
		size_t i = P->perm[j];
		P->rest[j] = t->eval(&P->cfg, P->theta, d->x + i) - d->y[i];
		P->hold[j] = ka >= 0 ? t->unit_eval(&P->cfg, P->theta, (size_t)ka, xs[j]) : 0;
	}
	memcpy(P->tw, P->theta, P->np * sizeof *P->tw);
	for (size_t a = 0; a < na; a++) {
		double *pa = P->A + a * 2 * st, *pax = pa + st, s2 = 0;
		P->tw[ia] = P->r_is_q ? col_value(s, a) : row_value(s, a);
		pa[0] = pax[0] = 0;
		for (size_t j = 0; j < n; j++) {
			size_t i = P->perm[j];
			double av =
			    ka >= 0
				? P->rest[j] +
				      (t->unit_eval(&P->cfg, P->tw, (size_t)ka, xs[j]) - P->hold[j])
				: t->eval(&P->cfg, P->tw, d->x + i) - d->y[i];
			s2 += av * av;
			pa[j + 1] = pa[j] + av;
			pax[j + 1] = pax[j] + av * xs[j];
		}
		P->ra[2 * a] = s2;
		P->ra[2 * a + 1] = w0 * (m0 * (pax[hi0] - pax[lo0]) + b0 * (pa[hi0] - pa[lo0]));
	}
	for (size_t v = 0; v < nv; v++) {
		double k3[3] = {m0, b0, w0};
		k3[ir - base] = P->r_is_q ? row_value(s, v) : col_value(s, v);
		double m = k3[0], b = k3[1], w = k3[2], su = 0;
		for (size_t j = 0; j < n; j++) {
			double z = m * xs[j] + b, z0 = m0 * xs[j] + b0;
			double du = w * (z > 0 ? z : 0) - w0 * (z0 > 0 ? z0 : 0);
			su += du * du;
		}
		size_t lo, hi;
		relu_active(xs, n, m, b, &lo, &hi);
		double *rv = P->rv + 6 * v;
		rv[0] = su;
		rv[1] = m;
		rv[2] = b;
		rv[3] = w;
		rv[4] = (double)lo;
		rv[5] = (double)hi;
	}
	L->strategy = LAB_LAND_RELU_PAIR;
	/* Check whole cells against full evaluations. */
	size_t cs[5] = {0, s->w - 1, 0, s->w - 1, s->w / 2};
	size_t rs[5] = {0, 0, s->h - 1, s->h - 1, s->h / 2};
	for (int k = 0; k < 5; k++) {
		memcpy(P->tw, P->theta, P->np * sizeof *P->tw);
		P->tw[s->p] = col_value(s, cs[k]);
		P->tw[s->q] = row_value(s, rs[k]);
		double want = model_loss_grad(t, &P->cfg, P->tw, d, P->loss, NULL);
		double got = relu_pair_cell(P, cs[k], rs[k]);
		if (!isfinite(want) || !isfinite(got))
			continue;
		if (fabs(got - want) > LAB_LAND_CHECK_TOL * (fabs(want) + 1e-12))
			return -1;
	}
	return 0;
}

/* Prepare the unit strategies; returns 0, or -1 to fall back to GENERIC. */
static int setup_units(struct lab_landscape *L)
{
	struct lab_land_priv *P = L->priv;
	const struct lab_land_spec *s = &L->spec;
	const struct model_type *t = P->t;
	const struct data *d = P->d;
	size_t n = d->n;
	if (d->d != 1 || !t->nunits || !t->unit_eval || !t->param_unit)
		return -1;
	long up = t->param_unit(&P->cfg, s->p), uq = t->param_unit(&P->cfg, s->q);
	if (up < 0 && uq < 0)
		return -1;
	size_t stride;
	int has_w;
	if (up == uq && relu_layout(t, &P->cfg, &stride, &has_w) == 0 &&
	    setup_relu(L, up, stride, has_w) == 0)
		return 0;
	if (up != uq && relu_layout(t, &P->cfg, &stride, &has_w) == 0 &&
	    setup_relu_pair(L, up, uq, stride, has_w) == 0)
		return 0;
	if (up == uq) {
		if (reserve(&P->rest, &P->rcap, n))
			return -1;
		for (size_t i = 0; i < n; i++)
			P->rest[i] = t->eval(&P->cfg, P->theta, d->x + i) -
				     t->unit_eval(&P->cfg, P->theta, (size_t)up, d->x[i]) - d->y[i];
		P->unit = up;
		L->strategy = LAB_LAND_UNIT;
		memcpy(P->tw, P->theta, P->np * sizeof *P->tw);
		return check_units(L);
	}
	if ((s->w + s->h) > LAB_LAND_MAX_CACHE / (n ? n : 1))
		return -1;
	if (reserve(&P->A, &P->acap, s->w * n) || reserve(&P->B, &P->bcap, s->h * n) ||
	    reserve(&P->rest, &P->rcap, n) || reserve(&P->hold, &P->holdcap, n))
		return -1;
	double cols[LAB_LAND_MAX_SIDE], rows[LAB_LAND_MAX_SIDE];
	for (size_t c = 0; c < s->w; c++)
		cols[c] = col_value(s, c);
	for (size_t r = 0; r < s->h; r++)
		rows[r] = row_value(s, r);
	if (up >= 0 && uq >= 0) {
		/* A = residual at theta + change of unit_p (column); B = change of unit_q */
		for (size_t i = 0; i < n; i++)
			P->rest[i] = t->eval(&P->cfg, P->theta, d->x + i) - d->y[i];
		fill_part(P, d, P->A, s->w, cols, s->p, up, 0, P->rest);
		fill_part(P, d, P->B, s->h, rows, s->q, uq, 0, NULL);
	} else if (up < 0) {
		/* p moves no unit: A = residual with p set; B = change of unit_q */
		fill_part(P, d, P->A, s->w, cols, s->p, uq, 1, NULL);
		fill_part(P, d, P->B, s->h, rows, s->q, uq, 0, NULL);
	} else {
		fill_part(P, d, P->A, s->w, cols, s->p, up, 0, NULL);
		fill_part(P, d, P->B, s->h, rows, s->q, up, 1, NULL);
	}
	L->strategy = LAB_LAND_SEPARABLE;
	if (check_units(L) != 0)
		return -1;
	if (P->loss == LOSS_MAE)
		return 0;
	/* MSE: sum (A+B)^2 = sum A^2 + sum B^2 + 2 A.B; the squares once per column/row */
	if (reserve(&P->SA, &P->sacap, s->w) || reserve(&P->SB, &P->sbcap, s->h))
		return -1;
	for (size_t c = 0; c < s->w; c++)
		P->SA[c] = sum_pair(P->A + c * n, P->A + c * n, n, 2);
	for (size_t r = 0; r < s->h; r++)
		P->SB[r] = sum_pair(P->B + r * n, P->B + r * n, n, 2);
	return 0;
}

int lab_landscape_set(struct lab_landscape *L, const struct model_type *t,
		      const struct model_cfg *cfg, const struct data *d, enum loss_kind loss,
		      const double *theta, const struct lab_land_spec *s, char *err)
{
	struct lab_land_priv *P = L->priv;
	size_t np = t->nparams(cfg);
	if (!d || d->n < 1)
		return fp_err(err, FP_EINPUT, "no data");
	if (np < 2)
		return fp_err(err, FP_EINPUT,
			      "a landscape needs two coefficients, the model has %zu", np);
	if (s->p >= np || s->q >= np || s->p == s->q)
		return fp_err(err, FP_EINPUT, "landscape: coefficients %zu and %zu of %zu", s->p,
			      s->q, np);
	if (!isfinite(s->plo) || !isfinite(s->phi) || !isfinite(s->qlo) || !isfinite(s->qhi) ||
	    !(s->plo < s->phi) || !(s->qlo < s->qhi))
		return fp_err(err, FP_EINPUT, "landscape: ranges must be finite with LO < HI");
	if (s->w < 1 || s->h < 1 || s->w > LAB_LAND_MAX_SIDE || s->h > LAB_LAND_MAX_SIDE)
		return fp_err(err, FP_EINPUT, "landscape: 1 to %d cells a side", LAB_LAND_MAX_SIDE);
	if (!fp_all_finite(theta, np))
		return fp_err(err, FP_EINPUT, "coefficients must be finite");
	uint64_t dsum = data_sum(d);
	if (P->valid && P->t == t && same_cfg(&P->cfg, cfg) && P->d == d && P->n == d->n &&
	    P->dsum == dsum && P->loss == loss && P->np == np && same_spec(&L->spec, s)) {
		int same = 1;
		for (size_t i = 0; i < np && same; i++)
			if (i != s->p && i != s->q && P->theta[i] != theta[i])
				same = 0;
		if (same)
			return FP_OK;
	}
	P->valid = 0;
	if (reserve(&P->theta, &P->thcap, np) || reserve(&P->tw, &P->twcap, np) ||
	    reserve(&L->v, &P->vcap, s->w * s->h))
		return fp_err(err, FP_EFAIL, "out of memory for a %zux%zu landscape", s->w, s->h);
	P->t = t;
	P->cfg = *cfg;
	P->d = d;
	P->n = d->n;
	P->dsum = dsum;
	P->loss = loss;
	P->np = np;
	memcpy(P->theta, theta, np * sizeof *theta);
	L->spec = *s;
	L->rows_done = 0;
	P->col = 0;
	L->vmin = INFINITY;
	L->vmax = -INFINITY;
	L->computes++;
	L->strategy = LAB_LAND_GENERIC;
	if (t->linear && loss == LOSS_MSE && np <= LAB_LAND_QF_MAXNP) {
		double g[LAB_LAND_QF_MAXNP];
		double l0 = model_loss_grad(t, cfg, theta, d, LOSS_MSE, g);
		if (isfinite(l0) && fp_all_finite(g, np)) {
			gram(P, t, cfg, d, dsum, np);
			P->L0 = l0;
			P->gp = g[s->p];
			P->gq = g[s->q];
			L->strategy = LAB_LAND_QUADFORM;
		}
	} else if (setup_units(L) != 0) {
		L->strategy = LAB_LAND_GENERIC;
	}
	P->valid = 1;
	return FP_OK;
}

static double cell(struct lab_landscape *L, size_t c, size_t r)
{
	struct lab_land_priv *P = L->priv;
	const struct lab_land_spec *s = &L->spec;
	double u = col_value(s, c), v = row_value(s, r);
	size_t np = P->np, n = P->n;
	switch (L->strategy) {
	case LAB_LAND_QUADFORM: {
		double dp = u - P->theta[s->p], dq = v - P->theta[s->q];
		double val = P->L0 + P->gp * dp + P->gq * dq + P->G[s->p * np + s->p] * dp * dp +
			     2 * P->G[s->p * np + s->q] * dp * dq +
			     P->G[s->q * np + s->q] * dq * dq;
		return val > 0 ? val : 0;
	}
	case LAB_LAND_SEPARABLE:
		return sum_pair(P->A + c * n, P->B + r * n, n, P->loss != LOSS_MAE) / (double)n;
	case LAB_LAND_RELU:
		return relu_cell(P, s, u, v);
	case LAB_LAND_RELU_PAIR:
		return relu_pair_cell(P, c, r);
	case LAB_LAND_UNIT: {
		P->tw[s->p] = u;
		P->tw[s->q] = v;
		const double *x = P->d->x;
		double sum = 0;
		for (size_t i = 0; i < n; i++) {
			double rr =
			    P->rest[i] + P->t->unit_eval(&P->cfg, P->tw, (size_t)P->unit, x[i]);
			sum += loss_point(P->loss, rr);
		}
		return sum / (double)n;
	}
	default:
		memcpy(P->tw, P->theta, np * sizeof *P->tw);
		P->tw[s->p] = u;
		P->tw[s->q] = v;
		return model_loss_grad(P->t, &P->cfg, P->tw, P->d, P->loss, NULL);
	}
}

size_t lab_landscape_cells(struct lab_landscape *L, size_t max_cells)
{
	const struct lab_land_spec *s = &L->spec;
	struct lab_land_priv *P = L->priv;
	if (!P->valid)
		return 0;
	if (L->strategy == LAB_LAND_UNIT)
		memcpy(P->tw, P->theta, P->np * sizeof *P->tw);
	/* (the separable rows come whole from sep_row_mse: cheap, so they are not cut) */
	int sep = L->strategy == LAB_LAND_SEPARABLE && P->loss != LOSS_MAE;
	size_t done = 0;
	while (done < max_cells && L->rows_done < s->h) {
		size_t r = L->rows_done;
		double *row = L->v + r * s->w;
		if (sep && P->col == 0)
			sep_row_mse(L, r, row);
		for (; P->col < s->w && (sep || done < max_cells); P->col++, done++) {
			double val = sep ? row[P->col] : cell(L, P->col, r);
			if (!isfinite(val)) {
				val = INFINITY;
			} else {
				if (val < L->vmin)
					L->vmin = val;
				if (val > L->vmax)
					L->vmax = val;
			}
			row[P->col] = val;
		}
		if (P->col >= s->w) {
			P->col = 0;
			L->rows_done++;
		}
	}
	return (s->h - L->rows_done) * s->w - P->col;
}

size_t lab_landscape_rows(struct lab_landscape *L, size_t max_rows)
{
	const struct lab_land_spec *s = &L->spec;
	if (!L->priv->valid)
		return 0;
	size_t cells = max_rows > SIZE_MAX / (s->w ? s->w : 1) ? SIZE_MAX : max_rows * s->w;
	lab_landscape_cells(L, cells - (cells == SIZE_MAX ? 0 : L->priv->col));
	return s->h - L->rows_done;
}

int lab_landscape_compute(struct lab_landscape *L, const struct model_type *t,
			  const struct model_cfg *cfg, const struct data *d, enum loss_kind loss,
			  const double *theta, const struct lab_land_spec *s, char *err)
{
	int rc = lab_landscape_set(L, t, cfg, d, loss, theta, s, err);
	if (rc)
		return rc;
	lab_landscape_rows(L, (size_t)-1);
	return FP_OK;
}

int lab_landscape_compute_fit(struct lab_landscape *L, const struct fit *f,
			      const struct lab_land_spec *s, char *err)
{
	return lab_landscape_compute(L, f->model, &f->mcfg, f->data, f->loss, f->theta, s, err);
}

int lab_landscape_map(const struct lab_land_spec *s, const double *theta, double *fx, double *fy)
{
	double tp = theta[s->p], tq = theta[s->q];
	*fx = isnan(tp) ? HUGE_VAL : (tp - s->plo) / (s->phi - s->plo) * (double)s->w;
	*fy = isnan(tq) ? HUGE_VAL : (s->qhi - tq) / (s->qhi - s->qlo) * (double)s->h;
	return *fx >= 0 && *fx < (double)s->w && *fy >= 0 && *fy < (double)s->h;
}

void lab_landscape_unmap(const struct lab_land_spec *s, double fx, double fy, double *tp,
			 double *tq)
{
	*tp = s->plo + fx * (s->phi - s->plo) / (double)s->w;
	*tq = s->qhi - fy * (s->qhi - s->qlo) / (double)s->h;
}

size_t lab_landscape_path(const struct lab_land_spec *s, const struct fit *f,
			  struct lab_land_point *out, size_t max)
{
	size_t k = 0;
	unsigned long step = 0, last = 0;
	double loss;
	const double *th;
	int any = 0;
	for (size_t i = 0; k < max && fit_trace_get(f, i, &step, &loss, &th) == 0; i++) {
		out[k].step = step;
		out[k].loss = loss;
		out[k].inside = lab_landscape_map(s, th, &out[k].fx, &out[k].fy);
		k++;
		last = step;
		any = 1;
	}
	if (k < max && (!any || last != f->step)) {
		out[k].step = f->step;
		out[k].loss = f->loss_value;
		out[k].inside = lab_landscape_map(s, f->theta, &out[k].fx, &out[k].fy);
		k++;
	}
	return k;
}

/* Widen [lo, hi] to hold v. */
static void cover(double *lo, double *hi, double v)
{
	if (!isfinite(v))
		return;
	if (v < *lo)
		*lo = v;
	if (v > *hi)
		*hi = v;
}

static void finish_range(double *lo, double *hi, double centre, double cap)
{
	if (*lo < centre - cap)
		*lo = centre - cap;
	if (*hi > centre + cap)
		*hi = centre + cap;
	double size = fmax(fabs(*lo), fabs(*hi));
	double span = *hi - *lo, min = fmax(1.0, 0.2 * size);
	if (span < min) {
		double mid = (*lo + *hi) / 2;
		*lo = mid - min / 2;
		*hi = mid + min / 2;
		span = min;
	}
	*lo -= 0.1 * span;
	*hi += 0.1 * span;
}

void lab_landscape_auto(const struct fit *f, size_t p, size_t q, size_t w, size_t h,
			struct lab_land_spec *s)
{
	memset(s, 0, sizeof *s);
	s->p = p;
	s->q = q;
	s->w = w;
	s->h = h;
	double plo = f->theta0[p], phi = plo, qlo = f->theta0[q], qhi = qlo;
	cover(&plo, &phi, f->theta[p]);
	cover(&qlo, &qhi, f->theta[q]);
	if (f->has_best && f->best) {
		cover(&plo, &phi, f->best[p]);
		cover(&qlo, &qhi, f->best[q]);
	}
	/* The cap: LAB_LAND_MAX_ZOOM times the start-to-best (or start-to-current) reach. */
	double rp = phi - plo, rq = qhi - qlo;
	double cp = (plo + phi) / 2, cq = (qlo + qhi) / 2;
	double capp = LAB_LAND_MAX_ZOOM * fmax(rp, 1.0), capq = LAB_LAND_MAX_ZOOM * fmax(rq, 1.0);
	const double *th;
	for (size_t i = 0; fit_trace_get(f, i, NULL, NULL, &th) == 0; i++) {
		cover(&plo, &phi, th[p]);
		cover(&qlo, &qhi, th[q]);
	}
	finish_range(&plo, &phi, cp, capp);
	finish_range(&qlo, &qhi, cq, capq);
	s->plo = plo;
	s->phi = phi;
	s->qlo = qlo;
	s->qhi = qhi;
}

void lab_landscape_next_pair(size_t np, size_t *p, size_t *q)
{
	if (np < 2) {
		*p = 0;
		*q = 0;
		return;
	}
	if (*p >= np - 1 || *q >= np || *q <= *p) {
		*p = 0;
		*q = 1;
		return;
	}
	if (*q + 1 < np) {
		(*q)++;
	} else if (*p + 2 < np) {
		(*p)++;
		*q = *p + 1;
	} else {
		*p = 0;
		*q = 1;
	}
}
