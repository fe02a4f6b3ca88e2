using System.Collections.Immutable;
using Consent.Service.Patients;

namespace Consent.Service.Caching.Compact;

/// <summary>
/// A patient's snapshot as the few bytes the cache keeps (about 80 for the bench's patient, against some
/// 1,300 for the object graph), and back into an equal snapshot for each decision (every field, instants
/// to the tick with their offsets). Layout after the entry's position (<see cref="CachedEntry"/>):
/// version; a header varint (which optional fields follow, the consent status above them); the consent
/// type; the last recording instant, which every other instant is written against; the consent's change;
/// the date of death; then the relations and the exclusions, each list counted. Identifiers go through
/// <see cref="SharedValues"/>. Append-only tables make the bytes valid for the cache's whole life.
/// </summary>
internal sealed class PatientStateCodec(int sharedCapacity = SharedValues.DefaultCapacity)
{
    [Flags]
    private enum Has : ulong
    {
        LastRecordedAt = 1,
        ConsentType = 2,
        ConsentChangedAt = 4,
        ConsentChangedBy = 8,
        DeceasedOn = 16,
    }

    private const int HasBits = 5;

    private readonly SharedValues shared = new(sharedCapacity);

    /// <returns>The entry, or null for a state that cannot be written exactly (none the store holds).</returns>
    public byte[]? Encode(long patient, PatientSnapshot snapshot)
    {
        try
        {
            var writer = StateWriter.ForThisThread();
            var state = snapshot.State;
            writer.Varint((ulong)snapshot.Position);
            writer.Signed(snapshot.Version);
            var has = (snapshot.LastRecordedAt is null ? 0 : Has.LastRecordedAt)
                | (state.ConsentType is null ? 0 : Has.ConsentType)
                | (state.ConsentChangedAt is null ? 0 : Has.ConsentChangedAt)
                | (state.ConsentChangedBy is null ? 0 : Has.ConsentChangedBy)
                | (state.DeceasedOn is null ? 0 : Has.DeceasedOn);
            writer.Varint((ZigZag.Encode((long)state.Consent) << HasBits) | (ulong)has);
            if (state.ConsentType is { } type)
            {
                writer.Signed((long)type);
            }
            var anchor = snapshot.LastRecordedAt ?? Instants.Epoch;
            if (snapshot.LastRecordedAt is { } last)
            {
                writer.Instant(last, Instants.Epoch);
            }
            if (state.ConsentChangedAt is { } changedAt)
            {
                writer.Instant(changedAt, anchor);
            }
            if (state.ConsentChangedBy is { } changedBy)
            {
                shared.Actor(writer, changedBy, patient);
            }
            if (state.DeceasedOn is { } deceased)
            {
                writer.Signed(deceased.DayNumber);
            }
            writer.Varint((ulong)state.Relations.Count);
            foreach (var relation in state.Relations)
            {
                RelationCodec.Write(writer, shared, relation, anchor, patient);
            }
            writer.Varint((ulong)state.Exclusions.Count);
            foreach (var exclusion in state.Exclusions)
            {
                shared.Provider(writer, exclusion.Provider);
                shared.Text(writer, exclusion.Reason, patient);
                writer.Instant(exclusion.Since, anchor);
                shared.Actor(writer, exclusion.By, patient);
            }
            return writer.ToArray();
        }
        catch (UnencodableStateException)
        {
            return null;
        }
    }

    /// <param name="entry">An entry that holds a state (<see cref="CachedEntry.HoldsState"/>).</param>
    public PatientSnapshot Decode(long patient, byte[] entry)
    {
        var reader = new StateReader(entry);
        var position = (long)reader.Varint();
        var version = reader.Signed();
        var header = reader.Varint();
        var has = (Has)(header & ((1UL << HasBits) - 1));
        var consent = (ConsentStatus)checked((int)ZigZag.Decode(header >> HasBits));
        ConsentType? type = has.HasFlag(Has.ConsentType) ? (ConsentType)reader.Int() : null;
        DateTimeOffset? last = has.HasFlag(Has.LastRecordedAt) ? reader.Instant(Instants.Epoch) : null;
        var anchor = last ?? Instants.Epoch;
        DateTimeOffset? changedAt = has.HasFlag(Has.ConsentChangedAt) ? reader.Instant(anchor) : null;
        var changedBy = has.HasFlag(Has.ConsentChangedBy) ? shared.Actor(ref reader, patient) : null;
        DateOnly? deceased = has.HasFlag(Has.DeceasedOn) ? DateOnly.FromDayNumber(reader.Int()) : null;

        var relations = checked((int)reader.Varint()) is var relationCount and > 0 ? new Relation[relationCount] : [];
        for (var i = 0; i < relations.Length; i++)
        {
            relations[i] = RelationCodec.Read(ref reader, shared, anchor, patient);
        }
        var exclusions = checked((int)reader.Varint()) is var exclusionCount and > 0 ? new Exclusion[exclusionCount] : [];
        for (var i = 0; i < exclusions.Length; i++)
        {
            exclusions[i] = new Exclusion(shared.Provider(ref reader), shared.Text(ref reader, patient), reader.Instant(anchor), shared.Actor(ref reader, patient));
        }
        if (!reader.AtEnd)
        {
            throw new InvalidDataException("A cached patient state has bytes left over.");
        }
        var state = new PatientState
        {
            Consent = consent,
            ConsentType = type,
            ConsentChangedAt = changedAt,
            ConsentChangedBy = changedBy,
            DeceasedOn = deceased,
            Relations = relations.Length == 0 ? [] : ImmutableList.Create(relations),
            Exclusions = exclusions.Length == 0 ? [] : ImmutableList.Create(exclusions),
        };
        return new PatientSnapshot(state, version, position, last);
    }
}
