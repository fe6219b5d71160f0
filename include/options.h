/* SPDX-License-Identifier: GPL-3.0-or-later */
/* options.h: what a run is asked to do (struct config, one part per section of
 * --help) and the option table that fills it from argv (src/options.c), as tmux's
 * options-table.c: each row gives getopt_long its option, the parser its handler
 * and --help its line. Core: nothing here prints. */
#ifndef FITPLAY_OPTIONS_H
#define FITPLAY_OPTIONS_H

#include <stddef.h>

#include "data.h"
#include "loss.h"

struct lesson; /* include/lesson.h */

#define CONFIG_MAX_RANGES 32 /* --range options kept */

enum config_log { CONFIG_LOG_TABLE = 0, CONFIG_LOG_NOTEBOOK };

/* Where the points come from. */
struct config_data {
	const char *preset;	  /* preset name ("lesson3" by default) */
	const char *path;	  /* --data FILE or a bare FILE; NULL: generated */
	const char *table_path;	  /* --table FILE (a bare FILE with a table preset); or NULL */
	const char *table_target; /* --target COLUMN with a table (NULL: table.h's default) */
	const char *table_inputs; /* --inputs SPECS (table.h); NULL: the preset's or all */
	int table_no_constant;	  /* --no-constant: no "Ones" column */
	double valid;		  /* --valid FRACTION held back from descent (0: none) */
	unsigned long valid_seed; /* the seed that picks them: --seed's (n leaves it) */
	struct data_gen_cfg gen;  /* generation recipe */
};
/* What is fitted, and how it is measured. */
struct config_model {
	char spec[64];	     /* model spec ("quad", "relus:8") */
	enum loss_kind loss; /* --loss */
	double *init;	     /* --init values (owned), or NULL */
	size_t ninit;	     /* how many */
};
/* How the descent steps. */
struct config_descent {
	double lr;	   /* --lr */
	int accumulate;	   /* --accumulate: the notebook's rule */
	const char *optim; /* --optim gd|momentum|adam */
};
/* The batch mode's outputs. */
struct config_output {
	int batch;		   /* --batch */
	size_t steps;		   /* --steps (100; also the explorer's sweep) */
	size_t every;		   /* --every (1) */
	enum config_log log;	   /* --log table|notebook */
	int info;		   /* --info */
	const char *export_path;   /* --export FILE */
	int solve;		   /* --solve: Levenberg-Marquardt, key: value lines */
	double sweep_lo, sweep_hi; /* --lr-sweep LO,HI,N */
	size_t sweep_n;		   /* rates in the sweep; 0: no sweep */
	const char *save_path;	   /* --save FILE: the session at the end of the run */
	int print_command;	   /* --print-command */
	const char *completion;	   /* --completion SHELL: print its script */
	int json;		   /* --json: JSON instead of text (cli-emit.h) */
};
/* The explorer. */
struct config_explorer {
	int ascii;	       /* --ascii */
	int console;	       /* --console: the notebook's console strip at the start */
	int no_mouse;	       /* --no-mouse */
	const char *keys_path; /* --keys FILE */
	const char *dump_path; /* --dump FILE */
	int w, h;	       /* --size WxH of headless screens (0: 100x30) */
	const char *ranges[CONFIG_MAX_RANGES]; /* --range [NAME=]LO,HI, in order */
	size_t nranges;
	double view_lo, view_hi;  /* x range of plots (equal: automatic) */
	const char *show;	  /* --show NAME: the view to open on, or NULL */
	const char *session_path; /* --session FILE or a bare FILE.fitplay, or NULL */
	const char *record_path;  /* --record FILE: the live keys as a key script */
};
struct session; /* include/session.h */
/* A lesson (--lesson): chapters turned by PgDn/PgUp (include/lesson.h). */
struct config_lesson {
	int on;			      /* --lesson given */
	const char *name;	      /* --lesson=NAME|FILE, or a bare NAME.keys; NULL: lesson3 */
	size_t chapter;		      /* --chapter N (1-based; 0: the first) */
	const char *deck_dir;	      /* --export-deck DIR, or NULL */
	const char *deck_format;      /* --deck-format png|svg|pdf (png) */
	int play;		      /* --play: chapters turn by themselves on their timers */
	const struct lesson *loaded;  /* the lesson, loaded and checked (main), or NULL */
	const struct session *resume; /* a session saved in it: opened on top of its chapter */
};
struct config {
	const struct session *session; /* the session opened (main sets it), or NULL */
	struct config_data data;
	struct config_model model;
	struct config_descent descent;
	struct config_output output;
	struct config_explorer explorer;
	struct config_lesson lesson;
};

/* What options_parse asks main to do. */
enum config_action { CONFIG_RUN = 0, CONFIG_HELP, CONFIG_VERSION, CONFIG_COMPLETION };

/* The part of the config an option sets; also its section of --help. */
enum option_part {
	OPTION_PART_DATA = 0,
	OPTION_PART_MODEL,
	OPTION_PART_DESCENT,
	OPTION_PART_OUTPUT,
	OPTION_PART_EXPLORER,
	OPTION_PART_SCRIPTS, /* the explorer's key scripts and dumps (--help: "Explorer:") */
	OPTION_PART_LESSON,
	OPTION_PART_GENERAL,
};
enum option_arg { OPTION_ARG_NONE = 0, OPTION_ARG_VALUE, OPTION_ARG_OPTIONAL /* --name[=X] */ };

struct option_ctx; /* the parse under way (src/options.c) */
struct option_entry {
	const char *name;    /* long name without "--"; NULL: a line of --help only */
	int shortopt;	     /* 'h', or 0 */
	enum option_arg arg; /* whether it takes a value */
	const char *metavar; /* the value's name in --help and errors ("X"), or NULL */
	const char *help;    /* --help text ('\n' starts a continuation line; "%s":
			      * list's output), or NULL: not listed on its own */
	size_t (*list)(char *buf, size_t size);		   /* a registry's names for help's "%s" */
	int (*set)(struct option_ctx *x, const char *arg); /* FP_OK or an error in x */
	enum option_part part;
};
/* Every option, in --help order; ends with a row whose name, help and set are NULL. */
extern const struct option_entry option_table[];

/* Parse argv into *cfg (defaults, then the preset, then the options). Returns FP_OK
 * with *action set, or FP_EINPUT (FP_EFAIL: no memory) with a one-line message in
 * err naming the option and what is wrong with it. Free cfg with options_free
 * either way. */
int options_parse(int argc, char **argv, struct config *cfg, enum config_action *action, char *err);
/* Free what cfg owns. */
void options_free(struct config *cfg);
/* The --help lines of the table, section headings included, into buf (NUL-ended,
 * cut at size). Returns the length the whole text needs. */
size_t options_help(char *buf, size_t size);
/* The row of option `name` (a long name, whole), or NULL. */
const struct option_entry *options_find(const char *name);
/* Check one option's value alone, as --NAME VALUE would be (VALUE NULL for an
 * option without one), on a scratch config. FP_OK, or FP_EINPUT with its message. */
int options_check_one(const struct option_entry *o, const char *value, char *err);
/* 1 when option row o may be a lesson's setting line: the parts that shape a
 * session (data, model, descent, explorer), not batch outputs, key scripts, lessons
 * or general options. */
int options_is_setting(const struct option_entry *o);
/* The part's heading in --help ("Data:"), or NULL (general options: none). */
const char *option_part_heading(enum option_part part);

#endif
