// Browser tests of the partners' application and the applicants' space: Debian's chromium
// (never a downloaded browser), against `logis demo` served on a free port with a database of
// its own, sending its e-mail to a real local SMTP server (Python's aiosmtpd, installed by
// scripts/tools-up) that writes what it receives to the maildir `.courriels`.
const { defineConfig } = require('@playwright/test');

const port = process.env.LOGIS_BROWSER_PORT || '18080';
const logis = process.env.LOGIS_BIN || '../../target/debug/logis';
const smtpPort = process.env.LOGIS_SMTP_PORT || '18025';
const mailSettings = `serveur = "127.0.0.1"\\nport = ${smtpPort}\\nsecurite = "aucune"\\nexpediteur = "Service logement <logement@cctc.test>"\\n`;

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
  webServer: [
    {
      command: `rm -rf .courriels && python3 -m aiosmtpd -n -l 127.0.0.1:${smtpPort} -c aiosmtpd.handlers.Mailbox .courriels`,
      port: Number(smtpPort),
      timeout: 30_000,
      reuseExistingServer: false,
      stdout: 'ignore',
      stderr: 'ignore',
    },
    {
      command: `rm -rf .demo && mkdir .demo && cd .demo && printf '${mailSettings}' > courriel.toml && ${logis.startsWith('/') ? logis : '../' + logis} demo --addr 127.0.0.1:${port} --courriel courriel.toml`,
      url: `http://127.0.0.1:${port}/connexion`,
      timeout: 120_000,
      reuseExistingServer: false,
      stdout: 'ignore',
      stderr: 'ignore',
    },
  ],
});
