/* SPDX-License-Identifier: GPL-3.0-or-later */
/* msi-csv-reader.c: fast, strict RFC 4180 reading of memory-mapped CSV files */

#define G_LOG_DOMAIN "msi-csv-reader"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <gio/gio.h>
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#if defined(__SSE2__)
#include <emmintrin.h>
#define HAVE_SSE2 1
#endif

#include "msi-csv-reader.h"
#include "msi-csv-reader-private.h"
#include "msi-invite-row.h"

/* Fields longer than this are not names or addresses: the file is not an
 * invitation list (and a runaway field would cost memory). */
#define MAX_FIELD_BYTES (1024 * 1024)
/* A row with more fields than this is not a table. */
#define MAX_FIELDS 65536

/* The start of the file that open() looks at to guess the encoding, the
 * separator and the header. */
#define SAMPLE_BYTES (64 * 1024)
#define SAMPLE_ROWS 20

/* UTF-8 is checked this far ahead of the rows being read. */
#define VALIDATE_CHUNK (1024 * 1024)
#define VALIDATE_AHEAD (64 * 1024)

/* The row index: blocks of offsets that never move once written, so
 * other threads can read rows below the published count at any time. */
#define BLOCK_SHIFT 14
#define BLOCK_ROWS (1u << BLOCK_SHIFT)
#define N_BLOCKS (MSI_CSV_MAX_ROWS / BLOCK_ROWS)

/* Cancellation and progress are looked at every this many rows. */
#define CHECK_EVERY 4096

#define NO_OFFSET G_MAXSIZE

typedef struct
{
  guint64 offsets[BLOCK_ROWS];        /* where the row starts in the text */
  guint32 lines[BLOCK_ROWS];          /* the 1-based line it starts on */
} RowBlock;

/* The UTF-8 text the rows are read from. Replaced at most once (when a
 * file that looked like UTF-8 turns out to be Windows-1252), and only
 * when every byte before the current row is ASCII, so offsets of rows
 * already indexed mean the same in both. */
typedef struct
{
  const char *data;
  gsize       len;
} Text;

typedef enum
{
  INVALID_NONE,
  INVALID_UTF8,                       /* not UTF-8 after non-ASCII UTF-8 */
  INVALID_1252,                       /* a byte Windows-1252 leaves undefined */
  INVALID_UTF16,                      /* an unpaired surrogate or an odd byte */
} InvalidKind;

struct _MsiCsvReader
{
  GObject         parent_instance;

  /* What the text comes from */
  void           *map;
  gsize           map_len;
  GBytes         *bytes;
  char           *converted;          /* UTF-16 or Windows-1252 made UTF-8 */
  guint64         size;

  Text            texts[2];
  Text           *text;               /* atomic */
  gsize           data_start;         /* after a BOM */

  MsiCsvEncoding  encoding;
  char           *notice;             /* atomic */
  char            separator;
  gboolean        has_header;
  gboolean        read_started;

  char          **first_row;
  guint           n_columns;

  /* Checking UTF-8 as the rows are read */
  gsize           validated_end;
  gboolean        seen_non_ascii;
  gsize           invalid_at;         /* first offset no encoding accepts, or NO_OFFSET */
  InvalidKind     invalid_kind;
  guint8          invalid_byte;

  RowBlock      **blocks;
  guint           n_rows;             /* atomic */
  guint64         bytes_read;         /* atomic */

  MsiCsvSpan     *fields;             /* the reading thread's spans */
  guint           fields_capacity;
};

G_DEFINE_FINAL_TYPE (MsiCsvReader, msi_csv_reader, G_TYPE_OBJECT)

G_DEFINE_QUARK (msi-csv-error-quark, msi_csv_error)

static void
msi_csv_reader_finalize (GObject *object)
{
  MsiCsvReader *self = MSI_CSV_READER (object);

  if (self->map != NULL)
    munmap (self->map, self->map_len);
  g_clear_pointer (&self->bytes, g_bytes_unref);
  g_free (self->converted);
  g_free (self->notice);
  g_strfreev (self->first_row);
  for (guint i = 0; i < N_BLOCKS && self->blocks[i] != NULL; i++)
    g_free (self->blocks[i]);
  g_free (self->blocks);
  g_free (self->fields);

  G_OBJECT_CLASS (msi_csv_reader_parent_class)->finalize (object);
}

static void
msi_csv_reader_class_init (MsiCsvReaderClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = msi_csv_reader_finalize;
}

static void
msi_csv_reader_init (MsiCsvReader *self)
{
  self->separator = ',';
  self->invalid_at = NO_OFFSET;
  self->blocks = g_new0 (RowBlock *, N_BLOCKS);
  self->text = &self->texts[0];
}

static inline const Text *
get_text (MsiCsvReader *self)
{
  return __atomic_load_n (&self->text, __ATOMIC_ACQUIRE);
}

/* Scanning: the next byte that matters (separator, quote, CR, LF, NUL),
 * found 64 bytes at a time. */

typedef struct
{
  const char *end;
  const char *base;                   /* the block the mask describes */
  guint64     mask;
#ifdef HAVE_SSE2
  __m128i     v_sep;
#else
  guint8      special[256];
#endif
  char        sep;
} Scan;

G_ALWAYS_INLINE static inline guint64 scan_block (const Scan *s,
                                                  const char *b);

static inline void
scan_init (Scan       *s,
           const char *from,
           const char *end,
           char        sep)
{
  s->end = end;
  s->base = from;
  s->sep = sep;
#ifdef HAVE_SSE2
  s->v_sep = _mm_set1_epi8 (sep);
#else
  memset (s->special, 0, sizeof s->special);
  s->special[(guchar) sep] = 1;
  s->special['"'] = 1;
  s->special['\n'] = 1;
  s->special['\r'] = 1;
  s->special[0] = 1;
#endif
  s->mask = from < end ? scan_block (s, from) : 0;
}

#ifdef HAVE_SSE2
static inline guint
mask16 (const Scan *s,
        const char *p)
{
  __m128i v = _mm_loadu_si128 ((const __m128i *) (const void *) p);
  __m128i m;

  m = _mm_or_si128 (_mm_or_si128 (_mm_cmpeq_epi8 (v, s->v_sep),
                                  _mm_cmpeq_epi8 (v, _mm_set1_epi8 ('"'))),
                    _mm_or_si128 (_mm_or_si128 (_mm_cmpeq_epi8 (v, _mm_set1_epi8 ('\n')),
                                                _mm_cmpeq_epi8 (v, _mm_set1_epi8 ('\r'))),
                                  _mm_cmpeq_epi8 (v, _mm_setzero_si128 ())));
  return (guint) _mm_movemask_epi8 (m);
}
#endif

static inline guint64
mask64 (const Scan *s,
        const char *p)
{
#ifdef HAVE_SSE2
  return (guint64) mask16 (s, p)
         | ((guint64) mask16 (s, p + 16) << 16)
         | ((guint64) mask16 (s, p + 32) << 32)
         | ((guint64) mask16 (s, p + 48) << 48);
#else
  guint64 m = 0;

  for (guint i = 0; i < 64; i++)
    m |= (guint64) s->special[(guchar) p[i]] << i;
  return m;
#endif
}

/* The last bytes, copied so as not to read past the end. */
G_GNUC_NO_INLINE static guint64
scan_tail (const Scan *s,
           const char *b)
{
  gsize n = s->end - b;
  char tail[64];

  memset (tail, 'x', sizeof tail);
  memcpy (tail, b, n);
  return mask64 (s, tail) & ((G_GUINT64_CONSTANT (1) << n) - 1);
}

G_ALWAYS_INLINE static inline guint64
scan_block (const Scan *s,
            const char *b)
{
  if (G_LIKELY (s->end - b >= 64))
    return mask64 (s, b);
  return scan_tail (s, b);
}

/* The first byte that matters at or after @from (which never goes
 * backwards), or the end. */
G_ALWAYS_INLINE static inline const char *
next_special (Scan       *s,
              const char *from)
{
  for (;;)
    {
      gsize off = from - s->base;

      if (off < 64)
        {
          guint64 m = s->mask & (~G_GUINT64_CONSTANT (0) << off);

          if (m != 0)
            return s->base + __builtin_ctzll (m);
          from = s->base + 64;
        }
      if (from >= s->end)
        return s->end;
      s->base = from;
      s->mask = scan_block (s, from);
    }
}

/* Parsing one record. */

typedef enum
{
  PARSE_OK,
  PARSE_UNTERMINATED,
  PARSE_NUL,
  PARSE_FIELD_TOO_LARGE,
  PARSE_TOO_MANY_FIELDS,
} ParseError;

typedef struct
{
  const char     *end;                /* after the record's line end */
  const char     *content_end;        /* before it */
  guint           n_fields;
  guint           n_lines;            /* line ends in it, its own included */
  MsiCsvRowIssue  issue;
  const char     *issue_at;
  const char     *extra_at;           /* where field n_columns + 1 starts */
  ParseError      error;
  const char     *error_at;
} Record;

typedef struct
{
  MsiCsvSpan **spans;
  guint       *capacity;
  gboolean     grow;
} Sink;

static inline void
sink_add (Sink       *sink,
          guint       i,
          const char *data,
          gsize       len,
          gboolean    quoted,
          gboolean    escaped)
{
  MsiCsvSpan *span;

  if (G_UNLIKELY (i >= *sink->capacity))
    {
      if (!sink->grow)
        return;
      *sink->capacity = MAX (16, *sink->capacity * 2);
      *sink->spans = g_renew (MsiCsvSpan, *sink->spans, *sink->capacity);
    }
  span = &(*sink->spans)[i];
  span->data = data;
  span->len = (guint32) len;
  span->quoted = quoted;
  span->escaped = escaped;
}

/* Reads the record at @p (not a blank line). The spans go to @sink; the
 * scanner @s must not be past @p. */
static void
parse_record (Scan       *s,
              const char *p,
              guint       n_columns,
              Sink       *sink,
              Record     *rec)
{
  const char *end = s->end;
  const char sep = s->sep;
  guint n = 0;

  rec->n_lines = 0;
  rec->issue = MSI_CSV_ROW_OK;
  rec->issue_at = NULL;
  rec->extra_at = NULL;
  rec->error = PARSE_OK;
  rec->error_at = NULL;

  for (;;)
    {
      const char *start = p;
      const char *q;

      if (n == n_columns)
        rec->extra_at = p;

      if (p < end && *p == '"')
        {
          gboolean escaped = FALSE;

          q = p + 1;
          for (;;)
            {
              q = next_special (s, q);
              if (G_UNLIKELY (q >= end))
                {
                  rec->error = PARSE_UNTERMINATED;
                  rec->error_at = start;
                  return;
                }
              if (*q == '"')
                {
                  if (q + 1 < end && q[1] == '"')
                    {
                      escaped = TRUE;
                      q += 2;
                      continue;
                    }
                  break;
                }
              if (*q == '\n')
                rec->n_lines++;
              else if (*q == '\r')
                {
                  if (q + 1 < end && q[1] == '\n')
                    q++;
                  rec->n_lines++;
                }
              else if (*q == '\0')
                {
                  rec->error = PARSE_NUL;
                  rec->error_at = q;
                  return;
                }
              q++;
            }

          if (G_UNLIKELY ((gsize) (q - start - 1) > MAX_FIELD_BYTES))
            {
              rec->error = PARSE_FIELD_TOO_LARGE;
              rec->error_at = start;
              return;
            }
          sink_add (sink, n, start + 1, q - start - 1, TRUE, escaped);
          p = q + 1;

          if (p < end && *p != sep && *p != '\n' && *p != '\r')
            {
              /* Text after the closing quote: kept out of the field, up
               * to the next separator or line end. */
              if (rec->issue == MSI_CSV_ROW_OK)
                {
                  rec->issue = MSI_CSV_ROW_STRAY_QUOTE;
                  rec->issue_at = p;
                }
              for (;;)
                {
                  p = next_special (s, p);
                  if (p >= end || *p == sep || *p == '\n' || *p == '\r')
                    break;
                  if (*p == '\0')
                    {
                      rec->error = PARSE_NUL;
                      rec->error_at = p;
                      return;
                    }
                  p++;
                }
            }
        }
      else
        {
          q = p;
          for (;;)
            {
              q = next_special (s, q);
              if (q >= end || *q == sep || *q == '\n' || *q == '\r')
                break;
              if (*q == '\0')
                {
                  rec->error = PARSE_NUL;
                  rec->error_at = q;
                  return;
                }
              /* A quote inside an unquoted field is kept as text. */
              if (rec->issue == MSI_CSV_ROW_OK)
                {
                  rec->issue = MSI_CSV_ROW_STRAY_QUOTE;
                  rec->issue_at = q;
                }
              q++;
            }
          if (G_UNLIKELY ((gsize) (q - p) > MAX_FIELD_BYTES))
            {
              rec->error = PARSE_FIELD_TOO_LARGE;
              rec->error_at = start;
              return;
            }
          sink_add (sink, n, p, q - p, FALSE, FALSE);
          p = q;
        }

      n++;
      if (p >= end)
        {
          rec->content_end = rec->end = end;
          break;
        }
      if (*p == sep)
        {
          if (G_UNLIKELY (n >= MAX_FIELDS))
            {
              rec->error = PARSE_TOO_MANY_FIELDS;
              rec->error_at = p;
              return;
            }
          p++;
          continue;
        }
      rec->content_end = p;
      if (*p == '\r' && p + 1 < end && p[1] == '\n')
        p += 2;
      else
        p++;
      rec->end = p;
      rec->n_lines++;
      break;
    }

  rec->n_fields = n;
  if (rec->issue == MSI_CSV_ROW_OK && n_columns != 0 && n != n_columns)
    {
      rec->issue = MSI_CSV_ROW_RAGGED;
      rec->issue_at = n > n_columns ? rec->extra_at : rec->content_end;
    }
}

/* The 1-based line and character column of @at, counting from @from, the
 * start of @from_line. */
static void
locate (const char *from,
        guint       from_line,
        const char *at,
        guint      *line,
        guint      *column)
{
  const char *line_start = from;
  guint l = from_line;
  guint c = 1;

  for (const char *p = from; p < at; p++)
    {
      if (*p == '\n')
        {
          l++;
          line_start = p + 1;
        }
      else if (*p == '\r')
        {
          if (p + 1 < at && p[1] == '\n')
            p++;
          l++;
          line_start = p + 1;
        }
    }
  for (const char *p = line_start; p < at; p++)
    if (((guchar) *p & 0xC0) != 0x80)
      c++;

  *line = l;
  *column = c;
}

/* Encodings */

/* Whether the characters that start in [@p, @stop) are valid UTF-8; a
 * character may end after @stop, up to @end. Returns where checking
 * stopped: at or after @stop, or at the first invalid byte (*@bad set).
 * A character cut by @end is invalid. *@non_ascii is set when a valid
 * character outside ASCII was seen. */
static const guchar *
utf8_check (const guchar *p,
            const guchar *stop,
            const guchar *end,
            gboolean     *non_ascii,
            gboolean     *bad)
{
  *bad = FALSE;
  while (p < stop)
    {
      guchar c = *p;
      guint need;
      guchar lo = 0x80, hi = 0xBF;

#ifdef HAVE_SSE2
      if (c < 0x80 && stop - p >= 16)
        {
          const guchar *from = p;

          while (stop - p >= 16)
            {
              __m128i v = _mm_loadu_si128 ((const __m128i *) (const void *) p);
              guint high = (guint) _mm_movemask_epi8 (v);

              if (high != 0)
                {
                  p += __builtin_ctz (high);
                  break;
                }
              p += 16;
            }
          if (p != from)
            continue;
        }
#endif
      if (c < 0x80)
        {
          p++;
          continue;
        }

      if (c >= 0xC2 && c <= 0xDF)
        need = 1;
      else if (c >= 0xE0 && c <= 0xEF)
        {
          need = 2;
          if (c == 0xE0)
            lo = 0xA0;
          else if (c == 0xED)
            hi = 0x9F;
        }
      else if (c >= 0xF0 && c <= 0xF4)
        {
          need = 3;
          if (c == 0xF0)
            lo = 0x90;
          else if (c == 0xF4)
            hi = 0x8F;
        }
      else
        {
          *bad = TRUE;
          return p;
        }

      for (guint i = 1; i <= need; i++)
        {
          guchar d;

          if (p + i >= end)
            {
              *bad = TRUE;
              return p;
            }
          d = p[i];
          if (d < lo || d > hi)
            {
              *bad = TRUE;
              return p;
            }
          lo = 0x80;
          hi = 0xBF;
        }
      p += need + 1;
      *non_ascii = TRUE;
    }
  return p;
}

static const gunichar cp1252_high[32] = {
  0x20AC, 0, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
  0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0, 0x017D, 0,
  0, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
  0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0, 0x017E, 0x0178,
};

static inline gunichar
cp1252_char (guchar c)
{
  if (c < 0x80 || c >= 0xA0)
    return c;
  return cp1252_high[c - 0x80];
}

static inline char *
put_utf8 (char     *out,
          gunichar c)
{
  if (c < 0x80)
    *out++ = (char) c;
  else if (c < 0x800)
    {
      *out++ = (char) (0xC0 | (c >> 6));
      *out++ = (char) (0x80 | (c & 0x3F));
    }
  else if (c < 0x10000)
    {
      *out++ = (char) (0xE0 | (c >> 12));
      *out++ = (char) (0x80 | ((c >> 6) & 0x3F));
      *out++ = (char) (0x80 | (c & 0x3F));
    }
  else
    {
      *out++ = (char) (0xF0 | (c >> 18));
      *out++ = (char) (0x80 | ((c >> 12) & 0x3F));
      *out++ = (char) (0x80 | ((c >> 6) & 0x3F));
      *out++ = (char) (0x80 | (c & 0x3F));
    }
  return out;
}

/* Windows-1252 to UTF-8; an undefined byte becomes U+FFFD and the first
 * is remembered. */
static gsize
convert_cp1252 (MsiCsvReader *self,
                const guchar *in,
                gsize         len)
{
  gsize out_len = 0;
  char *out;

  for (gsize i = 0; i < len; i++)
    {
      gunichar c = cp1252_char (in[i]);

      out_len += c < 0x80 && in[i] < 0x80 ? 1 : (c == 0 || c >= 0x800 ? 3 : 2);
    }

  self->converted = out = g_malloc (out_len + 1);
  for (gsize i = 0; i < len; i++)
    {
      guchar b = in[i];
      gunichar c;

      if (b < 0x80)
        {
          *out++ = (char) b;
          continue;
        }
      c = cp1252_char (b);
      if (c == 0)
        {
          if (self->invalid_at == NO_OFFSET)
            {
              self->invalid_at = out - self->converted;
              self->invalid_kind = INVALID_1252;
              self->invalid_byte = b;
            }
          c = 0xFFFD;
        }
      out = put_utf8 (out, c);
    }
  *out = '\0';
  g_assert ((gsize) (out - self->converted) == out_len);
  return out_len;
}

static void
convert_utf16 (MsiCsvReader *self,
               const guchar *in,
               gsize         len,
               gboolean      big_endian)
{
  gsize n_units = len / 2;
  char *out = g_malloc (n_units * 3 + 4);
  char *o = out;

  for (gsize i = 0; i < n_units; i++)
    {
      guint u = big_endian ? (in[2 * i] << 8) | in[2 * i + 1] : in[2 * i] | (in[2 * i + 1] << 8);
      gunichar c = u;

      if (u >= 0xD800 && u <= 0xDBFF && i + 1 < n_units)
        {
          guint v = big_endian ? (in[2 * i + 2] << 8) | in[2 * i + 3] : in[2 * i + 2] | (in[2 * i + 3] << 8);

          if (v >= 0xDC00 && v <= 0xDFFF)
            {
              c = 0x10000 + ((u - 0xD800) << 10) + (v - 0xDC00);
              i++;
            }
        }
      if (c >= 0xD800 && c <= 0xDFFF)
        {
          if (self->invalid_at == NO_OFFSET)
            {
              self->invalid_at = o - out;
              self->invalid_kind = INVALID_UTF16;
            }
          c = 0xFFFD;
        }
      o = put_utf8 (o, c);
    }
  if (len % 2 != 0 && self->invalid_at == NO_OFFSET)
    {
      self->invalid_at = o - out;
      self->invalid_kind = INVALID_UTF16;
      o = put_utf8 (o, 0xFFFD);
    }
  *o = '\0';
  self->converted = g_realloc (out, o - out + 1);
  self->texts[0].data = self->converted;
  self->texts[0].len = o - out;
}

static void
set_notice_1252 (MsiCsvReader *self)
{
  char *notice = g_strdup (_("The file is not UTF-8: it was read as Windows-1252 (Western European). Check that names with accents look right."));

  self->encoding = MSI_CSV_ENCODING_WINDOWS_1252;
  __atomic_store_n (&self->notice, notice, __ATOMIC_RELEASE);
}

/* Chooses the encoding from a BOM or the start of the file and sets up
 * the text. */
static void
detect_encoding (MsiCsvReader *self,
                 const char   *raw,
                 gsize         len)
{
  const guchar *u = (const guchar *) raw;
  gsize sample = MIN (len, SAMPLE_BYTES);
  gboolean non_ascii = FALSE, bad = FALSE;
  const guchar *stop;

  self->texts[0].data = raw;
  self->texts[0].len = len;

  if (len >= 2 && u[0] == 0xFF && u[1] == 0xFE)
    {
      self->encoding = MSI_CSV_ENCODING_UTF16LE;
      convert_utf16 (self, u + 2, len - 2, FALSE);
      self->validated_end = self->texts[0].len;
      return;
    }
  if (len >= 2 && u[0] == 0xFE && u[1] == 0xFF)
    {
      self->encoding = MSI_CSV_ENCODING_UTF16BE;
      convert_utf16 (self, u + 2, len - 2, TRUE);
      self->validated_end = self->texts[0].len;
      return;
    }
  if (len >= 3 && u[0] == 0xEF && u[1] == 0xBB && u[2] == 0xBF)
    {
      self->encoding = MSI_CSV_ENCODING_UTF8_BOM;
      self->data_start = 3;
    }
  else
    self->encoding = MSI_CSV_ENCODING_UTF8;

  stop = utf8_check (u + self->data_start, u + sample, u + len, &non_ascii, &bad);
  if (bad && self->encoding == MSI_CSV_ENCODING_UTF8)
    {
      self->texts[0].len = convert_cp1252 (self, u, len);
      self->texts[0].data = self->converted;
      self->validated_end = self->texts[0].len;
      set_notice_1252 (self);
      return;
    }
  if (bad)
    {
      /* A UTF-8 BOM and then bytes that are not UTF-8. */
      self->invalid_at = stop - u;
      self->invalid_kind = INVALID_UTF8;
      self->validated_end = len;
      return;
    }
  self->seen_non_ascii = non_ascii;
  self->validated_end = stop - u;
}

/* Checks UTF-8 up to at least @upto. Returns TRUE when the text was
 * replaced (Windows-1252 after all): rows must be read again from the
 * current one. */
static gboolean
validate_more (MsiCsvReader *self,
               gsize         upto)
{
  const Text *text = get_text (self);
  const guchar *u = (const guchar *) text->data;
  gsize stop;
  gboolean bad = FALSE;
  const guchar *reached;

  if (self->invalid_at != NO_OFFSET || self->validated_end >= text->len)
    return FALSE;

  stop = MIN (text->len, MAX (upto, self->validated_end + VALIDATE_CHUNK));
  reached = utf8_check (u + self->validated_end, u + stop, u + text->len,
                        &self->seen_non_ascii, &bad);
  if (!bad)
    {
      self->validated_end = reached - u;
      return FALSE;
    }

  if (!self->seen_non_ascii && self->encoding == MSI_CSV_ENCODING_UTF8)
    {
      Text *next = &self->texts[1];

      /* Everything before was ASCII: the file is Windows-1252, and the
       * rows indexed so far read the same in the converted text. */
      next->len = convert_cp1252 (self, u, text->len);
      next->data = self->converted;
      self->validated_end = next->len;
      set_notice_1252 (self);
      __atomic_store_n (&self->text, next, __ATOMIC_RELEASE);
      return TRUE;
    }

  self->invalid_at = reached - u;
  self->invalid_kind = INVALID_UTF8;
  self->validated_end = text->len;
  return FALSE;
}

/* Sniffing */

static gboolean
looks_like_address (const char *s,
                    gsize       len)
{
  const char *at = memchr (s, '@', len);

  if (at == NULL || at == s || at + 1 >= s + len)
    return FALSE;
  for (gsize i = 0; i < len; i++)
    if (s[i] == ' ' || s[i] == ',' || s[i] == ';')
      return FALSE;
  return memchr (at + 1, '.', s + len - at - 1) != NULL;
}

static gboolean
looks_like_number (const char *s)
{
  gboolean digits = FALSE;

  for (; *s != '\0'; s++)
    {
      if (g_ascii_isdigit (*s))
        digits = TRUE;
      else if (strchr ("+-.,/: ", *s) == NULL)
        return FALSE;
    }
  return digits;
}

/* Counts fields per record, for each candidate separator, quotes
 * respected, over the complete records of the sample. */
static char
sniff_separator (const char *p,
                 const char *end,
                 gboolean    complete)
{
  static const char candidates[] = { ',', ';', '\t', '|' };
  char best = ',';
  guint best_score = 0, best_fields = 1;

  for (guint c = 0; c < G_N_ELEMENTS (candidates); c++)
    {
      char sep = candidates[c];
      guint counts[SAMPLE_ROWS];
      guint n_records = 0;
      guint fields = 1;
      gboolean in_quotes = FALSE, any = FALSE;
      guint score = 0, mode = 0;

      for (const char *q = p; q < end && n_records < SAMPLE_ROWS; q++)
        {
          char ch = *q;

          if (ch == '"')
            in_quotes = !in_quotes;
          else if (in_quotes)
            continue;
          else if (ch == sep)
            fields++;
          else if (ch == '\n' || ch == '\r')
            {
              if (any)
                counts[n_records++] = fields;
              fields = 1;
              any = FALSE;
              continue;
            }
          any = TRUE;
        }
      if (any && complete && !in_quotes && n_records < SAMPLE_ROWS)
        counts[n_records++] = fields;

      /* The count most records share, and how many share it. */
      for (guint i = 0; i < n_records; i++)
        {
          guint same = 0;

          for (guint j = 0; j < n_records; j++)
            same += counts[j] == counts[i];
          if (counts[i] > 1 && (same > score || (same == score && counts[i] > mode)))
            {
              score = same;
              mode = counts[i];
            }
        }
      /* All records agreeing beats most of them. */
      if (score == n_records && score > 0)
        score += SAMPLE_ROWS;
      if (score > best_score || (score == best_score && score > 0 && mode > best_fields))
        {
          best = sep;
          best_score = score;
          best_fields = mode;
        }
    }
  return best;
}

static const char *
skip_blank_lines (const char *p,
                  const char *end,
                  guint      *line)
{
  while (p < end && (*p == '\n' || *p == '\r'))
    {
      if (*p == '\r' && p + 1 < end && p[1] == '\n')
        p++;
      p++;
      (*line)++;
    }
  return p;
}

/* Reads the first record (header or first row) with the separator. */
static void
read_first_row (MsiCsvReader *self)
{
  const Text *text = get_text (self);
  const char *end = text->data + text->len;
  const char *p;
  g_autofree MsiCsvSpan *spans = NULL;
  guint capacity = 0;
  Sink sink = { &spans, &capacity, TRUE };
  Record rec;
  Scan s;
  guint line = 1;
  GPtrArray *row;

  g_clear_pointer (&self->first_row, g_strfreev);
  self->n_columns = 0;

  p = skip_blank_lines (text->data + self->data_start, end, &line);
  if (p >= end)
    return;
  scan_init (&s, p, end, self->separator);
  parse_record (&s, p, 0, &sink, &rec);
  if (rec.error != PARSE_OK)
    {
      /* read() reports it, with where. */
      self->n_columns = 1;
      self->first_row = g_new0 (char *, 2);
      self->first_row[0] = g_strdup ("");
      return;
    }

  row = g_ptr_array_new ();
  for (guint i = 0; i < rec.n_fields; i++)
    g_ptr_array_add (row, msi_csv_span_dup (&spans[i]));
  g_ptr_array_add (row, NULL);
  self->first_row = (char **) g_ptr_array_free (row, FALSE);
  self->n_columns = rec.n_fields;
}

/* A header: no field is an address, and either every field is text while
 * a later row holds an address, or a field names what an invitation
 * holds. */
static gboolean
sniff_header (MsiCsvReader *self)
{
  const Text *text = get_text (self);
  const char *end = text->data + MIN (text->len, self->data_start + SAMPLE_BYTES);
  g_autofree MsiCsvSpan *spans = NULL;
  guint capacity = 0;
  Sink sink = { &spans, &capacity, TRUE };
  gboolean all_text = TRUE, names_field = FALSE, later_address = FALSE;
  const char *p;
  guint line = 1;
  Scan s;

  if (self->first_row == NULL)
    return FALSE;

  for (guint i = 0; self->first_row[i] != NULL; i++)
    {
      const char *field = self->first_row[i];
      g_autofree char *stripped = g_strstrip (g_strdup (field));

      if (looks_like_address (stripped, strlen (stripped)))
        return FALSE;
      if (*stripped == '\0' || looks_like_number (stripped))
        all_text = FALSE;
      if (msi_invite_field_guess (stripped) != MSI_INVITE_FIELD_IGNORE)
        names_field = TRUE;
    }
  if (names_field)
    return TRUE;
  if (!all_text)
    return FALSE;

  /* Rows after the first, within the sample. */
  p = skip_blank_lines (text->data + self->data_start, end, &line);
  scan_init (&s, p, end, self->separator);
  for (guint r = 0; r <= SAMPLE_ROWS && p < end && !later_address; r++)
    {
      Record rec;

      parse_record (&s, p, 0, &sink, &rec);
      if (rec.error != PARSE_OK)
        break;
      if (r > 0)
        for (guint i = 0; i < rec.n_fields && !later_address; i++)
          later_address = looks_like_address (spans[i].data, spans[i].len);
      p = skip_blank_lines (rec.end, end, &line);
    }
  return later_address;
}

static gboolean
setup (MsiCsvReader  *self,
       const char    *raw,
       gsize          len,
       GError       **error)
{
  const Text *text;
  const char *p, *end;
  guint line = 1;

  self->size = len;
  detect_encoding (self, raw, len);

  text = get_text (self);
  end = text->data + text->len;
  p = skip_blank_lines (text->data + self->data_start, end, &line);
  if (p >= end)
    {
      g_set_error_literal (error, MSI_CSV_ERROR, MSI_CSV_ERROR_EMPTY,
                           _("The file is empty: it holds no rows."));
      return FALSE;
    }

  self->separator = sniff_separator (p, text->data + MIN (text->len, self->data_start + SAMPLE_BYTES),
                                     text->len <= self->data_start + SAMPLE_BYTES);
  read_first_row (self);
  self->has_header = sniff_header (self);
  return TRUE;
}

/**
 * msi_csv_reader_open:
 * @path: a file name
 * @error: return location for an error
 *
 * Maps @path and looks at its start: encoding, separator, header.
 *
 * Returns: (transfer full): the reader, or %NULL with @error set
 */
MsiCsvReader *
msi_csv_reader_open (const char  *path,
                     GError     **error)
{
  g_autoptr(MsiCsvReader) self = NULL;
  g_autofree char *display = NULL;
  struct stat st = { 0, };
  int fd;

  g_return_val_if_fail (path != NULL, NULL);

  display = g_filename_display_name (path);
  fd = open (path, O_RDONLY | O_CLOEXEC);
  if (fd < 0)
    {
      int saved = errno;

      g_set_error (error, MSI_CSV_ERROR, MSI_CSV_ERROR_UNREADABLE,
                   _("Cannot open “%s”: %s."), display, g_strerror (saved));
      return NULL;
    }
  if (fstat (fd, &st) != 0 || S_ISDIR (st.st_mode))
    {
      int saved = errno;

      close (fd);
      g_set_error (error, MSI_CSV_ERROR, MSI_CSV_ERROR_UNREADABLE,
                   _("Cannot open “%s”: %s."), display, g_strerror (S_ISDIR (st.st_mode) ? EISDIR : saved));
      return NULL;
    }

  self = g_object_new (MSI_TYPE_CSV_READER, NULL);

  if (!S_ISREG (st.st_mode))
    {
      /* A pipe or a device: read it whole. */
      g_autoptr(GError) local_error = NULL;
      char *contents = NULL;
      gsize len = 0;

      close (fd);
      if (!g_file_get_contents (path, &contents, &len, &local_error))
        {
          g_set_error (error, MSI_CSV_ERROR, MSI_CSV_ERROR_UNREADABLE,
                       _("Cannot read “%s”: %s"), display, local_error->message);
          return NULL;
        }
      self->bytes = g_bytes_new_take (contents, len);
      if (!setup (self, contents, len, error))
        return NULL;
      return g_steal_pointer (&self);
    }

  if (st.st_size == 0)
    {
      close (fd);
      g_set_error_literal (error, MSI_CSV_ERROR, MSI_CSV_ERROR_EMPTY,
                           _("The file is empty: it holds no rows."));
      return NULL;
    }

  self->map_len = st.st_size;
  self->map = mmap (NULL, self->map_len, PROT_READ, MAP_PRIVATE, fd, 0);
  if (self->map == MAP_FAILED)
    {
      int saved = errno;

      self->map = NULL;
      close (fd);
      g_set_error (error, MSI_CSV_ERROR, MSI_CSV_ERROR_UNREADABLE,
                   _("Cannot read “%s”: %s."), display, g_strerror (saved));
      return NULL;
    }
  close (fd);
  madvise (self->map, self->map_len, MADV_SEQUENTIAL);

  if (!setup (self, self->map, self->map_len, error))
    return NULL;
  return g_steal_pointer (&self);
}

/**
 * msi_csv_reader_new_from_bytes:
 * @data: the file's bytes
 * @error: return location for an error
 *
 * Returns: (transfer full): the reader, or %NULL with @error set
 */
MsiCsvReader *
msi_csv_reader_new_from_bytes (GBytes  *data,
                               GError **error)
{
  g_autoptr(MsiCsvReader) self = NULL;
  gsize len = 0;
  const char *raw;

  g_return_val_if_fail (data != NULL, NULL);

  self = g_object_new (MSI_TYPE_CSV_READER, NULL);
  self->bytes = g_bytes_ref (data);
  raw = g_bytes_get_data (data, &len);
  if (raw == NULL || len == 0)
    {
      g_set_error_literal (error, MSI_CSV_ERROR, MSI_CSV_ERROR_EMPTY,
                           _("The file is empty: it holds no rows."));
      return NULL;
    }
  if (!setup (self, raw, len, error))
    return NULL;
  return g_steal_pointer (&self);
}

MsiCsvEncoding
msi_csv_reader_get_encoding (MsiCsvReader *self)
{
  g_return_val_if_fail (MSI_IS_CSV_READER (self), MSI_CSV_ENCODING_UTF8);

  return self->encoding;
}

const char *
msi_csv_reader_get_notice (MsiCsvReader *self)
{
  g_return_val_if_fail (MSI_IS_CSV_READER (self), NULL);

  return __atomic_load_n (&self->notice, __ATOMIC_ACQUIRE);
}

char
msi_csv_reader_get_separator (MsiCsvReader *self)
{
  g_return_val_if_fail (MSI_IS_CSV_READER (self), ',');

  return self->separator;
}

gboolean
msi_csv_reader_get_has_header (MsiCsvReader *self)
{
  g_return_val_if_fail (MSI_IS_CSV_READER (self), FALSE);

  return self->has_header;
}

void
msi_csv_reader_set_separator (MsiCsvReader *self,
                              char          separator)
{
  g_return_if_fail (MSI_IS_CSV_READER (self));
  g_return_if_fail (separator == ',' || separator == ';' || separator == '\t' || separator == '|');
  g_return_if_fail (!self->read_started);

  if (self->separator == separator)
    return;
  self->separator = separator;
  read_first_row (self);
}

void
msi_csv_reader_set_has_header (MsiCsvReader *self,
                               gboolean      has_header)
{
  g_return_if_fail (MSI_IS_CSV_READER (self));
  g_return_if_fail (!self->read_started);

  self->has_header = !!has_header;
}

const char * const *
msi_csv_reader_get_header (MsiCsvReader *self)
{
  g_return_val_if_fail (MSI_IS_CSV_READER (self), NULL);

  return self->has_header ? (const char * const *) self->first_row : NULL;
}

guint
msi_csv_reader_get_n_columns (MsiCsvReader *self)
{
  g_return_val_if_fail (MSI_IS_CSV_READER (self), 0);

  return self->n_columns;
}

guint64
msi_csv_reader_get_size (MsiCsvReader *self)
{
  g_return_val_if_fail (MSI_IS_CSV_READER (self), 0);

  return self->size;
}

/* Reading */

static gboolean
fail_at (MsiCsvReader  *self,
         GError       **error,
         MsiCsvError    code,
         const char    *from,
         guint          from_line,
         const char    *at)
{
  guint line, column;

  locate (from, from_line, at, &line, &column);
  switch (code)
    {
    case MSI_CSV_ERROR_UNTERMINATED_QUOTE:
      g_set_error (error, MSI_CSV_ERROR, code,
                   _("Line %u, column %u: the quoted field that starts here never ends (a closing quote “\"” is missing)."),
                   line, column);
      break;
    case MSI_CSV_ERROR_NUL_BYTE:
      g_set_error (error, MSI_CSV_ERROR, code,
                   _("Line %u, column %u: a NUL byte. This is not a text file; export the sheet as CSV."),
                   line, column);
      break;
    case MSI_CSV_ERROR_INVALID_BYTES:
      switch (self->invalid_kind)
        {
        case INVALID_1252:
          g_set_error (error, MSI_CSV_ERROR, code,
                       _("Line %u, column %u: byte 0x%02X is neither UTF-8 nor a Windows-1252 character. Save the file as UTF-8 CSV."),
                       line, column, self->invalid_byte);
          break;
        case INVALID_UTF16:
          g_set_error (error, MSI_CSV_ERROR, code,
                       _("Line %u, column %u: a broken UTF-16 character. Save the file again as UTF-8 CSV."),
                       line, column);
          break;
        case INVALID_UTF8:
        case INVALID_NONE:
        default:
          g_set_error (error, MSI_CSV_ERROR, code,
                       _("Line %u, column %u: bytes that are not UTF-8, in a file that is UTF-8 before them. Save the file again as UTF-8 CSV."),
                       line, column);
          break;
        }
      break;
    case MSI_CSV_ERROR_TOO_LARGE:
      g_set_error (error, MSI_CSV_ERROR, code,
                   _("Line %u, column %u: a field longer than 1 MiB, or a row of more than %u fields. This is not an invitation list."),
                   line, column, MAX_FIELDS);
      break;
    case MSI_CSV_ERROR_UNREADABLE:
    case MSI_CSV_ERROR_EMPTY:
    default:
      g_assert_not_reached ();
    }
  return FALSE;
}

static RowBlock *
get_block (MsiCsvReader *self,
           guint         row)
{
  RowBlock *block = self->blocks[row >> BLOCK_SHIFT];

  if (G_UNLIKELY (block == NULL))
    {
      block = g_new (RowBlock, 1);
      self->blocks[row >> BLOCK_SHIFT] = block;
    }
  return block;
}

gboolean
msi_csv_reader_read (MsiCsvReader   *self,
                     MsiCsvRowFunc   func,
                     gpointer        user_data,
                     GCancellable   *cancellable,
                     GError        **error)
{
  Sink sink = { &self->fields, &self->fields_capacity, TRUE };
  const Text *text;
  const char *data, *end, *p;
  gboolean header_pending;
  guint line = 1;
  guint row = 0;
  Scan s;

  g_return_val_if_fail (MSI_IS_CSV_READER (self), FALSE);
  g_return_val_if_fail (!self->read_started, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  self->read_started = TRUE;
  header_pending = self->has_header;

  text = get_text (self);
  data = text->data;
  end = data + text->len;
  p = data + self->data_start;
  scan_init (&s, p, end, self->separator);

  for (;;)
    {
      Record rec;
      MsiCsvRowInfo info;
      RowBlock *block;
      gsize pos;
      const char *error_at;

      p = skip_blank_lines (p, end, &line);
      if (p >= end)
        break;
      pos = p - data;

      if (G_UNLIKELY (pos + VALIDATE_AHEAD > self->validated_end))
        {
          if (validate_more (self, pos + VALIDATE_AHEAD))
            {
              text = get_text (self);
              data = text->data;
              end = data + text->len;
              p = data + pos;
              scan_init (&s, p, end, self->separator);
            }
        }

      parse_record (&s, p, self->n_columns, &sink, &rec);
      error_at = rec.error != PARSE_OK ? rec.error_at : rec.end;

      if (G_UNLIKELY ((gsize) (error_at - data) > self->validated_end))
        {
          if (validate_more (self, error_at - data))
            {
              text = get_text (self);
              data = text->data;
              end = data + text->len;
              p = data + pos;
              scan_init (&s, p, end, self->separator);
              continue;
            }
        }

      if (G_UNLIKELY (self->invalid_at != NO_OFFSET && self->invalid_at < (gsize) (error_at - data)))
        return fail_at (self, error, MSI_CSV_ERROR_INVALID_BYTES, p, line, data + self->invalid_at);

      switch (rec.error)
        {
        case PARSE_OK:
          break;
        case PARSE_UNTERMINATED:
          return fail_at (self, error, MSI_CSV_ERROR_UNTERMINATED_QUOTE, p, line, rec.error_at);
        case PARSE_NUL:
          return fail_at (self, error, MSI_CSV_ERROR_NUL_BYTE, p, line, rec.error_at);
        case PARSE_FIELD_TOO_LARGE:
        case PARSE_TOO_MANY_FIELDS:
        default:
          return fail_at (self, error, MSI_CSV_ERROR_TOO_LARGE, p, line, rec.error_at);
        }

      if (header_pending)
        {
          header_pending = FALSE;
          line += rec.n_lines;
          p = rec.end;
          continue;
        }

      if (G_UNLIKELY (row >= MSI_CSV_MAX_ROWS))
        {
          g_set_error (error, MSI_CSV_ERROR, MSI_CSV_ERROR_TOO_LARGE,
                       _("Line %u: the file has more than %u rows."), line, MSI_CSV_MAX_ROWS);
          return FALSE;
        }

      block = get_block (self, row);
      block->offsets[row & (BLOCK_ROWS - 1)] = pos;
      block->lines[row & (BLOCK_ROWS - 1)] = line;
      __atomic_store_n (&self->n_rows, row + 1, __ATOMIC_RELEASE);

      if (func != NULL)
        {
          info.row = row;
          info.line = line;
          info.n_fields = rec.n_fields;
          info.issue = rec.issue;
          info.issue_column = 0;
          if (G_UNLIKELY (rec.issue != MSI_CSV_ROW_OK))
            {
              guint issue_line;

              locate (p, line, rec.issue_at, &issue_line, &info.issue_column);
            }
          if (!func (&info, self->fields, user_data))
            {
              __atomic_store_n (&self->bytes_read, (guint64) (rec.end - data), __ATOMIC_RELAXED);
              return TRUE;
            }
        }

      row++;
      line += rec.n_lines;
      p = rec.end;

      if (G_UNLIKELY (row % CHECK_EVERY == 0))
        {
          guint64 done = rec.end - data;

          if (text->len != self->size && text->len > 0)
            done = done * self->size / text->len;
          __atomic_store_n (&self->bytes_read, done, __ATOMIC_RELAXED);
          if (g_cancellable_set_error_if_cancelled (cancellable, error))
            return FALSE;
        }
    }

  __atomic_store_n (&self->bytes_read, self->size, __ATOMIC_RELAXED);
  return TRUE;
}

guint
msi_csv_reader_get_n_rows (MsiCsvReader *self)
{
  g_return_val_if_fail (MSI_IS_CSV_READER (self), 0);

  return __atomic_load_n (&self->n_rows, __ATOMIC_ACQUIRE);
}

guint64
msi_csv_reader_get_bytes_read (MsiCsvReader *self)
{
  g_return_val_if_fail (MSI_IS_CSV_READER (self), 0);

  return __atomic_load_n (&self->bytes_read, __ATOMIC_RELAXED);
}

guint
msi_csv_reader_get_row (MsiCsvReader  *self,
                        guint          row,
                        MsiCsvSpan    *fields,
                        guint          max_fields,
                        MsiCsvRowInfo *info)
{
  const Text *text;
  const RowBlock *block;
  const char *p;
  guint line;
  guint capacity = max_fields;
  Sink sink = { &fields, &capacity, FALSE };
  Record rec;
  Scan s;

  g_return_val_if_fail (MSI_IS_CSV_READER (self), 0);
  g_return_val_if_fail (row < msi_csv_reader_get_n_rows (self), 0);

  text = get_text (self);
  block = self->blocks[row >> BLOCK_SHIFT];
  p = text->data + block->offsets[row & (BLOCK_ROWS - 1)];
  line = block->lines[row & (BLOCK_ROWS - 1)];

  scan_init (&s, p, text->data + text->len, self->separator);
  parse_record (&s, p, self->n_columns, &sink, &rec);
  /* Indexed rows were read without an error. */
  g_return_val_if_fail (rec.error == PARSE_OK, 0);

  if (info != NULL)
    {
      info->row = row;
      info->line = line;
      info->n_fields = rec.n_fields;
      info->issue = rec.issue;
      info->issue_column = 0;
      if (rec.issue != MSI_CSV_ROW_OK)
        {
          guint issue_line;

          locate (p, line, rec.issue_at, &issue_line, &info->issue_column);
        }
    }
  return rec.n_fields;
}

guint
msi_csv_reader_get_row_line (MsiCsvReader *self,
                             guint         row)
{
  g_return_val_if_fail (MSI_IS_CSV_READER (self), 0);
  g_return_val_if_fail (row < msi_csv_reader_get_n_rows (self), 0);

  return self->blocks[row >> BLOCK_SHIFT]->lines[row & (BLOCK_ROWS - 1)];
}

char *
msi_csv_reader_dup_field (MsiCsvReader *self,
                          guint         row,
                          guint         column)
{
  MsiCsvSpan stack[32];
  g_autofree MsiCsvSpan *heap = NULL;
  MsiCsvSpan *spans = stack;
  guint n;

  g_return_val_if_fail (MSI_IS_CSV_READER (self), NULL);
  g_return_val_if_fail (row < msi_csv_reader_get_n_rows (self), NULL);

  if (column >= G_N_ELEMENTS (stack))
    spans = heap = g_new (MsiCsvSpan, column + 1);
  n = msi_csv_reader_get_row (self, row, spans, column + 1, NULL);
  if (column >= n)
    return NULL;
  return msi_csv_span_dup (&spans[column]);
}

char *
msi_csv_span_dup (const MsiCsvSpan *span)
{
  char *out, *o;

  g_return_val_if_fail (span != NULL, NULL);

  if (!span->escaped)
    return g_strndup (span->data, span->len);

  out = o = g_malloc (span->len + 1);
  for (guint32 i = 0; i < span->len; i++)
    {
      *o++ = span->data[i];
      if (span->data[i] == '"' && i + 1 < span->len && span->data[i + 1] == '"')
        i++;
    }
  *o = '\0';
  return out;
}

gboolean
msi_csv_span_is_blank (const MsiCsvSpan *span)
{
  g_return_val_if_fail (span != NULL, TRUE);

  for (guint32 i = 0; i < span->len; i++)
    if (!g_ascii_isspace (span->data[i]))
      return FALSE;
  return TRUE;
}

const char *
msi_csv_reader_get_text (MsiCsvReader *self,
                         gsize        *len)
{
  const Text *text;

  g_return_val_if_fail (MSI_IS_CSV_READER (self), NULL);

  text = get_text (self);
  if (len != NULL)
    *len = text->len;
  return text->data;
}

const char *
msi_csv_reader_get_raw (MsiCsvReader *self,
                        gsize        *len)
{
  g_return_val_if_fail (MSI_IS_CSV_READER (self), NULL);

  if (self->map != NULL)
    {
      if (len != NULL)
        *len = self->map_len;
      return self->map;
    }
  return g_bytes_get_data (self->bytes, len);
}
