/* SPDX-License-Identifier: GPL-3.0-or-later */
/* solve-job.c: the closed forms in a forked child for the explorer (see
 * solve-job.h), modelled on export-job.c: the child resets the caller's signal
 * handlers (they restore the terminal: not ours to run), leaves the terminal alone,
 * computes, writes [struct solve_closed][theta][collinear] to a pipe and exits; the
 * parent reads the pipe without blocking between frames. No curses, no printing. */
#ifdef __linux__
#define _GNU_SOURCE /* prctl */
#include <sys/prctl.h>
#endif
#include "solve-job.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "util.h"

struct solve_job {
	pid_t pid;
	int fd; /* the pipe's read end, non-blocking */
	size_t np;
	size_t want; /* bytes the answer takes */
	size_t got;  /* bytes read so far */
	unsigned char *buf;
};

static size_t job_bytes(size_t np)
{
	return sizeof(struct solve_closed) + np * sizeof(double) + np;
}

static int write_all(int fd, const unsigned char *p, size_t n)
{
	while (n > 0) {
		ssize_t w = write(fd, p, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

_Noreturn static void job_child(const struct model_type *t, const struct model_cfg *cfg,
				const struct data *d, size_t np, int wfd, const sigset_t *mask)
{
	setpgid(0, 0);
#ifdef __linux__
	prctl(PR_SET_PDEATHSIG, SIGKILL); /* the explorer killed outright: stop too */
#endif
	static const int ignored[] = {SIGINT, SIGTSTP, SIGTTIN, SIGTTOU, SIGWINCH};
	fp_child_begin(ignored, sizeof ignored / sizeof ignored[0]);
	sigprocmask(SIG_SETMASK, mask, NULL);
	size_t want = job_bytes(np);
	unsigned char *buf = fp_calloc(1, want);
	if (!buf)
		_exit(1);
	struct solve_closed r;
	char err[FP_ERRLEN] = "";
	double *theta = (double *)(void *)(buf + sizeof r);
	unsigned char *col = buf + sizeof r + np * sizeof(double);
	if (solve_closed(t, cfg, d, theta, col, NULL, &r, err) != FP_OK) {
		memset(&r, 0, sizeof r);
		r.lsq_rc = r.eig_rc = FP_EFAIL;
		snprintf(r.lsq_err, sizeof r.lsq_err, "%s", err);
		snprintf(r.eig_err, sizeof r.eig_err, "%s", err);
	}
	memcpy(buf, &r, sizeof r);
	int rc = write_all(wfd, buf, want) == 0 ? 0 : 1;
	fp_free(buf);
	_exit(rc);
}

struct solve_job *solve_job_start(const struct model_type *t, const struct model_cfg *cfg,
				  const struct data *d, size_t np, char *err)
{
	struct solve_job *j = fp_calloc(1, sizeof *j);
	if (j)
		j->buf = fp_malloc(job_bytes(np));
	if (!j || !j->buf) {
		if (j)
			fp_free(j);
		fp_err(err, FP_EFAIL, "out of memory for the closed forms");
		return NULL;
	}
	j->np = np;
	j->want = job_bytes(np);
	int p[2];
	if (pipe(p) != 0) {
		fp_err(err, FP_EFAIL, "cannot start the closed forms: %s", strerror(errno));
		fp_free(j->buf);
		fp_free(j);
		return NULL;
	}
	fcntl(p[0], F_SETFL, fcntl(p[0], F_GETFL) | O_NONBLOCK);
	fcntl(p[0], F_SETFD, FD_CLOEXEC);
	fcntl(p[1], F_SETFD, FD_CLOEXEC);
	sigset_t all, old;
	sigfillset(&all);
	sigprocmask(SIG_SETMASK, &all, &old);
	pid_t pid = fork();
	if (pid == 0) {
		close(p[0]);
		fp_free(j->buf); /* the parent's: nothing of it leaks in the child (valgrind) */
		fp_free(j);
		job_child(t, cfg, d, np, p[1], &old);
	}
	int e = errno;
	if (pid > 0)
		setpgid(pid, pid);
	sigprocmask(SIG_SETMASK, &old, NULL);
	close(p[1]);
	if (pid < 0) {
		close(p[0]);
		fp_err(err, FP_EFAIL, "cannot start the closed forms: %s", strerror(e));
		fp_free(j->buf);
		fp_free(j);
		return NULL;
	}
	j->pid = pid;
	j->fd = p[0];
	return j;
}

static void job_free(struct solve_job *j)
{
	if (j->fd >= 0)
		close(j->fd);
	fp_free(j->buf);
	fp_free(j);
}

int solve_job_poll(struct solve_job *j, double *theta, unsigned char *collinear,
		   struct solve_closed *out)
{
	int eof = 0;
	while (j->got < j->want) {
		ssize_t r = read(j->fd, j->buf + j->got, j->want - j->got);
		if (r > 0) {
			j->got += (size_t)r;
			continue;
		}
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
			return 0;
		eof = 1; /* the child ended (or the pipe failed) before the whole answer */
		break;
	}
	int st = 0;
	while (waitpid(j->pid, &st, 0) < 0 && errno == EINTR)
		;
	if (!eof && WIFEXITED(st) && WEXITSTATUS(st) == 0) {
		memcpy(out, j->buf, sizeof *out);
		memcpy(theta, j->buf + sizeof *out, j->np * sizeof *theta);
		memcpy(collinear, j->buf + sizeof *out + j->np * sizeof *theta, j->np);
		out->lsq_err[sizeof out->lsq_err - 1] = out->eig_err[sizeof out->eig_err - 1] = 0;
	} else {
		memset(out, 0, sizeof *out);
		out->lsq_rc = out->eig_rc = FP_EFAIL;
		if (WIFSIGNALED(st))
			snprintf(out->lsq_err, sizeof out->lsq_err,
				 "the closed forms stopped: killed by signal %d", WTERMSIG(st));
		else
			snprintf(out->lsq_err, sizeof out->lsq_err,
				 "the closed forms stopped without an answer (out of memory?)");
		snprintf(out->eig_err, sizeof out->eig_err, "%s", out->lsq_err);
	}
	job_free(j);
	return 1;
}

void solve_job_cancel(struct solve_job *j)
{
	if (!j)
		return;
	kill(j->pid, SIGKILL);
	while (waitpid(j->pid, NULL, 0) < 0 && errno == EINTR)
		;
	job_free(j);
}
