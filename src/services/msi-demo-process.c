/* SPDX-License-Identifier: GPL-3.0-or-later */
/* msi-demo-process.c: starts and ends the demo server for the demo profile */

#define G_LOG_DOMAIN "msi-demo-process"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <signal.h>

#include "msi-demo-process.h"

/* The demo server seeds its database on first start: give it time. */
#define START_TIMEOUT_SECONDS 20
#define READY_PREFIX "READY "

struct _MsiDemoProcess
{
  GObject      parent_instance;

  char        *server_path;
  char        *data_dir;
  GSubprocess *subprocess;
  char        *base_url;
  gboolean     exited;
};

enum {
  PROP_0,
  PROP_BASE_URL,
  PROP_RUNNING,
  N_PROPS
};

enum {
  EXITED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (MsiDemoProcess, msi_demo_process, G_TYPE_OBJECT)
G_DEFINE_QUARK (msi-demo-process-error-quark, msi_demo_process_error)

typedef struct
{
  GDataInputStream *stdout_stream;
  guint             timeout_id;
} Start;

static void
start_free (Start *start)
{
  g_clear_handle_id (&start->timeout_id, g_source_remove);
  g_clear_object (&start->stdout_stream);
  g_free (start);
}

/**
 * msi_demo_process_find_server:
 *
 * Returns: (transfer full): the demo server to run: $MSI_DEMO_SERVER (set
 *   by `meson devenv` and the tests to the build tree's binary), else the
 *   installed one in libexecdir.
 */
char *
msi_demo_process_find_server (void)
{
  const char *env = g_getenv ("MSI_DEMO_SERVER");

  if (env != NULL && *env != '\0')
    return g_strdup (env);

  return g_build_filename (LIBEXECDIR, DEMO_SERVER_NAME, NULL);
}

static void
msi_demo_process_dispose (GObject *object)
{
  MsiDemoProcess *self = (MsiDemoProcess *)object;

  msi_demo_process_stop (self);
  g_clear_object (&self->subprocess);

  G_OBJECT_CLASS (msi_demo_process_parent_class)->dispose (object);
}

static void
msi_demo_process_finalize (GObject *object)
{
  MsiDemoProcess *self = (MsiDemoProcess *)object;

  g_clear_pointer (&self->server_path, g_free);
  g_clear_pointer (&self->data_dir, g_free);
  g_clear_pointer (&self->base_url, g_free);

  G_OBJECT_CLASS (msi_demo_process_parent_class)->finalize (object);
}

static void
msi_demo_process_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  MsiDemoProcess *self = MSI_DEMO_PROCESS (object);

  switch (prop_id)
    {
    case PROP_BASE_URL:
      g_value_set_string (value, self->base_url);
      break;

    case PROP_RUNNING:
      g_value_set_boolean (value, msi_demo_process_is_running (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
msi_demo_process_class_init (MsiDemoProcessClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = msi_demo_process_dispose;
  object_class->finalize = msi_demo_process_finalize;
  object_class->get_property = msi_demo_process_get_property;

  properties[PROP_BASE_URL] =
    g_param_spec_string ("base-url", NULL, NULL, NULL,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_RUNNING] =
    g_param_spec_boolean ("running", NULL, NULL, FALSE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * MsiDemoProcess::exited:
   * @success: whether it exited with status 0
   *
   * The server ended on its own after it was ready.
   */
  signals[EXITED] =
    g_signal_new ("exited",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_BOOLEAN);
}

static void
msi_demo_process_init (MsiDemoProcess *self)
{
}

/**
 * msi_demo_process_new:
 * @server_path: (nullable): the server binary, or %NULL to find it
 * @data_dir: (nullable): where the server keeps its state, or %NULL for
 *   its default ($XDG_DATA_HOME/msi-actions-setup/demo)
 */
MsiDemoProcess *
msi_demo_process_new (const char *server_path,
                      const char *data_dir)
{
  MsiDemoProcess *self = g_object_new (MSI_TYPE_DEMO_PROCESS, NULL);

  self->server_path = server_path ? g_strdup (server_path) : msi_demo_process_find_server ();
  self->data_dir = g_strdup (data_dir);

  return self;
}

static void
wait_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(MsiDemoProcess) self = user_data;
  GSubprocess *subprocess = G_SUBPROCESS (object);
  gboolean success;

  if (!g_subprocess_wait_finish (subprocess, result, NULL))
    return;

  if (subprocess != self->subprocess)
    return;

  success = g_subprocess_get_if_exited (subprocess) && g_subprocess_get_exit_status (subprocess) == 0;
  g_debug ("Demo server exited (%s)", success ? "ok" : "failed");

  /* Ended by msi_demo_process_stop(): nothing to tell. */
  if (self->exited)
    return;

  self->exited = TRUE;

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);
  if (self->base_url != NULL)
    g_signal_emit (self, signals[EXITED], 0, success);
}

static gboolean
start_timeout_cb (gpointer user_data)
{
  GTask *task = user_data;
  Start *start = g_task_get_task_data (task);

  start->timeout_id = 0;
  g_task_return_new_error (task, MSI_DEMO_PROCESS_ERROR, MSI_DEMO_PROCESS_ERROR_TIMEOUT,
                           _("The demo server did not start within %d seconds."),
                           START_TIMEOUT_SECONDS);
  /* The pending read still holds the task; stopping the process ends it. */
  msi_demo_process_stop (g_task_get_source_object (task));

  return G_SOURCE_REMOVE;
}

static void
read_line_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  MsiDemoProcess *self = g_task_get_source_object (task);
  Start *start = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autofree char *line = NULL;
  g_autoptr(GUri) uri = NULL;
  const char *url;

  line = g_data_input_stream_read_line_finish_utf8 (G_DATA_INPUT_STREAM (object), result, NULL, &error);

  if (g_task_get_completed (task) || g_task_had_error (task))
    return;
  g_clear_handle_id (&start->timeout_id, g_source_remove);

  if (line == NULL)
    {
      if (error != NULL && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_task_return_error (task, g_steal_pointer (&error));
      else
        g_task_return_new_error (task, MSI_DEMO_PROCESS_ERROR, MSI_DEMO_PROCESS_ERROR_FAILED,
                                 _("The demo server stopped before it was ready. Run it from a terminal to see why: %s"),
                                 self->server_path);
      msi_demo_process_stop (self);
      return;
    }

  url = line + strlen (READY_PREFIX);
  if (!g_str_has_prefix (line, READY_PREFIX) ||
      (uri = g_uri_parse (url, G_URI_FLAGS_NONE, NULL)) == NULL ||
      g_strcmp0 (g_uri_get_scheme (uri), "http") != 0 ||
      g_strcmp0 (g_uri_get_host (uri), "127.0.0.1") != 0)
    {
      g_task_return_new_error (task, MSI_DEMO_PROCESS_ERROR, MSI_DEMO_PROCESS_ERROR_FAILED,
                               _("The demo server said something unexpected instead of its address."));
      msi_demo_process_stop (self);
      return;
    }

  g_free (self->base_url);
  self->base_url = g_strdup (url);
  g_debug ("Demo server ready at %s", self->base_url);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BASE_URL]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);

  g_task_return_pointer (task, g_strdup (self->base_url), g_free);
}

void
msi_demo_process_start_async (MsiDemoProcess      *self,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GPtrArray) argv = NULL;
  g_autoptr(GError) error = NULL;
  Start *start;

  g_return_if_fail (MSI_IS_DEMO_PROCESS (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, msi_demo_process_start_async);

  if (msi_demo_process_is_running (self))
    {
      g_task_return_pointer (task, g_strdup (self->base_url), g_free);
      return;
    }

  if (!g_file_test (self->server_path, G_FILE_TEST_IS_EXECUTABLE))
    {
      g_task_return_new_error (task, MSI_DEMO_PROCESS_ERROR, MSI_DEMO_PROCESS_ERROR_NOT_FOUND,
                               _("The demo server is not installed (looked for %s)."),
                               self->server_path);
      return;
    }

  argv = g_ptr_array_new ();
  g_ptr_array_add (argv, self->server_path);
  if (self->data_dir != NULL)
    {
      g_ptr_array_add (argv, (char *)"--data-dir");
      g_ptr_array_add (argv, self->data_dir);
    }
  g_ptr_array_add (argv, NULL);

  /* stdin is a pipe that only closes when we go: the server exits on EOF,
   * also when this process is killed. */
  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_PIPE |
                                        G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_clear_object (&self->subprocess);
  g_clear_pointer (&self->base_url, g_free);
  self->exited = FALSE;
  self->subprocess = g_subprocess_launcher_spawnv (launcher,
                                                   (const char * const *)argv->pdata,
                                                   &error);
  if (self->subprocess == NULL)
    {
      g_task_return_new_error (task, MSI_DEMO_PROCESS_ERROR, MSI_DEMO_PROCESS_ERROR_FAILED,
                               _("Could not start the demo server: %s"), error->message);
      return;
    }

  g_subprocess_wait_async (self->subprocess, NULL, wait_cb, g_object_ref (self));

  start = g_new0 (Start, 1);
  start->stdout_stream = g_data_input_stream_new (g_subprocess_get_stdout_pipe (self->subprocess));
  start->timeout_id = g_timeout_add_seconds (START_TIMEOUT_SECONDS, start_timeout_cb, task);
  g_task_set_task_data (task, start, (GDestroyNotify)start_free);

  g_data_input_stream_read_line_async (start->stdout_stream,
                                       G_PRIORITY_DEFAULT,
                                       cancellable,
                                       read_line_cb,
                                       g_steal_pointer (&task));
}

/**
 * msi_demo_process_start_finish:
 *
 * Returns: (transfer full): the base URL of the running server.
 */
char *
msi_demo_process_start_finish (MsiDemoProcess  *self,
                               GAsyncResult    *result,
                               GError         **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

const char *
msi_demo_process_get_base_url (MsiDemoProcess *self)
{
  g_return_val_if_fail (MSI_IS_DEMO_PROCESS (self), NULL);

  return self->base_url;
}

gboolean
msi_demo_process_is_running (MsiDemoProcess *self)
{
  g_return_val_if_fail (MSI_IS_DEMO_PROCESS (self), FALSE);

  return self->subprocess != NULL && !self->exited && self->base_url != NULL;
}

/**
 * msi_demo_process_stop:
 *
 * Closes the server's stdin, which ends it, and sends SIGTERM in case it
 * is stuck. Does not wait.
 */
void
msi_demo_process_stop (MsiDemoProcess *self)
{
  GOutputStream *input;

  g_return_if_fail (MSI_IS_DEMO_PROCESS (self));

  if (self->subprocess == NULL || self->exited)
    return;

  input = g_subprocess_get_stdin_pipe (self->subprocess);
  if (input != NULL && !g_output_stream_is_closed (input))
    g_output_stream_close (input, NULL, NULL);
  g_subprocess_send_signal (self->subprocess, SIGTERM);
  self->exited = TRUE;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);
}
