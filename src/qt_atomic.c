/* qt_atomic.c - atomic file replacement (see qt_atomic.h). */
#include "qt_atomic.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

struct qt_atomic_file {
    char *path;   /* the target, as given */
    char *dir;    /* its directory ("." for a bare name) */
    char *tmp;    /* the temporary file */
    FILE *stream;
};

static void atomic_free(qt_atomic_file *f)
{
    if (!f) return;
    free(f->path);
    free(f->dir);
    free(f->tmp);
    free(f);
}

/* Splits path into its directory and base name (both malloc'ed). */
static int split(const char *path, char **dir, char **base)
{
    const char *slash = strrchr(path, '/');
    if (!slash) {
        *dir = strdup(".");
        *base = strdup(path);
    } else {
        size_t n = (size_t)(slash - path);
        *dir = n ? strndup(path, n) : strdup("/");
        *base = strdup(slash + 1);
    }
    return *dir && *base ? 0 : -1;
}

qt_atomic_file *qt_atomic_create(const char *path, qt_error *err)
{
    if (!path || !*path) {
        qt_error_set(err, QT_ERR_IO, "no output file named");
        return NULL;
    }
    qt_atomic_file *f = calloc(1, sizeof *f);
    char *base = NULL;
    if (!f || !(f->path = strdup(path)) || split(path, &f->dir, &base) != 0) {
        qt_error_set(err, QT_ERR_NOMEM, "out of memory");
        goto fail;
    }
    struct stat st;
    if (!*base) {
        qt_error_set(err, QT_ERR_IO, "%s: names a directory, not a file", path);
        goto fail;
    }
    if (stat(f->dir, &st) != 0 || !S_ISDIR(st.st_mode)) {
        qt_error_set(err, QT_ERR_IO, "%s: directory '%s' does not exist", path, f->dir);
        goto fail;
    }
    /* lstat: a symbolic link is replaced, so only a real directory stops us. */
    mode_t mode = 0666;
    int keep_mode = 0;
    if (lstat(path, &st) == 0) {
        if (S_ISDIR(st.st_mode)) {
            qt_error_set(err, QT_ERR_IO, "%s: is a directory", path);
            goto fail;
        }
        if (S_ISREG(st.st_mode)) {
            mode = st.st_mode & 07777;
            keep_mode = 1;
        }
    }
    size_t need = strlen(f->dir) + strlen(base) + 64;
    if (!(f->tmp = malloc(need))) {
        qt_error_set(err, QT_ERR_NOMEM, "out of memory");
        goto fail;
    }
    /* O_EXCL|O_NOFOLLOW on a fresh name: never writes through a planted link.
     * The name is hidden and says what it is if a crash leaves it behind. */
    int fd = -1;
    for (unsigned attempt = 0; fd < 0 && attempt < 100; attempt++) {
        snprintf(f->tmp, need, "%s/.%s.%ld.%u.tmp", f->dir, base, (long)getpid(), attempt);
        fd = open(f->tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0666);
        if (fd < 0 && errno != EEXIST) break;
    }
    if (fd < 0) {
        qt_error_set(err, QT_ERR_IO, "%s: cannot create a file in '%s': %s", path, f->dir,
                     strerror(errno));
        goto fail;
    }
    if (keep_mode) (void)fchmod(fd, mode);
    if (!(f->stream = fdopen(fd, "w"))) {
        close(fd);
        unlink(f->tmp);
        qt_error_set(err, QT_ERR_NOMEM, "out of memory");
        goto fail;
    }
    free(base);
    return f;
fail:
    free(base);
    atomic_free(f);
    return NULL;
}

FILE *qt_atomic_stream(qt_atomic_file *f)
{
    return f->stream;
}

const char *qt_atomic_temp_path(const qt_atomic_file *f)
{
    return f->tmp;
}

qt_status qt_atomic_commit(qt_atomic_file *f, qt_error *err)
{
    qt_status st = QT_OK;
    int bad = fflush(f->stream) != 0 || ferror(f->stream);
    int saved = errno;
    if (!bad && fsync(fileno(f->stream)) != 0) {
        bad = 1;
        saved = errno;
    }
    if (fclose(f->stream) != 0 && !bad) {
        bad = 1;
        saved = errno;
    }
    f->stream = NULL;
    if (bad) {
        st = qt_error_set(err, QT_ERR_IO, "%s: error writing: %s", f->path, strerror(saved));
    } else if (rename(f->tmp, f->path) != 0) {
        st = qt_error_set(err, QT_ERR_IO, "%s: cannot replace it: %s", f->path, strerror(errno));
    } else {
        /* The rename is only durable once the directory entry is on disk. */
        int dfd = open(f->dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        if (dfd >= 0) {
            (void)fsync(dfd);
            close(dfd);
        }
        atomic_free(f);
        return QT_OK;
    }
    unlink(f->tmp);
    atomic_free(f);
    return st;
}

void qt_atomic_abort(qt_atomic_file *f)
{
    if (!f) return;
    if (f->stream) fclose(f->stream);
    unlink(f->tmp);
    atomic_free(f);
}
