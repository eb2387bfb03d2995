/* SPDX-License-Identifier: GPL-3.0-or-later */
/* msi-import-history-dialog.c: past CSV imports and each one's rows */

#define G_LOG_DOMAIN "msi-import-history-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "msi-import-history-dialog-private.h"
#include "msi-import-row-item.h"
#include "msi-invite-import.h"
#include "msi-ui-util.h"

struct _MsiImportHistoryDialog
{
  AdwWindow         parent_instance;

  MsiApplication   *app;
  char             *profile_id;
  GCancellable     *cancellable;
  GCancellable     *rows_cancellable;
  MsiImportJournal *journal;
  GPtrArray        *imports;     /* MsiImportSummary */
  gboolean          loaded;
  gboolean          disposed;
  GListModel       *rows;
  GtkNoSelection   *rows_selection;

  /* Template widgets */
  AdwWindowTitle   *window_title;
  GtkWidget        *back_button;
  GtkStack         *stack;
  GtkSpinner       *spinner;
  AdwStatusPage    *error_page;
  GtkListBox       *imports_list;
  GtkLabel         *rows_summary;
  GtkListView      *rows_view;
};

enum {
  SIGNAL_RESUME,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (MsiImportHistoryDialog, msi_import_history_dialog, ADW_TYPE_WINDOW)

static void
set_state (MsiImportHistoryDialog *self,
           const char             *state)
{
  gboolean rows = g_str_equal (state, "rows");

  gtk_spinner_set_spinning (self->spinner, g_str_equal (state, "loading"));
  gtk_stack_set_visible_child_name (self->stack, state);
  gtk_widget_set_visible (self->back_button, rows);
  if (!rows)
    {
      adw_window_title_set_title (self->window_title, _("Import History"));
      adw_window_title_set_subtitle (self->window_title, NULL);
    }
}

static MsiImportSummary *
find_import (MsiImportHistoryDialog *self,
             gint64                  id)
{
  for (guint i = 0; self->imports != NULL && i < self->imports->len; i++)
    {
      MsiImportSummary *summary = g_ptr_array_index (self->imports, i);

      if (summary->id == id)
        return summary;
    }

  return NULL;
}

static char *
describe_import (const MsiImportSummary *summary)
{
  g_autoptr(GDateTime) local = g_date_time_to_local (summary->started_at);
  g_autofree char *date = g_date_time_format (local, "%x, %R");
  g_autofree char *counts = msi_import_describe_counts (summary->n_invited, summary->n_already_invited,
                                                        summary->n_failed, summary->n_unsettled);
  g_autoptr(GString) text = g_string_new (NULL);

  /* TRANSLATORS: an import in the history: its date, then "80 invited, 1 failed" */
  g_string_append_printf (text, _("%s · %s"), date, counts);
  if (summary->n_not_ready > 0)
    {
      g_string_append_c (text, '\n');
      /* TRANSLATORS: rows of the file the import did not send because of their problems */
      g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE,
                                                 "%u of %u row of the file had a problem and was not sent",
                                                 "%u of %u rows of the file had a problem and were not sent",
                                                 summary->n_file_rows),
                              summary->n_not_ready, summary->n_file_rows);
    }

  return g_string_free (g_steal_pointer (&text), FALSE);
}

/* --- one import's rows ----------------------------------------------------------- */

static void
rows_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(MsiImportHistoryDialog) self = user_data;
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GError) error = NULL;

  rows = msi_invite_import_dup_rows_finish (result, &error);
  if (self->disposed || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (rows == NULL)
    {
      g_autofree char *escaped = g_markup_escape_text (error->message, -1);

      adw_status_page_set_description (self->error_page, escaped);
      set_state (self, "error");
      gtk_widget_set_visible (self->back_button, TRUE);
      return;
    }

  g_clear_object (&self->rows);
  self->rows = msi_import_row_item_wrap_rows (rows);
  msi_list_view_show_model (self->rows_view, &self->rows_selection, self->rows);
}

void
msi_import_history_dialog_open_import (MsiImportHistoryDialog *self,
                                       gint64                  import_id)
{
  MsiImportSummary *summary;
  g_autofree char *text = NULL;

  g_return_if_fail (MSI_IS_IMPORT_HISTORY_DIALOG (self));

  summary = find_import (self, import_id);
  if (summary == NULL || self->journal == NULL)
    return;

  g_cancellable_cancel (self->rows_cancellable);
  g_clear_object (&self->rows_cancellable);
  self->rows_cancellable = g_cancellable_new ();
  msi_list_view_show_model (self->rows_view, &self->rows_selection, NULL);
  g_clear_object (&self->rows);

  text = describe_import (summary);
  gtk_label_set_label (self->rows_summary, text);
  set_state (self, "rows");
  adw_window_title_set_title (self->window_title, summary->file_name);
  adw_window_title_set_subtitle (self->window_title, msi_import_state_get_label (summary->state));

  msi_invite_import_dup_rows_async (self->journal, import_id, self->rows_cancellable,
                                    rows_cb, g_object_ref (self));
}

static void
import_activated_cb (MsiImportHistoryDialog *self,
                     GtkListBoxRow          *row,
                     GtkListBox             *list)
{
  gint64 *id = g_object_get_data (G_OBJECT (row), "msi-import-id");

  if (id != NULL)
    msi_import_history_dialog_open_import (self, *id);
}

static void
back_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  MsiImportHistoryDialog *self = MSI_IMPORT_HISTORY_DIALOG (widget);

  g_cancellable_cancel (self->rows_cancellable);
  set_state (self, self->imports != NULL && self->imports->len > 0 ? "list" : "empty");
}

static void
resume_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  MsiImportHistoryDialog *self = MSI_IMPORT_HISTORY_DIALOG (widget);
  gint64 id = g_variant_get_int64 (param);

  g_signal_emit (self, signals[SIGNAL_RESUME], 0, id);
  gtk_window_close (GTK_WINDOW (self));
}

/* --- the list --------------------------------------------------------------------- */

static GtkWidget *
create_import_row (MsiImportHistoryDialog *self,
                   const MsiImportSummary *summary)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *state = gtk_label_new (msi_import_state_get_label (summary->state));
  g_autofree char *title = g_markup_escape_text (summary->file_name, -1);
  g_autofree char *text = describe_import (summary);
  g_autofree char *subtitle = g_markup_escape_text (text, -1);
  g_autofree char *name = g_strdup_printf ("import-%" G_GINT64_FORMAT, summary->id);
  GtkWidget *arrow;

  gtk_widget_set_name (row, name);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 0);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  g_object_set_data_full (G_OBJECT (row), "msi-import-id", g_memdup2 (&summary->id, sizeof summary->id), g_free);

  gtk_widget_set_valign (state, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (state, "msi-pill");
  gtk_widget_add_css_class (state, summary->state == MSI_IMPORT_FINISHED
                                   ? (summary->n_failed > 0 ? "warning" : "success")
                                   : "accent");
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), state);

  if (summary->state != MSI_IMPORT_FINISHED && summary->n_unsettled > 0)
    {
      GtkWidget *resume = gtk_button_new_with_mnemonic (_("_Resume"));
      g_autofree char *accessible = g_strdup_printf (_("Resume the import of %s"), summary->file_name);

      gtk_widget_set_name (resume, "resume");
      gtk_widget_set_valign (resume, GTK_ALIGN_CENTER);
      gtk_actionable_set_action_name (GTK_ACTIONABLE (resume), "history.resume");
      gtk_actionable_set_action_target_value (GTK_ACTIONABLE (resume), g_variant_new_int64 (summary->id));
      gtk_accessible_update_property (GTK_ACCESSIBLE (resume), GTK_ACCESSIBLE_PROPERTY_LABEL, accessible, -1);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), resume);
    }

  arrow = gtk_image_new_from_icon_name ("go-next-symbolic");
  gtk_accessible_update_property (GTK_ACCESSIBLE (arrow), GTK_ACCESSIBLE_PROPERTY_LABEL, "", -1);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), arrow);

  return row;
}

static void
history_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(MsiImportHistoryDialog) self = user_data;
  g_autoptr(GPtrArray) imports = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *child;

  imports = msi_invite_import_list_history_finish (result, &error);
  if (self->disposed || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self->loaded = TRUE;
  if (imports == NULL)
    {
      g_autofree char *escaped = g_markup_escape_text (error->message, -1);

      adw_status_page_set_description (self->error_page, escaped);
      set_state (self, "error");
      return;
    }

  g_clear_pointer (&self->imports, g_ptr_array_unref);
  self->imports = g_steal_pointer (&imports);

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->imports_list))) != NULL)
    gtk_list_box_remove (self->imports_list, child);
  for (guint i = 0; i < self->imports->len; i++)
    gtk_list_box_append (self->imports_list, create_import_row (self, g_ptr_array_index (self->imports, i)));

  if (!g_str_equal (gtk_stack_get_visible_child_name (self->stack), "rows"))
    set_state (self, self->imports->len > 0 ? "list" : "empty");
}

static void
journal_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(MsiImportHistoryDialog) self = user_data;
  g_autoptr(MsiImportJournal) journal = NULL;
  g_autoptr(GError) error = NULL;

  journal = msi_application_get_journal_finish (MSI_APPLICATION (object), result, &error);
  if (self->disposed || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (journal == NULL)
    {
      g_autofree char *escaped = g_markup_escape_text (error->message, -1);

      self->loaded = TRUE;
      adw_status_page_set_description (self->error_page, escaped);
      set_state (self, "error");
      return;
    }

  g_set_object (&self->journal, journal);
  msi_invite_import_list_history_async (journal, self->profile_id, self->cancellable,
                                        history_cb, g_object_ref (self));
}

void
msi_import_history_dialog_reload (MsiImportHistoryDialog *self)
{
  g_return_if_fail (MSI_IS_IMPORT_HISTORY_DIALOG (self));

  self->loaded = FALSE;
  if (self->imports == NULL)
    set_state (self, "loading");
  msi_application_get_journal_async (self->app, self->cancellable, journal_cb, g_object_ref (self));
}

MsiImportHistoryDialog *
msi_import_history_dialog_new (MsiApplication *app,
                               GtkWindow      *parent,
                               const char     *profile_id)
{
  MsiImportHistoryDialog *self;

  g_return_val_if_fail (MSI_IS_APPLICATION (app), NULL);
  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (profile_id != NULL, NULL);

  self = g_object_new (MSI_TYPE_IMPORT_HISTORY_DIALOG, "transient-for", parent, NULL);
  self->app = g_object_ref (app);
  self->profile_id = g_strdup (profile_id);
  msi_import_history_dialog_reload (self);

  return self;
}

gboolean
msi_import_history_dialog_get_loaded (MsiImportHistoryDialog *self)
{
  g_return_val_if_fail (MSI_IS_IMPORT_HISTORY_DIALOG (self), FALSE);

  return self->loaded;
}

GPtrArray *
msi_import_history_dialog_get_imports (MsiImportHistoryDialog *self)
{
  g_return_val_if_fail (MSI_IS_IMPORT_HISTORY_DIALOG (self), NULL);

  return self->imports;
}

GListModel *
msi_import_history_dialog_get_rows (MsiImportHistoryDialog *self)
{
  g_return_val_if_fail (MSI_IS_IMPORT_HISTORY_DIALOG (self), NULL);

  return self->rows;
}

static void
msi_import_history_dialog_dispose (GObject *object)
{
  MsiImportHistoryDialog *self = (MsiImportHistoryDialog *)object;

  self->disposed = TRUE;
  g_cancellable_cancel (self->cancellable);
  g_cancellable_cancel (self->rows_cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), MSI_TYPE_IMPORT_HISTORY_DIALOG);
  g_clear_object (&self->rows_selection);
  g_clear_object (&self->rows);
  g_clear_object (&self->journal);
  g_clear_object (&self->app);

  G_OBJECT_CLASS (msi_import_history_dialog_parent_class)->dispose (object);
}

static void
msi_import_history_dialog_finalize (GObject *object)
{
  MsiImportHistoryDialog *self = (MsiImportHistoryDialog *)object;

  g_clear_object (&self->cancellable);
  g_clear_object (&self->rows_cancellable);
  g_clear_pointer (&self->imports, g_ptr_array_unref);
  g_clear_pointer (&self->profile_id, g_free);

  G_OBJECT_CLASS (msi_import_history_dialog_parent_class)->finalize (object);
}

static void
msi_import_history_dialog_class_init (MsiImportHistoryDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = msi_import_history_dialog_dispose;
  object_class->finalize = msi_import_history_dialog_finalize;

  signals[SIGNAL_RESUME] =
    g_signal_new ("resume",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_INT64);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/msi-import-history-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, MsiImportHistoryDialog, window_title);
  gtk_widget_class_bind_template_child (widget_class, MsiImportHistoryDialog, back_button);
  gtk_widget_class_bind_template_child (widget_class, MsiImportHistoryDialog, stack);
  gtk_widget_class_bind_template_child (widget_class, MsiImportHistoryDialog, spinner);
  gtk_widget_class_bind_template_child (widget_class, MsiImportHistoryDialog, error_page);
  gtk_widget_class_bind_template_child (widget_class, MsiImportHistoryDialog, imports_list);
  gtk_widget_class_bind_template_child (widget_class, MsiImportHistoryDialog, rows_summary);
  gtk_widget_class_bind_template_child (widget_class, MsiImportHistoryDialog, rows_view);

  gtk_widget_class_install_action (widget_class, "history.back", NULL, back_action);
  gtk_widget_class_install_action (widget_class, "history.resume", "x", resume_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Left, GDK_ALT_MASK, "history.back", NULL);
}

static void
msi_import_history_dialog_init (MsiImportHistoryDialog *self)
{
  g_autoptr(GtkListItemFactory) factory = msi_import_row_item_new_factory ();

  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  self->rows_selection = gtk_no_selection_new (NULL);
  gtk_list_view_set_factory (self->rows_view, factory);
  gtk_list_view_set_model (self->rows_view, GTK_SELECTION_MODEL (self->rows_selection));
  g_signal_connect_object (self->imports_list, "row-activated", G_CALLBACK (import_activated_cb), self,
                           G_CONNECT_SWAPPED);
  set_state (self, "loading");
}
