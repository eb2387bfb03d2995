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

/* A lead field as describe2 lists it (api-notes §2.6), and whether the
 * admin made it (custom). @data_type is a Marketo type id ("string",
 * "text", "email", … msi-sync-field.h); @length 0 when not given. */
typedef struct
{
  const char *name;
  const char *display_name;
  const char *data_type;
  int         length;
  gboolean    updateable;
  gboolean    crm_managed;
  gboolean    custom;
} MsiDemoLeadField;

/* The instance's lead fields now (the seeded ones, with the changes of
 * PUT /__demo/marketo/lead-fields/{name}), in describe2's order. */
const MsiDemoLeadField *msi_demo_marketo_get_lead_fields (MsiDemoServer *server,
                                                          guint         *n_fields);
/* The field as seeded, before any change of the test hook, or NULL. */
const MsiDemoLeadField *msi_demo_marketo_find_seed_lead_field (const char *name);

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
void msi_demo_marketo_handle_lead_field   (MsiDemoServer     *server,
                                           SoupServerMessage *msg,
                                           GHashTable        *params);

G_END_DECLS
