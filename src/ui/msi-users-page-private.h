/* SPDX-License-Identifier: GPL-3.0-or-later */
/* msi-users-page-private.h: what the tests reach of the users page */

#pragma once

#include "msi-csv-import-dialog.h"
#include "msi-import-history-dialog.h"
#include "msi-invite-dialog.h"
#include "msi-scim-user-list.h"
#include "msi-users-page.h"

G_BEGIN_DECLS

/* NULL until the page was first shown. */
MsiScimUserList        *msi_users_page_get_model        (MsiUsersPage *self);
/* "loading", "list", "empty", "no-match" or "error" */
const char             *msi_users_page_get_state        (MsiUsersPage *self);
/* The seats read from the account, or FALSE when not (yet) known. */
gboolean                msi_users_page_get_seats        (MsiUsersPage *self,
                                                         guint        *used,
                                                         guint        *limit);
/* The CSV preview of @file, as if chosen in the file chooser. */
MsiCsvImportDialog     *msi_users_page_open_csv         (MsiUsersPage *self,
                                                         GFile        *file);
/* The dialogs the page has open, or NULL. */
MsiInviteDialog        *msi_users_page_get_invite_dialog  (MsiUsersPage *self);
MsiCsvImportDialog     *msi_users_page_get_csv_dialog     (MsiUsersPage *self);
MsiImportHistoryDialog *msi_users_page_get_history_dialog (MsiUsersPage *self);
/* The import the banner offers to resume, or 0. */
gint64                  msi_users_page_get_interrupted  (MsiUsersPage *self);

G_END_DECLS
