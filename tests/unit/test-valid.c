/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-valid.c: the validation set (--valid FRACTION, data-split.c): the rows held
 * back are picked by the seed (the same seed the same rows, another seed others),
 * as many as the fraction says, the two parts disjoint and together every row once
 * in their order; a table keeps its columns; too small a fraction, too large or too
 * few rows are refused with the data unchanged. The session sees only the training
 * rows (its loss is theirs, least squares too) and follows the validation loss at
 * every step into its history; --valid through the options and setup_data, the
 * same points held back after new noise. */
#include "testutil.h"

#include "data.h"
#include "fit.h"
#include "options.h"
#include "preset.h"
#include "setup.h"
#include "table.h"
#include "util.h"

static void lesson(struct data *d)
{
	char err[FP_ERRLEN];
	struct data_gen_cfg g;
	data_gen_cfg_lesson(&g);
	assert_int_equal(data_gen(&g, d, err), FP_OK);
	assert_int_equal(d->n, 20);
}

static void test_count(void **state)
{
	assert_int_equal(data_split_count(20, 0.25), 5);
	assert_int_equal(data_split_count(20, 0.01), 0);
	assert_int_equal(data_split_count(20, 0.05), 1);
	assert_int_equal(data_split_count(712, 0.2), 142);
	assert_int_equal(data_split_count(20, 0), 0);
	assert_int_equal(data_split_count(20, 1), 0);
	assert_int_equal(data_split_count(20, NAN), 0);
}

static void test_pick_seeded(void **state)
{
	unsigned char a[100], b[100], c[100];
	assert_int_equal(data_split_pick(100, 30, 42, a), FP_OK);
	assert_int_equal(data_split_pick(100, 30, 42, b), FP_OK);
	assert_int_equal(data_split_pick(100, 30, 7, c), FP_OK);
	size_t na = 0, nc = 0;
	for (size_t i = 0; i < 100; i++) {
		na += a[i];
		nc += c[i];
	}
	assert_int_equal(na, 30);
	assert_int_equal(nc, 30);
	assert_memory_equal(a, b, 100);	    /* reproducible */
	assert_memory_not_equal(a, c, 100); /* another seed, other rows */
	assert_int_equal(data_split_pick(10, 11, 42, a), FP_EINPUT);
	/* not just the first or last rows: spread over the data */
	size_t first = 0;
	for (size_t i = 0; i < 50; i++)
		first += a[i];
	assert_true(first > 5 && first < 25);
}

/* The parts are exactly the rows data_split_pick holds back (valid) and the others
 * (training), each in the order of all: disjoint, and together every row once. */
static void assert_partition(const struct data *all, const struct data *tr, const struct data *va,
			     unsigned long seed)
{
	size_t d = all->d, it = 0, iv = 0;
	unsigned char *held = malloc(all->n);
	assert_non_null(held);
	assert_int_equal(data_split_pick(all->n, va->n, seed, held), FP_OK);
	assert_int_equal(tr->n + va->n, all->n);
	for (size_t i = 0; i < all->n; i++) {
		const struct data *p = held[i] ? va : tr;
		size_t *k = held[i] ? &iv : &it;
		assert_true(*k < p->n);
		assert_memory_equal(p->x + *k * d, all->x + i * d, d * sizeof(double));
		assert_true(p->y[*k] == all->y[i]);
		(*k)++;
	}
	assert_int_equal(it, tr->n);
	assert_int_equal(iv, va->n);
	free(held);
}

static void test_split_points(void **state)
{
	char err[FP_ERRLEN];
	struct data all, d, e;
	lesson(&all);
	lesson(&d);
	lesson(&e);
	assert_int_equal(data_split(&d, 0.25, 42, err), FP_OK);
	assert_non_null(d.valid);
	assert_int_equal(d.n, 15);
	assert_int_equal(d.valid->n, 5);
	assert_int_equal(d.valid->d, 1);
	assert_partition(&all, &d, d.valid, 42);
	/* the x range, truth and source stay those of the whole data */
	assert_true(d.xlo == all.xlo && d.xhi == all.xhi);
	assert_true(d.valid->has_truth && d.has_truth);
	assert_string_equal(d.valid->source, "generated");
	/* the same seed, the same rows; another seed, others */
	assert_int_equal(data_split(&e, 0.25, 42, err), FP_OK);
	assert_memory_equal(e.valid->x, d.valid->x, 5 * sizeof(double));
	data_free(&e);
	lesson(&e);
	assert_int_equal(data_split(&e, 0.25, 1, err), FP_OK);
	assert_memory_not_equal(e.valid->x, d.valid->x, 5 * sizeof(double));
	/* a deep copy takes the validation set along */
	struct data c;
	assert_int_equal(data_copy(&c, &d, err), FP_OK);
	assert_non_null(c.valid);
	assert_true(c.valid != d.valid && c.valid->x != d.valid->x);
	assert_memory_equal(c.valid->y, d.valid->y, 5 * sizeof(double));
	data_free(&c);
	assert_int_equal(data_split(&d, 0.25, 42, err), FP_EINPUT); /* once */
	data_free(&e);
	data_free(&d);
	data_free(&all);
}

static void test_split_refused(void **state)
{
	char err[FP_ERRLEN];
	struct data d;
	lesson(&d);
	assert_int_equal(data_split(&d, 0.01, 42, err), FP_EINPUT);
	assert_non_null(strstr(err, "holds back 0 of the 20 points"));
	assert_non_null(strstr(err, "from 0.05 to 0.95"));
	assert_int_equal(data_split(&d, 0.99, 42, err), FP_EINPUT);
	assert_non_null(strstr(err, "nothing to train on"));
	assert_int_equal(d.n, 20);
	assert_null(d.valid);
	data_free(&d);
	struct data_gen_cfg g;
	data_gen_cfg_lesson(&g);
	g.n = 1;
	assert_int_equal(data_gen(&g, &d, err), FP_OK);
	assert_int_equal(data_split(&d, 0.5, 42, err), FP_EINPUT);
	assert_non_null(strstr(err, "at least 2"));
	data_free(&d);
}

static void test_split_table(void **state)
{
	char err[FP_ERRLEN], path[512];
	struct table_cfg c;
	const struct preset *p = preset_find("titanic");
	assert_non_null(p);
	table_cfg_default(&c);
	c.target = p->table_target;
	c.inputs = p->table_inputs;
	snprintf(path, sizeof path, "%s/titanic/titanic-712.csv", tu_ref_dir());
	struct data all, d;
	assert_int_equal(data_table_load(path, &c, &all, err), FP_OK);
	assert_int_equal(data_table_load(path, &c, &d, err), FP_OK);
	assert_int_equal(data_split(&d, 0.2, 42, err), FP_OK);
	assert_int_equal(d.valid->n, 142);
	assert_int_equal(d.n, 570);
	assert_int_equal(d.valid->d, all.d);
	assert_partition(&all, &d, d.valid, 42);
	/* both parts by column too, each column their own rows */
	assert_non_null(d.xt);
	assert_non_null(d.valid->xt);
	for (size_t j = 0; j < d.d; j++)
		for (size_t i = 0; i < d.valid->n; i++)
			assert_true(d.valid->xt[j * d.valid->n + i] == d.valid->x[i * d.d + j]);
	for (size_t j = 0; j < d.d; j++)
		assert_string_equal(d.valid->names[j], all.names[j]);
	data_free(&d);
	data_free(&all);
}

static void test_fit_sees_training(void **state)
{
	char err[FP_ERRLEN];
	struct data d;
	lesson(&d);
	assert_int_equal(data_split(&d, 0.25, 42, err), FP_OK);
	const struct model_type *t;
	struct model_cfg mc = {0};
	assert_int_equal(model_parse("quad", &t, &mc, err), FP_OK);
	struct fit f;
	double th[3] = {1.5, 1.5, 1.5};
	assert_int_equal(fit_init(&f, &d, t, &mc, LOSS_MSE, NULL, 0.01, th, err), FP_OK);
	assert_true(fit_has_valid(&f));
	/* the loss by hand on each part */
	double st = 0, sv = 0;
	for (size_t i = 0; i < d.n; i++) {
		double r = 1.5 * d.x[i] * d.x[i] + 1.5 * d.x[i] + 1.5 - d.y[i];
		st += r * r;
	}
	for (size_t i = 0; i < d.valid->n; i++) {
		double r =
		    1.5 * d.valid->x[i] * d.valid->x[i] + 1.5 * d.valid->x[i] + 1.5 - d.valid->y[i];
		sv += r * r;
	}
	assert_true(fabs(f.loss_value - st / 15) < 1e-12 * st);
	assert_true(fabs(f.valid_loss - sv / 5) < 1e-12 * sv);
	/* least squares on the training rows only: not the lesson's 2.9387 */
	assert_true(f.has_best);
	assert_true(fabs(f.best_loss - 2.9387) > 0.01);
	/* every step records both losses */
	assert_int_equal(fit_step(&f, 10), 10);
	double v, w;
	for (unsigned long k = 0; k <= 10; k++) {
		assert_int_equal(fit_vhist_get(&f, k, &v), 0);
		assert_int_equal(fit_hist_get(&f, k, &w), 0);
		assert_true(isfinite(v) && isfinite(w));
	}
	assert_int_equal(fit_vhist_get(&f, 10, &v), 0);
	assert_true(v == f.valid_loss);
	assert_true(f.valid_loss == fit_valid_loss_at(&f, f.theta));
	assert_int_equal(fit_vhist_get(&f, 0, &v), 0);
	assert_true(fabs(v - sv / 5) < 1e-12 * sv);
	fit_reset(&f);
	assert_true(fabs(f.valid_loss - sv / 5) < 1e-12 * sv);
	fit_done(&f);
	data_free(&d);
	/* without a validation set: none */
	lesson(&d);
	assert_int_equal(fit_init(&f, &d, t, &mc, LOSS_MSE, NULL, 0.01, th, err), FP_OK);
	assert_false(fit_has_valid(&f));
	assert_true(isnan(f.valid_loss));
	assert_int_equal(fit_vhist_get(&f, 0, &v), -1);
	assert_true(fabs(f.loss_value - 11.4648) < 1e-4);
	fit_done(&f);
	data_free(&d);
}

static void test_options(void **state)
{
	char err[FP_ERRLEN];
	struct config cfg;
	enum config_action act;
	char *ok[] = {"fitplay", "--valid", "0.25", "--seed", "7", NULL};
	assert_int_equal(options_parse(5, ok, &cfg, &act, err), FP_OK);
	assert_true(cfg.data.valid == 0.25);
	struct data d, e;
	assert_int_equal(setup_data(&cfg, &d, err), FP_OK);
	assert_non_null(d.valid);
	assert_int_equal(d.valid->n + d.n, 20);
	/* the data seed picks the rows: the same as data_split with it */
	lesson(&e);
	assert_int_equal(data_split(&e, 0.25, 7, err), FP_OK);
	assert_memory_equal(e.valid->x, d.valid->x, e.valid->n * sizeof(double));
	data_free(&e);
	/* new noise (the explorer's n: the next seed) keeps the same points held back */
	cfg.data.gen.seed++;
	cfg.data.gen.skip = 0;
	assert_int_equal(data_gen(&cfg.data.gen, &e, err), FP_OK);
	assert_int_equal(setup_valid(&cfg, &e, err), FP_OK);
	assert_memory_equal(e.valid->x, d.valid->x, e.valid->n * sizeof(double));
	assert_memory_not_equal(e.valid->y, d.valid->y, e.valid->n * sizeof(double));
	data_free(&e);
	data_free(&d);
	options_free(&cfg);
	const char *bad[] = {"0", "1", "-0.5", "1.5", "abc", "nan", ""};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		char *argv[] = {"fitplay", "--valid", (char *)bad[i], NULL};
		assert_int_equal(options_parse(3, argv, &cfg, &act, err), FP_EINPUT);
		assert_non_null(strstr(err, "--valid"));
		char quoted[64];
		snprintf(quoted, sizeof quoted, "'%s'", bad[i]);
		assert_non_null(strstr(err, quoted));
		options_free(&cfg);
	}
	char *few[] = {"fitplay", "--valid", "0.01", NULL};
	assert_int_equal(options_parse(3, few, &cfg, &act, err), FP_OK);
	assert_int_equal(setup_data(&cfg, &d, err), FP_EINPUT);
	assert_non_null(strstr(err, "--valid 0.01: holds back 0 of the 20 points"));
	options_free(&cfg);
}

/* The price of too many ReLUs, in the core: relus:32 on 15 of the lesson's points. The
 * training loss keeps falling, the held-back loss has its lowest early and climbs; the
 * session remembers that lowest point past the history's window and says what it
 * means. A run that is not overfitting (quad, 10 steps) says nothing. */
static void test_overfit(void **state)
{
	char err[FP_ERRLEN], why[256];
	struct config cfg;
	enum config_action act;
	char *argv[] = {"fitplay", "--model",  "relus:32", "--valid", "0.25",
			"--optim", "momentum", "--lr",	   "0.01",    NULL};
	assert_int_equal(options_parse(9, argv, &cfg, &act, err), FP_OK);
	struct data d;
	struct fit f;
	assert_int_equal(setup_data(&cfg, &d, err), FP_OK);
	assert_int_equal(setup_fit(&cfg, &d, &f, err), FP_OK);
	fit_valid_explain(&f, why, sizeof why);
	assert_string_equal(why, "");
	double prev = f.loss_value;
	for (int k = 0; k < 20; k++) {
		assert_int_equal(fit_step(&f, 100), 100);
		assert_true(f.loss_value < prev);
		prev = f.loss_value;
	}
	assert_true(f.valid_low_step > 0 && f.valid_low_step < 1000);
	assert_true(f.valid_loss > 1.5 * f.valid_low);
	fit_valid_explain(&f, why, sizeof why);
	assert_non_null(strstr(why, "held-back loss up"));
	/* past the history's window (4096 steps): still the early lowest point */
	unsigned long low_step = f.valid_low_step;
	assert_int_equal(fit_step(&f, 4000), 4000);
	assert_true(f.hist_first > low_step);
	assert_int_equal(f.valid_low_step, low_step);
	fit_valid_explain(&f, why, sizeof why);
	assert_non_null(strstr(why, "held-back loss up"));
	/* r: back to the start, the lowest with it */
	fit_reset(&f);
	assert_int_equal(f.valid_low_step, 0);
	assert_true(f.valid_low == f.valid_loss);
	fit_done(&f);
	data_free(&d);
	options_free(&cfg);
	char *quad[] = {"fitplay", "--valid", "0.25", NULL};
	assert_int_equal(options_parse(3, quad, &cfg, &act, err), FP_OK);
	assert_int_equal(setup_data(&cfg, &d, err), FP_OK);
	assert_int_equal(setup_fit(&cfg, &d, &f, err), FP_OK);
	assert_int_equal(fit_step(&f, 10), 10);
	fit_valid_explain(&f, why, sizeof why);
	assert_string_equal(why, "");
	fit_done(&f);
	data_free(&d);
	options_free(&cfg);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_count),	 cmocka_unit_test(test_pick_seeded),
	    cmocka_unit_test(test_split_points), cmocka_unit_test(test_split_refused),
	    cmocka_unit_test(test_split_table),	 cmocka_unit_test(test_fit_sees_training),
	    cmocka_unit_test(test_options),	 cmocka_unit_test(test_overfit),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
