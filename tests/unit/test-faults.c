/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-faults.c: allocation failure injected at the 1st, 2nd, ... allocation (once,
 * and from there on) through loading a CSV, generating data, copying it, starting a
 * session for every model and optimizer, descent and exporting a gnuplot script: each run either
 * succeeds or returns an error status with a one-line message and an empty result, never a crash or
 * a leak (run it under ASan: make SANITIZE=1 check). */
#define _GNU_SOURCE
#include "testutil.h"

#include <unistd.h>

#include "data.h"
#include "export.h"
#include "fit.h"
#include "model.h"
#include "optim.h"
#include "util.h"

#define FAULTS_MAX 100000 /* a scenario making more allocations than this is a bug */

static char csv_path[64];

/* Scenarios: each returns a status with err filled on failure, frees all it made. */
static int sc_csv_load(char *err)
{
	struct data d;
	int rc = data_csv_load(csv_path, &d, err);
	if (rc == FP_OK) {
		assert_int_equal(d.n, 3000);
		assert_true(d.y[2999] == 2 * 2999 + 0.5);
	} else {
		assert_int_equal(d.n, 0);
		assert_null(d.x);
		assert_null(d.source);
	}
	data_free(&d);
	return rc;
}

static int sc_csv_stdin_like(char *err)
{
	/* the same through the memory parser, with a header and quotes */
	static const char text[] = "\xEF\xBB\xBF\"x\",\"y\"\r\n1,2\r\n\"3\",4\r\n";
	struct data d;
	int rc = data_csv_parse(text, sizeof text - 1, "mem.csv", &d, err);
	if (rc == FP_OK)
		assert_int_equal(d.n, 2);
	else
		assert_null(d.x);
	data_free(&d);
	return rc;
}

static int sc_gen_copy(char *err)
{
	struct data_gen_cfg cfg;
	data_gen_cfg_lesson(&cfg);
	struct data d, e;
	int rc = data_gen(&cfg, &d, err);
	if (rc) {
		assert_null(d.x);
		return rc;
	}
	assert_int_equal(d.n, 20);
	rc = data_copy(&e, &d, err);
	if (rc == FP_OK) {
		assert_int_equal(e.n, 20);
		assert_true(e.y[7] == d.y[7]);
	} else {
		assert_null(e.x);
	}
	data_free(&e);
	data_free(&d);
	return rc;
}

/* Generate, start a session with every model and optimizer, descend. */
static int sc_fit(char *err)
{
	struct data_gen_cfg cfg;
	data_gen_cfg_lesson(&cfg);
	cfg.n = 20;
	struct data d;
	int rc = data_gen(&cfg, &d, err);
	if (rc)
		return rc;
	for (size_t m = 0; model_types[m]; m++) {
		const struct model_type *t = model_types[m];
		if (t->min_d > 1)
			continue;
		char spec[64];
		snprintf(spec, sizeof spec, "%s%s", t->name, t->takes_k ? ":3" : "");
		struct model_cfg mc = {0};
		const struct model_type *pt;
		rc = model_parse(spec, &pt, &mc, err);
		assert_int_equal(rc, FP_OK);
		mc.xlo = d.xlo;
		mc.xhi = d.xhi;
		mc.seed = 42;
		mc.d = 1;
		for (size_t o = 0; optim_types[o]; o++) {
			struct fit f;
			rc = fit_init(&f, &d, pt, &mc, o % 2 ? LOSS_MAE : LOSS_MSE, optim_types[o],
				      0.01, NULL, err);
			if (rc) {
				assert_null(f.theta);
				data_free(&d);
				return rc;
			}
			size_t got = fit_step(&f, 100);
			assert_int_equal(got, 100);
			assert_true(isfinite(f.loss_value));
			fit_reset(&f);
			fit_step(&f, 5);
			fit_done(&f);
		}
	}
	data_free(&d);
	return FP_OK;
}

/* A session, then its gnuplot script exported (.gp: no gnuplot run). A failed export
 * leaves no file behind. */
static char gp_path[96];

static int sc_export(char *err)
{
	struct data_gen_cfg cfg;
	data_gen_cfg_lesson(&cfg);
	struct data d;
	struct fit f;
	int rc = data_gen(&cfg, &d, err);
	if (rc)
		return rc;
	struct model_cfg mc = {.d = 1, .xlo = d.xlo, .xhi = d.xhi};
	rc = fit_init(&f, &d, &model_quad, &mc, LOSS_MSE, NULL, 0.01, NULL, err);
	if (rc == FP_OK) {
		fit_step(&f, 20);
		unlink(gp_path);
		rc = export_write(&f, gp_path, err);
		if (rc == FP_OK)
			assert_int_equal(access(gp_path, R_OK), 0);
		else
			assert_int_not_equal(access(gp_path, F_OK), 0);
		fit_done(&f);
	}
	data_free(&d);
	return rc;
}

/* Run sc with the n-th allocation failing (and every later one when sticky), for
 * n = 1, 2, ... until a run makes fewer than n allocations. */
static void run_faults(int (*sc)(char *err), int sticky)
{
	size_t n;
	size_t failures = 0;
	for (n = 1; n < FAULTS_MAX; n++) {
		char err[FP_ERRLEN] = "";
		fp_alloc_fail_at(n, sticky);
		int rc = sc(err);
		size_t made = fp_alloc_fail_at(0, 0);
		if (made < n) { /* the fault was never reached: a clean run */
			if (rc != FP_OK)
				fail_msg("no fault injected, yet: %s", err);
			break;
		}
		if (rc != FP_OK) {
			failures++;
			assert_true(rc == FP_EFAIL || rc == FP_EINPUT);
			assert_true(err[0] != 0);
			assert_null(strchr(err, '\n'));
		}
	}
	assert_true(n < FAULTS_MAX);
	print_message("%zu allocations, %zu runs failed cleanly (%s)\n", n - 1, failures,
		      sticky ? "sticky" : "once");
	assert_true(n > 1);
}

static void test_csv_load(void **state)
{
	run_faults(sc_csv_load, 0);
	run_faults(sc_csv_load, 1);
}

static void test_csv_parse(void **state)
{
	run_faults(sc_csv_stdin_like, 0);
	run_faults(sc_csv_stdin_like, 1);
}

static void test_gen_copy(void **state)
{
	run_faults(sc_gen_copy, 0);
	run_faults(sc_gen_copy, 1);
}

static void test_export(void **state)
{
	run_faults(sc_export, 0);
	run_faults(sc_export, 1);
}

static void test_fit(void **state)
{
	run_faults(sc_fit, 0);
	run_faults(sc_fit, 1);
}

/* The hook itself: the n-th allocation fails, then (not sticky) the next succeeds. */
static void test_hook(void **state)
{
	fp_alloc_fail_at(2, 0);
	void *a = fp_malloc(8), *b = fp_malloc(8), *c = fp_calloc(2, 8);
	assert_non_null(a);
	assert_null(b);
	assert_non_null(c);
	assert_int_equal(fp_alloc_fail_at(1, 1), 3);
	void *d = fp_realloc(NULL, 8), *e = fp_malloc(1);
	assert_null(d);
	assert_null(e);
	assert_int_equal(fp_alloc_fail_at(0, 0), 2);
	fp_free(a);
	fp_free(c);
	fp_free(NULL);
}

static int setup(void **state)
{
	snprintf(csv_path, sizeof csv_path, "/tmp/fitplay-faults-XXXXXX");
	int fd = mkstemp(csv_path);
	if (fd < 0)
		return -1;
	FILE *fp = fdopen(fd, "w");
	fputs("x,y\n", fp);
	for (int i = 0; i < 3000; i++)
		fprintf(fp, "%d,%d.5\n", i, 2 * i);
	fclose(fp);
	snprintf(gp_path, sizeof gp_path, "%s.gp", csv_path);
	return 0;
}

static int teardown(void **state)
{
	unlink(gp_path);
	unlink(csv_path);
	return 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_hook),      cmocka_unit_test(test_csv_load),
	    cmocka_unit_test(test_csv_parse), cmocka_unit_test(test_gen_copy),
	    cmocka_unit_test(test_fit),	      cmocka_unit_test(test_export),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
