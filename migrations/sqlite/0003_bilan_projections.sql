-- The bilan's projections of the applications (one narrow row per application) and of the
-- attributions (each with its application's projection), derived from `demandes`, `membres`
-- and `attributions` (logis_store::bilan::projection, where the columns are explained), read
-- by the yearly evaluation's counts.
CREATE TABLE demandes_bilan (
    numero_unique TEXT NOT NULL,
    date_depot TEXT NOT NULL,
    statut TEXT NOT NULL,
    date_radiation TEXT,
    profil INTEGER NOT NULL,
    prioritaire INTEGER NOT NULL,
    commune TEXT NOT NULL,
    ressources INTEGER NOT NULL,
    naissance_titulaire INTEGER,
    uc_base INTEGER NOT NULL,
    naissances_autres TEXT NOT NULL
);
CREATE UNIQUE INDEX demandes_bilan_key ON demandes_bilan (numero_unique);

CREATE TABLE attributions_bilan (
    date_bail TEXT NOT NULL,
    commune TEXT NOT NULL,
    typologie TEXT NOT NULL,
    en_qpv INTEGER NOT NULL,
    anru INTEGER NOT NULL,
    reservataire TEXT NOT NULL,
    profil INTEGER,
    prioritaire INTEGER,
    date_depot TEXT,
    ressources INTEGER,
    naissance_titulaire INTEGER,
    uc_base INTEGER,
    naissances_autres TEXT
);

-- Whether the projections wait for a whole rebuild: done after an import that loaded
-- applications or members as a whole, or before the first bilan (here: from the data already
-- stored).
CREATE TABLE projections_bilan (
    a_refaire INTEGER NOT NULL
);

INSERT INTO projections_bilan (a_refaire) VALUES (1);
