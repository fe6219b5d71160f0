/* SPDX-License-Identifier: GPL-3.0-or-later */
/* lesson.c: lesson files (a key script with chapters: `chapter`, `caption`, `needs`,
 * settings checked by the option table, the script's own lines), the lookup of
 * installed lessons, and a lesson's chapters built into configs. The run in the
 * explorer is in lesson-run.c. Core: no curses, nothing printed. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lesson.h"
#include "setup.h"
#include "util.h"

#define LESSON_TEXT_MAX 200 /* bytes in a title, caption line or needs text */

static char *dup_text(const char *s)
{
	size_t n = strlen(s);
	char *d = fp_malloc(n + 1);
	if (d)
		memcpy(d, s, n + 1);
	return d;
}

static void setting_free(struct lesson_setting *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		fp_free(s[i].value);
}

void lesson_free(struct lesson *l)
{
	for (size_t k = 0; k < l->n; k++) {
		struct lesson_chapter *c = &l->ch[k];
		fp_free(c->title);
		for (size_t i = 0; i < c->ncaption; i++)
			fp_free(c->caption[i]);
		fp_free(c->needs);
		setting_free(c->set, c->nset);
		script_free(&c->sc);
	}
	fp_free(l->ch);
	setting_free(l->base, l->nbase);
	fp_free(l->path);
	memset(l, 0, sizeof *l);
}

/* The rest of a line after its first word, blanks and a trailing CR trimmed. */
static char *rest_after(char *p)
{
	while (*p && *p != ' ' && *p != '\t')
		p++;
	while (*p == ' ' || *p == '\t')
		p++;
	size_t n = strlen(p);
	while (n && (p[n - 1] == ' ' || p[n - 1] == '\t' || p[n - 1] == '\r'))
		p[--n] = 0;
	return p;
}

/* A text directive's value (title, caption, needs): not empty, not too long, no
 * control bytes (a tab becomes a blank). */
static int text_ok(char *t, const char *what, unsigned ln, const char *path, char *err)
{
	if (!*t)
		return fp_err(err, FP_EINPUT, "%s:%u: %s needs a text", path, ln, what);
	if (strlen(t) > LESSON_TEXT_MAX)
		return fp_err(err, FP_EINPUT, "%s:%u: %s longer than %d bytes", path, ln, what,
			      LESSON_TEXT_MAX);
	for (char *p = t; *p; p++) {
		if (*p == '\t')
			*p = ' ';
		else if ((unsigned char)*p < 0x20 || *p == 0x7f)
			return fp_err(err, FP_EINPUT, "%s:%u: a control character in the %s", path,
				      ln, what);
	}
	return FP_OK;
}

/* A setting line: `NAME VALUE` or `NAME`, as --NAME VALUE would be. */
static int parse_setting(struct lesson *l, struct lesson_chapter *c, const struct option_entry *o,
			 char *rest, unsigned ln, const char *path, char *err)
{
	if (!options_is_setting(o))
		return fp_err(err, FP_EINPUT,
			      "%s:%u: --%s is not a chapter setting (settings shape the session: "
			      "data, model, descent, view)",
			      path, ln, o->name);
	struct lesson_setting *set = c ? c->set : l->base;
	size_t *n = c ? &c->nset : &l->nbase;
	if (*n == LESSON_MAX_SETTINGS)
		return fp_err(err, FP_EINPUT, "%s:%u: more than %d settings", path, ln,
			      LESSON_MAX_SETTINGS);
	if (o->arg == OPTION_ARG_NONE && *rest && *rest != '#')
		return fp_err(err, FP_EINPUT, "%s:%u: --%s takes no value ('%.40s')", path, ln,
			      o->name, rest);
	if (o->arg != OPTION_ARG_NONE && !*rest)
		return fp_err(err, FP_EINPUT, "%s:%u: %s needs a value (%s), as --%s does", path,
			      ln, o->name, o->metavar ? o->metavar : "a value", o->name);
	char why[FP_ERRLEN];
	if (options_check_one(o, o->arg == OPTION_ARG_NONE ? NULL : rest, why) != FP_OK)
		return fp_err(err, FP_EINPUT, "%s:%u: %s", path, ln, why);
	struct lesson_setting *s = &set[*n];
	s->opt = o;
	s->line = ln;
	s->value = NULL;
	if (o->arg != OPTION_ARG_NONE && !(s->value = dup_text(rest)))
		return fp_err(err, FP_EFAIL, "out of memory");
	(*n)++;
	return FP_OK;
}

static int new_chapter(struct lesson *l, char *title, unsigned ln, const char *path, char *err)
{
	int rc = text_ok(title, "chapter title", ln, path, err);
	if (rc)
		return rc;
	if (l->n == LESSON_MAX_CHAPTERS)
		return fp_err(err, FP_EINPUT, "%s:%u: more than %d chapters", path, ln,
			      LESSON_MAX_CHAPTERS);
	struct lesson_chapter *ch = fp_realloc(l->ch, (l->n + 1) * sizeof *ch);
	if (!ch)
		return fp_err(err, FP_EFAIL, "out of memory");
	l->ch = ch;
	struct lesson_chapter *c = &ch[l->n];
	memset(c, 0, sizeof *c);
	c->line = ln;
	if (!(c->title = dup_text(title)))
		return fp_err(err, FP_EFAIL, "out of memory");
	l->n++;
	return FP_OK;
}

/* `caption TEXT` and `needs TEXT` of the current chapter. */
static int chapter_text(struct lesson_chapter *c, const char *word, char *text, unsigned ln,
			const char *path, char *err)
{
	if (!c)
		return fp_err(err, FP_EINPUT, "%s:%u: %s before the first chapter", path, ln, word);
	int cap = strcmp(word, "caption") == 0;
	int rc = text_ok(text, word, ln, path, err);
	if (rc)
		return rc;
	if (cap && c->ncaption == LESSON_CAPTION_LINES)
		return fp_err(err, FP_EINPUT,
			      "%s:%u: more than %d caption lines in chapter '%.40s' (the screen "
			      "shows three)",
			      path, ln, LESSON_CAPTION_LINES, c->title);
	if (!cap && c->needs)
		return fp_err(err, FP_EINPUT, "%s:%u: a second needs line", path, ln);
	char *d = dup_text(text);
	if (!d)
		return fp_err(err, FP_EFAIL, "out of memory");
	if (cap)
		c->caption[c->ncaption++] = d;
	else
		c->needs = d;
	return FP_OK;
}

/* 1 for a word that can only be meant as a directive or a setting (lower case,
 * two letters or more): an unknown one gets the lesson's message, not "unknown key". */
static int word_like(const char *w, size_t n)
{
	if (n < 2)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (!islower((unsigned char)w[i]) && w[i] != '-')
			return 0;
	return 1;
}

static int parse_line(struct lesson *l, char *line, unsigned ln, const char *path, char *err)
{
	char *p = line;
	while (*p == ' ' || *p == '\t')
		p++;
	size_t wn = strcspn(p, " \t\r");
	if (!wn || p[0] == '#')
		return FP_OK;
	char word[48];
	snprintf(word, sizeof word, "%.*s", (int)(wn < 47 ? wn : 47), p);
	struct lesson_chapter *c = l->n ? &l->ch[l->n - 1] : NULL;
	if (strcmp(word, "chapter") == 0)
		return new_chapter(l, rest_after(p), ln, path, err);
	if (strcmp(word, "caption") == 0 || strcmp(word, "needs") == 0)
		return chapter_text(c, word, rest_after(p), ln, path, err);
	static const char *const script_words[] = {"type", "say",   "wait", "delay",
						   "size", "pause", NULL};
	int scripted = 0;
	for (size_t i = 0; script_words[i]; i++)
		scripted |= strcmp(word, script_words[i]) == 0;
	const struct option_entry *o = scripted ? NULL : options_find(word);
	if (o)
		return parse_setting(l, c, o, rest_after(p), ln, path, err);
	if (!scripted && word_like(p, wn) && wn < 47)
		return fp_err(err, FP_EINPUT,
			      "%s:%u: unknown directive or setting '%s' (directives: chapter, "
			      "caption, needs, say, type, wait, delay, pause; settings: the "
			      "options of fitplay --help without their --)",
			      path, ln, word);
	if (!c)
		return fp_err(err, FP_EINPUT,
			      "%s:%u: '%.40s' before the first chapter: keys and timers belong "
			      "to a chapter",
			      path, ln, word);
	return script_parse_line(&c->sc, line, ln, path, err);
}

int lesson_parse(const char *path, char *text, struct lesson *l, char *err)
{
	memset(l, 0, sizeof *l);
	if (!(l->path = dup_text(path)))
		return fp_err(err, FP_EFAIL, "out of memory");
	unsigned ln = 1;
	int rc = FP_OK;
	for (char *line = text; line && rc == FP_OK; ln++) {
		char *nl = strchr(line, '\n');
		if (nl)
			*nl = 0;
		rc = parse_line(l, line, ln, path, err);
		line = nl ? nl + 1 : NULL;
	}
	if (rc == FP_OK && l->n == 0)
		rc = fp_err(err, FP_EINPUT,
			    "%s: no chapter (a lesson has `chapter TITLE` lines; a plain key "
			    "script goes to --keys)",
			    path);
	if (rc)
		lesson_free(l);
	return rc;
}

int lesson_load(const char *path, struct lesson *l, char *err)
{
	memset(l, 0, sizeof *l);
	char *text;
	int rc = script_read(path, &text, err);
	if (rc)
		return rc;
	rc = lesson_parse(path, text, l, err);
	fp_free(text);
	return rc;
}

int lesson_find(const char *name, const char *exe_dir, char *out, size_t len, char *err)
{
	if (!name)
		name = LESSON_DEFAULT;
	size_t n = strlen(name);
	if (strcmp(name, "-") == 0 || strchr(name, '/') ||
	    (n > 5 && strcmp(name + n - 5, ".keys") == 0)) {
		if ((size_t)snprintf(out, len, "%s", name) >= len)
			return fp_err(err, FP_EINPUT, "--lesson: the path is too long");
		return FP_OK;
	}
	const char *env = getenv("FITPLAY_DATADIR");
	char up[4096] = "", here[4096] = "";
	if (exe_dir) {
		snprintf(here, sizeof here, "%s/assets", exe_dir);
		snprintf(up, sizeof up, "%s/../assets", exe_dir);
	}
	const char *dirs[] = {env && *env ? env : NULL, FITPLAY_DATADIR, here[0] ? here : NULL,
			      up[0] ? up : NULL};
	char looked[1024] = "";
	for (size_t i = 0; i < sizeof dirs / sizeof dirs[0]; i++) {
		if (!dirs[i])
			continue;
		if ((size_t)snprintf(out, len, "%s/%s.keys", dirs[i], name) >= len)
			continue;
		if (access(out, R_OK) == 0)
			return FP_OK;
		size_t k = strlen(looked);
		snprintf(looked + k, sizeof looked - k, "%s%s", k ? ", " : "", dirs[i]);
	}
	return fp_err(err, FP_EINPUT,
		      "--lesson %.60s: no lesson of that name (looked for %.60s.keys in %s; "
		      "FITPLAY_DATADIR names another directory)",
		      name, name, looked);
}

/* The option of setting s, as a command line's "--name". */
static void flag_of(const struct lesson_setting *s, char *buf, size_t len)
{
	snprintf(buf, len, "--%s", s->opt->name);
}

int lesson_config(const struct lesson *l, size_t k, const struct config *cmd, struct config *out,
		  const char **file, char *err)
{
	const struct lesson_chapter *c = &l->ch[k];
	char flags[2 * LESSON_MAX_SETTINGS][40];
	char *argv[4 * LESSON_MAX_SETTINGS + 2];
	int argc = 0;
	const char *cmd_file =
	    cmd ? (cmd->data.table_path ? cmd->data.table_path : cmd->data.path) : NULL;
	*file = NULL;
	argv[argc++] = "fitplay";
	for (int part = 0; part < 2; part++) {
		const struct lesson_setting *s = part ? c->set : l->base;
		size_t ns = part ? c->nset : l->nbase;
		for (size_t i = 0; i < ns; i++) {
			flag_of(&s[i], flags[argc], sizeof flags[0]);
			argv[argc] = flags[argc];
			argc++;
			if (!s[i].value)
				continue;
			const char *v = s[i].value;
			int is_file = strcmp(s[i].opt->name, "data") == 0 ||
				      strcmp(s[i].opt->name, "table") == 0;
			if (is_file && cmd_file)
				v = cmd_file; /* fitplay --lesson train.csv */
			if (is_file)
				*file = v;
			argv[argc++] = (char *)v;
		}
	}
	argv[argc] = NULL;
	enum config_action action;
	char why[FP_ERRLEN];
	int rc = options_parse(argc, argv, out, &action, why);
	if (rc)
		return fp_err(err, rc, "%s:%u: chapter %zu '%.40s': %s", l->path, c->line, k + 1,
			      c->title, why);
	if (cmd) { /* the command line's look */
		out->explorer.ascii |= cmd->explorer.ascii;
		out->explorer.no_mouse |= cmd->explorer.no_mouse;
		out->explorer.w = cmd->explorer.w;
		out->explorer.h = cmd->explorer.h;
		out->explorer.keys_path = cmd->explorer.keys_path;
		out->explorer.dump_path = cmd->explorer.dump_path;
		out->lesson = cmd->lesson;
	}
	return FP_OK;
}

/* Chapter k's session built and thrown away: what entering it would do. */
static int check_session(const struct config *cfg, char *err)
{
	struct data d;
	struct fit f;
	memset(&d, 0, sizeof d);
	memset(&f, 0, sizeof f);
	int rc = setup_data(cfg, &d, err);
	if (rc)
		return rc;
	rc = setup_fit(cfg, &d, &f, err);
	if (rc == FP_OK) {
		struct app a;
		rc = app_init(&a, (struct config *)cfg, &d, &f, 1, err);
		app_done(&a);
		fit_done(&f);
	}
	data_free(&d);
	return rc;
}

int lesson_check(const struct lesson *l, const struct config *cmd, char *err)
{
	for (size_t k = 0; k < l->n; k++) {
		struct config cfg;
		const char *file;
		char why[FP_ERRLEN];
		int rc = lesson_config(l, k, cmd, &cfg, &file, err);
		if (rc == FP_OK && (!file || access(file, R_OK) == 0) &&
		    check_session(&cfg, why) != FP_OK)
			rc = fp_err(err, FP_EINPUT, "%s:%u: chapter %zu '%.40s': %s", l->path,
				    l->ch[k].line, k + 1, l->ch[k].title, why);
		options_free(&cfg);
		if (rc)
			return rc;
	}
	return FP_OK;
}

void lesson_slug(const struct lesson *l, size_t k, char *buf, size_t len)
{
	size_t o = (size_t)snprintf(buf, len, "%02zu-", k + 1);
	int dash = 1;
	for (const char *p = l->ch[k].title; *p && o + 1 < len && o < 64; p++) {
		unsigned char ch = (unsigned char)*p;
		if (isalnum(ch) && ch < 0x80) {
			buf[o++] = (char)tolower(ch);
			dash = 0;
		} else if (!dash) {
			buf[o++] = '-';
			dash = 1;
		}
	}
	while (o > 3 && buf[o - 1] == '-')
		o--;
	buf[o < len ? o : len - 1] = 0;
}
