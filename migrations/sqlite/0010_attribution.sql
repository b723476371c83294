-- Allocation (issue 6): from a vacant dwelling to a signed lease.
--
-- `candidatures` is the candidates' index, written with the scores by the cotation: one row per
-- scored application and desired commune; its unique index reads a commune's applications
-- highest score first (`score_inverse` = − score), then the oldest filing, with the household's
-- size, so that a dwelling's candidates are found without reading the applications around them.
--
-- A landlord declares a dwelling vacant (`vacances`: when it is free, the reservation holder it
-- is oriented to — the one proposed and the reason when the landlord chose another —, its
-- state: `ouverte`, `louee` at the lease, `retiree`). A commission (`commissions`: date,
-- landlord, members present, the mayor with the casting vote) examines dwellings
-- (`commission_logements`, with the stated exception when fewer than three candidates go) and
-- records one decision per candidate (`decisions`: its nature, rank, missing document and
-- deadline, reason, and the reason for departing from the score order). Then come the offer,
-- the applicant's answer and the lease (`offres`). Times are seconds since 1970.
CREATE TABLE candidatures (
    commune TEXT NOT NULL,
    score_inverse INTEGER NOT NULL,
    date_depot TEXT NOT NULL,
    numero_unique TEXT NOT NULL,
    personnes INTEGER NOT NULL
);
CREATE UNIQUE INDEX candidatures_key
    ON candidatures (commune, score_inverse, date_depot, numero_unique, personnes);

-- A landlord's dwellings, listed a page at a time.
CREATE INDEX logements_bailleur ON logements (bailleur, logement_id);

CREATE TABLE vacances (
    ligne INTEGER PRIMARY KEY AUTOINCREMENT,
    logement_id TEXT NOT NULL,
    bailleur TEXT NOT NULL,
    disponible_le TEXT NOT NULL,
    reservataire TEXT NOT NULL,
    reservataire_propose TEXT,
    motif_orientation TEXT,
    statut TEXT NOT NULL,
    declaree_par TEXT NOT NULL,
    declaree_le INTEGER NOT NULL
);
CREATE INDEX vacances_logement ON vacances (logement_id);
CREATE INDEX vacances_bailleur ON vacances (bailleur, statut);

CREATE TABLE commissions (
    ligne INTEGER PRIMARY KEY AUTOINCREMENT,
    bailleur TEXT NOT NULL,
    date_seance TEXT NOT NULL,
    lieu TEXT NOT NULL,
    membres TEXT NOT NULL,
    maire TEXT NOT NULL,
    creee_par TEXT NOT NULL,
    creee_le INTEGER NOT NULL
);
CREATE INDEX commissions_bailleur ON commissions (bailleur, date_seance);

CREATE TABLE commission_logements (
    commission INTEGER NOT NULL,
    vacance INTEGER NOT NULL,
    exception TEXT
);
CREATE UNIQUE INDEX commission_logements_key ON commission_logements (commission, vacance);

CREATE TABLE decisions (
    ligne INTEGER PRIMARY KEY AUTOINCREMENT,
    commission INTEGER NOT NULL,
    vacance INTEGER NOT NULL,
    numero_unique TEXT NOT NULL,
    position_score INTEGER NOT NULL,
    score INTEGER,
    nature TEXT NOT NULL,
    rang INTEGER,
    piece_manquante TEXT,
    echeance TEXT,
    motif TEXT,
    motif_ecart TEXT,
    decidee_par TEXT NOT NULL,
    decidee_le INTEGER NOT NULL
);
CREATE UNIQUE INDEX decisions_key ON decisions (commission, vacance, numero_unique);
CREATE INDEX decisions_demande ON decisions (numero_unique);

CREATE TABLE offres (
    ligne INTEGER PRIMARY KEY AUTOINCREMENT,
    vacance INTEGER NOT NULL,
    numero_unique TEXT NOT NULL,
    proposee_le TEXT NOT NULL,
    reponse_avant TEXT NOT NULL,
    reponse TEXT,
    motif_refus TEXT,
    refus_legitime INTEGER,
    repondue_le TEXT,
    bail_signe_le TEXT,
    auteur TEXT NOT NULL,
    moment INTEGER NOT NULL
);
CREATE INDEX offres_vacance ON offres (vacance);
CREATE INDEX offres_demande ON offres (numero_unique);
