/* SPDX-License-Identifier: GPL-3.0-or-later */
/* app.c: the explorer's state machine: keys from the table in layout-keys.c into
 * session changes (sliders, descent, rate, rule, loss, noise, model, units, views,
 * export), typed values, AUTO frames, the background closed forms; its rooms are
 * app-lab.c (the rate gauge, Levenberg-Marquardt, the sweep, replay, ghosts) and
 * app-points.c (point editing and the mouse), sharing app-int.h. No curses: the
 * terminal loop and the headless key scripts both drive it. */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "export.h"
#include "lesson.h"
#include "preset.h"
#include "solve.h"
#include "app-int.h"
#include "record.h"
#include "setup.h"
#include "sixel.h"
#include "util.h"
#include "view.h"

void app_say_role(struct app *a, int role, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(a->v.msg, sizeof a->v.msg, fmt, ap);
	va_end(ap);
	a->v.msg_role = role;
}

static void app_start(struct app *a);
static void axes_keep(struct app *a);

/* A step for a slider range: 0.1 (the notebook's), scaled to keep 10..1000 steps. */
static double range_step(double lo, double hi)
{
	double s = 0.1;
	while (s > 1e-9 && (hi - lo) / s < 10)
		s /= 10;
	while ((hi - lo) / s > 1000)
		s *= 10;
	return s;
}

/* Slider ranges for the current session: the notebook's rule around the start
 * values, then --range. */
static int sliders_make(struct app *a, char *err)
{
	struct fit *f = a->f;
	struct slider *sl = fp_calloc(f->np ? f->np : 1, sizeof *sl);
	if (!sl)
		return fp_err(err, FP_EFAIL, "out of memory");
	for (size_t i = 0; i < f->np; i++)
		layout_slider_default(f->theta0[i], &sl[i]);
	if (f->data->d > 1) /* a table: starts near zero */
		layout_table_sliders(f, sl);
	for (size_t r = 0; r < a->cfg->explorer.nranges; r++) {
		const char *spec = a->cfg->explorer.ranges[r];
		const char *eq = strchr(spec, '=');
		const char *nums = eq ? eq + 1 : spec;
		double v[2];
		if (fp_parse_list(nums, v, 2) != 2 || !(v[0] < v[1])) {
			fp_free(sl);
			return fp_err(err, FP_EINPUT,
				      "--range '%s': expected [NAME=]LO,HI with LO below HI", spec);
		}
		int found = 0;
		for (size_t i = 0; i < f->np; i++) {
			char name[MODEL_NAME_LEN];
			f->model->param_name(&f->mcfg, i, name, sizeof name);
			if (eq && (strlen(name) != (size_t)(eq - spec) ||
				   strncmp(name, spec, (size_t)(eq - spec)) != 0))
				continue;
			sl[i].lo = v[0];
			sl[i].hi = v[1];
			sl[i].step = range_step(v[0], v[1]);
			found = 1;
		}
		if (!found && eq) {
			/* A name from another model (m cycles models): not an error then. */
			if (a->sl) {
				continue;
			}
			fp_free(sl);
			return fp_err(err, FP_EINPUT,
				      "--range '%s': the model has no coefficient '%.*s'", spec,
				      (int)(eq - spec), spec);
		}
	}
	fp_free(a->sl);
	a->sl = sl;
	a->v.sl = sl;
	a->v.nsl = f->np;
	return FP_OK;
}

int app_init(struct app *a, struct config *cfg, struct data *data, struct fit *f, int utf8,
	     char *err)
{
	memset(a, 0, sizeof *a);
	a->cfg = cfg;
	a->data = data;
	a->f = f;
	a->mouse = !cfg->explorer.no_mouse;
	layout_view_init(&a->v, utf8 && !cfg->explorer.ascii);
	a->v.pt_sel = data->n / 2; /* point editing starts in the middle */
	a->v.console_on = cfg->explorer.console;
	a->v.data_note = fp_basename(data->source);
	a->land = lab_landscape_alloc(); /* NULL: the view says so */
	a->v.land = a->land;
	a->v.land_refit = 1;
	a->v.ghost = a->ghost;
	int rc = sliders_make(a, err);
	if (rc)
		return rc;
	layout_view_fit(&a->v, f, cfg->explorer.view_lo, cfg->explorer.view_hi);
	app_start(a);
	if (data->note)
		app_say_role(a, RR_WARN, "%s", data->note);
	if (cfg->explorer.show) {
		const struct view_type *t = view_find(cfg->explorer.show);
		if (!t || !t->applies(f)) {
			char names[256];
			size_t n = 0;
			names[0] = 0;
			for (size_t i = 0; view_types[i] && n < sizeof names; i++)
				if (view_types[i]->applies(f))
					n += (size_t)snprintf(names + n, sizeof names - n, "%s%s",
							      n ? ", " : "", view_types[i]->name);
			return fp_err(err, FP_EINPUT,
				      "--show %s: that view does not apply to this data and model "
				      "(here: %s)",
				      cfg->explorer.show, names);
		}
		view_set(&a->v, f, t);
	}
	app_session_restore(a);
	return FP_OK;
}

void app_ghost_free(struct layout_ghost *g)
{
	fp_free(g->theta);
	fp_free(g->tr);
	fp_free(g->hist);
	memset(g, 0, sizeof *g);
}

/* Drop the sweep's rate under way, if any. */
void app_sweep_run_drop(struct app *a)
{
	if (a->sweep_fit_on)
		fit_done(&a->sweep_fit);
	a->sweep_fit_on = 0;
}

void app_done(struct app *a)
{
	app_export_cancel(a);
	app_sweep_run_drop(a);
	fp_free(a->sl);
	a->sl = NULL;
	lab_landscape_free(a->land);
	a->land = a->v.land = NULL;
	for (size_t k = 0; k < LAYOUT_GHOSTS; k++)
		app_ghost_free(&a->ghost[k]);
	fp_free(a->sweep);
	a->sweep = NULL;
	a->v.sweep = NULL;
	fp_free(a->lm_theta);
	a->lm_theta = NULL;
	a->v.lm_path = NULL;
	a->v.lm_n = 0;
	fp_free(a->lim_theta);
	a->lim_theta = NULL;
	fp_free(a->lim_vec);
	a->lim_vec = NULL;
	fp_free(a->rbuf);
	a->rbuf = NULL;
	fp_free(a->clip);
	a->clip = NULL;
	screen_free(&a->scr);
	layout_view_done(&a->v);
}

/* The data, model or loss changed: the landscape starts again, the gauge is
 * stale, work under way for the old session stops. */
void app_changed(struct app *a)
{
	a->v.land_epoch++;
	a->v.replay = 0;
	a->lim_state = 0;
	a->lm_active = 0;
	a->v.lm_n = 0;
	if (a->sweep_active) {
		a->sweep_active = 0;
		app_sweep_run_drop(a);
		fp_free(a->sweep);
		a->sweep = NULL;
		a->v.sweep = NULL;
		if (a->v.vt == &view_sweep)
			a->v.vt = NULL;
	}
}

/* Replace the session with nf (the old one is freed), reset the view for it. */
static void swap_fit(struct app *a, struct fit *nf)
{
	char err[FP_ERRLEN];
	fit_done(a->f);
	*a->f = *nf;
	a->v.sel = 0;
	a->v.autorun = 0;
	app_changed(a);
	a->v.land_refit = 1;
	if (sliders_make(a, err) != FP_OK)
		app_say_role(a, RR_BAD, "%s", err);
	layout_view_fit(&a->v, a->f, a->cfg->explorer.view_lo, a->cfg->explorer.view_hi);
	axes_keep(a);
}

void app_set_coef(struct app *a, size_t i, double val)
{
	char err[FP_ERRLEN], name[MODEL_NAME_LEN];
	struct fit *f = a->f;
	double *t = f->work; /* fit_set_theta uses work + np only */
	memcpy(t, f->theta, f->np * sizeof *t);
	t[i] = val;
	if (fit_set_theta(f, t, err) != FP_OK) {
		f->model->param_name(&f->mcfg, i, name, sizeof name);
		app_say_role(a, RR_BAD, "%s: %s", name, err);
	}
}

void app_slider_move(struct app *a, int steps)
{
	struct fit *f = a->f;
	size_t i = a->v.sel;
	if (i >= f->np)
		return;
	a->v.autorun = 0;
	const struct slider *s = &a->sl[i];
	double old = f->theta[i];
	double val = old + steps * s->step;
	val = floor(val / s->step + 0.5) * s->step; /* onto the step grid */
	if (fabs(val) < s->step * 1e-6)
		val = 0;
	if (old >= s->lo && old <= s->hi) {
		if (val < s->lo)
			val = s->lo;
		if (val > s->hi)
			val = s->hi;
	}
	if (val == old && ((steps > 0 && old >= s->hi) || (steps < 0 && old <= s->lo))) {
		char name[MODEL_NAME_LEN];
		f->model->param_name(&f->mcfg, i, name, sizeof name);
		app_say_role(a, RR_WARN, "%s is at the end of its slider; Enter types any value",
			     name);
		return;
	}
	app_set_coef(a, i, val);
}

/* The noise ladder: factors of the target's own noise (its default, or --noise). */
static const double noise_factor[] = {0, 0.125, 0.25, 0.5, 1, 2, 4};
#define NOISE_LEVELS  (sizeof noise_factor / sizeof noise_factor[0])
#define NOISE_DEFAULT 4 /* the factor 1 */

/* The plot's note on generated data, its noise level and the target unless the
 * lesson's quadratic: "noise 0.3,1.5", "sine, noise 0,0.15" (v.data_note). */
void app_noise_note(struct app *a)
{
	char m[32], d[32];
	if (a->cfg->data.path || !a->data->has_truth)
		return;
	enum data_target t = a->cfg->data.gen.target;
	snprintf(a->v.data_note_buf, sizeof a->v.data_note_buf, "%s%snoise %s,%s",
		 t == DATA_TARGET_QUAD ? "" : data_target_name(t),
		 t == DATA_TARGET_QUAD ? "" : ", ", fp_fmt(m, sizeof m, a->cfg->data.gen.mult, 3),
		 fp_fmt(d, sizeof d, a->cfg->data.gen.add, 3));
	a->v.data_note = a->v.data_note_buf;
}

/* The axes the session starts with (r restores them): kept whenever the session or
 * its data makes the app re-fit them. */
static void axes_keep(struct app *a)
{
	a->v.ax0[0] = a->v.xlo;
	a->v.ax0[1] = a->v.xhi;
	a->v.ax0[2] = a->v.ylo;
	a->v.ax0[3] = a->v.yhi;
	a->v.ax0_set = 1;
}

/* At the start: the preset's own y range (the ReLU cells: y from -1 to 4, as the
 * notebook draws them) while its model and generated data are on; the noise the
 * ladder scales; the axes r restores. */
static void app_start(struct app *a)
{
	const struct preset *p = preset_find(a->cfg->data.preset);
	if (p && p->view_ylo < p->view_yhi && !a->cfg->data.path && !a->cfg->data.table_path &&
	    a->data->d == 1 && strcmp(p->model, a->f->model->name) == 0) {
		a->v.ylo = p->view_ylo;
		a->v.yhi = p->view_yhi;
	}
	a->v.noise_base[0] = a->cfg->data.gen.mult;
	a->v.noise_base[1] = a->cfg->data.gen.add;
	a->v.noise_k = NOISE_DEFAULT;
	app_noise_note(a);
	axes_keep(a);
}

/* New data from the generation recipe in cfg->data.gen (same n). */
static int regenerate(struct app *a)
{
	char err[FP_ERRLEN];
	struct data nd;
	memset(&nd, 0, sizeof nd);
	if (data_gen(&a->cfg->data.gen, &nd, err) != FP_OK ||
	    setup_valid(a->cfg, &nd, err) != FP_OK) { /* --valid: the same points held back */
		data_free(&nd);
		app_say_role(a, RR_BAD, "%s", err);
		return -1;
	}
	if (nd.d != a->data->d) { /* n may differ: points added or deleted by hand */
		data_free(&nd);
		app_say_role(a, RR_BAD, "new data has a different size");
		return -1;
	}
	data_free(a->data);
	*a->data = nd;
	a->v.data_note = fp_basename(a->data->source);
	app_noise_note(a);
	app_changed(a);
	if (fit_data_changed(a->f, err) != FP_OK) {
		app_say_role(a, RR_BAD, "%s", err);
		return -1;
	}
	a->v.autorun = 0;
	return 0;
}

static void next_model(struct app *a)
{
	char err[FP_ERRLEN], spec[64];
	size_t cur = 0, n = 0;
	while (model_types[n])
		n++;
	for (size_t i = 0; i < n; i++)
		if (model_types[i] == a->f->model)
			cur = i;
	for (size_t k = 1; k <= n; k++) {
		const struct model_type *t = model_types[(cur + k) % n];
		if (a->data->d < t->min_d || a->data->d > t->max_d)
			continue;
		/* a model for tables (linear, nnet): nothing it means on one input */
		if (a->data->d == 1 && t->max_d > 1)
			continue;
		if (t == a->f->model)
			break;
		struct config c = *a->cfg;
		snprintf(c.model.spec, sizeof c.model.spec, "%s", t->name);
		c.model.init = NULL;
		c.model.ninit = 0;
		c.model.loss = a->f->loss;
		c.descent.lr = a->f->lr;
		c.descent.accumulate = a->f->accumulate;
		c.descent.optim = a->f->optim ? a->f->optim->name : "gd";
		struct fit nf;
		memset(&nf, 0, sizeof nf);
		if (setup_fit(&c, a->data, &nf, err) != FP_OK)
			continue;
		swap_fit(a, &nf);
		model_spec(t, &a->f->mcfg, spec, sizeof spec);
		app_say_role(a, RR_GOOD, "model %s: %zu coefficients", spec, a->f->np);
		return;
	}
	app_say_role(a, RR_WARN, "no other model fits this data");
}

static void change_units(struct app *a, int add)
{
	char err[FP_ERRLEN];
	struct fit *f = a->f;
	if (add ? !f->model->add_unit : !f->model->remove_unit) {
		app_say_role(a, RR_WARN,
			     "model %s has a fixed number of units (m: next model, relus:K adds)",
			     f->model->name);
		return;
	}
	struct model_cfg mc = f->mcfg;
	long unit = 0;
	if (add) {
		mc.k = f->mcfg.k + 1;
	} else {
		unit = f->model->param_unit ? f->model->param_unit(&f->mcfg, a->v.sel) : -1;
		if (unit < 0) {
			app_say_role(a, RR_WARN, "select a coefficient of the unit to remove");
			return;
		}
		mc.k = f->mcfg.k - 1;
	}
	if (mc.k < 1 || mc.k > MODEL_MAX_UNITS) {
		app_say_role(a, RR_WARN, "%s: %zu unit%s is the limit", f->model->name, f->mcfg.k,
			     f->mcfg.k == 1 ? "" : "s");
		return;
	}
	size_t np = f->model->nparams(&mc);
	double *out = fp_calloc(np, sizeof *out);
	if (!out) {
		app_say_role(a, RR_BAD, "out of memory");
		return;
	}
	int rc = add ? f->model->add_unit(&f->mcfg, f->theta, out)
		     : f->model->remove_unit(&f->mcfg, f->theta, (size_t)unit, out);
	if (rc != 0) {
		fp_free(out);
		app_say_role(a, RR_WARN, "cannot %s a unit here", add ? "add" : "remove");
		return;
	}
	struct fit nf;
	memset(&nf, 0, sizeof nf);
	rc = fit_init(&nf, a->data, f->model, &mc, f->loss, f->optim, f->lr, out, err);
	fp_free(out);
	if (rc != FP_OK) {
		app_say_role(a, RR_BAD, "%s", err);
		return;
	}
	nf.accumulate = f->accumulate;
	size_t sel = a->v.sel;
	struct view keep = a->v;
	swap_fit(a, &nf);
	/* keep the axes: the curve did not jump */
	a->v.xlo = keep.xlo;
	a->v.xhi = keep.xhi;
	a->v.ylo = keep.ylo;
	a->v.yhi = keep.yhi;
	a->v.sel = add ? a->f->np - 1 : (sel < a->f->np ? sel : a->f->np - 1);
	if (add && a->f->model->param_unit) {
		/* select the first coefficient of the new unit */
		for (size_t i = 0; i < a->f->np; i++)
			if (a->f->model->param_unit(&a->f->mcfg, i) == (long)a->f->mcfg.k - 1) {
				a->v.sel = i;
				break;
			}
	}
	app_say_role(a, RR_GOOD, "%zu unit%s", a->f->mcfg.k, a->f->mcfg.k == 1 ? "" : "s");
}

#define APP_EXPORT_GRACE 1.0 /* seconds a cancelled export has to clean up */

/* The status line while an export runs in its child. */
static void export_say_running(struct app *a)
{
	const char *dots = a->v.utf8 ? "…" : "...";
	if (a->quit_wait)
		app_say_role(a, 0,
			     "waiting for the export of %s to end%s (q again: quit without it)",
			     a->job.path, dots);
	else
		app_say_role(a, 0, "exporting %s%s", a->job.path, dots);
}

/* e, E: live, in a child (the status line says so at once, and again when it ends:
 * app_export_poll); in key scripts, before the next key. One export at a time. */
static void do_export(struct app *a, const char *path)
{
	char err[FP_ERRLEN], name[1024];
	if (a->job.pid) {
		app_say_role(a, RR_WARN, "export: %s is still being written; one export at a time",
			     a->job.path);
		return;
	}
	if (!path) {
		if (export_next_name(a->f, NULL, "png", name, sizeof name, err) != FP_OK) {
			app_say_role(a, RR_BAD, "export: %s", err);
			return;
		}
		path = name;
	}
	if (a->export_async) {
		if (export_job_start(&a->job, a->f, path, err) != FP_OK)
			app_say_role(a, RR_BAD, "export: %s", err);
		else
			export_say_running(a);
		return;
	}
	if (export_write(a->f, path, err) != FP_OK)
		app_say_role(a, RR_BAD, "export: %s", err);
	else
		app_say_role(a, RR_GOOD, "exported %s", path);
}

int app_exporting(const struct app *a)
{
	return a->job.pid != 0;
}

int app_export_poll(struct app *a)
{
	char err[FP_ERRLEN];
	int rc;
	double secs;
	if (!export_job_poll(&a->job, &rc, &secs, err))
		return 0;
	if (rc == FP_OK) {
		app_say_role(a, RR_GOOD, "exported %s (%.1f s)", a->job.path, secs);
		if (a->quit_wait)
			a->quit = 1;
	} else {
		/* a quit waiting for it stays here: the file the user waited for is not there */
		app_say_role(a, RR_BAD, "export: %s%s", err, a->quit_wait ? " (q quits)" : "");
	}
	a->quit_wait = 0;
	return 1;
}

void app_export_cancel(struct app *a)
{
	export_job_cancel(&a->job, APP_EXPORT_GRACE);
	a->quit_wait = 0;
}

/* q, F10: quit; during an export, first wait for it (a second q: quit without it). */
static void app_quit(struct app *a)
{
	if (!a->job.pid) {
		a->quit = 1;
	} else if (a->quit_wait) {
		app_export_cancel(a);
		a->quit = 1;
	} else {
		a->quit_wait = 1;
		export_say_running(a);
	}
}

static void start_prompt(struct app *a, enum app_prompt p, const char *q)
{
	a->prompt = p;
	snprintf(a->v.prompt, sizeof a->v.prompt, "%s", q);
	a->v.input[0] = 0;
	a->v.input_over = 0;
	a->v.autorun = 0;
}

/* A typed number into *val: 0, or -1 with why it is refused (never a part of it). */
static int typed_number(const char *in, double *val, const char **why)
{
	size_t n = strlen(in);
	int rc = csv_number(in, n, val);
	if (rc == CSV_NUM_OK)
		return 0;
	*why = csv_why_not_number(in, n);
	if (rc == CSV_NUM_BAD && strncmp(*why, "too long", 8) != 0)
		*why = "not a finite number";
	return -1;
}

static void finish_prompt(struct app *a)
{
	char err[FP_ERRLEN], name[MODEL_NAME_LEN], old[32];
	const char *in = a->v.input;
	double val;
	struct fit *f = a->f;
	enum app_prompt p = a->prompt;
	a->prompt = APP_PROMPT_NONE;
	a->v.prompt[0] = 0;
	if (a->v.input_over) {
		app_say_role(
		    a, RR_BAD, "%s typed is over %zu bytes, longer than fitplay takes: not used",
		    p == APP_PROMPT_EXPORT || p == APP_PROMPT_SAVE ? "the path" : "the value",
		    sizeof a->v.input - 1);
		return;
	}
	const char *why = "";
	if (p == APP_PROMPT_SAVE) {
		if (!in[0])
			app_say_role(a, RR_WARN, "save cancelled: no file name");
		else
			app_session_save(a, in);
		return;
	}
	if (p == APP_PROMPT_EXPORT) {
		if (!in[0])
			app_say_role(a, RR_WARN, "export cancelled: no file name");
		else
			do_export(a, in);
		return;
	}
	if (p == APP_PROMPT_VALUE) {
		f->model->param_name(&f->mcfg, a->v.sel, name, sizeof name);
		if (typed_number(in, &val, &why) != 0) {
			app_say_role(a, RR_BAD, "'%.40s%s' is %s; %s stays %s", in,
				     strlen(in) > 40 ? "..." : "", why, name,
				     fp_fmt(old, sizeof old, f->theta[a->v.sel], 6));
			return;
		}
		app_set_coef(a, a->v.sel, val);
		return;
	}
	if (p == APP_PROMPT_LR) {
		if (typed_number(in, &val, &why) != 0 || !(val > 0)) {
			app_say_role(
			    a, RR_BAD, "'%.40s%s' is %s%s; lr stays %s", in,
			    strlen(in) > 40 ? "..." : "", why[0] ? why : "not a finite number",
			    !why[0] || strcmp(why, "not a finite number") == 0 ? " > 0" : "",
			    fp_fmt(old, sizeof old, f->lr, 4));
			return;
		}
		if (fit_set_lr(f, val, err) != FP_OK)
			app_say_role(a, RR_BAD, "%s", err);
	}
}

static void prompt_key(struct app *a, int key)
{
	size_t n = strlen(a->v.input);
	if (key == LK_ENTER || key == '\n') {
		finish_prompt(a);
	} else if (key == LK_ESC || key == LK_CTRL_C) {
		a->prompt = APP_PROMPT_NONE;
		a->v.prompt[0] = 0;
		app_say_role(a, 0, "cancelled");
	} else if (key == LK_BACKSPACE || key == 127 || key == 8 || key == LK_DELETE) {
		/* drop one UTF-8 character */
		while (n > 0 && ((unsigned char)a->v.input[n - 1] & 0xc0) == 0x80)
			n--;
		if (n > 0)
			n--;
		a->v.input[n] = 0;
	} else if (key >= 0x20 && key < 0x110000 && key != 0x7f) {
		char u[8];
		int k = raster_utf8((uint32_t)key, u);
		if (n + (size_t)k < sizeof a->v.input)
			memcpy(a->v.input + n, u, (size_t)k + 1);
		else /* never cut silently: Enter refuses it */
			a->v.input_over = 1;
	}
}

/* Where the ladder's stop stands against the exact limit, when there is one. */
static void lr_say_stop(struct app *a)
{
	char t[32], lim[32], pc[32];
	const struct fit *f = a->f;
	if (!f->has_limit)
		return;
	fp_fmt(t, sizeof t, f->lr, 4);
	fp_fmt(lim, sizeof lim, f->lr_limit, 4);
	fp_fmt(pc, sizeof pc, 100 * f->lr / f->lr_limit, 3);
	if (f->lr == fit_lr_above(f->lr_limit))
		app_say_role(
		    a, RR_WARN,
		    "lr %s = %s%% of the limit %s: just above it, each step overshoots the "
		    "valley a little more",
		    t, pc, lim);
	else if (f->lr > f->lr_limit)
		app_say_role(a, RR_WARN,
			     "lr %s = %s%% of the limit %s: descent will overshoot and diverge", t,
			     pc, lim);
}

static void lr_move(struct app *a, int dir)
{
	char err[FP_ERRLEN];
	struct fit *f = a->f;
	double lr = fit_lr_ladder_limit(f->lr, dir, f->has_limit ? f->lr_limit : 0);
	if (fit_set_lr(f, lr, err) != FP_OK) {
		app_say_role(a, RR_BAD, "%s", err);
		return;
	}
	lr_say_stop(a);
}

/* r: the axes the session started with, in every view (the landscape chooses its
 * ranges again, around the start). */
static void axes_restore(struct app *a)
{
	if (a->v.ax0_set) {
		a->v.xlo = a->v.ax0[0];
		a->v.xhi = a->v.ax0[1];
		a->v.ylo = a->v.ax0[2];
		a->v.yhi = a->v.ax0[3];
	}
	a->v.land_refit = 1;
	a->v.slope.refit = 1;
}

/* z: re-fit the axes of the view on screen only: the landscape's ranges, or the
 * plot's (fit, units, a table's predictions); the history and the sweep fit
 * theirs at every frame. */
static void refit_current(struct app *a)
{
	const struct view_type *t = view_current(&a->v, a->f);
	if (t == &view_landscape)
		a->v.land_refit = 1;
	else if (t == &view_slope)
		a->v.slope.refit = 1;
	else if (t == &view_fit || t == &view_units || t == &view_predictions)
		layout_view_fit(&a->v, a->f, a->cfg->explorer.view_lo, a->cfg->explorer.view_hi);
	else
		app_say_role(a, 0, "this view fits its axes by itself");
}

/* A new target: the plot's x range as z makes it, its y range the data's (the
 * curve at its old coefficients may be far off: the target's shape shows). */
static void axes_data(struct app *a)
{
	const struct data *d = a->data;
	layout_view_fit(&a->v, a->f, a->cfg->explorer.view_lo, a->cfg->explorer.view_hi);
	double lo = INFINITY, hi = -INFINITY;
	for (size_t i = 0; i < d->n; i++)
		if (isfinite(d->y[i])) {
			lo = fmin(lo, d->y[i]);
			hi = fmax(hi, d->y[i]);
		}
	if (!(lo <= hi) || d->d != 1)
		return;
	double m = (hi - lo) * 0.06;
	lo -= m;
	hi += m;
	raster_fix_range(&lo, &hi);
	a->v.ylo = lo;
	a->v.yhi = hi;
}

/* New data (n, { }): the plot's axes fit it, and r brings these back. */
static void axes_new_data(struct app *a)
{
	layout_view_fit(&a->v, a->f, a->cfg->explorer.view_lo, a->cfg->explorer.view_hi);
	a->v.land_refit = 1;
	axes_keep(a);
}

/* t: the new target's own point count and noise (data_gen_target_defaults), the
 * noise ladder back at its middle. */
static void target_defaults(struct app *a)
{
	data_gen_target_defaults(a->cfg->data.gen.target, &a->cfg->data.gen);
	a->v.noise_base[0] = a->cfg->data.gen.mult;
	a->v.noise_base[1] = a->cfg->data.gen.add;
	a->v.noise_k = NOISE_DEFAULT;
}

/* n descent steps of the session, the last CONSOLE_CAP of them one at a time so that
 * the console records each (O(1) a step, formatted only when drawn): the console
 * keeps up with AUTO at any pace. Returns the steps applied (fit_step's count). */
static size_t app_steps(struct app *a, size_t n)
{
	struct fit *f = a->f;
	size_t done = 0;
	if (n > CONSOLE_CAP) {
		done = fit_step(f, n - CONSOLE_CAP);
		if (done < n - CONSOLE_CAP)
			return done; /* diverged */
	}
	while (done < n) {
		double val, g;
		size_t sel = a->v.sel;
		console_before(f, sel, &val, &g);
		if (fit_step(f, 1) != 1)
			break;
		console_record(&a->v.con, f, sel, val, g);
		done++;
	}
	return done;
}

/* C: the notebook's console strip on / off. */
static void act_console(struct app *a, int key)
{
	a->v.console_on = !a->v.console_on;
	app_say_role(a, 0, "console %s",
		     a->v.console_on ? "on: each step as the notebook prints it, and the selected "
				       "coefficient's update"
				     : "off");
}

/* I: the plot in real pixels, drawn by gnuplot as a sixel image over the plot area
 * by the ui after this frame (a->pixels_req), until the next key; where the
 * terminal cannot show one, why not and how. AUTO stops: the picture stands still. */
static void act_pixels(struct app *a, int key)
{
	if (!a->pixels_ok) {
		app_say_role(a, RR_WARN, "real pixels: %s; sixel terminals: %s",
			     a->pixels_why[0] ? a->pixels_why
					      : "no terminal here (a key script with --dump)",
			     SIXEL_HOWTO);
		return;
	}
	a->v.autorun = 0;
	a->pixels_req = 1;
	app_say_role(a, 0, "drawing the plot in pixels (gnuplot sixelgd)%s",
		     a->v.utf8 ? "…" : "...");
}

/* ---- the actions: one handler each, found by the action (app_actions[]) ---- */

static void act_none(struct app *a, int key)
{
	char t[64];
	app_say_role(a, 0, "key %s does nothing here (? shows the keys)",
		     layout_key_name(key, t, sizeof t));
}

static void act_sel(struct app *a, int key)
{
	size_t np = a->f->np;
	if (!np)
		return;
	if (layout_key_action(key) == UA_SEL_PREV)
		a->v.sel = a->v.sel ? a->v.sel - 1 : np - 1;
	else
		a->v.sel = a->v.sel + 1 < np ? a->v.sel + 1 : 0;
}

static void act_slider(struct app *a, int key)
{
	switch (layout_key_action(key)) {
	case UA_DEC:
		app_slider_move(a, -1);
		break;
	case UA_INC:
		app_slider_move(a, 1);
		break;
	case UA_DEC10:
		app_slider_move(a, -10);
		break;
	default:
		app_slider_move(a, 10);
		break;
	}
}

static void act_type(struct app *a, int key)
{
	char name[MODEL_NAME_LEN], q[96];
	a->f->model->param_name(&a->f->mcfg, a->v.sel, name, sizeof name);
	snprintf(q, sizeof q, "%s =", name);
	start_prompt(a, APP_PROMPT_VALUE, q);
}

static void act_step(struct app *a, int key)
{
	a->v.autorun = 0;
	if (a->f->trend == FIT_TREND_DIVERGED)
		return; /* the status line says what to do */
	app_steps(a, 1);
}

static void act_auto(struct app *a, int key)
{
	if (a->v.autorun) {
		a->v.autorun = 0;
	} else if (a->f->trend != FIT_TREND_DIVERGED) {
		a->v.autorun = 1;
		a->frame = 0;
	}
}

static void act_pace(struct app *a, int key)
{
	char t[64];
	a->v.pace = layout_pace_next(a->v.pace, layout_key_action(key) == UA_FASTER ? 1 : -1);
	app_say_role(a, 0, "AUTO pace %s", layout_pace_text(a->v.pace, t, sizeof t));
}

static void act_lr(struct app *a, int key)
{
	lr_move(a, layout_key_action(key) == UA_LR_UP ? 1 : -1);
}

static void act_lr_type(struct app *a, int key)
{
	start_prompt(a, APP_PROMPT_LR, "learning rate =");
}

static void act_rule(struct app *a, int key)
{
	struct fit *f = a->f;
	fit_set_accumulate(f, !f->accumulate);
	app_say_role(a, f->accumulate ? RR_WARN : RR_GOOD, "%s",
		     f->accumulate ? "the notebook's rule: gradients are never zeroed, they add up"
				   : "correct descent: each step uses the current gradient");
}

static void act_loss(struct app *a, int key)
{
	char err[FP_ERRLEN];
	struct fit *f = a->f;
	if (fit_set_loss(f, f->loss == LOSS_MSE ? LOSS_MAE : LOSS_MSE, err) != FP_OK)
		app_say_role(a, RR_BAD, "%s", err);
	else
		app_say_role(a, 0, "loss %s", loss_label(f->loss));
	app_changed(a);
	a->v.autorun = 0;
}

static void act_optim(struct app *a, int key)
{
	struct fit *f = a->f;
	size_t i = 0, n = 0;
	while (optim_types[n])
		n++;
	for (size_t k = 0; k < n; k++)
		if (optim_types[k] == f->optim)
			i = k;
	fit_set_optim(f, optim_types[(i + 1) % n]);
	app_say_role(a, 0, "optimizer %s (%s)", f->optim->name, f->optim->label);
}

static void act_reset(struct app *a, int key)
{
	a->v.autorun = 0;
	a->v.lm_n = 0;
	fit_reset(a->f);
	axes_restore(a);
	app_say_role(a, 0, "coefficients back to their start, step 0");
}

static void act_noise(struct app *a, int key)
{
	if (a->cfg->data.path) {
		app_say_role(a, RR_WARN, "the data comes from %s: no noise to draw",
			     a->cfg->data.path);
		return;
	}
	a->cfg->data.gen.seed = (a->cfg->data.gen.seed + 1) & 0xffffffffUL;
	a->cfg->data.gen.skip = 0;
	if (regenerate(a) == 0) {
		axes_new_data(a);
		app_say_role(a, 0, "new noise: seed %lu", a->cfg->data.gen.seed);
	}
}

/* { }: less / more noise on the generated data, along noise_factor[] times the
 * target's own noise, down to none; the same draws (seed), so the points move
 * towards the curve or away from it. */
static void act_noise_level(struct app *a, int key)
{
	struct data_gen_cfg *g = &a->cfg->data.gen;
	if (a->cfg->data.path || !a->data->has_truth) {
		app_say_role(a, RR_WARN, "the data is not generated: no noise to change");
		return;
	}
	int k = a->v.noise_k, up = layout_key_action(key) == UA_NOISE_UP;
	if ((up && k + 1 >= (int)NOISE_LEVELS) || (!up && k == 0)) {
		app_say_role(a, RR_WARN, "noise %s", up ? "is at its largest" : "is already zero");
		return;
	}
	k += up ? 1 : -1;
	double mult = g->mult, add = g->add;
	g->mult = a->v.noise_base[0] * noise_factor[k];
	g->add = a->v.noise_base[1] * noise_factor[k];
	if (regenerate(a) != 0) {
		g->mult = mult;
		g->add = add;
		return;
	}
	a->v.noise_k = k;
	app_noise_note(a);
	axes_new_data(a);
	char m[32], d[32];
	app_say_role(a, 0, "noise %s,%s (multiplicative, additive)%s",
		     fp_fmt(m, sizeof m, g->mult, 3), fp_fmt(d, sizeof d, g->add, 3),
		     k == 0 ? ": the points lie on the true function" : "");
}

static void act_target(struct app *a, int key)
{
	if (a->cfg->data.path) {
		app_say_role(a, RR_WARN, "the data comes from %s: no target to change",
			     a->cfg->data.path);
		return;
	}
	a->cfg->data.gen.target =
	    (enum data_target)((a->cfg->data.gen.target + 1) % DATA_TARGET_COUNT);
	target_defaults(a);
	if (regenerate(a) == 0) {
		axes_data(a);
		axes_keep(a);
		app_say_role(a, 0, "target %s", data_target_name(a->cfg->data.gen.target));
	}
}

static void act_model(struct app *a, int key)
{
	next_model(a);
}

static void act_units(struct app *a, int key)
{
	change_units(a, layout_key_action(key) == UA_ADD_UNIT);
}

/* R: new random starts for the dead units only, seeded by --seed and the count of
 * earlier revivals (the same keys give the same starts). */
static void act_revive(struct app *a, int key)
{
	struct fit *f = a->f;
	char err[FP_ERRLEN], names[200];
	if (!f->nunits) {
		app_say_role(a, RR_WARN, "R revives dead ReLU units: model %s has none",
			     f->model->name);
		return;
	}
	if (!f->ndead) {
		app_say_role(a, 0,
			     "no dead unit: every ReLU is on for some %s, descent trains them all",
			     f->data->d > 1 ? "rows" : "points");
		return;
	}
	fit_dead_list(f, names, sizeof names);
	unsigned long seed = f->mcfg.seed + 7919 * (a->revives + 1);
	long n = fit_revive(f, seed, err);
	if (n < 0) {
		app_say_role(a, RR_BAD, "%s", err);
		return;
	}
	if (n == 0) {
		app_say_role(a, RR_WARN, "no random start puts %s on any %s: they stay dead", names,
			     f->data->d > 1 ? "row" : "point");
		return;
	}
	a->revives++;
	app_changed(a);
	app_say_role(a, RR_GOOD,
		     "R: new random start for %s (draw %lu from seed %lu), on for at least half "
		     "the %s: descent trains %s again",
		     names, a->revives, f->mcfg.seed, f->data->d > 1 ? "rows" : "points",
		     n == 1 ? "it" : "them");
}

static void act_view(struct app *a, int key)
{
	view_set(&a->v, a->f, view_next(&a->v, a->f));
	app_say_role(a, 0, "view: %s", a->v.vt->said);
}

static void act_pair(struct app *a, int key)
{
	char pn[MODEL_NAME_LEN], qn[MODEL_NAME_LEN];
	struct fit *f = a->f;
	if (f->np < 2) {
		app_say_role(a, RR_WARN, "a landscape needs two coefficients");
		return;
	}
	if (view_current(&a->v, f) == &view_landscape)
		lab_landscape_next_pair(f->np, &a->v.land_p, &a->v.land_q);
	view_set(&a->v, f, &view_landscape);
	if (a->v.land_p >= f->np || a->v.land_q >= f->np || a->v.land_p == a->v.land_q) {
		a->v.land_p = 0;
		a->v.land_q = 1;
	}
	f->model->param_name(&f->mcfg, a->v.land_p, pn, sizeof pn);
	f->model->param_name(&f->mcfg, a->v.land_q, qn, sizeof qn);
	app_say_role(a, 0, "landscape over %s (across) and %s (up)", pn, qn);
}

static void act_solve(struct app *a, int key)
{
	app_solve_start(a);
}

static void act_sweep(struct app *a, int key)
{
	app_sweep_start(a);
}

static void act_scrub(struct app *a, int key)
{
	app_scrub(a, layout_key_action(key) == UA_SCRUB_FWD ? 1 : -1);
}

static void act_ghost(struct app *a, int key)
{
	app_ghost_keep(a);
}

static void act_guides(struct app *a, int key)
{
	const struct fit *f = a->f;
	a->v.guides = !a->v.guides;
	if (a->v.guides && !f->data->has_truth && !f->has_best)
		app_say_role(a, RR_WARN,
			     "no guides here: the data has no known true function, the model no "
			     "closed-form fit");
	else
		app_say_role(a, 0, "guides %s%s", a->v.guides ? "on: faint, " : "off",
			     !a->v.guides ? ""
			     : f->data->has_truth && f->has_best
				 ? "the true function and the least-squares fit"
			     : f->data->has_truth ? "the true function"
						  : "the least-squares fit");
	if (a->v.vt != &view_units)
		a->v.vt = &view_fit;
}

static void act_residuals(struct app *a, int key)
{
	a->v.residuals = !a->v.residuals;
	app_say_role(a, 0, "residuals %s",
		     a->v.residuals ? "on: MSE averages their squares, MAE their lengths" : "off");
	if (a->v.vt != &view_units)
		a->v.vt = &view_fit;
}

static void act_export(struct app *a, int key)
{
	do_export(a, NULL);
}

static void act_export_to(struct app *a, int key)
{
	char fm[64], q[sizeof a->v.prompt];
	snprintf(q, sizeof q, "export to (%s):", export_formats_text(fm, sizeof fm));
	start_prompt(a, APP_PROMPT_EXPORT, q);
}

static void act_save(struct app *a, int key)
{
	app_session_save(a, NULL);
}

static void act_save_as(struct app *a, int key)
{
	start_prompt(a, APP_PROMPT_SAVE, "save the session to (.fitplay):");
}

static void act_command(struct app *a, int key)
{
	app_session_command(a);
}

static void act_glyphs(struct app *a, int key)
{
	if (!a->v.utf8) {
		app_say_role(a, 0, "ASCII only (--ascii or not a UTF-8 locale)");
		return;
	}
	a->v.glyphs = (enum raster_glyphs)((a->v.glyphs + 1) % RASTER_GLYPHS_COUNT);
	app_say_role(a, 0, "curve glyphs: %s", raster_glyphs_name(a->v.glyphs));
}

static void act_refit(struct app *a, int key)
{
	refit_current(a);
}

static void act_help(struct app *a, int key)
{
	a->v.help = 1;
}

static void act_redraw(struct app *a, int key)
{
	a->repaint = 1;
}

static void act_quit(struct app *a, int key)
{
	app_quit(a);
}

/* What each action does: the dispatcher is a lookup in this table (a test checks
 * that every action of the key table has a handler). */
static void (*const app_actions[UA_COUNT])(struct app *, int key) = {
    [UA_NONE] = act_none,
    [UA_SEL_PREV] = act_sel,
    [UA_SEL_NEXT] = act_sel,
    [UA_DEC] = act_slider,
    [UA_INC] = act_slider,
    [UA_DEC10] = act_slider,
    [UA_INC10] = act_slider,
    [UA_TYPE] = act_type,
    [UA_STEP] = act_step,
    [UA_AUTO] = act_auto,
    [UA_FASTER] = act_pace,
    [UA_SLOWER] = act_pace,
    [UA_LR_DOWN] = act_lr,
    [UA_LR_UP] = act_lr,
    [UA_LR_TYPE] = act_lr_type,
    [UA_RULE] = act_rule,
    [UA_LOSS] = act_loss,
    [UA_OPTIM] = act_optim,
    [UA_RESET] = act_reset,
    [UA_NOISE] = act_noise,
    [UA_TARGET] = act_target,
    [UA_MODEL] = act_model,
    [UA_ADD_UNIT] = act_units,
    [UA_DEL_UNIT] = act_units,
    [UA_REVIVE] = act_revive,
    [UA_VIEW] = act_view,
    [UA_PAIR] = act_pair,
    [UA_SOLVE] = act_solve,
    [UA_SWEEP] = act_sweep,
    [UA_SCRUB_BACK] = act_scrub,
    [UA_SCRUB_FWD] = act_scrub,
    [UA_GHOST] = act_ghost,
    [UA_GUIDES] = act_guides,
    [UA_RESIDUALS] = act_residuals,
    [UA_EXPORT] = act_export,
    [UA_EXPORT_TO] = act_export_to,
    [UA_GLYPHS] = act_glyphs,
    [UA_REFIT] = act_refit,
    [UA_HELP] = act_help,
    [UA_REDRAW] = act_redraw,
    [UA_QUIT] = act_quit,
    [UA_CONSOLE] = act_console,
    [UA_NOISE_DOWN] = act_noise_level,
    [UA_NOISE_UP] = act_noise_level,
    [UA_POINTS] = app_act_points,
    [UA_SAVE] = act_save,
    [UA_SAVE_AS] = act_save_as,
    [UA_COMMAND] = act_command,
    [UA_PIXELS] = act_pixels,
};

int app_action_handled(enum layout_action act)
{
	return (unsigned)act < UA_COUNT && app_actions[act] != NULL;
}

/* A key while the help is up: `?` (or F1) turns its page when it has several; any
 * other key closes it (and q or F10 also quit). */
static void help_key(struct app *a, int key)
{
	if (key == '?' || key == LK_F1) {
		a->v.help++;
		return;
	}
	a->v.help = 0;
	if (key == 'q' || key == LK_F10)
		app_quit(a);
}

void app_key(struct app *a, int key)
{
	if (key == LK_RESIZE || key == LK_MOUSE)
		return;
	if (a->rec)
		record_key(a->rec, a, key, fp_now());
	if (a->pixels_shown) { /* the picture goes with the next key: paint it all over */
		a->pixels_shown = 0;
		a->repaint = 1;
	}
	if (a->prompt != APP_PROMPT_NONE) {
		prompt_key(a, key);
		return;
	}
	if (a->v.help) {
		help_key(a, key);
		return;
	}
	a->v.msg[0] = 0;
	if (a->lr && lesson_key(a, key)) /* a lesson's clicker keys, and its take-over */
		return;
	if (a->v.pt_mode && layout_point_action(key) != UP_NONE && a->data->d == 1) {
		a->v.replay = 0;
		app_point_key(a, layout_point_action(key));
		return;
	}
	enum layout_action act = layout_key_action(key);
	if (key == '\n')
		act = UA_TYPE;
	if (a->v.replay && act != UA_SCRUB_BACK && act != UA_SCRUB_FWD)
		a->v.replay = 0; /* any other key: back to the live run, then the key */
	if (a->lm_active) {
		a->lm_active = 0;
		app_say_role(a, RR_WARN, "solver stopped after %zu iterations", a->lm_iters);
	}
	const struct view_type *vt = view_current(&a->v, a->f);
	if (vt->key && vt->key(&a->v, a->f, key)) /* the view's own keys first */
		return;
	if (layout_table_key(&a->v, a->f, act)) /* tables: keys that mean nothing there */
		return;
	if (app_action_handled(act))
		app_actions[act](a, key);
}

int app_busy(const struct app *a)
{
	return a->v.autorun || a->lm_active || a->sweep_active || a->v.land_pending ||
	       a->lim_pending || a->f->closed_pending;
}

/* The closed forms of a big table come from the background: take them when there;
 * a table's slider ranges follow the least-squares answer. */
static int closed_poll(struct app *a)
{
	char err[FP_ERRLEN], v[32], rank[160];
	struct fit *f = a->f;
	int idle = f->closed_pending && !f->closed_job;
	if (!fit_closed_poll(f)) {
		if (idle && f->closed_job)
			app_say_role(a, RR_WARN, "least squares: computing%s (keys work meanwhile)",
				     a->v.utf8 ? "…" : "...");
		return idle;
	}
	a->lim_state = 0; /* the gauge: the exact limit now */
	if (a->data->d > 1 && sliders_make(a, err) != FP_OK)
		app_say_role(a, RR_BAD, "%s", err);
	else if (f->has_best) {
		fit_rank_text(f, rank, sizeof rank);
		app_say_role(a, rank[0] ? RR_WARN : RR_GOOD, "least squares: %s %s%s%s",
			     loss_label(f->loss), fp_fmt(v, sizeof v, f->best_loss, 6),
			     rank[0] ? "; " : "", rank);
	} else
		app_say_role(a, RR_WARN, "least squares: none (the closed forms failed)");
	return 1;
}

int app_tick(struct app *a)
{
	int redraw = a->v.land_pending || a->lim_pending || closed_poll(a);
	if (a->lm_active) {
		app_solve_chunk(a, app_solve_share(a->f));
		redraw = 1;
	}
	if (a->sweep_active) {
		app_sweep_chunk(a);
		redraw = 1;
	}
	if (!a->v.autorun)
		return redraw;
	unsigned long n = layout_pace_steps(a->v.pace, a->frame++);
	if (!n)
		return 0;
	size_t done = 0;
	if (a->budget > 0) {
		/* Live: in chunks, so that a heavy model at a fast pace keeps the keys alive. */
		double t0 = fp_now();
		while (done < n && a->f->trend != FIT_TREND_DIVERGED) {
			size_t k = n - done < 256 ? n - done : 256;
			done += app_steps(a, k);
			if (fp_now() - t0 > a->budget)
				break;
		}
	} else {
		done = app_steps(a, n);
	}
	if (a->f->trend == FIT_TREND_DIVERGED)
		a->v.autorun = 0;
	return redraw || done > 0 || !a->v.autorun;
}

int app_render(struct app *a, int w, int h)
{
	if (a->scr.w != w || a->scr.h != h)
		if (screen_resize(&a->scr, w, h) != FP_OK)
			return FP_EFAIL;
	app_gauge_update(a);
	if (a->job.pid && !a->v.msg[0]) {
		export_say_running(a); /* a key cleared it: the export still runs */
	} else if (a->job.pid && !strstr(a->v.msg, a->job.path)) {
		/* a key's own message: the export still shows after it */
		size_t n = strlen(a->v.msg);
		snprintf(a->v.msg + n, sizeof a->v.msg - n, "; exporting %s%s", a->job.path,
			 a->v.utf8 ? "…" : "...");
	}
	const struct fit *show = a->f;
	struct fit disp;
	unsigned long st;
	double loss;
	const double *th;
	size_t np = a->f->np;
	if (a->v.replay && fit_trace_get(a->f, a->v.replay - 1, &st, &loss, &th) == 0) {
		/* the run as it was at the snapshot: its coefficients, loss and gradient */
		if (2 * np > a->rbuf_cap) {
			double *b = fp_realloc(a->rbuf, 2 * np * sizeof *b);
			if (!b)
				return FP_EFAIL;
			a->rbuf = b;
			a->rbuf_cap = 2 * np;
		}
		memcpy(a->rbuf, th, np * sizeof *th);
		disp = *a->f;
		disp.theta = a->rbuf;
		disp.grad = a->rbuf + np;
		double l = model_loss_grad(a->f->model, &a->f->mcfg, a->rbuf, a->f->data,
					   a->f->loss, disp.grad);
		if (!fp_all_finite(disp.grad, np))
			memset(disp.grad, 0, np * sizeof *disp.grad);
		disp.loss_value = isfinite(l) ? l : loss;
		disp.valid_loss = fit_valid_loss_at(a->f, a->rbuf); /* --valid: there too */
		disp.step = st;
		disp.trend = FIT_TREND_NONE;
		disp.ndead = 0; /* found for the live run, not for the snapshot */
		show = &disp;
	} else {
		a->v.replay = 0;
	}
	return layout_draw(&a->scr, &a->v, show);
}

void app_say(struct app *a, const char *text)
{
	snprintf(a->v.caption, sizeof a->v.caption, "%s", text);
}

void app_note(struct app *a, const char *text)
{
	app_say_role(a, RR_TITLE, "%s", text);
}
