-- History is never rewritten (domain.md): the events and the access log refuse UPDATE and DELETE,
-- whoever asks through ordinary means. A superuser can switch triggers off; the hash chains
-- (020, 021) are what catches that.
alter table events alter column hash set not null;
alter table access_log alter column batch set not null;

create function refuse_rewrite() returns trigger
language plpgsql as $$
begin
    raise exception '% is append-only: % refused', tg_table_name, tg_op using errcode = '42501';
end;
$$;

create trigger events_append_only before update or delete on events
    for each row execute function refuse_rewrite();
create trigger access_log_append_only before update or delete on access_log
    for each row execute function refuse_rewrite();
create trigger access_log_batches_append_only before update or delete on access_log_batches
    for each row execute function refuse_rewrite();
create trigger access_log_lanes_kept before delete on access_log_lanes
    for each row execute function refuse_rewrite();
create trigger events_no_truncate before truncate on events
    for each statement execute function refuse_rewrite();
create trigger access_log_no_truncate before truncate on access_log
    for each statement execute function refuse_rewrite();
