/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-models.c: every model in the registry, both losses: a finite start, unique
 * coefficient names, central finite-difference checks of dy/dtheta and of the loss
 * gradient (away from kinks), the fused pass against the generic loop, describe()
 * as an expression of x that gives eval's values, the optional unit ops. */
#include "testutil.h"

#include "data.h"
#include "loss.h"
#include "model.h"
#include "util.h"

#define NPTS   37   /* points of the test data */
#define KUNITS 5    /* units for NAME:K models */
#define NPMAX  4096 /* room for coefficients */

/* ---- a small parser for describe()'s gnuplot expressions in x ----
 * expr := cmp ['?' expr ':' expr]; cmp := sum [('>'|'<'|'>='|'<=') sum];
 * sum := prod (('+'|'-') prod)*; prod := unary (('*'|'/') unary)*;
 * unary := ('-'|'+') unary | power; power := atom ['**' unary];
 * atom := number | 'x' | '(' expr ')' | 'abs(' expr ')' */
struct ex {
	const char *p; /* where we are */
	double x;      /* the value of x */
	int bad;       /* 1 after a syntax error */
};

static double ex_expr(struct ex *e);

static void ex_blank(struct ex *e)
{
	while (*e->p == ' ')
		e->p++;
}

static int ex_eat(struct ex *e, const char *tok)
{
	ex_blank(e);
	size_t n = strlen(tok);
	if (strncmp(e->p, tok, n) != 0)
		return 0;
	e->p += n;
	return 1;
}

static double ex_atom(struct ex *e)
{
	ex_blank(e);
	if (ex_eat(e, "(")) {
		double v = ex_expr(e);
		if (!ex_eat(e, ")"))
			e->bad = 1;
		return v;
	}
	if (ex_eat(e, "abs(")) {
		double v = ex_expr(e);
		if (!ex_eat(e, ")"))
			e->bad = 1;
		return fabs(v);
	}
	if (*e->p == 'x' && !((e->p[1] >= 'a' && e->p[1] <= 'z') || e->p[1] == '_')) {
		e->p++;
		return e->x;
	}
	if ((*e->p >= '0' && *e->p <= '9') || *e->p == '.') {
		char *end;
		double v = strtod(e->p, &end);
		e->p = end;
		return v;
	}
	e->bad = 1;
	return 0;
}

static double ex_unary(struct ex *e);

static double ex_power(struct ex *e)
{
	double v = ex_atom(e);
	if (ex_eat(e, "**"))
		return pow(v, ex_unary(e));
	return v;
}

static double ex_unary(struct ex *e)
{
	if (ex_eat(e, "-"))
		return -ex_unary(e);
	if (ex_eat(e, "+"))
		return ex_unary(e);
	return ex_power(e);
}

static double ex_prod(struct ex *e)
{
	double v = ex_unary(e);
	for (;;) {
		ex_blank(e);
		if (e->p[0] == '*' && e->p[1] != '*') {
			e->p++;
			v *= ex_unary(e);
		} else if (ex_eat(e, "/")) {
			v /= ex_unary(e);
		} else {
			return v;
		}
	}
}

static double ex_sum(struct ex *e)
{
	double v = ex_prod(e);
	for (;;) {
		if (ex_eat(e, "+"))
			v += ex_prod(e);
		else if (ex_eat(e, "-"))
			v -= ex_prod(e);
		else
			return v;
	}
}

static double ex_cmp(struct ex *e)
{
	double v = ex_sum(e);
	if (ex_eat(e, ">="))
		return v >= ex_sum(e);
	if (ex_eat(e, "<="))
		return v <= ex_sum(e);
	if (ex_eat(e, ">"))
		return v > ex_sum(e);
	if (ex_eat(e, "<"))
		return v < ex_sum(e);
	return v;
}

static double ex_expr(struct ex *e)
{
	double c = ex_cmp(e);
	if (!ex_eat(e, "?"))
		return c;
	double a = ex_expr(e);
	if (!ex_eat(e, ":"))
		e->bad = 1;
	double b = ex_expr(e);
	return c != 0 ? a : b;
}

/* The value of expression s at x; fails the test on a syntax error. */
static double ex_eval(const char *s, double x)
{
	struct ex e = {s, x, 0};
	double v = ex_expr(&e);
	ex_blank(&e);
	if (e.bad || *e.p)
		fail_msg("describe() output does not parse near '%.40s' in '%.200s'", e.p, s);
	return v;
}

static void test_parser_itself(void **state)
{
	assert_rel(ex_eval("(2)*x**2 + (-1.5)*x + (1e-3)", 2), 8 + -3 + 1e-3, 1e-15);
	assert_rel(ex_eval("((1)*x+(-1))>0?((1)*x+(-1)):0", 3), 2, 1e-15);
	assert_true(ex_eval("((1)*x+(-1))>0?((1)*x+(-1)):0", 0) == 0);
	assert_rel(ex_eval("-x - -x*2 + abs(-3)/2", 1), -1 + 2 + 1.5, 1e-15);
}

/* ---- the per-model checks ---- */

/* Data of n rows and d inputs; x on a jittered grid over [-2, 2], y a bumpy curve. */
static void make_data(struct data *out, size_t d, unsigned seed)
{
	memset(out, 0, sizeof *out);
	out->n = NPTS;
	out->d = d;
	out->x = fp_malloc(NPTS * d * sizeof *out->x);
	out->y = fp_malloc(NPTS * sizeof *out->y);
	assert_non_null(out->x);
	assert_non_null(out->y);
	unsigned s = seed;
	for (size_t i = 0; i < NPTS; i++) {
		double sum = 0;
		for (size_t j = 0; j < d; j++) {
			s = s * 1103515245u + 12345u;
			double jit = ((s >> 8) & 0xffff) / 65536.0 - 0.5;
			double v = -2 + 4 * ((double)i + 0.5 + 0.6 * jit) / NPTS;
			if (j)
				v = jit * 3 + 0.1 * (double)j;
			out->x[i * d + j] = v;
			sum += v;
		}
		out->y[i] = sin(3 * sum) + 0.5 * sum * sum;
	}
	out->xlo = -2;
	out->xhi = 2;
}

/* A config of the model for the data: K units, the data's range and d. */
static struct model_cfg make_cfg(const struct model_type *t, const struct data *d)
{
	struct model_cfg mc;
	memset(&mc, 0, sizeof mc);
	mc.k = t->takes_k ? KUNITS : 0;
	mc.d = d->d;
	mc.xlo = d->xlo;
	mc.xhi = d->xhi;
	mc.seed = 7;
	return mc;
}

/* A start with every unit doing something: the model's init, nudged off zero. */
static void start_theta(const struct model_type *t, const struct model_cfg *mc, double *th,
			size_t np)
{
	t->init(mc, th);
	for (size_t i = 0; i < np; i++)
		th[i] += 0.05 * sin(1.7 * (double)i + 0.3);
}

/* Central difference of f(theta_i) with step h, for eval at x (loss == -1) or the
 * mean loss over the data. */
static double fd(const struct model_type *t, const struct model_cfg *mc, double *th, size_t i,
		 double h, const double *x, const struct data *d, int loss)
{
	double keep = th[i], up, dn;
	th[i] = keep + h;
	up = loss < 0 ? t->eval(mc, th, x) : model_loss_grad(t, mc, th, d, loss, NULL);
	th[i] = keep - h;
	dn = loss < 0 ? t->eval(mc, th, x) : model_loss_grad(t, mc, th, d, loss, NULL);
	th[i] = keep;
	return (up - dn) / (2 * h);
}

/* Compare an analytic derivative with central differences at h and h/4; where the two
 * differences disagree, a kink lies within h: skip. Returns 1 if checked. */
static int fd_check(const char *what, const char *model, const char *pname, double g, double d1,
		    double d2)
{
	double scale = 1 + fabs(d1) + fabs(d2);
	if (fabs(d1 - d2) > 1e-6 * scale)
		return 0; /* not smooth here */
	if (fabs(g - d2) > 1e-6 * scale)
		fail_msg("%s: %s d/d%s analytic %.17g, finite difference %.17g", model, what, pname,
			 g, d2);
	return 1;
}

static void check_model(const struct model_type *t, size_t dim)
{
	struct data d;
	make_data(&d, dim, 12345u + (unsigned)dim);
	struct model_cfg mc = make_cfg(t, &d);
	char spec[64], err[FP_ERRLEN];
	model_spec(t, &mc, spec, sizeof spec);
	/* the spec parses back to the same model */
	const struct model_type *t2;
	struct model_cfg m2 = {0};
	assert_int_equal(model_parse(spec, &t2, &m2, err), FP_OK);
	assert_ptr_equal(t2, t);
	assert_int_equal(m2.k, mc.k);

	size_t np = t->nparams(&mc);
	assert_true(np >= 1 && np <= NPMAX);
	static double th[NPMAX], g[NPMAX], g2[NPMAX], work[NPMAX];
	/* names: non-empty, unique, short */
	char(*names)[MODEL_NAME_LEN] = fp_calloc(np, MODEL_NAME_LEN);
	assert_non_null(names);
	for (size_t i = 0; i < np; i++) {
		t->param_name(&mc, i, names[i], MODEL_NAME_LEN);
		assert_true(names[i][0] != 0);
		for (size_t j = 0; j < i; j++)
			if (strcmp(names[i], names[j]) == 0)
				fail_msg("%s: coefficients %zu and %zu are both named '%s'", spec,
					 j, i, names[i]);
	}
	/* init: finite, deterministic */
	t->init(&mc, th);
	assert_true(fp_all_finite(th, np));
	t->init(&mc, g);
	assert_memory_equal(th, g, np * sizeof *th);
	/* formula */
	char f[256];
	t->formula(&mc, 0, f, sizeof f);
	assert_true(strncmp(f, "y = ", 4) == 0);
	t->formula(&mc, 1, f, sizeof f);
	assert_true(f[0] != 0);

	start_theta(t, &mc, th, np);
	/* dy/dtheta against central differences, at every data row */
	size_t checked = 0, tried = 0;
	for (size_t r = 0; r < d.n; r++) {
		const double *x = d.x + r * dim;
		t->grad(&mc, th, x, g);
		for (size_t i = 0; i < np; i++, tried++)
			checked += (size_t)fd_check("dy", spec, names[i], g[i],
						    fd(t, &mc, th, i, 1e-5, x, &d, -1),
						    fd(t, &mc, th, i, 2.5e-6, x, &d, -1));
	}
	assert_true(checked * 10 >= tried * 9); /* kinks are rare */

	for (int l = 0; l < LOSS_COUNT; l++) {
		enum loss_kind lk = (enum loss_kind)l;
		/* fused pass == generic per-point loop */
		double a = model_loss_grad(t, &mc, th, &d, lk, g);
		double b = model_loss_grad_generic(t, &mc, th, &d, lk, g2, work);
		assert_true(isfinite(a));
		assert_rel(a, b, 1e-12);
		for (size_t i = 0; i < np; i++)
			if (!(fabs(g[i] - g2[i]) <= 1e-12 * (1 + fabs(g2[i]))))
				fail_msg("%s %s: d/d%s fused %.17g, generic %.17g", spec,
					 loss_name(lk), names[i], g[i], g2[i]);
		assert_true(model_loss_grad(t, &mc, th, &d, lk, NULL) == a);
		/* the loss gradient against central differences of the loss */
		checked = 0;
		for (size_t i = 0; i < np; i++)
			checked += (size_t)fd_check(loss_name(lk), spec, names[i], g[i],
						    fd(t, &mc, th, i, 1e-5, NULL, &d, l),
						    fd(t, &mc, th, i, 2.5e-6, NULL, &d, l));
		assert_true(checked * 2 >= np);
	}

	/* describe(): a gnuplot expression of x giving eval's values (curve models) */
	if (dim == 1) {
		size_t len = 64 * np + 256;
		char *buf = fp_malloc(len);
		assert_non_null(buf);
		assert_int_equal(t->describe(&mc, th, buf, len), 0);
		for (double x = -2.5; x <= 2.5; x += 0.0625) {
			double want = t->eval(&mc, th, &x), got = ex_eval(buf, x);
			assert_true(fabs(got - want) <= 1e-12 * (1 + fabs(want)));
		}
		assert_int_equal(t->describe(&mc, th, buf, 8), -1); /* too small: -1 */
		fp_free(buf);
	}

	/* the optional unit ops */
	if (t->nunits) {
		size_t k = t->nunits(&mc);
		assert_true(k >= 1);
		for (size_t u = 0; u < k && t->unit_eval; u++)
			assert_true(isfinite(t->unit_eval(&mc, th, u, 0.3)));
		for (size_t u = 0; u < k && t->unit_kink; u++) {
			double q;
			if (t->unit_kink(&mc, th, u, &q) == 0) {
				double xq = q;
				assert_true(isfinite(q));
				if (t->unit_eval)
					assert_true(fabs(t->unit_eval(&mc, th, u, xq)) <=
						    1e-9 * (1 + fabs(q)));
			}
		}
	}
	if (t->param_unit) {
		long units = t->nunits ? (long)t->nunits(&mc) : (long)np;
		for (size_t i = 0; i < np; i++) {
			long u = t->param_unit(&mc, i);
			assert_true(u >= -1 && u < units);
		}
	}
	if (t->add_unit && dim == 1) {
		double *more = fp_calloc(np + 64, sizeof *more);
		assert_non_null(more);
		assert_int_equal(t->add_unit(&mc, th, more), 0);
		struct model_cfg m3 = mc;
		m3.k++;
		assert_true(t->nparams(&m3) > np);
		for (double x = -2; x <= 2; x += 0.25)
			assert_rel(t->eval(&m3, more, &x), t->eval(&mc, th, &x), 1e-14);
		if (t->remove_unit) {
			double *back = fp_calloc(np, sizeof *back);
			assert_non_null(back);
			assert_int_equal(t->remove_unit(&m3, more, m3.k - 1, back), 0);
			assert_memory_equal(back, th, np * sizeof *th);
			fp_free(back);
		}
		fp_free(more);
	}
	fp_free(names);
	data_free(&d);
}

static void test_every_model(void **state)
{
	size_t n = 0;
	for (size_t i = 0; model_types[i]; i++, n++) {
		const struct model_type *t = model_types[i];
		assert_non_null(t->name);
		assert_non_null(t->nparams);
		assert_non_null(t->param_name);
		assert_non_null(t->init);
		assert_non_null(t->eval);
		assert_non_null(t->grad);
		assert_non_null(t->formula);
		assert_non_null(t->describe);
		assert_true(t->min_d >= 1 && t->min_d <= t->max_d);
		if (t->min_d <= 1)
			check_model(t, 1);
		if (t->max_d >= 3 && t->min_d <= 3)
			check_model(t, 3);
		for (size_t j = 0; j < i; j++)
			assert_true(strcmp(model_types[j]->name, t->name) != 0);
	}
	assert_true(n >= 4);
}

/* Unknown specs are refused with the list of models. */
static void test_parse_errors(void **state)
{
	const struct model_type *t;
	struct model_cfg mc = {0};
	char err[FP_ERRLEN];
	assert_int_equal(model_parse("cubic", &t, &mc, err), FP_EINPUT);
	assert_non_null(strstr(err, "relus:K"));
	assert_non_null(strstr(err, "relu2"));
	assert_int_equal(model_parse("relus:x", &t, &mc, err), FP_EINPUT);
	assert_int_equal(model_parse("quad:2", &t, &mc, err), FP_EINPUT);
	assert_int_equal(model_parse("relus", &t, &mc, err), FP_OK);
	assert_true(mc.k >= 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_parser_itself),
	    cmocka_unit_test(test_every_model),
	    cmocka_unit_test(test_parse_errors),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
