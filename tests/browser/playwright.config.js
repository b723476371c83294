// Browser tests of the partners' application: Debian's chromium (never a downloaded browser),
// against `logis demo` served on a free port with a database of its own.
const { defineConfig } = require('@playwright/test');

const port = process.env.LOGIS_BROWSER_PORT || '18080';
const logis = process.env.LOGIS_BIN || '../../target/debug/logis';

module.exports = defineConfig({
  testDir: './tests',
  timeout: 60_000,
  workers: 1,
  reporter: [['list']],
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    locale: 'fr-FR',
    launchOptions: {
      executablePath: '/usr/bin/chromium',
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
             '--disable-component-update', '--disable-sync'],
    },
  },
  webServer: {
    command: `rm -rf .demo && mkdir .demo && cd .demo && ${logis.startsWith('/') ? logis : '../' + logis} demo --addr 127.0.0.1:${port}`,
    url: `http://127.0.0.1:${port}/connexion`,
    timeout: 120_000,
    reuseExistingServer: false,
    stdout: 'ignore',
    stderr: 'ignore',
  },
});
