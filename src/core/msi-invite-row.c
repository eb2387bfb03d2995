/* SPDX-License-Identifier: GPL-3.0-or-later */
/* msi-invite-row.c: one row of a CSV invitation file and what the plan says about it */

#define G_LOG_DOMAIN "msi-invite-row"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "msi-invite-row.h"
#include "msi-invite-row-private.h"

G_DEFINE_ENUM_TYPE (MsiInviteField, msi_invite_field,
  G_DEFINE_ENUM_VALUE (MSI_INVITE_FIELD_IGNORE, "ignore"),
  G_DEFINE_ENUM_VALUE (MSI_INVITE_FIELD_EMAIL, "email"),
  G_DEFINE_ENUM_VALUE (MSI_INVITE_FIELD_FIRST_NAME, "first-name"),
  G_DEFINE_ENUM_VALUE (MSI_INVITE_FIELD_LAST_NAME, "last-name"),
  G_DEFINE_ENUM_VALUE (MSI_INVITE_FIELD_TEAM, "team"),
  G_DEFINE_ENUM_VALUE (MSI_INVITE_FIELD_TITLE, "title"))

G_DEFINE_ENUM_TYPE (MsiInviteStatus, msi_invite_status,
  G_DEFINE_ENUM_VALUE (MSI_INVITE_STATUS_READY, "ready"),
  G_DEFINE_ENUM_VALUE (MSI_INVITE_STATUS_INVALID_ADDRESS, "invalid-address"),
  G_DEFINE_ENUM_VALUE (MSI_INVITE_STATUS_MISSING_FIELD, "missing-field"),
  G_DEFINE_ENUM_VALUE (MSI_INVITE_STATUS_DUPLICATE, "duplicate"),
  G_DEFINE_ENUM_VALUE (MSI_INVITE_STATUS_ALREADY_USER, "already-user"),
  G_DEFINE_ENUM_VALUE (MSI_INVITE_STATUS_ALREADY_INVITED, "already-invited"),
  G_DEFINE_ENUM_VALUE (MSI_INVITE_STATUS_UNKNOWN_TEAM, "unknown-team"),
  G_DEFINE_ENUM_VALUE (MSI_INVITE_STATUS_TEAM_LIMIT, "team-limit"),
  G_DEFINE_ENUM_VALUE (MSI_INVITE_STATUS_OVER_SEAT_LIMIT, "over-seat-limit"),
  G_DEFINE_ENUM_VALUE (MSI_INVITE_STATUS_MALFORMED_ROW, "malformed-row"))

/* Fields */

static const struct
{
  const char *id;
  const char *label;
} fields[MSI_INVITE_N_FIELDS] = {
  [MSI_INVITE_FIELD_EMAIL] = { "email", N_("E-mail address") },
  [MSI_INVITE_FIELD_FIRST_NAME] = { "first-name", N_("First name") },
  [MSI_INVITE_FIELD_LAST_NAME] = { "last-name", N_("Last name") },
  [MSI_INVITE_FIELD_TEAM] = { "team", N_("Team") },
  [MSI_INVITE_FIELD_TITLE] = { "title", N_("Job title") },
};

/**
 * msi_invite_field_get_label:
 * @field: a field, or %MSI_INVITE_FIELD_IGNORE
 *
 * Returns: the field's translated name, for column mapping and headings
 */
const char *
msi_invite_field_get_label (MsiInviteField field)
{
  if (field >= 0 && field < MSI_INVITE_N_FIELDS)
    return _(fields[field].label);

  /* TRANSLATORS: a column of the file that is not imported */
  return _("Not imported");
}

/**
 * msi_invite_field_get_id:
 * @field: a field, or %MSI_INVITE_FIELD_IGNORE
 *
 * Returns: a stable name for @field: "email", "first-name", "last-name",
 *   "team", "title" or "ignore"
 */
const char *
msi_invite_field_get_id (MsiInviteField field)
{
  if (field >= 0 && field < MSI_INVITE_N_FIELDS)
    return fields[field].id;

  return "ignore";
}

/* Header names, folded as fold_header() does, in English, Dutch, German
 * and French. */
static const struct
{
  const char     *folded;
  MsiInviteField  field;
} synonyms[] = {
  /* English */
  { "email", MSI_INVITE_FIELD_EMAIL },
  { "emails", MSI_INVITE_FIELD_EMAIL },
  { "mail", MSI_INVITE_FIELD_EMAIL },
  { "emailaddress", MSI_INVITE_FIELD_EMAIL },
  { "mailaddress", MSI_INVITE_FIELD_EMAIL },
  { "workemail", MSI_INVITE_FIELD_EMAIL },
  { "businessemail", MSI_INVITE_FIELD_EMAIL },
  { "workemailaddress", MSI_INVITE_FIELD_EMAIL },
  { "emailaddresses", MSI_INVITE_FIELD_EMAIL },
  { "firstname", MSI_INVITE_FIELD_FIRST_NAME },
  { "first", MSI_INVITE_FIELD_FIRST_NAME },
  { "givenname", MSI_INVITE_FIELD_FIRST_NAME },
  { "forename", MSI_INVITE_FIELD_FIRST_NAME },
  { "lastname", MSI_INVITE_FIELD_LAST_NAME },
  { "last", MSI_INVITE_FIELD_LAST_NAME },
  { "surname", MSI_INVITE_FIELD_LAST_NAME },
  { "familyname", MSI_INVITE_FIELD_LAST_NAME },
  { "team", MSI_INVITE_FIELD_TEAM },
  { "teamname", MSI_INVITE_FIELD_TEAM },
  { "group", MSI_INVITE_FIELD_TEAM },
  { "groupname", MSI_INVITE_FIELD_TEAM },
  { "title", MSI_INVITE_FIELD_TITLE },
  { "jobtitle", MSI_INVITE_FIELD_TITLE },
  { "position", MSI_INVITE_FIELD_TITLE },
  { "jobposition", MSI_INVITE_FIELD_TITLE },
  /* Dutch */
  { "emailadres", MSI_INVITE_FIELD_EMAIL },
  { "mailadres", MSI_INVITE_FIELD_EMAIL },
  { "emailadressen", MSI_INVITE_FIELD_EMAIL },
  { "voornaam", MSI_INVITE_FIELD_FIRST_NAME },
  { "roepnaam", MSI_INVITE_FIELD_FIRST_NAME },
  { "achternaam", MSI_INVITE_FIELD_LAST_NAME },
  { "familienaam", MSI_INVITE_FIELD_LAST_NAME },
  { "groep", MSI_INVITE_FIELD_TEAM },
  { "teamnaam", MSI_INVITE_FIELD_TEAM },
  { "functie", MSI_INVITE_FIELD_TITLE },
  { "functietitel", MSI_INVITE_FIELD_TITLE },
  { "functienaam", MSI_INVITE_FIELD_TITLE },
  { "titel", MSI_INVITE_FIELD_TITLE },
  /* German */
  { "emailadresse", MSI_INVITE_FIELD_EMAIL },
  { "mailadresse", MSI_INVITE_FIELD_EMAIL },
  { "vorname", MSI_INVITE_FIELD_FIRST_NAME },
  { "nachname", MSI_INVITE_FIELD_LAST_NAME },
  { "familienname", MSI_INVITE_FIELD_LAST_NAME },
  { "zuname", MSI_INVITE_FIELD_LAST_NAME },
  { "gruppe", MSI_INVITE_FIELD_TEAM },
  { "berufsbezeichnung", MSI_INVITE_FIELD_TITLE },
  { "stellenbezeichnung", MSI_INVITE_FIELD_TITLE },
  { "jobtitel", MSI_INVITE_FIELD_TITLE },
  /* French */
  { "courriel", MSI_INVITE_FIELD_EMAIL },
  { "adresseemail", MSI_INVITE_FIELD_EMAIL },
  { "adressemail", MSI_INVITE_FIELD_EMAIL },
  { "adressecourriel", MSI_INVITE_FIELD_EMAIL },
  { "adressedecourriel", MSI_INVITE_FIELD_EMAIL },
  { "adresseelectronique", MSI_INVITE_FIELD_EMAIL },
  { "prenom", MSI_INVITE_FIELD_FIRST_NAME },
  { "nom", MSI_INVITE_FIELD_LAST_NAME },
  { "nomdefamille", MSI_INVITE_FIELD_LAST_NAME },
  { "equipe", MSI_INVITE_FIELD_TEAM },
  { "groupe", MSI_INVITE_FIELD_TEAM },
  { "nomdelequipe", MSI_INVITE_FIELD_TEAM },
  { "poste", MSI_INVITE_FIELD_TITLE },
  { "intitule", MSI_INVITE_FIELD_TITLE },
  { "intituledeposte", MSI_INVITE_FIELD_TITLE },
  { "intituleduposte", MSI_INVITE_FIELD_TITLE },
  { "fonction", MSI_INVITE_FIELD_TITLE },
  { "titre", MSI_INVITE_FIELD_TITLE },
};

/* Longer headers are not names of fields. */
#define MAX_FOLDED 64

/* Writes @header into @out (MAX_FOLDED bytes) in lower case, without
 * accents, blanks, punctuation or anything in parentheses ("E-Mail-Adresse"
 * → "emailadresse", "Prénom (optional)" → "prenom"). Returns FALSE when it
 * does not fit. */
static gboolean
fold_header (const char *header,
             char       *out)
{
  gsize n = 0;
  guint depth = 0;

  for (const char *p = header; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      gunichar parts[G_UNICHAR_MAX_DECOMPOSITION_LENGTH];
      gsize n_parts;

      if (c == '(' || c == '[')
        depth++;
      else if ((c == ')' || c == ']') && depth > 0)
        depth--;
      if (depth > 0)
        continue;

      n_parts = g_unichar_fully_decompose (c, TRUE, parts, G_N_ELEMENTS (parts));
      for (gsize i = 0; i < n_parts; i++)
        {
          gunichar part = g_unichar_tolower (parts[i]);

          if (!g_unichar_isalnum (part))
            continue;   /* marks, blanks, punctuation, symbols */

          if (n + 7 >= MAX_FOLDED)
            return FALSE;
          n += g_unichar_to_utf8 (part, out + n);
        }
    }

  out[n] = '\0';
  return TRUE;
}

/**
 * msi_invite_field_guess:
 * @header: (nullable): a column's header
 *
 * Returns: the field @header names, or %MSI_INVITE_FIELD_IGNORE
 */
MsiInviteField
msi_invite_field_guess (const char *header)
{
  char folded[MAX_FOLDED];

  if (header == NULL || !g_utf8_validate (header, -1, NULL))
    return MSI_INVITE_FIELD_IGNORE;
  if (!fold_header (header, folded) || folded[0] == '\0')
    return MSI_INVITE_FIELD_IGNORE;

  for (guint i = 0; i < G_N_ELEMENTS (synonyms); i++)
    {
      if (strcmp (folded, synonyms[i].folded) == 0)
        return synonyms[i].field;
    }

  return MSI_INVITE_FIELD_IGNORE;
}

/* Statuses */

static const struct
{
  const char *id;
  const char *label;
} statuses[MSI_INVITE_N_STATUSES] = {
  [MSI_INVITE_STATUS_READY] = { "ready", N_("Ready") },
  [MSI_INVITE_STATUS_INVALID_ADDRESS] = { "invalid-address", N_("Invalid address") },
  [MSI_INVITE_STATUS_MISSING_FIELD] = { "missing-field", N_("Empty field") },
  [MSI_INVITE_STATUS_DUPLICATE] = { "duplicate", N_("Duplicate") },
  [MSI_INVITE_STATUS_ALREADY_USER] = { "already-user", N_("Already a user") },
  [MSI_INVITE_STATUS_ALREADY_INVITED] = { "already-invited", N_("Already invited") },
  [MSI_INVITE_STATUS_UNKNOWN_TEAM] = { "unknown-team", N_("Unknown team") },
  [MSI_INVITE_STATUS_TEAM_LIMIT] = { "team-limit", N_("Too many teams") },
  [MSI_INVITE_STATUS_OVER_SEAT_LIMIT] = { "over-seat-limit", N_("No seat left") },
  [MSI_INVITE_STATUS_MALFORMED_ROW] = { "malformed-row", N_("Malformed row") },
};

/**
 * msi_invite_status_get_label:
 * @status: a row's status
 *
 * Returns: a short translated name for @status ("Ready", "Duplicate"…)
 */
const char *
msi_invite_status_get_label (MsiInviteStatus status)
{
  g_return_val_if_fail (status >= 0 && status < MSI_INVITE_N_STATUSES, "");

  return _(statuses[status].label);
}

/**
 * msi_invite_status_get_id:
 * @status: a row's status
 *
 * Returns: a stable name for @status ("ready", "duplicate"…)
 */
const char *
msi_invite_status_get_id (MsiInviteStatus status)
{
  g_return_val_if_fail (status >= 0 && status < MSI_INVITE_N_STATUSES, "");

  return statuses[status].id;
}

/* Rows */

struct _MsiInviteRow
{
  GObject          parent_instance;

  guint            row;
  guint            line;
  MsiInviteStatus  status;
  guint            duplicate_of;
  char            *reason;
  char            *fields[MSI_INVITE_N_FIELDS];
};

G_DEFINE_FINAL_TYPE (MsiInviteRow, msi_invite_row, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ROW,
  PROP_LINE,
  PROP_STATUS,
  PROP_REASON,
  PROP_EMAIL,
  PROP_FIRST_NAME,
  PROP_LAST_NAME,
  PROP_TEAM,
  PROP_TITLE,
  PROP_DUPLICATE_OF,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
msi_invite_row_finalize (GObject *object)
{
  MsiInviteRow *self = MSI_INVITE_ROW (object);

  g_free (self->reason);
  for (guint i = 0; i < MSI_INVITE_N_FIELDS; i++)
    g_free (self->fields[i]);

  G_OBJECT_CLASS (msi_invite_row_parent_class)->finalize (object);
}

static void
msi_invite_row_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  MsiInviteRow *self = MSI_INVITE_ROW (object);

  switch (prop_id)
    {
    case PROP_ROW:
      g_value_set_uint (value, self->row);
      break;
    case PROP_LINE:
      g_value_set_uint (value, self->line);
      break;
    case PROP_STATUS:
      g_value_set_enum (value, self->status);
      break;
    case PROP_REASON:
      g_value_set_string (value, self->reason);
      break;
    case PROP_EMAIL:
      g_value_set_string (value, msi_invite_row_get_field (self, MSI_INVITE_FIELD_EMAIL));
      break;
    case PROP_FIRST_NAME:
      g_value_set_string (value, msi_invite_row_get_field (self, MSI_INVITE_FIELD_FIRST_NAME));
      break;
    case PROP_LAST_NAME:
      g_value_set_string (value, msi_invite_row_get_field (self, MSI_INVITE_FIELD_LAST_NAME));
      break;
    case PROP_TEAM:
      g_value_set_string (value, msi_invite_row_get_field (self, MSI_INVITE_FIELD_TEAM));
      break;
    case PROP_TITLE:
      g_value_set_string (value, msi_invite_row_get_field (self, MSI_INVITE_FIELD_TITLE));
      break;
    case PROP_DUPLICATE_OF:
      g_value_set_uint (value, self->duplicate_of);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
msi_invite_row_class_init (MsiInviteRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS;

  object_class->finalize = msi_invite_row_finalize;
  object_class->get_property = msi_invite_row_get_property;

  properties[PROP_ROW] =
    g_param_spec_uint ("row", NULL, NULL, 0, G_MAXUINT, 0, flags);
  properties[PROP_LINE] =
    g_param_spec_uint ("line", NULL, NULL, 0, G_MAXUINT, 0, flags);
  properties[PROP_STATUS] =
    g_param_spec_enum ("status", NULL, NULL, MSI_TYPE_INVITE_STATUS,
                       MSI_INVITE_STATUS_READY, flags);
  properties[PROP_REASON] =
    g_param_spec_string ("reason", NULL, NULL, NULL, flags);
  properties[PROP_EMAIL] =
    g_param_spec_string ("email", NULL, NULL, "", flags);
  properties[PROP_FIRST_NAME] =
    g_param_spec_string ("first-name", NULL, NULL, "", flags);
  properties[PROP_LAST_NAME] =
    g_param_spec_string ("last-name", NULL, NULL, "", flags);
  properties[PROP_TEAM] =
    g_param_spec_string ("team", NULL, NULL, "", flags);
  properties[PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL, "", flags);
  properties[PROP_DUPLICATE_OF] =
    g_param_spec_uint ("duplicate-of", NULL, NULL, 0, G_MAXUINT, 0, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
msi_invite_row_init (MsiInviteRow *self)
{
}

/**
 * msi_invite_row_new:
 * @row: the 0-based data row
 * @line: the 1-based line in the file where the row starts
 * @status: what the plan says
 * @reason: (nullable): why it is not ready
 * @duplicate_of: for a duplicate, the line of the first occurrence
 * @fields: (array fixed-size=5): the mapped values, %NULL for unmapped fields
 *
 * Returns: (transfer full): a read-only row
 */
MsiInviteRow *
msi_invite_row_new (guint               row,
                    guint               line,
                    MsiInviteStatus     status,
                    const char         *reason,
                    guint               duplicate_of,
                    const char * const *values)
{
  MsiInviteRow *self = g_object_new (MSI_TYPE_INVITE_ROW, NULL);

  self->row = row;
  self->line = line;
  self->status = status;
  self->reason = g_strdup (reason);
  self->duplicate_of = duplicate_of;
  if (values != NULL)
    {
      for (guint i = 0; i < MSI_INVITE_N_FIELDS; i++)
        self->fields[i] = g_strdup (values[i]);
    }

  return self;
}

guint
msi_invite_row_get_row (MsiInviteRow *self)
{
  g_return_val_if_fail (MSI_IS_INVITE_ROW (self), 0);

  return self->row;
}

guint
msi_invite_row_get_line (MsiInviteRow *self)
{
  g_return_val_if_fail (MSI_IS_INVITE_ROW (self), 0);

  return self->line;
}

MsiInviteStatus
msi_invite_row_get_status (MsiInviteRow *self)
{
  g_return_val_if_fail (MSI_IS_INVITE_ROW (self), MSI_INVITE_STATUS_READY);

  return self->status;
}

const char *
msi_invite_row_get_reason (MsiInviteRow *self)
{
  g_return_val_if_fail (MSI_IS_INVITE_ROW (self), NULL);

  return self->reason;
}

const char *
msi_invite_row_get_field (MsiInviteRow   *self,
                          MsiInviteField  field)
{
  g_return_val_if_fail (MSI_IS_INVITE_ROW (self), "");

  if (field < 0 || field >= MSI_INVITE_N_FIELDS || self->fields[field] == NULL)
    return "";

  return self->fields[field];
}

guint
msi_invite_row_get_duplicate_of (MsiInviteRow *self)
{
  g_return_val_if_fail (MSI_IS_INVITE_ROW (self), 0);

  return self->duplicate_of;
}
