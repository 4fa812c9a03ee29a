/* TEMPORARY placeholder while the real scanner is written (replaced shortly). */
#include "qt_scan.h"
#include <stdlib.h>
const char *qt_kind_name(qt_quote_kind kind)
{
    return kind == QT_KIND_DIRECT ? "direct" : kind == QT_KIND_PARTIAL ? "partial" : "indirect";
}
const char *qt_speaker_kind_name(qt_speaker_kind kind)
{
    static const char *const names[] = {NULL, "person", "organization", "group", "anonymous"};
    return names[kind];
}
struct qt_scanner { const qt_patterns *pats; };
qt_scanner *qt_scanner_create(const qt_patterns *pats, qt_error *err)
{
    qt_scanner *s = calloc(1, sizeof *s);
    if (!s) { qt_error_set(err, QT_ERR_NOMEM, "out of memory"); return NULL; }
    s->pats = pats;
    return s;
}
void qt_scanner_free(qt_scanner *s) { free(s); }
qt_status qt_scan_article(qt_scanner *s, const qt_article *a, qt_scan_result **out, qt_error *err)
{
    (void)s; (void)a;
    *out = calloc(1, sizeof **out);
    return *out ? QT_OK : qt_error_set(err, QT_ERR_NOMEM, "out of memory");
}
void qt_scan_result_free(qt_scan_result *r) { free(r); }
