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
