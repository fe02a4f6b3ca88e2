using System.Globalization;
using Consent.Contracts.Identifiers;
using Consent.Service.Patients;

namespace Consent.Service.Caching.Compact;

/// <summary>
/// The identifiers in a cached state, written small. Providers, hospitals and the actors that are
/// providers or hospital systems repeat across patients (the bench: 3,000 providers for a million
/// patients), so they are interned and written as an index; decoding hands back the one shared
/// instance. Actors that name a patient (the patient, a representative) are one per patient: interning
/// them would only grow the tables, so they are written out, the patient's own number as one byte.
/// </summary>
internal sealed class SharedValues(int capacity = SharedValues.DefaultCapacity)
{
    /// <summary>More than the NIHDI numbers in use in Belgium (some 200,000); a table holds about 100 bytes a value.</summary>
    public const int DefaultCapacity = 1 << 18;

    // Text forms, in the low 2 bits: a special value, 11 digits as a number, an interned text's index.
    private const ulong Special = 0, Digits = 1, Interned = 2;

    // The special values, above the form: null, the patient's own number, UTF-8 bytes that follow.
    private const ulong Null = 0, OwnNumber = 1, Utf8 = 2;

    // Actors: an even number is an interned actor's index times two; these two odd ones are written out.
    private const ulong ActorWrittenOut = 1, ThePatient = 3;

    private readonly InternTable<Nihdi> providers = new(capacity);
    private readonly InternTable<ProviderId> institutions = new(capacity);
    private readonly InternTable<ActorRef> actors = new(capacity);
    private readonly InternTable<string> kinds = new(Math.Min(64, capacity));

    public void Provider(StateWriter writer, Nihdi provider) =>
        writer.Varint(providers.TryIndexOf(provider, out var index) ? (ulong)index << 1 : (Number(provider.Value, 11) << 1) | 1);

    public Nihdi Provider(ref StateReader reader)
    {
        var value = reader.Varint();
        return (value & 1) == 0 ? providers[(int)(value >> 1)] : Nihdi.Parse(Text(value >> 1, 11));
    }

    public void Institution(StateWriter writer, ProviderId institution) =>
        writer.Varint(institutions.TryIndexOf(institution, out var index) ? (ulong)index << 1 : (Number(institution.Value, 8) << 1) | 1);

    public ProviderId Institution(ref StateReader reader)
    {
        var value = reader.Varint();
        return (value & 1) == 0 ? institutions[(int)(value >> 1)]
            : ProviderId.TryParse(Text(value >> 1, 8), out var id) ? id.Value : throw new InvalidDataException("A cached institution does not parse.");
    }

    public void Actor(StateWriter writer, ActorRef actor, long patient)
    {
        var namesAPatient = actor.Kind is ActorKinds.Patient or ActorKinds.Representative || actor.OnBehalfOf is not null;
        if (actor.Kind == ActorKinds.Patient && actor.OnBehalfOf is null && IsNumber(actor.Id, patient))
        {
            writer.Varint(ThePatient);
        }
        else if (!namesAPatient && actors.TryIndexOf(actor, out var index))
        {
            writer.Varint((ulong)index << 1);
        }
        else
        {
            writer.Varint(ActorWrittenOut);
            Text(writer, actor.Kind, patient, kinds);
            Text(writer, actor.Id, patient);
            Text(writer, actor.OnBehalfOf, patient);
        }
    }

    public ActorRef Actor(ref StateReader reader, long patient) => reader.Varint() switch
    {
        ThePatient => new ActorRef(ActorKinds.Patient, PatientStreams.NumberText(patient)),
        ActorWrittenOut => new ActorRef(Text(ref reader, patient)!, Text(ref reader, patient)!, Text(ref reader, patient)),
        var value when (value & 1) == 0 => actors[(int)(value >> 1)],
        var value => throw new InvalidDataException($"Unknown cached actor form {value}."),
    };

    /// <summary>Any text, null included: the patient's own number and other 11-digit numbers are written as numbers.</summary>
    public void Text(StateWriter writer, string? text, long patient, InternTable<string>? table = null)
    {
        if (text is null)
        {
            writer.Varint(Special | (Null << 2));
        }
        else if (IsNumber(text, patient))
        {
            writer.Varint(Special | (OwnNumber << 2));
        }
        else if (IsDigits(text, 11))
        {
            writer.Varint(Digits | (Number(text, 11) << 2));
        }
        else if (table is not null && table.TryIndexOf(text, out var index))
        {
            writer.Varint(Interned | ((ulong)index << 2));
        }
        else
        {
            writer.Varint(Special | (Utf8 << 2));
            writer.Utf8(text);
        }
    }

    public string? Text(ref StateReader reader, long patient)
    {
        var value = reader.Varint();
        return (value & 0b11, value >> 2) switch
        {
            (Special, Null) => null,
            (Special, OwnNumber) => PatientStreams.NumberText(patient),
            (Special, Utf8) => reader.Utf8(),
            (Digits, var number) => Text(number, 11),
            (Interned, var index) => kinds[(int)index],
            _ => throw new InvalidDataException($"Unknown cached text form {value}."),
        };
    }

    private static bool IsNumber(string? text, long patient) => IsDigits(text, 11) && (long)Number(text!, 11) == patient;

    private static bool IsDigits(string? text, int length) => text?.Length == length && text.AsSpan().IndexOfAnyExceptInRange('0', '9') < 0;

    private static ulong Number(string? digits, int length)
    {
        if (!IsDigits(digits, length))
        {
            throw new UnencodableStateException($"an identifier that is not {length} digits");
        }
        return ulong.Parse(digits!, NumberStyles.None, CultureInfo.InvariantCulture);
    }

    private static string Text(ulong number, int length) => number.ToString(length == 11 ? "D11" : "D8", CultureInfo.InvariantCulture);
}
