/* SPDX-License-Identifier: GPL-3.0-or-later */
/* msi-json.h: reads the members of the services' JSON replies */

#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* Every reader takes a %NULL @object or @node (and then finds nothing), so
 * that calls chain: msi_json_get_string (msi_json_get_object (o, "a"), "b").
 * A member of another type than the one asked for counts as missing. The
 * values returned belong to @object; out values are left untouched when
 * the reader returns %FALSE. */

/* @node's object, or NULL when @node is NULL or holds no object. */
JsonObject  *msi_json_node_get_object     (JsonNode   *node);

/* A string member that is valid UTF-8, else NULL. */
const char  *msi_json_get_string          (JsonObject *object,
                                           const char *name);

/* The same, but NULL for an empty string too. */
const char  *msi_json_get_nonempty_string (JsonObject *object,
                                           const char *name);

/* An integer member (a JSON number without fraction or exponent, as
 * json-glib reads it: a gint64); FALSE for anything else, 2.0 included. */
gboolean     msi_json_get_int             (JsonObject *object,
                                           const char *name,
                                           gint64     *value);

/* A number member from 0 to G_MAXINT, written as an integer or with a
 * fraction (Salesforce writes 2.0): a fraction is dropped (2.7 gives 2).
 * FALSE for anything else, negative and larger numbers included. */
gboolean     msi_json_get_number_as_int   (JsonObject *object,
                                           const char *name,
                                           int        *value);

/* TRUE for a boolean member that is true; FALSE when it is false,
 * missing or of another type. */
gboolean     msi_json_get_boolean         (JsonObject *object,
                                           const char *name);

/* TRUE when the member is missing or null. */
gboolean     msi_json_is_null             (JsonObject *object,
                                           const char *name);

/* An array member, or NULL. */
JsonArray   *msi_json_get_array           (JsonObject *object,
                                           const char *name);

/* An object member, or NULL. */
JsonObject  *msi_json_get_object          (JsonObject *object,
                                           const char *name);

G_END_DECLS
