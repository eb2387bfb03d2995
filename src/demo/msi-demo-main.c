/* SPDX-License-Identifier: GPL-3.0-or-later */
/* msi-demo-main.c: entry point of msi-actions-demo-server */

#define G_LOG_DOMAIN "msi-demo-server"

#include "config.h"

#include "msi-demo-server.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>

#include <gio/gio.h>
#include <gio/gunixinputstream.h>
#include <glib-unix.h>

#include "msi-demo-store.h"

/*
 * Environment (read once, at start):
 *
 *   MSI_DEMO_LATENCY_MS=N        hold back every reply by N ms (0–600000)
 *   MSI_DEMO_TOKEN_LIFETIME=N    access tokens expire after N s (default 3600)
 *   MSI_DEMO_FAIL_TOKEN=500|429|drop
 *                                the next token request (any provider) fails
 *                                once: 500, 429 with Retry-After: 1, or the
 *                                connection is closed without a reply
 *   MSI_DEMO_TEST_HOOKS=1        serve GET /__demo/issued-tokens (the
 *                                plaintext of issued tokens, from memory)
 *   MSI_DEMO_SYNC_RATE=N         people a sync job carries per second
 *                                (default 2500; msi-demo-sync.c)
 */

#define EXIT_USAGE 2

/* Longest accepted MSI_DEMO_TOKEN_LIFETIME: a day. */
#define MAX_TOKEN_LIFETIME 86400

/* Longest accepted MSI_DEMO_LATENCY_MS: ten minutes. */
#define MAX_LATENCY_MS 600000

typedef struct
{
  GMainLoop    *loop;
  GInputStream *input;
  GCancellable *cancellable;
  gboolean      read_pending;
} StdinWatch;

static void stdin_watch_read (StdinWatch *watch);

static void
stdin_watch_read_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  StdinWatch *watch = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;

  g_assert (watch != NULL);

  watch->read_pending = FALSE;

  bytes = g_input_stream_read_bytes_finish (G_INPUT_STREAM (object), result, &error);

  if (bytes == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_message ("Could not read standard input (%s), exiting", error->message);
          g_main_loop_quit (watch->loop);
        }
      return;
    }

  if (g_bytes_get_size (bytes) == 0)
    {
      g_message ("Standard input closed, exiting");
      g_main_loop_quit (watch->loop);
      return;
    }

  /* Whatever arrives on stdin is ignored; only its end matters. */
  stdin_watch_read (watch);
}

static void
stdin_watch_read (StdinWatch *watch)
{
  g_assert (watch != NULL);
  g_assert (!watch->read_pending);

  watch->read_pending = TRUE;
  g_input_stream_read_bytes_async (watch->input,
                                   4096,
                                   G_PRIORITY_DEFAULT,
                                   watch->cancellable,
                                   stdin_watch_read_cb,
                                   watch);
}

static gboolean
on_quit_signal (gpointer user_data)
{
  GMainLoop *loop = user_data;

  g_message ("Received a termination signal, exiting");
  g_main_loop_quit (loop);

  return G_SOURCE_CONTINUE;
}

static gboolean
parse_latency (guint   *latency_ms,
               GError **error)
{
  const char *value = g_getenv ("MSI_DEMO_LATENCY_MS");
  guint64 parsed = 0;

  g_assert (latency_ms != NULL);

  *latency_ms = 0;

  if (value == NULL || value[0] == '\0')
    return TRUE;

  if (!g_ascii_string_to_unsigned (value, 10, 0, MAX_LATENCY_MS, &parsed, error))
    {
      g_prefix_error (error, "Invalid MSI_DEMO_LATENCY_MS “%s”: ", value);
      return FALSE;
    }

  *latency_ms = (guint)parsed;

  return TRUE;
}

static gboolean
parse_auth_env (MsiDemoServer  *server,
                GError        **error)
{
  MsiDemoAuthServer *auth = msi_demo_server_get_auth_server (server);
  const char *lifetime = g_getenv ("MSI_DEMO_TOKEN_LIFETIME");
  const char *fail_token = g_getenv ("MSI_DEMO_FAIL_TOKEN");
  const char *test_hooks = g_getenv ("MSI_DEMO_TEST_HOOKS");

  if (lifetime != NULL && lifetime[0] != '\0')
    {
      guint64 parsed = 0;

      if (!g_ascii_string_to_unsigned (lifetime, 10, 1, MAX_TOKEN_LIFETIME, &parsed, error))
        {
          g_prefix_error (error, "Invalid MSI_DEMO_TOKEN_LIFETIME “%s”: ", lifetime);
          return FALSE;
        }

      msi_demo_auth_server_set_token_lifetime (auth, (guint)parsed);
      g_message ("Access tokens expire after %u s", (guint)parsed);
    }

  if (fail_token != NULL && fail_token[0] != '\0')
    {
      MsiDemoFault fault = MSI_DEMO_FAULT_NONE;

      if (!msi_demo_auth_server_parse_fault (fail_token, &fault))
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                       "Invalid MSI_DEMO_FAIL_TOKEN “%s”: use 500, 429 or drop", fail_token);
          return FALSE;
        }

      msi_demo_auth_server_set_token_fault (auth, fault);
      g_message ("The next token request will fail (%s)", fail_token);
    }

  if (g_strcmp0 (test_hooks, "1") == 0)
    {
      msi_demo_server_set_test_hooks (server, TRUE);
      g_message ("Test hooks enabled: GET /__demo/issued-tokens");
    }

  return TRUE;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(MsiDemoStore) store = NULL;
  g_autoptr(MsiDemoServer) server = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  g_autoptr(GInputStream) input = NULL;
  g_autoptr(GCancellable) cancellable = NULL;
  g_autofree char *data_dir = NULL;
  g_autofree char *db_path = NULL;
  g_autofree char *base_uri = NULL;
  g_autofree char *default_dir = NULL;
  g_autofree char *data_dir_description = NULL;
  StdinWatch watch = { 0 };
  gboolean reset = FALSE;
  guint latency_ms = 0;
  guint sigterm_id;
  guint sigint_id;
  int port = 0;

  /* stdout carries exactly one line, the READY line: all logging goes to
   * stderr, whatever G_MESSAGES_DEBUG says. */
  g_log_writer_default_set_use_stderr (TRUE);
  g_set_prgname (DEMO_SERVER_NAME);

  /* A client or the app going away must not kill the server. */
  signal (SIGPIPE, SIG_IGN);

  default_dir = g_build_filename (g_get_user_data_dir (), "msi-actions-setup", "demo", NULL);
  data_dir_description = g_strdup_printf ("Directory of the demo state (default: %s)", default_dir);

  {
    const GOptionEntry entries[] = {
      { "data-dir", 0, 0, G_OPTION_ARG_FILENAME, &data_dir, data_dir_description, "DIR" },
      { "port", 0, 0, G_OPTION_ARG_INT, &port, "TCP port on 127.0.0.1 (default: 0, any free port)", "N" },
      { "reset", 0, 0, G_OPTION_ARG_NONE, &reset, "Delete the demo state and seed fresh demo data", NULL },
      G_OPTION_ENTRY_NULL
    };

    context = g_option_context_new (NULL);
    g_option_context_set_summary (context,
                                  "Loopback stand-in for the MSI Actions service, "
                                  "for demo mode and tests.\n"
                                  "Prints “READY http://127.0.0.1:PORT” on standard "
                                  "output once listening; exits when standard input closes.");
    g_option_context_add_main_entries (context, entries, NULL);
  }

  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("%s: %s\n", DEMO_SERVER_NAME, error->message);
      return EXIT_USAGE;
    }

  if (argc > 1)
    {
      g_printerr ("%s: unexpected argument “%s”\n", DEMO_SERVER_NAME, argv[1]);
      return EXIT_USAGE;
    }

  if (port < 0 || port > G_MAXUINT16)
    {
      g_printerr ("%s: --port must be between 0 and %u, not %d\n",
                  DEMO_SERVER_NAME, G_MAXUINT16, port);
      return EXIT_USAGE;
    }

  if (!parse_latency (&latency_ms, &error))
    {
      g_printerr ("%s: %s\n", DEMO_SERVER_NAME, error->message);
      return EXIT_USAGE;
    }

  if (data_dir == NULL)
    data_dir = g_steal_pointer (&default_dir);

  if (g_mkdir_with_parents (data_dir, 0700) != 0)
    {
      int errsv = errno;

      g_printerr ("%s: could not create the data directory “%s”: %s\n",
                  DEMO_SERVER_NAME, data_dir, g_strerror (errsv));
      return EXIT_FAILURE;
    }

  db_path = g_build_filename (data_dir, "state.sqlite3", NULL);

  store = msi_demo_store_open (db_path, &error);
  if (store == NULL)
    {
      g_printerr ("%s: %s\n", DEMO_SERVER_NAME, error->message);
      return EXIT_FAILURE;
    }

  if (reset && !msi_demo_store_reset (store, &error))
    {
      g_printerr ("%s: %s\n", DEMO_SERVER_NAME, error->message);
      return EXIT_FAILURE;
    }

  server = msi_demo_server_new (store);
  msi_demo_server_set_latency_ms (server, latency_ms);

  if (!parse_auth_env (server, &error))
    {
      g_printerr ("%s: %s\n", DEMO_SERVER_NAME, error->message);
      return EXIT_USAGE;
    }

  if (!msi_demo_server_listen (server, (guint16)port, &error))
    {
      g_printerr ("%s: %s\n", DEMO_SERVER_NAME, error->message);
      return EXIT_FAILURE;
    }

  loop = g_main_loop_new (NULL, FALSE);
  sigterm_id = g_unix_signal_add (SIGTERM, on_quit_signal, loop);
  sigint_id = g_unix_signal_add (SIGINT, on_quit_signal, loop);

  input = g_unix_input_stream_new (STDIN_FILENO, FALSE);
  cancellable = g_cancellable_new ();
  watch.loop = loop;
  watch.input = input;
  watch.cancellable = cancellable;
  stdin_watch_read (&watch);

  base_uri = msi_demo_server_dup_base_uri (server);

  if (latency_ms > 0)
    g_message ("Delaying every reply by %u ms", latency_ms);
  g_message ("Serving “%s” at %s", db_path, base_uri);

  if (printf ("READY %s\n", base_uri) < 0 || fflush (stdout) != 0)
    {
      int errsv = errno;

      g_printerr ("%s: could not write to standard output: %s\n",
                  DEMO_SERVER_NAME, g_strerror (errsv));
      return EXIT_FAILURE;
    }

  g_main_loop_run (loop);

  /* Let the pending stdin read finish so nothing is left behind. */
  g_cancellable_cancel (cancellable);
  while (watch.read_pending)
    g_main_context_iteration (NULL, TRUE);

  g_source_remove (sigterm_id);
  g_source_remove (sigint_id);

  msi_demo_server_shutdown (server);
  g_clear_object (&server);
  g_clear_object (&store);

  g_message ("Stopped");

  return EXIT_SUCCESS;
}
