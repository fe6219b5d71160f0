/* SPDX-License-Identifier: GPL-3.0-or-later */
/* loss.h: losses over residuals r = prediction - y, as a mean over the points. */
#ifndef FITPLAY_LOSS_H
#define FITPLAY_LOSS_H

#include <math.h>
#include <stddef.h>

enum loss_kind {
	LOSS_MSE = 0, /* mean of r^2 */
	LOSS_MAE,     /* mean of |r| */
	LOSS_COUNT
};

/* "mse"/"mae" and "MSE"/"MAE"; NULL when out of range. */
const char *loss_name(enum loss_kind k);
const char *loss_label(enum loss_kind k);
/* Look a loss up by name (case-insensitive). Returns 0 and sets *k, or -1. */
int loss_find(const char *name, enum loss_kind *k);

/* Per-point loss of residual r. */
static inline double loss_point(enum loss_kind k, double r)
{
	return k == LOSS_MAE ? fabs(r) : r * r;
}
/* d(loss_point)/dr. MAE's derivative at r == 0 is 0, as PyTorch's sign(). */
static inline double loss_dpoint(enum loss_kind k, double r)
{
	if (k == LOSS_MAE)
		return (r > 0) - (r < 0);
	return 2 * r;
}

/* Mean loss of predictions p against y over n points (n >= 1). */
double loss_mean(enum loss_kind k, const double *p, const double *y, size_t n);

#endif
