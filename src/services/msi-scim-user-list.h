/* SPDX-License-Identifier: GPL-3.0-or-later */
/* msi-scim-user-list.h: the account's users as a lazily paged GListModel */

#pragma once

#include "msi-scim-client.h"

G_BEGIN_DECLS

#define MSI_TYPE_SCIM_USER_LIST (msi_scim_user_list_get_type ())

/* A GListModel of MsiScimUser with as many items as the service's
 * totalResults for the filter. Items of pages not read yet are
 * placeholders ("loading" TRUE); asking for one reads its page (100 users,
 * at most two pages in flight, the pages nearest the last asked first) and
 * replaces the placeholders with items-changed. Properties "filter",
 * "n-items", "loading" (the first page), "error" (a GError boxed, last
 * failure, or NULL). */
G_DECLARE_FINAL_TYPE (MsiScimUserList, msi_scim_user_list, MSI, SCIM_USER_LIST, GObject)

MsiScimUserList *msi_scim_user_list_new          (MsiScimClient   *client);
/* A SCIM filter (msi_scim_build_search_filter()) or NULL: starts over. */
void             msi_scim_user_list_set_filter   (MsiScimUserList *self,
                                                  const char      *filter);
const char      *msi_scim_user_list_get_filter   (MsiScimUserList *self);
/* Drops every page and reads the first again (after an invite, resend…). */
void             msi_scim_user_list_reload       (MsiScimUserList *self);
gboolean         msi_scim_user_list_get_loading  (MsiScimUserList *self);
const GError    *msi_scim_user_list_get_error    (MsiScimUserList *self);
/* Stops every request (the page goes away). */
void             msi_scim_user_list_cancel       (MsiScimUserList *self);

G_END_DECLS
