/* SPDX-License-Identifier: GPL-3.0-or-later */
/* msi-onboarding-email-page.c: onboarding page: Gmail or Outlook, and its sign-in */

#define G_LOG_DOMAIN "msi-onboarding-email-page"

#include "config.h"

#include <glib/gi18n.h>

#include "msi-browser-consent-dialog.h"
#include "msi-consent-dialog.h"
#include "msi-json.h"
#include "msi-onboarding-email-page.h"
#include "msi-service-connection.h"
#include "msi-ui-util.h"

/*
 * The guide's "choose the e-mail client (Gmail or Outlook), Next". Next
 * connects the rep's mailbox through the Actions service:
 *  - Outlook: Microsoft's sign-in in the embedded consent view (e-mail,
 *    password, Continue); the service's callback ends it.
 *  - Gmail: Google refuses embedded views, so its sign-in opens in the
 *    system browser, and a waiting window (Cancel, Open Again, Copy Link)
 *    stays until the service reports the connection. The status is read
 *    after 1 s, then ever less often (×1.5 with some jitter, at most every
 *    8 s); nothing runs between two readings.
 */

#define POLL_FIRST_MS 1000
#define POLL_MAX_MS   8000

struct _MsiOnboardingEmailPage
{
  MsiOnboardingPage        parent_instance;

  GCancellable            *cancellable;      /* reading the status when shown */
  MsiEmailClient           connected_client; /* what the service has connected */
  MsiEmailClient           choice;

  /* Waiting for Gmail */
  MsiServiceConnection    *polled;
  MsiBrowserConsentDialog *browser_dialog;
  GCancellable            *poll_cancellable;
  guint                    poll_id;
  guint                    poll_delay_ms;
  char                    *poll_error;
  char                    *poll_account;
  char                    *baseline_error;   /* the "error" before the browser opened */

  /* Template widgets */
  GtkCheckButton          *gmail_check;
  GtkCheckButton          *outlook_check;
  GtkWidget               *connected_box;
  GtkLabel                *connected_label;
};

G_DEFINE_FINAL_TYPE (MsiOnboardingEmailPage, msi_onboarding_email_page, MSI_TYPE_ONBOARDING_PAGE)

static MsiOnboardingSession *
get_session (MsiOnboardingEmailPage *self)
{
  return msi_onboarding_page_get_session (MSI_ONBOARDING_PAGE (self));
}

static const char *
client_name (MsiEmailClient client)
{
  switch (client)
    {
    case MSI_EMAIL_CLIENT_GMAIL:
      return _("Gmail");
    case MSI_EMAIL_CLIENT_OUTLOOK:
      return _("Outlook");
    case MSI_EMAIL_CLIENT_NONE:
    default:
      return "";
    }
}

static void
update_connected (MsiOnboardingEmailPage *self,
                  const char             *address)
{
  g_autofree char *text = NULL;

  if (self->connected_client == MSI_EMAIL_CLIENT_NONE || self->connected_client != self->choice)
    {
      gtk_widget_set_visible (self->connected_box, FALSE);
      return;
    }

  if (address != NULL)
    /* TRANSLATORS: "Gmail" or "Outlook", then an e-mail address */
    text = g_strdup_printf (_("%s is connected as %s. Choose Next to go on."), client_name (self->choice), address);
  else
    /* TRANSLATORS: %s is "Gmail" or "Outlook" */
    text = g_strdup_printf (_("%s is connected. Choose Next to go on."), client_name (self->choice));
  gtk_label_set_label (self->connected_label, text);
  gtk_widget_set_visible (self->connected_box, TRUE);
}

static void
choice_toggled_cb (MsiOnboardingEmailPage *self,
                   GtkCheckButton         *check)
{
  MsiEmailClient choice = MSI_EMAIL_CLIENT_NONE;

  if (gtk_check_button_get_active (self->gmail_check))
    choice = MSI_EMAIL_CLIENT_GMAIL;
  else if (gtk_check_button_get_active (self->outlook_check))
    choice = MSI_EMAIL_CLIENT_OUTLOOK;

  if (choice == self->choice)
    return;

  self->choice = choice;
  msi_onboarding_page_set_error (MSI_ONBOARDING_PAGE (self), NULL);
  msi_onboarding_page_set_complete (MSI_ONBOARDING_PAGE (self), choice != MSI_EMAIL_CLIENT_NONE);
  update_connected (self, get_session (self) ? msi_onboarding_session_get_email_address (get_session (self)) : NULL);
}

/**
 * msi_onboarding_email_page_choose:
 *
 * Chooses Gmail or Outlook, as a click on its row does.
 */
void
msi_onboarding_email_page_choose (MsiOnboardingEmailPage *self,
                                  MsiEmailClient          client)
{
  g_return_if_fail (MSI_IS_ONBOARDING_EMAIL_PAGE (self));

  if (client == MSI_EMAIL_CLIENT_GMAIL)
    gtk_check_button_set_active (self->gmail_check, TRUE);
  else if (client == MSI_EMAIL_CLIENT_OUTLOOK)
    gtk_check_button_set_active (self->outlook_check, TRUE);
}

MsiEmailClient
msi_onboarding_email_page_get_choice (MsiOnboardingEmailPage *self)
{
  g_return_val_if_fail (MSI_IS_ONBOARDING_EMAIL_PAGE (self), MSI_EMAIL_CLIENT_NONE);

  return self->choice;
}

/* --- shown: is a mailbox connected already? --------------------------------- */

static void
initial_status_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(MsiOnboardingEmailPage) self = user_data;
  g_autoptr(JsonObject) connection = NULL;
  g_autoptr(GError) error = NULL;
  MsiEmailClient client = GPOINTER_TO_INT (g_object_get_data (object, "msi-client"));

  connection = msi_service_connection_read_status_finish (MSI_SERVICE_CONNECTION (object), result, &error);
  if (connection == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_debug ("Could not read the e-mail connection: %s", error->message);
      return;
    }

  if (g_strcmp0 (msi_json_get_string (connection, "status"), "connected") == 0 &&
      msi_json_get_object (connection, "problem") == NULL &&
      !msi_onboarding_page_get_applying (MSI_ONBOARDING_PAGE (self)))
    {
      const char *account = msi_json_get_string (connection, "account");

      self->connected_client = client;
      if (account != NULL && get_session (self) != NULL)
        msi_onboarding_session_set_email_address (get_session (self), account);
      update_connected (self, account);
    }
}

static void
msi_onboarding_email_page_shown (MsiOnboardingPage *page)
{
  MsiOnboardingEmailPage *self = MSI_ONBOARDING_EMAIL_PAGE (page);
  MsiOnboardingSession *session = get_session (self);
  MsiActionsAuth *auth = session ? msi_onboarding_session_get_auth (session) : NULL;
  MsiEmailClient chosen = session ? msi_onboarding_session_get_email_client (session) : MSI_EMAIL_CLIENT_NONE;
  g_autoptr(MsiServiceConnection) connection = NULL;

  if (self->choice == MSI_EMAIL_CLIENT_NONE && chosen != MSI_EMAIL_CLIENT_NONE)
    msi_onboarding_email_page_choose (self, chosen);

  if (auth == NULL || chosen == MSI_EMAIL_CLIENT_NONE)
    return;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  connection = msi_service_connection_new_for_user (auth, msi_email_client_to_service (chosen));
  g_object_set_data (G_OBJECT (connection), "msi-client", GINT_TO_POINTER (chosen));
  msi_service_connection_read_status_async (connection, self->cancellable,
                                            initial_status_cb, g_object_ref (self));
}

/* --- the end of a connection ------------------------------------------------ */

/* The service reports the mailbox: remember it and go on. */
static void
connected (MsiOnboardingEmailPage *self,
           MsiEmailClient          client,
           const char             *account)
{
  MsiOnboardingSession *session = get_session (self);

  self->connected_client = client;
  msi_onboarding_session_set_email_client (session, client);
  if (account != NULL)
    msi_onboarding_session_set_email_address (session, account);
  update_connected (self, account);
  msi_onboarding_page_apply_complete (MSI_ONBOARDING_PAGE (self), TRUE);
}

/* The provider sends error=access_denied to the callback on Deny. */
static gboolean
uri_says_denied (const char *uri)
{
  g_autoptr(GUri) parsed = NULL;
  g_autoptr(GHashTable) query = NULL;

  if (uri == NULL)
    return FALSE;

  parsed = g_uri_parse (uri, G_URI_FLAGS_ENCODED_QUERY, NULL);
  if (parsed == NULL || g_uri_get_query (parsed) == NULL)
    return FALSE;

  query = g_uri_parse_params (g_uri_get_query (parsed), -1, "&", G_URI_PARAMS_NONE, NULL);
  return query != NULL && g_strcmp0 (g_hash_table_lookup (query, "error"), "access_denied") == 0;
}

static char *
describe_failure (MsiEmailClient  client,
                  JsonObject     *connection,
                  gboolean        denied)
{
  JsonObject *problem = msi_json_get_object (connection, "problem");
  const char *error = msi_json_get_string (connection, "error");

  if (problem != NULL && msi_json_get_string (problem, "detail") != NULL)
    return g_strdup (msi_json_get_string (problem, "detail"));
  if (denied)
    /* TRANSLATORS: %s is "Gmail" or "Outlook" */
    return g_strdup_printf (_("%s was not connected because access was not allowed. Choose Next again and allow Sales Actions to send e-mail for you."),
                            client_name (client));
  if (error != NULL)
    return g_strdup (error);
  if (g_strcmp0 (msi_json_get_string (connection, "status"), "error") == 0)
    /* TRANSLATORS: %s is "Gmail" or "Outlook" */
    return g_strdup_printf (_("%s could not be connected. Choose Next to try again."), client_name (client));

  return NULL;
}

/* --- Outlook: the embedded consent view ------------------------------------- */

static gboolean
callback_matches_cb (const char *uri,
                     gpointer    user_data)
{
  return msi_service_connection_is_callback (MSI_SERVICE_CONNECTION (user_data), uri);
}

static void
outlook_status_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(MsiOnboardingEmailPage) self = user_data;
  g_autoptr(JsonObject) connection = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *failure = NULL;
  gboolean denied = GPOINTER_TO_INT (g_object_get_data (object, "msi-denied"));
  MsiOnboardingPage *page = MSI_ONBOARDING_PAGE (self);

  connection = msi_service_connection_read_status_finish (MSI_SERVICE_CONNECTION (object), result, &error);
  if (connection == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        msi_onboarding_page_set_error (page, error->message);
      msi_onboarding_page_apply_complete (page, FALSE);
      return;
    }

  if (g_strcmp0 (msi_json_get_string (connection, "status"), "connected") == 0 &&
      msi_json_get_object (connection, "problem") == NULL)
    {
      connected (self, MSI_EMAIL_CLIENT_OUTLOOK, msi_json_get_string (connection, "account"));
      return;
    }

  failure = describe_failure (MSI_EMAIL_CLIENT_OUTLOOK, connection, denied);
  msi_onboarding_page_set_error (page, failure);
  msi_onboarding_page_apply_complete (page, FALSE);
}

static void
outlook_consent_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(MsiServiceConnection) connection = user_data;
  g_autoptr(MsiOnboardingEmailPage) self = g_object_steal_data (G_OBJECT (connection), "msi-page");
  g_autoptr(GError) error = NULL;
  g_autofree char *uri = NULL;

  uri = msi_consent_dialog_run_finish (MSI_CONSENT_DIALOG (object), result, &error);
  if (self == NULL)
    return;

  if (uri == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        msi_onboarding_page_set_error (MSI_ONBOARDING_PAGE (self), error->message);
      msi_onboarding_page_apply_complete (MSI_ONBOARDING_PAGE (self), FALSE);
      return;
    }

  g_object_set_data (G_OBJECT (connection), "msi-denied", GINT_TO_POINTER (uri_says_denied (uri)));
  msi_service_connection_read_status_async (connection, NULL, outlook_status_cb, g_steal_pointer (&self));
}

static void
connect_outlook (MsiOnboardingEmailPage *self,
                 MsiServiceConnection   *connection,
                 GCancellable           *cancellable)
{
  MsiOnboardingSession *session = get_session (self);
  MsiProfile *profile = msi_onboarding_session_get_profile (session);
  MsiConsentDialog *dialog;
  const char *origins[3];

  /* The view may load the Sales account service and Microsoft only. */
  origins[0] = msi_profile_get_actions_url (profile);
  origins[1] = msi_profile_get_microsoft_authority (profile);
  origins[2] = NULL;
  dialog = msi_consent_dialog_new (_("Connect Outlook"), origins,
                                   callback_matches_cb, g_object_ref (connection), g_object_unref);
  msi_consent_dialog_set_finish_after_load (dialog, TRUE);
  g_object_set_data_full (G_OBJECT (connection), "msi-page", g_object_ref (self), g_object_unref);
  msi_consent_dialog_run_async (dialog, msi_onboarding_session_get_parent (session),
                                msi_service_connection_get_authorization_url (connection),
                                cancellable, outlook_consent_cb, g_object_ref (connection));
}

/* --- Gmail: the system browser, and waiting for the service ----------------- */

static void schedule_poll (MsiOnboardingEmailPage *self);

static void
stop_polling (MsiOnboardingEmailPage *self)
{
  g_clear_handle_id (&self->poll_id, g_source_remove);
  g_cancellable_cancel (self->poll_cancellable);
  g_clear_object (&self->poll_cancellable);
  g_clear_object (&self->polled);
  g_clear_weak_pointer (&self->browser_dialog);
}

static void
poll_status_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(MsiOnboardingEmailPage) self = user_data;
  g_autoptr(JsonObject) connection = NULL;
  g_autoptr(GError) error = NULL;
  const char *status;

  connection = msi_service_connection_read_status_finish (MSI_SERVICE_CONNECTION (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ||
      self->polled != MSI_SERVICE_CONNECTION (object))
    return;

  if (connection == NULL)
    {
      /* A network hiccup: read again later. */
      g_debug ("Could not read the Gmail connection: %s", error->message);
      schedule_poll (self);
      return;
    }

  status = msi_json_get_string (connection, "status");
  if (g_strcmp0 (status, "connected") == 0 && msi_json_get_object (connection, "problem") == NULL)
    {
      g_free (self->poll_account);
      self->poll_account = g_strdup (msi_json_get_string (connection, "account"));
      if (self->browser_dialog != NULL)
        msi_browser_consent_dialog_complete (self->browser_dialog);
      return;
    }

  /* Denied or failed in the browser (a new sentence in "error", or a
   * problem): the waiting is over. */
  if (g_strcmp0 (status, "error") == 0 || msi_json_get_object (connection, "problem") != NULL ||
      (msi_json_get_string (connection, "error") != NULL &&
       g_strcmp0 (msi_json_get_string (connection, "error"), self->baseline_error) != 0))
    {
      g_free (self->poll_error);
      self->poll_error = describe_failure (MSI_EMAIL_CLIENT_GMAIL, connection,
                                           msi_json_get_object (connection, "problem") == NULL &&
                                           g_strcmp0 (status, "error") != 0);
      if (self->browser_dialog != NULL)
        gtk_window_close (GTK_WINDOW (self->browser_dialog));
      return;
    }

  schedule_poll (self);
}

static gboolean
poll_cb (gpointer data)
{
  MsiOnboardingEmailPage *self = data;

  self->poll_id = 0;
  if (self->polled == NULL)
    return G_SOURCE_REMOVE;

  msi_service_connection_read_status_async (self->polled, self->poll_cancellable,
                                            poll_status_cb, g_object_ref (self));

  return G_SOURCE_REMOVE;
}

static void
schedule_poll (MsiOnboardingEmailPage *self)
{
  guint delay = self->poll_delay_ms;

  if (self->polled == NULL)
    return;

  /* Some jitter, so that many waiting apps do not ask together. */
  delay += g_random_int_range (0, (gint32)(delay / 10) + 1);
  self->poll_id = g_timeout_add (delay, poll_cb, self);
  self->poll_delay_ms = MIN (self->poll_delay_ms * 3 / 2, POLL_MAX_MS);
}

static void
browser_done_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(MsiOnboardingEmailPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *done = NULL;
  g_autofree char *failure = g_steal_pointer (&self->poll_error);
  g_autofree char *account = g_steal_pointer (&self->poll_account);

  done = msi_browser_consent_dialog_run_finish (MSI_BROWSER_CONSENT_DIALOG (object), result, &error);
  stop_polling (self);

  if (done == NULL)
    {
      if (failure != NULL)
        msi_onboarding_page_set_error (MSI_ONBOARDING_PAGE (self), failure);
      else if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        msi_onboarding_page_set_error (MSI_ONBOARDING_PAGE (self), error->message);
      msi_onboarding_page_apply_complete (MSI_ONBOARDING_PAGE (self), FALSE);
      return;
    }

  connected (self, MSI_EMAIL_CLIENT_GMAIL, account);
}

static void
browser_open_cb (MsiOnboardingEmailPage  *self,
                 const char              *uri,
                 MsiBrowserConsentDialog *dialog)
{
  /* Through the session, which a test can play the browser for. */
  g_signal_stop_emission_by_name (dialog, "open-external");
  msi_onboarding_session_open_uri (get_session (self), uri);
}

static void
open_browser (MsiOnboardingEmailPage *self,
              MsiServiceConnection   *connection,
              GCancellable           *cancellable)
{
  MsiOnboardingSession *session = get_session (self);
  MsiBrowserConsentDialog *dialog;

  stop_polling (self);
  g_clear_pointer (&self->poll_error, g_free);
  g_clear_pointer (&self->poll_account, g_free);

  dialog = msi_browser_consent_dialog_new (_("Connect Gmail"), _("Google"));
  g_set_weak_pointer (&self->browser_dialog, dialog);
  g_signal_connect_object (dialog, "open-external", G_CALLBACK (browser_open_cb), self, G_CONNECT_SWAPPED);

  self->polled = g_object_ref (connection);
  self->poll_cancellable = g_cancellable_new ();
  self->poll_delay_ms = POLL_FIRST_MS;
  schedule_poll (self);

  msi_browser_consent_dialog_run_async (dialog, msi_onboarding_session_get_parent (session),
                                        msi_service_connection_get_authorization_url (connection),
                                        NULL, 0, cancellable, browser_done_cb, g_object_ref (self));
}

static void
baseline_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(MsiOnboardingEmailPage) self = user_data;
  MsiServiceConnection *connection = MSI_SERVICE_CONNECTION (object);
  GCancellable *cancellable = g_object_get_data (object, "msi-cancellable");
  g_autoptr(JsonObject) status = NULL;
  g_autoptr(GError) error = NULL;

  status = msi_service_connection_read_status_finish (connection, result, &error);
  if (status == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        msi_onboarding_page_set_error (MSI_ONBOARDING_PAGE (self), error->message);
      msi_onboarding_page_apply_complete (MSI_ONBOARDING_PAGE (self), FALSE);
      return;
    }

  g_free (self->baseline_error);
  self->baseline_error = g_strdup (msi_json_get_string (status, "error"));
  open_browser (self, connection, cancellable);
}

/* Gmail: what the service says before the browser opens, so that a new
 * sentence after it tells a Deny there. */
static void
connect_gmail (MsiOnboardingEmailPage *self,
               MsiServiceConnection   *connection,
               GCancellable           *cancellable)
{
  msi_service_connection_read_status_async (connection, cancellable, baseline_cb, g_object_ref (self));
}

/* --- Next ------------------------------------------------------------------- */

static void
begun_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(MsiOnboardingEmailPage) self = user_data;
  MsiServiceConnection *connection = MSI_SERVICE_CONNECTION (object);
  GCancellable *cancellable = g_object_get_data (object, "msi-cancellable");
  MsiEmailClient client = GPOINTER_TO_INT (g_object_get_data (object, "msi-client"));
  g_autoptr(GError) error = NULL;

  if (!msi_service_connection_begin_finish (connection, result, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        msi_onboarding_page_set_error (MSI_ONBOARDING_PAGE (self), error->message);
      msi_onboarding_page_apply_complete (MSI_ONBOARDING_PAGE (self), FALSE);
      return;
    }
  if (g_cancellable_is_cancelled (cancellable))
    {
      msi_onboarding_page_apply_complete (MSI_ONBOARDING_PAGE (self), FALSE);
      return;
    }

  if (client == MSI_EMAIL_CLIENT_GMAIL)
    connect_gmail (self, connection, cancellable);
  else
    connect_outlook (self, connection, cancellable);
}

static gboolean
msi_onboarding_email_page_apply (MsiOnboardingPage *page,
                                 GCancellable      *cancellable)
{
  MsiOnboardingEmailPage *self = MSI_ONBOARDING_EMAIL_PAGE (page);
  MsiOnboardingSession *session = get_session (self);
  MsiActionsAuth *auth = session ? msi_onboarding_session_get_auth (session) : NULL;
  g_autoptr(MsiServiceConnection) connection = NULL;

  if (session != NULL)
    msi_onboarding_session_set_email_client (session, self->choice);

  /* Connected already (the onboarding resumed here): nothing to do. */
  if (auth == NULL || self->connected_client == self->choice)
    return FALSE;

  g_cancellable_cancel (self->cancellable);
  connection = msi_service_connection_new_for_user (auth, msi_email_client_to_service (self->choice));
  g_object_set_data (G_OBJECT (connection), "msi-client", GINT_TO_POINTER (self->choice));
  g_object_set_data_full (G_OBJECT (connection), "msi-cancellable",
                          cancellable ? g_object_ref (cancellable) : NULL,
                          cancellable ? g_object_unref : NULL);
  msi_service_connection_begin_async (connection, cancellable, begun_cb, g_object_ref (self));

  return TRUE;
}

/* --- GObject ---------------------------------------------------------------- */

static void
msi_onboarding_email_page_dispose (GObject *object)
{
  MsiOnboardingEmailPage *self = (MsiOnboardingEmailPage *)object;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  stop_polling (self);
  g_clear_pointer (&self->poll_error, g_free);
  g_clear_pointer (&self->poll_account, g_free);
  g_clear_pointer (&self->baseline_error, g_free);

  gtk_widget_dispose_template (GTK_WIDGET (self), MSI_TYPE_ONBOARDING_EMAIL_PAGE);

  G_OBJECT_CLASS (msi_onboarding_email_page_parent_class)->dispose (object);
}

static void
msi_onboarding_email_page_class_init (MsiOnboardingEmailPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  MsiOnboardingPageClass *page_class = MSI_ONBOARDING_PAGE_CLASS (klass);

  object_class->dispose = msi_onboarding_email_page_dispose;
  page_class->apply = msi_onboarding_email_page_apply;
  page_class->shown = msi_onboarding_email_page_shown;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/msi-onboarding-email-page.ui");
  gtk_widget_class_bind_template_child (widget_class, MsiOnboardingEmailPage, gmail_check);
  gtk_widget_class_bind_template_child (widget_class, MsiOnboardingEmailPage, outlook_check);
  gtk_widget_class_bind_template_child (widget_class, MsiOnboardingEmailPage, connected_box);
  gtk_widget_class_bind_template_child (widget_class, MsiOnboardingEmailPage, connected_label);
  gtk_widget_class_bind_template_callback (widget_class, choice_toggled_cb);
}

static void
msi_onboarding_email_page_init (MsiOnboardingEmailPage *self)
{
  MsiOnboardingPage *page = MSI_ONBOARDING_PAGE (self);

  gtk_widget_init_template (GTK_WIDGET (self));

  msi_onboarding_page_set_step (page, MSI_ONBOARDING_STEP_EMAIL_CLIENT);
  msi_onboarding_page_set_title (page, _("E-mail"));
  msi_onboarding_page_set_complete (page, FALSE);
}
