/* SPDX-License-Identifier: GPL-3.0-or-later */
/* msi-demo-onboarding.h: a sales rep's onboarding: invitation links, progress, own connections, mailboxes, signature */

#pragma once

#include <libsoup/soup.h>

#include "msi-demo-server.h"

G_BEGIN_DECLS

gboolean msi_demo_onboarding_seed                     (MsiDemoServer     *server,
                                                       GError           **error);

void     msi_demo_onboarding_handle_get_invitation    (MsiDemoServer     *server,
                                                       SoupServerMessage *msg,
                                                       GHashTable        *params);
void     msi_demo_onboarding_handle_redeem_invitation (MsiDemoServer     *server,
                                                       SoupServerMessage *msg,
                                                       GHashTable        *params);
void     msi_demo_onboarding_handle_get_progress      (MsiDemoServer     *server,
                                                       SoupServerMessage *msg,
                                                       GHashTable        *params);
void     msi_demo_onboarding_handle_put_progress      (MsiDemoServer     *server,
                                                       SoupServerMessage *msg,
                                                       GHashTable        *params);
void     msi_demo_onboarding_handle_list_connections  (MsiDemoServer     *server,
                                                       SoupServerMessage *msg,
                                                       GHashTable        *params);
void     msi_demo_onboarding_handle_authorization_url (MsiDemoServer     *server,
                                                       SoupServerMessage *msg,
                                                       GHashTable        *params);
void     msi_demo_onboarding_handle_callback          (MsiDemoServer     *server,
                                                       SoupServerMessage *msg,
                                                       GHashTable        *params);
void     msi_demo_onboarding_handle_disconnect        (MsiDemoServer     *server,
                                                       SoupServerMessage *msg,
                                                       GHashTable        *params);
void     msi_demo_onboarding_handle_list_identities   (MsiDemoServer     *server,
                                                       SoupServerMessage *msg,
                                                       GHashTable        *params);
void     msi_demo_onboarding_handle_get_signature     (MsiDemoServer     *server,
                                                       SoupServerMessage *msg,
                                                       GHashTable        *params);
void     msi_demo_onboarding_handle_put_signature     (MsiDemoServer     *server,
                                                       SoupServerMessage *msg,
                                                       GHashTable        *params);
void     msi_demo_onboarding_handle_invite_hook       (MsiDemoServer     *server,
                                                       SoupServerMessage *msg,
                                                       GHashTable        *params);
void     msi_demo_onboarding_handle_user_hook         (MsiDemoServer     *server,
                                                       SoupServerMessage *msg,
                                                       GHashTable        *params);

G_END_DECLS
