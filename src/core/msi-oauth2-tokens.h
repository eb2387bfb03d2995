/* SPDX-License-Identifier: GPL-3.0-or-later */
/* msi-oauth2-tokens.h: the tokens of one signed-in account */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define MSI_TYPE_OAUTH2_TOKENS (msi_oauth2_tokens_get_type ())

/**
 * MsiOAuth2Tokens:
 * @access_token: the bearer token
 * @refresh_token: (nullable): the refresh token, when the provider sent one
 * @token_type: "Bearer"
 * @scope: (nullable): the granted scopes, space separated
 * @expires_at: absolute expiry, Unix time in seconds; 0 when unknown
 * @instance_url: (nullable): Salesforce's REST base for this org
 * @id_url: (nullable): Salesforce's identity URL
 * @id_token: (nullable): the OpenID Connect ID token
 *
 * Secret values: never log them, never write them anywhere but libsecret.
 * msi_oauth2_tokens_free() wipes them from memory.
 */
typedef struct
{
  char   *access_token;
  char   *refresh_token;
  char   *token_type;
  char   *scope;
  gint64  expires_at;
  char   *instance_url;
  char   *id_url;
  char   *id_token;
} MsiOAuth2Tokens;

GType            msi_oauth2_tokens_get_type     (void) G_GNUC_CONST;
MsiOAuth2Tokens *msi_oauth2_tokens_new          (void);
MsiOAuth2Tokens *msi_oauth2_tokens_copy         (const MsiOAuth2Tokens *tokens);
void             msi_oauth2_tokens_free         (MsiOAuth2Tokens       *tokens);
gboolean         msi_oauth2_tokens_expires_within (const MsiOAuth2Tokens *tokens,
                                                   gint64                 now,
                                                   gint64                 seconds);
GVariant        *msi_oauth2_tokens_serialize    (const MsiOAuth2Tokens *tokens);
MsiOAuth2Tokens *msi_oauth2_tokens_deserialize  (GVariant              *variant);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MsiOAuth2Tokens, msi_oauth2_tokens_free)

G_END_DECLS
