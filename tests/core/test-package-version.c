/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-package-version.c: the MSI package version in the org against the one the Sales account needs */

#define G_LOG_DOMAIN "test-package-version"

#include "config.h"

#include <gio/gio.h>

#include "msi-package-version.h"

static void
test_parse_good (void)
{
  static const struct { const char *in; int major, minor, patch, build; const char *out; } cases[] = {
    { "2.6", 2, 6, 0, -1, "2.6.0" },
    { "2.6.0", 2, 6, 0, -1, "2.6.0" },
    { "2.6.0.3", 2, 6, 0, 3, "2.6.0" },
    { " 2.4.1 ", 2, 4, 1, -1, "2.4.1" },
    { "10.20.30.40", 10, 20, 30, 40, "10.20.30" },
    { "0.0", 0, 0, 0, -1, "0.0.0" },
    { "02.06.00", 2, 6, 0, -1, "2.6.0" },
    { "999999.1.2", 999999, 1, 2, -1, "999999.1.2" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *text = NULL;
      MsiPackageVersion version = { 0, };

      g_test_message ("%s", cases[i].in);
      g_assert_true (msi_package_version_parse (cases[i].in, &version, &error));
      g_assert_no_error (error);
      g_assert_cmpint (version.major, ==, cases[i].major);
      g_assert_cmpint (version.minor, ==, cases[i].minor);
      g_assert_cmpint (version.patch, ==, cases[i].patch);
      g_assert_cmpint (version.build, ==, cases[i].build);

      text = msi_package_version_to_string (&version);
      g_assert_cmpstr (text, ==, cases[i].out);
    }
}

static void
test_parse_bad (void)
{
  static const char * const cases[] = {
    "", "   ", "2", "2.", ".6", "2..6", "2.6.0.3.1", "v2.6.0", "2.6.0-beta",
    "2.6 beta", "-1.0", "+1.0", "a.b", "2,6,0", "1234567.0", "2.6.0.", "٢.٦",
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      MsiPackageVersion version = { 7, 7, 7, 7 };

      g_test_message ("“%s”", cases[i]);
      g_assert_false (msi_package_version_parse (cases[i], &version, &error));
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
      /* The message shows what to type. */
      g_assert_nonnull (strstr (error->message, "2.6.0"));
      /* Nothing half-parsed. */
      g_assert_cmpint (version.major, ==, 7);
      g_assert_cmpint (version.build, ==, 7);
    }

  {
    g_autoptr(GError) error = NULL;
    MsiPackageVersion version;

    g_assert_false (msi_package_version_parse (NULL, &version, &error));
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
  }
}

static void
test_compare (void)
{
  static const struct { MsiPackageVersion a, b; int sign; } cases[] = {
    { { 2, 4, 1, 3 }, { 2, 6, 0, -1 }, -1 },
    { { 2, 6, 0, -1 }, { 2, 6, 0, -1 }, 0 },
    { { 2, 6, 0, 1 }, { 2, 6, 0, -1 }, 0 },   /* an unknown build equals any */
    { { 2, 6, 0, -1 }, { 2, 6, 0, 9 }, 0 },
    { { 2, 6, 0, 1 }, { 2, 6, 0, 2 }, -1 },   /* both known: the build counts */
    { { 2, 6, 0, 10 }, { 2, 6, 0, 9 }, 1 },
    { { 2, 10, 0, -1 }, { 2, 9, 9, -1 }, 1 }, /* numbers, not text */
    { { 3, 0, 0, -1 }, { 2, 99, 99, 99 }, 1 },
    { { 2, 6, 1, 0 }, { 2, 6, 0, 99 }, 1 },
    { { 0, 0, 0, -1 }, { 0, 0, 1, -1 }, -1 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      int ab = msi_package_version_compare (&cases[i].a, &cases[i].b);
      int ba = msi_package_version_compare (&cases[i].b, &cases[i].a);

      g_test_message ("case %u", i);
      g_assert_cmpint ((ab > 0) - (ab < 0), ==, cases[i].sign);
      g_assert_cmpint ((ba > 0) - (ba < 0), ==, -cases[i].sign);
    }
}

static void
test_state_for (void)
{
  const MsiPackageVersion required = { 2, 6, 0, -1 };
  const MsiPackageVersion old = { 2, 4, 1, 3 };
  const MsiPackageVersion same = { 2, 6, 0, 4 };
  const MsiPackageVersion newer = { 2, 7, 0, 1 };

  g_assert_cmpint (msi_package_state_for (NULL, &required), ==, MSI_PACKAGE_STATE_NOT_INSTALLED);
  g_assert_cmpint (msi_package_state_for (NULL, NULL), ==, MSI_PACKAGE_STATE_NOT_INSTALLED);
  g_assert_cmpint (msi_package_state_for (&old, &required), ==, MSI_PACKAGE_STATE_OUTDATED);
  g_assert_cmpint (msi_package_state_for (&same, &required), ==, MSI_PACKAGE_STATE_CURRENT);
  g_assert_cmpint (msi_package_state_for (&newer, &required), ==, MSI_PACKAGE_STATE_CURRENT);
  /* No required version (a custom profile): installed is enough. */
  g_assert_cmpint (msi_package_state_for (&old, NULL), ==, MSI_PACKAGE_STATE_CURRENT);
}

static void
test_state_to_string (void)
{
  g_assert_cmpstr (msi_package_state_to_string (MSI_PACKAGE_STATE_UNKNOWN), ==, "unknown");
  g_assert_cmpstr (msi_package_state_to_string (MSI_PACKAGE_STATE_NOT_INSTALLED), ==, "not-installed");
  g_assert_cmpstr (msi_package_state_to_string (MSI_PACKAGE_STATE_OUTDATED), ==, "outdated");
  g_assert_cmpstr (msi_package_state_to_string (MSI_PACKAGE_STATE_CURRENT), ==, "current");
}

static void
test_boxed (void)
{
  const MsiPackageVersion version = { 2, 6, 0, 3 };
  g_autoptr(MsiPackageVersion) copy = msi_package_version_copy (&version);
  MsiPackageVersion *boxed;

  g_assert_cmpint (msi_package_version_compare (copy, &version), ==, 0);
  g_assert_cmpint (copy->build, ==, 3);

  boxed = g_boxed_copy (MSI_TYPE_PACKAGE_VERSION, &version);
  g_assert_cmpint (boxed->minor, ==, 6);
  g_boxed_free (MSI_TYPE_PACKAGE_VERSION, boxed);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/package-version/parse/good", test_parse_good);
  g_test_add_func ("/package-version/parse/bad", test_parse_bad);
  g_test_add_func ("/package-version/compare", test_compare);
  g_test_add_func ("/package-version/state-for", test_state_for);
  g_test_add_func ("/package-version/state-to-string", test_state_to_string);
  g_test_add_func ("/package-version/boxed", test_boxed);

  return g_test_run ();
}
