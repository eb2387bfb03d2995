/* SPDX-License-Identifier: GPL-3.0-or-later */
/* msi-users-page.c: the Sales account's users and invitations, seats, and the ways to invite */

#define G_LOG_DOMAIN "msi-users-page"

#include "config.h"

#include <glib/gi18n.h>

#include "msi-application.h"
#include "msi-import-row-item.h"
#include "msi-ui-util.h"
#include "msi-csv-import-dialog-private.h"
#include "msi-users-page-private.h"

/*
 * The admin guide's "User management" (Settings → Admin settings → User
 * management): every user and pending invitation of the account, read
 * page by page as the list scrolls (MsiScimUserList is a lazy GListModel:
 * nothing here walks all its items), searched on the server, with the
 * seats against the limit. Actions → Invite users, Invite users via CSV.
 */

struct _MsiUsersPage
{
  AdwBin                  parent_instance;

  MsiScimClient          *client;
  MsiScimUserList        *users;
  GtkNoSelection         *selection;
  GCancellable           *cancellable;    /* seats, resend, revoke, journal: per client */
  guint                   seats_used;
  guint                   seat_limit;
  gboolean                seats_known;
  gint64                  interrupted_id;
  char                   *error_shown;
  guint                   update_id;

  /* Open dialogs (weak) */
  MsiInviteDialog        *invite_dialog;
  MsiCsvImportDialog     *csv_dialog;
  MsiImportHistoryDialog *history_dialog;

  /* Template widgets */
  GtkRevealer            *resume_revealer;
  GtkLabel               *resume_label;
  GtkLabel               *seats_label;
  GtkLevelBar            *seats_bar;
  GtkSearchEntry         *search_entry;
  AdwSplitButton         *invite_button;
  GtkStack               *list_stack;
  GtkSpinner             *spinner;
  GtkScrolledWindow      *scrolled;
  GtkListView            *list_view;
  AdwStatusPage          *error_page;
};

G_DEFINE_FINAL_TYPE (MsiUsersPage, msi_users_page, ADW_TYPE_BIN)

static MsiApplication *
get_app (MsiUsersPage *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkApplication *app = GTK_IS_WINDOW (root) ? gtk_window_get_application (GTK_WINDOW (root)) : NULL;

  return MSI_IS_APPLICATION (app) ? MSI_APPLICATION (app) : NULL;
}

static GtkWindow *
get_window (MsiUsersPage *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  return GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL;
}

static const char *
get_profile_id (MsiUsersPage *self)
{
  if (self->client == NULL)
    return NULL;

  return msi_profile_get_id (msi_actions_auth_get_profile (msi_scim_client_get_auth (self->client)));
}

/* --- the list's state -------------------------------------------------------- */

static void
update_state (MsiUsersPage *self)
{
  const GError *error;
  guint n_items;
  const char *child;

  if (self->users == NULL)
    {
      gtk_spinner_set_spinning (self->spinner, TRUE);
      gtk_stack_set_visible_child_name (self->list_stack, "loading");
      return;
    }

  error = msi_scim_user_list_get_error (self->users);
  n_items = g_list_model_get_n_items (G_LIST_MODEL (self->users));

  if (n_items > 0)
    child = "list";
  else if (error != NULL)
    child = "error";
  else if (msi_scim_user_list_get_loading (self->users))
    child = "loading";
  else if (msi_scim_user_list_get_filter (self->users) != NULL)
    child = "no-match";
  else
    child = "empty";

  if (error != NULL && g_strcmp0 (self->error_shown, error->message) != 0)
    {
      g_autofree char *escaped = g_markup_escape_text (error->message, -1);

      g_free (self->error_shown);
      self->error_shown = g_strdup (error->message);
      adw_status_page_set_description (self->error_page, escaped);
      /* Rows already on screen stay; the failure is said once. */
      if (n_items > 0)
        msi_show_toast (GTK_WIDGET (self), error->message);
    }
  else if (error == NULL)
    g_clear_pointer (&self->error_shown, g_free);

  gtk_spinner_set_spinning (self->spinner, g_str_equal (child, "loading"));
  gtk_stack_set_visible_child_name (self->list_stack, child);
}

static void
users_changed_cb (MsiUsersPage *self)
{
  update_state (self);
}

static gboolean
update_state_idle_cb (gpointer user_data)
{
  MsiUsersPage *self = MSI_USERS_PAGE (user_data);

  self->update_id = 0;
  update_state (self);

  return G_SOURCE_REMOVE;
}

static void
items_changed_cb (GListModel   *model,
                  guint         position,
                  guint         removed,
                  guint         added,
                  MsiUsersPage *self)
{
  /* Only a change between empty and not can change the state. A reload
   * empties the list just before it says it is loading: decide once
   * both happened, or "No Users Yet" would flash. */
  if (position == 0 && (removed == 0 || added == 0) && self->update_id == 0)
    self->update_id = g_idle_add (update_state_idle_cb, self);
}

/* --- the rows -------------------------------------------------------------------- */

typedef struct
{
  GtkWidget *name;
  GtkWidget *address;
  GtkWidget *detail;
  GtkWidget *status;
  GtkWidget *resend;
  GtkWidget *revoke;
} UserRow;

static const char *
status_label (MsiScimUserStatus status)
{
  switch (status)
    {
    case MSI_SCIM_USER_ACTIVE:
      return _("Active");
    case MSI_SCIM_USER_INVITED:
      return _("Invitation pending");
    case MSI_SCIM_USER_EXPIRED:
      return _("Invitation expired");
    default:
      g_return_val_if_reached ("");
    }
}

static const char *
status_style (MsiScimUserStatus status)
{
  switch (status)
    {
    case MSI_SCIM_USER_ACTIVE:
      return "success";
    case MSI_SCIM_USER_INVITED:
      return "accent";
    case MSI_SCIM_USER_EXPIRED:
    default:
      return "warning";
    }
}

static GtkWidget *
new_inscription (const char *css_class,
                 const char *css_class2)
{
  GtkWidget *inscription = gtk_inscription_new (NULL);

  gtk_inscription_set_text_overflow (GTK_INSCRIPTION (inscription), GTK_INSCRIPTION_OVERFLOW_ELLIPSIZE_END);
  gtk_inscription_set_nat_chars (GTK_INSCRIPTION (inscription), 36);
  if (css_class != NULL)
    gtk_widget_add_css_class (inscription, css_class);
  if (css_class2 != NULL)
    gtk_widget_add_css_class (inscription, css_class2);

  return inscription;
}

static GtkWidget *
new_row_button (const char *icon,
                const char *tooltip,
                const char *action)
{
  GtkWidget *button = gtk_button_new_from_icon_name (icon);

  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (button, tooltip);
  gtk_widget_add_css_class (button, "flat");
  /* The user's id and address are set when the row is bound. */
  gtk_actionable_set_action_target_value (GTK_ACTIONABLE (button), g_variant_new ("(ss)", "", ""));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), action);

  return button;
}

static void
setup_user_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *item,
               gpointer                  user_data)
{
  UserRow *row = g_new0 (UserRow, 1);
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *texts = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);

  gtk_widget_add_css_class (box, "msi-list-row");
  gtk_widget_add_css_class (box, "msi-user-row");
  gtk_widget_set_hexpand (texts, TRUE);
  gtk_widget_set_valign (texts, GTK_ALIGN_CENTER);

  row->name = new_inscription ("msi-user-name", NULL);
  row->address = new_inscription ("dim-label", NULL);
  row->detail = new_inscription ("caption", "dim-label");
  gtk_box_append (GTK_BOX (texts), row->name);
  gtk_box_append (GTK_BOX (texts), row->address);
  gtk_box_append (GTK_BOX (texts), row->detail);
  gtk_box_append (GTK_BOX (box), texts);

  row->status = gtk_label_new (NULL);
  gtk_widget_set_valign (row->status, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (row->status, "msi-pill");
  gtk_box_append (GTK_BOX (box), row->status);

  row->resend = new_row_button ("mail-send-symbolic", _("Resend Invitation"), "users.resend");
  gtk_widget_set_name (row->resend, "resend");
  row->revoke = new_row_button ("user-trash-symbolic", _("Revoke Invitation"), "users.revoke");
  gtk_widget_set_name (row->revoke, "revoke");
  gtk_box_append (GTK_BOX (box), row->resend);
  gtk_box_append (GTK_BOX (box), row->revoke);

  g_object_set_data_full (G_OBJECT (box), "msi-user-row", row, g_free);
  gtk_list_item_set_child (item, box);
  gtk_list_item_set_activatable (item, FALSE);
}

static void
set_pill_style (GtkWidget  *pill,
                const char *style)
{
  static const char * const styles[] = { "success", "accent", "warning", "error", "dim" };

  for (guint i = 0; i < G_N_ELEMENTS (styles); i++)
    gtk_widget_remove_css_class (pill, styles[i]);
  if (style != NULL)
    gtk_widget_add_css_class (pill, style);
}

static void
bind_user_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *item,
              gpointer                  user_data)
{
  GtkWidget *box = gtk_list_item_get_child (item);
  UserRow *row = g_object_get_data (G_OBJECT (box), "msi-user-row");
  MsiScimUser *user = gtk_list_item_get_item (item);
  g_autofree char *detail = NULL;
  g_autofree char *accessible = NULL;
  const char *name;
  const char *address;
  MsiScimUserStatus status;
  gboolean pending;

  if (msi_scim_user_get_loading (user))
    {
      /* Its page is on its way: a grey outline of a row. */
      gtk_widget_add_css_class (box, "loading");
      gtk_inscription_set_text (GTK_INSCRIPTION (row->name), NULL);
      gtk_inscription_set_text (GTK_INSCRIPTION (row->address), NULL);
      gtk_inscription_set_text (GTK_INSCRIPTION (row->detail), NULL);
      gtk_widget_set_tooltip_text (row->detail, NULL);
      gtk_widget_set_visible (row->status, FALSE);
      gtk_widget_set_visible (row->resend, FALSE);
      gtk_widget_set_visible (row->revoke, FALSE);
      gtk_accessible_update_property (GTK_ACCESSIBLE (box), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Loading"), -1);
      return;
    }

  gtk_widget_remove_css_class (box, "loading");
  status = msi_scim_user_get_status (user);
  pending = status != MSI_SCIM_USER_ACTIVE;
  name = msi_scim_user_get_display_name (user);
  address = msi_scim_user_get_user_name (user);

  if (pending && msi_scim_user_get_invited_at (user) != NULL)
    {
      g_autoptr(GDateTime) local = g_date_time_to_local (msi_scim_user_get_invited_at (user));
      g_autofree char *date = g_date_time_format (local, "%x");

      /* TRANSLATORS: under a pending invitation: its team, then the day it was sent */
      detail = g_strdup_printf (_("%s · Invited on %s"), msi_scim_user_get_team (user), date);
    }
  else
    detail = g_strdup (msi_scim_user_get_team (user));

  gtk_inscription_set_text (GTK_INSCRIPTION (row->name), name);
  gtk_inscription_set_text (GTK_INSCRIPTION (row->address), g_strcmp0 (name, address) != 0 ? address : NULL);
  gtk_widget_set_visible (row->address, g_strcmp0 (name, address) != 0);
  gtk_inscription_set_text (GTK_INSCRIPTION (row->detail), detail);
  gtk_widget_set_tooltip_text (row->detail, detail);

  gtk_label_set_label (GTK_LABEL (row->status), status_label (status));
  set_pill_style (row->status, status_style (status));
  gtk_widget_set_visible (row->status, TRUE);

  gtk_widget_set_visible (row->resend, pending);
  gtk_widget_set_visible (row->revoke, pending);
  if (pending)
    {
      GVariant *target = g_variant_new ("(ss)", msi_scim_user_get_id (user), address);
      g_autofree char *resend_label = g_strdup_printf (_("Resend the invitation to %s"), address);
      g_autofree char *revoke_label = g_strdup_printf (_("Revoke the invitation of %s"), address);

      gtk_actionable_set_action_target_value (GTK_ACTIONABLE (row->resend), target);
      gtk_actionable_set_action_target_value (GTK_ACTIONABLE (row->revoke), target);
      gtk_accessible_update_property (GTK_ACCESSIBLE (row->resend), GTK_ACCESSIBLE_PROPERTY_LABEL, resend_label, -1);
      gtk_accessible_update_property (GTK_ACCESSIBLE (row->revoke), GTK_ACCESSIBLE_PROPERTY_LABEL, revoke_label, -1);
    }

  /* TRANSLATORS: read by screen readers for a user: name, address, status, team and date */
  accessible = g_strdup_printf (_("%s, %s, %s, %s"), name, address, status_label (status), detail);
  gtk_accessible_update_property (GTK_ACCESSIBLE (box), GTK_ACCESSIBLE_PROPERTY_LABEL, accessible, -1);
}

/* --- seats ----------------------------------------------------------------------- */

static void
show_seats (MsiUsersPage *self)
{
  g_autofree char *text = NULL;

  if (!self->seats_known)
    {
      gtk_label_set_label (self->seats_label, "");
      gtk_widget_set_visible (GTK_WIDGET (self->seats_bar), FALSE);
      return;
    }

  /* TRANSLATORS: users and pending invitations both hold a seat: "37 of 100 seats used" */
  text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u of %u seat used", "%u of %u seats used",
                                       self->seat_limit),
                          self->seats_used, self->seat_limit);
  gtk_label_set_label (self->seats_label, text);

  gtk_level_bar_remove_offset_value (self->seats_bar, GTK_LEVEL_BAR_OFFSET_LOW);
  gtk_level_bar_remove_offset_value (self->seats_bar, GTK_LEVEL_BAR_OFFSET_HIGH);
  gtk_level_bar_remove_offset_value (self->seats_bar, GTK_LEVEL_BAR_OFFSET_FULL);
  gtk_level_bar_set_max_value (self->seats_bar, MAX (self->seat_limit, 1));
  gtk_level_bar_add_offset_value (self->seats_bar, "seats-free", MAX (self->seat_limit, 1) * 0.9);
  gtk_level_bar_add_offset_value (self->seats_bar, "seats-nearly-full", MAX (self->seat_limit, 1));
  gtk_level_bar_set_value (self->seats_bar, MIN (self->seats_used, MAX (self->seat_limit, 1)));
  gtk_widget_set_visible (GTK_WIDGET (self->seats_bar), TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->seats_bar),
                                  GTK_ACCESSIBLE_PROPERTY_VALUE_TEXT, text,
                                  -1);
}

static gboolean
read_uint_member (JsonObject *object,
                  const char *parent,
                  const char *member,
                  guint      *value)
{
  JsonNode *node;

  if (object == NULL || !json_object_has_member (object, parent))
    return FALSE;
  node = json_object_get_member (object, parent);
  if (!JSON_NODE_HOLDS_OBJECT (node))
    return FALSE;
  node = json_object_get_member (json_node_get_object (node), member);
  if (node == NULL || json_node_get_value_type (node) != G_TYPE_INT64 || json_node_get_int (node) < 0)
    return FALSE;

  *value = (guint)MIN (json_node_get_int (node), G_MAXUINT);
  return TRUE;
}

static void
account_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(MsiUsersPage) self = user_data;
  g_autoptr(JsonNode) account = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *object_;
  guint used = 0, limit = 0;

  account = msi_actions_auth_request_finish (MSI_ACTIONS_AUTH (object), result, &error);
  if (account == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_debug ("Could not read the seats: %s", error->message);
      return;
    }

  object_ = JSON_NODE_HOLDS_OBJECT (account) ? json_node_get_object (account) : NULL;
  self->seats_known = read_uint_member (object_, "usage", "seats", &used) &&
                      read_uint_member (object_, "limits", "seats", &limit);
  self->seats_used = used;
  self->seat_limit = limit;
  show_seats (self);
}

static void
reload_seats (MsiUsersPage *self)
{
  if (self->client == NULL)
    return;

  msi_actions_auth_request_async (msi_scim_client_get_auth (self->client), "GET", "/api/v1/account", NULL,
                                  self->cancellable, account_cb, g_object_ref (self));
}

/* --- reading ---------------------------------------------------------------------- */

static void
ensure_users (MsiUsersPage *self)
{
  if (self->users != NULL || self->client == NULL)
    return;

  self->users = msi_scim_user_list_new (self->client);
  g_signal_connect_object (self->users, "notify::loading", G_CALLBACK (users_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->users, "notify::error", G_CALLBACK (users_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->users, "items-changed", G_CALLBACK (items_changed_cb), self, 0);
  msi_list_view_show_model (self->list_view, &self->selection, G_LIST_MODEL (self->users));
  reload_seats (self);
  update_state (self);
}

void
msi_users_page_reload (MsiUsersPage *self)
{
  g_return_if_fail (MSI_IS_USERS_PAGE (self));

  if (self->users == NULL)
    {
      ensure_users (self);
      return;
    }

  msi_scim_user_list_reload (self->users);
  reload_seats (self);
  update_state (self);
}

static void
reload_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  msi_users_page_reload (MSI_USERS_PAGE (widget));
}

/* After an invitation, a resend or a revoke: the list, the seats and the
 * checklist's "Invite users" step. */
static void
account_changed (MsiUsersPage *self)
{
  msi_users_page_reload (self);
  msi_setup_changed (GTK_WIDGET (self));
}

static void
search_changed_cb (MsiUsersPage *self)
{
  g_autofree char *filter = msi_scim_build_search_filter (gtk_editable_get_text (GTK_EDITABLE (self->search_entry)));
  GtkAdjustment *adjustment;

  if (self->users == NULL)
    return;
  if (g_strcmp0 (filter, msi_scim_user_list_get_filter (self->users)) == 0)
    return;

  msi_scim_user_list_set_filter (self->users, filter);
  adjustment = gtk_scrolled_window_get_vadjustment (self->scrolled);
  gtk_adjustment_set_value (adjustment, gtk_adjustment_get_lower (adjustment));
  update_state (self);
}

static void
stop_search_cb (MsiUsersPage *self)
{
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
}

static void
focus_search_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *param)
{
  MsiUsersPage *self = MSI_USERS_PAGE (widget);

  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

/* --- resend and revoke -------------------------------------------------------- */

typedef struct
{
  MsiUsersPage *page;
  char         *address;
} ActionData;

static void
action_data_free (ActionData *data)
{
  g_clear_object (&data->page);
  g_free (data->address);
  g_free (data);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ActionData, action_data_free)

static ActionData *
action_data_new (MsiUsersPage *self,
                 const char   *address)
{
  ActionData *data = g_new0 (ActionData, 1);

  data->page = g_object_ref (self);
  data->address = g_strdup (address);

  return data;
}

static void
resent_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(ActionData) data = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  if (!msi_scim_client_resend_invitation_finish (MSI_SCIM_CLIENT (object), result, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      text = g_strdup_printf (_("The invitation to %s could not be sent again: %s"), data->address, error->message);
      msi_show_toast (GTK_WIDGET (data->page), text);
      return;
    }

  text = g_strdup_printf (_("A new invitation was sent to %s"), data->address);
  msi_show_toast (GTK_WIDGET (data->page), text);
  account_changed (data->page);
}

static void
resend_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  MsiUsersPage *self = MSI_USERS_PAGE (widget);
  const char *id;
  const char *address;

  if (self->client == NULL)
    return;

  g_variant_get (param, "(&s&s)", &id, &address);
  msi_scim_client_resend_invitation_async (self->client, id, self->cancellable,
                                           resent_cb, action_data_new (self, address));
}

static void
revoked_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(ActionData) data = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  if (!msi_scim_client_revoke_invitation_finish (MSI_SCIM_CLIENT (object), result, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      text = g_strdup_printf (_("The invitation of %s could not be revoked: %s"), data->address, error->message);
      msi_show_toast (GTK_WIDGET (data->page), text);
      return;
    }

  text = g_strdup_printf (_("The invitation of %s was revoked"), data->address);
  msi_show_toast (GTK_WIDGET (data->page), text);
  account_changed (data->page);
}

static void
confirm_revoke_cb (AdwMessageDialog *dialog,
                   const char       *response,
                   MsiUsersPage     *self)
{
  const char *id = g_object_get_data (G_OBJECT (dialog), "msi-user-id");
  const char *address = g_object_get_data (G_OBJECT (dialog), "msi-address");

  if (!g_str_equal (response, "revoke") || self->client == NULL)
    return;

  msi_scim_client_revoke_invitation_async (self->client, id, self->cancellable,
                                           revoked_cb, action_data_new (self, address));
}

static void
revoke_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  MsiUsersPage *self = MSI_USERS_PAGE (widget);
  g_autofree char *heading = NULL;
  g_autofree char *body = NULL;
  const char *id;
  const char *address;
  GtkWidget *dialog;

  if (self->client == NULL)
    return;

  g_variant_get (param, "(&s&s)", &id, &address);
  heading = g_strdup_printf (_("Revoke the Invitation of %s?"), address);
  body = g_strdup (_("The link in their welcome mail stops working and the seat is free again. You can invite them again later."));
  dialog = adw_message_dialog_new (get_window (self), heading, body);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "revoke", _("_Revoke"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "revoke", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "msi-user-id", g_strdup (id), g_free);
  g_object_set_data_full (G_OBJECT (dialog), "msi-address", g_strdup (address), g_free);
  g_signal_connect_object (dialog, "response", G_CALLBACK (confirm_revoke_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* --- inviting --------------------------------------------------------------------- */

static void
invited_cb (MsiUsersPage    *self,
            guint            n_invited,
            guint            n_already,
            guint            n_failed,
            MsiInviteDialog *dialog)
{
  g_autofree char *text = NULL;

  if (n_invited > 0)
    /* TRANSLATORS: the confirmation after Invite: "3 users invited" */
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u user invited", "%u users invited", n_invited),
                            n_invited);
  else
    text = msi_import_describe_counts (n_invited, n_already, n_failed, 0);

  msi_show_toast (GTK_WIDGET (self), text);
  account_changed (self);
}

void
msi_users_page_invite (MsiUsersPage *self)
{
  g_return_if_fail (MSI_IS_USERS_PAGE (self));

  if (self->client == NULL)
    return;

  if (self->invite_dialog == NULL)
    {
      self->invite_dialog = msi_invite_dialog_new (get_window (self), self->client);
      g_object_add_weak_pointer (G_OBJECT (self->invite_dialog), (gpointer *)&self->invite_dialog);
      g_signal_connect_object (self->invite_dialog, "invited", G_CALLBACK (invited_cb), self, G_CONNECT_SWAPPED);
    }

  gtk_window_present (GTK_WINDOW (self->invite_dialog));
}

static void
invite_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  msi_users_page_invite (MSI_USERS_PAGE (widget));
}

static void
import_finished_cb (MsiUsersPage       *self,
                    guint               n_invited,
                    guint               n_already,
                    guint               n_failed,
                    MsiCsvImportDialog *dialog)
{
  self->interrupted_id = 0;
  gtk_revealer_set_reveal_child (self->resume_revealer, FALSE);
  account_changed (self);
  if (self->history_dialog != NULL)
    msi_import_history_dialog_reload (self->history_dialog);
}

static MsiCsvImportDialog *
ensure_csv_dialog (MsiUsersPage *self)
{
  MsiApplication *app = get_app (self);

  if (self->csv_dialog != NULL)
    return self->csv_dialog;

  g_return_val_if_fail (app != NULL, NULL);

  self->csv_dialog = msi_csv_import_dialog_new (app, get_window (self), self->client);
  g_object_add_weak_pointer (G_OBJECT (self->csv_dialog), (gpointer *)&self->csv_dialog);
  g_signal_connect_object (self->csv_dialog, "finished", G_CALLBACK (import_finished_cb), self, G_CONNECT_SWAPPED);

  return self->csv_dialog;
}

MsiCsvImportDialog *
msi_users_page_open_csv (MsiUsersPage *self,
                         GFile        *file)
{
  MsiCsvImportDialog *dialog;

  g_return_val_if_fail (MSI_IS_USERS_PAGE (self), NULL);
  g_return_val_if_fail (G_IS_FILE (file), NULL);

  if (self->client == NULL)
    return NULL;

  dialog = ensure_csv_dialog (self);
  msi_csv_import_dialog_load (dialog, file);
  gtk_window_present (GTK_WINDOW (dialog));

  return dialog;
}

static void
csv_chosen_cb (GtkNativeDialog *chooser,
               int              response,
               MsiUsersPage    *self)
{
  g_autoptr(GFile) file = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));

  gtk_native_dialog_destroy (chooser);
  g_object_unref (chooser);

  if (file != NULL)
    msi_users_page_open_csv (self, file);
}

/* The file filters of every CSV chooser: spreadsheets' text exports. */
static void
add_csv_filters (GtkFileChooser *chooser)
{
  g_autoptr(GtkFileFilter) csv = gtk_file_filter_new ();
  g_autoptr(GtkFileFilter) all = gtk_file_filter_new ();

  gtk_file_filter_set_name (csv, _("CSV and text files"));
  gtk_file_filter_add_mime_type (csv, "text/csv");
  gtk_file_filter_add_mime_type (csv, "text/tab-separated-values");
  gtk_file_filter_add_mime_type (csv, "text/plain");
  gtk_file_filter_add_suffix (csv, "csv");
  gtk_file_filter_add_suffix (csv, "tsv");
  gtk_file_filter_add_suffix (csv, "txt");
  gtk_file_chooser_add_filter (chooser, csv);

  gtk_file_filter_set_name (all, _("All files"));
  gtk_file_filter_add_pattern (all, "*");
  gtk_file_chooser_add_filter (chooser, all);
  gtk_file_chooser_set_filter (chooser, csv);
}

void
msi_users_page_invite_csv (MsiUsersPage *self)
{
  GtkFileChooserNative *chooser;

  g_return_if_fail (MSI_IS_USERS_PAGE (self));

  if (self->client == NULL)
    return;

  /* The portal's chooser in a sandbox, GTK's own elsewhere. */
  chooser = gtk_file_chooser_native_new (_("Invite Users via CSV"), get_window (self),
                                         GTK_FILE_CHOOSER_ACTION_OPEN,
                                         _("_Next"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  add_csv_filters (GTK_FILE_CHOOSER (chooser));
  g_signal_connect_object (chooser, "response", G_CALLBACK (csv_chosen_cb), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
invite_csv_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *param)
{
  msi_users_page_invite_csv (MSI_USERS_PAGE (widget));
}

void
msi_users_page_resume_import (MsiUsersPage *self,
                              gint64        import_id)
{
  MsiCsvImportDialog *dialog;

  g_return_if_fail (MSI_IS_USERS_PAGE (self));

  if (self->client == NULL || import_id <= 0)
    return;

  dialog = ensure_csv_dialog (self);
  msi_csv_import_dialog_resume (dialog, import_id);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
resume_interrupted_action (GtkWidget  *widget,
                           const char *action_name,
                           GVariant   *param)
{
  MsiUsersPage *self = MSI_USERS_PAGE (widget);
  gint64 id = self->interrupted_id;

  gtk_revealer_set_reveal_child (self->resume_revealer, FALSE);
  self->interrupted_id = 0;
  msi_users_page_resume_import (self, id);
}

static void
history_resume_cb (MsiUsersPage           *self,
                   gint64                  import_id,
                   MsiImportHistoryDialog *dialog)
{
  if (import_id == self->interrupted_id)
    {
      self->interrupted_id = 0;
      gtk_revealer_set_reveal_child (self->resume_revealer, FALSE);
    }
  msi_users_page_resume_import (self, import_id);
}

static void
history_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *param)
{
  MsiUsersPage *self = MSI_USERS_PAGE (widget);
  MsiApplication *app = get_app (self);

  if (self->client == NULL || app == NULL)
    return;

  if (self->history_dialog == NULL)
    {
      self->history_dialog = msi_import_history_dialog_new (app, get_window (self), get_profile_id (self));
      g_object_add_weak_pointer (G_OBJECT (self->history_dialog), (gpointer *)&self->history_dialog);
      g_signal_connect_object (self->history_dialog, "resume", G_CALLBACK (history_resume_cb), self,
                               G_CONNECT_SWAPPED);
    }
  else
    msi_import_history_dialog_reload (self->history_dialog);

  gtk_window_present (GTK_WINDOW (self->history_dialog));
}

/* --- an interrupted import ------------------------------------------------------ */

typedef struct
{
  MsiImportJournal *journal;
  char             *profile;
} FindData;

static void
find_data_free (FindData *data)
{
  g_clear_object (&data->journal);
  g_free (data->profile);
  g_free (data);
}

static void
find_interrupted_thread (GTask        *task,
                         gpointer      source_object,
                         gpointer      task_data,
                         GCancellable *cancellable)
{
  FindData *data = task_data;
  g_autoptr(GError) error = NULL;
  gint64 id;

  id = msi_import_journal_find_interrupted (data->journal, data->profile, &error);
  if (error != NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (id == 0)
    {
      g_task_return_pointer (task, NULL, NULL);
      return;
    }

  g_task_return_pointer (task, msi_import_journal_dup_summary (data->journal, id, &error),
                         (GDestroyNotify)msi_import_summary_free);
}

static void
found_interrupted_cb (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  MsiUsersPage *self = MSI_USERS_PAGE (object);
  g_autoptr(MsiImportSummary) summary = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  guint settled;

  summary = g_task_propagate_pointer (G_TASK (result), &error);
  if (summary == NULL)
    {
      if (error != NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_debug ("Could not look for an interrupted import: %s", error->message);
      return;
    }

  /* The import may run in the dialog right now: nothing to offer. */
  if (self->csv_dialog != NULL &&
      msi_csv_import_dialog_get_import (self->csv_dialog) != NULL &&
      msi_invite_import_get_id (msi_csv_import_dialog_get_import (self->csv_dialog)) == summary->id)
    return;

  settled = summary->n_rows - MIN (summary->n_unsettled, summary->n_rows);
  /* TRANSLATORS: "An import of people.csv stopped after 40 of 80 invitations." */
  text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                       "An import of %s stopped after %u of %u invitation. Resume it to send the rest; nobody is invited twice.",
                                       "An import of %s stopped after %u of %u invitations. Resume it to send the rest; nobody is invited twice.",
                                       summary->n_rows),
                          summary->file_name, settled, summary->n_rows);
  self->interrupted_id = summary->id;
  gtk_label_set_label (self->resume_label, text);
  gtk_revealer_set_reveal_child (self->resume_revealer, TRUE);

  /* Not on screen (the app just started): a toast says it wherever the
   * admin is. */
  if (!gtk_widget_get_mapped (GTK_WIDGET (self)))
    gtk_widget_activate_action (GTK_WIDGET (self), "win.offer-resume", "(xs)", summary->id, text);
}

static void
journal_for_find_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(MsiUsersPage) self = user_data;
  g_autoptr(MsiImportJournal) journal = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GTask) task = NULL;
  FindData *data;

  journal = msi_application_get_journal_finish (MSI_APPLICATION (object), result, &error);
  if (journal == NULL || self->client == NULL)
    return;

  data = g_new0 (FindData, 1);
  data->journal = g_steal_pointer (&journal);
  data->profile = g_strdup (get_profile_id (self));
  task = g_task_new (self, self->cancellable, found_interrupted_cb, NULL);
  g_task_set_source_tag (task, journal_for_find_cb);
  g_task_set_task_data (task, data, (GDestroyNotify)find_data_free);
  g_task_run_in_thread (task, find_interrupted_thread);
}

void
msi_users_page_check_interrupted (MsiUsersPage *self)
{
  MsiApplication *app;

  g_return_if_fail (MSI_IS_USERS_PAGE (self));

  app = get_app (self);
  if (self->client == NULL || app == NULL)
    return;

  msi_application_get_journal_async (app, self->cancellable, journal_for_find_cb, g_object_ref (self));
}

/* --- public ------------------------------------------------------------------------ */

MsiScimClient *
msi_users_page_get_client (MsiUsersPage *self)
{
  g_return_val_if_fail (MSI_IS_USERS_PAGE (self), NULL);

  return self->client;
}

void
msi_users_page_set_client (MsiUsersPage  *self,
                           MsiScimClient *client)
{
  g_return_if_fail (MSI_IS_USERS_PAGE (self));
  g_return_if_fail (client == NULL || MSI_IS_SCIM_CLIENT (client));

  if (self->client == client)
    return;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();

  /* Another account: nothing of the last one stays. */
  if (self->users != NULL)
    {
      msi_scim_user_list_cancel (self->users);
      g_signal_handlers_disconnect_by_data (self->users, self);
    }
  msi_list_view_show_model (self->list_view, &self->selection, NULL);
  g_clear_object (&self->users);
  g_clear_pointer (&self->error_shown, g_free);
  self->seats_known = FALSE;
  self->interrupted_id = 0;
  gtk_revealer_set_reveal_child (self->resume_revealer, FALSE);
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
  if (self->invite_dialog != NULL)
    gtk_window_destroy (GTK_WINDOW (self->invite_dialog));
  if (self->history_dialog != NULL)
    gtk_window_destroy (GTK_WINDOW (self->history_dialog));
  if (self->csv_dialog != NULL)
    gtk_window_destroy (GTK_WINDOW (self->csv_dialog));

  g_set_object (&self->client, client);
  show_seats (self);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "users.invite", client != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "users.invite-csv", client != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "users.history", client != NULL);

  if (client == NULL)
    {
      update_state (self);
      return;
    }

  /* The users are read when the page is first shown. */
  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    ensure_users (self);
  else
    update_state (self);
  msi_users_page_check_interrupted (self);
}

static void
msi_users_page_map (GtkWidget *widget)
{
  MsiUsersPage *self = MSI_USERS_PAGE (widget);
  gboolean first = self->users == NULL;

  GTK_WIDGET_CLASS (msi_users_page_parent_class)->map (widget);

  ensure_users (self);
  if (!first)
    reload_seats (self);
  msi_users_page_check_interrupted (self);
}

/* --- for the tests ------------------------------------------------------------------ */

MsiScimUserList *
msi_users_page_get_model (MsiUsersPage *self)
{
  g_return_val_if_fail (MSI_IS_USERS_PAGE (self), NULL);

  return self->users;
}

const char *
msi_users_page_get_state (MsiUsersPage *self)
{
  g_return_val_if_fail (MSI_IS_USERS_PAGE (self), NULL);

  return gtk_stack_get_visible_child_name (self->list_stack);
}

gboolean
msi_users_page_get_seats (MsiUsersPage *self,
                          guint        *used,
                          guint        *limit)
{
  g_return_val_if_fail (MSI_IS_USERS_PAGE (self), FALSE);

  if (used != NULL)
    *used = self->seats_used;
  if (limit != NULL)
    *limit = self->seat_limit;

  return self->seats_known;
}

MsiInviteDialog *
msi_users_page_get_invite_dialog (MsiUsersPage *self)
{
  g_return_val_if_fail (MSI_IS_USERS_PAGE (self), NULL);

  return self->invite_dialog;
}

MsiCsvImportDialog *
msi_users_page_get_csv_dialog (MsiUsersPage *self)
{
  g_return_val_if_fail (MSI_IS_USERS_PAGE (self), NULL);

  return self->csv_dialog;
}

MsiImportHistoryDialog *
msi_users_page_get_history_dialog (MsiUsersPage *self)
{
  g_return_val_if_fail (MSI_IS_USERS_PAGE (self), NULL);

  return self->history_dialog;
}

gint64
msi_users_page_get_interrupted (MsiUsersPage *self)
{
  g_return_val_if_fail (MSI_IS_USERS_PAGE (self), 0);

  return self->interrupted_id;
}

/* --- GObject ------------------------------------------------------------------------ */

static void
msi_users_page_dispose (GObject *object)
{
  MsiUsersPage *self = (MsiUsersPage *)object;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_handle_id (&self->update_id, g_source_remove);
  if (self->users != NULL)
    {
      msi_scim_user_list_cancel (self->users);
      g_signal_handlers_disconnect_by_data (self->users, self);
    }
  if (self->invite_dialog != NULL)
    g_object_remove_weak_pointer (G_OBJECT (self->invite_dialog), (gpointer *)&self->invite_dialog);
  if (self->csv_dialog != NULL)
    g_object_remove_weak_pointer (G_OBJECT (self->csv_dialog), (gpointer *)&self->csv_dialog);
  if (self->history_dialog != NULL)
    g_object_remove_weak_pointer (G_OBJECT (self->history_dialog), (gpointer *)&self->history_dialog);
  self->invite_dialog = NULL;
  self->csv_dialog = NULL;
  self->history_dialog = NULL;

  gtk_widget_dispose_template (GTK_WIDGET (self), MSI_TYPE_USERS_PAGE);
  g_clear_object (&self->selection);
  g_clear_object (&self->users);
  g_clear_object (&self->client);
  g_clear_pointer (&self->error_shown, g_free);

  G_OBJECT_CLASS (msi_users_page_parent_class)->dispose (object);
}

static void
msi_users_page_class_init (MsiUsersPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = msi_users_page_dispose;
  widget_class->map = msi_users_page_map;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/msi-users-page.ui");
  gtk_widget_class_bind_template_child (widget_class, MsiUsersPage, resume_revealer);
  gtk_widget_class_bind_template_child (widget_class, MsiUsersPage, resume_label);
  gtk_widget_class_bind_template_child (widget_class, MsiUsersPage, seats_label);
  gtk_widget_class_bind_template_child (widget_class, MsiUsersPage, seats_bar);
  gtk_widget_class_bind_template_child (widget_class, MsiUsersPage, search_entry);
  gtk_widget_class_bind_template_child (widget_class, MsiUsersPage, invite_button);
  gtk_widget_class_bind_template_child (widget_class, MsiUsersPage, list_stack);
  gtk_widget_class_bind_template_child (widget_class, MsiUsersPage, spinner);
  gtk_widget_class_bind_template_child (widget_class, MsiUsersPage, scrolled);
  gtk_widget_class_bind_template_child (widget_class, MsiUsersPage, list_view);
  gtk_widget_class_bind_template_child (widget_class, MsiUsersPage, error_page);

  gtk_widget_class_install_action (widget_class, "users.reload", NULL, reload_action);
  gtk_widget_class_install_action (widget_class, "users.search", NULL, focus_search_action);
  gtk_widget_class_install_action (widget_class, "users.invite", NULL, invite_action);
  gtk_widget_class_install_action (widget_class, "users.invite-csv", NULL, invite_csv_action);
  gtk_widget_class_install_action (widget_class, "users.history", NULL, history_action);
  gtk_widget_class_install_action (widget_class, "users.resume-interrupted", NULL, resume_interrupted_action);
  gtk_widget_class_install_action (widget_class, "users.resend", "(ss)", resend_action);
  gtk_widget_class_install_action (widget_class, "users.revoke", "(ss)", revoke_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK, "users.search", NULL);
}

static void
msi_users_page_init (MsiUsersPage *self)
{
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();

  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  self->selection = gtk_no_selection_new (NULL);

  g_signal_connect (factory, "setup", G_CALLBACK (setup_user_cb), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_user_cb), NULL);
  gtk_list_view_set_factory (self->list_view, factory);
  gtk_list_view_set_model (self->list_view, GTK_SELECTION_MODEL (self->selection));

  g_signal_connect_swapped (self->search_entry, "search-changed", G_CALLBACK (search_changed_cb), self);
  g_signal_connect_swapped (self->search_entry, "stop-search", G_CALLBACK (stop_search_cb), self);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "users.invite", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "users.invite-csv", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "users.history", FALSE);
  show_seats (self);
  update_state (self);
}
