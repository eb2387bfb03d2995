/* SPDX-License-Identifier: GPL-3.0-or-later */
/* msi-onboarding-step.h: the steps of a sales rep's onboarding, in order */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/*
 * The user onboarding guide's steps, in the order the assistant shows
 * them; the Actions API's ids in quotes (GET/PUT /api/v1/me/onboarding
 * "step": the page to show next).
 */
typedef enum
{
  MSI_ONBOARDING_STEP_ACTIVATE,         /* "activate": Activate account with Salesforce */
  MSI_ONBOARDING_STEP_START,            /* "start": what Sales Actions will do, Start / Next */
  MSI_ONBOARDING_STEP_EMAIL_CLIENT,     /* "email-client": Gmail or Outlook, and its sign-in */
  MSI_ONBOARDING_STEP_EMAIL_CONNECTED,  /* "email-connected": E-mail connection set up */
  MSI_ONBOARDING_STEP_SIGNATURE,        /* "signature": custom signature, Save or Skip */
  MSI_ONBOARDING_STEP_FINISH,           /* "finish": Finish */
  MSI_ONBOARDING_STEP_TOUR,             /* "tour": the short tour, Next / Not now */
  MSI_ONBOARDING_STEP_LAUNCH,           /* "launch": web app or Salesforce */
  MSI_ONBOARDING_STEP_DONE,             /* "done": finished; the app opens signed in */
} MsiOnboardingStep;

#define MSI_ONBOARDING_N_STEPS (MSI_ONBOARDING_STEP_DONE + 1)

#define MSI_TYPE_ONBOARDING_STEP (msi_onboarding_step_get_type ())
GType         msi_onboarding_step_get_type  (void) G_GNUC_CONST;
const char   *msi_onboarding_step_to_id     (MsiOnboardingStep  step);
gboolean      msi_onboarding_step_from_id   (const char        *id,
                                             MsiOnboardingStep *step);

/* The e-mail client chosen at MSI_ONBOARDING_STEP_EMAIL_CLIENT. */
typedef enum
{
  MSI_EMAIL_CLIENT_NONE,     /* not chosen yet: null */
  MSI_EMAIL_CLIENT_GMAIL,    /* "gmail": Google, in the system browser */
  MSI_EMAIL_CLIENT_OUTLOOK,  /* "outlook": Microsoft, in the consent view */
} MsiEmailClient;

#define MSI_TYPE_EMAIL_CLIENT (msi_email_client_get_type ())
GType         msi_email_client_get_type     (void) G_GNUC_CONST;
/* "gmail", "outlook"; NULL for NONE. */
const char   *msi_email_client_to_id        (MsiEmailClient     client);
gboolean      msi_email_client_from_id      (const char        *id,
                                             MsiEmailClient    *client);
/* The service connection that sets it up: "google", "microsoft". */
const char   *msi_email_client_to_service   (MsiEmailClient     client);

G_END_DECLS
