/**
 * Puppeteer must never download its own browser: the network here is closed and the
 * PDF renderer uses a system Chromium (see src/report/pdf/find-chromium.ts).
 * @type {import("puppeteer").Configuration}
 */
module.exports = { skipDownload: true };
