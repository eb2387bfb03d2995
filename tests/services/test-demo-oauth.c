/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-demo-oauth.c: the demo server's authorization servers, driven like a browser and a client would */

#define G_LOG_DOMAIN "msi-demo-oauth"

#include "config.h"

#include "common/msi-test-demo-http.h"

#include <string.h>

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#define READY_TIMEOUT_SECONDS 20
#define APP_REDIRECT_URI      "io.github.msiactions.setup:/oauth2redirect"
#define VERIFIER              "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"
#define CHALLENGE             "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"

/* What the tests need to know of each provider. */
typedef struct
{
  const char *name;
  const char *authorize_path;
  const char *token_path;
  const char *revoke_path;       /* NULL: none (Microsoft) */
  const char *me_path;
  const char *me_email_member;
  const char *client_id;
  const char *redirect_uri;
  const char *scope;
  const char *extra_query;       /* appended to the authorize query */
  const char *email;
  const char *password;
  gboolean    two_step;
  gboolean    remembers_consent;
  gboolean    rotates_refresh;
} Provider;

static const Provider actions = {
  "actions", "/oauth/authorize", "/oauth/token", "/oauth/revoke", "/api/v1/me", "email",
  "msi-actions-setup-demo", APP_REDIRECT_URI, "openid profile offline_access", "",
  "admin@northwind.example", "demo-admin", FALSE, FALSE, TRUE,
};

static const Provider salesforce = {
  "salesforce", "/salesforce/services/oauth2/authorize", "/salesforce/services/oauth2/token",
  "/salesforce/services/oauth2/revoke", "/salesforce/services/oauth2/userinfo", "email",
  "demo-salesforce-consumer-key", APP_REDIRECT_URI, "api refresh_token", "",
  "rep@northwind.example", "demo-salesforce", FALSE, TRUE, FALSE,
};

static const Provider microsoft = {
  "microsoft", "/microsoft/common/oauth2/v2.0/authorize", "/microsoft/common/oauth2/v2.0/token",
  NULL, "/microsoft/graph/v1.0/me", "mail",
  "00000000-0000-4000-8000-00000000d3e0", "http://localhost:49152/callback",
  "openid email offline_access https://graph.microsoft.com/User.Read https://graph.microsoft.com/Mail.Send",
  "", "rep@northwind.example", "demo-outlook", TRUE, FALSE, TRUE,
};

static const Provider google = {
  "google", "/google/o/oauth2/v2/auth", "/google/token", "/google/revoke",
  "/google/gmail/v1/users/me/profile", "emailAddress",
  "demo.apps.googleusercontent.com", "http://127.0.0.1:53682/callback",
  "openid email https://www.googleapis.com/auth/gmail.send https://www.googleapis.com/auth/gmail.readonly",
  "&access_type=offline", "rep@northwind.example", "demo-gmail", TRUE, FALSE, FALSE,
};

static const Provider * const all_providers[] = { &actions, &salesforce, &microsoft, &google };

typedef struct
{
  char             *data_dir;
  SoupSession      *session;
  GSubprocess      *process;
  GDataInputStream *stdout_stream;
  char             *base_uri;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;

  f->data_dir = g_dir_make_tmp ("msi-demo-oauth-XXXXXX", &error);
  g_assert_no_error (error);
  f->session = new_session ();
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  user_data)
{
  if (f->process != NULL)
    {
      g_autoptr(GError) error = NULL;

      /* Closing stdin stops the server cleanly; its exit status tells
       * whether it crashed (or, under ASan, leaked). */
      g_output_stream_close (g_subprocess_get_stdin_pipe (f->process), NULL, NULL);
      g_subprocess_wait_check (f->process, NULL, &error);
      g_assert_no_error (error);
    }

  g_clear_object (&f->stdout_stream);
  g_clear_object (&f->process);
  g_clear_pointer (&f->base_uri, g_free);
  g_clear_object (&f->session);
  remove_tree (f->data_dir);
  g_clear_pointer (&f->data_dir, g_free);
}

/* Starts the server with NULL-terminated NAME=VALUE environment pairs. */
static void
fixture_start (Fixture    *f,
               const char *first_env,
               ...)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *line = NULL;
  const char *server = g_getenv ("MSI_DEMO_SERVER");
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

  f->process = g_subprocess_launcher_spawn (launcher, &error, server, "--data-dir", f->data_dir, NULL);
  g_assert_no_error (error);

  f->stdout_stream = g_data_input_stream_new (g_subprocess_get_stdout_pipe (f->process));
  line = g_data_input_stream_read_line_utf8 (f->stdout_stream, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (line);
  g_assert_true (g_str_has_prefix (line, "READY http://127.0.0.1:"));
  f->base_uri = g_strdup (line + strlen ("READY "));
}

static Reply *
send_message (Fixture     *f,
              SoupSession *session,
              SoupMessage *msg)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = NULL;
  Reply *reply = g_new0 (Reply, 1);

  soup_message_add_flags (msg, SOUP_MESSAGE_NO_REDIRECT);
  body = soup_session_send_and_read (session != NULL ? session : f->session, msg, NULL, &error);
  g_assert_no_error (error);

  reply->status = soup_message_get_status (msg);
  reply->headers = soup_message_headers_ref (soup_message_get_response_headers (msg));
  reply->body = g_strndup (g_bytes_get_data (body, NULL), g_bytes_get_size (body));

  return reply;
}

static Reply *
get (Fixture    *f,
     const char *path_and_query,
     const char *bearer)
{
  g_autofree char *uri = g_strconcat (f->base_uri, path_and_query, NULL);
  g_autoptr(SoupMessage) msg = soup_message_new ("GET", uri);

  g_assert_nonnull (msg);

  if (bearer != NULL)
    {
      g_autofree char *value = g_strdup_printf ("Bearer %s", bearer);

      soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", value);
    }

  return send_message (f, NULL, msg);
}

/* POSTs @form (name → value, form-urlencoded) to @path. */
static Reply *
post_form (Fixture    *f,
           const char *path,
           GHashTable *form)
{
  g_autofree char *uri = g_strconcat (f->base_uri, path, NULL);
  g_autoptr(SoupMessage) msg = soup_message_new_from_encoded_form ("POST", uri, soup_form_encode_hash (form));

  g_assert_nonnull (msg);

  return send_message (f, NULL, msg);
}

static GHashTable *
new_form (const char *first_name,
          ...)
{
  GHashTable *form = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  va_list args;

  va_start (args, first_name);
  for (const char *name = first_name; name != NULL; name = va_arg (args, const char *))
    {
      const char *value = va_arg (args, const char *);

      if (value != NULL)
        g_hash_table_insert (form, g_strdup (name), g_strdup (value));
    }
  va_end (args);

  return form;
}

/* The hidden fields of the page's form, as a form to post back. */

static void
assert_page (const Reply *page,
             guint        status)
{
  const char *csp = soup_message_headers_get_one (page->headers, "Content-Security-Policy");

  g_assert_cmpuint (page->status, ==, status);
  g_assert_cmpstr (soup_message_headers_get_one (page->headers, "Content-Type"), ==, "text/html; charset=utf-8");
  g_assert_cmpstr (soup_message_headers_get_one (page->headers, "Cache-Control"), ==, "no-store");
  g_assert_cmpstr (soup_message_headers_get_one (page->headers, "X-Frame-Options"), ==, "DENY");
  g_assert_nonnull (csp);
  g_assert_nonnull (strstr (csp, "default-src 'none'"));
  g_assert_nonnull (strstr (csp, "form-action 'self'"));
  g_assert_null (strstr (csp, "script-src"));
  g_assert_null (strstr (page->body, "<script"));
  g_assert_null (soup_message_headers_get_one (page->headers, "Location"));
}

static char *
authorize_query (const Provider *p,
                 const char     *state,
                 const char     *extra)
{
  g_autofree char *redirect = g_uri_escape_string (p->redirect_uri, NULL, FALSE);
  g_autofree char *scope = g_uri_escape_string (p->scope, NULL, FALSE);
  g_autofree char *state_escaped = g_uri_escape_string (state, NULL, FALSE);

  return g_strdup_printf ("%s?response_type=code&client_id=%s&redirect_uri=%s&scope=%s&state=%s"
                          "&code_challenge=" CHALLENGE "&code_challenge_method=S256%s%s",
                          p->authorize_path, p->client_id, redirect, scope, state_escaped,
                          p->extra_query, extra != NULL ? extra : "");
}

/* Parses a 302 to the provider's redirect URI. */
static GHashTable *
assert_redirect (const Provider *p,
                 const Reply    *reply)
{
  const char *location = soup_message_headers_get_one (reply->headers, "Location");
  const char *query;

  g_assert_cmpuint (reply->status, ==, 302);
  g_assert_nonnull (location);
  g_assert_true (g_str_has_prefix (location, p->redirect_uri));
  g_assert_cmpint (location[strlen (p->redirect_uri)], ==, '?');
  query = location + strlen (p->redirect_uri) + 1;

  return soup_form_decode (query);
}

/* Fills in the sign-in page(s) like the e2e tests do: by id. Returns the
 * reply after the credentials. */
static Reply *
sign_in (Fixture        *f,
         const Provider *p,
         const Reply    *login_page,
         const char     *password)
{
  g_autoptr(GHashTable) form = page_form (login_page);

  assert_page (login_page, 200);
  g_assert_true (has_id (login_page, p->two_step ? "email" : "username"));

  if (p->two_step)
    {
      g_autoptr(Reply) password_page = NULL;
      g_autoptr(GHashTable) password_form = NULL;

      g_assert_true (has_id (login_page, "next"));
      g_assert_false (has_id (login_page, "password"));
      g_hash_table_insert (form, g_strdup ("email"), g_strdup (p->email));
      g_hash_table_insert (form, g_strdup ("action"), g_strdup ("next"));
      password_page = post_form (f, p->authorize_path, form);
      assert_page (password_page, 200);
      g_assert_true (has_id (password_page, "password"));
      g_assert_true (has_id (password_page, "signin"));

      password_form = page_form (password_page);
      g_hash_table_insert (password_form, g_strdup ("password"), g_strdup (password));
      g_hash_table_insert (password_form, g_strdup ("action"), g_strdup ("signin"));
      return post_form (f, p->authorize_path, password_form);
    }

  g_assert_true (has_id (login_page, "password"));
  g_assert_true (has_id (login_page, "login"));
  g_hash_table_insert (form, g_strdup ("username"), g_strdup (p->email));
  g_hash_table_insert (form, g_strdup ("password"), g_strdup (password));
  g_hash_table_insert (form, g_strdup ("action"), g_strdup ("login"));

  return post_form (f, p->authorize_path, form);
}

static Reply *
press (Fixture        *f,
       const Provider *p,
       const Reply    *page,
       const char     *button)
{
  g_autoptr(GHashTable) form = page_form (page);

  g_assert_true (has_id (page, button));
  g_hash_table_insert (form, g_strdup ("action"), g_strdup (button));

  return post_form (f, p->authorize_path, form);
}

/* The whole browser part: returns the code. */
static char *
authorize (Fixture        *f,
           const Provider *p,
           const char     *state)
{
  g_autofree char *query = authorize_query (p, state, NULL);
  g_autoptr(Reply) first_page = get (f, query, NULL);
  g_autoptr(Reply) consent = NULL;
  g_autoptr(Reply) redirect = NULL;
  g_autoptr(GHashTable) params = NULL;

  /* Signed in already (a session cookie): consent, or straight back. */
  if (first_page->status == 302)
    redirect = g_steal_pointer (&first_page);
  else if (has_id (first_page, "allow"))
    consent = g_steal_pointer (&first_page);
  else
    consent = sign_in (f, p, first_page, p->password);

  if (redirect != NULL)
    {
      params = assert_redirect (p, redirect);
      g_assert_cmpstr (g_hash_table_lookup (params, "state"), ==, state);
      return g_strdup (g_hash_table_lookup (params, "code"));
    }

  assert_page (consent, 200);
  g_assert_true (has_id (consent, "allow"));
  g_assert_true (has_id (consent, "deny"));
  g_assert_nonnull (strstr (consent->body, "MSI Actions Setup"));

  redirect = press (f, p, consent, "allow");
  params = assert_redirect (p, redirect);
  g_assert_cmpstr (g_hash_table_lookup (params, "state"), ==, state);
  g_assert_nonnull (g_hash_table_lookup (params, "code"));

  return g_strdup (g_hash_table_lookup (params, "code"));
}

static Reply *
exchange (Fixture        *f,
          const Provider *p,
          const char     *code,
          const char     *verifier)
{
  g_autoptr(GHashTable) form = new_form ("grant_type", "authorization_code",
                                         "code", code,
                                         "client_id", p->client_id,
                                         "redirect_uri", p->redirect_uri,
                                         "code_verifier", verifier,
                                         NULL);

  return post_form (f, p->token_path, form);
}

static void
assert_members (JsonObject         *object,
                const char * const *expected)
{
  g_autoptr(GList) members = json_object_get_members (object);

  for (guint i = 0; expected[i] != NULL; i++)
    if (!json_object_has_member (object, expected[i]))
      g_error ("Member “%s” is missing", expected[i]);

  for (GList *l = members; l != NULL; l = l->next)
    if (!g_strv_contains (expected, l->data))
      g_error ("Unexpected member “%s”", (const char *)l->data);
}

static gboolean
is_string (JsonObject *object,
           const char *member)
{
  JsonNode *node = json_object_get_member (object, member);

  return node != NULL && JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING;
}

static gboolean
is_int (JsonObject *object,
        const char *member)
{
  JsonNode *node = json_object_get_member (object, member);

  return node != NULL && JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_INT64;
}

/* Checks the token reply has exactly the provider's shape. */
static void
assert_token_shape (Fixture        *f,
                    const Provider *p,
                    JsonObject     *tokens,
                    gboolean        with_refresh)
{
  g_assert_cmpstr (json_object_get_string_member (tokens, "token_type"), ==, "Bearer");
  g_assert_true (is_string (tokens, "access_token"));

  if (p == &salesforce)
    {
      const char * const keys[] = { "access_token", "refresh_token", "signature", "scope", "instance_url",
                                    "id", "token_type", "issued_at", NULL };
      const char * const keys_no_refresh[] = { "access_token", "signature", "scope", "instance_url",
                                               "id", "token_type", "issued_at", NULL };
      g_autofree char *instance_url = g_strconcat (f->base_uri, "/salesforce", NULL);
      g_autofree char *id_prefix = g_strconcat (f->base_uri, "/salesforce/id/00D", NULL);
      const char *issued_at;

      assert_members (tokens, with_refresh ? keys : keys_no_refresh);
      g_assert_true (is_string (tokens, "issued_at"));
      issued_at = json_object_get_string_member (tokens, "issued_at");
      g_assert_cmpuint (strlen (issued_at), ==, 13);
      g_assert_cmpint (g_ascii_strtoll (issued_at, NULL, 10) / 1000, <=, g_get_real_time () / G_USEC_PER_SEC);
      g_assert_cmpstr (json_object_get_string_member (tokens, "instance_url"), ==, instance_url);
      g_assert_true (g_str_has_prefix (json_object_get_string_member (tokens, "id"), id_prefix));
      g_assert_nonnull (strstr (json_object_get_string_member (tokens, "id"), "/005"));
      g_assert_false (json_object_has_member (tokens, "expires_in"));
    }
  else if (p == &microsoft)
    {
      const char * const keys[] = { "token_type", "scope", "expires_in", "access_token", "refresh_token",
                                    "id_token", NULL };

      g_auto(GStrv) jwt = g_strsplit (json_object_get_string_member (tokens, "id_token"), ".", -1);

      assert_members (tokens, keys);
      g_assert_true (is_int (tokens, "expires_in"));
      g_assert_cmpuint (g_strv_length (jwt), ==, 3);
    }
  else if (p == &google)
    {
      const char * const keys[] = { "access_token", "expires_in", "refresh_token", "scope", "token_type",
                                    "id_token", NULL };
      const char * const keys_no_refresh[] = { "access_token", "expires_in", "scope", "token_type",
                                               "id_token", NULL };

      assert_members (tokens, with_refresh ? keys : keys_no_refresh);
      g_assert_true (is_int (tokens, "expires_in"));
    }
  else
    {
      const char * const keys[] = { "access_token", "token_type", "expires_in", "refresh_token", "scope", NULL };

      assert_members (tokens, keys);
      g_assert_true (is_int (tokens, "expires_in"));
      g_assert_cmpint (json_object_get_int_member (tokens, "expires_in"), ==, 3600);
    }
}

static JsonObject *
sign_in_and_exchange (Fixture        *f,
                      const Provider *p)
{
  g_autofree char *code = authorize (f, p, "st-1");
  g_autoptr(Reply) reply = exchange (f, p, code, VERIFIER);

  g_assert_cmpuint (reply->status, ==, 200);
  g_assert_cmpstr (soup_message_headers_get_one (reply->headers, "Cache-Control"), ==, "no-store");

  return parse_object (reply);
}

static void
assert_me (Fixture        *f,
           const Provider *p,
           const char     *access_token)
{
  g_autoptr(Reply) reply = get (f, p->me_path, access_token);
  g_autoptr(JsonObject) me = NULL;

  g_assert_cmpuint (reply->status, ==, 200);
  me = parse_object (reply);
  g_assert_cmpstr (json_object_get_string_member (me, p->me_email_member), ==, p->email);

  if (p == &actions)
    {
      g_assert_cmpstr (json_object_get_string_member (me, "role"), ==, "admin");
      g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (me, "onboarding"), "state"),
                       ==, "not-started");
    }
  else if (p == &salesforce)
    {
      g_assert_true (g_str_has_prefix (json_object_get_string_member (me, "organization_id"), "00D"));
      g_assert_true (g_str_has_prefix (json_object_get_string_member (me, "user_id"), "005"));
      g_assert_true (json_object_get_boolean_member (me, "email_verified"));
    }
  else if (p == &microsoft)
    {
      g_assert_cmpstr (json_object_get_string_member (me, "userPrincipalName"), ==, p->email);
      g_assert_true (is_string (me, "displayName"));
    }
  else
    {
      g_assert_true (is_int (me, "messagesTotal"));
      g_assert_true (is_string (me, "historyId"));
    }
}

/* A 401 in the provider's shape. */
static void
assert_unauthorized (Fixture        *f,
                     const Provider *p,
                     const char     *access_token)
{
  g_autoptr(Reply) reply = get (f, p->me_path, access_token);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonNode *root;

  g_assert_cmpuint (reply->status, ==, 401);
  json_parser_load_from_data (parser, reply->body, -1, &error);
  g_assert_no_error (error);
  root = json_parser_get_root (parser);

  if (p == &salesforce)
    {
      JsonObject *error_object;

      g_assert_true (JSON_NODE_HOLDS_ARRAY (root));
      error_object = json_array_get_object_element (json_node_get_array (root), 0);
      g_assert_cmpstr (json_object_get_string_member (error_object, "errorCode"), ==, "INVALID_SESSION_ID");
      g_assert_cmpstr (json_object_get_string_member (error_object, "message"), ==, "Session expired or invalid");
    }
  else if (p == &microsoft)
    {
      JsonObject *error_object = json_object_get_object_member (json_node_get_object (root), "error");

      g_assert_cmpstr (json_object_get_string_member (error_object, "code"), ==, "InvalidAuthenticationToken");
      g_assert_true (is_string (error_object, "message"));
    }
  else if (p == &google)
    {
      JsonObject *error_object = json_object_get_object_member (json_node_get_object (root), "error");

      g_assert_cmpint (json_object_get_int_member (error_object, "code"), ==, 401);
      g_assert_cmpstr (json_object_get_string_member (error_object, "status"), ==, "UNAUTHENTICATED");
    }
  else
    {
      g_assert_cmpstr (soup_message_headers_get_content_type (reply->headers, NULL), ==, "application/problem+json");
      g_assert_cmpint (json_object_get_int_member (json_node_get_object (root), "status"), ==, 401);
    }

  g_assert_nonnull (soup_message_headers_get_one (reply->headers, "WWW-Authenticate"));
}

static void
assert_oauth_error (const Provider *p,
                    const Reply    *reply,
                    guint           status,
                    const char     *error)
{
  g_autoptr(JsonObject) object = NULL;

  g_assert_cmpuint (reply->status, ==, status);
  object = parse_object (reply);
  g_assert_cmpstr (json_object_get_string_member (object, "error"), ==, error);
  g_assert_true (is_string (object, "error_description"));

  if (p == &microsoft)
    {
      g_assert_true (g_str_has_prefix (json_object_get_string_member (object, "error_description"), "AADSTS"));
      g_assert_nonnull (json_object_get_array_member (object, "error_codes"));
      g_assert_true (is_string (object, "timestamp"));
      g_assert_true (is_string (object, "trace_id"));
      g_assert_true (is_string (object, "correlation_id"));
    }
}

/*
 * Tests
 */

/* The whole flow, the token reply's exact shape, and the user API. */
static void
test_flow (Fixture       *f,
           gconstpointer  user_data)
{
  const Provider *p = user_data;
  g_autoptr(JsonObject) tokens = NULL;

  fixture_start (f, NULL);
  tokens = sign_in_and_exchange (f, p);
  assert_token_shape (f, p, tokens, TRUE);
  assert_me (f, p, json_object_get_string_member (tokens, "access_token"));
  assert_unauthorized (f, p, NULL);
  assert_unauthorized (f, p, "not-a-token");
}

/* A wrong verifier, a missing one, a replayed code (which revokes the
 * tokens issued from it), a redirect_uri that differs. */
static void
test_code_misuse (Fixture       *f,
                  gconstpointer  user_data)
{
  const Provider *p = user_data;
  g_autofree char *code = NULL;
  g_autofree char *code2 = NULL;
  g_autofree char *code3 = NULL;
  g_autoptr(Reply) wrong = NULL;
  g_autoptr(Reply) missing = NULL;
  g_autoptr(Reply) first = NULL;
  g_autoptr(Reply) again = NULL;
  g_autoptr(Reply) other_redirect = NULL;
  g_autoptr(JsonObject) tokens = NULL;
  g_autoptr(GHashTable) form = NULL;

  fixture_start (f, NULL);

  code = authorize (f, p, "s1");
  wrong = exchange (f, p, code, "wrongwrongwrongwrongwrongwrongwrongwrongwrongwrong");
  assert_oauth_error (p, wrong, 400, "invalid_grant");

  code2 = authorize (f, p, "s2");
  form = new_form ("grant_type", "authorization_code", "code", code2, "client_id", p->client_id,
                   "redirect_uri", p->redirect_uri, NULL);
  missing = post_form (f, p->token_path, form);
  assert_oauth_error (p, missing, 400, "invalid_grant");

  code3 = authorize (f, p, "s3");
  first = exchange (f, p, code3, VERIFIER);
  g_assert_cmpuint (first->status, ==, 200);
  tokens = parse_object (first);
  assert_me (f, p, json_object_get_string_member (tokens, "access_token"));
  again = exchange (f, p, code3, VERIFIER);
  assert_oauth_error (p, again, 400, "invalid_grant");
  assert_unauthorized (f, p, json_object_get_string_member (tokens, "access_token"));

  g_clear_pointer (&code, g_free);
  code = authorize (f, p, "s4");
  g_clear_pointer (&form, g_hash_table_unref);
  form = new_form ("grant_type", "authorization_code", "code", code, "client_id", p->client_id,
                   "redirect_uri", "io.github.msiactions.setup:/other", "code_verifier", VERIFIER, NULL);
  other_redirect = post_form (f, p->token_path, form);
  assert_oauth_error (p, other_redirect, 400, "invalid_grant");
}

static void
assert_error_page (Fixture        *f,
                   const Provider *p,
                   const char     *client_id,
                   const char     *redirect_uri)
{
  g_autofree char *redirect = g_uri_escape_string (redirect_uri, NULL, FALSE);
  g_autofree char *query = g_strdup_printf ("%s?response_type=code&client_id=%s&redirect_uri=%s&scope=openid"
                                            "&state=s&code_challenge=" CHALLENGE "&code_challenge_method=S256",
                                            p->authorize_path, client_id, redirect);
  g_autoptr(Reply) page = get (f, query, NULL);

  assert_page (page, 400);
  g_assert_true (has_id (page, "error"));
}

/* Unregistered clients and redirect URIs get a page, never a redirect;
 * loopback ports are free where the host allows it. */
static void
test_redirect_uris (Fixture       *f,
                    gconstpointer  user_data)
{
  static const char * const bad[] = {
    "https://attacker.example/callback",
    "io.github.msiactions.setup:/oauth2redirect/extra",
    "io.github.msiactions.setup:/oauth2redirect?x=1",
    "http://127.0.0.1:8080/other",
    "http://127.0.0.1.attacker.example:80/callback",
  };

  fixture_start (f, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (all_providers); i++)
    {
      const Provider *p = all_providers[i];

      assert_error_page (f, p, "someone-else", p->redirect_uri);
      for (guint j = 0; j < G_N_ELEMENTS (bad); j++)
        assert_error_page (f, p, p->client_id, bad[j]);
    }

  /* Loopback: Google any port on 127.0.0.1, Microsoft localhost any port. */
  assert_error_page (f, &actions, actions.client_id, "http://127.0.0.1:1234/callback");
  assert_error_page (f, &salesforce, salesforce.client_id, "http://127.0.0.1:1234/callback");
  assert_error_page (f, &google, google.client_id, "http://localhost:1234/callback");
  assert_error_page (f, &google, google.client_id, "http://127.0.0.1/callback");
  assert_error_page (f, &microsoft, microsoft.client_id, "http://127.0.0.1:1234/callback");

  {
    Provider other_port = google;
    Provider no_port = microsoft;
    g_autofree char *code = NULL;
    g_autofree char *code2 = NULL;

    other_port.redirect_uri = "http://127.0.0.1:40001/callback";
    code = authorize (f, &other_port, "a");
    no_port.redirect_uri = "http://localhost/callback";
    code2 = authorize (f, &no_port, "b");
  }
}

/* No PKCE, plain PKCE, wrong response_type: back to the client, with state. */
static void
test_bad_requests (Fixture       *f,
                   gconstpointer  user_data)
{
  const Provider *p = &salesforce;
  g_autofree char *redirect = g_uri_escape_string (p->redirect_uri, NULL, FALSE);
  struct { const char *query; const char *error; } cases[] = {
    { "response_type=code&code_challenge_method=S256", "invalid_request" },
    { "response_type=code&code_challenge=" CHALLENGE, "invalid_request" },
    { "response_type=code&code_challenge=" CHALLENGE "&code_challenge_method=plain", "invalid_request" },
    { "response_type=token&code_challenge=" CHALLENGE "&code_challenge_method=S256", "unsupported_response_type" },
  };

  fixture_start (f, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *query = g_strdup_printf ("%s?%s&client_id=%s&redirect_uri=%s&state=keep%%20me",
                                                p->authorize_path, cases[i].query, p->client_id, redirect);
      g_autoptr(Reply) reply = get (f, query, NULL);
      g_autoptr(GHashTable) params = assert_redirect (p, reply);

      g_assert_cmpstr (g_hash_table_lookup (params, "error"), ==, cases[i].error);
      g_assert_cmpstr (g_hash_table_lookup (params, "state"), ==, "keep me");
      g_assert_null (g_hash_table_lookup (params, "code"));
    }
}

/* Deny → access_denied with the state, for every provider. */
static void
test_deny (Fixture       *f,
           gconstpointer  user_data)
{
  fixture_start (f, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (all_providers); i++)
    {
      const Provider *p = all_providers[i];
      g_autofree char *query = authorize_query (p, "deny-state", NULL);
      g_autoptr(Reply) login_page = get (f, query, NULL);
      g_autoptr(Reply) consent = sign_in (f, p, login_page, p->password);
      g_autoptr(Reply) redirect = press (f, p, consent, "deny");
      g_autoptr(GHashTable) params = assert_redirect (p, redirect);

      g_assert_cmpstr (g_hash_table_lookup (params, "error"), ==, "access_denied");
      g_assert_nonnull (g_hash_table_lookup (params, "error_description"));
      g_assert_cmpstr (g_hash_table_lookup (params, "state"), ==, "deny-state");
      g_assert_null (g_hash_table_lookup (params, "code"));
    }
}

/* A wrong password shows the page again with an error; no cookie. */
static void
test_wrong_password (Fixture       *f,
                     gconstpointer  user_data)
{
  fixture_start (f, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (all_providers); i++)
    {
      const Provider *p = all_providers[i];
      g_autofree char *query = authorize_query (p, "s", NULL);
      g_autoptr(Reply) login_page = get (f, query, NULL);
      g_autoptr(Reply) again = sign_in (f, p, login_page, "not-the-password");
      g_autoptr(Reply) consent = NULL;

      assert_page (again, 200);
      g_assert_true (has_id (again, "error"));
      g_assert_true (has_id (again, "password"));
      g_assert_false (has_id (again, "allow"));
      g_assert_null (soup_message_headers_get_one (again->headers, "Set-Cookie"));

      /* The same page still works with the right password. */
      if (p->two_step)
        {
          g_autoptr(GHashTable) form = page_form (again);

          g_hash_table_insert (form, g_strdup ("password"), g_strdup (p->password));
          g_hash_table_insert (form, g_strdup ("action"), g_strdup ("signin"));
          consent = post_form (f, p->authorize_path, form);
        }
      else
        {
          consent = sign_in (f, p, again, p->password);
        }

      assert_page (consent, 200);
      g_assert_true (has_id (consent, "allow"));
    }
}

/* The session cookie skips the login page (Salesforce: and the consent);
 * prompt=login brings it back; the cookie is scoped and HttpOnly. */
static void
test_session (Fixture       *f,
              gconstpointer  user_data)
{
  fixture_start (f, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (all_providers); i++)
    {
      const Provider *p = all_providers[i];
      g_autofree char *first_code = authorize (f, p, "first");
      g_autofree char *query = authorize_query (p, "second", NULL);
      g_autofree char *forced = authorize_query (p, "third", "&prompt=login");
      g_autoptr(Reply) second = get (f, query, NULL);
      g_autoptr(Reply) third = get (f, forced, NULL);

      if (p->remembers_consent)
        {
          g_autoptr(GHashTable) params = assert_redirect (p, second);

          g_assert_cmpstr (g_hash_table_lookup (params, "state"), ==, "second");
          g_assert_nonnull (g_hash_table_lookup (params, "code"));
        }
      else
        {
          assert_page (second, 200);
          g_assert_true (has_id (second, "allow"));
          g_assert_false (has_id (second, "password"));
        }

      assert_page (third, 200);
      g_assert_true (has_id (third, p->two_step ? "email" : "username"));
    }

  /* The jar holds one cookie per provider, each scoped to its prefix. */
  {
    SoupCookieJar *jar = SOUP_COOKIE_JAR (soup_session_get_feature (f->session, SOUP_TYPE_COOKIE_JAR));
    g_autoptr(GSList) cookies = soup_cookie_jar_all_cookies (jar);
    g_autoptr(GPtrArray) paths = g_ptr_array_new ();

    for (GSList *l = cookies; l != NULL; l = l->next)
      {
        g_assert_true (soup_cookie_get_http_only (l->data));
        g_assert_cmpint (soup_cookie_get_same_site_policy (l->data), ==, SOUP_SAME_SITE_POLICY_LAX);
        g_ptr_array_add (paths, (gpointer)soup_cookie_get_path (l->data));
      }

    g_assert_cmpuint (paths->len, ==, 4);
    g_assert_true (g_ptr_array_find_with_equal_func (paths, "/salesforce", g_str_equal, NULL));
    g_assert_true (g_ptr_array_find_with_equal_func (paths, "/microsoft", g_str_equal, NULL));
    g_assert_true (g_ptr_array_find_with_equal_func (paths, "/google", g_str_equal, NULL));
    g_assert_true (g_ptr_array_find_with_equal_func (paths, "/oauth", g_str_equal, NULL));
    g_slist_free_full (g_steal_pointer (&cookies), (GDestroyNotify)soup_cookie_free);
  }
}

static Reply *
refresh (Fixture        *f,
         const Provider *p,
         const char     *refresh_token)
{
  g_autoptr(GHashTable) form = new_form ("grant_type", "refresh_token",
                                         "refresh_token", refresh_token,
                                         "client_id", p->client_id,
                                         "scope", p == &microsoft ? p->scope : NULL,
                                         NULL);

  return post_form (f, p->token_path, form);
}

/* Microsoft and Actions rotate refresh tokens; Salesforce and Google keep
 * them. Google sends one only at the first consent. */
static void
test_refresh (Fixture       *f,
              gconstpointer  user_data)
{
  const Provider *p = user_data;
  g_autoptr(JsonObject) tokens = NULL;
  g_autoptr(JsonObject) refreshed = NULL;
  g_autoptr(Reply) reply = NULL;
  g_autoptr(Reply) old_again = NULL;
  const char *refresh_token;

  fixture_start (f, NULL);
  tokens = sign_in_and_exchange (f, p);
  refresh_token = json_object_get_string_member (tokens, "refresh_token");
  g_assert_nonnull (refresh_token);

  reply = refresh (f, p, refresh_token);
  g_assert_cmpuint (reply->status, ==, 200);
  refreshed = parse_object (reply);
  g_assert_cmpstr (json_object_get_string_member (refreshed, "access_token"), !=,
                   json_object_get_string_member (tokens, "access_token"));
  assert_me (f, p, json_object_get_string_member (refreshed, "access_token"));
  /* The earlier access token stays valid until it expires. */
  assert_me (f, p, json_object_get_string_member (tokens, "access_token"));

  if (p->rotates_refresh)
    {
      const char *new_refresh = json_object_get_string_member (refreshed, "refresh_token");
      g_autoptr(Reply) with_new = NULL;

      assert_token_shape (f, p, refreshed, TRUE);
      g_assert_cmpstr (new_refresh, !=, refresh_token);
      old_again = refresh (f, p, refresh_token);
      assert_oauth_error (p, old_again, 400, "invalid_grant");
      with_new = refresh (f, p, new_refresh);
      g_assert_cmpuint (with_new->status, ==, 200);
    }
  else
    {
      assert_token_shape (f, p, refreshed, FALSE);
      old_again = refresh (f, p, refresh_token);
      g_assert_cmpuint (old_again->status, ==, 200);
    }

  if (p == &google)
    {
      /* A second consent brings no new refresh token… */
      g_autoptr(JsonObject) second = sign_in_and_exchange (f, p);
      g_autofree char *code = NULL;
      g_autoptr(Reply) third = NULL;
      g_autoptr(JsonObject) third_tokens = NULL;
      g_autofree char *query = authorize_query (p, "c", "&prompt=consent");
      g_autoptr(Reply) consent = get (f, query, NULL);
      g_autoptr(Reply) redirect = press (f, p, consent, "allow");
      g_autoptr(GHashTable) params = assert_redirect (p, redirect);

      assert_token_shape (f, p, second, FALSE);

      /* …unless prompt=consent. */
      third = exchange (f, p, g_hash_table_lookup (params, "code"), VERIFIER);
      g_assert_cmpuint (third->status, ==, 200);
      third_tokens = parse_object (third);
      assert_token_shape (f, p, third_tokens, TRUE);
    }
}

/* MSI_DEMO_TOKEN_LIFETIME=1: two seconds later the token is refused. */
static void
test_expiry (Fixture       *f,
             gconstpointer  user_data)
{
  g_autoptr(GPtrArray) access_tokens = g_ptr_array_new_with_free_func (g_free);

  fixture_start (f, "MSI_DEMO_TOKEN_LIFETIME=1", NULL);

  for (guint i = 0; i < G_N_ELEMENTS (all_providers); i++)
    {
      g_autoptr(JsonObject) tokens = sign_in_and_exchange (f, all_providers[i]);

      if (all_providers[i] != &salesforce)
        g_assert_cmpint (json_object_get_int_member (tokens, "expires_in"), ==, 1);
      g_ptr_array_add (access_tokens, g_strdup (json_object_get_string_member (tokens, "access_token")));
    }

  g_usleep (2 * G_USEC_PER_SEC);

  for (guint i = 0; i < G_N_ELEMENTS (all_providers); i++)
    assert_unauthorized (f, all_providers[i], g_ptr_array_index (access_tokens, i));
}

/* Revoking: an access token, a refresh token (with its access tokens),
 * unknown tokens (per host). */
static void
test_revoke (Fixture       *f,
             gconstpointer  user_data)
{
  fixture_start (f, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (all_providers); i++)
    {
      const Provider *p = all_providers[i];
      g_autoptr(JsonObject) tokens = NULL;
      g_autoptr(GHashTable) form = NULL;
      g_autoptr(GHashTable) refresh_form = NULL;
      g_autoptr(GHashTable) unknown_form = NULL;
      g_autoptr(Reply) revoked = NULL;
      g_autoptr(Reply) refresh_revoked = NULL;
      g_autoptr(Reply) after = NULL;
      g_autoptr(Reply) unknown = NULL;

      if (p->revoke_path == NULL)
        continue;

      /* First the refresh token: Google sends one only at the first consent. */
      tokens = sign_in_and_exchange (f, p);
      refresh_form = new_form ("token", json_object_get_string_member (tokens, "refresh_token"), NULL);
      refresh_revoked = post_form (f, p->revoke_path, refresh_form);
      g_assert_cmpuint (refresh_revoked->status, ==, 200);
      assert_unauthorized (f, p, json_object_get_string_member (tokens, "access_token"));
      after = refresh (f, p, json_object_get_string_member (tokens, "refresh_token"));
      assert_oauth_error (p, after, 400, "invalid_grant");

      g_clear_pointer (&tokens, json_object_unref);
      tokens = sign_in_and_exchange (f, p);
      form = new_form ("token", json_object_get_string_member (tokens, "access_token"), NULL);
      revoked = post_form (f, p->revoke_path, form);
      g_assert_cmpuint (revoked->status, ==, 200);
      assert_unauthorized (f, p, json_object_get_string_member (tokens, "access_token"));

      unknown_form = new_form ("token", "never-issued", NULL);
      unknown = post_form (f, p->revoke_path, unknown_form);
      if (p == &salesforce)
        assert_oauth_error (p, unknown, 400, "unsupported_token_type");
      else
        g_assert_cmpuint (unknown->status, ==, 200);
    }
}

/* Whatever comes from the request is escaped on the pages. */
static void
test_escaping (Fixture       *f,
               gconstpointer  user_data)
{
  static const char hostile[] = "\"><script>alert(1)</script><img src=x onerror='alert(2)'>";
  Provider p = salesforce;
  g_autofree char *scope = g_strconcat ("api ", hostile, NULL);
  g_autofree char *query = NULL;
  g_autofree char *hint = g_uri_escape_string (hostile, NULL, FALSE);
  g_autofree char *extra = g_strdup_printf ("&login_hint=%s", hint);
  g_autoptr(Reply) login_page = NULL;
  g_autoptr(Reply) consent = NULL;
  g_autoptr(Reply) redirect = NULL;
  g_autoptr(GHashTable) params = NULL;

  fixture_start (f, NULL);

  p.scope = scope;
  query = authorize_query (&p, hostile, extra);
  login_page = get (f, query, NULL);
  g_assert_null (strstr (login_page->body, "<script>"));
  g_assert_null (strstr (login_page->body, "<img"));
  g_assert_null (strstr (login_page->body, "'alert"));
  consent = sign_in (f, &p, login_page, p.password);
  assert_page (consent, 200);
  g_assert_null (strstr (consent->body, "<script>"));
  g_assert_null (strstr (consent->body, "<img"));
  g_assert_nonnull (strstr (consent->body, "&lt;script&gt;"));

  /* The state still comes back intact. */
  redirect = press (f, &p, consent, "allow");
  params = assert_redirect (&p, redirect);
  g_assert_cmpstr (g_hash_table_lookup (params, "state"), ==, hostile);
}

/* A page whose CSRF token is unknown, or whose hidden fields were changed,
 * is refused. */
static void
test_csrf (Fixture       *f,
           gconstpointer  user_data)
{
  const Provider *p = &actions;
  g_autofree char *query = authorize_query (p, "s", NULL);
  g_autoptr(Reply) login_page = NULL;
  g_autoptr(GHashTable) forged = NULL;
  g_autoptr(GHashTable) tampered = NULL;
  g_autoptr(Reply) forged_reply = NULL;
  g_autoptr(Reply) tampered_reply = NULL;

  fixture_start (f, NULL);
  login_page = get (f, query, NULL);

  forged = page_form (login_page);
  g_hash_table_insert (forged, g_strdup ("csrf_token"), g_strdup ("forged"));
  g_hash_table_insert (forged, g_strdup ("username"), g_strdup (p->email));
  g_hash_table_insert (forged, g_strdup ("password"), g_strdup (p->password));
  forged_reply = post_form (f, p->authorize_path, forged);
  assert_page (forged_reply, 400);

  tampered = page_form (login_page);
  g_hash_table_insert (tampered, g_strdup ("redirect_uri"), g_strdup ("https://attacker.example/callback"));
  g_hash_table_insert (tampered, g_strdup ("username"), g_strdup (p->email));
  g_hash_table_insert (tampered, g_strdup ("password"), g_strdup (p->password));
  tampered_reply = post_form (f, p->authorize_path, tampered);
  assert_page (tampered_reply, 400);
}

static gboolean
contains_bytes (const char *haystack,
                gsize       haystack_len,
                const char *needle)
{
  gsize needle_len = strlen (needle);

  for (gsize i = 0; needle_len <= haystack_len && i <= haystack_len - needle_len; i++)
    {
      if (haystack[i] == needle[0] && memcmp (haystack + i, needle, needle_len) == 0)
        return TRUE;
    }

  return FALSE;
}

static void
collect_tokens (Fixture   *f,
                GPtrArray *tokens)
{
  g_autoptr(Reply) reply = get (f, "/__demo/issued-tokens", NULL);
  g_autoptr(JsonObject) object = NULL;
  JsonArray *array;

  g_assert_cmpuint (reply->status, ==, 200);
  object = parse_object (reply);
  array = json_object_get_array_member (object, "tokens");

  for (guint i = 0; i < json_array_get_length (array); i++)
    g_ptr_array_add (tokens, g_strdup (json_array_get_string_element (array, i)));
}

/* /__demo/issued-tokens exists only with MSI_DEMO_TEST_HOOKS=1. */
static void
test_issued_tokens_hook (Fixture       *f,
                         gconstpointer  user_data)
{
  g_autoptr(Reply) hidden = NULL;

  fixture_start (f, NULL);
  hidden = get (f, "/__demo/issued-tokens", NULL);
  g_assert_cmpuint (hidden->status, ==, 404);
}

/* With the hook: every token of every provider is listed, and none of
 * them is in the data directory's files. */
static void
test_no_tokens_on_disk (Fixture       *f,
                        gconstpointer  user_data)
{
  g_autoptr(GPtrArray) issued = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) expected = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GDir) dir = NULL;
  const char *name;
  guint n_files = 0;

  fixture_start (f, "MSI_DEMO_TEST_HOOKS=1", NULL);

  for (guint i = 0; i < G_N_ELEMENTS (all_providers); i++)
    {
      const Provider *p = all_providers[i];
      g_autoptr(JsonObject) tokens = sign_in_and_exchange (f, p);
      g_autoptr(Reply) refreshed = refresh (f, p, json_object_get_string_member (tokens, "refresh_token"));
      g_autoptr(JsonObject) more = parse_object (refreshed);

      g_ptr_array_add (expected, g_strdup (json_object_get_string_member (tokens, "access_token")));
      g_ptr_array_add (expected, g_strdup (json_object_get_string_member (tokens, "refresh_token")));
      g_ptr_array_add (expected, g_strdup (json_object_get_string_member (more, "access_token")));
    }

  collect_tokens (f, issued);
  for (guint i = 0; i < expected->len; i++)
    g_assert_true (g_ptr_array_find_with_equal_func (issued, expected->pdata[i], g_str_equal, NULL));

  /* Stop the server so that the WAL is checkpointed into the database,
   * then read every file it left. */
  g_output_stream_close (g_subprocess_get_stdin_pipe (f->process), NULL, NULL);
  g_subprocess_wait_check (f->process, NULL, NULL);
  g_clear_object (&f->stdout_stream);
  g_clear_object (&f->process);

  dir = g_dir_open (f->data_dir, 0, NULL);
  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (f->data_dir, name, NULL);
      g_autofree char *contents = NULL;
      gsize length = 0;
      g_autoptr(GError) error = NULL;

      g_file_get_contents (path, &contents, &length, &error);
      g_assert_no_error (error);
      n_files++;

      for (guint i = 0; i < issued->len; i++)
        {
          const char *token = issued->pdata[i];

          if (contains_bytes (contents, length, token))
            g_error ("An issued token is in clear in %s", name);
        }

      /* The users' e-mails are there: the search does work. */
      if (g_str_equal (name, "state.sqlite3"))
        g_assert_true (contains_bytes (contents, length, "rep@northwind.example"));
    }

  g_assert_cmpuint (n_files, >=, 1);
}

/* MSI_DEMO_FAIL_TOKEN=429: the next token request fails once. */
static void
test_fault_429 (Fixture       *f,
                gconstpointer  user_data)
{
  const Provider *p = &actions;
  g_autofree char *code = NULL;
  g_autoptr(Reply) failed = NULL;
  g_autoptr(Reply) ok = NULL;

  fixture_start (f, "MSI_DEMO_FAIL_TOKEN=429", NULL);
  code = authorize (f, p, "s");
  failed = exchange (f, p, code, VERIFIER);
  g_assert_cmpuint (failed->status, ==, 429);
  g_assert_cmpstr (soup_message_headers_get_one (failed->headers, "Retry-After"), ==, "1");

  ok = exchange (f, p, code, VERIFIER);
  g_assert_cmpuint (ok->status, ==, 200);
}

/* MSI_DEMO_FAIL_TOKEN=drop: the connection closes without a reply. */
static void
test_fault_drop (Fixture       *f,
                 gconstpointer  user_data)
{
  const Provider *p = &actions;
  g_autoptr(SoupSession) fresh = new_session ();
  g_autoptr(GHashTable) form = NULL;
  g_autoptr(SoupMessage) msg = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *uri = NULL;
  g_autofree char *code = NULL;
  g_autoptr(Reply) ok = NULL;

  fixture_start (f, "MSI_DEMO_FAIL_TOKEN=drop", NULL);
  code = authorize (f, p, "s");

  form = new_form ("grant_type", "authorization_code", "code", code, "client_id", p->client_id,
                   "redirect_uri", p->redirect_uri, "code_verifier", VERIFIER, NULL);
  uri = g_strconcat (f->base_uri, p->token_path, NULL);
  msg = soup_message_new_from_encoded_form ("POST", uri, soup_form_encode_hash (form));
  body = soup_session_send_and_read (fresh, msg, NULL, &error);
  g_assert_null (body);
  g_assert_nonnull (error);

  ok = exchange (f, p, code, VERIFIER);
  g_assert_cmpuint (ok->status, ==, 200);
}

/* Discovery documents point at the demo's own endpoints. */
static void
test_discovery (Fixture       *f,
                gconstpointer  user_data)
{
  static const struct { const char *path; const char *member; const char *suffix; } expected[] = {
    { "/google/.well-known/openid-configuration", "authorization_endpoint", "/google/o/oauth2/v2/auth" },
    { "/google/.well-known/openid-configuration", "token_endpoint", "/google/token" },
    { "/google/.well-known/openid-configuration", "revocation_endpoint", "/google/revoke" },
    { "/google/.well-known/openid-configuration", "userinfo_endpoint", "/google/v1/userinfo" },
    { "/salesforce/.well-known/openid-configuration", "authorization_endpoint", "/salesforce/services/oauth2/authorize" },
    { "/salesforce/.well-known/openid-configuration", "token_endpoint", "/salesforce/services/oauth2/token" },
    { "/salesforce/.well-known/openid-configuration", "revocation_endpoint", "/salesforce/services/oauth2/revoke" },
    { "/salesforce/.well-known/openid-configuration", "userinfo_endpoint", "/salesforce/services/oauth2/userinfo" },
  };

  fixture_start (f, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      g_autoptr(Reply) reply = get (f, expected[i].path, NULL);
      g_autoptr(JsonObject) document = NULL;
      g_autofree char *url = g_strconcat (f->base_uri, expected[i].suffix, NULL);

      g_assert_cmpuint (reply->status, ==, 200);
      document = parse_object (reply);
      g_assert_cmpstr (json_object_get_string_member (document, expected[i].member), ==, url);
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
  g_test_add ("/demo-oauth/" path, Fixture, data, fixture_setup, func, fixture_teardown)

  for (guint i = 0; i < G_N_ELEMENTS (all_providers); i++)
    {
      g_autofree char *flow = g_strdup_printf ("/demo-oauth/%s/flow", all_providers[i]->name);
      g_autofree char *misuse = g_strdup_printf ("/demo-oauth/%s/code-misuse", all_providers[i]->name);
      g_autofree char *refresh_path = g_strdup_printf ("/demo-oauth/%s/refresh", all_providers[i]->name);

      g_test_add (flow, Fixture, all_providers[i], fixture_setup, test_flow, fixture_teardown);
      g_test_add (misuse, Fixture, all_providers[i], fixture_setup, test_code_misuse, fixture_teardown);
      g_test_add (refresh_path, Fixture, all_providers[i], fixture_setup, test_refresh, fixture_teardown);
    }

  ADD_TEST ("redirect-uris", NULL, test_redirect_uris);
  ADD_TEST ("bad-requests", NULL, test_bad_requests);
  ADD_TEST ("deny", NULL, test_deny);
  ADD_TEST ("wrong-password", NULL, test_wrong_password);
  ADD_TEST ("session", NULL, test_session);
  ADD_TEST ("expiry", NULL, test_expiry);
  ADD_TEST ("revoke", NULL, test_revoke);
  ADD_TEST ("escaping", NULL, test_escaping);
  ADD_TEST ("csrf", NULL, test_csrf);
  ADD_TEST ("issued-tokens-hook", NULL, test_issued_tokens_hook);
  ADD_TEST ("no-tokens-on-disk", NULL, test_no_tokens_on_disk);
  ADD_TEST ("fault-429", NULL, test_fault_429);
  ADD_TEST ("fault-drop", NULL, test_fault_drop);
  ADD_TEST ("discovery", NULL, test_discovery);

#undef ADD_TEST

  return g_test_run ();
}
