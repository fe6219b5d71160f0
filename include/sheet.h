/* SPDX-License-Identifier: GPL-3.0-or-later */
/* sheet.h: a model as the lecture's sheet and matrixmultiplication.xyz show it: a row
 * of features X, a weight matrix W (features x units) made of theta, each unit's sum
 * z_k = sum_j x_j W[j][k], its ReLU h_k = max(0, z_k) when the model clips, and the
 * prediction p = c + sum_k v_k h_k; per row the truth and the row's loss. The generic
 * part over every model's `sheet` ops (struct model_sheet, model.h). Pure: no curses,
 * no printing. The sheet view (src/view-sheet.c) and the matrix view draw from it. */
#ifndef FITPLAY_SHEET_H
#define FITPLAY_SHEET_H

#include <stddef.h>

#include "data.h"
#include "loss.h"
#include "model.h"

/* Which part of the sheet a coefficient is. */
enum sheet_part {
	SHEET_NONE = 0, /* not on the sheet (no model has such a coefficient today) */
	SHEET_W,	/* a cell W[j][k] */
	SHEET_V,	/* an output weight v_k */
	SHEET_C,	/* the output constant c */
};

/* The shape of model t under cfg into *s (t->sheet). Returns FP_OK, or FP_EINPUT when
 * t has no sheet ops (every member of model_types[] has them; tests check). */
int sheet_shape(const struct model_type *t, const struct model_cfg *cfg, struct model_sheet *s);

/* Which coefficient of theta W[j][k] is (j < nfeat, k < units). */
size_t sheet_w_index(const struct model_sheet *s, size_t j, size_t k);
/* Which coefficient v_k is, or -1 when v_k is the constant 1. */
long sheet_v_index(const struct model_sheet *s, size_t k);
/* Which coefficient c is, or -1 when c is the constant 0. */
long sheet_c_index(const struct model_sheet *s);
/* Where coefficient i sits: SHEET_W (*j, *k set), SHEET_V (*k set), SHEET_C, or
 * SHEET_NONE. j and k may be NULL when not wanted. */
enum sheet_part sheet_param_cell(const struct model_sheet *s, size_t i, size_t *j, size_t *k);

/* W (row-major, W[j*units + k]), v[0..units-1] and *c from theta; any output may be
 * NULL. */
void sheet_weights(const struct model_sheet *s, const double *theta, double *W, double *v,
		   double *c);

/* One row of the sheet, computed completely. f, z and h are the caller's buffers of
 * nfeat, units and units doubles. */
struct sheet_row {
	double *f;   /* the row's features (X's row) */
	double *z;   /* each unit's sum z_k = sum_j f_j W[j][k] */
	double *h;   /* each unit's output: max(0, z_k) when the model clips, else z_k */
	double p;    /* the prediction c + sum_k v_k h_k */
	double y;    /* the truth */
	double loss; /* the row's loss: (p - y)^2 for MSE, |p - y| for MAE */
};

/* Row i (< data->n) of the sheet of model t (shape s from sheet_shape) at theta into
 * *r (its buffers set by the caller), the loss of kind `loss`. The sums run in the
 * order the models' eval adds, so p equals eval to rounding (tests: 1e-12). */
void sheet_row_eval(const struct model_type *t, const struct model_cfg *cfg,
		    const struct model_sheet *s, const double *theta, const struct data *data,
		    size_t i, enum loss_kind loss, struct sheet_row *r);

/* The sheet's loss, the SUM of the rows' losses over rows [lo, hi) (as the lecture's
 * sheet), row by row through sheet_row_eval; rows right at TABLE_CUT (a prediction on
 * its truth's side of 0.5) counted into *right when it is not NULL. `work` holds
 * nfeat + 2*units doubles. */
double sheet_loss_sum(const struct model_type *t, const struct model_cfg *cfg,
		      const struct model_sheet *s, const double *theta, const struct data *data,
		      size_t lo, size_t hi, enum loss_kind loss, size_t *right, double *work);

#endif
