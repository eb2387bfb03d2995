/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-onboarding-step.c: the onboarding's steps and e-mail clients, and their API ids */

#define G_LOG_DOMAIN "test-onboarding-step"

#include "config.h"

#include "msi-onboarding-step.h"

/* The user onboarding guide's order, with the ids of GET/PUT /api/v1/me/onboarding. */
static const char * const expected_ids[] = {
  "activate", "start", "email-client", "email-connected", "signature",
  "finish", "tour", "launch", "done",
};

static void
test_steps (void)
{
  g_autoptr(GEnumClass) klass = g_type_class_ref (MSI_TYPE_ONBOARDING_STEP);

  g_assert_cmpuint (G_N_ELEMENTS (expected_ids), ==, MSI_ONBOARDING_N_STEPS);
  g_assert_true (G_TYPE_IS_ENUM (MSI_TYPE_ONBOARDING_STEP));
  g_assert_cmpuint (klass->n_values, ==, MSI_ONBOARDING_N_STEPS);

  for (guint i = 0; i < MSI_ONBOARDING_N_STEPS; i++)
    {
      MsiOnboardingStep step = MSI_ONBOARDING_STEP_DONE;
      GEnumValue *value = g_enum_get_value_by_nick (klass, expected_ids[i]);

      g_assert_cmpstr (msi_onboarding_step_to_id (i), ==, expected_ids[i]);
      g_assert_true (msi_onboarding_step_from_id (expected_ids[i], &step));
      g_assert_cmpint (step, ==, i);
      g_assert_nonnull (value);
      g_assert_cmpint (value->value, ==, i);
    }
  g_assert_cmpint (MSI_ONBOARDING_STEP_ACTIVATE, <, MSI_ONBOARDING_STEP_SIGNATURE);
  g_assert_cmpint (MSI_ONBOARDING_STEP_LAUNCH, <, MSI_ONBOARDING_STEP_DONE);
}

static void
test_unknown_step (void)
{
  static const char * const unknown[] = { "Activate", "", "email_client", "done ", "welcome" };

  for (guint i = 0; i < G_N_ELEMENTS (unknown); i++)
    {
      MsiOnboardingStep step = MSI_ONBOARDING_STEP_TOUR;

      g_assert_false (msi_onboarding_step_from_id (unknown[i], &step));
      g_assert_cmpint (step, ==, MSI_ONBOARDING_STEP_TOUR);
    }
  {
    MsiOnboardingStep step = MSI_ONBOARDING_STEP_TOUR;

    g_assert_false (msi_onboarding_step_from_id (NULL, &step));
    g_assert_cmpint (step, ==, MSI_ONBOARDING_STEP_TOUR);
  }
}

static void
test_email_clients (void)
{
  g_autoptr(GEnumClass) klass = g_type_class_ref (MSI_TYPE_EMAIL_CLIENT);
  MsiEmailClient client = MSI_EMAIL_CLIENT_OUTLOOK;

  g_assert_true (G_TYPE_IS_ENUM (MSI_TYPE_EMAIL_CLIENT));
  g_assert_cmpuint (klass->n_values, ==, 3);

  g_assert_null (msi_email_client_to_id (MSI_EMAIL_CLIENT_NONE));
  g_assert_cmpstr (msi_email_client_to_id (MSI_EMAIL_CLIENT_GMAIL), ==, "gmail");
  g_assert_cmpstr (msi_email_client_to_id (MSI_EMAIL_CLIENT_OUTLOOK), ==, "outlook");

  /* Google in the system browser, Microsoft in the consent view. */
  g_assert_null (msi_email_client_to_service (MSI_EMAIL_CLIENT_NONE));
  g_assert_cmpstr (msi_email_client_to_service (MSI_EMAIL_CLIENT_GMAIL), ==, "google");
  g_assert_cmpstr (msi_email_client_to_service (MSI_EMAIL_CLIENT_OUTLOOK), ==, "microsoft");

  /* null in JSON: not chosen yet. */
  g_assert_true (msi_email_client_from_id (NULL, &client));
  g_assert_cmpint (client, ==, MSI_EMAIL_CLIENT_NONE);
  g_assert_true (msi_email_client_from_id ("gmail", &client));
  g_assert_cmpint (client, ==, MSI_EMAIL_CLIENT_GMAIL);
  g_assert_true (msi_email_client_from_id ("outlook", &client));
  g_assert_cmpint (client, ==, MSI_EMAIL_CLIENT_OUTLOOK);

  g_assert_false (msi_email_client_from_id ("Gmail", &client));
  g_assert_false (msi_email_client_from_id ("none", &client));
  g_assert_false (msi_email_client_from_id ("", &client));
  g_assert_cmpint (client, ==, MSI_EMAIL_CLIENT_OUTLOOK);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/onboarding-step/steps", test_steps);
  g_test_add_func ("/onboarding-step/unknown", test_unknown_step);
  g_test_add_func ("/onboarding-step/email-clients", test_email_clients);

  return g_test_run ();
}
