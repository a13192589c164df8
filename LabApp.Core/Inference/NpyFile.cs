using System.Runtime.InteropServices;
using System.Text;
using LabApp.Core.Storage;

namespace LabApp.Core.Inference;

/// <summary>Writes embeddings as a NumPy <c>.npy</c> file (format 1.0, little-endian float32), so anyone can check them with <c>numpy.load</c>.</summary>
public static class NpyFile
{
    private static readonly byte[] Magic = [0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y', 1, 0];

    /// <summary>Writes as <see cref="OutputFile"/> does: a regular file through a temporary file moved into place only when complete.</summary>
    public static void Write(string path, EmbeddingMatrix matrix) => OutputFile.Write(path, stream => stream.Write(Bytes(matrix)));

    /// <summary>Writes as <see cref="OutputFile.WriteAsync"/> does: stopped at once when cancelled, whatever the path waits on.</summary>
    public static Task WriteAsync(string path, EmbeddingMatrix matrix, CancellationToken cancellationToken) =>
        OutputFile.WriteAsync(path, Bytes(matrix), cancellationToken);

    /// <summary>The whole <c>.npy</c> file: header, then the rows.</summary>
    public static byte[] Bytes(EmbeddingMatrix matrix)
    {
        var header = $"{{'descr': '<f4', 'fortran_order': False, 'shape': ({matrix.Count}, {matrix.Dimension}), }}";
        // Magic (6) + version (2) + length (2) + header + '\n' must be a multiple of 64 bytes.
        var padded = header.PadRight(((10 + header.Length + 1 + 63) / 64 * 64) - 10 - 1) + "\n";
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, Encoding.ASCII, leaveOpen: true))
        {
            writer.Write(Magic);
            writer.Write((ushort)padded.Length);
            writer.Write(Encoding.ASCII.GetBytes(padded));
            writer.Write(MemoryMarshal.AsBytes(matrix.Values.AsSpan()));
        }

        return stream.ToArray();
    }
}
