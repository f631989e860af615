import { describe, expect, it, vi } from 'vitest';
import { ApiError, buildQuery, createApiClient, describeProblem, fileNameFromContentDisposition, parseProblem } from './client';

type FetchArgs = [input: RequestInfo | URL, init?: RequestInit];

function jsonResponse(body: unknown, status = 200, contentType = 'application/json; charset=utf-8'): Response {
  return new Response(body === undefined ? null : JSON.stringify(body), { status, headers: { 'Content-Type': contentType } });
}

function clientWith(response: Response | (() => Promise<Response>), key: string | null = 'fo_test_key') {
  const fetchMock = vi.fn<(...args: FetchArgs) => Promise<Response>>(() =>
    typeof response === 'function' ? response() : Promise.resolve(response.clone()),
  );
  const onUnauthorized = vi.fn();
  const client = createApiClient({ getKey: () => key, onUnauthorized, fetch: fetchMock as unknown as typeof fetch });
  return { client, fetchMock, onUnauthorized };
}

function headersOf(init: RequestInit | undefined): Record<string, string> {
  return (init?.headers ?? {}) as Record<string, string>;
}

describe('api client requests', () => {
  it('sends the stored key as a bearer token to /api/v1', async () => {
    const { client, fetchMock } = clientWith(jsonResponse({ name: 'ops', role: 'admin', authenticationType: 'api-key' }));
    const me = await client.me();
    expect(me.role).toBe('admin');
    const [url, init] = fetchMock.mock.calls[0]!;
    expect(url).toBe('/api/v1/me');
    expect(headersOf(init).Authorization).toBe('Bearer fo_test_key');
    expect(init?.method).toBe('GET');
  });

  it('checks a candidate key without touching the stored one', async () => {
    const { client, fetchMock } = clientWith(jsonResponse({ name: 'x', role: 'viewer', authenticationType: 'api-key' }), null);
    await client.me('candidate');
    expect(headersOf(fetchMock.mock.calls[0]![1]).Authorization).toBe('Bearer candidate');
  });

  it('sends no Authorization header when there is no key', async () => {
    const { client, fetchMock } = clientWith(jsonResponse([]), null);
    await client.accounts.list();
    expect(headersOf(fetchMock.mock.calls[0]![1]).Authorization).toBeUndefined();
  });

  it('puts cost filters in the query string and leaves empty ones out', async () => {
    const { client, fetchMock } = clientWith(jsonResponse({ currency: 'USD', granularity: 'day', metric: 'effective', total: 0, series: [] }));
    await client.costs.timeseries({
      from: '2025-01-01',
      to: '2025-01-31',
      granularity: 'day',
      groupBy: 'sub_account',
      metric: 'billed',
      provider: 'aws',
      serviceName: '',
      regionId: undefined,
      top: 8,
    });
    expect(fetchMock.mock.calls[0]![0]).toBe(
      '/api/v1/costs/timeseries?from=2025-01-01&to=2025-01-31&granularity=day&groupBy=sub_account&metric=billed&provider=aws&top=8',
    );
  });

  it('sends JSON bodies for writes and tolerates fields it does not know', async () => {
    const account = { id: 7, provider: 'aws', subAccountId: '123456789012', name: 'Prod', futureField: { nested: true } };
    const { client, fetchMock } = clientWith(jsonResponse(account, 201));
    const created = await client.accounts.create({ provider: 'aws', subAccountId: '123456789012', name: 'Prod', monthlyBudget: 1200.5 });
    expect(created.id).toBe(7);
    const [url, init] = fetchMock.mock.calls[0]!;
    expect(url).toBe('/api/v1/accounts');
    expect(init?.method).toBe('POST');
    expect(headersOf(init)['Content-Type']).toBe('application/json');
    expect(JSON.parse(init?.body as string)).toEqual({ provider: 'aws', subAccountId: '123456789012', name: 'Prod', monthlyBudget: 1200.5 });
  });

  it('returns nothing for 204 No Content', async () => {
    const { client, fetchMock } = clientWith(new Response(null, { status: 204 }));
    await expect(client.apiKeys.revoke('k 1')).resolves.toBeUndefined();
    expect(fetchMock.mock.calls[0]![0]).toBe('/api/v1/apikeys/k%201');
    expect(fetchMock.mock.calls[0]![1]?.method).toBe('DELETE');
  });

  it('lists anomalies with their filters in the query string and posts feedback as JSON', async () => {
    const { client, fetchMock } = clientWith(jsonResponse({ items: [], total: 0, page: 2, pageSize: 25 }));
    await client.anomalies.list({ status: 'open,acknowledged', severity: undefined, from: '2025-06-01', minImpact: 100, page: 2, pageSize: 25 });
    expect(fetchMock.mock.calls[0]![0]).toBe('/api/v1/anomalies?status=open%2Cacknowledged&from=2025-06-01&minImpact=100&page=2&pageSize=25');

    await client.anomalies.feedback('a b', 'planned_activity', 'load test');
    const [url, init] = fetchMock.mock.calls[1]!;
    expect(url).toBe('/api/v1/anomalies/a%20b/feedback');
    expect(init?.method).toBe('POST');
    expect(JSON.parse(String(init?.body))).toEqual({ feedback: 'planned_activity', note: 'load test' });
  });

  it('triggers a job by name with POST', async () => {
    const { client, fetchMock } = clientWith(jsonResponse({ name: 'anomaly-detection', jobId: '42' }, 202));
    const triggered = await client.jobs.trigger('anomaly-detection');
    expect(triggered.jobId).toBe('42');
    expect(fetchMock.mock.calls[0]![0]).toBe('/api/v1/jobs/anomaly-detection/trigger');
    expect(fetchMock.mock.calls[0]![1]?.method).toBe('POST');
  });

  it('downloads the CSV export with the auth header and the server file name', async () => {
    const csv = new Response('date,cost\n2025-01-01,1.5\n', {
      status: 200,
      headers: { 'Content-Type': 'text/csv', 'Content-Disposition': 'attachment; filename="costs.csv"; filename*=UTF-8\'\'costs%202025.csv' },
    });
    const { client, fetchMock } = clientWith(csv);
    const { blob, fileName } = await client.costs.exportCsv({ from: '2025-01-01', to: '2025-01-31', groupBy: 'service' });
    expect(fileName).toBe('costs 2025.csv');
    expect(await blob.text()).toContain('2025-01-01,1.5');
    const [url, init] = fetchMock.mock.calls[0]!;
    expect(url).toBe('/api/v1/costs/export?from=2025-01-01&to=2025-01-31&groupBy=service');
    expect(headersOf(init).Authorization).toBe('Bearer fo_test_key');
    expect(headersOf(init).Accept).toContain('text/csv');
  });

  it('names the CSV after the range when the server gives no name', async () => {
    const { client } = clientWith(new Response('a\n', { status: 200, headers: { 'Content-Type': 'text/csv' } }));
    const { fileName } = await client.costs.exportCsv({ from: '2025-02-01', to: '2025-02-28' });
    expect(fileName).toBe('costs_2025-02-01_2025-02-28.csv');
  });
});

describe('api client errors', () => {
  it('turns a validation problem into an ApiError with field errors', async () => {
    const problem = {
      type: 'https://tools.ietf.org/html/rfc9110#section-15.5.1',
      title: 'One or more validation errors occurred.',
      status: 400,
      errors: { Name: ['The Name field is required.'], subAccountId: ['Must be 12 digits.'] },
    };
    const { client } = clientWith(jsonResponse(problem, 400, 'application/problem+json'));
    const error = await client.accounts.create({ provider: 'aws', subAccountId: '1', name: '' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    const apiError = error as ApiError;
    expect(apiError.status).toBe(400);
    expect(apiError.errorsFor('name')).toEqual(['The Name field is required.']);
    expect(apiError.errorsFor('subAccountId')).toEqual(['Must be 12 digits.']);
    expect(apiError.message).toBe('One or more validation errors occurred. Name: The Name field is required. subAccountId: Must be 12 digits.');
  });

  it('reports 403 clearly even without a body and keeps the session', async () => {
    const { client, onUnauthorized } = clientWith(new Response(null, { status: 403, statusText: 'Forbidden' }));
    const error = (await client.accounts.remove(3).catch((e: unknown) => e)) as ApiError;
    expect(error.status).toBe(403);
    expect(error.message).toBe('Your role does not allow this action.');
    expect(onUnauthorized).not.toHaveBeenCalled();
  });

  it('signs the user out when the stored key is refused', async () => {
    const { client, onUnauthorized } = clientWith(jsonResponse({ title: 'Unauthorized', status: 401 }, 401, 'application/problem+json'));
    await expect(client.costs.summary()).rejects.toBeInstanceOf(ApiError);
    expect(onUnauthorized).toHaveBeenCalledOnce();
  });

  it('does not sign anyone out when a candidate key is refused at sign-in', async () => {
    const { client, onUnauthorized } = clientWith(new Response(null, { status: 401 }));
    const error = (await client.me('wrong').catch((e: unknown) => e)) as ApiError;
    expect(error.status).toBe(401);
    expect(error.message).toBe('Your API key was not accepted.');
    expect(onUnauthorized).not.toHaveBeenCalled();
  });

  it('keeps the detail of a conflict', async () => {
    const { client } = clientWith(
      jsonResponse({ title: 'Conflict', status: 409, detail: 'An account with sub-account 123 already exists' }, 409, 'application/problem+json'),
    );
    const error = (await client.accounts.create({ provider: 'aws', subAccountId: '123', name: 'x' }).catch((e: unknown) => e)) as ApiError;
    expect(error.message).toBe('Conflict. An account with sub-account 123 already exists.');
  });

  it('describes a proxy failure without dumping its HTML', async () => {
    const { client } = clientWith(new Response('<html><body>Bad gateway</body></html>', { status: 502, headers: { 'Content-Type': 'text/html' } }));
    const error = (await client.systemStatus().catch((e: unknown) => e)) as ApiError;
    expect(error.status).toBe(502);
    expect(error.message).toBe('The API is unavailable.');
  });

  it('reports an unreachable API as status 0', async () => {
    const { client } = clientWith(() => Promise.reject(new TypeError('Failed to fetch')));
    const error = (await client.jobs.list().catch((e: unknown) => e)) as ApiError;
    expect(error).toBeInstanceOf(ApiError);
    expect(error.status).toBe(0);
    expect(error.message).toBe('The API could not be reached. Failed to fetch.');
  });
});

describe('problem details helpers', () => {
  it('parses problem+json and falls back to the HTTP status', () => {
    expect(parseProblem(404, 'Not Found', 'application/problem+json', '{"title":"Account 9 not found"}')).toEqual({
      title: 'Account 9 not found',
      status: 404,
    });
    expect(parseProblem(500, 'Internal Server Error', 'text/plain', 'boom')).toEqual({
      status: 500,
      title: 'The API failed to handle the request',
      detail: 'boom',
    });
    expect(parseProblem(418, "I'm a teapot", 'application/json', 'not json')).toEqual({ status: 418, title: "I'm a teapot", detail: 'not json' });
  });

  it('describes problems without repeating the title', () => {
    expect(describeProblem({ status: 409, title: 'Conflict', detail: 'Conflict' })).toBe('Conflict.');
    expect(describeProblem({ status: 400, errors: { '$.monthlyBudget': ['Must be positive'] } })).toBe(
      'The request was not valid. monthlyBudget: Must be positive.',
    );
    expect(describeProblem({ status: 599 })).toBe('Request failed (HTTP 599).');
  });

  it('builds query strings', () => {
    expect(buildQuery(undefined)).toBe('');
    expect(buildQuery({ a: '', b: null, c: undefined })).toBe('');
    expect(buildQuery({ limit: 50, name: 'AWS Lambda & co' })).toBe('?limit=50&name=AWS+Lambda+%26+co');
  });

  it('reads file names from Content-Disposition', () => {
    expect(fileNameFromContentDisposition(null)).toBeNull();
    expect(fileNameFromContentDisposition('attachment; filename=costs.csv')).toBe('costs.csv');
    expect(fileNameFromContentDisposition('attachment; filename="a b.csv"')).toBe('a b.csv');
    expect(fileNameFromContentDisposition("attachment; filename*=UTF-8''r%C3%A9sum%C3%A9.csv")).toBe('résumé.csv');
  });
});

describe('uploads', () => {
  class FakeXhr {
    static last: FakeXhr | undefined;
    method = '';
    url = '';
    headers: Record<string, string> = {};
    sent: FormData | undefined;
    status = 0;
    statusText = '';
    responseText = '';
    responseHeaders: Record<string, string> = {};
    upload: { onprogress: ((e: { lengthComputable: boolean; loaded: number; total: number }) => void) | null } = { onprogress: null };
    onload: (() => void) | null = null;
    onerror: (() => void) | null = null;
    onabort: (() => void) | null = null;
    constructor() {
      FakeXhr.last = this;
    }
    open(method: string, url: string) {
      this.method = method;
      this.url = url;
    }
    setRequestHeader(name: string, value: string) {
      this.headers[name] = value;
    }
    getResponseHeader(name: string) {
      return this.responseHeaders[name] ?? null;
    }
    send(body: FormData) {
      this.sent = body;
    }
    abort() {
      this.onabort?.();
    }
    respond(status: number, body: unknown, contentType = 'application/json') {
      this.status = status;
      this.responseText = JSON.stringify(body);
      this.responseHeaders['Content-Type'] = contentType;
      this.onload?.();
    }
  }

  function uploadClient() {
    const onUnauthorized = vi.fn();
    const client = createApiClient({
      getKey: () => 'fo_upload',
      onUnauthorized,
      fetch: vi.fn() as unknown as typeof fetch,
      createXhr: () => new FakeXhr() as unknown as XMLHttpRequest,
    });
    return { client, onUnauthorized };
  }

  it('posts the file and format as multipart with the key, and reports progress', async () => {
    const { client } = uploadClient();
    const progress: number[] = [];
    const file = new File(['a,b\n1,2\n'], 'cur.csv', { type: 'text/csv' });
    const pending = client.ingestions.upload(file, { format: 'aws-cur2', onProgress: (f) => progress.push(f) });
    const xhr = FakeXhr.last!;
    expect(xhr.method).toBe('POST');
    expect(xhr.url).toBe('/api/v1/ingestions');
    expect(xhr.headers.Authorization).toBe('Bearer fo_upload');
    expect((xhr.sent!.get('file') as File).name).toBe('cur.csv');
    expect(xhr.sent!.get('format')).toBe('aws-cur2');
    xhr.upload.onprogress?.({ lengthComputable: true, loaded: 4, total: 8 });
    xhr.respond(202, { id: 5, status: 'pending', extra: 1 });
    await expect(pending).resolves.toMatchObject({ id: 5, status: 'pending' });
    expect(progress).toEqual([0.5, 1]);
  });

  it('leaves the format out for auto-detection', async () => {
    const { client } = uploadClient();
    const pending = client.ingestions.upload(new File(['x'], 'f.csv'), { format: 'auto' });
    expect(FakeXhr.last!.sent!.has('format')).toBe(false);
    FakeXhr.last!.respond(202, { id: 1, status: 'pending' });
    await pending;
  });

  it('rejects with the problem details of a refused upload', async () => {
    const { client, onUnauthorized } = uploadClient();
    const pending = client.ingestions.upload(new File(['x'], 'f.csv'));
    FakeXhr.last!.respond(400, { title: 'Unrecognized file format', status: 400, detail: 'No known header in f.csv' }, 'application/problem+json');
    const error = (await pending.catch((e: unknown) => e)) as ApiError;
    expect(error).toBeInstanceOf(ApiError);
    expect(error.message).toBe('Unrecognized file format. No known header in f.csv.');
    expect(onUnauthorized).not.toHaveBeenCalled();
  });

  it('signs out when an upload is refused for the key', async () => {
    const { client, onUnauthorized } = uploadClient();
    const pending = client.ingestions.upload(new File(['x'], 'f.csv'));
    FakeXhr.last!.respond(401, {});
    await expect(pending).rejects.toBeInstanceOf(ApiError);
    expect(onUnauthorized).toHaveBeenCalledOnce();
  });

  it('can be cancelled', async () => {
    const { client } = uploadClient();
    const controller = new AbortController();
    const pending = client.ingestions.upload(new File(['x'], 'f.csv'), { signal: controller.signal });
    controller.abort();
    await expect(pending).rejects.toMatchObject({ name: 'AbortError' });
  });
});
