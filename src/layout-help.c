/* SPDX-License-Identifier: GPL-3.0-or-later */
/* layout-help.c: the help screen, made from the key table: whole sentences in one
 * column as high as the screen, two columns when they fit, else pages turned by ?. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "layout.h"
#include "util.h"
#include "view.h"

/* The keys with what they do; keys that mean nothing for the data (a table's n, t,
 * G, d: layout_table_refusal) are left out, as on the key bar. */
void layout_help_draw(struct screen *s, const struct view *v, const struct fit *f)
{
	char lines[64][256];
	int n = 0;
	char keys[96] = "", kb[32], klist[64][96];
	const char *help = NULL, *htext[64];
	int kw = 0;
	/* A lesson: the clicker's keys first (PgDn and PgUp are theirs then). */
	for (size_t i = 0; v->chapter[0] && layout_lesson_help[i] && n < 64; i++) {
		const char *tab = strchr(layout_lesson_help[i], '\t');
		snprintf(klist[n], sizeof klist[0], "%.*s", (int)(tab - layout_lesson_help[i]),
			 layout_lesson_help[i]);
		htext[n++] = tab + 1;
		if ((int)layout_text_cols(klist[n - 1]) > kw)
			kw = (int)layout_text_cols(klist[n - 1]);
	}
	for (size_t i = 0;; i++) {
		const struct layout_key *k = &layout_keys[i];
		if (!k->key || k->help) {
			if (help && keys[0] && n < 64) {
				snprintf(klist[n], sizeof klist[0], "%s", keys);
				htext[n++] = help;
				if ((int)layout_text_cols(keys) > kw)
					kw = (int)layout_text_cols(keys);
			}
			if (!k->key)
				break;
			help = k->help;
			keys[0] = 0;
		}
		if (layout_table_refusal(f, k->action))
			continue;
		if (v->chapter[0] && (k->key == LK_PGDN || k->key == LK_PGUP))
			continue;
		if (keys[0])
			strncat(keys, " ", sizeof keys - strlen(keys) - 1);
		strncat(keys, layout_key_label(k->key, v->utf8, kb, sizeof kb),
			sizeof keys - strlen(keys) - 1);
	}
	/* The view on screen adds its own keys ("KEYS\twhat they do"). */
	const struct view_type *vt = view_current(v, f);
	for (size_t i = 0; vt->keys_help && vt->keys_help[i] && n < 64; i++) {
		const char *tab = strchr(vt->keys_help[i], '\t');
		if (!tab)
			continue;
		snprintf(klist[n], sizeof klist[0], "%.*s", (int)(tab - vt->keys_help[i]),
			 vt->keys_help[i]);
		htext[n++] = tab + 1;
		if ((int)layout_text_cols(klist[n - 1]) > kw)
			kw = (int)layout_text_cols(klist[n - 1]);
	}
	/* Whole sentences, never cut: one column as high as the screen allows, two
	 * side by side when they fit the width, else pages that `?` turns. */
	int lw[2] = {0, 0}, maxw = 0;
	for (int i = 0; i < n; i++) {
		int pad = kw + 2 - (int)layout_text_cols(klist[i]);
		snprintf(lines[i], sizeof lines[0], "%.95s%*s%.120s", klist[i], pad > 0 ? pad : 1,
			 "", htext[i]);
		int len = (int)layout_text_cols(lines[i]);
		if (len > maxw)
			maxw = len;
	}
	int h = n + 2 < s->h ? n + 2 : s->h;
	int rows = h - 2, cols = 1, pages = 1;
	if (n > rows) {
		int half = (n + 1) / 2;
		for (int i = 0; i < n; i++) {
			int len = (int)layout_text_cols(lines[i]);
			if (len > lw[i >= half])
				lw[i >= half] = len;
		}
		if (half + 2 <= s->h && lw[0] + lw[1] + 7 <= s->w) {
			cols = 2;
			rows = half;
			h = rows + 2;
		} else {
			rows = h - 3; /* a footer line says how to turn the page */
			pages = (n + rows - 1) / rows;
		}
	}
	int w = cols == 2 ? lw[0] + lw[1] + 7 : maxw + 4;
	if (w > s->w)
		w = s->w;
	int page = pages > 1 ? (v->help - 1) % pages : 0;
	int x = (s->w - w) / 2, y = (s->h - h) / 2;
	screen_fill(s, x, y, w, h, ' ', 0);
	screen_box(s, x, y, w, h, pages > 1 ? "keys" : "keys (any key closes this help)", v->utf8,
		   RA_BOLD);
	for (int i = page * rows; i < n && i < (page + 1) * rows * cols; i++) {
		int j = i - page * rows, col = j / rows, row = j % rows;
		int kx = x + 2 + (col ? lw[0] + 3 : 0);
		int cw = cols == 2 ? (col ? w - 4 - lw[0] - 3 : lw[0] + 1) : w - 4;
		screen_puts(s, kx, y + 1 + row, cw, lines[i], 0);
		screen_attr(s, kx, y + 1 + row, kw < cw ? kw : cw, 1, RA_BOLD);
	}
	if (pages > 1) {
		char foot[64];
		snprintf(foot, sizeof foot, "page %d/%d: ? next page, any other key closes",
			 page + 1, pages);
		screen_puts(s, x + 2, y + h - 2, w - 4, foot, RA_DIM);
	}
}
