/* SPDX-License-Identifier: GPL-3.0-or-later */
/* msi-demo-scim.h: the Actions service's users and teams through SCIM 2.0, invitations, and their faults */

#pragma once

#include <libsoup/soup.h>

#include "msi-demo-server.h"
#include "msi-demo-store.h"

G_BEGIN_DECLS

#define MSI_DEMO_SCIM_SCHEMA_USER        "urn:ietf:params:scim:schemas:core:2.0:User"
#define MSI_DEMO_SCIM_SCHEMA_GROUP       "urn:ietf:params:scim:schemas:core:2.0:Group"
#define MSI_DEMO_SCIM_SCHEMA_INVITATION  "urn:ietf:params:scim:schemas:extension:msiactions:2.0:Invitation"
#define MSI_DEMO_SCIM_SCHEMA_TEAM        "urn:ietf:params:scim:schemas:extension:msiactions:2.0:Team"
#define MSI_DEMO_SCIM_CONTENT_TYPE       "application/scim+json"

/* The team every user is in unless another one was chosen. */
#define MSI_DEMO_SCIM_EVERYONE_ID        "grp_e0e0e0e0e0e0"
#define MSI_DEMO_SCIM_EVERYONE_NAME      "Everyone"

/* Advertised in /scim/v2/ServiceProviderConfig. */
#define MSI_DEMO_SCIM_MAX_OPERATIONS     100
#define MSI_DEMO_SCIM_MAX_PAYLOAD_SIZE   (1024 * 1024)
#define MSI_DEMO_SCIM_MAX_RESULTS        500
#define MSI_DEMO_SCIM_DEFAULT_COUNT      100

/* How long an invitation link works. */
#define MSI_DEMO_SCIM_INVITATION_LIFETIME (7 * 24 * 60 * 60)

typedef enum
{
  MSI_DEMO_SCIM_USER_NONE,
  MSI_DEMO_SCIM_USER_ACTIVE,
  MSI_DEMO_SCIM_USER_INVITED,
} MsiDemoScimUserState;

/* For the activation, inside its transaction. */
gboolean msi_demo_scim_lookup_user          (MsiDemoStore          *store,
                                             const char            *user_name,
                                             MsiDemoScimUserState  *state,
                                             GError               **error);
gboolean msi_demo_scim_insert_invited_user  (MsiDemoStore          *store,
                                             const char            *user_name,
                                             const char            *given_name,
                                             const char            *family_name,
                                             const char            *origin,
                                             const char            *invited_by,
                                             gint64                 now,
                                             char                 **user_id,
                                             GError               **error);

/* Extra latency of /scim/v2/ replies (PUT /__demo/scim/faults). */
guint    msi_demo_scim_get_latency_ms       (MsiDemoServer         *server);
/* The seatLimit of PUT /__demo/scim/faults, or -1 for the account's. */
gint64   msi_demo_scim_get_seat_limit       (MsiDemoServer         *server);

void msi_demo_scim_handle_service_provider_config (MsiDemoServer     *server,
                                                   SoupServerMessage *msg,
                                                   GHashTable        *params);
void msi_demo_scim_handle_list_users              (MsiDemoServer     *server,
                                                   SoupServerMessage *msg,
                                                   GHashTable        *params);
void msi_demo_scim_handle_create_user             (MsiDemoServer     *server,
                                                   SoupServerMessage *msg,
                                                   GHashTable        *params);
void msi_demo_scim_handle_get_user                (MsiDemoServer     *server,
                                                   SoupServerMessage *msg,
                                                   GHashTable        *params);
void msi_demo_scim_handle_delete_user             (MsiDemoServer     *server,
                                                   SoupServerMessage *msg,
                                                   GHashTable        *params);
void msi_demo_scim_handle_list_groups             (MsiDemoServer     *server,
                                                   SoupServerMessage *msg,
                                                   GHashTable        *params);
void msi_demo_scim_handle_create_group            (MsiDemoServer     *server,
                                                   SoupServerMessage *msg,
                                                   GHashTable        *params);
void msi_demo_scim_handle_get_group               (MsiDemoServer     *server,
                                                   SoupServerMessage *msg,
                                                   GHashTable        *params);
void msi_demo_scim_handle_delete_group            (MsiDemoServer     *server,
                                                   SoupServerMessage *msg,
                                                   GHashTable        *params);
void msi_demo_scim_handle_bulk                    (MsiDemoServer     *server,
                                                   SoupServerMessage *msg,
                                                   GHashTable        *params);
void msi_demo_scim_handle_resend                  (MsiDemoServer     *server,
                                                   SoupServerMessage *msg,
                                                   GHashTable        *params);
void msi_demo_scim_handle_faults                  (MsiDemoServer     *server,
                                                   SoupServerMessage *msg,
                                                   GHashTable        *params);
void msi_demo_scim_handle_seed                    (MsiDemoServer     *server,
                                                   SoupServerMessage *msg,
                                                   GHashTable        *params);
void msi_demo_scim_handle_get_stats               (MsiDemoServer     *server,
                                                   SoupServerMessage *msg,
                                                   GHashTable        *params);
void msi_demo_scim_handle_reset_stats             (MsiDemoServer     *server,
                                                   SoupServerMessage *msg,
                                                   GHashTable        *params);
void msi_demo_scim_handle_invitation_token        (MsiDemoServer     *server,
                                                   SoupServerMessage *msg,
                                                   GHashTable        *params);

G_END_DECLS
