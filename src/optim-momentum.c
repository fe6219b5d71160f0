/* SPDX-License-Identifier: GPL-3.0-or-later */
/* optim-momentum.c: heavy-ball momentum, v = beta*v + grad; theta -= lr * v
 * (PyTorch's SGD momentum without dampening). */
#include "optim.h"

static size_t momentum_state_len(size_t n)
{
	return n;
}

static void momentum_step(const struct optim_cfg *c, double *v, double *theta, const double *grad,
			  size_t n, double lr, unsigned long t)
{
	for (size_t i = 0; i < n; i++) {
		v[i] = (t == 1 ? 0 : c->beta * v[i]) + grad[i];
		theta[i] -= lr * v[i];
	}
}

const struct optim_type optim_momentum = {
    .name = "momentum",
    .label = "momentum",
    .state_len = momentum_state_len,
    .step = momentum_step,
};
