/* SPDX-License-Identifier: GPL-3.0-or-later */
/* export.c: the session as a gnuplot script (data inline, the model as a function),
 * run through gnuplot into PNG, SVG, PDF, dumb text or an animated GIF, or kept as
 * a .gp script. gnuplot runs inside a private directory (outfile.h) and only ever
 * sees our own names there; strings are quoted by gnuplot_quote; the result is
 * checked complete, fsync'ed and renamed into place, so no partial file is left. */
#define _GNU_SOURCE
#include "export.h"

#include <errno.h>
#include <fcntl.h>
#include <locale.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "gnuplot.h"
#include "lab.h"
#include "outfile.h"
#include "table.h"
#include "util.h"

#define EXPORT_MAX_POINTS 20000 /* data points written; more are thinned evenly */
#define EXPORT_SAMPLES	  500	/* samples of sampled curves and of functions */
#define EXPORT_GIF_FRAMES 60	/* descent frames of a GIF at most */
#define EXPORT_GIF_HOLD	  8	/* extra frames holding the final state */
#define EXPORT_GIF_CS	  500	/* about this many centiseconds of descent */
#define EXPORT_COEF_SHOWN 6	/* coefficients listed in a title at most */
#define EXPORT_COEF_LINE  56	/* bytes of that list before "... (N in all)" */
#define EXPORT_NAME_SHOWN 48	/* bytes of a data file's name shown */

/* The one-chart (sweep) fonts: larger type than the two-panel plots, to be read
 * from the back of a room; a PDF page is smaller. */
#define FONTS_SCREEN                                                                               \
	"set title font \",30\"\nset xlabel font \",26\"\nset ylabel font \",26\"\n"               \
	"set tics font \",24\"\nset key font \",24\"\n"
#define FONTS_PAGE "set title font \",18\"\nset xlabel font \",16\"\nset ylabel font \",16\"\n"

/* The formats (export.h). The GIF's libgd draws no dashes: thinner extras. */
const struct export_format export_formats[] = {
    {"png", "pngcairo",
     "size 1600,1200 noenhanced font \"DejaVu Sans,22\" background rgb \"white\"", 0, 1,
     OUTFILE_PNG, NULL, 0, 1, 0.64, 6, 4, EXPORT_SAMPLES, "2", FONTS_SCREEN},
    {"svg", "svg", "size 1600,1200 noenhanced font \"DejaVu Sans,28\" background rgb \"white\"", 0,
     1, OUTFILE_SVG, NULL, 0, 1, 0.64, 6, 4, EXPORT_SAMPLES, "2", FONTS_SCREEN},
    {"pdf", "pdfcairo", "size 10in,7.5in noenhanced font \"DejaVu Sans,14\"", 0, 1, OUTFILE_PDF,
     NULL, 0, 1, 0.64, 6, 4, EXPORT_SAMPLES, "2", FONTS_PAGE},
    {"txt", "dumb", "size 100,48 noenhanced nofeed", 0, 1, OUTFILE_DUMB, NULL, 1, 0, 0.66, 6, 4,
     EXPORT_SAMPLES, "2", NULL},
    {"gp", NULL, NULL, 0, 0, OUTFILE_ANY, "png", 0, 1, 0.64, 6, 4, EXPORT_SAMPLES, "2",
     FONTS_SCREEN},
    {"gif", "gif", "loop 0 size 960,720 noenhanced font \"DejaVuSans,14\"", 1, 3, OUTFILE_GIF, NULL,
     0, 0, 0.64, 4, 2, EXPORT_SAMPLES / 2, "1.3", FONTS_SCREEN},
    {NULL, NULL, NULL, 0, 0, OUTFILE_ANY, NULL, 0, 0, 0, 0, 0, 0, NULL, NULL},
};

/* Colour-blind-safe colours (Okabe-Ito). */
#define COL_DATA  "#222222"
#define COL_MODEL "#0072B2"
#define COL_BEST  "#E69F00"
#define COL_TRUTH "#009E73"
#define COL_NOW	  "#D55E00"

/* What the script needs to know about its terminal. */
struct gp_style {
	const struct export_format *fmt;
	int utf8;     /* UTF-8 formula (x²) in titles */
	int text;     /* the dumb terminal: character points, no dashes */
	double top;   /* screen fraction where the fit panel starts (from the bottom) */
	int lw_model; /* line width of the model's curve */
	int lw_extra; /* of the true function and the least-squares curve */
};

/* A curve: a gnuplot function when the model's expression is safe, else samples. */
struct curve {
	char name[16]; /* "model", "best", "truth", "f12" */
	int sampled;   /* 1: a datablock $name, 0: a function name(x) */
};

/* ---- names and paths ---- */

const struct export_format *export_format_of(const char *path)
{
	const char *slash = strrchr(path, '/');
	const char *base = slash ? slash + 1 : path;
	const char *dot = strrchr(base, '.');
	if (!dot || dot == base)
		return NULL;
	for (const struct export_format *e = export_formats; e->ext; e++)
		if (strcasecmp(dot + 1, e->ext) == 0)
			return e;
	return NULL;
}

/* The extensions of the formats that animate (animated 1) or not (0) or all (-1),
 * with their dots, `last` before the last one and spaces between the others. */
static const char *formats_list(char *buf, size_t len, int animated, const char *last)
{
	size_t o = 0, n = 0, k = 0;
	for (const struct export_format *e = export_formats; e->ext; e++)
		n += animated < 0 || e->animates == animated;
	buf[0] = 0;
	for (const struct export_format *e = export_formats; e->ext && o < len; e++) {
		if (animated >= 0 && e->animates != animated)
			continue;
		const char *sep = k == 0 ? "" : k + 1 == n ? last : " ";
		int w = snprintf(buf + o, len - o, "%s.%s", sep, e->ext);
		o += w > 0 ? (size_t)w : 0;
		k++;
	}
	return buf;
}

const char *export_formats_text(char *buf, size_t len)
{
	return formats_list(buf, len, -1, " ");
}

/* A path for messages: control bytes as '?', long ones cut to their tail. */
static const char *disp(const char *s, char *buf, size_t len)
{
	size_t n = strlen(s), max = len - 1, skip = 0;
	if (n > max) {
		skip = n - (max - 3);
		while (skip < n && ((unsigned char)s[skip] & 0xc0) == 0x80)
			skip++;
	}
	size_t o = 0;
	if (skip) {
		memcpy(buf, "...", 3);
		o = 3;
	}
	for (const unsigned char *p = (const unsigned char *)s + skip; *p && o < max; p++)
		buf[o++] = (*p < 0x20 || *p == 0x7f) ? '?' : (char)*p;
	buf[o] = 0;
	return buf;
}

/* Text for a title: invalid UTF-8 and control bytes become '?', at most `max` bytes
 * (cut at a character boundary, "..." added). */
static void clean_text(const char *s, size_t max, char *out, size_t len)
{
	size_t o = 0;
	const unsigned char *p = (const unsigned char *)s;
	if (max > len - 4)
		max = len - 4;
	while (*p) {
		size_t k = 1;
		if (*p >= 0xc2 && *p <= 0xf4) {
			k = *p >= 0xf0 ? 4 : *p >= 0xe0 ? 3 : 2;
			for (size_t j = 1; j < k; j++)
				if ((p[j] & 0xc0) != 0x80) {
					k = 0;
					break;
				}
		} else if (*p >= 0x80 || *p < 0x20 || *p == 0x7f) {
			k = 0;
		}
		size_t w = k ? k : 1;
		if (o + w > max) {
			memcpy(out + o, "...", 3);
			o += 3;
			break;
		}
		if (k)
			memcpy(out + o, p, k);
		else
			out[o] = '?';
		o += w;
		p += w;
	}
	out[o] = 0;
}

/* Split path into its directory (for mkstemp) and check it. */
static int check_dir(const char *path, char *dir, size_t len, char *err)
{
	char d[160];
	const char *slash = strrchr(path, '/');
	if (!slash) {
		snprintf(dir, len, ".");
	} else if (slash == path) {
		snprintf(dir, len, "/");
	} else {
		size_t n = (size_t)(slash - path);
		if (n + 1 > len)
			return fp_err(err, FP_EINPUT, "%s: path too long", disp(path, d, sizeof d));
		memcpy(dir, path, n);
		dir[n] = 0;
	}
	if (!slash ? !path[0] : !slash[1])
		return fp_err(err, FP_EINPUT, "%s: no file name", disp(path, d, sizeof d));
	struct stat st;
	if (stat(dir, &st) != 0) {
		if (errno == ENOENT) {
			char pd[160];
			return fp_err(err, FP_EINPUT, "%s: no such directory (for %s)",
				      disp(dir, d, sizeof d), disp(path, pd, sizeof pd));
		}
		return fp_err(err, FP_EINPUT, "%s: %s", disp(dir, d, sizeof d), strerror(errno));
	}
	if (!S_ISDIR(st.st_mode))
		return fp_err(err, FP_EINPUT, "%s: not a directory", disp(dir, d, sizeof d));
	if (stat(path, &st) == 0 && S_ISDIR(st.st_mode))
		return fp_err(err, FP_EINPUT, "%s: is a directory", disp(path, d, sizeof d));
	return FP_OK;
}

/* ---- numbers and expressions ---- */

static locale_t c_loc(void)
{
	static locale_t loc;
	if (!loc)
		loc = newlocale(LC_ALL_MASK, "C", (locale_t)0);
	return loc;
}

/* %.17g of a finite v (callers never pass anything else). */
static const char *num(char *b, size_t len, double v)
{
	return fp_fmt17(b, len, isfinite(v) ? v : 0);
}

/* 1 when expr is a plain expression in x: numbers, x, a few functions, operators.
 * No strings, no backticks, no variables, no nan/inf: nothing that could run. */
static int expr_safe(const char *expr)
{
	static const char *const idents[] = {"x",    "abs",  "sgn", "exp",   "log",  "log10",
					     "sqrt", "sin",  "cos", "tan",   "tanh", "sinh",
					     "cosh", "atan", "erf", "floor", "ceil", NULL};
	const char *p = expr;
	int nonblank = 0;
	while (*p) {
		unsigned char c = (unsigned char)*p;
		if ((c >= '0' && c <= '9') || c == '.') {
			while ((*p >= '0' && *p <= '9') || *p == '.')
				p++;
			if (*p == 'e' || *p == 'E') {
				p++;
				if (*p == '+' || *p == '-')
					p++;
				if (!(*p >= '0' && *p <= '9'))
					return 0;
				while (*p >= '0' && *p <= '9')
					p++;
			}
			nonblank = 1;
		} else if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_') {
			const char *s = p;
			while ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || *p == '_' ||
			       (*p >= '0' && *p <= '9'))
				p++;
			size_t n = (size_t)(p - s), i;
			for (i = 0; idents[i]; i++)
				if (strlen(idents[i]) == n && memcmp(idents[i], s, n) == 0)
					break;
			if (!idents[i])
				return 0;
			nonblank = 1;
		} else if (strchr("+-*/()<>=?:!&|, ", c)) {
			p++;
		} else {
			return 0;
		}
	}
	return nonblank;
}

/* The data's y range [*ylo, *yhi] and the window [*clo, *chi] of 1.5 data spans
 * around it within which curves (or a table's predictions) widen the frame. */
static void y_window(const struct data *d, double *ylo, double *yhi, double *clo, double *chi)
{
	*ylo = INFINITY;
	*yhi = -INFINITY;
	for (const struct data *p = d; p; p = p == d ? d->valid : NULL) /* held back too */
		for (size_t i = 0; i < p->n; i++)
			if (isfinite(p->y[i])) {
				*ylo = fmin(*ylo, p->y[i]);
				*yhi = fmax(*yhi, p->y[i]);
			}
	if (!(*ylo <= *yhi)) {
		*ylo = -1;
		*yhi = 1;
	}
	double span = *yhi - *ylo > 0 ? *yhi - *ylo : fmax(1, fabs(*yhi));
	*clo = *ylo - 1.5 * span;
	*chi = *yhi + 1.5 * span;
}

/* y range of the fit panel: the data's, widened to show the curves where they stay
 * within 1.5 data spans of it (a wild curve leaves the frame instead). */
static void y_range(const struct data *d, const double *cy, size_t ncy, double *lo, double *hi)
{
	double ylo, yhi, clo, chi;
	y_window(d, &ylo, &yhi, &clo, &chi);
	for (size_t i = 0; i < ncy; i++)
		if (isfinite(cy[i]) && cy[i] >= clo && cy[i] <= chi) {
			ylo = fmin(ylo, cy[i]);
			yhi = fmax(yhi, cy[i]);
		}
	double span = yhi - ylo > 0 ? yhi - ylo : fmax(1, fabs(yhi));
	*lo = ylo - 0.06 * span;
	*hi = yhi + 0.30 * span; /* headroom for the key */
}

/* x range: the data's (or its generation range), padded. */
static void x_range(const struct data *d, double *lo, double *hi)
{
	double a = INFINITY, b = -INFINITY;
	for (const struct data *p = d; p; p = p == d ? d->valid : NULL) /* held back too */
		for (size_t i = 0; i < p->n; i++)
			if (isfinite(p->x[i])) {
				a = fmin(a, p->x[i]);
				b = fmax(b, p->x[i]);
			}
	if (!(a <= b)) {
		a = -1;
		b = 1;
	}
	double span = b - a > 0 ? b - a : fmax(1, fabs(a));
	*lo = a - 0.04 * span;
	*hi = b + 0.04 * span;
}

static double model_at(const struct fit *f, const double *theta, double x)
{
	return f->model->eval(&f->mcfg, theta, &x);
}

/* 1 when the model's curve passes through the box [xlo,xhi] x [ylo,yhi]. */
static int curve_visible(const struct fit *f, const double *theta, double xlo, double xhi,
			 double ylo, double yhi)
{
	for (int i = 0; i < EXPORT_SAMPLES; i++) {
		double y = model_at(f, theta, xlo + (xhi - xlo) * i / (EXPORT_SAMPLES - 1));
		if (y >= ylo && y <= yhi)
			return 1;
	}
	return 0;
}

/* Define curve c for coefficients theta (the model's function or samples). */
static int curve_define(FILE *fp, const struct fit *f, const double *theta, double xlo, double xhi,
			struct curve *c)
{
	char b[40];
	size_t len = 256 + f->np * 96;
	char *expr = fp_malloc(len);
	if (!expr)
		return -1;
	int ok = f->model->describe && f->model->describe(&f->mcfg, theta, expr, len) == 0 &&
		 expr_safe(expr);
	if (ok) {
		c->sampled = 0;
		fprintf(fp, "%s(x) = %s\n", c->name, expr);
	} else {
		c->sampled = 1;
		fprintf(fp, "$%s << EOD\n", c->name);
		for (int i = 0; i < EXPORT_SAMPLES; i++) {
			double x = xlo + (xhi - xlo) * i / (EXPORT_SAMPLES - 1);
			double y = model_at(f, theta, x);
			if (!isfinite(y)) {
				fputs("\n", fp);
				continue;
			}
			fprintf(fp, "%s", num(b, sizeof b, x));
			fprintf(fp, " %s\n", num(b, sizeof b, y));
		}
		fputs("EOD\n", fp);
	}
	fp_free(expr);
	return 0;
}

/* The plot clause of curve c. */
static void curve_plot(FILE *fp, const struct curve *c)
{
	if (c->sampled)
		fprintf(fp, "$%s using 1:2", c->name);
	else
		fprintf(fp, "%s(x)", c->name);
}

/* ---- the script ---- */

/* A heading above the title of the next exports (export_write_headed), or NULL. */
static const char *export_heading;

/* Title of the fit panel: the heading when there is one, formula, coefficients,
 * step and loss (then `tail`, or nothing when NULL), divergence. */
static void title_text(const struct fit *f, const struct gp_style *st, const double *theta,
		       unsigned long step, double loss, const char *tail, char *buf, size_t len)
{
	char spec[64], formula[256], v[40], pn[MODEL_NAME_LEN];
	model_spec(f->model, &f->mcfg, spec, sizeof spec);
	formula[0] = 0;
	if (f->model->formula)
		f->model->formula(&f->mcfg, st->utf8, formula, sizeof formula);
	size_t o = 0;
	if (export_heading)
		o += (size_t)snprintf(buf + o, len - o, "%s\n\n", export_heading);
	if (o >= len)
		o = len - 1;
	o += (size_t)snprintf(buf + o, len - o, "%s: %s\n", spec, formula);
	size_t line = o, i;
	for (i = 0; i < f->np && i < EXPORT_COEF_SHOWN && o < len; i++) {
		char one[96];
		f->model->param_name(&f->mcfg, i, pn, sizeof pn);
		int n = snprintf(one, sizeof one, "%s%s = %s", i ? "   " : "", pn,
				 fp_fmt(v, sizeof v, theta[i], 4));
		if (i && o - line + (size_t)n > EXPORT_COEF_LINE)
			break;
		o += (size_t)snprintf(buf + o, len - o, "%s", one);
	}
	if (i < f->np && o < len)
		o += (size_t)snprintf(buf + o, len - o, "   ... (%zu in all)", f->np);
	if (o < len)
		o += (size_t)snprintf(buf + o, len - o, "\nstep %lu   %s %s%s", step,
				      loss_label(f->loss), fp_fmt(v, sizeof v, loss, 6),
				      tail ? tail : "");
	if (o < len) { /* --valid: the held-back points' loss there */
		export_valid_title(f, theta, buf, len);
		o = strlen(buf);
	}
	if (f->trend == FIT_TREND_DIVERGED && o < len)
		snprintf(buf + o, len - o,
			 "\nDIVERGED at step %lu (%s not finite): last finite state shown",
			 f->diverged_step, f->diverged_what[0] ? f->diverged_what : "a value");
}

static void put_q(FILE *fp, const char *s)
{
	gnuplot_fput_quoted(fp, s);
}

/* `set terminal` for st's format, an animated one with `delay` between frames. */
static void write_terminal(FILE *fp, const struct gp_style *st, unsigned delay)
{
	const struct export_format *e = st->fmt;
	if (!e->terminal)
		return;
	if (e->animates)
		fprintf(fp, "set terminal %s animate delay %u %s\n", e->terminal, delay,
			e->options);
	else
		fprintf(fp, "set terminal %s %s\n", e->terminal, e->options);
}

static void write_data(FILE *fp, const struct data *d)
{
	char a[40], b[40];
	size_t stride =
	    d->n > EXPORT_MAX_POINTS ? (d->n + EXPORT_MAX_POINTS - 1) / EXPORT_MAX_POINTS : 1;
	fputs("$DATA << EOD\n", fp);
	for (size_t i = 0; i < d->n; i += stride)
		if (isfinite(d->x[i]) && isfinite(d->y[i]))
			fprintf(fp, "%s %s\n", num(a, sizeof a, d->x[i]),
				num(b, sizeof b, d->y[i]));
	fputs("EOD\n", fp);
}

/* The loss history: older trace snapshots, then the dense recent history; only
 * positive values (log scale). Returns how many points were written, and their
 * smallest and largest value in *lo, *hi. */
static size_t write_history(FILE *fp, const struct fit *f, double *lo, double *hi)
{
	char a[40], b[40];
	size_t n = 0;
	unsigned long last = 0;
	int any = 0;
	fputs("$HIST << EOD\n", fp);
	for (size_t i = 0; i < f->trace_n; i++) {
		unsigned long s;
		double l;
		if (fit_trace_get(f, i, &s, &l, NULL) != 0 || s >= f->hist_first)
			break;
		if (isfinite(l) && l > 0 && (!any || s > last)) {
			*lo = fmin(*lo, l);
			*hi = fmax(*hi, l);
			fprintf(fp, "%lu %s\n", s, num(b, sizeof b, l));
			last = s;
			any = 1;
			n++;
		}
	}
	for (unsigned long s = f->hist_first; s <= f->step; s++) {
		double l;
		if (fit_hist_get(f, s, &l) == 0 && isfinite(l) && l > 0 && (!any || s > last)) {
			*lo = fmin(*lo, l);
			*hi = fmax(*hi, l);
			snprintf(a, sizeof a, "%lu", s);
			fprintf(fp, "%s %s\n", a, num(b, sizeof b, l));
			last = s;
			any = 1;
			n++;
		}
	}
	fputs("EOD\n", fp);
	return n;
}

/* The static part of the fit panel's plot command after the model curve. */
static void plot_extras(FILE *fp, const struct fit *f, const struct gp_style *st,
			const struct curve *best, const struct curve *truth)
{
	char v[40], t[128];
	if (truth) {
		fputs(", ", fp);
		curve_plot(fp, truth);
		fprintf(fp, " with lines lw %d %s lc rgb \"%s\" title ", st->lw_extra,
			st->text ? "" : "dt 3", COL_TRUTH);
		put_q(fp, "true function");
		fputs(" noenhanced", fp);
	}
	if (best) {
		fputs(", ", fp);
		curve_plot(fp, best);
		fprintf(fp, " with lines lw %d %s lc rgb \"%s\" title ", st->lw_extra,
			st->text ? "" : "dt 2", COL_BEST);
		snprintf(t, sizeof t, "least squares (%s %s)", loss_label(f->loss),
			 fp_fmt(v, sizeof v, f->best_loss, 4));
		put_q(fp, t);
		fputs(" noenhanced", fp);
	}
}

/* The fit panel: data, the model curve `model`, the extras; title text given. */
static void fit_panel(FILE *fp, const struct fit *f, const struct gp_style *st, const double *theta,
		      const struct curve *model, const struct curve *best,
		      const struct curve *truth, const char *title, const char *data_title,
		      int model_visible)
{
	fputs("set title ", fp);
	put_q(fp, title);
	fputs(" noenhanced\n", fp);
	fputs("plot $DATA using 1:2 with points ", fp);
	if (st->text)
		fputs("pt \"o\"", fp);
	else
		fprintf(fp, "pt 7 ps 2 lc rgb \"%s\"", COL_DATA);
	fputs(" title ", fp);
	put_q(fp, data_title);
	fputs(" noenhanced", fp);
	export_valid_plot(fp, f, theta, st->text); /* --valid: the held-back points */
	fputs(", ", fp);
	curve_plot(fp, model);
	fprintf(fp, " with lines lw %d lc rgb \"%s\" title ", st->lw_model, COL_MODEL);
	put_q(fp, model_visible ? "model" : "model (off the chart)");
	fputs(" noenhanced", fp);
	plot_extras(fp, f, st, best, truth);
	fputs("\n", fp);
}

/* Axes, margins and labels of the fit panel. */
static void fit_axes(FILE *fp, const struct fit *f, const struct gp_style *st, double xlo,
		     double xhi, double ylo, double yhi)
{
	char a[40], b[40];
	const char *xname =
	    f->data->names && f->data->names[0] && f->data->names[0][0] ? f->data->names[0] : "x";
	char xl[64];
	clean_text(xname, 40, xl, sizeof xl);
	fprintf(fp, "set origin 0,%.3f\nset size 1,%.3f\n", 1 - st->top, st->top);
	fputs(st->text ? "unset logscale y\nunset grid\n" : "unset logscale y\nset grid\n", fp);
	/* (label 1 marks the loss panel's point: a GIF's next frame must not draw it here) */
	fputs("unset label 1\nset format y \"%g\"\n", fp);
	fprintf(fp, "set xrange [%s:", num(a, sizeof a, xlo));
	fprintf(fp, "%s]\n", num(b, sizeof b, xhi));
	fprintf(fp, "set yrange [%s:", num(a, sizeof a, ylo));
	fprintf(fp, "%s]\n", num(b, sizeof b, yhi));
	fputs("set xlabel ", fp);
	put_q(fp, xl);
	fputs(" noenhanced\nset ylabel ", fp);
	put_q(fp, "y");
	fputs(" noenhanced\n", fp);
	fputs(st->text ? "set key below horizontal\n"
		       : "set key top center horizontal opaque box samplen 2.5 spacing 1.1\n",
	      fp);
}

/* Axes and labels of the loss panel (steps first..last), and its plot up to `step`
 * with a mark at (step, loss). */
static void loss_panel(FILE *fp, const struct fit *f, const struct gp_style *st, size_t nhist,
		       double hlo, double hhi, unsigned long first, unsigned long last,
		       unsigned long step, double loss)
{
	char a[40], b[40];
	/* Whole decades, the same for every frame of a GIF. */
	double dlo = nhist ? floor(log10(hlo)) : 0, dhi = nhist ? ceil(log10(hhi)) : 1;
	if (dhi <= dlo)
		dhi = dlo + 1;
	int decades = dhi - dlo > 6;
	fprintf(fp, "set origin 0,0\nset size 1,%.3f\n", 1 - st->top);
	fputs("set title ", fp);
	put_q(fp, "loss history (log scale)");
	fputs(" noenhanced\n", fp);
	/* --valid: two lines, a key to tell them apart */
	fputs(fit_has_valid(f) ? "set logscale y\nset key top right horizontal\n"
			       : "set logscale y\nunset key\n",
	      fp);
	fprintf(fp, "set yrange [%s:", num(a, sizeof a, pow(10, dlo)));
	fprintf(fp, "%s]\n", num(b, sizeof b, pow(10, dhi)));
	/* Over many decades "1e300" reads better than "1e+300" and fits the margin. */
	fputs(decades ? "set format y \"1e%L\"\n" : "set format y \"%g\"\n", fp);
	fputs(dhi - dlo > 4 ? "unset mytics\n" : "set mytics default\n", fp);
	fprintf(fp, "set xrange [%lu:%lu]\n", first, last > first ? last : first + 1);
	fputs("set xlabel ", fp);
	put_q(fp, "step");
	fputs(" noenhanced\nset ylabel ", fp);
	put_q(fp, loss_label(f->loss));
	fputs(" noenhanced\n", fp);
	fputs("unset label 1\n", fp);
	if (isfinite(loss) && loss > 0)
		fprintf(fp, "set label 1 \"\" at %lu,%s point pt %s ps 2.5 lc rgb \"%s\" front\n",
			step, num(a, sizeof a, loss), st->text ? "\"o\"" : "7", COL_NOW);
	if (nhist && fit_has_valid(f)) {
		fprintf(fp,
			"plot $HIST using 1:($1 <= %lu ? $2 : 1/0) with lines lw %d lc rgb \"%s\" "
			"title \"training\"",
			step, st->lw_model - 1, COL_MODEL);
		export_valid_hist_plot(fp, f, step, st->lw_model - 1, st->text);
		fputs("\n", fp);
	} else if (nhist)
		fprintf(fp,
			"plot $HIST using 1:($1 <= %lu ? $2 : 1/0) with lines lw %d lc rgb \"%s\" "
			"notitle\n",
			step, st->lw_model - 1, COL_MODEL);
	else
		fputs("plot 1 with lines notitle\n", fp); /* keeps the panel's frame */
}

static void script_prologue(FILE *fp, const struct fit *f, const struct gp_style *st,
			    const char *out_quoted_src, unsigned gif_delay)
{
	char spec[64];
	model_spec(f->model, &f->mcfg, spec, sizeof spec);
	fprintf(fp, "# fitplay %s: %s model, step %lu, %zu %s\n", FITPLAY_VERSION, spec, f->step,
		f->data->n, f->data->d > 1 ? "rows" : "points");
	fputs("set encoding utf8\n", fp);
	write_terminal(fp, st, gif_delay);
	fputs("set output ", fp);
	put_q(fp, out_quoted_src);
	fputs("\n", fp);
	fputs("set termoption noenhanced\n", fp);
	fprintf(fp, "set samples %d\n", st->fmt->samples);
	fputs("set border lw 2\nset tics scale 1.5\nset grid lw 1 lc rgb \"#cccccc\"\n", fp);
	fputs("set lmargin at screen 0.13\nset rmargin at screen 0.97\n", fp);
}

/* Frame indices for the GIF: up to EXPORT_GIF_FRAMES of m, denser at the start
 * (where descent moves most). Returns the count written into idx. */
static size_t gif_frames(size_t m, size_t *idx)
{
	if (m <= EXPORT_GIF_FRAMES) {
		for (size_t i = 0; i < m; i++)
			idx[i] = i;
		return m;
	}
	size_t n = 0;
	for (size_t k = 0; k < EXPORT_GIF_FRAMES; k++) {
		double u = (double)k / (EXPORT_GIF_FRAMES - 1);
		size_t i = (size_t)llround(u * u * (double)(m - 1));
		if (!n || i > idx[n - 1])
			idx[n++] = i;
	}
	return n;
}

/* State k of the descent: trace snapshot k, or the current state when k is past them. */
static void frame_state(const struct fit *f, size_t k, const double **theta, unsigned long *step,
			double *loss)
{
	if (fit_trace_get(f, k, step, loss, theta) != 0) {
		*theta = f->theta;
		*step = f->step;
		*loss = f->loss_value;
	}
}

/* The style of fmt's terminal. */
static void style_init(struct gp_style *st, const struct export_format *fmt)
{
	*st = (struct gp_style){fmt, fmt->utf8, fmt->text, fmt->top, fmt->lw_model, fmt->lw_extra};
}

/* Which states to draw (for frame_state): the current one, or the GIF's frames.
 * Returns a new array of *nfr indices (caller frees), or NULL (no memory). */
static size_t *states_pick(const struct fit *f, const struct export_format *fmt, size_t *nfr)
{
	size_t m = f->trace_n;
	int add_now = !m || f->trace_step[m - 1] != f->step;
	size_t total = m + (size_t)add_now;
	size_t *idx = fp_calloc(total, sizeof *idx);
	if (!idx)
		return NULL;
	if (fmt->animates) {
		*nfr = gif_frames(total, idx);
	} else {
		idx[0] = total - 1;
		*nfr = 1;
	}
	return idx;
}

/* The GIF's delay between nfr frames (centiseconds; 0 for other formats). */
static unsigned gif_delay(const struct export_format *fmt, size_t nfr)
{
	if (!fmt->animates)
		return 0;
	unsigned delay = (unsigned)(EXPORT_GIF_CS / (nfr ? nfr : 1));
	return delay < 6 ? 6 : delay > 50 ? 50 : delay;
}

/* The first step the loss panel shows: the oldest trace snapshot or history entry. */
static unsigned long history_first(const struct fit *f)
{
	unsigned long first = f->step;
	for (size_t i = 0; i < f->trace_n; i++) {
		unsigned long s;
		if (fit_trace_get(f, i, &s, NULL, NULL) == 0 && s < first)
			first = s;
	}
	return f->hist_first < first ? f->hist_first : first;
}

static int table_script_write(FILE *fp, const struct fit *f, const struct export_format *fmt,
			      const char *output);

/* The whole script for fmt, writing to `output` (our own name). */
static int script_write(FILE *fp, const struct fit *f, const struct export_format *fmt,
			const char *output)
{
	if (f->data->d > 1) /* a table: its predictions */
		return table_script_write(fp, f, fmt, output);
	struct gp_style st;
	style_init(&st, fmt);
	char title[2048], srcname[EXPORT_NAME_SHOWN + 8], data_title[160];
	double xlo, xhi, ylo, yhi;
	x_range(f->data, &xlo, &xhi);

	size_t nfr;
	size_t *idx = states_pick(f, fmt, &nfr);
	double *cy =
	    idx ? fp_calloc((size_t)EXPORT_SAMPLES / 10 * (EXPORT_GIF_FRAMES + 3), sizeof *cy)
		: NULL;
	if (!idx || !cy) {
		fp_free(idx);
		fp_free(cy);
		return -1;
	}
	/* y range from the data and the curves drawn. */
	size_t ncy = 0;
	int per = EXPORT_SAMPLES / 10;
	for (size_t i = 0; i < nfr; i++) {
		const double *th;
		unsigned long s;
		double l;
		frame_state(f, idx[i], &th, &s, &l);
		for (int k = 0; k < per; k++)
			cy[ncy++] = model_at(f, th, xlo + (xhi - xlo) * k / (per - 1));
	}
	if (f->has_best && f->best)
		for (int k = 0; k < per; k++)
			cy[ncy++] = model_at(f, f->best, xlo + (xhi - xlo) * k / (per - 1));
	if (f->data->has_truth)
		for (int k = 0; k < per; k++)
			cy[ncy++] = data_target_eval(f->data->target, f->data->truth,
						     xlo + (xhi - xlo) * k / (per - 1));
	y_range(f->data, cy, ncy, &ylo, &yhi);
	fp_free(cy);

	script_prologue(fp, f, &st, output, gif_delay(fmt, nfr));
	write_data(fp, f->data);
	export_valid_data(fp, f); /* --valid: $VALID */
	double hlo = INFINITY, hhi = -INFINITY;
	size_t nhist = write_history(fp, f, &hlo, &hhi);
	export_valid_history(fp, f, &hlo, &hhi); /* --valid: $VHIST */
	unsigned long first = history_first(f);

	struct curve best = {"best", 0}, truth = {"truth", 0}, model = {"model", 0};
	int has_best = f->has_best && f->best;
	if (has_best && curve_define(fp, f, f->best, xlo, xhi, &best) != 0)
		goto nomem;
	if (f->data->has_truth) {
		char a[40], b[40], c[40];
		if (f->data->target == DATA_TARGET_QUAD) {
			fprintf(fp, "truth(x) = (%s)*x**2 + (%s)*x + (%s)\n",
				num(a, sizeof a, f->data->truth[0]),
				num(b, sizeof b, f->data->truth[1]),
				num(c, sizeof c, f->data->truth[2]));
		} else {
			truth.sampled = 1;
			fputs("$truth << EOD\n", fp);
			for (int i = 0; i < EXPORT_SAMPLES; i++) {
				double x = xlo + (xhi - xlo) * i / (EXPORT_SAMPLES - 1);
				double y = data_target_eval(f->data->target, f->data->truth, x);
				fprintf(fp, "%s %s\n", num(a, sizeof a, x), num(b, sizeof b, y));
			}
			fputs("EOD\n", fp);
		}
	}

	clean_text(f->data->source ? fp_basename(f->data->source) : "data", EXPORT_NAME_SHOWN,
		   srcname, sizeof srcname);
	if (f->data->n > EXPORT_MAX_POINTS)
		snprintf(data_title, sizeof data_title, "data: %s (%zu points, some shown)",
			 srcname, f->data->n);
	else
		snprintf(data_title, sizeof data_title, "%s: %s (%zu points)",
			 fit_has_valid(f) ? "training" : "data", srcname, f->data->n);

	size_t reps = fmt->animates ? nfr + EXPORT_GIF_HOLD : 1;
	for (size_t r = 0; r < reps; r++) {
		size_t i = r < nfr ? r : nfr - 1;
		const double *th;
		unsigned long s;
		double l;
		frame_state(f, idx[i], &th, &s, &l);
		/* The hold frames after the last one reuse its definition. */
		if (r < nfr && curve_define(fp, f, th, xlo, xhi, &model) != 0)
			goto nomem;
		title_text(f, &st, th, s, l, NULL, title, sizeof title);
		fputs("set multiplot\n", fp);
		fit_axes(fp, f, &st, xlo, xhi, ylo, yhi);
		fit_panel(fp, f, &st, th, &model, has_best ? &best : NULL,
			  f->data->has_truth ? &truth : NULL, title, data_title,
			  curve_visible(f, th, xlo, xhi, ylo, yhi));
		loss_panel(fp, f, &st, nhist, hlo, hhi, first, f->step, s, l);
		fputs("unset multiplot\n", fp);
	}
	fputs("unset output\n", fp);
	fp_free(idx);
	return ferror(fp) ? -1 : 0;
nomem:
	fp_free(idx);
	return -1;
}

/* ---- tables: each row's prediction against its truth ---- */

/* What the explorer's predictions view (src/layout-table.c) shows, for slides: the
 * rows whose truth is above the lesson's threshold 0.5 (the survivors) and the
 * others, each group's predictions sorted along x (0 to 100% of the group), two
 * kinds of points, the line at 0.5, and in the title how many are right at 0.5. */

/* One state of a table's fit. */
struct tstate {
	size_t n1, n0; /* rows whose truth is above TABLE_CUT, the others */
	size_t r1, r0; /* of those, predicted above it / not above it (right) */
	size_t s1, s0; /* rows drawn of each group: g[0..s1-1], g[n-s0..n-1] */
	int binary;    /* 1 when every truth is 0 or 1 (survived or not) */
	double *p;     /* n predictions (scratch) */
	double *g;     /* n: the survivors' predictions from the front, the others' from
			* the back, each group sorted (NaN as +inf) */
};

static int dbl_cmp(const void *a, const void *b)
{
	double s = *(const double *)a, t = *(const double *)b;
	return s < t ? -1 : (s > t);
}

/* The table's state at coefficients theta into t (t->p and t->g allocated). */
static void table_state(const struct fit *f, const double *theta, struct tstate *t)
{
	const struct data *d = f->data;
	size_t stride =
	    d->n > EXPORT_MAX_POINTS ? (d->n + EXPORT_MAX_POINTS - 1) / EXPORT_MAX_POINTS : 1;
	f->model->predict(&f->mcfg, theta, d, t->p);
	t->n1 = t->n0 = t->r1 = t->r0 = t->s1 = t->s0 = 0;
	t->binary = 1;
	for (size_t i = 0; i < d->n; i++) {
		int up = table_side(d->y[i]), said = table_side(t->p[i]);
		if (up) {
			t->n1++;
			t->r1 += (size_t)said;
		} else {
			t->n0++;
			t->r0 += (size_t)!said;
		}
		if (d->y[i] != 0 && d->y[i] != 1)
			t->binary = 0;
		if (i % stride == 0)
			t->g[up ? t->s1++ : d->n - 1 - t->s0++] =
			    isnan(t->p[i]) ? INFINITY : t->p[i];
	}
	qsort(t->g, t->s1, sizeof *t->g, dbl_cmp);
	qsort(t->g + d->n - t->s0, t->s0, sizeof *t->g, dbl_cmp);
}

/* y range of the predictions panel over the states drawn (idx[0..nfr-1]): the
 * truths', widened by the predictions within 1.5 spans of them (as y_range does for
 * curves), and always the threshold. */
static void table_yrange(const struct fit *f, const size_t *idx, size_t nfr, struct tstate *t,
			 double *lo, double *hi)
{
	double cy[2 * EXPORT_GIF_FRAMES + 1], ylo, yhi, clo, chi;
	size_t ncy = 0, n = f->data->n;
	y_window(f->data, &ylo, &yhi, &clo, &chi);
	for (size_t i = 0; i < nfr && i < EXPORT_GIF_FRAMES; i++) {
		const double *th;
		unsigned long s;
		double l, a = INFINITY, b = -INFINITY;
		frame_state(f, idx[i], &th, &s, &l);
		table_state(f, th, t);
		for (size_t k = 0; k < n; k++) {
			if (k == t->s1)
				k = n - t->s0; /* the gap between the two groups */
			if (k < n && t->g[k] >= clo && t->g[k] <= chi) {
				a = fmin(a, t->g[k]);
				b = fmax(b, t->g[k]);
			}
		}
		if (a <= b) {
			cy[ncy++] = a;
			cy[ncy++] = b;
		}
	}
	cy[ncy++] = TABLE_CUT;
	y_range(f->data, cy, ncy, lo, hi);
	double span = *hi - *lo;
	if (*lo > TABLE_CUT) /* truths far from 0.5: the line stays in view */
		*lo = TABLE_CUT - 0.06 * span;
	if (*hi < TABLE_CUT)
		*hi = TABLE_CUT + 0.30 * span;
}

/* Datablock $name: predictions g[0..s-1] at x = 100 (k + 0.5) / s (percent of the
 * group), y clamped into [lo, hi]. Returns how many had to be clamped. */
static size_t table_group_write(FILE *fp, const char *name, const double *g, size_t s, double lo,
				double hi)
{
	char a[40], b[40];
	size_t beyond = 0;
	fprintf(fp, "$%s << EOD\n", name);
	for (size_t k = 0; k < s; k++) {
		double y = g[k];
		if (!(y >= lo && y <= hi)) {
			beyond++;
			y = y > hi ? hi : lo;
		}
		fprintf(fp, "%s %s\n", num(a, sizeof a, 100 * ((double)k + 0.5) / (double)s),
			num(b, sizeof b, y));
	}
	fputs("EOD\n", fp);
	return beyond;
}

/* Axes, margins and key of the predictions panel. */
static void table_axes(FILE *fp, const struct fit *f, const struct gp_style *st, double lo,
		       double hi)
{
	char a[40], b[40], src[EXPORT_NAME_SHOWN + 8], xl[EXPORT_NAME_SHOWN + 160];
	const char *name = f->data->source ? f->data->source : "table";
	clean_text(fp_basename(name), EXPORT_NAME_SHOWN, src, sizeof src);
	/* (a label wider than the dumb terminal's plot is left out: no data there) */
	snprintf(xl, sizeof xl, "each group sorted by prediction (%% of its rows)%s%s%s",
		 st->text ? "" : "   data: ", st->text ? "" : src,
		 f->data->n > EXPORT_MAX_POINTS ? ", some shown" : "");
	fprintf(fp, "set origin 0,%.3f\nset size 1,%.3f\n", 1 - st->top, st->top);
	fputs(st->text ? "unset logscale y\nunset grid\n" : "unset logscale y\nset grid\n", fp);
	/* (label 1: see fit_axes) */
	fputs("unset label 1\nset format y \"%g\"\nset mytics default\n", fp);
	fputs("set xrange [0:100]\n", fp);
	fprintf(fp, "set yrange [%s:", num(a, sizeof a, lo));
	fprintf(fp, "%s]\n", num(b, sizeof b, hi));
	fputs("set xlabel ", fp);
	put_q(fp, xl);
	fputs(" noenhanced\nset ylabel ", fp);
	put_q(fp, st->text ? "" : "prediction"); /* (in text it would run into the tics) */
	fputs(" noenhanced\n", fp);
	fputs(st->text ? "set key below horizontal\n"
		       : "set key top left vertical Left reverse opaque box samplen 2.5 "
			 "spacing 1.1\n",
	      fp);
}

/* One group's points in the plot command: data block `block`, a key entry "WHO: R of N
 * SIDE 0.5" (and how many are off the chart), the point type `pt` in colour `col`, or
 * the character `text_pt` on the dumb terminal. */
static void table_group_plot(FILE *fp, const struct gp_style *st, const char *block,
			     const char *who, const char *side, size_t right, size_t of,
			     size_t beyond, const char *text_pt, int pt, const char *col)
{
	char lab[160], off[64];
	snprintf(off, sizeof off, ", %zu off the chart", beyond);
	snprintf(lab, sizeof lab, "%s: %zu of %zu %s 0.5%s", who, right, of, side,
		 beyond ? off : "");
	fprintf(fp, "%s using 1:2 with points ", block);
	if (st->text)
		fprintf(fp, "pt %s", text_pt);
	else
		fprintf(fp, "pt %d ps %s lc rgb \"%s\"", pt, st->fmt->point_size, col);
	fputs(" title ", fp);
	put_q(fp, lab);
	fputs(" noenhanced, ", fp);
}

/* The predictions panel of state t: the two groups ($UP, $DOWN), then the line at
 * 0.5 over them. */
static void table_panel(FILE *fp, const struct fit *f, const struct gp_style *st,
			const struct tstate *t, const char *title, double lo, double hi)
{
	size_t n = f->data->n;
	fputs("set title ", fp);
	put_q(fp, title);
	fputs(" noenhanced\n", fp);
	size_t b1 = table_group_write(fp, "UP", t->g, t->s1, lo, hi);
	size_t b0 = table_group_write(fp, "DOWN", t->g + n - t->s0, t->s0, lo, hi);
	fputs("plot ", fp);
	if (t->s1)
		table_group_plot(fp, st, "$UP",
				 t->binary ? "survived (truth 1)" : "truth above 0.5", "above",
				 t->r1, t->n1, b1, "\"o\"", 7, COL_MODEL);
	if (t->s0)
		table_group_plot(fp, st, "$DOWN",
				 t->binary ? "did not survive (truth 0)" : "truth 0.5 or less",
				 "below", t->r0, t->n0, b0, "\".\"", 11, COL_NOW);
	fprintf(fp, "%g with lines lw %d %s lc rgb \"#000000\" title ", TABLE_CUT,
		st->lw_extra > 2 ? st->lw_extra - 1 : st->lw_extra, st->text ? "" : "dt 2");
	put_q(fp, t->binary ? "threshold 0.5: above it says survived" : "threshold 0.5");
	fputs(" noenhanced\n", fp);
}

/* The whole script of a table for fmt, writing to `output` (our own name): the
 * predictions panel over the loss history, for the current state or, in a GIF, for
 * each frame of the descent. */
static int table_script_write(FILE *fp, const struct fit *f, const struct export_format *fmt,
			      const char *output)
{
	struct gp_style st;
	style_init(&st, fmt);
	struct tstate t = {0};
	size_t n = f->data->n ? f->data->n : 1, nfr;
	size_t *idx = states_pick(f, fmt, &nfr);
	t.p = idx ? fp_malloc(n * sizeof *t.p) : NULL;
	t.g = t.p ? fp_malloc(n * sizeof *t.g) : NULL;
	if (!t.g) {
		fp_free(idx);
		fp_free(t.p);
		return -1;
	}
	double lo, hi;
	table_yrange(f, idx, nfr, &t, &lo, &hi);
	script_prologue(fp, f, &st, output, gif_delay(fmt, nfr));
	double hlo = INFINITY, hhi = -INFINITY;
	size_t nhist = write_history(fp, f, &hlo, &hhi);
	export_valid_history(fp, f, &hlo, &hhi); /* --valid: $VHIST */
	unsigned long first = history_first(f);
	size_t reps = fmt->animates ? nfr + EXPORT_GIF_HOLD : 1;
	for (size_t r = 0; r < reps; r++) {
		size_t i = r < nfr ? r : nfr - 1;
		const double *th;
		unsigned long s;
		double l;
		char title[2048], tail[96];
		frame_state(f, idx[i], &th, &s, &l);
		if (r < nfr) /* the hold frames after the last one reuse its state */
			table_state(f, th, &t);
		snprintf(tail, sizeof tail, "   %zu of %zu right at 0.5", t.r1 + t.r0, f->data->n);
		title_text(f, &st, th, s, l, tail, title, sizeof title);
		fputs("set multiplot\n", fp);
		table_axes(fp, f, &st, lo, hi);
		table_panel(fp, f, &st, &t, title, lo, hi);
		loss_panel(fp, f, &st, nhist, hlo, hhi, first, f->step, s, l);
		fputs("unset multiplot\n", fp);
	}
	fputs("unset output\n", fp);
	fp_free(idx);
	fp_free(t.p);
	fp_free(t.g);
	return ferror(fp) ? -1 : 0;
}

/* ---- the learning-rate sweep: final loss against rate ---- */

/* How each verdict is drawn (by enum lab_verdict; later ones cycle through these). */
static const struct {
	int pt;		  /* gnuplot point type */
	const char *col;  /* colour */
	const char *text; /* the dumb terminal's character */
} sweep_marks[] = {
    {7, COL_MODEL, "\"o\""}, /* converged: a filled circle */
    {9, COL_BEST, "\"v\""},  /* crawling: a filled triangle */
    {2, COL_NOW, "\"X\""},   /* diverged: a cross */
    {5, COL_TRUTH, "\"#\""}, {13, COL_DATA, "\"*\""},
};
#define SWEEP_MARKS (sizeof sweep_marks / sizeof sweep_marks[0])

/* What the sweep's script needs. */
struct sweep_plot {
	const struct fit *f;		  /* the session swept (model, data, loss, best) */
	const struct lab_sweep_row *rows; /* the runs, by rate */
	size_t n;			  /* how many */
	size_t steps;			  /* steps of each run */
};

/* Whole decades [*dlo, *dhi] of the y axis: the start's loss, the finite final
 * losses of runs that did not diverge, the best, and a decade above them for the
 * key; diverged runs above that are drawn at the top (*clamp is then 1 and one more
 * decade is added). */
static void sweep_decades(const struct sweep_plot *sp, double *dlo, double *dhi, int *clamp)
{
	double lo = INFINITY, hi = -INFINITY;
	const struct lab_sweep_row *r = sp->rows;
	for (size_t i = 0; i < sp->n; i++) {
		double v[2] = {r[i].start_loss, r[i].loss};
		for (int k = 0; k < 2; k++) {
			if (!(isfinite(v[k]) && v[k] > 0))
				continue;
			lo = fmin(lo, v[k]);
			if (k == 0 || r[i].verdict != LAB_DIVERGED)
				hi = fmax(hi, v[k]);
		}
	}
	if (sp->f->has_best && isfinite(sp->f->best_loss) && sp->f->best_loss > 0)
		lo = fmin(lo, sp->f->best_loss);
	if (!(lo <= hi)) {
		lo = 1;
		hi = 10;
	}
	*dlo = floor(log10(lo));
	*dhi = ceil(log10(hi));
	if (*dhi <= *dlo)
		*dhi = *dlo + 1;
	*clamp = 0;
	for (size_t i = 0; i < sp->n; i++)
		if (!(isfinite(r[i].loss) && r[i].loss <= pow(10, *dhi)))
			*clamp = 1;
	*dhi += 1; /* room for the key, top left, above the start's loss */
	if (*clamp)
		*dhi += 1;
}

/* The y of a run's final loss on the chart: clamped into the decades shown. */
static double sweep_y(double loss, double dlo, double dhi)
{
	double top = pow(10, dhi - 0.12), bottom = pow(10, dlo);
	if (!isfinite(loss) || loss > top)
		return top;
	return loss < bottom ? bottom : loss;
}

/* Axes, title and key of the sweep chart. */
static void sweep_axes(FILE *fp, const struct sweep_plot *sp, const struct gp_style *st, double dlo,
		       double dhi, int clamp)
{
	char a[40], b[40], spec[64], t[512], lab[160];
	const struct lab_sweep_row *r = sp->rows;
	double xlo = INFINITY, xhi = -INFINITY;
	for (size_t i = 0; i < sp->n; i++) {
		xlo = fmin(xlo, r[i].lr);
		xhi = fmax(xhi, r[i].lr);
	}
	double pad = xhi > xlo ? pow(xhi / xlo, 0.05) : 3;
	model_spec(sp->f->model, &sp->f->mcfg, spec, sizeof spec);
	snprintf(t, sizeof t,
		 "learning-rate sweep: %s, %zu steps of %s at each rate\n"
		 "final %s against the learning rate",
		 spec, sp->steps, sp->f->optim->name, loss_label(sp->f->loss));
	fputs("set title ", fp);
	put_q(fp, t);
	fputs(" noenhanced\n", fp);
	fputs("set logscale x 10\nset logscale y 10\n", fp);
	fputs(st->text ? "unset grid\nunset mxtics\nunset mytics\n"
		       : "set grid xtics ytics mxtics mytics\n",
	      fp);
	fprintf(fp, "set xrange [%s:", num(a, sizeof a, xlo / pad));
	fprintf(fp, "%s]\n", num(b, sizeof b, xhi * pad));
	fprintf(fp, "set yrange [%s:", num(a, sizeof a, pow(10, dlo)));
	fprintf(fp, "%s]\n", num(b, sizeof b, pow(10, dhi)));
	fputs(dhi - dlo > 6 ? "set format y \"1e%L\"\n" : "set format y \"%g\"\n", fp);
	fputs("set format x \"%g\"\n", fp);
	fputs("set xlabel ", fp);
	put_q(fp, "learning rate (log scale)");
	snprintf(lab, sizeof lab, "final %s (log scale)", loss_label(sp->f->loss));
	fputs(" noenhanced\nset ylabel ", fp);
	put_q(fp, lab);
	fputs(" noenhanced\n", fp);
	fputs(st->text
		  ? "set key below horizontal\n"
		  : "set key top left vertical Left reverse opaque box spacing 1.2 samplen 2.5\n",
	      fp);
	/* One chart on the whole page: its own type sizes. */
	if (st->fmt->chart_fonts)
		fputs(st->fmt->chart_fonts, fp);
}

/* The sweep chart: the runs' final losses joined by a thin line, each marked by its
 * verdict, the start's loss and the least-squares loss as dashed lines. */
static int sweep_script_write(FILE *fp, const void *ctx, const struct export_format *fmt,
			      const char *output)
{
	const struct sweep_plot *sp = ctx;
	const struct lab_sweep_row *r = sp->rows;
	char a[40], b[40], lab[160], v[40];
	struct gp_style st;
	style_init(&st, fmt);
	double dlo, dhi;
	int clamp;
	sweep_decades(sp, &dlo, &dhi, &clamp);
	script_prologue(fp, sp->f, &st, output, 0);
	fputs("$ALL << EOD\n", fp);
	for (size_t i = 0; i < sp->n; i++)
		fprintf(fp, "%s %s\n", num(a, sizeof a, r[i].lr),
			num(b, sizeof b, sweep_y(r[i].loss, dlo, dhi)));
	fputs("EOD\n", fp);
	size_t count[16] = {0};
	size_t nv = 0;
	while (nv < 16 && lab_verdict_name((enum lab_verdict)nv)[0])
		nv++;
	for (size_t k = 0; k < nv; k++) {
		fprintf(fp, "$V%zu << EOD\n", k);
		for (size_t i = 0; i < sp->n; i++)
			if ((size_t)r[i].verdict == k) {
				count[k]++;
				fprintf(fp, "%s %s\n", num(a, sizeof a, r[i].lr),
					num(b, sizeof b, sweep_y(r[i].loss, dlo, dhi)));
			}
		fputs("EOD\n", fp);
	}
	sweep_axes(fp, sp, &st, dlo, dhi, clamp);
	fprintf(fp, "plot $ALL using 1:2 with lines lw %d lc rgb \"#999999\" notitle",
		st.text ? 1 : 2);
	double start = r[0].start_loss;
	if (isfinite(start) && start > 0) {
		fprintf(fp, ", %s with lines lw %d %s lc rgb \"#000000\" title ",
			num(a, sizeof a, start), st.lw_extra, st.text ? "" : "dt 2");
		snprintf(lab, sizeof lab, "start: %s %s", loss_label(sp->f->loss),
			 fp_fmt(v, sizeof v, start, 4));
		put_q(fp, lab);
		fputs(" noenhanced", fp);
	}
	if (sp->f->has_best && isfinite(sp->f->best_loss) && sp->f->best_loss > 0) {
		fprintf(fp, ", %s with lines lw %d %s lc rgb \"%s\" title ",
			num(a, sizeof a, sp->f->best_loss), st.lw_extra, st.text ? "" : "dt 3",
			COL_TRUTH);
		snprintf(lab, sizeof lab, "least squares: %s %s", loss_label(sp->f->loss),
			 fp_fmt(v, sizeof v, sp->f->best_loss, 4));
		put_q(fp, lab);
		fputs(" noenhanced", fp);
	}
	for (size_t k = 0; k < nv; k++) {
		if (!count[k])
			continue;
		size_t m = k % SWEEP_MARKS;
		fprintf(fp, ", $V%zu using 1:2 with points ", k);
		if (st.text)
			fprintf(fp, "pt %s", sweep_marks[m].text);
		else
			fprintf(fp, "pt %d ps 3.5 lw 3 lc rgb \"%s\"", sweep_marks[m].pt,
				sweep_marks[m].col);
		snprintf(lab, sizeof lab, "%s (%zu)%s", lab_verdict_name((enum lab_verdict)k),
			 count[k], clamp && k == LAB_DIVERGED ? ", at the top edge" : "");
		fputs(" title ", fp);
		put_q(fp, lab);
		fputs(" noenhanced", fp);
	}
	fputs("\nunset output\n", fp);
	return ferror(fp) ? -1 : 0;
}

/* ---- running it ---- */

/* A script writer: the script for fmt drawing ctx, writing to `output` (our own
 * name). Returns 0, or -1 (out of memory, a write error). */
typedef int (*export_script_fn)(FILE *fp, const void *ctx, const struct export_format *fmt,
				const char *output);

static int fit_script_write(FILE *fp, const void *ctx, const struct export_format *fmt,
			    const char *output)
{
	return script_write(fp, ctx, fmt, output);
}

/* A script export (.gp): the script alone, writing BASE.<the format it draws> when
 * run, as `name` in o. */
static int export_gp(export_script_fn fn, const void *ctx, const struct export_format *fmt,
		     const char *path, struct outfile *o, const char *name, char *err)
{
	const struct export_format *draws = export_formats;
	while (draws->ext && strcmp(draws->ext, fmt->draws) != 0)
		draws++;
	char out[256];
	const char *slash = strrchr(path, '/');
	const char *base = slash ? slash + 1 : path;
	size_t n = strlen(base);
	const char *dot = strrchr(base, '.');
	size_t stem = dot ? (size_t)(dot - base) : n;
	if (stem > 200)
		stem = 200;
	size_t k = 0;
	for (size_t i = 0; i < stem; i++) {
		unsigned char c = (unsigned char)base[i];
		int ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
			 (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
		out[k++] = ok ? (char)c : '_';
	}
	snprintf(out + k, sizeof out - k, ".%s", draws->ext);
	FILE *fp = outfile_fopen(o, name, err);
	if (!fp)
		return FP_EFAIL;
	locale_t old = uselocale(c_loc());
	fprintf(fp, "# Redraw with: gnuplot %.*s.gp   (writes %s in the current directory)\n",
		(int)k, out, out);
	int rc = fn(fp, ctx, draws, out);
	uselocale(old);
	if (outfile_fclose(o, fp, err) != FP_OK)
		return FP_EFAIL;
	if (rc != 0)
		return fp_err(err, FP_EFAIL, "%s: out of memory writing the script", o->shown);
	return FP_OK;
}

/* The script in o's private directory, gnuplot run there (its working directory:
 * every name it opens is inside), writing `out`. */
static int export_plot(export_script_fn fn, const void *ctx, const struct export_format *fmt,
		       struct outfile *o, const char *out, char *err)
{
	FILE *fp = outfile_fopen(o, "plot.gp", err);
	if (!fp)
		return FP_EFAIL;
	locale_t old = uselocale(c_loc());
	int wrc = fn(fp, ctx, fmt, out);
	uselocale(old);
	if (outfile_fclose(o, fp, err) != FP_OK)
		return FP_EFAIL;
	if (wrc != 0)
		return fp_err(err, FP_EFAIL, "%s: out of memory writing the script", o->shown);
	char why[FP_ERRLEN];
	if (gnuplot_run_in(o->privfd, "plot.gp", "gnuplot.log",
			   fmt->time_factor * gnuplot_timeout(), why) != FP_OK)
		return fp_err(err, FP_EFAIL, "%s: %s", o->shown, why);
	return FP_OK;
}

/* Draw ctx with fn into o (begun for path), then commit; o is idle afterwards. */
static int export_run(export_script_fn fn, const void *ctx, const char *path,
		      const struct export_format *fmt, struct outfile *o, char *err)
{
	char out[16];
	snprintf(out, sizeof out, "out.%s", fmt->ext);
	int rc = fmt->draws ? export_gp(fn, ctx, fmt, path, o, out, err)
			    : export_plot(fn, ctx, fmt, o, out, err);
	if (rc != FP_OK) {
		outfile_abort(o);
		return rc;
	}
	return outfile_commit(o, out, fmt->kind, err);
}

int export_write_into(const struct fit *f, const char *path, struct outfile *o, char *err)
{
	const struct export_format *fmt = path ? export_format_of(path) : NULL;
	if (!f || !f->theta || !fmt) {
		outfile_abort(o);
		return fp_err(err, FP_EINPUT, "nothing to export");
	}
	if (!fp_all_finite(f->theta, f->np) || !isfinite(f->loss_value)) {
		outfile_abort(o);
		return fp_err(err, FP_EINPUT, "the coefficients are not finite");
	}
	return export_run(fit_script_write, f, path, fmt, o, err);
}

/* The bytes of a file `name` in o's private directory into a new buffer (at most
 * `max` bytes). FP_OK or FP_EFAIL with a message. */
static int read_back(const struct outfile *o, const char *name, size_t max, char **out, size_t *len,
		     char *err)
{
	struct stat st;
	int fd = openat(o->privfd, name, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0)
		return fp_err(err, FP_EFAIL, "gnuplot wrote no picture (%s)", strerror(errno));
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || st.st_size <= 0 ||
	    (size_t)st.st_size > max) {
		close(fd);
		return fp_err(err, FP_EFAIL, "gnuplot's picture is empty or too big");
	}
	size_t n = (size_t)st.st_size, got = 0;
	char *b = fp_malloc(n + 1);
	while (b && got < n) {
		ssize_t r = read(fd, b + got, n - got);
		if (r <= 0)
			break;
		got += (size_t)r;
	}
	close(fd);
	if (!b || got != n) {
		fp_free(b);
		return fp_err(err, FP_EFAIL,
			      b ? "reading gnuplot's picture failed" : "out of memory");
	}
	b[n] = 0;
	*out = b;
	*len = n;
	return FP_OK;
}

int export_draw_mem(const struct fit *f, const struct export_format *fmt, const char *near,
		    size_t max, char **out, size_t *len, char *err)
{
	struct outfile o;
	char name[24];
	*out = NULL;
	*len = 0;
	if (!f || !f->theta || !fmt || !fmt->terminal || fmt->animates)
		return fp_err(err, FP_EINPUT, "nothing to draw");
	if (!fp_all_finite(f->theta, f->np) || !isfinite(f->loss_value))
		return fp_err(err, FP_EINPUT, "the coefficients are not finite");
	int rc = outfile_begin(&o, near, err);
	if (rc)
		return rc;
	snprintf(name, sizeof name, "out.%.8s", fmt->ext);
	rc = export_plot(fit_script_write, f, fmt, &o, name, err);
	if (rc == FP_OK)
		rc = read_back(&o, name, max, out, len, err);
	outfile_abort(&o);
	return rc;
}

/* What can be checked before any work: a session, a file name with a known
 * extension (its format into *fmt), a directory that exists (into dir). */
static int check_request(const struct fit *f, const char *path, const struct export_format **fmt,
			 char *dir, size_t len, char *err)
{
	char d[160], list[128];
	if (!f || !f->data || !f->model || !f->theta)
		return fp_err(err, FP_EINPUT, "nothing to export");
	if (!path || !*path)
		return fp_err(err, FP_EINPUT, "no file name to export to");
	if (path[strlen(path) - 1] == '/')
		return fp_err(err, FP_EINPUT, "%s: no file name", disp(path, d, sizeof d));
	if (!(*fmt = export_format_of(path)))
		return fp_err(err, FP_EINPUT, "%s: unknown format (use %s)",
			      disp(path, d, sizeof d), export_formats_text(list, sizeof list));
	return check_dir(path, dir, len, err);
}

int export_check(const struct fit *f, const char *path, char *err)
{
	char dir[4096];
	const struct export_format *fmt;
	return check_request(f, path, &fmt, dir, sizeof dir, err);
}

int export_write(const struct fit *f, const char *path, char *err)
{
	char dir[4096];
	const struct export_format *fmt;
	struct outfile o;
	int rc = check_request(f, path, &fmt, dir, sizeof dir, err);
	if (rc)
		return rc;
	if (!fp_all_finite(f->theta, f->np) || !isfinite(f->loss_value))
		return fp_err(err, FP_EINPUT, "the coefficients are not finite");
	rc = outfile_begin(&o, path, err);
	if (rc)
		return rc;
	return export_write_into(f, path, &o, err);
}

int export_write_headed(const struct fit *f, const char *path, const char *heading, char *err)
{
	export_heading = heading;
	int rc = export_write(f, path, err);
	export_heading = NULL;
	return rc;
}

int export_sweep_check(const struct fit *f, const char *path, char *err)
{
	char dir[4096], d[160], list[128];
	const struct export_format *fmt;
	int rc = check_request(f, path, &fmt, dir, sizeof dir, err);
	if (rc == FP_OK && fmt->animates)
		rc =
		    fp_err(err, FP_EINPUT, "%s: the sweep is one picture, not an animation: use %s",
			   disp(path, d, sizeof d), formats_list(list, sizeof list, 0, " or "));
	return rc;
}

int export_sweep_write(const struct fit *f, const struct lab_sweep_row *rows, size_t n,
		       size_t steps, const char *path, char *err)
{
	char dir[4096];
	const struct export_format *fmt;
	struct outfile o;
	int rc = export_sweep_check(f, path, err);
	if (rc)
		return rc;
	if (!rows || !n)
		return fp_err(err, FP_EINPUT, "no sweep to export");
	check_request(f, path, &fmt, dir, sizeof dir, err);
	rc = outfile_begin(&o, path, err);
	if (rc)
		return rc;
	struct sweep_plot sp = {f, rows, n, steps};
	return export_run(sweep_script_write, &sp, path, fmt, &o, err);
}

int export_next_name(const struct fit *f, const char *dir, const char *ext, char *buf, size_t len,
		     char *err)
{
	char spec[64], d[160];
	char probe[16];
	if (!ext || strlen(ext) > 8)
		return fp_err(err, FP_EINPUT, "unknown export format");
	snprintf(probe, sizeof probe, "x.%s", ext);
	if (!export_format_of(probe))
		return fp_err(err, FP_EINPUT, "unknown export format '%s'", ext);
	model_spec(f->model, &f->mcfg, spec, sizeof spec);
	for (char *p = spec; *p; p++) {
		unsigned char c = (unsigned char)*p;
		if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
		      c == '_'))
			*p = '-';
	}
	const char *sep = dir && *dir && dir[strlen(dir) - 1] != '/' ? "/" : "";
	if (!dir)
		dir = "";
	for (unsigned k = 1; k < 10000; k++) {
		char suffix[16] = "";
		if (k > 1)
			snprintf(suffix, sizeof suffix, "-%u", k);
		int n = snprintf(buf, len, "%s%sfitplay-%s-step%lu%s.%s", dir, sep, spec, f->step,
				 suffix, ext);
		if (n < 0 || (size_t)n >= len)
			return fp_err(err, FP_EFAIL, "file name too long");
		struct stat st;
		if (lstat(buf, &st) != 0) {
			if (errno == ENOENT)
				return FP_OK;
			return fp_err(err, FP_EFAIL, "%s: %s", disp(buf, d, sizeof d),
				      strerror(errno));
		}
	}
	return fp_err(err, FP_EFAIL, "too many files named like %s", disp(buf, d, sizeof d));
}
