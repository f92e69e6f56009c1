#!/usr/bin/env bash
# Quick start: install what wsus-audit needs (Chromium for PDF, the npm packages), build it,
# and audit a shipped sample bundle into reports/quickstart (report.html, report.pdf, result.json).
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v chromium >/dev/null 2>&1 && ! command -v chromium-browser >/dev/null 2>&1 \
  && ! command -v google-chrome >/dev/null 2>&1 && [ -z "${PUPPETEER_EXECUTABLE_PATH:-}" ]; then
  echo "Installing Chromium (needed for the PDF report)…"
  sudo_cmd=""
  [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
  $sudo_cmd apt-get update
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y --no-install-recommends chromium fonts-liberation
fi

npm ci --no-audit --no-fund
npm run build
node dist/wsus-audit.js audit "${1:-samples/quickstart}" --out reports/quickstart --format html,pdf,json
echo
echo "Open reports/quickstart/report.html or reports/quickstart/report.pdf"
