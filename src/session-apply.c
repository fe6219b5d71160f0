/* SPDX-License-Identifier: GPL-3.0-or-later */
/* session-apply.c: a session read back into a configuration (the data's source and
 * recipe, the model, descent settings), the data (its file checked against the saved
 * checksum, embedded points put back) and the fit (coefficients, optimizer state,
 * step count, history, trace), so that the run continues bit for bit. */
#include <math.h>
#include <string.h>

#include "model.h"
#include "session.h"
#include "util.h"
#include "view.h"

int session_apply_config(const struct session *s, struct config *cfg, char *err)
{
	struct config_data *d = &cfg->data;
	const char *sp = s->path ? s->path : "session";
	d->preset = s->preset ? s->preset : "lesson3";
	d->gen = s->gen;
	d->path = d->table_path = NULL;
	d->table_target = d->table_inputs = NULL;
	d->table_no_constant = 0;
	d->valid = s->valid;
	d->valid_seed = s->valid_seed;
	if (s->source == SESSION_FILE)
		d->path = s->data_path;
	if (s->source == SESSION_TABLE) {
		d->table_path = s->data_path;
		d->table_target = s->table_target;
		d->table_inputs = s->table_inputs;
		d->table_no_constant = s->table_no_constant;
	}
	if (s->data_path) {
		uint64_t sum, size;
		char why[FP_ERRLEN];
		if (session_checksum(s->data_path, &sum, &size, why) != FP_OK)
			return fp_err(err, FP_EINPUT, "%s:%u: data.file: %s", sp, s->line.data,
				      why);
		if (sum != s->checksum || size != s->size)
			return fp_err(err, FP_EINPUT,
				      "%s:%u: data.file: %s changed since the session was saved "
				      "(%llu bytes, checksum %016llx; saved: %llu bytes, %016llx)",
				      sp, s->line.data, s->data_path, (unsigned long long)size,
				      (unsigned long long)sum, (unsigned long long)s->size,
				      (unsigned long long)s->checksum);
	}
	snprintf(cfg->model.spec, sizeof cfg->model.spec, "%s", s->model);
	cfg->model.loss = s->loss;
	cfg->descent.lr = s->lr;
	cfg->descent.accumulate = s->accumulate;
	cfg->descent.optim = s->optim;
	/* the start comes with session_apply_fit, which names the session's line when
	 * the count is wrong */
	fp_free(cfg->model.init);
	cfg->model.init = NULL;
	cfg->model.ninit = 0;
	if (s->source != SESSION_GEN) /* a file's own x range, as options_finish says */
		cfg->explorer.view_lo = cfg->explorer.view_hi = 0;
	if (s->has_view) {
		cfg->explorer.view_lo = s->view_x[0];
		cfg->explorer.view_hi = s->view_x[1];
		if (view_find(s->view))
			cfg->explorer.show = s->view;
	}
	return FP_OK;
}

int session_apply_data(const struct session *s, struct data *d, char *err)
{
	if (!s->npoints)
		return FP_OK;
	const char *sp = s->path ? s->path : "session";
	if (d->d != 1)
		return fp_err(err, FP_EINPUT, "%s:%u: point: a table's rows are not points", sp,
			      s->line.points);
	double *x = fp_malloc(s->npoints * sizeof *x), *y = fp_malloc(s->npoints * sizeof *y);
	if (!x || !y) {
		fp_free(x);
		fp_free(y);
		return fp_err(err, FP_EFAIL, "out of memory");
	}
	for (size_t i = 0; i < s->npoints; i++) {
		x[i] = s->points[2 * i];
		y[i] = s->points[2 * i + 1];
	}
	fp_free(d->x);
	fp_free(d->y);
	fp_free(d->xt);
	d->xt = NULL;
	d->x = x;
	d->y = y;
	d->n = s->npoints;
	if (s->data_xlo < s->data_xhi) {
		d->xlo = s->data_xlo;
		d->xhi = s->data_xhi;
	}
	return FP_OK;
}

static int count_bad(const struct session *s, char *err, unsigned line, const char *key, size_t n,
		     size_t want, const char *what)
{
	return fp_err(err, FP_EINPUT, "%s:%u: %s has %zu values, %s needs %zu",
		      s->path ? s->path : "session", line, key, n, what, want);
}

/* The history and the trace. */
static void apply_hist(const struct session *s, struct fit *f)
{
	if (!s->n_hist) {
		f->hist_first = f->step;
		f->hist[f->step % FIT_HIST_MAX] = f->loss_value;
	} else {
		f->hist_first = s->hist_first;
		for (size_t i = 0; i < s->n_hist; i++)
			f->hist[(s->hist_first + i) % FIT_HIST_MAX] = s->hist[i];
		if (f->step - f->hist_first >= FIT_HIST_MAX)
			f->hist_first = f->step - FIT_HIST_MAX + 1;
	}
	size_t n = s->trace_n, np = f->np;
	size_t skip = n > f->trace_cap ? n - f->trace_cap : 0;
	f->trace_n = n - skip;
	f->trace_stride = s->trace_stride ? s->trace_stride : 1;
	for (size_t i = 0; i < f->trace_n; i++) {
		f->trace_step[i] = s->trace_step[skip + i];
		f->trace_loss[i] = s->trace_loss[skip + i];
		memcpy(f->trace_theta + i * np, s->trace_theta + (skip + i) * np,
		       np * sizeof *f->trace_theta);
	}
}

int session_apply_fit(const struct session *s, struct fit *f, char *err)
{
	char spec[64], a[40], b[40];
	model_spec(f->model, &f->mcfg, spec, sizeof spec);
	size_t np = f->np, sl = f->optim->state_len(np);
	if (s->n_theta != np)
		return count_bad(s, err, s->line.theta, "theta", s->n_theta, np, spec);
	if (s->n_acc && s->n_acc != np)
		return count_bad(s, err, s->line.acc, "acc", s->n_acc, np, spec);
	if (s->n_ostate && s->n_ostate != sl)
		return count_bad(s, err, s->line.ostate, "optim.state", s->n_ostate, sl,
				 f->optim->name);
	double *g = f->work + np;
	/* the start, and the flat floor it sets (fit_init's rule: from the gradient there) */
	double l0 = model_loss_grad(f->model, &f->mcfg, s->theta0, f->data, f->loss, g);
	if (!isfinite(l0) || !fp_all_finite(g, np))
		return fp_err(err, FP_EINPUT, "%s:%u: theta0: the loss overflows there",
			      s->path ? s->path : "session", s->line.theta0);
	double m = 0;
	for (size_t i = 0; i < np; i++)
		m = fmax(m, fabs(g[i]));
	f->grad_floor = FIT_FLAT_REL * m;
	memcpy(f->theta0, s->theta0, np * sizeof *f->theta0);
	double l = model_loss_grad(f->model, &f->mcfg, s->theta, f->data, f->loss, g);
	if (memcmp(&l, &s->loss_value, sizeof l) != 0)
		return fp_err(err, FP_EINPUT,
			      "%s:%u: loss_value: the loss at theta is %s here, the session says "
			      "%s: the data or the model is not the one saved",
			      s->path ? s->path : "session", s->line.loss, fp_fmt17(a, sizeof a, l),
			      fp_fmt17(b, sizeof b, s->loss_value));
	memcpy(f->theta, s->theta, np * sizeof *f->theta);
	memcpy(f->grad, g, np * sizeof *f->grad);
	f->loss_value = l;
	if (s->n_acc)
		memcpy(f->acc, s->acc, np * sizeof *f->acc);
	if (s->n_ostate)
		memcpy(f->ostate, s->ostate, sl * sizeof *f->ostate);
	f->step = s->step;
	f->trend = (enum fit_trend)s->trend;
	f->rising = s->rising;
	f->last_rel_drop = s->last_rel_drop;
	f->diverged_step = s->diverged_step;
	snprintf(f->diverged_what, sizeof f->diverged_what, "%s", s->diverged_what);
	apply_hist(s, f);
	return FP_OK;
}
