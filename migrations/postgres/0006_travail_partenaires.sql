-- The partners' work on applications in the web application (issue 5): the households a social
-- worker follows (a link the household consented to), priority labels with their criterion,
-- author, evidence and status (proposée by a social worker, reconnue by a landlord, a
-- reservation holder or the EPCI), partners' notes, the changes made in Logis (the file's
-- timeline) and the API tokens the administrateur issues (SHA-256 of the token only). Times are
-- seconds since 1970; `ligne` keeps the order of writing.
CREATE TABLE suivis (
    numero_unique TEXT NOT NULL,
    login TEXT NOT NULL,
    consentement_le DATE NOT NULL,
    cree_par TEXT NOT NULL,
    cree_le BIGINT NOT NULL
);
CREATE UNIQUE INDEX suivis_key ON suivis (numero_unique, login);
CREATE INDEX suivis_login ON suivis (login);

CREATE TABLE etiquettes_prioritaires (
    ligne BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    numero_unique TEXT NOT NULL,
    critere TEXT NOT NULL,
    statut TEXT NOT NULL,
    justificatif TEXT NOT NULL,
    auteur TEXT NOT NULL,
    organisme TEXT,
    moment BIGINT NOT NULL
);
CREATE INDEX etiquettes_demande ON etiquettes_prioritaires (numero_unique);

CREATE TABLE notes (
    ligne BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    numero_unique TEXT NOT NULL,
    auteur TEXT NOT NULL,
    organisme TEXT,
    moment BIGINT NOT NULL,
    texte TEXT NOT NULL
);
CREATE INDEX notes_demande ON notes (numero_unique);

CREATE TABLE evenements (
    ligne BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    numero_unique TEXT NOT NULL,
    moment BIGINT NOT NULL,
    auteur TEXT NOT NULL,
    nature TEXT NOT NULL,
    detail TEXT NOT NULL
);
CREATE INDEX evenements_demande ON evenements (numero_unique);

CREATE TABLE jetons_api (
    jeton_hache TEXT NOT NULL,
    nom TEXT NOT NULL,
    login TEXT NOT NULL,
    cree_le BIGINT NOT NULL,
    revoque_le BIGINT
);
CREATE UNIQUE INDEX jetons_api_key ON jetons_api (jeton_hache);

-- The list of applications sorted by score, read in index order.
CREATE INDEX scores_ordre ON scores (score, numero_unique);
