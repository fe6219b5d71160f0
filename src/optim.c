/* SPDX-License-Identifier: GPL-3.0-or-later */
/* optim.c: the optimizer registry and default settings. */
#include <stdio.h>
#include <string.h>

#include "optim.h"

const struct optim_type *const optim_types[] = {
    &optim_gd,
    &optim_momentum,
    &optim_adam,
    NULL,
};

void optim_cfg_default(struct optim_cfg *c)
{
	c->beta = 0.9;
	c->beta1 = 0.9;
	c->beta2 = 0.999;
	c->eps = 1e-8;
}

const struct optim_type *optim_find(const char *name)
{
	for (size_t i = 0; name && optim_types[i]; i++)
		if (strcmp(optim_types[i]->name, name) == 0)
			return optim_types[i];
	return NULL;
}

char *optim_names(char *buf, size_t len)
{
	size_t n = 0;
	if (len)
		buf[0] = 0;
	for (size_t i = 0; optim_types[i] && n < len; i++)
		n +=
		    (size_t)snprintf(buf + n, len - n, "%s%s", i ? ", " : "", optim_types[i]->name);
	return buf;
}
