-- The audit trail, shared by every instance: one row per entry, holding the entry as the JSON
-- that was chained (HMAC with AUDIT_KEY, see src/domain/audit.ts). patient_ref is copied out so
-- "who viewed this patient" needs no scan.
CREATE TABLE audit_entries (
  sequence    bigint PRIMARY KEY CHECK (sequence >= 1),
  patient_ref text,
  entry       text NOT NULL
);
CREATE INDEX audit_entries_patient_ref ON audit_entries (patient_ref) WHERE patient_ref IS NOT NULL;

-- 'head': the signed checkpoint (count and head HMAC), written in the transaction that appends.
-- 'verified': how far a start-up has walked the chain, signed under another label, so the next
-- start walks only what came after it.
CREATE TABLE audit_checkpoints (
  name      text PRIMARY KEY CHECK (name IN ('head', 'verified')),
  count     bigint NOT NULL,
  head      text NOT NULL,
  at        text NOT NULL,
  signature text NOT NULL
);

-- Append-only: an entry is never changed or removed through the application's own connection.
-- (Whoever owns the table can lift this; the chain and its checkpoints still show the edit.)
CREATE FUNCTION audit_entries_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'De audittrail wordt alleen aangevuld: % op audit_entries is niet toegestaan', TG_OP;
END
$$;
CREATE TRIGGER audit_entries_no_change BEFORE UPDATE OR DELETE ON audit_entries FOR EACH ROW EXECUTE FUNCTION audit_entries_append_only();
CREATE TRIGGER audit_entries_no_truncate BEFORE TRUNCATE ON audit_entries FOR EACH STATEMENT EXECUTE FUNCTION audit_entries_append_only();
