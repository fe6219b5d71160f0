/* SPDX-License-Identifier: GPL-3.0-or-later */
/* app.h: the explorer's state machine (src/app.c: state, key dispatch by the key
 * table's handlers, frames) and key scripts (src/script.c), shared by the terminal
 * loop (src/ui.c), the headless --keys/--dump mode and the tests. Core: no curses,
 * nothing printed. */
#ifndef FITPLAY_APP_H
#define FITPLAY_APP_H

#include "data.h"
#include "export.h"
#include "fit.h"
#include "lab.h"
#include "layout.h"
#include "options.h"
#include "raster.h"

enum app_prompt {
	APP_PROMPT_NONE = 0,
	APP_PROMPT_VALUE,
	APP_PROMPT_LR,
	APP_PROMPT_EXPORT,
	APP_PROMPT_SAVE,
};

struct lesson_run;

struct app {
	struct config *cfg;	/* the options (noise and target changes write gen) */
	struct data *data;	/* the points (replaced in place by n and t) */
	struct fit *f;		/* the session (replaced in place by m, a, x) */
	struct view v;		/* what layout_draw reads */
	struct slider *sl;	/* slider ranges, one per coefficient (owned) */
	struct screen scr;	/* the frame being drawn */
	unsigned long frame;	/* AUTO frames run */
	enum app_prompt prompt; /* what Enter applies */
	int quit;		/* 1: leave */
	int repaint;		/* 1: the terminal should be repainted from scratch */
	int mouse;		/* 1: clicks are on */
	double budget;		/* seconds an AUTO frame may spend stepping (0: no limit) */
	/* the learning-rate lab */
	struct lab_landscape *land;		  /* the landscape grid (v.land), or NULL */
	struct layout_ghost ghost[LAYOUT_GHOSTS]; /* the kept runs, newest first (b; v.ghost) */
	struct layout_sweep *sweep;		  /* the sweep (w; v.sweep), or NULL */
	int sweep_active;			  /* 1: rates still to run, one batch a frame */
	struct fit sweep_fit;	/* the rate under way (live: a share of it a frame) */
	int sweep_fit_on;	/* 1: sweep_fit holds a run begun and not ended */
	int lm_active;		/* 1: Levenberg-Marquardt under way (s) */
	double *lm_theta;	/* its iterate, its start, then up to APP_LM_PATH iterates
				 * (v.lm_path), lm_np each (owned) */
	size_t lm_np, lm_iters; /* coefficients; iterations so far */
	double lm_start_loss;	/* MSE at its start */
	struct lab_limit lim;	/* the learning-rate limit behind the gauge */
	int lim_state;		/* 0 stale, 1 known, -1 none here */
	double *lim_theta;	/* the coefficients lim was estimated at (lim_np) */
	size_t lim_np;
	const struct model_type *lim_model;
	enum loss_kind lim_loss;
	unsigned long lim_epoch;
	double lim_time; /* when (fp_now) */
	double lim_cost; /* seconds that estimate took */
	double *lim_vec; /* live: the estimate's direction, the next one starts there */
	int lim_pending; /* 1: the coefficients moved since; estimate again soon */
	double *rbuf;	 /* replay: the snapshot's coefficients and gradient */
	size_t rbuf_cap;
	/* export (e, E) */
	int export_async;      /* 1 (the live terminal): in a child, polled by the loop;
				* 0 (key scripts headless, tests): done before the key returns */
	struct export_job job; /* the export under way (job.pid 0: none) */
	int quit_wait;	       /* 1: q was pressed during an export: quit when it ends */
	/* the mouse (app_mouse) and point editing */
	int drag;		    /* what button 1 holds: 0 nothing, 1 a slider, 2 a point */
	struct layout_hit drag_hit; /* the slider's track, as it was at the press */
	size_t drag_pt;		    /* the point being dragged */
	double drag_dx, drag_dy;    /* the point less the middle of the cell pressed */
	char data_note[160];	    /* the plot title's "generated, edited" */
	int edited;		    /* 1: the points were edited by hand (a session keeps them) */
	char *clip;		    /* Y: text for the terminal's clipboard (OSC 52), owned, or
				     * NULL; src/ui.c sends it and frees it */
	int clip_ok;		    /* 1: a live terminal that may take OSC 52 (src/ui.c) */
	struct record *rec;	    /* --record: keys are written here (record.h), or NULL */
	int ascii_term;		    /* 1: the terminal has no Braille (TERM=linux): ASCII */
	struct lesson_run *lr;	    /* the lesson being shown (lesson.h), or NULL */
	unsigned long revives;	    /* R presses that revived units: the next draw's seed */
	/* real pixels (I): the ui says whether the terminal shows sixel images */
	int pixels_ok;	      /* 1: it does (the ui asked it); 0: not, or no terminal */
	char pixels_why[160]; /* when not: why ("" : no terminal, a key script) */
	int pixels_req;	      /* 1: I was pressed: the ui draws the picture after the frame */
	int pixels_shown;     /* 1: the picture covers the plot: the next key repaints */
};

/* Set up the state for session f. Slider ranges from the notebook's rule and the
 * --range options. Returns FP_OK, or FP_EINPUT with a message (bad --range). */
int app_init(struct app *a, struct config *cfg, struct data *data, struct fit *f, int utf8,
	     char *err);
/* Session files (src/app-session.c): a->cfg->session's view (selection, view, axes,
 * ...) put back after app_init; save the session to path (NULL: the default name);
 * Y's command into the status line and a->clip. */
void app_session_restore(struct app *a);
void app_session_save(struct app *a, const char *path);
void app_session_command(struct app *a);
/* Free what the state owns (not the session or the data). */
void app_done(struct app *a);
/* Rebuild the explorer from cfg while it runs (src/app-rebuild.c): cfg's data and
 * session replace *a->data and *a->f, the view starts afresh (as app_init), and what
 * the terminal set is kept (frame budgets, background exports, the mouse, forced
 * ASCII, the lesson). cfg must outlive the state (a->cfg). FP_OK, or an error with
 * a message and nothing changed (the data could not be read, the session not made). */
int app_rebuild(struct app *a, struct config *cfg, char *err);
/* Handle one key (enum layout_keycode or a character). */
void app_key(struct app *a, int key);
/* 1 when action `act` has a handler (every action the key table binds must). */
int app_action_handled(enum layout_action act);
/* A mouse click at screen cell (x, y): app_mouse's press then release. */
void app_click(struct app *a, int x, int y);
/* What the mouse did (src/ui.c reads the terminal's reports into these). */
enum app_mouse_ev {
	APP_MOUSE_PRESS = 0, /* button 1 down */
	APP_MOUSE_DRAG,	     /* the pointer moved with button 1 held */
	APP_MOUSE_RELEASE,   /* button 1 up */
	APP_MOUSE_PRESS3,    /* button 3 (right) down */
	APP_MOUSE_WHEEL_UP,  /* the wheel, a notch */
	APP_MOUSE_WHEEL_DOWN,
};
#define APP_MOUSE_MOD 1 /* mods: Shift, Ctrl or Alt was held */
/* A mouse event at screen cell (x, y) of the last frame drawn. Button 1 on a
 * slider's track sets the value under the pointer and drags it until the release;
 * the wheel over a slider moves it a step; a key-bar entry presses its key; a
 * coefficient's name selects it. In the fit view (x,y data) button 1 on a point
 * drags it, on empty space with a modifier (or during point editing, P) adds one;
 * button 3, or a modifier, on a point deletes it. Ignored while a value is typed;
 * a press closes the help. */
void app_mouse(struct app *a, enum app_mouse_ev ev, int x, int y, int mods);
/* One frame: AUTO's steps, and a share of the solver's or the sweep's work. Returns
 * 1 when the frame must be drawn again. */
int app_tick(struct app *a);
/* 1 when frames must keep coming without keys (AUTO, the solver, the sweep, a
 * landscape still being computed). */
int app_busy(const struct app *a);
/* Draw the frame at size w x h into a->scr. Returns FP_OK or FP_EFAIL. */
int app_render(struct app *a, int w, int h);
/* A key script's caption on the first status row until the next one ("" clears). */
void app_say(struct app *a, const char *text);
/* A one-off message in the status line, until the next key. */
void app_note(struct app *a, const char *text);
/* With export_async: 1 while an export runs in its child. */
int app_exporting(const struct app *a);
/* Check on the export under way (never blocks): when it has ended, its result goes
 * to the status line ("exported NAME (0.2 s)" or the error), and a quit waiting for
 * it happens. Returns 1 when it ended (draw again), else 0. */
int app_export_poll(struct app *a);
/* Stop the export under way, if any, leaving no process and no partial file (for a
 * signal or a lost terminal; app_done does it too). */
void app_export_cancel(struct app *a);

/* A key script (script.c), parsed ahead of time. */
enum script_kind {
	SCRIPT_KEY = 0, /* press key */
	SCRIPT_WAIT,	/* let n frames pass (AUTO runs its pace each frame) */
	SCRIPT_SAY,	/* caption text */
	SCRIPT_DELAY,	/* live replay: n ms between keys from now on */
	SCRIPT_SIZE,	/* headless: the screen is w x h from now on */
	SCRIPT_PAUSE,	/* lessons: wait for the presenter's next key (headless: none) */
};
struct script_ev {
	enum script_kind kind;
	int key;       /* SCRIPT_KEY */
	long n, m;     /* WAIT frames, DELAY ms, SIZE w and h */
	char *text;    /* SCRIPT_SAY (owned) */
	unsigned line; /* where in the file */
};
struct script {
	struct script_ev *ev; /* events in order (owned) */
	size_t n, cap;
};
/* Read and check a key script. Returns FP_OK, or FP_EINPUT/FP_EFAIL with
 * "FILE:LINE: what" in err. */
int script_load(const char *path, struct script *s, char *err);
/* Free the events. */
void script_free(struct script *s);
/* The whole of a key script or lesson file into *out (NUL-ended, owned by the
 * caller; at most 1 MiB, no NUL bytes). FP_OK, or FP_EINPUT/FP_EFAIL and "FILE: why". */
int script_read(const char *path, char **out, char *err);
/* One line (ln, of file path) of a key script into s: keys, type, say, wait,
 * delay, size, pause; blanks and comments add nothing. The line is changed in
 * place. FP_OK, or FP_EINPUT/FP_EFAIL with "FILE:LINE: what" in err. */
int script_parse_line(struct script *s, char *line, unsigned ln, const char *path, char *err);
/* Replay a script without a terminal at w x h (changed by `size`), then write the
 * final screen as text to dump_path ("-" = stdout). Returns an exit status. */
int script_run_headless(struct app *a, const struct script *s, int w, int h, const char *dump_path,
			char *err);
/* Write a->scr as text to path ("-" = stdout). Returns FP_OK or FP_EFAIL. */
int app_dump(struct app *a, const char *path, char *err);

#endif
