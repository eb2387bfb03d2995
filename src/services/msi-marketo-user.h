/* SPDX-License-Identifier: GPL-3.0-or-later */
/* msi-marketo-user.h: one Marketo user, as the User Management API lists them */

#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define MSI_TYPE_MARKETO_USER (msi_marketo_user_get_type ())

G_DECLARE_FINAL_TYPE (MsiMarketoUser, msi_marketo_user, MSI, MARKETO_USER, GObject)

/* Read-only properties: "userid", "email", "first-name", "last-name",
 * "display-name" ("First Last", or the e-mail when both are empty),
 * "api-only", "is-admin", "roles" (GStrv of role names, NULL until known). */

/* An entry of allusers.json (api-notes §2.7); %NULL when it lacks userid or
 * emailAddress. */
MsiMarketoUser *msi_marketo_user_new_from_json   (JsonObject      *object);
MsiMarketoUser *msi_marketo_user_new             (const char      *userid,
                                                  const char      *email,
                                                  const char      *first_name,
                                                  const char      *last_name,
                                                  gboolean         api_only);
const char     *msi_marketo_user_get_userid      (MsiMarketoUser  *self);
const char     *msi_marketo_user_get_email       (MsiMarketoUser  *self);
const char     *msi_marketo_user_get_first_name  (MsiMarketoUser  *self);
const char     *msi_marketo_user_get_last_name   (MsiMarketoUser  *self);
const char     *msi_marketo_user_get_display_name (MsiMarketoUser *self);
gboolean        msi_marketo_user_get_api_only    (MsiMarketoUser  *self);
gboolean        msi_marketo_user_get_is_admin    (MsiMarketoUser  *self);
const char * const *msi_marketo_user_get_roles   (MsiMarketoUser  *self);
/* Sets "roles" and "is-admin" (a role named "Admin", case-insensitive, or
 * the role id @admin_role_id). */
void            msi_marketo_user_set_roles       (MsiMarketoUser  *self,
                                                  const char * const *roles,
                                                  gboolean         is_admin);
/* Case-insensitive match of every word of @query against name and e-mail. */
gboolean        msi_marketo_user_matches         (MsiMarketoUser  *self,
                                                  const char      *query);

G_END_DECLS
