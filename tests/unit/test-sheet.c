/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-sheet.c: every model as matrices (sheet.h): each coefficient has exactly one
 * cell of W, v or c and the cell leads back to it; row by row the sheet's prediction
 * equals the model's own eval (and predict, for tables) to 1e-12; the sum of the rows'
 * losses is n times the mean loss; on the Titanic rows the linear start gives the
 * numbers the sheet gives (computed apart, from NumPy's seed-42 draws), and the sheets'
 * fitted coefficients their sums of squares. */
#include "testutil.h"

#include "data.h"
#include "loss.h"
#include "model.h"
#include "preset.h"
#include "sheet.h"
#include "table.h"
#include "util.h"

#define NROWS  29 /* rows of the made-up data */
#define KUNITS 3  /* units for NAME:K models */
#define DTAB   4  /* inputs of the made-up table (the last is Ones) */
#define NPMAX  4096

/* n rows of d inputs (the last a constant 1 when d > 1), y a bumpy function. */
static void make_data(struct data *out, size_t d)
{
	memset(out, 0, sizeof *out);
	out->n = NROWS;
	out->d = d;
	out->x = fp_malloc(NROWS * d * sizeof *out->x);
	out->y = fp_malloc(NROWS * sizeof *out->y);
	assert_non_null(out->x);
	assert_non_null(out->y);
	for (size_t i = 0; i < NROWS; i++) {
		double s = 0;
		for (size_t j = 0; j < d; j++) {
			double v = -2 + 4 * (double)i / (NROWS - 1);
			if (j)
				v = j + 1 == d ? 1.0 : sin(1.3 * (double)(i * d + j));
			out->x[i * d + j] = v;
			s += v;
		}
		out->y[i] = sin(2 * s) + 0.3 * s * s;
	}
	out->xlo = -2;
	out->xhi = 2;
	char err[FP_ERRLEN];
	assert_int_equal(data_make_columns(out, err), FP_OK);
}

/* |a - b| within 1e-12 of the size of the terms that made them. */
static void assert_close(const char *what, const char *model, size_t i, double a, double b,
			 double scale)
{
	double m = fmax(fmax(fabs(a), fabs(b)), scale);
	if (!(fabs(a - b) <= 1e-12 * m))
		fail_msg("%s row %zu: sheet %.17g, model %.17g (rel %.3g)", model, i, a, b,
			 fabs(a - b) / m);
	(void)what;
}

/* Every coefficient is one cell (W, v or c) and the cell's index is the coefficient. */
static void check_cells(const struct model_type *t, const struct model_cfg *mc,
			const struct model_sheet *s, size_t np)
{
	size_t count = 0;
	for (size_t i = 0; i < np; i++) {
		size_t j = SIZE_MAX, k = SIZE_MAX;
		enum sheet_part part = sheet_param_cell(s, i, &j, &k);
		switch (part) {
		case SHEET_W:
			assert_true(j < s->nfeat && k < s->units);
			assert_int_equal(sheet_w_index(s, j, k), i);
			break;
		case SHEET_V:
			assert_true(k < s->units);
			assert_int_equal(sheet_v_index(s, k), (long)i);
			break;
		case SHEET_C:
			assert_int_equal(sheet_c_index(s), (long)i);
			break;
		default:
			fail_msg("%s: coefficient %zu is nowhere on the sheet", t->name, i);
		}
		count++;
	}
	/* and every cell that reads theta reads a coefficient that exists */
	size_t cells = s->nfeat * s->units;
	for (size_t k = 0; k < s->units; k++) {
		for (size_t j = 0; j < s->nfeat; j++)
			assert_true(sheet_w_index(s, j, k) < np);
		cells += sheet_v_index(s, k) >= 0;
		if (sheet_v_index(s, k) >= 0)
			assert_true((size_t)sheet_v_index(s, k) < np);
	}
	cells += sheet_c_index(s) >= 0;
	assert_int_equal(cells, np);
	assert_int_equal(count, np);
	/* feature names exist and differ */
	char a[64], b[64];
	for (size_t j = 0; j < s->nfeat; j++) {
		t->sheet_feature_name(mc, j, 1, a, sizeof a);
		assert_true(a[0] != 0);
		for (size_t q = j + 1; q < s->nfeat; q++) {
			t->sheet_feature_name(mc, q, 1, b, sizeof b);
			assert_string_not_equal(a, b);
		}
	}
}

static void check_model(const struct model_type *t, size_t d)
{
	struct data data;
	make_data(&data, d);
	struct model_cfg mc = {
	    .k = t->takes_k ? KUNITS : 0, .d = d, .xlo = -2, .xhi = 2, .seed = 3};
	size_t np = t->nparams(&mc);
	double theta[NPMAX], W[NPMAX], v[MODEL_MAX_UNITS], c, pred[NROWS];
	double f[NPMAX], z[MODEL_MAX_UNITS], h[MODEL_MAX_UNITS];
	t->init(&mc, theta);
	for (size_t i = 0; i < np; i++)
		theta[i] += 0.3 * sin(2.1 * (double)i + 0.4);
	struct model_sheet s;
	assert_int_equal(sheet_shape(t, &mc, &s), FP_OK);
	check_cells(t, &mc, &s, np);
	sheet_weights(&s, theta, W, v, &c);
	if (t->predict)
		t->predict(&mc, theta, &data, pred);
	struct sheet_row r = {.f = f, .z = z, .h = h};
	for (enum loss_kind lk = 0; lk < LOSS_COUNT; lk++) {
		double sum = 0;
		for (size_t i = 0; i < data.n; i++) {
			sheet_row_eval(t, &mc, &s, theta, &data, i, lk, &r);
			/* the row by hand from W, v, c */
			double p = c, scale = fabs(c);
			for (size_t k = 0; k < s.units; k++) {
				double zk = 0, zs = 0;
				for (size_t j = 0; j < s.nfeat; j++) {
					zk += f[j] * W[j * s.units + k];
					zs += fabs(f[j] * W[j * s.units + k]);
				}
				assert_close("z", t->name, i, z[k], zk, zs);
				double hk = s.clip ? fmax(zk, 0) : zk;
				assert_close("h", t->name, i, h[k], hk, zs);
				p += v[k] * hk;
				scale += fabs(v[k]) * zs;
			}
			assert_close("p", t->name, i, r.p, p, scale);
			/* the model's own computation */
			double e = t->eval(&mc, theta, data.x + i * d);
			assert_close("eval", t->name, i, r.p, e, fmax(fabs(e), 1e-300));
			if (t->predict)
				assert_close("predict", t->name, i, r.p, pred[i], scale);
			assert_true(r.y == data.y[i]);
			assert_true(r.loss == loss_point(lk, r.p - r.y));
			sum += r.loss;
		}
		double work[NPMAX + 2 * MODEL_MAX_UNITS];
		size_t right = 0;
		double total =
		    sheet_loss_sum(t, &mc, &s, theta, &data, 0, data.n, lk, &right, work);
		assert_true(total == sum);
		assert_true(right <= data.n);
		double mean = model_loss_grad(t, &mc, theta, &data, lk, NULL);
		assert_rel(total, (double)data.n * mean, 1e-12);
	}
	data_free(&data);
}

/* Every model in the registry: x,y data, and for table models a table too. */
static void test_every_model(void **state)
{
	size_t seen = 0;
	for (size_t m = 0; model_types[m]; m++) {
		const struct model_type *t = model_types[m];
		assert_non_null(t->sheet);
		assert_non_null(t->sheet_features);
		assert_non_null(t->sheet_feature_name);
		check_model(t, 1);
		if (t->max_d >= DTAB)
			check_model(t, DTAB);
		seen++;
	}
	assert_true(seen >= 6);
}

/* The shapes the lesson draws: quad's x^2, x, 1; relus:K's x, 1 with v = w, c; a
 * table's inputs times nnet:K's K columns. */
static void test_shapes(void **state)
{
	struct model_sheet s;
	struct model_cfg mc = {.k = 3, .d = 1};
	char name[32];
	assert_int_equal(sheet_shape(&model_quad, &mc, &s), FP_OK);
	assert_int_equal(s.nfeat, 3);
	assert_int_equal(s.units, 1);
	assert_int_equal(s.clip, 0);
	model_quad.sheet_feature_name(&mc, 0, 0, name, sizeof name);
	assert_string_equal(name, "x^2");
	assert_int_equal(sheet_shape(&model_relus, &mc, &s), FP_OK);
	assert_int_equal(s.nfeat, 2);
	assert_int_equal(s.units, 3);
	assert_int_equal(s.clip, 1);
	assert_int_equal(sheet_w_index(&s, 0, 1), 3); /* m2 */
	assert_int_equal(sheet_w_index(&s, 1, 1), 4); /* b2 */
	assert_int_equal(sheet_v_index(&s, 1), 5);    /* w2 */
	assert_int_equal(sheet_c_index(&s), 9);	      /* c */
	assert_int_equal(sheet_shape(&model_relu2, &mc, &s), FP_OK);
	assert_int_equal(sheet_v_index(&s, 1), -1);
	assert_int_equal(sheet_c_index(&s), -1);
	mc.d = 10;
	mc.k = 2;
	assert_int_equal(sheet_shape(&model_nnet, &mc, &s), FP_OK);
	assert_int_equal(s.nfeat, 10);
	assert_int_equal(s.units, 2);
	assert_int_equal(sheet_w_index(&s, 3, 1), 13); /* relu2.w_<input 4> */
	size_t j, k;
	assert_int_equal(sheet_param_cell(&s, 13, &j, &k), SHEET_W);
	assert_int_equal(j, 3);
	assert_int_equal(k, 1);
}

static void titanic_load(struct data *d)
{
	char path[1024], err[FP_ERRLEN];
	snprintf(path, sizeof path, "%s/titanic/titanic-712.csv", tu_ref_dir());
	const struct preset *p = preset_find("titanic");
	assert_non_null(p);
	struct table_cfg c;
	table_cfg_default(&c);
	c.target = p->table_target;
	c.inputs = p->table_inputs;
	if (data_table_load(path, &c, d, err) != FP_OK)
		fail_msg("%s", err);
	assert_int_equal(d->n, 712);
	assert_int_equal(d->d, 10);
}

/* The Titanic linear start: RAND() - 0.5 from NumPy's seed 42 (np.random.seed(42);
 * np.random.rand(10) - 0.5, the values written out here), the sheet's first row
 * (male, 22, class 3, S, 1 sibling, fare 7.25) and its sums, computed apart in
 * Python from titanic-712.csv: p(row 1) = -0.10397438804672277, sum of squares
 * 365.3223471646361, 425 of 712 rows right at 0.5. */
static void test_titanic_start(void **state)
{
	static const double u[10] = {0.3745401188473625,  0.9507143064099162,  0.7319939418114051,
				     0.5986584841970366,  0.15601864044243652, 0.15599452033620265,
				     0.05808361216819946, 0.8661761457749352,  0.6011150117432088,
				     0.7080725777960455};
	struct data d;
	titanic_load(&d);
	struct model_cfg mc = {.d = 10, .seed = preset_find("titanic")->gen.seed, .names = d.names};
	double theta[10], f[10], z[1], h[1];
	model_linear.init(&mc, theta);
	for (size_t j = 0; j < 10; j++)
		assert_rel(theta[j], u[j] - 0.5, 1e-15);
	struct model_sheet s;
	assert_int_equal(sheet_shape(&model_linear, &mc, &s), FP_OK);
	struct sheet_row r = {.f = f, .z = z, .h = h};
	sheet_row_eval(&model_linear, &mc, &s, theta, &d, 0, LOSS_MSE, &r);
	const double row0[10] = {1, 0, 22.0 / 80, log10(8.25), 0, 0, 1, 0, 1, 1};
	for (size_t j = 0; j < 10; j++)
		assert_rel(f[j], row0[j], 1e-15);
	char name[64];
	model_linear.sheet_feature_name(&mc, 9, 1, name, sizeof name);
	assert_string_equal(name, TABLE_CONST_NAME);
	assert_rel(r.p, -0.10397438804672277, 1e-13);
	assert_true(r.y == 0);
	assert_rel(r.loss, 0.10397438804672277 * 0.10397438804672277, 1e-12);
	double work[16];
	size_t right = 0;
	double sum =
	    sheet_loss_sum(&model_linear, &mc, &s, theta, &d, 0, d.n, LOSS_MSE, &right, work);
	assert_rel(sum, 365.3223471646361, 1e-12);
	assert_int_equal(right, 425);
	data_free(&d);
}

/* The sheets' fitted coefficients (titanic-expected.json): the sum of squares is 712
 * times the sheets' mean loss, for linear and for the two-ReLU network. */
static void test_titanic_fitted(void **state)
{
	char path[1024];
	snprintf(path, sizeof path, "%s/titanic/titanic-expected.json", tu_ref_dir());
	char *json = tu_read(path);
	struct data d;
	titanic_load(&d);
	double theta[20], loss = 0, work[32];
	struct model_sheet s;
	struct model_cfg mc = {.d = 10, .k = 0, .names = d.names};
	assert_int_equal(tu_json_nums(json, "linear.params", theta, 10), 10);
	assert_int_equal(tu_json_nums(json, "linear.loss", &loss, 1), 1);
	assert_int_equal(sheet_shape(&model_linear, &mc, &s), FP_OK);
	double sum =
	    sheet_loss_sum(&model_linear, &mc, &s, theta, &d, 0, d.n, LOSS_MSE, NULL, work);
	assert_rel(sum, 712 * loss, 1e-12);
	assert_rel(sum, 712 * 0.1442271493, 1e-9);
	mc.k = 2;
	assert_int_equal(tu_json_nums(json, "nnet.params_relu1", theta, 10), 10);
	assert_int_equal(tu_json_nums(json, "nnet.params_relu2", theta + 10, 10), 10);
	assert_int_equal(tu_json_nums(json, "nnet.loss", &loss, 1), 1);
	assert_int_equal(sheet_shape(&model_nnet, &mc, &s), FP_OK);
	sum = sheet_loss_sum(&model_nnet, &mc, &s, theta, &d, 0, d.n, LOSS_MSE, NULL, work);
	assert_rel(sum, 712 * loss, 1e-12);
	assert_rel(sum, 712 * 0.1431520964, 1e-9);
	free(json);
	data_free(&d);
}

/* The table keeps its raw columns (the ones the inputs come from, each once) for the
 * sheet: the first passenger as the file has him; a copy keeps them too. */
static void test_titanic_raw(void **state)
{
	struct data d, c;
	char err[FP_ERRLEN], buf[64];
	titanic_load(&d);
	static const char *names[] = {"SibSp", "Parch", "Age", "Fare", "Pclass", "Embarked", "Sex"};
	static const char *row0[] = {"1", "0", "22", "7.25", "3", "S", "male"};
	static const char *row1[] = {"1", "0", "38", "71.2833", "1", "C", "female"};
	assert_int_equal(d.nraw, 7);
	assert_int_equal(data_copy(&c, &d, err), FP_OK);
	for (size_t k = 0; k < 7; k++) {
		assert_string_equal(d.raw[k].name, names[k]);
		assert_string_equal(data_raw_text(&d, k, 0, buf, sizeof buf), row0[k]);
		assert_string_equal(data_raw_text(&d, k, 1, buf, sizeof buf), row1[k]);
		assert_string_equal(data_raw_text(&c, k, 1, buf, sizeof buf), row1[k]);
	}
	assert_non_null(d.raw[6].levels);
	assert_null(d.raw[3].levels);
	assert_int_equal(d.raw[6].nlev, 2);
	assert_true(c.raw != d.raw && c.raw[6].levels != d.raw[6].levels);
	data_free(&c);
	data_free(&d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_every_model),	  cmocka_unit_test(test_shapes),
	    cmocka_unit_test(test_titanic_start), cmocka_unit_test(test_titanic_fitted),
	    cmocka_unit_test(test_titanic_raw),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
