/* SPDX-License-Identifier: GPL-3.0-or-later */
/* bench-sheet.c: what the sheet view costs (issue 15: a frame under 2 ms on
 * 1,000,000 rows): CPU ms of the view's own drawing (only the rows on screen are
 * computed), of a whole still frame (header, sheet, sliders, key bar), and of a
 * frame while descent moves the coefficients (the sum over every row is then the
 * tick's work, spread over frames within the explorer's budget); and the sheet's
 * sum over every row in one go. On the Titanic rows (712, when the reference data is
 * there) and 1,000,000 random rows of 20 inputs, linear and nnet:2. Prints figures;
 * never fails. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "bench.h"
#include "data.h"
#include "fit.h"
#include "layout.h"
#include "sheet.h"
#include "util.h"
#include "view.h"

#define BENCH_SLIDERS 64 /* sliders set up; coefficients beyond have none */

static double cpu_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* What a frame of the sheet costs at w x h: the view's draw alone, a whole still
 * frame, and a whole frame with one descent step before it; into ms[0..2]. The
 * explorer's budget for the tick (0.3 / 30 s) is set as ui.c sets it. */
static void sheet_frames(struct fit *f, int w, int h, double *ms)
{
	struct view v;
	struct screen s = {0};
	struct slider sl[BENCH_SLIDERS];
	size_t n = f->np < BENCH_SLIDERS ? f->np : BENCH_SLIDERS;
	layout_view_init(&v, 1);
	for (size_t i = 0; i < n; i++)
		layout_slider_default(f->theta0[i], &sl[i]);
	v.sl = sl;
	v.nsl = n;
	v.vt = &view_sheet;
	v.land_budget = 0.3 / 30;
	v.sheet_row = f->data->n / 2; /* the middle of the table */
	if (screen_resize(&s, w, h) != FP_OK)
		return;
	layout_draw(&s, &v, f); /* the sum over every row, once */
	while (v.land_pending)
		layout_draw(&s, &v, f);
	for (int mode = 0; mode < 3; mode++) {
		int k = 0;
		double t0 = cpu_now(), t;
		do {
			for (int j = 0; j < 20; j++, k++) {
				if (mode == 0) {
					view_sheet.draw(&s, &v, f, &v.lo.plot);
					continue;
				}
				if (mode == 2)
					fit_step(f, 1);
				layout_draw(&s, &v, f);
			}
			t = cpu_now() - t0;
		} while (t < 0.4);
		ms[mode] = t * 1000 / k;
	}
	layout_view_done(&v);
	screen_free(&s);
}

/* The sheet's sum over every row in one pass (what the tick spreads over frames). */
static double sum_ms(const struct fit *f, double *sum)
{
	struct model_sheet sh;
	if (sheet_shape(f->model, &f->mcfg, &sh) != FP_OK)
		return -1;
	double *work = fp_malloc((sh.nfeat + 2 * sh.units) * sizeof *work);
	if (!work)
		return -1;
	int k = 0;
	double t0 = cpu_now(), t;
	do {
		*sum = sheet_loss_sum(f->model, &f->mcfg, &sh, f->theta, f->data, 0, f->data->n,
				      f->loss, NULL, work);
		k++;
		t = cpu_now() - t0;
	} while (t < 0.3);
	fp_free(work);
	return t * 1000 / k;
}

static void bench_one(const char *what, const struct data *d, const char *spec)
{
	char err[FP_ERRLEN];
	const struct model_type *t;
	struct model_cfg mc = {0};
	struct fit f;
	if (model_parse(spec, &t, &mc, err) != FP_OK)
		return;
	mc.d = d->d;
	mc.names = d->names;
	mc.seed = 42;
	if (fit_init(&f, d, t, &mc, LOSS_MSE, NULL, 0.01, NULL, err) != FP_OK) {
		printf("bench-sheet: %s\n", err);
		return;
	}
	double a[3], b[3], sum = 0;
	sheet_frames(&f, 100, 30, a);
	fit_reset(&f);
	sheet_frames(&f, 200, 60, b);
	fit_reset(&f);
	double s = sum_ms(&f, &sum);
	printf("sheet, %s, %s:\n"
	       "  the view's draw (rows on screen only): 100x30 %.3f ms, 200x60 %.3f ms\n"
	       "  whole still frame: 100x30 %.3f ms, 200x60 %.3f ms\n"
	       "  whole frame, descent running (1 step + the sum's share): 100x30 %.3f ms, "
	       "200x60 %.3f ms\n"
	       "  the sum over every row in one pass: %.3f ms (sum of squares %.6g = %zu x "
	       "%.6g)\n",
	       what, spec, a[0], b[0], a[1], b[1], a[2], b[2], s, sum, d->n, f.loss_value);
	fit_done(&f);
}

int main(void)
{
	char err[FP_ERRLEN];
	struct data t;
	if (bench_titanic(&t, err) == FP_OK) {
		bench_one("titanic 712 rows", &t, "linear");
		bench_one("titanic 712 rows", &t, "nnet:2");
		data_free(&t);
	} else {
		printf("bench-sheet: no Titanic rows: %s\n", err);
	}
	if (bench_random_table(&t, 1000000, 20, err) == FP_OK) {
		bench_one("1,000,000 x 20", &t, "linear");
		bench_one("1,000,000 x 20", &t, "nnet:2");
		data_free(&t);
	}
	return 0;
}
