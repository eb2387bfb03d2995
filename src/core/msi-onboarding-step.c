/* SPDX-License-Identifier: GPL-3.0-or-later */
/* msi-onboarding-step.c: the steps of a sales rep's onboarding, in order */

#define G_LOG_DOMAIN "msi-onboarding-step"

#include "config.h"

#include "msi-onboarding-step.h"

/* The Actions API's ids are the enums' nicks. */
static const GEnumValue step_values[] = {
  { MSI_ONBOARDING_STEP_ACTIVATE, "MSI_ONBOARDING_STEP_ACTIVATE", "activate" },
  { MSI_ONBOARDING_STEP_START, "MSI_ONBOARDING_STEP_START", "start" },
  { MSI_ONBOARDING_STEP_EMAIL_CLIENT, "MSI_ONBOARDING_STEP_EMAIL_CLIENT", "email-client" },
  { MSI_ONBOARDING_STEP_EMAIL_CONNECTED, "MSI_ONBOARDING_STEP_EMAIL_CONNECTED", "email-connected" },
  { MSI_ONBOARDING_STEP_SIGNATURE, "MSI_ONBOARDING_STEP_SIGNATURE", "signature" },
  { MSI_ONBOARDING_STEP_FINISH, "MSI_ONBOARDING_STEP_FINISH", "finish" },
  { MSI_ONBOARDING_STEP_TOUR, "MSI_ONBOARDING_STEP_TOUR", "tour" },
  { MSI_ONBOARDING_STEP_LAUNCH, "MSI_ONBOARDING_STEP_LAUNCH", "launch" },
  { MSI_ONBOARDING_STEP_DONE, "MSI_ONBOARDING_STEP_DONE", "done" },
  { 0, NULL, NULL },
};

static const GEnumValue email_client_values[] = {
  { MSI_EMAIL_CLIENT_NONE, "MSI_EMAIL_CLIENT_NONE", "none" },
  { MSI_EMAIL_CLIENT_GMAIL, "MSI_EMAIL_CLIENT_GMAIL", "gmail" },
  { MSI_EMAIL_CLIENT_OUTLOOK, "MSI_EMAIL_CLIENT_OUTLOOK", "outlook" },
  { 0, NULL, NULL },
};

G_STATIC_ASSERT (G_N_ELEMENTS (step_values) == MSI_ONBOARDING_N_STEPS + 1);

GType
msi_onboarding_step_get_type (void)
{
  static gsize type = 0;

  if (g_once_init_enter (&type))
    g_once_init_leave (&type, g_enum_register_static (g_intern_static_string ("MsiOnboardingStep"),
                                                      step_values));
  return type;
}

GType
msi_email_client_get_type (void)
{
  static gsize type = 0;

  if (g_once_init_enter (&type))
    g_once_init_leave (&type, g_enum_register_static (g_intern_static_string ("MsiEmailClient"),
                                                      email_client_values));
  return type;
}

/**
 * msi_onboarding_step_to_id:
 * @step: a step
 *
 * Returns: (transfer none): the Actions API's id ("email-client")
 */
const char *
msi_onboarding_step_to_id (MsiOnboardingStep step)
{
  g_return_val_if_fail ((guint) step < MSI_ONBOARDING_N_STEPS, NULL);

  return step_values[step].value_nick;
}

/**
 * msi_onboarding_step_from_id:
 * @id: (nullable): an id the service sent
 * @step: (out): the step
 *
 * Returns: %TRUE when @id names a step; %FALSE, and @step untouched,
 *   for an unknown id or %NULL
 */
gboolean
msi_onboarding_step_from_id (const char        *id,
                             MsiOnboardingStep *step)
{
  g_return_val_if_fail (step != NULL, FALSE);

  for (guint i = 0; id != NULL && i < MSI_ONBOARDING_N_STEPS; i++)
    {
      if (g_str_equal (id, step_values[i].value_nick))
        {
          *step = step_values[i].value;
          return TRUE;
        }
    }
  return FALSE;
}

/**
 * msi_email_client_to_id:
 * @client: an e-mail client
 *
 * Returns: (transfer none) (nullable): "gmail", "outlook"; %NULL for
 *   %MSI_EMAIL_CLIENT_NONE (null in JSON)
 */
const char *
msi_email_client_to_id (MsiEmailClient client)
{
  switch (client)
    {
    case MSI_EMAIL_CLIENT_GMAIL:
      return "gmail";
    case MSI_EMAIL_CLIENT_OUTLOOK:
      return "outlook";
    case MSI_EMAIL_CLIENT_NONE:
      return NULL;
    default:
      g_return_val_if_reached (NULL);
    }
}

/**
 * msi_email_client_from_id:
 * @id: (nullable): "gmail", "outlook", or %NULL (null in JSON: not chosen)
 * @client: (out): the client
 *
 * Returns: %TRUE for a known id or %NULL; %FALSE, and @client untouched,
 *   for anything else
 */
gboolean
msi_email_client_from_id (const char     *id,
                          MsiEmailClient *client)
{
  g_return_val_if_fail (client != NULL, FALSE);

  if (id == NULL)
    *client = MSI_EMAIL_CLIENT_NONE;
  else if (g_str_equal (id, "gmail"))
    *client = MSI_EMAIL_CLIENT_GMAIL;
  else if (g_str_equal (id, "outlook"))
    *client = MSI_EMAIL_CLIENT_OUTLOOK;
  else
    return FALSE;
  return TRUE;
}

/**
 * msi_email_client_to_service:
 * @client: an e-mail client
 *
 * Returns: (transfer none) (nullable): the service connection that sets
 *   it up, "google" or "microsoft"; %NULL for %MSI_EMAIL_CLIENT_NONE
 */
const char *
msi_email_client_to_service (MsiEmailClient client)
{
  switch (client)
    {
    case MSI_EMAIL_CLIENT_GMAIL:
      return "google";
    case MSI_EMAIL_CLIENT_OUTLOOK:
      return "microsoft";
    case MSI_EMAIL_CLIENT_NONE:
      return NULL;
    default:
      g_return_val_if_reached (NULL);
    }
}
