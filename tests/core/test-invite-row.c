/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-invite-row.c: column headers in four languages, row fields and labels, and the directory of users and teams */

#define G_LOG_DOMAIN "test-invite-row"

#include "config.h"

#include <string.h>

#include <glib-object.h>

#include "msi-invite-directory.h"
#include "msi-invite-row.h"
#include "msi-invite-row-private.h"

#define EMAIL MSI_INVITE_FIELD_EMAIL
#define FIRST MSI_INVITE_FIELD_FIRST_NAME
#define LAST  MSI_INVITE_FIELD_LAST_NAME
#define TEAM  MSI_INVITE_FIELD_TEAM
#define TITLE MSI_INVITE_FIELD_TITLE
#define NONE  MSI_INVITE_FIELD_IGNORE

typedef struct { const char *header; MsiInviteField field; } Synonym;

static void
assert_synonyms (const Synonym *table,
                 guint          n)
{
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *escaped = g_strescape (table[i].header, NULL);

      g_test_message ("“%s”", escaped);
      g_assert_cmpint (msi_invite_field_guess (table[i].header), ==, table[i].field);
    }
}

static void
test_guess_english (void)
{
  static const Synonym table[] = {
    { "E-mail", EMAIL }, { "Email", EMAIL }, { "EMAIL", EMAIL }, { "e-mail address", EMAIL },
    { "Email Address", EMAIL }, { "Mail", EMAIL }, { "Work email", EMAIL }, { "email_address", EMAIL },
    { "First name", FIRST }, { "FirstName", FIRST }, { "first_name", FIRST }, { "Given name", FIRST },
    { "Forename", FIRST },
    { "Last name", LAST }, { "LASTNAME", LAST }, { "Surname", LAST }, { "Family name", LAST },
    { "Team", TEAM }, { "Group", TEAM }, { "team name", TEAM },
    { "Title", TITLE }, { "Job title", TITLE }, { "Job-Title", TITLE }, { "Position", TITLE },
  };
  assert_synonyms (table, G_N_ELEMENTS (table));
}

static void
test_guess_dutch (void)
{
  static const Synonym table[] = {
    { "E-mailadres", EMAIL }, { "e-mail adres", EMAIL }, { "Emailadres", EMAIL }, { "Mailadres", EMAIL },
    { "Voornaam", FIRST }, { "Roepnaam", FIRST },
    { "Achternaam", LAST }, { "Familienaam", LAST },
    { "Groep", TEAM }, { "Team", TEAM }, { "Teamnaam", TEAM },
    { "Functie", TITLE }, { "Functietitel", TITLE }, { "Titel", TITLE },
  };
  assert_synonyms (table, G_N_ELEMENTS (table));
}

static void
test_guess_german (void)
{
  static const Synonym table[] = {
    { "E-Mail", EMAIL }, { "E-Mail-Adresse", EMAIL }, { "Emailadresse", EMAIL }, { "Mailadresse", EMAIL },
    { "Vorname", FIRST },
    { "Nachname", LAST }, { "Familienname", LAST }, { "Zuname", LAST },
    { "Gruppe", TEAM }, { "Team", TEAM },
    { "Titel", TITLE }, { "Berufsbezeichnung", TITLE }, { "Stellenbezeichnung", TITLE }, { "Position", TITLE },
  };
  assert_synonyms (table, G_N_ELEMENTS (table));
}

static void
test_guess_french (void)
{
  static const Synonym table[] = {
    { "Courriel", EMAIL }, { "Adresse e-mail", EMAIL }, { "Adresse mail", EMAIL },
    { "Adresse électronique", EMAIL }, { "adresse de courriel", EMAIL },
    { "Prénom", FIRST }, { "PRÉNOM", FIRST }, { "prenom", FIRST },
    { "Nom", LAST }, { "Nom de famille", LAST },
    { "Équipe", TEAM }, { "equipe", TEAM }, { "Groupe", TEAM }, { "Nom de l’équipe", TEAM },
    { "Poste", TITLE }, { "Intitulé", TITLE }, { "Intitulé du poste", TITLE }, { "Fonction", TITLE },
    { "Titre", TITLE },
  };
  assert_synonyms (table, G_N_ELEMENTS (table));
}

static void
test_guess_spelling (void)
{
  static const Synonym table[] = {
    /* Blanks, case, punctuation, accents, decomposed accents, notes in brackets */
    { "  E-MAIL  ", EMAIL }, { "e.mail", EMAIL }, { "E_Mail:", EMAIL }, { "\"Email\"", EMAIL },
    { "Email *", EMAIL }, { "E-mail (required)", EMAIL }, { "Team [optional]", TEAM },
    { "Pre\xcc\x81nom", FIRST }, { "ÉQUIPE", TEAM }, { "\xef\xbb\xbf" "Email", EMAIL },
    { "First\tName", FIRST }, { "first-name", FIRST }, { "last–name", LAST },
    /* Not a field */
    { "", NONE }, { "   ", NONE }, { "Phone", NONE }, { "Department", NONE }, { "Name", NONE },
    { "Full name", NONE }, { "Notes", NONE }, { "Emailing list", NONE }, { "Column 3", NONE },
    { "(Email)", NONE }, { "Telefoon", NONE }, { "Abteilung", NONE }, { "Téléphone", NONE },
    { "\xff\xfe" "E\0", NONE },
    { "Email Email Email Email Email Email Email Email Email Email Email Email Email Email", NONE },
  };
  assert_synonyms (table, G_N_ELEMENTS (table));
  g_assert_cmpint (msi_invite_field_guess (NULL), ==, NONE);
}

static void
test_field_labels (void)
{
  g_autoptr(GHashTable) labels = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) ids = g_hash_table_new (g_str_hash, g_str_equal);
  static const char * const expected_ids[] = { "email", "first-name", "last-name", "team", "title" };

  for (MsiInviteField f = MSI_INVITE_FIELD_IGNORE; f < MSI_INVITE_N_FIELDS; f++)
    {
      const char *label = msi_invite_field_get_label (f);
      const char *id = msi_invite_field_get_id (f);

      g_assert_nonnull (label);
      g_assert_cmpstr (label, !=, "");
      g_assert_false (g_hash_table_contains (labels, label));
      g_assert_false (g_hash_table_contains (ids, id));
      g_hash_table_add (labels, (gpointer) label);
      g_hash_table_add (ids, (gpointer) id);

      if (f >= 0)
        {
          GEnumClass *klass = g_type_class_ref (MSI_TYPE_INVITE_FIELD);

          g_assert_cmpstr (id, ==, expected_ids[f]);
          /* The GType's nicks are the same ids. */
          g_assert_cmpstr (g_enum_get_value (klass, f)->value_nick, ==, id);
          g_type_class_unref (klass);
        }
    }

  g_assert_cmpstr (msi_invite_field_get_id (MSI_INVITE_FIELD_IGNORE), ==, "ignore");
  g_assert_cmpstr (msi_invite_field_get_label (MSI_INVITE_FIELD_EMAIL), ==, "E-mail address");
}

static void
test_status_labels (void)
{
  g_autoptr(GHashTable) labels = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) ids = g_hash_table_new (g_str_hash, g_str_equal);
  GEnumClass *klass = g_type_class_ref (MSI_TYPE_INVITE_STATUS);

  for (MsiInviteStatus s = 0; s < MSI_INVITE_N_STATUSES; s++)
    {
      const char *label = msi_invite_status_get_label (s);
      const char *id = msi_invite_status_get_id (s);

      g_assert_cmpstr (label, !=, "");
      g_assert_cmpstr (id, !=, "");
      g_assert_false (g_hash_table_contains (labels, label));
      g_assert_false (g_hash_table_contains (ids, id));
      g_hash_table_add (labels, (gpointer) label);
      g_hash_table_add (ids, (gpointer) id);
      g_assert_cmpstr (g_enum_get_value (klass, s)->value_nick, ==, id);

      /* Ids are for scripts: lower case and hyphens only. */
      for (const char *p = id; *p != '\0'; p++)
        g_assert_true (g_ascii_islower (*p) || *p == '-');
    }

  g_assert_cmpstr (msi_invite_status_get_label (MSI_INVITE_STATUS_READY), ==, "Ready");
  g_assert_cmpstr (msi_invite_status_get_label (MSI_INVITE_STATUS_DUPLICATE), ==, "Duplicate");
  g_assert_cmpstr (msi_invite_status_get_id (MSI_INVITE_STATUS_ALREADY_INVITED), ==, "already-invited");
  g_assert_cmpstr (msi_invite_status_get_id (MSI_INVITE_STATUS_OVER_SEAT_LIMIT), ==, "over-seat-limit");
  g_type_class_unref (klass);
}

static void
test_row (void)
{
  const char *values[MSI_INVITE_N_FIELDS] = { "sam@example.com", "Sam", NULL, "Sales", NULL };
  g_autoptr(MsiInviteRow) row = NULL;
  g_autofree char *email = NULL;
  g_autofree char *first = NULL;
  g_autofree char *last = NULL;
  g_autofree char *team = NULL;
  g_autofree char *title = NULL;
  g_autofree char *reason = NULL;
  guint row_index, line, duplicate_of;
  MsiInviteStatus status;
  char copy[] = "Same address as line 3.";

  row = msi_invite_row_new (41, 44, MSI_INVITE_STATUS_DUPLICATE, copy, 3, values);
  /* The row keeps copies. */
  memset (copy, 'x', sizeof copy - 1);
  values[0] = "changed@example.com";

  g_assert_cmpuint (msi_invite_row_get_row (row), ==, 41);
  g_assert_cmpuint (msi_invite_row_get_line (row), ==, 44);
  g_assert_cmpint (msi_invite_row_get_status (row), ==, MSI_INVITE_STATUS_DUPLICATE);
  g_assert_cmpstr (msi_invite_row_get_reason (row), ==, "Same address as line 3.");
  g_assert_cmpuint (msi_invite_row_get_duplicate_of (row), ==, 3);
  g_assert_cmpstr (msi_invite_row_get_field (row, EMAIL), ==, "sam@example.com");
  g_assert_cmpstr (msi_invite_row_get_field (row, FIRST), ==, "Sam");
  g_assert_cmpstr (msi_invite_row_get_field (row, LAST), ==, "");
  g_assert_cmpstr (msi_invite_row_get_field (row, TEAM), ==, "Sales");
  g_assert_cmpstr (msi_invite_row_get_field (row, TITLE), ==, "");
  g_assert_cmpstr (msi_invite_row_get_field (row, NONE), ==, "");

  /* The same through properties, as list views bind them. */
  g_object_get (row,
                "row", &row_index, "line", &line, "status", &status,
                "reason", &reason, "duplicate-of", &duplicate_of,
                "email", &email, "first-name", &first, "last-name", &last,
                "team", &team, "title", &title,
                NULL);
  g_assert_cmpuint (row_index, ==, 41);
  g_assert_cmpuint (line, ==, 44);
  g_assert_cmpint (status, ==, MSI_INVITE_STATUS_DUPLICATE);
  g_assert_cmpstr (reason, ==, "Same address as line 3.");
  g_assert_cmpuint (duplicate_of, ==, 3);
  g_assert_cmpstr (email, ==, "sam@example.com");
  g_assert_cmpstr (first, ==, "Sam");
  g_assert_cmpstr (last, ==, "");
  g_assert_cmpstr (team, ==, "Sales");
  g_assert_cmpstr (title, ==, "");

  g_assert_true (G_PARAM_SPEC_VALUE_TYPE (g_object_class_find_property (G_OBJECT_GET_CLASS (row), "status")) == MSI_TYPE_INVITE_STATUS);
}

static void
test_row_ready (void)
{
  g_autoptr(MsiInviteRow) row = msi_invite_row_new (0, 2, MSI_INVITE_STATUS_READY, NULL, 0, NULL);

  g_assert_null (msi_invite_row_get_reason (row));
  for (MsiInviteField f = 0; f < MSI_INVITE_N_FIELDS; f++)
    g_assert_cmpstr (msi_invite_row_get_field (row, f), ==, "");
}

static void
test_directory_members (void)
{
  g_autoptr(MsiInviteDirectory) directory = msi_invite_directory_new (100, 20);
  const char *text = "xx ALEX@Example.com yy";

  g_assert_cmpuint (msi_invite_directory_get_seat_limit (directory), ==, 100);
  g_assert_cmpuint (msi_invite_directory_get_seats_used (directory), ==, 0);

  msi_invite_directory_add_member (directory, "alex@example.com", MSI_DIRECTORY_MEMBER_USER);
  msi_invite_directory_add_member (directory, "Sam@Example.org", MSI_DIRECTORY_MEMBER_INVITED);
  msi_invite_directory_add_member (directory, "lee@example.org", MSI_DIRECTORY_MEMBER_INVITED);
  /* Again, in another case: one seat, the newer kind. */
  msi_invite_directory_add_member (directory, "LEE@example.org", MSI_DIRECTORY_MEMBER_USER);

  g_assert_cmpuint (msi_invite_directory_get_seats_used (directory), ==, 3);
  g_assert_cmpint (msi_invite_directory_lookup_member (directory, "alex@example.com", -1), ==, MSI_DIRECTORY_MEMBER_USER);
  g_assert_cmpint (msi_invite_directory_lookup_member (directory, "Alex@EXAMPLE.com", -1), ==, MSI_DIRECTORY_MEMBER_USER);
  g_assert_cmpint (msi_invite_directory_lookup_member (directory, "sam@example.org", -1), ==, MSI_DIRECTORY_MEMBER_INVITED);
  g_assert_cmpint (msi_invite_directory_lookup_member (directory, "lee@example.org", -1), ==, MSI_DIRECTORY_MEMBER_USER);
  g_assert_cmpint (msi_invite_directory_lookup_member (directory, "kim@example.org", -1), ==, MSI_DIRECTORY_MEMBER_NONE);
  g_assert_cmpint (msi_invite_directory_lookup_member (directory, "alex@example.co", -1), ==, MSI_DIRECTORY_MEMBER_NONE);
  g_assert_cmpint (msi_invite_directory_lookup_member (directory, " alex@example.com ", -1), ==, MSI_DIRECTORY_MEMBER_USER);
  /* A slice of a longer text, as the CSV reader hands over fields. */
  g_assert_cmpint (msi_invite_directory_lookup_member (directory, text + 3, 16), ==, MSI_DIRECTORY_MEMBER_USER);
  g_assert_cmpint (msi_invite_directory_lookup_member (directory, text + 3, 15), ==, MSI_DIRECTORY_MEMBER_NONE);
  g_assert_cmpint (msi_invite_directory_lookup_member (directory, NULL, -1), ==, MSI_DIRECTORY_MEMBER_NONE);

  /* Removing a member frees its seat. */
  msi_invite_directory_add_member (directory, "SAM@example.org", MSI_DIRECTORY_MEMBER_NONE);
  g_assert_cmpuint (msi_invite_directory_get_seats_used (directory), ==, 2);
  g_assert_cmpint (msi_invite_directory_lookup_member (directory, "sam@example.org", -1), ==, MSI_DIRECTORY_MEMBER_NONE);
}

static void
test_directory_long_address (void)
{
  g_autoptr(MsiInviteDirectory) directory = msi_invite_directory_new (100, 20);
  g_autoptr(GString) address = g_string_new (NULL);

  for (guint i = 0; i < 100; i++)
    g_string_append (address, "long.");
  g_string_append (address, "name@example.com");

  msi_invite_directory_add_member (directory, address->str, MSI_DIRECTORY_MEMBER_INVITED);
  g_string_append (address, "!trailing");
  g_assert_cmpint (msi_invite_directory_lookup_member (directory, address->str, address->len - 9),
                   ==, MSI_DIRECTORY_MEMBER_INVITED);
}

static void
test_directory_teams (void)
{
  g_autoptr(MsiInviteDirectory) directory = msi_invite_directory_new (100, 20);
  g_auto(GStrv) names = NULL;

  /* Everyone is always there. */
  g_assert_cmpuint (msi_invite_directory_get_team_limit (directory), ==, 20);
  g_assert_cmpuint (msi_invite_directory_get_n_teams (directory), ==, 1);
  g_assert_nonnull (msi_invite_directory_lookup_team (directory, "Everyone"));
  g_assert_cmpstr (msi_invite_directory_get_team_name (directory, "everyone"), ==, "Everyone");

  msi_invite_directory_add_team (directory, "Sales EMEA", "g-1");
  msi_invite_directory_add_team (directory, "Équipe Paris", "g-2");
  msi_invite_directory_add_team (directory, "everyone", "g-0");

  g_assert_cmpuint (msi_invite_directory_get_n_teams (directory), ==, 3);
  g_assert_cmpstr (msi_invite_directory_lookup_team (directory, "sales emea"), ==, "g-1");
  g_assert_cmpstr (msi_invite_directory_lookup_team (directory, "SALES EMEA"), ==, "g-1");
  g_assert_cmpstr (msi_invite_directory_get_team_name (directory, "sales emea"), ==, "Sales EMEA");
  g_assert_cmpstr (msi_invite_directory_lookup_team (directory, "ÉQUIPE PARIS"), ==, "g-2");
  g_assert_cmpstr (msi_invite_directory_get_team_name (directory, "équipe paris"), ==, "Équipe Paris");
  g_assert_cmpstr (msi_invite_directory_lookup_team (directory, "EVERYONE"), ==, "g-0");
  g_assert_cmpstr (msi_invite_directory_get_team_name (directory, "EVERYONE"), ==, "everyone");
  g_assert_null (msi_invite_directory_lookup_team (directory, "Sales"));
  g_assert_null (msi_invite_directory_get_team_name (directory, "Sales"));
  g_assert_null (msi_invite_directory_lookup_team (directory, NULL));

  names = msi_invite_directory_dup_team_names (directory);
  g_assert_cmpuint (g_strv_length (names), ==, 3);
  g_assert_cmpstr (names[0], ==, "everyone");
  g_assert_cmpstr (names[1], ==, "Sales EMEA");
  g_assert_cmpstr (names[2], ==, "Équipe Paris");
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/invite-row/guess/english", test_guess_english);
  g_test_add_func ("/invite-row/guess/dutch", test_guess_dutch);
  g_test_add_func ("/invite-row/guess/german", test_guess_german);
  g_test_add_func ("/invite-row/guess/french", test_guess_french);
  g_test_add_func ("/invite-row/guess/spelling", test_guess_spelling);
  g_test_add_func ("/invite-row/field-labels", test_field_labels);
  g_test_add_func ("/invite-row/status-labels", test_status_labels);
  g_test_add_func ("/invite-row/row", test_row);
  g_test_add_func ("/invite-row/row-ready", test_row_ready);
  g_test_add_func ("/invite-directory/members", test_directory_members);
  g_test_add_func ("/invite-directory/long-address", test_directory_long_address);
  g_test_add_func ("/invite-directory/teams", test_directory_teams);

  return g_test_run ();
}
