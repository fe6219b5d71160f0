/* SPDX-License-Identifier: GPL-3.0-or-later */
/* matmul-step.h: the matrix view's stepping through Z = X W one multiply-add at a
 * time, as matrixmultiplication.xyz animates it: result cell by result cell (row by
 * row, each unit's column of W in turn), each cell one input at a time. Pure state,
 * no drawing: the view (src/view-matrix.c) asks which cell is active, how many of
 * its products are done and which cells have landed. */
#ifndef FITPLAY_MATMUL_STEP_H
#define FITPLAY_MATMUL_STEP_H

#include <stddef.h>

#include "fit.h"

enum mm_mode {
	MM_FULL = 0, /* every cell computed (not stepping) */
	MM_STEP,     /* paused after t multiply-adds */
	MM_RUN,	     /* running: t grows every frame */
};

/* The product being stepped: rows first .. first + rows - 1 of X, `units` columns of
 * W, `feats` inputs per row; t multiply-adds of rows * units * feats done. */
struct mm_step {
	enum mm_mode mode;
	size_t first, rows; /* the rows of X on screen */
	size_t units;	    /* columns of W (cells per row of Z) */
	size_t feats;	    /* inputs: multiply-adds per cell */
	size_t t;	    /* multiply-adds done (MM_STEP, MM_RUN) */
};

/* All multiply-adds of the product: rows * units * feats. */
size_t mm_step_total(const struct mm_step *s);
/* The product on screen is rows first..first+rows-1 of X times W (units x feats):
 * when that differs from the one being stepped, stepping starts over (MM_FULL).
 * Returns 1 when it did. */
int mm_step_shape(struct mm_step *s, size_t first, size_t rows, size_t units, size_t feats);
/* Key `.`: one multiply-add more (from MM_FULL: the first one; a run pauses). After
 * the last one the product is complete: MM_FULL. Returns the new mode. */
enum mm_mode mm_step_next(struct mm_step *s);
/* Key `;`: run (from MM_FULL: from the start, nothing done) or pause a run. Returns
 * the new mode. */
enum mm_mode mm_step_run(struct mm_step *s);
/* A run's frame: n multiply-adds more; at the end MM_FULL. Returns 1 when this call
 * completed the product. Nothing when not running. */
int mm_step_advance(struct mm_step *s, size_t n);
/* Pause a run (any other key); MM_STEP and MM_FULL stay. Returns 1 when it paused. */
int mm_step_pause(struct mm_step *s);
/* The cell being worked on: its row (relative to first) and unit, and how many of its
 * products are done (0..feats). In MM_FULL: row 0, unit 0, feats done. The cell of the
 * last multiply-add done, so a completed cell stays shown until the next `.`. */
void mm_step_cell(const struct mm_step *s, size_t *row, size_t *unit, size_t *done);
/* 1 when cell (row, unit) of Z (row relative to first) has every product added. */
int mm_step_landed(const struct mm_step *s, size_t row, size_t unit);

/* One row of the product as the matrix view shows it, from the model's matrix form
 * (the sheet core): the row's inputs x as the model sees them, W, each product
 * x_j w_jk and the running sums in the order the model adds them, z = x W, the ReLU h,
 * the outputs' weights v and constant c when the model has them, the prediction p and
 * the truth y. Arrays owned (mm_row_free). */
struct mm_row {
	size_t feats, units; /* inputs, units */
	int clip;	     /* 1: h = max(z, 0); 0: h = z */
	int out;	     /* 1: p = sum_k v_k h_k + c; 0: p = sum_k h_k */
	double *x;	     /* feats inputs */
	double *w;	     /* feats * units: W[j][k] at w[j * units + k] */
	double *prod;	     /* feats * units: x_j * W[j][k] */
	double *run;	     /* feats * units: sum of prod[0..j][k] (run[last] = z_k) */
	double *z, *h, *v;   /* units each */
	double c, p, y;	     /* constant (out), prediction, truth */
	size_t cap;	     /* feats * units cells w, prod and run hold */
	size_t capu, capf;   /* units z, h and v hold; inputs x holds */
};

/* 1 when session f's model can be shown as matrices (the sheet core describes it). */
int mm_applies(const struct fit *f);
/* Fill r with row i of f's data (i < f->data->n). Returns FP_OK, FP_EINPUT when the
 * model has no matrix form, FP_EFAIL when out of memory. */
int mm_row_fill(struct mm_row *r, const struct fit *f, size_t i);
void mm_row_free(struct mm_row *r);
/* The name of input j ("Age", "x", "Ones", "1"; "x²" or "x^2" by utf8) and of unit k
 * ("relu1"; "z" for a model of one unit and no ReLU) into buf. */
void mm_feat_name(const struct fit *f, size_t j, int utf8, char *buf, size_t len);
void mm_unit_name(const struct fit *f, size_t k, char *buf, size_t len);

#endif
