-- The accounts of the partners' application (issue 5): a login, a role code
-- (logis_access::Role), the organisation or commune the account is attached to, the password's
-- Argon2id hash (PHC string, never the password) and when it was created (seconds since 1970).
CREATE TABLE comptes (
    login TEXT NOT NULL,
    role TEXT NOT NULL,
    organisme TEXT,
    commune TEXT,
    mot_de_passe TEXT NOT NULL,
    cree_le BIGINT NOT NULL,
    CONSTRAINT comptes_key PRIMARY KEY (login)
);

