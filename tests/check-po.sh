#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Fails when a source file with translatable strings is missing from
# po/POTFILES.in, when nl.po lacks a string of the sources, or when it has
# untranslated or fuzzy entries.
set -eu
top="$1"
cd "$top"
status=0

for f in $(git ls-files 'src/*.c' 'src/*.ui' 2>/dev/null || find src -name '*.c' -o -name '*.ui'); do
  if grep -qE '(^|[^A-Za-z0-9_])N?_\(|translatable="yes"' "$f"; then
    if ! grep -qxF "$f" po/POTFILES.in && ! grep -qxF "$f" po/POTFILES.skip; then
      echo "not in po/POTFILES.in: $f"
      status=1
    fi
  fi
done

for f in $(grep -v '^#' po/POTFILES.in | grep -v '^$'); do
  [ -f "$f" ] || { echo "listed in po/POTFILES.in but missing: $f"; status=1; }
done

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# The same keywords as meson's i18n preset 'glib'.
xgettext --from-code=UTF-8 --add-comments --directory="$top" \
  --keyword=_ --keyword=N_ --keyword=C_:1c,2 --keyword=NC_:1c,2 \
  --keyword=g_dcgettext:2 --keyword=g_dngettext:2,3 --keyword=g_dpgettext2:2c,3 \
  --flag=N_:1:pass-c-format --flag=C_:2:pass-c-format --flag=NC_:2:pass-c-format \
  --flag=g_dngettext:2:pass-c-format --flag=g_strdup_printf:1:c-format \
  --flag=g_string_printf:2:c-format --flag=g_string_append_printf:2:c-format \
  --flag=g_error_new:3:c-format --flag=g_set_error:4:c-format \
  --flag=g_markup_printf_escaped:1:c-format \
  --files-from=po/POTFILES.in -o "$tmp/current.pot"

for po in $(sed 's/#.*//' po/LINGUAS); do
  # Every string of the sources has an entry in the translation …
  if ! msgcmp --use-untranslated "po/$po.po" "$tmp/current.pot" 2>"$tmp/msgcmp"; then
    echo "po/$po.po misses strings of the sources:"
    head -40 "$tmp/msgcmp"
    status=1
  fi
  # … and each is translated, none fuzzy.
  stats=$(msgfmt --check --statistics -o /dev/null "po/$po.po" 2>&1) || { echo "$stats"; status=1; }
  case "$stats" in
    *untranslated*|*fuzzy*) echo "po/$po.po is not complete: $stats"; status=1 ;;
  esac
  echo "po/$po.po: $stats"
done

exit $status
