// The one typed client of the FinOps API. Every request carries `Authorization: Bearer <key>`;
// every failure becomes an ApiError built from the RFC 7807 problem details the API returns.
import type {
  Account,
  AssistantAnswer,
  AccountInput,
  AlertSubscription,
  AlertSubscriptionInput,
  AnomalyDetail,
  AnomalyFeedback,
  AnomalyPage,
  AnomalyQuery,
  AnomalySummary,
  Anomaly,
  ApiKey,
  ApiKeyInput,
  CatalogQuery,
  CatalogSummary,
  CostBreakdown,
  CostQuery,
  CostSummary,
  CostTimeseries,
  CreatedApiKey,
  ForecastModels,
  ForecastScopeQuery,
  MonthEndForecast,
  ScopeForecast,
  Ingestion,
  IngestionFormat,
  InstanceTypeRow,
  Job,
  Me,
  Paged,
  ProblemDetails,
  Recommendation,
  RecommendationPage,
  RecommendationQuery,
  SavingsRow,
  SavingsSummary,
  SystemStatus,
  TriggeredJob,
} from './types';

export type * from './types';
export { ANOMALY_SEVERITIES, ANOMALY_STATUSES, GROUP_BY_OPTIONS, INGESTION_FORMATS, METRIC_OPTIONS, RECOMMENDATION_STATUSES, RECOMMENDATION_TYPES, ROLES } from './types';

const FALLBACK_TITLES: Record<number, string> = {
  0: 'The API could not be reached',
  400: 'The request was not valid',
  401: 'Your API key was not accepted',
  403: 'Your role does not allow this action',
  404: 'Not found',
  409: 'This conflicts with existing data',
  413: 'The file is too large',
  415: 'The file type is not supported',
  429: 'Too many requests; try again shortly',
  500: 'The API failed to handle the request',
  502: 'The API is unavailable',
  503: 'The API is unavailable',
  504: 'The API did not answer in time',
};

/** A failed API call: HTTP status plus the problem details the API sent (or ones made up from the status). */
export class ApiError extends Error {
  readonly status: number;
  readonly problem: ProblemDetails;

  constructor(problem: ProblemDetails) {
    super(describeProblem(problem));
    this.name = 'ApiError';
    this.status = problem.status ?? 0;
    this.problem = problem;
  }

  /** Validation messages per field, with field names as the API spells them. */
  get fieldErrors(): Record<string, string[]> {
    return this.problem.errors ?? {};
  }

  /** Messages for one form field; ASP.NET may send `Name`, `name` or `$.name`. */
  errorsFor(field: string): string[] {
    const wanted = field.toLowerCase();
    return Object.entries(this.fieldErrors)
      .filter(([key]) => key.replace(/^\$\./, '').toLowerCase() === wanted)
      .flatMap(([, messages]) => messages);
  }
}

/** A one-paragraph, human-readable summary of a problem: title, detail and field errors. */
export function describeProblem(problem: ProblemDetails): string {
  const status = problem.status ?? 0;
  const title = problem.title?.trim() || FALLBACK_TITLES[status] || `Request failed (HTTP ${status})`;
  const parts = [title];
  const detail = problem.detail?.trim();
  if (detail && detail !== title) parts.push(detail);
  for (const [field, messages] of Object.entries(problem.errors ?? {})) {
    for (const message of messages) {
      parts.push(field ? `${field.replace(/^\$\./, '')}: ${message}` : message);
    }
  }
  return parts.map((p) => (/[.!?]$/.test(p) ? p : `${p}.`)).join(' ');
}

/**
 * Builds problem details from any error response: the API's own JSON body when there is one
 * (application/problem+json or application/json), otherwise a title from the status and the
 * body text as detail (e.g. a proxy's HTML error page is reduced to nothing useful and dropped).
 */
export function parseProblem(status: number, statusText: string, contentType: string | null, body: string): ProblemDetails {
  if (contentType && /json/i.test(contentType) && body.trim()) {
    try {
      const parsed: unknown = JSON.parse(body);
      if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) {
        const problem = parsed as ProblemDetails;
        return { ...problem, status: typeof problem.status === 'number' ? problem.status : status };
      }
    } catch {
      // Not JSON after all: fall through to the plain-text treatment.
    }
  }
  const text = contentType && /html/i.test(contentType) ? '' : body.trim().slice(0, 500);
  return {
    status,
    title: FALLBACK_TITLES[status] ?? (statusText || `Request failed (HTTP ${status})`),
    ...(text ? { detail: text } : {}),
  };
}

type QueryValue = string | number | boolean | null | undefined;

/** `?a=1&b=x` from an object, leaving out empty values; '' when nothing is left. */
export function buildQuery(params: object | undefined): string {
  if (!params) return '';
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params as Record<string, QueryValue>)) {
    if (value === undefined || value === null) continue;
    const text = typeof value === 'string' ? value.trim() : String(value);
    if (text !== '') search.append(key, text);
  }
  const query = search.toString();
  return query ? `?${query}` : '';
}

/** The file name of a Content-Disposition header (RFC 6266, `filename*` preferred), if any. */
export function fileNameFromContentDisposition(header: string | null): string | null {
  if (!header) return null;
  const extended = /filename\*\s*=\s*(?:UTF-8|utf-8)''([^;]+)/.exec(header);
  if (extended?.[1]) {
    try {
      return decodeURIComponent(extended[1].trim().replace(/^"|"$/g, ''));
    } catch {
      // Malformed escape: try the plain parameter.
    }
  }
  const plain = /filename\s*=\s*("([^"]*)"|[^;]+)/.exec(header);
  const name = plain?.[2] ?? plain?.[1];
  return name ? name.trim() : null;
}

export interface ApiClientOptions {
  /** Prefix of every path; '' when the UI and the API share an origin (the usual case). */
  baseUrl?: string;
  /** The signed-in user's API key, read on every call. */
  getKey: () => string | null;
  /** Called when the stored key is refused (401): the UI sends the user back to sign-in. */
  onUnauthorized?: () => void;
  fetch?: typeof fetch;
  /** Creates the XMLHttpRequest used for uploads with progress (replaceable in tests). */
  createXhr?: () => XMLHttpRequest;
}

interface RequestOptions {
  query?: object;
  body?: unknown;
  signal?: AbortSignal;
  /** Use this key instead of the stored one, and don't treat a 401 as "signed out" (sign-in check). */
  key?: string;
}

export interface UploadOptions {
  format?: IngestionFormat;
  onProgress?: (fraction: number) => void;
  signal?: AbortSignal;
}

export type ApiClient = ReturnType<typeof createApiClient>;

export function createApiClient(options: ApiClientOptions) {
  const baseUrl = (options.baseUrl ?? '').replace(/\/$/, '');
  const doFetch = options.fetch ?? ((input: RequestInfo | URL, init?: RequestInit) => fetch(input, init));
  const url = (path: string, query?: object) => `${baseUrl}/api/v1${path}${buildQuery(query)}`;

  function authHeaders(key: string | undefined): Record<string, string> {
    const token = key ?? options.getKey();
    return token ? { Authorization: `Bearer ${token}` } : {};
  }

  async function send(method: string, path: string, request: RequestOptions = {}, accept = 'application/json'): Promise<Response> {
    const headers: Record<string, string> = { Accept: `${accept}, application/problem+json`, ...authHeaders(request.key) };
    let body: BodyInit | undefined;
    if (request.body !== undefined) {
      headers['Content-Type'] = 'application/json';
      body = JSON.stringify(request.body);
    }
    let response: Response;
    try {
      response = await doFetch(url(path, request.query), { method, headers, body, signal: request.signal });
    } catch (error) {
      if (error instanceof DOMException && error.name === 'AbortError') throw error;
      throw new ApiError({ status: 0, title: FALLBACK_TITLES[0], detail: error instanceof Error ? error.message : undefined });
    }
    if (!response.ok) {
      const text = await response.text().catch(() => '');
      const problem = parseProblem(response.status, response.statusText, response.headers.get('Content-Type'), text);
      if (response.status === 401 && request.key === undefined) options.onUnauthorized?.();
      throw new ApiError(problem);
    }
    return response;
  }

  async function json<T>(method: string, path: string, request?: RequestOptions): Promise<T> {
    const response = await send(method, path, request);
    if (response.status === 204) return undefined as T;
    const text = await response.text();
    return (text ? JSON.parse(text) : undefined) as T;
  }

  function upload(file: File, uploadOptions: UploadOptions = {}): Promise<Ingestion> {
    const form = new FormData();
    form.append('file', file, file.name);
    if (uploadOptions.format && uploadOptions.format !== 'auto') form.append('format', uploadOptions.format);

    return new Promise<Ingestion>((resolve, reject) => {
      const xhr = options.createXhr ? options.createXhr() : new XMLHttpRequest();
      xhr.open('POST', url('/ingestions'));
      xhr.setRequestHeader('Accept', 'application/json, application/problem+json');
      for (const [name, value] of Object.entries(authHeaders(undefined))) xhr.setRequestHeader(name, value);
      xhr.upload.onprogress = (event) => {
        if (event.lengthComputable && event.total > 0) uploadOptions.onProgress?.(event.loaded / event.total);
      };
      xhr.onload = () => {
        if (xhr.status >= 200 && xhr.status < 300) {
          uploadOptions.onProgress?.(1);
          try {
            resolve(JSON.parse(xhr.responseText) as Ingestion);
          } catch {
            reject(new ApiError({ status: xhr.status, title: 'The API answered with something that is not JSON' }));
          }
          return;
        }
        if (xhr.status === 401) options.onUnauthorized?.();
        reject(new ApiError(parseProblem(xhr.status, xhr.statusText, xhr.getResponseHeader('Content-Type'), xhr.responseText)));
      };
      xhr.onerror = () => reject(new ApiError({ status: 0, title: FALLBACK_TITLES[0] }));
      xhr.onabort = () => reject(new DOMException('Upload cancelled', 'AbortError'));
      uploadOptions.signal?.addEventListener('abort', () => xhr.abort(), { once: true });
      xhr.send(form);
    });
  }

  return {
    /** Who the key belongs to; pass `key` to check a key before storing it. */
    me: (key?: string, signal?: AbortSignal) => json<Me>('GET', '/me', { key, signal }),
    systemStatus: (signal?: AbortSignal) => json<SystemStatus>('GET', '/system/status', { signal }),

    accounts: {
      list: (signal?: AbortSignal) => json<Account[]>('GET', '/accounts', { signal }),
      get: (id: Account['id'], signal?: AbortSignal) => json<Account>('GET', `/accounts/${encodeURIComponent(id)}`, { signal }),
      create: (input: AccountInput) => json<Account>('POST', '/accounts', { body: input }),
      update: (id: Account['id'], input: AccountInput) => json<Account>('PUT', `/accounts/${encodeURIComponent(id)}`, { body: input }),
      remove: (id: Account['id']) => json<void>('DELETE', `/accounts/${encodeURIComponent(id)}`),
    },

    apiKeys: {
      list: (signal?: AbortSignal) => json<ApiKey[]>('GET', '/apikeys', { signal }),
      create: (input: ApiKeyInput) => json<CreatedApiKey>('POST', '/apikeys', { body: input }),
      revoke: (id: ApiKey['id']) => json<void>('DELETE', `/apikeys/${encodeURIComponent(id)}`),
    },

    costs: {
      summary: (signal?: AbortSignal) => json<CostSummary>('GET', '/costs/summary', { signal }),
      timeseries: (query: CostQuery, signal?: AbortSignal) => json<CostTimeseries>('GET', '/costs/timeseries', { query, signal }),
      breakdown: (query: CostQuery, signal?: AbortSignal) => json<CostBreakdown>('GET', '/costs/breakdown', { query, signal }),
      /** The CSV export as a blob, with the server's file name when it sends one. */
      exportCsv: async (query: CostQuery): Promise<{ blob: Blob; fileName: string }> => {
        const response = await send('GET', '/costs/export', { query }, 'text/csv');
        const fileName =
          fileNameFromContentDisposition(response.headers.get('Content-Disposition')) ?? `costs_${query.from}_${query.to}.csv`;
        return { blob: await response.blob(), fileName };
      },
    },

    forecasts: {
      scope: (query: ForecastScopeQuery, signal?: AbortSignal) => json<ScopeForecast>('GET', '/forecasts', { query, signal }),
      monthEnd: (currency?: string, signal?: AbortSignal) => json<MonthEndForecast>('GET', '/forecasts/month-end', { query: { currency }, signal }),
      models: (currency?: string, signal?: AbortSignal) => json<ForecastModels>('GET', '/forecasts/models', { query: { currency }, signal }),
    },

    ingestions: {
      list: (limit = 50, signal?: AbortSignal) => json<Ingestion[]>('GET', '/ingestions', { query: { limit }, signal }),
      get: (id: Ingestion['id'], signal?: AbortSignal) => json<Ingestion>('GET', `/ingestions/${encodeURIComponent(id)}`, { signal }),
      upload,
    },

    catalog: {
      instances: (query: CatalogQuery, signal?: AbortSignal) => json<Paged<InstanceTypeRow>>('GET', '/catalog/instances', { query, signal }),
      summary: (signal?: AbortSignal) => json<CatalogSummary>('GET', '/catalog/summary', { signal }),
    },

    recommendations: {
      list: (query: RecommendationQuery, signal?: AbortSignal) => json<RecommendationPage>('GET', '/recommendations', { query, signal }),
      get: (id: string, signal?: AbortSignal) => json<Recommendation>('GET', `/recommendations/${encodeURIComponent(id)}`, { signal }),
      accept: (id: string) => json<Recommendation>('POST', `/recommendations/${encodeURIComponent(id)}/accept`),
      dismiss: (id: string, reason: string) => json<Recommendation>('POST', `/recommendations/${encodeURIComponent(id)}/dismiss`, { body: { reason } }),
      apply: (id: string, input: { appliedAt?: string; note?: string } = {}) =>
        json<Recommendation>('POST', `/recommendations/${encodeURIComponent(id)}/apply`, { body: input }),
    },

    savings: {
      list: (query: { validated?: boolean; page?: number; pageSize?: number }, signal?: AbortSignal) =>
        json<Paged<SavingsRow>>('GET', '/savings', { query, signal }),
      summary: (signal?: AbortSignal) => json<SavingsSummary>('GET', '/savings/summary', { signal }),
    },

    anomalies: {
      list: (query: AnomalyQuery, signal?: AbortSignal) => json<AnomalyPage>('GET', '/anomalies', { query, signal }),
      get: (id: string, signal?: AbortSignal) => json<AnomalyDetail>('GET', `/anomalies/${encodeURIComponent(id)}`, { signal }),
      summary: (signal?: AbortSignal) => json<AnomalySummary>('GET', '/anomalies/summary', { signal }),
      acknowledge: (id: string, note?: string) => json<Anomaly>('POST', `/anomalies/${encodeURIComponent(id)}/acknowledge`, { body: { note } }),
      resolve: (id: string, note?: string) => json<Anomaly>('POST', `/anomalies/${encodeURIComponent(id)}/resolve`, { body: { note } }),
      feedback: (id: string, feedback: AnomalyFeedback, note?: string) =>
        json<Anomaly>('POST', `/anomalies/${encodeURIComponent(id)}/feedback`, { body: { feedback, note } }),
      subscriptions: {
        list: (signal?: AbortSignal) => json<AlertSubscription[]>('GET', '/anomalies/subscriptions', { signal }),
        create: (input: AlertSubscriptionInput) => json<AlertSubscription>('POST', '/anomalies/subscriptions', { body: input }),
        update: (id: string, input: AlertSubscriptionInput) =>
          json<AlertSubscription>('PUT', `/anomalies/subscriptions/${encodeURIComponent(id)}`, { body: input }),
        remove: (id: string) => json<void>('DELETE', `/anomalies/subscriptions/${encodeURIComponent(id)}`),
      },
    },

    assistant: {
      /** Answers a plain-English cost question; a refused question is an ApiError with status 400. */
      ask: (question: string, signal?: AbortSignal) => json<AssistantAnswer>('POST', '/ai/query', { body: { question }, signal }),
    },

    jobs: {
      list: (signal?: AbortSignal) => json<Job[]>('GET', '/jobs', { signal }),
      trigger: (name: string) => json<TriggeredJob>('POST', `/jobs/${encodeURIComponent(name)}/trigger`),
    },
  };
}
