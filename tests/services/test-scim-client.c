/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-scim-client.c: users, invitations and teams through SCIM 2.0 against the demo server, with its faults */

#define G_LOG_DOMAIN "test-scim-client"

#include "config.h"

#include "common/msi-test-scim.h"

#include "msi-actions-admin.h"
#include "msi-setup-step.h"
#include "../../src/demo/msi-demo-seed.h"

/* The demo's seed (src/demo/msi-demo-store.c, schema 5), sorted by address. */
#define ADMIN_ID        "usr_7d3f0a9c21e4"
#define LENA_ID         "usr_4c19e7b0d2a8"
#define LENA_EMAIL      "lena.hoffmann@northwind.example"
#define PRIYA_EMAIL     "priya.raman@northwind.example"
#define REP_EMAIL       "rep@northwind.example"
#define TOMAS_EMAIL     "tomas.eriksen@northwind.example"
#define SALES_EMEA_ID   "grp_5a1e5e3ea001"
#define N_SEED_USERS    5
#define N_SEED_TEAMS    4

typedef ScimSession Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  scim_session_start (f);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  scim_session_stop (f);
}

/*
 * Calls, waited for
 */

static MsiScimUserPage *
list_users (Fixture     *f,
            const char  *filter,
            guint        start_index,
            guint        count,
            GError     **error)
{
  g_autoptr(GAsyncResult) result = NULL;
  GAsyncResult *slot = NULL;

  msi_scim_client_list_users_async (f->client, filter, start_index, count, NULL, scim_result_cb, &slot);
  result = scim_wait (&slot);

  return msi_scim_client_list_users_finish (f->client, result, error);
}

static GPtrArray *
list_groups (Fixture *f)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  GAsyncResult *slot = NULL;
  GPtrArray *groups;

  msi_scim_client_list_groups_async (f->client, NULL, scim_result_cb, &slot);
  result = scim_wait (&slot);
  groups = msi_scim_client_list_groups_finish (f->client, result, &error);
  g_assert_no_error (error);

  return groups;
}

static MsiScimGroup *
create_group (Fixture     *f,
              const char  *name,
              GError     **error)
{
  g_autoptr(GAsyncResult) result = NULL;
  GAsyncResult *slot = NULL;

  msi_scim_client_create_group_async (f->client, name, NULL, scim_result_cb, &slot);
  result = scim_wait (&slot);

  return msi_scim_client_create_group_finish (f->client, result, error);
}

/* NULL-terminated pairs: address, team id (or NULL). */
static GPtrArray *
invites_new (const char *first,
             ...)
{
  GPtrArray *invites = g_ptr_array_new_with_free_func ((GDestroyNotify)msi_scim_invite_free);
  va_list args;

  va_start (args, first);
  for (const char *email = first; email != NULL; email = va_arg (args, const char *))
    {
      const char *team_id = va_arg (args, const char *);

      g_ptr_array_add (invites, msi_scim_invite_new (email, "Given", "Family", "Account Executive", team_id));
    }
  va_end (args);

  return invites;
}

static GPtrArray *
invite (Fixture    *f,
        GPtrArray  *invites,
        GError    **error)
{
  g_autoptr(GAsyncResult) result = NULL;
  GAsyncResult *slot = NULL;

  msi_scim_client_invite_async (f->client, invites, NULL, scim_result_cb, &slot);
  result = scim_wait (&slot);

  return msi_scim_client_invite_finish (f->client, result, error);
}

static MsiScimInviteResult *
invite_one (Fixture    *f,
            const char *email)
{
  g_autoptr(GPtrArray) invites = invites_new (email, NULL, NULL);
  g_autoptr(GPtrArray) results = NULL;
  g_autoptr(GError) error = NULL;

  results = invite (f, invites, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (results->len, ==, 1);

  return g_ptr_array_steal_index (results, 0);
}

static gboolean
resend (Fixture     *f,
        const char  *user_id,
        GError     **error)
{
  g_autoptr(GAsyncResult) result = NULL;
  GAsyncResult *slot = NULL;

  msi_scim_client_resend_invitation_async (f->client, user_id, NULL, scim_result_cb, &slot);
  result = scim_wait (&slot);

  return msi_scim_client_resend_invitation_finish (f->client, result, error);
}

static gboolean
revoke_invitation (Fixture     *f,
                   const char  *user_id,
                   GError     **error)
{
  g_autoptr(GAsyncResult) result = NULL;
  GAsyncResult *slot = NULL;

  msi_scim_client_revoke_invitation_async (f->client, user_id, NULL, scim_result_cb, &slot);
  result = scim_wait (&slot);

  return msi_scim_client_revoke_invitation_finish (f->client, result, error);
}

static MsiInviteDirectory *
load_directory (Fixture *f)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  GAsyncResult *slot = NULL;
  MsiInviteDirectory *directory;

  msi_scim_client_load_directory_async (f->client, NULL, scim_result_cb, &slot);
  result = scim_wait (&slot);
  directory = msi_scim_client_load_directory_finish (f->client, result, &error);
  g_assert_no_error (error);

  return directory;
}

/* The user @email as the service lists it now, or NULL. */
static MsiScimUser *
find_user (Fixture    *f,
           const char *email)
{
  g_autofree char *quoted = g_strdup_printf ("userName eq \"%s\"", email);
  g_autoptr(MsiScimUserPage) page = NULL;
  g_autoptr(GError) error = NULL;

  page = list_users (f, quoted, 1, 10, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (page->total_results, <=, 1);

  return page->users->len > 0 ? g_object_ref (g_ptr_array_index (page->users, 0)) : NULL;
}

static guint
count_mails_to (JsonArray  *outbox,
                const char *to)
{
  guint n = 0;

  for (guint i = 0; i < json_array_get_length (outbox); i++)
    {
      JsonObject *mail = json_array_get_object_element (outbox, i);

      if (g_ascii_strcasecmp (json_object_get_string_member (mail, "to"), to) == 0)
        n++;
    }

  return n;
}

/* The newest mail to @to. */
static JsonObject *
dup_mail_to (Fixture    *f,
             const char *to)
{
  g_autoptr(JsonArray) outbox = scim_dup_outbox (f);

  for (guint i = 0; i < json_array_get_length (outbox); i++)
    {
      JsonObject *mail = json_array_get_object_element (outbox, i);

      if (g_ascii_strcasecmp (json_object_get_string_member (mail, "to"), to) == 0)
        return json_object_ref (mail);
    }

  return NULL;
}

static void
assert_created_once (JsonObject *stats,
                     const char *email)
{
  g_autofree char *key = g_ascii_strdown (email, -1);

  g_assert_cmpint (scim_stats_count (stats, "created", key), ==, 1);
}

/*
 * Listing users
 */

static void
test_list (Fixture       *f,
           gconstpointer  data)
{
  g_autoptr(MsiScimUserPage) page = NULL;
  g_autoptr(MsiScimUserPage) next = NULL;
  g_autoptr(MsiScimUserPage) found = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *filter = NULL;
  MsiScimUser *user;

  page = list_users (f, NULL, 1, 2, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (page->total_results, ==, N_SEED_USERS);
  g_assert_cmpuint (page->start_index, ==, 1);
  g_assert_cmpuint (page->users->len, ==, 2);

  /* Sorted by address; a user, then an invitation with its team. */
  user = g_ptr_array_index (page->users, 0);
  g_assert_cmpstr (msi_scim_user_get_id (user), ==, ADMIN_ID);
  g_assert_cmpstr (msi_scim_user_get_user_name (user), ==, SCIM_TEST_ADMIN_EMAIL);
  g_assert_cmpstr (msi_scim_user_get_display_name (user), ==, "Avery Admin");
  g_assert_cmpint (msi_scim_user_get_status (user), ==, MSI_SCIM_USER_ACTIVE);
  g_assert_cmpstr (msi_scim_user_get_team (user), ==, MSI_SCIM_EVERYONE_TEAM);
  g_assert_null (msi_scim_user_get_invited_at (user));
  g_assert_false (msi_scim_user_get_loading (user));

  user = g_ptr_array_index (page->users, 1);
  g_assert_cmpstr (msi_scim_user_get_user_name (user), ==, LENA_EMAIL);
  g_assert_cmpstr (msi_scim_user_get_given_name (user), ==, "Lena");
  g_assert_cmpstr (msi_scim_user_get_family_name (user), ==, "Hoffmann");
  g_assert_cmpstr (msi_scim_user_get_title (user), ==, "Account Executive");
  g_assert_cmpint (msi_scim_user_get_status (user), ==, MSI_SCIM_USER_INVITED);
  g_assert_cmpstr (msi_scim_user_get_team (user), ==, "Sales EMEA");
  g_assert_cmpstr (msi_scim_user_get_team_id (user), ==, SALES_EMEA_ID);
  g_assert_nonnull (msi_scim_user_get_invited_at (user));
  g_assert_cmpstr (msi_scim_user_get_invited_by (user), ==, SCIM_TEST_ADMIN_EMAIL);

  /* The next page: an expired invitation, then a user. */
  next = list_users (f, NULL, 3, 2, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (next->start_index, ==, 3);
  g_assert_cmpuint (next->users->len, ==, 2);
  user = g_ptr_array_index (next->users, 0);
  g_assert_cmpstr (msi_scim_user_get_user_name (user), ==, PRIYA_EMAIL);
  g_assert_cmpint (msi_scim_user_get_status (user), ==, MSI_SCIM_USER_EXPIRED);
  user = g_ptr_array_index (next->users, 1);
  g_assert_cmpstr (msi_scim_user_get_user_name (user), ==, REP_EMAIL);

  /* The search box: part of a name, in another case. */
  filter = msi_scim_build_search_filter ("  hOFFm ");
  g_assert_cmpstr (filter, ==, "userName co \"hOFFm\" or name.formatted co \"hOFFm\"");
  found = list_users (f, filter, 1, 100, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (found->total_results, ==, 1);
  g_assert_cmpstr (msi_scim_user_get_user_name (g_ptr_array_index (found->users, 0)), ==, LENA_EMAIL);
  g_clear_pointer (&found, msi_scim_user_page_free);

  /* A name, not only an address. */
  g_clear_pointer (&filter, g_free);
  filter = msi_scim_build_search_filter ("Tomás Erik");
  found = list_users (f, filter, 1, 100, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (found->total_results, ==, 1);
  g_assert_cmpstr (msi_scim_user_get_user_name (g_ptr_array_index (found->users, 0)), ==, TOMAS_EMAIL);
  g_clear_pointer (&found, msi_scim_user_page_free);

  /* Quotes and backslashes are searched for, not a broken filter. */
  g_clear_pointer (&filter, g_free);
  filter = msi_scim_build_search_filter ("a\"b\\c");
  g_assert_cmpstr (filter, ==, "userName co \"a\\\"b\\\\c\" or name.formatted co \"a\\\"b\\\\c\"");
  found = list_users (f, filter, 1, 100, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (found->total_results, ==, 0);
  g_assert_cmpuint (found->users->len, ==, 0);

  g_assert_null (msi_scim_build_search_filter ("   "));
  g_assert_null (msi_scim_build_search_filter (NULL));
}

static void
test_bad_filter (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(MsiScimUserPage) page = NULL;
  g_autoptr(GError) error = NULL;

  page = list_users (f, "userName gt \"a\"", 1, 10, &error);
  g_assert_null (page);
  g_assert_error (error, MSI_SCIM_ERROR, MSI_SCIM_ERROR_INVALID_VALUE);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "“gt”"));
  g_clear_error (&error);

  page = list_users (f, "userName eq \"lena", 1, 10, &error);
  g_assert_error (error, MSI_SCIM_ERROR, MSI_SCIM_ERROR_INVALID_VALUE);
  g_assert_nonnull (strstr (error->message, "never ends"));
  g_clear_error (&error);

  page = list_users (f, "password eq \"x\"", 1, 10, &error);
  g_assert_error (error, MSI_SCIM_ERROR, MSI_SCIM_ERROR_INVALID_VALUE);
  g_assert_nonnull (strstr (error->message, "“password”"));
}

/*
 * Teams
 */

static void
test_groups (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GPtrArray) groups = list_groups (f);
  MsiScimGroup *everyone;
  gboolean found_emea = FALSE;

  g_assert_cmpuint (groups->len, ==, N_SEED_TEAMS);
  everyone = g_ptr_array_index (groups, 0);
  g_assert_true (msi_scim_group_is_everyone (everyone));
  g_assert_cmpstr (msi_scim_group_get_display_name (everyone), ==, MSI_SCIM_EVERYONE_TEAM);
  g_assert_cmpuint (msi_scim_group_get_n_members (everyone), ==, 1);

  for (guint i = 1; i < groups->len; i++)
    {
      MsiScimGroup *group = g_ptr_array_index (groups, i);

      g_assert_false (msi_scim_group_is_everyone (group));
      if (g_str_equal (msi_scim_group_get_id (group), SALES_EMEA_ID))
        {
          found_emea = TRUE;
          g_assert_cmpstr (msi_scim_group_get_display_name (group), ==, "Sales EMEA");
          g_assert_cmpuint (msi_scim_group_get_n_members (group), ==, 2);
        }
    }

  g_assert_true (found_emea);
}

static void
test_create_group (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(MsiScimGroup) benelux = NULL;
  g_autoptr(MsiScimGroup) again = NULL;
  g_autoptr(MsiScimGroup) refused = NULL;
  g_autoptr(GPtrArray) groups = NULL;
  g_autoptr(GError) error = NULL;

  benelux = create_group (f, "Benelux", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (msi_scim_group_get_display_name (benelux), ==, "Benelux");
  g_assert_cmpuint (msi_scim_group_get_n_members (benelux), ==, 0);

  /* The same name, spelled otherwise: the team that is there (409). */
  again = create_group (f, "  BENELUX ", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (msi_scim_group_get_id (again), ==, msi_scim_group_get_id (benelux));
  g_assert_cmpstr (msi_scim_group_get_display_name (again), ==, "Benelux");

  /* Up to the limit of 20, Everyone included; the 21st is refused. */
  for (guint i = N_SEED_TEAMS + 1; i < 20; i++)
    {
      g_autofree char *name = g_strdup_printf ("Team %u", i + 1);
      g_autoptr(MsiScimGroup) group = create_group (f, name, &error);

      g_assert_no_error (error);
    }

  refused = create_group (f, "Nordics", &error);
  g_assert_null (refused);
  g_assert_error (error, MSI_SCIM_ERROR, MSI_SCIM_ERROR_TEAM_LIMIT);
  g_assert_nonnull (strstr (error->message, "“Nordics”"));
  g_clear_error (&error);

  /* An existing one is still found at the limit. */
  g_clear_object (&again);
  again = create_group (f, "benelux", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (msi_scim_group_get_id (again), ==, msi_scim_group_get_id (benelux));

  groups = list_groups (f);
  g_assert_cmpuint (groups->len, ==, 20);
  g_assert_cmpint (scim_account_usage (f, "teams"), ==, 20);

  g_clear_object (&refused);
  refused = create_group (f, "   ", &error);
  g_assert_error (error, MSI_SCIM_ERROR, MSI_SCIM_ERROR_INVALID_VALUE);
}

/*
 * Invitations
 */

static MsiSetupStatus
invite_users_step (Fixture *f)
{
  g_autoptr(GListStore) steps = msi_setup_step_new_checklist ();
  g_autoptr(JsonObject) account = scim_dup_account (f);
  g_autoptr(JsonNode) account_node = json_node_init_object (json_node_alloc (), account);
  g_autoptr(JsonNode) connections = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  GAsyncResult *slot = NULL;

  msi_actions_auth_request_async (f->auth, "GET", "/api/v1/connections", NULL, NULL, scim_result_cb, &slot);
  result = scim_wait (&slot);
  connections = msi_actions_auth_request_finish (f->auth, result, &error);
  g_assert_no_error (error);

  msi_setup_steps_update_from_json (G_LIST_MODEL (steps), account_node, connections, &error);
  g_assert_no_error (error);

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (steps)); i++)
    {
      g_autoptr(MsiSetupStep) step = g_list_model_get_item (G_LIST_MODEL (steps), i);

      if (g_str_equal (msi_setup_step_get_id (step), "invite-users"))
        return msi_setup_step_get_status (step);
    }

  g_assert_not_reached ();
}

static void
test_invite_one (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GPtrArray) invites = invites_new ("Noor.Haddad@Northwind.Example", SALES_EMEA_ID, NULL);
  g_autoptr(GPtrArray) results = NULL;
  g_autoptr(MsiScimUser) user = NULL;
  g_autoptr(JsonObject) mail = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *token = NULL;
  g_autofree char *service = g_uri_escape_string (f->base_url, NULL, FALSE);
  g_autofree char *prefix = g_strdup_printf ("io.github.msiactions.setup:/invitation?service=%s&token=", service);
  MsiScimInviteResult *result;

  g_assert_cmpint (invite_users_step (f), ==, MSI_SETUP_STATUS_NOT_DONE);
  g_assert_cmpuint (msi_scim_client_get_max_bulk_operations (f->client), ==, 50);

  results = invite (f, invites, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (results->len, ==, 1);
  result = g_ptr_array_index (results, 0);
  g_assert_cmpint (result->outcome, ==, MSI_SCIM_INVITE_CREATED);
  g_assert_cmpstr (result->email, ==, "Noor.Haddad@Northwind.Example");
  g_assert_nonnull (result->user_id);
  g_assert_no_error (result->error);

  /* The service's own limit, read before the first invitation. */
  g_assert_cmpuint (msi_scim_client_get_max_bulk_operations (f->client), ==, 100);

  /* Listed as an invitation in its team; the domain in lower case. */
  user = find_user (f, "noor.haddad@northwind.example");
  g_assert_nonnull (user);
  g_assert_cmpstr (msi_scim_user_get_id (user), ==, result->user_id);
  g_assert_cmpstr (msi_scim_user_get_user_name (user), ==, "Noor.Haddad@northwind.example");
  g_assert_cmpstr (msi_scim_user_get_display_name (user), ==, "Given Family");
  g_assert_cmpint (msi_scim_user_get_status (user), ==, MSI_SCIM_USER_INVITED);
  g_assert_cmpstr (msi_scim_user_get_team (user), ==, "Sales EMEA");
  g_assert_nonnull (msi_scim_user_get_invited_at (user));

  /* A welcome mail with a Get started link that works. */
  mail = dup_mail_to (f, "Noor.Haddad@northwind.example");
  g_assert_nonnull (mail);
  g_assert_true (g_str_has_prefix (json_object_get_string_member (mail, "body"), "Hello Given,"));
  g_assert_nonnull (strstr (json_object_get_string_member (mail, "body"), "in the team Sales EMEA"));
  g_assert_true (g_str_has_prefix (json_object_get_string_member (mail, "link"), prefix));
  token = scim_link_token (mail);
  g_assert_cmpuint (strlen (token), ==, 43);
  g_assert_true (scim_token_works (f, token));

  /* The account counts it, and the checklist's step is done. */
  g_assert_cmpint (scim_account_usage (f, "seats"), ==, N_SEED_USERS + 1);
  g_assert_cmpint (scim_account_usage (f, "pendingInvitations"), ==, 4);
  g_assert_cmpint (scim_account_usage (f, "invitedUsers"), ==, 1);
  g_assert_cmpint (invite_users_step (f), ==, MSI_SETUP_STATUS_DONE);
}

static void
test_invite_many (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GPtrArray) invites = NULL;
  g_autoptr(GPtrArray) results = NULL;
  g_autoptr(JsonArray) outbox = NULL;
  g_autoptr(GError) error = NULL;
  MsiScimInviteResult *result;

  /* Three seats left. */
  scim_set_faults (f, "{\"seatLimit\": 8}");

  invites = invites_new ("a@example.com", NULL,
                         LENA_EMAIL, NULL,
                         "A@EXAMPLE.COM", NULL,
                         "not an address", NULL,
                         "b@example.com", "grp_doesnotexist",
                         "b@example.com", SALES_EMEA_ID,
                         "c@example.com", NULL,
                         "d@example.com", NULL,
                         NULL);
  results = invite (f, invites, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (results->len, ==, 8);

  result = g_ptr_array_index (results, 0);
  g_assert_cmpstr (result->email, ==, "a@example.com");
  g_assert_cmpint (result->outcome, ==, MSI_SCIM_INVITE_CREATED);

  /* Already invited: not a failure, and the service says who it is. */
  result = g_ptr_array_index (results, 1);
  g_assert_cmpstr (result->email, ==, LENA_EMAIL);
  g_assert_cmpint (result->outcome, ==, MSI_SCIM_INVITE_ALREADY_EXISTS);
  g_assert_cmpstr (result->user_id, ==, LENA_ID);

  /* Addresses compare without case. */
  result = g_ptr_array_index (results, 2);
  g_assert_cmpint (result->outcome, ==, MSI_SCIM_INVITE_ALREADY_EXISTS);
  g_assert_cmpstr (result->user_id, ==, ((MsiScimInviteResult *)g_ptr_array_index (results, 0))->user_id);

  result = g_ptr_array_index (results, 3);
  g_assert_cmpint (result->outcome, ==, MSI_SCIM_INVITE_FAILED);
  g_assert_error (result->error, MSI_SCIM_ERROR, MSI_SCIM_ERROR_INVALID_VALUE);
  g_test_message ("%s", result->error->message);
  g_assert_nonnull (strstr (result->error->message, "“not an address”"));

  result = g_ptr_array_index (results, 4);
  g_assert_cmpint (result->outcome, ==, MSI_SCIM_INVITE_FAILED);
  g_assert_error (result->error, MSI_SCIM_ERROR, MSI_SCIM_ERROR_INVALID_VALUE);
  g_assert_nonnull (strstr (result->error->message, "grp_doesnotexist"));

  /* The failed row changed nothing: the same address goes through. */
  result = g_ptr_array_index (results, 5);
  g_assert_cmpint (result->outcome, ==, MSI_SCIM_INVITE_CREATED);
  result = g_ptr_array_index (results, 6);
  g_assert_cmpint (result->outcome, ==, MSI_SCIM_INVITE_CREATED);

  result = g_ptr_array_index (results, 7);
  g_assert_cmpint (result->outcome, ==, MSI_SCIM_INVITE_FAILED);
  g_assert_error (result->error, MSI_SCIM_ERROR, MSI_SCIM_ERROR_SEAT_LIMIT);
  g_assert_nonnull (strstr (result->error->message, "“d@example.com”"));
  g_assert_null (result->user_id);

  /* One mail per invitation made; none for the others. */
  outbox = scim_dup_outbox (f);
  g_assert_cmpuint (json_array_get_length (outbox), ==, 3 + MSI_DEMO_ONBOARDING_SEEDED_MAILS);
  g_assert_cmpuint (count_mails_to (outbox, "a@example.com"), ==, 1);
  /* Only the one a fresh demo seeds for the onboarding. */
  g_assert_cmpuint (count_mails_to (outbox, LENA_EMAIL), ==, 1);
  g_assert_cmpuint (count_mails_to (outbox, "d@example.com"), ==, 0);

  g_assert_cmpint (scim_account_usage (f, "seats"), ==, 8);
  g_assert_cmpint (scim_account_usage (f, "invitedUsers"), ==, 3);
}

/* More invitations than one Bulk request takes: several requests. */
static void
test_invite_chunks (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GPtrArray) invites = g_ptr_array_new_with_free_func ((GDestroyNotify)msi_scim_invite_free);
  g_autoptr(GPtrArray) results = NULL;
  g_autoptr(JsonObject) stats = NULL;
  g_autoptr(GError) error = NULL;

  scim_set_faults (f, "{\"seatLimit\": 1000}");
  scim_reset_stats (f);

  for (guint i = 0; i < 250; i++)
    {
      g_autofree char *email = g_strdup_printf ("rep%03u@example.com", i);

      g_ptr_array_add (invites, msi_scim_invite_new (email, NULL, NULL, NULL, NULL));
    }

  results = invite (f, invites, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (results->len, ==, 250);

  for (guint i = 0; i < results->len; i++)
    {
      MsiScimInviteResult *result = g_ptr_array_index (results, i);

      g_assert_cmpstr (result->email, ==, ((MsiScimInvite *)g_ptr_array_index (invites, i))->email);
      g_assert_cmpint (result->outcome, ==, MSI_SCIM_INVITE_CREATED);
    }

  stats = scim_dup_stats (f);
  g_assert_cmpint (scim_stats_count (stats, "requests", "POST /scim/v2/Bulk"), ==, 3);
  g_assert_cmpint (scim_account_usage (f, "seats"), ==, N_SEED_USERS + 250);
}

/*
 * Faults: every invitation made exactly once
 */

static void
assert_invited_once (Fixture    *f,
                     const char *fault,
                     const char *fault_name,
                     guint       n_faults)
{
  g_autoptr(GPtrArray) invites = invites_new ("x1@example.com", NULL, "x2@example.com", NULL, NULL);
  g_autoptr(GPtrArray) results = NULL;
  g_autoptr(JsonObject) stats = NULL;
  g_autoptr(JsonArray) outbox = NULL;
  g_autoptr(MsiScimInviteResult) warm_up = NULL;
  g_autoptr(GError) error = NULL;

  /* The configuration is read first, so that the faults hit the Bulk
   * request. */
  warm_up = invite_one (f, "warm-up@example.com");
  scim_reset_stats (f);
  scim_set_faults (f, fault);

  results = invite (f, invites, &error);
  g_assert_no_error (error);

  for (guint i = 0; i < results->len; i++)
    {
      MsiScimInviteResult *result = g_ptr_array_index (results, i);

      g_assert_cmpint (result->outcome, ==, MSI_SCIM_INVITE_CREATED);
      g_assert_nonnull (result->user_id);
    }

  stats = scim_dup_stats (f);
  g_assert_cmpint (scim_stats_count (stats, "faultsInjected", fault_name), ==, n_faults);
  assert_created_once (stats, "x1@example.com");
  assert_created_once (stats, "x2@example.com");

  outbox = scim_dup_outbox (f);
  g_assert_cmpuint (count_mails_to (outbox, "x1@example.com"), ==, 1);
}

static void
test_fault_500 (Fixture       *f,
                gconstpointer  data)
{
  assert_invited_once (f, "{\"status500\": 2}", "status500", 2);
}

static void
test_fault_429 (Fixture       *f,
                gconstpointer  data)
{
  gint64 start = g_get_monotonic_time ();

  assert_invited_once (f, "{\"status429\": 1, \"retryAfter\": 1}", "status429", 1);

  /* Retry-After: 1 was waited for, not the 20 ms backoff. */
  g_assert_cmpint (g_get_monotonic_time () - start, >=, G_USEC_PER_SEC);
}

static void
test_fault_drop (Fixture       *f,
                 gconstpointer  data)
{
  assert_invited_once (f, "{\"dropConnection\": 2}", "dropConnection", 2);
}

/* The Bulk request is carried out, its reply lost: the retry answers 409
 * for every row, and nothing is made twice. */
static void
test_fault_lost_reply (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GPtrArray) invites = invites_new ("y1@example.com", NULL, "y2@example.com", SALES_EMEA_ID,
                                              "y3@example.com", NULL, NULL);
  g_autoptr(MsiScimInviteResult) warm_up = NULL;
  g_autoptr(GPtrArray) results = NULL;
  g_autoptr(JsonObject) stats = NULL;
  g_autoptr(JsonArray) outbox = NULL;
  g_autoptr(GError) error = NULL;

  warm_up = invite_one (f, "warm-up@example.com");
  scim_reset_stats (f);
  scim_set_faults (f, "{\"loseReply\": 1}");

  results = invite (f, invites, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (results->len, ==, 3);

  for (guint i = 0; i < results->len; i++)
    {
      MsiScimInviteResult *result = g_ptr_array_index (results, i);
      g_autoptr(MsiScimUser) user = find_user (f, result->email);

      g_assert_cmpint (result->outcome, ==, MSI_SCIM_INVITE_ALREADY_EXISTS);
      g_assert_nonnull (user);
      g_assert_cmpstr (result->user_id, ==, msi_scim_user_get_id (user));
    }

  stats = scim_dup_stats (f);
  g_assert_cmpint (scim_stats_count (stats, "faultsInjected", "loseReply"), ==, 1);
  g_assert_cmpint (scim_stats_count (stats, "requests", "POST /scim/v2/Bulk"), ==, 2);
  assert_created_once (stats, "y1@example.com");
  assert_created_once (stats, "y2@example.com");
  assert_created_once (stats, "y3@example.com");
  g_assert_cmpint (scim_stats_count (stats, "conflicts", "y1@example.com"), ==, 1);

  outbox = scim_dup_outbox (f);
  g_assert_cmpuint (count_mails_to (outbox, "y2@example.com"), ==, 1);
  g_assert_cmpint (scim_account_usage (f, "seats"), ==, N_SEED_USERS + 4);
}

/* Faults that outlast the retries fail the call as a whole, and nothing
 * was made. */
static void
test_fault_exhausted (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GPtrArray) invites = invites_new ("z@example.com", NULL, NULL);
  g_autoptr(GPtrArray) results = NULL;
  g_autoptr(MsiScimUser) user = NULL;
  g_autoptr(GError) error = NULL;

  scim_set_faults (f, "{\"status500\": 20}");
  results = invite (f, invites, &error);
  g_assert_null (results);
  g_assert_error (error, MSI_HTTP_ERROR, MSI_HTTP_ERROR_SERVER);
  g_assert_nonnull (strstr (error->message, "injected fault"));

  scim_set_faults (f, "{\"status500\": 0}");
  user = find_user (f, "z@example.com");
  g_assert_null (user);
}

/* Every /scim/v2 reply waits latencyMs more. */
static void
test_fault_latency (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(MsiScimUserPage) page = NULL;
  g_autoptr(GError) error = NULL;
  gint64 start;

  scim_set_faults (f, "{\"latencyMs\": 300}");
  start = g_get_monotonic_time ();
  page = list_users (f, NULL, 1, 1, &error);
  g_assert_no_error (error);
  g_assert_cmpint (g_get_monotonic_time () - start, >=, 300 * 1000);
  g_assert_cmpuint (page->total_results, ==, N_SEED_USERS);
}

/*
 * Resending and revoking
 */

static void
test_resend (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(MsiScimInviteResult) result = invite_one (f, "ines@example.com");
  g_autoptr(JsonObject) first = dup_mail_to (f, "ines@example.com");
  g_autoptr(JsonObject) second = NULL;
  g_autoptr(JsonArray) outbox = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *old_token = scim_link_token (first);
  g_autofree char *new_token = NULL;

  g_assert_true (scim_token_works (f, old_token));

  g_assert_true (resend (f, result->user_id, &error));
  g_assert_no_error (error);

  /* A new mail with a new link; the old link stops working. */
  outbox = scim_dup_outbox (f);
  g_assert_cmpuint (count_mails_to (outbox, "ines@example.com"), ==, 2);
  second = dup_mail_to (f, "ines@example.com");
  g_assert_cmpint (json_object_get_int_member (second, "id"), >, json_object_get_int_member (first, "id"));
  new_token = scim_link_token (second);
  g_assert_cmpstr (new_token, !=, old_token);
  g_assert_false (scim_token_works (f, old_token));
  g_assert_true (scim_token_works (f, new_token));

  /* An expired invitation is sent again as well, and is pending again. */
  {
    g_autoptr(MsiScimUser) priya = find_user (f, PRIYA_EMAIL);
    g_autoptr(MsiScimUser) renewed = NULL;

    g_assert_cmpint (msi_scim_user_get_status (priya), ==, MSI_SCIM_USER_EXPIRED);
    g_assert_true (resend (f, msi_scim_user_get_id (priya), &error));
    g_assert_no_error (error);
    renewed = find_user (f, PRIYA_EMAIL);
    g_assert_cmpint (msi_scim_user_get_status (renewed), ==, MSI_SCIM_USER_INVITED);
  }

  /* Someone who accepted: nothing to resend. */
  g_assert_false (resend (f, ADMIN_ID, &error));
  g_assert_error (error, MSI_HTTP_ERROR, MSI_HTTP_ERROR_CONFLICT);
  g_clear_error (&error);

  g_assert_false (resend (f, "usr_000000000000", &error));
  g_assert_error (error, MSI_SCIM_ERROR, MSI_SCIM_ERROR_NOT_FOUND);
}

static void
test_revoke (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(MsiScimInviteResult) result = invite_one (f, "jonas@example.com");
  g_autoptr(JsonObject) mail = dup_mail_to (f, "jonas@example.com");
  g_autoptr(MsiScimUserPage) page = NULL;
  g_autoptr(MsiScimUser) gone = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *token = scim_link_token (mail);

  g_assert_true (revoke_invitation (f, result->user_id, &error));
  g_assert_no_error (error);
  g_assert_false (scim_token_works (f, token));
  gone = find_user (f, "jonas@example.com");
  g_assert_null (gone);

  g_assert_true (revoke_invitation (f, LENA_ID, &error));
  g_assert_no_error (error);

  page = list_users (f, NULL, 1, 100, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (page->total_results, ==, N_SEED_USERS - 1);
  g_assert_cmpint (scim_account_usage (f, "seats"), ==, N_SEED_USERS - 1);
  g_assert_cmpint (scim_account_usage (f, "pendingInvitations"), ==, 2);

  /* Gone already. */
  g_assert_false (revoke_invitation (f, LENA_ID, &error));
  g_assert_error (error, MSI_SCIM_ERROR, MSI_SCIM_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "no longer exists"));
}

/*
 * The directory, for planning
 */

static void
test_load_directory (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(MsiInviteDirectory) directory = NULL;
  g_autoptr(MsiInviteDirectory) large = NULL;

  directory = load_directory (f);
  g_assert_cmpuint (msi_invite_directory_get_seat_limit (directory), ==, 100);
  g_assert_cmpuint (msi_invite_directory_get_team_limit (directory), ==, 20);
  g_assert_cmpuint (msi_invite_directory_get_seats_used (directory), ==, N_SEED_USERS);
  g_assert_cmpuint (msi_invite_directory_get_n_teams (directory), ==, N_SEED_TEAMS);
  g_assert_cmpint (msi_invite_directory_lookup_member (directory, "ADMIN@northwind.example", -1), ==,
                   MSI_DIRECTORY_MEMBER_USER);
  g_assert_cmpint (msi_invite_directory_lookup_member (directory, LENA_EMAIL, -1), ==,
                   MSI_DIRECTORY_MEMBER_INVITED);
  g_assert_cmpint (msi_invite_directory_lookup_member (directory, PRIYA_EMAIL, -1), ==,
                   MSI_DIRECTORY_MEMBER_INVITED);
  g_assert_cmpint (msi_invite_directory_lookup_member (directory, "new@example.com", -1), ==,
                   MSI_DIRECTORY_MEMBER_NONE);
  g_assert_cmpstr (msi_invite_directory_lookup_team (directory, "sales emea"), ==, SALES_EMEA_ID);
  g_assert_cmpuint (msi_scim_client_get_max_bulk_operations (f->client), ==, 100);

  /* A test's seat limit is the account's too. */
  scim_set_faults (f, "{\"seatLimit\": 5000}");

  /* Read 500 at a time. */
  scim_seed_users (f, 1203);
  scim_reset_stats (f);
  large = load_directory (f);
  g_assert_cmpuint (msi_invite_directory_get_seats_used (large), ==, N_SEED_USERS + 1203);
  g_assert_cmpuint (msi_invite_directory_get_seat_limit (large), ==, 5000);
  g_assert_cmpint (msi_invite_directory_lookup_member (large, "user001203@load.northwind.example", -1), ==,
                   MSI_DIRECTORY_MEMBER_USER);

  {
    g_autoptr(JsonObject) stats = scim_dup_stats (f);

    g_assert_cmpint (scim_stats_count (stats, "requests", "GET /scim/v2/Users"), ==, 3);
  }
}

/* The admins an activation invites are pending invitations of the
 * account too, but not the users the checklist counts. */
static void
test_activation_invites_users (Fixture       *f,
                               gconstpointer  data)
{
  g_autoptr(MsiActionsAdmin) admin = msi_actions_admin_new (f->auth);
  g_autoptr(GPtrArray) admins = g_ptr_array_new_with_free_func ((GDestroyNotify)msi_activation_admin_free);
  g_autoptr(GPtrArray) results = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(MsiScimUser) user = NULL;
  g_autoptr(GError) error = NULL;
  GAsyncResult *slot = NULL;
  MsiMarketoCredentials credentials = {
    .munchkin_id = (char *)MSI_DEMO_MARKETO_MUNCHKIN_ID,
    .client_id = (char *)MSI_DEMO_MARKETO_CLIENT_ID,
    .client_secret = (char *)MSI_DEMO_MARKETO_CLIENT_SECRET,
  };

  g_ptr_array_add (admins, msi_activation_admin_new ("ada@northwind.example", "Ada", "Lovelace"));
  g_ptr_array_add (admins, msi_activation_admin_new (LENA_EMAIL, "Lena", "Hoffmann"));
  msi_actions_admin_activate_async (admin, &credentials, admins, NULL, scim_result_cb, &slot);
  result = scim_wait (&slot);
  results = msi_actions_admin_activate_finish (admin, result, &error);
  g_assert_no_error (error);

  g_assert_cmpint (((MsiActivationResult *)g_ptr_array_index (results, 0))->outcome, ==,
                   MSI_INVITE_OUTCOME_INVITED);
  /* Already invited through SCIM. */
  g_assert_cmpint (((MsiActivationResult *)g_ptr_array_index (results, 1))->outcome, ==,
                   MSI_INVITE_OUTCOME_ALREADY_INVITED);

  user = find_user (f, "ada@northwind.example");
  g_assert_nonnull (user);
  g_assert_cmpint (msi_scim_user_get_status (user), ==, MSI_SCIM_USER_INVITED);
  g_assert_cmpstr (msi_scim_user_get_display_name (user), ==, "Ada Lovelace");
  g_assert_cmpstr (msi_scim_user_get_team (user), ==, MSI_SCIM_EVERYONE_TEAM);

  g_assert_cmpint (scim_account_usage (f, "seats"), ==, N_SEED_USERS + 1);
  g_assert_cmpint (scim_account_usage (f, "invitedUsers"), ==, 0);

  /* The admin's invitation can be sent again like any other. */
  g_assert_true (resend (f, msi_scim_user_get_id (user), &error));
  g_assert_no_error (error);
}

/*
 * The wire format, as another client would see it
 */

#define RAW_CLIENT_ID    "msi-actions-setup-demo"
#define RAW_REDIRECT_URI "io.github.msiactions.setup:/oauth2redirect"
#define RAW_VERIFIER     "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"
#define RAW_CHALLENGE    "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"

/* A bearer token for raw requests: a sign-in of another client. */
static char *
raw_token (Fixture *f)
{
  g_autofree char *redirect = g_uri_escape_string (RAW_REDIRECT_URI, NULL, FALSE);
  g_autofree char *url = g_strdup_printf ("%s/oauth/authorize?response_type=code&client_id=" RAW_CLIENT_ID
                                          "&redirect_uri=%s&scope=openid%%20profile%%20offline_access"
                                          "&state=s&code_challenge=" RAW_CHALLENGE "&code_challenge_method=S256",
                                          f->base_url, redirect);
  g_autofree char *location = scim_browse_authorization (f, url, SCIM_TEST_ADMIN_EMAIL, SCIM_TEST_ADMIN_PASSWORD);
  g_autoptr(GHashTable) params = soup_form_decode (strchr (location, '?') + 1);
  g_autoptr(GHashTable) form = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(Reply) reply = NULL;
  g_autoptr(JsonObject) tokens = NULL;
  g_autofree char *body = NULL;

  g_hash_table_insert (form, (gpointer)"grant_type", (gpointer)"authorization_code");
  g_hash_table_insert (form, (gpointer)"code", g_hash_table_lookup (params, "code"));
  g_hash_table_insert (form, (gpointer)"client_id", (gpointer)RAW_CLIENT_ID);
  g_hash_table_insert (form, (gpointer)"redirect_uri", (gpointer)RAW_REDIRECT_URI);
  g_hash_table_insert (form, (gpointer)"code_verifier", (gpointer)RAW_VERIFIER);
  body = soup_form_encode_hash (form);
  reply = scim_raw_request (f, "POST", "/oauth/token", NULL, "application/x-www-form-urlencoded", body);
  g_assert_cmpuint (reply->status, ==, 200);
  tokens = parse_object (reply);

  return g_strdup (json_object_get_string_member (tokens, "access_token"));
}

static JsonObject *
assert_scim_error (const Reply *reply,
                   guint        status,
                   const char  *scim_type,
                   const char  *detail_part)
{
  g_autoptr(JsonObject) error = NULL;
  g_autofree char *status_text = g_strdup_printf ("%u", status);

  g_assert_cmpuint (reply->status, ==, status);
  g_assert_cmpstr (soup_message_headers_get_content_type (reply->headers, NULL), ==, "application/scim+json");
  error = parse_object (reply);
  g_assert_cmpstr (json_array_get_string_element (json_object_get_array_member (error, "schemas"), 0), ==,
                   "urn:ietf:params:scim:api:messages:2.0:Error");
  g_assert_cmpstr (json_object_get_string_member (error, "status"), ==, status_text);
  g_assert_cmpstr (json_object_get_string_member_with_default (error, "scimType", NULL), ==, scim_type);
  if (detail_part != NULL)
    g_assert_nonnull (strstr (json_object_get_string_member (error, "detail"), detail_part));

  return g_steal_pointer (&error);
}

static void
test_raw_shapes (Fixture       *f,
                 gconstpointer  data)
{
  g_autofree char *token = raw_token (f);
  g_autoptr(Reply) reply = NULL;
  g_autoptr(JsonObject) object = NULL;
  GString *bulk;

  /* ServiceProviderConfig advertises the Bulk limits. */
  reply = scim_raw_request (f, "GET", "/scim/v2/ServiceProviderConfig", token, NULL, NULL);
  g_assert_cmpuint (reply->status, ==, 200);
  g_assert_cmpstr (soup_message_headers_get_content_type (reply->headers, NULL), ==, "application/scim+json");
  object = parse_object (reply);
  g_assert_true (json_object_get_boolean_member (json_object_get_object_member (object, "bulk"), "supported"));
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (object, "bulk"), "maxOperations"),
                   ==, 100);
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (object, "bulk"), "maxPayloadSize"),
                   ==, 1048576);
  g_clear_pointer (&object, json_object_unref);
  g_clear_pointer (&reply, reply_free);

  /* A ListResponse. */
  reply = scim_raw_request (f, "GET", "/scim/v2/Users?startIndex=0&count=1&attributes=userName", token, NULL, NULL);
  g_assert_cmpuint (reply->status, ==, 200);
  object = parse_object (reply);
  g_assert_cmpint (json_object_get_int_member (object, "totalResults"), ==, N_SEED_USERS);
  g_assert_cmpint (json_object_get_int_member (object, "startIndex"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (object, "itemsPerPage"), ==, 1);
  {
    JsonObject *user = json_array_get_object_element (json_object_get_array_member (object, "Resources"), 0);

    g_assert_true (json_object_has_member (user, "id"));
    g_assert_true (json_object_has_member (user, "userName"));
    g_assert_false (json_object_has_member (user, "emails"));
  }
  g_clear_pointer (&object, json_object_unref);
  g_clear_pointer (&reply, reply_free);

  /* Errors (RFC 7644 §3.12). */
  reply = scim_raw_request (f, "GET", "/scim/v2/Users?filter=userName%20eq", token, NULL, NULL);
  g_clear_pointer (&object, json_object_unref);
  object = assert_scim_error (reply, 400, "invalidFilter", "a value was expected");
  g_clear_pointer (&reply, reply_free);

  reply = scim_raw_request (f, "POST", "/scim/v2/Users", token, "application/scim+json",
                            "{\"userName\": \"REP@northwind.example\"}");
  g_clear_pointer (&object, json_object_unref);
  object = assert_scim_error (reply, 409, "uniqueness", "already a user");
  g_clear_pointer (&reply, reply_free);

  reply = scim_raw_request (f, "GET", "/scim/v2/Users/usr_nobody", token, NULL, NULL);
  g_clear_pointer (&object, json_object_unref);
  object = assert_scim_error (reply, 404, NULL, "usr_nobody");
  g_clear_pointer (&reply, reply_free);

  reply = scim_raw_request (f, "DELETE", "/scim/v2/Groups/grp_e0e0e0e0e0e0", token, NULL, NULL);
  g_clear_pointer (&object, json_object_unref);
  object = assert_scim_error (reply, 400, "mutability", "Everyone");
  g_clear_pointer (&reply, reply_free);

  /* A single POST creates, with Location. */
  reply = scim_raw_request (f, "POST", "/scim/v2/Users", token, "application/scim+json",
                            "{\"schemas\": [\"urn:ietf:params:scim:schemas:core:2.0:User\"],"
                            " \"userName\": \"kai@example.com\"}");
  g_assert_cmpuint (reply->status, ==, 201);
  g_clear_pointer (&object, json_object_unref);
  object = parse_object (reply);
  g_assert_false (json_object_get_boolean_member (object, "active"));
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (object,
                     "urn:ietf:params:scim:schemas:extension:msiactions:2.0:Invitation"), "state"), ==, "pending");
  g_assert_true (g_str_has_suffix (soup_message_headers_get_one (reply->headers, "Location"),
                                   json_object_get_string_member (object, "id")));
  g_clear_pointer (&reply, reply_free);

  /* Bulk: bulkId required for POST; failOnErrors stops after that many. */
  reply = scim_raw_request (f, "POST", "/scim/v2/Bulk", token, "application/scim+json",
                            "{\"schemas\": [\"urn:ietf:params:scim:api:messages:2.0:BulkRequest\"],"
                            " \"failOnErrors\": 1, \"Operations\": ["
                            "  {\"method\": \"POST\", \"path\": \"/Users\", \"data\": {\"userName\": \"m@example.com\"}},"
                            "  {\"method\": \"POST\", \"bulkId\": \"q\", \"path\": \"/Users\","
                            "   \"data\": {\"userName\": \"q@example.com\"}}]}");
  g_assert_cmpuint (reply->status, ==, 200);
  g_clear_pointer (&object, json_object_unref);
  object = parse_object (reply);
  {
    JsonArray *operations = json_object_get_array_member (object, "Operations");
    JsonObject *operation = json_array_get_object_element (operations, 0);

    g_assert_cmpuint (json_array_get_length (operations), ==, 1);
    g_assert_cmpstr (json_object_get_string_member (operation, "status"), ==, "400");
    g_assert_nonnull (strstr (json_object_get_string_member (json_object_get_object_member (operation, "response"),
                                                             "detail"), "bulkId"));
  }
  g_clear_pointer (&reply, reply_free);

  /* Over maxOperations: 413. */
  bulk = g_string_new ("{\"schemas\": [\"urn:ietf:params:scim:api:messages:2.0:BulkRequest\"], \"Operations\": [");
  for (guint i = 0; i < 101; i++)
    g_string_append_printf (bulk, "%s{\"method\": \"DELETE\", \"path\": \"/Users/usr_%u\"}", i > 0 ? "," : "", i);
  g_string_append (bulk, "]}");
  reply = scim_raw_request (f, "POST", "/scim/v2/Bulk", token, "application/scim+json", bulk->str);
  g_string_free (bulk, TRUE);
  g_clear_pointer (&object, json_object_unref);
  object = assert_scim_error (reply, 413, NULL, "maxOperations");
  g_clear_pointer (&reply, reply_free);

  /* Without a token. */
  reply = scim_raw_request (f, "GET", "/scim/v2/Users", NULL, NULL, NULL);
  g_assert_cmpuint (reply->status, ==, 401);
}

int
main (int   argc,
      char *argv[])
{
  /* The demo server serves /__demo/scim/… */
  g_setenv ("MSI_DEMO_TEST_HOOKS", "1", TRUE);
  g_unsetenv ("MSI_DEMO_LATENCY_MS");
  g_unsetenv ("MSI_DEMO_TOKEN_LIFETIME");
  g_unsetenv ("MSI_DEMO_FAIL_TOKEN");
  g_setenv ("GIO_USE_PROXY_RESOLVER", "dummy", TRUE);
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

#define ADD(path, func) \
  g_test_add ("/scim-client/" path, Fixture, NULL, fixture_setup, func, fixture_teardown)

  ADD ("list", test_list);
  ADD ("bad-filter", test_bad_filter);
  ADD ("groups", test_groups);
  ADD ("create-group", test_create_group);
  ADD ("invite-one", test_invite_one);
  ADD ("invite-many", test_invite_many);
  ADD ("invite-chunks", test_invite_chunks);
  ADD ("fault-500", test_fault_500);
  ADD ("fault-429", test_fault_429);
  ADD ("fault-drop", test_fault_drop);
  ADD ("fault-lost-reply", test_fault_lost_reply);
  ADD ("fault-exhausted", test_fault_exhausted);
  ADD ("fault-latency", test_fault_latency);
  ADD ("resend", test_resend);
  ADD ("revoke", test_revoke);
  ADD ("load-directory", test_load_directory);
  ADD ("activation-invites-users", test_activation_invites_users);
  ADD ("raw-shapes", test_raw_shapes);

  return g_test_run ();
}
