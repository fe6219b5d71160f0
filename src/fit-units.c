/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fit-units.c: a session's dead ReLU units: found after every change (from the
 * gradient descent has just computed, a pass over the rows only for a unit whose
 * gradients are all 0), named for people, and given new random starts (key R). */
#include <stdio.h>
#include <string.h>

#include "fit.h"
#include "util.h"

/* Allocate the flags on first use; 0, or -1 when out of memory (then nothing is
 * tracked: nunits stays 0). */
static int units_alloc(struct fit *f)
{
	if (f->dead)
		return 0;
	size_t ku = model_units(f->model, &f->mcfg);
	if (ku == 0)
		return -1;
	f->dead = fp_calloc(2 * ku, 1);
	f->died_at = fp_calloc(ku, sizeof *f->died_at);
	f->dead_theta = fp_calloc(f->np, sizeof *f->dead_theta);
	if (!f->dead || !f->died_at || !f->dead_theta) {
		fp_free(f->dead);
		fp_free(f->died_at);
		fp_free(f->dead_theta);
		f->dead = NULL;
		f->died_at = NULL;
		f->dead_theta = NULL;
		return -1;
	}
	f->nunits = ku;
	f->dead_fresh = 0;
	return 0;
}

void fit_units_update(struct fit *f)
{
	if (units_alloc(f) != 0)
		return;
	size_t ku = f->nunits;
	unsigned char *now = f->dead + ku;
	f->ndead = model_dead_units(f->model, &f->mcfg, f->theta, f->grad, f->data,
				    f->dead_fresh ? f->dead_theta : NULL, f->dead, now);
	for (size_t k = 0; k < ku; k++)
		if (now[k] && (!f->dead[k] || !f->dead_fresh || f->died_at[k] > f->step))
			f->died_at[k] = f->step;
	memcpy(f->dead, now, ku);
	memcpy(f->dead_theta, f->theta, f->np * sizeof *f->theta);
	f->dead_fresh = 1;
}

void fit_dead_list(const struct fit *f, char *buf, size_t len)
{
	size_t used = 0;
	char name[MODEL_NAME_LEN];
	snprintf(buf, len, "none");
	for (size_t k = 0; k < f->nunits && f->ndead; k++) {
		if (!f->dead[k])
			continue;
		model_unit_name(f->model, &f->mcfg, k, name, sizeof name);
		int n = snprintf(buf + used, len - used, "%s%s", used ? ", " : "", name);
		if (n < 0 || (size_t)n >= len - used)
			break;
		used += (size_t)n;
	}
}

void fit_dead_explain(const struct fit *f, char *buf, size_t len)
{
	if (len == 0)
		return;
	buf[0] = 0;
	if (!f->ndead)
		return;
	char names[256];
	fit_dead_list(f, names, sizeof names);
	const char *row = f->data->d > 1 ? "row" : "point";
	if (f->ndead == 1)
		snprintf(buf, len,
			 "unit %s is dead: it is 0 on every %s, so its gradients are all 0 and "
			 "descent cannot revive it; R gives it a new random start",
			 names, row);
	else
		snprintf(buf, len,
			 "%s units %s are dead: they are 0 on every %s, so their gradients are "
			 "all 0 and descent cannot revive them; R gives them new random starts",
			 f->ndead == f->nunits ? "all" : "the", names, row);
}

long fit_revive(struct fit *f, unsigned long seed, char *err)
{
	if (!f->ndead)
		return 0;
	double *th = fp_malloc(f->np * sizeof *th);
	if (!th)
		return fp_err(err, FP_EFAIL, "out of memory"), -1;
	memcpy(th, f->theta, f->np * sizeof *th);
	size_t done = model_units_revive(f->model, &f->mcfg, th, f->data, f->dead, seed);
	long rc = (long)done;
	if (done && fit_set_theta(f, th, err) != FP_OK)
		rc = -1;
	fp_free(th);
	return rc;
}
