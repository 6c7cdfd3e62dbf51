#!/usr/bin/env bash
# Installe l'outil dans .venv/ puis construit le site de démonstration dans output/.
# Usage : ./setup.sh          (relançable sans risque)
set -euo pipefail
cd "$(dirname "$0")"

PYTHON="${PYTHON:-}"
if [ -z "$PYTHON" ]; then
  for candidate in python3.13 python3.12 python3.11 python3; do
    if command -v "$candidate" >/dev/null 2>&1 &&
       "$candidate" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
      PYTHON="$candidate"; break
    fi
  done
fi
if [ -z "$PYTHON" ]; then
  echo "Python 3.11 ou plus récent est nécessaire : installez-le puis relancez ./setup.sh" >&2
  exit 1
fi

# Tools the tests use to check the outputs as real clients read them: Debian's Chromium, Java (for
# the Nu Html Checker), libical (GNOME's calendar engine), poppler (to rasterise and read the
# posters) and npm (axe-core, vnu-jar, ical.js). Installed here when run as root on Debian/Ubuntu;
# otherwise the tests say what is missing.
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  missing=()
  [ -x /usr/bin/chromium ] || missing+=(chromium)
  command -v java >/dev/null 2>&1 || missing+=(default-jre-headless)
  command -v npm >/dev/null 2>&1 || missing+=(npm)
  /usr/bin/python3 -c "import gi; gi.require_version('ICalGLib', '3.0')" >/dev/null 2>&1 ||
    missing+=(python3-gi gir1.2-ical-3.0)
  command -v pdftoppm >/dev/null 2>&1 || missing+=(poppler-utils)
  if [ ${#missing[@]} -gt 0 ]; then
    echo "→ Installation des paquets Debian : ${missing[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  fi
fi
if command -v npm >/dev/null 2>&1; then
  echo "→ Installation des outils de vérification (axe-core, validateur HTML, ical.js)"
  npm ci --silent --no-audit --no-fund
else
  echo "npm est absent : les tests dans un navigateur échoueront (installez Node.js et npm)." >&2
fi

if [ ! -x .venv/bin/python ]; then
  echo "→ Création de l'environnement Python dans .venv/ ($("$PYTHON" --version))"
  "$PYTHON" -m venv .venv
fi
echo "→ Installation des dépendances"
.venv/bin/python -m pip install --quiet --disable-pip-version-check --upgrade pip
.venv/bin/python -m pip install --quiet --disable-pip-version-check -e '.[test]'
echo "→ Vérification et construction du site de démonstration"
.venv/bin/invoke check
.venv/bin/invoke build
echo "Terminé. Pour voir le site : lancez « .venv/bin/invoke serve » puis ouvrez http://localhost:8000/ (ouvert comme fichier, output/index.html ne mène pas aux autres pages)."
