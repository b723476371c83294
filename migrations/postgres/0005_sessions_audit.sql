-- Sessions of the partners' application (the SHA-256 of the token: the token itself is only in
-- the user's cookie) and the audit log: who did what, when and from where (times in seconds
-- since 1970), in the order written (`ligne`).
CREATE TABLE sessions (
    jeton_hache TEXT NOT NULL,
    login TEXT NOT NULL,
    cree_le BIGINT NOT NULL,
    expire_le BIGINT NOT NULL,
    CONSTRAINT sessions_key PRIMARY KEY (jeton_hache)
);


CREATE TABLE journal_audit (
    ligne BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    moment BIGINT NOT NULL,
    login TEXT NOT NULL,
    action TEXT NOT NULL,
    objet TEXT NOT NULL,
    origine TEXT NOT NULL
);
