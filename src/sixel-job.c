/* SPDX-License-Identifier: GPL-3.0-or-later */
/* sixel-job.c: the real-pixels picture (sixel_plot) in a forked child, so that the
 * explorer stays live while gnuplot draws: the child sends 'S' and the image, or 'E'
 * and the reason, through a pipe the caller reads between frames; a cancel (a key
 * pressed meanwhile, quitting) closes the pipe and sends SIGTERM (the child kills
 * gnuplot, removes its private directory and exits), SIGKILL after a grace period.
 * The child is in its own process group with default handlers, as the export's. */
#include "sixel.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "gnuplot.h"
#include "util.h"

static void sixel_job_on_cancel(int sig)
{
	(void)sig;
	gnuplot_cancel();
}

/* Write all of b to fd; 0 or -1 (the reader went away). */
static int put_all(int fd, const char *b, size_t n)
{
	while (n) {
		ssize_t w = write(fd, b, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		b += w;
		n -= (size_t)w;
	}
	return 0;
}

_Noreturn static void sixel_job_child(const struct fit *f, int w, int h, int wfd,
				      const sigset_t *mask)
{
	char err[FP_ERRLEN], *img = NULL;
	size_t len = 0;
	fp_child_cancellable(sixel_job_on_cancel, mask);
	int rc = sixel_plot(f, w, h, &img, &len, err);
	if (rc == FP_OK)
		rc = put_all(wfd, "S", 1) || put_all(wfd, img, len) ? FP_EFAIL : FP_OK;
	else if (put_all(wfd, "E", 1) == 0)
		(void)put_all(wfd, err, strlen(err));
	_exit(rc == FP_OK ? 0 : 1);
}

int sixel_job_start(struct sixel_job *j, const struct fit *f, int w, int h, char *err)
{
	int p[2];
	if (j->pid > 0)
		return fp_err(err, FP_EFAIL, "a picture is already being drawn");
	memset(j, 0, sizeof *j);
	j->fd = -1;
	if (pipe(p) != 0)
		return fp_err(err, FP_EFAIL, "cannot start gnuplot: %s", strerror(errno));
	fcntl(p[0], F_SETFL, fcntl(p[0], F_GETFL) | O_NONBLOCK);
	fcntl(p[0], F_SETFD, FD_CLOEXEC);
	fcntl(p[1], F_SETFD, FD_CLOEXEC);
	sigset_t all, old; /* no handler of ours may run in the child */
	sigfillset(&all);
	sigprocmask(SIG_SETMASK, &all, &old);
	pid_t pid = fork();
	if (pid == 0) {
		close(p[0]);
		sixel_job_child(f, w, h, p[1], &old);
	}
	int e = errno;
	if (pid > 0)
		setpgid(pid, pid);
	sigprocmask(SIG_SETMASK, &old, NULL);
	close(p[1]);
	if (pid < 0) {
		close(p[0]);
		return fp_err(err, FP_EFAIL, "cannot start gnuplot: %s", strerror(e));
	}
	j->pid = pid;
	j->fd = p[0];
	j->t0 = fp_now();
	return FP_OK;
}

/* The child is gone (reaped with status st, or lost): its group too; j idle. */
static void sixel_job_reaped(struct sixel_job *j, int st)
{
	if (!WIFEXITED(st))
		kill(-j->pid, SIGKILL);
	if (j->fd >= 0)
		close(j->fd);
	fp_free(j->buf);
	j->buf = NULL;
	j->len = j->cap = 0;
	j->pid = 0;
	j->fd = -1;
}

/* Read what the child has sent so far. 1: the end (EOF), 0: more to come, -1: no
 * memory or a read error. */
static int sixel_job_read(struct sixel_job *j)
{
	for (;;) {
		if (j->len + 65536 > j->cap) {
			size_t cap = j->cap ? j->cap * 2 : 262144;
			char *nb =
			    cap <= SIXEL_MAX_BYTES + 65536 ? fp_realloc(j->buf, cap + 1) : NULL;
			if (!nb)
				return -1;
			j->buf = nb;
			j->cap = cap;
		}
		ssize_t r = read(j->fd, j->buf + j->len, j->cap - j->len);
		if (r > 0)
			j->len += (size_t)r;
		else if (r == 0)
			return 1;
		else if (errno == EINTR)
			continue;
		else
			return errno == EAGAIN || errno == EWOULDBLOCK ? 0 : -1;
	}
}

int sixel_job_poll(struct sixel_job *j, char **img, size_t *len, double *secs, int *rc, char *err)
{
	if (j->pid <= 0)
		return 0;
	int r = sixel_job_read(j);
	if (r == 0)
		return 0;
	int st = 0;
	while (waitpid(j->pid, &st, 0) < 0 && errno == EINTR)
		;
	*secs = fp_now() - j->t0;
	*img = NULL;
	*len = 0;
	if (r < 0) {
		*rc = fp_err(err, FP_EFAIL, "out of memory for the picture");
	} else if (j->len > 1 && j->buf[0] == 'S' && WIFEXITED(st) && WEXITSTATUS(st) == 0) {
		*rc = FP_OK;
		*len = j->len - 1;
		memmove(j->buf, j->buf + 1, *len);
		j->buf[*len] = 0;
		*img = j->buf; /* the caller's now */
		j->buf = NULL;
	} else if (j->len > 1 && j->buf[0] == 'E') {
		j->buf[j->len] = 0;
		*rc = fp_err(err, FP_EFAIL, "%.400s", j->buf + 1);
	} else {
		*rc = fp_err(err, FP_EFAIL, "gnuplot's drawing stopped (%s %d)",
			     WIFSIGNALED(st) ? "signal" : "exit status",
			     WIFSIGNALED(st) ? WTERMSIG(st) : WEXITSTATUS(st));
	}
	sixel_job_reaped(j, st);
	return 1;
}

void sixel_job_cancel(struct sixel_job *j, double grace)
{
	if (j->pid <= 0)
		return;
	int st = 0;
	close(j->fd); /* a child writing the picture stops at once (EPIPE) */
	j->fd = -1;
	kill(j->pid, SIGTERM);
	double end = fp_now() + grace;
	for (;;) {
		pid_t r = waitpid(j->pid, &st, WNOHANG);
		if (r == j->pid || (r < 0 && errno != EINTR)) {
			sixel_job_reaped(j, r == j->pid ? st : 0);
			return;
		}
		if (fp_now() >= end)
			break;
		struct timespec ts = {0, 5000000};
		nanosleep(&ts, NULL);
	}
	kill(-j->pid, SIGKILL);
	kill(j->pid, SIGKILL);
	while (waitpid(j->pid, &st, 0) < 0 && errno == EINTR)
		;
	sixel_job_reaped(j, st);
}
