/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-solve.c: the closed forms against GSL-independent answers: noise-free data
 * gives back its coefficients exactly (both the SVD and the Gram paths), descent's
 * fixed point is the least-squares optimum, and rank-deficient designs (all x equal,
 * dummies of every level plus the constant, more coefficients than rows) give the
 * minimum-norm answer: the pseudo-inverse's, computed here by hand from GSL's SVD of
 * the design, on both size paths; the background job gives the same numbers. */
#include "testutil.h"

#include <gsl/gsl_linalg.h>
#include <sys/wait.h>
#include <time.h>

#include "data.h"
#include "fit.h"
#include "layout.h"
#include "solve.h"
#include "table.h"
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
	assert_int_equal(fit_init(&f, &d, &model_quad, &(struct model_cfg){.d = 1}, LOSS_MSE, NULL,
				  0.2, NULL, err),
			 FP_OK);
	assert_true(f.has_best);
	fit_step(&f, 3000);
	for (int j = 0; j < 3; j++)
		assert_rel(f.theta[j], f.best[j], 1e-7);
	fit_done(&f);
	data_free(&d);
}

/* The minimum-norm least-squares answer by hand: GSL's SVD of the design J (row i the
 * model's gradient at row i), or of J^T when there are fewer rows than coefficients,
 * singular values up to eps * max(n, np) times the largest dropped, theta = J+ y.
 * Returns the rank; the largest singular value into *smax. */
static size_t pinv_answer(const struct model_type *t, const struct model_cfg *mc,
			  const struct data *d, size_t np, double *theta, double *smax)
{
	size_t n = d->n, r = n >= np ? n : np, c = n >= np ? np : n, rank = 0;
	int tall = n >= np;
	gsl_matrix *A = gsl_matrix_alloc(r, c), *V = gsl_matrix_alloc(c, c);
	gsl_vector *S = gsl_vector_alloc(c), *w = gsl_vector_alloc(c);
	double *g = malloc(np * sizeof *g);
	assert_true(A && V && S && w && g);
	for (size_t i = 0; i < n; i++) {
		t->grad(mc, NULL, d->x + i * d->d, g);
		for (size_t j = 0; j < np; j++)
			gsl_matrix_set(A, tall ? i : j, tall ? j : i, g[j]);
	}
	assert_int_equal(gsl_linalg_SV_decomp(A, V, S, w), 0);
	double tol = 2.220446049250313e-16 * (double)r * gsl_vector_get(S, 0);
	memset(theta, 0, np * sizeof *theta);
	for (size_t k = 0; k < c; k++) {
		double s = gsl_vector_get(S, k);
		if (s <= tol)
			continue;
		rank++;
		double dot = 0; /* J = U S V^T: theta = V S+ U^T y; J^T = U S V^T: U S+ V^T y */
		for (size_t i = 0; i < n; i++)
			dot += (tall ? gsl_matrix_get(A, i, k) : gsl_matrix_get(V, i, k)) * d->y[i];
		for (size_t j = 0; j < np; j++)
			theta[j] +=
			    (tall ? gsl_matrix_get(V, j, k) : gsl_matrix_get(A, j, k)) * dot / s;
	}
	*smax = gsl_vector_get(S, 0);
	free(g);
	gsl_vector_free(w);
	gsl_vector_free(S);
	gsl_matrix_free(V);
	gsl_matrix_free(A);
	return rank;
}

/* |a - b| <= tol * (1 + max |b|) component by component. */
static void assert_close(const double *a, const double *b, size_t n, double tol)
{
	double m = 0;
	for (size_t j = 0; j < n; j++)
		m = fmax(m, fabs(b[j]));
	for (size_t j = 0; j < n; j++)
		if (!(fabs(a[j] - b[j]) <= tol * (1 + m)))
			fail_msg("coefficient %zu: %.17g, the pseudo-inverse says %.17g", j, a[j],
				 b[j]);
}

/* solve_closed against the pseudo-inverse: coefficients, rank, the Hessian's largest
 * eigenvalue (2/n s_max^2); returns the outcome for more checks. */
static void check_pinv(const struct model_type *t, const struct model_cfg *mc, const struct data *d,
		       size_t np, const char *method, double tol, struct solve_closed *r,
		       unsigned char *col)
{
	double *th = calloc(np, sizeof *th), *want = calloc(np, sizeof *want);
	double *eig = calloc(np, sizeof *eig), smax;
	char err[FP_ERRLEN];
	assert_true(th && want && eig);
	size_t rank = pinv_answer(t, mc, d, np, want, &smax);
	assert_int_equal(solve_closed(t, mc, d, th, col, eig, r, err), FP_OK);
	assert_string_equal(r->method, method);
	assert_int_equal(r->lsq_rc, FP_OK);
	assert_int_equal(r->eig_rc, FP_OK);
	assert_int_equal(r->rank, rank);
	assert_close(th, want, np, tol);
	assert_rel(r->lam_max, 2.0 / (double)d->n * smax * smax, 1e-9);
	assert_rel(eig[np - 1], r->lam_max, 1e-15);
	if (rank < np)
		assert_true(fabs(eig[0]) <= 1e-9 * r->lam_max);
	/* the loss is the answer's, and solve_lsq says the same */
	double mse, th2[4096];
	assert_true(np <= 4096);
	double want_mse = model_loss_grad(t, mc, want, d, LOSS_MSE, NULL);
	assert_true(fabs(r->mse - want_mse) <= 1e-9 * want_mse + 1e-20);
	assert_int_equal(solve_lsq(t, mc, d, th2, &mse, err), FP_OK);
	assert_close(th2, th, np, 1e-15);
	free(th);
	free(want);
	free(eig);
}

/* n rows of x into a data set for the quad model, y_i = yfun(i). */
static void quad_data(struct data *d, size_t n, double (*xfun)(size_t), double (*yfun)(size_t))
{
	memset(d, 0, sizeof *d);
	d->n = n;
	d->d = 1;
	d->x = fp_malloc(n * sizeof *d->x);
	d->y = fp_malloc(n * sizeof *d->y);
	assert_true(d->x && d->y);
	for (size_t i = 0; i < n; i++) {
		d->x[i] = xfun(i);
		d->y[i] = yfun(i);
	}
}

static double x_five(size_t i)
{
	return 5;
}

static double x_one_two(size_t i)
{
	return 1 + (double)(i % 2);
}

static double y_count(size_t i)
{
	return (double)(i % 20) + 1; /* 1..20: variance 33.25 */
}

/* Fewer points than coefficients: the smallest answer through the points. */
static void test_fewer_points_than_coefficients(void **state)
{
	double x[2] = {1, 2}, y[2] = {1, 2};
	struct data d = {.n = 2, .d = 1, .x = x, .y = y};
	struct model_cfg mc = {.d = 1};
	struct solve_closed r;
	char text[200];
	check_pinv(&model_quad, &mc, &d, 3, "svd", 1e-12, &r, NULL);
	assert_int_equal(r.rank, 2);
	assert_true(r.mse < 1e-25);
	solve_rank_text(&model_quad, &mc, 2, 3, r.rank, NULL, text, sizeof text);
	assert_string_equal(text, "2 of 3 (more coefficients than rows: the smallest answer)");
}

/* 20 points all at x = 5 (the review's case): the quad model's three columns are
 * 25, 5 and 1 on every row; the answer is the pseudo-inverse's, its MSE the variance
 * of y (33.25), descent converges to it and the message says so. */
static void test_all_x_equal(void **state)
{
	struct data d;
	struct model_cfg mc = {.d = 1};
	struct solve_closed r;
	unsigned char col[3];
	char text[200];
	quad_data(&d, 20, x_five, y_count);
	check_pinv(&model_quad, &mc, &d, 3, "svd", 1e-12, &r, col);
	assert_int_equal(r.rank, 1);
	assert_rel(r.mse, 33.25, 1e-12);
	assert_true(col[0] && col[1] && col[2]);
	solve_rank_text(&model_quad, &mc, 20, 3, r.rank, col, text, sizeof text);
	assert_string_equal(text, "1 of 3 (collinear: a, b, c)");
	struct fit f;
	char err[FP_ERRLEN];
	assert_int_equal(fit_init(&f, &d, &model_quad, &mc, LOSS_MSE, NULL, 1e-3, NULL, err),
			 FP_OK);
	assert_true(f.has_best && f.has_limit);
	assert_int_equal(f.rank, 1);
	fit_rank_text(&f, text, sizeof text);
	assert_string_equal(text, "rank 1 of 3 (collinear: a, b, c)");
	fit_step(&f, 3000);
	assert_true(f.loss_value >= f.best_loss * (1 - 1e-12));
	assert_int_equal(f.trend, FIT_TREND_CONVERGED);
	fit_trend_explain(&f, text, sizeof text);
	assert_string_equal(text, "converged: at the least-squares MSE 33.25");
	fit_done(&f);
	data_free(&d);
}

/* The same above SOLVE_SMALL_ROWS (the Gram path): x all 5 (rank 1), then x on two
 * values only (rank 2 of 3). */
static void test_all_x_equal_gram(void **state)
{
	struct data d;
	struct model_cfg mc = {.d = 1};
	struct solve_closed r;
	unsigned char col[3];
	quad_data(&d, SOLVE_SMALL_ROWS + 10000, x_five, y_count);
	check_pinv(&model_quad, &mc, &d, 3, "gram", 1e-9, &r, col);
	assert_int_equal(r.rank, 1);
	assert_rel(r.mse, 33.25, 1e-9);
	assert_true(col[0] && col[1] && col[2]);
	data_free(&d);
	quad_data(&d, SOLVE_SMALL_ROWS + 10000, x_one_two, y_count);
	check_pinv(&model_quad, &mc, &d, 3, "gram", 1e-9, &r, col);
	assert_int_equal(r.rank, 2);
	assert_true(col[0] && col[1] && col[2]);
	data_free(&d);
}

/* Titanic with every level of Sex as inputs plus the constant: male + female = Ones.
 * The answer is the pseudo-inverse's (not +-4.45e12), its loss what LM reaches
 * (0.170991, not 0.171103), the three collinear inputs named and Age not; the table's
 * slider ranges stay sane: one slider step moves the MSE a little. */
static void test_titanic_dummies(void **state)
{
	char path[1024], err[FP_ERRLEN], text[200];
	snprintf(path, sizeof path, "%s/titanic/titanic-all-rows.csv", tu_ref_dir());
	struct table_cfg tc;
	table_cfg_default(&tc);
	tc.inputs = "Sex=male,Sex=female,Age:max";
	struct data d;
	assert_int_equal(data_table_load(path, &tc, &d, err), FP_OK);
	assert_int_equal(d.d, 4);
	struct model_cfg mc = {.d = 4, .names = d.names};
	struct solve_closed r;
	unsigned char col[4];
	check_pinv(&model_linear, &mc, &d, 4, "svd", 1e-10, &r, col);
	assert_int_equal(r.rank, 3);
	assert_true(r.mse < 0.1709908);
	assert_true(col[0] && col[1] && !col[2] && col[3]);
	solve_rank_text(&model_linear, &mc, d.n, 4, r.rank, col, text, sizeof text);
	assert_string_equal(text, "3 of 4 (collinear: w_Sex_male, w_Sex_female, w_Ones)");
	struct fit f;
	assert_int_equal(fit_init(&f, &d, &model_linear, &mc, LOSS_MSE, NULL, 0.1, NULL, err),
			 FP_OK);
	assert_true(f.has_best);
	struct slider sl[4];
	layout_table_sliders(&f, sl);
	double th[4];
	for (size_t i = 0; i < 4; i++) {
		assert_true(sl[i].hi <= 10 && sl[i].lo >= -10);
		memcpy(th, f.theta, sizeof th);
		th[i] += sl[i].step;
		assert_true(model_loss_grad(&model_linear, &mc, th, &d, LOSS_MSE, NULL) < 1);
	}
	fit_done(&f);
	data_free(&d);
}

/* A random table: n rows of d inputs in [-1, 1), the last the constant 1; column 2
 * is column 0 + column 1 when collinear. */
static void random_table(struct data *t, size_t n, size_t d, int collinear)
{
	memset(t, 0, sizeof *t);
	t->n = n;
	t->d = d;
	t->x = fp_malloc(n * d * sizeof *t->x);
	t->y = fp_malloc(n * sizeof *t->y);
	struct npy_rng *g = npy_rng_alloc(7);
	assert_true(t->x && t->y && g);
	for (size_t i = 0; i < n; i++) {
		double *row = t->x + i * d;
		for (size_t j = 0; j < d; j++)
			row[j] = j + 1 == d ? 1.0 : 2 * npy_rng_uniform(g) - 1;
		if (collinear)
			row[2] = row[0] + row[1];
		t->y[i] = npy_rng_uniform(g) < 0.4;
	}
	npy_rng_free(g);
	char err[FP_ERRLEN];
	assert_int_equal(data_make_columns(t, err), FP_OK);
}

/* Above the small cost: the Gram matrix and its eigendecompositions, no copy of the
 * design; the same answer as the pseudo-inverse, the three collinear inputs named. */
static void test_table_collinear_gram(void **state)
{
	struct data t;
	random_table(&t, 1500, 200, 1);
	struct model_cfg mc = {.d = 200};
	struct solve_closed r;
	unsigned char col[200];
	assert_true(solve_closed_cost(1500, 200) > SOLVE_SMALL_COST);
	check_pinv(&model_linear, &mc, &t, 200, "gram", 1e-8, &r, col);
	assert_int_equal(r.rank, 199);
	assert_int_equal(r.ncollinear, 3);
	assert_true(col[0] && col[1] && col[2] && !col[3] && !col[199]);
	data_free(&t);
	/* full rank on the same path: the unique answer */
	random_table(&t, 1500, 200, 0);
	check_pinv(&model_linear, &mc, &t, 200, "gram", 1e-8, &r, col);
	assert_int_equal(r.rank, 200);
	assert_int_equal(r.ncollinear, 0);
	data_free(&t);
}

/* More inputs than rows, big: X X^T instead of X^T X; the smallest answer, through
 * every point; the Hessian has np - n zero eigenvalues. */
static void test_table_wide_gram(void **state)
{
	struct data t;
	random_table(&t, 150, 400, 0);
	struct model_cfg mc = {.d = 400};
	struct solve_closed r;
	assert_true(solve_closed_cost(150, 400) > SOLVE_SMALL_COST);
	check_pinv(&model_linear, &mc, &t, 400, "gram", 1e-8, &r, NULL);
	assert_int_equal(r.rank, 150);
	assert_true(r.mse < 1e-20);
	data_free(&t);
	/* and small: 5 rows, 8 inputs, by SVD */
	random_table(&t, 5, 8, 0);
	mc.d = 8;
	check_pinv(&model_linear, &mc, &t, 8, "svd", 1e-12, &r, NULL);
	assert_int_equal(r.rank, 5);
	data_free(&t);
}

/* A model that is not linear: a message, not a crash. */
static void test_not_linear(void **state)
{
	double x[4] = {1, 2, 3, 4}, y[2] = {1, 2}, th[8], mse;
	struct data d = {.n = 2, .d = 2, .x = x, .y = y};
	char err[FP_ERRLEN];
	struct model_cfg mc = {.d = 2, .k = 1};
	assert_int_equal(solve_lsq(&model_nnet, &mc, &d, th, &mse, err), FP_EINPUT);
	assert_non_null(strstr(err, "not linear"));
}

/* Deferred (the explorer): fit setup on a wide table returns with the closed forms
 * pending; polling brings the numbers the synchronous computation gives. Dropping the
 * session mid-way kills and reaps the child. */
static void background_job(size_t n, size_t d, size_t rank)
{
	struct data t;
	random_table(&t, n, d, n > d);
	struct model_cfg mc = {.d = d};
	struct fit sync, bg;
	char err[FP_ERRLEN];
	assert_true(solve_closed_cost(t.n, d) > FIT_CLOSED_QUICK);
	assert_int_equal(fit_init(&sync, &t, &model_linear, &mc, LOSS_MSE, NULL, 0.1, NULL, err),
			 FP_OK);
	assert_true(sync.has_best && sync.has_limit && !sync.closed_pending);
	fit_closed_defer(1);
	assert_int_equal(fit_init(&bg, &t, &model_linear, &mc, LOSS_MSE, NULL, 0.1, NULL, err),
			 FP_OK);
	assert_true(bg.closed_pending && !bg.has_best && !bg.has_limit);
	int done = 0;
	for (int k = 0; k < 12000 && !done; k++) { /* a minute at most */
		done = fit_closed_poll(&bg);
		struct timespec ts = {0, 5000000};
		if (!done)
			nanosleep(&ts, NULL);
	}
	assert_true(done);
	assert_true(bg.has_best && bg.has_limit && !bg.closed_pending);
	assert_int_equal(bg.rank, sync.rank);
	assert_int_equal(bg.rank, rank);
	assert_memory_equal(bg.collinear, sync.collinear, d);
	assert_close(bg.best, sync.best, d, 1e-14);
	assert_true(fabs(bg.best_loss - sync.best_loss) <= 1e-14 * sync.best_loss + 1e-25);
	assert_rel(bg.lr_limit, sync.lr_limit, 1e-14);
	assert_rel(bg.lam_min + 1, sync.lam_min + 1, 1e-14);
	fit_done(&bg);
	/* cancelled: a new pending session, its job started, then dropped */
	assert_int_equal(fit_init(&bg, &t, &model_linear, &mc, LOSS_MSE, NULL, 0.1, NULL, err),
			 FP_OK);
	assert_int_equal(fit_closed_poll(&bg), 0);
	assert_non_null(bg.closed_job);
	fit_done(&bg);
	assert_int_equal(waitpid(-1, NULL, WNOHANG), -1); /* no child left, none unreaped */
	fit_closed_defer(0);
	fit_done(&sync);
	data_free(&t);
}

static void test_background_job(void **state)
{
	background_job(1500, 200, 199); /* three collinear columns */
	background_job(150, 400, 150);	/* more inputs than rows */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_exact_small),
	    cmocka_unit_test(test_exact_large),
	    cmocka_unit_test(test_large_matches_descent),
	    cmocka_unit_test(test_fewer_points_than_coefficients),
	    cmocka_unit_test(test_all_x_equal),
	    cmocka_unit_test(test_all_x_equal_gram),
	    cmocka_unit_test(test_titanic_dummies),
	    cmocka_unit_test(test_table_collinear_gram),
	    cmocka_unit_test(test_table_wide_gram),
	    cmocka_unit_test(test_not_linear),
	    cmocka_unit_test(test_background_job),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
