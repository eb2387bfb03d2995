/* SPDX-License-Identifier: GPL-3.0-or-later */
/* msi-onboarding-tour-page.c: onboarding page: the short tour: Next or Not now */

#define G_LOG_DOMAIN "msi-onboarding-tour-page"

#include "config.h"

#include <glib/gi18n.h>

#include "msi-onboarding-tour-page.h"

/* The guide's "option to view a short introduction to Sales Actions:
 * Next to view it, or Not now": an offer, then illustrated slides in an
 * AdwCarousel. Next moves to the next slide; after the last, or with Not
 * now, the assistant goes on to the launch. */

struct _MsiOnboardingTourPage
{
  MsiOnboardingPage  parent_instance;

  AdwCarousel       *carousel;
  guint              target;     /* the slide shown, or being scrolled to */
  gboolean           scrolling;  /* Next's scroll has not landed yet */
};

G_DEFINE_FINAL_TYPE (MsiOnboardingTourPage, msi_onboarding_tour_page, MSI_TYPE_ONBOARDING_PAGE)

static const struct {
  const char *icon;
  const char *title;
  const char *text;
} slides[] = {
  { "help-browser-symbolic",
    N_("A Short Tour"),
    N_("See in four slides where Sales Actions are and what they do for you. Choose Next to start, or Not Now to skip the tour.") },
  { "mail-send-symbolic",
    N_("Send From Salesforce"),
    N_("Open a lead, contact, account or opportunity in Salesforce: the MSI panel on its page has the Sales Actions drop-down, with Send E-mail.") },
  { "x-office-document-symbolic",
    N_("Templates Save Time"),
    N_("Pick one of your team’s templates: the person’s details fill in, and your signature goes below.") },
  { "preferences-system-notifications-symbolic",
    N_("See Who Reads"),
    N_("When someone opens your e-mail or clicks one of its links, Sales Actions tells you, so you follow up at the right moment.") },
  { "view-list-bullet-symbolic",
    N_("Campaigns and Tasks"),
    N_("Add people to a sales campaign from the same drop-down; Sales Actions plans the e-mails and calls for you.") },
};

static void
update_labels (MsiOnboardingTourPage *self)
{
  MsiOnboardingPage *page = MSI_ONBOARDING_PAGE (self);
  guint slide = self->target;

  msi_onboarding_page_set_next_label (page, slide + 1 < G_N_ELEMENTS (slides) ? _("_Next") : _("_Done"));
  msi_onboarding_page_set_skippable (page, slide + 1 < G_N_ELEMENTS (slides));
}

/* A swipe or a key moved the carousel. */
static void
page_changed_cb (MsiOnboardingTourPage *self,
                 guint                  index)
{
  /* Until Next's scroll lands, other news (the carousel settling where
   * it first was) is old. */
  if (self->scrolling && index != self->target)
    return;

  self->scrolling = FALSE;
  self->target = index;
  update_labels (self);
}

/* Next: the next slide, counted from where the carousel is going (it may
 * still be moving). */
static gboolean
msi_onboarding_tour_page_advance (MsiOnboardingPage *page)
{
  MsiOnboardingTourPage *self = MSI_ONBOARDING_TOUR_PAGE (page);

  if (self->target + 1 >= G_N_ELEMENTS (slides))
    return FALSE;

  self->target++;
  self->scrolling = TRUE;
  adw_carousel_scroll_to (self->carousel, adw_carousel_get_nth_page (self->carousel, self->target), TRUE);
  update_labels (self);
  return TRUE;
}

static void
msi_onboarding_tour_page_shown (MsiOnboardingPage *page)
{
  MsiOnboardingTourPage *self = MSI_ONBOARDING_TOUR_PAGE (page);

  /* From the start again (after Back); a carousel not shown yet is
   * there already, and would say so late. */
  if (adw_carousel_get_position (self->carousel) > 0.0)
    adw_carousel_scroll_to (self->carousel, adw_carousel_get_nth_page (self->carousel, 0), FALSE);
  self->target = 0;
  self->scrolling = FALSE;
  update_labels (self);
}

static void
msi_onboarding_tour_page_class_init (MsiOnboardingTourPageClass *klass)
{
  MsiOnboardingPageClass *page_class = MSI_ONBOARDING_PAGE_CLASS (klass);

  page_class->advance = msi_onboarding_tour_page_advance;
  page_class->shown = msi_onboarding_tour_page_shown;
}

static void
msi_onboarding_tour_page_init (MsiOnboardingTourPage *self)
{
  MsiOnboardingPage *page = MSI_ONBOARDING_PAGE (self);
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  GtkWidget *dots = adw_carousel_indicator_dots_new ();

  msi_onboarding_page_set_step (page, MSI_ONBOARDING_STEP_TOUR);
  msi_onboarding_page_set_title (page, _("Tour"));
  msi_onboarding_page_set_skip_label (page, _("_Not Now"));
  msi_onboarding_page_set_skippable (page, TRUE);
  msi_onboarding_page_set_complete (page, TRUE);

  self->carousel = ADW_CAROUSEL (adw_carousel_new ());
  gtk_widget_set_vexpand (GTK_WIDGET (self->carousel), TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->carousel),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Tour of Sales Actions"),
                                  -1);
  for (guint i = 0; i < G_N_ELEMENTS (slides); i++)
    {
      GtkWidget *slide = adw_status_page_new ();
      g_autofree char *escaped = g_markup_escape_text (_(slides[i].text), -1);

      gtk_widget_set_hexpand (slide, TRUE);
      adw_status_page_set_icon_name (ADW_STATUS_PAGE (slide), slides[i].icon);
      adw_status_page_set_title (ADW_STATUS_PAGE (slide), _(slides[i].title));
      adw_status_page_set_description (ADW_STATUS_PAGE (slide), escaped);
      adw_carousel_append (self->carousel, slide);
    }
  g_signal_connect_object (self->carousel, "page-changed", G_CALLBACK (page_changed_cb), self, G_CONNECT_SWAPPED);

  adw_carousel_indicator_dots_set_carousel (ADW_CAROUSEL_INDICATOR_DOTS (dots), self->carousel);
  gtk_widget_set_margin_bottom (dots, 18);

  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->carousel));
  gtk_box_append (GTK_BOX (box), dots);
  adw_bin_set_child (ADW_BIN (self), box);
  update_labels (self);
}

/* For the tests: the slide on screen, from 0. */
guint
msi_onboarding_tour_page_get_slide (MsiOnboardingTourPage *self)
{
  g_return_val_if_fail (MSI_IS_ONBOARDING_TOUR_PAGE (self), 0);

  return self->target;
}

guint
msi_onboarding_tour_page_get_n_slides (MsiOnboardingTourPage *self)
{
  g_return_val_if_fail (MSI_IS_ONBOARDING_TOUR_PAGE (self), 0);

  return G_N_ELEMENTS (slides);
}
