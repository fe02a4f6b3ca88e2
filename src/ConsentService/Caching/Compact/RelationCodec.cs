using Consent.Contracts.Identifiers;

namespace Consent.Service.Caching.Compact;

/// <summary>
/// One therapeutic relation in a cached state: its id (16 bytes, the one part that cannot shrink), the
/// provider, type and which optional fields follow in one varint, the proof, then its instants each
/// against the one it is usually near: registered against the state's last recording, start against
/// registration, end against start (a whole number of days for a default duration).
/// </summary>
internal static class RelationCodec
{
    [Flags]
    private enum Has : ulong
    {
        Institution = 1,
        EndedAt = 2,
        EndedBy = 4,
    }

    private const int HasBits = 3;

    public static void Write(StateWriter writer, SharedValues shared, Relation relation, DateTimeOffset anchor, long patient)
    {
        writer.Guid(relation.Id);
        shared.Provider(writer, relation.Provider);
        var has = (relation.Institution is null ? 0 : Has.Institution)
            | (relation.EndedAt is null ? 0 : Has.EndedAt)
            | (relation.EndedBy is null ? 0 : Has.EndedBy);
        writer.Varint((ZigZag.Encode((long)relation.Type) << HasBits) | (ulong)has);
        writer.Signed((long)relation.Proof);
        writer.Instant(relation.RegisteredAt, anchor);
        writer.Instant(relation.Start, relation.RegisteredAt);
        writer.Instant(relation.End, relation.Start);
        shared.Actor(writer, relation.RegisteredBy, patient);
        if (relation.Institution is { } institution)
        {
            shared.Institution(writer, institution);
        }
        if (relation.EndedAt is { } endedAt)
        {
            writer.Instant(endedAt, anchor);
        }
        if (relation.EndedBy is { } endedBy)
        {
            shared.Actor(writer, endedBy, patient);
        }
    }

    public static Relation Read(ref StateReader reader, SharedValues shared, DateTimeOffset anchor, long patient)
    {
        var id = reader.Guid();
        var provider = shared.Provider(ref reader);
        var header = reader.Varint();
        var has = (Has)(header & ((1UL << HasBits) - 1));
        var type = (RelationType)checked((int)ZigZag.Decode(header >> HasBits));
        var proof = (ProofType)reader.Int();
        var registeredAt = reader.Instant(anchor);
        var start = reader.Instant(registeredAt);
        var end = reader.Instant(start);
        var registeredBy = shared.Actor(ref reader, patient);
        ProviderId? institution = has.HasFlag(Has.Institution) ? shared.Institution(ref reader) : null;
        DateTimeOffset? endedAt = has.HasFlag(Has.EndedAt) ? reader.Instant(anchor) : null;
        var endedBy = has.HasFlag(Has.EndedBy) ? shared.Actor(ref reader, patient) : null;
        return new Relation(id, provider, type, start, end, proof, registeredBy, registeredAt, institution, endedAt, endedBy);
    }
}
