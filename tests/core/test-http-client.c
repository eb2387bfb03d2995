/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-http-client.c: the shared HTTP layer against a SoupServer in the test */

#define G_LOG_DOMAIN "test-http-client"

#include "config.h"

#include "msi-http-client.h"

typedef struct
{
  SoupServer    *server;
  char          *base_url;
  MsiHttpClient *client;
  GMainLoop     *loop;
  guint          hits;
  guint          fail_first;   /* answer 503 this many times first */
  guint          rate_limited; /* answer 429 with Retry-After this many times */
  gint64         first_hit_us;
  gint64         last_hit_us;
  JsonNode      *result;
  GError        *error;
  guint          status;
} Fixture;

static void
reply (SoupServerMessage *msg,
       guint              status,
       const char        *content_type,
       const char        *body)
{
  soup_server_message_set_status (msg, status, NULL);
  if (body != NULL)
    soup_server_message_set_response (msg, content_type, SOUP_MEMORY_COPY, body, strlen (body));
}

static void
handler (SoupServer        *server,
         SoupServerMessage *msg,
         const char        *path,
         GHashTable        *query,
         gpointer           user_data)
{
  Fixture *f = user_data;

  f->hits++;
  f->last_hit_us = g_get_monotonic_time ();
  if (f->hits == 1)
    f->first_hit_us = f->last_hit_us;

  if (g_str_equal (path, "/ok"))
    reply (msg, 200, "application/json", "{\"name\": \"Northwind\", \"seats\": 100}");
  else if (g_str_equal (path, "/echo"))
    {
      SoupMessageBody *body = soup_server_message_get_request_body (msg);
      const char *type = soup_message_headers_get_content_type (soup_server_message_get_request_headers (msg), NULL);
      g_autoptr(GBytes) bytes = soup_message_body_flatten (body);

      g_assert_cmpstr (type, ==, "application/json");
      soup_server_message_set_status (msg, 201, NULL);
      soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_COPY,
                                        g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
    }
  else if (g_str_equal (path, "/form"))
    {
      SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
      g_autoptr(GBytes) bytes = soup_message_body_flatten (soup_server_message_get_request_body (msg));
      g_autofree char *text = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
      g_autoptr(GHashTable) form = soup_form_decode (text);
      g_autofree char *json = g_strdup_printf ("{\"grant_type\": \"%s\", \"code\": \"%s\", \"auth\": %s}",
                                               (char *)g_hash_table_lookup (form, "grant_type"),
                                               (char *)g_hash_table_lookup (form, "code"),
                                               soup_message_headers_get_one (headers, "Authorization") ? "true" : "false");

      g_assert_cmpstr (soup_message_headers_get_content_type (headers, NULL), ==, "application/x-www-form-urlencoded");
      reply (msg, 200, "application/json", json);
    }
  else if (g_str_equal (path, "/whoami"))
    {
      const char *auth = soup_message_headers_get_one (soup_server_message_get_request_headers (msg), "Authorization");
      g_autofree char *json = g_strdup_printf ("{\"authorization\": \"%s\"}", auth ? auth : "");

      reply (msg, 200, "application/json", json);
    }
  else if (g_str_equal (path, "/problem"))
    reply (msg, 404, "application/problem+json",
           "{\"type\": \"about:blank\", \"title\": \"Not Found\", \"status\": 404, \"detail\": \"No team <b>Sales</b> here\"}");
  else if (g_str_equal (path, "/scim-conflict"))
    reply (msg, 409, "application/scim+json",
           "{\"schemas\": [\"urn:ietf:params:scim:api:messages:2.0:Error\"], \"status\": \"409\", \"scimType\": \"uniqueness\", \"detail\": \"ana@example.com is already a user\"}");
  else if (g_str_equal (path, "/oauth-error"))
    reply (msg, 400, "application/json",
           "{\"error\": \"invalid_grant\", \"error_description\": \"expired authorization code\"}");
  else if (g_str_equal (path, "/salesforce-error"))
    reply (msg, 401, "application/json",
           "[{\"message\": \"Session expired or invalid\", \"errorCode\": \"INVALID_SESSION_ID\"}]");
  else if (g_str_equal (path, "/html"))
    reply (msg, 200, "text/html", "<html>captive portal</html>");
  else if (g_str_equal (path, "/broken-json"))
    reply (msg, 200, "application/json", "{\"name\": ");
  else if (g_str_equal (path, "/plain-500"))
    reply (msg, 500, "text/plain", "boom");
  else if (g_str_equal (path, "/no-content"))
    soup_server_message_set_status (msg, 204, NULL);
  else if (g_str_equal (path, "/flaky"))
    {
      if (f->hits <= f->fail_first)
        reply (msg, 503, "application/problem+json",
               "{\"title\": \"Unavailable\", \"status\": 503}");
      else
        reply (msg, 200, "application/json", "{\"ok\": true}");
    }
  else if (g_str_equal (path, "/limited"))
    {
      if (f->hits <= f->rate_limited)
        {
          soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                        "Retry-After", "1");
          reply (msg, 429, "application/problem+json",
                 "{\"title\": \"Too Many Requests\", \"status\": 429}");
        }
      else
        reply (msg, 200, "application/json", "{\"ok\": true}");
    }
  else if (g_str_equal (path, "/long-wait"))
    {
      soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                    "Retry-After", "3600");
      reply (msg, 429, "application/problem+json", "{\"title\": \"Quota used up\", \"status\": 429}");
    }
  else
    reply (msg, 404, NULL, NULL);
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSList) uris = NULL;
  g_autofree char *base = NULL;

  f->server = soup_server_new (NULL, NULL);
  soup_server_add_handler (f->server, NULL, handler, f, NULL);
  g_assert_true (soup_server_listen_local (f->server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error));
  g_assert_no_error (error);

  uris = soup_server_get_uris (f->server);
  base = g_uri_to_string (uris->data);
  g_slist_free_full (g_steal_pointer (&uris), (GDestroyNotify)g_uri_unref);
  f->base_url = g_strdup (base);
  f->client = msi_http_client_new (NULL, f->base_url);
  msi_http_client_set_retry_delay (f->client, 10, 50);
  f->loop = g_main_loop_new (NULL, FALSE);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_clear_object (&f->client);
  soup_server_disconnect (f->server);
  g_clear_object (&f->server);
  g_clear_pointer (&f->base_url, g_free);
  g_clear_pointer (&f->loop, g_main_loop_unref);
  g_clear_pointer (&f->result, json_node_unref);
  g_clear_error (&f->error);
}

static void
request_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  Fixture *f = user_data;

  f->result = msi_http_client_request_json_finish (MSI_HTTP_CLIENT (object), result, &f->status, &f->error);
  g_main_loop_quit (f->loop);
}

static void
run (Fixture      *f,
     const char   *method,
     const char   *path,
     JsonNode     *body,
     GCancellable *cancellable)
{
  g_clear_pointer (&f->result, json_node_unref);
  g_clear_error (&f->error);
  f->status = 0;
  msi_http_client_request_json_async (f->client, method, path, body, MSI_HTTP_FLAGS_NONE,
                                      cancellable, request_cb, f);
  g_main_loop_run (f->loop);
}

static void
test_get_json (Fixture       *f,
               gconstpointer  data)
{
  JsonObject *object;

  run (f, "GET", "/ok", NULL, NULL);
  g_assert_no_error (f->error);
  g_assert_cmpuint (f->status, ==, 200);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (f->result));
  object = json_node_get_object (f->result);
  g_assert_cmpstr (json_object_get_string_member (object, "name"), ==, "Northwind");
  g_assert_cmpint (json_object_get_int_member (object, "seats"), ==, 100);
}

static void
test_post_json (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(JsonNode) body = json_from_string ("{\"emails\": [\"ana@example.com\"]}", NULL);
  JsonArray *emails;

  run (f, "POST", "/echo", body, NULL);
  g_assert_no_error (f->error);
  g_assert_cmpuint (f->status, ==, 201);
  emails = json_object_get_array_member (json_node_get_object (f->result), "emails");
  g_assert_cmpstr (json_array_get_string_element (emails, 0), ==, "ana@example.com");
}

static void
form_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  Fixture *f = user_data;

  f->result = msi_http_client_request_json_finish (MSI_HTTP_CLIENT (object), result, &f->status, &f->error);
  g_main_loop_quit (f->loop);
}

static void
test_post_form (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GHashTable) form = g_hash_table_new (g_str_hash, g_str_equal);
  JsonObject *object;

  g_hash_table_insert (form, (char *)"grant_type", (char *)"authorization_code");
  g_hash_table_insert (form, (char *)"code", (char *)"a b&c=d");
  msi_http_client_post_form_async (f->client, "/form", form, MSI_HTTP_FLAGS_NONE, NULL, form_cb, f);
  g_main_loop_run (f->loop);
  g_assert_no_error (f->error);
  object = json_node_get_object (f->result);
  g_assert_cmpstr (json_object_get_string_member (object, "grant_type"), ==, "authorization_code");
  /* Reserved characters survive the form encoding. */
  g_assert_cmpstr (json_object_get_string_member (object, "code"), ==, "a b&c=d");
  g_assert_false (json_object_get_boolean_member (object, "auth"));
}

static void
test_bearer (Fixture       *f,
             gconstpointer  data)
{
  msi_http_client_send_async (f->client, "GET", "/whoami", NULL, NULL, "tok-123", MSI_HTTP_FLAGS_NONE,
                              NULL, form_cb, f);
  g_main_loop_run (f->loop);
  g_assert_no_error (f->error);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (f->result), "authorization"), ==,
                   "Bearer tok-123");

  /* Without a token, no Authorization header at all. */
  g_clear_pointer (&f->result, json_node_unref);
  run (f, "GET", "/whoami", NULL, NULL);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (f->result), "authorization"), ==, "");
}

static void
test_no_content (Fixture       *f,
                 gconstpointer  data)
{
  run (f, "DELETE", "/no-content", NULL, NULL);
  g_assert_no_error (f->error);
  g_assert_cmpuint (f->status, ==, 204);
  g_assert_true (JSON_NODE_HOLDS_NULL (f->result));
}

static void
test_problem_details (Fixture       *f,
                      gconstpointer  data)
{
  run (f, "GET", "/problem", NULL, NULL);
  g_assert_error (f->error, MSI_HTTP_ERROR, MSI_HTTP_ERROR_NOT_FOUND);
  /* The server's words reach the person, as plain text (escaped later). */
  g_assert_cmpstr (f->error->message, ==, "Not Found: No team <b>Sales</b> here (HTTP 404)");
  g_assert_cmpuint (f->hits, ==, 1);
}

static void
test_error_shapes (Fixture       *f,
                   gconstpointer  data)
{
  run (f, "POST", "/scim-conflict", NULL, NULL);
  g_assert_error (f->error, MSI_HTTP_ERROR, MSI_HTTP_ERROR_CONFLICT);
  g_assert_nonnull (strstr (f->error->message, "ana@example.com is already a user"));

  run (f, "POST", "/oauth-error", NULL, NULL);
  g_assert_error (f->error, MSI_HTTP_ERROR, MSI_HTTP_ERROR_BAD_REQUEST);
  g_assert_nonnull (strstr (f->error->message, "expired authorization code"));

  run (f, "GET", "/salesforce-error", NULL, NULL);
  g_assert_error (f->error, MSI_HTTP_ERROR, MSI_HTTP_ERROR_UNAUTHORIZED);
  g_assert_nonnull (strstr (f->error->message, "Session expired or invalid"));
}

static void
test_not_json (Fixture       *f,
               gconstpointer  data)
{
  run (f, "GET", "/html", NULL, NULL);
  g_assert_error (f->error, MSI_HTTP_ERROR, MSI_HTTP_ERROR_INVALID_RESPONSE);
  g_assert_nonnull (strstr (f->error->message, "text/html"));

  run (f, "GET", "/broken-json", NULL, NULL);
  g_assert_error (f->error, MSI_HTTP_ERROR, MSI_HTTP_ERROR_INVALID_RESPONSE);
  g_assert_nonnull (strstr (f->error->message, "not valid JSON"));
}

static void
test_retry_then_success (Fixture       *f,
                         gconstpointer  data)
{
  f->fail_first = 2;
  run (f, "GET", "/flaky", NULL, NULL);
  g_assert_no_error (f->error);
  g_assert_cmpuint (f->hits, ==, 3);
  g_assert_true (json_object_get_boolean_member (json_node_get_object (f->result), "ok"));
}

static void
test_retry_gives_up (Fixture       *f,
                     gconstpointer  data)
{
  f->fail_first = 100;
  msi_http_client_set_max_retries (f->client, 2);
  run (f, "GET", "/flaky", NULL, NULL);
  g_assert_error (f->error, MSI_HTTP_ERROR, MSI_HTTP_ERROR_SERVER);
  g_assert_cmpuint (f->hits, ==, 3);
}

static void
test_post_not_retried (Fixture       *f,
                       gconstpointer  data)
{
  /* A POST that may have been carried out is never sent twice. */
  f->fail_first = 1;
  run (f, "POST", "/flaky", NULL, NULL);
  g_assert_error (f->error, MSI_HTTP_ERROR, MSI_HTTP_ERROR_SERVER);
  g_assert_cmpuint (f->hits, ==, 1);
}

static void
test_server_error_plain (Fixture       *f,
                         gconstpointer  data)
{
  msi_http_client_set_max_retries (f->client, 0);
  run (f, "GET", "/plain-500", NULL, NULL);
  g_assert_error (f->error, MSI_HTTP_ERROR, MSI_HTTP_ERROR_SERVER);
  /* No explanation from the server: ours, with the status. */
  g_assert_nonnull (strstr (f->error->message, "(HTTP 500)"));
  g_assert_null (strstr (f->error->message, "boom"));
}

static void
test_retry_after (Fixture       *f,
                  gconstpointer  data)
{
  f->rate_limited = 1;
  run (f, "GET", "/limited", NULL, NULL);
  g_assert_no_error (f->error);
  g_assert_cmpuint (f->hits, ==, 2);
  /* Retry-After: 1 is honoured although the backoff would be 10 ms. */
  g_assert_cmpint (f->last_hit_us - f->first_hit_us, >=, 950 * 1000);
}

static void
test_retry_after_too_long (Fixture       *f,
                           gconstpointer  data)
{
  run (f, "GET", "/long-wait", NULL, NULL);
  g_assert_error (f->error, MSI_HTTP_ERROR, MSI_HTTP_ERROR_RATE_LIMITED);
  g_assert_cmpuint (f->hits, ==, 1);
  g_assert_nonnull (strstr (f->error->message, "Quota used up"));
}

static gboolean
cancel_cb (gpointer user_data)
{
  g_cancellable_cancel (user_data);
  return G_SOURCE_REMOVE;
}

static void
test_cancel_during_backoff (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  gint64 start;

  f->fail_first = 100;
  msi_http_client_set_retry_delay (f->client, 5000, 5000);
  g_timeout_add (200, cancel_cb, cancellable);
  start = g_get_monotonic_time ();
  run (f, "GET", "/flaky", NULL, cancellable);
  g_assert_error (f->error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  /* Cancelled at once, not after the 5 s wait. */
  g_assert_cmpint (g_get_monotonic_time () - start, <, 2 * G_USEC_PER_SEC);
  g_assert_cmpuint (f->hits, ==, 1);
}

static void
test_connection_refused (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(GSocket) socket = NULL;
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autofree char *url = NULL;
  g_autoptr(MsiHttpClient) client = NULL;
  guint16 port;

  /* A port that was free a moment ago and has nothing listening. */
  socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, NULL);
  g_assert_true (g_socket_bind (socket, address, TRUE, NULL));
  bound = g_socket_get_local_address (socket, NULL);
  port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
  g_socket_close (socket, NULL);

  url = g_strdup_printf ("http://127.0.0.1:%u", port);
  client = msi_http_client_new (NULL, url);
  msi_http_client_set_retry_delay (client, 5, 10);
  g_set_object (&f->client, client);
  run (f, "GET", "/ok", NULL, NULL);
  g_assert_error (f->error, MSI_HTTP_ERROR, MSI_HTTP_ERROR_NETWORK);
  g_assert_nonnull (strstr (f->error->message, "127.0.0.1"));
}

/*
 * Dropped connections
 *
 * A server in a thread of its own drops the connection of the next
 * requests without a reply. Each request the client wrote waits until
 * the server is done with it (dropped it, or wrote its whole reply), so
 * that the client reads the end of the connection or the reply in the
 * main-loop turn it sent the request in, as it does when the network is
 * fast. Four connections, each used once, wait kept alive.
 */

typedef struct
{
  GThread       *thread;
  GMainContext  *context;
  GMainLoop     *loop;
  SoupServer    *server;
  char          *base_url;
  GMutex         mutex;
  GCond          cond;
  guint          to_drop;   /* drop the connection of this many requests */
  guint          dropped;
  guint          done;      /* requests dropped, or answered and written */
  guint          written;   /* requests the client wrote */
  GPtrArray     *bodies;    /* the body of each request, as text */
  SoupSession   *session;
  MsiHttpClient *client;
  GMainLoop     *client_loop;
  JsonNode      *result;
  GError        *error;
} Drop;

static void
drop_done (Drop *d)
{
  g_mutex_lock (&d->mutex);
  d->done++;
  g_cond_broadcast (&d->cond);
  g_mutex_unlock (&d->mutex);
}

static void
drop_handler (SoupServer        *server,
              SoupServerMessage *msg,
              const char        *path,
              GHashTable        *query,
              gpointer           user_data)
{
  Drop *d = user_data;
  g_autoptr(GBytes) bytes = soup_message_body_flatten (soup_server_message_get_request_body (msg));
  gboolean drop;

  g_mutex_lock (&d->mutex);
  g_ptr_array_add (d->bodies, g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes)));
  drop = d->to_drop > 0;
  if (drop)
    {
      d->to_drop--;
      d->dropped++;
    }
  g_mutex_unlock (&d->mutex);

  if (drop)
    {
      g_autoptr(GIOStream) stream = soup_server_message_steal_connection (msg);

      g_object_set_data (G_OBJECT (msg), "dropped", GINT_TO_POINTER (TRUE));
      g_io_stream_close (stream, NULL, NULL);
      drop_done (d);
      return;
    }

  reply (msg, 200, "application/json", "{\"state\": \"running\"}");
}

static void
drop_request_finished_cb (SoupServer        *server,
                          SoupServerMessage *msg,
                          Drop              *d)
{
  if (g_object_get_data (G_OBJECT (msg), "dropped") == NULL)
    drop_done (d);
}

static gpointer
drop_server_thread (gpointer data)
{
  Drop *d = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GSList) uris = NULL;

  g_main_context_push_thread_default (d->context);

  d->server = soup_server_new (NULL, NULL);
  soup_server_add_handler (d->server, NULL, drop_handler, d, NULL);
  g_signal_connect (d->server, "request-finished", G_CALLBACK (drop_request_finished_cb), d);
  g_assert_true (soup_server_listen_local (d->server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error));
  g_assert_no_error (error);
  uris = soup_server_get_uris (d->server);

  g_mutex_lock (&d->mutex);
  d->base_url = g_uri_to_string (uris->data);
  g_cond_broadcast (&d->cond);
  g_mutex_unlock (&d->mutex);
  g_slist_free_full (g_steal_pointer (&uris), (GDestroyNotify)g_uri_unref);

  g_main_loop_run (d->loop);

  soup_server_disconnect (d->server);
  g_clear_object (&d->server);
  g_main_context_pop_thread_default (d->context);

  return NULL;
}

/* The client wrote a request: wait until the server is done with it. */
static void
drop_wrote_body_cb (SoupMessage *msg,
                    Drop        *d)
{
  gint64 deadline = g_get_monotonic_time () + 10 * G_TIME_SPAN_SECOND;

  g_mutex_lock (&d->mutex);
  d->written++;
  while (d->done < d->written)
    if (!g_cond_wait_until (&d->cond, &d->mutex, deadline))
      g_error ("The server did not answer the request in 10 s");
  g_mutex_unlock (&d->mutex);
}

static void
drop_request_queued_cb (SoupSession *session,
                        SoupMessage *msg,
                        Drop        *d)
{
  g_signal_connect (msg, "wrote-body", G_CALLBACK (drop_wrote_body_cb), d);
}

static void
drop_warm_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  Drop *d = user_data;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;

  body = soup_session_send_and_read_finish (SOUP_SESSION (object), result, &error);
  g_assert_no_error (error);
  g_main_loop_quit (d->client_loop);
}

static void
drop_setup (Drop          *d,
            gconstpointer  data)
{
  g_mutex_init (&d->mutex);
  g_cond_init (&d->cond);
  d->bodies = g_ptr_array_new_with_free_func (g_free);
  d->context = g_main_context_new ();
  d->loop = g_main_loop_new (d->context, FALSE);
  d->thread = g_thread_new ("drop-server", drop_server_thread, d);

  g_mutex_lock (&d->mutex);
  while (d->base_url == NULL)
    g_cond_wait (&d->cond, &d->mutex);
  g_mutex_unlock (&d->mutex);

  d->session = soup_session_new_with_options ("max-conns-per-host", 4, NULL);
  g_signal_connect (d->session, "request-queued", G_CALLBACK (drop_request_queued_cb), d);
  d->client = msi_http_client_new (d->session, d->base_url);
  msi_http_client_set_retry_delay (d->client, 10, 50);
  d->client_loop = g_main_loop_new (NULL, FALSE);

  /* Four kept-alive connections, each used once. */
  for (guint i = 0; i < 4; i++)
    {
      g_autofree char *url = g_strconcat (d->base_url, "warm", NULL);
      g_autoptr(SoupMessage) msg = soup_message_new ("GET", url);

      soup_message_add_flags (msg, SOUP_MESSAGE_NEW_CONNECTION);
      soup_session_send_and_read_async (d->session, msg, G_PRIORITY_DEFAULT, NULL, drop_warm_cb, d);
      g_main_loop_run (d->client_loop);
    }
  g_ptr_array_set_size (d->bodies, 0);
}

static void
drop_teardown (Drop          *d,
               gconstpointer  data)
{
  g_clear_object (&d->client);
  g_clear_object (&d->session);
  g_main_loop_quit (d->loop);
  g_thread_join (d->thread);
  g_clear_pointer (&d->loop, g_main_loop_unref);
  g_clear_pointer (&d->context, g_main_context_unref);
  g_clear_pointer (&d->client_loop, g_main_loop_unref);
  g_clear_pointer (&d->base_url, g_free);
  g_clear_pointer (&d->bodies, g_ptr_array_unref);
  g_clear_pointer (&d->result, json_node_unref);
  g_clear_error (&d->error);
  g_mutex_clear (&d->mutex);
  g_cond_clear (&d->cond);
}

static void
drop_request_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  Drop *d = user_data;

  d->result = msi_http_client_request_json_finish (MSI_HTTP_CLIENT (object), result, NULL, &d->error);
  g_main_loop_quit (d->client_loop);
}

/* A poll (never retried by us) whose kept-alive connection is dropped:
 * libsoup sends it again by itself, and it is answered. */
static void
test_dropped_connection_resent (Drop          *d,
                                gconstpointer  data)
{
  for (guint i = 0; i < 3; i++)
    {
      g_clear_pointer (&d->result, json_node_unref);
      d->to_drop = 1;
      msi_http_client_request_json_async (d->client, "GET", "/job", NULL, MSI_HTTP_FLAGS_NO_RETRY,
                                          NULL, drop_request_cb, d);
      g_main_loop_run (d->client_loop);
      g_assert_no_error (d->error);
      g_assert_cmpstr (json_object_get_string_member (json_node_get_object (d->result), "state"), ==, "running");
    }
  g_assert_cmpuint (d->dropped, ==, 3);
  g_assert_cmpuint (d->bodies->len, ==, 6);
}

/* A PUT whose kept-alive connection is dropped is sent again with its
 * body, not empty. */
static void
test_dropped_connection_keeps_body (Drop          *d,
                                    gconstpointer  data)
{
  g_autoptr(JsonNode) body = json_from_string ("{\"fields\": [\"email\", \"company\"]}", NULL);
  g_autofree char *text = json_to_string (body, FALSE);

  d->to_drop = 1;
  msi_http_client_request_json_async (d->client, "PUT", "/selection", body, MSI_HTTP_FLAGS_NONE,
                                      NULL, drop_request_cb, d);
  g_main_loop_run (d->client_loop);
  g_assert_no_error (d->error);
  g_assert_cmpuint (d->dropped, ==, 1);
  g_assert_cmpuint (d->bodies->len, ==, 2);
  g_assert_cmpstr (g_ptr_array_index (d->bodies, 0), ==, text);
  g_assert_cmpstr (g_ptr_array_index (d->bodies, 1), ==, text);
}

static void
test_build_url (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(MsiHttpClient) client = msi_http_client_new (NULL, "https://284-RPR-133.mktorest.com/rest/");
  g_autofree char *a = msi_http_client_build_url (client, "/v1/leads/describe2.json");
  g_autofree char *b = msi_http_client_build_url (client, "v1/leads.json");
  g_autofree char *c = msi_http_client_build_url (client, "https://na1.salesforce.com/services/data/v62.0/query?q=x");

  g_assert_cmpstr (a, ==, "https://284-RPR-133.mktorest.com/rest/v1/leads/describe2.json");
  g_assert_cmpstr (b, ==, "https://284-RPR-133.mktorest.com/rest/v1/leads.json");
  g_assert_cmpstr (c, ==, "https://na1.salesforce.com/services/data/v62.0/query?q=x");
}

static void
test_retry_after_parse (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_utc (2026, 11, 21, 12, 0, 0);

  g_assert_cmpint (msi_http_parse_retry_after ("120", now), ==, 120000);
  g_assert_cmpint (msi_http_parse_retry_after (" 5 ", now), ==, 5000);
  g_assert_cmpint (msi_http_parse_retry_after ("Sat, 21 Nov 2026 12:00:30 GMT", now), ==, 30000);
  g_assert_cmpint (msi_http_parse_retry_after ("Sat, 21 Nov 2026 11:00:00 GMT", now), ==, 0);
  g_assert_cmpint (msi_http_parse_retry_after ("soon", now), ==, -1);
  g_assert_cmpint (msi_http_parse_retry_after ("12abc", now), ==, -1);
  g_assert_cmpint (msi_http_parse_retry_after ("", now), ==, -1);
  g_assert_cmpint (msi_http_parse_retry_after (NULL, now), ==, -1);
  g_assert_cmpint (msi_http_parse_retry_after ("99999999999", now), ==, -1);
}

static void
test_problem_message_truncated (void)
{
  g_autoptr(GString) detail = g_string_new ("{\"detail\": \"");
  g_autoptr(GBytes) body = NULL;
  g_autofree char *message = NULL;

  for (guint i = 0; i < 2000; i++)
    g_string_append (detail, "é");
  g_string_append (detail, "\"}");
  body = g_bytes_new (detail->str, detail->len);
  message = msi_http_problem_message (400, "application/problem+json", body);
  g_assert_true (g_utf8_validate (message, -1, NULL));
  g_assert_cmpint (g_utf8_strlen (message, -1), <, 420);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

#define ADD(name, func) g_test_add (name, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/http/get-json", test_get_json);
  ADD ("/http/post-json", test_post_json);
  ADD ("/http/no-content", test_no_content);
  ADD ("/http/post-form", test_post_form);
  ADD ("/http/bearer", test_bearer);
  ADD ("/http/problem-details", test_problem_details);
  ADD ("/http/error-shapes", test_error_shapes);
  ADD ("/http/not-json", test_not_json);
  ADD ("/http/retry/then-success", test_retry_then_success);
  ADD ("/http/retry/gives-up", test_retry_gives_up);
  ADD ("/http/retry/post-not-retried", test_post_not_retried);
  ADD ("/http/retry/server-error-plain", test_server_error_plain);
  ADD ("/http/retry/retry-after", test_retry_after);
  ADD ("/http/retry/retry-after-too-long", test_retry_after_too_long);
  ADD ("/http/cancel-during-backoff", test_cancel_during_backoff);
  ADD ("/http/connection-refused", test_connection_refused);
  ADD ("/http/build-url", test_build_url);
#undef ADD
  g_test_add ("/http/dropped-connection/resent", Drop, NULL, drop_setup,
              test_dropped_connection_resent, drop_teardown);
  g_test_add ("/http/dropped-connection/keeps-body", Drop, NULL, drop_setup,
              test_dropped_connection_keeps_body, drop_teardown);
  g_test_add_func ("/http/retry-after-parse", test_retry_after_parse);
  g_test_add_func ("/http/problem-message-truncated", test_problem_message_truncated);

  return g_test_run ();
}
