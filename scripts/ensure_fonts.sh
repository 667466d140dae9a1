#!/bin/sh
# The annotation re-anchoring tests and bench draw Vietnamese drafts in DejaVu Sans
# (Debian's fonts-dejavu-core).
set -e
FONT=/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf
if [ -f "$FONT" ]; then exit 0; fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing DejaVu fonts for the anchoring tests (apt-get install fonts-dejavu-core)…"
  apt-get update -q >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q fonts-dejavu-core >/dev/null
  exit 0
fi
echo "The anchoring tests need $FONT: run 'sudo apt-get install fonts-dejavu-core'." >&2
exit 1
