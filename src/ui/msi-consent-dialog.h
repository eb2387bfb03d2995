/* SPDX-License-Identifier: GPL-3.0-or-later */
/* msi-consent-dialog.h: OAuth consent in an embedded, locked-down web view */

#pragma once

#include <adwaita.h>
#include <webkit/webkit.h>

G_BEGIN_DECLS

/* Returns TRUE when @uri is where the flow ends: the app's redirect URI
 * (app sign-in) or the service's callback URL (service connection). */
typedef gboolean (*MsiConsentMatchFunc) (const char *uri,
                                         gpointer    user_data);

#define MSI_TYPE_CONSENT_DIALOG (msi_consent_dialog_get_type ())

G_DECLARE_FINAL_TYPE (MsiConsentDialog, msi_consent_dialog, MSI, CONSENT_DIALOG, AdwWindow)

MsiConsentDialog     *msi_consent_dialog_new            (const char           *title,
                                                         const char * const   *allowed_origins,
                                                         MsiConsentMatchFunc   finish_match,
                                                         gpointer              match_data,
                                                         GDestroyNotify        match_data_destroy);
void                  msi_consent_dialog_run_async      (MsiConsentDialog     *self,
                                                         GtkWindow            *parent,
                                                         const char           *url,
                                                         GCancellable         *cancellable,
                                                         GAsyncReadyCallback   callback,
                                                         gpointer              user_data);
char                 *msi_consent_dialog_run_finish     (MsiConsentDialog     *self,
                                                         GAsyncResult         *result,
                                                         GError              **error);
void                  msi_consent_dialog_set_finish_after_load (MsiConsentDialog *self,
                                                                gboolean          finish_after_load);
WebKitWebView        *msi_consent_dialog_get_web_view   (MsiConsentDialog     *self);
gboolean              msi_consent_dialog_is_origin_allowed (MsiConsentDialog  *self,
                                                            const char        *uri);
char                 *msi_consent_origin_of_uri         (const char           *uri);

WebKitNetworkSession *msi_consent_get_network_session   (void);
void                  msi_consent_forget_sign_ins_async (GCancellable         *cancellable,
                                                         GAsyncReadyCallback   callback,
                                                         gpointer              user_data);
gboolean              msi_consent_forget_sign_ins_finish (GAsyncResult        *result,
                                                          GError             **error);

G_END_DECLS
