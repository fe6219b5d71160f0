/* SPDX-License-Identifier: GPL-3.0-or-later */
/* completion.h: shell completion scripts for bash and zsh, generated from the
 * program's own tables (option_table[], presets[], model_types[], the targets,
 * optim_types[], view_types[], export_formats[]), so that they cannot drift from
 * what fitplay accepts: `fitplay --completion bash|zsh` prints them and `make`
 * writes the files installed. Core: nothing here prints. */
#ifndef FITPLAY_COMPLETION_H
#define FITPLAY_COMPLETION_H

#include <stddef.h>

/* What an option's value completes to. */
enum completion_kind {
	COMPLETION_NONE = 0, /* no value, or one nobody can list (a number) */
	COMPLETION_WORDS,    /* a list of words (completion_words) */
	COMPLETION_FILES,    /* any file name */
	COMPLETION_EXPORT,   /* a file name with one of export_formats[]' extensions */
	COMPLETION_LESSONS,  /* a lesson in the data directory (NAME.keys there) */
};

/* What option `name` (long, without "--") completes its value to; for
 * COMPLETION_WORDS its words, separated by single spaces, into buf (NUL-ended, cut
 * at size). Options with no value, and unknown names, are COMPLETION_NONE. */
enum completion_kind completion_of(const char *name, char *buf, size_t size);

/* The completion script for shell "bash" or "zsh" into buf (NUL-ended, cut at
 * size). Returns the length the whole script needs, or 0 for another shell. */
size_t completion_script(const char *shell, char *buf, size_t size);

/* The shells completion_script knows, "bash zsh". */
extern const char completion_shells[];

#endif
