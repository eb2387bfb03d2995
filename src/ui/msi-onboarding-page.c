/* SPDX-License-Identifier: GPL-3.0-or-later */
/* msi-onboarding-page.c: one page of the onboarding assistant, and its contract */

#define G_LOG_DOMAIN "msi-onboarding-page"

#include "config.h"

#include <glib/gi18n.h>

#include "msi-onboarding-page.h"

/*
 * The assistant asks a page three things: is it complete (Next is
 * enabled), is it skippable (Skip shows), is it applying (Next's work is
 * under way: a spinner and Cancel show, the rest waits). Next calls
 * apply(); a page with work to do starts it and later reports the outcome
 * with msi_onboarding_page_apply_complete(). A page can show an error
 * sentence (the assistant shows it above the page) and ask for Next
 * itself (a large button in the page).
 */

typedef struct
{
  char                 *title;
  char                 *next_label;
  char                 *skip_label;
  char                 *error;
  MsiOnboardingSession *session;
  GCancellable         *cancellable;
  MsiOnboardingStep     step;
  gboolean              complete;
  gboolean              skippable;
  gboolean              applying;
} MsiOnboardingPagePrivate;

enum {
  PROP_0,
  PROP_TITLE,
  PROP_STEP,
  PROP_COMPLETE,
  PROP_SKIPPABLE,
  PROP_APPLYING,
  PROP_NEXT_LABEL,
  PROP_SKIP_LABEL,
  PROP_ERROR,
  PROP_SESSION,
  N_PROPS
};

enum {
  APPLY_DONE,
  REQUEST_NEXT,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

G_DEFINE_ABSTRACT_TYPE_WITH_PRIVATE (MsiOnboardingPage, msi_onboarding_page, ADW_TYPE_BIN)

static gboolean
msi_onboarding_page_real_apply (MsiOnboardingPage *self,
                                GCancellable      *cancellable)
{
  return FALSE;
}

static gboolean
msi_onboarding_page_real_advance (MsiOnboardingPage *self)
{
  return FALSE;
}

static void
msi_onboarding_page_dispose (GObject *object)
{
  MsiOnboardingPage *self = (MsiOnboardingPage *)object;
  MsiOnboardingPagePrivate *priv = msi_onboarding_page_get_instance_private (self);

  g_cancellable_cancel (priv->cancellable);
  g_clear_object (&priv->cancellable);
  g_clear_object (&priv->session);

  G_OBJECT_CLASS (msi_onboarding_page_parent_class)->dispose (object);
}

static void
msi_onboarding_page_finalize (GObject *object)
{
  MsiOnboardingPage *self = (MsiOnboardingPage *)object;
  MsiOnboardingPagePrivate *priv = msi_onboarding_page_get_instance_private (self);

  g_clear_pointer (&priv->title, g_free);
  g_clear_pointer (&priv->next_label, g_free);
  g_clear_pointer (&priv->skip_label, g_free);
  g_clear_pointer (&priv->error, g_free);

  G_OBJECT_CLASS (msi_onboarding_page_parent_class)->finalize (object);
}

static void
msi_onboarding_page_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  MsiOnboardingPage *self = MSI_ONBOARDING_PAGE (object);
  MsiOnboardingPagePrivate *priv = msi_onboarding_page_get_instance_private (self);

  switch (prop_id)
    {
    case PROP_TITLE:
      g_value_set_string (value, priv->title);
      break;

    case PROP_STEP:
      g_value_set_enum (value, priv->step);
      break;

    case PROP_COMPLETE:
      g_value_set_boolean (value, priv->complete);
      break;

    case PROP_SKIPPABLE:
      g_value_set_boolean (value, priv->skippable);
      break;

    case PROP_APPLYING:
      g_value_set_boolean (value, priv->applying);
      break;

    case PROP_NEXT_LABEL:
      g_value_set_string (value, msi_onboarding_page_get_next_label (self));
      break;

    case PROP_SKIP_LABEL:
      g_value_set_string (value, msi_onboarding_page_get_skip_label (self));
      break;

    case PROP_ERROR:
      g_value_set_string (value, priv->error);
      break;

    case PROP_SESSION:
      g_value_set_object (value, priv->session);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
msi_onboarding_page_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  MsiOnboardingPage *self = MSI_ONBOARDING_PAGE (object);

  switch (prop_id)
    {
    case PROP_TITLE:
      msi_onboarding_page_set_title (self, g_value_get_string (value));
      break;

    case PROP_STEP:
      msi_onboarding_page_set_step (self, g_value_get_enum (value));
      break;

    case PROP_COMPLETE:
      msi_onboarding_page_set_complete (self, g_value_get_boolean (value));
      break;

    case PROP_SKIPPABLE:
      msi_onboarding_page_set_skippable (self, g_value_get_boolean (value));
      break;

    case PROP_NEXT_LABEL:
      msi_onboarding_page_set_next_label (self, g_value_get_string (value));
      break;

    case PROP_SKIP_LABEL:
      msi_onboarding_page_set_skip_label (self, g_value_get_string (value));
      break;

    case PROP_ERROR:
      msi_onboarding_page_set_error (self, g_value_get_string (value));
      break;

    case PROP_SESSION:
      msi_onboarding_page_set_session (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
msi_onboarding_page_class_init (MsiOnboardingPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = msi_onboarding_page_dispose;
  object_class->finalize = msi_onboarding_page_finalize;
  object_class->get_property = msi_onboarding_page_get_property;
  object_class->set_property = msi_onboarding_page_set_property;

  klass->apply = msi_onboarding_page_real_apply;
  klass->advance = msi_onboarding_page_real_advance;

  properties[PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL, NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_STEP] =
    g_param_spec_enum ("step", NULL, NULL,
                       MSI_TYPE_ONBOARDING_STEP, MSI_ONBOARDING_STEP_ACTIVATE,
                       (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_COMPLETE] =
    g_param_spec_boolean ("complete", NULL, NULL, FALSE,
                          (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_SKIPPABLE] =
    g_param_spec_boolean ("skippable", NULL, NULL, FALSE,
                          (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_APPLYING] =
    g_param_spec_boolean ("applying", NULL, NULL, FALSE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  /* With a mnemonic; NULL for "_Next". */
  properties[PROP_NEXT_LABEL] =
    g_param_spec_string ("next-label", NULL, NULL, NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  /* With a mnemonic; NULL for "_Skip". */
  properties[PROP_SKIP_LABEL] =
    g_param_spec_string ("skip-label", NULL, NULL, NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_ERROR] =
    g_param_spec_string ("error", NULL, NULL, NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL,
                         MSI_TYPE_ONBOARDING_SESSION,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * MsiOnboardingPage::apply-done:
   * @valid: %TRUE when the assistant may go on
   */
  signals[APPLY_DONE] =
    g_signal_new ("apply-done",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_BOOLEAN);

  /**
   * MsiOnboardingPage::request-next:
   *
   * A button in the page stands for Next.
   */
  signals[REQUEST_NEXT] =
    g_signal_new ("request-next",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);
}

static void
msi_onboarding_page_init (MsiOnboardingPage *self)
{
}

const char *
msi_onboarding_page_get_title (MsiOnboardingPage *self)
{
  MsiOnboardingPagePrivate *priv = msi_onboarding_page_get_instance_private (self);

  g_return_val_if_fail (MSI_IS_ONBOARDING_PAGE (self), NULL);

  return priv->title;
}

void
msi_onboarding_page_set_title (MsiOnboardingPage *self,
                               const char        *title)
{
  MsiOnboardingPagePrivate *priv = msi_onboarding_page_get_instance_private (self);

  g_return_if_fail (MSI_IS_ONBOARDING_PAGE (self));

  if (g_strcmp0 (priv->title, title) == 0)
    return;

  g_free (priv->title);
  priv->title = g_strdup (title);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TITLE]);
}

MsiOnboardingStep
msi_onboarding_page_get_step (MsiOnboardingPage *self)
{
  MsiOnboardingPagePrivate *priv = msi_onboarding_page_get_instance_private (self);

  g_return_val_if_fail (MSI_IS_ONBOARDING_PAGE (self), MSI_ONBOARDING_STEP_ACTIVATE);

  return priv->step;
}

void
msi_onboarding_page_set_step (MsiOnboardingPage *self,
                              MsiOnboardingStep  step)
{
  MsiOnboardingPagePrivate *priv = msi_onboarding_page_get_instance_private (self);

  g_return_if_fail (MSI_IS_ONBOARDING_PAGE (self));

  if (priv->step == step)
    return;

  priv->step = step;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STEP]);
}

gboolean
msi_onboarding_page_get_complete (MsiOnboardingPage *self)
{
  MsiOnboardingPagePrivate *priv = msi_onboarding_page_get_instance_private (self);

  g_return_val_if_fail (MSI_IS_ONBOARDING_PAGE (self), FALSE);

  return priv->complete;
}

void
msi_onboarding_page_set_complete (MsiOnboardingPage *self,
                                  gboolean           complete)
{
  MsiOnboardingPagePrivate *priv = msi_onboarding_page_get_instance_private (self);

  g_return_if_fail (MSI_IS_ONBOARDING_PAGE (self));

  complete = !!complete;
  if (priv->complete == complete)
    return;

  priv->complete = complete;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_COMPLETE]);
}

gboolean
msi_onboarding_page_get_skippable (MsiOnboardingPage *self)
{
  MsiOnboardingPagePrivate *priv = msi_onboarding_page_get_instance_private (self);

  g_return_val_if_fail (MSI_IS_ONBOARDING_PAGE (self), FALSE);

  return priv->skippable;
}

void
msi_onboarding_page_set_skippable (MsiOnboardingPage *self,
                                   gboolean           skippable)
{
  MsiOnboardingPagePrivate *priv = msi_onboarding_page_get_instance_private (self);

  g_return_if_fail (MSI_IS_ONBOARDING_PAGE (self));

  skippable = !!skippable;
  if (priv->skippable == skippable)
    return;

  priv->skippable = skippable;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SKIPPABLE]);
}

gboolean
msi_onboarding_page_get_applying (MsiOnboardingPage *self)
{
  MsiOnboardingPagePrivate *priv = msi_onboarding_page_get_instance_private (self);

  g_return_val_if_fail (MSI_IS_ONBOARDING_PAGE (self), FALSE);

  return priv->applying;
}

static void
set_applying (MsiOnboardingPage *self,
              gboolean           applying)
{
  MsiOnboardingPagePrivate *priv = msi_onboarding_page_get_instance_private (self);

  if (priv->applying == applying)
    return;

  priv->applying = applying;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_APPLYING]);
}

const char *
msi_onboarding_page_get_next_label (MsiOnboardingPage *self)
{
  MsiOnboardingPagePrivate *priv = msi_onboarding_page_get_instance_private (self);

  g_return_val_if_fail (MSI_IS_ONBOARDING_PAGE (self), NULL);

  return priv->next_label ? priv->next_label : _("_Next");
}

void
msi_onboarding_page_set_next_label (MsiOnboardingPage *self,
                                    const char        *label)
{
  MsiOnboardingPagePrivate *priv = msi_onboarding_page_get_instance_private (self);

  g_return_if_fail (MSI_IS_ONBOARDING_PAGE (self));

  if (g_strcmp0 (priv->next_label, label) == 0)
    return;

  g_free (priv->next_label);
  priv->next_label = g_strdup (label);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NEXT_LABEL]);
}

const char *
msi_onboarding_page_get_skip_label (MsiOnboardingPage *self)
{
  MsiOnboardingPagePrivate *priv = msi_onboarding_page_get_instance_private (self);

  g_return_val_if_fail (MSI_IS_ONBOARDING_PAGE (self), NULL);

  return priv->skip_label ? priv->skip_label : _("_Skip");
}

void
msi_onboarding_page_set_skip_label (MsiOnboardingPage *self,
                                    const char        *label)
{
  MsiOnboardingPagePrivate *priv = msi_onboarding_page_get_instance_private (self);

  g_return_if_fail (MSI_IS_ONBOARDING_PAGE (self));

  if (g_strcmp0 (priv->skip_label, label) == 0)
    return;

  g_free (priv->skip_label);
  priv->skip_label = g_strdup (label);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SKIP_LABEL]);
}

/* A sentence that says what went wrong and what to do, or NULL. */
const char *
msi_onboarding_page_get_error (MsiOnboardingPage *self)
{
  MsiOnboardingPagePrivate *priv = msi_onboarding_page_get_instance_private (self);

  g_return_val_if_fail (MSI_IS_ONBOARDING_PAGE (self), NULL);

  return priv->error;
}

void
msi_onboarding_page_set_error (MsiOnboardingPage *self,
                               const char        *message)
{
  MsiOnboardingPagePrivate *priv = msi_onboarding_page_get_instance_private (self);

  g_return_if_fail (MSI_IS_ONBOARDING_PAGE (self));

  if (message != NULL && *message == '\0')
    message = NULL;
  if (g_strcmp0 (priv->error, message) == 0)
    return;

  g_free (priv->error);
  priv->error = g_strdup (message);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERROR]);
}

MsiOnboardingSession *
msi_onboarding_page_get_session (MsiOnboardingPage *self)
{
  MsiOnboardingPagePrivate *priv = msi_onboarding_page_get_instance_private (self);

  g_return_val_if_fail (MSI_IS_ONBOARDING_PAGE (self), NULL);

  return priv->session;
}

void
msi_onboarding_page_set_session (MsiOnboardingPage    *self,
                                 MsiOnboardingSession *session)
{
  MsiOnboardingPagePrivate *priv = msi_onboarding_page_get_instance_private (self);

  g_return_if_fail (MSI_IS_ONBOARDING_PAGE (self));
  g_return_if_fail (!session || MSI_IS_ONBOARDING_SESSION (session));

  if (!g_set_object (&priv->session, session))
    return;

  if (MSI_ONBOARDING_PAGE_GET_CLASS (self)->session_changed != NULL)
    MSI_ONBOARDING_PAGE_GET_CLASS (self)->session_changed (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SESSION]);
}

/**
 * msi_onboarding_page_apply:
 * @cancellable: cancelled when the person chooses Cancel
 *
 * Returns: %TRUE when the page started work and will call
 *   msi_onboarding_page_apply_complete(); %FALSE when there was nothing
 *   to do.
 */
gboolean
msi_onboarding_page_apply (MsiOnboardingPage *self,
                           GCancellable      *cancellable)
{
  MsiOnboardingPagePrivate *priv = msi_onboarding_page_get_instance_private (self);
  gboolean started;

  g_return_val_if_fail (MSI_IS_ONBOARDING_PAGE (self), FALSE);
  g_return_val_if_fail (!priv->applying, FALSE);

  g_set_object (&priv->cancellable, cancellable);
  msi_onboarding_page_set_error (self, NULL);
  set_applying (self, TRUE);
  started = MSI_ONBOARDING_PAGE_GET_CLASS (self)->apply (self, cancellable);
  if (!started && priv->applying)
    {
      g_clear_object (&priv->cancellable);
      set_applying (self, FALSE);
    }

  return started;
}

/**
 * msi_onboarding_page_apply_complete:
 * @valid: %TRUE when the assistant may go on; %FALSE to stay (after a
 *   cancel, or with an error the page shows)
 */
void
msi_onboarding_page_apply_complete (MsiOnboardingPage *self,
                                    gboolean           valid)
{
  MsiOnboardingPagePrivate *priv = msi_onboarding_page_get_instance_private (self);

  g_return_if_fail (MSI_IS_ONBOARDING_PAGE (self));

  if (!priv->applying)
    return;

  g_clear_object (&priv->cancellable);
  set_applying (self, FALSE);
  g_signal_emit (self, signals[APPLY_DONE], 0, !!valid);
}

gboolean
msi_onboarding_page_advance (MsiOnboardingPage *self)
{
  g_return_val_if_fail (MSI_IS_ONBOARDING_PAGE (self), FALSE);

  return MSI_ONBOARDING_PAGE_GET_CLASS (self)->advance (self);
}

void
msi_onboarding_page_shown (MsiOnboardingPage *self)
{
  g_return_if_fail (MSI_IS_ONBOARDING_PAGE (self));

  if (MSI_ONBOARDING_PAGE_GET_CLASS (self)->shown != NULL)
    MSI_ONBOARDING_PAGE_GET_CLASS (self)->shown (self);
}

void
msi_onboarding_page_skip (MsiOnboardingPage *self)
{
  g_return_if_fail (MSI_IS_ONBOARDING_PAGE (self));

  if (MSI_ONBOARDING_PAGE_GET_CLASS (self)->skip != NULL)
    MSI_ONBOARDING_PAGE_GET_CLASS (self)->skip (self);
}

void
msi_onboarding_page_request_next (MsiOnboardingPage *self)
{
  g_return_if_fail (MSI_IS_ONBOARDING_PAGE (self));

  g_signal_emit (self, signals[REQUEST_NEXT], 0);
}
