using System.Runtime.CompilerServices;

// The ingestion benchmark times the parser and encoder alone, without a database.
[assembly: InternalsVisibleTo("FinOps.Bench")]
