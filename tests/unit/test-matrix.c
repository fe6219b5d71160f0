/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-matrix.c: the matrix view (issue 15, item 2). The stepping through X W one
 * multiply-add at a time (matmul-step.c); every number the view shows (each product
 * x_j w_jk, each running and final unit sum, each ReLU, each prediction) equals the
 * model's own computation (its eval with the other units switched off, its eval and
 * its predict) to 1e-12, for every model of the registry on x,y data and for linear and
 * nnet:2 on the Titanic rows; and the screen shows those numbers in their cells, whole
 * and mid-step. */
#include "testutil.h"

#include "data.h"
#include "fit.h"
#include "layout.h"
#include "matmul-step.h"
#include "model.h"
#include "preset.h"
#include "sheet.h"
#include "table.h"
#include "util.h"
#include "view.h"

#define NPMAX 4096

static void close_to(const char *what, const char *model, size_t i, double a, double b,
		     double scale)
{
	double m = fmax(fmax(fabs(a), fabs(b)), scale);
	if (!(fabs(a - b) <= 1e-12 * m))
		fail_msg("%s: %s, row %zu: view %.17g, model %.17g", model, what, i + 1, a, b);
}

/* ---- the stepping state ---- */

static void test_step_order(void **state)
{
	(void)state;
	struct mm_step s = {0};
	size_t row, unit, done;
	assert_int_equal(mm_step_shape(&s, 5, 2, 2, 3), 1); /* rows 6-7, 2 units, 3 inputs */
	assert_int_equal(mm_step_total(&s), 12);
	assert_int_equal(s.mode, MM_FULL);
	assert_true(mm_step_landed(&s, 1, 1));
	/* `.`: the first product of the first cell */
	assert_int_equal(mm_step_next(&s), MM_STEP);
	mm_step_cell(&s, &row, &unit, &done);
	assert_int_equal(row, 0);
	assert_int_equal(unit, 0);
	assert_int_equal(done, 1);
	assert_false(mm_step_landed(&s, 0, 0));
	mm_step_next(&s);
	mm_step_next(&s);
	/* three products: the cell lands and stays shown */
	mm_step_cell(&s, &row, &unit, &done);
	assert_int_equal(unit, 0);
	assert_int_equal(done, 3);
	assert_true(mm_step_landed(&s, 0, 0));
	assert_false(mm_step_landed(&s, 0, 1));
	/* the next: the same row's next unit (the next column of W) */
	mm_step_next(&s);
	mm_step_cell(&s, &row, &unit, &done);
	assert_int_equal(row, 0);
	assert_int_equal(unit, 1);
	assert_int_equal(done, 1);
	for (int k = 0; k < 2; k++)
		mm_step_next(&s);
	mm_step_next(&s); /* row 2, unit 1 */
	mm_step_cell(&s, &row, &unit, &done);
	assert_int_equal(row, 1);
	assert_int_equal(unit, 0);
	assert_int_equal(done, 1);
	assert_true(mm_step_landed(&s, 0, 1));
	/* the last one completes the product */
	for (int k = 0; k < 4; k++)
		assert_int_equal(mm_step_next(&s), MM_STEP);
	assert_int_equal(mm_step_next(&s), MM_FULL);
	/* the rows on screen change: stepping starts over */
	mm_step_next(&s);
	assert_int_equal(mm_step_shape(&s, 5, 2, 2, 3), 0);
	assert_int_equal(s.mode, MM_STEP);
	assert_int_equal(mm_step_shape(&s, 6, 2, 2, 3), 1);
	assert_int_equal(s.mode, MM_FULL);
}

static void test_step_run(void **state)
{
	(void)state;
	struct mm_step s = {0};
	mm_step_shape(&s, 0, 3, 2, 10);
	/* `;` from the whole product: from the start, nothing done */
	assert_int_equal(mm_step_run(&s), MM_RUN);
	assert_int_equal(s.t, 0);
	assert_false(mm_step_advance(&s, 3));
	assert_int_equal(s.t, 3);
	/* `;` pauses, `;` runs on from there */
	assert_int_equal(mm_step_run(&s), MM_STEP);
	assert_false(mm_step_advance(&s, 3)); /* paused: no progress */
	assert_int_equal(s.t, 3);
	assert_int_equal(mm_step_run(&s), MM_RUN);
	/* any other key stops it */
	assert_true(mm_step_pause(&s));
	assert_false(mm_step_pause(&s));
	assert_int_equal(s.mode, MM_STEP);
	/* `.` during a run: one more, paused */
	mm_step_run(&s);
	assert_int_equal(mm_step_next(&s), MM_STEP);
	assert_int_equal(s.t, 4);
	/* a run to the end */
	mm_step_run(&s);
	assert_false(mm_step_advance(&s, 55));
	assert_true(mm_step_advance(&s, 1000));
	assert_int_equal(s.mode, MM_FULL);
	/* nothing to multiply: no run */
	struct mm_step e = {0};
	assert_int_equal(mm_step_run(&e), MM_FULL);
}

/* ---- the cells against the model ---- */

/* Every row's cells of session f against the model's own computation. */
static void check_session(const struct fit *f)
{
	const struct model_type *t = f->model;
	const struct data *d = f->data;
	struct model_sheet sh;
	char spec[64];
	model_spec(t, &f->mcfg, spec, sizeof spec);
	assert_int_equal(sheet_shape(t, &f->mcfg, &sh), FP_OK);
	double *pred = fp_malloc(d->n * sizeof *pred), *one = fp_malloc(f->np * sizeof *one);
	assert_non_null(pred);
	assert_non_null(one);
	if (t->predict)
		t->predict(&f->mcfg, f->theta, d, pred);
	struct mm_row r = {0};
	for (size_t i = 0; i < d->n; i++) {
		const double *xi = d->x + i * d->d;
		assert_int_equal(mm_row_fill(&r, f, i), FP_OK);
		assert_int_equal(r.feats, sh.nfeat);
		assert_int_equal(r.units, sh.units);
		/* X's row: a table's inputs as they are; x,y data as the model's features */
		for (size_t j = 0; j < r.feats; j++) {
			double want = d->d > 1 ? xi[j] : 0;
			if (d->d == 1 && t == &model_quad)
				want = j == 0 ? xi[0] * xi[0] : (j == 1 ? xi[0] : 1.0);
			else if (d->d == 1)
				want = j == 0 ? xi[0] : 1.0;
			close_to("x", spec, i, r.x[j], want, 0);
		}
		for (size_t k = 0; k < r.units; k++) {
			/* products of X's row and W's column from theta; running sums */
			double run = 0, scale = 0, z = 0;
			for (size_t j = 0; j < r.feats; j++) {
				double w = f->theta[sheet_w_index(&sh, j, k)];
				size_t c = j * r.units + k;
				close_to("W", spec, i, r.w[c], w, 0);
				close_to("x*w", spec, i, r.prod[c], r.x[j] * w, 0);
				run += r.x[j] * w;
				scale += fabs(r.x[j] * w);
				close_to("running sum", spec, i, r.run[c], run, scale);
				z += r.x[j] * w;
			}
			close_to("z", spec, i, r.z[k], z, scale);
			close_to("z = last running sum", spec, i, r.z[k],
				 r.run[(r.feats - 1) * r.units + k], scale);
			close_to("h", spec, i, r.h[k], sh.clip ? fmax(z, 0) : z, scale);
			/* the unit alone, by the model's own eval: the other units' W and v,
			 * and c, at zero */
			memcpy(one, f->theta, f->np * sizeof *one);
			for (size_t u = 0; u < r.units; u++) {
				if (u == k)
					continue;
				for (size_t j = 0; j < r.feats; j++)
					one[sheet_w_index(&sh, j, u)] = 0;
				if (sheet_v_index(&sh, u) >= 0)
					one[sheet_v_index(&sh, u)] = 0;
			}
			if (sheet_c_index(&sh) >= 0)
				one[sheet_c_index(&sh)] = 0;
			close_to("v*h (the unit alone)", spec, i, r.v[k] * r.h[k],
				 t->eval(&f->mcfg, one, xi), scale * fabs(r.v[k]));
		}
		/* the prediction: the model's eval and its predict over all rows */
		double e = t->eval(&f->mcfg, f->theta, xi);
		close_to("p (eval)", spec, i, r.p, e, 1e-300);
		if (t->predict)
			close_to("p (predict)", spec, i, r.p, pred[i], 1e-300);
		assert_true(r.y == d->y[i]);
	}
	mm_row_free(&r);
	fp_free(pred);
	fp_free(one);
}

static void start(struct fit *f, const struct data *d, const struct model_type *t, size_t k,
		  const double *theta)
{
	char err[FP_ERRLEN];
	struct model_cfg mc = {.k = k, .d = d->d, .xlo = d->xlo, .xhi = d->xhi, .seed = 42};
	mc.names = d->names;
	if (fit_init(f, d, t, &mc, LOSS_MSE, NULL, 0.01, theta, err) != FP_OK)
		fail_msg("fit_init %s: %s", t->name, err);
}

static void lesson_data(struct data *d)
{
	char err[FP_ERRLEN];
	const struct preset *p = preset_find("lesson3");
	assert_non_null(p);
	assert_int_equal(data_gen(&p->gen, d, err), FP_OK);
}

/* Every model of the registry that takes x,y data, at its start and after descent. */
static void test_cells_xy(void **state)
{
	(void)state;
	struct data d;
	lesson_data(&d);
	size_t tried = 0;
	for (size_t m = 0; model_types[m]; m++) {
		const struct model_type *t = model_types[m];
		if (t->min_d > 1)
			continue;
		struct fit f;
		start(&f, &d, t, t->takes_k ? 3 : 0, NULL);
		check_session(&f);
		fit_step(&f, 50);
		check_session(&f);
		fit_done(&f);
		tried++;
	}
	assert_true(tried >= 5); /* quad, relu, relu2, relus, linear, nnet */
	data_free(&d);
}

static void titanic(struct data *d)
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
}

/* linear and nnet:2 on the 712 Titanic rows: at the start, after descent, and at the
 * sheets' fitted coefficients. */
static void test_cells_titanic(void **state)
{
	(void)state;
	struct data d;
	titanic(&d);
	char path[1024];
	snprintf(path, sizeof path, "%s/titanic/titanic-expected.json", tu_ref_dir());
	char *json = tu_read(path);
	double lin[NPMAX], nn[NPMAX];
	assert_int_equal(tu_json_nums(json, "linear.params", lin, NPMAX), 10);
	/* nnet:2's coefficients unit by unit: relu1's ten, then relu2's */
	assert_int_equal(tu_json_nums(json, "nnet.params_relu1", nn, 10), 10);
	assert_int_equal(tu_json_nums(json, "nnet.params_relu2", nn + 10, 10), 10);
	const struct model_type *ts[] = {&model_linear, &model_nnet};
	for (int m = 0; m < 2; m++) {
		struct fit f;
		start(&f, &d, ts[m], m ? 2 : 0, NULL);
		check_session(&f);
		fit_step(&f, 100);
		check_session(&f);
		fit_done(&f);
	}
	struct fit f;
	start(&f, &d, &model_linear, 0, lin);
	check_session(&f);
	fit_done(&f);
	start(&f, &d, &model_nnet, 2, nn);
	assert_true(fabs(f.loss_value - 0.1431520964) < 1e-9); /* the sheet's loss */
	check_session(&f);
	fit_done(&f);
	free(json);
	data_free(&d);
}

/* ---- the screen ---- */

/* The number as the view prints it in a cell: three decimals, no "-0.000". */
static void cell_text(double v, char *buf, size_t len)
{
	snprintf(buf, len, "%.3f", v);
	if (strcmp(buf, "-0.000") == 0)
		snprintf(buf, len, "0.000");
}

/* The fields of a row line of the rows below, split at the bars: X | Z | h | p y. */
static int fields(const char *line, char out[][64], int max)
{
	int n = 0;
	const char *p = line;
	while (n < max) {
		const char *bar = strstr(p, "│");
		size_t len = bar ? (size_t)(bar - p) : strlen(p);
		snprintf(out[n++], 64, "%.*s", (int)(len < 63 ? len : 63), p);
		if (!bar)
			break;
		p = bar + strlen("│");
	}
	return n;
}

/* The i-th blank-separated token of s into buf; 0 when there is none. */
static int token(const char *s, int i, char *buf, size_t len)
{
	char tmp[64];
	snprintf(tmp, sizeof tmp, "%s", s);
	char *save = NULL, *t = strtok_r(tmp, " ", &save);
	for (int k = 0; t && k < i; k++)
		t = strtok_r(NULL, " ", &save);
	if (!t)
		return 0;
	snprintf(buf, len, "%s", t);
	return 1;
}

/* The screen line holding the data row `row` (1-based) of the rows below, or -1. */
static int row_line(const struct screen *s, size_t row, char *text, size_t len)
{
	char want[32];
	for (int y = 0; y < s->h; y++) {
		screen_row_text(s, y, text, len);
		/* "│    ▶1      1 │": the row label right after the box's edge */
		const char *p = text + strlen("│");
		while (*p == ' ')
			p++;
		if (strncmp(p, "▶", strlen("▶")) == 0)
			p += strlen("▶");
		snprintf(want, sizeof want, "%zu ", row);
		if (strncmp(p, want, strlen(want)) == 0 && strstr(text, "│") && strstr(p, "│"))
			return y;
	}
	return -1;
}

static void test_screen(void **state)
{
	(void)state;
	struct data d;
	titanic(&d);
	struct fit f;
	start(&f, &d, &model_nnet, 2, NULL);
	fit_step(&f, 20);
	struct view v;
	struct screen s = {0};
	struct slider sl[20];
	for (size_t i = 0; i < f.np; i++)
		layout_slider_default(f.theta0[i], &sl[i]);
	layout_view_init(&v, 1);
	v.sl = sl;
	v.nsl = f.np;
	view_set(&v, &f, view_find("matrix"));
	assert_ptr_equal(view_current(&v, &f), &view_matrix);
	assert_int_equal(screen_resize(&s, 160, 40), FP_OK);
	assert_int_equal(layout_draw(&s, &v, &f), FP_OK);
	char text[1024], fl[8][64], want[64], got[64];
	struct mm_row r = {0};
	/* every row on screen: z1 z2 | h1 h2 | p, as the model computes them */
	size_t seen = 0;
	for (size_t i = 0; i < 40; i++) {
		int y = row_line(&s, i + 1, text, sizeof text);
		if (y < 0)
			continue;
		seen++;
		assert_int_equal(mm_row_fill(&r, &f, i), FP_OK);
		int n = fields(text, fl, 8);
		assert_true(n >= 5); /* edge | X | Z | h | p y ... */
		for (size_t k = 0; k < 2; k++) {
			cell_text(r.z[k], want, sizeof want);
			assert_true(token(fl[2], (int)k, got, sizeof got));
			assert_string_equal(got, want);
			cell_text(r.h[k], want, sizeof want);
			assert_true(token(fl[3], (int)k, got, sizeof got));
			assert_string_equal(got, want);
		}
		cell_text(f.model->eval(&f.mcfg, f.theta, d.x + i * d.d), want, sizeof want);
		assert_true(token(fl[4], 0, got, sizeof got));
		assert_string_equal(got, want);
	}
	assert_true(seen >= 10);
	/* four `.`: row 1's first unit has four products; its sum so far in its cell, the
	 * other cells not yet computed */
	for (int k = 0; k < 4; k++)
		assert_true(view_matrix.key(&v, &f, '.'));
	assert_int_equal(layout_draw(&s, &v, &f), FP_OK);
	assert_int_equal(mm_row_fill(&r, &f, 0), FP_OK);
	assert_true(row_line(&s, 1, text, sizeof text) >= 0);
	fields(text, fl, 8);
	cell_text(r.run[3 * 2 + 0], want, sizeof want);
	assert_true(token(fl[2], 0, got, sizeof got));
	assert_string_equal(got, want);
	assert_true(token(fl[2], 1, got, sizeof got));
	assert_string_equal(got, "·");
	assert_true(token(fl[4], 0, got, sizeof got));
	assert_string_equal(got, "·");
	/* the status line names the product just added */
	assert_non_null(strstr(v.msg, "(4 of 10)"));
	/* `;` runs to the end (no frame budget: at once), every cell landed */
	assert_true(view_matrix.key(&v, &f, ';'));
	assert_int_equal(v.mm.mode, MM_RUN);
	assert_int_equal(layout_draw(&s, &v, &f), FP_OK);
	assert_int_equal(v.mm.mode, MM_FULL);
	assert_true(row_line(&s, 2, text, sizeof text) >= 0);
	fields(text, fl, 8);
	assert_int_equal(mm_row_fill(&r, &f, 1), FP_OK);
	cell_text(r.p, want, sizeof want);
	assert_true(token(fl[4], 0, got, sizeof got));
	assert_string_equal(got, want);
	/* J moves the sheet's cursor */
	assert_true(view_matrix.key(&v, &f, 'J'));
	assert_int_equal(v.sheet_row, 1);
	mm_row_free(&r);
	layout_view_done(&v);
	screen_free(&s);
	fit_done(&f);
	data_free(&d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_step_order), cmocka_unit_test(test_step_run),
	    cmocka_unit_test(test_cells_xy),   cmocka_unit_test(test_cells_titanic),
	    cmocka_unit_test(test_screen),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
