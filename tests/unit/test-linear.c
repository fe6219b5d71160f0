/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-linear.c: the table models `linear` and `nnet:K`: the sheets' losses on the
 * Titanic rows, least squares, descent and Levenberg-Marquardt from a seeded random
 * start, gradients against finite differences, the matrix path against a per-row loop. */
#include "testutil.h"

#include "data.h"
#include "fit.h"
#include "model.h"
#include "preset.h"
#include "solve.h"
#include "table.h"
#include "util.h"

static struct data titanic;
static char *expected;

static int setup(void **state)
{
	char path[1024], err[FP_ERRLEN];
	const struct preset *p = preset_find("titanic");
	struct table_cfg c;
	table_cfg_default(&c);
	c.target = p->table_target;
	c.inputs = p->table_inputs;
	snprintf(path, sizeof path, "%s/titanic/titanic-all-rows.csv", tu_ref_dir());
	if (data_table_load(path, &c, &titanic, err) != FP_OK) {
		fprintf(stderr, "%s\n", err);
		return -1;
	}
	snprintf(path, sizeof path, "%s/titanic/titanic-expected.json", tu_ref_dir());
	expected = tu_read(path);
	return 0;
}

static int teardown(void **state)
{
	data_free(&titanic);
	free(expected);
	return 0;
}

static const struct model_type *parse_model(const char *spec, const struct data *d,
					    struct model_cfg *mc)
{
	const struct model_type *t;
	char err[FP_ERRLEN];
	memset(mc, 0, sizeof *mc);
	assert_int_equal(model_parse(spec, &t, mc, err), FP_OK);
	mc->d = d->d; /* model_parse sets 1: the data's width wins */
	mc->names = d->names;
	mc->seed = 42;
	return t;
}

static void test_sheet_losses(void **state)
{
	struct model_cfg mc;
	double theta[20], want = 0;
	assert_int_equal(titanic.n, 712);
	assert_int_equal(tu_json_nums(expected, "rows", &want, 1), 1);
	assert_true(want == 712);

	const struct model_type *t = parse_model("linear", &titanic, &mc);
	assert_int_equal(t->nparams(&mc), 10);
	assert_int_equal(tu_json_nums(expected, "linear.params", theta, 10), 10);
	assert_int_equal(tu_json_nums(expected, "linear.loss", &want, 1), 1);
	double l = model_loss_grad(t, &mc, theta, &titanic, LOSS_MSE, NULL);
	assert_true(fabs(l - 0.1442271493) <= 1e-9);
	assert_true(fabs(l - want) <= 1e-12);

	t = parse_model("nnet:2", &titanic, &mc);
	assert_int_equal(t->nparams(&mc), 20);
	assert_int_equal(tu_json_nums(expected, "nnet.params_relu1", theta, 10), 10);
	assert_int_equal(tu_json_nums(expected, "nnet.params_relu2", theta + 10, 10), 10);
	assert_int_equal(tu_json_nums(expected, "nnet.loss", &want, 1), 1);
	l = model_loss_grad(t, &mc, theta, &titanic, LOSS_MSE, NULL);
	assert_true(fabs(l - 0.1431520964) <= 1e-9);
	/* Predictions row by row, and the share right at 0.5. */
	double *pred = malloc(titanic.n * sizeof *pred);
	t->predict(&mc, theta, &titanic, pred);
	size_t right = 0;
	double sq = 0;
	for (size_t i = 0; i < titanic.n; i++) {
		sq += (pred[i] - titanic.y[i]) * (pred[i] - titanic.y[i]);
		right += (pred[i] > 0.5) == (titanic.y[i] > 0.5);
	}
	assert_rel(sq / (double)titanic.n, l, 1e-13);
	assert_rel(table_accuracy(t, &mc, theta, &titanic), (double)right / (double)titanic.n,
		   1e-15);
	assert_true(right > 500);
	free(pred);
	assert_true(fabs(l - want) <= 1e-12);

	/* The mmult sheet: the same network as one matrix multiply (10x2, column by
	 * column = unit by unit). */
	const char *p = strstr(strstr(expected, "\"mmult\""), "\"params\"");
	assert_non_null(p);
	p += strlen("\"params\"");
	for (size_t j = 0; j < 20; j++) { /* [[10 numbers], [10 numbers]] */
		char *e;
		while (*p == '[' || *p == ']' || *p == ',' || *p == ':' || *p == ' ' || *p == '\n')
			p++;
		theta[j] = strtod(p, &e);
		assert_true(e != p);
		p = e;
	}
	assert_int_equal(tu_json_nums(expected, "mmult.loss", &want, 1), 1);
	l = model_loss_grad(t, &mc, theta, &titanic, LOSS_MSE, NULL);
	assert_true(fabs(l - want) <= 1e-12);
}

static void test_least_squares(void **state)
{
	struct model_cfg mc;
	const struct model_type *t = parse_model("linear", &titanic, &mc);
	double theta[10], want[10], mse, wl = 0;
	char err[FP_ERRLEN];
	assert_int_equal(solve_lsq(t, &mc, &titanic, theta, &mse, err), FP_OK);
	assert_true(fabs(mse - 0.1442271493) <= 1e-9);
	assert_int_equal(tu_json_nums(expected, "linear_least_squares.loss", &wl, 1), 1);
	assert_true(fabs(mse - wl) <= 1e-13);
	tu_json_nums(expected, "linear_least_squares.params", want, 10);
	for (size_t j = 0; j < 10; j++)
		assert_true(fabs(theta[j] - want[j]) <= 1e-9);
	/* fit_init computes it too, and the learning-rate limit. */
	struct fit f;
	assert_int_equal(fit_init(&f, &titanic, t, &mc, LOSS_MSE, NULL, 0.1, NULL, err), FP_OK);
	assert_true(f.has_best && f.has_limit);
	assert_true(fabs(f.best_loss - 0.1442271493) <= 1e-9);
	assert_true(f.lr_limit > 0.2 && f.lr_limit < 0.22);
	fit_done(&f);
}

/* Descent from the model's seeded random start (RAND() - 0.5, as the sheets). */
static double descend(const char *spec, const char *optim, double lr, size_t steps,
		      unsigned long seed)
{
	struct model_cfg mc;
	struct fit f;
	char err[FP_ERRLEN];
	const struct model_type *t = parse_model(spec, &titanic, &mc);
	mc.d = 1; /* as model_parse leaves it: fit_init takes the data's width */
	mc.seed = seed;
	assert_int_equal(fit_init(&f, &titanic, t, &mc, LOSS_MSE, optim_find(optim), lr, NULL, err),
			 FP_OK);
	assert_int_equal(f.np, t->nparams(&(struct model_cfg){.k = mc.k, .d = 10}));
	double start = f.loss_value;
	assert_int_equal(fit_step(&f, steps), steps);
	double l = f.loss_value;
	assert_true(l < start);
	fit_done(&f);
	return l;
}

static void test_descent(void **state)
{
	double best = 0.1442271493073191;
	double l = descend("linear", "momentum", 0.1, 500, 42);
	assert_true(fabs(l - best) <= 1e-6);
	l = descend("linear", "gd", 0.2, 3000, 42);
	assert_true(fabs(l - best) <= 1e-6);
	l = descend("nnet:2", "adam", 0.01, 1000, 42);
	assert_true(l <= 0.1445);
}

static void test_lm(void **state)
{
	struct model_cfg mc;
	struct solve_lm_result res;
	char err[FP_ERRLEN];
	double theta[20];
	const struct model_type *t = parse_model("linear", &titanic, &mc);
	t->init(&mc, theta);
	assert_int_equal(solve_lm(t, &mc, &titanic, theta, 0, NULL, 0, &res, err), FP_OK);
	assert_true(fabs(res.loss - 0.1442271493073191) <= 1e-6);
	t = parse_model("nnet:2", &titanic, &mc);
	t->init(&mc, theta);
	assert_int_equal(solve_lm(t, &mc, &titanic, theta, 0, NULL, 0, &res, err), FP_OK);
	assert_true(res.loss <= 0.1445);
}

/* A random table: n rows, d inputs in [-1, 1] (the last one 1), y in [0, 2]. */
static void random_table(struct data *d, size_t n, size_t dd, unsigned long seed)
{
	struct npy_rng *r = npy_rng_alloc(seed);
	memset(d, 0, sizeof *d);
	d->n = n;
	d->d = dd;
	d->x = malloc(n * dd * sizeof *d->x);
	d->y = malloc(n * sizeof *d->y);
	for (size_t i = 0; i < n; i++) {
		for (size_t j = 0; j < dd; j++)
			d->x[i * dd + j] = j + 1 == dd ? 1.0 : 2 * npy_rng_uniform(r) - 1;
		d->y[i] = 2 * npy_rng_uniform(r);
	}
	npy_rng_free(r);
}

static void free_table(struct data *d)
{
	free(d->x);
	free(d->xt);
	free(d->y);
}

static void fd_check(const struct model_type *t, const struct model_cfg *mc, const double *theta,
		     const struct data *d, enum loss_kind k)
{
	size_t np = t->nparams(mc);
	double *g = malloc(np * sizeof *g), *th = malloc(np * sizeof *th);
	memcpy(th, theta, np * sizeof *th);
	model_loss_grad(t, mc, th, d, k, g);
	for (size_t j = 0; j < np; j++) {
		double h = 1e-6, v = th[j];
		th[j] = v + h;
		double up = model_loss_grad(t, mc, th, d, k, NULL);
		th[j] = v - h;
		double dn = model_loss_grad(t, mc, th, d, k, NULL);
		th[j] = v;
		double fd = (up - dn) / (2 * h);
		if (fabs(fd - g[j]) > 1e-6 * (1 + fabs(g[j])))
			fail_msg("%s, %s: d/dtheta[%zu] = %.12g, finite differences %.12g", t->name,
				 loss_name(k), j, g[j], fd);
	}
	free(g);
	free(th);
}

static void test_fd_gradient(void **state)
{
	static const char *specs[] = {"linear", "nnet:1", "nnet:2", "nnet:3"};
	struct data r;
	random_table(&r, 300, 6, 7);
	for (size_t s = 0; s < 4; s++) {
		struct model_cfg mc;
		double theta[64];
		const struct model_type *t = parse_model(specs[s], &titanic, &mc);
		t->init(&mc, theta);
		fd_check(t, &mc, theta, &titanic, LOSS_MSE);
		fd_check(t, &mc, theta, &titanic, LOSS_MAE);
		t = parse_model(specs[s], &r, &mc);
		t->init(&mc, theta);
		fd_check(t, &mc, theta, &r, LOSS_MSE);
		fd_check(t, &mc, theta, &r, LOSS_MAE);
	}
	free_table(&r);
}

static void matrix_case(const struct data *r, const char *spec, unsigned long seed,
			enum loss_kind k)
{
	struct model_cfg mc;
	const struct model_type *t = parse_model(spec, r, &mc);
	mc.seed = seed;
	size_t np = t->nparams(&mc);
	double *th = malloc(np * sizeof *th), *g1 = malloc(np * sizeof *g1),
	       *g2 = malloc(np * sizeof *g2), *w = malloc(np * sizeof *w),
	       *p = malloc(r->n * sizeof *p);
	t->init(&mc, th);
	double l1 = model_loss_grad(t, &mc, th, r, k, g1);
	double l2 = model_loss_grad_generic(t, &mc, th, r, k, g2, w);
	assert_rel(l1, l2, 1e-12);
	double scale = 0;
	for (size_t j = 0; j < np; j++)
		scale = fmax(scale, fabs(g2[j]));
	for (size_t j = 0; j < np; j++)
		if (fabs(g1[j] - g2[j]) > 1e-12 * (scale + 1e-300))
			fail_msg("%s n=%zu d=%zu %s: g[%zu] %.17g vs %.17g", spec, r->n, r->d,
				 loss_name(k), j, g1[j], g2[j]);
	t->predict(&mc, th, r, p);
	for (size_t i = 0; i < r->n; i++) {
		double e = t->eval(&mc, th, r->x + i * r->d);
		if (fabs(p[i] - e) > 1e-12 * (1 + fabs(e)))
			fail_msg("%s n=%zu d=%zu: prediction %zu %.17g, eval %.17g", spec, r->n,
				 r->d, i, p[i], e);
	}
	free(th);
	free(g1);
	free(g2);
	free(w);
	free(p);
}

/* Every model of the registry that takes tables (max_d > 1) answers for its
 * predictions: it parses by its name, has the predict op, and that op equals eval row
 * by row; the table models the lesson uses are registered. "Right at 0.5" is one rule
 * (table_side, table_right), and table_accuracy counts with it. */
static void test_table_models_predict(void **state)
{
	struct data r;
	random_table(&r, 300, 4, 7);
	size_t tables = 0;
	int have_linear = 0, have_nnet = 0;
	for (size_t m = 0; model_types[m]; m++) {
		const struct model_type *t = model_types[m];
		if (t->max_d < 2)
			continue; /* a curve model: x,y data only */
		tables++;
		have_linear |= strcmp(t->name, "linear") == 0;
		have_nnet |= strcmp(t->name, "nnet") == 0;
		if (!t->predict)
			fail_msg("%s takes tables but has no predict op", t->name);
		struct model_cfg mc;
		assert_ptr_equal(parse_model(t->name, &r, &mc), t);
		size_t np = t->nparams(&mc);
		double *th = malloc(np * sizeof *th), *p = malloc(r.n * sizeof *p);
		t->init(&mc, th);
		t->predict(&mc, th, &r, p);
		size_t right = 0;
		for (size_t i = 0; i < r.n; i++) {
			double e = t->eval(&mc, th, r.x + i * r.d);
			if (fabs(p[i] - e) > 1e-12 * (1 + fabs(e)))
				fail_msg("%s: prediction %zu %.17g, eval %.17g", t->name, i, p[i],
					 e);
			right += (p[i] > 0.5) == (r.y[i] > 0.5);
		}
		assert_int_equal(table_right(p, &r), right);
		assert_rel(table_accuracy(t, &mc, th, &r), (double)right / (double)r.n, 1e-15);
		free(th);
		free(p);
	}
	assert_true(have_linear && have_nnet && tables >= 2);
	assert_true(TABLE_CUT == 0.5);
	assert_int_equal(table_side(0.5), 0);
	assert_int_equal(table_side(nextafter(0.5, 1)), 1);
	assert_int_equal(table_side(NAN), 0);
	free_table(&r);
}

/* The matrix path (BLAS, blocks of rows) equals the generic per-row loop, and its
 * predictions equal eval row by row: with the rows transposed block by block (no
 * columns) and with the table's columns; with one dgemv per unit (K <= 4) and one
 * dgemm (K > 4); blocks on the stack and, for nnet:256 on 20 inputs, on the heap. */
static void test_matrix_equals_loop(void **state)
{
	static const size_t ns[] = {1, 7, 511, 512, 513, 2049, 5000};
	static const size_t ds[] = {1, 3, 20};
	static const char *specs[] = {"linear", "nnet:1",  "nnet:2",  "nnet:5",
				      "nnet:8", "nnet:33", "nnet:256"};
	const size_t nspecs = sizeof specs / sizeof specs[0];
	char err[FP_ERRLEN];
	for (size_t a = 0; a < sizeof ns / sizeof ns[0]; a++)
		for (size_t b = 0; b < 3; b++) {
			struct data r;
			random_table(&r, ns[a], ds[b], 100 + a * 3 + b);
			for (int cols = 0; cols < 2; cols++) {
				if (cols)
					assert_int_equal(data_make_columns(&r, err), FP_OK);
				assert_true(data_columns(&r) != NULL || (!cols && ds[b] > 1));
				for (size_t s = 0; s < nspecs; s++)
					for (int k = 0; k < LOSS_COUNT; k++)
						matrix_case(&r, specs[s], a + b + s, k);
			}
			free_table(&r);
		}
}

/* data_make_columns: column j of the table is a contiguous run; data_copy keeps it;
 * out of memory leaves the data as it was; one input needs no copy. */
static void test_columns(void **state)
{
	char err[FP_ERRLEN];
	struct data r, c;
	random_table(&r, 1000, 7, 5);
	assert_null(data_columns(&r));
	fp_alloc_fail_at(1, 0);
	assert_int_equal(data_make_columns(&r, err), FP_EFAIL);
	fp_alloc_fail_at(0, 0);
	assert_non_null(strstr(err, "out of memory"));
	assert_null(r.xt);
	assert_int_equal(data_make_columns(&r, err), FP_OK);
	const double *xt = data_columns(&r);
	assert_ptr_equal(xt, r.xt);
	for (size_t i = 0; i < r.n; i++)
		for (size_t j = 0; j < r.d; j++)
			assert_true(xt[j * r.n + i] == r.x[i * r.d + j]);
	assert_int_equal(data_copy(&c, &r, err), FP_OK);
	assert_memory_equal(c.xt, r.xt, r.n * r.d * sizeof *r.xt);
	data_free(&c);
	free_table(&r);
	random_table(&r, 10, 1, 5);
	assert_int_equal(data_make_columns(&r, err), FP_OK);
	assert_null(r.xt);
	assert_ptr_equal(data_columns(&r), r.x);
	free_table(&r);
	/* A table read from a file comes with its columns. */
	assert_non_null(titanic.xt);
}

/* The build links OpenBLAS by default (make CBLAS=gsl for GSL's reference CBLAS): the
 * cblas_* that gsl_blas_* call must be OpenBLAS's, not libgslcblas's, which libgsl
 * also pulls in; the table speeds in make bench depend on it. */
static void test_blas(void **state)
{
	const char *b = model_matrix_blas();
	assert_non_null(b);
#ifdef FITPLAY_CBLAS_OPENBLAS
	if (!strstr(b, "OpenBLAS"))
		fail_msg("built with CBLAS=openblas, but gsl_blas_* run on %s", b);
#else
	print_message("gsl_blas_* run on %s\n", b);
#endif
}

static void test_names_and_init(void **state)
{
	struct model_cfg mc;
	char b[MODEL_NAME_LEN];
	const struct model_type *t = parse_model("linear", &titanic, &mc);
	t->param_name(&mc, 2, b, sizeof b);
	assert_string_equal(b, "w_Age");
	t = parse_model("nnet:2", &titanic, &mc);
	t->param_name(&mc, 13, b, sizeof b);
	assert_string_equal(b, "relu2.w_Fare");
	t->param_name(&mc, 0, b, sizeof b);
	assert_string_equal(b, "relu1.w_SibSp");
	assert_int_equal(t->param_unit(&mc, 13), 1);
	assert_int_equal(parse_model("nnet", &titanic, &mc)->nparams(&mc), 20); /* K = 2 */
	mc.names = NULL;
	t->param_name(&mc, 11, b, sizeof b);
	assert_string_equal(b, "relu2.w2");
	t = parse_model("linear", &titanic, &mc);
	mc.names = NULL;
	t->param_name(&mc, 2, b, sizeof b);
	assert_string_equal(b, "w3");
	/* The start is RAND() - 0.5, the same for the same seed. */
	double a[10], c[10];
	t->init(&mc, a);
	t->init(&mc, c);
	assert_memory_equal(a, c, sizeof a);
	for (size_t j = 0; j < 10; j++)
		assert_true(a[j] >= -0.5 && a[j] < 0.5);
	mc.seed = 43;
	t->init(&mc, c);
	assert_true(memcmp(a, c, sizeof a) != 0);
	/* Linear models' grad must not read theta (the closed forms pass NULL). */
	double g[10];
	t->grad(&mc, NULL, titanic.x, g);
	assert_memory_equal(g, titanic.x, sizeof g);
	/* One input: a gnuplot expression; more: none. */
	assert_int_equal(t->describe(&mc, a, (char[256]){0}, 256), -1);
	mc.d = 1;
	char e[256];
	assert_int_equal(t->describe(&mc, a, e, sizeof e), 0);
	t = parse_model("nnet:2", &titanic, &mc);
	mc.d = 1;
	assert_int_equal(t->describe(&mc, a, e, sizeof e), 0);
	assert_non_null(strstr(e, "> 0 ?"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_sheet_losses),
	    cmocka_unit_test(test_least_squares),
	    cmocka_unit_test(test_descent),
	    cmocka_unit_test(test_lm),
	    cmocka_unit_test(test_fd_gradient),
	    cmocka_unit_test(test_matrix_equals_loop),
	    cmocka_unit_test(test_table_models_predict),
	    cmocka_unit_test(test_columns),
	    cmocka_unit_test(test_blas),
	    cmocka_unit_test(test_names_and_init),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
