/* SPDX-License-Identifier: GPL-3.0-or-later */
/* msi-profile.h: the endpoints and OAuth client IDs the app works with */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define MSI_PROFILE_ERROR (msi_profile_error_quark ())

typedef enum
{
  MSI_PROFILE_ERROR_MISSING,      /* a required value is empty */
  MSI_PROFILE_ERROR_INVALID_URL,  /* not a URL, or one with parts we refuse */
  MSI_PROFILE_ERROR_INSECURE_URL, /* http:// to a host that is not loopback */
  MSI_PROFILE_ERROR_WRONG_HOST,   /* a host that is not the service's */
  MSI_PROFILE_ERROR_INVALID_ID,   /* a client ID with characters no ID has */
  MSI_PROFILE_ERROR_INVALID_VALUE,/* a value of the wrong form (a package version) */
} MsiProfileError;

/* The ID of the built-in demo profile in GSettings' active-profile. */
#define MSI_PROFILE_DEMO_ID "demo"

#define MSI_TYPE_PROFILE (msi_profile_get_type ())

G_DECLARE_FINAL_TYPE (MsiProfile, msi_profile, MSI, PROFILE, GObject)

GQuark      msi_profile_error_quark               (void);

MsiProfile *msi_profile_new                       (const char  *id);
MsiProfile *msi_profile_new_demo                  (const char  *base_url);
MsiProfile *msi_profile_new_from_settings         (const char  *id,
                                                   GSettings   *settings);
void        msi_profile_save_to_settings          (MsiProfile  *self,
                                                   GSettings   *settings);
gboolean    msi_profile_is_demo                   (MsiProfile  *self);
gboolean    msi_profile_validate                  (MsiProfile  *self,
                                                   const char **failed_property,
                                                   GError     **error);
const char *msi_profile_get_id                    (MsiProfile  *self);
const char *msi_profile_get_name                  (MsiProfile  *self);
const char *msi_profile_get_actions_url           (MsiProfile  *self);
const char *msi_profile_get_salesforce_login_url  (MsiProfile  *self);
const char *msi_profile_get_marketo_rest_url      (MsiProfile  *self);
const char *msi_profile_get_microsoft_authority   (MsiProfile  *self);
const char *msi_profile_get_google_discovery_url  (MsiProfile  *self);
const char *msi_profile_get_actions_client_id     (MsiProfile  *self);
const char *msi_profile_get_salesforce_client_id  (MsiProfile  *self);
const char *msi_profile_get_microsoft_client_id   (MsiProfile  *self);
const char *msi_profile_get_google_client_id      (MsiProfile  *self);
/* The MSI package version the Sales account needs ("2.6.0"), or "". */
const char *msi_profile_get_salesforce_package_version    (MsiProfile *self);
/* The 04t… id of that version, for its install page, or "". */
const char *msi_profile_get_salesforce_package_version_id (MsiProfile *self);

char       *msi_check_service_url                 (const char  *url,
                                                   const char  *label,
                                                   gboolean     required,
                                                   const char  *const *host_suffixes,
                                                   GError     **error);
gboolean    msi_is_loopback_host                  (const char  *host);

G_END_DECLS
