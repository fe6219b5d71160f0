/* SPDX-License-Identifier: GPL-3.0-or-later */
/* optim-adam.c: Adam (Kingma & Ba), with bias correction:
 * m = b1*m + (1-b1)*g; v = b2*v + (1-b2)*g^2; theta -= lr * mhat / (sqrt(vhat) + eps). */
#include <math.h>

#include "optim.h"

static size_t adam_state_len(size_t n)
{
	return 2 * n;
}

static void adam_step(const struct optim_cfg *c, double *s, double *theta, const double *grad,
		      size_t n, double lr, unsigned long t)
{
	double *m = s, *v = s + n;
	double c1 = 1 - pow(c->beta1, (double)t), c2 = 1 - pow(c->beta2, (double)t);
	for (size_t i = 0; i < n; i++) {
		if (t == 1)
			m[i] = v[i] = 0;
		m[i] = c->beta1 * m[i] + (1 - c->beta1) * grad[i];
		v[i] = c->beta2 * v[i] + (1 - c->beta2) * grad[i] * grad[i];
		theta[i] -= lr * (m[i] / c1) / (sqrt(v[i] / c2) + c->eps);
	}
}

const struct optim_type optim_adam = {
    .name = "adam",
    .label = "Adam",
    .state_len = adam_state_len,
    .step = adam_step,
};
