/* SPDX-License-Identifier: GPL-3.0-or-later */
/* raster.c: the cell screen and the plot rasterizer (axes, nice ticks, Braille /
 * quadrant / ASCII curves, data points, sparklines). No curses: tests and the
 * headless --dump mode read the same cells the terminal shows. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "raster.h"
#include "util.h"

const char *raster_glyphs_name(enum raster_glyphs g)
{
	static const char *const names[] = {"braille", "quadrant", "ascii"};
	return (unsigned)g < RASTER_GLYPHS_COUNT ? names[g] : "ascii";
}

int screen_resize(struct screen *s, int w, int h)
{
	if (w < 0)
		w = 0;
	if (h < 0)
		h = 0;
	size_t n = (size_t)w * (size_t)h;
	if (n > s->cap) {
		struct cell *c = fp_realloc(s->c, n * sizeof *c);
		if (!c)
			return FP_EFAIL;
		s->c = c;
		s->cap = n;
	}
	s->w = w;
	s->h = h;
	screen_erase(s);
	return FP_OK;
}

void screen_free(struct screen *s)
{
	fp_free(s->c);
	memset(s, 0, sizeof *s);
}

void screen_erase(struct screen *s)
{
	size_t n = (size_t)s->w * (size_t)s->h;
	for (size_t i = 0; i < n; i++) {
		s->c[i].ch = ' ';
		s->c[i].attr = 0;
	}
}

struct cell *screen_at(struct screen *s, int x, int y)
{
	if (x < 0 || y < 0 || x >= s->w || y >= s->h)
		return NULL;
	return &s->c[(size_t)y * (size_t)s->w + (size_t)x];
}

void screen_put(struct screen *s, int x, int y, uint32_t ch, uint16_t attr)
{
	struct cell *c = screen_at(s, x, y);
	if (c) {
		c->ch = ch;
		c->attr = attr;
	}
}

uint32_t raster_utf8_decode(const char *s, int *n)
{
	const unsigned char *u = (const unsigned char *)s;
	uint32_t cp;
	int len;
	if (u[0] < 0x80) {
		*n = 1;
		return u[0];
	} else if ((u[0] & 0xe0) == 0xc0) {
		cp = u[0] & 0x1f;
		len = 2;
	} else if ((u[0] & 0xf0) == 0xe0) {
		cp = u[0] & 0x0f;
		len = 3;
	} else if ((u[0] & 0xf8) == 0xf0) {
		cp = u[0] & 0x07;
		len = 4;
	} else {
		*n = 1;
		return '?';
	}
	for (int i = 1; i < len; i++) {
		if ((u[i] & 0xc0) != 0x80) {
			*n = 1;
			return '?';
		}
		cp = cp << 6 | (u[i] & 0x3f);
	}
	*n = len;
	/* overlong forms too: C0 AF is not a '/' */
	if (cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff) ||
	    cp < (len == 2   ? 0x80u
		  : len == 3 ? 0x800u
			     : 0x10000u))
		return '?';
	return cp;
}

int raster_utf8(uint32_t cp, char *out)
{
	int n;
	if (cp < 0x80) {
		out[0] = (char)cp;
		n = 1;
	} else if (cp < 0x800) {
		out[0] = (char)(0xc0 | cp >> 6);
		out[1] = (char)(0x80 | (cp & 0x3f));
		n = 2;
	} else if (cp < 0x10000) {
		out[0] = (char)(0xe0 | cp >> 12);
		out[1] = (char)(0x80 | (cp >> 6 & 0x3f));
		out[2] = (char)(0x80 | (cp & 0x3f));
		n = 3;
	} else {
		out[0] = (char)(0xf0 | cp >> 18);
		out[1] = (char)(0x80 | (cp >> 12 & 0x3f));
		out[2] = (char)(0x80 | (cp >> 6 & 0x3f));
		out[3] = (char)(0x80 | (cp & 0x3f));
		n = 4;
	}
	out[n] = 0;
	return n;
}

int screen_puts(struct screen *s, int x, int y, int maxw, const char *utf8, uint16_t attr)
{
	int col = 0;
	if (maxw < 0)
		maxw = s->w - x;
	while (*utf8 && col < maxw) {
		int n;
		uint32_t cp = raster_utf8_decode(utf8, &n);
		utf8 += n;
		if (cp < 0x20 || cp == 0x7f || (cp >= 0x80 && cp < 0xa0))
			cp = '?';
		screen_put(s, x + col, y, cp, attr);
		col++;
	}
	return col;
}

void screen_fill(struct screen *s, int x, int y, int w, int h, uint32_t ch, uint16_t attr)
{
	for (int j = 0; j < h; j++)
		for (int i = 0; i < w; i++)
			screen_put(s, x + i, y + j, ch, attr);
}

void screen_attr(struct screen *s, int x, int y, int w, int h, uint16_t attr)
{
	for (int j = 0; j < h; j++)
		for (int i = 0; i < w; i++) {
			struct cell *c = screen_at(s, x + i, y + j);
			if (c)
				c->attr = attr;
		}
}

void screen_box(struct screen *s, int x, int y, int w, int h, const char *title, int utf8,
		uint16_t attr)
{
	if (w < 2 || h < 2)
		return;
	uint32_t hz = utf8 ? 0x2500 : '-', vt = utf8 ? 0x2502 : '|';
	screen_fill(s, x + 1, y, w - 2, 1, hz, attr);
	screen_fill(s, x + 1, y + h - 1, w - 2, 1, hz, attr);
	screen_fill(s, x, y + 1, 1, h - 2, vt, attr);
	screen_fill(s, x + w - 1, y + 1, 1, h - 2, vt, attr);
	screen_put(s, x, y, utf8 ? 0x250c : '+', attr);
	screen_put(s, x + w - 1, y, utf8 ? 0x2510 : '+', attr);
	screen_put(s, x, y + h - 1, utf8 ? 0x2514 : '+', attr);
	screen_put(s, x + w - 1, y + h - 1, utf8 ? 0x2518 : '+', attr);
	if (title && *title && w > 4) {
		int n = screen_puts(s, x + 2, y, w - 4, " ", attr);
		n += screen_puts(s, x + 2 + n, y, w - 4 - n, title, attr | RA_BOLD);
		screen_puts(s, x + 2 + n, y, w - 4 - n, " ", attr);
	}
}

size_t screen_row_text(const struct screen *s, int y, char *buf, size_t len)
{
	size_t used = 0, keep = 0;
	if (!len)
		return 0;
	buf[0] = 0;
	if (y < 0 || y >= s->h)
		return 0;
	for (int x = 0; x < s->w; x++) {
		char u[8];
		uint32_t cp = s->c[(size_t)y * (size_t)s->w + (size_t)x].ch;
		int n = raster_utf8(cp ? cp : ' ', u);
		if (used + (size_t)n >= len)
			break;
		memcpy(buf + used, u, (size_t)n);
		used += (size_t)n;
		if (cp != ' ' && cp != 0)
			keep = used;
	}
	buf[keep] = 0;
	return keep;
}

int screen_dump(const struct screen *s, FILE *fp)
{
	size_t len = (size_t)s->w * 4 + 8;
	char *buf = fp_malloc(len);
	if (!buf)
		return -1;
	for (int y = 0; y < s->h; y++) {
		screen_row_text(s, y, buf, len);
		if (fputs(buf, fp) == EOF || fputc('\n', fp) == EOF) {
			fp_free(buf);
			return -1;
		}
	}
	fp_free(buf);
	return 0;
}

int screen_equal(const struct screen *a, const struct screen *b)
{
	if (a->w != b->w || a->h != b->h)
		return 0;
	size_t n = (size_t)a->w * (size_t)a->h;
	for (size_t i = 0; i < n; i++)
		if (a->c[i].ch != b->c[i].ch || a->c[i].attr != b->c[i].attr)
			return 0;
	return 1;
}

void raster_fix_range(double *lo, double *hi)
{
	if (!isfinite(*lo) || !isfinite(*hi)) {
		*lo = -1;
		*hi = 1;
		return;
	}
	if (*lo > *hi) {
		double t = *lo;
		*lo = *hi;
		*hi = t;
	}
	if (*hi - *lo <= 1e-12 * fmax(fabs(*lo), fabs(*hi)) || !isfinite(*hi - *lo)) {
		double d = fabs(*lo) > 1 ? fabs(*lo) / 10 : 1;
		if (!isfinite(*hi - *lo)) {
			*lo = -1e300;
			*hi = 1e300;
			return;
		}
		*lo -= d;
		*hi += d;
	}
}

int raster_ticks(double lo, double hi, int maxn, double *ticks, int *decimals)
{
	*decimals = 0;
	if (!isfinite(lo) || !isfinite(hi) || !(hi > lo) || !isfinite(hi - lo) || maxn < 2)
		return 0;
	double rough = (hi - lo) / (maxn - 1);
	double mag = pow(10, floor(log10(rough)));
	static const double m[4] = {1, 2, 5, 10};
	double step = 10 * mag;
	for (int i = 0; i < 4; i++)
		if (m[i] * mag >= rough * (1 - 1e-9)) {
			step = m[i] * mag;
			break;
		}
	double first = ceil(lo / step - 1e-9);
	int k = 0;
	for (double i = first; k < maxn; i += 1) {
		double t = i * step;
		if (t > hi + step * 1e-9)
			break;
		ticks[k++] = fabs(t) < step * 1e-9 ? 0 : t;
	}
	int d = (int)-floor(log10(step) + 1e-9);
	*decimals = d > 0 ? (d > 12 ? 12 : d) : 0;
	return k;
}

void raster_tick_label(double v, int decimals, char *buf, size_t len)
{
	char tmp[64];
	if (!isfinite(v)) {
		snprintf(buf, len, "overflow");
		return;
	}
	if (fabs(v) >= 1e7 || (fabs(v) < 1e-6 && v != 0 && decimals > 6)) {
		fp_fmt(buf, len, v, 3);
		return;
	}
	snprintf(tmp, sizeof tmp, "%.*f", decimals, v);
	/* The C locale's point: snprintf follows LC_NUMERIC, which the program keeps "C";
	 * be safe anyway. */
	for (char *p = tmp; *p; p++)
		if (*p == ',')
			*p = '.';
	const char *out = tmp;
	if (tmp[0] == '-') {
		int zero = 1;
		for (const char *p = tmp + 1; *p; p++)
			if (*p != '0' && *p != '.')
				zero = 0;
		if (zero)
			out = tmp + 1;
	}
	snprintf(buf, len, "%s", out);
}

void raster_init(struct raster *r)
{
	memset(r, 0, sizeof *r);
}

void raster_done(struct raster *r)
{
	fp_free(r->mask);
	fp_free(r->role);
	memset(r, 0, sizeof *r);
}

/* Dot row (may be outside 0..H-1) of data y, as a clamped double. */
static double dot_row(const struct raster *r, double y)
{
	double H = (double)r->ch * r->sy;
	double f = (r->yhi - y) / (r->yhi - r->ylo) * H;
	if (f < -2)
		f = -2;
	if (f > H + 1)
		f = H + 1;
	return f;
}

static double dot_col(const struct raster *r, double x)
{
	double W = (double)r->cw * r->sx;
	double f = (x - r->xlo) / (r->xhi - r->xlo) * W;
	if (f < -2)
		f = -2;
	if (f > W + 1)
		f = W + 1;
	return f;
}

/* Cell row of data y on the canvas, clamped; the top edge value maps to row 0 and
 * the bottom one to the last row. */
static int cell_row(const struct raster *r, double y)
{
	int py = (int)floor(dot_row(r, y));
	if (py >= r->ch * r->sy)
		py = r->ch * r->sy - 1;
	if (py < 0)
		py = 0;
	return py / r->sy;
}

static int cell_col(const struct raster *r, double x)
{
	int px = (int)floor(dot_col(r, x));
	if (px >= r->cw * r->sx)
		px = r->cw * r->sx - 1;
	if (px < 0)
		px = 0;
	return px / r->sx;
}

int raster_col(const struct raster *r, double x)
{
	if (!isfinite(x) || r->cw <= 0 || x < r->xlo || x > r->xhi)
		return -1;
	return cell_col(r, x);
}

/* Ticks for an axis: nice ticks, or on a log axis whole decades when the range
 * spans two or more (labels then read 10^t). */
static int axis_ticks(double lo, double hi, int maxn, int logs, double *t, int *dec)
{
	if (logs && hi - lo >= 2 && isfinite(hi - lo)) {
		int step = 1, k = 0;
		while ((hi - lo) / step + 1 > maxn && step < 1000)
			step *= 2;
		*dec = 0;
		for (double e = ceil(lo / step) * step; e <= hi + 1e-9 && k < maxn; e += step)
			t[k++] = e;
		return k;
	}
	return raster_ticks(lo, hi, maxn, t, dec);
}

static void axis_label(double v, int decimals, int logs, char *buf, size_t len)
{
	if (logs)
		fp_fmt(buf, len, pow(10, v), 3);
	else
		raster_tick_label(v, decimals, buf, len);
}

/* The axes of r's canvas: the y axis with the ticks yt[0..ny-1] (yd decimals; yl: log
 * scale) labelled at its left, the x axis below with as many ticks as their labels
 * leave room for (xl: log scale). */
static void raster_axes(struct raster *r, const double *yt, int ny, int yd, int yl, int xl)
{
	struct screen *s = r->s;
	int utf8 = r->utf8;
	char lab[64];
	uint16_t ax = RA_ROLE(RR_AXIS);
	int axc = r->cx - 1, axr = r->cy + r->ch;
	screen_fill(s, axc, r->cy, 1, r->ch, utf8 ? 0x2502 : '|', ax);
	screen_fill(s, r->cx, axr, r->cw, 1, utf8 ? 0x2500 : '-', ax);
	screen_put(s, axc, axr, utf8 ? 0x2514 : '+', ax);
	for (int i = 0; i < ny; i++) {
		int row = r->cy + cell_row(r, yt[i]);
		axis_label(yt[i], yd, yl, lab, sizeof lab);
		int len = (int)strlen(lab);
		screen_puts(s, axc - len, row, len, lab, ax);
		screen_put(s, axc, row, utf8 ? 0x2524 : '+', ax);
	}
	/* x ticks: room for the widest label plus a gap between labels. */
	char l0[64], l1[64];
	double xt[32];
	axis_label(r->xlo, 2, xl, l0, sizeof l0);
	axis_label(r->xhi, 2, xl, l1, sizeof l1);
	int xw = (int)(strlen(l0) > strlen(l1) ? strlen(l0) : strlen(l1)) + 3;
	int maxn = r->cw / xw + 1;
	int xd = 0;
	int nx = axis_ticks(r->xlo, r->xhi, maxn < 2 ? 2 : (maxn > 31 ? 31 : maxn), xl, xt, &xd);
	int last_end = r->x - 1;
	for (int i = 0; i < nx; i++) {
		int col = r->cx + cell_col(r, xt[i]);
		screen_put(s, col, axr, utf8 ? 0x252c : '+', ax);
		axis_label(xt[i], xd, xl, lab, sizeof lab);
		int len = (int)strlen(lab);
		int start = col - len / 2;
		if (start + len > r->x + r->w)
			start = r->x + r->w - len;
		if (start <= last_end)
			continue;
		screen_puts(s, start, axr + 1, len, lab, ax);
		last_end = start + len;
	}
}

int raster_begin(struct raster *r, struct screen *s, int x, int y, int w, int h, double xlo,
		 double xhi, double ylo, double yhi, enum raster_glyphs glyphs, int utf8)
{
	return raster_begin_flags(r, s, x, y, w, h, xlo, xhi, ylo, yhi, glyphs, utf8, 0);
}

int raster_begin_flags(struct raster *r, struct screen *s, int x, int y, int w, int h, double xlo,
		       double xhi, double ylo, double yhi, enum raster_glyphs glyphs, int utf8,
		       unsigned flags)
{
	int xl = (flags & RASTER_XLOG) != 0, yl = (flags & RASTER_YLOG) != 0;
	raster_fix_range(&xlo, &xhi);
	raster_fix_range(&ylo, &yhi);
	r->s = s;
	r->glyphs = (unsigned)glyphs < RASTER_GLYPHS_COUNT ? glyphs : RASTER_ASCII;
	if (!utf8)
		r->glyphs = RASTER_ASCII;
	r->utf8 = utf8;
	r->x = x;
	r->y = y;
	r->w = w > 0 ? w : 0;
	r->h = h > 0 ? h : 0;
	r->xlo = xlo;
	r->xhi = xhi;
	r->ylo = ylo;
	r->yhi = yhi;
	r->sx = r->glyphs == RASTER_ASCII ? 1 : 2;
	r->sy = r->glyphs == RASTER_BRAILLE ? 4 : (r->glyphs == RASTER_QUADRANT ? 2 : 3);

	/* y labels: ticks for the canvas height (about one every 3 rows). */
	double yt[32];
	int yd = 0, ny = 0, lw = 0;
	char lab[64];
	int axes = r->w >= 12 && r->h >= 5;
	if (axes) {
		int ch = r->h - 2;
		ny = axis_ticks(ylo, yhi, ch / 3 + 1 < 2 ? 2 : (ch / 3 + 1 > 12 ? 12 : ch / 3 + 1),
				yl, yt, &yd);
		for (int i = 0; i < ny; i++) {
			axis_label(yt[i], yd, yl, lab, sizeof lab);
			int n = (int)strlen(lab);
			if (n > lw)
				lw = n;
		}
		if (lw + 1 + 4 > r->w)
			axes = 0;
	}
	if (axes) {
		r->cx = x + lw + 1;
		r->cy = y;
		r->cw = r->w - lw - 1;
		r->ch = r->h - 2;
	} else {
		r->cx = x;
		r->cy = y;
		r->cw = r->w;
		r->ch = r->h;
	}
	size_t n = (size_t)r->cw * (size_t)r->ch;
	if (n > r->cap) {
		uint8_t *m = fp_realloc(r->mask, n);
		if (!m)
			return FP_EFAIL;
		r->mask = m;
		uint8_t *ro = fp_realloc(r->role, n);
		if (!ro)
			return FP_EFAIL;
		r->role = ro;
		r->cap = n;
	}
	if (n) {
		memset(r->mask, 0, n);
		memset(r->role, 0, n);
	}
	screen_fill(s, r->x, r->y, r->w, r->h, ' ', 0);
	if (!axes || !n)
		return FP_OK;

	raster_axes(r, yt, ny, yd, yl, xl);
	return FP_OK;
}

void raster_hline(struct raster *r, double v)
{
	if (!isfinite(v) || v < r->ylo || v > r->yhi || r->cw <= 0 || r->ch <= 0)
		return;
	int row = r->cy + cell_row(r, v);
	uint16_t ax = RA_ROLE(RR_AXIS) | RA_DIM;
	screen_fill(r->s, r->cx, row, r->cw, 1, r->utf8 ? 0x2500 : '-', ax);
	if (r->cx > r->x && r->ch < r->h)
		screen_put(r->s, r->cx - 1, row, r->utf8 ? 0x253c : '+', RA_ROLE(RR_AXIS));
}

static int role_prio(int role)
{
	return role == RR_CURVE ? 100 : role;
}

static void set_dot(struct raster *r, int px, int py, enum raster_role role)
{
	int W = r->cw * r->sx, H = r->ch * r->sy;
	if (px < 0 || py < 0 || px >= W || py >= H)
		return;
	size_t c = (size_t)(py / r->sy) * (size_t)r->cw + (size_t)(px / r->sx);
	int bit = (py % r->sy) * r->sx + px % r->sx;
	if (r->mask[c] && r->role[c] != role) {
		if (role_prio(role) < role_prio(r->role[c]))
			return;
		r->mask[c] = 0;
	}
	r->role[c] = (uint8_t)role;
	r->mask[c] |= (uint8_t)(1u << bit);
}

void raster_curve(struct raster *r, double (*fn)(void *ctx, double x), void *ctx,
		  enum raster_role role)
{
	int W = r->cw * r->sx;
	if (W <= 0 || r->ch <= 0)
		return;
	int have = 0, prev = 0;
	for (int i = 0; i < W; i++) {
		double x = r->xlo + (i + 0.5) / W * (r->xhi - r->xlo);
		double y = fn(ctx, x);
		if (!isfinite(y)) {
			have = 0;
			continue;
		}
		int py = (int)floor(dot_row(r, y));
		if (!have) {
			set_dot(r, i, py, role);
		} else {
			/* Join: half the run in the previous column, half in this one. */
			int lo = prev < py ? prev : py, hi = prev < py ? py : prev;
			int mid = (lo + hi) / 2;
			for (int k = lo; k <= hi; k++) {
				int col =
				    (prev < py) ? (k <= mid ? i - 1 : i) : (k <= mid ? i : i - 1);
				if (k == prev)
					col = i - 1;
				if (k == py)
					col = i;
				set_dot(r, col, k, role);
			}
		}
		prev = py;
		have = 1;
	}
}

static uint32_t glyph_of(enum raster_glyphs g, unsigned m)
{
	static const uint8_t braille_bit[8] = {0x01, 0x08, 0x02, 0x10, 0x04, 0x20, 0x40, 0x80};
	static const uint32_t quad[16] = {' ',	  0x2598, 0x259d, 0x2580, 0x2596, 0x258c,
					  0x259e, 0x259b, 0x2597, 0x259a, 0x2590, 0x259c,
					  0x2584, 0x2599, 0x259f, 0x2588};
	if (g == RASTER_BRAILLE) {
		unsigned b = 0;
		for (int i = 0; i < 8; i++)
			if (m & (1u << i))
				b |= braille_bit[i];
		return 0x2800 + b;
	}
	if (g == RASTER_QUADRANT)
		return quad[m & 15];
	switch (m & 7) {
	case 1:
		return '\'';
	case 2:
		return '-';
	case 4:
		return '.';
	default:
		return '|';
	}
}

/* Clip the segment to [xlo, xhi] x [ylo, yhi] (Liang-Barsky). Returns 0 when
 * nothing is left. */
static int clip(const struct raster *r, double *x0, double *y0, double *x1, double *y1)
{
	double t0 = 0, t1 = 1, dx = *x1 - *x0, dy = *y1 - *y0;
	double p[4] = {-dx, dx, -dy, dy};
	double q[4] = {*x0 - r->xlo, r->xhi - *x0, *y0 - r->ylo, r->yhi - *y0};
	for (int i = 0; i < 4; i++) {
		if (p[i] == 0) {
			if (q[i] < 0)
				return 0;
			continue;
		}
		double t = q[i] / p[i];
		if (p[i] < 0) {
			if (t > t1)
				return 0;
			if (t > t0)
				t0 = t;
		} else {
			if (t < t0)
				return 0;
			if (t < t1)
				t1 = t;
		}
	}
	double ax = *x0 + t0 * dx, ay = *y0 + t0 * dy;
	*x1 = *x0 + t1 * dx;
	*y1 = *y0 + t1 * dy;
	*x0 = ax;
	*y0 = ay;
	return 1;
}

void raster_line(struct raster *r, double x0, double y0, double x1, double y1,
		 enum raster_role role)
{
	int W = r->cw * r->sx, H = r->ch * r->sy;
	if (W <= 0 || H <= 0 || !isfinite(x0) || !isfinite(y0) || !isfinite(x1) || !isfinite(y1) ||
	    !clip(r, &x0, &y0, &x1, &y1))
		return;
	int ax = (int)floor(dot_col(r, x0)), ay = (int)floor(dot_row(r, y0));
	int bx = (int)floor(dot_col(r, x1)), by = (int)floor(dot_row(r, y1));
	ax = ax >= W ? W - 1 : ax;
	bx = bx >= W ? W - 1 : bx;
	ay = ay >= H ? H - 1 : ay;
	by = by >= H ? H - 1 : by;
	int dx = abs(bx - ax), dy = -abs(by - ay), sx = ax < bx ? 1 : -1, sy = ay < by ? 1 : -1;
	int e = dx + dy;
	for (int guard = 0; guard <= W + H + 2; guard++) {
		set_dot(r, ax, ay, role);
		if (ax == bx && ay == by)
			break;
		int e2 = 2 * e;
		if (e2 >= dy) {
			e += dy;
			ax += sx;
		}
		if (e2 <= dx) {
			e += dx;
			ay += sy;
		}
	}
}

int raster_cell(const struct raster *r, double x, double y, int *col, int *row)
{
	if (!isfinite(x) || !isfinite(y) || r->cw <= 0 || r->ch <= 0 || x < r->xlo || x > r->xhi ||
	    y < r->ylo || y > r->yhi)
		return 0;
	*col = cell_col(r, x);
	*row = cell_row(r, y);
	return 1;
}

void raster_flush(struct raster *r)
{
	for (int j = 0; j < r->ch; j++)
		for (int i = 0; i < r->cw; i++) {
			size_t c = (size_t)j * (size_t)r->cw + (size_t)i;
			if (!r->mask[c])
				continue;
			uint16_t attr = RA_ROLE(r->role[c]);
			if (r->role[c] == RR_CURVE)
				attr |= RA_BOLD;
			if (r->role[c] == RR_UNIT || r->role[c] == RR_GHOST)
				attr |= RA_DIM;
			screen_put(r->s, r->cx + i, r->cy + j, glyph_of(r->glyphs, r->mask[c]),
				   attr);
		}
}

void raster_point(struct raster *r, double x, double y, uint32_t ch, uint16_t attr)
{
	if (!isfinite(x) || !isfinite(y) || r->cw <= 0 || r->ch <= 0)
		return;
	if (x < r->xlo || x > r->xhi || y < r->ylo || y > r->yhi)
		return;
	screen_put(r->s, r->cx + cell_col(r, x), r->cy + cell_row(r, y), ch, attr);
}

void raster_xmark(struct raster *r, double x, uint32_t ch, uint16_t attr)
{
	int col = raster_col(r, x);
	if (col < 0 || r->ch >= r->h)
		return;
	screen_put(r->s, r->cx + col, r->cy + r->ch, ch, attr);
}

void raster_spark(struct screen *s, int x, int y, int w, const double *v, size_t n, int utf8,
		  uint16_t attr)
{
	static const char ascii[] = " .:-=+*#";
	if (w <= 0 || n == 0)
		return;
	size_t cells = n < (size_t)w ? n : (size_t)w;
	double lo = INFINITY, hi = -INFINITY;
	int allpos = 1;
	for (size_t i = 0; i < n; i++) {
		if (!isfinite(v[i]))
			continue;
		if (v[i] < lo)
			lo = v[i];
		if (v[i] > hi)
			hi = v[i];
		if (!(v[i] > 0))
			allpos = 0;
	}
	int logs = allpos && lo > 0 && hi / lo > 100;
	if (logs) {
		lo = log10(lo);
		hi = log10(hi);
	}
	for (size_t c = 0; c < cells; c++) {
		/* the last value of each bucket, so the newest value is always shown */
		size_t i =
		    cells == n ? c : (size_t)(((double)(c + 1) * (double)n) / (double)cells) - 1;
		double t = v[i];
		uint32_t ch;
		if (!isfinite(t)) {
			ch = '!';
		} else {
			if (logs)
				t = log10(t);
			int lev = hi > lo ? (int)floor((t - lo) / (hi - lo) * 7.999) : 0;
			if (lev < 0)
				lev = 0;
			if (lev > 7)
				lev = 7;
			ch = utf8 ? 0x2581 + (uint32_t)lev : (uint32_t)ascii[lev == 0 ? 1 : lev];
		}
		screen_put(s, x + (int)c, y, ch, attr);
	}
}
