-- The provider directory. unaccent and pg_trgm (postgresql-contrib) make name search case- and
-- accent-insensitive and fast on partial names.
create extension if not exists unaccent;
create extension if not exists pg_trgm;

-- unaccent() is only STABLE (its dictionary can change); an index needs an IMMUTABLE wrapper.
create function immutable_unaccent(text) returns text
language sql immutable parallel safe strict
as $$ select public.unaccent('public.unaccent'::regdictionary, $1) $$;

create table providers (
    identity      text primary key,          -- first 8 digits of the NIHDI number
    nihdi         text not null,             -- the full 11 digits as last imported
    first_name    text not null,
    last_name     text not null,
    profession    int not null,
    qualification text not null,
    city          text,
    search_name   text generated always as (lower(immutable_unaccent(first_name || ' ' || last_name))) stored,
    updated_at    timestamptz not null default now()
);

create index providers_search_name_trgm on providers using gin (search_name gin_trgm_ops);

-- The institutions (hospitals) a provider works at: their circle of trust.
create table provider_institutions (
    provider    text not null references providers (identity) on delete cascade,
    institution text not null,
    primary key (provider, institution)
);

create index provider_institutions_institution on provider_institutions (institution);
