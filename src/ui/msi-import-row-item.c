/* SPDX-License-Identifier: GPL-3.0-or-later */
/* msi-import-row-item.c: one journaled row of a CSV import, as a list item, and how lists show it */

#define G_LOG_DOMAIN "msi-import-row-item"

#include "config.h"

#include <glib/gi18n.h>

#include "msi-import-row-item.h"
#include "msi-scim-group.h"

struct _MsiImportRowItem
{
  GObject       parent_instance;

  MsiImportRow *row;
};

G_DEFINE_FINAL_TYPE (MsiImportRowItem, msi_import_row_item, G_TYPE_OBJECT)

static void
msi_import_row_item_finalize (GObject *object)
{
  MsiImportRowItem *self = MSI_IMPORT_ROW_ITEM (object);

  g_clear_pointer (&self->row, msi_import_row_free);

  G_OBJECT_CLASS (msi_import_row_item_parent_class)->finalize (object);
}

static void
msi_import_row_item_class_init (MsiImportRowItemClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = msi_import_row_item_finalize;
}

static void
msi_import_row_item_init (MsiImportRowItem *self)
{
}

MsiImportRowItem *
msi_import_row_item_new (MsiImportRow *row)
{
  MsiImportRowItem *self;

  g_return_val_if_fail (row != NULL, NULL);

  self = g_object_new (MSI_TYPE_IMPORT_ROW_ITEM, NULL);
  self->row = row;

  return self;
}

const MsiImportRow *
msi_import_row_item_get_row (MsiImportRowItem *self)
{
  g_return_val_if_fail (MSI_IS_IMPORT_ROW_ITEM (self), NULL);

  return self->row;
}

GListModel *
msi_import_row_item_wrap_rows (GPtrArray *rows)
{
  GListStore *store = g_list_store_new (MSI_TYPE_IMPORT_ROW_ITEM);
  g_autoptr(GPtrArray) items = NULL;

  g_return_val_if_fail (rows != NULL, NULL);

  /* One splice: a single items-changed however many rows there are. */
  items = g_ptr_array_new_full (rows->len, g_object_unref);
  for (guint i = 0; i < rows->len; i++)
    {
      MsiImportRow *row = g_ptr_array_index (rows, i);

      g_ptr_array_index (rows, i) = NULL;
      g_ptr_array_add (items, msi_import_row_item_new (row));
    }
  g_list_store_splice (store, 0, 0, items->pdata, items->len);

  return G_LIST_MODEL (store);
}

const char *
msi_import_row_state_get_label (MsiImportRowState state)
{
  switch (state)
    {
    case MSI_IMPORT_ROW_PENDING:
      return _("Not sent yet");
    case MSI_IMPORT_ROW_SENT:
      return _("Sent, no reply yet");
    case MSI_IMPORT_ROW_INVITED:
      return _("Invited");
    case MSI_IMPORT_ROW_ALREADY_INVITED:
      return _("Already invited");
    case MSI_IMPORT_ROW_FAILED:
      return _("Failed");
    default:
      g_return_val_if_reached ("");
    }
}

const char *
msi_import_row_state_get_style (MsiImportRowState state)
{
  switch (state)
    {
    case MSI_IMPORT_ROW_INVITED:
      return "success";
    case MSI_IMPORT_ROW_ALREADY_INVITED:
      return "accent";
    case MSI_IMPORT_ROW_FAILED:
      return "error";
    case MSI_IMPORT_ROW_PENDING:
    case MSI_IMPORT_ROW_SENT:
    default:
      return "dim";
    }
}

const char *
msi_import_state_get_label (MsiImportState state)
{
  switch (state)
    {
    case MSI_IMPORT_RUNNING:
      /* TRANSLATORS: an import that a crash or the network stopped halfway */
      return _("Interrupted");
    case MSI_IMPORT_FINISHED:
      return _("Finished");
    case MSI_IMPORT_CANCELLED:
      /* TRANSLATORS: an import the admin cancelled; it can be resumed */
      return _("Stopped");
    default:
      g_return_val_if_reached ("");
    }
}

char *
msi_import_describe_counts (guint n_invited,
                            guint n_already,
                            guint n_failed,
                            guint n_unsettled)
{
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);

  if (n_invited > 0)
    /* TRANSLATORS: part of an import's outcome: "80 invited, 2 already invited, 1 failed" */
    g_ptr_array_add (parts, g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u invited", "%u invited", n_invited),
                                             n_invited));
  if (n_already > 0)
    /* TRANSLATORS: part of an import's outcome: "80 invited, 2 already invited, 1 failed" */
    g_ptr_array_add (parts, g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u already invited", "%u already invited", n_already),
                                             n_already));
  if (n_failed > 0)
    /* TRANSLATORS: part of an import's outcome: "80 invited, 2 already invited, 1 failed" */
    g_ptr_array_add (parts, g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u failed", "%u failed", n_failed),
                                             n_failed));
  if (n_unsettled > 0)
    /* TRANSLATORS: part of an import's outcome: "40 invited, 40 not sent yet" */
    g_ptr_array_add (parts, g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u not sent yet", "%u not sent yet", n_unsettled),
                                             n_unsettled));

  if (parts->len == 0)
    return g_strdup (_("Nothing sent"));

  g_ptr_array_add (parts, NULL);
  /* TRANSLATORS: the separator between the parts of an import's outcome */
  return g_strjoinv (_(", "), (char **)parts->pdata);
}

/* --- rows in a list ----------------------------------------------------------- */

typedef struct
{
  GtkWidget *line;
  GtkWidget *address;
  GtkWidget *detail;
  GtkWidget *state;
} RowWidgets;

static void
setup_row_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *item,
              gpointer                  user_data)
{
  RowWidgets *widgets = g_new0 (RowWidgets, 1);
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *texts = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);

  gtk_widget_add_css_class (box, "msi-list-row");

  widgets->line = gtk_label_new (NULL);
  gtk_label_set_width_chars (GTK_LABEL (widgets->line), 4);
  gtk_label_set_xalign (GTK_LABEL (widgets->line), 1);
  gtk_widget_set_valign (widgets->line, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (widgets->line, "dim-label");
  gtk_widget_add_css_class (widgets->line, "numeric");
  gtk_box_append (GTK_BOX (box), widgets->line);

  gtk_widget_set_hexpand (texts, TRUE);
  gtk_widget_set_valign (texts, GTK_ALIGN_CENTER);
  widgets->address = gtk_inscription_new (NULL);
  gtk_inscription_set_text_overflow (GTK_INSCRIPTION (widgets->address), GTK_INSCRIPTION_OVERFLOW_ELLIPSIZE_END);
  gtk_inscription_set_nat_chars (GTK_INSCRIPTION (widgets->address), 32);
  gtk_box_append (GTK_BOX (texts), widgets->address);
  widgets->detail = gtk_inscription_new (NULL);
  gtk_inscription_set_text_overflow (GTK_INSCRIPTION (widgets->detail), GTK_INSCRIPTION_OVERFLOW_ELLIPSIZE_END);
  gtk_inscription_set_nat_chars (GTK_INSCRIPTION (widgets->detail), 32);
  gtk_widget_add_css_class (widgets->detail, "caption");
  gtk_widget_add_css_class (widgets->detail, "dim-label");
  gtk_box_append (GTK_BOX (texts), widgets->detail);
  gtk_box_append (GTK_BOX (box), texts);

  widgets->state = gtk_label_new (NULL);
  gtk_widget_set_valign (widgets->state, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (widgets->state, "msi-pill");
  gtk_box_append (GTK_BOX (box), widgets->state);

  g_object_set_data_full (G_OBJECT (box), "msi-row-widgets", widgets, g_free);
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
  gtk_widget_add_css_class (pill, style);
}

static void
bind_row_cb (GtkSignalListItemFactory *factory,
             GtkListItem              *item,
             gpointer                  user_data)
{
  GtkWidget *box = gtk_list_item_get_child (item);
  RowWidgets *widgets = g_object_get_data (G_OBJECT (box), "msi-row-widgets");
  const MsiImportRow *row = msi_import_row_item_get_row (gtk_list_item_get_item (item));
  g_autofree char *line = g_strdup_printf ("%u", row->line);
  g_autofree char *name = NULL;
  g_autofree char *detail = NULL;
  g_autofree char *accessible = NULL;
  const char *team = row->team != NULL && *row->team != '\0' ? row->team : MSI_SCIM_EVERYONE_TEAM;

  name = g_strstrip (g_strdup_printf ("%s %s", row->first_name ? row->first_name : "",
                                      row->last_name ? row->last_name : ""));
  if (row->state == MSI_IMPORT_ROW_FAILED && row->reason != NULL)
    detail = g_strdup (row->reason);
  else if (*name != '\0')
    /* TRANSLATORS: a row of an import: a name, then a team */
    detail = g_strdup_printf (_("%s · %s"), name, team);
  else
    detail = g_strdup (team);

  gtk_label_set_label (GTK_LABEL (widgets->line), line);
  gtk_inscription_set_text (GTK_INSCRIPTION (widgets->address), row->email);
  gtk_inscription_set_text (GTK_INSCRIPTION (widgets->detail), detail);
  gtk_widget_set_tooltip_text (widgets->detail, detail);
  gtk_label_set_label (GTK_LABEL (widgets->state), msi_import_row_state_get_label (row->state));
  set_pill_style (widgets->state, msi_import_row_state_get_style (row->state));

  /* TRANSLATORS: read by screen readers for a row of an import: line, address, outcome, detail */
  accessible = g_strdup_printf (_("Line %u: %s, %s. %s"), row->line, row->email,
                                msi_import_row_state_get_label (row->state), detail);
  gtk_accessible_update_property (GTK_ACCESSIBLE (box), GTK_ACCESSIBLE_PROPERTY_LABEL, accessible, -1);
}

GtkListItemFactory *
msi_import_row_item_new_factory (void)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();

  g_signal_connect (factory, "setup", G_CALLBACK (setup_row_cb), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_row_cb), NULL);

  return factory;
}
