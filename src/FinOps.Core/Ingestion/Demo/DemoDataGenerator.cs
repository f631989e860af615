namespace FinOps.Core.Ingestion.Demo;

public sealed class DemoDataGenerator
{
}
