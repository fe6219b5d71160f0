/* export.h: plots through gnuplot (PNG, SVG, PDF, dumb text, GIF, or the script). */
#ifndef FITPLAY_EXPORT_H
#define FITPLAY_EXPORT_H

#include <stddef.h>

#include "fit.h"

/* Write the session's current state to `path`; the format follows the extension
 * (.png .svg .pdf .txt .gp .gif). x,y data: the points, the model's curve and the
 * loss history. A table (f->data->d > 1): each row's prediction against its truth,
 * the rows above 0.5 and the others as two kinds of points, each group sorted along
 * x, the line at 0.5, "N of M right at 0.5" in the title, and the loss history.
 * A GIF animates the descent in both cases. Checks as export_check first.
 * Returns FP_OK, FP_EINPUT (bad path or extension, coefficients not finite) or
 * FP_EFAIL (gnuplot missing, failing or hanging), with a message in err. */
int export_write(const struct fit *f, const char *path, char *err);

/* The checks export_write makes before any work, for a refusal before a batch run
 * rather than after it: a session, a file name, a known extension, a directory that
 * exists, a path that is not a directory. Writes nothing. Returns FP_OK or FP_EINPUT
 * with the message export_write would give. */
int export_check(const struct fit *f, const char *path, char *err);

/* A new file name in directory `dir` (NULL: the current one) for the explorer's
 * `e` key: "fitplay-<model>-step<K>.<ext>", with "-2", "-3", ... added so that no
 * existing file is overwritten. Returns FP_OK or FP_EFAIL with a message. */
int export_next_name(const struct fit *f, const char *dir, const char *ext, char *buf,
		     size_t len, char *err);

#endif
