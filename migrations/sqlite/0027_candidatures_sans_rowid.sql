-- Issue 21. The candidates' index is its key: every column of a line is in its unique index, so
-- the table and its index held the same lines twice. It becomes a table WITHOUT ROWID whose
-- primary key is that order: written once, and the cotation, which writes its lines in that
-- order, adds them at the end of the tree instead of sorting them into an index afterwards
-- (docs/benchmarks.md). Reads are unchanged (same columns, same order).
CREATE TABLE nouvelles_candidatures (
    commune TEXT NOT NULL,
    score_inverse INTEGER NOT NULL,
    date_depot TEXT NOT NULL,
    numero_unique TEXT NOT NULL,
    personnes INTEGER NOT NULL,
    PRIMARY KEY (commune, score_inverse, date_depot, numero_unique, personnes)
) WITHOUT ROWID;
INSERT INTO nouvelles_candidatures
    SELECT commune, score_inverse, date_depot, numero_unique, personnes FROM candidatures;
DROP TABLE candidatures;
ALTER TABLE nouvelles_candidatures RENAME TO candidatures;
