/* SPDX-License-Identifier: GPL-3.0-or-later */
/* bench-csv.c: reading 1,000,000 x,y rows (%.17g numbers, about 40 MB): the time of
 * data_csv_parse on memory and of data_csv_load from a file; then the peak memory of
 * loading an MNIST-shaped table (42,000 rows x 785 columns of small integers, about
 * 80 MB) with data_table_load, against the two copies of the numbers it may hold
 * (rows and columns). Prints figures, never fails a build. */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "data.h"
#include "table.h"
#include "util.h"

#define ROWS  1000000
#define TROWS 42000
#define TCOLS 785 /* a label and 784 pixels */

/* Peak RSS in KiB of a child that loads the table at path (or does nothing when path
 * is NULL: the baseline); -1 on failure. *secs gets the load's time. */
static long child_peak(const char *path, double *secs)
{
	int pfd[2];
	if (pipe(pfd) != 0)
		return -1;
	pid_t pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0) {
		close(pfd[0]);
		double t0 = fp_now(), dt = 0;
		if (path) {
			struct table_cfg tc;
			struct data d;
			char err[FP_ERRLEN];
			table_cfg_default(&tc);
			tc.target = "label";
			if (data_table_load(path, &tc, &d, err) != FP_OK) {
				fprintf(stderr, "bench-csv: %s\n", err);
				_exit(1);
			}
			dt = fp_now() - t0;
			data_free(&d);
		}
		if (write(pfd[1], &dt, sizeof dt) != (ssize_t)sizeof dt)
			_exit(1);
		_exit(0);
	}
	close(pfd[1]);
	if (read(pfd[0], secs, sizeof *secs) != (ssize_t)sizeof *secs)
		*secs = -1;
	close(pfd[0]);
	int st;
	struct rusage ru;
	if (wait4(pid, &st, 0, &ru) != pid || !WIFEXITED(st) || WEXITSTATUS(st) != 0)
		return -1;
	return ru.ru_maxrss;
}

/* The MNIST-shaped table: peak memory of loading it. */
static void table_memory(void)
{
	char path[] = "/tmp/fitplay-bench-table-XXXXXX";
	int fd = mkstemp(path);
	FILE *fp = fd >= 0 ? fdopen(fd, "w") : NULL;
	if (!fp)
		return;
	fprintf(fp, "label");
	for (int j = 1; j < TCOLS; j++)
		fprintf(fp, ",pixel%d", j - 1);
	fputc('\n', fp);
	unsigned long s = 7;
	for (int i = 0; i < TROWS; i++) {
		for (int j = 0; j < TCOLS; j++) {
			s = s * 6364136223846793005UL + 1442695040888963407UL;
			unsigned v = (unsigned)(s >> 33);
			/* a fifth of the pixels lit, as in MNIST */
			fprintf(fp, j ? ",%u" : "%u",
				j == 0	     ? v % 10
				: v % 5 == 0 ? (v >> 3) % 256
					     : 0);
		}
		fputc('\n', fp);
	}
	if (fclose(fp) != 0) {
		unlink(path);
		return;
	}
	struct stat st;
	double secs, none;
	long base = child_peak(NULL, &none),
	     peak = stat(path, &st) == 0 ? child_peak(path, &secs) : -1;
	if (base >= 0 && peak >= 0) {
		double mb = (double)st.st_size / 1e6, used = (double)(peak - base) * 1024 / 1e6;
		double copy = (double)TROWS * (TCOLS - 1 + 1) * sizeof(double) / 1e6; /* + Ones */
		printf("table load: %d x %d (%.1f MB) in %.2f s, peak memory %.1f MB = %.2f x the "
		       "file, %.2f copies of the numbers (%.1f MB each; at most 2 wanted)\n",
		       TROWS, TCOLS, mb, secs, used, used / mb, used / copy, copy);
	}
	unlink(path);
}

int main(void)
{
	table_memory();

	size_t cap = (size_t)ROWS * 48 + 16, len = 0;
	char *buf = malloc(cap);
	if (!buf)
		return 0;
	len += (size_t)snprintf(buf, cap, "x,y\n");
	unsigned long s = 12345;
	for (size_t i = 0; i < ROWS; i++) {
		s = s * 6364136223846793005UL + 1442695040888963407UL;
		double x = -2 + 4.0 * (double)i / ROWS;
		double y = 3 * x * x + 2 * x + 1 + (double)(s >> 11) / 9007199254740992.0 - 0.5;
		char a[40], b[40];
		len += (size_t)snprintf(buf + len, cap - len, "%s,%s\n", fp_fmt17(a, sizeof a, x),
					fp_fmt17(b, sizeof b, y));
	}
	char err[FP_ERRLEN];
	struct data d;
	double best = 1e9;
	for (int r = 0; r < 3; r++) {
		double t0 = fp_now();
		int rc = data_csv_parse(buf, len, "bench.csv", &d, err);
		double dt = fp_now() - t0;
		if (rc) {
			printf("bench-csv: %s\n", err);
			free(buf);
			return 0;
		}
		data_free(&d);
		if (dt < best)
			best = dt;
	}
	printf("csv parse: %d rows (%.1f MB) in %.3f s (%.1f MB/s)\n", ROWS, len / 1e6, best,
	       len / 1e6 / best);
	char path[] = "/tmp/fitplay-bench-XXXXXX";
	int fd = mkstemp(path);
	if (fd >= 0 && write(fd, buf, len) == (ssize_t)len) {
		double t0 = fp_now();
		int rc = data_csv_load(path, &d, err);
		double dt = fp_now() - t0;
		if (rc == FP_OK)
			printf("csv load:  %zu rows from a file in %.3f s\n", d.n, dt);
		else
			printf("bench-csv: %s\n", err);
		data_free(&d);
	}
	if (fd >= 0) {
		close(fd);
		unlink(path);
	}
	free(buf);
	return 0;
}
