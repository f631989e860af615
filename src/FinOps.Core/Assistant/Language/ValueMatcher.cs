namespace FinOps.Core.Assistant.Language;

/// <summary>A vocabulary entry a phrase may name, and how well: 100 exact, 95 alias, 90 plural, 70 misspelt, 60 part of the name.</summary>
public sealed record Candidate(VocabularyEntry Entry, int Score);

/// <summary>A run of tokens that names one or more values; several distinct candidates at the best score make it ambiguous.</summary>
public sealed record ValueSpan(int Start, int Length, string Phrase, IReadOnlyList<Candidate> Candidates)
{
    public int End => Start + Length;

    public IReadOnlyList<IGrouping<string, Candidate>> Distinct => Candidates.GroupBy(c => c.Entry.Identity).ToList();
}

/// <summary>
/// Finds the phrases of a question that name values in the database: longest phrases first, exact names,
/// the names people use (EC2 → Amazon Elastic Compute Cloud), plurals, small misspellings, and a
/// distinctive part of a long name ("elastic compute"). Only values really in the data can match.
/// </summary>
public sealed class ValueMatcher
{
    private const int MaxPhraseTokens = 6;
    private readonly Dictionary<string, List<Candidate>> exact = new(StringComparer.Ordinal);
    private readonly List<(string Form, string[] Words, VocabularyEntry Entry)> forms = [];

    public ValueMatcher(Vocabulary vocabulary)
    {
        foreach (var e in vocabulary.Entries)
        {
            foreach (var f in e.Forms)
            {
                Add(f, e, 100);
            }
            foreach (var a in e.AliasForms ?? [])
            {
                Add(a, e, 95);
            }
        }
    }

    private void Add(string form, VocabularyEntry entry, int score)
    {
        if (form.Length == 0)
        {
            return;
        }
        var list = exact.TryGetValue(form, out var l) ? l : exact[form] = [];
        if (!list.Any(c => c.Entry.Identity == entry.Identity && c.Score >= score))
        {
            list.Add(new Candidate(entry, score));
        }
        forms.Add((form, form.Split(' '), entry));
    }

    /// <summary>True when the normalized phrase is exactly a name or alias of some value ("azure vms", "virtual machines").</summary>
    public bool IsExactForm(string phrase) => exact.ContainsKey(Vocabulary.NormalizeForm(phrase));

    public List<ValueSpan> Match(List<Token> tokens)
    {
        var spans = new List<ValueSpan>();
        var claimed = new bool[tokens.Count];
        for (var n = Math.Min(MaxPhraseTokens, tokens.Count); n >= 1; n--)
        {
            for (var start = 0; start + n <= tokens.Count; start++)
            {
                if (Enumerable.Range(start, n).Any(k => tokens[k].Consumed || claimed[k] || tokens[k].Kind is TokenKind.Symbol or TokenKind.Money or TokenKind.Percent))
                {
                    continue;
                }
                var words = tokens.GetRange(start, n);
                if (n > 1 && (IsJoiner(words[0]) || IsJoiner(words[^1])))
                {
                    continue;
                }
                var phrase = Vocabulary.NormalizeForm(string.Join(' ', words.Select(w => w.Text)));
                if (phrase.Length == 0)
                {
                    continue;
                }
                var allFillers = words.All(w => Lexicon.Fillers.Contains(w.Text));
                if (n == 1 && allFillers)
                {
                    continue;
                }
                var candidates = Lookup(phrase, words, allFillers);
                if (candidates.Count == 0)
                {
                    continue;
                }
                for (var k = start; k < start + n; k++)
                {
                    claimed[k] = true;
                }
                spans.Add(new ValueSpan(start, n, phrase, candidates));
            }
        }
        return spans.OrderBy(s => s.Start).ToList();
    }

    private static bool IsJoiner(Token t) => t.IsAny("the", "of", "in", "on", "for", "and", "by", "to", "at", "with", "or", "a", "an", "vs", "from");

    private List<Candidate> Lookup(string phrase, List<Token> words, bool allFillers)
    {
        if (exact.TryGetValue(phrase, out var hits))
        {
            return Best(hits);
        }
        var singular = string.Join(' ', phrase.Split(' ').Select(Lexicon.Singular));
        if (singular != phrase && exact.TryGetValue(singular, out hits))
        {
            return Best(hits.Select(c => c with { Score = Math.Min(c.Score, 90) }));
        }
        if (allFillers)
        {
            return [];
        }
        var phraseWords = phrase.Split(' ');
        if (phrase.Length >= 5 && words.Count <= 3)
        {
            var maxDistance = phrase.Length >= 9 ? 2 : 1;
            var fuzzy = forms
                .Where(f => f.Form[0] == phrase[0] && Math.Abs(f.Form.Length - phrase.Length) <= maxDistance && Distance(f.Form, phrase) <= maxDistance)
                .Select(f => new Candidate(f.Entry, 70))
                .ToList();
            if (fuzzy.Count > 0)
            {
                return Best(fuzzy);
            }
        }
        // A distinctive part of a longer name: "elastic compute", "dynamodb", "production".
        if (phrase.Length >= 4 && phraseWords.Any(w => !Lexicon.Generic.Contains(w) && !Lexicon.Fillers.Contains(w)))
        {
            var partial = forms
                .Where(f => f.Entry.Dimension is Dimension.Service or Dimension.SubAccount or Dimension.Region && f.Words.Length > phraseWords.Length
                    && ContainsRun(f.Words, phraseWords))
                .Select(f => new Candidate(f.Entry, 60))
                .ToList();
            if (partial.Count > 0)
            {
                return Best(partial);
            }
        }
        return [];
    }

    private static List<Candidate> Best(IEnumerable<Candidate> candidates)
    {
        var list = candidates.ToList();
        var top = list.Max(c => c.Score);
        return list.Where(c => c.Score == top).GroupBy(c => c.Entry.Identity).Select(g => g.First()).ToList();
    }

    private static bool ContainsRun(string[] haystack, string[] needle)
    {
        for (var i = 0; i + needle.Length <= haystack.Length; i++)
        {
            var ok = true;
            for (var j = 0; j < needle.Length && ok; j++)
            {
                ok = haystack[i + j] == needle[j];
            }
            if (ok)
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>Optimal string alignment distance (Levenshtein with transpositions).</summary>
    internal static int Distance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++)
        {
            d[i, 0] = i;
        }
        for (var j = 0; j <= b.Length; j++)
        {
            d[0, j] = j;
        }
        for (var i = 1; i <= a.Length; i++)
        {
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
                }
            }
        }
        return d[a.Length, b.Length];
    }
}
