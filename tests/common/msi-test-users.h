/* SPDX-License-Identifier: GPL-3.0-or-later */
/* msi-test-users.h: the users page and its dialogs in the UI and e2e tests: widgets, rows, the demo's SCIM hooks */

#pragma once

#include <string.h>

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "common/msi-test-demo-http.h"
#include "common/msi-test-ui.h"
#include "msi-csv-import-dialog-private.h"
#include "msi-import-history-dialog-private.h"
#include "msi-import-row-item.h"
#include "msi-invite-dialog-private.h"
#include "msi-users-page-private.h"

/* --- widgets as a person sees them ------------------------------------------ */

static G_GNUC_UNUSED GtkWidget *
msi_test_find_named (GtkWidget  *root,
                     const char *name)
{
  if (g_strcmp0 (gtk_widget_get_name (root), name) == 0)
    return root;

  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = msi_test_find_named (child, name);

      if (found != NULL)
        return found;
    }

  return NULL;
}

static G_GNUC_UNUSED GtkWidget *
msi_test_named (GtkWidget  *root,
                const char *name)
{
  GtkWidget *widget = msi_test_find_named (root, name);

  if (widget == NULL)
    g_error ("No widget named “%s” under %s", name, G_OBJECT_TYPE_NAME (root));
  return widget;
}

/* Whether a label with exactly @text is shown anywhere under @root. */
static G_GNUC_UNUSED gboolean
msi_test_shows_label (GtkWidget  *root,
                      const char *text)
{
  if (GTK_IS_LABEL (root) && gtk_widget_is_visible (root) &&
      g_strcmp0 (gtk_label_get_text (GTK_LABEL (root)), text) == 0)
    return TRUE;

  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (msi_test_shows_label (child, text))
        return TRUE;
    }

  return FALSE;
}

typedef struct
{
  GtkWidget  *root;
  const char *text;
} LabelWait;

static G_GNUC_UNUSED gboolean
msi_test_label_shown (gpointer data)
{
  LabelWait *wait = data;

  return msi_test_shows_label (wait->root, wait->text);
}

/* Waits for a toast (or any label) with exactly @text. */
static G_GNUC_UNUSED void
msi_test_wait_for_label (GtkWidget  *root,
                         const char *text)
{
  LabelWait wait = { root, text };

  iterate_until (msi_test_label_shown, &wait, 60);
}

/* One row of a list of users, as drawn. */
typedef struct
{
  char     *name;
  char     *address;
  char     *detail;
  char     *status;
  gboolean  loading;
  gboolean  pending;      /* resend and revoke are offered */
} ShownUser;

static G_GNUC_UNUSED void
shown_user_free (ShownUser *user)
{
  g_free (user->name);
  g_free (user->address);
  g_free (user->detail);
  g_free (user->status);
  g_free (user);
}

static G_GNUC_UNUSED void
collect_user_rows (GtkWidget *widget,
                   GPtrArray *rows)
{
  if (gtk_widget_has_css_class (widget, "msi-user-row") && gtk_widget_get_mapped (widget))
    {
      ShownUser *user = g_new0 (ShownUser, 1);
      GtkWidget *texts = gtk_widget_get_first_child (widget);
      GtkWidget *name = gtk_widget_get_first_child (texts);
      GtkWidget *address = gtk_widget_get_next_sibling (name);
      GtkWidget *detail = gtk_widget_get_next_sibling (address);
      GtkWidget *status = gtk_widget_get_next_sibling (texts);
      GtkWidget *resend = gtk_widget_get_next_sibling (status);

      user->loading = gtk_widget_has_css_class (widget, "loading");
      user->name = g_strdup (gtk_inscription_get_text (GTK_INSCRIPTION (name)));
      user->address = g_strdup (gtk_inscription_get_text (GTK_INSCRIPTION (address)));
      user->detail = g_strdup (gtk_inscription_get_text (GTK_INSCRIPTION (detail)));
      user->status = gtk_widget_get_visible (status) ? g_strdup (gtk_label_get_text (GTK_LABEL (status))) : NULL;
      user->pending = gtk_widget_get_visible (resend);
      g_ptr_array_add (rows, user);
      return;
    }

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_user_rows (child, rows);
}

/* The user rows drawn on screen, top to bottom. */
static G_GNUC_UNUSED GPtrArray *
msi_test_shown_users (GtkWidget *page)
{
  GPtrArray *rows = g_ptr_array_new_with_free_func ((GDestroyNotify)shown_user_free);

  collect_user_rows (msi_test_named (page, "users"), rows);
  return rows;
}

static G_GNUC_UNUSED ShownUser *
msi_test_find_shown_user (GPtrArray  *rows,
                          const char *text)
{
  for (guint i = 0; i < rows->len; i++)
    {
      ShownUser *user = g_ptr_array_index (rows, i);

      if (g_strcmp0 (user->name, text) == 0 || g_strcmp0 (user->address, text) == 0)
        return user;
    }

  return NULL;
}

/* --- the users page -------------------------------------------------------------- */

typedef struct
{
  MsiUsersPage *page;
  const char   *state;
} UsersWait;

static G_GNUC_UNUSED gboolean
users_page_is (gpointer data)
{
  UsersWait *wait = data;

  return g_strcmp0 (msi_users_page_get_state (wait->page), wait->state) == 0;
}

static G_GNUC_UNUSED void
msi_test_wait_users_state (MsiUsersPage *page,
                           const char   *state)
{
  UsersWait wait = { page, state };

  iterate_until (users_page_is, &wait, 60);
}

typedef struct
{
  MsiUsersPage *page;
  const char   *text;
  gboolean      present;
} ShownWait;

static G_GNUC_UNUSED gboolean
user_shown_is (gpointer data)
{
  ShownWait *wait = data;
  g_autoptr(GPtrArray) rows = msi_test_shown_users (GTK_WIDGET (wait->page));
  ShownUser *user = msi_test_find_shown_user (rows, wait->text);

  return (user != NULL) == wait->present;
}

/* Waits until a row with @text (name or address) is drawn, or no longer. */
static G_GNUC_UNUSED void
msi_test_wait_user_shown (MsiUsersPage *page,
                          const char   *text,
                          gboolean      present)
{
  ShownWait wait = { page, text, present };

  iterate_until (user_shown_is, &wait, 60);
}

static G_GNUC_UNUSED gboolean
seats_known (gpointer data)
{
  return msi_users_page_get_seats (MSI_USERS_PAGE (data), NULL, NULL);
}

/* --- dialogs ---------------------------------------------------------------------- */

static G_GNUC_UNUSED gboolean
msi_test_message_dialog_shown (gpointer data)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (window) && gtk_widget_get_visible (GTK_WIDGET (window)))
        {
          *(AdwMessageDialog **)data = ADW_MESSAGE_DIALOG (window);
          return TRUE;
        }
    }

  return FALSE;
}

/* Answers the confirmation on screen as a person would. */
static G_GNUC_UNUSED void
msi_test_answer_dialog (const char *response,
                        const char *screenshot)
{
  AdwMessageDialog *dialog = NULL;

  iterate_until (msi_test_message_dialog_shown, &dialog, 10);
  settle (200);
  if (screenshot != NULL)
    save_screenshot (GTK_WIDGET (dialog), screenshot);
  adw_message_dialog_response (dialog, response);
  gtk_window_close (GTK_WINDOW (dialog));
  settle (100);
}

static G_GNUC_UNUSED gboolean
invite_dialog_checked (gpointer data)
{
  MsiInviteDialog *dialog = data;

  return !msi_invite_dialog_get_checking (dialog);
}

typedef struct
{
  MsiCsvImportDialog *dialog;
  const char         *state;
} CsvWait;

static G_GNUC_UNUSED gboolean
csv_dialog_is (gpointer data)
{
  CsvWait *wait = data;

  return g_strcmp0 (msi_csv_import_dialog_get_state (wait->dialog), wait->state) == 0;
}

static G_GNUC_UNUSED void
msi_test_wait_csv_state (MsiCsvImportDialog *dialog,
                         const char         *state)
{
  CsvWait wait = { dialog, state };

  iterate_until (csv_dialog_is, &wait, 120);
}

/* The preview planned against the account, read to the end. */
static G_GNUC_UNUSED gboolean
csv_plan_ready (gpointer data)
{
  MsiCsvImportDialog *dialog = data;
  MsiInvitePlan *plan = msi_csv_import_dialog_get_plan (dialog);

  if (g_strcmp0 (msi_csv_import_dialog_get_state (dialog), "error") == 0)
    g_error ("The CSV preview failed");

  return plan != NULL && msi_invite_plan_get_directory (plan) != NULL && !msi_invite_plan_get_loading (plan);
}

/* --- the demo server ---------------------------------------------------------------- */

/* A request to the demo's test hooks (no sign-in needed); the reply's
 * JSON, or NULL for an empty body. */
static G_GNUC_UNUSED JsonNode *
msi_test_demo_request (const char *base_url,
                       const char *method,
                       const char *path,
                       const char *json_body,
                       guint      *status)
{
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autofree char *url = g_strconcat (base_url, path, NULL);
  g_autoptr(SoupMessage) msg = soup_message_new (method, url);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;

  if (json_body != NULL)
    {
      g_autoptr(GBytes) body = g_bytes_new (json_body, strlen (json_body));

      soup_message_set_request_body_from_bytes (msg, "application/json", body);
    }
  bytes = soup_session_send_and_read (session, msg, NULL, &error);
  g_assert_no_error (error);
  if (status != NULL)
    *status = soup_message_get_status (msg);
  if (g_bytes_get_size (bytes) == 0)
    return NULL;

  return json_from_string (g_bytes_get_data (bytes, NULL), NULL);
}

/* The welcome mails the demo sent to @address. */
static G_GNUC_UNUSED guint
msi_test_count_mails (const char *base_url,
                      const char *address)
{
  g_autoptr(JsonNode) outbox = NULL;
  JsonArray *messages;
  guint status = 0;
  guint n = 0;

  outbox = msi_test_demo_request (base_url, "GET", "/demo/outbox", NULL, &status);
  g_assert_cmpuint (status, ==, 200);
  messages = json_object_get_array_member (json_node_get_object (outbox), "messages");
  for (guint i = 0; i < json_array_get_length (messages); i++)
    {
      JsonObject *message = json_array_get_object_element (messages, i);

      if (g_ascii_strcasecmp (json_object_get_string_member (message, "to"), address) == 0)
        n++;
    }

  return n;
}

/* --- signing in without the consent view ----------------------------------------- */

static G_GNUC_UNUSED SoupMessage *
browser_post (SoupSession *browser,
              const char  *uri,
              GHashTable  *form,
              Reply       *reply)
{
  SoupMessage *msg = soup_message_new_from_encoded_form ("POST", uri, soup_form_encode_hash (form));
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;

  soup_message_add_flags (msg, SOUP_MESSAGE_NO_REDIRECT);
  body = soup_session_send_and_read (browser, msg, NULL, &error);
  g_assert_no_error (error);
  reply->status = soup_message_get_status (msg);
  reply->headers = soup_message_headers_ref (soup_message_get_response_headers (msg));
  reply->body = g_strndup (g_bytes_get_data (body, NULL), g_bytes_get_size (body));

  return msg;
}

static G_GNUC_UNUSED void
direct_sign_in_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  msi_actions_auth_complete_finish (MSI_ACTIONS_AUTH (object), result, &error);
  g_assert_no_error (error);
  *(gboolean *)user_data = TRUE;
}

/* The app's own sign-in (MsiActionsAuth), with the demo's login and
 * consent pages answered over HTTP as the consent view would: for UI
 * tests that are not about signing in. */
static G_GNUC_UNUSED void
msi_test_sign_in_directly (MsiActionsAuth *auth,
                           const char     *email,
                           const char     *password)
{
  g_autoptr(SoupSession) browser = new_session ();
  g_autoptr(MsiOAuth2Flow) flow = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(SoupMessage) msg = NULL;
  g_autoptr(SoupMessage) post = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GHashTable) form = NULL;
  g_autofree char *authorize_uri = NULL;
  Reply page = { 0, };
  gboolean done = FALSE;

  flow = msi_actions_auth_begin (auth, &error);
  g_assert_no_error (error);
  authorize_uri = g_strconcat (msi_profile_get_actions_url (msi_actions_auth_get_profile (auth)),
                               "/oauth/authorize", NULL);

  msg = soup_message_new ("GET", msi_oauth2_flow_get_authorization_url (flow));
  bytes = soup_session_send_and_read (browser, msg, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (soup_message_get_status (msg), ==, 200);
  page.body = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));

  form = page_form (&page);
  g_clear_pointer (&page.body, g_free);
  g_hash_table_insert (form, g_strdup ("username"), g_strdup (email));
  g_hash_table_insert (form, g_strdup ("password"), g_strdup (password));
  g_hash_table_insert (form, g_strdup ("action"), g_strdup ("login"));
  post = browser_post (browser, authorize_uri, form, &page);

  if (page.status == 200)
    {
      g_autoptr(GHashTable) consent = page_form (&page);

      g_hash_table_insert (consent, g_strdup ("action"), g_strdup ("allow"));
      g_clear_pointer (&page.body, g_free);
      g_clear_pointer (&page.headers, soup_message_headers_unref);
      g_clear_object (&post);
      post = browser_post (browser, authorize_uri, consent, &page);
    }

  g_assert_cmpuint (page.status, ==, 302);
  msi_actions_auth_complete_async (auth, flow, soup_message_headers_get_one (page.headers, "Location"),
                                   NULL, direct_sign_in_cb, &done);
  iterate_until (flag_set, &done, 30);
  g_clear_pointer (&page.body, g_free);
  g_clear_pointer (&page.headers, soup_message_headers_unref);
}
