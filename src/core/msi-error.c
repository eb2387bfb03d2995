/* SPDX-License-Identifier: GPL-3.0-or-later */
/* msi-error.c: error domains shared by every layer */

#define G_LOG_DOMAIN "msi-error"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "msi-error.h"

G_DEFINE_QUARK (msi-http-error-quark, msi_http_error)

MsiHttpError
msi_http_error_from_status (guint status)
{
  switch (status)
    {
    case 400:
    case 422:
      return MSI_HTTP_ERROR_BAD_REQUEST;
    case 401:
      return MSI_HTTP_ERROR_UNAUTHORIZED;
    case 403:
      return MSI_HTTP_ERROR_FORBIDDEN;
    case 404:
    case 410:
      return MSI_HTTP_ERROR_NOT_FOUND;
    case 408:
    case 504:
      return MSI_HTTP_ERROR_TIMEOUT;
    case 409:
      return MSI_HTTP_ERROR_CONFLICT;
    case 429:
      return MSI_HTTP_ERROR_RATE_LIMITED;
    default:
      if (status >= 500 && status < 600)
        return MSI_HTTP_ERROR_SERVER;
      return MSI_HTTP_ERROR_UNEXPECTED_STATUS;
    }
}

/**
 * msi_http_error_describe_status:
 * @status: an HTTP status code
 *
 * Returns: (transfer none): a translated sentence saying what the status
 *   means for the person, used when the server sent no explanation.
 */
const char *
msi_http_error_describe_status (guint status)
{
  switch (msi_http_error_from_status (status))
    {
    case MSI_HTTP_ERROR_BAD_REQUEST:
      return _("The service did not accept the request.");
    case MSI_HTTP_ERROR_UNAUTHORIZED:
      return _("The service needs you to sign in again.");
    case MSI_HTTP_ERROR_FORBIDDEN:
      return _("Your account is not allowed to do this.");
    case MSI_HTTP_ERROR_NOT_FOUND:
      return _("The service does not know this address.");
    case MSI_HTTP_ERROR_CONFLICT:
      return _("This already exists or was changed by someone else.");
    case MSI_HTTP_ERROR_RATE_LIMITED:
      return _("The service is receiving too many requests. Try again in a moment.");
    case MSI_HTTP_ERROR_SERVER:
      return _("The service had a problem. Try again later.");
    case MSI_HTTP_ERROR_TIMEOUT:
      return _("The service took too long to answer.");
    case MSI_HTTP_ERROR_NETWORK:
    case MSI_HTTP_ERROR_TLS:
    case MSI_HTTP_ERROR_UNEXPECTED_STATUS:
    case MSI_HTTP_ERROR_INVALID_RESPONSE:
    default:
      return _("The service gave an unexpected answer.");
    }
}
