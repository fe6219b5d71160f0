/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cli-batch.c: the batch mode: a table of descent steps, the notebook's log lines,
 * or the session's closed forms as key: value lines; the table and --info as JSON
 * too (--json), from the same fields (src/cli-emit.c). Prints in the C locale. */
#include <stdio.h>
#include <string.h>

#include "cli-emit.h"
#include "cli.h"
#include "export.h"
#include "session.h"
#include "solve.h"
#include "table.h"
#include "util.h"

/* A model's coefficient names, for emit_strs. */
static void param_name(const void *ctx, size_t i, char *buf, size_t len)
{
	const struct fit *f = ctx;
	f->model->param_name(&f->mcfg, i, buf, len);
}

void cli_emit_names(struct emit *e, const char *key, const struct fit *f)
{
	emit_strs(e, key, f->np, param_name, f);
}

/* --info's fields, in order; then the closed forms (cli_lab_closed, cli_lab_info). */
/* The name of the i-th dead unit (for emit_strs). */
static void dead_name(const void *ctx, size_t i, char *buf, size_t len)
{
	const struct fit *f = ctx;
	buf[0] = 0;
	for (size_t k = 0; k < f->nunits; k++)
		if (f->dead[k] && i-- == 0) {
			model_unit_name(f->model, &f->mcfg, k, buf, len);
			return;
		}
}

static int batch_info(const struct config *cfg, struct fit *f)
{
	char b[256], spec[64];
	struct emit e;
	size_t np = f->np;
	emit_begin(&e, cfg->output.json, 1);
	model_spec(f->model, &f->mcfg, spec, sizeof spec);
	emit_size(&e, "n", f->data->n);
	if (fit_has_valid(f)) /* --valid: n is the training set's, these the held back */
		emit_size(&e, "valid_n", f->data->valid->n);
	emit_str(&e, "source", f->data->source);
	if (cfg->data.table_path) { /* a table: its inputs, the rows dropped for blanks */
		emit_size(&e, "inputs", f->data->d);
		emit_size(&e, "dropped", f->data->dropped);
	}
	emit_str(&e, "model", spec);
	f->model->formula(&f->mcfg, 0, b, sizeof b);
	emit_str(&e, "formula", b);
	cli_emit_names(&e, "names", f);
	emit_nums(&e, "params", f->theta, np);
	emit_str(&e, "loss_kind", loss_name(f->loss));
	emit_num(&e, "loss", f->loss_value);
	if (fit_has_valid(f))
		emit_num(&e, "valid_loss", f->valid_loss);
	if (cfg->data.table_path) /* the share predicted right at 0.5, as the lesson counts */
		emit_num(&e, "accuracy", table_accuracy(f->model, &f->mcfg, f->theta, f->data));
	if (cfg->data.table_path && fit_has_valid(f))
		emit_num(&e, "valid_accuracy",
			 table_accuracy(f->model, &f->mcfg, f->theta, f->data->valid));
	emit_nums(&e, "grad", f->grad, np);
	if (f->ndead) /* ReLU units 0 on every row: a list, or none (null in JSON) */
		emit_strs(&e, "dead_units", f->ndead, dead_name, f);
	else
		emit_none(&e, "dead_units", NULL);
	emit_num(&e, "lr", f->lr);
	if (emit_flush(&e) != 0) { /* before the closed forms (slow on big tables) */
		emit_abandon(&e);
		return FP_EFAIL;
	}
	int rc = cli_lab_closed(f, &e); /* lsq, lsq_loss, lsq_rank, hessian_eigs, lr_limit */
	if (rc) {
		emit_abandon(&e);
		return rc;
	}
	cli_lab_info(f, &e);
	return emit_end(&e);
}

/* One row of the table: step, loss, the coefficients, the gradient. */
static int table_row(struct emit *e, const struct fit *f)
{
	char pn[MODEL_NAME_LEN], dn[MODEL_NAME_LEN + 2];
	emit_row_begin(e);
	emit_size(e, "step", f->step);
	emit_num(e, "loss", f->loss_value);
	if (fit_has_valid(f))
		emit_num(e, "valid_loss", f->valid_loss);
	for (size_t i = 0; i < f->np; i++) {
		f->model->param_name(&f->mcfg, i, pn, sizeof pn);
		emit_num(e, pn, f->theta[i]);
	}
	for (size_t i = 0; i < f->np; i++) {
		f->model->param_name(&f->mcfg, i, pn, sizeof pn);
		snprintf(dn, sizeof dn, "d_%s", pn);
		emit_num(e, dn, f->grad[i]);
	}
	return emit_row_end(e);
}

static int notebook_row(struct emit *e, const struct fit *f)
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

/* The steps and their rows, up to step `last` (every --every-th, the first and the
 * last), the last finite state after a divergence; then what ended the run, on
 * stderr. FP_OK, FP_EDIVERGED, or FP_EFAIL when a write failed. */
static int batch_steps(const struct config *cfg, struct fit *f, struct emit *e,
		       int (*row)(struct emit *, const struct fit *), unsigned long last,
		       unsigned char *told)
{
	unsigned long every = cfg->output.every;
	unsigned long printed = (unsigned long)-1;
	if (row(e, f) != 0 || note_dead(f, told) != 0)
		return FP_EFAIL;
	printed = f->step;
	while (f->step < last) {
		unsigned long next = (f->step / every + 1) * every;
		if (next > last)
			next = last;
		size_t want = next - f->step;
		size_t got = fit_step(f, want);
		if (got < want)
			break; /* diverged */
		if (row(e, f) != 0 || note_dead(f, told) != 0)
			return FP_EFAIL;
		printed = f->step;
	}
	if (note_dead(f, told) != 0) /* one that died in the step that diverged */
		return FP_EFAIL;
	int rc = FP_OK;
	if (f->trend == FIT_TREND_DIVERGED) {
		if (printed != f->step && row(e, f) != 0) /* the last finite state */
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
	/* Every row is checked: the first failed write (a full disk, a reader that went
	 * away) ends the run at once, and main says why. */
	struct emit e; /* the table: text (the header before the first row) or JSON lines */
	emit_begin(&e, cfg->output.json, 0);
	unsigned char *told = f->nunits ? fp_calloc(f->nunits, 1) : NULL;
	int rc = batch_steps(cfg, f, &e, notebook ? notebook_row : table_row, last, told);
	fp_free(told);
	emit_abandon(&e);
	if (rc != FP_OK && rc != FP_EDIVERGED)
		return rc;
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
