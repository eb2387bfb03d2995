/* SPDX-License-Identifier: GPL-3.0-or-later */
/* msi-http-client.h: JSON over HTTP with retries, shared by every API client */

#pragma once

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "msi-error.h"

G_BEGIN_DECLS

#define MSI_TYPE_HTTP_CLIENT (msi_http_client_get_type ())

G_DECLARE_FINAL_TYPE (MsiHttpClient, msi_http_client, MSI, HTTP_CLIENT, GObject)

typedef enum
{
  MSI_HTTP_FLAGS_NONE       = 0,
  /* Safe to send again after a lost reply (GET, PUT, DELETE are by default). */
  MSI_HTTP_FLAGS_IDEMPOTENT = 1 << 0,
  /* Never retry, even when the method is idempotent. */
  MSI_HTTP_FLAGS_NO_RETRY   = 1 << 1,
  /* A SCIM 2.0 endpoint: accept application/scim+json replies too. */
  MSI_HTTP_FLAGS_SCIM       = 1 << 2,
} MsiHttpFlags;

#define MSI_HTTP_CONTENT_TYPE_SCIM "application/scim+json"

#define MSI_HTTP_MAX_BODY_SIZE (16 * 1024 * 1024)

SoupSession   *msi_http_client_get_shared_session (void);

MsiHttpClient *msi_http_client_new                (SoupSession          *session,
                                                   const char           *base_url);
const char    *msi_http_client_get_base_url       (MsiHttpClient        *self);
SoupSession   *msi_http_client_get_session        (MsiHttpClient        *self);
guint          msi_http_client_get_max_retries    (MsiHttpClient        *self);
void           msi_http_client_set_max_retries    (MsiHttpClient        *self,
                                                   guint                 max_retries);
void           msi_http_client_set_retry_delay    (MsiHttpClient        *self,
                                                   guint                 base_ms,
                                                   guint                 max_ms);
char          *msi_http_client_build_url          (MsiHttpClient        *self,
                                                   const char           *path);
void           msi_http_client_request_json_async (MsiHttpClient        *self,
                                                   const char           *method,
                                                   const char           *path,
                                                   JsonNode             *body,
                                                   MsiHttpFlags          flags,
                                                   GCancellable         *cancellable,
                                                   GAsyncReadyCallback   callback,
                                                   gpointer              user_data);
JsonNode      *msi_http_client_request_json_finish (MsiHttpClient       *self,
                                                    GAsyncResult        *result,
                                                    guint               *status,
                                                    GError             **error);
JsonNode      *msi_http_client_request_json_finish_full (MsiHttpClient  *self,
                                                         GAsyncResult   *result,
                                                         guint          *status,
                                                         JsonNode      **error_body,
                                                         GError        **error);
void           msi_http_client_send_async         (MsiHttpClient        *self,
                                                   const char           *method,
                                                   const char           *path,
                                                   const char           *content_type,
                                                   GBytes               *body,
                                                   const char           *bearer_token,
                                                   MsiHttpFlags          flags,
                                                   GCancellable         *cancellable,
                                                   GAsyncReadyCallback   callback,
                                                   gpointer              user_data);
void           msi_http_client_post_form_async    (MsiHttpClient        *self,
                                                   const char           *path,
                                                   GHashTable           *fields,
                                                   MsiHttpFlags          flags,
                                                   GCancellable         *cancellable,
                                                   GAsyncReadyCallback   callback,
                                                   gpointer              user_data);

char          *msi_http_problem_message           (guint                 status,
                                                   const char           *content_type,
                                                   GBytes               *body);
gint64         msi_http_parse_retry_after         (const char           *value,
                                                   GDateTime            *now);

G_END_DECLS
