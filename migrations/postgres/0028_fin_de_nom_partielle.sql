-- Issue 21. The last word of a name (`cle_nom_fin`) is searched for names of several words
-- ("de la fontaine" found by "fontaine"); for the others, 97 % of a national register, it is the
-- whole folded name, which the index of `cle_nom` finds already. Its index keeps only the
-- applications whose last word differs from the name: the search adds that condition to its
-- branch on the last word (same results), and a national import sorts 118 000 entries
-- instead of 4.7 million (docs/benchmarks.md).
DROP INDEX demandes_cle_nom_fin;
CREATE INDEX demandes_cle_nom_fin ON demandes (cle_nom_fin) WHERE cle_nom_fin <> cle_nom;
