/* SPDX-License-Identifier: GPL-3.0-or-later */
/* msi-onboarding-client.h: a sales rep's onboarding with the Actions service */

#pragma once

#include "msi-actions-auth.h"
#include "msi-onboarding-step.h"

G_BEGIN_DECLS

/*
 * The Actions API of the onboarding (documented in docs/actions-api.yaml;
 * problems are RFC 9457 with the types in msi-problem-types.h):
 *
 *   GET  /api/v1/invitations/{token}          no auth. 200
 *        { "email", "name", "accountName", "invitedBy", "expiresAt",
 *          "onboarding": { "state": "not-started"|"in-progress"|"finished" } }
 *        404 invitation-unknown (never issued, revoked, or replaced by a
 *        resend), 410 invitation-expired, 409 invitation-used (its
 *        onboarding finished: sign in instead).
 *   POST /api/v1/invitations/{token}          no auth, body {}: opens the
 *        onboarding session. 200: an OAuth 2.0 token response
 *        { "access_token", "token_type": "Bearer", "expires_in",
 *          "refresh_token", "scope" } plus "user": the /api/v1/me object.
 *        The same errors as GET. Works again while the onboarding is not
 *        finished (a new session each time); the refresh token is
 *        refreshed at /oauth/token like a sign-in's.
 *   GET  /api/v1/me/onboarding                { "step": MsiOnboardingStep id,
 *        "emailClient": "gmail"|"outlook"|null, "signatureSaved": bool,
 *        "updatedAt" }
 *   PUT  /api/v1/me/onboarding                { "step", "emailClient"? } →
 *        the same object. 409 onboarding-step-not-ready when the step needs
 *        what is not there yet (past "activate" without a Salesforce
 *        connection, past "email-client" without an e-mail identity); the
 *        detail says what is missing.
 *   GET  /api/v1/me/connections               { "connections": [ {
 *        "service": "salesforce"|"microsoft"|"google", "status":
 *        "disconnected"|"connected"|"error", "account": the address or
 *        null, "error": a sentence or null, "problem": null or
 *        { "type", "title", "detail", and for
 *          salesforce-email-mismatch: "salesforceEmail", "accountEmail";
 *          salesforce-api-disabled:   "salesforceEmail", "profileName" } } ] }
 *   POST /api/v1/me/connections/{service}/authorization-url  {} →
 *        { "authorizationUrl", "callbackUrl" }; the flow ends at the
 *        callback (GET /api/v1/me/connections/{service}/callback) on the
 *        Actions host, as the admin's connections do.
 *   DELETE /api/v1/me/connections/{service}
 *   GET  /api/v1/me/email-identities          { "identities": [ { "id",
 *        "provider": "gmail"|"outlook", "address", "connectedAt" } ],
 *        "limit": 2 }
 *   GET  /api/v1/me/signature                 { "html": sanitized or "",
 *        "updatedAt" | null }
 *   PUT  /api/v1/me/signature  { "html" } → { "html": as stored (the
 *        service sanitizes: msi_signature_html_sanitize()), "updatedAt" };
 *        422 signature-too-long.
 */

#define MSI_ONBOARDING_ERROR (msi_onboarding_error_quark ())

/* Problems the assistant explains, each with a translated message that
 * says what to do; others arrive as MSI_HTTP_ERROR. */
typedef enum
{
  MSI_ONBOARDING_ERROR_INVITATION_UNKNOWN,  /* 404 invitation-unknown */
  MSI_ONBOARDING_ERROR_INVITATION_EXPIRED,  /* 410 invitation-expired */
  MSI_ONBOARDING_ERROR_INVITATION_USED,     /* 409 invitation-used */
  MSI_ONBOARDING_ERROR_STEP_NOT_READY,      /* 409 onboarding-step-not-ready (the detail) */
  MSI_ONBOARDING_ERROR_SIGNATURE_TOO_LONG,  /* 422 signature-too-long */
} MsiOnboardingError;

/* What GET /api/v1/invitations/{token} says of an invitation. */
typedef struct
{
  char      *email;
  char      *name;
  char      *account_name;
  char      *invited_by;     /* nullable */
  GDateTime *expires_at;     /* nullable */
  char      *state;          /* "not-started", "in-progress", "finished" */
} MsiInvitationInfo;

/* GET /api/v1/me/onboarding. */
typedef struct
{
  MsiOnboardingStep  step;
  MsiEmailClient     email_client;
  gboolean           signature_saved;
} MsiOnboardingProgress;

/* One of GET /api/v1/me/email-identities. */
typedef struct
{
  char           *id;
  MsiEmailClient  provider;
  char           *address;
} MsiEmailIdentity;

GType                  msi_invitation_info_get_type     (void) G_GNUC_CONST;
void                   msi_invitation_info_free         (MsiInvitationInfo     *info);
GType                  msi_onboarding_progress_get_type (void) G_GNUC_CONST;
MsiOnboardingProgress *msi_onboarding_progress_copy     (const MsiOnboardingProgress *progress);
void                   msi_onboarding_progress_free     (MsiOnboardingProgress *progress);
GType                  msi_email_identity_get_type      (void) G_GNUC_CONST;
void                   msi_email_identity_free          (MsiEmailIdentity      *identity);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MsiInvitationInfo, msi_invitation_info_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MsiOnboardingProgress, msi_onboarding_progress_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MsiEmailIdentity, msi_email_identity_free)

#define MSI_TYPE_ONBOARDING_CLIENT (msi_onboarding_client_get_type ())

G_DECLARE_FINAL_TYPE (MsiOnboardingClient, msi_onboarding_client, MSI, ONBOARDING_CLIENT, GObject)

GQuark               msi_onboarding_error_quark             (void);
/* @auth: the profile whose Actions URL the link named; signed out, or
 * signed in as the invited rep. */
MsiOnboardingClient *msi_onboarding_client_new              (MsiActionsAuth       *auth);
MsiActionsAuth      *msi_onboarding_client_get_auth         (MsiOnboardingClient  *self);

/* GET /api/v1/invitations/{token} (no auth). */
void                 msi_onboarding_client_lookup_invitation_async  (MsiOnboardingClient  *self,
                                                                     const char           *token,
                                                                     GCancellable         *cancellable,
                                                                     GAsyncReadyCallback   callback,
                                                                     gpointer              user_data);
MsiInvitationInfo   *msi_onboarding_client_lookup_invitation_finish (MsiOnboardingClient  *self,
                                                                     GAsyncResult         *result,
                                                                     GError              **error);

/* POST /api/v1/invitations/{token}: on success the auth is signed in as
 * the invited rep (tokens in libsecret via
 * msi_actions_auth_sign_in_with_tokens_async()); returns the progress. */
void                 msi_onboarding_client_redeem_async     (MsiOnboardingClient  *self,
                                                             const char           *token,
                                                             GCancellable         *cancellable,
                                                             GAsyncReadyCallback   callback,
                                                             gpointer              user_data);
MsiOnboardingProgress *msi_onboarding_client_redeem_finish  (MsiOnboardingClient  *self,
                                                             GAsyncResult         *result,
                                                             GError              **error);

/* GET /api/v1/me/onboarding (signed in as the rep). */
void                 msi_onboarding_client_get_progress_async  (MsiOnboardingClient  *self,
                                                                GCancellable         *cancellable,
                                                                GAsyncReadyCallback   callback,
                                                                gpointer              user_data);
MsiOnboardingProgress *msi_onboarding_client_get_progress_finish (MsiOnboardingClient  *self,
                                                                GAsyncResult         *result,
                                                                GError              **error);

/* PUT /api/v1/me/onboarding: @step is the page to show next;
 * @email_client NONE leaves it as it is. */
void                 msi_onboarding_client_set_step_async   (MsiOnboardingClient  *self,
                                                             MsiOnboardingStep     step,
                                                             MsiEmailClient        email_client,
                                                             GCancellable         *cancellable,
                                                             GAsyncReadyCallback   callback,
                                                             gpointer              user_data);
MsiOnboardingProgress *msi_onboarding_client_set_step_finish (MsiOnboardingClient  *self,
                                                             GAsyncResult         *result,
                                                             GError              **error);

/* GET /api/v1/me/email-identities: GPtrArray of MsiEmailIdentity. */
void                 msi_onboarding_client_list_email_identities_async  (MsiOnboardingClient  *self,
                                                                         GCancellable         *cancellable,
                                                                         GAsyncReadyCallback   callback,
                                                                         gpointer              user_data);
GPtrArray           *msi_onboarding_client_list_email_identities_finish (MsiOnboardingClient  *self,
                                                                         GAsyncResult         *result,
                                                                         GError              **error);

/* GET /api/v1/me/signature: the stored HTML ("" when none). */
void                 msi_onboarding_client_get_signature_async   (MsiOnboardingClient  *self,
                                                                  GCancellable         *cancellable,
                                                                  GAsyncReadyCallback   callback,
                                                                  gpointer              user_data);
char                *msi_onboarding_client_get_signature_finish  (MsiOnboardingClient  *self,
                                                                  GAsyncResult         *result,
                                                                  GError              **error);

/* PUT /api/v1/me/signature: @html is sanitized here first; returns the
 * HTML as the service stored it. */
void                 msi_onboarding_client_save_signature_async  (MsiOnboardingClient  *self,
                                                                  const char           *html,
                                                                  GCancellable         *cancellable,
                                                                  GAsyncReadyCallback   callback,
                                                                  gpointer              user_data);
char                *msi_onboarding_client_save_signature_finish (MsiOnboardingClient  *self,
                                                                  GAsyncResult         *result,
                                                                  GError              **error);

G_END_DECLS
