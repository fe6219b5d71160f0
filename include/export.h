/* SPDX-License-Identifier: GPL-3.0-or-later */
/* export.h: plots through gnuplot in the formats of export_formats[] (PNG, SVG, PDF,
 * dumb text, GIF, or the script). */
#ifndef FITPLAY_EXPORT_H
#define FITPLAY_EXPORT_H

#include <stddef.h>
#include <stdio.h>
#include <sys/types.h>

#include "fit.h"
#include "lab.h"
#include "outfile.h"

/* An export format: one row of export_formats[]. Everything that names the formats
 * reads the table: the file name's extension (export_format_of), the message for an
 * unknown one, --help, the explorer's E prompt (export_formats_text) and the tests.
 * A new format is one row (and, for a new kind of file, its check in outfile.c). */
struct export_format {
	const char *ext;	/* the file name's extension, lower case, no dot ("png");
				 * matched in any case */
	const char *terminal;	/* gnuplot's terminal ("pngcairo"), NULL for a script */
	const char *options;	/* its options after the name (and after the frame delay
				 * of an animated one) */
	int animates;		/* 1: the descent frame by frame (`delay` centiseconds) */
	int time_factor;	/* gnuplot's time limit: this many gnuplot_timeout()s */
	enum outfile_kind kind; /* what a complete file ends with (outfile_complete) */
	const char *draws;	/* a script (.gp): the extension of the format it draws
				 * (into NAME.<draws>) when gnuplot runs it; else NULL */
	/* The plot's style on this terminal. */
	int text;		 /* character cells: characters for points, no dashes */
	int utf8;		 /* UTF-8 formula (x²) in titles */
	double top;		 /* screen fraction where the fit panel starts */
	int lw_model;		 /* line width of the model's curve */
	int lw_extra;		 /* of the true function and the least-squares curve */
	int samples;		 /* gnuplot's samples of functions */
	const char *point_size;	 /* of a table's points (not text) */
	const char *chart_fonts; /* gnuplot lines setting the one-chart fonts, or NULL */
};

/* Every format, in the order messages list them; ends with a row whose ext is NULL. */
extern const struct export_format export_formats[];

/* The format of path's extension (the part of its last component after the last dot,
 * in any case), or NULL when it has none or an unknown one. */
const struct export_format *export_format_of(const char *path);

/* ".png .svg .pdf .txt .gp .gif": every format's extension with its dot, in table
 * order, into buf (cut to len - 1 bytes). Returns buf. */
const char *export_formats_text(char *buf, size_t len);

/* Write the session's current state to `path` the safe way (outfile.h: gnuplot
 * writes in a private directory beside it; the result is checked complete for its
 * format, fsync'ed and renamed into place; on any failure, a full disk included,
 * the old file is untouched and no temporary is left); the format follows the extension
 * (export_format_of). x,y data: the points, the model's curve and the
 * loss history. A table (f->data->d > 1): each row's prediction against its truth,
 * the rows above 0.5 and the others as two kinds of points, each group sorted along
 * x, the line at 0.5, "N of M right at 0.5" in the title, and the loss history.
 * A GIF animates the descent in both cases. Checks as export_check first.
 * Returns FP_OK, FP_EINPUT (bad path or extension, coefficients not finite) or
 * FP_EFAIL (gnuplot missing, failing or hanging; "PATH: no space left on device";
 * "PATH: gnuplot wrote an incomplete PNG (no IEND)"), with a message in err. */
int export_write(const struct fit *f, const char *path, char *err);

/* export_write with `heading` (lines apart by '\n': a lesson chapter's title and
 * caption) above the plot's own title. Same returns. */
int export_write_headed(const struct fit *f, const char *path, const char *heading, char *err);

/* export_write's work into o, begun (outfile_begin) for the same path by the caller,
 * who may thus remove o's private directory if this process dies (export_job).
 * Commits or aborts o: it is idle on return. Same returns as export_write. */
int export_write_into(const struct fit *f, const char *path, struct outfile *o, char *err);

/* The session's current picture drawn by gnuplot on fmt's terminal (a row made by
 * the caller, not animated, e.g. sixelgd for the explorer's real pixels) into a new
 * buffer: gnuplot runs as for export_write, in a private directory (mode 0700) made
 * beside the path `near` (never written itself), removed with everything in it
 * before the return. *out (NUL-ended, caller frees with fp_free) holds *len bytes,
 * at most `max`. Returns FP_OK, FP_EINPUT (nothing to draw, coefficients not
 * finite) or FP_EFAIL (no private directory, gnuplot missing, failing or too slow,
 * no memory) with a message in err. */
int export_draw_mem(const struct fit *f, const struct export_format *fmt, const char *near,
		    size_t max, char **out, size_t *len, char *err);

/* The checks export_write makes before any work, for a refusal before a batch run
 * rather than after it: a session, a file name, a known extension, a directory that
 * exists, a path that is not a directory. Writes nothing. Returns FP_OK or FP_EINPUT
 * with the message export_write would give. */
int export_check(const struct fit *f, const char *path, char *err);

/* A learning-rate sweep as a chart (--lr-sweep with --export): the final loss of
 * each run rows[0..n-1] (lab_sweep's, `steps` steps each from f's start) against
 * its rate, both on log scales, each marked by its verdict (converged, crawling,
 * diverged; a count of each in the key), the runs that overflowed or ended far above
 * the start at the top edge, the start's loss and the least-squares loss (when f has
 * one) as dashed lines. Every format that does not animate, written as export_write
 * writes (same checks, same safety). Returns FP_OK, FP_EINPUT (as export_sweep_check)
 * or FP_EFAIL with a message in err. */
int export_sweep_write(const struct fit *f, const struct lab_sweep_row *rows, size_t n,
		       size_t steps, const char *path, char *err);

/* export_check for the sweep chart: also refuses an animated format (.gif: one
 * picture, not an animation), naming the formats that work. FP_OK or FP_EINPUT; writes nothing. */
int export_sweep_check(const struct fit *f, const char *path, char *err);

/* A new file name in directory `dir` (NULL: the current one) for the explorer's
 * `e` key: "fitplay-<model>-step<K>.<ext>", with "-2", "-3", ... added so that no
 * existing file is overwritten. Returns FP_OK or FP_EFAIL with a message. */
int export_next_name(const struct fit *f, const char *dir, const char *ext, char *buf, size_t len,
		     char *err);

/* An export in a child process (src/export-job.c), so that the explorer stays live
 * while gnuplot works. Zeroed: no export. */
struct export_job {
	pid_t pid;	    /* the child, or 0 */
	int fd;		    /* the read end of its report pipe */
	double t0;	    /* when it started (fp_now) */
	char path[1024];    /* the file it writes */
	struct outfile out; /* its private directory: made and, whatever the child
			     * did, finally removed here */
};

/* Start export_write(f, path) in a forked child, on the copy-on-write snapshot of
 * the session taken now: the caller may step, change or free f at once. The child
 * has its own process group (the terminal's signals do not reach it), never touches
 * the terminal (stdin and stdout on /dev/null, stderr too when it is a terminal),
 * runs none of the caller's signal handlers nor atexit handlers (_exit), and on
 * SIGINT, SIGTERM or SIGHUP kills gnuplot and removes its temporaries. The private
 * directory (outfile_begin) is made here, before the fork, so that the caller can
 * remove it however the child ends; gnuplot dies with the child (PR_SET_PDEATHSIG),
 * so a SIGKILL leaves no gnuplot running either. The checks of
 * export_check are made here first, with no child. j must be idle (zeroed or
 * finished). Returns FP_OK (running), FP_EINPUT with export_check's message, or
 * FP_EFAIL (a job already running, no pipe, no fork) with a message in err. */
int export_job_start(struct export_job *j, const struct fit *f, const char *path, char *err);

/* Has the export ended? Never blocks. Returns 0 while it runs or when none does;
 * 1 when it has just ended and was reaped (j is idle again): *rc is export_write's
 * status with its message in err (FP_EFAIL and a message if the child died: its
 * group is then killed and its private directory removed), *secs
 * the seconds since export_job_start. */
int export_job_poll(struct export_job *j, int *rc, double *secs, char *err);

/* Stop a running export: SIGTERM to the child (it kills gnuplot's group, removes its
 * temporary files and exits), at most `grace` seconds for that, then SIGKILL to the
 * child's group. The child is always reaped (no zombie), its gnuplot gone, its
 * private directory removed, and j idle. Nothing when no export runs. */
void export_job_cancel(struct export_job *j, double grace);

/* ---- The validation set's pieces of a script (src/export-valid.c, --valid), for
 * export.c. Each writes nothing without a validation set (fit_has_valid). ---- */
/* The held-back points (x,y data) as the datablock $VALID. */
void export_valid_data(FILE *fp, const struct fit *f);
/* ", $VALID ... title "held back: 5 points, valid MSE 3.51"" after the fit panel's
 * data, their loss at theta; text: the dumb terminal (an 'x' per point). */
void export_valid_plot(FILE *fp, const struct fit *f, const double *theta, int text);
/* "   valid MSE 3.51" at theta (a table: a line "held back: MSE 0.156   109 of 142
 * right at 0.5"), appended to the title text in buf. */
void export_valid_title(const struct fit *f, const double *theta, char *buf, size_t len);
/* The validation losses as the datablock $VHIST, the trace's older snapshots first (as
 * $HIST): positive values only, *lo and *hi widened. Returns how many were written. */
size_t export_valid_history(FILE *fp, const struct fit *f, double *lo, double *hi);
/* ", $VHIST ... title "validation (held back)"" up to `step`, for the loss panel. */
void export_valid_hist_plot(FILE *fp, const struct fit *f, unsigned long step, int lw, int text);

#endif
