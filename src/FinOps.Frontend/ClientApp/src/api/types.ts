// Response and request shapes of the FinOps API (/api/v1, JSON camelCase).
// The API may add fields at any time: these types list what the UI reads, nothing more, and every
// reader tolerates fields it does not know.

export type Role = 'viewer' | 'analyst' | 'operator' | 'admin';

export const ROLES: readonly Role[] = ['viewer', 'analyst', 'operator', 'admin'];

export interface Me {
  name: string;
  role: Role;
  authenticationType: 'api-key' | 'jwt' | string;
}

export type ComponentStatus = 'healthy' | 'degraded' | 'unhealthy';

export interface SystemStatus {
  checkedAt: string;
  components: { name: string; status: ComponentStatus | string; detail: string | null }[];
}

export interface Account {
  id: string | number;
  provider: string;
  billingAccountId: string | null;
  subAccountId: string;
  name: string;
  owner: string | null;
  team: string | null;
  monthlyBudget: number | null;
  currency: string | null;
  credentialsVaultPath: string | null;
  createdAt: string;
  updatedAt: string | null;
}

export interface AccountInput {
  provider: string;
  billingAccountId?: string | null;
  subAccountId: string;
  name: string;
  owner?: string | null;
  team?: string | null;
  monthlyBudget?: number | null;
  currency?: string | null;
  credentialsVaultPath?: string | null;
}

export interface ApiKey {
  id: string | number;
  name: string;
  prefix: string;
  role: Role;
  createdBy: string | null;
  createdAt: string;
  expiresAt: string | null;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

export interface ApiKeyInput {
  name: string;
  role: Role;
  expiresAt?: string | null;
}

export interface CreatedApiKey {
  id: string | number;
  name: string;
  prefix: string;
  role: Role;
  /** The secret itself: the API returns it once, on creation, and never again. */
  key: string;
  createdAt: string;
  expiresAt: string | null;
}

export interface CostSummary {
  currency: string;
  monthToDate: number;
  previousMonthToDate: number;
  previousMonthTotal: number;
  dataThrough: string | null;
  topServices: { key: string; cost: number }[];
}

export type Granularity = 'day' | 'month';
export type GroupBy = 'service' | 'sub_account' | 'region' | 'provider' | 'charge_category';
export type CostMetric = 'effective' | 'billed' | 'list';

export const GROUP_BY_OPTIONS: readonly { value: GroupBy; label: string }[] = [
  { value: 'service', label: 'Service' },
  { value: 'sub_account', label: 'Sub-account' },
  { value: 'region', label: 'Region' },
  { value: 'provider', label: 'Provider' },
  { value: 'charge_category', label: 'Charge category' },
];

export const METRIC_OPTIONS: readonly { value: CostMetric; label: string; hint: string }[] = [
  { value: 'effective', label: 'Effective cost', hint: 'After discounts, with commitments amortized' },
  { value: 'billed', label: 'Billed cost', hint: 'As invoiced' },
  { value: 'list', label: 'List cost', hint: 'At public on-demand prices' },
];

/** Filters and shape shared by /costs/timeseries, /costs/breakdown and /costs/export. */
export interface CostQuery {
  from: string;
  to: string;
  granularity?: Granularity;
  groupBy?: GroupBy;
  metric?: CostMetric;
  provider?: string;
  subAccountId?: string;
  serviceName?: string;
  regionId?: string;
  top?: number;
}

export interface CostPoint {
  date: string;
  cost: number;
}

export interface CostSeries {
  key: string;
  points: CostPoint[];
}

export interface CostTimeseries {
  currency: string;
  granularity: Granularity;
  metric: CostMetric;
  total: number;
  series: CostSeries[];
}

export interface CostBreakdown {
  currency: string;
  metric: CostMetric;
  total: number;
  items: { key: string; cost: number; share: number }[];
}

export type IngestionStatus = 'pending' | 'running' | 'succeeded' | 'failed' | 'superseded';

export const INGESTION_FORMATS = ['auto', 'focus', 'aws-cur', 'aws-cur2', 'azure', 'gcp', 'oci', 'usage'] as const;
export type IngestionFormat = (typeof INGESTION_FORMATS)[number];

export interface IngestionError {
  row: number | null;
  column: string | null;
  message: string;
}

export interface Ingestion {
  id: string | number;
  source: string | null;
  fileName: string | null;
  fileSize: number | null;
  format: string | null;
  providerName: string | null;
  billingPeriods: string[] | null;
  status: IngestionStatus | string;
  rowsRead: number | null;
  rowsLoaded: number | null;
  rowsRejected: number | null;
  errors: IngestionError[] | null;
  errorMessage: string | null;
  createdBy: string | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
}

export interface Job {
  name: string;
  cron: string | null;
  description: string | null;
  lastRunAt: string | null;
  lastStatus: string | null;
  nextRunAt: string | null;
}

export interface TriggeredJob {
  name: string;
  jobId: string;
}

/** RFC 7807 problem details, plus the `errors` map of ASP.NET validation problems. */
export interface ProblemDetails {
  type?: string;
  title?: string;
  status?: number;
  detail?: string;
  instance?: string;
  errors?: Record<string, string[]>;
  [extension: string]: unknown;
}

// ---- Anomalies ----

export type AnomalyStatus = 'open' | 'acknowledged' | 'resolved' | 'false_positive';
export type AnomalySeverity = 'low' | 'medium' | 'high' | 'critical';
export type AnomalyFeedback = 'yes' | 'no' | 'planned_activity';

export const ANOMALY_STATUSES: readonly AnomalyStatus[] = ['open', 'acknowledged', 'resolved', 'false_positive'];
export const ANOMALY_SEVERITIES: readonly AnomalySeverity[] = ['low', 'medium', 'high', 'critical'];

export interface Anomaly {
  id: string;
  day: string;
  scopeDimension: string;
  scopeLabel: string;
  subAccountId: string | null;
  serviceName: string | null;
  regionId: string | null;
  chargeCategory: string;
  currency: string;
  actual: number;
  expected: number;
  lowerBound: number;
  upperBound: number;
  score: number;
  impactAmount: number;
  impactPercent: number;
  severity: AnomalySeverity | string;
  status: AnomalyStatus | string;
  feedback: AnomalyFeedback | string | null;
  feedbackNote: string | null;
  parentAnomalyId: string | null;
  detectedAt: string;
}

export interface AnomalyPage {
  items: Anomaly[];
  total: number;
  page: number;
  pageSize: number;
}

export interface AnomalyQuery {
  status?: string;
  severity?: string;
  from?: string;
  to?: string;
  scope?: string;
  minImpact?: number;
  includeExplained?: boolean;
  page?: number;
  pageSize?: number;
}

export interface RootCause {
  dimension: string;
  value: string;
  actual: number;
  expected: number;
  delta: number;
  share: number;
}

export interface AnomalySeriesPoint {
  day: string;
  actual: number | null;
  expected: number | null;
  lower: number | null;
  upper: number | null;
  outsideBand: boolean;
}

export interface RelatedAnomaly {
  id: string;
  scopeLabel: string;
  impactAmount: number;
  status: string;
}

export interface AnomalyDetail {
  anomaly: Anomaly;
  rootCauses: RootCause[];
  series: AnomalySeriesPoint[];
  explainedBy: RelatedAnomaly | null;
  explains: RelatedAnomaly[];
}

export interface AnomalySummary {
  open: number;
  bySeverity: Record<string, number>;
  openImpact: number;
  latestDay: string | null;
}

export interface AlertSubscription {
  id: string;
  name: string;
  channel: 'slack' | 'teams' | 'webhook' | string;
  frequency: 'immediate' | 'daily' | string;
  /** Masked: scheme and host only, or a config: reference. */
  webhook: string;
  minImpactAmount: number | null;
  minImpactPercent: number | null;
  scopeFilter: { subAccountId?: string | null; serviceName?: string | null; regionId?: string | null; minSeverity?: string | null };
  enabled: boolean;
  createdAt: string;
  lastNotifiedAt: string | null;
}

export interface AlertSubscriptionInput {
  name: string;
  channel: string;
  frequency: string;
  /** Omit on update to keep the stored URL. */
  webhookUrl?: string;
  minImpactAmount?: number | null;
  minImpactPercent?: number | null;
  scopeFilter?: AlertSubscription['scopeFilter'] | null;
  enabled?: boolean;
}
