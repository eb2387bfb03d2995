/* SPDX-License-Identifier: GPL-3.0-or-later */
/* msi-demo-sync.h: the Actions service's data sync: fields, preview, jobs that run in real time, and their faults */

#pragma once

#include <libsoup/soup.h>

#include "msi-demo-server.h"

G_BEGIN_DECLS

/* People per second a job syncs unless MSI_DEMO_SYNC_RATE or the test hook
 * says otherwise: the seeded 52,318 people take about 21 s. */
#define MSI_DEMO_SYNC_DEFAULT_RATE 2500
#define MSI_DEMO_SYNC_MAX_RATE     10000000
/* How long a new job stays "queued" before it runs, in milliseconds. */
#define MSI_DEMO_SYNC_QUEUE_MS     400

/* Ends the running job in the store when its time has come (completed or
 * failed part-way), so that the account tells the truth: call before
 * reading the account's sync state. */
void  msi_demo_sync_settle            (MsiDemoServer *server);
/* Extra latency of /api/v1/sync/ replies (PUT /__demo/sync/faults). */
guint msi_demo_sync_get_latency_ms    (MsiDemoServer *server);

void msi_demo_sync_handle_get_fields  (MsiDemoServer     *server,
                                       SoupServerMessage *msg,
                                       GHashTable        *params);
void msi_demo_sync_handle_put_fields  (MsiDemoServer     *server,
                                       SoupServerMessage *msg,
                                       GHashTable        *params);
void msi_demo_sync_handle_preview     (MsiDemoServer     *server,
                                       SoupServerMessage *msg,
                                       GHashTable        *params);
void msi_demo_sync_handle_start_job   (MsiDemoServer     *server,
                                       SoupServerMessage *msg,
                                       GHashTable        *params);
void msi_demo_sync_handle_list_jobs   (MsiDemoServer     *server,
                                       SoupServerMessage *msg,
                                       GHashTable        *params);
void msi_demo_sync_handle_get_job     (MsiDemoServer     *server,
                                       SoupServerMessage *msg,
                                       GHashTable        *params);
void msi_demo_sync_handle_cancel_job  (MsiDemoServer     *server,
                                       SoupServerMessage *msg,
                                       GHashTable        *params);
void msi_demo_sync_handle_faults      (MsiDemoServer     *server,
                                       SoupServerMessage *msg,
                                       GHashTable        *params);
void msi_demo_sync_handle_get_stats   (MsiDemoServer     *server,
                                       SoupServerMessage *msg,
                                       GHashTable        *params);

G_END_DECLS
