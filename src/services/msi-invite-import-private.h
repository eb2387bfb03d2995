/* SPDX-License-Identifier: GPL-3.0-or-later */
/* msi-invite-import-private.h: knobs of the journaled import for tests */

#pragma once

#include "msi-invite-import.h"

G_BEGIN_DECLS

/* The first pause before a chunk (or a team) is tried again after a
 * transient failure; each further pause doubles it (with jitter). The
 * default is one second; tests make it short. */
void             msi_invite_import_set_retry_delay (MsiInviteImport *self,
                                                    guint            first_delay_ms);

G_END_DECLS
