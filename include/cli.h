/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cli.h: the binary's outputs without the explorer: --help, the batch mode and the
 * lab's batch outputs (src/cli*.c). The options themselves are the core's
 * (options.h), and so is the session built from them (setup.h). */
#ifndef FITPLAY_CLI_H
#define FITPLAY_CLI_H

#include "fit.h"
#include "options.h"

struct emit; /* the field emitter (cli-emit.h) */

/* Print --help to stdout: the option table's lines (options_help) between a
 * header and the exit statuses. */
void cli_usage(const char *prog);
/* Print --version to stdout: the version, the CBLAS in use, the copyright, the
 * licence (GPL-3.0-or-later) and the absence of warranty. */
void cli_version(void);
/* Print shell's completion script (completion_script) to stdout. */
void cli_completion(const char *shell);

/* --lesson (src/cli-lesson.c): the lesson found, read and checked, then the
 * explorer on it or (--export-deck) its pictures. Returns the exit status, with a
 * message in err when it is not 0 (and nothing printed yet). */
int cli_lesson(struct config *cmd, char *err);
/* A session saved in a lesson, opened in the explorer: its lesson (a file must be the
 * one saved: checksum) at its chapter, the session's state on top (cli_lesson with
 * cfg->lesson.resume). Messages name the session's FILE:LINE. */
struct session;
int cli_lesson_session(struct config *cfg, const struct session *s, char *err);

/* The batch mode: prints the table, notebook log or info. Returns the exit status. */
int cli_batch(const struct config *cfg, struct fit *f);
/* The lab's batch outputs (src/cli-lab.c): --solve's key: value lines and
 * --lr-sweep's table, or one JSON document each (--json). Return the exit status. */
int cli_lab_solve(const struct config *cfg, struct fit *f);
int cli_lab_sweep(const struct config *cfg, struct fit *f);
/* --export FILE checked before any work (with --lr-sweep: the sweep chart's
 * formats): FP_OK, or FP_EINPUT after the message on stderr. No FILE: FP_OK. */
int cli_lab_export_check(const struct config *cfg, const struct fit *f);
/* After a batch run that ended with status rc: --export FILE of the session as it
 * is now (nothing when rc is a failure other than divergence, or no FILE). Returns
 * rc, or FP_EFAIL after the message on stderr when the export failed. */
int cli_lab_export(const struct config *cfg, const struct fit *f, int rc);
/* --info's lr_limit_estimate field (power iteration on Hessian-vector products). */
void cli_lab_info(const struct fit *f, struct emit *e);
/* --info's closed forms, computed here once (the session leaves big ones pending
 * under --info): fields "lsq", "lsq_loss", "lsq_rank" ("R of P[ (collinear:
 * NAMES)]"), "hessian_eigs", "lr_limit", or none and why. Returns FP_OK, or
 * FP_EFAIL (no memory: said on stderr). */
int cli_lab_closed(const struct fit *f, struct emit *e);
/* A field of the model's coefficient names (comma-separated; a JSON array). */
void cli_emit_names(struct emit *e, const char *key, const struct fit *f);

#endif
