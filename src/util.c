/* SPDX-License-Identifier: GPL-3.0-or-later */
/* util.c: errors, the allocator with its fault hook, C-locale numbers, the clock. */
#define _GNU_SOURCE
#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <locale.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

/* Keep a message on one printable line whatever it quotes (a file name with a
 * newline, an option value with escape codes, bytes cut by vsnprintf): control
 * bytes and invalid UTF-8 become '?'. */
static void err_clean(char *s)
{
	unsigned char *p = (unsigned char *)s;
	while (*p) {
		unsigned c = *p;
		size_t k = 0;
		if (c < 0x80)
			k = 1;
		else if (c >= 0xC2 && c <= 0xDF)
			k = 2;
		else if (c >= 0xE0 && c <= 0xEF)
			k = 3;
		else if (c >= 0xF0 && c <= 0xF4)
			k = 4;
		for (size_t i = 1; i < k; i++)
			if ((p[i] & 0xC0) != 0x80)
				k = 0;
		if (k == 0 || (k == 1 && (c < 32 || c == 127))) {
			*p++ = '?';
			continue;
		}
		p += k;
	}
}

int fp_err(char *err, int status, const char *fmt, ...)
{
	if (err) {
		va_list ap;
		va_start(ap, fmt);
		vsnprintf(err, FP_ERRLEN, fmt, ap);
		va_end(ap);
		err_clean(err);
	}
	return status;
}

static size_t alloc_count;   /* allocations seen since the hook was set */
static size_t alloc_fail_at; /* fail the allocation with this count (0: never) */
static int alloc_sticky;     /* keep failing after the first failure */

size_t fp_alloc_fail_at(size_t n, int sticky)
{
	size_t seen = alloc_count;
	alloc_count = 0;
	alloc_fail_at = n;
	alloc_sticky = sticky;
	return seen;
}

static int alloc_should_fail(void)
{
	alloc_count++;
	if (!alloc_fail_at)
		return 0;
	if (alloc_count == alloc_fail_at)
		return 1;
	return alloc_sticky && alloc_count > alloc_fail_at;
}

void *fp_malloc(size_t n)
{
	if (alloc_should_fail())
		return NULL;
	return malloc(n ? n : 1);
}

void *fp_calloc(size_t count, size_t size)
{
	if (alloc_should_fail())
		return NULL;
	if (!count || !size)
		count = size = 1;
	return calloc(count, size);
}

void *fp_realloc(void *p, size_t n)
{
	if (alloc_should_fail())
		return NULL;
	return realloc(p, n ? n : 1);
}

void fp_free(void *p)
{
	free(p);
}

static locale_t c_locale(void)
{
	static locale_t loc;
	if (!loc)
		loc = newlocale(LC_ALL_MASK, "C", (locale_t)0);
	return loc;
}

int fp_parse_double_n(const char *s, size_t len, double *out)
{
	char buf[128];
	const char *p = s, *end = s + len;
	while (p < end && (*p == ' ' || *p == '\t'))
		p++;
	while (end > p && (end[-1] == ' ' || end[-1] == '\t'))
		end--;
	size_t n = (size_t)(end - p);
	if (n == 0 || n >= sizeof buf)
		return -1;
	/* Only plain decimal numbers: digits, one sign, point, exponent. */
	for (size_t i = 0; i < n; i++) {
		char c = p[i];
		if (!((c >= '0' && c <= '9') || c == '.' || c == '-' || c == '+' || c == 'e' ||
		      c == 'E'))
			return -1;
	}
	memcpy(buf, p, n);
	buf[n] = 0;
	char *e;
	errno = 0;
	double v = strtod_l(buf, &e, c_locale());
	if (e != buf + n || e == buf)
		return -1;
	if (!isfinite(v) || (errno == ERANGE && fabs(v) > 1))
		return -1;
	*out = v;
	return 0;
}

int fp_parse_double(const char *s, double *out)
{
	if (!s)
		return -1;
	return fp_parse_double_n(s, strlen(s), out);
}

int fp_parse_size(const char *s, size_t max, size_t *out)
{
	if (!s || !*s)
		return -1;
	size_t v = 0;
	for (const char *p = s; *p; p++) {
		if (*p < '0' || *p > '9')
			return -1;
		size_t dgt = (size_t)(*p - '0');
		if (v > (max - dgt) / 10)
			return -1;
		v = v * 10 + dgt;
	}
	*out = v;
	return 0;
}

int fp_parse_list(const char *s, double *out, size_t max)
{
	if (!s)
		return -1;
	size_t count = 0;
	const char *p = s;
	for (;;) {
		const char *c = strchr(p, ',');
		size_t len = c ? (size_t)(c - p) : strlen(p);
		if (count == max)
			return -1;
		if (fp_parse_double_n(p, len, &out[count]) != 0)
			return -1;
		count++;
		if (!c)
			break;
		p = c + 1;
	}
	return (int)count;
}

char *fp_fmt(char *buf, size_t len, double v, int sig)
{
	if (!isfinite(v)) {
		snprintf(buf, len, "overflow");
		return buf;
	}
	locale_t old = uselocale(c_locale());
	snprintf(buf, len, "%.*g", sig, v);
	uselocale(old);
	return buf;
}

char *fp_fmt17(char *buf, size_t len, double v)
{
	return fp_fmt(buf, len, v, 17);
}

const char *fp_basename(const char *path)
{
	const char *slash = path ? strrchr(path, '/') : NULL;
	return slash && slash[1] ? slash + 1 : path;
}

double fp_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

int fp_all_finite(const double *v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!isfinite(v[i]))
			return 0;
	return 1;
}

/* ---- Checked writes to standard output ---- */

static int out_errno; /* the first failed write's errno; -1: unknown cause; 0: none */

void fp_out_note(int errnum)
{
	if (!out_errno)
		out_errno = errnum > 0 ? errnum : -1;
}

int fp_out_errno(void)
{
	return out_errno;
}

int fp_out(const char *fmt, ...)
{
	if (out_errno)
		return -1;
	va_list ap;
	va_start(ap, fmt);
	errno = 0;
	int n = vprintf(fmt, ap);
	int e = errno;
	va_end(ap);
	if (n < 0 || ferror(stdout)) {
		fp_out_note(e);
		return -1;
	}
	return 0;
}

int fp_out_flush(void)
{
	if (out_errno)
		return -1;
	errno = 0;
	if (fflush(stdout) != 0 || ferror(stdout)) {
		fp_out_note(errno);
		return -1;
	}
	return 0;
}

int fp_out_close(void)
{
	/* As gnulib's close_stream: what is pending must reach the file; closing a
	 * descriptor that was never open (fitplay ... >&-) is an error only when there
	 * was something to write, and then the flush has already failed. */
	if (fp_out_flush() == 0) {
		errno = 0;
		if (fclose(stdout) != 0 && errno != EBADF)
			fp_out_note(errno);
	}
	return out_errno;
}

void fp_child_begin(const int *ignore, size_t n)
{
	struct sigaction dfl, old;
	memset(&dfl, 0, sizeof dfl);
	dfl.sa_handler = SIG_DFL;
	sigemptyset(&dfl.sa_mask);
	for (int s = 1; s <= SIGRTMAX; s++) {
		if (s == SIGKILL || s == SIGSTOP || sigaction(s, NULL, &old) != 0)
			continue;
		if (old.sa_handler != SIG_DFL && old.sa_handler != SIG_IGN)
			sigaction(s, &dfl, NULL);
	}
	struct sigaction ign = dfl;
	ign.sa_handler = SIG_IGN;
	for (size_t i = 0; i < n; i++)
		sigaction(ignore[i], &ign, NULL);
	int nul = open("/dev/null", O_RDWR);
	if (nul >= 0) {
		dup2(nul, STDIN_FILENO);
		dup2(nul, STDOUT_FILENO);
		if (isatty(STDERR_FILENO))
			dup2(nul, STDERR_FILENO);
		if (nul > STDERR_FILENO)
			close(nul);
	}
}

void fp_child_cancellable(void (*on_cancel)(int), const sigset_t *mask)
{
	setpgid(0, 0);
	static const int ignored[] = {SIGPIPE, SIGTSTP, SIGTTIN, SIGTTOU};
	fp_child_begin(ignored, sizeof ignored / sizeof ignored[0]);
	struct sigaction cancel;
	memset(&cancel, 0, sizeof cancel);
	sigemptyset(&cancel.sa_mask);
	cancel.sa_handler = on_cancel;
	sigaction(SIGINT, &cancel, NULL);
	sigaction(SIGTERM, &cancel, NULL);
	sigaction(SIGHUP, &cancel, NULL);
	sigprocmask(SIG_SETMASK, mask, NULL);
}
