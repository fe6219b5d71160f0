/* SPDX-License-Identifier: GPL-3.0-or-later */
/* layout-keys.c: the explorer's key table (the dispatcher, the key bar and the help
 * all read it), key names for people and scripts, and the keys' labels. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "layout.h"
#include "util.h"
#include "view.h"

/* The key table. An entry with help text starts a help line; the entries after
 * it without help text add their keys to that line. */
const struct layout_key layout_keys[] = {
    {LK_UP, UA_SEL_PREV, "select the coefficient above / below", NULL},
    {LK_DOWN, UA_SEL_NEXT, NULL, NULL},
    {'k', UA_SEL_PREV, NULL, NULL},
    {'j', UA_SEL_NEXT, NULL, NULL},
    {LK_BTAB, UA_SEL_PREV, NULL, NULL},
    {LK_TAB, UA_SEL_NEXT, NULL, NULL},
    {LK_LEFT, UA_DEC, "move the slider one step down / up", NULL},
    {LK_RIGHT, UA_INC, NULL, NULL},
    {'h', UA_DEC, NULL, NULL},
    {'l', UA_INC, NULL, NULL},
    {LK_PGDN, UA_DEC10, "move the slider ten steps down / up", NULL},
    {LK_PGUP, UA_INC10, NULL, NULL},
    {LK_SLEFT, UA_DEC10, NULL, NULL},
    {LK_SRIGHT, UA_INC10, NULL, NULL},
    {LK_ENTER, UA_TYPE, "type the selected coefficient's exact value", NULL},
    {' ', UA_STEP, "one gradient-descent step", "Step"},
    {'g', UA_AUTO, "MANUAL <-> AUTO: descent runs by itself", "Auto"},
    {'+', UA_FASTER, "AUTO pace faster / slower (steps per frame)", NULL},
    {'=', UA_FASTER, NULL, NULL},
    {'-', UA_SLOWER, NULL, NULL},
    {'<', UA_LR_DOWN, "lr down / up: 1-2-5 and a stop just above the limit", "lr-"},
    {'>', UA_LR_UP, NULL, "lr+"},
    {'L', UA_LR_TYPE, "type an exact learning rate", NULL},
    {'u', UA_RULE, "update rule: correct <-> notebook (gradients add up)", NULL},
    {'f', UA_LOSS, "loss: MSE <-> MAE", NULL},
    {'o', UA_OPTIM, "optimizer: gd -> momentum -> adam", NULL},
    {'r', UA_RESET, "reset the coefficients to their start", "Reset"},
    {'n', UA_NOISE, "new noise sample", "Noise"},
    {'t', UA_TARGET, "next target function (quad, sine, abs, step)", NULL},
    {'{', UA_NOISE_DOWN, "generated data: less / more noise (down to none)", NULL},
    {'}', UA_NOISE_UP, NULL, NULL},
    {'m', UA_MODEL, "next model", "Model"},
    {'a', UA_ADD_UNIT, "add a ReLU unit / remove the selected one", NULL},
    {'x', UA_DEL_UNIT, NULL, NULL},
    {'R', UA_REVIVE, "new random starts for the dead ReLU units only", NULL},
    {'v', UA_VIEW, "next view: fit, units, slope, landscape, history, sheet", NULL},
    {'p', UA_PAIR, "landscape: next pair of coefficients", NULL},
    {'[', UA_SCRUB_BACK, "replay the run: back / forward", NULL},
    {']', UA_SCRUB_FWD, NULL, NULL},
    {'b', UA_GHOST, "keep this run as a ghost, start again", NULL},
    {'s', UA_SOLVE, "solver (Levenberg-Marquardt) from here", NULL},
    {'w', UA_SWEEP, "learning-rate sweep: loss against rate", NULL},
    {'G', UA_GUIDES, "guides: true function, least squares", NULL},
    {'d', UA_RESIDUALS, "residuals: point to curve", NULL},
    {'P', UA_POINTS, "edit the data points (arrows, Tab, i, x; P ends)", NULL},
    {'S', UA_SAVE, "save the session / save it to a name you type", NULL},
    {'W', UA_SAVE_AS, NULL, NULL},
    {'Y', UA_COMMAND, "the command that sets this up; to the clipboard", NULL},
    {'e', UA_EXPORT, "export through gnuplot / to a path you type", "Export"},
    {'E', UA_EXPORT_TO, NULL, NULL},
    {'I', UA_PIXELS, "the plot in real pixels (a sixel image) until a key", NULL},
    {'c', UA_GLYPHS, "curve glyphs: Braille -> blocks -> ASCII", NULL},
    {'z', UA_REFIT, "re-fit this view's axes to the data and curve", NULL},
    {'C', UA_CONSOLE, "console: each step as the notebook prints it", "Console"},
    {'?', UA_HELP, "this help (? again: next page; any other key closes)", "Help"},
    {LK_F1, UA_HELP, NULL, NULL},
    {LK_CTRL_L, UA_REDRAW, "redraw the screen", NULL},
    {'q', UA_QUIT, "quit", "Quit"},
    {LK_F10, UA_QUIT, NULL, NULL},
    {0, UA_NONE, NULL, NULL},
};

enum layout_action layout_key_action(int key)
{
	for (size_t i = 0; layout_keys[i].key; i++)
		if (layout_keys[i].key == key)
			return layout_keys[i].action;
	return UA_NONE;
}

static const struct {
	int key;
	const char *name;
} key_names[] = {
    {' ', "Space"},	   {LK_TAB, "Tab"},	 {LK_ENTER, "Enter"},
    {LK_ESC, "Esc"},	   {LK_CTRL_C, "C-c"},	 {LK_CTRL_L, "C-l"},
    {LK_UP, "Up"},	   {LK_DOWN, "Down"},	 {LK_LEFT, "Left"},
    {LK_RIGHT, "Right"},   {LK_SLEFT, "S-Left"}, {LK_SRIGHT, "S-Right"},
    {LK_PGUP, "PgUp"},	   {LK_PGDN, "PgDn"},	 {LK_HOME, "Home"},
    {LK_END, "End"},	   {LK_BTAB, "S-Tab"},	 {LK_BACKSPACE, "Backspace"},
    {LK_DELETE, "Delete"}, {LK_F1, "F1"},	 {LK_F10, "F10"},
    {LK_RESIZE, "Resize"}, {LK_MOUSE, "Mouse"},	 {0, NULL},
};

static const struct {
	const char *alias;
	int key;
} key_aliases[] = {
    {"Return", LK_ENTER}, {"Escape", LK_ESC},	 {"BS", LK_BACKSPACE},
    {"PageUp", LK_PGUP},  {"PageDown", LK_PGDN}, {"BTab", LK_BTAB},
    {"C-L", LK_CTRL_L},	  {"Hash", '#'},	 {NULL, 0},
};

char *layout_key_name(int key, char *buf, size_t len)
{
	for (size_t i = 0; key_names[i].name; i++)
		if (key_names[i].key == key) {
			snprintf(buf, len, "%s", key_names[i].name);
			return buf;
		}
	if (key > 0x20 && key < 0x7f)
		snprintf(buf, len, "%c", key);
	else if (key > 0 && key < 0x20)
		snprintf(buf, len, "C-%c", key + 'a' - 1);
	else if (key >= 0xa0 && key < 0x110000)
		raster_utf8((uint32_t)key, buf), (void)len;
	else
		snprintf(buf, len, "?");
	return buf;
}

int layout_key_parse(const char *tok)
{
	for (size_t i = 0; key_names[i].name; i++)
		if (strcmp(key_names[i].name, tok) == 0)
			return key_names[i].key == LK_RESIZE || key_names[i].key == LK_MOUSE
				   ? -1
				   : key_names[i].key;
	for (size_t i = 0; key_aliases[i].alias; i++)
		if (strcmp(key_aliases[i].alias, tok) == 0)
			return key_aliases[i].key;
	if (tok[0] == 'C' && tok[1] == '-' && tok[2] >= 'a' && tok[2] <= 'z' && !tok[3])
		return tok[2] - 'a' + 1;
	int n;
	uint32_t cp = raster_utf8_decode(tok, &n);
	if (tok[0] && !tok[n] && cp > 0x20 && cp != 0x7f)
		return (int)cp;
	return -1;
}

/* How a key shows in the help and key bar (arrows in UTF-8). */
const char *layout_key_label(int key, int utf8, char *buf, size_t len)
{
	if (utf8) {
		switch (key) {
		case LK_UP:
			return "↑";
		case LK_DOWN:
			return "↓";
		case LK_LEFT:
			return "←";
		case LK_RIGHT:
			return "→";
		case LK_SLEFT:
			return "S-←";
		case LK_SRIGHT:
			return "S-→";
		default:
			break;
		}
	}
	return layout_key_name(key, buf, len);
}
