/* SPDX-License-Identifier: GPL-3.0-or-later */
/* msi-csv-reader.h: fast, strict RFC 4180 reading of memory-mapped CSV files */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define MSI_CSV_ERROR (msi_csv_error_quark ())

/* Problems that make the file (from that point on) unreadable. Every
 * message names the line and column (1-based, in characters) where it
 * applies, and is translated. */
typedef enum
{
  MSI_CSV_ERROR_UNREADABLE,          /* cannot open or map the file */
  MSI_CSV_ERROR_EMPTY,               /* no bytes, or only a BOM / blank lines */
  MSI_CSV_ERROR_UNTERMINATED_QUOTE,  /* a quoted field runs to the end of the file */
  MSI_CSV_ERROR_NUL_BYTE,            /* a NUL byte: not a text file */
  MSI_CSV_ERROR_INVALID_BYTES,       /* bytes no supported encoding accepts */
  MSI_CSV_ERROR_TOO_LARGE,           /* more than MSI_CSV_MAX_ROWS rows, a field over 1 MiB or a row of over 65,536 fields */
} MsiCsvError;

#define MSI_CSV_MAX_ROWS (16 * 1024 * 1024)

typedef enum
{
  MSI_CSV_ENCODING_UTF8,
  MSI_CSV_ENCODING_UTF8_BOM,
  MSI_CSV_ENCODING_UTF16LE,          /* with BOM */
  MSI_CSV_ENCODING_UTF16BE,          /* with BOM */
  MSI_CSV_ENCODING_WINDOWS_1252,     /* fallback when the bytes are not UTF-8: a notice is shown */
} MsiCsvEncoding;

/* Problems that concern one row only: the row is still read and the rows
 * after it too; the invite plan reports the row as not ready. */
typedef enum
{
  MSI_CSV_ROW_OK,
  MSI_CSV_ROW_RAGGED,                /* n_fields differs from the header's (or the first row's) */
  MSI_CSV_ROW_STRAY_QUOTE,           /* a quote inside an unquoted field, or text after a closing quote */
} MsiCsvRowIssue;

/* A field as it is in the (UTF-8) text: no copy is made. When @quoted,
 * @data/@len exclude the surrounding quotes but doubled quotes are still
 * doubled when @escaped is set: msi_csv_span_dup() undoes them. */
typedef struct
{
  const char *data;
  guint32     len;
  guint       quoted  : 1;
  guint       escaped : 1;
} MsiCsvSpan;

typedef struct
{
  guint          row;                /* 0-based data row (the header is not a data row) */
  guint          line;               /* 1-based line of the file where the row starts */
  guint          n_fields;
  MsiCsvRowIssue issue;
  guint          issue_column;       /* 1-based character column of the issue, when any */
} MsiCsvRowInfo;

/* Called for every data row, in order, on the thread that runs
 * msi_csv_reader_read(). @fields is valid only during the call. Return
 * FALSE to stop reading (msi_csv_reader_read() then returns TRUE). */
typedef gboolean (*MsiCsvRowFunc) (const MsiCsvRowInfo *info,
                                   const MsiCsvSpan    *fields,
                                   gpointer             user_data);

#define MSI_TYPE_CSV_READER (msi_csv_reader_get_type ())

G_DECLARE_FINAL_TYPE (MsiCsvReader, msi_csv_reader, MSI, CSV_READER, GObject)

GQuark          msi_csv_error_quark              (void);

/* Maps @path, detects the encoding (BOM, valid UTF-8, else Windows-1252;
 * UTF-16 and Windows-1252 are converted once to UTF-8 in memory), sniffs
 * the separator (`,` `;` tab `|`) and whether the first row is a header.
 * Reads only the start of the file: fast on any size. Blocking file I/O:
 * call it from a worker thread in the UI. */
MsiCsvReader   *msi_csv_reader_open              (const char          *path,
                                                  GError             **error);
/* The same on text already in memory (tests, fuzzing, pasted text); @data
 * is copied when it is not UTF-8. */
MsiCsvReader   *msi_csv_reader_new_from_bytes    (GBytes              *data,
                                                  GError             **error);

MsiCsvEncoding  msi_csv_reader_get_encoding      (MsiCsvReader        *self);
/* A translated sentence when the file needed a guess ("not UTF-8: read as
 * Windows-1252"), else NULL. A file that is plain ASCII for longer than
 * open() looks and then has Windows-1252 bytes gets its notice (and its
 * encoding) during msi_csv_reader_read(): look again after reading. */
const char     *msi_csv_reader_get_notice        (MsiCsvReader        *self);
char            msi_csv_reader_get_separator     (MsiCsvReader        *self);
gboolean        msi_csv_reader_get_has_header    (MsiCsvReader        *self);
/* Overrides the sniffed values; only before msi_csv_reader_read(). */
void            msi_csv_reader_set_separator     (MsiCsvReader        *self,
                                                  char                 separator);
void            msi_csv_reader_set_has_header    (MsiCsvReader        *self,
                                                  gboolean             has_header);
/* The header's fields (unescaped), or NULL without a header. The number of
 * columns is that of the header, else of the first row. */
const char * const *msi_csv_reader_get_header    (MsiCsvReader        *self);
guint           msi_csv_reader_get_n_columns     (MsiCsvReader        *self);
guint64         msi_csv_reader_get_size          (MsiCsvReader        *self);

/* Reads the whole file once, building the row index and calling @func for
 * each data row (may be NULL). Cancellable (checked every few thousand
 * rows). On an error the rows before it stay indexed and readable. Call
 * once, from one thread. */
gboolean        msi_csv_reader_read              (MsiCsvReader        *self,
                                                  MsiCsvRowFunc        func,
                                                  gpointer             user_data,
                                                  GCancellable        *cancellable,
                                                  GError             **error);

/* Rows indexed so far: safe to call from any thread while
 * msi_csv_reader_read() runs, and any row below it can be read from any
 * thread. */
guint           msi_csv_reader_get_n_rows        (MsiCsvReader        *self);
/* Bytes read so far, for progress (any thread). */
guint64         msi_csv_reader_get_bytes_read    (MsiCsvReader        *self);
/* One indexed row: its fields as spans (up to @max_fields; returns the
 * row's number of fields) and its info. */
guint           msi_csv_reader_get_row           (MsiCsvReader        *self,
                                                  guint                row,
                                                  MsiCsvSpan          *fields,
                                                  guint                max_fields,
                                                  MsiCsvRowInfo       *info);
/* The 1-based line where an indexed row starts, without reading the row
 * again (any thread). */
guint           msi_csv_reader_get_row_line      (MsiCsvReader        *self,
                                                  guint                row);
/* One field of an indexed row, unescaped, or NULL past the row's end. */
char           *msi_csv_reader_dup_field         (MsiCsvReader        *self,
                                                  guint                row,
                                                  guint                column);

/* The field's text with doubled quotes undone (a new string). */
char           *msi_csv_span_dup                 (const MsiCsvSpan    *span);
/* Whether the field is empty or only blanks. */
gboolean        msi_csv_span_is_blank            (const MsiCsvSpan    *span);

G_END_DECLS
