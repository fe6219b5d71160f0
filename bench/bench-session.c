/* SPDX-License-Identifier: GPL-3.0-or-later */
/* bench-session.c: saving and opening sessions. The lesson after 5 steps: capture +
 * save (outfile.c: temporary, fsync, rename) and load + apply (parse, the generated
 * data again, the fit, the loss checked bit for bit), best of 20. A 1,000,000-row x,y
 * file (about 40 MB): save (its checksum read) and open again (the session parsed,
 * the checksum checked, the CSV read, the fit set up and applied), best of 3.
 * Prints figures, never fails a build. */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "options.h"
#include "session.h"
#include "setup.h"
#include "util.h"

#define ROWS 1000000

struct run {
	struct config cfg;
	struct data data;
	struct fit fit;
	struct session s;
};

static int start(struct run *r, int argc, char **argv, char *err)
{
	enum config_action act;
	memset(r, 0, sizeof *r);
	int rc = options_parse(argc, argv, &r->cfg, &act, err);
	if (!rc)
		rc = setup_data(&r->cfg, &r->data, err);
	if (!rc)
		rc = setup_fit(&r->cfg, &r->data, &r->fit, err);
	return rc;
}

static void stop(struct run *r)
{
	fit_done(&r->fit);
	data_free(&r->data);
	options_free(&r->cfg);
	session_free(&r->s);
}

/* Save r's state to path: seconds, or -1. */
static double save(struct run *r, const char *path, char *err)
{
	struct session s;
	double t0 = fp_now();
	if (session_capture(&s, &r->cfg, &r->data, &r->fit, 0, err) != FP_OK)
		return -1;
	int rc = session_save(&s, path, err);
	session_free(&s);
	return rc ? -1 : fp_now() - t0;
}

/* Open path as main does: seconds in all, or -1; *setup gets the part that makes
 * the data and the fit (reading the CSV: the same without a session). */
static double open_session(const char *path, double *setup, char *err)
{
	char *argv[] = {"fitplay", NULL};
	struct run r;
	int rc = start(&r, 1, argv, err); /* the defaults (the lesson), as options give */
	double t0 = fp_now(), ts = 0;
	if (!rc) {
		data_free(&r.data);
		fit_done(&r.fit);
		rc = session_load(path, &r.s, err);
	}
	if (!rc)
		rc = session_apply_config(&r.s, &r.cfg, err);
	double t1 = fp_now();
	if (!rc)
		rc = setup_data(&r.cfg, &r.data, err);
	ts += fp_now() - t1;
	if (!rc)
		rc = session_apply_data(&r.s, &r.data, err);
	t1 = fp_now();
	if (!rc)
		rc = setup_fit(&r.cfg, &r.data, &r.fit, err);
	ts += fp_now() - t1;
	if (!rc)
		rc = session_apply_fit(&r.s, &r.fit, err);
	double dt = fp_now() - t0;
	stop(&r);
	*setup = ts;
	return rc ? -1 : dt;
}

static void best_of(const char *what, int n, const char *path, struct run *r, char *err)
{
	double bs = 1e9, bo = 1e9, bset = 0;
	for (int i = 0; i < n; i++) {
		double set, s = save(r, path, err), o = open_session(path, &set, err);
		if (s < 0 || o < 0) {
			printf("bench-session: %s: %s\n", what, err);
			return;
		}
		bs = s < bs ? s : bs;
		if (o - set < bo) {
			bo = o - set;
			bset = set;
		}
	}
	printf("%s\n  save %.2f ms + open %.2f ms = %.2f ms (session and checksums); "
	       "the data and fit set up: %.2f ms more\n",
	       what, bs * 1e3, bo * 1e3, (bs + bo) * 1e3, bset * 1e3);
}

int main(void)
{
	char err[FP_ERRLEN], dir[] = "/tmp/fitplay-bench-session.XXXXXX", path[128], csv[128];
	if (!mkdtemp(dir))
		return 0;
	snprintf(path, sizeof path, "%s/s.fitplay", dir);
	snprintf(csv, sizeof csv, "%s/big.csv", dir);
	struct run r;
	char *lesson[] = {"fitplay", NULL};
	if (start(&r, 1, lesson, err) == FP_OK) {
		fit_step(&r.fit, 5);
		best_of("the lesson at step 5", 20, path, &r, err);
	}
	stop(&r);
	FILE *fp = fopen(csv, "w");
	if (!fp)
		return 0;
	fprintf(fp, "x,y\n");
	unsigned long s = 12345;
	for (size_t i = 0; i < ROWS; i++) {
		s = s * 6364136223846793005UL + 1442695040888963407UL;
		double x = -2 + 4.0 * (double)i / ROWS;
		char a[40], b[40];
		fprintf(fp, "%s,%s\n", fp_fmt17(a, sizeof a, x),
			fp_fmt17(b, sizeof b, 3 * x * x + 2 * x + 1 + (double)(s >> 11) / 9e15));
	}
	fclose(fp);
	char *big[] = {"fitplay", "--data", csv, NULL};
	if (start(&r, 3, big, err) == FP_OK) {
		fit_step(&r.fit, 5);
		best_of("1,000,000 rows from a 40 MB CSV (checksum)", 3, path, &r, err);
		uint64_t sum, size;
		double t0 = fp_now();
		session_checksum(csv, &sum, &size, err);
		printf("  one checksum of the file: %.2f ms (%llu bytes)\n", (fp_now() - t0) * 1e3,
		       (unsigned long long)size);
	} else {
		printf("bench-session: %s\n", err);
	}
	stop(&r);
	unlink(csv);
	unlink(path);
	rmdir(dir);
	return 0;
}
