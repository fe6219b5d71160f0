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

#endif
