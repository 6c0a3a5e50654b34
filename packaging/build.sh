#!/usr/bin/env bash
# Build a self-contained folder dist/flowcanvas/ with PyInstaller (not part of `make test`).
set -euo pipefail
cd "$(dirname "$0")/.."
make venv
.venv/bin/pip install -q "pyinstaller>=6.10"
.venv/bin/pyinstaller --noconfirm --clean packaging/flowcanvas.spec
echo "built: dist/flowcanvas/flowcanvas"
