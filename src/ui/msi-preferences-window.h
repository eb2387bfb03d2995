/* SPDX-License-Identifier: GPL-3.0-or-later */
/* msi-preferences-window.h: profiles: the demo, or a custom one */

#pragma once

#include <adwaita.h>

#include "msi-application.h"

G_BEGIN_DECLS

#define MSI_TYPE_PREFERENCES_WINDOW (msi_preferences_window_get_type ())

G_GNUC_BEGIN_IGNORE_DEPRECATIONS
G_DECLARE_FINAL_TYPE (MsiPreferencesWindow, msi_preferences_window, MSI, PREFERENCES_WINDOW, AdwPreferencesWindow)
G_GNUC_END_IGNORE_DEPRECATIONS

MsiPreferencesWindow *msi_preferences_window_new                  (MsiApplication       *application);
void                  msi_preferences_window_focus_custom_profile (MsiPreferencesWindow *self);
void                  msi_preferences_window_propose_profile      (MsiPreferencesWindow *self,
                                                                   const char           *name,
                                                                   const char           *actions_url);
gboolean              msi_preferences_window_save                 (MsiPreferencesWindow *self,
                                                                   GError              **error);

G_END_DECLS
