-- Notes imported from the earlier Flask deployment keep their old id, so that running the import again adds
-- nothing. Notes written through the API have none.
ALTER TABLE note ADD COLUMN legacy_id text;
CREATE UNIQUE INDEX note_user_id_legacy_id_key ON note (user_id, legacy_id) WHERE legacy_id IS NOT NULL;
