/* SPDX-License-Identifier: GPL-3.0-or-later */
/* export-valid.c: the validation set's pieces of an export script (--valid): the
 * held-back points as their own datablock and crosses, their loss in the title and as
 * a second line in the loss panel. Called by export.c's scripts; nothing is written
 * without a validation set, so that those scripts stay as they were. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "export.h"
#include "gnuplot.h"
#include "table.h"
#include "util.h"

#define COL_VALID "#CC79A7" /* reddish purple (Okabe-Ito): apart from the data's black */

static const char *num(char *b, size_t len, double v)
{
	return fp_fmt17(b, len, isfinite(v) ? v : 0);
}

void export_valid_data(FILE *fp, const struct fit *f)
{
	char a[40], b[40];
	if (!fit_has_valid(f) || f->data->d != 1)
		return;
	const struct data *v = f->data->valid;
	fputs("$VALID << EOD\n", fp);
	for (size_t i = 0; i < v->n; i++)
		if (isfinite(v->x[i]) && isfinite(v->y[i]))
			fprintf(fp, "%s %s\n", num(a, sizeof a, v->x[i]),
				num(b, sizeof b, v->y[i]));
	fputs("EOD\n", fp);
}

void export_valid_plot(FILE *fp, const struct fit *f, const double *theta, int text)
{
	char t[160], l[40];
	if (!fit_has_valid(f) || f->data->d != 1)
		return;
	fputs(", $VALID using 1:2 with points ", fp);
	if (text)
		fputs("pt \"x\"", fp);
	else
		fprintf(fp, "pt 2 ps 2.5 lw 3 lc rgb \"%s\"", COL_VALID);
	snprintf(t, sizeof t, "held back: %zu points, valid %s %s", f->data->valid->n,
		 loss_label(f->loss), fp_fmt(l, sizeof l, fit_valid_loss_at(f, theta), 4));
	fputs(" title ", fp);
	gnuplot_fput_quoted(fp, t);
	fputs(" noenhanced", fp);
}

void export_valid_title(const struct fit *f, const double *theta, char *buf, size_t len)
{
	char v[40];
	size_t n = strlen(buf);
	if (!fit_has_valid(f) || n >= len)
		return;
	fp_fmt(v, sizeof v, fit_valid_loss_at(f, theta), 6);
	if (f->data->d > 1) { /* a table: a line of their own, with the rows right at 0.5 */
		double acc = table_accuracy(f->model, &f->mcfg, theta, f->data->valid);
		size_t m = f->data->valid->n;
		snprintf(buf + n, len - n, "\nheld back: %s %s   %zu of %zu right at 0.5",
			 loss_label(f->loss), v, (size_t)floor(acc * (double)m + 0.5), m);
	} else {
		snprintf(buf + n, len - n, "   valid %s %s", loss_label(f->loss), v);
	}
}

/* One "step loss" row of $VHIST when the loss is positive (log scale). */
static void vhist_row(FILE *fp, unsigned long s, double l, double *lo, double *hi, size_t *n)
{
	char b[40];
	if (!isfinite(l) || !(l > 0))
		return;
	*lo = fmin(*lo, l);
	*hi = fmax(*hi, l);
	fprintf(fp, "%lu %s\n", s, num(b, sizeof b, l));
	(*n)++;
}

size_t export_valid_history(FILE *fp, const struct fit *f, double *lo, double *hi)
{
	size_t n = 0;
	if (!fit_has_valid(f))
		return 0;
	fputs("$VHIST << EOD\n", fp);
	/* the steps before the history's oldest: the trace's snapshots, evaluated here */
	for (size_t i = 0; i < f->trace_n; i++) {
		unsigned long s;
		const double *th;
		if (fit_trace_get(f, i, &s, NULL, &th) != 0 || s >= f->hist_first)
			break;
		vhist_row(fp, s, fit_valid_loss_at(f, th), lo, hi, &n);
	}
	for (unsigned long s = f->hist_first; s <= f->step; s++) {
		double l;
		if (fit_vhist_get(f, s, &l) == 0)
			vhist_row(fp, s, l, lo, hi, &n);
	}
	fputs("EOD\n", fp);
	return n;
}

void export_valid_hist_plot(FILE *fp, const struct fit *f, unsigned long step, int lw, int text)
{
	if (!fit_has_valid(f))
		return;
	fprintf(fp,
		", $VHIST using 1:($1 <= %lu ? $2 : 1/0) with lines lw %d %s lc rgb \"%s\" "
		"title ",
		step, lw, text ? "" : "dt 2", COL_VALID);
	gnuplot_fput_quoted(fp, "validation (held back)");
	fputs(" noenhanced", fp);
}
