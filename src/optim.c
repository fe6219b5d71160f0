/* optim.c: the optimizer registry and default settings. */
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
