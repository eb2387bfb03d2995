/* SPDX-License-Identifier: GPL-3.0-or-later */
/* msi-actions-auth.c: signing in to the Sales account (Actions) service
 *
 * The app is a public OAuth 2.0 client of the Actions service:
 * authorization code with PKCE S256, a one-time state and the private-use
 * redirect URI. Tokens go to the keyring only; GSettings remembers which
 * account (its ID, not a secret) is signed in for the profile.
 */

#define G_LOG_DOMAIN "msi-actions-auth"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "msi-actions-auth.h"
#include "msi-json.h"

#define PROVIDER "actions"
#define SCOPE "setup offline_access"

struct _MsiActionsAuth
{
  GObject          parent_instance;

  MsiProfile      *profile;
  MsiTokenStore   *store;
  GSettings       *profile_settings;
  MsiHttpClient   *http;
  MsiOAuth2Client *oauth;

  MsiAuthState     state;
  char            *account;
  char            *user_name;
  char            *user_email;
  char            *role;
};

enum {
  PROP_0,
  PROP_STATE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (MsiActionsAuth, msi_actions_auth, G_TYPE_OBJECT)

static void
set_state (MsiActionsAuth *self,
           MsiAuthState    state)
{
  if (self->state == state)
    return;

  self->state = state;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

static void
clear_user (MsiActionsAuth *self)
{
  g_clear_pointer (&self->account, g_free);
  g_clear_pointer (&self->user_name, g_free);
  g_clear_pointer (&self->user_email, g_free);
  g_clear_pointer (&self->role, g_free);
}

/* Reads GET /api/v1/me; FALSE with @error when its shape is wrong. */
static gboolean
take_user (MsiActionsAuth  *self,
           JsonNode        *me,
           GError         **error)
{
  JsonObject *object = me && JSON_NODE_HOLDS_OBJECT (me) ? json_node_get_object (me) : NULL;
  const char *id = object ? msi_json_get_string (object, "id") : NULL;
  const char *email = object ? msi_json_get_string (object, "email") : NULL;
  const char *role = object ? msi_json_get_string (object, "role") : NULL;
  const char *name = object ? msi_json_get_string (object, "name") : NULL;

  if (id == NULL || *id == '\0' || email == NULL || role == NULL)
    {
      g_set_error (error, MSI_HTTP_ERROR, MSI_HTTP_ERROR_INVALID_RESPONSE,
                   _("The Sales account service did not say who is signed in."));
      return FALSE;
    }

  clear_user (self);
  self->account = g_strdup (id);
  self->user_email = g_strdup (email);
  self->user_name = g_strdup (name ? name : email);
  self->role = g_strdup (role);

  return TRUE;
}

static void
msi_actions_auth_finalize (GObject *object)
{
  MsiActionsAuth *self = (MsiActionsAuth *)object;

  clear_user (self);
  g_clear_object (&self->profile);
  g_clear_object (&self->store);
  g_clear_object (&self->profile_settings);
  g_clear_object (&self->http);
  g_clear_object (&self->oauth);

  G_OBJECT_CLASS (msi_actions_auth_parent_class)->finalize (object);
}

static void
msi_actions_auth_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  MsiActionsAuth *self = MSI_ACTIONS_AUTH (object);

  switch (prop_id)
    {
    case PROP_STATE:
      g_value_set_uint (value, self->state);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
msi_actions_auth_class_init (MsiActionsAuthClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = msi_actions_auth_finalize;
  object_class->get_property = msi_actions_auth_get_property;

  properties[PROP_STATE] =
    g_param_spec_uint ("state", NULL, NULL,
                       MSI_AUTH_STATE_SIGNED_OUT, MSI_AUTH_STATE_NEEDS_SIGN_IN, MSI_AUTH_STATE_SIGNED_OUT,
                       (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
msi_actions_auth_init (MsiActionsAuth *self)
{
}

/**
 * msi_actions_auth_new:
 * @profile_settings: (nullable): the profile's settings, where the signed-in
 *   account's ID is remembered between runs
 * @session: (nullable): the HTTP session, %NULL for the shared one
 */
MsiActionsAuth *
msi_actions_auth_new (MsiProfile    *profile,
                      MsiTokenStore *store,
                      GSettings     *profile_settings,
                      SoupSession   *session)
{
  MsiActionsAuth *self;
  g_autofree char *authorize = NULL;
  g_autofree char *token = NULL;
  g_autofree char *revoke = NULL;

  g_return_val_if_fail (MSI_IS_PROFILE (profile), NULL);
  g_return_val_if_fail (MSI_IS_TOKEN_STORE (store), NULL);

  self = g_object_new (MSI_TYPE_ACTIONS_AUTH, NULL);
  self->profile = g_object_ref (profile);
  self->store = g_object_ref (store);
  self->profile_settings = profile_settings ? g_object_ref (profile_settings) : NULL;
  self->http = msi_http_client_new (session, msi_profile_get_actions_url (profile));

  authorize = msi_http_client_build_url (self->http, "/oauth/authorize");
  token = msi_http_client_build_url (self->http, "/oauth/token");
  revoke = msi_http_client_build_url (self->http, "/oauth/revoke");
  self->oauth = msi_oauth2_client_new (self->http, msi_profile_get_actions_client_id (profile),
                                       authorize, token, revoke, MSI_APP_REDIRECT_URI);
  msi_oauth2_client_set_scope (self->oauth, SCOPE);

  return self;
}

MsiProfile *
msi_actions_auth_get_profile (MsiActionsAuth *self)
{
  g_return_val_if_fail (MSI_IS_ACTIONS_AUTH (self), NULL);
  return self->profile;
}

MsiAuthState
msi_actions_auth_get_state (MsiActionsAuth *self)
{
  g_return_val_if_fail (MSI_IS_ACTIONS_AUTH (self), MSI_AUTH_STATE_SIGNED_OUT);
  return self->state;
}

const char *
msi_actions_auth_get_user_name (MsiActionsAuth *self)
{
  g_return_val_if_fail (MSI_IS_ACTIONS_AUTH (self), NULL);
  return self->user_name;
}

const char *
msi_actions_auth_get_user_email (MsiActionsAuth *self)
{
  g_return_val_if_fail (MSI_IS_ACTIONS_AUTH (self), NULL);
  return self->user_email;
}

const char *
msi_actions_auth_get_role (MsiActionsAuth *self)
{
  g_return_val_if_fail (MSI_IS_ACTIONS_AUTH (self), NULL);
  return self->role;
}

gboolean
msi_actions_auth_is_admin (MsiActionsAuth *self)
{
  g_return_val_if_fail (MSI_IS_ACTIONS_AUTH (self), FALSE);
  return self->state == MSI_AUTH_STATE_SIGNED_IN && g_strcmp0 (self->role, "admin") == 0;
}

MsiOAuth2Client *
msi_actions_auth_get_oauth_client (MsiActionsAuth *self)
{
  g_return_val_if_fail (MSI_IS_ACTIONS_AUTH (self), NULL);
  return self->oauth;
}

/**
 * msi_actions_auth_begin:
 *
 * Returns: (transfer full): a new authorization attempt; show its URL in
 *   the consent view and intercept its redirect.
 */
MsiOAuth2Flow *
msi_actions_auth_begin (MsiActionsAuth  *self,
                        GError         **error)
{
  g_return_val_if_fail (MSI_IS_ACTIONS_AUTH (self), NULL);

  return msi_oauth2_client_begin (self->oauth, self->user_email, NULL, error);
}

/* --- completing a sign-in ---------------------------------------------------- */

typedef struct
{
  MsiOAuth2Tokens *tokens;
} Complete;

static void
complete_free (Complete *data)
{
  g_clear_pointer (&data->tokens, msi_oauth2_tokens_free);
  g_free (data);
}

static void
complete_saved_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  MsiActionsAuth *self = g_task_get_source_object (task);
  g_autoptr(GError) error = NULL;

  if (!msi_token_store_save_finish (MSI_TOKEN_STORE (object), result, &error))
    {
      clear_user (self);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (self->profile_settings != NULL)
    g_settings_set_string (self->profile_settings, "actions-account", self->account);

  g_debug ("Signed in to the Sales account as %s (%s)", self->account, self->role);
  set_state (self, MSI_AUTH_STATE_SIGNED_IN);
  g_task_return_boolean (task, TRUE);
}

static void
complete_me_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  MsiActionsAuth *self = g_task_get_source_object (task);
  Complete *data = g_task_get_task_data (task);
  g_autoptr(JsonNode) me = NULL;
  g_autoptr(GError) error = NULL;

  me = msi_http_client_request_json_finish (MSI_HTTP_CLIENT (object), result, NULL, &error);
  if (me == NULL || !take_user (self, me, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  msi_token_store_save_async (self->store, msi_profile_get_id (self->profile), PROVIDER,
                              self->account, data->tokens, g_task_get_cancellable (task),
                              complete_saved_cb, g_object_ref (task));
}

/* With the task's tokens: reads who they belong to, then keeps them. */
static void
complete_with_tokens (GTask *task)
{
  MsiActionsAuth *self = g_task_get_source_object (task);
  Complete *data = g_task_get_task_data (task);

  msi_http_client_send_async (self->http, "GET", "/api/v1/me", NULL, NULL,
                              data->tokens->access_token, MSI_HTTP_FLAGS_NONE,
                              g_task_get_cancellable (task), complete_me_cb, g_object_ref (task));
}

static void
complete_exchange_cb (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Complete *data = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  data->tokens = msi_oauth2_client_exchange_code_finish (MSI_OAUTH2_CLIENT (object), result, &error);
  if (data->tokens == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  complete_with_tokens (task);
}

/**
 * msi_actions_auth_complete_async:
 * @flow: the attempt from msi_actions_auth_begin()
 * @redirect_uri: the intercepted redirect, with its query
 *
 * Checks the redirect (exact URI, one-time state, provider errors),
 * exchanges the code with its PKCE verifier, reads who signed in, and
 * stores the tokens in the keyring.
 */
void
msi_actions_auth_complete_async (MsiActionsAuth      *self,
                                 MsiOAuth2Flow       *flow,
                                 const char          *redirect_uri,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *code = NULL;

  g_return_if_fail (MSI_IS_ACTIONS_AUTH (self));
  g_return_if_fail (MSI_IS_OAUTH2_FLOW (flow));
  g_return_if_fail (redirect_uri != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, msi_actions_auth_complete_async);
  g_task_set_task_data (task, g_new0 (Complete, 1), (GDestroyNotify)complete_free);

  code = msi_oauth2_flow_parse_redirect (flow, redirect_uri, &error);
  if (code == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  msi_oauth2_client_exchange_code_async (self->oauth, flow, code, cancellable,
                                         complete_exchange_cb, g_steal_pointer (&task));
  explicit_bzero (code, strlen (code));
}

gboolean
msi_actions_auth_complete_finish (MsiActionsAuth  *self,
                                  GAsyncResult    *result,
                                  GError         **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/**
 * msi_actions_auth_sign_in_with_tokens_async:
 * @tokens: the tokens the service handed over (copied)
 *
 * Signs in with tokens the Actions service gave another way than the
 * authorization code flow (an invitation's onboarding session): reads
 * who they belong to from /api/v1/me, stores them in the keyring and
 * becomes %MSI_AUTH_STATE_SIGNED_IN, exactly as
 * msi_actions_auth_complete_async() does after its code exchange.
 */
void
msi_actions_auth_sign_in_with_tokens_async (MsiActionsAuth        *self,
                                            const MsiOAuth2Tokens *tokens,
                                            GCancellable          *cancellable,
                                            GAsyncReadyCallback    callback,
                                            gpointer               user_data)
{
  g_autoptr(GTask) task = NULL;
  Complete *data;

  g_return_if_fail (MSI_IS_ACTIONS_AUTH (self));
  g_return_if_fail (tokens != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, msi_actions_auth_sign_in_with_tokens_async);
  data = g_new0 (Complete, 1);
  g_task_set_task_data (task, data, (GDestroyNotify)complete_free);

  if (tokens->access_token == NULL || tokens->access_token[0] == '\0')
    {
      g_task_return_new_error (task, MSI_HTTP_ERROR, MSI_HTTP_ERROR_INVALID_RESPONSE,
                               _("The Sales account service did not send a usable sign-in."));
      return;
    }

  data->tokens = msi_oauth2_tokens_copy (tokens);
  complete_with_tokens (task);
}

gboolean
msi_actions_auth_sign_in_with_tokens_finish (MsiActionsAuth  *self,
                                             GAsyncResult    *result,
                                             GError         **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* --- authorized requests ------------------------------------------------------ */

static void
request_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  MsiActionsAuth *self = g_task_get_source_object (task);
  g_autoptr(GError) error = NULL;
  JsonNode *node;
  JsonNode *error_body = NULL;
  guint status = 0;

  node = msi_token_store_authorized_request_finish_status (MSI_TOKEN_STORE (object), result, &status,
                                                           &error_body, &error);
  /* For msi_actions_auth_request_finish_status(). */
  g_object_set_data (G_OBJECT (task), "status", GUINT_TO_POINTER (status));
  if (node == NULL)
    {
      /* For msi_actions_auth_request_finish_full(). */
      g_object_set_data_full (G_OBJECT (task), "error-body", error_body,
                              error_body != NULL ? (GDestroyNotify)json_node_unref : NULL);
      if (g_error_matches (error, MSI_TOKEN_STORE_ERROR, MSI_TOKEN_STORE_ERROR_NEEDS_SIGN_IN))
        set_state (self, MSI_AUTH_STATE_NEEDS_SIGN_IN);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  g_task_return_pointer (task, node, (GDestroyNotify)json_node_unref);
}

/**
 * msi_actions_auth_request_async:
 *
 * Sends a request to the Actions service as the signed-in account: the
 * token is refreshed when it is about to expire, and a 401 refreshes it
 * once and replays the request once.
 */
void
msi_actions_auth_request_async (MsiActionsAuth      *self,
                                const char          *method,
                                const char          *path,
                                JsonNode            *body,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  msi_actions_auth_request_full_async (self, method, path, NULL, body, MSI_HTTP_FLAGS_NONE,
                                       cancellable, callback, user_data);
}

/**
 * msi_actions_auth_request_full_async:
 * @content_type: (nullable): the media type of @body, %NULL for
 *   application/json (SCIM: %MSI_HTTP_CONTENT_TYPE_SCIM)
 * @flags: %MSI_HTTP_FLAGS_IDEMPOTENT for a POST that is safe to send
 *   again after a lost reply; %MSI_HTTP_FLAGS_SCIM for /scim/v2
 *
 * msi_actions_auth_request_async() with the body's media type and the
 * request's flags. Finish with any msi_actions_auth_request_finish*().
 */
void
msi_actions_auth_request_full_async (MsiActionsAuth      *self,
                                     const char          *method,
                                     const char          *path,
                                     const char          *content_type,
                                     JsonNode            *body,
                                     MsiHttpFlags         flags,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (MSI_IS_ACTIONS_AUTH (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, msi_actions_auth_request_async);

  if (self->account == NULL)
    {
      g_task_return_new_error (task, MSI_TOKEN_STORE_ERROR, MSI_TOKEN_STORE_ERROR_NEEDS_SIGN_IN,
                               _("Sign in to the Sales account first."));
      return;
    }

  msi_token_store_authorized_request_full_async (self->store, self->http, msi_profile_get_id (self->profile),
                                                 PROVIDER, self->account, MSI_TOKEN_REFRESHER (self->oauth),
                                                 method, path, content_type, body, flags, cancellable,
                                                 request_cb, g_steal_pointer (&task));
}

/**
 * msi_actions_auth_request_finish_status:
 * @status: (out) (optional): the HTTP status of the last attempt, 0 when
 *   no reply arrived
 * @error_body: (out) (optional) (transfer full) (nullable): on an error
 *   reply with a JSON body (a problem, a SCIM error), that body
 */
JsonNode *
msi_actions_auth_request_finish_status (MsiActionsAuth  *self,
                                        GAsyncResult    *result,
                                        guint           *status,
                                        JsonNode       **error_body,
                                        GError         **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  if (status != NULL)
    *status = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (result), "status"));

  return msi_actions_auth_request_finish_full (self, result, error_body, error);
}

/**
 * msi_actions_auth_get_http_client:
 *
 * Returns: (transfer none): the HTTP client of the Actions service (its
 *   retry delays can be shortened in tests)
 */
MsiHttpClient *
msi_actions_auth_get_http_client (MsiActionsAuth *self)
{
  g_return_val_if_fail (MSI_IS_ACTIONS_AUTH (self), NULL);

  return self->http;
}

JsonNode *
msi_actions_auth_request_finish (MsiActionsAuth  *self,
                                 GAsyncResult    *result,
                                 GError         **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * msi_actions_auth_request_finish_full:
 * @error_body: (out) (optional) (transfer full) (nullable): when the
 *   service answered with an error and a JSON body (RFC 9457 problem
 *   details), that body
 *
 * Like msi_actions_auth_request_finish(), for callers that tell problems
 * apart by their "type".
 */
JsonNode *
msi_actions_auth_request_finish_full (MsiActionsAuth  *self,
                                      GAsyncResult    *result,
                                      JsonNode       **error_body,
                                      GError         **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  if (error_body != NULL)
    {
      JsonNode *node = g_object_get_data (G_OBJECT (result), "error-body");

      *error_body = node != NULL ? json_node_ref (node) : NULL;
    }

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* --- restoring the sign-in of the last run ----------------------------------- */

static void
restore_me_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  MsiActionsAuth *self = g_task_get_source_object (task);
  g_autoptr(JsonNode) me = NULL;
  g_autoptr(GError) error = NULL;

  me = msi_actions_auth_request_finish (self, result, &error);
  if (me == NULL || !take_user (self, me, &error))
    {
      if (self->state == MSI_AUTH_STATE_RESTORING)
        set_state (self, g_error_matches (error, MSI_TOKEN_STORE_ERROR, MSI_TOKEN_STORE_ERROR_NEEDS_SIGN_IN)
                         ? MSI_AUTH_STATE_NEEDS_SIGN_IN : MSI_AUTH_STATE_SIGNED_OUT);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  set_state (self, MSI_AUTH_STATE_SIGNED_IN);
  g_task_return_boolean (task, TRUE);
}

/**
 * msi_actions_auth_restore_async:
 *
 * Signs in again with the tokens of the last run, when there are any.
 * Completes with %FALSE and no error when nobody was signed in.
 */
void
msi_actions_auth_restore_async (MsiActionsAuth      *self,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *account = NULL;

  g_return_if_fail (MSI_IS_ACTIONS_AUTH (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, msi_actions_auth_restore_async);

  if (self->profile_settings != NULL)
    account = g_settings_get_string (self->profile_settings, "actions-account");
  if (account == NULL || *account == '\0')
    {
      set_state (self, MSI_AUTH_STATE_SIGNED_OUT);
      g_task_return_boolean (task, FALSE);
      return;
    }

  clear_user (self);
  self->account = g_steal_pointer (&account);
  set_state (self, MSI_AUTH_STATE_RESTORING);
  msi_actions_auth_request_async (self, "GET", "/api/v1/me", NULL, cancellable,
                                  restore_me_cb, g_steal_pointer (&task));
}

gboolean
msi_actions_auth_restore_finish (MsiActionsAuth  *self,
                                 GAsyncResult    *result,
                                 GError         **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* --- signing out --------------------------------------------------------------- */

static void
sign_out_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (msi_token_store_revoke_and_delete_finish (MSI_TOKEN_STORE (object), result, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

/**
 * msi_actions_auth_sign_out_async:
 *
 * Revokes the tokens at the service, deletes them from the keyring and
 * forgets the account. The app is signed out afterwards even when the
 * service could not be reached; the error then says so.
 */
void
msi_actions_auth_sign_out_async (MsiActionsAuth      *self,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *account = NULL;

  g_return_if_fail (MSI_IS_ACTIONS_AUTH (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, msi_actions_auth_sign_out_async);

  if (self->account == NULL)
    {
      set_state (self, MSI_AUTH_STATE_SIGNED_OUT);
      g_task_return_boolean (task, TRUE);
      return;
    }

  account = g_steal_pointer (&self->account);

  /* Signed out at once for the UI; the clean-up finishes behind it. */
  clear_user (self);
  if (self->profile_settings != NULL)
    g_settings_set_string (self->profile_settings, "actions-account", "");
  set_state (self, MSI_AUTH_STATE_SIGNED_OUT);

  msi_token_store_revoke_and_delete_async (self->store, msi_profile_get_id (self->profile), PROVIDER,
                                           account, self->oauth, NULL,
                                           sign_out_cb, g_steal_pointer (&task));
}

gboolean
msi_actions_auth_sign_out_finish (MsiActionsAuth  *self,
                                  GAsyncResult    *result,
                                  GError         **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
