/* SPDX-License-Identifier: GPL-3.0-or-later */
/* msi-loopback-receiver.h: receives the browser's OAuth redirect on 127.0.0.1 (RFC 8252 §7.3) */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define MSI_TYPE_LOOPBACK_RECEIVER (msi_loopback_receiver_get_type ())

G_DECLARE_FINAL_TYPE (MsiLoopbackReceiver, msi_loopback_receiver, MSI, LOOPBACK_RECEIVER, GObject)

MsiLoopbackReceiver *msi_loopback_receiver_new              (const char           *path);
gboolean             msi_loopback_receiver_listen           (MsiLoopbackReceiver  *self,
                                                             GError              **error);
guint                msi_loopback_receiver_get_port         (MsiLoopbackReceiver  *self);
char                *msi_loopback_receiver_dup_redirect_uri (MsiLoopbackReceiver  *self);
void                 msi_loopback_receiver_stop             (MsiLoopbackReceiver  *self);
void                 msi_loopback_receiver_wait_async       (MsiLoopbackReceiver  *self,
                                                             guint                 timeout_seconds,
                                                             GCancellable         *cancellable,
                                                             GAsyncReadyCallback   callback,
                                                             gpointer              user_data);
char                *msi_loopback_receiver_wait_finish      (MsiLoopbackReceiver  *self,
                                                             GAsyncResult         *result,
                                                             GError              **error);

G_END_DECLS
