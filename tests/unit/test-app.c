/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-app.c: the explorer's key handling without a terminal: the lesson set up from
 * the options like `fitplay` with none (options_parse, setup_data, setup_fit), then
 * keys into app_key and frames from app_render, as the headless --keys mode does.
 * Every action the key table binds has a handler; arrows move the selected
 * coefficient by its slider step; Space is one step of the lesson (its loss from the
 * reference); `v` cycles the views of the registry that apply; `>` climbs the rate
 * ladder; a key that does nothing says so; `q` quits. */
#include "testutil.h"

#include <math.h>

#include "app.h"
#include "setup.h"
#include "util.h"
#include "view.h"

static char *expected; /* lesson3-expected.json */

/* |a - b| <= tol */
#define assert_near(a, b, tol)                                                                     \
	do {                                                                                       \
		double a_ = (a), b_ = (b);                                                         \
		if (!(fabs(a_ - b_) <= (tol)))                                                     \
			fail_msg("%s = %.17g, expected %.17g", #a, a_, b_);                        \
	} while (0)

struct lesson {
	struct config cfg;
	struct data data;
	struct fit f;
	struct app a;
};

static int group_setup(void **state)
{
	char path[4096];
	snprintf(path, sizeof path, "%s/lesson3-expected.json", tu_ref_dir());
	expected = tu_read(path);
	return 0;
}

static int group_teardown(void **state)
{
	free(expected);
	return 0;
}

/* The lesson as `fitplay` starts it: no options but the ones given. */
static int lesson_setup(void **state)
{
	struct lesson *l = calloc(1, sizeof *l);
	char err[FP_ERRLEN] = "";
	char *argv[] = {"fitplay", NULL};
	enum config_action act;
	assert_non_null(l);
	if (options_parse(1, argv, &l->cfg, &act, err) != FP_OK ||
	    setup_data(&l->cfg, &l->data, err) != FP_OK ||
	    setup_fit(&l->cfg, &l->data, &l->f, err) != FP_OK ||
	    app_init(&l->a, &l->cfg, &l->data, &l->f, 1, err) != FP_OK)
		fail_msg("setting up the lesson: %s", err);
	assert_int_equal(act, CONFIG_RUN);
	assert_int_equal(app_render(&l->a, 100, 30), FP_OK);
	*state = l;
	return 0;
}

static int lesson_teardown(void **state)
{
	struct lesson *l = *state;
	app_done(&l->a);
	fit_done(&l->f);
	data_free(&l->data);
	options_free(&l->cfg);
	free(l);
	return 0;
}

/* Row y of the frame as text. */
static const char *row_of(const struct screen *s, int y)
{
	static char buf[8192];
	screen_row_text(s, y, buf, sizeof buf);
	return buf;
}

/* A key, then the frame drawn, as the terminal loop does. */
static void press(struct lesson *l, int key)
{
	app_key(&l->a, key);
	assert_int_equal(app_render(&l->a, 100, 30), FP_OK);
}

static void test_every_action_handled(void **state)
{
	for (size_t i = 0; layout_keys[i].key; i++)
		if (!app_action_handled(layout_keys[i].action)) {
			char b[32];
			fail_msg("key %s: action %d has no handler",
				 layout_key_name(layout_keys[i].key, b, sizeof b),
				 (int)layout_keys[i].action);
		}
	for (int act = 0; act < UA_COUNT; act++)
		assert_true(app_action_handled((enum layout_action)act));
	assert_false(app_action_handled(UA_COUNT));
}

static void test_arrows_move_by_step(void **state)
{
	struct lesson *l = *state;
	struct app *a = &l->a;
	for (size_t sel = 0; sel < l->f.np; sel++) {
		assert_int_equal(a->v.sel, sel);
		double before = l->f.theta[sel], step = a->sl[sel].step;
		assert_true(step > 0);
		press(l, LK_RIGHT);
		assert_near(l->f.theta[sel], before + step, 1e-12);
		press(l, LK_LEFT);
		press(l, LK_LEFT);
		assert_near(l->f.theta[sel], before - step, 1e-12);
		press(l, LK_RIGHT);
		assert_near(l->f.theta[sel], before, 1e-12);
		for (size_t j = 0; j < l->f.np; j++)
			if (j != sel)
				assert_near(l->f.theta[j], l->f.theta0[j], 0);
		press(l, LK_DOWN); /* the next coefficient */
	}
	assert_int_equal(a->v.sel, 0); /* Down wraps around */
	press(l, LK_UP);
	assert_int_equal(a->v.sel, l->f.np - 1);
}

static void test_space_steps(void **state)
{
	struct lesson *l = *state;
	double seq[11];
	assert_int_equal(tu_json_nums(expected, "video.mse_correct.loss_seq_steps0to10", seq, 11),
			 11);
	assert_near(l->f.loss_value, seq[0], 1e-9);
	assert_non_null(strstr(row_of(&l->a.scr, 0), "MSE 11.4648"));
	assert_non_null(strstr(row_of(&l->a.scr, 0), "step 0"));
	press(l, ' ');
	assert_int_equal(l->f.step, 1);
	assert_near(l->f.loss_value, seq[1], 1e-9);
	assert_non_null(strstr(row_of(&l->a.scr, 0), "MSE 10.11"));
	assert_non_null(strstr(row_of(&l->a.scr, 0), "step 1"));
	for (int k = 2; k <= 10; k++) {
		press(l, ' ');
		assert_near(l->f.loss_value, seq[k], 1e-9);
	}
}

static void test_v_cycles_views(void **state)
{
	struct lesson *l = *state;
	struct app *a = &l->a;
	const struct view_type *start = view_current(&a->v, &l->f);
	assert_ptr_equal(start, &view_fit);
	int seen[32] = {0};
	size_t presses = 0;
	do {
		const struct view_type *want = view_next(&a->v, &l->f);
		press(l, 'v');
		presses++;
		assert_ptr_equal(view_current(&a->v, &l->f), want);
		assert_true(want->applies == NULL || want->applies(&l->f));
		char said[300];
		snprintf(said, sizeof said, "view: %s", want->said);
		assert_string_equal(a->v.msg, said);
		for (size_t i = 0; view_types[i]; i++)
			if (view_types[i] == want)
				seen[i]++;
	} while (view_current(&a->v, &l->f) != start && presses < 32);
	assert_ptr_equal(view_current(&a->v, &l->f), start);
	/* every view of the cycle that applies to the lesson, once */
	for (size_t i = 0; view_types[i]; i++) {
		const struct view_type *t = view_types[i];
		int applies = t->cycle && (!t->applies || t->applies(&l->f));
		if (seen[i] != applies)
			fail_msg("view %s: visited %d times by v (applies: %d)", t->name, seen[i],
				 applies);
	}
	assert_true(presses >= 3); /* fit, units or landscape, history at least */
}

static void test_lr_ladder(void **state)
{
	struct lesson *l = *state;
	assert_near(l->f.lr, 0.01, 0);
	press(l, '>');
	assert_near(l->f.lr, 0.02, 1e-15);
	assert_non_null(strstr(row_of(&l->a.scr, 0), "lr 0.02"));
	press(l, '>');
	assert_near(l->f.lr, 0.05, 1e-15);
	press(l, '<');
	press(l, '<');
	press(l, '<');
	assert_near(l->f.lr, 0.005, 1e-15);
}

static void test_unbound_key_says_so(void **state)
{
	struct lesson *l = *state;
	assert_int_equal(layout_key_action('#'), UA_NONE);
	double theta[MODEL_MAX_PARAMS];
	memcpy(theta, l->f.theta, l->f.np * sizeof *theta);
	press(l, '#');
	assert_non_null(strstr(l->a.v.msg, "key # does nothing here"));
	assert_memory_equal(theta, l->f.theta, l->f.np * sizeof *theta);
	assert_int_equal(l->f.step, 0);
	assert_false(l->a.quit);
	/* and the message goes with the next key */
	press(l, LK_RIGHT);
	assert_null(strstr(l->a.v.msg, "does nothing"));
}

static void test_q_quits(void **state)
{
	struct lesson *l = *state;
	press(l, ' ');
	assert_false(l->a.quit);
	press(l, 'q');
	assert_true(l->a.quit);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_every_action_handled),
	    cmocka_unit_test_setup_teardown(test_arrows_move_by_step, lesson_setup,
					    lesson_teardown),
	    cmocka_unit_test_setup_teardown(test_space_steps, lesson_setup, lesson_teardown),
	    cmocka_unit_test_setup_teardown(test_v_cycles_views, lesson_setup, lesson_teardown),
	    cmocka_unit_test_setup_teardown(test_lr_ladder, lesson_setup, lesson_teardown),
	    cmocka_unit_test_setup_teardown(test_unbound_key_says_so, lesson_setup,
					    lesson_teardown),
	    cmocka_unit_test_setup_teardown(test_q_quits, lesson_setup, lesson_teardown),
	};
	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
