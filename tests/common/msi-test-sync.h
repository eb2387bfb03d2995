/* SPDX-License-Identifier: GPL-3.0-or-later */
/* msi-test-sync.h: the data sync page and its preview in the UI and e2e tests */

#pragma once

#include "common/msi-test-users.h"
#include "msi-actions-admin.h"
#include "msi-connection-page.h"
#include "msi-sync-page-private.h"
#include "msi-sync-text.h"
#include "../../src/demo/msi-demo-seed.h"

/* The demo server's seed (msi-demo-store.c, msi-demo-sync.c). */
#define SYNC_SEED_PEOPLE        52318
#define SYNC_SEED_FIELDS        112   /* 111 lead fields and the deleted one still chosen */
#define SYNC_SEED_SELECTED      9
#define SYNC_DELETED_FIELD      "tradeShowBadgeId"
#define SYNC_LIMIT              13

static G_GNUC_UNUSED MsiSyncPage *
msi_test_sync_page (Run *run)
{
  return MSI_SYNC_PAGE (msi_window_get_page (run->window, "sync"));
}

typedef struct
{
  MsiSyncPage *page;
  const char  *state;
} SyncStateWait;

static G_GNUC_UNUSED gboolean
sync_page_is (gpointer data)
{
  SyncStateWait *wait = data;

  return g_strcmp0 (msi_sync_page_get_state (wait->page), wait->state) == 0 &&
         !msi_sync_page_get_busy (wait->page);
}

static G_GNUC_UNUSED void
msi_test_wait_sync_state (MsiSyncPage *page,
                          const char  *state)
{
  SyncStateWait wait = { page, state };

  iterate_until (sync_page_is, &wait, 60);
}

static G_GNUC_UNUSED const char *
msi_test_label_text (GtkWidget  *root,
                     const char *name)
{
  return gtk_label_get_text (GTK_LABEL (msi_test_named (root, name)));
}

static G_GNUC_UNUSED MsiSyncField *
msi_test_sync_field (MsiSyncPage *page,
                     const char  *name)
{
  GListModel *fields = msi_sync_page_get_fields (page);

  for (guint i = 0; i < g_list_model_get_n_items (fields); i++)
    {
      g_autoptr(MsiSyncField) field = g_list_model_get_item (fields, i);

      if (g_str_equal (msi_sync_field_get_name (field), name))
        return field; /* the model keeps it */
    }

  g_error ("No field “%s” on the page", name);
}

typedef struct
{
  GtkWidget  *root;
  const char *name;
  GtkWidget  *found;
} MappedWait;

static G_GNUC_UNUSED GtkWidget *
find_mapped_named (GtkWidget  *root,
                   const char *name)
{
  if (g_strcmp0 (gtk_widget_get_name (root), name) == 0 && gtk_widget_get_mapped (root))
    return root;

  for (GtkWidget *child = gtk_widget_get_first_child (root); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_mapped_named (child, name);

      if (found != NULL)
        return found;
    }

  return NULL;
}

static G_GNUC_UNUSED gboolean
mapped_named_shown (gpointer data)
{
  MappedWait *wait = data;

  wait->found = find_mapped_named (wait->root, wait->name);
  return wait->found != NULL;
}

/* The row of field @name, drawn: searched for by its REST name, as a
 * person would type it. */
static G_GNUC_UNUSED GtkWidget *
msi_test_sync_row (MsiSyncPage *page,
                   const char  *name)
{
  g_autofree char *row_name = g_strconcat ("field-", name, NULL);
  MappedWait wait = { GTK_WIDGET (page), row_name, NULL };
  GtkWidget *search = msi_test_named (GTK_WIDGET (page), "search");

  if (g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (search)), name) != 0)
    gtk_editable_set_text (GTK_EDITABLE (search), name);
  iterate_until (mapped_named_shown, &wait, 30);

  return wait.found;
}

/* Clicks the check button of field @name, as a person would. */
static G_GNUC_UNUSED void
msi_test_sync_click (MsiSyncPage *page,
                     const char  *name)
{
  GtkWidget *row = msi_test_sync_row (page, name);
  GtkWidget *check = msi_test_named (row, "check");

  g_assert_true (gtk_widget_is_sensitive (check));
  gtk_widget_activate (check);
  settle (50);
}

/* The page's fields as the demo seeds them, read. */
static G_GNUC_UNUSED MsiSyncPage *
msi_test_show_sync_page (Run *run)
{
  MsiSyncPage *page = msi_test_sync_page (run);

  gtk_widget_activate_action (GTK_WIDGET (run->window), "win.show-page", "s", "sync");
  g_assert_cmpstr (msi_window_get_content_page (run->window), ==, "sync");
  return page;
}

typedef struct
{
  MsiSyncPreviewDialog *dialog;
  const char           *state;
} PreviewWait;

static G_GNUC_UNUSED gboolean
preview_is (gpointer data)
{
  PreviewWait *wait = data;

  return g_strcmp0 (msi_sync_preview_dialog_get_state (wait->dialog), wait->state) == 0;
}

static G_GNUC_UNUSED gboolean
preview_dialog_open (gpointer data)
{
  return msi_sync_page_get_preview_dialog (MSI_SYNC_PAGE (data)) != NULL;
}

static G_GNUC_UNUSED gboolean
preview_dialog_gone (gpointer data)
{
  return msi_sync_page_get_preview_dialog (MSI_SYNC_PAGE (data)) == NULL;
}

/* Sync… on the page (saving first when needed), then the preview read. */
static G_GNUC_UNUSED MsiSyncPreviewDialog *
msi_test_open_preview (MsiSyncPage *page)
{
  PreviewWait wait = { NULL, "preview" };

  g_assert_true (gtk_widget_is_sensitive (msi_test_named (GTK_WIDGET (page), "sync")));
  g_signal_emit_by_name (msi_test_named (GTK_WIDGET (page), "sync"), "clicked");
  iterate_until (preview_dialog_open, page, 60);
  wait.dialog = msi_sync_page_get_preview_dialog (page);
  iterate_until (preview_is, &wait, 60);
  /* The stack fades from the spinner to the preview. */
  settle (600);

  return wait.dialog;
}

/* Whether a label under @root holds @part, visible. */
static G_GNUC_UNUSED gboolean
msi_test_shows_text_containing (GtkWidget  *root,
                                const char *part)
{
  if (!gtk_widget_get_visible (root))
    return FALSE;

  if (GTK_IS_LABEL (root) && strstr (gtk_label_get_text (GTK_LABEL (root)), part) != NULL)
    return TRUE;

  for (GtkWidget *child = gtk_widget_get_first_child (root); child; child = gtk_widget_get_next_sibling (child))
    if (msi_test_shows_text_containing (child, part))
      return TRUE;

  return FALSE;
}

/* --- the connection to Marketo -------------------------------------------------------- */

typedef struct
{
  MsiActionsAdmin *admin;
  gboolean         done;
} MarketoConnect;

static G_GNUC_UNUSED void
marketo_connected_cb (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  MarketoConnect *connect = user_data;
  g_autoptr(JsonObject) connection = NULL;
  g_autoptr(GError) error = NULL;

  connection = msi_actions_admin_connect_marketo_finish (connect->admin, result, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (connection, "status"), ==, "connected");
  connect->done = TRUE;
}

/* Connects the demo account to Marketo with the REST credentials an
 * admin would paste on the Marketo page (the account is not activated:
 * the automatic connection needs that), then tells the window. */
static G_GNUC_UNUSED void
msi_test_connect_marketo (Run *run)
{
  static const MsiMarketoCredentials credentials = {
    .munchkin_id = (char *)MSI_DEMO_MARKETO_MUNCHKIN_ID,
    .client_id = (char *)MSI_DEMO_MARKETO_CLIENT_ID,
    .client_secret = (char *)MSI_DEMO_MARKETO_CLIENT_SECRET,
  };
  MarketoConnect connect = { msi_actions_admin_new (msi_application_get_auth (run->app)), FALSE };

  msi_actions_admin_connect_marketo_async (connect.admin, &credentials, NULL, marketo_connected_cb, &connect);
  iterate_until (flag_set, &connect.done, 60);
  g_clear_object (&connect.admin);
  gtk_widget_activate_action (GTK_WIDGET (run->window), "win.setup-changed", NULL);
}
