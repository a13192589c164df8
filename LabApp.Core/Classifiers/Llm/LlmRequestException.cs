namespace LabApp.Core.Classifiers.Llm;

/// <summary>
/// A request the chat API could not answer, with a message that says what to do. It carries no inner exception:
/// the SDK's exceptions hold the server's raw error body, which may echo the API key.
/// </summary>
public sealed class LlmRequestException(string message, int status) : Exception(message)
{
    /// <summary>The HTTP status the server answered, or 0 when no usable answer arrived.</summary>
    public int Status { get; } = status;
}
