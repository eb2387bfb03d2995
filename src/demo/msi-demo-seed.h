/* SPDX-License-Identifier: GPL-3.0-or-later */
/* msi-demo-seed.h: demo data that more than one demo module knows */

#pragma once

/*
 * The demo Marketo instance's REST credentials (a LaunchPoint custom
 * service): what an admin types or pastes in demo mode. Demo data, listed
 * in the README; not secrets of any real service.
 */
#define MSI_DEMO_MARKETO_MUNCHKIN_ID   "284-RPR-133"
#define MSI_DEMO_MARKETO_CLIENT_ID     "3f1c9a52-7be0-4d2a-9c41-5e8b2d7f6a10"
#define MSI_DEMO_MARKETO_CLIENT_SECRET "Qm7tK2vX9pL4sR8wN1cZ6yB3hF5jD0aE"

/* The Marketo emulation's mount point under the demo server's base URL;
 * the demo profile's Marketo REST URL is {base}/marketo. */
#define MSI_DEMO_MARKETO_PREFIX        "/marketo"

/*
 * The Get started link of a welcome mail (issue 7 opens it):
 *   io.github.msiactions.setup:/invitation?service={Actions base URL}&token={token}
 * with the query values percent-encoded; the token is 43 base64url
 * characters from getrandom() (the store keeps its SHA-256 only).
 */
#define MSI_DEMO_INVITATION_LINK_FORMAT "io.github.msiactions.setup:/invitation?service=%s&token=%s"

/*
 * The invitations seeded for the onboarding (issue 7), each with a
 * welcome mail in the outbox whose Get started link works on a fresh
 * demo server (msi-demo-onboarding.c; the README's demo accounts):
 *   HAPPY     Riley Rep: Salesforce, Outlook and Gmail accounts with the
 *             same e-mail; the whole onboarding
 *   NO_API    Tomás Eriksen: his Salesforce profile lacks API Enabled
 *   MISMATCH  Lena Hoffmann: her Salesforce user is
 *             MSI_DEMO_ONBOARDING_MISMATCH_SALESFORCE, another e-mail
 *   EXPIRED   Priya Raman: the invitation expired
 */
#define MSI_DEMO_ONBOARDING_HAPPY_EMAIL          "rep@northwind.example"
#define MSI_DEMO_ONBOARDING_NO_API_EMAIL         "tomas.eriksen@northwind.example"
#define MSI_DEMO_ONBOARDING_MISMATCH_EMAIL       "lena.hoffmann@northwind.example"
#define MSI_DEMO_ONBOARDING_MISMATCH_SALESFORCE  "l.hoffmann@northwind-crm.example"
#define MSI_DEMO_ONBOARDING_EXPIRED_EMAIL        "priya.raman@northwind.example"
#define MSI_DEMO_ONBOARDING_SEEDED_MAILS         4
