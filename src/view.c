/* SPDX-License-Identifier: GPL-3.0-or-later */
/* view.c: the registry of the explorer's views and the `v` cycle over it. */
#include <stdio.h>
#include <string.h>

#include "view.h"

/* The order of the `v` cycle; the first that applies is a session's default. */
const struct view_type *const view_types[] = {
    &view_fit,	   &view_predictions, &view_units, &view_slope,	 &view_landscape,
    &view_history, &view_sweep,	      &view_sheet, &view_matrix, NULL,
};

static const struct view_type *view_default(const struct fit *f)
{
	for (size_t i = 0; view_types[i]; i++)
		if (view_types[i]->applies(f))
			return view_types[i];
	return &view_history; /* applies to everything */
}

const struct view_type *view_current(const struct view *v, const struct fit *f)
{
	return v->vt && v->vt->applies(f) ? v->vt : view_default(f);
}

const struct view_type *view_next(const struct view *v, const struct fit *f)
{
	const struct view_type *cur = view_current(v, f);
	size_t n = 0, at = 0;
	while (view_types[n]) {
		if (view_types[n] == cur)
			at = n;
		n++;
	}
	for (size_t k = 1; k <= n; k++) {
		const struct view_type *t = view_types[(at + k) % n];
		if (t->cycle && t->applies(f))
			return t;
	}
	return cur;
}

void view_set(struct view *v, const struct fit *f, const struct view_type *t)
{
	v->vt = t;
	if (t->enter)
		t->enter(v, f);
}

const struct view_type *view_find(const char *name)
{
	for (size_t i = 0; name && view_types[i]; i++)
		if (strcmp(view_types[i]->name, name) == 0)
			return view_types[i];
	return NULL;
}

char *view_names(char *buf, size_t len)
{
	size_t n = 0;
	if (len)
		buf[0] = 0;
	for (size_t i = 0; view_types[i] && n < len; i++)
		n += (size_t)snprintf(buf + n, len - n, "%s%s", i ? ", " : "", view_types[i]->name);
	return buf;
}
