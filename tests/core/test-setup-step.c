/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-setup-step.c: the checklist's steps, personas and status mapping */

#define G_LOG_DOMAIN "test-setup-step"

#include "config.h"

#include "common/msi-test-steps.h"

#include "msi-error.h"
#include "msi-setup-step.h"

#define ACCOUNT_NOT_DONE \
  "{\"id\": \"acc_1\", \"name\": \"Northwind\", " \
  "\"activation\": {\"state\": \"not-activated\", \"invitedAdmins\": 0}, " \
  "\"limits\": {\"seats\": 100, \"teams\": 20, \"syncedFields\": 13, \"emailIdentitiesPerUser\": 2}, " \
  "\"usage\": {\"seats\": 0, \"pendingInvitations\": 0, \"invitedUsers\": 0, \"teams\": 1, \"syncedFields\": 0}, " \
  "\"sync\": {\"state\": \"never\", \"lastCompletedAt\": null}, " \
  "\"salesforcePackage\": {\"state\": \"unknown\", \"installedVersion\": null, \"requiredVersion\": \"2.6.0\"}, " \
  "\"salesforceConfiguration\": {\"state\": \"not-started\", \"completedItems\": 0, \"totalItems\": 6}}"

#define ACCOUNT_MIXED \
  "{\"activation\": {\"state\": \"activated\", \"invitedAdmins\": 2}, " \
  "\"limits\": {}, " \
  "\"usage\": {\"invitedUsers\": 12}, " \
  "\"sync\": {\"state\": \"running\"}, " \
  "\"salesforcePackage\": {\"state\": \"outdated\", \"installedVersion\": \"1.4.2\", \"requiredVersion\": \"2.6.0\"}, " \
  "\"salesforceConfiguration\": {\"state\": \"in-progress\", \"completedItems\": 2, \"totalItems\": 6}}"

#define CONNECTIONS_NONE \
  "{\"connections\": [" \
  "{\"service\": \"salesforce\", \"status\": \"disconnected\", \"account\": null, \"error\": null}," \
  "{\"service\": \"marketo\", \"status\": \"disconnected\", \"account\": null, \"error\": null}]}"

#define CONNECTIONS_MIXED \
  "{\"connections\": [" \
  "{\"service\": \"marketo\", \"status\": \"error\", \"error\": {\"title\": \"Client secret <rejected>\", \"detail\": \"601\"}}," \
  "{\"service\": \"salesforce\", \"status\": \"connected\", \"account\": {\"username\": \"admin@northwind.example\"}}]}"

static GListStore *
load (const char  *account,
      const char  *connections,
      GError     **error)
{
  g_autoptr(GListStore) steps = msi_setup_step_new_checklist ();
  g_autoptr(JsonNode) a = json_from_string (account, NULL);
  g_autoptr(JsonNode) c = json_from_string (connections, NULL);

  if (!msi_setup_steps_update_from_json (G_LIST_MODEL (steps), a, c, error))
    return NULL;

  return g_steal_pointer (&steps);
}

static MsiSetupStep *
step_at (GListStore *store,
         guint       i)
{
  MsiSetupStep *step = g_list_model_get_item (G_LIST_MODEL (store), i);

  g_object_unref (step); /* the store keeps it alive */
  return step;
}

static void
test_seven_steps (void)
{
  g_autoptr(GListStore) steps = msi_setup_step_new_checklist ();

  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (steps)), ==, MSI_SETUP_N_STEPS);
  for (guint i = 0; i < MSI_SETUP_N_STEPS; i++)
    {
      MsiSetupStep *step = step_at (steps, i);

      g_assert_cmpstr (msi_setup_step_get_id (step), ==, msi_test_expected_steps[i].id);
      g_assert_cmpuint (msi_setup_step_get_position (step), ==, i + 1);
      g_assert_cmpstr (msi_persona_get_label (msi_setup_step_get_persona (step)), ==, msi_test_expected_steps[i].persona);
      g_assert_cmpint (msi_setup_step_get_status (step), ==, MSI_SETUP_STATUS_UNKNOWN);
      g_assert_nonnull (msi_setup_step_get_title (step));
    }
}

static void
test_all_not_done (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GListStore) steps = load (ACCOUNT_NOT_DONE, CONNECTIONS_NONE, &error);

  g_assert_no_error (error);
  for (guint i = 0; i < MSI_SETUP_N_STEPS; i++)
    g_assert_cmpint (msi_setup_step_get_status (step_at (steps, i)), ==, MSI_SETUP_STATUS_NOT_DONE);
  g_assert_cmpuint (msi_setup_steps_count_done (G_LIST_MODEL (steps)), ==, 0);
  g_assert_cmpstr (msi_setup_step_get_status_label (step_at (steps, 1)), ==, "Not connected");
}

static void
test_mixed (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GListStore) steps = load (ACCOUNT_MIXED, CONNECTIONS_MIXED, &error);

  g_assert_no_error (error);
  g_assert_cmpint (msi_setup_step_get_status (step_at (steps, 0)), ==, MSI_SETUP_STATUS_DONE);
  /* Connections are matched by service, not by their order in the array. */
  g_assert_cmpint (msi_setup_step_get_status (step_at (steps, 1)), ==, MSI_SETUP_STATUS_DONE);
  g_assert_cmpstr (msi_setup_step_get_detail (step_at (steps, 1)), ==, "Connected as admin@northwind.example");
  g_assert_cmpint (msi_setup_step_get_status (step_at (steps, 2)), ==, MSI_SETUP_STATUS_ATTENTION);
  /* The service's words are kept as they are; the UI escapes them. */
  g_assert_cmpstr (msi_setup_step_get_detail (step_at (steps, 2)), ==, "Client secret <rejected>");
  g_assert_cmpint (msi_setup_step_get_status (step_at (steps, 3)), ==, MSI_SETUP_STATUS_IN_PROGRESS);
  g_assert_cmpint (msi_setup_step_get_status (step_at (steps, 4)), ==, MSI_SETUP_STATUS_DONE);
  g_assert_cmpstr (msi_setup_step_get_status_label (step_at (steps, 4)), ==, "12 users invited");
  g_assert_cmpint (msi_setup_step_get_status (step_at (steps, 5)), ==, MSI_SETUP_STATUS_ATTENTION);
  g_assert_cmpstr (msi_setup_step_get_detail (step_at (steps, 5)), ==, "Version 1.4.2 is installed; 2.6.0 is required");
  g_assert_cmpint (msi_setup_step_get_status (step_at (steps, 6)), ==, MSI_SETUP_STATUS_IN_PROGRESS);
  g_assert_cmpstr (msi_setup_step_get_detail (step_at (steps, 6)), ==, "2 of 6 items done");
  g_assert_cmpuint (msi_setup_steps_count_done (G_LIST_MODEL (steps)), ==, 3);
}

static void
test_unknown_state (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *account = g_strdup (ACCOUNT_NOT_DONE);
  g_autoptr(GListStore) steps = NULL;
  char *pos = strstr (account, "\"never\"");

  memcpy (pos, "\"later\"", 7);
  steps = load (account, CONNECTIONS_NONE, &error);
  g_assert_no_error (error);
  g_assert_cmpint (msi_setup_step_get_status (step_at (steps, 3)), ==, MSI_SETUP_STATUS_UNKNOWN);
  g_assert_nonnull (strstr (msi_setup_step_get_detail (step_at (steps, 3)), "later"));
}

static void
test_bad_shapes (void)
{
  static const struct { const char *account; const char *connections; const char *missing; } cases[] = {
    { "[]", CONNECTIONS_NONE, "account" },
    { "{\"activation\": {\"state\": \"activated\"}}", CONNECTIONS_NONE, "limits" },
    { "{\"activation\": 3, \"limits\": {}, \"usage\": {}, \"sync\": {}, \"salesforcePackage\": {}, \"salesforceConfiguration\": {}}", CONNECTIONS_NONE, "activation" },
    { ACCOUNT_NOT_DONE, "{\"connections\": {}}", "connections" },
    { ACCOUNT_NOT_DONE, "{\"connections\": [1, 2]}", "connections[]" },
    { ACCOUNT_NOT_DONE, "{\"connections\": [{\"service\": \"marketo\", \"status\": \"connected\"}]}", "connections[salesforce]" },
    { ACCOUNT_NOT_DONE, "null", "connections" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GListStore) steps = msi_setup_step_new_checklist ();
      g_autoptr(JsonNode) a = json_from_string (cases[i].account, NULL);
      g_autoptr(JsonNode) c = json_from_string (cases[i].connections, NULL);
      g_autoptr(GError) error = NULL;
      g_autofree char *quoted = g_strdup_printf ("“%s”", cases[i].missing);

      g_assert_false (msi_setup_steps_update_from_json (G_LIST_MODEL (steps), a, c, &error));
      g_assert_error (error, MSI_HTTP_ERROR, MSI_HTTP_ERROR_INVALID_RESPONSE);
      g_assert_nonnull (strstr (error->message, quoted));
      /* Nothing changed on a bad reply. */
      g_assert_cmpint (msi_setup_step_get_status (step_at (steps, 0)), ==, MSI_SETUP_STATUS_UNKNOWN);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/setup-step/seven-steps", test_seven_steps);
  g_test_add_func ("/setup-step/all-not-done", test_all_not_done);
  g_test_add_func ("/setup-step/mixed", test_mixed);
  g_test_add_func ("/setup-step/unknown-state", test_unknown_state);
  g_test_add_func ("/setup-step/bad-shapes", test_bad_shapes);

  return g_test_run ();
}
