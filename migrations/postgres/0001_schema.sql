-- The data of interchange format v1. Amounts are integer hundredths (cents), lists
-- `|`-separated codes. Keys use the "C" collation so that exports sort exactly as SQLite
-- does. References are checked by the import, not by foreign keys, so that a file set loads
-- in any order and in bulk (COPY). Keys are constraints named `<table>_key`: an import into an
-- empty table drops its key, copies, and adds the key again at the end.
CREATE TABLE organismes (
    organisme_id TEXT COLLATE "C" NOT NULL,
    nom TEXT NOT NULL,
    type TEXT NOT NULL,
    commune TEXT
);

CREATE TABLE seuils (
    annee BIGINT NOT NULL,
    q1 BIGINT NOT NULL,
    q2 BIGINT NOT NULL,
    q3 BIGINT NOT NULL
);

CREATE TABLE demandes (
    numero_unique TEXT COLLATE "C" NOT NULL,
    date_depot DATE NOT NULL,
    date_renouvellement DATE,
    statut TEXT NOT NULL,
    date_radiation DATE,
    motif_radiation TEXT,
    commune_residence TEXT,
    situation_logement TEXT NOT NULL,
    bailleur_actuel TEXT,
    ressources_mensuelles BIGINT NOT NULL,
    revenu_fiscal_reference BIGINT,
    motifs TEXT NOT NULL DEFAULT '',
    typologies_souhaitees TEXT NOT NULL DEFAULT '',
    communes_souhaitees TEXT NOT NULL,
    pmr BOOLEAN,
    criteres_prioritaires TEXT NOT NULL DEFAULT '',
    dalo BOOLEAN,
    date_dalo DATE,
    salarie_prive BOOLEAN,
    agent_public BOOLEAN,
    guichet TEXT,
    nom TEXT,
    prenom TEXT,
    email TEXT,
    telephone TEXT,
    adresse TEXT
);

CREATE TABLE membres (
    numero_unique TEXT COLLATE "C" NOT NULL,
    rang BIGINT NOT NULL,
    lien TEXT NOT NULL,
    date_naissance DATE NOT NULL
);

CREATE TABLE logements (
    logement_id TEXT COLLATE "C" NOT NULL,
    bailleur TEXT NOT NULL,
    commune TEXT NOT NULL,
    adresse TEXT,
    qpv TEXT,
    typologie TEXT NOT NULL,
    surface BIGINT,
    loyer BIGINT NOT NULL,
    charges BIGINT,
    financement TEXT NOT NULL,
    etage BIGINT,
    ascenseur BOOLEAN,
    pmr BOOLEAN,
    reservataire TEXT
);

CREATE TABLE attributions (
    numero_unique TEXT COLLATE "C" NOT NULL,
    logement_id TEXT,
    bailleur TEXT NOT NULL,
    commune TEXT NOT NULL,
    qpv TEXT,
    typologie TEXT NOT NULL,
    reservataire TEXT NOT NULL,
    date_cal DATE,
    date_bail DATE NOT NULL,
    relogement_anru BOOLEAN
);

ALTER TABLE organismes ADD CONSTRAINT organismes_key PRIMARY KEY (organisme_id);
ALTER TABLE seuils ADD CONSTRAINT seuils_key PRIMARY KEY (annee);
ALTER TABLE demandes ADD CONSTRAINT demandes_key PRIMARY KEY (numero_unique);
ALTER TABLE membres ADD CONSTRAINT membres_key PRIMARY KEY (numero_unique, rang);
ALTER TABLE logements ADD CONSTRAINT logements_key PRIMARY KEY (logement_id);
ALTER TABLE attributions ADD CONSTRAINT attributions_key PRIMARY KEY (numero_unique);
CREATE INDEX attributions_date_bail ON attributions (date_bail);
