/* SPDX-License-Identifier: GPL-3.0-or-later */
/* lesson.h: lessons: a key script with chapters, each with its title, caption,
 * settings (any command-line option that shapes a session, checked by the option
 * table itself) and scripted keys, and the lookup of installed lessons
 * (src/lesson.c); the run of a lesson in the explorer (chapters entered fresh,
 * turned by PgDn/PgUp, Home, # N Enter), headless or live, and its deck
 * (src/lesson-run.c). Core: no curses, nothing printed. */
#ifndef FITPLAY_LESSON_H
#define FITPLAY_LESSON_H

#include <stddef.h>

#include "app.h"
#include "options.h"

#define LESSON_CAPTION_LINES 3	       /* a chapter's caption: lines at most */
#define LESSON_MAX_CHAPTERS  99	       /* chapters in one lesson */
#define LESSON_MAX_SETTINGS  64	       /* setting lines in one chapter (or before the first) */
#define LESSON_DEFAULT	     "lesson3" /* the built-in lesson */

/* One setting line: `model relus:3` is --model relus:3. */
struct lesson_setting {
	const struct option_entry *opt; /* the option (options_is_setting) */
	char *value;			/* its value (owned), or NULL (no value) */
	unsigned line;			/* where in the file */
};

struct lesson_chapter {
	char *title;			     /* `chapter TITLE` (owned) */
	char *caption[LESSON_CAPTION_LINES]; /* `caption TEXT` lines (owned) */
	size_t ncaption;
	char *needs; /* `needs TEXT`: what to say when its data file cannot be read (owned) */
	struct lesson_setting set[LESSON_MAX_SETTINGS];
	size_t nset;
	struct script sc; /* its keys, say, wait, type, delay, pause */
	unsigned line;	  /* the `chapter` line */
};

struct lesson {
	char *path;					 /* the file (owned) */
	struct lesson_setting base[LESSON_MAX_SETTINGS]; /* settings before the first chapter */
	size_t nbase;
	struct lesson_chapter *ch; /* chapters in order (owned) */
	size_t n;
};

/* Parse a lesson from text (path names it in messages; text is changed). Returns
 * FP_OK, or FP_EINPUT/FP_EFAIL with "FILE:LINE: what" in err and *l empty. Checks
 * each line alone (a setting's value as its option would); lesson_check checks the
 * chapters' sessions. */
int lesson_parse(const char *path, char *text, struct lesson *l, char *err);
/* lesson_parse of a file. */
int lesson_load(const char *path, struct lesson *l, char *err);
/* Free what l owns. */
void lesson_free(struct lesson *l);
/* The file of lesson `name` (NULL: the built-in lesson3) into out: a path with a
 * slash or ending in ".keys" as it is; else NAME.keys in, first found: the
 * directory $FITPLAY_DATADIR, the installed data directory (FITPLAY_DATADIR from
 * the Makefile's PREFIX), the source tree's assets/ next to the binary (exe_dir, or
 * NULL) and one level up. FP_OK, or FP_EINPUT with the places looked in. */
int lesson_find(const char *name, const char *exe_dir, char *out, size_t len, char *err);
/* The config of chapter k (0-based): the lesson's base settings, then the
 * chapter's, parsed by options_parse as a command line would be; a `data` or
 * `table` setting reads the command line's data file instead when cmd has one;
 * cmd's look (--ascii, --no-mouse, --size, --keys, --dump) kept. *file gets the
 * data file the chapter reads (or NULL). Free out with options_free either way.
 * FP_OK, or FP_EINPUT with "FILE:LINE: what". */
int lesson_config(const struct lesson *l, size_t k, const struct config *cmd, struct config *out,
		  const char **file, char *err);
/* Every chapter's config, and the session of each whose data can be read (setup,
 * --show, --range), as the explorer would build them. FP_OK or FP_EINPUT with
 * "FILE:LINE: what" (the chapter's line). */
int lesson_check(const struct lesson *l, const struct config *cmd, char *err);
/* "01-a-quadratic-by-hand": chapter k's file name stem (without extension). */
void lesson_slug(const struct lesson *l, size_t k, char *buf, size_t len);

/* A lesson being shown in the explorer (owned by the caller, pointed at by app.lr). */
struct lesson_run {
	const struct lesson *l;
	const struct config *cmd; /* the command line's config */
	struct config cfg;	  /* the current chapter's (owned) */
	int cfg_set;		  /* 1: cfg holds a parse to free */
	size_t cur;		  /* the current chapter (0-based) */
	size_t si;		  /* its next script event */
	int playing;		  /* 1: its script still runs */
	int paused;		  /* 1: at a `pause`: PgDn goes on */
	double next_ev;		  /* live: when the next event is due (fp_now) */
	double key_delay;	  /* live: seconds between keys */
	int live;		  /* 1: the terminal (timers); 0: headless (all at once) */
	int play;		  /* --play: pauses time out, chapters turn by themselves */
	int taken;		  /* 1: the teacher pressed a key in this chapter */
	int w, h;		  /* headless: the screen size */
	int typing;		  /* 1: `#` pressed, digits being typed */
	char num[8];		  /* the digits so far */
	char notice[640];	  /* a chapter whose data is missing: what to do ("" none) */
};

/* Start the lesson in app a (already initialised with any session) at chapter k:
 * r is filled, a->lr set. FP_OK, or an error with a message. */
int lesson_run_start(struct lesson_run *r, struct app *a, const struct lesson *l,
		     const struct config *cmd, size_t k, int live, char *err);
/* Enter chapter k (clamped): its session built fresh from its config, its header
 * and caption shown, its script started (headless: played through). A chapter whose
 * data file cannot be read shows r->notice and the lesson goes on. */
void lesson_enter(struct app *a, size_t k);
/* A key in lesson mode, before the explorer's: PgDn (at a pause: go on; else the
 * next chapter), PgUp, Home, # N Enter. Any other key stops the chapter's script
 * (the teacher takes over) and returns 0 for the explorer to handle. Returns 1 when
 * the lesson used the key. */
int lesson_key(struct app *a, int key);
/* Live: when the next scripted event is due (fp_now's clock), or a large number. */
double lesson_due(const struct app *a);
/* Live: play the events due at `now`. Returns 1 when the screen changed. */
int lesson_poll(struct app *a, double now);
/* Free the run's config (not the lesson). */
void lesson_run_done(struct lesson_run *r);

/* The deck (--export-deck DIR): each chapter entered, its script played, its
 * picture written as DIR/NN-slug.EXT (ext: png, svg or pdf) through the export path,
 * titled with the chapter's title and caption. Chapters whose data is missing are
 * skipped and named in skipped (cut at len). Returns FP_OK or the first error. */
int lesson_deck(struct app *a, const char *dir, const char *ext, char *skipped, size_t len,
		char *err);

#endif
