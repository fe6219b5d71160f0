/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cli.c: --help, generated from the option table (src/options.c): the lists in its
 * lines (presets, models, optimizers, views) come from their registries; and
 * --version with the licence, as GNU tools say it; --completion's script
 * (src/completion.c). */
#include <stdio.h>

#include "cli.h"
#include "completion.h"
#include "model.h"
#include "util.h"

void cli_completion(const char *shell)
{
	size_t n = completion_script(shell, NULL, 0);
	char *text = fp_malloc(n + 1);
	if (text) {
		completion_script(shell, text, n + 1);
		fp_out("%s", text);
		fp_free(text);
	}
}

void cli_version(void)
{
	fp_out("fitplay %s\n"
	       "BLAS: %s\n"
	       "Copyright (C) 2026 the fitplay authors.\n"
	       "License GPLv3+: GNU GPL version 3 or later <https://gnu.org/licenses/gpl.html>.\n"
	       "This is free software: you are free to change and redistribute it.\n"
	       "There is NO WARRANTY, to the extent permitted by law.\n",
	       FITPLAY_VERSION, model_matrix_blas());
}

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
