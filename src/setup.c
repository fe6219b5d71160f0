/* SPDX-License-Identifier: GPL-3.0-or-later */
/* setup.c: the data and the session a configuration describes. */
#include <stdio.h>
#include <string.h>

#include "preset.h"
#include "setup.h"
#include "table.h"
#include "util.h"

static int setup_load(const struct config *cfg, struct data *out, char *err)
{
	const struct config_data *d = &cfg->data;
	if (d->table_path) {
		struct table_cfg tc;
		table_cfg_default(&tc);
		tc.target = d->table_target;
		tc.inputs = d->table_inputs;
		tc.constant = !d->table_no_constant;
		return data_table_load(d->table_path, &tc, out, err);
	}
	if (d->path)
		return data_csv_load(d->path, out, err);
	return data_gen(&d->gen, out, err);
}

int setup_valid(const struct config *cfg, struct data *data, char *err)
{
	char v[32], why[FP_ERRLEN];
	if (!(cfg->data.valid > 0) || data->valid)
		return FP_OK;
	int rc = data_split(data, cfg->data.valid, cfg->data.valid_seed, why);
	if (rc != FP_OK)
		return fp_err(err, rc, "--valid %s: %s", fp_fmt(v, sizeof v, cfg->data.valid, 6),
			      why);
	return FP_OK;
}

int setup_data(const struct config *cfg, struct data *out, char *err)
{
	int rc = setup_load(cfg, out, err);
	if (rc == FP_OK && (rc = setup_valid(cfg, out, err)) != FP_OK)
		data_free(out);
	return rc;
}

int setup_fit(const struct config *cfg, const struct data *data, struct fit *f, char *err)
{
	const struct config_model *m = &cfg->model;
	const struct model_type *t;
	struct model_cfg mc = {0};
	int rc = model_parse(m->spec, &t, &mc, err);
	if (rc)
		return rc;
	mc.xlo = data->xlo;
	mc.xhi = data->xhi;
	mc.seed = cfg->data.gen.seed;
	mc.d = data->d;
	mc.names = data->names;
	size_t np = t->nparams(&mc);
	const double *init = NULL;
	if (m->ninit) {
		if (m->ninit != np) {
			char names[256] = "", pn[MODEL_NAME_LEN];
			for (size_t i = 0; i < np && i < 16; i++) {
				t->param_name(&mc, i, pn, sizeof pn);
				strncat(names, i ? "," : "", sizeof names - strlen(names) - 1);
				strncat(names, pn, sizeof names - strlen(names) - 1);
			}
			return fp_err(err, FP_EINPUT,
				      "--init has %zu value%s, model %s has %zu "
				      "coefficient%s (%s%s)",
				      m->ninit, m->ninit == 1 ? "" : "s", m->spec, np,
				      np == 1 ? "" : "s", names, np > 16 ? ",..." : "");
		}
		init = m->init;
	} else {
		const struct preset *p = preset_find(cfg->data.preset);
		if (p && p->ninit == np && strcmp(p->model, m->spec) == 0)
			init = p->init;
	}
	rc = fit_init(f, data, t, &mc, m->loss, optim_find(cfg->descent.optim), cfg->descent.lr,
		      init, err);
	if (rc)
		return rc;
	f->accumulate = cfg->descent.accumulate;
	return FP_OK;
}
