#include "qt_error.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

const char *qt_status_name(qt_status code)
{
    switch (code) {
    case QT_OK: return "ok";
    case QT_ERR_NOMEM: return "out of memory";
    case QT_ERR_IO: return "input/output error";
    case QT_ERR_INPUT: return "malformed input";
    case QT_ERR_PATTERN: return "pattern error";
    case QT_ERR_DB: return "database error";
    case QT_ERR_BUSY: return "database busy";
    case QT_ERR_READONLY: return "database is read-only";
    case QT_ERR_SCHEMA: return "database schema mismatch";
    case QT_ERR_NOTFOUND: return "not found";
    case QT_ERR_USAGE: return "usage error";
    case QT_ERR_LIMIT: return "size limit exceeded";
    }
    return "unknown error";
}

qt_status qt_error_set(qt_error *err, qt_status code, const char *fmt, ...)
{
    if (err) {
        va_list ap;
        err->code = code;
        va_start(ap, fmt);
        vsnprintf(err->msg, sizeof err->msg, fmt, ap);
        va_end(ap);
    }
    return code;
}

const char *qt_error_message(const qt_error *err)
{
    if (!err) return qt_status_name(QT_OK);
    if (err->msg[0]) return err->msg;
    return qt_status_name(err->code);
}

void qt_error_clear(qt_error *err)
{
    if (!err) return;
    err->code = QT_OK;
    err->msg[0] = '\0';
}
