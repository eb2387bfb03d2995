/* SPDX-License-Identifier: GPL-3.0-or-later */
/* msi-oauth2-client.h: OAuth 2.0 authorization code + PKCE for a public client */

#pragma once

#include <gio/gio.h>

#include "msi-http-client.h"
#include "msi-oauth2-flow.h"
#include "msi-oauth2-tokens.h"
#include "msi-token-refresher.h"

G_BEGIN_DECLS

#define MSI_OAUTH2_ERROR (msi_oauth2_error_quark ())

/**
 * MsiOAuth2Error:
 * What an authorization server (or a forged redirect) told us, in the
 * terms the UI acts on.
 */
typedef enum
{
  MSI_OAUTH2_ERROR_ACCESS_DENIED,           /* the person said no: show "cancelled" */
  MSI_OAUTH2_ERROR_INVALID_REDIRECT,        /* not our redirect URI, or a malformed answer */
  MSI_OAUTH2_ERROR_STATE_MISMATCH,          /* not the answer to this attempt (CSRF, replay) */
  MSI_OAUTH2_ERROR_MISSING_CODE,            /* an answer without a code */
  MSI_OAUTH2_ERROR_INVALID_GRANT,           /* code or refresh token expired/revoked: sign in again */
  MSI_OAUTH2_ERROR_INVALID_CLIENT,          /* the client ID is unknown */
  MSI_OAUTH2_ERROR_UNAUTHORIZED_CLIENT,     /* the client may not use this grant */
  MSI_OAUTH2_ERROR_INVALID_REQUEST,
  MSI_OAUTH2_ERROR_INVALID_SCOPE,
  MSI_OAUTH2_ERROR_UNSUPPORTED,             /* unsupported response/grant/token type */
  MSI_OAUTH2_ERROR_INTERACTION_REQUIRED,    /* also consent_required, login_required */
  MSI_OAUTH2_ERROR_TEMPORARILY_UNAVAILABLE, /* also server_error */
  MSI_OAUTH2_ERROR_FAILED,                  /* anything else */
} MsiOAuth2Error;

/**
 * MsiOAuth2Provider:
 * Selects the quirks of a provider's token endpoint.
 */
typedef enum
{
  MSI_OAUTH2_PROVIDER_GENERIC,
  MSI_OAUTH2_PROVIDER_SALESFORCE, /* no expires_in: issued_at + default-lifetime */
  MSI_OAUTH2_PROVIDER_MICROSOFT,  /* refresh requests carry the scope */
  MSI_OAUTH2_PROVIDER_GOOGLE,
} MsiOAuth2Provider;

/* Unix time in seconds. */
typedef gint64 (*MsiOAuth2Clock) (void);

#define MSI_TYPE_OAUTH2_PROVIDER (msi_oauth2_provider_get_type ())
#define MSI_TYPE_OAUTH2_CLIENT (msi_oauth2_client_get_type ())

G_DECLARE_FINAL_TYPE (MsiOAuth2Client, msi_oauth2_client, MSI, OAUTH2_CLIENT, GObject)

GQuark             msi_oauth2_error_quark                (void);
MsiOAuth2Error     msi_oauth2_error_from_code            (const char           *code);
GError            *msi_oauth2_error_new_from_response    (const char           *code,
                                                          const char           *description);
GType              msi_oauth2_provider_get_type          (void) G_GNUC_CONST;

MsiOAuth2Client   *msi_oauth2_client_new                 (MsiHttpClient        *http,
                                                          const char           *client_id,
                                                          const char           *authorization_endpoint,
                                                          const char           *token_endpoint,
                                                          const char           *revocation_endpoint,
                                                          const char           *redirect_uri);
const char        *msi_oauth2_client_get_client_id       (MsiOAuth2Client      *self);
const char        *msi_oauth2_client_get_redirect_uri    (MsiOAuth2Client      *self);
const char        *msi_oauth2_client_get_scope           (MsiOAuth2Client      *self);
void               msi_oauth2_client_set_scope           (MsiOAuth2Client      *self,
                                                          const char           *scope);
gint64             msi_oauth2_client_get_default_lifetime (MsiOAuth2Client     *self);
void               msi_oauth2_client_set_default_lifetime (MsiOAuth2Client     *self,
                                                           gint64               seconds);
MsiOAuth2Provider  msi_oauth2_client_get_provider        (MsiOAuth2Client      *self);
void               msi_oauth2_client_set_provider        (MsiOAuth2Client      *self,
                                                          MsiOAuth2Provider     provider);
void               msi_oauth2_client_add_authorize_param (MsiOAuth2Client      *self,
                                                          const char           *name,
                                                          const char           *value);
void               msi_oauth2_client_set_clock           (MsiOAuth2Client      *self,
                                                          MsiOAuth2Clock        now);
gint64             msi_oauth2_client_get_now             (MsiOAuth2Client      *self);

MsiOAuth2Flow     *msi_oauth2_client_begin               (MsiOAuth2Client      *self,
                                                          const char           *login_hint,
                                                          const char           *prompt,
                                                          GError              **error);
void               msi_oauth2_client_exchange_code_async (MsiOAuth2Client      *self,
                                                          MsiOAuth2Flow        *flow,
                                                          const char           *code,
                                                          GCancellable         *cancellable,
                                                          GAsyncReadyCallback   callback,
                                                          gpointer              user_data);
MsiOAuth2Tokens   *msi_oauth2_client_exchange_code_finish (MsiOAuth2Client     *self,
                                                           GAsyncResult        *result,
                                                           GError             **error);
MsiOAuth2Tokens   *msi_oauth2_client_parse_tokens        (MsiOAuth2Client      *self,
                                                          JsonNode             *reply,
                                                          GError              **error);
void               msi_oauth2_client_revoke_async        (MsiOAuth2Client      *self,
                                                          const char           *token,
                                                          GCancellable         *cancellable,
                                                          GAsyncReadyCallback   callback,
                                                          gpointer              user_data);
gboolean           msi_oauth2_client_revoke_finish       (MsiOAuth2Client      *self,
                                                          GAsyncResult         *result,
                                                          GError              **error);

G_END_DECLS
