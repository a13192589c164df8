using System.Buffers;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;

namespace LabApp.Core.Hub;

/// <summary>
/// Fetches files of Hugging Face hub repositories as huggingface_hub does: an existing copy first (the destination, then
/// the local Hugging Face cache), otherwise a HEAD for the announced size and hash, then a resumable download that is
/// verified before it is moved into place. Nothing is moved into place unless it is the file the hub published: an
/// answer that is a web page (a captive portal), that does not say its size or hash, or that runs past its size is
/// refused, and its bytes deleted.
/// </summary>
/// <remarks>
/// Give it an <see cref="HttpClient"/> whose handler does not follow redirects (<c>AllowAutoRedirect = false</c>): this
/// class follows them itself, so that the token goes to the hub's own host only and the HEAD can stop at the redirect to
/// the CDN, whose headers carry the metadata of LFS files.
/// </remarks>
public sealed class HubClient(HttpClient http, HubOptions options)
{
    private const int MaxRedirects = 10;
    private const int ChunkBytes = 81920;

    /// <summary>The clock of this client's timeouts, for whoever paces its progress.</summary>
    public TimeProvider Time => options.Time;

    // Every await uses ConfigureAwait(false): the download loop must not queue each chunk onto the caller's context (a
    // Blazor circuit); progress still reaches that context through Progress<T>.

    /// <summary>
    /// The path of a verified local copy of <paramref name="file"/>: <paramref name="destinationPath"/> if it exists, else
    /// the file in the local Hugging Face cache, else <paramref name="destinationPath"/> after downloading it there.
    /// </summary>
    /// <exception cref="HubException">The file cannot be fetched; the message says why and what to do.</exception>
    /// <exception cref="OperationCanceledException">
    /// Cancelled; the bytes received stay in <c>{destinationPath}.incomplete</c> and the next call resumes from them.
    /// </exception>
    public async Task<string> GetFileAsync(
        HubFile file, string destinationPath, IProgress<DownloadProgress>? progress = null, CancellationToken ct = default)
    {
        destinationPath = Path.GetFullPath(destinationPath);
        if (File.Exists(destinationPath))
            return destinationPath;
        if (FindInLocalCache(file) is { } cached)
            return cached;

        var download = new Download(file, ResolveUrl(file), destinationPath);
        try
        {
            var remote = await HeadAsync(download, ct).ConfigureAwait(false);
            await DownloadAsync(download, remote, progress, ct).ConfigureAwait(false);
            return destinationPath;
        }
        catch (HttpRequestException e)
        {
            throw HubException.Unreachable(file, options.Endpoint, destinationPath, e);
        }
        catch (TaskCanceledException e) when (e.InnerException is TimeoutException)
        {
            throw HubException.Unreachable(file, options.Endpoint, destinationPath, e);
        }
    }

    /// <summary>
    /// The file in the local Hugging Face cache (<c>{models|datasets}--{owner}--{name}/snapshots/{commit}/{path}</c>, the
    /// commit read from <c>refs/{revision}</c> or the revision itself when it is a commit hash), or null.
    /// </summary>
    public string? FindInLocalCache(HubFile file)
    {
        var kind = file.RepoType == RepoType.Dataset ? "datasets" : "models";
        var repoFolder = Path.Combine(options.CacheDirectory, $"{kind}--{file.RepoId.Replace("/", "--")}");
        var commit = HubFile.LooksLikeCommitHash(file.Revision)
            ? file.Revision
            : ReadCommit(Path.Combine(repoFolder, "refs", file.Revision));
        if (commit is null)
            return null;
        var path = Path.GetFullPath(Path.Combine(repoFolder, "snapshots", commit, file.PathInRepo));
        return File.Exists(path) ? path : null;
    }

    /// <summary>
    /// <c>{endpoint}/{repo_id}/resolve/{revision}/{path}</c> for models and
    /// <c>{endpoint}/datasets/{repo_id}/resolve/{revision}/{path}</c> for datasets, escaped as huggingface_hub escapes them.
    /// </summary>
    public Uri ResolveUrl(HubFile file)
    {
        var repo = file.RepoType == RepoType.Dataset ? $"datasets/{file.RepoId}" : file.RepoId;
        // A revision such as refs/convert/parquet is one segment, so its '/' is escaped; the path keeps its folders.
        var revision = Uri.EscapeDataString(file.Revision);
        var path = string.Join('/', file.PathInRepo.Split('/').Select(Uri.EscapeDataString));
        return new Uri($"{options.Endpoint.AbsoluteUri.TrimEnd('/')}/{repo}/resolve/{revision}/{path}");
    }

    private static string? ReadCommit(string refFile)
    {
        if (!File.Exists(refFile))
            return null;
        var commit = File.ReadAllText(refFile).Trim();
        return HubFile.LooksLikeCommitHash(commit) ? commit : null;
    }

    private async Task<RemoteFile> HeadAsync(Download download, CancellationToken ct)
    {
        using var response = await SendAsync(HttpMethod.Head, download, download.Url, resumeFrom: 0, ct).ConfigureAwait(false);
        ThrowIfRefused(response, download);
        var redirect = RedirectTarget(response);
        if (redirect is null)
            ThrowIfWebPage(response, download);
        // X-Linked-* describe the LFS object and ride on the hub's redirect to the CDN, whose own Content-Length is that
        // of its short body; a file kept in git has no redirect and is described by ETag (its git blob id) and Content-Length.
        var linkedEtag = HeaderValue(response, "X-Linked-Etag");
        var etag = linkedEtag ?? response.Headers.ETag?.Tag;
        var size = long.TryParse(HeaderValue(response, "X-Linked-Size"), out var linkedSize) ? linkedSize
            : redirect is null ? response.Content.Headers.ContentLength
            : null;
        var remote = new RemoteFile(redirect ?? response.RequestMessage!.RequestUri!, size, Sha256FromEtag(etag), linkedEtag is null ? GitBlobIdFromEtag(etag) : null);
        // Without a size and a hash nothing could tell the file from whatever else answered (a proxy's error page, an
        // endless stream): such a download is not started.
        if (remote.Size is null)
            throw HubException.UnknownSize(download.File, download.Url, download.DestinationPath);
        if (remote.Sha256 is null && remote.GitBlobId is null)
            throw HubException.Unverifiable(download.File, download.Url, download.DestinationPath);
        return remote;
    }

    private async Task DownloadAsync(Download download, RemoteFile remote, IProgress<DownloadProgress>? progress, CancellationToken ct)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(download.DestinationPath)!);
        var kept = KeptBytes(download.PartialPath, remote.Size);
        try
        {
            if (kept == 0 || kept != remote.Size)
                await TransferAsync(download, remote, kept, progress, ct).ConfigureAwait(false);
            await VerifyAsync(download, remote, ct).ConfigureAwait(false);
        }
        catch (HubException e) when (e.Refused)
        {
            // Bytes that are not the published file are never kept, not even to resume from.
            File.Delete(download.PartialPath);
            throw;
        }

        File.Move(download.PartialPath, download.DestinationPath, overwrite: true);
    }

    /// <summary>How many bytes an earlier, interrupted call left; a partial file longer than the file cannot be resumed.</summary>
    private static long KeptBytes(string partialPath, long? size)
    {
        var partial = new FileInfo(partialPath);
        if (!partial.Exists)
            return 0;
        if (partial.Length <= (size ?? long.MaxValue))
            return partial.Length;
        partial.Delete();
        return 0;
    }

    private async Task TransferAsync(
        Download download, RemoteFile remote, long kept, IProgress<DownloadProgress>? progress, CancellationToken ct)
    {
        using var response = await SendAsync(HttpMethod.Get, download, remote.ContentUrl, kept, ct).ConfigureAwait(false);
        ThrowIfRefused(response, download);
        ThrowIfWebPage(response, download);
        // 206 means the server honoured the Range header; a 200 carries the whole file, so the partial one starts over.
        var done = response.StatusCode == HttpStatusCode.PartialContent ? kept : 0;
        // No FileStream buffer: whole chunks are written anyway, and every byte received is on disk when the transfer breaks.
        using var output = new FileStream(download.PartialPath, new FileStreamOptions
        {
            Mode = done > 0 ? FileMode.Append : FileMode.Create,
            Access = FileAccess.Write,
            // One writer per partial file, also across processes (two labs on one models folder): the other one fails to open it.
            Share = FileShare.None,
            BufferSize = 0,
            Options = FileOptions.Asynchronous,
        });
        using var body = await response.Content.ReadAsStreamAsync(ct).ConfigureAwait(false);
        // The stall timer restarts before each read, so a slow but moving download never trips it.
        using var stall = new CancellationTokenSource(Timeout.InfiniteTimeSpan, options.Time);
        using var reading = CancellationTokenSource.CreateLinkedTokenSource(ct, stall.Token);
        var buffer = ArrayPool<byte>.Shared.Rent(ChunkBytes);
        try
        {
            progress?.Report(new DownloadProgress(download.File.PathInRepo, done, remote.Size));
            int read;
            while ((read = await ReadChunkAsync(body, buffer, download, done, remote.Size, stall, reading.Token, ct).ConfigureAwait(false)) > 0)
            {
                // A body that runs past the published size is not that file: it is cut off there, not written to the disk's end.
                if (done + read > remote.Size)
                    throw HubException.LongerThanPublished(download.File, download.Url, remote.Size.Value);
                await output.WriteAsync(buffer.AsMemory(0, read), ct).ConfigureAwait(false);
                done += read;
                progress?.Report(new DownloadProgress(download.File.PathInRepo, done, remote.Size));
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private async Task<int> ReadChunkAsync(
        Stream body, byte[] buffer, Download download, long done, long? total,
        CancellationTokenSource stall, CancellationToken reading, CancellationToken ct)
    {
        stall.CancelAfter(options.StallTimeout);
        try
        {
            return await body.ReadAsync(buffer, reading).ConfigureAwait(false);
        }
        catch (Exception e) when (e is OperationCanceledException or IOException && stall.IsCancellationRequested && !ct.IsCancellationRequested)
        {
            throw HubException.Stalled(download.File, download.Url, done, total, options.StallTimeout, download.PartialPath);
        }
        catch (IOException e) when (!ct.IsCancellationRequested)
        {
            throw HubException.Interrupted(download.File, download.Url, done, total, download.PartialPath, e);
        }
    }

    private static async Task VerifyAsync(Download download, RemoteFile remote, CancellationToken ct)
    {
        var actualSize = new FileInfo(download.PartialPath).Length;
        if (remote.Size is { } size && actualSize != size)
        {
            File.Delete(download.PartialPath);
            throw HubException.SizeMismatch(download.File, download.Url, size, actualSize);
        }
        // The whole file, not the bytes of this call: the first part of a resumed file came from an earlier call.
        string expected, actual;
        await using (var stream = File.OpenRead(download.PartialPath))
        {
            if (remote.Sha256 is { } sha256)
            {
                (expected, actual) = (sha256, Convert.ToHexStringLower(await SHA256.HashDataAsync(stream, ct).ConfigureAwait(false)));
            }
            else
            {
                // git's blob id: the SHA-1 of "blob <size>\0" and the content.
                using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA1);
                hash.AppendData(System.Text.Encoding.ASCII.GetBytes($"blob {actualSize}\0"));
                var buffer = new byte[ChunkBytes];
                int read;
                while ((read = await stream.ReadAsync(buffer, ct).ConfigureAwait(false)) > 0)
                    hash.AppendData(buffer, 0, read);
                (expected, actual) = (remote.GitBlobId!, Convert.ToHexStringLower(hash.GetHashAndReset()));
            }
        }

        if (actual == expected)
            return;
        File.Delete(download.PartialPath);
        throw HubException.ChecksumMismatch(download.File, download.Url, expected, actual);
    }

    // A web page where a file was asked for is a captive portal's or a proxy's answer, never a model file or a split.
    private static void ThrowIfWebPage(HttpResponseMessage response, Download download)
    {
        if (response.Content.Headers.ContentType?.MediaType is "text/html" or "application/xhtml+xml")
            throw HubException.WebPage(download.File, download.Url, download.DestinationPath);
    }

    private async Task<HttpResponseMessage> SendAsync(
        HttpMethod method, Download download, Uri url, long resumeFrom, CancellationToken ct)
    {
        for (var redirects = 0; ; redirects++)
        {
            using var request = new HttpRequestMessage(method, url);
            // The token is for the hub alone: CDN URLs are signed already and must never see it.
            if (options.Token is not null && IsHub(url))
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", options.Token);
            if (resumeFrom > 0)
                request.Headers.Range = new RangeHeaderValue(resumeFrom, null);

            var response = await SendWithinResponseTimeoutAsync(request, download, ct).ConfigureAwait(false);
            // Like huggingface_hub, a HEAD follows relative redirects only (a renamed repo): the absolute one leads to
            // the CDN, and the metadata is on that redirect itself.
            if (RedirectTarget(response) is not { } target || (method == HttpMethod.Head && response.Headers.Location!.IsAbsoluteUri))
                return response;
            response.Dispose();
            if (redirects == MaxRedirects)
                throw HubException.TooManyRedirects(download.File, download.Url, MaxRedirects);
            url = target;
        }
    }

    /// <summary>
    /// Sends <paramref name="request"/> and waits for the headers of the answer no longer than
    /// <see cref="HubOptions.ResponseTimeout"/>: the shared client has no timeout of its own, since a large body may
    /// rightly take an hour.
    /// </summary>
    private async Task<HttpResponseMessage> SendWithinResponseTimeoutAsync(HttpRequestMessage request, Download download, CancellationToken ct)
    {
        using var answer = new CancellationTokenSource(options.ResponseTimeout, options.Time);
        using var waiting = CancellationTokenSource.CreateLinkedTokenSource(ct, answer.Token);
        try
        {
            return await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, waiting.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (answer.IsCancellationRequested && !ct.IsCancellationRequested)
        {
            throw HubException.NoAnswer(download.File, download.Url, options.ResponseTimeout, download.DestinationPath);
        }
    }

    private void ThrowIfRefused(HttpResponseMessage response, Download download)
    {
        if (response.IsSuccessStatusCode || RedirectTarget(response) is not null)
            return;
        var tokenSent = options.Token is not null && IsHub(response.RequestMessage!.RequestUri!);
        throw response.StatusCode switch
        {
            HttpStatusCode.NotFound => HubException.NotFound(download.File, download.Url, download.DestinationPath),
            HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden =>
                HubException.AccessDenied(download.File, download.Url, response.StatusCode, tokenSent),
            _ => HubException.UnexpectedAnswer(download.File, download.Url, response.StatusCode, response.ReasonPhrase),
        };
    }

    private bool IsHub(Uri url) =>
        Uri.Compare(url, options.Endpoint, UriComponents.SchemeAndServer, UriFormat.Unescaped, StringComparison.OrdinalIgnoreCase) == 0;

    private static Uri? RedirectTarget(HttpResponseMessage response) =>
        (int)response.StatusCode is >= 300 and < 400 && response.Headers.Location is { } location
            ? new Uri(response.RequestMessage!.RequestUri!, location)
            : null;

    private static string? HeaderValue(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;

    /// <summary>The hub's ETag of an LFS file is the SHA-256 of its content; other ETags (git blob ids) verify nothing.</summary>
    private static string? Sha256FromEtag(string? etag)
    {
        var tag = etag is null ? null : (etag.StartsWith("W/", StringComparison.Ordinal) ? etag[2..] : etag).Trim('"').ToLowerInvariant();
        return tag is { Length: 64 } && tag.All(char.IsAsciiHexDigit) ? tag : null;
    }

    /// <summary>A file kept in git (not LFS) has its git blob id, a SHA-1, as its ETag.</summary>
    private static string? GitBlobIdFromEtag(string? etag)
    {
        var tag = etag is null ? null : (etag.StartsWith("W/", StringComparison.Ordinal) ? etag[2..] : etag).Trim('"').ToLowerInvariant();
        return tag is { Length: 40 } && tag.All(char.IsAsciiHexDigit) ? tag : null;
    }

    /// <summary>One file being fetched: what, from where (the hub's resolve URL, the one messages show) and to where.</summary>
    private sealed record Download(HubFile File, Uri Url, string DestinationPath)
    {
        public string PartialPath => DestinationPath + ".incomplete";
    }

    /// <summary>What the HEAD told: where the bytes are, and the size and SHA-256 (or, for a file kept in git, its blob id) to expect.</summary>
    private sealed record RemoteFile(Uri ContentUrl, long? Size, string? Sha256, string? GitBlobId);
}
