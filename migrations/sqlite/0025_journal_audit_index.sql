-- Issue 20. The audit log of the SQLite backend lives in the access register
-- (migrations/sqlite-acces/0004_journal_audit_index.sql); this migration keeps the two
-- backends' lists of migrations the same.
SELECT 1;
