/* SPDX-License-Identifier: GPL-3.0-or-later */
/* testutil.h: shared helpers for the cmocka unit tests: the reference directory,
 * a tiny JSON number reader for lesson3-expected.json, relative comparisons. */
#ifndef FITPLAY_TESTUTIL_H
#define FITPLAY_TESTUTIL_H

#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <string.h>

#include <cmocka.h>

/* ../shared/reference, or $FITPLAY_REF. */
static inline const char *tu_ref_dir(void)
{
	const char *e = getenv("FITPLAY_REF");
	return e && *e ? e : "../shared/reference";
}

/* Read a whole file (NUL-terminated, caller frees); fails the test when missing. */
static inline char *tu_read(const char *path)
{
	FILE *fp = fopen(path, "rb");
	if (!fp)
		fail_msg("cannot open %s", path);
	fseek(fp, 0, SEEK_END);
	long n = ftell(fp);
	fseek(fp, 0, SEEK_SET);
	char *b = malloc((size_t)n + 1);
	assert_non_null(b);
	assert_int_equal(fread(b, 1, (size_t)n, fp), (size_t)n);
	b[n] = 0;
	fclose(fp);
	return b;
}

/* Find the numbers at a JSON path like "video.mse_correct.grad_at_init" (objects
 * only, then a number or an array of numbers). Returns how many were read. */
static inline size_t tu_json_nums(const char *json, const char *path, double *out, size_t max)
{
	const char *p = json;
	char key[128];
	const char *k = path;
	while (*k) {
		const char *dot = strchr(k, '.');
		size_t len = dot ? (size_t)(dot - k) : strlen(k);
		snprintf(key, sizeof key, "\"%.*s\"", (int)len, k);
		p = strstr(p, key);
		if (!p)
			return 0;
		p += strlen(key);
		k = dot ? dot + 1 : k + len;
	}
	p = strchr(p, ':');
	if (!p)
		return 0;
	p++;
	size_t n = 0;
	while (*p == ' ' || *p == '\n' || *p == '\t')
		p++;
	int array = *p == '[';
	if (array)
		p++;
	while (n < max) {
		char *e;
		double v = strtod(p, &e);
		if (e == p)
			break;
		out[n++] = v;
		p = e;
		while (*p == ' ' || *p == '\n' || *p == ',' || *p == '\t')
			p++;
		if (!array || *p == ']')
			break;
	}
	return n;
}

/* A private temporary directory for a test program: tu_tmpdir_make("te") in the
 * group setup, tu_tmpdir_remove() in its teardown, tu_path_in() for names inside. */
static char tu_tmpdir[256];

static inline int tu_tmpdir_make(const char *tag)
{
	const char *t = getenv("TMPDIR");
	snprintf(tu_tmpdir, sizeof tu_tmpdir, "%s/fitplay-%s-XXXXXX", t && t[0] == '/' ? t : "/tmp",
		 tag);
	return mkdtemp(tu_tmpdir) ? 0 : -1;
}

static inline int tu_tmpdir_remove(void)
{
	char cmd[400];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", tu_tmpdir);
	return system(cmd) == 0 ? 0 : -1;
}

static inline void tu_path_in(char *buf, size_t len, const char *name)
{
	snprintf(buf, len, "%s/%s", tu_tmpdir, name);
}

/* |a - b| <= rel * max(|a|, |b|, 1e-300) */
#define assert_rel(a, b, rel)                                                                      \
	do {                                                                                       \
		double a_ = (a), b_ = (b);                                                         \
		double m_ = fmax(fmax(fabs(a_), fabs(b_)), 1e-300);                                \
		if (!(fabs(a_ - b_) <= (rel)*m_))                                                  \
			fail_msg("%s = %.17g, expected %.17g (rel %.3g)", #a, a_, b_,              \
				 fabs(a_ - b_) / m_);                                              \
	} while (0)

/* gnuplot on PATH (tests that need it skip without it). */
static inline int tu_have_gnuplot(void)
{
	return system("command -v gnuplot >/dev/null 2>&1") == 0;
}

/* The path exists (stat succeeds). */
static inline int tu_exists(const char *p)
{
	struct stat st;
	return stat(p, &st) == 0;
}

/* An executable fake gnuplot (a sh script with `body`) in tu_tmpdir/bin, alone on
 * PATH; the old PATH into oldpath (len bytes) for the caller to restore. */
static inline void tu_fake_gnuplot(const char *body, char *oldpath, size_t len)
{
	char bin[300], p[320];
	tu_path_in(bin, sizeof bin, "bin");
	mkdir(bin, 0755);
	snprintf(p, sizeof p, "%s/gnuplot", bin);
	FILE *fp = fopen(p, "w");
	assert_non_null(fp);
	fprintf(fp, "#!/bin/sh\n%s\n", body);
	fclose(fp);
	assert_int_equal(chmod(p, 0755), 0);
	snprintf(oldpath, len, "%s", getenv("PATH") ? getenv("PATH") : "/usr/bin:/bin");
	setenv("PATH", bin, 1);
}

#endif
