/* SPDX-License-Identifier: GPL-3.0-or-later */
/* msi-onboarding-assistant.c: a sales rep's onboarding, from the welcome mail's link to Salesforce */

#define G_LOG_DOMAIN "msi-onboarding-assistant"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "msi-invitation-link.h"
#include "msi-onboarding-activate-page.h"
#include "msi-onboarding-assistant.h"
#include "msi-onboarding-client.h"
#include "msi-onboarding-connected-page.h"
#include "msi-onboarding-email-page.h"
#include "msi-onboarding-features-page.h"
#include "msi-onboarding-finish-page.h"
#include "msi-onboarding-launch-page.h"
#include "msi-onboarding-signature-page.h"
#include "msi-onboarding-start-page.h"
#include "msi-onboarding-tour-page.h"
#include "msi-preferences-window.h"

/*
 * The user onboarding guide's steps as a GNOME Initial Setup style
 * assistant: a stack of pages (msi-onboarding-page.h) under a header with
 * Back, Cancel, Skip and Next. Next applies the page (a spinner and
 * Cancel while it works; Escape cancels), then saves the progress — the
 * service's (PUT /api/v1/me/onboarding) and this computer's (the
 * profile's onboarding-step and onboarding-host settings, never a token)
 * — and only then shows the next page, so that closing at any page and
 * coming back resumes there.
 *
 * Before the pages: the welcome mail's link is checked, the profile of
 * its Sales account chosen (the demo's for a loopback link in demo
 * mode), the invitation looked up and redeemed; what can go wrong on the
 * way gets a page of its own that says what to do.
 */

typedef enum
{
  START_NONE,
  START_LINK,
  START_RESUME,
} StartKind;

static const struct {
  const char *name;
  GType     (*get_type) (void);
} page_table[] = {
  { "activate", msi_onboarding_activate_page_get_type },
  { "start", msi_onboarding_start_page_get_type },
  { "features", msi_onboarding_features_page_get_type },
  { "email", msi_onboarding_email_page_get_type },
  { "connected", msi_onboarding_connected_page_get_type },
  { "signature", msi_onboarding_signature_page_get_type },
  { "finish", msi_onboarding_finish_page_get_type },
  { "tour", msi_onboarding_tour_page_get_type },
  { "launch", msi_onboarding_launch_page_get_type },
};

#define N_PAGES G_N_ELEMENTS (page_table)

struct _MsiOnboardingAssistant
{
  AdwWindow             parent_instance;

  MsiApplication       *application;
  MsiOnboardingSession *session;
  MsiInvitationLink    *link;
  MsiActionsAuth       *auth;
  MsiOnboardingClient  *client;
  GCancellable         *cancellable;        /* the start; cancelled when the window goes */
  GCancellable         *apply_cancellable;  /* Next's work */
  GPtrArray            *pages;
  guint                 current;
  StartKind             start;
  gboolean              start_working;      /* the lookup or the progress is under way */
  gboolean              profile_requested;
  gboolean              saving;
  guint                 continue_idle;
  MsiOnboardingMessage  message;
  char                 *message_text;

  /* Template widgets */
  AdwToastOverlay      *toast_overlay;
  AdwWindowTitle       *window_title;
  GtkWidget            *back_button;
  GtkWidget            *cancel_button;
  GtkButton            *next_button;
  GtkButton            *skip_button;
  GtkSpinner           *spinner;
  GtkRevealer          *error_revealer;
  GtkLabel             *error_label;
  GtkStack             *outer_stack;
  AdwStatusPage        *loading_page;
  GtkSpinner           *loading_spinner;
  AdwStatusPage        *message_page;
  GtkBox               *message_buttons;
  GtkStack             *page_stack;
};

G_DEFINE_FINAL_TYPE (MsiOnboardingAssistant, msi_onboarding_assistant, ADW_TYPE_WINDOW)

static void continue_start      (MsiOnboardingAssistant *self);
static void schedule_continue   (MsiOnboardingAssistant *self);
static void update_buttons      (MsiOnboardingAssistant *self);

/* --- local progress ---------------------------------------------------------- */

static GSettings *
dup_profile_settings (MsiOnboardingAssistant *self)
{
  MsiProfile *profile;

  if (self->application == NULL || self->auth == NULL)
    return NULL;

  profile = msi_actions_auth_get_profile (self->auth);
  return msi_application_dup_profile_settings (self->application, msi_profile_get_id (profile));
}

/* This computer's note of the onboarding: the step, and the host of the
 * Sales account it is for. */
static void
save_local_step (MsiOnboardingAssistant *self,
                 MsiOnboardingStep       step)
{
  g_autoptr(GSettings) settings = dup_profile_settings (self);
  g_autoptr(GUri) uri = NULL;

  if (settings == NULL)
    return;

  uri = g_uri_parse (msi_profile_get_actions_url (msi_actions_auth_get_profile (self->auth)),
                     G_URI_FLAGS_NONE, NULL);
  g_settings_delay (settings);
  g_settings_set_string (settings, "onboarding-step", msi_onboarding_step_to_id (step));
  if (uri != NULL && g_uri_get_host (uri) != NULL)
    g_settings_set_string (settings, "onboarding-host", g_uri_get_host (uri));
  g_settings_apply (settings);
}

/* --- the pages ------------------------------------------------------------- */

static MsiOnboardingPage *
current_page (MsiOnboardingAssistant *self)
{
  if (self->pages == NULL || self->current >= self->pages->len)
    return NULL;

  return g_ptr_array_index (self->pages, self->current);
}

static gboolean
is_busy (MsiOnboardingAssistant *self)
{
  MsiOnboardingPage *page = current_page (self);

  return self->saving || (page != NULL && msi_onboarding_page_get_applying (page));
}

static void
update_buttons (MsiOnboardingAssistant *self)
{
  MsiOnboardingPage *page = current_page (self);
  gboolean pages = g_strcmp0 (gtk_stack_get_visible_child_name (self->outer_stack), "pages") == 0;
  gboolean busy = is_busy (self);
  gboolean complete = page != NULL && msi_onboarding_page_get_complete (page);
  gboolean skippable = page != NULL && msi_onboarding_page_get_skippable (page);
  const char *error = page ? msi_onboarding_page_get_error (page) : NULL;

  gtk_widget_set_visible (self->back_button, pages && self->current > 0 && !busy);
  gtk_widget_set_visible (self->cancel_button, pages && busy);
  gtk_widget_set_visible (GTK_WIDGET (self->next_button), pages && page != NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->skip_button), pages && skippable && !busy);
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), pages && busy);
  gtk_spinner_set_spinning (self->spinner, pages && busy);

  if (page != NULL)
    {
      g_autofree char *subtitle = NULL;

      gtk_button_set_label (self->next_button, msi_onboarding_page_get_next_label (page));
      gtk_button_set_label (self->skip_button, msi_onboarding_page_get_skip_label (page));
      adw_window_title_set_title (self->window_title, msi_onboarding_page_get_title (page));
      /* TRANSLATORS: the assistant's subtitle: the page's number and how many there are */
      subtitle = g_strdup_printf (_("Step %u of %u"), self->current + 1, self->pages->len);
      adw_window_title_set_subtitle (self->window_title, pages ? subtitle : "");
    }

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "assistant.next", pages && complete && !busy);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "assistant.skip", pages && skippable && !busy);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "assistant.back", pages && self->current > 0 && !busy);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "assistant.cancel", pages && busy);

  if (pages && error != NULL)
    gtk_label_set_label (self->error_label, error);
  gtk_revealer_set_reveal_child (self->error_revealer, pages && error != NULL);
}

static void
page_notify_cb (MsiOnboardingAssistant *self,
                GParamSpec             *pspec,
                MsiOnboardingPage      *page)
{
  if (page == current_page (self))
    update_buttons (self);
}

static void
go_to (MsiOnboardingAssistant *self,
       guint                   index)
{
  MsiOnboardingPage *page;

  g_assert (index < self->pages->len);

  self->current = index;
  page = current_page (self);
  gtk_stack_set_visible_child (self->page_stack, GTK_WIDGET (page));
  gtk_stack_set_visible_child_name (self->outer_stack, "pages");
  update_buttons (self);

  /* Enter is Next wherever a page does not want it for itself. */
  gtk_window_set_default_widget (GTK_WINDOW (self), GTK_WIDGET (self->next_button));
  if (gtk_widget_get_sensitive (GTK_WIDGET (self->next_button)))
    gtk_widget_grab_focus (GTK_WIDGET (self->next_button));
  msi_onboarding_page_shown (page);
}

static void
finish (MsiOnboardingAssistant *self)
{
  save_local_step (self, MSI_ONBOARDING_STEP_DONE);

  /* A finished onboarding opens the signed-in app. */
  if (self->application != NULL)
    g_action_group_activate_action (G_ACTION_GROUP (self->application), "show-main-window", NULL);
  gtk_window_close (GTK_WINDOW (self));
}

static MsiOnboardingStep
step_after (MsiOnboardingAssistant *self,
            guint                   index)
{
  if (index + 1 >= self->pages->len)
    return MSI_ONBOARDING_STEP_DONE;

  return msi_onboarding_page_get_step (g_ptr_array_index (self->pages, index + 1));
}

static void
go_on (MsiOnboardingAssistant *self,
       guint                   from)
{
  if (from + 1 >= self->pages->len)
    finish (self);
  else
    go_to (self, from + 1);
}

typedef struct
{
  MsiOnboardingAssistant *self;
  guint                   from;
  MsiOnboardingStep       step;
} Saving;

static void
saving_free (Saving *saving)
{
  g_object_unref (saving->self);
  g_free (saving);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Saving, saving_free)

static void
progress_saved_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(Saving) saving = user_data;
  MsiOnboardingAssistant *self = saving->self;
  g_autoptr(MsiOnboardingProgress) progress = NULL;
  g_autoptr(GError) error = NULL;
  MsiOnboardingPage *page;

  progress = msi_onboarding_client_set_step_finish (MSI_ONBOARDING_CLIENT (object), result, &error);
  self->saving = FALSE;
  page = g_ptr_array_index (self->pages, saving->from);

  if (progress == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_autofree char *message = NULL;

          if (g_error_matches (error, MSI_ONBOARDING_ERROR, MSI_ONBOARDING_ERROR_STEP_NOT_READY))
            message = g_strdup (error->message);
          else
            /* TRANSLATORS: %s says why, from the service or the network */
            message = g_strdup_printf (_("Your progress could not be saved: %s Choose Next to try again."),
                                       error->message);
          msi_onboarding_page_set_error (page, message);
        }
      update_buttons (self);
      return;
    }

  save_local_step (self, saving->step);
  if (self->current == saving->from)
    go_on (self, saving->from);
  else
    update_buttons (self);
}

/* The page at @from is done: save that the next one is where to go on,
 * then show it. */
static void
save_and_go_on (MsiOnboardingAssistant *self,
                guint                   from)
{
  MsiOnboardingStep step = step_after (self, from);
  MsiOnboardingClient *client = self->session ? msi_onboarding_session_get_client (self->session) : NULL;
  Saving *saving;

  if (client == NULL)
    {
      go_on (self, from);
      return;
    }

  g_clear_object (&self->apply_cancellable);
  self->apply_cancellable = g_cancellable_new ();
  self->saving = TRUE;
  update_buttons (self);

  saving = g_new0 (Saving, 1);
  saving->self = g_object_ref (self);
  saving->from = from;
  saving->step = step;
  msi_onboarding_client_set_step_async (client, step,
                                        msi_onboarding_session_get_email_client (self->session),
                                        self->apply_cancellable, progress_saved_cb, saving);
}

static void
apply_done_cb (MsiOnboardingAssistant *self,
               gboolean                valid,
               MsiOnboardingPage      *page)
{
  if (page != current_page (self))
    return;

  if (valid)
    save_and_go_on (self, self->current);
  else
    update_buttons (self);
}

static void
next_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  MsiOnboardingAssistant *self = MSI_ONBOARDING_ASSISTANT (widget);
  MsiOnboardingPage *page = current_page (self);

  if (page == NULL || is_busy (self) || !msi_onboarding_page_get_complete (page))
    return;

  if (msi_onboarding_page_advance (page))
    return;

  g_clear_object (&self->apply_cancellable);
  self->apply_cancellable = g_cancellable_new ();
  if (!msi_onboarding_page_apply (page, self->apply_cancellable))
    save_and_go_on (self, self->current);
  else
    update_buttons (self);
}

static void
request_next_cb (MsiOnboardingAssistant *self,
                 MsiOnboardingPage      *page)
{
  if (page == current_page (self))
    gtk_widget_activate_action (GTK_WIDGET (self), "assistant.next", NULL);
}

static void
skip_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  MsiOnboardingAssistant *self = MSI_ONBOARDING_ASSISTANT (widget);
  MsiOnboardingPage *page = current_page (self);

  if (page == NULL || is_busy (self) || !msi_onboarding_page_get_skippable (page))
    return;

  msi_onboarding_page_set_error (page, NULL);
  msi_onboarding_page_skip (page);
  save_and_go_on (self, self->current);
}

static void
back_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  MsiOnboardingAssistant *self = MSI_ONBOARDING_ASSISTANT (widget);

  if (self->pages == NULL || self->current == 0 || is_busy (self))
    return;

  msi_onboarding_page_set_error (current_page (self), NULL);
  go_to (self, self->current - 1);
}

static void
cancel_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  MsiOnboardingAssistant *self = MSI_ONBOARDING_ASSISTANT (widget);

  g_cancellable_cancel (self->apply_cancellable);
}

static void
build_pages (MsiOnboardingAssistant *self)
{
  if (self->pages != NULL)
    return;

  self->pages = g_ptr_array_new ();
  for (guint i = 0; i < N_PAGES; i++)
    {
      MsiOnboardingPage *page = g_object_new (page_table[i].get_type (), NULL);

      gtk_widget_set_name (GTK_WIDGET (page), page_table[i].name);
      gtk_stack_add_named (self->page_stack, GTK_WIDGET (page), page_table[i].name);
      g_ptr_array_add (self->pages, page);

      g_signal_connect_object (page, "notify::complete", G_CALLBACK (page_notify_cb), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (page, "notify::skippable", G_CALLBACK (page_notify_cb), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (page, "notify::applying", G_CALLBACK (page_notify_cb), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (page, "notify::next-label", G_CALLBACK (page_notify_cb), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (page, "notify::skip-label", G_CALLBACK (page_notify_cb), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (page, "notify::title", G_CALLBACK (page_notify_cb), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (page, "notify::error", G_CALLBACK (page_notify_cb), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (page, "apply-done", G_CALLBACK (apply_done_cb), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (page, "request-next", G_CALLBACK (request_next_cb), self, G_CONNECT_SWAPPED);
    }
}

/**
 * msi_onboarding_assistant_show_pages:
 * @session: the onboarding: its client may be %NULL in page tests, where
 *   nothing is saved
 * @step: the step to show; %MSI_ONBOARDING_STEP_DONE finishes
 *
 * Shows the pages, at the first page of @step.
 */
void
msi_onboarding_assistant_show_pages (MsiOnboardingAssistant *self,
                                     MsiOnboardingSession   *session,
                                     MsiOnboardingStep       step)
{
  g_return_if_fail (MSI_IS_ONBOARDING_ASSISTANT (self));
  g_return_if_fail (MSI_IS_ONBOARDING_SESSION (session));

  self->start = START_NONE;
  self->message = MSI_ONBOARDING_MESSAGE_NONE;
  gtk_spinner_set_spinning (self->loading_spinner, FALSE);

  if (step == MSI_ONBOARDING_STEP_DONE)
    {
      finish (self);
      return;
    }

  g_set_object (&self->session, session);
  msi_onboarding_session_set_parent (session, GTK_WINDOW (self));
  build_pages (self);
  for (guint i = 0; i < self->pages->len; i++)
    msi_onboarding_page_set_session (g_ptr_array_index (self->pages, i), session);

  save_local_step (self, step);
  for (guint i = 0; i < self->pages->len; i++)
    {
      if (msi_onboarding_page_get_step (g_ptr_array_index (self->pages, i)) == step)
        {
          go_to (self, i);
          return;
        }
    }

  go_to (self, 0);
}

/* --- what the assistant says instead of its pages ------------------------- */

static void
add_message_button (MsiOnboardingAssistant *self,
                    const char             *label,
                    const char             *action_name,
                    gboolean                suggested)
{
  GtkWidget *button = gtk_button_new_with_mnemonic (label);

  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), action_name);
  gtk_widget_add_css_class (button, "pill");
  if (suggested)
    gtk_widget_add_css_class (button, "suggested-action");
  gtk_box_append (self->message_buttons, button);
}

static void
show_message (MsiOnboardingAssistant *self,
              MsiOnboardingMessage    message,
              const char             *detail)
{
  g_autofree char *description = NULL;
  g_autofree char *escaped = NULL;
  const char *host = self->link ? msi_invitation_link_get_host (self->link) : NULL;
  const char *title = NULL;
  const char *icon = "dialog-warning-symbolic";
  GtkWidget *child;

  /* The old buttons go: neither focus nor Enter may point at them. */
  gtk_window_set_focus (GTK_WINDOW (self), NULL);
  gtk_window_set_default_widget (GTK_WINDOW (self), NULL);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->message_buttons))) != NULL)
    gtk_box_remove (self->message_buttons, child);

  switch (message)
    {
    case MSI_ONBOARDING_MESSAGE_BAD_LINK:
      icon = "action-unavailable-symbolic";
      title = _("This Link Does Not Work");
      description = g_strdup (detail);
      add_message_button (self, _("_Close"), "window.close", FALSE);
      break;

    case MSI_ONBOARDING_MESSAGE_INVITATION_UNKNOWN:
      icon = "mail-unread-symbolic";
      title = _("This Invitation Is No Longer Valid");
      description = g_strdup (_("Your admin withdrew this invitation or sent a newer one. Open the newest welcome mail from the Sales account, or ask your admin to send the invitation again."));
      add_message_button (self, _("_Close"), "window.close", FALSE);
      break;

    case MSI_ONBOARDING_MESSAGE_INVITATION_EXPIRED:
      icon = "alarm-symbolic";
      title = _("This Invitation Has Expired");
      description = g_strdup (_("Invitations are valid for a limited time. Ask your admin to send the invitation again: the new welcome mail has a new “Get started” link."));
      add_message_button (self, _("_Close"), "window.close", FALSE);
      break;

    case MSI_ONBOARDING_MESSAGE_INVITATION_USED:
      icon = "emblem-ok-symbolic";
      title = _("Your Account Is Already Set Up");
      description = g_strdup (_("This invitation was used to set up your account, so it cannot be used again. Sign in to the Sales account with your e-mail address instead."));
      add_message_button (self, _("_Sign In…"), "assistant.sign-in", TRUE);
      add_message_button (self, _("_Close"), "window.close", FALSE);
      break;

    case MSI_ONBOARDING_MESSAGE_NO_PROFILE:
      icon = "network-server-symbolic";
      title = _("This Sales Account Is Not Set Up Here");
      /* TRANSLATORS: %s is a host name such as actions.example.com */
      description = g_strdup_printf (_("The invitation is for the Sales account at %s, and this app has no profile for it. Set up a profile for it with the values your admin gives you; the onboarding then starts by itself."),
                                     host);
      add_message_button (self, _("_Set Up a Profile…"), "assistant.set-up-profile", TRUE);
      add_message_button (self, _("_Close"), "window.close", FALSE);
      break;

    case MSI_ONBOARDING_MESSAGE_OTHER_ACCOUNT:
      icon = "system-users-symbolic";
      title = _("You Are Signed In as Someone Else");
      description = g_strdup (detail);
      add_message_button (self, _("Sign Out and _Continue"), "assistant.switch-account", TRUE);
      add_message_button (self, _("_Close"), "window.close", FALSE);
      break;

    case MSI_ONBOARDING_MESSAGE_NEEDS_LINK:
      icon = "mail-unread-symbolic";
      title = _("Open Your Welcome Mail Again");
      description = g_strdup (_("Your onboarding is not finished, but this computer is no longer signed in to the Sales account. Open the “Get started” link in your welcome mail to go on where you left off."));
      add_message_button (self, _("_Open the App"), "app.show-main-window", FALSE);
      add_message_button (self, _("_Close"), "window.close", FALSE);
      break;

    case MSI_ONBOARDING_MESSAGE_ERROR:
      icon = "network-error-symbolic";
      title = _("The Onboarding Could Not Start");
      description = g_strdup (detail);
      add_message_button (self, _("_Try Again"), "assistant.retry", TRUE);
      add_message_button (self, _("_Close"), "window.close", FALSE);
      break;

    case MSI_ONBOARDING_MESSAGE_NONE:
    default:
      g_assert_not_reached ();
    }

  self->message = message;
  g_free (self->message_text);
  self->message_text = g_strdup (description);

  escaped = g_markup_escape_text (description ? description : "", -1);
  adw_status_page_set_icon_name (self->message_page, icon);
  adw_status_page_set_title (self->message_page, title);
  adw_status_page_set_description (self->message_page, escaped);
  gtk_spinner_set_spinning (self->loading_spinner, FALSE);
  gtk_stack_set_visible_child_name (self->outer_stack, "message");
  update_buttons (self);

  child = gtk_widget_get_first_child (GTK_WIDGET (self->message_buttons));
  if (child != NULL)
    {
      gtk_window_set_default_widget (GTK_WINDOW (self), child);
      gtk_widget_grab_focus (child);
    }
}

static void
show_loading (MsiOnboardingAssistant *self,
              const char             *title)
{
  adw_status_page_set_title (self->loading_page, title);
  gtk_spinner_set_spinning (self->loading_spinner, TRUE);
  gtk_stack_set_visible_child_name (self->outer_stack, "loading");
  update_buttons (self);
}

/* --- the start: link, profile, invitation --------------------------------- */

static char *
normalize_url (const char *url)
{
  g_autoptr(GUri) uri = NULL;
  g_autofree char *scheme = NULL;
  g_autofree char *host = NULL;
  g_autofree char *path = NULL;
  int port;

  if (url == NULL)
    return NULL;

  uri = g_uri_parse (url, G_URI_FLAGS_ENCODED, NULL);
  if (uri == NULL || g_uri_get_host (uri) == NULL)
    return NULL;

  scheme = g_ascii_strdown (g_uri_get_scheme (uri), -1);
  host = g_ascii_strdown (g_uri_get_host (uri), -1);
  port = g_uri_get_port (uri);
  if ((port == 443 && g_str_equal (scheme, "https")) || (port == 80 && g_str_equal (scheme, "http")))
    port = -1;
  path = g_strdup (g_uri_get_path (uri));
  while (g_str_has_suffix (path, "/"))
    path[strlen (path) - 1] = '\0';

  if (port == -1)
    return g_strdup_printf ("%s://%s%s", scheme, host, path);
  return g_strdup_printf ("%s://%s:%d%s", scheme, host, port, path);
}

static gboolean
profile_matches_link (MsiOnboardingAssistant *self,
                      MsiProfile             *profile)
{
  g_autofree char *url = NULL;

  if (profile == NULL || self->link == NULL)
    return FALSE;

  /* The demo server's port changes with every start. */
  if (msi_invitation_link_is_loopback (self->link))
    return msi_profile_is_demo (profile);

  url = normalize_url (msi_profile_get_actions_url (profile));
  return g_strcmp0 (url, msi_invitation_link_get_service_url (self->link)) == 0;
}

/* Makes the profile of the link's Sales account the active one; FALSE
 * when there is none. */
static gboolean
choose_profile (MsiOnboardingAssistant *self)
{
  GSettings *settings = msi_application_get_settings (self->application);
  g_auto(GStrv) ids = NULL;

  if (msi_invitation_link_is_loopback (self->link))
    {
      msi_application_use_demo (self->application);
      return TRUE;
    }

  ids = g_settings_get_strv (settings, "profiles");
  for (guint i = 0; ids[i] != NULL; i++)
    {
      g_autoptr(GSettings) profile_settings = msi_application_dup_profile_settings (self->application, ids[i]);
      g_autofree char *url = g_settings_get_string (profile_settings, "actions-url");
      g_autofree char *normalized = normalize_url (url);

      if (g_strcmp0 (normalized, msi_invitation_link_get_service_url (self->link)) == 0)
        {
          msi_application_use_profile (self->application, ids[i]);
          return TRUE;
        }
    }

  return FALSE;
}

static void
auth_state_cb (MsiOnboardingAssistant *self,
               GParamSpec             *pspec,
               MsiActionsAuth         *auth)
{
  schedule_continue (self);
}

static void
follow_auth (MsiOnboardingAssistant *self,
             MsiActionsAuth         *auth)
{
  if (self->auth == auth)
    return;

  if (self->auth != NULL)
    g_signal_handlers_disconnect_by_func (self->auth, auth_state_cb, self);
  g_set_object (&self->auth, auth);
  g_clear_object (&self->client);
  if (auth != NULL)
    {
      g_signal_connect_object (auth, "notify::state", G_CALLBACK (auth_state_cb), self, G_CONNECT_SWAPPED);
      self->client = msi_onboarding_client_new (auth);
    }
}

static void
start_failed (MsiOnboardingAssistant *self,
              const GError           *error)
{
  self->start_working = FALSE;

  if (g_error_matches (error, MSI_ONBOARDING_ERROR, MSI_ONBOARDING_ERROR_INVITATION_UNKNOWN))
    show_message (self, MSI_ONBOARDING_MESSAGE_INVITATION_UNKNOWN, NULL);
  else if (g_error_matches (error, MSI_ONBOARDING_ERROR, MSI_ONBOARDING_ERROR_INVITATION_EXPIRED))
    show_message (self, MSI_ONBOARDING_MESSAGE_INVITATION_EXPIRED, NULL);
  else if (g_error_matches (error, MSI_ONBOARDING_ERROR, MSI_ONBOARDING_ERROR_INVITATION_USED))
    {
      /* Finished, and signed in as the rep on this computer: the app. */
      if (self->auth != NULL && msi_actions_auth_get_state (self->auth) == MSI_AUTH_STATE_SIGNED_IN &&
          !msi_actions_auth_is_admin (self->auth))
        {
          self->start = START_NONE;
          finish (self);
          return;
        }
      show_message (self, MSI_ONBOARDING_MESSAGE_INVITATION_USED, NULL);
    }
  else
    show_message (self, MSI_ONBOARDING_MESSAGE_ERROR, error->message);

  self->start = START_NONE;
}

static void
show_progress (MsiOnboardingAssistant      *self,
               const MsiOnboardingProgress *progress,
               const MsiInvitationInfo     *info)
{
  g_autoptr(MsiOnboardingSession) session = msi_onboarding_session_new (self->client);

  self->start_working = FALSE;
  if (info != NULL)
    msi_onboarding_session_set_invitation (session, info);
  msi_onboarding_session_set_email_client (session, progress->email_client);
  msi_onboarding_session_set_signature_saved (session, progress->signature_saved);
  msi_onboarding_assistant_show_pages (self, session, progress->step);
}

static void
progress_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(MsiOnboardingAssistant) self = user_data;
  g_autoptr(MsiOnboardingProgress) progress = NULL;
  g_autoptr(GError) error = NULL;

  progress = msi_onboarding_client_get_progress_finish (MSI_ONBOARDING_CLIENT (object), result, &error);
  if (progress == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        start_failed (self, error);
      return;
    }

  show_progress (self, progress, g_object_get_data (G_OBJECT (self), "msi-invitation"));
}

static void
redeemed_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(MsiOnboardingAssistant) self = user_data;
  g_autoptr(MsiOnboardingProgress) progress = NULL;
  g_autoptr(GError) error = NULL;

  progress = msi_onboarding_client_redeem_finish (MSI_ONBOARDING_CLIENT (object), result, &error);
  if (progress == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        start_failed (self, error);
      return;
    }

  show_progress (self, progress, g_object_get_data (G_OBJECT (self), "msi-invitation"));
}

static void
redeem (MsiOnboardingAssistant *self)
{
  show_loading (self, _("Opening Your Invitation…"));
  msi_onboarding_client_redeem_async (self->client, msi_invitation_link_get_token (self->link),
                                      self->cancellable, redeemed_cb, g_object_ref (self));
}

static void
looked_up_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(MsiOnboardingAssistant) self = user_data;
  g_autoptr(MsiInvitationInfo) info = NULL;
  g_autoptr(GError) error = NULL;
  const char *email;

  info = msi_onboarding_client_lookup_invitation_finish (MSI_ONBOARDING_CLIENT (object), result, &error);
  if (info == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        start_failed (self, error);
      return;
    }

  g_object_set_data_full (G_OBJECT (self), "msi-invitation",
                          g_boxed_copy (msi_invitation_info_get_type (), info),
                          (GDestroyNotify)msi_invitation_info_free);

  if (msi_actions_auth_get_state (self->auth) != MSI_AUTH_STATE_SIGNED_IN)
    {
      redeem (self);
      return;
    }

  /* Signed in already: as the invited rep, go on where they left off. */
  email = msi_actions_auth_get_user_email (self->auth);
  if (email != NULL && info->email != NULL && g_ascii_strcasecmp (email, info->email) == 0)
    {
      msi_onboarding_client_get_progress_async (self->client, self->cancellable,
                                                progress_cb, g_object_ref (self));
      return;
    }

  {
    g_autofree char *detail = NULL;

    self->start_working = FALSE;
    /* TRANSLATORS: the signed-in e-mail address, then the invited one */
    detail = g_strdup_printf (_("This computer is signed in to the Sales account as %s, and the invitation is for %s. To go on, you are signed out here and the onboarding continues as %s."),
                              email ? email : "", info->email, info->email);
    show_message (self, MSI_ONBOARDING_MESSAGE_OTHER_ACCOUNT, detail);
  }
}

static void
signed_out_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(MsiOnboardingAssistant) self = user_data;
  g_autoptr(GError) error = NULL;

  /* Signed out here even when the service could not be told. */
  if (!msi_actions_auth_sign_out_finish (MSI_ACTIONS_AUTH (object), result, &error))
    g_debug ("Signing out before the onboarding: %s", error->message);

  if (g_cancellable_is_cancelled (self->cancellable) || self->link == NULL)
    return;

  self->start_working = TRUE;
  redeem (self);
}

static void
switch_account_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *param)
{
  MsiOnboardingAssistant *self = MSI_ONBOARDING_ASSISTANT (widget);

  if (self->auth == NULL || self->link == NULL)
    return;

  self->start = START_LINK;
  self->start_working = TRUE;
  show_loading (self, _("Signing Out…"));
  msi_actions_auth_sign_out_async (self->auth, self->cancellable, signed_out_cb, g_object_ref (self));
}

static gboolean
continue_idle_cb (gpointer data)
{
  MsiOnboardingAssistant *self = data;

  self->continue_idle = 0;
  continue_start (self);

  return G_SOURCE_REMOVE;
}

static void
schedule_continue (MsiOnboardingAssistant *self)
{
  if (self->continue_idle == 0 && self->start != START_NONE)
    self->continue_idle = g_idle_add (continue_idle_cb, self);
}

static void
continue_start (MsiOnboardingAssistant *self)
{
  MsiApplication *app = self->application;
  MsiProfile *profile;
  MsiAppState state;
  MsiActionsAuth *auth;

  if (self->start == START_NONE || self->start_working || app == NULL)
    return;

  state = msi_application_get_state (app);
  profile = msi_application_get_profile (app);

  if (state == MSI_APP_STATE_STARTING)
    {
      show_loading (self, _("Starting the Demo…"));
      return;
    }

  if (self->start == START_LINK && (state != MSI_APP_STATE_READY || !profile_matches_link (self, profile)))
    {
      if (self->profile_requested)
        {
          g_autofree char *detail = NULL;

          /* TRANSLATORS: %s is a host name, then why its profile could not be used */
          detail = g_strdup_printf (_("The profile for %s could not be used. %s"),
                                    msi_invitation_link_get_host (self->link),
                                    msi_application_get_error_message (app) ? msi_application_get_error_message (app) : "");
          self->profile_requested = FALSE;
          self->start = START_NONE;
          show_message (self, MSI_ONBOARDING_MESSAGE_ERROR, detail);
          return;
        }

      if (!choose_profile (self))
        {
          show_message (self, MSI_ONBOARDING_MESSAGE_NO_PROFILE, NULL);
          return;
        }
      self->profile_requested = TRUE;
      schedule_continue (self);
      return;
    }

  if (state == MSI_APP_STATE_FAILED)
    {
      self->start = START_NONE;
      show_message (self, MSI_ONBOARDING_MESSAGE_ERROR, msi_application_get_error_message (app));
      return;
    }

  if (state != MSI_APP_STATE_READY || profile == NULL)
    {
      self->start = START_NONE;
      show_message (self, MSI_ONBOARDING_MESSAGE_NEEDS_LINK, NULL);
      return;
    }

  self->profile_requested = FALSE;
  auth = msi_application_get_auth (app);
  follow_auth (self, auth);
  if (auth == NULL)
    return;

  if (msi_actions_auth_get_state (auth) == MSI_AUTH_STATE_RESTORING)
    {
      show_loading (self, _("Signing In…"));
      return;
    }

  self->start_working = TRUE;

  if (self->start == START_LINK)
    {
      show_loading (self, _("Opening Your Invitation…"));
      msi_onboarding_client_lookup_invitation_async (self->client, msi_invitation_link_get_token (self->link),
                                                     self->cancellable, looked_up_cb, g_object_ref (self));
      return;
    }

  /* Resuming without the link: only as the signed-in rep. */
  if (msi_actions_auth_get_state (auth) != MSI_AUTH_STATE_SIGNED_IN)
    {
      self->start_working = FALSE;
      self->start = START_NONE;
      show_message (self, MSI_ONBOARDING_MESSAGE_NEEDS_LINK, NULL);
      return;
    }
  if (msi_actions_auth_is_admin (auth))
    {
      /* An admin has no onboarding: the app. */
      self->start_working = FALSE;
      self->start = START_NONE;
      finish (self);
      return;
    }

  show_loading (self, _("Opening Your Onboarding…"));
  msi_onboarding_client_get_progress_async (self->client, self->cancellable, progress_cb, g_object_ref (self));
}

static void
app_changed_cb (MsiOnboardingAssistant *self,
                GParamSpec             *pspec,
                MsiApplication         *app)
{
  schedule_continue (self);
}

static void
restart (MsiOnboardingAssistant *self,
         StartKind               kind)
{
  /* Whatever was under way for an earlier start stops. */
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  g_cancellable_cancel (self->apply_cancellable);

  self->start = kind;
  self->start_working = FALSE;
  self->profile_requested = FALSE;
  g_object_set_data (G_OBJECT (self), "msi-invitation", NULL);
  show_loading (self, _("Opening Your Invitation…"));
  continue_start (self);
}

/**
 * msi_onboarding_assistant_open_link:
 * @uri: the welcome mail's Get started link
 *
 * Checks the link and starts or resumes the onboarding it is for.
 */
void
msi_onboarding_assistant_open_link (MsiOnboardingAssistant *self,
                                    const char             *uri)
{
  g_autoptr(MsiInvitationLink) link = NULL;
  g_autoptr(GError) error = NULL;
  gboolean allow_loopback = FALSE;

  g_return_if_fail (MSI_IS_ONBOARDING_ASSISTANT (self));
  g_return_if_fail (uri != NULL);

  /* The demo server's links are accepted in demo mode only. */
  if (self->application != NULL)
    {
      g_autofree char *active = g_settings_get_string (msi_application_get_settings (self->application),
                                                       "active-profile");
      MsiProfile *profile = msi_application_get_profile (self->application);

      allow_loopback = g_str_equal (active, MSI_PROFILE_DEMO_ID) ||
                       (profile != NULL && msi_profile_is_demo (profile));
    }

  link = msi_invitation_link_parse (uri, allow_loopback, &error);
  g_clear_object (&self->link);
  if (link == NULL)
    {
      g_cancellable_cancel (self->cancellable);
      self->start = START_NONE;
      show_message (self, MSI_ONBOARDING_MESSAGE_BAD_LINK, error->message);
      return;
    }

  self->link = g_steal_pointer (&link);
  restart (self, START_LINK);
}

/**
 * msi_onboarding_assistant_resume:
 *
 * Goes on with the signed-in rep's onboarding where the service says it
 * stopped.
 */
void
msi_onboarding_assistant_resume (MsiOnboardingAssistant *self)
{
  g_return_if_fail (MSI_IS_ONBOARDING_ASSISTANT (self));

  /* A running onboarding is already where it should be. */
  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->outer_stack), "pages") == 0)
    return;

  g_clear_object (&self->link);
  restart (self, START_RESUME);
}

static void
retry_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *param)
{
  MsiOnboardingAssistant *self = MSI_ONBOARDING_ASSISTANT (widget);

  restart (self, self->link != NULL ? START_LINK : START_RESUME);
}

static void
sign_in_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *param)
{
  MsiOnboardingAssistant *self = MSI_ONBOARDING_ASSISTANT (widget);

  if (self->application != NULL)
    {
      g_action_group_activate_action (G_ACTION_GROUP (self->application), "show-main-window", NULL);
      g_action_group_activate_action (G_ACTION_GROUP (self->application), "sign-in", NULL);
    }
  gtk_window_close (GTK_WINDOW (self));
}

static void
set_up_profile_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *param)
{
  MsiOnboardingAssistant *self = MSI_ONBOARDING_ASSISTANT (widget);
  MsiPreferencesWindow *preferences;

  if (self->application == NULL || self->link == NULL)
    return;

  preferences = msi_preferences_window_new (self->application);
  gtk_window_set_transient_for (GTK_WINDOW (preferences), GTK_WINDOW (self));
  gtk_window_set_modal (GTK_WINDOW (preferences), TRUE);
  msi_preferences_window_propose_profile (preferences,
                                          msi_invitation_link_get_host (self->link),
                                          msi_invitation_link_get_service_url (self->link));
  gtk_window_present (GTK_WINDOW (preferences));
}

/* --- GObject ---------------------------------------------------------------- */

static void
msi_onboarding_assistant_dispose (GObject *object)
{
  MsiOnboardingAssistant *self = (MsiOnboardingAssistant *)object;

  g_cancellable_cancel (self->cancellable);
  g_cancellable_cancel (self->apply_cancellable);
  g_clear_handle_id (&self->continue_idle, g_source_remove);
  follow_auth (self, NULL);
  if (self->application != NULL)
    g_signal_handlers_disconnect_by_func (self->application, app_changed_cb, self);

  gtk_widget_dispose_template (GTK_WIDGET (self), MSI_TYPE_ONBOARDING_ASSISTANT);

  g_clear_pointer (&self->pages, g_ptr_array_unref);
  g_clear_object (&self->session);
  g_clear_object (&self->link);
  g_clear_object (&self->client);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->apply_cancellable);
  g_clear_object (&self->application);
  g_clear_pointer (&self->message_text, g_free);

  G_OBJECT_CLASS (msi_onboarding_assistant_parent_class)->dispose (object);
}

static void
msi_onboarding_assistant_class_init (MsiOnboardingAssistantClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = msi_onboarding_assistant_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/msi-onboarding-assistant.ui");
  gtk_widget_class_bind_template_child (widget_class, MsiOnboardingAssistant, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, MsiOnboardingAssistant, window_title);
  gtk_widget_class_bind_template_child (widget_class, MsiOnboardingAssistant, back_button);
  gtk_widget_class_bind_template_child (widget_class, MsiOnboardingAssistant, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, MsiOnboardingAssistant, next_button);
  gtk_widget_class_bind_template_child (widget_class, MsiOnboardingAssistant, skip_button);
  gtk_widget_class_bind_template_child (widget_class, MsiOnboardingAssistant, spinner);
  gtk_widget_class_bind_template_child (widget_class, MsiOnboardingAssistant, error_revealer);
  gtk_widget_class_bind_template_child (widget_class, MsiOnboardingAssistant, error_label);
  gtk_widget_class_bind_template_child (widget_class, MsiOnboardingAssistant, outer_stack);
  gtk_widget_class_bind_template_child (widget_class, MsiOnboardingAssistant, loading_page);
  gtk_widget_class_bind_template_child (widget_class, MsiOnboardingAssistant, loading_spinner);
  gtk_widget_class_bind_template_child (widget_class, MsiOnboardingAssistant, message_page);
  gtk_widget_class_bind_template_child (widget_class, MsiOnboardingAssistant, message_buttons);
  gtk_widget_class_bind_template_child (widget_class, MsiOnboardingAssistant, page_stack);

  gtk_widget_class_install_action (widget_class, "assistant.next", NULL, next_action);
  gtk_widget_class_install_action (widget_class, "assistant.back", NULL, back_action);
  gtk_widget_class_install_action (widget_class, "assistant.skip", NULL, skip_action);
  gtk_widget_class_install_action (widget_class, "assistant.cancel", NULL, cancel_action);
  gtk_widget_class_install_action (widget_class, "assistant.retry", NULL, retry_action);
  gtk_widget_class_install_action (widget_class, "assistant.sign-in", NULL, sign_in_action);
  gtk_widget_class_install_action (widget_class, "assistant.switch-account", NULL, switch_account_action);
  gtk_widget_class_install_action (widget_class, "assistant.set-up-profile", NULL, set_up_profile_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "assistant.cancel", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Left, GDK_ALT_MASK, "assistant.back", NULL);
}

static void
msi_onboarding_assistant_init (MsiOnboardingAssistant *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  if (DEVELOPMENT_BUILD)
    gtk_widget_add_css_class (GTK_WIDGET (self), "devel");

  self->cancellable = g_cancellable_new ();
  update_buttons (self);
}

/**
 * msi_onboarding_assistant_new:
 * @application: (nullable): the application; %NULL only in page tests
 */
MsiOnboardingAssistant *
msi_onboarding_assistant_new (MsiApplication *application)
{
  MsiOnboardingAssistant *self;

  g_return_val_if_fail (!application || MSI_IS_APPLICATION (application), NULL);

  self = g_object_new (MSI_TYPE_ONBOARDING_ASSISTANT,
                       "application", application,
                       NULL);
  if (application != NULL)
    {
      self->application = g_object_ref (application);
      g_signal_connect_object (application, "notify::state", G_CALLBACK (app_changed_cb), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (application, "notify::profile", G_CALLBACK (app_changed_cb), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (application, "notify::auth", G_CALLBACK (app_changed_cb), self, G_CONNECT_SWAPPED);
    }

  return self;
}

MsiOnboardingSession *
msi_onboarding_assistant_get_session (MsiOnboardingAssistant *self)
{
  g_return_val_if_fail (MSI_IS_ONBOARDING_ASSISTANT (self), NULL);

  return self->session;
}

MsiOnboardingMessage
msi_onboarding_assistant_get_message (MsiOnboardingAssistant *self)
{
  g_return_val_if_fail (MSI_IS_ONBOARDING_ASSISTANT (self), MSI_ONBOARDING_MESSAGE_NONE);

  return g_strcmp0 (gtk_stack_get_visible_child_name (self->outer_stack), "message") == 0
         ? self->message : MSI_ONBOARDING_MESSAGE_NONE;
}

/* The message page's description, as plain text. */
const char *
msi_onboarding_assistant_get_message_text (MsiOnboardingAssistant *self)
{
  g_return_val_if_fail (MSI_IS_ONBOARDING_ASSISTANT (self), NULL);

  return self->message_text;
}

/* "loading", "message" or "pages". */
const char *
msi_onboarding_assistant_get_state (MsiOnboardingAssistant *self)
{
  g_return_val_if_fail (MSI_IS_ONBOARDING_ASSISTANT (self), NULL);

  return gtk_stack_get_visible_child_name (self->outer_stack);
}

/* The name of the page on screen ("activate", "start", "features",
 * "email", "connected", "signature", "finish", "tour", "launch"), or
 * NULL before the pages. */
const char *
msi_onboarding_assistant_get_page_name (MsiOnboardingAssistant *self)
{
  MsiOnboardingPage *page;

  g_return_val_if_fail (MSI_IS_ONBOARDING_ASSISTANT (self), NULL);

  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->outer_stack), "pages") != 0)
    return NULL;

  page = current_page (self);
  return page ? gtk_widget_get_name (GTK_WIDGET (page)) : NULL;
}

MsiOnboardingPage *
msi_onboarding_assistant_get_page (MsiOnboardingAssistant *self,
                                   const char             *name)
{
  g_return_val_if_fail (MSI_IS_ONBOARDING_ASSISTANT (self), NULL);

  if (self->pages == NULL)
    return NULL;

  return MSI_ONBOARDING_PAGE (gtk_stack_get_child_by_name (self->page_stack, name));
}

MsiOnboardingPage *
msi_onboarding_assistant_get_current_page (MsiOnboardingAssistant *self)
{
  g_return_val_if_fail (MSI_IS_ONBOARDING_ASSISTANT (self), NULL);

  return current_page (self);
}

/* TRUE while Next's work or the saving of the progress is under way. */
gboolean
msi_onboarding_assistant_get_busy (MsiOnboardingAssistant *self)
{
  g_return_val_if_fail (MSI_IS_ONBOARDING_ASSISTANT (self), FALSE);

  return is_busy (self);
}
