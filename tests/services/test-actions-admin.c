/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-actions-admin.c: the admin pane's Actions API (activation, Marketo connection, Salesforce setup records) against the demo server */

#define G_LOG_DOMAIN "test-actions-admin"

#include "config.h"

#include "common/msi-test-demo-http.h"
#include "common/msi-test-profile.h"

#include <string.h>

#include "msi-actions-admin.h"
#include "msi-demo-process.h"
#include "msi-problem-types.h"
#include "msi-setup-step.h"
#include "../../src/demo/msi-demo-seed.h"

#define ADMIN_EMAIL      "admin@northwind.example"
#define ADMIN_PASSWORD   "demo-admin"
#define ADMIN_NAME       "Avery Admin"
#define REP_EMAIL        "rep@northwind.example"
#define REP_PASSWORD     "demo-user"
#define LINK_PREFIX      "io.github.msiactions.setup:/invitation?service="
#define WELCOME_SUBJECT  "Welcome to Marketo Sales Insight Actions"
#define RAW_CLIENT_ID    "msi-actions-setup-demo"
#define RAW_REDIRECT_URI "io.github.msiactions.setup:/oauth2redirect"
#define RAW_VERIFIER     "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"
#define RAW_CHALLENGE    "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"

typedef struct
{
  char            *data_dir;
  MsiDemoProcess  *demo;
  char            *base_url;
  MsiProfile      *profile;
  MsiTokenStore   *store;
  SoupSession     *session;   /* raw HTTP, as curl would */
  MsiActionsAuth  *auth;      /* the admin, signed in */
  MsiActionsAdmin *admin;
  GAsyncResult    *result;
  guint            timeout_id;
} Fixture;

static gboolean
timeout_cb (gpointer user_data)
{
  g_error ("Timed out waiting for the demo server");
  return G_SOURCE_REMOVE;
}

static void
result_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  Fixture *f = user_data;

  g_assert_null (f->result);
  f->result = g_object_ref (result);
}

static GAsyncResult *
wait_result (Fixture *f)
{
  while (f->result == NULL)
    g_main_context_iteration (NULL, TRUE);

  return g_steal_pointer (&f->result);
}

/*
 * Raw HTTP
 */

static Reply *
raw_request (Fixture    *f,
             const char *method,
             const char *path,
             const char *bearer,
             const char *json_body)
{
  g_autofree char *uri = g_str_has_prefix (path, "http://") ? g_strdup (path) : g_strconcat (f->base_url, path, NULL);
  g_autoptr(SoupMessage) msg = soup_message_new (method, uri);
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;
  Reply *reply = g_new0 (Reply, 1);

  g_assert_nonnull (msg);
  soup_message_add_flags (msg, SOUP_MESSAGE_NO_REDIRECT);

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

  body = soup_session_send_and_read (f->session, msg, NULL, &error);
  g_assert_no_error (error);

  reply->status = soup_message_get_status (msg);
  reply->headers = soup_message_headers_ref (soup_message_get_response_headers (msg));
  reply->body = g_strndup (g_bytes_get_data (body, NULL), g_bytes_get_size (body));

  return reply;
}

static Reply *
post_form (SoupSession *session,
           const char  *uri,
           GHashTable  *form)
{
  g_autoptr(SoupMessage) msg = soup_message_new_from_encoded_form ("POST", uri, soup_form_encode_hash (form));
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;
  Reply *reply = g_new0 (Reply, 1);

  soup_message_add_flags (msg, SOUP_MESSAGE_NO_REDIRECT);
  body = soup_session_send_and_read (session, msg, NULL, &error);
  g_assert_no_error (error);

  reply->status = soup_message_get_status (msg);
  reply->headers = soup_message_headers_ref (soup_message_get_response_headers (msg));
  reply->body = g_strndup (g_bytes_get_data (body, NULL), g_bytes_get_size (body));

  return reply;
}

/* Signs in on the demo's pages, as the consent view would, and returns
 * the redirect to the app with the code. */
static char *
browse_authorization (Fixture    *f,
                      const char *authorization_url,
                      const char *email,
                      const char *password)
{
  g_autoptr(SoupSession) browser = new_session ();
  g_autofree char *authorize_uri = g_strconcat (f->base_url, "/oauth/authorize", NULL);
  g_autoptr(SoupMessage) msg = soup_message_new ("GET", authorization_url);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) form = NULL;
  Reply login = { 0, };
  g_autoptr(Reply) page = NULL;

  bytes = soup_session_send_and_read (browser, msg, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (soup_message_get_status (msg), ==, 200);
  login.body = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));

  form = page_form (&login);
  g_free (login.body);
  g_hash_table_insert (form, g_strdup ("username"), g_strdup (email));
  g_hash_table_insert (form, g_strdup ("password"), g_strdup (password));
  g_hash_table_insert (form, g_strdup ("action"), g_strdup ("login"));
  page = post_form (browser, authorize_uri, form);

  if (page->status == 200)
    {
      g_autoptr(GHashTable) consent = page_form (page);

      g_assert_true (has_id (page, "allow"));
      g_hash_table_insert (consent, g_strdup ("action"), g_strdup ("allow"));
      g_clear_pointer (&page, reply_free);
      page = post_form (browser, authorize_uri, consent);
    }

  g_assert_cmpuint (page->status, ==, 302);

  return g_strdup (soup_message_headers_get_one (page->headers, "Location"));
}

/* A bearer token for raw requests (a sign-in outside MsiActionsAuth). */
static char *
raw_sign_in (Fixture    *f,
             const char *email,
             const char *password)
{
  g_autofree char *redirect = g_uri_escape_string (RAW_REDIRECT_URI, NULL, FALSE);
  g_autofree char *url = g_strdup_printf ("%s/oauth/authorize?response_type=code&client_id=" RAW_CLIENT_ID
                                          "&redirect_uri=%s&scope=openid%%20profile%%20offline_access&state=s&code_challenge=" RAW_CHALLENGE
                                          "&code_challenge_method=S256", f->base_url, redirect);
  g_autofree char *location = browse_authorization (f, url, email, password);
  g_autofree char *token_uri = g_strconcat (f->base_url, "/oauth/token", NULL);
  g_autoptr(GHashTable) params = soup_form_decode (strchr (location, '?') + 1);
  g_autoptr(GHashTable) form = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(Reply) reply = NULL;
  g_autoptr(JsonObject) tokens = NULL;

  g_hash_table_insert (form, (gpointer)"grant_type", (gpointer)"authorization_code");
  g_hash_table_insert (form, (gpointer)"code", g_hash_table_lookup (params, "code"));
  g_hash_table_insert (form, (gpointer)"client_id", (gpointer)RAW_CLIENT_ID);
  g_hash_table_insert (form, (gpointer)"redirect_uri", (gpointer)RAW_REDIRECT_URI);
  g_hash_table_insert (form, (gpointer)"code_verifier", (gpointer)RAW_VERIFIER);
  reply = post_form (f->session, token_uri, form);
  g_assert_cmpuint (reply->status, ==, 200);
  tokens = parse_object (reply);

  return g_strdup (json_object_get_string_member (tokens, "access_token"));
}

/* The way the app signs in (MsiActionsAuth), without the consent view. */
static MsiActionsAuth *
sign_in (Fixture    *f,
         const char *email,
         const char *password)
{
  g_autoptr(MsiActionsAuth) auth = msi_actions_auth_new (f->profile, f->store, NULL, f->session);
  g_autoptr(MsiOAuth2Flow) flow = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *location = NULL;

  flow = msi_actions_auth_begin (auth, &error);
  g_assert_no_error (error);
  location = browse_authorization (f, msi_oauth2_flow_get_authorization_url (flow), email, password);

  msi_actions_auth_complete_async (auth, flow, location, NULL, result_cb, f);
  result = wait_result (f);
  msi_actions_auth_complete_finish (auth, result, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (msi_actions_auth_get_user_email (auth), ==, email);

  return g_steal_pointer (&auth);
}

static void
started_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  Fixture *f = user_data;
  g_autoptr(GError) error = NULL;

  f->base_url = msi_demo_process_start_finish (MSI_DEMO_PROCESS (object), result, &error);
  g_assert_no_error (error);
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->timeout_id = g_timeout_add_seconds (60, timeout_cb, NULL);
  f->data_dir = g_dir_make_tmp ("msi-actions-admin-XXXXXX", &error);
  g_assert_no_error (error);
  f->demo = msi_demo_process_new (NULL, f->data_dir);
  msi_demo_process_start_async (f->demo, NULL, started_cb, f);
  while (f->base_url == NULL)
    g_main_context_iteration (NULL, TRUE);

  /* Its own id: other test programs share the keyring. */
  f->profile = msi_test_demo_profile_new (f->base_url);
  f->store = msi_token_store_new ();
  f->session = new_session ();
  f->auth = sign_in (f, ADMIN_EMAIL, ADMIN_PASSWORD);
  f->admin = msi_actions_admin_new (f->auth);
  g_assert_true (msi_actions_admin_get_auth (f->admin) == f->auth);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  /* Leaves nothing in the shared keyring. */
  msi_test_profile_forget (f->store, f->profile);

  g_clear_object (&f->admin);
  g_clear_object (&f->auth);
  g_clear_object (&f->store);
  g_clear_object (&f->profile);
  g_clear_object (&f->session);
  msi_demo_process_stop (f->demo);
  g_clear_object (&f->demo);
  g_clear_pointer (&f->base_url, g_free);
  remove_tree (f->data_dir);
  g_clear_pointer (&f->data_dir, g_free);
  g_clear_handle_id (&f->timeout_id, g_source_remove);
}

/*
 * Calls, waited for
 */

static const MsiMarketoCredentials demo_credentials = {
  .munchkin_id = (char *)MSI_DEMO_MARKETO_MUNCHKIN_ID,
  .client_id = (char *)MSI_DEMO_MARKETO_CLIENT_ID,
  .client_secret = (char *)MSI_DEMO_MARKETO_CLIENT_SECRET,
};

/* NULL-terminated triples email, first name, last name. */
static GPtrArray *
admins_new (const char *first,
            ...)
{
  GPtrArray *admins = g_ptr_array_new_with_free_func ((GDestroyNotify)msi_activation_admin_free);
  va_list args;

  va_start (args, first);
  for (const char *email = first; email != NULL; email = va_arg (args, const char *))
    {
      const char *first_name = va_arg (args, const char *);
      const char *last_name = va_arg (args, const char *);

      g_ptr_array_add (admins, msi_activation_admin_new (email, first_name, last_name));
    }
  va_end (args);

  return admins;
}

static GPtrArray *
activate (Fixture                     *f,
          MsiActionsAdmin             *admin,
          const MsiMarketoCredentials *credentials,
          GPtrArray                   *admins,
          GError                     **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  msi_actions_admin_activate_async (admin, credentials, admins, NULL, result_cb, f);
  result = wait_result (f);

  return msi_actions_admin_activate_finish (admin, result, error);
}

static JsonObject *
connect_marketo (Fixture                     *f,
                 const MsiMarketoCredentials *credentials,
                 GError                     **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  msi_actions_admin_connect_marketo_async (f->admin, credentials, NULL, result_cb, f);
  result = wait_result (f);

  return msi_actions_admin_connect_marketo_finish (f->admin, result, error);
}

static JsonObject *
dup_connection (Fixture    *f,
                const char *service)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(JsonArray) connections = NULL;
  g_autoptr(GError) error = NULL;

  msi_actions_admin_get_connections_async (f->admin, NULL, result_cb, f);
  result = wait_result (f);
  connections = msi_actions_admin_get_connections_finish (f->admin, result, &error);
  g_assert_no_error (error);

  for (guint i = 0; i < json_array_get_length (connections); i++)
    {
      JsonObject *connection = json_array_get_object_element (connections, i);

      if (g_str_equal (json_object_get_string_member (connection, "service"), service))
        return json_object_ref (connection);
    }

  g_assert_not_reached ();
}

static JsonNode *
auth_request (Fixture    *f,
              const char *method,
              const char *path)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  JsonNode *node;

  msi_actions_auth_request_async (f->auth, method, path, NULL, NULL, result_cb, f);
  result = wait_result (f);
  node = msi_actions_auth_request_finish (f->auth, result, &error);
  g_assert_no_error (error);

  return node;
}

static JsonObject *
dup_account (Fixture *f)
{
  g_autoptr(JsonNode) account = auth_request (f, "GET", "/api/v1/account");

  return json_object_ref (json_node_get_object (account));
}

/* The checklist as the app shows it, read now. */
static MsiSetupStep *
dup_step (Fixture    *f,
          const char *id)
{
  g_autoptr(GListStore) steps = msi_setup_step_new_checklist ();
  g_autoptr(JsonNode) account = auth_request (f, "GET", "/api/v1/account");
  g_autoptr(JsonNode) connections = auth_request (f, "GET", "/api/v1/connections");
  g_autoptr(GError) error = NULL;

  msi_setup_steps_update_from_json (G_LIST_MODEL (steps), account, connections, &error);
  g_assert_no_error (error);

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (steps)); i++)
    {
      g_autoptr(MsiSetupStep) step = g_list_model_get_item (G_LIST_MODEL (steps), i);

      if (g_str_equal (msi_setup_step_get_id (step), id))
        return g_steal_pointer (&step);
    }

  g_assert_not_reached ();
}

static void
assert_step (Fixture        *f,
             const char     *id,
             MsiSetupStatus  status)
{
  g_autoptr(MsiSetupStep) step = dup_step (f, id);

  g_assert_cmpint (msi_setup_step_get_status (step), ==, status);
}

/* Whether @mail is one of the welcome mails a fresh demo server seeds
 * for the onboarding (msi-demo-seed.h). */
static gboolean
is_seeded_mail (JsonObject *mail)
{
  static const char * const seeded[] = {
    MSI_DEMO_ONBOARDING_HAPPY_EMAIL,
    MSI_DEMO_ONBOARDING_NO_API_EMAIL,
    MSI_DEMO_ONBOARDING_MISMATCH_EMAIL,
    MSI_DEMO_ONBOARDING_EXPIRED_EMAIL,
  };

  G_STATIC_ASSERT (G_N_ELEMENTS (seeded) == MSI_DEMO_ONBOARDING_SEEDED_MAILS);

  return g_strv_contains (seeded, json_object_get_string_member (mail, "to"));
}

/* The outbox, newest first, without the seeded onboarding mails. */
static JsonArray *
dup_outbox (Fixture *f)
{
  g_autoptr(Reply) reply = raw_request (f, "GET", "/demo/outbox", NULL, NULL);
  g_autoptr(JsonObject) root = NULL;
  JsonArray *all;
  JsonArray *sent;
  guint seeded = 0;

  g_assert_cmpuint (reply->status, ==, 200);
  root = parse_object (reply);
  all = json_object_get_array_member (root, "messages");
  sent = json_array_new ();

  for (guint i = 0; i < json_array_get_length (all); i++)
    {
      JsonObject *mail = json_array_get_object_element (all, i);

      if (is_seeded_mail (mail))
        seeded++;
      else
        json_array_add_object_element (sent, json_object_ref (mail));
    }

  g_assert_cmpuint (seeded, ==, MSI_DEMO_ONBOARDING_SEEDED_MAILS);

  return sent;
}

static void
assert_problem (const Reply *reply,
                guint        status,
                const char  *type,
                const char  *detail_part)
{
  g_autoptr(JsonObject) problem = NULL;

  g_assert_cmpuint (reply->status, ==, status);
  g_assert_cmpstr (soup_message_headers_get_content_type (reply->headers, NULL), ==, "application/problem+json");
  problem = parse_object (reply);
  g_assert_cmpint (json_object_get_int_member (problem, "status"), ==, status);
  g_assert_cmpstr (json_object_get_string_member (problem, "type"), ==, type != NULL ? type : "about:blank");
  g_assert_nonnull (json_object_get_string_member (problem, "title"));
  if (detail_part != NULL)
    g_assert_nonnull (strstr (json_object_get_string_member (problem, "detail"), detail_part));
}

static gboolean
file_contains (const char *path,
               const char *needle)
{
  g_autofree char *contents = NULL;
  gsize length = 0;
  gsize needle_length = strlen (needle);

  if (!g_file_get_contents (path, &contents, &length, NULL))
    return FALSE;

  for (gsize i = 0; i + needle_length <= length; i++)
    {
      if (memcmp (contents + i, needle, needle_length) == 0)
        return TRUE;
    }

  return FALSE;
}

/*
 * Activation
 */

static void
assert_welcome_mail (Fixture    *f,
                     JsonObject *mail,
                     const char *to,
                     const char *to_name,
                     const char *first_name)
{
  const char *body = json_object_get_string_member (mail, "body");
  const char *link = json_object_get_string_member (mail, "link");
  g_autofree char *service = g_uri_escape_string (f->base_url, NULL, FALSE);
  g_autofree char *prefix = g_strconcat (LINK_PREFIX, service, "&token=", NULL);
  g_autofree char *greeting = g_strdup_printf ("Hello %s,", first_name);
  g_autofree char *token_hash = NULL;
  g_autofree char *secret_hash = g_compute_checksum_for_string (G_CHECKSUM_SHA256,
                                                                MSI_DEMO_MARKETO_CLIENT_SECRET, -1);
  const char *token;

  g_assert_cmpstr (json_object_get_string_member (mail, "to"), ==, to);
  g_assert_cmpstr (json_object_get_string_member (mail, "toName"), ==, to_name);
  g_assert_cmpstr (json_object_get_string_member (mail, "subject"), ==, WELCOME_SUBJECT);
  g_assert_nonnull (json_object_get_string_member (mail, "sentAt"));
  g_assert_cmpint (json_object_get_int_member (mail, "id"), >, 0);

  /* Greets by first name, says who invited, and has the Get started link. */
  g_assert_true (g_str_has_prefix (body, greeting));
  g_assert_nonnull (strstr (body, ADMIN_NAME " invited you to set up the Sales account"));
  g_assert_nonnull (strstr (body, "Get started"));
  g_assert_nonnull (strstr (body, link));

  /* The link: the service's URL and a 43-character base64url token. */
  g_assert_true (g_str_has_prefix (link, prefix));
  token = link + strlen (prefix);
  g_assert_cmpuint (strlen (token), ==, 43);
  for (const char *c = token; *c != '\0'; c++)
    g_assert_true (g_ascii_isalnum (*c) || *c == '-' || *c == '_');

  /* Neither the Marketo secret nor the hashes the service keeps. */
  token_hash = g_compute_checksum_for_string (G_CHECKSUM_SHA256, token, -1);
  g_assert_null (strstr (body, MSI_DEMO_MARKETO_CLIENT_SECRET));
  g_assert_null (strstr (body, secret_hash));
  g_assert_null (strstr (body, token_hash));
}

static void
test_activate (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GPtrArray) admins = admins_new ("ada@northwind.example", "Ada", "Lovelace",
                                            ADMIN_EMAIL, "Avery", "Admin",
                                            "Grace.Hopper@Northwind.example", "Grace", "Hopper",
                                            NULL);
  g_autoptr(GPtrArray) results = NULL;
  g_autoptr(JsonArray) outbox = NULL;
  g_autoptr(JsonObject) account = NULL;
  g_autoptr(MsiSetupStep) step = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *database = g_build_filename (f->data_dir, "state.sqlite3", NULL);
  MsiActivationResult *result;

  assert_step (f, "activate-account", MSI_SETUP_STATUS_NOT_DONE);

  results = activate (f, f->admin, &demo_credentials, admins, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (results->len, ==, 3);

  result = g_ptr_array_index (results, 0);
  g_assert_cmpstr (result->email, ==, "ada@northwind.example");
  g_assert_cmpstr (result->name, ==, "Ada Lovelace");
  g_assert_cmpint (result->outcome, ==, MSI_INVITE_OUTCOME_INVITED);
  /* Already an Actions user: no invitation, no mail. */
  result = g_ptr_array_index (results, 1);
  g_assert_cmpstr (result->email, ==, ADMIN_EMAIL);
  g_assert_cmpint (result->outcome, ==, MSI_INVITE_OUTCOME_ALREADY_USER);
  result = g_ptr_array_index (results, 2);
  g_assert_cmpstr (result->email, ==, "grace.hopper@northwind.example");
  g_assert_cmpint (result->outcome, ==, MSI_INVITE_OUTCOME_INVITED);

  /* One mail per invited admin, newest first. */
  outbox = dup_outbox (f);
  g_assert_cmpuint (json_array_get_length (outbox), ==, 2);
  assert_welcome_mail (f, json_array_get_object_element (outbox, 0),
                       "grace.hopper@northwind.example", "Grace Hopper", "Grace");
  assert_welcome_mail (f, json_array_get_object_element (outbox, 1),
                       "ada@northwind.example", "Ada Lovelace", "Ada");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (outbox, 0), "link"), !=,
                   json_object_get_string_member (json_array_get_object_element (outbox, 1), "link"));

  account = dup_account (f);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (account, "activation"), "state"),
                   ==, "activated");
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (account, "activation"), "invitedAdmins"),
                   ==, 2);

  step = dup_step (f, "activate-account");
  g_assert_cmpint (msi_setup_step_get_status (step), ==, MSI_SETUP_STATUS_DONE);
  g_assert_cmpstr (msi_setup_step_get_status_label (step), ==, "Activated");

  /* The secret is not on disk in clear. */
  g_assert_true (g_file_test (database, G_FILE_TEST_EXISTS));
  g_assert_false (file_contains (database, MSI_DEMO_MARKETO_CLIENT_SECRET));
}

static void
test_reactivate (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GPtrArray) first = admins_new ("ada@northwind.example", "Ada", "Lovelace", NULL);
  g_autoptr(GPtrArray) again = admins_new ("Ada@Northwind.example", "Ada", "Lovelace",
                                           ADMIN_EMAIL, "Avery", "Admin", NULL);
  g_autoptr(GPtrArray) results = NULL;
  g_autoptr(JsonArray) outbox = NULL;
  g_autoptr(JsonArray) outbox_again = NULL;
  g_autoptr(JsonObject) account = NULL;
  g_autoptr(GError) error = NULL;

  results = activate (f, f->admin, &demo_credentials, first, &error);
  g_assert_no_error (error);
  g_assert_cmpint (((MsiActivationResult *)g_ptr_array_index (results, 0))->outcome, ==,
                   MSI_INVITE_OUTCOME_INVITED);
  g_clear_pointer (&results, g_ptr_array_unref);
  outbox = dup_outbox (f);
  g_assert_cmpuint (json_array_get_length (outbox), ==, 1);

  results = activate (f, f->admin, &demo_credentials, again, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (results->len, ==, 2);
  g_assert_cmpint (((MsiActivationResult *)g_ptr_array_index (results, 0))->outcome, ==,
                   MSI_INVITE_OUTCOME_ALREADY_INVITED);
  g_assert_cmpint (((MsiActivationResult *)g_ptr_array_index (results, 1))->outcome, ==,
                   MSI_INVITE_OUTCOME_ALREADY_USER);

  /* No new mail: the first one is still the only one. */
  outbox_again = dup_outbox (f);
  g_assert_cmpuint (json_array_get_length (outbox_again), ==, 1);
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (outbox_again, 0), "id"), ==,
                   json_object_get_int_member (json_array_get_object_element (outbox, 0), "id"));

  account = dup_account (f);
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (account, "activation"), "invitedAdmins"),
                   ==, 1);
}

/* Nothing was written: still not activated, no mail. */
static void
assert_not_activated (Fixture *f)
{
  g_autoptr(JsonArray) outbox = dup_outbox (f);
  g_autoptr(JsonObject) account = dup_account (f);

  g_assert_cmpuint (json_array_get_length (outbox), ==, 0);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (account, "activation"), "state"),
                   ==, "not-activated");
  assert_step (f, "activate-account", MSI_SETUP_STATUS_NOT_DONE);
}

static void
test_invalid_credentials (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(GPtrArray) admins = admins_new ("ada@northwind.example", "Ada", "Lovelace", NULL);
  MsiMarketoCredentials wrong_secret = demo_credentials;
  MsiMarketoCredentials wrong_client = demo_credentials;
  g_autoptr(GPtrArray) results = NULL;
  g_autoptr(GError) error = NULL;

  wrong_secret.client_secret = (char *)"Qm7tK2vX9pL4sR8wN1cZ6yB3hF5jD0aX";
  results = activate (f, f->admin, &wrong_secret, admins, &error);
  g_assert_error (error, MSI_ACTIONS_ADMIN_ERROR, MSI_ACTIONS_ADMIN_ERROR_MARKETO_INVALID_CREDENTIALS);
  g_assert_null (results);
  /* The service's explanation, not the secret. */
  g_assert_nonnull (strstr (error->message, "Client Secret"));
  g_assert_null (strstr (error->message, wrong_secret.client_secret));
  g_clear_error (&error);

  wrong_client.client_id = (char *)"3f1c9a52-7be0-4d2a-9c41-5e8b2d7f6a11";
  results = activate (f, f->admin, &wrong_client, admins, &error);
  g_assert_error (error, MSI_ACTIONS_ADMIN_ERROR, MSI_ACTIONS_ADMIN_ERROR_MARKETO_INVALID_CREDENTIALS);
  g_assert_null (results);

  assert_not_activated (f);
}

static void
test_wrong_instance (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GPtrArray) admins = admins_new ("ada@northwind.example", "Ada", "Lovelace", NULL);
  MsiMarketoCredentials other = demo_credentials;
  g_autoptr(GPtrArray) results = NULL;
  g_autoptr(GError) error = NULL;

  other.munchkin_id = (char *)"123-ABC-456";
  results = activate (f, f->admin, &other, admins, &error);
  g_assert_error (error, MSI_ACTIONS_ADMIN_ERROR, MSI_ACTIONS_ADMIN_ERROR_MARKETO_WRONG_INSTANCE);
  g_assert_null (results);
  g_assert_nonnull (strstr (error->message, "123-ABC-456"));
  g_assert_nonnull (strstr (error->message, MSI_DEMO_MARKETO_MUNCHKIN_ID));

  assert_not_activated (f);
}

static void
assert_invalid_admins (Fixture    *f,
                       GPtrArray  *admins,
                       const char *message_part)
{
  g_autoptr(GPtrArray) results = NULL;
  g_autoptr(GError) error = NULL;

  results = activate (f, f->admin, &demo_credentials, admins, &error);
  g_assert_error (error, MSI_ACTIONS_ADMIN_ERROR, MSI_ACTIONS_ADMIN_ERROR_INVALID_ADMINS);
  g_assert_null (results);
  if (strstr (error->message, message_part) == NULL)
    g_error ("“%s” does not mention “%s”", error->message, message_part);
}

static void
test_invalid_admins (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GPtrArray) none = admins_new (NULL);
  g_autoptr(GPtrArray) bad_email = admins_new ("ada@northwind.example", "Ada", "Lovelace",
                                               "grace-at-northwind", "Grace", "Hopper", NULL);
  g_autoptr(GPtrArray) twice = admins_new ("ada@northwind.example", "Ada", "Lovelace",
                                           "ADA@northwind.example", "Ada", "Lovelace", NULL);
  g_autoptr(GPtrArray) no_name = admins_new ("ada@northwind.example", "  ", "Lovelace", NULL);
  g_autoptr(GPtrArray) too_many = g_ptr_array_new_with_free_func ((GDestroyNotify)msi_activation_admin_free);

  for (guint i = 0; i < 26; i++)
    {
      g_autofree char *email = g_strdup_printf ("admin%u@northwind.example", i);

      g_ptr_array_add (too_many, msi_activation_admin_new (email, "Some", "Admin"));
    }

  assert_invalid_admins (f, none, "at least one");
  assert_invalid_admins (f, bad_email, "Admin 2: “grace-at-northwind” is not a valid e-mail address");
  assert_invalid_admins (f, twice, "Admin 2 (ada@northwind.example) is listed twice");
  assert_invalid_admins (f, no_name, "Admin 1 (ada@northwind.example)");
  assert_invalid_admins (f, too_many, "At most 25");

  assert_not_activated (f);
}

static void
test_not_an_admin (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(MsiActionsAuth) rep_auth = sign_in (f, REP_EMAIL, REP_PASSWORD);
  g_autoptr(MsiActionsAdmin) rep = msi_actions_admin_new (rep_auth);
  g_autoptr(GPtrArray) admins = admins_new ("ada@northwind.example", "Ada", "Lovelace", NULL);
  g_autoptr(GPtrArray) results = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(JsonObject) connection = NULL;
  g_autoptr(GError) error = NULL;

  results = activate (f, rep, &demo_credentials, admins, &error);
  g_assert_error (error, MSI_HTTP_ERROR, MSI_HTTP_ERROR_FORBIDDEN);
  g_assert_null (results);
  g_clear_error (&error);

  msi_actions_admin_connect_marketo_async (rep, &demo_credentials, NULL, result_cb, f);
  result = wait_result (f);
  connection = msi_actions_admin_connect_marketo_finish (rep, result, &error);
  g_assert_error (error, MSI_HTTP_ERROR, MSI_HTTP_ERROR_FORBIDDEN);
  g_assert_null (connection);
  g_clear_object (&result);
  g_clear_error (&error);

  msi_actions_admin_set_configuration_async (rep, NULL, 6, NULL, result_cb, f);
  result = wait_result (f);
  g_assert_false (msi_actions_admin_set_configuration_finish (rep, result, &error));
  g_assert_error (error, MSI_HTTP_ERROR, MSI_HTTP_ERROR_FORBIDDEN);

  assert_not_activated (f);
}

/*
 * The Marketo connection
 */

static void
assert_marketo_connected (JsonObject *connection)
{
  JsonObject *account = json_object_get_object_member (connection, "account");

  g_assert_cmpstr (json_object_get_string_member (connection, "service"), ==, "marketo");
  g_assert_cmpstr (json_object_get_string_member (connection, "status"), ==, "connected");
  g_assert_cmpstr (json_object_get_string_member (connection, "connectedBy"), ==, ADMIN_EMAIL);
  g_assert_nonnull (json_object_get_string_member (connection, "connectedAt"));
  g_assert_true (json_object_get_null_member (connection, "error"));
  g_assert_cmpstr (json_object_get_string_member (account, "munchkinId"), ==, MSI_DEMO_MARKETO_MUNCHKIN_ID);
  g_assert_cmpstr (json_object_get_string_member (account, "clientId"), ==, MSI_DEMO_MARKETO_CLIENT_ID);
  g_assert_cmpstr (json_object_get_string_member (account, "instanceUrl"), ==, "https://284-rpr-133.mktorest.com");
  g_assert_cmpstr (json_object_get_string_member (account, "apiUser"), ==, "msi-actions@northwind.example");
  g_assert_false (json_object_has_member (account, "clientSecret"));
}

static void
activate_demo (Fixture *f)
{
  g_autoptr(GPtrArray) admins = admins_new ("ada@northwind.example", "Ada", "Lovelace", NULL);
  g_autoptr(GPtrArray) results = NULL;
  g_autoptr(GError) error = NULL;

  results = activate (f, f->admin, &demo_credentials, admins, &error);
  g_assert_no_error (error);
}

static void
disconnect_marketo (Fixture *f)
{
  g_autoptr(JsonNode) reply = auth_request (f, "DELETE", "/api/v1/connections/marketo");
  g_autoptr(JsonObject) connection = dup_connection (f, "marketo");

  g_assert_true (JSON_NODE_HOLDS_NULL (reply));
  g_assert_cmpstr (json_object_get_string_member (connection, "status"), ==, "disconnected");
  g_assert_true (json_object_get_null_member (connection, "account"));
  g_assert_true (json_object_get_null_member (connection, "connectedBy"));
}

static void
test_marketo_automatic (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(JsonObject) connection = NULL;
  g_autoptr(JsonObject) listed = NULL;
  g_autoptr(MsiSetupStep) step = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *returned = NULL;
  g_autofree char *listed_text = NULL;

  /* Before the activation the service has no credentials to connect with. */
  connection = connect_marketo (f, NULL, &error);
  g_assert_error (error, MSI_ACTIONS_ADMIN_ERROR, MSI_ACTIONS_ADMIN_ERROR_MARKETO_NOT_ACTIVATED);
  g_assert_cmpstr (error->message, ==, "Activate the Sales account first, or paste the data from "
                                       "Marketo's Actions Config tab.");
  g_assert_null (connection);
  g_clear_error (&error);
  assert_step (f, "connect-marketo", MSI_SETUP_STATUS_NOT_DONE);

  activate_demo (f);
  connection = connect_marketo (f, NULL, &error);
  g_assert_no_error (error);
  assert_marketo_connected (connection);

  /* Exactly as GET /api/v1/connections lists it. */
  listed = dup_connection (f, "marketo");
  {
    g_autoptr(JsonNode) a = json_node_init_object (json_node_alloc (), connection);
    g_autoptr(JsonNode) b = json_node_init_object (json_node_alloc (), listed);

    g_assert_true (json_node_equal (a, b));
  }

  step = dup_step (f, "connect-marketo");
  g_assert_cmpint (msi_setup_step_get_status (step), ==, MSI_SETUP_STATUS_DONE);
  g_assert_cmpstr (msi_setup_step_get_detail (step), ==, "Connected as " MSI_DEMO_MARKETO_MUNCHKIN_ID);

  /* Marketo has no grant to revoke: disconnecting still works. */
  disconnect_marketo (f);
  assert_step (f, "connect-marketo", MSI_SETUP_STATUS_NOT_DONE);
}

static void
set_marketo_fault (Fixture    *f,
                   const char *value)
{
  g_autofree char *body = g_strdup_printf ("{\"marketoAutoConnect\":\"%s\"}", value);
  g_autoptr(Reply) reply = raw_request (f, "POST", "/__demo/faults", NULL, body);
  g_autoptr(JsonObject) faults = NULL;

  g_assert_cmpuint (reply->status, ==, 200);
  faults = parse_object (reply);
  g_assert_cmpstr (json_object_get_string_member (faults, "marketoAutoConnect"), ==, value);
}

static void
test_marketo_unreachable (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(JsonObject) connection = NULL;
  g_autoptr(JsonObject) listed = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *problem;

  activate_demo (f);
  set_marketo_fault (f, "unreachable");

  connection = connect_marketo (f, NULL, &error);
  g_assert_error (error, MSI_ACTIONS_ADMIN_ERROR, MSI_ACTIONS_ADMIN_ERROR_MARKETO_UNREACHABLE);
  g_assert_nonnull (strstr (error->message, "could not reach"));
  g_assert_null (connection);
  g_clear_error (&error);

  /* The connection records the failure, with its type. */
  listed = dup_connection (f, "marketo");
  g_assert_cmpstr (json_object_get_string_member (listed, "status"), ==, "error");
  problem = json_object_get_object_member (listed, "error");
  g_assert_cmpstr (json_object_get_string_member (problem, "type"), ==, MSI_PROBLEM_MARKETO_UNREACHABLE);
  g_assert_nonnull (json_object_get_string_member (problem, "title"));
  assert_step (f, "connect-marketo", MSI_SETUP_STATUS_ATTENTION);

  /* The paste fallback works while the automatic one does not. */
  connection = connect_marketo (f, &demo_credentials, &error);
  g_assert_no_error (error);
  assert_marketo_connected (connection);
  g_clear_pointer (&connection, json_object_unref);

  /* Reachable again: the automatic connection works too. */
  set_marketo_fault (f, "ok");
  connection = connect_marketo (f, NULL, &error);
  g_assert_no_error (error);
  assert_marketo_connected (connection);
}

static void
test_marketo_manual (Fixture       *f,
                     gconstpointer  data)
{
  MsiMarketoCredentials wrong_secret = demo_credentials;
  MsiMarketoCredentials other_instance = demo_credentials;
  MsiMarketoCredentials malformed = demo_credentials;
  MsiMarketoCredentials lower_case = demo_credentials;
  g_autoptr(JsonObject) connection = NULL;
  g_autoptr(GError) error = NULL;

  wrong_secret.client_secret = (char *)"not-the-secret";
  connection = connect_marketo (f, &wrong_secret, &error);
  g_assert_error (error, MSI_ACTIONS_ADMIN_ERROR, MSI_ACTIONS_ADMIN_ERROR_MARKETO_INVALID_CREDENTIALS);
  g_assert_null (connection);
  g_clear_error (&error);

  other_instance.munchkin_id = (char *)"999-XYZ-999";
  connection = connect_marketo (f, &other_instance, &error);
  g_assert_error (error, MSI_ACTIONS_ADMIN_ERROR, MSI_ACTIONS_ADMIN_ERROR_MARKETO_WRONG_INSTANCE);
  g_assert_null (connection);
  g_clear_error (&error);

  /* A malformed field is a bad request that names the field. */
  malformed.client_id = (char *)"3f1c9a52";
  connection = connect_marketo (f, &malformed, &error);
  g_assert_error (error, MSI_HTTP_ERROR, MSI_HTTP_ERROR_BAD_REQUEST);
  g_assert_nonnull (strstr (error->message, "clientId"));
  g_assert_null (connection);
  g_clear_error (&error);
  assert_step (f, "connect-marketo", MSI_SETUP_STATUS_NOT_DONE);

  /* Pasted, without an activation: connected, normalized. */
  lower_case.munchkin_id = (char *)"284-rpr-133";
  connection = connect_marketo (f, &lower_case, &error);
  g_assert_no_error (error);
  assert_marketo_connected (connection);
  assert_step (f, "connect-marketo", MSI_SETUP_STATUS_DONE);

  disconnect_marketo (f);
  assert_step (f, "connect-marketo", MSI_SETUP_STATUS_NOT_DONE);
}

/*
 * Salesforce setup records
 */

static void
report_package (Fixture                 *f,
                MsiPackageState          state,
                const MsiPackageVersion *installed,
                const MsiPackageVersion *required)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  msi_actions_admin_report_package_async (f->admin, state, installed, required, NULL, result_cb, f);
  result = wait_result (f);
  g_assert_true (msi_actions_admin_report_package_finish (f->admin, result, &error));
  g_assert_no_error (error);
}

static void
assert_package (Fixture    *f,
                const char *state,
                const char *installed)
{
  g_autoptr(JsonObject) account = dup_account (f);
  JsonObject *package = json_object_get_object_member (account, "salesforcePackage");

  g_assert_cmpstr (json_object_get_string_member (package, "state"), ==, state);
  if (installed != NULL)
    g_assert_cmpstr (json_object_get_string_member (package, "installedVersion"), ==, installed);
  else
    g_assert_true (json_object_get_null_member (package, "installedVersion"));
  g_assert_cmpstr (json_object_get_string_member (package, "requiredVersion"), ==, "2.6.0");
}

static void
test_package (Fixture       *f,
              gconstpointer  data)
{
  const MsiPackageVersion required = { 2, 6, 0, -1 };
  const MsiPackageVersion old = { 2, 4, 1, 3 };
  const MsiPackageVersion upgraded = { 2, 6, 0, 7 };
  g_autoptr(MsiSetupStep) step = NULL;

  assert_package (f, "unknown", NULL);

  report_package (f, MSI_PACKAGE_STATE_OUTDATED, &old, &required);
  assert_package (f, "outdated", "2.4.1");
  step = dup_step (f, "salesforce-package");
  g_assert_cmpint (msi_setup_step_get_status (step), ==, MSI_SETUP_STATUS_ATTENTION);
  g_assert_cmpstr (msi_setup_step_get_detail (step), ==, "Version 2.4.1 is installed; 2.6.0 is required");
  g_clear_object (&step);

  report_package (f, MSI_PACKAGE_STATE_CURRENT, &upgraded, &required);
  assert_package (f, "current", "2.6.0");
  assert_step (f, "salesforce-package", MSI_SETUP_STATUS_DONE);

  report_package (f, MSI_PACKAGE_STATE_NOT_INSTALLED, NULL, &required);
  assert_package (f, "not-installed", NULL);
  assert_step (f, "salesforce-package", MSI_SETUP_STATUS_NOT_DONE);
}

static GStrv
get_configuration (Fixture *f)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  GStrv items;

  msi_actions_admin_get_configuration_async (f->admin, NULL, result_cb, f);
  result = wait_result (f);
  items = msi_actions_admin_get_configuration_finish (f->admin, result, &error);
  g_assert_no_error (error);

  return items;
}

static void
set_configuration (Fixture            *f,
                   const char * const *items,
                   guint               total,
                   GError            **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  msi_actions_admin_set_configuration_async (f->admin, items, total, NULL, result_cb, f);
  result = wait_result (f);
  msi_actions_admin_set_configuration_finish (f->admin, result, error);
}

static void
assert_configuration (Fixture    *f,
                      const char *state,
                      gint64      completed,
                      gint64      total)
{
  g_autoptr(JsonObject) account = dup_account (f);
  JsonObject *configuration = json_object_get_object_member (account, "salesforceConfiguration");

  g_assert_cmpstr (json_object_get_string_member (configuration, "state"), ==, state);
  g_assert_cmpint (json_object_get_int_member (configuration, "completedItems"), ==, completed);
  g_assert_cmpint (json_object_get_int_member (configuration, "totalItems"), ==, total);
}

static void
test_configuration (Fixture       *f,
                    gconstpointer  data)
{
  static const char * const some[] = { "remote-site", "page-layouts", NULL };
  static const char * const all[] = { "remote-site", "page-layouts", "custom-fields",
                                      "permission-sets", "lead-assignment", "tab-visibility", NULL };
  static const char * const bad[] = { "Remote Site", NULL };
  g_auto(GStrv) items = NULL;
  g_autoptr(MsiSetupStep) step = NULL;
  g_autoptr(GError) error = NULL;

  items = get_configuration (f);
  g_assert_cmpuint (g_strv_length (items), ==, 0);
  g_clear_pointer (&items, g_strfreev);
  assert_configuration (f, "not-started", 0, 6);

  set_configuration (f, some, 6, &error);
  g_assert_no_error (error);
  items = get_configuration (f);
  g_assert_cmpuint (g_strv_length (items), ==, 2);
  g_assert_true (g_strv_contains ((const char * const *)items, "remote-site"));
  g_assert_true (g_strv_contains ((const char * const *)items, "page-layouts"));
  g_clear_pointer (&items, g_strfreev);
  assert_configuration (f, "in-progress", 2, 6);
  step = dup_step (f, "salesforce-configuration");
  g_assert_cmpint (msi_setup_step_get_status (step), ==, MSI_SETUP_STATUS_IN_PROGRESS);
  g_assert_cmpstr (msi_setup_step_get_detail (step), ==, "2 of 6 items done");

  set_configuration (f, all, 6, &error);
  g_assert_no_error (error);
  items = get_configuration (f);
  g_assert_cmpuint (g_strv_length (items), ==, 6);
  g_clear_pointer (&items, g_strfreev);
  assert_configuration (f, "done", 6, 6);
  assert_step (f, "salesforce-configuration", MSI_SETUP_STATUS_DONE);

  /* A bad item id changes nothing. */
  set_configuration (f, bad, 6, &error);
  g_assert_error (error, MSI_HTTP_ERROR, MSI_HTTP_ERROR_BAD_REQUEST);
  g_assert_nonnull (strstr (error->message, "completedItems[0]"));
  g_clear_error (&error);
  assert_configuration (f, "done", 6, 6);

  /* Unticking everything. */
  set_configuration (f, NULL, 6, &error);
  g_assert_no_error (error);
  assert_configuration (f, "not-started", 0, 6);
  assert_step (f, "salesforce-configuration", MSI_SETUP_STATUS_NOT_DONE);
}

/*
 * Raw shapes (what another client of the API would see)
 */

static void
test_raw_shapes (Fixture       *f,
                 gconstpointer  data)
{
  g_autofree char *token = raw_sign_in (f, ADMIN_EMAIL, ADMIN_PASSWORD);
  static const char good_marketo[] = "\"marketo\":{\"munchkinId\":\"" MSI_DEMO_MARKETO_MUNCHKIN_ID "\","
                                     "\"clientId\":\"" MSI_DEMO_MARKETO_CLIENT_ID "\","
                                     "\"clientSecret\":\"" MSI_DEMO_MARKETO_CLIENT_SECRET "\"}";
  static const struct
  {
    const char *method;
    const char *path;
    const char *body;
    guint       status;
    const char *detail;
  } cases[] = {
    { "POST", "/api/v1/activation", NULL, 401, NULL },
    { "POST", "/api/v1/activation", "{}", 400, "“marketo” is missing" },
    { "POST", "/api/v1/activation", "{\"marketo\":[]}", 400, "“marketo” must be an object" },
    { "POST", "/api/v1/activation", "{\"marketo\":{\"munchkinId\":\"284-RPR-133\",\"clientId\":1}}", 400,
      "“marketo.clientId” must be a string" },
    { "POST", "/api/v1/activation", "{\"marketo\":{\"munchkinId\":\"284-RPR\",\"clientId\":\"x\","
      "\"clientSecret\":\"y\"}}", 400, "“marketo.munchkinId” is not a Munchkin ID" },
    { "POST", "/api/v1/activation", "{", 400, "JSON object" },
    { "POST", "/api/v1/connections/salesforce", "{}", 400, "authorization-url" },
    { "POST", "/api/v1/connections/gmail", "{}", 400, "gmail" },
    { "POST", "/api/v1/connections/marketo", "{\"munchkinId\":\"284-RPR-133\"}", 400, "“clientId” is missing" },
    { "PUT", "/api/v1/setup/salesforce-package", "{\"state\":\"old\",\"requiredVersion\":\"2.6.0\"}", 400,
      "“state” must be" },
    { "PUT", "/api/v1/setup/salesforce-package", "{\"state\":\"outdated\",\"installedVersion\":2,"
      "\"requiredVersion\":\"2.6.0\"}", 400, "“installedVersion” must be a string or null" },
    { "PUT", "/api/v1/setup/salesforce-package", "{\"state\":\"current\",\"installedVersion\":\"2.4.1\","
      "\"requiredVersion\":\"2.6.0\"}", 422, "“outdated”, not “current”" },
    { "PUT", "/api/v1/setup/salesforce-package", "{\"state\":\"current\",\"installedVersion\":\"2.x\","
      "\"requiredVersion\":\"2.6.0\"}", 400, "“installedVersion” is not a version" },
    { "PUT", "/api/v1/setup/salesforce-configuration", "{\"completedItems\":[1],\"totalItems\":6}", 400,
      "“completedItems[0]” must be a string" },
    { "PUT", "/api/v1/setup/salesforce-configuration", "{\"completedItems\":[\"a\",\"a\"],\"totalItems\":6}", 400,
      "“completedItems[1]” is listed twice" },
    { "PUT", "/api/v1/setup/salesforce-configuration", "{\"completedItems\":[],\"totalItems\":\"6\"}", 400,
      "“totalItems” must be an integer" },
    { "PUT", "/api/v1/setup/salesforce-configuration", "{\"completedItems\":[\"a\",\"b\"],\"totalItems\":1}", 400,
      "only 1" },
    { "DELETE", "/demo/outbox/12345", NULL, 404, "12345" },
  };
  g_autofree char *admins_not_object = g_strconcat ("{", good_marketo, ",\"admins\":[\"ada\"]}", NULL);
  g_autofree char *admin_without_name = g_strconcat ("{", good_marketo, ",\"admins\":[{\"email\":\"a@b.example\","
                                                     "\"firstName\":\"A\"}]}", NULL);
  g_autofree char *good = g_strconcat ("{", good_marketo, ",\"extra\":true,\"admins\":[{\"email\":\"ada@northwind.example\","
                                       "\"firstName\":\"Ada\",\"lastName\":\"Lovelace\",\"title\":\"CTO\"}]}", NULL);
  g_autoptr(Reply) reply = NULL;
  g_autoptr(JsonObject) activation = NULL;
  g_autoptr(JsonObject) entry = NULL;
  g_autoptr(JsonArray) outbox = NULL;
  g_autofree char *delete_path = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(Reply) bad = raw_request (f, cases[i].method, cases[i].path,
                                          cases[i].status == 401 ? NULL : token, cases[i].body);

      g_test_message ("%s %s %s", cases[i].method, cases[i].path, cases[i].body ? cases[i].body : "");
      assert_problem (bad, cases[i].status, NULL, cases[i].detail);
    }

  reply = raw_request (f, "POST", "/api/v1/activation", token, admins_not_object);
  assert_problem (reply, 400, NULL, "“admins[0]” must be an object");
  g_clear_pointer (&reply, reply_free);
  reply = raw_request (f, "POST", "/api/v1/activation", token, admin_without_name);
  assert_problem (reply, 400, NULL, "“admins[0].lastName” is missing");
  g_clear_pointer (&reply, reply_free);

  /* The problem types, as RFC 9457 replies. */
  reply = raw_request (f, "POST", "/api/v1/connections/marketo", token, NULL);
  assert_problem (reply, 409, MSI_PROBLEM_MARKETO_NOT_ACTIVATED, "Activate the Sales account first");
  g_clear_pointer (&reply, reply_free);

  /* Unknown members are ignored. */
  reply = raw_request (f, "POST", "/api/v1/activation", token, good);
  g_assert_cmpuint (reply->status, ==, 200);
  g_assert_cmpstr (soup_message_headers_get_content_type (reply->headers, NULL), ==, "application/json");
  activation = parse_object (reply);
  g_assert_cmpstr (json_object_get_string_member (activation, "state"), ==, "activated");
  entry = json_object_ref (json_array_get_object_element (json_object_get_array_member (activation, "invited"), 0));
  g_assert_cmpstr (json_object_get_string_member (entry, "email"), ==, "ada@northwind.example");
  g_assert_cmpstr (json_object_get_string_member (entry, "name"), ==, "Ada Lovelace");
  g_assert_cmpstr (json_object_get_string_member (entry, "outcome"), ==, "invited");
  g_clear_pointer (&reply, reply_free);

  /* The demo mailbox: no bearer needed; a message can be deleted once. */
  outbox = dup_outbox (f);
  g_assert_cmpuint (json_array_get_length (outbox), ==, 1);
  delete_path = g_strdup_printf ("/demo/outbox/%" G_GINT64_FORMAT,
                                 json_object_get_int_member (json_array_get_object_element (outbox, 0), "id"));
  reply = raw_request (f, "DELETE", delete_path, NULL, NULL);
  g_assert_cmpuint (reply->status, ==, 204);
  g_clear_pointer (&reply, reply_free);
  reply = raw_request (f, "DELETE", delete_path, NULL, NULL);
  assert_problem (reply, 404, NULL, NULL);
  g_clear_pointer (&outbox, json_array_unref);
  outbox = dup_outbox (f);
  g_assert_cmpuint (json_array_get_length (outbox), ==, 0);
  g_clear_pointer (&reply, reply_free);

  /* The configuration's GET has the PUT's shape. */
  reply = raw_request (f, "PUT", "/api/v1/setup/salesforce-configuration", token,
                       "{\"completedItems\":[\"remote-site\"],\"totalItems\":4}");
  g_assert_cmpuint (reply->status, ==, 200);
  g_clear_pointer (&reply, reply_free);
  reply = raw_request (f, "GET", "/api/v1/setup/salesforce-configuration", token, NULL);
  g_assert_cmpuint (reply->status, ==, 200);
  {
    g_autoptr(JsonObject) configuration = parse_object (reply);

    g_assert_cmpint (json_array_get_length (json_object_get_array_member (configuration, "completedItems")), ==, 1);
    g_assert_cmpint (json_object_get_int_member (configuration, "totalItems"), ==, 4);
    g_assert_cmpstr (json_object_get_string_member (configuration, "state"), ==, "in-progress");
  }
}

int
main (int   argc,
      char *argv[])
{
  /* The demo server serves POST /__demo/faults. */
  g_setenv ("MSI_DEMO_TEST_HOOKS", "1", TRUE);
  g_unsetenv ("MSI_DEMO_LATENCY_MS");
  g_unsetenv ("MSI_DEMO_TOKEN_LIFETIME");
  g_unsetenv ("MSI_DEMO_FAIL_TOKEN");
  g_setenv ("GIO_USE_PROXY_RESOLVER", "dummy", TRUE);
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/actions-admin/" path, Fixture, NULL, fixture_setup, func, fixture_teardown)

  ADD ("activate", test_activate);
  ADD ("reactivate", test_reactivate);
  ADD ("invalid-credentials", test_invalid_credentials);
  ADD ("wrong-instance", test_wrong_instance);
  ADD ("invalid-admins", test_invalid_admins);
  ADD ("not-an-admin", test_not_an_admin);
  ADD ("marketo-automatic", test_marketo_automatic);
  ADD ("marketo-unreachable", test_marketo_unreachable);
  ADD ("marketo-manual", test_marketo_manual);
  ADD ("package", test_package);
  ADD ("configuration", test_configuration);
  ADD ("raw-shapes", test_raw_shapes);

  return g_test_run ();
}
