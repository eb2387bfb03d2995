/* SPDX-License-Identifier: GPL-3.0-or-later */
/* msi-demo-store.h: SQLite persistence for the demo Actions service */

#pragma once

#include <glib-object.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define MSI_DEMO_STORE_ERROR (msi_demo_store_error_quark ())

/**
 * MsiDemoStoreError:
 * @MSI_DEMO_STORE_ERROR_OPEN: the database file could not be opened
 * @MSI_DEMO_STORE_ERROR_SCHEMA: the database has an unsupported schema
 * @MSI_DEMO_STORE_ERROR_SQL: an SQLite statement failed
 * @MSI_DEMO_STORE_ERROR_CORRUPT: stored data does not have the expected shape
 */
typedef enum
{
  MSI_DEMO_STORE_ERROR_OPEN,
  MSI_DEMO_STORE_ERROR_SCHEMA,
  MSI_DEMO_STORE_ERROR_SQL,
  MSI_DEMO_STORE_ERROR_CORRUPT,
} MsiDemoStoreError;

/* The schema version written to PRAGMA user_version. */
#define MSI_DEMO_STORE_SCHEMA_VERSION 7

#define MSI_TYPE_DEMO_STORE (msi_demo_store_get_type ())

G_DECLARE_FINAL_TYPE (MsiDemoStore, msi_demo_store, MSI, DEMO_STORE, GObject)

GQuark        msi_demo_store_error_quark     (void);

MsiDemoStore *msi_demo_store_open            (const char    *path,
                                              GError       **error);
const char   *msi_demo_store_get_path        (MsiDemoStore  *self);
gboolean      msi_demo_store_reset           (MsiDemoStore  *self,
                                              GError       **error);
JsonNode     *msi_demo_store_dup_account     (MsiDemoStore  *self,
                                              GError       **error);
JsonNode     *msi_demo_store_dup_connections (MsiDemoStore  *self,
                                              GError       **error);

/**
 * MsiDemoUser:
 * @provider: the authorization server ("actions", "salesforce", "microsoft", "google")
 * @email: the sign-in name
 * @id: the provider's user id
 * @name: the display name
 * @given_name: the first name
 * @family_name: the last name
 * @role: "admin" or "user" (Actions only, else "user")
 * @api_enabled: whether the profile has API access (Salesforce)
 *
 * A seeded account of one of the demo authorization servers.
 */
typedef struct
{
  char     *provider;
  char     *email;
  char     *id;
  char     *name;
  char     *given_name;
  char     *family_name;
  char     *role;
  gboolean  api_enabled;
} MsiDemoUser;

void msi_demo_user_free (MsiDemoUser *user);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MsiDemoUser, msi_demo_user_free)

/**
 * MsiDemoCredential:
 * @provider: the authorization server that issued it
 * @kind: "session", "code", "access" or "refresh"
 * @grant_id: the authorization it belongs to: every token issued from one
 *   code shares it, so that the whole family can be revoked at once
 * @client_id: the OAuth client (NULL for sessions)
 * @email: the user
 * @scope: the granted scope (space-separated)
 * @redirect_uri: codes: the redirect URI of the authorization request
 * @code_challenge: codes: the PKCE S256 challenge
 * @nonce: codes: the OpenID Connect nonce, or NULL
 * @offline: codes: Google `access_type=offline` asked for a refresh token
 * @issued_at: Unix time, seconds
 * @expires_at: Unix time, seconds; 0 for never
 * @spent: a used code or a revoked token or session
 *
 * Something the demo authorization servers issued. Only the SHA-256 of
 * its value is stored, never the value itself.
 */
typedef struct
{
  char     *provider;
  char     *kind;
  char     *grant_id;
  char     *client_id;
  char     *email;
  char     *scope;
  char     *redirect_uri;
  char     *code_challenge;
  char     *nonce;
  gboolean  offline;
  gint64    issued_at;
  gint64    expires_at;
  gboolean  spent;
} MsiDemoCredential;

void msi_demo_credential_free (MsiDemoCredential *credential);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MsiDemoCredential, msi_demo_credential_free)

MsiDemoUser       *msi_demo_store_dup_user              (MsiDemoStore             *self,
                                                         const char               *provider,
                                                         const char               *email,
                                                         GError                  **error);
MsiDemoUser       *msi_demo_store_authenticate          (MsiDemoStore             *self,
                                                         const char               *provider,
                                                         const char               *email,
                                                         const char               *password,
                                                         GError                  **error);
gboolean           msi_demo_store_add_credential        (MsiDemoStore             *self,
                                                         const char               *hash,
                                                         const MsiDemoCredential  *credential,
                                                         GError                  **error);
MsiDemoCredential *msi_demo_store_dup_credential        (MsiDemoStore             *self,
                                                         const char               *provider,
                                                         const char               *hash,
                                                         GError                  **error);
gboolean           msi_demo_store_spend_credential      (MsiDemoStore             *self,
                                                         const char               *hash,
                                                         gboolean                 *was_spent,
                                                         GError                  **error);
gboolean           msi_demo_store_revoke_grant          (MsiDemoStore             *self,
                                                         const char               *grant_id,
                                                         GError                  **error);
gboolean           msi_demo_store_has_refresh_token     (MsiDemoStore             *self,
                                                         const char               *provider,
                                                         const char               *email,
                                                         const char               *client_id,
                                                         gboolean                 *has_token,
                                                         GError                  **error);
gboolean           msi_demo_store_add_consent           (MsiDemoStore             *self,
                                                         const char               *provider,
                                                         const char               *email,
                                                         const char               *client_id,
                                                         const char               *scope,
                                                         GError                  **error);
gboolean           msi_demo_store_has_consent           (MsiDemoStore             *self,
                                                         const char               *provider,
                                                         const char               *email,
                                                         const char               *client_id,
                                                         const char               *scope,
                                                         gboolean                 *has_consent,
                                                         GError                  **error);

/**
 * MsiDemoPendingConnection:
 * @selector: the first characters of the state, to find the request by
 * @state_sha256: the SHA-256 (hex) of the whole state
 * @service: the service being connected ("salesforce")
 * @admin_email: the Actions admin who asked for the authorization URL
 * @code_verifier: the PKCE verifier the Actions service made
 * @created_at: Unix time, seconds
 * @expires_at: Unix time, seconds
 *
 * A service connection between its authorization URL and its callback.
 */
typedef struct
{
  char   *selector;
  char   *state_sha256;
  char   *service;
  char   *admin_email;
  char   *code_verifier;
  gint64  created_at;
  gint64  expires_at;
} MsiDemoPendingConnection;

void msi_demo_pending_connection_free (MsiDemoPendingConnection *pending);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MsiDemoPendingConnection, msi_demo_pending_connection_free)

gboolean                  msi_demo_store_add_pending_connection     (MsiDemoStore                    *self,
                                                                     const MsiDemoPendingConnection  *pending,
                                                                     GError                         **error);
MsiDemoPendingConnection *msi_demo_store_dup_pending_connection     (MsiDemoStore                    *self,
                                                                     const char                      *selector,
                                                                     GError                         **error);
gboolean                  msi_demo_store_delete_pending_connection  (MsiDemoStore                    *self,
                                                                     const char                      *selector,
                                                                     gboolean                        *was_deleted,
                                                                     GError                         **error);
gboolean                  msi_demo_store_dup_connection_grant       (MsiDemoStore                    *self,
                                                                     const char                      *service,
                                                                     char                           **grant_id,
                                                                     GError                         **error);
gboolean                  msi_demo_store_set_connection_connected   (MsiDemoStore                    *self,
                                                                     const char                      *service,
                                                                     const char                      *connected_by,
                                                                     JsonObject                      *account,
                                                                     const char                      *grant_id,
                                                                     const char                      *access_token_sha256,
                                                                     const char                      *refresh_token_sha256,
                                                                     GError                         **error);
gboolean                  msi_demo_store_set_connection_error       (MsiDemoStore                    *self,
                                                                     const char                      *service,
                                                                     const char                      *type,
                                                                     const char                      *title,
                                                                     const char                      *detail,
                                                                     GError                         **error);
gboolean                  msi_demo_store_set_connection_disconnected (MsiDemoStore                   *self,
                                                                      const char                     *service,
                                                                      GError                        **error);

gboolean                  msi_demo_store_dup_onboarding_state        (MsiDemoStore                   *self,
                                                                      const char                     *email,
                                                                      char                          **state,
                                                                      char                          **step,
                                                                      GError                        **error);

G_END_DECLS
