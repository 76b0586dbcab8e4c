using System.Security.Cryptography;

namespace MreRepro.Pipeline.Hashing;

/// <summary>DVC 3.x file hashing: plain MD5 of the raw bytes, lowercase hex; and the legacy 2.x md5-dos2unix.</summary>
public static class FileHasher
{
    private const int ChunkSize = 1 << 20;

    public static string Md5(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, ChunkSize);
        return Convert.ToHexStringLower(MD5.HashData(stream));
    }

    public static string Md5(ReadOnlySpan<byte> bytes) => Convert.ToHexStringLower(MD5.HashData(bytes));

    /// <summary>DVC 2.x `md5-dos2unix`: per 1 MiB chunk, CRLF becomes LF when the chunk's first 512 bytes look like text.</summary>
    public static string Dos2UnixMd5(string path)
    {
        using var md5 = IncrementalHash.CreateHash(HashAlgorithmName.MD5);
        using var stream = File.OpenRead(path);
        var buffer = new byte[ChunkSize];
        int read;
        while ((read = stream.ReadAtLeast(buffer, ChunkSize, throwOnEndOfStream: false)) > 0)
        {
            var chunk = buffer.AsSpan(0, read);
            if (IsTextBlock(chunk[..Math.Min(512, chunk.Length)]))
            {
                var converted = new List<byte>(chunk.Length);
                for (var i = 0; i < chunk.Length; i++)
                {
                    if (chunk[i] == (byte)'\r' && i + 1 < chunk.Length && chunk[i + 1] == (byte)'\n')
                    {
                        continue;
                    }
                    converted.Add(chunk[i]);
                }
                md5.AppendData(converted.ToArray());
            }
            else
            {
                md5.AppendData(chunk);
            }
        }
        return Convert.ToHexStringLower(md5.GetHashAndReset());
    }

    /// <summary>dvc_data's istextblock: empty is text; a NUL is binary; else text when at most 30% of bytes are non-text.</summary>
    public static bool IsTextBlock(ReadOnlySpan<byte> block)
    {
        if (block.Length == 0)
        {
            return true;
        }
        if (block.Contains((byte)0))
        {
            return false;
        }
        var nonText = 0;
        foreach (var b in block)
        {
            var text = (b >= 32 && b <= 126) || b is (byte)'\n' or (byte)'\r' or (byte)'\t' or (byte)'\f' or (byte)'\b';
            if (!text)
            {
                nonText++;
            }
        }
        return nonText <= block.Length * 0.30;
    }
}
