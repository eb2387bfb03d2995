/* SPDX-License-Identifier: GPL-3.0-or-later */
/* msi-window.c: the main window: welcome, sidebar of pages, account area */

#define G_LOG_DOMAIN "msi-window"

#include "config.h"

#include <glib/gi18n.h>

#include "msi-actions-client.h"
#include "msi-activation-page.h"
#include "msi-checklist-page.h"
#include "msi-connection-page.h"
#include "msi-consent-dialog.h"
#include "msi-package-page.h"
#include "msi-profile-page.h"
#include "msi-sync-page.h"
#include "msi-users-page.h"
#include "msi-window.h"

struct _MsiWindow
{
  AdwApplicationWindow  parent_instance;

  GtkWidget            *split;
  MsiActionsAuth       *auth;
  MsiActionsAdmin      *admin;
  MsiSyncClient        *sync_client;
  char                 *admin_page;
  GCancellable         *sign_in_cancellable;
  gint64                sign_in_started_us;
  AdwToast             *resume_toast;   /* weak: the offer of an interrupted import */

  /* Template widgets */
  AdwToastOverlay      *toast_overlay;
  GtkStack             *main_stack;
  AdwStatusPage        *welcome_page;
  AdwStatusPage        *failed_page;
  GtkSpinner           *starting_spinner;
  AdwBin               *split_bin;
  GtkWidget            *sidebar;
  AdwHeaderBar         *sidebar_header;
  GtkListBox           *sidebar_list;
  GtkListBoxRow        *profile_row;
  GtkListBoxRow        *checklist_row;
  GtkListBoxRow        *activation_row;
  GtkListBoxRow        *salesforce_row;
  GtkListBoxRow        *marketo_row;
  GtkListBoxRow        *sync_row;
  GtkListBoxRow        *users_row;
  GtkListBoxRow        *package_row;
  GtkMenuButton        *account_button;
  AdwAvatar            *account_avatar;
  GtkLabel             *account_name_label;
  GtkLabel             *account_detail_label;
  GtkLabel             *popover_profile_label;
  GtkWidget            *content;
  AdwHeaderBar         *content_header;
  AdwWindowTitle       *content_title;
  GtkWidget            *back_button;
  GtkStack             *content_stack;
  MsiChecklistPage     *checklist_page;
  MsiActivationPage    *activation_page;
  MsiConnectionPage    *salesforce_page;
  MsiConnectionPage    *marketo_page;
  MsiSyncPage          *sync_page;
  MsiUsersPage         *users_page;
  MsiPackagePage       *package_page;
  MsiProfilePage       *profile_page;
  AdwStatusPage        *sign_in_page;
  GtkSpinner           *restoring_spinner;
  GtkWidget            *sign_out_button;
};

G_DEFINE_FINAL_TYPE (MsiWindow, msi_window, ADW_TYPE_APPLICATION_WINDOW)

static void follow_application (MsiWindow      *self,
                                MsiApplication *app);

MsiWindow *
msi_window_new (MsiApplication *application)
{
  MsiWindow *self;

  g_return_val_if_fail (MSI_IS_APPLICATION (application), NULL);

  self = g_object_new (MSI_TYPE_WINDOW, "application", application, NULL);
  follow_application (self, application);

  return self;
}

static MsiApplication *
get_app (MsiWindow *self)
{
  return MSI_APPLICATION (gtk_window_get_application (GTK_WINDOW (self)));
}

/* --- the adaptive split ---------------------------------------------------- */

static void
show_content (MsiWindow *self,
              gboolean   content)
{
#if ADW_CHECK_VERSION (1, 4, 0)
  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  adw_navigation_split_view_set_show_content (ADW_NAVIGATION_SPLIT_VIEW (self->split), content);
  G_GNUC_END_IGNORE_DEPRECATIONS
#else
  adw_leaflet_set_visible_child (ADW_LEAFLET (self->split), content ? self->content : self->sidebar);
#endif
}

#if !ADW_CHECK_VERSION (1, 4, 0)
static void
leaflet_folded_cb (MsiWindow  *self,
                   GParamSpec *pspec,
                   AdwLeaflet *leaflet)
{
  gboolean folded = adw_leaflet_get_folded (leaflet);

  adw_header_bar_set_show_end_title_buttons (self->sidebar_header, folded);
  adw_header_bar_set_show_start_title_buttons (self->content_header, folded);
  gtk_widget_set_visible (self->back_button, folded);
}
#endif

static void
build_split (MsiWindow *self)
{
#if ADW_CHECK_VERSION (1, 4, 0)
  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  AdwNavigationPage *sidebar_page;
  AdwNavigationPage *content_page;
  AdwBreakpoint *breakpoint;
  GValue collapsed = G_VALUE_INIT;

  self->split = adw_navigation_split_view_new ();
  sidebar_page = adw_navigation_page_new (self->sidebar, _("Pages"));
  content_page = adw_navigation_page_new (self->content, _("Setup Checklist"));
  g_object_bind_property (self->content_title, "title", content_page, "title", G_BINDING_SYNC_CREATE);
  adw_navigation_split_view_set_sidebar (ADW_NAVIGATION_SPLIT_VIEW (self->split), sidebar_page);
  adw_navigation_split_view_set_content (ADW_NAVIGATION_SPLIT_VIEW (self->split), content_page);
  adw_navigation_split_view_set_show_content (ADW_NAVIGATION_SPLIT_VIEW (self->split), TRUE);

  /* The split view gives each header bar its own title buttons and back
   * button; ours is only for the leaflet. */
  gtk_widget_set_visible (self->back_button, FALSE);

  g_value_init (&collapsed, G_TYPE_BOOLEAN);
  g_value_set_boolean (&collapsed, TRUE);
  breakpoint = adw_breakpoint_new (adw_breakpoint_condition_parse ("max-width: 600sp"));
  adw_breakpoint_add_setter (breakpoint, G_OBJECT (self->split), "collapsed", &collapsed);
  adw_application_window_add_breakpoint (ADW_APPLICATION_WINDOW (self), breakpoint);
  G_GNUC_END_IGNORE_DEPRECATIONS
#else
  AdwLeaflet *leaflet = ADW_LEAFLET (adw_leaflet_new ());
  AdwLeafletPage *page;

  self->split = GTK_WIDGET (leaflet);
  adw_leaflet_set_can_navigate_back (leaflet, TRUE);
  adw_leaflet_set_transition_type (leaflet, ADW_LEAFLET_TRANSITION_TYPE_SLIDE);
  adw_leaflet_append (leaflet, self->sidebar);
  page = adw_leaflet_append (leaflet, gtk_separator_new (GTK_ORIENTATION_VERTICAL));
  adw_leaflet_page_set_navigatable (page, FALSE);
  adw_leaflet_append (leaflet, self->content);
  adw_leaflet_set_visible_child (leaflet, self->content);

  g_signal_connect_object (leaflet, "notify::folded",
                           G_CALLBACK (leaflet_folded_cb), self,
                           G_CONNECT_SWAPPED);
  leaflet_folded_cb (self, NULL, leaflet);
#endif

  adw_bin_set_child (self->split_bin, self->split);
}

/* --- following the application ------------------------------------------- */

static const char *
role_label (const char *role)
{
  if (g_strcmp0 (role, "admin") == 0)
    return _("Admin");
  if (g_strcmp0 (role, "user") == 0)
    return _("Sales rep");
  return role;
}

static void
update_account_area (MsiWindow  *self,
                     MsiProfile *profile)
{
  g_autofree char *popover_text = NULL;
  g_autofree char *detail_owned = NULL;
  g_autofree char *accessible = NULL;
  g_autoptr(GUri) uri = NULL;
  const char *name;
  const char *detail;
  gboolean signed_in;

  if (profile == NULL)
    return;

  signed_in = self->auth != NULL && msi_actions_auth_get_state (self->auth) == MSI_AUTH_STATE_SIGNED_IN;
  uri = g_uri_parse (msi_profile_get_actions_url (profile), G_URI_FLAGS_NONE, NULL);

  if (signed_in)
    {
      name = msi_actions_auth_get_user_name (self->auth);
      /* TRANSLATORS: the account area: a role ("Admin"), then the profile name ("Demo") */
      detail = detail_owned = g_strdup_printf (_("%s · %s"),
                                               role_label (msi_actions_auth_get_role (self->auth)),
                                               msi_profile_get_name (profile));
      /* TRANSLATORS: the account area's popover: user e-mail, profile name, service address */
      popover_text = g_strdup_printf (_("Signed in as %s\nProfile: %s\nSales account: %s"),
                                      msi_actions_auth_get_user_email (self->auth),
                                      msi_profile_get_name (profile),
                                      msi_profile_get_actions_url (profile));
      accessible = g_strdup_printf (_("Signed in as %s, %s"), name, detail);
    }
  else
    {
      name = msi_profile_get_name (profile);
      if (msi_profile_is_demo (profile))
        detail = _("Sample data on this computer");
      else
        detail = uri ? g_uri_get_host (uri) : msi_profile_get_actions_url (profile);
      /* TRANSLATORS: shown in the account area; %s is a profile name, then the service address */
      popover_text = g_strdup_printf (_("Profile: %s\nSales account: %s"),
                                      name, msi_profile_get_actions_url (profile));
      accessible = g_strdup_printf (_("Active profile: %s"), name);
    }

  gtk_label_set_label (self->account_name_label, name);
  gtk_label_set_label (self->account_detail_label, detail);
  adw_avatar_set_text (self->account_avatar, name);
  gtk_label_set_label (self->popover_profile_label, popover_text);
  gtk_widget_set_visible (self->sign_out_button, signed_in);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->account_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, accessible,
                                  -1);
}

static void select_sidebar_row (MsiWindow  *self,
                                const char *name);

/* Which page the content shows follows the sign-in: the admin pages need
 * an admin; a sales rep is told where their onboarding starts. */
static void
update_content (MsiWindow *self)
{
  MsiApplication *app = get_app (self);
  MsiProfile *profile = msi_application_get_profile (app);
  MsiAuthState state = self->auth ? msi_actions_auth_get_state (self->auth) : MSI_AUTH_STATE_SIGNED_OUT;
  const char *page = "sign-in";
  gboolean admin = FALSE;
  gboolean rep = FALSE;

  if (profile == NULL)
    return;

  gtk_spinner_set_spinning (self->restoring_spinner, state == MSI_AUTH_STATE_RESTORING);

  switch (state)
    {
    case MSI_AUTH_STATE_RESTORING:
      page = "restoring";
      break;

    case MSI_AUTH_STATE_NEEDS_SIGN_IN:
      adw_status_page_set_description (self->sign_in_page,
                                       _("Your sign-in has expired. Sign in again to continue."));
      page = "sign-in";
      break;

    case MSI_AUTH_STATE_SIGNED_OUT:
      adw_status_page_set_description (self->sign_in_page,
                                       _("The setup pages show and change your company’s Sales account. Sign in with an admin account to continue."));
      page = "sign-in";
      break;

    case MSI_AUTH_STATE_SIGNED_IN:
      admin = msi_actions_auth_is_admin (self->auth);
      /* A sales rep has a profile page of their own. */
      rep = !admin && g_strcmp0 (msi_actions_auth_get_role (self->auth), "user") == 0;
      page = admin ? "checklist" : (rep ? "profile" : "not-admin");
      break;

    default:
      g_assert_not_reached ();
    }

  if (admin)
    {
      MsiActionsClient *current = msi_checklist_page_get_client (self->checklist_page);

      if (current == NULL || msi_actions_client_get_profile (current) != profile)
        {
          g_autoptr(MsiActionsClient) client = msi_actions_client_new (profile, NULL);

          msi_checklist_page_set_client (self->checklist_page, client);
        }

      if (self->admin == NULL || msi_actions_admin_get_auth (self->admin) != self->auth)
        {
          g_clear_object (&self->admin);
          self->admin = msi_actions_admin_new (self->auth);
        }
      if (self->sync_client == NULL || msi_sync_client_get_auth (self->sync_client) != self->auth)
        {
          g_clear_object (&self->sync_client);
          self->sync_client = msi_sync_client_new (self->auth);
        }
      page = self->admin_page;
    }
  else
    {
      g_clear_object (&self->admin);
      g_clear_object (&self->sync_client);
    }

  msi_activation_page_set_admin (self->activation_page, self->admin);
  msi_connection_page_set_admin (self->salesforce_page, self->admin);
  msi_connection_page_set_admin (self->marketo_page, self->admin);
  msi_sync_page_set_client (self->sync_page, self->sync_client);
  msi_package_page_set_clients (self->package_page, self->admin,
                                self->admin ? msi_application_get_salesforce (app) : NULL);
  msi_users_page_set_client (self->users_page, admin ? msi_application_get_scim_client (app) : NULL);
  msi_profile_page_set_auth (self->profile_page, rep ? self->auth : NULL);

  /* A rep has one page of their own; the admin pages are not theirs. */
  gtk_widget_set_visible (GTK_WIDGET (self->profile_row), rep);
  gtk_widget_set_visible (GTK_WIDGET (self->checklist_row), !rep);
  gtk_widget_set_visible (GTK_WIDGET (self->activation_row), !rep);
  gtk_widget_set_visible (GTK_WIDGET (self->salesforce_row), !rep);
  gtk_widget_set_visible (GTK_WIDGET (self->marketo_row), !rep);
  gtk_widget_set_visible (GTK_WIDGET (self->sync_row), !rep);
  gtk_widget_set_visible (GTK_WIDGET (self->users_row), !rep);
  gtk_widget_set_visible (GTK_WIDGET (self->package_row), !rep);
  if (rep)
    gtk_list_box_select_row (self->sidebar_list, self->profile_row);
  else if (admin)
    select_sidebar_row (self, self->admin_page);
  gtk_widget_set_sensitive (GTK_WIDGET (self->checklist_row), admin);
  gtk_widget_set_sensitive (GTK_WIDGET (self->activation_row), admin);
  gtk_widget_set_sensitive (GTK_WIDGET (self->salesforce_row), admin);
  gtk_widget_set_sensitive (GTK_WIDGET (self->marketo_row), admin);
  gtk_widget_set_sensitive (GTK_WIDGET (self->sync_row), admin);
  gtk_widget_set_sensitive (GTK_WIDGET (self->users_row), admin);
  gtk_widget_set_sensitive (GTK_WIDGET (self->package_row), admin);
  gtk_stack_set_visible_child_name (self->content_stack, page);
  {
    GtkStackPage *stack_page = gtk_stack_get_page (self->content_stack,
                                                   gtk_stack_get_visible_child (self->content_stack));

    adw_window_title_set_title (self->content_title, gtk_stack_page_get_title (stack_page));
  }
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.sign-in",
                                 state == MSI_AUTH_STATE_SIGNED_OUT || state == MSI_AUTH_STATE_NEEDS_SIGN_IN);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.sign-out", state == MSI_AUTH_STATE_SIGNED_IN);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.reload", admin || rep);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.connect-salesforce", admin);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.setup-changed", admin);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.show-page", admin);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.invite-users", admin);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.resume-import", admin);
  update_account_area (self, profile);
}

static void
auth_state_changed_cb (MsiWindow      *self,
                       GParamSpec     *pspec,
                       MsiActionsAuth *auth)
{
  update_content (self);
}

static void
follow_auth (MsiWindow      *self,
             MsiActionsAuth *auth)
{
  if (self->auth == auth)
    return;

  if (self->auth != NULL)
    g_signal_handlers_disconnect_by_func (self->auth, auth_state_changed_cb, self);
  g_cancellable_cancel (self->sign_in_cancellable);
  g_set_object (&self->auth, auth);
  if (auth != NULL)
    g_signal_connect_object (auth, "notify::state", G_CALLBACK (auth_state_changed_cb), self,
                             G_CONNECT_SWAPPED);
}

static void
app_state_changed_cb (MsiWindow      *self,
                      GParamSpec     *pspec,
                      MsiApplication *app)
{
  gtk_spinner_set_spinning (self->starting_spinner, FALSE);

  switch (msi_application_get_state (app))
    {
    case MSI_APP_STATE_NO_PROFILE:
      gtk_stack_set_visible_child_name (self->main_stack, "welcome");
      break;

    case MSI_APP_STATE_STARTING:
      gtk_spinner_set_spinning (self->starting_spinner, TRUE);
      gtk_stack_set_visible_child_name (self->main_stack, "starting");
      break;

    case MSI_APP_STATE_FAILED:
      {
        g_autofree char *escaped = g_markup_escape_text (msi_application_get_error_message (app), -1);

        adw_status_page_set_description (self->failed_page, escaped);
        gtk_stack_set_visible_child_name (self->main_stack, "failed");
      }
      break;

    case MSI_APP_STATE_READY:
      follow_auth (self, msi_application_get_auth (app));
      update_content (self);
      gtk_stack_set_visible_child_name (self->main_stack, "main");
      break;

    default:
      g_assert_not_reached ();
    }
}

/* --- actions and callbacks ------------------------------------------------- */

static void
reload_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  MsiWindow *self = MSI_WINDOW (widget);

  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->main_stack), "main") != 0)
    return;

  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->content_stack), "profile") == 0)
    {
      msi_profile_page_reload (self->profile_page);
      return;
    }

  msi_checklist_page_reload (self->checklist_page);
  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->content_stack), "users") == 0)
    msi_users_page_reload (self->users_page);
  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->content_stack), "sync") == 0)
    msi_sync_page_reload (self->sync_page);
}

static gboolean
flow_matches_cb (const char *uri,
                 gpointer    user_data)
{
  return msi_oauth2_flow_matches_redirect (MSI_OAUTH2_FLOW (user_data), uri);
}

static void
sign_in_completed_cb (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(MsiWindow) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!msi_actions_auth_complete_finish (MSI_ACTIONS_AUTH (object), result, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        msi_window_add_toast (self, error->message);
      return;
    }

  g_debug ("Sign in → signed in: %.0f ms",
           (g_get_monotonic_time () - self->sign_in_started_us) / 1000.0);
}

static void
consent_done_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(MsiOAuth2Flow) flow = user_data;
  MsiConsentDialog *dialog = MSI_CONSENT_DIALOG (object);
  MsiWindow *self = MSI_WINDOW (gtk_window_get_transient_for (GTK_WINDOW (dialog)));
  g_autoptr(GError) error = NULL;
  g_autofree char *redirect = NULL;

  redirect = msi_consent_dialog_run_finish (dialog, result, &error);
  if (redirect == NULL)
    {
      if (self != NULL && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) &&
          !g_cancellable_is_cancelled (self->sign_in_cancellable))
        msi_window_add_toast (self, error->message);
      return;
    }

  if (self == NULL || self->auth == NULL)
    return;

  msi_actions_auth_complete_async (self->auth, flow, redirect, self->sign_in_cancellable,
                                   sign_in_completed_cb, g_object_ref (self));
}

static void
sign_in_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *param)
{
  MsiWindow *self = MSI_WINDOW (widget);
  g_autoptr(MsiOAuth2Flow) flow = NULL;
  g_autoptr(GError) error = NULL;
  MsiConsentDialog *dialog;
  MsiProfile *profile;
  const char *origins[2];

  if (self->auth == NULL)
    return;

  flow = msi_actions_auth_begin (self->auth, &error);
  if (flow == NULL)
    {
      msi_window_add_toast (self, error->message);
      return;
    }

  g_cancellable_cancel (self->sign_in_cancellable);
  g_clear_object (&self->sign_in_cancellable);
  self->sign_in_cancellable = g_cancellable_new ();
  self->sign_in_started_us = g_get_monotonic_time ();

  /* The consent view may load the Sales account service only. */
  profile = msi_actions_auth_get_profile (self->auth);
  origins[0] = msi_profile_get_actions_url (profile);
  origins[1] = NULL;
  dialog = msi_consent_dialog_new (_("Sign In to the Sales Account"), origins,
                                   flow_matches_cb, g_object_ref (flow), g_object_unref);
  msi_consent_dialog_run_async (dialog, GTK_WINDOW (self),
                                msi_oauth2_flow_get_authorization_url (flow),
                                self->sign_in_cancellable, consent_done_cb, g_object_ref (flow));
}

static void
sign_out_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(MsiWindow) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!msi_actions_auth_sign_out_finish (MSI_ACTIONS_AUTH (object), result, &error))
    {
      g_autofree char *message = g_strdup_printf (_("Signed out on this computer, but the service could not be told: %s"),
                                                  error->message);

      msi_window_add_toast (self, message);
      return;
    }

  msi_window_add_toast (self, _("Signed out"));
}

static void
sign_out_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *param)
{
  MsiWindow *self = MSI_WINDOW (widget);

  if (self->auth == NULL)
    return;

  msi_actions_auth_sign_out_async (self->auth, NULL, sign_out_cb, g_object_ref (self));
}

/* The admin pages, in the order of the sidebar. */
static const char * const admin_pages[] = {
  "checklist", "activation", "salesforce", "marketo", "sync", "users", "package",
};

static gboolean
is_admin_page (const char *name)
{
  return name != NULL && g_strv_contains ((const char * const *)admin_pages, name);
}

static void
select_sidebar_row (MsiWindow  *self,
                    const char *name)
{
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->sidebar_list));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (GTK_IS_LIST_BOX_ROW (child) && g_strcmp0 (gtk_widget_get_name (child), name) == 0)
        gtk_list_box_select_row (self->sidebar_list, GTK_LIST_BOX_ROW (child));
    }
}

/* Shows an admin page; the others are chosen by the sign-in state. */
static void
show_page (MsiWindow  *self,
           const char *name)
{
  GtkStackPage *page;

  if (!is_admin_page (name))
    return;

  g_free (self->admin_page);
  self->admin_page = g_strdup (name);
  select_sidebar_row (self, name);

  if (self->admin == NULL)
    return;

  gtk_stack_set_visible_child_name (self->content_stack, name);
  page = gtk_stack_get_page (self->content_stack, gtk_stack_get_visible_child (self->content_stack));

  /* The users page offers an interrupted import itself. */
  if (g_str_equal (name, "users") && self->resume_toast != NULL)
    adw_toast_dismiss (self->resume_toast);
  adw_window_title_set_title (self->content_title, gtk_stack_page_get_title (page));
  show_content (self, TRUE);
}

static void
show_page_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *param)
{
  show_page (MSI_WINDOW (widget), g_variant_get_string (param, NULL));
}

static void
show_toast_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *param)
{
  msi_window_add_toast (MSI_WINDOW (widget), g_variant_get_string (param, NULL));
}

/* The checklist's Invite: the users page, with its Invite Users dialog. */
static void
invite_users_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *param)
{
  MsiWindow *self = MSI_WINDOW (widget);

  if (self->admin == NULL)
    return;

  show_page (self, "users");
  msi_users_page_invite (self->users_page);
}

static void
resume_import_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *param)
{
  MsiWindow *self = MSI_WINDOW (widget);

  if (self->admin == NULL)
    return;

  show_page (self, "users");
  msi_users_page_resume_import (self->users_page, g_variant_get_int64 (param));
}

/* An import a crash interrupted, found at start: said wherever the admin
 * is, until dismissed. */
static void
offer_resume_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *param)
{
  MsiWindow *self = MSI_WINDOW (widget);
  g_autofree char *escaped = NULL;
  const char *message;
  gint64 id;
  AdwToast *toast;

  g_variant_get (param, "(x&s)", &id, &message);
  escaped = g_markup_escape_text (message, -1);
  if (self->resume_toast != NULL)
    adw_toast_dismiss (self->resume_toast);
  toast = adw_toast_new (escaped);
  g_set_weak_pointer (&self->resume_toast, toast);
  adw_toast_set_timeout (toast, 0);
  adw_toast_set_button_label (toast, _("_Resume"));
  adw_toast_set_action_name (toast, "win.resume-import");
  adw_toast_set_action_target_value (toast, g_variant_new_int64 (id));
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

/* A page changed the setup: every page that shows it reads it again. */
static void
setup_changed_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *param)
{
  MsiWindow *self = MSI_WINDOW (widget);

  if (self->admin == NULL)
    return;

  msi_checklist_page_reload (self->checklist_page);
  msi_connection_page_reload (self->salesforce_page);
  msi_connection_page_reload (self->marketo_page);
  msi_sync_page_setup_changed (self->sync_page);
}

/* Connects Salesforce straight away (the page's Connect asks first). */
static void
connect_salesforce_action (GtkWidget  *widget,
                           const char *action_name,
                           GVariant   *param)
{
  MsiWindow *self = MSI_WINDOW (widget);

  if (self->admin == NULL)
    return;

  show_page (self, "salesforce");
  msi_connection_page_connect (self->salesforce_page, FALSE);
}

static void
show_sidebar_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *param)
{
  MsiWindow *self = MSI_WINDOW (widget);

  show_content (self, FALSE);
  gtk_widget_grab_focus (GTK_WIDGET (self->sidebar_list));
}

static void
sidebar_row_activated_cb (MsiWindow     *self,
                          GtkListBoxRow *row,
                          GtkListBox    *list)
{
  if (row == self->profile_row)
    show_content (self, TRUE);
  else
    show_page (self, gtk_widget_get_name (GTK_WIDGET (row)));
}

static gboolean
msi_window_close_request (GtkWindow *window)
{
  MsiWindow *self = MSI_WINDOW (window);
  GSettings *settings = msi_application_get_settings (get_app (self));
  int width, height;

  gtk_window_get_default_size (window, &width, &height);
  g_settings_delay (settings);
  g_settings_set_boolean (settings, "window-maximized", gtk_window_is_maximized (window));
  if (!gtk_window_is_maximized (window))
    {
      g_settings_set_int (settings, "window-width", width);
      g_settings_set_int (settings, "window-height", height);
    }
  g_settings_apply (settings);

  return GTK_WINDOW_CLASS (msi_window_parent_class)->close_request (window);
}

static void
follow_application (MsiWindow      *self,
                    MsiApplication *app)
{
  GSettings *settings = msi_application_get_settings (app);

  gtk_window_set_default_size (GTK_WINDOW (self),
                               g_settings_get_int (settings, "window-width"),
                               g_settings_get_int (settings, "window-height"));
  if (g_settings_get_boolean (settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));

  g_signal_connect_object (app, "notify::state",
                           G_CALLBACK (app_state_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (app, "notify::profile",
                           G_CALLBACK (app_state_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (app, "notify::auth",
                           G_CALLBACK (app_state_changed_cb), self,
                           G_CONNECT_SWAPPED);
  app_state_changed_cb (self, NULL, app);
}

static void
msi_window_dispose (GObject *object)
{
  MsiWindow *self = (MsiWindow *)object;

  g_cancellable_cancel (self->sign_in_cancellable);
  g_clear_object (&self->sign_in_cancellable);
  g_clear_weak_pointer (&self->resume_toast);
  follow_auth (self, NULL);
  g_clear_object (&self->admin);
  g_clear_object (&self->sync_client);
  g_clear_pointer (&self->admin_page, g_free);

  gtk_widget_dispose_template (GTK_WIDGET (object), MSI_TYPE_WINDOW);

  G_OBJECT_CLASS (msi_window_parent_class)->dispose (object);
}

static void
msi_window_class_init (MsiWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = msi_window_dispose;
  window_class->close_request = msi_window_close_request;

  g_type_ensure (MSI_TYPE_CHECKLIST_PAGE);
  g_type_ensure (MSI_TYPE_USERS_PAGE);
  g_type_ensure (MSI_TYPE_PROFILE_PAGE);
  g_type_ensure (MSI_TYPE_SYNC_PAGE);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/msi-window.ui");
  gtk_widget_class_bind_template_child (widget_class, MsiWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, MsiWindow, main_stack);
  gtk_widget_class_bind_template_child (widget_class, MsiWindow, welcome_page);
  gtk_widget_class_bind_template_child (widget_class, MsiWindow, failed_page);
  gtk_widget_class_bind_template_child (widget_class, MsiWindow, starting_spinner);
  gtk_widget_class_bind_template_child (widget_class, MsiWindow, split_bin);
  gtk_widget_class_bind_template_child (widget_class, MsiWindow, sidebar);
  gtk_widget_class_bind_template_child (widget_class, MsiWindow, sidebar_header);
  gtk_widget_class_bind_template_child (widget_class, MsiWindow, sidebar_list);
  gtk_widget_class_bind_template_child (widget_class, MsiWindow, profile_row);
  gtk_widget_class_bind_template_child (widget_class, MsiWindow, checklist_row);
  gtk_widget_class_bind_template_child (widget_class, MsiWindow, activation_row);
  gtk_widget_class_bind_template_child (widget_class, MsiWindow, salesforce_row);
  gtk_widget_class_bind_template_child (widget_class, MsiWindow, marketo_row);
  gtk_widget_class_bind_template_child (widget_class, MsiWindow, sync_row);
  gtk_widget_class_bind_template_child (widget_class, MsiWindow, users_row);
  gtk_widget_class_bind_template_child (widget_class, MsiWindow, package_row);
  gtk_widget_class_bind_template_child (widget_class, MsiWindow, account_button);
  gtk_widget_class_bind_template_child (widget_class, MsiWindow, account_avatar);
  gtk_widget_class_bind_template_child (widget_class, MsiWindow, account_name_label);
  gtk_widget_class_bind_template_child (widget_class, MsiWindow, account_detail_label);
  gtk_widget_class_bind_template_child (widget_class, MsiWindow, popover_profile_label);
  gtk_widget_class_bind_template_child (widget_class, MsiWindow, content);
  gtk_widget_class_bind_template_child (widget_class, MsiWindow, content_header);
  gtk_widget_class_bind_template_child (widget_class, MsiWindow, content_title);
  gtk_widget_class_bind_template_child (widget_class, MsiWindow, back_button);
  gtk_widget_class_bind_template_child (widget_class, MsiWindow, content_stack);
  gtk_widget_class_bind_template_child (widget_class, MsiWindow, checklist_page);
  gtk_widget_class_bind_template_child (widget_class, MsiWindow, activation_page);
  gtk_widget_class_bind_template_child (widget_class, MsiWindow, salesforce_page);
  gtk_widget_class_bind_template_child (widget_class, MsiWindow, marketo_page);
  gtk_widget_class_bind_template_child (widget_class, MsiWindow, sync_page);
  gtk_widget_class_bind_template_child (widget_class, MsiWindow, users_page);
  gtk_widget_class_bind_template_child (widget_class, MsiWindow, package_page);
  gtk_widget_class_bind_template_child (widget_class, MsiWindow, profile_page);
  gtk_widget_class_bind_template_child (widget_class, MsiWindow, sign_in_page);
  gtk_widget_class_bind_template_child (widget_class, MsiWindow, restoring_spinner);
  gtk_widget_class_bind_template_child (widget_class, MsiWindow, sign_out_button);
  gtk_widget_class_bind_template_callback (widget_class, sidebar_row_activated_cb);

  gtk_widget_class_install_action (widget_class, "win.reload", NULL, reload_action);
  gtk_widget_class_install_action (widget_class, "win.show-sidebar", NULL, show_sidebar_action);
  gtk_widget_class_install_action (widget_class, "win.sign-in", NULL, sign_in_action);
  gtk_widget_class_install_action (widget_class, "win.sign-out", NULL, sign_out_action);
  gtk_widget_class_install_action (widget_class, "win.connect-salesforce", NULL, connect_salesforce_action);
  gtk_widget_class_install_action (widget_class, "win.show-page", "s", show_page_action);
  gtk_widget_class_install_action (widget_class, "win.show-toast", "s", show_toast_action);
  gtk_widget_class_install_action (widget_class, "win.setup-changed", NULL, setup_changed_action);
  gtk_widget_class_install_action (widget_class, "win.invite-users", NULL, invite_users_action);
  gtk_widget_class_install_action (widget_class, "win.resume-import", "x", resume_import_action);
  gtk_widget_class_install_action (widget_class, "win.offer-resume", "(xs)", offer_resume_action);
}

static void
msi_window_init (MsiWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  if (DEVELOPMENT_BUILD)
    gtk_widget_add_css_class (GTK_WIDGET (self), "devel");

  /* The icon ships in the resources, so it shows before installation. */
  adw_status_page_set_icon_name (self->welcome_page, "io.github.msiactions.Setup");
  build_split (self);
  self->admin_page = g_strdup ("checklist");
  gtk_list_box_select_row (self->sidebar_list, self->checklist_row);
}

/**
 * msi_window_get_visible_page:
 *
 * Returns: "welcome", "starting", "failed" or "main".
 */
const char *
msi_window_get_visible_page (MsiWindow *self)
{
  g_return_val_if_fail (MSI_IS_WINDOW (self), NULL);

  return gtk_stack_get_visible_child_name (self->main_stack);
}

GtkWidget *
msi_window_get_checklist_page (MsiWindow *self)
{
  g_return_val_if_fail (MSI_IS_WINDOW (self), NULL);

  return GTK_WIDGET (self->checklist_page);
}

/**
 * msi_window_get_page:
 * @name: a page of the content stack ("checklist", "activation",
 *   "salesforce", "marketo", "package", "sign-in"…)
 *
 * Returns: (transfer none) (nullable): that page's widget
 */
GtkWidget *
msi_window_get_page (MsiWindow  *self,
                     const char *name)
{
  g_return_val_if_fail (MSI_IS_WINDOW (self), NULL);

  return gtk_stack_get_child_by_name (self->content_stack, name);
}

/* The name of the content page on screen. */
const char *
msi_window_get_content_page (MsiWindow *self)
{
  g_return_val_if_fail (MSI_IS_WINDOW (self), NULL);

  return gtk_stack_get_visible_child_name (self->content_stack);
}

void
msi_window_add_toast (MsiWindow  *self,
                      const char *message)
{
  g_autofree char *escaped = NULL;

  g_return_if_fail (MSI_IS_WINDOW (self));

  /* Toast titles are markup: the message may hold a server's words. */
  escaped = g_markup_escape_text (message, -1);
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (escaped));
}
