/* SPDX-License-Identifier: GPL-3.0-or-later */
/* util.h: status codes, error buffers, C-locale number parsing and printing,
 * and the allocator every core file uses (with a fault-injection hook for tests). */
#ifndef FITPLAY_UTIL_H
#define FITPLAY_UTIL_H

#include <signal.h>
#include <stddef.h>

/* The version comes from the Makefile's VERSION (-DFITPLAY_VERSION). */
#ifndef FITPLAY_VERSION
#define FITPLAY_VERSION "unknown"
#endif

/* Status codes returned by core functions. The values are fitplay's exit statuses. */
enum fp_status {
	FP_OK = 0,	  /* success */
	FP_EFAIL = 1,	  /* any other failure (I/O, gnuplot, out of memory) */
	FP_EINPUT = 2,	  /* bad usage or bad input; the message says which */
	FP_EDIVERGED = 3, /* descent met a non-finite value and stopped */
};

/* Every function that can fail takes `char *err` pointing at FP_ERRLEN bytes and
 * fills it with one line (no trailing newline) when it returns non-zero.
 * fp_err writes control bytes and invalid UTF-8 (from quoted input) as '?'. */
#define FP_ERRLEN 512

/* printf into err (may be NULL). Always returns `status` so callers can
 * `return fp_err(err, FP_EINPUT, "...")`. */
int fp_err(char *err, int status, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

/* Allocation. fp_malloc/fp_calloc/fp_realloc return NULL on failure (also when the
 * test hook says so); fp_free(NULL) is a no-op. */
void *fp_malloc(size_t n);
void *fp_calloc(size_t count, size_t size);
void *fp_realloc(void *p, size_t n);
void fp_free(void *p);
/* Test hook: make the n-th allocation from now fail (n >= 1), and every later one
 * when `sticky`; n = 0 disables. Returns the number of allocations counted so far. */
size_t fp_alloc_fail_at(size_t n, int sticky);

/* Parse a whole string as a finite double in the C locale, whatever the process
 * locale. Leading/trailing blanks are allowed; hex, "nan", "inf", empty strings,
 * trailing garbage and overflow (1e400) are rejected. Returns 0 and sets *out, or -1. */
int fp_parse_double(const char *s, double *out);
/* Same for a span [s, s+len). */
int fp_parse_double_n(const char *s, size_t len, double *out);
/* Parse a non-negative decimal integer <= max. Returns 0 or -1. */
int fp_parse_size(const char *s, size_t max, size_t *out);
/* Parse "V1,V2,...": up to `max` finite doubles. Returns the count (>= 1) or -1. */
int fp_parse_list(const char *s, double *out, size_t max);

/* Format a double for people in the C locale: `sig` significant digits (%.*g);
 * a non-finite value becomes "overflow" (never "nan"/"inf"). Returns buf. */
char *fp_fmt(char *buf, size_t len, double v, int sig);
/* Format with %.17g in the C locale (round-trips); non-finite -> "overflow". */
char *fp_fmt17(char *buf, size_t len, double v);

/* Checked writes to standard output: every line fitplay prints there (--help,
 * --version, --info, the batch tables, --solve, --lr-sweep, --dump -) goes through
 * these, and main ends with fp_out_close (gnulib's close_stdout), so that a full
 * disk or a closed pipe is never a silent success. The first failure is remembered
 * (its errno); from then on nothing more is written, so a caller in a loop stops at
 * the first failed write by checking the result.
 * fp_out: printf to stdout; 0, or -1 when this or an earlier write failed.
 * fp_out_flush: fflush(stdout), the same way.
 * fp_out_note: record a failure (errno errnum; 0: unknown) seen by code that wrote to
 * stdout itself, e.g. with screen_dump. Only the first is kept.
 * fp_out_errno: the first failure's errno; 0: none; -1: a failure of unknown cause.
 * fp_out_close: flush and close stdout and return fp_out_errno() (a stdout closed
 * before fitplay started, with nothing written to it, is not a failure). */
int fp_out(const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 1, 2)))
#endif
    ;
int fp_out_flush(void);
void fp_out_note(int errnum);
int fp_out_errno(void);
int fp_out_close(void);

/* Monotonic clock in seconds (for benchmarks and frame pacing). */
double fp_now(void);

/* 1 if every value of v[0..n-1] is finite. */
int fp_all_finite(const double *v, size_t n);

/* A path's file name for titles: what follows its last '/' ("data/x.csv" -> "x.csv");
 * the path itself when it has no '/' or ends in one; NULL for NULL. Points into path. */
const char *fp_basename(const char *path);

/* In a forked worker child (the export and closed-form jobs): handlers the parent
 * installed go back to their defaults (they restore the terminal: not the child's to
 * run), the n signals in ignore[] are ignored, and stdin, stdout and a terminal
 * stderr go to /dev/null. */
void fp_child_begin(const int *ignore, size_t n);
/* The same for a background job the explorer may cancel (export, sixel): a process
 * group of its own, SIGPIPE and the terminal's stop signals ignored, SIGINT, SIGTERM
 * and SIGHUP calling on_cancel, then the signal mask `mask` (the parent's). */
void fp_child_cancellable(void (*on_cancel)(int), const sigset_t *mask);

#endif
