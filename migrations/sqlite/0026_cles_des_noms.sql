-- Issue 21. The folded keys of the names (0015) become ordinary columns that Logis writes with
-- each application (logis_domain::french::folded, in Rust). As generated columns, SQLite
-- computed their 61 replacements for every row written, and again for every index built: most
-- of the time of a national import. The trigger keeps them right when a name is changed by a
-- plain UPDATE (Logis's own writes give them with the name), folding in the steps of 0015 so
-- that no expression nests deeper than older SQLite tools read.
DROP INDEX demandes_cle_nom;
DROP INDEX demandes_cle_prenom;
DROP INDEX demandes_cle_nom_fin;
ALTER TABLE demandes ADD COLUMN nouvelle_cle_nom TEXT NOT NULL DEFAULT '';
ALTER TABLE demandes ADD COLUMN nouvelle_cle_prenom TEXT NOT NULL DEFAULT '';
ALTER TABLE demandes ADD COLUMN nouvelle_cle_nom_fin TEXT NOT NULL DEFAULT '';
UPDATE demandes SET nouvelle_cle_nom = cle_nom, nouvelle_cle_prenom = cle_prenom, nouvelle_cle_nom_fin = cle_nom_fin;
ALTER TABLE demandes DROP COLUMN cle_nom_fin;
ALTER TABLE demandes DROP COLUMN cle_nom;
ALTER TABLE demandes DROP COLUMN cle_prenom;
ALTER TABLE demandes DROP COLUMN pli_nom_3;
ALTER TABLE demandes DROP COLUMN pli_nom_2;
ALTER TABLE demandes DROP COLUMN pli_nom_1;
ALTER TABLE demandes DROP COLUMN pli_prenom_3;
ALTER TABLE demandes DROP COLUMN pli_prenom_2;
ALTER TABLE demandes DROP COLUMN pli_prenom_1;
ALTER TABLE demandes RENAME COLUMN nouvelle_cle_nom TO cle_nom;
ALTER TABLE demandes RENAME COLUMN nouvelle_cle_prenom TO cle_prenom;
ALTER TABLE demandes RENAME COLUMN nouvelle_cle_nom_fin TO cle_nom_fin;
CREATE INDEX demandes_cle_nom ON demandes (cle_nom);
CREATE INDEX demandes_cle_prenom ON demandes (cle_prenom);
CREATE INDEX demandes_cle_nom_fin ON demandes (cle_nom_fin);
CREATE TRIGGER demandes_cles_des_noms AFTER UPDATE OF nom, prenom ON demandes
WHEN (NEW.nom IS NOT OLD.nom AND NEW.cle_nom IS OLD.cle_nom)
  OR (NEW.prenom IS NOT OLD.prenom AND NEW.cle_prenom IS OLD.cle_prenom)
BEGIN
  UPDATE demandes SET cle_nom = replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(COALESCE(NEW.nom, ''), 'à', 'a'), 'á', 'a'), 'â', 'a'), 'ã', 'a'), 'ä', 'a'), 'å', 'a'), 'À', 'a'), 'Á', 'a'), 'Â', 'a'), 'Ã', 'a'), 'Ä', 'a'), 'Å', 'a'), 'ç', 'c'), 'Ç', 'c'), 'è', 'e'), 'é', 'e'), cle_prenom = replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(COALESCE(NEW.prenom, ''), 'à', 'a'), 'á', 'a'), 'â', 'a'), 'ã', 'a'), 'ä', 'a'), 'å', 'a'), 'À', 'a'), 'Á', 'a'), 'Â', 'a'), 'Ã', 'a'), 'Ä', 'a'), 'Å', 'a'), 'ç', 'c'), 'Ç', 'c'), 'è', 'e'), 'é', 'e') WHERE rowid = NEW.rowid;
  UPDATE demandes SET cle_nom = replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(cle_nom, 'ê', 'e'), 'ë', 'e'), 'È', 'e'), 'É', 'e'), 'Ê', 'e'), 'Ë', 'e'), 'ì', 'i'), 'í', 'i'), 'î', 'i'), 'ï', 'i'), 'Ì', 'i'), 'Í', 'i'), 'Î', 'i'), 'Ï', 'i'), 'ñ', 'n'), 'Ñ', 'n'), cle_prenom = replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(cle_prenom, 'ê', 'e'), 'ë', 'e'), 'È', 'e'), 'É', 'e'), 'Ê', 'e'), 'Ë', 'e'), 'ì', 'i'), 'í', 'i'), 'î', 'i'), 'ï', 'i'), 'Ì', 'i'), 'Í', 'i'), 'Î', 'i'), 'Ï', 'i'), 'ñ', 'n'), 'Ñ', 'n') WHERE rowid = NEW.rowid;
  UPDATE demandes SET cle_nom = replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(cle_nom, 'ò', 'o'), 'ó', 'o'), 'ô', 'o'), 'õ', 'o'), 'ö', 'o'), 'Ò', 'o'), 'Ó', 'o'), 'Ô', 'o'), 'Õ', 'o'), 'Ö', 'o'), 'ù', 'u'), 'ú', 'u'), 'û', 'u'), 'ü', 'u'), 'Ù', 'u'), 'Ú', 'u'), cle_prenom = replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(cle_prenom, 'ò', 'o'), 'ó', 'o'), 'ô', 'o'), 'õ', 'o'), 'ö', 'o'), 'Ò', 'o'), 'Ó', 'o'), 'Ô', 'o'), 'Õ', 'o'), 'Ö', 'o'), 'ù', 'u'), 'ú', 'u'), 'û', 'u'), 'ü', 'u'), 'Ù', 'u'), 'Ú', 'u') WHERE rowid = NEW.rowid;
  UPDATE demandes SET cle_nom = trim(lower(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(cle_nom, 'Û', 'u'), 'Ü', 'u'), 'ý', 'y'), 'ÿ', 'y'), 'Ý', 'y'), 'Ÿ', 'y'), 'œ', 'oe'), 'Œ', 'oe'), 'æ', 'ae'), 'Æ', 'ae'), '-', ' '), '''', ' '), '’', ' '))), cle_prenom = trim(lower(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(cle_prenom, 'Û', 'u'), 'Ü', 'u'), 'ý', 'y'), 'ÿ', 'y'), 'Ý', 'y'), 'Ÿ', 'y'), 'œ', 'oe'), 'Œ', 'oe'), 'æ', 'ae'), 'Æ', 'ae'), '-', ' '), '''', ' '), '’', ' '))) WHERE rowid = NEW.rowid;
  UPDATE demandes SET cle_nom_fin = replace(cle_nom, rtrim(cle_nom, replace(cle_nom, ' ', '')), '') WHERE rowid = NEW.rowid;
END;
