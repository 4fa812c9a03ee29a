/*
 * helpers.c - temporary files and directories for the unit tests.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "suites.h"

static char *temp_template(const char *suffix)
{
    const char *dir = getenv("TMPDIR");
    if (!dir || !*dir) dir = "/tmp";
    size_t need = strlen(dir) + strlen(suffix) + 32;
    char *path = malloc(need);
    ck_assert_ptr_nonnull(path);
    snprintf(path, need, "%s/qt-unit-%s-XXXXXX", dir, suffix);
    return path;
}

char *tu_temp_file(const char *data, size_t len)
{
    char *path = temp_template("file");
    int fd = mkstemp(path);
    ck_assert_msg(fd >= 0, "mkstemp %s failed", path);
    ck_assert_msg(write(fd, data, len) == (ssize_t)len, "short write to %s", path);
    close(fd);
    return path;
}

char *tu_temp_dir(void)
{
    char *path = temp_template("dir");
    ck_assert_msg(mkdtemp(path) != NULL, "mkdtemp %s failed", path);
    return path;
}

char *tu_dir_file(const char *dir, const char *name, const char *data)
{
    size_t need = strlen(dir) + strlen(name) + 2;
    char *path = malloc(need);
    ck_assert_ptr_nonnull(path);
    snprintf(path, need, "%s/%s", dir, name);
    FILE *f = fopen(path, "wb");
    ck_assert_msg(f != NULL, "cannot create %s", path);
    fputs(data, f);
    ck_assert_int_eq(fclose(f), 0);
    return path;
}

char *tu_missing_path(char **dir)
{
    *dir = tu_temp_dir();
    size_t need = strlen(*dir) + 16;
    char *path = malloc(need);
    ck_assert_ptr_nonnull(path);
    snprintf(path, need, "%s/missing", *dir);
    return path;
}

void tu_remove(char *path)
{
    if (!path) return;
    if (unlink(path) != 0) rmdir(path);
    free(path);
}
