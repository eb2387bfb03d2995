/* SPDX-License-Identifier: GPL-3.0-or-later */
/* msi-invite-dialog.c: inviting one or many people by address */

#define G_LOG_DOMAIN "msi-invite-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "msi-email-address.h"
#include "msi-import-row-item.h"
#include "msi-invite-dialog-private.h"

/*
 * The admin guide's "Invite individual users": Actions → Invite users,
 * enter the address or addresses, Invite; new members join the team
 * Everyone by default; a confirmation. Each typed or pasted entry is
 * checked as it is written: its address, duplicates in the list, and
 * (once the account's directory is read) people who already use the
 * account or are invited, and the seats left.
 */

/* Beyond this many entries the list says how many more there are. */
#define MAX_SHOWN_ENTRIES 500
#define CHECK_DELAY_MS    150

typedef enum
{
  ENTRY_VALID,
  ENTRY_CHECKING,      /* valid address, the directory is still read */
  ENTRY_PROBLEM,
  ENTRY_INVITED,
  ENTRY_ALREADY,
  ENTRY_FAILED,
} EntryState;

typedef struct
{
  char       *text;
  char       *name;
  char       *address;
  char       *message;
  EntryState  state;
} Entry;

static void
entry_free (Entry *entry)
{
  g_free (entry->text);
  g_free (entry->name);
  g_free (entry->address);
  g_free (entry->message);
  g_free (entry);
}

struct _MsiInviteDialog
{
  AdwWindow           parent_instance;

  MsiScimClient      *client;
  MsiInviteDirectory *directory;
  char               *directory_error;
  gboolean            directory_loading;
  GCancellable       *cancellable;
  GPtrArray          *entries;       /* Entry */
  GtkStringList      *team_names;
  GPtrArray          *team_ids;      /* char*, NULL for Everyone */
  guint               check_id;
  gboolean            sending;
  gboolean            sent;

  /* Sending */
  GPtrArray          *to_send;       /* indices into entries (GUINT_TO_POINTER) */
  guint               next_send;
  guint               n_invited;
  guint               n_already;
  guint               n_failed;

  /* Template widgets */
  GtkButton          *cancel_button;
  GtkButton          *invite_button;
  GtkSpinner         *spinner;
  GtkTextView        *text_view;
  GtkWidget          *entries_box;
  GtkLabel           *summary_label;
  GtkListBox         *entries_list;
  GtkLabel           *directory_label;
  AdwComboRow        *team_row;
};

enum {
  SIGNAL_INVITED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (MsiInviteDialog, msi_invite_dialog, ADW_TYPE_WINDOW)

/* --- checking the entries ------------------------------------------------------- */

static gboolean
any_checking (MsiInviteDialog *self)
{
  for (guint i = 0; i < self->entries->len; i++)
    {
      Entry *entry = g_ptr_array_index (self->entries, i);

      if (entry->state == ENTRY_CHECKING)
        return TRUE;
    }

  return FALSE;
}

static guint
count_state (MsiInviteDialog *self,
             EntryState       state)
{
  guint n = 0;

  for (guint i = 0; i < self->entries->len; i++)
    {
      Entry *entry = g_ptr_array_index (self->entries, i);

      n += entry->state == state;
    }

  return n;
}

static gboolean
can_invite (MsiInviteDialog *self)
{
  return !self->sending && !self->sent && self->check_id == 0 &&
         count_state (self, ENTRY_VALID) > 0 && !any_checking (self);
}

static void
update_actions (MsiInviteDialog *self)
{
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "invite.send", can_invite (self));
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), self->sending);
  gtk_spinner_set_spinning (self->spinner, self->sending);
  gtk_text_view_set_editable (self->text_view, !self->sending && !self->sent);
  gtk_widget_set_sensitive (GTK_WIDGET (self->team_row), !self->sending && !self->sent);
  gtk_widget_set_visible (GTK_WIDGET (self->invite_button), !self->sent);
  gtk_button_set_label (self->cancel_button, self->sent ? _("_Close") : _("_Cancel"));
}

static const char *
state_icon (EntryState state)
{
  switch (state)
    {
    case ENTRY_VALID:
    case ENTRY_INVITED:
      return "emblem-ok-symbolic";
    case ENTRY_CHECKING:
      return "content-loading-symbolic";
    case ENTRY_ALREADY:
      return "dialog-information-symbolic";
    case ENTRY_PROBLEM:
    case ENTRY_FAILED:
    default:
      return "dialog-warning-symbolic";
    }
}

static const char *
state_style (EntryState state)
{
  switch (state)
    {
    case ENTRY_VALID:
    case ENTRY_INVITED:
      return "success";
    case ENTRY_ALREADY:
    case ENTRY_CHECKING:
      return "accent";
    case ENTRY_PROBLEM:
    case ENTRY_FAILED:
    default:
      return "warning";
    }
}

static GtkWidget *
create_entry_row (Entry *entry)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *icon = gtk_image_new_from_icon_name (state_icon (entry->state));
  g_autofree char *title = g_markup_escape_text (entry->address != NULL ? entry->address : entry->text, -1);
  g_autofree char *subtitle = NULL;
  const char *valid_label = NULL;

  if (entry->state == ENTRY_VALID)
    valid_label = entry->name != NULL ? entry->name : _("Can be invited");

  subtitle = g_markup_escape_text (entry->message != NULL ? entry->message : valid_label, -1);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 0);
  gtk_widget_add_css_class (icon, state_style (entry->state));
  gtk_accessible_update_property (GTK_ACCESSIBLE (icon), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  entry->state == ENTRY_VALID || entry->state == ENTRY_INVITED
                                  ? _("Valid") : _("Needs attention"),
                                  -1);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);
  if (entry->state == ENTRY_PROBLEM || entry->state == ENTRY_FAILED)
    gtk_widget_add_css_class (row, "msi-problem-row");

  return row;
}

static void
show_entries (MsiInviteDialog *self)
{
  g_autofree char *summary = NULL;
  GtkWidget *child;
  guint n = self->entries->len;
  guint n_valid = count_state (self, ENTRY_VALID);
  guint n_problems = count_state (self, ENTRY_PROBLEM);

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->entries_list))) != NULL)
    gtk_list_box_remove (self->entries_list, child);

  for (guint i = 0; i < MIN (n, MAX_SHOWN_ENTRIES); i++)
    gtk_list_box_append (self->entries_list, create_entry_row (g_ptr_array_index (self->entries, i)));

  if (n > MAX_SHOWN_ENTRIES)
    {
      g_autofree char *more = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "…and %u more entry",
                                                            "…and %u more entries", n - MAX_SHOWN_ENTRIES),
                                               n - MAX_SHOWN_ENTRIES);
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), more);
      gtk_list_box_append (self->entries_list, row);
    }

  if (self->sent)
    summary = msi_import_describe_counts (self->n_invited, self->n_already, self->n_failed, 0);
  else if (any_checking (self))
    summary = g_strdup (_("Checking the addresses against the account…"));
  else
    /* TRANSLATORS: under the typed addresses: "3 addresses: 2 can be invited, 1 needs attention" */
    summary = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                            "%u address: %u can be invited, %u needs attention",
                                            "%u addresses: %u can be invited, %u need attention",
                                            n),
                               n, n_valid, n_problems);
  gtk_label_set_label (self->summary_label, summary);

  gtk_widget_set_visible (self->entries_box, n > 0);
  gtk_label_set_label (self->directory_label, self->directory_error ? self->directory_error : "");
  gtk_widget_set_visible (GTK_WIDGET (self->directory_label), self->directory_error != NULL && n > 0);
  if (n_problems > 0)
    gtk_widget_add_css_class (GTK_WIDGET (self->text_view), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->text_view), "error");
  update_actions (self);
}

static void
check_text (MsiInviteDialog *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->text_view);
  g_autoptr(GPtrArray) parsed = NULL;
  g_autoptr(GHashTable) counted = NULL;
  g_autofree char *text = NULL;
  GtkTextIter start, end;
  guint seats_left = G_MAXUINT;

  g_clear_handle_id (&self->check_id, g_source_remove);

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  text = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
  parsed = msi_email_parse_list (text);

  if (self->directory != NULL)
    {
      guint limit = msi_invite_directory_get_seat_limit (self->directory);
      guint used = msi_invite_directory_get_seats_used (self->directory);

      seats_left = used < limit ? limit - used : 0;
    }

  g_ptr_array_set_size (self->entries, 0);
  counted = g_hash_table_new (msi_email_hash, msi_email_equal);
  for (guint i = 0; i < parsed->len; i++)
    {
      MsiEmailEntry *source = g_ptr_array_index (parsed, i);
      Entry *entry = g_new0 (Entry, 1);

      entry->text = g_strdup (source->text);
      entry->name = g_strdup (source->name);
      entry->address = g_strdup (source->address);
      entry->state = ENTRY_PROBLEM;

      if (source->address == NULL || source->problem != MSI_EMAIL_VALID)
        {
          MsiEmailProblem problem = source->problem != MSI_EMAIL_VALID ? source->problem : MSI_EMAIL_NO_AT;

          entry->message = msi_email_problem_describe (problem, source->address ? source->address : source->text);
        }
      else if (source->duplicate_of > 0 && source->duplicate_of <= parsed->len)
        {
          MsiEmailEntry *first = g_ptr_array_index (parsed, source->duplicate_of - 1);

          /* TRANSLATORS: an address typed twice; %u is the place of its first mention in the list */
          entry->message = g_strdup_printf (_("“%s” is already in the list, as entry %u"),
                                            first->text, source->duplicate_of);
        }
      else if (self->directory == NULL && self->directory_loading)
        {
          entry->state = ENTRY_CHECKING;
          entry->message = g_strdup (_("Checking…"));
        }
      else
        {
          MsiDirectoryMember member = MSI_DIRECTORY_MEMBER_NONE;

          if (self->directory != NULL)
            member = msi_invite_directory_lookup_member (self->directory, source->address, -1);

          if (member == MSI_DIRECTORY_MEMBER_USER)
            entry->message = g_strdup_printf (_("%s already uses the Sales account"), source->address);
          else if (member == MSI_DIRECTORY_MEMBER_INVITED)
            entry->message = g_strdup_printf (_("%s is already invited"), source->address);
          else if (g_hash_table_size (counted) >= seats_left)
            entry->message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                           "No seat is left for this address: the account has %u seat",
                                                           "No seat is left for this address: the account has %u seats",
                                                           msi_invite_directory_get_seat_limit (self->directory)),
                                              msi_invite_directory_get_seat_limit (self->directory));
          else
            {
              entry->state = ENTRY_VALID;
              g_hash_table_add (counted, entry->address);
            }
        }

      g_ptr_array_add (self->entries, entry);
    }

  show_entries (self);
}

static gboolean
check_timeout_cb (gpointer user_data)
{
  MsiInviteDialog *self = MSI_INVITE_DIALOG (user_data);

  self->check_id = 0;
  check_text (self);

  return G_SOURCE_REMOVE;
}

static void
text_changed_cb (MsiInviteDialog *self)
{
  if (self->sending || self->sent)
    return;

  g_clear_handle_id (&self->check_id, g_source_remove);
  self->check_id = g_timeout_add (CHECK_DELAY_MS, check_timeout_cb, self);
  update_actions (self);
}

/* --- the account ------------------------------------------------------------------ */

static void
directory_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(MsiInviteDialog) self = user_data;
  g_autoptr(MsiInviteDirectory) directory = NULL;
  g_autoptr(GError) error = NULL;

  directory = msi_scim_client_load_directory_finish (MSI_SCIM_CLIENT (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self->directory_loading = FALSE;
  if (directory == NULL)
    {
      /* The service still refuses people already there: go on. */
      g_free (self->directory_error);
      self->directory_error = g_strdup_printf (_("The addresses could not be checked against the account: %s The service still answers for each one."),
                                               error->message);
    }
  g_set_object (&self->directory, directory);

  if (!self->sending && !self->sent)
    check_text (self);
}

static void
groups_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(MsiInviteDialog) self = user_data;
  g_autoptr(GPtrArray) groups = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) names = NULL;

  groups = msi_scim_client_list_groups_finish (MSI_SCIM_CLIENT (object), result, &error);
  if (groups == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_debug ("Could not read the teams: %s", error->message);
      return;
    }

  /* Everyone first, as the service lists it. */
  names = g_ptr_array_new ();
  g_ptr_array_set_size (self->team_ids, 0);
  for (guint i = 0; i < groups->len; i++)
    {
      MsiScimGroup *group = g_ptr_array_index (groups, i);

      g_ptr_array_add (names, (gpointer)msi_scim_group_get_display_name (group));
      g_ptr_array_add (self->team_ids, msi_scim_group_is_everyone (group) ? NULL : g_strdup (msi_scim_group_get_id (group)));
    }
  g_ptr_array_add (names, NULL);

  gtk_string_list_splice (self->team_names, 0, g_list_model_get_n_items (G_LIST_MODEL (self->team_names)),
                          (const char * const *)names->pdata);
  adw_combo_row_set_selected (self->team_row, 0);
}

/* --- sending ------------------------------------------------------------------- */

static void send_next_chunk (MsiInviteDialog *self);

/* "Doe, Sam" → Sam / Doe; "Alex Doe" → Alex / Doe; "Cher" → Cher */
static void
split_name (const char  *name,
            char       **given,
            char       **family)
{
  const char *comma;
  const char *space;

  *given = NULL;
  *family = NULL;
  if (name == NULL || *name == '\0')
    return;

  if ((comma = strchr (name, ',')) != NULL)
    {
      *family = g_strstrip (g_strndup (name, comma - name));
      *given = g_strstrip (g_strdup (comma + 1));
    }
  else if ((space = strrchr (name, ' ')) != NULL)
    {
      *given = g_strstrip (g_strndup (name, space - name));
      *family = g_strstrip (g_strdup (space + 1));
    }
  else
    *given = g_strdup (name);

  if (*given != NULL && **given == '\0')
    g_clear_pointer (given, g_free);
  if (*family != NULL && **family == '\0')
    g_clear_pointer (family, g_free);
}

static const char *
selected_team_id (MsiInviteDialog *self)
{
  guint selected = adw_combo_row_get_selected (self->team_row);

  if (selected == GTK_INVALID_LIST_POSITION || selected >= self->team_ids->len)
    return NULL;

  return g_ptr_array_index (self->team_ids, selected);
}

static void
finish_sending (MsiInviteDialog *self)
{
  self->sending = FALSE;
  self->sent = TRUE;
  show_entries (self);

  g_signal_emit (self, signals[SIGNAL_INVITED], 0, self->n_invited, self->n_already, self->n_failed);

  /* Everyone invited: the toast in the window says it. Otherwise the
   * dialog stays with what happened to each address. */
  if (self->n_already == 0 && self->n_failed == 0)
    gtk_window_close (GTK_WINDOW (self));
  else
    gtk_widget_grab_focus (GTK_WIDGET (self->cancel_button));
}

static void
invite_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(MsiInviteDialog) self = user_data;
  g_autoptr(GPtrArray) results = NULL;
  g_autoptr(GError) error = NULL;
  guint chunk_start = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (self), "msi-chunk-start"));

  results = msi_scim_client_invite_finish (MSI_SCIM_CLIENT (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  for (guint i = chunk_start; i < self->next_send; i++)
    {
      Entry *entry = g_ptr_array_index (self->entries, GPOINTER_TO_UINT (g_ptr_array_index (self->to_send, i)));
      MsiScimInviteResult *outcome = results != NULL && i - chunk_start < results->len
                                     ? g_ptr_array_index (results, i - chunk_start) : NULL;

      g_clear_pointer (&entry->message, g_free);
      if (outcome == NULL)
        {
          entry->state = ENTRY_FAILED;
          entry->message = g_strdup (error != NULL ? error->message : _("The service gave no answer for this address."));
          self->n_failed++;
        }
      else if (outcome->outcome == MSI_SCIM_INVITE_CREATED)
        {
          entry->state = ENTRY_INVITED;
          entry->message = g_strdup (_("Invited: a welcome mail is on its way"));
          self->n_invited++;
        }
      else if (outcome->outcome == MSI_SCIM_INVITE_ALREADY_EXISTS)
        {
          entry->state = ENTRY_ALREADY;
          entry->message = g_strdup (_("Already invited or a user: no new mail"));
          self->n_already++;
        }
      else
        {
          entry->state = ENTRY_FAILED;
          entry->message = g_strdup (outcome->error != NULL ? outcome->error->message
                                                            : _("The service refused this address."));
          self->n_failed++;
        }
    }

  send_next_chunk (self);
}

static void
send_next_chunk (MsiInviteDialog *self)
{
  g_autoptr(GPtrArray) invites = NULL;
  guint chunk = MAX (msi_scim_client_get_max_bulk_operations (self->client), 1);
  const char *team_id = selected_team_id (self);
  guint start = self->next_send;

  if (start >= self->to_send->len)
    {
      finish_sending (self);
      return;
    }

  invites = g_ptr_array_new_with_free_func ((GDestroyNotify)msi_scim_invite_free);
  for (; self->next_send < self->to_send->len && self->next_send - start < chunk; self->next_send++)
    {
      Entry *entry = g_ptr_array_index (self->entries, GPOINTER_TO_UINT (g_ptr_array_index (self->to_send, self->next_send)));
      g_autofree char *given = NULL;
      g_autofree char *family = NULL;

      split_name (entry->name, &given, &family);
      g_ptr_array_add (invites, msi_scim_invite_new (entry->address, given, family, NULL, team_id));
    }

  g_object_set_data (G_OBJECT (self), "msi-chunk-start", GUINT_TO_POINTER (start));
  msi_scim_client_invite_async (self->client, invites, self->cancellable, invite_cb, g_object_ref (self));
}

static void
send_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  MsiInviteDialog *self = MSI_INVITE_DIALOG (widget);

  if (self->check_id != 0)
    check_text (self);
  if (!can_invite (self))
    return;

  g_ptr_array_set_size (self->to_send, 0);
  for (guint i = 0; i < self->entries->len; i++)
    {
      Entry *entry = g_ptr_array_index (self->entries, i);

      if (entry->state == ENTRY_VALID)
        g_ptr_array_add (self->to_send, GUINT_TO_POINTER (i));
    }

  /* Entries that were not valid are not sent: they say why. */
  self->sending = TRUE;
  self->next_send = 0;
  self->n_invited = self->n_already = self->n_failed = 0;
  update_actions (self);
  send_next_chunk (self);
}

/* --- public -------------------------------------------------------------------- */

MsiInviteDialog *
msi_invite_dialog_new (GtkWindow     *parent,
                       MsiScimClient *client)
{
  MsiInviteDialog *self;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (MSI_IS_SCIM_CLIENT (client), NULL);

  self = g_object_new (MSI_TYPE_INVITE_DIALOG, "transient-for", parent, NULL);
  self->client = g_object_ref (client);

  self->directory_loading = TRUE;
  msi_scim_client_load_directory_async (client, self->cancellable, directory_cb, g_object_ref (self));
  msi_scim_client_list_groups_async (client, self->cancellable, groups_cb, g_object_ref (self));

  return self;
}

void
msi_invite_dialog_set_text (MsiInviteDialog *self,
                            const char      *text)
{
  g_return_if_fail (MSI_IS_INVITE_DIALOG (self));

  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->text_view), text, -1);
  check_text (self);
}

static Entry *
get_entry (MsiInviteDialog *self,
           guint            index)
{
  g_return_val_if_fail (MSI_IS_INVITE_DIALOG (self), NULL);
  g_return_val_if_fail (index < self->entries->len, NULL);

  return g_ptr_array_index (self->entries, index);
}

guint
msi_invite_dialog_get_n_entries (MsiInviteDialog *self)
{
  g_return_val_if_fail (MSI_IS_INVITE_DIALOG (self), 0);

  return self->entries->len;
}

const char *
msi_invite_dialog_get_entry_text (MsiInviteDialog *self,
                                  guint            index)
{
  Entry *entry = get_entry (self, index);

  return entry ? entry->text : NULL;
}

const char *
msi_invite_dialog_get_entry_message (MsiInviteDialog *self,
                                     guint            index)
{
  Entry *entry = get_entry (self, index);

  return entry ? entry->message : NULL;
}

gboolean
msi_invite_dialog_get_entry_valid (MsiInviteDialog *self,
                                   guint            index)
{
  Entry *entry = get_entry (self, index);

  return entry != NULL && (entry->state == ENTRY_VALID || entry->state == ENTRY_INVITED);
}

gboolean
msi_invite_dialog_get_checking (MsiInviteDialog *self)
{
  g_return_val_if_fail (MSI_IS_INVITE_DIALOG (self), FALSE);

  return self->check_id != 0 || self->directory_loading;
}

gboolean
msi_invite_dialog_get_can_invite (MsiInviteDialog *self)
{
  g_return_val_if_fail (MSI_IS_INVITE_DIALOG (self), FALSE);

  return can_invite (self);
}

gboolean
msi_invite_dialog_get_sending (MsiInviteDialog *self)
{
  g_return_val_if_fail (MSI_IS_INVITE_DIALOG (self), FALSE);

  return self->sending;
}

gboolean
msi_invite_dialog_select_team (MsiInviteDialog *self,
                               const char      *team)
{
  g_return_val_if_fail (MSI_IS_INVITE_DIALOG (self), FALSE);

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (self->team_names)); i++)
    {
      if (g_strcmp0 (gtk_string_list_get_string (self->team_names, i), team) == 0)
        {
          adw_combo_row_set_selected (self->team_row, i);
          return TRUE;
        }
    }

  return FALSE;
}

/* --- GObject ------------------------------------------------------------------ */

static void
msi_invite_dialog_dispose (GObject *object)
{
  MsiInviteDialog *self = (MsiInviteDialog *)object;

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->check_id, g_source_remove);
  gtk_widget_dispose_template (GTK_WIDGET (self), MSI_TYPE_INVITE_DIALOG);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->client);
  g_clear_object (&self->directory);
  g_clear_object (&self->team_names);

  G_OBJECT_CLASS (msi_invite_dialog_parent_class)->dispose (object);
}

static void
msi_invite_dialog_finalize (GObject *object)
{
  MsiInviteDialog *self = (MsiInviteDialog *)object;

  g_clear_pointer (&self->entries, g_ptr_array_unref);
  g_clear_pointer (&self->team_ids, g_ptr_array_unref);
  g_clear_pointer (&self->to_send, g_ptr_array_unref);
  g_clear_pointer (&self->directory_error, g_free);

  G_OBJECT_CLASS (msi_invite_dialog_parent_class)->finalize (object);
}

static void
msi_invite_dialog_class_init (MsiInviteDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = msi_invite_dialog_dispose;
  object_class->finalize = msi_invite_dialog_finalize;

  signals[SIGNAL_INVITED] =
    g_signal_new ("invited",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 3, G_TYPE_UINT, G_TYPE_UINT, G_TYPE_UINT);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/msi-invite-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, MsiInviteDialog, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, MsiInviteDialog, invite_button);
  gtk_widget_class_bind_template_child (widget_class, MsiInviteDialog, spinner);
  gtk_widget_class_bind_template_child (widget_class, MsiInviteDialog, text_view);
  gtk_widget_class_bind_template_child (widget_class, MsiInviteDialog, entries_box);
  gtk_widget_class_bind_template_child (widget_class, MsiInviteDialog, summary_label);
  gtk_widget_class_bind_template_child (widget_class, MsiInviteDialog, entries_list);
  gtk_widget_class_bind_template_child (widget_class, MsiInviteDialog, directory_label);
  gtk_widget_class_bind_template_child (widget_class, MsiInviteDialog, team_row);

  gtk_widget_class_install_action (widget_class, "invite.send", NULL, send_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
msi_invite_dialog_init (MsiInviteDialog *self)
{
  static const char * const everyone[] = { MSI_SCIM_EVERYONE_TEAM, NULL };
  GtkEventController *send_shortcuts;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  self->entries = g_ptr_array_new_with_free_func ((GDestroyNotify)entry_free);
  self->team_ids = g_ptr_array_new_with_free_func (g_free);
  self->to_send = g_ptr_array_new ();
  self->team_names = gtk_string_list_new (everyone);
  g_ptr_array_add (self->team_ids, NULL);
  adw_combo_row_set_model (self->team_row, G_LIST_MODEL (self->team_names));

  /* Ctrl+Return sends even from the text view, which takes Return. */
  send_shortcuts = gtk_shortcut_controller_new ();
  gtk_event_controller_set_propagation_phase (send_shortcuts, GTK_PHASE_CAPTURE);
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (send_shortcuts),
                                        gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_Return, GDK_CONTROL_MASK),
                                                          gtk_named_action_new ("invite.send")));
  gtk_widget_add_controller (GTK_WIDGET (self), send_shortcuts);

  g_signal_connect_swapped (gtk_text_view_get_buffer (self->text_view), "changed",
                            G_CALLBACK (text_changed_cb), self);
  update_actions (self);
  gtk_widget_grab_focus (GTK_WIDGET (self->text_view));
}
