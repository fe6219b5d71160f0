/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fuzz-table.c: fuzz target for the table reader (data_table_parse, --table FILE).
 * The first input line, when it starts with '#', is the input spec list (the rest of
 * it after '#', or after "#-" for no constant column; "#" alone: every column), the
 * remainder the CSV. Invariants: an
 * accepted table gives n >= 1 rows of d >= 1 finite inputs and a finite target, d
 * names on one line each, no more rows kept and dropped than lines; a refused one
 * gives FP_EINPUT (or FP_EFAIL), an empty result and one line naming the file. */
#include <math.h>
#include <string.h>

#include "data.h"
#include "table.h"
#include "util.h"

#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct table_cfg cfg;
	table_cfg_default(&cfg);
	const char *buf = (const char *)data;
	size_t len = size;
	char spec[256];
	if (len && buf[0] == '#') {
		const char *nl = memchr(buf, '\n', len);
		size_t n = nl ? (size_t)(nl - buf) : len;
		if (n - 1 >= sizeof spec)
			return 0;
		memcpy(spec, buf + 1, n - 1);
		spec[n - 1] = 0;
		if (memchr(spec, 0, n - 1))
			return 0;
		char *sp = spec;
		if (*sp == '-') { /* "#-...": no constant column */
			cfg.constant = 0;
			sp++;
		}
		if (*sp)
			cfg.inputs = sp;
		buf += nl ? n + 1 : n;
		len -= nl ? n + 1 : n;
	}
	size_t lines = 1;
	for (size_t i = 0; i < len; i++)
		lines += buf[i] == '\n' || buf[i] == '\r';
	struct data d;
	char err[FP_ERRLEN];
	memset(err, 0, sizeof err);
	int rc = data_table_parse(buf, len, "fuzz.csv", &cfg, &d, err);
	if (rc == FP_OK) {
		FUZZ_CHECK(d.n >= 1 && d.d >= 1 && d.x && d.y);
		FUZZ_CHECK(d.n + d.dropped <= lines);
		FUZZ_CHECK(fp_all_finite(d.x, d.n * d.d) && fp_all_finite(d.y, d.n));
		FUZZ_CHECK(d.names != NULL);
		for (size_t i = 0; i < d.d; i++)
			FUZZ_CHECK(d.names[i] && strchr(d.names[i], '\n') == NULL);
		data_free(&d);
	} else {
		FUZZ_CHECK(rc == FP_EINPUT || rc == FP_EFAIL);
		FUZZ_CHECK(d.n == 0 && d.x == NULL && d.y == NULL && d.names == NULL);
		FUZZ_CHECK(strlen(err) < FP_ERRLEN && fuzz_one_line(err));
	}
	return 0;
}
