/* SPDX-License-Identifier: GPL-3.0-or-later */
/* matmul-step.c: stepping through Z = X W one multiply-add at a time (the matrix
 * view's `.` and `;`), as a position t in the row-major order of the result cells,
 * each cell's inputs in order. */
#include <stdio.h>
#include <string.h>

#include "matmul-step.h"
#include "sheet.h"
#include "util.h"

size_t mm_step_total(const struct mm_step *s)
{
	return s->rows * s->units * s->feats;
}

int mm_step_shape(struct mm_step *s, size_t first, size_t rows, size_t units, size_t feats)
{
	if (s->first == first && s->rows == rows && s->units == units && s->feats == feats)
		return 0;
	s->first = first;
	s->rows = rows;
	s->units = units;
	s->feats = feats;
	s->mode = MM_FULL;
	s->t = 0;
	return 1;
}

enum mm_mode mm_step_next(struct mm_step *s)
{
	size_t total = mm_step_total(s);
	if (s->mode == MM_FULL)
		s->t = 0;
	s->mode = MM_STEP;
	s->t++;
	if (s->t >= total) {
		s->mode = MM_FULL;
		s->t = 0;
	}
	return s->mode;
}

enum mm_mode mm_step_run(struct mm_step *s)
{
	if (s->mode == MM_RUN) {
		s->mode = MM_STEP;
	} else {
		if (s->mode == MM_FULL)
			s->t = 0;
		s->mode = mm_step_total(s) ? MM_RUN : MM_FULL;
	}
	return s->mode;
}

int mm_step_advance(struct mm_step *s, size_t n)
{
	if (s->mode != MM_RUN)
		return 0;
	size_t total = mm_step_total(s);
	s->t = n < total - s->t ? s->t + n : total;
	if (s->t < total)
		return 0;
	s->mode = MM_FULL;
	s->t = 0;
	return 1;
}

int mm_step_pause(struct mm_step *s)
{
	if (s->mode != MM_RUN)
		return 0;
	s->mode = MM_STEP;
	return 1;
}

void mm_step_cell(const struct mm_step *s, size_t *row, size_t *unit, size_t *done)
{
	size_t f = s->feats ? s->feats : 1, u = s->units ? s->units : 1;
	if (s->mode == MM_FULL || s->t == 0) {
		*row = *unit = 0;
		*done = s->mode == MM_FULL ? s->feats : 0;
		return;
	}
	size_t c = (s->t - 1) / f; /* the cell of the last multiply-add done */
	*row = c / u;
	*unit = c % u;
	*done = (s->t - 1) % f + 1;
}

int mm_step_landed(const struct mm_step *s, size_t row, size_t unit)
{
	if (s->mode == MM_FULL)
		return 1;
	size_t c = row * s->units + unit; /* cell index in the stepping order */
	return s->feats && s->t >= (c + 1) * s->feats;
}

/* ---- the cells the matrix view shows, from the sheet core (sheet.h) ---- */

int mm_applies(const struct fit *f)
{
	struct model_sheet sh;
	return sheet_shape(f->model, &f->mcfg, &sh) == FP_OK && sh.nfeat && sh.units;
}

void mm_feat_name(const struct fit *f, size_t j, int utf8, char *buf, size_t len)
{
	if (f->model->sheet_feature_name)
		f->model->sheet_feature_name(&f->mcfg, j, utf8, buf, len);
	else
		snprintf(buf, len, "x%zu", j + 1);
}

void mm_unit_name(const struct fit *f, size_t k, char *buf, size_t len)
{
	struct model_sheet sh;
	if (sheet_shape(f->model, &f->mcfg, &sh) == FP_OK && sh.units == 1 && !sh.clip)
		snprintf(buf, len, "z");
	else
		snprintf(buf, len, "relu%zu", k + 1);
}

/* Room for feats inputs and units units in r. */
static int room(struct mm_row *r, size_t feats, size_t units)
{
	size_t cells = feats * units;
	if (cells > r->cap) {
		double *b = fp_realloc(r->w, 3 * cells * sizeof *b);
		if (!b)
			return FP_EFAIL;
		r->w = b;
		r->cap = cells;
	}
	r->prod = r->w + cells;
	r->run = r->w + 2 * cells;
	if (units > r->capu) {
		double *b = fp_realloc(r->z, 3 * units * sizeof *b);
		if (!b)
			return FP_EFAIL;
		r->z = b;
		r->capu = units;
	}
	r->h = r->z + units;
	r->v = r->z + 2 * units;
	if (feats > r->capf) {
		double *b = fp_realloc(r->x, feats * sizeof *b);
		if (!b)
			return FP_EFAIL;
		r->x = b;
		r->capf = feats;
	}
	return FP_OK;
}

int mm_row_fill(struct mm_row *r, const struct fit *f, size_t i)
{
	struct model_sheet sh;
	if (sheet_shape(f->model, &f->mcfg, &sh) != FP_OK || !sh.nfeat || !sh.units)
		return FP_EINPUT;
	if (room(r, sh.nfeat, sh.units) != FP_OK)
		return FP_EFAIL;
	r->feats = sh.nfeat;
	r->units = sh.units;
	r->clip = sh.clip;
	r->out = sh.v_off >= 0 || sh.c_off >= 0;
	/* the row as the sheet core computes it: X's row, z, h, p, y */
	struct sheet_row row = {.f = r->x, .z = r->z, .h = r->h};
	sheet_row_eval(f->model, &f->mcfg, &sh, f->theta, f->data, i, f->loss, &row);
	sheet_weights(&sh, f->theta, r->w, r->v, &r->c);
	r->p = row.p;
	r->y = row.y;
	/* the multiply-adds one by one, in the order z_k is summed */
	for (size_t k = 0; k < sh.units; k++) {
		double run = 0;
		for (size_t j = 0; j < sh.nfeat; j++) {
			size_t c = j * sh.units + k;
			r->prod[c] = r->x[j] * r->w[c];
			run += r->prod[c];
			r->run[c] = run;
		}
	}
	return FP_OK;
}

void mm_row_free(struct mm_row *r)
{
	fp_free(r->w);
	fp_free(r->z);
	fp_free(r->x);
	memset(r, 0, sizeof *r);
}
