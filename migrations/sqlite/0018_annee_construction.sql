-- Issue 18. The year a dwelling's building was completed (logements.csv's annee_construction),
-- read by the flux bilan's breakdown by construction period (../shared/spec/flux.md).
ALTER TABLE logements ADD COLUMN annee_construction INTEGER;
