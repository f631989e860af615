// The Assistant: ask cost questions in plain English; each answer comes with what was understood,
// a table, a chart and the SQL that produced it.
import { useEffect, useMemo, useRef, useState, type FormEvent } from 'react';
import { useMutation } from '@tanstack/react-query';
import { api, ApiError, type AssistantAnswer, type AssistantCell } from '../../api';
import { EChart, type ChartOption } from '../../components/EChart';
import { Card, PageHeader } from '../../components/PageHeader';
import { Spinner } from '../../components/States';
import { EMPTY_VALUE, formatMoney, formatNumber } from '../../lib/format';
import { buildAssistantChart, isMoneyColumn, columnLabel } from './assistantChart';

export const SUGGESTED_QUESTIONS = [
  'What did we spend on EC2 last month by account?',
  'Which services grew most week over week?',
  'Top 3 services by cost last month',
  'Daily cost over the last 14 days',
  'Cost by team last month',
  'Show open anomalies over $500',
  "What's the forecast for the end of the month?",
  'Top 5 idle instances by savings',
];

interface Turn {
  id: number;
  question: string;
  answer?: AssistantAnswer;
  error?: unknown;
}

const MAX_LENGTH = 500;

export default function AssistantPage() {
  const [question, setQuestion] = useState('');
  const [turns, setTurns] = useState<Turn[]>([]);
  const nextId = useRef(1);
  const bottom = useRef<HTMLDivElement>(null);

  const ask = useMutation({
    mutationFn: ({ text }: { id: number; text: string }) => api.assistant.ask(text),
    onSuccess: (answer, { id }) => setTurns((all) => all.map((t) => (t.id === id ? { ...t, answer } : t))),
    onError: (error, { id }) => setTurns((all) => all.map((t) => (t.id === id ? { ...t, error } : t))),
  });

  useEffect(() => {
    bottom.current?.scrollIntoView?.({ block: 'end', behavior: 'smooth' });
  }, [turns]);

  function submit(text: string) {
    const trimmed = text.trim();
    if (!trimmed || ask.isPending) return;
    const id = nextId.current++;
    setTurns((all) => [...all, { id, question: trimmed }]);
    setQuestion('');
    ask.mutate({ id, text: trimmed });
  }

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    submit(question);
  }

  return (
    <div className="page assistant-page">
      <PageHeader
        title="Assistant"
        description="Ask about costs, anomalies, recommendations, forecasts and savings in plain English. Every answer shows how the question was read and the SQL that ran; it never changes data."
      />
      <div className="assistant-conversation" aria-live="polite" data-testid="assistant-conversation">
        {turns.length === 0 ? (
          <Card title="Try a question">
            <SuggestionChips questions={SUGGESTED_QUESTIONS} onPick={submit} disabled={ask.isPending} />
          </Card>
        ) : (
          turns.map((turn) => <TurnView key={turn.id} turn={turn} onPick={submit} busy={ask.isPending} />)
        )}
        <div ref={bottom} />
      </div>
      <form className="assistant-form card" onSubmit={onSubmit}>
        <label className="sr-only" htmlFor="assistant-question">
          Your question
        </label>
        <input
          id="assistant-question"
          data-testid="assistant-input"
          value={question}
          maxLength={MAX_LENGTH}
          autoComplete="off"
          placeholder="e.g. How much did acme-staging spend on S3 in August?"
          onChange={(e) => setQuestion(e.target.value)}
        />
        <button type="submit" className="btn btn-primary" data-testid="assistant-ask" disabled={!question.trim() || ask.isPending}>
          {ask.isPending ? <Spinner label="Thinking…" /> : 'Ask'}
        </button>
      </form>
    </div>
  );
}

function SuggestionChips({ questions, onPick, disabled }: { questions: string[]; onPick: (q: string) => void; disabled?: boolean }) {
  return (
    <div className="chips" data-testid="assistant-suggestions">
      {questions.map((q) => (
        <button key={q} type="button" className="chip" onClick={() => onPick(q)} disabled={disabled}>
          {q}
        </button>
      ))}
    </div>
  );
}

function TurnView({ turn, onPick, busy }: { turn: Turn; onPick: (q: string) => void; busy: boolean }) {
  return (
    <div className="assistant-turn" data-testid="assistant-turn">
      <div className="assistant-question">{turn.question}</div>
      {turn.answer ? (
        <AnswerView answer={turn.answer} onPick={onPick} busy={busy} />
      ) : turn.error ? (
        <div className="alert alert-error" role="alert" data-testid="assistant-error">
          {turn.error instanceof ApiError ? turn.error.message : 'The assistant could not be reached.'}
        </div>
      ) : (
        <Spinner label="Reading the question…" />
      )}
    </div>
  );
}

function AnswerView({ answer, onPick, busy }: { answer: AssistantAnswer; onPick: (q: string) => void; busy: boolean }) {
  const currency = answer.understood.currency ?? answer.chart?.unit ?? 'USD';
  return (
    <Card className={`assistant-answer assistant-${answer.kind}`} testId="assistant-answer">
      <p className="assistant-answer-text" data-testid="assistant-answer-text">
        {answer.answer}
      </p>
      {answer.kind === 'answer' ? <Understood answer={answer} /> : null}
      {answer.kind === 'clarification' && answer.suggestions.length > 0 ? (
        <ul className="assistant-options">
          {answer.suggestions.map((s) => (
            <li key={s}>{s}</li>
          ))}
        </ul>
      ) : null}
      {answer.kind === 'unsupported' ? <SuggestionChips questions={answer.suggestions} onPick={onPick} disabled={busy} /> : null}
      {answer.kind === 'answer' && answer.chart && answer.rows.length > 1 ? <AnswerChart answer={answer} currency={currency} /> : null}
      {answer.kind === 'answer' && answer.columns.length > 0 ? <ResultTable answer={answer} currency={currency} /> : null}
      {answer.sql ? (
        <details className="assistant-sql" data-testid="assistant-sql">
          <summary>SQL that ran</summary>
          <pre className="mono">{answer.sql}</pre>
        </details>
      ) : null}
    </Card>
  );
}

function Understood({ answer }: { answer: AssistantAnswer }) {
  const u = answer.understood;
  return (
    <div className="assistant-understood" data-testid="assistant-understood">
      <div className="small">
        <span className="strong">Understood as: </span>
        {u.summary}
        {u.source === 'llm' ? <span className="badge badge-warning">language model</span> : null}
      </div>
      {(u.filters?.length ?? 0) > 0 ? (
        <div className="small muted">
          {u.filters!.map((f) => (
            <span key={`${f.dimension}-${f.tagKey ?? ''}`} className="assistant-reading">
              “{f.matchedFrom}” → {f.dimension === 'tag' ? `tag ${f.tagKey}` : f.dimension.replace('_', ' ')}: {f.values.join(', ') || 'any'}
            </span>
          ))}
        </div>
      ) : null}
      {(u.assumptions?.length ?? 0) > 0 ? <div className="small muted">Assumed: {u.assumptions!.join(' ')}</div> : null}
    </div>
  );
}

function AnswerChart({ answer, currency }: { answer: AssistantAnswer; currency: string }) {
  const option: ChartOption | null = useMemo(() => buildAssistantChart(answer, currency), [answer, currency]);
  if (!option) return null;
  return (
    <div data-testid="chart-assistant" className="assistant-chart">
      <EChart option={option} height={280} ariaLabel={`Chart: ${answer.understood.summary}`} />
    </div>
  );
}

function formatCell(value: AssistantCell, column: string, currency: string): string {
  if (value === null || value === undefined) return EMPTY_VALUE;
  if (typeof value === 'number') {
    if (isMoneyColumn(column)) return formatMoney(value, currency);
    if (column === 'change_pct' || column === 'impact_percent') return `${formatNumber(value, { maximumFractionDigits: 1 })}%`;
    return formatNumber(value, { maximumFractionDigits: 2 });
  }
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  return value;
}

function ResultTable({ answer, currency }: { answer: AssistantAnswer; currency: string }) {
  if (answer.rows.length === 0) return <div className="muted small">No rows.</div>;
  return (
    <div className="table-wrap">
      <table className="table table-dense" data-testid="assistant-table">
        <thead>
          <tr>
            {answer.columns.map((c) => (
              <th key={c} className={typeof answer.rows[0]?.[answer.columns.indexOf(c)] === 'number' ? 'num' : undefined}>
                {columnLabel(c)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {answer.rows.map((row, i) => (
            <tr key={i}>
              {row.map((cell, j) => (
                <td key={j} className={typeof cell === 'number' ? 'num' : undefined}>
                  {formatCell(cell, answer.columns[j] ?? '', currency)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
      {answer.truncated ? <div className="muted small">Only the first {answer.rows.length} rows are shown.</div> : null}
    </div>
  );
}
