-- Issue 21. The folded keys of the names (0015) become ordinary columns that Logis writes with
-- each application (logis_domain::french::folded, in Rust), as on SQLite, where computing them
-- in SQL was most of the time of a national import. The trigger keeps them right when a name
-- is changed by a plain UPDATE (Logis's own writes give them with the name).
ALTER TABLE demandes ADD COLUMN nouvelle_cle_nom TEXT COLLATE "C" NOT NULL DEFAULT '',
  ADD COLUMN nouvelle_cle_prenom TEXT COLLATE "C" NOT NULL DEFAULT '',
  ADD COLUMN nouvelle_cle_nom_fin TEXT COLLATE "C" NOT NULL DEFAULT '';
UPDATE demandes SET nouvelle_cle_nom = cle_nom, nouvelle_cle_prenom = cle_prenom, nouvelle_cle_nom_fin = cle_nom_fin;
ALTER TABLE demandes DROP COLUMN cle_nom_fin, DROP COLUMN cle_nom, DROP COLUMN cle_prenom;
ALTER TABLE demandes RENAME COLUMN nouvelle_cle_nom TO cle_nom;
ALTER TABLE demandes RENAME COLUMN nouvelle_cle_prenom TO cle_prenom;
ALTER TABLE demandes RENAME COLUMN nouvelle_cle_nom_fin TO cle_nom_fin;
CREATE INDEX demandes_cle_nom ON demandes (cle_nom);
CREATE INDEX demandes_cle_prenom ON demandes (cle_prenom);
CREATE INDEX demandes_cle_nom_fin ON demandes (cle_nom_fin);
CREATE FUNCTION demandes_cles_des_noms() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.nom IS DISTINCT FROM OLD.nom AND NEW.cle_nom IS NOT DISTINCT FROM OLD.cle_nom THEN
    NEW.cle_nom := btrim(lower(replace(replace(replace(replace(translate(COALESCE(NEW.nom, ''), 'àáâãäåÀÁÂÃÄÅçÇèéêëÈÉÊËìíîïÌÍÎÏñÑòóôõöÒÓÔÕÖùúûüÙÚÛÜýÿÝŸ-''’', 'aaaaaaaaaaaacceeeeeeeeiiiiiiiinnoooooooooouuuuuuuuyyyy   '), 'œ', 'oe'), 'Œ', 'oe'), 'æ', 'ae'), 'Æ', 'ae')));
    NEW.cle_nom_fin := regexp_replace(NEW.cle_nom, '^.* ', '');
  END IF;
  IF NEW.prenom IS DISTINCT FROM OLD.prenom AND NEW.cle_prenom IS NOT DISTINCT FROM OLD.cle_prenom THEN
    NEW.cle_prenom := btrim(lower(replace(replace(replace(replace(translate(COALESCE(NEW.prenom, ''), 'àáâãäåÀÁÂÃÄÅçÇèéêëÈÉÊËìíîïÌÍÎÏñÑòóôõöÒÓÔÕÖùúûüÙÚÛÜýÿÝŸ-''’', 'aaaaaaaaaaaacceeeeeeeeiiiiiiiinnoooooooooouuuuuuuuyyyy   '), 'œ', 'oe'), 'Œ', 'oe'), 'æ', 'ae'), 'Æ', 'ae')));
  END IF;
  RETURN NEW;
END
$$;
CREATE TRIGGER demandes_cles_des_noms BEFORE UPDATE OF nom, prenom ON demandes
  FOR EACH ROW EXECUTE FUNCTION demandes_cles_des_noms();
