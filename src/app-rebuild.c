/* SPDX-License-Identifier: GPL-3.0-or-later */
/* app-rebuild.c: the explorer rebuilt from a config while it runs: new data, a new
 * session and a fresh view, as at start-up, keeping only what the terminal set (the
 * frame budgets, background exports, the mouse, forced ASCII). Lessons enter their
 * chapters through it; anything that loads a whole state can. No curses. */
#include <string.h>

#include "app-int.h"
#include "session.h"
#include "setup.h"
#include "util.h"

int app_rebuild(struct app *a, struct config *cfg, char *err)
{
	struct data nd;
	struct fit nf;
	memset(&nd, 0, sizeof nd);
	memset(&nf, 0, sizeof nf);
	int rc = setup_data(cfg, &nd, err);
	if (rc == FP_OK && cfg->session) /* a session opened on top (its points) */
		rc = session_apply_data(cfg->session, &nd, err);
	if (rc) {
		data_free(&nd);
		return rc;
	}
	rc = setup_fit(cfg, &nd, &nf, err);
	if (rc == FP_OK && cfg->session && (rc = session_apply_fit(cfg->session, &nf, err)))
		fit_done(&nf);
	if (rc) {
		data_free(&nd);
		return rc;
	}
	/* What the terminal loop set after app_init, and the lesson being run. */
	struct app keep = *a;
	app_done(a);
	fit_done(a->f);
	data_free(a->data);
	*a->data = nd;
	nf.data = a->data;
	*a->f = nf;
	rc = app_init(a, cfg, a->data, a->f, keep.v.utf8, err);
	if (rc) {
		/* lesson_check refuses such a config before the screen opens; should one
		 * still come (a --show that does not apply), the session's own view */
		char why[FP_ERRLEN];
		const char *show = cfg->explorer.show;
		size_t nranges = cfg->explorer.nranges;
		cfg->explorer.show = NULL;
		cfg->explorer.nranges = 0;
		app_done(a);
		int rc2 = app_init(a, cfg, a->data, a->f, keep.v.utf8, why);
		cfg->explorer.show = show;
		cfg->explorer.nranges = nranges;
		if (rc2)
			return rc2;
		app_say_role(a, RR_BAD, "%s", err);
	}
	a->budget = keep.budget;
	a->export_async = keep.export_async;
	a->v.land_budget = keep.v.land_budget;
	a->mouse = keep.mouse;
	a->lr = keep.lr;
	a->ascii_term = keep.ascii_term;
	if (a->ascii_term)
		a->v.glyphs = RASTER_ASCII;
	a->repaint = keep.repaint;
	return FP_OK;
}
