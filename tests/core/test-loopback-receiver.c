/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-loopback-receiver.c: the browser's redirect lands on 127.0.0.1 once, then the port closes */

#define G_LOG_DOMAIN "test-loopback-receiver"

#include "config.h"

#include <libsoup/soup.h>
#include <string.h>

#include "msi-loopback-receiver.h"

typedef struct
{
  gboolean  done;
  char     *uri;
  GError   *error;
} WaitResult;

typedef struct
{
  gboolean     done;
  guint        status;
  char        *content_type;
  char        *body;
  SoupMessage *message;
  GError      *error;
} Fetch;

static void
wait_result_clear (WaitResult *r)
{
  g_clear_pointer (&r->uri, g_free);
  g_clear_error (&r->error);
}

static void
fetch_clear (Fetch *f)
{
  g_clear_pointer (&f->content_type, g_free);
  g_clear_pointer (&f->body, g_free);
  g_clear_object (&f->message);
  g_clear_error (&f->error);
}

static void
run_until (gboolean *done)
{
  while (!*done)
    g_main_context_iteration (NULL, TRUE);
}

/* Lets the main loop run for a while, so that a wrongly completed wait would show. */
static void
spin (guint ms)
{
  gint64 end = g_get_monotonic_time () + ms * 1000;

  while (g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, FALSE), g_usleep (1000);
}

static void
wait_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  WaitResult *r = user_data;

  r->uri = msi_loopback_receiver_wait_finish (MSI_LOOPBACK_RECEIVER (object), result, &r->error);
  r->done = TRUE;
}

static void
fetch_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  Fetch *f = user_data;
  g_autoptr(GBytes) bytes = soup_session_send_and_read_finish (SOUP_SESSION (object), result, &f->error);

  if (bytes != NULL)
    {
      f->status = soup_message_get_status (f->message);
      f->content_type = g_strdup (soup_message_headers_get_content_type (soup_message_get_response_headers (f->message), NULL));
      f->body = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
    }
  f->done = TRUE;
}

static void
fetch (SoupSession *session,
       const char  *method,
       const char  *uri,
       Fetch       *f)
{
  memset (f, 0, sizeof *f);
  f->message = soup_message_new (method, uri);
  g_assert_nonnull (f->message);
  soup_session_send_and_read_async (session, f->message, G_PRIORITY_DEFAULT, NULL, fetch_cb, f);
  run_until (&f->done);
}

static void
assert_port_closed (guint port)
{
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GSocketConnection) connection = NULL;
  g_autoptr(GError) error = NULL;

  connection = g_socket_client_connect_to_host (client, "127.0.0.1", port, NULL, &error);
  g_assert_null (connection);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_REFUSED);
}

static MsiLoopbackReceiver *
listening_receiver (void)
{
  g_autoptr(MsiLoopbackReceiver) receiver = msi_loopback_receiver_new ("/callback");
  g_autoptr(GError) error = NULL;

  g_assert_true (msi_loopback_receiver_listen (receiver, &error));
  g_assert_no_error (error);

  return g_steal_pointer (&receiver);
}

static void
test_redirect_uri (void)
{
  g_autoptr(MsiLoopbackReceiver) receiver = msi_loopback_receiver_new ("/callback");
  g_autoptr(GError) error = NULL;
  g_autofree char *uri = NULL;
  g_autofree char *expected = NULL;
  g_autoptr(GUri) parsed = NULL;

  g_assert_null (msi_loopback_receiver_dup_redirect_uri (receiver));
  g_assert_true (msi_loopback_receiver_listen (receiver, &error));
  g_assert_no_error (error);

  uri = msi_loopback_receiver_dup_redirect_uri (receiver);
  g_assert_cmpuint (msi_loopback_receiver_get_port (receiver), >, 0);
  expected = g_strdup_printf ("http://127.0.0.1:%u/callback", msi_loopback_receiver_get_port (receiver));
  g_assert_cmpstr (uri, ==, expected);

  parsed = g_uri_parse (uri, G_URI_FLAGS_NONE, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (g_uri_get_scheme (parsed), ==, "http");
  g_assert_cmpstr (g_uri_get_host (parsed), ==, "127.0.0.1");
  g_assert_cmpstr (g_uri_get_path (parsed), ==, "/callback");
  g_assert_null (g_uri_get_query (parsed));

  msi_loopback_receiver_stop (receiver);
  assert_port_closed (g_uri_get_port (parsed));
}

static void
test_receives_redirect (void)
{
  g_autoptr(MsiLoopbackReceiver) receiver = listening_receiver ();
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autofree char *redirect = msi_loopback_receiver_dup_redirect_uri (receiver);
  g_autofree char *uri = g_strconcat (redirect, "?code=4%2F0Ab-x&state=s%20t", NULL);
  guint port = msi_loopback_receiver_get_port (receiver);
  WaitResult r = { 0 };
  Fetch f;

  msi_loopback_receiver_wait_async (receiver, 30, NULL, wait_cb, &r);
  fetch (session, "GET", uri, &f);
  g_assert_no_error (f.error);
  g_assert_cmpuint (f.status, ==, 200);
  g_assert_cmpstr (f.content_type, ==, "text/html");
  g_assert_true (strstr (f.body, "You can close this tab and return to MSI Actions Setup.") != NULL);
  g_assert_true (g_str_has_prefix (f.body, "<!DOCTYPE html>"));
  g_assert_cmpstr (soup_message_headers_get_one (soup_message_get_response_headers (f.message), "Cache-Control"),
                   ==, "no-store");
  g_assert_true (g_str_has_prefix (soup_message_headers_get_one (soup_message_get_response_headers (f.message),
                                                                 "Content-Security-Policy"),
                                   "default-src 'none'"));
  g_assert_cmpstr (soup_message_headers_get_one (soup_message_get_response_headers (f.message), "Referrer-Policy"),
                   ==, "no-referrer");

  run_until (&r.done);
  g_assert_no_error (r.error);
  g_assert_cmpstr (r.uri, ==, uri);

  /* One redirect only: the port is closed now. */
  fetch_clear (&f);
  assert_port_closed (port);
  {
    g_autoptr(SoupSession) other = soup_session_new ();

    fetch (other, "GET", uri, &f);
    g_assert_error (f.error, G_IO_ERROR, G_IO_ERROR_CONNECTION_REFUSED);
    fetch_clear (&f);
  }

  wait_result_clear (&r);
}

static void
test_wrong_requests (void)
{
  g_autoptr(MsiLoopbackReceiver) receiver = listening_receiver ();
  g_autoptr(SoupSession) session = soup_session_new ();
  guint port = msi_loopback_receiver_get_port (receiver);
  g_autofree char *other_path = g_strdup_printf ("http://127.0.0.1:%u/favicon.ico", port);
  g_autofree char *prefix_path = g_strdup_printf ("http://127.0.0.1:%u/callback/x?code=a", port);
  g_autofree char *right = g_strdup_printf ("http://127.0.0.1:%u/callback?code=a&state=b", port);
  g_autofree char *other_host = g_strdup_printf ("http://localhost:%u/callback?code=a&state=b", port);
  WaitResult r = { 0 };
  Fetch f;

  msi_loopback_receiver_wait_async (receiver, 30, NULL, wait_cb, &r);

  fetch (session, "GET", other_path, &f);
  g_assert_no_error (f.error);
  g_assert_cmpuint (f.status, ==, 404);
  fetch_clear (&f);

  fetch (session, "GET", prefix_path, &f);
  g_assert_no_error (f.error);
  g_assert_cmpuint (f.status, ==, 404);
  fetch_clear (&f);

  fetch (session, "POST", right, &f);
  g_assert_no_error (f.error);
  g_assert_cmpuint (f.status, ==, 405);
  g_assert_cmpstr (soup_message_headers_get_one (soup_message_get_response_headers (f.message), "Allow"), ==, "GET");
  fetch_clear (&f);

  /* Another name for the same address: what a rebound DNS name would send. */
  fetch (session, "GET", other_host, &f);
  if (f.error == NULL)
    g_assert_cmpuint (f.status, ==, 400);
  fetch_clear (&f);

  spin (100);
  g_assert_false (r.done);

  fetch (session, "GET", right, &f);
  g_assert_no_error (f.error);
  g_assert_cmpuint (f.status, ==, 200);
  fetch_clear (&f);

  run_until (&r.done);
  g_assert_no_error (r.error);
  g_assert_cmpstr (r.uri, ==, right);
  wait_result_clear (&r);
}

static void
test_timeout (void)
{
  g_autoptr(MsiLoopbackReceiver) receiver = listening_receiver ();
  guint port = msi_loopback_receiver_get_port (receiver);
  WaitResult r = { 0 };
  gint64 start = g_get_monotonic_time ();

  msi_loopback_receiver_wait_async (receiver, 1, NULL, wait_cb, &r);
  run_until (&r.done);

  g_assert_error (r.error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT);
  g_assert_null (r.uri);
  g_assert_cmpint (g_get_monotonic_time () - start, >=, 900 * 1000);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 5 * G_USEC_PER_SEC);
  assert_port_closed (port);
  wait_result_clear (&r);
}

static gboolean
cancel_cb (gpointer user_data)
{
  g_cancellable_cancel (user_data);
  return G_SOURCE_REMOVE;
}

static void
test_cancel (void)
{
  g_autoptr(MsiLoopbackReceiver) receiver = listening_receiver ();
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  guint port = msi_loopback_receiver_get_port (receiver);
  WaitResult r = { 0 };

  msi_loopback_receiver_wait_async (receiver, 30, cancellable, wait_cb, &r);
  g_timeout_add (50, cancel_cb, cancellable);
  run_until (&r.done);

  g_assert_error (r.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  assert_port_closed (port);
  wait_result_clear (&r);
}

/* Reads /proc/net/tcp{,6} for the sockets listening on @port. */
static void
listeners_on_port (const char *table,
                   guint       port,
                   GPtrArray  *addresses)
{
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;
  g_autofree char *port_hex = g_strdup_printf (":%04X", port);

  if (!g_file_get_contents (table, &contents, NULL, NULL))
    return;

  lines = g_strsplit (contents, "\n", -1);
  for (guint i = 1; lines[i] != NULL; i++)
    {
      g_auto(GStrv) cols = g_strsplit_set (g_strstrip (lines[i]), " ", -1);
      g_autoptr(GPtrArray) fields = g_ptr_array_new ();

      for (guint j = 0; cols[j] != NULL; j++)
        if (cols[j][0] != '\0')
          g_ptr_array_add (fields, cols[j]);

      /* sl local_address rem_address st … ; st 0A is LISTEN */
      if (fields->len > 3 &&
          g_str_has_suffix (fields->pdata[1], port_hex) &&
          g_str_equal (fields->pdata[3], "0A"))
        g_ptr_array_add (addresses, g_strdup (fields->pdata[1]));
    }
}

static void
test_bound_to_loopback_only (void)
{
  g_autoptr(MsiLoopbackReceiver) receiver = listening_receiver ();
  guint port = msi_loopback_receiver_get_port (receiver);
  g_autoptr(GPtrArray) v4 = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) v6 = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *expected = g_strdup_printf ("0100007F:%04X", port);

  if (!g_file_test ("/proc/net/tcp", G_FILE_TEST_EXISTS))
    {
      g_test_skip ("No /proc/net/tcp");
      return;
    }

  listeners_on_port ("/proc/net/tcp", port, v4);
  listeners_on_port ("/proc/net/tcp6", port, v6);

  /* One IPv4 socket on 127.0.0.1, nothing on 0.0.0.0 or IPv6. */
  g_assert_cmpuint (v4->len, ==, 1);
  g_assert_cmpstr (v4->pdata[0], ==, expected);
  g_assert_cmpuint (v6->len, ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_setenv ("GIO_USE_PROXY_RESOLVER", "dummy", TRUE);
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/loopback-receiver/redirect-uri", test_redirect_uri);
  g_test_add_func ("/loopback-receiver/receives-redirect", test_receives_redirect);
  g_test_add_func ("/loopback-receiver/wrong-requests", test_wrong_requests);
  g_test_add_func ("/loopback-receiver/timeout", test_timeout);
  g_test_add_func ("/loopback-receiver/cancel", test_cancel);
  g_test_add_func ("/loopback-receiver/bound-to-loopback-only", test_bound_to_loopback_only);

  return g_test_run ();
}
