-- Issue 19. The applicants' sessions live in the access register of the SQLite backend
-- (migrations/sqlite-acces/0003_sessions_demandeurs.sql), like the partners' sessions; this
-- migration keeps the two backends' lists of migrations the same.
SELECT 1;
