/* SPDX-License-Identifier: GPL-3.0-or-later */
/* msi-csv-writer.h: writing CSV that spreadsheets open safely */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Appends @value as one RFC 4180 field: quoted when it holds the
 * separator, a quote, CR or LF (quotes doubled). A value that a
 * spreadsheet would run as a formula (it starts with `=`, `+`, `-`, `@`,
 * tab or CR) is neutralised with a leading apostrophe, as OWASP advises. */
void     msi_csv_append_field     (GString    *out,
                                   const char *value,
                                   char        separator);
/* Appends @values (NULL-terminated) as one record ending with CRLF. */
void     msi_csv_append_record    (GString            *out,
                                   const char * const *values,
                                   char                separator);
/* Whether @value would be neutralised. */
gboolean msi_csv_needs_neutralizing (const char *value);

G_END_DECLS
