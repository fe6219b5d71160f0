/* bench-frame.c: what one explorer frame costs: the CPU time of a full frame
 * (header, Braille plot, sliders, status, key bar) drawn into the cell screen at
 * 200x60 and 100x30 (target: under 1 ms), and how many descent steps of the
 * lesson fit between two frames at 30 frames a second. Prints figures; never fails. */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "data.h"
#include "fit.h"
#include "layout.h"
#include "preset.h"
#include "util.h"

static double cpu_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* CPU ms per frame at w x h for the session, in the given glyph set. */
static double frame_ms(struct fit *f, int w, int h, enum raster_glyphs g, int moving)
{
	struct view v;
	struct screen s = {0};
	struct slider sl[64];
	for (size_t i = 0; i < f->np && i < 64; i++)
		layout_slider_default(f->theta0[i], &sl[i]);
	layout_view_init(&v, 1);
	v.glyphs = g;
	v.sl = sl;
	v.nsl = f->np < 64 ? f->np : 64;
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

/* Mean number of cells that differ between consecutive AUTO frames at 100x30 over
 * the first 90 frames from the start, `pace` steps a frame. */
static double cells_changed(struct fit *f, int pace)
{
	struct view v;
	struct screen s = {0}, prev = {0};
	struct slider sl[64];
	for (size_t i = 0; i < f->np && i < 64; i++)
		layout_slider_default(f->theta0[i], &sl[i]);
	layout_view_init(&v, 1);
	v.sl = sl;
	v.nsl = f->np < 64 ? f->np : 64;
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
	fit_reset(&f);
	double fms = frame_ms(&f, 100, 30, RASTER_BRAILLE, 0);
	printf("cells changed per AUTO frame at 100x30 (what curses must rewrite), first 90\n"
	       "frames from the lesson's start: default pace %.1f, 10000 steps/frame %.1f\n",
	       cells_changed(&f, 1), cells_changed(&f, 10000));

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
