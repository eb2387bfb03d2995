/* SPDX-License-Identifier: GPL-3.0-or-later */
/* msi-invite-row-private.h: how MsiInvitePlan makes its rows */

#pragma once

#include "msi-invite-row.h"

G_BEGIN_DECLS

/* @fields: MSI_INVITE_N_FIELDS values (NULL for unmapped fields), copied;
 * @reason (nullable) is copied. */
MsiInviteRow *msi_invite_row_new (guint                row,
                                  guint                line,
                                  MsiInviteStatus      status,
                                  const char          *reason,
                                  guint                duplicate_of,
                                  const char * const  *fields);

G_END_DECLS
