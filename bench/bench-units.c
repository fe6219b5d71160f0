/* SPDX-License-Identifier: GPL-3.0-or-later */
/* bench-units.c: the cost of finding dead ReLU units (model_dead_units, run by
 * fit_step after every step and so by every explorer frame): on the 712 Titanic rows
 * with nnet:2 and on 1,000,000 points with relus:8, all units alive (the gradient's
 * shortcut), one unit dead (a pass over the rows), and dead with its coefficients
 * unchanged (the recheck's cache, what descent meets); against one loss-and-gradient
 * pass and one descent step. Prints figures, never fails. */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "bench.h"
#include "fit.h"
#include "util.h"

static double cpu_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

/* Seconds per model_dead_units call (best of 5 rounds of `calls`). */
static double time_dead(const struct fit *f, const double *grad, int cached, size_t calls)
{
	unsigned char prev[2 * MODEL_MAX_UNITS], dead[MODEL_MAX_UNITS];
	model_dead_units(f->model, &f->mcfg, f->theta, grad, f->data, NULL, NULL, prev);
	double best = 1e300;
	for (int r = 0; r < 5; r++) {
		double t0 = cpu_now();
		for (size_t i = 0; i < calls; i++)
			model_dead_units(f->model, &f->mcfg, f->theta, grad, f->data,
					 cached ? f->theta : NULL, cached ? prev : NULL, dead);
		double dt = (cpu_now() - t0) / (double)calls;
		if (dt < best)
			best = dt;
	}
	return best;
}

static double time_pass(const struct fit *f, double *g, size_t calls)
{
	double best = 1e300;
	for (int r = 0; r < 5; r++) {
		double t0 = cpu_now();
		for (size_t i = 0; i < calls; i++)
			model_loss_grad(f->model, &f->mcfg, f->theta, f->data, LOSS_MSE, g);
		double dt = (cpu_now() - t0) / (double)calls;
		if (dt < best)
			best = dt;
	}
	return best;
}

static double time_steps(struct fit *f, size_t steps)
{
	double best = 1e300;
	for (int r = 0; r < 5; r++) {
		double t0 = cpu_now();
		fit_step(f, steps);
		double dt = (cpu_now() - t0) / (double)steps;
		if (dt < best)
			best = dt;
	}
	return best;
}

/* One figure, in microseconds or milliseconds. */
static void show(const char *label, double sec)
{
	if (sec < 1e-3)
		printf("  %-44s %10.3f us\n", label, sec * 1e6);
	else
		printf("  %-44s %10.3f ms\n", label, sec * 1e3);
}

/* Figures for model spec on data d from its start (every unit on for half the rows),
 * then with the unit that kill() makes dead. */
static void rows(const char *what, const struct data *d, const char *spec, size_t calls,
		 void (*kill)(double *theta, size_t np))
{
	const struct model_type *t;
	struct model_cfg mc = {0};
	struct fit f;
	char err[FP_ERRLEN];
	if (model_parse(spec, &t, &mc, err) != FP_OK)
		return;
	mc.seed = 42;
	mc.xlo = d->xlo;
	mc.xhi = d->xhi;
	mc.d = d->d;
	double theta[MODEL_MAX_PARAMS];
	size_t np = t->nparams(&mc);
	t->init(&mc, theta);
	model_units_majority(t, &mc, theta, d);
	if (fit_init(&f, d, t, &mc, LOSS_MSE, optim_find("gd"), 1e-4, theta, err) != FP_OK) {
		fprintf(stderr, "bench-units: %s\n", err);
		return;
	}
	double *g = fp_malloc(np * sizeof *g);
	printf("%s, %s (%zu of %zu units dead at the start):\n", what, spec, f.ndead, f.nunits);
	show("loss and gradient pass", time_pass(&f, g, calls));
	show("dead units, all alive (gradient shortcut)", time_dead(&f, f.grad, 0, calls));
	show("descent step (fit_step), all alive", time_steps(&f, calls));
	kill(theta, np);
	fit_set_theta(&f, theta, err);
	char l1[64], l2[64], l3[64];
	snprintf(l1, sizeof l1, "dead units, %zu dead: a pass over the rows", f.ndead);
	snprintf(l2, sizeof l2, "dead units, %zu dead, unchanged (cache)", f.ndead);
	snprintf(l3, sizeof l3, "descent step (fit_step), %zu dead", f.ndead);
	show(l1, time_dead(&f, f.grad, 0, calls));
	show(l2, time_dead(&f, f.grad, 1, calls));
	show(l3, time_steps(&f, calls));
	fp_free(g);
	fit_done(&f);
}

/* nnet:K on 10 inputs: the second half of the units 0 everywhere (all their
 * coefficients 0, the last one's constant -1). */
static void kill_nnet(double *theta, size_t np)
{
	memset(theta + np / 2, 0, np / 2 * sizeof *theta);
	theta[np - 1] = -1;
}

/* relus:8: unit 1 with m = 0, b = -1. */
static void kill_relus(double *theta, size_t np)
{
	theta[0] = 0;
	theta[1] = -1;
}

int main(void)
{
	char err[FP_ERRLEN];
	struct data t;
	printf("dead-unit detection; thread CPU time, best of 5 rounds\n");
	if (bench_titanic(&t, err) == FP_OK) {
		rows("titanic 712 x 10", &t, "nnet:2", 20000, kill_nnet);
		rows("titanic 712 x 10", &t, "nnet:64", 2000, kill_nnet);
		data_free(&t);
	} else {
		printf("titanic: skipped (%s)\n", err);
	}
	struct data_gen_cfg g;
	data_gen_cfg_lesson(&g);
	g.n = 1000000;
	struct data big;
	if (data_gen(&g, &big, err) == FP_OK) {
		rows("1,000,000 points", &big, "relus:8", 5, kill_relus);
		data_free(&big);
	} else {
		printf("1,000,000 points: %s\n", err);
	}
	return 0;
}
