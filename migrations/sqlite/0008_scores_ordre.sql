-- The list of applications is read highest score first, then by numéro unique: the index
-- follows that order exactly, so that a page is read from the index without sorting the
-- 2.7 million scores of a national set.
DROP INDEX IF EXISTS scores_ordre;
CREATE INDEX scores_ordre ON scores (score DESC, numero_unique);
