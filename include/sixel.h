/* SPDX-License-Identifier: GPL-3.0-or-later */
/* sixel.h: real pixels in the terminal (key I): the plot drawn by gnuplot's sixelgd
 * terminal as a sixel image, and reading the terminal's answers that say whether it
 * shows sixel images (attribute 4 of the primary device attributes) and how big its
 * cells are. Core: no terminal I/O here (src/ui-sixel.c asks and writes). */
#ifndef FITPLAY_SIXEL_H
#define FITPLAY_SIXEL_H

#include <stddef.h>
#include <sys/types.h>

#include "fit.h"

/* What the explorer asks once at start-up: xterm's cell size in pixels (CSI 16 t;
 * terminals that do not know it stay silent), then the primary device attributes
 * (CSI c), which every VT100-like terminal answers: its answer ends the query. */
#define SIXEL_QUERY	"\033[16t\033[c"
#define SIXEL_MAX_BYTES (64u << 20) /* a sixel image fitplay takes from gnuplot at most */
#define SIXEL_CELL_W	10	    /* a cell's pixels when the terminal says nothing */
#define SIXEL_CELL_H	20
#define SIXEL_HOWTO	"xterm -ti vt340, foot, WezTerm, mlterm, Konsole"
#define SIXEL_WAIT_MS	500 /* how long the start-up query waits for the answer */

/* The terminal's answers. */
struct sixel_answer {
	int done;	    /* 1: the device attributes arrived */
	int sixel;	    /* 1: attribute 4 was among them */
	int cell_w, cell_h; /* a cell's pixels from CSI 6;H;W t, or 0 */
	char attrs[48];	    /* the attributes as sent ("64;4;22"), for messages */
};

/* Read the answers out of the bytes b[0..n) the terminal sent since the query. Bytes
 * that are part of neither answer (keys typed meanwhile) go to keep[] (up to
 * keep_cap; *nkeep set), in order, for the caller to give back to its input; an
 * answer cut at the end of b is left out of both and not done: read more, then call
 * again with all the bytes. Fills *a. */
void sixel_answer_parse(const char *b, size_t n, struct sixel_answer *a, char *keep,
			size_t keep_cap, size_t *nkeep);

/* A well-formed sixel image: ESC P, parameters, 'q', the raster attributes
 * "Pan;Pad;Ph;Pv (its width and height in pixels into *w, *h), sixel data bytes
 * only, then ESC \ at the very end. Returns 0, or -1. */
int sixel_check(const char *b, size_t n, int *w, int *h);

/* The session's plot (the export's picture: points, model, loss history) as a sixel
 * image of w x h pixels from gnuplot's sixelgd terminal, with the exports' safety
 * (export_draw_mem: no shell, strings escaped, a time limit, a private directory
 * under $TMPDIR). *out (fp_free) holds *len bytes, checked by sixel_check to be
 * that size. Returns FP_OK, or FP_EINPUT/FP_EFAIL with a message in err. */
int sixel_plot(const struct fit *f, int w, int h, char **out, size_t *len, char *err);

/* sixel_plot in a forked child (src/sixel-job.c), so that the explorer stays live
 * while gnuplot draws. Zeroed: none. */
struct sixel_job {
	pid_t pid;	 /* the child, or 0 */
	int fd;		 /* the read end of its pipe ('S' and the image, or 'E' and why) */
	char *buf;	 /* what it sent so far (owned) */
	size_t len, cap; /* its length and size */
	double t0;	 /* when it started (fp_now) */
};
/* Start drawing f's picture at w x h pixels in a child (its own process group, on
 * the copy-on-write snapshot of f: the caller may change f at once). j idle. Returns
 * FP_OK, or FP_EFAIL (a job running, no pipe, no fork) with a message. */
int sixel_job_start(struct sixel_job *j, const struct fit *f, int w, int h, char *err);
/* Never blocks long: 0 while it runs (or none does); 1 when it has ended and was
 * reaped (j idle): *rc FP_OK with the image in *img (*len bytes, caller frees with
 * fp_free), or an error in err; *secs since the start. */
int sixel_job_poll(struct sixel_job *j, char **img, size_t *len, double *secs, int *rc, char *err);
/* Stop it: its pipe closed, SIGTERM (the child kills gnuplot and removes its
 * private directory), SIGKILL to its group after `grace` seconds; always reaped. */
void sixel_job_cancel(struct sixel_job *j, double grace);

#endif
