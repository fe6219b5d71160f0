/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-data-edit.c: points edited by hand (data_point_move/add/delete, the
 * explorer's point editing): added points keep the order of x, the x range widens,
 * a fit told with fit_data_changed follows (loss, gradient, least squares); a point
 * moved far pulls the least-squares fit; tables, non-finite values, too few points
 * and bad indices are refused with a message and the data unchanged. */
#include "testutil.h"

#include "data.h"
#include "fit.h"
#include "util.h"

static void lesson(struct data *d)
{
	char err[FP_ERRLEN];
	struct data_gen_cfg g;
	data_gen_cfg_lesson(&g);
	assert_int_equal(data_gen(&g, d, err), FP_OK);
	assert_int_equal(d->n, 20);
}

static void test_move_add_delete(void **state)
{
	char err[FP_ERRLEN];
	struct data d;
	lesson(&d);
	double x9 = d.x[9];
	assert_int_equal(data_point_move(&d, 9, x9, 50, err), FP_OK);
	assert_true(d.y[9] == 50);
	assert_true(d.x[9] == x9);
	/* added between the points of its x, the range widened past the last one */
	size_t k = 99;
	assert_int_equal(data_point_add(&d, 0.0, 1.0, &k, err), FP_OK);
	assert_int_equal(d.n, 21);
	assert_true(d.x[k] == 0.0 && d.y[k] == 1.0);
	for (size_t i = 1; i < d.n; i++)
		assert_true(d.x[i - 1] <= d.x[i]);
	assert_int_equal(data_point_add(&d, 3.0, 2.0, &k, err), FP_OK);
	assert_int_equal(k, 21);
	assert_true(d.xhi >= 3.0);
	assert_int_equal(data_point_delete(&d, 0, err), FP_OK);
	assert_int_equal(d.n, 21);
	assert_true(d.x[0] > -2.0);
	data_free(&d);
}

static void test_refused(void **state)
{
	char err[FP_ERRLEN];
	struct data d;
	lesson(&d);
	assert_int_equal(data_point_move(&d, 20, 0, 0, err), FP_EINPUT);
	assert_non_null(strstr(err, "no point 21"));
	assert_int_equal(data_point_move(&d, 0, NAN, 0, err), FP_EINPUT);
	assert_int_equal(data_point_add(&d, 0, INFINITY, NULL, err), FP_EINPUT);
	assert_non_null(strstr(err, "finite"));
	assert_int_equal(d.n, 20);
	while (d.n > DATA_EDIT_MIN_POINTS)
		assert_int_equal(data_point_delete(&d, d.n - 1, err), FP_OK);
	assert_int_equal(data_point_delete(&d, 0, err), FP_EINPUT);
	assert_int_equal(d.n, DATA_EDIT_MIN_POINTS);
	data_free(&d);
	/* a table of two inputs */
	double x[4] = {1, 2, 3, 4}, y[2] = {5, 6};
	struct data t = {.n = 2, .d = 2, .x = x, .y = y};
	assert_int_equal(data_point_move(&t, 0, 1, 1, err), FP_EINPUT);
	assert_non_null(strstr(err, "can't be edited on a table"));
	assert_int_equal(data_point_add(&t, 1, 1, NULL, err), FP_EINPUT);
	assert_int_equal(data_point_delete(&t, 0, err), FP_EINPUT);
	assert_int_equal(t.n, 2);
}

/* The fit follows the edit: one point far up pulls the least-squares fit. */
static void test_fit_follows(void **state)
{
	char err[FP_ERRLEN];
	struct data d;
	lesson(&d);
	struct model_cfg mc = {0};
	const struct model_type *t;
	assert_int_equal(model_parse("quad", &t, &mc, err), FP_OK);
	static const double abc[3] = {1.5, 1.5, 1.5};
	struct fit f;
	assert_int_equal(fit_init(&f, &d, t, &mc, LOSS_MSE, NULL, 0.01, abc, err), FP_OK);
	assert_true(f.has_best);
	double loss0 = f.loss_value, best0 = f.best_loss, c0 = f.best[2];
	assert_int_equal(data_point_move(&d, 9, d.x[9], d.y[9] + 40, err), FP_OK);
	assert_int_equal(fit_data_changed(&f, err), FP_OK);
	assert_true(f.loss_value > loss0 + 10);
	assert_true(f.best_loss > best0 + 10);
	assert_true(f.best[2] > c0 + 1); /* the intercept pulled up */
	size_t k;
	assert_int_equal(data_point_add(&d, 0.5, 100, &k, err), FP_OK);
	assert_int_equal(fit_data_changed(&f, err), FP_OK);
	assert_true(f.best_loss > best0 + 100);
	fit_done(&f);
	data_free(&d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_move_add_delete),
	    cmocka_unit_test(test_refused),
	    cmocka_unit_test(test_fit_follows),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
