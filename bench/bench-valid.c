/* SPDX-License-Identifier: GPL-3.0-or-later */
/* bench-valid.c: what a validation set (--valid) costs: one descent step (fit_step) on
 * the whole table against one on a split of it (descent on the training rows, then
 * the loss on the held-back rows), on the 712 Titanic rows and on 1,000,000 rows x 20
 * inputs; and the split itself. Prints figures, never fails. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "bench.h"
#include "fit.h"

/* CPU seconds of this thread (descheduled time does not count on a shared machine). */
static double cpu_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

/* Seconds per fit_step of model spec on d (best of 5 rounds of `steps`), or -1. */
static double time_steps(const struct data *d, const char *spec, size_t steps)
{
	const struct model_type *t;
	struct model_cfg mc = {0};
	struct fit f;
	char err[FP_ERRLEN];
	if (model_parse(spec, &t, &mc, err) != FP_OK)
		return -1;
	mc.seed = 42;
	mc.names = d->names;
	if (fit_init(&f, d, t, &mc, LOSS_MSE, optim_find("gd"), 0.01, NULL, err) != FP_OK)
		return -1;
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

/* A step on all of `all`, then on a copy split with --valid frac. */
static void rows(const char *what, const struct data *all, const char *spec, size_t steps,
		 double frac)
{
	char err[FP_ERRLEN];
	struct data s;
	if (data_copy(&s, all, err) != FP_OK)
		return;
	double t0 = cpu_now();
	int rc = data_split(&s, frac, 42, err);
	double split = cpu_now() - t0;
	double whole = time_steps(all, spec, steps), parts = rc ? -1 : time_steps(&s, spec, steps);
	double u = whole < 1e-3 ? 1e6 : 1e3;
	const char *un = whole < 1e-3 ? "us" : "ms";
	if (rc == FP_OK && whole > 0 && parts > 0)
		printf("%-22s %-7s step on all rows %9.3f %s   --valid %.2g: %9.3f %s (x%.2f); "
		       "split %.3f ms\n",
		       what, spec, whole * u, un, frac, parts * u, un, parts / whole, split * 1e3);
	data_free(&s);
}

int main(int argc, char **argv)
{
	char err[FP_ERRLEN];
	struct data t;
	printf("a validation set's cost: fit_step without and with --valid (descent on the\n"
	       "training rows plus the held-back rows' loss); thread CPU time, best of 5\n");
	if (bench_titanic(&t, err) == FP_OK) {
		rows("titanic 712 x 10", &t, "linear", 20000, 0.2);
		rows("titanic 712 x 10", &t, "nnet:2", 20000, 0.2);
		data_free(&t);
	} else {
		printf("titanic: skipped (%s)\n", err);
	}
	size_t n = argc > 1 ? strtoul(argv[1], NULL, 10) : 1000000;
	struct data big;
	if (bench_random_table(&big, n, 20, err) != FP_OK) {
		printf("big table: %s\n", err);
		return 0;
	}
	char what[64];
	snprintf(what, sizeof what, "random %zu x 20", n);
	rows(what, &big, "linear", 5, 0.2);
	rows(what, &big, "nnet:8", 3, 0.2);
	data_free(&big);
	return 0;
}
