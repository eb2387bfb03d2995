/* SPDX-License-Identifier: GPL-3.0-or-later */
/* msi-test-profile.h: the demo profile with an id of its own per test process, and leaving nothing in the keyring */

#pragma once

#include <unistd.h>

#include "msi-profile.h"
#include "msi-token-store.h"

/*
 * The test programs run side by side in one session and share its
 * gnome-keyring, where tokens are kept per profile id: two programs
 * signed in with the plain demo profile ("demo") would overwrite each
 * other's tokens and send one demo server's tokens to the other.
 */

/* "@base-PID": a profile id no other running test program uses. */
static G_GNUC_UNUSED char *
msi_test_profile_id (const char *base)
{
  return g_strdup_printf ("%s-%d", base, (int)getpid ());
}

/* The demo profile of the server at @base_url, under an id no other
 * running test program uses. */
static G_GNUC_UNUSED MsiProfile *
msi_test_demo_profile_new (const char *base_url)
{
  g_autoptr(MsiProfile) demo = msi_profile_new_demo (base_url);
  g_autofree char *id = msi_test_profile_id ("demo-test");
  g_autofree GParamSpec **pspecs = NULL;
  g_autoptr(GPtrArray) names = g_ptr_array_new ();
  g_autoptr(GArray) values = g_array_new (FALSE, TRUE, sizeof (GValue));
  guint n_pspecs = 0;
  MsiProfile *profile;

  g_array_set_clear_func (values, (GDestroyNotify)g_value_unset);

  /* Every value of the demo profile, whatever properties it gains. */
  pspecs = g_object_class_list_properties (G_OBJECT_GET_CLASS (demo), &n_pspecs);
  for (guint i = 0; i < n_pspecs; i++)
    {
      GValue value = G_VALUE_INIT;

      if ((pspecs[i]->flags & G_PARAM_READWRITE) != G_PARAM_READWRITE)
        continue;

      g_value_init (&value, pspecs[i]->value_type);
      if (g_str_equal (pspecs[i]->name, "id"))
        g_value_set_string (&value, id);
      else
        g_object_get_property (G_OBJECT (demo), pspecs[i]->name, &value);

      g_ptr_array_add (names, (gpointer)pspecs[i]->name);
      g_array_append_val (values, value);
    }

  profile = MSI_PROFILE (g_object_new_with_properties (MSI_TYPE_PROFILE, names->len,
                                                       (const char **)names->pdata,
                                                       (const GValue *)values->data));
  g_assert_cmpstr (msi_profile_get_id (profile), ==, id);

  return profile;
}

static G_GNUC_UNUSED void
msi_test_profile_forgotten_cb (GObject      *object,
                               GAsyncResult *result,
                               gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  msi_token_store_delete_profile_finish (MSI_TOKEN_STORE (object), result, &error);
  g_assert_no_error (error);
  *(gboolean *)user_data = TRUE;
}

/* Deletes @profile's tokens from the keyring, which outlives the test;
 * waits on the main context. */
static G_GNUC_UNUSED void
msi_test_profile_forget (MsiTokenStore *store,
                         MsiProfile    *profile)
{
  gboolean done = FALSE;

  msi_token_store_delete_profile_async (store, msi_profile_get_id (profile), NULL,
                                        msi_test_profile_forgotten_cb, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
}
