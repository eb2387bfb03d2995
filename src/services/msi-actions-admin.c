/* SPDX-License-Identifier: GPL-3.0-or-later */
/* msi-actions-admin.c: the Actions API calls of the admin pane (activation, Marketo connection, Salesforce setup records)
 *
 * Every call goes through msi_actions_auth_request_async() as the signed-in
 * admin. Error replies are RFC 9457 problem details: the problem types the
 * admin pane explains become MSI_ACTIONS_ADMIN_ERROR codes with the
 * service's detail as their message; anything else stays the MSI_HTTP_ERROR
 * the HTTP layer made of it. The Marketo client secret goes only into the
 * body of the request that needs it, and never into a log or an error.
 */

#define G_LOG_DOMAIN "msi-actions-admin"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "msi-actions-admin.h"
#include "msi-json.h"
#include "msi-problem-types.h"

/* Longer explanations from the service are cut, as the HTTP layer does. */
#define MAX_DETAIL_CHARS 400

struct _MsiActionsAdmin
{
  GObject         parent_instance;

  MsiActionsAuth *auth;
};

G_DEFINE_FINAL_TYPE (MsiActionsAdmin, msi_actions_admin, G_TYPE_OBJECT)

G_DEFINE_QUARK (msi-actions-admin-error-quark, msi_actions_admin_error)

static const struct
{
  const char           *type;
  MsiActionsAdminError  code;
} problem_codes[] = {
  { MSI_PROBLEM_MARKETO_NOT_ACTIVATED,       MSI_ACTIONS_ADMIN_ERROR_MARKETO_NOT_ACTIVATED },
  { MSI_PROBLEM_MARKETO_INVALID_CREDENTIALS, MSI_ACTIONS_ADMIN_ERROR_MARKETO_INVALID_CREDENTIALS },
  { MSI_PROBLEM_MARKETO_ACCESS_DENIED,       MSI_ACTIONS_ADMIN_ERROR_MARKETO_ACCESS_DENIED },
  { MSI_PROBLEM_MARKETO_UNREACHABLE,         MSI_ACTIONS_ADMIN_ERROR_MARKETO_UNREACHABLE },
  { MSI_PROBLEM_MARKETO_WRONG_INSTANCE,      MSI_ACTIONS_ADMIN_ERROR_MARKETO_WRONG_INSTANCE },
  { MSI_PROBLEM_ACTIVATION_INVALID_ADMINS,   MSI_ACTIONS_ADMIN_ERROR_INVALID_ADMINS },
};

static void
msi_actions_admin_finalize (GObject *object)
{
  MsiActionsAdmin *self = (MsiActionsAdmin *)object;

  g_clear_object (&self->auth);

  G_OBJECT_CLASS (msi_actions_admin_parent_class)->finalize (object);
}

static void
msi_actions_admin_class_init (MsiActionsAdminClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = msi_actions_admin_finalize;
}

static void
msi_actions_admin_init (MsiActionsAdmin *self)
{
}

/**
 * msi_actions_admin_new:
 * @auth: the signed-in admin's session with the Actions service
 */
MsiActionsAdmin *
msi_actions_admin_new (MsiActionsAuth *auth)
{
  MsiActionsAdmin *self;

  g_return_val_if_fail (MSI_IS_ACTIONS_AUTH (auth), NULL);

  self = g_object_new (MSI_TYPE_ACTIONS_ADMIN, NULL);
  self->auth = g_object_ref (auth);

  return self;
}

MsiActionsAuth *
msi_actions_admin_get_auth (MsiActionsAdmin *self)
{
  g_return_val_if_fail (MSI_IS_ACTIONS_ADMIN (self), NULL);

  return self->auth;
}

/* --- the structs of the header ------------------------------------------------ */

MsiActivationAdmin *
msi_activation_admin_new (const char *email,
                          const char *first_name,
                          const char *last_name)
{
  MsiActivationAdmin *admin;

  g_return_val_if_fail (email != NULL, NULL);
  g_return_val_if_fail (first_name != NULL, NULL);
  g_return_val_if_fail (last_name != NULL, NULL);

  admin = g_new0 (MsiActivationAdmin, 1);
  admin->email = g_strdup (email);
  admin->first_name = g_strdup (first_name);
  admin->last_name = g_strdup (last_name);

  return admin;
}

void
msi_activation_admin_free (MsiActivationAdmin *admin)
{
  if (admin == NULL)
    return;

  g_free (admin->email);
  g_free (admin->first_name);
  g_free (admin->last_name);
  g_free (admin);
}

void
msi_activation_result_free (MsiActivationResult *result)
{
  if (result == NULL)
    return;

  g_free (result->email);
  g_free (result->name);
  g_free (result);
}

/* --- replies ------------------------------------------------------------------ */

/* @error (transfer full) becomes an MSI_ACTIONS_ADMIN_ERROR when
 * @error_body is a problem of a type the admin pane explains. */
static GError *
map_problem (GError   *error,
             JsonNode *error_body)
{
  JsonObject *problem = msi_json_node_get_object (error_body);
  const char *type = msi_json_get_string (problem, "type");
  const char *detail = msi_json_get_string (problem, "detail");

  if (type == NULL || error->domain != MSI_HTTP_ERROR)
    return error;

  for (guint i = 0; i < G_N_ELEMENTS (problem_codes); i++)
    {
      g_autofree char *message = NULL;
      GError *mapped;

      if (!g_str_equal (type, problem_codes[i].type))
        continue;

      if (detail == NULL || *detail == '\0' || !g_utf8_validate (detail, -1, NULL))
        message = g_strdup (error->message);
      else if (g_utf8_strlen (detail, -1) > MAX_DETAIL_CHARS)
        {
          g_autofree char *cut = g_utf8_substring (detail, 0, MAX_DETAIL_CHARS);

          message = g_strconcat (cut, "…", NULL);
        }
      else
        message = g_strdup (detail);

      mapped = g_error_new_literal (MSI_ACTIONS_ADMIN_ERROR, problem_codes[i].code, message);
      g_error_free (error);
      return mapped;
    }

  return error;
}

/* The reply, or %NULL with the (mapped) error. */
static JsonNode *
request_finish (MsiActionsAuth  *auth,
                GAsyncResult    *result,
                GError         **error)
{
  g_autoptr(JsonNode) error_body = NULL;
  GError *local_error = NULL;
  JsonNode *node;

  node = msi_actions_auth_request_finish_full (auth, result, &error_body, &local_error);
  if (node == NULL)
    g_propagate_error (error, map_problem (local_error, error_body));

  return node;
}

static void
return_invalid_response (GTask      *task,
                         const char *message)
{
  g_task_return_new_error (task, MSI_HTTP_ERROR, MSI_HTTP_ERROR_INVALID_RESPONSE, "%s", message);
}

static JsonObject *
credentials_object (const MsiMarketoCredentials *credentials)
{
  JsonObject *object = json_object_new ();

  json_object_set_string_member (object, "munchkinId", credentials->munchkin_id);
  json_object_set_string_member (object, "clientId", credentials->client_id);
  json_object_set_string_member (object, "clientSecret", credentials->client_secret);

  return object;
}

static gboolean
credentials_complete (const MsiMarketoCredentials *credentials)
{
  return credentials->munchkin_id != NULL &&
         credentials->client_id != NULL &&
         credentials->client_secret != NULL;
}

/* --- POST /api/v1/activation -------------------------------------------------- */

static gboolean
parse_outcome (const char       *text,
               MsiInviteOutcome *outcome)
{
  if (g_strcmp0 (text, "invited") == 0)
    *outcome = MSI_INVITE_OUTCOME_INVITED;
  else if (g_strcmp0 (text, "already-invited") == 0)
    *outcome = MSI_INVITE_OUTCOME_ALREADY_INVITED;
  else if (g_strcmp0 (text, "already-user") == 0)
    *outcome = MSI_INVITE_OUTCOME_ALREADY_USER;
  else
    return FALSE;

  return TRUE;
}

static void
activate_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(JsonNode) reply = NULL;
  g_autoptr(GPtrArray) results = NULL;
  GError *error = NULL;
  guint n_admins = GPOINTER_TO_UINT (g_task_get_task_data (task));
  JsonArray *invited;

  reply = request_finish (MSI_ACTIONS_AUTH (object), result, &error);
  if (reply == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  invited = msi_json_get_array (msi_json_node_get_object (reply), "invited");
  if (invited == NULL || json_array_get_length (invited) != n_admins)
    {
      return_invalid_response (task, _("The Sales account service did not say which admins it invited."));
      return;
    }

  results = g_ptr_array_new_with_free_func ((GDestroyNotify)msi_activation_result_free);
  for (guint i = 0; i < n_admins; i++)
    {
      JsonObject *entry = msi_json_node_get_object (json_array_get_element (invited, i));
      const char *email = msi_json_get_string (entry, "email");
      const char *name = msi_json_get_string (entry, "name");
      g_autoptr(MsiActivationResult) item = g_new0 (MsiActivationResult, 1);

      if (email == NULL || !parse_outcome (msi_json_get_string (entry, "outcome"), &item->outcome))
        {
          return_invalid_response (task, _("The Sales account service did not say which admins it invited."));
          return;
        }

      item->email = g_strdup (email);
      item->name = g_strdup (name != NULL ? name : email);
      g_ptr_array_add (results, g_steal_pointer (&item));
    }

  g_task_return_pointer (task, g_steal_pointer (&results), (GDestroyNotify)g_ptr_array_unref);
}

/**
 * msi_actions_admin_activate_async:
 * @credentials: the Marketo instance's REST credentials (all three fields)
 * @admins: (element-type MsiActivationAdmin): the Marketo admins to invite
 *
 * POST /api/v1/activation. Fails with MSI_ACTIONS_ADMIN_ERROR_MARKETO_*
 * when Marketo refuses the credentials or they belong to another
 * instance, and MSI_ACTIONS_ADMIN_ERROR_INVALID_ADMINS when the list of
 * admins cannot be used (the message names the entry).
 */
void
msi_actions_admin_activate_async (MsiActionsAdmin             *self,
                                  const MsiMarketoCredentials *credentials,
                                  GPtrArray                   *admins,
                                  GCancellable                *cancellable,
                                  GAsyncReadyCallback          callback,
                                  gpointer                     user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(JsonObject) body = json_object_new ();
  g_autoptr(JsonArray) list = json_array_new ();
  g_autoptr(JsonNode) node = NULL;

  g_return_if_fail (MSI_IS_ACTIONS_ADMIN (self));
  g_return_if_fail (credentials != NULL && credentials_complete (credentials));
  g_return_if_fail (admins != NULL);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, msi_actions_admin_activate_async);
  g_task_set_task_data (task, GUINT_TO_POINTER (admins->len), NULL);

  for (guint i = 0; i < admins->len; i++)
    {
      const MsiActivationAdmin *admin = g_ptr_array_index (admins, i);
      g_autoptr(JsonObject) entry = json_object_new ();

      json_object_set_string_member (entry, "email", admin->email);
      json_object_set_string_member (entry, "firstName", admin->first_name);
      json_object_set_string_member (entry, "lastName", admin->last_name);
      json_array_add_object_element (list, g_steal_pointer (&entry));
    }

  json_object_set_object_member (body, "marketo", credentials_object (credentials));
  json_object_set_array_member (body, "admins", g_steal_pointer (&list));
  node = json_node_init_object (json_node_alloc (), body);

  msi_actions_auth_request_async (self->auth, "POST", "/api/v1/activation", node, cancellable,
                                  activate_cb, g_steal_pointer (&task));
}

/**
 * msi_actions_admin_activate_finish:
 *
 * Returns: (transfer container) (element-type MsiActivationResult): what
 *   was done for each admin, in the order given
 */
GPtrArray *
msi_actions_admin_activate_finish (MsiActionsAdmin  *self,
                                   GAsyncResult     *result,
                                   GError          **error)
{
  g_return_val_if_fail (MSI_IS_ACTIONS_ADMIN (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == msi_actions_admin_activate_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* --- POST /api/v1/connections/marketo ----------------------------------------- */

static void
connect_marketo_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(JsonNode) reply = NULL;
  GError *error = NULL;
  JsonObject *connection;

  reply = request_finish (MSI_ACTIONS_AUTH (object), result, &error);
  if (reply == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  connection = msi_json_node_get_object (reply);
  if (g_strcmp0 (msi_json_get_string (connection, "service"), "marketo") != 0 ||
      msi_json_get_string (connection, "status") == NULL)
    {
      return_invalid_response (task, _("The Sales account service did not report the Marketo connection’s status."));
      return;
    }

  g_task_return_pointer (task, json_object_ref (connection), (GDestroyNotify)json_object_unref);
}

/**
 * msi_actions_admin_connect_marketo_async:
 * @credentials: (nullable): the credentials pasted from Actions Config, or
 *   %NULL for the automatic connection
 *
 * POST /api/v1/connections/marketo. The automatic connection fails with
 * MSI_ACTIONS_ADMIN_ERROR_MARKETO_NOT_ACTIVATED before the activation and
 * MSI_ACTIONS_ADMIN_ERROR_MARKETO_UNREACHABLE when the service cannot
 * reach Marketo; pasted credentials as in the activation.
 */
void
msi_actions_admin_connect_marketo_async (MsiActionsAdmin             *self,
                                         const MsiMarketoCredentials *credentials,
                                         GCancellable                *cancellable,
                                         GAsyncReadyCallback          callback,
                                         gpointer                     user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(JsonObject) body = NULL;
  g_autoptr(JsonNode) node = NULL;

  g_return_if_fail (MSI_IS_ACTIONS_ADMIN (self));
  g_return_if_fail (credentials == NULL || credentials_complete (credentials));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, msi_actions_admin_connect_marketo_async);

  /* Automatic: an empty object. */
  body = credentials != NULL ? credentials_object (credentials) : json_object_new ();
  node = json_node_init_object (json_node_alloc (), body);

  msi_actions_auth_request_async (self->auth, "POST", "/api/v1/connections/marketo", node, cancellable,
                                  connect_marketo_cb, g_steal_pointer (&task));
}

/**
 * msi_actions_admin_connect_marketo_finish:
 *
 * Returns: (transfer full): the connection object: service, status,
 *   connectedAt, connectedBy, account {munchkinId, clientId, instanceUrl,
 *   apiUser}, error
 */
JsonObject *
msi_actions_admin_connect_marketo_finish (MsiActionsAdmin  *self,
                                          GAsyncResult     *result,
                                          GError          **error)
{
  g_return_val_if_fail (MSI_IS_ACTIONS_ADMIN (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == msi_actions_admin_connect_marketo_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* --- GET /api/v1/connections -------------------------------------------------- */

static void
get_connections_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(JsonNode) reply = NULL;
  GError *error = NULL;
  JsonArray *connections;

  reply = request_finish (MSI_ACTIONS_AUTH (object), result, &error);
  if (reply == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  connections = msi_json_get_array (msi_json_node_get_object (reply), "connections");
  if (connections == NULL)
    {
      return_invalid_response (task, _("The Sales account service did not list the connections."));
      return;
    }

  g_task_return_pointer (task, json_array_ref (connections), (GDestroyNotify)json_array_unref);
}

void
msi_actions_admin_get_connections_async (MsiActionsAdmin     *self,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (MSI_IS_ACTIONS_ADMIN (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, msi_actions_admin_get_connections_async);

  msi_actions_auth_request_async (self->auth, "GET", "/api/v1/connections", NULL, cancellable,
                                  get_connections_cb, g_steal_pointer (&task));
}

/**
 * msi_actions_admin_get_connections_finish:
 *
 * Returns: (transfer full): the array of connection objects
 */
JsonArray *
msi_actions_admin_get_connections_finish (MsiActionsAdmin  *self,
                                          GAsyncResult     *result,
                                          GError          **error)
{
  g_return_val_if_fail (MSI_IS_ACTIONS_ADMIN (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == msi_actions_admin_get_connections_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* --- PUT /api/v1/setup/salesforce-package ------------------------------------- */


static void
boolean_reply_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(JsonNode) reply = NULL;
  GError *error = NULL;

  reply = request_finish (MSI_ACTIONS_AUTH (object), result, &error);
  if (reply == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  g_task_return_boolean (task, TRUE);
}

/**
 * msi_actions_admin_report_package_async:
 * @state: what the app concluded from the org's installed packages
 * @installed: (nullable): the installed version, %NULL when not installed
 * @required: the version the Sales account needs
 */
void
msi_actions_admin_report_package_async (MsiActionsAdmin         *self,
                                        MsiPackageState          state,
                                        const MsiPackageVersion *installed,
                                        const MsiPackageVersion *required,
                                        GCancellable            *cancellable,
                                        GAsyncReadyCallback      callback,
                                        gpointer                 user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(JsonObject) body = json_object_new ();
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *required_text = NULL;

  g_return_if_fail (MSI_IS_ACTIONS_ADMIN (self));
  g_return_if_fail (required != NULL);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, msi_actions_admin_report_package_async);

  required_text = msi_package_version_to_string (required);
  json_object_set_string_member (body, "state", msi_package_state_to_string (state));
  if (installed != NULL)
    {
      g_autofree char *installed_text = msi_package_version_to_string (installed);

      json_object_set_string_member (body, "installedVersion", installed_text);
    }
  else
    {
      json_object_set_null_member (body, "installedVersion");
    }
  json_object_set_string_member (body, "requiredVersion", required_text);
  node = json_node_init_object (json_node_alloc (), body);

  msi_actions_auth_request_async (self->auth, "PUT", "/api/v1/setup/salesforce-package", node, cancellable,
                                  boolean_reply_cb, g_steal_pointer (&task));
}

gboolean
msi_actions_admin_report_package_finish (MsiActionsAdmin  *self,
                                         GAsyncResult     *result,
                                         GError          **error)
{
  g_return_val_if_fail (MSI_IS_ACTIONS_ADMIN (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == msi_actions_admin_report_package_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* --- GET / PUT /api/v1/setup/salesforce-configuration -------------------------- */

static void
get_configuration_cb (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(JsonNode) reply = NULL;
  g_autoptr(GStrvBuilder) builder = NULL;
  GError *error = NULL;
  JsonArray *items;

  reply = request_finish (MSI_ACTIONS_AUTH (object), result, &error);
  if (reply == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  items = msi_json_get_array (msi_json_node_get_object (reply), "completedItems");
  if (items == NULL)
    {
      return_invalid_response (task, _("The Sales account service did not send the Salesforce configuration’s progress."));
      return;
    }

  builder = g_strv_builder_new ();
  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonNode *element = json_array_get_element (items, i);

      if (!JSON_NODE_HOLDS_VALUE (element) || json_node_get_value_type (element) != G_TYPE_STRING)
        {
          return_invalid_response (task, _("The Sales account service did not send the Salesforce configuration’s progress."));
          return;
        }

      g_strv_builder_add (builder, json_node_get_string (element));
    }

  g_task_return_pointer (task, g_strv_builder_end (builder), (GDestroyNotify)g_strfreev);
}

void
msi_actions_admin_get_configuration_async (MsiActionsAdmin     *self,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (MSI_IS_ACTIONS_ADMIN (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, msi_actions_admin_get_configuration_async);

  msi_actions_auth_request_async (self->auth, "GET", "/api/v1/setup/salesforce-configuration", NULL,
                                  cancellable, get_configuration_cb, g_steal_pointer (&task));
}

/**
 * msi_actions_admin_get_configuration_finish:
 *
 * Returns: (transfer full): the ids of the items done (possibly none)
 */
GStrv
msi_actions_admin_get_configuration_finish (MsiActionsAdmin  *self,
                                            GAsyncResult     *result,
                                            GError          **error)
{
  g_return_val_if_fail (MSI_IS_ACTIONS_ADMIN (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == msi_actions_admin_get_configuration_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * msi_actions_admin_set_configuration_async:
 * @completed_items: (nullable) (array zero-terminated=1): the ids of the
 *   items done, each `^[a-z0-9-]{1,64}$`
 * @total_items: how many items the guided configuration has (1 to 50)
 */
void
msi_actions_admin_set_configuration_async (MsiActionsAdmin     *self,
                                           const char * const  *completed_items,
                                           guint                total_items,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(JsonObject) body = json_object_new ();
  g_autoptr(JsonArray) items = json_array_new ();
  g_autoptr(JsonNode) node = NULL;

  g_return_if_fail (MSI_IS_ACTIONS_ADMIN (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, msi_actions_admin_set_configuration_async);

  for (guint i = 0; completed_items != NULL && completed_items[i] != NULL; i++)
    json_array_add_string_element (items, completed_items[i]);

  json_object_set_array_member (body, "completedItems", g_steal_pointer (&items));
  json_object_set_int_member (body, "totalItems", total_items);
  node = json_node_init_object (json_node_alloc (), body);

  msi_actions_auth_request_async (self->auth, "PUT", "/api/v1/setup/salesforce-configuration", node,
                                  cancellable, boolean_reply_cb, g_steal_pointer (&task));
}

gboolean
msi_actions_admin_set_configuration_finish (MsiActionsAdmin  *self,
                                            GAsyncResult     *result,
                                            GError          **error)
{
  g_return_val_if_fail (MSI_IS_ACTIONS_ADMIN (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == msi_actions_admin_set_configuration_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
