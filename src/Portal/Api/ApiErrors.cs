namespace Consent.Portal.Api;

/// <summary>Something the service answered or failed to answer that the portal must show a person.</summary>
public abstract class ApiException(string message) : Exception(message);

/// <summary>The service refused the request; <see cref="Code"/> is the problem's stable code (api.md), translated for the page.</summary>
public sealed class ApiProblemException(int status, string code, string? detail)
    : ApiException($"The consent service answered {status} {code}: {detail}")
{
    public int Status { get; } = status;
    public string Code { get; } = code;

    /// <summary>412: the record changed since the page showed it (If-Match).</summary>
    public bool IsVersionConflict => Status == 412;
}

/// <summary>The service could not be reached, timed out, or said it is unavailable.</summary>
public sealed class ApiUnavailableException(string message, Exception? inner = null) : ApiException(message)
{
    public Exception? Cause { get; } = inner;
}

/// <summary>401: the session's token expired or was refused; the person signs in again.</summary>
public sealed class ApiUnauthenticatedException() : ApiException("The consent service refused the session's token.");
