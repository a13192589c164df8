using System.ClientModel;
using System.Text.Json;

namespace LabApp.Core.Classifiers.Llm;

/// <summary>An answer read from a chat completion, with the tokens the server says it used (0 when it does not say).</summary>
internal readonly record struct ChatReply(string Text, long PromptTokens, long OutputTokens);

/// <summary>
/// The JSON of one chat completion request and its answer, written and read here rather than by the SDK's
/// typed methods: those read a body without choices, or with a number for content, as an empty answer, which
/// would be cached as if the model had said nothing. Here anything but a chat completion is refused.
/// </summary>
internal static class ChatCompletionWire
{
    /// <summary>The book's request: one user message, nothing else but the model and the temperature.</summary>
    public static BinaryContent Request(string model, string prompt, float temperature) => BinaryContent.Create(BinaryData.FromObjectAsJson(new
    {
        model,
        messages = new[] { new { role = "user", content = prompt } },
        temperature,
    }));

    /// <summary>
    /// The text of <c>choices[0].message</c>: its content, else its refusal, else "" (a message with no text is an
    /// answer, just not a label); null when the body is not a chat completion.
    /// </summary>
    public static ChatReply? Read(BinaryData body)
    {
        try
        {
            using var json = JsonDocument.Parse(body);
            if (Property(json.RootElement, "choices") is not { ValueKind: JsonValueKind.Array } choices || choices.GetArrayLength() == 0
                || Property(choices[0], "message") is not { ValueKind: JsonValueKind.Object } message)
                return null;
            var text = Property(message, "content") switch
            {
                null or { ValueKind: JsonValueKind.Null } => Property(message, "refusal") is { ValueKind: JsonValueKind.String } refusal ? refusal.GetString()! : "",
                { ValueKind: JsonValueKind.String } content => content.GetString()!,
                _ => null,
            };
            if (text is null)
                return null;
            var usage = Property(json.RootElement, "usage");
            return new ChatReply(text, Count(usage, "prompt_tokens"), Count(usage, "completion_tokens"));
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>A text field of an error body in OpenAI's shape (<c>error.message</c>, <c>error.code</c>); null when there is none.</summary>
    public static string? ErrorField(BinaryData body, string name)
    {
        try
        {
            using var json = JsonDocument.Parse(body);
            return Property(Property(json.RootElement, "error"), name) is { ValueKind: JsonValueKind.String } field ? field.GetString() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static JsonElement? Property(JsonElement? element, string name) =>
        element is { ValueKind: JsonValueKind.Object } o && o.TryGetProperty(name, out var value) ? value : null;

    private static long Count(JsonElement? usage, string name) =>
        Property(usage, name) is { ValueKind: JsonValueKind.Number } n && n.TryGetInt64(out var count) ? count : 0;
}
