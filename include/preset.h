/* SPDX-License-Identifier: GPL-3.0-or-later */
/* preset.h: named starting points (--preset): data recipe, model, loss, start,
 * plot range. The lesson's cells, reproduced. */
#ifndef FITPLAY_PRESET_H
#define FITPLAY_PRESET_H

#include <stddef.h>

#include "data.h"
#include "loss.h"

#define PRESET_MAX_INIT 8

struct preset {
	const char *name;	 /* "lesson3" */
	const char *summary;	 /* one line for --help and the man page */
	struct data_gen_cfg gen; /* how the data is made */
	const char *model;	 /* model spec, "quad" */
	enum loss_kind loss;	 /* the cell's loss */
	size_t ninit;		 /* starting coefficients given (0: the model's init) */
	double init[PRESET_MAX_INIT];
	double view_lo, view_hi;   /* x range of plots (equal: the data's range) */
	double view_ylo, view_yhi; /* the explorer's y range at the start (equal: fitted) */
	const char *table_target;  /* a table preset: the target column (NULL: none) */
	const char *table_inputs;  /* and its input specs (table.h); needs a FILE */
	double lr;		   /* learning rate (0: fitplay's default 0.01) */
	int units_alive;	   /* 1: a model's ReLU units start on for at least half the
				    * rows (model_units_majority), so that none starts dead
				    * or next to death */
};

extern const struct preset presets[]; /* terminated by an entry with name NULL */
/* Look a preset up by name; NULL when unknown. */
const struct preset *preset_find(const char *name);

#endif
