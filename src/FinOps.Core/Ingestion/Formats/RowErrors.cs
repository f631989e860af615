using System.Text;

namespace FinOps.Core.Ingestion.Formats;

/// <summary>Collects validation errors: counts every rejected row, keeps the first <see cref="MaxKept"/> in detail.</summary>
internal sealed class RowErrors(int maxKept = 100)
{
    private readonly List<IngestionError> kept = [];
    private long row;
    private long line;

    public int MaxKept { get; } = maxKept;
    public long RejectedRows { get; private set; }
    public bool CurrentRowFailed { get; private set; }
    public IReadOnlyList<IngestionError> Kept => kept;

    public void BeginRow(long rowNumber, long lineNumber)
    {
        row = rowNumber;
        line = lineNumber;
        CurrentRowFailed = false;
    }

    public void Add(string? column, string message)
    {
        if (!CurrentRowFailed)
        {
            CurrentRowFailed = true;
            RejectedRows++;
        }
        if (kept.Count < MaxKept)
        {
            kept.Add(new IngestionError(row, column, message, line != row ? line : null));
        }
    }

    /// <summary>A value quoted for a message: printable, at most 60 characters.</summary>
    public static string Show(ReadOnlySpan<byte> value)
    {
        var text = Encoding.UTF8.GetString(value.Length > 240 ? value[..240] : value);
        var sb = new StringBuilder(Math.Min(text.Length, 64) + 2);
        sb.Append('\'');
        foreach (var c in text)
        {
            if (sb.Length > 60)
            {
                sb.Append('…');
                break;
            }
            sb.Append(char.IsControl(c) ? '?' : c);
        }
        sb.Append('\'');
        return sb.ToString();
    }
}
