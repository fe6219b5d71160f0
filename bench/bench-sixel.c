/* SPDX-License-Identifier: GPL-3.0-or-later */
/* bench-sixel.c: the explorer's real pixels (key I): how long gnuplot's sixelgd takes
 * to draw the lesson's plot, and how many bytes go to the terminal, at the plot box
 * of a 100x30 terminal of 10x20-pixel cells (620x480), of a 200x60 one (1380x1160)
 * and on the Titanic table (the predictions). Best of a few runs; prints figures,
 * never fails. */
#include <stdio.h>

#include "bench.h"
#include "data.h"
#include "fit.h"
#include "sixel.h"
#include "util.h"

#define RUNS 3

static void one(const char *what, const struct fit *f, int w, int h)
{
	char err[FP_ERRLEN], *img = NULL;
	size_t len = 0;
	double best = 1e30;
	for (int r = 0; r < RUNS; r++) {
		double t0 = fp_now();
		if (sixel_plot(f, w, h, &img, &len, err) != FP_OK) {
			printf("sixel %s %dx%d: failed: %s\n", what, w, h, err);
			return;
		}
		double dt = fp_now() - t0;
		best = dt < best ? dt : best;
		fp_free(img);
	}
	printf("sixel %-8s %4dx%-4d: %7.1f ms, %8zu bytes to the terminal\n", what, w, h,
	       best * 1e3, len);
}

int main(void)
{
	char err[FP_ERRLEN];
	struct data_gen_cfg g;
	struct data d, t;
	struct fit f, ft;
	data_gen_cfg_lesson(&g);
	if (data_gen(&g, &d, err) || fit_init(&f, &d, &model_quad, &(struct model_cfg){.d = 1},
					      LOSS_MSE, NULL, 0.01, NULL, err)) {
		printf("bench-sixel: setup failed\n");
		return 0;
	}
	fit_step(&f, 100);
	one("lesson", &f, 620, 480);
	one("lesson", &f, 1380, 1160);
	if (bench_titanic(&t, err) == FP_OK &&
	    fit_init(&ft, &t, &model_linear, &(struct model_cfg){.d = t.d, .names = t.names},
		     LOSS_MSE, NULL, 0.1, NULL, err) == FP_OK) {
		fit_step(&ft, 100);
		one("titanic", &ft, 620, 480);
		fit_done(&ft);
		data_free(&t);
	} else {
		printf("sixel titanic: no table (%s)\n", err);
	}
	fit_done(&f);
	data_free(&d);
	return 0;
}
