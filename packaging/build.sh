#!/usr/bin/env bash
# Build the self-contained folder dist/flowcanvas/ with PyInstaller (the same as `make bundle`).
set -euo pipefail
cd "$(dirname "$0")/.."
make bundle
echo "built: dist/flowcanvas/flowcanvas (check it with: make bundle-test)"
