/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-table.c: tables with a header into inputs: the titanic preset's ten inputs and
 * 712 rows, dummies, scaling, quotes, default inputs, and every bad-table message. */
#include "testutil.h"

#include "data.h"
#include "preset.h"
#include "table.h"
#include "util.h"

static char *ref_path(const char *file)
{
	static char buf[1024];
	snprintf(buf, sizeof buf, "%s/titanic/%s", tu_ref_dir(), file);
	return buf;
}

static void titanic_cfg(struct table_cfg *c)
{
	const struct preset *p = preset_find("titanic");
	assert_non_null(p);
	table_cfg_default(c);
	c->target = p->table_target;
	c->inputs = p->table_inputs;
}

static void test_titanic_preset(void **state)
{
	struct table_cfg c;
	struct data d, d712;
	char err[FP_ERRLEN];
	titanic_cfg(&c);
	assert_int_equal(data_table_load(ref_path("titanic-all-rows.csv"), &c, &d, err), FP_OK);
	assert_int_equal(d.n, 712);
	assert_int_equal(d.d, 10);
	assert_int_equal(d.dropped, 891 - 712);
	static const char *names[10] = {"SibSp",    "Parch",	"Age",	      "Fare",
					"Pclass_1", "Pclass_2", "Embarked_S", "Embarked_C",
					"Sex_male", "Ones"};
	for (size_t j = 0; j < 10; j++)
		assert_string_equal(d.names[j], names[j]);
	/* First passenger: 0,3,male,22,1,0,7.25,S */
	const double row0[10] = {1, 0, 22.0 / 80, log10(8.25), 0, 0, 1, 0, 1, 1};
	for (size_t j = 0; j < 10; j++)
		assert_rel(d.x[j], row0[j], 1e-15);
	assert_true(d.y[0] == 0);
	/* The sheets' own 712 rows, columns in another order: the same matrix. */
	assert_int_equal(data_table_load(ref_path("titanic-712.csv"), &c, &d712, err), FP_OK);
	assert_int_equal(d712.n, 712);
	assert_int_equal(d712.dropped, 0);
	assert_memory_equal(d.x, d712.x, 712 * 10 * sizeof(double));
	assert_memory_equal(d.y, d712.y, 712 * sizeof(double));
	data_free(&d);
	data_free(&d712);
}

static int parse(const char *csv, const char *target, const char *inputs, int constant,
		 struct data *d, char *err)
{
	struct table_cfg c;
	table_cfg_default(&c);
	c.target = target;
	c.inputs = inputs;
	c.constant = constant;
	return data_table_parse(csv, strlen(csv), "t.csv", &c, d, err);
}

static void test_dummies_scaling(void **state)
{
	struct data d;
	char err[FP_ERRLEN];
	const char *csv = "y,cls,port,fare,age\n"
			  "1,3,S,0,40\n"
			  "0,1,C,9,\n" /* blank age: dropped */
			  "1,2,Q,99,20\n"
			  "0,10,S,999,10\n";
	assert_int_equal(parse(csv, "y", "cls:dummies,port,fare:log,age:max", 0, &d, err), FP_OK);
	/* cls levels sorted as numbers 2,3,10 (1 is in a dropped row): 3 and 10 kept;
	 * port levels Q,S (C only in the dropped row): S kept. */
	assert_int_equal(d.n, 3);
	assert_int_equal(d.dropped, 1);
	assert_int_equal(d.d, 2 + 1 + 1 + 1);
	assert_string_equal(d.names[0], "cls_3");
	assert_string_equal(d.names[1], "cls_10");
	assert_string_equal(d.names[2], "port_S");
	assert_string_equal(d.names[3], "fare");
	assert_string_equal(d.names[4], "age");
	const double want[3][5] = {{1, 0, 1, 0, 1}, {0, 0, 0, 2, 0.5}, {0, 1, 1, 3, 0.25}};
	for (size_t i = 0; i < 3; i++)
		for (size_t j = 0; j < 5; j++)
			assert_rel(d.x[i * 5 + j], want[i][j], 1e-15);
	data_free(&d);
}

static void test_quotes_levels(void **state)
{
	struct data d;
	char err[FP_ERRLEN];
	const char *csv = "\xEF\xBB\xBF"
			  "\"Name\",Sex,\"Survived\"\r\n"
			  "\"Braund, Mr. Owen\",male,0\r\n"
			  "\r\n"
			  "\"Johnston, Miss \"\"Carrie\"\"\",\"female\",1\r\n"
			  "\"two\nlines\", male ,1\r\n";
	assert_int_equal(parse(csv, NULL, "Sex=male", 1, &d, err), FP_OK);
	assert_int_equal(d.n, 3);
	assert_int_equal(d.d, 2);
	assert_string_equal(d.names[0], "Sex_male");
	assert_string_equal(d.names[1], "Ones");
	assert_true(d.x[0] == 1 && d.x[2] == 0 && d.x[4] == 1);
	assert_true(d.y[0] == 0 && d.y[1] == 1 && d.y[2] == 1);
	data_free(&d);
	/* Control bytes in a level never reach a name (tab-separated headers). */
	assert_int_equal(parse("y,s\n1,\"a\tb\"\n0,\"c\nd\"\n", "y", "s", 0, &d, err), FP_OK);
	assert_string_equal(d.names[0], "s_c_d");
	data_free(&d);
	/* A line number after a quoted newline is still right. */
	const char *bad = "a,y\n\"x\ny\",1\n2,oops\n";
	assert_int_equal(parse(bad, "y", "a", 1, &d, err), FP_EINPUT);
	assert_non_null(strstr(err, "t.csv:4: column 2 (y): 'oops'"));
}

/* Default inputs: every other column, text columns with many values left out; the
 * target defaults to Survived, else the last column. */
static void test_defaults(void **state)
{
	struct data d;
	char err[FP_ERRLEN];
	char csv[20000] = "Id,Survived,Name,Sex,Cabin\n";
	for (int i = 0; i < 100; i++) {
		char line[128];
		snprintf(line, sizeof line, "%d,%d,\"Person %d\",%s,%s\n", i + 1, i % 2, i,
			 i % 3 ? "male" : "female", i % 4 ? "" : "C85");
		strcat(csv, line);
	}
	assert_int_equal(parse(csv, NULL, NULL, 1, &d, err), FP_OK);
	/* Id counts the rows: left out; Name has 100 values: left out; Sex_male, Cabin as
	 * one level (0 dummies), Ones; rows without a Cabin are dropped (Cabin is used). */
	assert_int_equal(d.d, 2);
	assert_string_equal(d.names[0], "Sex_male");
	assert_string_equal(d.names[1], "Ones");
	assert_int_equal(d.n, 25);
	assert_int_equal(d.dropped, 75);
	data_free(&d);
	assert_int_equal(parse("a,b,c\n1,2,3\n4,5,6\n", NULL, NULL, 0, &d, err), FP_OK);
	assert_int_equal(d.d, 2);
	assert_true(d.y[0] == 3 && d.y[1] == 6);
	data_free(&d);
}

struct bad {
	const char *csv, *target, *inputs, *msg;
};

static void test_bad_tables(void **state)
{
	static const struct bad cases[] = {
	    {"a,b\n1,2\n", "Survived", "a",
	     "t.csv: no target column 'Survived' in the header"
	     " (columns: a, b)"},
	    {"a,y\n1,2\n", "y", "a,Age", "t.csv: no input column 'Age'"},
	    {"a,y\n1,2\n3,4\nx,5\n", "y", "a:raw",
	     "t.csv:4: column 1 (a): 'x' is text in a "
	     "numeric column"},
	    {"a,y\n1,2\n3,4\n5,6\nx,5\n", "y", "a", "t.csv:5: column 1 (a): 'x' is text"},
	    {"a,y\n1,2\n3,no\n", "y", "a",
	     "t.csv:3: column 2 (y): 'no' is text in a numeric "
	     "column (the target must be numbers)"},
	    {"a,y\n,2\n3,\n", "y", "a", "t.csv: no rows left: each of the 2 rows has a blank"},
	    {"a,y\n1,2\n3\n", "y", "a", "t.csv:3: 1 field where the header has 2"},
	    {"a,y\n\"1,2\n", "y", "a", "t.csv:2:1: unterminated quote"},
	    {"a,y\n\"1\"x,2\n", "y", "a", "t.csv:2:4: text after a closing quote"},
	    {"a,y\n\"x\"\"\ny\",\"2\"z\n", "y", "a", "t.csv:3:7: text after a closing quote"},
	    {"a,y\n1,2\n", "y", "a=7", "t.csv: column 'a' has no value '7' in the rows kept"},
	    {"a,y\n1,2\n", "y", "a:cube", "expected NAME:raw, NAME:max, NAME:log"},
	    {"a,y\n1,2\n", "y", "a,,a", "an empty entry"},
	    {"a,y\n1,2\n", "y", "y", "column 'y' is the target"},
	    {"a,y\n-1,2\n", "y", "a:max", "column 'a': its maximum is -1"},
	    {"a,y\n-2,2\n", "y", "a:log",
	     "t.csv:2: column 1 (a): '-2' is not above -1: log10(x + 1)"},
	    {"", "y", "a", "t.csv: empty file, no header line"},
	    {"a,y\n", "y", "a", "t.csv: header only, no data rows"},
	    {"a,y\n1,2\n", "y", NULL, NULL},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct data d;
		char err[FP_ERRLEN] = "";
		int rc = parse(cases[i].csv, cases[i].target, cases[i].inputs, 1, &d, err);
		if (!cases[i].msg) {
			assert_int_equal(rc, FP_OK);
			data_free(&d);
			continue;
		}
		if (rc != FP_EINPUT || !strstr(err, cases[i].msg))
			fail_msg("case %zu: rc %d, message '%s', expected '%s'", i, rc, err,
				 cases[i].msg);
		assert_int_equal(d.n, 0);
		assert_null(d.x);
	}
	/* Too many levels for dummies. */
	char csv[8000] = "n,y\n";
	for (int i = 0; i < 70; i++) {
		char line[32];
		snprintf(line, sizeof line, "p%d,%d\n", i, i % 2);
		strcat(csv, line);
	}
	struct data d;
	char err[FP_ERRLEN];
	assert_int_equal(parse(csv, "y", "n", 1, &d, err), FP_EINPUT);
	assert_non_null(strstr(err, "column 'n' has more than 64 different values"));
	assert_int_equal(table_spec_check("Age:max,Sex=male,Pclass", err), FP_OK);
	assert_int_equal(table_spec_check("=x", err), FP_EINPUT);
	assert_int_equal(table_spec_check("Sex=", err), FP_EINPUT);
}

/* Every allocation failing in turn: an error, never a crash or a leak. */
static void test_alloc_faults(void **state)
{
	const char *csv = "y,a,s\n1,2,m\n0,3,f\n1,,f\n";
	int ok = 0;
	for (size_t k = 1; k < 200 && !ok; k++) {
		struct data d;
		char err[FP_ERRLEN];
		fp_alloc_fail_at(k, 0);
		int rc = parse(csv, "y", "a:max,s", 1, &d, err);
		fp_alloc_fail_at(0, 0);
		if (rc == FP_OK) {
			data_free(&d);
			ok = 1;
			continue;
		}
		if (rc != FP_EFAIL)
			fail_msg("allocation %zu failing: rc %d (%s)", k, rc, err);
	}
	assert_true(ok);
}

/* Mutated tables (bytes replaced, inserted, cut): an answer or a message, never a
 * crash; every kept value finite. Run under SANITIZE=1 for memory errors. */
static void test_mutations(void **state)
{
	static const char seed[] = "Survived,Pclass,Sex,Age,Fare,Embarked,Name\n"
				   "0,3,male,22,7.25,S,\"Braund, Mr. Owen\"\n"
				   "1,1,female,38,71.28,C,\"Cumings, \"\"Mrs\"\"\"\n"
				   "1,3,female,,7.92,S,Heikkinen\r\n"
				   "0,2,male,35,8.05,Q,Allen\n";
	static const char pool[] = ",\"\n\r =:-.e0123456789abcSQ\t";
	static const char *inputs[] = {NULL, "Pclass:dummies,Sex=male,Age:max,Fare:log,Embarked",
				       "Age,Fare:raw,Sex"};
	struct npy_rng *r = npy_rng_alloc(5);
	char buf[512];
	for (int it = 0; it < 3000; it++) {
		size_t n = sizeof seed - 1;
		memcpy(buf, seed, n);
		int edits = 1 + (int)(npy_rng_uniform(r) * 4);
		for (int e = 0; e < edits && n > 0 && n < sizeof buf - 1; e++) {
			size_t at = (size_t)(npy_rng_uniform(r) * (double)n);
			char c = pool[(size_t)(npy_rng_uniform(r) * (sizeof pool - 1))];
			double how = npy_rng_uniform(r);
			if (how < 0.4) {
				buf[at] = c;
			} else if (how < 0.7) {
				memmove(buf + at + 1, buf + at, n - at);
				buf[at] = c;
				n++;
			} else {
				memmove(buf + at, buf + at + 1, n - at - 1);
				n--;
			}
		}
		struct table_cfg c;
		table_cfg_default(&c);
		c.inputs = inputs[it % 3];
		c.target = it % 2 ? "Survived" : NULL;
		struct data d;
		char err[FP_ERRLEN];
		int rc = data_table_parse(buf, n, "m.csv", &c, &d, err);
		if (rc == FP_OK) {
			assert_true(d.n >= 1 && d.d >= 1);
			assert_true(fp_all_finite(d.x, d.n * d.d) && fp_all_finite(d.y, d.n));
			for (size_t j = 0; j < d.d; j++)
				assert_non_null(d.names[j]);
			data_free(&d);
		} else {
			assert_int_equal(rc, FP_EINPUT);
			assert_true(strncmp(err, "m.csv", 5) == 0);
		}
	}
	npy_rng_free(r);
}

/* Both readers share one tokenizer: the same table with LF, CRLF, CR (the old Mac
 * ending, once "header only") or all three mixed, and quoted fields holding any of
 * them, gives the same rows, and line numbers count each ending once. */
static void test_line_ends(void **state)
{
	static const char *tables[] = {
	    "Survived,Age,Sex\n1,22,male\n0,38,female\n1,26,\"fe\nmale\"\n",
	    "Survived,Age,Sex\r\n1,22,male\r\n0,38,female\r\n1,26,\"fe\r\nmale\"\r\n",
	    "Survived,Age,Sex\r1,22,male\r0,38,female\r1,26,\"fe\rmale\"\r",
	    "Survived,Age,Sex\r\n1,22,male\r0,38,female\n\r\n1,26,\"fe\rmale\"",
	    "\xEF\xBB\xBFSurvived,Age,Sex\r1,22,male\r\r0,38,female\r1,26,\"fe\rmale\"\r",
	};
	for (size_t i = 0; i < sizeof tables / sizeof tables[0]; i++) {
		struct data d;
		char err[FP_ERRLEN] = "";
		if (parse(tables[i], NULL, "Age,Sex", 1, &d, err) != FP_OK)
			fail_msg("table %zu: %s", i, err);
		assert_int_equal(d.n, 3);
		assert_int_equal(d.d, 4); /* Age, 2 dummies (levels fe?male, female, male), Ones */
		assert_true(d.y[0] == 1 && d.y[1] == 0 && d.y[2] == 1);
		assert_true(d.x[0] == 22 && d.x[4] == 38 && d.x[8] == 26);
		data_free(&d);
	}
	/* a line ending counts once, whatever it is: the error names line 4 */
	static const char *bad[] = {"a,y\n1,2\n3,4\nx,5\n6,7\n",
				    "a,y\r\n1,2\r\n3,4\r\nx,5\r\n6,7\r\n",
				    "a,y\r1,2\r3,4\rx,5\r6,7\r", "a,y\r\n1,2\r3,4\nx,5\r6,7\n"};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		struct data d;
		char err[FP_ERRLEN] = "";
		assert_int_equal(parse(bad[i], "y", "a:raw", 1, &d, err), FP_EINPUT);
		if (!strstr(err, "t.csv:4: column 1 (a): 'x' is text"))
			fail_msg("line ends %zu: '%s'", i, err);
	}
}

/* A value beyond a double, too small as well as too large, is refused with FILE:LINE,
 * never read as 0 or as a subnormal; an exact zero in any form is read. */
static void test_out_of_range(void **state)
{
	static const struct bad cases[] = {
	    {"a,y\n1,2\n1e-400,3\n", "y", "a",
	     "t.csv:3: column 1 (a): '1e-400' is out of "
	     "range (not 0, but below 2.2e-308"},
	    {"a,y\n1,2\n3,-1e-310\n", "y", "a",
	     "t.csv:3: column 2 (y): '-1e-310' is out of "
	     "range (not 0"},
	    {"a,y\n1,2\n1e999,3\n", "y", "a",
	     "t.csv:3: column 1 (a): '1e999' is out of range "
	     "(too large"},
	    {"a,y\n1,2\n1e-310,3\n", "y", "a:max", "t.csv:3: column 1 (a): '1e-310' is out"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct data d;
		char err[FP_ERRLEN] = "";
		assert_int_equal(parse(cases[i].csv, cases[i].target, cases[i].inputs, 1, &d, err),
				 FP_EINPUT);
		if (!strstr(err, cases[i].msg))
			fail_msg("'%s': '%s' lacks '%s'", cases[i].csv, err, cases[i].msg);
		assert_null(d.x);
	}
	struct data d;
	char err[FP_ERRLEN] = "";
	assert_int_equal(
	    parse("a,y\n0e-500,1\n-0.0,2\n0.000e+9,3\n2.3e-308,4\n", "y", "a", 1, &d, err), FP_OK);
	assert_true(d.x[0] == 0 && d.x[2] == 0 && d.x[4] == 0 && d.x[6] == 2.3e-308);
	data_free(&d);
}

/* Default inputs leave out a column only when it is clearly an identifier: named like
 * one (PassengerId, id, index, user_id, ...) and counting the rows 1..n or 0..n-1. A
 * Year counting 2001..2020, or a 1..n column named otherwise, stays; what is left out
 * is said in d.note. */
static void test_identifiers(void **state)
{
	static const struct {
		const char *head;
		int first;
		int kept; /* 1: the first column stays an input */
	} cases[] = {
	    {"Year", 2001, 1},	  {"Year", 1, 1},  {"PassengerId", 1, 0},
	    {"id", 0, 0},	  {"Index", 1, 0}, {"user_id", 0, 0},
	    {"CustomerID", 1, 0}, {"Id", 2001, 1}, {"PassengerId", 2, 1},
	    {"Paid", 1, 1},	  {"", 0, 0},	   {"Unnamed: 0", 0, 0},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char csv[2000];
		int len = snprintf(csv, sizeof csv, "%s,Sales\n", cases[i].head);
		for (int r = 0; r < 20; r++)
			len += snprintf(csv + len, sizeof csv - (size_t)len, "%d,%d\n",
					cases[i].first + r, 3 * r + (r % 3));
		struct data d;
		char err[FP_ERRLEN] = "";
		if (parse(csv, "Sales", NULL, 1, &d, err) != FP_OK)
			fail_msg("'%s': %s", cases[i].head, err);
		if ((int)d.d != 1 + cases[i].kept)
			fail_msg("'%s' from %d: %zu inputs", cases[i].head, cases[i].first, d.d);
		if (cases[i].kept) {
			assert_null(d.note);
		} else {
			char want[200];
			snprintf(want, sizeof want,
				 "left out %s (an identifier: 1, 2, 3, ...; keep it "
				 "with --inputs)",
				 cases[i].head);
			assert_non_null(d.note);
			assert_string_equal(d.note, want);
		}
		data_free(&d);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_titanic_preset), cmocka_unit_test(test_dummies_scaling),
	    cmocka_unit_test(test_quotes_levels),  cmocka_unit_test(test_defaults),
	    cmocka_unit_test(test_bad_tables),	   cmocka_unit_test(test_line_ends),
	    cmocka_unit_test(test_out_of_range),   cmocka_unit_test(test_identifiers),
	    cmocka_unit_test(test_alloc_faults),   cmocka_unit_test(test_mutations),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
