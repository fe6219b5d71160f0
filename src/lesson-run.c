/* SPDX-License-Identifier: GPL-3.0-or-later */
/* lesson-run.c: a lesson shown in the explorer: each chapter entered fresh from its
 * config (app_rebuild), its header and caption set, its script played (headless:
 * at once; live: on its timers, stopped by the teacher's first key, waiting at a
 * pause for PgDn), the clicker's keys, and the deck of pictures. No curses. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "export.h"
#include "lesson.h"
#include "session.h"
#include "util.h"

#define LESSON_FPS	    30	  /* `wait N`: frames at this rate */
#define LESSON_START_S	    0.4	  /* live: the first event after entering a chapter */
#define LESSON_PLAY_PAUSE_S 4.0	  /* --play: a pause lasts this long */
#define LESSON_PLAY_TURN_S  3.0	  /* --play: the next chapter this long after the keys */
#define LESSON_NEVER	    1e300 /* no event due */

static void run_note(struct app *a, const char *fmt, const char *arg, size_t n)
{
	char buf[256];
	snprintf(buf, sizeof buf, fmt, arg, n);
	app_note(a, buf);
}

/* A scripted key, not the teacher's: lesson_key lets it through. */
static void scripted_key(struct app *a, int key)
{
	struct lesson_run *r = a->lr;
	a->lr = NULL;
	app_key(a, key);
	a->lr = r;
}

/* Headless: the chapter's events all at once (a pause waits for nobody). */
static void play_all(struct app *a)
{
	struct lesson_run *r = a->lr;
	const struct script *sc = &r->l->ch[r->cur].sc;
	size_t cur = r->cur;
	for (; r->si < sc->n && r->cur == cur && !a->quit; r->si++) {
		const struct script_ev *e = &sc->ev[r->si];
		switch (e->kind) {
		case SCRIPT_KEY:
			if (app_render(a, r->w, r->h) != FP_OK)
				return;
			scripted_key(a, e->key);
			break;
		case SCRIPT_WAIT:
			for (long k = 0; k < e->n && a->v.autorun; k++)
				app_tick(a);
			break;
		case SCRIPT_SAY:
			app_say(a, e->text);
			break;
		case SCRIPT_SIZE:
			r->w = (int)e->n;
			r->h = (int)e->m;
			break;
		case SCRIPT_DELAY:
		case SCRIPT_PAUSE:
			break;
		}
	}
	r->playing = 0;
}

/* The chapter's header and caption into the view (app_init cleared them). */
static void show_chapter(struct app *a)
{
	struct lesson_run *r = a->lr;
	const struct lesson_chapter *c = &r->l->ch[r->cur];
	snprintf(a->v.chapter, sizeof a->v.chapter, "chapter %zu/%zu %s", r->cur + 1, r->l->n,
		 c->title);
	for (size_t i = 0; i < c->ncaption && i < 3; i++)
		a->v.chcap[i] = c->caption[i];
	a->v.nchcap = (int)c->ncaption;
	a->v.notice = r->notice[0] ? r->notice : NULL;
}

/* A chapter whose session cannot be made (its data file is missing): the notice,
 * over the lesson's plain start (its base settings alone). */
static void enter_notice(struct app *a, const char *file, const char *why)
{
	struct lesson_run *r = a->lr;
	const struct lesson_chapter *c = &r->l->ch[r->cur];
	const char *lname = r->cmd->lesson.name ? r->cmd->lesson.name : "";
	snprintf(r->notice, sizeof r->notice,
		 "%.200s\n%.160s\nGive the file on the command line: fitplay --lesson%s%.60s "
		 "%.60s\nPgDn goes on to the next chapter.",
		 c->needs ? c->needs : "This chapter needs a data file it cannot read.", why,
		 *lname ? " " : "", lname, file ? file : "FILE");
	struct config plain;
	enum config_action act;
	char err[FP_ERRLEN];
	char *argv[] = {"fitplay", NULL};
	struct config old = r->cfg;
	if (options_parse(1, argv, &plain, &act, err) == FP_OK) {
		r->cfg = plain;
		if (app_rebuild(a, &r->cfg, err) == FP_OK) {
			if (r->cfg_set)
				options_free(&old);
			r->cfg_set = 1;
			return;
		}
		options_free(&r->cfg);
	}
	r->cfg = old; /* no memory: the previous chapter's session stays under the notice */
}

void lesson_enter(struct app *a, size_t k)
{
	struct lesson_run *r = a->lr;
	if (k >= r->l->n)
		k = r->l->n - 1;
	r->cur = k;
	r->si = 0;
	r->paused = r->typing = 0;
	r->taken = 0;
	r->notice[0] = 0;
	r->key_delay = 0.25;
	const struct lesson_chapter *c = &r->l->ch[k];
	r->playing = c->sc.n > 0;
	struct config nc, old = r->cfg;
	const char *file = NULL;
	char err[FP_ERRLEN];
	int rc = lesson_config(r->l, k, r->cmd, &nc, &file, err);
	if (rc == FP_OK) {
		r->cfg = nc;
		rc = app_rebuild(a, &r->cfg, err);
		if (rc == FP_OK) {
			if (r->cfg_set)
				options_free(&old);
			r->cfg_set = 1;
		} else {
			options_free(&r->cfg);
			r->cfg = old;
		}
	}
	if (rc != FP_OK) {
		r->playing = 0;
		enter_notice(a, file, err);
	}
	show_chapter(a);
	double now = fp_now();
	r->next_ev = now + LESSON_START_S;
	if (!r->live && r->playing)
		play_all(a);
	else if (!r->playing && r->play)
		r->next_ev = now + LESSON_PLAY_TURN_S;
}

/* Chapter k with a session saved in it on top: the chapter's config, the session's
 * setup over it, its data, fit and view put back (app_rebuild, app_init); the
 * chapter's header and caption shown, its script not played (the state is the
 * session's). FP_OK, or FP_EINPUT with the session's FILE:LINE message. */
static int lesson_resume(struct app *a, size_t k, const struct session *s, char *err)
{
	struct lesson_run *r = a->lr;
	struct config nc;
	const char *file = NULL;
	r->cur = k;
	r->si = 0;
	r->playing = r->paused = r->typing = 0;
	r->taken = 1; /* --play does not turn on from a saved state */
	r->notice[0] = 0;
	r->key_delay = 0.25;
	int rc = lesson_config(r->l, k, r->cmd, &nc, &file, err);
	if (rc)
		return rc;
	r->cfg = nc;
	r->cfg_set = 1; /* lesson_run_done frees it, whatever happens below */
	rc = session_apply_config(s, &r->cfg, err);
	r->cfg.session = s;
	if (rc == FP_OK)
		rc = app_rebuild(a, &r->cfg, err);
	if (rc)
		return rc;
	show_chapter(a);
	r->next_ev = fp_now();
	return FP_OK;
}

int lesson_run_start(struct lesson_run *r, struct app *a, const struct lesson *l,
		     const struct config *cmd, size_t k, int live, char *err)
{
	memset(r, 0, sizeof *r);
	r->l = l;
	r->cmd = cmd;
	r->live = live;
	r->play = cmd->lesson.play;
	r->w = cmd->explorer.w ? cmd->explorer.w : 100;
	r->h = cmd->explorer.h ? cmd->explorer.h : 30;
	if (k >= l->n)
		return fp_err(err, FP_EINPUT, "--chapter %zu: the lesson has %zu chapters", k + 1,
			      l->n);
	a->lr = r;
	if (cmd->lesson.resume) {
		int rc = lesson_resume(a, k, cmd->lesson.resume, err);
		if (rc) {
			lesson_run_done(r);
			a->lr = NULL;
		}
		return rc;
	}
	lesson_enter(a, k);
	return FP_OK;
}

void lesson_run_done(struct lesson_run *r)
{
	if (r->cfg_set)
		options_free(&r->cfg);
	r->cfg_set = 0;
}

/* `#`, digits, Enter: go to that chapter; Esc or another key: never mind. */
static int number_key(struct app *a, int key)
{
	struct lesson_run *r = a->lr;
	size_t n = strlen(r->num);
	if (key >= '0' && key <= '9' && n + 1 < sizeof r->num) {
		r->num[n] = (char)key;
		r->num[n + 1] = 0;
	} else if (key == LK_BACKSPACE && n) {
		r->num[n - 1] = 0;
	} else if (key == LK_ENTER || key == '\n') {
		r->typing = 0;
		size_t k = 0;
		if (fp_parse_size(r->num, 10000, &k) != 0 || k < 1 || k > r->l->n) {
			run_note(a, "no chapter '%s' (1 to %zu)", r->num, r->l->n);
			return 1;
		}
		lesson_enter(a, k - 1);
		return 1;
	} else {
		r->typing = 0;
		app_note(a, "chapter number: never mind");
		return 1;
	}
	run_note(a, "chapter number: %s_  (Enter goes there, Esc cancels; 1 to %zu)", r->num,
		 r->l->n);
	return 1;
}

int lesson_key(struct app *a, int key)
{
	struct lesson_run *r = a->lr;
	if (!r || a->prompt != APP_PROMPT_NONE)
		return 0;
	if (r->typing)
		return number_key(a, key);
	switch (key) {
	case LK_PGDN:
		if (r->paused) {
			r->paused = 0;
			r->next_ev = fp_now();
		} else if (r->cur + 1 < r->l->n) {
			lesson_enter(a, r->cur + 1);
		} else {
			app_note(a, "the last chapter (PgUp goes back, Home to the first)");
		}
		return 1;
	case LK_PGUP:
		if (r->cur > 0)
			lesson_enter(a, r->cur - 1);
		else
			lesson_enter(a, 0);
		return 1;
	case LK_HOME:
		lesson_enter(a, 0);
		return 1;
	case '#':
		r->typing = 1;
		r->num[0] = 0;
		run_note(a, "chapter number: %s_  (Enter goes there, Esc cancels; 1 to %zu)", "",
			 r->l->n);
		return 1;
	default:
		break;
	}
	r->taken = 1;
	if (r->playing) { /* the teacher takes over */
		r->playing = r->paused = 0;
		app_say(a, "");
	}
	if (r->notice[0] && key != '?' && key != LK_F1 && key != 'q' && key != LK_F10 &&
	    key != LK_CTRL_L) {
		app_note(a, "this chapter needs its data file: PgDn goes on, PgUp back");
		return 1;
	}
	return 0;
}

double lesson_due(const struct app *a)
{
	const struct lesson_run *r = a->lr;
	if (!r || !r->live)
		return LESSON_NEVER;
	if (r->playing && !r->paused)
		return r->next_ev;
	if (!r->playing && r->play && !r->taken && r->cur + 1 < r->l->n)
		return r->next_ev;
	return LESSON_NEVER;
}

/* One due event of the chapter's script, live. */
static void play_one(struct app *a, double now)
{
	struct lesson_run *r = a->lr;
	const struct script *sc = &r->l->ch[r->cur].sc;
	const struct script_ev *e = &sc->ev[r->si++];
	r->next_ev = now;
	switch (e->kind) {
	case SCRIPT_KEY:
		scripted_key(a, e->key);
		r->next_ev = now + r->key_delay;
		break;
	case SCRIPT_WAIT:
		r->next_ev = now + (double)e->n / LESSON_FPS;
		break;
	case SCRIPT_SAY:
		app_say(a, e->text);
		break;
	case SCRIPT_DELAY:
		r->key_delay = (double)e->n / 1000.0;
		break;
	case SCRIPT_PAUSE:
		if (r->play)
			r->next_ev = now + LESSON_PLAY_PAUSE_S;
		else {
			r->paused = 1;
			app_note(a, "pause: PgDn goes on (another key: your turn)");
		}
		break;
	case SCRIPT_SIZE:
		break;
	}
	if (r->si >= sc->n) {
		r->playing = 0;
		if (r->play)
			r->next_ev = now + LESSON_PLAY_TURN_S;
	}
}

int lesson_poll(struct app *a, double now)
{
	struct lesson_run *r = a->lr;
	if (!r || !r->live)
		return 0;
	int changed = 0;
	size_t cur = r->cur;
	/* Events due now, up to the next key or timer (a frame shows each key). */
	while (r->playing && !r->paused && now >= r->next_ev && r->cur == cur && !a->quit &&
	       !app_exporting(a)) {
		play_one(a, now);
		changed = 1;
		if (r->next_ev > now)
			break;
	}
	if (!r->playing && r->play && !r->taken && r->cur + 1 < r->l->n && now >= r->next_ev &&
	    !changed) {
		lesson_enter(a, r->cur + 1);
		changed = 1;
	}
	return changed;
}

/* The deck's heading: the chapter line and its caption, one per line. */
static void deck_heading(const struct lesson_run *r, char *buf, size_t len)
{
	const struct lesson_chapter *c = &r->l->ch[r->cur];
	size_t o = (size_t)snprintf(buf, len, "%zu/%zu  %s", r->cur + 1, r->l->n, c->title);
	for (size_t i = 0; i < c->ncaption && o < len; i++)
		o += (size_t)snprintf(buf + o, len - o, "\n%s", c->caption[i]);
}

int lesson_deck(struct app *a, const char *dir, const char *ext, char *skipped, size_t len,
		char *err)
{
	struct lesson_run *r = a->lr;
	if (mkdir(dir, 0777) != 0 && errno != EEXIST)
		return fp_err(err, FP_EFAIL, "--export-deck %s: %s", dir, strerror(errno));
	skipped[0] = 0;
	for (size_t k = 0; k < r->l->n; k++) {
		lesson_enter(a, k);
		char slug[96], path[4096], heading[1024];
		lesson_slug(r->l, k, slug, sizeof slug);
		if (r->notice[0]) {
			size_t n = strlen(skipped);
			snprintf(skipped + n, len - n, "%s%s", n ? ", " : "", slug);
			continue;
		}
		snprintf(path, sizeof path, "%s/%s.%s", dir, slug, ext);
		deck_heading(r, heading, sizeof heading);
		int rc = export_write_headed(a->f, path, heading, err);
		if (rc)
			return rc;
	}
	return FP_OK;
}
