/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-lesson.c: the lesson's numbers, reproduced: generated data against the
 * reference CSVs, losses, gradients, ten steps of both rules and both losses, the
 * least-squares optimum, the Hessian's eigenvalues and the learning-rate limit. */
#include "testutil.h"

#include "data.h"
#include "fit.h"
#include "preset.h"
#include "solve.h"
#include "util.h"

static char *expected;

static int setup(void **state)
{
	char path[512];
	snprintf(path, sizeof path, "%s/lesson3-expected.json", tu_ref_dir());
	expected = tu_read(path);
	return 0;
}

static int teardown(void **state)
{
	free(expected);
	return 0;
}

static void make_data(const char *version, struct data *d)
{
	const struct preset *p =
	    preset_find(strcmp(version, "video") == 0 ? "lesson3" : "lesson3-kaggle");
	assert_non_null(p);
	char err[FP_ERRLEN];
	assert_int_equal(data_gen(&p->gen, d, err), FP_OK);
}

/* Start a quad session on d with the lesson's start (theta0 NULL) or theta0. */
static void start_quad(struct fit *f, const struct data *d, enum loss_kind loss, double lr,
		       const double *theta0)
{
	char err[FP_ERRLEN];
	int rc =
	    fit_init(f, d, &model_quad, &(struct model_cfg){.d = 1}, loss, NULL, lr, theta0, err);
	if (rc)
		fail_msg("fit_init: %s", err);
}

static void check_csv(const char *version, const char *file)
{
	char path[512], err[FP_ERRLEN];
	snprintf(path, sizeof path, "%s/%s", tu_ref_dir(), file);
	struct data ref, gen;
	assert_int_equal(data_csv_load(path, &ref, err), FP_OK);
	make_data(version, &gen);
	assert_int_equal(ref.n, 20);
	assert_int_equal(gen.n, 20);
	for (size_t i = 0; i < 20; i++) {
		assert_rel(gen.x[i], ref.x[i], 1e-6);
		assert_rel(gen.y[i], ref.y[i], 1e-6);
		/* In fact they agree to the last bit: the float32 grid is reproduced. */
		assert_true(gen.x[i] == ref.x[i]);
		assert_true(gen.y[i] == ref.y[i]);
	}
	data_free(&ref);
	data_free(&gen);
}

static void test_data_video(void **state)
{
	check_csv("video", "lesson3-video.csv");
}

static void test_data_kaggle(void **state)
{
	check_csv("kaggle", "lesson3-kaggle.csv");
}

static void check_run(const char *version, const char *kind)
{
	struct data d;
	make_data(version, &d);
	char key[128];
	double init[1] = {0}, seq[11], grad[3], after[3];
	snprintf(key, sizeof key, "%s.init", version);
	assert_int_equal(tu_json_nums(expected, key, init, 1), 1);
	snprintf(key, sizeof key, "%s.%s.loss_seq_steps0to10", version, kind);
	assert_int_equal(tu_json_nums(expected, key, seq, 11), 11);
	snprintf(key, sizeof key, "%s.%s.grad_at_init", version, kind);
	assert_int_equal(tu_json_nums(expected, key, grad, 3), 3);
	snprintf(key, sizeof key, "%s.%s.params_after_10", version, kind);
	assert_int_equal(tu_json_nums(expected, key, after, 3), 3);

	enum loss_kind loss = strncmp(kind, "mae", 3) == 0 ? LOSS_MAE : LOSS_MSE;
	double theta0[3] = {init[0], init[0], init[0]};
	struct fit f;
	start_quad(&f, &d, loss, 0.01, theta0);
	f.accumulate = strstr(kind, "accumulate") != NULL;
	for (int j = 0; j < 3; j++)
		assert_rel(f.grad[j], grad[j], 1e-6);
	assert_rel(f.loss_value, seq[0], 1e-9);
	for (int k = 1; k <= 10; k++) {
		assert_int_equal(fit_step(&f, 1), 1);
		assert_rel(f.loss_value, seq[k], 1e-9);
	}
	/* The reference loop evaluates the loss 11 times (steps 0..10) and updates after
	 * each evaluation: "params_after_10" are the coefficients after 11 updates. */
	assert_int_equal(fit_step(&f, 1), 1);
	for (int j = 0; j < 3; j++)
		assert_rel(f.theta[j], after[j], 1e-9);
	fit_done(&f);
	data_free(&d);
}

static void test_runs(void **state)
{
	const char *versions[] = {"video", "kaggle"};
	const char *kinds[] = {"mse_correct", "mse_accumulate", "mae_correct", "mae_accumulate"};
	for (int v = 0; v < 2; v++)
		for (int k = 0; k < 4; k++)
			check_run(versions[v], kinds[k]);
}

static void check_closed(const char *version)
{
	struct data d;
	make_data(version, &d);
	char key[128], err[FP_ERRLEN];
	double abc[3], mse = 0, eigs[3], limit = 0, theta[3], got_mse, got_eigs[3], got_limit;
	snprintf(key, sizeof key, "%s.lsq_optimum_abc", version);
	assert_int_equal(tu_json_nums(expected, key, abc, 3), 3);
	snprintf(key, sizeof key, "%s.lsq_optimum_mse", version);
	assert_int_equal(tu_json_nums(expected, key, &mse, 1), 1);
	snprintf(key, sizeof key, "%s.hessian_eigs", version);
	assert_int_equal(tu_json_nums(expected, key, eigs, 3), 3);
	snprintf(key, sizeof key, "%s.gd_lr_limit_2_over_lambda_max", version);
	assert_int_equal(tu_json_nums(expected, key, &limit, 1), 1);
	struct model_cfg mc = {.d = 1};
	assert_int_equal(solve_lsq(&model_quad, &mc, &d, theta, &got_mse, err), FP_OK);
	for (int j = 0; j < 3; j++)
		assert_rel(theta[j], abc[j], 1e-9);
	assert_rel(got_mse, mse, 1e-9);
	assert_int_equal(solve_hessian(&model_quad, &mc, &d, got_eigs, &got_limit, err), FP_OK);
	for (int j = 0; j < 3; j++)
		assert_rel(got_eigs[j], eigs[j], 1e-9);
	assert_rel(got_limit, limit, 1e-9);
	assert_rel(got_limit, 0.2215, 2e-4);
	data_free(&d);
}

static void test_closed_forms(void **state)
{
	check_closed("video");
	check_closed("kaggle");
}

/* The lecture's printed figures, to the digits it prints. */
static void test_lecture_figures(void **state)
{
	struct data d;
	make_data("video", &d);
	struct fit f;
	start_quad(&f, &d, LOSS_MSE, 0.01, NULL);
	char b[32];
	assert_string_equal(fp_fmt(b, sizeof b, f.loss_value, 6), "11.4648");
	assert_string_equal(fp_fmt(b, sizeof b, f.grad[0], 6), "-10.9887");
	fit_set_accumulate(&f, 1);
	const char *printed[] = {"10.11", "7.88", "5.53", "3.86", "3.42", "4.35", "6.27", "8.48"};
	for (int k = 0; k < 8; k++) {
		fit_step(&f, 1);
		snprintf(b, sizeof b, "%.2f", f.loss_value);
		assert_string_equal(b, printed[k]);
	}
	fit_done(&f);
	data_free(&d);
}

/* Descent converges to the closed-form optimum at lr 0.1 ... */
static void test_converges(void **state)
{
	struct data d;
	make_data("video", &d);
	struct fit f;
	start_quad(&f, &d, LOSS_MSE, 0.1, NULL);
	assert_true(f.has_best && f.has_limit);
	fit_step(&f, 2000);
	assert_int_equal(f.trend, FIT_TREND_CONVERGED);
	for (int j = 0; j < 3; j++)
		assert_rel(f.theta[j], f.best[j], 1e-8);
	assert_rel(f.loss_value, f.best_loss, 1e-12);
	fit_done(&f);
	data_free(&d);
}

/* ... and diverges above the limit, stopping at the last finite state. */
static void test_diverges(void **state)
{
	const double rates[] = {0.24, 0.3, 1e6};
	for (int r = 0; r < 3; r++) {
		struct data d;
		make_data("video", &d);
		struct fit f;
		start_quad(&f, &d, LOSS_MSE, rates[r], NULL);
		size_t done = fit_step(&f, 100000);
		assert_true(done < 100000);
		assert_int_equal(f.trend, FIT_TREND_DIVERGED);
		assert_int_equal(f.diverged_step, f.step + 1);
		assert_true(isfinite(f.loss_value));
		assert_true(fp_all_finite(f.theta, 3) && fp_all_finite(f.grad, 3));
		/* Stopped: no more steps until the rate or the coefficients change. */
		assert_int_equal(fit_step(&f, 10), 0);
		char msg[256];
		fit_trend_explain(&f, msg, sizeof msg);
		assert_non_null(strstr(msg, "DIVERGED at step"));
		assert_null(strstr(msg, "nan"));
		assert_null(strstr(msg, "inf"));
		fit_reset(&f);
		assert_int_equal(f.step, 0);
		assert_rel(f.loss_value, 11.46479232744322, 1e-12);
		fit_done(&f);
		data_free(&d);
	}
}

/* At 0.24 the loss rises for several steps before anything overflows. */
static void test_diverging_warning(void **state)
{
	struct data d;
	make_data("video", &d);
	struct fit f;
	start_quad(&f, &d, LOSS_MSE, 0.24, NULL);
	int warned = 0;
	for (int k = 0; k < 200 && f.trend != FIT_TREND_DIVERGED; k++) {
		fit_step(&f, 1);
		warned |= f.trend == FIT_TREND_DIVERGING;
	}
	assert_true(warned);
	fit_done(&f);
	/* 0.001 crawls: MSE 3.53 after 200 steps, reported as crawling. */
	start_quad(&f, &d, LOSS_MSE, 0.001, NULL);
	fit_step(&f, 200);
	char b[32];
	snprintf(b, sizeof b, "%.2f", f.loss_value);
	assert_string_equal(b, "3.53");
	assert_int_equal(f.trend, FIT_TREND_CRAWLING);
	fit_done(&f);
	data_free(&d);
}

/* The isfinite tripwire of DESIGN.md section 4: -ffast-math would break it. */
static void test_isfinite_tripwire(void **state)
{
	volatile double z = 0;
	assert_false(isfinite(1 / z));
	assert_true(isnan(z / z));
}

static void test_lr_ladder(void **state)
{
	assert_rel(fit_lr_ladder(0.01, 1), 0.02, 1e-12);
	assert_rel(fit_lr_ladder(0.02, 1), 0.05, 1e-12);
	assert_rel(fit_lr_ladder(0.05, 1), 0.1, 1e-12);
	assert_rel(fit_lr_ladder(0.1, -1), 0.05, 1e-12);
	assert_rel(fit_lr_ladder(0.01, -1), 0.005, 1e-12);
	assert_rel(fit_lr_ladder(0.2215, 1), 0.5, 1e-12);
	assert_rel(fit_lr_ladder(0.2215, -1), 0.2, 1e-12);
}

/* The trace stays bounded and keeps the start on long runs. */
static void test_trace_bounded(void **state)
{
	struct data d;
	make_data("video", &d);
	struct fit f;
	start_quad(&f, &d, LOSS_MSE, 0.01, NULL);
	fit_step(&f, 100000);
	assert_true(f.trace_n <= f.trace_cap);
	assert_true(f.trace_n >= f.trace_cap / 2);
	unsigned long s0, s1;
	double l0;
	const double *t0;
	assert_int_equal(fit_trace_get(&f, 0, &s0, &l0, &t0), 0);
	assert_int_equal(s0, 0);
	assert_rel(l0, 11.46479232744322, 1e-12);
	assert_rel(t0[0], 1.5, 1e-15);
	for (size_t i = 1; i < f.trace_n; i++) {
		fit_trace_get(&f, i, &s1, NULL, NULL);
		assert_true(s1 > s0);
		s0 = s1;
	}
	double v;
	assert_int_equal(fit_hist_get(&f, f.step, &v), 0);
	assert_true(v == f.loss_value);
	assert_int_equal(fit_hist_get(&f, 0, &v), -1);
	fit_done(&f);
	data_free(&d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_data_video),
	    cmocka_unit_test(test_data_kaggle),
	    cmocka_unit_test(test_runs),
	    cmocka_unit_test(test_closed_forms),
	    cmocka_unit_test(test_lecture_figures),
	    cmocka_unit_test(test_converges),
	    cmocka_unit_test(test_diverges),
	    cmocka_unit_test(test_diverging_warning),
	    cmocka_unit_test(test_isfinite_tripwire),
	    cmocka_unit_test(test_lr_ladder),
	    cmocka_unit_test(test_trace_bounded),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
