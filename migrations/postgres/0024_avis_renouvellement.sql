-- Issue 19. The notices telling applicants, a month before it, that their application must be
-- renewed: one row per application and deadline (`echeance`, a year after its registration or
-- last renewal), so that a deadline is never notified twice. `moyen`: courriel (sent through
-- the territory's SMTP server) or courrier (a letter the reception desks print from the day's
-- report and post). `statut`: envoye, or echec — an e-mail the server did not take, tried
-- again the next night (then envoye); an envoye row is never sent again. `jour` is the day of
-- the run that wrote the row last (the report's day), `envoye_le` its moment in seconds since
-- 1970. Names and addresses are read from the application when the letters are printed.
CREATE TABLE avis_renouvellement (
    numero_unique TEXT NOT NULL,
    echeance DATE NOT NULL,
    moyen TEXT NOT NULL CHECK (moyen IN ('courriel', 'courrier')),
    envoye_le BIGINT NOT NULL,
    statut TEXT NOT NULL CHECK (statut IN ('envoye', 'echec')),
    jour DATE NOT NULL,
    PRIMARY KEY (numero_unique, echeance)
);
CREATE INDEX avis_renouvellement_jour ON avis_renouvellement (jour);

-- The applications whose year of validity ends in a given month, read every night.
CREATE INDEX demandes_echeance ON demandes ((COALESCE(date_renouvellement, date_depot)))
    WHERE statut = 'active';
