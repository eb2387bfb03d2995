/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-sync.c: the admin guide's "Initiate data sync" on the demo Sales account: from the checklist,
 * choose the fields, preview, start, watch it to the end; a sync failing part-way, a cancelled one,
 * and a sync picked up again by a new window */

#define G_LOG_DOMAIN "test-sync"

#include "config.h"

#include <string.h>

#include "common/msi-test-sign-in.h"
#include "common/msi-test-sync.h"

#define ADMIN_EMAIL    "admin@northwind.example"
#define ADMIN_PASSWORD "demo-admin"

static const char *
base_url (Run *run)
{
  return msi_profile_get_actions_url (msi_application_get_profile (run->app));
}

static void
set_sync_faults (Run        *run,
                 const char *json_body)
{
  g_autoptr(JsonNode) reply = NULL;
  guint status = 0;

  reply = msi_test_demo_request (base_url (run), "PUT", "/__demo/sync/faults", json_body, &status);
  g_assert_cmpuint (status, ==, 200);
}

/* --- the checklist ------------------------------------------------------------------ */

typedef struct
{
  Run            *run;
  const char     *step;
  MsiSetupStatus  status;
} StepWait;

static gboolean
step_has_status (gpointer data)
{
  StepWait *wait = data;
  MsiChecklistPage *page = MSI_CHECKLIST_PAGE (msi_window_get_checklist_page (wait->run->window));
  MsiSetupStep *step;

  if (msi_checklist_page_get_state (page) != MSI_CHECKLIST_STATE_LOADED)
    return FALSE;
  step = checklist_step (wait->run, wait->step);
  return step != NULL && msi_setup_step_get_status (step) == wait->status;
}

static void
wait_for_step (Run            *run,
               const char     *id,
               MsiSetupStatus  status)
{
  StepWait wait = { run, id, status };

  iterate_until (step_has_status, &wait, 60);
}

/* --- a sync, from Start Sync to its end --------------------------------------------- */

typedef struct
{
  MsiSyncPage *page;
  gint64       last_us;
  gint64       longest_us;
  guint        ticks;
} Responsiveness;

/* A timeout every 10 ms: the longest wait between two of them is how
 * long the main loop was kept busy while the page polled and drew. */
static gboolean
tick_cb (gpointer data)
{
  Responsiveness *r = data;
  gint64 now = g_get_monotonic_time ();

  if (r->last_us > 0)
    r->longest_us = MAX (r->longest_us, now - r->last_us);
  r->last_us = now;
  r->ticks++;

  return G_SOURCE_CONTINUE;
}

static gboolean
job_running_with_rate (gpointer data)
{
  MsiSyncPage *page = data;
  MsiSyncJob *job = msi_sync_page_get_job (page);

  return job != NULL && msi_sync_job_get_state (job) == MSI_SYNC_JOB_RUNNING &&
         msi_sync_job_get_processed (job) > 0 && msi_sync_job_get_rate (job) > 0 &&
         msi_sync_job_get_seconds_left (job) > 0;
}

typedef struct
{
  MsiSyncPage    *page;
  MsiSyncJobState state;
} JobWait;

static gboolean
job_ended_as (gpointer data)
{
  JobWait *wait = data;
  MsiSyncJob *job = msi_sync_page_get_job (wait->page);

  return job != NULL && msi_sync_job_get_state (job) == wait->state &&
         msi_sync_page_get_watcher (wait->page) == NULL &&
         gtk_revealer_get_reveal_child (GTK_REVEALER (msi_test_named (GTK_WIDGET (wait->page), "result")));
}

static void
wait_for_end (MsiSyncPage     *page,
              MsiSyncJobState  state)
{
  JobWait wait = { page, state };

  iterate_until (job_ended_as, &wait, 60);
  settle (400);
}

static gboolean
history_has (gpointer data)
{
  JobWait *wait = data;
  GPtrArray *history = msi_sync_page_get_history (wait->page);

  return history != NULL && history->len == (guint)wait->state;
}

static void
wait_for_history (MsiSyncPage *page,
                  guint        n)
{
  JobWait wait = { page, (MsiSyncJobState)n };

  iterate_until (history_has, &wait, 30);
}

/* Start Sync in the preview: the dialog closes, the page follows the job. */
static MsiSyncJob *
start_sync (MsiSyncPage          *page,
            MsiSyncPreviewDialog *dialog)
{
  g_assert_true (msi_sync_preview_dialog_get_can_start (dialog));
  g_signal_emit_by_name (msi_test_named (GTK_WIDGET (dialog), "start"), "clicked");
  iterate_until (preview_dialog_gone, page, 30);
  g_assert_nonnull (msi_sync_page_get_watcher (page));
  g_assert_true (gtk_revealer_get_reveal_child (GTK_REVEALER (msi_test_named (GTK_WIDGET (page), "progress"))));
  g_assert_false (gtk_widget_is_sensitive (msi_test_named (GTK_WIDGET (page), "sync")));

  return msi_sync_page_get_job (page);
}

/* --- the first sync, from the checklist -------------------------------------------------- */

static void
choose_fields (Run         *run,
               MsiSyncPage *page)
{
  GtkWidget *root = GTK_WIDGET (page);

  /* The seeded choice holds a field Marketo deleted: unselected, as the
   * page asks; then a text area longer than its Sales account field, a
   * date and time that lands in a date, and an amount. */
  g_assert_true (gtk_revealer_get_reveal_child (GTK_REVEALER (msi_test_named (root, "blocked"))));
  msi_test_sync_click (page, SYNC_DELETED_FIELD);
  g_assert_false (gtk_revealer_get_reveal_child (GTK_REVEALER (msi_test_named (root, "blocked"))));
  msi_test_sync_click (page, "comments");
  msi_test_sync_click (page, "lastInteractionAt");
  msi_test_sync_click (page, "annualRevenue");
  g_assert_cmpstr (msi_test_label_text (root, "count"), ==, "11 of 13 fields selected");
  g_assert_true (msi_sync_page_get_dirty (page));
  gtk_editable_set_text (GTK_EDITABLE (msi_test_named (root, "search")), "");
}

static void
check_first_preview (Run                  *run,
                     MsiSyncPreviewDialog *dialog)
{
  GtkWidget *root = GTK_WIDGET (dialog);
  GtkWidget *fields = msi_test_named (root, "fields");
  g_autofree char *people = msi_sync_text_count (SYNC_SEED_PEOPLE);
  g_autofree char *people_text = g_strdup_printf ("%s people will be synced from Marketo to the Sales account.",
                                                  people);
  g_autofree char *long_text = msi_sync_text_count (2000);
  g_autofree char *cut = g_strdup_printf ("“Comments” holds up to %s characters in Marketo; the Sales account "
                                          "keeps the first 255 of them in “Comments”.", long_text);

  /* Nothing blocks; the people and what happens to each field. */
  g_assert_false (gtk_widget_get_visible (msi_test_named (root, "blocked")));
  g_assert_true (gtk_widget_is_sensitive (msi_test_named (root, "start")));
  g_assert_cmpstr (msi_test_label_text (root, "people"), ==, people_text);
  g_assert_cmpstr (msi_test_label_text (root, "sync-kind"), ==, "This is the first sync of the Sales account.");

  /* Truncation: the sentence, in the warnings and in the field's row. */
  g_assert_true (msi_test_shows_text_containing (msi_test_named (root, "warnings"), cut));
  g_assert_true (msi_test_shows_text_containing (msi_test_named (fields, "comments"), cut));
  g_assert_true (msi_test_shows_label (msi_test_named (fields, "comments"), "Longer values cut"));
  g_assert_true (msi_test_shows_text_containing (msi_test_named (fields, "comments"),
                                                 "Text area, 2"));  /* its Marketo type and length */
  /* Conversions: a date and time kept as a date, an amount as a number. */
  g_assert_true (msi_test_shows_label (msi_test_named (fields, "lastInteractionAt"), "Some values change"));
  g_assert_true (msi_test_shows_text_containing (msi_test_named (fields, "lastInteractionAt"),
                                                 "which holds only a date"));
  g_assert_true (msi_test_shows_label (msi_test_named (fields, "annualRevenue"), "Converted"));
  g_assert_true (msi_test_shows_label (msi_test_named (fields, "email"), "Always synced"));
  g_assert_cmpstr (msi_test_label_text (root, "people"), ==, people_text);

  save_screenshot (root, "sync-preview.png");

  /* A phone-sized window: the preview still reads. */
  gtk_window_set_default_size (GTK_WINDOW (dialog), 360, 640);
  settle (600);
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (dialog)), <=, 400);
  g_assert_true (gtk_widget_get_mapped (msi_test_named (root, "start")));
  save_screenshot (root, "sync-preview-narrow.png");
  gtk_window_set_default_size (GTK_WINDOW (dialog), 720, 700);
  settle (300);
}

static MsiSyncPage *
first_sync (Run *run)
{
  MsiChecklistPage *checklist = MSI_CHECKLIST_PAGE (msi_window_get_checklist_page (run->window));
  GtkWidget *step_row = msi_test_named (GTK_WIDGET (msi_checklist_page_get_list (checklist)), "data-sync");
  MsiSyncPage *page = msi_test_sync_page (run);
  MsiSyncPreviewDialog *dialog;
  Responsiveness r = { page, 0, 0, 0 };
  MsiSyncJob *job;
  gint64 start_us;
  guint tick;

  /* Step 4 of the checklist: its Sync button opens the page. */
  wait_for_step (run, "data-sync", MSI_SETUP_STATUS_NOT_DONE);
  g_signal_emit_by_name (msi_test_named (step_row, "step-action"), "clicked");
  g_assert_cmpstr (msi_window_get_content_page (run->window), ==, "sync");
  msi_test_wait_sync_state (page, "fields");
  g_assert_true (gtk_widget_get_mapped (msi_test_named (GTK_WIDGET (page), "history-empty")) ||
                 msi_sync_page_get_history (page) == NULL || msi_sync_page_get_history (page)->len == 0);

  choose_fields (run, page);

  /* Sync…: the choice is saved, then previewed. */
  dialog = msi_test_open_preview (page);
  g_assert_false (msi_sync_page_get_dirty (page));
  check_first_preview (run, dialog);

  /* Start Sync, at a rate that shows the progress for a few seconds. */
  set_sync_faults (run, "{\"rate\": 12000}");
  start_us = g_get_monotonic_time ();
  tick = g_timeout_add (10, tick_cb, &r);
  job = start_sync (page, dialog);
  g_test_message ("Start Sync → progress shown: %.0f ms", (g_get_monotonic_time () - start_us) / 1000.0);
  wait_for_step (run, "data-sync", MSI_SETUP_STATUS_IN_PROGRESS);

  iterate_until (job_running_with_rate, page, 30);
  {
    GtkWidget *root = GTK_WIDGET (page);
    g_autofree char *progress = msi_sync_text_progress (msi_sync_job_get_processed (job), msi_sync_job_get_total (job));
    g_autofree char *rate = msi_sync_text_rate (msi_sync_job_get_rate (job));

    g_assert_cmpstr (msi_test_label_text (root, "progress-count"), ==, progress);
    g_assert_cmpstr (msi_test_label_text (root, "rate"), ==, rate);
    g_assert_true (g_str_has_prefix (msi_test_label_text (root, "time-left"), "About "));
    g_assert_cmpfloat (gtk_progress_bar_get_fraction (GTK_PROGRESS_BAR (msi_test_named (root, "progress-bar"))), >, 0);
    g_assert_true (gtk_widget_is_sensitive (msi_test_named (root, "cancel-sync")));
    g_assert_false (gtk_widget_get_visible (msi_test_named (root, "reconnecting")));
    g_test_message ("Progress: %s, %s, %s", progress, rate, msi_test_label_text (root, "time-left"));
    save_screenshot (GTK_WIDGET (run->window), "sync-progress.png");
  }
  /* The screenshot kept the loop busy itself: measured from here. */
  r.last_us = 0;
  r.longest_us = 0;

  /* To the end: every person processed, the summary, a toast, the
   * checklist's step done. */
  wait_for_end (page, MSI_SYNC_JOB_COMPLETED);
  g_source_remove (tick);
  g_test_message ("Sync of %d people: %.1f s; main loop while polling: %u ticks of 10 ms, longest gap %.1f ms",
                  SYNC_SEED_PEOPLE, (g_get_monotonic_time () - start_us) / 1e6, r.ticks, r.longest_us / 1000.0);
  g_assert_cmpint (msi_sync_job_get_processed (job), ==, SYNC_SEED_PEOPLE);
  g_assert_cmpfloat (msi_sync_job_get_fraction (job), ==, 1.0);
  {
    GtkWidget *root = GTK_WIDGET (page);
    g_autofree char *synced = msi_sync_text_count (msi_sync_job_get_synced (job));
    g_autofree char *synced_text = g_strdup_printf ("%s people were synced.", synced);
    g_autofree char *no_email = msi_sync_skip_reason_describe (MSI_SYNC_SKIP_NO_EMAIL,
                                                               msi_sync_job_get_skipped_for (job, MSI_SYNC_SKIP_NO_EMAIL));

    g_assert_cmpstr (msi_test_label_text (root, "result-title"), ==, "Sync Completed");
    g_assert_cmpstr (msi_test_label_text (root, "result-synced"), ==, synced_text);
    g_assert_cmpint (msi_sync_job_get_skipped_for (job, MSI_SYNC_SKIP_NO_EMAIL), >, 0);
    g_assert_cmpstr (msi_test_label_text (root, "result-skipped-" MSI_SYNC_SKIP_NO_EMAIL), ==, no_email);
    g_assert_true (gtk_widget_get_visible (msi_test_named (root, "result-skipped-" MSI_SYNC_SKIP_DUPLICATE_EMAIL)));
    g_autofree char *failed = msi_sync_text_count (msi_sync_job_get_failed (job));

    g_assert_cmpint (msi_sync_job_get_failed (job), >, 0);
    g_assert_true (g_str_has_prefix (msi_test_label_text (root, "result-failed"), failed));
    g_assert_nonnull (strstr (msi_test_label_text (root, "result-detail"), " · took "));
  }
  msi_test_wait_for_label (GTK_WIDGET (run->window), "The data sync is done");
  save_screenshot (GTK_WIDGET (run->window), "sync-completed.png");
  wait_for_step (run, "data-sync", MSI_SETUP_STATUS_DONE);
  wait_for_history (page, 1);

  return page;
}

/* --- a sync that fails part-way, after a change of fields ------------------------------- */

static void
failing_sync (Run         *run,
              MsiSyncPage *page)
{
  GtkWidget *root = GTK_WIDGET (page);
  MsiSyncPreviewDialog *dialog;
  GtkWidget *fields;
  MsiSyncJob *job;
  const char *error;

  /* Changes since the last sync: one field out, one in. */
  msi_test_sync_click (page, "annualRevenue");
  msi_test_sync_click (page, "website");
  gtk_editable_set_text (GTK_EDITABLE (msi_test_named (root, "search")), "");
  dialog = msi_test_open_preview (page);
  fields = msi_test_named (GTK_WIDGET (dialog), "fields");
  g_assert_cmpstr (msi_test_label_text (GTK_WIDGET (dialog), "sync-kind"), ==,
                   "Fields that changed since the last sync are marked.");
  g_assert_true (msi_test_shows_label (msi_test_named (fields, "website"), "New"));
  g_assert_true (msi_test_shows_label (msi_test_named (fields, "annualRevenue"), "Removed"));
  g_assert_true (msi_test_shows_text_containing (msi_test_named (GTK_WIDGET (dialog), "warnings"),
                                                 "“Annual Revenue” was synced last time and is not in this sync"));
  save_screenshot (GTK_WIDGET (dialog), "sync-preview-changes.png");

  set_sync_faults (run, "{\"failAtPercent\": 40, \"rate\": 30000}");
  job = start_sync (page, dialog);
  wait_for_end (page, MSI_SYNC_JOB_FAILED);

  /* The service's sentence, and how far it got. */
  error = msi_sync_job_get_error (job);
  g_assert_nonnull (error);
  g_test_message ("Failed sync: %s", error);
  g_assert_cmpstr (msi_test_label_text (root, "result-title"), ==, "Sync Failed");
  g_assert_cmpstr (msi_test_label_text (root, "result-error"), ==, error);
  g_assert_true (g_str_has_prefix (msi_test_label_text (root, "result-progress"), "It stopped after "));
  g_assert_cmpint (msi_sync_job_get_processed (job), <, SYNC_SEED_PEOPLE);
  msi_test_wait_for_label (GTK_WIDGET (run->window), "The data sync failed");
  save_screenshot (GTK_WIDGET (run->window), "sync-failed.png");
  wait_for_step (run, "data-sync", MSI_SETUP_STATUS_ATTENTION);
  wait_for_history (page, 2);
}

typedef struct
{
  GtkWidget *widget;
  gboolean   visible;
} LabelShown;

static gboolean
label_visible_is (gpointer data)
{
  LabelShown *wait = data;

  return gtk_widget_get_visible (wait->widget) == wait->visible;
}

/* --- cancel, confirmed -------------------------------------------------------------------- */

static void
cancelled_sync (Run         *run,
                MsiSyncPage *page)
{
  GtkWidget *root = GTK_WIDGET (page);
  MsiSyncPreviewDialog *dialog;
  MsiSyncJob *job;

  set_sync_faults (run, "{\"rate\": 3000}");
  dialog = msi_test_open_preview (page);
  job = start_sync (page, dialog);
  iterate_until (job_running_with_rate, page, 30);

  /* The service stops answering for a while: the page says so quietly
   * and carries on when it answers again (the watcher's waits shortened
   * for the test). */
  msi_sync_job_watcher_set_intervals (msi_sync_page_get_watcher (page), 200, 1000);
  set_sync_faults (run, "{\"status503\": 2}");
  {
    LabelShown wait = { msi_test_named (root, "reconnecting"), TRUE };
    gint64 before = msi_sync_job_get_processed (job);

    iterate_until (label_visible_is, &wait, 30);
    g_test_message ("Reconnecting shown after %u failed polls", msi_sync_job_watcher_get_failures (msi_sync_page_get_watcher (page)));
    g_assert_true (gtk_widget_get_visible (msi_test_named (root, "progress-count")));
    g_assert_false (gtk_widget_is_visible (msi_test_named (root, "lost")));
    save_screenshot (GTK_WIDGET (run->window), "sync-reconnecting.png");
    wait.visible = FALSE;
    iterate_until (label_visible_is, &wait, 30);
    g_assert_cmpint (msi_sync_job_get_processed (job), >, before);
  }

  /* The network drops the connection of two polls in a row (the demo
   * resets them), three times: the same. libsoup sends a poll whose
   * kept-alive connection was dropped again by itself, on a new
   * connection (msi-http-client.c), so the second drop reaches the page.
   * libsoup 3.2 used to send it on another kept-alive connection, and
   * crashed now and then. */
  for (guint round = 1; round <= 3; round++)
    {
      LabelShown wait = { msi_test_named (root, "reconnecting"), TRUE };
      gint64 before = msi_sync_job_get_processed (job);
      g_autoptr(JsonNode) stats = NULL;
      guint status = 0;

      set_sync_faults (run, "{\"dropConnection\": 2}");
      iterate_until (label_visible_is, &wait, 30);
      g_assert_false (gtk_widget_is_visible (msi_test_named (root, "lost")));
      wait.visible = FALSE;
      iterate_until (label_visible_is, &wait, 30);
      g_assert_cmpint (msi_sync_job_get_processed (job), >, before);

      stats = msi_test_demo_request (base_url (run), "GET", "/__demo/sync/stats", NULL, &status);
      g_assert_cmpuint (status, ==, 200);
      g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (json_node_get_object (stats),
                                                                                  "faultsInjected"),
                                                   "dropConnection"), ==, 2 * round);
    }

  /* Keep Syncing changes nothing; Cancel Sync stops it. */
  g_signal_emit_by_name (msi_test_named (root, "cancel-sync"), "clicked");
  msi_test_answer_dialog ("keep", NULL);
  g_assert_nonnull (msi_sync_page_get_watcher (page));
  g_signal_emit_by_name (msi_test_named (root, "cancel-sync"), "clicked");
  msi_test_answer_dialog ("cancel", "sync-cancel-confirm.png");
  wait_for_end (page, MSI_SYNC_JOB_CANCELLED);
  g_assert_cmpint (msi_sync_job_get_processed (job), <, SYNC_SEED_PEOPLE);
  g_assert_cmpstr (msi_test_label_text (root, "result-title"), ==, "Sync Cancelled");
  g_assert_true (g_str_has_prefix (msi_test_label_text (root, "result-progress"), "Cancelled after "));
  msi_test_wait_for_label (GTK_WIDGET (run->window), "The data sync was cancelled");
  wait_for_history (page, 3);
}

/* --- a new window picks up the running sync ------------------------------------------------ */

static gboolean
new_window_watching (gpointer data)
{
  Run *run = data;
  MsiSyncPage *page;

  if (run->window == NULL || !checklist_loaded (run))
    return FALSE;
  page = msi_test_sync_page (run);
  return msi_sync_page_get_watcher (page) != NULL;
}

static void
reopened_window (Run         *run,
                 MsiSyncPage *page)
{
  MsiSyncPreviewDialog *dialog;
  g_autofree char *id = NULL;
  MsiSyncJob *job;

  set_sync_faults (run, "{\"rate\": 9000}");
  dialog = msi_test_open_preview (page);
  job = start_sync (page, dialog);
  id = g_strdup (msi_sync_job_get_id (job));
  iterate_until (job_running_with_rate, page, 30);

  /* The window closes; the sync goes on on the service. */
  g_application_hold (G_APPLICATION (run->app));
  gtk_window_destroy (GTK_WINDOW (run->window));
  run->window = NULL;
  settle (300);

  /* A new window finds it among the past syncs and follows it, before
   * the page is even shown. */
  g_application_activate (G_APPLICATION (run->app));
  iterate_until (new_window_watching, run, 60);
  g_application_release (G_APPLICATION (run->app));
  page = msi_test_sync_page (run);
  job = msi_sync_page_get_job (page);
  g_assert_cmpstr (msi_sync_job_get_id (job), ==, id);
  g_assert_cmpint (msi_sync_job_get_processed (job), >, 0);

  msi_test_show_sync_page (run);
  iterate_until (job_running_with_rate, page, 30);
  g_assert_true (gtk_revealer_get_reveal_child (GTK_REVEALER (msi_test_named (GTK_WIDGET (page), "progress"))));
  settle (300);
  save_screenshot (GTK_WIDGET (run->window), "sync-progress-resumed.png");

  wait_for_end (page, MSI_SYNC_JOB_COMPLETED);
  g_assert_cmpint (msi_sync_job_get_processed (job), ==, SYNC_SEED_PEOPLE);
  wait_for_step (run, "data-sync", MSI_SETUP_STATUS_DONE);

  /* The history: four syncs, newest first, each with its duration. */
  wait_for_history (page, 4);
  gtk_stack_set_visible_child_name (GTK_STACK (msi_test_named (GTK_WIDGET (page), "view-stack")), "history");
  settle (400);
  {
    GPtrArray *history = msi_sync_page_get_history (page);
    static const MsiSyncJobState states[] = {
      MSI_SYNC_JOB_COMPLETED, MSI_SYNC_JOB_CANCELLED, MSI_SYNC_JOB_FAILED, MSI_SYNC_JOB_COMPLETED,
    };

    for (guint i = 0; i < G_N_ELEMENTS (states); i++)
      {
        MsiSyncJob *past = g_ptr_array_index (history, i);
        g_autofree char *row_name = g_strconcat ("job-", msi_sync_job_get_id (past), NULL);
        GtkWidget *row = msi_test_named (msi_test_named (GTK_WIDGET (page), "history"), row_name);

        g_assert_cmpint (msi_sync_job_get_state (past), ==, states[i]);
        g_assert_cmpstr (msi_test_label_text (row, "state"), ==, msi_sync_text_job_state (states[i]));
        g_assert_true (gtk_widget_get_visible (msi_test_named (row, "duration")));
      }
  }
  save_screenshot (GTK_WIDGET (run->window), "sync-history.png");
}

static void
check_sync (gpointer data)
{
  Run *run = data;
  MsiSyncPage *page;
  gint64 start = g_get_monotonic_time ();

  iterate_until (sign_in_page_shown, run, 60);
  msi_test_sign_in_directly (current_auth (run), ADMIN_EMAIL, ADMIN_PASSWORD);
  iterate_until (checklist_loaded, run, 60);
  msi_test_connect_marketo (run);
  wait_for_step (run, "connect-marketo", MSI_SETUP_STATUS_DONE);

  page = first_sync (run);
  failing_sync (run, page);
  cancelled_sync (run, page);
  reopened_window (run, page);
  g_test_message ("Whole data sync e2e: %.1f s", (g_get_monotonic_time () - start) / 1e6);
}

static void
test_sync (void)
{
  Run run = { .argv1 = "--demo", .check = check_sync };

  forget_demo_account ();
  run_app (&run);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *home = msi_test_private_user_dirs ();

  g_setenv ("MSI_DEMO_TEST_HOOKS", "1", TRUE);
  g_test_init (&argc, &argv, NULL);

  if (g_getenv ("DISPLAY") == NULL && g_getenv ("WAYLAND_DISPLAY") == NULL)
    {
      g_test_skip ("No display: run under build-aux/check");
      return g_test_run ();
    }

  g_test_add_func ("/e2e/sync/choose-preview-run-fail-cancel-reopen", test_sync);

  return g_test_run ();
}
