/* SPDX-License-Identifier: GPL-3.0-or-later */
/* msi-invite-directory.h: what the Sales account already holds, for planning invitations */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/* Filled from SCIM (/scim/v2/Users, /scim/v2/Groups) and /api/v1/account
 * by MsiScimClient, or by hand in tests; immutable once given to a plan. */

#define MSI_TYPE_INVITE_DIRECTORY (msi_invite_directory_get_type ())

G_DECLARE_FINAL_TYPE (MsiInviteDirectory, msi_invite_directory, MSI, INVITE_DIRECTORY, GObject)

typedef enum
{
  MSI_DIRECTORY_MEMBER_NONE,
  MSI_DIRECTORY_MEMBER_USER,       /* an active user */
  MSI_DIRECTORY_MEMBER_INVITED,    /* a pending invitation */
} MsiDirectoryMember;

MsiInviteDirectory *msi_invite_directory_new            (guint                seat_limit,
                                                         guint                team_limit);
/* Addresses compare without case. */
void                msi_invite_directory_add_member     (MsiInviteDirectory  *self,
                                                         const char          *email,
                                                         MsiDirectoryMember   kind);
/* Team names compare without case; "Everyone" is always there. */
void                msi_invite_directory_add_team       (MsiInviteDirectory  *self,
                                                         const char          *name,
                                                         const char          *id);
MsiDirectoryMember  msi_invite_directory_lookup_member  (MsiInviteDirectory  *self,
                                                         const char          *email,
                                                         gssize               len);
/* The team's SCIM id, or NULL when there is no such team. */
const char         *msi_invite_directory_lookup_team    (MsiInviteDirectory  *self,
                                                         const char          *name);
/* The team as spelled in the directory (for a case-insensitive match). */
const char         *msi_invite_directory_get_team_name  (MsiInviteDirectory  *self,
                                                         const char          *name);
GStrv               msi_invite_directory_dup_team_names (MsiInviteDirectory  *self);
guint               msi_invite_directory_get_seat_limit (MsiInviteDirectory  *self);
/* Users and pending invitations both hold a seat. */
guint               msi_invite_directory_get_seats_used (MsiInviteDirectory  *self);
guint               msi_invite_directory_get_team_limit (MsiInviteDirectory  *self);
guint               msi_invite_directory_get_n_teams    (MsiInviteDirectory  *self);

G_END_DECLS
