/* SPDX-License-Identifier: GPL-3.0-or-later */
/* gnuplot.c: quoting strings for gnuplot scripts and running gnuplot safely (the only
 * process spawn in fitplay): fork and execve without a shell (fork rather than
 * posix_spawnp, for PR_SET_PDEATHSIG and fchdir in the child), a time limit, no
 * zombie, and no gnuplot outliving the process that started it. */
#define _GNU_SOURCE
#include "gnuplot.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "util.h"

extern char **environ;

#define LOG_EXCERPT 160 /* bytes of gnuplot's log quoted in a message */

static volatile sig_atomic_t gp_cancelled; /* gnuplot_cancel was called */
static volatile sig_atomic_t gp_running;   /* the gnuplot being waited for, or 0 */

/* 1 when byte c may appear in a script string as itself. */
static int plain_byte(unsigned char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
	       c == ' ' || c == '.' || c == '_' || c == '-';
}

/* 1 when byte c is written as itself after a byte written as `prev_escaped`:
 * gnuplot 5.4 reads "\0" followed by up to three more octal digits, so an octal
 * digit right after an escape is escaped too ("(2" is \050\062, not \0502). */
static int plain_after(unsigned char c, int prev_escaped)
{
	return plain_byte(c) && !(prev_escaped && c >= '0' && c <= '7');
}

size_t gnuplot_quoted_len(const char *s)
{
	size_t n = 2;
	int esc = 0;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		esc = !plain_after(*p, esc);
		n += esc ? 4 : 1;
	}
	return n;
}

int gnuplot_quote(const char *s, char *buf, size_t len)
{
	static const char oct[] = "01234567";
	if (!len)
		return -1;
	if (gnuplot_quoted_len(s) >= len) {
		buf[0] = 0;
		return -1;
	}
	char *o = buf;
	int esc = 0;
	*o++ = '"';
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		esc = !plain_after(*p, esc);
		if (!esc) {
			*o++ = (char)*p;
		} else {
			*o++ = '\\';
			*o++ = oct[(*p >> 6) & 7];
			*o++ = oct[(*p >> 3) & 7];
			*o++ = oct[*p & 7];
		}
	}
	*o++ = '"';
	*o = 0;
	return 0;
}

int gnuplot_fput_quoted(FILE *fp, const char *s)
{
	char small[256];
	size_t need = gnuplot_quoted_len(s) + 1;
	char *b = need <= sizeof small ? small : fp_malloc(need);
	if (!b)
		return -1;
	gnuplot_quote(s, b, need);
	int rc = fputs(b, fp) < 0 ? -1 : 0;
	if (b != small)
		fp_free(b);
	return rc;
}

double gnuplot_timeout(void)
{
	const char *e = getenv(GNUPLOT_TIMEOUT_ENV);
	double t;
	if (e && fp_parse_double(e, &t) == 0 && t > 0 && t <= 86400)
		return t;
	return GNUPLOT_TIMEOUT_DEFAULT;
}

/* The environment without GNUTERM (a NULL-terminated copy of the pointers). */
static char **child_env(void)
{
	size_t n = 0;
	for (char **e = environ; e && *e; e++)
		n++;
	char **env = fp_calloc(n + 1, sizeof *env);
	if (!env)
		return NULL;
	size_t k = 0;
	for (char **e = environ; e && *e; e++)
		if (strncmp(*e, "GNUTERM=", 8) != 0)
			env[k++] = *e;
	env[k] = NULL;
	return env;
}

/* The first informative lines of the log (not blank, not a lone caret), joined with
 * " / ", control bytes shown as '?', at most LOG_EXCERPT bytes, into out. */
static void log_excerpt(int dirfd, const char *log_path, char *out, size_t len)
{
	char raw[2048];
	out[0] = 0;
	int fd = openat(dirfd, log_path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0)
		return;
	ssize_t got = read(fd, raw, sizeof raw - 1);
	close(fd);
	if (got <= 0)
		return;
	raw[got] = 0;
	size_t o = 0, lines = 0, cap = len < LOG_EXCERPT + 1 ? len : LOG_EXCERPT + 1;
	char *save = NULL;
	for (char *ln = strtok_r(raw, "\n", &save); ln && lines < 2;
	     ln = strtok_r(NULL, "\n", &save)) {
		if (strspn(ln, " \t\r^") == strlen(ln))
			continue;
		if (lines && o + 3 < cap) {
			memcpy(out + o, " / ", 3);
			o += 3;
		}
		for (const unsigned char *p = (const unsigned char *)ln; *p && o + 1 < cap; p++)
			out[o++] = (*p < 0x20 || *p == 0x7f) ? '?' : (char)*p;
		lines++;
	}
	while (o && out[o - 1] == ' ')
		o--;
	out[o] = 0;
}

static void nap(double seconds)
{
	struct timespec ts = {(time_t)seconds, (long)((seconds - (double)(time_t)seconds) * 1e9)};
	while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
		;
}

/* Wait for pid until the deadline; 1 when it ended (*status set), 0 on timeout,
 * -1 when it cannot be waited for. */
static int wait_until(pid_t pid, double deadline, int *status)
{
	double pause = 0.001;
	for (;;) {
		pid_t r = waitpid(pid, status, WNOHANG);
		if (r == pid)
			return 1;
		if (r < 0 && errno != EINTR)
			return -1;
		double now = fp_now();
		if (now >= deadline)
			return 0;
		if (pause > deadline - now)
			pause = deadline - now;
		nap(pause);
		if (pause < 0.02)
			pause *= 2;
	}
}

void gnuplot_cancel(void)
{
	gp_cancelled = 1;
	pid_t pid = (pid_t)gp_running;
	if (pid > 0) {
		kill(-pid, SIGKILL);
		kill(pid, SIGKILL);
	}
}

/* The gnuplot that PATH names (as execvp would find it), into buf; -1 when none. */
static int find_gnuplot(char *buf, size_t len)
{
	const char *path = getenv("PATH");
	if (!path)
		path = "/bin:/usr/bin";
	for (const char *p = path;; p++) {
		const char *e = strchr(p, ':');
		size_t n = e ? (size_t)(e - p) : strlen(p);
		int w = n ? snprintf(buf, len, "%.*s/gnuplot", (int)n, p)
			  : snprintf(buf, len, "./gnuplot");
		struct stat st;
		if (w > 0 && (size_t)w < len && stat(buf, &st) == 0 && S_ISREG(st.st_mode) &&
		    access(buf, X_OK) == 0)
			return 0;
		if (!e)
			return -1;
		p = e;
	}
}

/* The child between fork and exec: only async-signal-safe calls. It dies with the
 * thread that forked it (PR_SET_PDEATHSIG: an export child killed by SIGKILL takes
 * its gnuplot along), leads a group of its own, runs in dirfd (AT_FDCWD: here),
 * stdin /dev/null, stdout and stderr to log_path, default signals, none blocked. */
_Noreturn static void gnuplot_child(pid_t parent, int dirfd, const char *exe, char *const argv[],
				    char *const env[], const char *log_path)
{
	prctl(PR_SET_PDEATHSIG, SIGKILL);
	if (getppid() != parent)
		_exit(127);
	setpgid(0, 0);
	int sigs[] = {SIGPIPE, SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGCHLD, SIGALRM, SIGXFSZ};
	for (size_t i = 0; i < sizeof sigs / sizeof sigs[0]; i++)
		signal(sigs[i], SIG_DFL);
	sigset_t none;
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
	if (dirfd != AT_FDCWD && fchdir(dirfd) != 0)
		_exit(126);
	int in = open("/dev/null", O_RDONLY);
	int out = open(log_path, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW, 0600);
	if (in < 0 || out < 0 || dup2(in, 0) < 0 || dup2(out, 1) < 0 || dup2(out, 2) < 0)
		_exit(126);
	if (in > 2)
		close(in);
	if (out > 2)
		close(out);
	execve(exe, argv, env);
	_exit(127);
}

int gnuplot_run(const char *script, const char *log_path, double timeout, char *err)
{
	return gnuplot_run_in(AT_FDCWD, script, log_path, timeout, err);
}

int gnuplot_run_in(int dirfd, const char *script, const char *log_path, double timeout, char *err)
{
	if (gp_cancelled)
		return fp_err(err, FP_EFAIL, "export cancelled");
	if (timeout <= 0)
		timeout = gnuplot_timeout();
	/* gnuplot reads a script name starting with '<' as a command to run. */
	if (!script[0] || script[0] == '<' || script[0] == '|' || script[0] == '-')
		return fp_err(err, FP_EFAIL, "refusing to run gnuplot on a script named like that");
	char exe[4096];
	if (find_gnuplot(exe, sizeof exe) != 0)
		return fp_err(err, FP_EFAIL, "gnuplot not found: install gnuplot-nox");
	char **env = child_env();
	if (!env)
		return fp_err(err, FP_EFAIL, "out of memory starting gnuplot");
	char *argv[] = {"gnuplot", "-d", (char *)script, NULL};
	/* No handler of ours may run in the child before it has reset them. */
	sigset_t all, old;
	sigfillset(&all);
	sigprocmask(SIG_SETMASK, &all, &old);
	pid_t parent = getpid();
	pid_t pid = fork();
	if (pid == 0)
		gnuplot_child(parent, dirfd, exe, argv, env, log_path);
	int e = errno;
	if (pid > 0)
		setpgid(pid, pid); /* as the child does: either may run first */
	sigprocmask(SIG_SETMASK, &old, NULL);
	fp_free(env);
	if (pid < 0)
		return fp_err(err, FP_EFAIL, "cannot start gnuplot: %s", strerror(e));

	/* A cancel from a signal handler kills it from now on; one just before, here. */
	gp_running = (sig_atomic_t)pid;
	if (gp_cancelled)
		gnuplot_cancel();
	int status = 0;
	int w = wait_until(pid, fp_now() + timeout, &status);
	gp_running = 0;
	if (w == 0) {
		kill(-pid, SIGKILL);
		kill(pid, SIGKILL);
		while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
			;
		char t[32];
		return fp_err(err, FP_EFAIL, "gnuplot took longer than %s s: killed",
			      fp_fmt(t, sizeof t, timeout, 3));
	}
	if (w < 0)
		return fp_err(err, FP_EFAIL, "cannot wait for gnuplot: %s", strerror(errno));
	/* Descendants it left behind in its group go too. */
	kill(-pid, SIGKILL);
	char ex[LOG_EXCERPT + 1];
	if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
		return FP_OK;
	log_excerpt(dirfd, log_path, ex, sizeof ex);
	if (WIFEXITED(status) && WEXITSTATUS(status) == 127 && !ex[0])
		return fp_err(err, FP_EFAIL, "gnuplot not found: install gnuplot-nox");
	if (WIFEXITED(status) && WEXITSTATUS(status) == 126 && !ex[0])
		return fp_err(err, FP_EFAIL, "cannot start gnuplot (its directory or log)");
	if (WIFEXITED(status))
		return fp_err(err, FP_EFAIL, "gnuplot failed (exit status %d)%s%s",
			      WEXITSTATUS(status), ex[0] ? ": " : "", ex);
	if (WIFSIGNALED(status) && WTERMSIG(status) == SIGXFSZ)
		return fp_err(err, FP_EFAIL,
			      "file too large (gnuplot went over the file size limit, ulimit -f)");
	if (WIFSIGNALED(status))
		return fp_err(err, FP_EFAIL, "gnuplot killed by signal %d%s%s", WTERMSIG(status),
			      ex[0] ? ": " : "", ex);
	return fp_err(err, FP_EFAIL, "gnuplot ended abnormally");
}
