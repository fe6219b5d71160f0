/* SPDX-License-Identifier: GPL-3.0-or-later */
/* bench.h: the tables the benchmarks share: the Titanic rows with the sheets' ten
 * inputs (from the reference data, when it is there) and a random table. */
#ifndef FITPLAY_BENCH_H
#define FITPLAY_BENCH_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "data.h"
#include "preset.h"
#include "table.h"
#include "util.h"

/* The Titanic table as --preset titanic builds it from titanic-all-rows.csv
 * ($FITPLAY_REF or ../shared/reference). Returns FP_OK or an error with err set. */
static inline int bench_titanic(struct data *t, char *err)
{
	char path[1024];
	const char *ref = getenv("FITPLAY_REF");
	snprintf(path, sizeof path, "%s/titanic/titanic-all-rows.csv",
		 ref && *ref ? ref : "../shared/reference");
	const struct preset *p = preset_find("titanic");
	struct table_cfg tc;
	table_cfg_default(&tc);
	tc.target = p->table_target;
	tc.inputs = p->table_inputs;
	return data_table_load(path, &tc, t, err);
}

/* n rows of d inputs, uniform in [-1, 1) but the last, 1 (the constant); y is 1 for
 * 40% of the rows; read column by column as the table reader leaves them. */
static inline int bench_random_table(struct data *big, size_t n, size_t d, char *err)
{
	memset(big, 0, sizeof *big);
	big->n = n;
	big->d = d;
	big->x = fp_malloc(n * d * sizeof *big->x);
	big->y = fp_malloc(n * sizeof *big->y);
	struct npy_rng *r = npy_rng_alloc(1);
	int rc = big->x && big->y && r ? FP_OK : fp_err(err, FP_EFAIL, "out of memory");
	for (size_t i = 0; rc == FP_OK && i < n; i++) {
		for (size_t j = 0; j < d; j++)
			big->x[i * d + j] = j + 1 == d ? 1.0 : 2 * npy_rng_uniform(r) - 1;
		big->y[i] = npy_rng_uniform(r) < 0.4;
	}
	npy_rng_free(r);
	if (rc == FP_OK)
		rc = data_make_columns(big, err);
	if (rc != FP_OK)
		data_free(big);
	return rc;
}

#endif
