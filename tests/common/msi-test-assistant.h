/* SPDX-License-Identifier: GPL-3.0-or-later */
/* msi-test-assistant.h: finding and reading the onboarding assistant in the UI and e2e tests */

#pragma once

#include <string.h>

#include "common/msi-test-ui.h"
#include "msi-onboarding-assistant.h"

static G_GNUC_UNUSED MsiOnboardingAssistant *
find_assistant (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (MSI_IS_ONBOARDING_ASSISTANT (window) && gtk_widget_get_visible (GTK_WIDGET (window)))
        return MSI_ONBOARDING_ASSISTANT (window);
    }

  return NULL;
}

/* A label's text as the person reads it: markup and mnemonics gone. */
static G_GNUC_UNUSED char *
visible_label_text (GtkLabel *label)
{
  const char *text = gtk_label_get_text (label);

  if (gtk_label_get_use_underline (label))
    {
      GString *out = g_string_new (NULL);

      for (const char *p = text; *p != '\0'; p++)
        {
          if (*p == '_' && p[1] == '_')
            g_string_append_c (out, *p++);
          else if (*p != '_')
            g_string_append_c (out, *p);
        }
      return g_string_free (out, FALSE);
    }

  return g_strdup (text);
}

static G_GNUC_UNUSED void
collect_texts (GtkWidget *widget,
               GPtrArray *texts)
{
  if (!gtk_widget_get_mapped (widget))
    return;

  if (GTK_IS_LABEL (widget))
    {
      char *text = visible_label_text (GTK_LABEL (widget));

      if (*text != '\0')
        g_ptr_array_add (texts, text);
      else
        g_free (text);
    }

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    collect_texts (child, texts);
}

/* Every text on screen in @widget, as the person reads it. */
static G_GNUC_UNUSED GPtrArray *
visible_texts (GtkWidget *widget)
{
  GPtrArray *texts = g_ptr_array_new_with_free_func (g_free);

  collect_texts (widget, texts);
  return texts;
}

static G_GNUC_UNUSED gboolean
texts_contain (GPtrArray  *texts,
               const char *needle)
{
  for (guint i = 0; i < texts->len; i++)
    if (strstr (g_ptr_array_index (texts, i), needle) != NULL)
      return TRUE;

  return FALSE;
}

/* The visible, sensitive button of @widget's tree whose label reads @label. */
static G_GNUC_UNUSED GtkButton *
find_button (GtkWidget  *widget,
             const char *label)
{
  if (!gtk_widget_get_mapped (widget))
    return NULL;

  if (GTK_IS_BUTTON (widget) && gtk_button_get_label (GTK_BUTTON (widget)) != NULL)
    {
      g_autofree char *plain = NULL;
      GString *out = g_string_new (NULL);

      for (const char *p = gtk_button_get_label (GTK_BUTTON (widget)); *p; p++)
        if (*p != '_')
          g_string_append_c (out, *p);
      plain = g_string_free (out, FALSE);
      if (g_str_equal (plain, label))
        return GTK_BUTTON (widget);
    }

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkButton *found = find_button (child, label);

      if (found != NULL)
        return found;
    }

  return NULL;
}

/* Whether @widget has a shortcut @trigger ("<Control>b") that activates
 * @action_name: what the keyboard path relies on. */
static G_GNUC_UNUSED gboolean
has_shortcut (GtkWidget  *widget,
              const char *trigger,
              const char *action_name)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (widget);
  g_autoptr(GtkShortcutTrigger) wanted = gtk_shortcut_trigger_parse_string (trigger);

  g_assert_nonnull (wanted);
  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GObject) controller = g_list_model_get_item (controllers, i);

      if (!GTK_IS_SHORTCUT_CONTROLLER (controller))
        continue;
      for (guint j = 0; j < g_list_model_get_n_items (G_LIST_MODEL (controller)); j++)
        {
          g_autoptr(GtkShortcut) shortcut = g_list_model_get_item (G_LIST_MODEL (controller), j);
          GtkShortcutAction *action = gtk_shortcut_get_action (shortcut);

          if (GTK_IS_NAMED_ACTION (action) &&
              g_str_equal (gtk_named_action_get_action_name (GTK_NAMED_ACTION (action)), action_name) &&
              gtk_shortcut_trigger_equal (gtk_shortcut_get_trigger (shortcut), wanted))
            return TRUE;
        }
    }

  return FALSE;
}
