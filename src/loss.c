/* SPDX-License-Identifier: GPL-3.0-or-later */
/* loss.c: names and the plain mean of the losses (the fused loops live in models). */
#include <strings.h>

#include "loss.h"

static const char *const names[LOSS_COUNT] = {"mse", "mae"};
static const char *const labels[LOSS_COUNT] = {"MSE", "MAE"};

const char *loss_name(enum loss_kind k)
{
	return (unsigned)k < LOSS_COUNT ? names[k] : NULL;
}

const char *loss_label(enum loss_kind k)
{
	return (unsigned)k < LOSS_COUNT ? labels[k] : NULL;
}

int loss_find(const char *name, enum loss_kind *k)
{
	for (int i = 0; i < LOSS_COUNT; i++)
		if (name && strcasecmp(name, names[i]) == 0) {
			*k = (enum loss_kind)i;
			return 0;
		}
	return -1;
}

double loss_mean(enum loss_kind k, const double *p, const double *y, size_t n)
{
	double s = 0;
	for (size_t i = 0; i < n; i++)
		s += loss_point(k, p[i] - y[i]);
	return s / (double)n;
}
