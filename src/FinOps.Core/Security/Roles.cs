namespace FinOps.Core.Security;

/// <summary>Roles in increasing order of power: each includes the ones before it.</summary>
public static class Roles
{
    public const string Viewer = "viewer";
    public const string Analyst = "analyst";
    public const string Operator = "operator";
    public const string Admin = "admin";

    private static readonly string[] ordered = [Viewer, Analyst, Operator, Admin];

    public static IReadOnlyList<string> Ordered => ordered;

    public static bool IsKnown(string role) => ordered.Contains(role);

    public static int Rank(string role) => Array.IndexOf(ordered, role);

    /// <summary>The roles that satisfy a requirement of <paramref name="minimum"/>.</summary>
    public static string[] AtLeast(string minimum) => ordered[Rank(minimum)..];
}
