/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fuzz-cli.c: fuzz target for the command-line parser (options_parse): the input is the
 * arguments, one a line. Invariants: a refused command line gives FP_EINPUT (or
 * FP_EFAIL) and a one-line message; an accepted one holds only finite numbers in
 * range, and (when it generates at most a few thousand points) the data, the session
 * and fifty descent steps it describes keep a finite loss and finite coefficients. */
#include <math.h>
#include <string.h>

#include "options.h"
#include "setup.h"
#include "util.h"

#include "fuzz.h"

#define FUZZ_CLI_MAXARGS   64
#define FUZZ_CLI_MAXPOINTS 2000
#define FUZZ_CLI_MAXSTEPS  50

static void fuzz_cli_check_cfg(const struct config *c)
{
	FUZZ_CHECK(c->data.preset != NULL && c->descent.optim != NULL);
	FUZZ_CHECK(strlen(c->model.spec) < sizeof c->model.spec && c->model.spec[0]);
	FUZZ_CHECK(isfinite(c->descent.lr) && c->descent.lr > 0);
	FUZZ_CHECK(c->output.every >= 1 && c->output.steps <= ((size_t)1 << 50));
	FUZZ_CHECK(c->data.gen.n >= 1 && c->data.gen.n <= 100000000);
	FUZZ_CHECK(isfinite(c->data.gen.xlo) && isfinite(c->data.gen.xhi) &&
		   c->data.gen.xlo < c->data.gen.xhi);
	FUZZ_CHECK(isfinite(c->data.gen.mult) && isfinite(c->data.gen.add));
	FUZZ_CHECK(c->data.gen.mult >= 0 && c->data.gen.add >= 0);
	FUZZ_CHECK(fp_all_finite(c->data.gen.truth, 3));
	FUZZ_CHECK(c->data.gen.seed <= 4294967295UL);
	FUZZ_CHECK(isfinite(c->explorer.view_lo) && isfinite(c->explorer.view_hi) &&
		   c->explorer.view_lo <= c->explorer.view_hi);
	FUZZ_CHECK(c->explorer.nranges <= CONFIG_MAX_RANGES);
	FUZZ_CHECK((c->model.ninit == 0) == (c->model.init == NULL));
	FUZZ_CHECK(c->model.ninit <= MODEL_MAX_PARAMS);
	FUZZ_CHECK(fp_all_finite(c->model.init, c->model.ninit));
}

/* The session the options describe: finite before and after a few steps. */
static void fuzz_cli_run(const struct config *c)
{
	if (c->data.path || c->data.gen.n > FUZZ_CLI_MAXPOINTS)
		return;
	struct data d;
	struct fit f;
	char err[FP_ERRLEN] = "";
	int rc = setup_data(c, &d, err);
	if (rc) {
		FUZZ_CHECK(fuzz_one_line(err));
		return;
	}
	FUZZ_CHECK(d.n == c->data.gen.n);
	memset(&f, 0, sizeof f);
	rc = setup_fit(c, &d, &f, err);
	if (rc == FP_OK) {
		FUZZ_CHECK(isfinite(f.loss_value) && fp_all_finite(f.theta, f.np));
		FUZZ_CHECK(fp_all_finite(f.grad, f.np));
		size_t want =
		    c->output.steps < FUZZ_CLI_MAXSTEPS ? c->output.steps : FUZZ_CLI_MAXSTEPS;
		size_t got = fit_step(&f, want);
		FUZZ_CHECK(got <= want && f.step == got);
		FUZZ_CHECK(got == want || f.trend == FIT_TREND_DIVERGED);
		FUZZ_CHECK(isfinite(f.loss_value) && fp_all_finite(f.theta, f.np));
		fit_done(&f);
	} else {
		FUZZ_CHECK(rc == FP_EINPUT || rc == FP_EFAIL);
		FUZZ_CHECK(fuzz_one_line(err));
	}
	data_free(&d);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *buf = malloc(size + 1);
	FUZZ_CHECK(buf != NULL);
	memcpy(buf, data, size);
	buf[size] = 0;
	char *argv[FUZZ_CLI_MAXARGS + 2];
	int argc = 0;
	argv[argc++] = "fitplay";
	for (char *p = buf; argc <= FUZZ_CLI_MAXARGS;) {
		char *nl = memchr(p, '\n', (size_t)(buf + size - p));
		if (!nl && p == buf + size)
			break;
		argv[argc++] = p;
		if (!nl)
			break;
		*nl = 0;
		p = nl + 1;
	}
	argv[argc] = NULL;
	struct config cfg;
	enum config_action act;
	char err[FP_ERRLEN];
	memset(err, 0, sizeof err);
	int rc = options_parse(argc, argv, &cfg, &act, err);
	if (rc == FP_OK) {
		FUZZ_CHECK(act == CONFIG_RUN || act == CONFIG_HELP || act == CONFIG_VERSION);
		if (act == CONFIG_RUN) {
			fuzz_cli_check_cfg(&cfg);
			fuzz_cli_run(&cfg);
		}
	} else {
		FUZZ_CHECK(rc == FP_EINPUT || rc == FP_EFAIL);
		FUZZ_CHECK(strlen(err) < FP_ERRLEN && fuzz_one_line(err));
	}
	options_free(&cfg);
	free(buf);
	return 0;
}
