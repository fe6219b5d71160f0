/* SPDX-License-Identifier: GPL-3.0-or-later */
/* model.h: the model family. y = f(x; theta) as an ops table per member, listed in
 * a NULL-terminated registry (like GSL's minimizer types). Pure: no I/O, no globals. */
#ifndef FITPLAY_MODEL_H
#define FITPLAY_MODEL_H

#include <stddef.h>
#include <stdint.h>

#include "data.h"
#include "loss.h"

#define MODEL_MAX_UNITS	 256  /* upper bound on K for relus:K / nnet:K */
#define MODEL_MAX_PARAMS 4096 /* upper bound on nparams */
#define MODEL_NAME_LEN	 32   /* room for a parameter name */

/* A model as matrices, as the lecture's sheet and matrixmultiplication.xyz show it
 * (src/sheet.c, include/sheet.h): a row's features f[0..nfeat-1] (the inputs as the
 * model sees them: x^2, x, 1 for quad; x, 1 for the ReLUs; a table's engineered inputs,
 * Ones included), unit k's sum z_k = sum_j f_j W[j][k], h_k = max(0, z_k) when clip
 * (else z_k), and the prediction p = c + sum_k v_k h_k. Where the numbers live in theta:
 * W[j][k] = theta[j*w_js + k*w_ks]; v_k = theta[v_off + k*v_ks], or 1 when v_off < 0;
 * c = theta[c_off], or 0 when c_off < 0. */
struct model_sheet {
	size_t nfeat;	   /* features per row: X's columns, W's rows */
	size_t units;	   /* W's columns */
	int clip;	   /* 1: h_k = max(0, z_k) (a ReLU); 0: h_k = z_k */
	size_t w_js, w_ks; /* theta strides of W's rows and columns */
	long v_off;	   /* theta index of v_1, or -1: every v_k is 1 */
	size_t v_ks;	   /* theta stride of v */
	long c_off;	   /* theta index of c, or -1: c is 0 */
};

/* Per-instance configuration of a model. */
struct model_cfg {
	size_t k;	    /* units (relus:K, nnet:K); 0 for fixed-size models */
	size_t d;	    /* inputs per row (1 for curve models) */
	double xlo, xhi;    /* the x range of the data (to place kinks at start) */
	unsigned long seed; /* seed for models whose start is random */
	char *const *names; /* d input names, or NULL (not owned) */
};

struct model_type {
	const char *name;    /* "quad", "relu", "relu2", "relus" */
	int takes_k;	     /* 1 if the spec is NAME:K */
	int linear;	     /* 1 if y is linear in theta (closed forms apply) */
	size_t min_d, max_d; /* accepted input widths (1,1 for curve models) */
	/* Number of coefficients. */
	size_t (*nparams)(const struct model_cfg *);
	/* Name of coefficient i into buf ("a", "m1", "w_Age"). */
	void (*param_name)(const struct model_cfg *, size_t i, char *buf, size_t len);
	/* The lesson's / a sensible starting point into theta[0..n-1]. */
	void (*init)(const struct model_cfg *, double *theta);
	/* y at the input row x[0..d-1]. */
	double (*eval)(const struct model_cfg *, const double *theta, const double *x);
	/* dy/dtheta at x into g[0..n-1]. Linear models must not read theta (NULL is
	 * passed by the closed forms). */
	void (*grad)(const struct model_cfg *, const double *theta, const double *x, double *g);
	/* Optional fused pass: mean loss over the data, and its gradient into
	 * grad[0..n-1] when grad != NULL. NULL: the generic loop is used. */
	double (*loss_grad)(const struct model_cfg *, const double *theta, const struct data *,
			    enum loss_kind, double *grad);
	/* A formula for people, e.g. "y = a*x^2 + b*x + c" (UTF-8 allowed when utf8). */
	void (*formula)(const struct model_cfg *, int utf8, char *buf, size_t len);
	/* A gnuplot expression in x with the current coefficients (%.17g).
	 * Returns 0, or -1 when it does not fit in len. */
	int (*describe)(const struct model_cfg *, const double *theta, char *buf, size_t len);
	/* Optional: number of units, unit k's own contribution at x, and where its kink is
	 * (returns 0 and *x, or -1 when the unit has no kink, e.g. m == 0). */
	size_t (*nunits)(const struct model_cfg *);
	double (*unit_eval)(const struct model_cfg *, const double *theta, size_t k, double x);
	int (*unit_kink)(const struct model_cfg *, const double *theta, size_t k, double *x);
	/* Optional: which unit coefficient i belongs to (for "remove unit"); -1 none. */
	long (*param_unit)(const struct model_cfg *, size_t i);
	/* Optional, for models with units (relus:K): the coefficients of the same model
	 * with one unit more (cfg->k + 1 units; placed so the curve does not jump) or with
	 * unit `unit` removed (cfg->k - 1 units), into out (nparams of the new cfg).
	 * Return 0, or -1 when not possible (K at its bounds). */
	int (*add_unit)(const struct model_cfg *, const double *theta, double *out);
	int (*remove_unit)(const struct model_cfg *, const double *theta, size_t unit, double *out);
	size_t default_k; /* K of a spec without ':K' (0: 4) */
	/* Sums of ReLUs of x (relu, relu2, relus:K): unit k is theta[k*relu_stride + 0, 1]
	 * = m_k, b_k, and theta[k*relu_stride + 2] = w_k when relu_has_w (else w = 1); the
	 * landscape's fast strategies read it. relu_stride 0: not such a model. */
	size_t relu_stride;
	int relu_has_w;
	/* The prediction for every row of the data into out[0..n-1], in one pass (by
	 * matrix products): what the explorer, the exports and --info's accuracy show
	 * for a table. Required of every model that takes tables (max_d > 1; the tests
	 * check it equals eval row by row); NULL for the curve models. */
	void (*predict)(const struct model_cfg *, const double *theta, const struct data *,
			double *out);
	/* Optional, for models made of ReLU units, which can die (relu, relu2, relus:K,
	 * nnet:K; src/model-units.c uses them): how many units there are; whether unit k
	 * is on at the input row x (its output or its slope there is not zero: then the
	 * row feeds its gradients); a new random start for unit k's own coefficients in
	 * theta, drawn from the splitmix64 state *rng; and unit k mirrored (on exactly
	 * where it was off, kinks aside). */
	size_t (*relu_units)(const struct model_cfg *);
	int (*unit_on)(const struct model_cfg *, const double *theta, size_t k, const double *x);
	void (*unit_random)(const struct model_cfg *, double *theta, size_t k, uint64_t *rng);
	void (*unit_flip)(const struct model_cfg *, double *theta, size_t k);
	/* The model as matrices (struct model_sheet; required of every member, the tests
	 * check p equals eval row by row): its shape and where W, v and c sit in theta; */
	void (*sheet)(const struct model_cfg *, struct model_sheet *out);
	/* the features of the input row x[0..d-1] into f[0..nfeat-1]; */
	void (*sheet_features)(const struct model_cfg *, const double *x, double *f);
	/* and feature j's name ("x²" or "x^2" by utf8, "x", "1", a table's input name). */
	void (*sheet_feature_name)(const struct model_cfg *, size_t j, int utf8, char *buf,
				   size_t len);
};

extern const struct model_type *const model_types[]; /* NULL-terminated */

/* Parse a model spec ("quad", "relus:8") into *type and *cfg (k set, d = 1, the rest
 * left as is). Returns FP_OK or FP_EINPUT with a message naming the spec. */
int model_parse(const char *spec, const struct model_type **type, struct model_cfg *cfg, char *err);
/* Write "quad" or "relus:8" into buf. */
void model_spec(const struct model_type *t, const struct model_cfg *cfg, char *buf, size_t len);

/* Mean loss over the data, and its gradient into grad (may be NULL), with the
 * model's fused pass when it has one, else the generic per-point loop. */
double model_loss_grad(const struct model_type *t, const struct model_cfg *cfg, const double *theta,
		       const struct data *data, enum loss_kind loss, double *grad);
/* The generic per-point loop (also a reference for tests). `work` holds nparams
 * doubles of scratch space. */
double model_loss_grad_generic(const struct model_type *t, const struct model_cfg *cfg,
			       const double *theta, const struct data *data, enum loss_kind loss,
			       double *grad, double *work);

/* The table models' pass over all rows by matrix products (model-matrix.c, GSL
 * BLAS): `units` linear combinations of the inputs, unit k's coefficients at
 * theta[k*d .. k*d + d-1], each clipped at zero when clip, added: p = sum_k h_k.
 * Returns the mean loss of p against y; the gradient goes into grad and the
 * predictions into pred when they are not NULL. NAN when out of memory. */
double model_matrix_pass(const struct data *data, const double *theta, size_t units, int clip,
			 enum loss_kind loss, double *grad, double *pred);
/* Which CBLAS the gsl_blas_* calls run on: OpenBLAS's own description ("OpenBLAS
 * 0.3.21 DYNAMIC_ARCH NO_AFFINITY Zen SINGLE_THREADED"), or "GSL's reference CBLAS". */
const char *model_matrix_blas(void);

/* ---- ReLU units that can die (src/model-units.c) ---- */

/* Units of the model that can die (0: none, or the model has no ReLU units). */
size_t model_units(const struct model_type *t, const struct model_cfg *cfg);
/* "relu2" (unit k counted from 1; "relu" for the one unit of relu) into buf. */
void model_unit_name(const struct model_type *t, const struct model_cfg *cfg, size_t k, char *buf,
		     size_t len);
/* Rows of the data on which unit k is on, counting stops at `enough` (0: count all). */
size_t model_unit_rows_on(const struct model_type *t, const struct model_cfg *cfg,
			  const double *theta, const struct data *data, size_t k, size_t enough);
/* Which units are dead (off on every row, so their output and all their gradients
 * are exactly 0) into dead[0..model_units-1]; returns how many. grad (the gradient
 * at theta, or NULL) makes it cheap: a unit with one non-zero gradient is alive
 * without a pass over the rows. prev, prev_dead (or NULL): an earlier answer on the
 * same data at the coefficients prev: a unit dead there whose coefficients have not
 * changed since is still dead, without a pass. */
size_t model_dead_units(const struct model_type *t, const struct model_cfg *cfg,
			const double *theta, const double *grad, const struct data *data,
			const double *prev, const unsigned char *prev_dead, unsigned char *dead);
/* A unit on fewer than half the rows is mirrored, so that every unit starts on for
 * at least half of them (a start that keeps the units alive). Returns how many were
 * mirrored. */
size_t model_units_majority(const struct model_type *t, const struct model_cfg *cfg, double *theta,
			    const struct data *data);
/* New random starts for the units flagged in dead[], drawn from seed (the same seed
 * gives the same starts), each on for at least one row and mirrored when on fewer
 * than half the rows. Returns how many units got a new start. */
size_t model_units_revive(const struct model_type *t, const struct model_cfg *cfg, double *theta,
			  const struct data *data, const unsigned char *dead, unsigned long seed);
/* splitmix64 (Steele, Lea, Flood 2014): the next 64 random bits of *state, and a
 * uniform double in [0, 1) with 53 bits. */
uint64_t model_rng_next(uint64_t *state);
double model_rng_uniform(uint64_t *state);

/* The sheet's features of the table models (linear, nnet:K): a row's inputs as they
 * are, named by the table's columns (or "x1", "x2", ...). */
void model_table_features(const struct model_cfg *cfg, const double *x, double *f);
void model_table_feature_name(const struct model_cfg *cfg, size_t j, int utf8, char *buf,
			      size_t len);

/* The members. */
extern const struct model_type model_quad;
extern const struct model_type model_relu, model_relu2, model_relus; /* model-relu.c */
extern const struct model_type model_linear, model_nnet; /* tables: inputs . w; sum of K ReLUs */

#endif
