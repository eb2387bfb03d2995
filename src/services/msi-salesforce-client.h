/* SPDX-License-Identifier: GPL-3.0-or-later */
/* msi-salesforce-client.h: the app's own Salesforce sign-in and the REST/Tooling API for the admin checks */

#pragma once

#include <json-glib/json-glib.h>

#include "msi-actions-auth.h"
#include "msi-package-version.h"

G_BEGIN_DECLS

#define MSI_SALESFORCE_ERROR (msi_salesforce_error_quark ())

/* The errorCode of Salesforce's REST error array (api-notes §1.7, §1.11). */
typedef enum
{
  MSI_SALESFORCE_ERROR_INVALID_SESSION,      /* INVALID_SESSION_ID after one refresh and replay */
  MSI_SALESFORCE_ERROR_REQUEST_LIMIT,        /* REQUEST_LIMIT_EXCEEDED */
  MSI_SALESFORCE_ERROR_API_DISABLED_FOR_ORG, /* API_DISABLED_FOR_ORG */
  MSI_SALESFORCE_ERROR_API_DISABLED_FOR_USER,/* API_CURRENTLY_DISABLED */
  MSI_SALESFORCE_ERROR_MALFORMED_QUERY,      /* MALFORMED_QUERY, INVALID_FIELD, INVALID_TYPE */
  MSI_SALESFORCE_ERROR_NOT_FOUND,            /* NOT_FOUND */
  MSI_SALESFORCE_ERROR_FAILED,               /* any other errorCode (message from Salesforce) */
  MSI_SALESFORCE_ERROR_INVALID_RESPONSE,     /* not the documented shape */
} MsiSalesforceError;

/* The signed-in person, from userinfo and their profile. */
typedef struct
{
  char     *user_id;
  char     *org_id;
  char     *name;
  char     *email;
  char     *username;        /* preferred_username */
  char     *profile_name;    /* NULL until msi_salesforce_client_check_user_async() */
  gboolean  api_enabled;     /* Profile.PermissionsApiEnabled (or a permission set) */
  gboolean  is_admin;        /* Profile.PermissionsModifyAllData or PermissionsCustomizeApplication */
} MsiSalesforceUser;

/* The MSI managed package as the org reports it. */
typedef struct
{
  MsiPackageState    state;
  MsiPackageVersion  installed;      /* valid when state is OUTDATED or CURRENT */
  MsiPackageVersion  required;
  char              *installed_name; /* SubscriberPackageVersion.Name, or NULL */
  char              *package_id;     /* 033…, or NULL */
} MsiSalesforcePackage;

void msi_salesforce_user_free    (MsiSalesforceUser    *user);
void msi_salesforce_package_free (MsiSalesforcePackage *package);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MsiSalesforceUser, msi_salesforce_user_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MsiSalesforcePackage, msi_salesforce_package_free)

#define MSI_TYPE_SALESFORCE_CLIENT (msi_salesforce_client_get_type ())

G_DECLARE_FINAL_TYPE (MsiSalesforceClient, msi_salesforce_client, MSI, SALESFORCE_CLIENT, GObject)

GQuark               msi_salesforce_error_quark          (void);

/* Tokens live in @store under provider "salesforce"; the chosen login host
 * is remembered in @profile_settings ("salesforce-sign-in-url"). */
MsiSalesforceClient *msi_salesforce_client_new           (MsiProfile           *profile,
                                                          MsiTokenStore        *store,
                                                          GSettings            *profile_settings,
                                                          SoupSession          *session);
MsiProfile          *msi_salesforce_client_get_profile   (MsiSalesforceClient  *self);
/* "state" property (MsiAuthState, notify::state). */
MsiAuthState         msi_salesforce_client_get_state     (MsiSalesforceClient  *self);
/* The login host of the sign-in (or to use for the next one). */
const char          *msi_salesforce_client_get_login_url (MsiSalesforceClient  *self);
/* NULL unless signed in. */
const MsiSalesforceUser *
                     msi_salesforce_client_get_user      (MsiSalesforceClient  *self);
const char          *msi_salesforce_client_get_instance_url (MsiSalesforceClient *self);

/* Checks a login host typed by the person: "login", "test", a My Domain
 * name ("northwind" → https://northwind.my.salesforce.com) or a URL on
 * *.salesforce.com; https only (loopback allowed for demo profiles).
 * Returns the normalized origin or %NULL with a translated message. */
char                *msi_salesforce_normalize_login_url  (const char           *text,
                                                          GError              **error);

/* App sign-in (design §2): authorization code + PKCE S256 against
 * @login_url (%NULL: the remembered one or the profile's) with
 * MSI_APP_REDIRECT_URI; the caller shows the flow's URL in the consent view. */
MsiOAuth2Flow       *msi_salesforce_client_begin_sign_in (MsiSalesforceClient  *self,
                                                          const char           *login_url,
                                                          GError              **error);
void                 msi_salesforce_client_complete_sign_in_async  (MsiSalesforceClient *self,
                                                                    MsiOAuth2Flow       *flow,
                                                                    const char          *redirect_uri,
                                                                    GCancellable        *cancellable,
                                                                    GAsyncReadyCallback  callback,
                                                                    gpointer             user_data);
gboolean             msi_salesforce_client_complete_sign_in_finish (MsiSalesforceClient *self,
                                                                    GAsyncResult        *result,
                                                                    GError             **error);
/* Loads the tokens at start; state → SIGNED_IN, or SIGNED_OUT with no error. */
void                 msi_salesforce_client_restore_async  (MsiSalesforceClient *self,
                                                           GCancellable        *cancellable,
                                                           GAsyncReadyCallback  callback,
                                                           gpointer             user_data);
gboolean             msi_salesforce_client_restore_finish (MsiSalesforceClient *self,
                                                           GAsyncResult        *result,
                                                           GError             **error);
/* Revokes the refresh token at Salesforce and deletes the keyring entry. */
void                 msi_salesforce_client_sign_out_async  (MsiSalesforceClient *self,
                                                            GCancellable        *cancellable,
                                                            GAsyncReadyCallback  callback,
                                                            gpointer             user_data);
gboolean             msi_salesforce_client_sign_out_finish (MsiSalesforceClient *self,
                                                            GAsyncResult        *result,
                                                            GError             **error);

/* "v62.0": the newest version /services/data/ lists (cached). */
void                 msi_salesforce_client_discover_version_async  (MsiSalesforceClient *self,
                                                                    GCancellable        *cancellable,
                                                                    GAsyncReadyCallback  callback,
                                                                    gpointer             user_data);
char                *msi_salesforce_client_discover_version_finish (MsiSalesforceClient *self,
                                                                    GAsyncResult        *result,
                                                                    GError             **error);
/* SOQL through /query (or /tooling/query when @tooling), following
 * nextRecordsUrl until done; a 401 refreshes once and replays. Returns every
 * record. */
void                 msi_salesforce_client_query_async   (MsiSalesforceClient  *self,
                                                          const char           *soql,
                                                          gboolean              tooling,
                                                          GCancellable         *cancellable,
                                                          GAsyncReadyCallback   callback,
                                                          gpointer              user_data);
JsonArray           *msi_salesforce_client_query_finish  (MsiSalesforceClient  *self,
                                                          GAsyncResult         *result,
                                                          GError              **error);
/* The signed-in person's profile: API Enabled and admin permissions; also
 * updates msi_salesforce_client_get_user(). */
void                 msi_salesforce_client_check_user_async  (MsiSalesforceClient *self,
                                                              GCancellable        *cancellable,
                                                              GAsyncReadyCallback  callback,
                                                              gpointer             user_data);
const MsiSalesforceUser *
                     msi_salesforce_client_check_user_finish (MsiSalesforceClient *self,
                                                              GAsyncResult        *result,
                                                              GError             **error);
/* Reads InstalledSubscriberPackage (Tooling API) and compares the
 * MSI_PACKAGE_NAMESPACE package with the profile's required version. */
void                 msi_salesforce_client_check_package_async  (MsiSalesforceClient *self,
                                                                 GCancellable        *cancellable,
                                                                 GAsyncReadyCallback  callback,
                                                                 gpointer             user_data);
MsiSalesforcePackage *
                     msi_salesforce_client_check_package_finish (MsiSalesforceClient *self,
                                                                 GAsyncResult        *result,
                                                                 GError             **error);
/* {login}/packaging/installPackage.apexp?p0={required version id}; %NULL
 * when the profile names no package version id. */
char                *msi_salesforce_client_dup_install_url (MsiSalesforceClient *self);
/* Asks for query batches of @batch_size records (the Sforce-Query-Options
 * header; Salesforce takes 200 to 2000); 0, the default, leaves it to
 * Salesforce (2000). */
void                 msi_salesforce_client_set_query_batch_size (MsiSalesforceClient *self,
                                                                 guint                batch_size);

G_END_DECLS
