/* SPDX-License-Identifier: GPL-3.0-or-later */
/* bench-sign-in.c: time from "Sign In" to signed in against the demo, and
 * the app's resident memory before, during and after a consent.
 * Run on demand: meson test --benchmark bench-sign-in */

#define G_LOG_DOMAIN "bench-sign-in"

#include "config.h"

#include <stdio.h>

#include "common/msi-test-consent.h"

static long
rss_kib (void)
{
  g_autofree char *status = NULL;
  const char *line;

  g_file_get_contents ("/proc/self/status", &status, NULL, NULL);
  line = status ? strstr (status, "VmRSS:") : NULL;
  return line ? strtol (line + 6, NULL, 10) : -1;
}

static gboolean
ready_to_sign_in (gpointer data)
{
  Run *run = data;
  MsiActionsAuth *auth = msi_application_get_auth (run->app);

  return run->window != NULL &&
         g_strcmp0 (msi_window_get_visible_page (run->window), "main") == 0 &&
         auth != NULL && msi_actions_auth_get_state (auth) == MSI_AUTH_STATE_SIGNED_OUT;
}

static gboolean
is_signed_in (gpointer data)
{
  Run *run = data;
  MsiActionsAuth *auth = msi_application_get_auth (run->app);

  return auth != NULL && msi_actions_auth_get_state (auth) == MSI_AUTH_STATE_SIGNED_IN;
}

static void
measure (gpointer data)
{
  Run *run = data;
  MsiConsentDialog *dialog = NULL;
  gint64 click_us, shown_us, signed_in_us, second_us;
  long before, during, after;

  iterate_until (ready_to_sign_in, run, 60);
  settle (500);
  before = rss_kib ();

  /* First sign-in: the sign-in page, a password, the consent page. */
  click_us = g_get_monotonic_time ();
  gtk_widget_activate_action (GTK_WIDGET (run->window), "win.sign-in", NULL);
  iterate_until (consent_shown, &dialog, 30);
  wait_for_element (dialog, "password");
  shown_us = g_get_monotonic_time ();
  during = rss_kib ();
  fill (dialog, "username", "admin@northwind.example");
  fill (dialog, "password", "demo-admin");
  click (dialog, "login");
  wait_for_element (dialog, "allow");
  click (dialog, "allow");
  iterate_until (is_signed_in, run, 60);
  signed_in_us = g_get_monotonic_time ();
  iterate_until (no_consent_shown, NULL, 10);
  settle (2000);
  after = rss_kib ();

  /* Second sign-in: the view remembers the session, only Allow is left. */
  gtk_widget_activate_action (GTK_WIDGET (run->window), "win.sign-out", NULL);
  iterate_until (ready_to_sign_in, run, 30);
  {
    gint64 start = g_get_monotonic_time ();

    gtk_widget_activate_action (GTK_WIDGET (run->window), "win.sign-in", NULL);
    iterate_until (consent_shown, &dialog, 30);
    wait_for_element (dialog, "allow");
    click (dialog, "allow");
    iterate_until (is_signed_in, run, 60);
    second_us = g_get_monotonic_time () - start;
  }

  printf ("sign-in click → sign-in page shown in the consent view: %.0f ms\n", (shown_us - click_us) / 1000.0);
  printf ("sign-in page shown → signed in (scripted typing and Allow): %.0f ms\n",
          (signed_in_us - shown_us) / 1000.0);
  printf ("sign-in click → signed in, session remembered (Allow only): %.0f ms\n", second_us / 1000.0);
  printf ("resident memory before any consent: %.1f MiB\n", before / 1024.0);
  printf ("resident memory during the consent: %.1f MiB\n", during / 1024.0);
  printf ("resident memory after the dialog closed: %.1f MiB\n", after / 1024.0);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *home = msi_test_private_user_dirs ();
  Run run = { .argv1 = "--demo", .check = measure };

  gtk_init ();
  run_app (&run);

  return 0;
}
