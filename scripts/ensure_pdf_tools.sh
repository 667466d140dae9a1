#!/bin/sh
# The records (records/) and the annotation anchoring tests (DejaVu) need, besides the Python packages: fonts with Vietnamese glyphs
# (Liberation Serif, DejaVu Serif), Pango (WeasyPrint's text layout), poppler-utils (the
# tests render page 1 with pdftoppm and list fonts with pdffonts), and SoftHSM2 + OpenSC
# (the PKCS#11 signature is tested against a real SoftHSM2 token).
set -e
missing=""
[ -f /usr/share/fonts/truetype/liberation2/LiberationSerif-Regular.ttf ] || missing="$missing fonts-liberation2"
[ -f /usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf ] || missing="$missing fonts-dejavu-core"
ldconfig -p 2>/dev/null | grep -q "libpango-1.0" || missing="$missing libpango-1.0-0 libpangoft2-1.0-0"
command -v pdftoppm >/dev/null 2>&1 || missing="$missing poppler-utils"
command -v softhsm2-util >/dev/null 2>&1 || missing="$missing softhsm2"
command -v pkcs11-tool >/dev/null 2>&1 || missing="$missing opensc"
[ -z "$missing" ] && exit 0
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing what the records need:$missing (apt-get)…"
  apt-get update -q >/dev/null
  # shellcheck disable=SC2086  # one word per package
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q $missing >/dev/null
  exit 0
fi
echo "The records need:$missing — run 'sudo apt-get install$missing'." >&2
exit 1
