/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ui.c: the explorer's terminal: the only curses code. Locale, terminal checks,
 * signals and tty restoration, the frame loop (about 30 frames a second in AUTO,
 * redraw only on change), keys and mouse into app.c, the cell screen out to
 * curses; headless key scripts go to script.c without a terminal at all. */
#define _XOPEN_SOURCE_EXTENDED 1
#include <curses.h>
#include <langinfo.h>
#include <locale.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <term.h>
#include <termios.h>
#include <unistd.h>
#include <wchar.h>

#include "outfile.h"
#include "record.h"
#include "lesson.h"
#include "ui.h"
#include "util.h"

#define UI_FPS		30  /* AUTO frames per second */
#define UI_IDLE_MS	250 /* poll for signals this often when idle */
#define UI_KEY_DELAY_MS 250 /* live key scripts: pause between keys */
#define UI_TYPEAHEAD_MS 100 /* keys waiting: draw at most this often */
#define UI_EXPORT_MS	30  /* an export under way: check on it this often */

static volatile sig_atomic_t ui_signal; /* SIGINT/SIGTERM/SIGHUP received */
static struct termios ui_tty_saved;	/* the terminal as we found it */
static int ui_tty_saved_ok;
static int ui_curses_on;	 /* curses is active */
static char ui_restore_seq[256]; /* what the crash handler writes */
static size_t ui_restore_len;
static SCREEN *ui_scr;
static const char *ui_test_crash; /* FITPLAY_TEST_CRASH: crash at the first key (tests) */

static void on_signal(int sig)
{
	ui_signal = sig;
}

/* Crash: give the terminal back with async-signal-safe calls only, then die. */
static void on_crash(int sig)
{
	if (ui_curses_on) {
		if (ui_restore_len)
			(void)!write(STDOUT_FILENO, ui_restore_seq, ui_restore_len);
		if (ui_tty_saved_ok)
			tcsetattr(STDIN_FILENO, TCSAFLUSH, &ui_tty_saved);
	}
	signal(sig, SIG_DFL);
	raise(sig);
}

/* The test hook: die of SIGABRT ("abort") or of a real SIGSEGV (anything else: a
 * store into a read-only page), as a bug would, with curses on. */
static void ui_crash_now(const char *how)
{
	if (strcmp(how, "abort") == 0)
		abort();
	volatile char *p = mmap(NULL, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p != MAP_FAILED)
		p[0] = 1;
	raise(SIGSEGV);
}

/* ---- the mouse: ncurses reports presses and releases (mode 1000, X10 or SGR
 * form after the terminfo's kmous/XM); dragging needs the terminal's "button-event
 * tracking" (1002) on top, sent by us after ncurses' own mode (setting one mode
 * replaces the other), and turned off again on every way out. ---- */

static const char ui_drag_on[] = "\033[?1002h", ui_drag_off[] = "\033[?1002l";
static volatile sig_atomic_t ui_drag_want; /* 1002 to (re)send after the next update */
static volatile sig_atomic_t ui_drag_sent; /* 1002 is on in the terminal */
static struct sigaction ui_tstp_curses;	   /* ncurses' own SIGTSTP handler */

/* Ctrl-Z: 1002 off before ncurses gives the terminal back, on again after fg. */
static void on_tstp(int sig)
{
	if (ui_drag_sent)
		(void)!write(STDOUT_FILENO, ui_drag_off, sizeof ui_drag_off - 1);
	ui_drag_sent = 0;
	if (ui_tstp_curses.sa_handler != SIG_DFL && ui_tstp_curses.sa_handler != SIG_IGN)
		ui_tstp_curses.sa_handler(sig);
	ui_drag_want = 1;
}

/* 1 when the terminal reports the mouse as xterm does ("\033[M" or "\033[<"). */
static int ui_mouse_xterm(void)
{
	char *km = tigetstr("kmous");
	return km && km != (char *)-1 && strncmp(km, "\033[", 2) == 0;
}

/* Mouse reporting on (not with --no-mouse: nothing is sent to the terminal then). */
static void ui_mouse_start(const struct app *a)
{
	if (!a->mouse)
		return;
	mouseinterval(0); /* presses and releases as they come, no click resolution */
	mousemask(BUTTON1_PRESSED | BUTTON1_RELEASED | BUTTON1_CLICKED | BUTTON3_PRESSED |
		      BUTTON4_PRESSED | BUTTON5_PRESSED | REPORT_MOUSE_POSITION | BUTTON_SHIFT |
		      BUTTON_CTRL | BUTTON_ALT,
		  NULL);
	if (!ui_mouse_xterm())
		return;
	ui_drag_want = 1;
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	if (sigaction(SIGTSTP, NULL, &ui_tstp_curses) == 0 &&
	    ui_tstp_curses.sa_handler != SIG_DFL && ui_tstp_curses.sa_handler != SIG_IGN &&
	    !(ui_tstp_curses.sa_flags & SA_SIGINFO)) {
		sa.sa_handler = on_tstp;
		sa.sa_mask = ui_tstp_curses.sa_mask;
		sa.sa_flags = ui_tstp_curses.sa_flags;
		sigaction(SIGTSTP, &sa, NULL);
	}
}

/* At the top of each turn of the loop: 1002 on when wanted, after an update that
 * sends ncurses' own mouse mode first (at the start, and after fg). */
static void ui_mouse_track(void)
{
	if (!ui_drag_want)
		return;
	ui_drag_want = 0;
	doupdate();
	if (write(STDOUT_FILENO, ui_drag_on, sizeof ui_drag_on - 1) > 0)
		ui_drag_sent = 1;
}

/* 1002 off (every way out; the crash handler writes ui_restore_seq, which has it). */
static void ui_mouse_stop(void)
{
	if (ui_drag_sent)
		(void)!write(STDOUT_FILENO, ui_drag_off, sizeof ui_drag_off - 1);
	ui_drag_sent = 0;
	ui_drag_want = 0;
}

/* A KEY_MOUSE: the report into app_mouse. */
static void ui_mouse_event_(struct app *a);
/* A KEY_MOUSE, recorded (--record) by its effect on the coefficients. */
static void ui_mouse_event(struct app *a)
{
	if (a->rec)
		record_mouse_begin(a->rec);
	ui_mouse_event_(a);
	if (a->rec)
		record_mouse_end(a->rec, a);
}

static void ui_mouse_event_(struct app *a)
{
	MEVENT me;
	if (getmouse(&me) != OK || !a->mouse)
		return;
	if (a->pixels_shown) { /* the picture goes with the mouse too */
		a->pixels_shown = 0;
		a->repaint = 1;
	}
	mmask_t b = me.bstate;
	int mods = b & (BUTTON_SHIFT | BUTTON_CTRL | BUTTON_ALT) ? APP_MOUSE_MOD : 0;
	if (b & BUTTON1_PRESSED)
		app_mouse(a, APP_MOUSE_PRESS, me.x, me.y, mods);
	else if (b & BUTTON1_RELEASED)
		app_mouse(a, APP_MOUSE_RELEASE, me.x, me.y, mods);
	else if (b & BUTTON1_CLICKED)
		app_click(a, me.x, me.y);
	else if (b & BUTTON3_PRESSED)
		app_mouse(a, APP_MOUSE_PRESS3, me.x, me.y, mods);
	else if (b & BUTTON4_PRESSED)
		app_mouse(a, APP_MOUSE_WHEEL_UP, me.x, me.y, mods);
	else if (b & BUTTON5_PRESSED)
		app_mouse(a, APP_MOUSE_WHEEL_DOWN, me.x, me.y, mods);
	else if (b & REPORT_MOUSE_POSITION)
		app_mouse(a, APP_MOUSE_DRAG, me.x, me.y, mods);
}

static void ui_restore(void)
{
	if (ui_curses_on) {
		ui_mouse_stop();
		endwin();
		ui_curses_on = 0;
		if (ui_tty_saved_ok)
			tcsetattr(STDIN_FILENO, TCSAFLUSH, &ui_tty_saved);
	}
}

static void add_cap(const char *name)
{
	char *s = tigetstr((char *)name);
	if (!s || s == (char *)-1)
		return;
	size_t n = strlen(s);
	/* only capabilities without padding or parameters */
	if (strchr(s, '$') || strchr(s, '%') || ui_restore_len + n >= sizeof ui_restore_seq)
		return;
	memcpy(ui_restore_seq + ui_restore_len, s, n);
	ui_restore_len += n;
}

/* Check TERM before curses sees it. Returns FP_OK or FP_EINPUT with a message. */
static int check_term(char *err)
{
	const char *term = getenv("TERM");
	if (!term || !*term)
		return fp_err(
		    err, FP_EINPUT,
		    "TERM is not set: cannot drive this terminal (try TERM=xterm-256color, "
		    "or --batch)");
	if (strcmp(term, "dumb") == 0)
		return fp_err(
		    err, FP_EINPUT,
		    "TERM=dumb has no cursor addressing: the explorer needs a full-screen "
		    "terminal (use --batch)");
	int e = 0;
	if (setupterm((char *)term, STDOUT_FILENO, &e) != OK)
		return fp_err(err, FP_EINPUT,
			      "TERM=%.60s: unknown terminal type (no terminfo entry); try "
			      "TERM=xterm-256color, or --batch",
			      term);
	char *cup = tigetstr("cup");
	int ok = cup && cup != (char *)-1;
	ui_restore_len = 0;
	if (ok) {
		add_cap("sgr0");
		add_cap("cnorm");
		add_cap("rmkx"); /* else the shell's arrow keys stay in keypad mode */
		add_cap("rmcup");
		const char *mouse_off = "\033[?1000l\033[?1002l\033[?1006l";
		if (strstr(term, "xterm") || strstr(term, "screen") || strstr(term, "tmux") ||
		    ui_mouse_xterm()) {
			size_t n = strlen(mouse_off);
			if (ui_restore_len + n < sizeof ui_restore_seq) {
				memcpy(ui_restore_seq + ui_restore_len, mouse_off, n);
				ui_restore_len += n;
			}
		}
	}
	del_curterm(cur_term);
	if (!ok)
		return fp_err(
		    err, FP_EINPUT,
		    "TERM=%.60s has no cursor addressing: the explorer needs a full-screen "
		    "terminal (use --batch)",
		    term);
	return FP_OK;
}

static int colors_on;

static void setup_colors(void)
{
	const char *nc = getenv("NO_COLOR");
	colors_on = 0;
	if ((nc && *nc) || !has_colors())
		return;
	if (start_color() != OK)
		return;
	short bg = -1;
	if (use_default_colors() != OK)
		bg = COLOR_BLACK;
	static const short fg[RR_COUNT] = {
	    [RR_NONE] = -1,	      [RR_CURVE] = COLOR_GREEN,	 [RR_DATA] = COLOR_MAGENTA,
	    [RR_AXIS] = -1,	      [RR_TITLE] = COLOR_CYAN,	 [RR_GOOD] = COLOR_GREEN,
	    [RR_WARN] = COLOR_YELLOW, [RR_BAD] = COLOR_RED,	 [RR_UNIT] = COLOR_BLUE,
	    [RR_GHOST] = -1,	      [RR_HEAT0] = COLOR_BLUE,	 [RR_HEAT1] = COLOR_CYAN,
	    [RR_HEAT2] = COLOR_GREEN, [RR_HEAT3] = COLOR_YELLOW, [RR_HEAT4] = COLOR_RED,
	};
	for (int r = 1; r < RR_COUNT && r < COLOR_PAIRS; r++)
		init_pair((short)r, fg[r] < 0 && bg == COLOR_BLACK ? COLOR_WHITE : fg[r], bg);
	colors_on = 1;
}

static attr_t curses_attr(uint16_t a, short *pair)
{
	attr_t c = A_NORMAL;
	if (a & RA_BOLD)
		c |= A_BOLD;
	if (a & RA_REVERSE)
		c |= A_REVERSE;
	if (a & RA_DIM)
		c |= A_DIM;
	if (a & RA_UNDERLINE)
		c |= A_UNDERLINE;
	*pair = colors_on ? (short)RA_ROLE_OF(a) : 0;
	return c;
}

/* Copy the cell screen into curses: rows that changed since `prev`, in runs of
 * equal attributes. */
static void paint(const struct screen *s, const struct screen *prev, int all)
{
	char buf[4096];
	for (int y = 0; y < s->h; y++) {
		const struct cell *row = s->c + (size_t)y * (size_t)s->w;
		if (!all && prev->w == s->w && prev->h == s->h &&
		    memcmp(row, prev->c + (size_t)y * (size_t)s->w, (size_t)s->w * sizeof *row) ==
			0)
			continue;
		int x = 0;
		while (x < s->w) {
			uint16_t at = row[x].attr;
			int x0 = x;
			size_t n = 0;
			while (x < s->w && row[x].attr == at && n + 8 < sizeof buf) {
				uint32_t ch = row[x].ch ? row[x].ch : ' ';
				/* One cell, one column: wide, combining, zero-width and (in a
				 * non-UTF-8 locale) unprintable characters, e.g. from a file
				 * name, would shift the rest of the row. */
				if (ch >= 0x80 && wcwidth((wchar_t)ch) != 1)
					ch = '?';
				n += (size_t)raster_utf8(ch, buf + n);
				x++;
			}
			short pair;
			attr_t ca = curses_attr(at, &pair);
			attr_set(ca, pair, NULL);
			mvaddnstr(y, x0, buf, (int)n);
		}
	}
	attr_set(A_NORMAL, 0, NULL);
}

static int map_key(int rc, wint_t ch)
{
	if (rc == KEY_CODE_YES) {
		switch (ch) {
		case KEY_UP:
			return LK_UP;
		case KEY_DOWN:
			return LK_DOWN;
		case KEY_LEFT:
			return LK_LEFT;
		case KEY_RIGHT:
			return LK_RIGHT;
		case KEY_SLEFT:
			return LK_SLEFT;
		case KEY_SRIGHT:
			return LK_SRIGHT;
		case KEY_PPAGE:
			return LK_PGUP;
		case KEY_NPAGE:
			return LK_PGDN;
		case KEY_HOME:
			return LK_HOME;
		case KEY_END:
			return LK_END;
		case KEY_BTAB:
			return LK_BTAB;
		case KEY_BACKSPACE:
			return LK_BACKSPACE;
		case KEY_DC:
			return LK_DELETE;
		case KEY_ENTER:
			return LK_ENTER;
		case KEY_F(1):
			return LK_F1;
		case KEY_F(10):
			return LK_F10;
		case KEY_RESIZE:
			return LK_RESIZE;
		case KEY_MOUSE:
			return LK_MOUSE;
		default:
			return -1;
		}
	}
	if (ch == '\r' || ch == '\n')
		return LK_ENTER;
	if (ch == 127 || ch == 8)
		return LK_BACKSPACE;
	return (int)ch;
}

/* Did the keyboard go away? A hung-up or closed stdin makes get_wch() return ERR at
 * once, for ever; SIGHUP only comes when it was our controlling terminal. */
static int ui_input_gone(void)
{
	struct pollfd p = {.fd = STDIN_FILENO, .events = POLLIN};
	return poll(&p, 1, 0) == 1 && (p.revents & (POLLHUP | POLLERR | POLLNVAL));
}

/* Is a key waiting to be read? */
static int ui_input_waiting(void)
{
	struct pollfd p = {.fd = STDIN_FILENO, .events = POLLIN};
	return poll(&p, 1, 0) == 1 && (p.revents & POLLIN);
}

/* Draw a frame: the app's screen at the terminal's size, painted over `prev` (what
 * the terminal shows; all: everything, after a resize), prev then updated. FP_OK,
 * or FP_EFAIL (no memory for the screen). */
static int ui_frame(struct app *a, struct screen *prev, int all)
{
	int h, w;
	getmaxyx(stdscr, h, w);
	if (app_render(a, w, h) != FP_OK)
		return FP_EFAIL;
	if (all || a->repaint) {
		if (a->repaint)
			clearok(curscr, TRUE);
		erase();
	}
	if (all || a->repaint || !screen_equal(&a->scr, prev)) {
		paint(&a->scr, prev, all || a->repaint);
		wnoutrefresh(stdscr);
		doupdate();
		if (screen_resize(prev, a->scr.w, a->scr.h) == FP_OK)
			memcpy(prev->c, a->scr.c,
			       (size_t)a->scr.w * (size_t)a->scr.h * sizeof *prev->c);
	}
	a->repaint = 0;
	return FP_OK;
}

/* The picture of I is there: the frame that says so, then the picture over the plot.
 * Returns 0 (nothing left to draw) or 1 (draw again: no picture). */
static int ui_pixels(struct app *a, struct screen *prev)
{
	char *img;
	size_t len;
	if (!ui_sixel_poll(a, &img, &len))
		return 0;
	int rc = ui_frame(a, prev, 0) != FP_OK || !img || ui_sixel_put(a, img, len) != 0;
	fp_free(img);
	return rc;
}

/* Play the key script's event e at time now: *next_ev is when the next one is due,
 * *key_delay the pause after a key (SCRIPT_DELAY sets it). */
static void ui_script_event(struct app *a, const struct script_ev *e, double now, double *next_ev,
			    double *key_delay)
{
	*next_ev = now + *key_delay;
	switch (e->kind) {
	case SCRIPT_KEY:
		ui_sixel_cancel(); /* the picture of an I just before: too late now */
		app_key(a, e->key);
		break;
	case SCRIPT_WAIT:
		*next_ev = now + (double)e->n / UI_FPS;
		break;
	case SCRIPT_SAY:
		app_say(a, e->text);
		*next_ev = now;
		break;
	case SCRIPT_DELAY:
		*key_delay = (double)e->n / 1000.0;
		*next_ev = now;
		break;
	case SCRIPT_SIZE:
		*next_ev = now;
		break;
	case SCRIPT_PAUSE: /* the next key goes on (live_loop) */
		*next_ev = 1e300;
		break;
	}
}

/* Y's command to the terminal's clipboard: OSC 52 ("ESC ] 52 ; c ; BASE64 BEL"),
 * which xterm, kitty, iTerm2, WezTerm and tmux (set-clipboard on) take; others
 * ignore it. Sent between frames, only when a->clip_ok (ui_run decides). */
static void ui_clip_send(struct app *a)
{
	static const char b64[] =
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	if (!a->clip)
		return;
	size_t n = strlen(a->clip), k = 0;
	char *out = fp_malloc(4 * (n / 3 + 1) + 16);
	if (out) {
		const unsigned char *p = (const unsigned char *)a->clip;
		k = (size_t)sprintf(out, "\033]52;c;");
		for (size_t i = 0; i < n; i += 3) {
			unsigned v = (unsigned)p[i] << 16 |
				     (i + 1 < n ? (unsigned)p[i + 1] << 8 : 0) |
				     (i + 2 < n ? p[i + 2] : 0);
			out[k++] = b64[v >> 18 & 63];
			out[k++] = b64[v >> 12 & 63];
			out[k++] = i + 1 < n ? b64[v >> 6 & 63] : '=';
			out[k++] = i + 2 < n ? b64[v & 63] : '=';
		}
		out[k++] = '\a';
		fflush(stdout);
		(void)!write(STDOUT_FILENO, out, k);
		fp_free(out);
	}
	fp_free(a->clip);
	a->clip = NULL;
}

/* The live loop. `sc` is a key script to replay first, or NULL. */
static int live_loop(struct app *a, const struct script *sc, char *err)
{
	struct screen prev;
	memset(&prev, 0, sizeof prev);
	double frame_dt = 1.0 / UI_FPS;
	double next_frame = fp_now();
	size_t si = 0;
	double next_ev = fp_now() + 0.5, key_delay = UI_KEY_DELAY_MS / 1000.0;
	int dirty = 1, all = 1;
	int rc = FP_OK;
	double drawn_at = 0;
	while (!a->quit && !ui_signal) {
		ui_mouse_track();
		/* Keys already waiting (a paste, a held key): take them first, drawing at
		 * most every UI_TYPEAHEAD_MS, or a 10 kB paste would draw 10 000 frames. */
		if (dirty && !all && ui_input_waiting() &&
		    fp_now() < drawn_at + UI_TYPEAHEAD_MS / 1000.0)
			dirty = 2; /* still to draw */
		else if (dirty) {
			drawn_at = fp_now();
			if (ui_frame(a, &prev, all) != FP_OK) {
				rc = fp_err(err, FP_EFAIL, "out of memory");
				break;
			}
			dirty = all = 0;
		}
		/* How long to wait for a key: the next AUTO frame or script event. */
		double now = fp_now(), until = now + UI_IDLE_MS / 1000.0;
		if (app_busy(a) && next_frame < until)
			until = next_frame;
		if ((app_exporting(a) || ui_sixel_busy()) && now + UI_EXPORT_MS / 1000.0 < until)
			until = now + UI_EXPORT_MS / 1000.0;
		else if (sc && si < sc->n && next_ev < until)
			until = next_ev;
		if (a->lr && lesson_due(a) < until)
			until = lesson_due(a) > now ? lesson_due(a) : now;
		int ms = (int)((until - now) * 1000 + 0.5);
		timeout(ms < 0 ? 0 : ms);
		wint_t ch;
		int r = get_wch(&ch);
		now = fp_now();
		if (r == ERR && ui_input_gone()) {
			ui_signal =
			    SIGHUP; /* stdin hung up (not our controlling tty): no busy loop */
			break;
		}
		if (r != ERR) {
			int key = map_key(r, ch);
			if (key == LK_RESIZE) {
				all = 1;
			} else if (key == LK_MOUSE) {
				ui_mouse_event(a);
			} else if (key >= 0) {
				if (ui_test_crash)
					ui_crash_now(ui_test_crash);
				if (sc && si > 0 && si < sc->n &&
				    sc->ev[si - 1].kind == SCRIPT_PAUSE && key != 'q' &&
				    key != LK_F10) {
					next_ev = now; /* a pause: the key goes on */
				} else if (sc && si < sc->n) {
					si = sc->n; /* the user takes over */
					app_say(a, "");
					app_key(a, key);
					app_note(
					    a, "key script stopped: your turn (? shows the keys)");
				} else {
					app_key(a, key);
				}
				if (a->rec)
					record_sync(a->rec, a);
			}
			ui_clip_send(a);
			dirty = 1;
			if (app_busy(a) && next_frame < now)
				next_frame = now;
		}
		if (r != ERR && ui_sixel_busy()) /* a key, a click, a resize: no picture */
			ui_sixel_cancel();
		if (a->pixels_req) /* I: the picture drawn in a child, shown when there */
			ui_sixel_start(a);
		if (ui_sixel_busy() && ui_pixels(a, &prev))
			dirty = 1;
		if (app_exporting(a) && app_export_poll(a)) {
			dirty = 1;
			if (sc && si < sc->n && next_ev < now + key_delay)
				next_ev = now + key_delay; /* a script shows the result first */
		}
		/* A key script waits for its exports, as headless (the next key may need
		 * the file, and the picture is the one at the key). */
		if (sc && si < sc->n && now >= next_ev && !app_exporting(a)) {
			ui_script_event(a, &sc->ev[si++], now, &next_ev, &key_delay);
			ui_clip_send(a);
			dirty = 1;
			if (si == sc->n && !a->quit)
				app_note(a,
					 "key script done: your turn (? shows the keys, q quits)");
		}
		if (a->lr && lesson_poll(a, now))
			dirty = 1;
		if (app_busy(a) && now >= next_frame) {
			int was_auto = a->v.autorun;
			if (app_tick(a))
				dirty = 1;
			if (was_auto && a->rec)
				record_frame(a->rec); /* a script's `wait` counts these */
			next_frame += frame_dt;
			if (next_frame < now - frame_dt)
				next_frame = now + frame_dt; /* fell behind: do not catch up */
		} else if (!app_busy(a)) {
			next_frame = now;
		}
	}
	screen_free(&prev);
	return rc;
}

/* The explorer's signal handlers: SIGINT, SIGTERM, SIGHUP end the loop (ui_signal);
 * a crash restores the terminal first; SIGPIPE ignored; the terminal restored at exit. */
static void ui_signals_install(void)
{
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	sa.sa_handler = on_crash;
	sa.sa_flags = SA_RESETHAND;
	sigaction(SIGSEGV, &sa, NULL);
	sigaction(SIGABRT, &sa, NULL);
	sigaction(SIGBUS, &sa, NULL);
	sigaction(SIGFPE, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
	atexit(ui_restore);
}

/* --record FILE: a name that cannot work is refused before the explorer starts. */
static int ui_record_check(const struct config *cfg, char *err)
{
	struct outfile o;
	if (!cfg->explorer.record_path)
		return FP_OK;
	if (outfile_begin(&o, cfg->explorer.record_path, err) != FP_OK)
		return FP_EINPUT;
	outfile_abort(&o);
	return FP_OK;
}

/* The recording written when the explorer ends (even after a signal); returns the
 * run's status, or the recording's failure when the run went well. */
static int ui_record_finish(const struct config *cfg, struct app *a, int rc, char *err)
{
	if (!a->rec)
		return rc;
	char why[FP_ERRLEN];
	int rrc = record_save(a->rec, cfg->explorer.record_path, why);
	record_done(a->rec);
	a->rec = NULL;
	if (rrc && !rc) {
		snprintf(err, FP_ERRLEN, "%s", why);
		return rrc;
	}
	if (rrc)
		fprintf(stderr, "fitplay: %s\n", why);
	return rc;
}

/* The terminal for the explorer: curses on it (newterm), the terminal's abilities
 * asked (sixel), the mouse, the frame budgets. FP_OK, or an error with nothing on. */
static int curses_start(struct app *a, char *err)
{
	const char *term = getenv("TERM");
	if (term && strncmp(term, "linux", 5) == 0) {
		a->v.glyphs = RASTER_ASCII; /* the console's fonts have no Braille */
		a->ascii_term = 1;
	}
	ui_tty_saved_ok = tcgetattr(STDIN_FILENO, &ui_tty_saved) == 0;
	ui_signals_install();
	ui_scr = newterm(NULL, stdout, stdin);
	if (!ui_scr)
		return fp_err(err, FP_EINPUT, "cannot start the terminal (TERM=%s)", term);
	set_term(ui_scr);
	ui_curses_on = 1;
	cbreak();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	curs_set(0);
	set_escdelay(25);
	setup_colors();
	ui_sixel_probe(a); /* before curses reads a key */
	ui_mouse_start(a);
	a->budget = 0.6 / UI_FPS; /* stepping leaves 40% of a frame for drawing and keys */
	a->export_async = 1;	  /* e, E: in a child; the screen stays live */
	/* Y: OSC 52 to terminals that may take it (not the console, not dumb ones;
	 * FITPLAY_NO_OSC52 turns it off) */
	a->clip_ok = !(term && (strncmp(term, "linux", 5) == 0 || strcmp(term, "dumb") == 0)) &&
		     !getenv("FITPLAY_NO_OSC52");
	a->v.land_budget = 0.3 / UI_FPS; /* the landscape's rows: the rest of it */
	return FP_OK;
}

/* Curses off and the terminal as it was. */
static void curses_stop(struct app *a)
{
	app_export_cancel(a); /* a signal or a lost terminal during an export */
	ui_sixel_cancel();
	ui_mouse_stop();
	endwin();
	ui_curses_on = 0;
	delscreen(ui_scr);
	ui_scr = NULL;
	if (ui_tty_saved_ok)
		tcsetattr(STDIN_FILENO, TCSAFLUSH, &ui_tty_saved);
}

/* The live explorer on the terminal, then --dump and --record's file. */
static int run_live(struct config *cfg, struct app *a, struct script *sc, char *err)
{
	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO))
		return fp_err(err, FP_EINPUT,
			      "the explorer needs a terminal (or --keys with --dump)");
	int rc = check_term(err);
	if (rc)
		return rc;
	if ((rc = curses_start(a, err)) != FP_OK)
		return rc;
	struct record rec;
	memset(&rec, 0, sizeof rec);
	if (cfg->explorer.record_path && record_init(&rec, err) == FP_OK) {
		a->rec = &rec;
		record_sync(&rec, a);
	}
	rc = cfg->explorer.record_path && !a->rec ? FP_EFAIL : live_loop(a, sc, err);
	curses_stop(a);
	if (rc == FP_OK && cfg->explorer.dump_path)
		rc = app_dump(a, cfg->explorer.dump_path, err);
	rc = ui_record_finish(cfg, a, rc, err);
	if (rc == FP_OK && ui_signal)
		rc = 128 + ui_signal;
	return rc;
}

int ui_run(struct config *cfg, struct data *data, struct fit *f, char *err)
{
	setlocale(LC_ALL, "");
	setlocale(LC_NUMERIC, "C");
	const char *cs = nl_langinfo(CODESET);
	int utf8 = cs && (strcmp(cs, "UTF-8") == 0 || strcmp(cs, "utf8") == 0);
	unsetenv("LINES");
	unsetenv("COLUMNS");
	ui_test_crash = getenv("FITPLAY_TEST_CRASH");
	if (ui_test_crash && !*ui_test_crash)
		ui_test_crash = NULL;

	struct script sc;
	memset(&sc, 0, sizeof sc);
	int have_script = 0;
	if (cfg->explorer.keys_path) {
		int rc = script_load(cfg->explorer.keys_path, &sc, err);
		if (rc)
			return rc;
		have_script = 1;
	}
	if (ui_record_check(cfg, err) != FP_OK) {
		script_free(&sc);
		return FP_EINPUT;
	}
	struct app a;
	int rc = app_init(&a, cfg, data, f, utf8, err);
	const struct lesson *lesson = cfg->lesson.loaded;
	struct lesson_run lr;
	int lesson_on = 0;
	int headless = (cfg->explorer.keys_path || lesson) && cfg->explorer.dump_path;
	size_t chapter = cfg->lesson.chapter ? cfg->lesson.chapter - 1 : 0;
	if (!rc && lesson &&
	    (rc = lesson_run_start(&lr, &a, lesson, cfg, chapter, !headless, err)) == FP_OK)
		lesson_on = 1;
	if (!rc && headless) {
		int w = cfg->explorer.w ? cfg->explorer.w : 100;
		int h = cfg->explorer.h ? cfg->explorer.h : 30;
		rc = script_run_headless(&a, &sc, w, h, cfg->explorer.dump_path, err);
	} else if (!rc) {
		rc = run_live(cfg, &a, have_script ? &sc : NULL, err);
	}
	app_done(&a);
	script_free(&sc);
	if (lesson_on)
		lesson_run_done(&lr);
	return rc;
}
