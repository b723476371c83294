-- Issue 20. The audit log's page searches by account and by action, newest first: an index
-- for each, with the moment, so that a page of one account's or one action's lines is read
-- along an index at any size of the log.
CREATE INDEX journal_audit_login ON journal_audit (login, moment);
CREATE INDEX journal_audit_action ON journal_audit (action, moment);
