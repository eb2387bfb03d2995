/* SPDX-License-Identifier: GPL-3.0-or-later */
/* msi-test-scim.h: a demo server with a signed-in admin and its SCIM test hooks, for the services tests */

#pragma once

#include "common/msi-test-demo-http.h"
#include "common/msi-test-profile.h"

#include <string.h>

#include "msi-actions-auth.h"
#include "msi-demo-process.h"
#include "msi-scim-client.h"

/*
 * Start with scim_session_start() (the demo server must run with
 * MSI_DEMO_TEST_HOOKS=1: set it in main() before g_test_init()); every
 * call waits on the main context; a test that hangs fails after
 * SCIM_TEST_TIMEOUT seconds.
 */

#define SCIM_TEST_ADMIN_EMAIL    "admin@northwind.example"
#define SCIM_TEST_ADMIN_PASSWORD "demo-admin"
#define SCIM_TEST_TIMEOUT        120

typedef struct
{
  char           *data_dir;
  MsiDemoProcess *demo;
  char           *base_url;
  MsiProfile     *profile;
  MsiTokenStore  *store;
  SoupSession    *session;
  MsiActionsAuth *auth;
  MsiScimClient  *client;
  guint           timeout_id;
} ScimSession;

static G_GNUC_UNUSED gboolean
scim_timeout_cb (gpointer user_data)
{
  g_error ("Timed out: the demo server or the client did not answer");
  return G_SOURCE_REMOVE;
}

static G_GNUC_UNUSED void
scim_result_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  GAsyncResult **slot = user_data;

  g_assert_null (*slot);
  *slot = g_object_ref (result);
}

/* Runs the main context until an async call completes. */
static G_GNUC_UNUSED GAsyncResult *
scim_wait (GAsyncResult **slot)
{
  while (*slot == NULL)
    g_main_context_iteration (NULL, TRUE);

  return g_steal_pointer (slot);
}

static G_GNUC_UNUSED void
scim_wait_until (gboolean (*done) (gpointer),
                 gpointer   data)
{
  while (!done (data))
    g_main_context_iteration (NULL, TRUE);
}

/* A request as curl would send it; @json_body goes as application/json. */
static G_GNUC_UNUSED Reply *
scim_raw_request (ScimSession *s,
                  const char  *method,
                  const char  *path,
                  const char  *bearer,
                  const char  *content_type,
                  const char  *body)
{
  g_autofree char *uri = g_strconcat (s->base_url, path, NULL);
  g_autoptr(SoupMessage) msg = soup_message_new (method, uri);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  Reply *reply = g_new0 (Reply, 1);

  g_assert_nonnull (msg);

  if (bearer != NULL)
    {
      g_autofree char *value = g_strdup_printf ("Bearer %s", bearer);

      soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", value);
    }

  if (body != NULL)
    {
      g_autoptr(GBytes) request = g_bytes_new (body, strlen (body));

      soup_message_set_request_body_from_bytes (msg, content_type != NULL ? content_type : "application/json",
                                                request);
    }

  bytes = soup_session_send_and_read (s->session, msg, NULL, &error);
  g_assert_no_error (error);

  reply->status = soup_message_get_status (msg);
  reply->headers = soup_message_headers_ref (soup_message_get_response_headers (msg));
  reply->body = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));

  return reply;
}

/* A test hook: @json_body to @path, which must answer @status. */
static G_GNUC_UNUSED JsonObject *
scim_hook (ScimSession *s,
           const char  *method,
           const char  *path,
           const char  *json_body)
{
  g_autoptr(Reply) reply = scim_raw_request (s, method, path, NULL, NULL, json_body);

  if (reply->status != 200)
    g_error ("%s %s answered %u: %s", method, path, reply->status, reply->body);

  return parse_object (reply);
}

/* PUT /__demo/scim/faults */
static G_GNUC_UNUSED void
scim_set_faults (ScimSession *s,
                 const char  *json_body)
{
  g_autoptr(JsonObject) faults = scim_hook (s, "PUT", "/__demo/scim/faults", json_body);
}

static G_GNUC_UNUSED JsonObject *
scim_dup_stats (ScimSession *s)
{
  return scim_hook (s, "GET", "/__demo/scim/stats", NULL);
}

static G_GNUC_UNUSED void
scim_reset_stats (ScimSession *s)
{
  g_autoptr(Reply) reply = scim_raw_request (s, "DELETE", "/__demo/scim/stats", NULL, NULL, NULL);

  g_assert_cmpuint (reply->status, ==, 204);
}

static G_GNUC_UNUSED gint64
scim_stats_count (JsonObject *stats,
                  const char *table,
                  const char *key)
{
  JsonObject *object = json_object_get_object_member (stats, table);

  return json_object_get_int_member_with_default (object, key, 0);
}

/* POST /__demo/scim/seed: @n_users active users at once. */
static G_GNUC_UNUSED void
scim_seed_users (ScimSession *s,
                 guint        n_users)
{
  g_autofree char *body = g_strdup_printf ("{\"users\": %u}", n_users);
  g_autoptr(JsonObject) reply = scim_hook (s, "POST", "/__demo/scim/seed", body);

  g_assert_cmpint (json_object_get_int_member (reply, "added"), ==, n_users);
}

/* Signs in on the demo's pages as a browser would, and returns the
 * redirect to the app with the code. */
static G_GNUC_UNUSED char *
scim_browse_authorization (ScimSession *s,
                           const char  *authorization_url,
                           const char  *email,
                           const char  *password)
{
  g_autoptr(SoupSession) browser = new_session ();
  g_autofree char *authorize_uri = g_strconcat (s->base_url, "/oauth/authorize", NULL);
  g_autoptr(SoupMessage) msg = soup_message_new ("GET", authorization_url);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) form = NULL;
  Reply login = { 0, };
  GHashTable *next = NULL;

  bytes = soup_session_send_and_read (browser, msg, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (soup_message_get_status (msg), ==, 200);
  login.body = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  form = page_form (&login);
  g_free (login.body);

  g_hash_table_insert (form, g_strdup ("username"), g_strdup (email));
  g_hash_table_insert (form, g_strdup ("password"), g_strdup (password));
  g_hash_table_insert (form, g_strdup ("action"), g_strdup ("login"));

  for (guint step = 0; step < 3; step++)
    {
      g_autoptr(SoupMessage) post = soup_message_new_from_encoded_form ("POST", authorize_uri,
                                                                        soup_form_encode_hash (next ? next : form));
      g_autoptr(GBytes) page_bytes = NULL;
      Reply page = { 0, };

      soup_message_add_flags (post, SOUP_MESSAGE_NO_REDIRECT);
      page_bytes = soup_session_send_and_read (browser, post, NULL, &error);
      g_assert_no_error (error);
      g_clear_pointer (&next, g_hash_table_unref);

      if (soup_message_get_status (post) == 302)
        return g_strdup (soup_message_headers_get_one (soup_message_get_response_headers (post), "Location"));

      g_assert_cmpuint (soup_message_get_status (post), ==, 200);
      page.body = g_strndup (g_bytes_get_data (page_bytes, NULL), g_bytes_get_size (page_bytes));
      g_assert_true (has_id (&page, "allow"));
      next = page_form (&page);
      g_free (page.body);
      g_hash_table_insert (next, g_strdup ("action"), g_strdup ("allow"));
    }

  g_assert_not_reached ();
}

static G_GNUC_UNUSED void
scim_started_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  ScimSession *s = user_data;
  g_autoptr(GError) error = NULL;

  s->base_url = msi_demo_process_start_finish (MSI_DEMO_PROCESS (object), result, &error);
  g_assert_no_error (error);
}

/* A fresh demo server and the admin signed in the way the app does it. */
static G_GNUC_UNUSED void
scim_session_start (ScimSession *s)
{
  g_autoptr(MsiOAuth2Flow) flow = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *location = NULL;
  GAsyncResult *slot = NULL;

  s->timeout_id = g_timeout_add_seconds (SCIM_TEST_TIMEOUT, scim_timeout_cb, NULL);
  s->data_dir = g_dir_make_tmp ("msi-scim-XXXXXX", &error);
  g_assert_no_error (error);
  s->demo = msi_demo_process_new (NULL, s->data_dir);
  msi_demo_process_start_async (s->demo, NULL, scim_started_cb, s);
  while (s->base_url == NULL)
    g_main_context_iteration (NULL, TRUE);

  /* The demo profile with an id of its own: test programs run side by
   * side and share the keyring, where tokens are kept per profile. */
  s->profile = msi_test_demo_profile_new (s->base_url);
  s->store = msi_token_store_new ();
  s->session = new_session ();
  s->auth = msi_actions_auth_new (s->profile, s->store, NULL, s->session);

  flow = msi_actions_auth_begin (s->auth, &error);
  g_assert_no_error (error);
  location = scim_browse_authorization (s, msi_oauth2_flow_get_authorization_url (flow),
                                        SCIM_TEST_ADMIN_EMAIL, SCIM_TEST_ADMIN_PASSWORD);
  msi_actions_auth_complete_async (s->auth, flow, location, NULL, scim_result_cb, &slot);
  result = scim_wait (&slot);
  msi_actions_auth_complete_finish (s->auth, result, &error);
  g_assert_no_error (error);

  /* Retries without the long waits real services need. */
  msi_http_client_set_retry_delay (msi_actions_auth_get_http_client (s->auth), 20, 200);

  s->client = msi_scim_client_new (s->auth);
}

static G_GNUC_UNUSED void
scim_session_stop (ScimSession *s)
{
  /* Leaves nothing in the shared keyring. */
  msi_test_profile_forget (s->store, s->profile);

  g_clear_object (&s->client);
  g_clear_object (&s->auth);
  g_clear_object (&s->store);
  g_clear_object (&s->profile);
  g_clear_object (&s->session);
  msi_demo_process_stop (s->demo);
  g_clear_object (&s->demo);
  g_clear_pointer (&s->base_url, g_free);
  remove_tree (s->data_dir);
  g_clear_pointer (&s->data_dir, g_free);
  g_clear_handle_id (&s->timeout_id, g_source_remove);
}

/* GET /api/v1/account as the admin. */
static G_GNUC_UNUSED JsonObject *
scim_dup_account (ScimSession *s)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GError) error = NULL;
  GAsyncResult *slot = NULL;

  msi_actions_auth_request_async (s->auth, "GET", "/api/v1/account", NULL, NULL, scim_result_cb, &slot);
  result = scim_wait (&slot);
  node = msi_actions_auth_request_finish (s->auth, result, &error);
  g_assert_no_error (error);

  return json_object_ref (json_node_get_object (node));
}

static G_GNUC_UNUSED gint64
scim_account_usage (ScimSession *s,
                    const char  *member)
{
  g_autoptr(JsonObject) account = scim_dup_account (s);

  return json_object_get_int_member (json_object_get_object_member (account, "usage"), member);
}

/* The demo outbox, newest first. */
static G_GNUC_UNUSED JsonArray *
scim_dup_outbox (ScimSession *s)
{
  g_autoptr(JsonObject) outbox = scim_hook (s, "GET", "/demo/outbox", NULL);

  return json_array_ref (json_object_get_array_member (outbox, "messages"));
}

/* The token of a mail's Get started link. */
static G_GNUC_UNUSED char *
scim_link_token (JsonObject *mail)
{
  const char *link = json_object_get_string_member (mail, "link");
  const char *token = strstr (link, "&token=");

  g_assert_nonnull (token);

  return g_uri_unescape_string (token + strlen ("&token="), NULL);
}

/* Whether the demo service takes @token as an invitation link's. */
static G_GNUC_UNUSED gboolean
scim_token_works (ScimSession *s,
                  const char  *token)
{
  g_autofree char *escaped = g_uri_escape_string (token, NULL, FALSE);
  g_autofree char *path = g_strconcat ("/__demo/invitations/", escaped, NULL);
  g_autoptr(Reply) reply = scim_raw_request (s, "GET", path, NULL, NULL, NULL);

  g_assert_true (reply->status == 200 || reply->status == 404);

  return reply->status == 200;
}
