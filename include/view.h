/* SPDX-License-Identifier: GPL-3.0-or-later */
/* view.h: the explorer's views as a family. A view is what the plot box shows (the
 * data and the curve, each unit's curve, the loss landscape, the loss history, the
 * learning-rate sweep, a table's predictions); each is one file src/view-<name>.c
 * holding an ops table, listed in the NULL-terminated registry view_types[]
 * (src/view.c), as tmux gives each window mode its own file and ncdu each screen
 * its own _draw/_key. `v` cycles the views that apply to the session, `--show NAME`
 * opens the explorer on one; the help, --help and the man page list the names from
 * the registry. No curses here: views draw into a cell screen. */
#ifndef FITPLAY_VIEW_H
#define FITPLAY_VIEW_H

#include <stddef.h>

#include "layout.h"

struct view_type {
	const char *name; /* "landscape": what --show takes */
	const char *said; /* what `v` says on arriving: "landscape (p: next pair, ...)" */
	int cycle;	  /* 1: `v` visits it (the sweep is reached by `w` only) */
	/* 1 when the view means something for session f (e.g. units: a model with
	 * units on x,y data; predictions: tables only). */
	int (*applies)(const struct fit *f);
	/* Draw into rectangle r (the plot box, frame included). Reads the session;
	 * may fill the view's outputs (raster, pending flags). FP_OK or FP_EFAIL. */
	int (*draw)(struct screen *s, struct view *v, const struct fit *f, const struct rect *r);
	/* Incremental work between frames, before draw (NULL: none): what the last
	 * frame asked for, within the view's budget; drawing itself never computes. */
	void (*tick)(struct view *v, const struct fit *f);
	/* Called when `v` or --show arrives at the view (NULL: nothing to do). */
	void (*enter)(struct view *v, const struct fit *f);
	/* A key while the view is on screen, before the key table (NULL: none): 1 when
	 * the view used it (it may set v->msg), 0 to let the key table have it. */
	int (*key)(struct view *v, const struct fit *f, int key);
	/* The view's own keys for the help screen, one "KEYS\twhat they do" string
	 * each, NULL-terminated (NULL: none); the help lists them while it is shown. */
	const char *const *keys_help;
};

extern const struct view_type view_fit, view_units, view_predictions, view_landscape, view_history,
    view_sweep, view_slope, view_sheet, view_matrix;
extern const struct view_type *const view_types[]; /* NULL-terminated */

/* The view that session f shows: v->vt when it applies, else the first of the
 * registry that does (fit for x,y data, predictions for tables). Never NULL. */
const struct view_type *view_current(const struct view *v, const struct fit *f);
/* The next view of the `v` cycle after the current one that applies to f. */
const struct view_type *view_next(const struct view *v, const struct fit *f);
/* Switch v to view t (its enter hook runs). */
void view_set(struct view *v, const struct fit *f, const struct view_type *t);
/* The view named `name`, or NULL. */
const struct view_type *view_find(const char *name);
/* The names of every view, "fit, units, ..." into buf. Returns buf. */
char *view_names(char *buf, size_t len);

/* Shared by the views' drawing (src/layout.c). */
/* Write text at column x of row y if it ends before maxx: the new column, or -1. */
int layout_put_piece(struct screen *s, int x, int y, int maxx, const char *text, uint16_t attr);
/* layout_put_piece at *x, advancing it (it stays -1 once something did not fit). */
void layout_legend_put(struct screen *s, int *x, int y, int maxx, const char *text, uint16_t attr);
/* Text on raster R's canvas at (x, y) if it fits there over blank cells only: 1
 * when written, else 0. */
int layout_put_on_blank(struct screen *s, const struct raster *R, int x, int y, const char *text,
			uint16_t attr);
/* Columns a UTF-8 text takes (one per code point). */
size_t layout_text_cols(const char *t);
/* The newest ghost run that can be drawn over session f (same model and size), or
 * NULL. */
const struct layout_ghost *layout_ghost_of(const struct view *v, const struct fit *f);
/* Kept run k (0: the newest) when it can be drawn over session f, else NULL. */
const struct layout_ghost *layout_ghost_nth(const struct view *v, const struct fit *f, size_t k);
/* How many kept runs can be drawn over session f. */
size_t layout_ghost_count(const struct view *v, const struct fit *f);
/* The number drawn on kept run k's curve or path: '1' for the newest. */
uint32_t layout_ghost_digit(size_t k);
/* The whole-cell mark of faint things (ghost run, guides): a middle dot or '~'. */
uint32_t layout_ghost_mark(const struct view *v);
/* After raster_flush: the cells the faint role owns become ghost marks. */
void layout_ghost_cells(struct screen *s, const struct view *v);

#endif
