/* SPDX-License-Identifier: GPL-3.0-or-later */
/* msi-profile-page.c: a signed-in sales rep's profile: account, connections, signature, onboarding */

#define G_LOG_DOMAIN "msi-profile-page"

#include "config.h"

#include <glib/gi18n.h>

#include "msi-json.h"
#include "msi-onboarding-client.h"
#include "msi-profile-page.h"
#include "msi-service-connection.h"
#include "msi-ui-util.h"

/*
 * What a sales rep sees in the main window: their name and e-mail, the
 * state of their Salesforce and e-mail connections, their signature (the
 * same editor as the onboarding's, where Skip sends them), and Continue
 * Onboarding while the onboarding is not finished.
 */

static const char * const services[] = { "salesforce", "microsoft", "google" };

struct _MsiProfilePage
{
  AdwBin               parent_instance;

  MsiActionsAuth      *auth;
  MsiOnboardingClient *client;
  GCancellable        *cancellable;
  GHashTable          *connection_texts;  /* service → the row's subtitle */
  guint                pending;
  gboolean             saving;

  /* Template widgets */
  GtkWidget           *onboarding_group;
  AdwActionRow        *onboarding_row;
  AdwActionRow        *name_row;
  AdwActionRow        *email_row;
  GtkSpinner          *spinner;
  AdwActionRow        *salesforce_row;
  GtkImage            *salesforce_icon;
  AdwActionRow        *microsoft_row;
  GtkImage            *microsoft_icon;
  AdwActionRow        *google_row;
  GtkImage            *google_icon;
  MsiSignatureEditor  *editor;
  GtkWidget           *save_button;
};

enum {
  PROP_0,
  PROP_LOADING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (MsiProfilePage, msi_profile_page, ADW_TYPE_BIN)

static void
set_row_subtitle (AdwActionRow *row,
                  const char   *text)
{
  g_autofree char *escaped = g_markup_escape_text (text ? text : "", -1);

  adw_action_row_set_subtitle (row, escaped);
}

static void
begin_request (MsiProfilePage *self)
{
  if (self->pending++ == 0)
    {
      gtk_spinner_set_spinning (self->spinner, TRUE);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
    }
}

static void
end_request (MsiProfilePage *self)
{
  g_assert (self->pending > 0);

  if (--self->pending == 0)
    {
      gtk_spinner_set_spinning (self->spinner, FALSE);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
    }
}

static void
update_save (MsiProfilePage *self)
{
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "profile.save-signature",
                                 self->client != NULL && !self->saving &&
                                 msi_signature_editor_get_modified (self->editor) &&
                                 msi_signature_editor_get_valid (self->editor));
}

/* --- connections ------------------------------------------------------------ */

static void
show_connection (MsiProfilePage *self,
                 const char     *service,
                 JsonObject     *connection,
                 const GError   *error)
{
  AdwActionRow *row;
  GtkImage *icon;
  const char *status = msi_json_get_string (connection, "status");
  const char *account = msi_json_get_string (connection, "account");
  JsonObject *problem = msi_json_get_object (connection, "problem");
  g_autofree char *text = NULL;
  const char *icon_name;

  if (g_str_equal (service, "salesforce"))
    {
      row = self->salesforce_row;
      icon = self->salesforce_icon;
    }
  else if (g_str_equal (service, "microsoft"))
    {
      row = self->microsoft_row;
      icon = self->microsoft_icon;
    }
  else
    {
      row = self->google_row;
      icon = self->google_icon;
    }

  if (error != NULL)
    {
      text = g_strdup_printf (_("The status could not be read: %s"), error->message);
      icon_name = "dialog-question-symbolic";
    }
  else if (problem != NULL)
    {
      const char *detail = msi_json_get_string (problem, "detail");
      const char *title = msi_json_get_string (problem, "title");

      text = g_strdup (detail ? detail : (title ? title : _("The connection needs attention.")));
      icon_name = "dialog-warning-symbolic";
    }
  else if (g_strcmp0 (status, "connected") == 0)
    {
      if (account != NULL)
        /* TRANSLATORS: %s is an e-mail address or user name */
        text = g_strdup_printf (_("Connected as %s"), account);
      else
        text = g_strdup (_("Connected"));
      icon_name = "emblem-ok-symbolic";
    }
  else if (g_strcmp0 (status, "error") == 0)
    {
      const char *message = msi_json_get_string (connection, "error");

      text = g_strdup (message ? message : _("The connection does not work."));
      icon_name = "dialog-warning-symbolic";
    }
  else
    {
      text = g_strdup (_("Not connected"));
      icon_name = "network-offline-symbolic";
    }

  set_row_subtitle (row, text);
  gtk_image_set_from_icon_name (icon, icon_name);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, text,
                                  -1);
  g_hash_table_replace (self->connection_texts, g_strdup (service), g_steal_pointer (&text));
}

static void
connection_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(MsiProfilePage) self = user_data;
  g_autoptr(JsonObject) connection = NULL;
  g_autoptr(GError) error = NULL;

  connection = msi_service_connection_read_status_finish (MSI_SERVICE_CONNECTION (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  show_connection (self, msi_service_connection_get_service (MSI_SERVICE_CONNECTION (object)), connection, error);
  end_request (self);
}

/* --- onboarding and signature ---------------------------------------------- */

static const char *
step_description (MsiOnboardingStep step)
{
  switch (step)
    {
    case MSI_ONBOARDING_STEP_ACTIVATE:
      return _("Next: activate your account with Salesforce.");
    case MSI_ONBOARDING_STEP_START:
      return _("Next: see what Sales Actions does for you.");
    case MSI_ONBOARDING_STEP_EMAIL_CLIENT:
      return _("Next: connect Gmail or Outlook.");
    case MSI_ONBOARDING_STEP_EMAIL_CONNECTED:
    case MSI_ONBOARDING_STEP_SIGNATURE:
      return _("Next: your e-mail signature.");
    case MSI_ONBOARDING_STEP_FINISH:
    case MSI_ONBOARDING_STEP_TOUR:
    case MSI_ONBOARDING_STEP_LAUNCH:
      return _("Next: a short tour, then Salesforce.");
    case MSI_ONBOARDING_STEP_DONE:
    default:
      return NULL;
    }
}

static void
progress_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(MsiProfilePage) self = user_data;
  g_autoptr(MsiOnboardingProgress) progress = NULL;
  g_autoptr(GError) error = NULL;

  progress = msi_onboarding_client_get_progress_finish (MSI_ONBOARDING_CLIENT (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  end_request (self);
  if (progress == NULL)
    {
      g_debug ("Could not read the onboarding progress: %s", error->message);
      gtk_widget_set_visible (self->onboarding_group, FALSE);
      return;
    }

  gtk_widget_set_visible (self->onboarding_group, progress->step != MSI_ONBOARDING_STEP_DONE);
  set_row_subtitle (self->onboarding_row, step_description (progress->step));
}

static void
signature_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(MsiProfilePage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *html = NULL;

  html = msi_onboarding_client_get_signature_finish (MSI_ONBOARDING_CLIENT (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  end_request (self);
  if (html == NULL)
    {
      msi_add_toast (GTK_WIDGET (self), error->message);
      return;
    }

  /* What the person is typing wins over a late reply. */
  if (!msi_signature_editor_get_modified (self->editor))
    msi_signature_editor_set_html (self->editor, html);
  update_save (self);
}

static void
saved_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(MsiProfilePage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *html = NULL;

  html = msi_onboarding_client_save_signature_finish (MSI_ONBOARDING_CLIENT (object), result, &error);
  self->saving = FALSE;
  if (html == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        msi_add_toast (GTK_WIDGET (self), error->message);
      update_save (self);
      return;
    }

  msi_signature_editor_set_html (self->editor, html);
  msi_add_toast (GTK_WIDGET (self), _("Signature saved"));
  update_save (self);
}

static void
save_signature_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *param)
{
  MsiProfilePage *self = MSI_PROFILE_PAGE (widget);

  if (self->client == NULL || self->saving)
    return;

  self->saving = TRUE;
  update_save (self);
  msi_onboarding_client_save_signature_async (self->client, msi_signature_editor_get_html (self->editor),
                                              self->cancellable, saved_cb, g_object_ref (self));
}

/* --- public ----------------------------------------------------------------- */

void
msi_profile_page_reload (MsiProfilePage *self)
{
  g_return_if_fail (MSI_IS_PROFILE_PAGE (self));

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  self->saving = FALSE;
  if (self->pending > 0)
    {
      self->pending = 0;
      gtk_spinner_set_spinning (self->spinner, FALSE);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
    }

  if (self->auth == NULL || msi_actions_auth_get_state (self->auth) != MSI_AUTH_STATE_SIGNED_IN)
    {
      update_save (self);
      return;
    }

  set_row_subtitle (self->name_row, msi_actions_auth_get_user_name (self->auth));
  set_row_subtitle (self->email_row, msi_actions_auth_get_user_email (self->auth));

  for (guint i = 0; i < G_N_ELEMENTS (services); i++)
    {
      g_autoptr(MsiServiceConnection) connection = msi_service_connection_new_for_user (self->auth, services[i]);

      begin_request (self);
      msi_service_connection_read_status_async (connection, self->cancellable,
                                                connection_cb, g_object_ref (self));
    }

  begin_request (self);
  msi_onboarding_client_get_progress_async (self->client, self->cancellable, progress_cb, g_object_ref (self));
  begin_request (self);
  msi_onboarding_client_get_signature_async (self->client, self->cancellable, signature_cb, g_object_ref (self));
  update_save (self);
}

/**
 * msi_profile_page_set_auth:
 * @auth: (nullable): the signed-in rep's sign-in
 */
void
msi_profile_page_set_auth (MsiProfilePage *self,
                           MsiActionsAuth *auth)
{
  g_return_if_fail (MSI_IS_PROFILE_PAGE (self));
  g_return_if_fail (!auth || MSI_IS_ACTIONS_AUTH (auth));

  if (self->auth == auth)
    return;

  g_set_object (&self->auth, auth);
  g_clear_object (&self->client);
  if (auth != NULL)
    self->client = msi_onboarding_client_new (auth);
  g_hash_table_remove_all (self->connection_texts);
  msi_signature_editor_set_html (self->editor, "");
  msi_profile_page_reload (self);
}

gboolean
msi_profile_page_get_loading (MsiProfilePage *self)
{
  g_return_val_if_fail (MSI_IS_PROFILE_PAGE (self), FALSE);

  return self->pending > 0;
}

MsiSignatureEditor *
msi_profile_page_get_editor (MsiProfilePage *self)
{
  g_return_val_if_fail (MSI_IS_PROFILE_PAGE (self), NULL);

  return self->editor;
}

/* Whether Continue Onboarding is offered. */
gboolean
msi_profile_page_get_onboarding_shown (MsiProfilePage *self)
{
  g_return_val_if_fail (MSI_IS_PROFILE_PAGE (self), FALSE);

  return gtk_widget_get_visible (self->onboarding_group);
}

/* The status text of "salesforce", "microsoft" or "google", once read. */
const char *
msi_profile_page_get_connection_text (MsiProfilePage *self,
                                      const char     *service)
{
  g_return_val_if_fail (MSI_IS_PROFILE_PAGE (self), NULL);

  return g_hash_table_lookup (self->connection_texts, service);
}

/* --- GObject ---------------------------------------------------------------- */

static void
msi_profile_page_dispose (GObject *object)
{
  MsiProfilePage *self = (MsiProfilePage *)object;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);

  gtk_widget_dispose_template (GTK_WIDGET (self), MSI_TYPE_PROFILE_PAGE);

  g_clear_object (&self->client);
  g_clear_object (&self->auth);
  g_clear_pointer (&self->connection_texts, g_hash_table_unref);

  G_OBJECT_CLASS (msi_profile_page_parent_class)->dispose (object);
}

static void
msi_profile_page_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  MsiProfilePage *self = MSI_PROFILE_PAGE (object);

  switch (prop_id)
    {
    case PROP_LOADING:
      g_value_set_boolean (value, self->pending > 0);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
msi_profile_page_class_init (MsiProfilePageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = msi_profile_page_dispose;
  object_class->get_property = msi_profile_page_get_property;

  properties[PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL, FALSE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (MSI_TYPE_SIGNATURE_EDITOR);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/msi-profile-page.ui");
  gtk_widget_class_bind_template_child (widget_class, MsiProfilePage, onboarding_group);
  gtk_widget_class_bind_template_child (widget_class, MsiProfilePage, onboarding_row);
  gtk_widget_class_bind_template_child (widget_class, MsiProfilePage, name_row);
  gtk_widget_class_bind_template_child (widget_class, MsiProfilePage, email_row);
  gtk_widget_class_bind_template_child (widget_class, MsiProfilePage, spinner);
  gtk_widget_class_bind_template_child (widget_class, MsiProfilePage, salesforce_row);
  gtk_widget_class_bind_template_child (widget_class, MsiProfilePage, salesforce_icon);
  gtk_widget_class_bind_template_child (widget_class, MsiProfilePage, microsoft_row);
  gtk_widget_class_bind_template_child (widget_class, MsiProfilePage, microsoft_icon);
  gtk_widget_class_bind_template_child (widget_class, MsiProfilePage, google_row);
  gtk_widget_class_bind_template_child (widget_class, MsiProfilePage, google_icon);
  gtk_widget_class_bind_template_child (widget_class, MsiProfilePage, editor);
  gtk_widget_class_bind_template_child (widget_class, MsiProfilePage, save_button);

  gtk_widget_class_install_action (widget_class, "profile.save-signature", NULL, save_signature_action);
}

static void
msi_profile_page_init (MsiProfilePage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->connection_texts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_signal_connect_object (self->editor, "notify::modified", G_CALLBACK (update_save), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->editor, "notify::valid", G_CALLBACK (update_save), self, G_CONNECT_SWAPPED);
  update_save (self);
}

GtkWidget *
msi_profile_page_new (void)
{
  return g_object_new (MSI_TYPE_PROFILE_PAGE, NULL);
}
