using System.Text;

namespace Tractatus.TestIsolation.Tool.Settings;

/// <summary>
/// A writer that masks secrets in everything written through it, line by line: the last line of defence,
/// behind redacting each message where it is made.
/// </summary>
internal sealed class RedactingTextWriter(TextWriter inner, SecretRedactor redactor) : TextWriter
{
    private readonly StringBuilder _line = new();

    /// <inheritdoc />
    public override Encoding Encoding => inner.Encoding;

    /// <inheritdoc />
    public override void Write(char value)
    {
        lock (_line)
        {
            _line.Append(value);
            if (value == '\n')
            {
                FlushLine();
            }
        }
    }

    /// <inheritdoc />
    public override void Write(string? value)
    {
        if (value is null)
        {
            return;
        }

        lock (_line)
        {
            _line.Append(value);
            if (value.Contains('\n', StringComparison.Ordinal))
            {
                FlushLine();
            }
        }
    }

    /// <inheritdoc />
    public override void Write(char[] buffer, int index, int count) => Write(new string(buffer, index, count));

    /// <inheritdoc />
    public override void Flush()
    {
        lock (_line)
        {
            FlushLine();
            inner.Flush();
        }
    }

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            Flush();
        }

        base.Dispose(disposing);
    }

    private void FlushLine()
    {
        if (_line.Length == 0)
        {
            return;
        }

        inner.Write(redactor.Redact(_line.ToString()));
        _line.Clear();
    }
}
