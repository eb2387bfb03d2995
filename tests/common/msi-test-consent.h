/* SPDX-License-Identifier: GPL-3.0-or-later */
/* msi-test-consent.h: driving the real consent view with JavaScript, as a person clicks */

#pragma once

#include "common/msi-test-ui.h"
#include "msi-consent-dialog.h"

/* --- driving the consent view ------------------------------------------------ */

static G_GNUC_UNUSED MsiConsentDialog *
find_consent_dialog (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (MSI_IS_CONSENT_DIALOG (window) && gtk_widget_get_visible (GTK_WIDGET (window)))
        return MSI_CONSENT_DIALOG (window);
    }

  return NULL;
}

static G_GNUC_UNUSED gboolean
consent_shown (gpointer data)
{
  MsiConsentDialog **dialog = data;

  *dialog = find_consent_dialog ();
  return *dialog != NULL;
}

static G_GNUC_UNUSED gboolean
no_consent_shown (gpointer data)
{
  return find_consent_dialog () == NULL;
}

typedef struct
{
  gboolean  done;
  char     *text;
} JsResult;

static G_GNUC_UNUSED void
js_cb (GObject      *object,
       GAsyncResult *result,
       gpointer      user_data)
{
  JsResult *js = user_data;
  g_autoptr(JSCValue) value = NULL;

  value = webkit_web_view_evaluate_javascript_finish (WEBKIT_WEB_VIEW (object), result, NULL);
  if (value != NULL && !jsc_value_is_undefined (value) && !jsc_value_is_null (value))
    js->text = jsc_value_to_string (value);
  js->done = TRUE;
}

static G_GNUC_UNUSED gboolean
js_done (gpointer data)
{
  return ((JsResult *)data)->done;
}

/* Runs @script in the page; returns what it evaluated to, as text. */
static G_GNUC_UNUSED char *
run_js (MsiConsentDialog *dialog,
        const char       *script)
{
  JsResult js = { FALSE, NULL };

  webkit_web_view_evaluate_javascript (msi_consent_dialog_get_web_view (dialog), script, -1,
                                       NULL, NULL, NULL, js_cb, &js);
  iterate_until (js_done, &js, 30);
  return js.text;
}

typedef struct
{
  MsiConsentDialog *dialog;
  const char       *element_id;
} WaitElement;

static G_GNUC_UNUSED gboolean
element_present (gpointer data)
{
  WaitElement *wait = data;
  g_autofree char *script = NULL;
  g_autofree char *answer = NULL;

  if (find_consent_dialog () != wait->dialog)
    return FALSE;
  if (webkit_web_view_is_loading (msi_consent_dialog_get_web_view (wait->dialog)))
    return FALSE;
  script = g_strdup_printf ("document.getElementById('%s') !== null", wait->element_id);
  answer = run_js (wait->dialog, script);
  return g_strcmp0 (answer, "true") == 0;
}

static G_GNUC_UNUSED void
wait_for_element (MsiConsentDialog *dialog,
                  const char       *element_id)
{
  WaitElement wait = { dialog, element_id };

  iterate_until (element_present, &wait, 60);
}

static G_GNUC_UNUSED gboolean
has_element (MsiConsentDialog *dialog,
             const char       *element_id)
{
  g_autofree char *script = g_strdup_printf ("document.getElementById('%s') !== null", element_id);
  g_autofree char *answer = run_js (dialog, script);

  return g_strcmp0 (answer, "true") == 0;
}

static G_GNUC_UNUSED void
click (MsiConsentDialog *dialog,
       const char       *element_id)
{
  g_autofree char *script = g_strdup_printf ("document.getElementById('%s').click(); true", element_id);
  g_autofree char *answer = run_js (dialog, script);
}

static G_GNUC_UNUSED void
fill (MsiConsentDialog *dialog,
      const char       *element_id,
      const char       *value)
{
  g_autofree char *script = g_strdup_printf ("document.getElementById('%s').value = '%s'; true",
                                             element_id, value);
  g_autofree char *answer = run_js (dialog, script);
}

