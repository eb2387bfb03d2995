/* SPDX-License-Identifier: GPL-3.0-or-later */
/* msi-redact.h: keeps tokens, codes and passwords out of messages and logs */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* What a secret value is replaced with. */
#define MSI_REDACTED "[REDACTED]"

char *msi_redact                     (const char *text);
void  msi_redact_install_log_handler (void);

G_END_DECLS
