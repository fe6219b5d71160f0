/* SPDX-License-Identifier: GPL-3.0-or-later */
/* raster.h: an in-memory screen of cells (one Unicode code point and attributes
 * each) and a plot rasterizer drawing into it: axes with nice tick labels, curves
 * in Braille 2x4, quadrant 2x2 or ASCII dots, whole-cell 'o' data points, and a
 * sparkline. Pure: no curses, no I/O except screen_dump. */
#ifndef FITPLAY_RASTER_H
#define FITPLAY_RASTER_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* Cell attributes: low 4 bits are styles, the next 4 a colour role. */
enum raster_attr {
	RA_BOLD = 1 << 0,
	RA_REVERSE = 1 << 1,
	RA_DIM = 1 << 2,
	RA_UNDERLINE = 1 << 3,
};
/* Colour roles (meaning never rests on them alone: monochrome shows none). */
enum raster_role {
	RR_NONE = 0, /* default colours */
	RR_CURVE,    /* the model's curve */
	RR_DATA,     /* data points */
	RR_AXIS,     /* axes, ticks, labels */
	RR_TITLE,    /* header, box titles */
	RR_GOOD,     /* converged, falling */
	RR_WARN,     /* diverging, crawling */
	RR_BAD,	     /* DIVERGED, errors */
	RR_UNIT,     /* per-unit curves, kink marks */
	RR_GHOST,    /* the ghost run, the true function, the least-squares fit */
	RR_HEAT0,    /* loss landscape, lowest fifth (blue) ... */
	RR_HEAT1,
	RR_HEAT2,
	RR_HEAT3,
	RR_HEAT4, /* ... highest fifth (red) */
	RR_COUNT  /* at most 16: a role takes 4 bits */
};
#define RA_ROLE(r)    ((uint16_t)((r) << 4))
#define RA_ROLE_OF(a) (((a) >> 4) & 15)

struct cell {
	uint32_t ch;   /* Unicode code point, one column wide; ' ' when blank */
	uint16_t attr; /* enum raster_attr | RA_ROLE(role) */
};

struct screen {
	int w, h;	/* size in cells */
	struct cell *c; /* w*h cells, row-major (owned) */
	size_t cap;	/* cells allocated */
};

/* Glyph sets for curves. */
enum raster_glyphs {
	RASTER_BRAILLE = 0, /* 2x4 dots per cell, U+2800.. */
	RASTER_QUADRANT,    /* 2x2 blocks per cell, U+2596.. */
	RASTER_ASCII,	    /* 1x3 per cell: ' - . and combinations */
	RASTER_GLYPHS_COUNT
};
/* "braille", "quadrant", "ascii". */
const char *raster_glyphs_name(enum raster_glyphs g);

/* Resize *s to w x h (w, h >= 0; contents become blank). Returns FP_OK or FP_EFAIL
 * (no memory; *s unchanged). A zeroed struct is a valid empty screen. */
int screen_resize(struct screen *s, int w, int h);
/* Free the cells and zero *s. */
void screen_free(struct screen *s);
/* Every cell blank with no attributes. */
void screen_erase(struct screen *s);
/* The cell at (x, y), or NULL outside the screen. */
struct cell *screen_at(struct screen *s, int x, int y);
/* Set one cell; ignored outside the screen. */
void screen_put(struct screen *s, int x, int y, uint32_t ch, uint16_t attr);
/* Write UTF-8 text from (x, y), at most maxw columns (< 0: to the right edge);
 * every code point takes one column; control bytes and invalid UTF-8 become '?'.
 * Returns the number of columns written. */
int screen_puts(struct screen *s, int x, int y, int maxw, const char *utf8, uint16_t attr);
/* Fill a rectangle with one character. */
void screen_fill(struct screen *s, int x, int y, int w, int h, uint32_t ch, uint16_t attr);
/* Set attributes on a rectangle, keeping the characters. */
void screen_attr(struct screen *s, int x, int y, int w, int h, uint16_t attr);
/* A box (line drawing in UTF-8, +-| in ASCII) with an optional title on its top
 * border. Boxes smaller than 2x2 draw nothing. */
void screen_box(struct screen *s, int x, int y, int w, int h, const char *title, int utf8,
		uint16_t attr);
/* Row y as UTF-8 text without attributes, trailing blanks removed, into buf.
 * Returns the length written (truncated at whole code points to fit len-1). */
size_t screen_row_text(const struct screen *s, int y, char *buf, size_t len);
/* Write every row as text (screen_row_text + '\n') to fp. Returns 0 or -1. */
int screen_dump(const struct screen *s, FILE *fp);
/* 1 if both screens have the same size and cells. */
int screen_equal(const struct screen *a, const struct screen *b);
/* Encode code point cp as UTF-8 into out (>= 5 bytes, NUL-terminated). Returns length. */
int raster_utf8(uint32_t cp, char *out);
/* Decode one code point from s; *n gets the bytes used (>= 1). Invalid: '?' and 1. */
uint32_t raster_utf8_decode(const char *s, int *n);

/* Nice tick marks on [lo, hi]: steps of 1, 2 or 5 times a power of ten, at most
 * `maxn` ticks (>= 2). Fills ticks[0..k-1] (k returned, 0 when the range is empty
 * or not finite) and *decimals: the digits after the point every label needs, the
 * same for all of them (steady decimals). */
int raster_ticks(double lo, double hi, int maxn, double *ticks, int *decimals);
/* Format a tick label with `decimals` digits, C locale, "-0" written as "0". */
void raster_tick_label(double v, int decimals, char *buf, size_t len);
/* Widen a range that is empty, reversed or not finite into a usable one:
 * lo == hi becomes lo-1..hi+1 (or +-|lo|/10); non-finite becomes -1..1. */
void raster_fix_range(double *lo, double *hi);

/* A plot area being drawn. Allocate with raster_init, free with raster_done; one
 * raster can draw many frames (its dot buffer is reused). */
struct raster {
	struct screen *s;	   /* target */
	enum raster_glyphs glyphs; /* dot layout */
	int utf8;		   /* 1: line-drawing axes; 0: ASCII axes */
	int x, y, w, h;		   /* whole plot rectangle on the screen */
	int cx, cy, cw, ch;	   /* the canvas (inside the axes) in cells */
	int sx, sy;		   /* dots per cell across and down */
	double xlo, xhi, ylo, yhi; /* data coordinates of the canvas edges */
	uint8_t *mask;		   /* cw*ch dot masks per role layer */
	uint8_t *role;		   /* cw*ch: the role that owns each cell */
	size_t cap;		   /* cells allocated in mask/role */
};

/* Zero *r. */
void raster_init(struct raster *r);
/* Free the buffers. */
void raster_done(struct raster *r);
/* Start a plot in rectangle (x, y, w, h) of s with the given data ranges (fixed
 * with raster_fix_range): draws the y labels, the axes and the x labels, and
 * clears the canvas. With too little room the axes are left out and the canvas
 * takes the whole rectangle (down to 1x1; 0x0 draws nothing).
 * Returns FP_OK or FP_EFAIL (no memory). */
int raster_begin(struct raster *r, struct screen *s, int x, int y, int w, int h, double xlo,
		 double xhi, double ylo, double yhi, enum raster_glyphs glyphs, int utf8);
/* raster_begin with flags: RASTER_XLOG / RASTER_YLOG say that the x / y data
 * coordinates are base-10 logarithms; tick labels then show 10^t (0.001, 0.01 ...). */
#define RASTER_XLOG 1u
#define RASTER_YLOG 2u
int raster_begin_flags(struct raster *r, struct screen *s, int x, int y, int w, int h, double xlo,
		       double xhi, double ylo, double yhi, enum raster_glyphs glyphs, int utf8,
		       unsigned flags);
/* A horizontal line at y = v across the canvas (the zero line), as axis cells. */
void raster_hline(struct raster *r, double v);
/* Plot y = fn(ctx, x) across the canvas: sampled at every dot column, consecutive
 * samples joined by vertical runs; non-finite values break the curve; parts
 * outside the range are clipped. Dots take `role`; a cell shows the highest
 * role drawn into it (RR_CURVE over RR_UNIT). */
void raster_curve(struct raster *r, double (*fn)(void *ctx, double x), void *ctx,
		  enum raster_role role);
/* A straight line of dots from data (x0, y0) to (x1, y1), clipped to the canvas
 * (nothing when an end is not finite). Dots take `role` as in raster_curve. */
void raster_line(struct raster *r, double x0, double y0, double x1, double y1,
		 enum raster_role role);
/* Write the dots into the screen. Call after the curves, before raster_point. */
void raster_flush(struct raster *r);
/* The canvas cell of data (x, y) into *col, *row. Returns 1 when inside the
 * canvas, 0 outside (nothing written). */
int raster_cell(const struct raster *r, double x, double y, int *col, int *row);
/* A whole-cell glyph (data point 'o') at data coordinates (x, y); ignored when
 * outside the canvas or not finite. */
void raster_point(struct raster *r, double x, double y, uint32_t ch, uint16_t attr);
/* A mark on the x axis row under the canvas at data x (kinks); ignored outside. */
void raster_xmark(struct raster *r, double x, uint32_t ch, uint16_t attr);
/* The canvas column of data x, or -1 when outside. */
int raster_col(const struct raster *r, double x);

/* A sparkline of v[0..n-1] into at most w cells at (x, y): one value per cell,
 * evenly resampled (the last one kept) when n > w; log scale when every value is
 * positive and they span more than a factor of 100; non-finite values show as
 * '!'. Eight levels in UTF-8 (U+2581..U+2588), " .:-=+*#" in ASCII. */
void raster_spark(struct screen *s, int x, int y, int w, const double *v, size_t n, int utf8,
		  uint16_t attr);

#endif
