-- The accounts, sessions, API tokens and audit log move to the access register, a file of its
-- own (migrations/sqlite-acces): an import holding this file's write lock no longer stops
-- anyone from signing in or reading a file. The tables are renamed here; the backend copies
-- their rows into the access register when it opens the database, then drops them.
ALTER TABLE comptes RENAME TO ancien_comptes;
ALTER TABLE sessions RENAME TO ancien_sessions;
ALTER TABLE jetons_api RENAME TO ancien_jetons_api;
ALTER TABLE journal_audit RENAME TO ancien_journal_audit;
