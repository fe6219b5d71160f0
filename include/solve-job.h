/* SPDX-License-Identifier: GPL-3.0-or-later */
/* solve-job.h: the closed forms of a big design in a forked child (src/solve-job.c),
 * so that the explorer never waits for them: the child computes solve_closed on the
 * copy-on-write snapshot of the data and sends the answer back through a pipe; the
 * caller polls between frames and may cancel at any time (the child is killed). */
#ifndef FITPLAY_SOLVE_JOB_H
#define FITPLAY_SOLVE_JOB_H

#include <stddef.h>

#include "solve.h"

struct solve_job; /* opaque */

/* Start solve_closed(t, cfg, d, theta, collinear, NULL, ...) for a model of np
 * coefficients in a child process. Returns the job, or NULL (no fork, no pipe, no
 * memory) with a message in err. t, cfg and d are read by the child only. */
struct solve_job *solve_job_start(const struct model_type *t, const struct model_cfg *cfg,
				  const struct data *d, size_t np, char *err);

/* Never blocks. Returns 0 while the child works; 1 when it is over: *out filled (the
 * child's outcome, or lsq_rc/eig_rc FP_EFAIL with the reason when it died), theta
 * and collinear (np each) the answer; the job is then freed (do not use it again). */
int solve_job_poll(struct solve_job *j, double *theta, unsigned char *collinear,
		   struct solve_closed *out);

/* Kill the child, reap it and free the job. Safe on NULL. Waits only for the kernel
 * to end a SIGKILLed process. */
void solve_job_cancel(struct solve_job *j);

#endif
