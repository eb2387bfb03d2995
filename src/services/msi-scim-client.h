/* SPDX-License-Identifier: GPL-3.0-or-later */
/* msi-scim-client.h: users, invitations and teams of the Sales account through SCIM 2.0 */

#pragma once

#include "msi-actions-auth.h"
#include "msi-invite-directory.h"
#include "msi-scim-group.h"
#include "msi-scim-user.h"

G_BEGIN_DECLS

#define MSI_SCIM_ERROR (msi_scim_error_quark ())

/* SCIM errors (RFC 7644 §3.12) the app explains; others arrive as
 * MSI_HTTP_ERROR with the service's "detail". */
typedef enum
{
  MSI_SCIM_ERROR_UNIQUENESS,     /* 409 scimType uniqueness */
  MSI_SCIM_ERROR_SEAT_LIMIT,     /* 403 "msiLimit": "seats" */
  MSI_SCIM_ERROR_TEAM_LIMIT,     /* 403 "msiLimit": "teams" */
  MSI_SCIM_ERROR_INVALID_VALUE,  /* 400 invalidValue / invalidSyntax: detail names the attribute */
  MSI_SCIM_ERROR_NOT_FOUND,      /* 404 */
  MSI_SCIM_ERROR_INVALID_REPLY,  /* the reply is not the SCIM shape expected */
} MsiScimError;

/* One invitation to send. */
typedef struct
{
  char *email;
  char *given_name;    /* nullable */
  char *family_name;   /* nullable */
  char *title;         /* nullable */
  char *team_id;       /* nullable: Everyone */
} MsiScimInvite;

typedef enum
{
  MSI_SCIM_INVITE_CREATED,          /* 201 */
  MSI_SCIM_INVITE_ALREADY_EXISTS,   /* 409 uniqueness: a user or invitation with that address */
  MSI_SCIM_INVITE_FAILED,           /* any other per-operation status: see error */
} MsiScimInviteOutcome;

typedef struct
{
  char                 *email;
  MsiScimInviteOutcome  outcome;
  char                 *user_id;   /* for CREATED (and ALREADY_EXISTS when the service says) */
  GError               *error;     /* for FAILED: MSI_SCIM_ERROR_* or MSI_HTTP_ERROR, translated message */
} MsiScimInviteResult;

MsiScimInvite *msi_scim_invite_new          (const char *email,
                                             const char *given_name,
                                             const char *family_name,
                                             const char *title,
                                             const char *team_id);
void           msi_scim_invite_free         (MsiScimInvite       *invite);
void           msi_scim_invite_result_free  (MsiScimInviteResult *result);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MsiScimInvite, msi_scim_invite_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MsiScimInviteResult, msi_scim_invite_result_free)

/* One page of GET /scim/v2/Users. */
typedef struct
{
  GPtrArray *users;           /* MsiScimUser */
  guint      total_results;
  guint      start_index;     /* 1-based */
} MsiScimUserPage;

void           msi_scim_user_page_free      (MsiScimUserPage *page);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MsiScimUserPage, msi_scim_user_page_free)

#define MSI_TYPE_SCIM_CLIENT (msi_scim_client_get_type ())

G_DECLARE_FINAL_TYPE (MsiScimClient, msi_scim_client, MSI, SCIM_CLIENT, GObject)

GQuark         msi_scim_error_quark          (void);

MsiScimClient *msi_scim_client_new           (MsiActionsAuth      *auth);
MsiActionsAuth *msi_scim_client_get_auth     (MsiScimClient       *self);

/* The SCIM filter for a search box's text: `userName co "…" or
 * name.formatted co "…"` with quotes and backslashes escaped; NULL for
 * blank text. */
char          *msi_scim_build_search_filter  (const char          *text);

/* GET /scim/v2/Users?startIndex=&count=[&filter=] (sorted by userName). */
void           msi_scim_client_list_users_async  (MsiScimClient       *self,
                                                  const char          *filter,
                                                  guint                start_index,
                                                  guint                count,
                                                  GCancellable        *cancellable,
                                                  GAsyncReadyCallback  callback,
                                                  gpointer             user_data);
MsiScimUserPage *msi_scim_client_list_users_finish (MsiScimClient     *self,
                                                  GAsyncResult        *result,
                                                  GError             **error);

/* GET /scim/v2/Groups (all pages): GPtrArray of MsiScimGroup, Everyone first. */
void           msi_scim_client_list_groups_async  (MsiScimClient       *self,
                                                   GCancellable        *cancellable,
                                                   GAsyncReadyCallback  callback,
                                                   gpointer             user_data);
GPtrArray     *msi_scim_client_list_groups_finish (MsiScimClient       *self,
                                                   GAsyncResult        *result,
                                                   GError             **error);

/* POST /scim/v2/Groups {displayName}; an existing team of that name (409)
 * is returned as it is. MSI_SCIM_ERROR_TEAM_LIMIT past the limit. */
void           msi_scim_client_create_group_async  (MsiScimClient       *self,
                                                    const char          *display_name,
                                                    GCancellable        *cancellable,
                                                    GAsyncReadyCallback  callback,
                                                    gpointer             user_data);
MsiScimGroup  *msi_scim_client_create_group_finish (MsiScimClient       *self,
                                                    GAsyncResult        *result,
                                                    GError             **error);

/* POST /scim/v2/Bulk with one POST /Users per invite (bulkId "row-N",
 * failOnErrors 0). A lost reply, a dropped connection, 5xx and 429 are
 * retried (with Retry-After): operations already applied answer 409 the
 * second time. @invites: MsiScimInvite*, at most
 * msi_scim_client_get_max_bulk_operations(). Returns MsiScimInviteResult*
 * in the order of @invites. */
void           msi_scim_client_invite_async   (MsiScimClient       *self,
                                               GPtrArray           *invites,
                                               GCancellable        *cancellable,
                                               GAsyncReadyCallback  callback,
                                               gpointer             user_data);
GPtrArray     *msi_scim_client_invite_finish  (MsiScimClient       *self,
                                               GAsyncResult        *result,
                                               GError             **error);
/* From /scim/v2/ServiceProviderConfig once read (bulk.maxOperations), else 50. */
guint          msi_scim_client_get_max_bulk_operations (MsiScimClient *self);

/* POST /api/v1/invitations/{userId}/resend: a new welcome mail (the old
 * link stops working). */
void           msi_scim_client_resend_invitation_async  (MsiScimClient       *self,
                                                         const char          *user_id,
                                                         GCancellable        *cancellable,
                                                         GAsyncReadyCallback  callback,
                                                         gpointer             user_data);
gboolean       msi_scim_client_resend_invitation_finish (MsiScimClient       *self,
                                                         GAsyncResult        *result,
                                                         GError             **error);
/* DELETE /scim/v2/Users/{id} of a pending invitation. */
void           msi_scim_client_revoke_invitation_async  (MsiScimClient       *self,
                                                         const char          *user_id,
                                                         GCancellable        *cancellable,
                                                         GAsyncReadyCallback  callback,
                                                         gpointer             user_data);
gboolean       msi_scim_client_revoke_invitation_finish (MsiScimClient       *self,
                                                         GAsyncResult        *result,
                                                         GError             **error);

/* Everything planning needs: every user's address and status (paged,
 * attributes=userName,active,…), the teams, and the account's limits and
 * usage (GET /api/v1/account). */
void           msi_scim_client_load_directory_async  (MsiScimClient       *self,
                                                      GCancellable        *cancellable,
                                                      GAsyncReadyCallback  callback,
                                                      gpointer             user_data);
MsiInviteDirectory *msi_scim_client_load_directory_finish (MsiScimClient  *self,
                                                      GAsyncResult        *result,
                                                      GError             **error);

G_END_DECLS
