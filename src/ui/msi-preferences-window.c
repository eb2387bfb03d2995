/* SPDX-License-Identifier: GPL-3.0-or-later */
/* msi-preferences-window.c: profiles: the demo, or a custom one */

#define G_LOG_DOMAIN "msi-preferences-window"

#include "config.h"

#include <glib/gi18n.h>

#include "msi-consent-dialog.h"
#include "msi-preferences-window.h"

/* There is one custom profile for now; the settings allow more. */
#define CUSTOM_PROFILE_ID "custom"

struct _MsiPreferencesWindow
{
  AdwPreferencesWindow  parent_instance;

  MsiApplication       *application;
  gboolean              updating;

  /* Template widgets */
  GtkCheckButton       *demo_check;
  GtkCheckButton       *custom_check;
  AdwPreferencesGroup  *custom_group;
  AdwEntryRow          *name_row;
  AdwEntryRow          *actions_url_row;
  AdwEntryRow          *actions_client_id_row;
  AdwEntryRow          *salesforce_login_url_row;
  AdwEntryRow          *salesforce_client_id_row;
  AdwEntryRow          *marketo_rest_url_row;
  AdwEntryRow          *microsoft_authority_row;
  AdwEntryRow          *microsoft_client_id_row;
  AdwEntryRow          *google_discovery_url_row;
  AdwEntryRow          *google_client_id_row;
  AdwEntryRow          *package_version_row;
  AdwEntryRow          *package_version_id_row;
};

G_GNUC_BEGIN_IGNORE_DEPRECATIONS
G_DEFINE_FINAL_TYPE (MsiPreferencesWindow, msi_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)
G_GNUC_END_IGNORE_DEPRECATIONS

#define N_ENTRY_ROWS 12

/* The entry rows in the order of the form; each row's widget name is the
 * MsiProfile property and GSettings key it edits. */
static void
get_entry_rows (MsiPreferencesWindow *self,
                AdwEntryRow          *rows[N_ENTRY_ROWS])
{
  rows[0] = self->name_row;
  rows[1] = self->actions_url_row;
  rows[2] = self->actions_client_id_row;
  rows[3] = self->salesforce_login_url_row;
  rows[4] = self->salesforce_client_id_row;
  rows[5] = self->marketo_rest_url_row;
  rows[6] = self->microsoft_authority_row;
  rows[7] = self->microsoft_client_id_row;
  rows[8] = self->google_discovery_url_row;
  rows[9] = self->google_client_id_row;
  rows[10] = self->package_version_row;
  rows[11] = self->package_version_id_row;
}

static void
toast (MsiPreferencesWindow *self,
       const char           *message)
{
  g_autofree char *escaped = g_markup_escape_text (message, -1);

  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self), adw_toast_new (escaped));
  G_GNUC_END_IGNORE_DEPRECATIONS
}

static gboolean
custom_profile_saved (MsiPreferencesWindow *self)
{
  g_auto(GStrv) profiles = g_settings_get_strv (msi_application_get_settings (self->application), "profiles");

  return g_strv_contains ((const char * const *)profiles, CUSTOM_PROFILE_ID);
}

static void
sync_from_settings (MsiPreferencesWindow *self)
{
  g_autoptr(GSettings) profile_settings = NULL;
  g_autofree char *active = NULL;
  AdwEntryRow *rows[N_ENTRY_ROWS];

  self->updating = TRUE;

  profile_settings = msi_application_dup_profile_settings (self->application, CUSTOM_PROFILE_ID);
  get_entry_rows (self, rows);
  for (guint i = 0; i < N_ENTRY_ROWS; i++)
    {
      g_autofree char *value = g_settings_get_string (profile_settings,
                                                      gtk_widget_get_name (GTK_WIDGET (rows[i])));

      gtk_editable_set_text (GTK_EDITABLE (rows[i]), value);
    }

  active = g_settings_get_string (msi_application_get_settings (self->application), "active-profile");
  gtk_widget_set_sensitive (GTK_WIDGET (self->custom_check), custom_profile_saved (self));
  if (g_str_equal (active, MSI_PROFILE_DEMO_ID))
    gtk_check_button_set_active (self->demo_check, TRUE);
  else if (g_str_equal (active, CUSTOM_PROFILE_ID))
    gtk_check_button_set_active (self->custom_check, TRUE);

  self->updating = FALSE;
}

static void
entry_changed_cb (MsiPreferencesWindow *self,
                  GtkEditable          *editable)
{
  gtk_widget_remove_css_class (GTK_WIDGET (editable), "error");
}

static void
demo_toggled_cb (MsiPreferencesWindow *self,
                 GtkCheckButton       *check)
{
  if (self->updating || !gtk_check_button_get_active (check))
    return;

  msi_application_use_demo (self->application);
}

static void
custom_toggled_cb (MsiPreferencesWindow *self,
                   GtkCheckButton       *check)
{
  if (self->updating || !gtk_check_button_get_active (check))
    return;

  msi_application_use_profile (self->application, CUSTOM_PROFILE_ID);
}

/**
 * msi_preferences_window_save:
 *
 * Checks the custom profile's fields; when they are good, stores them and
 * makes the profile active. When not, marks the first wrong field, moves
 * the focus there, and stores nothing.
 */
gboolean
msi_preferences_window_save (MsiPreferencesWindow  *self,
                             GError               **error)
{
  g_autoptr(MsiProfile) profile = msi_profile_new (CUSTOM_PROFILE_ID);
  g_autoptr(GSettings) profile_settings = NULL;
  g_autoptr(GStrvBuilder) builder = NULL;
  g_auto(GStrv) profiles = NULL;
  g_auto(GStrv) new_profiles = NULL;
  GSettings *settings;
  const char *failed = NULL;
  AdwEntryRow *rows[N_ENTRY_ROWS];

  g_return_val_if_fail (MSI_IS_PREFERENCES_WINDOW (self), FALSE);

  get_entry_rows (self, rows);
  for (guint i = 0; i < N_ENTRY_ROWS; i++)
    {
      gtk_widget_remove_css_class (GTK_WIDGET (rows[i]), "error");
      g_object_set (profile,
                    gtk_widget_get_name (GTK_WIDGET (rows[i])),
                    gtk_editable_get_text (GTK_EDITABLE (rows[i])),
                    NULL);
    }

  if (!msi_profile_validate (profile, &failed, error))
    {
      for (guint i = 0; i < N_ENTRY_ROWS; i++)
        if (g_strcmp0 (gtk_widget_get_name (GTK_WIDGET (rows[i])), failed) == 0)
          {
            gtk_widget_add_css_class (GTK_WIDGET (rows[i]), "error");
            gtk_widget_grab_focus (GTK_WIDGET (rows[i]));
          }
      return FALSE;
    }

  settings = msi_application_get_settings (self->application);
  profile_settings = msi_application_dup_profile_settings (self->application, CUSTOM_PROFILE_ID);
  msi_profile_save_to_settings (profile, profile_settings);

  profiles = g_settings_get_strv (settings, "profiles");
  if (!g_strv_contains ((const char * const *)profiles, CUSTOM_PROFILE_ID))
    {
      builder = g_strv_builder_new ();
      g_strv_builder_addv (builder, (const char **)profiles);
      g_strv_builder_add (builder, CUSTOM_PROFILE_ID);
      new_profiles = g_strv_builder_end (builder);
      g_settings_set_strv (settings, "profiles", (const char * const *)new_profiles);
    }

  msi_application_use_profile (self->application, CUSTOM_PROFILE_ID);
  sync_from_settings (self);

  return TRUE;
}

static void
save_clicked_cb (MsiPreferencesWindow *self,
                 GtkButton            *button)
{
  g_autoptr(GError) error = NULL;

  if (!msi_preferences_window_save (self, &error))
    toast (self, error->message);
  else
    toast (self, _("Profile saved and in use"));
}

static void
forgotten_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(MsiPreferencesWindow) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!msi_consent_forget_sign_ins_finish (result, &error))
    {
      g_autofree char *message = g_strdup_printf (_("Could not forget the sign-ins: %s"), error->message);

      toast (self, message);
      return;
    }

  toast (self, _("Sign-ins forgotten"));
}

static void
forget_clicked_cb (MsiPreferencesWindow *self,
                   GtkButton            *button)
{
  msi_consent_forget_sign_ins_async (NULL, forgotten_cb, g_object_ref (self));
}

void
msi_preferences_window_focus_custom_profile (MsiPreferencesWindow *self)
{
  g_return_if_fail (MSI_IS_PREFERENCES_WINDOW (self));

  gtk_widget_grab_focus (GTK_WIDGET (self->name_row));
}

/**
 * msi_preferences_window_propose_profile:
 * @name: a name for the profile, such as the service's host
 * @actions_url: the Sales account's base URL
 *
 * Fills in the custom profile's name and Sales account URL (an invitation
 * for a service without a profile), and moves the focus to the next
 * field to fill in. Nothing is saved until the person chooses Save.
 */
void
msi_preferences_window_propose_profile (MsiPreferencesWindow *self,
                                        const char           *name,
                                        const char           *actions_url)
{
  g_return_if_fail (MSI_IS_PREFERENCES_WINDOW (self));
  g_return_if_fail (name != NULL);
  g_return_if_fail (actions_url != NULL);

  gtk_editable_set_text (GTK_EDITABLE (self->name_row), name);
  gtk_editable_set_text (GTK_EDITABLE (self->actions_url_row), actions_url);
  gtk_widget_grab_focus (GTK_WIDGET (self->actions_client_id_row));
}

static void
msi_preferences_window_dispose (GObject *object)
{
  MsiPreferencesWindow *self = (MsiPreferencesWindow *)object;

  gtk_widget_dispose_template (GTK_WIDGET (self), MSI_TYPE_PREFERENCES_WINDOW);
  g_clear_object (&self->application);

  G_OBJECT_CLASS (msi_preferences_window_parent_class)->dispose (object);
}

static void
msi_preferences_window_class_init (MsiPreferencesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = msi_preferences_window_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/msi-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, MsiPreferencesWindow, demo_check);
  gtk_widget_class_bind_template_child (widget_class, MsiPreferencesWindow, custom_check);
  gtk_widget_class_bind_template_child (widget_class, MsiPreferencesWindow, custom_group);
  gtk_widget_class_bind_template_child (widget_class, MsiPreferencesWindow, name_row);
  gtk_widget_class_bind_template_child (widget_class, MsiPreferencesWindow, actions_url_row);
  gtk_widget_class_bind_template_child (widget_class, MsiPreferencesWindow, actions_client_id_row);
  gtk_widget_class_bind_template_child (widget_class, MsiPreferencesWindow, salesforce_login_url_row);
  gtk_widget_class_bind_template_child (widget_class, MsiPreferencesWindow, salesforce_client_id_row);
  gtk_widget_class_bind_template_child (widget_class, MsiPreferencesWindow, marketo_rest_url_row);
  gtk_widget_class_bind_template_child (widget_class, MsiPreferencesWindow, microsoft_authority_row);
  gtk_widget_class_bind_template_child (widget_class, MsiPreferencesWindow, microsoft_client_id_row);
  gtk_widget_class_bind_template_child (widget_class, MsiPreferencesWindow, google_discovery_url_row);
  gtk_widget_class_bind_template_child (widget_class, MsiPreferencesWindow, google_client_id_row);
  gtk_widget_class_bind_template_child (widget_class, MsiPreferencesWindow, package_version_row);
  gtk_widget_class_bind_template_child (widget_class, MsiPreferencesWindow, package_version_id_row);
  gtk_widget_class_bind_template_callback (widget_class, entry_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, demo_toggled_cb);
  gtk_widget_class_bind_template_callback (widget_class, custom_toggled_cb);
  gtk_widget_class_bind_template_callback (widget_class, save_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, forget_clicked_cb);
}

static void
msi_preferences_window_init (MsiPreferencesWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

MsiPreferencesWindow *
msi_preferences_window_new (MsiApplication *application)
{
  MsiPreferencesWindow *self;

  g_return_val_if_fail (MSI_IS_APPLICATION (application), NULL);

  self = g_object_new (MSI_TYPE_PREFERENCES_WINDOW, NULL);
  self->application = g_object_ref (application);
  sync_from_settings (self);

  return self;
}
