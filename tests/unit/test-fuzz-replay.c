/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-fuzz-replay.c: replays the committed fuzz corpus, every file of
 * fuzz/corpus/<target> (seeds and past findings), through the six harnesses, built
 * here with a plain main and no fuzzer runtime: a failed invariant aborts the test. */
#define _GNU_SOURCE
#include "testutil.h"

#include <dirent.h>
#include <stdint.h>

int fuzz_csv_one(const uint8_t *data, size_t size);
int fuzz_cli_one(const uint8_t *data, size_t size);
int fuzz_quote_one(const uint8_t *data, size_t size);
int fuzz_keys_one(const uint8_t *data, size_t size);
int fuzz_table_one(const uint8_t *data, size_t size);
int fuzz_session_one(const uint8_t *data, size_t size);
int fuzz_lesson_one(const uint8_t *data, size_t size);

#define LLVMFuzzerTestOneInput fuzz_csv_one
#include "../../fuzz/fuzz-csv.c"
#undef LLVMFuzzerTestOneInput
#define LLVMFuzzerTestOneInput fuzz_cli_one
#include "../../fuzz/fuzz-cli.c"
#undef LLVMFuzzerTestOneInput
#define LLVMFuzzerTestOneInput fuzz_quote_one
#include "../../fuzz/fuzz-quote.c"
#undef LLVMFuzzerTestOneInput
#define LLVMFuzzerTestOneInput fuzz_keys_one
#include "../../fuzz/fuzz-keys.c"
#undef LLVMFuzzerTestOneInput
#define LLVMFuzzerTestOneInput fuzz_table_one
#include "../../fuzz/fuzz-table.c"
#undef LLVMFuzzerTestOneInput
#define LLVMFuzzerTestOneInput fuzz_session_one
#include "../../fuzz/fuzz-session.c"
#undef LLVMFuzzerTestOneInput
#define LLVMFuzzerTestOneInput fuzz_lesson_one
#include "../../fuzz/fuzz-lesson.c"
#undef LLVMFuzzerTestOneInput

/* Feed every file of fuzz/corpus/<target> to fn; fails when there are none. */
static void replay(const char *target, int (*fn)(const uint8_t *, size_t))
{
	char dir[256], path[512];
	snprintf(dir, sizeof dir, "fuzz/corpus/%s", target);
	DIR *dp = opendir(dir);
	if (!dp)
		fail_msg("cannot open %s (run from the repository root)", dir);
	size_t files = 0;
	struct dirent *e;
	while ((e = readdir(dp))) {
		if (e->d_name[0] == '.')
			continue;
		snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
		FILE *fp = fopen(path, "rb");
		assert_non_null(fp);
		size_t cap = 1 << 16, len = 0, r;
		uint8_t *buf = malloc(cap);
		assert_non_null(buf);
		while ((r = fread(buf + len, 1, cap - len, fp)) > 0) {
			len += r;
			if (len == cap) {
				buf = realloc(buf, cap *= 2);
				assert_non_null(buf);
			}
		}
		fclose(fp);
		fn(buf, len);
		free(buf);
		files++;
	}
	closedir(dp);
	print_message("%s: %zu inputs replayed\n", target, files);
	assert_true(files > 0);
}

static void test_replay_csv(void **state)
{
	replay("csv", fuzz_csv_one);
}

static void test_replay_cli(void **state)
{
	replay("cli", fuzz_cli_one);
}

static void test_replay_quote(void **state)
{
	replay("quote", fuzz_quote_one);
}

static void test_replay_keys(void **state)
{
	replay("keys", fuzz_keys_one);
}

static void test_replay_table(void **state)
{
	replay("table", fuzz_table_one);
}

static void test_replay_session(void **state)
{
	replay("session", fuzz_session_one);
}

static void test_replay_lesson(void **state)
{
	replay("lesson", fuzz_lesson_one);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_replay_csv),	  cmocka_unit_test(test_replay_cli),
	    cmocka_unit_test(test_replay_quote),  cmocka_unit_test(test_replay_keys),
	    cmocka_unit_test(test_replay_table),  cmocka_unit_test(test_replay_session),
	    cmocka_unit_test(test_replay_lesson),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
