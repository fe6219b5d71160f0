/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-csv.c: the CSV reader on memory buffers: RFC 4180 quotes, BOM, CRLF and CR,
 * headers, line numbers after quoted line breaks, every error leaving *out empty,
 * the size limit of data_csv_load, and numbers read and written with '.' under a
 * German locale (built with localedef into a temporary LOCPATH when possible). */
#define _GNU_SOURCE
#include "testutil.h"

#include <locale.h>
#include <unistd.h>

#include "data.h"
#include "util.h"

static int parse(const char *text, struct data *d, char *err)
{
	return data_csv_parse(text, strlen(text), "t.csv", d, err);
}

static void expect_ok(const char *text, size_t n, const double *xy)
{
	struct data d;
	char err[FP_ERRLEN] = "";
	int rc = parse(text, &d, err);
	if (rc != FP_OK)
		fail_msg("'%s': %s", text, err);
	assert_int_equal(d.n, n);
	assert_int_equal(d.d, 1);
	assert_string_equal(d.source, "t.csv");
	for (size_t i = 0; i < n; i++) {
		assert_true(d.x[i] == xy[2 * i]);
		assert_true(d.y[i] == xy[2 * i + 1]);
	}
	data_free(&d);
}

static void expect_err(const char *text, size_t len, const char *want)
{
	struct data d;
	char err[FP_ERRLEN] = "";
	memset(&d, 0xAB, sizeof d);
	int rc = data_csv_parse(text, len, "t.csv", &d, err);
	assert_int_equal(rc, FP_EINPUT);
	if (!strstr(err, want))
		fail_msg("message '%s' lacks '%s'", err, want);
	assert_null(strchr(err, '\n'));
	assert_int_equal(d.n, 0);
	assert_null(d.x);
	assert_null(d.y);
	assert_null(d.source);
}
#define ERR(text, want) expect_err(text, sizeof text - 1, want)

static void test_good(void **state)
{
	const double a[] = {1, 2, 3, 4.5};
	expect_ok("1,2\n3,4.5\n", 2, a);
	expect_ok("1,2\n3,4.5", 2, a);
	expect_ok("x,y\n1,2\n3,4.5\n", 2, a);
	expect_ok("\xEF\xBB\xBFx,y\r\n1,2\r\n3,4.5\r\n", 2, a);
	expect_ok("1,2\r3,4.5\r", 2, a);
	expect_ok("\"1\",\"2\"\n \"3\" , 4.5 \n", 2, a);
	expect_ok("\n\n \t\n1,2\n\n\n3,45e-1\n\n", 2, a);
	expect_ok("\"x, \"\"in\"\"\",\"y\nout\"\r\n1,2\r\n3,+4.50\r\n", 2, a);
	const double b[] = {-0.5, 1e-300, 1e300, -2e-3};
	expect_ok("-.5,1e-300\n1E+300,-0.002\n", 2, b);
	const double z[] = {0, 2.3e-308, 0, 1};
	expect_ok("0e-999,2.3e-308\n-0.000e-400,1\n", 2, z);
	/* every line ending, mixed, and inside quotes: LF, CRLF and a lone CR */
	const double c[] = {1, 2, 3, 4.5, 5, 6};
	expect_ok("x,y\r1,2\r\n3,4.5\n5,6", 3, c);
	expect_ok("\"x\ry\",\"a\r\nb\"\r1,2\r\r3,4.5\r5,6\r", 3, c);
	ERR("\"a\rb\",y\r1,2\rx,3\r", "t.csv:4: column 1 (x)");
	ERR("x,y\r1,2\r3;4\r", "t.csv:3: semicolons found at column 2");
}

static void test_errors(void **state)
{
	ERR("", "t.csv: empty file");
	ERR("\xEF\xBB\xBF", "t.csv: empty file");
	ERR("x,y\n", "t.csv: header only");
	ERR("1,2\n3\n", "t.csv:2: 1 column where 2");
	ERR("1,2\n3,4,5\n", "t.csv:2: 3 columns where 2");
	ERR("1,5,2,5\n", "decimal commas");
	ERR("1;2\n", "t.csv:1: semicolons found at column 2");
	ERR("x,y\n1,5;2,5\n", "t.csv:2: semicolons found at column 4");
	ERR("1,\"2\n3,4\n", "t.csv:1:3: unterminated quote");
	ERR("1,\"2\"3\n", "t.csv:1:6: text after a closing quote");
	ERR("1,2\n3,abc\n", "t.csv:2: column 2 (y): 'abc' is not a number");
	ERR("1,2\n12abc,3\n", "t.csv:2: column 1 (x): '12abc' is not a number");
	ERR("1,2\nnan,3\n", "'nan' is not a finite number");
	ERR("1,2\n3,-inf\n", "'-inf' is not a finite number");
	ERR("1,2\n3,1e999\n", "'1e999' is out of range");
	ERR("1,2\n3,-1e400\n", "'-1e400' is out of range");
	/* too small is out of range too: never read as 0 or as a subnormal */
	ERR("1,2\n3,1e-400\n", "t.csv:2: column 2 (y): '1e-400' is out of range (not 0, but "
			       "below 2.2e-308");
	ERR("1,2\n-4.9e-324,3\n", "t.csv:2: column 1 (x): '-4.9e-324' is out of range");
	ERR("1,2\n1e-310,3\n", "t.csv:2: column 1 (x): '1e-310' is out of range");
	ERR("1,2\n0x1p3,3\n", "'0x1p3' is not a number (hexadecimal");
	ERR("1,2\n\"1,5\",3\n", "'1,5' is not a number (a decimal comma");
	ERR("1,2\n3,\n", "'' is an empty cell");
	ERR("1,2\n3,1.2.3\n", "'1.2.3' is not a number");
	ERR("1,2\n3,1e\n", "'1e' is not a number");
	ERR("1,2\n3,4\0\n", "t.csv:2: contains a NUL byte at column 4");
	ERR("x\0,\0y\0\n\0", "(UTF-16? save it as UTF-8)");
	ERR("\xFF\xFEx\0,\0y\0", "t.csv: looks like UTF-16");
	ERR("\xFE\xFF\0x\0,\0y", "t.csv: looks like UTF-16");
	/* line numbers count the line breaks inside quoted fields */
	ERR("\"a\nb\nc\",y\n1,2\nx,3\n", "t.csv:5: column 1 (x)");
	ERR("1,2\r\n3,4\r\n5,z\r\n", "t.csv:3: column 2 (y)");
	/* control bytes and invalid UTF-8 never reach a message raw */
	ERR("1,2\n3,\x1b[2J\n", "'?[2J' is not a number");
	ERR("1,2\n3,\xC3\n", "'?' is not a number");
	ERR("1,2\n3,\xC3\xA9\n", "'\xC3\xA9' is not a number");
}

static void test_long_cell(void **state)
{
	size_t n = 1000000;
	char *b = malloc(n + 8);
	assert_non_null(b);
	memset(b, '9', n);
	memcpy(b + n, ",1\n", 4);
	expect_err(b, n + 3, "'999999999999999999999999...' is too long for a number");
	b[5] = 'x';
	expect_err(b, n + 3, "is not a number");
	free(b);
	/* just under the length limit still reads */
	char c[200];
	memset(c, '0', 120);
	memcpy(c + 120, "1,2\n", 5);
	const double v[] = {1, 2};
	expect_ok(c, 1, v);
}

/* The fast path for short decimals gives exactly strtod's doubles. */
static void test_numbers_exact(void **state)
{
	size_t rows = 50000, cap = rows * 48, len = 0;
	char *b = malloc(cap);
	double *want = malloc(2 * rows * sizeof *want);
	assert_non_null(b);
	assert_non_null(want);
	unsigned long long s = 88172645463325252ULL;
	for (size_t i = 0; i < 2 * rows; i++) {
		s ^= s << 13;
		s ^= s >> 7;
		s ^= s << 17;
		char num[48];
		int digits = 1 + (int)(s % 17), point = (int)((s >> 8) % (unsigned)(digits + 1));
		size_t k = 0;
		if ((s >> 20) & 1)
			num[k++] = '-';
		unsigned long long t = s >> 24;
		for (int d = 0; d < digits; d++) {
			if (d == point && d > 0)
				num[k++] = '.';
			num[k++] = (char)('0' + (t % 10));
			t = t / 10 ? t / 10 : s * 2654435761u + (unsigned long long)d;
		}
		num[k] = 0;
		want[i] = strtod(num, NULL);
		len += (size_t)snprintf(b + len, cap - len, "%s%s", num, i % 2 ? "\n" : ",");
	}
	struct data d;
	char err[FP_ERRLEN];
	assert_int_equal(data_csv_parse(b, len, "n.csv", &d, err), FP_OK);
	assert_int_equal(d.n, rows);
	for (size_t i = 0; i < rows; i++) {
		if (memcmp(&d.x[i], &want[2 * i], sizeof(double)) != 0 ||
		    memcmp(&d.y[i], &want[2 * i + 1], sizeof(double)) != 0)
			fail_msg("row %zu: %.17g,%.17g, strtod %.17g,%.17g", i + 1, d.x[i], d.y[i],
				 want[2 * i], want[2 * i + 1]);
	}
	data_free(&d);
	free(b);
	free(want);
}

static void test_name_shown(void **state)
{
	struct data d;
	char err[FP_ERRLEN];
	assert_int_equal(data_csv_parse("1,x\n", 4, "a\nb\x1b.csv", &d, err), FP_EINPUT);
	assert_string_equal(err, "a?b?.csv:1: column 2 (y): 'x' is not a number");
	char longname[2000];
	memset(longname, 'n', sizeof longname - 1);
	longname[sizeof longname - 1] = 0;
	assert_int_equal(data_csv_parse("", 0, longname, &d, err), FP_EINPUT);
	assert_true(strlen(err) < FP_ERRLEN);
	assert_non_null(strstr(err, "...: empty file"));
	/* the source keeps the name as given */
	assert_int_equal(data_csv_parse("1,2\n", 4, "a\nb", &d, err), FP_OK);
	assert_string_equal(d.source, "a\nb");
	data_free(&d);
}

/* fp_err keeps every message on one printable line, whatever it quotes. */
static void test_err_one_line(void **state)
{
	char err[FP_ERRLEN];
	assert_int_equal(fp_err(err, FP_EINPUT, "--lr '%s'", "a\nb\x1b[2J\xff\xc3\xa9\xc3"), 2);
	assert_string_equal(err, "--lr 'a?b?[2J?\xc3\xa9?'");
	char big[2 * FP_ERRLEN];
	memset(big, 'x', sizeof big - 3);
	memcpy(big + FP_ERRLEN - 3, "\xe2\x82\xac", 3); /* a euro sign cut by the length */
	big[sizeof big - 3] = 0;
	fp_err(err, FP_EINPUT, "%s", big);
	assert_int_equal(strlen(err), FP_ERRLEN - 1);
	assert_true(err[FP_ERRLEN - 3] == '?' && err[FP_ERRLEN - 2] == '?');
}

static void test_load_limit(void **state)
{
	char dir[] = "/tmp/fitplay-csv-XXXXXX", path[64];
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof path, "%s/d.csv", dir);
	FILE *fp = fopen(path, "w");
	assert_non_null(fp);
	fputs("x,y\n1,2\n3,4\n", fp); /* 12 bytes */
	fclose(fp);
	struct data d;
	char err[FP_ERRLEN];
	setenv("FITPLAY_CSV_MAX_BYTES", "12", 1);
	assert_int_equal(data_csv_load(path, &d, err), FP_OK);
	assert_int_equal(d.n, 2);
	data_free(&d);
	setenv("FITPLAY_CSV_MAX_BYTES", "11", 1);
	assert_int_equal(data_csv_load(path, &d, err), FP_EINPUT);
	assert_non_null(strstr(err, "12 bytes, over the limit of 11 bytes"));
	unsetenv("FITPLAY_CSV_MAX_BYTES");
	assert_int_equal(data_csv_load(dir, &d, err), FP_EINPUT);
	assert_non_null(strstr(err, "is a directory"));
	unlink(path);
	assert_int_equal(data_csv_load(path, &d, err), FP_EINPUT);
	assert_non_null(strstr(err, "No such file"));
	rmdir(dir);
}

/* A German locale, from the system or built into a temporary LOCPATH. */
static int german(char *dir, size_t len)
{
	dir[0] = 0;
	if (setlocale(LC_ALL, "de_DE.UTF-8"))
		return 1;
	snprintf(dir, len, "/tmp/fitplay-loc-XXXXXX");
	if (!mkdtemp(dir))
		return 0;
	char cmd[256];
	snprintf(cmd, sizeof cmd, "localedef -i de_DE -f UTF-8 %s/de_DE.UTF-8 >/dev/null 2>&1",
		 dir);
	if (system(cmd) != 0)
		return 0;
	setenv("LOCPATH", dir, 1);
	return setlocale(LC_ALL, "de_DE.UTF-8") != NULL;
}

static void test_german_locale(void **state)
{
	char dir[64], buf[64], err[FP_ERRLEN];
	if (!german(dir, sizeof dir)) {
		print_message("skip: no de_DE.UTF-8 locale (localedef failed)\n");
		if (dir[0]) {
			snprintf(buf, sizeof buf, "rm -rf %s", dir);
			assert_int_equal(system(buf), 0);
		}
		skip();
	}
	snprintf(buf, sizeof buf, "%.1f", 1.5);
	assert_string_equal(buf, "1,5"); /* the locale is really in force */
	const double a[] = {1.5, -2.25};
	expect_ok("x,y\n1.5,-2.25\n", 1, a);
	ERR("1,5;2,5\n", "semicolons");
	double v;
	assert_int_equal(fp_parse_double("1.5", &v), 0);
	assert_true(v == 1.5);
	assert_int_equal(fp_parse_double("1,5", &v), -1);
	assert_string_equal(fp_fmt(buf, sizeof buf, 1.5, 4), "1.5");
	assert_string_equal(fp_fmt17(buf, sizeof buf, 0.1), "0.10000000000000001");
	struct data d;
	assert_int_equal(data_csv_parse("1,2\n3,4,5", 9, "t.csv", &d, err), FP_EINPUT);
	setlocale(LC_ALL, "C");
	if (dir[0]) {
		snprintf(buf, sizeof buf, "rm -rf %s", dir);
		assert_int_equal(system(buf), 0);
		unsetenv("LOCPATH");
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_good),       cmocka_unit_test(test_errors),
	    cmocka_unit_test(test_long_cell),  cmocka_unit_test(test_numbers_exact),
	    cmocka_unit_test(test_name_shown), cmocka_unit_test(test_err_one_line),
	    cmocka_unit_test(test_load_limit), cmocka_unit_test(test_german_locale),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
