/* SPDX-License-Identifier: GPL-3.0-or-later */
/* options.c: the option table (one row per option: getopt_long's entry, the handler
 * that writes the config, the --help line) and the parser that loops over it.
 * Defaults, then --preset, then the other options in order; messages name the
 * option and the value. */
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "completion.h"
#include "model.h"
#include "optim.h"
#include "export.h"
#include "options.h"
#include "preset.h"
#include "table.h"
#include "util.h"
#include "view.h"

/* The parse under way: what the handlers write and what they remember. */
struct option_ctx {
	struct config *cfg;
	const char *name; /* the option being handled (for messages) */
	char *err;
	enum config_action action;
	const char *prev_data;	   /* the data file named so far (--data, --table, FILE) */
	const char *target_arg;	   /* --target: a function, or a table's column */
	int model_set;		   /* 1: --model given */
	int points_set, noise_set; /* 1: --points, --noise given (else a target's own) */
};

/* getopt_long's val for row i: its short option, or 256 and up. */
#define OPTION_VAL_BASE 256
#define OPTION_MAX	64

static int option_bad(struct option_ctx *x, const char *val, const char *want)
{
	return fp_err(x->err, FP_EINPUT, "--%s '%s': %s", x->name, val, want);
}

static int option_pair(struct option_ctx *x, const char *val, double *a, double *b)
{
	double v[2];
	if (fp_parse_list(val, v, 2) != 2)
		return option_bad(x, val, "expected two numbers LO,HI");
	*a = v[0];
	*b = v[1];
	return FP_OK;
}

static int option_data_file(struct option_ctx *x, const char *path)
{
	if (x->prev_data)
		return fp_err(x->err, FP_EINPUT, "two data files given: '%s' and '%s'",
			      x->prev_data, path);
	x->prev_data = path;
	return FP_OK;
}

static void options_defaults(struct config *cfg, const struct preset *p);

/* The handlers, one per option, in the table's order. */

static int option_preset(struct option_ctx *x, const char *arg)
{
	return FP_OK; /* applied before the others (options_parse) */
}

static int option_data(struct option_ctx *x, const char *arg)
{
	if (option_data_file(x, arg))
		return FP_EINPUT;
	x->cfg->data.path = arg;
	return FP_OK;
}

static int option_target(struct option_ctx *x, const char *arg)
{
	x->target_arg = arg; /* a function, or a table's column: resolved at the end */
	return FP_OK;
}

static int option_table_file(struct option_ctx *x, const char *arg)
{
	if (option_data_file(x, arg))
		return FP_EINPUT;
	x->cfg->data.table_path = arg;
	return FP_OK;
}

static int option_inputs(struct option_ctx *x, const char *arg)
{
	int rc = table_spec_check(arg, x->err);
	if (rc)
		return rc;
	x->cfg->data.table_inputs = arg;
	return FP_OK;
}

static int option_no_constant(struct option_ctx *x, const char *arg)
{
	x->cfg->data.table_no_constant = 1;
	return FP_OK;
}

static int option_true(struct option_ctx *x, const char *arg)
{
	double v[3];
	if (fp_parse_list(arg, v, 3) != 3)
		return option_bad(x, arg, "expected three numbers A,B,C");
	memcpy(x->cfg->data.gen.truth, v, sizeof x->cfg->data.gen.truth);
	return FP_OK;
}

static int option_points(struct option_ctx *x, const char *arg)
{
	size_t z;
	if (fp_parse_size(arg, 100000000, &z) != 0 || z < 1)
		return option_bad(x, arg, "expected a whole number 1 to 100000000");
	x->cfg->data.gen.n = z;
	x->points_set = 1;
	return FP_OK;
}

static int option_xrange(struct option_ctx *x, const char *arg)
{
	struct data_gen_cfg *g = &x->cfg->data.gen;
	if (option_pair(x, arg, &g->xlo, &g->xhi))
		return FP_EINPUT;
	if (!(g->xlo < g->xhi))
		return option_bad(x, arg, "LO must be below HI");
	g->torch_grid = 0;
	x->cfg->explorer.view_lo = x->cfg->explorer.view_hi = 0;
	return FP_OK;
}

static int option_noise(struct option_ctx *x, const char *arg)
{
	struct data_gen_cfg *g = &x->cfg->data.gen;
	if (option_pair(x, arg, &g->mult, &g->add))
		return FP_EINPUT;
	if (g->mult < 0 || g->add < 0)
		return option_bad(x, arg, "noise must be >= 0");
	x->noise_set = 1;
	return FP_OK;
}

static int option_seed(struct option_ctx *x, const char *arg)
{
	size_t z;
	if (fp_parse_size(arg, 4294967295UL, &z) != 0)
		return option_bad(x, arg, "expected a whole number 0 to 4294967295");
	x->cfg->data.gen.seed = (unsigned long)z;
	x->cfg->data.gen.skip = 0;
	return FP_OK;
}

static int option_valid(struct option_ctx *x, const char *arg)
{
	double v;
	if (fp_parse_double(arg, &v) != 0 || !(v > 0 && v < 1))
		return option_bad(
		    x, arg, "expected a fraction between 0 and 1 (0.25 holds back a quarter)");
	x->cfg->data.valid = v;
	return FP_OK;
}

static int option_model(struct option_ctx *x, const char *arg)
{
	const struct model_type *t;
	struct model_cfg mc = {0};
	int rc = model_parse(arg, &t, &mc, x->err);
	if (rc)
		return rc;
	if (strlen(arg) >= sizeof x->cfg->model.spec)
		return option_bad(x, arg, "too long");
	snprintf(x->cfg->model.spec, sizeof x->cfg->model.spec, "%s", arg);
	x->model_set = 1;
	return FP_OK;
}

static int option_loss(struct option_ctx *x, const char *arg)
{
	if (loss_find(arg, &x->cfg->model.loss) != 0)
		return option_bad(x, arg, "expected mse or mae");
	return FP_OK;
}

static int option_lr(struct option_ctx *x, const char *arg)
{
	if (fp_parse_double(arg, &x->cfg->descent.lr) != 0 || !(x->cfg->descent.lr > 0))
		return option_bad(x, arg, "expected a finite number > 0");
	return FP_OK;
}

static int option_init(struct option_ctx *x, const char *arg)
{
	double *buf = fp_malloc(MODEL_MAX_PARAMS * sizeof *buf);
	if (!buf)
		return fp_err(x->err, FP_EFAIL, "out of memory");
	int k = fp_parse_list(arg, buf, MODEL_MAX_PARAMS);
	if (k < 1) {
		fp_free(buf);
		return option_bad(x, arg, "expected finite numbers separated by commas");
	}
	fp_free(x->cfg->model.init);
	x->cfg->model.init = buf;
	x->cfg->model.ninit = (size_t)k;
	return FP_OK;
}

static int option_accumulate(struct option_ctx *x, const char *arg)
{
	x->cfg->descent.accumulate = 1;
	return FP_OK;
}

static int option_optim(struct option_ctx *x, const char *arg)
{
	if (!optim_find(arg)) {
		char want[128], names[96];
		snprintf(want, sizeof want, "expected one of %s", optim_names(names, sizeof names));
		return option_bad(x, arg, want);
	}
	x->cfg->descent.optim = arg;
	return FP_OK;
}

static int option_batch(struct option_ctx *x, const char *arg)
{
	x->cfg->output.batch = 1;
	return FP_OK;
}

static int option_steps(struct option_ctx *x, const char *arg)
{
	if (fp_parse_size(arg, (size_t)1 << 50, &x->cfg->output.steps) != 0)
		return option_bad(x, arg, "expected a whole number >= 0");
	return FP_OK;
}

static int option_every(struct option_ctx *x, const char *arg)
{
	if (fp_parse_size(arg, (size_t)1 << 50, &x->cfg->output.every) != 0 ||
	    !x->cfg->output.every)
		return option_bad(x, arg, "expected a whole number >= 1");
	return FP_OK;
}

static int option_log(struct option_ctx *x, const char *arg)
{
	if (strcmp(arg, "table") == 0)
		x->cfg->output.log = CONFIG_LOG_TABLE;
	else if (strcmp(arg, "notebook") == 0)
		x->cfg->output.log = CONFIG_LOG_NOTEBOOK;
	else
		return option_bad(x, arg, "expected table or notebook");
	return FP_OK;
}

static int option_info(struct option_ctx *x, const char *arg)
{
	x->cfg->output.info = 1;
	return FP_OK;
}

static int option_export(struct option_ctx *x, const char *arg)
{
	x->cfg->output.export_path = arg;
	return FP_OK;
}

static int option_solve(struct option_ctx *x, const char *arg)
{
	x->cfg->output.solve = 1;
	x->cfg->output.batch = 1;
	return FP_OK;
}

static int option_lr_sweep(struct option_ctx *x, const char *arg)
{
	double sw[3];
	if (fp_parse_list(arg, sw, 3) != 3 || !(sw[0] > 0) || !(sw[1] >= sw[0]) || sw[2] < 1 ||
	    sw[2] > 1000 || sw[2] != (double)(long)sw[2])
		return option_bad(x, arg, "expected LO,HI,N with 0 < LO <= HI and N 1 to 1000");
	x->cfg->output.sweep_lo = sw[0];
	x->cfg->output.sweep_hi = sw[1];
	x->cfg->output.sweep_n = (size_t)sw[2];
	x->cfg->output.batch = 1;
	return FP_OK;
}

static int option_save(struct option_ctx *x, const char *arg)
{
	x->cfg->output.save_path = arg;
	return FP_OK;
}

static int option_print_command(struct option_ctx *x, const char *arg)
{
	x->cfg->output.print_command = 1;
	return FP_OK;
}

static int option_json(struct option_ctx *x, const char *arg)
{
	x->cfg->output.json = 1;
	x->cfg->output.batch = 1;
	return FP_OK;
}

static int option_session(struct option_ctx *x, const char *arg)
{
	if (x->cfg->explorer.session_path)
		return fp_err(x->err, FP_EINPUT, "two sessions given: '%s' and '%s'",
			      x->cfg->explorer.session_path, arg);
	x->cfg->explorer.session_path = arg;
	return FP_OK;
}

static int option_record(struct option_ctx *x, const char *arg)
{
	x->cfg->explorer.record_path = arg;
	return FP_OK;
}

static int option_console(struct option_ctx *x, const char *arg)
{
	x->cfg->explorer.console = 1;
	return FP_OK;
}

static int option_ascii(struct option_ctx *x, const char *arg)
{
	x->cfg->explorer.ascii = 1;
	return FP_OK;
}

static int option_no_mouse(struct option_ctx *x, const char *arg)
{
	x->cfg->explorer.no_mouse = 1;
	return FP_OK;
}

static int option_range(struct option_ctx *x, const char *arg)
{
	struct config_explorer *e = &x->cfg->explorer;
	if (e->nranges == CONFIG_MAX_RANGES)
		return option_bad(x, arg, "too many --range options");
	const char *eq = strchr(arg, '=');
	double rv[2];
	if (fp_parse_list(eq ? eq + 1 : arg, rv, 2) != 2 || !(rv[0] < rv[1]))
		return option_bad(x, arg, "expected [NAME=]LO,HI with LO below HI");
	if (!isfinite(rv[1] - rv[0]))
		return option_bad(x, arg,
				  "HI - LO overflows a double: the slider needs a "
				  "range below 1.7e308 wide");
	e->ranges[e->nranges++] = arg;
	return FP_OK;
}

static int option_view(struct option_ctx *x, const char *arg)
{
	struct config_explorer *e = &x->cfg->explorer;
	if (option_pair(x, arg, &e->view_lo, &e->view_hi))
		return FP_EINPUT;
	if (!(e->view_lo < e->view_hi))
		return option_bad(x, arg, "LO must be below HI");
	return FP_OK;
}

static int option_show(struct option_ctx *x, const char *arg)
{
	if (!view_find(arg)) {
		char views[256], want[300];
		snprintf(want, sizeof want, "no such view (views: %s)",
			 view_names(views, sizeof views));
		return option_bad(x, arg, want);
	}
	x->cfg->explorer.show = arg;
	return FP_OK;
}

static int option_keys(struct option_ctx *x, const char *arg)
{
	x->cfg->explorer.keys_path = arg;
	return FP_OK;
}

static int option_dump(struct option_ctx *x, const char *arg)
{
	x->cfg->explorer.dump_path = arg;
	return FP_OK;
}

static int option_size(struct option_ctx *x, const char *arg)
{
	size_t sw, sh;
	const char *xp = strchr(arg, 'x');
	char wbuf[16];
	if (!xp || (size_t)(xp - arg) >= sizeof wbuf)
		return option_bad(x, arg, "expected WxH, e.g. 100x30");
	memcpy(wbuf, arg, (size_t)(xp - arg));
	wbuf[xp - arg] = 0;
	if (fp_parse_size(wbuf, 1000, &sw) != 0 || fp_parse_size(xp + 1, 1000, &sh) != 0 ||
	    sw < 1 || sh < 1)
		return option_bad(x, arg, "expected WxH from 1x1 to 1000x1000");
	x->cfg->explorer.w = (int)sw;
	x->cfg->explorer.h = (int)sh;
	return FP_OK;
}

static int option_lesson(struct option_ctx *x, const char *arg)
{
	x->cfg->lesson.on = 1;
	if (arg && !*arg)
		return option_bad(x, arg, "expected a lesson's name or file");
	if (arg)
		x->cfg->lesson.name = arg;
	return FP_OK;
}

static int option_chapter(struct option_ctx *x, const char *arg)
{
	if (fp_parse_size(arg, 10000, &x->cfg->lesson.chapter) != 0 || !x->cfg->lesson.chapter)
		return option_bad(x, arg, "expected a chapter number from 1");
	return FP_OK;
}

static int option_export_deck(struct option_ctx *x, const char *arg)
{
	if (!*arg)
		return option_bad(x, arg, "expected a directory");
	x->cfg->lesson.deck_dir = arg;
	return FP_OK;
}

static int option_deck_format(struct option_ctx *x, const char *arg)
{
	if (strcmp(arg, "png") != 0 && strcmp(arg, "svg") != 0 && strcmp(arg, "pdf") != 0)
		return option_bad(x, arg, "expected png, svg or pdf");
	x->cfg->lesson.deck_format = arg;
	return FP_OK;
}

static int option_play(struct option_ctx *x, const char *arg)
{
	x->cfg->lesson.play = 1;
	return FP_OK;
}

static int option_help(struct option_ctx *x, const char *arg)
{
	x->action = CONFIG_HELP;
	return FP_OK;
}

static int option_version(struct option_ctx *x, const char *arg)
{
	x->action = CONFIG_VERSION;
	return FP_OK;
}

static int option_completion(struct option_ctx *x, const char *arg)
{
	if (!completion_script(arg, NULL, 0))
		return option_bad(x, arg, "expected bash or zsh");
	x->cfg->output.completion = arg;
	x->action = CONFIG_COMPLETION;
	return FP_OK;
}

/* The registries' names for the help lines. */

static size_t option_list_presets(char *buf, size_t size)
{
	size_t n = 0;
	buf[0] = 0;
	for (size_t i = 0; presets[i].name; i++)
		n += (size_t)snprintf(buf + (n < size ? n : size - 1), n < size ? size - n : 1,
				      "%s%s%s", i ? ", " : "", presets[i].name,
				      i ? "" : " (default)");
	return n;
}

static size_t option_list_models(char *buf, size_t size)
{
	size_t n = 0;
	buf[0] = 0;
	for (size_t i = 0; model_types[i]; i++)
		n += (size_t)snprintf(buf + (n < size ? n : size - 1), n < size ? size - n : 1,
				      "%s%s%s", i ? ", " : "", model_types[i]->name,
				      model_types[i]->takes_k ? ":K" : "");
	return n;
}

static size_t option_list_exports(char *buf, size_t size)
{
	export_formats_text(buf, size);
	return strlen(buf);
}

static size_t option_list_optims(char *buf, size_t size)
{
	char names[256];
	return (size_t)snprintf(buf, size, "%s (%s)", optim_names(names, sizeof names),
				optim_gd.name);
}

static size_t option_list_views(char *buf, size_t size)
{
	view_names(buf, size);
	return strlen(buf);
}

#define D OPTION_PART_DATA
#define M OPTION_PART_MODEL
#define S OPTION_PART_DESCENT
#define O OPTION_PART_OUTPUT
#define E OPTION_PART_EXPLORER
#define V OPTION_ARG_VALUE
#define N OPTION_ARG_NONE
const struct option_entry option_table[] = {
    {"preset", 0, V, "NAME", "%s", option_list_presets, option_preset, D},
    {"data", 0, V, "FILE", "read x,y points from a CSV file ('-' = stdin)", NULL, option_data, D},
    {"target", 0, V, "NAME",
     "generated function: quad, sine, abs, step (quad);\n"
     "with a table, the target column (Survived, else the last)",
     NULL, option_target, D},
    {"table", 0, V, "FILE", "a CSV table with a header (Kaggle's train.csv): many inputs", NULL,
     option_table_file, D},
    {"inputs", 0, V, "SPECS",
     "table inputs, comma-separated, in order (default: every\n"
     "other column but identifiers, PassengerId-like names\n"
     "counting 1..n, and text with over 64 values; stderr\n"
     "says what is left out):\n"
     "NAME (numbers as they are, text as dummies), NAME:raw\n"
     "(numbers only: text in it is an error), NAME:max\n"
     "(divided by the maximum), NAME:log (log10(x + 1)),\n"
     "NAME:dummies (a 0/1 column per level but the first: n\n"
     "levels need n-1, the constant stands for the first),\n"
     "NAME=LEVEL (one 0/1 column); rows with a blank dropped",
     NULL, option_inputs, D},
    {"no-constant", 0, N, NULL, "no constant input column (\"Ones\", added by default)", NULL,
     option_no_constant, D},
    {NULL, 0, N, "--preset titanic FILE",
     "the sheets' 10 inputs (SibSp, Parch, Age:max, Fare:log,\n"
     "Pclass=1, Pclass=2, Embarked=S, Embarked=C, Sex=male, Ones)\n"
     "of Kaggle's Titanic train.csv, model linear, MSE, lr 0.1\n"
     "table models: linear (inputs . coefficients), nnet:K (K\n"
     "ReLUs of the inputs, added); start RAND()-0.5 from --seed",
     NULL, NULL, D},
    {"true", 0, V, "A,B,C", "coefficients of the true quadratic (3,2,1)", NULL, option_true, D},
    {"points", 0, V, "N", "number of generated points (20)", NULL, option_points, D},
    {"xrange", 0, V, "LO,HI", "x range of generated points (-2,2)", NULL, option_xrange, D},
    {"noise", 0, V, "MULT,ADD", "multiplicative and additive noise (0.3,1.5)", NULL, option_noise,
     D},
    {"seed", 0, V, "N", "random seed (42)", NULL, option_seed, D},
    {"valid", 0, V, "FRACTION",
     "hold back that share of the points or rows, picked by\n"
     "--seed, as a validation set: descent, the solver and\n"
     "the closed forms see only the rest; both losses shown",
     NULL, option_valid, D},
    {"model", 0, V, "SPEC", "model: %s (quad)", option_list_models, option_model, M},
    {"loss", 0, V, "mse|mae", "loss function (mse)", NULL, option_loss, M},
    {"lr", 0, V, "X", "learning rate (0.01)", NULL, option_lr, S},
    {"init", 0, V, "V1,V2,...", "starting coefficients", NULL, option_init, M},
    {"accumulate", 0, N, NULL, "the notebook's rule: gradients are never zeroed", NULL,
     option_accumulate, S},
    {"optim", 0, V, "NAME", "%s", option_list_optims, option_optim, S},
    {"batch", 0, N, NULL, "print a table of descent steps instead of the explorer", NULL,
     option_batch, O},
    {"steps", 0, V, "N", "number of descent steps (100)", NULL, option_steps, O},
    {"every", 0, V, "K", "print every K-th row (always the first and last) (1)", NULL, option_every,
     O},
    {"log", 0, V, "table|notebook", "tab-separated table, or the notebook's lines", NULL,
     option_log, O},
    {"info", 0, N, NULL, "print n, loss, gradient, dead units, least squares, Hessian, lr limit",
     NULL, option_info, O},
    {"export", 0, V, "FILE",
     "export the final plot through gnuplot, as one of\n"
     "%s; a table: each row's prediction\n"
     "against its truth, sorted by group, the 0.5 line, N of M\n"
     "right; with --info the start, --solve the solved fit,\n"
     "--lr-sweep the final loss against the rate",
     option_list_exports, option_export, O},
    {"solve", 0, N, NULL, "Levenberg-Marquardt from the start: iterations, loss, params", NULL,
     option_solve, O},
    {"lr-sweep", 0, V, "LO,HI,N",
     "--steps at N rates from LO to HI (log scale): a table\n"
     "lr, final_loss, verdict (converged, crawling, diverged)",
     NULL, option_lr_sweep, O},
    {"save", 0, V, "FILE", "at the end of the run, save the session (a FILE.fitplay)", NULL,
     option_save, O},
    {"print-command", 0, N, NULL,
     "print the one-line command that sets this state up\n"
     "(coefficients as --init; with a session, its state)",
     NULL, option_print_command, O},
    {"json", 0, N, NULL,
     "print --info, --solve, --lr-sweep as one JSON document,\n"
     "the table as JSON lines (full precision; not a number:\n"
     "null and KEY_why)",
     NULL, option_json, O},
    {"ascii", 0, N, NULL, "plain ASCII plot (no Braille or block glyphs)", NULL, option_ascii, E},
    {"console", 0, N, NULL, "open with the notebook's console strip (key C)", NULL, option_console,
     E},
    {"no-mouse", 0, N, NULL, "ignore the mouse", NULL, option_no_mouse, E},
    {"range", 0, V, "[NAME=]LO,HI", "slider range for one coefficient, or all", NULL, option_range,
     E},
    {"view", 0, V, "LO,HI", "x range of the plot", NULL, option_view, E},
    {"show", 0, V, "NAME", "open on a view: %s", option_list_views, option_show, E},
    {"keys", 0, V, "FILE",
     "replay a key script (see the man page; '-' = stdin, not\n"
     "with data from '-' too)",
     NULL, option_keys, OPTION_PART_SCRIPTS},
    {"dump", 0, V, "FILE", "write the final screen as text", NULL, option_dump,
     OPTION_PART_SCRIPTS},
    {"session", 0, V, "FILE",
     "open a saved session (also a bare FILE.fitplay); keys S\n"
     "save, W save as, Y the command that sets it up",
     NULL, option_session, OPTION_PART_SCRIPTS},
    {"record", 0, V, "FILE", "write this live session's keys as a key script", NULL, option_record,
     OPTION_PART_SCRIPTS},
    {"size", 0, V, "WxH", "screen size for --keys with --dump (100x30)", NULL, option_size,
     OPTION_PART_SCRIPTS},
    {"lesson", 0, OPTION_ARG_OPTIONAL, "[NAME|FILE]",
     "teach in chapters: the built-in lesson3, another installed\n"
     "lesson or a lesson file (a key script with chapters); a\n"
     "data FILE after it feeds the chapters that read one\n"
     "(fitplay --lesson train.csv); PgDn/PgUp turn chapters,\n"
     "Home the first, # N Enter chapter N",
     NULL, option_lesson, OPTION_PART_LESSON},
    {"chapter", 0, V, "N", "open the lesson at chapter N", NULL, option_chapter,
     OPTION_PART_LESSON},
    {"export-deck", 0, V, "DIR",
     "write each chapter's picture after its scripted keys,\n"
     "titled and captioned, as DIR/01-a-quadratic-by-hand.png ...",
     NULL, option_export_deck, OPTION_PART_LESSON},
    {"deck-format", 0, V, "png|svg|pdf", "the deck's pictures (png)", NULL, option_deck_format,
     OPTION_PART_LESSON},
    {"play", 0, N, NULL, "play the lesson on its timers, turning chapters (make demo)", NULL,
     option_play, OPTION_PART_LESSON},
    {"help", 'h', N, NULL, "this help;  -V, --version  the version, BLAS and licence", NULL,
     option_help, OPTION_PART_GENERAL},
    {"version", 'V', N, NULL, NULL, NULL, option_version, OPTION_PART_GENERAL},
    {"completion", 0, V, "bash|zsh", "print the shell's completion script (see the man page)", NULL,
     option_completion, OPTION_PART_GENERAL},
    {NULL, 0, N, NULL, NULL, NULL, NULL, 0},
};
#undef D
#undef M
#undef S
#undef O
#undef E
#undef V
#undef N

const char *option_part_heading(enum option_part part)
{
	switch (part) {
	case OPTION_PART_DATA:
		return "Data:";
	case OPTION_PART_MODEL:
	case OPTION_PART_DESCENT:
		return "Model and descent:";
	case OPTION_PART_OUTPUT:
		return "Batch mode (also used when there is no terminal):";
	case OPTION_PART_LESSON:
		return "Lessons:";
	case OPTION_PART_EXPLORER:
	case OPTION_PART_SCRIPTS:
	case OPTION_PART_GENERAL:
		break;
	}
	return part == OPTION_PART_GENERAL ? NULL : "Explorer:";
}

/* Appends to a text that may be cut: buf of size, n the length so far (uncut). */
static size_t option_cat(char *buf, size_t size, size_t n, const char *s, size_t len)
{
	if (n + 1 < size) {
		size_t room = size - 1 - n;
		memcpy(buf + n, s, len < room ? len : room);
		buf[n + (len < room ? len : room)] = 0;
	}
	return n + len;
}

/* One row's lines: "  --name METAVAR" padded to column 21 (or two spaces after it),
 * the help text with list's names for "%s", continuation lines at column 21. */
static size_t option_help_row(const struct option_entry *o, char *buf, size_t size, size_t n)
{
	char head[64], list[512] = "";
	if (!o->name)
		snprintf(head, sizeof head, "%s", o->metavar);
	else
		snprintf(head, sizeof head, "%s%s%s--%s%s%s", o->shortopt ? "-" : "",
			 o->shortopt ? (char[]){(char)o->shortopt, 0} : "", o->shortopt ? ", " : "",
			 o->name, o->metavar ? " " : "", o->metavar ? o->metavar : "");
	char line[128];
	int hl = snprintf(line, sizeof line, "  %-17s  ", head);
	n = option_cat(buf, size, n, line, (size_t)hl);
	if (o->list)
		o->list(list, sizeof list);
	for (const char *p = o->help; *p; p++) {
		if (p[0] == '%' && p[1] == 's') {
			n = option_cat(buf, size, n, list, strlen(list));
			p++;
		} else if (*p == '\n') {
			n = option_cat(buf, size, n, "\n                     ", 22);
		} else {
			n = option_cat(buf, size, n, p, 1);
		}
	}
	return option_cat(buf, size, n, "\n", 1);
}

size_t options_help(char *buf, size_t size)
{
	size_t n = 0;
	const char *heading = NULL;
	if (size)
		buf[0] = 0;
	for (const struct option_entry *o = option_table; o->name || o->help; o++) {
		if (!o->help)
			continue;
		const char *h = option_part_heading(o->part);
		if (h && (!heading || strcmp(h, heading) != 0)) {
			n = option_cat(buf, size, n, h, strlen(h));
			n = option_cat(buf, size, n, "\n", 1);
			heading = h;
		}
		n = option_help_row(o, buf, size, n);
	}
	return n;
}

const struct option_entry *options_find(const char *name)
{
	for (const struct option_entry *o = option_table; o->name || o->help; o++)
		if (o->name && strcmp(o->name, name) == 0)
			return o;
	return NULL;
}

int options_check_one(const struct option_entry *o, const char *value, char *err)
{
	struct config cfg;
	options_defaults(&cfg, &presets[0]);
	struct option_ctx x = {.cfg = &cfg, .err = err, .action = CONFIG_RUN, .name = o->name};
	int rc = FP_OK;
	if (o->set == option_preset && !preset_find(value)) {
		char list[256];
		option_list_presets(list, sizeof list);
		rc = fp_err(err, FP_EINPUT, "--preset '%s': unknown (presets: %s)", value, list);
	} else {
		rc = o->set(&x, value);
	}
	options_free(&cfg);
	return rc;
}

int options_is_setting(const struct option_entry *o)
{
	return o && o->name &&
	       (o->part == OPTION_PART_DATA || o->part == OPTION_PART_MODEL ||
		o->part == OPTION_PART_DESCENT || o->part == OPTION_PART_EXPLORER);
}

void options_free(struct config *cfg)
{
	fp_free(cfg->model.init);
	cfg->model.init = NULL;
	cfg->model.ninit = 0;
}

static void options_defaults(struct config *cfg, const struct preset *p)
{
	memset(cfg, 0, sizeof *cfg);
	cfg->descent.lr = 0.01;
	cfg->output.steps = 100;
	cfg->output.every = 1;
	cfg->descent.optim = "gd";
	cfg->data.preset = p->name;
	cfg->data.gen = p->gen;
	snprintf(cfg->model.spec, sizeof cfg->model.spec, "%s", p->model);
	cfg->model.loss = p->loss;
	cfg->explorer.view_lo = p->view_lo;
	cfg->explorer.view_hi = p->view_hi;
	if (p->lr > 0)
		cfg->descent.lr = p->lr;
}

/* 1 when arg is --preset or an abbreviation only --preset has ("--pr"). */
static int options_is_preset(const char *arg)
{
	if (strncmp(arg, "--", 2) != 0)
		return 0;
	size_t len = strcspn(arg + 2, "="), n = 0;
	if (len == 0 || strncmp("preset", arg + 2, len) != 0)
		return 0;
	for (const struct option_entry *o = option_table; o->name || o->help; o++)
		n += o->name && strncmp(o->name, arg + 2, len) == 0;
	return n == 1;
}

/* The preset first, so that every other option overrides it: NULL after the
 * message in err when it is unknown. */
static const struct preset *options_preset(int argc, char **argv, char *err)
{
	const char *pname = "lesson3";
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--") == 0)
			break;
		if (!options_is_preset(argv[i]))
			continue;
		const char *eq = strchr(argv[i], '=');
		if (eq)
			pname = eq + 1;
		else if (i + 1 < argc)
			pname = argv[++i];
	}
	const struct preset *p = preset_find(pname);
	if (!p) {
		char list[256];
		for (size_t i = 0, n = 0; presets[i].name; i++)
			n += (size_t)snprintf(list + (n < sizeof list ? n : sizeof list - 1),
					      n < sizeof list ? sizeof list - n : 1, "%s%s",
					      i ? ", " : "", presets[i].name);
		fp_err(err, FP_EINPUT, "--preset '%s': unknown (presets: %s)", pname, list);
	}
	return p;
}

/* getopt_long's table from option_table (out holds OPTION_MAX + 1 entries). */
static void options_getopt_table(struct option *out)
{
	size_t k = 0;
	for (size_t i = 0; option_table[i].name || option_table[i].help; i++) {
		const struct option_entry *o = &option_table[i];
		if (!o->name || k == OPTION_MAX)
			continue;
		out[k].name = o->name;
		out[k].has_arg = o->arg == OPTION_ARG_VALUE	 ? required_argument
				 : o->arg == OPTION_ARG_OPTIONAL ? optional_argument
								 : no_argument;
		out[k].flag = NULL;
		out[k].val = o->shortopt ? o->shortopt : OPTION_VAL_BASE + (int)i;
		k++;
	}
	memset(&out[k], 0, sizeof out[k]);
}

/* The row getopt_long returned c for, or NULL. */
static const struct option_entry *options_row(int c)
{
	for (size_t i = 0; option_table[i].name || option_table[i].help; i++) {
		const struct option_entry *o = &option_table[i];
		if (o->name && (o->shortopt ? o->shortopt == c : OPTION_VAL_BASE + (int)i == c))
			return o;
	}
	return NULL;
}

/* What getopt_long refused (it returned '?'): an option given a value it does not
 * take, an unknown short option, or a long one that is unknown or ambiguous. */
static int options_refused(const char *arg, int opt, char *err)
{
	const struct option_entry *o = opt ? options_row(opt) : NULL;
	if (o)
		return fp_err(err, FP_EINPUT, "option '--%s' takes no value", o->name);
	if (opt)
		return fp_err(err, FP_EINPUT, "unknown option '-%c' (try --help)", opt);
	if (!arg || strncmp(arg, "--", 2) != 0)
		return fp_err(err, FP_EINPUT, "unknown option '%s' (try --help)", arg ? arg : "");
	size_t len = strcspn(arg + 2, "=");
	char could[512] = "";
	int nmatch = 0;
	for (o = option_table; o->name || o->help; o++) {
		if (!o->name || strncmp(o->name, arg + 2, len) != 0)
			continue;
		strncat(could, nmatch++ ? ", --" : "--", sizeof could - strlen(could) - 1);
		strncat(could, o->name, sizeof could - strlen(could) - 1);
	}
	if (nmatch > 1)
		return fp_err(err, FP_EINPUT, "option '%.*s' is ambiguous: %s", (int)len + 2, arg,
			      could);
	return fp_err(err, FP_EINPUT, "unknown option '%.*s' (try --help)", (int)len + 2, arg);
}

/* In a lesson, a bare argument names the lesson when it ends in ".keys" or is a
 * plain name (no dot, no slash: an installed lesson); any other is data. */
static int options_lesson_like(const char *arg)
{
	size_t n = strlen(arg);
	if (n > 5 && strcmp(arg + n - 5, ".keys") == 0)
		return 1;
	return n && !strchr(arg, '.') && !strchr(arg, '/') && strcmp(arg, "-") != 0;
}

/* The lesson's options: only with --lesson, and not with the batch mode. */
static int options_lesson_check(struct option_ctx *x)
{
	const struct config *cfg = x->cfg;
	const struct config_lesson *l = &cfg->lesson;
	if (!l->on) {
		const char *need = l->chapter	    ? "--chapter"
				   : l->deck_dir    ? "--export-deck"
				   : l->deck_format ? "--deck-format"
				   : l->play	    ? "--play"
						    : NULL;
		if (need)
			return fp_err(x->err, FP_EINPUT, "%s needs --lesson", need);
		return FP_OK;
	}
	if (cfg->output.batch || cfg->output.info)
		return fp_err(x->err, FP_EINPUT,
			      "--lesson opens the explorer: not with --batch, --info, --solve or "
			      "--lr-sweep");
	if (l->deck_format && !l->deck_dir)
		return fp_err(x->err, FP_EINPUT, "--deck-format needs --export-deck DIR");
	return FP_OK;
}

/* After the options: bare FILEs, and what depends on several options at once. */
static int options_finish(struct option_ctx *x, const struct preset *p, int argc, char **argv,
			  int first)
{
	struct config *cfg = x->cfg;
	struct config_data *d = &cfg->data;
	for (int i = first; i < argc; i++) {
		size_t al = strlen(argv[i]), el = strlen(".fitplay");
		if (al > el && strcmp(argv[i] + al - el, ".fitplay") == 0) {
			x->name = "session";
			if (option_session(x, argv[i]))
				return FP_EINPUT;
			continue;
		}
		if (cfg->lesson.on && !cfg->lesson.name && options_lesson_like(argv[i])) {
			cfg->lesson.name = argv[i]; /* fitplay --lesson mine.keys */
			continue;
		}
		if (option_data_file(x, argv[i]))
			return FP_EINPUT;
		d->path = argv[i];
	}
	if (cfg->explorer.keys_path && strcmp(cfg->explorer.keys_path, "-") == 0 && x->prev_data &&
	    strcmp(x->prev_data, "-") == 0)
		return fp_err(x->err, FP_EINPUT,
			      "--keys - and the data from - cannot both read "
			      "stdin: give the key script or the data as a file");
	/* A table preset reads its FILE as a table; --target names a column there. */
	if (p->table_inputs && d->path) {
		d->table_path = d->path;
		d->path = NULL;
	}
	if (d->table_path) {
		d->table_target = x->target_arg ? x->target_arg : p->table_target;
		if (!d->table_inputs)
			d->table_inputs = p->table_inputs;
		if (!x->model_set && !p->table_inputs)
			snprintf(cfg->model.spec, sizeof cfg->model.spec, "linear");
		cfg->explorer.view_lo = cfg->explorer.view_hi = 0;
	} else if (p->table_inputs) {
		return fp_err(x->err, FP_EINPUT,
			      "--preset %s needs a table: fitplay --preset %s "
			      "FILE (Kaggle's Titanic train.csv)",
			      p->name, p->name);
	} else if (d->table_inputs || d->table_no_constant) {
		return fp_err(x->err, FP_EINPUT, "--inputs and --no-constant need --table FILE");
	} else if (x->target_arg && data_target_find(x->target_arg, &d->gen.target) != 0) {
		x->name = "target";
		return option_bad(x, x->target_arg,
				  "expected quad, sine, abs or step (or a column, with --table)");
	} else if (x->target_arg && !d->path) {
		/* a generated target's own point count and noise, unless given (as t does) */
		struct data_gen_cfg g = d->gen;
		data_gen_target_defaults(d->gen.target, &g);
		if (!x->points_set)
			d->gen.n = g.n;
		if (!x->noise_set) {
			d->gen.mult = g.mult;
			d->gen.add = g.add;
		}
	}
	if (d->path)
		cfg->explorer.view_lo = cfg->explorer.view_hi = 0;
	d->valid_seed = d->gen.seed; /* --valid's rows: kept when n draws new noise */
	if (cfg->output.json && cfg->output.log == CONFIG_LOG_NOTEBOOK && !cfg->output.info &&
	    !cfg->output.solve && !cfg->output.sweep_n)
		return fp_err(x->err, FP_EINPUT,
			      "--json and --log notebook: the notebook's lines are text (JSON "
			      "has the table's rows: --log table)");
	return options_lesson_check(x);
}

int options_parse(int argc, char **argv, struct config *cfg, enum config_action *action, char *err)
{
	memset(cfg, 0, sizeof *cfg);
	*action = CONFIG_RUN;
	const struct preset *p = options_preset(argc, argv, err);
	if (!p)
		return FP_EINPUT;
	options_defaults(cfg, p);
	struct option opts[OPTION_MAX + 1];
	options_getopt_table(opts);
	struct option_ctx x = {.cfg = cfg, .err = err, .action = CONFIG_RUN};
	opterr = 0;
	/* 0, not 1: glibc then resets all of getopt's state; after an earlier parse that
	 * stopped inside "-hV" it would otherwise read that freed argv (fuzz-cli). */
	optind = 0;
	int c;
	while ((c = getopt_long(argc, argv, ":hV", opts, NULL)) != -1) {
		if (c == '?') {
			const char *arg = optind > 0 && optind <= argc ? argv[optind - 1] : NULL;
			return options_refused(arg, optopt, err);
		}
		const struct option_entry *o = options_row(c == ':' ? optopt : c);
		if (!o)
			return fp_err(err, FP_EINPUT, "unhandled option");
		if (c == ':')
			return fp_err(err, FP_EINPUT, "option '--%s' needs a value (%s)", o->name,
				      o->metavar ? o->metavar : "a value");
		x.name = o->name;
		int rc = o->set(&x, optarg);
		if (rc)
			return rc;
		if (x.action != CONFIG_RUN) {
			*action = x.action;
			return FP_OK;
		}
	}
	return options_finish(&x, p, argc, argv, optind);
}
