#!/usr/bin/env bash
# Build Waypoint's one-folder bundle on Linux from a clean virtual environment, prove it works
# with the frozen app's own self-test, and print its size unpacked and packed.
#
#   packaging/build_linux.sh            # from the repository root or anywhere
#
# Output: dist/waypoint/ (run dist/waypoint/waypoint) and dist/waypoint-<version>-linux.tar.gz.
# Needs Python 3.11+ with venv, and the package index (or a local wheel mirror via PIP_* settings)
# for the build only; the bundle itself never uses the network.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PYTHON="${PYTHON:-python3}"
BUILD="$ROOT/build"
DIST="$ROOT/dist"
VENV="$BUILD/venv"
# PyInstaller is a build tool, not a runtime need: pinned here rather than in requirements.txt.
PYINSTALLER_PIN="pyinstaller==6.22.3"

cd "$ROOT"
echo "== clean virtual environment in $VENV"
rm -rf "$VENV" "$BUILD/waypoint" "$DIST/waypoint"
"$PYTHON" -m venv "$VENV"
"$VENV/bin/python" -m pip install --quiet --upgrade pip
"$VENV/bin/python" -m pip install --quiet -r requirements.txt "$PYINSTALLER_PIN"

echo "== PyInstaller"
"$VENV/bin/pyinstaller" --noconfirm --clean --log-level WARN \
    --workpath "$BUILD/pyinstaller" --distpath "$DIST" packaging/waypoint.spec

APP="$DIST/waypoint/waypoint"
VERSION="$("$APP" --version | awk '{print $2}')"

echo "== PDFium in the bundle (the Documents window draws and prints with it)"
# The self-test below renders documents with ReportLab only; without PDFium's library the app
# would still start and only fail when a clinician opens Documents.
find "$DIST/waypoint" -path '*pypdfium2_raw/libpdfium*' -print -quit | grep -q . \
    || { echo "libpdfium is missing from the bundle" >&2; exit 1; }

echo "== self-test of the frozen app (headless, no display needed)"
# Run from another folder with a scratch HOME so nothing can lean on the source tree or the
# builder's own data; the self-test makes and removes its own temporary store.
SCRATCH="$(mktemp -d)"
trap 'rm -rf "$SCRATCH"' EXIT
(cd "$SCRATCH" && HOME="$SCRATCH" QT_QPA_PLATFORM=offscreen "$APP" self-test)

echo "== start-up of the frozen window (offscreen)"
(cd "$SCRATCH" && HOME="$SCRATCH" QT_QPA_PLATFORM=offscreen WAYPOINT_EXIT_WHEN_SHOWN=1 \
    timeout 60 "$APP" --data-dir "$SCRATCH/store") \
    && echo "the main window opened and closed cleanly" \
    || { echo "the frozen app's window did not start" >&2; exit 1; }

ARCHIVE="$DIST/waypoint-$VERSION-linux.tar.gz"
tar -C "$DIST" -czf "$ARCHIVE" waypoint

unpacked_mb="$(du -sm "$DIST/waypoint" | cut -f1)"
packed_mb="$(du -sm "$ARCHIVE" | cut -f1)"
echo "== bundle: $DIST/waypoint"
echo "bundle size: ${unpacked_mb} MB unpacked, ${packed_mb} MB as $(basename "$ARCHIVE")"
if [ "$unpacked_mb" -gt 200 ]; then
    echo "warning: the bundle is over the 200 MB target" >&2
fi
