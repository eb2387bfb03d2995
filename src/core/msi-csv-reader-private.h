/* SPDX-License-Identifier: GPL-3.0-or-later */
/* msi-csv-reader-private.h: the reader's text, for checking spans (fuzzing) */

#pragma once

#include "msi-csv-reader.h"

G_BEGIN_DECLS

/* The UTF-8 text rows are read from now (the file, or its conversion).
 * Spans of rows read before a switch to Windows-1252 point into the
 * file's bytes, which stay valid as long as the reader. */
const char *msi_csv_reader_get_text (MsiCsvReader *self,
                                     gsize        *len);
/* The file's own bytes (mapped or given). */
const char *msi_csv_reader_get_raw  (MsiCsvReader *self,
                                     gsize        *len);

G_END_DECLS
