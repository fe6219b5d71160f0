/* SPDX-License-Identifier: GPL-3.0-or-later */
/* setup.h: the data and the session a configuration describes (src/setup.c), for
 * the batch mode, the explorer (new model, new noise) and the fuzzers alike. */
#ifndef FITPLAY_SETUP_H
#define FITPLAY_SETUP_H

#include "data.h"
#include "fit.h"
#include "options.h"

/* Make the data cfg asks for (a table, a CSV or generated) into *out, split by
 * setup_valid. Returns FP_OK, or an error with a one-line message in err (*out
 * empty). */
int setup_data(const struct config *cfg, struct data *out, char *err);
/* With --valid FRACTION (cfg->data.valid > 0): hold that share of data's rows back
 * (data_split, picked by the data seed --seed): data keeps the training rows and
 * owns the held-back ones (data->valid). Nothing to do without --valid or when data
 * is split already. Returns FP_OK, or FP_EINPUT "--valid 0.01: holds back 0 of the
 * 20 points, ..." (data unchanged) or FP_EFAIL. */
int setup_valid(const struct config *cfg, struct data *data, char *err);
/* Start session f on data with cfg's model, loss, optimizer, learning rate, rule and
 * starting coefficients (--init, else the preset's when they fit). Returns FP_OK, or
 * an error with a message in err (--init of the wrong length names the coefficients). */
int setup_fit(const struct config *cfg, const struct data *data, struct fit *f, char *err);

#endif
