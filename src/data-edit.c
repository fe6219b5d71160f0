/* SPDX-License-Identifier: GPL-3.0-or-later */
/* data-edit.c: points moved, added and deleted by hand (the explorer's point
 * editing) in x,y data, the derived fields kept valid. Pure: no printing. */
#include <math.h>
#include <string.h>

#include "data.h"
#include "util.h"

/* x,y data only: a table's rows are not points on a plane. */
static int editable(const struct data *d, char *err)
{
	if (d->d != 1)
		return fp_err(err, FP_EINPUT,
			      "points can't be edited on a table (%zu inputs a row)", d->d);
	return FP_OK;
}

static int finite_xy(double x, double y, char *err)
{
	if (!isfinite(x) || !isfinite(y))
		return fp_err(err, FP_EINPUT, "a point needs finite x and y");
	return FP_OK;
}

/* The x range after an edit: the data's own min and max widened, never narrowed
 * (the generation range stays what it was). */
static void widen_range(struct data *d, double x)
{
	if (!(d->xlo <= d->xhi)) {
		d->xlo = d->xhi = x;
		return;
	}
	if (x < d->xlo)
		d->xlo = x;
	if (x > d->xhi)
		d->xhi = x;
}

int data_point_move(struct data *d, size_t i, double x, double y, char *err)
{
	int rc = editable(d, err);
	if (rc)
		return rc;
	if (i >= d->n)
		return fp_err(err, FP_EINPUT, "no point %zu (there are %zu)", i + 1, d->n);
	if ((rc = finite_xy(x, y, err)) != FP_OK)
		return rc;
	d->x[i] = x;
	d->y[i] = y;
	widen_range(d, x);
	return FP_OK;
}

int data_point_add(struct data *d, double x, double y, size_t *idx, char *err)
{
	int rc = editable(d, err);
	if (rc)
		return rc;
	if ((rc = finite_xy(x, y, err)) != FP_OK)
		return rc;
	if (d->n >= DATA_EDIT_MAX_POINTS)
		return fp_err(err, FP_EINPUT, "%zu points is the most that can be edited by hand",
			      (size_t)DATA_EDIT_MAX_POINTS);
	double *nx = fp_realloc(d->x, (d->n + 1) * sizeof *nx);
	if (!nx)
		return fp_err(err, FP_EFAIL, "out of memory adding a point");
	d->x = nx;
	double *ny = fp_realloc(d->y, (d->n + 1) * sizeof *ny);
	if (!ny)
		return fp_err(err, FP_EFAIL, "out of memory adding a point");
	d->y = ny;
	/* keep the points in the order of x, as generated data is */
	size_t k = d->n;
	while (k > 0 && d->x[k - 1] > x)
		k--;
	memmove(d->x + k + 1, d->x + k, (d->n - k) * sizeof *d->x);
	memmove(d->y + k + 1, d->y + k, (d->n - k) * sizeof *d->y);
	d->x[k] = x;
	d->y[k] = y;
	d->n++;
	widen_range(d, x);
	if (idx)
		*idx = k;
	return FP_OK;
}

int data_point_delete(struct data *d, size_t i, char *err)
{
	int rc = editable(d, err);
	if (rc)
		return rc;
	if (i >= d->n)
		return fp_err(err, FP_EINPUT, "no point %zu (there are %zu)", i + 1, d->n);
	if (d->n <= DATA_EDIT_MIN_POINTS)
		return fp_err(err, FP_EINPUT, "%zu points is the fewest a fit keeps", d->n);
	memmove(d->x + i, d->x + i + 1, (d->n - i - 1) * sizeof *d->x);
	memmove(d->y + i, d->y + i + 1, (d->n - i - 1) * sizeof *d->y);
	d->n--;
	return FP_OK;
}
