/* test-export.c: export_write through the core library: every format over every model
 * in the registry, a diverged session, hostile data names and model expressions,
 * thinned data, failed allocations (no file left), and export_next_name. */
#define _GNU_SOURCE
#include "testutil.h"

#include <ctype.h>
#include <dirent.h>
#include <sys/stat.h>
#include <unistd.h>

#include "export.h"
#include "fit.h"
#include "util.h"


static int setup(void **state)
{
	return tu_tmpdir_make("te");
}

static int teardown(void **state)
{
	return tu_tmpdir_remove();
}

static int have_gnuplot(void)
{
	return system("command -v gnuplot >/dev/null 2>&1") == 0;
}


static int exists(const char *p)
{
	struct stat st;
	return stat(p, &st) == 0;
}

/* 1 when tu_tmpdir holds a ".fitplay-" temporary. */
static int temp_left(void)
{
	DIR *d = opendir(tu_tmpdir);
	assert_non_null(d);
	struct dirent *e;
	int found = 0;
	while ((e = readdir(d)))
		if (strncmp(e->d_name, ".fitplay-", 9) == 0)
			found = 1;
	closedir(d);
	return found;
}

/* The lesson's data and a quad session after `steps` steps at lr. */
static void lesson_fit(struct data *d, struct fit *f, const struct model_type *t, double lr,
		       size_t steps)
{
	struct data_gen_cfg g;
	char err[FP_ERRLEN];
	data_gen_cfg_lesson(&g);
	assert_int_equal(data_gen(&g, d, err), FP_OK);
	struct model_cfg mc = {0};
	mc.k = t->takes_k ? 3 : 0;
	mc.d = 1;
	mc.xlo = d->xlo;
	mc.xhi = d->xhi;
	mc.seed = 42;
	if (fit_init(f, d, t, &mc, LOSS_MSE, NULL, lr, NULL, err) != FP_OK)
		fail_msg("fit_init %s: %s", t->name, err);
	fit_step(f, steps);
}

static void check_magic(const char *path, const char *magic, size_t off)
{
	char *b = tu_read(path);
	if (memcmp(b + off, magic, strlen(magic)) != 0)
		fail_msg("%s does not start with %s", path, magic);
	free(b);
}

static void test_formats_all_models(void **state)
{
	if (!have_gnuplot())
		skip();
	for (size_t m = 0; model_types[m]; m++) {
		const struct model_type *t = model_types[m];
		if (t->min_d > 1)
			continue;
		struct data d;
		struct fit f;
		lesson_fit(&d, &f, t, 0.01, 10);
		static const char *const ext[] = {"png", "svg", "pdf", "txt", "gp", "gif"};
		static const char *const magic[] = {"\x89PNG", "<?xml", "%PDF-", "", "# ", "GIF8"};
		for (size_t i = 0; i < 6; i++) {
			char p[400], err[FP_ERRLEN] = "";
			snprintf(p, sizeof p, "%s/%s.%s", tu_tmpdir, t->name, ext[i]);
			if (export_write(&f, p, err) != FP_OK)
				fail_msg("%s %s: %s", t->name, ext[i], err);
			assert_true(exists(p));
			check_magic(p, magic[i], 0);
		}
		char p[400];
		snprintf(p, sizeof p, "%s/%s.txt", tu_tmpdir, t->name);
		char *txt = tu_read(p);
		assert_non_null(strstr(txt, "step 10"));
		assert_non_null(strstr(txt, "loss history"));
		free(txt);
		assert_false(temp_left());
		fit_done(&f);
		data_free(&d);
	}
}

static void test_diverged(void **state)
{
	if (!have_gnuplot())
		skip();
	struct data d;
	struct fit f;
	lesson_fit(&d, &f, &model_quad, 1.0, 5000);
	assert_int_equal(f.trend, FIT_TREND_DIVERGED);
	char p[400], err[FP_ERRLEN] = "";
	tu_path_in(p, sizeof p, "div.gp");
	assert_int_equal(export_write(&f, p, err), FP_OK);
	char *gp = tu_read(p);
	assert_non_null(strstr(gp, "DIVERGED at step"));
	assert_non_null(strstr(gp, "last finite state shown"));
	for (char *q = gp; *q; q++)
		*q = (char)tolower((unsigned char)*q);
	assert_null(strstr(gp, "nan"));
	assert_null(strstr(gp, "inf"));
	free(gp);
	tu_path_in(p, sizeof p, "div.txt");
	assert_int_equal(export_write(&f, p, err), FP_OK);
	char *txt = tu_read(p);
	assert_non_null(strstr(txt, "DIVERGED at step"));
	free(txt);
	tu_path_in(p, sizeof p, "div.png");
	assert_int_equal(export_write(&f, p, err), FP_OK);
	fit_done(&f);
	data_free(&d);
}

static int evil_describe(const struct model_cfg *cfg, const double *t, char *buf, size_t len)
{
	snprintf(buf, len, "system(\"touch MARK\") + x");
	return 0;
}

static void test_hostile_names_and_expressions(void **state)
{
	if (!have_gnuplot())
		skip();
	struct data d;
	struct fit f;
	lesson_fit(&d, &f, &model_quad, 0.01, 5);
	static const char *const names[] = {"`touch MARK`",
					    "$(touch MARK)",
					    "'",
					    "''",
					    "\"",
					    "a\nb `touch MARK`",
					    "\"; system(\"touch MARK\"); \"",
					    "@MARK {x}^_",
					    "<touch MARK",
					    "|touch MARK",
					    "\xff\xfe invalid UTF-8 \xe2\x82"};
	char cwd[1024], mark[400], p[400], err[FP_ERRLEN];
	assert_non_null(getcwd(cwd, sizeof cwd));
	assert_int_equal(chdir(tu_tmpdir), 0);
	tu_path_in(mark, sizeof mark, "MARK");
	char *old = d.source;
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
		d.source = (char *)names[i];
		tu_path_in(p, sizeof p, "hostile.png");
		if (export_write(&f, p, err) != FP_OK)
			fail_msg("name %zu: %s", i, err);
		assert_false(exists(mark));
		tu_path_in(p, sizeof p, "hostile.gp");
		assert_int_equal(export_write(&f, p, err), FP_OK);
		char *gp = tu_read(p);
		assert_null(strchr(gp, '`'));
		assert_null(strchr(gp, '\''));
		assert_null(strstr(gp, "$("));
		free(gp);
	}
	d.source = old;
	/* An input name from a header becomes the x label: quoted too. */
	char name0[] = "`touch MARK` $(touch MARK) \"'", *names1[] = {name0};
	d.names = names1;
	tu_path_in(p, sizeof p, "xlabel.gp");
	assert_int_equal(export_write(&f, p, err), FP_OK);
	char *xl = tu_read(p);
	assert_non_null(strstr(xl, "set xlabel \"\\140touch MARK\\140"));
	free(xl);
	tu_path_in(p, sizeof p, "xlabel.png");
	assert_int_equal(export_write(&f, p, err), FP_OK);
	assert_false(exists(mark));
	d.names = NULL;
	/* A model whose expression is not a plain formula is sampled instead. */
	struct model_type evil = model_quad;
	evil.describe = evil_describe;
	f.model = &evil;
	tu_path_in(p, sizeof p, "evil.gp");
	assert_int_equal(export_write(&f, p, err), FP_OK);
	char *gp = tu_read(p);
	assert_null(strstr(gp, "system"));
	assert_non_null(strstr(gp, "$model << EOD"));
	free(gp);
	tu_path_in(p, sizeof p, "evil.png");
	assert_int_equal(export_write(&f, p, err), FP_OK);
	assert_false(exists(mark));
	f.model = &model_quad;
	assert_int_equal(chdir(cwd), 0);
	fit_done(&f);
	data_free(&d);
}

static void test_many_points(void **state)
{
	struct data_gen_cfg g;
	struct data d;
	struct fit f;
	char err[FP_ERRLEN], p[400];
	data_gen_cfg_lesson(&g);
	g.n = 50001;
	g.torch_grid = 0;
	assert_int_equal(data_gen(&g, &d, err), FP_OK);
	struct model_cfg mc = {0};
	mc.d = 1;
	assert_int_equal(fit_init(&f, &d, &model_quad, &mc, LOSS_MSE, NULL, 0.01, NULL, err),
			 FP_OK);
	tu_path_in(p, sizeof p, "many.gp");
	assert_int_equal(export_write(&f, p, err), FP_OK);
	char *gp = tu_read(p);
	char *a = strstr(gp, "$DATA << EOD\n"), *b = a ? strstr(a, "\nEOD\n") : NULL;
	assert_non_null(b);
	size_t lines = 0;
	for (char *q = a; q < b; q++)
		lines += *q == '\n';
	assert_true(lines <= 20001);
	assert_true(lines > 10000);
	assert_non_null(strstr(gp, "some shown"));
	free(gp);
	fit_done(&f);
	data_free(&d);
}

static void test_errors(void **state)
{
	struct data d;
	struct fit f;
	lesson_fit(&d, &f, &model_quad, 0.01, 2);
	char p[400], err[FP_ERRLEN];
	assert_int_equal(export_write(&f, "x.bmp", err), FP_EINPUT);
	assert_non_null(strstr(err, "unknown format"));
	assert_int_equal(export_write(&f, "", err), FP_EINPUT);
	tu_path_in(p, sizeof p, "no/such/dir/x.png");
	assert_int_equal(export_write(&f, p, err), FP_EINPUT);
	assert_non_null(strstr(err, "no such directory"));
	assert_null(strchr(err, '\n'));
	/* Control bytes in a path are shown as '?', so the message stays one line. */
	tu_path_in(p, sizeof p, "no\ndir/x.png");
	assert_int_equal(export_write(&f, p, err), FP_EINPUT);
	assert_null(strchr(err, '\n'));
	/* Data with two inputs per row is not a curve. */
	struct data d2 = d;
	d2.d = 2;
	const struct data *keep = f.data;
	f.data = &d2;
	tu_path_in(p, sizeof p, "two.png");
	assert_int_equal(export_write(&f, p, err), FP_EINPUT);
	f.data = keep;
	assert_false(exists(p));
	fit_done(&f);
	data_free(&d);
}

static void test_alloc_failures(void **state)
{
	if (!have_gnuplot())
		skip();
	struct data d;
	struct fit f;
	lesson_fit(&d, &f, &model_quad, 0.01, 3);
	char p[400], err[FP_ERRLEN];
	tu_path_in(p, sizeof p, "oom.png");
	for (size_t k = 1; k <= 8; k++) {
		unlink(p);
		fp_alloc_fail_at(k, 1);
		int rc = export_write(&f, p, err);
		fp_alloc_fail_at(0, 0);
		if (rc == FP_OK)
			assert_true(exists(p));
		else
			assert_false(exists(p));
		assert_false(temp_left());
	}
	fit_done(&f);
	data_free(&d);
}

static void test_next_name(void **state)
{
	struct data d;
	struct fit f;
	lesson_fit(&d, &f, &model_quad, 0.01, 7);
	char buf[400], want[400], err[FP_ERRLEN];
	assert_int_equal(export_next_name(&f, tu_tmpdir, "png", buf, sizeof buf, err), FP_OK);
	snprintf(want, sizeof want, "%s/fitplay-quad-step7.png", tu_tmpdir);
	assert_string_equal(buf, want);
	FILE *fp = fopen(buf, "w");
	assert_non_null(fp);
	fclose(fp);
	assert_int_equal(export_next_name(&f, tu_tmpdir, "png", buf, sizeof buf, err), FP_OK);
	snprintf(want, sizeof want, "%s/fitplay-quad-step7-2.png", tu_tmpdir);
	assert_string_equal(buf, want);
	fp = fopen(buf, "w");
	assert_non_null(fp);
	fclose(fp);
	assert_int_equal(export_next_name(&f, tu_tmpdir, "png", buf, sizeof buf, err), FP_OK);
	snprintf(want, sizeof want, "%s/fitplay-quad-step7-3.png", tu_tmpdir);
	assert_string_equal(buf, want);
	/* NULL: the current directory, a bare name. */
	char cwd[1024];
	assert_non_null(getcwd(cwd, sizeof cwd));
	assert_int_equal(chdir(tu_tmpdir), 0);
	assert_int_equal(export_next_name(&f, NULL, "svg", buf, sizeof buf, err), FP_OK);
	assert_string_equal(buf, "fitplay-quad-step7.svg");
	assert_int_equal(chdir(cwd), 0);
	assert_int_equal(export_next_name(&f, NULL, "bmp", buf, sizeof buf, err), FP_EINPUT);
	assert_int_equal(export_next_name(&f, NULL, "png", buf, 10, err), FP_EFAIL);
	/* A spec with a colon ("relus:3") becomes "relus-3". */
	struct fit g;
	struct data d3;
	lesson_fit(&d3, &g, &model_relus, 0.01, 0);
	assert_int_equal(export_next_name(&g, NULL, "gif", buf, sizeof buf, err), FP_OK);
	assert_string_equal(buf, "fitplay-relus-3-step0.gif");
	fit_done(&g);
	data_free(&d3);
	fit_done(&f);
	data_free(&d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_formats_all_models),
	    cmocka_unit_test(test_diverged),
	    cmocka_unit_test(test_hostile_names_and_expressions),
	    cmocka_unit_test(test_many_points),
	    cmocka_unit_test(test_errors),
	    cmocka_unit_test(test_alloc_failures),
	    cmocka_unit_test(test_next_name),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
