-- Issue 19. The sessions of the applicants' space, apart from the partners' sessions: an
-- applicant's session opens only on their own application. Kept by the SHA-256 of its token
-- (the token lives only in the applicant's cookie), with when it was opened, when it ends at
-- the latest and when it was last used (seconds since 1970).
CREATE TABLE sessions_demandeurs (
    jeton_hache TEXT NOT NULL PRIMARY KEY,
    numero_unique TEXT NOT NULL,
    cree_le INTEGER NOT NULL,
    expire_le INTEGER NOT NULL,
    dernier_acces INTEGER NOT NULL
);
CREATE INDEX sessions_demandeurs_numero ON sessions_demandeurs (numero_unique);
