/* SPDX-License-Identifier: GPL-3.0-or-later */
/* msi-invite-dialog-private.h: what the tests reach of the Invite Users dialog */

#pragma once

#include "msi-invite-dialog.h"

G_BEGIN_DECLS

/* Replaces the typed text (and checks it at once). */
void        msi_invite_dialog_set_text           (MsiInviteDialog *self,
                                                  const char      *text);
/* The entries shown below the text, as the person reads them. */
guint       msi_invite_dialog_get_n_entries      (MsiInviteDialog *self);
const char *msi_invite_dialog_get_entry_text     (MsiInviteDialog *self,
                                                  guint            index);
/* NULL when the entry can be invited; else why not (or, after sending,
 * what happened). */
const char *msi_invite_dialog_get_entry_message  (MsiInviteDialog *self,
                                                  guint            index);
gboolean    msi_invite_dialog_get_entry_valid    (MsiInviteDialog *self,
                                                  guint            index);
/* TRUE while the addresses are still being checked against the account. */
gboolean    msi_invite_dialog_get_checking       (MsiInviteDialog *self);
gboolean    msi_invite_dialog_get_can_invite     (MsiInviteDialog *self);
/* TRUE while the invitations are being sent. */
gboolean    msi_invite_dialog_get_sending        (MsiInviteDialog *self);
/* Chooses the team by name. */
gboolean    msi_invite_dialog_select_team        (MsiInviteDialog *self,
                                                  const char      *team);

G_END_DECLS
