/* SPDX-License-Identifier: GPL-3.0-or-later */
/* msi-marketo-client.h: Marketo Engage REST and User Management API client */

#pragma once

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "msi-marketo-credentials.h"
#include "msi-marketo-user.h"

G_BEGIN_DECLS

#define MSI_MARKETO_ERROR (msi_marketo_error_quark ())

/* Marketo's own error codes (api-notes §2.4), after the client's retries. */
typedef enum
{
  MSI_MARKETO_ERROR_INVALID_CREDENTIALS, /* Identity refused the Client ID/Secret (HTTP 401) */
  MSI_MARKETO_ERROR_TOKEN,               /* 601/602 still after one new token */
  MSI_MARKETO_ERROR_ACCESS_DENIED,       /* 603: the API user's role lacks a permission */
  MSI_MARKETO_ERROR_RATE_LIMITED,        /* 606 or 615 still after the backoff */
  MSI_MARKETO_ERROR_DAILY_QUOTA,         /* 607 */
  MSI_MARKETO_ERROR_SERVICE,             /* 604, 608, 611, 5xx */
  MSI_MARKETO_ERROR_REQUEST,             /* any other code (message from Marketo) */
  MSI_MARKETO_ERROR_INVALID_RESPONSE,    /* not the documented shape */
  MSI_MARKETO_ERROR_NETWORK,             /* no connection to the instance */
} MsiMarketoError;

#define MSI_TYPE_MARKETO_CLIENT (msi_marketo_client_get_type ())

G_DECLARE_FINAL_TYPE (MsiMarketoClient, msi_marketo_client, MSI, MARKETO_CLIENT, GObject)

/* Signals:
 *   ::progress (MsiMarketoClient *client, guint done, guint total, gpointer user_data)
 *     emitted by msi_marketo_client_list_users_async() while it reads the
 *     users' roles: once with done 0 when the user list is complete, then
 *     after each user; done reaches total before the listing finishes. */

GQuark            msi_marketo_error_quark             (void);

/* @base_url: the instance, "https://284-RPR-133.mktorest.com" (no /rest). */
MsiMarketoClient *msi_marketo_client_new              (SoupSession            *session,
                                                       const char             *base_url,
                                                       const MsiMarketoCredentials *credentials);
const char       *msi_marketo_client_get_base_url     (MsiMarketoClient       *self);
const MsiMarketoCredentials *
                  msi_marketo_client_get_credentials  (MsiMarketoClient       *self);
/* Retry pacing for 606/615 (tests use small values); defaults 1 s … 20 s, 5 tries. */
void              msi_marketo_client_set_backoff      (MsiMarketoClient       *self,
                                                       guint                   base_ms,
                                                       guint                   max_ms,
                                                       guint                   max_tries);

/* A token from Identity, cached until 60 s before expires_in. */
void              msi_marketo_client_get_token_async  (MsiMarketoClient       *self,
                                                       gboolean                force_new,
                                                       GCancellable           *cancellable,
                                                       GAsyncReadyCallback     callback,
                                                       gpointer                user_data);
char             *msi_marketo_client_get_token_finish (MsiMarketoClient       *self,
                                                       GAsyncResult           *result,
                                                       GError                **error);

/* A REST call under /rest (envelope checked: success, errors[], warnings):
 * returns the whole envelope object. @query may be %NULL. */
void              msi_marketo_client_rest_async       (MsiMarketoClient       *self,
                                                       const char             *method,
                                                       const char             *path,
                                                       GHashTable             *query,
                                                       JsonNode               *body,
                                                       GCancellable           *cancellable,
                                                       GAsyncReadyCallback     callback,
                                                       gpointer                user_data);
JsonObject       *msi_marketo_client_rest_finish      (MsiMarketoClient       *self,
                                                       GAsyncResult           *result,
                                                       GError                **error);

/* A User Management API call under /userservice/management/v1 (no success
 * key; non-200 with errors[]): returns the reply's root. */
void              msi_marketo_client_user_api_async   (MsiMarketoClient       *self,
                                                       const char             *method,
                                                       const char             *path,
                                                       GHashTable             *query,
                                                       JsonNode               *body,
                                                       GCancellable           *cancellable,
                                                       GAsyncReadyCallback     callback,
                                                       gpointer                user_data);
JsonNode         *msi_marketo_client_user_api_finish  (MsiMarketoClient       *self,
                                                       GAsyncResult           *result,
                                                       GError                **error);

/* Every user (allusers.json, paged by 200) without API-only users, then
 * each one's roles (at most 4 requests at a time); emits ::progress
 * (guint done, guint total) while reading roles. Returns a GListStore of
 * MsiMarketoUser sorted by display name, each with "roles"/"is-admin" set;
 * the caller filters the admins. */
void              msi_marketo_client_list_users_async (MsiMarketoClient       *self,
                                                       GCancellable           *cancellable,
                                                       GAsyncReadyCallback     callback,
                                                       gpointer                user_data);
GListModel       *msi_marketo_client_list_users_finish (MsiMarketoClient      *self,
                                                        GAsyncResult          *result,
                                                        GError               **error);

G_END_DECLS
