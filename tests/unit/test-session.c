/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-session.c: session files in the core: a captured session written and read
 * back is the same text and continues bit for bit; every option of option_table is
 * known to the command builder (written from the state or listed as not state), so a
 * new option cannot drift out of Y and --print-command; shell quoting; every key of
 * the format is in the man page. Run from the repository root (tests/run.sh does). */
#include "testutil.h"

#include <stdio.h>

#include "options.h"
#include "session.h"
#include "setup.h"
#include "util.h"

struct run {
	struct config cfg;
	struct data data;
	struct fit fit;
};

static void run_start(struct run *r, int argc, char **argv)
{
	char err[FP_ERRLEN];
	enum config_action act;
	memset(r, 0, sizeof *r);
	assert_int_equal(options_parse(argc, argv, &r->cfg, &act, err), FP_OK);
	assert_int_equal(setup_data(&r->cfg, &r->data, err), FP_OK);
	assert_int_equal(setup_fit(&r->cfg, &r->data, &r->fit, err), FP_OK);
}

static void run_done(struct run *r)
{
	fit_done(&r->fit);
	data_free(&r->data);
	options_free(&r->cfg);
}

/* 7 steps, captured, written, read back, applied to a new run, 3 steps: the same
 * coefficients, loss and optimizer state as 10 steps, for every optimizer. */
static void test_continue_every_optim(void **state)
{
	for (size_t k = 0; optim_types[k]; k++) {
		char *argv[] = {"fitplay", "--optim", (char *)optim_types[k]->name,
				"--lr",	   "0.02",    NULL};
		struct run a, b, c;
		char err[FP_ERRLEN], *text;
		size_t len;
		struct session s, t;
		run_start(&a, 5, argv);
		run_start(&b, 5, argv);
		assert_int_equal(fit_step(&a.fit, 10), 10);
		assert_int_equal(fit_step(&b.fit, 7), 7);
		assert_int_equal(session_capture(&s, &b.cfg, &b.data, &b.fit, 0, err), FP_OK);
		assert_int_equal(session_format(&s, &text, &len, err), FP_OK);
		assert_int_equal(session_parse(text, len, "t.fitplay", &t, err), FP_OK);
		char *again;
		size_t alen;
		assert_int_equal(session_format(&t, &again, &alen, err), FP_OK);
		assert_int_equal(alen, len);
		assert_memory_equal(again, text, len);
		run_start(&c, 1, argv);
		assert_int_equal(session_apply_config(&t, &c.cfg, err), FP_OK);
		fit_done(&c.fit);
		assert_int_equal(setup_fit(&c.cfg, &c.data, &c.fit, err), FP_OK);
		assert_int_equal(session_apply_fit(&t, &c.fit, err), FP_OK);
		assert_int_equal(c.fit.step, 7);
		assert_int_equal(fit_step(&c.fit, 3), 3);
		assert_memory_equal(c.fit.theta, a.fit.theta, a.fit.np * sizeof(double));
		assert_memory_equal(&c.fit.loss_value, &a.fit.loss_value, sizeof(double));
		size_t sl = a.fit.optim->state_len(a.fit.np);
		if (sl)
			assert_memory_equal(c.fit.ostate, a.fit.ostate, sl * sizeof(double));
		double h1, h2;
		assert_int_equal(fit_hist_get(&c.fit, 3, &h1), 0);
		assert_int_equal(fit_hist_get(&a.fit, 3, &h2), 0);
		assert_memory_equal(&h1, &h2, sizeof h1);
		fp_free(text);
		fp_free(again);
		session_free(&s);
		session_free(&t);
		run_done(&a);
		run_done(&b);
		run_done(&c);
	}
}

/* A refused file leaves nothing: the session is zeroed, the message one line. */
static void test_refused_is_empty(void **state)
{
	static const char *bad[] = {
	    "",
	    "fitplay-session 9\n",
	    "fitplay-session 1\nlr = 1\n",
	    "fitplay-session 1\nsource = generated\ntheta = 1 2\ntheta0 = 1 2\nbogus = 1\n",
	};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		struct session s, zero;
		char err[FP_ERRLEN] = "";
		memset(&zero, 0, sizeof zero);
		assert_int_equal(session_parse(bad[i], strlen(bad[i]), "x.fitplay", &s, err),
				 FP_EINPUT);
		assert_memory_equal(&s, &zero, sizeof s);
		assert_non_null(strstr(err, "x.fitplay"));
		assert_null(strchr(err, '\n'));
	}
}

/* Every option is written from the state or known not to be state. */
static void test_command_knows_every_option(void **state)
{
	for (const struct option_entry *o = option_table; o->name || o->help; o++)
		if (o->name && !session_command_knows(o->name))
			fail_msg("--%s: session_command (src/session-command.c) does not know it: "
				 "write it from the state or list it as not state",
				 o->name);
}

static void test_shell_quote(void **state)
{
	static const char *cases[][2] = {
	    {"plain-1.5,2", "plain-1.5,2"}, {"a b", "'a b'"}, {"it's", "'it'\\''s'"},
	    {"$HOME", "'$HOME'"},	    {"", "''"},	      {"`x`;y", "'`x`;y'"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		char b[64];
		size_t n = session_shell_quote(cases[i][0], b, sizeof b);
		assert_string_equal(b, cases[i][1]);
		assert_int_equal(n, strlen(cases[i][1]));
	}
}

/* Every key of the format is in the man page (SESSION FILES). */
static void test_man_lists_keys(void **state)
{
	FILE *fp = fopen("man/fitplay.1", "r");
	assert_non_null(fp);
	static char man[1 << 20];
	size_t n = fread(man, 1, sizeof man - 1, fp);
	fclose(fp);
	man[n] = 0;
	for (size_t i = 0; session_key_name(i); i++) {
		char want[64];
		snprintf(want, sizeof want, "\\fB%s\\fR", session_key_name(i));
		if (!strstr(man, want))
			fail_msg("man/fitplay.1 does not document the session key %s",
				 session_key_name(i));
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_continue_every_optim),
	    cmocka_unit_test(test_refused_is_empty),
	    cmocka_unit_test(test_command_knows_every_option),
	    cmocka_unit_test(test_shell_quote),
	    cmocka_unit_test(test_man_lists_keys),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
