/* SPDX-License-Identifier: GPL-3.0-or-later */
/* main.c: options, data, session; then the explorer, or the batch mode when asked
 * or when there is no terminal. The only place that calls exit statuses. */
#include <errno.h>
#include <fcntl.h>
#include <locale.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <gsl/gsl_errno.h>

#include "cli.h"
#include "model.h"
#include "session.h"
#include "setup.h"
#include "ui.h"
#include "util.h"

/* The last step of every run: stdout flushed, checked and closed (fp_out_close). A
 * write that failed makes the run fail (exit 1) with the reason on stderr; a reader
 * that went away (EPIPE: `fitplay --batch | head -1`) ends fitplay the way it ends any
 * filter, by SIGPIPE and without a message (a shell shows status 141). */
static int finish(int rc)
{
	int e = fp_out_close();
	if (e == 0)
		return rc;
	if (e == EPIPE) {
		sigset_t set;
		sigemptyset(&set);
		sigaddset(&set, SIGPIPE);
		signal(SIGPIPE, SIG_DFL);
		sigprocmask(SIG_UNBLOCK, &set, NULL);
		raise(SIGPIPE);
		return FP_EFAIL; /* not reached */
	}
	fprintf(stderr, "fitplay: write error on standard output%s%s\n", e > 0 ? ": " : "",
		e > 0 ? strerror(e) : "");
	return FP_EFAIL;
}

/* Whether the explorer has a terminal: stdout and stdin one. With the data read from
 * standard input (`cat points.csv | fitplay -`), the keys come from /dev/tty, as less
 * reads them: it replaces fd 0 (the pipe, read to its end). 1: a terminal; 0: none,
 * and why (for the note that the batch mode runs instead). */
static int explorer_tty(const struct config *cfg, char *why, size_t len)
{
	int data_stdin = (cfg->data.path && strcmp(cfg->data.path, "-") == 0) ||
			 (cfg->data.table_path && strcmp(cfg->data.table_path, "-") == 0);
	if (!isatty(STDOUT_FILENO)) {
		snprintf(why, len, "no terminal on standard output");
		return 0;
	}
	if (isatty(STDIN_FILENO))
		return 1;
	if (!data_stdin) {
		snprintf(why, len, "no terminal on standard input");
		return 0;
	}
	int fd = open("/dev/tty", O_RDWR | O_NOCTTY | O_CLOEXEC);
	if (fd < 0 || !isatty(fd)) {
		snprintf(why, len,
			 "the data came on standard input, and there is no terminal "
			 "on /dev/tty for the keys (%s)",
			 fd < 0 ? strerror(errno) : "not a terminal");
		if (fd >= 0)
			close(fd);
		return 0;
	}
	int ok = dup2(fd, STDIN_FILENO) == STDIN_FILENO;
	close(fd);
	if (!ok)
		snprintf(why, len, "/dev/tty: %s", strerror(errno));
	return ok;
}

/* Whether the explorer (not the batch mode) will run: on a terminal, or headless. */
static int explorer_bound(const struct config *cfg)
{
	char why[256];
	if (cfg->output.batch || cfg->output.info)
		return 0;
	if (cfg->explorer.keys_path && cfg->explorer.dump_path)
		return 1;
	return isatty(STDOUT_FILENO) && isatty(STDIN_FILENO) && explorer_tty(cfg, why, sizeof why);
}

/* A session saved in a lesson, in the explorer: the lesson at its chapter with the
 * session on top (in the batch mode the run just continues, below). */
static int open_in_lesson(struct config *cfg, struct session *sess)
{
	char err[FP_ERRLEN] = "";
	int rc = cli_lesson_session(cfg, sess, err);
	if (rc && err[0] && !fp_out_errno())
		fprintf(stderr, "fitplay: %s\n", err);
	session_free(sess);
	options_free(cfg);
	return finish(rc);
}

int main(int argc, char **argv)
{
	char err[FP_ERRLEN] = "";
	struct config cfg;
	enum config_action action;
	gsl_set_error_handler_off();
	signal(SIGPIPE, SIG_IGN);
	int rc = options_parse(argc, argv, &cfg, &action, err);
	if (rc) {
		fprintf(stderr, "fitplay: %s\n", err);
		options_free(&cfg);
		return rc;
	}
	if (action == CONFIG_HELP) {
		cli_usage("fitplay");
		options_free(&cfg);
		return finish(FP_OK);
	}
	if (action == CONFIG_COMPLETION) {
		cli_completion(cfg.output.completion);
		options_free(&cfg);
		return finish(FP_OK);
	}
	if (action == CONFIG_VERSION) {
		cli_version();
		options_free(&cfg);
		return finish(FP_OK);
	}
	if (cfg.lesson.on) {
		rc = cli_lesson(&cfg, err);
		if (rc && err[0] && !fp_out_errno())
			fprintf(stderr, "fitplay: %s\n", err);
		options_free(&cfg);
		return finish(rc);
	}
	struct data data;
	struct fit fit;
	struct session sess;
	memset(&fit, 0, sizeof fit);
	memset(&sess, 0, sizeof sess);
	memset(&data, 0, sizeof data);
	/* A session: its state replaces the setup the options describe; nothing of it
	 * is used unless all of it reads back. */
	if (cfg.explorer.session_path) {
		rc = session_load(cfg.explorer.session_path, &sess, err);
		if (!rc && sess.lesson && explorer_bound(&cfg))
			return open_in_lesson(&cfg, &sess);
		if (!rc)
			rc = session_apply_config(&sess, &cfg, err);
		cfg.session = &sess;
	}
	if (!rc)
		rc = setup_data(&cfg, &data, err);
	if (!rc && cfg.session)
		rc = session_apply_data(&sess, &data, err);
	if (rc) {
		fprintf(stderr, "fitplay: %s\n", err);
		data_free(&data);
		session_free(&sess);
		options_free(&cfg);
		return rc;
	}
	/* The explorer, or the batch mode: asked for, or no terminal (why says so). */
	char why[256] = "";
	int headless = cfg.explorer.keys_path && cfg.explorer.dump_path;
	int batch = cfg.output.batch || cfg.output.info;
	int tty = !batch && !headless && explorer_tty(&cfg, why, sizeof why);
	/* Big closed forms: in the background for the explorer on a terminal (no key
	 * script: its screens stay the same every run), computed once by --info. */
	fit_closed_defer(cfg.output.info || (tty && !cfg.explorer.keys_path));
	rc = setup_fit(&cfg, &data, &fit, err);
	if (!rc && cfg.session)
		rc = session_apply_fit(&sess, &fit, err);
	if (rc) {
		fprintf(stderr, "fitplay: %s\n", err);
		fit_done(&fit);
		data_free(&data);
		session_free(&sess);
		options_free(&cfg);
		return rc;
	}
	if (batch || (!tty && !headless)) {
		if (!batch)
			fprintf(stderr, "fitplay: %s: running the batch mode (--batch)\n", why);
		rc = cli_batch(&cfg, &fit);
	} else {
		rc = ui_run(&cfg, &data, &fit, err);
		/* --dump - that could not be written: finish says why */
		if (rc && err[0] && !fp_out_errno())
			fprintf(stderr, "fitplay: %s\n", err);
	}
	fit_done(&fit);
	data_free(&data);
	options_free(&cfg);
	session_free(&sess);
	return finish(rc);
}
