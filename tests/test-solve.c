/* test-solve.c: the closed forms against GSL-independent answers: noise-free data
 * gives back its coefficients exactly (both the QR and the normal-equation paths),
 * and descent's fixed point is the least-squares optimum. */
#include "testutil.h"

#include "data.h"
#include "fit.h"
#include "solve.h"
#include "util.h"

static void check_exact(size_t n)
{
	struct data_gen_cfg g;
	struct data d;
	char err[FP_ERRLEN];
	data_gen_cfg_lesson(&g);
	g.n = n;
	g.torch_grid = 0;
	g.mult = g.add = 0;
	g.truth[0] = -0.5;
	g.truth[1] = 4;
	g.truth[2] = 7.25;
	assert_int_equal(data_gen(&g, &d, err), FP_OK);
	double th[3], mse;
	struct model_cfg mc = {.d = 1};
	assert_int_equal(solve_lsq(&model_quad, &mc, &d, th, &mse, err), FP_OK);
	assert_rel(th[0], -0.5, 1e-9);
	assert_rel(th[1], 4, 1e-9);
	assert_rel(th[2], 7.25, 1e-9);
	assert_true(mse < 1e-18);
	data_free(&d);
}

static void test_exact_small(void **state)
{
	check_exact(20);
}

static void test_exact_large(void **state)
{
	check_exact(50000); /* the normal-equation path */
}

/* With noise, the large path agrees with descent run to convergence. */
static void test_large_matches_descent(void **state)
{
	struct data_gen_cfg g;
	struct data d;
	struct fit f;
	char err[FP_ERRLEN];
	data_gen_cfg_lesson(&g);
	g.n = 40000;
	g.torch_grid = 0;
	g.skip = 0;
	assert_int_equal(data_gen(&g, &d, err), FP_OK);
	assert_int_equal(fit_init(&f, &d, &model_quad, &(struct model_cfg){.d = 1}, LOSS_MSE,
				  NULL, 0.2, NULL, err),
			 FP_OK);
	assert_true(f.has_best);
	fit_step(&f, 3000);
	for (int j = 0; j < 3; j++)
		assert_rel(f.theta[j], f.best[j], 1e-7);
	fit_done(&f);
	data_free(&d);
}

/* Too few points, or a model that is not linear: a message, not a crash. */
static void test_refusals(void **state)
{
	double x[2] = {1, 2}, y[2] = {1, 2}, th[3], mse, eig[3], lim;
	struct data d = {.n = 2, .d = 1, .x = x, .y = y};
	char err[FP_ERRLEN];
	struct model_cfg mc = {.d = 1};
	assert_int_equal(solve_lsq(&model_quad, &mc, &d, th, &mse, err), FP_EINPUT);
	assert_non_null(strstr(err, "at least 3 points"));
	assert_int_equal(solve_hessian(&model_quad, &mc, &d, eig, &lim, err), FP_OK);
	assert_true(isfinite(lim) && lim > 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_exact_small),
		cmocka_unit_test(test_exact_large),
		cmocka_unit_test(test_large_matches_descent),
		cmocka_unit_test(test_refusals),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
