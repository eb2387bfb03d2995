/* SPDX-License-Identifier: GPL-3.0-or-later */
/* msi-import-row-item.h: one journaled row of a CSV import, as a list item, and how lists show it */

#pragma once

#include <gtk/gtk.h>

#include "msi-import-journal.h"

G_BEGIN_DECLS

#define MSI_TYPE_IMPORT_ROW_ITEM (msi_import_row_item_get_type ())

G_DECLARE_FINAL_TYPE (MsiImportRowItem, msi_import_row_item, MSI, IMPORT_ROW_ITEM, GObject)

/* Takes @row. */
MsiImportRowItem   *msi_import_row_item_new          (MsiImportRow       *row);
const MsiImportRow *msi_import_row_item_get_row      (MsiImportRowItem   *self);
/* A GListModel of MsiImportRowItem; takes the rows out of @rows
 * (MsiImportRow, freed or stolen). */
GListModel         *msi_import_row_item_wrap_rows    (GPtrArray          *rows);
/* "Invited", "Already invited", "Failed", "Not sent yet"… (translated) */
const char         *msi_import_row_state_get_label   (MsiImportRowState   state);
/* "success", "warning", "error" or "dim": the pill's style */
const char         *msi_import_row_state_get_style   (MsiImportRowState   state);
/* Rows with their line, address, name, team, outcome and reason. */
GtkListItemFactory *msi_import_row_item_new_factory  (void);
/* "80 invited, 2 already invited, 1 failed" (translated; parts that are
 * zero are left out, "nothing sent" when all are). */
char               *msi_import_describe_counts       (guint               n_invited,
                                                      guint               n_already,
                                                      guint               n_failed,
                                                      guint               n_unsettled);
/* "Finished", "Stopped", "Interrupted" */
const char         *msi_import_state_get_label       (MsiImportState      state);

G_END_DECLS
