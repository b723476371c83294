-- The objectives followed live (issue 6) count the year's allocations by landlord too: the
-- projection of the attributions keeps the landlord. Rebuilt from the data at the next bilan
-- or dashboard.
ALTER TABLE attributions_bilan ADD COLUMN bailleur TEXT;
UPDATE projections_bilan SET a_refaire = 1;
