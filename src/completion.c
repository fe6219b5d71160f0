/* SPDX-License-Identifier: GPL-3.0-or-later */
/* completion.c: the bash and zsh completion scripts, written from the option table
 * and the registries whose names the options take (presets, models with their :K
 * forms, targets, losses, optimizers, views, export formats, lessons in the data
 * directory), so that a new option, model or view completes without touching a
 * script. What an option's value completes to: a row of completion_values[] when
 * it has one, else its metavar's alternatives ("mse|mae"), else files when the
 * metavar names a FILE, else nothing. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "completion.h"
#include "data.h"
#include "export.h"
#include "model.h"
#include "optim.h"
#include "options.h"
#include "preset.h"
#include "util.h"
#include "view.h"

#ifndef FITPLAY_DATADIR
#define FITPLAY_DATADIR "/usr/local/share/fitplay"
#endif

const char completion_shells[] = "bash zsh";

/* A text that may be cut: buf of size, n the length so far (uncut). */
struct completion_out {
	char *buf;
	size_t size, n;
};

#if defined(__GNUC__)
__attribute__((format(printf, 2, 3)))
#endif
static void
cat(struct completion_out *o, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *at = o->size && o->n < o->size ? o->buf + o->n : NULL;
	int len = vsnprintf(at, at ? o->size - o->n : 0, fmt, ap);
	va_end(ap);
	if (len > 0)
		o->n += (size_t)len;
}

/* The words of each list, from its registry. */

static void words_presets(struct completion_out *o)
{
	for (size_t i = 0; presets[i].name; i++)
		cat(o, "%s%s", i ? " " : "", presets[i].name);
}

/* Every model; a model taking K also as NAME:2, NAME:4 and NAME:8. */
static void words_models(struct completion_out *o)
{
	for (size_t i = 0; model_types[i]; i++) {
		cat(o, "%s%s", i ? " " : "", model_types[i]->name);
		for (int k = 2; model_types[i]->takes_k && k <= 8; k *= 2)
			cat(o, " %s:%d", model_types[i]->name, k);
	}
}

static void words_targets(struct completion_out *o)
{
	for (int i = 0; i < DATA_TARGET_COUNT; i++)
		cat(o, "%s%s", i ? " " : "", data_target_name((enum data_target)i));
}

static void words_optims(struct completion_out *o)
{
	for (size_t i = 0; optim_types[i]; i++)
		cat(o, "%s%s", i ? " " : "", optim_types[i]->name);
}

static void words_views(struct completion_out *o)
{
	for (size_t i = 0; view_types[i]; i++)
		cat(o, "%s%s", i ? " " : "", view_types[i]->name);
}

static void words_shells(struct completion_out *o)
{
	cat(o, "%s", completion_shells);
}

/* Options whose values come from a registry rather than their metavar. A row for
 * an option that is not in option_table[] is never used. */
static const struct {
	const char *option;
	enum completion_kind kind;
	void (*words)(struct completion_out *o); /* COMPLETION_WORDS */
} completion_values[] = {
    {"preset", COMPLETION_WORDS, words_presets},
    {"model", COMPLETION_WORDS, words_models},
    {"target", COMPLETION_WORDS, words_targets},
    {"optim", COMPLETION_WORDS, words_optims},
    {"show", COMPLETION_WORDS, words_views},
    {"completion", COMPLETION_WORDS, words_shells},
    {"export", COMPLETION_EXPORT, NULL},
    {"lesson", COMPLETION_LESSONS, NULL},
    {NULL, COMPLETION_NONE, NULL},
};

static const struct option_entry *completion_option(const char *name)
{
	for (const struct option_entry *e = option_table; e->name || e->help; e++)
		if (e->name && strcmp(e->name, name) == 0)
			return e;
	return NULL;
}

enum completion_kind completion_of(const char *name, char *buf, size_t size)
{
	struct completion_out o = {buf, size, 0};
	const struct option_entry *e = completion_option(name);
	if (size)
		buf[0] = 0;
	if (!e || e->arg != OPTION_ARG_VALUE)
		return COMPLETION_NONE;
	for (size_t i = 0; completion_values[i].option; i++) {
		if (strcmp(completion_values[i].option, name) != 0)
			continue;
		if (completion_values[i].words)
			completion_values[i].words(&o);
		return completion_values[i].kind;
	}
	const char *m = e->metavar ? e->metavar : "";
	if (strchr(m, '|') && !strpbrk(m, " []")) { /* "mse|mae" */
		for (const char *p = m; *p; p++)
			cat(&o, "%c", *p == '|' ? ' ' : *p);
		return COMPLETION_WORDS;
	}
	return strstr(m, "FILE") ? COMPLETION_FILES : COMPLETION_NONE;
}

/* The export formats' extensions as a pattern: "png|svg|pdf|txt|gp|gif". */
static void export_pattern(struct completion_out *o)
{
	for (size_t i = 0; export_formats[i].ext; i++)
		cat(o, "%s%s", i ? "|" : "", export_formats[i].ext);
}

/* An option's --help text as a zsh description: the first line, the registry's
 * list in place of "%s", brackets as parentheses, quotes escaped for single
 * quoting, colons and backslashes as blanks. */
static void zsh_describe(struct completion_out *o, const struct option_entry *e)
{
	char list[512] = "";
	const char *h = e->help ? e->help : "";
	if (!e->help && strcmp(e->name, "version") == 0)
		h = "the version, the BLAS in use and the licence";
	if (e->list)
		e->list(list, sizeof list);
	for (const char *p = h; *p && *p != '\n'; p++) {
		if (p[0] == '%' && p[1] == 's') {
			for (const char *q = list; *q; q++)
				cat(o, "%c", *q == ':' ? ' ' : *q);
			p++;
		} else if (*p == '[' || *p == ']') {
			cat(o, "%c", *p == '[' ? '(' : ')');
		} else if (*p == '\'') {
			cat(o, "'\\''");
		} else {
			cat(o, "%c", *p == '\\' || *p == ':' ? ' ' : *p);
		}
	}
}

/* bash: one function; the value of the option before the word, else the options,
 * else a data file. Uses bash-completion's _init_completion and _filedir. */
static void script_bash_values(struct completion_out *o)
{
	char words[1024];
	for (const struct option_entry *e = option_table; e->name || e->help; e++) {
		if (!e->name || e->arg != OPTION_ARG_VALUE)
			continue;
		switch (completion_of(e->name, words, sizeof words)) {
		case COMPLETION_WORDS:
			cat(o,
			    "\t--%s)\n\t\tCOMPREPLY=($(compgen -W '%s' -- \"$cur\"))\n"
			    "\t\t__ltrim_colon_completions \"$cur\"\n\t\treturn ;;\n",
			    e->name, words);
			break;
		case COMPLETION_FILES:
			cat(o, "\t--%s)\n\t\t_filedir\n\t\treturn ;;\n", e->name);
			break;
		case COMPLETION_EXPORT:
			cat(o, "\t--%s)\n\t\t_filedir '@(", e->name);
			export_pattern(o);
			cat(o, ")'\n\t\treturn ;;\n");
			break;
		case COMPLETION_LESSONS:
			cat(o,
			    "\t--%s)\n\t\tlocal f lessons=\n"
			    "\t\tfor f in '%s'/*.keys; do\n"
			    "\t\t\t[[ -e $f ]] && f=${f##*/} && lessons+=\" ${f%%.keys}\"\n"
			    "\t\tdone\n"
			    "\t\tCOMPREPLY=($(compgen -W \"$lessons\" -- \"$cur\"))\n\t\treturn "
			    ";;\n",
			    e->name, FITPLAY_DATADIR);
			break;
		case COMPLETION_NONE:
			cat(o, "\t--%s)\n\t\treturn ;;\n", e->name);
			break;
		}
	}
}

static void script_bash(struct completion_out *o)
{
	cat(o,
	    "# bash completion for fitplay %s, generated by `fitplay --completion bash`\n"
	    "# from the program's own tables: regenerate it, do not edit it.\n"
	    "_fitplay()\n{\n"
	    "\tlocal cur prev words cword split\n"
	    "\t_init_completion -s -n : || return\n"
	    "\tcase $prev in\n",
	    FITPLAY_VERSION);
	script_bash_values(o);
	cat(o, "\tesac\n\t$split && return\n"
	       "\tif [[ $cur == -* ]]; then\n"
	       "\t\tCOMPREPLY=($(compgen -W '");
	int first = 1;
	for (const struct option_entry *e = option_table; e->name || e->help; e++) {
		if (!e->name)
			continue;
		if (e->shortopt)
			cat(o, "%s-%c", first ? "" : " ", e->shortopt), first = 0;
		cat(o, "%s--%s", first ? "" : " ", e->name);
		first = 0;
	}
	cat(o, "' -- \"$cur\"))\n\t\treturn\n\tfi\n"
	       "\t_filedir\n}\n"
	       "complete -F _fitplay fitplay\n");
}

/* zsh: _arguments with one spec per option; lists through _fitplay_values. */
static void script_zsh_spec(struct completion_out *o, const struct option_entry *e)
{
	char words[1024];
	enum completion_kind kind = completion_of(e->name, words, sizeof words);
	if (e->shortopt)
		cat(o, "\t'(-%c --%s)'{-%c,--%s}'", e->shortopt, e->name, e->shortopt, e->name);
	else
		cat(o, "\t'--%s%s", e->name, e->arg == OPTION_ARG_VALUE ? "=" : "");
	cat(o, "[");
	zsh_describe(o, e);
	cat(o, "]");
	if (e->arg == OPTION_ARG_VALUE) {
		const char *m = e->metavar ? e->metavar : "value";
		cat(o, ":");
		for (const char *p = m; *p; p++)
			cat(o, "%c", *p == ':' || *p == '\'' ? ' ' : *p);
		switch (kind) {
		case COMPLETION_WORDS:
			cat(o, ":_fitplay_values %s", e->name);
			break;
		case COMPLETION_FILES:
			cat(o, ":_files");
			break;
		case COMPLETION_EXPORT:
			cat(o, ":_files -g \"*.(");
			export_pattern(o);
			cat(o, ")(-.)\"");
			break;
		case COMPLETION_LESSONS:
			cat(o, ":_fitplay_lessons");
			break;
		case COMPLETION_NONE:
			cat(o, ": ");
			break;
		}
	}
	cat(o, "' \\\n");
}

static void script_zsh(struct completion_out *o)
{
	char words[1024];
	cat(o,
	    "#compdef fitplay\n"
	    "# zsh completion for fitplay %s, generated by `fitplay --completion zsh`\n"
	    "# from the program's own tables: regenerate it, do not edit it.\n\n"
	    "# _fitplay_values [COMPADD-OPTION...] OPTION: the words OPTION takes\n"
	    "_fitplay_values() {\n\tlocal -a vals\n\tcase ${@[-1]} in\n",
	    FITPLAY_VERSION);
	for (const struct option_entry *e = option_table; e->name || e->help; e++)
		if (e->name && completion_of(e->name, words, sizeof words) == COMPLETION_WORDS)
			cat(o, "\t%s) vals=(%s) ;;\n", e->name, words);
	cat(o,
	    "\tesac\n\tcompadd \"${@[1,-2]}\" -a vals\n}\n\n"
	    "_fitplay_lessons() {\n"
	    "\tlocal -a lessons\n"
	    "\tlessons=(%s/*.keys(N:t:r))\n"
	    "\tcompadd \"$@\" -a lessons\n}\n\n"
	    "_fitplay() {\n\t_arguments -s -S \\\n",
	    FITPLAY_DATADIR);
	for (const struct option_entry *e = option_table; e->name || e->help; e++)
		if (e->name)
			script_zsh_spec(o, e);
	cat(o, "\t'*:data file:_files'\n}\n\n_fitplay \"$@\"\n");
}

size_t completion_script(const char *shell, char *buf, size_t size)
{
	struct completion_out o = {buf, size, 0};
	if (size)
		buf[0] = 0;
	if (shell && strcmp(shell, "bash") == 0)
		script_bash(&o);
	else if (shell && strcmp(shell, "zsh") == 0)
		script_zsh(&o);
	else
		return 0;
	return o.n;
}
