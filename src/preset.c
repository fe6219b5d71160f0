/* SPDX-License-Identifier: GPL-3.0-or-later */
/* preset.c: the lesson's cells as presets. */
#include <string.h>

#include "preset.h"

#define LESSON_GEN(skip_, mult_)                                                                   \
	{                                                                                          \
		.target = DATA_TARGET_QUAD, .truth = {3, 2, 1}, .n = 20, .xlo = -2, .xhi = 2,      \
		.mult = (mult_), .add = 1.5, .seed = 42, .skip = (skip_), .torch_grid = 1,         \
	}

const struct preset presets[] = {
    {
	.name = "lesson3",
	.summary = "the lecture video: noisy 3x^2+2x+1, MSE, start 1.5,1.5,1.5",
	.gen = LESSON_GEN(40, 0.3),
	.model = "quad",
	.loss = LOSS_MSE,
	.ninit = 3,
	.init = {1.5, 1.5, 1.5},
	.view_lo = -2.1,
	.view_hi = 2.1,
    },
    {
	.name = "lesson3-kaggle",
	.summary = "the published notebook: noise 0.15,1.5, MAE, start 1.1,1.1,1.1",
	.gen = LESSON_GEN(0, 0.15),
	.model = "quad",
	.loss = LOSS_MAE,
	.ninit = 3,
	.init = {1.1, 1.1, 1.1},
	.view_lo = -2.1,
	.view_hi = 2.1,
    },
    {
	.name = "titanic",
	.summary = "the spreadsheet: Titanic table FILE, the sheets' 10 inputs, linear, MSE",
	.gen = LESSON_GEN(0, 0.3),
	.model = "linear",
	.loss = LOSS_MSE,
	.table_target = "Survived",
	.table_inputs = "SibSp,Parch,Age:max,Fare:log,Pclass=1,Pclass=2,Embarked=S,"
			"Embarked=C,Sex=male",
	.lr = 0.1, /* half the limit 2/lambda_max = 0.209 of these inputs */
	/* nnet:K: the sheet's RAND()-0.5 start, each unit on fewer than half the rows
	 * mirrored. Unmirrored, relu2 (on for few rows) dies at step 47 of the
	 * preset's descent and the lecture's two ReLUs are one. */
	.units_alive = 1,
    },
    {
	.name = "relu",
	.summary = "the notebook's ReLU cell: the lesson's data, max(m*x+b,0), start 1.5,1.5",
	.gen = LESSON_GEN(40, 0.3),
	.model = "relu",
	.loss = LOSS_MSE,
	/* The notebook draws its ReLU cells on their own, y from -1 to 4. The
	 * lesson's points stay (the loss is the lesson's); those above 4 are
	 * off the plot: the function's shape is what the cell shows. */
	.view_ylo = -1,
	.view_yhi = 4,
	.ninit = 2,
	.init = {1.5, 1.5},
	.view_lo = -2.1,
	.view_hi = 2.1,
    },
    {
	.name = "relu2",
	.summary = "the notebook's double ReLU: the lesson's data, start -1.5,-1.5,1.5,1.5",
	.gen = LESSON_GEN(40, 0.3),
	.model = "relu2",
	.loss = LOSS_MSE,
	/* The notebook draws its ReLU cells on their own, y from -1 to 4. The
	 * lesson's points stay (the loss is the lesson's); those above 4 are
	 * off the plot: the function's shape is what the cell shows. */
	.view_ylo = -1,
	.view_yhi = 4,
	.ninit = 4,
	.init = {-1.5, -1.5, 1.5, 1.5},
	.view_lo = -2.1,
	.view_hi = 2.1,
    },
    {.name = NULL},
};

const struct preset *preset_find(const char *name)
{
	for (size_t i = 0; name && presets[i].name; i++)
		if (strcmp(presets[i].name, name) == 0)
			return &presets[i];
	return NULL;
}
