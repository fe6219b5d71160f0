/* SPDX-License-Identifier: GPL-3.0-or-later */
/* session.h: session files (src/session.c reads them, src/session-write.c writes
 * them, src/session-apply.c puts one back into a configuration, the data and a fit).
 * A session holds what is needed to continue a run exactly: the data's recipe or its
 * file and checksum (the points themselves when few or edited), the model and its
 * coefficients, the loss, rule, optimizer with its internal state, learning rate,
 * step count, loss history and trace, and what the explorer showed (view, axes,
 * selection). Plain text, "fitplay-session 1" on the first line, one `key = value` a
 * line, numbers as %.17g (which gives back every double bit for bit). Core: no
 * curses, nothing printed. */
#ifndef FITPLAY_SESSION_H
#define FITPLAY_SESSION_H

#include <stddef.h>
#include <stdint.h>

#include "data.h"
#include "fit.h"
#include "options.h"

#define SESSION_VERSION	  1		      /* the format written and read */
#define SESSION_MAGIC	  "fitplay-session"   /* the first line's word */
#define SESSION_MAX_BYTES ((size_t)256 << 20) /* largest session file read */
#define SESSION_LINE_MAX  ((size_t)4 << 20)   /* longest line read */
#define SESSION_EMBED_MAX 1000		      /* x,y points embedded without edits */
#define SESSION_EXT	  ".fitplay"	      /* what names a session on the command line */

enum session_source { SESSION_GEN = 0, SESSION_FILE, SESSION_TABLE };

#define SESSION_GHOSTS 4 /* runs kept by b (LAYOUT_GHOSTS) */

/* A kept run (the explorer's b), as layout.h's struct layout_ghost holds it. */
struct session_ghost {
	char model[64];	    /* its model spec */
	double xlo, xhi;    /* its model's x range (kinks) */
	unsigned long seed; /* and seed */
	double *theta;	    /* its last coefficients (owned), np of them */
	size_t np;
	double *tr;   /* its trace, n * np (owned) */
	size_t ntr;   /* values in tr */
	double *hist; /* its losses from hist_first (owned) */
	size_t hist_n;
	unsigned long hist_first, steps;
	double loss;
	char label[64], said[96];
};

/* A line a value came from, for messages after the parse (0: not given). */
struct session_lines {
	unsigned theta, theta0, acc, ostate, points, hist, loss, data, lesson, chapter;
};

struct session {
	char *path; /* the session file (owned), for messages */
	enum session_source source;
	char *preset;		 /* the preset it started from (owned) */
	struct data_gen_cfg gen; /* generated data: the recipe */
	char *data_path;	 /* a CSV or table file (owned), or NULL */
	uint64_t checksum;	 /* its FNV-1a 64 */
	uint64_t size;		 /* its bytes */
	char *table_target;	 /* a table's target column (owned), or NULL */
	char *table_inputs;	 /* its inputs (owned), or NULL */
	int table_no_constant;
	double valid;		  /* --valid's share held back (0: none) */
	unsigned long valid_seed; /* the seed that picked those rows */
	double *points;		  /* embedded x,y pairs (owned), or NULL */
	size_t npoints;
	double data_xlo, data_xhi; /* the data's x range with embedded points */
	char model[64];		   /* model spec */
	enum loss_kind loss;
	char optim[16]; /* optimizer name */
	double lr;
	int accumulate;			       /* the notebook's rule */
	double *theta0, *theta, *acc, *ostate; /* owned; n_* values each */
	size_t n_theta0, n_theta, n_acc, n_ostate;
	double loss_value; /* the loss at theta, as saved (checked on load) */
	unsigned long step;
	int trend; /* enum fit_trend */
	unsigned rising;
	double last_rel_drop;
	unsigned long diverged_step;
	char diverged_what[64];
	unsigned long hist_first; /* the oldest step of hist */
	double *hist;		  /* losses from hist_first to step (owned) */
	size_t n_hist;
	unsigned long trace_stride;
	size_t trace_n; /* snapshots: trace_step, trace_loss, trace_theta (n_theta each) */
	unsigned long *trace_step;
	double *trace_loss, *trace_theta;
	size_t trace_cap;
	/* the explorer */
	int has_view;	 /* 1: the keys below were given */
	char view[32];	 /* view name ("fit", "landscape") */
	size_t sel;	 /* selected coefficient */
	double axes[4];	 /* frozen plot ranges xlo xhi ylo yhi */
	double axes0[4]; /* the ranges the session started with */
	int axes0_set;
	size_t pair[2]; /* the landscape's pair */
	int glyphs, guides, residuals, console;
	double pace; /* AUTO's pace (layout.h: steps per frame, < 0 frames per step); 0: unset */
	int noise_k; /* the noise ladder's step */
	double noise_base[2];
	double view_x[2];			    /* --view x range (equal: automatic) */
	int edited;				    /* 1: the points were edited by hand */
	struct session_ghost ghost[SESSION_GHOSTS]; /* the kept runs, newest first */
	size_t nghost;
	/* the lesson it was saved in (fitplay --lesson), when there is one */
	char *lesson;	    /* a built-in lesson's name, or a lesson file's absolute path (owned) */
	int lesson_is_file; /* 1: lesson is a file, checked by lesson_sum and lesson_size */
	uint64_t lesson_sum;   /* its FNV-1a 64 */
	uint64_t lesson_size;  /* its bytes */
	size_t lesson_chapter; /* the chapter shown (1-based) */
	char *lesson_data;     /* the data file given with --lesson (absolute, owned), or NULL */
	struct session_lines line;
};

/* Free what s owns and zero it. Safe on a zeroed session. */
void session_free(struct session *s);

/* Read and check a session file into *s (zeroed first). Every line is checked: a
 * newer version, an unknown or repeated key, a bad, infinite or NaN number, a count
 * that does not match, a missing key, a truncated file (no `end` line), NUL bytes,
 * lines over SESSION_LINE_MAX, a directory or an unreadable file give FP_EINPUT
 * (FP_EFAIL: no memory) with "FILE:LINE: what" or "FILE: what" in err, and *s is
 * left empty: nothing half-loaded. */
int session_load(const char *path, struct session *s, char *err);
/* Key i of the format (for the man page's test), NULL after the last. */
const char *session_key_name(size_t i);
/* The same on a memory buffer (the fuzzer); `name` is used in messages. */
int session_parse(const char *buf, size_t len, const char *name, struct session *s, char *err);

/* Fill s from a running configuration, its data and fit (the explorer adds its view
 * fields afterwards). `edited`: the points were changed by hand (they are embedded).
 * Reads the data file again for its checksum. Returns FP_OK, or an error in err. */
int session_capture(struct session *s, const struct config *cfg, const struct data *data,
		    const struct fit *f, int edited, char *err);
/* Write s to path through src/outfile.c (a temporary beside it, fsync, rename: a
 * failure leaves the old file). Returns FP_OK or an error with "PATH: why" in err. */
int session_save(const struct session *s, const char *path, char *err);
/* Write s as text into a new buffer (*out, caller frees with fp_free; *len bytes).
 * Returns FP_OK or FP_EFAIL. */
int session_format(const struct session *s, char **out, size_t *len, char *err);

/* The setup of s into cfg (data source, recipe, model, loss, optimizer, rate, rule,
 * starting coefficients): s must outlive cfg (cfg points into it). */
int session_apply_config(const struct session *s, struct config *cfg, char *err);
/* After setup_data: check the data file is the one saved (checksum), and put
 * embedded points in place. FP_OK or FP_EINPUT with "FILE:LINE: what". */
int session_apply_data(const struct session *s, struct data *d, char *err);
/* After setup_fit: the coefficients, optimizer state, step count, history and trace
 * into f; the loss there must be the one saved, bit for bit (else the data or the
 * model changed). FP_OK or FP_EINPUT with "FILE:LINE: what". */
int session_apply_fit(const struct session *s, struct fit *f, char *err);

/* FNV-1a 64 of a file's bytes and its size. FP_OK or FP_EINPUT ("FILE: why"). */
int session_checksum(const char *path, uint64_t *sum, uint64_t *size, char *err);

/* The default name for a save: "fitplay-<model>-step<K>.fitplay" (':' as '-'). */
void session_default_name(const struct fit *f, char *buf, size_t len);

/* The one-line command that sets up this state from the start (coefficients as
 * --init), every value quoted for a POSIX shell, built by walking option_table: every
 * option is either written from the state or listed as not part of it (a test
 * checks none is forgotten). `show`: the view on screen (NULL: none). Into buf; returns the length
 * needed (cut when longer). */
size_t session_command(const struct config *cfg, const struct data *data, const struct fit *f,
		       const char *show, const char *argv0, char *buf, size_t len);
/* 1 when option `name` is known to session_command (written, or not state). */
int session_command_knows(const char *name);
/* s quoted for a POSIX shell ('...' with ' as '\''; bare when only safe bytes). */
size_t session_shell_quote(const char *s, char *buf, size_t len);

#endif
