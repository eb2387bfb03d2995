/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-sync-client.c: the data sync client and job watcher against the demo server's sync endpoints */

#define G_LOG_DOMAIN "test-sync-client"

#include "config.h"

#include "common/msi-test-scim.h"

#include "msi-actions-admin.h"
#include "msi-setup-step.h"
#include "msi-sync-client.h"
#include "msi-sync-job-watcher.h"
#include "../../src/demo/msi-demo-seed.h"

/* The demo server's seed (msi-demo-store.c, msi-demo-sync.c). */
#define SEED_PEOPLE          52318
#define SEED_SELECTED        9
#define SEED_DELETED_FIELD   "tradeShowBadgeId"
#define LIMIT                13
/* People per second: the seeded people in about a second. */
#define FAST_RATE            50000
/* Slow enough to look at the job while it runs, even on a busy machine:
 * about 2.6 s. */
#define RUNNING_RATE         20000

typedef struct
{
  ScimSession    session;
  MsiSyncClient *client;
} Fixture;

static const MsiMarketoCredentials demo_credentials = {
  .munchkin_id = (char *)MSI_DEMO_MARKETO_MUNCHKIN_ID,
  .client_id = (char *)MSI_DEMO_MARKETO_CLIENT_ID,
  .client_secret = (char *)MSI_DEMO_MARKETO_CLIENT_SECRET,
};

static void
connect_marketo (Fixture *f)
{
  g_autoptr(MsiActionsAdmin) admin = msi_actions_admin_new (f->session.auth);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(JsonObject) connection = NULL;
  g_autoptr(GError) error = NULL;
  GAsyncResult *slot = NULL;

  msi_actions_admin_connect_marketo_async (admin, &demo_credentials, NULL, scim_result_cb, &slot);
  result = scim_wait (&slot);
  connection = msi_actions_admin_connect_marketo_finish (admin, result, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (connection, "status"), ==, "connected");
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  scim_session_start (&f->session);
  f->client = msi_sync_client_new (f->session.auth);

  if (data == NULL)
    connect_marketo (f);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_clear_object (&f->client);
  scim_session_stop (&f->session);
}

/*
 * Calls, waited for
 */

static GPtrArray *
get_fields (Fixture  *f,
            guint    *limit,
            GError  **error)
{
  g_autoptr(GAsyncResult) result = NULL;
  GAsyncResult *slot = NULL;

  msi_sync_client_get_fields_async (f->client, NULL, scim_result_cb, &slot);
  result = scim_wait (&slot);

  return msi_sync_client_get_fields_finish (f->client, result, limit, error);
}

static GPtrArray *
save_selection (Fixture            *f,
                const char * const *names,
                GError            **error)
{
  g_autoptr(GAsyncResult) result = NULL;
  GAsyncResult *slot = NULL;

  msi_sync_client_save_selection_async (f->client, names, NULL, scim_result_cb, &slot);
  result = scim_wait (&slot);

  return msi_sync_client_save_selection_finish (f->client, result, NULL, error);
}

static void
save_selection_ok (Fixture            *f,
                   const char * const *names)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) fields = save_selection (f, names, &error);

  g_assert_no_error (error);
  g_assert_nonnull (fields);
}

static MsiSyncPreview *
get_preview (Fixture  *f,
             GError  **error)
{
  g_autoptr(GAsyncResult) result = NULL;
  GAsyncResult *slot = NULL;

  msi_sync_client_get_preview_async (f->client, NULL, scim_result_cb, &slot);
  result = scim_wait (&slot);

  return msi_sync_client_get_preview_finish (f->client, result, error);
}

static MsiSyncJob *
start_job (Fixture  *f,
           GError  **error)
{
  g_autoptr(GAsyncResult) result = NULL;
  GAsyncResult *slot = NULL;

  msi_sync_client_start_job_async (f->client, NULL, scim_result_cb, &slot);
  result = scim_wait (&slot);

  return msi_sync_client_start_job_finish (f->client, result, error);
}

static MsiSyncJob *
get_job (Fixture    *f,
         const char *id,
         GError    **error)
{
  g_autoptr(GAsyncResult) result = NULL;
  GAsyncResult *slot = NULL;

  msi_sync_client_get_job_async (f->client, id, NULL, scim_result_cb, &slot);
  result = scim_wait (&slot);

  return msi_sync_client_get_job_finish (f->client, result, error);
}

static GPtrArray *
list_jobs (Fixture  *f,
           guint     limit)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  GAsyncResult *slot = NULL;
  GPtrArray *jobs;

  msi_sync_client_list_jobs_async (f->client, limit, NULL, scim_result_cb, &slot);
  result = scim_wait (&slot);
  jobs = msi_sync_client_list_jobs_finish (f->client, result, &error);
  g_assert_no_error (error);

  return jobs;
}

static MsiSyncJob *
cancel_job (Fixture    *f,
            const char *id,
            GError    **error)
{
  g_autoptr(GAsyncResult) result = NULL;
  GAsyncResult *slot = NULL;

  msi_sync_client_cancel_job_async (f->client, id, NULL, scim_result_cb, &slot);
  result = scim_wait (&slot);

  return msi_sync_client_cancel_job_finish (f->client, result, error);
}

/* PUT /__demo/sync/faults */
static void
set_sync_faults (Fixture    *f,
                 const char *json_body)
{
  g_autoptr(JsonObject) faults = scim_hook (&f->session, "PUT", "/__demo/sync/faults", json_body);
}

static gint64
sync_stat (Fixture    *f,
           const char *table,
           const char *key)
{
  g_autoptr(JsonObject) stats = scim_hook (&f->session, "GET", "/__demo/sync/stats", NULL);

  return scim_stats_count (stats, table, key);
}

static MsiSyncField *
find_field (GPtrArray  *fields,
            const char *name)
{
  for (guint i = 0; i < fields->len; i++)
    if (g_str_equal (msi_sync_field_get_name (g_ptr_array_index (fields, i)), name))
      return g_ptr_array_index (fields, i);

  return NULL;
}

static JsonObject *
account_sync (Fixture *f)
{
  g_autoptr(JsonObject) account = scim_dup_account (&f->session);

  return json_object_ref (json_object_get_object_member (account, "sync"));
}

/* The checklist's "data-sync" step as the app computes it. */
static MsiSetupStatus
data_sync_step (Fixture *f)
{
  g_autoptr(GListStore) steps = msi_setup_step_new_checklist ();
  g_autoptr(JsonObject) account = scim_dup_account (&f->session);
  g_autoptr(JsonNode) account_node = json_node_init_object (json_node_alloc (), account);
  g_autoptr(JsonNode) connections = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  GAsyncResult *slot = NULL;

  msi_actions_auth_request_async (f->session.auth, "GET", "/api/v1/connections", NULL, NULL,
                                  scim_result_cb, &slot);
  result = scim_wait (&slot);
  connections = msi_actions_auth_request_finish (f->session.auth, result, &error);
  g_assert_no_error (error);

  msi_setup_steps_update_from_json (G_LIST_MODEL (steps), account_node, connections, &error);
  g_assert_no_error (error);

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (steps)); i++)
    {
      g_autoptr(MsiSetupStep) step = g_list_model_get_item (G_LIST_MODEL (steps), i);

      if (g_str_equal (msi_setup_step_get_id (step), "data-sync"))
        return msi_setup_step_get_status (step);
    }

  g_assert_not_reached ();
}

/*
 * Watching
 */

typedef struct
{
  GArray   *processed;   /* gint64, at every good poll */
  GArray   *failures;    /* guint, at every poll */
  GArray   *delays;      /* guint, at every poll */
  gboolean  finished;
  gboolean  saw_rate;
  gboolean  saw_seconds_left;
  double    running_rate;   /* the rate the last running poll gave */
} Watch;

static void
watch_clear (Watch *watch)
{
  g_clear_pointer (&watch->processed, g_array_unref);
  g_clear_pointer (&watch->failures, g_array_unref);
  g_clear_pointer (&watch->delays, g_array_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Watch, watch_clear)

static void
watch_changed_cb (MsiSyncJobWatcher *watcher,
                  Watch             *watch)
{
  MsiSyncJob *job = msi_sync_job_watcher_get_job (watcher);
  guint failures = msi_sync_job_watcher_get_failures (watcher);
  guint delay = msi_sync_job_watcher_get_next_delay (watcher);

  g_array_append_val (watch->failures, failures);
  g_array_append_val (watch->delays, delay);

  if (failures == 0 && msi_sync_job_watcher_get_error (watcher) == NULL)
    {
      gint64 processed = msi_sync_job_get_processed (job);

      g_array_append_val (watch->processed, processed);
      if (msi_sync_job_get_state (job) == MSI_SYNC_JOB_RUNNING && msi_sync_job_get_rate (job) > 0)
        {
          watch->saw_rate = TRUE;
          watch->running_rate = msi_sync_job_get_rate (job);
          if (msi_sync_job_get_seconds_left (job) >= 0)
            watch->saw_seconds_left = TRUE;
        }
    }
}

static void
watch_finished_cb (MsiSyncJobWatcher *watcher,
                   Watch             *watch)
{
  g_assert_false (msi_sync_job_watcher_get_active (watcher));
  watch->finished = TRUE;
}

static gboolean
watch_done (gpointer data)
{
  return ((Watch *)data)->finished;
}

static MsiSyncJobWatcher *
watch_new (Fixture    *f,
           MsiSyncJob *job,
           Watch      *watch,
           guint       interval_ms,
           guint       max_interval_ms)
{
  MsiSyncJobWatcher *watcher = msi_sync_job_watcher_new (f->client, job);

  watch->processed = g_array_new (FALSE, FALSE, sizeof (gint64));
  watch->failures = g_array_new (FALSE, FALSE, sizeof (guint));
  watch->delays = g_array_new (FALSE, FALSE, sizeof (guint));
  msi_sync_job_watcher_set_intervals (watcher, interval_ms, max_interval_ms);
  g_signal_connect (watcher, "changed", G_CALLBACK (watch_changed_cb), watch);
  g_signal_connect (watcher, "finished", G_CALLBACK (watch_finished_cb), watch);

  return watcher;
}

/* Watches @job until it ends. */
static void
watch_to_end (Fixture    *f,
              MsiSyncJob *job,
              Watch      *watch)
{
  g_autoptr(MsiSyncJobWatcher) watcher = watch_new (f, job, watch, 100, 1000);

  msi_sync_job_watcher_start (watcher, NULL);
  g_assert_true (msi_sync_job_watcher_get_active (watcher));
  scim_wait_until (watch_done, watch);
  g_assert_true (msi_sync_job_is_final (job));
}

static void
assert_counts_add_up (MsiSyncJob *job)
{
  g_assert_cmpint (msi_sync_job_get_synced (job) + msi_sync_job_get_skipped (job) + msi_sync_job_get_failed (job),
                   ==, msi_sync_job_get_processed (job));
}

/* The few fields of a sync that can start: conversions and truncation,
 * nothing blocking. */
static const char * const runnable_selection[] = {
  "company", "comments", "lastInteractionAt", "estimatedBudget", "leadScore", NULL,
};

/*
 * Tests
 */

static void
test_marketo_not_connected (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) fields = NULL;
  g_autoptr(MsiSyncPreview) preview = NULL;
  g_autoptr(MsiSyncJob) job = NULL;
  g_autoptr(GPtrArray) jobs = NULL;

  fields = get_fields (f, NULL, &error);
  g_assert_error (error, MSI_SYNC_CLIENT_ERROR, MSI_SYNC_CLIENT_ERROR_MARKETO_NOT_CONNECTED);
  g_assert_nonnull (strstr (error->message, "Connect it to Marketo"));
  g_assert_null (fields);
  g_clear_error (&error);

  preview = get_preview (f, &error);
  g_assert_error (error, MSI_SYNC_CLIENT_ERROR, MSI_SYNC_CLIENT_ERROR_MARKETO_NOT_CONNECTED);
  g_clear_error (&error);

  job = start_job (f, &error);
  g_assert_error (error, MSI_SYNC_CLIENT_ERROR, MSI_SYNC_CLIENT_ERROR_MARKETO_NOT_CONNECTED);
  g_assert_null (job);

  /* The history needs no Marketo: empty, and the step not started. */
  jobs = list_jobs (f, 0);
  g_assert_cmpuint (jobs->len, ==, 0);
  g_assert_cmpint (data_sync_step (f), ==, MSI_SETUP_STATUS_NOT_DONE);
}

static void
test_fields (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) fields = NULL;
  gboolean seen[MSI_SYNC_N_DATA_TYPES] = { FALSE, };
  guint n_custom = 0, n_read_only = 0, n_crm = 0, n_selected = 0;
  guint limit = 0;
  MsiSyncField *field;

  fields = get_fields (f, &limit, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (fields->len, >=, 80);
  g_assert_cmpuint (limit, ==, LIMIT);

  for (guint i = 0; i < fields->len; i++)
    {
      field = g_ptr_array_index (fields, i);
      seen[msi_sync_field_get_data_type (field)] = TRUE;
      n_custom += msi_sync_field_get_custom (field);
      n_read_only += !msi_sync_field_get_updateable (field);
      n_crm += msi_sync_field_get_crm_managed (field);
      n_selected += msi_sync_field_get_selected (field) && !msi_sync_field_get_always_synced (field);
    }

  for (guint t = 0; t < MSI_SYNC_N_DATA_TYPES; t++)
    if (!seen[t])
      g_error ("No field of type %s", msi_sync_data_type_get_id (t));
  g_assert_cmpuint (n_custom, >=, 3);
  g_assert_cmpuint (n_read_only, >=, 5);
  g_assert_cmpuint (n_crm, >=, 3);
  g_assert_cmpuint (n_selected, ==, SEED_SELECTED);
  g_assert_cmpuint (msi_sync_selection_count (fields), ==, SEED_SELECTED);

  /* Always synced, checked, not counted. */
  for (const char * const *name = msi_sync_always_synced_names (); *name != NULL; name++)
    {
      field = find_field (fields, *name);
      g_assert_nonnull (field);
      g_assert_true (msi_sync_field_get_always_synced (field));
      g_assert_true (msi_sync_field_get_selected (field));
    }

  /* A text area of 2,000 characters into a 255-character field. */
  field = find_field (fields, "comments");
  g_assert_cmpint (msi_sync_field_get_data_type (field), ==, MSI_SYNC_DATA_TYPE_TEXT);
  g_assert_cmpint (msi_sync_field_get_length (field), ==, 2000);
  g_assert_cmpstr (msi_sync_field_get_target_name (field), ==, "comments__c");
  g_assert_cmpint (msi_sync_field_get_target_length (field), ==, 255);

  /* The formula and a field with nowhere to go cannot be chosen. */
  field = find_field (fields, "greetingFormula");
  g_assert_cmpint (msi_sync_field_get_unavailable (field), ==, MSI_SYNC_FIELD_UNAVAILABLE_FORMULA);
  g_assert_true (msi_sync_field_get_custom (field));
  field = find_field (fields, "anonymousIP");
  g_assert_cmpint (msi_sync_field_get_unavailable (field), ==, MSI_SYNC_FIELD_UNAVAILABLE_NO_TARGET);
  g_assert_false (msi_sync_field_get_updateable (field));
  g_assert_false (msi_sync_selection_can_select (field, 0, limit, NULL));

  /* An incompatible target: the core's rule says why. */
  field = find_field (fields, "dateOfBirth");
  {
    g_autofree char *reason = NULL;

    g_assert_false (msi_sync_selection_can_select (field, 0, limit, &reason));
    g_assert_nonnull (strstr (reason, "Birth Year"));
  }

  /* Chosen before, deleted in Marketo since. */
  field = find_field (fields, SEED_DELETED_FIELD);
  g_assert_nonnull (field);
  g_assert_cmpint (msi_sync_field_get_unavailable (field), ==, MSI_SYNC_FIELD_UNAVAILABLE_DELETED);
  g_assert_true (msi_sync_field_get_selected (field));

  /* CRM-managed and read only. */
  field = find_field (fields, "sfdcLeadId");
  g_assert_true (msi_sync_field_get_crm_managed (field));
  g_assert_false (msi_sync_field_get_updateable (field));
}

static void
test_selection (Fixture       *f,
                gconstpointer  data)
{
  static const char * const thirteen[] = {
    "company", "title", "phone", "industry", "leadSource", "leadStatus", "city", "country",
    "website", "numberOfEmployees", "annualRevenue", "leadScore", "unsubscribed", NULL,
  };
  static const char * const fourteen[] = {
    "email", "company", "title", "phone", "industry", "leadSource", "leadStatus", "city", "country",
    "website", "numberOfEmployees", "annualRevenue", "leadScore", "unsubscribed", "doNotCall", NULL,
  };
  static const char * const unknown[] = { "company", "favouriteColour", NULL };
  static const char * const formula[] = { "company", "greetingFormula", NULL };
  static const char * const incompatible[] = { "company", "dateOfBirth", NULL };
  static const char * const keeps_deleted[] = { "company", SEED_DELETED_FIELD, NULL };
  static const char * const without_deleted[] = { "company", NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) fields = NULL;
  g_autoptr(GPtrArray) again = NULL;
  guint limit = 0;

  /* A field chosen before Marketo deleted it may stay chosen (the
   * preview then blocks)… */
  fields = save_selection (f, keeps_deleted, &error);
  g_assert_no_error (error);
  g_assert_true (msi_sync_field_get_selected (find_field (fields, SEED_DELETED_FIELD)));
  g_clear_pointer (&fields, g_ptr_array_unref);

  /* Thirteen: the limit, saved, and seen so by the next reader. */
  fields = save_selection (f, thirteen, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (msi_sync_selection_count (fields), ==, LIMIT);
  g_assert_false (msi_sync_field_get_selected (find_field (fields, SEED_DELETED_FIELD)));
  g_assert_true (msi_sync_field_get_selected (find_field (fields, "unsubscribed")));
  again = get_fields (f, &limit, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (msi_sync_selection_count (again), ==, LIMIT);
  /* Unselected and no longer in Marketo: gone from the list. */
  g_assert_null (find_field (again, SEED_DELETED_FIELD));
  g_clear_pointer (&fields, g_ptr_array_unref);
  g_clear_pointer (&again, g_ptr_array_unref);

  /* Fourteen (the e-mail address does not count): refused, with the
   * numbers, and nothing saved. */
  fields = save_selection (f, fourteen, &error);
  g_assert_error (error, MSI_SYNC_CLIENT_ERROR, MSI_SYNC_CLIENT_ERROR_OVER_LIMIT);
  g_assert_nonnull (strstr (error->message, "at most 13 fields"));
  g_assert_nonnull (strstr (error->message, "14 were chosen"));
  g_assert_null (fields);
  g_clear_error (&error);
  again = get_fields (f, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (msi_sync_selection_count (again), ==, LIMIT);
  g_assert_false (msi_sync_field_get_selected (find_field (again, "doNotCall")));
  g_clear_pointer (&again, g_ptr_array_unref);

  fields = save_selection (f, unknown, &error);
  g_assert_error (error, MSI_SYNC_CLIENT_ERROR, MSI_SYNC_CLIENT_ERROR_UNKNOWN_FIELD);
  g_assert_nonnull (strstr (error->message, "“favouriteColour”"));
  g_clear_error (&error);

  fields = save_selection (f, formula, &error);
  g_assert_error (error, MSI_SYNC_CLIENT_ERROR, MSI_SYNC_CLIENT_ERROR_FIELD_UNAVAILABLE);
  g_assert_nonnull (strstr (error->message, "“Greeting”"));
  g_clear_error (&error);

  fields = save_selection (f, incompatible, &error);
  g_assert_error (error, MSI_SYNC_CLIENT_ERROR, MSI_SYNC_CLIENT_ERROR_FIELD_UNAVAILABLE);
  g_assert_nonnull (strstr (error->message, "“Birth Year”"));
  g_clear_error (&error);

  /* …but once unselected it is gone from the list, and cannot come back. */
  fields = save_selection (f, keeps_deleted, &error);
  g_assert_error (error, MSI_SYNC_CLIENT_ERROR, MSI_SYNC_CLIENT_ERROR_UNKNOWN_FIELD);
  g_assert_nonnull (strstr (error->message, "“" SEED_DELETED_FIELD "”"));
  g_clear_error (&error);
  save_selection_ok (f, without_deleted);
}

static void
test_preview (Fixture       *f,
              gconstpointer  data)
{
  static const char * const smaller[] = { "company", "comments", "lastInteractionAt", "leadScore", NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(MsiSyncPreview) preview = NULL;
  g_autoptr(MsiSyncJob) job = NULL;
  g_autoptr(GPtrArray) jobs = NULL;
  g_autoptr(Reply) reply = NULL;
  g_auto(Watch) watch = { 0, };
  const MsiSyncPreviewEntry *entry;

  /* The seeded choice holds a field Marketo deleted: blocked, and the
   * service refuses to start. */
  preview = get_preview (f, &error);
  g_assert_no_error (error);
  g_assert_true (msi_sync_preview_get_blocked (preview));
  g_assert_true (msi_sync_preview_get_first_sync (preview));
  g_assert_cmpint (msi_sync_preview_get_n_people (preview), ==, SEED_PEOPLE);
  g_assert_cmpint (msi_sync_problem_get_kind (msi_sync_preview_get_problem (preview, 0)), ==,
                   MSI_SYNC_PROBLEM_UNAVAILABLE);
  g_assert_cmpstr (msi_sync_problem_get_field_name (msi_sync_preview_get_problem (preview, 0)), ==,
                   SEED_DELETED_FIELD);
  g_clear_object (&preview);

  job = start_job (f, &error);
  g_assert_error (error, MSI_SYNC_CLIENT_ERROR, MSI_SYNC_CLIENT_ERROR_BLOCKED);
  g_assert_null (job);
  g_clear_error (&error);
  jobs = list_jobs (f, 0);
  g_assert_cmpuint (jobs->len, ==, 0);
  g_clear_pointer (&jobs, g_ptr_array_unref);

  /* A choice that can run: truncation and lossy conversions warned. */
  save_selection_ok (f, runnable_selection);
  preview = get_preview (f, &error);
  g_assert_no_error (error);
  g_assert_false (msi_sync_preview_get_blocked (preview));
  g_assert_cmpuint (msi_sync_preview_get_selected_count (preview), ==, 5);
  entry = msi_sync_preview_find_entry (preview, "comments");
  g_assert_true (msi_sync_preview_entry_get_truncated (entry));
  g_assert_cmpint (msi_sync_preview_entry_get_source_length (entry), ==, 2000);
  g_assert_cmpint (msi_sync_preview_entry_get_target_length (entry), ==, 255);
  entry = msi_sync_preview_find_entry (preview, "lastInteractionAt");
  g_assert_cmpint (msi_sync_preview_entry_get_conversion (entry), ==, MSI_SYNC_CONVERSION_LOSSY);
  g_assert_cmpint (msi_sync_preview_entry_get_loss (entry), ==, MSI_SYNC_LOSS_TIME_DROPPED);
  entry = msi_sync_preview_find_entry (preview, "estimatedBudget");
  g_assert_cmpint (msi_sync_preview_entry_get_loss (entry), ==, MSI_SYNC_LOSS_ROUNDED);
  g_assert_cmpuint (msi_sync_preview_count_problems (preview, MSI_SYNC_SEVERITY_WARNING), >=, 3);
  g_clear_object (&preview);

  /* Synced once… */
  set_sync_faults (f, "{\"rate\": 1000000}");
  job = start_job (f, &error);
  g_assert_no_error (error);
  watch_to_end (f, job, &watch);
  g_assert_cmpint (msi_sync_job_get_state (job), ==, MSI_SYNC_JOB_COMPLETED);
  g_clear_object (&job);

  /* …then an admin makes “Company Name” a text area in Marketo, deletes
   * “Last Interaction”, and drops “Estimated Budget” from the sync. */
  reply = scim_raw_request (&f->session, "PUT", "/__demo/marketo/lead-fields/company", NULL, NULL,
                            "{\"dataType\": \"text\", \"length\": 2000}");
  g_assert_cmpuint (reply->status, ==, 200);
  g_clear_pointer (&reply, reply_free);
  save_selection_ok (f, smaller);
  preview = get_preview (f, &error);
  g_assert_no_error (error);
  g_assert_false (msi_sync_preview_get_first_sync (preview));
  g_assert_false (msi_sync_preview_get_blocked (preview));
  entry = msi_sync_preview_find_entry (preview, "company");
  g_assert_true (msi_sync_preview_entry_get_changes (entry) & MSI_SYNC_CHANGE_TYPE_CHANGED);
  g_assert_true (msi_sync_preview_entry_get_truncated (entry));
  entry = msi_sync_preview_find_entry (preview, "estimatedBudget");
  g_assert_cmpint (msi_sync_preview_entry_get_changes (entry), ==, MSI_SYNC_CHANGE_REMOVED);
  {
    gboolean type_changed = FALSE, removed = FALSE;

    for (guint i = 0; i < msi_sync_preview_get_n_problems (preview); i++)
      {
        const MsiSyncProblem *problem = msi_sync_preview_get_problem (preview, i);

        type_changed |= msi_sync_problem_get_kind (problem) == MSI_SYNC_PROBLEM_TYPE_CHANGED;
        removed |= msi_sync_problem_get_kind (problem) == MSI_SYNC_PROBLEM_REMOVED;
      }
    g_assert_true (type_changed);
    g_assert_true (removed);
  }
  g_clear_object (&preview);

  reply = scim_raw_request (&f->session, "PUT", "/__demo/marketo/lead-fields/lastInteractionAt", NULL, NULL,
                            "{\"deleted\": true}");
  g_assert_cmpuint (reply->status, ==, 204);
  preview = get_preview (f, &error);
  g_assert_no_error (error);
  g_assert_true (msi_sync_preview_get_blocked (preview));
  entry = msi_sync_preview_find_entry (preview, "lastInteractionAt");
  g_assert_cmpint (msi_sync_field_get_unavailable (msi_sync_preview_entry_get_field (entry)), ==,
                   MSI_SYNC_FIELD_UNAVAILABLE_DELETED);
  job = start_job (f, &error);
  g_assert_error (error, MSI_SYNC_CLIENT_ERROR, MSI_SYNC_CLIENT_ERROR_BLOCKED);
}

static void
test_job_completes (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MsiSyncJob) job = NULL;
  g_autoptr(MsiSyncJob) second = NULL;
  g_autoptr(JsonObject) sync = NULL;
  g_autoptr(JsonObject) account = NULL;
  g_autoptr(GDateTime) completed_at = NULL;
  g_auto(Watch) watch = { 0, };
  guint increases = 0;

  save_selection_ok (f, runnable_selection);
  g_assert_cmpint (data_sync_step (f), ==, MSI_SETUP_STATUS_NOT_DONE);
  set_sync_faults (f, "{\"rate\": " G_STRINGIFY (RUNNING_RATE) "}");

  job = start_job (f, &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (msi_sync_job_get_id (job), "job_"));
  g_assert_cmpint (msi_sync_job_get_state (job), ==, MSI_SYNC_JOB_QUEUED);
  g_assert_null (msi_sync_job_get_started_at (job));
  g_assert_cmpint (msi_sync_job_get_total (job), ==, SEED_PEOPLE);
  g_assert_cmpint (msi_sync_job_get_processed (job), ==, 0);
  g_assert_cmpuint (g_strv_length ((char **)msi_sync_job_get_fields (job)), ==, 3 + 5);
  g_assert_cmpstr (msi_sync_job_get_created_by (job), ==, SCIM_TEST_ADMIN_EMAIL);

  /* Running: the checklist says so, and a second sync is refused. */
  g_assert_cmpint (data_sync_step (f), ==, MSI_SETUP_STATUS_IN_PROGRESS);
  second = start_job (f, &error);
  g_assert_error (error, MSI_SYNC_CLIENT_ERROR, MSI_SYNC_CLIENT_ERROR_JOB_RUNNING);
  g_clear_error (&error);

  watch_to_end (f, job, &watch);

  /* Progress seen growing, never going back. */
  for (guint i = 1; i < watch.processed->len; i++)
    {
      gint64 before = g_array_index (watch.processed, gint64, i - 1);
      gint64 now = g_array_index (watch.processed, gint64, i);

      g_assert_cmpint (now, >=, before);
      if (now > before && now < SEED_PEOPLE)
        increases++;
    }
  g_assert_cmpuint (increases, >=, 2);
  g_assert_true (watch.saw_rate);
  /* While it runs the estimate follows the demo's pace; the time the job
   * waited in the queue does not drag it down. */
  g_assert_cmpfloat (watch.running_rate, >, RUNNING_RATE * 0.6);
  g_assert_cmpfloat (watch.running_rate, <, RUNNING_RATE * 1.4);
  g_assert_true (watch.saw_seconds_left);

  /* The summary. */
  g_assert_cmpint (msi_sync_job_get_state (job), ==, MSI_SYNC_JOB_COMPLETED);
  g_assert_cmpint (msi_sync_job_get_processed (job), ==, SEED_PEOPLE);
  g_assert_cmpfloat (msi_sync_job_get_fraction (job), ==, 1.0);
  g_assert_cmpint (msi_sync_job_get_seconds_left (job), ==, 0);
  assert_counts_add_up (job);
  g_assert_cmpint (msi_sync_job_get_synced (job), >, SEED_PEOPLE * 9 / 10);
  g_assert_cmpint (msi_sync_job_get_failed (job), >, 0);
  g_assert_null (msi_sync_job_get_error (job));
  g_assert_cmpuint (g_strv_length ((char **)msi_sync_job_get_skip_reasons (job)), ==, 3);
  g_assert_cmpstr (msi_sync_job_get_skip_reasons (job)[0], ==, MSI_SYNC_SKIP_NO_EMAIL);
  for (const char * const *reason = msi_sync_job_get_skip_reasons (job); *reason != NULL; reason++)
    {
      gint64 count = msi_sync_job_get_skipped_for (job, *reason);
      g_autofree char *number = g_strdup_printf ("%" G_GINT64_FORMAT, count);
      g_autofree char *sentence = msi_sync_skip_reason_describe (*reason, count);

      g_assert_cmpint (count, >, 0);
      g_assert_nonnull (strstr (sentence, number));
    }
  g_assert_nonnull (msi_sync_job_get_finished_at (job));
  g_assert_cmpint (msi_sync_job_get_duration (job), >, 0);
  /* Its own rate, from start to end, about the demo's. */
  g_assert_cmpfloat (msi_sync_job_get_rate (job), >, RUNNING_RATE * 0.9);
  g_assert_cmpfloat (msi_sync_job_get_rate (job), <, RUNNING_RATE * 1.1);

  /* The account and the checklist. */
  sync = account_sync (f);
  g_assert_cmpstr (json_object_get_string_member (sync, "state"), ==, "completed");
  completed_at = g_date_time_new_from_iso8601 (json_object_get_string_member (sync, "lastCompletedAt"), NULL);
  g_assert_nonnull (completed_at);
  account = scim_dup_account (&f->session);
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (account, "usage"), "syncedFields"),
                   ==, 5);
  g_assert_cmpint (data_sync_step (f), ==, MSI_SETUP_STATUS_DONE);
}

static void
test_job_fails (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MsiSyncJob) job = NULL;
  g_autoptr(MsiSyncJob) again = NULL;
  g_autoptr(MsiSyncJob) next = NULL;
  g_autoptr(JsonObject) sync = NULL;
  g_auto(Watch) watch = { 0, };
  g_auto(Watch) next_watch = { 0, };

  save_selection_ok (f, runnable_selection);
  set_sync_faults (f, "{\"rate\": " G_STRINGIFY (FAST_RATE) ", \"failAtPercent\": 40}");

  job = start_job (f, &error);
  g_assert_no_error (error);
  watch_to_end (f, job, &watch);

  g_assert_cmpint (msi_sync_job_get_state (job), ==, MSI_SYNC_JOB_FAILED);
  g_assert_nonnull (strstr (msi_sync_job_get_error (job), "Marketo stopped answering after 20,927 of 52,318"));
  g_assert_cmpint (msi_sync_job_get_processed (job), ==, SEED_PEOPLE * 40 / 100);
  g_assert_cmpint (msi_sync_job_get_total (job), ==, SEED_PEOPLE);
  g_assert_cmpfloat (msi_sync_job_get_fraction (job), <, 0.5);
  assert_counts_add_up (job);
  g_assert_cmpint (msi_sync_job_get_synced (job), >, 0);

  sync = account_sync (f);
  g_assert_cmpstr (json_object_get_string_member (sync, "state"), ==, "failed");
  g_assert_true (json_object_get_null_member (sync, "lastCompletedAt"));
  g_assert_cmpint (data_sync_step (f), ==, MSI_SETUP_STATUS_ATTENTION);

  /* Too late to cancel. */
  again = cancel_job (f, msi_sync_job_get_id (job), &error);
  g_assert_error (error, MSI_SYNC_CLIENT_ERROR, MSI_SYNC_CLIENT_ERROR_JOB_FINISHED);
  g_assert_null (again);
  g_clear_error (&error);

  /* The fault was for one job: the next one completes. */
  next = start_job (f, &error);
  g_assert_no_error (error);
  watch_to_end (f, next, &next_watch);
  g_assert_cmpint (msi_sync_job_get_state (next), ==, MSI_SYNC_JOB_COMPLETED);
  g_assert_cmpint (data_sync_step (f), ==, MSI_SETUP_STATUS_DONE);
}

static gboolean
flag_cb (gpointer data)
{
  *(gboolean *)data = TRUE;
  return G_SOURCE_REMOVE;
}

static gboolean
flag_set (gpointer data)
{
  return *(gboolean *)data;
}

/* Lets the main context run for @ms. */
static void
wait_ms (guint ms)
{
  gboolean waited = FALSE;

  g_timeout_add (ms, flag_cb, &waited);
  scim_wait_until (flag_set, &waited);
}

static void
test_cancel (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MsiSyncJob) job = NULL;
  g_autoptr(MsiSyncJob) cancelled = NULL;
  g_autoptr(MsiSyncJob) again = NULL;
  g_autoptr(MsiSyncJob) later = NULL;
  g_autoptr(MsiSyncJob) missing = NULL;
  g_autoptr(JsonObject) sync = NULL;

  save_selection_ok (f, runnable_selection);
  set_sync_faults (f, "{\"rate\": 2000}");

  job = start_job (f, &error);
  g_assert_no_error (error);
  for (;;)
    {
      g_autoptr(MsiSyncJob) now = get_job (f, msi_sync_job_get_id (job), &error);

      g_assert_no_error (error);
      if (msi_sync_job_get_processed (now) > 0)
        break;
      wait_ms (50);
    }

  cancelled = cancel_job (f, msi_sync_job_get_id (job), &error);
  g_assert_no_error (error);
  g_assert_cmpint (msi_sync_job_get_state (cancelled), ==, MSI_SYNC_JOB_CANCELLED);
  g_assert_cmpint (msi_sync_job_get_processed (cancelled), >, 0);
  g_assert_cmpint (msi_sync_job_get_processed (cancelled), <, SEED_PEOPLE);
  g_assert_nonnull (msi_sync_job_get_finished_at (cancelled));
  g_assert_nonnull (msi_sync_job_get_started_at (cancelled));
  assert_counts_add_up (cancelled);

  /* A retry after a lost reply: the same job, cancelled, no further. */
  again = cancel_job (f, msi_sync_job_get_id (job), &error);
  g_assert_no_error (error);
  g_assert_cmpint (msi_sync_job_get_state (again), ==, MSI_SYNC_JOB_CANCELLED);
  g_assert_cmpint (msi_sync_job_get_processed (again), ==, msi_sync_job_get_processed (cancelled));
  later = get_job (f, msi_sync_job_get_id (job), &error);
  g_assert_no_error (error);
  g_assert_cmpint (msi_sync_job_get_processed (later), ==, msi_sync_job_get_processed (cancelled));

  /* The job’s own object follows. */
  msi_sync_job_update (job, later);
  g_assert_true (msi_sync_job_is_final (job));

  /* The account is as before: never synced. */
  sync = account_sync (f);
  g_assert_cmpstr (json_object_get_string_member (sync, "state"), ==, "never");
  g_assert_cmpint (data_sync_step (f), ==, MSI_SETUP_STATUS_NOT_DONE);

  missing = cancel_job (f, "job_000000000000", &error);
  g_assert_error (error, MSI_HTTP_ERROR, MSI_HTTP_ERROR_NOT_FOUND);
}

static void
test_history (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) jobs = NULL;
  g_autoptr(GPtrArray) two = NULL;

  save_selection_ok (f, runnable_selection);
  set_sync_faults (f, "{\"rate\": 1000}");

  for (guint i = 0; i < 3; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(MsiSyncJob) job = start_job (f, &error);
      g_autoptr(MsiSyncJob) cancelled = NULL;

      g_assert_no_error (error);
      g_ptr_array_add (ids, g_strdup (msi_sync_job_get_id (job)));
      cancelled = cancel_job (f, msi_sync_job_get_id (job), &error);
      g_assert_no_error (error);
    }

  /* Newest first. */
  jobs = list_jobs (f, 0);
  g_assert_cmpuint (jobs->len, ==, 3);
  for (guint i = 0; i < 3; i++)
    {
      MsiSyncJob *job = g_ptr_array_index (jobs, i);

      g_assert_cmpstr (msi_sync_job_get_id (job), ==, g_ptr_array_index (ids, 2 - i));
      g_assert_cmpint (msi_sync_job_get_state (job), ==, MSI_SYNC_JOB_CANCELLED);
      /* Cancelled while queued (as a rule, here): never started, nothing
       * processed. */
      if (msi_sync_job_get_started_at (job) == NULL)
        g_assert_cmpint (msi_sync_job_get_processed (job), ==, 0);
      assert_counts_add_up (job);
      g_assert_cmpint (msi_sync_job_get_duration (job), >=, 0);
      if (i > 0)
        g_assert_cmpint (g_date_time_compare (msi_sync_job_get_created_at (job),
                                              msi_sync_job_get_created_at (g_ptr_array_index (jobs, i - 1))),
                         <=, 0);
    }

  two = list_jobs (f, 2);
  g_assert_cmpuint (two->len, ==, 2);
  g_assert_cmpstr (msi_sync_job_get_id (g_ptr_array_index (two, 0)), ==, g_ptr_array_index (ids, 2));
}

/* The app closed during a sync and opened again: a new client finds the
 * running job first in the history and follows it to the end. */
static void
test_resume (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MsiSyncJob) job = NULL;
  g_autoptr(GPtrArray) jobs = NULL;
  g_autoptr(MsiSyncJobWatcher) first = NULL;
  g_auto(Watch) watch = { 0, };
  g_auto(Watch) resumed = { 0, };
  MsiSyncJob *found;

  save_selection_ok (f, runnable_selection);
  set_sync_faults (f, "{\"rate\": " G_STRINGIFY (RUNNING_RATE) "}");
  job = start_job (f, &error);
  g_assert_no_error (error);

  first = watch_new (f, job, &watch, 100, 1000);
  msi_sync_job_watcher_start (first, NULL);
  msi_sync_job_watcher_stop (first);
  g_assert_false (msi_sync_job_watcher_get_active (first));
  g_clear_object (&first);
  g_clear_object (&f->client);

  f->client = msi_sync_client_new (f->session.auth);
  jobs = list_jobs (f, 10);
  g_assert_cmpuint (jobs->len, ==, 1);
  found = g_ptr_array_index (jobs, 0);
  g_assert_cmpstr (msi_sync_job_get_id (found), ==, msi_sync_job_get_id (job));
  g_assert_false (msi_sync_job_is_final (found));

  watch_to_end (f, found, &resumed);
  g_assert_cmpint (msi_sync_job_get_state (found), ==, MSI_SYNC_JOB_COMPLETED);
  g_assert_false (watch.finished);
}

/* Replies lost: the watcher waits longer after each failed poll, with
 * jitter, and goes back to its interval once the service answers. */
static void
test_watcher_backoff (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MsiSyncJob) job = NULL;
  g_autoptr(MsiSyncJobWatcher) watcher = NULL;
  g_auto(Watch) watch = { 0, };
  guint most_failures = 0;
  gboolean recovered = FALSE;

  /* Long enough to see good polls after the failed ones. */
  save_selection_ok (f, runnable_selection);
  set_sync_faults (f, "{\"rate\": " G_STRINGIFY (RUNNING_RATE) "}");
  job = start_job (f, &error);
  g_assert_no_error (error);

  set_sync_faults (f, "{\"dropConnection\": 6}");
  watcher = watch_new (f, job, &watch, 40, 320);
  g_assert_cmpuint (msi_sync_job_watcher_nominal_delay (watcher, 0), ==, 40);
  g_assert_cmpuint (msi_sync_job_watcher_nominal_delay (watcher, 1), ==, 80);
  g_assert_cmpuint (msi_sync_job_watcher_nominal_delay (watcher, 3), ==, 320);
  g_assert_cmpuint (msi_sync_job_watcher_nominal_delay (watcher, 30), ==, 320);

  msi_sync_job_watcher_start (watcher, NULL);
  scim_wait_until (watch_done, &watch);

  for (guint i = 0; i < watch.failures->len; i++)
    {
      guint failures = g_array_index (watch.failures, guint, i);
      guint delay = g_array_index (watch.delays, guint, i);
      guint nominal = msi_sync_job_watcher_nominal_delay (watcher, failures);

      most_failures = MAX (most_failures, failures);
      if (i > 0 && failures > 0)
        g_assert_cmpuint (failures, ==, g_array_index (watch.failures, guint, i - 1) + 1);

      if (failures > 0)
        {
          g_assert_cmpuint (delay, >=, nominal / 2);
          g_assert_cmpuint (delay, <=, nominal);
        }
      else if (i + 1 < watch.failures->len)
        {
          /* A good poll while running: the plain interval again. */
          g_assert_cmpuint (delay, ==, 40);
          recovered |= i > 0;
        }
    }

  g_assert_cmpuint (most_failures, >=, 3);
  g_assert_true (recovered);
  g_assert_cmpint (msi_sync_job_get_state (job), ==, MSI_SYNC_JOB_COMPLETED);
  g_assert_cmpint (sync_stat (f, "faultsInjected", "dropConnection"), ==, 6);
}

/* Polls of one job, and other requests of the app under way meanwhile. */
typedef struct
{
  const char *id;
  guint       in_flight;
  guint       answered;
  guint       lost;
} Polls;

static void
poll_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  Polls *polls = user_data;
  g_autoptr(MsiSyncJob) job = NULL;
  g_autoptr(GError) error = NULL;

  job = msi_sync_client_get_job_finish (MSI_SYNC_CLIENT (object), result, &error);
  polls->in_flight--;

  if (job != NULL)
    {
      g_assert_cmpstr (msi_sync_job_get_id (job), ==, polls->id);
      polls->answered++;
    }
  else
    {
      /* A lost connection, said so; never another error. */
      g_assert_error (error, MSI_HTTP_ERROR, MSI_HTTP_ERROR_NETWORK);
      polls->lost++;
    }
}

static void
other_request_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  Polls *polls = user_data;
  g_autoptr(JsonNode) reply = NULL;
  g_autoptr(GError) error = NULL;

  reply = msi_actions_auth_request_finish (MSI_ACTIONS_AUTH (object), result, &error);
  g_assert_no_error (error);
  polls->in_flight--;
}

static gboolean
polls_done (gpointer data)
{
  return ((Polls *)data)->in_flight == 0;
}

/* Four requests at once that the faults leave alone: four kept-alive
 * connections, each used once, wait for the next requests. */
static void
open_connections (Fixture *f,
                  Polls   *polls)
{
  for (guint i = 0; i < 4; i++)
    {
      polls->in_flight++;
      msi_actions_auth_request_async (f->session.auth, "GET", "/api/v1/connections", NULL, NULL,
                                      other_request_cb, polls);
    }
  scim_wait_until (polls_done, polls);
}

static void
poll_once (Fixture *f,
           Polls   *polls)
{
  polls->in_flight++;
  msi_sync_client_poll_job_async (f->client, polls->id, NULL, poll_cb, polls);
  scim_wait_until (polls_done, polls);
}

/* The service drops the connection of a poll now and then, while other
 * requests leave kept-alive connections waiting: libsoup sends the poll
 * again by itself, on a new connection, and it is answered. libsoup 3.2
 * sent it on a waiting connection, and then sometimes returned the lost
 * connection for that attempt, or crashed (see msi-http-client.c). */
static void
test_poll_dropped_connections (Fixture       *f,
                               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MsiSyncJob) job = NULL;
  g_autoptr(MsiSyncJob) cancelled = NULL;
  Polls polls = { 0, };

  save_selection_ok (f, runnable_selection);
  set_sync_faults (f, "{\"rate\": 2000}");
  job = start_job (f, &error);
  g_assert_no_error (error);
  polls.id = msi_sync_job_get_id (job);

  for (guint round = 1; round <= 40; round++)
    {
      open_connections (f, &polls);
      set_sync_faults (f, "{\"dropConnection\": 1}");
      for (guint i = 0; i < 2; i++)
        poll_once (f, &polls);
      g_assert_cmpint (sync_stat (f, "faultsInjected", "dropConnection"), ==, round);
    }
  g_assert_cmpuint (polls.lost, ==, 0);
  g_assert_cmpuint (polls.answered, ==, 2 * 40);

  cancelled = cancel_job (f, polls.id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (msi_sync_job_get_state (cancelled), ==, MSI_SYNC_JOB_CANCELLED);
}

static gboolean
watcher_inactive (gpointer data)
{
  return !msi_sync_job_watcher_get_active (data);
}

static gboolean
polled_once (gpointer data)
{
  return ((Watch *)data)->failures->len > 0;
}

/* The watcher's cancellable stops it: no poll after. */
static void
test_watcher_cancellable (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MsiSyncJob) job = NULL;
  g_autoptr(MsiSyncJob) cancelled = NULL;
  g_autoptr(MsiSyncJobWatcher) watcher = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_auto(Watch) watch = { 0, };
  gint64 polls;

  save_selection_ok (f, runnable_selection);
  set_sync_faults (f, "{\"rate\": 2000}");
  job = start_job (f, &error);
  g_assert_no_error (error);

  watcher = watch_new (f, job, &watch, 20, 20);
  msi_sync_job_watcher_start (watcher, cancellable);
  scim_wait_until (polled_once, &watch);
  g_cancellable_cancel (cancellable);
  scim_wait_until (watcher_inactive, watcher);
  polls = sync_stat (f, "requests", "getJob");

  /* Ten intervals later, still no other poll. */
  wait_ms (200);
  g_assert_cmpint (sync_stat (f, "requests", "getJob"), ==, polls);
  g_assert_false (watch.finished);
  g_assert_false (msi_sync_job_is_final (job));

  cancelled = cancel_job (f, msi_sync_job_get_id (job), &error);
  g_assert_no_error (error);
}

/* Rate and time left from observations, without a server. */
static JsonNode *
job_json (const char *state,
          gint64      processed)
{
  g_autofree char *text = g_strdup_printf ("{\"id\": \"job_1\", \"state\": \"%s\","
                                           " \"createdAt\": \"2025-03-04T10:00:00.000Z\","
                                           " \"startedAt\": \"2025-03-04T10:00:00.400Z\","
                                           " \"finishedAt\": %s,"
                                           " \"total\": 10000, \"processed\": %" G_GINT64_FORMAT ","
                                           " \"synced\": %" G_GINT64_FORMAT ", \"skipped\": {\"no-email\": 0},"
                                           " \"failed\": 0, \"error\": null}",
                                           state,
                                           g_str_equal (state, "completed") ? "\"2025-03-04T10:00:05.400Z\""
                                                                             : "null",
                                           processed, processed);

  return json_from_string (text, NULL);
}

static void
test_job_rate (void)
{
  g_autoptr(JsonNode) first_node = job_json ("running", 1000);
  g_autoptr(JsonNode) bad_node = json_from_string ("{\"id\": \"job_1\", \"state\": \"running\","
                                                   " \"createdAt\": \"2025-03-04T10:00:00Z\","
                                                   " \"total\": 10, \"processed\": 5, \"synced\": 4,"
                                                   " \"skipped\": {}, \"failed\": 0}", NULL);
  g_autoptr(MsiSyncJob) job = NULL;
  g_autoptr(MsiSyncJob) bad = NULL;
  g_autoptr(GError) error = NULL;
  gint64 t = 1000 * G_USEC_PER_SEC;

  job = msi_sync_job_new_from_json (first_node, t, &error);
  g_assert_no_error (error);
  g_assert_cmpfloat (msi_sync_job_get_rate (job), ==, 0);
  g_assert_cmpint (msi_sync_job_get_seconds_left (job), ==, -1);
  g_assert_cmpint (msi_sync_job_get_skipped (job), ==, 0);
  g_assert_null (msi_sync_job_get_skip_reasons (job)[0]);

  /* 2,000 more in a second: 2,000 per second, 7,000 left. */
  for (guint i = 1; i <= 2; i++)
    {
      g_autoptr(JsonNode) node = job_json ("running", 1000 + i * 1000);
      g_autoptr(MsiSyncJob) observed = msi_sync_job_new_from_json (node, t + i * G_USEC_PER_SEC / 2, &error);

      g_assert_no_error (error);
      msi_sync_job_update (job, observed);
    }
  g_assert_cmpfloat_with_epsilon (msi_sync_job_get_rate (job), 2000, 0.001);
  g_assert_cmpint (msi_sync_job_get_seconds_left (job), ==, 4);
  g_assert_cmpfloat_with_epsilon (msi_sync_job_get_fraction (job), 0.3, 0.0001);

  /* Completed: its own rate, 10,000 in 5 s. */
  {
    g_autoptr(JsonNode) node = job_json ("completed", 10000);
    g_autoptr(MsiSyncJob) observed = msi_sync_job_new_from_json (node, t + 5 * G_USEC_PER_SEC, &error);

    g_assert_no_error (error);
    msi_sync_job_update (job, observed);
  }
  g_assert_cmpfloat_with_epsilon (msi_sync_job_get_rate (job), 2000, 0.001);
  g_assert_cmpint (msi_sync_job_get_seconds_left (job), ==, 0);
  g_assert_cmpint (msi_sync_job_get_duration (job), ==, 5 * G_USEC_PER_SEC);

  /* Counts that do not add up are not a job. */
  bad = msi_sync_job_new_from_json (bad_node, t, &error);
  g_assert_error (error, MSI_HTTP_ERROR, MSI_HTTP_ERROR_INVALID_RESPONSE);
  g_assert_null (bad);
}

int
main (int   argc,
      char *argv[])
{
  g_setenv ("MSI_DEMO_TEST_HOOKS", "1", TRUE);
  g_unsetenv ("MSI_DEMO_LATENCY_MS");
  g_unsetenv ("MSI_DEMO_TOKEN_LIFETIME");
  g_unsetenv ("MSI_DEMO_FAIL_TOKEN");
  g_unsetenv ("MSI_DEMO_SYNC_RATE");
  g_setenv ("GIO_USE_PROXY_RESOLVER", "dummy", TRUE);

  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  if (g_getenv ("MSI_DEMO_SERVER") == NULL)
    {
      g_printerr ("MSI_DEMO_SERVER must be the path of msi-actions-demo-server\n");
      return 1;
    }

#define ADD(path, func, data) \
  g_test_add ("/sync-client/" path, Fixture, data, fixture_setup, func, fixture_teardown)

  g_test_add_func ("/sync-client/job-rate", test_job_rate);
  ADD ("marketo-not-connected", test_marketo_not_connected, "not connected");
  ADD ("fields", test_fields, NULL);
  ADD ("selection", test_selection, NULL);
  ADD ("preview", test_preview, NULL);
  ADD ("job-completes", test_job_completes, NULL);
  ADD ("job-fails", test_job_fails, NULL);
  ADD ("cancel", test_cancel, NULL);
  ADD ("history", test_history, NULL);
  ADD ("resume", test_resume, NULL);
  ADD ("watcher-backoff", test_watcher_backoff, NULL);
  ADD ("poll-dropped-connections", test_poll_dropped_connections, NULL);
  ADD ("watcher-cancellable", test_watcher_cancellable, NULL);

  return g_test_run ();
}
