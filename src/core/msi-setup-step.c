/* SPDX-License-Identifier: GPL-3.0-or-later */
/* msi-setup-step.c: one step of the admin setup checklist and its status */

#define G_LOG_DOMAIN "msi-setup-step"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "msi-error.h"
#include "msi-json.h"
#include "msi-setup-step.h"

struct _MsiSetupStep
{
  GObject         parent_instance;

  const char     *id;
  const char     *title;       /* untranslated; translated on read */
  guint           position;
  MsiPersona      persona;
  MsiSetupStatus  status;
  char           *status_label;
  char           *detail;
};

enum {
  PROP_0,
  PROP_ID,
  PROP_POSITION,
  PROP_TITLE,
  PROP_PERSONA_LABEL,
  PROP_STATUS,
  PROP_STATUS_LABEL,
  PROP_DETAIL,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (MsiSetupStep, msi_setup_step, G_TYPE_OBJECT)

/* The seven steps of the admin guide, in its order, with its personas. */
static const struct {
  const char *id;
  const char *title;
  MsiPersona  persona;
} steps[MSI_SETUP_N_STEPS] = {
  { "activate-account", N_("Set up the Marketo Sales account"), MSI_PERSONA_MARKETO_ADMIN },
  { "connect-salesforce", N_("Connect the Sales account to Salesforce"), MSI_PERSONA_MARKETO_OR_SALESFORCE_ADMIN },
  { "connect-marketo", N_("Connect the Sales account to Marketo"), MSI_PERSONA_MARKETO_ADMIN },
  { "data-sync", N_("Start the data sync from Marketo"), MSI_PERSONA_MARKETO_ADMIN },
  { "invite-users", N_("Invite users to MSI Actions"), MSI_PERSONA_MARKETO_ADMIN },
  { "salesforce-package", N_("Install or upgrade the MSI package in Salesforce"), MSI_PERSONA_SALESFORCE_ADMIN },
  { "salesforce-configuration", N_("Configure MSI Actions in Salesforce"), MSI_PERSONA_SALESFORCE_ADMIN },
};

const char *
msi_persona_get_label (MsiPersona persona)
{
  switch (persona)
    {
    case MSI_PERSONA_MARKETO_ADMIN:
      return _("Marketo Admin");
    case MSI_PERSONA_MARKETO_OR_SALESFORCE_ADMIN:
      return _("Marketo Admin or Salesforce Admin");
    case MSI_PERSONA_SALESFORCE_ADMIN:
      return _("Salesforce Admin");
    default:
      g_return_val_if_reached (NULL);
    }
}

static void
msi_setup_step_finalize (GObject *object)
{
  MsiSetupStep *self = (MsiSetupStep *)object;

  g_clear_pointer (&self->status_label, g_free);
  g_clear_pointer (&self->detail, g_free);

  G_OBJECT_CLASS (msi_setup_step_parent_class)->finalize (object);
}

static void
msi_setup_step_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  MsiSetupStep *self = MSI_SETUP_STEP (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_string (value, self->id);
      break;

    case PROP_POSITION:
      g_value_set_uint (value, self->position);
      break;

    case PROP_TITLE:
      g_value_set_string (value, msi_setup_step_get_title (self));
      break;

    case PROP_PERSONA_LABEL:
      g_value_set_string (value, msi_persona_get_label (self->persona));
      break;

    case PROP_STATUS:
      g_value_set_uint (value, self->status);
      break;

    case PROP_STATUS_LABEL:
      g_value_set_string (value, msi_setup_step_get_status_label (self));
      break;

    case PROP_DETAIL:
      g_value_set_string (value, self->detail);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
msi_setup_step_class_init (MsiSetupStepClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = msi_setup_step_finalize;
  object_class->get_property = msi_setup_step_get_property;

  properties[PROP_ID] =
    g_param_spec_string ("id", NULL, NULL, NULL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  properties[PROP_POSITION] =
    g_param_spec_uint ("position", NULL, NULL, 1, MSI_SETUP_N_STEPS, 1,
                       (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  properties[PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL, NULL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  properties[PROP_PERSONA_LABEL] =
    g_param_spec_string ("persona-label", NULL, NULL, NULL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  properties[PROP_STATUS] =
    g_param_spec_uint ("status", NULL, NULL,
                       MSI_SETUP_STATUS_UNKNOWN, MSI_SETUP_STATUS_DONE, MSI_SETUP_STATUS_UNKNOWN,
                       (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_STATUS_LABEL] =
    g_param_spec_string ("status-label", NULL, NULL, NULL,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_DETAIL] =
    g_param_spec_string ("detail", NULL, NULL, NULL,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
msi_setup_step_init (MsiSetupStep *self)
{
}

/**
 * msi_setup_step_new_checklist:
 *
 * Returns: (transfer full): the seven steps of the admin guide, in order,
 *   with an unknown status.
 */
GListStore *
msi_setup_step_new_checklist (void)
{
  GListStore *store = g_list_store_new (MSI_TYPE_SETUP_STEP);

  for (guint i = 0; i < MSI_SETUP_N_STEPS; i++)
    {
      g_autoptr(MsiSetupStep) step = g_object_new (MSI_TYPE_SETUP_STEP, NULL);

      step->id = steps[i].id;
      step->title = steps[i].title;
      step->persona = steps[i].persona;
      step->position = i + 1;
      g_list_store_append (store, step);
    }

  return store;
}

static void
set_status (MsiSetupStep   *self,
            MsiSetupStatus  status,
            char           *label,
            char           *detail)
{
  g_autofree char *owned_label = label;
  g_autofree char *owned_detail = detail;

  g_object_freeze_notify (G_OBJECT (self));

  if (self->status != status)
    {
      self->status = status;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATUS]);
    }
  if (g_strcmp0 (self->status_label, label) != 0)
    {
      g_free (self->status_label);
      self->status_label = g_steal_pointer (&owned_label);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATUS_LABEL]);
    }
  if (g_strcmp0 (self->detail, detail) != 0)
    {
      g_free (self->detail);
      self->detail = g_steal_pointer (&owned_detail);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DETAIL]);
    }

  g_object_thaw_notify (G_OBJECT (self));
}

/* --- reading the service's replies --------------------------------------- */

static gboolean
shape_error (GError     **error,
             const char  *what)
{
  g_set_error (error, MSI_HTTP_ERROR, MSI_HTTP_ERROR_INVALID_RESPONSE,
               _("The Sales account service sent an incomplete reply: “%s” is missing or has the wrong type."),
               what);
  return FALSE;
}

static char *
unknown_state (const char *state)
{
  /* TRANSLATORS: %s is a state name the service sent that this version of the app does not know */
  return g_strdup_printf (_("The service reported “%s”, which this version does not know."), state);
}

static void
update_connection (MsiSetupStep *step,
                   JsonObject   *connection)
{
  const char *status = msi_json_get_string (connection, "status");
  JsonObject *account = msi_json_get_object (connection, "account");

  if (g_strcmp0 (status, "connected") == 0)
    {
      const char *who = msi_json_get_string (account, "username");

      if (who == NULL)
        who = msi_json_get_string (account, "munchkinId");
      set_status (step, MSI_SETUP_STATUS_DONE, g_strdup (_("Connected")),
                  who ? g_strdup_printf (_("Connected as %s"), who) : NULL);
    }
  else if (g_strcmp0 (status, "error") == 0)
    {
      JsonObject *problem = msi_json_get_object (connection, "error");
      const char *title = msi_json_get_string (problem, "title");

      set_status (step, MSI_SETUP_STATUS_ATTENTION, g_strdup (_("Needs attention")),
                  g_strdup (title ? title : _("The connection stopped working.")));
    }
  else if (g_strcmp0 (status, "disconnected") == 0)
    set_status (step, MSI_SETUP_STATUS_NOT_DONE, g_strdup (_("Not connected")), NULL);
  else
    set_status (step, MSI_SETUP_STATUS_UNKNOWN, g_strdup (_("Unknown")), unknown_state (status));
}

static void
update_account_step (MsiSetupStep *step,
                     JsonObject   *account)
{
  const char *id = step->id;

  if (g_str_equal (id, "activate-account"))
    {
      JsonObject *activation = msi_json_get_object (account, "activation");
      const char *state = msi_json_get_string (activation, "state");
      gint64 invited = 0;

      msi_json_get_int (activation, "invitedAdmins", &invited);
      if (g_strcmp0 (state, "activated") == 0)
        set_status (step, MSI_SETUP_STATUS_DONE, g_strdup (_("Activated")), NULL);
      else if (g_strcmp0 (state, "invited") == 0)
        set_status (step, MSI_SETUP_STATUS_IN_PROGRESS, g_strdup (_("Invitation sent")),
                    g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                  "%d admin invited, waiting for them to accept",
                                                  "%d admins invited, waiting for one to accept",
                                                  invited),
                                     (int)invited));
      else if (g_strcmp0 (state, "not-activated") == 0)
        set_status (step, MSI_SETUP_STATUS_NOT_DONE, g_strdup (_("Not activated")), NULL);
      else
        set_status (step, MSI_SETUP_STATUS_UNKNOWN, g_strdup (_("Unknown")), unknown_state (state));
    }
  else if (g_str_equal (id, "data-sync"))
    {
      const char *state = msi_json_get_string (msi_json_get_object (account, "sync"), "state");

      if (g_strcmp0 (state, "completed") == 0)
        set_status (step, MSI_SETUP_STATUS_DONE, g_strdup (_("Synced")), NULL);
      else if (g_strcmp0 (state, "running") == 0)
        set_status (step, MSI_SETUP_STATUS_IN_PROGRESS, g_strdup (_("Syncing")), NULL);
      else if (g_strcmp0 (state, "failed") == 0)
        set_status (step, MSI_SETUP_STATUS_ATTENTION, g_strdup (_("Sync failed")), NULL);
      else if (g_strcmp0 (state, "never") == 0)
        set_status (step, MSI_SETUP_STATUS_NOT_DONE, g_strdup (_("Not started")), NULL);
      else
        set_status (step, MSI_SETUP_STATUS_UNKNOWN, g_strdup (_("Unknown")), unknown_state (state));
    }
  else if (g_str_equal (id, "invite-users"))
    {
      gint64 invited = 0;

      msi_json_get_int (msi_json_get_object (account, "usage"), "invitedUsers", &invited);
      if (invited > 0)
        set_status (step, MSI_SETUP_STATUS_DONE,
                    g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d user invited",
                                                  "%d users invited", invited),
                                     (int)invited),
                    NULL);
      else
        set_status (step, MSI_SETUP_STATUS_NOT_DONE, g_strdup (_("No users invited")), NULL);
    }
  else if (g_str_equal (id, "salesforce-package"))
    {
      JsonObject *package = msi_json_get_object (account, "salesforcePackage");
      const char *state = msi_json_get_string (package, "state");
      const char *installed = msi_json_get_string (package, "installedVersion");
      const char *required = msi_json_get_string (package, "requiredVersion");

      if (g_strcmp0 (state, "current") == 0)
        set_status (step, MSI_SETUP_STATUS_DONE, g_strdup (_("Installed")),
                    installed ? g_strdup_printf (_("Version %s"), installed) : NULL);
      else if (g_strcmp0 (state, "outdated") == 0)
        set_status (step, MSI_SETUP_STATUS_ATTENTION, g_strdup (_("Upgrade needed")),
                    g_strdup_printf (_("Version %s is installed; %s is required"),
                                     installed ? installed : "?", required ? required : "?"));
      else if (g_strcmp0 (state, "not-installed") == 0)
        set_status (step, MSI_SETUP_STATUS_NOT_DONE, g_strdup (_("Not installed")), NULL);
      else if (g_strcmp0 (state, "unknown") == 0)
        set_status (step, MSI_SETUP_STATUS_NOT_DONE, g_strdup (_("Not checked")),
                    g_strdup (_("Checked once Salesforce is connected")));
      else
        set_status (step, MSI_SETUP_STATUS_UNKNOWN, g_strdup (_("Unknown")), unknown_state (state));
    }
  else if (g_str_equal (id, "salesforce-configuration"))
    {
      JsonObject *config = msi_json_get_object (account, "salesforceConfiguration");
      const char *state = msi_json_get_string (config, "state");
      gint64 done = 0, total = 0;

      msi_json_get_int (config, "completedItems", &done);
      msi_json_get_int (config, "totalItems", &total);
      if (g_strcmp0 (state, "done") == 0)
        set_status (step, MSI_SETUP_STATUS_DONE, g_strdup (_("Configured")), NULL);
      else if (g_strcmp0 (state, "in-progress") == 0)
        set_status (step, MSI_SETUP_STATUS_IN_PROGRESS, g_strdup (_("In progress")),
                    /* TRANSLATORS: progress of a checklist, e.g. "2 of 6 items done" */
                    g_strdup_printf (_("%d of %d items done"), (int)done, (int)total));
      else if (g_strcmp0 (state, "not-started") == 0)
        set_status (step, MSI_SETUP_STATUS_NOT_DONE, g_strdup (_("Not started")), NULL);
      else
        set_status (step, MSI_SETUP_STATUS_UNKNOWN, g_strdup (_("Unknown")), unknown_state (state));
    }
}

/**
 * msi_setup_steps_update_from_json:
 * @steps: the model from msi_setup_step_new_checklist()
 * @account: the reply of GET /api/v1/account
 * @connections: the reply of GET /api/v1/connections
 *
 * Checks the shape of both replies before it changes anything: on error
 * the steps keep their previous status.
 */
gboolean
msi_setup_steps_update_from_json (GListModel  *steps_model,
                                  JsonNode    *account,
                                  JsonNode    *connections,
                                  GError     **error)
{
  static const char * const account_objects[] = {
    "activation", "limits", "usage", "sync", "salesforcePackage", "salesforceConfiguration",
  };
  JsonObject *account_object;
  JsonObject *by_service[2] = { NULL, NULL };
  JsonArray *array;
  JsonNode *list;

  g_return_val_if_fail (G_IS_LIST_MODEL (steps_model), FALSE);
  g_return_val_if_fail (g_list_model_get_n_items (steps_model) == MSI_SETUP_N_STEPS, FALSE);

  if (account == NULL || !JSON_NODE_HOLDS_OBJECT (account))
    return shape_error (error, "account");
  account_object = json_node_get_object (account);
  for (guint i = 0; i < G_N_ELEMENTS (account_objects); i++)
    if (msi_json_get_object (account_object, account_objects[i]) == NULL)
      return shape_error (error, account_objects[i]);
  if (msi_json_get_string (msi_json_get_object (account_object, "activation"), "state") == NULL)
    return shape_error (error, "activation.state");

  if (connections == NULL || !JSON_NODE_HOLDS_OBJECT (connections))
    return shape_error (error, "connections");
  list = json_object_get_member (json_node_get_object (connections), "connections");
  if (list == NULL || !JSON_NODE_HOLDS_ARRAY (list))
    return shape_error (error, "connections");
  array = json_node_get_array (list);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *element = json_array_get_element (array, i);
      const char *service;

      if (!JSON_NODE_HOLDS_OBJECT (element))
        return shape_error (error, "connections[]");
      service = msi_json_get_string (json_node_get_object (element), "service");
      if (g_strcmp0 (service, "salesforce") == 0)
        by_service[0] = json_node_get_object (element);
      else if (g_strcmp0 (service, "marketo") == 0)
        by_service[1] = json_node_get_object (element);
    }
  if (by_service[0] == NULL)
    return shape_error (error, "connections[salesforce]");
  if (by_service[1] == NULL)
    return shape_error (error, "connections[marketo]");

  for (guint i = 0; i < MSI_SETUP_N_STEPS; i++)
    {
      g_autoptr(MsiSetupStep) step = g_list_model_get_item (steps_model, i);

      if (g_str_equal (step->id, "connect-salesforce"))
        update_connection (step, by_service[0]);
      else if (g_str_equal (step->id, "connect-marketo"))
        update_connection (step, by_service[1]);
      else
        update_account_step (step, account_object);
    }

  return TRUE;
}

guint
msi_setup_steps_count_done (GListModel *steps_model)
{
  guint done = 0;

  g_return_val_if_fail (G_IS_LIST_MODEL (steps_model), 0);

  for (guint i = 0; i < g_list_model_get_n_items (steps_model); i++)
    {
      g_autoptr(MsiSetupStep) step = g_list_model_get_item (steps_model, i);

      if (step->status == MSI_SETUP_STATUS_DONE)
        done++;
    }

  return done;
}

const char *
msi_setup_step_get_id (MsiSetupStep *self)
{
  g_return_val_if_fail (MSI_IS_SETUP_STEP (self), NULL);
  return self->id;
}

guint
msi_setup_step_get_position (MsiSetupStep *self)
{
  g_return_val_if_fail (MSI_IS_SETUP_STEP (self), 0);
  return self->position;
}

const char *
msi_setup_step_get_title (MsiSetupStep *self)
{
  g_return_val_if_fail (MSI_IS_SETUP_STEP (self), NULL);
  return g_dgettext (GETTEXT_PACKAGE, self->title);
}

MsiPersona
msi_setup_step_get_persona (MsiSetupStep *self)
{
  g_return_val_if_fail (MSI_IS_SETUP_STEP (self), 0);
  return self->persona;
}

MsiSetupStatus
msi_setup_step_get_status (MsiSetupStep *self)
{
  g_return_val_if_fail (MSI_IS_SETUP_STEP (self), MSI_SETUP_STATUS_UNKNOWN);
  return self->status;
}

const char *
msi_setup_step_get_status_label (MsiSetupStep *self)
{
  g_return_val_if_fail (MSI_IS_SETUP_STEP (self), NULL);
  return self->status_label ? self->status_label : _("Checking…");
}

const char *
msi_setup_step_get_detail (MsiSetupStep *self)
{
  g_return_val_if_fail (MSI_IS_SETUP_STEP (self), NULL);
  return self->detail;
}
