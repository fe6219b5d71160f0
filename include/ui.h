/* ui.h: the explorer, the only curses code (src/ui*.c). */
#ifndef FITPLAY_UI_H
#define FITPLAY_UI_H

#include "cli.h"
#include "data.h"
#include "fit.h"

/* Run the explorer on an initialised session until the user quits. The ui may
 * replace *data and *f (new noise, another model); both stay valid for the
 * caller to free. Returns an exit status (0 on a normal quit), with a one-line
 * message in err when not 0. */
int ui_run(struct config *cfg, struct data *data, struct fit *f, char *err);

#endif
