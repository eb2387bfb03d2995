/* SPDX-License-Identifier: GPL-3.0-or-later */
/* msi-service-connection.c: connecting the Sales account to another service
 *
 * Here the Actions service is the OAuth client, not the app: the app asks
 * it for an authorization URL, shows that URL (consent view or browser),
 * lets the navigation reach the service's callback, and then reads the
 * connection's status. The app never sees the service's tokens.
 */

#define G_LOG_DOMAIN "msi-service-connection"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "msi-json.h"
#include "msi-oauth2-flow.h"
#include "msi-service-connection.h"

struct _MsiServiceConnection
{
  GObject         parent_instance;

  MsiActionsAuth *auth;
  /* "/api/v1/connections" (the Sales account's) or "/api/v1/me/connections" (the user's) */
  const char     *base_path;
  char           *service;
  char           *authorization_url;
  char           *callback_url;
};

G_DEFINE_FINAL_TYPE (MsiServiceConnection, msi_service_connection, G_TYPE_OBJECT)

static void
msi_service_connection_finalize (GObject *object)
{
  MsiServiceConnection *self = (MsiServiceConnection *)object;

  g_clear_object (&self->auth);
  g_clear_pointer (&self->service, g_free);
  g_clear_pointer (&self->authorization_url, g_free);
  g_clear_pointer (&self->callback_url, g_free);

  G_OBJECT_CLASS (msi_service_connection_parent_class)->finalize (object);
}

static void
msi_service_connection_class_init (MsiServiceConnectionClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = msi_service_connection_finalize;
}

static void
msi_service_connection_init (MsiServiceConnection *self)
{
}

static MsiServiceConnection *
connection_new (MsiActionsAuth *auth,
                const char     *base_path,
                const char     *service)
{
  MsiServiceConnection *self;

  self = g_object_new (MSI_TYPE_SERVICE_CONNECTION, NULL);
  self->auth = g_object_ref (auth);
  self->base_path = base_path;
  self->service = g_strdup (service);

  return self;
}

/**
 * msi_service_connection_new:
 * @auth: the signed-in admin
 * @service: "salesforce"
 *
 * A connection of the Sales account (/api/v1/connections/…).
 */
MsiServiceConnection *
msi_service_connection_new (MsiActionsAuth *auth,
                            const char     *service)
{
  g_return_val_if_fail (MSI_IS_ACTIONS_AUTH (auth), NULL);
  g_return_val_if_fail (service != NULL, NULL);

  return connection_new (auth, "/api/v1/connections", service);
}

/**
 * msi_service_connection_new_for_user:
 * @auth: the signed-in user (a sales rep in their onboarding)
 * @service: "salesforce" (activation), "microsoft" (Outlook) or "google" (Gmail)
 *
 * The signed-in user's own connection (/api/v1/me/connections/…), in
 * the same flow as the Sales account's. Its status also carries
 * "problem" (msi-onboarding-client.h).
 */
MsiServiceConnection *
msi_service_connection_new_for_user (MsiActionsAuth *auth,
                                     const char     *service)
{
  g_return_val_if_fail (MSI_IS_ACTIONS_AUTH (auth), NULL);
  g_return_val_if_fail (service != NULL, NULL);

  return connection_new (auth, "/api/v1/me/connections", service);
}

const char *
msi_service_connection_get_service (MsiServiceConnection *self)
{
  g_return_val_if_fail (MSI_IS_SERVICE_CONNECTION (self), NULL);
  return self->service;
}

const char *
msi_service_connection_get_authorization_url (MsiServiceConnection *self)
{
  g_return_val_if_fail (MSI_IS_SERVICE_CONNECTION (self), NULL);
  return self->authorization_url;
}

const char *
msi_service_connection_get_callback_url (MsiServiceConnection *self)
{
  g_return_val_if_fail (MSI_IS_SERVICE_CONNECTION (self), NULL);
  return self->callback_url;
}

/**
 * msi_service_connection_is_callback:
 *
 * Returns: %TRUE when @uri is the service's callback (exact scheme, host,
 *   port and path): the flow is over once that page has loaded.
 */
gboolean
msi_service_connection_is_callback (MsiServiceConnection *self,
                                    const char           *uri)
{
  g_return_val_if_fail (MSI_IS_SERVICE_CONNECTION (self), FALSE);

  return self->callback_url != NULL && msi_oauth2_uri_matches (self->callback_url, uri);
}

/* The callback must be the Actions service's own: its origin is the one
 * of the profile's Sales account URL. */
static gboolean
same_origin (const char *a,
             const char *b)
{
  g_autoptr(GUri) ua = g_uri_parse (a, G_URI_FLAGS_NONE, NULL);
  g_autoptr(GUri) ub = g_uri_parse (b, G_URI_FLAGS_NONE, NULL);

  return ua != NULL && ub != NULL &&
         g_ascii_strcasecmp (g_uri_get_scheme (ua), g_uri_get_scheme (ub)) == 0 &&
         g_strcmp0 (g_uri_get_host (ua), g_uri_get_host (ub)) == 0 &&
         g_uri_get_port (ua) == g_uri_get_port (ub);
}

static void
begin_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  MsiServiceConnection *self = g_task_get_source_object (task);
  g_autoptr(JsonNode) reply = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *object_reply;
  const char *authorization_url;
  const char *callback_url;
  MsiProfile *profile = msi_actions_auth_get_profile (self->auth);

  reply = msi_actions_auth_request_finish (MSI_ACTIONS_AUTH (object), result, &error);
  if (reply == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  object_reply = JSON_NODE_HOLDS_OBJECT (reply) ? json_node_get_object (reply) : NULL;
  authorization_url = msi_json_get_string (object_reply, "authorizationUrl");
  callback_url = msi_json_get_string (object_reply, "callbackUrl");

  if (authorization_url == NULL || callback_url == NULL ||
      (!g_str_has_prefix (authorization_url, "https://") && !g_str_has_prefix (authorization_url, "http://")))
    {
      g_task_return_new_error (task, MSI_HTTP_ERROR, MSI_HTTP_ERROR_INVALID_RESPONSE,
                               _("The Sales account service did not send a usable sign-in address."));
      return;
    }

  if (!same_origin (callback_url, msi_profile_get_actions_url (profile)))
    {
      g_task_return_new_error (task, MSI_HTTP_ERROR, MSI_HTTP_ERROR_INVALID_RESPONSE,
                               _("The Sales account service asked to finish the connection at another site. It was stopped."));
      return;
    }

  g_free (self->authorization_url);
  self->authorization_url = g_strdup (authorization_url);
  g_free (self->callback_url);
  self->callback_url = g_strdup (callback_url);

  g_task_return_boolean (task, TRUE);
}

/**
 * msi_service_connection_begin_async:
 *
 * Asks the Actions service for the authorization URL of the connection;
 * then show msi_service_connection_get_authorization_url() and finish at
 * msi_service_connection_is_callback().
 */
void
msi_service_connection_begin_async (MsiServiceConnection *self,
                                    GCancellable         *cancellable,
                                    GAsyncReadyCallback   callback,
                                    gpointer              user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(JsonNode) body = NULL;
  g_autofree char *path = NULL;
  g_autofree char *escaped = NULL;

  g_return_if_fail (MSI_IS_SERVICE_CONNECTION (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, msi_service_connection_begin_async);

  escaped = g_uri_escape_string (self->service, NULL, FALSE);
  path = g_strdup_printf ("%s/%s/authorization-url", self->base_path, escaped);
  body = json_from_string ("{}", NULL);
  msi_actions_auth_request_async (self->auth, "POST", path, body, cancellable,
                                  begin_cb, g_steal_pointer (&task));
}

gboolean
msi_service_connection_begin_finish (MsiServiceConnection  *self,
                                     GAsyncResult          *result,
                                     GError               **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
status_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  MsiServiceConnection *self = g_task_get_source_object (task);
  g_autoptr(JsonNode) reply = NULL;
  g_autoptr(GError) error = NULL;
  JsonNode *list;

  reply = msi_actions_auth_request_finish (MSI_ACTIONS_AUTH (object), result, &error);
  if (reply == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  list = JSON_NODE_HOLDS_OBJECT (reply) ? json_object_get_member (json_node_get_object (reply), "connections") : NULL;
  if (list != NULL && JSON_NODE_HOLDS_ARRAY (list))
    {
      JsonArray *array = json_node_get_array (list);

      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          JsonNode *element = json_array_get_element (array, i);

          if (JSON_NODE_HOLDS_OBJECT (element) &&
              g_strcmp0 (msi_json_get_string (json_node_get_object (element), "service"), self->service) == 0 &&
              msi_json_get_string (json_node_get_object (element), "status") != NULL)
            {
              g_task_return_pointer (task, json_object_ref (json_node_get_object (element)),
                                     (GDestroyNotify)json_object_unref);
              return;
            }
        }
    }

  g_task_return_new_error (task, MSI_HTTP_ERROR, MSI_HTTP_ERROR_INVALID_RESPONSE,
                           _("The Sales account service did not report the connection’s status."));
}

/**
 * msi_service_connection_read_status_async:
 *
 * Reads the connection from GET /api/v1/connections (or
 * /api/v1/me/connections for the user's own).
 */
void
msi_service_connection_read_status_async (MsiServiceConnection *self,
                                          GCancellable         *cancellable,
                                          GAsyncReadyCallback   callback,
                                          gpointer              user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (MSI_IS_SERVICE_CONNECTION (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, msi_service_connection_read_status_async);
  msi_actions_auth_request_async (self->auth, "GET", self->base_path, NULL, cancellable,
                                  status_cb, g_steal_pointer (&task));
}

/**
 * msi_service_connection_read_status_finish:
 *
 * Returns: (transfer full): the connection object: service, status
 *   (disconnected, connected, error), account, error; a user's also
 *   problem.
 */
JsonObject *
msi_service_connection_read_status_finish (MsiServiceConnection  *self,
                                           GAsyncResult          *result,
                                           GError               **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
disconnect_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(JsonNode) reply = NULL;
  g_autoptr(GError) error = NULL;

  reply = msi_actions_auth_request_finish (MSI_ACTIONS_AUTH (object), result, &error);
  if (reply == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

void
msi_service_connection_disconnect_async (MsiServiceConnection *self,
                                         GCancellable         *cancellable,
                                         GAsyncReadyCallback   callback,
                                         gpointer              user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *path = NULL;
  g_autofree char *escaped = NULL;

  g_return_if_fail (MSI_IS_SERVICE_CONNECTION (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, msi_service_connection_disconnect_async);
  escaped = g_uri_escape_string (self->service, NULL, FALSE);
  path = g_strdup_printf ("%s/%s", self->base_path, escaped);
  msi_actions_auth_request_async (self->auth, "DELETE", path, NULL, cancellable,
                                  disconnect_cb, g_steal_pointer (&task));
}

gboolean
msi_service_connection_disconnect_finish (MsiServiceConnection  *self,
                                          GAsyncResult          *result,
                                          GError               **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
