/* SPDX-License-Identifier: GPL-3.0-or-later */
/* msi-package-version.c: Salesforce managed package versions and their comparison */

#define G_LOG_DOMAIN "msi-package-version"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <gio/gio.h>
#include <string.h>

#include "msi-package-version.h"

/* A version part longer than this is a typing mistake, not a release. */
#define MAX_PART_DIGITS 6

G_DEFINE_BOXED_TYPE (MsiPackageVersion, msi_package_version,
                     msi_package_version_copy, msi_package_version_free)

MsiPackageVersion *
msi_package_version_copy (const MsiPackageVersion *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return g_memdup2 (self, sizeof *self);
}

void
msi_package_version_free (MsiPackageVersion *self)
{
  g_free (self);
}

/**
 * msi_package_version_parse:
 * @text: what the person typed, or what a profile holds
 * @version: (out caller-allocates): the version
 *
 * Reads "major.minor", "major.minor.patch" or "major.minor.patch.build",
 * each part a number without a sign. A missing patch is 0; a missing
 * build is -1 (unknown). Spaces around the whole are ignored.
 *
 * Returns: %TRUE on success; %FALSE with a translated message in
 *   G_IO_ERROR_INVALID_DATA otherwise, and @version untouched
 */
gboolean
msi_package_version_parse (const char         *text,
                           MsiPackageVersion  *version,
                           GError            **error)
{
  g_autofree char *stripped = NULL;
  g_auto(GStrv) parts = NULL;
  int values[4] = { 0, 0, 0, -1 };
  guint n_parts;

  g_return_val_if_fail (version != NULL, FALSE);

  stripped = g_strstrip (g_strdup (text != NULL ? text : ""));
  if (*stripped == '\0')
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           _("The package version is empty. Enter it as major.minor.patch, for example 2.6.0."));
      return FALSE;
    }

  parts = g_strsplit (stripped, ".", -1);
  n_parts = g_strv_length (parts);
  if (n_parts < 2 || n_parts > 4)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   /* TRANSLATORS: %s is the text that was entered */
                   _("“%s” is not a package version. Enter it as major.minor.patch, for example 2.6.0."),
                   stripped);
      return FALSE;
    }

  for (guint i = 0; i < n_parts; i++)
    {
      const char *part = parts[i];
      gsize len = strlen (part);

      if (len == 0 || len > MAX_PART_DIGITS)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                       /* TRANSLATORS: %s is the text that was entered */
                       _("“%s” is not a package version. Each part between the dots is a number of at most six digits, for example 2.6.0."),
                       stripped);
          return FALSE;
        }

      for (const char *p = part; *p; p++)
        {
          if (!g_ascii_isdigit (*p))
            {
              g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           /* TRANSLATORS: %s is the text that was entered */
                           _("“%s” is not a package version. Use only digits and dots, for example 2.6.0."),
                           stripped);
              return FALSE;
            }
        }

      values[i] = (int)g_ascii_strtoll (part, NULL, 10);
    }

  version->major = values[0];
  version->minor = values[1];
  version->patch = values[2];
  version->build = values[3];

  return TRUE;
}

/**
 * msi_package_version_to_string:
 *
 * Returns: (transfer full): "major.minor.patch"; the build is left out,
 *   as Salesforce's Installed Packages page shows versions.
 */
char *
msi_package_version_to_string (const MsiPackageVersion *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return g_strdup_printf ("%d.%d.%d", self->major, self->minor, self->patch);
}

static int
compare_int (int a,
             int b)
{
  return (a > b) - (a < b);
}

/**
 * msi_package_version_compare:
 *
 * Orders by major, minor, patch, then by build when both versions know
 * theirs (an unknown build equals any build).
 *
 * Returns: less than, equal to or greater than zero
 */
int
msi_package_version_compare (const MsiPackageVersion *a,
                             const MsiPackageVersion *b)
{
  int result;

  g_return_val_if_fail (a != NULL && b != NULL, 0);

  if ((result = compare_int (a->major, b->major)) != 0 ||
      (result = compare_int (a->minor, b->minor)) != 0 ||
      (result = compare_int (a->patch, b->patch)) != 0)
    return result;

  if (a->build >= 0 && b->build >= 0)
    return compare_int (a->build, b->build);

  return 0;
}

/**
 * msi_package_state_for:
 * @installed: (nullable): the version in the org, %NULL when not installed
 * @required: (nullable): the version the Sales account needs, %NULL when
 *   any version will do
 */
MsiPackageState
msi_package_state_for (const MsiPackageVersion *installed,
                       const MsiPackageVersion *required)
{
  if (installed == NULL)
    return MSI_PACKAGE_STATE_NOT_INSTALLED;

  if (required == NULL || msi_package_version_compare (installed, required) >= 0)
    return MSI_PACKAGE_STATE_CURRENT;

  return MSI_PACKAGE_STATE_OUTDATED;
}

const char *
msi_package_state_to_string (MsiPackageState state)
{
  switch (state)
    {
    case MSI_PACKAGE_STATE_NOT_INSTALLED:
      return "not-installed";
    case MSI_PACKAGE_STATE_OUTDATED:
      return "outdated";
    case MSI_PACKAGE_STATE_CURRENT:
      return "current";
    case MSI_PACKAGE_STATE_UNKNOWN:
    default:
      return "unknown";
    }
}
