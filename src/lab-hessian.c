/* SPDX-License-Identifier: GPL-3.0-or-later */
/* lab-hessian.c: the learning-rate limit 2/lambda_max for any model: exact from the
 * session's closed form, or estimated by power iteration on Hessian-vector products
 * taken from central differences of the gradient. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "lab.h"
#include "util.h"

#define LAB_HV_EPS 1e-5 /* difference step, relative to 1 + |theta| */

struct hv_ctx {
	const struct model_type *t;
	const struct model_cfg *cfg;
	const struct data *d;
	enum loss_kind loss;
	const double *theta;
	size_t np;
	double eps;
	double *tp, *gp, *gm; /* scratch: shifted theta, the two gradients */
};

static double dot(const double *a, const double *b, size_t n)
{
	double s = 0;
	for (size_t i = 0; i < n; i++)
		s += a[i] * b[i];
	return s;
}

/* |a|, scaled when |a|^2 overflows (a Hessian of 1e300) or underflows; otherwise
 * sqrt(a.a) itself. */
static double norm(const double *a, size_t n)
{
	double m = 0, s = dot(a, a, n);
	if (isfinite(s) && s > 1e-280)
		return sqrt(s);
	s = 0;
	for (size_t i = 0; i < n; i++)
		m = fmax(m, fabs(a[i]));
	if (!(m > 0) || !isfinite(m))
		return m;
	for (size_t i = 0; i < n; i++)
		s += (a[i] / m) * (a[i] / m);
	return m * sqrt(s);
}

/* out = H v for a unit vector v. Returns 0, or -1 on a non-finite gradient. */
static int hv(struct hv_ctx *c, const double *v, double *out)
{
	size_t n = c->np;
	for (size_t i = 0; i < n; i++)
		c->tp[i] = c->theta[i] + c->eps * v[i];
	double lp = model_loss_grad(c->t, c->cfg, c->tp, c->d, c->loss, c->gp);
	for (size_t i = 0; i < n; i++)
		c->tp[i] = c->theta[i] - c->eps * v[i];
	double lm = model_loss_grad(c->t, c->cfg, c->tp, c->d, c->loss, c->gm);
	if (!isfinite(lp) || !isfinite(lm))
		return -1;
	for (size_t i = 0; i < n; i++)
		out[i] = (c->gp[i] - c->gm[i]) / (2 * c->eps);
	return fp_all_finite(out, n) ? 0 : -1;
}

/* Power iteration on H - shift*I from v (unit, overwritten). Returns 0 with the
 * dominant eigenvalue of H - shift*I in *mu, or -1. */
static int power(struct hv_ctx *c, double shift, double *v, double *w, double *mu, size_t *iters,
		 int *converged, size_t maxiter)
{
	size_t n = c->np;
	double prev = 0;
	*converged = 0;
	for (size_t k = 1; k <= maxiter; k++) {
		if (hv(c, v, w) != 0)
			return -1;
		for (size_t i = 0; i < n; i++)
			w[i] -= shift * v[i];
		double lam = dot(v, w, n); /* Rayleigh quotient, |v| = 1 */
		double nw = norm(w, n);
		if (!isfinite(lam) || !isfinite(nw))
			return -1;
		*iters += 1;
		*mu = lam;
		if (nw == 0) { /* H v = shift v exactly: v is an eigenvector */
			*converged = 1;
			return 0;
		}
		for (size_t i = 0; i < n; i++)
			v[i] = w[i] / nw;
		if (k >= 3 && fabs(lam - prev) <= LAB_LIMIT_TOL * fabs(lam)) {
			*converged = 1;
			return 0;
		}
		prev = lam;
	}
	return 0;
}

/* A fixed start vector with every component non-zero and distinct (a small LCG). */
static void start_vector(double *v, size_t n)
{
	unsigned long s = 12345;
	double nv = 0;
	for (size_t i = 0; i < n; i++) {
		s = (s * 1103515245UL + 12345UL) & 0x7fffffffUL;
		v[i] = 0.5 + (double)s / 2147483648.0;
		nv += v[i] * v[i];
	}
	nv = sqrt(nv);
	for (size_t i = 0; i < n; i++)
		v[i] /= nv;
}

int lab_limit_estimate(const struct model_type *t, const struct model_cfg *cfg,
		       const struct data *d, enum loss_kind loss, const double *theta,
		       struct lab_limit *out, char *err)
{
	return lab_limit_estimate_from(t, cfg, d, loss, theta, NULL, LAB_LIMIT_MAXITER, out, err);
}

int lab_limit_estimate_from(const struct model_type *t, const struct model_cfg *cfg,
			    const struct data *d, enum loss_kind loss, const double *theta,
			    double *vec, size_t maxiter, struct lab_limit *out, char *err)
{
	memset(out, 0, sizeof *out);
	size_t n = t->nparams(cfg);
	if (!fp_all_finite(theta, n))
		return fp_err(err, FP_EINPUT, "coefficients must be finite");
	double *buf = fp_malloc(5 * n * sizeof *buf);
	if (!buf)
		return fp_err(err, FP_EFAIL, "out of memory for the Hessian estimate");
	double *v = buf, *w = buf + n;
	struct hv_ctx c = {t, cfg, d, loss, theta, n, 0, buf + 2 * n, buf + 3 * n, buf + 4 * n};
	c.eps = LAB_HV_EPS * (1 + norm(theta, n));
	int rc = FP_OK;
	double mu, nv = vec && fp_all_finite(vec, n) ? norm(vec, n) : 0;
	if (maxiter < 1)
		maxiter = 1;
	if (nv > 0) /* the caller's vector, e.g. the last estimate's, made unit */
		for (size_t i = 0; i < n; i++)
			v[i] = vec[i] / nv;
	else
		start_vector(v, n);
	if (power(&c, 0, v, w, &mu, &out->iterations, &out->converged, maxiter) != 0) {
		rc = fp_err(err, FP_EINPUT,
			    "values too large: the gradient or the curvature "
			    "overflows near here");
		goto done;
	}
	if (vec)
		memcpy(vec, v, n * sizeof *v);
	double lmax = mu;
	if (mu < 0) {
		/* The dominant eigenvalue is negative: shift by it, so that the largest
		 * eigenvalue of H becomes the dominant one of H - mu*I. */
		double shift = mu;
		start_vector(v, n);
		if (power(&c, shift, v, w, &mu, &out->iterations, &out->converged, maxiter) != 0) {
			rc = fp_err(err, FP_EINPUT,
				    "values too large: the gradient or the "
				    "curvature overflows near here");
			goto done;
		}
		lmax = mu + shift;
	}
	out->lambda_max = lmax;
	out->limit = lmax > 0 ? 2 / lmax : INFINITY;
	out->exact = 0;
done:
	fp_free(buf);
	return rc;
}

int lab_limit_for_fit(const struct fit *f, struct lab_limit *out, char *err)
{
	if (f->has_limit) {
		memset(out, 0, sizeof *out);
		out->limit = f->lr_limit;
		out->lambda_max = 2 / f->lr_limit;
		out->exact = 1;
		out->converged = 1;
		return FP_OK;
	}
	return lab_limit_estimate(f->model, &f->mcfg, f->data, f->loss, f->theta, out, err);
}

double lab_limit_gauge(const struct lab_limit *lim, double lr, char *buf, size_t len)
{
	char a[32], b[32], c[32];
	if (!(lim->limit > 0) || !isfinite(lim->limit)) {
		snprintf(buf, len, "no lr limit here (the loss does not curve up)");
		return 0;
	}
	double ratio = lr / lim->limit;
	const char *est = lim->exact ? "" : " (estimate)";
	const char *approx = lim->exact ? "" : "~";
	fp_fmt(a, sizeof a, lr, 4);
	fp_fmt(b, sizeof b, lim->limit, 4);
	if (ratio > 1)
		snprintf(buf, len, "lr %s is above the limit %s%s%s: descent diverges", a, approx,
			 b, est);
	else
		snprintf(buf, len, "lr %s = %s%% of the limit %s%s%s", a,
			 fp_fmt(c, sizeof c, 100 * ratio, 2), approx, b, est);
	return ratio;
}
