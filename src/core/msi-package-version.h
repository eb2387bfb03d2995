/* SPDX-License-Identifier: GPL-3.0-or-later */
/* msi-package-version.h: Salesforce managed package versions and their comparison */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

typedef enum
{
  MSI_PACKAGE_STATE_UNKNOWN,        /* not checked */
  MSI_PACKAGE_STATE_NOT_INSTALLED,
  MSI_PACKAGE_STATE_OUTDATED,       /* installed, older than required */
  MSI_PACKAGE_STATE_CURRENT,        /* installed, the required version or newer */
} MsiPackageState;

/* The namespace of the Marketo Sales Insight managed package (api-notes §1.10). */
#define MSI_PACKAGE_NAMESPACE "mkto_si"

#define MSI_TYPE_PACKAGE_VERSION (msi_package_version_get_type ())

/**
 * MsiPackageVersion:
 *
 * A managed package version: major.minor.patch (build), as the Tooling
 * API's SubscriberPackageVersion reports it. @build is -1 when unknown.
 */
typedef struct
{
  int major;
  int minor;
  int patch;
  int build;
} MsiPackageVersion;

GType              msi_package_version_get_type   (void) G_GNUC_CONST;
MsiPackageVersion *msi_package_version_copy       (const MsiPackageVersion *self);
void               msi_package_version_free       (MsiPackageVersion       *self);
/* "2.6", "2.6.0", "2.6.0.3"; %FALSE (with a translated message) otherwise. */
gboolean           msi_package_version_parse      (const char              *text,
                                                   MsiPackageVersion       *version,
                                                   GError                 **error);
/* "2.6.0" (the build is left out). */
char              *msi_package_version_to_string  (const MsiPackageVersion *self);
/* <0, 0, >0; the build counts only when both have one. */
int                msi_package_version_compare    (const MsiPackageVersion *a,
                                                   const MsiPackageVersion *b);
/* @installed %NULL: NOT_INSTALLED. */
MsiPackageState    msi_package_state_for          (const MsiPackageVersion *installed,
                                                   const MsiPackageVersion *required);
/* "not-installed", "outdated", "current", "unknown" (the Actions API's names). */
const char        *msi_package_state_to_string    (MsiPackageState          state);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MsiPackageVersion, msi_package_version_free)

G_END_DECLS
