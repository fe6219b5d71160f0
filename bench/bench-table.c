/* SPDX-License-Identifier: GPL-3.0-or-later */
/* bench-table.c: speed of the table models: one descent step of nnet:2 (and linear) on
 * the 712 Titanic rows, then linear and nnet:8 on 1,000,000 rows x 20 inputs, the
 * matrix path (GSL BLAS) against the plain per-row loop. Prints figures, never fails. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "bench.h"
#include "fit.h"
#include "lab.h"
#include "preset.h"
#include "table.h"
#include "util.h"

/* CPU seconds of this thread: on a shared machine, time spent descheduled does not
 * count (wall-clock figures there swing by 2x from run to run). */
static double cpu_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

/* Seconds per call of one loss-and-gradient pass (best of `reps` rounds of `calls`). */
static double time_pass(const struct model_type *t, const struct model_cfg *mc, const double *theta,
			const struct data *d, double *g, int generic, double *work, size_t calls,
			int reps)
{
	double best = 1e300;
	for (int r = 0; r < reps; r++) {
		double t0 = cpu_now();
		for (size_t i = 0; i < calls; i++) {
			if (generic)
				model_loss_grad_generic(t, mc, theta, d, LOSS_MSE, g, work);
			else
				model_loss_grad(t, mc, theta, d, LOSS_MSE, g);
		}
		double dt = (cpu_now() - t0) / (double)calls;
		if (dt < best)
			best = dt;
	}
	return best;
}

/* Seconds per fit_step (the whole update: optimizer, loss, gradient, checks). */
static double time_steps(const struct data *d, const char *spec, size_t steps)
{
	const struct model_type *t;
	struct model_cfg mc = {0};
	struct fit f;
	char err[FP_ERRLEN];
	if (model_parse(spec, &t, &mc, err) != FP_OK) {
		fprintf(stderr, "bench-table: %s\n", err);
		return -1;
	}
	mc.seed = 42;
	mc.names = d->names;
	if (fit_init(&f, d, t, &mc, LOSS_MSE, optim_find("gd"), 0.01, NULL, err) != FP_OK) {
		fprintf(stderr, "bench-table: %s\n", err);
		return -1;
	}
	double best = 1e300;
	for (int r = 0; r < 5; r++) {
		double t0 = cpu_now();
		fit_step(&f, steps);
		double dt = (cpu_now() - t0) / (double)steps;
		if (dt < best)
			best = dt;
	}
	fit_done(&f);
	return best;
}

static void row(const char *what, const struct data *d, const char *spec, size_t calls, int reps,
		int with_loop)
{
	const struct model_type *t;
	struct model_cfg mc = {0};
	char err[FP_ERRLEN];
	if (model_parse(spec, &t, &mc, err)) {
		fprintf(stderr, "bench-table: %s\n", err);
		return;
	}
	mc.d = d->d;
	mc.seed = 42;
	size_t np = t->nparams(&mc);
	double *theta = fp_malloc(np * sizeof *theta), *g = fp_malloc(np * sizeof *g),
	       *work = fp_malloc(np * sizeof *work);
	if (!theta || !g || !work) {
		fprintf(stderr, "bench-table: out of memory\n");
		goto done;
	}
	t->init(&mc, theta);
	double m = time_pass(t, &mc, theta, d, g, 0, work, calls, reps);
	double u = m < 1e-3 ? 1e6 : 1e3;
	const char *un = m < 1e-3 ? "us" : "ms";
	printf("%-34s %-7s matrix (BLAS) %10.3f %s", what, spec, m * u, un);
	if (with_loop) {
		double l = time_pass(t, &mc, theta, d, g, 1, work, calls, reps);
		printf("   per-row loop %10.3f %s   (x%.1f)", l * u, un, l / m);
	}
	printf("\n");
done:
	fp_free(theta);
	fp_free(g);
	fp_free(work);
}

/* The learning-rate limit's estimate (the explorer's gauge): from the fixed start,
 * and from the last estimate's direction after one descent step, as the explorer
 * does it live. */
static void limit_row(const struct data *d, const char *spec)
{
	const struct model_type *t;
	struct model_cfg mc = {0};
	struct fit f;
	char err[FP_ERRLEN];
	if (model_parse(spec, &t, &mc, err) != FP_OK)
		return;
	mc.seed = 42;
	mc.names = d->names;
	if (fit_init(&f, d, t, &mc, LOSS_MSE, optim_find("gd"), 0.01, NULL, err) != FP_OK)
		return;
	double *vec = fp_calloc(f.np, sizeof *vec);
	struct lab_limit cold, warm;
	double t0 = cpu_now();
	int ok = vec && lab_limit_estimate_from(t, &f.mcfg, d, LOSS_MSE, f.theta, vec,
						LAB_LIMIT_MAXITER, &cold, err) == FP_OK;
	double t1 = cpu_now();
	fit_step(&f, 1);
	double t2 = cpu_now();
	ok = ok && lab_limit_estimate_from(t, &f.mcfg, d, LOSS_MSE, f.theta, vec, LAB_LIMIT_MAXITER,
					   &warm, err) == FP_OK;
	double t3 = cpu_now();
	if (ok)
		printf("%-34s %-7s %.3f ms (%zu iterations); after a step, from the last "
		       "direction: %.3f ms (%zu)\n",
		       "lr limit estimate (the gauge)", spec, (t1 - t0) * 1e3, cold.iterations,
		       (t3 - t2) * 1e3, warm.iterations);
	fp_free(vec);
	fit_done(&f);
}

int main(int argc, char **argv)
{
	char err[FP_ERRLEN];
	struct data t;
	printf("loss and gradient over all rows, MSE; thread CPU time, best of several rounds;\n"
	       "gsl_blas_* run on: %s\n",
	       model_matrix_blas());
	FILE *la = fopen("/proc/loadavg", "r");
	char load[64] = "";
	if (la) {
		if (fgets(load, sizeof load, la))
			printf("load average: %s", load);
		fclose(la);
	}
	double t0 = cpu_now();
	if (bench_titanic(&t, err) == FP_OK) {
		printf("%-34s %.3f ms (%zu rows kept, %zu dropped)\n",
		       "read + build the titanic table", (cpu_now() - t0) * 1e3, t.n, t.dropped);
		row("titanic 712 x 10", &t, "linear", 20000, 5, 1);
		row("titanic 712 x 10", &t, "nnet:2", 20000, 5, 1);
		double s = time_steps(&t, "nnet:2", 20000);
		printf("%-34s %-7s %10.3f us per step\n", "one descent step (fit_step)", "nnet:2",
		       s * 1e6);
		limit_row(&t, "nnet:2");
		s = time_steps(&t, "linear", 20000);
		printf("%-34s %-7s %10.3f us per step\n", "one descent step (fit_step)", "linear",
		       s * 1e6);
		data_free(&t);
	} else {
		printf("titanic: skipped (%s)\n", err);
	}

	/* 1,000,000 rows x 20 inputs, random in [-1, 1), the last one 1. */
	size_t n = argc > 1 ? strtoul(argv[1], NULL, 10) : 1000000, d = 20;
	struct data big;
	if (bench_random_table(&big, n, d, err) != FP_OK) {
		printf("big table: %s\n", err);
		return 0;
	}
	char what[64];
	snprintf(what, sizeof what, "random %zu x %zu", n, d);
	row(what, &big, "linear", 5, 3, 1);
	row(what, &big, "nnet:8", 3, 3, 1);
	data_free(&big);
	return 0;
}
