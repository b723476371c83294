-- The list of applications sorted by seniority is read along this index (oldest first).
CREATE INDEX demandes_depot ON demandes (date_depot, numero_unique);
