/* SPDX-License-Identifier: GPL-3.0-or-later */
/* msi-csv-import-dialog-private.h: what the tests reach of the CSV import dialog */

#pragma once

#include "msi-csv-import-dialog.h"
#include "msi-invite-import.h"
#include "msi-invite-plan.h"

G_BEGIN_DECLS

/* "loading", "error", "preview", "progress" or "results" */
const char      *msi_csv_import_dialog_get_state         (MsiCsvImportDialog *self);
/* NULL before a file is read (and for a resumed import). */
MsiInvitePlan   *msi_csv_import_dialog_get_plan          (MsiCsvImportDialog *self);
/* NULL before Invite. */
MsiInviteImport *msi_csv_import_dialog_get_import        (MsiCsvImportDialog *self);
/* The rows of the results, once shown (MsiImportRowItem). */
GListModel      *msi_csv_import_dialog_get_results       (MsiCsvImportDialog *self);
/* Rows per Bulk request of the next import (0: the client's maximum). */
void             msi_csv_import_dialog_set_chunk_size    (MsiCsvImportDialog *self,
                                                          guint               chunk_size);
/* Writes the problems to @file as Export Problems… would; "exported"
 * is emitted with the outcome. */
void             msi_csv_import_dialog_export_problems_to (MsiCsvImportDialog *self,
                                                           GFile              *file);

G_END_DECLS
