/* SPDX-License-Identifier: GPL-3.0-or-later */
/* optim-gd.c: plain gradient descent, theta -= lr * grad. */
#include "optim.h"

static size_t gd_state_len(size_t n)
{
	return 0;
}

static void gd_step(const struct optim_cfg *c, double *state, double *theta, const double *grad,
		    size_t n, double lr, unsigned long t)
{
	for (size_t i = 0; i < n; i++)
		theta[i] -= lr * grad[i];
}

const struct optim_type optim_gd = {
    .name = "gd",
    .label = "gradient descent",
    .state_len = gd_state_len,
    .step = gd_step,
};
