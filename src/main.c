/* SPDX-License-Identifier: GPL-3.0-or-later */
/* main.c: program entry point */

#define G_LOG_DOMAIN "msi-actions-setup"

#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>
#include <stdio.h>
#include <string.h>

#include "msi-application.h"
#include "msi-invite-plan.h"

/* `--check-csv FILE [--json]`: plans the file and prints the plan, without
 * a display, D-Bus or the application. Returns -1 when not asked for. */
static int
check_csv (int    argc,
           char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  gboolean json = FALSE;
  gboolean asked = FALSE;
  const GOptionEntry entries[] = {
    { "check-csv", 0, 0, G_OPTION_ARG_FILENAME, &path,
      N_("Check a CSV file of people to invite and print the plan"), N_("FILE") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json,
      N_("Print the plan as JSON"), NULL },
    { NULL }
  };

  for (int i = 1; i < argc && !asked; i++)
    asked = strcmp (argv[i], "--check-csv") == 0 || g_str_has_prefix (argv[i], "--check-csv=");
  if (!asked)
    return -1;

  context = g_option_context_new (NULL);
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      fprintf (stderr, "%s\n", error->message);
      return 2;
    }
  if (path == NULL || argc > 1)
    {
      fprintf (stderr, _("Give one file: %s --check-csv FILE [--json]\n"), g_get_prgname ());
      return 2;
    }

  return msi_invite_plan_check_file (path, json, stdout, stderr);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(MsiApplication) app = NULL;
  int status;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  status = check_csv (argc, argv);
  if (status >= 0)
    return status;

  g_set_application_name (_("MSI Actions Setup"));

  app = msi_application_new ();

  return g_application_run (G_APPLICATION (app), argc, argv);
}
