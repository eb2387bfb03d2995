/* SPDX-License-Identifier: GPL-3.0-or-later */
/* msi-scim-group.h: a team of the Sales account (a SCIM Group) */

#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define MSI_SCIM_EVERYONE_TEAM "Everyone"

#define MSI_TYPE_SCIM_GROUP (msi_scim_group_get_type ())

G_DECLARE_FINAL_TYPE (MsiScimGroup, msi_scim_group, MSI, SCIM_GROUP, GObject)

/* Read-only properties "id", "display-name", "n-members". */
MsiScimGroup *msi_scim_group_new_from_json     (JsonObject    *object,
                                                GError       **error);
const char   *msi_scim_group_get_id            (MsiScimGroup  *self);
const char   *msi_scim_group_get_display_name  (MsiScimGroup  *self);
guint         msi_scim_group_get_n_members     (MsiScimGroup  *self);
gboolean      msi_scim_group_is_everyone       (MsiScimGroup  *self);

G_END_DECLS
