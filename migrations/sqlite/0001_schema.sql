-- The data of interchange format v1. Amounts are integer hundredths (cents), dates ISO text,
-- lists `|`-separated codes. References are checked by the import, not by foreign keys, so
-- that a file set loads in any order and in bulk. Keys are unique indexes named `<table>_key`
-- (not primary keys): an import into an empty table drops its index, appends, and builds the
-- index again at the end, which is much faster than inserting into a growing B-tree.
CREATE TABLE organismes (
    organisme_id TEXT NOT NULL,
    nom TEXT NOT NULL,
    type TEXT NOT NULL,
    commune TEXT
);

CREATE TABLE seuils (
    annee INTEGER NOT NULL,
    q1 INTEGER NOT NULL,
    q2 INTEGER NOT NULL,
    q3 INTEGER NOT NULL
);

CREATE TABLE demandes (
    numero_unique TEXT NOT NULL,
    date_depot TEXT NOT NULL,
    date_renouvellement TEXT,
    statut TEXT NOT NULL,
    date_radiation TEXT,
    motif_radiation TEXT,
    commune_residence TEXT,
    situation_logement TEXT NOT NULL,
    bailleur_actuel TEXT,
    ressources_mensuelles INTEGER NOT NULL,
    revenu_fiscal_reference INTEGER,
    motifs TEXT NOT NULL DEFAULT '',
    typologies_souhaitees TEXT NOT NULL DEFAULT '',
    communes_souhaitees TEXT NOT NULL,
    pmr INTEGER,
    criteres_prioritaires TEXT NOT NULL DEFAULT '',
    dalo INTEGER,
    date_dalo TEXT,
    salarie_prive INTEGER,
    agent_public INTEGER,
    guichet TEXT,
    nom TEXT,
    prenom TEXT,
    email TEXT,
    telephone TEXT,
    adresse TEXT
);

CREATE TABLE membres (
    numero_unique TEXT NOT NULL,
    rang INTEGER NOT NULL,
    lien TEXT NOT NULL,
    date_naissance TEXT NOT NULL
);

CREATE TABLE logements (
    logement_id TEXT NOT NULL,
    bailleur TEXT NOT NULL,
    commune TEXT NOT NULL,
    adresse TEXT,
    qpv TEXT,
    typologie TEXT NOT NULL,
    surface INTEGER,
    loyer INTEGER NOT NULL,
    charges INTEGER,
    financement TEXT NOT NULL,
    etage INTEGER,
    ascenseur INTEGER,
    pmr INTEGER,
    reservataire TEXT
);

CREATE TABLE attributions (
    numero_unique TEXT NOT NULL,
    logement_id TEXT,
    bailleur TEXT NOT NULL,
    commune TEXT NOT NULL,
    qpv TEXT,
    typologie TEXT NOT NULL,
    reservataire TEXT NOT NULL,
    date_cal TEXT,
    date_bail TEXT NOT NULL,
    relogement_anru INTEGER
);

CREATE UNIQUE INDEX organismes_key ON organismes (organisme_id);
CREATE UNIQUE INDEX seuils_key ON seuils (annee);
CREATE UNIQUE INDEX demandes_key ON demandes (numero_unique);
CREATE UNIQUE INDEX membres_key ON membres (numero_unique, rang);
CREATE UNIQUE INDEX logements_key ON logements (logement_id);
CREATE UNIQUE INDEX attributions_key ON attributions (numero_unique);
CREATE INDEX attributions_date_bail ON attributions (date_bail);
