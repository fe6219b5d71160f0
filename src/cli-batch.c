/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cli-batch.c: the batch mode: a table of descent steps, the notebook's log lines,
 * or the session's closed forms as key: value lines. Prints in the C locale. */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "export.h"
#include "session.h"
#include "solve.h"
#include "table.h"
#include "util.h"

static void print_list(const char *key, const double *v, size_t n)
{
	char b[40];
	fp_out("%s: ", key);
	for (size_t i = 0; i < n; i++)
		fp_out("%s%s", i ? "," : "", fp_fmt17(b, sizeof b, v[i]));
	fp_out("\n");
}

static int batch_info(const struct config *cfg, struct fit *f)
{
	char b[256], spec[64];
	size_t np = f->np;
	model_spec(f->model, &f->mcfg, spec, sizeof spec);
	fp_out("n: %zu\n", f->data->n);
	if (fit_has_valid(f)) /* --valid: n is the training set's, these the held back */
		fp_out("valid_n: %zu\n", f->data->valid->n);
	fp_out("source: %s\n", f->data->source ? f->data->source : "");
	if (cfg->data.table_path) /* a table: its inputs, the rows dropped for blanks */
		fp_out("inputs: %zu\ndropped: %zu\n", f->data->d, f->data->dropped);
	fp_out("model: %s\n", spec);
	f->model->formula(&f->mcfg, 0, b, sizeof b);
	fp_out("formula: %s\n", b);
	fp_out("names: ");
	for (size_t i = 0; i < np; i++) {
		f->model->param_name(&f->mcfg, i, b, sizeof b);
		fp_out("%s%s", i ? "," : "", b);
	}
	fp_out("\n");
	print_list("params", f->theta, np);
	fp_out("loss_kind: %s\n", loss_name(f->loss));
	fp_out("loss: %s\n", fp_fmt17(b, sizeof b, f->loss_value));
	if (fit_has_valid(f))
		fp_out("valid_loss: %s\n", fp_fmt17(b, sizeof b, f->valid_loss));
	if (cfg->data.table_path) /* the share predicted right at 0.5, as the lesson counts */
		fp_out(
		    "accuracy: %s\n",
		    fp_fmt17(b, sizeof b, table_accuracy(f->model, &f->mcfg, f->theta, f->data)));
	if (cfg->data.table_path && fit_has_valid(f))
		fp_out("valid_accuracy: %s\n",
		       fp_fmt17(b, sizeof b,
				table_accuracy(f->model, &f->mcfg, f->theta, f->data->valid)));
	print_list("grad", f->grad, np);
	fit_dead_list(f, b, sizeof b); /* ReLU units 0 on every row, or none */
	fp_out("dead_units: %s\n", b);
	fp_out("lr: %s\n", fp_fmt17(b, sizeof b, f->lr));
	if (fp_out_flush() != 0)
		return FP_EFAIL; /* before the closed forms (slow on big tables): none for nobody */
	int rc = cli_lab_closed(f); /* lsq, lsq_loss, lsq_rank, hessian_eigs, lr_limit */
	if (rc)
		return rc;
	cli_lab_info(f);
	return FP_OK;
}

static int table_header(const struct fit *f)
{
	char pn[MODEL_NAME_LEN];
	fp_out("step\tloss");
	if (fit_has_valid(f))
		fp_out("\tvalid_loss");
	for (size_t i = 0; i < f->np; i++) {
		f->model->param_name(&f->mcfg, i, pn, sizeof pn);
		fp_out("\t%s", pn);
	}
	for (size_t i = 0; i < f->np; i++) {
		f->model->param_name(&f->mcfg, i, pn, sizeof pn);
		fp_out("\td_%s", pn);
	}
	return fp_out("\n");
}

static int table_row(const struct fit *f)
{
	char b[40];
	fp_out("%lu\t%s", f->step, fp_fmt17(b, sizeof b, f->loss_value));
	if (fit_has_valid(f))
		fp_out("\t%s", fp_fmt17(b, sizeof b, f->valid_loss));
	for (size_t i = 0; i < f->np; i++)
		fp_out("\t%s", fp_fmt17(b, sizeof b, f->theta[i]));
	for (size_t i = 0; i < f->np; i++)
		fp_out("\t%s", fp_fmt17(b, sizeof b, f->grad[i]));
	return fp_out("\n");
}

static int notebook_row(const struct fit *f)
{
	char b[40];
	/* The notebook prints f'step={i}; loss={loss:.2f}'. */
	if (f->loss_value < 1e15 && f->loss_value > -1e15)
		return fp_out("step=%lu; loss=%.2f\n", f->step, f->loss_value);
	return fp_out("step=%lu; loss=%s\n", f->step, fp_fmt(b, sizeof b, f->loss_value, 6));
}

/* --save FILE: the session as the run left it. */
static int batch_save(const struct config *cfg, const struct fit *f)
{
	char err[FP_ERRLEN];
	struct session s;
	if (!cfg->output.save_path)
		return FP_OK;
	int edited = cfg->session && cfg->session->edited;
	int rc = session_capture(&s, cfg, f->data, f, edited, err);
	if (rc == FP_OK) {
		rc = session_save(&s, cfg->output.save_path, err);
		session_free(&s);
	}
	if (rc)
		fprintf(stderr, "fitplay: %s\n", err);
	return rc;
}

/* --print-command: the command that sets this state up, one line. */
static int batch_command(const struct config *cfg, const struct fit *f)
{
	size_t need = session_command(cfg, f->data, f, cfg->explorer.show, "fitplay", NULL, 0);
	char *b = fp_malloc(need + 1);
	if (!b)
		return FP_EFAIL;
	session_command(cfg, f->data, f, cfg->explorer.show, "fitplay", b, need + 1);
	fp_out("%s\n", b);
	fp_free(b);
	if (cfg->session && cfg->session->edited)
		fprintf(stderr, "fitplay: note: the points were edited by hand: the command draws "
				"them afresh (the session file keeps them)\n");
	return fp_out_flush() == 0 ? FP_OK : FP_EFAIL;
}

/* On standard error, once per unit (told[k]): the units found dead, with the step
 * they died at. The table so far goes out first, so the two read in order. */
static int note_dead(const struct fit *f, unsigned char *told)
{
	char name[MODEL_NAME_LEN];
	const char *row = f->data->d > 1 ? "row" : "point";
	for (size_t k = 0; told && k < f->nunits; k++) {
		if (!f->dead[k] || told[k])
			continue;
		told[k] = 1;
		if (fp_out_flush() != 0)
			return FP_EFAIL;
		model_unit_name(f->model, &f->mcfg, k, name, sizeof name);
		if (f->died_at[k] == 0)
			fprintf(stderr, "fitplay: note: unit %s is dead from the start (step 0)",
				name);
		else
			fprintf(stderr, "fitplay: note: unit %s died at step %lu", name,
				f->died_at[k]);
		fprintf(stderr,
			": it is 0 on every %s, so its gradients are all 0 and descent cannot "
			"revive it (R in the explorer gives it a new random start)\n",
			row);
	}
	return FP_OK;
}

/* The steps after the first row: a row every cfg->output.every steps up to `last`,
 * the dead units as they die (told: once each), then what stopped or stalled it. */
static int batch_steps(const struct config *cfg, struct fit *f, int (*row)(const struct fit *),
		       unsigned long last, unsigned char *told)
{
	unsigned long every = cfg->output.every;
	unsigned long printed = f->step;
	if (note_dead(f, told) != 0)
		return FP_EFAIL;
	while (f->step < last) {
		unsigned long next = (f->step / every + 1) * every;
		if (next > last)
			next = last;
		size_t want = next - f->step;
		size_t got = fit_step(f, want);
		if (got < want)
			break; /* diverged */
		if (row(f) != 0 || note_dead(f, told) != 0)
			return FP_EFAIL;
		printed = f->step;
	}
	if (note_dead(f, told) != 0) /* one that died in the step that diverged */
		return FP_EFAIL;
	int rc = FP_OK;
	if (f->trend == FIT_TREND_DIVERGED) {
		if (printed != f->step && row(f) != 0) /* the last finite state */
			return FP_EFAIL;
		char msg[256];
		fit_trend_explain(f, msg, sizeof msg);
		if (fp_out_flush() != 0) /* the table before the message */
			return FP_EFAIL;
		fprintf(stderr, "fitplay: diverged at step %lu: %s\n", f->diverged_step, msg);
		rc = FP_EDIVERGED;
	}
	if (f->trend == FIT_TREND_NO_GRADIENT) { /* dead ReLU units: say so, exit 0 */
		char msg[256];
		fit_trend_explain(f, msg, sizeof msg);
		if (fp_out_flush() != 0)
			return FP_EFAIL;
		fprintf(stderr, "fitplay: note: %s\n", msg);
	}
	if (fp_out_flush() != 0)
		return FP_EFAIL; /* main says why */
	if (batch_save(cfg, f) != FP_OK)
		return rc ? rc : FP_EFAIL;
	if (cfg->output.export_path) {
		char err[FP_ERRLEN];
		int erc = export_write(f, cfg->output.export_path, err);
		if (erc) {
			fprintf(stderr, "fitplay: %s\n", err);
			return rc ? rc : FP_EFAIL;
		}
	}
	return rc;
}

int cli_batch(const struct config *cfg, struct fit *f)
{
	if (cfg->output.print_command)
		return batch_command(cfg, f);
	/* --export: a name that cannot work is refused before any work, not after. */
	int crc = cli_lab_export_check(cfg, f);
	if (crc)
		return crc;
	if (cfg->data.table_path && f->data->note)
		fprintf(stderr, "fitplay: %s: %s\n", f->data->source, f->data->note);
	if (cfg->data.table_path && f->data->dropped)
		fprintf(stderr,
			"fitplay: %s: %zu rows used, %zu dropped for a blank in a used column\n",
			f->data->source, f->data->n, f->data->dropped);
	if (cfg->output.solve)
		return cli_lab_solve(cfg, f);
	if (cfg->output.sweep_n)
		return cli_lab_sweep(cfg, f);
	if (cfg->output.info) { /* --export: the start, which --info describes */
		int irc = cli_lab_export(cfg, f, batch_info(cfg, f));
		return irc ? irc : batch_save(cfg, f);
	}
	int notebook = cfg->output.log == CONFIG_LOG_NOTEBOOK;
	/* The notebook prints the loss before update K for K = 0..steps-1. */
	/* A session continues from its step: --steps more. */
	size_t steps = cfg->output.steps;
	unsigned long last = f->step + (notebook ? (steps ? steps - 1 : 0) : steps);
	if (notebook && cfg->output.steps == 0)
		return FP_OK;
	if (!notebook)
		table_header(f);
	/* Every row is checked: the first failed write (a full disk, a reader that went
	 * away) ends the run at once, and main says why. */
	int (*row)(const struct fit *) = notebook ? notebook_row : table_row;
	if (row(f) != 0)
		return FP_EFAIL;
	unsigned char *told = f->nunits ? fp_calloc(f->nunits, 1) : NULL;
	int rc = batch_steps(cfg, f, row, last, told);
	fp_free(told);
	return rc;
}
