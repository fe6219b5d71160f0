/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-relu.c: the ReLU models: the kink convention at exactly zero, the notebook's
 * relu and double-relu starts against an independent computation on the reference
 * CSV, the presets, the seeded relus:K start, adding and removing units, the
 * threaded fused pass, descent on sin(3x), and all-dead units reported as such. */
#include "testutil.h"

#include "data.h"
#include "fit.h"
#include "model.h"
#include "optim.h"
#include "preset.h"
#include "util.h"

static const struct model_type *parse(const char *spec, struct model_cfg *mc)
{
	const struct model_type *t = NULL;
	char err[FP_ERRLEN];
	memset(mc, 0, sizeof *mc);
	assert_int_equal(model_parse(spec, &t, mc, err), FP_OK);
	mc->xlo = -2;
	mc->xhi = 2;
	mc->seed = 42;
	return t;
}

/* Data owned by the test: n points x[i], y[i]. */
static void make_points(struct data *d, size_t n, const double *x, const double *y)
{
	memset(d, 0, sizeof *d);
	d->n = n;
	d->d = 1;
	d->x = fp_malloc(n * sizeof *d->x);
	d->y = fp_malloc(n * sizeof *d->y);
	assert_non_null(d->x);
	assert_non_null(d->y);
	memcpy(d->x, x, n * sizeof *x);
	memcpy(d->y, y, n * sizeof *y);
	d->xlo = -2;
	d->xhi = 2;
}

/* The lecture's 20 points, read from the reference CSV with plain sscanf. */
static size_t read_ref(double *x, double *y)
{
	char path[512];
	snprintf(path, sizeof path, "%s/lesson3-video.csv", tu_ref_dir());
	char *text = tu_read(path);
	size_t n = 0;
	char *line = strchr(text, '\n'); /* skip the header */
	while (line && n < 20) {
		line++;
		if (sscanf(line, "%lf,%lf", &x[n], &y[n]) == 2)
			n++;
		line = strchr(line, '\n');
	}
	free(text);
	return n;
}

/* At a kink (m*x + b exactly 0) the slope counts as 1, as torch.clip(y, 0.) does. */
static void test_kink_convention(void **state)
{
	struct model_cfg mc;
	const struct model_type *t = parse("relu", &mc);
	double th[2] = {1, -0.5}, x = 0.5, g[2];
	assert_true(th[0] * x + th[1] == 0); /* exactly on the kink */
	assert_true(t->eval(&mc, th, &x) == 0);
	t->grad(&mc, th, &x, g);
	assert_true(g[0] == 0.5); /* dy/dm = x */
	assert_true(g[1] == 1);	  /* dy/db = 1 */
	double xl = 0.25;	  /* left of the kink: no gradient */
	t->grad(&mc, th, &xl, g);
	assert_true(g[0] == 0 && g[1] == 0);

	t = parse("relu2", &mc);
	double th2[4] = {2, -1, -1, 0.5}, g2[4];
	t->grad(&mc, th2, &x, g2);
	assert_true(g2[0] == 0.5 && g2[1] == 1); /* unit 1 on its kink */
	assert_true(g2[2] == 0.5 && g2[3] == 1); /* unit 2 on its kink too */

	t = parse("relus:2", &mc);
	double th3[7] = {1, -0.5, 3, -4, 1, 2, 0.25}, g3[7];
	t->grad(&mc, th3, &x, g3);
	assert_true(g3[0] == 3 * 0.5 && g3[1] == 3);	     /* w*x, w */
	assert_true(g3[2] == 0);			     /* max(0, 0) */
	assert_true(g3[3] == 0 && g3[4] == 0 && g3[5] == 0); /* z = -1: dead here */
	assert_true(g3[6] == 1);

	/* The fused pass agrees: one point on the kink, MSE and MAE. */
	double xs[3] = {0.5, 1, -1}, ys[3] = {0.3, 0.1, -2};
	struct data d;
	make_points(&d, 3, xs, ys);
	double fused[7], gen[7], work[7];
	for (int l = 0; l < LOSS_COUNT; l++) {
		double a = model_loss_grad(t, &mc, th3, &d, (enum loss_kind)l, fused);
		double b = model_loss_grad_generic(t, &mc, th3, &d, (enum loss_kind)l, gen, work);
		assert_rel(a, b, 1e-14);
		for (int i = 0; i < 7; i++)
			assert_true(fabs(fused[i] - gen[i]) <= 1e-14 * (1 + fabs(gen[i])));
	}
	/* MSE by hand: r0 = c - y0 = -0.05 at the kink: dL/dm1 = 2*r0*w1*x0/3. */
	model_loss_grad(t, &mc, th3, &d, LOSS_MSE, fused);
	double r0 = 0.25 - 0.3;
	double r1 = 0.25 + 3 * 0.5 - 0.1; /* x = 1: unit 1 z = 0.5, unit 2 z = -3 */
	double r2 = 0.25 + 2 * 5 + 2;	  /* x = -1: unit 1 z = -1.5, unit 2 z = 5 */
	assert_rel(fused[0], 2 * (r0 * 3 * 0.5 + r1 * 3 * 1) / 3, 1e-13);
	assert_rel(fused[1], 2 * (r0 * 3 + r1 * 3) / 3, 1e-13);
	assert_rel(fused[3], 2 * (r2 * 2 * -1) / 3, 1e-13);
	assert_rel(fused[6], 2 * (r0 + r1 + r2) / 3, 1e-13);
	data_free(&d);
}

/* The notebook's starts on the lecture's data: loss and gradient from plain loops
 * over the reference CSV, against the presets through the whole stack. */
static void test_notebook_starts(void **state)
{
	double x[20], y[20];
	assert_int_equal(read_ref(x, y), 20);
	/* relu(1.5, 1.5) and relu(-1.5,-1.5) + relu(1.5, 1.5), by hand */
	double l1 = 0, l2 = 0, g1[2] = {0, 0}, g2[4] = {0, 0, 0, 0};
	for (int i = 0; i < 20; i++) {
		double z = 1.5 * x[i] + 1.5, za = -1.5 * x[i] - 1.5;
		double p1 = z > 0 ? z : 0, pa = za > 0 ? za : 0;
		double r1 = p1 - y[i], r2 = pa + p1 - y[i];
		l1 += r1 * r1 / 20;
		l2 += r2 * r2 / 20;
		if (z >= 0) {
			g1[0] += 2 * r1 * x[i] / 20;
			g1[1] += 2 * r1 / 20;
			g2[2] += 2 * r2 * x[i] / 20;
			g2[3] += 2 * r2 / 20;
		}
		if (za >= 0) {
			g2[0] += 2 * r2 * x[i] / 20;
			g2[1] += 2 * r2 / 20;
		}
	}
	const char *names[2] = {"relu", "relu2"};
	for (int k = 0; k < 2; k++) {
		const struct preset *p = preset_find(names[k]);
		assert_non_null(p);
		assert_string_equal(p->model, names[k]);
		assert_int_equal(p->loss, LOSS_MSE);
		assert_true(p->view_lo == -2.1 && p->view_hi == 2.1);
		struct data d;
		char err[FP_ERRLEN];
		assert_int_equal(data_gen(&p->gen, &d, err), FP_OK);
		struct model_cfg mc;
		const struct model_type *t = parse(p->model, &mc);
		assert_int_equal(p->ninit, t->nparams(&mc));
		double th[4];
		t->init(&mc, th); /* the model's own start is the notebook's too */
		for (size_t i = 0; i < p->ninit; i++)
			assert_true(th[i] == p->init[i]);
		struct fit f;
		assert_int_equal(fit_init(&f, &d, t, &mc, p->loss, NULL, 0.01, p->init, err),
				 FP_OK);
		assert_rel(f.loss_value, k ? l2 : l1, 1e-6);
		const double *g = k ? g2 : g1;
		for (size_t i = 0; i < f.np; i++)
			assert_rel(f.grad[i], g[i], 1e-6);
		fit_done(&f);
		data_free(&d);
	}
	/* The numbers, for people reading this test: 33.63 and 31.02. */
	assert_rel(l1, 33.6299, 1e-5);
	assert_rel(l2, 31.0225, 1e-5);
}

/* relus:K's start: seeded, deterministic, kinks spread over [xlo, xhi], every unit
 * alive somewhere in the range, w nonzero, c 0. */
static void test_relus_start(void **state)
{
	struct model_cfg mc;
	const struct model_type *t = parse("relus:8", &mc);
	mc.xlo = -3;
	mc.xhi = 5;
	double a[25], b[25], c[25];
	t->init(&mc, a);
	t->init(&mc, b);
	assert_memory_equal(a, b, sizeof a);
	mc.seed = 43;
	t->init(&mc, c);
	assert_true(memcmp(a, c, sizeof a) != 0);
	for (size_t k = 0; k < 8; k++) {
		double q;
		assert_int_equal(t->unit_kink(&mc, a, k, &q), 0);
		/* unit k's kink in the k-th eighth of [-3, 5] */
		assert_true(q >= -3 + (double)k && q <= -3 + (double)k + 1);
		assert_true(a[3 * k + 2] != 0);
		assert_true(t->unit_eval(&mc, a, k, -3) != 0 || t->unit_eval(&mc, a, k, 5) != 0);
	}
	assert_true(a[24] == 0);
	assert_true(fp_all_finite(a, 25));
	/* An empty or unknown range still gives a finite start. */
	mc.xlo = mc.xhi = 0;
	t->init(&mc, c);
	assert_true(fp_all_finite(c, 25));
	/* K from 1 to MODEL_MAX_UNITS parse; 0 and above do not. */
	const struct model_type *tt;
	struct model_cfg m2 = {0};
	char err[FP_ERRLEN], spec[32];
	assert_int_equal(model_parse("relus:1", &tt, &m2, err), FP_OK);
	snprintf(spec, sizeof spec, "relus:%d", MODEL_MAX_UNITS);
	assert_int_equal(model_parse(spec, &tt, &m2, err), FP_OK);
	assert_true(MODEL_MAX_UNITS >= 64);
	assert_int_equal(tt->nparams(&m2), 3 * MODEL_MAX_UNITS + 1);
	assert_int_equal(model_parse("relus:0", &tt, &m2, err), FP_EINPUT);
	snprintf(spec, sizeof spec, "relus:%d", MODEL_MAX_UNITS + 1);
	assert_int_equal(model_parse(spec, &tt, &m2, err), FP_EINPUT);
	assert_int_equal(model_parse("relu:3", &tt, &m2, err), FP_EINPUT);
}

/* Names, units and what each coefficient belongs to. */
static void test_names_units(void **state)
{
	struct model_cfg mc;
	char nm[MODEL_NAME_LEN], all[256] = "";
	const struct model_type *t = parse("relus:3", &mc);
	for (size_t i = 0; i < t->nparams(&mc); i++) {
		t->param_name(&mc, i, nm, sizeof nm);
		strcat(all, i ? "," : "");
		strcat(all, nm);
	}
	assert_string_equal(all, "m1,b1,w1,m2,b2,w2,m3,b3,w3,c");
	assert_int_equal(t->nunits(&mc), 3);
	assert_int_equal(t->param_unit(&mc, 0), 0);
	assert_int_equal(t->param_unit(&mc, 5), 1);
	assert_int_equal(t->param_unit(&mc, 8), 2);
	assert_int_equal(t->param_unit(&mc, 9), -1);
	t = parse("relu2", &mc);
	all[0] = 0;
	for (size_t i = 0; i < 4; i++) {
		t->param_name(&mc, i, nm, sizeof nm);
		strcat(all, i ? "," : "");
		strcat(all, nm);
		assert_int_equal(t->param_unit(&mc, i), (long)(i / 2));
	}
	assert_string_equal(all, "m1,b1,m2,b2");
	assert_int_equal(t->nunits(&mc), 2);
	assert_null(t->add_unit);
	/* The sum of the units' own curves (plus c) is the curve. */
	t = parse("relus:3", &mc);
	double th[10];
	t->init(&mc, th);
	th[9] = 0.7;
	for (double x = -2.5; x <= 2.5; x += 0.125) {
		double s = th[9];
		for (size_t k = 0; k < 3; k++)
			s += t->unit_eval(&mc, th, k, x);
		assert_rel(s, t->eval(&mc, th, &x), 1e-14);
	}
	/* No kink for a flat unit. */
	double flat[10] = {0, 1, 1, 1, 0, 1, 1, 0, 1, 0}, q;
	assert_int_equal(t->unit_kink(&mc, flat, 0, &q), -1);
	assert_int_equal(t->unit_kink(&mc, flat, 1, &q), 0);
	assert_true(q == 0);
	/* Formulas for people. */
	char f[128];
	t->formula(&mc, 0, f, sizeof f);
	assert_string_equal(f, "y = c + sum_k w_k*max(m_k*x + b_k, 0), k = 1..3");
	parse("relu", &mc);
	model_relu.formula(&mc, 1, f, sizeof f);
	assert_string_equal(f, "y = max(m·x + b, 0)");
}

/* Adding a unit leaves the curve exactly where it was; removing one drops its three
 * coefficients; both refuse at the bounds of K. */
static void test_add_remove(void **state)
{
	struct model_cfg mc;
	const struct model_type *t = parse("relus:4", &mc);
	double th[13], more[16], less[10], back[13];
	t->init(&mc, th);
	th[12] = -0.3;
	assert_int_equal(t->add_unit(&mc, th, more), 0);
	struct model_cfg m5 = mc;
	m5.k = 5;
	assert_int_equal(t->nparams(&m5), 16);
	for (double x = -3; x <= 3; x += 0.0625)
		assert_true(t->eval(&m5, more, &x) == t->eval(&mc, th, &x));
	assert_memory_equal(more, th, 12 * sizeof *th);
	assert_true(more[15] == -0.3);
	double q;
	assert_int_equal(t->unit_kink(&m5, more, 4, &q), 0);
	assert_true(q > -2 && q < 2);
	for (size_t k = 0; k < 4; k++) { /* not on top of an existing kink */
		double qk;
		if (t->unit_kink(&mc, th, k, &qk) == 0)
			assert_true(fabs(qk - q) > 0.05);
	}
	/* In place, with room for the new unit. */
	double inplace[16];
	memcpy(inplace, th, sizeof th);
	assert_int_equal(t->add_unit(&mc, inplace, inplace), 0);
	assert_memory_equal(inplace, more, sizeof more);

	assert_int_equal(t->remove_unit(&mc, th, 1, less), 0);
	assert_memory_equal(less, th, 3 * sizeof *th);
	assert_memory_equal(less + 3, th + 6, 7 * sizeof *th);
	assert_int_equal(t->remove_unit(&mc, th, 4, less), -1);
	assert_int_equal(t->remove_unit(&m5, more, 4, back), 0); /* the new one */
	assert_memory_equal(back, th, sizeof th);

	struct model_cfg m1 = mc;
	m1.k = 1;
	double one[4] = {1, 0, 1, 0}, two[7];
	assert_int_equal(t->remove_unit(&m1, one, 0, two), -1);
	struct model_cfg mmax = mc;
	mmax.k = MODEL_MAX_UNITS;
	double *big = fp_calloc(3 * MODEL_MAX_UNITS + 4, sizeof *big);
	assert_non_null(big);
	assert_int_equal(t->add_unit(&mmax, big, big), -1);
	fp_free(big);
}

/* The two-thread pass over many points: the same bits on every call, and the generic
 * per-point loop's values. */
static void test_threaded_pass(void **state)
{
	struct data_gen_cfg g;
	data_gen_cfg_lesson(&g);
	g.target = DATA_TARGET_SINE;
	g.n = 50001; /* odd: the halves differ in size, pairs and a single point */
	g.skip = 0;
	g.torch_grid = 0;
	struct data d;
	char err[FP_ERRLEN];
	assert_int_equal(data_gen(&g, &d, err), FP_OK);
	struct model_cfg mc;
	const struct model_type *t = parse("relus:13", &mc);
	size_t np = t->nparams(&mc);
	double th[40], g1[40], g2[40], gg[40], work[40];
	t->init(&mc, th);
	for (int l = 0; l < LOSS_COUNT; l++) {
		double a = model_loss_grad(t, &mc, th, &d, (enum loss_kind)l, g1);
		double b = model_loss_grad(t, &mc, th, &d, (enum loss_kind)l, g2);
		double c = model_loss_grad_generic(t, &mc, th, &d, (enum loss_kind)l, gg, work);
		assert_true(a == b);
		assert_memory_equal(g1, g2, np * sizeof *g1);
		assert_rel(a, c, 1e-10);
		for (size_t i = 0; i < np; i++)
			assert_true(fabs(g1[i] - gg[i]) <= 1e-9 * (1 + fabs(gg[i])));
		assert_true(model_loss_grad(t, &mc, th, &d, (enum loss_kind)l, NULL) == a);
	}
	data_free(&d);
}

/* Descent with relus:8 on sin(3x) (seed 42, light noise) cuts the MSE by at least 90%
 * within 3000 Adam steps; the curve bends where the sine does. */
static void test_sine_descent(void **state)
{
	struct data_gen_cfg g;
	data_gen_cfg_lesson(&g);
	g.target = DATA_TARGET_SINE;
	g.n = 40;
	g.mult = 0;
	g.add = 0.05;
	g.seed = 42;
	g.skip = 0;
	g.torch_grid = 0;
	struct data d;
	char err[FP_ERRLEN];
	assert_int_equal(data_gen(&g, &d, err), FP_OK);
	struct model_cfg mc;
	const struct model_type *t = parse("relus:8", &mc);
	mc.xlo = d.xlo;
	mc.xhi = d.xhi;
	struct fit f;
	assert_int_equal(fit_init(&f, &d, t, &mc, LOSS_MSE, &optim_adam, 0.02, NULL, err), FP_OK);
	double start = f.loss_value;
	size_t done = fit_step(&f, 3000);
	assert_int_equal(done, 3000);
	assert_true(f.trend != FIT_TREND_DIVERGED);
	assert_true(f.loss_value <= 0.1 * start);
	fit_done(&f);
	/* Plain descent with momentum from the same start gets there too. */
	assert_int_equal(fit_init(&f, &d, t, &mc, LOSS_MSE, &optim_momentum, 0.05, NULL, err),
			 FP_OK);
	fit_step(&f, 3000);
	assert_true(f.loss_value <= 0.1 * start);
	fit_done(&f);
	data_free(&d);
}

/* Every unit dead (0 over the data): the gradient of every unit is exactly zero and
 * descent says so in words, also once the constant c has settled; never "converged". */
static void test_all_dead(void **state)
{
	struct data_gen_cfg g;
	data_gen_cfg_lesson(&g);
	struct data d;
	char err[FP_ERRLEN];
	assert_int_equal(data_gen(&g, &d, err), FP_OK);
	struct model_cfg mc;
	const struct model_type *t = parse("relus:3", &mc);
	/* kinks at x = 3 with the active side to the right: z < 0 on [-2, 2] */
	double th[10] = {1, -3, 0.5, 2, -6, -1, 0.5, -1.5, 2, 0};
	struct fit f;
	assert_int_equal(fit_init(&f, &d, t, &mc, LOSS_MSE, NULL, 0.1, th, err), FP_OK);
	for (size_t i = 0; i < 9; i++)
		assert_true(f.grad[i] == 0);
	assert_true(f.grad[9] != 0); /* c still moves */
	fit_step(&f, 3);
	assert_int_equal(f.trend, FIT_TREND_NO_GRADIENT);
	fit_step(&f, 2000); /* c reaches the mean of y: its gradient vanishes too */
	assert_true(fabs(f.grad[9]) < 1e-9);
	assert_int_equal(f.trend, FIT_TREND_NO_GRADIENT);
	char msg[256];
	fit_trend_explain(&f, msg, sizeof msg);
	assert_non_null(strstr(msg, "zero gradient"));
	assert_string_equal(fit_trend_text(f.trend), "zero gradient");
	for (size_t i = 0; i < 9; i++)
		assert_true(f.theta[i] == th[i]); /* the units never moved */
	fit_done(&f);

	/* relu and relu2 have no constant: the whole gradient is zero at once. */
	t = parse("relu2", &mc);
	double th2[4] = {1, -3, -1, -3};
	assert_int_equal(fit_init(&f, &d, t, &mc, LOSS_MAE, NULL, 0.1, th2, err), FP_OK);
	fit_step(&f, 5);
	assert_int_equal(f.trend, FIT_TREND_NO_GRADIENT);
	assert_memory_equal(f.theta, th2, sizeof th2);
	fit_done(&f);
	data_free(&d);
}

/* max(0, NaN) is 0, so a ReLU could hide a NaN coefficient behind a finite loss: fit
 * refuses non-finite coefficients and stops descent at the first overflow. */
static void test_nonfinite_caught(void **state)
{
	struct data_gen_cfg g;
	data_gen_cfg_lesson(&g);
	struct data d;
	char err[FP_ERRLEN];
	assert_int_equal(data_gen(&g, &d, err), FP_OK);
	struct model_cfg mc;
	const struct model_type *t = parse("relus:2", &mc);
	double th[7] = {1, 0, 1, -1, 0, 1, 0};
	struct fit f;
	assert_int_equal(fit_init(&f, &d, t, &mc, LOSS_MSE, NULL, 1e200, th, err), FP_OK);
	double bad[7] = {1, NAN, 1, -1, 0, 1, 0};
	assert_int_equal(fit_set_theta(&f, bad, err), FP_EINPUT);
	assert_memory_equal(f.theta, th, sizeof th);
	fit_step(&f, 50);
	assert_int_equal(f.trend, FIT_TREND_DIVERGED);
	assert_true(fp_all_finite(f.theta, 7));
	assert_true(isfinite(f.loss_value));
	fit_done(&f);
	data_free(&d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_kink_convention),  cmocka_unit_test(test_notebook_starts),
	    cmocka_unit_test(test_relus_start),	     cmocka_unit_test(test_names_units),
	    cmocka_unit_test(test_add_remove),	     cmocka_unit_test(test_threaded_pass),
	    cmocka_unit_test(test_sine_descent),     cmocka_unit_test(test_all_dead),
	    cmocka_unit_test(test_nonfinite_caught),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
