/* SPDX-License-Identifier: GPL-3.0-or-later */
/* optim.h: the optimizer family. An optimizer turns a gradient into an update of
 * theta; its state is `state_len(n)` doubles that the caller owns. */
#ifndef FITPLAY_OPTIM_H
#define FITPLAY_OPTIM_H

#include <stddef.h>

/* Settings shared by the members (each uses what it needs). */
struct optim_cfg {
	double beta;  /* momentum: velocity decay (0.9) */
	double beta1; /* adam: first-moment decay (0.9) */
	double beta2; /* adam: second-moment decay (0.999) */
	double eps;   /* adam: denominator guard (1e-8) */
};
void optim_cfg_default(struct optim_cfg *c);

struct optim_type {
	const char *name;  /* "gd", "momentum", "adam" */
	const char *label; /* for people: "gradient descent" */
	size_t (*state_len)(size_t n);
	/* One update: theta -= f(grad). t counts updates from 1. */
	void (*step)(const struct optim_cfg *, double *state, double *theta, const double *grad,
		     size_t n, double lr, unsigned long t);
};

extern const struct optim_type *const optim_types[]; /* NULL-terminated */
/* Look an optimizer up by name. NULL when unknown. */
const struct optim_type *optim_find(const char *name);
/* Every optimizer's name, "gd, momentum, adam", into buf (for help and errors).
 * Returns buf. */
char *optim_names(char *buf, size_t len);

extern const struct optim_type optim_gd, optim_momentum, optim_adam;

#endif
