/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-raster.c: the cell screen and the plot rasterizer: golden text for each glyph
 * set (tests/golden/raster-*.txt; FITPLAY_REGEN=1 rewrites them, on purpose only),
 * nice ticks with steady decimals, and the edge cases: NaN, empty and infinite
 * ranges, 1x1 and 0x0 canvases, invalid UTF-8. Run from the repository root. */
#include "testutil.h"

#include "raster.h"
#include "util.h"

/* The whole screen as text, caller frees. */
static char *screen_text(const struct screen *s)
{
	size_t len = (size_t)(s->w * 4 + 2) * (size_t)(s->h + 1) + 1, o = 0;
	char *out = malloc(len);
	assert_non_null(out);
	char *row = malloc((size_t)s->w * 4 + 8);
	assert_non_null(row);
	for (int y = 0; y < s->h; y++) {
		size_t n = screen_row_text(s, y, row, (size_t)s->w * 4 + 8);
		memcpy(out + o, row, n);
		o += n;
		out[o++] = '\n';
	}
	out[o] = 0;
	free(row);
	return out;
}

static void golden(const char *name, const char *text)
{
	char path[256];
	snprintf(path, sizeof path, "tests/golden/%s", name);
	const char *regen = getenv("FITPLAY_REGEN");
	if (regen && *regen == '1') {
		FILE *fp = fopen(path, "w");
		assert_non_null(fp);
		fputs(text, fp);
		fclose(fp);
		return;
	}
	char *want = tu_read(path);
	if (strcmp(want, text) != 0) {
		fprintf(stderr, "--- %s (expected)\n%s--- got\n%s", path, want, text);
		free(want);
		fail_msg("%s differs (FITPLAY_REGEN=1 rewrites it, on purpose only)", path);
	}
	free(want);
}

static double parab(void *ctx, double x)
{
	return x * x;
}

static double line(void *ctx, double x)
{
	return -0.5 * x;
}

static double nan_fn(void *ctx, double x)
{
	return NAN;
}

/* NaN on the middle third of the range */
static double holey(void *ctx, double x)
{
	return fabs(x) < 0.3 ? NAN : x * x;
}

static void draw_demo(struct screen *s, struct raster *r, enum raster_glyphs g, int utf8)
{
	assert_int_equal(screen_resize(s, 36, 12), FP_OK);
	assert_int_equal(raster_begin(r, s, 0, 0, 36, 12, -1, 1, -0.6, 1.1, g, utf8), FP_OK);
	raster_hline(r, 0);
	raster_curve(r, line, NULL, RR_UNIT);
	raster_curve(r, parab, NULL, RR_CURVE);
	raster_flush(r);
	raster_xmark(r, 0.5, utf8 ? 0x25b2 : '^', 0);
	static const double px[] = {-0.9, -0.4, 0, 0.4, 0.9};
	for (int i = 0; i < 5; i++)
		raster_point(r, px[i], px[i] * px[i] + 0.1, 'o', RA_BOLD);
}

static void test_golden(void **state)
{
	static const char *const names[] = {"raster-braille.txt", "raster-quadrant.txt",
					    "raster-ascii.txt"};
	for (int g = 0; g < RASTER_GLYPHS_COUNT; g++) {
		struct screen s = {0};
		struct raster r;
		raster_init(&r);
		draw_demo(&s, &r, (enum raster_glyphs)g, g != RASTER_ASCII);
		char *t = screen_text(&s);
		golden(names[g], t);
		if (g == RASTER_ASCII)
			for (const char *p = t; *p; p++)
				assert_true((unsigned char)*p < 0x80);
		free(t);
		raster_done(&r);
		screen_free(&s);
	}
}

/* Data points are drawn last: they win over the curve. */
static void test_points_last(void **state)
{
	struct screen s = {0};
	struct raster r;
	raster_init(&r);
	assert_int_equal(screen_resize(&s, 30, 10), FP_OK);
	assert_int_equal(raster_begin(&r, &s, 0, 0, 30, 10, -1, 1, 0, 1, RASTER_BRAILLE, 1), FP_OK);
	raster_curve(&r, parab, NULL, RR_CURVE);
	raster_flush(&r);
	raster_point(&r, 0, 0, 'o', 0);
	int found = 0;
	for (int i = 0; i < s.w * s.h; i++)
		found += s.c[i].ch == 'o';
	assert_int_equal(found, 1);
	raster_done(&r);
	screen_free(&s);
}

static void test_ticks(void **state)
{
	double t[32];
	int d;
	int n = raster_ticks(-2.1, 2.1, 10, t, &d);
	assert_int_equal(n, 9);
	assert_int_equal(d, 1);
	assert_rel(t[0], -2, 1e-12);
	assert_rel(t[8], 2, 1e-12);
	assert_true(t[4] == 0);
	n = raster_ticks(-2.1, 2.1, 5, t, &d); /* step 2: -2, 0, 2 */
	assert_int_equal(n, 3);
	assert_int_equal(d, 0);
	n = raster_ticks(0.5, 20.3, 8, t, &d);
	assert_true(n >= 2 && n <= 8);
	assert_int_equal(d, 0);
	n = raster_ticks(0.001, 0.0042, 5, t, &d);
	assert_true(n >= 2);
	assert_int_equal(d, 3);
	/* empty, reversed and non-finite ranges: no ticks */
	assert_int_equal(raster_ticks(1, 1, 5, t, &d), 0);
	assert_int_equal(raster_ticks(2, 1, 5, t, &d), 0);
	assert_int_equal(raster_ticks(NAN, 1, 5, t, &d), 0);
	assert_int_equal(raster_ticks(-INFINITY, INFINITY, 5, t, &d), 0);
	assert_int_equal(raster_ticks(-1e308, 1e308, 5, t, &d), 0);
	/* huge ranges still give finite ticks */
	n = raster_ticks(-1e300, 1e300, 5, t, &d);
	for (int i = 0; i < n; i++)
		assert_true(isfinite(t[i]));
}

static void test_labels(void **state)
{
	char b[64];
	raster_tick_label(-0.0, 1, b, sizeof b);
	assert_string_equal(b, "0.0");
	raster_tick_label(-0.04, 1, b, sizeof b);
	assert_string_equal(b, "0.0");
	raster_tick_label(1.5, 1, b, sizeof b);
	assert_string_equal(b, "1.5");
	raster_tick_label(2, 1, b, sizeof b);
	assert_string_equal(b, "2.0");
	raster_tick_label(NAN, 1, b, sizeof b);
	assert_string_equal(b, "overflow");
	raster_tick_label(1e94, 0, b, sizeof b);
	assert_null(strstr(b, "inf"));
}

static void test_fix_range(void **state)
{
	double lo = 3, hi = 3;
	raster_fix_range(&lo, &hi);
	assert_true(lo < 3 && hi > 3);
	lo = NAN;
	hi = 1;
	raster_fix_range(&lo, &hi);
	assert_true(lo == -1 && hi == 1);
	lo = 5;
	hi = -5;
	raster_fix_range(&lo, &hi);
	assert_true(lo == -5 && hi == 5);
	lo = -1e308;
	hi = 1e308;
	raster_fix_range(&lo, &hi);
	assert_true(isfinite(hi - lo) && lo < hi);
}

/* Every cell of the screen is printable text: no control characters. */
static void assert_clean(const struct screen *s)
{
	for (int i = 0; i < s->w * s->h; i++)
		assert_true(s->c[i].ch >= 0x20 && s->c[i].ch != 0x7f);
}

static void test_edges(void **state)
{
	struct screen s = {0};
	struct raster r;
	raster_init(&r);
	assert_int_equal(screen_resize(&s, 20, 8), FP_OK);
	/* a curve that is NaN everywhere: axes only, no dots */
	assert_int_equal(raster_begin(&r, &s, 0, 0, 20, 8, -1, 1, -1, 1, RASTER_BRAILLE, 1), FP_OK);
	raster_curve(&r, nan_fn, NULL, RR_CURVE);
	raster_flush(&r);
	for (int i = 0; i < s.w * s.h; i++)
		assert_false(s.c[i].ch >= 0x2801 && s.c[i].ch <= 0x28ff);
	/* NaN in the middle breaks the curve but draws both sides */
	assert_int_equal(raster_begin(&r, &s, 0, 0, 20, 8, -1, 1, 0, 1, RASTER_ASCII, 0), FP_OK);
	raster_curve(&r, holey, NULL, RR_CURVE);
	raster_flush(&r);
	assert_clean(&s);
	/* empty and non-finite ranges: no crash, no NaN in labels */
	double ranges[][4] = {
	    {0, 0, 0, 0}, {NAN, NAN, NAN, NAN}, {-INFINITY, INFINITY, 1, 1}, {1, 1, -1e308, 1e308}};
	for (size_t k = 0; k < 4; k++) {
		assert_int_equal(raster_begin(&r, &s, 0, 0, 20, 8, ranges[k][0], ranges[k][1],
					      ranges[k][2], ranges[k][3], RASTER_BRAILLE, 1),
				 FP_OK);
		raster_curve(&r, parab, NULL, RR_CURVE);
		raster_flush(&r);
		raster_point(&r, 0, 0, 'o', 0);
		raster_point(&r, NAN, 0, 'o', 0);
		char row[256];
		for (int y = 0; y < s.h; y++) {
			screen_row_text(&s, y, row, sizeof row);
			assert_null(strstr(row, "nan"));
			assert_null(strstr(row, "inf"));
		}
		assert_clean(&s);
	}
	/* 1x1 canvas: the whole rectangle is the canvas; 0x0 draws nothing */
	assert_int_equal(screen_resize(&s, 1, 1), FP_OK);
	for (int g = 0; g < RASTER_GLYPHS_COUNT; g++) {
		assert_int_equal(
		    raster_begin(&r, &s, 0, 0, 1, 1, -1, 1, 0, 1, (enum raster_glyphs)g, 1), FP_OK);
		assert_int_equal(r.cw, 1);
		assert_int_equal(r.ch, 1);
		raster_curve(&r, parab, NULL, RR_CURVE);
		raster_flush(&r);
		raster_point(&r, 0, 0.5, 'o', 0);
		assert_clean(&s);
	}
	assert_int_equal(raster_begin(&r, &s, 0, 0, 0, 0, -1, 1, 0, 1, RASTER_ASCII, 0), FP_OK);
	raster_curve(&r, parab, NULL, RR_CURVE);
	raster_flush(&r);
	raster_xmark(&r, 0, '^', 0);
	/* drawing partly outside the screen is clipped */
	assert_int_equal(screen_resize(&s, 10, 5), FP_OK);
	assert_int_equal(raster_begin(&r, &s, 5, 2, 30, 20, -1, 1, 0, 1, RASTER_BRAILLE, 1), FP_OK);
	raster_curve(&r, parab, NULL, RR_CURVE);
	raster_flush(&r);
	assert_clean(&s);
	raster_done(&r);
	screen_free(&s);
}

static void test_screen_text(void **state)
{
	struct screen s = {0};
	char row[64];
	assert_int_equal(screen_resize(&s, 8, 2), FP_OK);
	assert_int_equal(screen_puts(&s, 0, 0, -1, "ab\x01\xff", 0), 4);
	screen_row_text(&s, 0, row, sizeof row);
	assert_string_equal(row, "ab??");
	assert_int_equal(screen_puts(&s, 6, 1, -1, "é→xyz", 0), 2);
	screen_row_text(&s, 1, row, sizeof row);
	assert_string_equal(row, "      é→");
	/* truncation at whole code points */
	size_t n = screen_row_text(&s, 1, row, 8);
	assert_true(n <= 7);
	screen_box(&s, 0, 0, 1, 1, "x", 1, 0); /* too small: nothing */
	assert_int_equal(screen_resize(&s, 0, 0), FP_OK);
	screen_put(&s, 0, 0, 'x', 0);
	assert_null(screen_at(&s, 0, 0));
	screen_free(&s);
}

static void test_spark(void **state)
{
	struct screen s = {0};
	char row[128];
	assert_int_equal(screen_resize(&s, 10, 1), FP_OK);
	double v[] = {8, 4, 2, 1, NAN, 1};
	raster_spark(&s, 0, 0, 10, v, 6, 0, 0);
	screen_row_text(&s, 0, row, sizeof row);
	assert_string_equal(row, "#-..!.");
	raster_spark(&s, 0, 0, 3, v, 6, 1, 0); /* resampled: the last value kept */
	screen_row_text(&s, 0, row, sizeof row);
	assert_string_equal(row, "▄▁▁.!.");
	double big[] = {1e6, 1e3, 1};
	raster_spark(&s, 0, 0, 10, big, 3, 1, 0); /* log scale */
	screen_row_text(&s, 0, row, sizeof row);
	assert_string_equal(row, "█▄▁.!.");
	screen_free(&s);
}

static void test_utf8(void **state)
{
	char b[8];
	int n;
	static const uint32_t cps[] = {'a', 0xe9, 0x2800, 0x28ff, 0x1f600};
	for (size_t i = 0; i < 5; i++) {
		raster_utf8(cps[i], b);
		assert_int_equal(raster_utf8_decode(b, &n), cps[i]);
		assert_int_equal((size_t)n, strlen(b));
	}
	assert_int_equal(raster_utf8_decode("\xc3(", &n), '?');
	assert_int_equal(n, 1);
	assert_int_equal(raster_utf8_decode("\xed\xa0\x80", &n), '?'); /* a surrogate */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_golden),	cmocka_unit_test(test_points_last),
	    cmocka_unit_test(test_ticks),	cmocka_unit_test(test_labels),
	    cmocka_unit_test(test_fix_range),	cmocka_unit_test(test_edges),
	    cmocka_unit_test(test_screen_text), cmocka_unit_test(test_spark),
	    cmocka_unit_test(test_utf8),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
