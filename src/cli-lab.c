/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cli-lab.c: the learning-rate lab in batch mode: --solve (Levenberg-Marquardt as
 * key: value lines) and --lr-sweep (a tab-separated table), C-locale numbers; and
 * --export beside them and --info (checked before any work, written after). */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "export.h"
#include "lab.h"
#include "solve.h"
#include "util.h"

#define CLI_LAB_DESCENT_MAX  100000	 /* --solve: descent steps tried for the comparison */
#define CLI_LAB_DESCENT_WORK 200000000.0 /* ... and points x coefficients x steps */

static void print_names(const struct fit *f)
{
	char pn[MODEL_NAME_LEN];
	fp_out("names: ");
	for (size_t i = 0; i < f->np; i++) {
		f->model->param_name(&f->mcfg, i, pn, sizeof pn);
		fp_out("%s%s", i ? "," : "", pn);
	}
	fp_out("\n");
}

static void print_params(const char *key, const double *v, size_t n)
{
	char b[40];
	fp_out("%s: ", key);
	for (size_t i = 0; i < n; i++)
		fp_out("%s%s", i ? "," : "", fp_fmt17(b, sizeof b, v[i]));
	fp_out("\n");
}

/* The shortest %g form that reads back as v (C locale); "overflow" when not finite. */
static char *fmt_short(char *buf, size_t len, double v)
{
	for (int sig = 6; sig < 17; sig++) {
		double back;
		fp_fmt(buf, len, v, sig);
		if (fp_parse_double(buf, &back) == 0 && back == v)
			return buf;
	}
	return fp_fmt17(buf, len, v);
}

/* FP_OK, or FP_EFAIL when a write to stdout failed (main says why). */
static int flush_out(void)
{
	return fp_out_flush() ? FP_EFAIL : FP_OK;
}

int cli_lab_export_check(const struct config *cfg, const struct fit *f)
{
	char err[FP_ERRLEN];
	if (!cfg->output.export_path)
		return FP_OK;
	int rc = cfg->output.sweep_n ? export_sweep_check(f, cfg->output.export_path, err)
				     : export_check(f, cfg->output.export_path, err);
	if (rc) {
		fprintf(stderr, "fitplay: %s\n", err);
		return FP_EINPUT;
	}
	return FP_OK;
}

int cli_lab_export(const struct config *cfg, const struct fit *f, int rc)
{
	char err[FP_ERRLEN];
	if (!cfg->output.export_path || (rc != FP_OK && rc != FP_EDIVERGED))
		return rc;
	if (export_write(f, cfg->output.export_path, err) != FP_OK) {
		fprintf(stderr, "fitplay: %s\n", err);
		return rc ? rc : FP_EFAIL;
	}
	return rc;
}

int cli_lab_solve(const struct config *cfg, struct fit *f)
{
	char err[FP_ERRLEN], b[40];
	double *theta = fp_malloc(f->np * sizeof *theta);
	if (!theta) {
		fprintf(stderr, "fitplay: out of memory\n");
		return FP_EFAIL;
	}
	memcpy(theta, f->theta, f->np * sizeof *theta);
	struct solve_lm_result r;
	int rc = solve_lm(f->model, &f->mcfg, f->data, theta, 0, NULL, 0, &r, err);
	if (rc) {
		fp_free(theta);
		fprintf(stderr, "fitplay: --solve: %s\n", err);
		return rc;
	}
	fp_out("solver: levenberg-marquardt\n");
	fp_out("status: %s\n", r.converged ? "converged" : "stopped");
	fp_out("reason: %s\n", r.reason);
	fp_out("iterations: %zu\n", r.iterations);
	fp_out("evaluations: %zu\n", r.nfev);
	fp_out("loss_kind: mse\n");
	fp_out("start_loss: %s\n", fp_fmt17(b, sizeof b, r.start_loss));
	fp_out("loss: %s\n", fp_fmt17(b, sizeof b, r.loss));
	if (fit_has_valid(f)) /* --valid: the solved fit on the rows it never saw */
		fp_out("valid_loss: %s\n",
		       fp_fmt17(b, sizeof b,
				model_loss_grad(f->model, &f->mcfg, theta, f->data->valid, LOSS_MSE,
						NULL)));
	/* Descent's answer to the same question: steps at --lr to within 0.1% of it,
	 * tried for at most about CLI_LAB_DESCENT_WORK point-coefficient products. */
	size_t ds, cap = CLI_LAB_DESCENT_WORK / (f->data->n * f->np + 1);
	cap = cap < 1000 ? 1000 : cap > CLI_LAB_DESCENT_MAX ? CLI_LAB_DESCENT_MAX : cap;
	if (lab_descent_steps_to(f, NULL, r.loss * (1 + 1e-3), cap, &ds, err) == FP_OK &&
	    ds != (size_t)-1)
		fp_out("descent_steps: %zu\n", ds);
	else
		fp_out("descent_steps: none (not within %zu steps at lr %s)\n", cap,
		       fmt_short(b, sizeof b, f->lr));
	print_names(f);
	print_params("start", f->theta, f->np);
	print_params("params", theta, f->np);
	rc = flush_out();
	/* --export: the solved fit, drawn as any export of the session at theta. */
	if (rc == FP_OK && cfg->output.export_path) {
		if (fit_set_theta(f, theta, err) != FP_OK) {
			fprintf(stderr, "fitplay: --export: %s\n", err);
			rc = FP_EFAIL;
		} else {
			rc = cli_lab_export(cfg, f, rc);
		}
	}
	fp_free(theta);
	return rc;
}

int cli_lab_sweep(const struct config *cfg, struct fit *f)
{
	char err[FP_ERRLEN], b1[40], b2[40];
	struct lab_sweep_row *rows = fp_calloc(cfg->output.sweep_n, sizeof *rows);
	if (!rows) {
		fprintf(stderr, "fitplay: out of memory\n");
		return FP_EFAIL;
	}
	int rc = lab_sweep(f, NULL, cfg->output.sweep_lo, cfg->output.sweep_hi, cfg->output.sweep_n,
			   cfg->output.steps, rows, err);
	if (rc) {
		fp_free(rows);
		fprintf(stderr, "fitplay: --lr-sweep: %s\n", err);
		return rc;
	}
	fp_out("lr\tfinal_loss\tverdict\n");
	for (size_t i = 0; i < cfg->output.sweep_n; i++)
		fp_out("%s\t%s\t%s\n", fmt_short(b1, sizeof b1, rows[i].lr),
		       fmt_short(b2, sizeof b2, rows[i].loss), lab_verdict_name(rows[i].verdict));
	/* What "converged" was measured against (the judge again, for its best). */
	double best;
	lab_sweep_judge(rows, cfg->output.sweep_n, f->has_best, f->best_loss, &best);
	rc = flush_out();
	/* --export: the chart of final loss against rate. */
	if (rc == FP_OK && cfg->output.export_path &&
	    export_sweep_write(f, rows, cfg->output.sweep_n, cfg->output.steps,
			       cfg->output.export_path, err) != FP_OK) {
		fprintf(stderr, "fitplay: %s\n", err);
		rc = FP_EFAIL;
	}
	fp_free(rows);
	if (rc != FP_OK)
		return rc;
	const char *loss = loss_label(f->loss);
	fp_fmt(b1, sizeof b1, best, 6);
	if (f->has_best)
		fprintf(stderr,
			"fitplay: --lr-sweep: reference: the least-squares %s %s "
			"(converged: within 1%% of the start's gap to it)\n",
			loss, b1);
	else if (isfinite(best))
		fprintf(stderr,
			"fitplay: --lr-sweep: reference: the sweep's lowest %s %s, no "
			"closed form here (converged: within 1%% of the start's gap to it, "
			"and settled: its own fall has as good as stopped)\n",
			loss, b1);
	else
		fprintf(stderr, "fitplay: --lr-sweep: reference: none (no closed form here, "
				"and no rate ended below its start)\n");
	return FP_OK;
}

void cli_lab_info(const struct fit *f)
{
	char err[FP_ERRLEN], b[40];
	struct lab_limit est;
	int rc = lab_limit_estimate(f->model, &f->mcfg, f->data, f->loss, f->theta, &est, err);
	if (rc)
		fp_out("lr_limit_estimate: none (%s)\n", err);
	else if (!(est.lambda_max > 0))
		fp_out("lr_limit_estimate: none (the loss does not curve up here)\n");
	else if (!isfinite(est.limit)) /* 2/lambda_max overflows: lambda_max < 1.1e-308 */
		fp_out("lr_limit_estimate: none (the loss curves up by only %s here: "
		       "the limit is beyond any rate)\n",
		       fmt_short(b, sizeof b, est.lambda_max));
	else /* however small: 1e-305 on huge data says that any usable rate diverges */
		fp_out("lr_limit_estimate: %s\n", fmt_short(b, sizeof b, est.limit));
}

int cli_lab_closed(const struct fit *f)
{
	char err[FP_ERRLEN], b[40], rank[512];
	size_t np = f->np;
	double *theta = fp_calloc(np, sizeof *theta), *eig = fp_calloc(np, sizeof *eig);
	unsigned char *col = fp_calloc(np, 1);
	struct solve_closed r;
	int rc = theta && eig && col
		     ? solve_closed(f->model, &f->mcfg, f->data, theta, col, eig, &r, err)
		     : FP_EFAIL;
	if (rc == FP_EFAIL) {
		fp_free(theta);
		fp_free(eig);
		fp_free(col);
		fprintf(stderr, "fitplay: out of memory for the closed forms\n");
		return FP_EFAIL;
	}
	if (rc) {
		r.lsq_rc = r.eig_rc = rc;
		snprintf(r.lsq_err, sizeof r.lsq_err, "%s", err);
		snprintf(r.eig_err, sizeof r.eig_err, "%s", err);
	}
	if (r.lsq_rc == FP_OK) {
		print_params("lsq", theta, np);
		fp_out("lsq_loss: %s\n", fp_fmt17(b, sizeof b, r.mse));
		solve_rank_text(f->model, &f->mcfg, f->data->n, np, r.rank, col, rank, sizeof rank);
		fp_out("lsq_rank: %s\n", rank);
	} else {
		fp_out("lsq: none (%s)\n", r.lsq_err);
		fp_out("lsq_loss: none\n");
		fp_out("lsq_rank: none\n");
	}
	if (r.eig_rc == FP_OK) {
		/* The eigenvalues are the MSE's; the limit holds for descent on the MSE only. */
		print_params("hessian_eigs", eig, np);
		if (f->loss == LOSS_MSE)
			fp_out("lr_limit: %s\n", fp_fmt17(b, sizeof b, r.limit));
		else
			fp_out("lr_limit: none (the limit 2/lambda_max holds for the MSE; the %s "
			       "has no curvature, its steps have a fixed size lr*|gradient|)\n",
			       loss_label(f->loss));
	} else {
		fp_out("hessian_eigs: none (%s)\n", r.eig_err);
		fp_out("lr_limit: none (no exact limit for this model)\n");
	}
	fp_free(theta);
	fp_free(eig);
	fp_free(col);
	return FP_OK;
}
