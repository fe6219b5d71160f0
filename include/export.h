/* export.h: plots through gnuplot (PNG, SVG, PDF, dumb text, GIF, or the script). */
#ifndef FITPLAY_EXPORT_H
#define FITPLAY_EXPORT_H

#include "fit.h"

/* Write the session's current state to `path`; the format follows the extension
 * (.png .svg .pdf .txt .gp .gif). Returns FP_OK, FP_EINPUT (bad path or extension)
 * or FP_EFAIL (gnuplot missing, failing or hanging), with a message in err. */
int export_write(const struct fit *f, const char *path, char *err);

#endif
