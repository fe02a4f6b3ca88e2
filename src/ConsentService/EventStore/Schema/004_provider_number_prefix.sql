-- A partial RIZIV number ("123456", "1-2345") is a prefix search: text_pattern_ops lets LIKE 'digits%'
-- use a b-tree whatever the database's collation, so it stays an index scan on a full directory.
create index if not exists providers_nihdi_prefix on providers (nihdi text_pattern_ops);
