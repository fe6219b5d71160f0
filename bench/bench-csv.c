/* bench-csv.c: reading 1,000,000 x,y rows (%.17g numbers, about 40 MB): the time of
 * data_csv_parse on memory and of data_csv_load from a file. Prints figures, never
 * fails a build. */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "data.h"
#include "util.h"

#define ROWS 1000000

int main(void)
{
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
