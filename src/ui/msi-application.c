/* SPDX-License-Identifier: GPL-3.0-or-later */
/* msi-application.c: the application: profiles, the demo server, windows */

#define G_LOG_DOMAIN "msi-application"

#include "config.h"

#include <glib/gi18n.h>

#include "msi-application.h"
#include "msi-demo-mailbox.h"
#include "msi-demo-process.h"
#include "msi-invitation-link.h"
#include "msi-onboarding-assistant.h"
#include "msi-redact.h"
#include "msi-preferences-window.h"
#include "msi-resources.h"
#include "msi-window.h"

#define PROFILE_SCHEMA_ID "io.github.msiactions.Setup.Profile"
#define PROFILE_PATH_FORMAT "/io/github/msiactions/Setup/profiles/%s/"

struct _MsiApplication
{
  AdwApplication  parent_instance;

  GSettings      *settings;
  MsiProfile     *profile;
  MsiDemoProcess *demo;
  MsiTokenStore  *token_store;
  MsiActionsAuth *auth;
  MsiSalesforceClient *salesforce;
  MsiScimClient  *scim;
  MsiImportJournal *journal;
  GPtrArray      *journal_waiting;   /* GTask: callers of get_journal_async while it opens */
  GCancellable   *cancellable;
  char           *error_message;
  MsiAppState     state;
};

enum {
  PROP_0,
  PROP_PROFILE,
  PROP_STATE,
  PROP_ERROR_MESSAGE,
  PROP_AUTH,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (MsiApplication, msi_application, ADW_TYPE_APPLICATION)

static void ensure_profile (MsiApplication *self);

static const GOptionEntry option_entries[] = {
  { "demo", 0, 0, G_OPTION_ARG_NONE, NULL,
    N_("Use the demo profile: a local server with sample data stands in for every service"), NULL },
  { "version", 0, 0, G_OPTION_ARG_NONE, NULL,
    N_("Show the version and exit"), NULL },
  /* Handled in main() before the application starts (no display, no
   * D-Bus); listed here for --help. */
  { "check-csv", 0, 0, G_OPTION_ARG_FILENAME, NULL,
    N_("Check a CSV file of people to invite and print the plan: exit status 0 when every row is ready, 1 when some are not, 2 when the file cannot be read"),
    N_("FILE") },
  { "json", 0, 0, G_OPTION_ARG_NONE, NULL,
    N_("With --check-csv, print the plan as JSON"), NULL },
  /* The welcome mail's Get started link, as the desktop passes it. */
  { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_STRING_ARRAY, NULL,
    NULL, N_("[LINK…]") },
  { NULL }
};

MsiApplication *
msi_application_new (void)
{
  return g_object_new (MSI_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", G_APPLICATION_HANDLES_COMMAND_LINE | G_APPLICATION_HANDLES_OPEN,
                       "resource-base-path", RESOURCE_BASE,
                       NULL);
}

static void
salesforce_restore_cb (GObject      *object,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (!msi_salesforce_client_restore_finish (MSI_SALESFORCE_CLIENT (object), result, &error) && error != NULL)
    g_debug ("Could not restore the Salesforce sign-in: %s", error->message);
}

static void
restore_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (!msi_actions_auth_restore_finish (MSI_ACTIONS_AUTH (object), result, &error) && error != NULL)
    g_debug ("Could not restore the sign-in: %s", error->message);
}

/* A new profile gets its own sign-in, restored from the last run. */
static void
replace_auth (MsiApplication *self)
{
  g_clear_object (&self->scim);
  g_clear_object (&self->auth);
  g_clear_object (&self->salesforce);

  if (self->profile != NULL)
    {
      g_autoptr(GSettings) profile_settings = NULL;

      profile_settings = msi_application_dup_profile_settings (self, msi_profile_get_id (self->profile));
      self->auth = msi_actions_auth_new (self->profile, self->token_store, profile_settings, NULL);
      msi_actions_auth_restore_async (self->auth, self->cancellable, restore_cb, NULL);
      self->scim = msi_scim_client_new (self->auth);
      self->salesforce = msi_salesforce_client_new (self->profile, self->token_store, profile_settings, NULL);
      msi_salesforce_client_restore_async (self->salesforce, self->cancellable, salesforce_restore_cb, NULL);
    }

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_AUTH]);
}

/* The demo mailbox exists in demo mode only. */
static void
update_actions (MsiApplication *self)
{
  GAction *mailbox = g_action_map_lookup_action (G_ACTION_MAP (self), "demo-mailbox");

  if (mailbox != NULL)
    g_simple_action_set_enabled (G_SIMPLE_ACTION (mailbox),
                                 self->state == MSI_APP_STATE_READY &&
                                 self->profile != NULL && msi_profile_is_demo (self->profile));
}

static void
set_state (MsiApplication *self,
           MsiAppState     state,
           MsiProfile     *profile,
           const char     *error_message)
{
  g_object_freeze_notify (G_OBJECT (self));

  if (g_set_object (&self->profile, profile))
    {
      replace_auth (self);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROFILE]);
    }

  if (g_strcmp0 (self->error_message, error_message) != 0)
    {
      g_free (self->error_message);
      self->error_message = g_strdup (error_message);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERROR_MESSAGE]);
    }

  if (self->state != state)
    {
      self->state = state;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
    }

  update_actions (self);
  g_object_thaw_notify (G_OBJECT (self));
}

static void
demo_exited_cb (MsiApplication *self,
                gboolean        success,
                MsiDemoProcess *demo)
{
  if (self->profile == NULL || !msi_profile_is_demo (self->profile))
    return;

  set_state (self, MSI_APP_STATE_FAILED, NULL,
             _("The demo server stopped unexpectedly. Start it again to go on with the demo."));
}

static void
demo_started_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(MsiApplication) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(MsiProfile) profile = NULL;
  g_autofree char *base_url = NULL;

  base_url = msi_demo_process_start_finish (MSI_DEMO_PROCESS (object), result, &error);
  if (base_url == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        set_state (self, MSI_APP_STATE_FAILED, NULL, error->message);
      return;
    }

  profile = msi_profile_new_demo (base_url);
  set_state (self, MSI_APP_STATE_READY, profile, NULL);
}

/**
 * msi_application_use_demo:
 *
 * Starts the demo server when it does not run yet, then makes the demo
 * profile active. The choice is remembered for the next start.
 */
void
msi_application_use_demo (MsiApplication *self)
{
  g_return_if_fail (MSI_IS_APPLICATION (self));

  g_settings_set_string (self->settings, "active-profile", MSI_PROFILE_DEMO_ID);

  if (self->demo != NULL && msi_demo_process_is_running (self->demo))
    {
      g_autoptr(MsiProfile) profile = msi_profile_new_demo (msi_demo_process_get_base_url (self->demo));

      if (self->profile == NULL || !msi_profile_is_demo (self->profile))
        set_state (self, MSI_APP_STATE_READY, profile, NULL);
      return;
    }

  if (self->demo == NULL)
    {
      g_autofree char *data_dir = g_build_filename (g_get_user_data_dir (), PACKAGE_NAME, "demo", NULL);

      self->demo = msi_demo_process_new (NULL, data_dir);
      g_signal_connect_object (self->demo, "exited",
                               G_CALLBACK (demo_exited_cb), self,
                               G_CONNECT_SWAPPED);
    }

  set_state (self, MSI_APP_STATE_STARTING, NULL, NULL);
  msi_demo_process_start_async (self->demo, self->cancellable,
                                demo_started_cb, g_object_ref (self));
}

GSettings *
msi_application_dup_profile_settings (MsiApplication *self,
                                      const char     *profile_id)
{
  g_autofree char *path = NULL;

  g_return_val_if_fail (MSI_IS_APPLICATION (self), NULL);
  g_return_val_if_fail (profile_id != NULL, NULL);

  path = g_strdup_printf (PROFILE_PATH_FORMAT, profile_id);

  return g_settings_new_with_path (PROFILE_SCHEMA_ID, path);
}

/**
 * msi_application_use_profile:
 * @profile_id: "demo" or the ID of a custom profile
 */
void
msi_application_use_profile (MsiApplication *self,
                             const char     *profile_id)
{
  g_autoptr(GSettings) profile_settings = NULL;
  g_autoptr(MsiProfile) profile = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) known = NULL;

  g_return_if_fail (MSI_IS_APPLICATION (self));
  g_return_if_fail (profile_id != NULL);

  if (g_str_equal (profile_id, MSI_PROFILE_DEMO_ID))
    {
      msi_application_use_demo (self);
      return;
    }

  known = g_settings_get_strv (self->settings, "profiles");
  if (!g_strv_contains ((const char * const *)known, profile_id))
    {
      set_state (self, MSI_APP_STATE_NO_PROFILE, NULL, NULL);
      return;
    }

  profile_settings = msi_application_dup_profile_settings (self, profile_id);
  profile = msi_profile_new_from_settings (profile_id, profile_settings);
  if (!msi_profile_validate (profile, NULL, &error))
    {
      g_autofree char *message = g_strdup_printf (_("The profile “%s” cannot be used: %s"),
                                                  msi_profile_get_name (profile),
                                                  error->message);

      set_state (self, MSI_APP_STATE_FAILED, NULL, message);
      return;
    }

  g_settings_set_string (self->settings, "active-profile", profile_id);
  set_state (self, MSI_APP_STATE_READY, profile, NULL);

  /* A real profile does not need the demo server. */
  if (self->demo != NULL)
    msi_demo_process_stop (self->demo);
}

GSettings *
msi_application_get_settings (MsiApplication *self)
{
  g_return_val_if_fail (MSI_IS_APPLICATION (self), NULL);

  return self->settings;
}

MsiProfile *
msi_application_get_profile (MsiApplication *self)
{
  g_return_val_if_fail (MSI_IS_APPLICATION (self), NULL);

  return self->profile;
}

MsiAppState
msi_application_get_state (MsiApplication *self)
{
  g_return_val_if_fail (MSI_IS_APPLICATION (self), MSI_APP_STATE_NO_PROFILE);

  return self->state;
}

/**
 * msi_application_get_auth:
 *
 * Returns: (transfer none) (nullable): the sign-in to the Sales account of
 *   the active profile.
 */
MsiActionsAuth *
msi_application_get_auth (MsiApplication *self)
{
  g_return_val_if_fail (MSI_IS_APPLICATION (self), NULL);

  return self->auth;
}

/**
 * msi_application_get_salesforce:
 *
 * Returns: (transfer none) (nullable): the app's own Salesforce sign-in
 *   of the active profile, for the admin checks
 */
MsiSalesforceClient *
msi_application_get_salesforce (MsiApplication *self)
{
  g_return_val_if_fail (MSI_IS_APPLICATION (self), NULL);

  return self->salesforce;
}

/**
 * msi_application_get_scim_client:
 *
 * Returns: (transfer none) (nullable): the users, invitations and teams of
 *   the active profile's Sales account, through its sign-in
 */
MsiScimClient *
msi_application_get_scim_client (MsiApplication *self)
{
  g_return_val_if_fail (MSI_IS_APPLICATION (self), NULL);

  return self->scim;
}

static void
open_journal_thread (GTask        *task,
                     gpointer      source_object,
                     gpointer      task_data,
                     GCancellable *cancellable)
{
  MsiImportJournal *journal;
  GError *error = NULL;

  journal = msi_import_journal_open (NULL, &error);
  if (journal == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, journal, g_object_unref);
}

static void
journal_opened_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  MsiApplication *self = MSI_APPLICATION (object);
  g_autoptr(GPtrArray) waiting = g_steal_pointer (&self->journal_waiting);
  g_autoptr(MsiImportJournal) journal = NULL;
  g_autoptr(GError) error = NULL;

  journal = g_task_propagate_pointer (G_TASK (result), &error);
  if (journal != NULL)
    g_set_object (&self->journal, journal);
  else
    g_debug ("Could not open the import journal: %s", error->message);

  for (guint i = 0; waiting != NULL && i < waiting->len; i++)
    {
      GTask *task = g_ptr_array_index (waiting, i);

      if (journal != NULL)
        g_task_return_pointer (task, g_object_ref (journal), g_object_unref);
      else
        g_task_return_error (task, g_error_copy (error));
    }
}

/**
 * msi_application_get_journal_async:
 *
 * The record of CSV imports (one SQLite file in the user's data
 * directory; each import names its profile), opened in a worker thread
 * the first time it is asked for.
 */
void
msi_application_get_journal_async (MsiApplication      *self,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (MSI_IS_APPLICATION (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, msi_application_get_journal_async);

  if (self->journal != NULL)
    {
      g_task_return_pointer (task, g_object_ref (self->journal), g_object_unref);
      return;
    }

  if (self->journal_waiting == NULL)
    {
      g_autoptr(GTask) open = g_task_new (self, NULL, journal_opened_cb, NULL);

      self->journal_waiting = g_ptr_array_new_with_free_func (g_object_unref);
      g_task_set_source_tag (open, open_journal_thread);
      g_task_run_in_thread (open, open_journal_thread);
    }

  g_ptr_array_add (self->journal_waiting, g_steal_pointer (&task));
}

MsiImportJournal *
msi_application_get_journal_finish (MsiApplication  *self,
                                    GAsyncResult    *result,
                                    GError         **error)
{
  g_return_val_if_fail (MSI_IS_APPLICATION (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

MsiTokenStore *
msi_application_get_token_store (MsiApplication *self)
{
  g_return_val_if_fail (MSI_IS_APPLICATION (self), NULL);

  return self->token_store;
}

const char *
msi_application_get_error_message (MsiApplication *self)
{
  g_return_val_if_fail (MSI_IS_APPLICATION (self), NULL);

  return self->error_message;
}

/* --- actions -------------------------------------------------------------- */

static void
present_preferences (MsiApplication *self,
                     gboolean        custom_profile)
{
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (self));
  MsiPreferencesWindow *preferences;

  preferences = msi_preferences_window_new (self);
  if (parent != NULL)
    gtk_window_set_transient_for (GTK_WINDOW (preferences), parent);
  if (custom_profile)
    msi_preferences_window_focus_custom_profile (preferences);
  gtk_window_present (GTK_WINDOW (preferences));
}

static void
preferences_action (GSimpleAction *action,
                    GVariant      *param,
                    gpointer       user_data)
{
  present_preferences (MSI_APPLICATION (user_data), FALSE);
}

static void
setup_profile_action (GSimpleAction *action,
                      GVariant      *param,
                      gpointer       user_data)
{
  present_preferences (MSI_APPLICATION (user_data), TRUE);
}

static void
try_demo_action (GSimpleAction *action,
                 GVariant      *param,
                 gpointer       user_data)
{
  msi_application_use_demo (MSI_APPLICATION (user_data));
}

static void
retry_action (GSimpleAction *action,
              GVariant      *param,
              gpointer       user_data)
{
  MsiApplication *self = MSI_APPLICATION (user_data);
  g_autofree char *active = g_settings_get_string (self->settings, "active-profile");

  if (*active == '\0')
    set_state (self, MSI_APP_STATE_NO_PROFILE, NULL, NULL);
  else
    msi_application_use_profile (self, active);
}

static void
about_action (GSimpleAction *action,
              GVariant      *param,
              gpointer       user_data)
{
  MsiApplication *self = MSI_APPLICATION (user_data);
  static const char *developers[] = { N_("The MSI Actions Setup developers"), NULL };
  const char *translated_developers[G_N_ELEMENTS (developers)] = { NULL };
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (self));
  GtkWidget *about;

  for (guint i = 0; developers[i]; i++)
    translated_developers[i] = _(developers[i]);

  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  about = g_object_new (ADW_TYPE_ABOUT_WINDOW,
                        "transient-for", parent,
                        "application-icon", APP_ID,
                        "application-name", _("MSI Actions Setup"),
                        "developer-name", _("The MSI Actions Setup developers"),
                        "version", PACKAGE_VERSION,
                        "website", "https://github.com/msiactions/msi-actions-setup",
                        "issue-url", "https://github.com/msiactions/msi-actions-setup/issues",
                        "license-type", GTK_LICENSE_GPL_3_0,
                        "copyright", _("© 2026 The MSI Actions Setup developers"),
                        "comments", _("Set up Marketo Sales Insight Actions for your team and onboard sales reps, from one desktop app."),
                        "developers", translated_developers,
                        /* TRANSLATORS: your name and e-mail, one translator per line */
                        "translator-credits", _("translator-credits"),
                        NULL);
  G_GNUC_END_IGNORE_DEPRECATIONS

  gtk_window_present (GTK_WINDOW (about));
}

static void
quit_action (GSimpleAction *action,
             GVariant      *param,
             gpointer       user_data)
{
  MsiApplication *self = MSI_APPLICATION (user_data);
  g_autoptr(GList) windows = g_list_copy (gtk_application_get_windows (GTK_APPLICATION (self)));

  /* Closing each window lets it save its size first. */
  for (GList *iter = windows; iter; iter = iter->next)
    gtk_window_close (iter->data);
}

/* --- windows and the onboarding ------------------------------------------ */

static MsiOnboardingAssistant *
find_assistant (MsiApplication *self)
{
  for (GList *iter = gtk_application_get_windows (GTK_APPLICATION (self)); iter; iter = iter->next)
    if (MSI_IS_ONBOARDING_ASSISTANT (iter->data))
      return iter->data;

  return NULL;
}

static MsiWindow *
find_main_window (MsiApplication *self)
{
  for (GList *iter = gtk_application_get_windows (GTK_APPLICATION (self)); iter; iter = iter->next)
    if (MSI_IS_WINDOW (iter->data))
      return iter->data;

  return NULL;
}

static MsiOnboardingAssistant *
ensure_assistant (MsiApplication *self)
{
  MsiOnboardingAssistant *assistant = find_assistant (self);

  if (assistant == NULL)
    assistant = msi_onboarding_assistant_new (self);

  return assistant;
}

static MsiWindow *
show_main_window (MsiApplication *self)
{
  MsiWindow *window = find_main_window (self);

  /* What the onboarding changed meanwhile shows in a window that was
   * open behind it. */
  if (window != NULL)
    gtk_widget_activate_action (GTK_WIDGET (window), "win.reload", NULL);
  else
    window = msi_window_new (self);
  gtk_window_present (GTK_WINDOW (window));

  return window;
}

/**
 * msi_application_open_invitation:
 * @uri: the welcome mail's Get started link, as given
 *
 * Opens the onboarding assistant for @uri (one assistant per
 * application: a second link goes to the same window).
 */
void
msi_application_open_invitation (MsiApplication *self,
                                 const char     *uri)
{
  MsiOnboardingAssistant *assistant;

  g_return_if_fail (MSI_IS_APPLICATION (self));
  g_return_if_fail (uri != NULL);

  assistant = ensure_assistant (self);
  msi_onboarding_assistant_open_link (assistant, uri);
  gtk_window_present (GTK_WINDOW (assistant));
}

/**
 * msi_application_continue_onboarding:
 *
 * Opens the assistant where the signed-in rep's onboarding stopped.
 */
void
msi_application_continue_onboarding (MsiApplication *self)
{
  MsiOnboardingAssistant *assistant;

  g_return_if_fail (MSI_IS_APPLICATION (self));

  assistant = ensure_assistant (self);
  msi_onboarding_assistant_resume (assistant);
  gtk_window_present (GTK_WINDOW (assistant));
}

/* Whether this computer noted an onboarding that is not finished for the
 * active profile, by an account that is still signed in here. */
static gboolean
onboarding_in_progress (MsiApplication *self)
{
  g_autofree char *active = g_settings_get_string (self->settings, "active-profile");
  g_autoptr(GSettings) profile_settings = NULL;
  g_autofree char *step = NULL;
  g_autofree char *account = NULL;

  if (*active == '\0')
    return FALSE;

  profile_settings = msi_application_dup_profile_settings (self, active);
  step = g_settings_get_string (profile_settings, "onboarding-step");
  account = g_settings_get_string (profile_settings, "actions-account");

  return *account != '\0' && *step != '\0' &&
         !g_str_equal (step, msi_onboarding_step_to_id (MSI_ONBOARDING_STEP_DONE));
}

static void
show_main_window_action (GSimpleAction *action,
                         GVariant      *param,
                         gpointer       user_data)
{
  show_main_window (MSI_APPLICATION (user_data));
}

static void
sign_in_action (GSimpleAction *action,
                GVariant      *param,
                gpointer       user_data)
{
  MsiWindow *window = show_main_window (MSI_APPLICATION (user_data));

  gtk_widget_activate_action (GTK_WIDGET (window), "win.sign-in", NULL);
}

static void
continue_onboarding_action (GSimpleAction *action,
                            GVariant      *param,
                            gpointer       user_data)
{
  msi_application_continue_onboarding (MSI_APPLICATION (user_data));
}

static void
demo_mailbox_action (GSimpleAction *action,
                     GVariant      *param,
                     gpointer       user_data)
{
  MsiApplication *self = MSI_APPLICATION (user_data);
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (self));
  MsiDemoMailbox *mailbox;

  for (GList *iter = gtk_application_get_windows (GTK_APPLICATION (self)); iter; iter = iter->next)
    if (MSI_IS_DEMO_MAILBOX (iter->data))
      {
        msi_demo_mailbox_reload (iter->data);
        gtk_window_present (iter->data);
        return;
      }

  mailbox = msi_demo_mailbox_new (self);
  if (parent != NULL)
    gtk_window_set_transient_for (GTK_WINDOW (mailbox), parent);
  gtk_window_present (GTK_WINDOW (mailbox));
}

static const GActionEntry app_actions[] = {
  { "preferences", preferences_action },
  { "show-main-window", show_main_window_action },
  { "sign-in", sign_in_action },
  { "continue-onboarding", continue_onboarding_action },
  { "demo-mailbox", demo_mailbox_action },
  { "setup-profile", setup_profile_action },
  { "try-demo", try_demo_action },
  { "retry-profile", retry_action },
  { "about", about_action },
  { "quit", quit_action },
};

/* --- GApplication ---------------------------------------------------------- */

static gint
msi_application_handle_local_options (GApplication *application,
                                      GVariantDict *options)
{
  if (g_variant_dict_contains (options, "version"))
    {
      g_print ("%s %s\n", PACKAGE_NAME, PACKAGE_VERSION);
      return 0;
    }
  if (g_variant_dict_contains (options, "check-csv") || g_variant_dict_contains (options, "json"))
    {
      /* main() runs --check-csv itself; here only a stray --json. */
      g_printerr (_("--json goes with --check-csv FILE.\n"));
      return 2;
    }

  return -1;
}

static void
msi_application_startup (GApplication *application)
{
  MsiApplication *self = MSI_APPLICATION (application);
  static const char *quit_accels[] = { "<Control>q", NULL };
  static const char *preferences_accels[] = { "<Control>comma", NULL };
  static const char *reload_accels[] = { "F5", "<Control>r", NULL };
  static const char *close_accels[] = { "<Control>w", NULL };
  static const char *sidebar_accels[] = { "F9", NULL };

  static gsize registered;

  if (g_once_init_enter (&registered))
    {
      msi_register_resource ();
      g_once_init_leave (&registered, 1);
    }

  G_APPLICATION_CLASS (msi_application_parent_class)->startup (application);

  /* No debug message may carry a token, code or password, even by mistake. */
  msi_redact_install_log_handler ();

  self->settings = g_settings_new ("io.github.msiactions.Setup");

  g_action_map_add_action_entries (G_ACTION_MAP (self), app_actions,
                                   G_N_ELEMENTS (app_actions), self);
  update_actions (self);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.quit", quit_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.preferences", preferences_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "win.reload", reload_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "window.close", close_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "win.show-sidebar", sidebar_accels);
}

static void
msi_application_activate (GApplication *application)
{
  MsiApplication *self = MSI_APPLICATION (application);
  MsiOnboardingAssistant *assistant = find_assistant (self);

  /* An onboarding under way comes first: opening the app again resumes it. */
  if (assistant != NULL)
    {
      gtk_window_present (GTK_WINDOW (assistant));
      return;
    }

  if (find_main_window (self) == NULL && onboarding_in_progress (self))
    {
      msi_application_continue_onboarding (self);
      return;
    }

  show_main_window (self);
}

/* The desktop (or the demo mailbox) opens a Get started link. */
static void
msi_application_open (GApplication  *application,
                      GFile        **files,
                      int            n_files,
                      const char    *hint)
{
  MsiApplication *self = MSI_APPLICATION (application);

  ensure_profile (self);
  for (int i = 0; i < n_files; i++)
    {
      g_autofree char *uri = g_file_get_uri (files[i]);

      msi_application_open_invitation (self, uri);
    }
}

/* The remembered profile, on the first start of this process. */
static void
ensure_profile (MsiApplication *self)
{
  g_autofree char *active = NULL;

  if (self->state != MSI_APP_STATE_NO_PROFILE)
    return;

  active = g_settings_get_string (self->settings, "active-profile");
  if (*active != '\0')
    msi_application_use_profile (self, active);
}

static int
msi_application_command_line (GApplication            *application,
                              GApplicationCommandLine *command_line)
{
  MsiApplication *self = MSI_APPLICATION (application);
  GVariantDict *options = g_application_command_line_get_options_dict (command_line);

  g_autofree const char **links = NULL;

  if (g_variant_dict_contains (options, "demo"))
    msi_application_use_demo (self);
  else
    ensure_profile (self);

  /* Links given on the command line (the desktop's Exec=… %U). */
  if (g_variant_dict_lookup (options, G_OPTION_REMAINING, "^a&s", &links) && links[0] != NULL)
    {
      for (guint i = 0; links[i] != NULL; i++)
        msi_application_open_invitation (self, links[i]);
      return 0;
    }

  g_application_activate (application);

  return 0;
}

static void
msi_application_shutdown (GApplication *application)
{
  MsiApplication *self = MSI_APPLICATION (application);

  g_cancellable_cancel (self->cancellable);
  if (self->demo != NULL)
    msi_demo_process_stop (self->demo);

  G_APPLICATION_CLASS (msi_application_parent_class)->shutdown (application);
}

static void
msi_application_dispose (GObject *object)
{
  MsiApplication *self = (MsiApplication *)object;

  g_clear_object (&self->demo);
  g_clear_object (&self->scim);
  g_clear_object (&self->journal);
  g_clear_object (&self->auth);
  g_clear_object (&self->salesforce);
  g_clear_object (&self->token_store);
  g_clear_object (&self->profile);
  g_clear_object (&self->settings);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->error_message, g_free);

  G_OBJECT_CLASS (msi_application_parent_class)->dispose (object);
}

static void
msi_application_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  MsiApplication *self = MSI_APPLICATION (object);

  switch (prop_id)
    {
    case PROP_PROFILE:
      g_value_set_object (value, self->profile);
      break;

    case PROP_STATE:
      g_value_set_uint (value, self->state);
      break;

    case PROP_ERROR_MESSAGE:
      g_value_set_string (value, self->error_message);
      break;

    case PROP_AUTH:
      g_value_set_object (value, self->auth);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
msi_application_class_init (MsiApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->dispose = msi_application_dispose;
  object_class->get_property = msi_application_get_property;

  app_class->handle_local_options = msi_application_handle_local_options;
  app_class->startup = msi_application_startup;
  app_class->activate = msi_application_activate;
  app_class->open = msi_application_open;
  app_class->command_line = msi_application_command_line;
  app_class->shutdown = msi_application_shutdown;

  properties[PROP_PROFILE] =
    g_param_spec_object ("profile", NULL, NULL,
                         MSI_TYPE_PROFILE,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_STATE] =
    g_param_spec_uint ("state", NULL, NULL,
                       MSI_APP_STATE_NO_PROFILE, MSI_APP_STATE_FAILED, MSI_APP_STATE_NO_PROFILE,
                       (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_ERROR_MESSAGE] =
    g_param_spec_string ("error-message", NULL, NULL, NULL,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_AUTH] =
    g_param_spec_object ("auth", NULL, NULL,
                         MSI_TYPE_ACTIONS_AUTH,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
msi_application_init (MsiApplication *self)
{
  self->cancellable = g_cancellable_new ();
  self->state = MSI_APP_STATE_NO_PROFILE;
  self->token_store = msi_token_store_new ();

  g_application_add_main_option_entries (G_APPLICATION (self), option_entries);
  g_application_set_option_context_summary (G_APPLICATION (self),
                                            _("Set up Marketo Sales Insight Actions and onboard sales reps."));
}
