/* SPDX-License-Identifier: GPL-3.0-or-later */
/* msi-oauth2-flow.h: one authorization attempt, with its PKCE verifier and state */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/* How long a sign-in attempt stays usable, in seconds (authorization codes
 * live about as long at every provider). */
#define MSI_OAUTH2_FLOW_LIFETIME (10 * 60)

#define MSI_TYPE_OAUTH2_FLOW (msi_oauth2_flow_get_type ())

G_DECLARE_FINAL_TYPE (MsiOAuth2Flow, msi_oauth2_flow, MSI, OAUTH2_FLOW, GObject)

char          *msi_oauth2_pkce_challenge             (const char          *verifier);
gboolean       msi_oauth2_is_valid_verifier          (const char          *s);
gboolean       msi_oauth2_uri_matches                (const char          *expected,
                                                      const char          *uri);

MsiOAuth2Flow *msi_oauth2_flow_new                   (const char          *authorization_endpoint,
                                                      const char          *client_id,
                                                      const char          *redirect_uri,
                                                      const char * const  *extra_params,
                                                      gint64               created_at,
                                                      GError             **error);
const char    *msi_oauth2_flow_get_authorization_url (MsiOAuth2Flow       *self);
const char    *msi_oauth2_flow_get_redirect_uri      (MsiOAuth2Flow       *self);
const char    *msi_oauth2_flow_get_state             (MsiOAuth2Flow       *self);
const char    *msi_oauth2_flow_get_verifier          (MsiOAuth2Flow       *self);
gint64         msi_oauth2_flow_get_created_at        (MsiOAuth2Flow       *self);
gboolean       msi_oauth2_flow_is_expired            (MsiOAuth2Flow       *self,
                                                      gint64               now);
gboolean       msi_oauth2_flow_matches_redirect      (MsiOAuth2Flow       *self,
                                                      const char          *uri);
char          *msi_oauth2_flow_parse_redirect        (MsiOAuth2Flow       *self,
                                                      const char          *uri,
                                                      GError             **error);

G_END_DECLS
