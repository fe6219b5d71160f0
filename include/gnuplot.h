/* SPDX-License-Identifier: GPL-3.0-or-later */
/* gnuplot.h: the only way fitplay talks to gnuplot: one quoting function for every
 * string that reaches a script, and one spawn of `gnuplot -d SCRIPT` (no shell,
 * stdin /dev/null, output to a log, a time limit, the exit status read). */
#ifndef FITPLAY_GNUPLOT_H
#define FITPLAY_GNUPLOT_H

#include <stddef.h>
#include <stdio.h>

#define GNUPLOT_TIMEOUT_DEFAULT 20.0 /* seconds before a hanging gnuplot is killed */
#define GNUPLOT_TIMEOUT_ENV	"FITPLAY_GNUPLOT_TIMEOUT" /* overrides it (seconds > 0) */

/* Bytes gnuplot_quote writes for s, without the terminating NUL: two double quotes,
 * each byte of [A-Za-z0-9 ._-] as itself, every other byte as a 4-byte \ooo escape
 * (and an octal digit right after an escape too: gnuplot reads \0 plus up to three
 * more digits, so "(2" must be \050\062). */
size_t gnuplot_quoted_len(const char *s);

/* Write s as a gnuplot double-quoted string literal into buf (NUL-terminated).
 * No byte outside [A-Za-z0-9 ._-] appears unescaped, so backticks, quotes, @, $,
 * newlines and backslashes can neither end the string nor run anything.
 * Returns 0, or -1 when buf (len bytes) is too small (buf then holds ""). */
int gnuplot_quote(const char *s, char *buf, size_t len);

/* The same, written to fp. Returns 0, or -1 on a write error. */
int gnuplot_fput_quoted(FILE *fp, const char *s);

/* The time limit: $FITPLAY_GNUPLOT_TIMEOUT when it is a number > 0, else
 * GNUPLOT_TIMEOUT_DEFAULT. */
double gnuplot_timeout(void);

/* Run `gnuplot -d script` found on PATH (fork and execve, no shell; script is the
 * caller's own file; a name starting with '<', '|' or '-' is refused), with its
 * working directory `dirfd` (AT_FDCWD: ours), where the relative names script and
 * log_path are found: so a private directory's descriptor keeps every name gnuplot
 * opens out of reach of other users. stdin /dev/null, stdout and stderr to log_path
 * (created or truncated, never through a symlink), in its own process group,
 * GNUTERM removed from its environment, default signal dispositions, and killed
 * (PR_SET_PDEATHSIG) if the calling thread dies first. Waits at most `timeout`
 * seconds (<= 0: gnuplot_timeout()), then kills the group and reaps it, so no zombie
 * is left. Returns FP_OK when gnuplot exited with status 0; otherwise FP_EFAIL with
 * one line in err: "gnuplot not found: install gnuplot-nox", "gnuplot failed (exit
 * status N): FIRST LOG LINES", killed by a signal, "file too large (...)" (SIGXFSZ),
 * or "gnuplot took longer than T s: killed". */
int gnuplot_run_in(int dirfd, const char *script, const char *log_path, double timeout, char *err);

/* gnuplot_run_in(AT_FDCWD, ...): names relative to the current directory. */
int gnuplot_run(const char *script, const char *log_path, double timeout, char *err);

/* Cancel gnuplot in this process: kill the group of the gnuplot that gnuplot_run is
 * waiting for (it then returns FP_EFAIL, "gnuplot killed by signal 9"), and make
 * every later gnuplot_run fail at once with "export cancelled". Async-signal-safe:
 * meant for the SIGTERM handler of an export child (export_job_cancel); never
 * undone in that process. */
void gnuplot_cancel(void);

#endif
