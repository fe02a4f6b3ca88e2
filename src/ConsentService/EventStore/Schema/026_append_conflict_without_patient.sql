-- A version conflict's message no longer names the stream: its id is the patient's INSS, and the message
-- travels with the error into the service's traces (Npgsql records a failed command's message on its span)
-- and logs. Commands now decide first on a replica's cached state, so a conflict is an ordinary event when
-- another replica wrote first. The caller knows which stream it appended to. Everything else is as in 024.
create or replace function append_events(
    p_stream      text,
    p_expected    bigint,
    p_recorded_at timestamptz,
    p_ids         uuid[],
    p_types       text[],
    p_data        jsonb[],
    p_metadata    jsonb[],
    p_view_type   text,
    p_view        jsonb,
    p_canonical   bytea[])
returns table (new_version bigint, first_position bigint, last_position bigint)
language plpgsql as $$
declare
    v_current bigint;
    v_head    bytea;
    v_hashes  bytea[] := '{}';
    v_count   int := coalesce(array_length(p_ids, 1), 0);
    v_first   bigint;
    v_last    bigint;
begin
    if v_count = 0 then
        raise exception 'append_events needs at least one event' using errcode = '22023';
    end if;
    if coalesce(array_length(p_canonical, 1), 0) <> v_count then
        raise exception 'append_events needs the canonical bytes of every event' using errcode = '22023';
    end if;

    if p_expected = 0 then
        insert into streams (stream_id, version, last_recorded_at)
        values (p_stream, 0, p_recorded_at)
        on conflict (stream_id) do nothing;
    end if;

    select s.version, s.head_hash into v_current, v_head from streams s where s.stream_id = p_stream for update;
    if v_current is null or v_current <> p_expected then
        raise exception 'the stream is at version %, expected %', coalesce(v_current, 0), p_expected
            using errcode = 'CV409';
    end if;

    for i in 1 .. v_count loop
        v_head := sha256(v_head || p_canonical[i]);
        v_hashes := v_hashes || v_head;
    end loop;

    with inserted as (
        insert into events (event_id, stream_id, version, type, data, metadata, recorded_at, hash)
        select e.id, p_stream, p_expected + e.n, e.type, e.data, e.metadata, p_recorded_at, v_hashes[e.n]
        from unnest(p_ids, p_types, p_data, p_metadata) with ordinality as e(id, type, data, metadata, n)
        order by e.n
        returning position
    )
    select min(position), max(position) into v_first, v_last from inserted;

    update streams set version = p_expected + v_count, last_recorded_at = p_recorded_at, head_hash = v_head
    where stream_id = p_stream;

    if p_view_type is not null then
        insert into inline_views (stream_id, view_type, version, position, recorded_at, state)
        values (p_stream, p_view_type, p_expected + v_count, v_last, p_recorded_at, p_view)
        on conflict (stream_id) do update
            set version = excluded.version, position = excluded.position,
                recorded_at = excluded.recorded_at, state = excluded.state;
    end if;

    new_version := p_expected + v_count;
    first_position := v_first;
    last_position := v_last;
    return next;
end;
$$;
