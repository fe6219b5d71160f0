/* SPDX-License-Identifier: GPL-3.0-or-later */
/* layout-points.c: the keys of point editing (P): while it is on they move, add
 * and delete data points; every other key keeps its meaning. A test checks that no
 * key is bound twice in this table nor in layout_keys. */
#include "layout.h"

const struct layout_point_key layout_point_keys[] = {
    {LK_LEFT, UP_LEFT},	    {'h', UP_LEFT},    {LK_RIGHT, UP_RIGHT}, {'l', UP_RIGHT},
    {LK_DOWN, UP_DOWN},	    {'j', UP_DOWN},    {LK_UP, UP_UP},	     {'k', UP_UP},
    {LK_BTAB, UP_PREV},	    {LK_TAB, UP_NEXT}, {'i', UP_ADD},	     {'x', UP_DELETE},
    {LK_DELETE, UP_DELETE}, {'P', UP_END},     {LK_ESC, UP_END},     {0, UP_NONE},
};

enum layout_point_action layout_point_action(int key)
{
	for (const struct layout_point_key *k = layout_point_keys; k->key; k++)
		if (k->key == key)
			return k->action;
	return UP_NONE;
}

const char *layout_point_hint(int utf8)
{
	return utf8 ? "points: ←→↑↓ move the marked point, Tab picks another, i adds one on "
		      "the curve, x deletes it; drag a point with the mouse, a click adds one; "
		      "P or Esc ends"
		    : "points: arrows move the marked point, Tab picks another, i adds one on "
		      "the curve, x deletes it; drag a point with the mouse, a click adds one; "
		      "P or Esc ends";
}
