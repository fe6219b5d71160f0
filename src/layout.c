/* layout.c: the explorer's frame in a cell screen, without curses: rectangles for
 * the terminal size, the key table (dispatcher, key bar and help all read it),
 * header, plot, sliders with gradients, status words, help and "too small". */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "layout.h"
#include "util.h"

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
    {'<', UA_LR_DOWN, "learning rate down / up (1-2-5 ladder)", "lr-"},
    {'>', UA_LR_UP, NULL, "lr+"},
    {'L', UA_LR_TYPE, "type an exact learning rate", NULL},
    {'u', UA_RULE, "update rule: correct <-> notebook (gradients add up)", NULL},
    {'f', UA_LOSS, "loss: MSE <-> MAE", NULL},
    {'o', UA_OPTIM, "optimizer: gd -> momentum -> adam", NULL},
    {'r', UA_RESET, "reset the coefficients to their start", "Reset"},
    {'n', UA_NOISE, "new noise sample", "Noise"},
    {'t', UA_TARGET, "next target function (quad, sine, abs, step)", NULL},
    {'m', UA_MODEL, "next model", "Model"},
    {'a', UA_ADD_UNIT, "add a ReLU unit / remove the selected one", NULL},
    {'x', UA_DEL_UNIT, NULL, NULL},
    {'v', UA_VIEW, "next view: fit, units, landscape, history", NULL},
    {'p', UA_PAIR, "landscape: next pair of coefficients", NULL},
    {'[', UA_SCRUB_BACK, "replay the run: back / forward", NULL},
    {']', UA_SCRUB_FWD, NULL, NULL},
    {'b', UA_GHOST, "keep this run as a ghost, start again", NULL},
    {'s', UA_SOLVE, "solver (Levenberg-Marquardt) from here", NULL},
    {'w', UA_SWEEP, "learning-rate sweep: loss against rate", NULL},
    {'G', UA_GUIDES, "guides: true function, least squares", NULL},
    {'d', UA_RESIDUALS, "residuals: point to curve", NULL},
    {'e', UA_EXPORT, "export through gnuplot / to a path you type", "Export"},
    {'E', UA_EXPORT_TO, NULL, NULL},
    {'c', UA_GLYPHS, "curve glyphs: Braille -> blocks -> ASCII", NULL},
    {'z', UA_REFIT, "re-fit the axes to the data and curve", NULL},
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

enum layout_plotview layout_plotview_next(enum layout_plotview cur, int has_units)
{
	switch (cur) {
	case LV_FIT:
		return has_units ? LV_UNITS : LV_LANDSCAPE;
	case LV_UNITS:
		return LV_LANDSCAPE;
	case LV_LANDSCAPE:
		return LV_HISTORY;
	default:
		return LV_FIT;
	}
}

const char *layout_plotview_name(enum layout_plotview v)
{
	static const char *const names[LV_COUNT] = {"fit", "units", "landscape", "loss history",
						    "lr sweep"};
	return (unsigned)v < LV_COUNT ? names[v] : "fit";
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
static int put_piece(struct screen *s, int x, int y, int maxx, const char *text, uint16_t attr)
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

static size_t utf8_len(const char *t)
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
	int right = (int)(utf8_len(loss) + 3 + utf8_len(step) + 3 + utf8_len(lr) + 3 + 6);
	int hw = 3 + (int)utf8_len(help), mw = (int)utf8_len(model_part) + 3;
	int sw = (int)utf8_len(spec) + 3, pw = 9;
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
		x = put_piece(s, x, r->y, r->w, "fitplay  ", t);
	if (combos[c][1])
		x = put_piece(s, x, r->y, r->w, combos[c][1] == 2 ? model_part : spec,
			      RA_ROLE(RR_TITLE)) +
		    3;
	int gap = 3;
	if (right > w)
		gap = 2;
	x = put_piece(s, x, r->y, r->w, loss, RA_BOLD);
	if (x < 0)
		return;
	x = put_piece(s, x + gap, r->y, r->w, step, v->replay ? RA_REVERSE | RA_BOLD : 0);
	if (x < 0)
		return;
	x = put_piece(s, x + gap, r->y, r->w, lr, 0);
	if (x < 0)
		return;
	x = put_piece(s, x + gap, r->y, r->w, mode, v->autorun ? RA_REVERSE | RA_BOLD : RA_BOLD);
	if (x < 0 || !combos[c][2])
		return;
	put_piece(s, x + gap, r->y, r->w, help, RA_DIM);
}

struct unit_ctx {
	const struct fit *f;
	size_t k;
};

static double unit_fn(void *ctx, double x)
{
	struct unit_ctx *u = ctx;
	return u->f->model->unit_eval(&u->f->mcfg, u->f->theta, u->k, x);
}

static double curve_fn(void *ctx, double x)
{
	return curve_eval(ctx, x);
}

/* The ghost run, when it can be drawn over this session (same model and size). */
static const struct layout_ghost *ghost_of(const struct view *v, const struct fit *f)
{
	const struct layout_ghost *g = v->ghost;
	return g && g->on && g->model == f->model && g->np == f->np ? g : NULL;
}

static double ghost_fn(void *ctx, double x)
{
	const struct layout_ghost *g = ctx;
	return g->model->eval(&g->mcfg, g->theta, &x);
}

struct best_ctx {
	const struct fit *f;
};

static double best_fn(void *ctx, double x)
{
	const struct fit *f = ((struct best_ctx *)ctx)->f;
	return f->model->eval(&f->mcfg, f->best, &x);
}

static double truth_fn(void *ctx, double x)
{
	const struct data *d = ctx;
	return data_target_eval(d->target, d->truth, x);
}

/* The mark of faint things (the ghost run, the guides) once flushed: a whole-cell
 * dot, so that they differ from the live curve without colour. */
static uint32_t ghost_mark(const struct view *v)
{
	return v->utf8 && v->r.glyphs != RASTER_ASCII ? 0xb7 : '~';
}

/* After raster_flush: the cells the faint role owns become ghost marks. */
static void ghost_cells(struct screen *s, const struct view *v)
{
	const struct raster *R = &v->r;
	for (int j = 0; j < R->ch; j++)
		for (int i = 0; i < R->cw; i++) {
			size_t k = (size_t)j * (size_t)R->cw + (size_t)i;
			if (R->mask[k] && R->role[k] == RR_GHOST)
				screen_put(s, R->cx + i, R->cy + j, ghost_mark(v),
					   RA_ROLE(RR_GHOST) | RA_BOLD);
		}
}

/* Write text at (*x, y) if it fits before maxx; advance *x. */
static void legend_put(struct screen *s, int *x, int y, int maxx, const char *text, uint16_t attr)
{
	if (*x < 0)
		return;
	int n = put_piece(s, *x, y, maxx, text, attr);
	*x = n;
}

/* ---- the loss landscape ---- */

static const char land_ramp[] = " .:-=+*#%@"; /* low to high */
#define LAND_LEVELS 10

static int spec_equal(const struct lab_land_spec *a, const struct lab_land_spec *b)
{
	return a->p == b->p && a->q == b->q && a->w == b->w && a->h == b->h && a->plo == b->plo &&
	       a->phi == b->phi && a->qlo == b->qlo && a->qhi == b->qhi;
}

/* The value shown in grid cell (c, row): the grid being computed where it is done,
 * else the last complete grid of the same spec; NULL when neither has it. */
static const double *land_value(const struct view *v, const struct lab_land_spec *sp, size_t c,
				size_t row)
{
	const struct lab_landscape *L = v->land;
	if (row < L->rows_done)
		return &L->v[row * sp->w + c];
	if (v->land_prev_ok && spec_equal(&v->land_prev_spec, sp))
		return &v->land_prev[row * sp->w + c];
	return NULL;
}

/* The heat level 0..LAND_LEVELS-1 of a loss on the scale lo..hi (log10 values
 * when logs). Not finite: the top. */
static int heat_level(double val, double lo, double hi, int logs)
{
	if (!isfinite(val))
		return LAND_LEVELS - 1;
	double t = logs ? log10(val) : val;
	double u = hi > lo ? (t - lo) / (hi - lo) : 0;
	int lev = (int)floor(u * LAND_LEVELS);
	return lev < 0 ? 0 : (lev >= LAND_LEVELS ? LAND_LEVELS - 1 : lev);
}

/* Compute what the frame's budget allows of the grid for spec sp. */
static int land_compute(struct view *v, const struct fit *f, const struct lab_land_spec *sp)
{
	char err[FP_ERRLEN];
	struct lab_landscape *L = v->land;
	int same = v->land_epoch_set == v->land_epoch && spec_equal(&L->spec, sp);
	/* A grid under way is finished first, so that a fast descent cannot keep it
	 * from ever completing; a complete one follows the session (a no-op when
	 * nothing changed). */
	if (!same || L->rows_done >= sp->h) {
		if (v->land_epoch_set != v->land_epoch)
			lab_landscape_invalidate(L);
		if (lab_landscape_set(L, f->model, &f->mcfg, f->data, f->loss, f->theta, sp, err) !=
		    FP_OK) {
			snprintf(v->land_err, sizeof v->land_err, "%.120s", err);
			v->land_epoch_set = v->land_epoch - 1; /* try again next time */
			return -1;
		}
		v->land_epoch_set = v->land_epoch;
	}
	size_t before = L->rows_done;
	if (v->land_budget > 0) {
		double t0 = fp_now();
		while (lab_landscape_cells(L, 4) > 0 && fp_now() - t0 < v->land_budget)
			;
	} else {
		lab_landscape_rows(L, (size_t)-1);
	}
	if (L->rows_done >= sp->h &&
	    (L->rows_done != before || !v->land_prev_ok || !spec_equal(&v->land_prev_spec, sp))) {
		size_t n = sp->w * sp->h;
		if (n > v->land_prev_cap) {
			double *b = fp_realloc(v->land_prev, n * sizeof *b);
			if (!b) {
				v->land_prev_ok = 0;
				return 0;
			}
			v->land_prev = b;
			v->land_prev_cap = n;
		}
		memcpy(v->land_prev, L->v, n * sizeof *v->land_prev);
		v->land_prev_spec = *sp;
		v->land_prev_ok = 1;
	}
	v->land_pending = L->rows_done < sp->h;
	v->land_err[0] = 0;
	return 0;
}

/* A path of coefficient vectors th[0..n-1] (np each) on the landscape canvas. */
static void land_path(struct raster *R, const double *th, size_t n, size_t np, size_t p, size_t q,
		      enum raster_role role)
{
	for (size_t i = 1; i < n; i++)
		raster_line(R, th[(i - 1) * np + p], th[(i - 1) * np + q], th[i * np + p],
			    th[i * np + q], role);
	if (n == 1)
		raster_line(R, th[p], th[q], th[p], th[q], role);
}

static int draw_landscape(struct screen *s, struct view *v, const struct fit *f,
			  const struct rect *r)
{
	char title[256], pn[MODEL_NAME_LEN], qn[MODEL_NAME_LEN], held[64], t1[32], t2[32];
	v->land_pending = 0;
	if (f->np < 2 || !v->land) {
		screen_box(s, r->x, r->y, r->w, r->h, "landscape (v: next view)", v->utf8,
			   RA_ROLE(RR_AXIS));
		screen_puts(s, r->x + 2, r->y + 1, r->w - 4,
			    f->np < 2 ? "a landscape needs two coefficients"
				      : "no memory for a landscape",
			    RA_ROLE(RR_WARN) | RA_BOLD);
		return FP_OK;
	}
	if (v->land_p >= f->np || v->land_q >= f->np || v->land_p == v->land_q) {
		v->land_p = 0;
		v->land_q = 1;
		v->land_refit = 1;
	}
	size_t p = v->land_p, q = v->land_q;
	f->model->param_name(&f->mcfg, p, pn, sizeof pn);
	f->model->param_name(&f->mcfg, q, qn, sizeof qn);
	held[0] = 0;
	if (f->np == 3) {
		char hn[MODEL_NAME_LEN];
		f->model->param_name(&f->mcfg, 3 - p - q, hn, sizeof hn);
		snprintf(held, sizeof held, ", %s held", hn);
	} else if (f->np > 3) {
		snprintf(held, sizeof held, ", %zu others held", f->np - 2);
	}
	if (v->utf8)
		snprintf(title, sizeof title, "landscape: %s over %s → and %s ↑%s (p: next pair)",
			 loss_label(f->loss), pn, qn, held);
	else
		snprintf(title, sizeof title, "landscape: %s, %s across, %s up%s (p: next pair)",
			 loss_label(f->loss), pn, qn, held);
	screen_box(s, r->x, r->y, r->w, r->h, title, v->utf8, RA_ROLE(RR_AXIS));
	int ix = r->x + 2, iy = r->y + 1, iw = r->w - 3, ih = r->h - 3;
	if (iw < 4 || ih < 2)
		return FP_OK;
	if (v->land_refit) {
		struct lab_land_spec a;
		lab_landscape_auto(f, p, q, 1, 1, &a);
		v->land_plo = a.plo;
		v->land_phi = a.phi;
		v->land_qlo = a.qlo;
		v->land_qhi = a.qhi;
		v->land_refit = 0;
	}
	int rc = raster_begin(&v->r, s, ix, iy, iw, ih, v->land_plo, v->land_phi, v->land_qlo,
			      v->land_qhi, v->glyphs, v->utf8);
	if (rc)
		return rc;
	struct raster *R = &v->r;
	if (R->cw < 1 || R->ch < 1)
		return FP_OK;
	struct lab_land_spec sp = {p,	   q,	   R->xlo,	  R->xhi,
				   R->ylo, R->yhi, (size_t)R->cw, (size_t)R->ch};
	if (land_compute(v, f, &sp) != 0) {
		screen_puts(s, R->cx, R->cy, R->cw, v->land_err, RA_ROLE(RR_WARN) | RA_BOLD);
		return FP_OK;
	}
	/* the scale: the values on show; log10 when positive over a factor of 10 */
	double lo = INFINITY, hi = -INFINITY;
	for (size_t row = 0; row < sp.h; row++)
		for (size_t c = 0; c < sp.w; c++) {
			const double *val = land_value(v, &sp, c, row);
			if (val && isfinite(*val)) {
				lo = fmin(lo, *val);
				hi = fmax(hi, *val);
			}
		}
	int logs = lo > 0 && hi / lo > 10;
	double slo = logs ? log10(lo) : lo, shi = logs ? log10(hi) : hi;
	for (size_t row = 0; row < sp.h; row++)
		for (size_t c = 0; c < sp.w; c++) {
			const double *val = land_value(v, &sp, c, row);
			if (!val)
				continue;
			int lev = heat_level(*val, slo, shi, logs);
			screen_put(s, R->cx + (int)c, R->cy + (int)row,
				   isfinite(*val) ? (uint32_t)land_ramp[lev] : '!',
				   RA_ROLE(RR_HEAT0 + lev / 2));
		}
	/* the paths: the ghost's, faint, then this run's up to the step shown */
	const struct layout_ghost *g = ghost_of(v, f);
	if (g) {
		land_path(R, g->tr, g->n, g->np, p, q, RR_GHOST);
		if (g->n)
			raster_line(R, g->tr[(g->n - 1) * g->np + p], g->tr[(g->n - 1) * g->np + q],
				    g->theta[p], g->theta[q], RR_GHOST);
	}
	unsigned long st;
	const double *th, *prev = NULL;
	for (size_t i = 0; fit_trace_get(f, i, &st, NULL, &th) == 0 && st <= f->step; i++) {
		if (prev)
			raster_line(R, prev[p], prev[q], th[p], th[q], RR_CURVE);
		prev = th;
	}
	if (prev)
		raster_line(R, prev[p], prev[q], f->theta[p], f->theta[q], RR_CURVE);
	/* the solver's jumps (Braille only: in ASCII its numbers alone) */
	int lm = v->lm_path && v->lm_n > 1 && v->lm_model == f->model && v->lm_np == f->np;
	for (size_t k = 1; lm && R->glyphs != RASTER_ASCII && k < v->lm_n; k++) {
		const double *a = v->lm_path + (k - 1) * f->np, *b = a + f->np;
		raster_line(R, a[p], a[q], b[p], b[q], RR_GOOD);
	}
	raster_flush(R);
	/* ASCII dots would read as shades, and the ghost must differ without colour:
	 * whole-cell marks for them */
	uint32_t gm = ghost_mark(v);
	for (int j = 0; j < R->ch; j++)
		for (int i = 0; i < R->cw; i++) {
			size_t k = (size_t)j * (size_t)R->cw + (size_t)i;
			if (!R->mask[k] || (R->role[k] != RR_GHOST && R->glyphs != RASTER_ASCII))
				continue;
			screen_put(s, R->cx + i, R->cy + j, R->role[k] == RR_GHOST ? gm : 'o',
				   RA_ROLE(R->role[k]) | RA_BOLD);
		}
	int col, row;
	if (f->has_best && f->best && raster_cell(R, f->best[p], f->best[q], &col, &row))
		screen_put(s, R->cx + col, R->cy + row, 'M', RA_ROLE(RR_GOOD) | RA_BOLD);
	/* the solver's iterates, numbered from its start, 0 */
	for (size_t k = 0; lm && k < v->lm_n; k++) {
		const double *it = v->lm_path + k * f->np;
		if (raster_cell(R, it[p], it[q], &col, &row))
			screen_put(s, R->cx + col, R->cy + row, k < 10 ? (uint32_t)('0' + k) : '+',
				   RA_ROLE(RR_GOOD) | RA_BOLD | RA_UNDERLINE);
	}
	if (raster_cell(R, f->theta[p], f->theta[q], &col, &row))
		screen_put(s, R->cx + col, R->cy + row, 'X',
			   RA_ROLE(RR_CURVE) | RA_BOLD | RA_REVERSE);
	else if (R->cw > 30)
		screen_puts(s, R->cx + 1, R->cy, R->cw - 2,
			    "the current point is off the map: z re-fits",
			    RA_ROLE(RR_WARN) | RA_BOLD);
	/* the legend */
	int ly = r->y + r->h - 2, x = ix, maxx = r->x + r->w - 1;
	char lab[96];
	snprintf(lab, sizeof lab, "%s %s ", loss_label(f->loss),
		 fp_fmt(t1, sizeof t1, isfinite(lo) ? lo : 0, 4));
	legend_put(s, &x, ly, maxx, lab, RA_ROLE(RR_AXIS));
	legend_put(s, &x, ly, maxx, "[", RA_ROLE(RR_AXIS));
	for (int k = 0; k < LAND_LEVELS && x >= 0; k++) {
		char one[2] = {land_ramp[k], 0};
		legend_put(s, &x, ly, maxx, one, RA_ROLE(RR_HEAT0 + k / 2));
	}
	snprintf(lab, sizeof lab, "] %s%s", fp_fmt(t2, sizeof t2, isfinite(hi) ? hi : 0, 4),
		 logs ? " log" : "");
	legend_put(s, &x, ly, maxx, lab, RA_ROLE(RR_AXIS));
	legend_put(s, &x, ly, maxx, " ", 0);
	legend_put(s, &x, ly, maxx, "X", RA_ROLE(RR_CURVE) | RA_BOLD | RA_REVERSE);
	legend_put(s, &x, ly, maxx, " now", 0);
	if (R->glyphs == RASTER_ASCII)
		legend_put(s, &x, ly, maxx, " o", RA_ROLE(RR_CURVE) | RA_BOLD);
	else
		legend_put(s, &x, ly, maxx, R->glyphs == RASTER_QUADRANT ? " ▀" : " ⠒",
			   RA_ROLE(RR_CURVE) | RA_BOLD);
	legend_put(s, &x, ly, maxx, " path", 0);
	if (lm) {
		legend_put(s, &x, ly, maxx, " 0 1", RA_ROLE(RR_GOOD) | RA_BOLD | RA_UNDERLINE);
		legend_put(s, &x, ly, maxx, " LM", 0);
	}
	if (f->has_best && f->best) {
		legend_put(s, &x, ly, maxx, " M", RA_ROLE(RR_GOOD) | RA_BOLD);
		legend_put(s, &x, ly, maxx, g || lm ? " least sq." : " least squares", 0);
	}
	if (g) {
		char gl[8];
		raster_utf8(gm, gl);
		snprintf(lab, sizeof lab, " ghost %s", g->label);
		legend_put(s, &x, ly, maxx, " ", 0);
		legend_put(s, &x, ly, maxx, gl, RA_ROLE(RR_GHOST) | RA_BOLD);
		int x0 = x;
		legend_put(s, &x, ly, maxx, lab, 0);
		if (x < 0 && x0 >= 0) /* no room for the label */
			legend_put(s, &x0, ly, maxx, " ghost", 0);
	}
	return FP_OK;
}

/* ---- the learning-rate sweep ---- */

static int sweep_diverged(const struct lab_sweep_row *w)
{
	return w->overflowed || !isfinite(w->loss) || w->verdict == LAB_DIVERGED ||
	       w->loss > w->start_loss;
}

static int draw_sweep(struct screen *s, struct view *v, const struct fit *f, const struct rect *r)
{
	char title[192];
	const struct layout_sweep *w = v->sweep;
	if (!w)
		snprintf(title, sizeof title, "lr sweep: none yet (w runs one; v: back)");
	else if (!w->judged)
		snprintf(title, sizeof title, "lr sweep: %zu of %zu rates run", w->done, w->n);
	else
		snprintf(title, sizeof title,
			 "lr sweep: %s after %zu steps from the start (v: back)",
			 loss_label(f->loss), w->steps);
	screen_box(s, r->x, r->y, r->w, r->h, title, v->utf8, RA_ROLE(RR_AXIS));
	int ix = r->x + 2, iy = r->y + 1, iw = r->w - 3, ih = r->h - 3;
	if (!w || !w->done || iw < 4 || ih < 2)
		return FP_OK;
	double ylo = INFINITY, yhi = -INFINITY;
	int allpos = 1;
	for (size_t i = 0; i < w->done; i++) {
		const struct lab_sweep_row *row = &w->row[i];
		yhi = fmax(yhi, row->start_loss);
		if (sweep_diverged(row))
			continue;
		ylo = fmin(ylo, row->loss);
		yhi = fmax(yhi, row->loss);
		allpos &= row->loss > 0;
	}
	if (!(ylo <= yhi))
		ylo = yhi = isfinite(yhi) ? yhi : 1;
	int logs = allpos && ylo > 0 && yhi / ylo > 10;
	double y0 = logs ? log10(ylo) : ylo, y1 = logs ? log10(yhi) : yhi;
	double m = (y1 - y0) * 0.05;
	int rc = raster_begin_flags(&v->r, s, ix, iy, iw, ih, log10(w->row[0].lr),
				    log10(w->row[w->n - 1].lr), y0 - m, y1 + m, v->glyphs, v->utf8,
				    RASTER_XLOG | (logs ? RASTER_YLOG : 0));
	if (rc)
		return rc;
	struct raster *R = &v->r;
	double px = NAN, py = NAN;
	for (size_t i = 0; i < w->done; i++) {
		const struct lab_sweep_row *row = &w->row[i];
		if (sweep_diverged(row)) {
			px = NAN;
			continue;
		}
		double x = log10(row->lr), y = logs ? log10(row->loss) : row->loss;
		if (isfinite(px))
			raster_line(R, px, py, x, y, RR_CURVE);
		px = x;
		py = y;
	}
	raster_flush(R);
	/* where crawling ends and divergence begins: dotted verticals */
	int col, rw;
	struct {
		double lr;
		int role;
		const char *label;
	} marks[2] = {{w->conv_from, RR_GOOD, "converges from "},
		      {w->div_from, RR_BAD, "diverges from "}};
	for (int k = 0; k < 2 && w->judged; k++) {
		if (!(marks[k].lr > 0))
			continue;
		col = raster_col(R, log10(marks[k].lr));
		if (col < 0)
			continue;
		for (int j = 0; j < R->ch; j++)
			screen_put(s, R->cx + col, R->cy + j, v->utf8 ? 0x2506 : ':',
				   RA_ROLE(marks[k].role) | RA_BOLD);
		char lab[64], t[32];
		snprintf(lab, sizeof lab, "%s%s", marks[k].label,
			 fp_fmt(t, sizeof t, marks[k].lr, 3));
		int n = (int)strlen(lab), lx = k == 0 ? R->cx + col - n : R->cx + col + 1;
		if (lx < R->cx)
			lx = R->cx + col + 1;
		if (lx + n > R->cx + R->cw)
			lx = R->cx + col - n;
		screen_puts(s, lx, R->cy + k, n, lab, RA_ROLE(marks[k].role) | RA_BOLD);
	}
	for (size_t i = 0; i < w->done; i++) {
		const struct lab_sweep_row *row = &w->row[i];
		double x = log10(row->lr);
		if (sweep_diverged(row)) {
			col = raster_col(R, x);
			if (col >= 0)
				screen_put(s, R->cx + col, R->cy, '^', RA_ROLE(RR_BAD) | RA_BOLD);
			continue;
		}
		double y = logs ? log10(row->loss) : row->loss;
		int conv = w->judged && row->verdict == LAB_CONVERGED;
		if (raster_cell(R, x, y, &col, &rw))
			screen_put(s, R->cx + col, R->cy + rw, conv ? 'o' : 'c',
				   RA_ROLE(conv ? RR_GOOD : RR_WARN) | RA_BOLD);
	}
	raster_xmark(R, log10(f->lr), v->utf8 ? 0x25b2 : '^', RA_ROLE(RR_CURVE) | RA_BOLD);
	int ly = r->y + r->h - 2, x = ix, maxx = r->x + r->w - 1;
	legend_put(s, &x, ly, maxx, "o", RA_ROLE(RR_GOOD) | RA_BOLD);
	legend_put(s, &x, ly, maxx, " converged  ", 0);
	legend_put(s, &x, ly, maxx, "c", RA_ROLE(RR_WARN) | RA_BOLD);
	legend_put(s, &x, ly, maxx, " crawling  ", 0);
	legend_put(s, &x, ly, maxx, "^", RA_ROLE(RR_BAD) | RA_BOLD);
	legend_put(s, &x, ly, maxx, " diverged (off the top)  ", 0);
	legend_put(s, &x, ly, maxx, v->utf8 ? "▲" : "^", RA_ROLE(RR_CURVE) | RA_BOLD);
	legend_put(s, &x, ly, maxx, " lr now", 0);
	return FP_OK;
}

/* ---- the loss history ---- */

/* One run's losses on the history canvas: this session's, or the ghost's when g is
 * set; log10 of them when logs. */
struct hist_ctx {
	const struct fit *f;
	const struct layout_ghost *g;
	int logs;
};

/* The loss recorded at step k as drawn, or -1 when there is none. */
static int hist_at(const struct hist_ctx *h, double k, double *v)
{
	if (!(k >= 0) || k > 4e18)
		return -1;
	unsigned long st = (unsigned long)k;
	if (h->g) {
		if (st < h->g->hist_first || st - h->g->hist_first >= h->g->hist_n)
			return -1;
		*v = h->g->hist[st - h->g->hist_first];
	} else if (fit_hist_get(h->f, st, v) != 0) {
		return -1;
	}
	if (!isfinite(*v) || (h->logs && !(*v > 0)))
		return -1;
	if (h->logs)
		*v = log10(*v);
	return 0;
}

/* The history as a line: straight segments from step to step (not stairs), every
 * step drawn (no sampling: spikes and zig-zags show). */
static void hist_line(struct raster *R, const struct hist_ctx *h, unsigned long from,
		      unsigned long to, enum raster_role role)
{
	double a, b;
	int ha = hist_at(h, (double)from, &a) == 0;
	if (ha && from == to)
		raster_line(R, (double)from, a, (double)from, a, role);
	for (unsigned long k = from; k < to; k++) {
		int hb = hist_at(h, (double)(k + 1), &b) == 0;
		if (ha && hb)
			raster_line(R, (double)k, a, (double)(k + 1), b, role);
		ha = hb;
		a = b;
	}
}

/* A piece of a legend line. */
struct legend_piece {
	char text[96];
	uint16_t attr;
	int prio; /* 0: always shown; higher: left out earlier when the line is short */
};

/* Text on the canvas at (x, y) if it fits there over blank cells only. */
static int put_on_blank(struct screen *s, const struct raster *R, int x, int y, const char *text,
			uint16_t attr)
{
	int n = (int)utf8_len(text);
	if (x < R->cx || x + n > R->cx + R->cw || y < R->cy || y >= R->cy + R->ch)
		return 0;
	for (int i = 0; i < n; i++)
		if (screen_at(s, x + i, y)->ch != ' ')
			return 0;
	screen_puts(s, x, y, n, text, attr);
	return 1;
}

/* The first of n texts that fits the canvas width, centred on canvas row y, if the
 * cells there are blank. Returns 1 when written (or when there is none to write). */
static int put_centred(struct screen *s, const struct raster *R, int y, const char *const *texts,
		       size_t n, uint16_t attr, int dry)
{
	for (size_t i = 0; i < n; i++) {
		int len = (int)utf8_len(texts[i]), x = R->cx + (R->cw - len) / 2;
		if (len > R->cw)
			continue;
		if (y < R->cy || y >= R->cy + R->ch)
			return 0;
		for (int k = -1; k <= len; k++) /* and a blank either side */
			if (x + k >= R->cx && x + k < R->cx + R->cw &&
			    screen_at(s, x + k, y)->ch != ' ')
				return 0;
		if (!dry)
			screen_puts(s, x, y, len, texts[i], attr);
		return 1;
	}
	return 1;
}

/* The loss against the step. Straight segments between the steps, each step an 'o'
 * while they are far enough apart, the latest one in reverse video with its value
 * beside it; the x axis spans at least a few steps (whole-number ticks, and room to
 * grow into); the y axis starts at 0, or is logarithmic when the losses span more
 * than a factor of 100 (as the sparkline), so a divergence to 1e+306 still shows
 * its start. Before any descent: the one point and what to press. */
static int draw_history(struct screen *s, struct view *v, const struct fit *f, const struct rect *r)
{
	const struct layout_ghost *g = ghost_of(v, f);
	int ix = r->x + 2, iy = r->y + 1, iw = r->w - 3, ih = r->h - 3;
	if (ih < 3) /* no room for a legend row */
		ih = r->h - 2;
	if (iw < 1 || ih < 1)
		return FP_OK;
	unsigned long first = f->hist_first, last = f->step;
	double lo = INFINITY, hi = -INFINITY, val;
	size_t npts = 0;
	for (unsigned long k = first; k <= last; k++)
		if (fit_hist_get(f, k, &val) == 0 && isfinite(val)) {
			lo = fmin(lo, val);
			hi = fmax(hi, val);
			npts++;
		}
	if (g) {
		for (size_t k = 0; k < g->hist_n; k++)
			if (isfinite(g->hist[k])) {
				lo = fmin(lo, g->hist[k]);
				hi = fmax(hi, g->hist[k]);
			}
		unsigned long gl = g->hist_first + (g->hist_n ? g->hist_n - 1 : 0);
		if (gl > last)
			last = gl;
	}
	if (!(lo <= hi))
		lo = hi = isfinite(f->loss_value) ? f->loss_value : 0;
	int logs = lo > 0 && hi / lo > 100;
	double ylo, yhi;
	if (logs) {
		ylo = log10(lo);
		yhi = log10(hi);
		double m = (yhi - ylo) * 0.05;
		ylo = fmax(ylo - m, -300);
		yhi = fmin(yhi + m, 308.2); /* 10^yhi stays finite: no "overflow" tick */
	} else {
		ylo = fmin(lo, 0);
		yhi = hi > ylo ? hi : ylo + 1;
		double top = yhi + (yhi - ylo) * 0.06;
		yhi = isfinite(top) ? top : yhi;
	}
	/* whole-number steps on the x axis: at least 10 of them, and at least one
	 * tick's worth of room per step label (see raster_begin's tick spacing) */
	unsigned long span = last - first, minspan = iw / 7 > 10 ? (unsigned long)iw / 7 : 10;
	if (span < minspan)
		span = minspan;
	double pad = (double)span * 0.03;
	int rc = raster_begin_flags(&v->r, s, ix, iy, iw, ih, (double)first - pad,
				    (double)first + (double)span + pad, ylo, yhi, v->glyphs,
				    v->utf8, logs ? RASTER_YLOG : 0);
	if (rc)
		return rc;
	struct raster *R = &v->r;
	if (R->cw < 1 || R->ch < 1)
		return FP_OK;
	/* the floor: the least-squares loss, dashed */
	double floor_y = NAN;
	if (f->has_best && isfinite(f->best_loss))
		floor_y = logs ? (f->best_loss > 0 ? log10(f->best_loss) : NAN) : f->best_loss;
	int floor_row = -1, col, row;
	if (isfinite(floor_y) && raster_cell(R, R->xlo, floor_y, &col, &floor_row))
		for (int i = 0; i < R->cw; i++)
			screen_put(s, R->cx + i, R->cy + floor_row,
				   v->utf8 ? 0x2504 : (i % 2 ? ' ' : '-'), RA_ROLE(RR_GOOD));
	struct hist_ctx hc = {f, NULL, logs}, gc = {f, g, logs};
	if (g && g->hist_n)
		hist_line(R, &gc, g->hist_first, g->hist_first + g->hist_n - 1, RR_GHOST);
	hist_line(R, &hc, first, f->step, RR_CURVE);
	raster_flush(R);
	ghost_cells(s, v);
	/* every step an 'o' while at least 3 cells apart, else the start alone; the
	 * latest one reversed */
	uint16_t pa = RA_ROLE(RR_CURVE) | RA_BOLD;
	double per_step = R->cw / (R->xhi - R->xlo);
	for (unsigned long k = first; k < f->step; k += per_step >= 3 ? 1 : f->step - first)
		if (hist_at(&hc, (double)k, &val) == 0)
			raster_point(R, (double)k, val, 'o', pa);
	char lab[160], t1[32], t2[32];
	const char *ll = loss_label(f->loss);
	/* the floor's name on its line, left or right, where the curve is not */
	int floor_named = 0;
	if (floor_row >= 0) {
		snprintf(lab, sizeof lab, " least squares %s ",
			 fp_fmt(t1, sizeof t1, f->best_loss, 4));
		int n = (int)utf8_len(lab);
		for (int k = 0; k < 2 && !floor_named && n + 4 <= R->cw; k++) {
			int c0 = k ? R->cw - n - 2 : 2, free = 1;
			for (int i = c0; i < c0 + n; i++)
				free &= !R->mask[(size_t)floor_row * (size_t)R->cw + (size_t)i];
			if (free) {
				screen_puts(s, R->cx + c0, R->cy + floor_row, n, lab,
					    RA_ROLE(RR_GOOD));
				floor_named = 1;
			}
		}
	}
	int have_now = hist_at(&hc, (double)f->step, &val) == 0 &&
		       raster_cell(R, (double)f->step, val, &col, &row);
	if (have_now) {
		screen_put(s, R->cx + col, R->cy + row, 'o', pa | RA_REVERSE);
		/* its value beside it: right, else left just below or above, where blank */
		if (npts <= 1)
			snprintf(lab, sizeof lab, "%s %s at step %lu", ll,
				 fp_fmt(t1, sizeof t1, f->loss_value, 4), f->step);
		else
			snprintf(lab, sizeof lab, "%s %s", ll,
				 fp_fmt(t1, sizeof t1, f->loss_value, 4));
		int n = (int)utf8_len(lab), x = R->cx + col, y = R->cy + row;
		int done = put_on_blank(s, R, x + 2, y, lab, RA_BOLD);
		for (int d = 1; d <= 3 && !done; d++)
			done = put_on_blank(s, R, x - n, y + d, lab, RA_BOLD) ||
			       put_on_blank(s, R, x - n, y - d, lab, RA_BOLD);
	}
	if (npts <= 1 && !v->replay && R->ch >= 4) {
		static const char *const l1[] = {"descent has not run yet:", "no descent yet"};
		static const char *const l2[] = {"press Space for one step, g to run descent",
						 "Space: one step, g: run", "g runs descent"};
		/* two lines around the middle, on rows the point and the floor leave blank */
		for (int d = 0; d < R->ch; d++) {
			int y = R->cy + R->ch / 2 + (d % 2 ? (d + 1) / 2 : -d / 2);
			if (put_centred(s, R, y, l1, 2, 0, 1) &&
			    put_centred(s, R, y + 1, l2, 3, 0, 1)) {
				put_centred(s, R, y, l1, 2, RA_BOLD, 0);
				put_centred(s, R, y + 1, l2, 3, RA_BOLD, 0);
				break;
			}
		}
	}
	if (ih == r->h - 2)
		return FP_OK;
	/* the legend: the pieces that fit, the least needed left out first */
	struct legend_piece lp[6] = {{"o", pa | RA_REVERSE, 0}};
	int np = 1;
	double v0 = 0;
	snprintf(lp[np].text, sizeof lp[np].text, " now %s %s", ll,
		 fp_fmt(t1, sizeof t1, f->loss_value, 4));
	lp[np].attr = RA_BOLD;
	lp[np++].prio = 0;
	if (npts > 1 && fit_hist_get(f, first, &v0) == 0 && isfinite(v0)) {
		snprintf(lp[np].text, sizeof lp[np].text, " (%s at step %lu)",
			 fp_fmt(t2, sizeof t2, v0, 4), first);
		lp[np].attr = 0;
		lp[np++].prio = 3;
	}
	if (f->trend == FIT_TREND_DIVERGED) {
		snprintf(lp[np].text, sizeof lp[np].text, "  DIVERGED at step %lu",
			 f->diverged_step);
		lp[np].attr = RA_ROLE(RR_BAD) | RA_BOLD;
		lp[np++].prio = 0;
	}
	if (logs) {
		snprintf(lp[np].text, sizeof lp[np].text, "  log scale");
		lp[np].attr = RA_BOLD;
		lp[np++].prio = 1;
	}
	if (floor_row >= 0 && !floor_named) {
		snprintf(lp[np].text, sizeof lp[np].text, "  %s least squares %s",
			 v->utf8 ? "┄" : "-", fp_fmt(t1, sizeof t1, f->best_loss, 4));
		lp[np].attr = RA_ROLE(RR_GOOD);
		lp[np++].prio = 2;
	}
	int room = r->x + r->w - 1 - ix, keep = 3;
	for (; keep > 0; keep--) {
		int wsum = 0;
		for (int i = 0; i < np; i++)
			wsum += lp[i].prio <= keep ? (int)utf8_len(lp[i].text) : 0;
		if (wsum <= room)
			break;
	}
	int x = ix, ly = r->y + r->h - 2;
	for (int i = 0; i < np; i++)
		if (lp[i].prio <= keep)
			legend_put(s, &x, ly, ix + room, lp[i].text, lp[i].attr);
	return FP_OK;
}

/* The unit a coefficient belongs to, or -1. */
static long sel_unit(const struct fit *f, size_t sel)
{
	if (!f->model->param_unit || sel >= f->np)
		return -1;
	return f->model->param_unit(&f->mcfg, sel);
}

static int draw_plot(struct screen *s, struct view *v, const struct fit *f, const struct rect *r)
{
	char title[256];
	const struct data *d = f->data;
	const struct layout_ghost *g = ghost_of(v, f);
	if (v->plotview == LV_LANDSCAPE)
		return draw_landscape(s, v, f, r);
	if (v->plotview == LV_SWEEP)
		return draw_sweep(s, v, f, r);
	if (d->d > 1 && v->plotview != LV_HISTORY)
		return layout_table_draw(s, v, f, r);
	if (d->d == 1)
		snprintf(title, sizeof title, "plot: %zu points%s%s", d->n,
			 v->data_note ? ", " : "", v->data_note ? v->data_note : "");
	else
		snprintf(title, sizeof title, "loss history (%zu inputs: no curve to draw)", d->d);
	if (v->plotview == LV_HISTORY)
		snprintf(title, sizeof title, "loss history: %s by step%s%s%s", loss_label(f->loss),
			 g ? "; ghost " : " (v: next view)", g ? g->label : "",
			 g ? (v->utf8 ? " ·" : " ~") : "");
	else if (d->d == 1 && (g || v->guides || v->residuals)) {
		size_t n = strlen(title);
		const char *gm = v->utf8 && v->glyphs != RASTER_ASCII ? " ·" : " ~";
		snprintf(title + n, sizeof title - n, "%s%s%s%s%s%s", g ? "; ghost " : "",
			 g ? g->label : "", g ? gm : "", v->guides ? "; guides" : "",
			 v->guides ? gm : "", v->residuals ? "; residuals" : "");
	}
	screen_box(s, r->x, r->y, r->w, r->h, title, v->utf8, RA_ROLE(RR_AXIS));
	int ix = r->x + 2, iy = r->y + 1, iw = r->w - 3, ih = r->h - 2;
	if (iw < 1 || ih < 1)
		return FP_OK;
	if (d->d != 1 || v->plotview == LV_HISTORY)
		return draw_history(s, v, f, r);
	int rc = raster_begin(&v->r, s, ix, iy, iw, ih, v->xlo, v->xhi, v->ylo, v->yhi, v->glyphs,
			      v->utf8);
	if (rc)
		return rc;
	raster_hline(&v->r, 0);
	size_t nu = f->model->nunits ? f->model->nunits(&f->mcfg) : 0;
	if (v->plotview == LV_UNITS && f->model->unit_eval)
		for (size_t k = 0; k < nu; k++) {
			struct unit_ctx u = {f, k};
			raster_curve(&v->r, unit_fn, &u, RR_UNIT);
		}
	if (v->residuals)
		for (size_t i = 0; i < d->n; i++)
			raster_line(&v->r, d->x[i], d->y[i], d->x[i], curve_eval(f, d->x[i]),
				    RR_WARN);
	if (v->guides && d->has_truth)
		raster_curve(&v->r, truth_fn, (void *)d, RR_GHOST);
	struct best_ctx bc = {f};
	if (v->guides && f->has_best && f->best)
		raster_curve(&v->r, best_fn, &bc, RR_GHOST);
	if (g)
		raster_curve(&v->r, ghost_fn, (void *)g, RR_GHOST);
	raster_curve(&v->r, curve_fn, (void *)f, RR_CURVE);
	int seen = 0;
	for (size_t c = 0; c < (size_t)v->r.cw * (size_t)v->r.ch && !seen; c++)
		seen = v->r.mask[c] && v->r.role[c] == RR_CURVE;
	raster_flush(&v->r);
	ghost_cells(s, v);
	if (!seen && v->r.cw > 20)
		screen_puts(s, v->r.cx + 1, v->r.cy, v->r.cw - 2,
			    "the curve is off the chart: z re-fits", RA_ROLE(RR_WARN) | RA_BOLD);
	if (f->model->unit_kink) {
		long su = sel_unit(f, v->sel);
		for (size_t k = 0; k < nu; k++) {
			double kx;
			if (f->model->unit_kink(&f->mcfg, f->theta, k, &kx) != 0)
				continue;
			int selected = su >= 0 && (size_t)su == k;
			raster_xmark(&v->r, kx, v->utf8 ? 0x25b2 : '^',
				     RA_ROLE(RR_UNIT) | (selected ? RA_BOLD | RA_REVERSE : 0));
		}
	}
	for (size_t i = 0; i < d->n; i++)
		raster_point(&v->r, d->x[i], d->y[i], 'o', RA_ROLE(RR_DATA) | RA_BOLD);
	return FP_OK;
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
	size_t nl = utf8_len(name);
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
			v->hit[v->nhit++] = (struct layout_hit){y, tx + 1, tx + tw, i};
	}
	int vx = x + w - gradw - (int)strlen(val);
	screen_puts(s, vx, y, (int)strlen(val), val, a);
	/* the gradient and which way it says to go */
	double gr = f->grad[i] == 0 ? 0.0 : f->grad[i]; /* no "-0" */
	const char *way;
	if (gr < 0)
		way = v->utf8 ? "→ increase" : "-> increase";
	else if (gr > 0)
		way = v->utf8 ? "← decrease" : "<- decrease";
	else
		way = "flat";
	fp_fmt(g, sizeof g, gr, 4);
	if (two_rows) {
		snprintf(line, sizeof line, "dL/d%s %s  %s", name, g, way);
		if ((int)utf8_len(line) > w - 3) /* too long: the arrow alone */
			snprintf(line, sizeof line, "dL/d%s %s %.3s", name, g,
				 gr == 0   ? ""
				 : v->utf8 ? way
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
		int n = (int)utf8_len(name);
		if (n > namew)
			namew = n;
	}
	if (namew > w - 20)
		namew = w - 20 > 4 ? w - 20 : 4;
	/* Extras below the sliders when there is room. */
	char lines[12][200];
	uint16_t la[12];
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
			if ((int)utf8_len(g) > room && part < 2)
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
			if ((int)utf8_len(g) > room && part < 2)
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
		size_t n = utf8_len(p);
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

static void draw_keybar(struct screen *s, const struct view *v, const struct fit *f,
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
		wid[n] = (int)utf8_len(key_label(k->key, v->utf8, kb, sizeof kb)) + 1 +
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
		x += screen_puts(s, x, r->y, -1, kn, RA_REVERSE | RA_BOLD);
		x += screen_puts(s, x, r->y, -1, " ", 0);
		x += screen_puts(s, x, r->y, -1, ks[i]->bar, 0);
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
				if ((int)utf8_len(keys) > kw)
					kw = (int)utf8_len(keys);
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
		int pad = kw + 2 - (int)utf8_len(klist[i]);
		snprintf(lines[i], sizeof lines[0], "%.95s%*s%.120s", klist[i], pad > 0 ? pad : 1,
			 "", htext[i]);
		int len = (int)utf8_len(lines[i]);
		if (len > maxw)
			maxw = len;
	}
	int h = n + 2 < s->h ? n + 2 : s->h;
	int rows = h - 2, cols = 1, pages = 1;
	if (n > rows) {
		int half = (n + 1) / 2;
		for (int i = 0; i < n; i++) {
			int len = (int)utf8_len(lines[i]);
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

int layout_draw(struct screen *s, struct view *v, const struct fit *f)
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
	draw_header(s, v, f, &v->lo.header);
	int rc = draw_plot(s, v, f, &v->lo.plot);
	draw_panel(s, v, f, &v->lo.panel);
	draw_status(s, v, f, &v->lo.status);
	draw_keybar(s, v, f, &v->lo.keybar);
	if (v->help)
		draw_help(s, v, f);
	return rc;
}
