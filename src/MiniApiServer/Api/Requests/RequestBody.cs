namespace MiniApiServer.Api.Requests;

/// <summary>Reads a request body asynchronously into memory, refusing more than kube-apiserver's 3 MiB limit.</summary>
internal static class RequestBody
{
    public const int MaxBytes = 3 * 1024 * 1024;

    public static async Task<byte[]> ReadAsync(HttpRequest request, CancellationToken ct)
    {
        if (request.ContentLength > MaxBytes)
        {
            throw HttpErrors.RequestEntityTooLarge(MaxBytes);
        }
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + read > MaxBytes)
            {
                throw HttpErrors.RequestEntityTooLarge(MaxBytes);
            }
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }
}
