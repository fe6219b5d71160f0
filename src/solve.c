/* SPDX-License-Identifier: GPL-3.0-or-later */
/* solve.c: closed forms for models linear in their coefficients: the minimum-norm
 * least-squares answer with the design's numerical rank and its collinear inputs,
 * and the MSE Hessian's eigenvalues, hence the gradient-descent learning-rate limit
 * 2/lambda_max. Small designs by GSL's SVD; big ones through their Gram matrix
 * (BLAS dsyrk) and LAPACK's symmetric eigensolver (dsyevd), with no copy of the
 * data: see solve.h. */
#include <gsl/gsl_blas.h>
#include <gsl/gsl_eigen.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_linalg.h>
#include <gsl/gsl_multifit.h>
#include <gsl/gsl_sort_vector.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "solve.h"
#include "util.h"

static int check_linear(const struct model_type *t, const struct model_cfg *cfg,
			const struct data *d, size_t *np, char *err)
{
	gsl_set_error_handler_off();
	if (!t->linear)
		return fp_err(err, FP_EINPUT,
			      "model %s is not linear in its coefficients: no "
			      "closed form",
			      t->name);
	*np = t->nparams(cfg);
	if (d->n < 1)
		return fp_err(err, FP_EINPUT, "no data");
	return FP_OK;
}

/* LAPACK's divide-and-conquer symmetric eigensolver: OpenBLAS carries LAPACK; with
 * GSL's reference CBLAS the build links Debian's reference liblapack. */
extern void dsyevd_(const char *jobz, const char *uplo, const int *n, double *a, const int *lda,
		    double *w, double *work, const int *lwork, int *iwork, const int *liwork,
		    int *info);

#define SOLVE_BLOCK_CELLS 65536 /* design rows built at a time: about 512 KiB */
#define SOLVE_NULL_SHARE                                                                           \
	1e-6 /* collinear: this share of a coefficient's direction                                 \
	      * lies in the design's null space */

/* Eigenvalues (ascending) of the symmetric p x p matrix A (row-major, both triangles)
 * into w; with vecs, row k of A becomes the unit eigenvector of w[k] (else A is
 * destroyed). Returns 0, or -1 (no memory, no convergence). */
static int sym_eig(double *A, size_t p, double *w, int vecs)
{
	if (p > 40000)
		return -1; /* LAPACK's int sizes */
	int n = (int)p, info = 0, lwork = -1, liwork = -1, iwq = 0;
	double wq = 0;
	const char *job = vecs ? "V" : "N";
	dsyevd_(job, "L", &n, A, &n, w, &wq, &lwork, &iwq, &liwork, &info);
	if (info != 0 || !(wq >= 1) || wq > 2e9)
		return -1;
	lwork = (int)wq;
	liwork = iwq > 0 ? iwq : 1;
	double *work = fp_malloc((size_t)lwork * sizeof *work);
	int *iwork = fp_malloc((size_t)liwork * sizeof *iwork);
	if (work && iwork)
		dsyevd_(job, "L", &n, A, &n, w, work, &lwork, iwork, &liwork, &info);
	int ok = work && iwork && info == 0;
	fp_free(work);
	fp_free(iwork);
	return ok ? 0 : -1;
}

static void mirror_upper(double *A, size_t p)
{
	for (size_t a = 0; a < p; a++)
		for (size_t c = 0; c < a; c++)
			A[a * p + c] = A[c * p + a];
}

/* Rows i0 .. i0+m-1 of the design into B (m x np). Returns 0, or -1 on a
 * non-finite value. */
static int design_rows(const struct model_type *t, const struct model_cfg *cfg,
		       const struct data *d, size_t i0, size_t m, size_t np, double *B)
{
	for (size_t i = 0; i < m; i++) {
		double *row = B + i * np;
		t->grad(cfg, NULL, d->x + (i0 + i) * d->d, row);
		for (size_t j = 0; j < np; j++)
			if (!isfinite(row[j]))
				return -1;
	}
	return 0;
}

/* G = J^T J (np x np, both triangles) and, when b != NULL, b = J^T y: one dsyrk on the
 * inputs themselves for the linear model (no copy), by blocks of design rows for
 * the others. Returns 0, -1 (values too large) or -2 (no memory). */
static int gram_normal(const struct model_type *t, const struct model_cfg *cfg,
		       const struct data *d, size_t np, double *G, double *b)
{
	size_t n = d->n;
	gsl_matrix_view Gv = gsl_matrix_view_array(G, np, np);
	gsl_vector_const_view yv = gsl_vector_const_view_array(d->y, n);
	gsl_vector_view bv = gsl_vector_view_array(b ? b : G, np);
	const double *cols = data_columns(d);
	if (t == &model_linear && d->d == np && cols) {
		/* the columns: a np x n matrix C, G = C C^T, b = C y */
		gsl_matrix_const_view C = gsl_matrix_const_view_array(cols, np, n);
		gsl_blas_dsyrk(CblasUpper, CblasNoTrans, 1.0, &C.matrix, 0.0, &Gv.matrix);
		if (b)
			gsl_blas_dgemv(CblasNoTrans, 1.0, &C.matrix, &yv.vector, 0.0, &bv.vector);
	} else if (t == &model_linear && d->d == np) {
		gsl_matrix_const_view X = gsl_matrix_const_view_array(d->x, n, np);
		gsl_blas_dsyrk(CblasUpper, CblasTrans, 1.0, &X.matrix, 0.0, &Gv.matrix);
		if (b)
			gsl_blas_dgemv(CblasTrans, 1.0, &X.matrix, &yv.vector, 0.0, &bv.vector);
	} else {
		size_t rows = SOLVE_BLOCK_CELLS / np;
		rows = rows < 1 ? 1 : rows > n ? n : rows;
		double *B = fp_malloc(rows * np * sizeof *B);
		if (!B)
			return -2;
		memset(G, 0, np * np * sizeof *G);
		if (b)
			memset(b, 0, np * sizeof *b);
		for (size_t i0 = 0; i0 < n; i0 += rows) {
			size_t m = n - i0 < rows ? n - i0 : rows;
			if (design_rows(t, cfg, d, i0, m, np, B) != 0) {
				fp_free(B);
				return -1;
			}
			gsl_matrix_const_view Bv = gsl_matrix_const_view_array(B, m, np);
			gsl_blas_dsyrk(CblasUpper, CblasTrans, 1.0, &Bv.matrix, 1.0, &Gv.matrix);
			if (b) {
				gsl_vector_const_view yb =
				    gsl_vector_const_view_array(d->y + i0, m);
				gsl_blas_dgemv(CblasTrans, 1.0, &Bv.matrix, &yb.vector, 1.0,
					       &bv.vector);
			}
		}
		fp_free(B);
	}
	mirror_upper(G, np);
	return fp_all_finite(G, np * np) && (!b || fp_all_finite(b, np)) ? 0 : -1;
}

/* K = X X^T (n x n, both triangles) for the linear model with more inputs than rows. */
static int gram_outer(const struct data *d, double *K)
{
	size_t n = d->n, p = d->d;
	gsl_matrix_view Kv = gsl_matrix_view_array(K, n, n);
	const double *cols = data_columns(d);
	if (cols) {
		gsl_matrix_const_view C = gsl_matrix_const_view_array(cols, p, n);
		gsl_blas_dsyrk(CblasUpper, CblasTrans, 1.0, &C.matrix, 0.0, &Kv.matrix);
	} else {
		gsl_matrix_const_view X = gsl_matrix_const_view_array(d->x, n, p);
		gsl_blas_dsyrk(CblasUpper, CblasNoTrans, 1.0, &X.matrix, 0.0, &Kv.matrix);
	}
	mirror_upper(K, n);
	return fp_all_finite(K, n * n) ? 0 : -1;
}

static double rcond(size_t n, size_t np)
{
	return SOLVE_RCOND_EPS * (double)(n > np ? n : np);
}

/* Flag the coefficients with a share of their direction in the null space spanned by
 * the unit vectors V[k*stride ...] (k in nulls, component j at V[k*kstep + j*jstep]). */
static size_t flag_null(const double *V, size_t np, const size_t *nulls, size_t nn, size_t kstep,
			size_t jstep, unsigned char *col)
{
	size_t count = 0;
	for (size_t j = 0; j < np; j++) {
		double s = 0;
		for (size_t q = 0; q < nn; q++) {
			double v = V[nulls[q] * kstep + j * jstep];
			s += v * v;
		}
		int on = s > SOLVE_NULL_SHARE;
		if (col)
			col[j] = (unsigned char)on;
		count += (size_t)on;
	}
	return count;
}

/* The small path: the design copied and decomposed by SVD. A tall full-rank design
 * takes GSL's column-balanced truncated SVD (gsl_multifit_linear_tsvd: the answer
 * gsl_multifit_linear gives, the rank judged free of the columns' scales); a
 * rank-deficient or wide one the plain SVD of J (or J^T), its singular values
 * beyond the rank dropped: the minimum-norm answer, the pseudo-inverse's. */
static int lsq_svd(const struct model_type *t, const struct model_cfg *cfg, const struct data *d,
		   size_t np, double *theta, unsigned char *col, struct solve_closed *out)
{
	size_t n = d->n;
	int tall = n >= np;
	size_t r1 = tall ? n : np, c1 = tall ? np : n; /* the decomposed matrix, r1 >= c1 */
	gsl_matrix *A = gsl_matrix_alloc(r1, c1), *V = gsl_matrix_alloc(c1, c1);
	gsl_vector *S = gsl_vector_alloc(c1), *work = gsl_vector_alloc(c1);
	double *row = fp_malloc((np > c1 ? np : c1) * sizeof *row);
	size_t *nulls = fp_malloc(c1 * sizeof *nulls);
	int rc = FP_OK;
	char *err = out->lsq_err;
	if (!A || !V || !S || !work || !row || !nulls) {
		rc = fp_err(err, FP_EFAIL, "out of memory for least squares on %zu points", n);
		goto done;
	}
	for (size_t i = 0; i < n; i++) {
		if (design_rows(t, cfg, d, i, 1, np, row) != 0) {
			rc = fp_err(err, FP_EINPUT, "values too large for least squares");
			goto done;
		}
		for (size_t j = 0; j < np; j++)
			gsl_matrix_set(A, tall ? i : j, tall ? j : i, row[j]);
	}
	gsl_vector_const_view y = gsl_vector_const_view_array(d->y, n);
	size_t rank = 0;
	if (tall) {
		gsl_matrix *cov = gsl_matrix_alloc(np, np);
		gsl_vector *c = gsl_vector_alloc(np);
		gsl_multifit_linear_workspace *w = gsl_multifit_linear_alloc(n, np);
		double chisq;
		int st = cov && c && w ? gsl_multifit_linear_tsvd(A, &y.vector, rcond(n, np), c,
								  cov, &chisq, &rank, w)
				       : GSL_ENOMEM;
		if (st == GSL_SUCCESS && rank == np)
			for (size_t j = 0; j < np; j++)
				theta[j] = gsl_vector_get(c, j);
		gsl_multifit_linear_free(w);
		gsl_vector_free(c);
		gsl_matrix_free(cov);
		if (st != GSL_SUCCESS) {
			rc = fp_err(err, FP_EFAIL, "least squares failed: %s", gsl_strerror(st));
			goto done;
		}
		if (rank == np) {
			out->rank = np;
			goto done;
		}
	}
	int st = gsl_linalg_SV_decomp(A, V, S, work); /* A becomes U */
	if (st != GSL_SUCCESS) {
		rc = fp_err(err, FP_EFAIL, "least squares failed: %s", gsl_strerror(st));
		goto done;
	}
	double smax = gsl_vector_get(S, 0);
	if (!tall) {
		rank = 0;
		for (size_t k = 0; k < c1; k++)
			rank += gsl_vector_get(S, k) > rcond(n, np) * smax;
	}
	/* tall: J = U S V^T, theta = V S+ U^T y; wide: J^T = U S V^T, theta = U S+ V^T y */
	double *z = row; /* c1 values: the coordinates of theta along the kept vectors */
	for (size_t k = 0; k < c1; k++) {
		double s = 0;
		for (size_t i = 0; i < n; i++)
			s += (tall ? gsl_matrix_get(A, i, k) : gsl_matrix_get(V, i, k)) * d->y[i];
		z[k] = k < rank ? s / gsl_vector_get(S, k) : 0;
	}
	for (size_t j = 0; j < np; j++) {
		double s = 0;
		for (size_t k = 0; k < rank; k++)
			s += (tall ? gsl_matrix_get(V, j, k) : gsl_matrix_get(A, j, k)) * z[k];
		theta[j] = s;
	}
	out->rank = rank;
	if (tall) {
		size_t nn = 0;
		for (size_t k = rank; k < np; k++)
			nulls[nn++] = k;
		out->ncollinear = flag_null(V->data, np, nulls, nn, 1, V->tda, col);
	}
done:
	fp_free(nulls);
	fp_free(row);
	gsl_vector_free(work);
	gsl_vector_free(S);
	gsl_matrix_free(V);
	gsl_matrix_free(A);
	return rc;
}

/* The Hessian's eigenvalues by the small path: H summed row by row, GSL's solver. */
static int eig_rows(const struct model_type *t, const struct model_cfg *cfg, const struct data *d,
		    size_t np, double *eig, char *err)
{
	gsl_matrix *H = gsl_matrix_calloc(np, np);
	gsl_vector *ev = gsl_vector_alloc(np);
	gsl_eigen_symm_workspace *w = gsl_eigen_symm_alloc(np);
	double *g = fp_malloc(np * sizeof *g);
	int rc = FP_OK;
	if (!H || !ev || !w || !g) {
		rc = fp_err(err, FP_EFAIL, "out of memory for the Hessian");
		goto done;
	}
	/* H = (2/n) sum_i g_i g_i^T, g_i = dy_i/dtheta (upper triangle, then mirrored). */
	for (size_t i = 0; i < d->n; i++) {
		t->grad(cfg, NULL, d->x + i * d->d, g);
		for (size_t a = 0; a < np; a++)
			for (size_t b = a; b < np; b++)
				*gsl_matrix_ptr(H, a, b) += g[a] * g[b];
	}
	double s = 2.0 / (double)d->n;
	for (size_t a = 0; a < np; a++)
		for (size_t b = a; b < np; b++) {
			double v = gsl_matrix_get(H, a, b) * s;
			gsl_matrix_set(H, a, b, v);
			gsl_matrix_set(H, b, a, v);
		}
	if (!fp_all_finite(H->data, np * np)) {
		rc = fp_err(err, FP_EINPUT, "values too large for the Hessian");
		goto done;
	}
	int st = gsl_eigen_symm(H, ev, w);
	if (st != GSL_SUCCESS) {
		rc = fp_err(err, FP_EFAIL, "eigenvalues failed: %s", gsl_strerror(st));
		goto done;
	}
	gsl_sort_vector(ev);
	for (size_t j = 0; j < np; j++)
		eig[j] = gsl_vector_get(ev, j);
done:
	fp_free(g);
	gsl_eigen_symm_free(w);
	gsl_vector_free(ev);
	gsl_matrix_free(H);
	return rc;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

/* The big tall path: G = J^T J by BLAS, balanced (unit diagonal) for the rank, the
 * collinear coefficients and a full-rank answer; the unbalanced G's eigenvalues are
 * the Hessian's (times 2/n), its vectors the minimum-norm answer when rank-deficient. */
static int closed_gram(const struct model_type *t, const struct model_cfg *cfg,
		       const struct data *d, size_t np, double *theta, unsigned char *col,
		       double *lam, struct solve_closed *out, char *err)
{
	size_t n = d->n;
	double *G = fp_malloc(np * np * sizeof *G), *Gb = NULL, *b = NULL, *D = NULL;
	double *mu = NULL;
	size_t *nulls = NULL;
	int rc = FP_OK, g;
	if (!G || (theta &&
		   (!(Gb = fp_malloc(np * np * sizeof *Gb)) || !(b = fp_malloc(np * sizeof *b)) ||
		    !(D = fp_malloc(np * sizeof *D)) || !(mu = fp_malloc(np * sizeof *mu)) ||
		    !(nulls = fp_malloc(np * sizeof *nulls))))) {
		rc = fp_err(err, FP_EFAIL, "out of memory for the closed forms (%zu coefficients)",
			    np);
		goto done;
	}
	if ((g = gram_normal(t, cfg, d, np, G, b)) != 0) {
		if (g == -2)
			rc = fp_err(err, FP_EFAIL, "out of memory for the closed forms");
		else {
			snprintf(out->lsq_err, sizeof out->lsq_err,
				 "values too large for least squares");
			snprintf(out->eig_err, sizeof out->eig_err,
				 "values too large for the Hessian");
			out->lsq_rc = out->eig_rc = FP_EINPUT;
		}
		goto done;
	}
	size_t rank = np;
	if (theta) {
		for (size_t j = 0; j < np; j++)
			D[j] = G[j * np + j] > 0 ? sqrt(G[j * np + j]) : 1;
		for (size_t a = 0; a < np; a++)
			for (size_t c = 0; c < np; c++)
				Gb[a * np + c] = G[a * np + c] / (D[a] * D[c]);
		if (sym_eig(Gb, np, mu, 1) != 0) {
			snprintf(out->lsq_err, sizeof out->lsq_err,
				 "least squares failed: the "
				 "eigensolver did not converge (or no memory)");
			out->lsq_rc = FP_EFAIL;
			theta = NULL;
		} else {
			double tol = rcond(n, np) * (mu[np - 1] > 0 ? mu[np - 1] : 0);
			size_t nn = 0;
			for (size_t k = 0; k < np; k++)
				if (!(mu[k] > tol))
					nulls[nn++] = k;
			rank = np - nn;
			out->rank = rank;
			out->ncollinear = flag_null(Gb, np, nulls, nn, np, 1, col);
			if (rank == np) { /* theta = D^-1 W mu^-1 W^T D^-1 b */
				memset(theta, 0, np * sizeof *theta);
				for (size_t k = 0; k < np; k++) {
					const double *w = Gb + k * np;
					double s = 0;
					for (size_t j = 0; j < np; j++)
						s += w[j] * b[j] / D[j];
					s /= mu[k];
					for (size_t j = 0; j < np; j++)
						theta[j] += s * w[j];
				}
				for (size_t j = 0; j < np; j++)
					theta[j] /= D[j];
				out->lsq_rc = FP_OK;
			}
		}
	}
	int vecs = theta && rank < np;
	if (sym_eig(G, np, lam, vecs) != 0) {
		snprintf(out->eig_err, sizeof out->eig_err,
			 "eigenvalues failed: the eigensolver "
			 "did not converge (or no memory)");
		out->eig_rc = FP_EFAIL;
		if (vecs) {
			snprintf(out->lsq_err, sizeof out->lsq_err, "%s", out->eig_err);
			out->lsq_rc = FP_EFAIL;
		}
		goto done;
	}
	out->eig_rc = FP_OK;
	if (vecs) { /* the minimum-norm answer: the rank's largest eigenpairs of G */
		memset(theta, 0, np * sizeof *theta);
		for (size_t k = np - rank; k < np; k++) {
			const double *v = G + k * np;
			if (!(lam[k] > 0))
				continue;
			double s = 0;
			for (size_t j = 0; j < np; j++)
				s += v[j] * b[j];
			s /= lam[k];
			for (size_t j = 0; j < np; j++)
				theta[j] += s * v[j];
		}
		out->lsq_rc = FP_OK;
	}
	for (size_t k = 0; k < np; k++)
		lam[k] *= 2.0 / (double)n;
done:
	fp_free(nulls);
	fp_free(mu);
	fp_free(D);
	fp_free(b);
	fp_free(Gb);
	fp_free(G);
	return rc;
}

/* The big wide path (the linear model, more inputs than rows): K = X X^T, n x n;
 * theta = X^T K+ y is the minimum-norm answer; H's nonzero eigenvalues are K's
 * times 2/n, the other np - n are zero. */
static int closed_outer(const struct data *d, size_t np, double *theta, double *lam,
			struct solve_closed *out, char *err)
{
	size_t n = d->n;
	double *K = fp_malloc(n * n * sizeof *K), *kl = fp_malloc(n * sizeof *kl);
	double *z = fp_malloc(n * sizeof *z);
	int rc = FP_OK;
	if (!K || !kl || !z) {
		rc = fp_err(err, FP_EFAIL, "out of memory for the closed forms (%zu rows)", n);
		goto done;
	}
	if (gram_outer(d, K) != 0) {
		snprintf(out->lsq_err, sizeof out->lsq_err, "values too large for least squares");
		snprintf(out->eig_err, sizeof out->eig_err, "values too large for the Hessian");
		out->lsq_rc = out->eig_rc = FP_EINPUT;
		goto done;
	}
	if (sym_eig(K, n, kl, theta != NULL) != 0) {
		snprintf(out->eig_err, sizeof out->eig_err,
			 "eigenvalues failed: the eigensolver "
			 "did not converge (or no memory)");
		snprintf(out->lsq_err, sizeof out->lsq_err, "%s", out->eig_err);
		out->lsq_rc = out->eig_rc = FP_EFAIL;
		goto done;
	}
	if (theta) {
		double tol = rcond(n, np) * (kl[n - 1] > 0 ? kl[n - 1] : 0);
		size_t rank = 0;
		memset(z, 0, n * sizeof *z);
		for (size_t k = 0; k < n; k++) {
			if (!(kl[k] > tol))
				continue;
			rank++;
			const double *u = K + k * n;
			double s = 0;
			for (size_t i = 0; i < n; i++)
				s += u[i] * d->y[i];
			s /= kl[k];
			for (size_t i = 0; i < n; i++)
				z[i] += s * u[i];
		}
		gsl_vector_view tv = gsl_vector_view_array(theta, np);
		gsl_vector_const_view zv = gsl_vector_const_view_array(z, n);
		const double *cols = data_columns(d);
		if (cols) {
			gsl_matrix_const_view C = gsl_matrix_const_view_array(cols, np, n);
			gsl_blas_dgemv(CblasNoTrans, 1.0, &C.matrix, &zv.vector, 0.0, &tv.vector);
		} else {
			gsl_matrix_const_view X = gsl_matrix_const_view_array(d->x, n, np);
			gsl_blas_dgemv(CblasTrans, 1.0, &X.matrix, &zv.vector, 0.0, &tv.vector);
		}
		out->rank = rank;
		out->lsq_rc = FP_OK;
	}
	for (size_t k = 0; k < np; k++)
		lam[k] = k < n ? kl[k] * 2.0 / (double)n : 0;
	qsort(lam, np, sizeof *lam, cmp_double);
	out->eig_rc = FP_OK;
done:
	fp_free(z);
	fp_free(kl);
	fp_free(K);
	return rc;
}

double solve_closed_cost(size_t n, size_t np)
{
	double a = (double)n, p = (double)np;
	double lo = a < p ? a : p, hi = a < p ? p : a;
	return hi * lo * lo + 10 * lo * lo * lo;
}

int solve_closed(const struct model_type *t, const struct model_cfg *cfg, const struct data *d,
		 double *theta, unsigned char *collinear, double *eig, struct solve_closed *out,
		 char *err)
{
	size_t np = 0;
	memset(out, 0, sizeof *out);
	out->lsq_rc = out->eig_rc = FP_EFAIL;
	int rc = check_linear(t, cfg, d, &np, err);
	if (rc)
		return rc;
	if (collinear)
		memset(collinear, 0, np);
	double *lam = eig ? eig : fp_malloc(np * sizeof *lam);
	if (!lam)
		return fp_err(err, FP_EFAIL, "out of memory for the closed forms");
	size_t n = d->n;
	int small = (n <= SOLVE_SMALL_ROWS && solve_closed_cost(n, np) <= SOLVE_SMALL_COST) ||
		    (np > n && t != &model_linear);
	if (small) {
		out->method = "svd";
		if (theta) {
			out->lsq_rc = lsq_svd(t, cfg, d, np, theta, collinear, out);
		}
		out->eig_rc = eig_rows(t, cfg, d, np, lam, out->eig_err);
	} else if (np > n) {
		out->method = "gram";
		rc = closed_outer(d, np, theta, lam, out, err);
	} else {
		out->method = "gram";
		rc = closed_gram(t, cfg, d, np, theta, collinear, lam, out, err);
	}
	if (!rc && theta && out->lsq_rc == FP_OK) {
		/* The loss recomputed from the residuals, exactly as descent computes it. */
		out->mse = model_loss_grad(t, cfg, theta, d, LOSS_MSE, NULL);
		if (!isfinite(out->mse) || !fp_all_finite(theta, np))
			out->lsq_rc =
			    fp_err(out->lsq_err, FP_EINPUT, "values too large for least squares");
	}
	if (!rc && out->eig_rc == FP_OK) {
		out->lam_min = lam[0];
		out->lam_max = lam[np - 1];
		out->limit = out->lam_max > 0 ? 2.0 / out->lam_max : INFINITY;
		if (!isfinite(out->limit))
			out->eig_rc = fp_err(out->eig_err, FP_EINPUT,
					     "the Hessian is zero: no learning-rate limit");
	}
	if (lam != eig)
		fp_free(lam);
	return rc;
}

void solve_rank_text(const struct model_type *t, const struct model_cfg *cfg, size_t n, size_t np,
		     size_t rank, const unsigned char *collinear, char *buf, size_t len)
{
	size_t at = (size_t)snprintf(buf, len, "%zu of %zu", rank, np);
	if (rank >= np || at >= len)
		return;
	if (np > n) {
		snprintf(buf + at, len - at, " (more coefficients than rows: the smallest answer)");
		return;
	}
	const char *open = " (collinear: ";
	size_t first = 1, cut = len > 8 ? len - 8 : 0; /* room for ", ...)" */
	for (size_t j = 0; collinear && j < np; j++) {
		if (!collinear[j])
			continue;
		char pn[MODEL_NAME_LEN];
		t->param_name(cfg, j, pn, sizeof pn);
		if (at + strlen(open) + strlen(pn) + 2 > cut) {
			snprintf(buf + at, len - at, ", ...");
			at += strlen(buf + at);
			break;
		}
		at += (size_t)snprintf(buf + at, len - at, "%s%s", first ? open : ", ", pn);
		open = "";
		first = 0;
	}
	if (!first && at < len)
		snprintf(buf + at, len - at, ")");
}

int solve_lsq(const struct model_type *t, const struct model_cfg *cfg, const struct data *d,
	      double *theta, double *mse, char *err)
{
	struct solve_closed r;
	int rc = solve_closed(t, cfg, d, theta, NULL, NULL, &r, err);
	if (rc)
		return rc;
	if (r.lsq_rc != FP_OK)
		return fp_err(err, r.lsq_rc, "%s", r.lsq_err);
	*mse = r.mse;
	return FP_OK;
}

int solve_hessian(const struct model_type *t, const struct model_cfg *cfg, const struct data *d,
		  double *eig, double *limit, char *err)
{
	struct solve_closed r;
	int rc = solve_closed(t, cfg, d, NULL, NULL, eig, &r, err);
	if (rc)
		return rc;
	if (r.eig_rc != FP_OK)
		return fp_err(err, r.eig_rc, "%s", r.eig_err);
	*limit = r.limit;
	return FP_OK;
}
