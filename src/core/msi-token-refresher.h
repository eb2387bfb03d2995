/* SPDX-License-Identifier: GPL-3.0-or-later */
/* msi-token-refresher.h: anything that can trade a refresh token for new tokens */

#pragma once

#include <gio/gio.h>

#include "msi-oauth2-tokens.h"

G_BEGIN_DECLS

#define MSI_TYPE_TOKEN_REFRESHER (msi_token_refresher_get_type ())

G_DECLARE_INTERFACE (MsiTokenRefresher, msi_token_refresher, MSI, TOKEN_REFRESHER, GObject)

struct _MsiTokenRefresherInterface
{
  GTypeInterface parent_iface;

  void             (*refresh_async)  (MsiTokenRefresher    *self,
                                      const char           *refresh_token,
                                      GCancellable         *cancellable,
                                      GAsyncReadyCallback   callback,
                                      gpointer              user_data);
  MsiOAuth2Tokens *(*refresh_finish) (MsiTokenRefresher    *self,
                                      GAsyncResult         *result,
                                      GError              **error);
};

void             msi_token_refresher_refresh_async  (MsiTokenRefresher    *self,
                                                     const char           *refresh_token,
                                                     GCancellable         *cancellable,
                                                     GAsyncReadyCallback   callback,
                                                     gpointer              user_data);
MsiOAuth2Tokens *msi_token_refresher_refresh_finish (MsiTokenRefresher    *self,
                                                     GAsyncResult         *result,
                                                     GError              **error);

G_END_DECLS
