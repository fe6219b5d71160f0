/* SPDX-License-Identifier: GPL-3.0-or-later */
/* script.c: key scripts (--keys FILE): parsed and checked before anything is
 * shown, replayed headless into a cell screen that --dump writes as text. The
 * format is in fitplay(1), KEY SCRIPTS. No curses here. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "outfile.h"
#include "app.h"
#include "util.h"

#define SCRIPT_MAX_BYTES  (1 << 20)
#define SCRIPT_MAX_EVENTS 1000000
#define SCRIPT_MAX_WAIT	  1000000 /* frames in one wait */

/* Append one event; the limit names the line that passes it. */
static int push(struct script *s, struct script_ev ev, const char *path, char *err)
{
	if (s->n == SCRIPT_MAX_EVENTS)
		return fp_err(err, FP_EINPUT, "%s:%u: too many events (more than %d in one script)",
			      path, ev.line, SCRIPT_MAX_EVENTS);
	if (s->n == s->cap) {
		size_t cap = s->cap ? s->cap * 2 : 64;
		if (cap > SCRIPT_MAX_EVENTS)
			cap = SCRIPT_MAX_EVENTS;
		struct script_ev *e = fp_realloc(s->ev, cap * sizeof *e);
		if (!e)
			return fp_err(err, FP_EFAIL, "%s:%u: out of memory", path, ev.line);
		s->ev = e;
		s->cap = cap;
	}
	s->ev[s->n++] = ev;
	return FP_OK;
}

void script_free(struct script *s)
{
	for (size_t i = 0; i < s->n; i++)
		fp_free(s->ev[i].text);
	fp_free(s->ev);
	memset(s, 0, sizeof *s);
}

/* The rest of a line after a directive, without the blanks around it. */
static char *rest_of(char *p)
{
	while (*p == ' ' || *p == '\t')
		p++;
	size_t n = strlen(p);
	while (n && (p[n - 1] == ' ' || p[n - 1] == '\t' || p[n - 1] == '\r'))
		p[--n] = 0;
	return p;
}

int script_parse_line(struct script *s, char *line, unsigned ln, const char *path, char *err)
{
	char *save = NULL;
	char *tok = strtok_r(line, " \t\r", &save);
	if (!tok || tok[0] == '#')
		return FP_OK;
	struct script_ev ev = {.line = ln};
	char *rest = save ? save : line + strlen(line);
	if (strcmp(tok, "type") == 0 || strcmp(tok, "say") == 0) {
		char *text = rest_of(rest);
		if (strcmp(tok, "say") == 0) {
			ev.kind = SCRIPT_SAY;
			size_t n = strlen(text);
			ev.text = fp_malloc(n + 1);
			if (!ev.text)
				return fp_err(err, FP_EFAIL, "out of memory");
			memcpy(ev.text, text, n + 1);
			int rc = push(s, ev, path, err);
			if (rc)
				fp_free(ev.text);
			return rc;
		}
		/* type: every character as a key */
		while (*text) {
			int k;
			ev.kind = SCRIPT_KEY;
			ev.key = (int)raster_utf8_decode(text, &k);
			text += k;
			int rc = push(s, ev, path, err);
			if (rc)
				return rc;
		}
		return FP_OK;
	}
	if (strcmp(tok, "wait") == 0 || strcmp(tok, "delay") == 0) {
		char *arg = strtok_r(NULL, " \t\r", &save);
		size_t v;
		int wait = tok[0] == 'w';
		if (!arg || fp_parse_size(arg, SCRIPT_MAX_WAIT, &v) != 0)
			return fp_err(err, FP_EINPUT, "%s:%u: %s needs a whole number (0 to %d)",
				      path, ln, tok, SCRIPT_MAX_WAIT);
		ev.kind = wait ? SCRIPT_WAIT : SCRIPT_DELAY;
		ev.n = (long)v;
		tok = strtok_r(NULL, " \t\r", &save);
		if (tok && tok[0] != '#')
			return fp_err(err, FP_EINPUT, "%s:%u: unexpected '%s' after %s %s", path,
				      ln, tok, wait ? "wait" : "delay", arg);
		return push(s, ev, path, err);
	}
	if (strcmp(tok, "pause") == 0) {
		tok = strtok_r(NULL, " \t\r", &save);
		if (tok && tok[0] != '#')
			return fp_err(err, FP_EINPUT, "%s:%u: unexpected '%s' after pause", path,
				      ln, tok);
		ev.kind = SCRIPT_PAUSE;
		return push(s, ev, path, err);
	}
	if (strcmp(tok, "chapter") == 0 || strcmp(tok, "caption") == 0 || strcmp(tok, "needs") == 0)
		return fp_err(err, FP_EINPUT,
			      "%s:%u: '%s' belongs in a lesson (fitplay --lesson %s), not a key "
			      "script",
			      path, ln, tok, path);
	if (strcmp(tok, "size") == 0) {
		char *arg = strtok_r(NULL, " \t\r", &save);
		size_t w, h;
		char *x = arg ? strchr(arg, 'x') : NULL;
		if (!x)
			return fp_err(err, FP_EINPUT, "%s:%u: size needs WxH, e.g. size 80x24",
				      path, ln);
		*x = 0;
		if (fp_parse_size(arg, 1000, &w) != 0 || fp_parse_size(x + 1, 1000, &h) != 0 ||
		    w < 1 || h < 1)
			return fp_err(err, FP_EINPUT, "%s:%u: size needs WxH from 1x1 to 1000x1000",
				      path, ln);
		ev.kind = SCRIPT_SIZE;
		ev.n = (long)w;
		ev.m = (long)h;
		return push(s, ev, path, err);
	}
	for (; tok; tok = strtok_r(NULL, " \t\r", &save)) {
		if (tok[0] == '#' && tok[1] == 0)
			break; /* a comment after the keys */
		int key = layout_key_parse(tok);
		if (key < 0)
			return fp_err(err, FP_EINPUT,
				      "%s:%u: unknown key '%.40s' (one character, or a name: Space "
				      "Enter Tab Esc Up Down Left Right PgUp PgDn F1 F10 C-l ...)",
				      path, ln, tok);
		ev.kind = SCRIPT_KEY;
		ev.key = key;
		int rc = push(s, ev, path, err);
		if (rc)
			return rc;
	}
	return FP_OK;
}

int script_read(const char *path, char **out, char *err)
{
	*out = NULL;
	FILE *fp = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
	if (!fp)
		return fp_err(err, FP_EINPUT, "%s: %s", path, strerror(errno));
	char *buf = fp_malloc(SCRIPT_MAX_BYTES + 1);
	if (!buf) {
		if (fp != stdin)
			fclose(fp);
		return fp_err(err, FP_EFAIL, "out of memory");
	}
	size_t n = fread(buf, 1, SCRIPT_MAX_BYTES + 1, fp);
	int bad = ferror(fp);
	if (fp != stdin)
		fclose(fp);
	if (bad) {
		fp_free(buf);
		return fp_err(err, FP_EINPUT, "%s: read error", path);
	}
	if (n > SCRIPT_MAX_BYTES) {
		fp_free(buf);
		return fp_err(err, FP_EINPUT, "%s: larger than %d bytes", path, SCRIPT_MAX_BYTES);
	}
	buf[n] = 0;
	if (memchr(buf, 0, n)) {
		fp_free(buf);
		return fp_err(err, FP_EINPUT, "%s: a binary file, not a key script", path);
	}
	*out = buf;
	return FP_OK;
}

int script_load(const char *path, struct script *s, char *err)
{
	memset(s, 0, sizeof *s);
	char *buf;
	int rc = script_read(path, &buf, err);
	if (rc)
		return rc;
	unsigned ln = 1;
	for (char *line = buf; line && rc == FP_OK; ln++) {
		char *nl = strchr(line, '\n');
		if (nl)
			*nl = 0;
		rc = script_parse_line(s, line, ln, path, err);
		line = nl ? nl + 1 : NULL;
	}
	fp_free(buf);
	if (rc)
		script_free(s);
	return rc;
}

int app_dump(struct app *a, const char *path, char *err)
{
	if (strcmp(path, "-") == 0) { /* checked as every write to stdout (main says why) */
		int bad = screen_dump(&a->scr, stdout) != 0;
		if (bad)
			fp_out_note(errno);
		bad |= fp_out_flush() != 0;
		if (bad)
			return fp_err(err, FP_EFAIL, "--dump -: write error");
		return FP_OK;
	}
	/* As every file fitplay writes: in a private directory, each write checked,
	 * fsync'ed and renamed into place (outfile.h); a failure keeps the old file. */
	struct outfile o;
	char why[FP_ERRLEN];
	int rc = outfile_begin(&o, path, why);
	FILE *fp = rc == FP_OK ? outfile_fopen(&o, "dump.txt", why) : NULL;
	if (fp) {
		int bad = screen_dump(&a->scr, fp) != 0;
		rc = outfile_fclose(&o, fp, why);
		if (rc == FP_OK && bad)
			rc = fp_err(why, FP_EFAIL, "%s: write error", o.shown);
		if (rc == FP_OK)
			rc = outfile_commit(&o, "dump.txt", OUTFILE_ANY, why);
	} else if (rc == FP_OK) {
		rc = FP_EFAIL;
	}
	outfile_abort(&o);
	if (rc != FP_OK)
		return fp_err(err, FP_EFAIL, "--dump %s", why);
	return FP_OK;
}

int script_run_headless(struct app *a, const struct script *s, int w, int h, const char *dump_path,
			char *err)
{
	for (size_t i = 0; i < s->n && !a->quit; i++) {
		const struct script_ev *e = &s->ev[i];
		switch (e->kind) {
		case SCRIPT_KEY:
			/* Draw first, so that clicks and scrolling see the current layout. */
			if (app_render(a, w, h) != FP_OK)
				return fp_err(err, FP_EFAIL, "out of memory");
			app_key(a, e->key);
			break;
		case SCRIPT_WAIT:
			for (long k = 0; k < e->n && a->v.autorun; k++)
				app_tick(a);
			break;
		case SCRIPT_SAY:
			app_say(a, e->text);
			break;
		case SCRIPT_DELAY:
		case SCRIPT_PAUSE: /* headless: nobody to wait for */
			break;
		case SCRIPT_SIZE:
			w = (int)e->n;
			h = (int)e->m;
			break;
		}
	}
	if (app_render(a, w, h) != FP_OK)
		return fp_err(err, FP_EFAIL, "out of memory");
	return app_dump(a, dump_path, err);
}
