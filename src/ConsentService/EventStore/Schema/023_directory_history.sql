-- The directory keeps its history, so that a past decision can be evaluated again with who worked
-- where (and which qualification) as it was then. Each import that changes a provider's qualification or
-- institutions closes the open period and opens a new one (ProviderWriter, in the import's transaction).
create table provider_history (
    provider      text not null,
    valid_from    timestamptz not null,
    valid_to      timestamptz,
    qualification text not null,
    profession    int not null,
    institutions  text[] not null
);

create index provider_history_provider on provider_history (provider, valid_from);

-- What the directory held before it kept history is the best knowledge of the past there is: it holds
-- from the beginning of time until the first change.
insert into provider_history (provider, valid_from, qualification, profession, institutions)
select p.identity, '-infinity', p.qualification, p.profession,
       coalesce((select array_agg(i.institution order by i.institution) from provider_institutions i where i.provider = p.identity), '{}')
from providers p;
