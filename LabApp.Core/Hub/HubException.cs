using System.Net;

namespace LabApp.Core.Hub;

/// <summary>
/// A file could not be fetched from the Hugging Face hub. The message names the file and says what to do; it shows the
/// hub's resolve URL, never the signed CDN URL or the token.
/// </summary>
public sealed class HubException : Exception
{
    private HubException(string message, Exception? innerException = null, bool refused = false)
        : base(message, innerException)
    {
        Refused = refused;
    }

    /// <summary>The answer was not the published file (a web page, no size or hash, too long): its bytes are never kept, not even to resume.</summary>
    public bool Refused { get; }

    internal static HubException NotFound(HubFile file, Uri url, string destinationPath) =>
        new($"The Hugging Face hub has no {file} (404 from {url}). Check the repo id, the revision and the path; "
            + $"or place the file by hand at '{destinationPath}', or set HF_ENDPOINT to a hub mirror that has it.");

    internal static HubException AccessDenied(HubFile file, Uri url, HttpStatusCode status, bool tokenSent) =>
        new($"The Hugging Face hub refused {file} ({(int)status} from {url}): the repo is private or gated, or does not exist. "
            + (tokenSent
                ? "A token (HF_TOKEN) was sent and not accepted: check that it is valid and that its account has accepted the repo's terms on the repo's page."
                : "If the repo exists, it needs a token: set HF_TOKEN to an access token (https://huggingface.co/settings/tokens) of an account that may read it."));

    internal static HubException Unreachable(HubFile file, Uri endpoint, string destinationPath, Exception cause) =>
        new($"The Hugging Face hub at {endpoint} cannot be reached ({cause.Message}), so {file} cannot be downloaded. "
            + $"To work offline, place the file by hand at '{destinationPath}'"
            + (file.RepoType == RepoType.Dataset
                ? " or set LAB_DATA_DIR to a folder that already holds the data"
                : " or set LAB_MODELS_DIR to a folder that already holds the model")
            + "; or set HF_ENDPOINT to a hub mirror that can be reached.", cause);

    internal static HubException Interrupted(HubFile file, Uri url, long bytesDone, long? totalBytes, string partialPath, Exception cause) =>
        new($"The download of {file} from {url} was interrupted after {bytesDone} of {totalBytes?.ToString() ?? "an unknown number of"} bytes "
            + $"({cause.Message}). The bytes received are kept in '{partialPath}': fetch the file again to resume.", cause);

    internal static HubException WebPage(HubFile file, Uri url, string destinationPath) =>
        new($"The hub answered the request for {file} ({url}) with a web page, not the file: a captive portal (the sign-in page of a "
            + "café's or hotel's network) or a proxy answers in the hub's place. Sign in to the network, or set HF_ENDPOINT to a hub mirror, "
            + $"or place the file by hand at '{destinationPath}'. Nothing was installed.", refused: true);

    internal static HubException UnknownSize(HubFile file, Uri url, string destinationPath) =>
        new($"The hub's answer for {file} ({url}) does not say how large the file is, so a download could not be checked: set HF_ENDPOINT "
            + $"to a hub or mirror that sends the files' sizes, or place the file by hand at '{destinationPath}'. Nothing was installed.", refused: true);

    internal static HubException Unverifiable(HubFile file, Uri url, string destinationPath) =>
        new($"The hub's answer for {file} ({url}) gives no SHA-256 or git hash of the file, so a download could not be checked: set "
            + $"HF_ENDPOINT to a hub or mirror that sends them, or place the file by hand at '{destinationPath}'. Nothing was installed.", refused: true);

    internal static HubException LongerThanPublished(HubFile file, Uri url, long publishedBytes) =>
        new($"The download of {file} from {url} sent more than the {publishedBytes} bytes the hub published: it was stopped there and "
            + "deleted. Fetch the file again, or set HF_ENDPOINT to another mirror.", refused: true);

    internal static HubException SizeMismatch(HubFile file, Uri url, long expectedBytes, long actualBytes) =>
        new($"The download of {file} from {url} has {actualBytes} bytes where the hub announced {expectedBytes}. "
            + "The partial file was deleted: fetch the file again to download it afresh.");

    internal static HubException ChecksumMismatch(HubFile file, Uri url, string expectedSha256, string actualSha256) =>
        new($"The download of {file} from {url} has SHA-256 {actualSha256} where the hub announced {expectedSha256}. "
            + "The corrupt file was deleted: fetch the file again to download it afresh.");

    internal static HubException UnexpectedAnswer(HubFile file, Uri url, HttpStatusCode status, string? reason) =>
        new($"The Hugging Face hub answered {(int)status} {reason} for {file} ({url}). "
            + "Try again later, or set HF_ENDPOINT to a hub mirror.");

    internal static HubException InvalidEndpoint(string source, string value, Uri example) =>
        new($"{source} is '{value}', which is not an absolute http(s) URL: set it like {example}, or leave it out to use that hub.");

    internal static HubException ControlCharacterInEndpoint(string source, Uri example) =>
        new($"{source} holds a line break or another control character: give the hub's address alone, on one line, such as {example}.");

    internal static HubException NoAnswer(HubFile file, Uri url, TimeSpan waited, string destinationPath) =>
        new($"The Hugging Face hub did not answer the request for {file} ({url}) within {waited.TotalSeconds:0.###} s. "
            + $"Check that the hub or mirror is up and try again, or place the file by hand at '{destinationPath}'.");

    internal static HubException Stalled(HubFile file, Uri url, long bytesDone, long? totalBytes, TimeSpan waited, string partialPath) =>
        new($"The download of {file} from {url} stalled: no bytes for {waited.TotalSeconds:0.###} s after {bytesDone} of "
            + $"{totalBytes?.ToString() ?? "an unknown number of"} bytes. The bytes received are kept in '{partialPath}': "
            + "fetch the file again to resume.");

    internal static HubException TooManyRedirects(HubFile file, Uri url, int maxRedirects) =>
        new($"The Hugging Face hub redirected the request for {file} ({url}) more than {maxRedirects} times: "
            + "check that HF_ENDPOINT points at a hub.");
}
