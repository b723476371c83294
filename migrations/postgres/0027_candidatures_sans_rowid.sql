-- Issue 21. The SQLite backend's candidates' index becomes a table WITHOUT ROWID keyed by its
-- whole line (migrations/sqlite/0027_candidatures_sans_rowid.sql); PostgreSQL keeps its table
-- and key as they are. This migration keeps the two backends' lists of migrations the same.
SELECT 1;
