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
echo "Terminé : ouvrez output/index.html, ou lancez « .venv/bin/invoke serve » pour un aperçu sur http://localhost:8000/"
