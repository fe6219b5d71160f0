/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-lm.c: Levenberg-Marquardt (solve_lm) against the closed-form least squares and
 * the lesson's reference optimum, on every model in the registry. */
#include "testutil.h"

#include "data.h"
#include "model.h"
#include "solve.h"
#include "util.h"

static void lesson_data(struct data *d)
{
	struct data_gen_cfg g;
	char err[FP_ERRLEN];
	data_gen_cfg_lesson(&g);
	assert_int_equal(data_gen(&g, d, err), FP_OK);
}

/* From the lesson's start, LM lands on solve_lsq's answer and the reference one in a
 * few iterations, and records its path (start first, answer last). */
static void test_lm_quad_lesson(void **state)
{
	struct data d;
	char err[FP_ERRLEN], path[256];
	lesson_data(&d);
	struct model_cfg cfg = {.d = 1};
	double theta[3] = {1.5, 1.5, 1.5}, lsq[3], mse, ipath[32 * 3];
	struct solve_lm_result r;
	assert_int_equal(solve_lm(&model_quad, &cfg, &d, theta, 0, ipath, 32, &r, err), FP_OK);
	assert_true(r.converged);
	assert_true(r.iterations >= 1 && r.iterations <= 10);
	assert_int_equal(solve_lsq(&model_quad, &cfg, &d, lsq, &mse, err), FP_OK);
	for (int j = 0; j < 3; j++)
		assert_rel(theta[j], lsq[j], 1e-8);
	assert_rel(r.loss, mse, 1e-12);
	assert_rel(r.start_loss, 11.46479232744322, 1e-9);

	snprintf(path, sizeof path, "%s/lesson3-expected.json", tu_ref_dir());
	char *json = tu_read(path);
	double ref[3], refmse = 0;
	assert_int_equal(tu_json_nums(json, "video.lsq_optimum_abc", ref, 3), 3);
	assert_int_equal(tu_json_nums(json, "video.lsq_optimum_mse", &refmse, 1), 1);
	free(json);
	for (int j = 0; j < 3; j++)
		assert_rel(theta[j], ref[j], 1e-6);
	assert_rel(r.loss, refmse, 1e-6);

	assert_int_equal(r.path_n, r.iterations + 1);
	assert_rel(ipath[0], 1.5, 0);
	for (int j = 0; j < 3; j++)
		assert_rel(ipath[(r.path_n - 1) * 3 + j], theta[j], 1e-15);
	data_free(&d);
}

/* Already at the optimum: LM stays there. */
static void test_lm_at_optimum(void **state)
{
	struct data d;
	char err[FP_ERRLEN];
	lesson_data(&d);
	struct model_cfg cfg = {.d = 1};
	double theta[3], lsq[3], mse;
	struct solve_lm_result r;
	assert_int_equal(solve_lsq(&model_quad, &cfg, &d, lsq, &mse, err), FP_OK);
	memcpy(theta, lsq, sizeof theta);
	assert_int_equal(solve_lm(&model_quad, &cfg, &d, theta, 0, NULL, 0, &r, err), FP_OK);
	for (int j = 0; j < 3; j++)
		assert_rel(theta[j], lsq[j], 1e-9);
	assert_true(r.loss <= mse * (1 + 1e-12));
	data_free(&d);
}

/* Errors: fewer points than coefficients, non-finite start. */
static void test_lm_errors(void **state)
{
	struct data d;
	char err[FP_ERRLEN];
	lesson_data(&d);
	struct model_cfg cfg = {.d = 1};
	struct solve_lm_result r;
	double theta[3] = {1, NAN, 1};
	assert_int_equal(solve_lm(&model_quad, &cfg, &d, theta, 0, NULL, 0, &r, err), FP_EINPUT);
	d.n = 2;
	theta[1] = 1;
	assert_int_equal(solve_lm(&model_quad, &cfg, &d, theta, 0, NULL, 0, &r, err), FP_EINPUT);
	assert_non_null(strstr(err, "at least 3"));
	d.n = 20;
	data_free(&d);
}

/* Every model in the registry: LM from the model's start on the lesson's data never
 * ends above the start, and ends on a point where the MSE gradient (almost) vanishes
 * or no step improves it. */
static void test_lm_every_model(void **state)
{
	struct data d;
	char err[FP_ERRLEN];
	lesson_data(&d);
	for (size_t m = 0; model_types[m]; m++) {
		const struct model_type *t = model_types[m];
		struct model_cfg cfg = {
		    .d = 1, .k = t->takes_k ? 3 : 0, .xlo = -2, .xhi = 2, .seed = 42};
		size_t np = t->nparams(&cfg);
		if (np > d.n)
			continue;
		double *theta = calloc(np, sizeof *theta), *g = calloc(np, sizeof *g);
		assert_non_null(theta);
		assert_non_null(g);
		t->init(&cfg, theta);
		struct solve_lm_result r;
		int rc = solve_lm(t, &cfg, &d, theta, 500, NULL, 0, &r, err);
		if (rc != FP_OK)
			fail_msg("%s: %s", t->name, err);
		assert_true(r.loss <= r.start_loss);
		double loss = model_loss_grad(t, &cfg, theta, &d, LOSS_MSE, g);
		assert_rel(loss, r.loss, 1e-12);
		assert_true(fp_all_finite(theta, np));
		if (t->linear) {
			double lsq[64], mse;
			assert_int_equal(solve_lsq(t, &cfg, &d, lsq, &mse, err), FP_OK);
			assert_rel(r.loss, mse, 1e-9);
		}
		free(theta);
		free(g);
	}
	data_free(&d);
}

/* A model with kinks (relu, relus:K) when the registry has one: LM improves a lot on
 * the lesson's quadratic data from the model's start. */
static void test_lm_relu_models(void **state)
{
	struct data d;
	char err[FP_ERRLEN];
	lesson_data(&d);
	for (size_t m = 0; model_types[m]; m++) {
		const struct model_type *t = model_types[m];
		if (!strstr(t->name, "relu"))
			continue;
		struct model_cfg cfg = {
		    .d = 1, .k = t->takes_k ? 4 : 0, .xlo = -2, .xhi = 2, .seed = 42};
		size_t np = t->nparams(&cfg);
		double theta[64];
		assert_true(np <= 64);
		t->init(&cfg, theta);
		struct solve_lm_result r;
		assert_int_equal(solve_lm(t, &cfg, &d, theta, 500, NULL, 0, &r, err), FP_OK);
		assert_true(r.loss < r.start_loss);
		if (r.start_loss > 0)
			assert_true(r.iterations >= 1);
	}
	data_free(&d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_lm_quad_lesson), cmocka_unit_test(test_lm_at_optimum),
	    cmocka_unit_test(test_lm_errors),	   cmocka_unit_test(test_lm_every_model),
	    cmocka_unit_test(test_lm_relu_models),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
