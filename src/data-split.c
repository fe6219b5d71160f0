/* SPDX-License-Identifier: GPL-3.0-or-later */
/* data-split.c: a validation set (--valid FRACTION): a seeded share of the points
 * or rows held back from descent. The data keeps the training rows, in their
 * order, and owns the held-back ones as a second struct data (d->valid), so that
 * every loss and gradient path runs on the training part unchanged. */
#include <math.h>
#include <string.h>

#include "data.h"
#include "util.h"

size_t data_split_count(size_t n, double frac)
{
	if (!(frac > 0 && frac < 1) || n == 0)
		return 0;
	double k = floor(frac * (double)n + 0.5);
	return k > (double)n ? n : (size_t)k;
}

/* The split's own generator: seeded from the data seed, mixed so that its stream is
 * not the one the noise of generated data was drawn from. */
static unsigned long split_seed(unsigned long seed)
{
	return (seed * 2654435761UL + 0x5eed1234UL) & 0xffffffffUL;
}

int data_split_pick(size_t n, size_t k, unsigned long seed, unsigned char *held)
{
	if (k > n)
		return FP_EINPUT;
	memset(held, 0, n);
	if (k == 0)
		return FP_OK;
	size_t *idx = fp_malloc(n * sizeof *idx);
	struct npy_rng *r = npy_rng_alloc(split_seed(seed));
	if (!idx || !r) {
		fp_free(idx);
		npy_rng_free(r);
		return FP_EFAIL;
	}
	for (size_t i = 0; i < n; i++)
		idx[i] = i;
	/* The first k places of a Fisher-Yates shuffle: k rows, each set equally likely. */
	for (size_t i = 0; i < k; i++) {
		size_t j = i + (size_t)(npy_rng_uniform(r) * (double)(n - i));
		if (j >= n)
			j = n - 1;
		size_t t = idx[i];
		idx[i] = idx[j];
		idx[j] = t;
		held[idx[i]] = 1;
	}
	npy_rng_free(r);
	fp_free(idx);
	return FP_OK;
}

static char *dupstr(const char *s)
{
	size_t n = strlen(s) + 1;
	char *p = fp_malloc(n);
	if (p)
		memcpy(p, s, n);
	return p;
}

/* The rows of src whose flag equals `want` into *dst (zeroed first), in order;
 * names, source, truth and x range copied. FP_OK or FP_EFAIL. */
static int split_part(const struct data *src, const unsigned char *held, int want, struct data *dst,
		      char *err)
{
	size_t n = 0, d = src->d;
	for (size_t i = 0; i < src->n; i++)
		n += held[i] == want;
	memset(dst, 0, sizeof *dst);
	dst->x = fp_malloc((n ? n : 1) * d * sizeof *dst->x);
	dst->y = fp_malloc((n ? n : 1) * sizeof *dst->y);
	dst->source = dupstr(src->source ? src->source : "");
	if (src->names)
		dst->names = fp_calloc(d, sizeof *dst->names);
	dst->d = d;
	for (size_t j = 0; dst->names && j < d; j++)
		if (!(dst->names[j] = dupstr(src->names[j] ? src->names[j] : "")))
			goto fail;
	if (!dst->x || !dst->y || !dst->source || (src->names && !dst->names))
		goto fail;
	for (size_t i = 0, k = 0; i < src->n; i++)
		if (held[i] == want) {
			memcpy(dst->x + k * d, src->x + i * d, d * sizeof *dst->x);
			dst->y[k++] = src->y[i];
		}
	dst->n = n;
	if (data_raw_copy_rows(dst, src, held, want) != FP_OK)
		goto fail;
	dst->has_truth = src->has_truth;
	dst->target = src->target;
	memcpy(dst->truth, src->truth, sizeof dst->truth);
	dst->xlo = src->xlo;
	dst->xhi = src->xhi;
	if (src->xt && data_make_columns(dst, err) != FP_OK)
		goto fail;
	return FP_OK;
fail:
	data_free(dst);
	return fp_err(err, FP_EFAIL, "out of memory splitting %zu rows", src->n);
}

int data_split(struct data *d, double frac, unsigned long seed, char *err)
{
	const char *what = d->d > 1 ? "rows" : "points";
	size_t k = data_split_count(d->n, frac);
	if (d->valid)
		return fp_err(err, FP_EINPUT, "the data is split already");
	if (d->n < 2)
		return fp_err(err, FP_EINPUT,
			      "%zu %s cannot be split: a validation set needs at least 2", d->n,
			      d->n == 1 ? (d->d > 1 ? "row" : "point") : what);
	if (k < 1 || k >= d->n) {
		char lo[32], hi[32];
		return fp_err(err, FP_EINPUT,
			      "holds back %zu of the %zu %s, leaving %s: keep at least one on "
			      "each side (a fraction from %s to %s here)",
			      k, d->n, what, k < 1 ? "no validation set" : "nothing to train on",
			      fp_fmt(lo, sizeof lo, 1.0 / (double)d->n, 3),
			      fp_fmt(hi, sizeof hi, ((double)d->n - 1) / (double)d->n, 3));
	}
	unsigned char *held = fp_malloc(d->n);
	struct data train, *valid = fp_calloc(1, sizeof *valid);
	int rc = held && valid ? data_split_pick(d->n, k, seed, held) : FP_EFAIL;
	if (rc == FP_OK)
		rc = split_part(d, held, 1, valid, err);
	if (rc == FP_OK && (rc = split_part(d, held, 0, &train, err)) != FP_OK)
		data_free(valid);
	fp_free(held);
	if (rc != FP_OK) {
		fp_free(valid);
		return rc == FP_EFAIL
			   ? fp_err(err, FP_EFAIL, "out of memory splitting %zu %s", d->n, what)
			   : rc;
	}
	/* The training part takes the place of the whole; what is about the source
	 * (dropped rows, the note) stays with it. */
	train.dropped = d->dropped;
	train.note = d->note;
	d->note = NULL;
	data_free(d);
	*d = train;
	d->valid = valid;
	return FP_OK;
}
