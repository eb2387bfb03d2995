/* SPDX-License-Identifier: GPL-3.0-or-later */
/* msi-csv-import-dialog.c: a CSV file of people to invite: preview, mapping, invitations, results */

#define G_LOG_DOMAIN "msi-csv-import-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "msi-csv-import-dialog-private.h"
#include "msi-csv-writer.h"
#include "msi-import-row-item.h"
#include "msi-ui-util.h"

/*
 * The admin guide's "Invite users via CSV": choose the file, Next, check
 * that the fields are mapped correctly, Invite, a confirmation. Here the
 * preview shows rows as soon as the file's first ones are read (the plan
 * reads in a worker thread); it is first planned from the file alone and
 * planned again against the account's directory as soon as that is read,
 * and only that plan can be sent. The import is journaled by
 * MsiInviteImport: closing the window cancels it, and it stays resumable.
 */

struct _MsiCsvImportDialog
{
  AdwWindow           parent_instance;

  MsiApplication     *app;
  MsiScimClient      *client;
  char               *profile_id;
  GCancellable       *cancellable;          /* the dialog's life */
  GCancellable       *load_cancellable;     /* the file shown */
  GCancellable       *import_cancellable;   /* the import running */
  gboolean            disposed;

  /* The file and its plans */
  GFile              *file;
  char               *file_name;
  MsiInviteDirectory *directory;
  gboolean            directory_loading;
  char               *directory_error;
  MsiInvitePlan      *plan;                 /* the plan shown */
  MsiInvitePlan      *full_plan;            /* planned against the directory, while still read */
  gboolean            mapping_edited;
  gboolean            updating_mapping;
  GPtrArray          *mapping_rows;         /* AdwComboRow, one per column */
  GtkStringList      *field_labels;
  GtkNoSelection     *rows_selection;
  gboolean            updating_teams;

  /* The import */
  MsiImportJournal   *journal;
  MsiInviteImport    *import;
  gint64              import_id;
  GListModel         *results;
  GtkNoSelection     *results_selection;
  GHashTable         *failures;             /* line → reason */
  guint               chunk_size;           /* tests: rows per Bulk request, 0 the default */

  /* Template widgets */
  AdwToastOverlay    *toast_overlay;
  AdwWindowTitle     *window_title;
  GtkStack           *stack;
  GtkSpinner         *loading_spinner;
  GtkLabel           *loading_label;
  AdwStatusPage      *error_page;
  GtkLabel           *notice_label;
  GtkWidget          *directory_box;
  GtkLabel           *directory_label;
  AdwExpanderRow     *mapping_expander;
  AdwActionRow       *teams_row;
  GtkSwitch          *teams_switch;
  GtkLabel           *mapping_problem_label;
  GtkSpinner         *reading_spinner;
  GtkLabel           *counts_label;
  GtkToggleButton    *filter_all;
  GtkToggleButton    *filter_problems;
  GtkToggleButton    *filter_ready;
  GtkStack           *rows_stack;
  GtkListView        *rows_view;
  AdwStatusPage      *no_rows_page;
  GtkButton          *invite_button;
  AdwStatusPage      *progress_page;
  GtkProgressBar     *progress_bar;
  GtkButton          *cancel_button;
  GtkImage           *results_icon;
  GtkLabel           *results_title;
  GtkLabel           *results_detail;
  GtkListView        *results_view;
  GtkButton          *export_button;
  GtkButton          *done_button;
  GtkButton          *resume_button;
};

enum {
  SIGNAL_FINISHED,
  SIGNAL_EXPORTED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (MsiCsvImportDialog, msi_csv_import_dialog, ADW_TYPE_WINDOW)

static void update_preview (MsiCsvImportDialog *self);
static void start_full_plan (MsiCsvImportDialog *self);

static void
add_toast (MsiCsvImportDialog *self,
           const char         *text)
{
  g_autofree char *escaped = g_markup_escape_text (text, -1);

  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (escaped));
}

static void
set_state (MsiCsvImportDialog *self,
           const char         *state)
{
  gtk_spinner_set_spinning (self->loading_spinner, g_str_equal (state, "loading"));
  gtk_stack_set_visible_child_name (self->stack, state);
}

static gboolean
import_running (MsiCsvImportDialog *self)
{
  return self->import_cancellable != NULL && !g_cancellable_is_cancelled (self->import_cancellable);
}

/* --- the rows of the preview --------------------------------------------------- */

typedef struct
{
  GtkWidget *line;
  GtkWidget *address;
  GtkWidget *detail;
  GtkWidget *reason;
  GtkWidget *status;
} PlanRow;

static const char *
status_style (MsiInviteStatus status)
{
  switch (status)
    {
    case MSI_INVITE_STATUS_READY:
      return "success";
    case MSI_INVITE_STATUS_ALREADY_USER:
    case MSI_INVITE_STATUS_ALREADY_INVITED:
      return "accent";
    case MSI_INVITE_STATUS_DUPLICATE:
    case MSI_INVITE_STATUS_UNKNOWN_TEAM:
    case MSI_INVITE_STATUS_TEAM_LIMIT:
    case MSI_INVITE_STATUS_OVER_SEAT_LIMIT:
      return "warning";
    case MSI_INVITE_STATUS_INVALID_ADDRESS:
    case MSI_INVITE_STATUS_MISSING_FIELD:
    case MSI_INVITE_STATUS_MALFORMED_ROW:
    default:
      return "error";
    }
}

static void
set_pill_style (GtkWidget  *pill,
                const char *style)
{
  static const char * const styles[] = { "success", "accent", "warning", "error", "dim" };

  for (guint i = 0; i < G_N_ELEMENTS (styles); i++)
    gtk_widget_remove_css_class (pill, styles[i]);
  gtk_widget_add_css_class (pill, style);
}

static GtkWidget *
new_inscription (const char *css_class)
{
  GtkWidget *inscription = gtk_inscription_new (NULL);

  gtk_inscription_set_text_overflow (GTK_INSCRIPTION (inscription), GTK_INSCRIPTION_OVERFLOW_ELLIPSIZE_END);
  gtk_inscription_set_nat_chars (GTK_INSCRIPTION (inscription), 40);
  if (css_class != NULL)
    gtk_widget_add_css_class (inscription, css_class);

  return inscription;
}

static void
setup_plan_row_cb (GtkSignalListItemFactory *factory,
                   GtkListItem              *item,
                   gpointer                  user_data)
{
  PlanRow *row = g_new0 (PlanRow, 1);
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *texts = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);

  gtk_widget_add_css_class (box, "msi-list-row");

  row->line = gtk_label_new (NULL);
  gtk_label_set_width_chars (GTK_LABEL (row->line), 4);
  gtk_label_set_xalign (GTK_LABEL (row->line), 1);
  gtk_widget_set_valign (row->line, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (row->line, "dim-label");
  gtk_widget_add_css_class (row->line, "numeric");
  gtk_box_append (GTK_BOX (box), row->line);

  gtk_widget_set_hexpand (texts, TRUE);
  gtk_widget_set_valign (texts, GTK_ALIGN_CENTER);
  row->address = new_inscription (NULL);
  row->detail = new_inscription ("dim-label");
  gtk_widget_add_css_class (row->detail, "caption");
  row->reason = new_inscription ("caption");
  gtk_widget_add_css_class (row->reason, "msi-row-reason");
  gtk_box_append (GTK_BOX (texts), row->address);
  gtk_box_append (GTK_BOX (texts), row->detail);
  gtk_box_append (GTK_BOX (texts), row->reason);
  gtk_box_append (GTK_BOX (box), texts);

  row->status = gtk_label_new (NULL);
  gtk_widget_set_valign (row->status, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (row->status, "msi-pill");
  gtk_box_append (GTK_BOX (box), row->status);

  g_object_set_data_full (G_OBJECT (box), "msi-plan-row", row, g_free);
  gtk_list_item_set_child (item, box);
  gtk_list_item_set_activatable (item, FALSE);
}

static void
bind_plan_row_cb (GtkSignalListItemFactory *factory,
                  GtkListItem              *item,
                  gpointer                  user_data)
{
  GtkWidget *box = gtk_list_item_get_child (item);
  PlanRow *row = g_object_get_data (G_OBJECT (box), "msi-plan-row");
  MsiInviteRow *invite_row = gtk_list_item_get_item (item);
  MsiInviteStatus status = msi_invite_row_get_status (invite_row);
  const char *email = msi_invite_row_get_field (invite_row, MSI_INVITE_FIELD_EMAIL);
  const char *team = msi_invite_row_get_field (invite_row, MSI_INVITE_FIELD_TEAM);
  const char *title = msi_invite_row_get_field (invite_row, MSI_INVITE_FIELD_TITLE);
  const char *reason = msi_invite_row_get_reason (invite_row);
  g_autofree char *line = g_strdup_printf ("%u", msi_invite_row_get_line (invite_row));
  g_autofree char *name = NULL;
  g_autoptr(GString) detail = g_string_new (NULL);
  g_autofree char *accessible = NULL;

  name = g_strstrip (g_strdup_printf ("%s %s", msi_invite_row_get_field (invite_row, MSI_INVITE_FIELD_FIRST_NAME),
                                      msi_invite_row_get_field (invite_row, MSI_INVITE_FIELD_LAST_NAME)));
  if (*name != '\0')
    g_string_append (detail, name);
  if (title != NULL && *title != '\0')
    /* TRANSLATORS: a row of the CSV preview: name, job title, team, joined by this */
    g_string_append_printf (detail, "%s%s", detail->len > 0 ? _(" · ") : "", title);
  g_string_append_printf (detail, "%s%s", detail->len > 0 ? _(" · ") : "",
                          team != NULL && *team != '\0' ? team : MSI_SCIM_EVERYONE_TEAM);

  gtk_label_set_label (GTK_LABEL (row->line), line);
  gtk_inscription_set_text (GTK_INSCRIPTION (row->address),
                            email != NULL && *email != '\0' ? email : _("(no address)"));
  gtk_inscription_set_text (GTK_INSCRIPTION (row->detail), detail->str);
  gtk_inscription_set_text (GTK_INSCRIPTION (row->reason), reason);
  gtk_widget_set_visible (row->reason, reason != NULL);
  gtk_widget_set_tooltip_text (row->reason, reason);
  set_pill_style (row->reason, status_style (status));
  gtk_label_set_label (GTK_LABEL (row->status), msi_invite_status_get_label (status));
  set_pill_style (row->status, status_style (status));

  /* TRANSLATORS: read by screen readers for a row of the CSV preview: line, address, status, reason */
  accessible = g_strdup_printf (_("Line %s: %s, %s. %s"), line, email ? email : "",
                                msi_invite_status_get_label (status), reason ? reason : detail->str);
  gtk_accessible_update_property (GTK_ACCESSIBLE (box), GTK_ACCESSIBLE_PROPERTY_LABEL, accessible, -1);
}

/* --- the mapping -------------------------------------------------------------------- */

static guint
field_to_index (MsiInviteField field)
{
  return field == MSI_INVITE_FIELD_IGNORE ? MSI_INVITE_N_FIELDS : (guint)field;
}

static MsiInviteField
index_to_field (guint index)
{
  return index >= MSI_INVITE_N_FIELDS ? MSI_INVITE_FIELD_IGNORE : (MsiInviteField)index;
}

static void
mapping_selected_cb (AdwComboRow        *row,
                     GParamSpec         *pspec,
                     MsiCsvImportDialog *self)
{
  guint column = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (row), "msi-column"));
  MsiInviteField field = index_to_field (adw_combo_row_get_selected (row));

  if (self->updating_mapping || self->plan == NULL)
    return;
  if (msi_invite_plan_get_mapping (self->plan, column) == field)
    return;

  self->mapping_edited = TRUE;
  msi_invite_plan_set_mapping (self->plan, column, field);
  update_preview (self);
}

static void
clear_mapping_rows (MsiCsvImportDialog *self)
{
  for (guint i = 0; i < self->mapping_rows->len; i++)
    adw_expander_row_remove (self->mapping_expander, g_ptr_array_index (self->mapping_rows, i));
  g_ptr_array_set_size (self->mapping_rows, 0);
}

static void
build_mapping_rows (MsiCsvImportDialog *self)
{
  MsiCsvReader *reader = msi_invite_plan_get_reader (self->plan);
  const char * const *header;
  guint n_columns;

  if (reader == NULL || self->mapping_rows->len > 0)
    return;

  n_columns = msi_csv_reader_get_n_columns (reader);
  header = msi_csv_reader_get_header (reader);
  for (guint column = 0; column < n_columns; column++)
    {
      GtkWidget *row = adw_combo_row_new ();
      g_autofree char *title = NULL;
      g_autofree char *sample = NULL;
      g_autofree char *accessible = NULL;
      g_autofree char *name = g_strdup_printf ("column-%u", column);

      if (header != NULL && header[column] != NULL && *header[column] != '\0')
        title = g_strdup (header[column]);
      else
        /* TRANSLATORS: a column of a CSV file without a header row */
        title = g_strdup_printf (_("Column %u"), column + 1);

      if (msi_csv_reader_get_n_rows (reader) > 0)
        sample = msi_csv_reader_dup_field (reader, 0, column);

      gtk_widget_set_name (row, name);
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      if (sample != NULL && *sample != '\0')
        {
          g_autofree char *subtitle = g_strdup_printf (_("For example: %s"), sample);

          adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
        }
      adw_combo_row_set_model (ADW_COMBO_ROW (row), G_LIST_MODEL (self->field_labels));
      /* TRANSLATORS: the drop-down of a CSV column: which field it holds */
      accessible = g_strdup_printf (_("Field of the column “%s”"), title);
      gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, accessible, -1);
      g_object_set_data (G_OBJECT (row), "msi-column", GUINT_TO_POINTER (column));

      self->updating_mapping = TRUE;
      adw_combo_row_set_selected (ADW_COMBO_ROW (row), field_to_index (msi_invite_plan_get_mapping (self->plan, column)));
      self->updating_mapping = FALSE;
      g_signal_connect_object (row, "notify::selected", G_CALLBACK (mapping_selected_cb), self, 0);

      adw_expander_row_add_row (self->mapping_expander, row);
      g_ptr_array_add (self->mapping_rows, row);
    }
}

static void
update_mapping (MsiCsvImportDialog *self)
{
  g_auto(GStrv) unmapped = NULL;
  g_autoptr(GString) subtitle = g_string_new (NULL);
  const char *problem;
  guint n_used = 0;

  build_mapping_rows (self);

  self->updating_mapping = TRUE;
  for (guint column = 0; column < self->mapping_rows->len; column++)
    {
      MsiInviteField field = msi_invite_plan_get_mapping (self->plan, column);

      adw_combo_row_set_selected (g_ptr_array_index (self->mapping_rows, column), field_to_index (field));
      n_used += field != MSI_INVITE_FIELD_IGNORE;
    }
  self->updating_mapping = FALSE;

  /* TRANSLATORS: the summary of the column mapping: "3 of 5 columns used" */
  g_string_append_printf (subtitle, g_dngettext (GETTEXT_PACKAGE, "%u of %u column used", "%u of %u columns used",
                                                 self->mapping_rows->len),
                          n_used, self->mapping_rows->len);
  unmapped = msi_invite_plan_dup_unmapped_columns (self->plan);
  if (unmapped != NULL && unmapped[0] != NULL)
    {
      g_autoptr(GString) names = g_string_new (NULL);

      for (guint i = 0; unmapped[i] != NULL; i++)
        {
          if (i > 0)
            g_string_append (names, _(", "));
          /* TRANSLATORS: a column name in a list of columns */
          g_string_append_printf (names, _("“%s”"), unmapped[i]);
        }
      g_string_append (subtitle, "\n");
      /* TRANSLATORS: the columns of the file mapped to no field */
      g_string_append_printf (subtitle, _("Not used: %s"), names->str);
    }
  {
    g_autofree char *escaped = g_markup_escape_text (subtitle->str, -1);

    adw_expander_row_set_subtitle (self->mapping_expander, escaped);
  }

  problem = msi_invite_plan_get_mapping_problem (self->plan);
  gtk_label_set_label (self->mapping_problem_label, problem ? problem : "");
  gtk_widget_set_visible (GTK_WIDGET (self->mapping_problem_label), problem != NULL);
  if (problem != NULL)
    adw_expander_row_set_expanded (self->mapping_expander, TRUE);
}

/* --- teams the file names and the account lacks --------------------------- */

static void
update_teams (MsiCsvImportDialog *self)
{
  g_auto(GStrv) unknown = NULL;
  g_autoptr(GString) names = g_string_new (NULL);
  g_autofree char *title = NULL;
  g_autofree char *subtitle = NULL;
  MsiInviteDirectory *directory = msi_invite_plan_get_directory (self->plan);
  guint n_unknown;
  guint n_teams;
  guint limit;

  if (directory == NULL || msi_invite_plan_get_loading (self->plan))
    {
      gtk_widget_set_visible (GTK_WIDGET (self->teams_row), directory != NULL &&
                              gtk_widget_get_visible (GTK_WIDGET (self->teams_row)));
      return;
    }

  unknown = msi_invite_plan_dup_unknown_teams (self->plan);
  n_unknown = unknown ? g_strv_length (unknown) : 0;
  gtk_widget_set_visible (GTK_WIDGET (self->teams_row), n_unknown > 0);
  if (n_unknown == 0)
    return;

  for (guint i = 0; i < n_unknown; i++)
    {
      if (i > 0)
        g_string_append (names, _(", "));
      g_string_append_printf (names, _("“%s”"), unknown[i]);
    }

  n_teams = msi_invite_directory_get_n_teams (directory);
  limit = msi_invite_directory_get_team_limit (directory);
  /* TRANSLATORS: a switch: create the teams the file names that the account does not have */
  title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Create the team %s", "Create the teams %s", n_unknown),
                           names->str);
  if (n_teams + n_unknown <= limit)
    /* TRANSLATORS: under "Create the teams …": the account's teams against its limit */
    subtitle = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                             "The account has %u of its %u teams. Without it, its rows are not invited.",
                                             "The account has %u of its %u teams. Without them, their rows are not invited.",
                                             n_unknown),
                                n_teams, limit);
  else
    subtitle = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                             "The account has %u of its %u teams: there is no room for %u more. Their rows are not invited.",
                                             "The account has %u of its %u teams: there is no room for %u more. Their rows are not invited.",
                                             n_unknown),
                                n_teams, limit, n_unknown);

  {
    g_autofree char *escaped_title = g_markup_escape_text (title, -1);
    g_autofree char *escaped_subtitle = g_markup_escape_text (subtitle, -1);

    adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->teams_row), escaped_title);
    adw_action_row_set_subtitle (self->teams_row, escaped_subtitle);
  }
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->teams_switch), GTK_ACCESSIBLE_PROPERTY_LABEL, title, -1);
  self->updating_teams = TRUE;
  gtk_switch_set_active (self->teams_switch, msi_invite_plan_get_create_teams (self->plan));
  self->updating_teams = FALSE;
  gtk_widget_set_sensitive (GTK_WIDGET (self->teams_switch),
                            n_teams + n_unknown <= limit || msi_invite_plan_get_create_teams (self->plan));
}

static void
teams_switch_cb (MsiCsvImportDialog *self)
{
  if (self->updating_teams || self->plan == NULL)
    return;

  msi_invite_plan_set_create_teams (self->plan, gtk_switch_get_active (self->teams_switch));
  update_preview (self);
}

/* --- the preview ---------------------------------------------------------------- */

static gboolean
can_invite (MsiCsvImportDialog *self)
{
  return self->plan != NULL &&
         msi_invite_plan_get_directory (self->plan) != NULL &&
         !msi_invite_plan_get_loading (self->plan) &&
         msi_invite_plan_get_mapping_problem (self->plan) == NULL &&
         msi_invite_plan_get_n_ready (self->plan) > 0 &&
         !import_running (self);
}

static void
set_filter_labels (MsiCsvImportDialog *self,
                   guint               n_rows,
                   guint               n_problems,
                   guint               n_ready)
{
  /* TRANSLATORS: filter buttons of the preview, with their number of rows */
  g_autofree char *all = g_strdup_printf (_("_All (%u)"), n_rows);
  g_autofree char *problems = g_strdup_printf (_("_Problems (%u)"), n_problems);
  g_autofree char *ready = g_strdup_printf (_("_Ready (%u)"), n_ready);

  gtk_button_set_label (GTK_BUTTON (self->filter_all), all);
  gtk_button_set_label (GTK_BUTTON (self->filter_problems), problems);
  gtk_button_set_label (GTK_BUTTON (self->filter_ready), ready);
}

static void
update_preview (MsiCsvImportDialog *self)
{
  MsiCsvReader *reader;
  g_autofree char *counts = NULL;
  g_autofree char *invite = NULL;
  gboolean checking;
  gboolean loading;
  guint n_rows, n_ready, n_problems;

  if (self->plan == NULL || self->disposed)
    return;

  reader = msi_invite_plan_get_reader (self->plan);
  checking = msi_invite_plan_get_directory (self->plan) == NULL && (self->directory_loading || self->full_plan != NULL);
  loading = msi_invite_plan_get_loading (self->plan) || self->full_plan != NULL || checking;
  n_rows = msi_invite_plan_get_n_rows (self->plan);
  n_ready = msi_invite_plan_get_n_ready (self->plan);
  n_problems = msi_invite_plan_get_n_problems (self->plan);

  if (msi_invite_plan_get_loading (self->plan))
    /* TRANSLATORS: while the file is read: "Reading… 12,000 rows so far" */
    counts = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Reading… %u row so far", "Reading… %u rows so far", n_rows),
                              n_rows);
  else if (checking)
    /* TRANSLATORS: the file is read, the account's users are not yet */
    counts = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                           "%u row. Checking it against the account’s users and teams…",
                                           "%u rows. Checking them against the account’s users and teams…",
                                           n_rows),
                              n_rows);
  else
    /* TRANSLATORS: the counts of the preview: "80 rows: 77 ready to invite, 3 with problems" */
    counts = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                           "%u row: %u ready to invite, %u with problems",
                                           "%u rows: %u ready to invite, %u with problems",
                                           n_rows),
                              n_rows, n_ready, n_problems);
  gtk_label_set_label (self->counts_label, counts);
  gtk_widget_set_visible (GTK_WIDGET (self->reading_spinner), loading);
  gtk_spinner_set_spinning (self->reading_spinner, loading);

  set_filter_labels (self, n_rows, n_problems, n_ready);

  invite = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "_Invite %u User", "_Invite %u Users", n_ready), n_ready);
  gtk_button_set_label (self->invite_button, invite);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "csv.invite", can_invite (self));

  if (reader != NULL)
    {
      const char *notice = msi_csv_reader_get_notice (reader);

      gtk_label_set_label (self->notice_label, notice ? notice : "");
      gtk_widget_set_visible (GTK_WIDGET (self->notice_label), notice != NULL);
      update_mapping (self);
    }

  gtk_label_set_label (self->directory_label, self->directory_error ? self->directory_error : "");
  gtk_widget_set_visible (self->directory_box, self->directory_error != NULL && !self->directory_loading);
  update_teams (self);

  if (g_list_model_get_n_items (G_LIST_MODEL (self->plan)) > 0 || msi_invite_plan_get_loading (self->plan))
    gtk_stack_set_visible_child_name (self->rows_stack, "rows");
  else
    {
      const char *description;

      switch (msi_invite_plan_get_filter (self->plan))
        {
        case MSI_INVITE_PLAN_FILTER_PROBLEMS:
          description = _("No row has a problem.");
          break;
        case MSI_INVITE_PLAN_FILTER_READY:
          description = _("No row is ready to invite. The rows with problems say why.");
          break;
        case MSI_INVITE_PLAN_FILTER_ALL:
        default:
          description = _("The file has no rows below its header.");
          break;
        }
      adw_status_page_set_description (self->no_rows_page, description);
      gtk_stack_set_visible_child_name (self->rows_stack, "none");
    }

  /* Rows are there: the preview, while the rest is read. */
  if (reader != NULL && g_str_equal (gtk_stack_get_visible_child_name (self->stack), "loading"))
    set_state (self, "preview");
}

static void
plan_notify_cb (MsiCsvImportDialog *self)
{
  update_preview (self);
}

static void
plan_items_changed_cb (GListModel         *model,
                       guint               position,
                       guint               removed,
                       guint               added,
                       MsiCsvImportDialog *self)
{
  if (position == 0)
    update_preview (self);
}

static MsiInvitePlanFilter
chosen_filter (MsiCsvImportDialog *self)
{
  if (gtk_toggle_button_get_active (self->filter_problems))
    return MSI_INVITE_PLAN_FILTER_PROBLEMS;
  if (gtk_toggle_button_get_active (self->filter_ready))
    return MSI_INVITE_PLAN_FILTER_READY;
  return MSI_INVITE_PLAN_FILTER_ALL;
}

static void
filter_toggled_cb (GtkToggleButton    *button,
                   MsiCsvImportDialog *self)
{
  if (!gtk_toggle_button_get_active (button) || self->plan == NULL)
    return;

  msi_invite_plan_set_filter (self->plan, chosen_filter (self));
  update_preview (self);
}

static void
show_plan (MsiCsvImportDialog *self,
           MsiInvitePlan      *plan)
{
  if (self->plan != NULL)
    g_signal_handlers_disconnect_by_data (self->plan, self);

  g_set_object (&self->plan, plan);
  clear_mapping_rows (self);

  msi_list_view_show_model (self->rows_view, &self->rows_selection, G_LIST_MODEL (plan));

  if (plan == NULL)
    return;

  msi_invite_plan_set_filter (plan, chosen_filter (self));
  g_signal_connect_object (plan, "notify::loading", G_CALLBACK (plan_notify_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (plan, "notify::n-rows", G_CALLBACK (plan_notify_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (plan, "notify::n-ready", G_CALLBACK (plan_notify_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (plan, "notify::n-problems", G_CALLBACK (plan_notify_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (plan, "notify::create-teams", G_CALLBACK (plan_notify_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (plan, "items-changed", G_CALLBACK (plan_items_changed_cb), self, 0);
  update_preview (self);
}

static void
show_file_error (MsiCsvImportDialog *self,
                 const GError       *error)
{
  g_autofree char *escaped = g_markup_escape_text (error->message, -1);

  g_cancellable_cancel (self->load_cancellable);
  adw_status_page_set_description (self->error_page, escaped);
  set_state (self, "error");
}

static void
plan_loaded_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(MsiCsvImportDialog) self = user_data;
  MsiInvitePlan *plan = MSI_INVITE_PLAN (object);
  g_autoptr(GError) error = NULL;

  if (!msi_invite_plan_load_finish (plan, result, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || self->disposed || plan != self->plan)
        return;
      show_file_error (self, error);
      return;
    }

  if (self->disposed || plan != self->plan)
    return;

  update_preview (self);
  if (g_str_equal (gtk_stack_get_visible_child_name (self->stack), "loading"))
    set_state (self, "preview");
}

static void
full_plan_loaded_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(MsiCsvImportDialog) self = user_data;
  MsiInvitePlan *plan = MSI_INVITE_PLAN (object);
  g_autoptr(GError) error = NULL;
  gboolean loaded;

  loaded = msi_invite_plan_load_finish (plan, result, &error);
  if (self->disposed || plan != self->full_plan)
    return;

  g_clear_object (&self->full_plan);
  if (!loaded)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        show_file_error (self, error);
      return;
    }

  /* What the admin chose on the first plan holds for this one. */
  if (self->mapping_edited && self->plan != NULL)
    {
      MsiCsvReader *reader = msi_invite_plan_get_reader (plan);
      guint n_columns = reader ? msi_csv_reader_get_n_columns (reader) : 0;

      for (guint column = 0; column < n_columns; column++)
        {
          MsiInviteField field = msi_invite_plan_get_mapping (self->plan, column);

          if (msi_invite_plan_get_mapping (plan, column) != field)
            msi_invite_plan_set_mapping (plan, column, field);
        }
    }

  show_plan (self, plan);
  if (g_str_equal (gtk_stack_get_visible_child_name (self->stack), "loading"))
    set_state (self, "preview");
}

static void
start_full_plan (MsiCsvImportDialog *self)
{
  g_autoptr(MsiInvitePlan) plan = NULL;

  if (self->directory == NULL || self->file == NULL || self->plan == NULL ||
      msi_invite_plan_get_directory (self->plan) != NULL)
    return;

  plan = msi_invite_plan_new (self->directory);
  g_set_object (&self->full_plan, plan);
  msi_invite_plan_load_async (plan, g_file_peek_path (self->file), self->load_cancellable,
                              full_plan_loaded_cb, g_object_ref (self));
}

static void
directory_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(MsiCsvImportDialog) self = user_data;
  g_autoptr(MsiInviteDirectory) directory = NULL;
  g_autoptr(GError) error = NULL;

  directory = msi_scim_client_load_directory_finish (MSI_SCIM_CLIENT (object), result, &error);
  if (self->disposed)
    return;

  self->directory_loading = FALSE;
  g_clear_pointer (&self->directory_error, g_free);
  if (directory == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        self->directory_error = g_strdup_printf (_("The account’s users and teams could not be read, so the rows are checked for their own mistakes only and cannot be sent yet: %s"),
                                                 error->message);
      update_preview (self);
      return;
    }

  g_set_object (&self->directory, directory);
  start_full_plan (self);
  update_preview (self);
}

static void
load_directory (MsiCsvImportDialog *self)
{
  if (self->directory != NULL || self->directory_loading)
    return;

  self->directory_loading = TRUE;
  g_clear_pointer (&self->directory_error, g_free);
  msi_scim_client_load_directory_async (self->client, self->cancellable, directory_cb, g_object_ref (self));
}

static void
retry_directory_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *param)
{
  MsiCsvImportDialog *self = MSI_CSV_IMPORT_DIALOG (widget);

  load_directory (self);
  update_preview (self);
}

static void
reset_import (MsiCsvImportDialog *self)
{
  g_cancellable_cancel (self->import_cancellable);
  g_clear_object (&self->import_cancellable);
  if (self->import != NULL)
    g_signal_handlers_disconnect_by_data (self->import, self);
  g_clear_object (&self->import);
  self->import_id = 0;
  msi_list_view_show_model (self->results_view, &self->results_selection, NULL);
  g_clear_object (&self->results);
  g_hash_table_remove_all (self->failures);
}

void
msi_csv_import_dialog_load (MsiCsvImportDialog *self,
                            GFile              *file)
{
  g_autoptr(MsiInvitePlan) plan = NULL;
  g_autofree char *loading = NULL;

  g_return_if_fail (MSI_IS_CSV_IMPORT_DIALOG (self));
  g_return_if_fail (G_IS_FILE (file));

  if (import_running (self))
    return;

  reset_import (self);
  g_cancellable_cancel (self->load_cancellable);
  g_clear_object (&self->load_cancellable);
  self->load_cancellable = g_cancellable_new ();
  g_clear_object (&self->full_plan);
  show_plan (self, NULL);
  self->mapping_edited = FALSE;

  g_set_object (&self->file, file);
  g_free (self->file_name);
  self->file_name = g_file_get_basename (file);
  adw_window_title_set_subtitle (self->window_title, self->file_name);
  gtk_toggle_button_set_active (self->filter_all, TRUE);
  gtk_widget_set_visible (GTK_WIDGET (self->teams_row), FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->notice_label), FALSE);
  adw_expander_row_set_expanded (self->mapping_expander, FALSE);

  /* The portal hands out paths too (its document store). */
  if (g_file_peek_path (file) == NULL)
    {
      g_autoptr(GError) error = g_error_new (G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                                             _("“%s” is not a file on this computer. Save it on this computer first, then choose it again."),
                                             self->file_name);

      show_file_error (self, error);
      return;
    }

  /* TRANSLATORS: %s is a file name */
  loading = g_strdup_printf (_("Reading “%s”…"), self->file_name);
  gtk_label_set_label (self->loading_label, loading);
  set_state (self, "loading");

  /* Rows show at once, planned from the file alone until the account's
   * users are read; then planned again against them. */
  plan = msi_invite_plan_new (self->directory);
  show_plan (self, plan);
  msi_invite_plan_load_async (plan, g_file_peek_path (file), self->load_cancellable,
                              plan_loaded_cb, g_object_ref (self));
  if (self->directory == NULL)
    load_directory (self);
}

/* --- choosing a file ---------------------------------------------------------------- */

static void
file_chosen_cb (GtkNativeDialog    *chooser,
                int                 response,
                MsiCsvImportDialog *self)
{
  g_autoptr(GFile) file = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));

  gtk_native_dialog_destroy (chooser);
  g_object_unref (chooser);

  if (file != NULL)
    msi_csv_import_dialog_load (self, file);
}

void
msi_csv_import_dialog_choose_file (MsiCsvImportDialog *self)
{
  g_autoptr(GtkFileFilter) csv = gtk_file_filter_new ();
  g_autoptr(GtkFileFilter) all = gtk_file_filter_new ();
  GtkFileChooserNative *chooser;

  g_return_if_fail (MSI_IS_CSV_IMPORT_DIALOG (self));

  if (import_running (self))
    return;

  chooser = gtk_file_chooser_native_new (_("Choose Another File"), GTK_WINDOW (self),
                                         GTK_FILE_CHOOSER_ACTION_OPEN, _("_Next"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);

  gtk_file_filter_set_name (csv, _("CSV and text files"));
  gtk_file_filter_add_mime_type (csv, "text/csv");
  gtk_file_filter_add_mime_type (csv, "text/tab-separated-values");
  gtk_file_filter_add_mime_type (csv, "text/plain");
  gtk_file_filter_add_suffix (csv, "csv");
  gtk_file_filter_add_suffix (csv, "tsv");
  gtk_file_filter_add_suffix (csv, "txt");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), csv);
  gtk_file_filter_set_name (all, _("All files"));
  gtk_file_filter_add_pattern (all, "*");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), all);
  gtk_file_chooser_set_filter (GTK_FILE_CHOOSER (chooser), csv);

  g_signal_connect_object (chooser, "response", G_CALLBACK (file_chosen_cb), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
choose_file_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *param)
{
  msi_csv_import_dialog_choose_file (MSI_CSV_IMPORT_DIALOG (widget));
}

/* --- the import ------------------------------------------------------------------ */

static void
update_progress (MsiCsvImportDialog *self)
{
  g_autofree char *text = NULL;
  guint settled, total;

  if (self->import == NULL || self->disposed)
    return;

  settled = msi_invite_import_get_n_settled (self->import);
  total = msi_invite_import_get_n_rows (self->import);
  /* TRANSLATORS: the progress of an import: "40 of 80 invitations" */
  text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u of %u invitation", "%u of %u invitations", total),
                          settled, total);
  gtk_progress_bar_set_fraction (self->progress_bar, total > 0 ? (double)settled / total : 0.0);
  gtk_progress_bar_set_text (self->progress_bar, text);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->progress_bar), GTK_ACCESSIBLE_PROPERTY_VALUE_TEXT, text, -1);
}

static void
show_progress (MsiCsvImportDialog *self,
               const char         *title)
{
  adw_status_page_set_title (self->progress_page, title);
  gtk_progress_bar_set_fraction (self->progress_bar, 0.0);
  gtk_progress_bar_set_text (self->progress_bar, "");
  gtk_widget_set_sensitive (GTK_WIDGET (self->cancel_button), TRUE);
  gtk_button_set_label (self->cancel_button, _("_Cancel"));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "csv.invite", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "csv.choose-file", FALSE);
  set_state (self, "progress");
  gtk_widget_grab_focus (GTK_WIDGET (self->cancel_button));
}

typedef struct
{
  MsiCsvImportDialog *self;
  gboolean            finished;
  GError             *error;
} ImportOutcome;

static void
import_outcome_free (ImportOutcome *outcome)
{
  g_clear_object (&outcome->self);
  g_clear_error (&outcome->error);
  g_free (outcome);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ImportOutcome, import_outcome_free)

static void
show_results (MsiCsvImportDialog *self,
              gboolean            finished,
              const GError       *error)
{
  g_autofree char *counts = NULL;
  g_autoptr(GString) detail = g_string_new (NULL);
  guint n_invited = msi_invite_import_get_n_invited (self->import);
  guint n_already = msi_invite_import_get_n_already_invited (self->import);
  guint n_failed = msi_invite_import_get_n_failed (self->import);
  guint n_rows = msi_invite_import_get_n_rows (self->import);
  guint n_settled = msi_invite_import_get_n_settled (self->import);
  guint n_problems = self->plan != NULL ? msi_invite_plan_get_n_problems (self->plan) : 0;
  gboolean cancelled = g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);

  counts = msi_import_describe_counts (n_invited, n_already, n_failed, n_rows - MIN (n_settled, n_rows));

  if (finished)
    {
      gtk_label_set_label (self->results_title, counts);
      gtk_image_set_from_icon_name (self->results_icon, n_failed > 0 ? "dialog-warning-symbolic" : "emblem-ok-symbolic");
      if (n_invited > 0)
        g_string_append (detail, _("Each invited person gets a welcome mail with a link to get started."));
    }
  else
    {
      gtk_label_set_label (self->results_title, cancelled ? _("The Import Was Stopped") : _("The Import Could Not Finish"));
      gtk_image_set_from_icon_name (self->results_icon, "dialog-warning-symbolic");
      if (!cancelled && error != NULL)
        {
          g_string_append (detail, error->message);
          g_string_append_c (detail, '\n');
        }
      /* TRANSLATORS: %s: "40 invited, 40 not sent yet" */
      g_string_append_printf (detail, _("So far: %s. Resume sends the rest; nobody is invited twice."), counts);
    }

  if (n_problems > 0)
    {
      if (detail->len > 0)
        g_string_append_c (detail, '\n');
      g_string_append_printf (detail, g_dngettext (GETTEXT_PACKAGE,
                                                   "%u row of the file was not sent because of its problem. Export the problems to fix them and import them again.",
                                                   "%u rows of the file were not sent because of their problems. Export the problems to fix them and import them again.",
                                                   n_problems),
                              n_problems);
    }
  gtk_label_set_label (self->results_detail, detail->str);
  gtk_widget_set_visible (GTK_WIDGET (self->results_detail), detail->len > 0);

  gtk_widget_set_visible (GTK_WIDGET (self->resume_button), !finished);
  gtk_widget_set_visible (GTK_WIDGET (self->export_button),
                          n_problems > 0 || g_hash_table_size (self->failures) > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "csv.choose-file", TRUE);
  set_state (self, "results");
  gtk_widget_grab_focus (finished ? GTK_WIDGET (self->done_button) : GTK_WIDGET (self->resume_button));
}

static int
compare_failed_first (gconstpointer a,
                      gconstpointer b)
{
  const MsiImportRow *row_a = *(const MsiImportRow **)a;
  const MsiImportRow *row_b = *(const MsiImportRow **)b;

  return (row_b->state == MSI_IMPORT_ROW_FAILED) - (row_a->state == MSI_IMPORT_ROW_FAILED);
}

static void
rows_read_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(ImportOutcome) outcome = user_data;
  MsiCsvImportDialog *self = outcome->self;
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GError) error = NULL;

  rows = msi_invite_import_dup_rows_finish (result, &error);
  if (self->disposed)
    return;

  g_hash_table_remove_all (self->failures);
  g_clear_object (&self->results);
  if (rows != NULL)
    {
      /* The rows that need the admin first, then the others, each in
       * file order (the sort is stable). */
      g_ptr_array_sort (rows, compare_failed_first);

      for (guint i = 0; i < rows->len; i++)
        {
          MsiImportRow *row = g_ptr_array_index (rows, i);

          if (row->state == MSI_IMPORT_ROW_FAILED)
            g_hash_table_insert (self->failures, GUINT_TO_POINTER (row->line),
                                 g_strdup (row->reason ? row->reason : _("The service refused this row.")));
        }
      self->results = msi_import_row_item_wrap_rows (rows);
    }
  else
    g_debug ("Could not read the import’s rows: %s", error->message);

  msi_list_view_show_model (self->results_view, &self->results_selection, self->results);
  show_results (self, outcome->finished, outcome->error);
  g_signal_emit (self, signals[SIGNAL_FINISHED], 0,
                 msi_invite_import_get_n_invited (self->import),
                 msi_invite_import_get_n_already_invited (self->import),
                 msi_invite_import_get_n_failed (self->import));
}

static void
import_done_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(MsiCsvImportDialog) self = user_data;
  MsiInviteImport *import = MSI_INVITE_IMPORT (object);
  ImportOutcome *outcome;
  GError *error = NULL;
  gboolean finished;

  finished = msi_invite_import_finish (import, result, &error);
  if (self->disposed || import != self->import)
    {
      g_clear_error (&error);
      return;
    }

  g_clear_object (&self->import_cancellable);
  self->import_id = msi_invite_import_get_id (import);
  update_progress (self);

  /* The journal has every row's outcome: the results are read from it. */
  outcome = g_new0 (ImportOutcome, 1);
  outcome->self = g_object_ref (self);
  outcome->finished = finished;
  outcome->error = error;
  if (self->journal != NULL && self->import_id > 0)
    msi_invite_import_dup_rows_async (self->journal, self->import_id, self->cancellable,
                                      rows_read_cb, outcome);
  else
    {
      show_results (self, finished, error);
      import_outcome_free (outcome);
    }
}

static MsiInviteImport *
new_import (MsiCsvImportDialog *self)
{
  MsiInviteImport *import = msi_invite_import_new (self->client, self->journal, self->profile_id);

  if (self->chunk_size > 0)
    msi_invite_import_set_chunk_size (import, self->chunk_size);
  g_signal_connect_object (import, "progress", G_CALLBACK (update_progress), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (import, "notify::n-settled", G_CALLBACK (update_progress), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (import, "notify::n-rows", G_CALLBACK (update_progress), self, G_CONNECT_SWAPPED);

  return import;
}

typedef struct
{
  MsiCsvImportDialog *self;
  gint64              resume_id;   /* 0: start the plan */
} JournalRequest;

static void
journal_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  JournalRequest *request = user_data;
  g_autoptr(MsiCsvImportDialog) self = request->self;
  gint64 resume_id = request->resume_id;
  g_autoptr(MsiImportJournal) journal = NULL;
  g_autoptr(GError) error = NULL;

  g_free (request);
  journal = msi_application_get_journal_finish (MSI_APPLICATION (object), result, &error);
  if (self->disposed)
    return;

  if (journal == NULL)
    {
      g_autofree char *message = g_strdup_printf (_("The record of imports on this computer cannot be opened, so nothing was sent: %s"),
                                                  error->message);

      g_clear_object (&self->import_cancellable);
      if (self->plan != NULL)
        {
          add_toast (self, message);
          set_state (self, "preview");
          update_preview (self);
        }
      else
        {
          g_autofree char *escaped = g_markup_escape_text (message, -1);

          adw_status_page_set_description (self->error_page, escaped);
          set_state (self, "error");
        }
      return;
    }

  g_set_object (&self->journal, journal);
  g_clear_object (&self->import);
  self->import = new_import (self);

  if (resume_id > 0)
    msi_invite_import_resume_async (self->import, resume_id, self->import_cancellable,
                                    import_done_cb, g_object_ref (self));
  else
    msi_invite_import_start_async (self->import, self->plan, self->file_name, self->import_cancellable,
                                   import_done_cb, g_object_ref (self));
}

static void
begin_import (MsiCsvImportDialog *self,
              gint64              resume_id)
{
  JournalRequest *request = g_new0 (JournalRequest, 1);

  g_cancellable_cancel (self->import_cancellable);
  g_clear_object (&self->import_cancellable);
  self->import_cancellable = g_cancellable_new ();

  request->self = g_object_ref (self);
  request->resume_id = resume_id;
  msi_application_get_journal_async (self->app, self->cancellable, journal_cb, request);
}

static void
invite_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  MsiCsvImportDialog *self = MSI_CSV_IMPORT_DIALOG (widget);

  if (!can_invite (self))
    return;

  reset_import (self);
  show_progress (self, _("Sending the Invitations…"));
  begin_import (self, 0);
}

static void
summary_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  MsiCsvImportDialog *self = MSI_CSV_IMPORT_DIALOG (object);
  g_autoptr(MsiImportSummary) summary = g_task_propagate_pointer (G_TASK (result), NULL);

  if (summary == NULL || self->disposed)
    return;

  g_free (self->file_name);
  self->file_name = g_strdup (summary->file_name);
  adw_window_title_set_subtitle (self->window_title, self->file_name);
}

static void
summary_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  MsiImportJournal *journal = g_object_get_data (G_OBJECT (task), "msi-journal");
  gint64 id = *(gint64 *)task_data;
  GError *error = NULL;
  MsiImportSummary *summary = msi_import_journal_dup_summary (journal, id, &error);

  if (summary == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, summary, (GDestroyNotify)msi_import_summary_free);
}

static void
journal_for_summary_cb (GObject      *object,
                        GAsyncResult *result,
                        gpointer      user_data)
{
  g_autoptr(MsiCsvImportDialog) self = user_data;
  g_autoptr(MsiImportJournal) journal = msi_application_get_journal_finish (MSI_APPLICATION (object), result, NULL);
  g_autoptr(GTask) task = NULL;

  if (journal == NULL || self->disposed)
    return;

  task = g_task_new (self, self->cancellable, summary_cb, NULL);
  g_task_set_source_tag (task, journal_for_summary_cb);
  g_task_set_task_data (task, g_memdup2 (&self->import_id, sizeof self->import_id), g_free);
  g_object_set_data_full (G_OBJECT (task), "msi-journal", g_steal_pointer (&journal), g_object_unref);
  g_task_run_in_thread (task, summary_thread);
}

void
msi_csv_import_dialog_resume (MsiCsvImportDialog *self,
                              gint64              import_id)
{
  g_return_if_fail (MSI_IS_CSV_IMPORT_DIALOG (self));
  g_return_if_fail (import_id > 0);

  if (import_running (self))
    return;

  /* The file of a resumed import may be gone: only the journal counts. */
  g_cancellable_cancel (self->load_cancellable);
  g_clear_object (&self->full_plan);
  if (self->import_id != import_id)
    show_plan (self, NULL);
  reset_import (self);
  self->import_id = import_id;
  msi_application_get_journal_async (self->app, self->cancellable, journal_for_summary_cb, g_object_ref (self));

  show_progress (self, _("Sending the Rest of the Invitations…"));
  begin_import (self, import_id);
}

static void
resume_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  MsiCsvImportDialog *self = MSI_CSV_IMPORT_DIALOG (widget);
  gint64 id = self->import_id;

  if (id <= 0)
    return;

  /* Keep the plan: its problems can still be exported. */
  g_cancellable_cancel (self->import_cancellable);
  g_clear_object (&self->import_cancellable);
  if (self->import != NULL)
    g_signal_handlers_disconnect_by_data (self->import, self);
  g_clear_object (&self->import);
  show_progress (self, _("Sending the Rest of the Invitations…"));
  begin_import (self, id);
}

static void
cancel_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  MsiCsvImportDialog *self = MSI_CSV_IMPORT_DIALOG (widget);

  if (!import_running (self))
    return;

  /* The import records what it sent and stops: resumable. */
  g_cancellable_cancel (self->import_cancellable);
  gtk_widget_set_sensitive (GTK_WIDGET (self->cancel_button), FALSE);
  gtk_button_set_label (self->cancel_button, _("Stopping…"));
}

/* --- export ----------------------------------------------------------------------- */

static void
exported (MsiCsvImportDialog *self,
          GFile              *file,
          const GError       *error)
{
  g_autofree char *name = g_file_get_basename (file);
  g_autofree char *text = NULL;

  if (error != NULL)
    /* TRANSLATORS: %s is a file name, then the reason */
    text = g_strdup_printf (_("The problems could not be saved to “%s”: %s"), name, error->message);
  else
    text = g_strdup_printf (_("The problems were saved to “%s”"), name);

  add_toast (self, text);
  g_signal_emit (self, signals[SIGNAL_EXPORTED], 0, error == NULL);
}

typedef struct
{
  MsiCsvImportDialog *self;
  GFile              *file;
} ExportData;

static void
export_data_free (ExportData *data)
{
  g_clear_object (&data->self);
  g_clear_object (&data->file);
  g_free (data);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ExportData, export_data_free)

static void
plan_exported_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(ExportData) data = user_data;
  g_autoptr(GError) error = NULL;

  msi_invite_plan_export_problems_finish (MSI_INVITE_PLAN (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || data->self->disposed)
    return;

  exported (data->self, data->file, error);
}

/* A resumed import has no plan: its failed rows come from the journal. */
static void
export_rows_thread (GTask        *task,
                    gpointer      source_object,
                    gpointer      task_data,
                    GCancellable *cancellable)
{
  GFile *file = task_data;
  GPtrArray *rows = g_object_get_data (G_OBJECT (task), "msi-rows");
  g_autoptr(GString) out = g_string_new (NULL);
  GError *error = NULL;
  const char *header[] = {
    _("E-mail"), _("First name"), _("Last name"), _("Team"), _("Title"), _("Line"), _("Reason"), NULL
  };

  msi_csv_append_record (out, header, ',');
  for (guint i = 0; i < rows->len; i++)
    {
      MsiImportRow *row = g_ptr_array_index (rows, i);
      g_autofree char *line = g_strdup_printf ("%u", row->line);
      const char *values[8];

      if (row->state != MSI_IMPORT_ROW_FAILED)
        continue;

      values[0] = row->email;
      values[1] = row->first_name ? row->first_name : "";
      values[2] = row->last_name ? row->last_name : "";
      values[3] = row->team ? row->team : "";
      values[4] = row->title ? row->title : "";
      values[5] = line;
      values[6] = row->reason ? row->reason : "";
      values[7] = NULL;
      msi_csv_append_record (out, values, ',');
    }

  if (!g_file_replace_contents (file, out->str, out->len, NULL, FALSE, G_FILE_CREATE_REPLACE_DESTINATION,
                                NULL, cancellable, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static void
rows_exported_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  MsiCsvImportDialog *self = MSI_CSV_IMPORT_DIALOG (object);
  GFile *file = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;

  g_task_propagate_boolean (G_TASK (result), &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || self->disposed)
    return;

  exported (self, file, error);
}

void
msi_csv_import_dialog_export_problems_to (MsiCsvImportDialog *self,
                                          GFile              *file)
{
  g_return_if_fail (MSI_IS_CSV_IMPORT_DIALOG (self));
  g_return_if_fail (G_IS_FILE (file));

  if (self->plan != NULL)
    {
      ExportData *data = g_new0 (ExportData, 1);

      data->self = g_object_ref (self);
      data->file = g_object_ref (file);
      msi_invite_plan_export_problems_async (self->plan, file, self->failures, self->cancellable,
                                             plan_exported_cb, data);
      return;
    }

  if (self->results != NULL)
    {
      g_autoptr(GTask) task = g_task_new (self, self->cancellable, rows_exported_cb, NULL);
      GPtrArray *rows = g_ptr_array_new_with_free_func ((GDestroyNotify)msi_import_row_free);

      for (guint i = 0; i < g_list_model_get_n_items (self->results); i++)
        {
          g_autoptr(MsiImportRowItem) item = g_list_model_get_item (self->results, i);

          g_ptr_array_add (rows, msi_import_row_copy (msi_import_row_item_get_row (item)));
        }
      g_task_set_source_tag (task, msi_csv_import_dialog_export_problems_to);
      g_task_set_task_data (task, g_object_ref (file), g_object_unref);
      g_object_set_data_full (G_OBJECT (task), "msi-rows", rows, (GDestroyNotify)g_ptr_array_unref);
      g_task_run_in_thread (task, export_rows_thread);
    }
}

static void
export_chosen_cb (GtkNativeDialog    *chooser,
                  int                 response,
                  MsiCsvImportDialog *self)
{
  g_autoptr(GFile) file = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));

  gtk_native_dialog_destroy (chooser);
  g_object_unref (chooser);

  if (file != NULL)
    msi_csv_import_dialog_export_problems_to (self, file);
}

static void
export_problems_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *param)
{
  MsiCsvImportDialog *self = MSI_CSV_IMPORT_DIALOG (widget);
  g_autofree char *base = NULL;
  g_autofree char *suggested = NULL;
  GtkFileChooserNative *chooser;
  char *dot;

  chooser = gtk_file_chooser_native_new (_("Export Problems"), GTK_WINDOW (self),
                                         GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);

  base = g_strdup (self->file_name ? self->file_name : _("import"));
  if ((dot = strrchr (base, '.')) != NULL && dot != base)
    *dot = '\0';
  /* TRANSLATORS: the suggested name of the exported problems; %s is the imported file's name without extension */
  suggested = g_strdup_printf (_("%s-problems.csv"), base);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), suggested);

  g_signal_connect_object (chooser, "response", G_CALLBACK (export_chosen_cb), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

/* --- public and for the tests ------------------------------------------------------ */

MsiCsvImportDialog *
msi_csv_import_dialog_new (MsiApplication *app,
                           GtkWindow      *parent,
                           MsiScimClient  *client)
{
  MsiCsvImportDialog *self;

  g_return_val_if_fail (MSI_IS_APPLICATION (app), NULL);
  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (MSI_IS_SCIM_CLIENT (client), NULL);

  self = g_object_new (MSI_TYPE_CSV_IMPORT_DIALOG, "transient-for", parent, NULL);
  self->app = g_object_ref (app);
  self->client = g_object_ref (client);
  self->profile_id = g_strdup (msi_profile_get_id (msi_actions_auth_get_profile (msi_scim_client_get_auth (client))));

  return self;
}

const char *
msi_csv_import_dialog_get_state (MsiCsvImportDialog *self)
{
  g_return_val_if_fail (MSI_IS_CSV_IMPORT_DIALOG (self), NULL);

  return gtk_stack_get_visible_child_name (self->stack);
}

MsiInvitePlan *
msi_csv_import_dialog_get_plan (MsiCsvImportDialog *self)
{
  g_return_val_if_fail (MSI_IS_CSV_IMPORT_DIALOG (self), NULL);

  return self->plan;
}

MsiInviteImport *
msi_csv_import_dialog_get_import (MsiCsvImportDialog *self)
{
  g_return_val_if_fail (MSI_IS_CSV_IMPORT_DIALOG (self), NULL);

  return self->import;
}

void
msi_csv_import_dialog_set_chunk_size (MsiCsvImportDialog *self,
                                      guint               chunk_size)
{
  g_return_if_fail (MSI_IS_CSV_IMPORT_DIALOG (self));

  self->chunk_size = chunk_size;
}

GListModel *
msi_csv_import_dialog_get_results (MsiCsvImportDialog *self)
{
  g_return_val_if_fail (MSI_IS_CSV_IMPORT_DIALOG (self), NULL);

  return self->results;
}

/* --- GObject --------------------------------------------------------------------- */

static gboolean
msi_csv_import_dialog_close_request (GtkWindow *window)
{
  MsiCsvImportDialog *self = MSI_CSV_IMPORT_DIALOG (window);

  /* Closing stops the import where it is; it stays resumable. */
  if (import_running (self))
    g_cancellable_cancel (self->import_cancellable);

  return GTK_WINDOW_CLASS (msi_csv_import_dialog_parent_class)->close_request (window);
}

static void
msi_csv_import_dialog_dispose (GObject *object)
{
  MsiCsvImportDialog *self = (MsiCsvImportDialog *)object;

  self->disposed = TRUE;
  g_cancellable_cancel (self->cancellable);
  g_cancellable_cancel (self->load_cancellable);
  g_cancellable_cancel (self->import_cancellable);
  if (self->plan != NULL)
    g_signal_handlers_disconnect_by_data (self->plan, self);
  if (self->import != NULL)
    g_signal_handlers_disconnect_by_data (self->import, self);

  gtk_widget_dispose_template (GTK_WIDGET (self), MSI_TYPE_CSV_IMPORT_DIALOG);
  g_clear_object (&self->rows_selection);
  g_clear_object (&self->results_selection);
  g_clear_object (&self->results);
  g_clear_object (&self->plan);
  g_clear_object (&self->full_plan);
  g_clear_object (&self->import);
  g_clear_object (&self->journal);
  g_clear_object (&self->directory);
  g_clear_object (&self->client);
  g_clear_object (&self->app);
  g_clear_object (&self->file);
  g_clear_object (&self->field_labels);

  G_OBJECT_CLASS (msi_csv_import_dialog_parent_class)->dispose (object);
}

static void
msi_csv_import_dialog_finalize (GObject *object)
{
  MsiCsvImportDialog *self = (MsiCsvImportDialog *)object;

  g_clear_object (&self->cancellable);
  g_clear_object (&self->load_cancellable);
  g_clear_object (&self->import_cancellable);
  g_clear_pointer (&self->mapping_rows, g_ptr_array_unref);
  g_clear_pointer (&self->failures, g_hash_table_unref);
  g_clear_pointer (&self->profile_id, g_free);
  g_clear_pointer (&self->file_name, g_free);
  g_clear_pointer (&self->directory_error, g_free);

  G_OBJECT_CLASS (msi_csv_import_dialog_parent_class)->finalize (object);
}

static void
msi_csv_import_dialog_class_init (MsiCsvImportDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = msi_csv_import_dialog_dispose;
  object_class->finalize = msi_csv_import_dialog_finalize;
  window_class->close_request = msi_csv_import_dialog_close_request;

  signals[SIGNAL_FINISHED] =
    g_signal_new ("finished",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 3, G_TYPE_UINT, G_TYPE_UINT, G_TYPE_UINT);
  signals[SIGNAL_EXPORTED] =
    g_signal_new ("exported",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_BOOLEAN);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/msi-csv-import-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, MsiCsvImportDialog, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, MsiCsvImportDialog, window_title);
  gtk_widget_class_bind_template_child (widget_class, MsiCsvImportDialog, stack);
  gtk_widget_class_bind_template_child (widget_class, MsiCsvImportDialog, loading_spinner);
  gtk_widget_class_bind_template_child (widget_class, MsiCsvImportDialog, loading_label);
  gtk_widget_class_bind_template_child (widget_class, MsiCsvImportDialog, error_page);
  gtk_widget_class_bind_template_child (widget_class, MsiCsvImportDialog, notice_label);
  gtk_widget_class_bind_template_child (widget_class, MsiCsvImportDialog, directory_box);
  gtk_widget_class_bind_template_child (widget_class, MsiCsvImportDialog, directory_label);
  gtk_widget_class_bind_template_child (widget_class, MsiCsvImportDialog, mapping_expander);
  gtk_widget_class_bind_template_child (widget_class, MsiCsvImportDialog, teams_row);
  gtk_widget_class_bind_template_child (widget_class, MsiCsvImportDialog, teams_switch);
  gtk_widget_class_bind_template_child (widget_class, MsiCsvImportDialog, mapping_problem_label);
  gtk_widget_class_bind_template_child (widget_class, MsiCsvImportDialog, reading_spinner);
  gtk_widget_class_bind_template_child (widget_class, MsiCsvImportDialog, counts_label);
  gtk_widget_class_bind_template_child (widget_class, MsiCsvImportDialog, filter_all);
  gtk_widget_class_bind_template_child (widget_class, MsiCsvImportDialog, filter_problems);
  gtk_widget_class_bind_template_child (widget_class, MsiCsvImportDialog, filter_ready);
  gtk_widget_class_bind_template_child (widget_class, MsiCsvImportDialog, rows_stack);
  gtk_widget_class_bind_template_child (widget_class, MsiCsvImportDialog, rows_view);
  gtk_widget_class_bind_template_child (widget_class, MsiCsvImportDialog, no_rows_page);
  gtk_widget_class_bind_template_child (widget_class, MsiCsvImportDialog, invite_button);
  gtk_widget_class_bind_template_child (widget_class, MsiCsvImportDialog, progress_page);
  gtk_widget_class_bind_template_child (widget_class, MsiCsvImportDialog, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, MsiCsvImportDialog, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, MsiCsvImportDialog, results_icon);
  gtk_widget_class_bind_template_child (widget_class, MsiCsvImportDialog, results_title);
  gtk_widget_class_bind_template_child (widget_class, MsiCsvImportDialog, results_detail);
  gtk_widget_class_bind_template_child (widget_class, MsiCsvImportDialog, results_view);
  gtk_widget_class_bind_template_child (widget_class, MsiCsvImportDialog, export_button);
  gtk_widget_class_bind_template_child (widget_class, MsiCsvImportDialog, done_button);
  gtk_widget_class_bind_template_child (widget_class, MsiCsvImportDialog, resume_button);

  gtk_widget_class_install_action (widget_class, "csv.choose-file", NULL, choose_file_action);
  gtk_widget_class_install_action (widget_class, "csv.retry-directory", NULL, retry_directory_action);
  gtk_widget_class_install_action (widget_class, "csv.invite", NULL, invite_action);
  gtk_widget_class_install_action (widget_class, "csv.cancel", NULL, cancel_action);
  gtk_widget_class_install_action (widget_class, "csv.resume", NULL, resume_action);
  gtk_widget_class_install_action (widget_class, "csv.export-problems", NULL, export_problems_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
msi_csv_import_dialog_init (MsiCsvImportDialog *self)
{
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();
  g_autoptr(GtkListItemFactory) results_factory = msi_import_row_item_new_factory ();

  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  self->mapping_rows = g_ptr_array_new ();
  self->failures = g_hash_table_new_full (NULL, NULL, NULL, g_free);

  self->field_labels = gtk_string_list_new (NULL);
  for (int field = 0; field < MSI_INVITE_N_FIELDS; field++)
    gtk_string_list_append (self->field_labels, msi_invite_field_get_label (field));
  /* TRANSLATORS: a CSV column mapped to no field */
  gtk_string_list_append (self->field_labels, _("Ignore"));

  g_signal_connect (factory, "setup", G_CALLBACK (setup_plan_row_cb), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_plan_row_cb), NULL);
  self->rows_selection = gtk_no_selection_new (NULL);
  gtk_list_view_set_factory (self->rows_view, factory);
  gtk_list_view_set_model (self->rows_view, GTK_SELECTION_MODEL (self->rows_selection));

  self->results_selection = gtk_no_selection_new (NULL);
  gtk_list_view_set_factory (self->results_view, results_factory);
  gtk_list_view_set_model (self->results_view, GTK_SELECTION_MODEL (self->results_selection));

  g_signal_connect_object (self->filter_all, "toggled", G_CALLBACK (filter_toggled_cb), self, 0);
  g_signal_connect_object (self->filter_problems, "toggled", G_CALLBACK (filter_toggled_cb), self, 0);
  g_signal_connect_object (self->filter_ready, "toggled", G_CALLBACK (filter_toggled_cb), self, 0);
  g_signal_connect_object (self->teams_switch, "notify::active", G_CALLBACK (teams_switch_cb), self,
                           G_CONNECT_SWAPPED);

  set_filter_labels (self, 0, 0, 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "csv.invite", FALSE);
  set_state (self, "loading");
}
