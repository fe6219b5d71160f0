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
	double view_lo, view_hi; /* x range of plots (equal: automatic) */
	const char *show;	 /* --show NAME: the view to open on, or NULL */
};
struct config {
	struct config_data data;
	struct config_model model;
	struct config_descent descent;
	struct config_output output;
	struct config_explorer explorer;
};

/* What options_parse asks main to do. */
enum config_action { CONFIG_RUN = 0, CONFIG_HELP, CONFIG_VERSION };

/* The part of the config an option sets; also its section of --help. */
enum option_part {
	OPTION_PART_DATA = 0,
	OPTION_PART_MODEL,
	OPTION_PART_DESCENT,
	OPTION_PART_OUTPUT,
	OPTION_PART_EXPLORER,
	OPTION_PART_GENERAL,
};
enum option_arg { OPTION_ARG_NONE = 0, OPTION_ARG_VALUE };

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
/* The part's heading in --help ("Data:"), or NULL (general options: none). */
const char *option_part_heading(enum option_part part);

#endif
