-- The bilan's projections of the applications (one narrow row per application) and of the
-- attributions (each with its application's projection), derived from `demandes`, `membres`
-- and `attributions` (logis_store::bilan::projection, where the columns are explained), read
-- by the yearly evaluation's counts.
CREATE TABLE demandes_bilan (
    numero_unique TEXT COLLATE "C" NOT NULL,
    date_depot DATE NOT NULL,
    statut TEXT NOT NULL,
    date_radiation DATE,
    profil BIGINT NOT NULL,
    prioritaire BIGINT NOT NULL,
    commune TEXT NOT NULL,
    ressources BIGINT NOT NULL,
    naissance_titulaire BIGINT,
    uc_base BIGINT NOT NULL,
    naissances_autres TEXT NOT NULL,
    CONSTRAINT demandes_bilan_key PRIMARY KEY (numero_unique)
);


CREATE TABLE attributions_bilan (
    date_bail DATE NOT NULL,
    commune TEXT NOT NULL,
    typologie TEXT NOT NULL,
    en_qpv BIGINT NOT NULL,
    anru BIGINT NOT NULL,
    reservataire TEXT NOT NULL,
    profil BIGINT,
    prioritaire BIGINT,
    date_depot DATE,
    ressources BIGINT,
    naissance_titulaire BIGINT,
    uc_base BIGINT,
    naissances_autres TEXT
);

-- Whether the projections wait for a whole rebuild: done after an import that loaded
-- applications or members as a whole, or before the first bilan (here: from the data already
-- stored).
CREATE TABLE projections_bilan (
    a_refaire INTEGER NOT NULL
);

INSERT INTO projections_bilan (a_refaire) VALUES (1);
