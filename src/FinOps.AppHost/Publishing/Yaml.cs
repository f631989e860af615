using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace FinOps.AppHost.Publishing;

/// <summary>Small helpers for hand-written YAML: every string scalar is double-quoted (JSON escaping is valid YAML).</summary>
internal static class Yaml
{
    private static readonly JsonSerializerOptions Json = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string Quote(string value) => JsonSerializer.Serialize(value, Json);

    public static string List(IEnumerable<string> values) => "[" + string.Join(", ", values.Select(Quote)) + "]";

    /// <summary>Writes files with LF line ends and no BOM, so regenerating gives identical bytes on every machine.</summary>
    public static void WriteFile(string path, string content)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content.Replace("\r\n", "\n", StringComparison.Ordinal), new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
    }

    /// <summary>Copies the files of a folder (sorted, recursively), with the same line-end normalization.</summary>
    public static IReadOnlyList<string> CopyDirectory(string source, string destination, Func<string, bool>? include = null)
    {
        var copied = new List<string>();
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var relative = Path.GetRelativePath(source, file).Replace('\\', '/');
            if (include is not null && !include(relative))
            {
                continue;
            }
            WriteFile(Path.Combine(destination, relative), File.ReadAllText(file));
            copied.Add(relative);
        }
        return copied;
    }
}

internal static class StringBuilderExtensions
{
    /// <summary>Appends a line with LF, whatever the platform.</summary>
    public static StringBuilder Line(this StringBuilder sb, string text = "") => sb.Append(text).Append('\n');
}
