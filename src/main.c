/* SPDX-License-Identifier: GPL-3.0-or-later */
/* main.c: program entry point */

#define G_LOG_DOMAIN "msi-actions-setup"

#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "msi-application.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(MsiApplication) app = NULL;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  g_set_application_name (_("MSI Actions Setup"));

  app = msi_application_new ();

  return g_application_run (G_APPLICATION (app), argc, argv);
}
