/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fuzz.h: what the fuzz harnesses share: the libFuzzer entry point, an invariant
 * check that aborts (so libFuzzer, AFL++ and the corpus replay all see a crash),
 * and a UTF-8 checker for messages. */
#ifndef FITPLAY_FUZZ_H
#define FITPLAY_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Abort with the failed invariant when cond is false. */
#define FUZZ_CHECK(cond)                                                                           \
	do {                                                                                       \
		if (!(cond)) {                                                                     \
			fprintf(stderr, "%s:%d: invariant failed: %s\n", __FILE__, __LINE__,       \
				#cond);                                                            \
			abort();                                                                   \
		}                                                                                  \
	} while (0)

/* 1 when s is one printable line: valid UTF-8, no control bytes, not empty. */
static inline int fuzz_one_line(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	if (!*p)
		return 0;
	while (*p) {
		unsigned c = *p;
		size_t k = 0;
		if (c < 0x80)
			k = 1;
		else if (c >= 0xC2 && c <= 0xDF)
			k = 2;
		else if (c >= 0xE0 && c <= 0xEF)
			k = 3;
		else if (c >= 0xF0 && c <= 0xF4)
			k = 4;
		if (k == 0 || (k == 1 && (c < 32 || c == 127)))
			return 0;
		for (size_t i = 1; i < k; i++)
			if ((p[i] & 0xC0) != 0x80)
				return 0;
		p += k;
	}
	return 1;
}

#endif
