/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-gnuplot.c: the quoting function (escapes, and 1,000 random strings round-tripped
 * byte for byte through a real `gnuplot -d`), hostile strings running nothing, and
 * gnuplot_run's failures: missing, exit status 3, hanging (killed, no zombie). */
#define _GNU_SOURCE
#include "testutil.h"

#include <errno.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "gnuplot.h"
#include "util.h"

static int setup(void **state)
{
	return tu_tmpdir_make("tg");
}

static int teardown(void **state)
{
	return tu_tmpdir_remove();
}

static void test_quote_plain(void **state)
{
	char b[64];
	assert_int_equal(gnuplot_quote("abc XYZ 09._-", b, sizeof b), 0);
	assert_string_equal(b, "\"abc XYZ 09._-\"");
	assert_int_equal(gnuplot_quoted_len("abc XYZ 09._-"), strlen(b));
	assert_int_equal(gnuplot_quote("", b, sizeof b), 0);
	assert_string_equal(b, "\"\"");
}

static void test_quote_escapes(void **state)
{
	char b[128];
	assert_int_equal(gnuplot_quote("`\"'\n@$\\", b, sizeof b), 0);
	assert_string_equal(b, "\"\\140\\042\\047\\012\\100\\044\\134\"");
	/* An octal digit after an escape is escaped too; 8 and 9 need not be. */
	assert_int_equal(gnuplot_quote("(20)x(9", b, sizeof b), 0);
	assert_string_equal(b, "\"\\050\\062\\060\\051x\\0509\"");
	assert_int_equal(gnuplot_quoted_len("(20)x(9"), strlen(b));
	assert_int_equal(gnuplot_quote("\xff\x80", b, sizeof b), 0);
	assert_string_equal(b, "\"\\377\\200\"");
	/* Too small: -1 and an empty buffer. */
	assert_int_equal(gnuplot_quote("abc", b, 5), -1);
	assert_string_equal(b, "");
	assert_int_equal(gnuplot_quote("abc", b, 6), 0);
	/* Nothing dangerous survives. */
	const char *hostile = "`touch x` $(touch x) @m ' '' \" \n system(\"x\") <x |x";
	assert_int_equal(gnuplot_quote(hostile, b, sizeof b), 0);
	const char *inner = b + 1;
	size_t n = strlen(inner) - 1;
	for (size_t i = 0; i < n; i++) {
		char c = inner[i];
		assert_true((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
			    (c >= '0' && c <= '9') || c == ' ' || c == '.' || c == '_' ||
			    c == '-' || c == '\\');
	}
}

static void test_quote_file(void **state)
{
	char p[300];
	tu_path_in(p, sizeof p, "q.txt");
	FILE *fp = fopen(p, "w");
	assert_non_null(fp);
	char big[1000];
	memset(big, '`', sizeof big - 1);
	big[sizeof big - 1] = 0;
	assert_int_equal(gnuplot_fput_quoted(fp, big), 0);
	fclose(fp);
	char *got = tu_read(p);
	assert_int_equal(strlen(got), gnuplot_quoted_len(big));
	free(got);
}

/* A tiny deterministic generator (xorshift64*). */
static unsigned long long rng_state = 0x9e3779b97f4a7c15ull;
static unsigned rnd(void)
{
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return (unsigned)((rng_state * 2685821657736338717ull) >> 33);
}

#define NRAND 1000

static void test_roundtrip_gnuplot(void **state)
{
	if (!tu_have_gnuplot())
		skip();
	static const char *const fixed[] = {"`touch MARK`",
					    "$(touch MARK)",
					    "@MARK",
					    "'",
					    "''",
					    "\"",
					    "a\nb",
					    "system(\"touch MARK\")",
					    "\\",
					    "\\\\n",
					    "%s%d",
					    "<touch MARK",
					    "|touch MARK",
					    "\"; system(\"touch MARK\"); print \"",
					    "'; ! touch MARK; '",
					    "(20 points)",
					    "\x01\x7f\xff",
					    "x\r\ny\t"};
	size_t nfixed = sizeof fixed / sizeof fixed[0];
	size_t total = NRAND + nfixed;
	char **strs = calloc(total, sizeof *strs);
	assert_non_null(strs);
	for (size_t i = 0; i < total; i++) {
		if (i < nfixed) {
			strs[i] = strdup(fixed[i]);
		} else {
			size_t len = rnd() % 41;
			strs[i] = malloc(len + 1);
			for (size_t k = 0; k < len; k++) {
				unsigned r = rnd();
				/* Bias towards the interesting ASCII punctuation and digits. */
				unsigned char c = (unsigned char)(r % 4 ? 1 + (r >> 8) % 126
									: 1 + (r >> 8) % 255);
				strs[i][k] = (char)c;
			}
			strs[i][len] = 0;
		}
		assert_non_null(strs[i]);
	}
	char script[300], out[300], logp[300], mark[300];
	tu_path_in(script, sizeof script, "rt.gp");
	tu_path_in(out, sizeof out, "rt.out");
	tu_path_in(logp, sizeof logp, "rt.log");
	tu_path_in(mark, sizeof mark, "MARK");
	FILE *fp = fopen(script, "w");
	assert_non_null(fp);
	fputs("set print ", fp);
	gnuplot_fput_quoted(fp, out);
	fputs("\n", fp);
	for (size_t i = 0; i < total; i++) {
		fputs("print ", fp);
		assert_int_equal(gnuplot_fput_quoted(fp, strs[i]), 0);
		fputs("\n", fp);
	}
	fputs("unset print\n", fp);
	fclose(fp);
	/* gnuplot runs in the test's cwd; make the marker land in tu_tmpdir. */
	char cwd[1024];
	assert_non_null(getcwd(cwd, sizeof cwd));
	assert_int_equal(chdir(tu_tmpdir), 0);
	char err[FP_ERRLEN] = "";
	int rc = gnuplot_run(script, logp, 60, err);
	assert_int_equal(chdir(cwd), 0);
	if (rc)
		fail_msg("gnuplot_run: %s", err);
	char *got = tu_read(out);
	const char *p = got;
	for (size_t i = 0; i < total; i++) {
		size_t n = strlen(strs[i]);
		if (strncmp(p, strs[i], n) != 0 || p[n] != '\n')
			fail_msg("string %zu did not round-trip", i);
		p += n + 1;
	}
	assert_int_equal(*p, 0);
	assert_false(tu_exists(mark));
	free(got);
	for (size_t i = 0; i < total; i++)
		free(strs[i]);
	free(strs);
}

static void no_children_left(void)
{
	int st;
	errno = 0;
	assert_int_equal(waitpid(-1, &st, WNOHANG), -1);
	assert_int_equal(errno, ECHILD);
}

static void test_run_missing(void **state)
{
	char script[300], logp[300], err[FP_ERRLEN] = "";
	tu_path_in(script, sizeof script, "m.gp");
	tu_path_in(logp, sizeof logp, "m.log");
	char old[4096];
	snprintf(old, sizeof old, "%s", getenv("PATH") ? getenv("PATH") : "/usr/bin:/bin");
	setenv("PATH", "/nonexistent-fitplay-dir", 1);
	int rc = gnuplot_run(script, logp, 5, err);
	setenv("PATH", old, 1);
	assert_int_equal(rc, FP_EFAIL);
	assert_string_equal(err, "gnuplot not found: install gnuplot-nox");
	no_children_left();
}

static void test_run_exit3(void **state)
{
	char script[300], logp[300], err[FP_ERRLEN] = "", old[4096];
	tu_path_in(script, sizeof script, "e.gp");
	tu_path_in(logp, sizeof logp, "e.log");
	tu_fake_gnuplot("echo 'first problem line'\necho 'second line'\necho 'third line'\nexit 3",
			old, sizeof old);
	int rc = gnuplot_run(script, logp, 10, err);
	setenv("PATH", old, 1);
	assert_int_equal(rc, FP_EFAIL);
	assert_non_null(strstr(err, "exit status 3"));
	assert_non_null(strstr(err, "first problem line"));
	assert_non_null(strstr(err, "second line"));
	assert_null(strstr(err, "third line"));
	assert_null(strchr(err, '\n'));
	no_children_left();
}

static void test_run_hang(void **state)
{
	char script[300], logp[300], err[FP_ERRLEN] = "", old[4096];
	tu_path_in(script, sizeof script, "h.gp");
	tu_path_in(logp, sizeof logp, "h.log");
	/* A child of the fake too: the whole group must go. */
	tu_fake_gnuplot("/bin/sleep 1000 &\nexec /bin/sleep 1000", old, sizeof old);
	double t0 = fp_now();
	int rc = gnuplot_run(script, logp, 1, err);
	double dt = fp_now() - t0;
	setenv("PATH", old, 1);
	assert_int_equal(rc, FP_EFAIL);
	assert_non_null(strstr(err, "took longer than 1 s: killed"));
	no_children_left();
	print_message("hanging gnuplot killed after %.2f s\n", dt);
}

static void test_run_refuses_command_names(void **state)
{
	char logp[300], err[FP_ERRLEN] = "";
	tu_path_in(logp, sizeof logp, "r.log");
	assert_int_equal(gnuplot_run("<touch MARK", logp, 5, err), FP_EFAIL);
	assert_int_equal(gnuplot_run("|touch MARK", logp, 5, err), FP_EFAIL);
	assert_int_equal(gnuplot_run("-e", logp, 5, err), FP_EFAIL);
	assert_false(tu_exists("MARK"));
}

static void test_run_env_timeout(void **state)
{
	setenv(GNUPLOT_TIMEOUT_ENV, "2.5", 1);
	assert_rel(gnuplot_timeout(), 2.5, 1e-12);
	setenv(GNUPLOT_TIMEOUT_ENV, "junk", 1);
	assert_rel(gnuplot_timeout(), GNUPLOT_TIMEOUT_DEFAULT, 1e-12);
	setenv(GNUPLOT_TIMEOUT_ENV, "-1", 1);
	assert_rel(gnuplot_timeout(), GNUPLOT_TIMEOUT_DEFAULT, 1e-12);
	unsetenv(GNUPLOT_TIMEOUT_ENV);
	assert_rel(gnuplot_timeout(), GNUPLOT_TIMEOUT_DEFAULT, 1e-12);
}

static void test_run_env(void **state)
{
	/* GNUTERM is removed from gnuplot's environment; other variables stay. */
	char script[300], logp[300], out[300], err[FP_ERRLEN] = "", old[4096];
	tu_path_in(script, sizeof script, "env.gp");
	tu_path_in(logp, sizeof logp, "env.log");
	tu_path_in(out, sizeof out, "env.out");
	char body[1024];
	snprintf(body, sizeof body,
		 "echo \"GNUTERM=${GNUTERM-unset} FPX=${FPX-unset} ARGS=$*\" > '%s'\n"
		 "read line && echo stdin-not-null >> '%s'\nexit 0",
		 out, out);
	tu_fake_gnuplot(body, old, sizeof old);
	setenv("GNUTERM", "x11", 1);
	setenv("FPX", "kept", 1);
	int rc = gnuplot_run(script, logp, 10, err);
	setenv("PATH", old, 1);
	unsetenv("GNUTERM");
	assert_int_equal(rc, FP_OK);
	char *got = tu_read(out);
	char want[400];
	snprintf(want, sizeof want, "GNUTERM=unset FPX=kept ARGS=-d %s\n", script);
	assert_string_equal(got, want);
	free(got);
	no_children_left();
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_quote_plain), cmocka_unit_test(test_quote_escapes),
	    cmocka_unit_test(test_quote_file),	cmocka_unit_test(test_roundtrip_gnuplot),
	    cmocka_unit_test(test_run_missing), cmocka_unit_test(test_run_exit3),
	    cmocka_unit_test(test_run_hang),	cmocka_unit_test(test_run_env_timeout),
	    cmocka_unit_test(test_run_env),	cmocka_unit_test(test_run_refuses_command_names),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
