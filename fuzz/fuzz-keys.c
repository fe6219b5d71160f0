/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fuzz-keys.c: fuzz target for the key-script reader (script_load, --keys FILE): the
 * input is the file, handed over as /proc/self/fd/N of a memfd (no disk). Invariants:
 * a refused script gives FP_EINPUT (or FP_EFAIL), one line naming the file and an
 * empty script; an accepted one has events of known kinds, keys >= 0, waits and
 * delays within 0..1000000, sizes within 1x1..1000x1000, captions on one line, and
 * line numbers that never go back and stay within the file's lines. */
#define _GNU_SOURCE
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "app.h"
#include "util.h"

#include "fuzz.h"

static void fuzz_keys_check(const struct script *s, size_t lines)
{
	unsigned prev = 0;
	FUZZ_CHECK(s->n <= s->cap);
	for (size_t i = 0; i < s->n; i++) {
		const struct script_ev *e = &s->ev[i];
		FUZZ_CHECK(e->line >= prev && e->line >= 1 && e->line <= lines);
		prev = e->line;
		switch (e->kind) {
		case SCRIPT_KEY:
			FUZZ_CHECK(e->key >= 0);
			break;
		case SCRIPT_WAIT:
		case SCRIPT_DELAY:
			FUZZ_CHECK(e->n >= 0 && e->n <= 1000000);
			break;
		case SCRIPT_SIZE:
			FUZZ_CHECK(e->n >= 1 && e->n <= 1000 && e->m >= 1 && e->m <= 1000);
			break;
		case SCRIPT_PAUSE:
			break;
		case SCRIPT_SAY:
			FUZZ_CHECK(e->text != NULL && strchr(e->text, '\n') == NULL);
			break;
		default:
			FUZZ_CHECK(!"an event of an unknown kind");
		}
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int fd = -1;
	static char path[64];
	if (fd < 0) {
		fd = memfd_create("fuzz-keys", 0);
		FUZZ_CHECK(fd >= 0);
		snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
	}
	FUZZ_CHECK(ftruncate(fd, 0) == 0);
	FUZZ_CHECK(pwrite(fd, data, size, 0) == (ssize_t)size);
	size_t lines = 1;
	for (size_t i = 0; i < size; i++)
		lines += data[i] == '\n';
	struct script s;
	char err[FP_ERRLEN];
	memset(err, 0, sizeof err);
	int rc = script_load(path, &s, err);
	if (rc == FP_OK) {
		fuzz_keys_check(&s, lines);
		script_free(&s);
	} else {
		FUZZ_CHECK(rc == FP_EINPUT || rc == FP_EFAIL);
		FUZZ_CHECK(s.n == 0 && s.ev == NULL);
		FUZZ_CHECK(strlen(err) < FP_ERRLEN && fuzz_one_line(err));
		FUZZ_CHECK(strncmp(err, path, strlen(path)) == 0 || strstr(err, "memory") ||
			   strstr(err, "too many"));
	}
	return 0;
}
