/* SPDX-License-Identifier: GPL-3.0-or-later */
/* msi-demo-marketo.h: the demo Marketo instance: Identity, REST envelope, User Management */

#pragma once

#include <libsoup/soup.h>

#include "msi-demo-server.h"

G_BEGIN_DECLS

/* The seeded users (see msi-demo-marketo.c): 264 in all, 3 of them
 * API-only (one of those an Admin); 8 of the others hold the Admin role. */
#define MSI_DEMO_MARKETO_N_USERS        264
#define MSI_DEMO_MARKETO_N_API_ONLY     3
#define MSI_DEMO_MARKETO_N_ADMINS       8
/* The e-mail of the LaunchPoint service's API-only user: Identity's scope. */
#define MSI_DEMO_MARKETO_API_USER       "msi-api@northwind.example"
/* Marketo serves at most this many requests of an instance at once (615). */
#define MSI_DEMO_MARKETO_MAX_CONCURRENT 10

void msi_demo_marketo_handle_identity     (MsiDemoServer     *server,
                                           SoupServerMessage *msg,
                                           GHashTable        *params);
void msi_demo_marketo_handle_describe2    (MsiDemoServer     *server,
                                           SoupServerMessage *msg,
                                           GHashTable        *params);
void msi_demo_marketo_handle_all_users    (MsiDemoServer     *server,
                                           SoupServerMessage *msg,
                                           GHashTable        *params);
void msi_demo_marketo_handle_roles        (MsiDemoServer     *server,
                                           SoupServerMessage *msg,
                                           GHashTable        *params);
void msi_demo_marketo_handle_user_roles   (MsiDemoServer     *server,
                                           SoupServerMessage *msg,
                                           GHashTable        *params);
void msi_demo_marketo_handle_user         (MsiDemoServer     *server,
                                           SoupServerMessage *msg,
                                           GHashTable        *params);
void msi_demo_marketo_handle_faults       (MsiDemoServer     *server,
                                           SoupServerMessage *msg,
                                           GHashTable        *params);
void msi_demo_marketo_handle_stats        (MsiDemoServer     *server,
                                           SoupServerMessage *msg,
                                           GHashTable        *params);

G_END_DECLS
