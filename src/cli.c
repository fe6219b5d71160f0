/* cli.c: options into a struct config (defaults, then --preset, then the rest), and
 * the data and session they describe. Messages name the option and the value. */
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "preset.h"
#include "table.h"
#include "util.h"
#include "view.h"

enum {
	OPT_BATCH = 256, OPT_STEPS, OPT_EVERY, OPT_LOG, OPT_INFO, OPT_EXPORT, OPT_PRESET,
	OPT_DATA, OPT_TRUE, OPT_POINTS, OPT_XRANGE, OPT_NOISE, OPT_SEED, OPT_TARGET,
	OPT_MODEL, OPT_LOSS, OPT_LR, OPT_INIT, OPT_ACCUMULATE, OPT_OPTIM, OPT_ASCII,
	OPT_NO_MOUSE, OPT_KEYS, OPT_DUMP, OPT_RANGE, OPT_VIEW, OPT_SIZE,
	OPT_SOLVE, OPT_LR_SWEEP,
};
enum { OPT_TABLE = 400, OPT_INPUTS, OPT_NO_CONSTANT }; /* tables (table.h) */
enum { OPT_SHOW = 500 };                                /* the explorer's views */

static const struct option long_opts[] = {
	{"batch", no_argument, NULL, OPT_BATCH},
	{"steps", required_argument, NULL, OPT_STEPS},
	{"every", required_argument, NULL, OPT_EVERY},
	{"log", required_argument, NULL, OPT_LOG},
	{"info", no_argument, NULL, OPT_INFO},
	{"export", required_argument, NULL, OPT_EXPORT},
	{"preset", required_argument, NULL, OPT_PRESET},
	{"data", required_argument, NULL, OPT_DATA},
	{"table", required_argument, NULL, OPT_TABLE},
	{"inputs", required_argument, NULL, OPT_INPUTS},
	{"no-constant", no_argument, NULL, OPT_NO_CONSTANT},
	{"true", required_argument, NULL, OPT_TRUE},
	{"points", required_argument, NULL, OPT_POINTS},
	{"xrange", required_argument, NULL, OPT_XRANGE},
	{"noise", required_argument, NULL, OPT_NOISE},
	{"seed", required_argument, NULL, OPT_SEED},
	{"target", required_argument, NULL, OPT_TARGET},
	{"model", required_argument, NULL, OPT_MODEL},
	{"loss", required_argument, NULL, OPT_LOSS},
	{"lr", required_argument, NULL, OPT_LR},
	{"init", required_argument, NULL, OPT_INIT},
	{"accumulate", no_argument, NULL, OPT_ACCUMULATE},
	{"optim", required_argument, NULL, OPT_OPTIM},
	{"ascii", no_argument, NULL, OPT_ASCII},
	{"no-mouse", no_argument, NULL, OPT_NO_MOUSE},
	{"keys", required_argument, NULL, OPT_KEYS},
	{"dump", required_argument, NULL, OPT_DUMP},
	{"range", required_argument, NULL, OPT_RANGE},
	{"view", required_argument, NULL, OPT_VIEW},
	{"show", required_argument, NULL, OPT_SHOW},
	{"size", required_argument, NULL, OPT_SIZE},
	{"solve", no_argument, NULL, OPT_SOLVE},
	{"lr-sweep", required_argument, NULL, OPT_LR_SWEEP},
	{"help", no_argument, NULL, 'h'},
	{"version", no_argument, NULL, 'V'},
	{NULL, 0, NULL, 0},
};

void cli_usage(const char *prog)
{
	char views[256];
	fp_out("Usage: %s [OPTION]... [FILE]\n"
	       "Fit curves by hand and by gradient descent, in the terminal (fast.ai lesson 3).\n"
	       "FILE (or --data FILE) is a CSV of x,y; '-' reads stdin. Without it fitplay\n"
	       "generates the lesson's noisy quadratic.\n\n",
	       prog);
	fp_out("Data:\n"
	       "  --preset NAME      lesson3 (default), lesson3-kaggle");
	for (size_t i = 2; presets[i].name; i++)
		fp_out(", %s", presets[i].name);
	fp_out("\n"
	       "  --data FILE        read x,y points from a CSV file ('-' = stdin)\n"
	       "  --target NAME      generated function: quad, sine, abs, step (quad);\n"
	       "                     with a table, the target column (Survived, else the last)\n"
	       "  --table FILE       a CSV table with a header (Kaggle's train.csv): many inputs\n"
	       "  --inputs SPECS     table inputs, comma-separated, in order (default: every\n"
	       "                     other column but identifiers, PassengerId-like names\n"
	       "                     counting 1..n, and text with over 64 values; stderr\n"
	       "                     says what is left out):\n"
	       "                     NAME (numbers as they are, text as dummies), NAME:max\n"
	       "                     (divided by the maximum), NAME:log (log10(x + 1)),\n"
	       "                     NAME:dummies (a 0/1 column per level but the first: n\n"
	       "                     levels need n-1, the constant stands for the first),\n"
	       "                     NAME=LEVEL (one 0/1 column); rows with a blank dropped\n"
	       "  --no-constant      no constant input column (\"Ones\", added by default)\n"
	       "  --preset titanic FILE  the sheets' 10 inputs (SibSp, Parch, Age:max, Fare:log,\n"
	       "                     Pclass=1, Pclass=2, Embarked=S, Embarked=C, Sex=male, Ones)\n"
	       "                     of Kaggle's Titanic train.csv, model linear, MSE, lr 0.1\n"
	       "                     table models: linear (inputs . coefficients), nnet:K (K\n"
	       "                     ReLUs of the inputs, added); start RAND()-0.5 from --seed\n"
	       "  --true A,B,C       coefficients of the true quadratic (3,2,1)\n"
	       "  --points N         number of generated points (20)\n"
	       "  --xrange LO,HI     x range of generated points (-2,2)\n"
	       "  --noise MULT,ADD   multiplicative and additive noise (0.3,1.5)\n"
	       "  --seed N           random seed (42)\n"
	       "Model and descent:\n"
	       "  --model SPEC       model: ");
	for (size_t i = 0; model_types[i]; i++)
		fp_out("%s%s%s", i ? ", " : "", model_types[i]->name,
		       model_types[i]->takes_k ? ":K" : "");
	fp_out(" (quad)\n"
	       "  --loss mse|mae     loss function (mse)\n"
	       "  --lr X             learning rate (0.01)\n"
	       "  --init V1,V2,...   starting coefficients\n"
	       "  --accumulate       the notebook's rule: gradients are never zeroed\n");
	fp_out("  --optim NAME       %s (%s)\n", optim_names(views, sizeof views), optim_gd.name);
	fp_out("Batch mode (also used when there is no terminal):\n"
	       "  --batch            print a table of descent steps instead of the explorer\n"
	       "  --steps N          number of descent steps (100)\n"
	       "  --every K          print every K-th row (always the first and last) (1)\n"
	       "  --log table|notebook  tab-separated table, or the notebook's lines\n"
	       "  --info             print n, loss, gradient, least squares, Hessian, lr limit\n"
	       "  --export FILE      export the final plot through gnuplot (.png .svg .pdf\n"
	       "                     .txt .gp .gif); a table: each row's prediction against\n"
	       "                     its truth, sorted by group, the 0.5 line, N of M right;\n"
	       "                     with --info the start, --solve the solved fit,\n"
	       "                     --lr-sweep the final loss against the rate\n"
	       "  --solve            Levenberg-Marquardt from the start: iterations, loss, params\n"
	       "  --lr-sweep LO,HI,N  --steps at N rates from LO to HI (log scale): a table\n"
	       "                     lr, final_loss, verdict (converged, crawling, diverged)\n"
	       "Explorer:\n"
	       "  --ascii            plain ASCII plot (no Braille or block glyphs)\n"
	       "  --no-mouse         ignore the mouse\n"
	       "  --range [NAME=]LO,HI  slider range for one coefficient, or all\n"
	       "  --view LO,HI       x range of the plot\n");
	fp_out("  --show NAME        open on a view: %s\n", view_names(views, sizeof views));
	fp_out("  --keys FILE        replay a key script (see the man page; '-' = stdin, not\n"
	       "                     with data from '-' too)\n"
	       "  --dump FILE        write the final screen as text\n"
	       "  --size WxH         screen size for --keys with --dump (100x30)\n"
	       "  -h, --help         this help;  -V, --version  the version and the BLAS in use\n\n"
	       "Exit status: 0 ok, 1 failure, 2 bad usage or input, 3 descent diverged.\n"
	       "See fitplay(1).\n");
}

static int bad_value(char *err, const char *opt, const char *val, const char *want)
{
	return fp_err(err, FP_EINPUT, "--%s '%s': %s", opt, val, want);
}

static int pair(const char *opt, const char *val, double *a, double *b, char *err)
{
	double v[2];
	if (fp_parse_list(val, v, 2) != 2)
		return bad_value(err, opt, val, "expected two numbers LO,HI");
	*a = v[0];
	*b = v[1];
	return FP_OK;
}

static void apply_preset(struct config *cfg, const struct preset *p)
{
	cfg->preset = p->name;
	cfg->gen = p->gen;
	snprintf(cfg->model, sizeof cfg->model, "%s", p->model);
	cfg->loss = p->loss;
	cfg->view_lo = p->view_lo;
	cfg->view_hi = p->view_hi;
	if (p->lr > 0)
		cfg->lr = p->lr;
}

void cli_free(struct config *cfg)
{
	fp_free(cfg->init);
	cfg->init = NULL;
	cfg->ninit = 0;
}

int cli_parse(int argc, char **argv, struct config *cfg, enum cli_action *action, char *err)
{
	memset(cfg, 0, sizeof *cfg);
	*action = CLI_RUN;
	cfg->lr = 0.01;
	cfg->steps = 100;
	cfg->every = 1;
	cfg->optim = "gd";
	const char *pname = "lesson3";
	/* The preset first, so that every other option overrides it. */
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--") == 0)
			break;
		if (strcmp(argv[i], "--preset") == 0 && i + 1 < argc)
			pname = argv[++i];
		else if (strncmp(argv[i], "--preset=", 9) == 0)
			pname = argv[i] + 9;
	}
	const struct preset *p = preset_find(pname);
	if (!p) {
		char list[256] = "";
		for (size_t i = 0; presets[i].name; i++) {
			strncat(list, i ? ", " : "", sizeof list - strlen(list) - 1);
			strncat(list, presets[i].name, sizeof list - strlen(list) - 1);
		}
		return fp_err(err, FP_EINPUT, "--preset '%s': unknown (presets: %s)", pname, list);
	}
	apply_preset(cfg, p);

	opterr = 0;
	/* 0, not 1: glibc then resets all of getopt's state; after an earlier parse that
	 * stopped inside "-hV" it would otherwise read that freed argv (fuzz-cli). */
	optind = 0;
	int c, longi = 0;
	const char *prev_data = NULL, *target_arg = NULL;
	int model_set = 0;
	while ((c = getopt_long(argc, argv, ":hV", long_opts, &longi)) != -1) {
		const char *name = NULL;
		for (size_t i = 0; long_opts[i].name; i++)
			if (long_opts[i].val == c)
				name = long_opts[i].name;
		double v[3];
		size_t z;
		switch (c) {
		case 'h':
			*action = CLI_HELP;
			return FP_OK;
		case 'V':
			*action = CLI_VERSION;
			return FP_OK;
		case ':':
			return fp_err(err, FP_EINPUT, "%s needs a value", argv[optind - 1]);
		case '?':
			if (optopt)
				return fp_err(err, FP_EINPUT, "unknown option '-%c' (try --help)", optopt);
			return fp_err(err, FP_EINPUT, "unknown option '%s' (try --help)",
				      argv[optind - 1]);
		case OPT_BATCH:
			cfg->batch = 1;
			break;
		case OPT_STEPS:
			if (fp_parse_size(optarg, (size_t)1 << 50, &cfg->steps) != 0)
				return bad_value(err, name, optarg, "expected a whole number >= 0");
			break;
		case OPT_EVERY:
			if (fp_parse_size(optarg, (size_t)1 << 50, &cfg->every) != 0 || !cfg->every)
				return bad_value(err, name, optarg, "expected a whole number >= 1");
			break;
		case OPT_LOG:
			if (strcmp(optarg, "table") == 0)
				cfg->log = CLI_LOG_TABLE;
			else if (strcmp(optarg, "notebook") == 0)
				cfg->log = CLI_LOG_NOTEBOOK;
			else
				return bad_value(err, name, optarg, "expected table or notebook");
			break;
		case OPT_INFO:
			cfg->info = 1;
			break;
		case OPT_EXPORT:
			cfg->export_path = optarg;
			break;
		case OPT_PRESET:
			break; /* applied above */
		case OPT_DATA:
			if (prev_data)
				return fp_err(err, FP_EINPUT, "two data files given: '%s' and '%s'",
					      prev_data, optarg);
			cfg->data_path = prev_data = optarg;
			break;
		case OPT_TRUE:
			if (fp_parse_list(optarg, v, 3) != 3)
				return bad_value(err, name, optarg, "expected three numbers A,B,C");
			memcpy(cfg->gen.truth, v, sizeof cfg->gen.truth);
			break;
		case OPT_POINTS:
			if (fp_parse_size(optarg, 100000000, &z) != 0 || z < 1)
				return bad_value(err, name, optarg, "expected a whole number 1 to 100000000");
			cfg->gen.n = z;
			break;
		case OPT_XRANGE:
			if (pair(name, optarg, &cfg->gen.xlo, &cfg->gen.xhi, err))
				return FP_EINPUT;
			if (!(cfg->gen.xlo < cfg->gen.xhi))
				return bad_value(err, name, optarg, "LO must be below HI");
			cfg->gen.torch_grid = 0;
			cfg->view_lo = cfg->view_hi = 0;
			break;
		case OPT_NOISE:
			if (pair(name, optarg, &cfg->gen.mult, &cfg->gen.add, err))
				return FP_EINPUT;
			if (cfg->gen.mult < 0 || cfg->gen.add < 0)
				return bad_value(err, name, optarg, "noise must be >= 0");
			break;
		case OPT_SEED:
			if (fp_parse_size(optarg, 4294967295UL, &z) != 0)
				return bad_value(err, name, optarg, "expected a whole number 0 to 4294967295");
			cfg->gen.seed = (unsigned long)z;
			cfg->gen.skip = 0;
			break;
		case OPT_TARGET: /* a function, or a table's column: resolved below */
			target_arg = optarg;
			break;
		case OPT_TABLE:
			if (prev_data)
				return fp_err(err, FP_EINPUT, "two data files given: '%s' and '%s'",
					      prev_data, optarg);
			cfg->table_path = prev_data = optarg;
			break;
		case OPT_INPUTS: {
			int rc = table_spec_check(optarg, err);
			if (rc)
				return rc;
			cfg->table_inputs = optarg;
			break;
		}
		case OPT_NO_CONSTANT:
			cfg->table_no_constant = 1;
			break;
		case OPT_MODEL: {
			const struct model_type *t;
			struct model_cfg mc = {0};
			int rc = model_parse(optarg, &t, &mc, err);
			if (rc)
				return rc;
			if (strlen(optarg) >= sizeof cfg->model)
				return bad_value(err, name, optarg, "too long");
			snprintf(cfg->model, sizeof cfg->model, "%s", optarg);
			model_set = 1;
			break;
		}
		case OPT_LOSS:
			if (loss_find(optarg, &cfg->loss) != 0)
				return bad_value(err, name, optarg, "expected mse or mae");
			break;
		case OPT_LR:
			if (fp_parse_double(optarg, &cfg->lr) != 0 || !(cfg->lr > 0))
				return bad_value(err, name, optarg, "expected a finite number > 0");
			break;
		case OPT_INIT: {
			double *buf = fp_malloc(MODEL_MAX_PARAMS * sizeof *buf);
			if (!buf)
				return fp_err(err, FP_EFAIL, "out of memory");
			int k = fp_parse_list(optarg, buf, MODEL_MAX_PARAMS);
			if (k < 1) {
				fp_free(buf);
				return bad_value(err, name, optarg,
						 "expected finite numbers separated by commas");
			}
			fp_free(cfg->init);
			cfg->init = buf;
			cfg->ninit = (size_t)k;
			break;
		}
		case OPT_ACCUMULATE:
			cfg->accumulate = 1;
			break;
		case OPT_OPTIM:
			if (!optim_find(optarg)) {
				char want[128], names[96];
				snprintf(want, sizeof want, "expected one of %s",
					 optim_names(names, sizeof names));
				return bad_value(err, name, optarg, want);
			}
			cfg->optim = optarg;
			break;
		case OPT_ASCII:
			cfg->ascii = 1;
			break;
		case OPT_NO_MOUSE:
			cfg->no_mouse = 1;
			break;
		case OPT_KEYS:
			cfg->keys_path = optarg;
			break;
		case OPT_DUMP:
			cfg->dump_path = optarg;
			break;
		case OPT_RANGE: {
			if (cfg->nranges == CLI_MAX_RANGES)
				return bad_value(err, name, optarg, "too many --range options");
			const char *eq = strchr(optarg, '=');
			double rv[2];
			if (fp_parse_list(eq ? eq + 1 : optarg, rv, 2) != 2 || !(rv[0] < rv[1]))
				return bad_value(err, name, optarg,
						 "expected [NAME=]LO,HI with LO below HI");
			if (!isfinite(rv[1] - rv[0]))
				return bad_value(err, name, optarg,
						 "HI - LO overflows a double: the slider needs a "
						 "range below 1.7e308 wide");
			cfg->ranges[cfg->nranges++] = optarg;
			break;
		}
		case OPT_SOLVE:
			cfg->solve = 1;
			cfg->batch = 1;
			break;
		case OPT_LR_SWEEP: {
			double sw[3];
			if (fp_parse_list(optarg, sw, 3) != 3 || !(sw[0] > 0) || !(sw[1] >= sw[0]) ||
			    sw[2] < 1 || sw[2] > 1000 || sw[2] != (double)(long)sw[2])
				return bad_value(err, name, optarg,
						 "expected LO,HI,N with 0 < LO <= HI and N 1 to 1000");
			cfg->sweep_lo = sw[0];
			cfg->sweep_hi = sw[1];
			cfg->sweep_n = (size_t)sw[2];
			cfg->batch = 1;
			break;
		}
		case OPT_SIZE: {
			size_t sw, sh;
			const char *xp = strchr(optarg, 'x');
			char wbuf[16];
			if (!xp || (size_t)(xp - optarg) >= sizeof wbuf)
				return bad_value(err, name, optarg, "expected WxH, e.g. 100x30");
			memcpy(wbuf, optarg, (size_t)(xp - optarg));
			wbuf[xp - optarg] = 0;
			if (fp_parse_size(wbuf, 1000, &sw) != 0 || fp_parse_size(xp + 1, 1000, &sh) != 0 ||
			    sw < 1 || sh < 1)
				return bad_value(err, name, optarg, "expected WxH from 1x1 to 1000x1000");
			cfg->ui_w = (int)sw;
			cfg->ui_h = (int)sh;
			break;
		}
		case OPT_SHOW:
			if (!view_find(optarg)) {
				char views[256];
				char want[300];
				snprintf(want, sizeof want, "no such view (views: %s)",
					 view_names(views, sizeof views));
				return bad_value(err, name, optarg, want);
			}
			cfg->show = optarg;
			break;
		case OPT_VIEW:
			if (pair(name, optarg, &cfg->view_lo, &cfg->view_hi, err))
				return FP_EINPUT;
			if (!(cfg->view_lo < cfg->view_hi))
				return bad_value(err, name, optarg, "LO must be below HI");
			break;
		default:
			return fp_err(err, FP_EINPUT, "unhandled option");
		}
	}
	for (int i = optind; i < argc; i++) {
		if (prev_data)
			return fp_err(err, FP_EINPUT, "two data files given: '%s' and '%s'", prev_data,
				      argv[i]);
		cfg->data_path = prev_data = argv[i];
	}
	if (cfg->keys_path && strcmp(cfg->keys_path, "-") == 0 && prev_data &&
	    strcmp(prev_data, "-") == 0)
		return fp_err(err, FP_EINPUT, "--keys - and the data from - cannot both read "
			      "stdin: give the key script or the data as a file");
	/* A table preset reads its FILE as a table; --target names a column there. */
	if (p->table_inputs && cfg->data_path) {
		cfg->table_path = cfg->data_path;
		cfg->data_path = NULL;
	}
	if (cfg->table_path) {
		cfg->table_target = target_arg ? target_arg : p->table_target;
		if (!cfg->table_inputs)
			cfg->table_inputs = p->table_inputs;
		if (!model_set && !p->table_inputs)
			snprintf(cfg->model, sizeof cfg->model, "linear");
		cfg->view_lo = cfg->view_hi = 0;
	} else if (p->table_inputs) {
		return fp_err(err, FP_EINPUT, "--preset %s needs a table: fitplay --preset %s FILE "
			      "(Kaggle's Titanic train.csv)", p->name, p->name);
	} else if (cfg->table_inputs || cfg->table_no_constant) {
		return fp_err(err, FP_EINPUT, "--inputs and --no-constant need --table FILE");
	} else if (target_arg && data_target_find(target_arg, &cfg->gen.target) != 0) {
		return bad_value(err, "target", target_arg,
				 "expected quad, sine, abs or step (or a column, with --table)");
	}
	if (cfg->data_path && strcmp(cfg->model, p->model) != 0)
		cfg->view_lo = cfg->view_hi = 0;
	if (cfg->data_path)
		cfg->view_lo = cfg->view_hi = 0;
	return FP_OK;
}

int cli_make_data(const struct config *cfg, struct data *out, char *err)
{
	if (cfg->table_path) {
		struct table_cfg tc;
		table_cfg_default(&tc);
		tc.target = cfg->table_target;
		tc.inputs = cfg->table_inputs;
		tc.constant = !cfg->table_no_constant;
		return data_table_load(cfg->table_path, &tc, out, err);
	}
	if (cfg->data_path)
		return data_csv_load(cfg->data_path, out, err);
	return data_gen(&cfg->gen, out, err);
}

int cli_make_fit(const struct config *cfg, const struct data *data, struct fit *f, char *err)
{
	const struct model_type *t;
	struct model_cfg mc = {0};
	int rc = model_parse(cfg->model, &t, &mc, err);
	if (rc)
		return rc;
	mc.xlo = data->xlo;
	mc.xhi = data->xhi;
	mc.seed = cfg->gen.seed;
	mc.d = data->d;
	mc.names = data->names;
	size_t np = t->nparams(&mc);
	const double *init = NULL;
	if (cfg->ninit) {
		if (cfg->ninit != np) {
			char names[256] = "", pn[MODEL_NAME_LEN];
			for (size_t i = 0; i < np && i < 16; i++) {
				t->param_name(&mc, i, pn, sizeof pn);
				strncat(names, i ? "," : "", sizeof names - strlen(names) - 1);
				strncat(names, pn, sizeof names - strlen(names) - 1);
			}
			return fp_err(err, FP_EINPUT, "--init has %zu value%s, model %s has %zu "
				      "coefficient%s (%s%s)",
				      cfg->ninit, cfg->ninit == 1 ? "" : "s", cfg->model, np,
				      np == 1 ? "" : "s", names, np > 16 ? ",..." : "");
		}
		init = cfg->init;
	} else {
		const struct preset *p = preset_find(cfg->preset);
		if (p && p->ninit == np && strcmp(p->model, cfg->model) == 0)
			init = p->init;
	}
	rc = fit_init(f, data, t, &mc, cfg->loss, optim_find(cfg->optim), cfg->lr, init, err);
	if (rc)
		return rc;
	f->accumulate = cfg->accumulate;
	return FP_OK;
}
