-- Issue 18. The landlords' conventions with reservation holders (gestion en flux,
-- ../shared/spec/flux.md): the share of the landlord's net flow of a year, in ten-thousandths
-- of a percent, on all its dwellings (commune = '') or on those of one commune.
CREATE TABLE conventions (
    bailleur TEXT NOT NULL,
    reservataire TEXT NOT NULL,
    annee INTEGER NOT NULL,
    commune TEXT NOT NULL DEFAULT '',
    part INTEGER NOT NULL,
    date_signature TEXT
);
CREATE UNIQUE INDEX conventions_key ON conventions (bailleur, reservataire, annee, commune);
