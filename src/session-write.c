/* SPDX-License-Identifier: GPL-3.0-or-later */
/* session-write.c: a running state into a session (session_capture), the session as
 * text (session_format) and into a file the safe way (session_save: src/outfile.c). */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "model.h"
#include "outfile.h"
#include "session.h"
#include "util.h"

int session_checksum(const char *path, uint64_t *sum, uint64_t *size, char *err)
{
	char shown[200];
	csv_show(path, strlen(path), 160, shown, sizeof shown);
	int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
	if (fd < 0)
		return fp_err(err, FP_EINPUT, "%s: %s", shown, strerror(errno));
	struct stat st;
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		close(fd);
		return fp_err(err, FP_EINPUT, "%s: not a regular file", shown);
	}
	/* FNV-1a 64 over 8-byte little-endian words (the bytes left at the end one by
	 * one): eight times fewer multiplies than byte by byte. */
	uint64_t h = 14695981039346656037ULL, n = 0;
	static unsigned char b[1 << 16];
	ssize_t r = 0;
	for (;;) {
		size_t got = 0; /* fill the buffer: words never straddle two reads */
		while (got < sizeof b && (r = read(fd, b + got, sizeof b - got)) > 0)
			got += (size_t)r;
		size_t i = 0;
		for (; i + 8 <= got; i += 8) {
			uint64_t w;
			memcpy(&w, b + i, 8);
			h = (h ^ w) * 1099511628211ULL;
		}
		for (; i < got; i++)
			h = (h ^ b[i]) * 1099511628211ULL;
		n += got;
		if (got < sizeof b)
			break;
	}
	int e = errno;
	close(fd);
	if (r < 0)
		return fp_err(err, FP_EINPUT, "%s: %s", shown, strerror(e));
	*sum = h;
	*size = n;
	return FP_OK;
}

static char *dup_str(const char *s)
{
	if (!s)
		return NULL;
	char *d = fp_malloc(strlen(s) + 1);
	if (d)
		strcpy(d, s);
	return d;
}

static double *dup_dbl(const double *v, size_t n)
{
	double *d = fp_malloc((n ? n : 1) * sizeof *d);
	if (d && n)
		memcpy(d, v, n * sizeof *d);
	return d;
}

/* The fit's part: coefficients, optimizer state, history, trace. */
static int capture_fit(struct session *s, const struct fit *f)
{
	size_t np = f->np, sl = f->optim->state_len(np);
	model_spec(f->model, &f->mcfg, s->model, sizeof s->model);
	s->loss = f->loss;
	snprintf(s->optim, sizeof s->optim, "%s", f->optim->name);
	s->lr = f->lr;
	s->accumulate = f->accumulate;
	s->theta0 = dup_dbl(f->theta0, np);
	s->theta = dup_dbl(f->theta, np);
	s->acc = dup_dbl(f->acc, np);
	s->ostate = dup_dbl(f->ostate, sl);
	s->n_theta0 = s->n_theta = s->n_acc = np;
	s->n_ostate = sl;
	s->loss_value = f->loss_value;
	s->step = f->step;
	s->trend = (int)f->trend;
	s->rising = f->rising;
	s->last_rel_drop = f->last_rel_drop;
	s->diverged_step = f->diverged_step;
	snprintf(s->diverged_what, sizeof s->diverged_what, "%s", f->diverged_what);
	s->hist_first = f->hist_first;
	s->n_hist = f->step - f->hist_first + 1;
	s->hist = fp_malloc(s->n_hist * sizeof *s->hist);
	if (s->hist)
		for (size_t i = 0; i < s->n_hist; i++)
			fit_hist_get(f, f->hist_first + i, &s->hist[i]);
	s->trace_stride = f->trace_stride;
	s->trace_n = s->trace_cap = f->trace_n;
	s->trace_step = fp_malloc((f->trace_n + 1) * sizeof *s->trace_step);
	s->trace_loss = dup_dbl(f->trace_loss, f->trace_n);
	s->trace_theta = dup_dbl(f->trace_theta, f->trace_n * np);
	if (s->trace_step)
		memcpy(s->trace_step, f->trace_step, f->trace_n * sizeof *s->trace_step);
	return s->theta0 && s->theta && s->acc && s->ostate && s->hist && s->trace_step &&
		       s->trace_loss && s->trace_theta
		   ? FP_OK
		   : FP_EFAIL;
}

int session_capture(struct session *s, const struct config *cfg, const struct data *data,
		    const struct fit *f, int edited, char *err)
{
	memset(s, 0, sizeof *s);
	const struct config_data *d = &cfg->data;
	s->source = d->table_path ? SESSION_TABLE : d->path ? SESSION_FILE : SESSION_GEN;
	s->preset = dup_str(d->preset ? d->preset : "lesson3");
	s->gen = d->gen;
	s->view_x[0] = cfg->explorer.view_lo;
	s->view_x[1] = cfg->explorer.view_hi;
	int rc = FP_OK;
	if (s->source != SESSION_GEN) {
		const char *path = d->table_path ? d->table_path : d->path;
		if (strcmp(path, "-") == 0) {
			session_free(s);
			return fp_err(err, FP_EINPUT,
				      "the data came from stdin: a session needs a data file");
		}
		/* absolute: the session may be opened from another directory */
		char *abs = realpath(path, NULL);
		s->data_path = dup_str(abs ? abs : path);
		free(abs);
		rc = session_checksum(path, &s->checksum, &s->size, err);
		if (rc) {
			session_free(s);
			return rc;
		}
	}
	if (d->table_path) {
		s->table_target = dup_str(d->table_target);
		s->table_inputs = dup_str(d->table_inputs);
		s->table_no_constant = d->table_no_constant;
	}
	s->valid = d->valid;
	s->valid_seed = d->valid_seed;
	s->edited = edited;
	if (data->d == 1 &&
	    (edited || (s->source == SESSION_FILE && data->n <= SESSION_EMBED_MAX))) {
		s->npoints = data->n;
		s->points = fp_malloc(2 * data->n * sizeof *s->points);
		if (s->points)
			for (size_t i = 0; i < data->n; i++) {
				s->points[2 * i] = data->x[i];
				s->points[2 * i + 1] = data->y[i];
			}
		s->data_xlo = data->xlo;
		s->data_xhi = data->xhi;
	}
	const struct session *was = cfg->session; /* a lesson's chapter goes on with it */
	if (was && was->lesson) {
		s->lesson = fp_malloc(strlen(was->lesson) + 1);
		if (s->lesson)
			strcpy(s->lesson, was->lesson);
		s->lesson_is_file = was->lesson_is_file;
		s->lesson_sum = was->lesson_sum;
		s->lesson_size = was->lesson_size;
		s->lesson_chapter = was->lesson_chapter;
		if (was->lesson_data && (s->lesson_data = fp_malloc(strlen(was->lesson_data) + 1)))
			strcpy(s->lesson_data, was->lesson_data);
	}
	if (!s->preset || (s->npoints && !s->points) ||
	    (was && was->lesson && (!s->lesson || (was->lesson_data && !s->lesson_data))) ||
	    capture_fit(s, f) != FP_OK) {
		session_free(s);
		return fp_err(err, FP_EFAIL, "out of memory for the session");
	}
	return FP_OK;
}

/* A growing text buffer. */
struct sbuf {
	char *b;
	size_t n, cap;
	int oom;
};

static void put(struct sbuf *o, const char *fmt, ...)
{
	va_list ap;
	for (;;) {
		va_start(ap, fmt);
		int k = vsnprintf(o->b ? o->b + o->n : NULL, o->b ? o->cap - o->n : 0, fmt, ap);
		va_end(ap);
		if (k < 0 || o->oom)
			return;
		if (o->b && o->n + (size_t)k < o->cap) {
			o->n += (size_t)k;
			return;
		}
		size_t nc = o->cap ? o->cap : 4096;
		while (nc < o->n + (size_t)k + 1)
			nc *= 2;
		char *nb = fp_realloc(o->b, nc);
		if (!nb) {
			o->oom = 1;
			return;
		}
		o->b = nb;
		o->cap = nc;
	}
}

static void put_num(struct sbuf *o, double v)
{
	char b[40];
	put(o, "%s", fp_fmt17(b, sizeof b, v));
}

static void put_list(struct sbuf *o, const char *key, const double *v, size_t n)
{
	if (!n)
		return; /* an empty list: the key is left out */
	put(o, "%s =", key);
	for (size_t i = 0; i < n; i++) {
		put(o, " ");
		put_num(o, v[i]);
	}
	put(o, "\n");
}

/* key = text, with \ and control bytes escaped (\\, \xHH). */
static void put_str(struct sbuf *o, const char *key, const char *v)
{
	put(o, "%s = ", key);
	for (const unsigned char *p = (const unsigned char *)v; *p; p++)
		if (*p == '\\')
			put(o, "\\\\");
		else if (*p < 0x20 || *p == 0x7f)
			put(o, "\\x%02x", *p);
		else
			put(o, "%c", *p);
	put(o, "\n");
}

static void format_data(struct sbuf *o, const struct session *s)
{
	static const char *const src[] = {"generated", "file", "table"};
	const struct data_gen_cfg *g = &s->gen;
	put(o, "# the data\nsource = %s\n", src[s->source]);
	put_str(o, "preset", s->preset ? s->preset : "lesson3");
	put(o, "gen.target = %s\n", data_target_name(g->target));
	put_list(o, "gen.true", g->truth, 3);
	put(o, "gen.points = %zu\n", g->n);
	put_list(o, "gen.xrange", &g->xlo, 2);
	put_list(o, "gen.noise", &g->mult, 2);
	put(o, "gen.seed = %lu\ngen.skip = %zu\ngen.torch_grid = %d\n", g->seed, g->skip,
	    g->torch_grid != 0);
	if (s->data_path) {
		put_str(o, "data.file", s->data_path);
		put(o, "data.checksum = fnv1a64w:%016llx\ndata.size = %llu\n",
		    (unsigned long long)s->checksum, (unsigned long long)s->size);
	}
	if (s->source == SESSION_TABLE) {
		if (s->table_target)
			put_str(o, "table.target", s->table_target);
		if (s->table_inputs)
			put_str(o, "table.inputs", s->table_inputs);
		put(o, "table.no_constant = %d\n", s->table_no_constant != 0);
	}
	if (s->valid > 0) {
		put(o, "data.valid = %.17g\n", s->valid);
		put(o, "data.valid_seed = %lu\n", s->valid_seed);
	}
	if (s->npoints) {
		put(o, "data.edited = %d\n", s->edited != 0);
		double xr[2] = {s->data_xlo, s->data_xhi};
		put_list(o, "data.xrange", xr, 2);
		for (size_t i = 0; i < s->npoints; i++)
			put_list(o, "point", s->points + 2 * i, 2);
	}
}

static void format_fit(struct sbuf *o, const struct session *s)
{
	put(o, "# the model and descent\nmodel = %s\nloss = %s\noptim = %s\n", s->model,
	    loss_name(s->loss), s->optim);
	put(o, "lr = ");
	put_num(o, s->lr);
	put(o, "\nrule = %s\n", s->accumulate ? "notebook" : "correct");
	put_list(o, "theta0", s->theta0, s->n_theta0);
	put_list(o, "theta", s->theta, s->n_theta);
	put(o, "loss_value = ");
	put_num(o, s->loss_value);
	put(o, "\nstep = %lu\n", s->step);
	put_list(o, "acc", s->acc, s->n_acc);
	if (s->n_ostate)
		put_list(o, "optim.state", s->ostate, s->n_ostate);
	put(o, "trend = %d\nrising = %u\nlast_rel_drop = ", s->trend, s->rising);
	put_num(o, s->last_rel_drop);
	put(o, "\ndiverged_step = %lu\n", s->diverged_step);
	if (s->diverged_what[0])
		put_str(o, "diverged_what", s->diverged_what);
	put(o, "history.first = %lu\n", s->hist_first);
	put_list(o, "history", s->hist, s->n_hist);
	put(o, "trace.stride = %lu\n", s->trace_stride);
	for (size_t i = 0; i < s->trace_n; i++) {
		put(o, "trace = %lu ", s->trace_step[i]);
		put_num(o, s->trace_loss[i]);
		for (size_t j = 0; j < s->n_theta; j++) {
			put(o, " ");
			put_num(o, s->trace_theta[i * s->n_theta + j]);
		}
		put(o, "\n");
	}
}

static void format_view(struct sbuf *o, const struct session *s)
{
	if (!s->has_view)
		return;
	put(o, "# the explorer\nview = %s\nview.sel = %zu\n", s->view, s->sel);
	put_list(o, "view.axes", s->axes, 4);
	put_list(o, "view.axes0", s->axes0, 4);
	put(o, "view.axes0_set = %d\nview.pair = %zu %zu\n", s->axes0_set != 0, s->pair[0],
	    s->pair[1]);
	put(o, "view.glyphs = %d\nview.guides = %d\nview.residuals = %d\nview.console = %d\n",
	    s->glyphs, s->guides != 0, s->residuals != 0, s->console != 0);
	put(o, "view.pace = %d\n", (int)s->pace);
	put(o, "view.noise_k = %d\n", s->noise_k);
	put_list(o, "view.noise_base", s->noise_base, 2);
	put_list(o, "view.x", s->view_x, 2);
	for (size_t i = 0; i < s->nghost; i++) {
		const struct session_ghost *g = &s->ghost[i];
		double cfg[3] = {g->xlo, g->xhi, (double)g->seed};
		double run[3] = {(double)g->steps, g->loss, (double)g->hist_first};
		put(o, "ghost = %s\n", g->model);
		put_list(o, "ghost.cfg", cfg, 3);
		put_list(o, "ghost.run", run, 3);
		put_str(o, "ghost.label", g->label);
		put_str(o, "ghost.said", g->said);
		put_list(o, "ghost.theta", g->theta, g->np);
		put_list(o, "ghost.trace", g->tr, g->ntr);
		put_list(o, "ghost.history", g->hist, g->hist_n);
	}
}

static void format_lesson(struct sbuf *o, const struct session *s)
{
	if (!s->lesson)
		return;
	put(o, "# the lesson it was saved in\n");
	put_str(o, "lesson", s->lesson);
	if (s->lesson_is_file)
		put(o, "lesson.checksum = fnv1a64w:%016llx\nlesson.size = %llu\n",
		    (unsigned long long)s->lesson_sum, (unsigned long long)s->lesson_size);
	put(o, "lesson.chapter = %zu\n", s->lesson_chapter);
	if (s->lesson_data)
		put_str(o, "lesson.data", s->lesson_data);
}

int session_format(const struct session *s, char **out, size_t *len, char *err)
{
	struct sbuf o = {0};
	put(&o,
	    SESSION_MAGIC " %d\n# fitplay's saved state: fitplay FILE" SESSION_EXT
			  " opens it (see the man page, SESSION FILES)\n",
	    SESSION_VERSION);
	format_data(&o, s);
	format_fit(&o, s);
	format_view(&o, s);
	format_lesson(&o, s);
	put(&o, "end = " SESSION_MAGIC "\n");
	if (o.oom) {
		fp_free(o.b);
		return fp_err(err, FP_EFAIL, "out of memory for the session's text");
	}
	*out = o.b;
	*len = o.n;
	return FP_OK;
}

int session_save(const struct session *s, const char *path, char *err)
{
	char *text;
	size_t len;
	int rc = session_format(s, &text, &len, err);
	if (rc)
		return rc;
	struct outfile of = {0};
	rc = outfile_begin(&of, path, err);
	if (rc) {
		fp_free(text);
		return rc;
	}
	FILE *fp = outfile_fopen(&of, "session", err);
	if (!fp) {
		outfile_abort(&of);
		fp_free(text);
		return FP_EFAIL;
	}
	fwrite(text, 1, len, fp);
	fp_free(text);
	rc = outfile_fclose(&of, fp, err);
	if (rc == FP_OK)
		rc = outfile_commit(&of, "session", OUTFILE_ANY, err);
	else
		outfile_abort(&of);
	return rc;
}

void session_default_name(const struct fit *f, char *buf, size_t len)
{
	char spec[64];
	model_spec(f->model, &f->mcfg, spec, sizeof spec);
	for (char *p = spec; *p; p++)
		if (*p == ':')
			*p = '-';
	snprintf(buf, len, "fitplay-%s-step%lu" SESSION_EXT, spec, f->step);
}
