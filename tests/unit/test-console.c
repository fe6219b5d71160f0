/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-console.c: the notebook's console without a screen: the lecture's loop lines
 * from the reference, the update arithmetic (gd under both rules, Adam, ASCII), the
 * ring keeping the last CONSOLE_CAP steps in order, a reset starting it again; and
 * the generated targets' own defaults (the lesson's numbers unchanged; no noise:
 * points on the true function). */
#include "testutil.h"

#include "console.h"
#include "data.h"
#include "fit.h"
#include "preset.h"
#include "util.h"

static void lesson(struct data *d, struct fit *f)
{
	char err[FP_ERRLEN];
	const struct preset *p = preset_find("lesson3");
	assert_non_null(p);
	assert_int_equal(data_gen(&p->gen, d, err), FP_OK);
	static const double abc[3] = {1.5, 1.5, 1.5};
	if (fit_init(f, d, &model_quad, &(struct model_cfg){.d = 1}, LOSS_MSE, NULL, 0.01, abc,
		     err))
		fail_msg("fit_init: %s", err);
}

/* One step of f recorded in c for coefficient sel. */
static void step(struct console *c, struct fit *f, size_t sel)
{
	double v, g;
	console_before(f, sel, &v, &g);
	assert_int_equal(fit_step(f, 1), 1);
	console_record(c, f, sel, v, g);
}

static void test_lecture_loop(void **state)
{
	char path[512], t[128];
	snprintf(path, sizeof path, "%s/lesson3-expected.json", tu_ref_dir());
	char *json = tu_read(path);
	double seq[11];
	assert_int_equal(tu_json_nums(json, "video.mse_accumulate.loss_seq_steps0to10", seq, 11),
			 11);
	free(json);
	struct data d;
	struct fit f;
	struct console c;
	memset(&c, 0, sizeof c);
	lesson(&d, &f);
	fit_set_accumulate(&f, 1);
	for (int i = 0; i < 5; i++)
		step(&c, &f, 0);
	assert_int_equal(console_count(&c, &f), 5);
	static const char *const lecture[5] = {"10.11", "7.88", "5.53", "3.86", "3.42"};
	for (size_t k = 0; k < 5; k++) {
		char want[64];
		snprintf(want, sizeof want, "step=%zu; loss=%.2f", k, seq[k + 1]);
		assert_string_equal(console_loss_text(console_get(&c, &f, k), t, sizeof t), want);
		assert_non_null(strstr(t, lecture[k]));
	}
	assert_string_equal(console_update_text(console_get(&c, &f, 0), "a", 1, t, sizeof t),
			    "a: 1.500 \xe2\x88\x92 0.01 \xc3\x97 (\xe2\x88\x92"
			    "10.99) = 1.610");
	/* the notebook's rule: the update uses the sum of the gradients so far */
	assert_string_equal(console_update_text(console_get(&c, &f, 1), "a", 0, t, sizeof t),
			    "a: 1.610 - 0.01 x (-21.00) = 1.820");
	/* a replayed snapshot shows the lines up to it */
	f.step = 3;
	assert_int_equal(console_count(&c, &f), 3);
	f.step = 5;
	/* a reset: the next step starts the console again */
	fit_reset(&f);
	assert_int_equal(console_count(&c, &f), 0);
	step(&c, &f, 1);
	assert_int_equal(console_count(&c, &f), 1);
	assert_string_equal(console_update_text(console_get(&c, &f, 0), "b", 0, t, sizeof t),
			    "b: 1.500 - 0.01 x (-2.123) = 1.521");
	fit_done(&f);
	data_free(&d);
}

static void test_adam_and_ring(void **state)
{
	char t[128];
	struct data d;
	struct fit f;
	struct console c;
	memset(&c, 0, sizeof c);
	lesson(&d, &f);
	fit_set_optim(&f, &optim_adam);
	step(&c, &f, 0);
	assert_string_equal(console_update_text(console_get(&c, &f, 0), "a", 0, t, sizeof t),
			    "a: 1.500 + 0.01000 = 1.510 (adam)");
	/* many steps: the last CONSOLE_CAP, in order, the newest last */
	fit_set_optim(&f, &optim_gd);
	fit_step(&f, 1000);
	for (int i = 0; i < 3 * CONSOLE_CAP + 5; i++)
		step(&c, &f, 2);
	assert_int_equal(console_count(&c, &f), CONSOLE_CAP);
	for (size_t k = 0; k < CONSOLE_CAP; k++)
		assert_int_equal(console_get(&c, &f, k)->step, f.step - CONSOLE_CAP + 1 + k);
	assert_int_equal(console_get(&c, &f, CONSOLE_CAP - 1)->after, f.theta[2]);
	fit_done(&f);
	data_free(&d);
}

static void test_target_defaults(void **state)
{
	char err[FP_ERRLEN];
	struct data_gen_cfg g, lesson;
	data_gen_cfg_lesson(&lesson);
	g = lesson;
	data_gen_target_defaults(DATA_TARGET_QUAD, &g);
	assert_memory_equal(&g, &lesson, sizeof g); /* the lesson's numbers, unchanged */
	for (int t = 0; t < DATA_TARGET_COUNT; t++) {
		struct data d;
		data_gen_cfg_lesson(&g);
		g.target = (enum data_target)t;
		data_gen_target_defaults(g.target, &g);
		if (t != DATA_TARGET_QUAD) {
			/* noise small against the target's size (about 1) */
			assert_true(g.add > 0 && g.add <= 0.15 && g.mult == 0);
			assert_true(g.n >= 40);
		}
		g.mult = g.add = 0;
		assert_int_equal(data_gen(&g, &d, err), FP_OK);
		for (size_t i = 0; i < d.n; i++) /* (the lesson's grid: f in float32) */
			assert_rel(d.y[i], data_target_eval(g.target, g.truth, d.x[i]), 1e-6);
		data_free(&d);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_lecture_loop),
	    cmocka_unit_test(test_adam_and_ring),
	    cmocka_unit_test(test_target_defaults),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
