/* SPDX-License-Identifier: GPL-3.0-or-later */
/* bench-lesson.c: how long a chapter of the built-in lesson takes to turn to, as the
 * clicker's PgDn does it live: its config parsed, its data and session built
 * (app_rebuild), its first frame drawn at 100x30; on the lesson's data (chapters
 * 1-10) and on the Titanic table (11-14, from the reference rows). The chapters'
 * scripted keys are not counted (they play on their timers afterwards). Wall-clock
 * milliseconds, best and median of 15 turns. Prints figures, never fails. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "lesson.h"
#include "setup.h"
#include "util.h"

#define REPS 15

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

int main(void)
{
	char err[FP_ERRLEN], table[1024];
	const char *ref = getenv("FITPLAY_REF");
	snprintf(table, sizeof table, "%s/titanic/titanic-all-rows.csv",
		 ref && *ref ? ref : "../shared/reference");
	struct lesson l;
	if (lesson_load("assets/lesson3.keys", &l, err) != FP_OK) {
		printf("bench-lesson: %s\n", err);
		return 0;
	}
	char *argv[] = {"fitplay", "--lesson", table, NULL};
	struct config cmd, plain;
	enum config_action act;
	struct data data;
	struct fit fit;
	struct app a;
	struct lesson_run r;
	memset(&data, 0, sizeof data);
	memset(&fit, 0, sizeof fit);
	if (options_parse(3, argv, &cmd, &act, err) || options_parse(1, argv, &plain, &act, err) ||
	    setup_data(&plain, &data, err) || setup_fit(&plain, &data, &fit, err) ||
	    app_init(&a, &plain, &data, &fit, 1, err) ||
	    lesson_run_start(&r, &a, &l, &cmd, 0, 1, err)) {
		printf("bench-lesson: %s\n", err);
		return 0;
	}
	printf("chapter turn (PgDn: config, data, session, first frame at 100x30), ms:\n");
	double worst[2] = {0, 0};
	for (size_t k = 0; k < l.n; k++) {
		double t[REPS];
		for (int i = 0; i < REPS; i++) {
			lesson_enter(&a, k == 0 ? 1 : 0); /* from elsewhere */
			double t0 = fp_now();
			lesson_enter(&a, k);
			app_render(&a, 100, 30);
			t[i] = (fp_now() - t0) * 1e3;
		}
		qsort(t, REPS, sizeof t[0], cmp_double);
		int tab = a.data->d > 1;
		if (t[REPS / 2] > worst[tab])
			worst[tab] = t[REPS / 2];
		printf("  %2zu %-36s %s  best %7.2f  median %7.2f\n", k + 1, l.ch[k].title,
		       r.notice[0] ? "(no data)"
		       : tab	   ? "table   "
				   : "lesson  ",
		       t[0], t[REPS / 2]);
	}
	printf("slowest median: lesson data %.2f ms (goal < 50), Titanic table %.2f ms "
	       "(goal < 300)\n",
	       worst[0], worst[1]);
	app_done(&a);
	lesson_run_done(&r);
	fit_done(&fit);
	data_free(&data);
	options_free(&plain);
	options_free(&cmd);
	lesson_free(&l);
	return 0;
}
