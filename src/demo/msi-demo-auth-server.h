/* SPDX-License-Identifier: GPL-3.0-or-later */
/* msi-demo-auth-server.h: demo OAuth 2.0 authorization servers (Actions, Salesforce, Microsoft, Google) */

#pragma once

#include <glib-object.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "msi-demo-store.h"

G_BEGIN_DECLS

/**
 * MsiDemoProviderKind:
 * @MSI_DEMO_PROVIDER_NONE: not an authorization server route
 * @MSI_DEMO_PROVIDER_ACTIONS: the Actions service, `/oauth/…`, `/api/v1/me`
 * @MSI_DEMO_PROVIDER_SALESFORCE: Salesforce, under `/salesforce`
 * @MSI_DEMO_PROVIDER_MICROSOFT: Microsoft identity platform v2 and Graph, under `/microsoft`
 * @MSI_DEMO_PROVIDER_GOOGLE: Google accounts and Gmail, under `/google`
 */
typedef enum
{
  MSI_DEMO_PROVIDER_NONE,
  MSI_DEMO_PROVIDER_ACTIONS,
  MSI_DEMO_PROVIDER_SALESFORCE,
  MSI_DEMO_PROVIDER_MICROSOFT,
  MSI_DEMO_PROVIDER_GOOGLE,
} MsiDemoProviderKind;

/**
 * MsiDemoFault:
 * @MSI_DEMO_FAULT_NONE: no fault
 * @MSI_DEMO_FAULT_500: reply 500
 * @MSI_DEMO_FAULT_429: reply 429 with `Retry-After: 1`
 * @MSI_DEMO_FAULT_DROP: close the connection without a reply
 */
typedef enum
{
  MSI_DEMO_FAULT_NONE,
  MSI_DEMO_FAULT_500,
  MSI_DEMO_FAULT_429,
  MSI_DEMO_FAULT_DROP,
} MsiDemoFault;

/* The Actions service as a confidential OAuth client of the demo
 * Salesforce, for service connections: its client id and its only
 * redirect URI (the base URI followed by this path). */
#define MSI_DEMO_SERVICE_CLIENT_ID                "demo-actions-service"
#define MSI_DEMO_SALESFORCE_CONNECTION_CALLBACK   "/api/v1/connections/salesforce/callback"
#define MSI_DEMO_SALESFORCE_AUTHORIZE_PATH        "/salesforce/services/oauth2/authorize"
#define MSI_DEMO_SALESFORCE_ORG_ID                "00D5j00000DmNwtEAB"

/* The same client's redirect URIs for a sales rep's own connections
 * (onboarding): Salesforce to activate the account, Microsoft (Outlook)
 * and Google (Gmail) for the mailbox. */
#define MSI_DEMO_USER_SALESFORCE_CALLBACK         "/api/v1/me/connections/salesforce/callback"
#define MSI_DEMO_USER_MICROSOFT_CALLBACK          "/api/v1/me/connections/microsoft/callback"
#define MSI_DEMO_USER_GOOGLE_CALLBACK             "/api/v1/me/connections/google/callback"
#define MSI_DEMO_MICROSOFT_AUTHORIZE_PATH         "/microsoft/common/oauth2/v2.0/authorize"
#define MSI_DEMO_GOOGLE_AUTHORIZE_PATH            "/google/o/oauth2/v2/auth"

#define MSI_DEMO_AUTH_SERVER_ERROR (msi_demo_auth_server_error_quark ())

/**
 * MsiDemoAuthServerError:
 * @MSI_DEMO_AUTH_SERVER_ERROR_INVALID_CLIENT: the client is not registered
 * @MSI_DEMO_AUTH_SERVER_ERROR_INVALID_GRANT: the token endpoint would have
 *   refused the grant; the message says why
 */
typedef enum
{
  MSI_DEMO_AUTH_SERVER_ERROR_INVALID_CLIENT,
  MSI_DEMO_AUTH_SERVER_ERROR_INVALID_GRANT,
} MsiDemoAuthServerError;

/**
 * MsiDemoServiceGrant:
 * @email: the user who allowed it
 * @grant_id: the grant of the tokens
 * @scope: the granted scope
 * @access_token_sha256: the SHA-256 (hex) of the access token
 * @refresh_token_sha256: the SHA-256 (hex) of the refresh token, or %NULL
 *
 * What an in-process client (the Actions service) got for a code. The
 * tokens themselves are not kept.
 */
typedef struct
{
  char *email;
  char *grant_id;
  char *scope;
  char *access_token_sha256;
  char *refresh_token_sha256;
} MsiDemoServiceGrant;

void msi_demo_service_grant_free (MsiDemoServiceGrant *grant);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MsiDemoServiceGrant, msi_demo_service_grant_free)

#define MSI_TYPE_DEMO_AUTH_SERVER (msi_demo_auth_server_get_type ())

G_DECLARE_FINAL_TYPE (MsiDemoAuthServer, msi_demo_auth_server, MSI, DEMO_AUTH_SERVER, GObject)

/* Fills in the reply of @msg synchronously, for the provider of the route. */
typedef void (*MsiDemoAuthHandler) (MsiDemoAuthServer   *self,
                                    MsiDemoProviderKind  provider,
                                    SoupServerMessage   *msg);

GQuark             msi_demo_auth_server_error_quark          (void);
char              *msi_demo_random_base64url                 (void);
char              *msi_demo_pkce_s256                        (const char          *verifier);

MsiDemoAuthServer *msi_demo_auth_server_new                  (MsiDemoStore        *store);
void               msi_demo_auth_server_set_base_uri         (MsiDemoAuthServer   *self,
                                                              const char          *base_uri);
void               msi_demo_auth_server_set_token_lifetime   (MsiDemoAuthServer   *self,
                                                              guint                seconds);
void               msi_demo_auth_server_set_token_fault      (MsiDemoAuthServer   *self,
                                                              MsiDemoFault         fault);
gboolean           msi_demo_auth_server_parse_fault          (const char          *value,
                                                              MsiDemoFault        *fault);
JsonNode          *msi_demo_auth_server_dup_issued_tokens    (MsiDemoAuthServer   *self);
MsiDemoUser       *msi_demo_auth_server_authenticate         (MsiDemoAuthServer   *self,
                                                              MsiDemoProviderKind  provider,
                                                              SoupServerMessage   *msg);
MsiDemoServiceGrant *
                   msi_demo_auth_server_redeem_service_code  (MsiDemoAuthServer   *self,
                                                              MsiDemoProviderKind  provider,
                                                              const char          *client_id,
                                                              const char          *code,
                                                              const char          *redirect_uri,
                                                              const char          *code_verifier,
                                                              GError             **error);

JsonObject        *msi_demo_auth_server_build_me             (MsiDemoAuthServer   *self,
                                                              const MsiDemoUser   *user,
                                                              GError             **error);
JsonObject        *msi_demo_auth_server_issue_user_tokens    (MsiDemoAuthServer   *self,
                                                              const char          *email,
                                                              const char          *scope,
                                                              GError             **error);

void               msi_demo_auth_server_handle_authorize     (MsiDemoAuthServer   *self,
                                                              MsiDemoProviderKind  provider,
                                                              SoupServerMessage   *msg);
void               msi_demo_auth_server_handle_token         (MsiDemoAuthServer   *self,
                                                              MsiDemoProviderKind  provider,
                                                              SoupServerMessage   *msg);
void               msi_demo_auth_server_handle_revoke        (MsiDemoAuthServer   *self,
                                                              MsiDemoProviderKind  provider,
                                                              SoupServerMessage   *msg);
void               msi_demo_auth_server_handle_userinfo      (MsiDemoAuthServer   *self,
                                                              MsiDemoProviderKind  provider,
                                                              SoupServerMessage   *msg);
void               msi_demo_auth_server_handle_gmail_profile (MsiDemoAuthServer   *self,
                                                              MsiDemoProviderKind  provider,
                                                              SoupServerMessage   *msg);
void               msi_demo_auth_server_handle_discovery     (MsiDemoAuthServer   *self,
                                                              MsiDemoProviderKind  provider,
                                                              SoupServerMessage   *msg);

G_END_DECLS
