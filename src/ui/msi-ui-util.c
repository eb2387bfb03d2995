/* SPDX-License-Identifier: GPL-3.0-or-later */
/* msi-ui-util.c: small helpers the windows share */

#define G_LOG_DOMAIN "msi-ui-util"

#include "config.h"

#include <adwaita.h>

#include "msi-ui-util.h"

/**
 * msi_open_uri_async:
 * @widget: a widget on the display to open @uri from
 * @uri: an http(s) address
 *
 * Opens @uri in the desktop's default browser: through the OpenURI portal
 * in a sandbox, with a launch context for startup notification.
 * Finish with msi_open_uri_finish().
 */
void
msi_open_uri_async (GtkWidget           *widget,
                    const char          *uri,
                    GAsyncReadyCallback  callback,
                    gpointer             user_data)
{
  g_autoptr(GdkAppLaunchContext) context = NULL;

  g_return_if_fail (GTK_IS_WIDGET (widget));
  g_return_if_fail (uri != NULL);

  context = gdk_display_get_app_launch_context (gtk_widget_get_display (widget));
  g_app_info_launch_default_for_uri_async (uri, G_APP_LAUNCH_CONTEXT (context), NULL,
                                           callback, user_data);
}

gboolean
msi_open_uri_finish (GAsyncResult  *result,
                     GError       **error)
{
  return g_app_info_launch_default_for_uri_finish (result, error);
}

static gboolean
destroy_cb (gpointer user_data)
{
  gtk_window_destroy (GTK_WINDOW (user_data));
  return G_SOURCE_REMOVE;
}

/**
 * msi_window_destroy_later:
 *
 * Hides @window now and destroys it from the main loop: for windows that
 * finish inside a signal of one of their own children (a web view's
 * decide-policy, say), where destroying at once would pull the widget out
 * from under its emission.
 */
void
msi_window_destroy_later (GtkWindow *window)
{
  g_return_if_fail (GTK_IS_WINDOW (window));

  gtk_widget_set_visible (GTK_WIDGET (window), FALSE);
  g_idle_add_full (G_PRIORITY_DEFAULT, destroy_cb, g_object_ref (window), g_object_unref);
}

/**
 * msi_show_toast:
 * @widget: a widget inside an MsiWindow
 * @text: plain text
 *
 * Shows @text in the window's toast overlay (the win.show-toast action).
 */
void
msi_show_toast (GtkWidget  *widget,
                const char *text)
{
  g_return_if_fail (GTK_IS_WIDGET (widget));
  g_return_if_fail (text != NULL);

  gtk_widget_activate_action (widget, "win.show-toast", "s", text);
}

/**
 * msi_add_toast:
 * @widget: a widget under an AdwToastOverlay (an assistant, a dialog, a
 *   window)
 * @text: plain text
 *
 * Shows @text in the nearest toast overlay above @widget, or in the main
 * window's when there is none.
 */
void
msi_add_toast (GtkWidget  *widget,
               const char *text)
{
  GtkWidget *overlay;
  g_autofree char *escaped = NULL;

  g_return_if_fail (GTK_IS_WIDGET (widget));
  g_return_if_fail (text != NULL);

  overlay = gtk_widget_get_ancestor (widget, ADW_TYPE_TOAST_OVERLAY);
  if (overlay == NULL)
    {
      msi_show_toast (widget, text);
      return;
    }

  escaped = g_markup_escape_text (text, -1);
  adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), adw_toast_new (escaped));
}

/* Tells the window that a setup step may have changed: the checklist and
 * the pages re-read the service (the win.setup-changed action). */
void
msi_setup_changed (GtkWidget *widget)
{
  g_return_if_fail (GTK_IS_WIDGET (widget));

  gtk_widget_activate_action (widget, "win.setup-changed", NULL);
}

/* Marks an entry row (or any widget) as holding a wrong value. */
void
msi_mark_invalid (GtkWidget *widget,
                  gboolean   invalid)
{
  g_return_if_fail (GTK_IS_WIDGET (widget));

  if (invalid)
    gtk_widget_add_css_class (widget, "error");
  else
    gtk_widget_remove_css_class (widget, "error");
}

/* Puts @text on the clipboard and says so with @toast (plain text). */
void
msi_copy_text (GtkWidget  *widget,
               const char *text,
               const char *toast)
{
  g_return_if_fail (GTK_IS_WIDGET (widget));
  g_return_if_fail (text != NULL);

  gdk_clipboard_set_text (gtk_widget_get_clipboard (widget), text);
  if (toast != NULL)
    msi_show_toast (widget, toast);
}

/* An ISO 8601 time from a service, in the person's time zone and locale;
 * the text itself when it does not parse. */
char *
msi_format_iso_date (const char *iso8601)
{
  g_autoptr(GDateTime) utc = NULL;
  g_autoptr(GDateTime) local = NULL;

  if (iso8601 == NULL)
    return NULL;

  utc = g_date_time_new_from_iso8601 (iso8601, NULL);
  if (utc == NULL)
    return g_strdup (iso8601);

  local = g_date_time_to_local (utc);
  return g_date_time_format (local, "%x, %R");
}

/**
 * msi_list_view_show_model:
 * @selection: (inout): the view's selection model, replaced
 * @model: (nullable): the items to show
 *
 * Shows @model in @view through a new GtkNoSelection. Giving the old
 * selection a new model would remove the old items one range at a time
 * (a million-row model took 1.4 s on GTK 4.8); a new selection model lets
 * the view drop them at once.
 */
void
msi_list_view_show_model (GtkListView     *view,
                          GtkNoSelection **selection,
                          GListModel      *model)
{
  g_return_if_fail (GTK_IS_LIST_VIEW (view));
  g_return_if_fail (selection != NULL);

  if (*selection != NULL && gtk_no_selection_get_model (*selection) == model)
    return;

  g_clear_object (selection);
  *selection = gtk_no_selection_new (model != NULL ? g_object_ref (model) : NULL);
  gtk_list_view_set_model (view, GTK_SELECTION_MODEL (*selection));
}
