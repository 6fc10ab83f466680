-- Inbound activities taken on, by a hash of (conversation id, activity id), so a redelivery is
-- handled once across restarts and instances. Only the time of the claim is kept.
CREATE TABLE activity_claims (
  key        text PRIMARY KEY,
  claimed_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX activity_claims_claimed_at ON activity_claims (claimed_at);
