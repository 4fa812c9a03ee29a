/*
 * qt_date.h - publication dates: parse the forms news pages use and
 * normalise them to sortable ISO 8601 text.
 *
 * Accepted (case-insensitive, an optional leading weekday "Fri," or
 * "Friday," is ignored):
 *   2024-11-01   2024/11/01   2024-11-01T10:00:00Z   2024-11-01 10:00
 *   2024-11-01T10:00:00.123+02:00   (offsets: Z, +HH:MM, +HHMM, +HH, UTC, GMT,
 *                                     and a few zone names: EST, EDT, PST, ...)
 *   Nov 1, 2024   Nov. 1st, 2024   November 1 2024   November 1, 2024 10:00 AM
 *   1 November 2024   01 Nov 2024 10:00:00 GMT   Fri, 01 Nov 2024 10:00:00 +0000
 * Output: "YYYY-MM-DD" for a date alone, "YYYY-MM-DDTHH:MM:SSZ" for a time
 * with a zone (converted to UTC), "YYYY-MM-DDTHH:MM:SS" for a time without one.
 */
#ifndef QT_DATE_H
#define QT_DATE_H

#include "qt_error.h"

#define QT_DATE_MAX 32

/* Parses text into out (QT_DATE_MAX bytes).  Returns QT_OK, or QT_ERR_INPUT
 * with a message quoting the text when it is not a date this parser knows or
 * names an impossible one (2024-02-30). */
qt_status qt_date_parse(const char *text, char out[QT_DATE_MAX], qt_error *err);

/* The current time in UTC as "YYYY-MM-DDTHH:MM:SSZ". */
void qt_date_now(char out[QT_DATE_MAX]);

#endif
