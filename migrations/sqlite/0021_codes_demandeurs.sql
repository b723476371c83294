-- Issue 19. The applicants' one-time codes live in the access register of the SQLite backend
-- (migrations/sqlite-acces/0002_codes_demandeurs.sql), like the accounts and the sessions; this
-- migration keeps the two backends' lists of migrations the same.
SELECT 1;
