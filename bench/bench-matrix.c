/* SPDX-License-Identifier: GPL-3.0-or-later */
/* bench-matrix.c: what a frame of the matrix view costs (issue 15 item 2): the CPU time
 * of the view alone and of the whole frame (header, panel, key bar) at 100x30 and
 * 200x60, on the 712 Titanic rows and on a random table of 1,000,000 rows x 10 inputs,
 * for linear and nnet:2, still, mid-step (`.`), and with the cursor in the middle of
 * the table. The view computes only the rows on screen, so the figures should not
 * grow with the rows. Prints figures; never fails. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "bench.h"
#include "fit.h"
#include "layout.h"
#include "util.h"
#include "view.h"

static double cpu_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

#define BENCH_SLIDERS 64

/* CPU ms per frame at w x h: the view alone (whole = 0) or the whole frame. `dots`
 * multiply-adds stepped first; the cursor on row `row`. */
static double frame_ms(const struct fit *f, int w, int h, int whole, int dots, size_t row)
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
	view_set(&v, f, &view_matrix);
	v.sheet_row = row;
	if (screen_resize(&s, w, h) != FP_OK)
		return -1;
	layout_draw(&s, &v, f); /* the first frame: the header's predictions, once */
	for (int k = 0; k < dots; k++)
		view_matrix.key(&v, f, '.');
	struct rect r = v.lo.plot;
	int frames = 0;
	double t0 = cpu_now(), t;
	do {
		for (int k = 0; k < 20; k++, frames++) {
			if (whole)
				layout_draw(&s, &v, f);
			else
				view_matrix.draw(&s, &v, f, &r);
		}
		t = cpu_now() - t0;
	} while (t < 0.3);
	layout_view_done(&v);
	screen_free(&s);
	return t * 1000 / frames;
}

static void rows_of(const char *what, const struct data *d, const struct model_type *t, size_t k)
{
	struct fit f;
	char err[FP_ERRLEN], spec[32];
	struct model_cfg mc = {.k = k, .d = d->d, .seed = 42, .names = d->names};
	if (fit_init(&f, d, t, &mc, LOSS_MSE, NULL, 0.01, NULL, err) != FP_OK) {
		printf("%s: %s\n", what, err);
		return;
	}
	model_spec(t, &mc, spec, sizeof spec);
	printf("%-22s %-7s view 100x30 %7.4f ms  200x60 %7.4f ms | whole frame 100x30 "
	       "%7.4f ms  200x60 %7.4f ms\n",
	       what, spec, frame_ms(&f, 100, 30, 0, 0, 0), frame_ms(&f, 200, 60, 0, 0, 0),
	       frame_ms(&f, 100, 30, 1, 0, 0), frame_ms(&f, 200, 60, 1, 0, 0));
	printf("%-22s %-7s mid-step (13 x .) view 100x30 %7.4f ms; cursor at row %zu: view "
	       "100x30 %7.4f ms\n",
	       "", spec, frame_ms(&f, 100, 30, 0, 13, 0), d->n / 2 + 1,
	       frame_ms(&f, 100, 30, 0, 0, d->n / 2));
	fit_done(&f);
}

int main(void)
{
	char err[FP_ERRLEN];
	struct data t, big;
	printf("matrix view frames, CPU ms per frame (the view alone, then the whole frame)\n");
	if (bench_titanic(&t, err) == FP_OK) {
		rows_of("titanic 712 x 10", &t, &model_linear, 0);
		rows_of("titanic 712 x 10", &t, &model_nnet, 2);
		data_free(&t);
	} else {
		printf("titanic: skipped (%s)\n", err);
	}
	if (bench_random_table(&big, 1000000, 10, err) == FP_OK) {
		rows_of("random 1,000,000 x 10", &big, &model_linear, 0);
		rows_of("random 1,000,000 x 10", &big, &model_nnet, 2);
		data_free(&big);
	} else {
		printf("1,000,000 rows: skipped (%s)\n", err);
	}
	return 0;
}
