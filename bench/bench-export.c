/* SPDX-License-Identifier: GPL-3.0-or-later */
/* bench-export.c: time and size of an export in every format for the lesson's session
 * after 100 and 3,000 steps (the explorer's `e` key waits for it). Best of a few runs
 * (one for a GIF);
 * prints figures, never fails. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "data.h"
#include "export.h"
#include "fit.h"
#include "util.h"

#define RUNS 3

int main(void)
{
	char err[FP_ERRLEN], dir[] = "/tmp/fitplay-bench-XXXXXX", path[128];
	struct data_gen_cfg g;
	struct data d;
	struct fit f;
	data_gen_cfg_lesson(&g);
	if (!mkdtemp(dir) || data_gen(&g, &d, err) ||
	    fit_init(&f, &d, &model_quad, &(struct model_cfg){.d = 1}, LOSS_MSE, NULL, 0.01, NULL,
		     err)) {
		printf("bench-export: setup failed\n");
		return 0;
	}
	size_t steps[] = {100, 3000};
	for (size_t s = 0; s < 2; s++) {
		fit_reset(&f);
		fit_step(&f, steps[s]);
		for (const struct export_format *e = export_formats; e->ext; e++) {
			double best = 1e30;
			snprintf(path, sizeof path, "%s/bench.%s", dir, e->ext);
			int ok = 1;
			int runs = e->animates ? 1 : RUNS; /* GIFs take seconds */
			for (int r = 0; r < runs && ok; r++) {
				double t0 = fp_now();
				ok = export_write(&f, path, err) == FP_OK;
				double dt = fp_now() - t0;
				if (dt < best)
					best = dt;
			}
			struct stat st;
			if (!ok || stat(path, &st) != 0) {
				printf("export %-4s after %4zu steps: failed: %s\n", e->ext,
				       steps[s], err);
				continue;
			}
			printf("export %-4s after %4zu steps: %7.1f ms, %8lld bytes\n", e->ext,
			       steps[s], best * 1e3, (long long)st.st_size);
			unlink(path);
		}
	}
	rmdir(dir);
	fit_done(&f);
	data_free(&d);
	return 0;
}
