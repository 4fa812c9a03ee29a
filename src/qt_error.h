/*
 * qt_error.h - the one error convention of the quotetrack library.
 *
 * Every fallible library function returns a qt_status (QT_OK on success) and,
 * when the caller passes a non-NULL qt_error, fills it with the code and a
 * human-readable message.  The message is stored inside the qt_error itself,
 * so nothing needs freeing.  Only the CLI prints messages or exits.
 */
#ifndef QT_ERROR_H
#define QT_ERROR_H

#include <stddef.h>

typedef enum {
    QT_OK = 0,
    QT_ERR_NOMEM,     /* an allocation failed */
    QT_ERR_IO,        /* a file could not be opened, read or written */
    QT_ERR_INPUT,     /* the input is malformed (bad JSON line, wrong field type) */
    QT_ERR_PATTERN,   /* a pattern file is missing or does not compile */
    QT_ERR_DB,        /* SQLite reported an error */
    QT_ERR_BUSY,      /* the database stayed locked past the busy timeout */
    QT_ERR_READONLY,  /* the database or its directory cannot be written */
    QT_ERR_SCHEMA,    /* the database was written by a newer quotetrack */
    QT_ERR_NOTFOUND,  /* the named article, speaker or quote does not exist */
    QT_ERR_USAGE,     /* the caller passed arguments that make no sense */
    QT_ERR_LIMIT      /* an input exceeds a documented size limit */
} qt_status;

#define QT_ERROR_MSG_MAX 512

typedef struct {
    qt_status code;
    char msg[QT_ERROR_MSG_MAX];
} qt_error;

/* Returns a static, never-NULL name for a status ("ok", "out of memory", ...). */
const char *qt_status_name(qt_status code);

/* Records code and a printf-style message in err (when err is not NULL) and
 * returns code, so callers can write `return qt_error_set(err, QT_ERR_IO, ...)`. */
qt_status qt_error_set(qt_error *err, qt_status code, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

/* Returns the message recorded in err, or the status name when none was set.
 * Never returns NULL; err may be NULL. */
const char *qt_error_message(const qt_error *err);

/* Clears err (code QT_OK, empty message); err may be NULL. */
void qt_error_clear(qt_error *err);

/* Propagate a failing status to the caller. */
#define QT_TRY(expr)                                                          \
    do {                                                                      \
        qt_status qt_try_status_ = (expr);                                    \
        if (qt_try_status_ != QT_OK) return qt_try_status_;                   \
    } while (0)

/* Propagate failure after jumping to a cleanup label: `status` must be a
 * local qt_status and `label` a cleanup label that returns it. */
#define QT_CHECK(status, expr, label)                                         \
    do {                                                                      \
        (status) = (expr);                                                    \
        if ((status) != QT_OK) goto label;                                    \
    } while (0)

#endif
