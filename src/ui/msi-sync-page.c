/* SPDX-License-Identifier: GPL-3.0-or-later */
/* msi-sync-page.c: the data sync: the Marketo fields to sync, the preview, the running sync and past ones */

#define G_LOG_DOMAIN "msi-sync-page"

#include "config.h"

#include <glib/gi18n.h>

#include "msi-sync-page-private.h"
#include "msi-sync-text.h"
#include "msi-ui-util.h"

/*
 * The admin guide's "Initiate data sync": the Marketo lead fields with
 * the ones chosen for the sync (up to the account's limit, the count
 * always in sight, each field that cannot be chosen saying why), Sync…
 * (the choice saved first) opens the preview, whose Start Sync creates a
 * job. The job's progress shows here, polled by an MsiSyncJobWatcher
 * that stops with the page's cancellable; it keeps running on the
 * service when the window closes, and the next window finds it through
 * the list of past syncs. When it ends: its result, a toast, and the
 * checklist reads the account again.
 *
 * What stops the sync is worked out here too, from the fields on screen
 * (an MsiSyncPreview without the last sync): the page says it before the
 * preview does, with a way to unselect the field at fault.
 */

#define HISTORY_LIMIT 20

struct _MsiSyncPage
{
  AdwBin                parent_instance;

  MsiSyncClient        *client;
  GCancellable         *cancellable;     /* every request of the client; cancelled when it changes */

  /* The fields */
  GPtrArray            *fields;          /* MsiSyncField, as read, with the page's choices */
  GListStore           *store;
  GtkCustomFilter      *filter;
  GtkFilterListModel   *filtered;
  GtkNoSelection       *selection;
  GHashTable           *saved;           /* names chosen on the service */
  MsiSyncPreview       *plan;            /* what stops the sync, from the fields on screen */
  char                 *query;
  guint                 limit;
  guint                 n_selected;
  gboolean              fields_loaded;
  gboolean              loading;
  gboolean              saving;
  gboolean              preview_after_save;
  GPtrArray            *bound_rows;      /* FieldRow */

  /* The syncs */
  MsiSyncJob           *job;
  MsiSyncJobWatcher    *watcher;
  GPtrArray            *history;
  gboolean              cancelling;

  /* Open dialogs (weak) */
  MsiSyncPreviewDialog *preview_dialog;
  AdwMessageDialog     *cancel_dialog;

  /* Template widgets */
  GtkStack             *state_stack;
  GtkSpinner           *spinner;
  GtkWidget            *connect_marketo_button;
  AdwStatusPage        *error_page;
  GtkRevealer          *progress_revealer;
  GtkLabel             *progress_title;
  GtkButton            *cancel_button;
  GtkProgressBar       *progress_bar;
  GtkLabel             *progress_label;
  GtkLabel             *rate_label;
  GtkLabel             *time_left_label;
  GtkLabel             *reconnecting_label;
  GtkWidget            *lost_box;
  GtkLabel             *lost_label;
  GtkRevealer          *result_revealer;
  GtkWidget            *result_card;
  GtkImage             *result_icon;
  GtkLabel             *result_title;
  GtkListBox           *result_lines;
  GtkRevealer          *blocked_revealer;
  GtkBox               *blocked_list;
  GtkRevealer          *save_error_revealer;
  GtkLabel             *save_error_label;
  GtkWidget            *save_error_reload;
  GtkStack             *view_stack;
  GtkLabel             *count_label;
  GtkButton            *save_button;
  GtkButton            *sync_button;
  GtkSearchEntry       *search_entry;
  GtkToggleButton      *selected_only_button;
  GtkStack             *list_stack;
  GtkScrolledWindow    *scrolled;
  GtkListView          *list_view;
  GtkStack             *history_stack;
  GtkListBox           *history_list;
};

G_DEFINE_FINAL_TYPE (MsiSyncPage, msi_sync_page, ADW_TYPE_BIN)

static void load_fields        (MsiSyncPage *self);
static void load_jobs          (MsiSyncPage *self);
static void update_actions     (MsiSyncPage *self);
static void selection_changed  (MsiSyncPage *self);

static GtkWindow *
get_window (MsiSyncPage *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  return GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL;
}

static void
remove_children (GtkWidget *box)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (box)) != NULL)
    {
      if (GTK_IS_LIST_BOX (box))
        gtk_list_box_remove (GTK_LIST_BOX (box), child);
      else
        gtk_box_remove (GTK_BOX (box), child);
    }
}

static GtkWidget *
new_label (const char *text,
           const char *css_class)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  if (css_class != NULL)
    gtk_widget_add_css_class (label, css_class);

  return label;
}

/* A hidden revealer is hidden too: the box's spacing around it goes. */
static void
reveal (GtkRevealer *revealer,
        gboolean     shown)
{
  gtk_widget_set_visible (GTK_WIDGET (revealer), shown);
  gtk_revealer_set_reveal_child (revealer, shown);
}

static gboolean
job_running (MsiSyncPage *self)
{
  return self->job != NULL && !msi_sync_job_is_final (self->job);
}

static MsiSyncField *
find_field (MsiSyncPage *self,
            const char  *name)
{
  for (guint i = 0; self->fields != NULL && i < self->fields->len; i++)
    {
      MsiSyncField *field = g_ptr_array_index (self->fields, i);

      if (g_strcmp0 (msi_sync_field_get_name (field), name) == 0)
        return field;
    }

  return NULL;
}

/* Selected and not always synced: what the admin chose. */
static gboolean
is_chosen (MsiSyncField *field)
{
  return msi_sync_field_get_selected (field) && !msi_sync_field_get_always_synced (field);
}

/* --- a field's row ------------------------------------------------------------------ */

typedef struct
{
  MsiSyncPage  *page;       /* unowned: the factory lives in the page */
  MsiSyncField *field;      /* while bound */
  GtkWidget    *box;
  GtkWidget    *check;
  GtkWidget    *title;
  GtkWidget    *detail;
  GtkWidget    *read_only;
  GtkWidget    *custom;
  GtkWidget    *always;
  GtkWidget    *reason;
  gboolean      updating;
} FieldRow;

static GtkWidget *
new_badge (const char *text,
           const char *style)
{
  GtkWidget *badge = gtk_label_new (text);

  gtk_widget_set_valign (badge, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (badge, "msi-pill");
  if (style != NULL)
    gtk_widget_add_css_class (badge, style);

  return badge;
}

/* Why @field's row cannot change as asked, or what stops the sync about
 * it: the sentence for its row (NULL: nothing to say), and in @blocking
 * whether it stops the sync. */
static char *
dup_row_reason (MsiSyncPage  *self,
                MsiSyncField *field,
                gboolean     *blocking)
{
  g_autofree char *reason = NULL;

  *blocking = FALSE;

  if (msi_sync_field_get_selected (field))
    {
      const MsiSyncPreviewEntry *entry = self->plan ? msi_sync_preview_find_entry (self->plan,
                                                                                    msi_sync_field_get_name (field))
                                                    : NULL;
      const char * const *notes = entry ? msi_sync_preview_entry_get_notes (entry) : NULL;

      if (entry != NULL && msi_sync_preview_entry_get_severity (entry) == MSI_SYNC_SEVERITY_BLOCKING &&
          notes != NULL && notes[0] != NULL)
        {
          *blocking = TRUE;
          return g_strdup (notes[0]);
        }
      return NULL;
    }

  if (!msi_sync_selection_can_select (field, self->n_selected, self->limit, &reason))
    return g_steal_pointer (&reason);

  return NULL;
}

static void
update_row (MsiSyncPage *self,
            FieldRow    *row)
{
  MsiSyncField *field = row->field;
  gboolean selected = msi_sync_field_get_selected (field);
  gboolean always = msi_sync_field_get_always_synced (field);
  gboolean blocking = FALSE;
  gboolean can_select;
  g_autofree char *reason = NULL;
  g_autofree char *always_reason = NULL;
  g_autofree char *type = NULL;
  g_autofree char *detail = NULL;
  g_autofree char *row_name = NULL;
  const char *tooltip;

  reason = dup_row_reason (self, field, &blocking);
  can_select = selected || reason == NULL;
  if (always)
    msi_sync_selection_can_select (field, self->n_selected, self->limit, &always_reason);

  row_name = g_strconcat ("field-", msi_sync_field_get_name (field), NULL);
  gtk_widget_set_name (row->box, row_name);

  gtk_label_set_label (GTK_LABEL (row->title), msi_sync_field_get_label (field));
  type = msi_sync_text_type (msi_sync_field_get_data_type (field), msi_sync_field_get_length (field));
  /* Translators: under a Marketo field: its REST API name, then its type */
  detail = g_strdup_printf (_("%s · %s"), msi_sync_field_get_name (field), type);
  gtk_label_set_label (GTK_LABEL (row->detail), detail);

  gtk_widget_set_visible (row->read_only, !msi_sync_field_get_updateable (field));
  gtk_widget_set_visible (row->custom, msi_sync_field_get_custom (field));
  gtk_widget_set_visible (row->always, always);

  /* The reason shows in the row, but for the always-synced fields,
   * whose badge says it. */
  gtk_label_set_label (GTK_LABEL (row->reason), reason ? reason : "");
  gtk_widget_set_visible (row->reason, reason != NULL && !always);
  if (blocking)
    {
      gtk_widget_add_css_class (row->reason, "error");
      gtk_widget_remove_css_class (row->reason, "dim-label");
    }
  else
    {
      gtk_widget_remove_css_class (row->reason, "error");
      gtk_widget_add_css_class (row->reason, "dim-label");
    }

  row->updating = TRUE;
  gtk_check_button_set_active (GTK_CHECK_BUTTON (row->check), selected);
  row->updating = FALSE;
  gtk_widget_set_sensitive (row->check, !always && can_select);

  if (always)
    tooltip = always_reason;
  else if (reason != NULL)
    tooltip = reason;
  else if (selected)
    tooltip = _("In the sync: unselect to leave it out");
  else
    tooltip = _("Select to sync this field");
  gtk_widget_set_tooltip_text (row->check, tooltip);
  gtk_widget_set_tooltip_text (row->box, reason != NULL || always ? tooltip : NULL);

  gtk_accessible_update_property (GTK_ACCESSIBLE (row->check),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, msi_sync_field_get_label (field),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, reason ? reason : (always ? always_reason : detail),
                                  -1);
}

static void
update_bound_rows (MsiSyncPage *self)
{
  for (guint i = 0; i < self->bound_rows->len; i++)
    update_row (self, g_ptr_array_index (self->bound_rows, i));
}

/* Chooses or unchooses @field, when the rules allow it. */
static gboolean
set_field_selected (MsiSyncPage  *self,
                    MsiSyncField *field,
                    gboolean      selected)
{
  if (msi_sync_field_get_always_synced (field) || msi_sync_field_get_selected (field) == selected)
    return FALSE;

  if (selected && !msi_sync_selection_can_select (field, self->n_selected, self->limit, NULL))
    return FALSE;

  msi_sync_field_set_selected (field, selected);
  selection_changed (self);

  return TRUE;
}

static void
check_toggled_cb (GtkCheckButton *check,
                  FieldRow       *row)
{
  if (row->updating || row->field == NULL)
    return;

  if (!set_field_selected (row->page, row->field, gtk_check_button_get_active (check)))
    update_row (row->page, row);
}

static void
setup_field_cb (GtkSignalListItemFactory *factory,
                GtkListItem              *item,
                MsiSyncPage              *self)
{
  FieldRow *row = g_new0 (FieldRow, 1);
  GtkWidget *texts = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *title_box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);

  row->page = self;
  row->box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  gtk_widget_add_css_class (row->box, "msi-list-row");
  gtk_widget_add_css_class (row->box, "msi-sync-field-row");

  row->check = gtk_check_button_new ();
  gtk_widget_set_name (row->check, "check");
  gtk_widget_set_valign (row->check, GTK_ALIGN_CENTER);
  g_signal_connect (row->check, "toggled", G_CALLBACK (check_toggled_cb), row);
  gtk_box_append (GTK_BOX (row->box), row->check);

  gtk_widget_set_hexpand (texts, TRUE);
  gtk_widget_set_valign (texts, GTK_ALIGN_CENTER);
  gtk_box_append (GTK_BOX (row->box), texts);

  row->title = gtk_label_new (NULL);
  gtk_widget_set_name (row->title, "title");
  gtk_label_set_xalign (GTK_LABEL (row->title), 0);
  gtk_label_set_ellipsize (GTK_LABEL (row->title), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (row->title, "msi-user-name");
  gtk_box_append (GTK_BOX (title_box), row->title);
  row->read_only = new_badge (_("Read-only"), "dim");
  gtk_widget_set_name (row->read_only, "read-only");
  gtk_widget_set_tooltip_text (row->read_only, _("Marketo does not let other applications change it; the sync only reads it"));
  gtk_box_append (GTK_BOX (title_box), row->read_only);
  row->custom = new_badge (_("Custom"), "accent");
  gtk_widget_set_name (row->custom, "custom");
  gtk_widget_set_tooltip_text (row->custom, _("A field your Marketo admins added"));
  gtk_box_append (GTK_BOX (title_box), row->custom);
  row->always = new_badge (_("Always synced"), "success");
  gtk_widget_set_name (row->always, "always");
  gtk_box_append (GTK_BOX (title_box), row->always);
  gtk_box_append (GTK_BOX (texts), title_box);

  row->detail = gtk_label_new (NULL);
  gtk_widget_set_name (row->detail, "detail");
  gtk_label_set_xalign (GTK_LABEL (row->detail), 0);
  gtk_label_set_ellipsize (GTK_LABEL (row->detail), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (row->detail, "caption");
  gtk_widget_add_css_class (row->detail, "dim-label");
  gtk_box_append (GTK_BOX (texts), row->detail);

  row->reason = new_label (NULL, "caption");
  gtk_widget_set_name (row->reason, "reason");
  gtk_box_append (GTK_BOX (texts), row->reason);

  g_object_set_data_full (G_OBJECT (row->box), "msi-field-row", row, g_free);
  gtk_list_item_set_child (item, row->box);
  gtk_list_item_set_activatable (item, TRUE);
}

static void
bind_field_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *item,
               MsiSyncPage              *self)
{
  FieldRow *row = g_object_get_data (G_OBJECT (gtk_list_item_get_child (item)), "msi-field-row");

  g_set_object (&row->field, gtk_list_item_get_item (item));
  g_ptr_array_add (self->bound_rows, row);
  update_row (self, row);
}

static void
unbind_field_cb (GtkSignalListItemFactory *factory,
                 GtkListItem              *item,
                 MsiSyncPage              *self)
{
  FieldRow *row = g_object_get_data (G_OBJECT (gtk_list_item_get_child (item)), "msi-field-row");

  g_ptr_array_remove (self->bound_rows, row);
  g_clear_object (&row->field);
}

/* Enter or Space on a row, or a double click: as its check button. */
static void
list_activate_cb (MsiSyncPage *self,
                  guint        position,
                  GtkListView *view)
{
  g_autoptr(MsiSyncField) field = g_list_model_get_item (G_LIST_MODEL (self->filtered), position);

  if (field != NULL)
    set_field_selected (self, field, !msi_sync_field_get_selected (field));
}

/* --- the count, and what stops the sync ------------------------------------------- */

static void
unselect_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *param)
{
  MsiSyncPage *self = MSI_SYNC_PAGE (widget);
  MsiSyncField *field = find_field (self, g_variant_get_string (param, NULL));

  if (field != NULL)
    set_field_selected (self, field, FALSE);
}

static void
show_plan (MsiSyncPage *self)
{
  guint n_blocking = 0;

  remove_children (GTK_WIDGET (self->blocked_list));

  for (guint i = 0; self->plan != NULL && i < msi_sync_preview_get_n_problems (self->plan); i++)
    {
      const MsiSyncProblem *problem = msi_sync_preview_get_problem (self->plan, i);
      const char *name = msi_sync_problem_get_field_name (problem);
      MsiSyncField *field = name ? find_field (self, name) : NULL;
      GtkWidget *line;

      if (msi_sync_problem_get_severity (problem) != MSI_SYNC_SEVERITY_BLOCKING)
        continue;

      n_blocking++;
      line = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
      gtk_box_append (GTK_BOX (line), new_label (msi_sync_problem_get_message (problem), NULL));
      gtk_widget_set_hexpand (gtk_widget_get_first_child (line), TRUE);

      /* The way out: unselect the field at fault. */
      if (field != NULL && is_chosen (field))
        {
          GtkWidget *button = gtk_button_new_with_mnemonic (_("_Unselect"));
          g_autofree char *accessible = g_strdup_printf (_("Unselect “%s”"), msi_sync_field_get_label (field));
          g_autofree char *button_name = g_strconcat ("unselect-", name, NULL);

          gtk_widget_set_name (button, button_name);
          gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
          gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "sync.unselect");
          gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "s", name);
          gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                          GTK_ACCESSIBLE_PROPERTY_LABEL, accessible,
                                          -1);
          gtk_box_append (GTK_BOX (line), button);
        }

      gtk_box_append (self->blocked_list, line);
    }

  reveal (self->blocked_revealer, n_blocking > 0);
}

static gboolean
compute_dirty (MsiSyncPage *self)
{
  guint n_chosen = 0;

  if (self->fields == NULL || self->saved == NULL)
    return FALSE;

  for (guint i = 0; i < self->fields->len; i++)
    {
      MsiSyncField *field = g_ptr_array_index (self->fields, i);

      if (!is_chosen (field))
        continue;
      n_chosen++;
      if (!g_hash_table_contains (self->saved, msi_sync_field_get_name (field)))
        return TRUE;
    }

  return n_chosen != g_hash_table_size (self->saved);
}

static void
selection_changed (MsiSyncPage *self)
{
  g_autofree char *count = NULL;

  self->n_selected = self->fields ? msi_sync_selection_count (self->fields) : 0;
  g_clear_object (&self->plan);
  if (self->fields != NULL)
    self->plan = msi_sync_preview_new (self->fields, self->limit, NULL);

  count = msi_sync_selection_describe_count (self->n_selected, self->limit);
  gtk_label_set_label (self->count_label, count);

  reveal (self->save_error_revealer, FALSE);
  show_plan (self);
  update_bound_rows (self);
  update_actions (self);
}

/* --- the search ---------------------------------------------------------------------- */

static gboolean
filter_cb (gpointer item,
           gpointer user_data)
{
  MsiSyncPage *self = user_data;
  MsiSyncField *field = item;

  if (gtk_toggle_button_get_active (self->selected_only_button) && !msi_sync_field_get_selected (field))
    return FALSE;

  return msi_sync_field_matches (field, self->query);
}

static void
update_list_state (MsiSyncPage *self)
{
  gboolean empty = g_list_model_get_n_items (G_LIST_MODEL (self->filtered)) == 0 && self->fields != NULL &&
                   self->fields->len > 0;

  gtk_stack_set_visible_child_name (self->list_stack, empty ? "no-match" : "list");
}

static void
refilter (MsiSyncPage *self)
{
  g_free (self->query);
  self->query = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->search_entry)));
  gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_DIFFERENT);
  update_list_state (self);
}

static void
stop_search_cb (MsiSyncPage *self)
{
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
}

static void
search_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  MsiSyncPage *self = MSI_SYNC_PAGE (widget);

  if (!g_str_equal (gtk_stack_get_visible_child_name (self->state_stack), "fields"))
    return;

  gtk_stack_set_visible_child_name (self->view_stack, "fields");
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

/* --- reading and saving the fields ---------------------------------------------------- */

static gboolean
same_field (MsiSyncField *a,
            MsiSyncField *b)
{
  return g_strcmp0 (msi_sync_field_get_name (a), msi_sync_field_get_name (b)) == 0 &&
         g_strcmp0 (msi_sync_field_get_display_name (a), msi_sync_field_get_display_name (b)) == 0 &&
         msi_sync_field_get_data_type (a) == msi_sync_field_get_data_type (b) &&
         msi_sync_field_get_length (a) == msi_sync_field_get_length (b) &&
         msi_sync_field_get_updateable (a) == msi_sync_field_get_updateable (b) &&
         msi_sync_field_get_custom (a) == msi_sync_field_get_custom (b) &&
         msi_sync_field_get_always_synced (a) == msi_sync_field_get_always_synced (b) &&
         msi_sync_field_get_unavailable (a) == msi_sync_field_get_unavailable (b) &&
         g_strcmp0 (msi_sync_field_get_target_name (a), msi_sync_field_get_target_name (b)) == 0 &&
         msi_sync_field_get_target_type (a) == msi_sync_field_get_target_type (b) &&
         msi_sync_field_get_target_length (a) == msi_sync_field_get_target_length (b);
}

/* Shows @fields as read from the service; with @keep_choices, the fields
 * chosen or unchosen on the page and not saved stay so. */
static void
apply_fields (MsiSyncPage *self,
              GPtrArray   *fields,
              guint        limit,
              gboolean     keep_choices)
{
  g_autoptr(GHashTable) chosen = NULL;
  gboolean in_place;

  if (keep_choices && compute_dirty (self))
    {
      chosen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
      for (guint i = 0; i < self->fields->len; i++)
        if (is_chosen (g_ptr_array_index (self->fields, i)))
          g_hash_table_add (chosen, g_strdup (msi_sync_field_get_name (g_ptr_array_index (self->fields, i))));
    }

  self->limit = limit > 0 ? limit : MSI_SYNC_DEFAULT_FIELD_LIMIT;
  g_hash_table_remove_all (self->saved);
  for (guint i = 0; i < fields->len; i++)
    if (is_chosen (g_ptr_array_index (fields, i)))
      g_hash_table_add (self->saved, g_strdup (msi_sync_field_get_name (g_ptr_array_index (fields, i))));

  /* The same fields: only their choices change, and the list stays
   * where the admin scrolled it. */
  in_place = self->fields != NULL && self->fields->len == fields->len;
  for (guint i = 0; in_place && i < fields->len; i++)
    in_place = same_field (g_ptr_array_index (self->fields, i), g_ptr_array_index (fields, i));

  if (in_place)
    {
      for (guint i = 0; i < fields->len; i++)
        msi_sync_field_set_selected (g_ptr_array_index (self->fields, i),
                                     msi_sync_field_get_selected (g_ptr_array_index (fields, i)));
    }
  else
    {
      g_clear_pointer (&self->fields, g_ptr_array_unref);
      self->fields = g_ptr_array_ref (fields);
      g_list_store_splice (self->store, 0, g_list_model_get_n_items (G_LIST_MODEL (self->store)),
                           fields->pdata, fields->len);
    }

  if (chosen != NULL)
    {
      for (guint i = 0; i < self->fields->len; i++)
        {
          MsiSyncField *field = g_ptr_array_index (self->fields, i);

          if (!msi_sync_field_get_always_synced (field))
            msi_sync_field_set_selected (field, g_hash_table_contains (chosen, msi_sync_field_get_name (field)));
        }
    }

  self->fields_loaded = TRUE;
  selection_changed (self);
  update_list_state (self);
}

static void
fields_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(MsiSyncPage) self = user_data;
  g_autoptr(GPtrArray) fields = NULL;
  g_autoptr(GError) error = NULL;
  guint limit = 0;

  fields = msi_sync_client_get_fields_finish (MSI_SYNC_CLIENT (object), result, &limit, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self->loading = FALSE;
  gtk_spinner_set_spinning (self->spinner, FALSE);

  if (fields == NULL)
    {
      if (g_error_matches (error, MSI_SYNC_CLIENT_ERROR, MSI_SYNC_CLIENT_ERROR_MARKETO_NOT_CONNECTED))
        {
          gtk_stack_set_visible_child_name (self->state_stack, "not-connected");
        }
      else if (!self->fields_loaded)
        {
          g_autofree char *escaped = g_markup_escape_text (error->message, -1);

          adw_status_page_set_description (self->error_page, escaped);
          gtk_stack_set_visible_child_name (self->state_stack, "error");
        }
      else
        {
          msi_show_toast (GTK_WIDGET (self), error->message);
        }
      update_actions (self);
      return;
    }

  apply_fields (self, fields, limit, TRUE);
  reveal (self->save_error_revealer, FALSE);
  gtk_stack_set_visible_child_name (self->state_stack, "fields");
  update_actions (self);
}

static void
load_fields (MsiSyncPage *self)
{
  if (self->client == NULL || self->loading)
    return;

  self->loading = TRUE;
  if (!self->fields_loaded)
    {
      gtk_spinner_set_spinning (self->spinner, TRUE);
      gtk_stack_set_visible_child_name (self->state_stack, "loading");
    }
  update_actions (self);
  msi_sync_client_get_fields_async (self->client, self->cancellable, fields_cb, g_object_ref (self));
}

static void open_preview (MsiSyncPage *self);

static void
saved_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(MsiSyncPage) self = user_data;
  g_autoptr(GPtrArray) fields = NULL;
  g_autoptr(GError) error = NULL;
  gboolean then_preview = self->preview_after_save;
  guint limit = 0;

  fields = msi_sync_client_save_selection_finish (MSI_SYNC_CLIENT (object), result, &limit, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self->saving = FALSE;
  self->preview_after_save = FALSE;

  if (fields == NULL)
    {
      /* Nothing was saved; the choice on screen stays as it is. */
      gtk_label_set_label (self->save_error_label, error->message);
      gtk_widget_set_visible (self->save_error_reload,
                              g_error_matches (error, MSI_SYNC_CLIENT_ERROR, MSI_SYNC_CLIENT_ERROR_UNKNOWN_FIELD));
      reveal (self->save_error_revealer, TRUE);
      update_actions (self);
      return;
    }

  apply_fields (self, fields, limit, FALSE);
  update_actions (self);

  if (then_preview)
    open_preview (self);
  else
    msi_show_toast (GTK_WIDGET (self), _("The fields to sync are saved"));
}

static void
save (MsiSyncPage *self,
      gboolean     then_preview)
{
  g_autoptr(GPtrArray) names = g_ptr_array_new ();

  if (self->client == NULL || self->fields == NULL || self->saving)
    return;

  for (guint i = 0; i < self->fields->len; i++)
    if (is_chosen (g_ptr_array_index (self->fields, i)))
      g_ptr_array_add (names, (gpointer)msi_sync_field_get_name (g_ptr_array_index (self->fields, i)));
  g_ptr_array_add (names, NULL);

  self->saving = TRUE;
  self->preview_after_save = then_preview;
  reveal (self->save_error_revealer, FALSE);
  update_actions (self);
  msi_sync_client_save_selection_async (self->client, (const char * const *)names->pdata, self->cancellable,
                                        saved_cb, g_object_ref (self));
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  save (MSI_SYNC_PAGE (widget), FALSE);
}

static void
reload_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  msi_sync_page_reload (MSI_SYNC_PAGE (widget));
}

/* --- the preview ------------------------------------------------------------------------ */

static void watch_job (MsiSyncPage *self,
                       MsiSyncJob  *job);

static void
preview_started_cb (MsiSyncPage          *self,
                    MsiSyncJob           *job,
                    MsiSyncPreviewDialog *dialog)
{
  watch_job (self, job);
  load_jobs (self);
  msi_setup_changed (GTK_WIDGET (self));
}

/* Back to the fields, showing those in the sync, the faulty ones among
 * them. */
static void
preview_change_selection_cb (MsiSyncPage          *self,
                             MsiSyncPreviewDialog *dialog)
{
  gtk_stack_set_visible_child_name (self->view_stack, "fields");
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
  gtk_toggle_button_set_active (self->selected_only_button, TRUE);
  refilter (self);
  gtk_widget_grab_focus (GTK_WIDGET (self->list_view));
}

static gboolean
preview_close_request_cb (MsiSyncPage          *self,
                          MsiSyncPreviewDialog *dialog)
{
  /* A Start Sync whose reply was lost may have started a job. */
  if (!job_running (self))
    load_jobs (self);

  return FALSE;
}

static void
open_preview (MsiSyncPage *self)
{
  if (self->client == NULL || job_running (self))
    return;

  if (self->preview_dialog == NULL)
    {
      self->preview_dialog = msi_sync_preview_dialog_new (get_window (self), self->client);
      g_object_add_weak_pointer (G_OBJECT (self->preview_dialog), (gpointer *)&self->preview_dialog);
      g_signal_connect_object (self->preview_dialog, "started", G_CALLBACK (preview_started_cb), self,
                               G_CONNECT_SWAPPED);
      g_signal_connect_object (self->preview_dialog, "change-selection", G_CALLBACK (preview_change_selection_cb),
                               self, G_CONNECT_SWAPPED);
      g_signal_connect_object (self->preview_dialog, "close-request", G_CALLBACK (preview_close_request_cb),
                               self, G_CONNECT_SWAPPED);
    }
  else
    msi_sync_preview_dialog_reload (self->preview_dialog);

  gtk_window_present (GTK_WINDOW (self->preview_dialog));
}

void
msi_sync_page_preview (MsiSyncPage *self)
{
  g_return_if_fail (MSI_IS_SYNC_PAGE (self));

  if (self->client == NULL || !self->fields_loaded || job_running (self) || self->saving)
    return;

  if (compute_dirty (self))
    save (self, TRUE);
  else
    open_preview (self);
}

static void
preview_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *param)
{
  msi_sync_page_preview (MSI_SYNC_PAGE (widget));
}

/* --- a running sync ------------------------------------------------------------------------ */

static void
update_progress (MsiSyncPage *self)
{
  MsiSyncJob *job = self->job;
  g_autofree char *progress = NULL;
  g_autofree char *rate = NULL;
  g_autofree char *time_left = NULL;
  gboolean queued;
  gboolean lost;
  const GError *error = NULL;

  if (job == NULL)
    return;

  queued = msi_sync_job_get_state (job) == MSI_SYNC_JOB_QUEUED;
  gtk_label_set_label (self->progress_title,
                       queued ? _("Waiting for the Sync to Start…") : _("Syncing People from Marketo…"));

  gtk_progress_bar_set_fraction (self->progress_bar, msi_sync_job_get_fraction (job));
  progress = msi_sync_text_progress (msi_sync_job_get_processed (job), msi_sync_job_get_total (job));
  gtk_label_set_label (self->progress_label, progress);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->progress_bar),
                                  GTK_ACCESSIBLE_PROPERTY_VALUE_TEXT, progress,
                                  -1);

  if (msi_sync_job_get_rate (job) > 0)
    rate = msi_sync_text_rate (msi_sync_job_get_rate (job));
  gtk_label_set_label (self->rate_label, rate ? rate : "");
  gtk_widget_set_visible (GTK_WIDGET (self->rate_label), rate != NULL);
  time_left = msi_sync_text_time_left (msi_sync_job_get_seconds_left (job));
  gtk_label_set_label (self->time_left_label, time_left);

  /* A lost connection is said quietly while the watcher tries again;
   * loudly once it gave up. */
  if (self->watcher != NULL)
    error = msi_sync_job_watcher_get_error (self->watcher);
  lost = self->watcher != NULL && !msi_sync_job_watcher_get_active (self->watcher) && error != NULL;
  gtk_widget_set_visible (GTK_WIDGET (self->reconnecting_label),
                          self->watcher != NULL && msi_sync_job_watcher_get_active (self->watcher) &&
                          msi_sync_job_watcher_get_failures (self->watcher) > 0);
  if (lost)
    {
      g_autofree char *text = g_strdup_printf (_("The progress of the sync cannot be read: %s"), error->message);

      gtk_label_set_label (self->lost_label, text);
    }
  gtk_widget_set_visible (self->lost_box, lost);
}

static void
add_result_line (MsiSyncPage *self,
                 const char  *name,
                 const char  *text)
{
  GtkWidget *label = new_label (text, NULL);
  GtkWidget *row = gtk_list_box_row_new ();

  gtk_widget_set_name (label, name);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  gtk_widget_set_focusable (row, FALSE);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), label);
  gtk_list_box_append (self->result_lines, row);
}

static void
show_result (MsiSyncPage *self,
             MsiSyncJob  *job)
{
  MsiSyncJobState state = msi_sync_job_get_state (job);
  const char * const *reasons = msi_sync_job_get_skip_reasons (job);
  g_autofree char *date = msi_sync_text_date (msi_sync_job_get_started_at (job) ? msi_sync_job_get_started_at (job)
                                                                                 : msi_sync_job_get_created_at (job));
  g_autofree char *duration = NULL;
  g_autofree char *detail = NULL;
  g_autofree char *synced = NULL;
  g_autofree char *number = NULL;
  gint64 n_synced = msi_sync_job_get_synced (job);
  gint64 n_failed = msi_sync_job_get_failed (job);
  const char *title;
  const char *icon;
  const char *style;

  static const char * const styles[] = { "success", "warning", "error" };

  switch (state)
    {
    case MSI_SYNC_JOB_COMPLETED:
      title = _("Sync Completed");
      icon = "emblem-ok-symbolic";
      style = "success";
      break;
    case MSI_SYNC_JOB_FAILED:
      title = _("Sync Failed");
      icon = "dialog-error-symbolic";
      style = "error";
      break;
    case MSI_SYNC_JOB_CANCELLED:
      title = _("Sync Cancelled");
      icon = "process-stop-symbolic";
      style = "warning";
      break;
    case MSI_SYNC_JOB_QUEUED:
    case MSI_SYNC_JOB_RUNNING:
    default:
      return;
    }

  gtk_label_set_label (self->result_title, title);
  gtk_image_set_from_icon_name (self->result_icon, icon);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->result_icon), GTK_ACCESSIBLE_PROPERTY_LABEL, "", -1);
  for (guint i = 0; i < G_N_ELEMENTS (styles); i++)
    gtk_widget_remove_css_class (self->result_card, styles[i]);
  gtk_widget_add_css_class (self->result_card, style);

  remove_children (GTK_WIDGET (self->result_lines));

  duration = msi_sync_text_duration (MAX (msi_sync_job_get_duration (job), 0));
  /* Translators: when a sync started, then how long it took: "03/04/25, 10:11 · took 21 seconds" */
  detail = g_strdup_printf (_("%s · took %s"), date, duration);
  add_result_line (self, "result-detail", detail);
  gtk_widget_add_css_class (gtk_widget_get_last_child (GTK_WIDGET (self->result_lines)), "dim-label");

  if (state == MSI_SYNC_JOB_FAILED)
    add_result_line (self, "result-error",
                     msi_sync_job_get_error (job) ? msi_sync_job_get_error (job)
                                                  : _("The sync stopped before every person was synced."));
  if (state != MSI_SYNC_JOB_COMPLETED)
    {
      g_autofree char *progress = msi_sync_text_progress (msi_sync_job_get_processed (job),
                                                          msi_sync_job_get_total (job));
      g_autofree char *text = NULL;

      if (state == MSI_SYNC_JOB_CANCELLED)
        /* Translators: %s is "20,417 of 52,318 people" */
        text = g_strdup_printf (_("Cancelled after %s. The people synced so far stay synced."), progress);
      else
        /* Translators: %s is "20,417 of 52,318 people" */
        text = g_strdup_printf (_("It stopped after %s. Start the sync again to sync the others."), progress);
      add_result_line (self, "result-progress", text);
    }

  number = msi_sync_text_count (n_synced);
  /* Translators: %s is a number of people, such as "51,900" */
  synced = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s person was synced.", "%s people were synced.",
                                         (gulong)CLAMP (n_synced, 0, G_MAXLONG)),
                            number);
  add_result_line (self, "result-synced", synced);

  for (guint i = 0; reasons != NULL && reasons[i] != NULL; i++)
    {
      g_autofree char *text = msi_sync_skip_reason_describe (reasons[i],
                                                             msi_sync_job_get_skipped_for (job, reasons[i]));
      g_autofree char *name = g_strconcat ("result-skipped-", reasons[i], NULL);

      add_result_line (self, name, text);
    }

  if (n_failed > 0)
    {
      g_autofree char *failed_number = msi_sync_text_count (n_failed);
      g_autofree char *text = NULL;

      /* Translators: %s is a number of people, such as "12" */
      text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s person could not be synced: the Sales account refused the record.",
                                           "%s people could not be synced: the Sales account refused their records.",
                                           (gulong)CLAMP (n_failed, 0, G_MAXLONG)),
                              failed_number);
      add_result_line (self, "result-failed", text);
    }

  reveal (self->progress_revealer, FALSE);
  reveal (self->result_revealer, TRUE);
}

static void
stop_watching (MsiSyncPage *self)
{
  if (self->watcher == NULL)
    return;

  g_signal_handlers_disconnect_by_data (self->watcher, self);
  msi_sync_job_watcher_stop (self->watcher);
  g_clear_object (&self->watcher);
}

static void
job_finished (MsiSyncPage *self,
              gboolean     announce)
{
  MsiSyncJob *job = self->job;

  stop_watching (self);
  if (self->cancel_dialog != NULL)
    gtk_window_destroy (GTK_WINDOW (self->cancel_dialog));
  show_result (self, job);
  update_actions (self);

  if (announce)
    {
      switch (msi_sync_job_get_state (job))
        {
        case MSI_SYNC_JOB_COMPLETED:
          msi_show_toast (GTK_WIDGET (self), _("The data sync is done"));
          break;
        case MSI_SYNC_JOB_FAILED:
          msi_show_toast (GTK_WIDGET (self), _("The data sync failed"));
          break;
        case MSI_SYNC_JOB_CANCELLED:
          msi_show_toast (GTK_WIDGET (self), _("The data sync was cancelled"));
          break;
        case MSI_SYNC_JOB_QUEUED:
        case MSI_SYNC_JOB_RUNNING:
        default:
          break;
        }
      msi_setup_changed (GTK_WIDGET (self));
    }

  load_jobs (self);
}

static void
watcher_changed_cb (MsiSyncPage       *self,
                    MsiSyncJobWatcher *watcher)
{
  update_progress (self);
}

static void
watcher_finished_cb (MsiSyncPage       *self,
                     MsiSyncJobWatcher *watcher)
{
  job_finished (self, TRUE);
}

static void
watch_job (MsiSyncPage *self,
           MsiSyncJob  *job)
{
  stop_watching (self);
  g_set_object (&self->job, job);

  self->cancelling = FALSE;
  self->watcher = msi_sync_job_watcher_new (self->client, job);
  g_signal_connect_object (self->watcher, "changed", G_CALLBACK (watcher_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->watcher, "finished", G_CALLBACK (watcher_finished_cb), self, G_CONNECT_SWAPPED);
  msi_sync_job_watcher_start (self->watcher, self->cancellable);

  reveal (self->result_revealer, FALSE);
  reveal (self->progress_revealer, TRUE);
  update_progress (self);
  update_actions (self);
}

/* --- cancelling ---------------------------------------------------------------------------- */

static void
cancelled_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(MsiSyncPage) self = user_data;
  g_autoptr(MsiSyncJob) job = NULL;
  g_autoptr(GError) error = NULL;

  job = msi_sync_client_cancel_job_finish (MSI_SYNC_CLIENT (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self->cancelling = FALSE;
  if (job == NULL)
    {
      /* It ended first: the watcher says how. */
      if (g_error_matches (error, MSI_SYNC_CLIENT_ERROR, MSI_SYNC_CLIENT_ERROR_JOB_FINISHED))
        msi_show_toast (GTK_WIDGET (self), error->message);
      else
        {
          g_autofree char *text = g_strdup_printf (_("The sync could not be cancelled: %s"), error->message);

          msi_show_toast (GTK_WIDGET (self), text);
        }
      update_actions (self);
      return;
    }

  if (self->job == NULL || g_strcmp0 (msi_sync_job_get_id (job), msi_sync_job_get_id (self->job)) != 0 ||
      msi_sync_job_is_final (self->job))
    return;

  msi_sync_job_update (self->job, job);
  if (msi_sync_job_is_final (self->job))
    job_finished (self, TRUE);
  else
    update_actions (self);
}

static void
cancel_response_cb (AdwMessageDialog *dialog,
                    const char       *response,
                    MsiSyncPage      *self)
{
  if (!g_str_equal (response, "cancel") || !job_running (self) || self->cancelling)
    return;

  self->cancelling = TRUE;
  update_actions (self);
  msi_sync_client_cancel_job_async (self->client, msi_sync_job_get_id (self->job), self->cancellable,
                                    cancelled_cb, g_object_ref (self));
}

static void
cancel_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  MsiSyncPage *self = MSI_SYNC_PAGE (widget);
  AdwMessageDialog *dialog;

  if (!job_running (self) || self->cancelling || self->cancel_dialog != NULL)
    return;

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (get_window (self), _("Cancel the Sync?"),
                                                       _("The people synced so far stay synced. The others "
                                                         "keep what the Sales account has for them until the "
                                                         "next sync.")));
  adw_message_dialog_add_responses (dialog,
                                    "keep", _("_Keep Syncing"),
                                    "cancel", _("_Cancel Sync"),
                                    NULL);
  adw_message_dialog_set_response_appearance (dialog, "cancel", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (dialog, "keep");
  adw_message_dialog_set_close_response (dialog, "keep");
  g_signal_connect_object (dialog, "response", G_CALLBACK (cancel_response_cb), self, 0);
  self->cancel_dialog = dialog;
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *)&self->cancel_dialog);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
dismiss_result_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *param)
{
  MsiSyncPage *self = MSI_SYNC_PAGE (widget);

  reveal (self->result_revealer, FALSE);
}

/* --- past syncs ------------------------------------------------------------------------------- */

static GtkWidget *
create_history_row (MsiSyncJob *job)
{
  MsiSyncJobState state = msi_sync_job_get_state (job);
  GtkWidget *row = adw_action_row_new ();
  g_autofree char *date = msi_sync_text_date (msi_sync_job_get_created_at (job));
  g_autofree char *counts = NULL;
  g_autofree char *subtitle = NULL;
  g_autofree char *name = g_strconcat ("job-", msi_sync_job_get_id (job), NULL);
  g_autofree char *escaped = NULL;
  GtkWidget *state_label;
  GtkWidget *duration_label;

  if (msi_sync_job_state_is_final (state))
    counts = msi_sync_text_job_counts (job);
  else
    counts = msi_sync_text_progress (msi_sync_job_get_processed (job), msi_sync_job_get_total (job));

  gtk_widget_set_name (row, name);
  escaped = g_markup_escape_text (date, -1);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), escaped);
  if (state == MSI_SYNC_JOB_FAILED && msi_sync_job_get_error (job) != NULL)
    subtitle = g_markup_printf_escaped ("%s\n%s", counts, msi_sync_job_get_error (job));
  else
    subtitle = g_markup_escape_text (counts, -1);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 0);

  if (msi_sync_job_get_duration (job) >= 0)
    {
      g_autofree char *duration = msi_sync_text_duration (msi_sync_job_get_duration (job));

      duration_label = gtk_label_new (duration);
      gtk_widget_set_name (duration_label, "duration");
      gtk_widget_add_css_class (duration_label, "dim-label");
      gtk_widget_add_css_class (duration_label, "numeric");
      gtk_widget_set_valign (duration_label, GTK_ALIGN_CENTER);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), duration_label);
    }

  state_label = gtk_label_new (msi_sync_text_job_state (state));
  gtk_widget_set_name (state_label, "state");
  gtk_widget_set_valign (state_label, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (state_label, "msi-pill");
  switch (state)
    {
    case MSI_SYNC_JOB_COMPLETED:
      gtk_widget_add_css_class (state_label, "success");
      break;
    case MSI_SYNC_JOB_FAILED:
      gtk_widget_add_css_class (state_label, "error");
      break;
    case MSI_SYNC_JOB_CANCELLED:
      gtk_widget_add_css_class (state_label, "warning");
      break;
    case MSI_SYNC_JOB_QUEUED:
    case MSI_SYNC_JOB_RUNNING:
    default:
      gtk_widget_add_css_class (state_label, "accent");
      break;
    }
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), state_label);

  return row;
}

static void
show_history (MsiSyncPage *self)
{
  remove_children (GTK_WIDGET (self->history_list));

  for (guint i = 0; self->history != NULL && i < self->history->len; i++)
    gtk_list_box_append (self->history_list, create_history_row (g_ptr_array_index (self->history, i)));

  gtk_stack_set_visible_child_name (self->history_stack,
                                    self->history != NULL && self->history->len > 0 ? "list" : "empty");
}

static void
jobs_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(MsiSyncPage) self = user_data;
  g_autoptr(GPtrArray) jobs = NULL;
  g_autoptr(GError) error = NULL;
  MsiSyncJob *newest;

  jobs = msi_sync_client_list_jobs_finish (MSI_SYNC_CLIENT (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (jobs == NULL)
    {
      g_debug ("Could not read the past syncs: %s", error->message);
      if (gtk_widget_get_visible (self->lost_box))
        {
          g_autofree char *text = g_strdup_printf (_("The progress of the sync cannot be read: %s"),
                                                   error->message);

          gtk_label_set_label (self->lost_label, text);
        }
      return;
    }

  g_clear_pointer (&self->history, g_ptr_array_unref);
  self->history = g_ptr_array_ref (jobs);
  show_history (self);

  newest = jobs->len > 0 ? g_ptr_array_index (jobs, 0) : NULL;
  if (newest == NULL)
    return;

  /* A sync running (another window, or the app was closed meanwhile):
   * its progress, picked up again. */
  if (!msi_sync_job_is_final (newest))
    {
      if (self->watcher == NULL || !msi_sync_job_watcher_get_active (self->watcher) ||
          g_strcmp0 (msi_sync_job_get_id (self->job), msi_sync_job_get_id (newest)) != 0)
        watch_job (self, newest);
      return;
    }

  /* The sync watched, which the watcher lost track of, has ended. */
  if (self->job != NULL && !msi_sync_job_is_final (self->job) &&
      g_strcmp0 (msi_sync_job_get_id (self->job), msi_sync_job_get_id (newest)) == 0)
    {
      msi_sync_job_update (self->job, newest);
      job_finished (self, TRUE);
      return;
    }

  /* The last sync's result, when no sync is followed here: at start, or
   * after a sync another admin ran. */
  if (self->job == NULL ||
      (msi_sync_job_is_final (self->job) &&
       g_strcmp0 (msi_sync_job_get_id (self->job), msi_sync_job_get_id (newest)) != 0))
    {
      g_set_object (&self->job, newest);
      show_result (self, newest);
      update_actions (self);
    }
}

static void
load_jobs (MsiSyncPage *self)
{
  if (self->client == NULL)
    return;

  msi_sync_client_list_jobs_async (self->client, HISTORY_LIMIT, self->cancellable, jobs_cb, g_object_ref (self));
}

static void
reload_jobs_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *param)
{
  load_jobs (MSI_SYNC_PAGE (widget));
}

/* --- actions ---------------------------------------------------------------------------------- */

static void
update_actions (MsiSyncPage *self)
{
  gboolean running = job_running (self);
  gboolean dirty = compute_dirty (self);
  gboolean ready = self->client != NULL && self->fields_loaded;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "sync.save", ready && dirty && !self->saving);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "sync.preview", ready && !running && !self->saving);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "sync.cancel", running && !self->cancelling);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "sync.reload", self->client != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "sync.reload-jobs", self->client != NULL);

  if (running)
    gtk_widget_set_tooltip_text (GTK_WIDGET (self->sync_button),
                                 _("A sync is running. Wait for it to end before starting another."));
  else if (dirty)
    gtk_widget_set_tooltip_text (GTK_WIDGET (self->sync_button),
                                 _("Save the chosen fields and preview the sync"));
  else
    gtk_widget_set_tooltip_text (GTK_WIDGET (self->sync_button), _("Preview the sync"));

  gtk_button_set_label (self->save_button, self->saving ? _("Saving…") : _("_Save"));
}

/* --- public --------------------------------------------------------------------------------- */

MsiSyncClient *
msi_sync_page_get_client (MsiSyncPage *self)
{
  g_return_val_if_fail (MSI_IS_SYNC_PAGE (self), NULL);

  return self->client;
}

void
msi_sync_page_set_client (MsiSyncPage   *self,
                          MsiSyncClient *client)
{
  g_return_if_fail (MSI_IS_SYNC_PAGE (self));
  g_return_if_fail (client == NULL || MSI_IS_SYNC_CLIENT (client));

  if (self->client == client)
    return;

  /* Another account: nothing of the last one stays. */
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();

  stop_watching (self);
  g_clear_object (&self->job);
  g_clear_object (&self->plan);
  g_clear_pointer (&self->history, g_ptr_array_unref);
  g_clear_pointer (&self->fields, g_ptr_array_unref);
  g_list_store_remove_all (self->store);
  g_hash_table_remove_all (self->saved);
  self->fields_loaded = FALSE;
  self->loading = FALSE;
  self->saving = FALSE;
  self->preview_after_save = FALSE;
  self->cancelling = FALSE;
  self->n_selected = 0;
  self->limit = MSI_SYNC_DEFAULT_FIELD_LIMIT;
  if (self->preview_dialog != NULL)
    gtk_window_destroy (GTK_WINDOW (self->preview_dialog));
  if (self->cancel_dialog != NULL)
    gtk_window_destroy (GTK_WINDOW (self->cancel_dialog));
  reveal (self->progress_revealer, FALSE);
  reveal (self->result_revealer, FALSE);
  reveal (self->blocked_revealer, FALSE);
  reveal (self->save_error_revealer, FALSE);
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
  gtk_toggle_button_set_active (self->selected_only_button, FALSE);
  show_history (self);

  g_set_object (&self->client, client);
  gtk_stack_set_visible_child_name (self->state_stack, "loading");
  update_actions (self);

  if (client == NULL)
    return;

  /* A sync may be running: its progress is shown at once, and said when
   * it ends, wherever the admin is. The fields wait until the page is
   * shown. */
  load_jobs (self);
  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    load_fields (self);
}

void
msi_sync_page_reload (MsiSyncPage *self)
{
  g_return_if_fail (MSI_IS_SYNC_PAGE (self));

  load_fields (self);
  if (!job_running (self))
    load_jobs (self);
}

void
msi_sync_page_setup_changed (MsiSyncPage *self)
{
  const char *state;

  g_return_if_fail (MSI_IS_SYNC_PAGE (self));

  state = gtk_stack_get_visible_child_name (self->state_stack);
  if (g_strcmp0 (state, "not-connected") == 0 || g_strcmp0 (state, "error") == 0)
    load_fields (self);
}

static void
msi_sync_page_map (GtkWidget *widget)
{
  MsiSyncPage *self = MSI_SYNC_PAGE (widget);

  GTK_WIDGET_CLASS (msi_sync_page_parent_class)->map (widget);

  if (!self->fields_loaded || g_strcmp0 (gtk_stack_get_visible_child_name (self->state_stack), "fields") != 0)
    load_fields (self);
}

/* --- for the tests ------------------------------------------------------------------------- */

const char *
msi_sync_page_get_state (MsiSyncPage *self)
{
  g_return_val_if_fail (MSI_IS_SYNC_PAGE (self), NULL);

  return gtk_stack_get_visible_child_name (self->state_stack);
}

GListModel *
msi_sync_page_get_fields (MsiSyncPage *self)
{
  g_return_val_if_fail (MSI_IS_SYNC_PAGE (self), NULL);

  return G_LIST_MODEL (self->store);
}

guint
msi_sync_page_get_n_shown (MsiSyncPage *self)
{
  g_return_val_if_fail (MSI_IS_SYNC_PAGE (self), 0);

  return g_list_model_get_n_items (G_LIST_MODEL (self->filtered));
}

guint
msi_sync_page_get_limit (MsiSyncPage *self)
{
  g_return_val_if_fail (MSI_IS_SYNC_PAGE (self), 0);

  return self->limit;
}

gboolean
msi_sync_page_get_dirty (MsiSyncPage *self)
{
  g_return_val_if_fail (MSI_IS_SYNC_PAGE (self), FALSE);

  return compute_dirty (self);
}

gboolean
msi_sync_page_get_busy (MsiSyncPage *self)
{
  g_return_val_if_fail (MSI_IS_SYNC_PAGE (self), FALSE);

  return self->loading || self->saving;
}

MsiSyncPreviewDialog *
msi_sync_page_get_preview_dialog (MsiSyncPage *self)
{
  g_return_val_if_fail (MSI_IS_SYNC_PAGE (self), NULL);

  return self->preview_dialog;
}

MsiSyncJob *
msi_sync_page_get_job (MsiSyncPage *self)
{
  g_return_val_if_fail (MSI_IS_SYNC_PAGE (self), NULL);

  return self->job;
}

MsiSyncJobWatcher *
msi_sync_page_get_watcher (MsiSyncPage *self)
{
  g_return_val_if_fail (MSI_IS_SYNC_PAGE (self), NULL);

  return self->watcher;
}

GPtrArray *
msi_sync_page_get_history (MsiSyncPage *self)
{
  g_return_val_if_fail (MSI_IS_SYNC_PAGE (self), NULL);

  return self->history;
}

/* --- GObject ---------------------------------------------------------------------------------- */

static void
msi_sync_page_dispose (GObject *object)
{
  MsiSyncPage *self = (MsiSyncPage *)object;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  stop_watching (self);
  if (self->preview_dialog != NULL)
    {
      g_object_remove_weak_pointer (G_OBJECT (self->preview_dialog), (gpointer *)&self->preview_dialog);
      g_signal_handlers_disconnect_by_data (self->preview_dialog, self);
      self->preview_dialog = NULL;
    }
  if (self->cancel_dialog != NULL)
    {
      g_object_remove_weak_pointer (G_OBJECT (self->cancel_dialog), (gpointer *)&self->cancel_dialog);
      g_signal_handlers_disconnect_by_data (self->cancel_dialog, self);
      self->cancel_dialog = NULL;
    }

  gtk_widget_dispose_template (GTK_WIDGET (self), MSI_TYPE_SYNC_PAGE);

  g_clear_object (&self->selection);
  g_clear_object (&self->filtered);
  g_clear_object (&self->filter);
  g_clear_object (&self->store);
  g_clear_object (&self->job);
  g_clear_object (&self->plan);
  g_clear_object (&self->client);
  g_clear_pointer (&self->fields, g_ptr_array_unref);
  g_clear_pointer (&self->history, g_ptr_array_unref);
  g_clear_pointer (&self->saved, g_hash_table_unref);
  g_clear_pointer (&self->bound_rows, g_ptr_array_unref);
  g_clear_pointer (&self->query, g_free);

  G_OBJECT_CLASS (msi_sync_page_parent_class)->dispose (object);
}

static void
msi_sync_page_class_init (MsiSyncPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = msi_sync_page_dispose;
  widget_class->map = msi_sync_page_map;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/msi-sync-page.ui");
  gtk_widget_class_bind_template_child (widget_class, MsiSyncPage, spinner);
  gtk_widget_class_bind_template_child (widget_class, MsiSyncPage, connect_marketo_button);
  gtk_widget_class_bind_template_child (widget_class, MsiSyncPage, error_page);
  gtk_widget_class_bind_template_child (widget_class, MsiSyncPage, progress_revealer);
  gtk_widget_class_bind_template_child (widget_class, MsiSyncPage, progress_title);
  gtk_widget_class_bind_template_child (widget_class, MsiSyncPage, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, MsiSyncPage, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, MsiSyncPage, progress_label);
  gtk_widget_class_bind_template_child (widget_class, MsiSyncPage, rate_label);
  gtk_widget_class_bind_template_child (widget_class, MsiSyncPage, time_left_label);
  gtk_widget_class_bind_template_child (widget_class, MsiSyncPage, reconnecting_label);
  gtk_widget_class_bind_template_child (widget_class, MsiSyncPage, lost_box);
  gtk_widget_class_bind_template_child (widget_class, MsiSyncPage, lost_label);
  gtk_widget_class_bind_template_child (widget_class, MsiSyncPage, result_revealer);
  gtk_widget_class_bind_template_child (widget_class, MsiSyncPage, result_card);
  gtk_widget_class_bind_template_child (widget_class, MsiSyncPage, result_icon);
  gtk_widget_class_bind_template_child (widget_class, MsiSyncPage, result_title);
  gtk_widget_class_bind_template_child (widget_class, MsiSyncPage, result_lines);
  gtk_widget_class_bind_template_child (widget_class, MsiSyncPage, blocked_revealer);
  gtk_widget_class_bind_template_child (widget_class, MsiSyncPage, blocked_list);
  gtk_widget_class_bind_template_child (widget_class, MsiSyncPage, save_error_revealer);
  gtk_widget_class_bind_template_child (widget_class, MsiSyncPage, save_error_label);
  gtk_widget_class_bind_template_child (widget_class, MsiSyncPage, save_error_reload);
  gtk_widget_class_bind_template_child (widget_class, MsiSyncPage, view_stack);
  gtk_widget_class_bind_template_child (widget_class, MsiSyncPage, count_label);
  gtk_widget_class_bind_template_child (widget_class, MsiSyncPage, save_button);
  gtk_widget_class_bind_template_child (widget_class, MsiSyncPage, sync_button);
  gtk_widget_class_bind_template_child (widget_class, MsiSyncPage, search_entry);
  gtk_widget_class_bind_template_child (widget_class, MsiSyncPage, selected_only_button);
  gtk_widget_class_bind_template_child (widget_class, MsiSyncPage, list_stack);
  gtk_widget_class_bind_template_child (widget_class, MsiSyncPage, scrolled);
  gtk_widget_class_bind_template_child (widget_class, MsiSyncPage, list_view);
  gtk_widget_class_bind_template_child (widget_class, MsiSyncPage, history_stack);
  gtk_widget_class_bind_template_child (widget_class, MsiSyncPage, history_list);

  gtk_widget_class_install_action (widget_class, "sync.reload", NULL, reload_action);
  gtk_widget_class_install_action (widget_class, "sync.reload-jobs", NULL, reload_jobs_action);
  gtk_widget_class_install_action (widget_class, "sync.save", NULL, save_action);
  gtk_widget_class_install_action (widget_class, "sync.preview", NULL, preview_action);
  gtk_widget_class_install_action (widget_class, "sync.cancel", NULL, cancel_action);
  gtk_widget_class_install_action (widget_class, "sync.search", NULL, search_action);
  gtk_widget_class_install_action (widget_class, "sync.dismiss-result", NULL, dismiss_result_action);
  gtk_widget_class_install_action (widget_class, "sync.unselect", "s", unselect_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK, "sync.search", NULL);
}

static void
msi_sync_page_init (MsiSyncPage *self)
{
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();

  gtk_widget_init_template (GTK_WIDGET (self));
  /* The bin's own child, not a template child: disposing the template
   * would unparent it behind AdwBin's back (a critical when the window
   * is destroyed). */
  self->state_stack = GTK_STACK (adw_bin_get_child (ADW_BIN (self)));

  gtk_actionable_set_detailed_action_name (GTK_ACTIONABLE (self->connect_marketo_button), "win.show-page::marketo");
  self->cancellable = g_cancellable_new ();
  self->limit = MSI_SYNC_DEFAULT_FIELD_LIMIT;
  self->saved = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->bound_rows = g_ptr_array_new ();
  self->store = g_list_store_new (MSI_TYPE_SYNC_FIELD);
  self->filter = gtk_custom_filter_new (filter_cb, self, NULL);
  self->filtered = gtk_filter_list_model_new (G_LIST_MODEL (g_object_ref (self->store)),
                                              GTK_FILTER (g_object_ref (self->filter)));
  self->selection = gtk_no_selection_new (G_LIST_MODEL (g_object_ref (self->filtered)));

  g_signal_connect (factory, "setup", G_CALLBACK (setup_field_cb), self);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_field_cb), self);
  g_signal_connect (factory, "unbind", G_CALLBACK (unbind_field_cb), self);
  gtk_list_view_set_factory (self->list_view, factory);
  gtk_list_view_set_model (self->list_view, GTK_SELECTION_MODEL (self->selection));
  g_signal_connect_swapped (self->list_view, "activate", G_CALLBACK (list_activate_cb), self);

  g_signal_connect_swapped (self->search_entry, "search-changed", G_CALLBACK (refilter), self);
  g_signal_connect_swapped (self->search_entry, "stop-search", G_CALLBACK (stop_search_cb), self);
  g_signal_connect_swapped (self->selected_only_button, "toggled", G_CALLBACK (refilter), self);

  selection_changed (self);
  show_history (self);
  gtk_stack_set_visible_child_name (self->state_stack, "loading");
}
