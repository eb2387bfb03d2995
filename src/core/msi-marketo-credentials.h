/* SPDX-License-Identifier: GPL-3.0-or-later */
/* msi-marketo-credentials.h: Marketo REST credentials: parsing pasted blocks, validation, keyring */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define MSI_MARKETO_CREDENTIALS_ERROR (msi_marketo_credentials_error_quark ())

typedef enum
{
  MSI_MARKETO_CREDENTIALS_ERROR_EMPTY,            /* nothing pasted */
  MSI_MARKETO_CREDENTIALS_ERROR_NOT_RECOGNIZED,   /* no label we know in the text */
  MSI_MARKETO_CREDENTIALS_ERROR_MISSING,          /* a field is absent or empty */
  MSI_MARKETO_CREDENTIALS_ERROR_CONFLICT,         /* a field given twice with different values */
  MSI_MARKETO_CREDENTIALS_ERROR_INVALID_MUNCHKIN_ID,
  MSI_MARKETO_CREDENTIALS_ERROR_INVALID_CLIENT_ID,
  MSI_MARKETO_CREDENTIALS_ERROR_INVALID_CLIENT_SECRET,
  MSI_MARKETO_CREDENTIALS_ERROR_WRONG_INSTANCE,   /* Munchkin ID does not match the REST URL */
} MsiMarketoCredentialsError;

/* The fields, as named by msi_marketo_credentials_validate()'s @failed_field. */
#define MSI_MARKETO_FIELD_MUNCHKIN_ID   "munchkin-id"
#define MSI_MARKETO_FIELD_CLIENT_ID     "client-id"
#define MSI_MARKETO_FIELD_CLIENT_SECRET "client-secret"

#define MSI_TYPE_MARKETO_CREDENTIALS (msi_marketo_credentials_get_type ())

/**
 * MsiMarketoCredentials:
 * @munchkin_id: e.g. "284-RPR-133", normalized to upper case
 * @client_id: the LaunchPoint custom service's Client ID (a UUID, lower case)
 * @client_secret: its Client Secret (kept only in memory and the keyring)
 *
 * Marketo REST API credentials (api-notes §2.1–2.2).
 */
typedef struct
{
  char *munchkin_id;
  char *client_id;
  char *client_secret;
} MsiMarketoCredentials;

GQuark                 msi_marketo_credentials_error_quark (void);
GType                  msi_marketo_credentials_get_type    (void) G_GNUC_CONST;
MsiMarketoCredentials *msi_marketo_credentials_new         (const char                  *munchkin_id,
                                                            const char                  *client_id,
                                                            const char                  *client_secret);
MsiMarketoCredentials *msi_marketo_credentials_copy        (const MsiMarketoCredentials *self);
void                   msi_marketo_credentials_free        (MsiMarketoCredentials       *self);

/* Parses a block pasted from Marketo (Admin → Sales Insight → Actions Config,
 * or Admin → LaunchPoint → View Details, or Admin → Web Services): labels in
 * English or Dutch, any order, "Label: value", "Label = value", "Label<TAB>value"
 * or the label on one line and the value on the next; extra whitespace and
 * unknown lines ignored. Returns the fields found, trimmed and normalized, not
 * yet validated; %NULL with an error when no field was recognized. */
MsiMarketoCredentials *msi_marketo_credentials_parse       (const char                  *text,
                                                            GError                     **error);

/* Checks every field's format; on failure sets @failed_field (one of the
 * MSI_MARKETO_FIELD_ names) and a specific, translated message. */
gboolean               msi_marketo_credentials_validate    (const MsiMarketoCredentials *self,
                                                            const char                 **failed_field,
                                                            GError                     **error);
gboolean               msi_marketo_check_munchkin_id       (const char                  *munchkin_id,
                                                            GError                     **error);
gboolean               msi_marketo_check_client_id         (const char                  *client_id,
                                                            GError                     **error);
gboolean               msi_marketo_check_client_secret     (const char                  *client_secret,
                                                            GError                     **error);

/* The instance's REST base: @profile_url when set (demo and custom
 * profiles), else https://{munchkin}.mktorest.com; fails with WRONG_INSTANCE
 * when @profile_url is a *.mktorest.com URL of another Munchkin ID. */
char                  *msi_marketo_credentials_dup_rest_url (const MsiMarketoCredentials *self,
                                                             const char                  *profile_url,
                                                             GError                     **error);

/* The keyring (libsecret, schema "io.github.msiactions.Setup.Marketo",
 * attributes profile, munchkin-id, client-id): the secret never goes
 * anywhere else. Loading returns %NULL without an error when none is stored. */
void                   msi_marketo_credentials_save_async  (const MsiMarketoCredentials *self,
                                                            const char                  *profile,
                                                            GCancellable                *cancellable,
                                                            GAsyncReadyCallback          callback,
                                                            gpointer                     user_data);
gboolean               msi_marketo_credentials_save_finish (GAsyncResult                *result,
                                                            GError                     **error);
void                   msi_marketo_credentials_load_async  (const char                  *profile,
                                                            GCancellable                *cancellable,
                                                            GAsyncReadyCallback          callback,
                                                            gpointer                     user_data);
MsiMarketoCredentials *msi_marketo_credentials_load_finish (GAsyncResult                *result,
                                                            GError                     **error);
void                   msi_marketo_credentials_delete_async (const char                 *profile,
                                                             GCancellable               *cancellable,
                                                             GAsyncReadyCallback         callback,
                                                             gpointer                    user_data);
gboolean               msi_marketo_credentials_delete_finish (GAsyncResult              *result,
                                                              GError                   **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MsiMarketoCredentials, msi_marketo_credentials_free)

G_END_DECLS
