/* SPDX-License-Identifier: GPL-3.0-or-later */
/* export-job.c: an export in a forked child, for the explorer: the child writes the
 * copy-on-write snapshot of the session through export_write and reports its status
 * and message through a pipe; the caller polls it between frames (waitpid WNOHANG)
 * and may cancel it (SIGTERM: the child kills gnuplot and cleans up; SIGKILL after
 * a grace period: gnuplot dies with the child, and the caller, who made the
 * private directory, removes it). No terminal, no curses: the child is in its own
 * process group with the caller's handlers reset. */
#include "export.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "gnuplot.h"
#include "util.h"

/* What the child writes, in one write() (less than PIPE_BUF: atomic). */
struct job_report {
	int rc;
	char err[FP_ERRLEN];
};

/* The child has been reaped with status st. Killed: its gnuplot died with it
 * (PR_SET_PDEATHSIG), anything else left in its group goes too. Then what is left
 * of the private directory (nothing when the child committed or removed it: the
 * directory is found by its identity, never by name alone). j becomes idle. */
static void job_reaped(struct export_job *j, int st)
{
	if (!WIFEXITED(st))
		kill(-j->pid, SIGKILL);
	outfile_abort(&j->out);
	if (j->fd >= 0)
		close(j->fd);
	j->pid = 0;
	j->fd = -1;
}

static void job_nap(double seconds)
{
	struct timespec ts = {0, (long)(seconds * 1e9)};
	while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
		;
}

static void job_on_cancel(int sig)
{
	(void)sig;
	gnuplot_cancel();
}

/* The child: a process group of its own, default handlers (the caller's restore the
 * terminal: not ours to run), SIGINT/SIGTERM/SIGHUP cancel, no terminal I/O. */
_Noreturn static void job_child(const struct fit *f, const char *path, struct outfile *o, int wfd,
				const sigset_t *mask)
{
	fp_child_cancellable(job_on_cancel, mask);
	struct job_report r;
	memset(&r, 0, sizeof r);
	r.rc = export_write_into(f, path, o, r.err);
	ssize_t w;
	do
		w = write(wfd, &r, sizeof r);
	while (w < 0 && errno == EINTR);
	_exit(r.rc == FP_OK ? 0 : 1);
}

int export_job_start(struct export_job *j, const struct fit *f, const char *path, char *err)
{
	if (j->pid > 0)
		return fp_err(err, FP_EFAIL, "an export is already running");
	int rc = export_check(f, path, err);
	if (rc)
		return rc;
	size_t n = strlen(path);
	if (n >= sizeof j->path)
		return fp_err(err, FP_EINPUT, "file name too long");
	/* The private directory is the caller's to remove if the child dies. */
	rc = outfile_begin(&j->out, path, err);
	if (rc)
		return rc;
	int p[2];
	if (pipe(p) != 0) {
		int e = errno;
		outfile_abort(&j->out);
		return fp_err(err, FP_EFAIL, "cannot start the export: %s", strerror(e));
	}
	/* The read end never blocks; neither end goes to gnuplot. */
	fcntl(p[0], F_SETFL, fcntl(p[0], F_GETFL) | O_NONBLOCK);
	fcntl(p[0], F_SETFD, FD_CLOEXEC);
	fcntl(p[1], F_SETFD, FD_CLOEXEC);
	/* No handler of ours may run in the child before it has reset them all. */
	sigset_t all, old;
	sigfillset(&all);
	sigprocmask(SIG_SETMASK, &all, &old);
	pid_t pid = fork();
	if (pid == 0) {
		close(p[0]);
		job_child(f, path, &j->out, p[1], &old);
	}
	int e = errno;
	if (pid > 0)
		setpgid(pid, pid); /* as the child does: either may run first */
	sigprocmask(SIG_SETMASK, &old, NULL);
	close(p[1]);
	if (pid < 0) {
		close(p[0]);
		outfile_abort(&j->out);
		return fp_err(err, FP_EFAIL, "cannot start the export: %s", strerror(e));
	}
	j->pid = pid;
	j->fd = p[0];
	j->t0 = fp_now();
	memcpy(j->path, path, n + 1);
	return FP_OK;
}

int export_job_poll(struct export_job *j, int *rc, double *secs, char *err)
{
	if (j->pid <= 0)
		return 0;
	int st = 0;
	pid_t r = waitpid(j->pid, &st, WNOHANG);
	if (r == 0 || (r < 0 && errno == EINTR))
		return 0;
	*secs = fp_now() - j->t0;
	struct job_report rep;
	ssize_t got = r == j->pid ? read(j->fd, &rep, sizeof rep) : -1;
	if (r < 0) {
		*rc = fp_err(err, FP_EFAIL, "lost track of the export: %s", strerror(errno));
		st = 0; /* (its temporaries: the child's to remove) */
	} else if (got == (ssize_t)sizeof rep && WIFEXITED(st)) {
		rep.err[sizeof rep.err - 1] = 0;
		*rc = rep.rc;
		if (rep.rc != FP_OK)
			snprintf(err, FP_ERRLEN, "%s", rep.err);
	} else if (WIFSIGNALED(st))
		*rc =
		    fp_err(err, FP_EFAIL, "the export stopped: killed by signal %d", WTERMSIG(st));
	else
		*rc = fp_err(err, FP_EFAIL, "the export stopped without a word (exit status %d)",
			     WIFEXITED(st) ? WEXITSTATUS(st) : -1);
	job_reaped(j, st);
	return 1;
}

void export_job_cancel(struct export_job *j, double grace)
{
	if (j->pid <= 0)
		return;
	int st;
	kill(j->pid, SIGTERM);
	double end = fp_now() + grace;
	for (;;) {
		pid_t r = waitpid(j->pid, &st, WNOHANG);
		if (r == j->pid || (r < 0 && errno != EINTR)) {
			job_reaped(j, r == j->pid ? st : 0);
			return;
		}
		if (fp_now() >= end)
			break;
		job_nap(0.005);
	}
	kill(-j->pid, SIGKILL);
	kill(j->pid, SIGKILL);
	st = 0;
	while (waitpid(j->pid, &st, 0) < 0 && errno == EINTR)
		;
	job_reaped(j, st);
}
