#include "qt_date.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <time.h>

typedef struct {
    const char *s; /* cursor */
} cur;

static void skip_space(cur *c)
{
    while (*c->s == ' ' || *c->s == '\t') c->s++;
}

/* Reads 1..maxd digits (at least mind). Returns -1 when fewer than mind. */
static int digits(cur *c, int mind, int maxd)
{
    int v = 0, n = 0;
    while (n < maxd && isdigit((unsigned char)c->s[n])) v = v * 10 + (c->s[n++] - '0');
    if (n < mind) return -1;
    c->s += n;
    return v;
}

static const char *const months[] = {"january", "february", "march",     "april",
                                     "may",     "june",     "july",      "august",
                                     "september", "october", "november", "december"};
static const char *const weekdays[] = {"monday", "tuesday", "wednesday", "thursday",
                                       "friday", "saturday", "sunday"};

/* Reads a word of letters; returns its length. */
static size_t word_len(const char *s)
{
    size_t n = 0;
    while (isalpha((unsigned char)s[n])) n++;
    return n;
}

/* A month name, full or abbreviated to at least 3 letters ("Sept" too), with an optional '.'. */
static int month_name(cur *c)
{
    size_t n = word_len(c->s);
    if (n < 3) return 0;
    for (int m = 0; m < 12; m++) {
        if (n <= strlen(months[m]) && strncasecmp(c->s, months[m], n) == 0) {
            c->s += n;
            if (*c->s == '.') c->s++;
            return m + 1;
        }
    }
    return 0;
}

static void skip_weekday(cur *c)
{
    size_t n = word_len(c->s);
    if (n < 3) return;
    for (int d = 0; d < 7; d++) {
        if (n <= strlen(weekdays[d]) && strncasecmp(c->s, weekdays[d], n) == 0) {
            c->s += n;
            if (*c->s == '.') c->s++;
            skip_space(c);
            if (*c->s == ',') c->s++;
            skip_space(c);
            return;
        }
    }
}

static void skip_ordinal(cur *c)
{
    if (strncasecmp(c->s, "st", 2) == 0 || strncasecmp(c->s, "nd", 2) == 0 ||
        strncasecmp(c->s, "rd", 2) == 0 || strncasecmp(c->s, "th", 2) == 0) {
        if (!isalpha((unsigned char)c->s[2])) c->s += 2;
    }
}

static int leap(int y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int month_days(int y, int m)
{
    static const int d[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 && leap(y) ? 29 : d[m - 1];
}

/* Days since 1970-01-01 of a civil date (Howard Hinnant's algorithm). */
static long days_from_civil(int y, int m, int d)
{
    y -= m <= 2;
    long era = (y >= 0 ? y : y - 399) / 400;
    long yoe = y - era * 400;
    long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

static void civil_from_days(long z, int *y, int *m, int *d)
{
    z += 719468;
    long era = (z >= 0 ? z : z - 146096) / 146097;
    long doe = z - era * 146097;
    long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long yy = yoe + era * 400;
    long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    long mp = (5 * doy + 2) / 153;
    *d = (int)(doy - (153 * mp + 2) / 5 + 1);
    *m = (int)(mp < 10 ? mp + 3 : mp - 9);
    *y = (int)(yy + (*m <= 2));
}

static const struct {
    const char *name;
    int minutes;
} zones[] = {{"UTC", 0},    {"GMT", 0},    {"Z", 0},      {"UT", 0},     {"EST", -300},
             {"EDT", -240}, {"CST", -360}, {"CDT", -300}, {"MST", -420}, {"MDT", -360},
             {"PST", -480}, {"PDT", -420}, {"BST", 60},   {"CET", 60},   {"CEST", 120},
             {"EET", 120},  {"EEST", 180}, {"IST", 330},  {"KST", 540},  {"JST", 540}};

/* Parses an optional zone; returns 1 and sets *off (minutes) when one is present,
 * 0 when none, -1 when malformed. */
static int zone(cur *c, int *off)
{
    skip_space(c);
    if (*c->s == '+' || *c->s == '-') {
        int sign = *c->s == '-' ? -1 : 1;
        c->s++;
        int h = digits(c, 2, 2);
        if (h < 0) return -1;
        int mi = 0;
        if (*c->s == ':') c->s++;
        if (isdigit((unsigned char)*c->s)) {
            mi = digits(c, 2, 2);
            if (mi < 0) return -1;
        }
        if (h > 14 || mi > 59) return -1;
        *off = sign * (h * 60 + mi);
        return 1;
    }
    size_t n = word_len(c->s);
    if (n == 0) return 0;
    for (size_t i = 0; i < sizeof zones / sizeof *zones; i++) {
        if (strlen(zones[i].name) == n && strncasecmp(c->s, zones[i].name, n) == 0) {
            c->s += n;
            *off = zones[i].minutes;
            /* "GMT+2", "UTC-05:00" */
            if (*c->s == '+' || *c->s == '-') {
                int extra;
                if (zone(c, &extra) != 1) return -1;
                *off += extra;
            }
            return 1;
        }
    }
    return -1;
}

/* Optional time: [T| |, |at ]HH:MM[:SS[.frac]][ AM|PM][zone]. Returns 1 with a time,
 * 0 without, -1 when malformed. */
static int clock_time(cur *c, int *hh, int *mm, int *ss, int *has_zone, int *off)
{
    const char *save = c->s;
    if (*c->s == 'T' || *c->s == 't') {
        c->s++;
    } else {
        skip_space(c);
        if (*c->s == ',') c->s++;
        skip_space(c);
        if (strncasecmp(c->s, "at ", 3) == 0) c->s += 3;
        skip_space(c);
    }
    if (!isdigit((unsigned char)*c->s)) {
        c->s = save;
        return 0;
    }
    int h = digits(c, 1, 2);
    if (h < 0 || *c->s != ':') return -1;
    c->s++;
    int mi = digits(c, 2, 2), se = 0;
    if (mi < 0) return -1;
    if (*c->s == ':') {
        c->s++;
        se = digits(c, 2, 2);
        if (se < 0) return -1;
        if (*c->s == '.' || *c->s == ',') {
            c->s++;
            if (digits(c, 1, 9) < 0) return -1;
        }
    }
    skip_space(c);
    if (strncasecmp(c->s, "am", 2) == 0 || strncasecmp(c->s, "a.m.", 4) == 0 ||
        strncasecmp(c->s, "pm", 2) == 0 || strncasecmp(c->s, "p.m.", 4) == 0) {
        int pm = tolower((unsigned char)*c->s) == 'p';
        c->s += c->s[1] == '.' ? 4 : 2;
        if (h < 1 || h > 12) return -1;
        h = h % 12 + (pm ? 12 : 0);
    }
    if (h > 23 || mi > 59 || se > 60) return -1;
    *hh = h;
    *mm = mi;
    *ss = se > 59 ? 59 : se;
    int z = zone(c, off);
    if (z < 0) return -1;
    *has_zone = z;
    return 1;
}

qt_status qt_date_parse(const char *text, char out[QT_DATE_MAX], qt_error *err)
{
    cur c = {text};
    int y = -1, m = 0, d = -1;
    skip_space(&c);
    skip_weekday(&c);
    if (isdigit((unsigned char)c.s[0]) && isdigit((unsigned char)c.s[1]) &&
        isdigit((unsigned char)c.s[2]) && isdigit((unsigned char)c.s[3]) &&
        (c.s[4] == '-' || c.s[4] == '/')) {
        char sep = c.s[4];
        y = digits(&c, 4, 4);
        c.s++;
        m = digits(&c, 1, 2);
        if (m < 0 || *c.s != sep) goto bad;
        c.s++;
        d = digits(&c, 1, 2);
    } else if (isdigit((unsigned char)*c.s)) {
        d = digits(&c, 1, 2);
        skip_ordinal(&c);
        skip_space(&c);
        if (*c.s == '-') c.s++;
        if (strncasecmp(c.s, "of ", 3) == 0) c.s += 3;
        m = month_name(&c);
        if (!m) goto bad;
        skip_space(&c);
        if (*c.s == ',' || *c.s == '-') c.s++;
        skip_space(&c);
        y = digits(&c, 4, 4);
    } else {
        m = month_name(&c);
        if (!m) goto bad;
        skip_space(&c);
        d = digits(&c, 1, 2);
        skip_ordinal(&c);
        skip_space(&c);
        if (*c.s == ',') c.s++;
        skip_space(&c);
        y = digits(&c, 4, 4);
    }
    if (y < 1000 || m < 1 || m > 12 || d < 1 || d > month_days(y, m)) goto bad;
    int hh = 0, mm = 0, ss = 0, has_zone = 0, off = 0;
    int t = clock_time(&c, &hh, &mm, &ss, &has_zone, &off);
    if (t < 0) goto bad;
    skip_space(&c);
    if (*c.s) goto bad;
    if (!t) {
        snprintf(out, QT_DATE_MAX, "%04d-%02d-%02d", y, m, d);
        return QT_OK;
    }
    if (has_zone) {
        long secs = days_from_civil(y, m, d) * 86400L + hh * 3600L + mm * 60L + ss - off * 60L;
        long days = secs >= 0 ? secs / 86400 : -((-secs + 86399) / 86400);
        long rem = secs - days * 86400;
        civil_from_days(days, &y, &m, &d);
        hh = (int)(rem / 3600);
        mm = (int)(rem % 3600 / 60);
        ss = (int)(rem % 60);
    }
    snprintf(out, QT_DATE_MAX, "%04d-%02d-%02dT%02d:%02d:%02d%s", y, m, d, hh, mm, ss,
             has_zone ? "Z" : "");
    return QT_OK;
bad:
    return qt_error_set(err, QT_ERR_INPUT, "not a date: \"%.80s\"", text);
}

void qt_date_now(char out[QT_DATE_MAX])
{
    time_t now = time(NULL);
    struct tm tm;
    gmtime_r(&now, &tm);
    strftime(out, QT_DATE_MAX, "%Y-%m-%dT%H:%M:%SZ", &tm);
}
