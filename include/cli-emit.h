/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cli-emit.h: the field emitter of the batch outputs (src/cli-emit.c). --info,
 * --solve, --lr-sweep and the batch table each name their fields once, through
 * these calls, and the emitter writes them as text (key: value lines, or a
 * tab-separated table) or as JSON (--json: one document, or JSON lines for a
 * table), so a field added later appears in both. Binary side: prints to stdout
 * through fp_out.
 *
 * JSON: numbers at full precision (%.17g, C locale: they read back exactly);
 * a value that is not a finite number, or missing ("none" in the text), is null
 * with KEY_why beside it saying why ("overflow: inf", "diverged: nan", the text's
 * reason); strings are valid UTF-8 (an invalid byte becomes U+FFFD), control
 * characters and quotes escaped by json-c. A table's row keys that repeat (two
 * columns of one name) get "#2", "#3" in JSON, where keys must differ. */
#ifndef FITPLAY_CLI_EMIT_H
#define FITPLAY_CLI_EMIT_H

#include <stddef.h>

struct json_object;

struct emit {
	int json;		   /* 1: JSON; 0: text */
	struct json_object *doc;   /* JSON: the document (NULL for JSON lines) */
	struct json_object *rows;  /* JSON: the array rows go into, or NULL */
	struct json_object *cur;   /* JSON: the object fields go into */
	int in_row;		   /* between emit_row_begin and emit_row_end */
	size_t nrows;		   /* rows ended so far */
	char *head, *line;	   /* text table: the header and the row being made */
	size_t head_len, line_len; /* their lengths */
	size_t head_cap, line_cap; /* their sizes */
	int oom;		   /* 1: an allocation failed (emit_end says so) */
};

/* Start an output: json or text. A document (info, solve, sweep: doc = 1) or a
 * table whose rows are lines (doc = 0). Never fails (out of memory is reported by
 * emit_end). */
void emit_begin(struct emit *e, int json, int doc);
/* Text: flush what is written so far (fp_out_flush); JSON: nothing (the document is
 * written whole by emit_end). 0, or -1 when a write failed. */
int emit_flush(struct emit *e);
/* Write what is left (JSON: the document) and free everything. FP_OK, or FP_EFAIL
 * when a write failed (main says why) or memory ran out (said on stderr here). */
int emit_end(struct emit *e);
/* Free everything without writing more (after an error). */
void emit_abandon(struct emit *e);

/* Fields: of the document, or of the row being made. */
/* A number, %.17g in the text ("overflow" when not finite). */
void emit_num(struct emit *e, const char *key, double v);
/* A number in its shortest exact form in the text (JSON: %.17g as always); a
 * non-finite one is null in JSON with KEY_why "CTX: inf" (CTX NULL: "overflow"). */
void emit_num_short(struct emit *e, const char *key, double v, const char *ctx);
/* A count. */
void emit_size(struct emit *e, const char *key, size_t v);
/* A string (NULL: ""). */
void emit_str(struct emit *e, const char *key, const char *s);
/* Numbers: comma-separated in the text, an array in JSON (a non-finite element
 * null, KEY_why naming the first). */
void emit_nums(struct emit *e, const char *key, const double *v, size_t n);
/* Strings: name(ctx, i, buf, len) gives the i-th of n; comma-separated in the
 * text, an array in JSON. */
void emit_strs(struct emit *e, const char *key, size_t n,
	       void (*name)(const void *ctx, size_t i, char *buf, size_t len), const void *ctx);
/* No value: "KEY: none (WHY)" ("KEY: none" when why is NULL) in the text; null and
 * KEY_why: WHY in JSON. */
void emit_none(struct emit *e, const char *key, const char *why);

/* Rows. A document's table: emit_rows_begin(e, "rows") ... emit_rows_end(e)
 * (text: the table on its own; JSON: an array KEY of objects). */
void emit_rows_begin(struct emit *e, const char *key);
void emit_rows_end(struct emit *e);
void emit_row_begin(struct emit *e);
/* Text: the header (the first row's keys, tab-separated) before the first row, then
 * the row's values; JSON lines: the row as one line. 0, or -1 when a write failed. */
int emit_row_end(struct emit *e);

/* The shortest %g form that reads back as v (C locale); "overflow" when not finite. */
char *emit_fmt_short(char *buf, size_t len, double v);

#endif
