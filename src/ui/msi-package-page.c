/* SPDX-License-Identifier: GPL-3.0-or-later */
/* msi-package-page.c: the MSI package in Salesforce and its configuration for MSI Actions */

#define G_LOG_DOMAIN "msi-package-page"

#include "config.h"

#include <glib/gi18n.h>

#include "msi-consent-dialog.h"
#include "msi-package-page.h"
#include "msi-ui-util.h"

/*
 * The admin guide's last two steps, for a Salesforce admin: install or
 * upgrade the Marketo Sales Insight package, then configure MSI Actions in
 * Salesforce. The app signs in to Salesforce itself (PKCE, the consent
 * view), reads the installed package with the Tooling API, compares it with
 * the profile's required version and records the result with the Sales
 * account so that every admin's checklist shows it. It also says whether
 * the signed-in person can do these steps (API Enabled, admin rights) and
 * hands the instructions over when they cannot.
 */

#define CONFIG_ITEM_REMOTE_SITE "remote-site"

typedef struct
{
  const char *id;
  const char *title;
  const char *instructions;
  /* optional values to enter, label then value; "{actions}" is the Sales account's URL */
  const char *value_labels[2];
  const char *values[2];
} ConfigItem;

static const ConfigItem config_items[] = {
  { "enable-actions",
    N_("Turn on Sales Insight Actions"),
    N_("Open the Marketo Sales Insight Config tab (App Launcher → Marketo Sales Insight Config), choose Edit under Sales Insight Actions, select Enable Sales Insight Actions and save."),
    { NULL, NULL }, { NULL, NULL } },
  { CONFIG_ITEM_REMOTE_SITE,
    N_("Allow the Sales account as a remote site"),
    N_("Setup → Security → Remote Site Settings → New Remote Site, with these values, Active selected:"),
    { N_("Remote Site Name"), N_("Remote Site URL") }, { "MSI_Actions", "{actions}" } },
  { "permission-set",
    N_("Give sales reps the Marketo Sales Insight permission set"),
    N_("Setup → Users → Permission Sets → the Marketo Sales Insight permission set → Manage Assignments → Add Assignments, and choose the sales reps who use MSI Actions."),
    { N_("Permission set"), NULL }, { "Marketo Sales Insight", NULL } },
  { "record-pages",
    N_("Add the Sales Insight panel to record pages"),
    N_("On a lead, contact, account and opportunity page, choose Edit Page, drag the Marketo Sales Insight component onto the page, then save and activate it."),
    { N_("Component"), NULL }, { "Marketo Sales Insight", NULL } },
  { "actions-buttons",
    N_("Add the Sales Insight Actions buttons"),
    N_("Setup → Object Manager → Lead and Contact → Page Layouts: add Send Email, Call and Add to Campaign from the Mobile & Lightning Actions to the layout’s actions, and save."),
    { NULL, NULL }, { NULL, NULL } },
  { "login-setting",
    N_("Let sales reps sign in with Salesforce"),
    N_("In the Sales account: Settings → General → Login Management, choose this option and save, so that reps open MSI Actions from Salesforce without another password."),
    { N_("Login Management"), NULL }, { "Salesforce Only", NULL } },
};

struct _MsiPackagePage
{
  AdwBin                parent_instance;

  MsiActionsAdmin      *admin;
  MsiSalesforceClient  *salesforce;
  GCancellable         *cancellable;
  MsiSalesforcePackage *package;
  gboolean              checked_user;
  gboolean              busy;
  gboolean              updating_checks;
  gboolean              saving;        /* a configuration PUT is on its way */
  gboolean              save_again;    /* ticked again meanwhile */
  GtkCheckButton       *checks[G_N_ELEMENTS (config_items)];
  GtkWidget            *verify_labels[G_N_ELEMENTS (config_items)];

  /* Template widgets */
  GtkSpinner           *spinner;
  AdwComboRow          *host_row;
  AdwEntryRow          *domain_row;
  AdwActionRow         *account_row;
  GtkWidget            *sign_in_button;
  GtkWidget            *sign_out_button;
  GtkWidget            *permissions_group;
  AdwActionRow         *api_row;
  GtkImage             *api_icon;
  AdwActionRow         *admin_row;
  GtkImage             *admin_icon;
  AdwActionRow         *handover_row;
  GtkWidget            *package_group;
  AdwActionRow         *package_row;
  GtkImage             *package_icon;
  GtkButton            *install_button;
  AdwPreferencesGroup  *config_group;
  GtkLabel             *config_count_label;
};

G_DEFINE_FINAL_TYPE (MsiPackagePage, msi_package_page, ADW_TYPE_BIN)

static void check_org (MsiPackagePage *self);

static MsiProfile *
get_profile (MsiPackagePage *self)
{
  return self->salesforce ? msi_salesforce_client_get_profile (self->salesforce) : NULL;
}

static gboolean
signed_in (MsiPackagePage *self)
{
  return self->salesforce != NULL &&
         msi_salesforce_client_get_state (self->salesforce) == MSI_AUTH_STATE_SIGNED_IN;
}

static void
set_escaped_subtitle (AdwActionRow *row,
                      const char   *text)
{
  g_autofree char *escaped = g_markup_escape_text (text ? text : "", -1);

  adw_action_row_set_subtitle (row, escaped);
}

static void
set_escaped_title (AdwActionRow *row,
                   const char   *text)
{
  g_autofree char *escaped = g_markup_escape_text (text ? text : "", -1);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), escaped);
}

static void
set_mark (GtkImage *image,
          gboolean  good)
{
  gtk_image_set_from_icon_name (image, good ? "emblem-ok-symbolic" : "dialog-warning-symbolic");
  gtk_widget_remove_css_class (GTK_WIDGET (image), good ? "warning" : "success");
  gtk_widget_add_css_class (GTK_WIDGET (image), good ? "success" : "warning");
  gtk_accessible_update_property (GTK_ACCESSIBLE (image),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, good ? _("Yes") : _("No"),
                                  -1);
}

/* --- the instructions for a Salesforce admin ------------------------------- */

static char *
expand_value (MsiPackagePage *self,
              const char     *value)
{
  MsiProfile *profile = get_profile (self);

  if (g_strcmp0 (value, "{actions}") == 0)
    return g_strdup (profile ? msi_profile_get_actions_url (profile) : "");

  return g_strdup (value);
}

static char *
build_instructions (MsiPackagePage *self)
{
  GString *text = g_string_new (NULL);
  g_autofree char *install_url = self->salesforce ? msi_salesforce_client_dup_install_url (self->salesforce) : NULL;
  MsiProfile *profile = get_profile (self);

  g_string_append (text, _("Please complete these MSI Actions setup steps in our Salesforce org:"));
  g_string_append (text, "\n\n");
  /* TRANSLATORS: step 6 of the admin guide, in the handover instructions */
  g_string_append (text, _("1. Install or upgrade the Marketo Sales Insight package"));
  g_string_append_c (text, '\n');
  if (profile != NULL && *msi_profile_get_salesforce_package_version (profile) != '\0')
    {
      g_string_append (text, "   ");
      /* TRANSLATORS: %s is a package version such as 2.6.0 */
      g_string_append_printf (text, _("Version %s or newer is required."),
                              msi_profile_get_salesforce_package_version (profile));
      g_string_append_c (text, '\n');
    }
  if (install_url != NULL)
    g_string_append_printf (text, "   %s\n", install_url);
  g_string_append_c (text, '\n');
  g_string_append (text, _("2. Configure MSI Actions in Salesforce"));
  g_string_append_c (text, '\n');

  for (guint i = 0; i < G_N_ELEMENTS (config_items); i++)
    {
      const ConfigItem *item = &config_items[i];

      g_string_append_printf (text, "   %c) %s: %s\n", 'a' + i, _(item->title), _(item->instructions));
      for (guint j = 0; j < G_N_ELEMENTS (item->values); j++)
        {
          g_autofree char *value = NULL;

          if (item->values[j] == NULL)
            continue;
          value = expand_value (self, item->values[j]);
          g_string_append_printf (text, "      %s: %s\n", _(item->value_labels[j]), value);
        }
    }

  return g_string_free (text, FALSE);
}

static void
copy_instructions_action (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *param)
{
  MsiPackagePage *self = MSI_PACKAGE_PAGE (widget);
  g_autofree char *text = build_instructions (self);

  msi_copy_text (widget, text, _("Instructions copied: send them to your Salesforce admin"));
}

/* --- state ----------------------------------------------------------------- */

static void
update_package_row (MsiPackagePage *self)
{
  g_autofree char *installed = NULL;
  g_autofree char *required = NULL;
  g_autofree char *subtitle = NULL;
  const char *title;
  const char *button = NULL;

  if (self->package == NULL)
    {
      set_escaped_title (self->package_row, signed_in (self) ? _("Not checked yet") : _("Not checked"));
      set_escaped_subtitle (self->package_row,
                            signed_in (self) ? NULL : _("Sign in to Salesforce to read the installed version."));
      gtk_widget_set_visible (GTK_WIDGET (self->install_button), FALSE);
      return;
    }

  installed = msi_package_version_to_string (&self->package->installed);
  required = msi_package_version_to_string (&self->package->required);

  switch (self->package->state)
    {
    case MSI_PACKAGE_STATE_NOT_INSTALLED:
      title = _("Not installed");
      /* TRANSLATORS: %s is a package version */
      subtitle = g_strdup_printf (_("Install version %s or newer in your org."), required);
      button = _("_Install…");
      gtk_image_set_from_icon_name (self->package_icon, "dialog-warning-symbolic");
      break;

    case MSI_PACKAGE_STATE_OUTDATED:
      title = _("Upgrade needed");
      /* TRANSLATORS: installed version, required version */
      subtitle = g_strdup_printf (_("Version %s is installed; MSI Actions needs %s or newer."), installed, required);
      button = _("_Upgrade…");
      gtk_image_set_from_icon_name (self->package_icon, "dialog-warning-symbolic");
      break;

    case MSI_PACKAGE_STATE_CURRENT:
      title = _("Installed");
      /* TRANSLATORS: %s is a package version */
      subtitle = g_strdup_printf (_("Version %s is installed, as MSI Actions needs."), installed);
      gtk_image_set_from_icon_name (self->package_icon, "emblem-ok-symbolic");
      break;

    case MSI_PACKAGE_STATE_UNKNOWN:
    default:
      title = _("Not checked");
      break;
    }

  set_escaped_title (self->package_row, title);
  set_escaped_subtitle (self->package_row, subtitle);

  if (button != NULL && self->salesforce != NULL)
    {
      g_autofree char *url = msi_salesforce_client_dup_install_url (self->salesforce);

      gtk_button_set_label (self->install_button, button);
      gtk_widget_set_visible (GTK_WIDGET (self->install_button), url != NULL);
    }
  else
    gtk_widget_set_visible (GTK_WIDGET (self->install_button), FALSE);
}

static void
update_user_rows (MsiPackagePage *self)
{
  const MsiSalesforceUser *user = self->salesforce ? msi_salesforce_client_get_user (self->salesforce) : NULL;

  gtk_widget_set_visible (self->permissions_group, signed_in (self) && self->checked_user && user != NULL);
  if (user == NULL || !self->checked_user)
    return;

  set_mark (self->api_icon, user->api_enabled);
  if (user->api_enabled)
    /* TRANSLATORS: %s is a Salesforce profile name */
    {
      g_autofree char *text = g_strdup_printf (_("Your profile “%s” may use the Salesforce API."),
                                               user->profile_name ? user->profile_name : "");

      set_escaped_subtitle (self->api_row, text);
    }
  else
    set_escaped_subtitle (self->api_row,
                          _("Your profile lacks API Enabled, so the Sales account cannot work with your user. Ask your Salesforce admin to turn on API Enabled (Setup → Profiles → your profile → System Permissions) or to assign a permission set that has it."));

  set_mark (self->admin_icon, user->is_admin);
  set_escaped_subtitle (self->admin_row,
                        user->is_admin
                        ? _("You can install the package and configure MSI Actions.")
                        : _("Installing the package and configuring MSI Actions need a Salesforce admin (Modify All Data or Customize Application)."));
  gtk_widget_set_visible (GTK_WIDGET (self->handover_row), !user->is_admin);
  set_escaped_subtitle (self->handover_row,
                        _("Step 6, install or upgrade the MSI package, and step 7, configure MSI Actions in Salesforce. Copy the instructions and send them to your Salesforce admin."));
}

static void
update (MsiPackagePage *self)
{
  gboolean in = signed_in (self);
  MsiAuthState state = self->salesforce ? msi_salesforce_client_get_state (self->salesforce) : MSI_AUTH_STATE_SIGNED_OUT;
  MsiProfile *profile = get_profile (self);
  gboolean demo = profile != NULL && msi_profile_is_demo (profile);
  guint done = 0;

  /* The demo has one Salesforce; a real profile offers the login hosts. */
  gtk_widget_set_visible (GTK_WIDGET (self->host_row), !in && !demo);
  gtk_widget_set_visible (GTK_WIDGET (self->domain_row),
                          !in && !demo && adw_combo_row_get_selected (self->host_row) == 2);
  gtk_widget_set_visible (self->sign_in_button, !in);
  gtk_widget_set_visible (self->sign_out_button, in);

  if (in)
    {
      const MsiSalesforceUser *user = msi_salesforce_client_get_user (self->salesforce);
      g_autofree char *subtitle = NULL;

      set_escaped_title (self->account_row, user && user->name ? user->name : _("Signed in"));
      /* TRANSLATORS: a Salesforce username, then the org's address */
      subtitle = g_strdup_printf (_("%s · %s"), user && user->username ? user->username : "",
                                  msi_salesforce_client_get_instance_url (self->salesforce));
      set_escaped_subtitle (self->account_row, subtitle);
    }
  else if (state == MSI_AUTH_STATE_RESTORING)
    {
      set_escaped_title (self->account_row, _("Restoring the sign-in…"));
      set_escaped_subtitle (self->account_row, NULL);
    }
  else
    {
      set_escaped_title (self->account_row,
                         state == MSI_AUTH_STATE_NEEDS_SIGN_IN ? _("Sign-in expired") : _("Not signed in"));
      set_escaped_subtitle (self->account_row,
                            _("Sign in with a Salesforce admin of your company’s org. The app reads the installed packages and your permissions; it changes nothing."));
    }

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "package.sign-in",
                                 self->salesforce != NULL && !in && state != MSI_AUTH_STATE_RESTORING && !self->busy);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "package.sign-out", in && !self->busy);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "package.check", in && !self->busy);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "package.install", in);
  gtk_spinner_set_spinning (self->spinner, self->busy);

  update_user_rows (self);
  update_package_row (self);

  for (guint i = 0; i < G_N_ELEMENTS (config_items); i++)
    {
      if (gtk_check_button_get_active (self->checks[i]))
        done++;
      gtk_widget_set_sensitive (GTK_WIDGET (self->checks[i]), self->admin != NULL);
    }
  {
    /* TRANSLATORS: e.g. "2 of 6 done" */
    g_autofree char *count = g_strdup_printf (_("%u of %u done"), done, (guint)G_N_ELEMENTS (config_items));

    gtk_label_set_label (self->config_count_label, count);
  }
}

static void
set_busy (MsiPackagePage *self,
          gboolean        busy)
{
  self->busy = busy;
  update (self);
}

/* --- checking the org ------------------------------------------------------ */

static void
reported_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(MsiPackagePage) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!msi_actions_admin_report_package_finish (MSI_ACTIONS_ADMIN (object), result, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        msi_show_toast (GTK_WIDGET (self), error->message);
      return;
    }

  msi_setup_changed (GTK_WIDGET (self));
}

static void
verify_remote_site_cb (GObject      *object,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr(MsiPackagePage) self = user_data;
  g_autoptr(JsonArray) records = NULL;
  g_autoptr(GError) error = NULL;
  MsiProfile *profile = get_profile (self);
  GtkWidget *label = NULL;
  gboolean found = FALSE;

  records = msi_salesforce_client_query_finish (MSI_SALESFORCE_CLIENT (object), result, &error);
  for (guint i = 0; i < G_N_ELEMENTS (config_items); i++)
    if (g_str_equal (config_items[i].id, CONFIG_ITEM_REMOTE_SITE))
      label = self->verify_labels[i];
  if (label == NULL || profile == NULL)
    return;

  if (records == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      /* Not every org lets its users read the remote sites: say nothing then. */
      g_debug ("Could not verify the remote site: %s", error->message);
      gtk_widget_set_visible (label, FALSE);
      return;
    }

  for (guint i = 0; i < json_array_get_length (records) && !found; i++)
    {
      JsonObject *record = json_array_get_object_element (records, i);
      const char *url = record ? json_object_get_string_member_with_default (record, "EndpointUrl", NULL) : NULL;
      gboolean active = record ? json_object_get_boolean_member_with_default (record, "IsActive", FALSE) : FALSE;

      if (url != NULL && active && g_str_has_prefix (msi_profile_get_actions_url (profile), url))
        found = TRUE;
    }

  gtk_label_set_label (GTK_LABEL (label),
                       found ? _("Verified: the remote site is in your org")
                             : _("Not found in your org’s remote sites yet"));
  gtk_widget_remove_css_class (label, found ? "warning" : "success");
  gtk_widget_add_css_class (label, found ? "success" : "warning");
  gtk_widget_set_visible (label, TRUE);
}

static void
package_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(MsiPackagePage) self = user_data;
  g_autoptr(MsiSalesforcePackage) package = NULL;
  g_autoptr(GError) error = NULL;

  package = msi_salesforce_client_check_package_finish (MSI_SALESFORCE_CLIENT (object), result, &error);
  set_busy (self, FALSE);
  if (package == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        msi_show_toast (GTK_WIDGET (self), error->message);
      return;
    }

  g_clear_pointer (&self->package, msi_salesforce_package_free);
  self->package = g_steal_pointer (&package);
  update (self);

  if (self->admin != NULL)
    msi_actions_admin_report_package_async (self->admin, self->package->state,
                                            self->package->state == MSI_PACKAGE_STATE_NOT_INSTALLED ? NULL : &self->package->installed,
                                            &self->package->required,
                                            self->cancellable, reported_cb, g_object_ref (self));
}

static void
user_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(MsiPackagePage) self = user_data;
  g_autoptr(GError) error = NULL;
  const MsiSalesforceUser *user;

  user = msi_salesforce_client_check_user_finish (MSI_SALESFORCE_CLIENT (object), result, &error);
  if (user == NULL)
    {
      set_busy (self, FALSE);
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        msi_show_toast (GTK_WIDGET (self), error->message);
      return;
    }

  self->checked_user = TRUE;
  update (self);

  /* Without API access nothing else can be read. */
  if (!user->api_enabled)
    {
      set_busy (self, FALSE);
      return;
    }

  msi_salesforce_client_check_package_async (self->salesforce, self->cancellable,
                                             package_cb, g_object_ref (self));
  msi_salesforce_client_query_async (self->salesforce,
                                     "SELECT SiteName, EndpointUrl, IsActive FROM RemoteProxy",
                                     TRUE, self->cancellable,
                                     verify_remote_site_cb, g_object_ref (self));
}

static void
check_org (MsiPackagePage *self)
{
  if (!signed_in (self) || self->busy)
    return;

  set_busy (self, TRUE);
  msi_salesforce_client_check_user_async (self->salesforce, self->cancellable,
                                          user_cb, g_object_ref (self));
}

void
msi_package_page_check (MsiPackagePage *self)
{
  g_return_if_fail (MSI_IS_PACKAGE_PAGE (self));

  check_org (self);
}

static void
check_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *param)
{
  check_org (MSI_PACKAGE_PAGE (widget));
}

static void
opened_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(MsiPackagePage) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!msi_open_uri_finish (result, &error))
    {
      msi_show_toast (GTK_WIDGET (self), error->message);
      return;
    }

  msi_show_toast (GTK_WIDGET (self),
                  _("The installation opened in your browser. Choose Check Again when it is done."));
}

static void
install_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *param)
{
  MsiPackagePage *self = MSI_PACKAGE_PAGE (widget);
  g_autofree char *url = NULL;

  if (self->salesforce == NULL)
    return;

  url = msi_salesforce_client_dup_install_url (self->salesforce);
  if (url != NULL)
    msi_open_uri_async (widget, url, opened_cb, g_object_ref (self));
}

/* --- sign-in --------------------------------------------------------------- */

static gboolean
flow_matches_cb (const char *uri,
                 gpointer    user_data)
{
  return msi_oauth2_flow_matches_redirect (MSI_OAUTH2_FLOW (user_data), uri);
}

static void
signed_in_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(MsiPackagePage) self = user_data;
  g_autoptr(GError) error = NULL;

  set_busy (self, FALSE);
  if (!msi_salesforce_client_complete_sign_in_finish (MSI_SALESFORCE_CLIENT (object), result, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        msi_show_toast (GTK_WIDGET (self), error->message);
      return;
    }

  /* The state changed while the sign-in was still busy: check now. */
  if (!self->checked_user)
    check_org (self);
}

static void
consent_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(MsiOAuth2Flow) flow = user_data;
  MsiPackagePage *self = g_object_get_data (G_OBJECT (flow), "msi-page");
  g_autoptr(GError) error = NULL;
  g_autofree char *redirect = NULL;

  redirect = msi_consent_dialog_run_finish (MSI_CONSENT_DIALOG (object), result, &error);
  if (self == NULL)
    return;

  if (redirect == NULL)
    {
      set_busy (self, FALSE);
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        msi_show_toast (GTK_WIDGET (self), error->message);
      return;
    }

  msi_salesforce_client_complete_sign_in_async (self->salesforce, flow, redirect, self->cancellable,
                                                signed_in_cb, g_object_ref (self));
}

static char *
chosen_login_url (MsiPackagePage  *self,
                  GError         **error)
{
  MsiProfile *profile = get_profile (self);
  const char *text;

  if (profile == NULL || msi_profile_is_demo (profile))
    return NULL;

  switch (adw_combo_row_get_selected (self->host_row))
    {
    case 0:
      text = "login";
      break;
    case 1:
      text = "test";
      break;
    default:
      text = gtk_editable_get_text (GTK_EDITABLE (self->domain_row));
      break;
    }

  return msi_salesforce_normalize_login_url (text, error);
}

static void
sign_in_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *param)
{
  MsiPackagePage *self = MSI_PACKAGE_PAGE (widget);
  g_autoptr(MsiOAuth2Flow) flow = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *login_url = NULL;
  MsiConsentDialog *dialog;
  GtkRoot *root = gtk_widget_get_root (widget);
  const char *origins[2];

  if (self->salesforce == NULL || !GTK_IS_WINDOW (root))
    return;

  login_url = chosen_login_url (self, &error);
  if (login_url == NULL && error != NULL)
    {
      msi_mark_invalid (GTK_WIDGET (self->domain_row), TRUE);
      msi_show_toast (widget, error->message);
      gtk_widget_grab_focus (GTK_WIDGET (self->domain_row));
      return;
    }
  msi_mark_invalid (GTK_WIDGET (self->domain_row), FALSE);

  flow = msi_salesforce_client_begin_sign_in (self->salesforce, login_url, &error);
  if (flow == NULL)
    {
      msi_show_toast (widget, error->message);
      return;
    }

  set_busy (self, TRUE);
  /* The consent view may load the chosen Salesforce login host only. */
  origins[0] = msi_salesforce_client_get_login_url (self->salesforce);
  origins[1] = NULL;
  g_object_set_data_full (G_OBJECT (flow), "msi-page", g_object_ref (self), g_object_unref);
  dialog = msi_consent_dialog_new (_("Sign In to Salesforce"), origins,
                                   flow_matches_cb, g_object_ref (flow), g_object_unref);
  msi_consent_dialog_run_async (dialog, GTK_WINDOW (root),
                                msi_oauth2_flow_get_authorization_url (flow),
                                self->cancellable, consent_cb, g_object_ref (flow));
}

static void
signed_out_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(MsiPackagePage) self = user_data;
  g_autoptr(GError) error = NULL;

  set_busy (self, FALSE);
  if (!msi_salesforce_client_sign_out_finish (MSI_SALESFORCE_CLIENT (object), result, &error) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    msi_show_toast (GTK_WIDGET (self), error->message);
}

static void
sign_out_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *param)
{
  MsiPackagePage *self = MSI_PACKAGE_PAGE (widget);

  if (self->salesforce == NULL)
    return;

  set_busy (self, TRUE);
  msi_salesforce_client_sign_out_async (self->salesforce, self->cancellable,
                                        signed_out_cb, g_object_ref (self));
}

static void
salesforce_state_cb (MsiPackagePage *self)
{
  if (!signed_in (self))
    {
      g_clear_pointer (&self->package, msi_salesforce_package_free);
      self->checked_user = FALSE;
    }

  update (self);

  if (signed_in (self) && !self->checked_user)
    check_org (self);
}

/* --- the configuration checklist ------------------------------------------- */

static GStrv
completed_items (MsiPackagePage *self)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  for (guint i = 0; i < G_N_ELEMENTS (config_items); i++)
    if (gtk_check_button_get_active (self->checks[i]))
      g_strv_builder_add (builder, config_items[i].id);

  return g_strv_builder_end (builder);
}

static void save_configuration (MsiPackagePage *self);

static void
configuration_saved_cb (GObject      *object,
                        GAsyncResult *result,
                        gpointer      user_data)
{
  g_autoptr(MsiPackagePage) self = user_data;
  g_autoptr(GError) error = NULL;

  self->saving = FALSE;
  if (!msi_actions_admin_set_configuration_finish (MSI_ACTIONS_ADMIN (object), result, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        msi_show_toast (GTK_WIDGET (self), error->message);
      return;
    }

  if (self->save_again)
    {
      save_configuration (self);
      return;
    }

  msi_setup_changed (GTK_WIDGET (self));
}

/* Sends the ticked items, one request at a time: each carries the whole
 * list, so a later one must never arrive before an earlier one. */
static void
save_configuration (MsiPackagePage *self)
{
  g_auto(GStrv) items = NULL;

  if (self->admin == NULL)
    return;

  if (self->saving)
    {
      self->save_again = TRUE;
      return;
    }

  self->saving = TRUE;
  self->save_again = FALSE;
  items = completed_items (self);
  msi_actions_admin_set_configuration_async (self->admin, (const char * const *)items,
                                             G_N_ELEMENTS (config_items), self->cancellable,
                                             configuration_saved_cb, g_object_ref (self));
}

static void
item_toggled_cb (MsiPackagePage *self)
{
  update (self);
  if (self->updating_checks)
    return;

  save_configuration (self);
}

static void
configuration_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(MsiPackagePage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) items = NULL;

  items = msi_actions_admin_get_configuration_finish (MSI_ACTIONS_ADMIN (object), result, &error);
  if (items == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        msi_show_toast (GTK_WIDGET (self), error->message);
      return;
    }

  self->updating_checks = TRUE;
  for (guint i = 0; i < G_N_ELEMENTS (config_items); i++)
    gtk_check_button_set_active (self->checks[i], g_strv_contains ((const char * const *)items, config_items[i].id));
  self->updating_checks = FALSE;
  update (self);
}

static void
copy_value_cb (GtkButton      *button,
               MsiPackagePage *self)
{
  const char *value = g_object_get_data (G_OBJECT (button), "msi-value");
  g_autofree char *expanded = expand_value (self, value);

  msi_copy_text (GTK_WIDGET (self), expanded, _("Copied"));
}

static void
build_config_rows (MsiPackagePage *self)
{
  for (guint i = 0; i < G_N_ELEMENTS (config_items); i++)
    {
      const ConfigItem *item = &config_items[i];
      GtkWidget *expander = adw_expander_row_new ();
      GtkWidget *check = gtk_check_button_new ();
      GtkWidget *instructions = gtk_label_new (_(item->instructions));
      GtkWidget *verify = gtk_label_new (NULL);
      GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
      g_autofree char *title = g_markup_escape_text (_(item->title), -1);

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (expander), title);
      gtk_widget_set_valign (check, GTK_ALIGN_CENTER);
      gtk_accessible_update_property (GTK_ACCESSIBLE (check),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, _(item->title),
                                      -1);
      gtk_widget_set_tooltip_text (check, _("Done"));
      adw_expander_row_add_prefix (ADW_EXPANDER_ROW (expander), check);
      g_signal_connect_swapped (check, "toggled", G_CALLBACK (item_toggled_cb), self);
      self->checks[i] = GTK_CHECK_BUTTON (check);

      gtk_label_set_wrap (GTK_LABEL (instructions), TRUE);
      gtk_label_set_xalign (GTK_LABEL (instructions), 0);
      gtk_label_set_wrap (GTK_LABEL (verify), TRUE);
      gtk_label_set_xalign (GTK_LABEL (verify), 0);
      gtk_widget_set_visible (verify, FALSE);
      self->verify_labels[i] = verify;
      gtk_widget_set_margin_start (box, 12);
      gtk_widget_set_margin_end (box, 12);
      gtk_widget_set_margin_top (box, 12);
      gtk_widget_set_margin_bottom (box, 12);
      gtk_box_append (GTK_BOX (box), instructions);
      gtk_box_append (GTK_BOX (box), verify);
      adw_expander_row_add_row (ADW_EXPANDER_ROW (expander), box);

      for (guint j = 0; j < G_N_ELEMENTS (item->values); j++)
        {
          GtkWidget *row;
          GtkWidget *button;
          g_autofree char *accessible = NULL;

          if (item->values[j] == NULL)
            continue;

          row = adw_action_row_new ();
          adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _(item->value_labels[j]));
          g_object_set_data (G_OBJECT (row), "msi-value-label", (gpointer)item->value_labels[j]);
          button = gtk_button_new_from_icon_name ("edit-copy-symbolic");
          gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
          gtk_widget_add_css_class (button, "flat");
          /* TRANSLATORS: %s names a value to enter in Salesforce, e.g. "Remote Site URL" */
          accessible = g_strdup_printf (_("Copy %s"), _(item->value_labels[j]));
          gtk_widget_set_tooltip_text (button, accessible);
          gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                          GTK_ACCESSIBLE_PROPERTY_LABEL, accessible,
                                          -1);
          g_object_set_data (G_OBJECT (button), "msi-value", (gpointer)item->values[j]);
          g_signal_connect (button, "clicked", G_CALLBACK (copy_value_cb), self);
          adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
          g_object_set_data (G_OBJECT (row), "msi-template-value", (gpointer)item->values[j]);
          adw_expander_row_add_row (ADW_EXPANDER_ROW (expander), row);
        }

      adw_preferences_group_add (self->config_group, expander);
    }
}

/* The values that depend on the profile are shown once it is known. */
static void
update_value_subtitles (MsiPackagePage *self,
                        GtkWidget      *widget)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      const char *value = g_object_get_data (G_OBJECT (child), "msi-template-value");

      if (value != NULL && ADW_IS_ACTION_ROW (child))
        {
          g_autofree char *expanded = expand_value (self, value);

          set_escaped_subtitle (ADW_ACTION_ROW (child), expanded);
        }
      update_value_subtitles (self, child);
    }
}

/* --- public ---------------------------------------------------------------- */

void
msi_package_page_set_clients (MsiPackagePage      *self,
                              MsiActionsAdmin     *admin,
                              MsiSalesforceClient *salesforce)
{
  g_return_if_fail (MSI_IS_PACKAGE_PAGE (self));
  g_return_if_fail (admin == NULL || MSI_IS_ACTIONS_ADMIN (admin));
  g_return_if_fail (salesforce == NULL || MSI_IS_SALESFORCE_CLIENT (salesforce));

  if (self->admin == admin && self->salesforce == salesforce)
    return;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  self->busy = FALSE;
  self->checked_user = FALSE;
  self->saving = FALSE;
  self->save_again = FALSE;
  g_clear_pointer (&self->package, msi_salesforce_package_free);

  if (self->salesforce != NULL)
    g_signal_handlers_disconnect_by_func (self->salesforce, salesforce_state_cb, self);
  g_set_object (&self->salesforce, salesforce);
  g_set_object (&self->admin, admin);
  if (salesforce != NULL)
    g_signal_connect_object (salesforce, "notify::state", G_CALLBACK (salesforce_state_cb), self,
                             G_CONNECT_SWAPPED);

  self->updating_checks = TRUE;
  for (guint i = 0; i < G_N_ELEMENTS (config_items); i++)
    gtk_check_button_set_active (self->checks[i], FALSE);
  self->updating_checks = FALSE;

  update_value_subtitles (self, GTK_WIDGET (self->config_group));
  if (admin != NULL)
    msi_actions_admin_get_configuration_async (admin, self->cancellable,
                                               configuration_cb, g_object_ref (self));
  salesforce_state_cb (self);
}

MsiPackageState
msi_package_page_get_state (MsiPackagePage *self)
{
  g_return_val_if_fail (MSI_IS_PACKAGE_PAGE (self), MSI_PACKAGE_STATE_UNKNOWN);

  return self->package ? self->package->state : MSI_PACKAGE_STATE_UNKNOWN;
}

guint
msi_package_page_get_n_items (MsiPackagePage *self)
{
  return G_N_ELEMENTS (config_items);
}

const char *
msi_package_page_get_item_id (MsiPackagePage *self,
                              guint           position)
{
  g_return_val_if_fail (position < G_N_ELEMENTS (config_items), NULL);

  return config_items[position].id;
}

gboolean
msi_package_page_get_item_done (MsiPackagePage *self,
                                guint           position)
{
  g_return_val_if_fail (MSI_IS_PACKAGE_PAGE (self), FALSE);
  g_return_val_if_fail (position < G_N_ELEMENTS (config_items), FALSE);

  return gtk_check_button_get_active (self->checks[position]);
}

void
msi_package_page_set_item_done (MsiPackagePage *self,
                                guint           position,
                                gboolean        done)
{
  g_return_if_fail (MSI_IS_PACKAGE_PAGE (self));
  g_return_if_fail (position < G_N_ELEMENTS (config_items));

  gtk_check_button_set_active (self->checks[position], done);
}

static void
host_changed_cb (MsiPackagePage *self)
{
  update (self);
}

static void
msi_package_page_dispose (GObject *object)
{
  MsiPackagePage *self = (MsiPackagePage *)object;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->salesforce != NULL)
    g_signal_handlers_disconnect_by_func (self->salesforce, salesforce_state_cb, self);
  g_clear_object (&self->salesforce);
  g_clear_object (&self->admin);
  g_clear_pointer (&self->package, msi_salesforce_package_free);
  gtk_widget_dispose_template (GTK_WIDGET (self), MSI_TYPE_PACKAGE_PAGE);

  G_OBJECT_CLASS (msi_package_page_parent_class)->dispose (object);
}

static void
msi_package_page_class_init (MsiPackagePageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = msi_package_page_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/msiactions/Setup/msi-package-page.ui");
  gtk_widget_class_bind_template_child (widget_class, MsiPackagePage, spinner);
  gtk_widget_class_bind_template_child (widget_class, MsiPackagePage, host_row);
  gtk_widget_class_bind_template_child (widget_class, MsiPackagePage, domain_row);
  gtk_widget_class_bind_template_child (widget_class, MsiPackagePage, account_row);
  gtk_widget_class_bind_template_child (widget_class, MsiPackagePage, sign_in_button);
  gtk_widget_class_bind_template_child (widget_class, MsiPackagePage, sign_out_button);
  gtk_widget_class_bind_template_child (widget_class, MsiPackagePage, permissions_group);
  gtk_widget_class_bind_template_child (widget_class, MsiPackagePage, api_row);
  gtk_widget_class_bind_template_child (widget_class, MsiPackagePage, api_icon);
  gtk_widget_class_bind_template_child (widget_class, MsiPackagePage, admin_row);
  gtk_widget_class_bind_template_child (widget_class, MsiPackagePage, admin_icon);
  gtk_widget_class_bind_template_child (widget_class, MsiPackagePage, handover_row);
  gtk_widget_class_bind_template_child (widget_class, MsiPackagePage, package_group);
  gtk_widget_class_bind_template_child (widget_class, MsiPackagePage, package_row);
  gtk_widget_class_bind_template_child (widget_class, MsiPackagePage, package_icon);
  gtk_widget_class_bind_template_child (widget_class, MsiPackagePage, install_button);
  gtk_widget_class_bind_template_child (widget_class, MsiPackagePage, config_group);
  gtk_widget_class_bind_template_child (widget_class, MsiPackagePage, config_count_label);

  gtk_widget_class_install_action (widget_class, "package.sign-in", NULL, sign_in_action);
  gtk_widget_class_install_action (widget_class, "package.sign-out", NULL, sign_out_action);
  gtk_widget_class_install_action (widget_class, "package.check", NULL, check_action);
  gtk_widget_class_install_action (widget_class, "package.install", NULL, install_action);
  gtk_widget_class_install_action (widget_class, "package.copy-instructions", NULL, copy_instructions_action);
}

static void
msi_package_page_init (MsiPackagePage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  build_config_rows (self);
  g_signal_connect_swapped (self->host_row, "notify::selected", G_CALLBACK (host_changed_cb), self);
  update (self);
}
