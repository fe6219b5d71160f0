/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-docs.c: the docs cannot drift from the tables, read at run time so that a
 * row added by anyone is checked too: every option of option_table[] is in both
 * completion scripts (test-options checks --help and the man page), and each value
 * the completions offer is one fitplay accepts; every key of layout_keys[] is in
 * the man page's KEYS section and in the README's key table. Run from the
 * repository root (tests/run.sh does). tests/cli/docs.sh checks the --info and
 * --solve fields, the examples and the man page's rendering. */
#include "testutil.h"

#include <ctype.h>

#include "completion.h"
#include "data.h"
#include "layout.h"
#include "model.h"
#include "optim.h"
#include "options.h"
#include "preset.h"
#include "util.h"
#include "view.h"

static char *script(const char *shell)
{
	size_t n = completion_script(shell, NULL, 0);
	assert_true(n > 100);
	char *buf = malloc(n + 1);
	assert_non_null(buf);
	assert_int_equal(completion_script(shell, buf, n + 1), n);
	assert_int_equal(strlen(buf), n);
	return buf;
}

/* "--name" in text, not followed by more of an option name. */
static int has_option(const char *text, const char *name)
{
	char want[64];
	snprintf(want, sizeof want, "--%s", name);
	for (const char *p = text; (p = strstr(p, want)); p++) {
		char c = p[strlen(want)];
		if (!(c == '-' || isalnum((unsigned char)c)))
			return 1;
	}
	return 0;
}

static void test_options_in_completions(void **state)
{
	char *bash = script("bash"), *zsh = script("zsh");
	size_t n = 0;
	for (const struct option_entry *o = option_table; o->name || o->help; o++) {
		if (!o->name)
			continue;
		n++;
		if (!has_option(bash, o->name))
			fail_msg("--%s is not in the bash completion", o->name);
		if (!has_option(zsh, o->name))
			fail_msg("--%s is not in the zsh completion", o->name);
	}
	assert_true(n >= 30);
	assert_int_equal(completion_script("fish", NULL, 0), 0);
	free(bash);
	free(zsh);
}

/* Each word offered for option `name` passes `ok`; returns how many there were. */
static size_t each_word(const char *name, int (*ok)(const char *))
{
	char words[2048];
	assert_int_equal(completion_of(name, words, sizeof words), COMPLETION_WORDS);
	size_t n = 0;
	for (char *w = strtok(words, " "); w; w = strtok(NULL, " "), n++)
		if (!ok(w))
			fail_msg("--%s offers '%s', which fitplay refuses", name, w);
	return n;
}

static int ok_preset(const char *w)
{
	return preset_find(w) != NULL;
}
static int ok_view(const char *w)
{
	return view_find(w) != NULL;
}
static int ok_optim(const char *w)
{
	return optim_find(w) != NULL;
}
static int ok_target(const char *w)
{
	enum data_target t;
	return data_target_find(w, &t) == 0;
}
static int ok_model(const char *w)
{
	const struct model_type *t;
	struct model_cfg mc = {0};
	char err[FP_ERRLEN];
	return model_parse(w, &t, &mc, err) == 0;
}
static int ok_loss(const char *w)
{
	enum loss_kind k;
	return loss_find(w, &k) == 0;
}

/* The values offered are the registries' members, all of them, each accepted. */
static void test_completion_values(void **state)
{
	size_t np = 0, nv = 0, no = 0, nm = 0;
	while (presets[np].name)
		np++;
	while (view_types[nv])
		nv++;
	while (optim_types[no])
		no++;
	for (size_t i = 0; model_types[i]; i++)
		nm += model_types[i]->takes_k ? 4 : 1;
	assert_int_equal(each_word("preset", ok_preset), np);
	assert_int_equal(each_word("show", ok_view), nv);
	assert_int_equal(each_word("optim", ok_optim), no);
	assert_int_equal(each_word("target", ok_target), DATA_TARGET_COUNT);
	assert_int_equal(each_word("model", ok_model), nm);
	assert_int_equal(each_word("loss", ok_loss), 2);
	char words[256];
	assert_int_equal(completion_of("export", words, sizeof words), COMPLETION_EXPORT);
	assert_int_equal(completion_of("data", words, sizeof words), COMPLETION_FILES);
	assert_int_equal(completion_of("lr", words, sizeof words), COMPLETION_NONE);
	assert_int_equal(completion_of("batch", words, sizeof words), COMPLETION_NONE);
	assert_int_equal(completion_of("no-such-option", words, sizeof words), COMPLETION_NONE);
}

/* A key as the docs write it: "man" (roff, with \- already made -) or "readme". */
static const char *key_doc_name(int key, int man, char *buf, size_t len)
{
	static const struct {
		const char *name, *man, *readme;
	} forms[] = {
	    {"Up", "\\(ua", "↑"},	  {"Down", "\\(da", "↓"},
	    {"Left", "\\(<-", "←"},	  {"Right", "\\(->", "→"},
	    {"S-Left", "S-\\(<-", "S-←"}, {"S-Right", "S-\\(->", "S-→"},
	    {"C-l", "Ctrl-L", "Ctrl-L"},  {NULL, NULL, NULL},
	};
	layout_key_name(key, buf, len);
	for (size_t i = 0; forms[i].name; i++)
		if (strcmp(buf, forms[i].name) == 0)
			return man ? forms[i].man : forms[i].readme;
	return buf;
}

/* The tokens of the man page's KEYS section's tag lines (the line after each .TP),
 * \- as -, quotes and the macro gone, each followed by a blank. */
static char *man_key_tokens(void)
{
	char *man = tu_read("man/fitplay.1");
	char *sec = strstr(man, "\n.SH KEYS\n");
	assert_non_null(sec);
	char *end = strstr(sec + 1, "\n.SH ");
	if (end)
		*end = 0;
	char *out = calloc(strlen(sec) + 2, 1), *o = out;
	assert_non_null(out);
	*o++ = ' ';
	for (char *p = sec; (p = strstr(p, "\n.TP\n")); p += 4) {
		char *line = p + 5, *nl = strchr(line, '\n');
		size_t len = nl ? (size_t)(nl - line) : strlen(line);
		char *q = line;
		if (*q == '.') /* .B, .BR, .BI */
			while (q < line + len && *q != ' ')
				q++;
		for (; q < line + len; q++) {
			if (q[0] == '\\' && q[1] == '-') {
				*o++ = '-';
				q++;
			} else if (*q == '"') {
				continue;
			} else {
				*o++ = *q;
			}
		}
		*o++ = ' ';
	}
	free(man);
	return out;
}

/* The README's key table (the rows after "| keys |"): each `...` as " TOKEN ". */
static char *readme_key_tokens(void)
{
	char *readme = tu_read("README.md");
	char *t = strstr(readme, "\n| keys |");
	assert_non_null(t);
	char *end = strstr(t, "\n\n");
	if (end)
		*end = 0;
	char *out = calloc(strlen(t) + 2, 1), *o = out;
	assert_non_null(out);
	*o++ = ' ';
	for (char *p = t; (p = strchr(p, '`'));) {
		char *q = strchr(p + 1, '`');
		if (!q)
			break;
		memcpy(o, p + 1, (size_t)(q - p - 1));
		o += q - p - 1;
		*o++ = ' ';
		p = q + 1;
	}
	free(readme);
	return out;
}

static void test_keys_documented(void **state)
{
	char *man = man_key_tokens(), *readme = readme_key_tokens();
	char name[32], want[48];
	size_t n = 0;
	for (size_t i = 0; layout_keys[i].key; i++, n++) {
		int key = layout_keys[i].key;
		snprintf(want, sizeof want, " %s ", key_doc_name(key, 1, name, sizeof name));
		if (!strstr(man, want))
			fail_msg("key '%s' is not in the man page's KEYS section (as '%s')",
				 layout_key_name(key, name, sizeof name), want);
		snprintf(want, sizeof want, " %s ", key_doc_name(key, 0, name, sizeof name));
		if (!strstr(readme, want))
			fail_msg("key '%s' is not in the README's key table (as `%s`)",
				 layout_key_name(key, name, sizeof name), want);
	}
	assert_true(n >= 50);
	free(man);
	free(readme);
}

/* The checks above can fail: a key missing from a text is caught. */
static void test_checks_bite(void **state)
{
	char name[32];
	assert_string_equal(key_doc_name(LK_CTRL_L, 1, name, sizeof name), "Ctrl-L");
	assert_string_equal(key_doc_name(LK_PGUP, 0, name, sizeof name), "PgUp");
	assert_string_equal(key_doc_name('=', 0, name, sizeof name), "=");
	assert_false(has_option("--lr-sweep", "lr"));
	assert_true(has_option("a --lr X", "lr"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_options_in_completions),
	    cmocka_unit_test(test_completion_values),
	    cmocka_unit_test(test_keys_documented),
	    cmocka_unit_test(test_checks_bite),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
