/* SPDX-License-Identifier: GPL-3.0-or-later */
/* bench-landscape.c: time of one 100x40 loss landscape (targets: under 50 ms on the
 * lesson's 20 points, under 100 ms on 10,000 points with relus:16), per pair kind,
 * plus a cached redraw, the learning-rate sweep, the estimated limit and
 * Levenberg-Marquardt. Prints the best of several runs; never fails. */
#include <stdio.h>
#include <string.h>

#include "data.h"
#include "fit.h"
#include "lab.h"
#include "model.h"
#include "solve.h"
#include "util.h"

#define RUNS 5

/* Best milliseconds of a full grid for pair (p, q) of session f; every run moves a
 * held coefficient a little, so that nothing comes from the cache. */
static double grid_ms(struct fit *f, size_t p, size_t q, const char **how)
{
	char err[FP_ERRLEN];
	struct lab_landscape *L = lab_landscape_alloc();
	if (!L)
		return -1;
	struct lab_land_spec s;
	lab_landscape_auto(f, p, q, 100, 40, &s);
	double best = 1e300;
	size_t held = 0;
	while (held == p || held == q)
		held++;
	double keep = f->theta[held];
	for (int r = 0; r < RUNS; r++) {
		f->theta[held] = keep + 1e-9 * (r + 1);
		double t0 = fp_now();
		int rc = lab_landscape_compute_fit(L, f, &s, err);
		double dt = fp_now() - t0;
		if (rc) {
			fprintf(stderr, "bench-landscape: %s\n", err);
			break;
		}
		if (dt < best)
			best = dt;
	}
	f->theta[held] = keep;
	*how = lab_land_strategy_name(L->strategy);
	lab_landscape_free(L);
	return best * 1e3;
}

/* Microseconds of a call that finds the grid cached. */
static double cached_us(struct fit *f, size_t p, size_t q)
{
	char err[FP_ERRLEN];
	struct lab_landscape *L = lab_landscape_alloc();
	struct lab_land_spec s;
	lab_landscape_auto(f, p, q, 100, 40, &s);
	lab_landscape_compute_fit(L, f, &s, err);
	double t0 = fp_now();
	for (int r = 0; r < 100; r++)
		lab_landscape_compute_fit(L, f, &s, err);
	double dt = (fp_now() - t0) / 100;
	lab_landscape_free(L);
	return dt * 1e6;
}

static int make_fit(struct fit *f, const struct data *d, const char *spec)
{
	char err[FP_ERRLEN];
	const struct model_type *t;
	struct model_cfg mc = {0};
	if (model_parse(spec, &t, &mc, err) != FP_OK)
		return -1;
	mc.xlo = d->xlo;
	mc.xhi = d->xhi;
	mc.seed = 42;
	mc.d = 1;
	if (fit_init(f, d, t, &mc, LOSS_MSE, NULL, 0.01, NULL, err) != FP_OK) {
		fprintf(stderr, "bench-landscape: %s: %s\n", spec, err);
		return -1;
	}
	return 0;
}

static void report(struct fit *f, const char *what, size_t p, size_t q, const char *target)
{
	char pn[MODEL_NAME_LEN], qn[MODEL_NAME_LEN];
	const char *how = "";
	f->model->param_name(&f->mcfg, p, pn, sizeof pn);
	f->model->param_name(&f->mcfg, q, qn, sizeof qn);
	double ms = grid_ms(f, p, q, &how);
	printf("landscape 100x40, %-28s pair %s,%s: %8.2f ms (%s)%s\n", what, pn, qn, ms, how,
	       target);
}

/* Levenberg-Marquardt from the model's start (at most maxiter iterations, 0: to
 * convergence): iterations and time, best of `runs`. */
static void bench_lm(const struct data *d, const char *spec, const char *what, size_t maxiter,
		     int runs)
{
	char err[FP_ERRLEN];
	struct fit f;
	if (make_fit(&f, d, spec) != 0)
		return;
	double *th = fp_malloc(f.np * sizeof *th);
	struct solve_lm_result r;
	double best = 1e300;
	for (int k = 0; th && k < runs; k++) {
		memcpy(th, f.theta0, f.np * sizeof *th);
		double t0 = fp_now();
		if (solve_lm(f.model, &f.mcfg, d, th, maxiter, NULL, 0, &r, err) != FP_OK) {
			fprintf(stderr, "bench-landscape: %s\n", err);
			break;
		}
		double dt = fp_now() - t0;
		if (dt < best)
			best = dt;
	}
	if (best < 1e300)
		printf("levenberg-marquardt, %-26s %8.2f ms (%zu iterations, %.2f ms each)\n", what,
		       best * 1e3, r.iterations,
		       best * 1e3 / (double)(r.iterations ? r.iterations : 1));
	fp_free(th);
	fit_done(&f);
}

int main(void)
{
	char err[FP_ERRLEN];
	struct data_gen_cfg g;
	struct data lesson, big;
	struct fit f;
	data_gen_cfg_lesson(&g);
	if (data_gen(&g, &lesson, err)) {
		fprintf(stderr, "bench-landscape: %s\n", err);
		return 0;
	}
	g.n = 10000;
	g.torch_grid = 0;
	g.skip = 0;
	g.target = DATA_TARGET_SINE;
	g.mult = 0;
	g.add = 0.1;
	if (data_gen(&g, &big, err)) {
		fprintf(stderr, "bench-landscape: %s\n", err);
		return 0;
	}

	if (make_fit(&f, &lesson, "quad") == 0) {
		report(&f, "quad, lesson (20 points)", 0, 1, " [target < 50 ms]");
		printf("landscape 100x40, quad, lesson, cached call:        %8.2f us\n",
		       cached_us(&f, 0, 1));
		fit_set_loss(&f, LOSS_MAE, err);
		report(&f, "quad MAE, lesson", 0, 1, " [target < 50 ms]");
		fit_set_loss(&f, LOSS_MSE, err);
		struct lab_sweep_row rows[20];
		double t0 = fp_now();
		lab_sweep(&f, NULL, 0.001, 0.3, 20, 100, rows, err);
		printf("lr sweep, quad, lesson, 20 rates x 100 steps:       %8.2f ms\n",
		       (fp_now() - t0) * 1e3);
		fit_done(&f);
	}
	if (make_fit(&f, &lesson, "relus:3") == 0) {
		report(&f, "relus:3, lesson", 0, 1, " [target < 50 ms]");
		report(&f, "relus:3, lesson", 0, 3, " [target < 50 ms]");
		report(&f, "relus:3, lesson", 0, f.np - 1, " [target < 50 ms]");
		fit_done(&f);
	}
	if (make_fit(&f, &big, "quad") == 0) {
		report(&f, "quad, 10,000 points", 0, 1, " [target < 100 ms]");
		fit_done(&f);
	}
	if (make_fit(&f, &big, "relus:16") == 0) {
		report(&f, "relus:16, 10,000 points", 0, 1, " [target < 100 ms]");
		report(&f, "relus:16, 10,000 points", 0, 3, " [target < 100 ms]");
		report(&f, "relus:16, 10,000 points", 2, f.np - 1, " [target < 100 ms]");
		fit_set_loss(&f, LOSS_MAE, err);
		report(&f, "relus:16 MAE, 10,000 points", 0, 3, " [target < 100 ms]");
		fit_set_loss(&f, LOSS_MSE, err);
		struct lab_limit lim;
		double t0 = fp_now();
		lab_limit_for_fit(&f, &lim, err);
		printf("lr limit estimate, relus:16, 10,000 points:         %8.2f ms (%zu "
		       "iterations)\n",
		       (fp_now() - t0) * 1e3, lim.iterations);
		fit_done(&f);
	}
	bench_lm(&lesson, "quad", "quad, lesson (20 points)", 0, 5);
	bench_lm(&big, "relus:16", "relus:16, 10,000 points", 10, 1);
	data_free(&lesson);
	data_free(&big);
	return 0;
}
