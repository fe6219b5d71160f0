/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-export-job.c: exports in a child process (export_job_*, the explorer's e and E):
 * the picture is the session at the start even when it is stepped and freed at once;
 * results and errors are export_write's own; a second job is refused; a cancel
 * (with the caller's own SIGTERM handler installed, as the explorer has) kills
 * gnuplot's whole group, leaves no file, temporary or zombie; gnuplot_cancel makes
 * later runs refuse; a child killed with SIGKILL, or one that ignores the cancel,
 * leaves no gnuplot running and no temporary directory. */
#define _GNU_SOURCE
#include "testutil.h"

#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "export.h"
#include "fit.h"
#include "gnuplot.h"
#include "util.h"

static char tmpdir_env[300]; /* TMPDIR for exports: must be empty after each test */

static int setup(void **state)
{
	if (tu_tmpdir_make("tj") != 0)
		return -1;
	tu_path_in(tmpdir_env, sizeof tmpdir_env, "tmp");
	if (mkdir(tmpdir_env, 0700) != 0)
		return -1;
	return setenv("TMPDIR", tmpdir_env, 1);
}

static int teardown(void **state)
{
	return tu_tmpdir_remove();
}

/* Entries of dir whose name starts with prefix ("" counts all but . and ..). */
static int count_in(const char *dir, const char *prefix)
{
	DIR *d = opendir(dir);
	assert_non_null(d);
	struct dirent *e;
	int n = 0;
	while ((e = readdir(d)))
		if (strcmp(e->d_name, ".") && strcmp(e->d_name, "..") &&
		    strncmp(e->d_name, prefix, strlen(prefix)) == 0)
			n++;
	closedir(d);
	return n;
}

static void no_children_left(void)
{
	int st;
	errno = 0;
	assert_int_equal(waitpid(-1, &st, WNOHANG), -1);
	assert_int_equal(errno, ECHILD);
}

/* 1 when pid has ended (gone, or a zombie of a parent that is not us). */
static int ended(pid_t pid)
{
	char p[64], buf[256];
	if (kill(pid, 0) != 0)
		return errno == ESRCH;
	snprintf(p, sizeof p, "/proc/%d/stat", (int)pid);
	FILE *fp = fopen(p, "r");
	if (!fp)
		return 1;
	size_t n = fread(buf, 1, sizeof buf - 1, fp);
	fclose(fp);
	buf[n] = 0;
	char *rp = strrchr(buf, ')');
	return rp && rp[1] == ' ' && rp[2] == 'Z';
}

static void wait_ended(pid_t pid, double seconds)
{
	double end = fp_now() + seconds;
	while (!ended(pid)) {
		if (fp_now() > end)
			fail_msg("process %d still running", (int)pid);
		usleep(10000);
	}
}

/* The lesson's data and a quad session after `steps` steps. */
static void lesson_fit(struct data *d, struct fit *f, size_t steps)
{
	struct data_gen_cfg g;
	char err[FP_ERRLEN];
	data_gen_cfg_lesson(&g);
	assert_int_equal(data_gen(&g, d, err), FP_OK);
	struct model_cfg mc = {0};
	mc.d = 1;
	mc.xlo = d->xlo;
	mc.xhi = d->xhi;
	const struct model_type *t = NULL;
	for (size_t i = 0; model_types[i]; i++)
		if (strcmp(model_types[i]->name, "quad") == 0)
			t = model_types[i];
	assert_non_null(t);
	if (fit_init(f, d, t, &mc, LOSS_MSE, NULL, 0.01, NULL, err) != FP_OK)
		fail_msg("fit_init: %s", err);
	fit_step(f, steps);
}

/* Poll until the job ends (at most `seconds`); its status, message and time. */
static int finish(struct export_job *j, double seconds, char *err, double *secs)
{
	int rc = -1;
	double end = fp_now() + seconds;
	while (!export_job_poll(j, &rc, secs, err)) {
		if (fp_now() > end)
			fail_msg("the export did not end within %.0f s", seconds);
		usleep(5000);
	}
	assert_int_equal(j->pid, 0);
	return rc;
}

/* The picture is the state at the start: the session is stepped, then freed, while
 * the child writes it (.gp: no gnuplot needed). */
static void test_snapshot(void **state)
{
	struct data d;
	struct fit f;
	struct export_job j = {0};
	char path[300], err[FP_ERRLEN] = "";
	double secs;
	lesson_fit(&d, &f, 5);
	tu_path_in(path, sizeof path, "snap.gp");
	assert_int_equal(export_job_start(&j, &f, path, err), FP_OK);
	assert_true(j.pid > 0);
	assert_int_equal(getpgid(j.pid), j.pid); /* its own group: no terminal signals */
	fit_step(&f, 50);
	fit_done(&f);
	data_free(&d);
	assert_int_equal(finish(&j, 30, err, &secs), FP_OK);
	char *gp = tu_read(path);
	if (!strstr(gp, " model, step 5, "))
		fail_msg("snap.gp is not the session at step 5: %.200s", gp);
	free(gp);
	assert_int_equal(count_in(tu_tmpdir, ".fitplay-"), 0);
	no_children_left();
	print_message(".gp in a child: %.3f s\n", secs);
}

/* A PNG through the real gnuplot. */
static void test_png(void **state)
{
	if (!tu_have_gnuplot())
		skip();
	struct data d;
	struct fit f;
	struct export_job j = {0};
	char path[300], err[FP_ERRLEN] = "";
	double secs;
	lesson_fit(&d, &f, 3);
	tu_path_in(path, sizeof path, "real.png");
	assert_int_equal(export_job_start(&j, &f, path, err), FP_OK);
	assert_int_equal(finish(&j, 60, err, &secs), FP_OK);
	char *b = tu_read(path);
	assert_memory_equal(b + 1, "PNG", 3);
	free(b);
	assert_true(secs > 0);
	assert_int_equal(count_in(tmpdir_env, ""), 0);
	no_children_left();
	fit_done(&f);
	data_free(&d);
	print_message("PNG in a child: %.3f s\n", secs);
}

/* Errors are export_write's: refused at once without a child (a missing directory,
 * an unknown extension), or reported when it ends (gnuplot failing); one job at a
 * time; an idle job polls and cancels as nothing. */
static void test_errors(void **state)
{
	struct data d;
	struct fit f;
	struct export_job j = {0};
	char path[300], err[FP_ERRLEN] = "", want[FP_ERRLEN] = "", old[4096];
	double secs = -1;
	int rc = -1;
	lesson_fit(&d, &f, 2);
	assert_int_equal(export_job_poll(&j, &rc, &secs, err), 0);
	export_job_cancel(&j, 1);
	const char *bad[] = {"no-such-dir/x.png", "x.jpeg", "", "/"};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		char p[300];
		if (bad[i][0] && bad[i][0] != '/')
			tu_path_in(p, sizeof p, bad[i]);
		else
			snprintf(p, sizeof p, "%s", bad[i]);
		assert_int_equal(export_job_start(&j, &f, p, err), FP_EINPUT);
		assert_int_equal(export_check(&f, p, want), FP_EINPUT);
		assert_string_equal(err, want);
		assert_int_equal(j.pid, 0);
	}
	no_children_left();

	/* gnuplot fails: the same message as export_write's */
	tu_fake_gnuplot("echo 'line 1: bad thing'\nexit 3", old, sizeof old);
	tu_path_in(path, sizeof path, "fail.png");
	assert_int_equal(export_write(&f, path, want), FP_EFAIL);
	assert_int_equal(export_job_start(&j, &f, path, err), FP_OK);
	char err2[FP_ERRLEN];
	assert_int_equal(export_job_start(&j, &f, path, err2), FP_EFAIL);
	assert_string_equal(err2, "an export is already running");
	assert_int_equal(finish(&j, 30, err, &secs), FP_EFAIL);
	setenv("PATH", old, 1);
	assert_string_equal(err, want);
	assert_non_null(strstr(err, "exit status 3"));
	assert_false(tu_exists(path));
	assert_int_equal(count_in(tu_tmpdir, ".fitplay-"), 0);
	assert_int_equal(count_in(tmpdir_env, ""), 0);
	no_children_left();
	fit_done(&f);
	data_free(&d);
}

static volatile sig_atomic_t got_signal;
static void on_signal(int sig)
{
	got_signal = sig;
}

/* Cancel while gnuplot (and a child of its own) runs: with the explorer's kind of
 * handlers in the caller (they only set a flag), the child still stops: gnuplot's
 * group is killed, nothing is written, no temporary, process or zombie is left. */
static void test_cancel(void **state)
{
	struct data d;
	struct fit f;
	struct export_job j = {0};
	char path[300], pids[300], body[1600], err[FP_ERRLEN] = "", old[4096];
	struct sigaction sa, oint, oterm;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, &oint);
	sigaction(SIGTERM, &sa, &oterm);
	lesson_fit(&d, &f, 2);
	tu_path_in(pids, sizeof pids, "gnuplot.pids");
	snprintf(
	    body, sizeof body,
	    "/bin/sleep 1000 &\necho $! > '%s.tmp'\necho $$ >> '%s.tmp'\n/bin/mv '%s.tmp' '%s'\n"
	    "exec /bin/sleep 1000",
	    pids, pids, pids, pids);
	tu_fake_gnuplot(body, old, sizeof old);
	tu_path_in(path, sizeof path, "cancelled.gif");
	assert_int_equal(export_job_start(&j, &f, path, err), FP_OK);
	double end = fp_now() + 20;
	while (!tu_exists(pids) && fp_now() < end)
		usleep(5000);
	setenv("PATH", old, 1);
	if (!tu_exists(pids))
		fail_msg("the fake gnuplot did not start");
	char *s = tu_read(pids);
	int bg = 0, gp = 0;
	assert_int_equal(sscanf(s, "%d %d", &bg, &gp), 2);
	free(s);
	double t0 = fp_now();
	export_job_cancel(&j, 5);
	double dt = fp_now() - t0;
	assert_int_equal(j.pid, 0);
	no_children_left();
	wait_ended(gp, 5);
	wait_ended(bg, 5);
	assert_false(tu_exists(path));
	assert_int_equal(count_in(tu_tmpdir, ".fitplay-"), 0);
	assert_int_equal(count_in(tmpdir_env, ""), 0);
	assert_int_equal(got_signal, 0);
	sigaction(SIGINT, &oint, NULL);
	sigaction(SIGTERM, &oterm, NULL);
	fit_done(&f);
	data_free(&d);
	print_message("cancelled in %.3f s (5 s allowed before SIGKILL)\n", dt);
}

/* gnuplot_cancel before a run (a cancel that came before the spawn): the run refuses.
 * In a child of the test: the cancel is for good in its process. */
static void test_gnuplot_cancel(void **state)
{
	char script[300], logp[300];
	tu_path_in(script, sizeof script, "c.gp");
	tu_path_in(logp, sizeof logp, "c.log");
	pid_t pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		char err[FP_ERRLEN] = "";
		gnuplot_cancel();
		int rc = gnuplot_run(script, logp, 5, err);
		_exit(rc == FP_EFAIL && strcmp(err, "export cancelled") == 0 ? 0 : 1);
	}
	int st;
	assert_int_equal(waitpid(pid, &st, 0), pid);
	assert_true(WIFEXITED(st) && WEXITSTATUS(st) == 0);
	assert_false(tu_exists(logp));
}

/* Start an export of cancel-me.png whose gnuplot is a fake that records its pid
 * and sleeps; wait until it runs. Its pid into *gp. */
static void start_slow(struct export_job *j, struct fit *f, char *path, size_t len, int *gp)
{
	char pids[300], body[1200], err[FP_ERRLEN] = "", old[4096];
	tu_path_in(pids, sizeof pids, "slow.pid");
	unlink(pids);
	snprintf(body, sizeof body,
		 "echo $$ > '%s.tmp'\n/bin/mv '%s.tmp' '%s'\nexec /bin/sleep 1000", pids, pids,
		 pids);
	tu_fake_gnuplot(body, old, sizeof old);
	tu_path_in(path, len, "killed.png");
	assert_int_equal(export_job_start(j, f, path, err), FP_OK);
	double end = fp_now() + 20;
	while (!tu_exists(pids) && fp_now() < end)
		usleep(5000);
	setenv("PATH", old, 1);
	if (!tu_exists(pids))
		fail_msg("the fake gnuplot did not start");
	char *s = tu_read(pids);
	assert_int_equal(sscanf(s, "%d", gp), 1);
	free(s);
	/* Its temporaries exist while it runs: the checks below are not empty words. */
	assert_int_equal(count_in(tu_tmpdir, ".fitplay-"), 1);
}

/* kill -9 of the export child: its gnuplot does not run on, and the private
 * directory goes when the job is polled. */
static void test_child_killed(void **state)
{
	struct data d;
	struct fit f;
	struct export_job j = {0};
	char path[300], err[FP_ERRLEN] = "";
	double secs;
	int gp = 0;
	lesson_fit(&d, &f, 2);
	start_slow(&j, &f, path, sizeof path, &gp);
	assert_int_equal(kill(j.pid, SIGKILL), 0);
	assert_int_equal(finish(&j, 20, err, &secs), FP_EFAIL);
	assert_non_null(strstr(err, "killed by signal 9"));
	wait_ended(gp, 5);
	no_children_left();
	assert_false(tu_exists(path));
	assert_int_equal(count_in(tu_tmpdir, ".fitplay-"), 0);
	assert_int_equal(count_in(tmpdir_env, ""), 0);
	fit_done(&f);
	data_free(&d);
}

/* A child that does not answer the cancel (stopped: its SIGTERM handler cannot run)
 * is killed after the grace period, and its gnuplot with it: nothing is left. */
static void test_cancel_ignored(void **state)
{
	struct data d;
	struct fit f;
	struct export_job j = {0};
	char path[300];
	int gp = 0;
	lesson_fit(&d, &f, 2);
	start_slow(&j, &f, path, sizeof path, &gp);
	assert_int_equal(kill(j.pid, SIGSTOP), 0);
	export_job_cancel(&j, 0.2);
	assert_int_equal(j.pid, 0);
	wait_ended(gp, 5);
	no_children_left();
	assert_false(tu_exists(path));
	assert_int_equal(count_in(tu_tmpdir, ".fitplay-"), 0);
	assert_int_equal(count_in(tmpdir_env, ""), 0);
	fit_done(&f);
	data_free(&d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_snapshot),	   cmocka_unit_test(test_png),
	    cmocka_unit_test(test_errors),	   cmocka_unit_test(test_cancel),
	    cmocka_unit_test(test_gnuplot_cancel), cmocka_unit_test(test_child_killed),
	    cmocka_unit_test(test_cancel_ignored),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
