/* SPDX-License-Identifier: GPL-3.0-or-later */
/* bench-closed.c: the closed forms (least squares, the Hessian's eigenvalues) on big
 * tables (issue 12, item 7): for random tables of 2,000 x 1,000, 42,000 x 785
 * (MNIST-shaped) and 2,000 x 2,500 inputs, the time fit_init takes computing them
 * at once (batch, --info) and deferred (the explorer: what stands between the table
 * and the first frame), the first frame, the longest a poll between frames takes
 * while the background job runs (the key response), when the answer arrives, and the
 * peak memory (ru_maxrss) against the table's own size; then solve_closed by path
 * (SVD on small designs, the Gram matrix with LAPACK dsyevd on big ones). Each case
 * runs in a child process of its own so that its peak memory is its own.
 * Prints figures; never fails. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "bench.h"
#include "data.h"
#include "fit.h"
#include "layout.h"
#include "solve.h"
#include "util.h"

#define BENCH_SLIDERS 64

static double peak_mb(void)
{
	struct rusage ru;
	getrusage(RUSAGE_SELF, &ru);
	return (double)ru.ru_maxrss / 1024.0; /* KiB on Linux */
}

static double frame_ms(struct fit *f)
{
	struct view v;
	struct screen s = {0};
	struct slider sl[BENCH_SLIDERS];
	size_t n = f->np < BENCH_SLIDERS ? f->np : BENCH_SLIDERS;
	for (size_t i = 0; i < n; i++)
		layout_slider_default(f->theta0[i], &sl[i]);
	layout_view_init(&v, 1);
	v.sl = sl;
	v.nsl = n;
	layout_table_init(&v);
	if (screen_resize(&s, 120, 35) != FP_OK)
		return -1;
	double t0 = fp_now();
	layout_draw(&s, &v, f);
	double ms = (fp_now() - t0) * 1e3;
	layout_table_done(&v);
	screen_free(&s);
	return ms;
}

/* The session set-up on an n x d random table, both ways. */
static void explorer_case(size_t n, size_t d)
{
	char err[FP_ERRLEN];
	struct data t;
	double t0 = fp_now();
	if (bench_random_table(&t, n, d, err) != FP_OK) {
		printf("%zu x %zu: %s\n", n, d, err);
		return;
	}
	double table_mb = 2.0 * (double)(n * d) * sizeof(double) / 1048576.0;
	printf("%zu rows x %zu inputs (rows + columns: %.0f MB; made in %.2f s, peak %.0f MB)\n", n,
	       d, table_mb, fp_now() - t0, peak_mb());
	struct model_cfg mc = {.d = d};
	struct fit f, g;
	fit_closed_defer(1);
	t0 = fp_now();
	if (fit_init(&g, &t, &model_linear, &mc, LOSS_MSE, NULL, 0.01, NULL, err) != FP_OK) {
		printf("  fit_init: %s\n", err);
		return;
	}
	double setup = fp_now() - t0;
	double fms = frame_ms(&g);
	printf("  explorer: fit_init %.3f s (closed forms %s), first frame %.1f ms later\n", setup,
	       g.closed_pending ? "pending" : "done", fms);
	double worst = 0, start = fp_now();
	size_t polls = 0;
	int done = 0;
	while (!done) {
		double p0 = fp_now();
		done = fit_closed_poll(&g);
		double dt = fp_now() - p0;
		worst = dt > worst ? dt : worst;
		polls++;
		struct timespec ts = {0, 33000000}; /* a frame at 30 per second */
		if (!done)
			nanosleep(&ts, NULL);
	}
	printf("  background: answer after %.2f s; longest poll between frames %.3f ms "
	       "(%zu polls)\n",
	       fp_now() - start, worst * 1e3, polls);
	fit_closed_defer(0);
	t0 = fp_now();
	if (fit_init(&f, &t, &model_linear, &mc, LOSS_MSE, NULL, 0.01, NULL, err) != FP_OK) {
		printf("  fit_init: %s\n", err);
		return;
	}
	printf("  at once (batch, --info): fit_init %.2f s; same answer as the background: %s; "
	       "best MSE %.6g, rank %zu of %zu\n",
	       fp_now() - t0,
	       f.has_best && g.has_best && f.rank == g.rank &&
		       memcmp(f.best, g.best, f.np * sizeof *f.best) == 0 &&
		       f.lr_limit == g.lr_limit
		   ? "yes"
		   : "NO",
	       f.best_loss, f.rank, f.np);
	printf("  peak memory %.0f MB (the table %.0f MB)\n", peak_mb(), table_mb);
	fit_done(&f);
	fit_done(&g);
	data_free(&t);
}

/* solve_closed alone on an n x d random table. */
static void path_case(size_t n, size_t d)
{
	char err[FP_ERRLEN];
	struct data t;
	if (bench_random_table(&t, n, d, err) != FP_OK) {
		printf("%zu x %zu: %s\n", n, d, err);
		return;
	}
	struct model_cfg mc = {.d = d};
	double *th = fp_calloc(d, sizeof *th), *eig = fp_calloc(d, sizeof *eig);
	unsigned char *col = fp_calloc(d, 1);
	struct solve_closed r;
	double before = peak_mb(), t0 = fp_now();
	int rc = solve_closed(&model_linear, &mc, &t, th, col, eig, &r, err);
	double dt = fp_now() - t0;
	printf("  %6zu x %-5zu %-5s %8.3f s  rank %zu  extra memory %.0f MB%s%s\n", n, d,
	       rc ? "-" : r.method, dt, r.rank, peak_mb() - before, rc ? "  " : "", rc ? err : "");
	fp_free(th);
	fp_free(eig);
	fp_free(col);
	data_free(&t);
}

static void in_child(void (*fn)(size_t, size_t), size_t n, size_t d)
{
	fflush(stdout);
	pid_t pid = fork();
	if (pid == 0) {
		fn(n, d);
		fflush(stdout);
		_exit(0);
	}
	if (pid > 0)
		waitpid(pid, NULL, 0);
}

int main(void)
{
	printf("bench-closed: BLAS %s; LAPACK dsyevd for big designs\n", model_matrix_blas());
	in_child(explorer_case, 2000, 1000);
	in_child(explorer_case, 42000, 785);
	in_child(explorer_case, 2000, 2500);
	printf("solve_closed by path (least squares + all eigenvalues):\n");
	in_child(path_case, 712, 10);
	in_child(path_case, 19000, 10);
	in_child(path_case, 20001, 10);
	in_child(path_case, 2000, 1000);
	in_child(path_case, 42000, 785);
	in_child(path_case, 2000, 2500);
	return 0;
}
