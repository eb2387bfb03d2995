/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-scim-user-list.c: 10,000 users as a lazily paged list model, against the demo server */

#define G_LOG_DOMAIN "test-scim-user-list"

#include "config.h"

#include "common/msi-test-scim.h"

#include "msi-scim-user-list.h"

/* The demo's 5 seeded users sort before user000001@load…: position p of
 * the whole list (p ≥ 5) is user(p - 4). */
#define N_SEEDED     5
#define N_LOADED     10000
#define N_USERS      (N_SEEDED + N_LOADED)
#define PAGE_SIZE    100

typedef struct
{
  ScimSession      s;
  MsiScimUserList *list;
  guint            n_changes;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  scim_session_start (&f->s);
  scim_seed_users (&f->s, N_LOADED);
  scim_reset_stats (&f->s);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_clear_object (&f->list);
  scim_session_stop (&f->s);
}

static gboolean
not_loading (gpointer data)
{
  Fixture *f = data;

  return !msi_scim_user_list_get_loading (f->list);
}

typedef struct
{
  Fixture *f;
  guint    position;
} Position;

static gboolean
item_loaded (gpointer data)
{
  Position *at = data;
  g_autoptr(MsiScimUser) user = g_list_model_get_item (G_LIST_MODEL (at->f->list), at->position);

  return user != NULL && !msi_scim_user_get_loading (user);
}

static void
wait_for_item (Fixture *f,
               guint    position)
{
  Position at = { f, position };

  scim_wait_until (item_loaded, &at);
}

static void
items_changed_cb (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  gpointer    user_data)
{
  Fixture *f = user_data;

  f->n_changes++;
}

static void
open_list (Fixture *f)
{
  f->list = msi_scim_user_list_new (f->s.client);
  g_signal_connect (f->list, "items-changed", G_CALLBACK (items_changed_cb), f);
  g_assert_true (msi_scim_user_list_get_loading (f->list));
  scim_wait_until (not_loading, f);
  g_assert_no_error ((GError *)msi_scim_user_list_get_error (f->list));
}

static char *
user_name_at (guint position)
{
  g_assert_cmpuint (position, >=, N_SEEDED);

  return g_strdup_printf ("user%06u@load.northwind.example", position - N_SEEDED + 1);
}

/* The startIndex of every GET /scim/v2/Users since the stats were reset. */
static GArray *
dup_list_requests (Fixture *f)
{
  g_autoptr(JsonObject) stats = scim_dup_stats (&f->s);
  JsonArray *requests = json_object_get_array_member (stats, "userListRequests");
  GArray *starts = g_array_new (FALSE, FALSE, sizeof (gint64));

  for (guint i = 0; i < json_array_get_length (requests); i++)
    {
      gint64 start = json_object_get_int_member (json_array_get_object_element (requests, i), "startIndex");

      g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (requests, i), "count"), ==,
                       PAGE_SIZE);
      g_array_append_val (starts, start);
    }

  return starts;
}

static void
assert_list_requests (Fixture *f,
                      guint    n,
                      ...)
{
  g_autoptr(GArray) starts = dup_list_requests (f);
  va_list args;

  g_assert_cmpuint (starts->len, ==, n);

  va_start (args, n);
  for (guint i = 0; i < n; i++)
    g_assert_cmpint (g_array_index (starts, gint64, i), ==, va_arg (args, int));
  va_end (args);
}

static void
test_paging (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(MsiScimUser) first = NULL;
  g_autoptr(MsiScimUser) placeholder = NULL;
  g_autoptr(MsiScimUser) again = NULL;
  g_autoptr(MsiScimUser) loaded = NULL;
  g_autofree char *expected = user_name_at (5000);
  guint changes;

  open_list (f);

  /* Every user at once, though only the first page was read. */
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->list)), ==, N_USERS);
  g_assert_true (g_list_model_get_item_type (G_LIST_MODEL (f->list)) == MSI_TYPE_SCIM_USER);
  assert_list_requests (f, 1, 1);

  first = g_list_model_get_item (G_LIST_MODEL (f->list), 0);
  g_assert_false (msi_scim_user_get_loading (first));
  g_assert_cmpstr (msi_scim_user_get_user_name (first), ==, SCIM_TEST_ADMIN_EMAIL);
  g_assert_null (g_list_model_get_item (G_LIST_MODEL (f->list), N_USERS));

  /* A placeholder far down; its page only is read. */
  placeholder = g_list_model_get_item (G_LIST_MODEL (f->list), 5000);
  g_assert_true (msi_scim_user_get_loading (placeholder));
  g_assert_cmpstr (msi_scim_user_get_user_name (placeholder), ==, "");
  g_assert_cmpstr (msi_scim_user_get_display_name (placeholder), ==, "");

  /* The same placeholder until its page is there; its page is asked once. */
  again = g_list_model_get_item (G_LIST_MODEL (f->list), 5000);
  g_assert_true (again == placeholder);
  for (guint i = 5001; i < 5100; i++)
    g_object_unref (g_list_model_get_item (G_LIST_MODEL (f->list), i));

  changes = f->n_changes;
  wait_for_item (f, 5000);
  g_assert_cmpuint (f->n_changes, ==, changes + 1);

  loaded = g_list_model_get_item (G_LIST_MODEL (f->list), 5000);
  g_assert_false (msi_scim_user_get_loading (loaded));
  g_assert_cmpstr (msi_scim_user_get_user_name (loaded), ==, expected);
  g_assert_cmpint (msi_scim_user_get_status (loaded), ==, MSI_SCIM_USER_ACTIVE);

  /* Read already: no request. */
  for (guint i = 5000; i < 5100; i++)
    {
      g_autoptr(MsiScimUser) user = g_list_model_get_item (G_LIST_MODEL (f->list), i);

      g_assert_false (msi_scim_user_get_loading (user));
    }

  assert_list_requests (f, 2, 1, 5001);
}

static void
request_queued_cb (SoupSession *session,
                   SoupMessage *msg,
                   gpointer     user_data)
{
  GArray *starts = user_data;
  GUri *uri = soup_message_get_uri (msg);
  g_autoptr(GHashTable) query = NULL;
  gint64 start;

  if (!g_str_equal (g_uri_get_path (uri), "/scim/v2/Users") || g_uri_get_query (uri) == NULL)
    return;

  query = soup_form_decode (g_uri_get_query (uri));
  start = g_ascii_strtoll (g_hash_table_lookup (query, "startIndex"), NULL, 10);
  g_array_append_val (starts, start);
}

/* Two pages at a time, the ones nearest the last asked first: in the
 * order the client sends them. */
static void
test_in_flight (Fixture       *f,
                gconstpointer  data)
{
  static const guint asked[] = { 10, 90, 11, 50 };
  static const gint64 expected[] = { 1, 1001, 9001, 5001, 1101 };
  g_autoptr(GArray) sent = g_array_new (FALSE, FALSE, sizeof (gint64));
  gulong handler;
  guint changes;

  handler = g_signal_connect (f->s.session, "request-queued", G_CALLBACK (request_queued_cb), sent);
  open_list (f);
  changes = f->n_changes;

  for (guint i = 0; i < G_N_ELEMENTS (asked); i++)
    g_object_unref (g_list_model_get_item (G_LIST_MODEL (f->list), asked[i] * PAGE_SIZE));

  /* Waits without asking again (asking is what moves "nearest"): one
   * items-changed per page. */
  while (f->n_changes < changes + G_N_ELEMENTS (asked))
    g_main_context_iteration (NULL, TRUE);

  for (guint i = 0; i < G_N_ELEMENTS (asked); i++)
    {
      g_autoptr(MsiScimUser) user = g_list_model_get_item (G_LIST_MODEL (f->list), asked[i] * PAGE_SIZE);

      g_assert_false (msi_scim_user_get_loading (user));
    }

  /* 10 and 90 left at once; 11 and 50 waited; 50 was asked last. */
  g_signal_handler_disconnect (f->s.session, handler);
  g_assert_cmpuint (sent->len, ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    g_assert_cmpint (g_array_index (sent, gint64, i), ==, expected[i]);

  /* And the service was asked for those pages only, once each (in an
   * order the network may shuffle). */
  {
    g_autoptr(GArray) received = dup_list_requests (f);

    g_assert_cmpuint (received->len, ==, G_N_ELEMENTS (expected));
    for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
      {
        guint n = 0;

        for (guint j = 0; j < received->len; j++)
          n += g_array_index (received, gint64, j) == expected[i];
        g_assert_cmpuint (n, ==, 1);
      }
  }
}

static void
test_last_page (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(MsiScimUser) last = NULL;
  g_autofree char *expected = user_name_at (N_USERS - 1);

  open_list (f);
  g_object_unref (g_list_model_get_item (G_LIST_MODEL (f->list), N_USERS - 1));
  wait_for_item (f, N_USERS - 1);

  last = g_list_model_get_item (G_LIST_MODEL (f->list), N_USERS - 1);
  g_assert_cmpstr (msi_scim_user_get_user_name (last), ==, expected);
  assert_list_requests (f, 2, 1, (N_USERS - 1) / PAGE_SIZE * PAGE_SIZE + 1);
}

static void
test_filter (Fixture       *f,
             gconstpointer  data)
{
  g_autofree char *filter = msi_scim_build_search_filter ("user00012");
  guint n_items;

  open_list (f);

  /* Starts over: empty at once, then what matches. */
  msi_scim_user_list_set_filter (f->list, filter);
  g_assert_cmpstr (msi_scim_user_list_get_filter (f->list), ==, filter);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->list)), ==, 0);
  g_assert_true (msi_scim_user_list_get_loading (f->list));
  scim_wait_until (not_loading, f);

  /* user000120 … user000129 */
  n_items = g_list_model_get_n_items (G_LIST_MODEL (f->list));
  g_assert_cmpuint (n_items, ==, 10);
  for (guint i = 0; i < n_items; i++)
    {
      g_autoptr(MsiScimUser) user = g_list_model_get_item (G_LIST_MODEL (f->list), i);
      g_autofree char *expected = g_strdup_printf ("user%06u@load.northwind.example", 120 + i);

      g_assert_false (msi_scim_user_get_loading (user));
      g_assert_cmpstr (msi_scim_user_get_user_name (user), ==, expected);
    }

  /* The same filter again: nothing happens. */
  msi_scim_user_list_set_filter (f->list, filter);
  g_assert_false (msi_scim_user_list_get_loading (f->list));

  /* A name; then no filter, everyone again. */
  {
    g_autofree char *by_name = msi_scim_build_search_filter ("riley rep");
    g_autoptr(MsiScimUser) rep = NULL;

    msi_scim_user_list_set_filter (f->list, by_name);
    scim_wait_until (not_loading, f);
    g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->list)), ==, 1);
    rep = g_list_model_get_item (G_LIST_MODEL (f->list), 0);
    g_assert_cmpstr (msi_scim_user_get_user_name (rep), ==, "rep@northwind.example");
  }

  msi_scim_user_list_set_filter (f->list, NULL);
  scim_wait_until (not_loading, f);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->list)), ==, N_USERS);
}

static void
test_reload (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GPtrArray) invites = g_ptr_array_new_with_free_func ((GDestroyNotify)msi_scim_invite_free);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GPtrArray) results = NULL;
  g_autoptr(MsiScimUser) newcomer = NULL;
  g_autoptr(GError) error = NULL;
  GAsyncResult *slot = NULL;

  open_list (f);

  /* The first address in the list; the seeded users took every seat. */
  scim_set_faults (&f->s, "{\"seatLimit\": 20000}");
  g_ptr_array_add (invites, msi_scim_invite_new ("aaron@example.com", "Aaron", "Example", NULL, NULL));
  msi_scim_client_invite_async (f->s.client, invites, NULL, scim_result_cb, &slot);
  result = scim_wait (&slot);
  results = msi_scim_client_invite_finish (f->s.client, result, &error);
  g_assert_no_error (error);
  g_assert_cmpint (((MsiScimInviteResult *)g_ptr_array_index (results, 0))->outcome, ==, MSI_SCIM_INVITE_CREATED);

  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->list)), ==, N_USERS);

  msi_scim_user_list_reload (f->list);
  g_assert_true (msi_scim_user_list_get_loading (f->list));
  scim_wait_until (not_loading, f);

  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->list)), ==, N_USERS + 1);
  newcomer = g_list_model_get_item (G_LIST_MODEL (f->list), 0);
  g_assert_cmpstr (msi_scim_user_get_user_name (newcomer), ==, "aaron@example.com");
  g_assert_cmpint (msi_scim_user_get_status (newcomer), ==, MSI_SCIM_USER_INVITED);
}

static void
test_error (Fixture       *f,
            gconstpointer  data)
{
  const GError *error;

  open_list (f);

  msi_scim_user_list_set_filter (f->list, "userName sw");
  scim_wait_until (not_loading, f);

  error = msi_scim_user_list_get_error (f->list);
  g_assert_error ((GError *)error, MSI_SCIM_ERROR, MSI_SCIM_ERROR_INVALID_VALUE);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->list)), ==, 0);

  /* A good filter clears it. */
  msi_scim_user_list_set_filter (f->list, NULL);
  scim_wait_until (not_loading, f);
  g_assert_null (msi_scim_user_list_get_error (f->list));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->list)), ==, N_USERS);
}

/* A page that fails is read again when asked for again. */
static void
test_page_retry (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(MsiScimUser) user = NULL;

  open_list (f);

  /* More failures than the HTTP layer retries. */
  scim_set_faults (&f->s, "{\"status500\": 4}");
  g_object_unref (g_list_model_get_item (G_LIST_MODEL (f->list), 3000));
  while (msi_scim_user_list_get_error (f->list) == NULL)
    g_main_context_iteration (NULL, TRUE);

  user = g_list_model_get_item (G_LIST_MODEL (f->list), 3000);
  g_assert_true (msi_scim_user_get_loading (user));
  wait_for_item (f, 3000);
  g_assert_null (msi_scim_user_list_get_error (f->list));
}

int
main (int   argc,
      char *argv[])
{
  g_setenv ("MSI_DEMO_TEST_HOOKS", "1", TRUE);
  g_unsetenv ("MSI_DEMO_LATENCY_MS");
  g_unsetenv ("MSI_DEMO_TOKEN_LIFETIME");
  g_unsetenv ("MSI_DEMO_FAIL_TOKEN");
  g_setenv ("GIO_USE_PROXY_RESOLVER", "dummy", TRUE);
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

#define ADD(path, func) \
  g_test_add ("/scim-user-list/" path, Fixture, NULL, fixture_setup, func, fixture_teardown)

  ADD ("paging", test_paging);
  ADD ("in-flight", test_in_flight);
  ADD ("last-page", test_last_page);
  ADD ("filter", test_filter);
  ADD ("reload", test_reload);
  ADD ("error", test_error);
  ADD ("page-retry", test_page_retry);

  return g_test_run ();
}
