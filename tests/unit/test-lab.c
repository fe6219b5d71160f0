/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-lab.c: the learning-rate lab's core: the sweep and its verdicts, the estimated
 * learning-rate limit against the exact one, the loss landscape against direct loss
 * evaluations (every strategy, every model with units), its cache, and the descent
 * path mapped onto it. */
#include "testutil.h"

#include <gsl/gsl_eigen.h>

#include "data.h"
#include "fit.h"
#include "lab.h"
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

/* sin(3x) on [-2, 2] with a little additive noise. */
static void sine_data(struct data *d, size_t n)
{
	struct data_gen_cfg g;
	char err[FP_ERRLEN];
	data_gen_cfg_lesson(&g);
	g.target = DATA_TARGET_SINE;
	g.n = n;
	g.mult = 0;
	g.add = 0.1;
	g.torch_grid = 0;
	g.skip = 0;
	assert_int_equal(data_gen(&g, d, err), FP_OK);
}

static void lesson_fit(struct fit *f, const struct data *d, enum loss_kind loss, double lr)
{
	char err[FP_ERRLEN];
	struct model_cfg cfg = {.d = 1, .xlo = -2, .xhi = 2};
	assert_int_equal(fit_init(f, d, &model_quad, &cfg, loss, NULL, lr, NULL, err), FP_OK);
}

/* A session on model `spec`: the test fails when the registry has no such model. */
static void spec_fit(struct fit *f, const struct data *d, const char *spec, double lr)
{
	char err[FP_ERRLEN];
	const struct model_type *t;
	struct model_cfg cfg = {0};
	if (model_parse(spec, &t, &cfg, err) != FP_OK)
		fail_msg("model %s is not in the registry: %s", spec, err);
	cfg.xlo = d->xlo;
	cfg.xhi = d->xhi;
	cfg.seed = 42;
	cfg.d = 1;
	assert_int_equal(fit_init(f, d, t, &cfg, LOSS_MSE, NULL, lr, NULL, err), FP_OK);
}

/* Sine data of n points and a session of `spec` on it at lr 0.01 (the test fails
 * when the registry has no such model). */
static void sine_fit(struct data *d, struct fit *f, size_t n, const char *spec)
{
	sine_data(d, n);
	spec_fit(f, d, spec, 0.01);
}

/* ---- sweep ---- */

static void test_sweep_rates(void **state)
{
	double r[5];
	char err[FP_ERRLEN];
	assert_int_equal(lab_sweep_rates(0.001, 0.1, 5, r, err), FP_OK);
	assert_rel(r[0], 0.001, 0);
	assert_rel(r[4], 0.1, 0);
	for (int i = 1; i < 5; i++)
		assert_rel(r[i] / r[i - 1], pow(10, 0.5), 1e-12);
	assert_int_equal(lab_sweep_rates(0.2, 0.2, 1, r, err), FP_OK);
	assert_rel(r[0], 0.2, 0);
	assert_int_equal(lab_sweep_rates(0, 1, 3, r, err), FP_EINPUT);
	assert_int_equal(lab_sweep_rates(1, 0.5, 3, r, err), FP_EINPUT);
	assert_int_equal(lab_sweep_rates(0.1, 1, 0, r, err), FP_EINPUT);
	assert_int_equal(lab_sweep_rates(0.1, NAN, 2, r, err), FP_EINPUT);
	assert_string_equal(lab_verdict_name(LAB_CONVERGED), "converged");
	assert_string_equal(lab_verdict_name(LAB_CRAWLING), "crawling");
	assert_string_equal(lab_verdict_name(LAB_DIVERGED), "diverged");
}

/* The lesson: divergence begins between 0.2 and 0.25 (the limit is 0.2215); 0.001
 * crawls, 0.1 converges; the session itself is left alone. */
static void test_sweep_lesson_boundary(void **state)
{
	struct data d;
	struct fit f;
	char err[FP_ERRLEN];
	lesson_data(&d);
	lesson_fit(&f, &d, LOSS_MSE, 0.01);
	struct lab_sweep_row rows[31];
	assert_int_equal(lab_sweep(&f, NULL, 0.1, 0.4, 31, 100, rows, err), FP_OK);
	for (size_t i = 0; i < 31; i++) {
		if (rows[i].lr <= 0.2)
			assert_int_not_equal(rows[i].verdict, LAB_DIVERGED);
		if (rows[i].lr >= 0.25)
			assert_int_equal(rows[i].verdict, LAB_DIVERGED);
		assert_int_equal(rows[i].steps, 100);
	}
	double from;
	assert_int_equal(lab_sweep_diverge_from(rows, 31, &from), 0);
	assert_true(from > 0.2 && from <= 0.25);
	assert_true(from >= f.lr_limit);

	/* crawling at 0.001, converged at 0.1, diverged at 0.3 */
	struct lab_sweep_row r3[3];
	assert_int_equal(lab_sweep_run(&f, NULL, 0.001, 200, &r3[0], err), FP_OK);
	assert_int_equal(lab_sweep_run(&f, NULL, 0.1, 200, &r3[1], err), FP_OK);
	assert_int_equal(lab_sweep_run(&f, NULL, 0.3, 200, &r3[2], err), FP_OK);
	lab_sweep_judge(r3, 3, f.has_best, f.best_loss, NULL);
	assert_int_equal(r3[0].verdict, LAB_CRAWLING);
	assert_rel(r3[0].loss, 3.53, 0.005); /* the lesson: MSE 3.53 after 200 steps */
	assert_int_equal(r3[1].verdict, LAB_CONVERGED);
	assert_int_equal(r3[2].verdict, LAB_DIVERGED);
	assert_true(r3[2].loss > 1e93 && r3[2].loss < 1e95); /* about 1e94 */
	double first;
	assert_int_equal(lab_sweep_first_converged(r3, 3, &first), 0);
	assert_rel(first, 0.1, 0);

	/* The session is untouched. */
	assert_int_equal(f.step, 0);
	assert_rel(f.theta[0], 1.5, 0);
	assert_rel(f.lr, 0.01, 0);
	fit_done(&f);
	data_free(&d);
}

/* Descent's step count to a target equals stepping by hand; diverging or too few
 * steps say so with (size_t)-1. */
static void test_descent_steps_to(void **state)
{
	struct data d;
	struct fit f;
	char err[FP_ERRLEN];
	lesson_data(&d);
	lesson_fit(&f, &d, LOSS_MSE, 0.01);
	double target = f.best_loss * 1.001;
	size_t steps;
	assert_int_equal(lab_descent_steps_to(&f, NULL, target, 100000, &steps, err), FP_OK);
	assert_true(steps > 100 && steps < 1000); /* hundreds, where LM takes a handful */
	struct fit g;
	lesson_fit(&g, &d, LOSS_MSE, 0.01);
	size_t k = 0;
	while (g.loss_value > target) {
		assert_int_equal(fit_step(&g, 1), 1);
		k++;
	}
	assert_int_equal(steps, k);
	fit_done(&g);
	assert_int_equal(f.step, 0); /* the session is untouched */
	assert_int_equal(lab_descent_steps_to(&f, NULL, target, steps - 1, &steps, err), FP_OK);
	assert_int_equal(steps, (size_t)-1);
	fit_set_lr(&f, 0.3, NULL);
	assert_int_equal(lab_descent_steps_to(&f, NULL, target, 100000, &steps, err), FP_OK);
	assert_int_equal(steps, (size_t)-1);
	assert_int_equal(lab_descent_steps_to(&f, NULL, 1e9, 10, &steps, err), FP_OK);
	assert_int_equal(steps, 0);
	fit_done(&f);
	data_free(&d);
}

/* A run that overflows: loss INFINITY, last finite kept, fewer steps, diverged. */
static void test_sweep_overflow(void **state)
{
	struct data d;
	struct fit f;
	char err[FP_ERRLEN];
	lesson_data(&d);
	lesson_fit(&f, &d, LOSS_MSE, 0.01);
	struct lab_sweep_row r;
	assert_int_equal(lab_sweep_run(&f, NULL, 1.0, 5000, &r, err), FP_OK);
	assert_true(r.overflowed);
	assert_true(isinf(r.loss));
	assert_true(isfinite(r.last_finite));
	assert_true(r.steps < 5000);
	lab_sweep_judge(&r, 1, f.has_best, f.best_loss, NULL);
	assert_int_equal(r.verdict, LAB_DIVERGED);
	char b[32];
	assert_string_equal(fp_fmt(b, sizeof b, r.loss, 6), "overflow");
	/* A bad start is an error. */
	double bad[3] = {1e300, 1e300, 1e300};
	assert_int_not_equal(lab_sweep_run(&f, bad, 0.1, 5, &r, err), FP_OK);
	fit_done(&f);
	data_free(&d);
}

/* A run in pieces (the explorer: a step a frame) gives the row of a run at once:
 * converging, crawling and diverging rates. */
static void test_sweep_pieces(void **state)
{
	struct data d;
	struct fit f;
	char err[FP_ERRLEN];
	lesson_data(&d);
	lesson_fit(&f, &d, LOSS_MSE, 0.01);
	static const double rates[] = {0.001, 0.1, 0.3, 1.0};
	for (size_t i = 0; i < 4; i++) {
		struct lab_sweep_row whole, part;
		struct fit g;
		assert_int_equal(lab_sweep_run(&f, NULL, rates[i], 300, &whole, err), FP_OK);
		assert_int_equal(lab_sweep_begin(&f, NULL, rates[i], &g, &part, err), FP_OK);
		size_t pieces = 0;
		while (!lab_sweep_more(&g, &part, 300, 7))
			pieces++;
		lab_sweep_end(&g, &part);
		assert_true(pieces >= (whole.overflowed ? 1u : 42u));
		assert_int_equal(part.steps, whole.steps);
		assert_int_equal(part.overflowed, whole.overflowed);
		assert_true(part.last_finite == whole.last_finite);
		assert_true(part.loss == whole.loss || (isinf(part.loss) && isinf(whole.loss)));
		assert_true(part.start_loss == whole.start_loss);
		assert_true(part.tail[0] == whole.tail[0] && part.tail[1] == whole.tail[1]);
	}
	fit_done(&f);
	data_free(&d);
}

/* Without a closed-form best, the best of the runs is the reference, and a converged
 * run has settled (its last two tenths of steps). */
static void test_sweep_judge_rules(void **state)
{
	struct lab_sweep_row r[4] = {
	    {.lr = 0.001, .start_loss = 10, .loss = 9, .last_finite = 9, .tail = {9.2, 9.1}},
	    {.lr = 0.01, .start_loss = 10, .loss = 1.05, .last_finite = 1.05, .tail = {1.05, 1.05}},
	    {.lr = 0.1, .start_loss = 10, .loss = 1.0, .last_finite = 1.0, .tail = {1.0, 1.0}},
	    {.lr = 1, .start_loss = 10, .loss = 11, .last_finite = 11, .tail = {10.5, 10.8}},
	};
	double best;
	lab_sweep_judge(r, 4, 0, 0, &best);
	assert_rel(best, 1.0, 0);
	assert_int_equal(r[0].verdict, LAB_CRAWLING);
	assert_int_equal(r[1].verdict, LAB_CONVERGED); /* 0.05 <= 1% of 9 */
	assert_int_equal(r[2].verdict, LAB_CONVERGED);
	assert_int_equal(r[3].verdict, LAB_DIVERGED); /* ended above its start */
	double lr;
	assert_int_equal(lab_sweep_diverge_from(r, 4, &lr), 0);
	assert_rel(lr, 1, 0);
	assert_int_equal(lab_sweep_diverge_from(r, 3, &lr), -1);
	/* With a known best of 0.5, 1.0 is not within 1% of 9.5. */
	lab_sweep_judge(r, 4, 1, 0.5, &best);
	assert_int_equal(r[2].verdict, LAB_CRAWLING);
	assert_int_equal(lab_sweep_first_converged(r, 4, &lr), -1);

	/* Rates that barely moved (issue 12: 72.1665 -> 72.1378 in 10 steps), falling
	 * as fast at the end as at the start: the lowest of them is no best. */
	struct lab_sweep_row slow[2] = {
	    {.lr = 1e-7, .start_loss = 72.1665, .loss = 72.1636, .tail = {72.1642, 72.1639}},
	    {.lr = 1e-6, .start_loss = 72.1665, .loss = 72.1378, .tail = {72.1435, 72.1407}},
	};
	lab_sweep_judge(slow, 2, 0, 0, &best);
	assert_rel(best, 72.1378, 0);
	assert_int_equal(slow[0].verdict, LAB_CRAWLING);
	assert_int_equal(slow[1].verdict, LAB_CRAWLING);
	/* Geometric falls: halving every tenth of the steps, 0.1 (0.1% of the fall) is
	 * still to come: settled; two thirds each tenth, 3.2 (3%) is still to come. */
	struct lab_sweep_row geo[2] = {
	    {.lr = 0.1, .start_loss = 100, .loss = 1.1, .tail = {1.4, 1.2}},
	    {.lr = 0.2, .start_loss = 100, .loss = 3, .tail = {7, 4.6}},
	};
	lab_sweep_judge(geo, 2, 0, 0, &best);
	assert_int_equal(geo[0].verdict, LAB_CONVERGED);
	assert_int_equal(geo[1].verdict, LAB_CRAWLING);
	/* One step shows no trend: never settled. */
	struct lab_sweep_row one = {.lr = 0.1, .start_loss = 10, .loss = 1, .tail = {10, 10}};
	lab_sweep_judge(&one, 1, 0, 0, &best);
	assert_int_equal(one.verdict, LAB_CRAWLING);
}

/* ---- learning-rate limit ---- */

/* On the quadratic the estimate is within 5% (in fact far closer) of the exact limit,
 * wherever it is taken. */
static void test_limit_estimate_quad(void **state)
{
	struct data d;
	char err[FP_ERRLEN];
	lesson_data(&d);
	struct model_cfg cfg = {.d = 1};
	double eig[3], exact;
	assert_int_equal(solve_hessian(&model_quad, &cfg, &d, eig, &exact, err), FP_OK);
	assert_rel(exact, 0.22152864780175202, 1e-6);
	double where[3][3] = {{1.5, 1.5, 1.5}, {0, 0, 0}, {-40, 7, 300}};
	for (int k = 0; k < 3; k++) {
		struct lab_limit lim;
		assert_int_equal(
		    lab_limit_estimate(&model_quad, &cfg, &d, LOSS_MSE, where[k], &lim, err),
		    FP_OK);
		assert_false(lim.exact);
		assert_true(lim.converged);
		assert_rel(lim.limit, exact, 0.05);
		assert_rel(lim.limit, exact, 1e-5);
		assert_rel(lim.lambda_max, eig[2], 1e-5);
		assert_true(lim.iterations >= 3 && lim.iterations <= LAB_LIMIT_MAXITER);
	}
	data_free(&d);
}

/* The explorer's estimate on a budget: at most maxiter iterations; from the last
 * estimate's direction a few iterations settle it (the same limit), where the fixed
 * start needs many; NULL or a zero vector is the fixed start (= lab_limit_estimate). */
static void test_limit_estimate_from(void **state)
{
	struct data d;
	struct fit f;
	char err[FP_ERRLEN];
	lesson_data(&d);
	spec_fit(&f, &d, "relus:4", 0.01);
	struct lab_limit cold, lim, two;
	double vec[64] = {0};
	assert_true(f.np <= 64);
	assert_int_equal(lab_limit_estimate(f.model, &f.mcfg, &d, LOSS_MSE, f.theta, &cold, err),
			 FP_OK);
	assert_true(cold.converged && cold.iterations > 6);
	assert_int_equal(lab_limit_estimate_from(f.model, &f.mcfg, &d, LOSS_MSE, f.theta, vec,
						 LAB_LIMIT_MAXITER, &lim, err),
			 FP_OK);
	assert_true(lim.limit == cold.limit && lim.iterations == cold.iterations);
	/* From there, after a small move: settled in the fewest iterations. */
	f.theta[0] += 1e-3;
	assert_int_equal(lab_limit_estimate(f.model, &f.mcfg, &d, LOSS_MSE, f.theta, &cold, err),
			 FP_OK);
	assert_int_equal(lab_limit_estimate_from(f.model, &f.mcfg, &d, LOSS_MSE, f.theta, vec,
						 LAB_LIMIT_MAXITER, &lim, err),
			 FP_OK);
	assert_true(lim.converged);
	assert_true(lim.iterations <= 4 && lim.iterations < cold.iterations);
	assert_rel(lim.limit, cold.limit, 1e-5);
	/* A budget of two iterations is kept, and says it did not settle from cold. */
	memset(vec, 0, sizeof vec);
	assert_int_equal(
	    lab_limit_estimate_from(f.model, &f.mcfg, &d, LOSS_MSE, f.theta, vec, 2, &two, err),
	    FP_OK);
	assert_true(two.iterations <= 4 && !two.converged);
	fit_done(&f);
	data_free(&d);
}

/* The session's limit: exact for the quadratic, an estimate for ReLU models. */
static void test_limit_for_fit(void **state)
{
	struct data d;
	struct fit f;
	char err[FP_ERRLEN];
	lesson_data(&d);
	lesson_fit(&f, &d, LOSS_MSE, 0.01);
	struct lab_limit lim;
	assert_int_equal(lab_limit_for_fit(&f, &lim, err), FP_OK);
	assert_true(lim.exact);
	assert_rel(lim.limit, 0.22152864780175202, 1e-6);
	char g[128];
	assert_rel(lab_limit_gauge(&lim, 0.01, g, sizeof g), 0.01 / lim.limit, 1e-12);
	assert_string_equal(g, "lr 0.01 = 4.5% of the limit 0.2215");
	assert_true(lab_limit_gauge(&lim, 0.24, g, sizeof g) > 1);
	assert_string_equal(g, "lr 0.24 is above the limit 0.2215: descent diverges");
	struct lab_limit e = lim;
	e.exact = 0;
	lab_limit_gauge(&e, 0.1, g, sizeof g);
	assert_string_equal(g, "lr 0.1 = 45% of the limit ~0.2215 (estimate)");
	e.limit = INFINITY;
	assert_rel(lab_limit_gauge(&e, 0.1, g, sizeof g), 0, 0);
	assert_non_null(strstr(g, "no lr limit"));
	fit_done(&f);
	spec_fit(&f, &d, "relus:4", 0.01);
	assert_int_equal(lab_limit_for_fit(&f, &lim, err), FP_OK);
	assert_false(lim.exact);
	assert_true(lim.limit > 0);
	fit_done(&f);
	assert_int_equal(lab_limit_estimate(&model_quad, &(struct model_cfg){.d = 1}, &d, LOSS_MSE,
					    (double[3]){NAN, 0, 0}, &lim, err),
			 FP_EINPUT);
	data_free(&d);
}

/* For a model that is not linear, the estimate equals the largest eigenvalue of the
 * Hessian built column by column from the same gradient differences (GSL eigen). */
static void test_limit_estimate_relus(void **state)
{
	struct data d;
	struct fit f;
	char err[FP_ERRLEN];
	sine_fit(&d, &f, 60, "relus:3");
	fit_step(&f, 200); /* somewhere in the middle of a descent */
	size_t n = f.np;
	gsl_matrix *H = gsl_matrix_alloc(n, n);
	gsl_vector *ev = gsl_vector_alloc(n);
	gsl_eigen_symm_workspace *w = gsl_eigen_symm_alloc(n);
	double *tp = calloc(n, sizeof *tp), *gp = calloc(n, sizeof *gp),
	       *gm = calloc(n, sizeof *gm);
	double norm = 0;
	for (size_t i = 0; i < n; i++)
		norm += f.theta[i] * f.theta[i];
	double eps = 1e-5 * (1 + sqrt(norm));
	for (size_t j = 0; j < n; j++) {
		memcpy(tp, f.theta, n * sizeof *tp);
		tp[j] += eps;
		model_loss_grad(f.model, &f.mcfg, tp, &d, LOSS_MSE, gp);
		tp[j] -= 2 * eps;
		model_loss_grad(f.model, &f.mcfg, tp, &d, LOSS_MSE, gm);
		for (size_t i = 0; i < n; i++)
			gsl_matrix_set(H, i, j, (gp[i] - gm[i]) / (2 * eps));
	}
	for (size_t i = 0; i < n; i++) /* symmetrize */
		for (size_t j = 0; j < i; j++) {
			double v = (gsl_matrix_get(H, i, j) + gsl_matrix_get(H, j, i)) / 2;
			gsl_matrix_set(H, i, j, v);
			gsl_matrix_set(H, j, i, v);
		}
	assert_int_equal(gsl_eigen_symm(H, ev, w), 0);
	double lmax = gsl_vector_max(ev);
	struct lab_limit lim;
	assert_int_equal(lab_limit_for_fit(&f, &lim, err), FP_OK);
	assert_false(lim.exact);
	assert_rel(lim.lambda_max, lmax, 0.01);
	assert_rel(lim.limit, 2 / lmax, 0.01);
	free(tp);
	free(gp);
	free(gm);
	gsl_eigen_symm_free(w);
	gsl_vector_free(ev);
	gsl_matrix_free(H);
	fit_done(&f);
	data_free(&d);
}

/* ---- landscape ---- */

/* Every cell of L equals model_loss_grad at the cell's centre. */
static void check_grid(const struct lab_landscape *L, const struct model_type *t,
		       const struct model_cfg *cfg, const struct data *d, enum loss_kind loss,
		       const double *theta, size_t np)
{
	const struct lab_land_spec *s = &L->spec;
	double *th = calloc(np, sizeof *th);
	assert_non_null(th);
	assert_int_equal(L->rows_done, s->h);
	for (size_t r = 0; r < s->h; r++)
		for (size_t c = 0; c < s->w; c++) {
			memcpy(th, theta, np * sizeof *th);
			lab_landscape_unmap(s, c + 0.5, r + 0.5, &th[s->p], &th[s->q]);
			double want = model_loss_grad(t, cfg, th, d, loss, NULL);
			double got = L->v[r * s->w + c];
			if (!(fabs(got - want) <= 1e-9 * fmax(1e-12, fabs(want))))
				fail_msg(
				    "%s pair (%zu,%zu) cell (%zu,%zu): %.17g, direct %.17g (%s)",
				    t->name, s->p, s->q, c, r, got, want,
				    lab_land_strategy_name(L->strategy));
			assert_true(got >= L->vmin && got <= L->vmax);
		}
	free(th);
}

/* The lesson: 100x40 over every pair, quadform, equal to direct evaluations. */
static void test_landscape_quad(void **state)
{
	struct data d;
	struct fit f;
	char err[FP_ERRLEN];
	lesson_data(&d);
	lesson_fit(&f, &d, LOSS_MSE, 0.01);
	struct lab_landscape *L = lab_landscape_alloc();
	assert_non_null(L);
	size_t p = 0, q = 1;
	for (int k = 0; k < 3; k++) {
		struct lab_land_spec s = {p, q, -1, 5, -2, 4, 100, 40};
		assert_int_equal(lab_landscape_compute_fit(L, &f, &s, err), FP_OK);
		assert_int_equal(L->strategy, LAB_LAND_QUADFORM);
		check_grid(L, f.model, &f.mcfg, &d, LOSS_MSE, f.theta, f.np);
		lab_landscape_next_pair(3, &p, &q);
	}
	assert_true(p == 0 && q == 1); /* (0,1) (0,2) (1,2) and round again */
	/* The least-squares point is the lowest cell's neighbourhood: vmin >= best. */
	assert_true(L->vmin >= f.best_loss * (1 - 1e-12));
	/* MAE: every cell evaluated. */
	fit_set_loss(&f, LOSS_MAE, err);
	struct lab_land_spec s = {0, 2, 0, 4, 0, 3, 30, 12};
	assert_int_equal(lab_landscape_compute_fit(L, &f, &s, err), FP_OK);
	assert_int_equal(L->strategy, LAB_LAND_GENERIC);
	check_grid(L, f.model, &f.mcfg, &d, LOSS_MAE, f.theta, f.np);
	lab_landscape_free(L);
	fit_done(&f);
	data_free(&d);
}

/* Models with units (relu, relu2, relus:K): every pair, both losses, equal to
 * direct evaluations; pairs inside units never use the generic way. */
static void test_landscape_units(void **state)
{
	struct data d;
	char err[FP_ERRLEN];
	sine_data(&d, 57);
	const char *specs[] = {"relu", "relu2", "relus:3"};
	struct lab_landscape *L = lab_landscape_alloc(), *L2 = lab_landscape_alloc();
	assert_non_null(L);
	assert_non_null(L2);
	for (size_t m = 0; m < 3; m++) {
		struct fit f;
		spec_fit(&f, &d, specs[m], 0.01);
		fit_step(&f, 30);
		for (int lk = 0; lk < 2; lk++) {
			enum loss_kind loss = lk ? LOSS_MAE : LOSS_MSE;
			size_t p = 0, q = 1;
			do {
				struct lab_land_spec s = {p,
							  q,
							  f.theta[p] - 2,
							  f.theta[p] + 1.5,
							  f.theta[q] - 1,
							  f.theta[q] + 2.5,
							  9,
							  7};
				assert_int_equal(lab_landscape_compute(L, f.model, &f.mcfg, &d,
								       loss, f.theta, &s, err),
						 FP_OK);
				long up =
				    f.model->param_unit ? f.model->param_unit(&f.mcfg, p) : -1;
				long uq =
				    f.model->param_unit ? f.model->param_unit(&f.mcfg, q) : -1;
				if (f.model->unit_eval && (up >= 0 || uq >= 0))
					assert_int_not_equal(L->strategy, LAB_LAND_GENERIC);
				if (up == uq && up >= 0)
					assert_int_equal(L->strategy, LAB_LAND_RELU);
				else if (up != uq && loss == LOSS_MSE)
					assert_int_equal(L->strategy, LAB_LAND_RELU_PAIR);
				else if (up != uq)
					assert_int_equal(L->strategy, LAB_LAND_SEPARABLE);
				check_grid(L, f.model, &f.mcfg, &d, loss, f.theta, f.np);
				/* In pieces of 3 cells (the explorer on a budget): the same
				 * grid, and a row counts only when all its cells are in. */
				assert_int_equal(lab_landscape_set(L2, f.model, &f.mcfg, &d, loss,
								   f.theta, &s, err),
						 FP_OK);
				size_t left = lab_landscape_cells(L2, 3);
				int sep = L2->strategy == LAB_LAND_SEPARABLE && loss == LOSS_MSE;
				assert_int_equal(left, s.w * s.h - (sep ? s.w : 3));
				assert_int_equal(L2->rows_done, sep ? 1 : 0);
				while (lab_landscape_cells(L2, 3) > 0)
					;
				assert_int_equal(L2->rows_done, s.h);
				assert_memory_equal(L2->v, L->v, s.w * s.h * sizeof *L->v);
				lab_landscape_next_pair(f.np, &p, &q);
			} while (!(p == 0 && q == 1));
		}
		fit_done(&f);
	}
	lab_landscape_free(L);
	lab_landscape_free(L2);
	data_free(&d);
}

/* A toy model with units for the generic unit strategies: theta = m_1, w_1, ...,
 * m_K, w_K, s, c; y = c + s * sum_k w_k * tanh(m_k * x). With toy_scaled = 0 the
 * scale s is fixed at 1 (units independent of the global coefficients, as the
 * strategies assume); with 1, s multiplies every unit, which the strategies must
 * detect (their check) and leave to full evaluations. */
static int toy_scaled;
#define TOY_K 3
static size_t toy_nparams(const struct model_cfg *c)
{
	return 2 * TOY_K + 2;
}
static void toy_param_name(const struct model_cfg *c, size_t i, char *b, size_t n)
{
	snprintf(b, n, "t%zu", i);
}
static void toy_init(const struct model_cfg *c, double *t)
{
	for (size_t i = 0; i < 2 * TOY_K; i++)
		t[i] = 0.3 + 0.2 * (double)i * (i % 2 ? 1 : -1);
	t[2 * TOY_K] = 1;
	t[2 * TOY_K + 1] = 0.1;
}
static double toy_scale(const double *t)
{
	return toy_scaled ? t[2 * TOY_K] : 1;
}
static double toy_unit(const struct model_cfg *c, const double *t, size_t k, double x)
{
	return toy_scale(t) * t[2 * k + 1] * tanh(t[2 * k] * x);
}
static double toy_eval(const struct model_cfg *c, const double *t, const double *x)
{
	double y = t[2 * TOY_K + 1];
	for (size_t k = 0; k < TOY_K; k++)
		y += toy_unit(c, t, k, x[0]);
	return y;
}
static void toy_grad(const struct model_cfg *c, const double *t, const double *x, double *g)
{
	double s = toy_scale(t), sum = 0;
	for (size_t k = 0; k < TOY_K; k++) {
		double th = tanh(t[2 * k] * x[0]);
		g[2 * k] = s * t[2 * k + 1] * (1 - th * th) * x[0];
		g[2 * k + 1] = s * th;
		sum += t[2 * k + 1] * th;
	}
	g[2 * TOY_K] = toy_scaled ? sum : 0;
	g[2 * TOY_K + 1] = 1;
}
static size_t toy_nunits(const struct model_cfg *c)
{
	return TOY_K;
}
static long toy_param_unit(const struct model_cfg *c, size_t i)
{
	return i < 2 * TOY_K ? (long)(i / 2) : -1;
}
static const struct model_type toy_model = {
    .name = "toy",
    .min_d = 1,
    .max_d = 1,
    .nparams = toy_nparams,
    .param_name = toy_param_name,
    .init = toy_init,
    .eval = toy_eval,
    .grad = toy_grad,
    .nunits = toy_nunits,
    .unit_eval = toy_unit,
    .param_unit = toy_param_unit,
};

/* The generic unit strategies on a model they know nothing else about: UNIT inside a
 * unit, SEPARABLE across units and with a global coefficient, GENERIC when p and q
 * are both global; and with units that depend on a global coefficient, the check
 * sends the affected pairs to GENERIC. Every cell equals a direct evaluation. */
static void test_landscape_toy_units(void **state)
{
	struct data d;
	char err[FP_ERRLEN];
	sine_data(&d, 45);
	struct model_cfg cfg = {.d = 1};
	double th[2 * TOY_K + 2];
	struct lab_landscape *L = lab_landscape_alloc();
	for (toy_scaled = 0; toy_scaled < 2; toy_scaled++) {
		toy_init(&cfg, th);
		th[2 * TOY_K] = 1.3; /* s: matters only when scaled */
		int seen[LAB_LAND_GENERIC + 1] = {0};
		for (int lk = 0; lk < 2; lk++) {
			enum loss_kind loss = lk ? LOSS_MAE : LOSS_MSE;
			size_t p = 0, q = 1;
			do {
				struct lab_land_spec s = {
				    p, q, th[p] - 1, th[p] + 2, th[q] - 2, th[q] + 1, 7, 5};
				assert_int_equal(lab_landscape_compute(L, &toy_model, &cfg, &d,
								       loss, th, &s, err),
						 FP_OK);
				seen[L->strategy]++;
				long up = toy_param_unit(&cfg, p), uq = toy_param_unit(&cfg, q);
				size_t sidx = 2 * TOY_K;
				if (!toy_scaled) {
					if (up >= 0 && up == uq)
						assert_int_equal(L->strategy, LAB_LAND_UNIT);
					else if (up >= 0 || uq >= 0)
						assert_int_equal(L->strategy, LAB_LAND_SEPARABLE);
					else
						assert_int_equal(L->strategy, LAB_LAND_GENERIC);
				} else if (p == sidx || q == sidx) {
					/* every unit moves with s: not separable */
					assert_int_equal(L->strategy, LAB_LAND_GENERIC);
				}
				check_grid(L, &toy_model, &cfg, &d, loss, th, 2 * TOY_K + 2);
				lab_landscape_next_pair(2 * TOY_K + 2, &p, &q);
			} while (!(p == 0 && q == 1));
		}
		assert_true(seen[LAB_LAND_UNIT] > 0 && seen[LAB_LAND_SEPARABLE] > 0 &&
			    seen[LAB_LAND_GENERIC] > 0);
	}
	toy_scaled = 0;
	lab_landscape_free(L);
	data_free(&d);
}

/* RELU strategy corner cases: tied x values (the kink on a tie), slopes of exactly
 * zero at a cell centre, kinks outside the data, both losses. */
static void test_landscape_relu_ties(void **state)
{
	struct data d;
	struct fit f;
	char err[FP_ERRLEN];
	sine_data(&d, 41);
	for (size_t i = 0; i < d.n; i++)
		d.x[i] = round(d.x[i] * 2) / 2; /* many points on each half-integer */
	spec_fit(&f, &d, "relus:2", 0.01);
	struct lab_landscape *L = lab_landscape_alloc();
	for (int lk = 0; lk < 2; lk++) {
		enum loss_kind loss = lk ? LOSS_MAE : LOSS_MSE;
		/* m1 in [-1, 1] over 9 columns: the middle centre is m = 0; b1 over ties */
		struct lab_land_spec s = {0, 1, -1, 1, -3, 3, 9, 12};
		assert_int_equal(
		    lab_landscape_compute(L, f.model, &f.mcfg, &d, loss, f.theta, &s, err), FP_OK);
		assert_int_equal(L->strategy, LAB_LAND_RELU);
		check_grid(L, f.model, &f.mcfg, &d, loss, f.theta, f.np);
		/* kinks far outside the data: every point active or none */
		struct lab_land_spec far = {3, 4, 50, 60, -1000, 1000, 5, 8};
		assert_int_equal(
		    lab_landscape_compute(L, f.model, &f.mcfg, &d, loss, f.theta, &far, err),
		    FP_OK);
		assert_int_equal(L->strategy, LAB_LAND_RELU);
		check_grid(L, f.model, &f.mcfg, &d, loss, f.theta, f.np);
		/* w and b of unit 2 */
		struct lab_land_spec wb = {4, 5, -2, 2, -3, 3, 11, 6};
		assert_int_equal(
		    lab_landscape_compute(L, f.model, &f.mcfg, &d, loss, f.theta, &wb, err), FP_OK);
		check_grid(L, f.model, &f.mcfg, &d, loss, f.theta, f.np);
	}
	lab_landscape_free(L);
	fit_done(&f);
	data_free(&d);
}

/* The cache: the same inputs compute nothing; moving p or q alone keeps the grid;
 * a held coefficient, the spec, or the data's values recompute. Rows on request. */
static void test_landscape_cache(void **state)
{
	struct data d;
	struct fit f;
	char err[FP_ERRLEN];
	lesson_data(&d);
	lesson_fit(&f, &d, LOSS_MSE, 0.01);
	struct lab_landscape *L = lab_landscape_alloc();
	struct lab_land_spec s = {0, 1, -1, 5, -2, 4, 20, 10};
	assert_int_equal(lab_landscape_compute_fit(L, &f, &s, err), FP_OK);
	assert_int_equal(L->computes, 1);
	assert_int_equal(lab_landscape_compute_fit(L, &f, &s, err), FP_OK);
	assert_int_equal(L->computes, 1);
	double th[3] = {f.theta[0] + 1, f.theta[1] - 1, f.theta[2]};
	assert_int_equal(lab_landscape_compute(L, f.model, &f.mcfg, &d, LOSS_MSE, th, &s, err),
			 FP_OK);
	assert_int_equal(L->computes, 1);
	th[2] += 0.5;
	assert_int_equal(lab_landscape_compute(L, f.model, &f.mcfg, &d, LOSS_MSE, th, &s, err),
			 FP_OK);
	assert_int_equal(L->computes, 2);
	check_grid(L, f.model, &f.mcfg, &d, LOSS_MSE, th, 3);
	d.y[3] += 1; /* new values in place */
	assert_int_equal(lab_landscape_compute(L, f.model, &f.mcfg, &d, LOSS_MSE, th, &s, err),
			 FP_OK);
	assert_int_equal(L->computes, 3);
	check_grid(L, f.model, &f.mcfg, &d, LOSS_MSE, th, 3);
	s.w = 21;
	assert_int_equal(lab_landscape_set(L, f.model, &f.mcfg, &d, LOSS_MSE, th, &s, err), FP_OK);
	assert_int_equal(L->computes, 4);
	assert_int_equal(L->rows_done, 0);
	assert_int_equal(lab_landscape_rows(L, 3), 7);
	assert_int_equal(lab_landscape_rows(L, 3), 4);
	assert_int_equal(lab_landscape_rows(L, 100), 0);
	check_grid(L, f.model, &f.mcfg, &d, LOSS_MSE, th, 3);
	lab_landscape_invalidate(L);
	assert_int_equal(lab_landscape_compute(L, f.model, &f.mcfg, &d, LOSS_MSE, th, &s, err),
			 FP_OK);
	assert_int_equal(L->computes, 5);
	/* Bad specs. */
	struct lab_land_spec bad = s;
	bad.q = 0;
	assert_int_equal(lab_landscape_set(L, f.model, &f.mcfg, &d, LOSS_MSE, th, &bad, err),
			 FP_EINPUT);
	bad = s;
	bad.phi = bad.plo;
	assert_int_equal(lab_landscape_set(L, f.model, &f.mcfg, &d, LOSS_MSE, th, &bad, err),
			 FP_EINPUT);
	bad = s;
	bad.h = 0;
	assert_int_equal(lab_landscape_set(L, f.model, &f.mcfg, &d, LOSS_MSE, th, &bad, err),
			 FP_EINPUT);
	bad = s;
	bad.q = 3;
	assert_int_equal(lab_landscape_set(L, f.model, &f.mcfg, &d, LOSS_MSE, th, &bad, err),
			 FP_EINPUT);
	lab_landscape_free(L);
	lab_landscape_free(NULL);
	fit_done(&f);
	data_free(&d);
}

/* The path on the landscape is the recorded steps: the same steps, losses and, mapped
 * back, the same coefficients; at lr 0.2 it zig-zags (a flips side of the best). */
static void test_landscape_path(void **state)
{
	struct data d;
	struct fit f;
	lesson_data(&d);
	lesson_fit(&f, &d, LOSS_MSE, 0.2);
	fit_step(&f, 25);
	struct lab_land_spec s;
	lab_landscape_auto(&f, 0, 2, 100, 40, &s);
	struct lab_land_point pts[64];
	size_t n = lab_landscape_path(&s, &f, pts, 64);
	assert_int_equal(n, f.trace_n);
	assert_int_equal(n, 26);
	for (size_t i = 0; i < n; i++) {
		unsigned long step;
		double loss;
		const double *th;
		assert_int_equal(fit_trace_get(&f, i, &step, &loss, &th), 0);
		assert_int_equal(pts[i].step, step);
		assert_int_equal(pts[i].step, i);
		assert_rel(pts[i].loss, loss, 0);
		double tp, tq;
		lab_landscape_unmap(&s, pts[i].fx, pts[i].fy, &tp, &tq);
		assert_rel(tp, th[0], 1e-12);
		assert_rel(tq, th[2], 1e-12);
		assert_true(pts[i].inside); /* the auto range holds the whole path */
		/* the cell under the point is the point's cell */
		size_t c = (size_t)pts[i].fx, r = (size_t)pts[i].fy;
		double lo, hi, qlo, qhi;
		lab_landscape_unmap(&s, (double)c, (double)r + 1, &lo, &qlo);
		lab_landscape_unmap(&s, (double)c + 1, (double)r, &hi, &qhi);
		assert_true(th[0] >= lo - 1e-12 && th[0] <= hi + 1e-12);
		assert_true(th[2] >= qlo - 1e-12 && th[2] <= qhi + 1e-12);
	}
	/* The range covers the start, the current point and the best. */
	double fx, fy;
	assert_true(lab_landscape_map(&s, f.theta0, &fx, &fy));
	assert_true(lab_landscape_map(&s, f.best, &fx, &fy));
	/* zig-zag: the step in a changes sign along the way */
	int flips = 0;
	for (size_t i = 2; i < n; i++)
		if ((pts[i].fx - pts[i - 1].fx) * (pts[i - 1].fx - pts[i - 2].fx) < 0)
			flips++;
	assert_true(flips >= 5);
	/* outside points */
	double far[3] = {1e6, 0, -1e6};
	assert_false(lab_landscape_map(&s, far, &fx, &fy));
	far[0] = NAN;
	assert_false(lab_landscape_map(&s, far, &fx, &fy));
	/* a trace thinned on a long run still ends on the current point */
	fit_set_lr(&f, 0.01, NULL);
	fit_step(&f, 5000);
	struct lab_land_point *many = calloc(FIT_TRACE_MAX + 2, sizeof *many);
	n = lab_landscape_path(&s, &f, many, FIT_TRACE_MAX + 2);
	assert_true(n >= 2 && n <= FIT_TRACE_MAX + 1);
	assert_int_equal(many[n - 1].step, f.step);
	assert_rel(many[n - 1].loss, f.loss_value, 0);
	for (size_t i = 1; i < n; i++)
		assert_true(many[i].step > many[i - 1].step);
	free(many);
	fit_done(&f);
	data_free(&d);
}

/* Out of memory: clean errors, no leaks (checked by valgrind / ASan runs), and the
 * unit strategies fall back to evaluating every cell, still exact. */
static void test_alloc_failures(void **state)
{
	struct data d;
	struct fit f;
	char err[FP_ERRLEN];
	sine_fit(&d, &f, 40, "relus:2");
	fp_alloc_fail_at(1, 1);
	assert_null(lab_landscape_alloc());
	fp_alloc_fail_at(0, 0);
	struct lab_landscape *L = lab_landscape_alloc();
	assert_non_null(L);
	struct lab_land_spec s = {0, 1, -1, 1, -1, 1, 8, 6};
	fp_alloc_fail_at(1, 1);
	assert_int_equal(lab_landscape_compute_fit(L, &f, &s, err), FP_EFAIL);
	fp_alloc_fail_at(0, 0);
	/* the grid itself fits, the sorted copy of the data does not */
	for (size_t k = 4; k <= 6; k++) {
		lab_landscape_invalidate(L);
		fp_alloc_fail_at(k, 1);
		int rc = lab_landscape_compute_fit(L, &f, &s, err);
		fp_alloc_fail_at(0, 0);
		if (rc == FP_OK)
			check_grid(L, f.model, &f.mcfg, &d, LOSS_MSE, f.theta, f.np);
		else
			assert_int_equal(rc, FP_EFAIL);
	}
	struct lab_limit lim;
	fp_alloc_fail_at(1, 1);
	assert_int_equal(lab_limit_estimate(f.model, &f.mcfg, &d, LOSS_MSE, f.theta, &lim, err),
			 FP_EFAIL);
	struct lab_sweep_row row;
	assert_int_equal(lab_sweep_run(&f, NULL, 0.1, 10, &row, err), FP_EFAIL);
	fp_alloc_fail_at(0, 0);
	lab_landscape_free(L);
	fit_done(&f);
	data_free(&d);
}

static void test_landscape_next_pair(void **state)
{
	size_t p = 0, q = 1;
	const size_t want[][2] = {{0, 2}, {0, 3}, {1, 2}, {1, 3}, {2, 3}, {0, 1}};
	for (int i = 0; i < 6; i++) {
		lab_landscape_next_pair(4, &p, &q);
		assert_int_equal(p, want[i][0]);
		assert_int_equal(q, want[i][1]);
	}
	p = 7;
	q = 2;
	lab_landscape_next_pair(4, &p, &q);
	assert_true(p == 0 && q == 1);
	assert_string_equal(lab_land_strategy_name(LAB_LAND_QUADFORM), "quadform");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_sweep_rates),
	    cmocka_unit_test(test_sweep_lesson_boundary),
	    cmocka_unit_test(test_sweep_overflow),
	    cmocka_unit_test(test_sweep_pieces),
	    cmocka_unit_test(test_descent_steps_to),
	    cmocka_unit_test(test_sweep_judge_rules),
	    cmocka_unit_test(test_limit_estimate_quad),
	    cmocka_unit_test(test_limit_estimate_from),
	    cmocka_unit_test(test_limit_for_fit),
	    cmocka_unit_test(test_limit_estimate_relus),
	    cmocka_unit_test(test_landscape_quad),
	    cmocka_unit_test(test_landscape_units),
	    cmocka_unit_test(test_landscape_toy_units),
	    cmocka_unit_test(test_landscape_relu_ties),
	    cmocka_unit_test(test_landscape_cache),
	    cmocka_unit_test(test_landscape_path),
	    cmocka_unit_test(test_alloc_failures),
	    cmocka_unit_test(test_landscape_next_pair),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
