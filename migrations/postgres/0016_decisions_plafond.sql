-- Issue 16. A decision that allocates a dwelling to a household whose eligibility Logis could
-- not check (the year's income ceiling not loaded, or no revenu fiscal de référence) records
-- the officer's statement that the income was checked against the published ceiling.
ALTER TABLE decisions ADD COLUMN plafond_verifie BOOLEAN NOT NULL DEFAULT FALSE;
