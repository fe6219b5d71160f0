/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-layout.c: the explorer's frame without a terminal: no key bound twice and
 * every action reachable, key names round-trip, rectangles stay inside the
 * terminal at every size, the lesson's frame shows MSE 11.4648 and never nan/inf
 * (also for every model in the registry), slider ranges follow the notebook's
 * rule, the AUTO pace ladder; the loss landscape (the current point marked where
 * it maps, a grid spread over frames ends as one computed at once) and the lab's
 * other views (ghost, guides, residuals, sweep) clean at every size; the loss
 * history from step 0 (one point and a hint, no flat line) to divergence (log). */
#include "testutil.h"

#include "data.h"
#include "fit.h"
#include "layout.h"
#include "view.h"
#include "preset.h"
#include "util.h"

static void test_no_key_twice(void **state)
{
	for (size_t i = 0; layout_keys[i].key; i++)
		for (size_t j = i + 1; layout_keys[j].key; j++)
			if (layout_keys[i].key == layout_keys[j].key) {
				char b[32];
				fail_msg("key %s bound twice (entries %zu and %zu)",
					 layout_key_name(layout_keys[i].key, b, sizeof b), i, j);
			}
	/* point editing (P) has its own keys: none twice there, and P itself ends it */
	for (size_t i = 0; layout_point_keys[i].key; i++)
		for (size_t j = i + 1; layout_point_keys[j].key; j++)
			if (layout_point_keys[i].key == layout_point_keys[j].key) {
				char b[32];
				fail_msg("point key %s bound twice (entries %zu and %zu)",
					 layout_key_name(layout_point_keys[i].key, b, sizeof b), i,
					 j);
			}
	assert_int_equal(layout_key_action('P'), UA_POINTS);
	assert_int_equal(layout_point_action('P'), UP_END);
	assert_int_equal(layout_point_action('i'), UP_ADD);
	assert_int_equal(layout_point_action('q'), UP_NONE); /* q still quits */
	assert_int_equal(layout_point_action(' '), UP_NONE); /* Space still steps */
}

static void test_every_action_bound(void **state)
{
	assert_non_null(layout_keys[0].help); /* the first entry starts a help line */
	for (int a = UA_NONE + 1; a < UA_COUNT; a++) {
		int found = 0;
		for (size_t i = 0; layout_keys[i].key; i++)
			found |= layout_keys[i].action == (enum layout_action)a;
		if (!found)
			fail_msg("action %d has no key", a);
	}
	assert_int_equal(layout_key_action('q'), UA_QUIT);
	assert_int_equal(layout_key_action('g'), UA_AUTO);
	assert_int_equal(layout_key_action(' '), UA_STEP);
	assert_int_equal(layout_key_action('L'), UA_LR_TYPE);
	assert_int_equal(layout_key_action('#'), UA_NONE);
}

static void test_key_names(void **state)
{
	char b[32];
	for (size_t i = 0; layout_keys[i].key; i++) {
		int k = layout_keys[i].key;
		layout_key_name(k, b, sizeof b);
		if (layout_key_parse(b) != k)
			fail_msg("key name '%s' does not parse back", b);
	}
	assert_int_equal(layout_key_parse("Space"), ' ');
	assert_int_equal(layout_key_parse("Return"), LK_ENTER);
	assert_int_equal(layout_key_parse("C-c"), LK_CTRL_C);
	assert_int_equal(layout_key_parse("é"), 0xe9);
	assert_int_equal(layout_key_parse("nonsense"), -1);
	assert_int_equal(layout_key_parse(""), -1);
	assert_int_equal(layout_key_parse("Resize"), -1);
}

static int inside(const struct rect *r, int w, int h)
{
	return r->x >= 0 && r->y >= 0 && r->w >= 0 && r->h >= 0 && r->x + r->w <= w &&
	       r->y + r->h <= h;
}

static int overlap(const struct rect *a, const struct rect *b)
{
	return a->x < b->x + b->w && b->x < a->x + a->w && a->y < b->y + b->h && b->y < a->y + a->h;
}

static void test_compute(void **state)
{
	struct layout lo;
	layout_compute(39, 30, 9, &lo);
	assert_true(lo.too_small);
	layout_compute(100, 11, 9, &lo);
	assert_true(lo.too_small);
	layout_compute(40, 12, 9, &lo);
	assert_false(lo.too_small);
	layout_compute(79, 24, 9, &lo);
	assert_true(lo.narrow);
	layout_compute(80, 24, 9, &lo);
	assert_false(lo.narrow);
	for (int w = LAYOUT_MIN_W; w <= 260; w += 7)
		for (int h = LAYOUT_MIN_H; h <= 90; h += 3)
			for (int rows = 0; rows < 60; rows += 13) {
				layout_compute(w, h, rows, &lo);
				const struct rect *r[5] = {&lo.header, &lo.plot, &lo.panel,
							   &lo.status, &lo.keybar};
				for (int i = 0; i < 5; i++) {
					assert_true(inside(r[i], w, h));
					for (int j = i + 1; j < 5; j++)
						assert_false(overlap(r[i], r[j]));
				}
				assert_true(lo.plot.h >= 5);
			}
}

static struct data lesson_data;

static int setup(void **state)
{
	char err[FP_ERRLEN];
	const struct preset *p = preset_find("lesson3");
	assert_non_null(p);
	return data_gen(&p->gen, &lesson_data, err);
}

static int teardown(void **state)
{
	data_free(&lesson_data);
	return 0;
}

static void lesson_fit(struct fit *f, const struct model_type *t, const char *spec)
{
	char err[FP_ERRLEN];
	struct model_cfg mc = {0};
	const struct model_type *pt;
	assert_int_equal(model_parse(spec, &pt, &mc, err), FP_OK);
	assert_ptr_equal(pt, t);
	mc.xlo = lesson_data.xlo;
	mc.xhi = lesson_data.xhi;
	mc.seed = 42;
	static const double abc[3] = {1.5, 1.5, 1.5};
	int quad = strcmp(t->name, "quad") == 0;
	assert_int_equal(
	    fit_init(f, &lesson_data, t, &mc, LOSS_MSE, NULL, 0.01, quad ? abc : NULL, err), FP_OK);
}

static char *row_of(const struct screen *s, int y)
{
	static char buf[8192];
	screen_row_text(s, y, buf, sizeof buf);
	return buf;
}

/* No nan/inf anywhere, no control characters. */
static void assert_screen_clean(const struct screen *s)
{
	for (int y = 0; y < s->h; y++) {
		const char *r = row_of(s, y);
		if (strstr(r, "nan") || strstr(r, "inf") || strstr(r, "NaN") || strstr(r, "Inf"))
			fail_msg("row %d shows a non-number: %s", y, r);
	}
	for (int i = 0; i < s->w * s->h; i++)
		assert_true(s->c[i].ch >= 0x20 && s->c[i].ch != 0x7f);
}

static void test_lesson_frame(void **state)
{
	struct fit f;
	struct view v;
	struct screen s = {0};
	struct slider sl[3];
	lesson_fit(&f, &model_quad, "quad");
	for (int i = 0; i < 3; i++)
		layout_slider_default(f.theta0[i], &sl[i]);
	layout_view_init(&v, 1);
	v.sl = sl;
	v.nsl = 3;
	layout_view_fit(&v, &f, -2.1, 2.1);
	assert_int_equal(screen_resize(&s, 100, 30), FP_OK);
	assert_int_equal(layout_draw(&s, &v, &f), FP_OK);
	assert_non_null(strstr(row_of(&s, 0), "MSE 11.4648"));
	assert_non_null(strstr(row_of(&s, 0), "step 0"));
	assert_non_null(strstr(row_of(&s, 0), "lr 0.01"));
	assert_non_null(strstr(row_of(&s, 0), "MANUAL"));
	/* for the mouse: three slider tracks, three names, the key bar's entries */
	const struct layout_hit *tr[3];
	size_t ntr = 0, nname = 0, nkey = 0;
	for (size_t k = 0; k < v.nhit; k++) {
		const struct layout_hit *h = &v.hit[k];
		if (h->kind == LH_TRACK && ntr < 3)
			tr[ntr++] = h;
		nname += h->kind == LH_NAME;
		if (h->kind == LH_KEY) {
			nkey++;
			assert_int_equal(h->row, s.h - 1);
			/* the entry starts with its key's label: Space Step, g Auto ... */
			char kb[32], cell[8];
			layout_key_name(h->key, kb, sizeof kb);
			raster_utf8(screen_at(&s, h->x0, h->row)->ch, cell);
			assert_int_equal(cell[0], kb[0]);
		}
	}
	assert_int_equal(ntr, 3);
	assert_int_equal(nname, 3);
	assert_true(nkey >= 5);
	/* the selected slider is in reverse video: meaning without colour */
	assert_true(screen_at(&s, tr[0]->x0, tr[0]->row)->attr & RA_REVERSE);
	assert_false(screen_at(&s, tr[1]->x0, tr[1]->row)->attr & RA_REVERSE);
	int found = 0;
	for (int y = 0; y < s.h; y++)
		found |= strstr(row_of(&s, y), "best MSE 2.93868") != NULL;
	assert_true(found);
	assert_screen_clean(&s);

	/* every size from 1x1 up: no crash, clean text; too small below 40x12 */
	for (int w = 1; w <= 210; w += 11)
		for (int hh = 1; hh <= 64; hh += 3) {
			assert_int_equal(screen_resize(&s, w, hh), FP_OK);
			v.help = (w + hh) % 2;
			assert_int_equal(layout_draw(&s, &v, &f), FP_OK);
			assert_screen_clean(&s);
			if (w < LAYOUT_MIN_W || hh < LAYOUT_MIN_H)
				assert_true(v.lo.too_small);
		}
	v.help = 0;
	assert_int_equal(screen_resize(&s, 30, 8), FP_OK);
	assert_int_equal(layout_draw(&s, &v, &f), FP_OK);
	int msg = 0;
	for (int y = 0; y < s.h; y++)
		msg |= strstr(row_of(&s, y), "terminal too small") != NULL;
	assert_true(msg);

	/* diverged: the last finite state stays, the status says DIVERGED and how out */
	char err[FP_ERRLEN];
	assert_int_equal(fit_set_lr(&f, 0.5, err), FP_OK);
	fit_step(&f, 100000);
	assert_int_equal(f.trend, FIT_TREND_DIVERGED);
	assert_int_equal(screen_resize(&s, 100, 30), FP_OK);
	assert_int_equal(layout_draw(&s, &v, &f), FP_OK);
	assert_screen_clean(&s);
	int div = 0;
	for (int y = 0; y < s.h; y++)
		div |= strstr(row_of(&s, y), "DIVERGED at step") != NULL;
	assert_true(div);

	/* ASCII: nothing outside 7-bit */
	layout_view_done(&v);
	layout_view_init(&v, 0);
	v.sl = sl;
	v.nsl = 3;
	layout_view_fit(&v, &f, -2.1, 2.1);
	assert_int_equal(layout_draw(&s, &v, &f), FP_OK);
	for (int i = 0; i < s.w * s.h; i++)
		assert_true(s.c[i].ch < 0x80);
	layout_view_done(&v);
	screen_free(&s);
	fit_done(&f);
}

/* Every model of the registry that takes x,y data draws cleanly, units shown. */
static void test_every_model(void **state)
{
	for (size_t m = 0; model_types[m]; m++) {
		const struct model_type *t = model_types[m];
		if (t->min_d > 1)
			continue;
		struct fit f;
		struct view v;
		struct screen s = {0};
		char spec[64];
		snprintf(spec, sizeof spec, "%s%s", t->name, t->takes_k ? ":3" : "");
		lesson_fit(&f, t, spec);
		layout_view_init(&v, 1);
		v.vt = &view_units;
		layout_view_fit(&v, &f, 0, 0);
		for (int w = 40; w <= 200; w += 40) {
			assert_int_equal(screen_resize(&s, w, w / 3 + 4), FP_OK);
			for (size_t sel = 0; sel < f.np; sel += 2) {
				v.sel = sel;
				assert_int_equal(layout_draw(&s, &v, &f), FP_OK);
				assert_screen_clean(&s);
			}
		}
		fit_step(&f, 50);
		assert_int_equal(layout_draw(&s, &v, &f), FP_OK);
		assert_screen_clean(&s);
		layout_view_done(&v);
		screen_free(&s);
		fit_done(&f);
	}
}

/* The landscape view: every model draws it cleanly at every size; the current
 * point is marked where lab_landscape_map puts it; a grid spread over frames
 * (a tiny budget) ends on the same screen as one computed at once. */
static void test_landscape_frame(void **state)
{
	int spread = 0; /* grids that took more than one frame */
	for (size_t m = 0; model_types[m]; m++) {
		const struct model_type *t = model_types[m];
		if (t->min_d > 1)
			continue;
		struct fit f;
		struct view v;
		struct screen s = {0}, once = {0};
		char spec[64];
		snprintf(spec, sizeof spec, "%s%s", t->name, t->takes_k ? ":3" : "");
		lesson_fit(&f, t, spec);
		layout_view_init(&v, 1);
		v.land = lab_landscape_alloc();
		assert_non_null(v.land);
		v.vt = &view_landscape;
		v.land_refit = 1;
		fit_step(&f, 30);
		for (int w = 40; w <= 200; w += 40) {
			assert_int_equal(screen_resize(&s, w, w / 3 + 4), FP_OK);
			assert_int_equal(layout_draw(&s, &v, &f), FP_OK);
			assert_screen_clean(&s);
			assert_false(v.land_pending);
		}
		/* the X at the current point */
		assert_int_equal(screen_resize(&s, 100, 30), FP_OK);
		assert_int_equal(layout_draw(&s, &v, &f), FP_OK);
		int col, row;
		if (raster_cell(&v.r, f.theta[v.land_p], f.theta[v.land_q], &col, &row))
			assert_int_equal(screen_at(&s, v.r.cx + col, v.r.cy + row)->ch, 'X');
		assert_int_equal(screen_resize(&once, 100, 30), FP_OK);
		memcpy(once.c, s.c, (size_t)s.w * (size_t)s.h * sizeof *s.c);
		/* the same grid again over many frames */
		lab_landscape_free(v.land);
		v.land = lab_landscape_alloc();
		v.land_prev_ok = 0;
		v.land_budget = 1e-9;
		int frames = 0;
		do {
			assert_int_equal(layout_draw(&s, &v, &f), FP_OK);
			frames++;
		} while (v.land_pending && frames < 1000);
		assert_false(v.land_pending);
		spread += frames > 1;
		assert_true(screen_equal(&s, &once));
		lab_landscape_free(v.land);
		layout_view_done(&v);
		screen_free(&s);
		screen_free(&once);
		fit_done(&f);
	}
	assert_true(spread > 0);
}

/* The lab's other views with everything on (a ghost run, guides, residuals, a
 * judged sweep): clean at every size, for every model. */
static void test_lab_views(void **state)
{
	char err[FP_ERRLEN];
	for (size_t m = 0; model_types[m]; m++) {
		const struct model_type *t = model_types[m];
		if (t->min_d > 1)
			continue;
		struct fit f;
		struct view v;
		struct screen s = {0};
		char spec[64];
		snprintf(spec, sizeof spec, "%s%s", t->name, t->takes_k ? ":3" : "");
		lesson_fit(&f, t, spec);
		fit_step(&f, 40);
		/* the ghost: this run */
		static double gth[4096], gtr[4096], ghist[64];
		struct layout_ghost g = {.on = 1, .model = f.model, .np = f.np, .mcfg = f.mcfg};
		assert_true(f.np * (f.trace_n + 1) < 4096);
		memcpy(gth, f.theta, f.np * sizeof *gth);
		const double *th;
		for (size_t i = 0; fit_trace_get(&f, i, NULL, NULL, &th) == 0; i++)
			memcpy(gtr + g.n++ * f.np, th, f.np * sizeof *th);
		for (size_t i = 0; i <= 40; i++)
			assert_int_equal(fit_hist_get(&f, i, &ghist[i]), 0);
		g.theta = gth;
		g.tr = gtr;
		g.hist = ghist;
		g.hist_n = 41;
		snprintf(g.label, sizeof g.label, "lr 0.01 gd");
		fit_reset(&f);
		fit_step(&f, 10);
		/* the sweep */
		static struct layout_sweep w;
		memset(&w, 0, sizeof w);
		w.n = w.done = LAYOUT_SWEEP_N;
		w.steps = 20;
		assert_int_equal(lab_sweep(&f, f.theta0, 1e-3, 1, w.n, w.steps, w.row, err), FP_OK);
		w.judged = 1;
		lab_sweep_first_converged(w.row, w.n, &w.conv_from);
		lab_sweep_diverge_from(w.row, w.n, &w.div_from);
		layout_view_init(&v, 1);
		v.land = lab_landscape_alloc();
		v.land_refit = 1;
		struct layout_ghost gs[LAYOUT_GHOSTS] = {g, g}; /* two kept runs */
		gs[1].hist_n = 20;
		snprintf(gs[1].said, sizeof gs[1].said, "momentum lr 0.02 MSE 3.1");
		v.ghost = gs;
		v.sweep = &w;
		v.guides = v.residuals = 1;
		layout_view_fit(&v, &f, 0, 0);
		snprintf(v.gauge, sizeof v.gauge, "lr 0.01 = 4.5%% of the limit 0.2215");
		for (size_t k = 0; view_types[k]; k++) { /* every registered view */
			v.vt = view_types[k];
			for (int wd = 40; wd <= 200; wd += 32)
				for (int h = 12; h <= 70; h += 29) {
					assert_int_equal(screen_resize(&s, wd, h), FP_OK);
					assert_int_equal(layout_draw(&s, &v, &f), FP_OK);
					assert_screen_clean(&s);
				}
		}
		lab_landscape_free(v.land);
		layout_view_done(&v);
		screen_free(&s);
		fit_done(&f);
	}
}

/* Does a row of rectangle r of s hold text? */
static int rect_has(const struct screen *s, const struct rect *r, const char *text)
{
	char buf[4096];
	for (int y = r->y; y < r->y + r->h; y++) {
		size_t n = 0;
		for (int x = r->x; x < r->x + r->w && n + 5 < sizeof buf; x++)
			n += (size_t)raster_utf8(screen_at((struct screen *)s, x, y)->ch, buf + n);
		buf[n] = 0;
		if (strstr(buf, text))
			return 1;
	}
	return 0;
}

/* Curve (Braille) cells on the history canvas, and the rows they cover. */
static int canvas_braille(const struct screen *s, const struct raster *R, int *rows)
{
	int n = 0;
	*rows = 0;
	for (int j = 0; j < R->ch; j++) {
		int inrow = 0;
		for (int i = 0; i < R->cw; i++) {
			uint32_t ch = screen_at((struct screen *)s, R->cx + i, R->cy + j)->ch;
			if (ch > 0x2800 && ch <= 0x28ff)
				n++, inrow = 1;
		}
		*rows += inrow;
	}
	return n;
}

/* The loss history view: before any descent one point, its value and what to
 * press (no flat line); after a few steps every step an 'o' on whole-number steps,
 * the y axis from 0; diverged, a log scale on which the start still shows; after
 * r the step-0 screen again; clean at every size, ASCII in ASCII. */
static void test_history_view(void **state)
{
	struct fit f;
	struct view v;
	struct screen s = {0}, start = {0};
	char err[FP_ERRLEN];
	lesson_fit(&f, &model_quad, "quad");
	layout_view_init(&v, 1);
	v.vt = &view_history;
	assert_int_equal(screen_resize(&s, 100, 30), FP_OK);
	assert_int_equal(layout_draw(&s, &v, &f), FP_OK);
	assert_screen_clean(&s);
	const struct raster *R = &v.r;
	int rows, col, row;
	assert_int_equal(canvas_braille(&s, R, &rows), 0); /* no line through one point */
	assert_true(rect_has(&s, &v.lo.plot, "MSE 11.46 at step 0"));
	assert_true(rect_has(&s, &v.lo.plot, "descent has not run yet"));
	assert_true(rect_has(&s, &v.lo.plot, "press Space for one step, g to run descent"));
	assert_true(R->ylo <= 0 && R->yhi >= f.loss_value && R->yhi < 2 * f.loss_value);
	assert_true(R->xhi - R->xlo >= 10); /* room for the steps to come */
	assert_int_equal(raster_cell(R, 0, f.loss_value, &col, &row), 1);
	const struct cell *c = screen_at(&s, R->cx + col, R->cy + row);
	assert_int_equal(c->ch, 'o');
	assert_true(c->attr & RA_REVERSE);
	assert_int_equal(screen_resize(&start, 100, 30), FP_OK);
	memcpy(start.c, s.c, (size_t)s.w * (size_t)s.h * sizeof *s.c);

	/* three steps: four points marked, joined, the hint gone */
	fit_step(&f, 3);
	assert_int_equal(layout_draw(&s, &v, &f), FP_OK);
	assert_screen_clean(&s);
	assert_false(rect_has(&s, &v.lo.plot, "descent has not run yet"));
	assert_true(canvas_braille(&s, R, &rows) > 3);
	for (unsigned long k = 0; k <= 3; k++) {
		double val;
		assert_int_equal(fit_hist_get(&f, k, &val), 0);
		assert_int_equal(raster_cell(R, (double)k, val, &col, &row), 1);
		c = screen_at(&s, R->cx + col, R->cy + row);
		assert_int_equal(c->ch, 'o');
		assert_int_equal((c->attr & RA_REVERSE) != 0, k == 3);
	}
	/* whole steps under the x axis */
	const char *xl = row_of(&s, R->cy + R->ch + 1);
	assert_null(strchr(xl, '.'));
	assert_true(R->ylo <= 0);

	/* diverged: log10 on the y axis, its labels finite, the start not squashed */
	assert_int_equal(fit_set_lr(&f, 0.5, err), FP_OK);
	fit_step(&f, 100000);
	assert_int_equal(f.trend, FIT_TREND_DIVERGED);
	assert_true(f.loss_value > 1e100);
	assert_int_equal(layout_draw(&s, &v, &f), FP_OK);
	assert_screen_clean(&s);
	assert_false(rect_has(&s, &v.lo.plot, "overflow"));
	assert_true(rect_has(&s, &v.lo.plot, "log scale"));
	assert_true(rect_has(&s, &v.lo.plot, "DIVERGED at step"));
	assert_true(R->yhi <= 308.3 && R->ylo > -301);
	assert_int_equal(raster_cell(R, 0, log10(11.4648), &col, &row), 1);
	assert_true(row > R->ch / 2); /* low on the chart, not off it */
	canvas_braille(&s, R, &rows);
	assert_true(rows > R->ch / 2); /* the climb spreads over the height */

	/* r: the step-0 history again (lr 0.5 now: the header and panel differ) */
	fit_reset(&f);
	assert_int_equal(layout_draw(&s, &v, &f), FP_OK);
	for (int y = v.lo.plot.y; y < v.lo.plot.y + v.lo.plot.h; y++)
		for (int x = v.lo.plot.x; x < v.lo.plot.x + v.lo.plot.w; x++) {
			const struct cell *a = screen_at(&s, x, y), *b = screen_at(&start, x, y);
			assert_true(a->ch == b->ch && a->attr == b->attr);
		}

	/* every size, 0, 2 and many steps (at lr 0.5: diverged): clean */
	for (int n = 0; n < 3; n++) {
		fit_reset(&f);
		fit_step(&f, n == 0 ? 0 : n == 1 ? 2 : 5000);
		for (int w = 40; w <= 220; w += 15)
			for (int h = 12; h <= 60; h += 6) {
				assert_int_equal(screen_resize(&s, w, h), FP_OK);
				assert_int_equal(layout_draw(&s, &v, &f), FP_OK);
				assert_screen_clean(&s);
			}
	}
	/* ASCII: 'o' points, nothing outside 7-bit */
	layout_view_done(&v);
	layout_view_init(&v, 0);
	v.vt = &view_history;
	assert_int_equal(fit_set_lr(&f, 0.01, err), FP_OK);
	fit_reset(&f);
	fit_step(&f, 2);
	assert_int_equal(screen_resize(&s, 80, 24), FP_OK);
	assert_int_equal(layout_draw(&s, &v, &f), FP_OK);
	for (int i = 0; i < s.w * s.h; i++)
		assert_true(s.c[i].ch < 0x80);
	assert_int_equal(raster_cell(&v.r, 1, f.hist[1], &col, &row), 1);
	assert_int_equal(screen_at(&s, v.r.cx + col, v.r.cy + row)->ch, 'o');
	layout_view_done(&v);
	screen_free(&s);
	screen_free(&start);
	fit_done(&f);
}

static void test_slider_default(void **state)
{
	struct slider s;
	layout_slider_default(1.5, &s);
	assert_rel(s.lo, -1.5, 1e-12);
	assert_rel(s.hi, 4.5, 1e-12);
	assert_rel(s.step, 0.1, 1e-12);
	layout_slider_default(-1.5, &s);
	assert_rel(s.lo, -4.5, 1e-12);
	assert_rel(s.hi, 1.5, 1e-12);
	layout_slider_default(0, &s);
	assert_rel(s.lo, -1, 1e-12);
	assert_rel(s.hi, 1, 1e-12);
	layout_slider_default(0.01, &s); /* tiny: still at least 10 steps */
	assert_true((s.hi - s.lo) / s.step >= 10);
	layout_slider_default(1e6, &s); /* huge: at most 1000 steps */
	assert_true((s.hi - s.lo) / s.step <= 1000);
}

static void test_pace(void **state)
{
	char b[64];
	int p = 1;
	assert_int_equal(layout_pace_steps(1, 7), 1);
	for (int i = 0; i < 40; i++)
		p = layout_pace_next(p, 1);
	assert_true(p >= 5000); /* the fastest pace: thousands of steps per frame */
	assert_int_equal(layout_pace_steps(p, 0), (unsigned long)p);
	for (int i = 0; i < 40; i++)
		p = layout_pace_next(p, -1);
	assert_true(p < 0);
	unsigned long sum = 0;
	for (unsigned long fr = 0; fr < (unsigned long)(-p) * 3; fr++)
		sum += layout_pace_steps(p, fr);
	assert_int_equal(sum, 3);
	assert_string_equal(layout_pace_text(1, b, sizeof b), "1 step/frame");
	assert_string_equal(layout_pace_text(-4, b, sizeof b), "1 step/4 frames");
	assert_string_equal(layout_pace_text(5000, b, sizeof b), "5000 steps/frame");
}

/* The v cycle from the registry: x,y data with and without units, and tables. */
static void test_plotview(void **state)
{
	(void)state;
	struct data d = {0}, dt = {0};
	d.d = 1;
	dt.d = 3;
	d.n = dt.n = 1; /* the sheet applies to data with rows */
	struct fit fq = {0}, fr = {0}, ft = {0};
	fq.data = fr.data = &d;
	ft.data = &dt;
	fq.model = &model_quad;
	fr.model = &model_relus;
	ft.model = &model_linear;
	struct view v = {0};
	const struct {
		const struct fit *f;
		const struct view_type *seq[9];
	} cyc[] = {
	    {&fq,
	     {&view_fit, &view_slope, &view_landscape, &view_history, &view_sheet, &view_matrix,
	      &view_fit}},
	    {&fr,
	     {&view_fit, &view_units, &view_slope, &view_landscape, &view_history, &view_sheet,
	      &view_matrix, &view_fit}},
	    {&ft,
	     {&view_predictions, &view_slope, &view_landscape, &view_history, &view_sheet,
	      &view_matrix, &view_predictions}},
	};
	fr.mcfg.k = 3;
	ft.mcfg.d = 3;
	for (size_t c = 0; c < sizeof cyc / sizeof cyc[0]; c++) {
		v.vt = NULL;
		assert_ptr_equal(view_current(&v, cyc[c].f), cyc[c].seq[0]);
		for (size_t k = 1; k < 9 && cyc[c].seq[k]; k++) {
			v.vt = view_next(&v, cyc[c].f);
			assert_ptr_equal(v.vt, cyc[c].seq[k]);
		}
		v.vt = &view_sweep; /* reached by w only; v leaves it for the default's next */
		assert_ptr_not_equal(view_next(&v, cyc[c].f), &view_sweep);
	}
	v.vt = &view_predictions; /* a table's view on x,y data falls back to the fit */
	assert_ptr_equal(view_current(&v, &fq), &view_fit);
	/* every registered view has a unique name that --show finds */
	for (size_t k = 0; view_types[k]; k++) {
		assert_non_null(view_types[k]->draw);
		assert_non_null(view_types[k]->applies);
		assert_ptr_equal(view_find(view_types[k]->name), view_types[k]);
	}
	assert_null(view_find("nope"));
	char names[256];
	assert_string_equal(
	    view_names(names, sizeof names),
	    "fit, predictions, units, slope, landscape, history, sweep, sheet, matrix");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_landscape_frame), cmocka_unit_test(test_lab_views),
	    cmocka_unit_test(test_no_key_twice),    cmocka_unit_test(test_every_action_bound),
	    cmocka_unit_test(test_key_names),	    cmocka_unit_test(test_compute),
	    cmocka_unit_test(test_lesson_frame),    cmocka_unit_test(test_every_model),
	    cmocka_unit_test(test_slider_default),  cmocka_unit_test(test_pace),
	    cmocka_unit_test(test_plotview),	    cmocka_unit_test(test_history_view),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
