/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-sync-preview.c: what the sync preview says about each field and what stops the sync */

#define G_LOG_DOMAIN "test-sync-preview"

#include "config.h"

#include <gio/gio.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "msi-error.h"
#include "msi-sync-preview.h"

#define T(x) MSI_SYNC_DATA_TYPE_##x

/* A selected field landing in "<name>__c" (or nowhere: @target_type -1). */
static MsiSyncField *
make_field (const char *name,
            const char *label,
            int         type,
            int         length,
            int         target_type,
            int         target_length)
{
  MsiSyncField *field = msi_sync_field_new (name, label, type);

  msi_sync_field_set_length (field, length);
  msi_sync_field_set_updateable (field, TRUE);
  msi_sync_field_set_selected (field, TRUE);
  if (target_type >= 0)
    {
      g_autofree char *target = g_strconcat (name, "__c", NULL);
      g_autofree char *target_label = g_strconcat (label, " (Sales)", NULL);

      msi_sync_field_set_target (field, target, target_label, target_type, target_length);
    }

  return field;
}

static GPtrArray *
new_fields (void)
{
  return g_ptr_array_new_with_free_func (g_object_unref);
}

/* The three identifying fields, string to string. */
static void
add_always_synced (GPtrArray *fields)
{
  static const char * const labels[] = { "Email Address", "First Name", "Last Name" };
  const char * const *names = msi_sync_always_synced_names ();

  for (guint i = 0; names[i] != NULL; i++)
    {
      MsiSyncField *field = make_field (names[i], labels[i], i == 0 ? T (EMAIL) : T (STRING), 255,
                                        i == 0 ? T (EMAIL) : T (STRING), 255);

      msi_sync_field_set_selected (field, FALSE);
      msi_sync_field_set_always_synced (field, TRUE);
      g_ptr_array_add (fields, field);
    }
}

static gboolean
notes_contain (const MsiSyncPreviewEntry *entry,
               const char                *part)
{
  const char * const *notes = msi_sync_preview_entry_get_notes (entry);

  for (guint i = 0; notes[i] != NULL; i++)
    if (strstr (notes[i], part) != NULL)
      return TRUE;
  return FALSE;
}

static void
print_preview (MsiSyncPreview *preview)
{
  for (guint i = 0; i < msi_sync_preview_get_n_problems (preview); i++)
    {
      const MsiSyncProblem *problem = msi_sync_preview_get_problem (preview, i);

      g_test_message ("problem %s (%s): %s",
                      msi_sync_problem_kind_get_id (msi_sync_problem_get_kind (problem)),
                      msi_sync_severity_get_id (msi_sync_problem_get_severity (problem)),
                      msi_sync_problem_get_message (problem));
    }
}

/* The number as sentences write it in the test's locale ("2,000" or "2000"). */
static char *
number (int n)
{
  return g_strdup_printf ("%'d", n);
}

/*
 * The conversion table: a row per Marketo type, a character per Sales
 * account type, both in MsiSyncDataType order: = none, L lossless, R
 * rounded, T time dropped, U unparsed values emptied, I invalid values
 * emptied, Z zero is false, X incompatible.
 */
static const char * const conversion_rows[MSI_SYNC_N_DATA_TYPES] = {
  /*                 s t e p u r i s p f c b d d f
                     t e m h r e n c e l u o a t o
                     r x a o l f t o r o r o t i r */
  [T (STRING)]    = "=LIIIIUUUUUUUUX",
  [T (TEXT)]      = "L=IIIIUUUUUUUUX",
  [T (EMAIL)]     = "LL=IIIUUUUUUUUX",
  [T (PHONE)]     = "LLI=IIUUUUUUUUX",
  [T (URL)]       = "LLII=IUUUUUUUUX",
  [T (REFERENCE)] = "LLIII=UUUUUUUUX",
  [T (INTEGER)]   = "LLXXXX=LLLLZXXX",
  [T (SCORE)]     = "LLXXXXL=LLLZXXX",
  [T (PERCENT)]   = "LLXXXXLL=LLZXXX",
  [T (FLOAT)]     = "LLXXXXRRR=LZXXX",
  [T (CURRENCY)]  = "LLXXXXRRRL=ZXXX",
  [T (BOOLEAN)]   = "LLXXXXLLLLL=XXX",
  [T (DATE)]      = "LLXXXXXXXXXX=LX",
  [T (DATETIME)]  = "LLXXXXXXXXXXT=X",
  [T (FORMULA)]   = "XXXXXXXXXXXXXXX",
};

static void
expected_conversion (MsiSyncDataType    source,
                     MsiSyncDataType    target,
                     MsiSyncConversion *conversion,
                     MsiSyncLoss       *loss)
{
  char code = conversion_rows[source][target];

  *loss = MSI_SYNC_LOSS_NONE;
  switch (code)
    {
    case '=': *conversion = MSI_SYNC_CONVERSION_NONE; break;
    case 'L': *conversion = MSI_SYNC_CONVERSION_LOSSLESS; break;
    case 'X': *conversion = MSI_SYNC_CONVERSION_INCOMPATIBLE; break;
    case 'R': *conversion = MSI_SYNC_CONVERSION_LOSSY; *loss = MSI_SYNC_LOSS_ROUNDED; break;
    case 'T': *conversion = MSI_SYNC_CONVERSION_LOSSY; *loss = MSI_SYNC_LOSS_TIME_DROPPED; break;
    case 'U': *conversion = MSI_SYNC_CONVERSION_LOSSY; *loss = MSI_SYNC_LOSS_UNPARSED_EMPTIED; break;
    case 'I': *conversion = MSI_SYNC_CONVERSION_LOSSY; *loss = MSI_SYNC_LOSS_INVALID_EMPTIED; break;
    case 'Z': *conversion = MSI_SYNC_CONVERSION_LOSSY; *loss = MSI_SYNC_LOSS_ZERO_FALSE; break;
    default: g_assert_not_reached ();
    }
}

static void
test_conversion_table (void)
{
  for (guint s = 0; s < MSI_SYNC_N_DATA_TYPES; s++)
    {
      g_assert_cmpuint (strlen (conversion_rows[s]), ==, MSI_SYNC_N_DATA_TYPES);

      for (guint t = 0; t < MSI_SYNC_N_DATA_TYPES; t++)
        {
          MsiSyncConversion expected;
          MsiSyncLoss expected_loss;
          MsiSyncLoss loss = MSI_SYNC_LOSS_ROUNDED;

          expected_conversion (s, t, &expected, &expected_loss);
          g_test_message ("%s → %s", msi_sync_data_type_get_id (s), msi_sync_data_type_get_id (t));
          g_assert_cmpstr (msi_sync_conversion_get_id (msi_sync_conversion_for (s, t, &loss)), ==,
                           msi_sync_conversion_get_id (expected));
          g_assert_cmpstr (msi_sync_loss_get_id (loss), ==, msi_sync_loss_get_id (expected_loss));
          g_assert_cmpint (msi_sync_conversion_for (s, t, NULL), ==, expected);
        }
    }
}

/* Every pair through the preview: the entry's conversion, its severity and
 * a sentence naming both fields. */
static void
test_conversion_entries (void)
{
  for (guint s = 0; s < MSI_SYNC_N_DATA_TYPES; s++)
    for (guint t = 0; t < MSI_SYNC_N_DATA_TYPES; t++)
      {
        g_autoptr(GPtrArray) fields = new_fields ();
        g_autoptr(MsiSyncPreview) preview = NULL;
        const MsiSyncPreviewEntry *entry;
        MsiSyncConversion expected;
        MsiSyncLoss expected_loss;
        MsiSyncSeverity severity;

        /* Long enough targets: only the conversion speaks. */
        g_ptr_array_add (fields, make_field ("field", "Source field", s, 10, t, 100000));
        preview = msi_sync_preview_new (fields, 13, NULL);
        entry = msi_sync_preview_get_entry (preview, 0);
        expected_conversion (s, t, &expected, &expected_loss);

        g_test_message ("%s → %s: %s", msi_sync_data_type_get_id (s), msi_sync_data_type_get_id (t),
                        msi_sync_preview_entry_get_notes (entry)[0]);
        g_assert_cmpuint (msi_sync_preview_get_n_entries (preview), ==, 1);
        g_assert_false (msi_sync_preview_entry_get_truncated (entry));

        if (s == T (FORMULA))
          {
            /* A formula field is not even converted: it cannot be read. */
            g_assert_cmpint (msi_sync_preview_entry_get_conversion (entry), ==, MSI_SYNC_CONVERSION_NONE);
            g_assert_cmpint (msi_sync_preview_entry_get_severity (entry), ==, MSI_SYNC_SEVERITY_BLOCKING);
            g_assert_true (notes_contain (entry, "“Source field” is a formula field"));
            g_assert_cmpint (msi_sync_problem_get_kind (msi_sync_preview_get_problem (preview, 0)), ==,
                             MSI_SYNC_PROBLEM_UNAVAILABLE);
            continue;
          }

        g_assert_cmpint (msi_sync_preview_entry_get_conversion (entry), ==, expected);
        g_assert_cmpint (msi_sync_preview_entry_get_loss (entry), ==, expected_loss);

        switch (expected)
          {
          case MSI_SYNC_CONVERSION_NONE:
            severity = MSI_SYNC_SEVERITY_NONE;
            break;
          case MSI_SYNC_CONVERSION_LOSSLESS:
            severity = MSI_SYNC_SEVERITY_INFO;
            break;
          case MSI_SYNC_CONVERSION_LOSSY:
            severity = MSI_SYNC_SEVERITY_WARNING;
            break;
          case MSI_SYNC_CONVERSION_INCOMPATIBLE:
          default:
            severity = MSI_SYNC_SEVERITY_BLOCKING;
            break;
          }
        g_assert_cmpint (msi_sync_preview_entry_get_severity (entry), ==, severity);
        g_assert_cmpint (msi_sync_preview_get_blocked (preview), ==, severity == MSI_SYNC_SEVERITY_BLOCKING);

        if (expected == MSI_SYNC_CONVERSION_NONE)
          {
            g_assert_null (msi_sync_preview_entry_get_notes (entry)[0]);
            g_assert_cmpuint (msi_sync_preview_get_n_problems (preview), ==, 0);
            continue;
          }

        /* One sentence, naming both fields; lossy and incompatible ones
         * are also problems of the plan. */
        g_assert_null (msi_sync_preview_entry_get_notes (entry)[1]);
        g_assert_true (notes_contain (entry, "“Source field”"));
        g_assert_true (notes_contain (entry, "“Source field (Sales)”"));
        if (expected == MSI_SYNC_CONVERSION_LOSSLESS)
          g_assert_cmpuint (msi_sync_preview_get_n_problems (preview), ==, 0);
        else
          {
            const MsiSyncProblem *problem = msi_sync_preview_get_problem (preview, 0);

            g_assert_cmpuint (msi_sync_preview_get_n_problems (preview), ==, 1);
            g_assert_cmpint (msi_sync_problem_get_kind (problem), ==,
                             expected == MSI_SYNC_CONVERSION_LOSSY ? MSI_SYNC_PROBLEM_LOSSY
                                                                   : MSI_SYNC_PROBLEM_INCOMPATIBLE);
            g_assert_cmpstr (msi_sync_problem_get_field_name (problem), ==, "field");
            g_assert_cmpstr (msi_sync_problem_get_message (problem), ==,
                             msi_sync_preview_entry_get_notes (entry)[0]);
          }
      }
}

static void
test_conversion_wording (void)
{
  static const struct { int source; int target; const char *sentence; } cases[] = {
    { T (FLOAT), T (INTEGER),
      "“Source field” (Float in Marketo) lands in “Source field (Sales)”, which holds whole "
      "numbers: decimals are rounded, so 2.5 becomes 3." },
    { T (DATETIME), T (DATE),
      "“Source field” (Date and time in Marketo) lands in “Source field (Sales)”, which holds "
      "only a date: the time of day is dropped." },
    { T (STRING), T (INTEGER),
      "“Source field” (String in Marketo) lands in “Source field (Sales)”, which holds whole "
      "numbers: values that are not numbers are left empty there, and decimals are rounded." },
    { T (TEXT), T (CURRENCY),
      "“Source field” (Text area in Marketo) lands in “Source field (Sales)”, which holds "
      "numbers: values that are not numbers are left empty there." },
    { T (STRING), T (BOOLEAN),
      "“Source field” (String in Marketo) lands in “Source field (Sales)”, which holds only true "
      "or false: values other than “true” and “false” are left empty there." },
    { T (STRING), T (EMAIL),
      "“Source field” (String in Marketo) lands in “Source field (Sales)”, which holds e-mail "
      "addresses: values that are not valid addresses are left empty there." },
    { T (INTEGER), T (BOOLEAN),
      "“Source field” (Integer in Marketo) lands in “Source field (Sales)”, which holds only "
      "true or false: 0 becomes false and every other number true." },
    { T (BOOLEAN), T (INTEGER),
      "“Source field” (Boolean in Marketo) lands in “Source field (Sales)”, which holds numbers: "
      "true becomes 1 and false 0." },
    { T (DATE), T (DATETIME),
      "“Source field” (Date in Marketo) lands in “Source field (Sales)”, which holds a date and "
      "time: each date gets the time 00:00 UTC." },
    { T (INTEGER), T (FLOAT),
      "“Source field” (Integer in Marketo) lands in “Source field (Sales)” (Float in the Sales "
      "account); every value carries over unchanged." },
    { T (DATE), T (INTEGER),
      "“Source field” (Date in Marketo) cannot be synced: the Sales account field “Source field "
      "(Sales)” (Integer) cannot hold its values. Unselect it to start the sync." },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GPtrArray) fields = new_fields ();
      g_autoptr(MsiSyncPreview) preview = NULL;

      g_ptr_array_add (fields, make_field ("field", "Source field", cases[i].source, -1,
                                           cases[i].target, 100000));
      preview = msi_sync_preview_new (fields, 13, NULL);
      g_assert_cmpstr (msi_sync_preview_entry_get_notes (msi_sync_preview_get_entry (preview, 0))[0],
                       ==, cases[i].sentence);
    }
}

static void
test_truncation (void)
{
  static const struct
  {
    int source; int source_length; int target; int target_length;
    gboolean truncated; int expected_source; int expected_target;
  } cases[] = {
    /* The example, and unknown lengths as Marketo's maximum. */
    { T (TEXT), 2000, T (STRING), 255, TRUE, 2000, 255 },
    { T (TEXT), -1, T (STRING), 255, TRUE, 30000, 255 },
    { T (TEXT), -1, T (TEXT), -1, FALSE, 30000, 30000 },
    { T (TEXT), -1, T (TEXT), 32000, FALSE, 30000, 32000 },
    { T (STRING), 80, T (STRING), 80, FALSE, 80, 80 },
    { T (STRING), 81, T (STRING), 80, TRUE, 81, 80 },
    { T (STRING), -1, T (STRING), 100, TRUE, 255, 100 },
    { T (STRING), -1, T (TEXT), -1, FALSE, 255, 30000 },
    { T (EMAIL), -1, T (EMAIL), -1, FALSE, 255, 255 },
    { T (URL), 2048, T (URL), -1, TRUE, 2048, 255 },
    { T (PHONE), 40, T (STRING), 20, TRUE, 40, 20 },
    /* Values of other types as text. */
    { T (INTEGER), -1, T (STRING), 5, TRUE, 11, 5 },
    { T (INTEGER), -1, T (STRING), 11, FALSE, 11, 11 },
    { T (DATETIME), -1, T (STRING), 40, FALSE, 25, 40 },
    { T (DATETIME), -1, T (STRING), 20, TRUE, 25, 20 },
    { T (BOOLEAN), -1, T (STRING), 4, TRUE, 5, 4 },
    /* Targets that are not text cut nothing. */
    { T (INTEGER), -1, T (INTEGER), -1, FALSE, 11, -1 },
    { T (TEXT), 2000, T (INTEGER), -1, FALSE, 2000, -1 },
    /* Nor do incompatible ones: they do not sync at all. */
    { T (DATE), -1, T (PHONE), 5, FALSE, 10, 5 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GPtrArray) fields = new_fields ();
      g_autoptr(MsiSyncPreview) preview = NULL;
      const MsiSyncPreviewEntry *entry;

      g_ptr_array_add (fields, make_field ("comments", "Comments", cases[i].source,
                                           cases[i].source_length, cases[i].target,
                                           cases[i].target_length));
      preview = msi_sync_preview_new (fields, 13, NULL);
      entry = msi_sync_preview_get_entry (preview, 0);

      g_test_message ("case %u", i);
      print_preview (preview);
      g_assert_cmpint (msi_sync_preview_entry_get_truncated (entry), ==, cases[i].truncated);
      g_assert_cmpint (msi_sync_preview_entry_get_source_length (entry), ==, cases[i].expected_source);
      g_assert_cmpint (msi_sync_preview_entry_get_target_length (entry), ==, cases[i].expected_target);

      if (cases[i].truncated)
        {
          g_autofree char *source = number (cases[i].expected_source);
          g_autofree char *target = number (cases[i].expected_target);
          g_autofree char *up_to = g_strdup_printf ("up to %s characters", source);
          g_autofree char *first = g_strdup_printf ("keeps the first %s of them in “Comments (Sales)”.",
                                                    target);
          const MsiSyncProblem *problem;

          g_assert_true (notes_contain (entry, up_to));
          g_assert_true (notes_contain (entry, first));
          g_assert_cmpint (msi_sync_preview_entry_get_severity (entry), >=, MSI_SYNC_SEVERITY_WARNING);
          g_assert_false (msi_sync_preview_get_blocked (preview));
          problem = msi_sync_preview_get_problem (preview, msi_sync_preview_get_n_problems (preview) - 1);
          g_assert_cmpint (msi_sync_problem_get_kind (problem), ==, MSI_SYNC_PROBLEM_TRUNCATED);
        }
      else
        g_assert_false (notes_contain (entry, "keeps the first"));
    }
}

static void
test_truncation_wording (void)
{
  g_autoptr(GPtrArray) fields = new_fields ();
  g_autoptr(MsiSyncPreview) preview = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *two_thousand = number (2000);

  g_ptr_array_add (fields, make_field ("comments", "Comments", T (TEXT), 2000, T (STRING), 255));
  g_ptr_array_add (fields, make_field ("created", "Created", T (DATETIME), -1, T (STRING), 16));
  preview = msi_sync_preview_new (fields, 13, NULL);

  expected = g_strdup_printf ("“Comments” holds up to %s characters in Marketo; the Sales account "
                              "keeps the first 255 of them in “Comments (Sales)”.", two_thousand);
  g_assert_cmpstr (msi_sync_preview_entry_get_notes (msi_sync_preview_get_entry (preview, 0))[0],
                   ==, expected);

  /* A date and time written as text: the cut (a warning) before the
   * conversion (worth knowing). */
  g_assert_nonnull (strstr (msi_sync_preview_entry_get_notes (msi_sync_preview_get_entry (preview, 1))[1],
                            "every value carries over unchanged"));
  g_assert_cmpstr (msi_sync_preview_entry_get_notes (msi_sync_preview_get_entry (preview, 1))[0],
                   ==, "“Created” (Date and time in Marketo) becomes up to 25 characters of text; "
                       "the Sales account keeps the first 16 of them in “Created (Sales)”.");
}

/* n chosen fields plus the three always synced. */
static GPtrArray *
fields_with_selected (guint n)
{
  GPtrArray *fields = new_fields ();

  add_always_synced (fields);
  for (guint i = 1; i <= n; i++)
    {
      g_autofree char *name = g_strdup_printf ("field%u", i);
      g_autofree char *label = g_strdup_printf ("Field %u", i);

      g_ptr_array_add (fields, make_field (name, label, T (STRING), 255, T (STRING), 255));
    }

  return fields;
}

static void
test_limit (void)
{
  static const struct { guint n; gboolean blocked; const char *message; } cases[] = {
    { 1, FALSE, NULL },
    { 12, FALSE, NULL },
    { 13, FALSE, NULL },
    { 14, TRUE, "14 fields are selected, but the Sales account syncs at most 13. Unselect 1 field "
                "to start the sync." },
    { 16, TRUE, "16 fields are selected, but the Sales account syncs at most 13. Unselect 3 "
                "fields to start the sync." },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GPtrArray) fields = fields_with_selected (cases[i].n);
      g_autoptr(MsiSyncPreview) preview = msi_sync_preview_new (fields, 13, NULL);

      g_test_message ("%u selected", cases[i].n);
      print_preview (preview);
      /* The always-synced fields are in the sync, first, and not counted. */
      g_assert_cmpuint (msi_sync_selection_count (fields), ==, cases[i].n);
      g_assert_cmpuint (msi_sync_preview_get_selected_count (preview), ==, cases[i].n);
      g_assert_cmpuint (msi_sync_preview_get_n_entries (preview), ==, cases[i].n + 3);
      g_assert_cmpstr (msi_sync_field_get_name (msi_sync_preview_entry_get_field (
                         msi_sync_preview_get_entry (preview, 0))), ==, "email");
      g_assert_cmpint (msi_sync_preview_get_blocked (preview), ==, cases[i].blocked);

      if (cases[i].message != NULL)
        {
          const MsiSyncProblem *problem = msi_sync_preview_get_problem (preview, 0);

          g_assert_cmpuint (msi_sync_preview_get_n_problems (preview), ==, 1);
          g_assert_cmpint (msi_sync_problem_get_kind (problem), ==, MSI_SYNC_PROBLEM_OVER_LIMIT);
          g_assert_cmpint (msi_sync_problem_get_severity (problem), ==, MSI_SYNC_SEVERITY_BLOCKING);
          g_assert_null (msi_sync_problem_get_field_name (problem));
          g_assert_cmpstr (msi_sync_problem_get_message (problem), ==, cases[i].message);
        }
      else
        g_assert_cmpuint (msi_sync_preview_get_n_problems (preview), ==, 0);
    }
}

static void
test_no_fields (void)
{
  g_autoptr(GPtrArray) only_always = fields_with_selected (0);
  g_autoptr(GPtrArray) none = new_fields ();
  GPtrArray *cases[] = { only_always, none };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(MsiSyncPreview) preview = msi_sync_preview_new (cases[i], 13, NULL);
      const MsiSyncProblem *problem = msi_sync_preview_get_problem (preview, 0);

      g_assert_true (msi_sync_preview_get_blocked (preview));
      g_assert_cmpuint (msi_sync_preview_get_n_problems (preview), ==, 1);
      g_assert_cmpint (msi_sync_problem_get_kind (problem), ==, MSI_SYNC_PROBLEM_NO_FIELDS);
      g_assert_cmpstr (msi_sync_problem_get_message (problem), ==,
                       "No field is selected. Choose at least one Marketo field to sync.");
    }
}

static void
test_selection_limit (void)
{
  static const struct { guint n; gboolean can; } cases[] = {
    { 0, TRUE }, { 12, TRUE }, { 13, FALSE }, { 14, FALSE },
  };
  g_autoptr(MsiSyncField) field = make_field ("comments", "Comments", T (STRING), 255, T (STRING), 255);
  g_autofree char *count = NULL;

  msi_sync_field_set_selected (field, FALSE);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *reason = NULL;

      g_assert_cmpint (msi_sync_selection_can_select (field, cases[i].n, 13, &reason), ==, cases[i].can);
      if (cases[i].can)
        g_assert_null (reason);
      else
        {
          g_autofree char *expected = g_strdup_printf ("The Sales account syncs at most 13 fields. %u are "
                                                       "selected already: unselect one to choose "
                                                       "“Comments”.", cases[i].n);

          g_assert_cmpstr (reason, ==, expected);
        }
    }

  /* No reason asked for. */
  g_assert_false (msi_sync_selection_can_select (field, 13, 13, NULL));

  /* A field already chosen can stay chosen past the limit. */
  msi_sync_field_set_selected (field, TRUE);
  g_assert_true (msi_sync_selection_can_select (field, 14, 13, NULL));

  count = msi_sync_selection_describe_count (12, 13);
  g_assert_cmpstr (count, ==, "12 of 13 fields selected");
  g_free (count);
  count = msi_sync_selection_describe_count (1, 1);
  g_assert_cmpstr (count, ==, "1 of 1 field selected");
}

static void
test_selection_reasons (void)
{
  static const struct
  {
    const char *name; int type; int target; int unavailable; gboolean always;
    gboolean updateable; gboolean crm; const char *reason;
  } cases[] = {
    { "email", T (EMAIL), T (EMAIL), -1, TRUE, TRUE, FALSE,
      "“Email” is always synced and does not count toward the 13 fields you can choose." },
    { "salutation", T (FORMULA), T (STRING), -1, FALSE, FALSE, FALSE,
      "“Salutation” is a formula field: Marketo computes its values and does not give them to "
      "other applications, so it cannot be synced." },
    { "oldScore", T (SCORE), T (SCORE), MSI_SYNC_FIELD_UNAVAILABLE_DELETED, FALSE, TRUE, FALSE,
      "“OldScore” no longer exists in Marketo, so it cannot be synced." },
    { "cookies", T (STRING), T (STRING), MSI_SYNC_FIELD_UNAVAILABLE_NOT_IN_REST, FALSE, TRUE, FALSE,
      "Marketo does not give “Cookies” to other applications through its REST API, so it cannot "
      "be synced." },
    { "fax", T (PHONE), -1, -1, FALSE, TRUE, FALSE,
      "The Sales account has no field that can hold “Fax”, so it cannot be synced." },
    { "birthday", T (DATE), T (INTEGER), -1, FALSE, TRUE, FALSE,
      "“Birthday” (Date in Marketo) cannot be synced: the Sales account field “Birthday (Sales)” "
      "(Integer) cannot hold its values." },
    /* Read-only and CRM-managed fields are read like any other. */
    { "leadScore", T (SCORE), T (INTEGER), -1, FALSE, FALSE, FALSE, NULL },
    { "sfdcType", T (STRING), T (STRING), -1, FALSE, TRUE, TRUE, NULL },
    { "createdAt", T (DATETIME), T (DATETIME), -1, FALSE, FALSE, TRUE, NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *label = g_strdup (cases[i].name);
      g_autoptr(MsiSyncField) field = NULL;
      g_autofree char *reason = NULL;

      label[0] = g_ascii_toupper (label[0]);
      field = make_field (cases[i].name, label, cases[i].type, -1, cases[i].target, -1);
      msi_sync_field_set_selected (field, FALSE);
      msi_sync_field_set_always_synced (field, cases[i].always);
      msi_sync_field_set_updateable (field, cases[i].updateable);
      msi_sync_field_set_crm_managed (field, cases[i].crm);
      if (cases[i].unavailable >= 0)
        msi_sync_field_set_unavailable (field, cases[i].unavailable);

      g_test_message ("%s", cases[i].name);
      g_assert_cmpint (msi_sync_selection_can_select (field, 3, 13, &reason), ==, cases[i].reason == NULL);
      g_assert_cmpstr (reason, ==, cases[i].reason);
    }
}

/* Fields at the last sync and now, by name. */
static void
test_changes (void)
{
  g_autoptr(GPtrArray) last = new_fields ();
  g_autoptr(GPtrArray) now = new_fields ();
  g_autoptr(MsiSyncPreview) preview = NULL;
  const MsiSyncPreviewEntry *entry;
  g_autofree char *two_thousand = number (2000);
  g_autofree char *four_thousand = number (4000);
  g_autofree char *length_note = NULL;
  g_auto(GStrv) ids = NULL;

  g_ptr_array_add (last, make_field ("title", "Job Title", T (STRING), 255, T (STRING), 255));
  g_ptr_array_add (last, make_field ("notes", "Notes", T (TEXT), 2000, T (TEXT), 32000));
  g_ptr_array_add (last, make_field ("employees", "Employees", T (INTEGER), -1, T (FLOAT), -1));
  g_ptr_array_add (last, make_field ("industry", "Industry", T (STRING), 255, T (STRING), 255));
  g_ptr_array_add (last, make_field ("fax", "Fax", T (PHONE), 40, T (PHONE), 40));
  g_ptr_array_add (last, make_field ("rating", "Rating", T (STRING), 80, -1, -1));

  g_ptr_array_add (now, make_field ("title", "Job Title", T (STRING), 255, T (STRING), 255));
  g_ptr_array_add (now, make_field ("notes", "Notes", T (TEXT), 4000, T (TEXT), 32000));
  g_ptr_array_add (now, make_field ("employees", "Employees", T (FLOAT), -1, T (FLOAT), -1));
  g_ptr_array_add (now, make_field ("industry", "Industry", T (STRING), 255, T (STRING), 255));
  msi_sync_field_set_target (g_ptr_array_index (now, 3), "sector__c", "Sector", T (STRING), 255);
  g_ptr_array_add (now, make_field ("website", "Website", T (URL), -1, T (URL), -1));
  /* Fax is still in Marketo but no longer chosen. */
  g_ptr_array_add (now, make_field ("fax", "Fax", T (PHONE), 40, T (PHONE), 40));
  msi_sync_field_set_selected (g_ptr_array_index (now, 5), FALSE);

  preview = msi_sync_preview_new (now, 13, last);
  print_preview (preview);
  g_assert_false (msi_sync_preview_get_first_sync (preview));
  g_assert_false (msi_sync_preview_get_blocked (preview));
  /* Five in the sync, then the two that left it, in last-sync order. */
  g_assert_cmpuint (msi_sync_preview_get_n_entries (preview), ==, 7);

  entry = msi_sync_preview_find_entry (preview, "title");
  g_assert_cmpint (msi_sync_preview_entry_get_changes (entry), ==, MSI_SYNC_CHANGE_NONE);
  g_assert_cmpint (msi_sync_preview_entry_get_severity (entry), ==, MSI_SYNC_SEVERITY_NONE);
  g_assert_null (msi_sync_preview_entry_get_notes (entry)[0]);
  g_assert_nonnull (msi_sync_preview_entry_get_previous (entry));

  entry = msi_sync_preview_find_entry (preview, "notes");
  g_assert_cmpint (msi_sync_preview_entry_get_changes (entry), ==, MSI_SYNC_CHANGE_LENGTH_CHANGED);
  g_assert_cmpint (msi_sync_preview_entry_get_severity (entry), ==, MSI_SYNC_SEVERITY_INFO);
  length_note = g_strdup_printf ("“Notes” held up to %s characters in Marketo at the last sync and "
                                 "now holds up to %s.", two_thousand, four_thousand);
  g_assert_cmpstr (msi_sync_preview_entry_get_notes (entry)[0], ==, length_note);

  entry = msi_sync_preview_find_entry (preview, "employees");
  g_assert_cmpint (msi_sync_preview_entry_get_changes (entry), ==, MSI_SYNC_CHANGE_TYPE_CHANGED);
  g_assert_cmpint (msi_sync_preview_entry_get_severity (entry), ==, MSI_SYNC_SEVERITY_WARNING);
  g_assert_true (notes_contain (entry, "“Employees” was Integer in Marketo at the last sync and is now Float."));
  g_assert_cmpint (msi_sync_field_get_data_type (msi_sync_preview_entry_get_previous (entry)), ==, T (INTEGER));

  entry = msi_sync_preview_find_entry (preview, "industry");
  g_assert_cmpint (msi_sync_preview_entry_get_changes (entry), ==, MSI_SYNC_CHANGE_TARGET_CHANGED);
  g_assert_cmpint (msi_sync_preview_entry_get_severity (entry), ==, MSI_SYNC_SEVERITY_WARNING);
  g_assert_true (notes_contain (entry, "“Industry” landed in “Industry (Sales)” at the last sync and "
                                       "now lands in “Sector”; “Industry (Sales)” keeps the values "
                                       "synced before but they are no longer updated."));

  entry = msi_sync_preview_find_entry (preview, "website");
  g_assert_cmpint (msi_sync_preview_entry_get_changes (entry), ==, MSI_SYNC_CHANGE_ADDED);
  g_assert_cmpint (msi_sync_preview_entry_get_severity (entry), ==, MSI_SYNC_SEVERITY_INFO);
  g_assert_null (msi_sync_preview_entry_get_previous (entry));
  g_assert_true (notes_contain (entry, "“Website” is new in this sync: it was not synced last time."));

  entry = msi_sync_preview_get_entry (preview, 5);
  g_assert_cmpstr (msi_sync_field_get_name (msi_sync_preview_entry_get_field (entry)), ==, "fax");
  g_assert_cmpint (msi_sync_preview_entry_get_changes (entry), ==, MSI_SYNC_CHANGE_REMOVED);
  g_assert_cmpint (msi_sync_preview_entry_get_conversion (entry), ==, MSI_SYNC_CONVERSION_NONE);
  g_assert_cmpint (msi_sync_preview_entry_get_severity (entry), ==, MSI_SYNC_SEVERITY_WARNING);
  g_assert_cmpstr (msi_sync_preview_entry_get_notes (entry)[0], ==,
                   "“Fax” was synced last time and is not in this sync: the Sales account keeps "
                   "the values it has in “Fax (Sales)” but no longer updates them.");

  /* A field that had no Sales account field then (an odd last sync) still reads well. */
  entry = msi_sync_preview_get_entry (preview, 6);
  g_assert_cmpstr (msi_sync_preview_entry_get_notes (entry)[0], ==,
                   "“Rating” was synced last time and is not in this sync: the Sales account "
                   "keeps the values it has but no longer updates them.");

  ids = msi_sync_change_dup_ids (MSI_SYNC_CHANGE_ADDED | MSI_SYNC_CHANGE_TYPE_CHANGED |
                                 MSI_SYNC_CHANGE_TARGET_CHANGED);
  g_assert_cmpstrv (ids, ((const char * const[]) { "added", "type-changed", "target-changed", NULL }));

  /* The warnings as problems: type changed, target changed, two removed. */
  g_assert_cmpuint (msi_sync_preview_count_problems (preview, MSI_SYNC_SEVERITY_WARNING), ==, 4);
  g_assert_cmpuint (msi_sync_preview_count_problems (preview, MSI_SYNC_SEVERITY_BLOCKING), ==, 0);
}

static void
test_changes_never_synced (void)
{
  g_autoptr(GPtrArray) fields = fields_with_selected (2);
  g_autoptr(MsiSyncPreview) preview = msi_sync_preview_new (fields, 13, NULL);
  g_autoptr(GPtrArray) empty_last = new_fields ();
  g_autoptr(MsiSyncPreview) after_empty = msi_sync_preview_new (fields, 13, empty_last);

  g_assert_true (msi_sync_preview_get_first_sync (preview));
  g_assert_null (msi_sync_preview_get_last_sync (preview));
  for (guint i = 0; i < msi_sync_preview_get_n_entries (preview); i++)
    {
      const MsiSyncPreviewEntry *entry = msi_sync_preview_get_entry (preview, i);

      g_assert_cmpint (msi_sync_preview_entry_get_changes (entry), ==, MSI_SYNC_CHANGE_NONE);
      g_assert_null (msi_sync_preview_entry_get_previous (entry));
      g_assert_null (msi_sync_preview_entry_get_notes (entry)[0]);
    }

  /* A last sync of nothing makes every field new. */
  g_assert_false (msi_sync_preview_get_first_sync (after_empty));
  for (guint i = 0; i < msi_sync_preview_get_n_entries (after_empty); i++)
    g_assert_cmpint (msi_sync_preview_entry_get_changes (msi_sync_preview_get_entry (after_empty, i)),
                     ==, MSI_SYNC_CHANGE_ADDED);
}

static void
test_blocking_and_warnings (void)
{
  g_autoptr(GPtrArray) fields = new_fields ();
  g_autoptr(MsiSyncPreview) preview = NULL;
  static const struct { MsiSyncProblemKind kind; const char *field; } expected[] = {
    { MSI_SYNC_PROBLEM_UNAVAILABLE, "oldScore" },
    { MSI_SYNC_PROBLEM_UNAVAILABLE, "salutation" },
    { MSI_SYNC_PROBLEM_INCOMPATIBLE, "birthday" },
    { MSI_SYNC_PROBLEM_SHARED_TARGET, "city2" },
    { MSI_SYNC_PROBLEM_LOSSY, "rating" },
    { MSI_SYNC_PROBLEM_TRUNCATED, "comments" },
  };
  MsiSyncField *twin;

  /* In the order the service lists them; warnings among blockers. */
  g_ptr_array_add (fields, make_field ("rating", "Rating", T (FLOAT), -1, T (INTEGER), -1));
  g_ptr_array_add (fields, make_field ("oldScore", "Old score", T (SCORE), -1, T (SCORE), -1));
  msi_sync_field_set_unavailable (g_ptr_array_index (fields, 1), MSI_SYNC_FIELD_UNAVAILABLE_DELETED);
  g_ptr_array_add (fields, make_field ("comments", "Comments", T (TEXT), 2000, T (STRING), 255));
  g_ptr_array_add (fields, make_field ("salutation", "Salutation", T (FORMULA), -1, T (STRING), -1));
  g_ptr_array_add (fields, make_field ("birthday", "Birthday", T (DATE), -1, T (INTEGER), -1));
  g_ptr_array_add (fields, make_field ("city", "City", T (STRING), 255, T (STRING), 255));
  twin = make_field ("city2", "Town", T (STRING), 255, T (STRING), 255);
  msi_sync_field_set_target (twin, "city__c", "City (Sales)", T (STRING), 255);
  g_ptr_array_add (fields, twin);
  /* Not chosen: no entry, no problem. */
  g_ptr_array_add (fields, make_field ("unchosen", "Unchosen", T (FORMULA), -1, -1, -1));
  msi_sync_field_set_selected (g_ptr_array_index (fields, 7), FALSE);

  preview = msi_sync_preview_new (fields, 13, NULL);
  print_preview (preview);

  g_assert_true (msi_sync_preview_get_blocked (preview));
  g_assert_cmpuint (msi_sync_preview_get_n_entries (preview), ==, 7);
  g_assert_null (msi_sync_preview_find_entry (preview, "unchosen"));
  g_assert_cmpuint (msi_sync_preview_get_n_problems (preview), ==, G_N_ELEMENTS (expected));
  g_assert_cmpuint (msi_sync_preview_count_problems (preview, MSI_SYNC_SEVERITY_BLOCKING), ==, 4);
  g_assert_cmpuint (msi_sync_preview_count_problems (preview, MSI_SYNC_SEVERITY_WARNING), ==, 2);

  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      const MsiSyncProblem *problem = msi_sync_preview_get_problem (preview, i);

      g_assert_cmpstr (msi_sync_problem_kind_get_id (msi_sync_problem_get_kind (problem)), ==,
                       msi_sync_problem_kind_get_id (expected[i].kind));
      g_assert_cmpint (msi_sync_problem_get_severity (problem), ==,
                       msi_sync_problem_kind_get_severity (expected[i].kind));
      g_assert_cmpstr (msi_sync_problem_get_field_name (problem), ==, expected[i].field);
    }

  g_assert_cmpstr (msi_sync_problem_get_message (msi_sync_preview_get_problem (preview, 0)), ==,
                   "“Old score” no longer exists in Marketo, so it cannot be synced. Unselect it "
                   "to start the sync.");
  g_assert_cmpstr (msi_sync_problem_get_message (msi_sync_preview_get_problem (preview, 3)), ==,
                   "“City” and “Town” both land in the Sales account field “City (Sales)”, so one "
                   "would overwrite the other. Unselect one of them.");

  /* Both fields of the shared target say so; an unavailable field is not
   * converted or cut. */
  g_assert_cmpint (msi_sync_preview_entry_get_severity (msi_sync_preview_find_entry (preview, "city")),
                   ==, MSI_SYNC_SEVERITY_BLOCKING);
  g_assert_true (notes_contain (msi_sync_preview_find_entry (preview, "city"), "“Town”"));
  g_assert_false (msi_sync_preview_entry_get_truncated (msi_sync_preview_find_entry (preview, "oldScore")));
  g_assert_null (msi_sync_preview_entry_get_notes (msi_sync_preview_find_entry (preview, "oldScore"))[1]);
}

/* An always-synced field cannot be unselected: the sentence says so. */
static void
test_always_synced_blocking (void)
{
  g_autoptr(GPtrArray) fields = fields_with_selected (1);
  g_autoptr(MsiSyncPreview) preview = NULL;

  msi_sync_field_set_target (g_ptr_array_index (fields, 1), NULL, NULL, T (STRING), -1);
  preview = msi_sync_preview_new (fields, 13, NULL);

  g_assert_true (msi_sync_preview_get_blocked (preview));
  g_assert_cmpstr (msi_sync_problem_get_message (msi_sync_preview_get_problem (preview, 0)), ==,
                   "The Sales account has no field that can hold “First Name”, so it cannot be "
                   "synced. It is always synced, so the sync cannot start until this is fixed in "
                   "Marketo or in the Sales account.");
}

static void
test_warnings_only (void)
{
  g_autoptr(GPtrArray) fields = fields_with_selected (0);
  g_autoptr(MsiSyncPreview) preview = NULL;
  const MsiSyncPreviewEntry *entry;
  const char * const *notes;

  g_ptr_array_add (fields, make_field ("comments", "Comments", T (TEXT), 2000, T (INTEGER), -1));
  g_ptr_array_add (fields, make_field ("bio", "Bio", T (TEXT), 2000, T (EMAIL), 80));
  preview = msi_sync_preview_new (fields, 13, NULL);
  print_preview (preview);

  g_assert_false (msi_sync_preview_get_blocked (preview));
  g_assert_cmpuint (msi_sync_preview_count_problems (preview, MSI_SYNC_SEVERITY_WARNING), ==, 3);

  /* Two notes on one entry: its conversion, then its cut. */
  entry = msi_sync_preview_find_entry (preview, "bio");
  notes = msi_sync_preview_entry_get_notes (entry);
  g_assert_nonnull (strstr (notes[0], "holds e-mail addresses"));
  g_assert_nonnull (strstr (notes[1], "keeps the first 80 of them"));
  g_assert_null (notes[2]);
}

static void
test_order_and_duplicates (void)
{
  g_autoptr(GPtrArray) fields = new_fields ();
  g_autoptr(MsiSyncPreview) preview = NULL;
  MsiSyncField *always;

  g_ptr_array_add (fields, make_field ("b", "B", T (STRING), -1, T (STRING), -1));
  g_ptr_array_add (fields, make_field ("a", "A", T (STRING), -1, T (STRING), -1));
  always = make_field ("email", "Email", T (EMAIL), -1, T (EMAIL), -1);
  msi_sync_field_set_always_synced (always, TRUE);
  g_ptr_array_add (fields, always);
  g_ptr_array_add (fields, make_field ("b", "B again", T (INTEGER), -1, T (STRING), -1));

  preview = msi_sync_preview_new (fields, 13, NULL);
  g_assert_cmpuint (msi_sync_preview_get_n_entries (preview), ==, 3);
  g_assert_cmpuint (msi_sync_preview_get_selected_count (preview), ==, 2);
  g_assert_cmpuint (msi_sync_selection_count (fields), ==, 2);
  g_assert_cmpstr (msi_sync_field_get_name (msi_sync_preview_entry_get_field (msi_sync_preview_get_entry (preview, 0))), ==, "email");
  g_assert_cmpstr (msi_sync_field_get_name (msi_sync_preview_entry_get_field (msi_sync_preview_get_entry (preview, 1))), ==, "b");
  g_assert_cmpstr (msi_sync_field_get_label (msi_sync_preview_entry_get_field (msi_sync_preview_get_entry (preview, 1))), ==, "B");
  g_assert_cmpstr (msi_sync_field_get_name (msi_sync_preview_entry_get_field (msi_sync_preview_get_entry (preview, 2))), ==, "a");

  /* The preview copied the fields: changing the page's does not change it. */
  msi_sync_field_set_selected (g_ptr_array_index (fields, 0), FALSE);
  g_assert_true (msi_sync_field_get_selected (g_ptr_array_index (msi_sync_preview_get_fields (preview), 1)));
}

static void
test_json_round_trip (void)
{
  g_autoptr(GPtrArray) last = new_fields ();
  g_autoptr(GPtrArray) fields = fields_with_selected (2);
  g_autoptr(MsiSyncPreview) preview = NULL;
  g_autoptr(MsiSyncPreview) back = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  JsonObject *object;
  JsonArray *entries;

  g_ptr_array_add (last, make_field ("field1", "Field 1", T (TEXT), -1, T (STRING), 255));
  g_ptr_array_add (last, make_field ("gone", "Gone", T (STRING), -1, T (STRING), 255));
  g_ptr_array_add (fields, make_field ("notes", "Notes", T (TEXT), 2000, T (STRING), 255));
  g_ptr_array_add (fields, make_field ("when", "When", T (DATE), -1, T (BOOLEAN), -1));

  preview = msi_sync_preview_new (fields, 13, last);
  msi_sync_preview_set_n_people (preview, 52000);
  node = msi_sync_preview_to_json (preview);
  text = json_to_string (node, TRUE);
  g_test_message ("%s", text);

  /* The computed members, for other readers of the API. */
  object = json_node_get_object (node);
  g_assert_cmpint (json_object_get_int_member (object, "limit"), ==, 13);
  g_assert_cmpint (json_object_get_int_member (object, "people"), ==, 52000);
  g_assert_cmpint (json_object_get_int_member (object, "selectedCount"), ==, 4);
  g_assert_true (json_object_get_boolean_member (object, "blocked"));
  entries = json_object_get_array_member (object, "entries");
  g_assert_cmpuint (json_array_get_length (entries), ==, 8);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (entries, 6), "conversion"),
                   ==, "incompatible");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (entries, 5), "severity"),
                   ==, "warning");
  g_assert_true (json_object_get_boolean_member (json_array_get_object_element (entries, 5), "truncated"));
  g_assert_cmpstr (json_array_get_string_element (json_object_get_array_member (
                     json_array_get_object_element (entries, 7), "changes"), 0), ==, "removed");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (
                     json_object_get_array_member (object, "problems"), 0), "kind"), ==, "incompatible");

  back = msi_sync_preview_new_from_json (node, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (msi_sync_preview_get_limit (back), ==, 13);
  g_assert_cmpint (msi_sync_preview_get_n_people (back), ==, 52000);
  g_assert_false (msi_sync_preview_get_first_sync (back));
  g_assert_cmpuint (msi_sync_preview_get_selected_count (back), ==, 4);
  g_assert_true (msi_sync_preview_get_blocked (back));
  g_assert_cmpuint (msi_sync_preview_get_n_entries (back), ==, msi_sync_preview_get_n_entries (preview));
  g_assert_cmpuint (msi_sync_preview_get_n_problems (back), ==, msi_sync_preview_get_n_problems (preview));

  for (guint i = 0; i < msi_sync_preview_get_n_entries (preview); i++)
    {
      const MsiSyncPreviewEntry *a = msi_sync_preview_get_entry (preview, i);
      const MsiSyncPreviewEntry *b = msi_sync_preview_get_entry (back, i);

      g_assert_cmpstr (msi_sync_field_get_name (msi_sync_preview_entry_get_field (a)), ==,
                       msi_sync_field_get_name (msi_sync_preview_entry_get_field (b)));
      g_assert_cmpint (msi_sync_preview_entry_get_conversion (a), ==, msi_sync_preview_entry_get_conversion (b));
      g_assert_cmpint (msi_sync_preview_entry_get_changes (a), ==, msi_sync_preview_entry_get_changes (b));
      g_assert_cmpint (msi_sync_preview_entry_get_truncated (a), ==, msi_sync_preview_entry_get_truncated (b));
      g_assert_cmpstrv (msi_sync_preview_entry_get_notes (a), msi_sync_preview_entry_get_notes (b));
    }
  for (guint i = 0; i < msi_sync_preview_get_n_problems (preview); i++)
    g_assert_cmpstr (msi_sync_problem_get_message (msi_sync_preview_get_problem (preview, i)), ==,
                     msi_sync_problem_get_message (msi_sync_preview_get_problem (back, i)));
}

static void
test_json_first_sync (void)
{
  g_autoptr(JsonNode) node = json_from_string (
    "{ \"limit\": 13, \"people\": null, \"lastSync\": null,"
    "  \"fields\": [ { \"name\": \"title\", \"displayName\": \"Job Title\", \"dataType\": \"string\","
    "                  \"updateable\": true, \"crmManaged\": false, \"selected\": true,"
    "                  \"target\": { \"name\": \"title\", \"dataType\": \"string\" } } ] }", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(MsiSyncPreview) preview = msi_sync_preview_new_from_json (node, &error);

  g_assert_no_error (error);
  g_assert_true (msi_sync_preview_get_first_sync (preview));
  g_assert_cmpint (msi_sync_preview_get_n_people (preview), ==, -1);
  g_assert_false (msi_sync_preview_get_blocked (preview));
  g_assert_cmpuint (msi_sync_preview_get_n_entries (preview), ==, 1);
}

#define FIELD "{ \"name\": \"t\", \"displayName\": \"T\", \"dataType\": \"string\", \"updateable\": true, \"crmManaged\": false }"

static void
test_json_malformed (void)
{
  static const struct { const char *json; const char *message; } cases[] = {
    { "[]", "The sync preview is not a JSON object." },
    { "{ \"fields\": [] }", "The sync preview has no “limit”." },
    { "{ \"limit\": null, \"fields\": [] }", "The sync preview has no “limit”." },
    { "{ \"limit\": \"13\", \"fields\": [] }", "In the sync preview, “limit” is not a whole number of 0 or more." },
    { "{ \"limit\": -1, \"fields\": [] }", "In the sync preview, “limit” is not a whole number of 0 or more." },
    { "{ \"limit\": 13.5, \"fields\": [] }", "In the sync preview, “limit” is not a whole number of 0 or more." },
    { "{ \"limit\": 13, \"people\": -2, \"fields\": [] }", "In the sync preview, “people” is not a whole number of 0 or more." },
    { "{ \"limit\": 13, \"people\": \"many\", \"fields\": [] }", "In the sync preview, “people” is not a whole number of 0 or more." },
    { "{ \"limit\": 13 }", "The sync preview has no “fields”." },
    { "{ \"limit\": 13, \"fields\": {} }", "The Marketo field list is not a JSON array." },
    { "{ \"limit\": 13, \"fields\": [ " FIELD ", 1 ] }", "Entry 2 of the Marketo field list is not a JSON object." },
    { "{ \"limit\": 13, \"fields\": [], \"lastSync\": [] }", "In the sync preview, “lastSync” is not a JSON object." },
    { "{ \"limit\": 13, \"fields\": [], \"lastSync\": {} }", "The sync preview has no “lastSync.fields”." },
    { "{ \"limit\": 13, \"fields\": [], \"lastSync\": { \"fields\": [ " FIELD ", " FIELD " ] } }",
      "The Marketo field list names “t” twice, in entries 1 and 2." },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(JsonNode) node = json_from_string (cases[i].json, NULL);
      g_autoptr(GError) error = NULL;
      g_autoptr(MsiSyncPreview) preview = NULL;

      g_test_message ("case %u: %s", i, cases[i].json);
      g_assert_nonnull (node);
      preview = msi_sync_preview_new_from_json (node, &error);
      g_assert_null (preview);
      g_assert_error (error, MSI_HTTP_ERROR, MSI_HTTP_ERROR_INVALID_RESPONSE);
      g_assert_cmpstr (error->message, ==, cases[i].message);
    }
}

static void
test_ids (void)
{
  GEnumClass *klass = g_type_class_ref (MSI_TYPE_SYNC_PROBLEM_KIND);

  /* Every problem kind has an id and a severity; the first five block. */
  for (guint i = 0; i < klass->n_values; i++)
    {
      MsiSyncProblemKind kind = klass->values[i].value;

      g_assert_cmpstr (msi_sync_problem_kind_get_id (kind), ==, klass->values[i].value_nick);
      g_assert_cmpint (msi_sync_problem_kind_get_severity (kind), ==,
                       kind <= MSI_SYNC_PROBLEM_SHARED_TARGET ? MSI_SYNC_SEVERITY_BLOCKING
                                                              : MSI_SYNC_SEVERITY_WARNING);
    }
  g_type_class_unref (klass);

  g_assert_cmpstr (msi_sync_conversion_get_id (MSI_SYNC_CONVERSION_LOSSLESS), ==, "lossless");
  g_assert_cmpstr (msi_sync_loss_get_id (MSI_SYNC_LOSS_UNPARSED_EMPTIED), ==, "unparsed-emptied");
  g_assert_cmpstr (msi_sync_severity_get_id (MSI_SYNC_SEVERITY_BLOCKING), ==, "blocking");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/sync-preview/conversion-table", test_conversion_table);
  g_test_add_func ("/sync-preview/conversion-entries", test_conversion_entries);
  g_test_add_func ("/sync-preview/conversion-wording", test_conversion_wording);
  g_test_add_func ("/sync-preview/truncation", test_truncation);
  g_test_add_func ("/sync-preview/truncation-wording", test_truncation_wording);
  g_test_add_func ("/sync-preview/limit", test_limit);
  g_test_add_func ("/sync-preview/no-fields", test_no_fields);
  g_test_add_func ("/sync-preview/selection-limit", test_selection_limit);
  g_test_add_func ("/sync-preview/selection-reasons", test_selection_reasons);
  g_test_add_func ("/sync-preview/changes", test_changes);
  g_test_add_func ("/sync-preview/changes-never-synced", test_changes_never_synced);
  g_test_add_func ("/sync-preview/blocking-and-warnings", test_blocking_and_warnings);
  g_test_add_func ("/sync-preview/always-synced-blocking", test_always_synced_blocking);
  g_test_add_func ("/sync-preview/warnings-only", test_warnings_only);
  g_test_add_func ("/sync-preview/order-and-duplicates", test_order_and_duplicates);
  g_test_add_func ("/sync-preview/json-round-trip", test_json_round_trip);
  g_test_add_func ("/sync-preview/json-first-sync", test_json_first_sync);
  g_test_add_func ("/sync-preview/json-malformed", test_json_malformed);
  g_test_add_func ("/sync-preview/ids", test_ids);

  return g_test_run ();
}
