/* SPDX-License-Identifier: GPL-3.0-or-later */
/* msi-connection-page.c: the Sales account's connection to Salesforce or Marketo */

#define G_LOG_DOMAIN "msi-connection-page"

#include "config.h"

#include <glib/gi18n.h>

#include "msi-connection-page.h"
#include "msi-consent-dialog.h"
#include "msi-json.h"
#include "msi-problem-types.h"
#include "msi-service-connection.h"
#include "msi-ui-util.h"

/*
 * The admin guide's steps "Connect the Marketo Sales account to Salesforce"
 * (Settings → Salesforce → Connections & customizations → Connect → OK; if
 * already signed in to Salesforce it connects at once) and "Connect Marketo"
 * (Settings → Marketo → Connect; when that fails, paste the data of
 * Marketo's Actions Config tab in the Set Up tab). One page type serves
 * both: the status, who connected and when, Disconnect, and an explanation
 * of any problem with what to do about it.
 */

/* A problem type, or a local reason, and what a person should do. */
typedef struct
{
  const char *type;
  const char *title;
  const char *advice;
  const char *button_label;  /* optional */
  const char *button_action; /* detailed action name */
} Explanation;

/* Local reasons that have no problem type. */
#define PROBLEM_DENIED  "local:denied"
#define PROBLEM_NETWORK "local:network"

static const Explanation explanations[] = {
  { PROBLEM_DENIED,
    N_("Salesforce access was not allowed"),
    N_("The connection needs your permission: choose Connect again and select Allow. If Salesforce says the app is blocked, ask your Salesforce admin to allow it for your profile."),
    NULL, NULL },
  { MSI_PROBLEM_SALESFORCE_ACCESS_DENIED,
    N_("Salesforce access was not allowed"),
    N_("Your Salesforce admin has not allowed the Sales account for your profile, or the permission was withdrawn. Ask them to allow it, then connect again."),
    NULL, NULL },
  { MSI_PROBLEM_CONNECTION_REFUSED,
    N_("Salesforce refused the connection"),
    N_("The sign-in took too long or was used twice. Choose Connect to try again."),
    NULL, NULL },
  { MSI_PROBLEM_SALESFORCE_WRONG_ORG_TYPE,
    N_("This is not your production org"),
    N_("The Sales account connects to your company’s production Salesforce org, and you signed in to a sandbox or trial org. Sign in with your production user and connect again."),
    NULL, NULL },
  { MSI_PROBLEM_SALESFORCE_API_DISABLED_ORG,
    N_("This Salesforce edition has no API access"),
    N_("The Sales account reads Salesforce through its API, which your org’s edition does not include (for example Professional Edition without the API add-on). Connect an Enterprise, Unlimited or Performance Edition org, or ask Salesforce about API access."),
    NULL, NULL },
  { MSI_PROBLEM_SALESFORCE_API_DISABLED_USER,
    N_("Your Salesforce profile lacks “API Enabled”"),
    N_("Ask your Salesforce admin to turn on API Enabled for your profile (Setup → Profiles → your profile → System Permissions) or in a permission set, then connect again."),
    NULL, NULL },
  { MSI_PROBLEM_MARKETO_NOT_ACTIVATED,
    N_("Activate the Sales account first"),
    N_("The automatic connection uses the Marketo credentials given at activation. Activate the Sales account, or paste the data from Marketo’s Actions Config tab below."),
    N_("_Activate…"), "win.show-page::activation" },
  { MSI_PROBLEM_MARKETO_UNREACHABLE,
    N_("The Sales account could not reach Marketo"),
    N_("Connect by hand instead: copy the data from Marketo’s Actions Config tab (Admin → Sales Insight → Actions Config) and paste it below."),
    NULL, NULL },
  { MSI_PROBLEM_MARKETO_INVALID_CREDENTIALS,
    N_("Marketo refused the Client ID and Client Secret"),
    N_("Copy them again from the Actions Config tab. A Client Secret that was regenerated in Marketo no longer works."),
    NULL, NULL },
  { MSI_PROBLEM_MARKETO_ACCESS_DENIED,
    N_("Marketo denied access"),
    N_("The API user’s role in Marketo lacks a permission the Sales account needs. Ask a Marketo admin to check the role under Admin → Users & Roles."),
    NULL, NULL },
  { MSI_PROBLEM_MARKETO_WRONG_INSTANCE,
    N_("This is another Marketo instance"),
    N_("The Munchkin ID is not the one of the Marketo instance this Sales account belongs to. Copy the data from the right instance’s Actions Config tab."),
    NULL, NULL },
  { PROBLEM_NETWORK,
    N_("The Sales account could not be reached"),
    N_("Check the network connection, then choose Connect again."),
    NULL, NULL },
};

struct _MsiConnectionPage
{
  AdwBin                 parent_instance;

  char                  *service;
  MsiActionsAdmin       *admin;
  GCancellable          *cancellable;
  GCancellable          *reload_cancellable;
  char                  *status;
  char                  *problem;
  MsiMarketoCredentials *pasted;
  gboolean               busy;     /* connecting or disconnecting */
  gboolean               loading;  /* reading the status */

  /* Template widgets */
  GtkLabel              *intro_label;
  AdwPreferencesGroup   *status_group;
  GtkSpinner            *spinner;
  AdwActionRow          *status_row;
  GtkImage              *status_icon;
  AdwActionRow          *org_row;
  AdwActionRow          *user_row;
  AdwActionRow          *when_row;
  GtkWidget             *problem_group;
  AdwActionRow          *problem_row;
  GtkButton             *problem_button;
  GtkWidget             *connect_button;
  GtkWidget             *disconnect_button;
  GtkWidget             *setup_group;
  GtkTextView           *paste_view;
  AdwActionRow          *parsed_munchkin_row;
  GtkImage              *parsed_munchkin_icon;
  AdwActionRow          *parsed_client_id_row;
  GtkImage              *parsed_client_id_icon;
  AdwActionRow          *parsed_secret_row;
  GtkImage              *parsed_secret_icon;
};

enum {
  PROP_0,
  PROP_SERVICE,
  PROP_STATUS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (MsiConnectionPage, msi_connection_page, ADW_TYPE_BIN)

static gboolean
is_salesforce (MsiConnectionPage *self)
{
  return g_strcmp0 (self->service, "salesforce") == 0;
}

static const char *
service_name (MsiConnectionPage *self)
{
  return is_salesforce (self) ? "Salesforce" : "Marketo";
}

static void
set_row_text (AdwActionRow *row,
              const char   *title,
              const char   *subtitle)
{
  g_autofree char *escaped = subtitle ? g_markup_escape_text (subtitle, -1) : NULL;

  if (title != NULL)
    adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (row, escaped ? escaped : "");
  gtk_widget_set_visible (GTK_WIDGET (row), subtitle != NULL && *subtitle != '\0');
}

static void
update_actions (MsiConnectionPage *self)
{
  gboolean connected = g_strcmp0 (self->status, "connected") == 0;
  gboolean known = self->status != NULL;

  gtk_widget_set_visible (self->connect_button, !connected);
  gtk_widget_set_visible (self->disconnect_button, connected || g_strcmp0 (self->status, "error") == 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "connection.connect",
                                 self->admin != NULL && known && !connected && !self->busy);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "connection.disconnect",
                                 self->admin != NULL && known && !self->busy);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "connection.connect-pasted",
                                 self->admin != NULL && self->pasted != NULL && !self->busy);
  gtk_spinner_set_spinning (self->spinner, self->busy || self->loading);
}

static void
set_busy (MsiConnectionPage *self,
          gboolean           busy)
{
  /* A connection or disconnection replies with the new state itself. */
  if (busy)
    {
      g_cancellable_cancel (self->reload_cancellable);
      self->loading = FALSE;
    }
  self->busy = busy;
  update_actions (self);
}

/* --- problems -------------------------------------------------------------- */

static void
show_problem (MsiConnectionPage *self,
              const char        *type,
              const char        *title,
              const char        *detail)
{
  const Explanation *explanation = NULL;
  g_autofree char *escaped_title = NULL;
  g_autofree char *escaped_advice = NULL;

  g_free (self->problem);
  self->problem = g_strdup (type);

  if (type == NULL && title == NULL)
    {
      gtk_widget_set_visible (self->problem_group, FALSE);
      return;
    }

  for (guint i = 0; type != NULL && i < G_N_ELEMENTS (explanations); i++)
    {
      if (g_str_equal (explanations[i].type, type))
        explanation = &explanations[i];
    }

  if (explanation != NULL)
    {
      escaped_title = g_markup_escape_text (_(explanation->title), -1);
      escaped_advice = g_markup_escape_text (_(explanation->advice), -1);
    }
  else
    {
      /* A problem this version does not know: the service's own words. */
      escaped_title = g_markup_escape_text (title ? title : _("The connection does not work"), -1);
      escaped_advice = g_markup_escape_text (detail ? detail : "", -1);
    }

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->problem_row), escaped_title);
  adw_action_row_set_subtitle (self->problem_row, escaped_advice);
  gtk_widget_set_visible (GTK_WIDGET (self->problem_button),
                          explanation != NULL && explanation->button_label != NULL);
  if (explanation != NULL && explanation->button_label != NULL)
    {
      g_autofree char *name = NULL;
      g_autoptr(GVariant) target = NULL;

      gtk_button_set_label (self->problem_button, _(explanation->button_label));

      /* The target before the name: the button is in the window, and
       * gtk_actionable_set_detailed_action_name() sets the name first,
       * so GTK warns that win.show-page (which takes a string) cannot be
       * activated without one. */
      if (!g_action_parse_detailed_name (explanation->button_action, &name, &target, NULL))
        g_assert_not_reached ();
      gtk_actionable_set_action_name (GTK_ACTIONABLE (self->problem_button), NULL);
      gtk_actionable_set_action_target_value (GTK_ACTIONABLE (self->problem_button), target);
      gtk_actionable_set_action_name (GTK_ACTIONABLE (self->problem_button), name);
    }
  gtk_widget_set_visible (self->problem_group, TRUE);

  /* Every Marketo problem can be worked around by pasting. */
  if (!is_salesforce (self))
    gtk_widget_set_visible (self->setup_group, TRUE);
}

static void
show_error (MsiConnectionPage *self,
            const GError      *error)
{
  if (error->domain == MSI_HTTP_ERROR &&
      (error->code == MSI_HTTP_ERROR_NETWORK || error->code == MSI_HTTP_ERROR_TIMEOUT))
    {
      show_problem (self, PROBLEM_NETWORK, NULL, NULL);
      return;
    }

  if (error->domain == MSI_ACTIONS_ADMIN_ERROR)
    {
      static const char * const types[] = {
        [MSI_ACTIONS_ADMIN_ERROR_MARKETO_NOT_ACTIVATED] = MSI_PROBLEM_MARKETO_NOT_ACTIVATED,
        [MSI_ACTIONS_ADMIN_ERROR_MARKETO_INVALID_CREDENTIALS] = MSI_PROBLEM_MARKETO_INVALID_CREDENTIALS,
        [MSI_ACTIONS_ADMIN_ERROR_MARKETO_ACCESS_DENIED] = MSI_PROBLEM_MARKETO_ACCESS_DENIED,
        [MSI_ACTIONS_ADMIN_ERROR_MARKETO_UNREACHABLE] = MSI_PROBLEM_MARKETO_UNREACHABLE,
        [MSI_ACTIONS_ADMIN_ERROR_MARKETO_WRONG_INSTANCE] = MSI_PROBLEM_MARKETO_WRONG_INSTANCE,
      };

      if (error->code >= 0 && (guint)error->code < G_N_ELEMENTS (types) && types[error->code] != NULL)
        {
          show_problem (self, types[error->code], NULL, NULL);
          return;
        }
    }

  show_problem (self, "local:other", _("The connection does not work"), error->message);
}

/* --- status ---------------------------------------------------------------- */

static void
set_status (MsiConnectionPage *self,
            const char        *status)
{
  if (g_strcmp0 (self->status, status) == 0)
    return;

  g_free (self->status);
  self->status = g_strdup (status);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATUS]);
}

static void
show_connection (MsiConnectionPage *self,
                 JsonObject        *connection)
{
  const char *status = msi_json_get_string (connection, "status");
  JsonObject *account = msi_json_get_object (connection, "account");
  JsonObject *problem = msi_json_get_object (connection, "error");
  g_autofree char *when = msi_format_iso_date (msi_json_get_string (connection, "connectedAt"));
  g_autofree char *org = NULL;
  g_autofree char *user = NULL;
  const char *title;
  const char *icon;
  g_autofree char *subtitle = NULL;

  if (g_strcmp0 (status, "connected") == 0)
    {
      /* TRANSLATORS: %s is "Salesforce" or "Marketo" */
      title = _("Connected");
      subtitle = g_strdup_printf (_("The Sales account works with your %s."), service_name (self));
      icon = "emblem-ok-symbolic";
    }
  else if (g_strcmp0 (status, "error") == 0)
    {
      title = _("Needs attention");
      subtitle = g_strdup (_("The connection does not work. The reason, and what to do, are below."));
      icon = "dialog-warning-symbolic";
    }
  else if (g_strcmp0 (status, "disconnected") == 0)
    {
      title = _("Not connected");
      subtitle = g_strdup_printf (_("Choose Connect to link the Sales account to %s."), service_name (self));
      icon = "network-offline-symbolic";
    }
  else
    {
      title = _("Unknown");
      /* TRANSLATORS: %s is a connection state sent by the service */
      subtitle = g_strdup_printf (_("The service reported “%s”, which this version does not know."),
                                  status ? status : "");
      icon = "dialog-question-symbolic";
    }

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->status_row), title);
  {
    g_autofree char *escaped = g_markup_escape_text (subtitle, -1);

    adw_action_row_set_subtitle (self->status_row, escaped);
  }
  gtk_image_set_from_icon_name (self->status_icon, icon);

  if (is_salesforce (self))
    {
      const char *org_name = msi_json_get_string (account, "organizationName");
      const char *org_id = msi_json_get_string (account, "organizationId");

      if (org_name != NULL && org_id != NULL)
        /* TRANSLATORS: an organization name, then its id */
        org = g_strdup_printf (_("%s (%s)"), org_name, org_id);
      else
        org = g_strdup (org_name ? org_name : org_id);
      user = g_strdup (msi_json_get_string (account, "username"));
      set_row_text (self->org_row, _("Organization"), org);
      set_row_text (self->user_row, _("Connected as"), user);
    }
  else
    {
      const char *munchkin = msi_json_get_string (account, "munchkinId");
      const char *instance = msi_json_get_string (account, "instanceUrl");

      if (munchkin != NULL && instance != NULL)
        org = g_strdup_printf (_("%s (%s)"), munchkin, instance);
      else
        org = g_strdup (munchkin);
      set_row_text (self->org_row, _("Marketo instance"), org);
      set_row_text (self->user_row, _("API user"), msi_json_get_string (account, "apiUser"));
    }

  if (when != NULL && msi_json_get_string (connection, "connectedBy") != NULL)
    {
      /* TRANSLATORS: a date and time, then the e-mail of the admin who connected */
      g_autofree char *text = g_strdup_printf (_("%s by %s"), when, msi_json_get_string (connection, "connectedBy"));

      set_row_text (self->when_row, NULL, text);
    }
  else
    set_row_text (self->when_row, NULL, when);

  if (g_strcmp0 (status, "error") == 0)
    show_problem (self, msi_json_get_string (problem, "type"), msi_json_get_string (problem, "title"),
                  msi_json_get_string (problem, "detail"));
  else if (g_strcmp0 (status, "connected") == 0)
    show_problem (self, NULL, NULL, NULL);

  if (g_strcmp0 (status, "connected") == 0)
    gtk_widget_set_visible (self->setup_group, FALSE);

  set_status (self, status);
  update_actions (self);
}

static void
connections_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(MsiConnectionPage) self = user_data;
  g_autoptr(JsonArray) connections = NULL;
  g_autoptr(GError) error = NULL;

  connections = msi_actions_admin_get_connections_finish (MSI_ACTIONS_ADMIN (object), result, &error);
  if (connections == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          self->loading = FALSE;
          update_actions (self);
          show_error (self, error);
        }
      return;
    }

  self->loading = FALSE;
  update_actions (self);

  for (guint i = 0; i < json_array_get_length (connections); i++)
    {
      JsonNode *node = json_array_get_element (connections, i);

      if (JSON_NODE_HOLDS_OBJECT (node) &&
          g_strcmp0 (msi_json_get_string (json_node_get_object (node), "service"), self->service) == 0)
        {
          show_connection (self, json_node_get_object (node));
          return;
        }
    }

  show_problem (self, "local:other", _("The connection does not work"),
                _("The Sales account did not list this connection."));
}

void
msi_connection_page_reload (MsiConnectionPage *self)
{
  g_return_if_fail (MSI_IS_CONNECTION_PAGE (self));

  if (self->admin == NULL)
    return;

  /* Only the newest reading counts: an older one could undo a change. */
  g_cancellable_cancel (self->reload_cancellable);
  g_clear_object (&self->reload_cancellable);
  self->reload_cancellable = g_cancellable_new ();
  g_signal_connect_object (self->cancellable, "cancelled",
                           G_CALLBACK (g_cancellable_cancel), self->reload_cancellable,
                           G_CONNECT_SWAPPED);
  self->loading = TRUE;
  update_actions (self);
  msi_actions_admin_get_connections_async (self->admin, self->reload_cancellable,
                                           connections_cb, g_object_ref (self));
}

/* --- Salesforce: the service connection in the consent view ---------------- */

static gboolean
connection_matches_cb (const char *uri,
                       gpointer    user_data)
{
  return msi_service_connection_is_callback (MSI_SERVICE_CONNECTION (user_data), uri);
}

/* Salesforce sends error=access_denied to the callback when the person
 * chose Deny. */
static gboolean
uri_says_denied (const char *uri)
{
  g_autoptr(GUri) parsed = g_uri_parse (uri, G_URI_FLAGS_ENCODED_QUERY, NULL);
  g_autoptr(GHashTable) query = NULL;

  if (parsed == NULL || g_uri_get_query (parsed) == NULL)
    return FALSE;

  query = g_uri_parse_params (g_uri_get_query (parsed), -1, "&", G_URI_PARAMS_NONE, NULL);
  return query != NULL && g_strcmp0 (g_hash_table_lookup (query, "error"), "access_denied") == 0;
}

static void
salesforce_status_cb (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(MsiConnectionPage) self = user_data;
  g_autoptr(JsonObject) connection = NULL;
  g_autoptr(GError) error = NULL;
  gboolean denied = GPOINTER_TO_INT (g_object_get_data (object, "msi-denied"));

  connection = msi_service_connection_read_status_finish (MSI_SERVICE_CONNECTION (object), result, &error);
  set_busy (self, FALSE);
  msi_setup_changed (GTK_WIDGET (self));
  if (connection == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        show_error (self, error);
      return;
    }

  show_connection (self, connection);
  if (g_strcmp0 (self->status, "connected") == 0)
    msi_show_toast (GTK_WIDGET (self), _("Connected to Salesforce"));
  else if (denied)
    show_problem (self, PROBLEM_DENIED, NULL, NULL);
}

static void
salesforce_consent_cb (GObject      *object,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr(MsiServiceConnection) connection = user_data;
  MsiConsentDialog *dialog = MSI_CONSENT_DIALOG (object);
  MsiConnectionPage *self = g_object_get_data (G_OBJECT (connection), "msi-page");
  g_autoptr(GError) error = NULL;
  g_autofree char *uri = NULL;

  uri = msi_consent_dialog_run_finish (dialog, result, &error);
  if (self == NULL)
    return;

  if (uri == NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      set_busy (self, FALSE);
      show_error (self, error);
      return;
    }

  g_object_set_data (G_OBJECT (connection), "msi-denied", GINT_TO_POINTER (uri != NULL && uri_says_denied (uri)));

  /* Whatever the page said, the service's status is what counts. */
  msi_service_connection_read_status_async (connection, self->cancellable,
                                            salesforce_status_cb, g_object_ref (self));
}

static void
salesforce_begun_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(MsiConnectionPage) self = user_data;
  MsiServiceConnection *connection = MSI_SERVICE_CONNECTION (object);
  g_autoptr(GError) error = NULL;
  MsiConsentDialog *dialog;
  MsiProfile *profile;
  GtkRoot *root;
  const char *origins[3];

  if (!msi_service_connection_begin_finish (connection, result, &error))
    {
      set_busy (self, FALSE);
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        show_error (self, error);
      return;
    }

  root = gtk_widget_get_root (GTK_WIDGET (self));
  if (!GTK_IS_WINDOW (root))
    {
      set_busy (self, FALSE);
      return;
    }

  /* The view may load the Sales account service and Salesforce only. */
  profile = msi_actions_auth_get_profile (msi_actions_admin_get_auth (self->admin));
  origins[0] = msi_profile_get_actions_url (profile);
  origins[1] = msi_profile_get_salesforce_login_url (profile);
  origins[2] = NULL;
  g_object_set_data_full (G_OBJECT (connection), "msi-page", g_object_ref (self), g_object_unref);
  dialog = msi_consent_dialog_new (_("Connect to Salesforce"), origins,
                                   connection_matches_cb, g_object_ref (connection), g_object_unref);
  msi_consent_dialog_set_finish_after_load (dialog, TRUE);
  msi_consent_dialog_run_async (dialog, GTK_WINDOW (root),
                                msi_service_connection_get_authorization_url (connection),
                                self->cancellable, salesforce_consent_cb,
                                g_object_ref (connection));
}

static void
connect_salesforce (MsiConnectionPage *self)
{
  g_autoptr(MsiServiceConnection) connection = NULL;

  connection = msi_service_connection_new (msi_actions_admin_get_auth (self->admin), "salesforce");
  set_busy (self, TRUE);
  msi_service_connection_begin_async (connection, self->cancellable,
                                      salesforce_begun_cb, g_object_ref (self));
}

/* --- Marketo: automatic, or with the pasted Actions Config data ------------- */

static void
marketo_connected_cb (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(MsiConnectionPage) self = user_data;
  g_autoptr(JsonObject) connection = NULL;
  g_autoptr(GError) error = NULL;

  connection = msi_actions_admin_connect_marketo_finish (MSI_ACTIONS_ADMIN (object), result, &error);
  set_busy (self, FALSE);
  msi_setup_changed (GTK_WIDGET (self));
  if (connection == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;

      show_error (self, error);
      /* The service may have recorded the failure. */
      msi_connection_page_reload (self);
      return;
    }

  show_connection (self, connection);
  if (g_strcmp0 (self->status, "connected") == 0)
    {
      gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->paste_view), "", 0);
      msi_show_toast (GTK_WIDGET (self), _("Connected to Marketo"));
    }
}

static void
connect_marketo (MsiConnectionPage           *self,
                 const MsiMarketoCredentials *credentials)
{
  set_busy (self, TRUE);
  msi_actions_admin_connect_marketo_async (self->admin, credentials, self->cancellable,
                                           marketo_connected_cb, g_object_ref (self));
}

static void
set_parsed_row (AdwActionRow *row,
                GtkImage     *icon,
                const char   *shown,
                const GError *error)
{
  g_autofree char *escaped = NULL;

  if (error != NULL)
    escaped = g_markup_escape_text (error->message, -1);
  else
    escaped = g_markup_escape_text (shown ? shown : "", -1);

  adw_action_row_set_subtitle (row, escaped);
  gtk_image_set_from_icon_name (icon, error ? "dialog-warning-symbolic" : "emblem-ok-symbolic");
  gtk_accessible_update_property (GTK_ACCESSIBLE (icon),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, error ? _("Not valid") : _("Valid"),
                                  -1);
}

static void
paste_changed_cb (MsiConnectionPage *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->paste_view);
  g_autoptr(MsiMarketoCredentials) parsed = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) munchkin_error = NULL;
  g_autoptr(GError) client_error = NULL;
  g_autoptr(GError) secret_error = NULL;
  g_autofree char *text = NULL;
  g_autofree char *secret_text = NULL;
  GtkTextIter start, end;

  g_clear_pointer (&self->pasted, msi_marketo_credentials_free);

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  text = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
  parsed = msi_marketo_credentials_parse (text, &error);
  if (parsed == NULL)
    {
      set_parsed_row (self->parsed_munchkin_row, self->parsed_munchkin_icon, NULL, error);
      set_parsed_row (self->parsed_client_id_row, self->parsed_client_id_icon, NULL, error);
      set_parsed_row (self->parsed_secret_row, self->parsed_secret_icon, NULL, error);
      update_actions (self);
      return;
    }

  /* What was understood, field by field; the secret is never shown. */
  msi_marketo_check_munchkin_id (parsed->munchkin_id, &munchkin_error);
  msi_marketo_check_client_id (parsed->client_id, &client_error);
  msi_marketo_check_client_secret (parsed->client_secret, &secret_error);
  if (parsed->client_secret != NULL)
    {
      glong length = g_utf8_strlen (parsed->client_secret, -1);

      /* TRANSLATORS: the pasted Client Secret is hidden; only its length is shown */
      secret_text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%ld character, hidden",
                                                  "%ld characters, hidden", length),
                                     length);
    }
  set_parsed_row (self->parsed_munchkin_row, self->parsed_munchkin_icon, parsed->munchkin_id, munchkin_error);
  set_parsed_row (self->parsed_client_id_row, self->parsed_client_id_icon, parsed->client_id, client_error);
  set_parsed_row (self->parsed_secret_row, self->parsed_secret_icon, secret_text, secret_error);

  if (munchkin_error == NULL && client_error == NULL && secret_error == NULL)
    self->pasted = g_steal_pointer (&parsed);

  update_actions (self);
}

static void
connect_pasted_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *param)
{
  MsiConnectionPage *self = MSI_CONNECTION_PAGE (widget);

  if (self->admin == NULL || self->pasted == NULL)
    return;

  connect_marketo (self, self->pasted);
}

/* --- connect and disconnect ------------------------------------------------ */

static void
confirm_connect_cb (AdwMessageDialog  *dialog,
                    const char        *response,
                    MsiConnectionPage *self)
{
  if (g_strcmp0 (response, "connect") == 0)
    msi_connection_page_connect (self, FALSE);
}

void
msi_connection_page_connect (MsiConnectionPage *self,
                             gboolean           confirm)
{
  GtkRoot *root;

  g_return_if_fail (MSI_IS_CONNECTION_PAGE (self));

  if (self->admin == NULL || self->busy)
    return;

  root = gtk_widget_get_root (GTK_WIDGET (self));
  if (confirm && GTK_IS_WINDOW (root))
    {
      GtkWidget *dialog;

      if (is_salesforce (self))
        dialog = adw_message_dialog_new (GTK_WINDOW (root), _("Connect to Salesforce?"),
                                         _("Salesforce asks you to sign in, unless you already are, and to allow the Sales account to use your org. The Sales account then reads the people in your org."));
      else
        dialog = adw_message_dialog_new (GTK_WINDOW (root), _("Connect to Marketo?"),
                                         _("The Sales account connects to your Marketo instance with the credentials given when it was activated, and then reads its people and fields."));

      adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                        "cancel", _("_Cancel"),
                                        "connect", _("_OK"),
                                        NULL);
      adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "connect",
                                                  ADW_RESPONSE_SUGGESTED);
      adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "connect");
      adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
      g_signal_connect_object (dialog, "response", G_CALLBACK (confirm_connect_cb), self, 0);
      gtk_window_present (GTK_WINDOW (dialog));
      return;
    }

  show_problem (self, NULL, NULL, NULL);
  if (is_salesforce (self))
    connect_salesforce (self);
  else
    connect_marketo (self, NULL);
}

static void
connect_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *param)
{
  msi_connection_page_connect (MSI_CONNECTION_PAGE (widget), TRUE);
}

static void
disconnected_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(MsiConnectionPage) self = user_data;
  g_autoptr(GError) error = NULL;

  set_busy (self, FALSE);
  if (!msi_service_connection_disconnect_finish (MSI_SERVICE_CONNECTION (object), result, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        msi_show_toast (GTK_WIDGET (self), error->message);
      return;
    }

  /* TRANSLATORS: %s is "Salesforce" or "Marketo" */
  {
    g_autofree char *text = g_strdup_printf (_("%s disconnected"), service_name (self));

    msi_show_toast (GTK_WIDGET (self), text);
  }
  show_problem (self, NULL, NULL, NULL);
  msi_connection_page_reload (self);
  msi_setup_changed (GTK_WIDGET (self));
}

static void
confirm_disconnect_cb (AdwMessageDialog  *dialog,
                       const char        *response,
                       MsiConnectionPage *self)
{
  g_autoptr(MsiServiceConnection) connection = NULL;

  if (g_strcmp0 (response, "disconnect") != 0 || self->admin == NULL)
    return;

  connection = msi_service_connection_new (msi_actions_admin_get_auth (self->admin), self->service);
  set_busy (self, TRUE);
  msi_service_connection_disconnect_async (connection, self->cancellable,
                                           disconnected_cb, g_object_ref (self));
}

static void
disconnect_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *param)
{
  MsiConnectionPage *self = MSI_CONNECTION_PAGE (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkWidget *dialog;
  g_autofree char *heading = NULL;

  if (!GTK_IS_WINDOW (root))
    return;

  /* TRANSLATORS: %s is "Salesforce" or "Marketo" */
  heading = g_strdup_printf (_("Disconnect %s?"), service_name (self));
  dialog = adw_message_dialog_new (GTK_WINDOW (root), heading,
                                   is_salesforce (self)
                                   ? _("The Sales account stops reading your Salesforce org and sales reps’ activity no longer reaches Salesforce until an admin connects it again.")
                                   : _("The Sales account stops reading Marketo: people, fields and the data sync stop until an admin connects it again."));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "disconnect", _("_Disconnect"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "disconnect",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (confirm_disconnect_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* --- public ---------------------------------------------------------------- */

GtkWidget *
msi_connection_page_new (const char *service)
{
  return g_object_new (MSI_TYPE_CONNECTION_PAGE, "service", service, NULL);
}

const char *
msi_connection_page_get_service (MsiConnectionPage *self)
{
  g_return_val_if_fail (MSI_IS_CONNECTION_PAGE (self), NULL);

  return self->service;
}

const char *
msi_connection_page_get_status (MsiConnectionPage *self)
{
  g_return_val_if_fail (MSI_IS_CONNECTION_PAGE (self), NULL);

  return self->status;
}

const char *
msi_connection_page_get_problem (MsiConnectionPage *self)
{
  g_return_val_if_fail (MSI_IS_CONNECTION_PAGE (self), NULL);

  return self->problem;
}

void
msi_connection_page_set_admin (MsiConnectionPage *self,
                               MsiActionsAdmin   *admin)
{
  g_return_if_fail (MSI_IS_CONNECTION_PAGE (self));
  g_return_if_fail (admin == NULL || MSI_IS_ACTIONS_ADMIN (admin));

  if (self->admin == admin)
    return;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  g_set_object (&self->admin, admin);
  self->busy = FALSE;
  self->loading = FALSE;
  set_status (self, NULL);
  show_problem (self, NULL, NULL, NULL);
  gtk_widget_set_visible (self->setup_group, FALSE);
  msi_connection_page_reload (self);
  update_actions (self);
}

static void
msi_connection_page_constructed (GObject *object)
{
  MsiConnectionPage *self = (MsiConnectionPage *)object;

  G_OBJECT_CLASS (msi_connection_page_parent_class)->constructed (object);

  if (is_salesforce (self))
    gtk_label_set_label (self->intro_label,
                         _("The Sales account reads your company’s people from Salesforce and logs sales activity there. An admin connects it once, with their own Salesforce user; if you are signed in to Salesforce already, Connect completes at once."));
  else
    gtk_label_set_label (self->intro_label,
                         _("The Sales account reads people, fields and interesting moments from Marketo. Connect links it with the Marketo credentials given at activation; if that fails, paste the data from Marketo’s Actions Config tab."));
  paste_changed_cb (self);
}

static void
msi_connection_page_dispose (GObject *object)
{
  MsiConnectionPage *self = (MsiConnectionPage *)object;

  g_cancellable_cancel (self->cancellable);
  g_cancellable_cancel (self->reload_cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->reload_cancellable);
  g_clear_object (&self->admin);
  g_clear_pointer (&self->pasted, msi_marketo_credentials_free);
  gtk_widget_dispose_template (GTK_WIDGET (self), MSI_TYPE_CONNECTION_PAGE);

  G_OBJECT_CLASS (msi_connection_page_parent_class)->dispose (object);
}

static void
msi_connection_page_finalize (GObject *object)
{
  MsiConnectionPage *self = (MsiConnectionPage *)object;

  g_free (self->service);
  g_free (self->status);
  g_free (self->problem);

  G_OBJECT_CLASS (msi_connection_page_parent_class)->finalize (object);
}

static void
msi_connection_page_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  MsiConnectionPage *self = MSI_CONNECTION_PAGE (object);

  switch (prop_id)
    {
    case PROP_SERVICE:
      g_value_set_string (value, self->service);
      break;

    case PROP_STATUS:
      g_value_set_string (value, self->status);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
msi_connection_page_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  MsiConnectionPage *self = MSI_CONNECTION_PAGE (object);

  switch (prop_id)
    {
    case PROP_SERVICE:
      g_free (self->service);
      self->service = g_value_dup_string (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
msi_connection_page_class_init (MsiConnectionPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = msi_connection_page_constructed;
  object_class->dispose = msi_connection_page_dispose;
  object_class->finalize = msi_connection_page_finalize;
  object_class->get_property = msi_connection_page_get_property;
  object_class->set_property = msi_connection_page_set_property;

  properties[PROP_SERVICE] =
    g_param_spec_string ("service", NULL, NULL, "salesforce",
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_STATUS] =
    g_param_spec_string ("status", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/msiactions/Setup/msi-connection-page.ui");
  gtk_widget_class_bind_template_child (widget_class, MsiConnectionPage, intro_label);
  gtk_widget_class_bind_template_child (widget_class, MsiConnectionPage, status_group);
  gtk_widget_class_bind_template_child (widget_class, MsiConnectionPage, spinner);
  gtk_widget_class_bind_template_child (widget_class, MsiConnectionPage, status_row);
  gtk_widget_class_bind_template_child (widget_class, MsiConnectionPage, status_icon);
  gtk_widget_class_bind_template_child (widget_class, MsiConnectionPage, org_row);
  gtk_widget_class_bind_template_child (widget_class, MsiConnectionPage, user_row);
  gtk_widget_class_bind_template_child (widget_class, MsiConnectionPage, when_row);
  gtk_widget_class_bind_template_child (widget_class, MsiConnectionPage, problem_group);
  gtk_widget_class_bind_template_child (widget_class, MsiConnectionPage, problem_row);
  gtk_widget_class_bind_template_child (widget_class, MsiConnectionPage, problem_button);
  gtk_widget_class_bind_template_child (widget_class, MsiConnectionPage, connect_button);
  gtk_widget_class_bind_template_child (widget_class, MsiConnectionPage, disconnect_button);
  gtk_widget_class_bind_template_child (widget_class, MsiConnectionPage, setup_group);
  gtk_widget_class_bind_template_child (widget_class, MsiConnectionPage, paste_view);
  gtk_widget_class_bind_template_child (widget_class, MsiConnectionPage, parsed_munchkin_row);
  gtk_widget_class_bind_template_child (widget_class, MsiConnectionPage, parsed_munchkin_icon);
  gtk_widget_class_bind_template_child (widget_class, MsiConnectionPage, parsed_client_id_row);
  gtk_widget_class_bind_template_child (widget_class, MsiConnectionPage, parsed_client_id_icon);
  gtk_widget_class_bind_template_child (widget_class, MsiConnectionPage, parsed_secret_row);
  gtk_widget_class_bind_template_child (widget_class, MsiConnectionPage, parsed_secret_icon);

  gtk_widget_class_install_action (widget_class, "connection.connect", NULL, connect_action);
  gtk_widget_class_install_action (widget_class, "connection.disconnect", NULL, disconnect_action);
  gtk_widget_class_install_action (widget_class, "connection.connect-pasted", NULL, connect_pasted_action);
}

static void
msi_connection_page_init (MsiConnectionPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  g_signal_connect_swapped (gtk_text_view_get_buffer (self->paste_view), "changed",
                            G_CALLBACK (paste_changed_cb), self);
  update_actions (self);
}
