/* SPDX-License-Identifier: GPL-3.0-or-later */
/* msi-signature-html.h: e-mail signatures as a small, safe subset of HTML */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The longest signature the service keeps, in bytes of sanitized HTML. */
#define MSI_SIGNATURE_MAX_LENGTH 10000

/*
 * A signature is kept as HTML of this subset only:
 *   <b> <strong> <i> <em> <u> <br> <p> <div> <span>   (no attributes)
 *   <a href="…">   with href http:, https: or mailto: only (scheme
 *                  compared case-insensitively, after entity decoding and
 *                  with white space and control characters removed), plus
 *                  target="_blank" rel="noopener noreferrer" added.
 * Everything else is removed: <script>, <style>, <iframe>, <object>,
 * <embed>, <svg>, <math>, <template> and comments with their content;
 * other elements keep their text; every other attribute (on*, style,
 * class, id, src…) goes; javascript:, data:, vbscript: and relative links
 * lose the link but keep its text. Text is re-escaped (& < > "), entities
 * are decoded and re-encoded, invalid UTF-8 is replaced, unclosed
 * elements are closed, stray end tags dropped. The result is stable:
 * sanitizing it again gives the same string. The demo server sanitizes
 * with the same function before it stores a signature.
 */
char     *msi_signature_html_sanitize      (const char  *html);

/* The editor's plain markup to HTML: the text is escaped, new lines
 * become <br>, and **bold**, *italic* and [text](https://…) become <b>,
 * <i> and <a> (links as above). The result is sanitized. */
char     *msi_signature_html_from_markup   (const char  *markup);

/* Sanitized HTML back to the editor's markup (the inverse of the above
 * for what it produces; other elements become their text). */
char     *msi_signature_html_to_markup     (const char  *html);

/* Sanitized HTML to Pango markup for a GtkLabel preview: <b>, <i>, <u>,
 * <a href> (GtkLabel links), line breaks; everything escaped. */
char     *msi_signature_html_to_pango      (const char  *html);

/* Sanitized HTML to plain text (links as "text <url>"), for accessible
 * descriptions and plain-text mail. */
char     *msi_signature_html_to_text       (const char  *html);

G_END_DECLS
