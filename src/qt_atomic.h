/*
 * qt_atomic.h - write a file so that readers see either the old contents or
 * the complete new ones, never a half-written file: the data goes to a
 * temporary file in the same directory, which is flushed, fsync'ed and then
 * renamed over the target (and the directory fsync'ed so the rename itself
 * survives a crash).
 *
 * The target's directory must exist: nothing is created but the file.  A
 * target that is a directory is refused; a symbolic link at the target path
 * is replaced by the file, never followed, so output cannot land in a
 * directory the caller did not name.  An existing regular file keeps its
 * permission bits; a new one gets 0666 less the umask.
 */
#ifndef QT_ATOMIC_H
#define QT_ATOMIC_H

#include <stdio.h>

#include "qt_error.h"

typedef struct qt_atomic_file qt_atomic_file;

/* Creates the temporary file next to path.  Errors: QT_ERR_IO (missing or
 * unwritable directory, path is a directory), QT_ERR_NOMEM.  Returns NULL
 * with err filled on failure. */
qt_atomic_file *qt_atomic_create(const char *path, qt_error *err);

/* The stream to write to; owned by the handle (do not fclose it). */
FILE *qt_atomic_stream(qt_atomic_file *f);

/* Path of the temporary file (for tests and messages); owned by the handle. */
const char *qt_atomic_temp_path(const qt_atomic_file *f);

/* Flushes, fsyncs and renames the temporary file over the target, then frees
 * the handle (also on failure, after removing the temporary file).
 * QT_OK or QT_ERR_IO (a write error while flushing: disk full, ...). */
qt_status qt_atomic_commit(qt_atomic_file *f, qt_error *err);

/* Removes the temporary file and frees the handle; the target is untouched.
 * NULL is accepted. */
void qt_atomic_abort(qt_atomic_file *f);

#endif
