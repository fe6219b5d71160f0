/* SPDX-License-Identifier: GPL-3.0-or-later */
/* console.h: the notebook's console: each descent step as the notebook prints it,
 * "step=0; loss=10.11", with the update of the selected coefficient as arithmetic,
 * "a: 1.500 − 0.01 × (−10.99) = 1.610". Steps are recorded as numbers in a ring
 * buffer (O(1) a step, no formatting) and turned into text only when drawn, so that
 * AUTO at thousands of steps a frame is not slowed. No curses, no printing. */
#ifndef FITPLAY_CONSOLE_H
#define FITPLAY_CONSOLE_H

#include <stddef.h>

#include "fit.h"

#define CONSOLE_CAP 64 /* steps kept: more than a 200x60 strip shows */

/* One recorded update. */
struct console_rec {
	unsigned long step; /* the session's step count after the update (1 = the first) */
	double loss;	    /* the loss after it */
	size_t param;	    /* the coefficient shown */
	double before;	    /* its value before the update */
	double after;	    /* and after */
	double grad;	    /* the gradient the update used (the sum under the notebook's rule) */
	double lr;	    /* the learning rate */
	const char *optim;  /* the optimizer's name (static), "gd" when NULL */
};

/* The last CONSOLE_CAP updates of one session. Zero it to start. */
struct console {
	struct console_rec rec[CONSOLE_CAP]; /* ring, rec[(first + i) % CAP] */
	size_t first, n;		     /* oldest, how many */
	const struct model_type *model;	     /* the session they belong to */
	size_t np;
};

/* What the next update of f will use for coefficient `param`: its value now and the
 * gradient the optimizer will be given (grad, or acc + grad under the notebook's
 * rule). Call before fit_step(f, 1); pass both to console_record after it. */
void console_before(const struct fit *f, size_t param, double *value, double *grad);
/* Record the update fit_step(f, 1) just made (value and grad from console_before).
 * A step count not above the last one (a reset) or another model starts the console
 * again. O(1), no allocation. */
void console_record(struct console *c, const struct fit *f, size_t param, double value,
		    double grad);
/* Forget every line. */
void console_clear(struct console *c);
/* Lines that can be shown for session f: the records of f's model and size, up to
 * f->step (a replayed snapshot shows the lines up to it). Returns how many; the k-th
 * of them (0 = oldest) is console_get(c, f, k). */
size_t console_count(const struct console *c, const struct fit *f);
const struct console_rec *console_get(const struct console *c, const struct fit *f, size_t k);
/* One record as the notebook prints it, numbered as the lecture's loop numbers its
 * lines (that loop starts after the one step the notebook takes by hand, so its
 * step=0 is the loss after the first update): "step=0; loss=10.11". Returns buf. */
char *console_loss_text(const struct console_rec *r, char *buf, size_t len);
/* The update of the coefficient called `name` as arithmetic: gd (under either rule)
 * "a: 1.500 − 0.01 × (−10.99) = 1.610"; momentum and Adam, whose step is not
 * lr × gradient, the step they took: "a: 1.500 − 0.0234 = 1.477 (adam)". utf8: the
 * minus and times signs, else '-' and 'x'. Returns buf. */
char *console_update_text(const struct console_rec *r, const char *name, int utf8, char *buf,
			  size_t len);

#endif
