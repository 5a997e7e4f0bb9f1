#!/bin/sh
# As the official image's 20-envsubst-on-templates.sh: each /etc/nginx/templates/X.template
# becomes /etc/nginx/conf.d/X with the environment's variables substituted, and only
# those, so nginx's own $variables stay as they are.
set -eu
if [ "${1:-}" = "nginx" ]; then
  defined=$(env | sed -n 's/^\([A-Za-z_][A-Za-z0-9_]*\)=.*/${\1}/p' | tr '\n' ' ')
  for template in /etc/nginx/templates/*.template; do
    [ -f "$template" ] || continue
    output=/etc/nginx/conf.d/$(basename "$template" .template)
    envsubst "$defined" <"$template" >"$output"
  done
fi
exec "$@"
