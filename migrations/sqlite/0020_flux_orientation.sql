-- Issue 18. Orientation of freed dwellings in flux management (../shared/spec/flux.md): a
-- vacancy set aside from the flow (internal transfer, urban renewal) says why; a vacancy whose
-- holder presented no candidate within the delay returns to the landlord for that letting
-- (when, in seconds since 1970).
ALTER TABLE vacances ADD COLUMN mis_de_cote TEXT;
ALTER TABLE vacances ADD COLUMN remise_le INTEGER;
CREATE INDEX vacances_flux ON vacances (bailleur, disponible_le);

-- The landlord's 28-February bilan of a year: the forecast of set-aside dwellings for the next
-- year it edits, and when and by whom it was sent (the dashboard's reminder).
CREATE TABLE flux_bilans (
    bailleur TEXT NOT NULL,
    annee INTEGER NOT NULL,
    prevision_relogement_anru INTEGER NOT NULL,
    prevision_mutation_interne INTEGER NOT NULL,
    modifie_par TEXT NOT NULL,
    modifie_le INTEGER NOT NULL,
    envoye_par TEXT,
    envoye_le INTEGER,
    PRIMARY KEY (bailleur, annee)
);
