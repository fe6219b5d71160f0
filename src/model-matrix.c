/* SPDX-License-Identifier: GPL-3.0-or-later */
/* model-matrix.c: the table models' pass over all rows by matrix products (GSL BLAS),
 * as the `mmult` sheet does it: H = W X for a block of rows at once, the units
 * clipped and added, the residuals, then dL/dW = D X^T. The inputs are read column
 * by column (data_columns): a block of rows is then a d x b matrix whose rows are
 * long contiguous runs, the shape BLAS kernels run fastest on (one dgemv over 712
 * rows x 10 inputs takes about a microsecond with OpenBLAS, against several with the
 * rows as the matrix's rows). */
#define _GNU_SOURCE /* RTLD_DEFAULT */
#include <dlfcn.h>
#include <gsl/gsl_blas.h>
#include <stdint.h>
#include <string.h>

#include "model.h"
#include "util.h"

#define MM_STACK_CELLS 4096 /* scratch doubles on the stack (64 KiB) */
#define MM_MIN_ROWS    64   /* fewer rows than this per block: scratch from the heap */
#define MM_GEMV_UNITS  4    /* up to this many units one dgemv each, else one dgemm */

/* The block of rows i0 .. i0+b-1 as a d x b matrix: a view into the columns, or the
 * rows copied column by column into xb when the data has no columns. */
static _gsl_matrix_const_view block(const struct data *data, const double *cols, size_t i0,
				    size_t b, double *xb)
{
	size_t n = data->n, d = data->d;
	if (cols)
		return gsl_matrix_const_view_array_with_tda(cols + i0, d, b, n);
	for (size_t i = 0; i < b; i++)
		for (size_t j = 0; j < d; j++)
			xb[j * b + i] = data->x[(i0 + i) * d + j];
	return gsl_matrix_const_view_array(xb, d, b);
}

double model_matrix_pass(const struct data *data, const double *theta, size_t units, int clip,
			 enum loss_kind loss, double *grad, double *pred)
{
	size_t n = data->n, d = data->d;
	if (n == 0 || d == 0 || units == 0)
		return NAN;
	const double *cols = data_columns(data);
	size_t per = units + 1 + (cols ? 0 : d); /* scratch doubles per row of a block */
	double stack[MM_STACK_CELLS], *buf = stack, *heap = NULL;
	size_t rows = MM_STACK_CELLS / per;
	if (rows < MM_MIN_ROWS && rows < n) {
		rows = MM_MIN_ROWS < n ? MM_MIN_ROWS : n;
		if (per > SIZE_MAX / sizeof(double) / rows ||
		    !(heap = fp_malloc(per * rows * sizeof *heap)))
			return NAN;
		buf = heap;
	}
	if (rows > n)
		rows = n;
	double *h = buf, *r = buf + units * rows, *xb = r + rows;
	/* MSE's dL/dr = 2r/n: the 2/n goes into the product's alpha. */
	double s = 0, gscale = (loss == LOSS_MSE ? 2.0 : 1.0) / (double)n;
	int gemm = units > MM_GEMV_UNITS, bad = 0;
	gsl_matrix_const_view W = gsl_matrix_const_view_array(theta, units, d);
	gsl_matrix_view G = gsl_matrix_view_array(grad ? grad : buf, units, d);
	if (grad)
		memset(grad, 0, units * d * sizeof *grad);
	for (size_t i0 = 0; i0 < n && !bad; i0 += rows) {
		size_t b = n - i0 < rows ? n - i0 : rows;
		const double *y = data->y + i0;
		gsl_matrix_const_view X = block(data, cols, i0, b, xb);
		gsl_matrix_view H = gsl_matrix_view_array(h, units, b);
		/* H = W X: row k holds unit k's w_k . x for every row of the block. */
		if (gemm)
			bad |= gsl_blas_dgemm(CblasNoTrans, CblasNoTrans, 1.0, &W.matrix, &X.matrix,
					      0.0, &H.matrix);
		for (size_t k = 0; !gemm && k < units; k++) {
			gsl_vector_const_view w = gsl_vector_const_view_array(theta + k * d, d);
			gsl_vector_view hk = gsl_vector_view_array(h + k * b, b);
			bad |=
			    gsl_blas_dgemv(CblasTrans, 1.0, &X.matrix, &w.vector, 0.0, &hk.vector);
		}
		/* p = sum_k h_k (each clipped at zero), r = p - y, in the order eval adds. */
		memset(r, 0, b * sizeof *r);
		for (size_t k = 0; k < units; k++) {
			const double *hk = h + k * b;
			if (clip)
				for (size_t i = 0; i < b; i++)
					r[i] += hk[i] > 0 ? hk[i] : 0.0;
			else
				for (size_t i = 0; i < b; i++)
					r[i] += hk[i];
		}
		if (pred)
			memcpy(pred + i0, r, b * sizeof *r);
		for (size_t i = 0; i < b; i++)
			r[i] -= y[i];
		gsl_vector_view rv = gsl_vector_view_array(r, b);
		if (loss == LOSS_MSE) {
			double q = 0;
			bad |= gsl_blas_ddot(&rv.vector, &rv.vector, &q);
			s += q;
		} else {
			s += gsl_blas_dasum(&rv.vector);
			for (size_t i = 0; i < b; i++)
				r[i] = loss_dpoint(loss, r[i]);
		}
		if (!grad)
			continue;
		/* D: unit k's row is dL/dr where the unit is on (h_k > 0), else 0. */
		for (size_t k = 0; (clip || gemm) && k < units; k++) {
			double *hk = h + k * b;
			if (clip)
				for (size_t i = 0; i < b; i++) {
					double ri = r[i]; /* loaded either way: a vector select */
					hk[i] = hk[i] > 0 ? ri : 0.0;
				}
			else
				memcpy(hk, r, b * sizeof *r);
		}
		/* dL/dW += gscale * D X^T */
		if (gemm)
			bad |= gsl_blas_dgemm(CblasNoTrans, CblasTrans, gscale, &H.matrix,
					      &X.matrix, 1.0, &G.matrix);
		for (size_t k = 0; !gemm && k < units; k++) {
			gsl_vector_const_view dk =
			    gsl_vector_const_view_array(clip ? h + k * b : r, b);
			gsl_vector_view gk = gsl_vector_view_array(grad + k * d, d);
			bad |= gsl_blas_dgemv(CblasNoTrans, gscale, &X.matrix, &dk.vector, 1.0,
					      &gk.vector);
		}
	}
	fp_free(heap);
	return bad ? NAN : s / (double)n;
}

const char *model_matrix_blas(void)
{
	/* OpenBLAS says what it is; GSL's reference CBLAS has nothing to ask. */
	char *(*config)(void);
	void *sym = dlsym(RTLD_DEFAULT, "openblas_get_config");
	if (!sym)
		return "GSL's reference CBLAS";
	memcpy(&config, &sym, sizeof config); /* object pointer to function pointer */
	const char *c = config();
	return c && *c ? c : "OpenBLAS";
}
