/* SPDX-License-Identifier: GPL-3.0-or-later */
/* msi-demo-activation.h: the Actions service's admin pane: activation, the Marketo connection, Salesforce setup records, the demo outbox */

#pragma once

#include <libsoup/soup.h>

#include "msi-demo-server.h"

G_BEGIN_DECLS

void msi_demo_activation_handle_activate          (MsiDemoServer     *server,
                                                   SoupServerMessage *msg,
                                                   GHashTable        *params);
void msi_demo_activation_handle_connect           (MsiDemoServer     *server,
                                                   SoupServerMessage *msg,
                                                   GHashTable        *params);
void msi_demo_activation_handle_put_package       (MsiDemoServer     *server,
                                                   SoupServerMessage *msg,
                                                   GHashTable        *params);
void msi_demo_activation_handle_get_configuration (MsiDemoServer     *server,
                                                   SoupServerMessage *msg,
                                                   GHashTable        *params);
void msi_demo_activation_handle_put_configuration (MsiDemoServer     *server,
                                                   SoupServerMessage *msg,
                                                   GHashTable        *params);
void msi_demo_activation_handle_get_outbox        (MsiDemoServer     *server,
                                                   SoupServerMessage *msg,
                                                   GHashTable        *params);
void msi_demo_activation_handle_delete_outbox     (MsiDemoServer     *server,
                                                   SoupServerMessage *msg,
                                                   GHashTable        *params);
void msi_demo_activation_handle_faults            (MsiDemoServer     *server,
                                                   SoupServerMessage *msg,
                                                   GHashTable        *params);

G_END_DECLS
