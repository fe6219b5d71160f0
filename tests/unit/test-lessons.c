/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-lessons.c: lesson files and their run (issue 16): the parser (chapters,
 * captions, settings checked as options, FILE:LINE on every refusal), chapters built
 * into configs (base settings, the command line's data file), app_rebuild and
 * self-contained chapters (whatever was done, entering a chapter gives its own
 * start), the clicker's keys, the lookup of installed lessons, file names. Also the
 * built-in lesson: 14 chapters that all check, captions that fit 80 columns. */
#include "testutil.h"

#include <unistd.h>

#include "app.h"
#include "lesson.h"
#include "setup.h"
#include "util.h"

static int parse(const char *text, struct lesson *l, char *err)
{
	char *t = strdup(text);
	assert_non_null(t);
	int rc = lesson_parse("x.keys", t, l, err);
	free(t);
	return rc;
}

/* text is refused at line ln with a message that contains want. */
static void refused(const char *text, unsigned ln, const char *want)
{
	struct lesson l;
	char err[FP_ERRLEN] = "", at[32];
	assert_int_equal(parse(text, &l, err), FP_EINPUT);
	snprintf(at, sizeof at, "x.keys:%u: ", ln);
	if (strncmp(err, at, strlen(at)) != 0 || !strstr(err, want))
		fail_msg("'%s': wanted '%s...%s'", err, at, want);
	assert_int_equal(l.n, 0);
	assert_null(l.ch);
}

static void test_parse(void **state)
{
	struct lesson l;
	char err[FP_ERRLEN];
	assert_int_equal(parse("# a lesson\n"
			       "noise 0,0\n"
			       "chapter First one\n"
			       "caption line one\n"
			       "caption line two\n"
			       "model relus:3\n"
			       "console\n"
			       "l l # a comment\n"
			       "pause\n"
			       "say hello there\n"
			       "chapter Second\n"
			       "needs a file\n"
			       "table t.csv\n",
			       &l, err),
			 FP_OK);
	assert_int_equal(l.n, 2);
	assert_int_equal(l.nbase, 1);
	assert_string_equal(l.base[0].opt->name, "noise");
	assert_string_equal(l.base[0].value, "0,0");
	assert_string_equal(l.ch[0].title, "First one");
	assert_int_equal(l.ch[0].line, 3);
	assert_int_equal(l.ch[0].ncaption, 2);
	assert_string_equal(l.ch[0].caption[1], "line two");
	assert_int_equal(l.ch[0].nset, 2);
	assert_string_equal(l.ch[0].set[0].value, "relus:3");
	assert_null(l.ch[0].set[1].value); /* console takes none */
	assert_int_equal(l.ch[0].sc.n, 4); /* l l pause say */
	assert_int_equal(l.ch[0].sc.ev[2].kind, SCRIPT_PAUSE);
	assert_int_equal(l.ch[0].sc.ev[3].kind, SCRIPT_SAY);
	assert_string_equal(l.ch[1].needs, "a file");
	lesson_free(&l);
}

static void test_refusals(void **state)
{
	refused("chapter A\nfrobnicate 3\n", 2, "unknown directive or setting 'frobnicate'");
	refused("chapter A\nmodel cubic\n", 2, "unknown model 'cubic'");
	refused("chapter A\nlr -1\n", 2, "--lr '-1'");
	refused("chapter A\nlr\n", 2, "lr needs a value");
	refused("chapter A\nconsole on\n", 2, "--console takes no value");
	refused("chapter A\nbatch\n", 2, "--batch is not a chapter setting");
	refused("chapter A\ndump x\n", 2, "--dump is not a chapter setting");
	refused("chapter A\nexport-deck d\n", 2, "--export-deck is not a chapter setting");
	refused("chapter A\npreset nope\n", 2, "--preset 'nope': unknown");
	refused("l\nchapter A\n", 1, "before the first chapter");
	refused("caption x\n", 1, "caption before the first chapter");
	refused("chapter A\ncaption 1\ncaption 2\ncaption 3\ncaption 4\n", 5, "more than 3");
	refused("chapter A\nneeds a\nneeds b\n", 3, "a second needs line");
	refused("chapter A\npause now\n", 2, "unexpected 'now' after pause");
	refused("chapter A\nwait x\n", 2, "wait needs a whole number");
	refused("chapter\n", 1, "chapter title needs a text");
	refused("chapter A\ncaption a\x01z\n", 2, "control character");
	struct lesson l;
	char err[FP_ERRLEN];
	assert_int_equal(parse("# nothing\nlr 0.1\n", &l, err), FP_EINPUT);
	assert_non_null(strstr(err, "no chapter"));
}

/* A lesson parsed for the tests below (freed by the caller). */
static void make_lesson(struct lesson *l, const char *text)
{
	char err[FP_ERRLEN];
	if (parse(text, l, err) != FP_OK)
		fail_msg("%s", err);
}

static void test_config(void **state)
{
	struct lesson l;
	make_lesson(&l, "lr 0.05\nchapter A\nmodel relu\nchapter B\nlr 0.2\ndata a.csv\n");
	struct config cfg, cmd;
	const char *file;
	char err[FP_ERRLEN];
	assert_int_equal(lesson_config(&l, 0, NULL, &cfg, &file, err), FP_OK);
	assert_string_equal(cfg.model.spec, "relu");
	assert_true(cfg.descent.lr == 0.05);
	assert_null(file);
	options_free(&cfg);
	assert_int_equal(lesson_config(&l, 1, NULL, &cfg, &file, err), FP_OK);
	assert_true(cfg.descent.lr == 0.2);
	assert_string_equal(cfg.model.spec, "quad");
	assert_string_equal(file, "a.csv");
	options_free(&cfg);
	/* the command line's data file instead, and its look */
	char *argv[] = {"fitplay", "--lesson", "--ascii", "b.csv", NULL};
	enum config_action act;
	assert_int_equal(options_parse(4, argv, &cmd, &act, err), FP_OK);
	assert_true(cmd.lesson.on);
	assert_null(cmd.lesson.name);
	assert_int_equal(lesson_config(&l, 1, &cmd, &cfg, &file, err), FP_OK);
	assert_string_equal(file, "b.csv");
	assert_string_equal(cfg.data.path, "b.csv");
	assert_true(cfg.explorer.ascii);
	options_free(&cfg);
	options_free(&cmd);
	/* a bare NAME.keys or plain name after --lesson is the lesson */
	char *argv2[] = {"fitplay", "--lesson", "mine.keys", "train.csv", NULL};
	assert_int_equal(options_parse(4, argv2, &cmd, &act, err), FP_OK);
	assert_string_equal(cmd.lesson.name, "mine.keys");
	assert_string_equal(cmd.data.path, "train.csv");
	options_free(&cmd);
	lesson_free(&l);
}

/* An app on the plain lesson data, headless, with the lesson run started at k. */
struct rig {
	struct config plain;
	struct data data;
	struct fit fit;
	struct app a;
	struct lesson_run r;
};

static void rig_start(struct rig *g, const struct lesson *l, size_t k)
{
	char err[FP_ERRLEN];
	enum config_action act;
	char *argv[] = {"fitplay", NULL};
	memset(g, 0, sizeof *g);
	assert_int_equal(options_parse(1, argv, &g->plain, &act, err), FP_OK);
	assert_int_equal(setup_data(&g->plain, &g->data, err), FP_OK);
	assert_int_equal(setup_fit(&g->plain, &g->data, &g->fit, err), FP_OK);
	assert_int_equal(app_init(&g->a, &g->plain, &g->data, &g->fit, 1, err), FP_OK);
	assert_int_equal(lesson_run_start(&g->r, &g->a, l, &g->plain, k, 0, err), FP_OK);
}

static void rig_stop(struct rig *g)
{
	app_done(&g->a);
	lesson_run_done(&g->r);
	fit_done(&g->fit);
	data_free(&g->data);
	options_free(&g->plain);
}

static void test_self_contained(void **state)
{
	struct lesson l;
	make_lesson(&l, "chapter Plain\ncaption c1\nchapter Fast\nlr 0.2\nSpace Space\n"
			"chapter Relu\npreset relu\n");
	struct rig g;
	rig_start(&g, &l, 0);
	assert_string_equal(g.a.v.chapter, "chapter 1/3 Plain");
	assert_int_equal(g.a.v.nchcap, 1);
	assert_string_equal(g.a.v.chcap[0], "c1");
	assert_true(fabs(g.a.f->loss_value - 11.4648) < 1e-4);
	/* the teacher moves things, then turns: chapter 2 runs its own two steps */
	app_key(&g.a, 'l');
	app_key(&g.a, '>');
	app_key(&g.a, 'f');
	app_key(&g.a, LK_PGDN);
	assert_string_equal(g.a.v.chapter, "chapter 2/3 Fast");
	assert_true(g.a.f->lr == 0.2);
	assert_int_equal(g.a.f->step, 2);
	assert_int_equal(g.a.f->loss, LOSS_MSE);
	double th[3];
	memcpy(th, g.a.f->theta, sizeof th);
	/* more keys, away and back: the same state again */
	app_key(&g.a, ' ');
	app_key(&g.a, 'g');
	app_key(&g.a, LK_PGDN);
	assert_string_equal(g.a.f->model->name, "relu");
	app_key(&g.a, LK_PGUP);
	assert_string_equal(g.a.v.chapter, "chapter 2/3 Fast");
	assert_int_equal(g.a.f->step, 2);
	assert_false(g.a.v.autorun);
	assert_memory_equal(th, g.a.f->theta, sizeof th);
	/* # 1 Enter, Home, a number that is not a chapter */
	app_key(&g.a, '#');
	app_key(&g.a, '1');
	app_key(&g.a, LK_ENTER);
	assert_string_equal(g.a.v.chapter, "chapter 1/3 Plain");
	assert_true(g.a.f->lr == 0.01);
	app_key(&g.a, LK_PGDN);
	app_key(&g.a, LK_HOME);
	assert_int_equal(g.r.cur, 0);
	app_key(&g.a, '#');
	app_key(&g.a, '9');
	app_key(&g.a, LK_ENTER);
	assert_int_equal(g.r.cur, 0);
	assert_non_null(strstr(g.a.v.msg, "no chapter '9'"));
	/* PgUp at the first chapter stays there; PgDn at the last says so */
	app_key(&g.a, LK_PGUP);
	assert_int_equal(g.r.cur, 0);
	app_key(&g.a, '#');
	app_key(&g.a, '3');
	app_key(&g.a, LK_ENTER);
	app_key(&g.a, LK_PGDN);
	assert_int_equal(g.r.cur, 2);
	assert_non_null(strstr(g.a.v.msg, "the last chapter"));
	/* outside a lesson PgDn is the slider's ten steps, as before */
	struct lesson_run *r = g.a.lr;
	g.a.lr = NULL;
	g.a.v.sel = 0;
	double m = g.a.f->theta[0];
	app_key(&g.a, LK_PGUP);
	assert_true(g.a.f->theta[0] > m);
	g.a.lr = r;
	rig_stop(&g);
	lesson_free(&l);
}

static void test_missing_data(void **state)
{
	struct lesson l;
	make_lesson(&l, "chapter Table\ndata /nonexistent/t.csv\nneeds Get it.\nSpace\n"
			"chapter After\n");
	char err[FP_ERRLEN];
	assert_int_equal(lesson_check(&l, NULL, err), FP_OK); /* not a refusal */
	struct rig g;
	rig_start(&g, &l, 0);
	assert_non_null(g.a.v.notice);
	assert_non_null(strstr(g.a.v.notice, "Get it."));
	assert_non_null(strstr(g.a.v.notice, "No such file"));
	assert_int_equal(g.a.f->step, 0); /* its keys did not run */
	app_key(&g.a, ' ');		  /* nor do the teacher's */
	assert_int_equal(g.a.f->step, 0);
	app_key(&g.a, LK_PGDN);
	assert_null(g.a.v.notice);
	assert_string_equal(g.a.v.chapter, "chapter 2/2 After");
	rig_stop(&g);
	lesson_free(&l);
}

static void test_check(void **state)
{
	struct lesson l;
	char err[FP_ERRLEN];
	make_lesson(&l, "chapter A\n\nchapter B\nshow predictions\n");
	assert_int_equal(lesson_check(&l, NULL, err), FP_EINPUT);
	assert_non_null(strstr(err, "x.keys:3: chapter 2 'B': --show predictions"));
	lesson_free(&l);
	make_lesson(&l, "chapter A\ninit 1,2\n");
	assert_int_equal(lesson_check(&l, NULL, err), FP_EINPUT);
	assert_non_null(strstr(err, "x.keys:1: chapter 1 'A': --init has 2 values"));
	lesson_free(&l);
	make_lesson(&l, "preset titanic\nchapter A\n");
	assert_int_equal(lesson_check(&l, NULL, err), FP_EINPUT);
	assert_non_null(strstr(err, "needs a table"));
	lesson_free(&l);
}

static void test_builtin(void **state)
{
	struct lesson l;
	char err[FP_ERRLEN], slug[96];
	if (lesson_load("assets/lesson3.keys", &l, err) != FP_OK)
		fail_msg("%s", err);
	assert_int_equal(l.n, 14);
	assert_int_equal(lesson_check(&l, NULL, err), FP_OK);
	for (size_t k = 0; k < l.n; k++) {
		assert_true(l.ch[k].ncaption >= 2);
		for (size_t i = 0; i < l.ch[k].ncaption; i++) {
			size_t cols = 0;
			for (const char *p = l.ch[k].caption[i]; *p; p++)
				cols += ((unsigned char)*p & 0xc0) != 0x80;
			if (cols > 78)
				fail_msg("chapter %zu caption %zu: %zu columns", k + 1, i + 1,
					 cols);
		}
	}
	lesson_slug(&l, 0, slug, sizeof slug);
	assert_string_equal(slug, "01-a-quadratic-by-hand");
	lesson_slug(&l, 4, slug, sizeof slug);
	assert_string_equal(slug, "05-the-notebook-s-loop");
	lesson_free(&l);
}

static void test_find(void **state)
{
	char out[4096], err[FP_ERRLEN];
	assert_int_equal(lesson_find("my.keys", NULL, out, sizeof out, err), FP_OK);
	assert_string_equal(out, "my.keys");
	assert_int_equal(lesson_find("dir/x", NULL, out, sizeof out, err), FP_OK);
	assert_string_equal(out, "dir/x");
	/* the source tree: assets/ beside the binary's directory ("." here) */
	unsetenv("FITPLAY_DATADIR");
	assert_int_equal(lesson_find(NULL, ".", out, sizeof out, err), FP_OK);
	assert_string_equal(out, "./assets/lesson3.keys");
	setenv("FITPLAY_DATADIR", "assets", 1);
	assert_int_equal(lesson_find("walkthrough", NULL, out, sizeof out, err), FP_OK);
	assert_string_equal(out, "assets/walkthrough.keys");
	assert_int_equal(lesson_find("nope", NULL, out, sizeof out, err), FP_EINPUT);
	assert_non_null(strstr(err, "looked for nope.keys in assets, " FITPLAY_DATADIR));
	unsetenv("FITPLAY_DATADIR");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_parse),	 cmocka_unit_test(test_refusals),
	    cmocka_unit_test(test_config),	 cmocka_unit_test(test_self_contained),
	    cmocka_unit_test(test_missing_data), cmocka_unit_test(test_check),
	    cmocka_unit_test(test_builtin),	 cmocka_unit_test(test_find),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
