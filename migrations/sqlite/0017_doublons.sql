-- Issue 16. Possible duplicates: two active applications whose titulaires share a name and birth
-- date (folded), an e-mail or a phone number (logis_store::dossiers::duplicates). The pair is
-- ordered: `numero_ancien` registered first (kept by a merge), `numero_recent` after (struck
-- off by a merge with motif_radiation = doublon). `criteres`: the codes of what they share,
-- comma-separated (identite, courriel, telephone). `etat`: a_examiner, fusionnee, ecartee; a
-- decided pair is never flagged again. `decision` marks the decision that wrote it, so that a
-- second click writes nothing.
CREATE TABLE doublons (
    numero_ancien TEXT NOT NULL,
    numero_recent TEXT NOT NULL,
    criteres TEXT NOT NULL,
    detecte_le TEXT NOT NULL,
    etat TEXT NOT NULL,
    decide_par TEXT,
    decide_le BIGINT,
    decision TEXT,
    PRIMARY KEY (numero_ancien, numero_recent)
);
CREATE INDEX doublons_recent ON doublons (numero_recent);
CREATE INDEX doublons_etat ON doublons (etat, detecte_le);
