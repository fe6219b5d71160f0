/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-trend.c: honest words (issue 14, item 3): the status word after every step
 * agrees with the sign of the loss's last change, at lr 0.25, under the notebook's
 * rule, with momentum and with Adam; each word from a real run; the learning-rate
 * ladder around a known limit (item 4); the "flat" gradient readout (item 8). */
#include "testutil.h"

#include "data.h"
#include "fit.h"
#include "preset.h"
#include "solve.h"
#include "util.h"

static void lesson_data(struct data *d)
{
	const struct preset *p = preset_find("lesson3");
	assert_non_null(p);
	char err[FP_ERRLEN];
	assert_int_equal(data_gen(&p->gen, d, err), FP_OK);
}

static void start(struct fit *f, const struct data *d, const struct optim_type *o, double lr,
		  int accumulate)
{
	char err[FP_ERRLEN];
	int rc =
	    fit_init(f, d, &model_quad, &(struct model_cfg){.d = 1}, LOSS_MSE, o, lr, NULL, err);
	if (rc)
		fail_msg("fit_init: %s", err);
	fit_set_accumulate(f, accumulate);
}

/* Run up to n steps; after each, the word and its line agree with the change:
 * "falling" only after a fall, a rise never "falling" and always "rose" or
 * "diverging" (or DIVERGED). Returns the number of rises seen. */
static int run_checked(struct fit *f, int n)
{
	int rises = 0;
	char msg[512];
	for (int k = 0; k < n && f->trend != FIT_TREND_DIVERGED; k++) {
		double before = f->loss_value;
		if (fit_step(f, 1) != 1)
			break;
		double after = f->loss_value;
		fit_trend_explain(f, msg, sizeof msg);
		if (f->trend == FIT_TREND_FALLING) {
			assert_true(after < before);
			assert_non_null(strstr(msg, "falling: loss down"));
			assert_null(strstr(msg, "-")); /* never "down -31.4%" */
		}
		if (after > before * (1 + 1e-9)) {
			rises++;
			assert_int_not_equal(f->trend, FIT_TREND_FALLING);
			assert_int_not_equal(f->trend, FIT_TREND_CRAWLING);
			if (f->trend == FIT_TREND_RISING)
				assert_true(strncmp(msg, "rose: loss up ", 14) == 0);
			else if (f->trend != FIT_TREND_CONVERGED) /* at the best, within 0.01% */
				assert_int_equal(f->trend, FIT_TREND_DIVERGING);
		}
	}
	return rises;
}

/* lr 0.25: the first step raises the loss 11.46 -> 15.07, and the line says why. */
static void test_rise_above_limit(void **state)
{
	struct data d;
	lesson_data(&d);
	struct fit f;
	start(&f, &d, NULL, 0.25, 0);
	fit_step(&f, 1);
	assert_rel(f.loss_value, 15.0668, 1e-4);
	assert_int_equal(f.trend, FIT_TREND_RISING);
	assert_string_equal(fit_trend_text(f.trend), "rose");
	char msg[512];
	fit_trend_explain(&f, msg, sizeof msg);
	assert_string_equal(msg, "rose: loss up 31.4%: lr 0.25 is above the limit 0.2215, each "
				 "step overshoots the valley; < lowers it");
	fit_step(&f, 1);
	assert_int_equal(f.trend, FIT_TREND_RISING);
	fit_step(&f, 1);
	assert_int_equal(f.trend, FIT_TREND_DIVERGING);
	fit_reset(&f);
	assert_true(run_checked(&f, 400) >= 3);
	fit_done(&f);
	data_free(&d);
}

/* The notebook's rule at 0.25 and 0.01, momentum at 0.05, Adam at 0.05 and 0.3: a
 * rise after a fall says "rose", with the reason of the rule or optimizer. */
static void test_rise_rules(void **state)
{
	struct data d;
	lesson_data(&d);
	struct fit f;
	char msg[512];
	const struct {
		const struct optim_type *o;
		double lr;
		int acc;
		const char *why;
	} runs[] = {
	    {NULL, 0.25, 1, "the notebook's rule adds up old gradients"},
	    {NULL, 0.01, 1, "the notebook's rule adds up old gradients"},
	    {&optim_momentum, 0.05, 0, "momentum at lr 0.05 overshoots the valley"},
	    {&optim_adam, 0.05, 0, "adam at lr 0.05 overshoots the valley"},
	    {&optim_adam, 0.3, 0, "adam at lr 0.3 overshoots the valley"},
	};
	for (size_t r = 0; r < sizeof runs / sizeof runs[0]; r++) {
		start(&f, &d, runs[r].o, runs[r].lr, runs[r].acc);
		int seen = 0;
		for (int k = 0; k < 300 && f.trend != FIT_TREND_DIVERGED && !seen; k++) {
			double before = f.loss_value;
			int fell_before = f.trend == FIT_TREND_FALLING;
			fit_step(&f, 1);
			if (f.loss_value > before * (1 + 1e-9) && f.trend == FIT_TREND_RISING) {
				fit_trend_explain(&f, msg, sizeof msg);
				assert_true(strncmp(msg, "rose: loss up ", 14) == 0);
				if (!strstr(msg, runs[r].why))
					fail_msg("run %zu: '%s' lacks '%s'", r, msg, runs[r].why);
				seen = 1 + fell_before;
			}
		}
		if (!seen)
			fail_msg("run %zu: no rise seen", r);
		fit_reset(&f);
		assert_true(run_checked(&f, 300) >= 1);
		fit_done(&f);
	}
	data_free(&d);
}

/* Each word from a real run on the lesson. */
static void test_words_from_runs(void **state)
{
	struct data d;
	lesson_data(&d);
	struct fit f;
	char msg[512];
	/* falling: lr 0.1, the first step */
	start(&f, &d, NULL, 0.1, 0);
	fit_step(&f, 1);
	assert_int_equal(f.trend, FIT_TREND_FALLING);
	fit_trend_explain(&f, msg, sizeof msg);
	assert_true(strncmp(msg, "falling: loss down ", 19) == 0);
	/* converged: lr 0.1, 2000 steps */
	fit_step(&f, 2000);
	assert_int_equal(f.trend, FIT_TREND_CONVERGED);
	fit_trend_explain(&f, msg, sizeof msg);
	assert_non_null(strstr(msg, "converged: at the least-squares MSE"));
	fit_done(&f);
	/* crawling: lr 0.001 */
	start(&f, &d, NULL, 0.001, 0);
	fit_step(&f, 200);
	assert_int_equal(f.trend, FIT_TREND_CRAWLING);
	fit_trend_explain(&f, msg, sizeof msg);
	assert_non_null(strstr(msg, "crawling: lr 0.001 is far below the limit 0.2215"));
	fit_done(&f);
	/* rising then diverging then DIVERGED: lr 0.3 */
	start(&f, &d, NULL, 0.3, 0);
	fit_step(&f, 1);
	assert_int_equal(f.trend, FIT_TREND_RISING);
	fit_step(&f, 2);
	assert_int_equal(f.trend, FIT_TREND_DIVERGING);
	fit_trend_explain(&f, msg, sizeof msg);
	assert_non_null(strstr(msg, "diverging: loss rose 3 steps in a row"));
	fit_step(&f, 100000);
	assert_int_equal(f.trend, FIT_TREND_DIVERGED);
	fit_done(&f);
	data_free(&d);
}

/* Item 4: the ladder gains one stop just above a known limit. */
static void test_ladder_limit(void **state)
{
	double lim = 0.2215;
	assert_rel(fit_lr_above(lim), 0.23, 1e-12);
	assert_rel(fit_lr_above(2.215), 2.3, 1e-12);
	assert_rel(fit_lr_above(0.0049), 0.005, 1e-12); /* 0.004998 up to 0.0050 */
	assert_true(fit_lr_above(0) == 0 && fit_lr_above(NAN) == 0);
	/* from 0.2 one > reaches just above the limit; then on up the 1-2-5 ladder */
	assert_rel(fit_lr_ladder_limit(0.2, 1, lim), 0.23, 1e-12);
	assert_rel(fit_lr_ladder_limit(0.23, 1, lim), 0.5, 1e-12);
	assert_rel(fit_lr_ladder_limit(0.5, -1, lim), 0.23, 1e-12);
	assert_rel(fit_lr_ladder_limit(0.23, -1, lim), 0.2, 1e-12);
	assert_rel(fit_lr_ladder_limit(0.1, 1, lim), 0.2, 1e-12);
	assert_rel(fit_lr_ladder_limit(0.01, 1, lim), 0.02, 1e-12);
	assert_rel(fit_lr_ladder_limit(0.2215, 1, lim), 0.23, 1e-12);
	/* a stop on a rung already (limit 0.49 -> 0.5): no extra stop */
	assert_rel(fit_lr_ladder_limit(0.2, 1, 0.49), 0.5, 1e-12);
	assert_rel(fit_lr_ladder_limit(0.5, 1, 0.49), 1, 1e-12);
	/* without a limit: the plain 1-2-5 ladder */
	assert_rel(fit_lr_ladder_limit(0.2, 1, 0), 0.5, 1e-12);
	assert_rel(fit_lr_ladder_limit(0.5, -1, 0), 0.2, 1e-12);
	assert_rel(fit_lr_ladder_limit(0.2, 1, NAN), 0.5, 1e-12);
	/* the stop above really diverges, the rung below converges */
	struct data d;
	lesson_data(&d);
	struct fit f;
	start(&f, &d, NULL, fit_lr_above(lim), 0);
	assert_rel(f.lr_limit, lim, 1e-3);
	fit_step(&f, 100000);
	assert_int_equal(f.trend, FIT_TREND_DIVERGED);
	fit_done(&f);
	start(&f, &d, NULL, 0.2, 0);
	fit_step(&f, 5000);
	assert_int_equal(f.trend, FIT_TREND_CONVERGED);
	fit_done(&f);
	data_free(&d);
}

/* Item 8: at the least-squares answer the gradients are rounding noise (flat);
 * after a run diverges, its real (huge) gradients are never flat; a small real
 * gradient while crawling is not flat either. */
static void test_flat(void **state)
{
	struct data d;
	lesson_data(&d);
	struct fit f;
	char err[FP_ERRLEN];
	start(&f, &d, NULL, 0.01, 0);
	for (size_t i = 0; i < 3; i++)
		assert_false(fit_grad_flat(&f, i));
	double best[3];
	memcpy(best, f.best, sizeof best);
	assert_int_equal(fit_set_theta(&f, best, err), FP_OK);
	int noise = 0;
	for (size_t i = 0; i < 3; i++) {
		noise |= f.grad[i] != 0;
		assert_true(fit_grad_flat(&f, i));
		assert_true(fabs(f.grad[i]) < 1e-12);
	}
	(void)noise;
	/* a diverging run: huge loss, its gradients stay readable */
	fit_reset(&f);
	fit_set_lr(&f, 0.3, err);
	fit_step(&f, 40);
	assert_true(f.loss_value > 1e6);
	for (size_t i = 0; i < 3; i++)
		assert_false(fit_grad_flat(&f, i));
	/* crawling near the answer: small gradients still have a direction */
	fit_reset(&f);
	fit_set_lr(&f, 0.1, err);
	fit_step(&f, 60);
	for (size_t i = 0; i < 3; i++) {
		assert_true(fabs(f.grad[i]) < 1e-2); /* b: about -1.7e-9, still real */
		assert_false(fit_grad_flat(&f, i));
	}
	fit_done(&f);
	data_free(&d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_rise_above_limit),
	    cmocka_unit_test(test_rise_rules),
	    cmocka_unit_test(test_words_from_runs),
	    cmocka_unit_test(test_ladder_limit),
	    cmocka_unit_test(test_flat),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
