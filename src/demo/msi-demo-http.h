/* SPDX-License-Identifier: GPL-3.0-or-later */
/* msi-demo-http.h: replies and request helpers shared by the demo server's modules */

#pragma once

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "msi-demo-server.h"
#include "msi-problem-types.h"

G_BEGIN_DECLS

#define MSI_DEMO_CONTENT_TYPE_JSON    "application/json"
#define MSI_DEMO_CONTENT_TYPE_PROBLEM "application/problem+json"

void         msi_demo_reply_json           (SoupServerMessage  *msg,
                                            guint               status,
                                            const char         *content_type,
                                            JsonNode           *node);
void         msi_demo_reply_object         (SoupServerMessage  *msg,
                                            guint               status,
                                            JsonObject         *object);
/* RFC 9457 problem details: {type, title, detail}, type NULL for
 * about:blank, title NULL for the status's phrase when replied; add
 * extension members, then reply with msi_demo_reply_problem_object(),
 * which sets "status". */
JsonObject  *msi_demo_problem_new          (const char         *type,
                                            const char         *title,
                                            const char         *detail);
void         msi_demo_reply_problem_object (SoupServerMessage  *msg,
                                            guint               status,
                                            JsonObject         *problem);
/* The test-only endpoints exist only with MSI_DEMO_TEST_HOOKS=1: FALSE
 * after replying 404 without them. */
gboolean     msi_demo_check_test_hooks     (MsiDemoServer      *server,
                                            SoupServerMessage  *msg);
void         msi_demo_reply_problem        (SoupServerMessage  *msg,
                                            guint               status,
                                            const char         *type,
                                            const char         *title,
                                            const char         *detail);
void         msi_demo_reply_internal_error (SoupServerMessage  *msg,
                                            const GError       *error);
JsonObject  *msi_demo_read_json_object     (SoupServerMessage  *msg,
                                            gboolean            optional);
MsiDemoUser *msi_demo_authorize_admin      (MsiDemoServer      *server,
                                            SoupServerMessage  *msg);
char        *msi_demo_sha256_hex           (const char         *text);
gboolean     msi_demo_hashes_equal         (const char         *a,
                                            const char         *b);
gint64       msi_demo_now_seconds          (void);
char        *msi_demo_format_now_utc       (void);
void         msi_demo_drop_connection      (SoupServerMessage  *msg);
gboolean     msi_demo_connection_dropped   (SoupServerMessage  *msg);
gboolean     msi_demo_email_is_valid       (const char         *email);
char        *msi_demo_build_invitation_link (const char        *base_uri,
                                            const char         *token);
char        *msi_demo_relink_invitations   (const char         *text,
                                            const char         *base_uri);

G_END_DECLS
