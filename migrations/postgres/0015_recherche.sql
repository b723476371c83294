-- Issue 16. The titulaire's surname and first name folded for the search (lower case, no
-- accent, hyphens and apostrophes as spaces: « Chloé » is found by « chloe », « Le Goff-Hervé »
-- by « herve »), each with its index (byte order, for prefix ranges); the folding is
-- logis_domain::french::folded, and a conformance test holds them equal. `cle_nom_fin` is the
-- surname's last word (« goff » of « le goff »), so that a name with a particle is found by its
-- main word.
ALTER TABLE demandes ADD COLUMN cle_nom TEXT COLLATE "C" GENERATED ALWAYS AS (btrim(lower(replace(replace(replace(replace(translate(COALESCE(nom, ''), 'àáâãäåÀÁÂÃÄÅçÇèéêëÈÉÊËìíîïÌÍÎÏñÑòóôõöÒÓÔÕÖùúûüÙÚÛÜýÿÝŸ-''’', 'aaaaaaaaaaaacceeeeeeeeiiiiiiiinnoooooooooouuuuuuuuyyyy   '), 'œ', 'oe'), 'Œ', 'oe'), 'æ', 'ae'), 'Æ', 'ae')))) STORED;
ALTER TABLE demandes ADD COLUMN cle_prenom TEXT COLLATE "C" GENERATED ALWAYS AS (btrim(lower(replace(replace(replace(replace(translate(COALESCE(prenom, ''), 'àáâãäåÀÁÂÃÄÅçÇèéêëÈÉÊËìíîïÌÍÎÏñÑòóôõöÒÓÔÕÖùúûüÙÚÛÜýÿÝŸ-''’', 'aaaaaaaaaaaacceeeeeeeeiiiiiiiinnoooooooooouuuuuuuuyyyy   '), 'œ', 'oe'), 'Œ', 'oe'), 'æ', 'ae'), 'Æ', 'ae')))) STORED;
ALTER TABLE demandes ADD COLUMN cle_nom_fin TEXT COLLATE "C" GENERATED ALWAYS AS (regexp_replace(btrim(lower(replace(replace(replace(replace(translate(COALESCE(nom, ''), 'àáâãäåÀÁÂÃÄÅçÇèéêëÈÉÊËìíîïÌÍÎÏñÑòóôõöÒÓÔÕÖùúûüÙÚÛÜýÿÝŸ-''’', 'aaaaaaaaaaaacceeeeeeeeiiiiiiiinnoooooooooouuuuuuuuyyyy   '), 'œ', 'oe'), 'Œ', 'oe'), 'æ', 'ae'), 'Æ', 'ae'))), '^.* ', '')) STORED;
CREATE INDEX demandes_cle_nom ON demandes (cle_nom);
CREATE INDEX demandes_cle_prenom ON demandes (cle_prenom);
CREATE INDEX demandes_cle_nom_fin ON demandes (cle_nom_fin);
