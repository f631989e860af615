using System.ComponentModel.DataAnnotations;

namespace FinOps.Core.Savings;

/// <summary>Windows the savings tracker compares (section <c>Savings</c>).</summary>
public sealed class SavingsOptions
{
    public const string Section = "Savings";

    /// <summary>Whole days before the day of the change.</summary>
    [Range(1, 93)]
    public int BaselineDays { get; set; } = 14;

    /// <summary>Whole days after the day of the change; the saving is validated once they are all billed.</summary>
    [Range(1, 93)]
    public int PostDays { get; set; } = 14;

    /// <summary>An applied recommendation with no bills this many days after its post window expires unvalidated.</summary>
    [Range(1, 365)]
    public int GraceDays { get; set; } = 30;
}
