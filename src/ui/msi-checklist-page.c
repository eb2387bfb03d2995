/* SPDX-License-Identifier: GPL-3.0-or-later */
/* msi-checklist-page.c: the seven admin steps with their live status */

#define G_LOG_DOMAIN "msi-checklist-page"

#include "config.h"

#include <glib/gi18n.h>

#include "msi-checklist-page.h"
#include "msi-setup-step.h"

struct _MsiChecklistPage
{
  AdwBin             parent_instance;

  MsiActionsClient  *client;
  GListModel        *steps;
  GCancellable      *cancellable;
  MsiChecklistState  state;

  /* Template widgets */
  GtkStack          *stack;
  GtkSpinner        *spinner;
  AdwStatusPage     *error_page;
  GtkLabel          *summary_label;
  GtkLevelBar       *progress;
  GtkListBox        *list;
};

enum {
  PROP_0,
  PROP_CLIENT,
  PROP_STATE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (MsiChecklistPage, msi_checklist_page, ADW_TYPE_BIN)

static void
set_state (MsiChecklistPage  *self,
           MsiChecklistState  state)
{
  static const char *pages[] = { "loading", "loading", "loaded", "error" };

  gtk_spinner_set_spinning (self->spinner, state == MSI_CHECKLIST_STATE_LOADING);
  gtk_stack_set_visible_child_name (self->stack, pages[state]);

  if (self->state == state)
    return;

  self->state = state;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

static const char *
status_css_class (MsiSetupStatus status)
{
  switch (status)
    {
    case MSI_SETUP_STATUS_DONE:
      return "done";
    case MSI_SETUP_STATUS_IN_PROGRESS:
      return "in-progress";
    case MSI_SETUP_STATUS_ATTENTION:
      return "attention";
    case MSI_SETUP_STATUS_UNKNOWN:
    case MSI_SETUP_STATUS_NOT_DONE:
    default:
      return "not-done";
    }
}

/* The page of each step that this app completes, and its button. */
typedef struct
{
  const char *step;
  const char *page;
  const char *label;
  const char *accessible;
  const char *button_action;   /* NULL: the button opens the page too */
} StepAction;

static const StepAction step_actions[] = {
  { "activate-account", "activation", N_("_Activate…"), N_("Activate the Sales account"), NULL },
  { "connect-salesforce", "salesforce", N_("_Connect…"), N_("Connect to Salesforce"), NULL },
  { "connect-marketo", "marketo", N_("_Connect…"), N_("Connect to Marketo"), NULL },
  { "data-sync", "sync", N_("_Sync…"), N_("Choose the fields and start the data sync"), NULL },
  { "invite-users", "users", N_("_Invite…"), N_("Invite users"), "win.invite-users" },
  { "salesforce-package", "package", N_("_Check…"), N_("Check the Salesforce package"), NULL },
  { "salesforce-configuration", "package", N_("C_onfigure…"), N_("Configure MSI Actions in Salesforce"), NULL },
};

static const StepAction *
step_action_for (const char *step)
{
  for (guint i = 0; i < G_N_ELEMENTS (step_actions); i++)
    {
      if (g_str_equal (step_actions[i].step, step))
        return &step_actions[i];
    }

  return NULL;
}

static int
longest_word_chars (const char *text)
{
  g_auto(GStrv) words = g_strsplit (text, " ", -1);
  int longest = 1;

  for (guint i = 0; words[i]; i++)
    longest = MAX (longest, (int)g_utf8_strlen (words[i], -1));

  return MIN (longest, 14);
}

static GtkWidget *
create_step_row (gpointer item,
                 gpointer user_data)
{
  MsiSetupStep *step = MSI_SETUP_STEP (item);
  MsiSetupStatus status = msi_setup_step_get_status (step);
  const char *detail = msi_setup_step_get_detail (step);
  g_autofree char *number = g_strdup_printf ("%u", msi_setup_step_get_position (step));
  g_autofree char *title = g_markup_escape_text (msi_setup_step_get_title (step), -1);
  g_autofree char *subtitle = NULL;
  g_autofree char *description = NULL;
  const StepAction *action;
  GtkWidget *row;
  GtkWidget *number_label;
  GtkWidget *status_label;

  /* The detail can carry a service's words: escape it for the markup. */
  if (detail != NULL)
    subtitle = g_markup_printf_escaped ("%s\n%s", msi_persona_get_label (msi_setup_step_get_persona (step)), detail);
  else
    subtitle = g_markup_escape_text (msi_persona_get_label (msi_setup_step_get_persona (step)), -1);

  row = adw_action_row_new ();
  gtk_widget_set_name (row, msi_setup_step_get_id (step));
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 0);
  adw_action_row_set_title_lines (ADW_ACTION_ROW (row), 0);

  number_label = gtk_label_new (number);
  gtk_widget_set_valign (number_label, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (number_label, "step-number");
  gtk_accessible_update_property (GTK_ACCESSIBLE (number_label),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, "",
                                  -1);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), number_label);

  status_label = gtk_label_new (msi_setup_step_get_status_label (step));
  gtk_widget_set_valign (status_label, GTK_ALIGN_CENTER);
  /* On narrow windows the status wraps between words rather than hiding
   * behind "…"; it never gets narrower than its longest word. */
  gtk_label_set_wrap (GTK_LABEL (status_label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (status_label), PANGO_WRAP_WORD);
  gtk_label_set_width_chars (GTK_LABEL (status_label),
                             longest_word_chars (msi_setup_step_get_status_label (step)));
  gtk_label_set_max_width_chars (GTK_LABEL (status_label), 14);
  gtk_label_set_justify (GTK_LABEL (status_label), GTK_JUSTIFY_CENTER);
  gtk_widget_add_css_class (status_label, "step-status");
  gtk_widget_add_css_class (status_label, status_css_class (status));
  gtk_widget_set_tooltip_text (status_label, msi_setup_step_get_status_label (step));
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), status_label);

  /* Each step done in this app opens its page: a button that says what
   * to do while the step is not done, the row itself always. */
  action = step_action_for (msi_setup_step_get_id (step));
  if (action != NULL)
    {
      g_autofree char *detailed = g_strdup_printf ("win.show-page::%s", action->page);

      gtk_actionable_set_detailed_action_name (GTK_ACTIONABLE (row), detailed);
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);

      if (status != MSI_SETUP_STATUS_DONE)
        {
          GtkWidget *button = gtk_button_new_with_mnemonic (_(action->label));

          gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
          gtk_widget_set_name (button, "step-action");
          gtk_actionable_set_detailed_action_name (GTK_ACTIONABLE (button),
                                                   action->button_action ? action->button_action : detailed);
          gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                          GTK_ACCESSIBLE_PROPERTY_LABEL, _(action->accessible),
                                          -1);
          adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
        }
      else
        {
          GtkWidget *arrow = gtk_image_new_from_icon_name ("go-next-symbolic");

          gtk_accessible_update_property (GTK_ACCESSIBLE (arrow),
                                          GTK_ACCESSIBLE_PROPERTY_LABEL, "",
                                          -1);
          adw_action_row_add_suffix (ADW_ACTION_ROW (row), arrow);
        }
    }

  if (status == MSI_SETUP_STATUS_DONE)
    gtk_widget_add_css_class (row, "step-done");

  /* TRANSLATORS: read by screen readers for each step: number, then status */
  description = g_strdup_printf (_("Step %u of %u. Status: %s"),
                                 msi_setup_step_get_position (step), MSI_SETUP_N_STEPS,
                                 msi_setup_step_get_status_label (step));
  gtk_accessible_update_property (GTK_ACCESSIBLE (row),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, description,
                                  -1);

  return row;
}

static void
show_steps (MsiChecklistPage *self,
            GListModel       *steps)
{
  guint done = msi_setup_steps_count_done (steps);
  g_autofree char *summary = NULL;

  g_set_object (&self->steps, steps);
  gtk_list_box_bind_model (self->list, steps, create_step_row, NULL, NULL);

  if (done == MSI_SETUP_N_STEPS)
    summary = g_strdup (_("All steps are done. MSI Actions is ready for your team."));
  else
    /* TRANSLATORS: "3 of 7 steps done" */
    summary = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u of %u step done", "%u of %u steps done",
                                            MSI_SETUP_N_STEPS),
                               done, MSI_SETUP_N_STEPS);
  gtk_label_set_label (self->summary_label, summary);
  gtk_level_bar_set_value (self->progress, done);

  set_state (self, MSI_CHECKLIST_STATE_LOADED);
}

static void
load_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(MsiChecklistPage) self = user_data;
  g_autoptr(GListModel) steps = NULL;
  g_autoptr(GError) error = NULL;

  steps = msi_actions_client_load_checklist_finish (MSI_ACTIONS_CLIENT (object), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (object != (GObject *)self->client)
    return;

  if (steps == NULL)
    {
      g_autofree char *escaped = g_markup_escape_text (error->message, -1);

      g_debug ("Checklist failed: %s", error->message);
      adw_status_page_set_description (self->error_page, escaped);
      set_state (self, MSI_CHECKLIST_STATE_ERROR);
      return;
    }

  show_steps (self, steps);
}

void
msi_checklist_page_reload (MsiChecklistPage *self)
{
  g_return_if_fail (MSI_IS_CHECKLIST_PAGE (self));

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);

  if (self->client == NULL)
    {
      set_state (self, MSI_CHECKLIST_STATE_EMPTY);
      return;
    }

  self->cancellable = g_cancellable_new ();

  /* Keep the steps on screen while they are read again. */
  if (self->state != MSI_CHECKLIST_STATE_LOADED)
    set_state (self, MSI_CHECKLIST_STATE_LOADING);

  msi_actions_client_load_checklist_async (self->client, self->cancellable,
                                           load_cb, g_object_ref (self));
}

static void
reload_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  msi_checklist_page_reload (MSI_CHECKLIST_PAGE (widget));
}

MsiActionsClient *
msi_checklist_page_get_client (MsiChecklistPage *self)
{
  g_return_val_if_fail (MSI_IS_CHECKLIST_PAGE (self), NULL);

  return self->client;
}

void
msi_checklist_page_set_client (MsiChecklistPage *self,
                               MsiActionsClient *client)
{
  g_return_if_fail (MSI_IS_CHECKLIST_PAGE (self));
  g_return_if_fail (!client || MSI_IS_ACTIONS_CLIENT (client));

  if (!g_set_object (&self->client, client))
    return;

  /* Another profile: its steps are not ours to show. */
  g_clear_object (&self->steps);
  gtk_list_box_bind_model (self->list, NULL, NULL, NULL, NULL);
  self->state = MSI_CHECKLIST_STATE_EMPTY;

  msi_checklist_page_reload (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CLIENT]);
}

MsiChecklistState
msi_checklist_page_get_state (MsiChecklistPage *self)
{
  g_return_val_if_fail (MSI_IS_CHECKLIST_PAGE (self), MSI_CHECKLIST_STATE_EMPTY);

  return self->state;
}

/**
 * msi_checklist_page_get_steps:
 *
 * Returns: (transfer none) (nullable): the steps shown, once loaded.
 */
GListModel *
msi_checklist_page_get_steps (MsiChecklistPage *self)
{
  g_return_val_if_fail (MSI_IS_CHECKLIST_PAGE (self), NULL);

  return self->steps;
}

GtkListBox *
msi_checklist_page_get_list (MsiChecklistPage *self)
{
  g_return_val_if_fail (MSI_IS_CHECKLIST_PAGE (self), NULL);

  return self->list;
}

static void
msi_checklist_page_dispose (GObject *object)
{
  MsiChecklistPage *self = (MsiChecklistPage *)object;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), MSI_TYPE_CHECKLIST_PAGE);
  g_clear_object (&self->client);
  g_clear_object (&self->steps);

  G_OBJECT_CLASS (msi_checklist_page_parent_class)->dispose (object);
}

static void
msi_checklist_page_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  MsiChecklistPage *self = MSI_CHECKLIST_PAGE (object);

  switch (prop_id)
    {
    case PROP_CLIENT:
      g_value_set_object (value, self->client);
      break;

    case PROP_STATE:
      g_value_set_uint (value, self->state);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
msi_checklist_page_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  MsiChecklistPage *self = MSI_CHECKLIST_PAGE (object);

  switch (prop_id)
    {
    case PROP_CLIENT:
      msi_checklist_page_set_client (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
msi_checklist_page_class_init (MsiChecklistPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = msi_checklist_page_dispose;
  object_class->get_property = msi_checklist_page_get_property;
  object_class->set_property = msi_checklist_page_set_property;

  properties[PROP_CLIENT] =
    g_param_spec_object ("client", NULL, NULL,
                         MSI_TYPE_ACTIONS_CLIENT,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_STATE] =
    g_param_spec_uint ("state", NULL, NULL,
                       MSI_CHECKLIST_STATE_EMPTY, MSI_CHECKLIST_STATE_ERROR, MSI_CHECKLIST_STATE_EMPTY,
                       (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/msi-checklist-page.ui");
  gtk_widget_class_bind_template_child (widget_class, MsiChecklistPage, spinner);
  gtk_widget_class_bind_template_child (widget_class, MsiChecklistPage, error_page);
  gtk_widget_class_bind_template_child (widget_class, MsiChecklistPage, summary_label);
  gtk_widget_class_bind_template_child (widget_class, MsiChecklistPage, progress);
  gtk_widget_class_bind_template_child (widget_class, MsiChecklistPage, list);

  gtk_widget_class_install_action (widget_class, "checklist.reload", NULL, reload_action);
}

static void
msi_checklist_page_init (MsiChecklistPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  /* The bin's own child, not a template child: disposing the template
   * would unparent it behind AdwBin's back (a critical when the window
   * is destroyed). */
  self->stack = GTK_STACK (adw_bin_get_child (ADW_BIN (self)));
}
