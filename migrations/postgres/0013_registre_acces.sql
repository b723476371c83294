-- Issue 15. Accounts can be deactivated (no sign-in, no token) and are marked when `logis demo`
-- created them with a published password; a session ends after a time without use; an API
-- token has an expiry and a scope (logis_access::TokenScope). Tokens issued before carried
-- every right of their account: they keep it (`administration`) and expire in a year.
-- (The SQLite backend keeps these tables in a file of their own: migrations/sqlite-acces.)
ALTER TABLE comptes ADD COLUMN desactive_le BIGINT;
ALTER TABLE comptes ADD COLUMN demonstration BOOLEAN NOT NULL DEFAULT false;

ALTER TABLE sessions ADD COLUMN dernier_acces BIGINT;
UPDATE sessions SET dernier_acces = cree_le;
ALTER TABLE sessions ALTER COLUMN dernier_acces SET NOT NULL;
CREATE INDEX sessions_login ON sessions (login);

ALTER TABLE jetons_api ADD COLUMN expire_le BIGINT;
UPDATE jetons_api SET expire_le = CAST(EXTRACT(EPOCH FROM now()) AS BIGINT) + 365 * 86400;
ALTER TABLE jetons_api ALTER COLUMN expire_le SET NOT NULL;
ALTER TABLE jetons_api ADD COLUMN portee TEXT NOT NULL DEFAULT 'administration';
ALTER TABLE jetons_api ALTER COLUMN portee DROP DEFAULT;
CREATE INDEX jetons_api_login ON jetons_api (login);

CREATE INDEX journal_audit_moment ON journal_audit (moment);
