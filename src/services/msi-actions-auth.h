/* SPDX-License-Identifier: GPL-3.0-or-later */
/* msi-actions-auth.h: signing in to the Sales account (Actions) service */

#pragma once

#include "msi-oauth2-client.h"
#include "msi-oauth2-flow.h"
#include "msi-profile.h"
#include "msi-token-store.h"

G_BEGIN_DECLS

/* The app's private-use redirect URI (RFC 8252 §7.1). */
#define MSI_APP_REDIRECT_URI "io.github.msiactions.setup:/oauth2redirect"

typedef enum
{
  MSI_AUTH_STATE_SIGNED_OUT,
  MSI_AUTH_STATE_RESTORING,
  MSI_AUTH_STATE_SIGNED_IN,
  MSI_AUTH_STATE_NEEDS_SIGN_IN,
} MsiAuthState;

#define MSI_TYPE_ACTIONS_AUTH (msi_actions_auth_get_type ())

G_DECLARE_FINAL_TYPE (MsiActionsAuth, msi_actions_auth, MSI, ACTIONS_AUTH, GObject)

MsiActionsAuth  *msi_actions_auth_new              (MsiProfile          *profile,
                                                    MsiTokenStore       *store,
                                                    GSettings           *profile_settings,
                                                    SoupSession         *session);
MsiProfile      *msi_actions_auth_get_profile      (MsiActionsAuth      *self);
MsiAuthState     msi_actions_auth_get_state        (MsiActionsAuth      *self);
const char      *msi_actions_auth_get_user_name    (MsiActionsAuth      *self);
const char      *msi_actions_auth_get_user_email   (MsiActionsAuth      *self);
const char      *msi_actions_auth_get_role         (MsiActionsAuth      *self);
gboolean         msi_actions_auth_is_admin         (MsiActionsAuth      *self);
MsiOAuth2Client *msi_actions_auth_get_oauth_client (MsiActionsAuth      *self);
MsiOAuth2Flow   *msi_actions_auth_begin            (MsiActionsAuth      *self,
                                                    GError             **error);
void             msi_actions_auth_complete_async   (MsiActionsAuth      *self,
                                                    MsiOAuth2Flow       *flow,
                                                    const char          *redirect_uri,
                                                    GCancellable        *cancellable,
                                                    GAsyncReadyCallback  callback,
                                                    gpointer             user_data);
gboolean         msi_actions_auth_complete_finish  (MsiActionsAuth      *self,
                                                    GAsyncResult        *result,
                                                    GError             **error);
/* Signs in with tokens the service handed over another way (an
 * invitation's onboarding session, msi-onboarding-client): reads
 * /api/v1/me with them and stores them in the keyring, as a completed
 * sign-in does. */
void             msi_actions_auth_sign_in_with_tokens_async  (MsiActionsAuth        *self,
                                                              const MsiOAuth2Tokens *tokens,
                                                              GCancellable          *cancellable,
                                                              GAsyncReadyCallback    callback,
                                                              gpointer               user_data);
gboolean         msi_actions_auth_sign_in_with_tokens_finish (MsiActionsAuth        *self,
                                                              GAsyncResult          *result,
                                                              GError               **error);

void             msi_actions_auth_restore_async    (MsiActionsAuth      *self,
                                                    GCancellable        *cancellable,
                                                    GAsyncReadyCallback  callback,
                                                    gpointer             user_data);
gboolean         msi_actions_auth_restore_finish   (MsiActionsAuth      *self,
                                                    GAsyncResult        *result,
                                                    GError             **error);
void             msi_actions_auth_sign_out_async   (MsiActionsAuth      *self,
                                                    GCancellable        *cancellable,
                                                    GAsyncReadyCallback  callback,
                                                    gpointer             user_data);
gboolean         msi_actions_auth_sign_out_finish  (MsiActionsAuth      *self,
                                                    GAsyncResult        *result,
                                                    GError             **error);
void             msi_actions_auth_request_async    (MsiActionsAuth      *self,
                                                    const char          *method,
                                                    const char          *path,
                                                    JsonNode            *body,
                                                    GCancellable        *cancellable,
                                                    GAsyncReadyCallback  callback,
                                                    gpointer             user_data);
JsonNode        *msi_actions_auth_request_finish   (MsiActionsAuth      *self,
                                                    GAsyncResult        *result,
                                                    GError             **error);
JsonNode        *msi_actions_auth_request_finish_full (MsiActionsAuth  *self,
                                                       GAsyncResult    *result,
                                                       JsonNode       **error_body,
                                                       GError         **error);
void             msi_actions_auth_request_full_async (MsiActionsAuth      *self,
                                                      const char          *method,
                                                      const char          *path,
                                                      const char          *content_type,
                                                      JsonNode            *body,
                                                      MsiHttpFlags         flags,
                                                      GCancellable        *cancellable,
                                                      GAsyncReadyCallback  callback,
                                                      gpointer             user_data);
JsonNode        *msi_actions_auth_request_finish_status (MsiActionsAuth  *self,
                                                         GAsyncResult    *result,
                                                         guint           *status,
                                                         JsonNode       **error_body,
                                                         GError         **error);
MsiHttpClient   *msi_actions_auth_get_http_client  (MsiActionsAuth      *self);

G_END_DECLS
