/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-profile.c: profile values a person types, checked before they are used */

#define G_LOG_DOMAIN "test-profile"

#include "config.h"

#include "msi-profile.h"

static void
test_urls_accepted (void)
{
  static const struct { const char *in; const char *out; } cases[] = {
    { "https://sales.example.com", "https://sales.example.com" },
    { "  https://sales.example.com/  ", "https://sales.example.com" },
    { "https://sales.example.com/api/", "https://sales.example.com/api" },
    { "http://127.0.0.1:8080", "http://127.0.0.1:8080" },
    { "http://127.3.4.5", "http://127.3.4.5" },
    { "http://[::1]:9000", "http://[::1]:9000" },
    { "http://localhost:1717", "http://localhost:1717" },
    { "HTTPS://Sales.Example.com", "HTTPS://Sales.Example.com" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *out = msi_check_service_url (cases[i].in, "URL", TRUE, NULL, &error);

      g_assert_no_error (error);
      g_assert_cmpstr (out, ==, cases[i].out);
    }
}

static void
test_urls_refused (void)
{
  static const struct { const char *in; int code; } cases[] = {
    { "", MSI_PROFILE_ERROR_MISSING },
    { "   ", MSI_PROFILE_ERROR_MISSING },
    { "sales.example.com", MSI_PROFILE_ERROR_INVALID_URL },
    { "http://sales.example.com", MSI_PROFILE_ERROR_INSECURE_URL },
    { "http://10.0.0.5", MSI_PROFILE_ERROR_INSECURE_URL },
    { "http://127.0.0.1.example.com", MSI_PROFILE_ERROR_INSECURE_URL },
    { "ftp://sales.example.com", MSI_PROFILE_ERROR_INVALID_URL },
    { "javascript:alert(1)", MSI_PROFILE_ERROR_INVALID_URL },
    { "https://", MSI_PROFILE_ERROR_INVALID_URL },
    { "https://user:pw@sales.example.com", MSI_PROFILE_ERROR_INVALID_URL },
    { "https://sales.example.com/?next=evil", MSI_PROFILE_ERROR_INVALID_URL },
    { "https://sales.example.com/#frag", MSI_PROFILE_ERROR_INVALID_URL },
    { "https://sales example.com", MSI_PROFILE_ERROR_INVALID_URL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *out = msi_check_service_url (cases[i].in, "Sales account URL", TRUE, NULL, &error);

      g_test_message ("%s", cases[i].in);
      g_assert_null (out);
      g_assert_error (error, MSI_PROFILE_ERROR, cases[i].code);
      /* The message names the field, so the person knows where to look. */
      g_assert_nonnull (strstr (error->message, "Sales account URL"));
    }
}

static void
test_optional_empty (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *out = msi_check_service_url ("", "Marketo REST URL", FALSE, NULL, &error);

  g_assert_no_error (error);
  g_assert_cmpstr (out, ==, "");
}

static void
test_service_hosts (void)
{
  static const char * const salesforce[] = { "login.salesforce.com", "test.salesforce.com", ".my.salesforce.com", NULL };
  static const struct { const char *in; gboolean ok; } cases[] = {
    { "https://login.salesforce.com", TRUE },
    { "https://test.salesforce.com", TRUE },
    { "https://acme.my.salesforce.com", TRUE },
    { "https://acme--uat.sandbox.my.salesforce.com", TRUE },
    { "https://ACME.MY.SALESFORCE.COM", TRUE },
    { "http://127.0.0.1:4000/salesforce", TRUE },
    { "https://.my.salesforce.com", FALSE },
    { "https://my.salesforce.com", FALSE },
    { "https://login.salesforce.com.evil.example", FALSE },
    { "https://evil-login.salesforce.com", FALSE },
    { "https://acme.my.salesforce.com.evil.example", FALSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *out = msi_check_service_url (cases[i].in, "Salesforce login URL", TRUE, salesforce, &error);

      g_test_message ("%s", cases[i].in);
      if (cases[i].ok)
        g_assert_no_error (error);
      else
        {
          g_assert_nonnull (error);
          g_assert_true (error->domain == MSI_PROFILE_ERROR);
          g_assert_null (out);
        }
    }
}

static void
test_validate_profile (void)
{
  g_autoptr(MsiProfile) profile = msi_profile_new ("custom");
  g_autoptr(GError) error = NULL;
  const char *failed = NULL;

  g_object_set (profile,
                "name", "Acme",
                "actions-url", "https://sales.acme.example/",
                "actions-client-id", "msi-desktop",
                "salesforce-login-url", "https://acme.my.salesforce.com",
                "marketo-rest-url", "https://284-RPR-133.mktorest.com",
                NULL);
  g_assert_true (msi_profile_validate (profile, &failed, &error));
  g_assert_no_error (error);
  /* Normalized in place. */
  g_assert_cmpstr (msi_profile_get_actions_url (profile), ==, "https://sales.acme.example");

  g_object_set (profile, "marketo-rest-url", "https://acme.marketo.com", NULL);
  g_assert_false (msi_profile_validate (profile, &failed, &error));
  g_assert_error (error, MSI_PROFILE_ERROR, MSI_PROFILE_ERROR_WRONG_HOST);
  g_assert_cmpstr (failed, ==, "marketo-rest-url");
  g_clear_error (&error);

  g_object_set (profile, "marketo-rest-url", "", "actions-client-id", "two words", NULL);
  g_assert_false (msi_profile_validate (profile, &failed, &error));
  g_assert_error (error, MSI_PROFILE_ERROR, MSI_PROFILE_ERROR_INVALID_ID);
  g_assert_cmpstr (failed, ==, "actions-client-id");
  g_clear_error (&error);

  g_object_set (profile, "actions-client-id", "msi-desktop", "name", " ", NULL);
  g_assert_false (msi_profile_validate (profile, &failed, &error));
  g_assert_error (error, MSI_PROFILE_ERROR, MSI_PROFILE_ERROR_MISSING);
  g_assert_cmpstr (failed, ==, "name");
}

static void
test_package_fields (void)
{
  static const struct { const char *version; const char *id; gboolean ok; const char *failed; int code; } cases[] = {
    { "", "", TRUE, NULL, 0 },
    { "2.6.0", "04t0b000001Ov9xAAC", TRUE, NULL, 0 },
    { "2.6", "04t0b000001Ov9x", TRUE, NULL, 0 },
    { " 2.6.0.3 ", "", TRUE, NULL, 0 },
    { "", "04t0b000001Ov9xAAC", TRUE, NULL, 0 },
    { "2.6.x", "", FALSE, "salesforce-package-version", MSI_PROFILE_ERROR_INVALID_VALUE },
    { "2", "04t0b000001Ov9xAAC", FALSE, "salesforce-package-version", MSI_PROFILE_ERROR_INVALID_VALUE },
    { "2.6.0", "033Pz000000GC1EIAW", FALSE, "salesforce-package-version-id", MSI_PROFILE_ERROR_INVALID_ID },
    { "2.6.0", "04t0b000001Ov9xA", FALSE, "salesforce-package-version-id", MSI_PROFILE_ERROR_INVALID_ID },
    { "2.6.0", "04t0b000001Ov9xAACX", FALSE, "salesforce-package-version-id", MSI_PROFILE_ERROR_INVALID_ID },
    { "2.6.0", "04t0b000001Ov9x-AC", FALSE, "salesforce-package-version-id", MSI_PROFILE_ERROR_INVALID_ID },
    { "2.6.0", "04t0b000001Ov9xAAC&p1=x", FALSE, "salesforce-package-version-id", MSI_PROFILE_ERROR_INVALID_ID },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(MsiProfile) profile = msi_profile_new ("custom");
      g_autoptr(GError) error = NULL;
      const char *failed = NULL;

      g_test_message ("“%s” “%s”", cases[i].version, cases[i].id);
      g_object_set (profile,
                    "name", "Acme",
                    "actions-url", "https://sales.acme.example",
                    "actions-client-id", "msi-desktop",
                    "salesforce-login-url", "https://login.salesforce.com",
                    "salesforce-package-version", cases[i].version,
                    "salesforce-package-version-id", cases[i].id,
                    NULL);

      if (cases[i].ok)
        {
          g_assert_true (msi_profile_validate (profile, &failed, &error));
          g_assert_no_error (error);
        }
      else
        {
          g_assert_false (msi_profile_validate (profile, &failed, &error));
          g_assert_error (error, MSI_PROFILE_ERROR, cases[i].code);
          g_assert_cmpstr (failed, ==, cases[i].failed);
          /* The message names the field and shows a good value. */
          g_assert_nonnull (strstr (error->message, "package version"));
          g_assert_true (strstr (error->message, "2.6.0") != NULL ||
                         strstr (error->message, "04t0b000001Ov9xAAC") != NULL);
        }
    }
}

static void
test_demo_profile (void)
{
  g_autoptr(MsiProfile) demo = msi_profile_new_demo ("http://127.0.0.1:41234");
  g_autoptr(GError) error = NULL;

  g_assert_true (msi_profile_is_demo (demo));
  g_assert_cmpstr (msi_profile_get_actions_url (demo), ==, "http://127.0.0.1:41234");
  g_assert_true (g_str_has_prefix (msi_profile_get_salesforce_login_url (demo), "http://127.0.0.1:41234/"));
  g_assert_true (g_str_has_prefix (msi_profile_get_microsoft_authority (demo), "http://127.0.0.1:41234/"));
  /* The demo org's install page offers this version. */
  g_assert_cmpstr (msi_profile_get_salesforce_package_version (demo), ==, "2.6.0");
  g_assert_cmpstr (msi_profile_get_salesforce_package_version_id (demo), ==, "04t0b000001Ov9xAAC");
  /* Every demo endpoint stays on loopback, so the profile is valid. */
  g_assert_true (msi_profile_validate (demo, NULL, &error));
  g_assert_no_error (error);
}

static void
test_settings_round_trip (void)
{
  g_autoptr(GSettings) settings = g_settings_new_with_path ("io.github.msiactions.Setup.Profile",
                                                            "/io/github/msiactions/Setup/profiles/test/");
  g_autoptr(MsiProfile) profile = msi_profile_new ("test");
  g_autoptr(MsiProfile) loaded = NULL;

  /* Defaults of a new profile point at the real hosts. */
  loaded = msi_profile_new_from_settings ("test", settings);
  g_assert_cmpstr (msi_profile_get_salesforce_login_url (loaded), ==, "https://login.salesforce.com");
  g_assert_cmpstr (msi_profile_get_microsoft_authority (loaded), ==, "https://login.microsoftonline.com/common");
  g_assert_cmpstr (msi_profile_get_salesforce_package_version (loaded), ==, "");
  g_assert_cmpstr (msi_profile_get_salesforce_package_version_id (loaded), ==, "");
  g_clear_object (&loaded);

  /* The remembered sign-in host is the client's, empty at first. */
  {
    g_autofree char *sign_in_url = g_settings_get_string (settings, "salesforce-sign-in-url");

    g_assert_cmpstr (sign_in_url, ==, "");
  }

  g_object_set (profile, "name", "Acme", "actions-url", "https://sales.acme.example",
                "google-client-id", "123.apps.googleusercontent.com",
                "salesforce-package-version", "2.6.0",
                "salesforce-package-version-id", "04t0b000001Ov9xAAC", NULL);
  msi_profile_save_to_settings (profile, settings);
  loaded = msi_profile_new_from_settings ("test", settings);
  g_assert_cmpstr (msi_profile_get_name (loaded), ==, "Acme");
  g_assert_cmpstr (msi_profile_get_actions_url (loaded), ==, "https://sales.acme.example");
  g_assert_cmpstr (msi_profile_get_google_client_id (loaded), ==, "123.apps.googleusercontent.com");
  g_assert_cmpstr (msi_profile_get_salesforce_package_version (loaded), ==, "2.6.0");
  g_assert_cmpstr (msi_profile_get_salesforce_package_version_id (loaded), ==, "04t0b000001Ov9xAAC");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/profile/urls/accepted", test_urls_accepted);
  g_test_add_func ("/profile/urls/refused", test_urls_refused);
  g_test_add_func ("/profile/urls/optional-empty", test_optional_empty);
  g_test_add_func ("/profile/urls/service-hosts", test_service_hosts);
  g_test_add_func ("/profile/validate", test_validate_profile);
  g_test_add_func ("/profile/package-fields", test_package_fields);
  g_test_add_func ("/profile/demo", test_demo_profile);
  g_test_add_func ("/profile/settings-round-trip", test_settings_round_trip);

  return g_test_run ();
}
