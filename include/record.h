/* SPDX-License-Identifier: GPL-3.0-or-later */
/* record.h: --record FILE: a live session's keys written as a key script (the
 * format of src/script.c, fitplay(1) KEY SCRIPTS) with its timing (`delay` for the
 * pauses between keys, `wait` for the AUTO frames that ran between them), and the
 * mouse actions that changed a coefficient written as their effect: the coefficient
 * selected with Tab and its value typed (Enter, type VALUE, Enter, %.17g), so that
 * `--keys FILE` replays it to the same state. Core: no curses, nothing printed;
 * written at the end through src/outfile.c. */
#ifndef FITPLAY_RECORD_H
#define FITPLAY_RECORD_H

#include <stddef.h>

struct app;

struct record {
	char *buf; /* the script so far (owned) */
	size_t n, cap;
	int oom;	  /* 1: out of memory: the recording is refused at the end */
	char pending[32]; /* the last key, written when the next comes (its pause) */
	double pending_t; /* when it was pressed */
	long frames;	  /* AUTO frames since it */
	long delay_ms;	  /* the delay in force in the script so far */
	double *snap;	  /* the coefficients after the last key or flush (owned) */
	size_t snap_np, snap_sel;
	int in_mouse;	       /* a mouse event is being handled */
	int key_in_mouse;      /* it pressed a key (the key bar): recorded as a key */
	unsigned mouse_points; /* points moved by the mouse (not replayable) */
};

/* Start a recording (zeroed first). Returns FP_OK or FP_EFAIL. */
int record_init(struct record *r, char *err);
/* A key the app is given (app_key calls it when a->rec is set). */
void record_key(struct record *r, const struct app *a, int key, double now);
/* An AUTO frame ran (the ui calls it after app_tick with AUTO on). */
void record_frame(struct record *r);
/* Around a mouse event: begin before it, end after it (the ui): a coefficient it
 * changed is written as Tab presses and a typed value. */
void record_mouse_begin(struct record *r);
void record_mouse_end(struct record *r, const struct app *a);
/* The coefficients are what they are now (after a key). */
void record_sync(struct record *r, const struct app *a);
/* Write the script to path (outfile.c). Returns FP_OK or an error in err. */
int record_save(struct record *r, const char *path, char *err);
/* Free it. */
void record_done(struct record *r);

#endif
