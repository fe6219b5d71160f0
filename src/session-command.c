/* SPDX-License-Identifier: GPL-3.0-or-later */
/* session-command.c: the one-line command that sets a state up from the start
 * (--print-command, the explorer's Y). It walks option_table: each option is either
 * written from the state by its row below or listed as not being state, so that a new
 * option cannot be forgotten (test-session checks every row is known here). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model.h"
#include "preset.h"
#include "session.h"
#include "util.h"

struct cmd_ctx {
	const struct config *cfg;
	const struct data *data;
	const struct fit *f;
	const struct preset *p; /* the preset the state started from */
	const char *show;	/* the view on screen, or NULL */
};

/* A row's value into v: 1 (write --name v), 0 (write --name alone), -1 (nothing). */
typedef int (*cmd_emit)(const struct cmd_ctx *, char *v, size_t len);

/* The shortest decimal that reads back as v bit for bit. */
static char *short_num(char *b, size_t len, double v)
{
	for (int p = 1; p <= 17; p++) {
		snprintf(b, len, "%.*g", p, v);
		if (strtod(b, NULL) == v)
			break;
	}
	return b;
}

static void num_list(char *v, size_t len, const double *x, size_t n)
{
	size_t k = 0;
	v[0] = 0;
	for (size_t i = 0; i < n && k < len; i++) {
		char b[40];
		k += (size_t)snprintf(v + k, len - k, "%s%s", i ? "," : "",
				      short_num(b, sizeof b, x[i]));
	}
}

static int gen_on(const struct cmd_ctx *c)
{
	return !c->cfg->data.path && !c->cfg->data.table_path;
}

static int e_preset(const struct cmd_ctx *c, char *v, size_t len)
{
	if (!c->cfg->data.preset || strcmp(c->cfg->data.preset, "lesson3") == 0)
		return -1;
	snprintf(v, len, "%s", c->cfg->data.preset);
	return 1;
}

static int e_data(const struct cmd_ctx *c, char *v, size_t len)
{
	if (!c->cfg->data.path)
		return -1;
	snprintf(v, len, "%s", c->cfg->data.path);
	return 1;
}

static int e_table(const struct cmd_ctx *c, char *v, size_t len)
{
	if (!c->cfg->data.table_path)
		return -1;
	snprintf(v, len, "%s", c->cfg->data.table_path);
	return 1;
}

static int e_target(const struct cmd_ctx *c, char *v, size_t len)
{
	const struct config_data *d = &c->cfg->data;
	if (d->table_path) {
		if (!d->table_target ||
		    (c->p->table_target && !strcmp(d->table_target, c->p->table_target)))
			return -1;
		snprintf(v, len, "%s", d->table_target);
		return 1;
	}
	if (!gen_on(c) || d->gen.target == c->p->gen.target)
		return -1;
	snprintf(v, len, "%s", data_target_name(d->gen.target));
	return 1;
}

static int e_inputs(const struct cmd_ctx *c, char *v, size_t len)
{
	const struct config_data *d = &c->cfg->data;
	if (!d->table_path || !d->table_inputs ||
	    (c->p->table_inputs && !strcmp(d->table_inputs, c->p->table_inputs)))
		return -1;
	snprintf(v, len, "%s", d->table_inputs);
	return 1;
}

static int e_no_constant(const struct cmd_ctx *c, char *v, size_t len)
{
	return c->cfg->data.table_path && c->cfg->data.table_no_constant ? 0 : -1;
}

static int e_true(const struct cmd_ctx *c, char *v, size_t len)
{
	const struct data_gen_cfg *g = &c->cfg->data.gen;
	if (!gen_on(c) || !memcmp(g->truth, c->p->gen.truth, sizeof g->truth))
		return -1;
	num_list(v, len, g->truth, 3);
	return 1;
}

/* --target puts a target's own points and noise unless given: they are written then. */
static int e_points(const struct cmd_ctx *c, char *v, size_t len)
{
	const struct data_gen_cfg *g = &c->cfg->data.gen;
	if (!gen_on(c) || (g->n == c->p->gen.n && g->target == c->p->gen.target))
		return -1;
	snprintf(v, len, "%zu", g->n);
	return 1;
}

static int e_xrange(const struct cmd_ctx *c, char *v, size_t len)
{
	const struct data_gen_cfg *g = &c->cfg->data.gen;
	if (!gen_on(c) || (g->xlo == c->p->gen.xlo && g->xhi == c->p->gen.xhi &&
			   g->torch_grid == c->p->gen.torch_grid))
		return -1;
	num_list(v, len, &g->xlo, 2);
	return 1;
}

static int e_noise(const struct cmd_ctx *c, char *v, size_t len)
{
	const struct data_gen_cfg *g = &c->cfg->data.gen;
	if (!gen_on(c) ||
	    (g->mult == c->p->gen.mult && g->add == c->p->gen.add && g->target == c->p->gen.target))
		return -1;
	num_list(v, len, &g->mult, 2);
	return 1;
}

static int e_seed(const struct cmd_ctx *c, char *v, size_t len)
{
	const struct data_gen_cfg *g = &c->cfg->data.gen;
	if (g->seed == c->p->gen.seed && g->skip == c->p->gen.skip)
		return -1;
	snprintf(v, len, "%lu", g->seed);
	return 1;
}

/* --valid: the share held back; its rows follow the first --seed, which n (new
 * noise) leaves as it was, so a command after n may hold back other rows. */
static int e_valid(const struct cmd_ctx *c, char *v, size_t len)
{
	if (!(c->cfg->data.valid > 0))
		return -1;
	short_num(v, len, c->cfg->data.valid);
	return 1;
}

static int e_model(const struct cmd_ctx *c, char *v, size_t len)
{
	model_spec(c->f->model, &c->f->mcfg, v, len);
	return strcmp(v, c->p->model) == 0 && !c->cfg->data.table_path ? -1 : 1;
}

static int e_loss(const struct cmd_ctx *c, char *v, size_t len)
{
	if (c->f->loss == c->p->loss)
		return -1;
	snprintf(v, len, "%s", loss_name(c->f->loss));
	return 1;
}

static int e_lr(const struct cmd_ctx *c, char *v, size_t len)
{
	double def = c->p->lr > 0 ? c->p->lr : 0.01;
	if (c->f->lr == def)
		return -1;
	short_num(v, len, c->f->lr);
	return 1;
}

static int e_init(const struct cmd_ctx *c, char *v, size_t len)
{
	num_list(v, len, c->f->theta, c->f->np);
	return 1;
}

static int e_accumulate(const struct cmd_ctx *c, char *v, size_t len)
{
	return c->f->accumulate ? 0 : -1;
}

static int e_optim(const struct cmd_ctx *c, char *v, size_t len)
{
	if (c->f->optim == &optim_gd)
		return -1;
	snprintf(v, len, "%s", c->f->optim->name);
	return 1;
}

static int e_view(const struct cmd_ctx *c, char *v, size_t len)
{
	const struct config_explorer *e = &c->cfg->explorer;
	if (e->view_lo == e->view_hi ||
	    (e->view_lo == c->p->view_lo && e->view_hi == c->p->view_hi))
		return -1;
	num_list(v, len, &e->view_lo, 2);
	return 1;
}

static int e_show(const struct cmd_ctx *c, char *v, size_t len)
{
	if (!c->show || strcmp(c->show, "fit") == 0)
		return -1;
	snprintf(v, len, "%s", c->show);
	return 1;
}

/* Options that are not part of a state: what to do with it, how to show it. */
static const char *const not_state[] = {
    "batch",	   "steps",	    "every",	  "log",     "info",	 "export",
    "solve",	   "lr-sweep",	    "ascii",	  "console", "no-mouse", "range",
    "keys",	   "dump",	    "size",	  "help",    "version",	 "session",
    "save",	   "print-command", "record",	  "lesson",  "chapter",	 "export-deck",
    "deck-format", "play",	    "completion", "json",    NULL,
};

static const struct {
	const char *name;
	cmd_emit emit;
} cmd_rows[] = {
    {"preset", e_preset}, {"data", e_data},
    {"target", e_target}, {"table", e_table},
    {"inputs", e_inputs}, {"no-constant", e_no_constant},
    {"true", e_true},	  {"points", e_points},
    {"xrange", e_xrange}, {"noise", e_noise},
    {"seed", e_seed},	  {"model", e_model},
    {"loss", e_loss},	  {"lr", e_lr},
    {"init", e_init},	  {"accumulate", e_accumulate},
    {"optim", e_optim},	  {"view", e_view},
    {"show", e_show},	  {"valid", e_valid},
    {NULL, NULL},
};

static cmd_emit cmd_find(const char *name)
{
	for (size_t i = 0; cmd_rows[i].name; i++)
		if (strcmp(cmd_rows[i].name, name) == 0)
			return cmd_rows[i].emit;
	return NULL;
}

int session_command_knows(const char *name)
{
	if (cmd_find(name))
		return 1;
	for (size_t i = 0; not_state[i]; i++)
		if (strcmp(not_state[i], name) == 0)
			return 1;
	return 0;
}

size_t session_shell_quote(const char *s, char *buf, size_t len)
{
	static const char safe[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
				   "0123456789_./:,=+-@%^";
	size_t n = 0;
	int bare = s[0] && strspn(s, safe) == strlen(s);
#define PUTC(ch)                                                                                   \
	do {                                                                                       \
		if (n + 1 < len)                                                                   \
			buf[n] = (ch);                                                             \
		n++;                                                                               \
	} while (0)
	if (!bare)
		PUTC('\'');
	for (const char *p = s; *p; p++) {
		if (*p == '\'') {
			PUTC('\'');
			PUTC('\\');
			PUTC('\'');
			PUTC('\'');
		} else
			PUTC(*p);
	}
	if (!bare)
		PUTC('\'');
#undef PUTC
	if (len)
		buf[n < len ? n : len - 1] = 0;
	return n;
}

size_t session_command(const struct config *cfg, const struct data *data, const struct fit *f,
		       const char *show, const char *argv0, char *buf, size_t len)
{
	struct cmd_ctx c = {cfg, data, f, preset_find(cfg->data.preset), show};
	if (!c.p)
		c.p = &presets[0];
	size_t n = session_shell_quote(argv0 ? argv0 : "fitplay", buf, len);
	size_t vlen = 65536;
	char *v = fp_malloc(vlen), *q = fp_malloc(2 * vlen + 8);
	if (!v || !q) {
		fp_free(v);
		fp_free(q);
		return n;
	}
	for (const struct option_entry *o = option_table; o->name || o->help; o++) {
		cmd_emit e = o->name ? cmd_find(o->name) : NULL;
		int k = e ? e(&c, v, vlen) : -1;
		if (k < 0)
			continue;
		n += (size_t)snprintf(buf + (n < len ? n : len), n < len ? len - n : 0, " --%s",
				      o->name);
		if (k == 1) {
			session_shell_quote(v, q, 2 * vlen + 8);
			n += (size_t)snprintf(buf + (n < len ? n : len), n < len ? len - n : 0,
					      " %s", q);
		}
	}
	fp_free(v);
	fp_free(q);
	return n;
}
