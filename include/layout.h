/* SPDX-License-Identifier: GPL-3.0-or-later */
/* layout.h: the explorer's screen without curses: terminal size into rectangles
 * (wide, narrow, too small), the key table that both the dispatcher and the help
 * are made from, key names for scripts, and the whole frame drawn into a cell
 * screen from the session and the view state. */
#ifndef FITPLAY_LAYOUT_H
#define FITPLAY_LAYOUT_H

#include <stddef.h>

#include "console.h"
#include "fit.h"
#include "lab.h"
#include "matmul-step.h"
#include "raster.h"

#define LAYOUT_MIN_W	40 /* below this width: "terminal too small" */
#define LAYOUT_MIN_H	12 /* below this height: the same */
#define LAYOUT_NARROW_W 80 /* narrower: the sliders go under the plot */

struct view_type;

struct rect {
	int x, y, w, h;
};

struct layout {
	int w, h;	     /* the terminal */
	int too_small;	     /* 1: only the "too small" message is shown */
	int narrow;	     /* 1: panel under the plot */
	struct rect header;  /* top row */
	struct rect plot;    /* plot box */
	struct rect panel;   /* coefficients box */
	struct rect status;  /* the line above the key bar */
	struct rect keybar;  /* bottom row */
	struct rect console; /* the notebook's console strip (h 0: hidden) */
	struct rect chcap;   /* a lesson chapter's caption rows (h 0: none) */
};

/* Split a w x h terminal. The panel needs `panel_rows` rows inside its box for
 * everything (used to size it in the narrow layout). Never fails. */
void layout_compute(int w, int h, int panel_rows, struct layout *lo);

/* Key codes: Unicode code points for characters, these above them for the rest. */
enum layout_keycode {
	LK_TAB = 9,
	LK_ENTER = 13,
	LK_ESC = 27,
	LK_CTRL_C = 3,
	LK_CTRL_L = 12,
	LK_UP = 0x110001,
	LK_DOWN,
	LK_LEFT,
	LK_RIGHT,
	LK_SLEFT,  /* shift-left */
	LK_SRIGHT, /* shift-right */
	LK_PGUP,
	LK_PGDN,
	LK_HOME,
	LK_END,
	LK_BTAB, /* shift-tab */
	LK_BACKSPACE,
	LK_DELETE,
	LK_F1,
	LK_F10,
	LK_RESIZE, /* the terminal changed size */
	LK_MOUSE,  /* a click (position passed separately) */
};

/* What a key does. */
enum layout_action {
	UA_NONE = 0,
	UA_SEL_PREV,
	UA_SEL_NEXT, /* select coefficient */
	UA_DEC,
	UA_INC, /* one slider step */
	UA_DEC10,
	UA_INC10, /* ten slider steps */
	UA_TYPE,  /* type a coefficient value */
	UA_STEP,  /* one descent step */
	UA_AUTO,  /* MANUAL <-> AUTO */
	UA_FASTER,
	UA_SLOWER, /* AUTO pace */
	UA_LR_DOWN,
	UA_LR_UP,   /* learning-rate ladder */
	UA_LR_TYPE, /* type a learning rate */
	UA_RULE,    /* correct <-> accumulating gradients */
	UA_LOSS,    /* MSE <-> MAE */
	UA_OPTIM,   /* gd -> momentum -> adam */
	UA_RESET,   /* coefficients back to the start */
	UA_NOISE,   /* new noise sample */
	UA_TARGET,  /* next generated target */
	UA_NOISE_DOWN,
	UA_NOISE_UP, /* the generated data's noise, live */
	UA_MODEL,    /* next model */
	UA_ADD_UNIT,
	UA_DEL_UNIT, /* ReLU units */
	UA_REVIVE,   /* new random starts for the dead ReLU units */
	UA_VIEW,     /* next plot view: fit, units, landscape, loss history */
	UA_PAIR,     /* landscape: next pair of coefficients */
	UA_SOLVE,    /* Levenberg-Marquardt from the current coefficients */
	UA_SWEEP,    /* learning-rate sweep */
	UA_SCRUB_BACK,
	UA_SCRUB_FWD, /* replay the run's snapshots */
	UA_GHOST,     /* keep this run as a ghost and start again */
	UA_GUIDES,    /* true function and least-squares fit, faint */
	UA_RESIDUALS, /* a segment from each point to the curve */
	UA_EXPORT,
	UA_EXPORT_TO, /* gnuplot export */
	UA_GLYPHS,    /* Braille -> quadrant -> ASCII */
	UA_REFIT,     /* re-fit the axes */
	UA_CONSOLE,   /* the notebook's console strip: show / hide */
	UA_HELP,      /* help screen */
	UA_REDRAW,    /* repaint the terminal */
	UA_POINTS,    /* point editing on / off (layout_point_keys) */
	UA_SAVE,      /* save the session (S) */
	UA_SAVE_AS,   /* save it to a name typed (W) */
	UA_COMMAND,   /* the command that sets this state up, to the clipboard (Y) */
	UA_PIXELS,    /* the plot in real pixels (a sixel image from gnuplot) */
	UA_QUIT,
	UA_COUNT
};

struct layout_key {
	int key;		   /* enum layout_keycode or a character */
	enum layout_action action; /* what it does */
	const char *help;	   /* help line (the first key of an action carries it) */
	const char *bar;	   /* key-bar label, or NULL */
};
extern const struct layout_key layout_keys[]; /* terminated by key 0 */
/* The action bound to key, or UA_NONE. */
enum layout_action layout_key_action(int key);
/* A key's name for people and scripts: "a", "Space", "Up", "C-l", "F1".
 * Returns buf. */
char *layout_key_name(int key, char *buf, size_t len);
/* Parse a script token (a name from layout_key_name, or one character, or
 * "Return"/"Esc"/"Backspace"...). Returns the key code, or -1 when unknown. */
int layout_key_parse(const char *tok);

/* A slider's range and step. */
struct slider {
	double lo, hi, step;
};
/* The notebook's rule for a start value v: v > 0: -v..3v; v < 0: 3v..-v;
 * v == 0: -1..1; step 0.1 (smaller for tiny ranges). */
void layout_slider_default(double v, struct slider *s);

/* Where the mouse can hit something, recorded as the frame is drawn. */
enum layout_hit_kind {
	LH_TRACK = 0, /* a slider's track: param */
	LH_NAME,      /* a coefficient's name (and its marker): param */
	LH_KEY,	      /* a key-bar entry: key */
};
struct layout_hit {
	int row, x0, x1; /* the cells [x0, x1] of one row */
	size_t param;	 /* coefficient index (LH_TRACK, LH_NAME) */
	enum layout_hit_kind kind;
	int key; /* LH_KEY: the key it presses */
};
#define LAYOUT_MAX_HITS 128

/* Point editing (key P; src/layout-points.c): while it is on, these keys act on
 * the selected data point and the other keys keep their meaning. */
enum layout_point_action {
	UP_NONE = 0,
	UP_LEFT,
	UP_RIGHT, /* move the point along x */
	UP_DOWN,
	UP_UP, /* move it along y */
	UP_PREV,
	UP_NEXT,   /* select another point */
	UP_ADD,	   /* add a point on the curve */
	UP_DELETE, /* delete the point */
	UP_END,	   /* leave point editing */
};
struct layout_point_key {
	int key;
	enum layout_point_action action;
};
extern const struct layout_point_key layout_point_keys[]; /* terminated by key 0 */
/* The point-editing action of key, or UP_NONE. */
enum layout_point_action layout_point_action(int key);
/* The point editing's keys in one line for the status line, as the help has them. */
const char *layout_point_hint(int utf8);
#define LAYOUT_GHOSTS 4 /* runs kept by b, to compare on one screen */

/* A finished run kept to compare with the next one (key b), drawn faint: its
 * curve, its path on the landscape and its loss history. Owned by the app. */
struct layout_ghost {
	int on;				/* 1: there is a ghost */
	const struct model_type *model; /* the model it ran (drawn only while the same) */
	size_t np;			/* its coefficients */
	struct model_cfg mcfg;		/* its configuration */
	double *theta;			/* its last coefficients (np) */
	size_t n;			/* trace snapshots */
	double *tr;			/* n * np coefficients, oldest first */
	double *hist;			/* hist_n losses from step hist_first */
	unsigned long hist_first;
	size_t hist_n;
	unsigned long steps; /* steps it ran */
	double loss;	     /* its last loss */
	char label[64];	     /* "lr 0.2 gd" */
	char said[96];	     /* "gd lr 0.2 MSE 2.939": its optimizer, rate, final loss */
};

/* A learning-rate sweep (key w), being run or done. Owned by the app. */
#define LAYOUT_SWEEP_N 25 /* rates in the explorer's sweep */
struct layout_sweep {
	size_t n, done;	  /* rates, runs finished */
	size_t steps;	  /* steps a run */
	int judged;	  /* 1: verdicts set */
	double best;	  /* the best loss the verdicts used */
	double conv_from; /* first converging rate, or 0 */
	double div_from;  /* first rate of the diverging tail, or 0 */
	struct lab_sweep_row row[LAYOUT_SWEEP_N];
};

/* The slope view (src/view-slope.c): the loss along one coefficient, the others
 * held. Its axes are frozen (chosen on arriving, when the coefficient changes, on z
 * or new data); its tick computes the curve, drawing only reads it. */
#define LAYOUT_SLOPE_N	 256 /* loss samples along the curve */
#define LAYOUT_SLOPE_PTS 6   /* earlier steps drawn */
struct layout_slope {
	int refit;		   /* 1: choose the axes at the next tick */
	int axes_ok;		   /* 1: xlo..yhi are set for coefficient p */
	size_t p;		   /* the coefficient the axes are for */
	unsigned long epoch;	   /* the data/model epoch (land_epoch) they were set in */
	double xlo, xhi, ylo, yhi; /* frozen axes */
	/* the curve: loss at n samples from xlo to xhi along p; the key it was made for */
	size_t n, done;			 /* samples wanted, computed */
	size_t kp, knp;			 /* coefficient, count of coefficients */
	unsigned long khash;		 /* a hash of the held coefficients */
	enum loss_kind kloss;		 /* loss */
	const struct model_type *kmodel; /* model */
	unsigned long kepoch;		 /* data/model epoch */
	double kxlo, kxhi;		 /* x range */
	int quad;			 /* 1: exactly a parabola (MSE, linear model): q holds */
	double q[3];			 /* its values at kxlo, the middle and kxhi */
	double y[LAYOUT_SLOPE_N];	 /* the samples */
	/* what the tick found for the frame (f->step, f->theta as they are now) */
	unsigned long at_step;		       /* the step they were found at */
	double next_x, next_y;		       /* where the next step lands (on the curve) */
	int next_ok;			       /* 1: next_x, next_y hold */
	size_t npts;			       /* earlier steps drawn: */
	double px[LAYOUT_SLOPE_PTS];	       /* their coefficient */
	double py[LAYOUT_SLOPE_PTS];	       /* their loss on the curve now */
	unsigned long pstep[LAYOUT_SLOPE_PTS]; /* their step */
};

/* The explorer's state besides the session. The ui owns it; layout_draw reads it
 * and fills in the outputs. */
struct view {
	int utf8;		    /* line drawing, arrows and Braille allowed */
	enum raster_glyphs glyphs;  /* curve glyphs */
	size_t sel;		    /* selected coefficient */
	int autorun;		    /* 1: AUTO */
	int pace;		    /* > 0: steps per frame; < 0: one step every -pace frames */
	const struct view_type *vt; /* the view in the plot box (view.h); NULL: the default */
	double xlo, xhi, ylo, yhi;  /* frozen plot ranges */
	double ax0[4];		    /* the ranges the session started with (r restores them) */
	int ax0_set;		    /* 1: ax0 is set */
	struct slider *sl;	    /* one per coefficient (not owned) */
	size_t nsl;		    /* how many */
	char msg[256];		    /* status message; "" shows the trend */
	int msg_role;		    /* its colour role (enum raster_role) */
	char caption[256];	    /* a key script's caption (first status row), or "" */
	int help;		    /* 0: no help; k >= 1: the help's page k (cycling) */
	char prompt[96];	    /* "" or the question being typed into */
	char input[4096];	    /* what has been typed (PATH_MAX bytes: a whole path) */
	int input_over;		    /* 1: more was typed than input holds (Enter refuses it) */
	const char *data_note;	    /* shown in the plot title ("generated", a file) */
	char data_note_buf[96];	    /* data_note when made here ("noise 0.3,1.5") */
	double noise_base[2];	    /* the target's own noise (mult, add) the ladder scales */
	int noise_k;		    /* the noise ladder's step (the app's noise_factor[]) */
	int console_on;		    /* 1: the notebook's console strip is shown */
	struct console con;	    /* the last steps, for that strip (filled by the app) */
	int guides;		    /* 1: the true function and least-squares fit, faint */
	int residuals;		    /* 1: a segment from each point to the curve */
	char gauge[128];	    /* the learning-rate gauge line, or "" */
	int gauge_role;		    /* its colour role */
	size_t replay;		    /* 0: live; else the replayed snapshot + 1 */
	size_t replay_n;	    /* snapshots in the run being replayed */
	unsigned long replay_last;  /* the run's last step */
	const struct layout_ghost *ghost; /* LAYOUT_GHOSTS kept runs (b), the newest
					   * first, .on = 0 when empty; or NULL */
	int pt_mode;			  /* 1: point editing (P): the selected point is marked */
	size_t pt_sel;			  /* the selected point */
	const struct layout_sweep *sweep; /* or NULL */
	/* the landscape */
	struct lab_landscape *land; /* the grid (owned by the ui), or NULL: no landscape */
	size_t land_p, land_q;	    /* the pair: across, up */
	double land_plo, land_phi, land_qlo, land_qhi; /* frozen ranges */
	int land_refit;				       /* 1: choose the ranges at the next draw */
	unsigned long land_epoch;		       /* bumped when data, model or loss change */
	unsigned long land_epoch_set;		       /* the epoch of the grid being computed */
	double land_budget;		/* seconds a frame may spend on the grid; 0: all */
	int land_pending;		/* out: rows still missing (draw again soon) */
	struct lab_land_spec land_want; /* the grid the last frame drew (the tick computes it) */
	int land_want_ok;		/* 1: land_want is set */
	double *land_prev;		/* the last complete grid, shown until the next one is */
	size_t land_prev_cap;
	struct lab_land_spec land_prev_spec;
	int land_prev_ok;
	char land_err[128];		   /* why there is no landscape, or "" */
	struct layout_slope slope;	   /* the slope view's axes and curve */
	const double *lm_path;		   /* the solver's iterates (lm_n x lm_np), or NULL */
	size_t lm_n, lm_np;		   /* iterates (the start first), coefficients */
	const struct model_type *lm_model; /* the model they belong to */
	struct mm_step mm;		   /* the matrix view's stepping through X W (. ;) */
	/* a lesson (lesson.h), set on entering a chapter */
	char chapter[160];    /* the header's "chapter 4/14 One step downhill", or "" */
	const char *chcap[3]; /* the chapter's caption lines (not owned) */
	int nchcap;	      /* how many */
	const char *notice;   /* a chapter that cannot be shown: what to do, drawn in place
			       * of plot and panel ('\n' separates paragraphs), or NULL */
	/* outputs of layout_draw */
	struct layout lo;			/* rectangles of the last frame */
	struct layout_hit hit[LAYOUT_MAX_HITS]; /* slider tracks */
	size_t nhit;
	struct raster r;	   /* the plot rasterizer (buffers reused between frames) */
	struct table_preds *tpred; /* a table's predictions, kept between frames (owned) */
	/* the sheet view (src/view-sheet.c) */
	size_t sheet_row;	     /* the sheet's cursor row (the matrix view shows the rows
				      * around it) */
	size_t sheet_top;	     /* the first row on screen */
	size_t sheet_col;	     /* the first column shown after the row labels */
	struct sheet_sum *sheet_sum; /* the sheet's sum over every row, kept between frames
				      * (owned), or NULL */
};

/* Initialise *v for a session with np coefficients (sliders not set; zeroes the
 * rest). */
void layout_view_init(struct view *v, int utf8);
/* Free the rasterizer buffers. */
void layout_view_done(struct view *v);
/* Fit the plot ranges to the data, the current curve and the --view x range
 * (xlo == xhi: the data's range). Not finite values are left out. */
void layout_view_fit(struct view *v, const struct fit *f, double xlo, double xhi);
/* Steps per frame of the AUTO pace (>= 0) for frame number `frame`. */
unsigned long layout_pace_steps(int pace, unsigned long frame);
/* The next pace up (dir +1) or down (-1) on the ladder 1/8, 1/4, 1/2, 1, 2, 5, 10,
 * ... 10000 steps per frame. */
int layout_pace_next(int pace, int dir);
/* "1 step/frame", "1 step/4 frames", "5000 steps/frame" into buf. */
char *layout_pace_text(int pace, char *buf, size_t len);

/* Draw the whole frame for session f into s (already sized to the terminal).
 * Returns FP_OK or FP_EFAIL (no memory for the plot). */
int layout_draw(struct screen *s, struct view *v, const struct fit *f);

/* ---- tables (src/layout-table.c): data of more than one input ---- */

/* Slider ranges for a table's coefficients into sl[0..f->np-1]: -R..R with R the
 * 1-2-5 number at or above the largest of 1, twice the start and 1.5 times the
 * least-squares answer (when known); steps of R/100. (The notebook's -v..3v rule
 * gives tiny ranges to the starts near zero that tables have.) */
void layout_table_sliders(const struct fit *f, struct slider *sl);
/* For tables (f->data->d > 1): append "  79.8% right" (the share of rows predicted
 * right at 0.5, table_accuracy) to the header text in buf. Returns buf. */
char *layout_table_header(const struct view *v, const struct fit *f, char *buf, size_t len);
/* Widen [*ylo, *yhi] to hold every finite prediction of f and the 0.5 threshold
 * (the frozen plot range of the predictions view; z calls it again). */
void layout_table_yrange(const struct view *v, const struct fit *f, double *ylo, double *yhi);
/* The predictions a view keeps for a table between frames: made by layout_view_init
 * (without it, on no memory, the table view shows no predictions), freed by
 * layout_view_done. */
void layout_table_init(struct view *v);
void layout_table_done(struct view *v);
/* Free what the sheet view keeps between frames (src/view-sheet.c). */
void layout_sheet_done(struct view *v);
/* Keys for tables: for an action that makes no sense here (n, t, a, x, G, d)
 * a message in v->msg. Returns 1 when it handled the
 * action (the caller does nothing more), 0 otherwise (and for data of one input). */
int layout_table_key(struct view *v, const struct fit *f, enum layout_action act);
/* Why `act` means nothing for the session's data (a table), as one line, or NULL
 * when it applies. The key bar leaves such keys out. */
const char *layout_table_refusal(const struct fit *f, enum layout_action act);

/* ---- pieces of the frame, each in its file (src/layout-*.c) ---- */

/* Lessons (src/layout-lesson.c). The chapter ("chapter 4/14 One step downhill") at
 * the header's left, cut to `room` columns; returns the column after it. */
int layout_lesson_header(struct screen *s, const struct view *v, const struct rect *r, int room);
/* Rows for the chapter's caption above the status line (lo.chcap), taken from the
 * plot and the panel: all three from 24 rows up, one from 16. */
void layout_lesson_place(struct view *v);
/* The chapter's caption in lo.chcap, bold, each line cut to the width. */
void layout_lesson_caption(struct screen *s, const struct view *v);
/* The notice of a chapter that cannot be shown, boxed in place of plot and panel. */
void layout_lesson_notice(struct screen *s, const struct view *v);
/* The clicker's keys at the key bar's left (PgDn Next, PgUp Back); adds their width
 * to *total; returns the column after them. */
int layout_lesson_keybar(struct screen *s, struct view *v, const struct rect *r, int *total);
/* The lesson's lines for the help screen ("KEYS\twhat"), NULL-terminated. */
extern const char *const layout_lesson_help[];

/* A key's label on the key bar and in the help ("Space", "←→", "S-→"), into buf. */
const char *layout_key_label(int key, int utf8, char *buf, size_t len);
/* Rows the coefficients panel needs inside its box: sliders (one or two rows each)
 * and the lines below them. */
int layout_panel_rows(const struct fit *f, int two_rows);
/* The coefficients panel in rectangle r (its box included); records the sliders'
 * hit areas for the mouse in v. */
void layout_panel_draw(struct screen *s, struct view *v, const struct fit *f, const struct rect *r);
/* The help screen over the frame: page v->help of the key table's lines. */
void layout_help_draw(struct screen *s, const struct view *v, const struct fit *f);

#endif
