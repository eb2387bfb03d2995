/* SPDX-License-Identifier: GPL-3.0-or-later */
/* msi-test-walk.h: walking a sales rep's onboarding in the e2e tests, counting clicks */

#pragma once

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "common/msi-test-assistant.h"
#include "common/msi-test-consent.h"
#include "common/msi-test-sign-in.h"
#include "msi-demo-mailbox.h"

/* The demo's sales reps and their passwords (README). */
#define RILEY_EMAIL          "rep@northwind.example"
#define SALESFORCE_PASSWORD  "demo-salesforce"
#define OUTLOOK_PASSWORD     "demo-outlook"
#define GMAIL_PASSWORD       "demo-gmail"

typedef struct
{
  Run                    *run;
  MsiOnboardingAssistant *assistant;
  MsiOnboardingSession   *session;   /* the one whose "open-uri" we watch */
  GPtrArray              *opened;    /* what the app asked the browser to open */
  guint                   clicks;
  gint64                  started_us;
  gint64                  screenshots_us;  /* spent taking screenshots */
  const char             *prefix;    /* of the screenshots' names */
} Walk;

static G_GNUC_UNUSED void
walk_init (Walk       *walk,
           Run        *run,
           const char *prefix)
{
  memset (walk, 0, sizeof *walk);
  walk->run = run;
  walk->prefix = prefix;
  walk->opened = g_ptr_array_new_with_free_func (g_free);
  walk->started_us = g_get_monotonic_time ();
}

static G_GNUC_UNUSED void
walk_clear (Walk *walk)
{
  if (walk->session != NULL)
    g_signal_handlers_disconnect_matched (walk->session, G_SIGNAL_MATCH_DATA, 0, 0, NULL, NULL, walk);
  g_clear_object (&walk->session);
  g_clear_pointer (&walk->opened, g_ptr_array_unref);
}

static G_GNUC_UNUSED void
walk_screenshot (Walk       *walk,
                 GtkWidget  *widget,
                 const char *name)
{
  g_autofree char *file = g_strdup_printf ("%s-%s.png", walk->prefix, name);
  gint64 start = g_get_monotonic_time ();

  settle (300);
  save_screenshot (widget, file);
  walk->screenshots_us += g_get_monotonic_time () - start;
}

static G_GNUC_UNUSED void
walk_page_screenshot (Walk             *walk,
                      MsiConsentDialog *dialog,
                      const char       *name)
{
  g_autofree char *file = g_strdup_printf ("%s-%s.png", walk->prefix, name);
  gint64 start = g_get_monotonic_time ();

  settle (300);
  save_page_screenshot (dialog, file);
  walk->screenshots_us += g_get_monotonic_time () - start;
}

/* A click on a button of the app: its action. */
static G_GNUC_UNUSED void
walk_click (Walk       *walk,
            GtkWidget  *widget,
            const char *action)
{
  walk->clicks++;
  g_assert_true (gtk_widget_activate_action (widget, action, NULL));
}

/* A click on an element of a web page. */
static G_GNUC_UNUSED void
walk_click_web (Walk             *walk,
                MsiConsentDialog *dialog,
                const char       *id)
{
  walk->clicks++;
  click (dialog, id);
}

/* The app's browser: record, open nothing. */
static G_GNUC_UNUSED void
walk_open_uri_cb (MsiOnboardingSession *session,
                  const char           *uri,
                  Walk                 *walk)
{
  g_ptr_array_add (walk->opened, g_strdup (uri));
  g_signal_stop_emission_by_name (session, "open-uri");
}

static G_GNUC_UNUSED gboolean
assistant_shown (gpointer data)
{
  Walk *walk = data;

  walk->assistant = find_assistant ();
  return walk->assistant != NULL && gtk_widget_get_mapped (GTK_WIDGET (walk->assistant));
}

static G_GNUC_UNUSED gboolean
no_assistant_shown (gpointer data)
{
  return find_assistant () == NULL;
}

typedef struct
{
  Walk       *walk;
  const char *page;
} WaitPage;

static G_GNUC_UNUSED gboolean
walk_on_page (gpointer data)
{
  WaitPage *wait = data;
  MsiOnboardingAssistant *assistant = find_assistant ();
  MsiOnboardingPage *page;

  if (assistant == NULL)
    return FALSE;
  if (msi_onboarding_assistant_get_message (assistant) != MSI_ONBOARDING_MESSAGE_NONE &&
      msi_onboarding_assistant_get_message (assistant) != MSI_ONBOARDING_MESSAGE_OTHER_ACCOUNT)
    g_error ("The assistant says: %s", msi_onboarding_assistant_get_message_text (assistant));

  page = msi_onboarding_assistant_get_current_page (assistant);
  return g_strcmp0 (msi_onboarding_assistant_get_page_name (assistant), wait->page) == 0 &&
         page != NULL && gtk_widget_get_mapped (GTK_WIDGET (page)) &&
         !msi_onboarding_assistant_get_busy (assistant);
}

/* Waits until the assistant shows @page, settled; watches its session. */
static G_GNUC_UNUSED MsiOnboardingPage *
walk_wait_page (Walk       *walk,
                const char *page)
{
  WaitPage wait = { walk, page };
  MsiOnboardingSession *session;

  iterate_until (walk_on_page, &wait, 60);
  walk->assistant = find_assistant ();
  session = msi_onboarding_assistant_get_session (walk->assistant);
  if (session != walk->session)
    {
      if (walk->session != NULL)
        g_signal_handlers_disconnect_matched (walk->session, G_SIGNAL_MATCH_DATA, 0, 0, NULL, NULL, walk);
      g_set_object (&walk->session, session);
      g_signal_connect (session, "open-uri", G_CALLBACK (walk_open_uri_cb), walk);
    }

  return msi_onboarding_assistant_get_current_page (walk->assistant);
}

static G_GNUC_UNUSED void
walk_next (Walk *walk)
{
  walk_click (walk, GTK_WIDGET (walk->assistant), "assistant.next");
}

typedef struct
{
  MsiOnboardingMessage message;
} WaitMessage;

static G_GNUC_UNUSED gboolean
message_shown (gpointer data)
{
  WaitMessage *wait = data;
  MsiOnboardingAssistant *assistant = find_assistant ();

  return assistant != NULL && gtk_widget_get_mapped (GTK_WIDGET (assistant)) &&
         msi_onboarding_assistant_get_message (assistant) == wait->message;
}

static G_GNUC_UNUSED MsiOnboardingAssistant *
wait_for_message (MsiOnboardingMessage message)
{
  WaitMessage wait = { message };

  iterate_until (message_shown, &wait, 60);
  return find_assistant ();
}

/* --- the demo server, as a test looks at it --------------------------------- */

static G_GNUC_UNUSED JsonNode *
demo_request (MsiProfile *profile,
              const char *method,
              const char *path,
              const char *json_body,
              guint      *status)
{
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autofree char *url = g_strconcat (msi_profile_get_actions_url (profile), path, NULL);
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

/* The Get started link of the newest welcome mail to @to. */
static G_GNUC_UNUSED char *
outbox_link (MsiProfile *profile,
             const char *to)
{
  g_autoptr(JsonNode) node = demo_request (profile, "GET", "/demo/outbox", NULL, NULL);
  JsonArray *messages;

  g_assert_nonnull (node);
  messages = json_object_get_array_member (json_node_get_object (node), "messages");
  for (guint i = 0; i < json_array_get_length (messages); i++)
    {
      JsonObject *message = json_array_get_object_element (messages, i);

      if (g_ascii_strcasecmp (json_object_get_string_member (message, "to"), to) == 0)
        return g_strdup (json_object_get_string_member (message, "link"));
    }

  g_error ("No welcome mail to %s", to);
}

/* What the service keeps of @email's onboarding (a test hook). */
static G_GNUC_UNUSED JsonObject *
demo_user (MsiProfile *profile,
           const char *email)
{
  g_autofree char *path = g_strdup_printf ("/__demo/onboarding/users/%s", email);
  g_autoptr(JsonNode) node = NULL;
  guint status = 0;

  node = demo_request (profile, "GET", path, NULL, &status);
  g_assert_cmpuint (status, ==, 200);
  return json_object_ref (json_node_get_object (node));
}

/* A fresh invitation (a test hook); returns its link. */
static G_GNUC_UNUSED char *
demo_invite (MsiProfile *profile,
             const char *email,
             const char *name,
             gboolean    expired)
{
  g_autofree char *body = g_strdup_printf ("{\"email\": \"%s\", \"name\": \"%s\", \"expired\": %s}",
                                           email, name, expired ? "true" : "false");
  g_autoptr(JsonNode) node = NULL;
  guint status = 0;

  node = demo_request (profile, "POST", "/__demo/onboarding/invite", body, &status);
  g_assert_cmpuint (status, <, 300);
  return g_strdup (json_object_get_string_member (json_node_get_object (node), "link"));
}

/* As the desktop opens a link of the app's scheme. */
static G_GNUC_UNUSED void
open_link (Run        *run,
           const char *uri)
{
  g_autoptr(GFile) file = g_file_new_for_uri (uri);

  g_application_open (G_APPLICATION (run->app), &file, 1, "");
}

/* The windows of an earlier run outlive its application: out of sight
 * (and of find_assistant()). */
static G_GNUC_UNUSED void
hide_all_windows (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      gtk_widget_set_visible (GTK_WIDGET (window), FALSE);
    }
}

/* Forgets what an earlier test left for the demo profile: its account,
 * the onboarding noted on this computer, and the web sign-ins. */
static G_GNUC_UNUSED void
forget_demo_onboarding (void)
{
  g_autoptr(GSettings) settings = g_settings_new_with_path ("io.github.msiactions.Setup.Profile",
                                                            "/io/github/msiactions/Setup/profiles/demo/");

  g_settings_reset (settings, "actions-account");
  g_settings_reset (settings, "onboarding-step");
  g_settings_reset (settings, "onboarding-host");
  forget_sign_ins ();
}

static G_GNUC_UNUSED gboolean
demo_ready (gpointer data)
{
  Run *run = data;

  return run->app != NULL && msi_application_get_state (run->app) == MSI_APP_STATE_READY &&
         msi_application_get_auth (run->app) != NULL &&
         msi_actions_auth_get_state (msi_application_get_auth (run->app)) != MSI_AUTH_STATE_RESTORING;
}

/* --- the consent views --------------------------------------------------- */

typedef struct
{
  MsiConsentDialog   *dialog;
  const char * const *ids;
  const char         *found;
} WaitAny;

static G_GNUC_UNUSED gboolean
any_element_present (gpointer data)
{
  WaitAny *wait = data;

  if (find_consent_dialog () != wait->dialog)
    {
      wait->found = NULL;
      return TRUE;
    }
  if (webkit_web_view_is_loading (msi_consent_dialog_get_web_view (wait->dialog)))
    return FALSE;
  for (guint i = 0; wait->ids[i] != NULL; i++)
    {
      if (has_element (wait->dialog, wait->ids[i]))
        {
          wait->found = wait->ids[i];
          return TRUE;
        }
    }

  return FALSE;
}

/* Waits for the first of @ids on the page; NULL when the view closed. */
static G_GNUC_UNUSED const char *
wait_for_any (MsiConsentDialog   *dialog,
              const char * const *ids)
{
  WaitAny wait = { dialog, ids, NULL };

  iterate_until (any_element_present, &wait, 60);
  return wait.found;
}

/* Salesforce's sign-in (when it asks) and its consent, in the embedded view. */
static G_GNUC_UNUSED void
walk_salesforce (Walk       *walk,
                 const char *user,
                 gboolean    allow,
                 gboolean    screenshots)
{
  MsiConsentDialog *dialog = NULL;

  iterate_until (consent_shown, &dialog, 30);
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (dialog)) == GTK_WINDOW (walk->assistant));
  if (g_strcmp0 (wait_for_any (dialog, (const char * const[]) { "password", "allow", NULL }), "password") == 0)
    {
      if (screenshots)
        walk_page_screenshot (walk, dialog, "salesforce-login");
      fill (dialog, "username", user);
      fill (dialog, "password", SALESFORCE_PASSWORD);
      walk_click_web (walk, dialog, "login");
      wait_for_element (dialog, "allow");
    }
  if (screenshots)
    walk_page_screenshot (walk, dialog, "salesforce-allow");
  walk_click_web (walk, dialog, allow ? "allow" : "deny");
  iterate_until (no_consent_shown, NULL, 30);
}

/* Microsoft's e-mail page, password page and consent, in the embedded view. */
static G_GNUC_UNUSED void
walk_outlook (Walk       *walk,
              const char *user,
              gboolean    allow,
              gboolean    screenshots)
{
  MsiConsentDialog *dialog = NULL;

  iterate_until (consent_shown, &dialog, 30);
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (dialog)) == GTK_WINDOW (walk->assistant));
  if (g_strcmp0 (wait_for_any (dialog, (const char * const[]) { "next", "allow", NULL }), "next") == 0)
    {
      if (screenshots)
        walk_page_screenshot (walk, dialog, "outlook-email");
      fill (dialog, "email", user);
      walk_click_web (walk, dialog, "next");
      wait_for_element (dialog, "signin");
      if (screenshots)
        walk_page_screenshot (walk, dialog, "outlook-password");
      fill (dialog, "password", OUTLOOK_PASSWORD);
      walk_click_web (walk, dialog, "signin");
    }
  wait_for_element (dialog, "allow");
  if (screenshots)
    walk_page_screenshot (walk, dialog, "outlook-consent");
  walk_click_web (walk, dialog, allow ? "allow" : "deny");
  iterate_until (no_consent_shown, NULL, 30);
}
