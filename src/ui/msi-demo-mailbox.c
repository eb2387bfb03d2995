/* SPDX-License-Identifier: GPL-3.0-or-later */
/* msi-demo-mailbox.c: the demo server's outbox, read like a mailbox */

#define G_LOG_DOMAIN "msi-demo-mailbox"

#include "config.h"

#include <glib/gi18n.h>

#include "msi-demo-mailbox.h"
#include "msi-http-client.h"
#include "msi-json.h"
#include "msi-ui-util.h"

/*
 * In demo mode nobody receives the welcome mails: the demo server keeps
 * them in an outbox (GET /demo/outbox, loopback only). This window lists
 * them (to, subject, date); a message shows its text and its Get Started
 * button, which opens the link the way the desktop would: through the
 * application's "open", as a click in a mail app does.
 */

struct _MsiDemoMailbox
{
  AdwWindow       parent_instance;

  MsiApplication *application;
  GCancellable   *cancellable;
  JsonArray      *messages;
  char           *link;       /* the open message's Get started link */
  gboolean        loading;

  /* Template widgets */
  GtkStack       *view_stack;
  GtkStack       *list_stack;
  GtkSpinner     *spinner;
  AdwStatusPage  *error_page;
  GtkListBox     *message_list;
  AdwWindowTitle *message_title;
  GtkLabel       *subject_label;
  GtkLabel       *header_label;
  GtkWidget      *get_started_button;
  GtkLabel       *body_label;
};

enum {
  PROP_0,
  PROP_LOADING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (MsiDemoMailbox, msi_demo_mailbox, ADW_TYPE_WINDOW)

static void
set_loading (MsiDemoMailbox *self,
             gboolean        loading)
{
  if (self->loading == loading)
    return;

  self->loading = loading;
  gtk_spinner_set_spinning (self->spinner, loading);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

static JsonObject *
nth_message (MsiDemoMailbox *self,
             guint           index)
{
  JsonNode *node;

  if (self->messages == NULL || index >= json_array_get_length (self->messages))
    return NULL;

  node = json_array_get_element (self->messages, index);
  return JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

/* "Ana Rep <ana@example.com>", or the address alone. */
static char *
format_recipient (JsonObject *message)
{
  const char *name = msi_json_get_string (message, "toName");
  const char *address = msi_json_get_string (message, "to");

  if (name != NULL && *name != '\0' && address != NULL)
    /* TRANSLATORS: a mail recipient: name, then address */
    return g_strdup_printf (_("%s <%s>"), name, address);

  return g_strdup (address ? address : "");
}

static void
fill_list (MsiDemoMailbox *self)
{
  GtkWidget *child;
  guint n = self->messages ? json_array_get_length (self->messages) : 0;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->message_list))) != NULL)
    gtk_list_box_remove (self->message_list, child);

  for (guint i = 0; i < n; i++)
    {
      JsonObject *message = nth_message (self, i);
      GtkWidget *row;
      GtkWidget *arrow;
      g_autofree char *recipient = NULL;
      g_autofree char *date = NULL;
      g_autofree char *subtitle = NULL;
      g_autofree char *title = NULL;
      g_autofree char *escaped_subtitle = NULL;

      if (message == NULL)
        continue;

      recipient = format_recipient (message);
      date = msi_format_iso_date (msi_json_get_string (message, "sentAt"));
      /* TRANSLATORS: a mail in the list: its recipient, then when it was sent */
      subtitle = g_strdup_printf (_("To %s · %s"), recipient, date ? date : "");
      title = g_markup_escape_text (msi_json_get_string (message, "subject") ? msi_json_get_string (message, "subject") : "", -1);
      escaped_subtitle = g_markup_escape_text (subtitle, -1);

      row = adw_action_row_new ();
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), escaped_subtitle);
      adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 2);
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      arrow = gtk_image_new_from_icon_name ("go-next-symbolic");
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), arrow);
      g_object_set_data (G_OBJECT (row), "msi-index", GUINT_TO_POINTER (i));
      gtk_list_box_append (self->message_list, row);
    }

  gtk_stack_set_visible_child_name (self->list_stack, n > 0 ? "messages" : "empty");
}

static void
outbox_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(MsiDemoMailbox) self = user_data;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GError) error = NULL;
  JsonArray *messages = NULL;

  node = msi_http_client_request_json_finish (MSI_HTTP_CLIENT (object), result, NULL, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  set_loading (self, FALSE);
  if (node != NULL && JSON_NODE_HOLDS_OBJECT (node) &&
      json_object_has_member (json_node_get_object (node), "messages") &&
      JSON_NODE_HOLDS_ARRAY (json_object_get_member (json_node_get_object (node), "messages")))
    messages = json_object_get_array_member (json_node_get_object (node), "messages");

  if (messages == NULL)
    {
      g_autofree char *escaped = g_markup_escape_text (error ? error->message
                                                             : _("The demo server’s reply has no list of messages."), -1);

      adw_status_page_set_description (self->error_page, escaped);
      gtk_stack_set_visible_child_name (self->list_stack, "error");
      return;
    }

  g_clear_pointer (&self->messages, json_array_unref);
  self->messages = json_array_ref (messages);
  fill_list (self);
}

/**
 * msi_demo_mailbox_reload:
 *
 * Reads the outbox of the demo server the demo profile uses.
 */
void
msi_demo_mailbox_reload (MsiDemoMailbox *self)
{
  MsiProfile *profile;
  g_autoptr(MsiHttpClient) client = NULL;

  g_return_if_fail (MSI_IS_DEMO_MAILBOX (self));

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();

  profile = msi_application_get_profile (self->application);
  if (profile == NULL || !msi_profile_is_demo (profile))
    {
      adw_status_page_set_description (self->error_page,
                                       _("The demo mailbox belongs to the demo: switch to the demo profile to read it."));
      gtk_stack_set_visible_child_name (self->list_stack, "error");
      set_loading (self, FALSE);
      return;
    }

  set_loading (self, TRUE);
  gtk_stack_set_visible_child_name (self->list_stack, "loading");
  client = msi_http_client_new (NULL, msi_profile_get_actions_url (profile));
  msi_http_client_request_json_async (client, "GET", "/demo/outbox", NULL, MSI_HTTP_FLAGS_NONE,
                                      self->cancellable, outbox_cb, g_object_ref (self));
}

/**
 * msi_demo_mailbox_open_message:
 * @index: the message's position in the list, newest first
 *
 * Shows a message's text and its Get Started button.
 */
void
msi_demo_mailbox_open_message (MsiDemoMailbox *self,
                               guint           index)
{
  JsonObject *message;
  g_autofree char *recipient = NULL;
  g_autofree char *date = NULL;
  g_autofree char *header = NULL;
  const char *subject;

  g_return_if_fail (MSI_IS_DEMO_MAILBOX (self));

  message = nth_message (self, index);
  if (message == NULL)
    return;

  subject = msi_json_get_string (message, "subject");
  recipient = format_recipient (message);
  date = msi_format_iso_date (msi_json_get_string (message, "sentAt"));
  /* TRANSLATORS: a mail's header: recipient, then the date */
  header = g_strdup_printf (_("To: %s\nSent: %s"), recipient, date ? date : "");

  g_free (self->link);
  self->link = g_strdup (msi_json_get_string (message, "link"));

  adw_window_title_set_title (self->message_title, subject ? subject : "");
  gtk_label_set_label (self->subject_label, subject ? subject : "");
  gtk_label_set_label (self->header_label, header);
  gtk_label_set_label (self->body_label, msi_json_get_string (message, "body") ? msi_json_get_string (message, "body") : "");
  gtk_widget_set_visible (self->get_started_button, self->link != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "mailbox.get-started", self->link != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "mailbox.back", TRUE);
  gtk_stack_set_visible_child_name (self->view_stack, "message");
  if (self->link != NULL)
    gtk_widget_grab_focus (self->get_started_button);
}

static void
row_activated_cb (MsiDemoMailbox *self,
                  GtkListBoxRow  *row,
                  GtkListBox     *list)
{
  msi_demo_mailbox_open_message (self, GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (row), "msi-index")));
}

static void
reload_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  msi_demo_mailbox_reload (MSI_DEMO_MAILBOX (widget));
}

static void
back_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  MsiDemoMailbox *self = MSI_DEMO_MAILBOX (widget);

  gtk_stack_set_visible_child_name (self->view_stack, "list");
  gtk_widget_action_set_enabled (widget, "mailbox.back", FALSE);
  gtk_widget_action_set_enabled (widget, "mailbox.get-started", FALSE);
}

static void
get_started_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *param)
{
  MsiDemoMailbox *self = MSI_DEMO_MAILBOX (widget);
  g_autoptr(GFile) file = NULL;

  if (self->link == NULL)
    return;

  /* As the desktop opens a link of our scheme: GApplication's open. */
  file = g_file_new_for_uri (self->link);
  g_application_open (G_APPLICATION (self->application), &file, 1, "");
  gtk_window_close (GTK_WINDOW (self));
}

static void
msi_demo_mailbox_dispose (GObject *object)
{
  MsiDemoMailbox *self = (MsiDemoMailbox *)object;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);

  gtk_widget_dispose_template (GTK_WIDGET (self), MSI_TYPE_DEMO_MAILBOX);

  g_clear_pointer (&self->messages, json_array_unref);
  g_clear_pointer (&self->link, g_free);
  g_clear_object (&self->application);

  G_OBJECT_CLASS (msi_demo_mailbox_parent_class)->dispose (object);
}

static void
msi_demo_mailbox_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  MsiDemoMailbox *self = MSI_DEMO_MAILBOX (object);

  switch (prop_id)
    {
    case PROP_LOADING:
      g_value_set_boolean (value, self->loading);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
msi_demo_mailbox_class_init (MsiDemoMailboxClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = msi_demo_mailbox_dispose;
  object_class->get_property = msi_demo_mailbox_get_property;

  properties[PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL, FALSE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/msi-demo-mailbox.ui");
  gtk_widget_class_bind_template_child (widget_class, MsiDemoMailbox, view_stack);
  gtk_widget_class_bind_template_child (widget_class, MsiDemoMailbox, list_stack);
  gtk_widget_class_bind_template_child (widget_class, MsiDemoMailbox, spinner);
  gtk_widget_class_bind_template_child (widget_class, MsiDemoMailbox, error_page);
  gtk_widget_class_bind_template_child (widget_class, MsiDemoMailbox, message_list);
  gtk_widget_class_bind_template_child (widget_class, MsiDemoMailbox, message_title);
  gtk_widget_class_bind_template_child (widget_class, MsiDemoMailbox, subject_label);
  gtk_widget_class_bind_template_child (widget_class, MsiDemoMailbox, header_label);
  gtk_widget_class_bind_template_child (widget_class, MsiDemoMailbox, get_started_button);
  gtk_widget_class_bind_template_child (widget_class, MsiDemoMailbox, body_label);
  gtk_widget_class_bind_template_callback (widget_class, row_activated_cb);

  gtk_widget_class_install_action (widget_class, "mailbox.reload", NULL, reload_action);
  gtk_widget_class_install_action (widget_class, "mailbox.back", NULL, back_action);
  gtk_widget_class_install_action (widget_class, "mailbox.get-started", NULL, get_started_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F5, 0, "mailbox.reload", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_r, GDK_CONTROL_MASK, "mailbox.reload", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Left, GDK_ALT_MASK, "mailbox.back", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
msi_demo_mailbox_init (MsiDemoMailbox *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "mailbox.back", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "mailbox.get-started", FALSE);
}

MsiDemoMailbox *
msi_demo_mailbox_new (MsiApplication *application)
{
  MsiDemoMailbox *self;

  g_return_val_if_fail (MSI_IS_APPLICATION (application), NULL);

  self = g_object_new (MSI_TYPE_DEMO_MAILBOX, "application", application, NULL);
  self->application = g_object_ref (application);
  msi_demo_mailbox_reload (self);

  return self;
}

gboolean
msi_demo_mailbox_get_loading (MsiDemoMailbox *self)
{
  g_return_val_if_fail (MSI_IS_DEMO_MAILBOX (self), FALSE);

  return self->loading;
}

guint
msi_demo_mailbox_get_n_messages (MsiDemoMailbox *self)
{
  g_return_val_if_fail (MSI_IS_DEMO_MAILBOX (self), 0);

  return self->messages ? json_array_get_length (self->messages) : 0;
}

/* The open message's Get started link, or NULL. */
const char *
msi_demo_mailbox_get_link (MsiDemoMailbox *self)
{
  g_return_val_if_fail (MSI_IS_DEMO_MAILBOX (self), NULL);

  return self->link;
}

/* The address the message at @index went to, or NULL. */
const char *
msi_demo_mailbox_get_recipient (MsiDemoMailbox *self,
                                guint           index)
{
  g_return_val_if_fail (MSI_IS_DEMO_MAILBOX (self), NULL);

  return msi_json_get_string (nth_message (self, index), "to");
}

/* "list" or "message". */
const char *
msi_demo_mailbox_get_view (MsiDemoMailbox *self)
{
  g_return_val_if_fail (MSI_IS_DEMO_MAILBOX (self), NULL);

  return gtk_stack_get_visible_child_name (self->view_stack);
}
