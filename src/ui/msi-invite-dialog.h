/* SPDX-License-Identifier: GPL-3.0-or-later */
/* msi-invite-dialog.h: inviting one or many people by address */

#pragma once

#include <adwaita.h>

#include "msi-scim-client.h"

G_BEGIN_DECLS

#define MSI_TYPE_INVITE_DIALOG (msi_invite_dialog_get_type ())

/* Signal "invited" (guint n_invited, guint n_already, guint n_failed)
 * once the invitations are sent. */
G_DECLARE_FINAL_TYPE (MsiInviteDialog, msi_invite_dialog, MSI, INVITE_DIALOG, AdwWindow)

MsiInviteDialog *msi_invite_dialog_new (GtkWindow     *parent,
                                        MsiScimClient *client);

G_END_DECLS
