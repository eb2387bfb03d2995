/* SPDX-License-Identifier: GPL-3.0-or-later */
/* msi-sync-client.c: the Actions API of the data sync: fields, selection, preview, jobs
 *
 * Every call goes through msi_actions_auth_request_full_async() as the
 * signed-in admin. Error replies are RFC 9457 problem details: the types
 * the sync page explains become MSI_SYNC_CLIENT_ERROR codes with a
 * translated message (the service's detail where only it knows the
 * reason); anything else stays the MSI_HTTP_ERROR the HTTP layer made.
 */

#define G_LOG_DOMAIN "msi-sync-client"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "msi-json.h"
#include "msi-problem-types.h"
#include "msi-sync-client.h"

/* Longer explanations from the service are cut, as the HTTP layer does. */
#define MAX_DETAIL_CHARS 400
#define MAX_LIST_LIMIT   100

struct _MsiSyncClient
{
  GObject         parent_instance;

  MsiActionsAuth *auth;
};

G_DEFINE_FINAL_TYPE (MsiSyncClient, msi_sync_client, G_TYPE_OBJECT)

G_DEFINE_QUARK (msi-sync-client-error-quark, msi_sync_client_error)

static void
msi_sync_client_finalize (GObject *object)
{
  MsiSyncClient *self = (MsiSyncClient *)object;

  g_clear_object (&self->auth);

  G_OBJECT_CLASS (msi_sync_client_parent_class)->finalize (object);
}

static void
msi_sync_client_class_init (MsiSyncClientClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = msi_sync_client_finalize;
}

static void
msi_sync_client_init (MsiSyncClient *self)
{
}

/**
 * msi_sync_client_new:
 * @auth: the signed-in admin's session with the Actions service
 */
MsiSyncClient *
msi_sync_client_new (MsiActionsAuth *auth)
{
  MsiSyncClient *self;

  g_return_val_if_fail (MSI_IS_ACTIONS_AUTH (auth), NULL);

  self = g_object_new (MSI_TYPE_SYNC_CLIENT, NULL);
  self->auth = g_object_ref (auth);

  return self;
}

MsiActionsAuth *
msi_sync_client_get_auth (MsiSyncClient *self)
{
  g_return_val_if_fail (MSI_IS_SYNC_CLIENT (self), NULL);

  return self->auth;
}

/* --- replies ------------------------------------------------------------------ */

/* The service's detail, cut, or @fallback. */
static char *
dup_detail (JsonObject *problem,
            const char *fallback)
{
  const char *detail = msi_json_get_string (problem, "detail");

  if (detail == NULL || *detail == '\0')
    return g_strdup (fallback);

  if (g_utf8_strlen (detail, -1) > MAX_DETAIL_CHARS)
    {
      g_autofree char *cut = g_utf8_substring (detail, 0, MAX_DETAIL_CHARS);

      return g_strconcat (cut, "…", NULL);
    }

  return g_strdup (detail);
}

static char *
dup_over_limit_message (JsonObject *problem,
                        const char *fallback)
{
  gint64 limit = -1;
  gint64 selected = -1;
  g_autofree char *at_most = NULL;
  g_autofree char *chosen = NULL;

  msi_json_get_int (problem, "limit", &limit);
  msi_json_get_int (problem, "selected", &selected);

  if (limit < 0 || selected < 0 || limit > G_MAXUINT || selected > G_MAXUINT)
    return dup_detail (problem, fallback);

  at_most = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                          "The Sales account syncs at most %u field,",
                                          "The Sales account syncs at most %u fields,", (gulong)limit),
                             (guint)limit);
  /* Translators: follows “The Sales account syncs at most 13 fields,”. */
  chosen = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                         "and %u was chosen. Unselect some to save the choice.",
                                         "and %u were chosen. Unselect some to save the choice.",
                                         (gulong)selected),
                            (guint)selected);

  return g_strconcat (at_most, " ", chosen, NULL);
}

/* @error (transfer full) becomes an MSI_SYNC_CLIENT_ERROR when @error_body
 * is a problem of a type the sync page explains. */
static GError *
map_problem (GError   *error,
             JsonNode *error_body)
{
  JsonObject *problem = msi_json_node_get_object (error_body);
  const char *type = msi_json_get_string (problem, "type");
  const char *field = msi_json_get_string (problem, "field");
  g_autofree char *message = NULL;
  MsiSyncClientError code;

  if (type == NULL || error->domain != MSI_HTTP_ERROR)
    return error;

  if (g_str_equal (type, MSI_PROBLEM_SYNC_MARKETO_NOT_CONNECTED))
    {
      code = MSI_SYNC_CLIENT_ERROR_MARKETO_NOT_CONNECTED;
      message = g_strdup (_("The Sales account is not connected to Marketo, so there is nothing to sync yet. "
                            "Connect it to Marketo first."));
    }
  else if (g_str_equal (type, MSI_PROBLEM_SYNC_UNKNOWN_FIELD))
    {
      code = MSI_SYNC_CLIENT_ERROR_UNKNOWN_FIELD;
      if (field != NULL)
        message = g_strdup_printf (_("Marketo has no field “%s” any more. Reload the fields and choose again."),
                                   field);
      else
        message = g_strdup (_("Marketo no longer has one of the chosen fields. Reload the fields and choose "
                              "again."));
    }
  else if (g_str_equal (type, MSI_PROBLEM_SYNC_FIELD_UNAVAILABLE))
    {
      g_autofree char *fallback = NULL;

      code = MSI_SYNC_CLIENT_ERROR_FIELD_UNAVAILABLE;
      fallback = field != NULL ? g_strdup_printf (_("The Sales account cannot sync “%s”."), field)
                               : g_strdup (_("The Sales account cannot sync one of the chosen fields."));
      message = dup_detail (problem, fallback);
    }
  else if (g_str_equal (type, MSI_PROBLEM_SYNC_OVER_LIMIT))
    {
      code = MSI_SYNC_CLIENT_ERROR_OVER_LIMIT;
      message = dup_over_limit_message (problem, error->message);
    }
  else if (g_str_equal (type, MSI_PROBLEM_SYNC_BLOCKED))
    {
      code = MSI_SYNC_CLIENT_ERROR_BLOCKED;
      message = g_strdup (_("The sync cannot start until the problems the preview lists are solved."));
    }
  else if (g_str_equal (type, MSI_PROBLEM_SYNC_JOB_RUNNING))
    {
      code = MSI_SYNC_CLIENT_ERROR_JOB_RUNNING;
      message = g_strdup (_("A sync is running already. Wait for it to end, or cancel it, before starting "
                            "another."));
    }
  else if (g_str_equal (type, MSI_PROBLEM_SYNC_JOB_FINISHED))
    {
      code = MSI_SYNC_CLIENT_ERROR_JOB_FINISHED;
      message = g_strdup (_("The sync ended before it could be cancelled."));
    }
  else
    {
      return error;
    }

  g_error_free (error);
  return g_error_new_literal (MSI_SYNC_CLIENT_ERROR, code, message);
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
request (MsiSyncClient       *self,
         const char          *method,
         const char          *path,
         JsonNode            *body,
         MsiHttpFlags         flags,
         GTask               *task,
         GAsyncReadyCallback  callback)
{
  msi_actions_auth_request_full_async (self->auth, method, path, NULL, body, flags,
                                       g_task_get_cancellable (task), callback, task);
}

static char *
job_path (const char *id,
          const char *suffix)
{
  g_autofree char *escaped = g_uri_escape_string (id, NULL, FALSE);

  return g_strconcat ("/api/v1/sync/jobs/", escaped, suffix, NULL);
}

/* --- fields ------------------------------------------------------------------- */

typedef struct
{
  GPtrArray *fields;
  guint      limit;
} FieldsResult;

static void
fields_result_free (FieldsResult *result)
{
  g_clear_pointer (&result->fields, g_ptr_array_unref);
  g_free (result);
}

static void
fields_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(JsonNode) reply = NULL;
  g_autoptr(GPtrArray) fields = NULL;
  GError *error = NULL;
  JsonObject *object_reply;
  JsonNode *list;
  FieldsResult *fields_result;
  gint64 limit;

  reply = request_finish (MSI_ACTIONS_AUTH (object), result, &error);
  if (reply == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  object_reply = msi_json_node_get_object (reply);
  list = object_reply != NULL ? json_object_get_member (object_reply, "fields") : NULL;
  if (list == NULL)
    {
      g_task_return_new_error (task, MSI_HTTP_ERROR, MSI_HTTP_ERROR_INVALID_RESPONSE,
                               _("The Sales account service did not send the Marketo fields."));
      return;
    }

  fields = msi_sync_field_list_from_json (list, &error);
  if (fields == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  limit = -1;
  msi_json_get_int (object_reply, "limit", &limit);
  fields_result = g_new0 (FieldsResult, 1);
  fields_result->fields = g_steal_pointer (&fields);
  fields_result->limit = limit >= 0 && limit <= G_MAXUINT ? (guint)limit : MSI_SYNC_DEFAULT_FIELD_LIMIT;
  g_task_return_pointer (task, fields_result, (GDestroyNotify)fields_result_free);
}

static GPtrArray *
fields_finish (MsiSyncClient  *self,
               GAsyncResult   *result,
               gpointer        source_tag,
               guint          *limit,
               GError        **error)
{
  FieldsResult *fields_result;
  GPtrArray *fields;

  g_return_val_if_fail (MSI_IS_SYNC_CLIENT (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == source_tag, NULL);

  fields_result = g_task_propagate_pointer (G_TASK (result), error);
  if (fields_result == NULL)
    return NULL;

  if (limit != NULL)
    *limit = fields_result->limit;
  fields = g_steal_pointer (&fields_result->fields);
  fields_result_free (fields_result);

  return fields;
}

/**
 * msi_sync_client_get_fields_async:
 *
 * GET /api/v1/sync/fields.
 */
void
msi_sync_client_get_fields_async (MsiSyncClient       *self,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (MSI_IS_SYNC_CLIENT (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, msi_sync_client_get_fields_async);

  request (self, "GET", "/api/v1/sync/fields", NULL, MSI_HTTP_FLAGS_NONE, task, fields_cb);
}

/**
 * msi_sync_client_get_fields_finish:
 * @limit: (out) (optional): limits.syncedFields
 *
 * Returns: (transfer container) (element-type MsiSyncField): the fields
 */
GPtrArray *
msi_sync_client_get_fields_finish (MsiSyncClient  *self,
                                   GAsyncResult   *result,
                                   guint          *limit,
                                   GError        **error)
{
  return fields_finish (self, result, msi_sync_client_get_fields_async, limit, error);
}

/**
 * msi_sync_client_save_selection_async:
 * @names: (array zero-terminated=1): REST names of the chosen fields
 *
 * PUT /api/v1/sync/fields.
 */
void
msi_sync_client_save_selection_async (MsiSyncClient       *self,
                                      const char * const  *names,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data)
{
  g_autoptr(JsonObject) body = json_object_new ();
  g_autoptr(JsonNode) node = NULL;
  JsonArray *array;
  GTask *task;

  g_return_if_fail (MSI_IS_SYNC_CLIENT (self));
  g_return_if_fail (names != NULL);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, msi_sync_client_save_selection_async);

  array = json_array_new ();
  for (guint i = 0; names[i] != NULL; i++)
    json_array_add_string_element (array, names[i]);
  json_object_set_array_member (body, "selected", array);
  node = json_node_init_object (json_node_alloc (), body);

  request (self, "PUT", "/api/v1/sync/fields", node, MSI_HTTP_FLAGS_NONE, task, fields_cb);
}

/**
 * msi_sync_client_save_selection_finish:
 * @limit: (out) (optional): limits.syncedFields
 *
 * Returns: (transfer container) (element-type MsiSyncField): the fields,
 *   as saved
 */
GPtrArray *
msi_sync_client_save_selection_finish (MsiSyncClient  *self,
                                       GAsyncResult   *result,
                                       guint          *limit,
                                       GError        **error)
{
  return fields_finish (self, result, msi_sync_client_save_selection_async, limit, error);
}

/* --- preview ------------------------------------------------------------------ */

static void
preview_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(JsonNode) reply = NULL;
  MsiSyncPreview *preview;
  GError *error = NULL;

  reply = request_finish (MSI_ACTIONS_AUTH (object), result, &error);
  if (reply == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  preview = msi_sync_preview_new_from_json (reply, &error);
  if (preview == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, preview, g_object_unref);
}

void
msi_sync_client_get_preview_async (MsiSyncClient       *self,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (MSI_IS_SYNC_CLIENT (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, msi_sync_client_get_preview_async);

  request (self, "GET", "/api/v1/sync/preview", NULL, MSI_HTTP_FLAGS_NONE, task, preview_cb);
}

/**
 * msi_sync_client_get_preview_finish:
 *
 * Returns: (transfer full): the preview
 */
MsiSyncPreview *
msi_sync_client_get_preview_finish (MsiSyncClient  *self,
                                    GAsyncResult   *result,
                                    GError        **error)
{
  g_return_val_if_fail (MSI_IS_SYNC_CLIENT (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == msi_sync_client_get_preview_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* --- jobs --------------------------------------------------------------------- */

static void
job_cb (GObject      *object,
        GAsyncResult *result,
        gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(JsonNode) reply = NULL;
  MsiSyncJob *job;
  GError *error = NULL;

  reply = request_finish (MSI_ACTIONS_AUTH (object), result, &error);
  if (reply == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  job = msi_sync_job_new_from_json (reply, g_get_monotonic_time (), &error);
  if (job == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, job, g_object_unref);
}

static MsiSyncJob *
job_finish (MsiSyncClient  *self,
            GAsyncResult   *result,
            gpointer        source_tag,
            gpointer        other_source_tag,
            GError        **error)
{
  g_return_val_if_fail (MSI_IS_SYNC_CLIENT (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == source_tag ||
                        g_task_get_source_tag (G_TASK (result)) == other_source_tag, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

void
msi_sync_client_start_job_async (MsiSyncClient       *self,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (MSI_IS_SYNC_CLIENT (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, msi_sync_client_start_job_async);

  request (self, "POST", "/api/v1/sync/jobs", NULL, MSI_HTTP_FLAGS_NONE, task, job_cb);
}

/**
 * msi_sync_client_start_job_finish:
 *
 * Returns: (transfer full): the new job
 */
MsiSyncJob *
msi_sync_client_start_job_finish (MsiSyncClient  *self,
                                  GAsyncResult   *result,
                                  GError        **error)
{
  return job_finish (self, result, msi_sync_client_start_job_async, NULL, error);
}

void
msi_sync_client_get_job_async (MsiSyncClient       *self,
                               const char          *id,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autofree char *path = NULL;
  GTask *task;

  g_return_if_fail (MSI_IS_SYNC_CLIENT (self));
  g_return_if_fail (id != NULL && *id != '\0');
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, msi_sync_client_get_job_async);

  path = job_path (id, NULL);
  request (self, "GET", path, NULL, MSI_HTTP_FLAGS_NONE, task, job_cb);
}

void
msi_sync_client_poll_job_async (MsiSyncClient       *self,
                                const char          *id,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autofree char *path = NULL;
  GTask *task;

  g_return_if_fail (MSI_IS_SYNC_CLIENT (self));
  g_return_if_fail (id != NULL && *id != '\0');
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, msi_sync_client_poll_job_async);

  path = job_path (id, NULL);
  request (self, "GET", path, NULL, MSI_HTTP_FLAGS_NO_RETRY, task, job_cb);
}

/**
 * msi_sync_client_get_job_finish:
 *
 * Returns: (transfer full): the job
 */
MsiSyncJob *
msi_sync_client_get_job_finish (MsiSyncClient  *self,
                                GAsyncResult   *result,
                                GError        **error)
{
  return job_finish (self, result, msi_sync_client_get_job_async, msi_sync_client_poll_job_async, error);
}

static void
list_jobs_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(JsonNode) reply = NULL;
  g_autoptr(GPtrArray) jobs = NULL;
  GError *error = NULL;
  JsonObject *object_reply;
  JsonNode *list;
  JsonArray *array;
  gint64 now;

  reply = request_finish (MSI_ACTIONS_AUTH (object), result, &error);
  if (reply == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  object_reply = msi_json_node_get_object (reply);
  list = object_reply != NULL ? json_object_get_member (object_reply, "jobs") : NULL;
  if (list == NULL || !JSON_NODE_HOLDS_ARRAY (list))
    {
      g_task_return_new_error (task, MSI_HTTP_ERROR, MSI_HTTP_ERROR_INVALID_RESPONSE,
                               _("The Sales account service did not send the past syncs."));
      return;
    }

  now = g_get_monotonic_time ();
  array = json_node_get_array (list);
  jobs = g_ptr_array_new_full (json_array_get_length (array), g_object_unref);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      MsiSyncJob *job = msi_sync_job_new_from_json (json_array_get_element (array, i), now, &error);

      if (job == NULL)
        {
          g_task_return_error (task, error);
          return;
        }

      g_ptr_array_add (jobs, job);
    }

  g_task_return_pointer (task, g_steal_pointer (&jobs), (GDestroyNotify)g_ptr_array_unref);
}

void
msi_sync_client_list_jobs_async (MsiSyncClient       *self,
                                 guint                limit,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_autofree char *path = NULL;
  GTask *task;

  g_return_if_fail (MSI_IS_SYNC_CLIENT (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, msi_sync_client_list_jobs_async);

  if (limit == 0)
    path = g_strdup ("/api/v1/sync/jobs");
  else
    path = g_strdup_printf ("/api/v1/sync/jobs?limit=%u", MIN (limit, MAX_LIST_LIMIT));

  request (self, "GET", path, NULL, MSI_HTTP_FLAGS_NONE, task, list_jobs_cb);
}

/**
 * msi_sync_client_list_jobs_finish:
 *
 * Returns: (transfer container) (element-type MsiSyncJob): the jobs,
 *   newest first
 */
GPtrArray *
msi_sync_client_list_jobs_finish (MsiSyncClient  *self,
                                  GAsyncResult   *result,
                                  GError        **error)
{
  g_return_val_if_fail (MSI_IS_SYNC_CLIENT (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == msi_sync_client_list_jobs_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

void
msi_sync_client_cancel_job_async (MsiSyncClient       *self,
                                  const char          *id,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_autofree char *path = NULL;
  GTask *task;

  g_return_if_fail (MSI_IS_SYNC_CLIENT (self));
  g_return_if_fail (id != NULL && *id != '\0');
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, msi_sync_client_cancel_job_async);

  path = job_path (id, "/cancel");
  request (self, "POST", path, NULL, MSI_HTTP_FLAGS_IDEMPOTENT, task, job_cb);
}

/**
 * msi_sync_client_cancel_job_finish:
 *
 * Returns: (transfer full): the job, cancelled
 */
MsiSyncJob *
msi_sync_client_cancel_job_finish (MsiSyncClient  *self,
                                   GAsyncResult   *result,
                                   GError        **error)
{
  return job_finish (self, result, msi_sync_client_cancel_job_async, NULL, error);
}
