/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-sixel.c: real pixels' core (src/sixel.c): the terminal's answers read out of
 * the bytes it sends (device attributes with and without 4, the cell size, keys
 * typed meanwhile kept in order, an answer cut short), the sixel well-formedness
 * check, and the lesson's plot from gnuplot's sixelgd at the size asked, leaving
 * nothing in $TMPDIR; a gnuplot that fails or writes garbage is an error; the same
 * in a child (sixel_job), and cancelled: no process, nothing left. */
#define _GNU_SOURCE
#include "testutil.h"

#include <dirent.h>
#include <signal.h>
#include <unistd.h>

#include "data.h"
#include "fit.h"
#include "model.h"
#include "sixel.h"
#include "util.h"

static int setup(void **state)
{
	if (tu_tmpdir_make("tsix") != 0)
		return -1;
	setenv("TMPDIR", tu_tmpdir, 1);
	return 0;
}

static int teardown(void **state)
{
	return tu_tmpdir_remove();
}

static void parse(const char *b, struct sixel_answer *a, char *keep, size_t *nkeep)
{
	sixel_answer_parse(b, strlen(b), a, keep, 64, nkeep);
}

static void test_answers(void **state)
{
	struct sixel_answer a;
	char keep[64];
	size_t nk;
	parse("\033[?64;4;22c", &a, keep, &nk); /* xterm -ti vt340 */
	assert_true(a.done && a.sixel);
	assert_string_equal(a.attrs, "64;4;22");
	assert_int_equal(nk, 0);
	parse("\033[?1;2c", &a, keep, &nk); /* tmux, xterm's default */
	assert_true(a.done && !a.sixel);
	parse("\033[?62;14;44c", &a, keep, &nk); /* 14 and 44 are not 4 */
	assert_true(a.done && !a.sixel);
	parse("\033[?4c", &a, keep, &nk);
	assert_true(a.done && a.sixel);
	/* the cell size first, keys around the answers: kept in order */
	parse("x\033[6;20;10t\033[A\033[?62;4c y", &a, keep, &nk);
	assert_true(a.done && a.sixel);
	assert_int_equal(a.cell_w, 10);
	assert_int_equal(a.cell_h, 20);
	assert_int_equal(nk, 6);
	assert_memory_equal(keep, "x\033[A y", 6);
	/* cut short: not done, the cut part in neither */
	parse("q\033[?64;4", &a, keep, &nk);
	assert_false(a.done);
	assert_int_equal(nk, 1);
	parse("", &a, keep, &nk);
	assert_false(a.done);
}

static void test_check(void **state)
{
	int w, h;
	const char ok[] = "\033Pq\"1;1;20;12\n#0;2;0;0;0#0~~@@-\033\\";
	assert_int_equal(sixel_check(ok, sizeof ok - 1, &w, &h), 0);
	assert_int_equal(w, 20);
	assert_int_equal(h, 12);
	const char noend[] = "\033Pq\"1;1;20;12\n#0~~";
	assert_int_equal(sixel_check(noend, sizeof noend - 1, &w, &h), -1);
	const char esc[] = "\033Pq\"1;1;20;12\n#0~\033[2J~\033\\"; /* a control inside */
	assert_int_equal(sixel_check(esc, sizeof esc - 1, &w, &h), -1);
	const char noraster[] = "\033Pq#0~~\033\\";
	assert_int_equal(sixel_check(noraster, sizeof noraster - 1, &w, &h), -1);
}

static void lesson(struct data *d, struct fit *f)
{
	struct data_gen_cfg g;
	char err[FP_ERRLEN];
	data_gen_cfg_lesson(&g);
	assert_int_equal(data_gen(&g, d, err), FP_OK);
	struct model_cfg mc = {0};
	mc.d = 1;
	assert_int_equal(fit_init(f, d, &model_quad, &mc, LOSS_MSE, NULL, 0.01, NULL, err), FP_OK);
}

/* Entries in tu_tmpdir other than "bin". */
static int leftovers(void)
{
	int n = 0;
	DIR *dir = opendir(tu_tmpdir);
	struct dirent *e;
	while (dir && (e = readdir(dir)))
		n += strcmp(e->d_name, ".") && strcmp(e->d_name, "..") && strcmp(e->d_name, "bin");
	if (dir)
		closedir(dir);
	return n;
}

static void test_plot(void **state)
{
	struct data d;
	struct fit f;
	char err[FP_ERRLEN], *img;
	size_t len;
	int w, h;
	if (!tu_have_gnuplot())
		fail_msg("gnuplot (gnuplot-nox) is needed: scripts/deps.sh");
	lesson(&d, &f);
	assert_int_equal(sixel_plot(&f, 620, 480, &img, &len, err), FP_OK);
	assert_int_equal(sixel_check(img, len, &w, &h), 0);
	assert_int_equal(w, 620);
	assert_int_equal(h, 480);
	fp_free(img);
	assert_int_equal(leftovers(), 0);
	assert_int_equal(sixel_plot(&f, 20, 10, &img, &len, err), FP_EINPUT);
	assert_non_null(strstr(err, "too small"));
	/* a gnuplot that fails, one that writes no sixel: errors, nothing left */
	char old[4096];
	tu_fake_gnuplot("echo broken >&2; exit 3", old, sizeof old);
	assert_int_equal(sixel_plot(&f, 620, 480, &img, &len, err), FP_EFAIL);
	assert_non_null(strstr(err, "exit status 3"));
	setenv("PATH", old, 1);
	tu_fake_gnuplot("echo nope > out.six", old, sizeof old); /* (run in its directory) */
	assert_int_equal(sixel_plot(&f, 620, 480, &img, &len, err), FP_EFAIL);
	assert_non_null(strstr(err, "no well-formed 620x480"));
	setenv("PATH", old, 1);
	assert_int_equal(leftovers(), 0);
	fit_done(&f);
	data_free(&d);
}

/* The picture in a child: polled to its end it is the same well-formed image;
 * cancelled (a slow gnuplot) nothing is left, no child, no private directory. */
static void test_job(void **state)
{
	struct data d;
	struct fit f;
	struct sixel_job j;
	char err[FP_ERRLEN], *img = NULL;
	size_t len = 0;
	double secs = 0;
	int rc = -1, w, h;
	if (!tu_have_gnuplot())
		fail_msg("gnuplot (gnuplot-nox) is needed: scripts/deps.sh");
	lesson(&d, &f);
	memset(&j, 0, sizeof j);
	assert_int_equal(sixel_job_start(&j, &f, 400, 300, err), FP_OK);
	double end = fp_now() + 60;
	while (!sixel_job_poll(&j, &img, &len, &secs, &rc, err) && fp_now() < end)
		usleep(10000);
	assert_int_equal(rc, FP_OK);
	assert_int_equal(sixel_check(img, len, &w, &h), 0);
	assert_int_equal(w * 1000 + h, 400300);
	assert_true(secs > 0);
	assert_int_equal(j.pid, 0);
	fp_free(img);
	/* a failure is reported with its reason */
	assert_int_equal(sixel_job_start(&j, &f, 10, 10, err), FP_OK);
	end = fp_now() + 60;
	while (!sixel_job_poll(&j, &img, &len, &secs, &rc, err) && fp_now() < end)
		usleep(10000);
	assert_int_equal(rc, FP_EFAIL);
	assert_null(img);
	assert_non_null(strstr(err, "too small"));
	/* cancelled while gnuplot hangs */
	char old[4096];
	tu_fake_gnuplot("sleep 30", old, sizeof old);
	assert_int_equal(sixel_job_start(&j, &f, 400, 300, err), FP_OK);
	pid_t pid = j.pid;
	usleep(200000);
	sixel_job_cancel(&j, 1.0);
	setenv("PATH", old, 1);
	assert_int_equal(j.pid, 0);
	assert_int_equal(kill(pid, 0), -1);
	assert_int_equal(leftovers(), 0);
	fit_done(&f);
	data_free(&d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_answers),
	    cmocka_unit_test(test_check),
	    cmocka_unit_test(test_plot),
	    cmocka_unit_test(test_job),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
