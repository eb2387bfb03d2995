/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-demo-server.c: end-to-end tests of the msi-actions-demo-server process */

#define G_LOG_DOMAIN "msi-demo-server"

#include "config.h"

#include <signal.h>
#include <stdarg.h>
#include <string.h>
#include <sys/stat.h>

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "../../src/demo/msi-demo-seed.h"

#define READY_TIMEOUT_SECONDS 20
#define EXIT_TIMEOUT_SECONDS  5

typedef struct
{
  const char       *server_path;
  char             *data_dir;
  SoupSession      *session;

  GSubprocess      *process;
  GDataInputStream *stdout_stream;
  char             *base_uri;
  guint16           port;
} Fixture;

typedef struct
{
  gboolean  done;
  char     *line;
  GError   *error;
} LineRead;

typedef struct
{
  gboolean  done;
  gboolean  ok;
  GError   *error;
} ProcessWait;

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);

  if (dir != NULL)
    {
      const char *name;

      while ((name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);

          if (g_file_test (child, G_FILE_TEST_IS_DIR) &&
              !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
            remove_tree (child);
          else
            g_unlink (child);
        }
    }

  g_rmdir (path);
}

static gboolean
timeout_cb (gpointer user_data)
{
  gboolean *timed_out = user_data;

  *timed_out = TRUE;

  return G_SOURCE_REMOVE;
}

/* Iterates the main context until *done, failing the test after
 * @timeout_seconds. */
static void
wait_until (gboolean   *done,
            guint       timeout_seconds,
            const char *what)
{
  gboolean timed_out = FALSE;
  guint timeout_id;

  timeout_id = g_timeout_add_seconds (timeout_seconds, timeout_cb, &timed_out);

  while (!*done && !timed_out)
    g_main_context_iteration (NULL, TRUE);

  if (!*done)
    {
      g_autofree char *message = g_strdup_printf ("timed out after %u s waiting for %s",
                                                  timeout_seconds, what);

      g_assertion_message (G_LOG_DOMAIN, __FILE__, __LINE__, G_STRFUNC, message);
    }

  g_source_remove (timeout_id);
}

static void
read_line_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  LineRead *read = user_data;

  read->line = g_data_input_stream_read_line_finish_utf8 (G_DATA_INPUT_STREAM (object),
                                                          result,
                                                          NULL,
                                                          &read->error);
  read->done = TRUE;
}

static void
wait_check_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  ProcessWait *wait = user_data;

  wait->ok = g_subprocess_wait_check_finish (G_SUBPROCESS (object), result, &wait->error);
  wait->done = TRUE;
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;

  f->server_path = g_getenv ("MSI_DEMO_SERVER");
  g_assert_nonnull (f->server_path);

  f->data_dir = g_dir_make_tmp ("msi-demo-test-XXXXXX", &error);
  g_assert_no_error (error);

  /* Loopback only: no proxy (looking one up needs GSettings schemas,
   * which G_TEST_OPTION_ISOLATE_DIRS hides). */
  f->session = soup_session_new_with_options ("proxy-resolver", NULL,
                                              "timeout", 10,
                                              NULL);
}

static void
fixture_start_full (Fixture    *f,
                    const char *data_dir,
                    gboolean    reset,
                    const char *latency_ms)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GRegex) regex = NULL;
  g_autoptr(GMatchInfo) match = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *port = NULL;
  LineRead read = { 0 };

  g_assert_null (f->process);

  g_ptr_array_add (argv, (gpointer)f->server_path);
  g_ptr_array_add (argv, (gpointer)"--data-dir");
  g_ptr_array_add (argv, (gpointer)data_dir);
  if (reset)
    g_ptr_array_add (argv, (gpointer)"--reset");
  g_ptr_array_add (argv, NULL);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_PIPE |
                                        G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  /* Debug logging must not leak onto stdout. */
  g_subprocess_launcher_setenv (launcher, "G_MESSAGES_DEBUG", "all", TRUE);
  if (latency_ms != NULL)
    g_subprocess_launcher_setenv (launcher, "MSI_DEMO_LATENCY_MS", latency_ms, TRUE);
  else
    g_subprocess_launcher_unsetenv (launcher, "MSI_DEMO_LATENCY_MS");
  g_subprocess_launcher_unsetenv (launcher, "MSI_DEMO_TEST_HOOKS");

  f->process = g_subprocess_launcher_spawnv (launcher,
                                             (const char * const *)argv->pdata,
                                             &error);
  g_assert_no_error (error);

  f->stdout_stream = g_data_input_stream_new (g_subprocess_get_stdout_pipe (f->process));
  g_data_input_stream_read_line_async (f->stdout_stream,
                                       G_PRIORITY_DEFAULT,
                                       NULL,
                                       read_line_cb,
                                       &read);
  wait_until (&read.done, READY_TIMEOUT_SECONDS, "the READY line");
  g_assert_no_error (read.error);
  g_assert_nonnull (read.line);

  regex = g_regex_new ("^READY (http://127\\.0\\.0\\.1:([0-9]+))$", 0, 0, &error);
  g_assert_no_error (error);
  if (!g_regex_match (regex, read.line, 0, &match))
    g_error ("Unexpected ready line “%s”", read.line);

  f->base_uri = g_match_info_fetch (match, 1);
  port = g_match_info_fetch (match, 2);
  f->port = (guint16)g_ascii_strtoull (port, NULL, 10);
  g_assert_cmpuint (f->port, >, 0);

  g_free (read.line);
}

static void
fixture_start (Fixture  *f,
               gboolean  reset)
{
  fixture_start_full (f, f->data_dir, reset, NULL);
}

/* Waits (bounded) for the process to exit; asserts it exited with 0 and
 * wrote nothing to stdout after the READY line. */
static void
fixture_wait_exit (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  ProcessWait wait = { 0 };
  char rest[256];
  gsize n_read = 0;

  g_assert_nonnull (f->process);

  g_subprocess_wait_check_async (f->process, NULL, wait_check_cb, &wait);
  wait_until (&wait.done, EXIT_TIMEOUT_SECONDS, "the server to exit");
  g_assert_no_error (wait.error);
  g_assert_true (wait.ok);
  g_assert_true (g_subprocess_get_if_exited (f->process));
  g_assert_cmpint (g_subprocess_get_exit_status (f->process), ==, 0);

  g_input_stream_read_all (G_INPUT_STREAM (f->stdout_stream), rest, sizeof rest, &n_read, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (n_read, ==, 0);

  g_clear_object (&f->stdout_stream);
  g_clear_object (&f->process);
  g_clear_pointer (&f->base_uri, g_free);
  f->port = 0;
}

/* Stops the server the way the app does: by closing its stdin. */
static void
fixture_stop (Fixture *f)
{
  g_autoptr(GError) error = NULL;

  g_assert_nonnull (f->process);

  g_output_stream_close (g_subprocess_get_stdin_pipe (f->process), NULL, &error);
  g_assert_no_error (error);

  fixture_wait_exit (f);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  user_data)
{
  if (f->process != NULL)
    {
      g_subprocess_force_exit (f->process);
      g_subprocess_wait (f->process, NULL, NULL);
    }

  g_clear_object (&f->stdout_stream);
  g_clear_object (&f->process);
  g_clear_pointer (&f->base_uri, g_free);
  g_clear_object (&f->session);

  remove_tree (f->data_dir);
  g_clear_pointer (&f->data_dir, g_free);
}

/* Sends a request and returns the parsed JSON body, after checking the
 * status and the media type. */
static JsonNode *
fixture_request (Fixture             *f,
                 const char          *method,
                 const char          *path,
                 guint                expected_status,
                 const char          *expected_type,
                 SoupMessageHeaders **out_headers)
{
  g_autoptr(SoupMessage) msg = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *uri = g_strconcat (f->base_uri, path, NULL);
  SoupMessageHeaders *headers;
  const char *data;
  gsize size;

  msg = soup_message_new (method, uri);
  g_assert_nonnull (msg);

  body = soup_session_send_and_read (f->session, msg, NULL, &error);
  g_assert_no_error (error);

  g_assert_cmpuint (soup_message_get_status (msg), ==, expected_status);

  headers = soup_message_get_response_headers (msg);
  g_assert_cmpstr (soup_message_headers_get_content_type (headers, NULL), ==, expected_type);
  g_assert_cmpstr (soup_message_headers_get_one (headers, "Cache-Control"), ==, "no-store");

  data = g_bytes_get_data (body, &size);
  json_parser_load_from_data (parser, data, size, &error);
  g_assert_no_error (error);

  if (out_headers != NULL)
    *out_headers = soup_message_headers_ref (headers);

  return json_node_copy (json_parser_get_root (parser));
}

static JsonNode *
fixture_get (Fixture    *f,
             const char *path)
{
  return fixture_request (f, "GET", path, SOUP_STATUS_OK, "application/json", NULL);
}

static JsonNode *
assert_member (JsonObject   *object,
               const char   *name,
               JsonNodeType  node_type,
               GType         value_type)
{
  JsonNode *node;

  if (!json_object_has_member (object, name))
    g_error ("Member “%s” is missing", name);

  node = json_object_get_member (object, name);
  if (JSON_NODE_TYPE (node) != node_type)
    g_error ("Member “%s” is a %s, not a %s",
             name, json_node_type_name (node),
             node_type == JSON_NODE_NULL ? "null" :
             node_type == JSON_NODE_OBJECT ? "object" :
             node_type == JSON_NODE_ARRAY ? "array" : "value");

  if (node_type == JSON_NODE_VALUE && json_node_get_value_type (node) != value_type)
    g_error ("Member “%s” is a %s, not a %s",
             name, g_type_name (json_node_get_value_type (node)), g_type_name (value_type));

  return node;
}

static JsonObject *
assert_object_member (JsonObject *object,
                      const char *name)
{
  return json_node_get_object (assert_member (object, name, JSON_NODE_OBJECT, G_TYPE_INVALID));
}

static const char *
assert_string_member (JsonObject *object,
                      const char *name)
{
  return json_node_get_string (assert_member (object, name, JSON_NODE_VALUE, G_TYPE_STRING));
}

static gint64
assert_int_member (JsonObject *object,
                   const char *name)
{
  return json_node_get_int (assert_member (object, name, JSON_NODE_VALUE, G_TYPE_INT64));
}

static void
assert_null_member (JsonObject *object,
                    const char *name)
{
  assert_member (object, name, JSON_NODE_NULL, G_TYPE_INVALID);
}

static char *
dup_account_member (Fixture    *f,
                    const char *name)
{
  g_autoptr(JsonNode) account = fixture_get (f, "/api/v1/account");

  return g_strdup (assert_string_member (json_node_get_object (account), name));
}

/* 1. The server announces itself on stdout and listens on loopback. */
static void
test_start (Fixture       *f,
            gconstpointer  user_data)
{
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GSocketConnection) connection = NULL;
  g_autoptr(GError) error = NULL;

  fixture_start (f, FALSE);

  /* As for the session: no proxy lookup. */
  g_socket_client_set_enable_proxy (client, FALSE);
  connection = g_socket_client_connect_to_host (client, "127.0.0.1", f->port, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (connection);
  g_io_stream_close (G_IO_STREAM (connection), NULL, NULL);

  fixture_stop (f);
}

/* 2. The account has the shape the app parses, in its first-run state. */
static void
test_account (Fixture       *f,
              gconstpointer  user_data)
{
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GDateTime) created_at = NULL;
  JsonObject *account;
  JsonObject *object;
  const char *id;
  const char *created;

  fixture_start (f, FALSE);
  node = fixture_get (f, "/api/v1/account");
  g_assert_true (JSON_NODE_HOLDS_OBJECT (node));
  account = json_node_get_object (node);

  id = assert_string_member (account, "id");
  g_assert_true (g_str_has_prefix (id, "acc_"));
  g_assert_cmpuint (strlen (id), ==, 16);
  for (const char *c = id + 4; *c != '\0'; c++)
    g_assert_true (g_ascii_isxdigit (*c) && !g_ascii_isupper (*c));

  g_assert_cmpstr (assert_string_member (account, "name"), ==, "Northwind Traders");

  created = assert_string_member (account, "createdAt");
  g_assert_true (g_str_has_suffix (created, "Z"));
  created_at = g_date_time_new_from_iso8601 (created, NULL);
  g_assert_nonnull (created_at);

  object = assert_object_member (account, "marketo");
  g_assert_cmpstr (assert_string_member (object, "munchkinId"), ==, "284-RPR-133");

  object = assert_object_member (account, "activation");
  g_assert_cmpstr (assert_string_member (object, "state"), ==, "not-activated");
  g_assert_cmpint (assert_int_member (object, "invitedAdmins"), ==, 0);

  object = assert_object_member (account, "limits");
  g_assert_cmpint (assert_int_member (object, "seats"), ==, 100);
  g_assert_cmpint (assert_int_member (object, "teams"), ==, 20);
  g_assert_cmpint (assert_int_member (object, "syncedFields"), ==, 13);
  g_assert_cmpint (assert_int_member (object, "emailIdentitiesPerUser"), ==, 2);

  /* The seeded users and teams (schema 5): two users and three pending
   * invitations hold seats; Everyone and three teams; none invited from
   * User Management yet. */
  object = assert_object_member (account, "usage");
  g_assert_cmpint (assert_int_member (object, "seats"), ==, 5);
  g_assert_cmpint (assert_int_member (object, "pendingInvitations"), ==, 3);
  g_assert_cmpint (assert_int_member (object, "invitedUsers"), ==, 0);
  g_assert_cmpint (assert_int_member (object, "teams"), ==, 4);
  g_assert_cmpint (assert_int_member (object, "syncedFields"), ==, 0);

  object = assert_object_member (account, "sync");
  g_assert_cmpstr (assert_string_member (object, "state"), ==, "never");
  assert_null_member (object, "lastCompletedAt");

  object = assert_object_member (account, "salesforcePackage");
  g_assert_cmpstr (assert_string_member (object, "state"), ==, "unknown");
  assert_null_member (object, "installedVersion");
  g_assert_cmpstr (assert_string_member (object, "requiredVersion"), ==, "2.6.0");

  object = assert_object_member (account, "salesforceConfiguration");
  g_assert_cmpstr (assert_string_member (object, "state"), ==, "not-started");
  g_assert_cmpint (assert_int_member (object, "completedItems"), ==, 0);
  g_assert_cmpint (assert_int_member (object, "totalItems"), ==, 6);

  fixture_stop (f);
}

/* 3. Salesforce then Marketo, both disconnected. */
static void
test_connections (Fixture       *f,
                  gconstpointer  user_data)
{
  static const char * const services[] = { "salesforce", "marketo" };
  g_autoptr(JsonNode) node = NULL;
  JsonArray *connections;

  fixture_start (f, FALSE);
  node = fixture_get (f, "/api/v1/connections");
  g_assert_true (JSON_NODE_HOLDS_OBJECT (node));

  connections = json_node_get_array (assert_member (json_node_get_object (node),
                                                    "connections",
                                                    JSON_NODE_ARRAY,
                                                    G_TYPE_INVALID));
  g_assert_cmpuint (json_array_get_length (connections), ==, G_N_ELEMENTS (services));

  for (guint i = 0; i < G_N_ELEMENTS (services); i++)
    {
      JsonNode *element = json_array_get_element (connections, i);
      JsonObject *connection;

      g_assert_true (JSON_NODE_HOLDS_OBJECT (element));
      connection = json_node_get_object (element);

      g_assert_cmpstr (assert_string_member (connection, "service"), ==, services[i]);
      g_assert_cmpstr (assert_string_member (connection, "status"), ==, "disconnected");
      assert_null_member (connection, "connectedAt");
      assert_null_member (connection, "connectedBy");
      assert_null_member (connection, "account");
      assert_null_member (connection, "error");
    }

  fixture_stop (f);
}

/* The tokens of the outbox's Get started links, newest first; every
 * link names the running server. */
static GStrv
dup_outbox_tokens (Fixture *f)
{
  g_autoptr(JsonNode) outbox = fixture_get (f, "/demo/outbox");
  g_autoptr(GStrvBuilder) tokens = g_strv_builder_new ();
  g_autofree char *service = g_uri_escape_string (f->base_uri, NULL, FALSE);
  g_autofree char *prefix = g_strconcat ("io.github.msiactions.setup:/invitation?service=", service,
                                         "&token=", NULL);
  JsonArray *messages = json_object_get_array_member (json_node_get_object (outbox), "messages");

  for (guint i = 0; i < json_array_get_length (messages); i++)
    {
      JsonObject *mail = json_array_get_object_element (messages, i);
      const char *link = json_object_get_string_member (mail, "link");

      g_assert_true (g_str_has_prefix (link, prefix));
      g_assert_nonnull (strstr (json_object_get_string_member (mail, "body"), link));
      g_strv_builder_add (tokens, link + strlen (prefix));
    }

  return g_strv_builder_end (tokens);
}

/* 4. The same account comes back after a restart; the mails sent before
 * link to the server on its new port, with the same tokens. */
static void
test_persistence (Fixture       *f,
                  gconstpointer  user_data)
{
  g_autofree char *id = NULL;
  g_autofree char *created_at = NULL;
  g_autofree char *id_again = NULL;
  g_autofree char *created_at_again = NULL;
  g_auto(GStrv) tokens = NULL;
  g_auto(GStrv) tokens_again = NULL;

  fixture_start (f, FALSE);
  id = dup_account_member (f, "id");
  created_at = dup_account_member (f, "createdAt");
  tokens = dup_outbox_tokens (f);
  fixture_stop (f);

  fixture_start (f, FALSE);
  id_again = dup_account_member (f, "id");
  created_at_again = dup_account_member (f, "createdAt");
  tokens_again = dup_outbox_tokens (f);
  fixture_stop (f);

  g_assert_cmpstr (id, ==, id_again);
  g_assert_cmpstr (created_at, ==, created_at_again);
  g_assert_cmpuint (g_strv_length (tokens), ==, MSI_DEMO_ONBOARDING_SEEDED_MAILS);
  g_assert_true (g_strv_equal ((const char * const *)tokens, (const char * const *)tokens_again));
}

/* 5. --reset gives a new account, which then persists. */
static void
test_reset (Fixture       *f,
            gconstpointer  user_data)
{
  g_autofree char *id = NULL;
  g_autofree char *id_reset = NULL;
  g_autofree char *id_after = NULL;

  g_auto(GStrv) tokens = NULL;
  g_auto(GStrv) tokens_reset = NULL;

  fixture_start (f, FALSE);
  id = dup_account_member (f, "id");
  tokens = dup_outbox_tokens (f);
  fixture_stop (f);

  fixture_start (f, TRUE);
  id_reset = dup_account_member (f, "id");
  tokens_reset = dup_outbox_tokens (f);
  fixture_stop (f);

  fixture_start (f, FALSE);
  id_after = dup_account_member (f, "id");
  fixture_stop (f);

  g_assert_cmpstr (id, !=, id_reset);
  g_assert_cmpstr (id_reset, ==, id_after);
  /* Seeded again, with new links. */
  g_assert_cmpuint (g_strv_length (tokens_reset), ==, MSI_DEMO_ONBOARDING_SEEDED_MAILS);
  for (guint i = 0; tokens_reset[i] != NULL; i++)
    g_assert_false (g_strv_contains ((const char * const *)tokens, tokens_reset[i]));
}

/* 6. The server goes away with the app: stdin EOF → exit 0 within 5 s. */
static void
test_stdin_eof (Fixture       *f,
                gconstpointer  user_data)
{
  gint64 start;

  fixture_start (f, FALSE);

  start = g_get_monotonic_time ();
  fixture_stop (f);
  g_assert_cmpint (g_get_monotonic_time () - start, <, EXIT_TIMEOUT_SECONDS * G_USEC_PER_SEC);
}

/* SIGTERM also stops it cleanly. */
static void
test_sigterm (Fixture       *f,
              gconstpointer  user_data)
{
  fixture_start (f, FALSE);
  g_subprocess_send_signal (f->process, SIGTERM);
  fixture_wait_exit (f);
}

/* 7. Unknown paths and wrong methods get problem details. */
static void
test_problems (Fixture       *f,
               gconstpointer  user_data)
{
  g_autoptr(JsonNode) not_found = NULL;
  g_autoptr(JsonNode) not_allowed = NULL;
  g_autoptr(SoupMessageHeaders) headers = NULL;
  g_auto(GStrv) allowed = NULL;
  JsonObject *problem;

  fixture_start (f, FALSE);

  not_found = fixture_request (f, "GET", "/api/v1/nothing-here",
                               SOUP_STATUS_NOT_FOUND, "application/problem+json", NULL);
  problem = json_node_get_object (not_found);
  g_assert_cmpint (assert_int_member (problem, "status"), ==, 404);
  g_assert_cmpstr (assert_string_member (problem, "type"), ==, "about:blank");
  g_assert_cmpstr (assert_string_member (problem, "title"), !=, "");
  assert_string_member (problem, "detail");

  not_allowed = fixture_request (f, "DELETE", "/api/v1/account",
                                 SOUP_STATUS_METHOD_NOT_ALLOWED, "application/problem+json",
                                 &headers);
  problem = json_node_get_object (not_allowed);
  g_assert_cmpint (assert_int_member (problem, "status"), ==, 405);
  g_assert_cmpstr (assert_string_member (problem, "type"), ==, "about:blank");
  g_assert_cmpstr (assert_string_member (problem, "title"), !=, "");
  assert_string_member (problem, "detail");

  g_assert_nonnull (soup_message_headers_get_list (headers, "Allow"));
  allowed = g_strsplit (soup_message_headers_get_list (headers, "Allow"), ", ", -1);
  g_assert_true (g_strv_contains ((const char * const *)allowed, "GET"));
  g_assert_false (g_strv_contains ((const char * const *)allowed, "DELETE"));

  fixture_stop (f);
}

/* 7b. The demo mailbox needs no token; the admin pane's endpoints need
 * one; fault injection exists only with MSI_DEMO_TEST_HOOKS. */
static void
test_admin_pane_endpoints (Fixture       *f,
                           gconstpointer  user_data)
{
  static const struct
  {
    const char *method;
    const char *path;
  } need_token[] = {
    { "POST", "/api/v1/activation" },
    { "POST", "/api/v1/connections/marketo" },
    { "PUT", "/api/v1/setup/salesforce-package" },
    { "GET", "/api/v1/setup/salesforce-configuration" },
    { "PUT", "/api/v1/setup/salesforce-configuration" },
  };
  g_autoptr(JsonNode) outbox = NULL;
  g_autoptr(JsonNode) faults = NULL;
  g_autoptr(JsonNode) missing = NULL;
  JsonArray *messages;

  fixture_start (f, FALSE);

  /* A fresh demo holds the onboarding's seeded welcome mails, their
   * links naming this server. */
  outbox = fixture_get (f, "/demo/outbox");
  messages = json_object_get_array_member (json_node_get_object (outbox), "messages");
  g_assert_nonnull (messages);
  g_assert_cmpuint (json_array_get_length (messages), ==, MSI_DEMO_ONBOARDING_SEEDED_MAILS);
  for (guint i = 0; i < json_array_get_length (messages); i++)
    {
      JsonObject *mail = json_array_get_object_element (messages, i);
      g_autofree char *service = g_uri_escape_string (f->base_uri, NULL, FALSE);
      g_autofree char *prefix = g_strconcat ("io.github.msiactions.setup:/invitation?service=", service,
                                             "&token=", NULL);

      g_assert_true (g_str_has_prefix (json_object_get_string_member (mail, "link"), prefix));
      g_assert_nonnull (strstr (json_object_get_string_member (mail, "body"), prefix));
    }
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (messages, 0), "to"), ==,
                   MSI_DEMO_ONBOARDING_HAPPY_EMAIL);

  missing = fixture_request (f, "DELETE", "/demo/outbox/12345", SOUP_STATUS_NOT_FOUND,
                             "application/problem+json", NULL);

  for (guint i = 0; i < G_N_ELEMENTS (need_token); i++)
    {
      g_autoptr(JsonNode) refused = fixture_request (f, need_token[i].method, need_token[i].path,
                                                     SOUP_STATUS_UNAUTHORIZED, "application/problem+json",
                                                     NULL);

      g_assert_cmpint (assert_int_member (json_node_get_object (refused), "status"), ==, 401);
    }

  faults = fixture_request (f, "POST", "/__demo/faults", SOUP_STATUS_NOT_FOUND,
                            "application/problem+json", NULL);

  fixture_stop (f);
}

/* 8. The state is private: DB file 0600 in a 0700 directory it created. */
static void
test_database_mode (Fixture       *f,
                    gconstpointer  user_data)
{
  g_autofree char *data_dir = g_build_filename (f->data_dir, "nested", "demo", NULL);
  g_autofree char *db_path = g_build_filename (data_dir, "state.sqlite3", NULL);
  GStatBuf st;

  fixture_start_full (f, data_dir, FALSE, NULL);
  fixture_stop (f);

  g_assert_cmpint (g_stat (db_path, &st), ==, 0);
  g_assert_true (S_ISREG (st.st_mode));
  g_assert_cmpuint (st.st_mode & 0777, ==, 0600);

  g_assert_cmpint (g_stat (data_dir, &st), ==, 0);
  g_assert_cmpuint (st.st_mode & 0777, ==, 0700);
}

/* MSI_DEMO_LATENCY_MS slows every reply down without breaking it. */
static void
test_latency (Fixture       *f,
              gconstpointer  user_data)
{
  g_autoptr(JsonNode) account = NULL;
  g_autoptr(JsonNode) problem = NULL;
  gint64 start;

  fixture_start_full (f, f->data_dir, FALSE, "300");

  start = g_get_monotonic_time ();
  account = fixture_get (f, "/api/v1/account");
  g_assert_cmpint (g_get_monotonic_time () - start, >=, 300 * 1000);

  start = g_get_monotonic_time ();
  problem = fixture_request (f, "GET", "/nowhere",
                             SOUP_STATUS_NOT_FOUND, "application/problem+json", NULL);
  g_assert_cmpint (g_get_monotonic_time () - start, >=, 300 * 1000);

  fixture_stop (f);
}

/* Runs the server to completion with the given arguments; checks that it
 * printed nothing on stdout and @expected_message on stderr, and returns
 * its exit status. */
static int
run_failing (Fixture    *f,
             const char *expected_message,
             const char *first_arg,
             ...)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  va_list args;

  g_ptr_array_add (argv, (gpointer)f->server_path);
  va_start (args, first_arg);
  for (const char *arg = first_arg; arg != NULL; arg = va_arg (args, const char *))
    g_ptr_array_add (argv, (gpointer)arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_PIPE |
                                        G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                        G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_subprocess_launcher_unsetenv (launcher, "MSI_DEMO_LATENCY_MS");
  process = g_subprocess_launcher_spawnv (launcher, (const char * const *)argv->pdata, &error);
  g_assert_no_error (error);

  /* stdin is closed right away, so a server that did start exits too. */
  g_subprocess_communicate_utf8 (process, NULL, NULL, &out, &err, &error);
  g_assert_no_error (error);

  g_test_message ("stderr: %s", err);
  g_assert_cmpstr (out, ==, "");
  g_assert_true (g_subprocess_get_if_exited (process));
  if (strstr (err, expected_message) == NULL)
    g_error ("“%s” is not in the error output “%s”", expected_message, err);

  return g_subprocess_get_exit_status (process);
}

/* Bad options and unusable state are reported, with a failure status. */
static void
test_failures (Fixture       *f,
               gconstpointer  user_data)
{
  g_autofree char *not_a_db_dir = g_build_filename (f->data_dir, "garbage", NULL);
  g_autofree char *not_a_db = g_build_filename (not_a_db_dir, "state.sqlite3", NULL);
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (run_failing (f, "--port", "--port", "70000", NULL), ==, 2);
  g_assert_cmpint (run_failing (f, "--no-such-option", "--no-such-option", NULL), ==, 2);
  g_assert_cmpint (run_failing (f, "extra", "--data-dir", f->data_dir, "extra", NULL), ==, 2);

  g_assert_cmpint (g_mkdir (not_a_db_dir, 0700), ==, 0);
  g_file_set_contents (not_a_db, "This is not an SQLite database, not even close to one. "
                                 "It is long enough for SQLite to read a whole header.",
                       -1, &error);
  g_assert_no_error (error);
  g_assert_cmpint (run_failing (f, not_a_db, "--data-dir", not_a_db_dir, NULL), ==, 1);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  if (g_getenv ("MSI_DEMO_SERVER") == NULL)
    {
      g_printerr ("MSI_DEMO_SERVER must be the path of msi-actions-demo-server\n");
      return 1;
    }

#define ADD_TEST(path, func) \
  g_test_add ("/demo-server/" path, Fixture, NULL, fixture_setup, func, fixture_teardown)

  ADD_TEST ("start", test_start);
  ADD_TEST ("account", test_account);
  ADD_TEST ("connections", test_connections);
  ADD_TEST ("persistence", test_persistence);
  ADD_TEST ("reset", test_reset);
  ADD_TEST ("stdin-eof", test_stdin_eof);
  ADD_TEST ("sigterm", test_sigterm);
  ADD_TEST ("problems", test_problems);
  ADD_TEST ("admin-pane-endpoints", test_admin_pane_endpoints);
  ADD_TEST ("database-mode", test_database_mode);
  ADD_TEST ("latency", test_latency);
  ADD_TEST ("failures", test_failures);

#undef ADD_TEST

  return g_test_run ();
}
