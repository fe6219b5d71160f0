/* SPDX-License-Identifier: GPL-3.0-or-later */
/* bench-descent.c: descent speed of the quadratic: steps a second on the lesson's 20
 * points, and the time of one step on 1,000,000 points. Prints figures, never fails. */
#include <stdio.h>

#include "data.h"
#include "fit.h"
#include "util.h"

static double best_rate(struct fit *f, size_t steps, int reps)
{
	double best = 0;
	for (int r = 0; r < reps; r++) {
		fit_reset(f);
		double t0 = fp_now();
		size_t done = fit_step(f, steps);
		double dt = fp_now() - t0;
		if (done / dt > best)
			best = (double)done / dt;
	}
	return best;
}

int main(void)
{
	char err[FP_ERRLEN];
	struct data_gen_cfg g;
	struct data d;
	struct fit f;
	data_gen_cfg_lesson(&g);
	if (data_gen(&g, &d, err) || fit_init(&f, &d, &model_quad, &(struct model_cfg){.d = 1},
					      LOSS_MSE, NULL, 0.01, NULL, err)) {
		fprintf(stderr, "bench-descent: %s\n", err);
		return 0;
	}
	double r = best_rate(&f, 5000000, 3);
	printf("quad, 20 points, gd:        %.1f million steps/s (%.1f ns/step)\n", r / 1e6,
	       1e9 / r);
	fit_done(&f);
	data_free(&d);

	g.n = 1000000;
	g.torch_grid = 0;
	if (data_gen(&g, &d, err) || fit_init(&f, &d, &model_quad, &(struct model_cfg){.d = 1},
					      LOSS_MSE, NULL, 0.01, NULL, err)) {
		fprintf(stderr, "bench-descent: %s\n", err);
		return 0;
	}
	r = best_rate(&f, 50, 3);
	printf("quad, 1000000 points, gd:   %.3f ms/step\n", 1e3 / r);
	fit_set_loss(&f, LOSS_MAE, err);
	r = best_rate(&f, 50, 3);
	printf("quad, 1000000 points, MAE:  %.3f ms/step\n", 1e3 / r);
	fit_done(&f);
	data_free(&d);
	return 0;
}
