/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-optim.c: the optimizers (gd, momentum, Adam): their update rules by hand, and
 * that each converges on the lesson's quadratic and, with ReLUs, on a sine. */
#include "testutil.h"

#include "data.h"
#include "fit.h"
#include "model.h"
#include "optim.h"
#include "util.h"

static void lesson_data(struct data *d)
{
	struct data_gen_cfg g;
	char err[FP_ERRLEN];
	data_gen_cfg_lesson(&g);
	assert_int_equal(data_gen(&g, d, err), FP_OK);
}

/* What `fitplay --target sine --noise 0,0.1 --points 100` generates. */
static void sine_data(struct data *d)
{
	struct data_gen_cfg g;
	char err[FP_ERRLEN];
	data_gen_cfg_lesson(&g);
	g.target = DATA_TARGET_SINE;
	g.mult = 0;
	g.add = 0.1;
	g.n = 100;
	assert_int_equal(data_gen(&g, d, err), FP_OK);
}

static void test_registry(void **state)
{
	/* the lesson's three are registered; every member is found by its name and
	 * listed by optim_names (which --help and the errors print) */
	const char *names[] = {"gd", "momentum", "adam"};
	for (int i = 0; i < 3; i++)
		assert_non_null(optim_find(names[i]));
	char list[256];
	optim_names(list, sizeof list);
	size_t n = 0;
	for (const struct optim_type *const *o = optim_types; *o; o++, n++) {
		assert_ptr_equal(optim_find((*o)->name), *o);
		assert_non_null((*o)->label);
		assert_non_null(strstr(list, (*o)->name));
	}
	assert_true(n >= 3);
	assert_null(optim_find("sgd"));
	assert_null(optim_find(NULL));
	struct optim_cfg c;
	optim_cfg_default(&c);
	assert_rel(c.beta, 0.9, 0);
	assert_rel(c.beta1, 0.9, 0);
	assert_rel(c.beta2, 0.999, 0);
	assert_rel(c.eps, 1e-8, 0);
}

/* The rules by hand on two steps with fixed gradients. */
static void test_update_rules(void **state)
{
	struct optim_cfg c;
	optim_cfg_default(&c);
	double st[6] = {0}, th[2] = {1, 1};
	const double g1[2] = {2, -4}, g2[2] = {1, 1};
	/* gd: theta -= lr g */
	optim_gd.step(&c, st, th, g1, 2, 0.1, 1);
	assert_rel(th[0], 0.8, 1e-15);
	assert_rel(th[1], 1.4, 1e-15);
	/* momentum: v1 = g1, v2 = 0.9 g1 + g2 */
	th[0] = th[1] = 1;
	memset(st, 0xff, sizeof st); /* garbage: t == 1 must ignore it */
	optim_momentum.step(&c, st, th, g1, 2, 0.1, 1);
	optim_momentum.step(&c, st, th, g2, 2, 0.1, 2);
	assert_rel(th[0], 1 - 0.1 * 2 - 0.1 * (0.9 * 2 + 1), 1e-15);
	assert_rel(th[1], 1 + 0.1 * 4 - 0.1 * (0.9 * -4 + 1), 1e-15);
	/* Adam's first step moves every coefficient by lr against its gradient's sign */
	th[0] = th[1] = 1;
	memset(st, 0xff, sizeof st);
	optim_adam.step(&c, st, th, g1, 2, 0.1, 1);
	assert_rel(th[0], 0.9, 1e-8);
	assert_rel(th[1], 1.1, 1e-8);
	/* second step by the formula */
	double m0 = 0.9 * 0.1 * 2 + 0.1 * 1, v0 = 0.999 * 0.001 * 4 + 0.001 * 1;
	double mh = m0 / (1 - 0.81), vh = v0 / (1 - 0.999 * 0.999);
	double th1 = th[0];
	optim_adam.step(&c, st, th, g2, 2, 0.1, 2);
	assert_rel(th[0], th1 - 0.1 * mh / (sqrt(vh) + 1e-8), 1e-12);
	assert_int_equal(optim_gd.state_len(5), 0);
	assert_int_equal(optim_momentum.state_len(5), 5);
	assert_int_equal(optim_adam.state_len(5), 10);
}

/* Run `steps` of optimizer `name` at lr; the session stays for the caller. */
static void run(struct fit *f, const struct data *d, const char *spec, const char *name, double lr,
		size_t steps)
{
	char err[FP_ERRLEN];
	const struct model_type *t;
	struct model_cfg cfg = {0};
	assert_int_equal(model_parse(spec, &t, &cfg, err), FP_OK);
	cfg.d = 1;
	cfg.xlo = d->xlo;
	cfg.xhi = d->xhi;
	cfg.seed = 42;
	const double *init = strcmp(spec, "quad") == 0 ? (const double[3]){1.5, 1.5, 1.5} : NULL;
	assert_int_equal(fit_init(f, d, t, &cfg, LOSS_MSE, optim_find(name), lr, init, err), FP_OK);
	assert_int_equal(fit_step(f, steps), steps);
}

/* Every optimizer reaches the least-squares optimum of the lesson. */
static void test_converge_lesson(void **state)
{
	struct data d;
	struct fit f;
	lesson_data(&d);
	struct {
		const char *name;
		double lr;
	} cases[] = {
	    {"gd", 0.1}, {"momentum", 0.01}, {"momentum", 0.02}, {"adam", 0.05}, {"adam", 0.1}};
	for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
		run(&f, &d, "quad", cases[k].name, cases[k].lr, 1000);
		assert_true(f.has_best);
		assert_rel(f.loss_value, f.best_loss, 1e-9);
		for (int j = 0; j < 3; j++)
			assert_rel(f.theta[j], f.best[j], 1e-4);
		assert_int_equal(f.trend, FIT_TREND_CONVERGED);
		fit_done(&f);
	}
	/* and momentum gets there in far fewer steps than gd at the same rate */
	run(&f, &d, "quad", "momentum", 0.01, 300);
	double mom = f.loss_value - f.best_loss;
	fit_done(&f);
	run(&f, &d, "quad", "gd", 0.01, 300);
	double gd = f.loss_value - f.best_loss;
	fit_done(&f);
	assert_true(mom < 1e-3 * gd);
	data_free(&d);
}

/* relus:8 on the sine: momentum and Adam bring the loss from the start down to a
 * small fraction (the curve follows the sine: its variance is 0.5) and stay there,
 * with no divergence. */
static void test_converge_relus_sine(void **state)
{
	struct data d;
	struct fit f;
	char err[FP_ERRLEN];
	const struct model_type *t;
	struct model_cfg cfg = {0};
	assert_int_equal(model_parse("relus:8", &t, &cfg, err), FP_OK); /* in the registry */
	sine_data(&d);
	struct {
		const char *name;
		double lr;
	} cases[] = {{"momentum", 0.01}, {"adam", 0.005}};
	for (size_t k = 0; k < 2; k++) {
		run(&f, &d, "relus:8", cases[k].name, cases[k].lr, 4000);
		double start = f.hist[0], at4000 = f.loss_value;
		assert_int_not_equal(f.trend, FIT_TREND_DIVERGED);
		assert_int_equal(fit_step(&f, 1000), 1000);
		double at5000 = f.loss_value;
		if (!(at5000 < 0.1 * start && at5000 < 0.15))
			fail_msg("%s: loss %.6g from %.6g", cases[k].name, at5000, start);
		/* steady: the last 1000 steps do not take it back up */
		assert_true(at5000 <= 1.05 * at4000);
		fit_done(&f);
	}
	data_free(&d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_registry),
	    cmocka_unit_test(test_update_rules),
	    cmocka_unit_test(test_converge_lesson),
	    cmocka_unit_test(test_converge_relus_sine),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
