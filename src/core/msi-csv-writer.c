/* SPDX-License-Identifier: GPL-3.0-or-later */
/* msi-csv-writer.c: writing CSV that spreadsheets open safely */

#define G_LOG_DOMAIN "msi-csv-writer"

#include "config.h"

#include <string.h>

#include "msi-csv-writer.h"

/**
 * msi_csv_needs_neutralizing:
 * @value: (nullable): a cell's text
 *
 * Returns: whether a spreadsheet could take @value for a formula: it
 *   starts with “=”, “+”, “-”, “@”, a tab or a carriage return (OWASP,
 *   CSV injection)
 */
gboolean
msi_csv_needs_neutralizing (const char *value)
{
  if (value == NULL)
    return FALSE;

  switch (value[0])
    {
    case '=': case '+': case '-': case '@': case '\t': case '\r':
      return TRUE;
    default:
      return FALSE;
    }
}

/**
 * msi_csv_append_field:
 * @out: where to write
 * @value: (nullable): the cell's text (%NULL: an empty cell)
 * @separator: the field separator of the file
 *
 * Appends @value as one field, quoted when it holds @separator, a quote,
 * CR or LF, with its quotes doubled; a formula-like value gets a leading
 * apostrophe first. Does not append the separator.
 */
void
msi_csv_append_field (GString    *out,
                      const char *value,
                      char        separator)
{
  gboolean neutralize;
  gboolean quote = FALSE;

  g_return_if_fail (out != NULL);
  g_return_if_fail (separator != '"' && separator != '\r' && separator != '\n' && separator != '\0');

  if (value == NULL || *value == '\0')
    return;

  neutralize = msi_csv_needs_neutralizing (value);

  for (const char *p = value; *p != '\0'; p++)
    {
      if (*p == separator || *p == '"' || *p == '\r' || *p == '\n')
        {
          quote = TRUE;
          break;
        }
    }

  if (quote)
    g_string_append_c (out, '"');
  if (neutralize)
    g_string_append_c (out, '\'');

  if (!quote)
    {
      g_string_append (out, value);
      return;
    }

  for (const char *p = value; *p != '\0';)
    {
      const char *q = strchr (p, '"');

      if (q == NULL)
        {
          g_string_append (out, p);
          break;
        }

      /* The quote itself, then another. */
      g_string_append_len (out, p, q + 1 - p);
      g_string_append_c (out, '"');
      p = q + 1;
    }

  g_string_append_c (out, '"');
}

/**
 * msi_csv_append_record:
 * @out: where to write
 * @values: (array zero-terminated=1): the cells
 * @separator: the field separator
 *
 * Appends the cells as one record, each as msi_csv_append_field() writes
 * it, ending with CRLF. A record of one empty cell is written `""`, so
 * that it is not read as a blank line.
 */
void
msi_csv_append_record (GString            *out,
                       const char * const *values,
                       char                separator)
{
  g_return_if_fail (out != NULL);

  /* A record of one empty cell would be a blank line, which readers skip. */
  if (values != NULL && values[0] != NULL && values[0][0] == '\0' && values[1] == NULL)
    {
      g_string_append (out, "\"\"\r\n");
      return;
    }

  for (guint i = 0; values != NULL && values[i] != NULL; i++)
    {
      if (i > 0)
        g_string_append_c (out, separator);
      msi_csv_append_field (out, values[i], separator);
    }

  g_string_append (out, "\r\n");
}
