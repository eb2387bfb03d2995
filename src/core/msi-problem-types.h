/* SPDX-License-Identifier: GPL-3.0-or-later */
/* msi-problem-types.h: the RFC 9457 problem types of the Actions API */

#pragma once

/*
 * The "type" of a problem details reply, or of a connection's "error", when
 * the app has to tell one failure from another (docs/actions-api.yaml).
 * Any other type, or "about:blank", is shown with its title and detail.
 */
#define MSI_PROBLEM_TYPE_BASE "https://msiactions.github.io/problems/"

/* A service connection's consent or code exchange was refused. */
#define MSI_PROBLEM_CONNECTION_REFUSED            MSI_PROBLEM_TYPE_BASE "connection-refused"
/* Salesforce: the person declined or may not use the connected app. */
#define MSI_PROBLEM_SALESFORCE_ACCESS_DENIED      MSI_PROBLEM_TYPE_BASE "salesforce-access-denied"
/* Salesforce: a sandbox, trial or Developer Edition org where a production org is needed. */
#define MSI_PROBLEM_SALESFORCE_WRONG_ORG_TYPE     MSI_PROBLEM_TYPE_BASE "salesforce-wrong-org-type"
/* Salesforce: API_DISABLED_FOR_ORG, the edition has no API access. */
#define MSI_PROBLEM_SALESFORCE_API_DISABLED_ORG   MSI_PROBLEM_TYPE_BASE "salesforce-api-disabled-for-org"
/* Salesforce: API_CURRENTLY_DISABLED, the person's profile lacks API Enabled. */
#define MSI_PROBLEM_SALESFORCE_API_DISABLED_USER  MSI_PROBLEM_TYPE_BASE "salesforce-api-disabled-for-user"
/* Marketo: the automatic connection needs the activation's credentials. */
#define MSI_PROBLEM_MARKETO_NOT_ACTIVATED         MSI_PROBLEM_TYPE_BASE "marketo-not-activated"
/* Marketo: Identity refused the Client ID and Client Secret. */
#define MSI_PROBLEM_MARKETO_INVALID_CREDENTIALS   MSI_PROBLEM_TYPE_BASE "marketo-invalid-credentials"
/* Marketo: the API user's role lacks a permission (error 603). */
#define MSI_PROBLEM_MARKETO_ACCESS_DENIED         MSI_PROBLEM_TYPE_BASE "marketo-access-denied"
/* Marketo: the service could not reach the instance for the automatic connection. */
#define MSI_PROBLEM_MARKETO_UNREACHABLE           MSI_PROBLEM_TYPE_BASE "marketo-unreachable"
/* Marketo: the Munchkin ID is not the one the Sales account was activated with. */
#define MSI_PROBLEM_MARKETO_WRONG_INSTANCE        MSI_PROBLEM_TYPE_BASE "marketo-wrong-instance"
/* Activation: no admins, or admins who are not Marketo admins. */
#define MSI_PROBLEM_ACTIVATION_INVALID_ADMINS     MSI_PROBLEM_TYPE_BASE "activation-invalid-admins"

/* Data sync (issue 6) */
/* The Sales account is not connected to Marketo: no fields to read, nothing to sync. */
#define MSI_PROBLEM_SYNC_MARKETO_NOT_CONNECTED    MSI_PROBLEM_TYPE_BASE "sync-marketo-not-connected"
/* A selection names a field Marketo does not have. */
#define MSI_PROBLEM_SYNC_UNKNOWN_FIELD            MSI_PROBLEM_TYPE_BASE "sync-unknown-field"
/* A selection chooses a field that cannot be synced (deleted, formula, no or incompatible target). */
#define MSI_PROBLEM_SYNC_FIELD_UNAVAILABLE        MSI_PROBLEM_TYPE_BASE "sync-field-unavailable"
/* A selection chooses more fields than limits.syncedFields. */
#define MSI_PROBLEM_SYNC_OVER_LIMIT               MSI_PROBLEM_TYPE_BASE "sync-over-limit"
/* The preview has blocking problems: the sync cannot start. */
#define MSI_PROBLEM_SYNC_BLOCKED                  MSI_PROBLEM_TYPE_BASE "sync-blocked"
/* A sync job is queued or running already. */
#define MSI_PROBLEM_SYNC_JOB_RUNNING              MSI_PROBLEM_TYPE_BASE "sync-job-running"
/* The job ended (completed or failed) before it could be cancelled. */
#define MSI_PROBLEM_SYNC_JOB_FINISHED             MSI_PROBLEM_TYPE_BASE "sync-job-finished"

/* Onboarding (issue 7): the invitation link's token is not known */
#define MSI_PROBLEM_INVITATION_UNKNOWN            MSI_PROBLEM_TYPE_BASE "invitation-unknown"
/* 410: the invitation expired; the admin resends it */
#define MSI_PROBLEM_INVITATION_EXPIRED            MSI_PROBLEM_TYPE_BASE "invitation-expired"
/* 409: the onboarding of this invitation finished; sign in instead */
#define MSI_PROBLEM_INVITATION_USED               MSI_PROBLEM_TYPE_BASE "invitation-used"
/* 409: PUT /api/v1/me/onboarding to a step whose requirement is missing */
#define MSI_PROBLEM_ONBOARDING_STEP_NOT_READY     MSI_PROBLEM_TYPE_BASE "onboarding-step-not-ready"
/* 422: the signature is longer than MSI_SIGNATURE_MAX_LENGTH */
#define MSI_PROBLEM_SIGNATURE_TOO_LONG            MSI_PROBLEM_TYPE_BASE "signature-too-long"
/* Connection problems of /api/v1/me/connections (the "problem" member) */
#define MSI_PROBLEM_SALESFORCE_EMAIL_MISMATCH     MSI_PROBLEM_TYPE_BASE "salesforce-email-mismatch"
#define MSI_PROBLEM_SALESFORCE_API_DISABLED       MSI_PROBLEM_TYPE_BASE "salesforce-api-disabled"
/* A mailbox connection would add an e-mail identity over limits.emailIdentitiesPerUser
 * (the "problem" member; with "limit" and "address") */
#define MSI_PROBLEM_EMAIL_IDENTITY_LIMIT          MSI_PROBLEM_TYPE_BASE "email-identity-limit"
