/* SPDX-License-Identifier: GPL-3.0-or-later */
/* msi-signature-editor.c: an e-mail signature editor with bold, italic, links and a live preview */

#define G_LOG_DOMAIN "msi-signature-editor"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "msi-signature-editor.h"
#include "msi-signature-html.h"

/*
 * The text holds the signature in the editor's plain markup
 * (msi-signature-html.h): **bold**, *italic*, [text](https://…), a new
 * line for a line break. Bold, Italic and Link (Ctrl+B, Ctrl+I, Ctrl+K)
 * put the marks around the selection, or take them away again. The
 * preview below shows the sanitized HTML as it will be sent, on every
 * change. Both the assistant's signature page and the Profile page use
 * this widget; they save msi_signature_editor_get_html().
 */

#define BOLD_MARK   "**"
#define ITALIC_MARK "*"

struct _MsiSignatureEditor
{
  AdwBin          parent_instance;

  char           *html;        /* sanitized, from the text */
  char           *saved_html;  /* as last loaded or saved */
  GtkTextMark    *link_start;  /* the selection when the link popover opened */
  GtkTextMark    *link_end;
  gboolean        valid;

  /* Template widgets */
  GtkButton      *bold_button;
  GtkButton      *italic_button;
  GtkMenuButton  *link_button;
  GtkPopover     *link_popover;
  GtkEntry       *link_entry;
  GtkLabel       *link_error_label;
  GtkTextView    *text_view;
  GtkLabel       *length_label;
  GtkLabel       *preview_label;
};

enum {
  PROP_0,
  PROP_HTML,
  PROP_VALID,
  PROP_MODIFIED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (MsiSignatureEditor, msi_signature_editor, ADW_TYPE_BIN)

static GtkTextBuffer *
get_buffer (MsiSignatureEditor *self)
{
  return gtk_text_view_get_buffer (self->text_view);
}

/* --- the preview ------------------------------------------------------------ */

static void
update_preview (MsiSignatureEditor *self)
{
  g_autofree char *markup = msi_signature_editor_dup_markup (self);
  g_autofree char *html = NULL;
  g_autofree char *pango = NULL;
  g_autofree char *text = NULL;
  gboolean was_modified = msi_signature_editor_get_modified (self);
  gboolean valid;
  gsize length;

  html = msi_signature_html_from_markup (markup);
  length = strlen (html);
  valid = length <= MSI_SIGNATURE_MAX_LENGTH;

  if (*html == '\0')
    {
      g_autofree char *escaped = g_markup_escape_text (_("Your signature appears here as it will look in your e-mails."), -1);
      g_autofree char *dimmed = g_strdup_printf ("<span alpha=\"55%%\">%s</span>", escaped);

      gtk_label_set_markup (self->preview_label, dimmed);
    }
  else
    {
      pango = msi_signature_html_to_pango (html);
      gtk_label_set_markup (self->preview_label, pango);
    }

  text = msi_signature_html_to_text (html);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->preview_label),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, text,
                                  -1);

  if (!valid)
    {
      g_autofree char *message = NULL;

      /* TRANSLATORS: %u is a number of characters, %d the limit */
      message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                              "The signature is %u character too long: a signature can hold %d characters with its formatting. Shorten it to save it.",
                                              "The signature is %u characters too long: a signature can hold %d characters with its formatting. Shorten it to save it.",
                                              (gulong)(length - MSI_SIGNATURE_MAX_LENGTH)),
                                 (guint)(length - MSI_SIGNATURE_MAX_LENGTH), MSI_SIGNATURE_MAX_LENGTH);
      gtk_label_set_label (self->length_label, message);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->length_label), !valid);

  if (g_strcmp0 (self->html, html) != 0)
    {
      g_free (self->html);
      self->html = g_steal_pointer (&html);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HTML]);
    }
  if (self->valid != valid)
    {
      self->valid = valid;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VALID]);
    }
  if (was_modified != msi_signature_editor_get_modified (self))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MODIFIED]);
}

static gboolean
preview_activate_link_cb (MsiSignatureEditor *self,
                          const char         *uri,
                          GtkLabel           *label)
{
  /* The preview only shows the link; it opens from the e-mails. */
  return TRUE;
}

/* --- bold and italic ------------------------------------------------------ */

/* Whether the @length characters before @iter are @mark, and the one
 * before those is not a '*' (so "*" does not take half of "**"). */
static gboolean
mark_before (GtkTextIter *iter,
             const char  *mark)
{
  GtkTextIter start = *iter;
  GtkTextIter before;
  g_autofree char *text = NULL;
  int length = (int)strlen (mark);

  gtk_text_iter_backward_chars (&start, length);
  if (gtk_text_iter_get_offset (iter) - gtk_text_iter_get_offset (&start) != length)
    return FALSE;
  text = gtk_text_iter_get_text (&start, iter);
  if (!g_str_equal (text, mark))
    return FALSE;

  before = start;
  if (length == 1 && gtk_text_iter_backward_char (&before) && gtk_text_iter_get_char (&before) == '*')
    return FALSE;

  return TRUE;
}

static gboolean
mark_after (GtkTextIter *iter,
            const char  *mark)
{
  GtkTextIter end = *iter;
  g_autofree char *text = NULL;
  int length = (int)strlen (mark);

  gtk_text_iter_forward_chars (&end, length);
  if (gtk_text_iter_get_offset (&end) - gtk_text_iter_get_offset (iter) != length)
    return FALSE;
  text = gtk_text_iter_get_text (iter, &end);
  if (!g_str_equal (text, mark))
    return FALSE;

  if (length == 1 && gtk_text_iter_get_char (&end) == '*')
    return FALSE;

  return TRUE;
}

/* Puts @mark around the selection, or takes it away when it is there;
 * with no selection, puts a pair at the cursor and the cursor between. */
static void
toggle_mark (MsiSignatureEditor *self,
             const char         *mark)
{
  GtkTextBuffer *buffer = get_buffer (self);
  GtkTextIter start, end;
  int length = (int)strlen (mark);

  gtk_text_buffer_begin_user_action (buffer);

  if (!gtk_text_buffer_get_selection_bounds (buffer, &start, &end))
    {
      g_autofree char *pair = g_strconcat (mark, mark, NULL);
      GtkTextIter cursor;

      gtk_text_buffer_insert_at_cursor (buffer, pair, -1);
      gtk_text_buffer_get_iter_at_mark (buffer, &cursor, gtk_text_buffer_get_insert (buffer));
      gtk_text_iter_backward_chars (&cursor, length);
      gtk_text_buffer_place_cursor (buffer, &cursor);
    }
  else
    {
      GtkTextMark *start_mark = gtk_text_buffer_create_mark (buffer, NULL, &start, TRUE);
      GtkTextMark *end_mark = gtk_text_buffer_create_mark (buffer, NULL, &end, FALSE);
      g_autofree char *selected = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
      gsize selected_length = strlen (selected);

      if (selected_length >= 2 * (gsize)length &&
          g_str_has_prefix (selected, mark) && g_str_has_suffix (selected, mark) &&
          (length > 1 || (selected[1] != '*' && selected[selected_length - 2] != '*')))
        {
          /* The marks are inside the selection: take them away. */
          GtkTextIter inner = start;

          gtk_text_iter_forward_chars (&inner, length);
          gtk_text_buffer_delete (buffer, &start, &inner);
          gtk_text_buffer_get_iter_at_mark (buffer, &end, end_mark);
          inner = end;
          gtk_text_iter_backward_chars (&inner, length);
          gtk_text_buffer_delete (buffer, &inner, &end);
        }
      else if (mark_before (&start, mark) && mark_after (&end, mark))
        {
          /* The marks are around it: take them away. */
          GtkTextIter outer = end;

          gtk_text_iter_forward_chars (&outer, length);
          gtk_text_buffer_delete (buffer, &end, &outer);
          gtk_text_buffer_get_iter_at_mark (buffer, &start, start_mark);
          outer = start;
          gtk_text_iter_backward_chars (&outer, length);
          gtk_text_buffer_delete (buffer, &outer, &start);
        }
      else
        {
          gtk_text_buffer_insert (buffer, &end, mark, -1);
          gtk_text_buffer_get_iter_at_mark (buffer, &start, start_mark);
          gtk_text_buffer_insert (buffer, &start, mark, -1);
        }

      /* The same words stay selected. */
      gtk_text_buffer_get_iter_at_mark (buffer, &start, start_mark);
      gtk_text_buffer_get_iter_at_mark (buffer, &end, end_mark);
      gtk_text_buffer_select_range (buffer, &start, &end);
      gtk_text_buffer_delete_mark (buffer, start_mark);
      gtk_text_buffer_delete_mark (buffer, end_mark);
    }

  gtk_text_buffer_end_user_action (buffer);
  gtk_widget_grab_focus (GTK_WIDGET (self->text_view));
}

static void
bold_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  toggle_mark (MSI_SIGNATURE_EDITOR (widget), BOLD_MARK);
}

static void
italic_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  toggle_mark (MSI_SIGNATURE_EDITOR (widget), ITALIC_MARK);
}

/* --- links ------------------------------------------------------------------ */

static gboolean
link_url_is_allowed (const char *url)
{
  g_autofree char *scheme = g_uri_parse_scheme (url);
  g_autoptr(GUri) uri = NULL;

  if (scheme == NULL)
    return FALSE;
  if (g_ascii_strcasecmp (scheme, "mailto") == 0)
    return url[strlen (scheme) + 1] != '\0';
  if (g_ascii_strcasecmp (scheme, "https") != 0 && g_ascii_strcasecmp (scheme, "http") != 0)
    return FALSE;

  uri = g_uri_parse (url, G_URI_FLAGS_PARSE_RELAXED, NULL);
  return uri != NULL && g_uri_get_host (uri) != NULL && *g_uri_get_host (uri) != '\0';
}

/* Markup's link text may not hold brackets; its address no spaces or
 * closing parentheses. */
static char *
link_text (const char *text)
{
  GString *out = g_string_new (NULL);

  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == '[' || *p == ']')
        continue;
      g_string_append_c (out, *p == '\n' ? ' ' : *p);
    }

  return g_string_free (out, FALSE);
}

static char *
link_address (const char *url)
{
  GString *out = g_string_new (NULL);

  for (const char *p = url; *p != '\0'; p++)
    {
      if (*p == ' ')
        g_string_append (out, "%20");
      else if (*p == ')')
        g_string_append (out, "%29");
      else if (*p == '(')
        g_string_append (out, "%28");
      else
        g_string_append_c (out, *p);
    }

  return g_string_free (out, FALSE);
}

/**
 * msi_signature_editor_add_link:
 * @url: an https:, http: or mailto: address
 *
 * Makes the selection (or, with none, the address itself) a link to @url.
 * A disallowed address changes nothing and sets @error.
 */
void
msi_signature_editor_add_link (MsiSignatureEditor  *self,
                               const char          *url,
                               GError             **error)
{
  GtkTextBuffer *buffer;
  GtkTextIter start, end;
  g_autofree char *trimmed = NULL;
  g_autofree char *text = NULL;
  g_autofree char *address = NULL;
  g_autofree char *markup = NULL;

  g_return_if_fail (MSI_IS_SIGNATURE_EDITOR (self));
  g_return_if_fail (url != NULL);

  trimmed = g_strstrip (g_strdup (url));
  if (!link_url_is_allowed (trimmed))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("A link must be a web address starting with https:// or http://, or an e-mail address starting with mailto:."));
      return;
    }

  buffer = get_buffer (self);
  if (self->link_start != NULL && self->link_end != NULL)
    {
      gtk_text_buffer_get_iter_at_mark (buffer, &start, self->link_start);
      gtk_text_buffer_get_iter_at_mark (buffer, &end, self->link_end);
      gtk_text_iter_order (&start, &end);
    }
  else
    gtk_text_buffer_get_selection_bounds (buffer, &start, &end);

  text = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
  g_strstrip (text);
  if (*text == '\0')
    {
      g_free (text);
      text = g_str_has_prefix (trimmed, "mailto:") ? g_strdup (trimmed + strlen ("mailto:")) : g_strdup (trimmed);
    }
  {
    g_autofree char *cleaned = link_text (text);

    address = link_address (trimmed);
    markup = g_strdup_printf ("[%s](%s)", cleaned, address);
  }

  gtk_text_buffer_begin_user_action (buffer);
  gtk_text_buffer_delete (buffer, &start, &end);
  gtk_text_buffer_insert (buffer, &start, markup, -1);
  gtk_text_buffer_place_cursor (buffer, &start);
  gtk_text_buffer_end_user_action (buffer);
}

static void
forget_link_selection (MsiSignatureEditor *self)
{
  GtkTextBuffer *buffer = get_buffer (self);

  if (self->link_start != NULL)
    gtk_text_buffer_delete_mark (buffer, self->link_start);
  if (self->link_end != NULL)
    gtk_text_buffer_delete_mark (buffer, self->link_end);
  self->link_start = NULL;
  self->link_end = NULL;
}

static void
link_popover_show_cb (MsiSignatureEditor *self,
                      GtkPopover         *popover)
{
  GtkTextBuffer *buffer = get_buffer (self);
  GtkTextIter start, end;

  /* The entry takes the focus: remember what was selected. */
  forget_link_selection (self);
  gtk_text_buffer_get_selection_bounds (buffer, &start, &end);
  self->link_start = gtk_text_buffer_create_mark (buffer, NULL, &start, TRUE);
  self->link_end = gtk_text_buffer_create_mark (buffer, NULL, &end, FALSE);

  gtk_editable_set_text (GTK_EDITABLE (self->link_entry), "");
  gtk_widget_set_visible (GTK_WIDGET (self->link_error_label), FALSE);
  gtk_widget_grab_focus (GTK_WIDGET (self->link_entry));
}

static void
insert_link_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *param)
{
  MsiSignatureEditor *self = MSI_SIGNATURE_EDITOR (widget);
  g_autoptr(GError) error = NULL;

  msi_signature_editor_add_link (self, gtk_editable_get_text (GTK_EDITABLE (self->link_entry)), &error);
  if (error != NULL)
    {
      gtk_label_set_label (self->link_error_label, error->message);
      gtk_widget_set_visible (GTK_WIDGET (self->link_error_label), TRUE);
      gtk_widget_add_css_class (GTK_WIDGET (self->link_entry), "error");
      gtk_widget_grab_focus (GTK_WIDGET (self->link_entry));
      return;
    }

  forget_link_selection (self);
  gtk_popover_popdown (self->link_popover);
  gtk_widget_grab_focus (GTK_WIDGET (self->text_view));
}

static void
link_entry_activate_cb (MsiSignatureEditor *self,
                        GtkEntry           *entry)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "editor.insert-link", NULL);
}

static void
link_entry_changed_cb (MsiSignatureEditor *self,
                       GtkEditable        *editable)
{
  gtk_widget_remove_css_class (GTK_WIDGET (editable), "error");
  gtk_widget_set_visible (GTK_WIDGET (self->link_error_label), FALSE);
}

static void
link_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  MsiSignatureEditor *self = MSI_SIGNATURE_EDITOR (widget);

  gtk_menu_button_popup (self->link_button);
}

/* --- GObject ---------------------------------------------------------------- */

static void
msi_signature_editor_dispose (GObject *object)
{
  MsiSignatureEditor *self = (MsiSignatureEditor *)object;

  if (self->text_view != NULL)
    forget_link_selection (self);

  gtk_widget_dispose_template (GTK_WIDGET (self), MSI_TYPE_SIGNATURE_EDITOR);

  G_OBJECT_CLASS (msi_signature_editor_parent_class)->dispose (object);
}

static void
msi_signature_editor_finalize (GObject *object)
{
  MsiSignatureEditor *self = (MsiSignatureEditor *)object;

  g_clear_pointer (&self->html, g_free);
  g_clear_pointer (&self->saved_html, g_free);

  G_OBJECT_CLASS (msi_signature_editor_parent_class)->finalize (object);
}

static void
msi_signature_editor_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  MsiSignatureEditor *self = MSI_SIGNATURE_EDITOR (object);

  switch (prop_id)
    {
    case PROP_HTML:
      g_value_set_string (value, msi_signature_editor_get_html (self));
      break;

    case PROP_VALID:
      g_value_set_boolean (value, self->valid);
      break;

    case PROP_MODIFIED:
      g_value_set_boolean (value, msi_signature_editor_get_modified (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
msi_signature_editor_set_property (GObject      *object,
                                   guint         prop_id,
                                   const GValue *value,
                                   GParamSpec   *pspec)
{
  MsiSignatureEditor *self = MSI_SIGNATURE_EDITOR (object);

  switch (prop_id)
    {
    case PROP_HTML:
      msi_signature_editor_set_html (self, g_value_get_string (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
msi_signature_editor_class_init (MsiSignatureEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = msi_signature_editor_dispose;
  object_class->finalize = msi_signature_editor_finalize;
  object_class->get_property = msi_signature_editor_get_property;
  object_class->set_property = msi_signature_editor_set_property;

  /* The sanitized HTML of the text. */
  properties[PROP_HTML] =
    g_param_spec_string ("html", NULL, NULL, NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  /* FALSE when the signature is too long to save. */
  properties[PROP_VALID] =
    g_param_spec_boolean ("valid", NULL, NULL, TRUE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  /* TRUE when the HTML differs from what was last loaded or saved. */
  properties[PROP_MODIFIED] =
    g_param_spec_boolean ("modified", NULL, NULL, FALSE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/msi-signature-editor.ui");
  gtk_widget_class_bind_template_child (widget_class, MsiSignatureEditor, bold_button);
  gtk_widget_class_bind_template_child (widget_class, MsiSignatureEditor, italic_button);
  gtk_widget_class_bind_template_child (widget_class, MsiSignatureEditor, link_button);
  gtk_widget_class_bind_template_child (widget_class, MsiSignatureEditor, link_popover);
  gtk_widget_class_bind_template_child (widget_class, MsiSignatureEditor, link_entry);
  gtk_widget_class_bind_template_child (widget_class, MsiSignatureEditor, link_error_label);
  gtk_widget_class_bind_template_child (widget_class, MsiSignatureEditor, text_view);
  gtk_widget_class_bind_template_child (widget_class, MsiSignatureEditor, length_label);
  gtk_widget_class_bind_template_child (widget_class, MsiSignatureEditor, preview_label);
  gtk_widget_class_bind_template_callback (widget_class, link_popover_show_cb);
  gtk_widget_class_bind_template_callback (widget_class, link_entry_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, link_entry_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, preview_activate_link_cb);

  gtk_widget_class_install_action (widget_class, "editor.bold", NULL, bold_action);
  gtk_widget_class_install_action (widget_class, "editor.italic", NULL, italic_action);
  gtk_widget_class_install_action (widget_class, "editor.link", NULL, link_action);
  gtk_widget_class_install_action (widget_class, "editor.insert-link", NULL, insert_link_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_b, GDK_CONTROL_MASK, "editor.bold", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_i, GDK_CONTROL_MASK, "editor.italic", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_k, GDK_CONTROL_MASK, "editor.link", NULL);
}

static void
msi_signature_editor_init (MsiSignatureEditor *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->html = g_strdup ("");
  self->saved_html = g_strdup ("");
  self->valid = TRUE;
  g_signal_connect_object (get_buffer (self), "changed",
                           G_CALLBACK (update_preview), self,
                           G_CONNECT_SWAPPED);
  update_preview (self);
}

GtkWidget *
msi_signature_editor_new (void)
{
  return g_object_new (MSI_TYPE_SIGNATURE_EDITOR, NULL);
}

/* The sanitized HTML of what is written, "" when nothing is. */
const char *
msi_signature_editor_get_html (MsiSignatureEditor *self)
{
  g_return_val_if_fail (MSI_IS_SIGNATURE_EDITOR (self), NULL);

  return self->html;
}

/**
 * msi_signature_editor_set_html:
 * @html: (nullable): a stored signature
 *
 * Shows @html for editing, and takes it as the saved state.
 */
void
msi_signature_editor_set_html (MsiSignatureEditor *self,
                               const char         *html)
{
  g_autofree char *sanitized = NULL;
  g_autofree char *markup = NULL;

  g_return_if_fail (MSI_IS_SIGNATURE_EDITOR (self));

  sanitized = msi_signature_html_sanitize (html ? html : "");
  markup = msi_signature_html_to_markup (sanitized);
  g_free (self->saved_html);
  self->saved_html = msi_signature_html_from_markup (markup);
  msi_signature_editor_set_markup (self, markup);
}

char *
msi_signature_editor_dup_markup (MsiSignatureEditor *self)
{
  GtkTextBuffer *buffer;
  GtkTextIter start, end;

  g_return_val_if_fail (MSI_IS_SIGNATURE_EDITOR (self), NULL);

  buffer = get_buffer (self);
  gtk_text_buffer_get_bounds (buffer, &start, &end);

  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

void
msi_signature_editor_set_markup (MsiSignatureEditor *self,
                                 const char         *markup)
{
  g_return_if_fail (MSI_IS_SIGNATURE_EDITOR (self));

  gtk_text_buffer_set_text (get_buffer (self), markup ? markup : "", -1);
  update_preview (self);
}

gboolean
msi_signature_editor_get_valid (MsiSignatureEditor *self)
{
  g_return_val_if_fail (MSI_IS_SIGNATURE_EDITOR (self), FALSE);

  return self->valid;
}

gboolean
msi_signature_editor_get_modified (MsiSignatureEditor *self)
{
  g_return_val_if_fail (MSI_IS_SIGNATURE_EDITOR (self), FALSE);

  return g_strcmp0 (self->html, self->saved_html) != 0;
}

/* After a save: @html as the service stored it is the saved state. */
void
msi_signature_editor_mark_saved (MsiSignatureEditor *self,
                                 const char         *html)
{
  gboolean was_modified;

  g_return_if_fail (MSI_IS_SIGNATURE_EDITOR (self));

  was_modified = msi_signature_editor_get_modified (self);
  g_free (self->saved_html);
  self->saved_html = g_strdup (html ? html : self->html);
  if (was_modified != msi_signature_editor_get_modified (self))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MODIFIED]);
}

gboolean
msi_signature_editor_is_empty (MsiSignatureEditor *self)
{
  g_return_val_if_fail (MSI_IS_SIGNATURE_EDITOR (self), TRUE);

  return self->html == NULL || *self->html == '\0';
}

GtkTextView *
msi_signature_editor_get_text_view (MsiSignatureEditor *self)
{
  g_return_val_if_fail (MSI_IS_SIGNATURE_EDITOR (self), NULL);

  return self->text_view;
}

GtkLabel *
msi_signature_editor_get_preview (MsiSignatureEditor *self)
{
  g_return_val_if_fail (MSI_IS_SIGNATURE_EDITOR (self), NULL);

  return self->preview_label;
}
