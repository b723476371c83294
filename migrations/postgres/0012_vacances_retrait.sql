-- A landlord withdraws a vacancy declared by mistake, or a dwelling that will not be let (works,
-- sale, demolition): why, kept with the vacancy.
ALTER TABLE vacances ADD COLUMN motif_retrait TEXT;
