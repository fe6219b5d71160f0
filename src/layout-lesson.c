/* SPDX-License-Identifier: GPL-3.0-or-later */
/* layout-lesson.c: what a lesson adds to the frame: the chapter in the header, its
 * caption above the status line (large enough to read from the back of a room:
 * bold, on rows of its own), the notice of a chapter that cannot be shown, the
 * clicker's keys on the key bar and their lines in the help. No curses. */
#include <string.h>

#include "layout.h"
#include "util.h"
#include "view.h"

const char *const layout_lesson_help[] = {
    "PgDn PgUp\tlesson: next / previous chapter (at a pause PgDn goes on)",
    "Home\tlesson: the first chapter",
    "# N Enter\tlesson: chapter N",
    NULL,
};

/* The first `cols` columns of text (UTF-8 aware) into buf. */
static void first_cols(const char *text, int cols, char *buf, size_t len)
{
	size_t o = 0;
	int c = 0;
	for (const char *p = text; *p && c < cols;) {
		int k;
		raster_utf8_decode(p, &k);
		if (o + (size_t)k + 1 > len)
			break;
		memcpy(buf + o, p, (size_t)k);
		o += (size_t)k;
		p += k;
		c++;
	}
	buf[o] = 0;
}

/* Text cut to `cols` columns into buf; a cut one ends in an ellipsis ("…", or "..."
 * without UTF-8). */
static void cut_cols(const char *text, int cols, int utf8, char *buf, size_t len)
{
	if ((int)layout_text_cols(text) <= cols) {
		first_cols(text, cols, buf, len);
		return;
	}
	const char *dots = utf8 ? "…" : "...";
	int dn = utf8 ? 1 : 3;
	first_cols(text, cols > dn ? cols - dn : 0, buf, len);
	if (cols > dn && strlen(buf) + strlen(dots) < len)
		strcat(buf, dots);
}

int layout_lesson_header(struct screen *s, const struct view *v, const struct rect *r, int room)
{
	char buf[sizeof v->chapter];
	if (room < 12)
		room = 12;
	cut_cols(v->chapter, room - 3, v->utf8, buf, sizeof buf);
	int x = 1 + screen_puts(s, 1, r->y, r->w - 1, buf, RA_ROLE(RR_TITLE) | RA_BOLD);
	return x + 3;
}

void layout_lesson_place(struct view *v)
{
	struct layout *lo = &v->lo;
	lo->chcap = (struct rect){0, 0, 0, 0};
	int k = v->nchcap;
	if (k > 3)
		k = 3;
	if (lo->h < 24 && k > 1)
		k = 1;
	if (lo->h < 16)
		k = 0;
	if (k <= 0)
		return;
	lo->chcap = (struct rect){0, lo->status.y - k, lo->w, k};
	lo->plot.h -= k;
	if (lo->narrow)
		lo->panel.y -= k;
	else
		lo->panel.h -= k;
}

void layout_lesson_caption(struct screen *s, const struct view *v)
{
	const struct rect *r = &v->lo.chcap;
	char buf[512];
	for (int i = 0; i < r->h && i < v->nchcap; i++) {
		cut_cols(v->chcap[i], r->w - 2, v->utf8, buf, sizeof buf);
		screen_puts(s, r->x + 1, r->y + i, r->w - 2, buf, RA_BOLD);
	}
}

/* One paragraph word-wrapped into rows y.. of width w at x; returns the next row. */
static int wrap_para(struct screen *s, int x, int y, int w, int ymax, const char *p, size_t n,
		     uint16_t attr)
{
	char line[512];
	size_t i = 0;
	while (i < n && y < ymax) {
		while (i < n && p[i] == ' ')
			i++;
		size_t end = i, lastsp = 0;
		int cols = 0;
		while (end < n && cols < w) {
			int k;
			raster_utf8_decode(p + end, &k);
			if (p[end] == ' ')
				lastsp = end;
			end += (size_t)k;
			cols++;
		}
		if (end < n && lastsp > i)
			end = lastsp;
		size_t len = end - i < sizeof line - 1 ? end - i : sizeof line - 1;
		memcpy(line, p + i, len);
		line[len] = 0;
		screen_puts(s, x, y++, w, line, attr);
		i = end;
	}
	return y;
}

void layout_lesson_notice(struct screen *s, const struct view *v)
{
	const struct layout *lo = &v->lo;
	int top = lo->plot.y, bottom = lo->chcap.h ? lo->chcap.y : lo->status.y;
	if (lo->console.h && lo->console.y < bottom)
		bottom = lo->console.y;
	int h = bottom - top;
	if (h < 3)
		return;
	screen_box(s, 0, top, lo->w, h, "this chapter needs its data", v->utf8, RA_BOLD);
	int y = top + 2, first = 1;
	for (const char *p = v->notice; *p && y < top + h - 1;) {
		size_t n = strcspn(p, "\n");
		y = wrap_para(s, 3, y, lo->w - 6, top + h - 1, p, n,
			      first ? RA_BOLD | RA_ROLE(RR_WARN) : 0);
		y++;
		first = 0;
		p += n;
		if (*p == '\n')
			p++;
	}
}

int layout_lesson_keybar(struct screen *s, struct view *v, const struct rect *r, int *total)
{
	static const struct {
		int key;
		const char *label, *bar;
	} keys[] = {{LK_PGDN, "PgDn", "Next"}, {LK_PGUP, "PgUp", "Back"}};
	int x = r->x + 1;
	for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++) {
		int x0 = x;
		x += screen_puts(s, x, r->y, -1, keys[i].label, RA_REVERSE | RA_BOLD);
		x += screen_puts(s, x, r->y, -1, " ", 0);
		x += screen_puts(s, x, r->y, -1, keys[i].bar, 0);
		if (v->nhit < LAYOUT_MAX_HITS)
			v->hit[v->nhit++] =
			    (struct layout_hit){r->y, x0, x - 1, 0, LH_KEY, keys[i].key};
		*total += x - x0 + 2;
		x += 2;
	}
	return x;
}
