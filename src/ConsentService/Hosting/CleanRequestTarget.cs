namespace Consent.Service.Hosting;

/// <summary>
/// api.md's input rule for the strings a request carries outside its body: no route or query value (nor a query
/// parameter's name) may hold a control or bidirectional-override character. Checked once here, for every route,
/// because the values' own parsers forgive them: numbers and instants skip surrounding whitespace such as a line
/// feed, and a relation id's Guid is trimmed.
/// </summary>
public sealed class CleanRequestTarget(RequestDelegate next)
{
    public Task InvokeAsync(HttpContext context)
    {
        foreach (var (name, value) in context.Request.RouteValues)
        {
            if (value is string text && !InputRules.IsClean(text))
            {
                throw RefusedException.InvalidRequest($"The path's {name} holds a control or bidirectional-override character.");
            }
        }
        if (context.Request.QueryString.HasValue)
        {
            foreach (var (name, values) in context.Request.Query)
            {
                if (!InputRules.IsClean(name))
                {
                    throw RefusedException.InvalidRequest("A query parameter's name holds a control or bidirectional-override character.");
                }
                foreach (var value in values)
                {
                    if (value is not null && !InputRules.IsClean(value))
                    {
                        throw RefusedException.InvalidRequest($"The query parameter {name[..Math.Min(name.Length, 100)]} holds a control or bidirectional-override character.");
                    }
                }
            }
        }
        return next(context);
    }
}
