using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Consent.Service.Hosting.OpenApi;

/// <summary>
/// Writes the published contract into the generated OpenAPI document: what the service is, the bearer
/// scheme on every operation, each operation's summary, description and headers, and every problem it
/// can answer as application/problem+json with its codes listed.
/// </summary>
public static class ContractTransformers
{
    public const string Bearer = "bearer";
    public const string Problem = "Problem";

    private static readonly (string Name, string Description)[] Tags =
    [
        ("Patients", "A patient's record: consent, therapeutic relations, exclusions, history, access log, who can see the data."),
        ("Access decisions", "May this provider see this patient's data, now or at another instant, and why."),
        ("Providers", "The provider directory: search, one provider, import."),
    ];

    private static readonly Dictionary<string, string> HeaderDescriptions = new()
    {
        [OperationContracts.ETag] = "The patient stream's version, for If-Match (patient side only).",
        [OperationContracts.IfMatch] = "The ETag the change was decided on; a stale one is 412 version-conflict and writes nothing.",
        [OperationContracts.IdempotencyKey] = "1 to 255 visible ASCII characters; a repeat with the same body returns the first answer.",
        [OperationContracts.Position] = "The global position of the record after this request; pass it as minPosition to a decision.",
        [OperationContracts.Link] = "The next page: `<...>; rel=\"next\"`.",
        [OperationContracts.Location] = "The created resource.",
    };

    public static OpenApiOptions AddConsentContract(this OpenApiOptions options)
    {
        options.AddDocumentTransformer((document, _, _) =>
        {
            Describe(document);
            return Task.CompletedTask;
        });
        options.AddSchemaTransformer((schema, context, _) =>
        {
            // Positions start at 1: a negative minPosition is refused (AccessQuestions.EnsurePosition), as the schema says.
            if (context.JsonPropertyInfo?.Name == "minPosition")
            {
                schema.Minimum = "0";
            }
            return Task.CompletedTask;
        });
        options.AddOperationTransformer(async (operation, context, cancellationToken) =>
        {
            var name = context.Description.ActionDescriptor.EndpointMetadata.OfType<IEndpointNameMetadata>().FirstOrDefault()?.EndpointName;
            if (name is not null && OperationContracts.All.TryGetValue(name, out var contract))
            {
                if (contract.Request is { } request)
                {
                    operation.RequestBody = await RequestBodyAsync(request, context, cancellationToken);
                }
                Apply(operation, name, contract, context.Document!);
            }
        });
        return options;
    }

    /// <summary>
    /// Declares each operation's success answers of the contract table (<see cref="OperationContract.Responses"/>) as the
    /// endpoint's metadata, as Produces&lt;T&gt; would: the document's response schemas are generated from those types.
    /// Applied last, when the endpoint's name is known.
    /// </summary>
    public static TBuilder WithContractResponses<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder
    {
        builder.Finally(endpoint =>
        {
            var name = endpoint.Metadata.OfType<IEndpointNameMetadata>().LastOrDefault()?.EndpointName;
            if (name is not null && OperationContracts.All.TryGetValue(name, out var contract))
            {
                foreach (var (status, type) in contract.Responses ?? new Dictionary<int, Type?>())
                {
                    endpoint.Metadata.Add(new ProducesResponseTypeMetadata(status, type ?? typeof(void), type is null ? [] : ["application/json"]));
                }
            }
        });
        return builder;
    }

    /// <summary>The request body, its schema generated from the type the route reads (a component named after it) and its example.</summary>
    private static async Task<OpenApiRequestBody> RequestBodyAsync(RequestContract request, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        IOpenApiSchema schema = await context.GetOrCreateSchemaAsync(request.Type, null, cancellationToken);
        if (request.Type != typeof(string))
        {
            var document = context.Document!;
            // A list of records in the body (the batch's requests) is a component of its own too, not an anonymous inline object.
            foreach (var property in request.Type.GetProperties())
            {
                var item = property.PropertyType.IsGenericType ? property.PropertyType.GetGenericArguments() is [var t] ? t : null : null;
                if (item is { IsClass: true } && item != typeof(string) && typeof(System.Collections.IEnumerable).IsAssignableFrom(property.PropertyType)
                    && schema.Properties?[JsonNamingPolicy.CamelCase.ConvertName(property.Name)] is OpenApiSchema { Items: OpenApiSchema items } list)
                {
                    document.AddComponent(item.Name, items);
                    list.Items = new OpenApiSchemaReference(item.Name, document);
                }
            }
            document.AddComponent(request.Type.Name, (OpenApiSchema)schema);
            schema = new OpenApiSchemaReference(request.Type.Name, document);
        }
        return new OpenApiRequestBody
        {
            Required = !request.Optional,
            Description = request.Optional ? "Optional: an empty body takes the defaults." : null,
            Content = new Dictionary<string, OpenApiMediaType>
            {
                [request.MediaType] = new OpenApiMediaType { Schema = schema, Example = request.Example.DeepClone() },
            },
        };
    }

    private static void Describe(OpenApiDocument document)
    {
        document.Info = new OpenApiInfo
        {
            Title = "Consent API",
            Version = "v1",
            Description = "Informed consent, therapeutic relations and exclusions of patients, and the access decision every hub asks before "
                + "showing health data. Errors are RFC 9457 problems with a stable `code`. Hospital systems use the bus (asyncapi.yaml).",
            Contact = new OpenApiContact { Name = "Consent service team", Url = new Uri("https://consent.example/support") },
            License = new OpenApiLicense { Name = "Proprietary", Url = new Uri("https://consent.example/license") },
        };
        document.Servers = [new OpenApiServer { Url = "http://127.0.0.1:5080", Description = "The local run (./run.sh); deployments have their own address." }];
        document.Tags = new HashSet<OpenApiTag>(Tags.Select(t => new OpenApiTag { Name = t.Name, Description = t.Description }));
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes[Bearer] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "bearer",
            BearerFormat = "JWT",
            Description = "A JWT from the configured OIDC authority (production) with claims role, inss, nihdi, represents, institution.",
        };
        document.Components.Schemas ??= new Dictionary<string, IOpenApiSchema>();
        NullableReferences(document.Components.Schemas);
        // Every refusal is described with the Problem schema below (it lists the codes): ASP.NET Core's own is not used.
        document.Components.Schemas.Remove("ProblemDetails");
        document.Components.Schemas[Problem] = new OpenApiSchema
        {
            Type = JsonSchemaType.Object,
            Description = "An RFC 9457 problem with the service's stable code.",
            Required = new HashSet<string> { "status", "code" },
            Properties = new Dictionary<string, IOpenApiSchema>
            {
                ["type"] = new OpenApiSchema { Type = JsonSchemaType.String },
                ["title"] = new OpenApiSchema { Type = JsonSchemaType.String },
                ["status"] = new OpenApiSchema { Type = JsonSchemaType.Integer },
                ["detail"] = new OpenApiSchema { Type = JsonSchemaType.String },
                ["code"] = new OpenApiSchema { Type = JsonSchemaType.String },
            },
        };
    }

    /// <summary>
    /// A nullable member of a component type (consent type, document type, an actor, a sender) is generated as
    /// oneOf [null, $ref], which client generators (NSwag) read as an untyped object: it is said the OpenAPI 3.0 way,
    /// allOf [$ref] with nullable.
    /// </summary>
    private static void NullableReferences(IDictionary<string, IOpenApiSchema> schemas)
    {
        foreach (var schema in schemas.Values.OfType<OpenApiSchema>())
        {
            foreach (var (name, property) in schema.Properties?.ToList() ?? [])
            {
                if (property is OpenApiSchema { OneOf: [OpenApiSchema { Type: JsonSchemaType.Null }, OpenApiSchemaReference reference] })
                {
                    schema.Properties![name] = new OpenApiSchema { Type = JsonSchemaType.Null, AllOf = [reference] };
                }
            }
        }
    }

    private static void Apply(OpenApiOperation operation, string name, OperationContract contract, OpenApiDocument document)
    {
        operation.OperationId = name;
        operation.Summary = contract.Summary;
        operation.Description = contract.Description;
        operation.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(Bearer, document)] = [] }];
        operation.Parameters ??= [];
        foreach (var range in contract.Ranges ?? [])
        {
            // An integer, within the range the route accepts (never the JSON options' "integer or numeric string").
            var parameter = operation.Parameters.OfType<OpenApiParameter>().Single(p => p.Name == range.Name && p.In == ParameterLocation.Query);
            parameter.Description = $"From {range.Minimum} to {range.Maximum}; {range.Default} when left out.";
            parameter.Schema = new OpenApiSchema
            {
                Type = JsonSchemaType.Integer,
                Format = "int32",
                Minimum = range.Minimum.ToString(System.Globalization.CultureInfo.InvariantCulture),
                Maximum = range.Maximum.ToString(System.Globalization.CultureInfo.InvariantCulture),
                Default = JsonValue.Create(range.Default),
            };
        }
        foreach (var header in contract.RequestHeaders ?? [])
        {
            operation.Parameters.Add(new OpenApiParameter
            {
                Name = header,
                In = ParameterLocation.Header,
                Required = false,
                Description = HeaderDescriptions[header],
                Schema = new OpenApiSchema { Type = JsonSchemaType.String },
            });
        }
        operation.Responses ??= new OpenApiResponses();
        foreach (var (status, response) in operation.Responses.Where(r => r.Key.StartsWith('2')).ToList())
        {
            if (response is OpenApiResponse success)
            {
                success.Headers ??= new Dictionary<string, IOpenApiHeader>();
                foreach (var header in contract.ResponseHeaders ?? [])
                {
                    success.Headers[header] = new OpenApiHeader { Description = HeaderDescriptions[header], Schema = new OpenApiSchema { Type = JsonSchemaType.String } };
                }
                success.Description = string.IsNullOrEmpty(success.Description) || success.Description == "OK" ? $"{contract.Summary}: done." : success.Description;
            }
            _ = status;
        }
        var codes = contract.Codes.Concat([ErrorCodes.Unauthenticated, ErrorCodes.Unavailable])
            .Concat(contract.Body ? [ErrorCodes.InvalidRequest, ErrorCodes.PayloadTooLarge, ErrorCodes.UnsupportedMediaType] : [])
            .Select(Parse).Distinct();
        foreach (var group in codes.GroupBy(c => c.Status).OrderBy(g => g.Key))
        {
            var listed = group.Select(c => c.Code).Distinct().Order(StringComparer.Ordinal).ToList();
            operation.Responses[group.Key.ToString(System.Globalization.CultureInfo.InvariantCulture)] = new OpenApiResponse
            {
                Description = $"Refused: {string.Join(", ", listed)}.",
                Content = new Dictionary<string, OpenApiMediaType>
                {
                    ["application/problem+json"] = new OpenApiMediaType
                    {
                        Schema = new OpenApiSchema
                        {
                            AllOf = [new OpenApiSchemaReference(Problem, document)],
                            Properties = new Dictionary<string, IOpenApiSchema>
                            {
                                ["code"] = new OpenApiSchema { Type = JsonSchemaType.String, Enum = [.. listed.Select(c => (JsonNode)JsonValue.Create(c))] },
                            },
                        },
                    },
                },
            };
        }
    }

    private static (string Code, int Status) Parse(string entry) =>
        entry.Split('=') is [var code, var status] ? (code, int.Parse(status, System.Globalization.CultureInfo.InvariantCulture)) : (entry, ProblemStatuses.Of(entry));
}
