/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-sync-page.c: the data sync page and its preview with real widgets against the demo Sales account */

#define G_LOG_DOMAIN "test-sync-page"

#include "config.h"

#include <string.h>

#include "common/msi-test-sync.h"
#include "msi-application.h"
#include "msi-window.h"

#define ADMIN_EMAIL    "admin@northwind.example"
#define ADMIN_PASSWORD "demo-admin"

static gboolean
auth_settled (gpointer data)
{
  Run *run = data;
  MsiActionsAuth *auth = run->app ? msi_application_get_auth (run->app) : NULL;

  if (run->window == NULL || g_strcmp0 (msi_window_get_visible_page (run->window), "main") != 0 || auth == NULL)
    return FALSE;

  return msi_actions_auth_get_state (auth) == MSI_AUTH_STATE_SIGNED_IN ||
         msi_actions_auth_get_state (auth) == MSI_AUTH_STATE_SIGNED_OUT;
}

static const char *
base_url (Run *run)
{
  return msi_profile_get_actions_url (msi_application_get_profile (run->app));
}

/* Signed in as the demo's admin (restored from the keyring after the
 * first test), the sync page on screen. */
static MsiSyncPage *
open_sync_page (Run *run)
{
  MsiActionsAuth *auth;

  iterate_until (auth_settled, run, 60);
  auth = msi_application_get_auth (run->app);
  if (msi_actions_auth_get_state (auth) != MSI_AUTH_STATE_SIGNED_IN)
    msi_test_sign_in_directly (auth, ADMIN_EMAIL, ADMIN_PASSWORD);
  iterate_until (checklist_loaded, run, 60);

  return msi_test_show_sync_page (run);
}

static void
hook (Run        *run,
      const char *method,
      const char *path,
      const char *body)
{
  g_autoptr(JsonNode) reply = NULL;
  guint status = 0;

  reply = msi_test_demo_request (base_url (run), method, path, body, &status);
  g_assert_cmpuint (status, <, 300);
}

/* --- Marketo not connected, then the fields ------------------------------------------- */

static void
check_fields (gpointer data)
{
  Run *run = data;
  MsiSyncPage *page = open_sync_page (run);
  GtkWidget *root = GTK_WIDGET (page);
  GtkWidget *row;
  MsiSyncField *deleted;
  guint n_always = 0;

  /* Nothing to sync before Marketo is connected: the page says so and
   * leads to the Marketo page. */
  msi_test_wait_sync_state (page, "not-connected");
  settle (300);
  save_screenshot (GTK_WIDGET (run->window), "sync-not-connected.png");
  g_signal_emit_by_name (msi_test_named (root, "connect-marketo"), "clicked");
  g_assert_cmpstr (msi_window_get_content_page (run->window), ==, "marketo");
  msi_test_connect_marketo (run);

  /* Back on the page: the fields, the count, the always-synced ones. */
  msi_test_show_sync_page (run);
  msi_test_wait_sync_state (page, "fields");
  g_assert_cmpuint (g_list_model_get_n_items (msi_sync_page_get_fields (page)), ==, SYNC_SEED_FIELDS);
  g_assert_cmpuint (msi_sync_page_get_n_shown (page), ==, SYNC_SEED_FIELDS);
  g_assert_cmpuint (msi_sync_page_get_limit (page), ==, SYNC_LIMIT);
  g_assert_cmpstr (msi_test_label_text (root, "count"), ==, "9 of 13 fields selected");
  for (guint i = 0; i < SYNC_SEED_FIELDS; i++)
    {
      g_autoptr(MsiSyncField) field = g_list_model_get_item (msi_sync_page_get_fields (page), i);

      n_always += msi_sync_field_get_always_synced (field);
    }
  g_assert_cmpuint (n_always, ==, 3);

  row = msi_test_sync_row (page, "email");
  g_assert_true (gtk_widget_get_visible (msi_test_named (row, "always")));
  g_assert_true (gtk_check_button_get_active (GTK_CHECK_BUTTON (msi_test_named (row, "check"))));
  g_assert_false (gtk_widget_is_sensitive (msi_test_named (row, "check")));
  g_assert_nonnull (strstr (gtk_widget_get_tooltip_text (msi_test_named (row, "check")), "always synced"));

  /* The seeded choice holds a field Marketo deleted: its row, and the
   * banner above the list, say so, with a way out. */
  deleted = msi_test_sync_field (page, SYNC_DELETED_FIELD);
  g_assert_true (msi_sync_field_get_selected (deleted));
  row = msi_test_sync_row (page, SYNC_DELETED_FIELD);
  g_assert_true (gtk_widget_get_visible (msi_test_named (row, "reason")));
  g_assert_nonnull (strstr (msi_test_label_text (row, "reason"), "no longer exists in Marketo"));
  g_assert_true (gtk_widget_has_css_class (msi_test_named (row, "reason"), "error"));
  g_assert_true (gtk_widget_is_sensitive (msi_test_named (row, "check")));
  g_assert_true (gtk_revealer_get_reveal_child (GTK_REVEALER (msi_test_named (root, "blocked"))));
  g_assert_true (msi_test_shows_text_containing (msi_test_named (root, "blocked-list"), "Trade Show Badge ID"));
  g_assert_true (gtk_widget_get_visible (msi_test_named (root, "unselect-" SYNC_DELETED_FIELD)));

  /* A formula field says why it cannot be chosen. */
  row = msi_test_sync_row (page, "greetingFormula");
  g_assert_false (gtk_widget_is_sensitive (msi_test_named (row, "check")));
  g_assert_nonnull (strstr (msi_test_label_text (row, "reason"), "formula field"));
  g_assert_cmpstr (gtk_widget_get_tooltip_text (msi_test_named (row, "check")), ==,
                   msi_test_label_text (row, "reason"));

  gtk_editable_set_text (GTK_EDITABLE (msi_test_named (root, "search")), "");
  settle (400);
  save_screenshot (GTK_WIDGET (run->window), "sync-fields.png");

  /* Dark, then narrow: the count and the buttons stay in sight. */
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_FORCE_DARK);
  settle (300);
  save_screenshot (GTK_WIDGET (run->window), "sync-fields-dark.png");
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_DEFAULT);
  gtk_window_set_default_size (GTK_WINDOW (run->window), 360, 640);
  settle (500);
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (run->window)), <=, 400);
  g_assert_cmpstr (msi_window_get_content_page (run->window), ==, "sync");
  g_assert_true (gtk_widget_get_mapped (msi_test_named (root, "count")));
  g_assert_true (gtk_widget_get_mapped (msi_test_named (root, "sync")));
  g_assert_true (gtk_widget_get_mapped (msi_test_named (root, "search")));
  save_screenshot (GTK_WIDGET (run->window), "sync-fields-narrow.png");
  gtk_window_set_default_size (GTK_WINDOW (run->window), 1000, 720);
  settle (300);
}

static void
test_fields (void)
{
  Run run = { .argv1 = "--demo", .check = check_fields };

  run_app (&run);
}

/* --- search and the limit --------------------------------------------------------------- */

static void
check_search_and_limit (gpointer data)
{
  Run *run = data;
  MsiSyncPage *page = open_sync_page (run);
  GtkWidget *root = GTK_WIDGET (page);
  GtkWidget *search = msi_test_named (root, "search");
  static const char * const more[] = { "state", "postalCode", "fax", "website" };
  GtkWidget *row;
  const char *reason;

  msi_test_wait_sync_state (page, "fields");

  /* Ctrl+F reaches the search from the list. */
  gtk_widget_grab_focus (msi_test_named (root, "fields"));
  gtk_widget_activate_action (root, "sync.search", NULL);
  {
    GtkWidget *focus = gtk_root_get_focus (gtk_widget_get_root (search));

    g_assert_true (focus == search || gtk_widget_is_ancestor (focus, search));
  }

  /* By type as well as by name, whatever the case. */
  gtk_editable_set_text (GTK_EDITABLE (search), "SCORE");
  settle (400);
  g_assert_cmpuint (msi_sync_page_get_n_shown (page), >=, 2);
  g_assert_cmpuint (msi_sync_page_get_n_shown (page), <, 20);
  gtk_editable_set_text (GTK_EDITABLE (search), "no field is called this");
  settle (400);
  g_assert_cmpuint (msi_sync_page_get_n_shown (page), ==, 0);
  g_assert_true (gtk_widget_get_mapped (msi_test_named (root, "no-match")));

  /* Up to the limit: 9 chosen, 4 more. */
  g_assert_cmpstr (msi_test_label_text (root, "count"), ==, "9 of 13 fields selected");
  for (guint i = 0; i < G_N_ELEMENTS (more); i++)
    {
      g_assert_false (msi_sync_field_get_selected (msi_test_sync_field (page, more[i])));
      msi_test_sync_click (page, more[i]);
      g_assert_true (msi_sync_field_get_selected (msi_test_sync_field (page, more[i])));
    }
  g_assert_cmpstr (msi_test_label_text (root, "count"), ==, "13 of 13 fields selected");
  g_assert_true (msi_sync_page_get_dirty (page));
  g_assert_true (gtk_widget_is_sensitive (msi_test_named (root, "save")));

  /* Another field cannot be chosen, and its row says why. */
  row = msi_test_sync_row (page, "mobilePhone");
  g_assert_false (gtk_widget_is_sensitive (msi_test_named (row, "check")));
  reason = msi_test_label_text (row, "reason");
  g_assert_true (gtk_widget_get_visible (msi_test_named (row, "reason")));
  g_assert_nonnull (strstr (reason, "at most 13 fields"));
  g_assert_nonnull (strstr (reason, "Mobile Phone"));
  g_assert_cmpstr (gtk_widget_get_tooltip_text (msi_test_named (row, "check")), ==, reason);
  settle (300);
  save_screenshot (GTK_WIDGET (run->window), "sync-limit.png");

  /* Enter on a row does what its check button does: out, then the
   * others can be chosen again. */
  msi_test_sync_click (page, "fax");
  g_assert_cmpstr (msi_test_label_text (root, "count"), ==, "12 of 13 fields selected");
  row = msi_test_sync_row (page, "mobilePhone");
  g_assert_true (gtk_widget_is_sensitive (msi_test_named (row, "check")));
  g_assert_false (gtk_widget_get_visible (msi_test_named (row, "reason")));

  /* Only the fields in the sync. */
  gtk_editable_set_text (GTK_EDITABLE (search), "");
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (msi_test_named (root, "selected-only")), TRUE);
  settle (300);
  g_assert_cmpuint (msi_sync_page_get_n_shown (page), ==, 12 + 3);
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (msi_test_named (root, "selected-only")), FALSE);

  /* Reading the fields again keeps a choice not saved yet. */
  gtk_widget_activate_action (root, "sync.reload", NULL);
  settle (100);
  msi_test_wait_sync_state (page, "fields");
  g_assert_cmpstr (msi_test_label_text (root, "count"), ==, "12 of 13 fields selected");
  g_assert_true (msi_sync_field_get_selected (msi_test_sync_field (page, "postalCode")));
  g_assert_true (msi_sync_page_get_dirty (page));
}

static void
test_search_and_limit (void)
{
  Run run = { .argv1 = "--demo", .check = check_search_and_limit };

  run_app (&run);
}

/* --- the first preview is blocked, and says why --------------------------------------- */

static void
check_blocked_preview (gpointer data)
{
  Run *run = data;
  MsiSyncPage *page = open_sync_page (run);
  GtkWidget *root = GTK_WIDGET (page);
  MsiSyncPreviewDialog *dialog;
  MsiSyncPreview *preview;
  GtkWidget *blocked;

  msi_test_wait_sync_state (page, "fields");
  g_assert_false (msi_sync_page_get_dirty (page));

  /* The saved choice: the preview lists what blocks it first, and
   * Start Sync stays off. */
  dialog = msi_test_open_preview (page);
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (dialog)) == GTK_WINDOW (run->window));
  preview = msi_sync_preview_dialog_get_preview (dialog);
  g_assert_true (msi_sync_preview_get_blocked (preview));
  g_assert_false (msi_sync_preview_dialog_get_can_start (dialog));
  g_assert_false (gtk_widget_is_sensitive (msi_test_named (GTK_WIDGET (dialog), "start")));
  blocked = msi_test_named (GTK_WIDGET (dialog), "blocked");
  g_assert_true (gtk_widget_get_visible (blocked));
  g_assert_true (msi_test_shows_text_containing (blocked, "“Trade Show Badge ID” no longer exists in Marketo"));
  g_assert_true (msi_test_shows_text_containing (blocked, "Unselect it to start the sync."));
  {
    g_autofree char *people = msi_sync_text_count (SYNC_SEED_PEOPLE);
    g_autofree char *expected = g_strdup_printf ("%s people will be synced from Marketo to the Sales account.",
                                                 people);

    g_assert_cmpstr (msi_test_label_text (GTK_WIDGET (dialog), "people"), ==, expected);
  }
  save_screenshot (GTK_WIDGET (dialog), "sync-preview-blocked.png");

  /* Change the Fields: back to the page, showing the fields in the sync. */
  g_signal_emit_by_name (msi_test_named (GTK_WIDGET (dialog), "change-selection"), "clicked");
  iterate_until (preview_dialog_gone, page, 10);
  g_assert_true (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (msi_test_named (root, "selected-only"))));
  g_assert_cmpuint (msi_sync_page_get_n_shown (page), ==, SYNC_SEED_SELECTED + 3);

  /* The banner's Unselect, then Sync… saves and previews: nothing
   * blocks any more. */
  g_signal_emit_by_name (msi_test_named (root, "unselect-" SYNC_DELETED_FIELD), "clicked");
  settle (100);
  g_assert_false (msi_sync_field_get_selected (msi_test_sync_field (page, SYNC_DELETED_FIELD)));
  g_assert_false (gtk_revealer_get_reveal_child (GTK_REVEALER (msi_test_named (root, "blocked"))));
  g_assert_cmpstr (msi_test_label_text (root, "count"), ==, "8 of 13 fields selected");
  g_assert_true (msi_sync_page_get_dirty (page));

  dialog = msi_test_open_preview (page);
  g_assert_false (msi_sync_page_get_dirty (page));
  g_assert_false (msi_sync_preview_get_blocked (msi_sync_preview_dialog_get_preview (dialog)));
  g_assert_true (msi_sync_preview_dialog_get_can_start (dialog));
  g_assert_false (gtk_widget_get_visible (msi_test_named (GTK_WIDGET (dialog), "blocked")));
  g_assert_true (gtk_widget_is_sensitive (msi_test_named (GTK_WIDGET (dialog), "start")));
  /* Start Sync is the default: Enter starts. */
  g_assert_true (gtk_window_get_default_widget (GTK_WINDOW (dialog)) ==
                 msi_test_named (GTK_WIDGET (dialog), "start"));

  /* Escape closes it: nothing started. */
  gtk_widget_activate_action (GTK_WIDGET (dialog), "window.close", NULL);
  iterate_until (preview_dialog_gone, page, 10);
  settle (300);
  g_assert_null (msi_sync_page_get_watcher (page));
}

static void
test_blocked_preview (void)
{
  Run run = { .argv1 = "--demo", .check = check_blocked_preview };

  run_app (&run);
}

/* --- saving fails: each reason said, the choice kept ------------------------------------- */

static gboolean
save_error_shown (gpointer data)
{
  MsiSyncPage *page = data;

  return gtk_revealer_get_reveal_child (GTK_REVEALER (msi_test_named (GTK_WIDGET (page), "save-error"))) &&
         !msi_sync_page_get_busy (page);
}

static const char *
save_and_fail (MsiSyncPage *page)
{
  GtkWidget *root = GTK_WIDGET (page);

  g_assert_true (gtk_widget_is_sensitive (msi_test_named (root, "save")));
  g_signal_emit_by_name (msi_test_named (root, "save"), "clicked");
  iterate_until (save_error_shown, page, 60);

  /* Nothing lost: still to be saved. */
  g_assert_true (msi_sync_page_get_dirty (page));
  return msi_test_label_text (root, "save-error-label");
}

static void
check_save_errors (gpointer data)
{
  Run *run = data;
  MsiSyncPage *page = open_sync_page (run);
  GtkWidget *root = GTK_WIDGET (page);
  const char *message;
  guint n_fields;

  msi_test_wait_sync_state (page, "fields");
  n_fields = g_list_model_get_n_items (msi_sync_page_get_fields (page));

  /* An admin deletes a field in Marketo while the page shows it. */
  hook (run, "PUT", "/__demo/marketo/lead-fields/fax", "{\"deleted\": true}");
  msi_test_sync_click (page, "fax");
  message = save_and_fail (page);
  g_test_message ("Unknown field: %s", message);
  g_assert_nonnull (strstr (message, "“fax”"));
  g_assert_nonnull (strstr (message, "Reload the fields"));
  g_assert_true (msi_sync_field_get_selected (msi_test_sync_field (page, "fax")));
  g_assert_true (gtk_widget_get_visible (msi_test_named (root, "save-error-reload")));
  settle (300);
  save_screenshot (GTK_WIDGET (run->window), "sync-save-unknown-field.png");

  /* Reload Fields: the field is gone; the rest of the choice stays. */
  g_signal_emit_by_name (msi_test_named (root, "save-error-reload"), "clicked");
  settle (100);
  msi_test_wait_sync_state (page, "fields");
  g_assert_cmpuint (g_list_model_get_n_items (msi_sync_page_get_fields (page)), ==, n_fields - 1);
  g_assert_false (msi_sync_page_get_dirty (page));

  /* A field turned into a formula after the page read it. */
  hook (run, "PUT", "/__demo/marketo/lead-fields/state", "{\"dataType\": \"formula\"}");
  msi_test_sync_click (page, "state");
  message = save_and_fail (page);
  g_test_message ("Unavailable field: %s", message);
  g_assert_nonnull (strstr (message, "formula field"));
  g_assert_false (gtk_widget_get_visible (msi_test_named (root, "save-error-reload")));
  g_assert_true (msi_sync_field_get_selected (msi_test_sync_field (page, "state")));
  msi_test_sync_click (page, "state");
  g_assert_false (msi_sync_page_get_dirty (page));

  /* More fields than the account syncs: a page that read the fields
   * before others chose four more elsewhere lets a fifth be chosen; the
   * service refuses, and says how many. */
  {
    g_autoptr(GPtrArray) all = g_ptr_array_new_with_free_func (g_object_unref);
    GListModel *fields = msi_sync_page_get_fields (page);
    guint n;

    for (guint i = 0; i < g_list_model_get_n_items (fields); i++)
      g_ptr_array_add (all, g_list_model_get_item (fields, i));
    n = msi_sync_selection_count (all);
    for (guint i = 0; i < all->len && n < SYNC_LIMIT; i++)
      {
        MsiSyncField *field = g_ptr_array_index (all, i);

        if (!msi_sync_field_get_selected (field) &&
            !g_str_equal (msi_sync_field_get_name (field), "mobilePhone") &&
            msi_sync_selection_can_select (field, 0, SYNC_LIMIT, NULL))
          {
            msi_sync_field_set_selected (field, TRUE);
            n++;
          }
      }
    msi_test_sync_click (page, "mobilePhone");
    g_assert_cmpuint (msi_sync_selection_count (all), ==, SYNC_LIMIT + 1);
  }
  message = save_and_fail (page);
  g_test_message ("Over the limit: %s", message);
  g_assert_nonnull (strstr (message, "at most 13 fields"));
  g_assert_nonnull (strstr (message, "14"));
  settle (300);
  save_screenshot (GTK_WIDGET (run->window), "sync-save-over-limit.png");
}

static void
test_save_errors (void)
{
  Run run = { .argv1 = "--demo", .check = check_save_errors };

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

  /* In this order: each starts where the one before left the account. */
  g_test_add_func ("/sync-page/not-connected-then-fields", test_fields);
  g_test_add_func ("/sync-page/search-and-limit", test_search_and_limit);
  g_test_add_func ("/sync-page/blocked-preview", test_blocked_preview);
  g_test_add_func ("/sync-page/save-errors", test_save_errors);

  return g_test_run ();
}
