/* SPDX-License-Identifier: GPL-3.0-or-later */
/* data.h: the points a model is fitted to, generated (the lesson's recipe, other
 * targets) or read from CSV. Pure: no printing, no exit. */
#ifndef FITPLAY_DATA_H
#define FITPLAY_DATA_H

#include <stddef.h>
#include <stdint.h>

/* Generated targets: y = f(x) * (1 + N(0, mult)) + N(0, add). */
enum data_target {
	DATA_TARGET_QUAD = 0, /* f(x) = A x^2 + B x + C (--true A,B,C) */
	DATA_TARGET_SINE,     /* f(x) = sin(3x) */
	DATA_TARGET_ABS,      /* f(x) = |x| */
	DATA_TARGET_STEP,     /* f(x) = 0 for x < 0, 1 for x >= 0 */
	DATA_TARGET_COUNT
};
/* "quad", "sine", "abs", "step"; NULL when out of range. */
const char *data_target_name(enum data_target t);
/* Look a target up by name. Returns 0 and sets *t, or -1. */
int data_target_find(const char *name, enum data_target *t);
/* The noise-free target function at x. */
double data_target_eval(enum data_target t, const double abc[3], double x);

/* A table's column as the file has it (Age 22, Sex male), kept for the sheet view
 * beside the inputs made from it (data-raw.c): 4 bytes a cell. */
struct data_raw {
	char *name;    /* the header's name (owned) */
	float *v;      /* n values: the numbers, or for text the index of its level (owned) */
	char **levels; /* text: the nlev levels, in order of appearance (owned); NULL: numbers */
	size_t nlev;
};
#define DATA_RAW_MAX_LEVELS 255 /* a text column with more levels is not kept */

/* A data set of n rows; each row has d inputs (d = 1 for x,y data) and one output. */
struct data {
	size_t n;		 /* number of rows */
	size_t d;		 /* inputs per row (1 for curve fitting) */
	double *x;		 /* n*d inputs, row-major (owned) */
	double *xt;		 /* the same inputs column by column (see data_columns), or NULL */
	double *y;		 /* n outputs (owned) */
	char **names;		 /* d input names, or NULL (owned) */
	char *source;		 /* "generated", a file name or "stdin" (owned) */
	int has_truth;		 /* 1 when generated: the noise-free function is known */
	enum data_target target; /* which function, when has_truth */
	double truth[3];	 /* A, B, C of the quadratic target */
	double xlo, xhi;	 /* the x range the data was generated on, or its min/max */
	size_t dropped;		 /* table rows dropped for a blank cell in a used column */
	char *note;		 /* what a table's default inputs left out and why (for stderr and
				  * the status line; no control bytes), or NULL (owned) */
	struct data_raw *raw;	 /* a table's columns the inputs come from, as the file has
				  * them, each once (owned), or NULL */
	size_t nraw;		 /* how many */
	struct data *valid;	 /* the validation set (--valid): rows held back from this
				  * data, which then holds the training rows; NULL when none
				  * (owned: data_free frees it) */
};

/* How to generate points. */
struct data_gen_cfg {
	enum data_target target; /* function to sample */
	double truth[3];	 /* A, B, C for DATA_TARGET_QUAD */
	size_t n;		 /* number of points (>= 1) */
	double xlo, xhi;	 /* evenly spaced x from xlo to xhi inclusive */
	double mult, add;	 /* noise: multiplicative then additive std. deviations */
	unsigned long seed;	 /* MT19937 seed (NumPy's np.random.seed) */
	size_t skip;		 /* normal draws discarded after seeding */
	int torch_grid;		 /* 1: x as PyTorch's float32 linspace (the lesson) */
};
/* Fill cfg with the lesson's video defaults (3,2,1; 20 points on [-2,2]; noise
 * 0.3,1.5; seed 42; 40 draws skipped; torch grid). */
void data_gen_cfg_lesson(struct data_gen_cfg *cfg);

/* A target's own point count and noise, so that its shape shows: quad keeps the
 * lesson's 20 points and noise 0.3,1.5; sine, abs and step (amplitude about 1) get
 * 40 points and additive noise 0.15 (step 0.1), no multiplicative noise. Sets
 * cfg->n, mult and add only. */
void data_gen_target_defaults(enum data_target t, struct data_gen_cfg *cfg);

/* Generate points into *out (zeroed first; free with data_free).
 * The noise is NumPy's legacy np.random.normal draw for draw: the first n draws
 * are the multiplicative noise, the next n the additive one.
 * Returns FP_OK, FP_EINPUT (bad config, message in err) or FP_EFAIL (no memory). */
int data_gen(const struct data_gen_cfg *cfg, struct data *out, char *err);

/* Read a CSV of two numeric columns x,y (optional header line, comma separated,
 * CRLF, LF or CR, a UTF-8 BOM skipped, RFC 4180 quotes: fields may hold commas,
 * doubled quotes and line breaks) from `path` ("-" = stdin). Numbers are plain
 * decimals in the C locale, finite and normal (no nan, inf, hex, 1e999, nor 1e-400 or
 * another nonzero value below 2.2e-308: csv_number); semicolons, NUL bytes
 * and UTF-16 are refused. A FIFO with no writer does not block; binary input stops
 * at its first NUL. On error returns FP_EINPUT (FP_EFAIL: no memory) with one line
 * in err, "FILE:LINE: column 2 (y): 'abc' is not a number", "FILE:LINE:COL: what",
 * "FILE:LINE: what at column COL" or "FILE: what", and leaves *out empty. */
int data_csv_load(const char *path, struct data *out, char *err);
/* Read a whole data file (or stdin for "-") into a new buffer for a parser: a
 * directory, a file over the size limit, a FIFO with no writer and unreadable files
 * are refused with "FILE: what"; binary input stops at its first NUL byte (the
 * parser says where). On FP_OK *buf (caller frees with fp_free) holds *len bytes and
 * a NUL after them (room for csv_tok's last terminator). */
int data_file_read(const char *path, char **buf, size_t *len, char *err);
/* The same on a memory buffer; `name` is used in messages. */
int data_csv_parse(const char *buf, size_t len, const char *name, struct data *out, char *err);
/* Largest file data_csv_load accepts, in bytes; the environment variable
 * FITPLAY_CSV_MAX_BYTES may lower it (for tests), never raise it. */
#define DATA_CSV_MAX_BYTES ((size_t)1 << 30)

/* ---- The CSV tokenizer and number parser both readers share (data-tok.c) ---- */

/* One field of a record. */
struct csv_field {
	uint32_t off, len; /* its text in the buffer: unescaped, NUL-terminated at off + len */
	uint32_t col;	   /* column of its first byte (from 1; the opening quote if quoted) */
	int quoted;	   /* 1 when written in double quotes */
	size_t line;	   /* line of its first byte, from 1 */
};
/* A tokenizer over one buffer. */
struct csv_tok {
	char *buf;	     /* the text (not owned), rewritten in place as fields are read */
	size_t len;	     /* its length; buf[len] must exist (it gets a NUL) */
	size_t pos, line;    /* cursor, and its line from 1 */
	size_t lstart;	     /* offset where the cursor's line starts */
	const char *name;    /* file name shown in messages (not owned) */
	struct csv_field *f; /* the fields of the last record (owned) */
	size_t nf, fcap;     /* how many, and room for */
};
/* Start reading buf[0..len) (buf[len] writable): a UTF-8 BOM is skipped; UTF-16 (a
 * byte-order mark), a NUL byte ("NAME:LINE: contains a NUL byte at column C ...") and
 * text over 4 GiB are refused with FP_EINPUT. Call csv_tok_done after, whatever the
 * status. */
int csv_tok_init(struct csv_tok *t, char *buf, size_t len, const char *name, char *err);
/* Read the next record into t->f[0..t->nf): fields split at commas, records at LF,
 * CRLF or a lone CR; blanks around unquoted fields dropped; RFC 4180 quotes (fields may
 * hold commas, line ends and "" for a quote) unescaped in place; each field's text is
 * then NUL-terminated in the buffer. Blank lines (only spaces and tabs) are skipped.
 * Returns 1 (a record; *line0 = its first line), 0 at the end, or minus FP_EINPUT
 * ("NAME:LINE:COL: unterminated quote ...", "... text after a closing quote") or minus
 * FP_EFAIL (no memory), with the message in err. */
int csv_tok_next(struct csv_tok *t, size_t *line0, char *err);
/* Free the field array. */
void csv_tok_done(struct csv_tok *t);

#define CSV_NUM_MAX 127 /* longest cell read as a number */
enum { CSV_NUM_OK = 0, CSV_NUM_BAD = -1, CSV_NUM_RANGE = -2, CSV_NUM_TINY = -3 };
/* A cell as a number: a plain decimal in the C locale ([+-] digits [. digits]
 * [e [+-] digits], blanks around, at most CSV_NUM_MAX characters). Returns CSV_NUM_OK
 * with *out set; CSV_NUM_BAD (not such a number: text, nan, inf, hex, too long);
 * CSV_NUM_RANGE (beyond a double: 1e999); CSV_NUM_TINY (not 0 but below DBL_MIN,
 * 2.2e-308: 1e-400 would be 0, 1e-310 a subnormal). Short decimals are exact and fast. */
int csv_number(const char *s, size_t len, double *out);
/* Why csv_number refuses a cell, in words: "an empty cell", "not a number (hexadecimal
 * is not read)", "out of range (too large for a double)", ... (static text). */
const char *csv_why_not_number(const char *s, size_t len);
/* A text fit for a one-line message: at most `show` bytes of s[0..len), control bytes
 * and invalid UTF-8 as '?', "..." when cut; NUL-terminated in buf[0..cap). */
void csv_show(const char *s, size_t len, size_t show, char *buf, size_t cap);

/* The inputs column by column (a d x n row-major matrix: column j of the table is
 * the contiguous run xt[j*n .. j*n + n - 1]), as the table models' matrix products
 * want them: d->xt, or d->x itself when d->d == 1 (one column is both layouts);
 * NULL when neither. */
const double *data_columns(const struct data *d);
/* Build d->xt from d->x (nothing to do for d->d <= 1, or when it exists).
 * Returns FP_OK, or FP_EFAIL (no memory; d unchanged, message in err). */
int data_make_columns(struct data *d, char *err);

/* ---- Points edited by hand (data-edit.c; the explorer's point editing) ----
 * x,y data only (d->d == 1; a table gives FP_EINPUT "points can't be edited on a
 * table"). Coordinates must be finite. Afterwards d->xlo/xhi hold the new x too
 * (widened, never narrowed); a fit on d must be told with fit_data_changed. */
#define DATA_EDIT_MIN_POINTS 2	    /* a delete keeps at least this many */
#define DATA_EDIT_MAX_POINTS 100000 /* an add stops here */
/* Move point i to (x, y). Returns FP_OK or FP_EINPUT with a message. */
int data_point_move(struct data *d, size_t i, double x, double y, char *err);
/* Add a point (x, y), kept in the order of x; *idx (if not NULL) gets its index.
 * Returns FP_OK, FP_EINPUT or FP_EFAIL (no memory; d unchanged). */
int data_point_add(struct data *d, double x, double y, size_t *idx, char *err);
/* Delete point i (at least DATA_EDIT_MIN_POINTS stay). FP_OK or FP_EINPUT. */
int data_point_delete(struct data *d, size_t i, char *err);

/* ---- A table's raw columns (data-raw.c) ---- */
/* Append a raw column `name` (len bytes) of d->n cells (zeroed) to d->raw. Returns its
 * index, or -1 (no memory: d unchanged). */
long data_raw_add(struct data *d, const char *name, size_t len);
/* Column c's level `s` (len bytes): its index, added when new (c becomes a text
 * column); -1 when there would be more than DATA_RAW_MAX_LEVELS or no memory. */
long data_raw_level(struct data_raw *c, const char *s, size_t len);
/* Drop raw column c (a text column that has too many levels). */
void data_raw_drop(struct data *d, size_t c);
/* Row i's cell of raw column c as text ("22", "7.25", "male") into buf. Returns buf. */
char *data_raw_text(const struct data *d, size_t c, size_t i, char *buf, size_t len);
/* Free the raw columns of d (d->raw NULL, d->nraw 0 after). */
void data_raw_free(struct data *d);
/* Deep copy of src's raw columns into dst (whose raw is overwritten, not freed).
 * Returns FP_OK or FP_EFAIL (dst->raw NULL then). */
int data_raw_copy(struct data *dst, const struct data *src);
/* The same for the rows i of src with flag[i] == want only (flag NULL: every row), in
 * their order (the validation split keeps each row's raw cells with it). */
int data_raw_copy_rows(struct data *dst, const struct data *src, const unsigned char *flag,
		       int want);

/* ---- A validation set (data-split.c; --valid FRACTION) ---- */
/* Rows held back for a fraction frac of n rows: frac * n rounded to the nearest
 * whole number (0 when frac is not in (0, 1)). */
size_t data_split_count(size_t n, double frac);
/* Which k of n rows to hold back, chosen by seed (the same seed, n and k give the
 * same rows; every set of k rows is equally likely): held[0..n) set to 1 for them,
 * 0 for the others. Returns FP_OK, FP_EINPUT (k > n) or FP_EFAIL (no memory). */
int data_split_pick(size_t n, size_t k, unsigned long seed, unsigned char *held);
/* Hold back data_split_count(d->n, frac) rows of d, picked by data_split_pick with
 * seed: afterwards d holds the other rows (the training set, in their order, with
 * d->dropped and d->note kept) and d->valid the held-back ones (in their order; the
 * same names, source, truth and x range; columns made when d had them). At least one
 * row must stay on each side: FP_EINPUT with "holds back 0 of the 20 points, ..."
 * (the caller adds the option) and d unchanged; FP_EFAIL: no memory. */
int data_split(struct data *d, double frac, unsigned long seed, char *err);

/* Free what *d owns (its validation set too) and zero it. Safe on a zeroed struct. */
void data_free(struct data *d);
/* Deep copy src (its validation set too) into *dst. Returns FP_OK or FP_EFAIL. */
int data_copy(struct data *dst, const struct data *src, char *err);

/* NumPy-compatible normal generator on GSL's MT19937. */
struct npy_rng;
struct npy_rng *npy_rng_alloc(unsigned long seed); /* NULL on no memory */
void npy_rng_free(struct npy_rng *r);
double npy_rng_uniform(struct npy_rng *r); /* [0,1), 53 bits, as random_sample() */
double npy_rng_normal(struct npy_rng *r);  /* N(0,1), polar Box-Muller with spare */

#endif
