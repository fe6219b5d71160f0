/* SPDX-License-Identifier: GPL-3.0-or-later */
/* app-session.c: the explorer's session keys: S saves the whole state to
 * fitplay-<model>-step<K>.fitplay, W to a name typed, Y shows the one-line command
 * that sets the state up (and hands it to src/ui.c for the terminal's clipboard); and
 * a session opened with the explorer gets its view back (selection, view, axes). */
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app-int.h"
#include "lesson.h"
#include "model.h"
#include "session.h"
#include "util.h"
#include "view.h"

static void restore_view(struct app *a, const struct session *s);
static void restore_ghosts(struct app *a, const struct session *s);

void app_session_restore(struct app *a)
{
	const struct session *s = a->cfg->session;
	struct fit *f = a->f;
	if (!s)
		return;
	app_say_role(a, RR_GOOD, "session %s: step %lu", s->path ? s->path : "", f->step);
	if (s->has_view)
		restore_view(a, s);
	restore_ghosts(a, s);
	if (s->edited) { /* the title as point editing leaves it (app-points.c) */
		a->edited = 1;
		a->v.data_note = a->data->source;
		app_noise_note(a);
		snprintf(a->data_note, sizeof a->data_note, "%s, edited",
			 a->v.data_note ? a->v.data_note : "data");
		a->v.data_note = a->data_note;
	}
}

static void restore_view(struct app *a, const struct session *s)
{
	struct fit *f = a->f;
	a->v.sel = s->sel < f->np ? s->sel : 0;
	a->v.xlo = s->axes[0];
	a->v.xhi = s->axes[1];
	a->v.ylo = s->axes[2];
	a->v.yhi = s->axes[3];
	memcpy(a->v.ax0, s->axes0, sizeof a->v.ax0);
	a->v.ax0_set = s->axes0_set;
	if (s->pair[0] < f->np && s->pair[1] < f->np && s->pair[0] != s->pair[1]) {
		a->v.land_p = s->pair[0];
		a->v.land_q = s->pair[1];
	}
	if (a->v.utf8 && s->glyphs >= 0 && s->glyphs < RASTER_GLYPHS_COUNT)
		a->v.glyphs = (enum raster_glyphs)s->glyphs;
	/* a pace on the ladder only (layout_pace_next's steps): else the default stays */
	int pace = fabs(s->pace) <= 1e6 ? (int)s->pace : 0;
	if (pace == s->pace &&
	    (pace == 1 || layout_pace_next(pace, 1) != 1 || layout_pace_next(pace, -1) != 1))
		a->v.pace = pace;
	a->v.guides = s->guides;
	a->v.residuals = s->residuals;
	a->v.console_on = s->console;
	if (!a->cfg->data.path && !a->cfg->data.table_path) {
		a->v.noise_k = s->noise_k;
		a->v.noise_base[0] = s->noise_base[0];
		a->v.noise_base[1] = s->noise_base[1];
		app_noise_note(a);
	}
}

static double *dup_vals(const double *v, size_t n, double nan_as)
{
	double *d = fp_malloc((n ? n : 1) * sizeof *d);
	for (size_t i = 0; d && i < n; i++)
		d[i] = isfinite(v[i]) ? v[i] : nan_as;
	return d;
}

/* The kept runs (b) into the session. Returns 0, or -1 when out of memory. */
static int capture_ghosts(const struct app *a, struct session *s)
{
	for (size_t k = 0; k < LAYOUT_GHOSTS && k < SESSION_GHOSTS && a->ghost[k].on; k++) {
		const struct layout_ghost *g = &a->ghost[k];
		struct session_ghost *sg = &s->ghost[s->nghost++];
		model_spec(g->model, &g->mcfg, sg->model, sizeof sg->model);
		sg->xlo = g->mcfg.xlo;
		sg->xhi = g->mcfg.xhi;
		sg->seed = g->mcfg.seed;
		sg->np = g->np;
		sg->ntr = g->n * g->np;
		sg->hist_n = g->hist_n;
		sg->hist_first = g->hist_first;
		sg->steps = g->steps;
		sg->loss = g->loss;
		snprintf(sg->label, sizeof sg->label, "%s", g->label);
		snprintf(sg->said, sizeof sg->said, "%s", g->said);
		sg->theta = dup_vals(g->theta, g->np, 0);
		sg->tr = dup_vals(g->tr, sg->ntr, 0);
		sg->hist = dup_vals(g->hist, g->hist_n, g->loss);
		if (!sg->theta || !sg->tr || !sg->hist)
			return -1;
	}
	return 0;
}

/* The session's kept runs back into the app (a model spec that no longer parses is
 * skipped). */
static void restore_ghosts(struct app *a, const struct session *s)
{
	char err[FP_ERRLEN];
	for (size_t k = 0; k < s->nghost && k < LAYOUT_GHOSTS; k++) {
		const struct session_ghost *sg = &s->ghost[k];
		struct layout_ghost *g = &a->ghost[k];
		const struct model_type *t;
		struct model_cfg mc = {0};
		if (model_parse(sg->model, &t, &mc, err) != FP_OK)
			continue;
		mc.d = a->data->d;
		mc.names = a->data->names;
		mc.xlo = sg->xlo;
		mc.xhi = sg->xhi;
		mc.seed = sg->seed;
		if (t->nparams(&mc) != sg->np)
			continue;
		app_ghost_free(g);
		g->theta = dup_vals(sg->theta, sg->np, 0);
		g->tr = dup_vals(sg->tr, sg->ntr, 0);
		g->hist = dup_vals(sg->hist, sg->hist_n, sg->loss);
		if (!g->theta || !g->tr || !g->hist) {
			app_ghost_free(g);
			return;
		}
		g->on = 1;
		g->model = t;
		g->mcfg = mc;
		g->np = sg->np;
		g->n = sg->ntr / sg->np;
		g->hist_first = sg->hist_first;
		g->hist_n = sg->hist_n;
		g->steps = sg->steps;
		g->loss = sg->loss;
		snprintf(g->label, sizeof g->label, "%s", sg->label);
		snprintf(g->said, sizeof g->said, "%s", sg->said);
	}
}

/* The view's part of a session. */
static void capture_view(const struct app *a, struct session *s)
{
	s->has_view = 1;
	snprintf(s->view, sizeof s->view, "%s", view_current(&a->v, a->f)->name);
	s->sel = a->v.sel;
	s->axes[0] = a->v.xlo;
	s->axes[1] = a->v.xhi;
	s->axes[2] = a->v.ylo;
	s->axes[3] = a->v.yhi;
	memcpy(s->axes0, a->v.ax0, sizeof s->axes0);
	s->axes0_set = a->v.ax0_set;
	s->pair[0] = a->v.land_p;
	s->pair[1] = a->v.land_q;
	s->glyphs = (int)a->v.glyphs;
	s->pace = a->v.pace;
	s->guides = a->v.guides;
	s->residuals = a->v.residuals;
	s->console = a->v.console_on;
	s->noise_k = a->v.noise_k;
	s->noise_base[0] = a->v.noise_base[0];
	s->noise_base[1] = a->v.noise_base[1];
}

/* The lesson being shown and its chapter into the session: a built-in lesson by its
 * name, a lesson file by its absolute path and checksum. FP_OK or an error in err. */
static int capture_lesson(const struct app *a, struct session *s, char *err)
{
	const struct lesson_run *r = a->lr;
	const char *name = r->cmd->lesson.name ? r->cmd->lesson.name : LESSON_DEFAULT;
	size_t n = strlen(name);
	int file = strchr(name, '/') || (n > 5 && strcmp(name + n - 5, ".keys") == 0);
	char abs[PATH_MAX];
	if (file && !realpath(r->l->path, abs))
		return fp_err(err, FP_EINPUT, "%s: %s", r->l->path, strerror(errno));
	fp_free(s->lesson);
	s->lesson = fp_malloc(strlen(file ? abs : name) + 1);
	if (!s->lesson)
		return fp_err(err, FP_EFAIL, "out of memory");
	strcpy(s->lesson, file ? abs : name);
	s->lesson_is_file = file;
	s->lesson_chapter = r->cur + 1;
	const char *data = r->cmd->data.table_path ? r->cmd->data.table_path : r->cmd->data.path;
	fp_free(s->lesson_data);
	s->lesson_data = NULL;
	if (data && strcmp(data, "-") != 0) { /* fitplay --lesson train.csv: for the chapters */
		char dabs[PATH_MAX];
		if (!realpath(data, dabs))
			return fp_err(err, FP_EINPUT, "%s: %s", data, strerror(errno));
		if (!(s->lesson_data = fp_malloc(strlen(dabs) + 1)))
			return fp_err(err, FP_EFAIL, "out of memory");
		strcpy(s->lesson_data, dabs);
	}
	if (file)
		return session_checksum(abs, &s->lesson_sum, &s->lesson_size, err);
	return FP_OK;
}

void app_session_save(struct app *a, const char *path)
{
	char name[256], err[FP_ERRLEN];
	struct session s;
	if (!path) {
		session_default_name(a->f, name, sizeof name);
		path = name;
	}
	if (session_capture(&s, a->cfg, a->data, a->f, a->edited, err) != FP_OK) {
		app_say_role(a, RR_BAD, "save: %s", err);
		return;
	}
	capture_view(a, &s);
	int rc = capture_ghosts(a, &s) == 0 ? FP_OK : fp_err(err, FP_EFAIL, "out of memory");
	if (rc == FP_OK && a->lr)
		rc = capture_lesson(a, &s, err);
	if (rc == FP_OK)
		rc = session_save(&s, path, err);
	session_free(&s);
	if (rc != FP_OK)
		app_say_role(a, RR_BAD, "save: %s", err);
	else
		app_say_role(a, RR_GOOD, "saved %s at step %lu: fitplay %s continues it", path,
			     a->f->step, path);
}

void app_session_command(struct app *a)
{
	const char *show = view_current(&a->v, a->f)->name;
	size_t need = session_command(a->cfg, a->data, a->f, show, "fitplay", NULL, 0);
	char *cmd = fp_malloc(need + 1);
	if (!cmd) {
		app_say_role(a, RR_BAD, "out of memory");
		return;
	}
	session_command(a->cfg, a->data, a->f, show, "fitplay", cmd, need + 1);
	const char *how = a->clip_ok ? "copied (OSC 52, where the terminal allows)"
				     : "not copied: no terminal clipboard here";
	app_say_role(a, a->edited ? RR_WARN : RR_GOOD, "%s%s: %s",
		     a->edited ? "the edited points are not in it (S keeps them); " : "", how, cmd);
	fp_free(a->clip);
	a->clip = a->clip_ok ? cmd : NULL;
	if (!a->clip_ok)
		fp_free(cmd);
}
