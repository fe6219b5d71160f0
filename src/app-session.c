/* SPDX-License-Identifier: GPL-3.0-or-later */
/* app-session.c: the explorer's session keys: S saves the whole state to
 * fitplay-<model>-step<K>.fitplay, W to a name typed, Y shows the one-line command
 * that sets the state up (and hands it to src/ui.c for the terminal's clipboard); and
 * a session opened with the explorer gets its view back (selection, view, axes). */
#include <stdio.h>
#include <string.h>

#include "app-int.h"
#include "session.h"
#include "util.h"
#include "view.h"

void app_session_restore(struct app *a)
{
	const struct session *s = a->cfg->session;
	struct fit *f = a->f;
	if (!s)
		return;
	if (s->edited) {
		a->edited = 1;
		snprintf(a->data_note, sizeof a->data_note, "%s, edited",
			 a->data->source ? a->data->source : "data");
		a->v.data_note = a->data_note;
	}
	app_say_role(a, RR_GOOD, "session %s: step %lu", s->path ? s->path : "", f->step);
	if (!s->has_view)
		return;
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
	a->v.guides = s->guides;
	a->v.residuals = s->residuals;
	a->v.console_on = s->console;
	if (!a->cfg->data.path && !a->cfg->data.table_path && !s->edited) {
		a->v.noise_k = s->noise_k;
		a->v.noise_base[0] = s->noise_base[0];
		a->v.noise_base[1] = s->noise_base[1];
		app_noise_note(a);
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
	s->guides = a->v.guides;
	s->residuals = a->v.residuals;
	s->console = a->v.console_on;
	s->noise_k = a->v.noise_k;
	s->noise_base[0] = a->v.noise_base[0];
	s->noise_base[1] = a->v.noise_base[1];
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
	int rc = session_save(&s, path, err);
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
