-- Issue 19. The one-time codes of the applicants' space: the code of an application is kept
-- only as the SHA-256 of a random salt and the code, with when it was sent, when it expires,
-- the attempts that failed and, after too many, until when the application's space is locked
-- (seconds since 1970). One row per application: a new code replaces the one before.
CREATE TABLE codes_demandeurs (
    numero_unique TEXT NOT NULL PRIMARY KEY,
    sel TEXT NOT NULL,
    code_hache TEXT NOT NULL,
    cree_le BIGINT NOT NULL,
    expire_le BIGINT NOT NULL,
    essais BIGINT NOT NULL,
    bloque_jusqu_au BIGINT
);
