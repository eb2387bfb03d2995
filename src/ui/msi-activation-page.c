/* SPDX-License-Identifier: GPL-3.0-or-later */
/* msi-activation-page.c: activate the Sales account: Marketo credentials, admins, invitations */

#define G_LOG_DOMAIN "msi-activation-page"

#include "config.h"

#include <glib/gi18n.h>

#include "msi-activation-page.h"
#include "msi-http-client.h"
#include "msi-marketo-client.h"
#include "msi-ui-util.h"

/*
 * The admin guide's first step, "Set up the Marketo Sales account": in
 * Marketo, Admin → Sales Insight → Actions Config, choose Marketo admins and
 * Send Invitation. Here: the Marketo REST credentials (typed, or pasted as
 * a block), the instance's users with the Admin role (User Management API),
 * a searchable multi-selection, and the Actions activation call that mails
 * each chosen admin a welcome with a Get started link.
 */

struct _MsiActivationPage
{
  AdwBin                 parent_instance;

  MsiActionsAdmin       *admin;
  MsiMarketoClient      *marketo;
  GCancellable          *cancellable;
  GListStore            *admins;       /* MsiMarketoUser with the Admin role */
  GtkFilterListModel    *filtered;
  GtkCustomFilter       *filter;
  GHashTable            *selected;     /* userid → MsiMarketoUser */
  gulong                 progress_id;

  /* Template widgets */
  GtkStack              *stack;
  AdwEntryRow           *munchkin_row;
  AdwEntryRow           *client_id_row;
  AdwEntryRow           *client_secret_row;
  AdwExpanderRow        *paste_expander;
  GtkTextView           *paste_view;
  GtkButton             *find_button;
  GtkWidget             *progress_box;
  GtkSpinner            *progress_spinner;
  GtkLabel              *progress_label;
  GtkLabel              *admins_intro_label;
  GtkSearchEntry        *search_entry;
  GtkStack              *admins_stack;
  GtkListBox            *admins_list;
  GtkLabel              *selection_label;
  GtkButton             *send_button;
  AdwStatusPage         *sent_page;
};

G_DEFINE_FINAL_TYPE (MsiActivationPage, msi_activation_page, ADW_TYPE_BIN)

static MsiProfile *
get_profile (MsiActivationPage *self)
{
  if (self->admin == NULL)
    return NULL;

  return msi_actions_auth_get_profile (msi_actions_admin_get_auth (self->admin));
}

static void
set_busy (MsiActivationPage *self,
          gboolean           busy,
          const char        *text)
{
  gtk_widget_set_visible (self->progress_box, busy);
  gtk_spinner_set_spinning (self->progress_spinner, busy);
  gtk_label_set_label (self->progress_label, text != NULL ? text : "");
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "activation.find-admins", !busy);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "activation.fill-in", !busy);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "activation.cancel", busy);
}

static void
reset_cancellable (MsiActivationPage *self)
{
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
}

/* --- credentials ----------------------------------------------------------- */

static void
clear_marks (MsiActivationPage *self)
{
  msi_mark_invalid (GTK_WIDGET (self->munchkin_row), FALSE);
  msi_mark_invalid (GTK_WIDGET (self->client_id_row), FALSE);
  msi_mark_invalid (GTK_WIDGET (self->client_secret_row), FALSE);
}

static GtkWidget *
row_for_field (MsiActivationPage *self,
               const char        *field)
{
  if (g_strcmp0 (field, MSI_MARKETO_FIELD_CLIENT_ID) == 0)
    return GTK_WIDGET (self->client_id_row);
  if (g_strcmp0 (field, MSI_MARKETO_FIELD_CLIENT_SECRET) == 0)
    return GTK_WIDGET (self->client_secret_row);
  return GTK_WIDGET (self->munchkin_row);
}

static void
show_credentials (MsiActivationPage           *self,
                  const MsiMarketoCredentials *credentials)
{
  gtk_editable_set_text (GTK_EDITABLE (self->munchkin_row), credentials->munchkin_id ? credentials->munchkin_id : "");
  gtk_editable_set_text (GTK_EDITABLE (self->client_id_row), credentials->client_id ? credentials->client_id : "");
  gtk_editable_set_text (GTK_EDITABLE (self->client_secret_row), credentials->client_secret ? credentials->client_secret : "");
}

static MsiMarketoCredentials *
read_credentials (MsiActivationPage *self)
{
  g_autofree char *munchkin = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->munchkin_row))));
  g_autofree char *client_id = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->client_id_row))));
  g_autofree char *secret = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->client_secret_row))));

  return msi_marketo_credentials_new (munchkin, client_id, secret);
}

static void
fill_in_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *param)
{
  MsiActivationPage *self = MSI_ACTIVATION_PAGE (widget);
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->paste_view);
  g_autoptr(MsiMarketoCredentials) parsed = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  GtkTextIter start, end;
  const char *failed = NULL;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  text = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);

  clear_marks (self);
  parsed = msi_marketo_credentials_parse (text, &error);
  if (parsed == NULL)
    {
      msi_mark_invalid (GTK_WIDGET (self->paste_view), TRUE);
      msi_show_toast (widget, error->message);
      gtk_widget_grab_focus (GTK_WIDGET (self->paste_view));
      return;
    }

  msi_mark_invalid (GTK_WIDGET (self->paste_view), FALSE);
  show_credentials (self, parsed);

  /* Show what was understood, and say what is still wrong. */
  if (!msi_marketo_credentials_validate (parsed, &failed, &error))
    {
      GtkWidget *row = row_for_field (self, failed);

      msi_mark_invalid (row, TRUE);
      msi_show_toast (widget, error->message);
      gtk_widget_grab_focus (row);
      return;
    }

  /* Nothing of the secret stays in the paste field. */
  gtk_text_buffer_set_text (buffer, "", 0);
  adw_expander_row_set_expanded (self->paste_expander, FALSE);
  msi_show_toast (widget, _("Credentials filled in"));
  gtk_widget_grab_focus (GTK_WIDGET (self->find_button));
}

/* --- the admins ------------------------------------------------------------ */

static void
update_selection (MsiActivationPage *self)
{
  guint selected = g_hash_table_size (self->selected);
  guint total = g_list_model_get_n_items (G_LIST_MODEL (self->admins));
  g_autofree char *text = NULL;

  /* TRANSLATORS: e.g. "2 of 8 admins selected" */
  text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                       "%u of %u admin selected",
                                       "%u of %u admins selected",
                                       total),
                          selected, total);
  gtk_label_set_label (self->selection_label, text);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "activation.send", selected > 0);
}

static void
update_admins_stack (MsiActivationPage *self)
{
  const char *child = "list";

  if (g_list_model_get_n_items (G_LIST_MODEL (self->admins)) == 0)
    child = "none";
  else if (g_list_model_get_n_items (G_LIST_MODEL (self->filtered)) == 0)
    child = "no-match";

  gtk_stack_set_visible_child_name (self->admins_stack, child);
}

static void
check_toggled_cb (GtkCheckButton *check,
                  gpointer        user_data)
{
  MsiActivationPage *self = MSI_ACTIVATION_PAGE (user_data);
  MsiMarketoUser *user = g_object_get_data (G_OBJECT (check), "msi-user");
  const char *userid = msi_marketo_user_get_userid (user);

  if (gtk_check_button_get_active (check))
    g_hash_table_replace (self->selected, g_strdup (userid), g_object_ref (user));
  else
    g_hash_table_remove (self->selected, userid);

  update_selection (self);
}

static GtkWidget *
create_admin_row (gpointer item,
                  gpointer user_data)
{
  MsiActivationPage *self = MSI_ACTIVATION_PAGE (user_data);
  MsiMarketoUser *user = MSI_MARKETO_USER (item);
  g_autofree char *title = g_markup_escape_text (msi_marketo_user_get_display_name (user), -1);
  g_autofree char *subtitle = g_markup_escape_text (msi_marketo_user_get_email (user), -1);
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *check = gtk_check_button_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_widget_set_valign (check, GTK_ALIGN_CENTER);
  gtk_check_button_set_active (GTK_CHECK_BUTTON (check),
                               g_hash_table_contains (self->selected, msi_marketo_user_get_userid (user)));
  gtk_accessible_update_property (GTK_ACCESSIBLE (check),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, msi_marketo_user_get_display_name (user),
                                  -1);
  g_object_set_data_full (G_OBJECT (check), "msi-user", g_object_ref (user), g_object_unref);
  g_signal_connect_object (check, "toggled", G_CALLBACK (check_toggled_cb), self, 0);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), check);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), check);

  return row;
}

static gboolean
filter_admin (gpointer item,
              gpointer user_data)
{
  MsiActivationPage *self = MSI_ACTIVATION_PAGE (user_data);
  const char *query = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));

  return msi_marketo_user_matches (MSI_MARKETO_USER (item), query);
}

static void
search_changed_cb (MsiActivationPage *self)
{
  gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_DIFFERENT);
  update_admins_stack (self);
}

static void
progress_cb (MsiMarketoClient  *client,
             guint              done,
             guint              total,
             MsiActivationPage *self)
{
  g_autofree char *text = NULL;

  /* TRANSLATORS: reading each Marketo user's roles: "Checking roles: 120 of 262 users" */
  text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                       "Checking roles: %u of %u user",
                                       "Checking roles: %u of %u users",
                                       total),
                          done, total);
  gtk_label_set_label (self->progress_label, text);
}

static void
saved_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (!msi_marketo_credentials_save_finish (result, &error) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_debug ("Could not keep the Marketo credentials in the keyring: %s", error->message);
}

static void
list_users_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(MsiActivationPage) self = user_data;
  MsiMarketoClient *client = MSI_MARKETO_CLIENT (object);
  g_autoptr(GListModel) users = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *intro = NULL;
  guint n_admins;

  users = msi_marketo_client_list_users_finish (client, result, &error);
  if (client != self->marketo)
    return;

  set_busy (self, FALSE, NULL);
  if (users == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;

      if (g_error_matches (error, MSI_MARKETO_ERROR, MSI_MARKETO_ERROR_INVALID_CREDENTIALS))
        {
          msi_mark_invalid (GTK_WIDGET (self->client_id_row), TRUE);
          msi_mark_invalid (GTK_WIDGET (self->client_secret_row), TRUE);
          gtk_widget_grab_focus (GTK_WIDGET (self->client_id_row));
        }
      msi_show_toast (GTK_WIDGET (self), error->message);
      return;
    }

  /* The credentials work: keep them (the secret in the keyring only). */
  msi_marketo_credentials_save_async (msi_marketo_client_get_credentials (client),
                                      msi_profile_get_id (get_profile (self)),
                                      self->cancellable, saved_cb, NULL);

  g_list_store_remove_all (self->admins);
  g_hash_table_remove_all (self->selected);
  for (guint i = 0; i < g_list_model_get_n_items (users); i++)
    {
      g_autoptr(MsiMarketoUser) user = g_list_model_get_item (users, i);

      if (msi_marketo_user_get_is_admin (user))
        g_list_store_append (self->admins, user);
    }

  n_admins = g_list_model_get_n_items (G_LIST_MODEL (self->admins));
  /* TRANSLATORS: %u users were read from Marketo, %s is its Munchkin ID */
  intro = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                        "%u of the %u users of Marketo %s holds the Admin role. Choose whom to invite to the Sales account; each gets a welcome mail with a link to get started.",
                                        "%u of the %u users of Marketo %s hold the Admin role. Choose whom to invite to the Sales account; each gets a welcome mail with a link to get started.",
                                        n_admins),
                           n_admins, g_list_model_get_n_items (users),
                           msi_marketo_client_get_credentials (client)->munchkin_id);
  gtk_label_set_label (self->admins_intro_label, intro);
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
  update_selection (self);
  update_admins_stack (self);
  gtk_stack_set_visible_child_name (self->stack, "admins");
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

static void
find_admins_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *param)
{
  MsiActivationPage *self = MSI_ACTIVATION_PAGE (widget);
  g_autoptr(MsiMarketoCredentials) credentials = read_credentials (self);
  g_autoptr(GError) error = NULL;
  g_autofree char *base_url = NULL;
  const char *failed = NULL;
  MsiProfile *profile = get_profile (self);

  if (profile == NULL)
    return;

  clear_marks (self);
  if (!msi_marketo_credentials_validate (credentials, &failed, &error))
    {
      GtkWidget *row = row_for_field (self, failed);

      msi_mark_invalid (row, TRUE);
      msi_show_toast (widget, error->message);
      gtk_widget_grab_focus (row);
      return;
    }

  base_url = msi_marketo_credentials_dup_rest_url (credentials, msi_profile_get_marketo_rest_url (profile), &error);
  if (base_url == NULL)
    {
      msi_mark_invalid (GTK_WIDGET (self->munchkin_row), TRUE);
      msi_show_toast (widget, error->message);
      gtk_widget_grab_focus (GTK_WIDGET (self->munchkin_row));
      return;
    }

  reset_cancellable (self);
  if (self->marketo != NULL)
    g_clear_signal_handler (&self->progress_id, self->marketo);
  g_clear_object (&self->marketo);
  self->marketo = msi_marketo_client_new (msi_http_client_get_shared_session (), base_url, credentials);
  self->progress_id = g_signal_connect (self->marketo, "progress", G_CALLBACK (progress_cb), self);

  set_busy (self, TRUE, _("Signing in to Marketo…"));
  msi_marketo_client_list_users_async (self->marketo, self->cancellable, list_users_cb, g_object_ref (self));
}

static void
cancel_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  MsiActivationPage *self = MSI_ACTIVATION_PAGE (widget);

  g_cancellable_cancel (self->cancellable);
  set_busy (self, FALSE, NULL);
}

static void
back_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  MsiActivationPage *self = MSI_ACTIVATION_PAGE (widget);

  g_cancellable_cancel (self->cancellable);
  set_busy (self, FALSE, NULL);
  gtk_stack_set_visible_child_name (self->stack, "credentials");
}

/* --- the invitation -------------------------------------------------------- */

static const char *
outcome_text (MsiInviteOutcome outcome)
{
  switch (outcome)
    {
    case MSI_INVITE_OUTCOME_ALREADY_INVITED:
      return _("already invited, no new mail");
    case MSI_INVITE_OUTCOME_ALREADY_USER:
      return _("already uses the Sales account");
    case MSI_INVITE_OUTCOME_INVITED:
    default:
      return _("invited");
    }
}

static void
activate_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(MsiActivationPage) self = user_data;
  g_autoptr(GPtrArray) results = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) description = g_string_new (NULL);
  guint invited = 0;

  results = msi_actions_admin_activate_finish (MSI_ACTIONS_ADMIN (object), result, &error);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "activation.send", TRUE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "activation.back", TRUE);
  if (results == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        msi_show_toast (GTK_WIDGET (self), error->message);
      return;
    }

  for (guint i = 0; i < results->len; i++)
    {
      MsiActivationResult *entry = g_ptr_array_index (results, i);
      g_autofree char *name = g_markup_escape_text (entry->name ? entry->name : entry->email, -1);
      g_autofree char *email = g_markup_escape_text (entry->email, -1);

      if (entry->outcome == MSI_INVITE_OUTCOME_INVITED)
        invited++;
      /* TRANSLATORS: one line of the invitation summary: name, e-mail, what happened */
      g_string_append_printf (description, _("%s &lt;%s&gt;: %s"), name, email, outcome_text (entry->outcome));
      g_string_append_c (description, '\n');
    }

  g_string_append (description, "\n");
  g_string_append (description, _("The Sales account is activated. Each invited admin finds a welcome mail with a Get started link in their inbox."));
  adw_status_page_set_description (self->sent_page, description->str);
  adw_status_page_set_title (self->sent_page,
                             invited > 0 ? _("Invitations Sent") : _("No New Invitations"));
  gtk_stack_set_visible_child_name (self->stack, "sent");
  msi_setup_changed (GTK_WIDGET (self));
}

static int
compare_admins (gconstpointer a,
                gconstpointer b)
{
  MsiMarketoUser *user_a = *(MsiMarketoUser **)a;
  MsiMarketoUser *user_b = *(MsiMarketoUser **)b;

  return g_utf8_collate (msi_marketo_user_get_display_name (user_a),
                         msi_marketo_user_get_display_name (user_b));
}

static void
send_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  MsiActivationPage *self = MSI_ACTIVATION_PAGE (widget);
  g_autoptr(GPtrArray) users = g_ptr_array_new ();
  g_autoptr(GPtrArray) admins = g_ptr_array_new_with_free_func ((GDestroyNotify)msi_activation_admin_free);
  GHashTableIter iter;
  gpointer value;

  g_hash_table_iter_init (&iter, self->selected);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    g_ptr_array_add (users, value);

  if (self->admin == NULL || self->marketo == NULL || users->len == 0)
    return;

  g_ptr_array_sort (users, compare_admins);
  for (guint i = 0; i < users->len; i++)
    {
      MsiMarketoUser *user = g_ptr_array_index (users, i);

      g_ptr_array_add (admins, msi_activation_admin_new (msi_marketo_user_get_email (user),
                                                         msi_marketo_user_get_first_name (user),
                                                         msi_marketo_user_get_last_name (user)));
    }

  gtk_widget_action_set_enabled (widget, "activation.send", FALSE);
  gtk_widget_action_set_enabled (widget, "activation.back", FALSE);
  msi_actions_admin_activate_async (self->admin,
                                    msi_marketo_client_get_credentials (self->marketo),
                                    admins, self->cancellable, activate_cb, g_object_ref (self));
}

/* --- public ---------------------------------------------------------------- */

static void
loaded_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(MsiActivationPage) self = user_data;
  g_autoptr(MsiMarketoCredentials) credentials = NULL;
  g_autoptr(GError) error = NULL;

  credentials = msi_marketo_credentials_load_finish (result, &error);
  if (credentials == NULL)
    {
      if (error != NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_debug ("Could not read the Marketo credentials from the keyring: %s", error->message);
      return;
    }

  /* Fill in only what the person has not started typing. */
  if (*gtk_editable_get_text (GTK_EDITABLE (self->munchkin_row)) == '\0' &&
      *gtk_editable_get_text (GTK_EDITABLE (self->client_id_row)) == '\0')
    show_credentials (self, credentials);
}

MsiActionsAdmin *
msi_activation_page_get_admin (MsiActivationPage *self)
{
  g_return_val_if_fail (MSI_IS_ACTIVATION_PAGE (self), NULL);

  return self->admin;
}

void
msi_activation_page_set_admin (MsiActivationPage *self,
                               MsiActionsAdmin   *admin)
{
  MsiProfile *profile;

  g_return_if_fail (MSI_IS_ACTIVATION_PAGE (self));
  g_return_if_fail (admin == NULL || MSI_IS_ACTIONS_ADMIN (admin));

  if (self->admin == admin)
    return;

  reset_cancellable (self);
  g_set_object (&self->admin, admin);
  set_busy (self, FALSE, NULL);
  clear_marks (self);
  g_list_store_remove_all (self->admins);
  g_hash_table_remove_all (self->selected);
  show_credentials (self, &(MsiMarketoCredentials) { NULL, NULL, NULL });
  gtk_stack_set_visible_child_name (self->stack, "credentials");

  profile = get_profile (self);
  if (profile != NULL)
    msi_marketo_credentials_load_async (msi_profile_get_id (profile), self->cancellable,
                                        loaded_cb, g_object_ref (self));
}

const char *
msi_activation_page_get_step (MsiActivationPage *self)
{
  g_return_val_if_fail (MSI_IS_ACTIVATION_PAGE (self), NULL);

  return gtk_stack_get_visible_child_name (self->stack);
}

static void
entry_changed_cb (GtkWidget *row)
{
  msi_mark_invalid (row, FALSE);
}

static void
msi_activation_page_dispose (GObject *object)
{
  MsiActivationPage *self = (MsiActivationPage *)object;

  g_cancellable_cancel (self->cancellable);
  if (self->marketo != NULL)
    g_clear_signal_handler (&self->progress_id, self->marketo);
  g_clear_object (&self->marketo);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->admin);
  g_clear_pointer (&self->selected, g_hash_table_unref);
  gtk_widget_dispose_template (GTK_WIDGET (self), MSI_TYPE_ACTIVATION_PAGE);
  g_clear_object (&self->filtered);
  g_clear_object (&self->admins);

  G_OBJECT_CLASS (msi_activation_page_parent_class)->dispose (object);
}

static void
msi_activation_page_class_init (MsiActivationPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = msi_activation_page_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/msiactions/Setup/msi-activation-page.ui");
  gtk_widget_class_bind_template_child (widget_class, MsiActivationPage, munchkin_row);
  gtk_widget_class_bind_template_child (widget_class, MsiActivationPage, client_id_row);
  gtk_widget_class_bind_template_child (widget_class, MsiActivationPage, client_secret_row);
  gtk_widget_class_bind_template_child (widget_class, MsiActivationPage, paste_expander);
  gtk_widget_class_bind_template_child (widget_class, MsiActivationPage, paste_view);
  gtk_widget_class_bind_template_child (widget_class, MsiActivationPage, find_button);
  gtk_widget_class_bind_template_child (widget_class, MsiActivationPage, progress_box);
  gtk_widget_class_bind_template_child (widget_class, MsiActivationPage, progress_spinner);
  gtk_widget_class_bind_template_child (widget_class, MsiActivationPage, progress_label);
  gtk_widget_class_bind_template_child (widget_class, MsiActivationPage, admins_intro_label);
  gtk_widget_class_bind_template_child (widget_class, MsiActivationPage, search_entry);
  gtk_widget_class_bind_template_child (widget_class, MsiActivationPage, admins_stack);
  gtk_widget_class_bind_template_child (widget_class, MsiActivationPage, admins_list);
  gtk_widget_class_bind_template_child (widget_class, MsiActivationPage, selection_label);
  gtk_widget_class_bind_template_child (widget_class, MsiActivationPage, send_button);
  gtk_widget_class_bind_template_child (widget_class, MsiActivationPage, sent_page);

  gtk_widget_class_install_action (widget_class, "activation.fill-in", NULL, fill_in_action);
  gtk_widget_class_install_action (widget_class, "activation.find-admins", NULL, find_admins_action);
  gtk_widget_class_install_action (widget_class, "activation.cancel", NULL, cancel_action);
  gtk_widget_class_install_action (widget_class, "activation.back", NULL, back_action);
  gtk_widget_class_install_action (widget_class, "activation.send", NULL, send_action);
}

static void
msi_activation_page_init (MsiActivationPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  /* The bin's own child, not a template child: disposing the template
   * would unparent it behind AdwBin's back (a critical when the window
   * is destroyed). */
  self->stack = GTK_STACK (adw_bin_get_child (ADW_BIN (self)));

  self->cancellable = g_cancellable_new ();
  self->selected = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  self->admins = g_list_store_new (MSI_TYPE_MARKETO_USER);
  self->filter = gtk_custom_filter_new (filter_admin, self, NULL);
  self->filtered = gtk_filter_list_model_new (G_LIST_MODEL (g_object_ref (self->admins)),
                                              GTK_FILTER (self->filter));
  gtk_list_box_bind_model (self->admins_list, G_LIST_MODEL (self->filtered),
                           create_admin_row, self, NULL);

  g_signal_connect_swapped (self->search_entry, "search-changed", G_CALLBACK (search_changed_cb), self);
  g_signal_connect (self->munchkin_row, "changed", G_CALLBACK (entry_changed_cb), NULL);
  g_signal_connect (self->client_id_row, "changed", G_CALLBACK (entry_changed_cb), NULL);
  g_signal_connect (self->client_secret_row, "changed", G_CALLBACK (entry_changed_cb), NULL);

  set_busy (self, FALSE, NULL);
  update_selection (self);
}
