/*
 * qt_text.h - UTF-8 text: normalisation of raw article bytes, decoding, and
 * byte-to-code-point offset conversion.
 *
 * Every offset quotetrack reports refers to the *normalised* article text,
 * which is what the store keeps: a UTF-8 byte-order mark is dropped, CRLF and
 * lone CR become LF, and every byte that is not valid UTF-8 (including NUL,
 * overlong forms and encoded surrogates) becomes U+FFFD.  Nothing else is
 * changed, so a clean UTF-8 LF file is its own normalised form.
 */
#ifndef QT_TEXT_H
#define QT_TEXT_H

#include <stddef.h>
#include <stdint.h>

#include "qt_error.h"

/* What normalisation changed, so the CLI can warn precisely. */
typedef struct {
    size_t invalid_bytes;      /* bytes replaced by U+FFFD (invalid UTF-8) */
    size_t first_invalid_at;   /* byte offset in the raw input of the first one */
    size_t nul_bytes;          /* NUL bytes replaced by U+FFFD */
    size_t first_nul_at;       /* byte offset in the raw input of the first one */
    int had_bom;               /* a UTF-8 BOM was dropped */
    size_t crlf;               /* CR or CRLF line ends turned into LF */
    size_t html_cut_line;      /* HTML only: the parser stopped at its nesting limit
                                  on this line of the input (1-based), so nothing after
                                  it was read; 0 when the whole page was read */
} qt_text_report;

/* Normalises len raw bytes into a new NUL-terminated buffer.
 * On success *out (caller frees with free()) and *out_len are set and report,
 * when not NULL, says what changed.  Returns QT_OK or QT_ERR_NOMEM. */
qt_status qt_text_normalise(const char *raw, size_t len, char **out, size_t *out_len,
                            qt_text_report *report, qt_error *err);

/* Decodes the code point at s[*pos] (s must be valid UTF-8, e.g. normalised)
 * and advances *pos past it.  Returns 0 at end (pos >= len). */
uint32_t qt_utf8_next(const char *s, size_t len, size_t *pos);

/* Decodes the code point that ends just before byte offset pos and moves *pos
 * to its first byte.  Returns 0 at the start of the text. */
uint32_t qt_utf8_prev(const char *s, size_t *pos);

/* Number of code points in s[0..byte_off). */
size_t qt_utf8_count(const char *s, size_t byte_off);

/*
 * Byte-to-code-point conversion for many offsets in one text without
 * recounting from the start each time: it keeps a checkpoint per 64 bytes
 * (a size_t per 4 KiB block plus 16 bits per 64-byte line, about 3% of the
 * text), so a lookup scans under 64 bytes whatever the text size.
 */
typedef struct qt_charmap qt_charmap;

/* Returns a new map over s (which must outlive it), or NULL when out of memory. */
qt_charmap *qt_charmap_create(const char *s, size_t len);
/* Code point offset of byte offset off (off <= len). */
size_t qt_charmap_chars(const qt_charmap *map, size_t off);
/* Frees map; NULL is accepted. */
void qt_charmap_free(qt_charmap *map);

/* Unicode helpers used by the scanner (ASCII plus the Latin, Greek and
 * Cyrillic ranges news text uses; other scripts count as letters). */
int qt_cp_is_space(uint32_t cp);      /* white space including no-break spaces */
int qt_cp_is_upper(uint32_t cp);
int qt_cp_is_lower(uint32_t cp);
int qt_cp_is_letter(uint32_t cp);
int qt_cp_is_digit(uint32_t cp);

#endif
