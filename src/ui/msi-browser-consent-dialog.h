/* SPDX-License-Identifier: GPL-3.0-or-later */
/* msi-browser-consent-dialog.h: consent in the system browser, for providers
 * that refuse embedded views (Google) */

#pragma once

#include <adwaita.h>

#include "msi-loopback-receiver.h"

G_BEGIN_DECLS

#define MSI_TYPE_BROWSER_CONSENT_DIALOG (msi_browser_consent_dialog_get_type ())

G_DECLARE_FINAL_TYPE (MsiBrowserConsentDialog, msi_browser_consent_dialog, MSI, BROWSER_CONSENT_DIALOG, AdwWindow)

MsiBrowserConsentDialog *msi_browser_consent_dialog_new        (const char              *title,
                                                                const char              *service_name);
void                     msi_browser_consent_dialog_run_async  (MsiBrowserConsentDialog *self,
                                                                GtkWindow               *parent,
                                                                const char              *url,
                                                                MsiLoopbackReceiver     *receiver,
                                                                guint                    timeout_seconds,
                                                                GCancellable            *cancellable,
                                                                GAsyncReadyCallback      callback,
                                                                gpointer                 user_data);
char                    *msi_browser_consent_dialog_run_finish (MsiBrowserConsentDialog *self,
                                                                GAsyncResult            *result,
                                                                GError                 **error);
void                     msi_browser_consent_dialog_complete   (MsiBrowserConsentDialog *self);
const char              *msi_browser_consent_dialog_get_url    (MsiBrowserConsentDialog *self);

G_END_DECLS
