/* SPDX-License-Identifier: GPL-3.0-or-later */
/* sixel.c: the plot as a sixel image through gnuplot's sixelgd terminal (the
 * exports' way: export_draw_mem), and the terminal's answers to the start-up query
 * (device attributes, cell size) read from bytes; src/ui-sixel.c does the I/O. */
#include "sixel.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "export.h"
#include "util.h"

/* The length of a complete CSI sequence at b (ESC [ params final), 0 when b holds
 * none, or -1 when it is cut short at the end. */
static long csi_len(const char *b, size_t n)
{
	if (n < 1 || b[0] != '\033')
		return 0;
	if (n < 2)
		return -1;
	if (b[1] != '[')
		return 0;
	for (size_t i = 2; i < n; i++) {
		unsigned char c = (unsigned char)b[i];
		if (c >= 0x40 && c <= 0x7e)
			return (long)i + 1;
		if (c < 0x20 || c > 0x3f)
			return 0;
	}
	return n < 64 ? -1 : 0;
}

/* The numbers of "ESC [ ? a;b;c c" or "ESC [ 6;h;w t" (s: after ESC [, k bytes). */
static void answer_take(const char *s, size_t k, struct sixel_answer *a)
{
	char fin = s[k - 1];
	if (fin == 'c' && s[0] == '?') {
		size_t m = k - 2 < sizeof a->attrs - 1 ? k - 2 : sizeof a->attrs - 1;
		memcpy(a->attrs, s + 1, m);
		a->attrs[m] = 0;
		a->done = 1;
		for (const char *p = s + 1; p < s + k - 1;) {
			char *end;
			long v = strtol(p, &end, 10);
			if (end == p)
				break;
			if (v == 4)
				a->sixel = 1;
			p = *end == ';' ? end + 1 : end;
		}
	} else if (fin == 't') {
		int kind = 0, h = 0, w = 0;
		if (sscanf(s, "%d;%d;%dt", &kind, &h, &w) == 3 && kind == 6 && h > 0 && w > 0 &&
		    h < 1000 && w < 1000) {
			a->cell_w = w;
			a->cell_h = h;
		}
	}
}

void sixel_answer_parse(const char *b, size_t n, struct sixel_answer *a, char *keep,
			size_t keep_cap, size_t *nkeep)
{
	memset(a, 0, sizeof *a);
	*nkeep = 0;
	for (size_t i = 0; i < n;) {
		long k = csi_len(b + i, n - i);
		if (k < 0)
			return; /* cut short: more to come */
		if (k > 0 && (b[i + (size_t)k - 1] == 'c' || b[i + (size_t)k - 1] == 't') &&
		    (b[i + 2] == '?' || b[i + (size_t)k - 1] == 't')) {
			answer_take(b + i + 2, (size_t)k - 2, a);
			i += (size_t)k;
			continue;
		}
		size_t take = k > 0 ? (size_t)k : 1; /* a key, or a key's escape sequence */
		for (size_t j = 0; j < take; j++)
			if (*nkeep < keep_cap)
				keep[(*nkeep)++] = b[i + j];
		i += take;
	}
}

int sixel_check(const char *b, size_t n, int *w, int *h)
{
	size_t i = 2;
	if (n < 8 || b[0] != '\033' || b[1] != 'P' || b[n - 2] != '\033' || b[n - 1] != '\\')
		return -1;
	while (i < n && ((b[i] >= '0' && b[i] <= '9') || b[i] == ';'))
		i++;
	if (i >= n || b[i] != 'q')
		return -1;
	long pan, pad, pv, ph;
	char *end;
	if (b[++i] != '"')
		return -1;
	pan = strtol(b + i + 1, &end, 10);
	if (*end != ';' || (pad = strtol(end + 1, &end, 10), *end != ';') ||
	    (ph = strtol(end + 1, &end, 10), *end != ';') || (pv = strtol(end + 1, &end, 10), 0))
		return -1;
	if (pan < 0 || pad < 0 || ph <= 0 || pv <= 0 || ph > 100000 || pv > 100000)
		return -1;
	/* the data: sixels ? to ~, ! repeats, # colours, $ - line controls, digits, ; */
	for (const char *p = end; p < b + n - 2; p++) {
		unsigned char c = (unsigned char)*p;
		if (!((c >= '?' && c <= '~') || (c >= '0' && c <= '9') || c == '!' || c == '#' ||
		      c == '$' || c == '-' || c == ';' || c == '\n' || c == '\r'))
			return -1;
	}
	*w = (int)ph;
	*h = (int)pv;
	return 0;
}

int sixel_plot(const struct fit *f, int w, int h, char **out, size_t *len, char *err)
{
	char opts[160], near[4096], why[FP_ERRLEN];
	int iw, ih;
	if (w < 64 || h < 48 || w > 10000 || h > 10000)
		return fp_err(err, FP_EINPUT,
			      "the plot area is too small for a picture (%dx%d pixels)", w, h);
	/* The picture's type follows its size: about 1/45 of its height, 7 to 16 px. */
	int pt = h / 45 < 7 ? 7 : h / 45 > 16 ? 16 : h / 45;
	snprintf(opts, sizeof opts,
		 "size %d,%d truecolor noenhanced font \"DejaVuSans,%d\" background rgb \"white\"",
		 w, h, pt);
	const struct export_format fmt = {
	    .ext = "six",
	    .terminal = "sixelgd",
	    .options = opts,
	    .time_factor = 1,
	    .kind = OUTFILE_ANY,
	    .top = 0.64,
	    .lw_model = 3,
	    .lw_extra = 2,
	    .samples = 250,
	    .point_size = "1.3",
	};
	const char *tmp = getenv("TMPDIR");
	snprintf(near, sizeof near, "%s/fitplay-pixels", tmp && tmp[0] == '/' ? tmp : "/tmp");
	int rc = export_draw_mem(f, &fmt, near, SIXEL_MAX_BYTES, out, len, why);
	if (rc)
		return fp_err(err, rc, "%s", why);
	if (sixel_check(*out, *len, &iw, &ih) != 0 || iw != w || ih != h) {
		fp_free(*out);
		*out = NULL;
		*len = 0;
		return fp_err(err, FP_EFAIL, "gnuplot's sixelgd wrote no well-formed %dx%d image",
			      w, h);
	}
	return FP_OK;
}
