namespace Tractatus.TestIsolation.SharedState;

/// <summary>
/// The real path of a state file: every link along the way resolved (the way the OS resolves it, so
/// <c>link/../x</c> is the parent of the link's target), missing parts kept as written. Every path that names one
/// file gives one result, so all of them take one lock, and an update replaces the link's target, not the link.
/// </summary>
internal static class StateFilePath
{
    // As many links as Linux follows in one lookup before ELOOP.
    private const int MaxLinks = 40;

    /// <exception cref="ArgumentException">The path is null, empty or blank.</exception>
    /// <exception cref="IOException">The path goes through a loop of links, or is a directory.</exception>
    internal static string Resolve(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var absolute = Path.IsPathFullyQualified(path) ? path : Path.Combine(Directory.GetCurrentDirectory(), path);
        var linksLeft = MaxLinks;
        var real = ResolveAbsolute(absolute, path, ref linksLeft);
        if (Directory.Exists(real))
        {
            throw new IOException($"The shared state file '{path}'{(real == path ? string.Empty : $" ('{real}')")} is a directory, not a file. Pass the path of a file inside it (for example '{Path.Combine(real, "state.json")}'), or remove the directory.");
        }

        return real;
    }

    private static string ResolveAbsolute(string absolute, string asGiven, ref int linksLeft)
    {
        var root = Path.GetPathRoot(absolute)!;
        var current = root;
        var parts = absolute[root.Length..].Split([Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar], StringSplitOptions.RemoveEmptyEntries);
        foreach (var part in parts)
        {
            if (part == ".")
            {
                continue;
            }

            if (part == "..")
            {
                // current is already real, so its lexical parent is the parent the OS would use.
                current = Path.GetDirectoryName(current) ?? root;
                continue;
            }

            var next = Path.Combine(current, part);
            var target = LinkTargetOrNull(next);
            if (target is null)
            {
                current = next;
                continue;
            }

            if (--linksLeft < 0)
            {
                throw new IOException($"The shared state file path '{asGiven}' goes through more than {MaxLinks} symbolic links (a loop?) at '{next}'. Fix the links.");
            }

            current = ResolveAbsolute(Path.IsPathFullyQualified(target) ? target : Path.Combine(current, target), asGiven, ref linksLeft);
        }

        return current;
    }

    private static string? LinkTargetOrNull(string path)
    {
        try
        {
            return new FileInfo(path).LinkTarget;
        }
        catch (IOException)
        {
            return null; // a parent that is not a folder: the open that follows reports it
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }
}
