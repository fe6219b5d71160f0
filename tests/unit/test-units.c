/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-units.c: dead ReLU units (src/model-units.c, src/fit-units.c), looping over
 * every model with units: which units are dead against an independent check (every
 * row's own gradient of the unit is 0), the same answer with and without the
 * gradient's shortcut and the recheck's cache, new random starts for the dead units
 * only (alive after, reproducible from the seed), the start with every unit on for
 * half the rows, and a session's dead units, their step and R's revival. */
#include "testutil.h"

#include "data.h"
#include "fit.h"
#include "model.h"
#include "util.h"

#define NROWS 60

/* Rows for model t: x in [-2, 2] for the curve models; for tables three inputs,
 * the last a column of ones, y anything. */
static void make_data(const struct model_type *t, struct data *d, struct model_cfg *mc)
{
	size_t dd = t->max_d > 1 ? 3 : 1;
	memset(d, 0, sizeof *d);
	d->n = NROWS;
	d->d = dd;
	d->x = fp_calloc(NROWS * dd, sizeof *d->x);
	d->y = fp_calloc(NROWS, sizeof *d->y);
	assert_non_null(d->x);
	assert_non_null(d->y);
	uint64_t st = 7;
	for (size_t i = 0; i < NROWS; i++) {
		for (size_t j = 0; j < dd; j++)
			d->x[i * dd + j] =
			    j + 1 == dd && dd > 1 ? 1.0 : 4 * model_rng_uniform(&st) - 2;
		d->y[i] = model_rng_uniform(&st);
	}
	d->xlo = -2;
	d->xhi = 2;
	memset(mc, 0, sizeof *mc);
	mc->k = t->takes_k ? 3 : 0;
	mc->d = dd;
	mc->xlo = -2;
	mc->xhi = 2;
	mc->seed = 42;
}

/* Independent: unit k is dead when, on every row, the model's own gradient of each
 * of the unit's coefficients is 0. */
static int dead_by_rows(const struct model_type *t, const struct model_cfg *mc, const double *th,
			const struct data *d, size_t k)
{
	size_t np = t->nparams(mc);
	double g[64];
	assert_true(np <= 64);
	for (size_t i = 0; i < d->n; i++) {
		t->grad(mc, th, d->x + i * d->d, g);
		for (size_t p = 0; p < np; p++)
			if (t->param_unit(mc, p) == (long)k && g[p] != 0)
				return 0;
	}
	return 1;
}

static int count_unit_models(void)
{
	int n = 0;
	for (size_t m = 0; model_types[m]; m++) {
		const struct model_type *t = model_types[m];
		int any = t->relu_units || t->unit_on || t->unit_random || t->unit_flip;
		/* a model of ReLU units (curves) or the table network has them all */
		if (t->relu_stride || strcmp(t->name, "nnet") == 0 || any) {
			assert_non_null(t->relu_units);
			assert_non_null(t->unit_on);
			assert_non_null(t->unit_random);
			assert_non_null(t->unit_flip);
			assert_non_null(t->param_unit);
			n++;
		}
	}
	return n;
}

static void test_registry(void **state)
{
	assert_int_equal(count_unit_models(), 4); /* relu, relu2, relus, nnet */
}

/* Random coefficients: dead flags against the rows, with and without shortcuts. */
static void test_dead_flags(void **state)
{
	for (size_t m = 0; model_types[m]; m++) {
		const struct model_type *t = model_types[m];
		if (!t->relu_units)
			continue;
		struct data d;
		struct model_cfg mc;
		make_data(t, &d, &mc);
		size_t np = t->nparams(&mc), ku = model_units(t, &mc);
		assert_true(ku >= 1 && ku <= 3);
		double th[64], grad[64];
		unsigned char dead[8], dead2[8], dead3[8];
		uint64_t st = 99;
		int seen_dead = 0, seen_alive = 0;
		for (int trial = 0; trial < 300; trial++) {
			for (size_t p = 0; p < np; p++)
				th[p] = 6 * model_rng_uniform(&st) - 3;
			model_loss_grad(t, &mc, th, &d, LOSS_MSE, grad);
			size_t nd = model_dead_units(t, &mc, th, grad, &d, NULL, NULL, dead);
			size_t nd2 = model_dead_units(t, &mc, th, NULL, &d, NULL, NULL, dead2);
			size_t nd3 = model_dead_units(t, &mc, th, grad, &d, th, dead, dead3);
			assert_int_equal(nd, nd2);
			assert_int_equal(nd, nd3);
			size_t cnt = 0;
			for (size_t k = 0; k < ku; k++) {
				assert_int_equal(dead[k], dead_by_rows(t, &mc, th, &d, k));
				assert_int_equal(dead[k], dead2[k]);
				assert_int_equal(dead[k], dead3[k]);
				cnt += dead[k];
				seen_dead |= dead[k];
				seen_alive |= !dead[k];
				if (dead[k]) /* its gradients are exactly 0 */
					for (size_t p = 0; p < np; p++)
						if (t->param_unit(&mc, p) == (long)k)
							assert_true(grad[p] == 0);
			}
			assert_int_equal(cnt, nd);
		}
		assert_true(seen_dead && seen_alive); /* both cases were tried */
		data_free(&d);
	}
}

/* Kill unit 0 and unit ku-1 (when two): off on every row. */
static void kill_unit(const struct model_type *t, const struct model_cfg *mc, double *th, size_t k)
{
	size_t np = t->nparams(mc);
	for (size_t p = 0; p < np; p++)
		if (t->param_unit(mc, p) == (long)k)
			th[p] = 0;
	/* the unit's last input is the ones column (tables) or b (curves: m = 0) */
	if (t->max_d > 1)
		th[k * mc->d + mc->d - 1] = -1;
	else
		th[k * t->relu_stride + 1] = -1;
}

static void test_revive(void **state)
{
	for (size_t m = 0; model_types[m]; m++) {
		const struct model_type *t = model_types[m];
		if (!t->relu_units)
			continue;
		struct data d;
		struct model_cfg mc;
		make_data(t, &d, &mc);
		size_t np = t->nparams(&mc), ku = model_units(t, &mc);
		double th[64], a[64], b[64], c[64];
		unsigned char dead[8];
		t->init(&mc, th);
		model_units_majority(t, &mc, th, &d);
		for (size_t k = 0; k < ku; k++) /* the majority start: each on for half */
			assert_true(2 * model_unit_rows_on(t, &mc, th, &d, k, 0) >= d.n);
		kill_unit(t, &mc, th, 0);
		assert_int_equal(model_dead_units(t, &mc, th, NULL, &d, NULL, NULL, dead), 1);
		assert_true(dead[0]);
		memcpy(a, th, sizeof a);
		memcpy(b, th, sizeof b);
		memcpy(c, th, sizeof c);
		assert_int_equal(model_units_revive(t, &mc, a, &d, dead, 5), 1);
		assert_int_equal(model_units_revive(t, &mc, b, &d, dead, 5), 1);
		assert_int_equal(model_units_revive(t, &mc, c, &d, dead, 6), 1);
		assert_memory_equal(a, b, np * sizeof *a); /* the same seed, the same start */
		assert_memory_not_equal(a, c, np * sizeof *a);
		for (size_t p = 0; p < np; p++) /* only the dead unit changed */
			if (t->param_unit(&mc, p) != 0)
				assert_true(a[p] == th[p]);
		assert_true(2 * model_unit_rows_on(t, &mc, a, &d, 0, 0) >= d.n);
		assert_int_equal(model_dead_units(t, &mc, a, NULL, &d, NULL, NULL, dead), 0);
		char name[MODEL_NAME_LEN];
		model_unit_name(t, &mc, 0, name, sizeof name);
		assert_string_equal(name, strcmp(t->name, "relu") == 0 ? "relu" : "relu1");
		data_free(&d);
	}
}

/* A session: the dead unit found at the start (step 0), named, still dead after
 * steps, revived by fit_revive; one that dies during descent has its step. */
static void test_fit_units(void **state)
{
	const struct model_type *t = NULL;
	struct model_cfg mc;
	char err[FP_ERRLEN], buf[256];
	memset(&mc, 0, sizeof mc);
	assert_int_equal(model_parse("relus:2", &t, &mc, err), FP_OK);
	struct data d;
	make_data(t, &d, &mc);
	mc.k = 2;
	double th[7] = {1, 0.5, 1, 0, -1, 1, 0}; /* unit 2: m = 0, b = -1: dead */
	struct fit f;
	assert_int_equal(fit_init(&f, &d, t, &mc, LOSS_MSE, NULL, 0.01, th, err), FP_OK);
	assert_int_equal(f.nunits, 2);
	assert_int_equal(f.ndead, 1);
	assert_true(f.dead[1] && !f.dead[0]);
	assert_int_equal(f.died_at[1], 0);
	fit_dead_list(&f, buf, sizeof buf);
	assert_string_equal(buf, "relu2");
	fit_dead_explain(&f, buf, sizeof buf);
	assert_non_null(strstr(buf, "unit relu2 is dead: it is 0 on every point"));
	assert_non_null(strstr(buf, "R gives it a new random start"));
	fit_step(&f, 10);
	assert_int_equal(f.ndead, 1);
	assert_int_equal(f.died_at[1], 0);
	assert_true(f.trend != FIT_TREND_NO_GRADIENT); /* relu1 still trains */
	assert_int_equal(fit_revive(&f, 3, err), 1);
	assert_int_equal(f.ndead, 0);
	fit_dead_list(&f, buf, sizeof buf);
	assert_string_equal(buf, "none");
	fit_dead_explain(&f, buf, sizeof buf);
	assert_string_equal(buf, "");
	assert_int_equal(fit_revive(&f, 3, err), 0); /* nothing dead: nothing done */
	fit_done(&f);

	/* Death during descent: a huge rate throws unit 1 off the data at step 1. */
	double th2[7] = {0, 0.01, 1, 0, -1, 1, 0};
	for (size_t i = 0; i < NROWS; i++)
		d.y[i] = -100;
	assert_int_equal(fit_init(&f, &d, t, &mc, LOSS_MSE, NULL, 1, th2, err), FP_OK);
	assert_int_equal(f.ndead, 1);
	fit_step(&f, 1);
	assert_int_equal(f.ndead, 2);
	assert_int_equal(f.died_at[0], 1);
	assert_int_equal(f.died_at[1], 0);
	fit_step(&f, 3);
	assert_int_equal(f.trend, FIT_TREND_NO_GRADIENT);
	fit_trend_explain(&f, buf, sizeof buf);
	assert_non_null(strstr(buf, "every unit is dead (relu1, relu2"));
	assert_null(strstr(buf, "converged"));
	fit_reset(&f); /* back at the start: only unit 2, dead from step 0 */
	assert_int_equal(f.ndead, 1);
	assert_int_equal(f.died_at[1], 0);
	fit_done(&f);
	data_free(&d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_registry),
	    cmocka_unit_test(test_dead_flags),
	    cmocka_unit_test(test_revive),
	    cmocka_unit_test(test_fit_units),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
