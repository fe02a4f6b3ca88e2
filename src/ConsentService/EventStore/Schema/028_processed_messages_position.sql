-- A repeated message_id is answered as the first delivery was (api.md: duplicates are applied once), with the
-- position of the change it applied, which a hospital passes as minPosition. Ids recorded before keep none.
alter table processed_messages add column position bigint;
