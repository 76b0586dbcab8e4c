namespace MreRepro.Domain.Sampling;

/// <summary>A requested draw cannot be made from the data (for example more rows asked for than the file holds).</summary>
public sealed class SamplingException : Exception
{
    public SamplingException(string message)
        : base(message)
    {
    }
}
