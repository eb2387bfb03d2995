/* SPDX-License-Identifier: GPL-3.0-or-later */
/* msi-onboarding-activate-page.c: onboarding page: Activate account with Salesforce, and what stops it explained */

#define G_LOG_DOMAIN "msi-onboarding-activate-page"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "msi-consent-dialog.h"
#include "msi-json.h"
#include "msi-onboarding-activate-page.h"
#include "msi-problem-types.h"
#include "msi-service-connection.h"
#include "msi-ui-util.h"

/*
 * The guide's "Activate account with Salesforce": the rep's own
 * Salesforce connection at the Actions service, its consent in the
 * embedded view (which goes on by itself when Salesforce remembers the
 * person), Allow. The two prerequisites are said before the consent;
 * when the service reports one unmet (the connection's "problem"), the
 * page explains it: a different e-mail address side by side with the
 * Sales account's, or a profile without API Enabled with a message for
 * the Salesforce admin.
 */

struct _MsiOnboardingActivatePage
{
  MsiOnboardingPage  parent_instance;

  GCancellable      *cancellable;   /* reading the status when shown */
  char              *admin_message;
  gboolean           connected;

  /* Template widgets */
  GtkLabel          *intro_label;
  GtkWidget         *requirements_group;
  AdwActionRow      *email_row;
  GtkWidget         *connected_box;
  GtkLabel          *connected_label;
  GtkStack          *problem_stack;
  GtkLabel          *account_email_label;
  GtkLabel          *salesforce_email_label;
  GtkLabel          *api_label;
  GtkLabel          *admin_message_label;
  GtkLabel          *other_title_label;
  GtkLabel          *other_detail_label;
  GtkButton         *activate_button;
};

G_DEFINE_FINAL_TYPE (MsiOnboardingActivatePage, msi_onboarding_activate_page, MSI_TYPE_ONBOARDING_PAGE)

static MsiOnboardingSession *
get_session (MsiOnboardingActivatePage *self)
{
  return msi_onboarding_page_get_session (MSI_ONBOARDING_PAGE (self));
}

static void
update_intro (MsiOnboardingActivatePage *self)
{
  MsiOnboardingSession *session = get_session (self);
  const char *name = session ? msi_onboarding_session_get_user_name (session) : NULL;
  const char *email = session ? msi_onboarding_session_get_user_email (session) : NULL;
  const char *account = session ? msi_onboarding_session_get_account_name (session) : NULL;
  const char *invited_by = session ? msi_onboarding_session_get_invited_by (session) : NULL;
  g_autofree char *intro = NULL;
  g_autofree char *subtitle = NULL;
  g_autofree char *escaped = NULL;

  if (name != NULL && invited_by != NULL && account != NULL)
    /* TRANSLATORS: the rep's name, who invited them, the company's Sales account */
    intro = g_strdup_printf (_("Hi %s, %s invited you to the %s Sales account. Activate it with your Salesforce user: sign in to Salesforce if it asks, then choose Allow."),
                             name, invited_by, account);
  else if (name != NULL)
    /* TRANSLATORS: %s is the rep's name */
    intro = g_strdup_printf (_("Hi %s, activate your Sales account with your Salesforce user: sign in to Salesforce if it asks, then choose Allow."),
                             name);
  else
    intro = g_strdup (_("Activate your Sales account with your Salesforce user: sign in to Salesforce if it asks, then choose Allow."));
  gtk_label_set_label (self->intro_label, intro);

  if (email != NULL)
    /* TRANSLATORS: %s is the rep's Sales account e-mail address */
    subtitle = g_strdup_printf (_("Your Salesforce user’s e-mail address must be %s, the address of your Sales account."), email);
  else
    subtitle = g_strdup (_("Your Salesforce user’s e-mail address must be the same as your Sales account’s."));
  escaped = g_markup_escape_text (subtitle, -1);
  adw_action_row_set_subtitle (self->email_row, escaped);
}

static void
show_connected (MsiOnboardingActivatePage *self,
                const char                *account)
{
  g_autofree char *text = NULL;

  self->connected = TRUE;
  if (account != NULL)
    /* TRANSLATORS: %s is the Salesforce user's e-mail address or user name */
    text = g_strdup_printf (_("Your account is active, connected to the Salesforce user %s. Choose Next to go on."), account);
  else
    text = g_strdup (_("Your account is active and connected to Salesforce. Choose Next to go on."));

  gtk_label_set_label (self->connected_label, text);
  gtk_widget_set_visible (self->connected_box, TRUE);
  gtk_widget_set_visible (GTK_WIDGET (self->problem_stack), FALSE);
  gtk_widget_set_visible (self->requirements_group, FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->activate_button), FALSE);
  msi_onboarding_page_set_next_label (MSI_ONBOARDING_PAGE (self), NULL);
}

/* A problem takes the place of the prerequisites it explains. */
static void
show_problem_page (MsiOnboardingActivatePage *self,
                   const char                *name)
{
  gtk_stack_set_visible_child_name (self->problem_stack, name);
  gtk_widget_set_visible (GTK_WIDGET (self->problem_stack), TRUE);
  gtk_widget_set_visible (self->requirements_group, FALSE);
}

static void
hide_problem (MsiOnboardingActivatePage *self)
{
  gtk_widget_set_visible (GTK_WIDGET (self->problem_stack), FALSE);
  gtk_widget_set_visible (self->requirements_group, !self->connected);
}

static void
show_other_problem (MsiOnboardingActivatePage *self,
                    const char                *title,
                    const char                *detail)
{
  gtk_label_set_label (self->other_title_label, title);
  gtk_label_set_label (self->other_detail_label, detail ? detail : "");
  gtk_widget_set_visible (GTK_WIDGET (self->other_detail_label), detail != NULL);
  show_problem_page (self, "other");
}

static void
show_problem (MsiOnboardingActivatePage *self,
              JsonObject                *problem)
{
  MsiOnboardingSession *session = get_session (self);
  const char *type = msi_json_get_string (problem, "type");
  const char *salesforce_email = msi_json_get_string (problem, "salesforceEmail");
  const char *account_email = msi_json_get_string (problem, "accountEmail");
  const char *profile_name = msi_json_get_string (problem, "profileName");

  self->connected = FALSE;
  gtk_widget_set_visible (self->connected_box, FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->activate_button), TRUE);

  if (g_strcmp0 (type, MSI_PROBLEM_SALESFORCE_EMAIL_MISMATCH) == 0)
    {
      if (account_email == NULL && session != NULL)
        account_email = msi_onboarding_session_get_user_email (session);
      gtk_label_set_label (self->account_email_label, account_email ? account_email : "");
      gtk_label_set_label (self->salesforce_email_label, salesforce_email ? salesforce_email : "");
      show_problem_page (self, "mismatch");
      gtk_button_set_label (self->activate_button, _("_Try Again"));
      return;
    }

  if (g_strcmp0 (type, MSI_PROBLEM_SALESFORCE_API_DISABLED) == 0)
    {
      const char *name = session ? msi_onboarding_session_get_user_name (session) : NULL;
      g_autofree char *explanation = NULL;

      if (profile_name != NULL)
        /* TRANSLATORS: %s is the name of a Salesforce profile, such as “Standard User” */
        explanation = g_strdup_printf (_("Sales Actions works with Salesforce through its API, and your Salesforce profile “%s” does not allow that. Send this message to your Salesforce admin; once they have turned on API Enabled, choose Try Again."),
                                       profile_name);
      else
        explanation = g_strdup (_("Sales Actions works with Salesforce through its API, and your Salesforce profile does not allow that. Send this message to your Salesforce admin; once they have turned on API Enabled, choose Try Again."));
      gtk_label_set_label (self->api_label, explanation);

      g_free (self->admin_message);
      /* TRANSLATORS: a message the rep sends to their Salesforce admin: the
       * Salesforce user's e-mail, the profile name (twice), the rep's name */
      self->admin_message = g_strdup_printf (_("Hello,\n\nTo use Sales Actions (Marketo Sales Insight Actions), my Salesforce user %s needs the “API Enabled” permission. Could you turn it on for the profile “%s” (Setup → Profiles → %s → System Permissions → API Enabled), or give me a permission set that has it?\n\nThank you,\n%s"),
                                             salesforce_email ? salesforce_email : "",
                                             profile_name ? profile_name : "",
                                             profile_name ? profile_name : "",
                                             name ? name : "");
      gtk_label_set_label (self->admin_message_label, self->admin_message);
      show_problem_page (self, "api-disabled");
      gtk_button_set_label (self->activate_button, _("_Try Again"));
      return;
    }

  show_other_problem (self,
                      msi_json_get_string (problem, "title") ? msi_json_get_string (problem, "title")
                                                             : _("Salesforce could not be connected"),
                      msi_json_get_string (problem, "detail"));
  gtk_button_set_label (self->activate_button, _("_Try Again"));
}

/* Shows the connection's status; TRUE when it is connected and fine. */
static gboolean
show_status (MsiOnboardingActivatePage *self,
             JsonObject                *connection)
{
  const char *status = msi_json_get_string (connection, "status");
  JsonObject *problem = msi_json_get_object (connection, "problem");

  if (problem != NULL)
    {
      show_problem (self, problem);
      return FALSE;
    }

  if (g_strcmp0 (status, "connected") == 0)
    {
      show_connected (self, msi_json_get_string (connection, "account"));
      return TRUE;
    }

  if (g_strcmp0 (status, "error") == 0)
    {
      show_other_problem (self, _("Salesforce could not be connected"),
                          msi_json_get_string (connection, "error"));
      gtk_button_set_label (self->activate_button, _("_Try Again"));
    }

  return FALSE;
}

/* --- shown: the status so far ----------------------------------------------- */

static void
initial_status_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(MsiOnboardingActivatePage) self = user_data;
  g_autoptr(JsonObject) connection = NULL;
  g_autoptr(GError) error = NULL;

  connection = msi_service_connection_read_status_finish (MSI_SERVICE_CONNECTION (object), result, &error);
  if (connection == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_debug ("Could not read the Salesforce connection: %s", error->message);
      return;
    }

  if (!msi_onboarding_page_get_applying (MSI_ONBOARDING_PAGE (self)))
    show_status (self, connection);
}

static void
msi_onboarding_activate_page_shown (MsiOnboardingPage *page)
{
  MsiOnboardingActivatePage *self = MSI_ONBOARDING_ACTIVATE_PAGE (page);
  MsiActionsAuth *auth = get_session (self) ? msi_onboarding_session_get_auth (get_session (self)) : NULL;
  g_autoptr(MsiServiceConnection) connection = NULL;

  update_intro (self);
  if (auth == NULL)
    return;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  connection = msi_service_connection_new_for_user (auth, "salesforce");
  msi_service_connection_read_status_async (connection, self->cancellable,
                                            initial_status_cb, g_object_ref (self));
}

/* --- Next: the consent ------------------------------------------------------ */

static gboolean
callback_matches_cb (const char *uri,
                     gpointer    user_data)
{
  return msi_service_connection_is_callback (MSI_SERVICE_CONNECTION (user_data), uri);
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

static void
status_after_consent_cb (GObject      *object,
                         GAsyncResult *result,
                         gpointer      user_data)
{
  g_autoptr(MsiOnboardingActivatePage) self = user_data;
  g_autoptr(JsonObject) connection = NULL;
  g_autoptr(GError) error = NULL;
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

  if (show_status (self, connection))
    {
      msi_onboarding_page_apply_complete (page, TRUE);
      return;
    }

  if (denied && msi_json_get_object (connection, "problem") == NULL)
    {
      show_other_problem (self, _("Access Was Not Allowed"),
                          _("Sales Actions needs your permission to work with Salesforce for you. Choose Try Again and select Allow."));
      gtk_button_set_label (self->activate_button, _("_Try Again"));
    }
  msi_onboarding_page_apply_complete (page, FALSE);
}

static void
consent_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(MsiServiceConnection) connection = user_data;
  g_autoptr(MsiOnboardingActivatePage) self = g_object_steal_data (G_OBJECT (connection), "msi-page");
  g_autoptr(GError) error = NULL;
  g_autofree char *uri = NULL;
  MsiOnboardingPage *page;

  uri = msi_consent_dialog_run_finish (MSI_CONSENT_DIALOG (object), result, &error);
  if (self == NULL)
    return;

  page = MSI_ONBOARDING_PAGE (self);
  if (uri == NULL)
    {
      /* Closed or cancelled: the person stays here and may try again. */
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        msi_onboarding_page_set_error (page, error->message);
      msi_onboarding_page_apply_complete (page, FALSE);
      return;
    }

  g_object_set_data (G_OBJECT (connection), "msi-denied", GINT_TO_POINTER (uri_says_denied (uri)));

  /* Whatever the page said, the service's status is what counts. */
  msi_service_connection_read_status_async (connection, NULL, status_after_consent_cb,
                                            g_steal_pointer (&self));
}

static void
begun_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(MsiOnboardingActivatePage) self = user_data;
  MsiServiceConnection *connection = MSI_SERVICE_CONNECTION (object);
  MsiOnboardingPage *page = MSI_ONBOARDING_PAGE (self);
  MsiOnboardingSession *session = get_session (self);
  g_autoptr(GError) error = NULL;
  MsiConsentDialog *dialog;
  MsiProfile *profile;
  GCancellable *cancellable;
  const char *origins[3];

  cancellable = g_object_get_data (object, "msi-cancellable");
  if (!msi_service_connection_begin_finish (connection, result, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        msi_onboarding_page_set_error (page, error->message);
      msi_onboarding_page_apply_complete (page, FALSE);
      return;
    }
  if (g_cancellable_is_cancelled (cancellable))
    {
      msi_onboarding_page_apply_complete (page, FALSE);
      return;
    }

  /* The view may load the Sales account service and Salesforce only. */
  profile = msi_onboarding_session_get_profile (session);
  origins[0] = msi_profile_get_actions_url (profile);
  origins[1] = msi_profile_get_salesforce_login_url (profile);
  origins[2] = NULL;
  dialog = msi_consent_dialog_new (_("Activate with Salesforce"), origins,
                                   callback_matches_cb, g_object_ref (connection), g_object_unref);
  msi_consent_dialog_set_finish_after_load (dialog, TRUE);
  g_object_set_data_full (G_OBJECT (connection), "msi-page", g_object_ref (self), g_object_unref);
  msi_consent_dialog_run_async (dialog, msi_onboarding_session_get_parent (session),
                                msi_service_connection_get_authorization_url (connection),
                                cancellable, consent_cb, g_object_ref (connection));
}

static gboolean
msi_onboarding_activate_page_apply (MsiOnboardingPage *page,
                                    GCancellable      *cancellable)
{
  MsiOnboardingActivatePage *self = MSI_ONBOARDING_ACTIVATE_PAGE (page);
  MsiOnboardingSession *session = get_session (self);
  MsiActionsAuth *auth = session ? msi_onboarding_session_get_auth (session) : NULL;
  g_autoptr(MsiServiceConnection) connection = NULL;

  if (self->connected || auth == NULL)
    return FALSE;

  g_cancellable_cancel (self->cancellable);
  hide_problem (self);
  connection = msi_service_connection_new_for_user (auth, "salesforce");
  g_object_set_data_full (G_OBJECT (connection), "msi-cancellable",
                          cancellable ? g_object_ref (cancellable) : NULL,
                          cancellable ? g_object_unref : NULL);
  msi_service_connection_begin_async (connection, cancellable, begun_cb, g_object_ref (self));

  return TRUE;
}

/* --- the buttons ------------------------------------------------------------ */

static void
activate_clicked_cb (MsiOnboardingActivatePage *self,
                     GtkButton                 *button)
{
  msi_onboarding_page_request_next (MSI_ONBOARDING_PAGE (self));
}

static void
forgotten_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(MsiOnboardingActivatePage) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!msi_consent_forget_sign_ins_finish (result, &error))
    g_debug ("Could not forget the web sign-ins: %s", error->message);

  /* Salesforce asks who is signing in this time. */
  msi_onboarding_page_request_next (MSI_ONBOARDING_PAGE (self));
}

static void
switch_user_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *param)
{
  MsiOnboardingActivatePage *self = MSI_ONBOARDING_ACTIVATE_PAGE (widget);

  msi_consent_forget_sign_ins_async (NULL, forgotten_cb, g_object_ref (self));
}

static void
copy_message_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *param)
{
  MsiOnboardingActivatePage *self = MSI_ONBOARDING_ACTIVATE_PAGE (widget);

  if (self->admin_message == NULL)
    return;

  gdk_clipboard_set_text (gtk_widget_get_clipboard (widget), self->admin_message);
  msi_add_toast (widget, _("Message copied"));
}

static void
mail_message_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *param)
{
  MsiOnboardingActivatePage *self = MSI_ONBOARDING_ACTIVATE_PAGE (widget);
  MsiOnboardingSession *session = get_session (self);
  const char *invited_by = session ? msi_onboarding_session_get_invited_by (session) : NULL;
  g_autofree char *to = NULL;
  g_autofree char *subject = NULL;
  g_autofree char *body = NULL;
  g_autofree char *uri = NULL;

  if (self->admin_message == NULL || session == NULL)
    return;

  /* The admin who invited the rep, when the invitation names an address. */
  if (invited_by != NULL && strchr (invited_by, '@') != NULL && strchr (invited_by, ' ') == NULL)
    to = g_uri_escape_string (invited_by, "@", FALSE);
  subject = g_uri_escape_string (_("Please turn on “API Enabled” for my Salesforce profile"), NULL, FALSE);
  body = g_uri_escape_string (self->admin_message, NULL, FALSE);
  uri = g_strdup_printf ("mailto:%s?subject=%s&body=%s", to ? to : "", subject, body);
  msi_onboarding_session_open_uri (session, uri);
}

/* --- GObject ---------------------------------------------------------------- */

static void
msi_onboarding_activate_page_session_changed (MsiOnboardingPage *page)
{
  update_intro (MSI_ONBOARDING_ACTIVATE_PAGE (page));
}

static void
msi_onboarding_activate_page_dispose (GObject *object)
{
  MsiOnboardingActivatePage *self = (MsiOnboardingActivatePage *)object;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->admin_message, g_free);

  gtk_widget_dispose_template (GTK_WIDGET (self), MSI_TYPE_ONBOARDING_ACTIVATE_PAGE);

  G_OBJECT_CLASS (msi_onboarding_activate_page_parent_class)->dispose (object);
}

static void
msi_onboarding_activate_page_class_init (MsiOnboardingActivatePageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  MsiOnboardingPageClass *page_class = MSI_ONBOARDING_PAGE_CLASS (klass);

  object_class->dispose = msi_onboarding_activate_page_dispose;
  page_class->apply = msi_onboarding_activate_page_apply;
  page_class->shown = msi_onboarding_activate_page_shown;
  page_class->session_changed = msi_onboarding_activate_page_session_changed;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/msi-onboarding-activate-page.ui");
  gtk_widget_class_bind_template_child (widget_class, MsiOnboardingActivatePage, intro_label);
  gtk_widget_class_bind_template_child (widget_class, MsiOnboardingActivatePage, requirements_group);
  gtk_widget_class_bind_template_child (widget_class, MsiOnboardingActivatePage, email_row);
  gtk_widget_class_bind_template_child (widget_class, MsiOnboardingActivatePage, connected_box);
  gtk_widget_class_bind_template_child (widget_class, MsiOnboardingActivatePage, connected_label);
  gtk_widget_class_bind_template_child (widget_class, MsiOnboardingActivatePage, problem_stack);
  gtk_widget_class_bind_template_child (widget_class, MsiOnboardingActivatePage, account_email_label);
  gtk_widget_class_bind_template_child (widget_class, MsiOnboardingActivatePage, salesforce_email_label);
  gtk_widget_class_bind_template_child (widget_class, MsiOnboardingActivatePage, api_label);
  gtk_widget_class_bind_template_child (widget_class, MsiOnboardingActivatePage, admin_message_label);
  gtk_widget_class_bind_template_child (widget_class, MsiOnboardingActivatePage, other_title_label);
  gtk_widget_class_bind_template_child (widget_class, MsiOnboardingActivatePage, other_detail_label);
  gtk_widget_class_bind_template_child (widget_class, MsiOnboardingActivatePage, activate_button);
  gtk_widget_class_bind_template_callback (widget_class, activate_clicked_cb);

  gtk_widget_class_install_action (widget_class, "activate.switch-user", NULL, switch_user_action);
  gtk_widget_class_install_action (widget_class, "activate.copy-message", NULL, copy_message_action);
  gtk_widget_class_install_action (widget_class, "activate.mail-message", NULL, mail_message_action);
}

static void
msi_onboarding_activate_page_init (MsiOnboardingActivatePage *self)
{
  MsiOnboardingPage *page = MSI_ONBOARDING_PAGE (self);

  gtk_widget_init_template (GTK_WIDGET (self));

  /* An address broken over lines gets no hyphen that is not in it. */
  {
    PangoAttrList *attributes = pango_attr_list_new ();

    pango_attr_list_insert (attributes, pango_attr_insert_hyphens_new (FALSE));
    gtk_label_set_attributes (self->account_email_label, attributes);
    gtk_label_set_attributes (self->salesforce_email_label, attributes);
    pango_attr_list_unref (attributes);
  }

  msi_onboarding_page_set_step (page, MSI_ONBOARDING_STEP_ACTIVATE);
  msi_onboarding_page_set_title (page, _("Activate Account"));
  msi_onboarding_page_set_next_label (page, _("_Activate"));
  msi_onboarding_page_set_complete (page, TRUE);
  update_intro (self);
}

/* For the tests: the problem the page shows ("mismatch", "api-disabled",
 * "other"), or NULL. */
const char *
msi_onboarding_activate_page_get_problem (MsiOnboardingActivatePage *self)
{
  g_return_val_if_fail (MSI_IS_ONBOARDING_ACTIVATE_PAGE (self), NULL);

  if (!gtk_widget_get_visible (GTK_WIDGET (self->problem_stack)))
    return NULL;

  return gtk_stack_get_visible_child_name (self->problem_stack);
}

/* For the tests: the message for the Salesforce admin, or NULL. */
const char *
msi_onboarding_activate_page_get_admin_message (MsiOnboardingActivatePage *self)
{
  g_return_val_if_fail (MSI_IS_ONBOARDING_ACTIVATE_PAGE (self), NULL);

  return self->admin_message;
}

/* For the tests: shows the status of the Salesforce connection as the
 * service gives it (GET /api/v1/me/connections). */
gboolean
msi_onboarding_activate_page_show_status (MsiOnboardingActivatePage *self,
                                          JsonObject                *connection)
{
  g_return_val_if_fail (MSI_IS_ONBOARDING_ACTIVATE_PAGE (self), FALSE);

  return show_status (self, connection);
}
