/* SPDX-License-Identifier: GPL-3.0-or-later */
/* bench-frame.c: what one explorer frame costs: the CPU time of a full frame
 * (header, Braille plot, sliders, status, key bar) drawn into the cell screen at
 * 200x60 and 100x30 (target: under 1 ms), and how many descent steps of the
 * lesson fit between two frames at 30 frames a second; the same for the loss
 * landscape view, still and while descent moves the held coefficients (the whole
 * grid again each frame), on the lesson and on 10,000 points with relus:16.
 * Prints figures; never fails. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "data.h"
#include "fit.h"
#include "lab.h"
#include "layout.h"
#include "view.h"
#include "bench.h"
#include "preset.h"
#include "util.h"

static double cpu_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

#define BENCH_SLIDERS 64 /* sliders set up; coefficients beyond have none */

/* A view of the session with default sliders (sl holds BENCH_SLIDERS). */
static void view_start(struct view *v, const struct fit *f, struct slider *sl)
{
	size_t n = f->np < BENCH_SLIDERS ? f->np : BENCH_SLIDERS;
	for (size_t i = 0; i < n; i++)
		layout_slider_default(f->theta0[i], &sl[i]);
	layout_view_init(v, 1);
	v->sl = sl;
	v->nsl = n;
}

/* CPU ms per frame at w x h for the session, in the given glyph set. */
static double frame_ms(struct fit *f, int w, int h, enum raster_glyphs g, int moving)
{
	struct view v;
	struct screen s = {0};
	struct slider sl[BENCH_SLIDERS];
	view_start(&v, f, sl);
	v.glyphs = g;
	v.autorun = moving;
	layout_view_fit(&v, f, -2.1, 2.1);
	if (screen_resize(&s, w, h) != FP_OK)
		return -1;
	int n = 0;
	double t0 = cpu_now(), t;
	do {
		for (int k = 0; k < 50; k++, n++) {
			if (moving)
				fit_step(f, 1);
			layout_draw(&s, &v, f);
		}
		t = cpu_now() - t0;
	} while (t < 0.5);
	layout_view_done(&v);
	screen_free(&s);
	return t * 1000 / n;
}

/* The notebook's console strip on (C): CPU ms of a frame at w x h with a full
 * console, drawing only; and the cost of recording: `pace` descent steps a frame,
 * the last CONSOLE_CAP of them one at a time into the console (as the app does),
 * against the same steps in one call. */
static void console_ms(struct fit *f, int w, int h, size_t pace)
{
	struct view v;
	struct screen s = {0};
	struct slider sl[BENCH_SLIDERS];
	view_start(&v, f, sl);
	v.console_on = 1;
	fit_reset(f);
	fit_set_accumulate(f, 1);
	layout_view_fit(&v, f, -2.1, 2.1);
	if (screen_resize(&s, w, h) != FP_OK)
		return;
	double t0, t, draw, logged, plain;
	int n = 0;
	for (int i = 0; i < CONSOLE_CAP; i++) {
		double val, g;
		console_before(f, 0, &val, &g);
		fit_step(f, 1);
		console_record(&v.con, f, 0, val, g);
	}
	t0 = cpu_now();
	do {
		for (int k = 0; k < 50; k++, n++)
			layout_draw(&s, &v, f);
		t = cpu_now() - t0;
	} while (t < 0.5);
	draw = t * 1000 / n;
	fit_reset(f);
	fit_set_accumulate(f, 0);
	n = 0;
	t0 = cpu_now();
	do {
		for (int k = 0; k < 5; k++, n++) {
			fit_step(f, pace - CONSOLE_CAP);
			for (int i = 0; i < CONSOLE_CAP; i++) {
				double val, g;
				console_before(f, 0, &val, &g);
				fit_step(f, 1);
				console_record(&v.con, f, 0, val, g);
			}
		}
		t = cpu_now() - t0;
	} while (t < 0.5);
	logged = t * 1000 / n;
	fit_reset(f);
	n = 0;
	t0 = cpu_now();
	do {
		for (int k = 0; k < 5; k++, n++)
			fit_step(f, pace);
		t = cpu_now() - t0;
	} while (t < 0.5);
	plain = t * 1000 / n;
	fit_reset(f);
	printf("  console on, %dx%d: frame %.3f ms; %zu steps a frame recorded for it %.3f ms, "
	       "without it %.3f ms\n",
	       w, h, draw, pace, logged, plain);
	layout_view_done(&v);
	screen_free(&s);
}

/* CPU ms per landscape frame at w x h (the whole grid each frame when moving: one
 * descent step moves the held coefficients), or with a live budget (seconds) per
 * frame, the ms of a frame and how many frames a whole grid takes. */
static double landscape_ms(struct fit *f, int w, int h, int moving, double budget, double *frames,
			   size_t p, size_t q)
{
	struct view v;
	struct screen s = {0};
	struct slider sl[BENCH_SLIDERS];
	view_start(&v, f, sl);
	v.vt = &view_landscape;
	v.land_refit = 1;
	v.land_p = p;
	v.land_q = q;
	v.land_budget = budget;
	v.land = lab_landscape_alloc();
	if (!v.land || screen_resize(&s, w, h) != FP_OK)
		return -1;
	layout_draw(&s, &v, f); /* the first grid and the ranges */
	int n = 0, grids = 0;
	double t0 = cpu_now(), t;
	do {
		for (int k = 0; k < 5; k++, n++) {
			if (moving && !v.land_pending) {
				fit_step(f, 1);
				grids++;
			}
			layout_draw(&s, &v, f);
		}
		t = cpu_now() - t0;
	} while (t < 0.5);
	if (frames)
		*frames = grids ? (double)n / grids : 0;
	lab_landscape_free(v.land);
	layout_view_done(&v);
	screen_free(&s);
	return t * 1000 / n;
}

/* CPU ms per slope-view frame at w x h, one descent step a frame when moving (the
 * held coefficients move: the curve again each frame); with a live budget
 * (seconds, 0: the whole curve every frame). */
static double slope_ms(struct fit *f, int w, int h, int moving, double budget)
{
	struct view v;
	struct screen s = {0};
	struct slider sl[BENCH_SLIDERS];
	view_start(&v, f, sl);
	view_set(&v, f, &view_slope);
	v.land_budget = budget;
	if (screen_resize(&s, w, h) != FP_OK)
		return -1;
	layout_draw(&s, &v, f); /* the axes */
	int n = 0;
	double t0 = cpu_now(), t;
	do {
		for (int k = 0; k < 20; k++, n++) {
			if (moving)
				fit_step(f, 1);
			layout_draw(&s, &v, f);
		}
		t = cpu_now() - t0;
	} while (t < 0.5);
	layout_view_done(&v);
	screen_free(&s);
	return t * 1000 / n;
}

/* Mean number of cells that differ between consecutive AUTO frames at 100x30 over
 * the first 90 frames from the start, `pace` steps a frame. */
static double cells_changed(struct fit *f, int pace)
{
	struct view v;
	struct screen s = {0}, prev = {0};
	struct slider sl[BENCH_SLIDERS];
	view_start(&v, f, sl);
	v.autorun = 1;
	v.pace = pace;
	fit_reset(f);
	layout_view_fit(&v, f, -2.1, 2.1);
	if (screen_resize(&s, 100, 30) != FP_OK || screen_resize(&prev, 100, 30) != FP_OK)
		return -1;
	layout_draw(&prev, &v, f);
	size_t changed = 0;
	for (int fr = 0; fr < 90; fr++) {
		fit_step(f, (size_t)pace);
		layout_draw(&s, &v, f);
		for (int i = 0; i < s.w * s.h; i++)
			changed += s.c[i].ch != prev.c[i].ch || s.c[i].attr != prev.c[i].attr;
		struct screen t = s;
		s = prev;
		prev = t;
	}
	layout_view_done(&v);
	screen_free(&s);
	screen_free(&prev);
	return changed / 90.0;
}

/* The table view (predictions by truth, sorted; "% right" in the header): CPU ms
 * per frame still and with one descent step a frame, at 100x30, for `spec` on d. */
static void table_frame(const char *what, const struct data *d, const char *spec, char *err)
{
	const struct model_type *t;
	struct model_cfg mc = {0};
	struct fit tf;
	if (model_parse(spec, &t, &mc, err) != FP_OK)
		return;
	mc.d = d->d;
	mc.names = d->names;
	mc.seed = 42;
	if (fit_init(&tf, d, t, &mc, LOSS_MSE, NULL, 0.01, NULL, err) != FP_OK) {
		printf("bench-frame: %s\n", err);
		return;
	}
	printf("table view, %s, %s, 100x30: still %.3f ms, descent running %.3f ms\n", what, spec,
	       frame_ms(&tf, 100, 30, RASTER_BRAILLE, 0),
	       frame_ms(&tf, 100, 30, RASTER_BRAILLE, 1));
	fit_done(&tf);
}

/* The Titanic rows (when the reference data is there) and 1,000,000 random rows of
 * 20 inputs. */
static void table_frames(char *err)
{
	struct data t;
	if (bench_titanic(&t, err) == FP_OK) {
		table_frame("titanic 712 rows", &t, "nnet:2", err);
		data_free(&t);
	}
	if (bench_random_table(&t, 1000000, 20, err) == FP_OK) {
		table_frame("1,000,000 x 20", &t, "linear", err);
		table_frame("1,000,000 x 20", &t, "nnet:8", err);
		data_free(&t);
	}
}

int main(void)
{
	char err[FP_ERRLEN];
	struct data d;
	struct fit f;
	const struct preset *p = preset_find("lesson3");
	if (!p || data_gen(&p->gen, &d, err) != FP_OK) {
		printf("bench-frame: no data: %s\n", err);
		return 0;
	}
	static const double abc[3] = {1.5, 1.5, 1.5};
	if (fit_init(&f, &d, &model_quad, &(struct model_cfg){.d = 1, .xlo = -2, .xhi = 2},
		     LOSS_MSE, NULL, 0.01, abc, err) != FP_OK) {
		printf("bench-frame: %s\n", err);
		data_free(&d);
		return 0;
	}
	printf("full frame (header, plot, sliders, status, key bar) into the cell screen, CPU:\n");
	static const struct {
		int w, h;
	} sizes[] = {{200, 60}, {100, 30}, {80, 24}};
	for (size_t i = 0; i < 3; i++) {
		fit_reset(&f);
		printf(
		    "  %3dx%-3d braille %.3f ms   ascii %.3f ms   AUTO (1 step + frame) %.3f ms\n",
		    sizes[i].w, sizes[i].h, frame_ms(&f, sizes[i].w, sizes[i].h, RASTER_BRAILLE, 0),
		    frame_ms(&f, sizes[i].w, sizes[i].h, RASTER_ASCII, 0),
		    frame_ms(&f, sizes[i].w, sizes[i].h, RASTER_BRAILLE, 1));
	}
	console_ms(&f, 200, 60, 10000);
	console_ms(&f, 100, 30, 10000);
	fit_reset(&f);
	double fms = frame_ms(&f, 100, 30, RASTER_BRAILLE, 0);
	printf("cells changed per AUTO frame at 100x30 (what curses must rewrite), first 90\n"
	       "frames from the lesson's start: default pace %.1f, 10000 steps/frame %.1f\n",
	       cells_changed(&f, 1), cells_changed(&f, 10000));

	fit_reset(&f);
	printf("landscape view (quad, lesson, pair a,b) at 100x30: still %.3f ms, descent "
	       "running (whole grid each frame) %.3f ms\n",
	       landscape_ms(&f, 100, 30, 0, 0, NULL, 0, 1),
	       landscape_ms(&f, 100, 30, 1, 0, NULL, 0, 1));
	printf("  at 200x60: descent running %.3f ms\n",
	       landscape_ms(&f, 200, 60, 1, 0, NULL, 0, 1));
	fit_reset(&f);
	printf("slope view (quad, lesson, along a): 200x60 still %.3f ms, descent running "
	       "(the curve again each frame) %.3f ms; 100x30 running %.3f ms\n",
	       slope_ms(&f, 200, 60, 0, 0), slope_ms(&f, 200, 60, 1, 0),
	       slope_ms(&f, 100, 30, 1, 0));
	fit_reset(&f);
	{
		struct data_gen_cfg g;
		struct data big;
		struct fit rf;
		const struct model_type *t;
		struct model_cfg mc = {0};
		data_gen_cfg_lesson(&g);
		g.n = 10000;
		g.torch_grid = 0;
		g.skip = 0;
		g.target = DATA_TARGET_SINE;
		g.mult = 0;
		g.add = 0.1;
		if (data_gen(&g, &big, err) == FP_OK) {
			model_parse("relus:16", &t, &mc, err);
			mc.xlo = big.xlo;
			mc.xhi = big.xhi;
			mc.seed = 42;
			mc.d = 1;
			if (fit_init(&rf, &big, t, &mc, LOSS_MSE, NULL, 0.01, NULL, err) == FP_OK) {
				printf("slope view, relus:16, 10,000 points, 200x60, descent "
				       "running: whole curve each frame %.2f ms, live (10 ms "
				       "budget) %.2f ms\n",
				       slope_ms(&rf, 200, 60, 1, 0),
				       slope_ms(&rf, 200, 60, 1, 0.3 / 30));
				fit_reset(&rf);
				static const size_t pairs[2][2] = {{0, 1}, {2, 48}};
				for (int k = 0; k < 2; k++) {
					size_t lp = pairs[k][0], lq = pairs[k][1];
					double fr = 0;
					double full =
					    landscape_ms(&rf, 100, 30, 1, 0, NULL, lp, lq);
					double live =
					    landscape_ms(&rf, 100, 30, 1, 0.3 / 30, &fr, lp, lq);
					printf("landscape view, relus:16, 10,000 points, 100x30, "
					       "pair %zu,%zu, descent running:\n",
					       lp, lq);
					printf(
					    "  whole grid each frame %.2f ms; live (10 ms "
					    "budget) %.2f ms a frame, a grid every %.1f frames\n",
					    full, live, fr);
				}
				fit_done(&rf);
			}
			data_free(&big);
		}
	}

	table_frames(err);

	/* Descent steps per second on the lesson (lr 0.01 converges: no divergence). */
	fit_reset(&f);
	size_t steps = 0;
	double t0 = cpu_now(), t;
	do {
		steps += fit_step(&f, 10000);
		t = cpu_now() - t0;
	} while (t < 0.5);
	double per_step_us = t * 1e6 / (double)steps;
	double budget_ms = 1000.0 / 30 - fms;
	printf("descent on the lesson (quad, 20 points): %.3f us a step\n", per_step_us);
	printf("  10000 steps (the fastest pace, one frame): %.2f ms CPU\n", per_step_us * 10);
	printf("  steps that fit between two frames at 30 fps (33.3 ms - %.3f ms frame): %.0f\n",
	       fms, budget_ms * 1000 / per_step_us);
	fit_done(&f);
	data_free(&d);
	return 0;
}
