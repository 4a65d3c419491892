#!/usr/bin/env bash
# Build the vendored front-end assets for Safe Contact (no bundler).
# Run via `npm run build` from this folder after `npm ci`.
# Output goes to ../safecontact/static/vendor/{govuk,axe,htmx} and is committed.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
nm="$here/node_modules"
vendor="$here/../safecontact/static/vendor"
govuk_dist="$nm/govuk-frontend/dist/govuk"

for pkg in govuk-frontend sass axe-core htmx.org; do
  if [[ ! -d "$nm/$pkg" ]]; then
    echo "build.sh: $nm/$pkg missing; run 'npm ci' first" >&2
    exit 1
  fi
done

# Start clean so files dropped upstream do not linger (only our own folders).
rm -rf "$vendor/govuk" "$vendor/axe" "$vendor/htmx"
mkdir -p "$vendor/govuk/assets" "$vendor/axe" "$vendor/htmx"

# 1. Sass -> compressed CSS + source map (app.css.map beside it).
"$nm/.bin/sass" \
  --pkg-importer=node \
  --style=compressed \
  --source-map \
  --no-error-css \
  "$here/scss/app.scss" "$vendor/govuk/app.css"
# Compressed output puts the sourceMappingURL comment on the same line as the
# CSS; Django's ManifestStaticFilesStorage only rewrites it (to the hashed
# .map) when the comment starts a line, so move it onto its own line.
sed -i 's|/\*# sourceMappingURL=|\n/*# sourceMappingURL=|' "$vendor/govuk/app.css"

# 2. GOV.UK Frontend JS (ES module) + its source map.
cp "$govuk_dist/govuk-frontend.min.js" "$govuk_dist/govuk-frontend.min.js.map" "$vendor/govuk/"

# 3. GOV.UK Frontend assets: images + manifest.json. Fonts are skipped (Arial).
cp -R "$govuk_dist/assets/images" "$vendor/govuk/assets/images"
cp "$govuk_dist/assets/manifest.json" "$vendor/govuk/assets/manifest.json"
# govuk-crest.svg is the Royal Coat of Arms. Only .govuk-footer__copyright-logo
# uses it, which Safe Contact must not use, but app.css still references it, so
# ship a blank placeholder to keep ManifestStaticFilesStorage happy.
cat > "$vendor/govuk/assets/images/govuk-crest.svg" <<'SVG'
<svg xmlns="http://www.w3.org/2000/svg" width="1" height="1" viewBox="0 0 1 1"><!-- placeholder: Safe Contact does not display the crest --></svg>
SVG

# 4. axe-core (test-only) and htmx.
cp "$nm/axe-core/axe.min.js" "$vendor/axe/axe.min.js"
cp "$nm/htmx.org/dist/htmx.min.js" "$vendor/htmx/htmx.min.js"

# 5. Every url() in app.css must resolve to a shipped file.
missing=0
while IFS= read -r ref; do
  [[ "$ref" == data:* ]] && continue
  if [[ ! -f "$vendor/govuk/$ref" ]]; then
    echo "build.sh: app.css references missing file: $ref" >&2
    missing=1
  fi
done < <(grep -o 'url([^)]*)' "$vendor/govuk/app.css" | sed -E 's/^url\(["'\'']?//; s/["'\'']?\)$//' | sort -u)
if grep -qi 'GDS Transport\|@font-face' "$vendor/govuk/app.css"; then
  echo "build.sh: app.css still contains GDS Transport / @font-face" >&2
  missing=1
fi
[[ "$missing" -eq 0 ]]

echo "build.sh: built into $(cd "$vendor" && pwd)"
(cd "$vendor" && find govuk axe htmx -type f | sort | xargs ls -l | awk '{printf "%10d  %s\n", $5, $9}')
