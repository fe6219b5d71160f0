/* SPDX-License-Identifier: GPL-3.0-or-later */
/* sheet.c: the generic part of a model as matrices (sheet.h): where W, v and c sit in
 * theta, and one row of the sheet computed completely, from every model's `sheet` ops. */
#include <string.h>

#include "sheet.h"
#include "table.h"
#include "util.h"

int sheet_shape(const struct model_type *t, const struct model_cfg *cfg, struct model_sheet *s)
{
	memset(s, 0, sizeof *s);
	s->v_off = s->c_off = -1;
	if (!t->sheet || !t->sheet_features)
		return FP_EINPUT;
	t->sheet(cfg, s);
	return FP_OK;
}

size_t sheet_w_index(const struct model_sheet *s, size_t j, size_t k)
{
	return j * s->w_js + k * s->w_ks;
}

long sheet_v_index(const struct model_sheet *s, size_t k)
{
	return s->v_off < 0 ? -1 : s->v_off + (long)(k * s->v_ks);
}

long sheet_c_index(const struct model_sheet *s)
{
	return s->c_off;
}

enum sheet_part sheet_param_cell(const struct model_sheet *s, size_t i, size_t *j, size_t *k)
{
	if (s->c_off >= 0 && (size_t)s->c_off == i)
		return SHEET_C;
	for (size_t u = 0; u < s->units; u++) {
		long vi = sheet_v_index(s, u);
		if (vi >= 0 && (size_t)vi == i) {
			if (k)
				*k = u;
			return SHEET_V;
		}
		for (size_t f = 0; f < s->nfeat; f++)
			if (sheet_w_index(s, f, u) == i) {
				if (j)
					*j = f;
				if (k)
					*k = u;
				return SHEET_W;
			}
	}
	return SHEET_NONE;
}

void sheet_weights(const struct model_sheet *s, const double *theta, double *W, double *v,
		   double *c)
{
	for (size_t k = 0; k < s->units; k++) {
		for (size_t j = 0; W && j < s->nfeat; j++)
			W[j * s->units + k] = theta[sheet_w_index(s, j, k)];
		if (v) {
			long vi = sheet_v_index(s, k);
			v[k] = vi < 0 ? 1.0 : theta[vi];
		}
	}
	if (c)
		*c = s->c_off < 0 ? 0.0 : theta[s->c_off];
}

/* p = c + sum_k v_k h_k, h_k = max(0, z_k) or z_k, z_k = sum_j f_j W[j][k] */
void sheet_row_eval(const struct model_type *t, const struct model_cfg *cfg,
		    const struct model_sheet *s, const double *theta, const struct data *data,
		    size_t i, enum loss_kind loss, struct sheet_row *r)
{
	t->sheet_features(cfg, data->x + i * data->d, r->f);
	double p = s->c_off < 0 ? 0.0 : theta[s->c_off];
	for (size_t k = 0; k < s->units; k++) {
		double z = 0;
		for (size_t j = 0; j < s->nfeat; j++)
			z += r->f[j] * theta[sheet_w_index(s, j, k)];
		double h = s->clip ? (z > 0 ? z : 0.0) : z;
		long vi = sheet_v_index(s, k);
		r->z[k] = z;
		r->h[k] = h;
		p += vi < 0 ? h : theta[vi] * h;
	}
	r->p = p;
	r->y = data->y[i];
	r->loss = loss_point(loss, p - r->y);
}

double sheet_loss_sum(const struct model_type *t, const struct model_cfg *cfg,
		      const struct model_sheet *s, const double *theta, const struct data *data,
		      size_t lo, size_t hi, enum loss_kind loss, size_t *right, double *work)
{
	struct sheet_row r = {.f = work, .z = work + s->nfeat, .h = work + s->nfeat + s->units};
	double sum = 0;
	size_t ok = 0;
	for (size_t i = lo; i < hi && i < data->n; i++) {
		sheet_row_eval(t, cfg, s, theta, data, i, loss, &r);
		sum += r.loss;
		ok += table_side(r.p) == table_side(r.y);
	}
	if (right)
		*right += ok;
	return sum;
}
