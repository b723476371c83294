-- Issue 15. The reports of the purges of personal data (one per run, simulations aside): when,
-- by whom, up to which dates, and how many of each kind of record were erased.
CREATE TABLE purges (
    ligne BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    moment BIGINT NOT NULL,
    auteur TEXT NOT NULL,
    sorties_avant DATE NOT NULL,
    journal_avant BIGINT NOT NULL,
    demandes BIGINT NOT NULL,
    membres BIGINT NOT NULL,
    notes BIGINT NOT NULL,
    etiquettes BIGINT NOT NULL,
    suivis BIGINT NOT NULL,
    evenements BIGINT NOT NULL,
    historique BIGINT NOT NULL,
    journal BIGINT NOT NULL
);
