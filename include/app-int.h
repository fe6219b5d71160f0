/* SPDX-License-Identifier: GPL-3.0-or-later */
/* app-int.h: what the explorer's state machine (src/app.c) shares with its rooms
 * (src/app-lab.c); not for use outside src/app*.c. */
#ifndef FITPLAY_APP_INT_H
#define FITPLAY_APP_INT_H

#include "app.h"

/* A status-line message in colour role `role` (printf-style). */
void app_say_role(struct app *a, int role, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;
/* Free a kept run's buffers and mark it empty. */
void app_ghost_free(struct layout_ghost *g);
/* Drop the sweep's run under way, if any. */
void app_sweep_run_drop(struct app *a);

/* The session, its data or its model changed: cached lab results go stale, work
 * under way for the old session stops. */
void app_changed(struct app *a);
/* The plot title's note on generated data: its noise level (and target). */
void app_noise_note(struct app *a);
/* Set coefficient i by hand (a slider), as the keys do. */
void app_set_coef(struct app *a, size_t i, double val);
/* Move the selected coefficient's slider by `steps` of its step. */
void app_slider_move(struct app *a, int steps);

/* Point editing (src/app-points.c): a point-editing action on the marked point,
 * and the P key's action. */
void app_point_key(struct app *a, enum layout_point_action act);
void app_act_points(struct app *a, int key);

/* The learning-rate lab (src/app-lab.c). */
/* Keep the gauge line (the rate against the limit) fresh. */
void app_gauge_update(struct app *a);
/* Levenberg-Marquardt: start from the current coefficients (s); run up to maxiter
 * iterations of it (a frame's share: app_solve_share). */
void app_solve_start(struct app *a);
void app_solve_chunk(struct app *a, size_t maxiter);
size_t app_solve_share(const struct fit *f);
/* The learning-rate sweep (w): start it; run a frame's share of it. */
void app_sweep_start(struct app *a);
void app_sweep_chunk(struct app *a);
/* Replay the run a snapshot back (dir -1) or forward (+1). */
void app_scrub(struct app *a, int dir);
/* Keep this run as a ghost (up to LAYOUT_GHOSTS) and start again (b). */
void app_ghost_keep(struct app *a);

#endif
