/* ui.c: placeholder explorer entry until the curses interface lands (issue 3):
 * runs the batch mode so that `make run` shows the lesson's numbers. */
#include <stdio.h>

#include "ui.h"

int ui_run(struct config *cfg, struct data *data, struct fit *f, char *err)
{
	return cli_batch(cfg, f);
}
