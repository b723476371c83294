-- The access register of the SQLite backend, in a file of its own beside the database
-- (`logis-acces.db` beside `logis.db`): the accounts, their sessions and API tokens, and the
-- audit log. An import or a recalculation of the cotation holds the write lock of the main
-- file for minutes at national scale; signing in, and writing the audit line of a page that
-- shows personal data, must not wait for it (issue 15). PostgreSQL keeps the same tables in
-- its one database (migrations 0004–0006 and 0013), where an import never locks them.
-- Times are seconds since 1970.

-- An account: its role code (logis_access::Role), what it is attached to, the password's
-- Argon2id hash (never the password), when it was deactivated (no sign-in, no token), and
-- whether `logis demo` created it with a published password.
CREATE TABLE comptes (
    login TEXT NOT NULL,
    role TEXT NOT NULL,
    organisme TEXT,
    commune TEXT,
    mot_de_passe TEXT NOT NULL,
    cree_le INTEGER NOT NULL,
    desactive_le INTEGER,
    demonstration INTEGER NOT NULL DEFAULT 0
);
CREATE UNIQUE INDEX comptes_key ON comptes (login);

-- A session: the SHA-256 of its token (the token itself is only in the user's cookie), when
-- it ends at the latest, and when it was last used (it ends after a time without use).
CREATE TABLE sessions (
    jeton_hache TEXT NOT NULL,
    login TEXT NOT NULL,
    cree_le INTEGER NOT NULL,
    expire_le INTEGER NOT NULL,
    dernier_acces INTEGER NOT NULL
);
CREATE UNIQUE INDEX sessions_key ON sessions (jeton_hache);
CREATE INDEX sessions_login ON sessions (login);

-- An API token: the SHA-256 of the token, what it is for, the account whose rights it
-- carries, narrowed to its scope (logis_access::TokenScope), until it expires or is revoked.
CREATE TABLE jetons_api (
    jeton_hache TEXT NOT NULL,
    nom TEXT NOT NULL,
    login TEXT NOT NULL,
    cree_le INTEGER NOT NULL,
    revoque_le INTEGER,
    expire_le INTEGER NOT NULL,
    portee TEXT NOT NULL
);
CREATE UNIQUE INDEX jetons_api_key ON jetons_api (jeton_hache);
CREATE INDEX jetons_api_login ON jetons_api (login);

-- The audit log: who did what, when and from where, in the order written (`ligne`).
CREATE TABLE journal_audit (
    ligne INTEGER PRIMARY KEY AUTOINCREMENT,
    moment INTEGER NOT NULL,
    login TEXT NOT NULL,
    action TEXT NOT NULL,
    objet TEXT NOT NULL,
    origine TEXT NOT NULL
);
CREATE INDEX journal_audit_moment ON journal_audit (moment);
