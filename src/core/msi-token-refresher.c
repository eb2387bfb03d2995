/* SPDX-License-Identifier: GPL-3.0-or-later */
/* msi-token-refresher.c: anything that can trade a refresh token for new tokens */

#define G_LOG_DOMAIN "msi-token-refresher"

#include "config.h"

#include "msi-token-refresher.h"

G_DEFINE_INTERFACE (MsiTokenRefresher, msi_token_refresher, G_TYPE_OBJECT)

static void
msi_token_refresher_default_init (MsiTokenRefresherInterface *iface)
{
}

/**
 * msi_token_refresher_refresh_async:
 * @refresh_token: the refresh token to redeem
 *
 * Asks the provider for new tokens. When the provider sends no new refresh
 * token, the result carries @refresh_token again (rotation is optional).
 */
void
msi_token_refresher_refresh_async (MsiTokenRefresher   *self,
                                   const char          *refresh_token,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_return_if_fail (MSI_IS_TOKEN_REFRESHER (self));
  g_return_if_fail (refresh_token != NULL);

  MSI_TOKEN_REFRESHER_GET_IFACE (self)->refresh_async (self, refresh_token, cancellable, callback, user_data);
}

/**
 * msi_token_refresher_refresh_finish:
 *
 * Returns: (transfer full): the new tokens.
 */
MsiOAuth2Tokens *
msi_token_refresher_refresh_finish (MsiTokenRefresher  *self,
                                    GAsyncResult       *result,
                                    GError            **error)
{
  g_return_val_if_fail (MSI_IS_TOKEN_REFRESHER (self), NULL);

  return MSI_TOKEN_REFRESHER_GET_IFACE (self)->refresh_finish (self, result, error);
}
