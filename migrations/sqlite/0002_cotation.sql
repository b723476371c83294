-- Logis extensions of format v1 read by the cotation (docs/import.md), and the cotation's own
-- tables: registered grids, the current score of every active application with its position,
-- the history of scores, and the groups of comparable applications (distribution of scores,
-- observed waiting time). Scores and groups are recomputed as a whole; the history only grows (one line per
-- application and computation, `calcul` being the computation's time in seconds since 1970).
ALTER TABLE demandes ADD COLUMN loyer_actuel INTEGER;
ALTER TABLE demandes ADD COLUMN refus_offres_adaptees INTEGER;
ALTER TABLE demandes ADD COLUMN pieces_verifiees TEXT NOT NULL DEFAULT '';
ALTER TABLE attributions ADD COLUMN motif_ecart TEXT;

CREATE TABLE grilles (
    en_vigueur TEXT NOT NULL,
    nom TEXT NOT NULL,
    empreinte TEXT NOT NULL,
    texte TEXT NOT NULL,
    enregistree_le TEXT NOT NULL
);

CREATE TABLE scores (
    numero_unique TEXT NOT NULL,
    calcule_le TEXT NOT NULL,
    grille_en_vigueur TEXT NOT NULL,
    grille_empreinte TEXT NOT NULL,
    score INTEGER NOT NULL,
    provisoire INTEGER NOT NULL,
    detail TEXT NOT NULL,
    commune TEXT NOT NULL,
    typologie TEXT NOT NULL,
    rang INTEGER NOT NULL,
    comparables INTEGER NOT NULL
);

CREATE TABLE scores_historique (
    numero_unique TEXT NOT NULL,
    calcul INTEGER NOT NULL,
    depuis TEXT NOT NULL,
    grille_en_vigueur TEXT NOT NULL,
    grille_empreinte TEXT NOT NULL,
    score INTEGER NOT NULL,
    provisoire INTEGER NOT NULL,
    detail TEXT NOT NULL
);

CREATE TABLE groupes_comparables (
    commune TEXT NOT NULL,
    typologie TEXT NOT NULL,
    effectif INTEGER NOT NULL,
    score_q1 INTEGER NOT NULL,
    score_mediane INTEGER NOT NULL,
    score_q3 INTEGER NOT NULL,
    attente_mois_dixiemes INTEGER,
    attente_niveau TEXT NOT NULL,
    attente_attributions INTEGER NOT NULL
);

CREATE UNIQUE INDEX grilles_key ON grilles (en_vigueur);
CREATE UNIQUE INDEX scores_key ON scores (numero_unique);
CREATE UNIQUE INDEX scores_historique_key ON scores_historique (numero_unique, calcul);
CREATE UNIQUE INDEX groupes_comparables_key ON groupes_comparables (commune, typologie);
