/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-salesforce-client.c: the Salesforce client against the demo org, tokens in the real keyring */

#define G_LOG_DOMAIN "test-salesforce-client"

#include "config.h"

#include "common/msi-test-demo-http.h"
#include "common/msi-test-profile.h"

#include <string.h>

#include "msi-salesforce-client.h"

#define SF_PASSWORD     "demo-salesforce"
#define MSI_VERSION_ID  "04t0b000001Ov9xAAC"
#define PROFILE_PATH    "/io/github/msiactions/Setup/profiles/demo/"

typedef struct
{
  char                *data_dir;
  GSubprocess         *process;
  GDataInputStream    *stdout_stream;
  char                *base_uri;
  SoupSession         *browser;   /* the consent view: Salesforce's cookies */
  GMainLoop           *loop;
  GAsyncResult        *result;
  MsiProfile          *profile;
  GSettings           *settings;
  MsiTokenStore       *store;
  MsiSalesforceClient *client;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  user_data)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *line = NULL;

  f->data_dir = g_dir_make_tmp ("msi-salesforce-client-XXXXXX", &error);
  g_assert_no_error (error);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_subprocess_launcher_unsetenv (launcher, "MSI_DEMO_LATENCY_MS");
  g_subprocess_launcher_unsetenv (launcher, "MSI_DEMO_TOKEN_LIFETIME");
  g_subprocess_launcher_unsetenv (launcher, "MSI_DEMO_FAIL_TOKEN");
  g_subprocess_launcher_setenv (launcher, "MSI_DEMO_TEST_HOOKS", "1", TRUE);
  f->process = g_subprocess_launcher_spawn (launcher, &error, g_getenv ("MSI_DEMO_SERVER"),
                                            "--data-dir", f->data_dir, NULL);
  g_assert_no_error (error);

  f->stdout_stream = g_data_input_stream_new (g_subprocess_get_stdout_pipe (f->process));
  line = g_data_input_stream_read_line_utf8 (f->stdout_stream, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (line);
  g_assert_true (g_str_has_prefix (line, "READY http://127.0.0.1:"));
  f->base_uri = g_strdup (line + strlen ("READY "));

  f->browser = new_session ();
  f->loop = g_main_loop_new (NULL, FALSE);
  /* Its own id: other test programs share the keyring. */
  f->profile = msi_test_demo_profile_new (f->base_uri);
  f->settings = g_settings_new_with_path ("io.github.msiactions.Setup.Profile", PROFILE_PATH);
  f->store = msi_token_store_new ();
  f->client = msi_salesforce_client_new (f->profile, f->store, f->settings, NULL);
}

static void
result_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  Fixture *f = user_data;

  g_assert_null (f->result);
  f->result = g_object_ref (result);
  g_main_loop_quit (f->loop);
}

/* Runs the main loop until result_cb; returns the result (owned by @f
 * until the next call). */
static GAsyncResult *
wait_result (Fixture *f)
{
  g_clear_object (&f->result);
  g_main_loop_run (f->loop);
  g_assert_nonnull (f->result);

  return f->result;
}

static void
start (Fixture *f)
{
  g_clear_object (&f->result);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;

  /* The keyring outlives the test: leave nothing in it. */
  msi_test_profile_forget (f->store, f->profile);

  g_clear_object (&f->result);
  g_clear_object (&f->client);
  g_clear_object (&f->store);
  g_settings_reset (f->settings, "salesforce-account");
  g_settings_reset (f->settings, "salesforce-sign-in-url");
  g_clear_object (&f->settings);
  g_clear_object (&f->profile);
  g_clear_pointer (&f->loop, g_main_loop_unref);
  g_clear_object (&f->browser);

  g_output_stream_close (g_subprocess_get_stdin_pipe (f->process), NULL, NULL);
  g_subprocess_wait_check (f->process, NULL, &error);
  g_assert_no_error (error);
  g_clear_object (&f->stdout_stream);
  g_clear_object (&f->process);

  g_clear_pointer (&f->base_uri, g_free);
  remove_tree (f->data_dir);
  g_clear_pointer (&f->data_dir, g_free);
}

/*
 * Talking to the demo as the browser (or a test) would
 */

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
         const char *batch_size,
         const char *json_body)
{
  g_autofree char *uri = g_str_has_prefix (path_or_uri, "http://")
                         ? g_strdup (path_or_uri)
                         : g_strconcat (f->base_uri, path_or_uri, NULL);
  g_autoptr(SoupMessage) msg = soup_message_new (method, uri);
  SoupMessageHeaders *headers;

  g_assert_nonnull (msg);
  headers = soup_message_get_request_headers (msg);

  if (bearer != NULL)
    {
      g_autofree char *value = g_strdup_printf ("Bearer %s", bearer);

      soup_message_headers_replace (headers, "Authorization", value);
    }

  if (batch_size != NULL)
    {
      g_autofree char *value = g_strdup_printf ("batchSize=%s", batch_size);

      soup_message_headers_replace (headers, "Sforce-Query-Options", value);
    }

  if (json_body != NULL)
    {
      g_autoptr(GBytes) bytes = g_bytes_new (json_body, strlen (json_body));

      soup_message_set_request_body_from_bytes (msg, "application/json", bytes);
    }

  return send_message (f->browser, msg);
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

static void
set_faults (Fixture    *f,
            const char *json)
{
  g_autoptr(Reply) reply = request (f, "POST", "/__demo/salesforce/faults", NULL, NULL, json);

  g_assert_cmpuint (reply->status, ==, 200);
}

/*
 * Signing in without the UI: the consent view's part is played over HTTP
 */

/* Follows the flow's authorization URL through the login and consent
 * pages; returns the redirect the consent view would intercept. */
static char *
browse_to_redirect (Fixture       *f,
                    MsiOAuth2Flow *flow,
                    const char    *email)
{
  g_autofree char *authorize_uri = g_strconcat (f->base_uri, "/salesforce/services/oauth2/authorize", NULL);
  g_autoptr(SoupMessage) msg = soup_message_new ("GET", msi_oauth2_flow_get_authorization_url (flow));
  g_autoptr(Reply) page = send_message (f->browser, msg);
  const char *location;

  for (guint step = 0; page->status == 200; step++)
    {
      g_autoptr(GHashTable) form = page_form (page);
      Reply *next;

      g_assert_cmpuint (step, <, 2);
      if (has_id (page, "username"))
        {
          g_hash_table_insert (form, g_strdup ("username"), g_strdup (email));
          g_hash_table_insert (form, g_strdup ("password"), g_strdup (SF_PASSWORD));
          g_hash_table_insert (form, g_strdup ("action"), g_strdup ("login"));
        }
      else
        {
          g_assert_true (has_id (page, "allow"));
          g_hash_table_insert (form, g_strdup ("action"), g_strdup ("allow"));
        }

      next = post_form (f->browser, authorize_uri, form);
      g_clear_pointer (&page, reply_free);
      page = next;
    }

  g_assert_cmpuint (page->status, ==, 302);
  location = soup_message_headers_get_one (page->headers, "Location");
  g_assert_true (g_str_has_prefix (location, MSI_APP_REDIRECT_URI "?"));

  return g_strdup (location);
}

static void
sign_in (Fixture    *f,
         const char *email)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MsiOAuth2Flow) flow = NULL;
  g_autofree char *redirect = NULL;
  g_autofree char *authorize_prefix = g_strconcat (f->base_uri, "/salesforce/services/oauth2/authorize?", NULL);
  g_autoptr(GUri) uri = NULL;
  g_autoptr(GHashTable) query = NULL;
  gboolean ok;

  /* A fresh browser: nobody is signed in to Salesforce in it yet. */
  g_clear_object (&f->browser);
  f->browser = new_session ();

  flow = msi_salesforce_client_begin_sign_in (f->client, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (msi_oauth2_flow_get_authorization_url (flow), authorize_prefix));

  uri = g_uri_parse (msi_oauth2_flow_get_authorization_url (flow), G_URI_FLAGS_NONE, NULL);
  query = soup_form_decode (g_uri_get_query (uri));
  g_assert_cmpstr (g_hash_table_lookup (query, "client_id"), ==, "demo-salesforce-consumer-key");
  g_assert_cmpstr (g_hash_table_lookup (query, "redirect_uri"), ==, MSI_APP_REDIRECT_URI);
  g_assert_cmpstr (g_hash_table_lookup (query, "scope"), ==, "api refresh_token openid");
  g_assert_cmpstr (g_hash_table_lookup (query, "code_challenge_method"), ==, "S256");

  redirect = browse_to_redirect (f, flow, email);

  start (f);
  msi_salesforce_client_complete_sign_in_async (f->client, flow, redirect, NULL, result_cb, f);
  ok = msi_salesforce_client_complete_sign_in_finish (f->client, wait_result (f), &error);
  g_assert_no_error (error);
  g_assert_true (ok);
  g_assert_cmpint (msi_salesforce_client_get_state (f->client), ==, MSI_AUTH_STATE_SIGNED_IN);
}

static MsiOAuth2Tokens *
load_tokens (Fixture *f)
{
  const MsiSalesforceUser *user = msi_salesforce_client_get_user (f->client);
  g_autoptr(GError) error = NULL;
  MsiOAuth2Tokens *tokens;

  g_assert_nonnull (user);
  start (f);
  msi_token_store_load_async (f->store, msi_profile_get_id (f->profile), "salesforce", user->user_id, NULL, result_cb, f);
  tokens = msi_token_store_load_finish (f->store, wait_result (f), &error);
  g_assert_no_error (error);

  return tokens;
}

static JsonArray *
query (Fixture     *f,
       const char  *soql,
       gboolean     tooling,
       GError     **error)
{
  start (f);
  msi_salesforce_client_query_async (f->client, soql, tooling, NULL, result_cb, f);

  return msi_salesforce_client_query_finish (f->client, wait_result (f), error);
}

static const MsiSalesforceUser *
check_user (Fixture  *f,
            GError  **error)
{
  start (f);
  msi_salesforce_client_check_user_async (f->client, NULL, result_cb, f);

  return msi_salesforce_client_check_user_finish (f->client, wait_result (f), error);
}

static MsiSalesforcePackage *
check_package (Fixture  *f,
               GError  **error)
{
  start (f);
  msi_salesforce_client_check_package_async (f->client, NULL, result_cb, f);

  return msi_salesforce_client_check_package_finish (f->client, wait_result (f), error);
}

/*
 * Tests
 */

static void
test_normalize_login_url (void)
{
  static const struct { const char *in; const char *out; int code; } cases[] = {
    { "login", "https://login.salesforce.com", 0 },
    { " Production ", "https://login.salesforce.com", 0 },
    { "test", "https://test.salesforce.com", 0 },
    { "SANDBOX", "https://test.salesforce.com", 0 },
    { "northwind", "https://northwind.my.salesforce.com", 0 },
    { "North-Wind", "https://north-wind.my.salesforce.com", 0 },
    { "northwind--uat", "https://northwind--uat.sandbox.my.salesforce.com", 0 },
    { "northwind.my.salesforce.com", "https://northwind.my.salesforce.com", 0 },
    { "https://login.salesforce.com/", "https://login.salesforce.com", 0 },
    { "https://Northwind.My.Salesforce.com", "https://northwind.my.salesforce.com", 0 },
    { "https://northwind--uat.sandbox.my.salesforce.com", "https://northwind--uat.sandbox.my.salesforce.com", 0 },
    { "https://northwind.my.salesforce.com:443", "https://northwind.my.salesforce.com", 0 },
    { "https://northwind.lightning.force.com", "https://northwind.lightning.force.com", 0 },
    { "http://127.0.0.1:4000/salesforce", "http://127.0.0.1:4000/salesforce", 0 },
    { "", NULL, MSI_PROFILE_ERROR_MISSING },
    { "   ", NULL, MSI_PROFILE_ERROR_MISSING },
    { "north wind", NULL, MSI_PROFILE_ERROR_INVALID_URL },
    { "-northwind", NULL, MSI_PROFILE_ERROR_INVALID_URL },
    { "northwind_co", NULL, MSI_PROFILE_ERROR_INVALID_URL },
    { "http://login.salesforce.com", NULL, MSI_PROFILE_ERROR_INSECURE_URL },
    { "ftp://login.salesforce.com", NULL, MSI_PROFILE_ERROR_INVALID_URL },
    { "https://login.salesforce.com.evil.example", NULL, MSI_PROFILE_ERROR_WRONG_HOST },
    { "https://salesforce.com.evil.example", NULL, MSI_PROFILE_ERROR_WRONG_HOST },
    { "https://evilsalesforce.com", NULL, MSI_PROFILE_ERROR_WRONG_HOST },
    { "evil.example", NULL, MSI_PROFILE_ERROR_WRONG_HOST },
    { "https://northwind.my.salesforce.com/lightning/page/home", NULL, MSI_PROFILE_ERROR_INVALID_URL },
    { "https://northwind.my.salesforce.com/?startURL=x", NULL, MSI_PROFILE_ERROR_INVALID_URL },
    { "https://admin:pw@northwind.my.salesforce.com", NULL, MSI_PROFILE_ERROR_INVALID_URL },
    { "javascript:alert(1)", NULL, MSI_PROFILE_ERROR_INVALID_URL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *out = msi_salesforce_normalize_login_url (cases[i].in, &error);

      g_test_message ("“%s”", cases[i].in);
      if (cases[i].out != NULL)
        {
          g_assert_no_error (error);
          g_assert_cmpstr (out, ==, cases[i].out);
        }
      else
        {
          g_assert_null (out);
          g_assert_error (error, MSI_PROFILE_ERROR, cases[i].code);
          /* Every message says it is about the Salesforce login. */
          g_assert_true (strstr (error->message, "Salesforce") != NULL ||
                         strstr (error->message, "salesforce.com") != NULL);
        }
    }
}

/* The login host: the one given, else the remembered one, else the
 * profile's; a sign-in that is not completed changes nothing. */
static void
test_login_host (Fixture       *f,
                 gconstpointer  user_data)
{
  g_autofree char *demo_login = g_strconcat (f->base_uri, "/salesforce", NULL);
  g_autoptr(MsiOAuth2Flow) test_flow = NULL;
  g_autoptr(MsiOAuth2Flow) bad_flow = NULL;
  g_autoptr(MsiSalesforceClient) remembered = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_cmpstr (msi_salesforce_client_get_login_url (f->client), ==, demo_login);
  g_assert_null (msi_salesforce_client_get_user (f->client));
  g_assert_null (msi_salesforce_client_get_instance_url (f->client));

  test_flow = msi_salesforce_client_begin_sign_in (f->client, "test", &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (msi_oauth2_flow_get_authorization_url (test_flow),
                                   "https://test.salesforce.com/services/oauth2/authorize?"));
  g_assert_cmpstr (msi_salesforce_client_get_login_url (f->client), ==, demo_login);

  bad_flow = msi_salesforce_client_begin_sign_in (f->client, "https://login.salesforce.com.evil.example", &error);
  g_assert_null (bad_flow);
  g_assert_error (error, MSI_PROFILE_ERROR, MSI_PROFILE_ERROR_WRONG_HOST);
  g_clear_error (&error);

  /* After a sign-in the host is remembered for the next run. */
  sign_in (f, "admin@northwind.example");
  {
    g_autofree char *saved = g_settings_get_string (f->settings, "salesforce-sign-in-url");

    g_assert_cmpstr (saved, ==, demo_login);
  }

  g_settings_set_string (f->settings, "salesforce-sign-in-url", "northwind");
  remembered = msi_salesforce_client_new (f->profile, f->store, f->settings, NULL);
  g_assert_cmpstr (msi_salesforce_client_get_login_url (remembered), ==, "https://northwind.my.salesforce.com");
}

static void
test_sign_in_and_restore (Fixture       *f,
                          gconstpointer  user_data)
{
  g_autofree char *instance_url = g_strconcat (f->base_uri, "/salesforce", NULL);
  g_autofree char *install_url = NULL;
  g_autofree char *account = NULL;
  g_autoptr(MsiSalesforceClient) next_run = NULL;
  g_autoptr(GError) error = NULL;
  const MsiSalesforceUser *user;

  /* Nobody signed in yet: restoring is no error. */
  start (f);
  msi_salesforce_client_restore_async (f->client, NULL, result_cb, f);
  g_assert_false (msi_salesforce_client_restore_finish (f->client, wait_result (f), &error));
  g_assert_no_error (error);
  g_assert_cmpint (msi_salesforce_client_get_state (f->client), ==, MSI_AUTH_STATE_SIGNED_OUT);

  sign_in (f, "admin@northwind.example");
  user = msi_salesforce_client_get_user (f->client);
  g_assert_nonnull (user);
  g_assert_cmpstr (user->user_id, ==, "0055j00000DmAdMAAV");
  g_assert_true (g_str_has_prefix (user->org_id, "00D"));
  g_assert_cmpstr (user->email, ==, "admin@northwind.example");
  g_assert_cmpstr (user->username, ==, "admin@northwind.example");
  g_assert_cmpstr (user->name, ==, "Avery Admin");
  g_assert_null (user->profile_name);
  g_assert_cmpstr (msi_salesforce_client_get_instance_url (f->client), ==, instance_url);

  account = g_settings_get_string (f->settings, "salesforce-account");
  g_assert_cmpstr (account, ==, "0055j00000DmAdMAAV");

  install_url = msi_salesforce_client_dup_install_url (f->client);
  g_assert_true (g_str_has_prefix (install_url, instance_url));
  g_assert_true (g_str_has_suffix (install_url, "/packaging/installPackage.apexp?p0=" MSI_VERSION_ID));

  /* The next run signs in from the keyring. */
  next_run = msi_salesforce_client_new (f->profile, f->store, f->settings, NULL);
  start (f);
  msi_salesforce_client_restore_async (next_run, NULL, result_cb, f);
  g_assert_true (msi_salesforce_client_restore_finish (next_run, wait_result (f), &error));
  g_assert_no_error (error);
  g_assert_cmpint (msi_salesforce_client_get_state (next_run), ==, MSI_AUTH_STATE_SIGNED_IN);
  g_assert_cmpstr (msi_salesforce_client_get_user (next_run)->user_id, ==, "0055j00000DmAdMAAV");
  g_assert_cmpstr (msi_salesforce_client_get_instance_url (next_run), ==, instance_url);
}

/* GET /services/data/: the newest version, once. */
static void
test_version (Fixture       *f,
              gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *version = NULL;
  g_autofree char *again = NULL;

  /* Before a sign-in there is no instance to ask. */
  start (f);
  msi_salesforce_client_discover_version_async (f->client, NULL, result_cb, f);
  version = msi_salesforce_client_discover_version_finish (f->client, wait_result (f), &error);
  g_assert_null (version);
  g_assert_error (error, MSI_TOKEN_STORE_ERROR, MSI_TOKEN_STORE_ERROR_NEEDS_SIGN_IN);
  g_clear_error (&error);

  sign_in (f, "admin@northwind.example");

  start (f);
  msi_salesforce_client_discover_version_async (f->client, NULL, result_cb, f);
  version = msi_salesforce_client_discover_version_finish (f->client, wait_result (f), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (version, ==, "v62.0");

  start (f);
  msi_salesforce_client_discover_version_async (f->client, NULL, result_cb, f);
  again = msi_salesforce_client_discover_version_finish (f->client, wait_result (f), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (again, ==, "v62.0");
}

static GPtrArray *
record_ids (JsonArray *records)
{
  GPtrArray *ids = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < json_array_get_length (records); i++)
    {
      JsonObject *record = json_array_get_object_element (records, i);
      JsonObject *attributes = json_object_get_object_member (record, "attributes");

      g_assert_cmpstr (json_object_get_string_member (attributes, "type"), ==, "User");
      g_assert_nonnull (json_object_get_string_member (record, "Name"));
      g_assert_nonnull (strchr (json_object_get_string_member (record, "Email"), '@'));
      g_ptr_array_add (ids, g_strdup (json_object_get_string_member (record, "Id")));
    }

  return ids;
}

/* Batches of 200 across 450+ users: every user once, in order, the same
 * as in one batch of 2000. */
static void
test_query_paging (Fixture       *f,
                   gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonArray) paged = NULL;
  g_autoptr(JsonArray) whole = NULL;
  g_autoptr(GPtrArray) paged_ids = NULL;
  g_autoptr(GPtrArray) whole_ids = NULL;
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(MsiOAuth2Tokens) tokens = NULL;
  g_autoptr(Reply) first = NULL;
  g_autoptr(JsonObject) batch = NULL;
  g_autoptr(GRegex) locator = g_regex_new ("^/services/data/v62\\.0/query/01g[A-Za-z0-9]{15}-200$", 0, 0, NULL);

  sign_in (f, "admin@northwind.example");

  /* What the client is given: 200 a batch, and where the next one is. */
  tokens = load_tokens (f);
  first = request (f, "GET", "/salesforce/services/data/v62.0/query?q=SELECT%20Id%2C%20Name%2C%20Email%20FROM%20User",
                   tokens->access_token, "200", NULL);
  g_assert_cmpuint (first->status, ==, 200);
  batch = parse_object (first);
  g_assert_false (json_object_get_boolean_member (batch, "done"));
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (batch, "records")), ==, 200);
  g_assert_cmpint (json_object_get_int_member (batch, "totalSize"), >=, 450);
  g_assert_true (g_regex_match (locator, json_object_get_string_member (batch, "nextRecordsUrl"), 0, NULL));

  msi_salesforce_client_set_query_batch_size (f->client, 200);
  paged = query (f, "SELECT Id, Name, Email FROM User", FALSE, &error);
  g_assert_no_error (error);
  paged_ids = record_ids (paged);
  g_assert_cmpuint (paged_ids->len, ==, json_object_get_int_member (batch, "totalSize"));
  for (guint i = 0; i < paged_ids->len; i++)
    g_assert_true (g_hash_table_add (seen, paged_ids->pdata[i]));

  msi_salesforce_client_set_query_batch_size (f->client, 0);
  whole = query (f, "SELECT Id, Name, Email FROM User", FALSE, &error);
  g_assert_no_error (error);
  whole_ids = record_ids (whole);
  g_assert_cmpuint (whole_ids->len, ==, paged_ids->len);
  for (guint i = 0; i < whole_ids->len; i++)
    g_assert_cmpstr (whole_ids->pdata[i], ==, paged_ids->pdata[i]);
}

static Reply *
get_page (Fixture    *f,
          const char *uri)
{
  g_autoptr(SoupMessage) msg = soup_message_new ("GET", uri);

  g_assert_nonnull (msg);

  return send_message (f->browser, msg);
}

static void
assert_locked_page (const Reply *page,
                    guint        status,
                    const char  *id)
{
  const char *csp = soup_message_headers_get_one (page->headers, "Content-Security-Policy");

  g_assert_cmpuint (page->status, ==, status);
  g_assert_cmpstr (soup_message_headers_get_one (page->headers, "Content-Type"), ==, "text/html; charset=utf-8");
  g_assert_nonnull (csp);
  g_assert_nonnull (strstr (csp, "default-src 'none'"));
  g_assert_null (strstr (page->body, "<script"));
  g_assert_true (has_id (page, id));
}

/* The Tooling API says 2.4.1 where 2.6.0 is required; the install page
 * (Install for Admins Only) upgrades it; then it is current. */
static void
test_package (Fixture       *f,
              gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MsiSalesforcePackage) outdated = NULL;
  g_autoptr(MsiSalesforcePackage) any_version = NULL;
  g_autoptr(MsiSalesforcePackage) current = NULL;
  g_autofree char *install_url = NULL;
  g_autofree char *form_uri = NULL;
  g_autoptr(Reply) page = NULL;
  g_autoptr(Reply) done = NULL;
  g_autoptr(Reply) replayed = NULL;
  g_autoptr(GHashTable) form = NULL;
  g_autofree char *version = NULL;

  sign_in (f, "admin@northwind.example");

  outdated = check_package (f, &error);
  g_assert_no_error (error);
  g_assert_cmpint (outdated->state, ==, MSI_PACKAGE_STATE_OUTDATED);
  version = msi_package_version_to_string (&outdated->installed);
  g_assert_cmpstr (version, ==, "2.4.1");
  g_assert_cmpint (outdated->installed.build, ==, 3);
  g_clear_pointer (&version, g_free);
  version = msi_package_version_to_string (&outdated->required);
  g_assert_cmpstr (version, ==, "2.6.0");
  g_assert_cmpstr (outdated->installed_name, ==, "Marketo Sales Insight 2.4.1");
  g_assert_cmpstr (outdated->package_id, ==, "0330b000000JmQ2AAK");

  /* A profile that names no required version: installed is enough. */
  g_object_set (f->profile, "salesforce-package-version", "", NULL);
  any_version = check_package (f, &error);
  g_assert_no_error (error);
  g_assert_cmpint (any_version->state, ==, MSI_PACKAGE_STATE_CURRENT);
  g_object_set (f->profile, "salesforce-package-version", "2.6.0", NULL);

  /* The admin opens the install page in the browser and installs. */
  install_url = msi_salesforce_client_dup_install_url (f->client);
  page = get_page (f, install_url);
  assert_locked_page (page, 200, "install");
  g_assert_true (has_id (page, "install-admins"));
  g_assert_nonnull (strstr (page->body, "Install for Admins Only"));
  g_assert_nonnull (strstr (page->body, "Marketo Sales Insight 2.6.0"));
  form = page_form (page);
  g_hash_table_insert (form, g_strdup ("action"), g_strdup ("install"));
  form_uri = g_strdup (install_url);
  done = post_form (f->browser, form_uri, form);
  assert_locked_page (done, 200, "installed");
  g_assert_nonnull (strstr (done->body, "Installation complete"));

  /* Its form works once. */
  replayed = post_form (f->browser, form_uri, form);
  assert_locked_page (replayed, 400, "error");

  current = check_package (f, &error);
  g_assert_no_error (error);
  g_assert_cmpint (current->state, ==, MSI_PACKAGE_STATE_CURRENT);
  g_clear_pointer (&version, g_free);
  version = msi_package_version_to_string (&current->installed);
  g_assert_cmpstr (version, ==, "2.6.0");
  g_assert_cmpstr (current->installed_name, ==, "Marketo Sales Insight 2.6.0");
}

/* An unknown package version: an error page that escapes what it shows. */
static void
test_install_page_unknown (Fixture       *f,
                           gconstpointer  user_data)
{
  g_autofree char *hostile = g_uri_escape_string ("04t<script>alert(1)</script>", NULL, FALSE);
  g_autofree char *uri = g_strdup_printf ("%s/salesforce/packaging/installPackage.apexp?p0=%s", f->base_uri, hostile);
  g_autofree char *unknown_uri = g_strdup_printf ("%s/salesforce/packaging/installPackage.apexp?p0=04t000000000000AAA",
                                                  f->base_uri);
  g_autofree char *none_uri = g_strdup_printf ("%s/salesforce/packaging/installPackage.apexp", f->base_uri);
  g_autoptr(Reply) page = get_page (f, uri);
  g_autoptr(Reply) unknown = get_page (f, unknown_uri);
  g_autoptr(Reply) none = get_page (f, none_uri);

  assert_locked_page (page, 404, "error");
  g_assert_nonnull (strstr (page->body, "&lt;script&gt;"));
  assert_locked_page (unknown, 404, "error");
  g_assert_nonnull (strstr (unknown->body, "04t000000000000AAA"));
  assert_locked_page (none, 404, "error");
}

/* A query Salesforce cannot read: MALFORMED_QUERY with its message. */
static void
test_malformed_query (Fixture       *f,
                      gconstpointer  user_data)
{
  static const struct { const char *soql; gboolean tooling; const char *part; } cases[] = {
    { "SELECT", FALSE, "unexpected token" },
    { "SELEKT Id FROM User", FALSE, "unexpected token" },
    { "SELECT Id FROM User WHERE Id = '005", FALSE, "'" },
    { "SELECT Id FROM User LIMIT ten", FALSE, "unexpected token" },
    { "SELECT Nickname__c FROM User", FALSE, "No such column 'Nickname__c'" },
    { "SELECT Id FROM Opportunity", FALSE, "sObject type 'Opportunity'" },
    { "SELECT Id FROM InstalledSubscriberPackage", FALSE, "InstalledSubscriberPackage" },
  };

  sign_in (f, "admin@northwind.example");

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonArray) records = query (f, cases[i].soql, cases[i].tooling, &error);

      g_test_message ("%s", cases[i].soql);
      g_assert_null (records);
      g_assert_error (error, MSI_SALESFORCE_ERROR, MSI_SALESFORCE_ERROR_MALFORMED_QUERY);
      g_assert_nonnull (strstr (error->message, cases[i].part));
    }

  /* Still signed in: a bad query is not a bad session. */
  g_assert_cmpint (msi_salesforce_client_get_state (f->client), ==, MSI_AUTH_STATE_SIGNED_IN);
}

/* The org's 24-hour API limit: its own error, until the limit lifts. */
static void
test_request_limit (Fixture       *f,
                    gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonArray) records = NULL;
  g_autoptr(MsiSalesforcePackage) package = NULL;

  sign_in (f, "admin@northwind.example");
  set_faults (f, "{\"requestLimit\": true}");

  records = query (f, "SELECT Id FROM User", FALSE, &error);
  g_assert_null (records);
  g_assert_error (error, MSI_SALESFORCE_ERROR, MSI_SALESFORCE_ERROR_REQUEST_LIMIT);
  g_assert_nonnull (strstr (error->message, "24 hours"));
  g_assert_nonnull (strstr (error->message, "TotalRequests Limit exceeded."));
  g_assert_nonnull (strstr (error->message, "admin"));
  g_clear_error (&error);

  package = check_package (f, &error);
  g_assert_null (package);
  g_assert_error (error, MSI_SALESFORCE_ERROR, MSI_SALESFORCE_ERROR_REQUEST_LIMIT);
  g_clear_error (&error);
  g_assert_cmpint (msi_salesforce_client_get_state (f->client), ==, MSI_AUTH_STATE_SIGNED_IN);

  set_faults (f, "{\"requestLimit\": false}");
  package = check_package (f, &error);
  g_assert_no_error (error);
  g_assert_cmpint (package->state, ==, MSI_PACKAGE_STATE_OUTDATED);
}

/* A session Salesforce ended: one refresh, one replay, and it works; the
 * new token is kept. */
static void
test_refresh_replay (Fixture       *f,
                     gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MsiOAuth2Tokens) before = NULL;
  g_autoptr(MsiOAuth2Tokens) after = NULL;
  g_autoptr(Reply) old_token = NULL;
  const MsiSalesforceUser *user;

  sign_in (f, "admin@northwind.example");
  before = load_tokens (f);
  set_faults (f, "{\"expireTokens\": true}");

  user = check_user (f, &error);
  g_assert_no_error (error);
  g_assert_nonnull (user);
  g_assert_cmpstr (user->profile_name, ==, "System Administrator");
  g_assert_cmpint (msi_salesforce_client_get_state (f->client), ==, MSI_AUTH_STATE_SIGNED_IN);

  after = load_tokens (f);
  g_assert_cmpstr (after->access_token, !=, before->access_token);
  g_assert_cmpstr (after->refresh_token, ==, before->refresh_token);
  g_assert_cmpstr (after->instance_url, ==, before->instance_url);

  old_token = request (f, "GET", "/salesforce/services/data/v62.0/query?q=SELECT%20Id%20FROM%20User",
                       before->access_token, NULL, NULL);
  g_assert_cmpuint (old_token->status, ==, 401);
  g_assert_nonnull (strstr (old_token->body, "INVALID_SESSION_ID"));
}

/* The refresh token was revoked elsewhere: no replay can help; sign in
 * again. */
static void
test_session_revoked (Fixture       *f,
                      gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MsiOAuth2Tokens) tokens = NULL;
  g_autoptr(GHashTable) form = g_hash_table_new (g_str_hash, g_str_equal);
  g_autofree char *revoke_uri = g_strconcat (f->base_uri, "/salesforce/services/oauth2/revoke", NULL);
  g_autoptr(Reply) revoked = NULL;
  g_autoptr(JsonArray) records = NULL;

  sign_in (f, "admin@northwind.example");
  tokens = load_tokens (f);
  g_hash_table_insert (form, (gpointer)"token", tokens->refresh_token);
  revoked = post_form (f->browser, revoke_uri, form);
  g_assert_cmpuint (revoked->status, ==, 200);

  records = query (f, "SELECT Id FROM User", FALSE, &error);
  g_assert_null (records);
  g_assert_error (error, MSI_TOKEN_STORE_ERROR, MSI_TOKEN_STORE_ERROR_NEEDS_SIGN_IN);
  g_assert_cmpint (msi_salesforce_client_get_state (f->client), ==, MSI_AUTH_STATE_NEEDS_SIGN_IN);
}

/* The profile decides: admin@ is an admin (System Administrator), rep@
 * is not (Standard User); both may use the API. */
static void
test_admin_and_rep (Fixture       *f,
                    gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  const MsiSalesforceUser *user;

  sign_in (f, "admin@northwind.example");
  user = check_user (f, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (user->profile_name, ==, "System Administrator");
  g_assert_true (user->api_enabled);
  g_assert_true (user->is_admin);
  g_assert_true (msi_salesforce_client_get_user (f->client) == user);

  sign_in (f, "rep@northwind.example");
  user = check_user (f, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (user->user_id, ==, "0055j00000DmRepAAB");
  g_assert_cmpstr (user->profile_name, ==, "Standard User");
  g_assert_true (user->api_enabled);
  g_assert_false (user->is_admin);
}

/* API_CURRENTLY_DISABLED: check_user says so without failing; other calls
 * fail with their own error. */
static void
test_api_disabled_user (Fixture       *f,
                        gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonArray) records = NULL;
  const MsiSalesforceUser *user;

  sign_in (f, "noapi@northwind.example");
  user = check_user (f, &error);
  g_assert_no_error (error);
  g_assert_nonnull (user);
  g_assert_cmpstr (user->email, ==, "noapi@northwind.example");
  g_assert_false (user->api_enabled);
  g_assert_false (user->is_admin);

  records = query (f, "SELECT Id FROM User", FALSE, &error);
  g_assert_null (records);
  g_assert_error (error, MSI_SALESFORCE_ERROR, MSI_SALESFORCE_ERROR_API_DISABLED_FOR_USER);
  g_assert_nonnull (strstr (error->message, "API is disabled for this User"));
  g_assert_nonnull (strstr (error->message, "API Enabled"));
  g_assert_cmpint (msi_salesforce_client_get_state (f->client), ==, MSI_AUTH_STATE_SIGNED_IN);
}

/* API_DISABLED_FOR_ORG: a Professional Edition org. */
static void
test_api_disabled_org (Fixture       *f,
                       gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MsiSalesforcePackage) package = NULL;
  const MsiSalesforceUser *user;

  sign_in (f, "pe@northwind.example");
  user = check_user (f, &error);
  g_assert_null (user);
  g_assert_error (error, MSI_SALESFORCE_ERROR, MSI_SALESFORCE_ERROR_API_DISABLED_FOR_ORG);
  g_assert_nonnull (strstr (error->message, "The REST API is not enabled for this Organization."));
  g_assert_nonnull (strstr (error->message, "edition"));
  g_clear_error (&error);

  package = check_package (f, &error);
  g_assert_null (package);
  g_assert_error (error, MSI_SALESFORCE_ERROR, MSI_SALESFORCE_ERROR_API_DISABLED_FOR_ORG);
}

/* Signing out revokes the tokens at Salesforce and forgets them here. */
static void
test_sign_out (Fixture       *f,
               gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MsiOAuth2Tokens) tokens = NULL;
  g_autoptr(MsiOAuth2Tokens) left = NULL;
  g_autoptr(Reply) userinfo = NULL;
  g_autoptr(Reply) refresh = NULL;
  g_autoptr(GHashTable) form = g_hash_table_new (g_str_hash, g_str_equal);
  g_autofree char *token_uri = g_strconcat (f->base_uri, "/salesforce/services/oauth2/token", NULL);
  g_autofree char *account = NULL;
  g_autofree char *login = NULL;

  sign_in (f, "admin@northwind.example");
  tokens = load_tokens (f);

  start (f);
  msi_salesforce_client_sign_out_async (f->client, NULL, result_cb, f);
  g_assert_true (msi_salesforce_client_sign_out_finish (f->client, wait_result (f), &error));
  g_assert_no_error (error);
  g_assert_cmpint (msi_salesforce_client_get_state (f->client), ==, MSI_AUTH_STATE_SIGNED_OUT);
  g_assert_null (msi_salesforce_client_get_user (f->client));
  g_assert_null (msi_salesforce_client_get_instance_url (f->client));
  account = g_settings_get_string (f->settings, "salesforce-account");
  g_assert_cmpstr (account, ==, "");
  /* The login host is still remembered for the next sign-in. */
  login = g_settings_get_string (f->settings, "salesforce-sign-in-url");
  g_assert_cmpstr (login, !=, "");

  /* Nothing left in the keyring. */
  start (f);
  msi_token_store_load_async (f->store, msi_profile_get_id (f->profile), "salesforce", "0055j00000DmAdMAAV", NULL, result_cb, f);
  left = msi_token_store_load_finish (f->store, wait_result (f), &error);
  g_assert_no_error (error);
  g_assert_null (left);

  /* Salesforce no longer takes either token. */
  userinfo = request (f, "GET", "/salesforce/services/oauth2/userinfo", tokens->access_token, NULL, NULL);
  g_assert_cmpuint (userinfo->status, ==, 401);
  g_hash_table_insert (form, (gpointer)"grant_type", (gpointer)"refresh_token");
  g_hash_table_insert (form, (gpointer)"refresh_token", tokens->refresh_token);
  g_hash_table_insert (form, (gpointer)"client_id", (gpointer)"demo-salesforce-consumer-key");
  refresh = post_form (f->browser, token_uri, form);
  g_assert_cmpuint (refresh->status, ==, 400);
  g_assert_nonnull (strstr (refresh->body, "invalid_grant"));

  /* Settings that still name the user, with nothing in the keyring:
   * signed out, which is no error, and the settings are tidied. */
  g_settings_set_string (f->settings, "salesforce-account", "0055j00000DmAdMAAV");
  {
    g_autoptr(MsiSalesforceClient) next_run = msi_salesforce_client_new (f->profile, f->store, f->settings, NULL);
    g_autofree char *tidied = NULL;

    start (f);
    msi_salesforce_client_restore_async (next_run, NULL, result_cb, f);
    g_assert_false (msi_salesforce_client_restore_finish (next_run, wait_result (f), &error));
    g_assert_no_error (error);
    g_assert_cmpint (msi_salesforce_client_get_state (next_run), ==, MSI_AUTH_STATE_SIGNED_OUT);
    tidied = g_settings_get_string (f->settings, "salesforce-account");
    g_assert_cmpstr (tidied, ==, "");
  }
}

int
main (int   argc,
      char *argv[])
{
  g_setenv ("GIO_USE_PROXY_RESOLVER", "dummy", TRUE);

  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  if (g_getenv ("MSI_DEMO_SERVER") == NULL)
    {
      g_printerr ("MSI_DEMO_SERVER must be the path of msi-actions-demo-server\n");
      return 1;
    }

#define ADD_TEST(path, func) \
  g_test_add ("/salesforce-client/" path, Fixture, NULL, fixture_setup, func, fixture_teardown)

  g_test_add_func ("/salesforce-client/normalize-login-url", test_normalize_login_url);
  ADD_TEST ("login-host", test_login_host);
  ADD_TEST ("sign-in-and-restore", test_sign_in_and_restore);
  ADD_TEST ("version", test_version);
  ADD_TEST ("query-paging", test_query_paging);
  ADD_TEST ("package", test_package);
  ADD_TEST ("install-page-unknown", test_install_page_unknown);
  ADD_TEST ("malformed-query", test_malformed_query);
  ADD_TEST ("request-limit", test_request_limit);
  ADD_TEST ("refresh-replay", test_refresh_replay);
  ADD_TEST ("session-revoked", test_session_revoked);
  ADD_TEST ("admin-and-rep", test_admin_and_rep);
  ADD_TEST ("api-disabled-user", test_api_disabled_user);
  ADD_TEST ("api-disabled-org", test_api_disabled_org);
  ADD_TEST ("sign-out", test_sign_out);

#undef ADD_TEST

  return g_test_run ();
}
