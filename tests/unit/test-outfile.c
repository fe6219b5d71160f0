/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-outfile.c: the safe way every file is written (outfile_*): the completeness
 * checks take whole files of each kind and refuse every shorter prefix of them; a
 * commit puts the file in place and removes the private directory; an incomplete
 * result, an abort, or a name taken in the private directory leave the previous
 * file byte for byte and no temporary; the private directory is 0700 and ours. */
#define _GNU_SOURCE
#include "testutil.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "outfile.h"
#include "util.h"

static int setup(void **state)
{
	return tu_tmpdir_make("of");
}

static int teardown(void **state)
{
	return tu_tmpdir_remove();
}

/* Entries of tu_tmpdir other than . and .. */
static int entries(void)
{
	DIR *d = opendir(tu_tmpdir);
	assert_non_null(d);
	struct dirent *e;
	int n = 0;
	while ((e = readdir(d)))
		if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
			n++;
	closedir(d);
	return n;
}

/* b (len bytes) is complete for kind, and no shorter prefix of it is. */
static void whole_only(const unsigned char *b, size_t len, enum outfile_kind kind)
{
	char why[96];
	assert_int_equal(outfile_complete(b, len, kind, why, sizeof why), 0);
	for (size_t n = 0; n < len; n++)
		if (outfile_complete(b, n, kind, why, sizeof why) == 0)
			fail_msg("kind %d: a prefix of %zu of %zu bytes passed", (int)kind, n, len);
}

static void test_complete(void **state)
{
	/* signature, a 1x1 IHDR, an IDAT, IEND (CRCs are not checked) */
	static const unsigned char png[] = {
	    0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0,   0,   0,	 13,   'I',  'H', 'D',
	    'R',  0,   0,   0,	 1,    0,    0,	   0,	 1,   8,   0,	 0,    0,    0,	  0,
	    0,	  0,   0,   0,	 0,    0,    2,	   'I',	 'D', 'A', 'T',	 1,    2,    0,	  0,
	    0,	  0,   0,   0,	 0,    0,    'I',  'E',	 'N', 'D', 0xae, 0x42, 0x60, 0x82};
	whole_only(png, sizeof png, OUTFILE_PNG);
	/* GIF89a, 1x1, a 2-colour table, one image of one sub-block, the trailer */
	static const unsigned char gif[] = {
	    'G', 'I', 'F', '8', '9',  'a',  1, 0, 1, 0,	   0x80, 0, 0,	  0, 0,
	    0,	 255, 255, 255, 0x21, 0xf9, 4, 0, 0, 0,	   0,	 0, 0x2c, 0, 0,
	    0,	 0,   1,   0,	1,    0,    0, 2, 2, 0x44, 0x01, 0, 0x3b};
	whole_only(gif, sizeof gif, OUTFILE_GIF);
	static const char pdf[] = "%PDF-1.5\n1 0 obj\n<<>>\nendobj\ntrailer\n%%EOF";
	whole_only((const unsigned char *)pdf, strlen(pdf), OUTFILE_PDF);
	char why[96];
	static const char pdf_nl[] = "%PDF-1.5\nx\n%%EOF\r\n";
	assert_int_equal(outfile_complete((const unsigned char *)pdf_nl, strlen(pdf_nl),
					  OUTFILE_PDF, why, sizeof why),
			 0);
	static const char svg[] = "<?xml version=\"1.0\"?>\n<svg>\n<g/>\n</svg>\n\n";
	assert_int_equal(
	    outfile_complete((const unsigned char *)svg, strlen(svg), OUTFILE_SVG, why, sizeof why),
	    0);
	assert_int_equal(outfile_complete((const unsigned char *)svg, strlen(svg) - 4, OUTFILE_SVG,
					  why, sizeof why),
			 -1);
	assert_string_equal(why, "SVG (no </svg>)");
	assert_int_equal(outfile_complete(png, sizeof png - 12, OUTFILE_PNG, why, sizeof why), -1);
	assert_string_equal(why, "PNG (no IEND)");
	/* dumb text: OUTFILE_DUMB_ROWS rows, the last of OUTFILE_DUMB_COLS */
	size_t len = OUTFILE_DUMB_ROWS * (OUTFILE_DUMB_COLS + 1) - 1;
	unsigned char *t = malloc(len);
	assert_non_null(t);
	memset(t, ' ', len);
	for (size_t r = 1; r < OUTFILE_DUMB_ROWS; r++)
		t[r * (OUTFILE_DUMB_COLS + 1) - 1] = '\n';
	whole_only(t, len, OUTFILE_DUMB);
	free(t);
}

static void write_file(const char *p, const char *s)
{
	FILE *fp = fopen(p, "w");
	assert_non_null(fp);
	fputs(s, fp);
	assert_int_equal(fclose(fp), 0);
}

static void test_commit_and_failures(void **state)
{
	char dest[300], err[FP_ERRLEN];
	struct outfile o;
	tu_path_in(dest, sizeof dest, "f.svg");
	write_file(dest, "the old file\n");

	/* the private directory: 0700, ours, beside the destination */
	assert_int_equal(outfile_begin(&o, dest, err), FP_OK);
	struct stat st;
	assert_int_equal(fstat(o.privfd, &st), 0);
	assert_int_equal(st.st_mode & 07777, 0700);
	assert_int_equal(st.st_uid, geteuid());
	assert_int_equal(strncmp(o.priv, ".fitplay-", 9), 0);
	assert_int_equal(entries(), 2);
	/* an incomplete SVG: refused, the old file kept, nothing left */
	FILE *fp = outfile_fopen(&o, "out.svg", err);
	assert_non_null(fp);
	fputs("<svg><g>", fp);
	assert_int_equal(outfile_fclose(&o, fp, err), FP_OK);
	assert_int_equal(outfile_commit(&o, "out.svg", OUTFILE_SVG, err), FP_EFAIL);
	assert_non_null(strstr(err, "f.svg: gnuplot wrote an incomplete SVG (no </svg>)"));
	char *b = tu_read(dest);
	assert_string_equal(b, "the old file\n");
	free(b);
	assert_int_equal(entries(), 1);

	/* nothing written at all */
	assert_int_equal(outfile_begin(&o, dest, err), FP_OK);
	assert_int_equal(outfile_commit(&o, "out.svg", OUTFILE_SVG, err), FP_EFAIL);
	assert_non_null(strstr(err, "gnuplot wrote nothing"));
	assert_int_equal(entries(), 1);

	/* a name that exists already in the private directory is never opened */
	assert_int_equal(outfile_begin(&o, dest, err), FP_OK);
	int fd = openat(o.privfd, "taken", O_WRONLY | O_CREAT, 0600);
	assert_true(fd >= 0);
	close(fd);
	assert_null(outfile_fopen(&o, "taken", err));
	outfile_abort(&o);
	assert_int_equal(entries(), 1);
	outfile_abort(&o); /* idle: nothing */

	/* a whole one goes into place */
	assert_int_equal(outfile_begin(&o, dest, err), FP_OK);
	fp = outfile_fopen(&o, "out.svg", err);
	assert_non_null(fp);
	fputs("<svg><g/></svg>\n", fp);
	assert_int_equal(outfile_fclose(&o, fp, err), FP_OK);
	assert_int_equal(outfile_commit(&o, "out.svg", OUTFILE_SVG, err), FP_OK);
	b = tu_read(dest);
	assert_string_equal(b, "<svg><g/></svg>\n");
	free(b);
	assert_int_equal(entries(), 1);

	/* names that cannot work */
	assert_int_equal(outfile_begin(&o, "", err), FP_EINPUT);
	tu_path_in(dest, sizeof dest, "");
	assert_int_equal(outfile_begin(&o, dest, err), FP_EINPUT);
	tu_path_in(dest, sizeof dest, "nodir/x.svg");
	assert_int_equal(outfile_begin(&o, dest, err), FP_EFAIL);
	assert_non_null(strstr(err, "nodir: no such directory"));
	assert_int_equal(entries(), 1);
}

/* A write error (here a file-size limit of 1 byte, SIGXFSZ ignored by outfile_begin)
 * is reported with its reason at the close, and the old file kept. */
static void test_write_error(void **state)
{
	pid_t pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		char dest[300], err[FP_ERRLEN];
		struct outfile o;
		tu_path_in(dest, sizeof dest, "limit.txt");
		write_file(dest, "x\n");
		struct rlimit rl = {1, 1};
		if (outfile_begin(&o, dest, err) != FP_OK || setrlimit(RLIMIT_FSIZE, &rl) != 0)
			_exit(2);
		FILE *fp = outfile_fopen(&o, "dump.txt", err);
		if (!fp)
			_exit(3);
		for (int i = 0; i < 10000; i++)
			fputs("0123456789", fp);
		int rc = outfile_fclose(&o, fp, err);
		outfile_abort(&o);
		_exit(rc == FP_EFAIL && strstr(err, "limit.txt: file too large") ? 0 : 4);
	}
	int st;
	assert_int_equal(waitpid(pid, &st, 0), pid);
	assert_true(WIFEXITED(st));
	assert_int_equal(WEXITSTATUS(st), 0);
	char p[300];
	tu_path_in(p, sizeof p, "limit.txt");
	char *b = tu_read(p);
	assert_string_equal(b, "x\n");
	free(b);
	unlink(p);
	assert_int_equal(entries(), 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_complete),
	    cmocka_unit_test(test_commit_and_failures),
	    cmocka_unit_test(test_write_error),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
