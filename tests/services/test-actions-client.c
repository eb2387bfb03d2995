/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-actions-client.c: the Actions client and the demo process against the demo server */

#define G_LOG_DOMAIN "test-actions-client"

#include "config.h"

#include "msi-actions-client.h"
#include "msi-demo-process.h"
#include "msi-setup-step.h"

typedef struct
{
  GMainLoop      *loop;
  char           *data_dir;
  MsiDemoProcess *demo;
  char           *base_url;
  GListModel     *steps;
  JsonNode       *account;
  GError         *error;
} Fixture;

static gboolean
timeout_cb (gpointer user_data)
{
  g_error ("Timed out waiting for the demo server");
  return G_SOURCE_REMOVE;
}

static void
started_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  Fixture *f = user_data;

  f->base_url = msi_demo_process_start_finish (MSI_DEMO_PROCESS (object), result, &f->error);
  g_main_loop_quit (f->loop);
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  f->loop = g_main_loop_new (NULL, FALSE);
  f->data_dir = g_dir_make_tmp ("msi-demo-XXXXXX", NULL);
  f->demo = msi_demo_process_new (NULL, f->data_dir);
  msi_demo_process_start_async (f->demo, NULL, started_cb, f);
  g_main_loop_run (f->loop);
  g_assert_no_error (f->error);
  g_assert_true (g_str_has_prefix (f->base_url, "http://127.0.0.1:"));
  g_assert_true (msi_demo_process_is_running (f->demo));
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  msi_demo_process_stop (f->demo);
  g_clear_object (&f->demo);
  g_clear_pointer (&f->loop, g_main_loop_unref);
  g_clear_pointer (&f->base_url, g_free);
  g_clear_object (&f->steps);
  g_clear_pointer (&f->account, json_node_unref);
  g_clear_error (&f->error);
  g_clear_pointer (&f->data_dir, g_free);
}

static void
checklist_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  Fixture *f = user_data;

  f->steps = msi_actions_client_load_checklist_finish (MSI_ACTIONS_CLIENT (object), result, &f->error);
  g_main_loop_quit (f->loop);
}

static void
account_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  Fixture *f = user_data;

  f->account = msi_actions_client_get_account_finish (MSI_ACTIONS_CLIENT (object), result, &f->error);
  g_main_loop_quit (f->loop);
}

static void
test_checklist_from_demo (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(MsiProfile) profile = msi_profile_new_demo (f->base_url);
  g_autoptr(MsiActionsClient) client = msi_actions_client_new (profile, NULL);

  msi_actions_client_load_checklist_async (client, NULL, checklist_cb, f);
  g_main_loop_run (f->loop);
  g_assert_no_error (f->error);
  g_assert_cmpuint (g_list_model_get_n_items (f->steps), ==, MSI_SETUP_N_STEPS);

  /* A freshly seeded demo account has done nothing yet. */
  for (guint i = 0; i < MSI_SETUP_N_STEPS; i++)
    {
      g_autoptr(MsiSetupStep) step = g_list_model_get_item (f->steps, i);

      g_assert_cmpint (msi_setup_step_get_status (step), ==, MSI_SETUP_STATUS_NOT_DONE);
    }
}

static void
test_account_limits (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(MsiProfile) profile = msi_profile_new_demo (f->base_url);
  g_autoptr(MsiActionsClient) client = msi_actions_client_new (profile, NULL);
  JsonObject *limits;

  msi_actions_client_get_account_async (client, NULL, account_cb, f);
  g_main_loop_run (f->loop);
  g_assert_no_error (f->error);
  limits = json_object_get_object_member (json_node_get_object (f->account), "limits");
  g_assert_cmpint (json_object_get_int_member (limits, "seats"), ==, 100);
  g_assert_cmpint (json_object_get_int_member (limits, "teams"), ==, 20);
  g_assert_cmpint (json_object_get_int_member (limits, "syncedFields"), ==, 13);
  g_assert_cmpint (json_object_get_int_member (limits, "emailIdentitiesPerUser"), ==, 2);
}

static void
test_server_gone (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(MsiProfile) profile = msi_profile_new_demo (f->base_url);
  g_autoptr(MsiActionsClient) client = msi_actions_client_new (profile, NULL);

  msi_http_client_set_retry_delay (msi_actions_client_get_http (client), 10, 20);
  msi_demo_process_stop (f->demo);
  /* Give the server a moment to close its socket. */
  for (guint i = 0; i < 50; i++)
    {
      g_autoptr(GSocketClient) socket_client = g_socket_client_new ();
      g_autoptr(GSocketConnection) conn = NULL;
      g_autoptr(GUri) uri = g_uri_parse (f->base_url, G_URI_FLAGS_NONE, NULL);

      conn = g_socket_client_connect_to_host (socket_client, "127.0.0.1", g_uri_get_port (uri), NULL, NULL);
      if (conn == NULL)
        break;
      g_usleep (50 * 1000);
    }

  msi_actions_client_load_checklist_async (client, NULL, checklist_cb, f);
  g_main_loop_run (f->loop);
  g_assert_error (f->error, MSI_HTTP_ERROR, MSI_HTTP_ERROR_NETWORK);
  g_assert_null (f->steps);
}

static void
test_missing_server (void)
{
  g_autoptr(MsiDemoProcess) demo = msi_demo_process_new ("/nonexistent/msi-actions-demo-server", NULL);
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  Fixture f = { .loop = loop };

  msi_demo_process_start_async (demo, NULL, started_cb, &f);
  g_main_loop_run (loop);
  g_assert_error (f.error, MSI_DEMO_PROCESS_ERROR, MSI_DEMO_PROCESS_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (f.error->message, "/nonexistent/msi-actions-demo-server"));
  g_assert_false (msi_demo_process_is_running (demo));
  g_clear_error (&f.error);
}

static void
test_not_a_server (void)
{
  /* A program that prints something else than the ready line. */
  g_autoptr(MsiDemoProcess) demo = msi_demo_process_new ("/bin/true", NULL);
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  Fixture f = { .loop = loop };

  msi_demo_process_start_async (demo, NULL, started_cb, &f);
  g_main_loop_run (loop);
  g_assert_error (f.error, MSI_DEMO_PROCESS_ERROR, MSI_DEMO_PROCESS_ERROR_FAILED);
  g_clear_error (&f.error);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  g_timeout_add_seconds (90, timeout_cb, NULL);

  g_test_add ("/actions-client/checklist-from-demo", Fixture, NULL,
              fixture_setup, test_checklist_from_demo, fixture_teardown);
  g_test_add ("/actions-client/account-limits", Fixture, NULL,
              fixture_setup, test_account_limits, fixture_teardown);
  g_test_add ("/actions-client/server-gone", Fixture, NULL,
              fixture_setup, test_server_gone, fixture_teardown);
  g_test_add_func ("/demo-process/missing-server", test_missing_server);
  g_test_add_func ("/demo-process/not-a-server", test_not_a_server);

  return g_test_run ();
}
