/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ui-sixel.c: the terminal's side of real pixels (key I): the start-up query (does
 * the terminal show sixel images, how big are its cells), read straight from the
 * terminal before curses reads anything (keys typed meanwhile are given back), and
 * the picture written over the plot area after a frame. The picture itself comes
 * from the core (sixel.c: gnuplot's sixelgd). */
#define _XOPEN_SOURCE_EXTENDED 1
#include <curses.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "sixel.h"
#include "ui.h"
#include "util.h"

static int ui_sixel_cw, ui_sixel_ch; /* a cell's pixels as the terminal said, or 0 */

/* Write all of b to the terminal. 0, or -1. */
static int put_all(const char *b, size_t n)
{
	while (n) {
		ssize_t w = write(STDOUT_FILENO, b, n);
		if (w < 0) {
			struct pollfd p = {.fd = STDOUT_FILENO, .events = POLLOUT};
			if (poll(&p, 1, 1000) <= 0)
				return -1;
			continue;
		}
		b += w;
		n -= (size_t)w;
	}
	return 0;
}

void ui_sixel_probe(struct app *a)
{
	char buf[512], keep[512];
	size_t n = 0, nkeep = 0;
	struct sixel_answer ans;
	memset(&ans, 0, sizeof ans);
	a->pixels_ok = 0;
	if (put_all(SIXEL_QUERY, sizeof SIXEL_QUERY - 1) != 0) {
		snprintf(a->pixels_why, sizeof a->pixels_why, "the terminal could not be asked");
		return;
	}
	double end = fp_now() + SIXEL_WAIT_MS / 1000.0;
	for (;;) {
		sixel_answer_parse(buf, n, &ans, keep, sizeof keep, &nkeep);
		int ms = (int)((end - fp_now()) * 1000);
		if (ans.done || n == sizeof buf || ms <= 0)
			break;
		struct pollfd p = {.fd = STDIN_FILENO, .events = POLLIN};
		if (poll(&p, 1, ms) <= 0 || !(p.revents & POLLIN))
			break;
		ssize_t r = read(STDIN_FILENO, buf + n, sizeof buf - n);
		if (r <= 0)
			break;
		n += (size_t)r;
	}
	if (!ans.done) { /* no answer in time: what came were keys */
		memcpy(keep, buf, n);
		nkeep = n;
	}
	for (size_t i = nkeep; i-- > 0;) /* back to curses, in order (ungetch is LIFO) */
		ungetch((unsigned char)keep[i]);
	ui_sixel_cw = ans.cell_w;
	ui_sixel_ch = ans.cell_h;
	a->pixels_ok = ans.sixel;
	if (!ans.done)
		snprintf(a->pixels_why, sizeof a->pixels_why,
			 "the terminal did not answer the device attributes request (ESC [ c) "
			 "within %.1f s",
			 SIXEL_WAIT_MS / 1000.0);
	else if (!ans.sixel)
		snprintf(a->pixels_why, sizeof a->pixels_why,
			 "this terminal does not announce sixel images (attributes %s, no 4)",
			 ans.attrs);
}

/* A cell's pixels: the kernel's window size when the terminal filled it in, else its
 * answer to CSI 16 t, else SIXEL_CELL_W x SIXEL_CELL_H (*assumed 1). */
static void cell_pixels(int *cw, int *ch, int *assumed)
{
	struct winsize ws;
	*assumed = 0;
	if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_xpixel && ws.ws_ypixel &&
	    ws.ws_col && ws.ws_row) {
		*cw = ws.ws_xpixel / ws.ws_col;
		*ch = ws.ws_ypixel / ws.ws_row;
		if (*cw > 0 && *ch > 0)
			return;
	}
	if (ui_sixel_cw > 0 && ui_sixel_ch > 0) {
		*cw = ui_sixel_cw;
		*ch = ui_sixel_ch;
		return;
	}
	*cw = SIXEL_CELL_W;
	*ch = SIXEL_CELL_H;
	*assumed = 1;
}

static struct sixel_job ui_sixel_job;		     /* the picture being drawn, or none */
static int ui_sixel_w, ui_sixel_h, ui_sixel_assumed; /* its size; cells assumed 10x20 */

void ui_sixel_start(struct app *a)
{
	char err[FP_ERRLEN], msg[FP_ERRLEN + 64];
	int cw, ch;
	struct rect r = a->v.lo.plot; /* the box; the picture fills its inside */
	a->pixels_req = 0;
	sixel_job_cancel(&ui_sixel_job, 1.0);
	cell_pixels(&cw, &ch, &ui_sixel_assumed);
	ui_sixel_w = (r.w - 2) * cw;
	ui_sixel_h = (r.h - 2) * ch;
	if (sixel_job_start(&ui_sixel_job, a->f, ui_sixel_w, ui_sixel_h, err) != FP_OK) {
		snprintf(msg, sizeof msg, "real pixels: %s", err);
		app_note(a, msg);
	}
}

int ui_sixel_busy(void)
{
	return ui_sixel_job.pid > 0;
}

void ui_sixel_cancel(void)
{
	sixel_job_cancel(&ui_sixel_job, 1.0);
}

int ui_sixel_poll(struct app *a, char **img, size_t *len)
{
	char err[FP_ERRLEN], msg[FP_ERRLEN + 64];
	double secs;
	int rc;
	*img = NULL;
	if (!sixel_job_poll(&ui_sixel_job, img, len, &secs, &rc, err))
		return 0;
	if (rc != FP_OK)
		snprintf(msg, sizeof msg, "real pixels: %s", err);
	else
		snprintf(msg, sizeof msg,
			 "the plot in real pixels: %dx%d (gnuplot sixelgd, %.1f s%s); any key "
			 "returns",
			 ui_sixel_w, ui_sixel_h, secs,
			 ui_sixel_assumed ? "; cells taken as 10x20 px" : "");
	app_note(a, msg);
	return 1;
}

int ui_sixel_put(struct app *a, const char *img, size_t len)
{
	char at[32];
	struct rect r = a->v.lo.plot;
	/* save the cursor, go inside the box's corner, the picture, the cursor back */
	int n = snprintf(at, sizeof at, "\0337\033[%d;%dH", r.y + 2, r.x + 2);
	if (put_all(at, (size_t)n) != 0 || put_all(img, len) != 0 || put_all("\0338", 2) != 0)
		return -1;
	a->pixels_shown = 1;
	return 0;
}
