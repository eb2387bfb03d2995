/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-onboarding-pages.c: the onboarding assistant's page contract, its
 * pages and keyboard path, the signature editor, and the pages a bad link
 * gets, with real widgets under Xvfb and no service */

#define G_LOG_DOMAIN "test-onboarding-pages"

#include "config.h"

#include "common/msi-test-assistant.h"
#include "msi-invitation-link.h"
#include "msi-onboarding-activate-page.h"
#include "msi-onboarding-email-page.h"
#include "msi-onboarding-signature-page.h"
#include "msi-onboarding-tour-page.h"
#include "msi-problem-types.h"
#include "msi-resources.h"
#include "msi-signature-editor.h"
#include "msi-signature-html.h"

/* --- a page of our own, to hold the contract to ---------------------------- */

#define TEST_TYPE_PAGE (test_page_get_type ())
G_DECLARE_FINAL_TYPE (TestPage, test_page, TEST, PAGE, MsiOnboardingPage)

struct _TestPage
{
  MsiOnboardingPage  parent_instance;

  gboolean           has_work;
  gboolean           valid;
  guint              applied;
  GCancellable      *cancellable;
  guint              timeout_id;
};

G_DEFINE_FINAL_TYPE (TestPage, test_page, MSI_TYPE_ONBOARDING_PAGE)

static gboolean
work_done_cb (gpointer data)
{
  TestPage *self = data;

  self->timeout_id = 0;
  msi_onboarding_page_apply_complete (MSI_ONBOARDING_PAGE (self), self->valid);
  return G_SOURCE_REMOVE;
}

static void
work_cancelled_cb (GCancellable *cancellable,
                   TestPage     *self)
{
  g_clear_handle_id (&self->timeout_id, g_source_remove);
  msi_onboarding_page_set_error (MSI_ONBOARDING_PAGE (self), NULL);
  msi_onboarding_page_apply_complete (MSI_ONBOARDING_PAGE (self), FALSE);
}

static gboolean
test_page_apply (MsiOnboardingPage *page,
                 GCancellable      *cancellable)
{
  TestPage *self = TEST_PAGE (page);

  self->applied++;
  if (!self->has_work)
    return FALSE;

  g_set_object (&self->cancellable, cancellable);
  g_signal_connect (cancellable, "cancelled", G_CALLBACK (work_cancelled_cb), self);
  /* Work that takes a while: long enough to be cancelled first. */
  self->timeout_id = g_timeout_add (200, work_done_cb, self);
  return TRUE;
}

static void
test_page_dispose (GObject *object)
{
  TestPage *self = TEST_PAGE (object);

  g_clear_handle_id (&self->timeout_id, g_source_remove);
  if (self->cancellable != NULL)
    g_signal_handlers_disconnect_by_func (self->cancellable, work_cancelled_cb, self);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (test_page_parent_class)->dispose (object);
}

static void
test_page_class_init (TestPageClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = test_page_dispose;
  MSI_ONBOARDING_PAGE_CLASS (klass)->apply = test_page_apply;
}

static void
test_page_init (TestPage *self)
{
}

typedef struct
{
  guint    count;
  gboolean valid;
} Done;

static void
apply_done_cb (MsiOnboardingPage *page,
               gboolean           valid,
               Done              *done)
{
  done->count++;
  done->valid = valid;
  /* The page is not applying any more when it says it is done. */
  g_assert_false (msi_onboarding_page_get_applying (page));
}

static gboolean
done_counted (gpointer data)
{
  return ((Done *)data)->count > 0;
}

static void
test_page_contract (void)
{
  g_autoptr(TestPage) page = g_object_ref_sink (g_object_new (TEST_TYPE_PAGE, NULL));
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  MsiOnboardingPage *base = MSI_ONBOARDING_PAGE (page);
  Done done = { 0, FALSE };

  g_signal_connect (page, "apply-done", G_CALLBACK (apply_done_cb), &done);

  /* Defaults: not complete, not skippable, Next and Skip. */
  g_assert_false (msi_onboarding_page_get_complete (base));
  g_assert_false (msi_onboarding_page_get_skippable (base));
  g_assert_false (msi_onboarding_page_get_applying (base));
  g_assert_cmpstr (msi_onboarding_page_get_next_label (base), ==, "_Next");
  g_assert_cmpstr (msi_onboarding_page_get_skip_label (base), ==, "_Skip");

  /* Nothing to do: the assistant goes on at once, nothing is applying. */
  g_assert_false (msi_onboarding_page_apply (base, cancellable));
  g_assert_false (msi_onboarding_page_get_applying (base));
  g_assert_cmpuint (done.count, ==, 0);

  /* Work: applying until it reports, once. */
  page->has_work = TRUE;
  page->valid = TRUE;
  msi_onboarding_page_set_error (base, "An earlier failure.");
  g_assert_true (msi_onboarding_page_apply (base, cancellable));
  g_assert_true (msi_onboarding_page_get_applying (base));
  /* A new try clears the last error. */
  g_assert_null (msi_onboarding_page_get_error (base));
  iterate_until (done_counted, &done, 10);
  g_assert_cmpuint (done.count, ==, 1);
  g_assert_true (done.valid);
  g_assert_false (msi_onboarding_page_get_applying (base));
  /* A second report is ignored. */
  msi_onboarding_page_apply_complete (base, TRUE);
  g_assert_cmpuint (done.count, ==, 1);

  /* Cancel: the page stays, and says so once. */
  done.count = 0;
  g_signal_handlers_disconnect_by_func (cancellable, work_cancelled_cb, page);
  g_clear_object (&cancellable);
  cancellable = g_cancellable_new ();
  g_assert_true (msi_onboarding_page_apply (base, cancellable));
  g_cancellable_cancel (cancellable);
  g_assert_cmpuint (done.count, ==, 1);
  g_assert_false (done.valid);
  g_assert_false (msi_onboarding_page_get_applying (base));
  settle (300);
  g_assert_cmpuint (done.count, ==, 1);
}

/* --- the assistant with its pages and no service -------------------------- */

static MsiOnboardingAssistant *
new_assistant (void)
{
  MsiOnboardingAssistant *assistant = msi_onboarding_assistant_new (NULL);

  gtk_window_set_default_size (GTK_WINDOW (assistant), 360, 720);
  gtk_window_present (GTK_WINDOW (assistant));
  return assistant;
}

typedef struct
{
  MsiOnboardingAssistant *assistant;
  const char             *page;
} OnPage;

static gboolean
on_page (gpointer data)
{
  OnPage *wait = data;
  MsiOnboardingPage *page = msi_onboarding_assistant_get_current_page (wait->assistant);

  return g_strcmp0 (msi_onboarding_assistant_get_page_name (wait->assistant), wait->page) == 0 &&
         page != NULL && gtk_widget_get_mapped (GTK_WIDGET (page)) &&
         !msi_onboarding_assistant_get_busy (wait->assistant);
}

static void
wait_for_page (MsiOnboardingAssistant *assistant,
               const char             *name)
{
  OnPage wait = { assistant, name };

  iterate_until (on_page, &wait, 20);
}

static void
next (MsiOnboardingAssistant *assistant)
{
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (assistant), "assistant.next", NULL));
}

static void
screenshot_page (MsiOnboardingAssistant *assistant,
                 const char             *name)
{
  g_autofree char *file = g_strdup_printf ("onboarding-page-%s.png", name);

  settle (400);
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (assistant)), <=, 380);
  save_screenshot (GTK_WIDGET (assistant), file);
}

static gboolean
window_hidden (gpointer data)
{
  return !gtk_widget_get_visible (GTK_WIDGET (data));
}

static void
test_assistant_pages (void)
{
  g_autoptr(MsiOnboardingSession) session = msi_onboarding_session_new (NULL);
  MsiOnboardingAssistant *assistant = new_assistant ();
  GtkWidget *widget = GTK_WIDGET (assistant);
  MsiOnboardingPage *page;
  MsiSignatureEditor *editor;
  g_autoptr(GPtrArray) texts = NULL;

  g_object_add_weak_pointer (G_OBJECT (assistant), (gpointer *)&assistant);

  /* The keyboard path: Escape cancels Next's work, Alt+← goes back,
   * Enter is Next. */
  g_assert_true (has_shortcut (widget, "Escape", "assistant.cancel"));
  g_assert_true (has_shortcut (widget, "<Alt>Left", "assistant.back"));

  msi_onboarding_assistant_show_pages (assistant, session, MSI_ONBOARDING_STEP_START);
  wait_for_page (assistant, "start");
  g_assert_cmpstr (msi_onboarding_assistant_get_state (assistant), ==, "pages");
  g_assert_true (gtk_window_get_default_widget (GTK_WINDOW (assistant)) ==
                 GTK_WIDGET (find_button (widget, "Start")));
  texts = visible_texts (widget);
  g_assert_true (texts_contain (texts, "Step 2 of 9"));
  g_assert_true (texts_contain (texts, "Welcome to Sales Actions"));
  g_clear_pointer (&texts, g_ptr_array_unref);
  /* Nothing to skip here. */
  g_assert_null (find_button (widget, "Skip"));
  screenshot_page (assistant, "start");

  next (assistant);
  wait_for_page (assistant, "features");
  screenshot_page (assistant, "features");
  next (assistant);
  wait_for_page (assistant, "email");

  /* Next waits for a choice. */
  page = msi_onboarding_assistant_get_current_page (assistant);
  g_assert_false (msi_onboarding_page_get_complete (page));
  gtk_widget_activate_action (widget, "assistant.next", NULL);
  settle (100);
  g_assert_cmpstr (msi_onboarding_assistant_get_page_name (assistant), ==, "email");
  msi_onboarding_email_page_choose (MSI_ONBOARDING_EMAIL_PAGE (page), MSI_EMAIL_CLIENT_OUTLOOK);
  g_assert_true (msi_onboarding_page_get_complete (page));
  screenshot_page (assistant, "email");

  /* Without a service there is nothing to connect: on to the next page. */
  next (assistant);
  wait_for_page (assistant, "connected");
  g_assert_cmpint (msi_onboarding_session_get_email_client (session), ==, MSI_EMAIL_CLIENT_OUTLOOK);
  screenshot_page (assistant, "connected");
  next (assistant);
  wait_for_page (assistant, "signature");

  /* The signature: Save, or Skip. */
  page = msi_onboarding_assistant_get_current_page (assistant);
  g_assert_true (msi_onboarding_page_get_skippable (page));
  g_assert_nonnull (find_button (widget, "Save"));
  g_assert_nonnull (find_button (widget, "Skip"));
  editor = msi_onboarding_signature_page_get_editor (MSI_ONBOARDING_SIGNATURE_PAGE (page));
  g_assert_true (gtk_widget_has_focus (GTK_WIDGET (msi_signature_editor_get_text_view (editor))));
  msi_signature_editor_set_markup (editor, "**Ana Rep**\nNorthwind Traders\n[northwind.example](https://northwind.example)");
  screenshot_page (assistant, "signature");
  g_assert_true (gtk_widget_activate_action (widget, "assistant.skip", NULL));
  wait_for_page (assistant, "finish");

  /* Back keeps what was typed. */
  g_assert_true (gtk_widget_activate_action (widget, "assistant.back", NULL));
  wait_for_page (assistant, "signature");
  g_assert_true (g_str_has_prefix (msi_signature_editor_get_html (editor), "<b>Ana Rep</b><br>"));
  next (assistant);
  wait_for_page (assistant, "finish");
  g_assert_nonnull (find_button (widget, "Finish"));
  screenshot_page (assistant, "finish");

  /* The tour: Next goes through the slides, Not Now past them. */
  next (assistant);
  wait_for_page (assistant, "tour");
  page = msi_onboarding_assistant_get_current_page (assistant);
  g_assert_cmpuint (msi_onboarding_tour_page_get_slide (MSI_ONBOARDING_TOUR_PAGE (page)), ==, 0);
  g_assert_nonnull (find_button (widget, "Not Now"));
  screenshot_page (assistant, "tour");
  next (assistant);
  settle (600);
  g_assert_cmpstr (msi_onboarding_assistant_get_page_name (assistant), ==, "tour");
  g_assert_cmpuint (msi_onboarding_tour_page_get_slide (MSI_ONBOARDING_TOUR_PAGE (page)), ==, 1);
  screenshot_page (assistant, "tour-slide");
  g_assert_true (gtk_widget_activate_action (widget, "assistant.skip", NULL));
  wait_for_page (assistant, "launch");
  texts = visible_texts (widget);
  g_assert_true (texts_contain (texts, "lead, contact, account or opportunity"));
  g_assert_nonnull (find_button (widget, "Launch Salesforce"));
  g_assert_nonnull (find_button (widget, "Open the Web App"));
  screenshot_page (assistant, "launch");

  /* Dark style. */
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_FORCE_DARK);
  screenshot_page (assistant, "launch-dark");
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_DEFAULT);

  /* Done ends the onboarding: the assistant closes. */
  next (assistant);
  if (assistant != NULL)
    iterate_until (window_hidden, assistant, 10);
  if (assistant != NULL)
    gtk_window_destroy (GTK_WINDOW (assistant));
}

/* The activation page explains the two problems before the person is stuck. */
static JsonObject *
parse_object (const char *json)
{
  g_autoptr(JsonNode) node = json_from_string (json, NULL);

  g_assert_nonnull (node);
  return json_object_ref (json_node_get_object (node));
}

static void
test_activate_problems (void)
{
  g_autoptr(MsiOnboardingSession) session = msi_onboarding_session_new (NULL);
  MsiOnboardingAssistant *assistant = new_assistant ();
  MsiOnboardingActivatePage *page;
  g_autoptr(JsonObject) mismatch = NULL;
  g_autoptr(JsonObject) api = NULL;
  g_autoptr(JsonObject) connected = NULL;
  g_autoptr(GPtrArray) texts = NULL;

  msi_onboarding_assistant_show_pages (assistant, session, MSI_ONBOARDING_STEP_ACTIVATE);
  wait_for_page (assistant, "activate");
  page = MSI_ONBOARDING_ACTIVATE_PAGE (msi_onboarding_assistant_get_current_page (assistant));
  g_assert_null (msi_onboarding_activate_page_get_problem (page));
  g_assert_nonnull (find_button (GTK_WIDGET (assistant), "Activate Account with Salesforce"));
  texts = visible_texts (GTK_WIDGET (assistant));
  g_assert_true (texts_contain (texts, "API Enabled"));
  g_clear_pointer (&texts, g_ptr_array_unref);
  screenshot_page (assistant, "activate");

  /* Two addresses side by side, with what to do. */
  mismatch = parse_object ("{\"service\":\"salesforce\",\"status\":\"error\",\"account\":null,\"error\":null,"
                           "\"problem\":{\"type\":\"" MSI_PROBLEM_SALESFORCE_EMAIL_MISMATCH "\","
                           "\"title\":\"Different e-mail\",\"detail\":\"The addresses differ.\","
                           "\"salesforceEmail\":\"ana.rep@northwind-sf.example\",\"accountEmail\":\"ana@northwind.example\"}}");
  g_assert_false (msi_onboarding_activate_page_show_status (page, mismatch));
  g_assert_cmpstr (msi_onboarding_activate_page_get_problem (page), ==, "mismatch");
  settle (200);
  texts = visible_texts (GTK_WIDGET (assistant));
  g_assert_true (texts_contain (texts, "ana.rep@northwind-sf.example"));
  g_assert_true (texts_contain (texts, "ana@northwind.example"));
  g_assert_nonnull (find_button (GTK_WIDGET (assistant), "Sign In as Another Salesforce User"));
  g_clear_pointer (&texts, g_ptr_array_unref);
  screenshot_page (assistant, "activate-mismatch");

  /* API disabled: explained, with a message for the admin to copy. */
  api = parse_object ("{\"service\":\"salesforce\",\"status\":\"error\",\"account\":null,\"error\":null,"
                      "\"problem\":{\"type\":\"" MSI_PROBLEM_SALESFORCE_API_DISABLED "\","
                      "\"title\":\"No API\",\"detail\":\"The profile lacks API Enabled.\","
                      "\"salesforceEmail\":\"ana@northwind.example\",\"profileName\":\"Sales Rep Light\"}}");
  g_assert_false (msi_onboarding_activate_page_show_status (page, api));
  g_assert_cmpstr (msi_onboarding_activate_page_get_problem (page), ==, "api-disabled");
  g_assert_nonnull (strstr (msi_onboarding_activate_page_get_admin_message (page), "Sales Rep Light"));
  g_assert_nonnull (strstr (msi_onboarding_activate_page_get_admin_message (page), "ana@northwind.example"));
  settle (200);
  g_assert_nonnull (find_button (GTK_WIDGET (assistant), "Copy Message"));
  g_assert_nonnull (find_button (GTK_WIDGET (assistant), "E-mail It…"));
  screenshot_page (assistant, "activate-api-disabled");

  /* Connected: the problem goes, Next goes on. */
  connected = parse_object ("{\"service\":\"salesforce\",\"status\":\"connected\",\"account\":\"ana@northwind.example\","
                            "\"error\":null,\"problem\":null}");
  g_assert_true (msi_onboarding_activate_page_show_status (page, connected));
  g_assert_null (msi_onboarding_activate_page_get_problem (page));
  next (assistant);
  wait_for_page (assistant, "start");

  gtk_window_destroy (GTK_WINDOW (assistant));
}

/* --- the signature editor --------------------------------------------------- */

static void
select_text (MsiSignatureEditor *editor,
             const char         *text)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (msi_signature_editor_get_text_view (editor));
  GtkTextIter start, match_start, match_end;

  gtk_text_buffer_get_start_iter (buffer, &start);
  g_assert_true (gtk_text_iter_forward_search (&start, text, 0, &match_start, &match_end, NULL));
  gtk_text_buffer_select_range (buffer, &match_start, &match_end);
}

static void
assert_markup (MsiSignatureEditor *editor,
               const char         *expected)
{
  g_autofree char *markup = msi_signature_editor_dup_markup (editor);

  g_assert_cmpstr (markup, ==, expected);
}

static void
test_signature_editor (void)
{
  GtkWidget *window = gtk_window_new ();
  MsiSignatureEditor *editor = MSI_SIGNATURE_EDITOR (msi_signature_editor_new ());
  GtkLabel *preview = msi_signature_editor_get_preview (editor);
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) long_text = g_string_new (NULL);
  const char *html;

  gtk_widget_set_margin_start (GTK_WIDGET (editor), 12);
  gtk_widget_set_margin_end (GTK_WIDGET (editor), 12);
  gtk_window_set_child (GTK_WINDOW (window), GTK_WIDGET (editor));
  gtk_window_set_default_size (GTK_WINDOW (window), 360, 480);
  gtk_window_present (GTK_WINDOW (window));

  /* Ctrl+B, Ctrl+I and Ctrl+K are the buttons' keys. */
  g_assert_true (has_shortcut (GTK_WIDGET (editor), "<Control>b", "editor.bold"));
  g_assert_true (has_shortcut (GTK_WIDGET (editor), "<Control>i", "editor.italic"));
  g_assert_true (has_shortcut (GTK_WIDGET (editor), "<Control>k", "editor.link"));

  /* Empty: a hint in the preview, nothing to save. */
  g_assert_true (msi_signature_editor_is_empty (editor));
  g_assert_cmpstr (msi_signature_editor_get_html (editor), ==, "");

  msi_signature_editor_set_markup (editor, "Ana Rep\nNorthwind Traders");
  g_assert_cmpstr (msi_signature_editor_get_html (editor), ==, "Ana Rep<br>Northwind Traders");
  /* A line break is a line break in the preview. */
  g_assert_cmpstr (gtk_label_get_text (preview), ==, "Ana Rep\nNorthwind Traders");

  /* Bold: the selection gets the marks, and loses them again. */
  select_text (editor, "Ana Rep");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (editor), "editor.bold", NULL));
  assert_markup (editor, "**Ana Rep**\nNorthwind Traders");
  g_assert_cmpstr (msi_signature_editor_get_html (editor), ==, "<b>Ana Rep</b><br>Northwind Traders");
  g_assert_nonnull (strstr (gtk_label_get_label (preview), "<b>Ana Rep</b>"));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (editor), "editor.bold", NULL));
  assert_markup (editor, "Ana Rep\nNorthwind Traders");

  /* Italic, and italic inside bold. */
  select_text (editor, "Northwind");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (editor), "editor.italic", NULL));
  assert_markup (editor, "Ana Rep\n*Northwind* Traders");
  g_assert_nonnull (strstr (gtk_label_get_label (preview), "<i>Northwind</i>"));
  select_text (editor, "Ana");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (editor), "editor.bold", NULL));
  assert_markup (editor, "**Ana** Rep\n*Northwind* Traders");
  select_text (editor, "Northwind");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (editor), "editor.italic", NULL));
  assert_markup (editor, "**Ana** Rep\nNorthwind Traders");

  /* A link on the selection. */
  select_text (editor, "Traders");
  msi_signature_editor_add_link (editor, " https://northwind.example/about ", &error);
  g_assert_no_error (error);
  assert_markup (editor, "**Ana** Rep\nNorthwind [Traders](https://northwind.example/about)");
  html = msi_signature_editor_get_html (editor);
  g_assert_nonnull (strstr (html, "<a href=\"https://northwind.example/about\""));
  g_assert_nonnull (strstr (gtk_label_get_label (preview), "<a href=\"https://northwind.example/about\""));

  /* Only web and mail links; anything else changes nothing and says why. */
  select_text (editor, "Rep");
  msi_signature_editor_add_link (editor, "javascript:alert(1)", &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (error->message, "https://"));
  g_clear_error (&error);
  assert_markup (editor, "**Ana** Rep\nNorthwind [Traders](https://northwind.example/about)");
  msi_signature_editor_add_link (editor, "mailto:ana@northwind.example", &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (msi_signature_editor_get_html (editor), "href=\"mailto:ana@northwind.example\""));
  settle (200);
  save_screenshot (window, "signature-editor.png");

  /* Typed HTML is text, in the preview and in what is saved. */
  msi_signature_editor_set_markup (editor, "<script>alert(1)</script> & <b onclick=x>");
  g_assert_null (strstr (msi_signature_editor_get_html (editor), "<script"));
  g_assert_null (strstr (msi_signature_editor_get_html (editor), "<b"));
  g_assert_cmpstr (gtk_label_get_text (preview), ==, "<script>alert(1)</script> & <b onclick=x>");

  /* Loaded from the service: not modified until the person types. */
  msi_signature_editor_set_html (editor, "<p><b>Ana</b> <i>Rep</i></p><script>x</script>");
  g_assert_false (msi_signature_editor_get_modified (editor));
  g_assert_null (strstr (msi_signature_editor_get_html (editor), "script"));
  select_text (editor, "Rep");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (editor), "editor.bold", NULL));
  g_assert_true (msi_signature_editor_get_modified (editor));

  /* Too long to save: said, and not valid. */
  while (long_text->len <= MSI_SIGNATURE_MAX_LENGTH)
    g_string_append (long_text, "A signature line that goes on. ");
  msi_signature_editor_set_markup (editor, long_text->str);
  g_assert_false (msi_signature_editor_get_valid (editor));
  msi_signature_editor_set_markup (editor, "Ana");
  g_assert_true (msi_signature_editor_get_valid (editor));

  /* No selection: a pair of marks with the cursor between. */
  msi_signature_editor_set_markup (editor, "");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (editor), "editor.bold", NULL));
  gtk_text_buffer_insert_at_cursor (gtk_text_view_get_buffer (msi_signature_editor_get_text_view (editor)), "Ana", -1);
  assert_markup (editor, "**Ana**");

  gtk_window_destroy (GTK_WINDOW (window));
}

/* --- links that cannot start an onboarding --------------------------------- */

#define TOKEN "AbCdEfGhIjKlMnOpQrStUvWxYz0123456789-_AbCdE"

static void
check_bad_link (const char *uri,
                const char *screenshot)
{
  MsiOnboardingAssistant *assistant = new_assistant ();
  g_autoptr(GError) error = NULL;
  g_autoptr(MsiInvitationLink) link = NULL;
  g_autoptr(GPtrArray) texts = NULL;

  /* What the parser says is what the page says. */
  link = msi_invitation_link_parse (uri, FALSE, &error);
  g_assert_null (link);
  g_assert_nonnull (error);

  msi_onboarding_assistant_open_link (assistant, uri);
  g_assert_cmpint (msi_onboarding_assistant_get_message (assistant), ==, MSI_ONBOARDING_MESSAGE_BAD_LINK);
  g_assert_cmpstr (msi_onboarding_assistant_get_message_text (assistant), ==, error->message);
  settle (300);
  texts = visible_texts (GTK_WIDGET (assistant));
  g_assert_true (texts_contain (texts, "This Link Does Not Work"));
  g_assert_true (texts_contain (texts, error->message));
  g_assert_nonnull (find_button (GTK_WIDGET (assistant), "Close"));
  /* Nothing to go back or forward to. */
  g_assert_null (find_button (GTK_WIDGET (assistant), "Next"));
  if (screenshot != NULL)
    save_screenshot (GTK_WIDGET (assistant), screenshot);

  gtk_window_destroy (GTK_WINDOW (assistant));
}

static void
test_bad_links (void)
{
  check_bad_link ("https://actions.example.com/invitation?token=" TOKEN, "onboarding-bad-link.png");
  check_bad_link ("io.github.msiactions.setup:/invitation?service=https%3A%2F%2Factions.example.com",
                  "onboarding-link-no-token.png");
  check_bad_link ("io.github.msiactions.setup:/invitation?service=https%3A%2F%2Factions.example.com&token=short", NULL);
  /* The demo server's plain http on this computer, outside demo mode. */
  check_bad_link ("io.github.msiactions.setup:/invitation?service=http%3A%2F%2F127.0.0.1%3A8080&token=" TOKEN, NULL);
  check_bad_link ("io.github.msiactions.setup:/invitation?service=http%3A%2F%2Factions.example.com&token=" TOKEN, NULL);
  check_bad_link ("io.github.msiactions.setup:/oauth2redirect?code=x", NULL);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *home = msi_test_private_user_dirs ();

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  msi_register_resource ();
  /* GNOME's title buttons: close only (Xvfb's default has three). */
  g_object_set (gtk_settings_get_default (), "gtk-decoration-layout", "appmenu:close", NULL);
  gtk_icon_theme_add_resource_path (gtk_icon_theme_get_for_display (gdk_display_get_default ()),
                                    RESOURCE_BASE "/icons");

  g_test_add_func ("/onboarding/page-contract", test_page_contract);
  g_test_add_func ("/onboarding/assistant-pages", test_assistant_pages);
  g_test_add_func ("/onboarding/activate-problems", test_activate_problems);
  g_test_add_func ("/onboarding/signature-editor", test_signature_editor);
  g_test_add_func ("/onboarding/bad-links", test_bad_links);

  return g_test_run ();
}
