/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cli.c: --help, generated from the option table (src/options.c): the lists in its
 * lines (presets, models, optimizers, views) come from their registries. */
#include <stdio.h>

#include "cli.h"
#include "util.h"

void cli_usage(const char *prog)
{
	fp_out("Usage: %s [OPTION]... [FILE]\n"
	       "Fit curves by hand and by gradient descent, in the terminal (fast.ai lesson 3).\n"
	       "FILE (or --data FILE) is a CSV of x,y; '-' reads stdin. Without it fitplay\n"
	       "generates the lesson's noisy quadratic.\n\n",
	       prog);
	size_t n = options_help(NULL, 0);
	char *text = fp_malloc(n + 1);
	if (text) {
		options_help(text, n + 1);
		fp_out("%s", text);
		fp_free(text);
	}
	fp_out("\n"
	       "Exit status: 0 ok, 1 failure, 2 bad usage or input, 3 descent diverged.\n"
	       "See fitplay(1).\n");
}
