/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-marketo-client.c: the Marketo client against the demo Marketo instance, and the credentials keyring */

#define G_LOG_DOMAIN "test-marketo-client"

#include "config.h"

#include "common/msi-test-demo-http.h"
#include "common/msi-test-profile.h"

#include <string.h>

#include <gio/gio.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "msi-marketo-client.h"
#include "msi-marketo-credentials.h"
#include "msi-marketo-user.h"

/* The demo seed (src/demo/msi-demo-seed.h, msi-demo-marketo.c) */
#define MUNCHKIN_ID       "284-RPR-133"
#define CLIENT_ID         "3f1c9a52-7be0-4d2a-9c41-5e8b2d7f6a10"
#define CLIENT_SECRET     "Qm7tK2vX9pL4sR8wN1cZ6yB3hF5jD0aE"
#define WRONG_SECRET      "Xx7tK2vX9pL4sR8wN1cZ6yB3hF5jD0aE"
#define N_USERS           261   /* not API-only */
#define N_ADMINS          8
#define API_ONLY_ADMIN    "msi-api@northwind.example"
#define DESCRIBE_PATH     "/v1/leads/describe2.json"
#define ROLES_PATH        "/users/roles.json"

/* Tests that start the server themselves, with their own environment. */
static const char no_start[] = "no-start";

typedef struct
{
  char             *data_dir;
  SoupSession      *session;
  GSubprocess      *process;
  GDataInputStream *stdout_stream;
  char             *base_uri;
  char             *marketo_url;
  MsiMarketoClient *client;
} Fixture;

/*
 * Fixture: a demo server with the test hooks
 */

static void
fixture_start (Fixture    *f,
               const char *first_env,
               ...)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *line = NULL;
  g_autoptr(MsiMarketoCredentials) credentials = NULL;
  va_list args;

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_subprocess_launcher_unsetenv (launcher, "MSI_DEMO_LATENCY_MS");
  g_subprocess_launcher_unsetenv (launcher, "MSI_DEMO_TOKEN_LIFETIME");
  g_subprocess_launcher_unsetenv (launcher, "MSI_DEMO_MARKETO_TOKEN_LIFETIME");
  g_subprocess_launcher_unsetenv (launcher, "MSI_DEMO_FAIL_TOKEN");
  g_subprocess_launcher_setenv (launcher, "MSI_DEMO_TEST_HOOKS", "1", TRUE);

  va_start (args, first_env);
  for (const char *env = first_env; env != NULL; env = va_arg (args, const char *))
    {
      g_auto(GStrv) pair = g_strsplit (env, "=", 2);

      g_subprocess_launcher_setenv (launcher, pair[0], pair[1], TRUE);
    }
  va_end (args);

  f->process = g_subprocess_launcher_spawn (launcher, &error, g_getenv ("MSI_DEMO_SERVER"),
                                            "--data-dir", f->data_dir, NULL);
  g_assert_no_error (error);

  f->stdout_stream = g_data_input_stream_new (g_subprocess_get_stdout_pipe (f->process));
  line = g_data_input_stream_read_line_utf8 (f->stdout_stream, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (line);
  g_assert_true (g_str_has_prefix (line, "READY http://127.0.0.1:"));
  f->base_uri = g_strdup (line + strlen ("READY "));
  f->marketo_url = g_strconcat (f->base_uri, "/marketo", NULL);

  credentials = msi_marketo_credentials_new (MUNCHKIN_ID, CLIENT_ID, CLIENT_SECRET);
  f->client = msi_marketo_client_new (NULL, f->marketo_url, credentials);
  /* Short waits: the behaviour is the same, the test is fast. */
  msi_marketo_client_set_backoff (f->client, 2, 8, 5);
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;

  f->data_dir = g_dir_make_tmp ("msi-marketo-client-XXXXXX", &error);
  g_assert_no_error (error);
  f->session = new_session ();

  if (user_data != no_start)
    fixture_start (f, NULL);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;

  g_clear_object (&f->client);

  if (f->process != NULL)
    {
      g_output_stream_close (g_subprocess_get_stdin_pipe (f->process), NULL, NULL);
      g_subprocess_wait_check (f->process, NULL, &error);
      g_assert_no_error (error);
    }

  g_clear_object (&f->stdout_stream);
  g_clear_object (&f->process);
  g_clear_pointer (&f->base_uri, g_free);
  g_clear_pointer (&f->marketo_url, g_free);
  g_clear_object (&f->session);
  remove_tree (f->data_dir);
  g_clear_pointer (&f->data_dir, g_free);
}

/*
 * HTTP to the test hooks
 */

static JsonObject *
hook (Fixture    *f,
      const char *method,
      const char *path,
      const char *json_body)
{
  g_autofree char *uri = g_strconcat (f->base_uri, path, NULL);
  g_autoptr(SoupMessage) msg = soup_message_new (method, uri);
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;
  Reply reply = { 0, };
  JsonObject *object;

  if (json_body != NULL)
    {
      g_autoptr(GBytes) bytes = g_bytes_new (json_body, strlen (json_body));

      soup_message_set_request_body_from_bytes (msg, "application/json", bytes);
    }

  body = soup_session_send_and_read (f->session, msg, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (soup_message_get_status (msg), ==, 200);

  reply.body = g_strndup (g_bytes_get_data (body, NULL), g_bytes_get_size (body));
  object = parse_object (&reply);
  g_free (reply.body);

  return object;
}

static void
set_fault (Fixture    *f,
           const char *code,
           guint       count)
{
  g_autofree char *body = g_strdup_printf ("{\"code\": \"%s\", \"count\": %u}", code, count);
  g_autoptr(JsonObject) reply = hook (f, "POST", "/__demo/marketo/faults", body);

  g_assert_cmpint (json_object_get_int_member (reply, "remaining"), ==, count);
}

static gint64
demo_stat (Fixture    *f,
      const char *name)
{
  g_autoptr(JsonObject) stats = hook (f, "GET", "/__demo/marketo/stats", NULL);

  return json_object_get_int_member (stats, name);
}

/*
 * Running the client
 */

static void
got_result_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  GAsyncResult **out = user_data;

  g_assert_null (*out);
  *out = g_object_ref (result);
}

static GAsyncResult *
wait_result (GAsyncResult **result)
{
  while (*result == NULL)
    g_main_context_iteration (NULL, TRUE);

  return *result;
}

static JsonObject *
rest (MsiMarketoClient  *client,
      const char        *path,
      GError           **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  msi_marketo_client_rest_async (client, "GET", path, NULL, NULL, NULL, got_result_cb, &result);
  return msi_marketo_client_rest_finish (client, wait_result (&result), error);
}

static JsonNode *
user_api (MsiMarketoClient  *client,
          const char        *path,
          GError           **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  msi_marketo_client_user_api_async (client, "GET", path, NULL, NULL, NULL, got_result_cb, &result);
  return msi_marketo_client_user_api_finish (client, wait_result (&result), error);
}

static char *
get_token (MsiMarketoClient  *client,
           gboolean           force_new,
           GError           **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  msi_marketo_client_get_token_async (client, force_new, NULL, got_result_cb, &result);
  return msi_marketo_client_get_token_finish (client, wait_result (&result), error);
}

typedef struct
{
  guint  calls;
  guint  last_done;
  guint  last_total;
  guint  cancel_at;
  GCancellable *cancellable;
} Progress;

static void
progress_cb (MsiMarketoClient *client,
             guint             done,
             guint             total,
             Progress         *progress)
{
  /* Never backwards, never past the total. */
  if (progress->calls > 0)
    {
      g_assert_cmpuint (done, ==, progress->last_done + 1);
      g_assert_cmpuint (total, ==, progress->last_total);
    }
  g_assert_cmpuint (done, <=, total);

  progress->calls++;
  progress->last_done = done;
  progress->last_total = total;

  if (progress->cancellable != NULL && done == progress->cancel_at)
    g_cancellable_cancel (progress->cancellable);
}

static GListModel *
list_users (MsiMarketoClient  *client,
            Progress          *progress,
            GError           **error)
{
  g_autoptr(GAsyncResult) result = NULL;
  gulong id = 0;
  GListModel *model;

  if (progress != NULL)
    id = g_signal_connect (client, "progress", G_CALLBACK (progress_cb), progress);

  msi_marketo_client_list_users_async (client, progress ? progress->cancellable : NULL,
                                       got_result_cb, &result);
  model = msi_marketo_client_list_users_finish (client, wait_result (&result), error);

  if (id != 0)
    g_signal_handler_disconnect (client, id);

  return model;
}

static void
assert_describe (JsonObject *envelope)
{
  JsonArray *result;
  JsonObject *lead;

  g_assert_nonnull (envelope);
  g_assert_true (json_object_get_boolean_member (envelope, "success"));
  result = json_object_get_array_member (envelope, "result");
  g_assert_cmpuint (json_array_get_length (result), ==, 1);
  lead = json_array_get_object_element (result, 0);
  g_assert_cmpstr (json_object_get_string_member (lead, "name"), ==, "Lead");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (lead, "fields")), >=, 20);
}

/*
 * Token
 */

static void
test_token_cached (Fixture       *f,
                   gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  g_autofree char *forced = NULL;

  first = get_token (f->client, FALSE, &error);
  g_assert_no_error (error);
  g_assert_nonnull (first);

  for (guint i = 0; i < 5; i++)
    {
      g_autoptr(JsonObject) envelope = rest (f->client, DESCRIBE_PATH, &error);

      g_assert_no_error (error);
      assert_describe (envelope);
    }
  {
    g_autoptr(JsonNode) roles = user_api (f->client, ROLES_PATH, &error);

    g_assert_no_error (error);
    g_assert_true (JSON_NODE_HOLDS_ARRAY (roles));
  }

  second = get_token (f->client, FALSE, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (first, ==, second);

  /* One Identity request served all of them; the token went in the
   * Authorization header, never in the query. */
  g_assert_cmpint (demo_stat (f, "identityCalls"), ==, 1);
  g_assert_cmpint (demo_stat (f, "apiCalls"), ==, 6);
  g_assert_cmpint (demo_stat (f, "queryTokens"), ==, 0);

  /* Asking again before it expires gives the same token, as Marketo does. */
  forced = get_token (f->client, TRUE, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (forced, ==, first);
  g_assert_cmpint (demo_stat (f, "identityCalls"), ==, 2);
}

static void
count_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  guint *pending = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) envelope = msi_marketo_client_rest_finish (MSI_MARKETO_CLIENT (object), result, &error);

  g_assert_no_error (error);
  assert_describe (envelope);
  (*pending)--;
}

static void
test_token_single_flight (Fixture       *f,
                          gconstpointer  user_data)
{
  guint pending = 4;

  /* Four calls at once before any token: one Identity request. */
  for (guint i = 0; i < 4; i++)
    msi_marketo_client_rest_async (f->client, "GET", DESCRIBE_PATH, NULL, NULL, NULL, count_cb, &pending);
  while (pending > 0)
    g_main_context_iteration (NULL, TRUE);

  g_assert_cmpint (demo_stat (f, "identityCalls"), ==, 1);
}

static void
test_bad_credentials (Fixture       *f,
                      gconstpointer  user_data)
{
  g_autoptr(MsiMarketoCredentials) credentials = msi_marketo_credentials_new (MUNCHKIN_ID, CLIENT_ID, WRONG_SECRET);
  g_autoptr(MsiMarketoClient) client = msi_marketo_client_new (NULL, f->marketo_url, credentials);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) envelope = NULL;

  envelope = rest (client, DESCRIBE_PATH, &error);
  g_assert_null (envelope);
  g_assert_error (error, MSI_MARKETO_ERROR, MSI_MARKETO_ERROR_INVALID_CREDENTIALS);
  g_assert_nonnull (strstr (error->message, "LaunchPoint"));
  g_assert_null (strstr (error->message, WRONG_SECRET));
  /* No API request went out without a token. */
  g_assert_cmpint (demo_stat (f, "apiCalls"), ==, 0);
}

static void
test_unreachable (Fixture       *f,
                  gconstpointer  user_data)
{
  g_autoptr(MsiMarketoCredentials) credentials = msi_marketo_credentials_new (MUNCHKIN_ID, CLIENT_ID, CLIENT_SECRET);
  g_autoptr(MsiMarketoClient) client = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) envelope = NULL;
  g_autoptr(GSocketListener) listener = g_socket_listener_new ();
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) effective = NULL;
  g_autofree char *url = NULL;
  guint16 port;

  /* A port that was free a moment ago: nobody listens there. */
  g_socket_listener_add_address (listener, address, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP,
                                 NULL, &effective, &error);
  g_assert_no_error (error);
  port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (effective));
  g_socket_listener_close (listener);
  url = g_strdup_printf ("http://127.0.0.1:%u/marketo", port);

  client = msi_marketo_client_new (NULL, url, credentials);
  envelope = rest (client, DESCRIBE_PATH, &error);
  g_assert_null (envelope);
  g_assert_error (error, MSI_MARKETO_ERROR, MSI_MARKETO_ERROR_NETWORK);
  g_assert_null (strstr (error->message, CLIENT_SECRET));
}

/* 601 (invalid) and 602 (expired): one new token, one replay. */
static void
test_token_refresh (Fixture       *f,
                    gconstpointer  user_data)
{
  const char *code = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *token = get_token (f->client, FALSE, &error);

  g_assert_no_error (error);

  set_fault (f, code, 1);
  {
    g_autoptr(JsonObject) envelope = rest (f->client, DESCRIBE_PATH, &error);

    g_assert_no_error (error);
    assert_describe (envelope);
  }
  g_assert_cmpint (demo_stat (f, "identityCalls"), ==, 2);

  set_fault (f, code, 1);
  {
    g_autoptr(JsonNode) roles = user_api (f->client, ROLES_PATH, &error);

    g_assert_no_error (error);
    g_assert_true (JSON_NODE_HOLDS_ARRAY (roles));
  }
  g_assert_cmpint (demo_stat (f, "identityCalls"), ==, 3);

  /* Still refused with the new token: no second round. */
  set_fault (f, code, 2);
  {
    g_autoptr(JsonObject) envelope = rest (f->client, DESCRIBE_PATH, &error);

    g_assert_null (envelope);
    g_assert_error (error, MSI_MARKETO_ERROR, MSI_MARKETO_ERROR_TOKEN);
    g_assert_nonnull (strstr (error->message, code));
    g_clear_error (&error);
  }
  g_assert_cmpint (demo_stat (f, "identityCalls"), ==, 4);
}

static void
test_token_expired (Fixture       *f,
                    gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *before = get_token (f->client, FALSE, &error);
  g_autofree char *after = NULL;
  g_autoptr(JsonObject) reply = NULL;

  g_assert_no_error (error);

  /* The demo expires every token: the cached one gets a 602. */
  reply = hook (f, "POST", "/__demo/marketo/faults", "{\"expireTokens\": true}");
  {
    g_autoptr(JsonObject) envelope = rest (f->client, DESCRIBE_PATH, &error);

    g_assert_no_error (error);
    assert_describe (envelope);
  }

  after = get_token (f->client, FALSE, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (before, !=, after);
  g_assert_cmpint (demo_stat (f, "identityCalls"), ==, 2);
}

static void
test_short_token_lifetime (Fixture       *f,
                           gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;

  fixture_start (f, "MSI_DEMO_MARKETO_TOKEN_LIFETIME=30", NULL);

  /* A token with less than a minute left is not cached: every call asks
   * Identity, which returns the same token with its remaining life. */
  for (guint i = 0; i < 3; i++)
    {
      g_autoptr(JsonObject) envelope = rest (f->client, DESCRIBE_PATH, &error);

      g_assert_no_error (error);
      assert_describe (envelope);
    }
  g_assert_cmpint (demo_stat (f, "identityCalls"), ==, 3);
}

/*
 * Error codes
 */

typedef struct
{
  const char *code;
  int         error;
  const char *message_part;
} CodeCase;

static const CodeCase code_cases[] = {
  { "603", MSI_MARKETO_ERROR_ACCESS_DENIED, "Access User Management Api" },
  { "604", MSI_MARKETO_ERROR_SERVICE, "604" },
  { "607", MSI_MARKETO_ERROR_DAILY_QUOTA, "midnight US Central" },
  { "608", MSI_MARKETO_ERROR_SERVICE, "608" },
  { "611", MSI_MARKETO_ERROR_SERVICE, "611" },
  { "699", MSI_MARKETO_ERROR_REQUEST, "Unexpected error (error 699)" },
};

static void
test_error_code (Fixture       *f,
                 gconstpointer  user_data)
{
  for (guint i = 0; i < G_N_ELEMENTS (code_cases); i++)
    {
      const CodeCase *c = &code_cases[i];
      g_autoptr(GError) error = NULL;
      gint64 calls = demo_stat (f, "apiCalls");

      set_fault (f, c->code, 1);
      {
        g_autoptr(JsonObject) envelope = rest (f->client, DESCRIBE_PATH, &error);

        g_assert_null (envelope);
        g_assert_error (error, MSI_MARKETO_ERROR, c->error);
        g_assert_nonnull (strstr (error->message, c->message_part));
        g_clear_error (&error);
      }

      set_fault (f, c->code, 1);
      {
        g_autoptr(JsonNode) roles = user_api (f->client, ROLES_PATH, &error);

        g_assert_null (roles);
        g_assert_error (error, MSI_MARKETO_ERROR, c->error);
        g_assert_nonnull (strstr (error->message, c->message_part));
        g_clear_error (&error);
      }

      /* Not retried: one request each. */
      g_assert_cmpint (demo_stat (f, "apiCalls"), ==, calls + 2);
    }
}

/* 606 (rate) and 615 (concurrency): backoff, then success or RATE_LIMITED. */
static void
test_rate_limited (Fixture       *f,
                   gconstpointer  user_data)
{
  const char *code = user_data;
  g_autoptr(GError) error = NULL;
  gint64 calls;

  set_fault (f, code, 2);
  {
    g_autoptr(JsonObject) envelope = rest (f->client, DESCRIBE_PATH, &error);

    g_assert_no_error (error);
    assert_describe (envelope);
  }
  g_assert_cmpint (demo_stat (f, "apiCalls"), ==, 3);

  set_fault (f, code, 4);
  {
    g_autoptr(JsonNode) roles = user_api (f->client, ROLES_PATH, &error);

    g_assert_no_error (error);
    g_assert_true (JSON_NODE_HOLDS_ARRAY (roles));
  }
  g_assert_cmpint (demo_stat (f, "apiCalls"), ==, 8);

  /* Longer than the client's five tries. */
  calls = demo_stat (f, "apiCalls");
  set_fault (f, code, 100);
  {
    g_autoptr(JsonObject) envelope = rest (f->client, DESCRIBE_PATH, &error);

    g_assert_null (envelope);
    g_assert_error (error, MSI_MARKETO_ERROR, MSI_MARKETO_ERROR_RATE_LIMITED);
    g_assert_nonnull (strstr (error->message, code));
    g_clear_error (&error);
  }
  g_assert_cmpint (demo_stat (f, "apiCalls"), ==, calls + 5);

  {
    g_autoptr(JsonNode) roles = user_api (f->client, ROLES_PATH, &error);

    g_assert_null (roles);
    g_assert_error (error, MSI_MARKETO_ERROR, MSI_MARKETO_ERROR_RATE_LIMITED);
    g_clear_error (&error);
  }
  g_assert_cmpint (demo_stat (f, "apiCalls"), ==, calls + 10);

  set_fault (f, code, 0);
  {
    g_autoptr(JsonObject) envelope = rest (f->client, DESCRIBE_PATH, &error);

    g_assert_no_error (error);
    assert_describe (envelope);
  }
}

static void
test_backoff_cancelled (Fixture       *f,
                        gconstpointer  user_data)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) envelope = NULL;

  /* Waiting a long time after a 606: the wait ends with the cancellation. */
  msi_marketo_client_set_backoff (f->client, 600000, 600000, 5);
  set_fault (f, "606", 1);
  msi_marketo_client_rest_async (f->client, "GET", DESCRIBE_PATH, NULL, NULL, cancellable,
                                 got_result_cb, &result);
  while (demo_stat (f, "apiCalls") < 1)
    g_main_context_iteration (NULL, FALSE);
  g_cancellable_cancel (cancellable);

  envelope = msi_marketo_client_rest_finish (f->client, wait_result (&result), &error);
  g_assert_null (envelope);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

typedef struct
{
  guint pending;
  guint refused;
} Burst;

static void
burst_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  Burst *burst = user_data;
  g_autoptr(GBytes) body = soup_session_send_and_read_finish (SOUP_SESSION (object), result, NULL);

  g_assert_nonnull (body);
  {
    g_autofree char *text = g_strndup (g_bytes_get_data (body, NULL), g_bytes_get_size (body));

    if (strstr (text, "\"615\"") != NULL)
      burst->refused++;
    else
      g_assert_nonnull (strstr (text, "\"success\":true"));
  }
  burst->pending--;
}

/* The demo's own limit: 10 requests at once, the 11th gets a 615. */
static void
test_demo_concurrency (Fixture       *f,
                       gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *token = NULL;
  g_autofree char *uri = NULL;
  g_autofree char *authorization = NULL;
  g_autoptr(GPtrArray) messages = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(SoupSession) session = soup_session_new_with_options ("max-conns", 32, "max-conns-per-host", 32, NULL);
  Burst burst = { .pending = 14, .refused = 0 };

  fixture_start (f, "MSI_DEMO_LATENCY_MS=400", NULL);
  token = get_token (f->client, FALSE, &error);
  g_assert_no_error (error);

  uri = g_strconcat (f->marketo_url, "/rest", DESCRIBE_PATH, NULL);
  authorization = g_strconcat ("Bearer ", token, NULL);

  for (guint i = 0; i < 14; i++)
    {
      SoupMessage *msg = soup_message_new ("GET", uri);

      soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", authorization);
      g_ptr_array_add (messages, msg);
    }

  for (guint i = 0; i < messages->len; i++)
    soup_session_send_and_read_async (session, g_ptr_array_index (messages, i), G_PRIORITY_DEFAULT,
                                      NULL, burst_cb, &burst);
  while (burst.pending > 0)
    g_main_context_iteration (NULL, TRUE);

  /* Replies are held back 400 ms: the requests overlap, and those past
   * the tenth are refused. */
  g_assert_cmpuint (burst.refused, >=, 1);
  g_assert_cmpuint (burst.refused, <, 14);
}

/*
 * Malformed replies: a stand-in server that breaks the rules
 */

typedef struct
{
  SoupServer *server;
  char       *base;
} Broken;

static void
broken_handler (SoupServer        *server,
                SoupServerMessage *msg,
                const char        *path,
                GHashTable        *query,
                gpointer           user_data)
{
  const char *content_type = "application/json";
  const char *body = NULL;
  guint status = 200;

  if (g_str_equal (path, "/identity/oauth/token"))
    body = "{\"access_token\":\"t0ken:ab\",\"token_type\":\"bearer\",\"expires_in\":3600,\"scope\":\"x@example.com\"}";
  else if (g_str_equal (path, "/bad-identity/identity/oauth/token"))
    body = "{\"token_type\":\"bearer\"}";
  else if (g_str_equal (path, "/rest/html"))
    content_type = "text/html", body = "<html>Maintenance</html>";
  else if (g_str_equal (path, "/rest/not-json"))
    body = "{\"success\": tru";
  else if (g_str_equal (path, "/rest/no-success"))
    body = "{\"result\": []}";
  else if (g_str_equal (path, "/rest/array"))
    body = "[1, 2, 3]";
  else if (g_str_equal (path, "/rest/no-errors"))
    body = "{\"success\": false, \"errors\": []}";
  else if (g_str_equal (path, "/rest/int-code"))
    body = "{\"success\": false, \"errors\": [{\"code\": 607, \"message\": \"Daily quota reached\"}]}";
  else if (g_str_equal (path, "/userservice/management/v1/users/allusers.json"))
    body = "{\"users\": []}";
  else if (g_str_equal (path, "/userservice/management/v1/users/broken-status.json"))
    status = 500, body = "{\"message\": \"oops\"}";
  else
    status = 404, body = "{}";

  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, content_type, SOUP_MEMORY_COPY, body, strlen (body));
}

static void
broken_start (Broken *broken)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) local = NULL;
  GSList *listeners;

  broken->server = soup_server_new (NULL, NULL);
  soup_server_add_handler (broken->server, NULL, broken_handler, NULL, NULL);
  soup_server_listen (broken->server, address, 0, &error);
  g_assert_no_error (error);

  listeners = soup_server_get_listeners (broken->server);
  local = g_socket_get_local_address (listeners->data, &error);
  g_assert_no_error (error);
  g_slist_free (listeners);

  broken->base = g_strdup_printf ("http://127.0.0.1:%u",
                                  g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (local)));
}

static void
broken_stop (Broken *broken)
{
  soup_server_disconnect (broken->server);
  g_clear_object (&broken->server);
  g_clear_pointer (&broken->base, g_free);
}

static void
test_malformed (Fixture       *f,
                gconstpointer  user_data)
{
  static const struct { const char *path; int error; } cases[] = {
    { "/html", MSI_MARKETO_ERROR_INVALID_RESPONSE },
    { "/not-json", MSI_MARKETO_ERROR_INVALID_RESPONSE },
    { "/no-success", MSI_MARKETO_ERROR_INVALID_RESPONSE },
    { "/array", MSI_MARKETO_ERROR_INVALID_RESPONSE },
    { "/no-errors", MSI_MARKETO_ERROR_INVALID_RESPONSE },
    { "/int-code", MSI_MARKETO_ERROR_DAILY_QUOTA },
  };
  g_autoptr(MsiMarketoCredentials) credentials = msi_marketo_credentials_new (MUNCHKIN_ID, CLIENT_ID, CLIENT_SECRET);
  g_autoptr(MsiMarketoClient) client = NULL;
  g_autoptr(MsiMarketoClient) bad_identity = NULL;
  Broken broken = { NULL, };

  broken_start (&broken);
  client = msi_marketo_client_new (NULL, broken.base, credentials);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonObject) envelope = rest (client, cases[i].path, &error);

      g_assert_null (envelope);
      g_assert_error (error, MSI_MARKETO_ERROR, cases[i].error);
    }

  {
    g_autoptr(GError) error = NULL;
    g_autoptr(GListModel) users = list_users (client, NULL, &error);

    g_assert_null (users);
    g_assert_error (error, MSI_MARKETO_ERROR, MSI_MARKETO_ERROR_INVALID_RESPONSE);
  }

  {
    g_autoptr(GError) error = NULL;
    g_autoptr(JsonNode) node = user_api (client, "/users/broken-status.json", &error);

    g_assert_null (node);
    g_assert_error (error, MSI_MARKETO_ERROR, MSI_MARKETO_ERROR_SERVICE);
  }

  {
    g_autofree char *url = g_strconcat (broken.base, "/bad-identity", NULL);
    g_autoptr(GError) error = NULL;
    g_autoptr(JsonObject) envelope = NULL;

    bad_identity = msi_marketo_client_new (NULL, url, credentials);
    envelope = rest (bad_identity, "/html", &error);
    g_assert_null (envelope);
    g_assert_error (error, MSI_MARKETO_ERROR, MSI_MARKETO_ERROR_INVALID_RESPONSE);
  }

  broken_stop (&broken);
}

/*
 * Listing users
 */

static void
test_list_users (Fixture       *f,
                 gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) users = NULL;
  g_autoptr(GHashTable) emails = g_hash_table_new (g_str_hash, g_str_equal);
  Progress progress = { 0, };
  guint admins = 0;
  gboolean avery = FALSE;
  gboolean morgan = FALSE;

  users = list_users (f->client, &progress, &error);
  g_assert_no_error (error);
  g_assert_nonnull (users);
  g_assert_true (g_list_model_get_item_type (users) == MSI_TYPE_MARKETO_USER);

  /* Every user who is not API-only, across two pages of 200, once. */
  g_assert_cmpuint (g_list_model_get_n_items (users), ==, N_USERS);

  for (guint i = 0; i < g_list_model_get_n_items (users); i++)
    {
      g_autoptr(MsiMarketoUser) user = g_list_model_get_item (users, i);
      const char * const *roles = msi_marketo_user_get_roles (user);

      g_assert_true (g_hash_table_add (emails, (gpointer)msi_marketo_user_get_email (user)));
      g_assert_false (msi_marketo_user_get_api_only (user));
      g_assert_nonnull (roles);
      g_assert_nonnull (roles[0]);
      g_assert_true (msi_marketo_user_get_is_admin (user) ==
                     g_strv_contains (roles, "Admin"));

      if (i > 0)
        {
          g_autoptr(MsiMarketoUser) previous = g_list_model_get_item (users, i - 1);

          g_assert_cmpint (g_utf8_collate (msi_marketo_user_get_display_name (previous),
                                           msi_marketo_user_get_display_name (user)), <=, 0);
        }

      if (msi_marketo_user_get_is_admin (user))
        {
          admins++;
          avery = avery || g_str_equal (msi_marketo_user_get_email (user), "admin@northwind.example");
          morgan = morgan || g_str_equal (msi_marketo_user_get_email (user), "morgan@northwind.example");
        }
    }

  g_assert_cmpuint (admins, ==, N_ADMINS);
  g_assert_true (avery);
  g_assert_true (morgan);
  g_assert_false (g_hash_table_contains (emails, API_ONLY_ADMIN));

  /* 0 of 261 first, then one by one up to 261 of 261. */
  g_assert_cmpuint (progress.calls, ==, N_USERS + 1);
  g_assert_cmpuint (progress.last_done, ==, N_USERS);
  g_assert_cmpuint (progress.last_total, ==, N_USERS);

  /* Users with an IMS userid were found too (their roles say so). */
  {
    g_autoptr(MsiMarketoUser) user = NULL;

    for (guint i = 0; i < g_list_model_get_n_items (users) && user == NULL; i++)
      {
        g_autoptr(MsiMarketoUser) candidate = g_list_model_get_item (users, i);

        if (g_str_has_suffix (msi_marketo_user_get_userid (candidate), "@AdobeID"))
          user = g_steal_pointer (&candidate);
      }
    g_assert_nonnull (user);
    g_assert_nonnull (msi_marketo_user_get_roles (user));
  }
}

static void
test_list_users_faults (Fixture       *f,
                        gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;

  /* A rate limit and an expired token along the way change nothing. */
  set_fault (f, "615", 3);
  {
    g_autoptr(GListModel) users = list_users (f->client, NULL, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (g_list_model_get_n_items (users), ==, N_USERS);
  }

  set_fault (f, "602", 1);
  {
    g_autoptr(GListModel) users = list_users (f->client, NULL, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (g_list_model_get_n_items (users), ==, N_USERS);
  }

  /* A role the API user lacks: the listing fails as a whole. */
  set_fault (f, "603", 1);
  {
    g_autoptr(GListModel) users = list_users (f->client, NULL, &error);

    g_assert_null (users);
    g_assert_error (error, MSI_MARKETO_ERROR, MSI_MARKETO_ERROR_ACCESS_DENIED);
    g_clear_error (&error);
  }
}

static void
test_list_users_cancelled (Fixture       *f,
                           gconstpointer  user_data)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) users = NULL;
  Progress progress = { .cancel_at = 20, .cancellable = cancellable };
  guint calls;

  users = list_users (f->client, &progress, &error);
  g_assert_null (users);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpuint (progress.last_done, <, N_USERS);

  /* Nothing goes on after the listing returned: every request it
   * started had ended. */
  calls = progress.calls;
  g_signal_connect (f->client, "progress", G_CALLBACK (progress_cb), &progress);
  for (guint i = 0; i < 50; i++)
    g_main_context_iteration (NULL, FALSE);
  g_assert_cmpuint (progress.calls, ==, calls);
  g_signal_handlers_disconnect_by_data (f->client, &progress);

  /* The client is still good for another listing. */
  g_clear_error (&error);
  {
    g_autoptr(GListModel) again = list_users (f->client, NULL, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (g_list_model_get_n_items (again), ==, N_USERS);
  }
}

/*
 * Users
 */

static void
test_user_matches (void)
{
  g_autoptr(MsiMarketoUser) user = msi_marketo_user_new ("zoe@northwind.example", "zoe.muller@northwind.example",
                                                         "Zoë", "Müller", FALSE);
  g_autoptr(MsiMarketoUser) nameless = msi_marketo_user_new ("x", "x.only@northwind.example", NULL, "", FALSE);

  g_assert_cmpstr (msi_marketo_user_get_display_name (user), ==, "Zoë Müller");
  g_assert_true (msi_marketo_user_matches (user, NULL));
  g_assert_true (msi_marketo_user_matches (user, ""));
  g_assert_true (msi_marketo_user_matches (user, "  "));
  g_assert_true (msi_marketo_user_matches (user, "zoë"));
  g_assert_true (msi_marketo_user_matches (user, "ZOË MÜL"));
  g_assert_true (msi_marketo_user_matches (user, "müller zoë"));
  g_assert_true (msi_marketo_user_matches (user, "northwind"));
  g_assert_true (msi_marketo_user_matches (user, "zoe.muller@"));
  g_assert_true (msi_marketo_user_matches (user, "\tZoë\n"));
  g_assert_false (msi_marketo_user_matches (user, "zoë smit"));
  g_assert_false (msi_marketo_user_matches (user, "avery"));

  g_assert_cmpstr (msi_marketo_user_get_display_name (nameless), ==, "x.only@northwind.example");
  g_assert_true (msi_marketo_user_matches (nameless, "X.ONLY"));
}

static void
test_user_from_json (void)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonArray *array;

  json_parser_load_from_data (parser,
                              "[{\"userid\":\"A1@AdobeID\",\"firstName\":\" Avery \",\"lastName\":\"Admin\","
                              "\"emailAddress\":\"admin@northwind.example\",\"id\":7,\"apiOnly\":false},"
                              "{\"userid\":\"api@x\",\"emailAddress\":\"api@x\",\"apiOnly\":true},"
                              "{\"firstName\":\"No\",\"emailAddress\":\"no-id@x\"},"
                              "{\"userid\":\"no-mail\"},"
                              "{\"userid\":42,\"emailAddress\":\"x@x\"}]",
                              -1, &error);
  g_assert_no_error (error);
  array = json_node_get_array (json_parser_get_root (parser));

  {
    g_autoptr(MsiMarketoUser) user = msi_marketo_user_new_from_json (json_array_get_object_element (array, 0));
    const char *roles[] = { "Standard User", "admin", NULL };
    g_auto(GStrv) property_roles = NULL;
    gboolean is_admin = FALSE;

    g_assert_nonnull (user);
    g_assert_cmpstr (msi_marketo_user_get_userid (user), ==, "A1@AdobeID");
    g_assert_cmpstr (msi_marketo_user_get_first_name (user), ==, "Avery");
    g_assert_cmpstr (msi_marketo_user_get_display_name (user), ==, "Avery Admin");
    g_assert_false (msi_marketo_user_get_api_only (user));
    g_assert_null (msi_marketo_user_get_roles (user));
    g_assert_false (msi_marketo_user_get_is_admin (user));

    msi_marketo_user_set_roles (user, roles, TRUE);
    g_object_get (user, "roles", &property_roles, "is-admin", &is_admin, NULL);
    g_assert_cmpuint (g_strv_length (property_roles), ==, 2);
    g_assert_true (is_admin);
  }

  {
    g_autoptr(MsiMarketoUser) user = msi_marketo_user_new_from_json (json_array_get_object_element (array, 1));

    g_assert_true (msi_marketo_user_get_api_only (user));
    g_assert_cmpstr (msi_marketo_user_get_display_name (user), ==, "api@x");
  }

  for (guint i = 2; i < 5; i++)
    g_assert_null (msi_marketo_user_new_from_json (json_array_get_object_element (array, i)));
}

/*
 * Keyring (the test session's gnome-keyring)
 */

static void
test_keyring (void)
{
  /* Ids of their own: other test programs share the keyring. */
  g_autofree char *id = msi_test_profile_id ("test-marketo");
  g_autofree char *other_id = msi_test_profile_id ("test-marketo-other");
  g_autoptr(MsiMarketoCredentials) credentials = msi_marketo_credentials_new (MUNCHKIN_ID, CLIENT_ID, CLIENT_SECRET);
  g_autoptr(MsiMarketoCredentials) other = msi_marketo_credentials_new ("111-AAA-222", CLIENT_ID, WRONG_SECRET);
  g_autoptr(MsiMarketoCredentials) invalid = msi_marketo_credentials_new (MUNCHKIN_ID, CLIENT_ID, "short");
  g_autoptr(GError) error = NULL;

  {
    g_autoptr(GAsyncResult) result = NULL;

    msi_marketo_credentials_save_async (credentials, id, NULL, got_result_cb, &result);
    g_assert_true (msi_marketo_credentials_save_finish (wait_result (&result), &error));
    g_assert_no_error (error);
  }

  {
    g_autoptr(GAsyncResult) result = NULL;
    g_autoptr(MsiMarketoCredentials) loaded = NULL;

    msi_marketo_credentials_load_async (id, NULL, got_result_cb, &result);
    loaded = msi_marketo_credentials_load_finish (wait_result (&result), &error);
    g_assert_no_error (error);
    g_assert_nonnull (loaded);
    g_assert_cmpstr (loaded->munchkin_id, ==, MUNCHKIN_ID);
    g_assert_cmpstr (loaded->client_id, ==, CLIENT_ID);
    g_assert_cmpstr (loaded->client_secret, ==, CLIENT_SECRET);
  }

  /* Another profile has none. */
  {
    g_autoptr(GAsyncResult) result = NULL;
    g_autoptr(MsiMarketoCredentials) loaded = NULL;

    msi_marketo_credentials_load_async (other_id, NULL, got_result_cb, &result);
    loaded = msi_marketo_credentials_load_finish (wait_result (&result), &error);
    g_assert_no_error (error);
    g_assert_null (loaded);
  }

  /* Saving other credentials replaces them. */
  {
    g_autoptr(GAsyncResult) result = NULL;
    g_autoptr(GAsyncResult) loaded_result = NULL;
    g_autoptr(MsiMarketoCredentials) loaded = NULL;

    msi_marketo_credentials_save_async (other, id, NULL, got_result_cb, &result);
    g_assert_true (msi_marketo_credentials_save_finish (wait_result (&result), &error));
    g_assert_no_error (error);

    msi_marketo_credentials_load_async (id, NULL, got_result_cb, &loaded_result);
    loaded = msi_marketo_credentials_load_finish (wait_result (&loaded_result), &error);
    g_assert_no_error (error);
    g_assert_cmpstr (loaded->munchkin_id, ==, "111-AAA-222");
    g_assert_cmpstr (loaded->client_secret, ==, WRONG_SECRET);
  }

  /* Invalid credentials are not kept. */
  {
    g_autoptr(GAsyncResult) result = NULL;

    msi_marketo_credentials_save_async (invalid, id, NULL, got_result_cb, &result);
    g_assert_false (msi_marketo_credentials_save_finish (wait_result (&result), &error));
    g_assert_error (error, MSI_MARKETO_CREDENTIALS_ERROR, MSI_MARKETO_CREDENTIALS_ERROR_INVALID_CLIENT_SECRET);
    g_clear_error (&error);
  }

  {
    g_autoptr(GAsyncResult) result = NULL;
    g_autoptr(GAsyncResult) loaded_result = NULL;
    g_autoptr(MsiMarketoCredentials) loaded = NULL;

    msi_marketo_credentials_delete_async (id, NULL, got_result_cb, &result);
    g_assert_true (msi_marketo_credentials_delete_finish (wait_result (&result), &error));
    g_assert_no_error (error);

    msi_marketo_credentials_load_async (id, NULL, got_result_cb, &loaded_result);
    loaded = msi_marketo_credentials_load_finish (wait_result (&loaded_result), &error);
    g_assert_no_error (error);
    g_assert_null (loaded);
  }

  /* Deleting what is not there is fine. */
  {
    g_autoptr(GAsyncResult) result = NULL;

    msi_marketo_credentials_delete_async (id, NULL, got_result_cb, &result);
    g_assert_true (msi_marketo_credentials_delete_finish (wait_result (&result), &error));
    g_assert_no_error (error);
  }
}

int
main (int   argc,
      char *argv[])
{
  /* Loopback only: no proxy lookup (it needs GSettings schemas, which
   * G_TEST_OPTION_ISOLATE_DIRS hides). */
  g_setenv ("GIO_USE_PROXY_RESOLVER", "dummy", TRUE);

  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  if (g_getenv ("MSI_DEMO_SERVER") == NULL)
    {
      g_printerr ("MSI_DEMO_SERVER must be the path of msi-actions-demo-server\n");
      return 1;
    }

#define ADD_TEST(path, data, func) \
  g_test_add ("/marketo-client/" path, Fixture, data, fixture_setup, func, fixture_teardown)
#define NO_START ((gconstpointer)no_start)

  ADD_TEST ("token-cached", NULL, test_token_cached);
  ADD_TEST ("token-single-flight", NULL, test_token_single_flight);
  ADD_TEST ("bad-credentials", NULL, test_bad_credentials);
  ADD_TEST ("unreachable", NULL, test_unreachable);
  g_test_add ("/marketo-client/token-601", Fixture, "601", fixture_setup, test_token_refresh, fixture_teardown);
  g_test_add ("/marketo-client/token-602", Fixture, "602", fixture_setup, test_token_refresh, fixture_teardown);
  ADD_TEST ("token-expired", NULL, test_token_expired);
  ADD_TEST ("short-token-lifetime", NO_START, test_short_token_lifetime);
  ADD_TEST ("error-codes", NULL, test_error_code);
  g_test_add ("/marketo-client/rate-limited-606", Fixture, "606", fixture_setup, test_rate_limited, fixture_teardown);
  g_test_add ("/marketo-client/rate-limited-615", Fixture, "615", fixture_setup, test_rate_limited, fixture_teardown);
  ADD_TEST ("backoff-cancelled", NULL, test_backoff_cancelled);
  ADD_TEST ("demo-concurrency", NO_START, test_demo_concurrency);
  ADD_TEST ("malformed", NULL, test_malformed);
  ADD_TEST ("list-users", NULL, test_list_users);
  ADD_TEST ("list-users-faults", NULL, test_list_users_faults);
  ADD_TEST ("list-users-cancelled", NULL, test_list_users_cancelled);
  g_test_add_func ("/marketo-client/user-matches", test_user_matches);
  g_test_add_func ("/marketo-client/user-from-json", test_user_from_json);
  g_test_add_func ("/marketo-client/keyring", test_keyring);

#undef ADD_TEST

  return g_test_run ();
}
