/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fuzz-session.c: fuzz target for the session file parser (session_parse).
 * Invariants: an accepted file has as many theta0 as theta values (at least one),
 * every number finite, a history that fits its steps, and written again
 * (session_format) it reads back to the same text; a refused one gives FP_EINPUT
 * or FP_EFAIL, a zeroed session and a one-line message naming the file. */
#include <math.h>
#include <string.h>

#include "session.h"
#include "util.h"

#include "fuzz.h"

static int fuzz_session_finite(const double *v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!isfinite(v[i]))
			return 0;
	return 1;
}

static void fuzz_session_check_ok(const struct session *s)
{
	FUZZ_CHECK(s->n_theta >= 1 && s->n_theta == s->n_theta0);
	FUZZ_CHECK(!s->n_acc || s->n_acc == s->n_theta);
	FUZZ_CHECK(fuzz_session_finite(s->theta, s->n_theta));
	FUZZ_CHECK(fuzz_session_finite(s->theta0, s->n_theta0));
	FUZZ_CHECK(fuzz_session_finite(s->ostate, s->n_ostate));
	FUZZ_CHECK(fuzz_session_finite(s->points, 2 * s->npoints));
	FUZZ_CHECK(isfinite(s->lr) && s->lr > 0 && isfinite(s->loss_value));
	FUZZ_CHECK(!s->n_hist || s->step - s->hist_first + 1 == s->n_hist);
	FUZZ_CHECK(s->source == SESSION_GEN || s->data_path);
}

/* Written again and read back: the same text. */
static void fuzz_session_roundtrip(const struct session *s)
{
	char *a, *b, err[FP_ERRLEN];
	size_t la, lb;
	struct session t;
	FUZZ_CHECK(session_format(s, &a, &la, err) == FP_OK);
	FUZZ_CHECK(session_parse(a, la, "again.fitplay", &t, err) == FP_OK);
	FUZZ_CHECK(session_format(&t, &b, &lb, err) == FP_OK);
	FUZZ_CHECK(la == lb && memcmp(a, b, la) == 0);
	session_free(&t);
	fp_free(a);
	fp_free(b);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct session s;
	char err[FP_ERRLEN];
	memset(err, 0, sizeof err);
	int rc = session_parse((const char *)data, size, "fuzz.fitplay", &s, err);
	if (rc == FP_OK) {
		fuzz_session_check_ok(&s);
		fuzz_session_roundtrip(&s);
		session_free(&s);
	} else {
		struct session zero;
		memset(&zero, 0, sizeof zero);
		FUZZ_CHECK(rc == FP_EINPUT || rc == FP_EFAIL);
		FUZZ_CHECK(memcmp(&s, &zero, sizeof s) == 0);
		FUZZ_CHECK(strlen(err) < FP_ERRLEN && fuzz_one_line(err));
		FUZZ_CHECK(strncmp(err, "fuzz.fitplay", 12) == 0);
	}
	return 0;
}
