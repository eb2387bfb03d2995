/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-demo-connections.c: the demo Actions service connecting Salesforce as an OAuth client, driven like a browser would */

#define G_LOG_DOMAIN "msi-demo-connections"

#include "config.h"

#include "common/msi-test-demo-http.h"

#include <string.h>

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#define APP_REDIRECT_URI  "io.github.msiactions.setup:/oauth2redirect"
#define APP_CLIENT_ID     "msi-actions-setup-demo"
#define VERIFIER          "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"
#define CHALLENGE         "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"
#define SERVICE_CLIENT_ID "demo-actions-service"
#define CALLBACK_PATH     "/api/v1/connections/salesforce/callback"
#define SF_AUTHORIZE_PATH "/salesforce/services/oauth2/authorize"
#define SF_USERINFO_PATH  "/salesforce/services/oauth2/userinfo"
#define SF_EMAIL          "admin@northwind.example"
#define SF_PASSWORD       "demo-salesforce"
#define HOSTILE           "\"><script>alert(1)</script><img src=x onerror='alert(2)'>"

typedef struct
{
  char             *data_dir;
  SoupSession      *session;   /* the web view: Salesforce's cookies */
  GSubprocess      *process;
  GDataInputStream *stdout_stream;
  char             *base_uri;
  char             *admin_token;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;

  f->data_dir = g_dir_make_tmp ("msi-demo-connections-XXXXXX", &error);
  g_assert_no_error (error);
  f->session = new_session ();
}

static void
fixture_stop (Fixture *f)
{
  g_autoptr(GError) error = NULL;

  if (f->process == NULL)
    return;

  /* Closing stdin stops the server cleanly; its exit status tells
   * whether it crashed (or, under ASan, leaked). */
  g_output_stream_close (g_subprocess_get_stdin_pipe (f->process), NULL, NULL);
  g_subprocess_wait_check (f->process, NULL, &error);
  g_assert_no_error (error);

  g_clear_object (&f->stdout_stream);
  g_clear_object (&f->process);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  user_data)
{
  fixture_stop (f);
  g_clear_pointer (&f->base_uri, g_free);
  g_clear_pointer (&f->admin_token, g_free);
  g_clear_object (&f->session);
  remove_tree (f->data_dir);
  g_clear_pointer (&f->data_dir, g_free);
}

static Reply *
send_message (SoupSession *session,
              SoupMessage *msg)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = NULL;
  Reply *reply = g_new0 (Reply, 1);

  soup_message_add_flags (msg, SOUP_MESSAGE_NO_REDIRECT);
  body = soup_session_send_and_read (session, msg, NULL, &error);
  g_assert_no_error (error);

  reply->status = soup_message_get_status (msg);
  reply->headers = soup_message_headers_ref (soup_message_get_response_headers (msg));
  reply->body = g_strndup (g_bytes_get_data (body, NULL), g_bytes_get_size (body));

  return reply;
}

/* @path_or_uri: a path on the server, or an absolute URI. */
static Reply *
request (Fixture    *f,
         const char *method,
         const char *path_or_uri,
         const char *bearer,
         const char *json_body)
{
  g_autofree char *uri = g_str_has_prefix (path_or_uri, "http://")
                         ? g_strdup (path_or_uri)
                         : g_strconcat (f->base_uri, path_or_uri, NULL);
  g_autoptr(SoupMessage) msg = soup_message_new (method, uri);

  g_assert_nonnull (msg);

  if (bearer != NULL)
    {
      g_autofree char *value = g_strdup_printf ("Bearer %s", bearer);

      soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", value);
    }

  if (json_body != NULL)
    {
      g_autoptr(GBytes) bytes = g_bytes_new (json_body, strlen (json_body));

      soup_message_set_request_body_from_bytes (msg, "application/json", bytes);
    }

  return send_message (f->session, msg);
}

static Reply *
get (Fixture    *f,
     const char *path_or_uri)
{
  return request (f, "GET", path_or_uri, NULL, NULL);
}

static Reply *
post_form (SoupSession *session,
           const char  *uri,
           GHashTable  *form)
{
  g_autoptr(SoupMessage) msg = soup_message_new_from_encoded_form ("POST", uri, soup_form_encode_hash (form));

  g_assert_nonnull (msg);

  return send_message (session, msg);
}

/* The hidden fields of a sign-in or consent page's form. */

static void
assert_problem (const Reply *reply,
                guint        status,
                const char  *detail_part)
{
  g_autoptr(JsonObject) problem = NULL;

  g_assert_cmpuint (reply->status, ==, status);
  g_assert_cmpstr (soup_message_headers_get_content_type (reply->headers, NULL), ==, "application/problem+json");
  problem = parse_object (reply);
  g_assert_cmpint (json_object_get_int_member (problem, "status"), ==, status);
  g_assert_nonnull (json_object_get_string_member (problem, "type"));
  g_assert_nonnull (json_object_get_string_member (problem, "title"));
  if (detail_part != NULL)
    g_assert_nonnull (strstr (json_object_get_string_member (problem, "detail"), detail_part));
}

/* The callback's page: its outcome's id, locked down. */
static void
assert_callback_page (const Reply *page,
                      guint        status,
                      const char  *id)
{
  const char *csp = soup_message_headers_get_one (page->headers, "Content-Security-Policy");
  static const char * const outcomes[] = { "connected", "cancelled", "failed" };

  g_assert_cmpuint (page->status, ==, status);
  g_assert_cmpstr (soup_message_headers_get_one (page->headers, "Content-Type"), ==, "text/html; charset=utf-8");
  g_assert_cmpstr (soup_message_headers_get_one (page->headers, "Cache-Control"), ==, "no-store");
  g_assert_nonnull (csp);
  g_assert_nonnull (strstr (csp, "default-src 'none'"));
  g_assert_nonnull (strstr (csp, "style-src 'unsafe-inline'"));
  g_assert_null (strstr (csp, "script-src"));
  g_assert_null (strstr (page->body, "<script"));

  for (guint i = 0; i < G_N_ELEMENTS (outcomes); i++)
    g_assert_true (has_id (page, outcomes[i]) == g_str_equal (id, outcomes[i]));
}

/*
 * Actions sign-in (the app's own flow)
 */

static char *
actions_sign_in (Fixture    *f,
                 const char *email,
                 const char *password)
{
  g_autoptr(SoupSession) session = new_session ();
  g_autofree char *redirect = g_uri_escape_string (APP_REDIRECT_URI, NULL, FALSE);
  g_autofree char *authorize_uri = g_strdup_printf ("%s/oauth/authorize?response_type=code&client_id=" APP_CLIENT_ID
                                                    "&redirect_uri=%s&scope=openid%%20profile%%20offline_access"
                                                    "&state=s&code_challenge=" CHALLENGE
                                                    "&code_challenge_method=S256",
                                                    f->base_uri, redirect);
  g_autofree char *authorize_path = g_strconcat (f->base_uri, "/oauth/authorize", NULL);
  g_autofree char *token_uri = g_strconcat (f->base_uri, "/oauth/token", NULL);
  g_autoptr(SoupMessage) msg = soup_message_new ("GET", authorize_uri);
  g_autoptr(Reply) login = send_message (session, msg);
  g_autoptr(GHashTable) form = page_form (login);
  g_autoptr(Reply) consent = NULL;
  g_autoptr(GHashTable) consent_form = NULL;
  g_autoptr(Reply) redirected = NULL;
  g_autoptr(GHashTable) params = NULL;
  g_autoptr(GHashTable) exchange_form = NULL;
  g_autoptr(Reply) tokens_reply = NULL;
  g_autoptr(JsonObject) tokens = NULL;
  const char *location;

  g_hash_table_insert (form, g_strdup ("username"), g_strdup (email));
  g_hash_table_insert (form, g_strdup ("password"), g_strdup (password));
  g_hash_table_insert (form, g_strdup ("action"), g_strdup ("login"));
  consent = post_form (session, authorize_path, form);
  g_assert_true (has_id (consent, "allow"));

  consent_form = page_form (consent);
  g_hash_table_insert (consent_form, g_strdup ("action"), g_strdup ("allow"));
  redirected = post_form (session, authorize_path, consent_form);
  g_assert_cmpuint (redirected->status, ==, 302);
  location = soup_message_headers_get_one (redirected->headers, "Location");
  g_assert_true (g_str_has_prefix (location, APP_REDIRECT_URI "?"));
  params = soup_form_decode (location + strlen (APP_REDIRECT_URI "?"));

  exchange_form = g_hash_table_new (g_str_hash, g_str_equal);
  g_hash_table_insert (exchange_form, (gpointer)"grant_type", (gpointer)"authorization_code");
  g_hash_table_insert (exchange_form, (gpointer)"code", g_hash_table_lookup (params, "code"));
  g_hash_table_insert (exchange_form, (gpointer)"client_id", (gpointer)APP_CLIENT_ID);
  g_hash_table_insert (exchange_form, (gpointer)"redirect_uri", (gpointer)APP_REDIRECT_URI);
  g_hash_table_insert (exchange_form, (gpointer)"code_verifier", (gpointer)VERIFIER);
  tokens_reply = post_form (session, token_uri, exchange_form);
  g_assert_cmpuint (tokens_reply->status, ==, 200);
  tokens = parse_object (tokens_reply);

  return g_strdup (json_object_get_string_member (tokens, "access_token"));
}

/* Starts the server (NULL-terminated NAME=VALUE pairs) and signs in to
 * Actions as the admin. */
static void
fixture_start (Fixture    *f,
               const char *first_env,
               ...)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *line = NULL;
  va_list args;

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_subprocess_launcher_unsetenv (launcher, "MSI_DEMO_LATENCY_MS");
  g_subprocess_launcher_unsetenv (launcher, "MSI_DEMO_TOKEN_LIFETIME");
  g_subprocess_launcher_unsetenv (launcher, "MSI_DEMO_FAIL_TOKEN");
  g_subprocess_launcher_unsetenv (launcher, "MSI_DEMO_TEST_HOOKS");

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

  f->admin_token = actions_sign_in (f, "admin@northwind.example", "demo-admin");
}

/*
 * The service connection
 */

static JsonObject *
start_connection (Fixture *f)
{
  g_autoptr(Reply) reply = request (f, "POST", "/api/v1/connections/salesforce/authorization-url",
                                    f->admin_token, "{}");

  g_assert_cmpuint (reply->status, ==, 200);
  g_assert_cmpstr (soup_message_headers_get_content_type (reply->headers, NULL), ==, "application/json");

  return parse_object (reply);
}

static GHashTable *
url_query (const char *url)
{
  const char *query = strchr (url, '?');

  g_assert_nonnull (query);

  return soup_form_decode (query + 1);
}

/* Follows the authorization URL in the web view as far as the redirect to
 * the callback (signing in and pressing @button as needed); returns the
 * callback URL with its query. */
static char *
browse_to_callback_as (Fixture    *f,
                       JsonObject *start,
                       const char *button,
                       const char *email)
{
  const char *callback_url = json_object_get_string_member (start, "callbackUrl");
  g_autoptr(GHashTable) start_query = url_query (json_object_get_string_member (start, "authorizationUrl"));
  g_autofree char *authorize_uri = g_strconcat (f->base_uri, SF_AUTHORIZE_PATH, NULL);
  g_autoptr(Reply) page = get (f, json_object_get_string_member (start, "authorizationUrl"));
  g_autoptr(GHashTable) params = NULL;
  const char *location;

  if (page->status == 200 && has_id (page, "username"))
    {
      g_autoptr(GHashTable) form = page_form (page);
      Reply *next;

      g_hash_table_insert (form, g_strdup ("username"), g_strdup (email));
      g_hash_table_insert (form, g_strdup ("password"), g_strdup (SF_PASSWORD));
      g_hash_table_insert (form, g_strdup ("action"), g_strdup ("login"));
      next = post_form (f->session, authorize_uri, form);
      g_clear_pointer (&page, reply_free);
      page = next;
    }

  if (page->status == 200)
    {
      g_autoptr(GHashTable) form = page_form (page);
      Reply *next;

      g_assert_true (has_id (page, "allow"));
      g_assert_true (has_id (page, "deny"));
      /* The consent names the Actions service, not the app. */
      g_assert_nonnull (strstr (page->body, "MSI Actions wants to access your Salesforce account"));
      g_assert_nonnull (button);
      g_hash_table_insert (form, g_strdup ("action"), g_strdup (button));
      next = post_form (f->session, authorize_uri, form);
      g_clear_pointer (&page, reply_free);
      page = next;
    }

  g_assert_cmpuint (page->status, ==, 302);
  location = soup_message_headers_get_one (page->headers, "Location");
  g_assert_nonnull (location);
  g_assert_true (g_str_has_prefix (location, callback_url));
  g_assert_cmpint (location[strlen (callback_url)], ==, '?');

  params = url_query (location);
  g_assert_cmpstr (g_hash_table_lookup (params, "state"), ==, g_hash_table_lookup (start_query, "state"));

  return g_strdup (location);
}

static char *
browse_to_callback (Fixture    *f,
                    JsonObject *start,
                    const char *button)
{
  return browse_to_callback_as (f, start, button, SF_EMAIL);
}

/* The whole connection; returns the callback URL it used. */
static char *
connect_salesforce (Fixture *f)
{
  g_autoptr(JsonObject) start = start_connection (f);
  g_autofree char *callback = browse_to_callback (f, start, "allow");
  g_autoptr(Reply) page = get (f, callback);

  assert_callback_page (page, 200, "connected");
  g_assert_nonnull (strstr (page->body, "Salesforce is connected"));

  return g_steal_pointer (&callback);
}

static JsonObject *
dup_connection (Fixture    *f,
                const char *service)
{
  g_autoptr(Reply) reply = get (f, "/api/v1/connections");
  g_autoptr(JsonObject) root = NULL;
  JsonArray *connections;

  g_assert_cmpuint (reply->status, ==, 200);
  root = parse_object (reply);
  connections = json_object_get_array_member (root, "connections");

  for (guint i = 0; i < json_array_get_length (connections); i++)
    {
      JsonObject *connection = json_array_get_object_element (connections, i);

      if (g_str_equal (json_object_get_string_member (connection, "service"), service))
        return json_object_ref (connection);
    }

  g_assert_not_reached ();
}

static void
assert_disconnected (Fixture    *f,
                     const char *service)
{
  g_autoptr(JsonObject) connection = dup_connection (f, service);

  g_assert_cmpstr (json_object_get_string_member (connection, "status"), ==, "disconnected");
  g_assert_true (json_object_get_null_member (connection, "connectedAt"));
  g_assert_true (json_object_get_null_member (connection, "connectedBy"));
  g_assert_true (json_object_get_null_member (connection, "account"));
  g_assert_true (json_object_get_null_member (connection, "error"));
}

static void
assert_connected (Fixture *f)
{
  g_autoptr(JsonObject) connection = dup_connection (f, "salesforce");
  g_autofree char *instance_url = g_strconcat (f->base_uri, "/salesforce", NULL);
  g_autoptr(GDateTime) connected_at = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  JsonObject *account;

  g_assert_cmpstr (json_object_get_string_member (connection, "status"), ==, "connected");
  g_assert_cmpstr (json_object_get_string_member (connection, "connectedBy"), ==, "admin@northwind.example");
  g_assert_true (g_str_has_suffix (json_object_get_string_member (connection, "connectedAt"), "Z"));
  connected_at = g_date_time_new_from_iso8601 (json_object_get_string_member (connection, "connectedAt"), NULL);
  g_assert_nonnull (connected_at);
  g_assert_cmpint (g_date_time_difference (now, connected_at), <, 60 * G_TIME_SPAN_SECOND);
  g_assert_true (json_object_get_null_member (connection, "error"));

  account = json_object_get_object_member (connection, "account");
  g_assert_nonnull (account);
  g_assert_cmpstr (json_object_get_string_member (account, "username"), ==, SF_EMAIL);
  g_assert_true (g_str_has_prefix (json_object_get_string_member (account, "organizationId"), "00D"));
  g_assert_cmpstr (json_object_get_string_member (account, "instanceUrl"), ==, instance_url);
  g_assert_cmpstr (json_object_get_string_member (account, "organizationName"), ==, "Northwind Traders");
  g_assert_cmpstr (json_object_get_string_member (account, "displayName"), ==, "Avery Admin");
}

/* The service's Salesforce tokens, from the test hook. */
static GPtrArray *
connection_tokens (Fixture *f)
{
  g_autoptr(Reply) reply = get (f, "/__demo/issued-tokens");
  g_autoptr(JsonObject) object = NULL;
  GPtrArray *tokens = g_ptr_array_new_with_free_func (g_free);
  JsonArray *all;
  JsonArray *array;

  g_assert_cmpuint (reply->status, ==, 200);
  object = parse_object (reply);
  all = json_object_get_array_member (object, "tokens");
  array = json_object_get_array_member (object, "connectionTokens");
  g_assert_nonnull (array);

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      const char *token = json_array_get_string_element (array, i);
      gboolean listed = FALSE;

      for (guint j = 0; j < json_array_get_length (all) && !listed; j++)
        listed = g_str_equal (token, json_array_get_string_element (all, j));

      g_assert_true (listed);
      g_ptr_array_add (tokens, g_strdup (token));
    }

  return tokens;
}

static guint
salesforce_userinfo_status (Fixture    *f,
                            const char *token)
{
  g_autoptr(Reply) reply = request (f, "GET", SF_USERINFO_PATH, token, NULL);

  return reply->status;
}

/*
 * Tests
 */

static void
test_authorization_url (Fixture       *f,
                        gconstpointer  user_data)
{
  g_autoptr(JsonObject) start = NULL;
  g_autoptr(JsonObject) again = NULL;
  g_autoptr(GHashTable) query = NULL;
  g_autoptr(GHashTable) query_again = NULL;
  g_autoptr(GDateTime) expires = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(Reply) no_body = NULL;
  g_autoptr(Reply) bad_body = NULL;
  g_autofree char *callback_url = NULL;
  g_autofree char *authorize_prefix = NULL;
  const char * const members[] = { "authorizationUrl", "callbackUrl", "expiresAt", NULL };
  const char *state;
  GTimeSpan lifetime;

  fixture_start (f, NULL);
  callback_url = g_strconcat (f->base_uri, CALLBACK_PATH, NULL);
  authorize_prefix = g_strconcat (f->base_uri, SF_AUTHORIZE_PATH, "?", NULL);

  start = start_connection (f);
  g_assert_cmpuint (json_object_get_size (start), ==, 3);
  for (guint i = 0; members[i] != NULL; i++)
    g_assert_true (json_object_has_member (start, members[i]));

  g_assert_cmpstr (json_object_get_string_member (start, "callbackUrl"), ==, callback_url);
  g_assert_true (g_str_has_prefix (json_object_get_string_member (start, "authorizationUrl"), authorize_prefix));

  query = url_query (json_object_get_string_member (start, "authorizationUrl"));
  g_assert_cmpstr (g_hash_table_lookup (query, "response_type"), ==, "code");
  g_assert_cmpstr (g_hash_table_lookup (query, "client_id"), ==, SERVICE_CLIENT_ID);
  g_assert_cmpstr (g_hash_table_lookup (query, "redirect_uri"), ==, callback_url);
  g_assert_cmpstr (g_hash_table_lookup (query, "scope"), ==, "api refresh_token");
  g_assert_cmpstr (g_hash_table_lookup (query, "code_challenge_method"), ==, "S256");
  g_assert_cmpuint (strlen (g_hash_table_lookup (query, "code_challenge")), ==, 43);
  state = g_hash_table_lookup (query, "state");
  g_assert_cmpuint (strlen (state), ==, 43);
  for (const char *c = state; *c != '\0'; c++)
    g_assert_true (g_ascii_isalnum (*c) || *c == '-' || *c == '_');

  g_assert_true (g_str_has_suffix (json_object_get_string_member (start, "expiresAt"), "Z"));
  expires = g_date_time_new_from_iso8601 (json_object_get_string_member (start, "expiresAt"), NULL);
  g_assert_nonnull (expires);
  lifetime = g_date_time_difference (expires, now);
  g_assert_cmpint (lifetime, >, 9 * G_TIME_SPAN_MINUTE);
  g_assert_cmpint (lifetime, <=, 10 * G_TIME_SPAN_MINUTE + G_TIME_SPAN_SECOND);

  /* Every request gets its own state and challenge. */
  again = start_connection (f);
  query_again = url_query (json_object_get_string_member (again, "authorizationUrl"));
  g_assert_cmpstr (g_hash_table_lookup (query_again, "state"), !=, state);
  g_assert_cmpstr (g_hash_table_lookup (query_again, "code_challenge"), !=,
                   g_hash_table_lookup (query, "code_challenge"));

  /* The body is optional, but if there is one it is an object. */
  no_body = request (f, "POST", "/api/v1/connections/salesforce/authorization-url", f->admin_token, NULL);
  g_assert_cmpuint (no_body->status, ==, 200);
  bad_body = request (f, "POST", "/api/v1/connections/salesforce/authorization-url", f->admin_token, "[1]");
  assert_problem (bad_body, 400, NULL);

  /* Nothing changed yet. */
  assert_disconnected (f, "salesforce");
}

/* Log in, Allow, back at the callback: connected; the service's tokens
 * work at Salesforce and are nowhere on disk. */
static void
test_flow (Fixture       *f,
           gconstpointer  user_data)
{
  g_autofree char *callback = NULL;
  g_autoptr(GPtrArray) tokens = NULL;
  g_autoptr(GDir) dir = NULL;
  const char *name;

  fixture_start (f, "MSI_DEMO_TEST_HOOKS=1", NULL);
  assert_disconnected (f, "salesforce");

  callback = connect_salesforce (f);
  assert_connected (f);
  assert_disconnected (f, "marketo");

  /* An access token and a refresh token ("refresh_token" scope). */
  tokens = connection_tokens (f);
  g_assert_cmpuint (tokens->len, ==, 2);
  g_assert_cmpuint (salesforce_userinfo_status (f, tokens->pdata[0]), ==, 200);

  fixture_stop (f);
  dir = g_dir_open (f->data_dir, 0, NULL);
  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (f->data_dir, name, NULL);
      g_autofree char *contents = NULL;
      gsize length = 0;

      g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
      for (guint i = 0; i < tokens->len; i++)
        g_assert_null (g_strstr_len (contents, length, tokens->pdata[i]));
    }
}

/* Signed in to Salesforce in the same web view, consent given before:
 * the authorization URL goes straight to the callback. Connecting again
 * replaces (and revokes) the service's tokens. */
static void
test_already_signed_in (Fixture       *f,
                        gconstpointer  user_data)
{
  g_autofree char *first = NULL;
  g_autoptr(JsonObject) start = NULL;
  g_autoptr(Reply) direct = NULL;
  g_autoptr(Reply) page = NULL;
  g_autoptr(GPtrArray) before = NULL;
  g_autoptr(GPtrArray) after = NULL;
  const char *location;

  fixture_start (f, "MSI_DEMO_TEST_HOOKS=1", NULL);
  first = connect_salesforce (f);
  before = connection_tokens (f);

  start = start_connection (f);
  direct = get (f, json_object_get_string_member (start, "authorizationUrl"));
  g_assert_cmpuint (direct->status, ==, 302);
  location = soup_message_headers_get_one (direct->headers, "Location");
  g_assert_true (g_str_has_prefix (location, json_object_get_string_member (start, "callbackUrl")));

  page = get (f, location);
  assert_callback_page (page, 200, "connected");
  assert_connected (f);

  after = connection_tokens (f);
  g_assert_cmpuint (after->len, ==, 4);
  g_assert_cmpuint (salesforce_userinfo_status (f, before->pdata[0]), ==, 401);
  g_assert_cmpuint (salesforce_userinfo_status (f, after->pdata[2]), ==, 200);
}

/* Deny: a page that says so; the connection is as it was. */
static void
test_deny (Fixture       *f,
           gconstpointer  user_data)
{
  g_autoptr(JsonObject) start = NULL;
  g_autoptr(JsonObject) second = NULL;
  g_autofree char *callback = NULL;
  g_autofree char *second_callback = NULL;
  g_autoptr(GHashTable) params = NULL;
  g_autoptr(Reply) page = NULL;
  g_autoptr(Reply) replay = NULL;
  g_autoptr(Reply) second_page = NULL;

  fixture_start (f, NULL);

  start = start_connection (f);
  callback = browse_to_callback (f, start, "deny");
  params = url_query (callback);
  g_assert_cmpstr (g_hash_table_lookup (params, "error"), ==, "access_denied");
  g_assert_null (g_hash_table_lookup (params, "code"));

  page = get (f, callback);
  assert_callback_page (page, 200, "cancelled");
  g_assert_nonnull (strstr (page->body, "The connection was cancelled"));
  assert_disconnected (f, "salesforce");

  /* The request is over: its state is no good any more. */
  {
    g_autofree char *state = g_uri_escape_string (g_hash_table_lookup (params, "state"), NULL, FALSE);
    g_autofree char *forged = g_strdup_printf ("%s?code=abc&state=%s", json_object_get_string_member (start, "callbackUrl"), state);

    replay = get (f, forged);
    assert_callback_page (replay, 400, "failed");
  }

  /* Connected, then a Deny: still connected. */
  g_free (connect_salesforce (f));
  second = start_connection (f);
  {
    /* Consent is remembered: ask again with prompt=consent. */
    g_autofree char *url = g_strconcat (json_object_get_string_member (second, "authorizationUrl"),
                                        "&prompt=consent", NULL);

    json_object_set_string_member (second, "authorizationUrl", url);
  }
  second_callback = browse_to_callback (f, second, "deny");
  second_page = get (f, second_callback);
  assert_callback_page (second_page, 200, "cancelled");
  assert_connected (f);
}

/* The callback of a finished connection does nothing the second time. */
static void
test_reused_state (Fixture       *f,
                   gconstpointer  user_data)
{
  g_autofree char *callback = NULL;
  g_autoptr(Reply) again = NULL;

  fixture_start (f, NULL);
  callback = connect_salesforce (f);

  again = get (f, callback);
  assert_callback_page (again, 400, "failed");
  g_assert_true (has_id (again, "reason"));
  assert_connected (f);
}

/* A state changed anywhere, or none, is refused without using up the real
 * one. */
static void
test_tampered_state (Fixture       *f,
                     gconstpointer  user_data)
{
  g_autoptr(JsonObject) start = NULL;
  g_autofree char *callback = NULL;
  g_autoptr(GHashTable) params = NULL;
  g_autoptr(Reply) page = NULL;
  const char *callback_url;
  const char *state;

  fixture_start (f, NULL);
  start = start_connection (f);
  callback = browse_to_callback (f, start, "allow");
  params = url_query (callback);
  state = g_hash_table_lookup (params, "state");
  callback_url = json_object_get_string_member (start, "callbackUrl");

  for (guint i = 0; i < 4; i++)
    {
      g_autofree char *tampered = g_strdup (state);
      g_autofree char *escaped_code = g_uri_escape_string (g_hash_table_lookup (params, "code"), NULL, FALSE);
      g_autofree char *uri = NULL;
      g_autoptr(Reply) refused = NULL;
      gsize last = strlen (tampered) - 1;

      if (i == 0)
        tampered[0] = tampered[0] == 'A' ? 'B' : 'A';
      else if (i == 1)
        tampered[last] = tampered[last] == 'A' ? 'B' : 'A';
      else if (i == 2)
        tampered[last] = '\0';

      uri = i == 3
            ? g_strdup_printf ("%s?code=%s", callback_url, escaped_code)
            : g_strdup_printf ("%s?code=%s&state=%s", callback_url, escaped_code, tampered);
      refused = get (f, uri);
      assert_callback_page (refused, 400, "failed");
      assert_disconnected (f, "salesforce");
    }

  page = get (f, callback);
  assert_callback_page (page, 200, "connected");
  assert_connected (f);
}

/* A valid state with a code that does not pass the token checks (another
 * request's code: its PKCE does not match): the connection is in error. */
static void
test_exchange_failure (Fixture       *f,
                       gconstpointer  user_data)
{
  g_autoptr(JsonObject) first = NULL;
  g_autoptr(JsonObject) second = NULL;
  g_autofree char *first_callback = NULL;
  g_autofree char *second_callback = NULL;
  g_autoptr(GHashTable) first_params = NULL;
  g_autoptr(GHashTable) second_params = NULL;
  g_autofree char *code = NULL;
  g_autofree char *state = NULL;
  g_autofree char *uri = NULL;
  g_autoptr(Reply) page = NULL;
  g_autoptr(JsonObject) connection = NULL;
  JsonObject *error;

  fixture_start (f, NULL);
  first = start_connection (f);
  first_callback = browse_to_callback (f, first, "allow");
  second = start_connection (f);
  second_callback = browse_to_callback (f, second, NULL);
  first_params = url_query (first_callback);
  second_params = url_query (second_callback);

  code = g_uri_escape_string (g_hash_table_lookup (first_params, "code"), NULL, FALSE);
  state = g_uri_escape_string (g_hash_table_lookup (second_params, "state"), NULL, FALSE);
  uri = g_strdup_printf ("%s?code=%s&state=%s", json_object_get_string_member (second, "callbackUrl"), code, state);
  page = get (f, uri);
  assert_callback_page (page, 400, "failed");
  g_assert_nonnull (strstr (page->body, "invalid_grant"));

  connection = dup_connection (f, "salesforce");
  g_assert_cmpstr (json_object_get_string_member (connection, "status"), ==, "error");
  error = json_object_get_object_member (connection, "error");
  g_assert_nonnull (error);
  g_assert_nonnull (json_object_get_string_member (error, "title"));
  g_assert_nonnull (strstr (json_object_get_string_member (error, "detail"), "invalid_grant"));
}

static void
test_unauthorized (Fixture       *f,
                   gconstpointer  user_data)
{
  g_autoptr(Reply) none = NULL;
  g_autoptr(Reply) bogus = NULL;
  g_autoptr(Reply) delete_none = NULL;

  fixture_start (f, NULL);

  none = request (f, "POST", "/api/v1/connections/salesforce/authorization-url", NULL, "{}");
  assert_problem (none, 401, NULL);
  g_assert_nonnull (soup_message_headers_get_one (none->headers, "WWW-Authenticate"));

  bogus = request (f, "POST", "/api/v1/connections/salesforce/authorization-url", "msiat_not-a-token", "{}");
  assert_problem (bogus, 401, NULL);

  delete_none = request (f, "DELETE", "/api/v1/connections/salesforce", NULL, NULL);
  assert_problem (delete_none, 401, NULL);
}

static void
test_forbidden (Fixture       *f,
                gconstpointer  user_data)
{
  g_autofree char *rep_token = NULL;
  g_autoptr(Reply) start = NULL;
  g_autoptr(Reply) disconnect = NULL;

  fixture_start (f, NULL);
  rep_token = actions_sign_in (f, "rep@northwind.example", "demo-user");

  start = request (f, "POST", "/api/v1/connections/salesforce/authorization-url", rep_token, "{}");
  assert_problem (start, 403, "Only admins can connect services");
  disconnect = request (f, "DELETE", "/api/v1/connections/salesforce", rep_token, NULL);
  assert_problem (disconnect, 403, "Only admins can connect services");
}

static void
test_marketo (Fixture       *f,
              gconstpointer  user_data)
{
  g_autoptr(Reply) reply = NULL;

  fixture_start (f, NULL);
  reply = request (f, "POST", "/api/v1/connections/marketo/authorization-url", f->admin_token, "{}");
  assert_problem (reply, 409, "Marketo connects without a sign-in page");
}

static void
test_unknown (Fixture       *f,
              gconstpointer  user_data)
{
  g_autoptr(Reply) start = NULL;
  g_autoptr(Reply) disconnect = NULL;
  g_autoptr(Reply) callback = NULL;

  fixture_start (f, NULL);
  start = request (f, "POST", "/api/v1/connections/zendesk/authorization-url", f->admin_token, "{}");
  assert_problem (start, 404, NULL);
  disconnect = request (f, "DELETE", "/api/v1/connections/zendesk", f->admin_token, NULL);
  assert_problem (disconnect, 404, NULL);
  callback = get (f, "/api/v1/connections/zendesk/callback?code=a&state=b");
  assert_callback_page (callback, 404, "failed");
}

/* DELETE: disconnected, and Salesforce no longer takes the tokens. */
static void
test_disconnect (Fixture       *f,
                 gconstpointer  user_data)
{
  g_autofree char *callback = NULL;
  g_autoptr(GPtrArray) tokens = NULL;
  g_autoptr(Reply) reply = NULL;
  g_autoptr(Reply) again = NULL;

  fixture_start (f, "MSI_DEMO_TEST_HOOKS=1", NULL);
  callback = connect_salesforce (f);
  tokens = connection_tokens (f);
  g_assert_cmpuint (salesforce_userinfo_status (f, tokens->pdata[0]), ==, 200);

  reply = request (f, "DELETE", "/api/v1/connections/salesforce", f->admin_token, NULL);
  g_assert_cmpuint (reply->status, ==, 204);
  g_assert_true (reply->body == NULL || reply->body[0] == '\0');
  assert_disconnected (f, "salesforce");
  g_assert_cmpuint (salesforce_userinfo_status (f, tokens->pdata[0]), ==, 401);

  again = request (f, "DELETE", "/api/v1/connections/salesforce", f->admin_token, NULL);
  g_assert_cmpuint (again->status, ==, 204);
  assert_disconnected (f, "salesforce");
}

/* Whatever the callback's query holds is escaped on its page. */
static void
test_escaping (Fixture       *f,
               gconstpointer  user_data)
{
  g_autofree char *hostile = g_uri_escape_string (HOSTILE, NULL, FALSE);
  g_autofree char *denied = NULL;
  g_autofree char *other = NULL;
  g_autoptr(Reply) denied_page = NULL;
  g_autoptr(Reply) other_page = NULL;

  fixture_start (f, NULL);

  denied = g_strdup_printf (CALLBACK_PATH "?error=access_denied&error_description=%s&state=%s", hostile, hostile);
  denied_page = get (f, denied);
  assert_callback_page (denied_page, 200, "cancelled");

  other = g_strdup_printf (CALLBACK_PATH "?error=%s&error_description=%s&state=%s", hostile, hostile, hostile);
  other_page = get (f, other);
  assert_callback_page (other_page, 400, "failed");

  for (guint i = 0; i < 2; i++)
    {
      const Reply *page = i == 0 ? denied_page : other_page;

      g_assert_null (strstr (page->body, "<script>"));
      g_assert_null (strstr (page->body, "<img"));
      g_assert_null (strstr (page->body, "'alert"));
      g_assert_nonnull (strstr (page->body, "&lt;script&gt;"));
    }

  assert_disconnected (f, "salesforce");
}

/* Orgs and users the service cannot work with (admin guide: connecting
 * the Sales account to Salesforce): the connection is in error with a
 * type the app tells apart, a title and a detail that say what to do; the
 * callback page says the same; the tokens are given back. */
static void
test_refused_orgs (Fixture       *f,
                   gconstpointer  user_data)
{
  static const struct {
    const char *email;
    const char *type;
    const char *title;
    const char *detail_part;
  } cases[] = {
    { "sandbox@northwind.example", "https://msiactions.github.io/problems/salesforce-wrong-org-type",
      "A Salesforce sandbox can't be connected", "production" },
    { "pe@northwind.example", "https://msiactions.github.io/problems/salesforce-api-disabled-for-org",
      "Your Salesforce edition has no API access", "Professional Edition" },
    { "noapi@northwind.example", "https://msiactions.github.io/problems/salesforce-api-disabled-for-user",
      "Your Salesforce user has no API access", "API Enabled" },
  };

  fixture_start (f, "MSI_DEMO_TEST_HOOKS=1", NULL);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(SoupSession) browser = new_session ();
      g_autoptr(JsonObject) start = NULL;
      g_autoptr(JsonObject) connection = NULL;
      g_autoptr(GPtrArray) tokens = NULL;
      g_autofree char *callback = NULL;
      g_autoptr(Reply) page = NULL;
      g_autofree char *escaped_title = NULL;
      JsonObject *error;

      g_test_message ("%s", cases[i].email);

      /* Another person in another browser. */
      g_set_object (&f->session, browser);
      start = start_connection (f);
      callback = browse_to_callback_as (f, start, "allow", cases[i].email);
      page = get (f, callback);
      assert_callback_page (page, 403, "failed");
      escaped_title = g_markup_escape_text (cases[i].title, -1);
      g_assert_nonnull (strstr (page->body, escaped_title));
      g_assert_true (has_id (page, "reason"));
      g_assert_nonnull (strstr (page->body, cases[i].detail_part));

      connection = dup_connection (f, "salesforce");
      g_assert_cmpstr (json_object_get_string_member (connection, "status"), ==, "error");
      g_assert_true (json_object_get_null_member (connection, "account"));
      error = json_object_get_object_member (connection, "error");
      g_assert_nonnull (error);
      g_assert_cmpstr (json_object_get_string_member (error, "type"), ==, cases[i].type);
      g_assert_cmpstr (json_object_get_string_member (error, "title"), ==, cases[i].title);
      g_assert_nonnull (strstr (json_object_get_string_member (error, "detail"), cases[i].detail_part));
      g_assert_nonnull (strstr (json_object_get_string_member (error, "detail"), cases[i].email));

      /* The service keeps no tokens it cannot use. */
      tokens = connection_tokens (f);
      g_assert_cmpuint (tokens->len, ==, 2 * (i + 1));
      for (guint j = 0; j < tokens->len; j++)
        g_assert_cmpuint (salesforce_userinfo_status (f, tokens->pdata[j]), ==, 401);
    }

  /* The admin of the production org connects after all. */
  {
    g_autoptr(SoupSession) browser = new_session ();

    g_set_object (&f->session, browser);
    g_free (connect_salesforce (f));
    assert_connected (f);
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

#define ADD_TEST(path, func) \
  g_test_add ("/demo-connections/" path, Fixture, NULL, fixture_setup, func, fixture_teardown)

  ADD_TEST ("authorization-url", test_authorization_url);
  ADD_TEST ("flow", test_flow);
  ADD_TEST ("already-signed-in", test_already_signed_in);
  ADD_TEST ("deny", test_deny);
  ADD_TEST ("reused-state", test_reused_state);
  ADD_TEST ("tampered-state", test_tampered_state);
  ADD_TEST ("exchange-failure", test_exchange_failure);
  ADD_TEST ("unauthorized", test_unauthorized);
  ADD_TEST ("forbidden", test_forbidden);
  ADD_TEST ("marketo", test_marketo);
  ADD_TEST ("unknown", test_unknown);
  ADD_TEST ("disconnect", test_disconnect);
  ADD_TEST ("escaping", test_escaping);
  ADD_TEST ("refused-orgs", test_refused_orgs);

#undef ADD_TEST

  return g_test_run ();
}
