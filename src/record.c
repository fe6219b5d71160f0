/* SPDX-License-Identifier: GPL-3.0-or-later */
/* record.c: --record FILE, a live session's keys as a key script (record.h). */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "app.h"
#include "outfile.h"
#include "record.h"
#include "util.h"

#define RECORD_FPS	 30 /* the ui's frames a second (wait N is N of them) */
#define RECORD_STEP_MS	 10 /* delays rounded to this */
#define RECORD_DELAY_MAX 60000

static void rput(struct record *r, const char *fmt, ...)
{
	va_list ap;
	if (r->oom)
		return;
	for (;;) {
		va_start(ap, fmt);
		int k =
		    vsnprintf(r->buf ? r->buf + r->n : NULL, r->buf ? r->cap - r->n : 0, fmt, ap);
		va_end(ap);
		if (k < 0)
			return;
		if (r->buf && r->n + (size_t)k < r->cap) {
			r->n += (size_t)k;
			return;
		}
		size_t nc = r->cap ? 2 * r->cap : 4096;
		while (nc < r->n + (size_t)k + 1)
			nc *= 2;
		char *nb = fp_realloc(r->buf, nc);
		if (!nb) {
			r->oom = 1;
			return;
		}
		r->buf = nb;
		r->cap = nc;
	}
}

int record_init(struct record *r, char *err)
{
	memset(r, 0, sizeof *r);
	r->delay_ms = 250; /* the scripts' delay at the start (fitplay(1)) */
	rput(r, "# recorded by fitplay --record: replay with fitplay --keys FILE\n");
	if (r->oom)
		return fp_err(err, FP_EFAIL, "out of memory");
	return FP_OK;
}

/* The key pressed before this moment, with the pause after it and its AUTO frames. */
static void flush_pending(struct record *r, double now)
{
	if (!r->pending[0])
		return;
	double gap = (now - r->pending_t) * 1000.0 - 1000.0 * (double)r->frames / RECORD_FPS;
	long d = now > 0 ? lround(gap / RECORD_STEP_MS) * RECORD_STEP_MS : r->delay_ms;
	if (d < 0)
		d = 0;
	if (d > RECORD_DELAY_MAX)
		d = RECORD_DELAY_MAX;
	if (d != r->delay_ms) {
		rput(r, "delay %ld\n", d);
		r->delay_ms = d;
	}
	rput(r, "%s\n", r->pending);
	if (r->frames > 0)
		rput(r, "wait %ld\n", r->frames);
	r->pending[0] = 0;
	r->frames = 0;
}

void record_key(struct record *r, const struct app *a, int key, double now)
{
	char name[32];
	if (key == LK_RESIZE || key == LK_MOUSE)
		return;
	if (r->in_mouse)
		r->key_in_mouse = 1;
	flush_pending(r, now);
	layout_key_name(key, name, sizeof name);
	if (strcmp(name, "?") == 0 && key != '?')
		return; /* no name a script can read */
	if (strcmp(name, "#") == 0)
		snprintf(name, sizeof name, "Hash");
	snprintf(r->pending, sizeof r->pending, "%s", name);
	r->pending_t = now;
}

void record_frame(struct record *r)
{
	r->frames++;
}

void record_sync(struct record *r, const struct app *a)
{
	const struct fit *f = a->f;
	if (r->snap_np != f->np) {
		double *s = fp_realloc(r->snap, (f->np ? f->np : 1) * sizeof *s);
		if (!s) {
			r->oom = 1;
			return;
		}
		r->snap = s;
		r->snap_np = f->np;
	}
	memcpy(r->snap, f->theta, f->np * sizeof *r->snap);
	r->snap_sel = a->v.sel;
}

void record_mouse_begin(struct record *r)
{
	r->in_mouse = 1;
	r->key_in_mouse = 0;
}

/* Select coefficient i from the selection sel (Tab moves down, wrapping). */
static void select_coef(struct record *r, size_t sel, size_t i, size_t np)
{
	size_t k = (i + np - sel) % np;
	for (size_t j = 0; j < k; j++)
		rput(r, "Tab\n");
}

void record_mouse_end(struct record *r, const struct app *a)
{
	const struct fit *f = a->f;
	r->in_mouse = 0;
	if (r->key_in_mouse || r->snap_np != f->np || !r->snap) {
		record_sync(r, a); /* a key-bar press: recorded as its key */
		return;
	}
	size_t sel = r->snap_sel;
	int changed = 0;
	for (size_t i = 0; i < f->np; i++) {
		if (memcmp(&f->theta[i], &r->snap[i], sizeof(double)) == 0)
			continue;
		char v[40];
		if (!changed)
			flush_pending(r, fp_now());
		changed = 1;
		rput(r, "# the mouse set coefficient %zu\n", i + 1);
		select_coef(r, sel, i, f->np);
		rput(r, "Enter\ntype %s\nEnter\n", fp_fmt17(v, sizeof v, f->theta[i]));
		sel = i;
	}
	if (sel != a->v.sel) { /* a click on a name, or the selection after a drag */
		if (!changed)
			flush_pending(r, fp_now());
		select_coef(r, sel, a->v.sel, f->np);
	}
	record_sync(r, a);
}

int record_save(struct record *r, const char *path, char *err)
{
	flush_pending(r, 0);
	if (r->oom)
		return fp_err(err, FP_EFAIL, "--record %s: out of memory", path);
	struct outfile o;
	char why[FP_ERRLEN];
	int rc = outfile_begin(&o, path, why);
	FILE *fp = rc == FP_OK ? outfile_fopen(&o, "record.keys", why) : NULL;
	if (fp) {
		fwrite(r->buf, 1, r->n, fp);
		rc = outfile_fclose(&o, fp, why);
		if (rc == FP_OK)
			rc = outfile_commit(&o, "record.keys", OUTFILE_ANY, why);
	} else if (rc == FP_OK) {
		rc = FP_EFAIL;
	}
	outfile_abort(&o);
	if (rc != FP_OK)
		return fp_err(err, FP_EFAIL, "--record %s", why);
	return FP_OK;
}

void record_done(struct record *r)
{
	fp_free(r->buf);
	fp_free(r->snap);
	memset(r, 0, sizeof *r);
}
