-- Issue 15. The reports of the purges of personal data (one per run, simulations aside): when,
-- by whom, up to which dates, and how many of each kind of record were erased.
CREATE TABLE purges (
    ligne INTEGER PRIMARY KEY AUTOINCREMENT,
    moment INTEGER NOT NULL,
    auteur TEXT NOT NULL,
    sorties_avant TEXT NOT NULL,
    journal_avant INTEGER NOT NULL,
    demandes INTEGER NOT NULL,
    membres INTEGER NOT NULL,
    notes INTEGER NOT NULL,
    etiquettes INTEGER NOT NULL,
    suivis INTEGER NOT NULL,
    evenements INTEGER NOT NULL,
    historique INTEGER NOT NULL,
    journal INTEGER NOT NULL
);
