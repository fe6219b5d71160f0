/* cli.h: the command line into a struct config, and the session built from it.
 * Shared by main.c, the batch mode and the explorer (ui). No curses here. */
#ifndef FITPLAY_CLI_H
#define FITPLAY_CLI_H

#include <stddef.h>

#include "data.h"
#include "fit.h"
#include "loss.h"
#include "model.h"

#define CLI_MAX_RANGES 32 /* --range options kept */

enum cli_log { CLI_LOG_TABLE = 0, CLI_LOG_NOTEBOOK };

struct config {
	const char *preset;       /* preset name ("lesson3" by default) */
	const char *data_path;    /* --data FILE or a bare FILE; NULL: generated */
	const char *table_path;   /* --table FILE (a bare FILE with a table preset); or NULL */
	const char *table_target; /* --target COLUMN with a table (NULL: table.h's default) */
	const char *table_inputs; /* --inputs SPECS (table.h); NULL: the preset's or all */
	int table_no_constant;    /* --no-constant: no "Ones" column */
	struct data_gen_cfg gen;  /* generation recipe */
	char model[64];           /* model spec ("quad", "relus:8") */
	enum loss_kind loss;      /* --loss */
	double lr;                /* --lr */
	double *init;             /* --init values (owned), or NULL */
	size_t ninit;             /* how many */
	int accumulate;           /* --accumulate: the notebook's rule */
	const char *optim;        /* --optim gd|momentum|adam */
	double view_lo, view_hi;  /* x range of plots (equal: automatic) */
	const char *show;         /* --show NAME: the view to open on, or NULL */

	int batch;                /* --batch */
	size_t steps;             /* --steps (100) */
	size_t every;             /* --every (1) */
	enum cli_log log;         /* --log table|notebook */
	int info;                 /* --info */
	const char *export_path;  /* --export FILE */

	int ascii;                /* --ascii */
	int no_mouse;             /* --no-mouse */
	const char *keys_path;    /* --keys FILE */
	const char *dump_path;    /* --dump FILE */
	int ui_w, ui_h;           /* --size WxH of headless screens (0: 100x30) */
	const char *ranges[CLI_MAX_RANGES]; /* --range [NAME=]LO,HI, in order */
	size_t nranges;

	int solve;                /* --solve: Levenberg-Marquardt, key: value lines */
	double sweep_lo, sweep_hi; /* --lr-sweep LO,HI,N */
	size_t sweep_n;           /* rates in the sweep; 0: no sweep */
};

/* What cli_parse asks main to do. */
enum cli_action { CLI_RUN = 0, CLI_HELP, CLI_VERSION };

/* Parse argv into *cfg (defaults, then the preset, then the options).
 * Returns FP_OK with *action set, or FP_EINPUT with a one-line message in err. */
int cli_parse(int argc, char **argv, struct config *cfg, enum cli_action *action, char *err);
/* Free what cfg owns. */
void cli_free(struct config *cfg);
/* Print --help to stdout. */
void cli_usage(const char *prog);

/* Make the data the config asks for (generated or loaded). FP_OK or an error. */
int cli_make_data(const struct config *cfg, struct data *out, char *err);
/* Start a session on data from the config (model, loss, optimizer, lr, init). */
int cli_make_fit(const struct config *cfg, const struct data *data, struct fit *f, char *err);

/* The batch mode: prints the table, notebook log or info. Returns the exit status. */
int cli_batch(const struct config *cfg, struct fit *f);
/* The lab's batch outputs (src/cli-lab.c): --solve's key: value lines and
 * --lr-sweep's table. Return the exit status. */
int cli_lab_solve(const struct config *cfg, struct fit *f);
int cli_lab_sweep(const struct config *cfg, struct fit *f);
/* --export FILE checked before any work (with --lr-sweep: the sweep chart's
 * formats): FP_OK, or FP_EINPUT after the message on stderr. No FILE: FP_OK. */
int cli_lab_export_check(const struct config *cfg, const struct fit *f);
/* After a batch run that ended with status rc: --export FILE of the session as it
 * is now (nothing when rc is a failure other than divergence, or no FILE). Returns
 * rc, or FP_EFAIL after the message on stderr when the export failed. */
int cli_lab_export(const struct config *cfg, const struct fit *f, int rc);
/* --info's lr_limit_estimate line (power iteration on Hessian-vector products). */
void cli_lab_info(const struct fit *f);
/* --info's closed forms, computed here once (the session leaves big ones pending
 * under --info): "lsq:", "lsq_loss:", "lsq_rank: R of P[ (collinear: NAMES)]",
 * "hessian_eigs:", "lr_limit:" lines, or "none (why)". Returns FP_OK, or FP_EFAIL
 * (no memory: said on stderr). */
int cli_lab_closed(const struct fit *f);

#endif
