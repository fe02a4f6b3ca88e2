-- Many appends, to distinct streams, in one statement and one commit (group commit): a replica's writes queue
-- while the previous batch commits and go together, instead of one backend, one plpgsql call and one WAL flush
-- each. The batch is written set-wise, a statement per table rather than per append, yet every append is
-- checked as append_events checks it: one whose stream moved on, or whose Idempotency-Key already has an
-- answer, writes nothing and says so in its row, without failing the others.
-- Appends are given in order, one per stream; events are flat, p_counts(i) of them for append i, in order.
create function append_batch(
    p_streams        text[],
    p_expected       bigint[],
    p_recorded_at    timestamptz[],
    p_counts         int[],
    p_view_types     text[],
    p_views          jsonb[],
    p_ids            uuid[],
    p_types          text[],
    p_data           jsonb[],
    p_metadata       jsonb[],
    p_canonical      bytea[],
    p_key_principals text[],
    p_key_keys       text[],
    p_key_hashes     text[],
    p_key_statuses   int[],
    p_key_headers    jsonb[],
    p_key_bodies     text[])
returns table (item int, outcome text, new_version bigint, first_position bigint, last_position bigint)
language plpgsql as $$
declare
    v_items    int := coalesce(array_length(p_streams, 1), 0);
    v_events   int := coalesce(array_length(p_ids, 1), 0);
    v_versions bigint[];
    v_heads    bytea[];
    v_used     boolean[];
    v_outcomes text[] := '{}';
    v_hashes   bytea[];
    v_head     bytea;
    v_from     int := 1;
    v_to       int;
    v_firsts   bigint[];
    v_lasts    bigint[];
begin
    if coalesce(array_length(p_counts, 1), 0) <> v_items
        or (select coalesce(sum(c), 0) from unnest(p_counts) c) <> v_events
        or coalesce(array_length(p_canonical, 1), 0) <> v_events
        or exists (select 1 from unnest(p_counts) c where c < 1) then
        raise exception 'append_batch needs at least one event per append, and the canonical bytes of every event' using errcode = '22023';
    end if;
    if (select count(distinct s) from unnest(p_streams) s) <> v_items then
        raise exception 'append_batch takes one append per stream' using errcode = '22023';
    end if;

    insert into streams (stream_id, version, last_recorded_at)
    select a.stream, 0, a.recorded_at from unnest(p_streams, p_expected, p_recorded_at) a(stream, expected, recorded_at)
    where a.expected = 0
    order by a.stream
    on conflict (stream_id) do nothing;

    -- Locked in stream order, as every batch locks them.
    select array_agg(s.version order by a.n), array_agg(s.head_hash order by a.n)
    into v_versions, v_heads
    from unnest(p_streams) with ordinality a(stream, n)
    left join (select stream_id, version, head_hash from streams where stream_id = any(p_streams) order by stream_id for update) s
        on s.stream_id = a.stream;

    select array_agg(exists (select 1 from idempotent_requests r where r.principal = k.principal and r.key = k.key) order by k.n)
    into v_used
    from unnest(p_key_principals, p_key_keys) with ordinality k(principal, key, n);

    v_hashes := array_fill(null::bytea, array[v_events]);
    for i in 1 .. v_items loop
        v_to := v_from + p_counts[i] - 1;
        if v_used[i] then
            v_outcomes[i] := 'key-used';
        elsif v_versions[i] is null or v_versions[i] <> p_expected[i] then
            v_outcomes[i] := 'conflict';
        else
            v_outcomes[i] := 'appended';
            v_head := v_heads[i];
            for j in v_from .. v_to loop
                v_head := sha256(v_head || p_canonical[j]);
                v_hashes[j] := v_head;
            end loop;
            v_heads[i] := v_head;
        end if;
        v_from := v_to + 1;
    end loop;

    with appends as (
        select a.n, a.stream, a.expected, a.recorded_at
        from unnest(p_streams, p_expected, p_recorded_at, v_outcomes) with ordinality a(stream, expected, recorded_at, outcome, n)
        where a.outcome = 'appended'
    ), owners as (
        select row_number() over (order by c.n, k) as e, c.n as item, k
        from unnest(p_counts) with ordinality c(count, n), generate_series(1, c.count) k
    ), inserted as (
        insert into events (event_id, stream_id, version, type, data, metadata, recorded_at, hash)
        select e.id, a.stream, a.expected + o.k, e.type, e.data, e.metadata, a.recorded_at, e.hash
        from unnest(p_ids, p_types, p_data, p_metadata, v_hashes) with ordinality e(id, type, data, metadata, hash, n)
        join owners o on o.e = e.n
        join appends a on a.n = o.item
        order by e.n
        returning stream_id, position
    )
    select array_agg(p.first order by a.n), array_agg(p.last order by a.n)
    into v_firsts, v_lasts
    from unnest(p_streams) with ordinality a(stream, n)
    left join (select stream_id, min(position) first, max(position) last from inserted group by stream_id) p
        on p.stream_id = a.stream;

    update streams s
    set version = a.expected + a.count, last_recorded_at = a.recorded_at, head_hash = a.head
    from unnest(p_streams, p_expected, p_counts, p_recorded_at, v_heads, v_outcomes) a(stream, expected, count, recorded_at, head, outcome)
    where s.stream_id = a.stream and a.outcome = 'appended';

    insert into inline_views (stream_id, view_type, version, position, recorded_at, state)
    select a.stream, a.view_type, a.expected + a.count, v_lasts[a.n], a.recorded_at, a.view
    from unnest(p_streams, p_expected, p_counts, p_recorded_at, p_view_types, p_views, v_outcomes)
        with ordinality a(stream, expected, count, recorded_at, view_type, view, outcome, n)
    where a.outcome = 'appended' and a.view_type is not null
    on conflict (stream_id) do update
        set version = excluded.version, position = excluded.position,
            recorded_at = excluded.recorded_at, state = excluded.state;

    insert into idempotent_requests (principal, key, request_hash, status_code, headers, body)
    select k.principal, k.key, k.hash, k.status,
           jsonb_set(k.headers, '{Consent-Position}', to_jsonb(v_lasts[k.n]::text)), k.body
    from unnest(p_key_principals, p_key_keys, p_key_hashes, p_key_statuses, p_key_headers, p_key_bodies, v_outcomes)
        with ordinality k(principal, key, hash, status, headers, body, outcome, n)
    where k.outcome = 'appended' and k.key is not null;

    return query
    select a.n::int, a.outcome,
           case when a.outcome = 'appended' then a.expected + a.count end,
           v_firsts[a.n], v_lasts[a.n]
    from unnest(p_expected, p_counts, v_outcomes) with ordinality a(expected, count, outcome, n)
    order by a.n;
end;
$$;
