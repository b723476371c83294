-- Settings edited in the partners' application (issue 5), one text per key: `bilan` (the
-- territory's settings read by the evaluation, TOML as docs/parametres-territoire.toml) and
-- `priorites` (the territory's priorities for next year, Markdown), with who changed them and
-- when (seconds since 1970).
CREATE TABLE parametres (
    cle TEXT NOT NULL,
    texte TEXT NOT NULL,
    modifie_le INTEGER NOT NULL,
    modifie_par TEXT NOT NULL
);
CREATE UNIQUE INDEX parametres_key ON parametres (cle);
