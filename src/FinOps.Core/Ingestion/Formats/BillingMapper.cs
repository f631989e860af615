using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;
using FinOps.Core.Ingestion.Loading;
using FinOps.Core.Ingestion.Parsing;
using FinOps.Core.Ingestion.Reading;

namespace FinOps.Core.Ingestion.Formats;

/// <summary>Receives normalized rows; a mapper may emit several per source row (GCP credits).</summary>
internal interface ILineItemSink
{
    void Emit(LineItemRow row);
}

/// <summary>
/// Maps the rows of one billing export format to FOCUS columns (<see cref="LineItemRow"/>), validating
/// as it goes: a row with any error is reported with its row number and column name and not emitted.
/// </summary>
internal abstract class BillingMapper(HeaderIndex header)
{
    private static readonly JsonWriterOptions JsonOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, SkipValidation = true };

    private readonly ArrayBufferWriter<byte> jsonBuffer = new(1024);
    private Utf8JsonWriter? jsonWriter;

    protected HeaderIndex Header { get; } = header;

    public abstract string Format { get; }

    /// <summary>Version or variant detected (FOCUS 1.0/1.1/1.2, Azure actual/amortized).</summary>
    public virtual string? FormatVersion => null;

    /// <summary>
    /// Reads only what the first pass needs: the charge period start that picks the row's monthly
    /// partition. False when absent or unparsable (the second pass reports it).
    /// </summary>
    public abstract bool TryReadChargeStart(IRowSource row, out long pgMicros);

    /// <summary>Where the first pass finds a row's scope (provider × billing account × billing period).</summary>
    protected internal record ScopeColumns(byte[]? Provider, int ProviderIndex, int AccountIndex, int AccountFallbackIndex, int PeriodIndex, int ChargeStartIndex);

    /// <summary>The columns of the scope; the first pass reads them without mapping the whole row.</summary>
    protected internal abstract ScopeColumns Scope { get; }

    /// <summary>
    /// Reads the row's scope as the mapper will set it: the provider (a constant or a column), the billing
    /// account, the billing period start (its column, else the month of the charge). False when unreadable.
    /// </summary>
    public bool TryReadScope(IRowSource row, ScopeTracker scopes)
    {
        var s = Scope;
        var provider = s.Provider ?? Value(row, s.ProviderIndex);
        var providerNull = s.Provider is null && ValueParsers.IsNull(provider);
        var account = Value(row, s.AccountIndex);
        if (ValueParsers.IsNull(account) && s.AccountFallbackIndex >= 0)
        {
            account = Value(row, s.AccountFallbackIndex);
        }
        long period;
        var raw = Value(row, s.PeriodIndex);
        if (!ValueParsers.IsNull(raw))
        {
            if (!ValueParsers.TryParseTimestamp(raw, out period))
            {
                return false;
            }
        }
        else if (TryTime(row, s.ChargeStartIndex, out var start))
        {
            period = ValueParsers.MonthStart(start);
        }
        else
        {
            return false;
        }
        scopes.Add(providerNull ? default : provider, providerNull, account, ValueParsers.IsNull(account), period);
        return true;
    }

    /// <summary>Sees every row in the first pass, for variants only the content reveals.</summary>
    public virtual void Observe(IRowSource row)
    {
    }

    /// <summary>Applies the variant the first pass found (its <see cref="FormatVersion"/>) to the second pass's mapper.</summary>
    public virtual void ApplyVariant(string? formatVersion)
    {
    }

    public abstract void Map(IRowSource source, LineItemRow row, RowErrors errors, ILineItemSink sink);

    // ---- helpers for the concrete mappers ----

    protected string Col(int index) => Header.NameOf(index);

    protected static bool IsNull(IRowSource src, int index) => index < 0 || ValueParsers.IsNull(src.Field(index));

    protected static ReadOnlySpan<byte> Value(IRowSource src, int index) => index < 0 ? default : src.Field(index);

    /// <summary>A required decimal: an error when missing or unparsable.</summary>
    protected bool RequiredDecimal(IRowSource src, int index, RowErrors errors, out decimal value)
    {
        value = 0;
        var raw = Value(src, index);
        if (index < 0 || ValueParsers.IsNull(raw))
        {
            errors.Add(Col(index), "A value is required here.");
            return false;
        }
        if (!ValueParsers.TryParseDecimal(raw, out value))
        {
            errors.Add(Col(index), $"{RowErrors.Show(raw)} is not a number.");
            return false;
        }
        return true;
    }

    /// <summary>An optional decimal: false when missing; an error when present but unparsable.</summary>
    protected bool OptionalDecimal(IRowSource src, int index, RowErrors errors, out decimal value)
    {
        value = 0;
        if (index < 0)
        {
            return false;
        }
        var raw = src.Field(index);
        if (ValueParsers.IsNull(raw))
        {
            return false;
        }
        if (!ValueParsers.TryParseDecimal(raw, out value))
        {
            errors.Add(Col(index), $"{RowErrors.Show(raw)} is not a number.");
            return false;
        }
        return true;
    }

    protected void OptionalDecimal(IRowSource src, int index, RowErrors errors, LineItemRow row, NumCol col)
    {
        if (OptionalDecimal(src, index, errors, out var value))
        {
            row.SetNum(col, value);
        }
    }

    protected bool RequiredTime(IRowSource src, int index, RowErrors errors, out long micros)
    {
        micros = 0;
        var raw = Value(src, index);
        if (index < 0 || ValueParsers.IsNull(raw))
        {
            errors.Add(Col(index), "A date/time is required here.");
            return false;
        }
        if (!ValueParsers.TryParseTimestamp(raw, out micros))
        {
            errors.Add(Col(index), $"{RowErrors.Show(raw)} is not a date/time.");
            return false;
        }
        return true;
    }

    /// <summary>Optional timestamp: false when missing; an error when present but unparsable.</summary>
    protected bool OptionalTime(IRowSource src, int index, RowErrors errors, out long micros)
    {
        micros = 0;
        if (index < 0)
        {
            return false;
        }
        var raw = src.Field(index);
        if (ValueParsers.IsNull(raw))
        {
            return false;
        }
        if (!ValueParsers.TryParseTimestamp(raw, out micros))
        {
            errors.Add(Col(index), $"{RowErrors.Show(raw)} is not a date/time.");
            return false;
        }
        return true;
    }

    protected static bool TryTime(IRowSource src, int index, out long micros)
    {
        micros = 0;
        return index >= 0 && ValueParsers.TryParseTimestamp(src.Field(index), out micros);
    }

    /// <summary>A required text value.</summary>
    protected bool RequiredText(IRowSource src, int index, RowErrors errors, LineItemRow row, TextCol col)
    {
        row.SetField(col, src, index);
        if (row[col].IsNull)
        {
            errors.Add(Col(index), "A value is required here.");
            return false;
        }
        return true;
    }

    /// <summary>Fills the billing period from the charge period's month when the file has none.</summary>
    protected static void DefaultBillingPeriod(LineItemRow row)
    {
        var start = ValueParsers.MonthStart(row.Time[(int)TimeCol.ChargePeriodStart]);
        row.Time[(int)TimeCol.BillingPeriodStart] = start;
        row.Time[(int)TimeCol.BillingPeriodEnd] = ValueParsers.FromDate(ValueParsers.MonthOf(start).AddMonths(1));
    }

    // ---- tags ----

    /// <summary>
    /// Checks that <paramref name="json"/> is a JSON object (tags as FOCUS and Azure write them); Azure's
    /// brace-less form <c>"k": "v","k2": "v2"</c> is wrapped first. Sets the Tags column or reports an error.
    /// </summary>
    protected void SetTagsJson(IRowSource src, int index, RowErrors errors, LineItemRow row)
    {
        var raw = ValueParsers.TrimSpaces(Value(src, index));
        if (index < 0 || ValueParsers.IsNull(raw) || raw.SequenceEqual("{}"u8))
        {
            return;
        }
        if (raw[0] == (byte)'{')
        {
            if (IsJsonObject(raw))
            {
                row[TextCol.Tags] = raw.Length == src.Field(index).Length ? src.FieldRef(index) : row.Copy(raw);
                return;
            }
        }
        else
        {
            var wrapped = row.Copy([(byte)'{', .. raw, (byte)'}']);
            if (IsJsonObject(wrapped.Span))
            {
                row[TextCol.Tags] = wrapped;
                return;
            }
        }
        errors.Add(Col(index), $"{RowErrors.Show(raw)} is not a JSON object of tags.");
    }

    protected static bool IsJsonObject(ReadOnlySpan<byte> json)
    {
        try
        {
            var reader = new Utf8JsonReader(json, new JsonReaderOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return false;
            }
            reader.Skip();
            return !reader.Read();
        }
        catch (JsonException)
        {
            return false;
        }
    }

    /// <summary>Starts composing a tags object (for tag columns, label arrays, maps).</summary>
    protected Utf8JsonWriter BeginTags()
    {
        jsonBuffer.ResetWrittenCount();
        if (jsonWriter is null)
        {
            jsonWriter = new Utf8JsonWriter(jsonBuffer, JsonOptions);
        }
        else
        {
            jsonWriter.Reset(jsonBuffer);
        }
        jsonWriter.WriteStartObject();
        return jsonWriter;
    }

    /// <summary>Closes the object and sets it as the row's tags, unless it is empty.</summary>
    protected void EndTags(LineItemRow row, bool any)
    {
        jsonWriter!.WriteEndObject();
        jsonWriter.Flush();
        if (any)
        {
            row[TextCol.Tags] = row.Copy(jsonBuffer.WrittenSpan);
        }
    }

    /// <summary>
    /// Adds the entries of a label list <c>[{"key":"k","value":"v"}]</c> (GCP) or of an object <c>{"k":"v"}</c>
    /// (CUR 2.0 map) to the tags being written; keys may be rewritten (prefix removed). False when not JSON.
    /// </summary>
    protected static bool AddTagEntries(Utf8JsonWriter writer, ReadOnlySpan<byte> json, Func<string, string>? key, ref bool any)
    {
        try
        {
            var reader = new Utf8JsonReader(json);
            if (!reader.Read())
            {
                return false;
            }
            if (reader.TokenType == JsonTokenType.StartObject)
            {
                while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    var name = reader.GetString()!;
                    reader.Read();
                    var value = reader.TokenType == JsonTokenType.String ? reader.GetString() : ScalarText(ref reader);
                    writer.WriteString(key is null ? name : key(name), value);
                    any = true;
                }
                return true;
            }
            if (reader.TokenType == JsonTokenType.StartArray)
            {
                while (reader.Read() && reader.TokenType == JsonTokenType.StartObject)
                {
                    string? k = null, v = null;
                    while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                    {
                        var prop = reader.GetString();
                        reader.Read();
                        var text = reader.TokenType == JsonTokenType.String ? reader.GetString() : ScalarText(ref reader);
                        if (prop == "key")
                        {
                            k = text;
                        }
                        else if (prop == "value")
                        {
                            v = text;
                        }
                    }
                    if (k is not null)
                    {
                        writer.WriteString(key is null ? k : key(k), v);
                        any = true;
                    }
                }
                return true;
            }
            return false;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static string? ScalarText(ref Utf8JsonReader reader)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.Null:
                return null;
            case JsonTokenType.StartObject or JsonTokenType.StartArray:
                using (var doc = JsonDocument.ParseValue(ref reader))
                {
                    return doc.RootElement.GetRawText();
                }
            default:
                return System.Text.Encoding.UTF8.GetString(reader.ValueSpan);
        }
    }

    /// <summary>Value of a string property inside a JSON object text (Azure AdditionalInfo, CUR 2.0 product map), or null.</summary>
    protected static string? JsonProperty(ReadOnlySpan<byte> json, ReadOnlySpan<byte> property)
    {
        if (json.IsEmpty || json.IndexOf(property) < 0)
        {
            return null;
        }
        try
        {
            var reader = new Utf8JsonReader(json);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return null;
            }
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var match = reader.ValueTextEquals(property);
                reader.Read();
                if (match && reader.TokenType == JsonTokenType.String)
                {
                    return reader.GetString();
                }
                reader.Skip();
            }
        }
        catch (JsonException)
        {
        }
        return null;
    }
}
