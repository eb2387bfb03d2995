/* SPDX-License-Identifier: GPL-3.0-or-later */
/* msi-invitation-link.h: the welcome mail's Get started link, parsed and checked */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/* The scheme the desktop file declares (x-scheme-handler/…). */
#define MSI_INVITATION_LINK_SCHEME "io.github.msiactions.setup"

#define MSI_INVITATION_LINK_ERROR (msi_invitation_link_error_quark ())

/* Why a link cannot start an onboarding; each with a translated
 * sentence that says what is wrong and what to do ("This link is not
 * complete: its invitation code is missing. Open the link from your
 * welcome mail again, or ask your admin to send a new invitation."). */
typedef enum
{
  MSI_INVITATION_LINK_ERROR_NOT_A_LINK,        /* not a URI, or another scheme */
  MSI_INVITATION_LINK_ERROR_UNKNOWN_ACTION,    /* our scheme, another path than /invitation */
  MSI_INVITATION_LINK_ERROR_NO_SERVICE,        /* service= missing or empty */
  MSI_INVITATION_LINK_ERROR_BAD_SERVICE,       /* not an absolute http(s) URL with a host,
                                                  or with user info, query or fragment */
  MSI_INVITATION_LINK_ERROR_INSECURE_SERVICE,  /* http:// to anything but loopback, or
                                                  loopback when not allowed */
  MSI_INVITATION_LINK_ERROR_NO_TOKEN,          /* token= missing or empty */
  MSI_INVITATION_LINK_ERROR_BAD_TOKEN,         /* not 43 base64url characters */
  MSI_INVITATION_LINK_ERROR_DUPLICATE,         /* service= or token= given twice */
} MsiInvitationLinkError;

#define MSI_TYPE_INVITATION_LINK (msi_invitation_link_get_type ())

/**
 * MsiInvitationLink:
 *
 * `io.github.msiactions.setup:/invitation?service={Actions base URL}&token={token}`
 * (query values percent-encoded), as the welcome mail's *Get started*
 * button carries it. The scheme is compared case-insensitively (RFC 3986
 * §3.1), the path exactly; other query parameters are ignored. The
 * service URL is normalized: lower-case scheme and host, no default port,
 * no trailing slash (so it compares with a profile's Actions URL with
 * g_str_equal()). The token is 43 characters of base64url (32 random
 * bytes, no padding).
 *
 * https is required, except http to a loopback host (127.0.0.0/8, ::1,
 * localhost) when @allow_loopback is set: the demo server.
 */
G_DECLARE_FINAL_TYPE (MsiInvitationLink, msi_invitation_link, MSI, INVITATION_LINK, GObject)

GQuark             msi_invitation_link_error_quark      (void);
MsiInvitationLink *msi_invitation_link_parse            (const char         *uri,
                                                         gboolean            allow_loopback,
                                                         GError            **error);
/* The normalized Actions base URL: "https://actions.example.com". */
const char        *msi_invitation_link_get_service_url  (MsiInvitationLink  *self);
/* The invitation token: a secret, never log it. */
const char        *msi_invitation_link_get_token        (MsiInvitationLink  *self);
/* The service URL's host, for "An invitation from %s". */
const char        *msi_invitation_link_get_host         (MsiInvitationLink  *self);
/* TRUE when the service is a loopback http URL (the demo server). */
gboolean           msi_invitation_link_is_loopback      (MsiInvitationLink  *self);
/* The link again, normalized (for "Copy link" and the desktop's open). */
char              *msi_invitation_link_to_string        (MsiInvitationLink  *self);

G_END_DECLS
