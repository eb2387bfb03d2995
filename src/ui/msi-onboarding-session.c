/* SPDX-License-Identifier: GPL-3.0-or-later */
/* msi-onboarding-session.c: what the onboarding assistant's pages share */

#define G_LOG_DOMAIN "msi-onboarding-session"

#include "config.h"

#include "msi-onboarding-session.h"

/*
 * One onboarding, as the pages see it: the client of the Actions service
 * (signed in as the invited rep), what the invitation said, and what the
 * pages learnt on the way (the e-mail client and its address). Addresses
 * for the browser go through the "open-uri" signal, so that a test can
 * play the browser.
 */

struct _MsiOnboardingSession
{
  GObject              parent_instance;

  MsiOnboardingClient *client;
  MsiInvitationInfo   *invitation;
  MsiEmailClient       email_client;
  char                *email_address;
  gboolean             signature_saved;
  GtkWindow           *parent;   /* weak */
};

enum {
  PROP_0,
  PROP_EMAIL_CLIENT,
  PROP_EMAIL_ADDRESS,
  PROP_INVITATION,
  N_PROPS
};

enum {
  OPEN_URI,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (MsiOnboardingSession, msi_onboarding_session, G_TYPE_OBJECT)

/* The default: the desktop's browser (through the OpenURI portal in a
 * sandbox). */
static void
msi_onboarding_session_real_open_uri (MsiOnboardingSession *self,
                                      const char           *uri)
{
#if GTK_CHECK_VERSION (4, 10, 0)
  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  g_autoptr(GtkUriLauncher) launcher = gtk_uri_launcher_new (uri);

  gtk_uri_launcher_launch (launcher, self->parent, NULL, NULL, NULL);
  G_GNUC_END_IGNORE_DEPRECATIONS
#else
  gtk_show_uri (self->parent, uri, GDK_CURRENT_TIME);
#endif
}

static void
msi_onboarding_session_dispose (GObject *object)
{
  MsiOnboardingSession *self = (MsiOnboardingSession *)object;

  g_clear_object (&self->client);
  g_clear_weak_pointer (&self->parent);

  G_OBJECT_CLASS (msi_onboarding_session_parent_class)->dispose (object);
}

static void
msi_onboarding_session_finalize (GObject *object)
{
  MsiOnboardingSession *self = (MsiOnboardingSession *)object;

  g_clear_pointer (&self->invitation, msi_invitation_info_free);
  g_clear_pointer (&self->email_address, g_free);

  G_OBJECT_CLASS (msi_onboarding_session_parent_class)->finalize (object);
}

static void
msi_onboarding_session_get_property (GObject    *object,
                                     guint       prop_id,
                                     GValue     *value,
                                     GParamSpec *pspec)
{
  MsiOnboardingSession *self = MSI_ONBOARDING_SESSION (object);

  switch (prop_id)
    {
    case PROP_EMAIL_CLIENT:
      g_value_set_int (value, self->email_client);
      break;

    case PROP_EMAIL_ADDRESS:
      g_value_set_string (value, self->email_address);
      break;

    case PROP_INVITATION:
      g_value_set_boolean (value, self->invitation != NULL);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
msi_onboarding_session_class_init (MsiOnboardingSessionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = msi_onboarding_session_dispose;
  object_class->finalize = msi_onboarding_session_finalize;
  object_class->get_property = msi_onboarding_session_get_property;

  properties[PROP_EMAIL_CLIENT] =
    g_param_spec_int ("email-client", NULL, NULL,
                      MSI_EMAIL_CLIENT_NONE, MSI_EMAIL_CLIENT_OUTLOOK, MSI_EMAIL_CLIENT_NONE,
                      (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_EMAIL_ADDRESS] =
    g_param_spec_string ("email-address", NULL, NULL, NULL,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  /* TRUE once the invitation is known; its fields through the getters. */
  properties[PROP_INVITATION] =
    g_param_spec_boolean ("invitation", NULL, NULL, FALSE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * MsiOnboardingSession::open-uri:
   * @uri: an http(s) or mailto: address
   *
   * An address for the desktop's browser or mail app; the default
   * handler opens it.
   */
  signals[OPEN_URI] =
    g_signal_new_class_handler ("open-uri",
                                G_TYPE_FROM_CLASS (klass),
                                G_SIGNAL_RUN_LAST,
                                G_CALLBACK (msi_onboarding_session_real_open_uri),
                                NULL, NULL, NULL,
                                G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
msi_onboarding_session_init (MsiOnboardingSession *self)
{
}

/**
 * msi_onboarding_session_new:
 * @client: (nullable): the onboarding client; %NULL only for page tests
 *   that never apply
 */
MsiOnboardingSession *
msi_onboarding_session_new (MsiOnboardingClient *client)
{
  MsiOnboardingSession *self;

  g_return_val_if_fail (!client || MSI_IS_ONBOARDING_CLIENT (client), NULL);

  self = g_object_new (MSI_TYPE_ONBOARDING_SESSION, NULL);
  g_set_object (&self->client, client);

  return self;
}

MsiOnboardingClient *
msi_onboarding_session_get_client (MsiOnboardingSession *self)
{
  g_return_val_if_fail (MSI_IS_ONBOARDING_SESSION (self), NULL);

  return self->client;
}

MsiActionsAuth *
msi_onboarding_session_get_auth (MsiOnboardingSession *self)
{
  g_return_val_if_fail (MSI_IS_ONBOARDING_SESSION (self), NULL);

  return self->client ? msi_onboarding_client_get_auth (self->client) : NULL;
}

MsiProfile *
msi_onboarding_session_get_profile (MsiOnboardingSession *self)
{
  MsiActionsAuth *auth;

  g_return_val_if_fail (MSI_IS_ONBOARDING_SESSION (self), NULL);

  auth = msi_onboarding_session_get_auth (self);
  return auth ? msi_actions_auth_get_profile (auth) : NULL;
}

/**
 * msi_onboarding_session_get_invitation:
 *
 * Returns: (nullable): what the invitation said; %NULL when the
 *   onboarding was resumed without the link
 */
const MsiInvitationInfo *
msi_onboarding_session_get_invitation (MsiOnboardingSession *self)
{
  g_return_val_if_fail (MSI_IS_ONBOARDING_SESSION (self), NULL);

  return self->invitation;
}

void
msi_onboarding_session_set_invitation (MsiOnboardingSession    *self,
                                       const MsiInvitationInfo *info)
{
  g_return_if_fail (MSI_IS_ONBOARDING_SESSION (self));

  g_clear_pointer (&self->invitation, msi_invitation_info_free);
  self->invitation = info ? g_boxed_copy (msi_invitation_info_get_type (), info) : NULL;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_INVITATION]);
}

static const char *
nonempty (const char *text)
{
  return text != NULL && *text != '\0' ? text : NULL;
}

/* The invited person's name: the invitation's, else the signed-in one. */
const char *
msi_onboarding_session_get_user_name (MsiOnboardingSession *self)
{
  MsiActionsAuth *auth;

  g_return_val_if_fail (MSI_IS_ONBOARDING_SESSION (self), NULL);

  if (self->invitation != NULL && nonempty (self->invitation->name))
    return self->invitation->name;

  auth = msi_onboarding_session_get_auth (self);
  if (auth != NULL && msi_actions_auth_get_state (auth) == MSI_AUTH_STATE_SIGNED_IN)
    return nonempty (msi_actions_auth_get_user_name (auth));

  return NULL;
}

/* The Sales account e-mail address of the invited person. */
const char *
msi_onboarding_session_get_user_email (MsiOnboardingSession *self)
{
  MsiActionsAuth *auth;

  g_return_val_if_fail (MSI_IS_ONBOARDING_SESSION (self), NULL);

  if (self->invitation != NULL && nonempty (self->invitation->email))
    return self->invitation->email;

  auth = msi_onboarding_session_get_auth (self);
  if (auth != NULL && msi_actions_auth_get_state (auth) == MSI_AUTH_STATE_SIGNED_IN)
    return nonempty (msi_actions_auth_get_user_email (auth));

  return NULL;
}

const char *
msi_onboarding_session_get_account_name (MsiOnboardingSession *self)
{
  g_return_val_if_fail (MSI_IS_ONBOARDING_SESSION (self), NULL);

  return self->invitation ? nonempty (self->invitation->account_name) : NULL;
}

const char *
msi_onboarding_session_get_invited_by (MsiOnboardingSession *self)
{
  g_return_val_if_fail (MSI_IS_ONBOARDING_SESSION (self), NULL);

  return self->invitation ? nonempty (self->invitation->invited_by) : NULL;
}

MsiEmailClient
msi_onboarding_session_get_email_client (MsiOnboardingSession *self)
{
  g_return_val_if_fail (MSI_IS_ONBOARDING_SESSION (self), MSI_EMAIL_CLIENT_NONE);

  return self->email_client;
}

void
msi_onboarding_session_set_email_client (MsiOnboardingSession *self,
                                         MsiEmailClient        client)
{
  g_return_if_fail (MSI_IS_ONBOARDING_SESSION (self));

  if (self->email_client == client)
    return;

  self->email_client = client;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_EMAIL_CLIENT]);
}

/* The address of the connected Gmail or Outlook mailbox, once known. */
const char *
msi_onboarding_session_get_email_address (MsiOnboardingSession *self)
{
  g_return_val_if_fail (MSI_IS_ONBOARDING_SESSION (self), NULL);

  return self->email_address;
}

void
msi_onboarding_session_set_email_address (MsiOnboardingSession *self,
                                          const char           *address)
{
  g_return_if_fail (MSI_IS_ONBOARDING_SESSION (self));

  if (g_strcmp0 (self->email_address, address) == 0)
    return;

  g_free (self->email_address);
  self->email_address = g_strdup (address);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_EMAIL_ADDRESS]);
}

gboolean
msi_onboarding_session_get_signature_saved (MsiOnboardingSession *self)
{
  g_return_val_if_fail (MSI_IS_ONBOARDING_SESSION (self), FALSE);

  return self->signature_saved;
}

void
msi_onboarding_session_set_signature_saved (MsiOnboardingSession *self,
                                            gboolean              saved)
{
  g_return_if_fail (MSI_IS_ONBOARDING_SESSION (self));

  self->signature_saved = !!saved;
}

/* The window dialogs of the pages belong to. */
void
msi_onboarding_session_set_parent (MsiOnboardingSession *self,
                                   GtkWindow            *parent)
{
  g_return_if_fail (MSI_IS_ONBOARDING_SESSION (self));
  g_return_if_fail (!parent || GTK_IS_WINDOW (parent));

  g_set_weak_pointer (&self->parent, parent);
}

GtkWindow *
msi_onboarding_session_get_parent (MsiOnboardingSession *self)
{
  g_return_val_if_fail (MSI_IS_ONBOARDING_SESSION (self), NULL);

  return self->parent;
}

void
msi_onboarding_session_open_uri (MsiOnboardingSession *self,
                                 const char           *uri)
{
  g_return_if_fail (MSI_IS_ONBOARDING_SESSION (self));
  g_return_if_fail (uri != NULL);

  g_signal_emit (self, signals[OPEN_URI], 0, uri);
}
