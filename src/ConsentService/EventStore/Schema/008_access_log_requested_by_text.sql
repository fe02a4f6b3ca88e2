-- Who asked is written with every decision and only ever read back whole: "kind:id" as text costs
-- less per row than building a jsonb object.
alter table access_log alter column requested_by type text using (requested_by->>'kind') || ':' || (requested_by->>'id');
