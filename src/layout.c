/* SPDX-License-Identifier: GPL-3.0-or-later */
/* layout.c: the explorer's frame in a cell screen, without curses: rectangles for
 * the terminal size, the header, the plot box from the current view (view.h), the
 * panel (layout-panel.c), status words, the console strip, the key bar (from the key
 * table, layout-keys.c), help (layout-help.c) and "too small". */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "layout.h"
#include "table.h"
#include "util.h"
#include "view.h"

void layout_compute(int w, int h, int panel_rows, struct layout *lo)
{
	memset(lo, 0, sizeof *lo);
	lo->w = w;
	lo->h = h;
	if (w < LAYOUT_MIN_W || h < LAYOUT_MIN_H) {
		lo->too_small = 1;
		return;
	}
	int status_h = h >= 20 ? 2 : 1;
	lo->header = (struct rect){0, 0, w, 1};
	lo->keybar = (struct rect){0, h - 1, w, 1};
	lo->status = (struct rect){0, h - 1 - status_h, w, status_h};
	int top = 1, mid = h - 2 - status_h; /* rows between header and status */
	if (w < LAYOUT_NARROW_W) {
		lo->narrow = 1;
		int ph = panel_rows + 2;
		int maxp = mid - (mid * 11 / 20 > 7 ? mid * 11 / 20 : 7); /* the plot keeps most */
		if (ph > maxp)
			ph = maxp;
		if (ph < 3)
			ph = 3;
		lo->plot = (struct rect){0, top, w, mid - ph};
		lo->panel = (struct rect){0, top + mid - ph, w, ph};
	} else {
		int pw = w * 36 / 100;
		if (pw < 34)
			pw = 34;
		if (pw > 50)
			pw = 50;
		lo->plot = (struct rect){0, top, w - pw, mid};
		lo->panel = (struct rect){w - pw, top, pw, mid};
	}
}

void layout_slider_default(double v, struct slider *s)
{
	if (v > 0) {
		s->lo = -v;
		s->hi = 3 * v;
	} else if (v < 0) {
		s->lo = 3 * v;
		s->hi = -v;
	} else {
		s->lo = -1;
		s->hi = 1;
	}
	s->step = 0.1;
	/* Keep at least ~10 steps on tiny ranges, and at most ~1000 on huge ones. */
	while (s->step > 1e-9 && (s->hi - s->lo) / s->step < 10)
		s->step /= 10;
	while ((s->hi - s->lo) / s->step > 1000)
		s->step *= 10;
}

void layout_view_init(struct view *v, int utf8)
{
	memset(v, 0, sizeof *v);
	v->utf8 = utf8;
	v->glyphs = utf8 ? RASTER_BRAILLE : RASTER_ASCII;
	v->pace = 1;
	raster_init(&v->r);
	layout_table_init(v);
}

void layout_view_done(struct view *v)
{
	raster_done(&v->r);
	fp_free(v->land_prev);
	v->land_prev = NULL;
	v->land_prev_cap = 0;
	v->land_prev_ok = 0;
	layout_table_done(v);
	layout_sheet_done(v);
}

static double curve_eval(const struct fit *f, double x)
{
	return f->model->eval(&f->mcfg, f->theta, &x);
}

void layout_view_fit(struct view *v, const struct fit *f, double xlo, double xhi)
{
	const struct data *d = f->data;
	if (!(xlo < xhi)) {
		xlo = INFINITY;
		xhi = -INFINITY;
		for (const struct data *p = d; p; p = p == d ? d->valid : NULL)
			for (size_t i = 0; p->d == 1 && i < p->n; i++) {
				if (!isfinite(p->x[i]))
					continue;
				xlo = fmin(xlo, p->x[i]);
				xhi = fmax(xhi, p->x[i]);
			}
		if (xlo <= xhi) {
			double m = (xhi - xlo) * 0.025;
			xlo -= m;
			xhi += m;
		}
		raster_fix_range(&xlo, &xhi);
	}
	double ylo = INFINITY, yhi = -INFINITY;
	for (const struct data *p = d; p; p = p == d ? d->valid : NULL) /* held back too */
		for (size_t i = 0; i < p->n; i++) {
			if (!isfinite(p->y[i]))
				continue;
			ylo = fmin(ylo, p->y[i]);
			yhi = fmax(yhi, p->y[i]);
		}
	if (d->d == 1)
		for (int i = 0; i <= 200; i++) {
			double y = curve_eval(f, xlo + (xhi - xlo) * i / 200.0);
			if (!isfinite(y))
				continue;
			ylo = fmin(ylo, y);
			yhi = fmax(yhi, y);
		}
	if (d->d > 1) /* a table: its predictions */
		layout_table_yrange(v, f, &ylo, &yhi);
	if (ylo <= yhi) {
		double m = (yhi - ylo) * 0.06;
		ylo -= m;
		yhi += m;
	}
	raster_fix_range(&ylo, &yhi);
	v->xlo = xlo;
	v->xhi = xhi;
	v->ylo = ylo;
	v->yhi = yhi;
}

static const int pace_ladder[] = {-8, -4,  -2,	1,   2,	   5,	 10,   20,
				  50, 100, 200, 500, 1000, 2000, 5000, 10000};
#define PACE_N (sizeof pace_ladder / sizeof pace_ladder[0])

unsigned long layout_pace_steps(int pace, unsigned long frame)
{
	if (pace > 0)
		return (unsigned long)pace;
	if (pace < -1)
		return frame % (unsigned long)-pace == 0 ? 1 : 0;
	return 1;
}

int layout_pace_next(int pace, int dir)
{
	size_t i = 0;
	while (i + 1 < PACE_N && pace_ladder[i] != pace)
		i++;
	if (pace_ladder[i] != pace)
		return 1;
	if (dir > 0 && i + 1 < PACE_N)
		return pace_ladder[i + 1];
	if (dir < 0 && i > 0)
		return pace_ladder[i - 1];
	return pace;
}

char *layout_pace_text(int pace, char *buf, size_t len)
{
	if (pace < -1)
		snprintf(buf, len, "1 step/%d frames", -pace);
	else if (pace <= 1)
		snprintf(buf, len, "1 step/frame");
	else
		snprintf(buf, len, "%d steps/frame", pace);
	return buf;
}

/* ---- drawing ---- */

static void draw_too_small(struct screen *s)
{
	char line[64];
	snprintf(line, sizeof line, "terminal too small (need %dx%d)", LAYOUT_MIN_W, LAYOUT_MIN_H);
	int n = (int)strlen(line);
	int y = s->h / 2 - 1;
	if (y < 0)
		y = 0;
	if (n <= s->w) {
		screen_puts(s, (s->w - n) / 2, y, n, line, RA_BOLD);
	} else {
		/* wrap at the space before "(need" */
		screen_puts(s, 0, y, s->w, "terminal too small", RA_BOLD);
		snprintf(line, sizeof line, "(need %dx%d)", LAYOUT_MIN_W, LAYOUT_MIN_H);
		screen_puts(s, 0, y + 1, s->w, line, RA_BOLD);
		y++;
	}
	const char *q = "q quits";
	n = (int)strlen(q);
	screen_puts(s, n <= s->w ? (s->w - n) / 2 : 0, y + 1, s->w, q, 0);
}

/* Append a header piece; returns the new column. */
int layout_put_piece(struct screen *s, int x, int y, int maxx, const char *text, uint16_t attr)
{
	int n = 0;
	for (const char *p = text; *p; n++) {
		int k;
		raster_utf8_decode(p, &k);
		p += k;
	}
	if (x + n > maxx)
		return -1;
	screen_puts(s, x, y, n, text, attr);
	return x + n;
}

size_t layout_text_cols(const char *t)
{
	size_t n = 0;
	for (const char *p = t; *p; n++) {
		int k;
		raster_utf8_decode(p, &k);
		p += k;
	}
	return n;
}

/* With a validation set (--valid): " · valid 3.51" after the training loss, and for a
 * table the share of the held-back rows right, appended to buf. */
static void header_valid(const struct view *v, const struct fit *f, char *buf, size_t len)
{
	char tmp[32];
	size_t n = strlen(buf);
	if (!fit_has_valid(f) || n >= len)
		return;
	n += (size_t)snprintf(buf + n, len - n, "%svalid %s", v->utf8 ? " · " : " | ",
			      fp_fmt(tmp, sizeof tmp, f->valid_loss, 6));
	if (f->data->d > 1 && n < len)
		snprintf(buf + n, len - n, "  %.1f%% right",
			 100 * table_accuracy(f->model, &f->mcfg, f->theta, f->data->valid));
	for (char *p = buf; *p; p++) /* whatever LC_NUMERIC says */
		if (*p == ',')
			*p = '.';
}

static void draw_header(struct screen *s, const struct view *v, const struct fit *f,
			const struct rect *r)
{
	char spec[64], formula[160], loss[128], step[48], lr[48], tmp[32];
	model_spec(f->model, &f->mcfg, spec, sizeof spec);
	f->model->formula(&f->mcfg, v->utf8, formula, sizeof formula);
	snprintf(loss, sizeof loss, "%s %s", loss_label(f->loss),
		 fp_fmt(tmp, sizeof tmp, f->loss_value, 6));
	layout_table_header(v, f, loss, sizeof loss); /* tables: "  79.8% right" */
	header_valid(v, f, loss, sizeof loss);	      /* --valid: " · valid 3.51" */
	if (v->replay)
		snprintf(step, sizeof step, "REPLAY step %lu/%lu", f->step, v->replay_last);
	else
		snprintf(step, sizeof step, "step %lu", f->step);
	snprintf(lr, sizeof lr, "lr %s", fp_fmt(tmp, sizeof tmp, f->lr, 4));
	const char *mode = v->autorun ? " AUTO " : "MANUAL";
	const char *help = "? help";
	char model_part[256];
	snprintf(model_part, sizeof model_part, "%s: %s", spec, formula);
	/* The numbers always; then as much of the rest as fits, in this order of
	 * preference: the formula before "? help" before the program's name. */
	int right = (int)(layout_text_cols(loss) + 3 + layout_text_cols(step) + 3 +
			  layout_text_cols(lr) + 3 + 6);
	int hw = 3 + (int)layout_text_cols(help), mw = (int)layout_text_cols(model_part) + 3;
	int sw = (int)layout_text_cols(spec) + 3, pw = 9;
	int w = r->w - 2;
	static const int combos[6][3] = {{1, 2, 1}, {0, 2, 1}, {0, 2, 0},
					 {0, 1, 1}, {0, 1, 0}, {0, 0, 0}};
	int c = 5;
	for (int i = 0; i < 6; i++) {
		int need = right + (combos[i][0] ? pw : 0) +
			   (combos[i][1] == 2	? mw
			    : combos[i][1] == 1 ? sw
						: 0) +
			   (combos[i][2] ? hw : 0);
		if (need <= w) {
			c = i;
			break;
		}
	}
	int x = 1;
	uint16_t t = RA_ROLE(RR_TITLE) | RA_BOLD;
	if (combos[c][0])
		x = layout_put_piece(s, x, r->y, r->w, "fitplay  ", t);
	if (combos[c][1])
		x = layout_put_piece(s, x, r->y, r->w, combos[c][1] == 2 ? model_part : spec,
				     RA_ROLE(RR_TITLE)) +
		    3;
	int gap = 3;
	if (right > w)
		gap = 2;
	x = layout_put_piece(s, x, r->y, r->w, loss, RA_BOLD);
	if (x < 0)
		return;
	x = layout_put_piece(s, x + gap, r->y, r->w, step, v->replay ? RA_REVERSE | RA_BOLD : 0);
	if (x < 0)
		return;
	x = layout_put_piece(s, x + gap, r->y, r->w, lr, 0);
	if (x < 0)
		return;
	x = layout_put_piece(s, x + gap, r->y, r->w, mode,
			     v->autorun ? RA_REVERSE | RA_BOLD : RA_BOLD);
	if (x < 0 || !combos[c][2])
		return;
	layout_put_piece(s, x + gap, r->y, r->w, help, RA_DIM);
}

const struct layout_ghost *layout_ghost_nth(const struct view *v, const struct fit *f, size_t k)
{
	const struct layout_ghost *g = v->ghost && k < LAYOUT_GHOSTS ? &v->ghost[k] : NULL;
	return g && g->on && g->model == f->model && g->np == f->np ? g : NULL;
}

const struct layout_ghost *layout_ghost_of(const struct view *v, const struct fit *f)
{
	for (size_t k = 0; k < LAYOUT_GHOSTS; k++)
		if (layout_ghost_nth(v, f, k))
			return layout_ghost_nth(v, f, k);
	return NULL;
}

size_t layout_ghost_count(const struct view *v, const struct fit *f)
{
	size_t n = 0;
	for (size_t k = 0; k < LAYOUT_GHOSTS; k++)
		n += layout_ghost_nth(v, f, k) != NULL;
	return n;
}

uint32_t layout_ghost_digit(size_t k)
{
	return (uint32_t)('1' + k);
}

/* The mark of faint things (the ghost run, the guides) once flushed: a whole-cell
 * dot, so that they differ from the live curve without colour. */
uint32_t layout_ghost_mark(const struct view *v)
{
	return v->utf8 && v->r.glyphs != RASTER_ASCII ? 0xb7 : '~';
}

/* After raster_flush: the cells the faint role owns become ghost marks. */
void layout_ghost_cells(struct screen *s, const struct view *v)
{
	const struct raster *R = &v->r;
	for (int j = 0; j < R->ch; j++)
		for (int i = 0; i < R->cw; i++) {
			size_t k = (size_t)j * (size_t)R->cw + (size_t)i;
			if (R->mask[k] && R->role[k] == RR_GHOST)
				screen_put(s, R->cx + i, R->cy + j, layout_ghost_mark(v),
					   RA_ROLE(RR_GHOST) | RA_BOLD);
		}
}

/* Write text at (*x, y) if it fits before maxx; advance *x. */
void layout_legend_put(struct screen *s, int *x, int y, int maxx, const char *text, uint16_t attr)
{
	if (*x < 0)
		return;
	int n = layout_put_piece(s, *x, y, maxx, text, attr);
	*x = n;
}

/* Word-wrap text into the rectangle's rows. */
static void put_wrapped(struct screen *s, const struct rect *r, const char *text, uint16_t attr)
{
	const char *p = text;
	for (int row = 0; row < r->h && *p; row++) {
		int maxw = r->w - 2;
		size_t n = layout_text_cols(p);
		const char *cut = NULL;
		if ((int)n > maxw && row + 1 < r->h) {
			/* last space within maxw columns */
			int col = 0;
			for (const char *q = p; *q && col <= maxw; col++) {
				if (*q == ' ')
					cut = q;
				int k;
				raster_utf8_decode(q, &k);
				q += k;
			}
		}
		char line[512];
		size_t len = cut ? (size_t)(cut - p) : strlen(p);
		if (len >= sizeof line)
			len = sizeof line - 1;
		memcpy(line, p, len);
		line[len] = 0;
		screen_puts(s, r->x + 1, r->y + row, maxw, line, attr);
		if (!cut)
			break;
		p = cut + 1;
	}
}

/* --valid: while descent still lowers the training loss, say when the held-back
 * points' loss has turned up (fit_valid_explain), after the trend's words. */
static void status_overfit(const struct fit *f, char *buf, size_t len)
{
	char why[256];
	size_t n = strlen(buf);
	if (f->trend != FIT_TREND_FALLING && f->trend != FIT_TREND_CRAWLING &&
	    f->trend != FIT_TREND_CONVERGED)
		return;
	fit_valid_explain(f, why, sizeof why);
	if (why[0] && n + 2 < len)
		snprintf(buf + n, len - n, "; %s", why);
}

static void draw_status(struct screen *s, const struct view *v, const struct fit *f,
			const struct rect *r)
{
	char buf[512];
	uint16_t attr = 0;
	if (v->prompt[0]) {
		/* a long input (up to 4095 bytes) shows its start, cut between characters */
		size_t k = strlen(v->input);
		if (k > 380)
			for (k = 380; k > 0 && ((unsigned char)v->input[k] & 0xC0) == 0x80; k--)
				;
		snprintf(buf, sizeof buf, "%s %.*s%s_   (Enter sets, Esc cancels)", v->prompt,
			 (int)k, v->input, v->input[k] ? "..." : "");
		attr = RA_BOLD;
	} else if (v->msg[0]) {
		snprintf(buf, sizeof buf, "%s", v->msg);
		attr = RA_ROLE(v->msg_role);
		if (v->msg_role == RR_BAD)
			attr |= RA_BOLD;
	} else if (v->replay) {
		snprintf(buf, sizeof buf,
			 "REPLAY: snapshot %zu of %zu, step %lu of %lu; [ back, ] forward, any "
			 "other key returns to the live run",
			 v->replay, v->replay_n, f->step, v->replay_last);
		attr = RA_BOLD;
	} else if (f->trend != FIT_TREND_NONE) {
		fit_trend_explain(f, buf, sizeof buf);
		status_overfit(f, buf, sizeof buf);
		switch (f->trend) {
		case FIT_TREND_DIVERGED:
			attr = RA_ROLE(RR_BAD) | RA_BOLD | RA_REVERSE;
			break;
		case FIT_TREND_DIVERGING:
		case FIT_TREND_RISING:
		case FIT_TREND_CRAWLING:
		case FIT_TREND_NO_GRADIENT:
			attr = RA_ROLE(RR_WARN) | RA_BOLD;
			break;
		default:
			attr = RA_ROLE(RR_GOOD);
		}
	} else {
		snprintf(buf, sizeof buf, "%s",
			 v->utf8
			     ? "↑↓ choose a coefficient, ←→ move it; Space takes one descent "
			       "step, g runs descent"
			     : "Up/Down choose a coefficient, Left/Right move it; Space takes one "
			       "descent step, g runs descent");
		attr = RA_DIM;
	}
	struct rect rest = *r;
	if (v->caption[0] && !v->prompt[0]) {
		screen_puts(s, r->x + 1, r->y, r->w - 2, v->caption, RA_ROLE(RR_TITLE) | RA_BOLD);
		rest.y++;
		rest.h--;
	}
	put_wrapped(s, &rest, buf, attr);
}

static void draw_keybar(struct screen *s, struct view *v, const struct fit *f, const struct rect *r)
{
	char kb[32];
	int keep[64], wid[64], n = 0, total = 0;
	const struct layout_key *ks[64];
	for (size_t i = 0; layout_keys[i].key && n < 64; i++) {
		const struct layout_key *k = &layout_keys[i];
		if (!k->bar || layout_table_refusal(f, k->action))
			continue;
		ks[n] = k;
		wid[n] = (int)layout_text_cols(layout_key_label(k->key, v->utf8, kb, sizeof kb)) +
			 1 + (int)strlen(k->bar) + 2;
		keep[n] = 1;
		total += wid[n++];
	}
	/* Too wide: drop entries from the end, but keep help and quit. */
	for (int i = n - 1; i >= 0 && total > r->w - 1; i--)
		if (ks[i]->action != UA_HELP && ks[i]->action != UA_QUIT) {
			keep[i] = 0;
			total -= wid[i];
		}
	int x = r->x + 1;
	for (int i = 0; i < n; i++) {
		if (!keep[i] || x + wid[i] - 2 > r->x + r->w)
			continue;
		const char *kn = layout_key_label(ks[i]->key, v->utf8, kb, sizeof kb);
		int x0 = x;
		x += screen_puts(s, x, r->y, -1, kn, RA_REVERSE | RA_BOLD);
		x += screen_puts(s, x, r->y, -1, " ", 0);
		x += screen_puts(s, x, r->y, -1, ks[i]->bar, 0);
		if (v->nhit < LAYOUT_MAX_HITS) /* a click on the entry presses its key */
			v->hit[v->nhit++] =
			    (struct layout_hit){r->y, x0, x - 1, 0, LH_KEY, ks[i]->key};
		x += 2;
	}
}

/* The notebook's console: the last steps that fit, newest at the bottom. */
static void draw_console(struct screen *s, const struct view *v, const struct fit *f,
			 const struct rect *r)
{
	char name[MODEL_NAME_LEN], loss[64], upd[160], line[256];
	screen_box(s, r->x, r->y, r->w, r->h, "console: the notebook's lines (C hides)", v->utf8,
		   RA_ROLE(RR_AXIS));
	int rows = r->h - 2, w = r->w - 3;
	size_t n = console_count(&v->con, f);
	if (n == 0) {
		screen_puts(s, r->x + 2, r->y + 1, w,
			    "Space takes a step: each one prints here as the notebook prints it",
			    RA_DIM);
		return;
	}
	size_t k = n > (size_t)rows ? n - (size_t)rows : 0;
	for (int row = 0; k < n; k++, row++) {
		const struct console_rec *c = console_get(&v->con, f, k);
		f->model->param_name(&f->mcfg, c->param, name, sizeof name);
		console_loss_text(c, loss, sizeof loss);
		console_update_text(c, name, v->utf8, upd, sizeof upd);
		snprintf(line, sizeof line, "%-20s  %s", loss, upd);
		screen_puts(s, r->x + 2, r->y + 1 + row, w, line, k + 1 == n ? RA_BOLD : 0);
	}
}

/* The console's strip: rows taken from the plot and panel, above the status. */
static void console_place(struct view *v)
{
	struct layout *lo = &v->lo;
	lo->console = (struct rect){0, 0, 0, 0};
	if (!v->console_on)
		return;
	int k = lo->h / 4;
	if (k > 12)
		k = 12;
	if (k < 4)
		k = 4;
	if (lo->plot.h - k < 6)
		return; /* no room: the plot first */
	lo->console = (struct rect){0, lo->status.y - k, lo->w, k};
	lo->plot.h -= k;
	if (lo->narrow)
		lo->panel.y -= k;
	else
		lo->panel.h -= k;
}

/* One frame, the plot from view t. */
static int layout_frame(struct screen *s, struct view *v, const struct fit *f,
			const struct view_type *t)
{
	screen_erase(s);
	v->nhit = 0;
	int two = s->w < LAYOUT_NARROW_W ? s->w - 2 < 50 : 1;
	layout_compute(s->w, s->h, layout_panel_rows(f, two), &v->lo);
	if (v->lo.too_small) {
		draw_too_small(s);
		return FP_OK;
	}
	if (v->sel >= f->np)
		v->sel = f->np ? f->np - 1 : 0;
	if (v->caption[0] && s->h >= 24) {
		/* a caption takes a status row of its own */
		v->lo.status.y--;
		v->lo.status.h++;
		v->lo.plot.h--;
		v->lo.panel.h--;
	}
	console_place(v);
	draw_header(s, v, f, &v->lo.header);
	int rc = t->draw(s, v, f, &v->lo.plot);
	if (v->lo.console.h)
		draw_console(s, v, f, &v->lo.console);
	layout_panel_draw(s, v, f, &v->lo.panel);
	draw_status(s, v, f, &v->lo.status);
	draw_keybar(s, v, f, &v->lo.keybar);
	if (v->help)
		layout_help_draw(s, v, f);
	return rc;
}

int layout_draw(struct screen *s, struct view *v, const struct fit *f)
{
	const struct view_type *t = view_current(v, f);
	v->land_pending = 0;
	if (t->tick)
		t->tick(v, f);
	int rc = layout_frame(s, v, f, t);
	if (rc == FP_OK && v->land_pending && v->land_budget <= 0 && t->tick) {
		/* without a frame budget (headless), the frame shows its work done: the
		 * tick computes what this frame asked for, then the frame is drawn again */
		t->tick(v, f);
		rc = layout_frame(s, v, f, t);
	}
	return rc;
}

int layout_put_on_blank(struct screen *s, const struct raster *R, int x, int y, const char *text,
			uint16_t attr)
{
	int n = (int)layout_text_cols(text);
	if (x < R->cx || x + n > R->cx + R->cw || y < R->cy || y >= R->cy + R->ch)
		return 0;
	for (int i = 0; i < n; i++)
		if (screen_at(s, x + i, y)->ch != ' ')
			return 0;
	screen_puts(s, x, y, n, text, attr);
	return 1;
}
