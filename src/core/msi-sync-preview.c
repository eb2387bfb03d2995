/* SPDX-License-Identifier: GPL-3.0-or-later */
/* msi-sync-preview.c: what the next sync would do to each field, and what stops it */

#define G_LOG_DOMAIN "msi-sync-preview"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "msi-error.h"
#include "msi-sync-preview.h"

G_DEFINE_ENUM_TYPE (MsiSyncConversion, msi_sync_conversion,
  G_DEFINE_ENUM_VALUE (MSI_SYNC_CONVERSION_NONE, "none"),
  G_DEFINE_ENUM_VALUE (MSI_SYNC_CONVERSION_LOSSLESS, "lossless"),
  G_DEFINE_ENUM_VALUE (MSI_SYNC_CONVERSION_LOSSY, "lossy"),
  G_DEFINE_ENUM_VALUE (MSI_SYNC_CONVERSION_INCOMPATIBLE, "incompatible"))

G_DEFINE_ENUM_TYPE (MsiSyncLoss, msi_sync_loss,
  G_DEFINE_ENUM_VALUE (MSI_SYNC_LOSS_NONE, "none"),
  G_DEFINE_ENUM_VALUE (MSI_SYNC_LOSS_ROUNDED, "rounded"),
  G_DEFINE_ENUM_VALUE (MSI_SYNC_LOSS_TIME_DROPPED, "time-dropped"),
  G_DEFINE_ENUM_VALUE (MSI_SYNC_LOSS_UNPARSED_EMPTIED, "unparsed-emptied"),
  G_DEFINE_ENUM_VALUE (MSI_SYNC_LOSS_INVALID_EMPTIED, "invalid-emptied"),
  G_DEFINE_ENUM_VALUE (MSI_SYNC_LOSS_ZERO_FALSE, "zero-false"))

G_DEFINE_FLAGS_TYPE (MsiSyncChange, msi_sync_change,
  G_DEFINE_ENUM_VALUE (MSI_SYNC_CHANGE_NONE, "none"),
  G_DEFINE_ENUM_VALUE (MSI_SYNC_CHANGE_ADDED, "added"),
  G_DEFINE_ENUM_VALUE (MSI_SYNC_CHANGE_REMOVED, "removed"),
  G_DEFINE_ENUM_VALUE (MSI_SYNC_CHANGE_TYPE_CHANGED, "type-changed"),
  G_DEFINE_ENUM_VALUE (MSI_SYNC_CHANGE_LENGTH_CHANGED, "length-changed"),
  G_DEFINE_ENUM_VALUE (MSI_SYNC_CHANGE_TARGET_CHANGED, "target-changed"))

G_DEFINE_ENUM_TYPE (MsiSyncSeverity, msi_sync_severity,
  G_DEFINE_ENUM_VALUE (MSI_SYNC_SEVERITY_NONE, "none"),
  G_DEFINE_ENUM_VALUE (MSI_SYNC_SEVERITY_INFO, "info"),
  G_DEFINE_ENUM_VALUE (MSI_SYNC_SEVERITY_WARNING, "warning"),
  G_DEFINE_ENUM_VALUE (MSI_SYNC_SEVERITY_BLOCKING, "blocking"))

G_DEFINE_ENUM_TYPE (MsiSyncProblemKind, msi_sync_problem_kind,
  G_DEFINE_ENUM_VALUE (MSI_SYNC_PROBLEM_NO_FIELDS, "no-fields"),
  G_DEFINE_ENUM_VALUE (MSI_SYNC_PROBLEM_OVER_LIMIT, "over-limit"),
  G_DEFINE_ENUM_VALUE (MSI_SYNC_PROBLEM_UNAVAILABLE, "unavailable"),
  G_DEFINE_ENUM_VALUE (MSI_SYNC_PROBLEM_INCOMPATIBLE, "incompatible"),
  G_DEFINE_ENUM_VALUE (MSI_SYNC_PROBLEM_SHARED_TARGET, "shared-target"),
  G_DEFINE_ENUM_VALUE (MSI_SYNC_PROBLEM_LOSSY, "lossy"),
  G_DEFINE_ENUM_VALUE (MSI_SYNC_PROBLEM_TRUNCATED, "truncated"),
  G_DEFINE_ENUM_VALUE (MSI_SYNC_PROBLEM_REMOVED, "removed"),
  G_DEFINE_ENUM_VALUE (MSI_SYNC_PROBLEM_TYPE_CHANGED, "type-changed"),
  G_DEFINE_ENUM_VALUE (MSI_SYNC_PROBLEM_TARGET_CHANGED, "target-changed"))

/* The nick of @value in the enum type @type. */
static const char *
enum_nick (GType type,
           int   value)
{
  GEnumClass *klass = g_type_class_ref (type);
  GEnumValue *found = g_enum_get_value (klass, value);

  g_type_class_unref (klass);  /* static types: the class stays */
  return found != NULL ? found->value_nick : NULL;
}

const char *
msi_sync_conversion_get_id (MsiSyncConversion conversion)
{
  return enum_nick (MSI_TYPE_SYNC_CONVERSION, conversion);
}

const char *
msi_sync_loss_get_id (MsiSyncLoss loss)
{
  return enum_nick (MSI_TYPE_SYNC_LOSS, loss);
}

const char *
msi_sync_severity_get_id (MsiSyncSeverity severity)
{
  return enum_nick (MSI_TYPE_SYNC_SEVERITY, severity);
}

const char *
msi_sync_problem_kind_get_id (MsiSyncProblemKind kind)
{
  return enum_nick (MSI_TYPE_SYNC_PROBLEM_KIND, kind);
}

GStrv
msi_sync_change_dup_ids (MsiSyncChange changes)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  GFlagsClass *klass = g_type_class_ref (MSI_TYPE_SYNC_CHANGE);

  for (guint i = 0; i < klass->n_values; i++)
    if (klass->values[i].value != 0 && (changes & klass->values[i].value) != 0)
      g_strv_builder_add (builder, klass->values[i].value_nick);

  g_type_class_unref (klass);
  return g_strv_builder_end (builder);
}

MsiSyncSeverity
msi_sync_problem_kind_get_severity (MsiSyncProblemKind kind)
{
  return kind <= MSI_SYNC_PROBLEM_SHARED_TARGET ? MSI_SYNC_SEVERITY_BLOCKING
                                                : MSI_SYNC_SEVERITY_WARNING;
}

/* The conversion table */

typedef enum
{
  KIND_FREE_TEXT,    /* string, text area */
  KIND_CHECKED_TEXT, /* e-mail, phone, URL, reference: text of one form */
  KIND_WHOLE,        /* integer, score, percent */
  KIND_DECIMAL,      /* float, currency */
  KIND_BOOLEAN,
  KIND_DATE,
  KIND_DATETIME,
  KIND_FORMULA,
} Kind;

static Kind
kind_of (MsiSyncDataType type)
{
  switch (type)
    {
    case MSI_SYNC_DATA_TYPE_STRING:
    case MSI_SYNC_DATA_TYPE_TEXT:
      return KIND_FREE_TEXT;
    case MSI_SYNC_DATA_TYPE_EMAIL:
    case MSI_SYNC_DATA_TYPE_PHONE:
    case MSI_SYNC_DATA_TYPE_URL:
    case MSI_SYNC_DATA_TYPE_REFERENCE:
      return KIND_CHECKED_TEXT;
    case MSI_SYNC_DATA_TYPE_INTEGER:
    case MSI_SYNC_DATA_TYPE_SCORE:
    case MSI_SYNC_DATA_TYPE_PERCENT:
      return KIND_WHOLE;
    case MSI_SYNC_DATA_TYPE_FLOAT:
    case MSI_SYNC_DATA_TYPE_CURRENCY:
      return KIND_DECIMAL;
    case MSI_SYNC_DATA_TYPE_BOOLEAN:
      return KIND_BOOLEAN;
    case MSI_SYNC_DATA_TYPE_DATE:
      return KIND_DATE;
    case MSI_SYNC_DATA_TYPE_DATETIME:
      return KIND_DATETIME;
    case MSI_SYNC_DATA_TYPE_FORMULA:
    case MSI_SYNC_N_DATA_TYPES:
    default:
      return KIND_FORMULA;
    }
}

#define LL MSI_SYNC_CONVERSION_LOSSLESS
#define LY MSI_SYNC_CONVERSION_LOSSY
#define XX MSI_SYNC_CONVERSION_INCOMPATIBLE

/* By kind (source row, target column), for two different types. */
static const struct
{
  MsiSyncConversion conversion;
  MsiSyncLoss       loss;
} table[KIND_FORMULA][KIND_FORMULA] = {
  /*                   free text   checked text                             whole                                     decimal                                   boolean                                   date                                      date and time */
  [KIND_FREE_TEXT]    = { { LL, 0 }, { LY, MSI_SYNC_LOSS_INVALID_EMPTIED }, { LY, MSI_SYNC_LOSS_UNPARSED_EMPTIED }, { LY, MSI_SYNC_LOSS_UNPARSED_EMPTIED }, { LY, MSI_SYNC_LOSS_UNPARSED_EMPTIED }, { LY, MSI_SYNC_LOSS_UNPARSED_EMPTIED }, { LY, MSI_SYNC_LOSS_UNPARSED_EMPTIED } },
  [KIND_CHECKED_TEXT] = { { LL, 0 }, { LY, MSI_SYNC_LOSS_INVALID_EMPTIED }, { LY, MSI_SYNC_LOSS_UNPARSED_EMPTIED }, { LY, MSI_SYNC_LOSS_UNPARSED_EMPTIED }, { LY, MSI_SYNC_LOSS_UNPARSED_EMPTIED }, { LY, MSI_SYNC_LOSS_UNPARSED_EMPTIED }, { LY, MSI_SYNC_LOSS_UNPARSED_EMPTIED } },
  [KIND_WHOLE]        = { { LL, 0 }, { XX, 0 },                             { LL, 0 },                                { LL, 0 },                                { LY, MSI_SYNC_LOSS_ZERO_FALSE },         { XX, 0 },                                { XX, 0 } },
  [KIND_DECIMAL]      = { { LL, 0 }, { XX, 0 },                             { LY, MSI_SYNC_LOSS_ROUNDED },            { LL, 0 },                                { LY, MSI_SYNC_LOSS_ZERO_FALSE },         { XX, 0 },                                { XX, 0 } },
  [KIND_BOOLEAN]      = { { LL, 0 }, { XX, 0 },                             { LL, 0 },                                { LL, 0 },                                { LL, 0 },                                { XX, 0 },                                { XX, 0 } },
  [KIND_DATE]         = { { LL, 0 }, { XX, 0 },                             { XX, 0 },                                { XX, 0 },                                { XX, 0 },                                { LL, 0 },                                { LL, 0 } },
  [KIND_DATETIME]     = { { LL, 0 }, { XX, 0 },                             { XX, 0 },                                { XX, 0 },                                { XX, 0 },                                { LY, MSI_SYNC_LOSS_TIME_DROPPED },       { LL, 0 } },
};

#undef LL
#undef LY
#undef XX

MsiSyncConversion
msi_sync_conversion_for (MsiSyncDataType  source,
                         MsiSyncDataType  target,
                         MsiSyncLoss     *loss)
{
  Kind from;
  Kind to;

  g_return_val_if_fail (source < MSI_SYNC_N_DATA_TYPES, MSI_SYNC_CONVERSION_INCOMPATIBLE);
  g_return_val_if_fail (target < MSI_SYNC_N_DATA_TYPES, MSI_SYNC_CONVERSION_INCOMPATIBLE);

  if (loss != NULL)
    *loss = MSI_SYNC_LOSS_NONE;

  from = kind_of (source);
  to = kind_of (target);
  if (from == KIND_FORMULA || to == KIND_FORMULA)
    return MSI_SYNC_CONVERSION_INCOMPATIBLE;
  if (source == target)
    return MSI_SYNC_CONVERSION_NONE;

  if (loss != NULL)
    *loss = table[from][to].loss;
  return table[from][to].conversion;
}

/* Numbers in sentences, grouped as the locale groups them ("30,000"). */
static char *
format_number (gint64 n)
{
  return g_strdup_printf ("%'" G_GINT64_FORMAT, n);
}

/* Selection */

static gboolean
counts_toward_limit (MsiSyncField *field)
{
  return msi_sync_field_get_selected (field) && !msi_sync_field_get_always_synced (field);
}

guint
msi_sync_selection_count (GPtrArray *fields)
{
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  guint n = 0;

  g_return_val_if_fail (fields != NULL, 0);

  for (guint i = 0; i < fields->len; i++)
    {
      MsiSyncField *field = g_ptr_array_index (fields, i);

      if (counts_toward_limit (field) &&
          g_hash_table_add (seen, (gpointer)msi_sync_field_get_name (field)))
        n++;
    }

  return n;
}

/* Why @field cannot be synced as it stands (unavailable or incompatible),
 * or NULL. */
static char *
dup_cannot_sync_reason (MsiSyncField *field)
{
  MsiSyncDataType source = msi_sync_field_get_data_type (field);
  MsiSyncDataType target = msi_sync_field_get_target_type (field);
  char *reason = msi_sync_field_dup_unavailable_reason (field);

  if (reason != NULL)
    return reason;

  if (msi_sync_conversion_for (source, target, NULL) == MSI_SYNC_CONVERSION_INCOMPATIBLE)
    /* Translators: “Birthday” (Date in Marketo) cannot be synced: the Sales
     * account field “Score” (Integer) cannot hold its values. */
    return g_strdup_printf (_("“%s” (%s in Marketo) cannot be synced: the Sales account field "
                              "“%s” (%s) cannot hold its values."),
                            msi_sync_field_get_label (field),
                            msi_sync_data_type_get_label (source),
                            msi_sync_field_get_target_label (field),
                            msi_sync_data_type_get_label (target));

  return NULL;
}

gboolean
msi_sync_selection_can_select (MsiSyncField  *field,
                               guint          n_selected,
                               guint          limit,
                               char         **reason)
{
  g_autofree char *why = NULL;

  g_return_val_if_fail (MSI_IS_SYNC_FIELD (field), FALSE);
  g_return_val_if_fail (reason == NULL || *reason == NULL, FALSE);

  if (msi_sync_field_get_always_synced (field))
    why = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                        "“%s” is always synced and does not count toward the "
                                        "%u field you can choose.",
                                        "“%s” is always synced and does not count toward the "
                                        "%u fields you can choose.", limit),
                           msi_sync_field_get_label (field), limit);
  else if (msi_sync_field_get_selected (field))
    return TRUE;
  else if ((why = dup_cannot_sync_reason (field)) != NULL)
    ;
  else if (n_selected >= limit)
    {
      g_autofree char *at_most = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                               "The Sales account syncs at most %u field.",
                                                               "The Sales account syncs at most %u fields.",
                                                               limit), limit);
      g_autofree char *selected = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                                "%u is selected already: unselect "
                                                                "one to choose “%s”.",
                                                                "%u are selected already: unselect "
                                                                "one to choose “%s”.", n_selected),
                                                   n_selected, msi_sync_field_get_label (field));

      why = g_strconcat (at_most, " ", selected, NULL);
    }
  else
    return TRUE;

  if (reason != NULL)
    *reason = g_steal_pointer (&why);
  return FALSE;
}

char *
msi_sync_selection_describe_count (guint n_selected,
                                   guint limit)
{
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                       "%u of %u field selected",
                                       "%u of %u fields selected", limit),
                          n_selected, limit);
}

/* Entries and problems */

typedef struct
{
  MsiSyncSeverity severity;
  char           *text;
} Note;

struct _MsiSyncPreviewEntry
{
  MsiSyncField     *field;
  MsiSyncField     *previous;
  MsiSyncConversion conversion;
  MsiSyncLoss       loss;
  gboolean          truncated;
  int               source_length;
  int               target_length;
  MsiSyncChange     changes;
  MsiSyncSeverity   severity;
  GArray           *notes;        /* Note, while computing */
  GStrv             note_texts;   /* most severe first */
};

struct _MsiSyncProblem
{
  MsiSyncProblemKind kind;
  MsiSyncSeverity    severity;
  char              *field_name;
  char              *message;
};

static void
note_clear (Note *note)
{
  g_free (note->text);
}

static void
entry_free (MsiSyncPreviewEntry *entry)
{
  g_clear_object (&entry->field);
  g_clear_object (&entry->previous);
  g_clear_pointer (&entry->notes, g_array_unref);
  g_strfreev (entry->note_texts);
  g_free (entry);
}

static void
problem_free (MsiSyncProblem *problem)
{
  g_free (problem->field_name);
  g_free (problem->message);
  g_free (problem);
}

struct _MsiSyncPreview
{
  GObject    parent_instance;

  guint      limit;
  guint      selected_count;
  gint64     n_people;
  GPtrArray *fields;     /* MsiSyncField copies in the sync */
  GPtrArray *last_sync;  /* MsiSyncField copies, or NULL */
  GPtrArray *entries;    /* MsiSyncPreviewEntry */
  GPtrArray *problems;   /* MsiSyncProblem */
};

G_DEFINE_FINAL_TYPE (MsiSyncPreview, msi_sync_preview, G_TYPE_OBJECT)

static void
msi_sync_preview_finalize (GObject *object)
{
  MsiSyncPreview *self = (MsiSyncPreview *)object;

  g_clear_pointer (&self->fields, g_ptr_array_unref);
  g_clear_pointer (&self->last_sync, g_ptr_array_unref);
  g_clear_pointer (&self->entries, g_ptr_array_unref);
  g_clear_pointer (&self->problems, g_ptr_array_unref);

  G_OBJECT_CLASS (msi_sync_preview_parent_class)->finalize (object);
}

static void
msi_sync_preview_class_init (MsiSyncPreviewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = msi_sync_preview_finalize;
}

static void
msi_sync_preview_init (MsiSyncPreview *self)
{
  self->n_people = -1;
  self->fields = g_ptr_array_new_with_free_func (g_object_unref);
  self->entries = g_ptr_array_new_with_free_func ((GDestroyNotify)entry_free);
  self->problems = g_ptr_array_new_with_free_func ((GDestroyNotify)problem_free);
}

static void
add_problem (MsiSyncPreview     *self,
             MsiSyncProblemKind  kind,
             const char         *field_name,
             const char         *message)
{
  MsiSyncProblem *problem = g_new0 (MsiSyncProblem, 1);

  problem->kind = kind;
  problem->severity = msi_sync_problem_kind_get_severity (kind);
  problem->field_name = g_strdup (field_name);
  problem->message = g_strdup (message);
  g_ptr_array_add (self->problems, problem);
}

/* Adds @text (taken) to @entry's notes; a warning or blocking note is
 * also a problem of the plan of @kind unless @kind is -1. */
static void
add_note (MsiSyncPreview      *self,
          MsiSyncPreviewEntry *entry,
          MsiSyncSeverity      severity,
          int                  kind,
          char                *text)
{
  Note note = { severity, text };

  if (kind >= 0)
    {
      g_assert (msi_sync_problem_kind_get_severity (kind) == severity);
      add_problem (self, kind, msi_sync_field_get_name (entry->field), text);
    }

  g_array_append_val (entry->notes, note);
  entry->severity = MAX (entry->severity, severity);
}

static MsiSyncPreviewEntry *
entry_new (MsiSyncField *field,
           MsiSyncField *previous)
{
  MsiSyncPreviewEntry *entry = g_new0 (MsiSyncPreviewEntry, 1);

  entry->field = g_object_ref (field);
  entry->previous = previous != NULL ? g_object_ref (previous) : NULL;
  entry->source_length = -1;
  entry->target_length = -1;
  entry->notes = g_array_new (FALSE, FALSE, sizeof (Note));
  g_array_set_clear_func (entry->notes, (GDestroyNotify)note_clear);

  return entry;
}

static void
entry_finish (MsiSyncPreviewEntry *entry)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  /* g_array_sort is not stable: sort by severity with the index as tie. */
  for (int severity = MSI_SYNC_SEVERITY_BLOCKING; severity >= MSI_SYNC_SEVERITY_NONE; severity--)
    for (guint i = 0; i < entry->notes->len; i++)
      {
        Note *note = &g_array_index (entry->notes, Note, i);

        if ((int)note->severity == severity)
          g_strv_builder_add (builder, note->text);
      }

  entry->note_texts = g_strv_builder_end (builder);
  g_clear_pointer (&entry->notes, g_array_unref);
}

/* @reason and what the admin can do about it: unselect the field, or,
 * for one that is always synced, have it fixed. */
static char *
with_remedy (MsiSyncField *field,
             const char   *reason)
{
  if (msi_sync_field_get_always_synced (field))
    return g_strconcat (reason, " ", _("It is always synced, so the sync cannot start until this "
                                       "is fixed in Marketo or in the Sales account."), NULL);
  return g_strconcat (reason, " ", _("Unselect it to start the sync."), NULL);
}

/* The sentence for a conversion that is not NONE. */
#define LANDS(format) g_strdup_printf (format, label, source_type, target_label)
static char *
dup_conversion_note (MsiSyncField      *field,
                     MsiSyncConversion  conversion,
                     MsiSyncLoss        loss)
{
  MsiSyncDataType source = msi_sync_field_get_data_type (field);
  MsiSyncDataType target = msi_sync_field_get_target_type (field);
  const char *label = msi_sync_field_get_label (field);
  const char *source_type = msi_sync_data_type_get_label (source);
  const char *target_label = msi_sync_field_get_target_label (field);

  if (conversion == MSI_SYNC_CONVERSION_INCOMPATIBLE)
    {
      g_autofree char *reason = dup_cannot_sync_reason (field);

      return with_remedy (field, reason);
    }

  if (conversion == MSI_SYNC_CONVERSION_LOSSLESS)
    {
      if (source == MSI_SYNC_DATA_TYPE_BOOLEAN && kind_of (target) != KIND_FREE_TEXT)
        return g_strdup_printf (_("“%s” (%s in Marketo) lands in “%s”, which holds numbers: true "
                                  "becomes 1 and false 0."),
                                label, source_type, target_label);
      if (source == MSI_SYNC_DATA_TYPE_DATE && target == MSI_SYNC_DATA_TYPE_DATETIME)
        return g_strdup_printf (_("“%s” (%s in Marketo) lands in “%s”, which holds a date and "
                                  "time: each date gets the time 00:00 UTC."),
                                label, source_type, target_label);
      return g_strdup_printf (_("“%s” (%s in Marketo) lands in “%s” (%s in the Sales account); "
                                "every value carries over unchanged."),
                              label, source_type, target_label,
                              msi_sync_data_type_get_label (target));
    }

  switch (loss)
    {
    case MSI_SYNC_LOSS_ROUNDED:
      return LANDS (_("“%s” (%s in Marketo) lands in “%s”, which holds whole numbers: decimals are "
                      "rounded, so 2.5 becomes 3."));
    case MSI_SYNC_LOSS_TIME_DROPPED:
      return LANDS (_("“%s” (%s in Marketo) lands in “%s”, which holds only a date: the time of day "
                      "is dropped."));
    case MSI_SYNC_LOSS_ZERO_FALSE:
      return LANDS (_("“%s” (%s in Marketo) lands in “%s”, which holds only true or false: 0 becomes "
                      "false and every other number true."));
    case MSI_SYNC_LOSS_UNPARSED_EMPTIED:
      switch (kind_of (target))
        {
        case KIND_BOOLEAN:
          return LANDS (_("“%s” (%s in Marketo) lands in “%s”, which holds only true or false: values "
                          "other than “true” and “false” are left empty there."));
        case KIND_DATE:
          return LANDS (_("“%s” (%s in Marketo) lands in “%s”, which holds dates: values that are not "
                          "dates are left empty there."));
        case KIND_DATETIME:
          return LANDS (_("“%s” (%s in Marketo) lands in “%s”, which holds dates and times: values "
                          "that are not dates are left empty there."));
        case KIND_WHOLE:
          return LANDS (_("“%s” (%s in Marketo) lands in “%s”, which holds whole numbers: values that "
                          "are not numbers are left empty there, and decimals are rounded."));
        case KIND_DECIMAL:
        case KIND_FREE_TEXT:
        case KIND_CHECKED_TEXT:
        case KIND_FORMULA:
        default:
          return LANDS (_("“%s” (%s in Marketo) lands in “%s”, which holds numbers: values that are "
                          "not numbers are left empty there."));
        }
    case MSI_SYNC_LOSS_INVALID_EMPTIED:
      switch (target)
        {
        case MSI_SYNC_DATA_TYPE_EMAIL:
          return LANDS (_("“%s” (%s in Marketo) lands in “%s”, which holds e-mail addresses: values "
                          "that are not valid addresses are left empty there."));
        case MSI_SYNC_DATA_TYPE_PHONE:
          return LANDS (_("“%s” (%s in Marketo) lands in “%s”, which holds phone numbers: values that "
                          "are not phone numbers are left empty there."));
        case MSI_SYNC_DATA_TYPE_URL:
          return LANDS (_("“%s” (%s in Marketo) lands in “%s”, which holds web addresses: values that "
                          "are not web addresses starting with http:// or https:// are left empty there."));
        case MSI_SYNC_DATA_TYPE_REFERENCE:
        case MSI_SYNC_DATA_TYPE_STRING:
        case MSI_SYNC_DATA_TYPE_TEXT:
        case MSI_SYNC_DATA_TYPE_INTEGER:
        case MSI_SYNC_DATA_TYPE_SCORE:
        case MSI_SYNC_DATA_TYPE_PERCENT:
        case MSI_SYNC_DATA_TYPE_FLOAT:
        case MSI_SYNC_DATA_TYPE_CURRENCY:
        case MSI_SYNC_DATA_TYPE_BOOLEAN:
        case MSI_SYNC_DATA_TYPE_DATE:
        case MSI_SYNC_DATA_TYPE_DATETIME:
        case MSI_SYNC_DATA_TYPE_FORMULA:
        case MSI_SYNC_N_DATA_TYPES:
        default:
          return LANDS (_("“%s” (%s in Marketo) lands in “%s”, which holds keys of other records: "
                          "values that match no record are left empty there."));
        }
    case MSI_SYNC_LOSS_NONE:
    default:
      break;
    }

  g_return_val_if_reached (NULL);
}

#undef LANDS

static char *
dup_truncation_note (MsiSyncPreviewEntry *entry)
{
  MsiSyncField *field = entry->field;
  g_autofree char *source = format_number (entry->source_length);
  g_autofree char *target = format_number (entry->target_length);

  if (msi_sync_data_type_is_text (msi_sync_field_get_data_type (field)))
    /* Translators: “Comments” holds up to 2,000 characters in Marketo; the
     * Sales account keeps the first 255 of them in “Notes”. */
    return g_strdup_printf (_("“%s” holds up to %s characters in Marketo; the Sales account "
                              "keeps the first %s of them in “%s”."),
                            msi_sync_field_get_label (field), source, target,
                            msi_sync_field_get_target_label (field));

  return g_strdup_printf (_("“%s” (%s in Marketo) becomes up to %s characters of text; the "
                            "Sales account keeps the first %s of them in “%s”."),
                          msi_sync_field_get_label (field),
                          msi_sync_data_type_get_label (msi_sync_field_get_data_type (field)),
                          source, target, msi_sync_field_get_target_label (field));
}

static void
add_change_notes (MsiSyncPreview      *self,
                  MsiSyncPreviewEntry *entry)
{
  MsiSyncField *field = entry->field;
  MsiSyncField *previous = entry->previous;
  const char *label = msi_sync_field_get_label (field);

  if (entry->changes & MSI_SYNC_CHANGE_ADDED)
    add_note (self, entry, MSI_SYNC_SEVERITY_INFO, -1,
              g_strdup_printf (_("“%s” is new in this sync: it was not synced last time."), label));

  if (entry->changes & MSI_SYNC_CHANGE_TYPE_CHANGED)
    add_note (self, entry, MSI_SYNC_SEVERITY_WARNING, MSI_SYNC_PROBLEM_TYPE_CHANGED,
              g_strdup_printf (_("“%s” was %s in Marketo at the last sync and is now %s."),
                               label,
                               msi_sync_data_type_get_label (msi_sync_field_get_data_type (previous)),
                               msi_sync_data_type_get_label (msi_sync_field_get_data_type (field))));

  if (entry->changes & MSI_SYNC_CHANGE_LENGTH_CHANGED)
    {
      g_autofree char *before = format_number (msi_sync_field_get_effective_length (previous));
      g_autofree char *now = format_number (msi_sync_field_get_effective_length (field));

      add_note (self, entry, MSI_SYNC_SEVERITY_INFO, -1,
                g_strdup_printf (_("“%s” held up to %s characters in Marketo at the last sync and "
                                   "now holds up to %s."), label, before, now));
    }

  if (entry->changes & MSI_SYNC_CHANGE_TARGET_CHANGED)
    add_note (self, entry, MSI_SYNC_SEVERITY_WARNING, MSI_SYNC_PROBLEM_TARGET_CHANGED,
              g_strdup_printf (_("“%s” landed in “%s” at the last sync and now lands in “%s”; “%s” "
                                 "keeps the values synced before but they are no longer updated."),
                               label,
                               msi_sync_field_get_target_label (previous),
                               msi_sync_field_get_target_label (field),
                               msi_sync_field_get_target_label (previous)));
}

static MsiSyncChange
changes_between (MsiSyncField *previous,
                 MsiSyncField *field)
{
  MsiSyncChange changes = MSI_SYNC_CHANGE_NONE;
  MsiSyncDataType type = msi_sync_field_get_data_type (field);
  const char *target = msi_sync_field_get_target_name (field);
  const char *previous_target = msi_sync_field_get_target_name (previous);

  if (msi_sync_field_get_data_type (previous) != type)
    changes |= MSI_SYNC_CHANGE_TYPE_CHANGED;
  else if (msi_sync_data_type_is_text (type) &&
           msi_sync_field_get_effective_length (previous) != msi_sync_field_get_effective_length (field))
    changes |= MSI_SYNC_CHANGE_LENGTH_CHANGED;

  if (target != NULL && previous_target != NULL && strcmp (target, previous_target) != 0)
    changes |= MSI_SYNC_CHANGE_TARGET_CHANGED;

  return changes;
}

static void
plan_field (MsiSyncPreview *self,
            MsiSyncField   *field,
            GHashTable     *last_by_name)
{
  MsiSyncPreviewEntry *entry;
  MsiSyncField *previous = NULL;
  g_autofree char *unavailable = NULL;

  if (last_by_name != NULL)
    previous = g_hash_table_lookup (last_by_name, msi_sync_field_get_name (field));

  entry = entry_new (field, previous);
  g_ptr_array_add (self->entries, entry);

  if (last_by_name != NULL)
    entry->changes = previous == NULL ? MSI_SYNC_CHANGE_ADDED : changes_between (previous, field);

  unavailable = msi_sync_field_dup_unavailable_reason (field);
  if (unavailable != NULL)
    {
      add_note (self, entry, MSI_SYNC_SEVERITY_BLOCKING, MSI_SYNC_PROBLEM_UNAVAILABLE,
                with_remedy (field, unavailable));
    }
  else
    {
      MsiSyncDataType source = msi_sync_field_get_data_type (field);
      MsiSyncDataType target = msi_sync_field_get_target_type (field);

      entry->conversion = msi_sync_conversion_for (source, target, &entry->loss);
      entry->source_length = msi_sync_field_get_effective_length (field);
      if (msi_sync_data_type_is_text (target))
        entry->target_length = msi_sync_field_get_target_effective_length (field);

      switch (entry->conversion)
        {
        case MSI_SYNC_CONVERSION_INCOMPATIBLE:
          add_note (self, entry, MSI_SYNC_SEVERITY_BLOCKING, MSI_SYNC_PROBLEM_INCOMPATIBLE,
                    dup_conversion_note (field, entry->conversion, entry->loss));
          break;
        case MSI_SYNC_CONVERSION_LOSSY:
          add_note (self, entry, MSI_SYNC_SEVERITY_WARNING, MSI_SYNC_PROBLEM_LOSSY,
                    dup_conversion_note (field, entry->conversion, entry->loss));
          break;
        case MSI_SYNC_CONVERSION_LOSSLESS:
          add_note (self, entry, MSI_SYNC_SEVERITY_INFO, -1,
                    dup_conversion_note (field, entry->conversion, entry->loss));
          break;
        case MSI_SYNC_CONVERSION_NONE:
        default:
          break;
        }

      if (entry->conversion != MSI_SYNC_CONVERSION_INCOMPATIBLE &&
          entry->target_length > 0 && entry->source_length > entry->target_length)
        {
          entry->truncated = TRUE;
          add_note (self, entry, MSI_SYNC_SEVERITY_WARNING, MSI_SYNC_PROBLEM_TRUNCATED,
                    dup_truncation_note (entry));
        }
    }

  add_change_notes (self, entry);
}

static void
plan_removed (MsiSyncPreview *self,
              MsiSyncField   *previous)
{
  g_autoptr(MsiSyncField) field = msi_sync_field_copy (previous);
  MsiSyncPreviewEntry *entry = entry_new (field, previous);
  const char *target = msi_sync_field_get_target_name (previous);
  char *text;

  g_ptr_array_add (self->entries, entry);
  entry->changes = MSI_SYNC_CHANGE_REMOVED;

  if (target != NULL)
    text = g_strdup_printf (_("“%s” was synced last time and is not in this sync: the Sales account "
                              "keeps the values it has in “%s” but no longer updates them."),
                            msi_sync_field_get_label (previous),
                            msi_sync_field_get_target_label (previous));
  else
    text = g_strdup_printf (_("“%s” was synced last time and is not in this sync: the Sales account "
                              "keeps the values it has but no longer updates them."),
                            msi_sync_field_get_label (previous));

  add_note (self, entry, MSI_SYNC_SEVERITY_WARNING, MSI_SYNC_PROBLEM_REMOVED, text);
}

/* Two fields in the sync landing in one Sales account field. */
static void
plan_shared_targets (MsiSyncPreview *self,
                     guint           n_in_sync)
{
  g_autoptr(GHashTable) by_target = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; i < n_in_sync; i++)
    {
      MsiSyncPreviewEntry *entry = g_ptr_array_index (self->entries, i);
      const char *target = msi_sync_field_get_target_name (entry->field);
      MsiSyncPreviewEntry *first;
      char *text;

      if (target == NULL ||
          msi_sync_field_get_unavailable (entry->field) != MSI_SYNC_FIELD_UNAVAILABLE_NONE)
        continue;

      first = g_hash_table_lookup (by_target, target);
      if (first == NULL)
        {
          g_hash_table_insert (by_target, (gpointer)target, entry);
          continue;
        }

      text = g_strdup_printf (_("“%s” and “%s” both land in the Sales account field “%s”, so one "
                                "would overwrite the other. Unselect one of them."),
                              msi_sync_field_get_label (first->field),
                              msi_sync_field_get_label (entry->field),
                              msi_sync_field_get_target_label (entry->field));
      add_note (self, first, MSI_SYNC_SEVERITY_BLOCKING, -1, g_strdup (text));
      add_note (self, entry, MSI_SYNC_SEVERITY_BLOCKING, MSI_SYNC_PROBLEM_SHARED_TARGET, text);
    }
}

static void
plan_limits (MsiSyncPreview *self)
{
  if (self->selected_count == 0)
    add_problem (self, MSI_SYNC_PROBLEM_NO_FIELDS, NULL,
                 _("No field is selected. Choose at least one Marketo field to sync."));
  else if (self->selected_count > self->limit)
    {
      guint excess = self->selected_count - self->limit;
      g_autofree char *selected = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                                "%u field is selected, but the Sales "
                                                                "account syncs at most %u.",
                                                                "%u fields are selected, but the "
                                                                "Sales account syncs at most %u.",
                                                                self->selected_count),
                                                   self->selected_count, self->limit);
      g_autofree char *unselect = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                                "Unselect %u field to start the sync.",
                                                                "Unselect %u fields to start the sync.",
                                                                excess), excess);
      g_autofree char *text = g_strconcat (selected, " ", unselect, NULL);

      add_problem (self, MSI_SYNC_PROBLEM_OVER_LIMIT, NULL, text);
    }
}

static void
sort_problems (MsiSyncPreview *self)
{
  g_autoptr(GPtrArray) sorted = g_ptr_array_new_full (self->problems->len,
                                                      (GDestroyNotify)problem_free);

  /* Stable: blocking ones (the plan's own first), then warnings. */
  for (int severity = MSI_SYNC_SEVERITY_BLOCKING; severity >= MSI_SYNC_SEVERITY_NONE; severity--)
    for (guint i = 0; i < self->problems->len; i++)
      {
        MsiSyncProblem *problem = g_ptr_array_index (self->problems, i);

        if ((int)problem->severity == severity)
          g_ptr_array_add (sorted, problem);
      }

  g_ptr_array_set_free_func (self->problems, NULL);
  g_ptr_array_unref (self->problems);
  self->problems = g_steal_pointer (&sorted);
}

static GPtrArray *
copy_fields (GPtrArray *fields)
{
  GPtrArray *copy = g_ptr_array_new_full (fields->len, g_object_unref);

  for (guint i = 0; i < fields->len; i++)
    g_ptr_array_add (copy, msi_sync_field_copy (g_ptr_array_index (fields, i)));

  return copy;
}

MsiSyncPreview *
msi_sync_preview_new (GPtrArray *fields,
                      guint      limit,
                      GPtrArray *last_sync)
{
  g_autoptr(MsiSyncPreview) self = NULL;
  g_autoptr(GHashTable) in_sync = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) last_by_name = NULL;
  guint n_in_sync;

  g_return_val_if_fail (fields != NULL, NULL);

  self = g_object_new (MSI_TYPE_SYNC_PREVIEW, NULL);
  self->limit = limit;

  /* Always-synced fields first, then the chosen ones; a name counts once. */
  for (int pass = 0; pass < 2; pass++)
    for (guint i = 0; i < fields->len; i++)
      {
        MsiSyncField *field = g_ptr_array_index (fields, i);
        gboolean wanted = pass == 0 ? msi_sync_field_get_always_synced (field)
                                    : counts_toward_limit (field);

        if (!wanted || !g_hash_table_add (in_sync, (gpointer)msi_sync_field_get_name (field)))
          continue;
        g_ptr_array_add (self->fields, msi_sync_field_copy (field));
        if (pass == 1)
          self->selected_count++;
      }

  if (last_sync != NULL)
    {
      self->last_sync = copy_fields (last_sync);
      last_by_name = g_hash_table_new (g_str_hash, g_str_equal);
      for (guint i = 0; i < self->last_sync->len; i++)
        {
          MsiSyncField *field = g_ptr_array_index (self->last_sync, i);

          g_hash_table_insert (last_by_name, (gpointer)msi_sync_field_get_name (field), field);
        }
    }

  plan_limits (self);

  for (guint i = 0; i < self->fields->len; i++)
    plan_field (self, g_ptr_array_index (self->fields, i), last_by_name);
  n_in_sync = self->entries->len;

  plan_shared_targets (self, n_in_sync);

  if (self->last_sync != NULL)
    {
      g_autoptr(GHashTable) removed = g_hash_table_new (g_str_hash, g_str_equal);

      for (guint i = 0; i < self->last_sync->len; i++)
        {
          MsiSyncField *previous = g_ptr_array_index (self->last_sync, i);
          const char *name = msi_sync_field_get_name (previous);

          if (!g_hash_table_contains (in_sync, name) && g_hash_table_add (removed, (gpointer)name))
            plan_removed (self, previous);
        }
    }

  for (guint i = 0; i < self->entries->len; i++)
    entry_finish (g_ptr_array_index (self->entries, i));
  sort_problems (self);

  return g_steal_pointer (&self);
}

/* JSON */

G_GNUC_PRINTF (2, 3)
static void
set_error (GError     **error,
           const char  *format,
           ...)
{
  va_list args;
  g_autofree char *message = NULL;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  g_set_error_literal (error, MSI_HTTP_ERROR, MSI_HTTP_ERROR_INVALID_RESPONSE, message);
}

/* A whole number from 0 up; absent or null is an error when @required,
 * else leaves *out. */
static gboolean
read_count (JsonObject  *object,
            const char  *member,
            gboolean     required,
            gint64       max,
            gint64      *out,
            GError     **error)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    {
      if (required)
        set_error (error, _("The sync preview has no “%s”."), member);
      return !required;
    }

  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64 ||
      json_node_get_int (node) < 0 || json_node_get_int (node) > max)
    {
      set_error (error, _("In the sync preview, “%s” is not a whole number of 0 or more."), member);
      return FALSE;
    }

  *out = json_node_get_int (node);
  return TRUE;
}

MsiSyncPreview *
msi_sync_preview_new_from_json (JsonNode  *node,
                                GError   **error)
{
  g_autoptr(GPtrArray) fields = NULL;
  g_autoptr(GPtrArray) last_sync = NULL;
  MsiSyncPreview *self;
  JsonObject *object;
  JsonNode *member;
  gint64 limit = 0;
  gint64 n_people = -1;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      set_error (error, _("The sync preview is not a JSON object."));
      return NULL;
    }
  object = json_node_get_object (node);

  if (!read_count (object, "limit", TRUE, G_MAXUINT, &limit, error) ||
      !read_count (object, "people", FALSE, G_MAXINT64, &n_people, error))
    return NULL;

  member = json_object_get_member (object, "fields");
  if (member == NULL || JSON_NODE_HOLDS_NULL (member))
    {
      set_error (error, _("The sync preview has no “%s”."), "fields");
      return NULL;
    }
  fields = msi_sync_field_list_from_json (member, error);
  if (fields == NULL)
    return NULL;

  member = json_object_get_member (object, "lastSync");
  if (member != NULL && !JSON_NODE_HOLDS_NULL (member))
    {
      JsonNode *last_fields;

      if (!JSON_NODE_HOLDS_OBJECT (member))
        {
          set_error (error, _("In the sync preview, “%s” is not a JSON object."), "lastSync");
          return NULL;
        }
      last_fields = json_object_get_member (json_node_get_object (member), "fields");
      if (last_fields == NULL || JSON_NODE_HOLDS_NULL (last_fields))
        {
          set_error (error, _("The sync preview has no “%s”."), "lastSync.fields");
          return NULL;
        }
      last_sync = msi_sync_field_list_from_json (last_fields, error);
      if (last_sync == NULL)
        return NULL;
    }

  self = msi_sync_preview_new (fields, (guint)limit, last_sync);
  self->n_people = n_people;
  return self;
}

static void
add_string_array (JsonBuilder *builder,
                  const char  *member,
                  GStrv        strings)
{
  json_builder_set_member_name (builder, member);
  json_builder_begin_array (builder);
  for (guint i = 0; strings[i] != NULL; i++)
    json_builder_add_string_value (builder, strings[i]);
  json_builder_end_array (builder);
}

JsonNode *
msi_sync_preview_to_json (MsiSyncPreview *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new_immutable ();

  g_return_val_if_fail (MSI_IS_SYNC_PREVIEW (self), NULL);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "limit");
  json_builder_add_int_value (builder, self->limit);
  json_builder_set_member_name (builder, "people");
  if (self->n_people >= 0)
    json_builder_add_int_value (builder, self->n_people);
  else
    json_builder_add_null_value (builder);

  json_builder_set_member_name (builder, "fields");
  json_builder_add_value (builder, msi_sync_field_list_to_json (self->fields));

  json_builder_set_member_name (builder, "lastSync");
  if (self->last_sync != NULL)
    {
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "fields");
      json_builder_add_value (builder, msi_sync_field_list_to_json (self->last_sync));
      json_builder_end_object (builder);
    }
  else
    json_builder_add_null_value (builder);

  json_builder_set_member_name (builder, "selectedCount");
  json_builder_add_int_value (builder, self->selected_count);
  json_builder_set_member_name (builder, "blocked");
  json_builder_add_boolean_value (builder, msi_sync_preview_get_blocked (self));

  json_builder_set_member_name (builder, "entries");
  json_builder_begin_array (builder);
  for (guint i = 0; i < self->entries->len; i++)
    {
      const MsiSyncPreviewEntry *entry = g_ptr_array_index (self->entries, i);
      g_auto(GStrv) changes = msi_sync_change_dup_ids (entry->changes);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "name");
      json_builder_add_string_value (builder, msi_sync_field_get_name (entry->field));
      json_builder_set_member_name (builder, "severity");
      json_builder_add_string_value (builder, msi_sync_severity_get_id (entry->severity));
      json_builder_set_member_name (builder, "conversion");
      json_builder_add_string_value (builder, msi_sync_conversion_get_id (entry->conversion));
      json_builder_set_member_name (builder, "loss");
      json_builder_add_string_value (builder, msi_sync_loss_get_id (entry->loss));
      json_builder_set_member_name (builder, "truncated");
      json_builder_add_boolean_value (builder, entry->truncated);
      json_builder_set_member_name (builder, "sourceLength");
      if (entry->source_length >= 0)
        json_builder_add_int_value (builder, entry->source_length);
      else
        json_builder_add_null_value (builder);
      json_builder_set_member_name (builder, "targetLength");
      if (entry->target_length >= 0)
        json_builder_add_int_value (builder, entry->target_length);
      else
        json_builder_add_null_value (builder);
      add_string_array (builder, "changes", changes);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "problems");
  json_builder_begin_array (builder);
  for (guint i = 0; i < self->problems->len; i++)
    {
      const MsiSyncProblem *problem = g_ptr_array_index (self->problems, i);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "kind");
      json_builder_add_string_value (builder, msi_sync_problem_kind_get_id (problem->kind));
      json_builder_set_member_name (builder, "severity");
      json_builder_add_string_value (builder, msi_sync_severity_get_id (problem->severity));
      json_builder_set_member_name (builder, "field");
      if (problem->field_name != NULL)
        json_builder_add_string_value (builder, problem->field_name);
      else
        json_builder_add_null_value (builder);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

/* Getters */

guint
msi_sync_preview_get_limit (MsiSyncPreview *self)
{
  g_return_val_if_fail (MSI_IS_SYNC_PREVIEW (self), 0);

  return self->limit;
}

guint
msi_sync_preview_get_selected_count (MsiSyncPreview *self)
{
  g_return_val_if_fail (MSI_IS_SYNC_PREVIEW (self), 0);

  return self->selected_count;
}

gboolean
msi_sync_preview_get_first_sync (MsiSyncPreview *self)
{
  g_return_val_if_fail (MSI_IS_SYNC_PREVIEW (self), FALSE);

  return self->last_sync == NULL;
}

gint64
msi_sync_preview_get_n_people (MsiSyncPreview *self)
{
  g_return_val_if_fail (MSI_IS_SYNC_PREVIEW (self), -1);

  return self->n_people;
}

void
msi_sync_preview_set_n_people (MsiSyncPreview *self,
                               gint64          n_people)
{
  g_return_if_fail (MSI_IS_SYNC_PREVIEW (self));

  self->n_people = n_people >= 0 ? n_people : -1;
}

GPtrArray *
msi_sync_preview_get_fields (MsiSyncPreview *self)
{
  g_return_val_if_fail (MSI_IS_SYNC_PREVIEW (self), NULL);

  return self->fields;
}

GPtrArray *
msi_sync_preview_get_last_sync (MsiSyncPreview *self)
{
  g_return_val_if_fail (MSI_IS_SYNC_PREVIEW (self), NULL);

  return self->last_sync;
}

gboolean
msi_sync_preview_get_blocked (MsiSyncPreview *self)
{
  g_return_val_if_fail (MSI_IS_SYNC_PREVIEW (self), TRUE);

  return msi_sync_preview_count_problems (self, MSI_SYNC_SEVERITY_BLOCKING) > 0;
}

guint
msi_sync_preview_get_n_entries (MsiSyncPreview *self)
{
  g_return_val_if_fail (MSI_IS_SYNC_PREVIEW (self), 0);

  return self->entries->len;
}

const MsiSyncPreviewEntry *
msi_sync_preview_get_entry (MsiSyncPreview *self,
                            guint           index)
{
  g_return_val_if_fail (MSI_IS_SYNC_PREVIEW (self), NULL);
  g_return_val_if_fail (index < self->entries->len, NULL);

  return g_ptr_array_index (self->entries, index);
}

const MsiSyncPreviewEntry *
msi_sync_preview_find_entry (MsiSyncPreview *self,
                             const char     *name)
{
  g_return_val_if_fail (MSI_IS_SYNC_PREVIEW (self), NULL);
  g_return_val_if_fail (name != NULL, NULL);

  for (guint i = 0; i < self->entries->len; i++)
    {
      const MsiSyncPreviewEntry *entry = g_ptr_array_index (self->entries, i);

      if (strcmp (msi_sync_field_get_name (entry->field), name) == 0)
        return entry;
    }

  return NULL;
}

guint
msi_sync_preview_get_n_problems (MsiSyncPreview *self)
{
  g_return_val_if_fail (MSI_IS_SYNC_PREVIEW (self), 0);

  return self->problems->len;
}

const MsiSyncProblem *
msi_sync_preview_get_problem (MsiSyncPreview *self,
                              guint           index)
{
  g_return_val_if_fail (MSI_IS_SYNC_PREVIEW (self), NULL);
  g_return_val_if_fail (index < self->problems->len, NULL);

  return g_ptr_array_index (self->problems, index);
}

guint
msi_sync_preview_count_problems (MsiSyncPreview  *self,
                                 MsiSyncSeverity  severity)
{
  guint n = 0;

  g_return_val_if_fail (MSI_IS_SYNC_PREVIEW (self), 0);

  for (guint i = 0; i < self->problems->len; i++)
    if (((MsiSyncProblem *)g_ptr_array_index (self->problems, i))->severity == severity)
      n++;

  return n;
}

MsiSyncField *
msi_sync_preview_entry_get_field (const MsiSyncPreviewEntry *entry)
{
  g_return_val_if_fail (entry != NULL, NULL);

  return entry->field;
}

MsiSyncField *
msi_sync_preview_entry_get_previous (const MsiSyncPreviewEntry *entry)
{
  g_return_val_if_fail (entry != NULL, NULL);

  return entry->previous;
}

MsiSyncConversion
msi_sync_preview_entry_get_conversion (const MsiSyncPreviewEntry *entry)
{
  g_return_val_if_fail (entry != NULL, MSI_SYNC_CONVERSION_NONE);

  return entry->conversion;
}

MsiSyncLoss
msi_sync_preview_entry_get_loss (const MsiSyncPreviewEntry *entry)
{
  g_return_val_if_fail (entry != NULL, MSI_SYNC_LOSS_NONE);

  return entry->loss;
}

gboolean
msi_sync_preview_entry_get_truncated (const MsiSyncPreviewEntry *entry)
{
  g_return_val_if_fail (entry != NULL, FALSE);

  return entry->truncated;
}

int
msi_sync_preview_entry_get_source_length (const MsiSyncPreviewEntry *entry)
{
  g_return_val_if_fail (entry != NULL, -1);

  return entry->source_length;
}

int
msi_sync_preview_entry_get_target_length (const MsiSyncPreviewEntry *entry)
{
  g_return_val_if_fail (entry != NULL, -1);

  return entry->target_length;
}

MsiSyncChange
msi_sync_preview_entry_get_changes (const MsiSyncPreviewEntry *entry)
{
  g_return_val_if_fail (entry != NULL, MSI_SYNC_CHANGE_NONE);

  return entry->changes;
}

MsiSyncSeverity
msi_sync_preview_entry_get_severity (const MsiSyncPreviewEntry *entry)
{
  g_return_val_if_fail (entry != NULL, MSI_SYNC_SEVERITY_NONE);

  return entry->severity;
}

const char * const *
msi_sync_preview_entry_get_notes (const MsiSyncPreviewEntry *entry)
{
  g_return_val_if_fail (entry != NULL, NULL);

  return (const char * const *)entry->note_texts;
}

MsiSyncProblemKind
msi_sync_problem_get_kind (const MsiSyncProblem *problem)
{
  g_return_val_if_fail (problem != NULL, MSI_SYNC_PROBLEM_NO_FIELDS);

  return problem->kind;
}

MsiSyncSeverity
msi_sync_problem_get_severity (const MsiSyncProblem *problem)
{
  g_return_val_if_fail (problem != NULL, MSI_SYNC_SEVERITY_NONE);

  return problem->severity;
}

const char *
msi_sync_problem_get_field_name (const MsiSyncProblem *problem)
{
  g_return_val_if_fail (problem != NULL, NULL);

  return problem->field_name;
}

const char *
msi_sync_problem_get_message (const MsiSyncProblem *problem)
{
  g_return_val_if_fail (problem != NULL, NULL);

  return problem->message;
}
