/* SPDX-License-Identifier: GPL-3.0-or-later */
/* msi-onboarding-page.h: one page of the onboarding assistant, and its contract */

#pragma once

#include <adwaita.h>

#include "msi-onboarding-session.h"
#include "msi-onboarding-step.h"

G_BEGIN_DECLS

#define MSI_TYPE_ONBOARDING_PAGE (msi_onboarding_page_get_type ())

G_DECLARE_DERIVABLE_TYPE (MsiOnboardingPage, msi_onboarding_page, MSI, ONBOARDING_PAGE, AdwBin)

/**
 * MsiOnboardingPageClass:
 * @apply: Next was chosen on a complete page. Return %FALSE when there
 *   is nothing to do (the assistant goes on at once); otherwise start the
 *   work, watch @cancellable, and call msi_onboarding_page_apply_complete()
 *   once, also after a cancel.
 * @advance: Next was chosen: return %TRUE when the page moved within
 *   itself (a carousel's next slide) and the assistant stays.
 * @shown: the page came on screen.
 * @skip: Skip was chosen on a skippable page, before the assistant goes on.
 * @session_changed: the page's session was set or replaced.
 *
 * The page contract of GNOME Initial Setup: a page says whether it is
 * complete (Next can be chosen), skippable, and applying.
 */
struct _MsiOnboardingPageClass
{
  AdwBinClass parent_class;

  gboolean (*apply)           (MsiOnboardingPage *self,
                               GCancellable      *cancellable);
  gboolean (*advance)         (MsiOnboardingPage *self);
  void     (*shown)           (MsiOnboardingPage *self);
  void     (*skip)            (MsiOnboardingPage *self);
  void     (*session_changed) (MsiOnboardingPage *self);

  gpointer padding[8];
};

const char           *msi_onboarding_page_get_title       (MsiOnboardingPage    *self);
void                  msi_onboarding_page_set_title       (MsiOnboardingPage    *self,
                                                           const char           *title);
MsiOnboardingStep     msi_onboarding_page_get_step        (MsiOnboardingPage    *self);
void                  msi_onboarding_page_set_step        (MsiOnboardingPage    *self,
                                                           MsiOnboardingStep     step);
gboolean              msi_onboarding_page_get_complete    (MsiOnboardingPage    *self);
void                  msi_onboarding_page_set_complete    (MsiOnboardingPage    *self,
                                                           gboolean              complete);
gboolean              msi_onboarding_page_get_skippable   (MsiOnboardingPage    *self);
void                  msi_onboarding_page_set_skippable   (MsiOnboardingPage    *self,
                                                           gboolean              skippable);
gboolean              msi_onboarding_page_get_applying    (MsiOnboardingPage    *self);
const char           *msi_onboarding_page_get_next_label  (MsiOnboardingPage    *self);
void                  msi_onboarding_page_set_next_label  (MsiOnboardingPage    *self,
                                                           const char           *label);
const char           *msi_onboarding_page_get_skip_label  (MsiOnboardingPage    *self);
void                  msi_onboarding_page_set_skip_label  (MsiOnboardingPage    *self,
                                                           const char           *label);
const char           *msi_onboarding_page_get_error       (MsiOnboardingPage    *self);
void                  msi_onboarding_page_set_error       (MsiOnboardingPage    *self,
                                                           const char           *message);
MsiOnboardingSession *msi_onboarding_page_get_session     (MsiOnboardingPage    *self);
void                  msi_onboarding_page_set_session     (MsiOnboardingPage    *self,
                                                           MsiOnboardingSession *session);

gboolean              msi_onboarding_page_apply           (MsiOnboardingPage    *self,
                                                           GCancellable         *cancellable);
void                  msi_onboarding_page_apply_complete  (MsiOnboardingPage    *self,
                                                           gboolean              valid);
gboolean              msi_onboarding_page_advance         (MsiOnboardingPage    *self);
void                  msi_onboarding_page_shown           (MsiOnboardingPage    *self);
void                  msi_onboarding_page_skip            (MsiOnboardingPage    *self);
void                  msi_onboarding_page_request_next    (MsiOnboardingPage    *self);

G_END_DECLS
