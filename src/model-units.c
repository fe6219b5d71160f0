/* SPDX-License-Identifier: GPL-3.0-or-later */
/* model-units.c: ReLU units that die. A unit that is off on every row (its output and
 * its slope 0 there) adds nothing to any prediction and every one of its gradients is
 * exactly 0: descent can never move it again. Here: which units are dead, a start
 * with every unit alive, and new random starts for the dead ones; over the members'
 * unit ops (relu_units, unit_on, unit_random, unit_flip). Pure: no I/O. */
#include <stdio.h>
#include <string.h>

#include "model.h"

#define UNITS_TRIES 64 /* random draws for a unit before giving up on it */

uint64_t model_rng_next(uint64_t *state)
{
	uint64_t z = (*state += UINT64_C(0x9e3779b97f4a7c15));
	z = (z ^ (z >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
	z = (z ^ (z >> 27)) * UINT64_C(0x94d049bb133111eb);
	return z ^ (z >> 31);
}

double model_rng_uniform(uint64_t *state)
{
	return (double)(model_rng_next(state) >> 11) * 0x1p-53;
}

size_t model_units(const struct model_type *t, const struct model_cfg *cfg)
{
	if (!t->relu_units || !t->unit_on)
		return 0;
	return t->relu_units(cfg);
}

void model_unit_name(const struct model_type *t, const struct model_cfg *cfg, size_t k, char *buf,
		     size_t len)
{
	if (model_units(t, cfg) == 1 && !t->takes_k)
		snprintf(buf, len, "relu");
	else
		snprintf(buf, len, "relu%zu", k + 1);
}

size_t model_unit_rows_on(const struct model_type *t, const struct model_cfg *cfg,
			  const double *theta, const struct data *data, size_t k, size_t enough)
{
	size_t on = 0, d = data->d;
	for (size_t i = 0; i < data->n; i++)
		if (t->unit_on(cfg, theta, k, data->x + i * d) && ++on == enough)
			break;
	return on;
}

/* Per unit, in one pass over the coefficients: moves[k] = 1 when one of unit k's
 * gradients is not 0; same[k] = 1 when its coefficients in a and b are equal. */
static void units_scan(const struct model_type *t, const struct model_cfg *cfg, const double *grad,
		       const double *a, const double *b, size_t ku, unsigned char *moves,
		       unsigned char *same)
{
	size_t np = t->nparams(cfg);
	memset(moves, 0, ku);
	memset(same, b != NULL, ku);
	for (size_t i = 0; i < np && t->param_unit; i++) {
		long k = t->param_unit(cfg, i);
		if (k < 0 || (size_t)k >= ku)
			continue;
		if (grad && grad[i] != 0)
			moves[k] = 1;
		if (b && memcmp(&a[i], &b[i], sizeof a[i]) != 0)
			same[k] = 0;
	}
}

size_t model_dead_units(const struct model_type *t, const struct model_cfg *cfg,
			const double *theta, const double *grad, const struct data *data,
			const double *prev, const unsigned char *prev_dead, unsigned char *dead)
{
	size_t ku = model_units(t, cfg), nd = 0;
	unsigned char moves[MODEL_MAX_UNITS], same[MODEL_MAX_UNITS];
	if (ku > MODEL_MAX_UNITS)
		ku = MODEL_MAX_UNITS;
	units_scan(t, cfg, grad, theta, prev_dead ? prev : NULL, ku, moves, same);
	for (size_t k = 0; k < ku; k++) {
		/* a dead unit's gradients are all exactly 0: one that is not says alive */
		if (moves[k])
			dead[k] = 0;
		else if (prev && prev_dead && prev_dead[k] && same[k])
			dead[k] = 1; /* dead there, not moved since: still dead */
		else
			dead[k] = model_unit_rows_on(t, cfg, theta, data, k, 1) == 0;
		nd += dead[k];
	}
	return nd;
}

size_t model_units_majority(const struct model_type *t, const struct model_cfg *cfg, double *theta,
			    const struct data *data)
{
	size_t ku = model_units(t, cfg), flipped = 0;
	if (!t->unit_flip || data->n == 0)
		return 0;
	for (size_t k = 0; k < ku; k++) {
		size_t on = model_unit_rows_on(t, cfg, theta, data, k, 0);
		if (2 * on >= data->n)
			continue;
		t->unit_flip(cfg, theta, k);
		if (model_unit_rows_on(t, cfg, theta, data, k, 0) > on)
			flipped++;
		else
			t->unit_flip(cfg, theta, k); /* no better mirrored (ties at kinks) */
	}
	return flipped;
}

size_t model_units_revive(const struct model_type *t, const struct model_cfg *cfg, double *theta,
			  const struct data *data, const unsigned char *dead, unsigned long seed)
{
	size_t ku = model_units(t, cfg), done = 0, np = t->nparams(cfg);
	if (!t->unit_random || !t->unit_flip || data->n == 0)
		return 0;
	uint64_t st = (uint64_t)seed ^ UINT64_C(0x7265766976); /* "revive" */
	for (size_t k = 0; k < ku; k++) {
		if (!dead[k])
			continue;
		double keep[MODEL_MAX_PARAMS];
		memcpy(keep, theta, np * sizeof *theta);
		int ok = 0;
		for (int tries = 0; tries < UNITS_TRIES && !ok; tries++) {
			t->unit_random(cfg, theta, k, &st);
			size_t on = model_unit_rows_on(t, cfg, theta, data, k, 0);
			if (2 * on < data->n) {
				t->unit_flip(cfg, theta, k);
				size_t on2 = model_unit_rows_on(t, cfg, theta, data, k, 0);
				if (on2 < on)
					t->unit_flip(cfg, theta, k);
				else
					on = on2;
			}
			ok = on > 0;
		}
		if (ok)
			done++;
		else
			memcpy(theta, keep, np * sizeof *theta);
	}
	return done;
}
