/* SPDX-License-Identifier: GPL-3.0-or-later */
/* msi-token-store.h: signed-in accounts' tokens in the keyring, refreshed once at a time */

#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>
#include <libsecret/secret.h>

#include "msi-http-client.h"
#include "msi-oauth2-client.h"
#include "msi-oauth2-tokens.h"
#include "msi-token-refresher.h"

G_BEGIN_DECLS

#define MSI_TOKEN_STORE_ERROR (msi_token_store_error_quark ())

typedef enum
{
  MSI_TOKEN_STORE_ERROR_NEEDS_SIGN_IN, /* no tokens, or the provider refused the refresh token */
  MSI_TOKEN_STORE_ERROR_UNAVAILABLE,   /* no Secret Service, or the keyring stayed locked */
} MsiTokenStoreError;

/* The libsecret schema of every secret the app stores. */
#define MSI_TOKEN_STORE_SCHEMA_NAME "io.github.msiactions.Setup.Token"
/* Bumping it orphans every secret stored in an older format. */
#define MSI_TOKEN_STORE_GENERATION "1"
/* Refresh when fewer seconds than this remain. */
#define MSI_TOKEN_STORE_REFRESH_MARGIN 600

/* The refresher's "the refresh token is no good" error: the domain is
 * g_quark_from_static_string (MSI_TOKEN_STORE_INVALID_GRANT_DOMAIN),
 * the code MSI_TOKEN_STORE_INVALID_GRANT_CODE (MSI_OAUTH2_ERROR_INVALID_GRANT). */
#define MSI_TOKEN_STORE_INVALID_GRANT_DOMAIN "msi-oauth2-error-quark"
#define MSI_TOKEN_STORE_INVALID_GRANT_CODE 4

/**
 * MsiTokenStoreClock:
 *
 * Returns: the current Unix time in seconds.
 */
typedef gint64 (*MsiTokenStoreClock) (gpointer user_data);

#define MSI_TYPE_TOKEN_STORE (msi_token_store_get_type ())

G_DECLARE_FINAL_TYPE (MsiTokenStore, msi_token_store, MSI, TOKEN_STORE, GObject)

GQuark             msi_token_store_error_quark              (void);
const SecretSchema *msi_token_store_get_schema              (void);

MsiTokenStore     *msi_token_store_new                      (void);
void               msi_token_store_set_clock                (MsiTokenStore        *self,
                                                             MsiTokenStoreClock    clock,
                                                             gpointer              user_data,
                                                             GDestroyNotify        destroy);

void               msi_token_store_save_async               (MsiTokenStore        *self,
                                                             const char           *profile,
                                                             const char           *provider,
                                                             const char           *account,
                                                             const MsiOAuth2Tokens *tokens,
                                                             GCancellable         *cancellable,
                                                             GAsyncReadyCallback   callback,
                                                             gpointer              user_data);
gboolean           msi_token_store_save_finish              (MsiTokenStore        *self,
                                                             GAsyncResult         *result,
                                                             GError              **error);

void               msi_token_store_load_async               (MsiTokenStore        *self,
                                                             const char           *profile,
                                                             const char           *provider,
                                                             const char           *account,
                                                             GCancellable         *cancellable,
                                                             GAsyncReadyCallback   callback,
                                                             gpointer              user_data);
MsiOAuth2Tokens   *msi_token_store_load_finish              (MsiTokenStore        *self,
                                                             GAsyncResult         *result,
                                                             GError              **error);

void               msi_token_store_delete_async             (MsiTokenStore        *self,
                                                             const char           *profile,
                                                             const char           *provider,
                                                             const char           *account,
                                                             GCancellable         *cancellable,
                                                             GAsyncReadyCallback   callback,
                                                             gpointer              user_data);
gboolean           msi_token_store_delete_finish            (MsiTokenStore        *self,
                                                             GAsyncResult         *result,
                                                             GError              **error);

void               msi_token_store_revoke_and_delete_async  (MsiTokenStore        *self,
                                                             const char           *profile,
                                                             const char           *provider,
                                                             const char           *account,
                                                             MsiOAuth2Client      *oauth,
                                                             GCancellable         *cancellable,
                                                             GAsyncReadyCallback   callback,
                                                             gpointer              user_data);
gboolean           msi_token_store_revoke_and_delete_finish (MsiTokenStore        *self,
                                                             GAsyncResult         *result,
                                                             GError              **error);
void               msi_token_store_delete_profile_async     (MsiTokenStore        *self,
                                                             const char           *profile,
                                                             GCancellable         *cancellable,
                                                             GAsyncReadyCallback   callback,
                                                             gpointer              user_data);
gboolean           msi_token_store_delete_profile_finish    (MsiTokenStore        *self,
                                                             GAsyncResult         *result,
                                                             GError              **error);

void               msi_token_store_get_access_token_async   (MsiTokenStore        *self,
                                                             const char           *profile,
                                                             const char           *provider,
                                                             const char           *account,
                                                             MsiTokenRefresher    *refresher,
                                                             gboolean              force_refresh,
                                                             GCancellable         *cancellable,
                                                             GAsyncReadyCallback   callback,
                                                             gpointer              user_data);
char              *msi_token_store_get_access_token_finish  (MsiTokenStore        *self,
                                                             GAsyncResult         *result,
                                                             GError              **error);

void               msi_token_store_authorized_request_async (MsiTokenStore        *self,
                                                             MsiHttpClient        *http,
                                                             const char           *profile,
                                                             const char           *provider,
                                                             const char           *account,
                                                             MsiTokenRefresher    *refresher,
                                                             const char           *method,
                                                             const char           *path,
                                                             JsonNode             *body,
                                                             GCancellable         *cancellable,
                                                             GAsyncReadyCallback   callback,
                                                             gpointer              user_data);
JsonNode          *msi_token_store_authorized_request_finish (MsiTokenStore       *self,
                                                              GAsyncResult        *result,
                                                              GError             **error);
JsonNode          *msi_token_store_authorized_request_finish_full (MsiTokenStore  *self,
                                                                   GAsyncResult   *result,
                                                                   JsonNode      **error_body,
                                                                   GError        **error);
void               msi_token_store_authorized_request_full_async (MsiTokenStore        *self,
                                                                  MsiHttpClient        *http,
                                                                  const char           *profile,
                                                                  const char           *provider,
                                                                  const char           *account,
                                                                  MsiTokenRefresher    *refresher,
                                                                  const char           *method,
                                                                  const char           *path,
                                                                  const char           *content_type,
                                                                  JsonNode             *body,
                                                                  MsiHttpFlags          flags,
                                                                  GCancellable         *cancellable,
                                                                  GAsyncReadyCallback   callback,
                                                                  gpointer              user_data);
JsonNode          *msi_token_store_authorized_request_finish_status (MsiTokenStore  *self,
                                                                     GAsyncResult   *result,
                                                                     guint          *status,
                                                                     JsonNode      **error_body,
                                                                     GError        **error);

G_END_DECLS
