/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cli-lesson.c: --lesson from the command line: the lesson found (installed data
 * directory, the source tree, a file), read and checked before the screen opens
 * (FILE:LINE and exit status 2), then the explorer on it, or its deck written. */
#include <libgen.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "lesson.h"
#include "session.h"
#include "setup.h"
#include "ui.h"
#include "util.h"

/* The directory of the running binary, for the source tree's assets/ (or ""). */
static void exe_dir(char *buf, size_t len)
{
	char path[4096];
	ssize_t n = readlink("/proc/self/exe", path, sizeof path - 1);
	buf[0] = 0;
	if (n <= 0)
		return;
	path[n] = 0;
	snprintf(buf, len, "%s", dirname(path));
}

/* The deck: every chapter headless, its picture in dir. */
static int lesson_deck_run(struct config *cmd, struct config *plain, struct data *data,
			   struct fit *fit, char *err)
{
	struct app a;
	struct lesson_run lr;
	char skipped[2048];
	int rc = app_init(&a, plain, data, fit, 1, err);
	if (rc == FP_OK)
		rc = lesson_run_start(&lr, &a, cmd->lesson.loaded, cmd, 0, 0, err);
	if (rc == FP_OK) {
		const char *ext = cmd->lesson.deck_format ? cmd->lesson.deck_format : "png";
		rc = lesson_deck(&a, cmd->lesson.deck_dir, ext, skipped, sizeof skipped, err);
		if (rc == FP_OK && skipped[0])
			fprintf(stderr,
				"fitplay: deck: left out %s (their data file is missing: fitplay "
				"--lesson FILE --export-deck %s)\n",
				skipped, cmd->lesson.deck_dir);
		lesson_run_done(&lr);
	}
	app_done(&a);
	return rc;
}

int cli_lesson(struct config *cmd, char *err)
{
	char dir[4096], path[4096];
	struct lesson l;
	exe_dir(dir, sizeof dir);
	int rc = lesson_find(cmd->lesson.name, dir[0] ? dir : NULL, path, sizeof path, err);
	if (rc == FP_OK)
		rc = lesson_load(path, &l, err);
	if (rc && cmd->lesson.resume) { /* the session's line says where the lesson came from */
		char why[FP_ERRLEN];
		snprintf(why, sizeof why, "%s", err);
		return fp_err(err, rc, "%s:%u: lesson: %s", cmd->lesson.resume->path,
			      cmd->lesson.resume->line.lesson, why);
	}
	if (rc)
		return rc;
	rc = lesson_check(&l, cmd, err);
	const struct session *s = cmd->lesson.resume;
	if (rc == FP_OK && cmd->lesson.chapter > l.n && s)
		rc = fp_err(err, FP_EINPUT, "%s:%u: lesson.chapter %zu: %s has %zu chapters",
			    s->path, s->line.chapter, cmd->lesson.chapter, path, l.n);
	else if (rc == FP_OK && cmd->lesson.chapter > l.n)
		rc = fp_err(err, FP_EINPUT, "--chapter %zu: %s has %zu chapters",
			    cmd->lesson.chapter, path, l.n);
	if (rc) {
		lesson_free(&l);
		return rc;
	}
	cmd->lesson.loaded = &l;
	/* Big closed forms in the background on a terminal, as main does; a key script,
	 * a dump or a deck shows them done. */
	fit_closed_defer(!cmd->lesson.deck_dir && !cmd->explorer.keys_path &&
			 !cmd->explorer.dump_path && isatty(STDIN_FILENO) && isatty(STDOUT_FILENO));
	/* The session the explorer starts on, before the first chapter replaces it. */
	struct config plain;
	enum config_action act;
	char *argv[] = {"fitplay", NULL};
	struct data data;
	struct fit fit;
	memset(&data, 0, sizeof data);
	memset(&fit, 0, sizeof fit);
	rc = options_parse(1, argv, &plain, &act, err);
	if (rc == FP_OK)
		rc = setup_data(&plain, &data, err);
	if (rc == FP_OK && (rc = setup_fit(&plain, &data, &fit, err)) == FP_OK) {
		/* the command line's config: its look, its data file for the chapters */
		if (cmd->lesson.deck_dir)
			rc = lesson_deck_run(cmd, &plain, &data, &fit, err);
		else
			rc = ui_run(cmd, &data, &fit, err);
		fit_done(&fit);
	}
	data_free(&data);
	options_free(&plain);
	lesson_free(&l);
	cmd->lesson.loaded = NULL;
	return rc;
}

/* Whether the lesson a session names is the one it was saved in: a built-in's name is
 * found by cli_lesson; a file must still be there with the same bytes. */
static int lesson_unchanged(const struct session *s, char *err)
{
	uint64_t sum, size;
	char why[FP_ERRLEN];
	if (!s->lesson_is_file)
		return FP_OK;
	if (session_checksum(s->lesson, &sum, &size, why) != FP_OK)
		return fp_err(err, FP_EINPUT, "%s:%u: lesson: %s", s->path, s->line.lesson, why);
	if (sum != s->lesson_sum || size != s->lesson_size)
		return fp_err(err, FP_EINPUT,
			      "%s:%u: lesson: %s changed since the session was saved (%llu bytes, "
			      "checksum %016llx; saved: %llu bytes, %016llx)",
			      s->path, s->line.lesson, s->lesson, (unsigned long long)size,
			      (unsigned long long)sum, (unsigned long long)s->lesson_size,
			      (unsigned long long)s->lesson_sum);
	return FP_OK;
}

int cli_lesson_session(struct config *cfg, const struct session *s, char *err)
{
	int rc = lesson_unchanged(s, err);
	if (rc)
		return rc;
	cfg->lesson.on = 1;
	cfg->lesson.name = s->lesson;
	cfg->lesson.chapter = s->lesson_chapter;
	cfg->lesson.resume = s;
	if (s->lesson_data) { /* the lesson's data file, for the chapters that read one */
		cfg->data.path = s->lesson_data;
		cfg->data.table_path = NULL;
	}
	rc = cli_lesson(cfg, err);
	cfg->lesson.resume = NULL;
	return rc;
}
