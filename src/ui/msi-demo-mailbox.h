/* SPDX-License-Identifier: GPL-3.0-or-later */
/* msi-demo-mailbox.h: the demo server's outbox, read like a mailbox */

#pragma once

#include <adwaita.h>

#include "msi-application.h"

G_BEGIN_DECLS

#define MSI_TYPE_DEMO_MAILBOX (msi_demo_mailbox_get_type ())

G_DECLARE_FINAL_TYPE (MsiDemoMailbox, msi_demo_mailbox, MSI, DEMO_MAILBOX, AdwWindow)

MsiDemoMailbox *msi_demo_mailbox_new            (MsiApplication *application);
void            msi_demo_mailbox_reload         (MsiDemoMailbox *self);
gboolean        msi_demo_mailbox_get_loading    (MsiDemoMailbox *self);
guint           msi_demo_mailbox_get_n_messages (MsiDemoMailbox *self);
void            msi_demo_mailbox_open_message   (MsiDemoMailbox *self,
                                                 guint           index);
const char     *msi_demo_mailbox_get_link       (MsiDemoMailbox *self);
const char     *msi_demo_mailbox_get_recipient  (MsiDemoMailbox *self,
                                                 guint           index);
const char     *msi_demo_mailbox_get_view       (MsiDemoMailbox *self);

G_END_DECLS
