/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ui.h: the explorer on a terminal (src/ui.c, the only file that talks to curses).
 * Its state machine is the core's (app.h). */
#ifndef FITPLAY_UI_H
#define FITPLAY_UI_H

#include "app.h"
#include "data.h"
#include "fit.h"
#include "options.h"

/* Run the explorer on an initialised session until the user quits. The ui may
 * replace *data and *f (new noise, another model); both stay valid for the
 * caller to free. Returns an exit status (0 on a normal quit), with a one-line
 * message in err when not 0. */
int ui_run(struct config *cfg, struct data *data, struct fit *f, char *err);

/* Real pixels (src/ui-sixel.c). With curses started (cbreak, noecho) and before it
 * reads a key: ask the terminal SIXEL_QUERY and wait at most SIXEL_WAIT_MS for the
 * answer; a->pixels_ok, or why not in a->pixels_why; keys typed meanwhile go back
 * to curses' input. */
void ui_sixel_probe(struct app *a);
/* After I (a->pixels_req, cleared here): start drawing the picture for the plot box
 * of the last frame, sized to its inside in pixels, in a child (sixel_job); a
 * failure to start is said on the status line. */
void ui_sixel_start(struct app *a);
/* 1 while a picture is being drawn. */
int ui_sixel_busy(void);
/* Stop drawing it (a key, a click, a resize, quitting): no process left. */
void ui_sixel_cancel(void);
/* Never blocks long: 0 while it is drawn (or none is); 1 when it has ended, the
 * status line saying how, with the image in *img (fp_free; NULL after a failure). */
int ui_sixel_poll(struct app *a, char **img, size_t *len);
/* Write it over the plot box's inside (the cursor saved and restored); the next key
 * repaints the screen (a->pixels_shown). 0, or -1 on a write error. */
int ui_sixel_put(struct app *a, const char *img, size_t len);

#endif
