/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-onboarding-client.c: a sales rep's onboarding against the demo server: invitation, session, progress, own connections, mailboxes, signature */

#define G_LOG_DOMAIN "test-onboarding-client"

#include "config.h"

#include "common/msi-test-onboarding.h"
#include "common/msi-test-scim.h"

#include "msi-onboarding-client.h"
#include "msi-problem-types.h"
#include "msi-service-connection.h"
#include "msi-signature-html.h"
#include "../../src/demo/msi-demo-seed.h"

#define PROFILE_PATH         "/io/github/msiactions/Setup/profiles/onboarding-test/"
#define SALESFORCE_PASSWORD  "demo-salesforce"
#define OUTLOOK_PASSWORD     "demo-outlook"
#define GMAIL_PASSWORD       "demo-gmail"
#define SECOND_GMAIL         "riley.rep@gmail.example"

typedef struct
{
  ScimSession          s;        /* the demo server, an admin signed in */
  GSettings           *settings; /* the rep's profile settings */
  MsiActionsAuth      *auth;     /* the rep's session: signed out at first */
  MsiOnboardingClient *client;
  SoupSession         *browser;  /* plays the system browser */
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  scim_session_start (&f->s);
  f->settings = g_settings_new_with_path ("io.github.msiactions.Setup.Profile", PROFILE_PATH);
  f->auth = msi_actions_auth_new (f->s.profile, f->s.store, f->settings, f->s.session);
  msi_http_client_set_retry_delay (msi_actions_auth_get_http_client (f->auth), 20, 200);
  f->client = msi_onboarding_client_new (f->auth);
  f->browser = new_session ();
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_clear_object (&f->browser);
  g_clear_object (&f->client);
  g_clear_object (&f->auth);
  g_settings_reset (f->settings, "actions-account");
  g_clear_object (&f->settings);
  scim_session_stop (&f->s);
}

/*
 * Calls, waited for
 */

/* The token of the seeded welcome mail to @email. */
static char *
seeded_token (Fixture    *f,
              const char *email)
{
  g_autoptr(JsonArray) outbox = scim_dup_outbox (&f->s);

  for (guint i = 0; i < json_array_get_length (outbox); i++)
    {
      JsonObject *mail = json_array_get_object_element (outbox, i);

      if (g_str_equal (json_object_get_string_member (mail, "to"), email))
        return scim_link_token (mail);
    }

  g_error ("No welcome mail to %s", email);
}

/* POST /__demo/onboarding/invite: a fresh invitation's token. */
static char *
invite (Fixture    *f,
        const char *email,
        const char *name)
{
  g_autofree char *body = g_strdup_printf ("{\"email\": \"%s\", \"name\": \"%s\"}", email, name);
  g_autoptr(JsonObject) reply = scim_hook (&f->s, "POST", "/__demo/onboarding/invite", body);

  g_assert_true (g_str_has_prefix (json_object_get_string_member (reply, "link"),
                                   "io.github.msiactions.setup:/invitation?service="));

  return g_strdup (json_object_get_string_member (reply, "token"));
}

static JsonObject *
dup_user_hook (Fixture    *f,
               const char *email)
{
  g_autofree char *path = g_strconcat ("/__demo/onboarding/users/", email, NULL);

  return scim_hook (&f->s, "GET", path, NULL);
}

static MsiInvitationInfo *
lookup (Fixture     *f,
        const char  *token,
        GError     **error)
{
  g_autoptr(GAsyncResult) result = NULL;
  GAsyncResult *slot = NULL;

  msi_onboarding_client_lookup_invitation_async (f->client, token, NULL, scim_result_cb, &slot);
  result = scim_wait (&slot);

  return msi_onboarding_client_lookup_invitation_finish (f->client, result, error);
}

static MsiOnboardingProgress *
redeem (Fixture     *f,
        const char  *token,
        GError     **error)
{
  g_autoptr(GAsyncResult) result = NULL;
  GAsyncResult *slot = NULL;

  msi_onboarding_client_redeem_async (f->client, token, NULL, scim_result_cb, &slot);
  result = scim_wait (&slot);

  return msi_onboarding_client_redeem_finish (f->client, result, error);
}

/* Opens the onboarding session of @token: signed in as its rep. */
static void
redeem_ok (Fixture    *f,
           const char *token)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MsiOnboardingProgress) progress = redeem (f, token, &error);

  g_assert_no_error (error);
  g_assert_nonnull (progress);
  g_assert_cmpint (msi_actions_auth_get_state (f->auth), ==, MSI_AUTH_STATE_SIGNED_IN);
}

static MsiOnboardingProgress *
get_progress (Fixture  *f,
              GError  **error)
{
  g_autoptr(GAsyncResult) result = NULL;
  GAsyncResult *slot = NULL;

  msi_onboarding_client_get_progress_async (f->client, NULL, scim_result_cb, &slot);
  result = scim_wait (&slot);

  return msi_onboarding_client_get_progress_finish (f->client, result, error);
}

static MsiOnboardingProgress *
set_step (Fixture            *f,
          MsiOnboardingStep   step,
          MsiEmailClient      email_client,
          GError            **error)
{
  g_autoptr(GAsyncResult) result = NULL;
  GAsyncResult *slot = NULL;

  msi_onboarding_client_set_step_async (f->client, step, email_client, NULL, scim_result_cb, &slot);
  result = scim_wait (&slot);

  return msi_onboarding_client_set_step_finish (f->client, result, error);
}

static void
set_step_ok (Fixture           *f,
             MsiOnboardingStep  step,
             MsiEmailClient     email_client)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MsiOnboardingProgress) progress = set_step (f, step, email_client, &error);

  g_assert_no_error (error);
  g_assert_cmpint (progress->step, ==, step);
}

static GPtrArray *
list_identities (Fixture *f)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  GAsyncResult *slot = NULL;
  GPtrArray *identities;

  msi_onboarding_client_list_email_identities_async (f->client, NULL, scim_result_cb, &slot);
  result = scim_wait (&slot);
  identities = msi_onboarding_client_list_email_identities_finish (f->client, result, &error);
  g_assert_no_error (error);

  return identities;
}

/* A request as the rep, with the JSON body as given; its status. */
static JsonNode *
rep_request (Fixture     *f,
             const char  *method,
             const char  *path,
             const char  *json_body,
             guint       *status,
             JsonNode   **error_body)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(JsonNode) body = json_body != NULL ? json_from_string (json_body, NULL) : NULL;
  g_autoptr(GError) error = NULL;
  GAsyncResult *slot = NULL;

  msi_actions_auth_request_async (f->auth, method, path, body, NULL, scim_result_cb, &slot);
  result = scim_wait (&slot);

  return msi_actions_auth_request_finish_status (f->auth, result, status, error_body, &error);
}

/* Connects the rep's @service by playing the browser at its
 * authorization URL; returns the connection's status afterwards. */
static JsonObject *
connect_service (Fixture        *f,
                 SoupSession    *browser,
                 const char     *service,
                 const char     *user,
                 const char     *password,
                 gboolean        allow,
                 MsiTestBrowse **out_browse)
{
  g_autoptr(MsiServiceConnection) connection = msi_service_connection_new_for_user (f->auth, service);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(MsiTestBrowse) browse = NULL;
  JsonObject *status;
  GAsyncResult *slot = NULL;

  msi_service_connection_begin_async (connection, NULL, scim_result_cb, &slot);
  result = scim_wait (&slot);
  g_assert_true (msi_service_connection_begin_finish (connection, result, &error));
  g_assert_no_error (error);
  g_clear_object (&result);

  browse = msi_test_browse (browser, msi_service_connection_get_authorization_url (connection),
                            user, password, allow);
  /* The flow ends at the service's own callback. */
  g_assert_true (msi_service_connection_is_callback (connection, browse->final_uri));

  msi_service_connection_read_status_async (connection, NULL, scim_result_cb, &slot);
  result = scim_wait (&slot);
  status = msi_service_connection_read_status_finish (connection, result, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (status, "service"), ==, service);

  if (out_browse != NULL)
    *out_browse = g_steal_pointer (&browse);

  return status;
}

static void
connect_ok (Fixture    *f,
            const char *service,
            const char *user,
            const char *password)
{
  g_autoptr(MsiTestBrowse) browse = NULL;
  g_autoptr(JsonObject) status = connect_service (f, f->browser, service, user, password, TRUE, &browse);

  g_assert_cmpstr (browse->outcome, ==, "connected");
  g_assert_cmpstr (json_object_get_string_member (status, "status"), ==, "connected");
  g_assert_cmpstr (json_object_get_string_member (status, "account"), ==, user);
  g_assert_true (json_object_get_null_member (status, "error"));
  g_assert_true (json_object_get_null_member (status, "problem"));
}

/*
 * Tests
 */

/* The link's invitation, before anything: who it is for, or why it
 * does not work. */
static void
test_lookup (Fixture       *f,
             gconstpointer  data)
{
  g_autofree char *rep = seeded_token (f, MSI_DEMO_ONBOARDING_HAPPY_EMAIL);
  g_autofree char *expired = seeded_token (f, MSI_DEMO_ONBOARDING_EXPIRED_EMAIL);
  g_autoptr(MsiInvitationInfo) info = NULL;
  g_autoptr(MsiInvitationInfo) none = NULL;
  g_autoptr(MsiOnboardingProgress) progress = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GError) error = NULL;

  info = lookup (f, rep, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (info->email, ==, MSI_DEMO_ONBOARDING_HAPPY_EMAIL);
  g_assert_cmpstr (info->name, ==, "Riley Rep");
  g_assert_cmpstr (info->account_name, ==, "Northwind Traders");
  g_assert_cmpstr (info->invited_by, ==, "Avery Admin");
  g_assert_cmpstr (info->state, ==, "not-started");
  g_assert_nonnull (info->expires_at);
  g_assert_cmpint (g_date_time_compare (info->expires_at, now), >, 0);

  none = lookup (f, expired, &error);
  g_assert_null (none);
  g_assert_error (error, MSI_ONBOARDING_ERROR, MSI_ONBOARDING_ERROR_INVITATION_EXPIRED);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "Ask your admin"));
  g_clear_error (&error);

  /* Never sent; and one that is not even a token. */
  none = lookup (f, "q0Vb6nD3s-Jx_8uTzM2kYwP5eR1aLcH9oN7iF4gBdEh", &error);
  g_assert_null (none);
  g_assert_error (error, MSI_ONBOARDING_ERROR, MSI_ONBOARDING_ERROR_INVITATION_UNKNOWN);
  g_clear_error (&error);
  none = lookup (f, "not a token/..", &error);
  g_assert_null (none);
  g_assert_error (error, MSI_ONBOARDING_ERROR, MSI_ONBOARDING_ERROR_INVITATION_UNKNOWN);
  g_clear_error (&error);

  /* Expired links cannot open a session either; and nothing changed. */
  progress = redeem (f, expired, &error);
  g_assert_null (progress);
  g_assert_error (error, MSI_ONBOARDING_ERROR, MSI_ONBOARDING_ERROR_INVITATION_EXPIRED);
  g_assert_cmpint (msi_actions_auth_get_state (f->auth), ==, MSI_AUTH_STATE_SIGNED_OUT);
}

/* The link opens a session as the invited rep; the tokens are in the
 * keyring, so that the next run signs in by itself. */
static void
test_redeem (Fixture       *f,
             gconstpointer  data)
{
  g_autofree char *rep = seeded_token (f, MSI_DEMO_ONBOARDING_HAPPY_EMAIL);
  g_autofree char *dana = invite (f, "dana.demo@northwind.example", "Dana Demo");
  g_autoptr(MsiOnboardingProgress) progress = NULL;
  g_autoptr(MsiActionsAuth) next_run = NULL;
  g_autoptr(MsiInvitationInfo) info = NULL;
  g_autoptr(JsonObject) hook = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  GAsyncResult *slot = NULL;

  progress = redeem (f, rep, &error);
  g_assert_no_error (error);
  g_assert_cmpint (progress->step, ==, MSI_ONBOARDING_STEP_ACTIVATE);
  g_assert_cmpint (progress->email_client, ==, MSI_EMAIL_CLIENT_NONE);
  g_assert_false (progress->signature_saved);
  g_assert_cmpint (msi_actions_auth_get_state (f->auth), ==, MSI_AUTH_STATE_SIGNED_IN);
  g_assert_cmpstr (msi_actions_auth_get_user_email (f->auth), ==, MSI_DEMO_ONBOARDING_HAPPY_EMAIL);
  g_assert_cmpstr (msi_actions_auth_get_user_name (f->auth), ==, "Riley Rep");
  g_assert_cmpstr (msi_actions_auth_get_role (f->auth), ==, "user");
  g_assert_false (msi_actions_auth_is_admin (f->auth));

  /* The next run, from the keyring. */
  next_run = msi_actions_auth_new (f->s.profile, f->s.store, f->settings, f->s.session);
  msi_actions_auth_restore_async (next_run, NULL, scim_result_cb, &slot);
  result = scim_wait (&slot);
  g_assert_true (msi_actions_auth_restore_finish (next_run, result, &error));
  g_assert_no_error (error);
  g_assert_cmpint (msi_actions_auth_get_state (next_run), ==, MSI_AUTH_STATE_SIGNED_IN);
  g_assert_cmpstr (msi_actions_auth_get_user_email (next_run), ==, MSI_DEMO_ONBOARDING_HAPPY_EMAIL);

  /* The link still works until the onboarding is finished. */
  info = lookup (f, rep, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (info->state, ==, "not-started");
  redeem_ok (f, rep);

  /* Someone invited a moment ago: the session makes them a user. */
  redeem_ok (f, dana);
  g_assert_cmpstr (msi_actions_auth_get_user_email (f->auth), ==, "dana.demo@northwind.example");
  g_assert_cmpstr (msi_actions_auth_get_user_name (f->auth), ==, "Dana Demo");
  g_assert_cmpstr (msi_actions_auth_get_role (f->auth), ==, "user");
  hook = dup_user_hook (f, "dana.demo@northwind.example");
  g_assert_true (json_object_get_boolean_member (hook, "active"));
  g_assert_true (json_object_get_boolean_member (hook, "hasAccount"));
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (hook, "onboarding"), "step"),
                   ==, "activate");
}

/* The steps in order: Salesforce first, then a mailbox; then the
 * finished onboarding uses the link up. */
static void
test_progress (Fixture       *f,
               gconstpointer  data)
{
  g_autofree char *rep = seeded_token (f, MSI_DEMO_ONBOARDING_HAPPY_EMAIL);
  g_autoptr(MsiOnboardingProgress) progress = NULL;
  g_autoptr(MsiOnboardingProgress) again = NULL;
  g_autoptr(MsiInvitationInfo) info = NULL;
  g_autoptr(JsonNode) me = NULL;
  g_autoptr(GError) error = NULL;
  guint status = 0;

  redeem_ok (f, rep);

  progress = set_step (f, MSI_ONBOARDING_STEP_START, MSI_EMAIL_CLIENT_NONE, &error);
  g_assert_null (progress);
  g_assert_error (error, MSI_ONBOARDING_ERROR, MSI_ONBOARDING_ERROR_STEP_NOT_READY);
  g_assert_nonnull (strstr (error->message, "Salesforce"));
  g_clear_error (&error);

  connect_ok (f, "salesforce", MSI_DEMO_ONBOARDING_HAPPY_EMAIL, SALESFORCE_PASSWORD);
  info = lookup (f, rep, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (info->state, ==, "in-progress");

  set_step_ok (f, MSI_ONBOARDING_STEP_START, MSI_EMAIL_CLIENT_NONE);
  set_step_ok (f, MSI_ONBOARDING_STEP_EMAIL_CLIENT, MSI_EMAIL_CLIENT_OUTLOOK);

  progress = set_step (f, MSI_ONBOARDING_STEP_EMAIL_CONNECTED, MSI_EMAIL_CLIENT_NONE, &error);
  g_assert_null (progress);
  g_assert_error (error, MSI_ONBOARDING_ERROR, MSI_ONBOARDING_ERROR_STEP_NOT_READY);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "mailbox"));
  g_clear_error (&error);

  connect_ok (f, "microsoft", MSI_DEMO_ONBOARDING_HAPPY_EMAIL, OUTLOOK_PASSWORD);
  set_step_ok (f, MSI_ONBOARDING_STEP_EMAIL_CONNECTED, MSI_EMAIL_CLIENT_NONE);
  set_step_ok (f, MSI_ONBOARDING_STEP_SIGNATURE, MSI_EMAIL_CLIENT_NONE);

  /* Resuming reads where it was, the e-mail client kept. */
  progress = get_progress (f, &error);
  g_assert_no_error (error);
  g_assert_cmpint (progress->step, ==, MSI_ONBOARDING_STEP_SIGNATURE);
  g_assert_cmpint (progress->email_client, ==, MSI_EMAIL_CLIENT_OUTLOOK);

  /* Back is allowed. */
  set_step_ok (f, MSI_ONBOARDING_STEP_EMAIL_CLIENT, MSI_EMAIL_CLIENT_NONE);
  set_step_ok (f, MSI_ONBOARDING_STEP_FINISH, MSI_EMAIL_CLIENT_NONE);
  set_step_ok (f, MSI_ONBOARDING_STEP_TOUR, MSI_EMAIL_CLIENT_NONE);
  set_step_ok (f, MSI_ONBOARDING_STEP_LAUNCH, MSI_EMAIL_CLIENT_NONE);
  set_step_ok (f, MSI_ONBOARDING_STEP_DONE, MSI_EMAIL_CLIENT_NONE);

  me = rep_request (f, "GET", "/api/v1/me", NULL, &status, NULL);
  g_assert_cmpuint (status, ==, 200);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (json_node_get_object (me),
                                                                                 "onboarding"), "state"),
                   ==, "finished");

  /* The link is used up: sign in instead. */
  g_clear_pointer (&info, msi_invitation_info_free);
  info = lookup (f, rep, &error);
  g_assert_null (info);
  g_assert_error (error, MSI_ONBOARDING_ERROR, MSI_ONBOARDING_ERROR_INVITATION_USED);
  g_test_message ("%s", error->message);
  g_clear_error (&error);
  again = redeem (f, rep, &error);
  g_assert_null (again);
  g_assert_error (error, MSI_ONBOARDING_ERROR, MSI_ONBOARDING_ERROR_INVITATION_USED);
}

/* Salesforce with another e-mail than the Sales account's: not
 * connected, and the problem names both addresses. */
static void
test_salesforce_mismatch (Fixture       *f,
                          gconstpointer  data)
{
  g_autofree char *lena = seeded_token (f, MSI_DEMO_ONBOARDING_MISMATCH_EMAIL);
  g_autoptr(MsiTestBrowse) browse = NULL;
  g_autoptr(JsonObject) status = NULL;
  g_autoptr(MsiOnboardingProgress) progress = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *problem;

  redeem_ok (f, lena);
  status = connect_service (f, f->browser, "salesforce", MSI_DEMO_ONBOARDING_MISMATCH_SALESFORCE,
                            SALESFORCE_PASSWORD, TRUE, &browse);
  g_assert_true (msi_test_browse_went_through (browse, "login", "consent", NULL));
  g_assert_cmpstr (browse->outcome, ==, "failed");
  g_assert_cmpuint (browse->status, ==, 403);

  g_assert_cmpstr (json_object_get_string_member (status, "status"), ==, "error");
  g_assert_true (json_object_get_null_member (status, "account"));
  g_assert_nonnull (json_object_get_string_member (status, "error"));
  problem = json_object_get_object_member (status, "problem");
  g_assert_nonnull (problem);
  g_assert_cmpstr (json_object_get_string_member (problem, "type"), ==, MSI_PROBLEM_SALESFORCE_EMAIL_MISMATCH);
  g_assert_cmpstr (json_object_get_string_member (problem, "salesforceEmail"), ==,
                   MSI_DEMO_ONBOARDING_MISMATCH_SALESFORCE);
  g_assert_cmpstr (json_object_get_string_member (problem, "accountEmail"), ==, MSI_DEMO_ONBOARDING_MISMATCH_EMAIL);
  g_assert_nonnull (json_object_get_string_member (problem, "title"));
  g_assert_nonnull (json_object_get_string_member (problem, "detail"));

  /* Not activated: the next step waits. */
  progress = set_step (f, MSI_ONBOARDING_STEP_START, MSI_EMAIL_CLIENT_NONE, &error);
  g_assert_error (error, MSI_ONBOARDING_ERROR, MSI_ONBOARDING_ERROR_STEP_NOT_READY);
}

/* A Salesforce profile without API Enabled: not connected, and the
 * problem names the profile. */
static void
test_salesforce_api_disabled (Fixture       *f,
                              gconstpointer  data)
{
  g_autofree char *tomas = seeded_token (f, MSI_DEMO_ONBOARDING_NO_API_EMAIL);
  g_autoptr(MsiTestBrowse) browse = NULL;
  g_autoptr(MsiTestBrowse) again = NULL;
  g_autoptr(JsonObject) status = NULL;
  g_autoptr(JsonObject) status_again = NULL;
  JsonObject *problem;

  redeem_ok (f, tomas);
  status = connect_service (f, f->browser, "salesforce", MSI_DEMO_ONBOARDING_NO_API_EMAIL,
                            SALESFORCE_PASSWORD, TRUE, &browse);
  g_assert_cmpstr (browse->outcome, ==, "failed");
  g_assert_cmpstr (json_object_get_string_member (status, "status"), ==, "error");
  problem = json_object_get_object_member (status, "problem");
  g_assert_cmpstr (json_object_get_string_member (problem, "type"), ==, MSI_PROBLEM_SALESFORCE_API_DISABLED);
  g_assert_cmpstr (json_object_get_string_member (problem, "salesforceEmail"), ==, MSI_DEMO_ONBOARDING_NO_API_EMAIL);
  g_assert_cmpstr (json_object_get_string_member (problem, "profileName"), ==, "Sales User (no API)");
  g_assert_nonnull (strstr (json_object_get_string_member (problem, "detail"), "API Enabled"));

  /* Already signed in to Salesforce and allowed once: straight to the
   * callback, no page at all; still refused. */
  status_again = connect_service (f, f->browser, "salesforce", MSI_DEMO_ONBOARDING_NO_API_EMAIL,
                                  SALESFORCE_PASSWORD, TRUE, &again);
  g_assert_cmpuint (again->pages->len, ==, 0);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (status_again, "problem"), "type"),
                   ==, MSI_PROBLEM_SALESFORCE_API_DISABLED);
}

/* Outlook (e-mail page, password page, consent) and Gmail (the same, in
 * the system browser) each add an e-mail identity; two at most. */
static void
test_mailboxes (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *rep = seeded_token (f, MSI_DEMO_ONBOARDING_HAPPY_EMAIL);
  g_autoptr(MsiTestBrowse) outlook = NULL;
  g_autoptr(MsiTestBrowse) gmail = NULL;
  g_autoptr(MsiTestBrowse) third = NULL;
  g_autoptr(SoupSession) other_browser = new_session ();
  g_autoptr(JsonObject) status = NULL;
  g_autoptr(JsonObject) refused = NULL;
  g_autoptr(GPtrArray) identities = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(MsiServiceConnection) microsoft = NULL;
  GAsyncResult *slot = NULL;
  MsiEmailIdentity *identity;

  redeem_ok (f, rep);
  identities = list_identities (f);
  g_assert_cmpuint (identities->len, ==, 0);
  g_clear_pointer (&identities, g_ptr_array_unref);

  status = connect_service (f, f->browser, "microsoft", MSI_DEMO_ONBOARDING_HAPPY_EMAIL, OUTLOOK_PASSWORD,
                            TRUE, &outlook);
  g_assert_true (msi_test_browse_went_through (outlook, "email", "password", "consent", NULL));
  g_assert_cmpstr (outlook->outcome, ==, "connected");
  g_assert_cmpstr (json_object_get_string_member (status, "account"), ==, MSI_DEMO_ONBOARDING_HAPPY_EMAIL);
  g_clear_pointer (&status, json_object_unref);

  status = connect_service (f, f->browser, "google", MSI_DEMO_ONBOARDING_HAPPY_EMAIL, GMAIL_PASSWORD,
                            TRUE, &gmail);
  g_assert_true (msi_test_browse_went_through (gmail, "email", "password", "consent", NULL));
  g_assert_cmpstr (json_object_get_string_member (status, "status"), ==, "connected");

  identities = list_identities (f);
  g_assert_cmpuint (identities->len, ==, 2);
  identity = g_ptr_array_index (identities, 0);
  g_assert_cmpint (identity->provider, ==, MSI_EMAIL_CLIENT_OUTLOOK);
  g_assert_cmpstr (identity->address, ==, MSI_DEMO_ONBOARDING_HAPPY_EMAIL);
  g_assert_nonnull (identity->id);
  identity = g_ptr_array_index (identities, 1);
  g_assert_cmpint (identity->provider, ==, MSI_EMAIL_CLIENT_GMAIL);
  g_assert_cmpstr (identity->address, ==, MSI_DEMO_ONBOARDING_HAPPY_EMAIL);
  g_clear_pointer (&identities, g_ptr_array_unref);

  /* A third mailbox is over the limit. */
  refused = connect_service (f, other_browser, "google", SECOND_GMAIL, GMAIL_PASSWORD, TRUE, &third);
  g_assert_cmpstr (third->outcome, ==, "failed");
  g_assert_cmpstr (json_object_get_string_member (refused, "status"), ==, "error");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (refused, "problem"), "type"),
                   ==, MSI_PROBLEM_EMAIL_IDENTITY_LIMIT);
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (refused, "problem"), "limit"), ==, 2);
  identities = list_identities (f);
  g_assert_cmpuint (identities->len, ==, 2);
  g_clear_pointer (&identities, g_ptr_array_unref);

  /* Disconnecting Outlook removes its identity. */
  microsoft = msi_service_connection_new_for_user (f->auth, "microsoft");
  msi_service_connection_disconnect_async (microsoft, NULL, scim_result_cb, &slot);
  result = scim_wait (&slot);
  g_assert_true (msi_service_connection_disconnect_finish (microsoft, result, &error));
  g_assert_no_error (error);
  identities = list_identities (f);
  g_assert_cmpuint (identities->len, ==, 1);
  g_assert_cmpint (((MsiEmailIdentity *)g_ptr_array_index (identities, 0))->provider, ==, MSI_EMAIL_CLIENT_GMAIL);
}

/* Deny on any consent page: nothing connected, and a sentence says so. */
static void
test_deny (Fixture       *f,
           gconstpointer  data)
{
  static const struct
  {
    const char *service;
    const char *password;
  } services[] = {
    { "salesforce", SALESFORCE_PASSWORD },
    { "microsoft", OUTLOOK_PASSWORD },
    { "google", GMAIL_PASSWORD },
  };
  g_autofree char *rep = seeded_token (f, MSI_DEMO_ONBOARDING_HAPPY_EMAIL);
  g_autoptr(GPtrArray) identities = NULL;

  redeem_ok (f, rep);

  for (guint i = 0; i < G_N_ELEMENTS (services); i++)
    {
      g_autoptr(MsiTestBrowse) browse = NULL;
      g_autoptr(JsonObject) status = NULL;
      const char *sentence;

      status = connect_service (f, f->browser, services[i].service, MSI_DEMO_ONBOARDING_HAPPY_EMAIL,
                                services[i].password, FALSE, &browse);
      g_test_message ("%s: %s", services[i].service, json_object_get_string_member (status, "error"));
      g_assert_cmpstr (browse->outcome, ==, "cancelled");
      g_assert_cmpuint (browse->status, ==, 200);
      g_assert_cmpstr (g_ptr_array_index (browse->pages, browse->pages->len - 1), ==, "consent");
      g_assert_cmpstr (json_object_get_string_member (status, "status"), ==, "disconnected");
      g_assert_true (json_object_get_null_member (status, "account"));
      g_assert_true (json_object_get_null_member (status, "problem"));
      sentence = json_object_get_string_member (status, "error");
      g_assert_nonnull (sentence);
      g_assert_nonnull (strstr (sentence, "Allow"));
    }

  identities = list_identities (f);
  g_assert_cmpuint (identities->len, ==, 0);

  /* A new attempt starts without the last Deny's sentence, so that a
   * second Deny (the same sentence) can be told from the first. */
  {
    g_autoptr(MsiServiceConnection) connection = msi_service_connection_new_for_user (f->auth, "google");
    g_autoptr(GAsyncResult) result = NULL;
    g_autoptr(GError) error = NULL;
    g_autoptr(JsonObject) status = NULL;
    GAsyncResult *slot = NULL;

    msi_service_connection_begin_async (connection, NULL, scim_result_cb, &slot);
    result = scim_wait (&slot);
    g_assert_true (msi_service_connection_begin_finish (connection, result, &error));
    g_assert_no_error (error);
    g_clear_object (&result);

    msi_service_connection_read_status_async (connection, NULL, scim_result_cb, &slot);
    result = scim_wait (&slot);
    status = msi_service_connection_read_status_finish (connection, result, &error);
    g_assert_no_error (error);
    g_assert_cmpstr (json_object_get_string_member (status, "status"), ==, "disconnected");
    g_assert_true (json_object_get_null_member (status, "error"));
  }

  /* Allowing afterwards connects, and the sentence goes. */
  connect_ok (f, "salesforce", MSI_DEMO_ONBOARDING_HAPPY_EMAIL, SALESFORCE_PASSWORD);
}

static char *
get_signature (Fixture  *f,
               GError  **error)
{
  g_autoptr(GAsyncResult) result = NULL;
  GAsyncResult *slot = NULL;

  msi_onboarding_client_get_signature_async (f->client, NULL, scim_result_cb, &slot);
  result = scim_wait (&slot);

  return msi_onboarding_client_get_signature_finish (f->client, result, error);
}

static char *
save_signature (Fixture     *f,
                const char  *html,
                GError     **error)
{
  g_autoptr(GAsyncResult) result = NULL;
  GAsyncResult *slot = NULL;

  msi_onboarding_client_save_signature_async (f->client, html, NULL, scim_result_cb, &slot);
  result = scim_wait (&slot);

  return msi_onboarding_client_save_signature_finish (f->client, result, error);
}

/* PUT /api/v1/me/signature as the rep, without the client's own
 * sanitizing: what the service does with whatever it is sent. */
static JsonNode *
put_raw_signature (Fixture     *f,
                   const char  *html,
                   guint       *status,
                   JsonNode   **error_body)
{
  g_autoptr(JsonObject) object = json_object_new ();
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *body = NULL;

  json_object_set_string_member (object, "html", html);
  node = json_node_init_object (json_node_alloc (), object);
  body = json_to_string (node, FALSE);

  return rep_request (f, "PUT", "/api/v1/me/signature", body, status, error_body);
}

/* The service sanitizes what it stores, whoever sends it; and keeps
 * signatures short. */
static void
test_signature (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *rep = seeded_token (f, MSI_DEMO_ONBOARDING_HAPPY_EMAIL);
  g_autofree char *empty = NULL;
  g_autofree char *stored = NULL;
  g_autofree char *saved = NULL;
  g_autofree char *still = NULL;
  g_autofree char *too_long = NULL;
  g_autofree char *refused = NULL;
  g_autoptr(JsonNode) reply = NULL;
  g_autoptr(JsonNode) problem = NULL;
  g_autoptr(JsonNode) cleared = NULL;
  g_autoptr(JsonObject) hook = NULL;
  g_autoptr(MsiOnboardingProgress) progress = NULL;
  g_autoptr(GError) error = NULL;
  const char *html;
  guint status = 0;

  redeem_ok (f, rep);
  empty = get_signature (f, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (empty, ==, "");

  reply = put_raw_signature (f, "<b>Riley Rep</b><script>alert(1)</script><br>"
                                "<a href=\"https://northwind.example\" onclick=\"steal()\">Northwind Traders</a>",
                             &status, NULL);
  g_assert_cmpuint (status, ==, 200);
  html = json_object_get_string_member (json_node_get_object (reply), "html");
  g_test_message ("Stored: %s", html);
  g_assert_null (strstr (html, "<script"));
  g_assert_null (strstr (html, "alert"));
  g_assert_null (strstr (html, "onclick"));
  g_assert_null (strstr (html, "steal"));
  g_assert_nonnull (strstr (html, "<b>Riley Rep</b>"));
  g_assert_nonnull (strstr (html, "href=\"https://northwind.example\""));
  g_assert_nonnull (json_object_get_string_member (json_node_get_object (reply), "updatedAt"));

  /* What the client reads back is what was stored; the step knows. */
  stored = get_signature (f, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (stored, ==, html);
  progress = get_progress (f, &error);
  g_assert_no_error (error);
  g_assert_true (progress->signature_saved);
  hook = dup_user_hook (f, MSI_DEMO_ONBOARDING_HAPPY_EMAIL);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (hook, "onboarding"),
                                                  "signatureHtml"), ==, html);

  /* The client: a javascript: link loses its link, keeps its text. */
  saved = save_signature (f, "<i>Riley</i> <a href=\"javascript:alert(1)\">click</a>", &error);
  g_assert_no_error (error);
  g_assert_null (strstr (saved, "javascript"));
  g_assert_nonnull (strstr (saved, "<i>Riley</i>"));
  g_assert_nonnull (strstr (saved, "click"));

  /* Too long: refused by the service and by the client; the last one stays. */
  too_long = g_strnfill (MSI_SIGNATURE_MAX_LENGTH + 1, 'x');
  g_clear_pointer (&reply, json_node_unref);
  reply = put_raw_signature (f, too_long, &status, &problem);
  g_assert_null (reply);
  g_assert_cmpuint (status, ==, 422);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (problem), "type"), ==,
                   MSI_PROBLEM_SIGNATURE_TOO_LONG);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (problem), "maxLength"), ==,
                   MSI_SIGNATURE_MAX_LENGTH);
  refused = save_signature (f, too_long, &error);
  g_assert_null (refused);
  g_assert_error (error, MSI_ONBOARDING_ERROR, MSI_ONBOARDING_ERROR_SIGNATURE_TOO_LONG);
  g_test_message ("%s", error->message);
  g_clear_error (&error);
  still = get_signature (f, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (still, ==, saved);

  /* "" removes it. */
  cleared = put_raw_signature (f, "", &status, NULL);
  g_assert_cmpuint (status, ==, 200);
  g_assert_true (json_object_get_null_member (json_node_get_object (cleared), "updatedAt"));
  g_clear_pointer (&progress, msi_onboarding_progress_free);
  progress = get_progress (f, &error);
  g_assert_no_error (error);
  g_assert_false (progress->signature_saved);
}

int
main (int   argc,
      char *argv[])
{
  g_setenv ("MSI_DEMO_TEST_HOOKS", "1", TRUE);
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

#define ADD(path, func) \
  g_test_add ("/onboarding-client/" path, Fixture, NULL, fixture_setup, func, fixture_teardown)

  ADD ("lookup", test_lookup);
  ADD ("redeem", test_redeem);
  ADD ("progress", test_progress);
  ADD ("salesforce-mismatch", test_salesforce_mismatch);
  ADD ("salesforce-api-disabled", test_salesforce_api_disabled);
  ADD ("mailboxes", test_mailboxes);
  ADD ("deny", test_deny);
  ADD ("signature", test_signature);

#undef ADD

  return g_test_run ();
}
