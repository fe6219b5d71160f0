/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-options.c: the option table (src/options.c) is the one list of options:
 * every row has a handler and a help line, every long option is in --help (the
 * core's options_help and the binary's) and in man/fitplay.1; the config is split
 * by part (each option writes its own part); errors name the option and what is
 * wrong with it. Run from the repository root (tests/run.sh does). */
#include "testutil.h"

#include <stdarg.h>
#include <stdio.h>

#include "options.h"
#include "util.h"

/* Parse the NULL-terminated arguments after "fitplay" into *cfg. */
static int parse(struct config *cfg, char *err, ...)
{
	char *argv[32] = {"fitplay"};
	int argc = 1;
	va_list ap;
	va_start(ap, err);
	for (char *s; argc < 31 && (s = va_arg(ap, char *));)
		argv[argc++] = s;
	va_end(ap);
	argv[argc] = NULL;
	enum config_action act;
	err[0] = 0;
	return options_parse(argc, argv, cfg, &act, err);
}

static char *help_text(void)
{
	size_t n = options_help(NULL, 0);
	char *buf = malloc(n + 1);
	assert_non_null(buf);
	assert_int_equal(options_help(buf, n + 1), n);
	assert_int_equal(strlen(buf), n);
	return buf;
}

/* The man page with \- as - and the font escapes gone, as a reader sees it. */
static char *man_text(void)
{
	char *raw = tu_read("man/fitplay.1");
	char *out = malloc(strlen(raw) + 1), *o = out;
	assert_non_null(out);
	for (const char *p = raw; *p; p++) {
		if (p[0] == '\\' && p[1] == '-') {
			*o++ = '-';
			p++;
		} else if (p[0] == '\\' && p[1] == 'f' && p[2]) {
			p += 2;
		} else {
			*o++ = *p;
		}
	}
	*o = 0;
	free(raw);
	return out;
}

/* "--name" followed by something that cannot continue an option name. */
static int has_option(const char *text, const char *name)
{
	char want[64];
	snprintf(want, sizeof want, "--%s", name);
	for (const char *p = text; (p = strstr(p, want)); p++) {
		char c = p[strlen(want)];
		if (!(c == '-' || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')))
			return 1;
	}
	return 0;
}

static void test_table_rows(void **state)
{
	size_t n = 0;
	for (const struct option_entry *o = option_table; o->name || o->help; o++, n++) {
		if (!o->name) {
			assert_non_null(o->help); /* a line of --help only */
			assert_null(o->set);
			continue;
		}
		if (!o->set)
			fail_msg("--%s has no handler", o->name);
		if (o->arg == OPTION_ARG_VALUE && !o->metavar)
			fail_msg("--%s takes a value without a name for it", o->name);
		for (const struct option_entry *q = o + 1; q->name || q->help; q++)
			if (q->name && strcmp(q->name, o->name) == 0)
				fail_msg("--%s twice in the table", o->name);
		if (o->list)
			assert_non_null(strstr(o->help, "%s"));
	}
	assert_true(n >= 30);
}

static void test_every_option_documented(void **state)
{
	char *help = help_text(), *man = man_text();
	char cmd[4096], line[1024];
	const char *bin = getenv("FITPLAY_BIN");
	snprintf(cmd, sizeof cmd, "'%s' --help", bin && *bin ? bin : "./fitplay");
	FILE *p = popen(cmd, "r");
	assert_non_null(p);
	size_t cap = 1 << 16, len = 0;
	char *out = calloc(cap, 1);
	assert_non_null(out);
	while (fgets(line, sizeof line, p) && len + strlen(line) + 1 < cap) {
		memcpy(out + len, line, strlen(line) + 1);
		len += strlen(line);
	}
	assert_int_equal(pclose(p), 0);
	/* the binary prints the table's lines */
	assert_non_null(strstr(out, help));
	for (const struct option_entry *o = option_table; o->name || o->help; o++) {
		if (!o->name)
			continue;
		if (!has_option(help, o->name))
			fail_msg("--%s is not in --help", o->name);
		if (!has_option(man, o->name))
			fail_msg("--%s is not in man/fitplay.1", o->name);
	}
	/* the registries' lists are in their lines */
	assert_non_null(strstr(help, "--model SPEC       model: quad"));
	assert_non_null(strstr(help, "lesson3 (default), lesson3-kaggle, titanic"));
	assert_non_null(strstr(help, "open on a view: fit, "));
	free(out);
	free(help);
	free(man);
}

static void test_parts(void **state)
{
	struct config c;
	char err[FP_ERRLEN];
	assert_int_equal(parse(&c, err, "--points", "7", "--model", "linear", "--init", "1,2",
			       "--lr", "0.5", "--optim", "adam", "--every", "3", "--log",
			       "notebook", "--size", "80x24", "--show", "history", "--view", "-1,1",
			       NULL),
			 FP_OK);
	assert_int_equal(c.data.gen.n, 7);
	assert_string_equal(c.model.spec, "linear");
	assert_int_equal(c.model.ninit, 2);
	assert_true(c.descent.lr == 0.5);
	assert_string_equal(c.descent.optim, "adam");
	assert_int_equal(c.output.every, 3);
	assert_int_equal(c.output.log, CONFIG_LOG_NOTEBOOK);
	assert_int_equal(c.explorer.w, 80);
	assert_int_equal(c.explorer.h, 24);
	assert_string_equal(c.explorer.show, "history");
	assert_true(c.explorer.view_lo == -1 && c.explorer.view_hi == 1);
	options_free(&c);
	/* defaults, and the preset under them */
	assert_int_equal(parse(&c, err, NULL), FP_OK);
	assert_string_equal(c.data.preset, "lesson3");
	assert_string_equal(c.model.spec, "quad");
	assert_true(c.descent.lr == 0.01);
	assert_int_equal(c.output.steps, 100);
	options_free(&c);
}

static void test_errors(void **state)
{
	struct config c;
	char err[FP_ERRLEN];
	static const struct {
		const char *arg, *msg;
	} cases[] = {
	    {"--batch=1", "option '--batch' takes no value"},
	    {"--ascii=yes", "option '--ascii' takes no value"},
	    {"--s", "option '--s' is ambiguous: --seed, --steps, --solve, --save, --show, "
		    "--session, --size"},
	    {"--frobnicate", "unknown option '--frobnicate' (try --help)"},
	    {"--lr", "option '--lr' needs a value (X)"},
	    {"--lr=0", "--lr '0': expected a finite number > 0"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char arg[64];
		snprintf(arg, sizeof arg, "%s", cases[i].arg);
		assert_int_equal(parse(&c, err, arg, NULL), FP_EINPUT);
		assert_string_equal(err, cases[i].msg);
		options_free(&c);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_table_rows),
	    cmocka_unit_test(test_every_option_documented),
	    cmocka_unit_test(test_parts),
	    cmocka_unit_test(test_errors),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
