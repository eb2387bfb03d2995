/* SPDX-License-Identifier: GPL-3.0-or-later */
/* msi-actions-client.c: client of the Sales account (Actions) service API */

#define G_LOG_DOMAIN "msi-actions-client"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "msi-actions-client.h"
#include "msi-setup-step.h"

struct _MsiActionsClient
{
  GObject        parent_instance;

  MsiProfile    *profile;
  MsiHttpClient *http;
};

G_DEFINE_FINAL_TYPE (MsiActionsClient, msi_actions_client, G_TYPE_OBJECT)

static void
msi_actions_client_finalize (GObject *object)
{
  MsiActionsClient *self = (MsiActionsClient *)object;

  g_clear_object (&self->profile);
  g_clear_object (&self->http);

  G_OBJECT_CLASS (msi_actions_client_parent_class)->finalize (object);
}

static void
msi_actions_client_class_init (MsiActionsClientClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = msi_actions_client_finalize;
}

static void
msi_actions_client_init (MsiActionsClient *self)
{
}

/**
 * msi_actions_client_new:
 * @profile: the profile whose Actions URL to use
 * @session: (nullable): the session, or %NULL for the shared one
 */
MsiActionsClient *
msi_actions_client_new (MsiProfile  *profile,
                        SoupSession *session)
{
  MsiActionsClient *self;

  g_return_val_if_fail (MSI_IS_PROFILE (profile), NULL);

  self = g_object_new (MSI_TYPE_ACTIONS_CLIENT, NULL);
  self->profile = g_object_ref (profile);
  self->http = msi_http_client_new (session, msi_profile_get_actions_url (profile));

  return self;
}

MsiProfile *
msi_actions_client_get_profile (MsiActionsClient *self)
{
  g_return_val_if_fail (MSI_IS_ACTIONS_CLIENT (self), NULL);

  return self->profile;
}

MsiHttpClient *
msi_actions_client_get_http (MsiActionsClient *self)
{
  g_return_val_if_fail (MSI_IS_ACTIONS_CLIENT (self), NULL);

  return self->http;
}

static void
get_account_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = NULL;

  node = msi_http_client_request_json_finish (MSI_HTTP_CLIENT (object), result, NULL, &error);
  if (node == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else if (!JSON_NODE_HOLDS_OBJECT (node))
    g_task_return_new_error (task, MSI_HTTP_ERROR, MSI_HTTP_ERROR_INVALID_RESPONSE,
                             _("The Sales account service sent an account that is not a JSON object."));
  else
    g_task_return_pointer (task, g_steal_pointer (&node), (GDestroyNotify)json_node_unref);
}

void
msi_actions_client_get_account_async (MsiActionsClient    *self,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (MSI_IS_ACTIONS_CLIENT (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, msi_actions_client_get_account_async);

  msi_http_client_request_json_async (self->http, "GET", "/api/v1/account", NULL,
                                      MSI_HTTP_FLAGS_NONE, cancellable,
                                      get_account_cb, g_steal_pointer (&task));
}

/**
 * msi_actions_client_get_account_finish:
 *
 * Returns: (transfer full): the account object of GET /api/v1/account.
 */
JsonNode *
msi_actions_client_get_account_finish (MsiActionsClient  *self,
                                       GAsyncResult      *result,
                                       GError           **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* --- checklist ------------------------------------------------------------ */

typedef struct
{
  JsonNode *account;
  JsonNode *connections;
  GError   *error;
  guint     pending;
} Checklist;

static void
checklist_free (Checklist *state)
{
  g_clear_pointer (&state->account, json_node_unref);
  g_clear_pointer (&state->connections, json_node_unref);
  g_clear_error (&state->error);
  g_free (state);
}

static void
checklist_part_done (GTask *task)
{
  Checklist *state = g_task_get_task_data (task);
  g_autoptr(GListStore) steps = NULL;
  g_autoptr(GError) error = NULL;

  if (--state->pending > 0)
    return;

  if (state->error != NULL)
    {
      g_task_return_error (task, g_steal_pointer (&state->error));
      return;
    }

  steps = msi_setup_step_new_checklist ();
  if (!msi_setup_steps_update_from_json (G_LIST_MODEL (steps), state->account,
                                         state->connections, &error))
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, g_steal_pointer (&steps), g_object_unref);
}

static void
checklist_reply (GObject       *object,
                 GAsyncResult  *result,
                 GTask         *task,
                 JsonNode     **slot)
{
  Checklist *state = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  *slot = msi_http_client_request_json_finish (MSI_HTTP_CLIENT (object), result, NULL, &error);

  /* Keep the first error; a cancellation wins, so callers can ignore it. */
  if (*slot == NULL &&
      (state->error == NULL || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED)))
    {
      g_clear_error (&state->error);
      state->error = g_steal_pointer (&error);
    }

  checklist_part_done (task);
}

static void
account_reply_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Checklist *state = g_task_get_task_data (task);

  checklist_reply (object, result, task, &state->account);
}

static void
connections_reply_cb (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Checklist *state = g_task_get_task_data (task);

  checklist_reply (object, result, task, &state->connections);
}

void
msi_actions_client_load_checklist_async (MsiActionsClient    *self,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  Checklist *state;

  g_return_if_fail (MSI_IS_ACTIONS_CLIENT (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, msi_actions_client_load_checklist_async);
  state = g_new0 (Checklist, 1);
  state->pending = 2;
  g_task_set_task_data (task, state, (GDestroyNotify)checklist_free);

  msi_http_client_request_json_async (self->http, "GET", "/api/v1/account", NULL,
                                      MSI_HTTP_FLAGS_NONE, cancellable,
                                      account_reply_cb, g_object_ref (task));
  msi_http_client_request_json_async (self->http, "GET", "/api/v1/connections", NULL,
                                      MSI_HTTP_FLAGS_NONE, cancellable,
                                      connections_reply_cb, g_object_ref (task));
}

/**
 * msi_actions_client_load_checklist_finish:
 *
 * Returns: (transfer full): a #GListModel of the seven #MsiSetupStep, with
 *   the status read from the account and connections, both asked for at once.
 */
GListModel *
msi_actions_client_load_checklist_finish (MsiActionsClient  *self,
                                          GAsyncResult      *result,
                                          GError           **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
