/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-export.c: export_write through the core library: every format over every model
 * in the registry, a diverged session, hostile data names and model expressions,
 * thinned data, failed allocations (no file left), export_next_name and
 * export_check; tables (each row's prediction against its truth): every format, the
 * groups as the explorer draws them, wild predictions, many rows, hostile names. */
#define _GNU_SOURCE
#include "testutil.h"

#include <ctype.h>
#include <dirent.h>
#include <sys/stat.h>
#include <unistd.h>

#include "export.h"
#include "fit.h"
#include "table.h"
#include "util.h"

static int setup(void **state)
{
	return tu_tmpdir_make("te");
}

static int teardown(void **state)
{
	return tu_tmpdir_remove();
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

/* The file `path` exported as format e is complete for it: the format's own check
 * (outfile_complete), a script the script's first line. */
static void check_format_file(const struct export_format *e, const char *path)
{
	struct stat st;
	if (stat(path, &st) != 0 || st.st_size <= 0)
		fail_msg(".%s: no file %s", e->ext, path);
	char *b = tu_read(path), why[128] = "";
	if (e->draws) {
		if (strncmp(b, "# Redraw with: gnuplot ", 23) != 0)
			fail_msg(".%s: %s is not a gnuplot script", e->ext, path);
	} else if (e->kind == OUTFILE_ANY ||
		   outfile_complete((unsigned char *)b, (size_t)st.st_size, e->kind, why,
				    sizeof why) != 0) {
		fail_msg(".%s: %s is not a complete file of its kind: %s", e->ext, path, why);
	}
	free(b);
}

/* The formats the program promises (man page, README): each a row of the table
 * with its check, its animation and its script; every row consistent: a terminal
 * (or a script drawing a format of the table), a time limit, listed in the text
 * the messages, --help and the explorer's prompt use. */
static void test_format_table(void **state)
{
	static const struct {
		const char *ext;
		enum outfile_kind kind;
		int animates;
		const char *draws;
	} want[] = {{"png", OUTFILE_PNG, 0, NULL}, {"svg", OUTFILE_SVG, 0, NULL},
		    {"pdf", OUTFILE_PDF, 0, NULL}, {"txt", OUTFILE_DUMB, 0, NULL},
		    {"gp", OUTFILE_ANY, 0, "png"}, {"gif", OUTFILE_GIF, 1, NULL}};
	char p[32], up[32], list[256];
	for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
		snprintf(p, sizeof p, "dir.x/plot.%s", want[i].ext);
		const struct export_format *e = export_format_of(p);
		if (!e)
			fail_msg(".%s: not in export_formats[]", want[i].ext);
		for (size_t k = 0; p[k]; k++)
			up[k] = (char)toupper((unsigned char)p[k]), up[k + 1] = 0;
		assert_ptr_equal(export_format_of(up), e);
		assert_int_equal(e->kind, want[i].kind);
		assert_int_equal(e->animates, want[i].animates);
		if (want[i].draws)
			assert_string_equal(e->draws, want[i].draws);
		else
			assert_null(e->draws);
	}
	export_formats_text(list, sizeof list);
	size_t rows = 0, len = 0;
	for (const struct export_format *e = export_formats; e->ext; e++, rows++) {
		char dot[16];
		snprintf(dot, sizeof dot, ".%s", e->ext);
		if (!strstr(list, dot))
			fail_msg("export_formats_text \"%s\" leaves out %s", list, dot);
		len += strlen(dot) + (rows > 0);
		for (const char *c = e->ext; *c; c++)
			assert_false(isupper((unsigned char)*c));
		for (const struct export_format *o = export_formats; o != e; o++)
			assert_string_not_equal(o->ext, e->ext);
		assert_true(e->samples > 0 && e->lw_model > 0 && e->lw_extra > 0);
		assert_true(e->top > 0 && e->top < 1);
		assert_non_null(e->point_size);
		if (e->draws) { /* a script: gnuplot does not run, the format it draws does */
			snprintf(p, sizeof p, "x.%s", e->draws);
			const struct export_format *d = export_format_of(p);
			assert_non_null(d);
			assert_null(d->draws);
			assert_null(e->terminal);
		} else {
			assert_non_null(e->terminal);
			assert_non_null(e->options);
			assert_true(e->time_factor >= 1);
		}
	}
	assert_int_equal(strlen(list), len); /* nothing else in it */
	assert_true(rows >= sizeof want / sizeof want[0]);
	assert_null(export_format_of("plot.bmp"));
	assert_null(export_format_of("plot"));
	assert_null(export_format_of(".png"));
	assert_null(export_format_of("a.png/plot"));
}

static void test_formats_all_models(void **state)
{
	if (!tu_have_gnuplot())
		skip();
	for (size_t m = 0; model_types[m]; m++) {
		const struct model_type *t = model_types[m];
		if (t->min_d > 1)
			continue;
		struct data d;
		struct fit f;
		lesson_fit(&d, &f, t, 0.01, 10);
		for (const struct export_format *e = export_formats; e->ext; e++) {
			char p[400], err[FP_ERRLEN] = "";
			snprintf(p, sizeof p, "%s/%s.%s", tu_tmpdir, t->name, e->ext);
			if (export_write(&f, p, err) != FP_OK)
				fail_msg("%s %s: %s", t->name, e->ext, err);
			check_format_file(e, p);
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
	if (!tu_have_gnuplot())
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
	if (!tu_have_gnuplot())
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
		assert_false(tu_exists(mark));
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
	assert_false(tu_exists(mark));
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
	assert_false(tu_exists(mark));
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
	/* export_check says the same before any work, and writes nothing. */
	assert_int_equal(export_check(&f, "x.bmp", err), FP_EINPUT);
	assert_non_null(strstr(err, "unknown format"));
	assert_int_equal(export_check(&f, "", err), FP_EINPUT);
	assert_int_equal(export_check(NULL, "x.png", err), FP_EINPUT);
	tu_path_in(p, sizeof p, "no/such/dir/x.png");
	assert_int_equal(export_check(&f, p, err), FP_EINPUT);
	assert_non_null(strstr(err, "no such directory"));
	snprintf(p, sizeof p, "%s/", tu_tmpdir);
	assert_int_equal(export_check(&f, p, err), FP_EINPUT);
	assert_non_null(strstr(err, "no file name"));
	tu_path_in(p, sizeof p, "adir.png");
	assert_int_equal(mkdir(p, 0755), 0);
	assert_int_equal(export_check(&f, p, err), FP_EINPUT);
	assert_non_null(strstr(err, "is a directory"));
	rmdir(p);
	tu_path_in(p, sizeof p, "fine.png");
	assert_int_equal(export_check(&f, p, err), FP_OK);
	assert_false(tu_exists(p));
	assert_false(temp_left());
	fit_done(&f);
	data_free(&d);
}

/* ---- tables ---- */

/* A table of n rows parsed from CSV text: inputs a (0 to 1) and b (0/1), target
 * Survived, 1 when a + b/2 plus a fixed "noise" passes 0.7 (binary), else a value
 * from 0 to 3; the header's input names are in0 and in1 (NULL: "a" and "b"). */
static void table_data(struct data *d, size_t n, int binary, const char *in0, const char *in1)
{
	size_t cap = 200 + n * 48, o = 0;
	char *csv = malloc(cap), err[FP_ERRLEN];
	assert_non_null(csv);
	const char *names[2] = {in0 ? in0 : "a", in1 ? in1 : "b"};
	o += (size_t)snprintf(csv, cap, "Survived");
	for (int j = 0; j < 2; j++) { /* RFC 4180: quoted, quotes doubled */
		csv[o++] = ',';
		csv[o++] = '"';
		for (const char *q = names[j]; *q && o < 190; q++) {
			if (*q == '"')
				csv[o++] = '"';
			csv[o++] = *q;
		}
		csv[o++] = '"';
	}
	csv[o++] = '\n';
	for (size_t i = 0; i < n; i++) {
		double a = (double)(i % 97) / 96, noise = ((double)(i * 37 % 11) / 11 - 0.5) * 0.6;
		int b = i % 3 == 0;
		double y = binary ? (a + 0.5 * b + noise > 0.7) : (double)(i * 7 % 4);
		o += (size_t)snprintf(csv + o, cap - o, "%g,%.6f,%d\n", y, a, b);
	}
	struct table_cfg c;
	table_cfg_default(&c);
	if (data_table_parse(csv, o, "rows.csv", &c, d, err) != FP_OK)
		fail_msg("table: %s", err);
	free(csv);
}

/* A session on table d: model spec (linear, nnet:2) from coefficients init (NULL:
 * the seeded start), `steps` steps of descent. */
static void table_fit(const struct data *d, struct fit *f, const char *spec, const double *init,
		      size_t steps)
{
	const struct model_type *t;
	struct model_cfg mc = {0};
	char err[FP_ERRLEN];
	assert_int_equal(model_parse(spec, &t, &mc, err), FP_OK);
	mc.d = d->d;
	mc.names = d->names;
	mc.seed = 42;
	if (fit_init(f, d, t, &mc, LOSS_MSE, NULL, 0.1, init, err) != FP_OK)
		fail_msg("fit_init %s: %s", spec, err);
	fit_step(f, steps);
}

/* The gnuplot script of a table's export (tu_tmpdir/name), read back (caller frees). */
static char *table_script(const struct fit *f, const char *name)
{
	char p[400], err[FP_ERRLEN];
	tu_path_in(p, sizeof p, name);
	assert_int_equal(export_write(f, p, err), FP_OK);
	return tu_read(p);
}

/* The "x y" lines of datablock $name in script gp into x[], y[] (at most max). */
static size_t block_read(const char *gp, const char *name, double *x, double *y, size_t max)
{
	char head[64];
	snprintf(head, sizeof head, "$%s << EOD\n", name);
	const char *p = strstr(gp, head);
	if (!p)
		fail_msg("no datablock %s", name);
	p += strlen(head);
	size_t n = 0;
	while (strncmp(p, "EOD\n", 4) != 0) {
		char *e;
		double a = strtod(p, &e), b = strtod(e, &e);
		assert_true(*e == '\n');
		if (n < max) {
			x[n] = a;
			y[n] = b;
		}
		n++;
		p = e + 1;
	}
	return n;
}

/* Every format for linear and nnet:2: files with the right magic; the dumb text has
 * the line at 0.5, both groups and the count right; the script draws the groups. */
static void test_table_formats(void **state)
{
	if (!tu_have_gnuplot())
		skip();
	static const char *const specs[] = {"linear", "nnet:2"};
	for (size_t m = 0; m < 2; m++) {
		struct data d;
		struct fit f;
		table_data(&d, 200, 1, NULL, NULL);
		table_fit(&d, &f, specs[m], NULL, 40);
		char p[400], err[FP_ERRLEN] = "", want[128];
		for (const struct export_format *e = export_formats; e->ext; e++) {
			snprintf(p, sizeof p, "%s/table%zu.%s", tu_tmpdir, m, e->ext);
			if (export_write(&f, p, err) != FP_OK)
				fail_msg("%s %s: %s", specs[m], e->ext, err);
			check_format_file(e, p);
		}
		double acc = table_accuracy(f.model, &f.mcfg, f.theta, &d);
		snprintf(want, sizeof want, "%zu of 200 right at 0.5", (size_t)llround(acc * 200));
		snprintf(p, sizeof p, "%s/table%zu.txt", tu_tmpdir, m);
		char *txt = tu_read(p);
		assert_non_null(strstr(txt, want));
		assert_non_null(strstr(txt, "threshold 0.5"));
		assert_non_null(strstr(txt, "survived (truth 1): "));
		assert_non_null(strstr(txt, "did not survive (truth 0): "));
		assert_non_null(strstr(txt, "step 40"));
		assert_non_null(strstr(txt, "loss history"));
		free(txt);
		snprintf(p, sizeof p, "%s/table%zu.gp", tu_tmpdir, m);
		char *gp = tu_read(p);
		assert_non_null(strstr(gp, want));
		assert_non_null(strstr(gp, "$UP << EOD\n"));
		assert_non_null(strstr(gp, "$DOWN << EOD\n"));
		assert_null(strstr(gp, "$DATA")); /* not x,y points */
		assert_non_null(strstr(gp, "plot $UP using 1:2 with points pt 7"));
		assert_non_null(strstr(gp, ", 0.5 with lines"));
		free(gp);
		assert_false(temp_left());
		fit_done(&f);
		data_free(&d);
	}
}

/* The groups as the explorer draws them: every row once, in its truth's group,
 * sorted by prediction along x from 0 to 100%, the counts right in the key. */
static void test_table_groups(void **state)
{
	struct data d;
	struct fit f;
	table_data(&d, 300, 1, NULL, NULL);
	table_fit(&d, &f, "linear", NULL, 25);
	char want[160];
	char *gp = table_script(&f, "groups.gp");
	double *x = calloc(300, sizeof *x), *y = calloc(300, sizeof *y),
	       *pr = calloc(300, sizeof *pr);
	assert_true(x && y && pr);
	f.model->predict(&f.mcfg, f.theta, &d, pr);
	size_t n1 = 0, r1 = 0, r0 = 0;
	for (size_t i = 0; i < d.n; i++) {
		n1 += d.y[i] > 0.5;
		r1 += d.y[i] > 0.5 && pr[i] > 0.5;
		r0 += d.y[i] <= 0.5 && !(pr[i] > 0.5);
	}
	assert_true(n1 > 0 && n1 < 300);
	static const char *const blocks[] = {"UP", "DOWN"};
	for (int g = 0; g < 2; g++) {
		size_t k = block_read(gp, blocks[g], x, y, 300);
		assert_int_equal(k, g ? 300 - n1 : n1);
		for (size_t i = 0; i < k; i++) {
			assert_true(x[i] > 0 && x[i] < 100);
			assert_rel(x[i], 100 * (i + 0.5) / (double)k, 1e-12);
			if (i)
				assert_true(y[i] >= y[i - 1]);
		}
	}
	snprintf(want, sizeof want, "survived \\050truth 1\\051\\072 %zu of %zu above 0.5", r1, n1);
	assert_non_null(strstr(gp, want));
	snprintf(want, sizeof want, "did not survive \\050truth 0\\051\\072 %zu of %zu below 0.5",
		 r0, 300 - n1);
	assert_non_null(strstr(gp, want));
	free(x);
	free(y);
	free(pr);
	free(gp);
	fit_done(&f);
	data_free(&d);
}

/* A target that is not 0/1, and predictions far off: labels by value, the wild
 * ones drawn at the edge and counted, no nan or inf in the script. */
static void test_table_off_chart(void **state)
{
	struct data d;
	struct fit f;
	table_data(&d, 60, 0, NULL, NULL);
	const double wild[3] = {1e6, -1e6, 1e6}; /* a, b, Ones */
	table_fit(&d, &f, "linear", wild, 0);
	char *gp = table_script(&f, "wild.gp");
	assert_non_null(strstr(gp, "truth above 0.5"));
	assert_non_null(strstr(gp, "truth 0.5 or less"));
	assert_non_null(strstr(gp, "off the chart"));
	assert_null(strstr(gp, "survived"));
	char *yr = strstr(gp, "set yrange [");
	assert_non_null(yr);
	double lo = strtod(yr + 12, &yr), hi = strtod(yr + 1, NULL);
	assert_true(lo <= 0 && hi >= 3 && hi < 10);
	for (char *q = gp; *q; q++)
		*q = (char)tolower((unsigned char)*q);
	assert_null(strstr(gp, "nan"));
	assert_null(strstr(gp, "inf"));
	free(gp);
	fit_done(&f);
	data_free(&d);
}

/* More rows than are drawn: an even sample of each group, "some shown". */
static void test_table_many_rows(void **state)
{
	struct data d;
	struct fit f;
	table_data(&d, 50001, 1, NULL, NULL);
	table_fit(&d, &f, "linear", NULL, 2);
	char *gp = table_script(&f, "manyrows.gp");
	double x, y;
	size_t a = block_read(gp, "UP", &x, &y, 0), b = block_read(gp, "DOWN", &x, &y, 0);
	assert_true(a + b <= 20001 && a + b > 10000);
	assert_non_null(strstr(gp, "some shown"));
	assert_non_null(strstr(gp, "of 50001 right at 0.5"));
	free(gp);
	fit_done(&f);
	data_free(&d);
}

/* Hostile column names (they become coefficient names in the title) and file
 * names: quoted, never run. */
static void test_table_hostile(void **state)
{
	if (!tu_have_gnuplot())
		skip();
	struct data d;
	struct fit f;
	table_data(&d, 50, 1, "`touch MARK` $(touch MARK)", "'\"\"; system(\"touch MARK\") @x");
	table_fit(&d, &f, "linear", NULL, 3);
	char cwd[1024], mark[400], p[400], err[FP_ERRLEN];
	assert_non_null(getcwd(cwd, sizeof cwd));
	assert_int_equal(chdir(tu_tmpdir), 0);
	tu_path_in(mark, sizeof mark, "MARK");
	static const char *const names[] = {"`touch MARK`", "dir/$(touch MARK)",
					    "a\nb'c\"",	    "|touch MARK",
					    "<touch MARK",  "\xff\xfe bad \xe2\x82"};
	char *old = d.source;
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
		d.source = (char *)names[i];
		tu_path_in(p, sizeof p, "th.gp");
		assert_int_equal(export_write(&f, p, err), FP_OK);
		char *gp = tu_read(p);
		assert_null(strchr(gp, '`'));
		assert_null(strchr(gp, '\''));
		assert_null(strstr(gp, "$("));
		assert_null(strstr(gp, "system("));
		assert_non_null(strstr(gp, "w_\\140touch MARK\\140"));
		free(gp);
		tu_path_in(p, sizeof p, "th.png");
		if (export_write(&f, p, err) != FP_OK)
			fail_msg("name %zu: %s", i, err);
		assert_false(tu_exists(mark));
	}
	d.source = old;
	/* Output names gnuplot would run: written under their own names. */
	assert_int_equal(export_write(&f, "|touch MARK.png", err), FP_OK);
	assert_int_equal(export_write(&f, "<touch MARK.txt", err), FP_OK);
	assert_true(tu_exists("|touch MARK.png") && tu_exists("<touch MARK.txt"));
	assert_false(tu_exists(mark));
	assert_int_equal(chdir(cwd), 0);
	fit_done(&f);
	data_free(&d);
}

/* Failed allocations while exporting a table: an error, no file, no temporary. */
static void test_table_alloc_failures(void **state)
{
	if (!tu_have_gnuplot())
		skip();
	struct data d;
	struct fit f;
	table_data(&d, 80, 1, NULL, NULL);
	table_fit(&d, &f, "nnet:2", NULL, 5);
	char p[400], err[FP_ERRLEN];
	static const char *const files[] = {"oomt.png", "oomt.gp", "oomt.gif"};
	for (size_t j = 0; j < 3; j++) {
		tu_path_in(p, sizeof p, files[j]);
		for (size_t k = 1; k <= 8; k++) {
			unlink(p);
			fp_alloc_fail_at(k, 1);
			int rc = export_write(&f, p, err);
			fp_alloc_fail_at(0, 0);
			if (rc == FP_OK)
				assert_true(tu_exists(p));
			else
				assert_false(tu_exists(p));
			assert_false(temp_left());
		}
		unlink(p);
		if (export_write(&f, p, err) != FP_OK) /* (a refusal is no failed allocation) */
			fail_msg("%s: %s", files[j], err);
	}
	fit_done(&f);
	data_free(&d);
}

static void test_alloc_failures(void **state)
{
	if (!tu_have_gnuplot())
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
			assert_true(tu_exists(p));
		else
			assert_false(tu_exists(p));
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
	    cmocka_unit_test(test_format_table),
	    cmocka_unit_test(test_formats_all_models),
	    cmocka_unit_test(test_diverged),
	    cmocka_unit_test(test_hostile_names_and_expressions),
	    cmocka_unit_test(test_many_points),
	    cmocka_unit_test(test_errors),
	    cmocka_unit_test(test_alloc_failures),
	    cmocka_unit_test(test_next_name),
	    cmocka_unit_test(test_table_formats),
	    cmocka_unit_test(test_table_groups),
	    cmocka_unit_test(test_table_off_chart),
	    cmocka_unit_test(test_table_many_rows),
	    cmocka_unit_test(test_table_hostile),
	    cmocka_unit_test(test_table_alloc_failures),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
