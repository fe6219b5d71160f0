/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fuzz-lesson.c: fuzz target for the lesson reader (lesson_load, --lesson FILE): the
 * input is the file, handed over as /proc/self/fd/N of a memfd (no disk), and every
 * chapter is then built into a config (lesson_config, as entering it does; the
 * sessions themselves are not made: a setting may ask for 10^8 points). Invariants:
 * a refused lesson gives FP_EINPUT (or FP_EFAIL), one line naming the file and an
 * empty lesson; an accepted one has 1 to 99 chapters with titles and at most three
 * caption lines, all one-line text without control bytes, settings that are
 * chapter settings with a value exactly when their option takes one, chapter lines
 * in order and every scripted event between its chapter's line and the next; each
 * chapter's config is made or refused with one line naming the file. */
#define _GNU_SOURCE
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "lesson.h"
#include "util.h"

#include "fuzz.h"

static void fuzz_lesson_text(const char *t)
{
	FUZZ_CHECK(t && *t);
	for (const char *p = t; *p; p++)
		FUZZ_CHECK((unsigned char)*p >= 0x20 && *p != 0x7f);
}

static void fuzz_lesson_settings(const struct lesson_setting *s, size_t n, unsigned lo, unsigned hi)
{
	FUZZ_CHECK(n <= LESSON_MAX_SETTINGS);
	for (size_t i = 0; i < n; i++) {
		FUZZ_CHECK(options_is_setting(s[i].opt));
		FUZZ_CHECK((s[i].value != NULL) == (s[i].opt->arg != OPTION_ARG_NONE));
		FUZZ_CHECK(s[i].line >= lo && s[i].line < hi);
	}
}

static void fuzz_lesson_check(const struct lesson *l, const char *path, size_t lines)
{
	FUZZ_CHECK(l->n >= 1 && l->n <= LESSON_MAX_CHAPTERS);
	fuzz_lesson_settings(l->base, l->nbase, 1, l->ch[0].line);
	for (size_t k = 0; k < l->n; k++) {
		const struct lesson_chapter *c = &l->ch[k];
		unsigned next = k + 1 < l->n ? l->ch[k + 1].line : (unsigned)lines + 1;
		FUZZ_CHECK(c->line >= 1 && c->line < next);
		fuzz_lesson_text(c->title);
		FUZZ_CHECK(c->ncaption <= LESSON_CAPTION_LINES);
		for (size_t i = 0; i < c->ncaption; i++)
			fuzz_lesson_text(c->caption[i]);
		if (c->needs)
			fuzz_lesson_text(c->needs);
		fuzz_lesson_settings(c->set, c->nset, c->line, next);
		for (size_t i = 0; i < c->sc.n; i++)
			FUZZ_CHECK(c->sc.ev[i].line > c->line && c->sc.ev[i].line < next);
		struct config cfg;
		const char *file;
		char err[FP_ERRLEN];
		memset(err, 0, sizeof err);
		int rc = lesson_config(l, k, NULL, &cfg, &file, err);
		if (rc != FP_OK) {
			FUZZ_CHECK(rc == FP_EINPUT || rc == FP_EFAIL);
			FUZZ_CHECK(fuzz_one_line(err) && strncmp(err, path, strlen(path)) == 0);
		}
		options_free(&cfg);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int fd = -1;
	static char path[64];
	if (fd < 0) {
		fd = memfd_create("fuzz-lesson", 0);
		FUZZ_CHECK(fd >= 0);
		snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
	}
	FUZZ_CHECK(ftruncate(fd, 0) == 0);
	FUZZ_CHECK(pwrite(fd, data, size, 0) == (ssize_t)size);
	size_t lines = 1;
	for (size_t i = 0; i < size; i++)
		lines += data[i] == '\n';
	struct lesson l;
	char err[FP_ERRLEN];
	memset(err, 0, sizeof err);
	int rc = lesson_load(path, &l, err);
	if (rc == FP_OK) {
		fuzz_lesson_check(&l, path, lines);
		lesson_free(&l);
	} else {
		FUZZ_CHECK(rc == FP_EINPUT || rc == FP_EFAIL);
		FUZZ_CHECK(l.n == 0 && l.ch == NULL && l.path == NULL);
		FUZZ_CHECK(strlen(err) < FP_ERRLEN && fuzz_one_line(err));
		FUZZ_CHECK(strncmp(err, path, strlen(path)) == 0 || strstr(err, "memory") ||
			   strstr(err, "too many"));
	}
	return 0;
}
