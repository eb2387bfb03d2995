/* SPDX-License-Identifier: GPL-3.0-or-later */
/* msi-demo-server.h: loopback HTTP server standing in for the Actions service */

#pragma once

#include <glib-object.h>

#include "msi-demo-auth-server.h"
#include "msi-demo-store.h"

G_BEGIN_DECLS

#define MSI_TYPE_DEMO_SERVER (msi_demo_server_get_type ())

G_DECLARE_FINAL_TYPE (MsiDemoServer, msi_demo_server, MSI, DEMO_SERVER, GObject)

MsiDemoServer *msi_demo_server_new            (MsiDemoStore   *store);
MsiDemoStore  *msi_demo_server_get_store      (MsiDemoServer  *self);
guint          msi_demo_server_get_latency_ms (MsiDemoServer  *self);
void           msi_demo_server_set_latency_ms (MsiDemoServer  *self,
                                               guint           latency_ms);
MsiDemoAuthServer *
               msi_demo_server_get_auth_server (MsiDemoServer *self);
void           msi_demo_server_set_test_hooks (MsiDemoServer  *self,
                                               gboolean        test_hooks);
gboolean       msi_demo_server_get_test_hooks (MsiDemoServer  *self);
gboolean       msi_demo_server_listen         (MsiDemoServer  *self,
                                               guint16         port,
                                               GError        **error);
guint16        msi_demo_server_get_port       (MsiDemoServer  *self);
char          *msi_demo_server_dup_base_uri   (MsiDemoServer  *self);
void           msi_demo_server_shutdown       (MsiDemoServer  *self);

G_END_DECLS
