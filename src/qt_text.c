#include "qt_text.h"

#include <stdlib.h>
#include <string.h>

/* Length of the valid UTF-8 sequence starting at p (1..4), or 0 when the bytes
 * there are not valid UTF-8 (stray continuation, overlong form, surrogate,
 * beyond U+10FFFF, or truncated).  Follows RFC 3629's byte table. */
static size_t utf8_valid_len(const unsigned char *p, size_t avail)
{
    unsigned char c = p[0];
    if (c < 0x80) return 1;
    if (c < 0xC2) return 0;
    if (c < 0xE0) {
        return (avail >= 2 && (p[1] & 0xC0) == 0x80) ? 2 : 0;
    }
    if (c < 0xF0) {
        if (avail < 3 || (p[1] & 0xC0) != 0x80 || (p[2] & 0xC0) != 0x80) return 0;
        if (c == 0xE0 && p[1] < 0xA0) return 0;   /* overlong */
        if (c == 0xED && p[1] >= 0xA0) return 0;  /* UTF-16 surrogate */
        return 3;
    }
    if (c < 0xF5) {
        if (avail < 4 || (p[1] & 0xC0) != 0x80 || (p[2] & 0xC0) != 0x80 ||
            (p[3] & 0xC0) != 0x80)
            return 0;
        if (c == 0xF0 && p[1] < 0x90) return 0;   /* overlong */
        if (c == 0xF4 && p[1] >= 0x90) return 0;  /* beyond U+10FFFF */
        return 4;
    }
    return 0;
}

static const char REPLACEMENT[] = "\xEF\xBF\xBD";

/* Word-at-a-time helpers: 8 bytes per step where the text is plain ASCII,
 * which most of a news article is. */
#define ONES 0x0101010101010101ULL
#define HIGHS 0x8080808080808080ULL

static uint64_t load8(const unsigned char *p)
{
    uint64_t x;
    memcpy(&x, p, sizeof x);
    return x;
}

/* Whether none of the 8 bytes is non-ASCII, NUL or CR (the bytes
 * normalisation may change).  The zero-byte test is the classic
 * (x - 0x01..) & ~x & 0x80..: exact for the lowest zero byte, and a false
 * "maybe" only sends the block to the byte-by-byte path. */
static int plain8(uint64_t x)
{
    uint64_t cr = x ^ (ONES * '\r');
    return ((x | ((x - ONES) & ~x) | ((cr - ONES) & ~cr)) & HIGHS) == 0;
}

qt_status qt_text_normalise(const char *raw, size_t len, char **out, size_t *out_len,
                            qt_text_report *report, qt_error *err)
{
    qt_text_report local;
    const unsigned char *p = (const unsigned char *)raw;
    size_t i = 0, o = 0;
    char *buf;

    memset(&local, 0, sizeof local);
    /* Each raw byte becomes at most 3 bytes (one U+FFFD), plus the terminator. */
    if (len > (((size_t)-1) - 1) / 3) return qt_error_set(err, QT_ERR_LIMIT, "text too large");
    buf = malloc(len * 3 + 1);
    if (!buf) return qt_error_set(err, QT_ERR_NOMEM, "out of memory normalising %zu bytes", len);

    /* Every leading BOM goes, not just the first: a text that kept a
     * second one would lose it when normalised again, so normalised text
     * would not be its own normal form (offsets into it would shift). */
    while (len - i >= 3 && p[i] == 0xEF && p[i + 1] == 0xBB && p[i + 2] == 0xBF) {
        local.had_bom = 1;
        i += 3;
    }
    while (i < len) {
        if (i + 8 <= len && plain8(load8(p + i))) {
            memcpy(buf + o, p + i, 8);
            o += 8;
            i += 8;
            continue;
        }
        unsigned char c = p[i];
        if (c == '\r') {
            buf[o++] = '\n';
            local.crlf++;
            i += (i + 1 < len && p[i + 1] == '\n') ? 2 : 1;
            continue;
        }
        if (c == 0) {
            if (local.nul_bytes++ == 0) local.first_nul_at = i;
            memcpy(buf + o, REPLACEMENT, 3);
            o += 3;
            i++;
            continue;
        }
        if (c < 0x80) {
            buf[o++] = (char)c;
            i++;
            continue;
        }
        size_t n = utf8_valid_len(p + i, len - i);
        if (n == 0) {
            if (local.invalid_bytes++ == 0) local.first_invalid_at = i;
            memcpy(buf + o, REPLACEMENT, 3);
            o += 3;
            i++;
            continue;
        }
        memcpy(buf + o, p + i, n);
        o += n;
        i += n;
    }
    buf[o] = '\0';
    /* Give back the slack when the text was clean, which is the common case. */
    char *shrunk = realloc(buf, o + 1);
    *out = shrunk ? shrunk : buf;
    *out_len = o;
    if (report) *report = local;
    return QT_OK;
}

uint32_t qt_utf8_next(const char *s, size_t len, size_t *pos)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t i = *pos;
    if (i >= len) return 0;
    unsigned char c = p[i];
    uint32_t cp;
    size_t n;
    if (c < 0x80) { cp = c; n = 1; }
    else if (c < 0xE0) { cp = c & 0x1F; n = 2; }
    else if (c < 0xF0) { cp = c & 0x0F; n = 3; }
    else { cp = c & 0x07; n = 4; }
    if (i + n > len) { *pos = len; return 0xFFFD; }
    for (size_t k = 1; k < n; k++) cp = (cp << 6) | (p[i + k] & 0x3F);
    *pos = i + n;
    return cp;
}

uint32_t qt_utf8_prev(const char *s, size_t *pos)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t i = *pos;
    if (i == 0) return 0;
    size_t start = i - 1;
    while (start > 0 && (p[start] & 0xC0) == 0x80 && i - start < 4) start--;
    size_t q = start;
    uint32_t cp = qt_utf8_next(s, i, &q);
    *pos = start;
    return cp;
}

/* Code points in the 8 bytes of x: those that are not continuation bytes
 * (10xxxxxx).  The mask has at most bit 7 of each byte set; shifted down and
 * multiplied by 0x01..01, its top byte is their count (no popcount needed:
 * without -mpopcnt that is a library call). */
static size_t chars8(uint64_t x)
{
    uint64_t cont = (x & ~(x << 1) & HIGHS) >> 7;
    return 8 - (size_t)((cont * ONES) >> 56);
}

size_t qt_utf8_count(const char *s, size_t byte_off)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t n = 0, i = 0;
    for (; i + 8 <= byte_off; i += 8) n += chars8(load8(p + i));
    for (; i < byte_off; i++)
        if ((p[i] & 0xC0) != 0x80) n++;
    return n;
}

/* Two levels of checkpoints: the code point count before every 4 KiB block,
 * and, inside a block, before every 64-byte line (16 bits suffice there).
 * A lookup then scans under 64 bytes; the scanner asks for six offsets per
 * quote, and scanning up to 4 KiB for each was a fifth of a scan's time. */
#define CHARMAP_BLOCK 4096
#define CHARMAP_LINE 64

struct qt_charmap {
    const char *s;
    size_t len;
    size_t *block_chars;  /* code points before byte block*CHARMAP_BLOCK */
    uint16_t *line_chars; /* code points from its block's start to byte line*CHARMAP_LINE */
};

qt_charmap *qt_charmap_create(const char *s, size_t len)
{
    qt_charmap *map = calloc(1, sizeof *map);
    if (!map) return NULL;
    map->s = s;
    map->len = len;
    size_t nblocks = len / CHARMAP_BLOCK + 1, nlines = len / CHARMAP_LINE + 1;
    map->block_chars = malloc(nblocks * sizeof *map->block_chars);
    map->line_chars = malloc(nlines * sizeof *map->line_chars);
    if (!map->block_chars || !map->line_chars) {
        qt_charmap_free(map);
        return NULL;
    }
    size_t chars = 0, in_block = 0;
    const unsigned char *p = (const unsigned char *)s;
    for (size_t l = 0; l < nlines; l++) {
        if (l % (CHARMAP_BLOCK / CHARMAP_LINE) == 0) {
            map->block_chars[l / (CHARMAP_BLOCK / CHARMAP_LINE)] = chars;
            in_block = 0;
        }
        map->line_chars[l] = (uint16_t)in_block;
        size_t end = (l + 1) * CHARMAP_LINE, i = l * CHARMAP_LINE, n = 0;
        if (end > len) end = len;
        /* Code points are the bytes that are not continuation bytes (10xxxxxx). */
        for (; i + 8 <= end; i += 8) n += chars8(load8(p + i));
        for (; i < end; i++) n += (p[i] & 0xC0) != 0x80;
        chars += n;
        in_block += n;
    }
    return map;
}

size_t qt_charmap_chars(const qt_charmap *map, size_t off)
{
    if (off > map->len) off = map->len;
    size_t line = off / CHARMAP_LINE;
    size_t chars = map->block_chars[off / CHARMAP_BLOCK] + map->line_chars[line];
    const unsigned char *p = (const unsigned char *)map->s;
    for (size_t i = line * CHARMAP_LINE; i < off; i++)
        if ((p[i] & 0xC0) != 0x80) chars++;
    return chars;
}

void qt_charmap_free(qt_charmap *map)
{
    if (!map) return;
    free(map->block_chars);
    free(map->line_chars);
    free(map);
}

int qt_cp_is_space(uint32_t cp)
{
    return cp == ' ' || cp == '\t' || cp == '\n' || cp == '\v' || cp == '\f' ||
           cp == 0xA0 || cp == 0x1680 || (cp >= 0x2000 && cp <= 0x200A) ||
           cp == 0x2028 || cp == 0x2029 || cp == 0x202F || cp == 0x205F ||
           cp == 0x3000;
}

int qt_cp_is_upper(uint32_t cp)
{
    if (cp < 0x80) return cp >= 'A' && cp <= 'Z';
    if (cp >= 0xC0 && cp <= 0xDE) return cp != 0xD7;
    if (cp >= 0x100 && cp <= 0x17F) return (cp & 1) == 0; /* Latin Extended-A pairs */
    if (cp >= 0x391 && cp <= 0x3A9) return 1;               /* Greek */
    if (cp >= 0x400 && cp <= 0x42F) return 1;               /* Cyrillic */
    return 0;
}

int qt_cp_is_lower(uint32_t cp)
{
    if (cp < 0x80) return cp >= 'a' && cp <= 'z';
    if (cp >= 0xDF && cp <= 0xFF) return cp != 0xF7;
    if (cp >= 0x100 && cp <= 0x17F) return (cp & 1) == 1;
    if (cp >= 0x3B1 && cp <= 0x3C9) return 1;
    if (cp >= 0x430 && cp <= 0x45F) return 1;
    return 0;
}

int qt_cp_is_digit(uint32_t cp)
{
    return cp >= '0' && cp <= '9';
}

int qt_cp_is_letter(uint32_t cp)
{
    if (cp < 0x80) return (cp >= 'A' && cp <= 'Z') || (cp >= 'a' && cp <= 'z');
    if (cp < 0xC0) return cp == 0xAA || cp == 0xB5 || cp == 0xBA;
    if (cp == 0xD7 || cp == 0xF7) return 0;
    if (cp >= 0x2000 && cp <= 0x2BFF) return 0; /* punctuation, symbols, arrows */
    if (cp >= 0x3000 && cp <= 0x303F) return 0; /* CJK punctuation */
    if (cp == 0xFFFD || (cp >= 0xFE00 && cp <= 0xFE0F) || cp == 0xFEFF) return 0;
    return 1;
}
