/* SPDX-License-Identifier: GPL-3.0-or-later */
/* msi-sync-preview-dialog.c: what the next data sync will do, field by field, before it starts */

#define G_LOG_DOMAIN "msi-sync-preview-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "msi-sync-preview-dialog-private.h"
#include "msi-sync-text.h"

/*
 * The admin guide's "You see a preview of the fields that will be
 * synced. Click Start sync." The service's preview (computed again here,
 * so that its sentences are in the app's language): what stops the sync,
 * first, with the way back to the fields; what is lost or left behind;
 * the people; then each field with its Marketo type, the Sales account
 * field it lands in, conversions, cuts and changes since the last sync.
 * Start Sync stays off while anything blocks.
 */

struct _MsiSyncPreviewDialog
{
  AdwWindow       parent_instance;

  MsiSyncClient  *client;
  MsiSyncPreview *preview;
  GCancellable   *cancellable;
  gboolean        starting;

  /* Template widgets */
  GtkButton      *start_button;
  GtkStack       *stack;
  GtkSpinner     *spinner;
  AdwStatusPage  *error_page;
  GtkScrolledWindow *scrolled;
  GtkWidget      *blocked_box;
  GtkListBox     *blocked_list;
  GtkLabel       *start_error_label;
  GtkLabel       *people_label;
  GtkLabel       *kind_label;
  GtkWidget      *warnings_box;
  GtkListBox     *warnings_list;
  GtkLabel       *fields_heading;
  GtkListBox     *fields_list;
};

G_DEFINE_FINAL_TYPE (MsiSyncPreviewDialog, msi_sync_preview_dialog, ADW_TYPE_WINDOW)

enum
{
  STARTED,
  CHANGE_SELECTION,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
update_actions (MsiSyncPreviewDialog *self)
{
  gboolean can_start = msi_sync_preview_dialog_get_can_start (self);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "preview.start", can_start);
  gtk_button_set_label (self->start_button, self->starting ? _("Starting…") : _("_Start Sync"));
  if (self->preview != NULL && msi_sync_preview_get_blocked (self->preview))
    gtk_widget_set_tooltip_text (GTK_WIDGET (self->start_button),
                                 _("The sync cannot start until the problems listed are solved"));
  else
    gtk_widget_set_tooltip_text (GTK_WIDGET (self->start_button), NULL);
}

/* --- the preview, field by field -------------------------------------------------- */

static void
remove_children (GtkWidget *box)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (box)) != NULL)
    {
      if (GTK_IS_LIST_BOX (box))
        gtk_list_box_remove (GTK_LIST_BOX (box), child);
      else
        gtk_box_remove (GTK_BOX (box), child);
    }
}

static GtkWidget *
new_label (const char *text,
           const char *css_class)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD);
  if (css_class != NULL)
    gtk_widget_add_css_class (label, css_class);

  return label;
}

static void
add_pill (GtkWidget  *box,
          const char *text,
          const char *style)
{
  GtkWidget *pill = gtk_label_new (text);

  gtk_widget_add_css_class (pill, "msi-pill");
  if (style != NULL)
    gtk_widget_add_css_class (pill, style);
  gtk_box_append (GTK_BOX (box), pill);
}

static char *
dup_target_text (MsiSyncField *field)
{
  g_autofree char *target_type = NULL;

  if (msi_sync_field_get_target_name (field) == NULL)
    return g_strdup (_("no Sales account field can hold it"));

  target_type = msi_sync_text_type (msi_sync_field_get_target_type (field),
                                    msi_sync_field_get_target_effective_length (field));
  /* Translators: the Sales account field a Marketo field lands in, and
   * its type: "“Comments” (comments__c), String, 255 characters" */
  return g_strdup_printf (_("“%s” (%s), %s"), msi_sync_field_get_target_label (field),
                          msi_sync_field_get_target_name (field), target_type);
}

static GtkWidget *
create_entry_row (const MsiSyncPreviewEntry *entry)
{
  MsiSyncField *field = msi_sync_preview_entry_get_field (entry);
  MsiSyncChange changes = msi_sync_preview_entry_get_changes (entry);
  MsiSyncSeverity severity = msi_sync_preview_entry_get_severity (entry);
  const char * const *notes = msi_sync_preview_entry_get_notes (entry);
  gboolean removed = (changes & MSI_SYNC_CHANGE_REMOVED) != 0;
  g_autofree char *source_type = NULL;
  g_autofree char *target = NULL;
  g_autofree char *mapping = NULL;
  g_autofree char *accessible = NULL;
  g_autoptr(GString) description = g_string_new (NULL);
  GtkWidget *row, *box, *icon, *texts, *title_box, *title, *name, *pills, *line;
  const char *icon_name;
  const char *icon_label;
  const char *icon_style;

  row = gtk_list_box_row_new ();
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  gtk_widget_set_name (row, msi_sync_field_get_name (field));
  gtk_widget_add_css_class (row, "msi-sync-entry");

  box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);
  gtk_widget_set_margin_top (box, 10);
  gtk_widget_set_margin_bottom (box, 10);

  switch (severity)
    {
    case MSI_SYNC_SEVERITY_BLOCKING:
      icon_name = "dialog-error-symbolic";
      icon_label = _("Blocks the sync");
      icon_style = "error";
      break;
    case MSI_SYNC_SEVERITY_WARNING:
      icon_name = "dialog-warning-symbolic";
      icon_label = _("Check this field");
      icon_style = "warning";
      break;
    case MSI_SYNC_SEVERITY_INFO:
    case MSI_SYNC_SEVERITY_NONE:
    default:
      icon_name = removed ? "list-remove-symbolic" : "object-select-symbolic";
      icon_label = removed ? _("No longer synced") : _("Syncs as it is");
      icon_style = removed ? "dim-label" : "success";
      break;
    }
  icon = gtk_image_new_from_icon_name (icon_name);
  gtk_widget_set_valign (icon, GTK_ALIGN_START);
  gtk_widget_add_css_class (icon, icon_style);
  gtk_widget_set_tooltip_text (icon, icon_label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (icon), GTK_ACCESSIBLE_PROPERTY_LABEL, icon_label, -1);
  gtk_box_append (GTK_BOX (box), icon);

  texts = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  gtk_widget_set_hexpand (texts, TRUE);
  gtk_box_append (GTK_BOX (box), texts);

  title_box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  title = new_label (msi_sync_field_get_label (field), "heading");
  gtk_widget_set_name (title, "title");
  gtk_box_append (GTK_BOX (title_box), title);
  name = new_label (msi_sync_field_get_name (field), "dim-label");
  gtk_widget_add_css_class (name, "caption");
  gtk_widget_set_valign (name, GTK_ALIGN_BASELINE);
  gtk_widget_set_hexpand (name, TRUE);
  gtk_box_append (GTK_BOX (title_box), name);
  gtk_box_append (GTK_BOX (texts), title_box);

  /* Marketo's type → the Sales account field and its type. */
  source_type = msi_sync_text_type (msi_sync_field_get_data_type (field),
                                    msi_sync_data_type_is_text (msi_sync_field_get_data_type (field))
                                      ? msi_sync_field_get_effective_length (field) : -1);
  target = dup_target_text (field);
  /* Translators: a Marketo field's type, then where it lands: "Text area,
   * 2,000 characters → “Comments” (comments__c), String, 255 characters" */
  mapping = g_strdup_printf (_("%s → %s"), source_type, target);
  line = new_label (mapping, "dim-label");
  gtk_widget_set_name (line, "mapping");
  gtk_box_append (GTK_BOX (texts), line);

  /* Flags, as pills. */
  pills = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  gtk_widget_set_name (pills, "pills");
  if (msi_sync_field_get_always_synced (field))
    add_pill (pills, _("Always synced"), "dim");
  if (changes & MSI_SYNC_CHANGE_ADDED)
    add_pill (pills, _("New"), "accent");
  if (removed)
    add_pill (pills, _("Removed"), "warning");
  if (changes & MSI_SYNC_CHANGE_TYPE_CHANGED)
    add_pill (pills, _("Type changed"), "warning");
  if (changes & MSI_SYNC_CHANGE_LENGTH_CHANGED)
    add_pill (pills, _("Length changed"), "dim");
  if (changes & MSI_SYNC_CHANGE_TARGET_CHANGED)
    add_pill (pills, _("Other field"), "warning");
  if (!removed && msi_sync_field_get_unavailable (field) != MSI_SYNC_FIELD_UNAVAILABLE_NONE)
    add_pill (pills, _("Cannot be synced"), "error");
  switch (msi_sync_preview_entry_get_conversion (entry))
    {
    case MSI_SYNC_CONVERSION_LOSSLESS:
      add_pill (pills, _("Converted"), "accent");
      break;
    case MSI_SYNC_CONVERSION_LOSSY:
      add_pill (pills, _("Some values change"), "warning");
      break;
    case MSI_SYNC_CONVERSION_INCOMPATIBLE:
      add_pill (pills, _("Cannot hold the values"), "error");
      break;
    case MSI_SYNC_CONVERSION_NONE:
    default:
      break;
    }
  if (msi_sync_preview_entry_get_truncated (entry))
    add_pill (pills, _("Longer values cut"), "warning");
  gtk_widget_set_visible (pills, gtk_widget_get_first_child (pills) != NULL);
  gtk_box_append (GTK_BOX (texts), pills);

  for (guint i = 0; notes != NULL && notes[i] != NULL; i++)
    {
      GtkWidget *note = new_label (notes[i], "msi-sync-note");

      gtk_box_append (GTK_BOX (texts), note);
      if (description->len > 0)
        g_string_append_c (description, ' ');
      g_string_append (description, notes[i]);
    }

  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);

  /* Translators: read by screen readers for a field of the preview: its
   * name, its state, then where it lands */
  accessible = g_strdup_printf (_("%s, %s: %s"), msi_sync_field_get_label (field), icon_label, mapping);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, accessible,
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, description->str,
                                  -1);

  return row;
}

static void
show_preview (MsiSyncPreviewDialog *self)
{
  MsiSyncPreview *preview = self->preview;
  gint64 n_people = msi_sync_preview_get_n_people (preview);
  guint n_fields = 0;
  guint n_blocking = 0;
  guint n_warnings = 0;
  g_autofree char *heading = NULL;

  remove_children (GTK_WIDGET (self->blocked_list));
  remove_children (GTK_WIDGET (self->warnings_list));
  remove_children (GTK_WIDGET (self->fields_list));

  gtk_stack_set_visible_child_name (self->stack, "preview");
  n_blocking = msi_sync_preview_count_problems (preview, MSI_SYNC_SEVERITY_BLOCKING);
  n_warnings = msi_sync_preview_get_n_problems (preview) - n_blocking;
  gtk_widget_set_visible (self->blocked_box, n_blocking > 0);
  gtk_widget_set_visible (self->warnings_box, n_warnings > 0);

  for (guint i = 0; i < msi_sync_preview_get_n_problems (preview); i++)
    {
      const MsiSyncProblem *problem = msi_sync_preview_get_problem (preview, i);
      GtkWidget *label = new_label (msi_sync_problem_get_message (problem), NULL);

      GtkWidget *row = gtk_list_box_row_new ();

      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
      gtk_widget_set_focusable (row, FALSE);
      gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), label);
      if (msi_sync_problem_get_severity (problem) == MSI_SYNC_SEVERITY_BLOCKING)
        gtk_list_box_append (self->blocked_list, row);
      else
        gtk_list_box_append (self->warnings_list, row);
    }

  if (n_people >= 0)
    {
      g_autofree char *number = msi_sync_text_count (n_people);
      g_autofree char *text = NULL;

      /* Translators: %s is a number of people, such as "52,318" */
      text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s person will be synced from Marketo to the Sales account.",
                                           "%s people will be synced from Marketo to the Sales account.",
                                           (gulong)MIN (n_people, G_MAXLONG)),
                              number);
      gtk_label_set_label (self->people_label, text);
    }
  else
    gtk_label_set_label (self->people_label,
                         _("The people in Marketo will be synced to the Sales account; how many is not known yet."));

  if (msi_sync_preview_get_first_sync (preview))
    gtk_label_set_label (self->kind_label, _("This is the first sync of the Sales account."));
  else
    gtk_label_set_label (self->kind_label, _("Fields that changed since the last sync are marked."));

  for (guint i = 0; i < msi_sync_preview_get_n_entries (preview); i++)
    {
      const MsiSyncPreviewEntry *entry = msi_sync_preview_get_entry (preview, i);

      if (!(msi_sync_preview_entry_get_changes (entry) & MSI_SYNC_CHANGE_REMOVED))
        n_fields++;
      gtk_list_box_append (self->fields_list, create_entry_row (entry));
    }

  /* Translators: the heading of the preview's list of fields */
  heading = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u Field in the Sync", "%u Fields in the Sync",
                                          n_fields),
                             n_fields);
  gtk_label_set_label (self->fields_heading, heading);

  gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (self->scrolled), 0);
}

static void
preview_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(MsiSyncPreviewDialog) self = user_data;
  g_autoptr(MsiSyncPreview) preview = NULL;
  g_autoptr(GError) error = NULL;

  preview = msi_sync_client_get_preview_finish (MSI_SYNC_CLIENT (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  gtk_spinner_set_spinning (self->spinner, FALSE);
  if (preview == NULL)
    {
      g_autofree char *escaped = g_markup_escape_text (error->message, -1);

      adw_status_page_set_description (self->error_page, escaped);
      gtk_stack_set_visible_child_name (self->stack, "error");
      update_actions (self);
      return;
    }

  g_set_object (&self->preview, preview);
  show_preview (self);
  update_actions (self);
}

void
msi_sync_preview_dialog_reload (MsiSyncPreviewDialog *self)
{
  g_return_if_fail (MSI_IS_SYNC_PREVIEW_DIALOG (self));

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  self->starting = FALSE;

  g_clear_object (&self->preview);
  gtk_widget_set_visible (GTK_WIDGET (self->start_error_label), FALSE);
  gtk_spinner_set_spinning (self->spinner, TRUE);
  gtk_stack_set_visible_child_name (self->stack, "loading");
  update_actions (self);

  msi_sync_client_get_preview_async (self->client, self->cancellable, preview_cb, g_object_ref (self));
}

static void
reload_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  msi_sync_preview_dialog_reload (MSI_SYNC_PREVIEW_DIALOG (widget));
}

/* --- Start Sync ------------------------------------------------------------------ */

static void
started_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(MsiSyncPreviewDialog) self = user_data;
  g_autoptr(MsiSyncJob) job = NULL;
  g_autoptr(GError) error = NULL;

  job = msi_sync_client_start_job_finish (MSI_SYNC_CLIENT (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self->starting = FALSE;
  if (job == NULL)
    {
      /* The preview may have changed since it was read: read it again
       * when the service says something blocks. */
      if (g_error_matches (error, MSI_SYNC_CLIENT_ERROR, MSI_SYNC_CLIENT_ERROR_BLOCKED))
        msi_sync_preview_dialog_reload (self);
      gtk_label_set_label (self->start_error_label, error->message);
      gtk_widget_set_visible (GTK_WIDGET (self->start_error_label), TRUE);
      gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (self->scrolled), 0);
      update_actions (self);
      return;
    }

  g_signal_emit (self, signals[STARTED], 0, job);
  gtk_window_close (GTK_WINDOW (self));
}

static void
start_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *param)
{
  MsiSyncPreviewDialog *self = MSI_SYNC_PREVIEW_DIALOG (widget);

  if (!msi_sync_preview_dialog_get_can_start (self))
    return;

  self->starting = TRUE;
  gtk_widget_set_visible (GTK_WIDGET (self->start_error_label), FALSE);
  update_actions (self);
  msi_sync_client_start_job_async (self->client, self->cancellable, started_cb, g_object_ref (self));
}

static void
change_selection_action (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *param)
{
  MsiSyncPreviewDialog *self = MSI_SYNC_PREVIEW_DIALOG (widget);

  g_signal_emit (self, signals[CHANGE_SELECTION], 0);
  gtk_window_close (GTK_WINDOW (self));
}

/* --- public ------------------------------------------------------------------------ */

MsiSyncPreviewDialog *
msi_sync_preview_dialog_new (GtkWindow     *parent,
                             MsiSyncClient *client)
{
  MsiSyncPreviewDialog *self;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (MSI_IS_SYNC_CLIENT (client), NULL);

  self = g_object_new (MSI_TYPE_SYNC_PREVIEW_DIALOG, "transient-for", parent, NULL);
  self->client = g_object_ref (client);
  msi_sync_preview_dialog_reload (self);

  return self;
}

const char *
msi_sync_preview_dialog_get_state (MsiSyncPreviewDialog *self)
{
  g_return_val_if_fail (MSI_IS_SYNC_PREVIEW_DIALOG (self), NULL);

  return gtk_stack_get_visible_child_name (self->stack);
}

MsiSyncPreview *
msi_sync_preview_dialog_get_preview (MsiSyncPreviewDialog *self)
{
  g_return_val_if_fail (MSI_IS_SYNC_PREVIEW_DIALOG (self), NULL);

  return self->preview;
}

gboolean
msi_sync_preview_dialog_get_can_start (MsiSyncPreviewDialog *self)
{
  g_return_val_if_fail (MSI_IS_SYNC_PREVIEW_DIALOG (self), FALSE);

  return self->preview != NULL && !msi_sync_preview_get_blocked (self->preview) && !self->starting;
}

gboolean
msi_sync_preview_dialog_get_starting (MsiSyncPreviewDialog *self)
{
  g_return_val_if_fail (MSI_IS_SYNC_PREVIEW_DIALOG (self), FALSE);

  return self->starting;
}

/* --- GObject ------------------------------------------------------------------------ */

static void
msi_sync_preview_dialog_dispose (GObject *object)
{
  MsiSyncPreviewDialog *self = (MsiSyncPreviewDialog *)object;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->preview);
  g_clear_object (&self->client);

  gtk_widget_dispose_template (GTK_WIDGET (self), MSI_TYPE_SYNC_PREVIEW_DIALOG);

  G_OBJECT_CLASS (msi_sync_preview_dialog_parent_class)->dispose (object);
}

static void
msi_sync_preview_dialog_class_init (MsiSyncPreviewDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = msi_sync_preview_dialog_dispose;

  signals[STARTED] = g_signal_new ("started", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 1, MSI_TYPE_SYNC_JOB);
  signals[CHANGE_SELECTION] = g_signal_new ("change-selection", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                            0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/msi-sync-preview-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, MsiSyncPreviewDialog, start_button);
  gtk_widget_class_bind_template_child (widget_class, MsiSyncPreviewDialog, stack);
  gtk_widget_class_bind_template_child (widget_class, MsiSyncPreviewDialog, spinner);
  gtk_widget_class_bind_template_child (widget_class, MsiSyncPreviewDialog, error_page);
  gtk_widget_class_bind_template_child (widget_class, MsiSyncPreviewDialog, scrolled);
  gtk_widget_class_bind_template_child (widget_class, MsiSyncPreviewDialog, blocked_box);
  gtk_widget_class_bind_template_child (widget_class, MsiSyncPreviewDialog, blocked_list);
  gtk_widget_class_bind_template_child (widget_class, MsiSyncPreviewDialog, start_error_label);
  gtk_widget_class_bind_template_child (widget_class, MsiSyncPreviewDialog, people_label);
  gtk_widget_class_bind_template_child (widget_class, MsiSyncPreviewDialog, kind_label);
  gtk_widget_class_bind_template_child (widget_class, MsiSyncPreviewDialog, warnings_box);
  gtk_widget_class_bind_template_child (widget_class, MsiSyncPreviewDialog, warnings_list);
  gtk_widget_class_bind_template_child (widget_class, MsiSyncPreviewDialog, fields_heading);
  gtk_widget_class_bind_template_child (widget_class, MsiSyncPreviewDialog, fields_list);

  gtk_widget_class_install_action (widget_class, "preview.start", NULL, start_action);
  gtk_widget_class_install_action (widget_class, "preview.reload", NULL, reload_action);
  gtk_widget_class_install_action (widget_class, "preview.change-selection", NULL, change_selection_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
msi_sync_preview_dialog_init (MsiSyncPreviewDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  gtk_window_set_default_widget (GTK_WINDOW (self), GTK_WIDGET (self->start_button));
  update_actions (self);
}
