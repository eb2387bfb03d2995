/* SPDX-License-Identifier: GPL-3.0-or-later */
/* msi-error.h: error domains shared by every layer */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define MSI_HTTP_ERROR (msi_http_error_quark ())

/**
 * MsiHttpError:
 * What went wrong with a request, in the terms a person can act on.
 */
typedef enum
{
  MSI_HTTP_ERROR_NETWORK,           /* no route, refused, dropped connection */
  MSI_HTTP_ERROR_TIMEOUT,           /* no answer in time */
  MSI_HTTP_ERROR_TLS,               /* certificate not trusted */
  MSI_HTTP_ERROR_BAD_REQUEST,       /* 400, 422 */
  MSI_HTTP_ERROR_UNAUTHORIZED,      /* 401 */
  MSI_HTTP_ERROR_FORBIDDEN,         /* 403 */
  MSI_HTTP_ERROR_NOT_FOUND,         /* 404, 410 */
  MSI_HTTP_ERROR_CONFLICT,          /* 409 */
  MSI_HTTP_ERROR_RATE_LIMITED,      /* 429 */
  MSI_HTTP_ERROR_SERVER,            /* 5xx */
  MSI_HTTP_ERROR_UNEXPECTED_STATUS, /* any other non-2xx */
  MSI_HTTP_ERROR_INVALID_RESPONSE,  /* not JSON, too large, or the wrong shape */
} MsiHttpError;

GQuark       msi_http_error_quark         (void);
MsiHttpError msi_http_error_from_status   (guint status);
const char  *msi_http_error_describe_status (guint status);

G_END_DECLS
