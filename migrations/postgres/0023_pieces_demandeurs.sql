-- Issue 19. The applicants' evidence documents (pièces justificatives), kept in the database
-- itself so that its backup keeps them, never as files named after an upload: one row per
-- document deposited, for one piece of one application (`piece`: a code of
-- logis_domain::Piece). `nom_fichier` is the name as uploaded, cleaned (no folder, no control
-- character, 120 characters at most), for display only; `type_contenu` was read from the bytes
-- (application/pdf, image/jpeg or image/png); `taille` is their number. `statut`: deposee,
-- validee (its piece then verified on the application) or refusee (with `motif_refus`), by
-- `examinee_par` at `examinee_le`. Times are seconds since 1970. The purge erases the documents
-- of the applications it purges; its reports count them (`purges.pieces`).
CREATE TABLE pieces_demandeurs (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    numero_unique TEXT NOT NULL,
    piece TEXT NOT NULL,
    nom_fichier TEXT NOT NULL,
    type_contenu TEXT NOT NULL,
    taille BIGINT NOT NULL,
    contenu BYTEA NOT NULL,
    depose_le BIGINT NOT NULL,
    statut TEXT NOT NULL,
    examinee_par TEXT,
    examinee_le BIGINT,
    motif_refus TEXT
);
-- PDF, JPEG and PNG are compressed already: stored out of line as they are.
ALTER TABLE pieces_demandeurs ALTER COLUMN contenu SET STORAGE EXTERNAL;
CREATE INDEX pieces_demandeurs_demande ON pieces_demandeurs (numero_unique, id);

ALTER TABLE purges ADD COLUMN pieces BIGINT NOT NULL DEFAULT 0;
