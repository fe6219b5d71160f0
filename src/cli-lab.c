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
	printf("names: ");
	for (size_t i = 0; i < f->np; i++) {
		f->model->param_name(&f->mcfg, i, pn, sizeof pn);
		printf("%s%s", i ? "," : "", pn);
	}
	printf("\n");
}

static void print_params(const char *key, const double *v, size_t n)
{
	char b[40];
	printf("%s: ", key);
	for (size_t i = 0; i < n; i++)
		printf("%s%s", i ? "," : "", fp_fmt17(b, sizeof b, v[i]));
	printf("\n");
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

static int flush_out(void)
{
	if (fflush(stdout) != 0) {
		fprintf(stderr, "fitplay: writing to standard output failed\n");
		return FP_EFAIL;
	}
	return FP_OK;
}

int cli_lab_export_check(const struct config *cfg, const struct fit *f)
{
	char err[FP_ERRLEN];
	if (!cfg->export_path)
		return FP_OK;
	int rc = cfg->sweep_n ? export_sweep_check(f, cfg->export_path, err)
			      : export_check(f, cfg->export_path, err);
	if (rc) {
		fprintf(stderr, "fitplay: %s\n", err);
		return FP_EINPUT;
	}
	return FP_OK;
}

int cli_lab_export(const struct config *cfg, const struct fit *f, int rc)
{
	char err[FP_ERRLEN];
	if (!cfg->export_path || (rc != FP_OK && rc != FP_EDIVERGED))
		return rc;
	if (export_write(f, cfg->export_path, err) != FP_OK) {
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
	printf("solver: levenberg-marquardt\n");
	printf("status: %s\n", r.converged ? "converged" : "stopped");
	printf("reason: %s\n", r.reason);
	printf("iterations: %zu\n", r.iterations);
	printf("evaluations: %zu\n", r.nfev);
	printf("loss_kind: mse\n");
	printf("start_loss: %s\n", fp_fmt17(b, sizeof b, r.start_loss));
	printf("loss: %s\n", fp_fmt17(b, sizeof b, r.loss));
	/* Descent's answer to the same question: steps at --lr to within 0.1% of it,
	 * tried for at most about CLI_LAB_DESCENT_WORK point-coefficient products. */
	size_t ds, cap = CLI_LAB_DESCENT_WORK / (f->data->n * f->np + 1);
	cap = cap < 1000 ? 1000 : cap > CLI_LAB_DESCENT_MAX ? CLI_LAB_DESCENT_MAX : cap;
	if (lab_descent_steps_to(f, NULL, r.loss * (1 + 1e-3), cap, &ds, err) == FP_OK &&
	    ds != (size_t)-1)
		printf("descent_steps: %zu\n", ds);
	else
		printf("descent_steps: none (not within %zu steps at lr %s)\n", cap,
		       fmt_short(b, sizeof b, f->lr));
	print_names(f);
	print_params("start", f->theta, f->np);
	print_params("params", theta, f->np);
	rc = flush_out();
	/* --export: the solved fit, drawn as any export of the session at theta. */
	if (rc == FP_OK && cfg->export_path) {
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
	struct lab_sweep_row *rows = fp_calloc(cfg->sweep_n, sizeof *rows);
	if (!rows) {
		fprintf(stderr, "fitplay: out of memory\n");
		return FP_EFAIL;
	}
	int rc =
	    lab_sweep(f, NULL, cfg->sweep_lo, cfg->sweep_hi, cfg->sweep_n, cfg->steps, rows, err);
	if (rc) {
		fp_free(rows);
		fprintf(stderr, "fitplay: --lr-sweep: %s\n", err);
		return rc;
	}
	printf("lr\tfinal_loss\tverdict\n");
	for (size_t i = 0; i < cfg->sweep_n; i++)
		printf("%s\t%s\t%s\n", fmt_short(b1, sizeof b1, rows[i].lr),
		       fmt_short(b2, sizeof b2, rows[i].loss), lab_verdict_name(rows[i].verdict));
	rc = flush_out();
	/* --export: the chart of final loss against rate. */
	if (rc == FP_OK && cfg->export_path &&
	    export_sweep_write(f, rows, cfg->sweep_n, cfg->steps, cfg->export_path, err) != FP_OK) {
		fprintf(stderr, "fitplay: %s\n", err);
		rc = FP_EFAIL;
	}
	fp_free(rows);
	return rc;
}

void cli_lab_info(const struct fit *f)
{
	char err[FP_ERRLEN], b[40];
	struct lab_limit est;
	int rc = lab_limit_estimate(f->model, &f->mcfg, f->data, f->loss, f->theta, &est, err);
	if (rc)
		printf("lr_limit_estimate: none (%s)\n", err);
	else if (!isfinite(est.limit))
		printf("lr_limit_estimate: none (the loss does not curve up here)\n");
	else
		printf("lr_limit_estimate: %s\n", fmt_short(b, sizeof b, est.limit));
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
		printf("lsq_loss: %s\n", fp_fmt17(b, sizeof b, r.mse));
		solve_rank_text(f->model, &f->mcfg, f->data->n, np, r.rank, col, rank, sizeof rank);
		printf("lsq_rank: %s\n", rank);
	} else {
		printf("lsq: none (%s)\n", r.lsq_err);
		printf("lsq_loss: none\n");
		printf("lsq_rank: none\n");
	}
	if (r.eig_rc == FP_OK) {
		/* The eigenvalues are the MSE's; the limit holds for descent on the MSE only. */
		print_params("hessian_eigs", eig, np);
		if (f->loss == LOSS_MSE)
			printf("lr_limit: %s\n", fp_fmt17(b, sizeof b, r.limit));
		else
			printf("lr_limit: none (the limit 2/lambda_max holds for the MSE; the %s "
			       "has no curvature, its steps have a fixed size lr*|gradient|)\n",
			       loss_label(f->loss));
	} else {
		printf("hessian_eigs: none (%s)\n", r.eig_err);
		printf("lr_limit: none (no exact limit for this model)\n");
	}
	fp_free(theta);
	fp_free(eig);
	fp_free(col);
	return FP_OK;
}
