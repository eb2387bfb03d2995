/* SPDX-License-Identifier: GPL-3.0-or-later */
/* msi-users-page.h: the Sales account's users and invitations, seats, and the ways to invite */

#pragma once

#include <adwaita.h>

#include "msi-scim-client.h"

G_BEGIN_DECLS

#define MSI_TYPE_USERS_PAGE (msi_users_page_get_type ())

G_DECLARE_FINAL_TYPE (MsiUsersPage, msi_users_page, MSI, USERS_PAGE, AdwBin)

MsiScimClient *msi_users_page_get_client     (MsiUsersPage  *self);
/* The page reads the users the first time it is shown. */
void           msi_users_page_set_client     (MsiUsersPage  *self,
                                              MsiScimClient *client);
/* Reads the users and the seats again. */
void           msi_users_page_reload         (MsiUsersPage  *self);
/* The Invite Users dialog. */
void           msi_users_page_invite         (MsiUsersPage  *self);
/* The file chooser, then the CSV preview. */
void           msi_users_page_invite_csv     (MsiUsersPage  *self);
/* Reopens an import of the journal and sends what it has not settled. */
void           msi_users_page_resume_import  (MsiUsersPage  *self,
                                              gint64         import_id);
/* Looks for an import a crash or the network interrupted: a banner on
 * the page, a toast with Resume when the page is not on screen. */
void           msi_users_page_check_interrupted (MsiUsersPage *self);

G_END_DECLS
