/* export.h: plots through gnuplot (PNG, SVG, PDF, dumb text, GIF, or the script). */
#ifndef FITPLAY_EXPORT_H
#define FITPLAY_EXPORT_H

#include <stddef.h>

#include "fit.h"

/* Write the session's current state to `path`; the format follows the extension
 * (.png .svg .pdf .txt .gp .gif). Returns FP_OK, FP_EINPUT (bad path or extension)
 * or FP_EFAIL (gnuplot missing, failing or hanging), with a message in err. */
int export_write(const struct fit *f, const char *path, char *err);

/* A new file name in directory `dir` (NULL: the current one) for the explorer's
 * `e` key: "fitplay-<model>-step<K>.<ext>", with "-2", "-3", ... added so that no
 * existing file is overwritten. Returns FP_OK or FP_EFAIL with a message. */
int export_next_name(const struct fit *f, const char *dir, const char *ext, char *buf,
		     size_t len, char *err);

#endif
