/* SPDX-License-Identifier: GPL-3.0-or-later */
/* outfile.c: the one safe way fitplay writes a file (see outfile.h): a private
 * directory beside the destination, reached through its descriptor; the result
 * checked complete for its format, fsync'ed, renamed into place; on any failure the
 * destination untouched and every temporary removed, with the reason. */
#define _GNU_SOURCE
#include "outfile.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <string.h>
#include <sys/random.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <time.h>
#include <unistd.h>

#include "util.h"

#define OUTFILE_TRIES	 100	    /* names tried for the private directory */
#define OUTFILE_MAX_READ (1u << 30) /* bytes of a result read for its check at most */
#define OUTFILE_LOW_DISK 16	    /* free blocks below which a disk counts as full */

/* `s` for a message: control bytes as '?', a long one cut to its tail. */
static void shown(const char *s, char *buf, size_t len)
{
	size_t n = strlen(s), max = len - 1, skip = 0, o = 0;
	if (n > max) {
		skip = n - (max - 3);
		while (skip < n && ((unsigned char)s[skip] & 0xc0) == 0x80)
			skip++;
		memcpy(buf, "...", 3);
		o = 3;
	}
	for (const unsigned char *p = (const unsigned char *)s + skip; *p && o < max; p++)
		buf[o++] = (*p < 0x20 || *p == 0x7f) ? '?' : (char)*p;
	buf[o] = 0;
}

/* strerror(e) starting lower case ("no space left on device"), into buf. */
static const char *reason(int e, char *buf, size_t len)
{
	snprintf(buf, len, "%s", strerror(e));
	if (buf[0] >= 'A' && buf[0] <= 'Z' && !(buf[1] >= 'A' && buf[1] <= 'Z'))
		buf[0] = (char)(buf[0] - 'A' + 'a');
	return buf;
}

static void name_random(char *suffix, size_t n)
{
	static const char set[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
	unsigned char r[16];
	if (n > sizeof r || getrandom(r, n, GRND_NONBLOCK) != (ssize_t)n) {
		struct timespec ts;
		clock_gettime(CLOCK_REALTIME, &ts);
		uint64_t x =
		    (uint64_t)ts.tv_nsec ^ ((uint64_t)getpid() << 32) ^ (uint64_t)ts.tv_sec;
		for (size_t i = 0; i < n && i < sizeof r; i++) {
			x = x * 6364136223846793005u + 1442695040888963407u;
			r[i] = (unsigned char)(x >> 56);
		}
	}
	for (size_t i = 0; i < n; i++)
		suffix[i] = set[r[i % sizeof r] % (sizeof set - 1)];
}

static void xfsz_ignore(void)
{
	struct sigaction sa;
	if (sigaction(SIGXFSZ, NULL, &sa) == 0 && sa.sa_handler == SIG_DFL &&
	    !(sa.sa_flags & SA_SIGINFO)) {
		sa.sa_handler = SIG_IGN;
		sigaction(SIGXFSZ, &sa, NULL);
	}
}

int outfile_begin(struct outfile *o, const char *path, char *err)
{
	char dir[4096], why[96];
	memset(o, 0, sizeof *o);
	o->dirfd = o->privfd = o->fd = -1;
	shown(path ? path : "", o->shown, sizeof o->shown);
	const char *slash = path ? strrchr(path, '/') : NULL;
	const char *base = slash ? slash + 1 : path;
	if (!base || !*base || strcmp(base, ".") == 0 || strcmp(base, "..") == 0)
		return fp_err(err, FP_EINPUT, "%s: no file name", o->shown);
	if (strlen(base) >= sizeof o->base)
		return fp_err(err, FP_EINPUT, "%s: file name too long", o->shown);
	if (!slash) {
		snprintf(dir, sizeof dir, ".");
	} else {
		size_t n = slash == path ? 1 : (size_t)(slash - path);
		if (n >= sizeof dir)
			return fp_err(err, FP_EINPUT, "%s: path too long", o->shown);
		memcpy(dir, path, n);
		dir[n] = 0;
	}
	memcpy(o->base, base, strlen(base) + 1);
	xfsz_ignore();
	char dshown[160];
	shown(dir, dshown, sizeof dshown);
	o->dirfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (o->dirfd < 0)
		return fp_err(err, FP_EFAIL, "%s: %s", dshown,
			      errno == ENOENT ? "no such directory"
					      : reason(errno, why, sizeof why));
	int e = EEXIST;
	for (int t = 0; t < OUTFILE_TRIES && e == EEXIST; t++) {
		memcpy(o->priv, ".fitplay-", 9);
		name_random(o->priv + 9, 6);
		o->priv[15] = 0;
		e = mkdirat(o->dirfd, o->priv, 0700) == 0 ? 0 : errno;
	}
	if (e) {
		close(o->dirfd);
		return fp_err(err, FP_EFAIL, "%s: cannot write there (%s)", dshown,
			      reason(e, why, sizeof why));
	}
	o->live = 1;
	/* Ours only if it is a directory we own; exactly 0700 whatever the umask. */
	struct stat st;
	o->privfd = openat(o->dirfd, o->priv, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (o->privfd < 0 || fstat(o->privfd, &st) != 0 || !S_ISDIR(st.st_mode) ||
	    st.st_uid != geteuid() || fchmod(o->privfd, 0700) != 0) {
		e = errno;
		if (o->privfd >= 0) {
			close(o->privfd);
			o->privfd = -1;
		}
		close(o->dirfd);
		o->live = 0;
		return fp_err(err, FP_EFAIL, "%s: the temporary directory %s was tampered with%s%s",
			      dshown, o->priv, e ? ": " : "", e ? reason(e, why, sizeof why) : "");
	}
	o->priv_dev = st.st_dev;
	o->priv_ino = st.st_ino;
	return FP_OK;
}

/* ---- streams whose every write is checked ---- */

static ssize_t cookie_write(void *c, const char *buf, size_t size)
{
	struct outfile *o = c;
	size_t done = 0;
	if (o->werr) {
		errno = o->werr;
		return -1;
	}
	while (done < size) {
		ssize_t w = write(o->fd, buf + done, size - done);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			o->werr = w < 0 ? errno : EIO;
			errno = o->werr;
			return done ? (ssize_t)done : -1;
		}
		done += (size_t)w;
	}
	return (ssize_t)done;
}

static int cookie_close(void *c)
{
	struct outfile *o = c;
	int rc = 0;
	if (o->fd >= 0) {
		if (close(o->fd) != 0 && errno != EINTR && !o->werr)
			o->werr = errno;
		rc = o->werr ? -1 : 0;
	}
	o->fd = -1;
	return rc;
}

FILE *outfile_fopen(struct outfile *o, const char *name, char *err)
{
	char why[96];
	if (!o->live || o->fd >= 0 || strchr(name, '/')) {
		fp_err(err, FP_EFAIL, "%s: internal error (outfile_fopen)", o->shown);
		return NULL;
	}
	o->werr = 0;
	o->fd = openat(o->privfd, name, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0666);
	if (o->fd < 0) {
		fp_err(err, FP_EFAIL, "%s: %s", o->shown, reason(errno, why, sizeof why));
		return NULL;
	}
	cookie_io_functions_t io = {NULL, cookie_write, NULL, cookie_close};
	FILE *fp = fopencookie(o, "w", io);
	if (!fp) {
		close(o->fd);
		o->fd = -1;
		fp_err(err, FP_EFAIL, "%s: out of memory", o->shown);
	}
	return fp;
}

int outfile_fclose(struct outfile *o, FILE *fp, char *err)
{
	char why[96];
	int e = 0;
	if (fflush(fp) != 0)
		e = o->werr ? o->werr : errno;
	if (!e && ferror(fp))
		e = o->werr ? o->werr : EIO;
	if (fclose(fp) != 0 && !e)
		e = o->werr ? o->werr : errno;
	o->fd = -1;
	if (e)
		return fp_err(err, FP_EFAIL, "%s: %s", o->shown, reason(e, why, sizeof why));
	return FP_OK;
}

/* ---- checks ---- */

static uint32_t be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static int png_complete(const unsigned char *b, size_t len)
{
	static const unsigned char sig[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
	if (len < 8 || memcmp(b, sig, 8) != 0)
		return 0;
	size_t i = 8;
	while (len - i >= 12) {
		uint32_t n = be32(b + i);
		if (n > len - i - 12)
			return 0;
		if (memcmp(b + i + 4, "IEND", 4) == 0)
			return 1;
		i += 12 + (size_t)n;
	}
	return 0;
}

/* The size of a colour table whose flags byte is fl (0 when none). */
static size_t gif_table(unsigned char fl)
{
	return fl & 0x80 ? 3 * ((size_t)2 << (fl & 7)) : 0;
}

static int gif_complete(const unsigned char *b, size_t len)
{
	if (len < 14 || (memcmp(b, "GIF87a", 6) != 0 && memcmp(b, "GIF89a", 6) != 0))
		return 0;
	size_t i = 13 + gif_table(b[10]);
	while (i < len && b[i] != 0x3b) {
		if (b[i] == 0x21) { /* an extension: label, then sub-blocks */
			i += 2;
		} else if (b[i] == 0x2c) { /* an image: descriptor, table, LZW size */
			if (i + 10 >= len)
				return 0;
			i += 10 + gif_table(b[i + 9]) + 1;
		} else {
			return 0;
		}
		while (i < len && b[i])
			i += (size_t)b[i] + 1;
		i++;
	}
	return i < len && b[i] == 0x3b;
}

static int pdf_complete(const unsigned char *b, size_t len)
{
	while (len && (b[len - 1] == '\n' || b[len - 1] == '\r'))
		len--;
	return len >= 10 && memcmp(b, "%PDF-", 5) == 0 && memcmp(b + len - 5, "%%EOF", 5) == 0;
}

static int svg_complete(const unsigned char *b, size_t len)
{
	while (len && (b[len - 1] == '\n' || b[len - 1] == '\r' || b[len - 1] == ' ' ||
		       b[len - 1] == '\t'))
		len--;
	return len >= 6 && memcmp(b + len - 6, "</svg>", 6) == 0;
}

static int dumb_complete(const unsigned char *b, size_t len)
{
	size_t rows = 1, last = 0;
	for (size_t i = 0; i < len; i++) {
		if (b[i] == '\n') {
			rows++;
			last = 0;
		} else {
			last++;
		}
	}
	return rows >= OUTFILE_DUMB_ROWS && last >= OUTFILE_DUMB_COLS;
}

int outfile_complete(const unsigned char *b, size_t len, enum outfile_kind kind, char *why,
		     size_t whylen)
{
	static const char *const miss[] = {"",
					   "PNG (no IEND)",
					   "GIF (no trailer)",
					   "PDF (no %%EOF)",
					   "SVG (no </svg>)",
					   "text plot (cut short)"};
	int ok = 1;
	switch (kind) {
	case OUTFILE_PNG:
		ok = png_complete(b, len);
		break;
	case OUTFILE_GIF:
		ok = gif_complete(b, len);
		break;
	case OUTFILE_PDF:
		ok = pdf_complete(b, len);
		break;
	case OUTFILE_SVG:
		ok = svg_complete(b, len);
		break;
	case OUTFILE_DUMB:
		ok = dumb_complete(b, len);
		break;
	case OUTFILE_ANY:
		break;
	}
	if (!ok)
		snprintf(why, whylen, "%s", miss[kind]);
	return ok ? 0 : -1;
}

/* Why a file of `size` bytes came out incomplete, when the system says: a full disk,
 * or the file-size limit. Into buf; "" when neither. */
static void incomplete_cause(const struct outfile *o, off_t size, char *buf, size_t len)
{
	struct statvfs vs;
	struct rlimit rl;
	buf[0] = 0;
	if (fstatvfs(o->privfd, &vs) == 0 && vs.f_bavail < OUTFILE_LOW_DISK)
		snprintf(buf, len, "no space left on device");
	else if (getrlimit(RLIMIT_FSIZE, &rl) == 0 && rl.rlim_cur != RLIM_INFINITY &&
		 (rlim_t)size >= rl.rlim_cur)
		snprintf(buf, len, "file too large (the file size limit, ulimit -f, is %llu bytes)",
			 (unsigned long long)rl.rlim_cur);
}

/* Read the result fd (size bytes) and check it; FP_OK or FP_EFAIL with a message. */
static int check_result(struct outfile *o, int fd, off_t size, enum outfile_kind kind, char *err)
{
	char why[96], cause[96];
	if (kind == OUTFILE_ANY)
		return FP_OK;
	if (size <= 0 || (uint64_t)size > OUTFILE_MAX_READ) {
		incomplete_cause(o, size, cause, sizeof cause);
		if (cause[0])
			return fp_err(err, FP_EFAIL, "%s: %s", o->shown, cause);
		return fp_err(err, FP_EFAIL,
			      size <= 0 ? "%s: gnuplot wrote nothing" : "%s: too large to check",
			      o->shown);
	}
	unsigned char *b = fp_malloc((size_t)size);
	if (!b)
		return fp_err(err, FP_EFAIL, "%s: out of memory checking it", o->shown);
	size_t got = 0;
	while (got < (size_t)size) {
		ssize_t r = pread(fd, b + got, (size_t)size - got, (off_t)got);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		got += (size_t)r;
	}
	int rc = outfile_complete(b, got, kind, why, sizeof why);
	fp_free(b);
	if (rc == 0)
		return FP_OK;
	incomplete_cause(o, size, cause, sizeof cause);
	if (cause[0])
		return fp_err(err, FP_EFAIL, "%s: %s: gnuplot wrote an incomplete %s", o->shown,
			      cause, why);
	return fp_err(err, FP_EFAIL, "%s: gnuplot wrote an incomplete %s", o->shown, why);
}

/* The finished file (fd, at its start) written into the device or pipe that the
 * destination is, opened without following a link. FP_OK or FP_EFAIL. */
static int copy_into(struct outfile *o, int fd, char *err)
{
	char why[96], buf[65536];
	int out = openat(o->dirfd, o->base, O_WRONLY | O_NOFOLLOW | O_NOCTTY | O_CLOEXEC);
	if (out < 0)
		return fp_err(err, FP_EFAIL, "%s: %s", o->shown, reason(errno, why, sizeof why));
	int rc = FP_OK;
	if (lseek(fd, 0, SEEK_SET) != 0)
		rc = fp_err(err, FP_EFAIL, "%s: %s", o->shown, reason(errno, why, sizeof why));
	for (ssize_t n; rc == FP_OK && (n = read(fd, buf, sizeof buf)) != 0;) {
		if (n < 0 && errno == EINTR)
			continue;
		for (ssize_t done = 0, w; rc == FP_OK && n > 0 && done<n; done += w> 0 ? w : 0)
			if ((w = write(out, buf + done, (size_t)(n - done))) < 0 && errno != EINTR)
				rc = fp_err(err, FP_EFAIL, "%s: %s", o->shown,
					    reason(errno, why, sizeof why));
		if (n < 0)
			rc = fp_err(err, FP_EFAIL, "%s: %s", o->shown,
				    reason(errno, why, sizeof why));
	}
	if (close(out) != 0 && rc == FP_OK && errno != EINTR)
		rc = fp_err(err, FP_EFAIL, "%s: %s", o->shown, reason(errno, why, sizeof why));
	return rc;
}

int outfile_commit(struct outfile *o, const char *name, enum outfile_kind kind, char *err)
{
	char why[96];
	if (!o->live)
		return fp_err(err, FP_EFAIL, "%s: internal error (outfile_commit)", o->shown);
	int rc = FP_OK;
	struct stat st;
	int fd = openat(o->privfd, name, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0) {
		if (errno == ENOENT) {
			incomplete_cause(o, 0, why, sizeof why);
			rc = fp_err(err, FP_EFAIL, "%s: %s", o->shown,
				    why[0] ? why : "gnuplot wrote nothing");
		} else {
			rc = fp_err(err, FP_EFAIL, "%s: %s", o->shown,
				    reason(errno, why, sizeof why));
		}
	} else if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		rc = fp_err(err, FP_EFAIL, "%s: the result is not a regular file", o->shown);
	} else {
		rc = check_result(o, fd, st.st_size, kind, err);
	}
	if (rc == FP_OK && fsync(fd) != 0 && errno != EINVAL)
		rc = fp_err(err, FP_EFAIL, "%s: %s", o->shown, reason(errno, why, sizeof why));
	/* A destination that is a device or a pipe (--dump /dev/null, --save /dev/stdout)
	 * is written into, never replaced: a rename would put a regular file in its place
	 * (as root, /dev/null itself). Other special files are refused. */
	struct stat dst;
	int special = rc == FP_OK && fstatat(o->dirfd, o->base, &dst, AT_SYMLINK_NOFOLLOW) == 0 &&
		      !S_ISREG(dst.st_mode) && !S_ISDIR(dst.st_mode) && !S_ISLNK(dst.st_mode);
	if (special && (S_ISCHR(dst.st_mode) || S_ISFIFO(dst.st_mode)))
		rc = copy_into(o, fd, err);
	else if (special)
		rc = fp_err(err, FP_EFAIL, "%s: not a regular file, a device or a pipe", o->shown);
	if (fd >= 0)
		close(fd);
	if (rc == FP_OK && !special && renameat(o->privfd, name, o->dirfd, o->base) != 0)
		rc = fp_err(err, FP_EFAIL, "%s: %s", o->shown, reason(errno, why, sizeof why));
	if (rc == FP_OK && fsync(o->dirfd) != 0 && errno != EINVAL && errno != EBADF)
		rc = fp_err(err, FP_EFAIL, "%s: %s", o->shown, reason(errno, why, sizeof why));
	outfile_abort(o); /* the private directory and what is left in it */
	return rc;
}

/* ---- cleaning up ---- */

/* Unlink every entry of the private directory; 1 when it is empty afterwards. */
static int priv_empty(struct outfile *o)
{
	int dfd = dup(o->privfd);
	if (dfd < 0)
		return 0;
	DIR *d = fdopendir(dfd);
	if (!d) {
		close(dfd);
		return 0;
	}
	rewinddir(d);
	struct dirent *e;
	int left = 0;
	while ((e = readdir(d)))
		if (strcmp(e->d_name, ".") && strcmp(e->d_name, "..") &&
		    unlinkat(o->privfd, e->d_name, 0) != 0 && errno != ENOENT)
			left = 1;
	closedir(d);
	return !left;
}

void outfile_abort(struct outfile *o)
{
	if (!o->live)
		return;
	if (o->fd >= 0) {
		close(o->fd);
		o->fd = -1;
	}
	/* A process still writing (gnuplot being killed) may add a file: try again. */
	for (int t = 0; t < 50; t++) {
		priv_empty(o);
		struct stat st;
		if (fstatat(o->dirfd, o->priv, &st, AT_SYMLINK_NOFOLLOW) != 0 ||
		    st.st_dev != o->priv_dev || st.st_ino != o->priv_ino)
			break; /* gone, or the name is no longer ours: leave it */
		if (unlinkat(o->dirfd, o->priv, AT_REMOVEDIR) == 0 || errno != ENOTEMPTY)
			break;
		struct timespec ts = {0, 10000000};
		nanosleep(&ts, NULL);
	}
	outfile_forget(o);
}

void outfile_forget(struct outfile *o)
{
	if (!o->live)
		return;
	if (o->fd >= 0)
		close(o->fd);
	close(o->privfd);
	close(o->dirfd);
	o->fd = o->privfd = o->dirfd = -1;
	o->live = 0;
}
