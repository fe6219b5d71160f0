/* SPDX-License-Identifier: GPL-3.0-or-later */
/* outfile.h: every file fitplay writes (exports, the .gp script, --dump) goes the
 * same safe way: a private directory (mode 0700, made by us) beside the destination,
 * on its filesystem; the new file written inside it, by us or by gnuplot (whose
 * working directory it is); then checked complete for its format, flushed to disk
 * (fsync) and renamed into place. Any failure leaves the destination as it was and
 * removes the private directory with everything in it. Names inside the private
 * directory are reached through its descriptor only, never through the
 * destination's directory, which others may be able to write. */
#ifndef FITPLAY_OUTFILE_H
#define FITPLAY_OUTFILE_H

#include <stdio.h>
#include <sys/types.h>

/* What a complete file of each kind ends with (outfile_commit checks it). */
enum outfile_kind {
	OUTFILE_ANY = 0, /* our own writes, each checked: no format check */
	OUTFILE_PNG,	 /* the signature, then chunks through IEND */
	OUTFILE_GIF,	 /* the header, then blocks through the 0x3B trailer */
	OUTFILE_PDF,	 /* %PDF- ... %%EOF (a line end may follow) */
	OUTFILE_SVG,	 /* ... </svg> (blanks may follow) */
	OUTFILE_DUMB,	 /* gnuplot's dumb text: OUTFILE_DUMB_ROWS rows, the last one whole */
};

#define OUTFILE_DUMB_ROWS 48  /* rows of the dumb terminal fitplay asks for */
#define OUTFILE_DUMB_COLS 100 /* and columns */

/* A file being written. Zeroed (or after outfile_abort/outfile_commit): none. */
struct outfile {
	int live;	/* 1 between outfile_begin and commit, abort or forget */
	int dirfd;	/* the destination's directory */
	int privfd;	/* the private directory in it */
	dev_t priv_dev; /* the private directory's identity, to remove only it */
	ino_t priv_ino;
	int fd;		 /* the stream open by outfile_fopen, or -1 */
	int werr;	 /* the first errno of that stream's writes, or 0 */
	char priv[24];	 /* the private directory's name: ".fitplay-XXXXXX" */
	char base[256];	 /* the destination's name in dirfd */
	char shown[160]; /* the destination for messages (control bytes as '?') */
};

/* Start writing `path`: open its directory and make the private directory in it
 * (".fitplay-" and 6 random characters, mode 0700, owned by us, checked through its
 * descriptor). The first call also sets SIGXFSZ to ignored when it is at its
 * default, so that a write past the file-size limit (ulimit -f) fails with EFBIG and
 * is reported instead of killing fitplay. Returns FP_OK (o ready), FP_EINPUT (no
 * file name, name too long) or FP_EFAIL ("DIR: cannot write there (reason)"), with
 * the message in err; o is then idle. */
int outfile_begin(struct outfile *o, const char *path, char *err);

/* A new file `name` (no '/') in the private directory, open for writing as a stdio
 * stream whose every write is checked: the first error is kept for outfile_fclose.
 * Returns the stream, or NULL with a message in err. One stream at a time. */
FILE *outfile_fopen(struct outfile *o, const char *name, char *err);

/* Close the stream of outfile_fopen: flush, close (the file that becomes the
 * destination is fsync'ed by outfile_commit; a scratch file such as gnuplot's
 * script need not be). Returns FP_OK, or FP_EFAIL with "DEST: REASON" (e.g.
 * "fit.png: no space left on device") when any write, the flush or the close
 * failed. The stream is closed either way. */
int outfile_fclose(struct outfile *o, FILE *fp, char *err);

/* Finish: the file `name` in the private directory must be a regular file, not
 * empty, complete for `kind`; it is fsync'ed, renamed over the destination, the
 * directory fsync'ed, the private directory removed. Returns FP_OK, or FP_EFAIL with
 * the reason in err ("DEST: no space left on device", "DEST: gnuplot wrote an
 * incomplete PNG (no IEND)", ...) after outfile_abort. o is idle afterwards. */
int outfile_commit(struct outfile *o, const char *name, enum outfile_kind kind, char *err);

/* Give up: remove every file in the private directory and the directory itself
 * (only if the name still holds the directory we made), close the descriptors.
 * The destination is untouched. Safe on an idle o. */
void outfile_abort(struct outfile *o);

/* Close o's descriptors and forget it, removing nothing: for a parent whose child
 * committed or aborted the same outfile. Safe on an idle o. */
void outfile_forget(struct outfile *o);

/* 0 when `len` bytes at `b` are a complete file of `kind`, else -1 with what is
 * missing in why ("no IEND", ...). For the tests and outfile_commit. */
int outfile_complete(const unsigned char *b, size_t len, enum outfile_kind kind, char *why,
		     size_t whylen);

#endif
