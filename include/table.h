/* SPDX-License-Identifier: GPL-3.0-or-later */
/* table.h: a CSV table with a header line (Kaggle's train.csv as it comes) into a
 * struct data of d inputs per row: columns chosen by name, text columns as 0/1 dummy
 * columns, numeric columns as they are, divided by their maximum or as log10(x + 1),
 * a constant column, rows with a blank in a used column dropped. Pure: no printing. */
#ifndef FITPLAY_TABLE_H
#define FITPLAY_TABLE_H

#include <stddef.h>

#include "data.h"
#include "model.h"

#define TABLE_MAX_LEVELS     64		/* different values a column may have to become dummies */
#define TABLE_MAX_SPECS	     256	/* input specs in one list */
#define TABLE_CONST_NAME     "Ones"	/* the constant column, as the sheets call it */
#define TABLE_DEFAULT_TARGET "Survived" /* the default target when the header has it */

/* What to build from a table. */
struct table_cfg {
	const char *target; /* target column; NULL: "Survived" when present, else the last */
	const char *inputs; /* input specs, comma-separated (below); NULL: every other column */
	int constant;	    /* 1: add the constant column "Ones" last (the default) */
};

/* The defaults: target and inputs NULL, constant 1. */
void table_cfg_default(struct table_cfg *c);

/* Input specs, in the order the inputs are wanted (names as in the header line):
 *   NAME          numbers as they are; a column of text becomes dummies (NAME:dummies)
 *   NAME:raw      numbers as they are (text in it is an error naming the line)
 *   NAME:max      x / max(x), the maximum over the rows kept
 *   NAME:log      log10(x + 1)
 *   NAME:dummies  a 0/1 column NAME_LEVEL for every level but the first (levels sorted,
 *                 as numbers when they all are): n levels need n - 1 columns, the
 *                 constant column stands for the first
 *   NAME=LEVEL    one 0/1 column NAME_LEVEL, 1 where the cell is LEVEL
 * With inputs NULL: every column but the target, each as NAME, except text columns
 * with more than TABLE_MAX_LEVELS different values (names, tickets) and identifiers
 * (a column named like one: id, index, row, ..., or ending in Id, ID, _id, such as
 * PassengerId; AND counting the rows 1..n or 0..n-1), left out; a Year of 2001..2020
 * stays. What is left out is said in out->note.
 * Returns FP_OK, or FP_EINPUT with a message naming the bad spec. */
int table_spec_check(const char *inputs, char *err);

/* Parse a table from memory into *out (zeroed first; free with data_free): n rows
 * kept, d inputs per row, names set, out->dropped = rows dropped for a blank cell in
 * a used column (target or input). Fields are comma-separated with RFC 4180 quotes
 * (quoted fields may hold commas, doubled quotes and newlines), LF, CRLF or CR, a
 * UTF-8 BOM skipped, blank lines ignored: the x,y reader's tokenizer (csv_tok_next);
 * numbers by csv_number (C locale; beyond a double either way refused). `name` is used in
 * messages: "NAME:LINE: column K (Age): ..." or "NAME: ...".
 * Returns FP_OK, FP_EINPUT (bad table or spec: missing target or column, text in a
 * numeric column, no rows left, ...) or FP_EFAIL (no memory); on error *out is empty. */
int data_table_parse(const char *buf, size_t len, const char *name, const struct table_cfg *cfg,
		     struct data *out, char *err);
/* The same from a file ("-" = stdin), at most DATA_CSV_MAX_BYTES. The text is let go
 * before the column copy (d->xt) is made: the peak is about two copies of the numbers. */
int data_table_load(const char *path, const struct table_cfg *cfg, struct data *out, char *err);

/* The lesson's threshold: a value above it says "survived" (a truth of 1 is above it,
 * a prediction above it predicts survival). The one place it is set. */
#define TABLE_CUT 0.5

/* 1 when v is above TABLE_CUT, else 0 (NaN: 0). A prediction is "right at 0.5" when
 * its side is its truth's: table_side(prediction) == table_side(y). */
static inline int table_side(double v)
{
	return v > TABLE_CUT;
}

/* How many rows of d the predictions p[0..d->n-1] get right (table_side). */
size_t table_right(const double *p, const struct data *d);

/* The share of d's rows the model predicts right (table_right of t->predict's
 * predictions; t takes tables: t->predict is set). 0 when d has no rows. */
double table_accuracy(const struct model_type *t, const struct model_cfg *cfg, const double *theta,
		      const struct data *d);

#endif
