/* SPDX-License-Identifier: GPL-3.0-or-later */
/* msi-scim-user.h: a user or pending invitation of the Sales account (a SCIM User) */

#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* The Actions extension of a SCIM User (docs/actions-api.yaml). */
#define MSI_SCIM_SCHEMA_USER        "urn:ietf:params:scim:schemas:core:2.0:User"
#define MSI_SCIM_SCHEMA_INVITATION  "urn:ietf:params:scim:schemas:extension:msiactions:2.0:Invitation"

typedef enum
{
  MSI_SCIM_USER_ACTIVE,          /* accepted: holds a seat */
  MSI_SCIM_USER_INVITED,         /* pending invitation (active: false): holds a seat */
  MSI_SCIM_USER_EXPIRED,         /* invitation expired: resend or revoke */
} MsiScimUserStatus;

#define MSI_TYPE_SCIM_USER_STATUS (msi_scim_user_status_get_type ())

GType              msi_scim_user_status_get_type (void) G_GNUC_CONST;

#define MSI_TYPE_SCIM_USER (msi_scim_user_get_type ())

G_DECLARE_FINAL_TYPE (MsiScimUser, msi_scim_user, MSI, SCIM_USER, GObject)

/* Read-only properties: "id", "user-name" (the e-mail address),
 * "display-name", "given-name", "family-name", "title", "status", "team"
 * (the first group's display name, "Everyone" at least), "team-id",
 * "invited-at", "invited-by", "loading" (a placeholder of MsiScimUserList
 * whose page is not read yet: every other property is empty). */

/* Parses a SCIM User resource; NULL with @error when a required member is
 * missing or of the wrong type (the message names it). */
MsiScimUser       *msi_scim_user_new_from_json   (JsonObject   *object,
                                                  GError      **error);
MsiScimUser       *msi_scim_user_new_placeholder (void);

const char        *msi_scim_user_get_id           (MsiScimUser *self);
const char        *msi_scim_user_get_user_name    (MsiScimUser *self);
/* displayName, else "given family", else the address. */
const char        *msi_scim_user_get_display_name (MsiScimUser *self);
const char        *msi_scim_user_get_given_name   (MsiScimUser *self);
const char        *msi_scim_user_get_family_name  (MsiScimUser *self);
const char        *msi_scim_user_get_title        (MsiScimUser *self);
MsiScimUserStatus  msi_scim_user_get_status       (MsiScimUser *self);
const char        *msi_scim_user_get_team         (MsiScimUser *self);
const char        *msi_scim_user_get_team_id      (MsiScimUser *self);
GDateTime         *msi_scim_user_get_invited_at   (MsiScimUser *self);  /* nullable */
const char        *msi_scim_user_get_invited_by   (MsiScimUser *self);  /* nullable */
gboolean           msi_scim_user_get_loading      (MsiScimUser *self);

G_END_DECLS
