using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace FinOps.Core.Data.Migrations
{
    /// <inheritdoc />
    public partial class ForecastRunGenerations : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateOnly>(
                name: "as_of",
                schema: "finops",
                table: "forecast_runs",
                type: "date",
                nullable: false,
                defaultValue: new DateOnly(1, 1, 1));

            migrationBuilder.AddColumn<string>(
                name: "periods",
                schema: "finops",
                table: "forecast_runs",
                type: "jsonb",
                nullable: false,
                defaultValue: "[]");

            migrationBuilder.AddColumn<string>(
                name: "status",
                schema: "finops",
                table: "forecast_runs",
                type: "character varying(32)",
                maxLength: 32,
                nullable: false,
                defaultValue: "ok");

            migrationBuilder.CreateIndex(
                name: "ix_forecast_runs_currency_as_of",
                schema: "finops",
                table: "forecast_runs",
                columns: new[] { "currency", "as_of" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_forecast_runs_currency_as_of",
                schema: "finops",
                table: "forecast_runs");

            migrationBuilder.DropColumn(
                name: "as_of",
                schema: "finops",
                table: "forecast_runs");

            migrationBuilder.DropColumn(
                name: "periods",
                schema: "finops",
                table: "forecast_runs");

            migrationBuilder.DropColumn(
                name: "status",
                schema: "finops",
                table: "forecast_runs");
        }
    }
}
