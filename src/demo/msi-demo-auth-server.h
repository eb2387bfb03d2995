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

#define MSI_TYPE_DEMO_AUTH_SERVER (msi_demo_auth_server_get_type ())

G_DECLARE_FINAL_TYPE (MsiDemoAuthServer, msi_demo_auth_server, MSI, DEMO_AUTH_SERVER, GObject)

/* Fills in the reply of @msg synchronously, for the provider of the route. */
typedef void (*MsiDemoAuthHandler) (MsiDemoAuthServer   *self,
                                    MsiDemoProviderKind  provider,
                                    SoupServerMessage   *msg);

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
