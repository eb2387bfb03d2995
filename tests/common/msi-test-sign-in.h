/* SPDX-License-Identifier: GPL-3.0-or-later */
/* msi-test-sign-in.h: signing in to the demo Sales account in the e2e tests, through the real consent view */

#pragma once

#include "common/msi-test-ui.h"
#include "common/msi-test-consent.h"
#include "msi-consent-dialog.h"
#include "msi-setup-step.h"

static G_GNUC_UNUSED MsiActionsAuth *
current_auth (Run *run)
{
  return msi_application_get_auth (run->app);
}

static G_GNUC_UNUSED gboolean
signed_in (gpointer data)
{
  Run *run = data;
  MsiActionsAuth *auth = current_auth (run);

  return auth != NULL && msi_actions_auth_get_state (auth) == MSI_AUTH_STATE_SIGNED_IN;
}

static G_GNUC_UNUSED gboolean
sign_in_page_shown (gpointer data)
{
  Run *run = data;
  MsiActionsAuth *auth;

  if (run->window == NULL || g_strcmp0 (msi_window_get_visible_page (run->window), "main") != 0)
    return FALSE;
  auth = current_auth (run);
  return auth != NULL && msi_actions_auth_get_state (auth) == MSI_AUTH_STATE_SIGNED_OUT;
}

static G_GNUC_UNUSED MsiConsentDialog *
open_consent (Run *run)
{
  MsiConsentDialog *dialog = NULL;

  gtk_widget_activate_action (GTK_WIDGET (run->window), "win.sign-in", NULL);
  iterate_until (consent_shown, &dialog, 30);
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (dialog)) == GTK_WINDOW (run->window));
  return dialog;
}

static G_GNUC_UNUSED void
page_snapshot_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  const char *name = g_object_get_data (object, "msi-snapshot-name");
  g_autoptr(GdkTexture) texture = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  const char *dir = g_getenv ("MSI_TEST_LOG_DIR");

  texture = webkit_web_view_get_snapshot_finish (WEBKIT_WEB_VIEW (object), result, &error);
  g_assert_no_error (error);
  path = g_build_filename (dir ? dir : g_get_tmp_dir (), name, NULL);
  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_test_message ("Screenshot: %s", path);
  *(gboolean *)user_data = TRUE;
}

/* The web page itself: WebKit draws outside GTK's widget snapshot. */
static G_GNUC_UNUSED void
save_page_screenshot (MsiConsentDialog *dialog,
                      const char       *name)
{
  WebKitWebView *view = msi_consent_dialog_get_web_view (dialog);
  gboolean done = FALSE;

  g_object_set_data_full (G_OBJECT (view), "msi-snapshot-name", g_strdup (name), g_free);
  webkit_web_view_get_snapshot (view, WEBKIT_SNAPSHOT_REGION_VISIBLE, WEBKIT_SNAPSHOT_OPTIONS_NONE,
                                NULL, page_snapshot_cb, &done);
  iterate_until (flag_set, &done, 30);
}

static G_GNUC_UNUSED void
sign_in_with_password (Run        *run,
                       const char *user,
                       const char *password,
                       gboolean    screenshots)
{
  MsiConsentDialog *dialog = open_consent (run);
  gint64 start = g_get_monotonic_time ();

  wait_for_element (dialog, "password");
  if (screenshots)
    {
      settle (300);
      save_page_screenshot (dialog, "consent-sign-in.png");
    }
  fill (dialog, "username", user);
  fill (dialog, "password", password);
  click (dialog, "login");
  wait_for_element (dialog, "allow");
  if (screenshots)
    {
      settle (300);
      save_page_screenshot (dialog, "consent-allow.png");
    }
  start = g_get_monotonic_time ();
  click (dialog, "allow");
  iterate_until (signed_in, run, 60);
  g_test_message ("Allow → signed in: %.0f ms", (g_get_monotonic_time () - start) / 1000.0);
  iterate_until (no_consent_shown, NULL, 10);
}


static G_GNUC_UNUSED void
forget_demo_account (void)
{
  g_autoptr(GSettings) settings = g_settings_new_with_path ("io.github.msiactions.Setup.Profile",
                                                            "/io/github/msiactions/Setup/profiles/demo/");

  g_settings_reset (settings, "actions-account");
}


static G_GNUC_UNUSED void
forgotten_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (msi_consent_forget_sign_ins_finish (result, &error));
  g_assert_no_error (error);
  *(gboolean *)user_data = TRUE;
}

/* Preferences → Forget Sign-Ins: the next consent asks for a password. */
static G_GNUC_UNUSED void
forget_sign_ins (void)
{
  gboolean done = FALSE;

  msi_consent_forget_sign_ins_async (NULL, forgotten_cb, &done);
  iterate_until (flag_set, &done, 30);
}


static G_GNUC_UNUSED MsiSetupStep *
checklist_step (Run        *run,
                const char *id)
{
  GListModel *steps = msi_checklist_page_get_steps (MSI_CHECKLIST_PAGE (msi_window_get_checklist_page (run->window)));

  for (guint i = 0; steps && i < g_list_model_get_n_items (steps); i++)
    {
      g_autoptr(MsiSetupStep) step = g_list_model_get_item (steps, i);

      if (g_str_equal (msi_setup_step_get_id (step), id))
        return step; /* the model keeps it */
    }

  return NULL;
}

