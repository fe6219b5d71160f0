/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cli-lab.c: the learning-rate lab in batch mode: --solve (Levenberg-Marquardt as
 * key: value lines) and --lr-sweep (a tab-separated table), C-locale numbers; and
 * --export beside them and --info (checked before any work, written after). */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "cli-emit.h"
#include "cli.h"
#include "export.h"
#include "lab.h"
#include "solve.h"
#include "util.h"

#define CLI_LAB_DESCENT_MAX  100000	 /* --solve: descent steps tried for the comparison */
#define CLI_LAB_DESCENT_WORK 200000000.0 /* ... and points x coefficients x steps */

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
	struct emit e;
	emit_begin(&e, cfg->output.json, 1);
	emit_str(&e, "solver", "levenberg-marquardt");
	emit_str(&e, "status", r.converged ? "converged" : "stopped");
	emit_str(&e, "reason", r.reason);
	emit_size(&e, "iterations", r.iterations);
	emit_size(&e, "evaluations", r.nfev);
	emit_str(&e, "loss_kind", "mse");
	emit_num(&e, "start_loss", r.start_loss);
	emit_num(&e, "loss", r.loss);
	if (fit_has_valid(f)) /* --valid: the solved fit on the rows it never saw */
		emit_num(
		    &e, "valid_loss",
		    model_loss_grad(f->model, &f->mcfg, theta, f->data->valid, LOSS_MSE, NULL));
	/* Descent's answer to the same question: steps at --lr to within 0.1% of it,
	 * tried for at most about CLI_LAB_DESCENT_WORK point-coefficient products. */
	size_t ds, cap = CLI_LAB_DESCENT_WORK / (f->data->n * f->np + 1);
	cap = cap < 1000 ? 1000 : cap > CLI_LAB_DESCENT_MAX ? CLI_LAB_DESCENT_MAX : cap;
	if (lab_descent_steps_to(f, NULL, r.loss * (1 + 1e-3), cap, &ds, err) == FP_OK &&
	    ds != (size_t)-1) {
		emit_size(&e, "descent_steps", ds);
	} else {
		char why[128];
		snprintf(why, sizeof why, "not within %zu steps at lr %s", cap,
			 emit_fmt_short(b, sizeof b, f->lr));
		emit_none(&e, "descent_steps", why);
	}
	cli_emit_names(&e, "names", f);
	emit_nums(&e, "start", f->theta, f->np);
	emit_nums(&e, "params", theta, f->np);
	rc = emit_end(&e);
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
	char err[FP_ERRLEN], b1[40];
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
	struct emit e; /* text: the table alone; JSON: {"rows": [...]} */
	emit_begin(&e, cfg->output.json, 1);
	emit_rows_begin(&e, "rows");
	for (size_t i = 0; i < cfg->output.sweep_n; i++) {
		const char *verdict = lab_verdict_name(rows[i].verdict);
		emit_row_begin(&e);
		emit_num_short(&e, "lr", rows[i].lr, NULL);
		emit_num_short(&e, "final_loss", rows[i].loss, verdict);
		emit_str(&e, "verdict", verdict);
		if (emit_row_end(&e) != 0)
			break;
	}
	emit_rows_end(&e);
	/* What "converged" was measured against (the judge again, for its best). */
	double best;
	lab_sweep_judge(rows, cfg->output.sweep_n, f->has_best, f->best_loss, &best);
	rc = emit_end(&e);
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

void cli_lab_info(const struct fit *f, struct emit *e)
{
	char err[FP_ERRLEN], b[40], why[160];
	struct lab_limit est;
	const char *key = "lr_limit_estimate";
	int rc = lab_limit_estimate(f->model, &f->mcfg, f->data, f->loss, f->theta, &est, err);
	if (rc) {
		emit_none(e, key, err);
	} else if (!(est.lambda_max > 0)) {
		emit_none(e, key, "the loss does not curve up here");
	} else if (!isfinite(est.limit)) { /* 2/lambda_max overflows: lambda_max < 1.1e-308 */
		snprintf(why, sizeof why,
			 "the loss curves up by only %s here: the limit is beyond any rate",
			 emit_fmt_short(b, sizeof b, est.lambda_max));
		emit_none(e, key, why);
	} else { /* however small: 1e-305 on huge data says that any usable rate diverges */
		emit_num_short(e, key, est.limit, NULL);
	}
}

int cli_lab_closed(const struct fit *f, struct emit *e)
{
	char err[FP_ERRLEN], rank[512];
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
		emit_nums(e, "lsq", theta, np);
		emit_num(e, "lsq_loss", r.mse);
		solve_rank_text(f->model, &f->mcfg, f->data->n, np, r.rank, col, rank, sizeof rank);
		emit_str(e, "lsq_rank", rank);
	} else {
		emit_none(e, "lsq", r.lsq_err);
		emit_none(e, "lsq_loss", NULL);
		emit_none(e, "lsq_rank", NULL);
	}
	if (r.eig_rc == FP_OK) {
		/* The eigenvalues are the MSE's; the limit holds for descent on the MSE only. */
		emit_nums(e, "hessian_eigs", eig, np);
		if (f->loss == LOSS_MSE) {
			emit_num(e, "lr_limit", r.limit);
		} else {
			char why[200];
			snprintf(why, sizeof why,
				 "the limit 2/lambda_max holds for the MSE; the %s has no "
				 "curvature, its steps have a fixed size lr*|gradient|",
				 loss_label(f->loss));
			emit_none(e, "lr_limit", why);
		}
	} else {
		emit_none(e, "hessian_eigs", r.eig_err);
		emit_none(e, "lr_limit", "no exact limit for this model");
	}
	fp_free(theta);
	fp_free(eig);
	fp_free(col);
	return FP_OK;
}
