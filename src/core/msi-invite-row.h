/* SPDX-License-Identifier: GPL-3.0-or-later */
/* msi-invite-row.h: one row of a CSV invitation file and what the plan says about it */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/* The fields an invitation file can hold. */
typedef enum
{
  MSI_INVITE_FIELD_IGNORE = -1,      /* a column not used */
  MSI_INVITE_FIELD_EMAIL,            /* required */
  MSI_INVITE_FIELD_FIRST_NAME,
  MSI_INVITE_FIELD_LAST_NAME,
  MSI_INVITE_FIELD_TEAM,             /* empty: Everyone */
  MSI_INVITE_FIELD_TITLE,
  MSI_INVITE_N_FIELDS,
} MsiInviteField;

typedef enum
{
  MSI_INVITE_STATUS_READY,
  MSI_INVITE_STATUS_INVALID_ADDRESS,  /* detail: the MsiEmailProblem */
  MSI_INVITE_STATUS_MISSING_FIELD,    /* a required field is empty */
  MSI_INVITE_STATUS_DUPLICATE,        /* same address on an earlier line (duplicate_of) */
  MSI_INVITE_STATUS_ALREADY_USER,
  MSI_INVITE_STATUS_ALREADY_INVITED,
  MSI_INVITE_STATUS_UNKNOWN_TEAM,     /* no such team (creating it was not chosen) */
  MSI_INVITE_STATUS_TEAM_LIMIT,       /* creating its team would pass the team limit */
  MSI_INVITE_STATUS_OVER_SEAT_LIMIT,  /* no seat left for it */
  MSI_INVITE_STATUS_MALFORMED_ROW,    /* ragged or stray quote (MsiCsvRowIssue) */
  MSI_INVITE_N_STATUSES,
} MsiInviteStatus;

#define MSI_TYPE_INVITE_FIELD  (msi_invite_field_get_type ())
#define MSI_TYPE_INVITE_STATUS (msi_invite_status_get_type ())
GType           msi_invite_field_get_type      (void) G_GNUC_CONST;
GType           msi_invite_status_get_type     (void) G_GNUC_CONST;

const char     *msi_invite_field_get_label     (MsiInviteField  field);   /* translated */
const char     *msi_invite_field_get_id        (MsiInviteField  field);   /* "email", "first-name", … for --json */
/* The field a column header names, in English, Dutch, German or French
 * ("E-mail", "E-mailadres", "Voornaam", "Nachname", "Prénom", "Équipe",
 * "Functie"…), ignoring case, accents, blanks and punctuation. */
MsiInviteField  msi_invite_field_guess         (const char     *header);
const char     *msi_invite_status_get_label    (MsiInviteStatus status);  /* translated, short: "Ready", "Duplicate" */
const char     *msi_invite_status_get_id       (MsiInviteStatus status);  /* "ready", "duplicate", … for --json */

#define MSI_TYPE_INVITE_ROW (msi_invite_row_get_type ())

G_DECLARE_FINAL_TYPE (MsiInviteRow, msi_invite_row, MSI, INVITE_ROW, GObject)

/* Made by MsiInvitePlan on demand; read-only. */
guint           msi_invite_row_get_row         (MsiInviteRow   *self);   /* 0-based data row */
guint           msi_invite_row_get_line        (MsiInviteRow   *self);   /* 1-based line in the file */
MsiInviteStatus msi_invite_row_get_status      (MsiInviteRow   *self);
/* A translated sentence saying why the row is not ready, naming the field,
 * line or limit ("Same address as line 12"), or NULL when ready. */
const char     *msi_invite_row_get_reason      (MsiInviteRow   *self);
/* The mapped field's value (unescaped, trimmed), or "" */
const char     *msi_invite_row_get_field       (MsiInviteRow   *self,
                                                MsiInviteField  field);
/* For MSI_INVITE_STATUS_DUPLICATE, the line of the first occurrence. */
guint           msi_invite_row_get_duplicate_of (MsiInviteRow  *self);

G_END_DECLS
