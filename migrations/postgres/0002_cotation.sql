-- Logis extensions of format v1 read by the cotation (docs/import.md), and the cotation's own
-- tables: registered grids, the current score of every active application with its position,
-- the history of scores, and the groups of comparable applications (distribution of scores,
-- observed waiting time). Scores and groups are recomputed as a whole; the history only grows (one line per
-- application and computation, `calcul` being the computation's time in seconds since 1970).
ALTER TABLE demandes ADD COLUMN loyer_actuel BIGINT;
ALTER TABLE demandes ADD COLUMN refus_offres_adaptees BIGINT;
ALTER TABLE demandes ADD COLUMN pieces_verifiees TEXT NOT NULL DEFAULT '';
ALTER TABLE attributions ADD COLUMN motif_ecart TEXT;

CREATE TABLE grilles (
    en_vigueur DATE NOT NULL,
    nom TEXT NOT NULL,
    empreinte TEXT NOT NULL,
    texte TEXT NOT NULL,
    enregistree_le DATE NOT NULL
);

CREATE TABLE scores (
    numero_unique TEXT COLLATE "C" NOT NULL,
    calcule_le DATE NOT NULL,
    grille_en_vigueur DATE NOT NULL,
    grille_empreinte TEXT NOT NULL,
    score BIGINT NOT NULL,
    provisoire BOOLEAN NOT NULL,
    detail TEXT NOT NULL,
    commune TEXT COLLATE "C" NOT NULL,
    typologie TEXT COLLATE "C" NOT NULL,
    rang BIGINT NOT NULL,
    comparables BIGINT NOT NULL
);

CREATE TABLE scores_historique (
    numero_unique TEXT COLLATE "C" NOT NULL,
    calcul BIGINT NOT NULL,
    depuis DATE NOT NULL,
    grille_en_vigueur DATE NOT NULL,
    grille_empreinte TEXT NOT NULL,
    score BIGINT NOT NULL,
    provisoire BOOLEAN NOT NULL,
    detail TEXT NOT NULL
);

CREATE TABLE groupes_comparables (
    commune TEXT COLLATE "C" NOT NULL,
    typologie TEXT COLLATE "C" NOT NULL,
    effectif BIGINT NOT NULL,
    score_q1 BIGINT NOT NULL,
    score_mediane BIGINT NOT NULL,
    score_q3 BIGINT NOT NULL,
    attente_mois_dixiemes BIGINT,
    attente_niveau TEXT NOT NULL,
    attente_attributions BIGINT NOT NULL
);

ALTER TABLE grilles ADD CONSTRAINT grilles_key PRIMARY KEY (en_vigueur);
ALTER TABLE scores ADD CONSTRAINT scores_key PRIMARY KEY (numero_unique);
ALTER TABLE scores_historique ADD CONSTRAINT scores_historique_key PRIMARY KEY (numero_unique, depuis);
ALTER TABLE groupes_comparables ADD CONSTRAINT groupes_comparables_key PRIMARY KEY (commune, typologie);
