/* SPDX-License-Identifier: GPL-3.0-or-later */
/* msi-demo-connections.h: the Actions service's service connections (it is the OAuth client) */

#pragma once

#include <libsoup/soup.h>

#include "msi-demo-server.h"

G_BEGIN_DECLS

void msi_demo_connections_handle_authorization_url (MsiDemoServer     *server,
                                                    SoupServerMessage *msg,
                                                    GHashTable        *params);
void msi_demo_connections_handle_callback          (MsiDemoServer     *server,
                                                    SoupServerMessage *msg,
                                                    GHashTable        *params);
void msi_demo_connections_handle_delete            (MsiDemoServer     *server,
                                                    SoupServerMessage *msg,
                                                    GHashTable        *params);
void msi_demo_connections_reply_page               (SoupServerMessage *msg,
                                                    guint              status,
                                                    const char        *id,
                                                    const char        *title,
                                                    const char        *message,
                                                    const char        *reason);

G_END_DECLS
