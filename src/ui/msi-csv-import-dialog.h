/* SPDX-License-Identifier: GPL-3.0-or-later */
/* msi-csv-import-dialog.h: a CSV file of people to invite: preview, mapping, invitations, results */

#pragma once

#include <adwaita.h>

#include "msi-application.h"
#include "msi-scim-client.h"

G_BEGIN_DECLS

#define MSI_TYPE_CSV_IMPORT_DIALOG (msi_csv_import_dialog_get_type ())

/* Signal "finished" (guint n_invited, guint n_already, guint n_failed)
 * when an import has settled every row (or stopped). */
G_DECLARE_FINAL_TYPE (MsiCsvImportDialog, msi_csv_import_dialog, MSI, CSV_IMPORT_DIALOG, AdwWindow)

MsiCsvImportDialog *msi_csv_import_dialog_new    (MsiApplication     *app,
                                                  GtkWindow          *parent,
                                                  MsiScimClient      *client);
/* Reads @file and shows its preview. */
void                msi_csv_import_dialog_load   (MsiCsvImportDialog *self,
                                                  GFile              *file);
/* Reopens an import of the journal and sends its unsettled rows. */
void                msi_csv_import_dialog_resume (MsiCsvImportDialog *self,
                                                  gint64              import_id);
/* The native file chooser, for another file. */
void                msi_csv_import_dialog_choose_file (MsiCsvImportDialog *self);

G_END_DECLS
