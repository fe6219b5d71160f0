/* export.c: placeholder until the gnuplot export lands (issue 5). */
#include "export.h"
#include "util.h"

int export_write(const struct fit *f, const char *path, char *err)
{
	return fp_err(err, FP_EFAIL, "%s: export is not available yet", path);
}
