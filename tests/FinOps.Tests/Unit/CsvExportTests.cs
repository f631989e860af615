using FinOps.Core.Costs;

namespace FinOps.Tests.Unit;

public sealed class CsvExportTests
{
    [Theory]
    [InlineData("=HYPERLINK(\"http://evil\")", "\"'=HYPERLINK(\"\"http://evil\"\")\"")]
    [InlineData("+cmd", "'+cmd")]
    [InlineData("@SUM(A1)", "'@SUM(A1)")]
    [InlineData("-2+3", "'-2+3")]
    [InlineData("Amazon EC2", "Amazon EC2")]
    [InlineData("a,b", "\"a,b\"")]
    public void Text_cells_are_quoted_and_formulas_defused(string value, string expected) =>
        Assert.Equal(expected, CostQueries.Csv(value));
}
