/* SPDX-License-Identifier: GPL-3.0-or-later */
/* console.c: the notebook's console: descent steps recorded as numbers in a ring
 * buffer, formatted as the notebook prints them only when drawn. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "console.h"
#include "util.h"

void console_before(const struct fit *f, size_t param, double *value, double *grad)
{
	if (param >= f->np) {
		*value = *grad = 0;
		return;
	}
	*value = f->theta[param];
	*grad = f->accumulate ? f->acc[param] + f->grad[param] : f->grad[param];
}

void console_clear(struct console *c)
{
	c->first = c->n = 0;
}

void console_record(struct console *c, const struct fit *f, size_t param, double value, double grad)
{
	if (c->model != f->model || c->np != f->np ||
	    (c->n && c->rec[(c->first + c->n - 1) % CONSOLE_CAP].step >= f->step)) {
		console_clear(c);
		c->model = f->model;
		c->np = f->np;
	}
	struct console_rec *r;
	if (c->n < CONSOLE_CAP) {
		r = &c->rec[(c->first + c->n++) % CONSOLE_CAP];
	} else {
		r = &c->rec[c->first];
		c->first = (c->first + 1) % CONSOLE_CAP;
	}
	r->step = f->step;
	r->loss = f->loss_value;
	r->param = param;
	r->before = value;
	r->after = param < f->np ? f->theta[param] : 0;
	r->grad = grad;
	r->lr = f->lr;
	r->optim = f->optim ? f->optim->name : "gd";
}

/* The records that belong to f and are not after its step: a suffix of the ring
 * is cut by the step (replay), the model must match. */
size_t console_count(const struct console *c, const struct fit *f)
{
	if (c->model != f->model || c->np != f->np)
		return 0;
	size_t n = c->n;
	while (n > 0 && c->rec[(c->first + n - 1) % CONSOLE_CAP].step > f->step)
		n--;
	return n;
}

const struct console_rec *console_get(const struct console *c, const struct fit *f, size_t k)
{
	(void)f;
	return k < c->n ? &c->rec[(c->first + k) % CONSOLE_CAP] : NULL;
}

char *console_loss_text(const struct console_rec *r, char *buf, size_t len)
{
	char b[40];
	/* The notebook prints f'step={i}; loss={loss:.2f}'. */
	if (r->loss < 1e15 && r->loss > -1e15)
		snprintf(buf, len, "step=%lu; loss=%.2f", r->step - 1, r->loss);
	else
		snprintf(buf, len, "step=%lu; loss=%s", r->step - 1,
			 fp_fmt(b, sizeof b, r->loss, 6));
	for (char *p = buf; *p; p++) /* whatever LC_NUMERIC says */
		if (*p == ',')
			*p = '.';
	return buf;
}

/* A number for the arithmetic: "%.<prec>f" for ordinary sizes, else %.4g; a minus
 * as U+2212 in UTF-8. neg_paren: a negative value in parentheses. */
static char *num(double v, int prec, int utf8, int neg_paren, char *buf, size_t len)
{
	char t[48];
	double a = fabs(v);
	if (!isfinite(v))
		snprintf(t, sizeof t, "overflow");
	else if (prec >= 0 && (a == 0 || (a >= 0.001 && a < 1e5)))
		snprintf(t, sizeof t, "%.*f", prec, a);
	else {
		snprintf(t, sizeof t, "%#.4g", a); /* 4 digits, kept: 21.00 */
		size_t k = strlen(t);
		if (k && t[k - 1] == '.')
			t[k - 1] = 0;
	}
	for (char *p = t; *p; p++)
		if (*p == ',')
			*p = '.';
	int neg = v < 0 && isfinite(v) && strspn(t, "0.") != strlen(t);
	snprintf(buf, len, "%s%s%s%s", neg && neg_paren ? "(" : "",
		 neg ? (utf8 ? "\xe2\x88\x92" : "-") : "", t, neg && neg_paren ? ")" : "");
	return buf;
}

char *console_update_text(const struct console_rec *r, const char *name, int utf8, char *buf,
			  size_t len)
{
	char b[48], d[48], g[48], lr[48];
	const char *minus = utf8 ? " \xe2\x88\x92 " : " - ";
	num(r->before, 3, utf8, 0, b, sizeof b);
	num(r->after, 3, utf8, 0, d, sizeof d);
	if (strcmp(r->optim, "gd") == 0) {
		snprintf(lr, sizeof lr, "%g", r->lr);
		for (char *p = lr; *p; p++)
			if (*p == ',')
				*p = '.';
		num(r->grad, -1, utf8, 1, g, sizeof g);
		snprintf(buf, len, "%s: %s%s%s %s %s = %s", name, b, minus, lr,
			 utf8 ? "\xc3\x97" : "x", g, d);
	} else {
		double st = r->before - r->after;
		num(fabs(st), -1, utf8, 0, g, sizeof g);
		snprintf(buf, len, "%s: %s%s%s = %s (%s)", name, b, st < 0 ? " + " : minus, g, d,
			 r->optim);
	}
	return buf;
}
