/* layout.c: the explorer's frame in a cell screen, without curses: rectangles for
 * the terminal size, the key table (dispatcher, key bar and help all read it),
 * header, plot, sliders with gradients, status words, help and "too small". */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "layout.h"
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

/* The key table. An entry with help text starts a help line; the entries after
 * it without help text add their keys to that line. */
const struct layout_key layout_keys[] = {
    {LK_UP, UA_SEL_PREV, "select the coefficient above / below", NULL},
    {LK_DOWN, UA_SEL_NEXT, NULL, NULL},
    {'k', UA_SEL_PREV, NULL, NULL},
    {'j', UA_SEL_NEXT, NULL, NULL},
    {LK_BTAB, UA_SEL_PREV, NULL, NULL},
    {LK_TAB, UA_SEL_NEXT, NULL, NULL},
    {LK_LEFT, UA_DEC, "move the slider one step down / up", NULL},
    {LK_RIGHT, UA_INC, NULL, NULL},
    {'h', UA_DEC, NULL, NULL},
    {'l', UA_INC, NULL, NULL},
    {LK_PGDN, UA_DEC10, "move the slider ten steps down / up", NULL},
    {LK_PGUP, UA_INC10, NULL, NULL},
    {LK_SLEFT, UA_DEC10, NULL, NULL},
    {LK_SRIGHT, UA_INC10, NULL, NULL},
    {LK_ENTER, UA_TYPE, "type the selected coefficient's exact value", NULL},
    {' ', UA_STEP, "one gradient-descent step", "Step"},
    {'g', UA_AUTO, "MANUAL <-> AUTO: descent runs by itself", "Auto"},
    {'+', UA_FASTER, "AUTO pace faster / slower (steps per frame)", NULL},
    {'=', UA_FASTER, NULL, NULL},
    {'-', UA_SLOWER, NULL, NULL},
    {'<', UA_LR_DOWN, "lr down / up: 1-2-5 and a stop just above the limit", "lr-"},
    {'>', UA_LR_UP, NULL, "lr+"},
    {'L', UA_LR_TYPE, "type an exact learning rate", NULL},
    {'u', UA_RULE, "update rule: correct <-> notebook (gradients add up)", NULL},
    {'f', UA_LOSS, "loss: MSE <-> MAE", NULL},
    {'o', UA_OPTIM, "optimizer: gd -> momentum -> adam", NULL},
    {'r', UA_RESET, "reset the coefficients to their start", "Reset"},
    {'n', UA_NOISE, "new noise sample", "Noise"},
    {'t', UA_TARGET, "next target function (quad, sine, abs, step)", NULL},
    {'{', UA_NOISE_DOWN, "generated data: less / more noise (down to none)", NULL},
    {'}', UA_NOISE_UP, NULL, NULL},
    {'m', UA_MODEL, "next model", "Model"},
    {'a', UA_ADD_UNIT, "add a ReLU unit / remove the selected one", NULL},
    {'x', UA_DEL_UNIT, NULL, NULL},
    {'v', UA_VIEW, "next view: fit, units, slope, landscape, history", NULL},
    {'p', UA_PAIR, "landscape: next pair of coefficients", NULL},
    {'[', UA_SCRUB_BACK, "replay the run: back / forward", NULL},
    {']', UA_SCRUB_FWD, NULL, NULL},
    {'b', UA_GHOST, "keep this run as a ghost, start again", NULL},
    {'s', UA_SOLVE, "solver (Levenberg-Marquardt) from here", NULL},
    {'w', UA_SWEEP, "learning-rate sweep: loss against rate", NULL},
    {'G', UA_GUIDES, "guides: true function, least squares", NULL},
    {'d', UA_RESIDUALS, "residuals: point to curve", NULL},
    {'P', UA_POINTS, "edit the data points (arrows, Tab, i, x; P ends)", NULL},
    {'e', UA_EXPORT, "export through gnuplot / to a path you type", "Export"},
    {'E', UA_EXPORT_TO, NULL, NULL},
    {'c', UA_GLYPHS, "curve glyphs: Braille -> blocks -> ASCII", NULL},
    {'z', UA_REFIT, "re-fit this view's axes to the data and curve", NULL},
    {'C', UA_CONSOLE, "console: each step as the notebook prints it", "Console"},
    {'?', UA_HELP, "this help (? again: next page; any other key closes)", "Help"},
    {LK_F1, UA_HELP, NULL, NULL},
    {LK_CTRL_L, UA_REDRAW, "redraw the screen", NULL},
    {'q', UA_QUIT, "quit", "Quit"},
    {LK_F10, UA_QUIT, NULL, NULL},
    {0, UA_NONE, NULL, NULL},
};

enum layout_action layout_key_action(int key)
{
	for (size_t i = 0; layout_keys[i].key; i++)
		if (layout_keys[i].key == key)
			return layout_keys[i].action;
	return UA_NONE;
}

static const struct {
	int key;
	const char *name;
} key_names[] = {
    {' ', "Space"},	   {LK_TAB, "Tab"},	 {LK_ENTER, "Enter"},
    {LK_ESC, "Esc"},	   {LK_CTRL_C, "C-c"},	 {LK_CTRL_L, "C-l"},
    {LK_UP, "Up"},	   {LK_DOWN, "Down"},	 {LK_LEFT, "Left"},
    {LK_RIGHT, "Right"},   {LK_SLEFT, "S-Left"}, {LK_SRIGHT, "S-Right"},
    {LK_PGUP, "PgUp"},	   {LK_PGDN, "PgDn"},	 {LK_HOME, "Home"},
    {LK_END, "End"},	   {LK_BTAB, "S-Tab"},	 {LK_BACKSPACE, "Backspace"},
    {LK_DELETE, "Delete"}, {LK_F1, "F1"},	 {LK_F10, "F10"},
    {LK_RESIZE, "Resize"}, {LK_MOUSE, "Mouse"},	 {0, NULL},
};

static const struct {
	const char *alias;
	int key;
} key_aliases[] = {
    {"Return", LK_ENTER}, {"Escape", LK_ESC},	 {"BS", LK_BACKSPACE},
    {"PageUp", LK_PGUP},  {"PageDown", LK_PGDN}, {"BTab", LK_BTAB},
    {"C-L", LK_CTRL_L},	  {"Hash", '#'},	 {NULL, 0},
};

char *layout_key_name(int key, char *buf, size_t len)
{
	for (size_t i = 0; key_names[i].name; i++)
		if (key_names[i].key == key) {
			snprintf(buf, len, "%s", key_names[i].name);
			return buf;
		}
	if (key > 0x20 && key < 0x7f)
		snprintf(buf, len, "%c", key);
	else if (key > 0 && key < 0x20)
		snprintf(buf, len, "C-%c", key + 'a' - 1);
	else if (key >= 0xa0 && key < 0x110000)
		raster_utf8((uint32_t)key, buf), (void)len;
	else
		snprintf(buf, len, "?");
	return buf;
}

int layout_key_parse(const char *tok)
{
	for (size_t i = 0; key_names[i].name; i++)
		if (strcmp(key_names[i].name, tok) == 0)
			return key_names[i].key == LK_RESIZE || key_names[i].key == LK_MOUSE
				   ? -1
				   : key_names[i].key;
	for (size_t i = 0; key_aliases[i].alias; i++)
		if (strcmp(key_aliases[i].alias, tok) == 0)
			return key_aliases[i].key;
	if (tok[0] == 'C' && tok[1] == '-' && tok[2] >= 'a' && tok[2] <= 'z' && !tok[3])
		return tok[2] - 'a' + 1;
	int n;
	uint32_t cp = raster_utf8_decode(tok, &n);
	if (tok[0] && !tok[n] && cp > 0x20 && cp != 0x7f)
		return (int)cp;
	return -1;
}

/* How a key shows in the help and key bar (arrows in UTF-8). */
static const char *key_label(int key, int utf8, char *buf, size_t len)
{
	if (utf8) {
		switch (key) {
		case LK_UP:
			return "↑";
		case LK_DOWN:
			return "↓";
		case LK_LEFT:
			return "←";
		case LK_RIGHT:
			return "→";
		case LK_SLEFT:
			return "S-←";
		case LK_SRIGHT:
			return "S-→";
		default:
			break;
		}
	}
	return layout_key_name(key, buf, len);
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
		for (size_t i = 0; d->d == 1 && i < d->n; i++) {
			if (!isfinite(d->x[i]))
				continue;
			xlo = fmin(xlo, d->x[i]);
			xhi = fmax(xhi, d->x[i]);
		}
		if (xlo <= xhi) {
			double m = (xhi - xlo) * 0.025;
			xlo -= m;
			xhi += m;
		}
		raster_fix_range(&xlo, &xhi);
	}
	double ylo = INFINITY, yhi = -INFINITY;
	for (size_t i = 0; i < d->n; i++) {
		if (!isfinite(d->y[i]))
			continue;
		ylo = fmin(ylo, d->y[i]);
		yhi = fmax(yhi, d->y[i]);
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

/* A value for a slider readout: 3 decimals, or 4 significant digits when huge. */
static void fmt_value(double v, char *buf, size_t len)
{
	if (!isfinite(v))
		snprintf(buf, len, "overflow");
	else if (fabs(v) < 1e5) {
		snprintf(buf, len, "%.3f", fabs(v) < 0.0005 ? 0.0 : v);
		for (char *p = buf; *p; p++) /* whatever LC_NUMERIC says */
			if (*p == ',')
				*p = '.';
	} else
		fp_fmt(buf, len, v, 3); /* at most 10 columns: -8.02e+152 */
}

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

static void draw_header(struct screen *s, const struct view *v, const struct fit *f,
			const struct rect *r)
{
	char spec[64], formula[160], loss[48], step[48], lr[48], tmp[32];
	model_spec(f->model, &f->mcfg, spec, sizeof spec);
	f->model->formula(&f->mcfg, v->utf8, formula, sizeof formula);
	snprintf(loss, sizeof loss, "%s %s", loss_label(f->loss),
		 fp_fmt(tmp, sizeof tmp, f->loss_value, 6));
	layout_table_header(v, f, loss, sizeof loss); /* tables: "  79.8% right" */
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
	int right = (int)(layout_text_cols(loss) + 3 + layout_text_cols(step) + 3 + layout_text_cols(lr) + 3 + 6);
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
	x = layout_put_piece(s, x + gap, r->y, r->w, mode, v->autorun ? RA_REVERSE | RA_BOLD : RA_BOLD);
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

/* Rows the panel needs inside its box, for the layout: sliders and extras. */
static int panel_rows(const struct fit *f, int two_rows)
{
	return (int)f->np * (two_rows ? 2 : 1) + 8;
}

static void draw_slider(struct screen *s, struct view *v, const struct fit *f, size_t i, int x,
			int y, int w, int two_rows, int namew)
{
	char name[MODEL_NAME_LEN], val[32], g[32], line[160];
	int sel = i == v->sel;
	uint16_t a = sel ? RA_REVERSE | RA_BOLD : 0;
	f->model->param_name(&f->mcfg, i, name, sizeof name);
	fmt_value(f->theta[i], val, sizeof val);
	/* marker + name */
	screen_fill(s, x, y, w, 1, ' ', a);
	screen_put(s, x, y, sel ? (v->utf8 ? 0x25b6 : '>') : ' ', a);
	if (v->nhit < LAYOUT_MAX_HITS) /* a click on the name selects it */
		v->hit[v->nhit++] = (struct layout_hit){y, x, x + namew, i, LH_NAME, 0};
	size_t nl = layout_text_cols(name);
	if ((int)nl > namew && namew >= 2) {
		/* keep the end, where names differ (w_Embarked_S, w_Embarked_C) */
		const char *p = name;
		for (size_t k = 0; k < nl - (size_t)(namew - 1); k++) {
			int b;
			raster_utf8_decode(p, &b);
			p += b;
		}
		screen_put(s, x + 1, y, v->utf8 ? 0x2026 : '~', a);
		screen_puts(s, x + 2, y, namew - 1, p, a);
	} else {
		screen_puts(s, x + 1, y, namew, name, a);
	}
	int valw = 10;
	int gradw = two_rows ? 0 : 26;
	int tw = w - 1 - namew - 1 - 2 - 1 - valw - gradw;
	int tx = x + 1 + namew + 1;
	if (tw >= 3) {
		const struct slider *sl = i < v->nsl ? &v->sl[i] : NULL;
		double lo = sl ? sl->lo : -1, hi = sl ? sl->hi : 1, t = f->theta[i];
		int pos;
		uint32_t knob = v->utf8 ? 0x25a0 : '#';
		if (!isfinite(t) || t < lo) {
			pos = 0;
			knob = v->utf8 ? 0x25c0 : '<';
		} else if (t > hi) {
			pos = tw - 1;
			knob = v->utf8 ? 0x25b6 : '>';
		} else {
			pos = (int)floor((t - lo) / (hi - lo) * (tw - 1) + 0.5);
		}
		screen_put(s, tx, y, '[', a);
		screen_fill(s, tx + 1, y, tw, 1, v->utf8 ? 0x2500 : '-', a);
		screen_put(s, tx + 1 + pos, y, knob, a);
		screen_put(s, tx + 1 + tw, y, ']', a);
		if (v->nhit < LAYOUT_MAX_HITS)
			v->hit[v->nhit++] = (struct layout_hit){y, tx + 1, tx + tw, i, LH_TRACK, 0};
	}
	int vx = x + w - gradw - (int)strlen(val);
	screen_puts(s, vx, y, (int)strlen(val), val, a);
	/* the gradient and which way it says to go */
	double gr = f->grad[i] == 0 ? 0.0 : f->grad[i]; /* no "-0" */
	const char *way;
	if (fit_grad_flat(f, i)) /* rounding noise: no direction to show */
		way = "flat";
	else if (gr < 0)
		way = v->utf8 ? "→ increase" : "-> increase";
	else if (gr > 0)
		way = v->utf8 ? "← decrease" : "<- decrease";
	else
		way = "flat";
	fp_fmt(g, sizeof g, gr, 4);
	if (gr != 0 && fit_grad_flat(f, i)) /* rounding noise: say so, not its digits */
		snprintf(g, sizeof g, "%s", v->utf8 ? "≈0" : "~0");
	if (two_rows) {
		snprintf(line, sizeof line, "dL/d%s %s  %s", name, g, way);
		if ((int)layout_text_cols(line) > w - 3) /* too long: the arrow alone */
			snprintf(line, sizeof line, "dL/d%s %s %.3s", name, g,
				 fit_grad_flat(f, i) ? "flat"
				 : v->utf8	     ? way
						     : (gr < 0 ? "->" : "<-"));
		screen_puts(s, x + 3, y + 1, w - 3, line, RA_ROLE(RR_AXIS));
	} else {
		snprintf(line, sizeof line, " dL/d%s %s %s", name, g, way);
		screen_puts(s, x + w - gradw, y, gradw, line, RA_ROLE(RR_AXIS));
	}
}

static void draw_panel(struct screen *s, struct view *v, const struct fit *f, const struct rect *r)
{
	/* the closed forms still to come: said where it shows whatever the sliders' count */
	screen_box(s, r->x, r->y, r->w, r->h,
		   !f->closed_pending ? "coefficients"
		   : v->utf8	      ? "least squares: computing…"
				      : "least squares: computing...",
		   v->utf8, RA_ROLE(RR_AXIS));
	int x = r->x + 1, y = r->y + 1, w = r->w - 2, h = r->h - 2;
	if (w < 8 || h < 1)
		return;
	int two_rows = w < 50;
	int per = two_rows ? 2 : 1;
	int namew = 1;
	char name[MODEL_NAME_LEN];
	for (size_t i = 0; i < f->np; i++) {
		f->model->param_name(&f->mcfg, i, name, sizeof name);
		int n = (int)layout_text_cols(name);
		if (n > namew)
			namew = n;
	}
	if (namew > w - 20)
		namew = w - 20 > 4 ? w - 20 : 4;
	/* Extras below the sliders when there is room. */
	char lines[16][200];
	uint16_t la[16];
	int nl = 0;
	char t1[32], t2[32];
	if (f->has_best) {
		snprintf(lines[nl], sizeof lines[nl], "best %s %s%s", loss_label(f->loss),
			 fp_fmt(t1, sizeof t1, f->best_loss, 6), w >= 34 ? " (least squares)" : "");
		la[nl++] = RA_ROLE(RR_GOOD);
		char rk[200]; /* collinear inputs, if any: on up to three lines */
		fit_rank_text(f, rk, sizeof rk);
		const char *g = rk;
		for (int part = 0; *g && part < 3; part++) {
			int room = w - 1 - (part ? 2 : 0);
			const char *cut = NULL;
			if ((int)layout_text_cols(g) > room && part < 2)
				for (const char *q = g; *q && q - g <= room; q++)
					if (*q == ' ')
						cut = q;
			snprintf(lines[nl], sizeof lines[nl], "%s%.*s", part ? "  " : "",
				 cut ? (int)(cut - g) : 190, g);
			la[nl++] = RA_ROLE(RR_WARN);
			g = cut ? cut + 1 : "";
		}
	}
	if (v->gauge[0]) {
		/* the learning-rate gauge, on up to three lines (the rest indented) */
		uint16_t ga = RA_ROLE(v->gauge_role) | (v->gauge_role == RR_BAD ? RA_BOLD : 0);
		const char *g = v->gauge;
		for (int part = 0; *g && part < 3; part++) {
			int room = w - 1 - (part ? 2 : 0);
			const char *cut = NULL;
			if ((int)layout_text_cols(g) > room && part < 2)
				for (const char *q = g; *q && q - g <= room; q++)
					if (*q == ' ')
						cut = q;
			snprintf(lines[nl], sizeof lines[nl], "%s%.*s", part ? "  " : "",
				 cut ? (int)(cut - g) : 190, g);
			la[nl++] = ga;
			g = cut ? cut + 1 : "";
		}
	} else if (f->has_limit) {
		snprintf(lines[nl], sizeof lines[nl], "lr limit %s (2/%s max)",
			 fp_fmt(t1, sizeof t1, f->lr_limit, 4), v->utf8 ? "λ" : "lambda");
		la[nl++] = f->lr > f->lr_limit ? RA_ROLE(RR_BAD) | RA_BOLD : 0;
	}
	if (layout_ghost_count(v, f) > 0) { /* the kept runs, by their number */
		snprintf(lines[nl], sizeof lines[nl], "kept runs (b):");
		la[nl++] = RA_ROLE(RR_GHOST) | RA_BOLD;
	}
	for (size_t k = 0; k < LAYOUT_GHOSTS; k++) {
		const struct layout_ghost *gk = layout_ghost_nth(v, f, k);
		if (!gk)
			continue;
		snprintf(lines[nl], sizeof lines[nl], " %c %s", (char)layout_ghost_digit(k), gk->said);
		la[nl++] = RA_ROLE(RR_GHOST) | RA_BOLD;
	}
	int spark_line = nl;
	snprintf(lines[nl], sizeof lines[nl], "loss ");
	la[nl++] = 0;
	snprintf(lines[nl], sizeof lines[nl], "%s  %s",
		 f->accumulate ? "notebook rule (adds up)" : "correct descent",
		 f->optim ? f->optim->name : "gd");
	la[nl++] = f->accumulate ? RA_ROLE(RR_WARN) : 0;
	snprintf(lines[nl], sizeof lines[nl], "pace %s", layout_pace_text(v->pace, t2, sizeof t2));
	la[nl++] = 0;

	/* Sliders first; the extras take the rows left after a blank one. */
	int vis = h / per;
	if (vis < 1)
		vis = 1;
	if ((size_t)vis > f->np)
		vis = (int)f->np;
	size_t top = 0;
	if (v->sel >= (size_t)vis / 2)
		top = v->sel - (size_t)vis / 2;
	if (top + (size_t)vis > f->np)
		top = f->np - (size_t)vis;
	v->nhit = 0;
	for (int k = 0; k < vis; k++) {
		size_t i = top + (size_t)k;
		if (i >= f->np || k * per >= h)
			break;
		draw_slider(s, v, f, i, x, y + k * per, w, two_rows && k * per + 1 < h, namew);
	}
	if (top > 0)
		screen_puts(s, r->x + r->w - 4, r->y, 3, v->utf8 ? "▲" : "^", RA_BOLD);
	if (top + (size_t)vis < f->np)
		screen_puts(s, r->x + r->w - 4, r->y + r->h - 1, 3, v->utf8 ? "▼" : "v", RA_BOLD);
	int ey = y + vis * per + 1;
	for (int k = 0; k < nl && ey + k < y + h; k++) {
		int n = screen_puts(s, x + 1, ey + k, w - 1, lines[k], la[k]);
		if (k == spark_line) {
			double hv[256];
			size_t cnt = 0;
			unsigned long first = f->hist_first, last = f->step;
			unsigned long span = last - first + 1;
			int sw = w - 1 - n;
			if (sw > 256)
				sw = 256;
			for (int c = 0; c < sw && (unsigned long)c < span; c++) {
				unsigned long st =
				    span <= (unsigned long)sw
					? first + (unsigned long)c
					: first + (unsigned long)((double)(c + 1) * span / sw) - 1;
				double val;
				if (fit_hist_get(f, st, &val) == 0)
					hv[cnt++] = val;
			}
			raster_spark(s, x + 1 + n, ey + k, sw, hv, cnt, v->utf8, RA_ROLE(RR_CURVE));
		}
	}
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

static void draw_keybar(struct screen *s, struct view *v, const struct fit *f,
			const struct rect *r)
{
	char kb[32];
	int keep[64], wid[64], n = 0, total = 0;
	const struct layout_key *ks[64];
	for (size_t i = 0; layout_keys[i].key && n < 64; i++) {
		const struct layout_key *k = &layout_keys[i];
		if (!k->bar || layout_table_refusal(f, k->action))
			continue;
		ks[n] = k;
		wid[n] = (int)layout_text_cols(key_label(k->key, v->utf8, kb, sizeof kb)) + 1 +
			 (int)strlen(k->bar) + 2;
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
		const char *kn = key_label(ks[i]->key, v->utf8, kb, sizeof kb);
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

/* The keys with what they do; keys that mean nothing for the data (a table's n, t,
 * G, d: layout_table_refusal) are left out, as on the key bar. */
static void draw_help(struct screen *s, const struct view *v, const struct fit *f)
{
	char lines[64][256];
	int n = 0;
	char keys[96] = "", kb[32], klist[64][96];
	const char *help = NULL, *htext[64];
	int kw = 0;
	for (size_t i = 0;; i++) {
		const struct layout_key *k = &layout_keys[i];
		if (!k->key || k->help) {
			if (help && keys[0] && n < 64) {
				snprintf(klist[n], sizeof klist[0], "%s", keys);
				htext[n++] = help;
				if ((int)layout_text_cols(keys) > kw)
					kw = (int)layout_text_cols(keys);
			}
			if (!k->key)
				break;
			help = k->help;
			keys[0] = 0;
		}
		if (layout_table_refusal(f, k->action))
			continue;
		if (keys[0])
			strncat(keys, " ", sizeof keys - strlen(keys) - 1);
		strncat(keys, key_label(k->key, v->utf8, kb, sizeof kb),
			sizeof keys - strlen(keys) - 1);
	}
	/* Whole sentences, never cut: one column as high as the screen allows, two
	 * side by side when they fit the width, else pages that `?` turns. */
	int lw[2] = {0, 0}, maxw = 0;
	for (int i = 0; i < n; i++) {
		int pad = kw + 2 - (int)layout_text_cols(klist[i]);
		snprintf(lines[i], sizeof lines[0], "%.95s%*s%.120s", klist[i], pad > 0 ? pad : 1,
			 "", htext[i]);
		int len = (int)layout_text_cols(lines[i]);
		if (len > maxw)
			maxw = len;
	}
	int h = n + 2 < s->h ? n + 2 : s->h;
	int rows = h - 2, cols = 1, pages = 1;
	if (n > rows) {
		int half = (n + 1) / 2;
		for (int i = 0; i < n; i++) {
			int len = (int)layout_text_cols(lines[i]);
			if (len > lw[i >= half])
				lw[i >= half] = len;
		}
		if (half + 2 <= s->h && lw[0] + lw[1] + 7 <= s->w) {
			cols = 2;
			rows = half;
			h = rows + 2;
		} else {
			rows = h - 3; /* a footer line says how to turn the page */
			pages = (n + rows - 1) / rows;
		}
	}
	int w = cols == 2 ? lw[0] + lw[1] + 7 : maxw + 4;
	if (w > s->w)
		w = s->w;
	int page = pages > 1 ? (v->help - 1) % pages : 0;
	int x = (s->w - w) / 2, y = (s->h - h) / 2;
	screen_fill(s, x, y, w, h, ' ', 0);
	screen_box(s, x, y, w, h, pages > 1 ? "keys" : "keys (any key closes this help)", v->utf8,
		   RA_BOLD);
	for (int i = page * rows; i < n && i < (page + 1) * rows * cols; i++) {
		int j = i - page * rows, col = j / rows, row = j % rows;
		int kx = x + 2 + (col ? lw[0] + 3 : 0);
		int cw = cols == 2 ? (col ? w - 4 - lw[0] - 3 : lw[0] + 1) : w - 4;
		screen_puts(s, kx, y + 1 + row, cw, lines[i], 0);
		screen_attr(s, kx, y + 1 + row, kw < cw ? kw : cw, 1, RA_BOLD);
	}
	if (pages > 1) {
		char foot[64];
		snprintf(foot, sizeof foot, "page %d/%d: ? next page, any other key closes",
			 page + 1, pages);
		screen_puts(s, x + 2, y + h - 2, w - 4, foot, RA_DIM);
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
	layout_compute(s->w, s->h, panel_rows(f, two), &v->lo);
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
	draw_panel(s, v, f, &v->lo.panel);
	draw_status(s, v, f, &v->lo.status);
	draw_keybar(s, v, f, &v->lo.keybar);
	if (v->help)
		draw_help(s, v, f);
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
