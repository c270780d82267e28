using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace DevBot.Tests.Telegram.BotApiStandIn;

/// <summary>
/// Reads a Bot API request the ways Telegram accepts one: a JSON body, a query string or url-encoded form, or a
/// multipart form whose file parts are either the parameter itself or named by an <c>attach://&lt;part&gt;</c> value.
/// Form values are strings; JSON-serialized values (reply_markup, prices) are parsed where they are objects or arrays.
/// </summary>
internal static class StandInRequest
{
    private const string AttachPrefix = "attach://";

    /// <summary>The parameters, or an error in Telegram's words when the body cannot be read.</summary>
    public static async Task<(JsonObject Parameters, string? Error)> ReadAsync(HttpRequest request)
    {
        var parameters = new JsonObject();
        foreach (var (key, value) in request.Query)
        {
            parameters[key] = Value(value.ToString());
        }

        if (request.HasFormContentType)
        {
            var form = await request.ReadFormAsync();
            foreach (var (key, value) in form)
            {
                parameters[key] = Value(value.ToString());
            }

            foreach (var file in form.Files)
            {
                if (string.IsNullOrEmpty(file.FileName))
                {
                    return (parameters, $"Bad Request: file part '{file.Name}' has no file name");
                }

                using var buffer = new MemoryStream();
                await file.CopyToAsync(buffer);
                parameters[file.Name] = new JsonObject { ["file_name"] = file.FileName, ["bytes"] = Convert.ToBase64String(buffer.ToArray()), ["is_file"] = true };
            }

            return (parameters, null);
        }

        using var reader = new StreamReader(request.Body);
        var body = await reader.ReadToEndAsync();
        if (string.IsNullOrWhiteSpace(body))
        {
            return (parameters, null);
        }

        if (request.ContentType?.StartsWith("application/json", StringComparison.OrdinalIgnoreCase) != true)
        {
            return (parameters, "Bad Request: unsupported content type " + request.ContentType);
        }

        try
        {
            if (JsonNode.Parse(body) is not JsonObject json)
            {
                return (parameters, "Bad Request: the request body is no JSON object");
            }

            foreach (var (key, value) in json.ToList())
            {
                json.Remove(key);
                parameters[key] = value;
            }

            return (parameters, null);
        }
        catch (JsonException)
        {
            return (parameters, "Bad Request: can't parse JSON");
        }
    }

    /// <summary>
    /// The uploaded file a parameter names: the part of that name, or the part its <c>attach://</c> value names.
    /// A file_id or URL is refused (the stand-in stores no files), as is an attach:// naming no part.
    /// </summary>
    public static (JsonObject? File, string? Error) FileOf(JsonObject parameters, string name)
    {
        switch (parameters[name])
        {
            case JsonObject file when file["is_file"] is not null:
                return (file, null);
            case JsonValue value when value.ToString() is { } reference && reference.StartsWith(AttachPrefix, StringComparison.Ordinal):
                var part = reference[AttachPrefix.Length..];
                return part.Length > 0 && parameters[part] is JsonObject attached && attached["is_file"] is not null
                    ? (attached, null)
                    : (null, $"Bad Request: file must be uploaded as a part named '{part}' (it is referenced as {reference})");
            case JsonValue:
                return (null, "Bad Request: wrong file identifier/HTTP URL specified");
            default:
                return (null, $"Bad Request: there is no {name} in the request");
        }
    }

    private static JsonNode? Value(string text)
    {
        var trimmed = text.TrimStart();
        if (trimmed.StartsWith('{') || trimmed.StartsWith('['))
        {
            try
            {
                return JsonNode.Parse(text);
            }
            catch (JsonException)
            {
                return JsonValue.Create(text);
            }
        }

        return JsonValue.Create(text);
    }
}
