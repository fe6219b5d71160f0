/* SPDX-License-Identifier: GPL-3.0-or-later */
/* bench-relu.c: speed of the ReLU models' fused loss-and-gradient pass through
 * fit_step: relus:64 on 100,000 points (target: at most 5 ms a step), relus:3 on the
 * lesson's 20 points (target: at least 1 million steps a second), relus:16 on 10,000
 * points (the explorer's AUTO), and the generic per-point loop for comparison. Prints
 * the best of several runs; never fails. */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "fit.h"
#include "model.h"
#include "util.h"

/* Process CPU seconds (every thread): on a shared machine, busy with other work,
 * CPU time per step shows what the code costs when wall time cannot. */
static double cpu_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static double best_cpu; /* CPU seconds per step of the last bench_steps, best run */

/* Best wall seconds per step of `steps` steps of model spec on data, over `runs` runs;
 * the best CPU seconds per step into best_cpu. */
static double bench_steps(const char *spec, const struct data *data, size_t steps, int runs)
{
	const struct model_type *t;
	struct model_cfg mc = {0};
	char err[FP_ERRLEN];
	if (model_parse(spec, &t, &mc, err) != FP_OK) {
		fprintf(stderr, "bench-relu: %s\n", err);
		return -1;
	}
	mc.xlo = data->xlo;
	mc.xhi = data->xhi;
	mc.seed = 1;
	double best = -1;
	best_cpu = -1;
	for (int r = 0; r < runs; r++) {
		struct fit f;
		if (fit_init(&f, data, t, &mc, LOSS_MSE, &optim_gd, 0.01, NULL, err) != FP_OK) {
			fprintf(stderr, "bench-relu: %s\n", err);
			return -1;
		}
		double t0 = fp_now(), c0 = cpu_now();
		size_t done = fit_step(&f, steps);
		double dt = (fp_now() - t0) / (double)(done ? done : 1);
		double dc = (cpu_now() - c0) / (double)(done ? done : 1);
		if (best < 0 || dt < best)
			best = dt;
		if (best_cpu < 0 || dc < best_cpu)
			best_cpu = dc;
		fit_done(&f);
	}
	return best;
}

/* Best seconds per generic (per-point calls) loss-and-gradient evaluation. */
static double bench_generic(const char *spec, const struct data *data, size_t evals, int runs)
{
	const struct model_type *t;
	struct model_cfg mc = {0};
	char err[FP_ERRLEN];
	if (model_parse(spec, &t, &mc, err) != FP_OK)
		return -1;
	mc.xlo = data->xlo;
	mc.xhi = data->xhi;
	size_t np = t->nparams(&mc);
	double *theta = fp_malloc(np * sizeof *theta), *g = fp_malloc(np * sizeof *g);
	double *work = fp_malloc(np * sizeof *work);
	double best = -1, sink = 0;
	if (theta && g && work) {
		t->init(&mc, theta);
		for (int r = 0; r < runs; r++) {
			double t0 = fp_now();
			for (size_t e = 0; e < evals; e++)
				sink +=
				    model_loss_grad_generic(t, &mc, theta, data, LOSS_MSE, g, work);
			double dt = (fp_now() - t0) / (double)evals;
			if (best < 0 || dt < best)
				best = dt;
		}
	}
	if (sink == 12345.678)
		printf("(sink)\n");
	fp_free(theta);
	fp_free(g);
	fp_free(work);
	return best;
}

static int make_data(size_t n, struct data *d)
{
	struct data_gen_cfg g;
	char err[FP_ERRLEN];
	data_gen_cfg_lesson(&g);
	if (n != 20) {
		g.target = DATA_TARGET_SINE;
		g.n = n;
		g.mult = 0.05;
		g.add = 0.05;
		g.skip = 0;
		g.torch_grid = 0;
	}
	if (data_gen(&g, d, err) != FP_OK) {
		fprintf(stderr, "bench-relu: %s\n", err);
		return -1;
	}
	return 0;
}

int main(void)
{
	struct data big = {0}, mid = {0}, lesson = {0};
	if (make_data(100000, &big) || make_data(10000, &mid) || make_data(20, &lesson))
		return 0;
	double s = bench_steps("relus:64", &big, 50, 5);
	printf("relus:64, 100000 points: %.3f ms per descent step (target <= 5 ms); CPU %.3f ms "
	       "(both threads)\n",
	       s * 1e3, best_cpu * 1e3);
	s = bench_generic("relus:64", &big, 3, 3);
	printf("relus:64, 100000 points, generic per-point loop: %.3f ms per evaluation\n",
	       s * 1e3);
	s = bench_steps("relus:16", &mid, 500, 5);
	printf("relus:16, 10000 points: %.3f ms per descent step\n", s * 1e3);
	s = bench_steps("relus:3", &lesson, 2000000, 5);
	printf("relus:3, 20 points: %.0f steps a second (target >= 1000000); %.0f per CPU "
	       "second\n",
	       1 / s, 1 / best_cpu);
	s = bench_steps("relu2", &lesson, 2000000, 3);
	printf("relu2, 20 points: %.0f steps a second\n", 1 / s);
	data_free(&big);
	data_free(&mid);
	data_free(&lesson);
	return 0;
}
